#!/bin/sh
# import, export, search and --demo: summaries into cards, history kept
# across edits, Anki text files both ways.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-11-26T09:00:00Z
D2=2026-11-27T09:00:00Z

# Content of the collection (not its bytes): for "nothing changed".
content() {
	sqlite3 "$RECALL_DB" "SELECT * FROM decks; SELECT * FROM cards;
	    SELECT * FROM reviews; SELECT * FROM summaries" | sha256sum
}

cat >"$TMP/notes.md" <<'SUMMARY'
---
deck: lang::greek
track: want
tags: letters
---
# Greek
Some prose that makes no card.

## Skim
Alpha :: the first letter
Beta ::: the second letter #second
The {{c1::gamma}} comes before the {{c2::delta}}.

## Explore
Q: Which letter is last?
A: omega,
  written Ω
SUMMARY

run recall import "$TMP/notes.md"
status "import a summary" 0
like "import reports the counts" "$out" "notes.md: 6 new, 0 edited, 0 unchanged, 0 removed; 1 deck created"
run recall deck show lang::greek --json
is "the deck takes the front matter's track" "$(jqr .track)" want
is "six cards" "$(jqr .cards)" 6
run recall cards --json
is "fronts in order" "$(jqr '[.[].front] | join("|")')" \
    "Alpha|Beta|the second letter|The [...] comes before the delta.|The gamma comes before the [...].|Which letter is last?"
is "the reverse card" "$(jqr '.[2].kind')" reverse
is "context from the headings" "$(jqr '.[0].context')" Greek
is "layers from the headings" "$(jqr '[.[].layer] | unique | join(",")')" "explore,skim"
is "tags: front matter and the line's" "$(jqr '.[1].tags | join(" ")')" "letters second"
is "multi-line answer" "$(jqr '.[5].back')" "$(printf 'omega,\nwritten Ω')"
is "the source line is kept" "$(jqr '.[3].source_line')" 12

# Answer them all, then edit the summary.
for id in 1 2 3 4 5 6; do
	recall -q --now $D1 answer $id 4 --duration 3
done
cat >"$TMP/notes.md" <<'SUMMARY'
---
deck: lang::greek
track: want
tags: letters
---
# Greek
## Skim
Epsilon :: the fifth letter
The {{c1::gamma}} comes before delta.
Alpha :: the first letter of the alphabet
Beta ::: the second letter #second

## Explore
Q: Which letter is last?
A: omega,
  written Ω
SUMMARY
before=$(content)
run recall import --dry-run "$TMP/notes.md"
status "dry run" 0
like "the plan counts" "$out" "notes.md: 1 new, 2 edited, 3 unchanged, 1 removed \\(dry run: nothing written\\)"
like "the plan shows the edit, old and new" "$out" "was: Alpha :: the first letter"
like "and the new text" "$out" "now: Alpha :: the first letter of the alphabet"
like "the plan shows the new card" "$out" "new +line 8: Epsilon :: the fifth letter"
like "the plan shows the removed cloze" "$out" "removed +card 5: The gamma comes before the \\[\\.\\.\\.\\]"
is "a dry run writes nothing" "$(content)" "$before"
run recall import --dry-run --json "$TMP/notes.md"
json_ok "dry run --json" "$out"
is "dry run --json counts" "$(jqr '[.files[0].new, .files[0].edited, .files[0].unchanged, .files[0].removed] | join(",")')" "1,2,3,1"

run recall import "$TMP/notes.md"
status "re-import" 0
like "re-import reports the same counts" "$out" "notes.md: 1 new, 2 edited, 3 unchanged, 1 removed"
run recall show 1 --json
is "the edited card has its new back" "$(jqr .back)" "the first letter of the alphabet"
is "and keeps its history" "$(jqr '[.history[].grade] | join(",")')" 4
is "and its schedule" "$(jqr .due)" 2026-11-27
run recall show 4 --json
is "the kept cloze (c1) keeps its history" "$(jqr '.history | length')" 1
is "and shows its new line" "$(jqr .front)" "The [...] comes before delta."
run recall show 5 --json
is "the deleted cloze (c2) is suspended, not deleted" "$(jqr '[.suspended, (.history | length)] | join(",")')" "true,1"
run recall check
status "the log still agrees after re-import" 0

# The line comes back: so does the card, with its history.
printf 'The {{c1::gamma}} comes before the {{c2::delta}}.\n' >>"$TMP/notes.md"
run recall import "$TMP/notes.md"
like "a returning line is restored" "$out" "1 back in the file"
run recall show 5 --json
is "unsuspended" "$(jqr .suspended)" false

# A bad file imports nothing, and says where.
cat >"$TMP/bad.md" <<'SUMMARY'
---
deck: lang::bad
track: maybe
---
Fine :: card
 :: no front
The {{unclosed cloze
Q: no answer
SUMMARY
before=$(content)
run recall import "$TMP/bad.md"
status "a bad file fails" 1
like "unknown track with its line" "$err" "bad.md:3: unknown track 'maybe' \\(need or want\\)"
like "empty side with its line" "$err" "bad.md:6: the card's front \\(before '::'\\) is empty"
like "unclosed cloze with its line" "$err" "bad.md:7: unclosed cloze"
like "Q without A with its line" "$err" "bad.md:8: 'Q:' without an 'A:' line after it"
like "says it was not imported" "$err" "bad.md: not imported \\(4 errors\\)"
is "the collection is unchanged" "$(content)" "$before"
run recall deck show lang::bad
status "no deck was made" 1

printf 'ok :: fine\nbad \377 byte :: x\n' >"$TMP/utf8.md"
run recall import "$TMP/utf8.md"
like "invalid UTF-8 is located" "$err" "utf8.md:2: invalid UTF-8 \\(byte 5\\)"
printf 'a :: b\nnul\000here :: x\n' >"$TMP/nul.md"
run recall import "$TMP/nul.md"
like "a NUL byte is located" "$err" "nul.md:2: NUL byte in line"

# CRLF and a BOM are fine; a folder is walked; other files are left alone.
mkdir -p "$TMP/dir/sub"
printf '\357\273\277---\r\ndeck: crlf\r\n---\r\nOne :: 1\r\nTwo :: 2\r\n' >"$TMP/dir/crlf.md"
printf 'Three :: 3\n' >"$TMP/dir/sub/three.txt"
printf 'not :: imported\n' >"$TMP/dir/sub/skip.rst"
run recall import "$TMP/dir"
status "a folder imports" 0
run recall cards --deck crlf --json
is "CRLF and BOM: clean text" "$(jqr '[.[].back] | join(",")')" "1,2"
run recall cards --deck three --json
is "subfolders too, deck from the file name" "$(jqr 'length')" 1
run recall search imported
is "other extensions are skipped" "$out" "no cards match"

# Standard input, --deck and --track.
run sh -c 'printf "Piped :: in\n" | "$RECALL" import - --deck piped --track want'
status "import from standard input" 0
run recall deck show piped --json
is "--deck and --track apply" "$(jqr '[.cards, .track] | join(",")')" "1,want"

# Search.
run recall search 'letter of'
like "search finds backs" "$out" "lang::greek +Alpha"
run recall search '^epsilon$' -i --json
is "search -i, --json" "$(jqr '.[0].front')" Epsilon
run recall search second --deck lang
is "search by tag, in a deck" "$(printf '%s\n' "$out" | sed 1d | wc -l)" 2
run recall search Greek --json
is "search finds context" "$(jqr 'length')" 8
run recall search '(unclosed'
status "a bad regex is a usage error" 2
like "with PCRE2's message and offset" "$err" "bad regular expression '\\(unclosed': missing closing parenthesis at offset 9"
run recall search
status "search needs a pattern" 2

# Summary export imports back to the same cards.
run recall export --deck lang::greek -o "$TMP/export.md"
status "export a summary" 0
run recall export --deck lang::greek -o "$TMP/export.md"
status "export will not overwrite" 1
like "says so" "$err" "exists; not overwriting it without --force"
run recall export --deck lang::greek -o "$TMP/export.md" --force
status "unless --force" 0
cards_of() {
	recall --db "$1" cards --deck lang::greek --json |
	    jq -c '[.[] | select(.suspended | not) | [.kind, .cloze // 0, .front, .back, .layer, .context, (.tags | join(" "))]] | sort'
}
RECALL_DB="$TMP/round.db" run recall import "$TMP/export.md"
status "the export imports" 0
is "summary round trip: the same cards" "$(cards_of "$TMP/round.db")" "$(cards_of "$RECALL_DB")"
run recall export
status "a summary of several decks needs --deck" 1

# Anki text files both ways.
run recall --db "$TMP/anki.db" import "$TOP_SRCDIR/tests/cli/data/anki-export.txt"
status "import an Anki text export" 0
run recall --db "$TMP/anki.db" cards --json
is "Anki: decks from the deck column" "$(jqr '[.[].deck] | unique | join(",")')" "Languages::Spanish,Languages::Trivia"
is "Anki: reversed notes give two cards" "$(jqr '[.[] | select(.kind == "reverse")] | length')" 1
is "Anki: quoted multi-line fields" "$(jqr '[.[] | select(.back == "the house")][0].front')" "$(printf 'la casa\n(la vivienda)')"
is "Anki: HTML to text" "$(jqr '[.[] | select(.front | startswith("bold"))][0] | [.front, .back] | join("|")')" "$(printf 'bold & <tagged>|line one\nline two')"
is "Anki: clozes, one card each" "$(jqr '[.[] | select(.kind == "cloze")] | length')" 2
is "Anki: tags" "$(jqr '.[0].tags | join(" ")')" "spanish animals"
run recall --db "$TMP/anki.db" export --format anki-tsv -o "$TMP/out.txt"
status "export an Anki text file" 0
like "with Anki's headers" "$(head -n1 "$TMP/out.txt")" "^#separator:tab$"
run recall --db "$TMP/anki2.db" import "$TMP/out.txt"
status "the Anki export imports" 0
anki_cards() {
	recall --db "$1" cards --json |
	    jq -c '[.[] | [.deck, .kind, .front, .back, (.tags | join(" "))]] | sort'
}
is "Anki round trip: the same cards" "$(anki_cards "$TMP/anki2.db")" "$(anki_cards "$TMP/anki.db")"

# JSON export.
run recall --db "$TMP/anki.db" export --format json
json_ok "JSON export" "$out"
is "JSON export has every card" "$(jqr '.cards | length')" 6
run recall export --format pdf
status "an unknown format is a usage error" 2

# The demo: a temporary collection from the starter decks.
export TMPDIR="$TMP/demo-tmp"
mkdir -p "$TMPDIR"
run recall --demo deck list --json
status "--demo runs a command on the demo collection" 0
is "seven starter decks" "$(jqr 'length')" 7
if [ "$(jqr '[.[].cards] | add')" -ge 150 ]; then
	pass "at least 150 starter cards"
else
	fail "at least 150 starter cards" "$(jqr '[.[].cards] | add')"
fi
is "both tracks" "$(jqr '[.[].track] | unique | join(",")')" "need,want"
is "the demo collection is removed afterwards" "$(ls -A "$TMPDIR")" ""
run recall --demo --db "$TMP/x.db" status
status "--demo with --db is a usage error" 2
unset TMPDIR

done_testing
