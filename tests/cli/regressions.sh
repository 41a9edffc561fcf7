#!/bin/sh
# Regression tests, each named after what broke.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-11-26T09:00:00Z

# Deleting a deck deleted the answers given in it to cards moved out.
recall -q -f - <<'SCRIPT'
deck new old
deck new new
add --deck old Q A
SCRIPT
recall -q --now $D1 answer 1 4
recall -q edit 1 --deck new
recall -q deck delete old --force
run recall show 1 --json
is "deck delete keeps the history of cards moved out of it" "$(jqr '.history | length')" 1
run recall check
status "and check still agrees" 0

# JSON and decimal options broke in locales with a decimal comma.
mkdir -p "$TMP/locale"
if localedef -i de_DE -f UTF-8 "$TMP/locale/de_DE.UTF-8" 2>/dev/null; then
	LOCPATH="$TMP/locale" LC_ALL=de_DE.UTF-8 run recall show 1 --json
	json_ok "JSON is valid in a decimal-comma locale" "$out"
	LOCPATH="$TMP/locale" LC_ALL=de_DE.UTF-8 run recall deck set new weight 1.5
	status "decimal options read with a point in a decimal-comma locale" 0
else
	fail "build a de_DE.UTF-8 locale for the test (needs the locales package)"
fi

# A buried card failed today still came back the same day.
recall -q deck new b
id=$(recall add --deck b bq ba --json | jq '.[0].id')
recall -q --now $D1 answer "$id" 2
recall -q --now $D1 bury "$id"
run recall --now $D1 due b --json
is "a buried card does not come back the same day" "$(jqr 'length')" 0

# Two imports from standard input suspended each other's cards.
printf -- '---\ndeck: physics\n---\nc :: 3e8\n' | recall -q import -
printf -- '---\ndeck: chem\n---\nNA :: 6e23\n' | recall -q import -
run recall cards --deck physics --json
is "an unrelated import from stdin leaves other cards alone" "$(jqr '.[0].suspended')" false

# A Markdown heading like "# HTML: ..." made a summary read as Anki's.
printf '# HTML: a primer\n\nElement :: a node\n' >"$TMP/h.md"
run recall import "$TMP/h.md"
status "a summary whose first heading looks like an Anki header imports" 0

# A past day for --schedule ended the deep dive before being refused.
recall -q deepdive optics 10m
run recall deepdive done --schedule 2020-01-01
status "deepdive done with a past day fails" 1
run recall deepdive --json
is "and the deep dive is still running" "$(jqr .topic)" optics
recall -q deepdive done --bookmark

# balance with a bad --window still changed the shares.
run recall balance 10:90 --window 0
status "balance with a bad window is a usage error" 2
run recall balance --json
is "and the shares are unchanged" "$(jqr '.tracks[0].target')" 0.7

# Times past year 9999 overflowed a buffer in show.
run recall --now 99999999999999999 status
status "a time past 9999 is refused" 2

# edit reported a change when nothing changed.
run recall edit 1 --front Q
is "an edit that changes nothing says so" "$out" "card 1 unchanged"

# Tags starting with a digit did not survive a summary round trip.
run recall add --deck b --tags 2024 x y
status "a tag starting with a digit is refused" 2

# Exports: removed cards, and Anki clozes without numbers.
printf '{{sun}} is a {{c3::star::kind}}.\nGone :: soon\n' >"$TMP/e.md"
recall -q import "$TMP/e.md"
printf '{{sun}} is a {{c3::star::kind}}.\n' >"$TMP/e.md"
recall -q import "$TMP/e.md"
run recall export --deck e
unlike "a card removed from its file is not exported" "$out" "Gone"
run recall export --deck e --format anki-tsv
like "Anki clozes are numbered" "$out" "\\{\\{c1::sun\\}\\} is a \\{\\{c3::star::kind\\}\\}"

# Killed, --demo left its collection in TMPDIR.
export TMPDIR="$TMP/killed"
mkdir -p "$TMPDIR"
sleep 30 | "$RECALL" --demo >/dev/null 2>&1 &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid" 2>/dev/null
is "a killed --demo removes its collection" "$(ls -A "$TMPDIR")" ""
unset TMPDIR

done_testing
