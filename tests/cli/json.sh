#!/bin/sh
# --json output is valid JSON for any text, and carries the text exactly.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

nasty_front=$(printf 'quote " backslash \\ tab\t bell\a nul-ish\001 del\177 end')
nasty_back=$(printf 'line one\nline two\r\ncaf\303\251 \346\274\242\345\255\227 \360\237\247\240 \342\200\250sep')
deck_name=$(printf 'd\303\251ck "q" \\ x')

run recall deck new "$deck_name" --json
status "deck new --json" 0
json_ok "deck new --json is valid" "$out"
is "deck name round-trips" "$(jqr .name)" "$deck_name"

run recall add --deck "$deck_name" --json "$nasty_front" "$nasty_back"
status "add --json" 0
json_ok "add --json is valid" "$out"
is "front round-trips through add --json" "$(jqr '.[0].front')" "$nasty_front"
like "control characters are escaped" "$out" '\\u0007'
like "DEL is escaped" "$out" '\\u007f'

run recall show 1 --json
json_ok "show --json is valid" "$out"
is "front round-trips" "$(jqr .front)" "$nasty_front"
is "back round-trips" "$(jqr .back)" "$nasty_back"
for field in id deck front back layer repetition ease interval due lapses suspended; do
	is "show --json has $field" "$(jqr "has(\"$field\")")" true
done
is "a new card's due is null" "$(jqr .due)" null
is "ease is a number" "$(jqr '.ease | type')" number
is "suspended is a boolean" "$(jqr '.suspended | type')" boolean
is "history is an array" "$(jqr '.history | type')" array

run recall cards --json
json_ok "cards --json is valid" "$out"
is "cards --json is an array of cards" "$(jqr '.[0].back')" "$nasty_back"
run recall deck list --json
json_ok "deck list --json is valid" "$out"
is "deck list counts cards" "$(jqr '.[0].cards')" 1
run recall deck show "$deck_name" --json
json_ok "deck show --json is valid" "$out"
is "deck show has three layers" "$(jqr '[.layers[].layer] | join(",")')" "skim,explore,deepen"
run recall cards --json --deck nobody-here
status "no matching deck" 1
recall deck new empty >/dev/null
run recall cards --json --deck empty
is "an empty listing is []" "$out" "[]"
run recall edit 1 --tags "x y" --json
json_ok "edit --json is valid" "$out"
run recall suspend 1 --json
json_ok "suspend --json is valid" "$out"

# Bytes that are not UTF-8 in stored text still give valid JSON.
run recall add --deck empty "$(printf 'bad \377 byte')" back
status "text that is not UTF-8 is refused on the way in (a usage error)" 2
like "the byte is named" "$err" "invalid UTF-8 \(byte 5\)"

done_testing
