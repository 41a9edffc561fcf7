#!/bin/sh
# Regression tests of import (issue 5), each named after what broke.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# Nested clozes made nonsense cards instead of an error with FILE:LINE:.
printf 'ok :: fine\nThe {{a {{b}} c}} end\n' >"$TMP/nested.md"
run recall import "$TMP/nested.md"
status "a nested cloze is an error" 1
like "and it names the file and line" "$err" "nested.md:2: nested cloze"
run recall cards --json
is "and nothing of the file is imported" "$(jqr 'length')" 0

# {{c1::a::b::c}} made a card whose hint was "b::c".
printf 'x {{c1::a::b::c}}\n' >"$TMP/hints.md"
run recall import "$TMP/hints.md"
status "a cloze with two hints is an error" 1
like "and it names the file and line" "$err" \
    "hints.md:1: cloze '\{\{c1::a::b::c\}\}' has more than a text and a hint"

# 100,000 nested '{{' on one line made a nonsense card (and recursed).
awk 'BEGIN { s = ""; for (i = 0; i < 100000; i++) s = s "{{"; print s "x" }' \
    >"$TMP/deep.md"
run recall import "$TMP/deep.md"
status "100,000 nested '{{' are an error" 1
like "with its line" "$err" "deep.md:1: nested cloze"

# Clozes with a number gone wrong or a spaced '::' made
# nonsense cards ("c-1::a" as the answer) instead of an error.
bad_cloze() {
	printf 'Top\n%s\n' "$2" >"$TMP/badcloze.md"
	run recall import "$TMP/badcloze.md" --deck badcloze
	is "$1 is an error" "$rc" 1
	like "$1 names its line" "$err" "badcloze.md:2: cloze '"
}
bad_cloze "a negative cloze number" 'x {{c-1::a}} y'
bad_cloze "a single colon after the number" 'x {{c1:a}} y'
bad_cloze "a space before the number" 'x {{ c1::a}} y'
bad_cloze "a cloze starting with ::" 'x {{::a}} y'
bad_cloze "a spaced :: in an unnumbered cloze" 'x {{a :: b}} y'
run recall cards --deck badcloze
is "and none of them made a card" "$(printf '%s\n' "$out" | grep -c badcloze)" 0
printf 'use {{std::vector}} here\n' >"$TMP/goodcloze.md"
run recall import "$TMP/goodcloze.md" --deck goodcloze
status "but {{std::vector}} is still a cloze of its text" 0

# A line of only #tags in the middle of a section tagged only the cards after it.
printf '# Optimizers\nAdam :: adaptive moments\n#ml\nSGD :: plain steps\n# Other\nWarmup :: ramp up\n' \
    >"$TMP/tags.md"
recall -q import "$TMP/tags.md" --deck tags
run recall cards --deck tags --json
is "a section's tags line tags the cards above it" \
    "$(jqr '[.[] | select(.front == "Adam") | .tags | join(" ")] | join(",")')" "ml"
is "and those below it" \
    "$(jqr '[.[] | select(.front == "SGD") | .tags | join(" ")] | join(",")')" "ml"
is "but not those of the next section" \
    "$(jqr '[.[] | select(.front == "Warmup") | .tags | join(" ")] | join(",")')" ""

# Importing standard input twice into one deck suspended the first import's cards.
printf 'alpha :: one\n' | recall -q import - --deck snip
printf 'beta :: two\n' | recall -q import - --deck snip
run recall cards --deck snip --json
is "a second stdin import keeps the first one's cards" \
    "$(jqr '[.[] | select(.suspended | not) | .front] | sort | join(",")')" \
    "alpha,beta"
printf 'alpha :: one\n' | recall -q import - --deck snip
run recall cards --deck snip --json
is "and the same text piped again is not duplicated" "$(jqr 'length')" 2

# Standard input without --deck made a deck named "<stdin>".
printf 'gamma :: three\n' >"$TMP/gamma.txt"
run recall import - <"$TMP/gamma.txt"
status "stdin without --deck imports" 0
run recall deck list --json
unlike "and no deck is called <stdin>" "$out" "<stdin>"
run recall cards --deck stdin --json
is "its cards go to the deck stdin" "$(jqr '.[0].front')" gamma

# An edit made in recall was overwritten by re-importing its file unchanged.
printf 'Adam :: adaptive moments\nSGD :: plain steps\n' >"$TMP/opt.md"
recall -q import "$TMP/opt.md" --deck opt
adam=$(recall cards --deck opt --json | jq '.[] | select(.front == "Adam") | .id')
recall -q edit "$adam" --back "adaptive moment estimation"
recall -q import "$TMP/opt.md"
run recall show "$adam" --json
is "re-importing an unchanged file keeps the recall edit" "$(jqr .back)" \
    "adaptive moment estimation"

# An edit made in recall was silently overwritten when the file changed too.
printf 'Adam :: adaptive moments, bias corrected\nSGD :: plain steps\n' \
    >"$TMP/opt.md"
run recall import "$TMP/opt.md" --dry-run
like "--dry-run shows the conflict" "$out" \
    "conflict line 1: card $adam was edited in recall and in the file \\(text\\); would keep the recall edit"
like "with the recall text" "$out" "recall: Adam :: adaptive moment estimation"
like "and the file's" "$out" "file: +Adam :: adaptive moments, bias corrected"
run recall import "$TMP/opt.md"
status "an import with a conflict succeeds" 0
like "and reports the conflict" "$out" "1 conflict"
run recall show "$adam" --json
is "keeping the recall edit by default" "$(jqr .back)" \
    "adaptive moment estimation"
run recall import "$TMP/opt.md" --conflict file --json
is "--conflict file reports what it took" "$(jqr '.files[0].changes[0].kept')" file
run recall show "$adam" --json
is "and takes the file's text" "$(jqr .back)" \
    "adaptive moments, bias corrected"
is "on the same card, history kept" "$(recall cards --deck opt --json | jq length)" 2
run recall import "$TMP/opt.md" --conflict ask </dev/null
status "--conflict ask without a terminal is a usage error" 2

# Anki files: extra columns, media and an unknown notetype were dropped without a word.
printf '#separator:tab\n#html:true\n#notetype column:1\nBasic\tf1\tb1\tt1\tx1\nImage Occlusion\tf2\t<img src="a.png">b2\n' \
    >"$TMP/warn.txt"
run recall import "$TMP/warn.txt" --deck anki
status "an Anki file with warnings imports" 0
like "extra columns are a warning" "$err" \
    "warn.txt:4: warning: 1 column past the front, back and tags ignored"
like "an unknown notetype is a warning" "$err" \
    "warn.txt:5: warning: unknown notetype 'Image Occlusion'"
like "an image is a warning" "$err" "warn.txt:5: warning: image not imported"
like "and the report counts them" "$out" "3 warnings"
run recall import "$TMP/warn.txt" --deck anki --json
is "JSON counts them too" "$(jqr .warnings)" 3

# A #deck column: beyond a line's columns put its cards in another deck.
printf '#separator:tab\n#deck column:3\ng1\tb1\tgeo\ng2\tb2\n' >"$TMP/deckcol.txt"
run recall import "$TMP/deckcol.txt"
status "a line without its deck column is an error" 1
like "named with its line" "$err" "deckcol.txt:4: no deck column"
run recall cards --json
is "and nothing went to the file's deck" \
    "$(jqr '[.[] | select(.front == "g1" or .front == "g2")] | length')" 0

# A Cloze note without a cloze was dropped without a word.
printf '#separator:tab\n#notetype:Cloze\nParis is in France\textra\n' >"$TMP/nocloze.txt"
run recall import "$TMP/nocloze.txt"
status "a cloze note without a cloze is an error" 1
like "located" "$err" "nocloze.txt:3: a cloze note without a cloze"

# Anki text was not checked as summaries are (lengths, and the same messages).
awk 'BEGIN { printf "#separator:tab\nf\t\""; for (i = 0; i < 1100; i++) { s = sprintf("%1000s", ""); print s } print "\"" }' \
    >"$TMP/long.txt"
run recall import "$TMP/long.txt"
status "an Anki field over 1 MiB is an error" 1
like "located" "$err" "long.txt:[0-9]+: field longer than 1 MiB"
printf '#separator:tab\nf\377\tb\n' >"$TMP/bad.txt"
run recall import "$TMP/bad.txt"
like "invalid UTF-8 in an Anki file reads as in a summary" "$err" \
    "bad.txt:2: invalid UTF-8 \\(byte 2\\)"

# A summary that moved was imported again as new cards, splitting the history.
mkdir -p "$TMP/mv/sub"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	echo "q$i :: a$i"
done >"$TMP/mv/notes.md"
recall -q import "$TMP/mv/notes.md"
q1=$(recall cards --deck notes --json | jq '.[] | select(.front == "q1") | .id')
recall -q --now 2026-11-26T09:00:00Z answer "$q1" good
mv "$TMP/mv/notes.md" "$TMP/mv/sub/notes.md"
echo "q17 :: a17" >>"$TMP/mv/sub/notes.md"
run recall import "$TMP/mv/sub/notes.md" --dry-run
like "--dry-run says the file moved" "$out" \
    "sub/notes.md looks like .*/mv/notes.md moved: 16 cards kept"
run recall import "$TMP/mv/sub/notes.md"
like "import says so" "$out" "looks like .*/mv/notes.md moved: 16 cards kept"
like "and adds only the new card" "$out" "1 new, 0 edited, 16 unchanged"
run recall cards --deck notes --json
is "a moved summary is not duplicated" "$(jqr 'length')" 17
run recall show "$q1" --json
is "and its history stays with its cards" "$(jqr '.history | length')" 1
run recall import "$TMP/mv/sub/notes.md"
like "the cards now belong to the new path" "$out" "0 new, 0 edited, 17 unchanged"

# An exported summary imported back made a second copy of every card.
recall export --deck notes --format summary -o "$TMP/exported.md"
run recall import "$TMP/exported.md"
status "an exported summary imports" 0
like "and says its cards are already in the collection" "$out" \
    "17 already in the collection"
run recall cards --deck notes --json
is "without duplicating them" "$(jqr 'length')" 17
run recall import "$TMP/exported.md" --json
is "JSON counts them" "$(jqr '.already')" 17

# An exported summary piped back through standard input duplicated its deck.
recall export --deck notes --format summary >"$TMP/piped.md"
run recall import - <"$TMP/piped.md"
like "standard input knows the cards already in the deck" "$out" \
    "17 already in the collection"
run recall cards --deck notes --json
is "and does not duplicate them" "$(jqr 'length')" 17

# A moved folder of summaries was imported again as new cards.
mkdir -p "$TMP/folder"
for f in one two three; do
	printf '%s a :: x\n%s b :: y\n' "$f" "$f" >"$TMP/folder/$f.md"
done
recall -q import "$TMP/folder" --deck folder
mv "$TMP/folder" "$TMP/folder2"
cp "$TMP/folder2/one.md" "$TMP/folder2/copy.md"
run recall import "$TMP/folder2" --deck folder
like "each moved file is recognised" "$out" \
    "imported 4 files: 0 new, 0 edited, 6 unchanged, 0 removed, 2 already in the collection"
run recall cards --deck folder --json
is "and the folder's cards are not duplicated" "$(jqr 'length')" 6

# Tags, layer and deck changed in recall were silently undone by re-importing the file.
printf 'Mars :: the red planet #space\nVenus :: the hot planet\n' >"$TMP/planets.md"
recall -q import "$TMP/planets.md" --deck planets
mars=$(recall cards --deck planets --json | jq '.[] | select(.front == "Mars") | .id')
recall -q deck new astro
recall -q edit "$mars" --tags "space red" --deck astro --layer deepen
recall -q import "$TMP/planets.md" --deck planets
run recall show "$mars" --json
is "re-importing keeps the tags set in recall" "$(jqr '.tags | join(" ")')" "space red"
is "and the deck" "$(jqr .deck)" astro
is "and the layer" "$(jqr .layer)" deepen
printf 'Mars :: the red planet #space #rocky\nVenus :: the hot planet\n' >"$TMP/planets.md"
run recall import "$TMP/planets.md" --deck planets
like "tags changed in both places are a conflict" "$out" \
    "card $mars was edited in recall and in the file \\(tags\\); kept the recall edit"
run recall show "$mars" --json
is "keeping recall's tags" "$(jqr '.tags | join(" ")')" "space red"
run recall import "$TMP/planets.md" --deck planets --conflict file
run recall show "$mars" --json
is "--conflict file takes the file's tags" "$(jqr '.tags | join(" ")')" "space rocky"
is "and its deck" "$(jqr .deck)" planets

# import --conflict bogus was accepted (as keep), exit 0.
printf 'Io :: a moon\n' >"$TMP/moon.md"
run recall import "$TMP/moon.md" --conflict bogus
status "an unknown --conflict is a usage error" 2
like "that names the value" "$err" "--conflict must be keep, file or ask, not 'bogus'"
run recall cards --json
is "and nothing is imported" "$(jqr '[.[] | select(.front == "Io")] | length')" 0

# .MD and .markdown files in a folder were skipped silently.
mkdir "$TMP/cased"
printf 'Upper :: case\n' >"$TMP/cased/NOTES.MD"
printf 'Long :: extension\n' >"$TMP/cased/more.markdown"
run recall import "$TMP/cased" --deck cased
like "a folder's .MD and .markdown files are imported" "$out" \
    "imported 2 files: 2 new"
run recall cards --deck cased --json
is "as summaries" "$(jqr '[.[].front] | sort | join(",")')" "Long,Upper"

# --conflict file said a card edited only in recall was edited "in the file" too.
printf 'Titan :: a moon\n' >"$TMP/titan.md"
recall -q import "$TMP/titan.md" --deck titan
titan=$(recall cards --deck titan --json | jq '.[0].id')
recall -q edit "$titan" --back 'a big moon'
run recall import "$TMP/titan.md" --deck titan --conflict file
like "a card edited only in recall is said to be so" "$out" \
    "card $titan was edited in recall, not in the file \\(text\\); took the file's"
unlike "not edited in both places" "$out" "edited in recall and in the file"

# A card whose answer was edited in recall and rewritten in the file was
# suspended and copied, not reported as a conflict: its history split.
printf 'beta :: two\n' >"$TMP/rewrite.md"
recall -q import "$TMP/rewrite.md" --deck rewrite
beta=$(recall cards --deck rewrite --json | jq '.[0].id')
recall -q edit "$beta" --back 'TWO mine'
printf 'beta :: two changed in file\n' >"$TMP/rewrite.md"
run recall import "$TMP/rewrite.md" --deck rewrite
like "an answer rewritten in both places is a conflict" "$out" \
    "card $beta was edited in recall and in the file \\(text\\); kept the recall edit"
run recall cards --deck rewrite --json
is "on the same card, none new" "$(jqr 'length')" 1
is "which keeps the recall edit" "$(jqr '.[0].back')" "TWO mine"
is "and is not suspended" "$(jqr '.[0].suspended')" false

# A card removed from the file that took its file's place was copied when
# the first file came back under another name: history split.
mkdir "$TMP/split"
printf -- '---\ndeck: split\n---\na1 :: b1\na2 :: b2\na3 :: b3\n' >"$TMP/split/a.md"
recall -q import "$TMP/split/a.md"
mv "$TMP/split/a.md" "$TMP/split/keep.md"
printf -- '---\ndeck: split\n---\na1 :: b1\na2 :: b2\n' >"$TMP/split/b.md"
recall -q import "$TMP/split/b.md"
a3=$(recall cards --deck split --json | jq '.[] | select(.front == "a3") | .id')
run recall import "$TMP/split/keep.md"
like "a removed card is found in a new file" "$out" \
    "0 new, 0 edited, 1 unchanged, 0 removed, 1 back in the file, 2 already"
run recall cards --deck split --json
is "not copied" "$(jqr '[.[] | select(.front == "a3")] | length')" 1
is "and back in reviews" \
    "$(jqr "[.[] | select(.id == $a3 and (.suspended | not))] | length")" 1

# A moved file copied the cards another file of its deck already had.
mv "$TMP/split/keep.md" "$TMP/split/k2.md"
run recall import "$TMP/split/k2.md" --dry-run
like "--dry-run says they are already in the collection" "$out" \
    "0 new, 0 edited, 1 unchanged, 0 removed, 2 already in the collection"
run recall import "$TMP/split/k2.md"
run recall cards --deck split --json
is "and a moved file does not copy them" "$(jqr 'length')" 3

# Anki: [sound:x.mp3] stayed in the back, <img> was warned of under
# #html:false (where it is kept as text), and a dropped <img> left a space.
printf '#separator:tab\n#html:true\nfront1\tback1 [sound:x.mp3]\nfront2 <img src=z.png>\tback2\n' \
    >"$TMP/media.tsv"
run recall import "$TMP/media.tsv" --deck media
like "a sound is warned of" "$err" "media.tsv:3: warning: sound not imported"
run recall cards --deck media --json
is "and taken out of the text" "$(jqr '[.[].back] | join(",")')" "back1,back2"
is "a dropped image leaves no trailing space" "$(jqr '[.[].front] | join(",")')" \
    "front1,front2"
printf '#separator:tab\n#html:false\nfront3\tsee <img src=z.png>\n' >"$TMP/plain.tsv"
run recall import "$TMP/plain.tsv" --deck plain
unlike "without HTML an <img> is no image to warn of" "$err" "image not imported"
run recall cards --deck plain --json
is "it is kept as text" "$(jqr '.[0].back')" "see <img src=z.png>"

done_testing
