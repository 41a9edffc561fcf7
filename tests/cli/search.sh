#!/bin/sh
# search through the trigram index finds exactly what trying every card
# finds (RECALL_SEARCH_SCAN=1), for patterns whose literals the index
# narrows by and patterns it must not trust; the index follows every
# writer (add, edit, delete, import, deck delete, a raw SQL update); and a
# search with a literal reads the index, not the whole cards table.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

NOW=2026-11-26T09:00:00Z
mkdir -p "$TMP/notes"
cat >"$TMP/notes/mixed.md" <<'MD'
---
deck: mixed
tags: core
---
# Words
## Skim
colour :: the British spelling of color
Kelvin :: the unit K of temperature
disk :: a flat round plate; DISK in capitals
DISK :: written in capitals
straße :: a street in German (STRASSE)
ÄÖÜ :: umlauts in capitals
äöü :: umlauts in small letters
a.b :: a dot between letters
axb :: no dot between letters
say "hi" :: a quote in the text
cat :: a small animal that purrs
dog :: an animal that barks
catdog :: both at once
ab|cd :: a bar between letters
attention :: a weighted average of values
Attention span :: how long one can focus
日本語 :: Japanese, in Japanese
aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa :: long run
## Explore
Q: What is a {brace}?
A: a curly bracket, {like this}
The {{mitochondria}} is the powerhouse of the {{c2::cell}}.
# Tags and context
ends with tag :: tagged here #exam #todo
MD
recall -q deck new other --track want
recall -q add --deck other --tags "ſpecial" "long s: ſpecial, KELVIN" \
    "characters that fold to ASCII letters"
recall -q --now "$NOW" import "$TMP/notes/mixed.md"

# same_both DESC PATTERN [ARGS...]: the index and the scan agree, exit
# status included.
same_both() {
	_desc=$1
	shift
	run env RECALL_SEARCH_SCAN=1 "$RECALL" --now "$NOW" search "$@"
	_scan_out=$out
	_scan_rc=$rc
	run recall --now "$NOW" search "$@"
	if [ "$out" = "$_scan_out" ] && [ "$rc" = "$_scan_rc" ]; then
		pass "$_desc: $*"
	else
		fail "$_desc: $*" "scan ($_scan_rc):" "$_scan_out" \
		    "index ($rc):" "$out"
	fi
}

for p in colour 'colou?r' 'colou*r' 'col(ou)?r' 'colo(u)r' 'disk' '(?i)disk' \
    'DISK' 'kelvin' '(?i)kelvin' 'Kelvin' '(?i)special' 'special' \
    'straße' '(?i)STRASSE' '(?i)straße' 'ÄÖÜ' '(?i)äöü' 'äöü' 'a\.b' 'a.b' \
    'say "hi"' '"hi"' 'cat|dog' '(cat|dog)dog' 'catdog|zzz' 'ab\|cd' \
    'ab[|]cd' 'b\|c' 'atten' '(?i)ATTEN' 'Atten' 'tion\b' '\battention' \
    'attention span|nothing' '日本語' '本語' '\{brace\}' '{brace}' \
    'brace}' 'like this\}' 'a{3}' 'aaa{2,}' 'a{,2}aa' 'mito.*cell' \
    'mitochondria|powerhouse' '(?=mito)mitoch' '(?<=the )powerhouse' \
    'exam' 'core' 'Tags and context' 'Skim' 'Words' '\QA: a\E' \
    '\Qa.b\E' 'a\Q.\Eb' 'x{0}cat' 'cats?' 'ca(?:t)s?' '(?:cat)+dog' \
    'tem(?i)PERATURE' '(?i:TEMPERATURE)' '[Tt]emperature' 'emperature' \
    'curly|(bracket)' '^Q: What' 'brace\?$' 'nomatchatall' '(?x) c a t'; do
	same_both "index and scan agree" "$p"
done
same_both "with -i" -i 'DISK'
same_both "with -i, k and s" -i 'KELVIN'
same_both "with --deck" --deck other 'special'
same_both "with --deck and no match there" --deck other 'colour'
same_both "as JSON" --json 'animal'

# The index answers what it holds: it finds a card, once the scan does.
run recall --now "$NOW" search colour
like "a literal search finds its card" "$out" "colour"
run recall --now "$NOW" search -i 'KELVIN'
like "without case, k finds KELVIN SIGN" "$out" "long s"
run recall --now "$NOW" search -i 'SPECIAL'
like "without case, s finds LONG S" "$out" "long s"

# Every writer keeps the index in step.
id=$(recall --json search attention | sed -n 's/.*"id": *\([0-9]*\).*/\1/p' |
    head -n 1)
recall -q edit "$id" --front "consideration"
same_both "after an edit" 'attention'
same_both "after an edit, the new text" 'consideration'
run recall --now "$NOW" search consideration
like "an edited card is found by its new text" "$out" "consideration"
sqlite3 "$RECALL_DB" "UPDATE cards SET back = 'rewritten by hand' \
    WHERE front = 'dog'"
run recall --now "$NOW" search 'rewritten by'
like "a raw SQL update is indexed too" "$out" "dog"
run recall --now "$NOW" search 'animal that barks'
is "and its old text is gone from the index" "$out" "no cards match"
is "its old text waits to leave the index at recall's next commit" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards_text_gone g \
    JOIN cards c ON c.id = g.id WHERE g.back = 'an animal that barks' \
    AND c.back = 'rewritten by hand'")" 1
sqlite3 "$RECALL_DB" "INSERT INTO cards (deck_id, front, back, created, \
    modified) SELECT id, 'inserted by hand', 'quokka', 0, 0 FROM decks \
    WHERE name = 'other'"
run recall --now "$NOW" search quokka
like "a card inserted in raw SQL is found before it is indexed" "$out" \
    "inserted by hand"
recall -q add --deck other "fresh card" "zebra crossing"
is "the next commit of recall indexes it" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards_text_pending")" 0
run recall --now "$NOW" search quokka
like "and it is found through the index" "$out" "inserted by hand"
run recall --now "$NOW" search zebra
like "an added card is found" "$out" "fresh card"
recall -q delete --force "$(recall --json search zebra |
    sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -n 1)"
same_both "after a delete" 'zebra'
sed 's/colour :: the British spelling of color/colour :: spelt with a u/' \
    "$TMP/notes/mixed.md" >"$TMP/notes/mixed.md.new"
mv "$TMP/notes/mixed.md.new" "$TMP/notes/mixed.md"
recall -q --now "$NOW" import "$TMP/notes/mixed.md"
run recall --now "$NOW" search 'spelt with'
like "a re-imported edit is indexed" "$out" "colour"
same_both "after a re-import" 'British spelling'
is "an import leaves no card waiting for the index" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards_text_pending")" 0
is "nor old text waiting to leave it" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards_text_gone")" 0
recall -q deck delete other --force
same_both "after a deck delete" '(?i)special'
run sqlite3 "$RECALL_DB" "INSERT INTO cards_text (cards_text, rank) \
    VALUES ('integrity-check', 1)"
is "the index agrees with the cards (FTS5's integrity-check)" "$rc$err" "0"

# A search with a literal reads the index; one without scans.
TRACE=$TMP/trace.sql
RECALL_TRACE_SQL="$TRACE" recall --now "$NOW" search attention >/dev/null
query=$(cut -f1 "$TRACE" | grep REGEXP | head -n 1)
plan=$(sqlite3 "$RECALL_DB" "EXPLAIN QUERY PLAN $query" 2>&1)
like "a literal search reads the trigram index" "$plan" \
    'SCAN cards_text VIRTUAL TABLE'
unlike "and no scan of the cards" "$(printf '%s\n' "$plan" |
    sed 's/^[|` -]*//')" '^SCAN cards( |$)'
: >"$TRACE"
RECALL_TRACE_SQL="$TRACE" recall --now "$NOW" search 'a.b|x' >/dev/null
like "a pattern without a literal in each branch scans" \
    "$(cut -f1 "$TRACE" | grep REGEXP)" 'FROM cards JOIN decks'

done_testing
