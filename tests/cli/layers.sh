#!/bin/sh
# Learning in layers: a deck opens explore, then deepen, to new cards only
# once enough of the layers before have passed a first review; reviews of
# cards already introduced are never held back.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-11-26T09:00:00Z
D2=2026-11-27T09:00:00Z
D3=2026-11-28T09:00:00Z

cat >"$TMP/layered.md" <<'SUMMARY'
---
deck: layered
---
# Topic
## Deepen
d1 :: x
d2 :: x
## Explore
e1 :: x
e2 :: x
e3 :: x
e4 :: x
e5 :: x
## Skim
s1 :: x
s2 :: x
s3 :: x
s4 :: x
s5 :: x
SUMMARY
recall -q import "$TMP/layered.md"
recall -q deck set layered fuzz off

id() {
	recall search "^$1\$" --json | jq '.[0].id'
}
due_fronts() {
	recall --now "$1" due --json | jq -r '[.[].front] | join(" ")'
}

is "day 1: only skim is open" "$(due_fronts $D1)" "s1 s2 s3 s4 s5"
run recall deck show layered --json
is "deck show: skim open, explore and deepen locked" "$(jqr '[.layers[].open] | join(",")')" "true,false,false"
run recall deck show layered
like "deck show draws the layers" "$out" "^  explore .* 0/5 +passed +0%  locked"

for c in s1 s2 s3 s4; do recall -q --now $D1 answer "$(id $c)" 4; done
recall -q --now $D1 answer "$(id s5)" 1
is "4 of 5 skim passed (80%): explore opens; the failed card comes back first" \
    "$(due_fronts $D1)" "s5 e1 e2 e3 e4 e5"

for c in e1 e2; do recall -q --now $D1 answer "$(id $c)" 4; done
for c in e3 e4 e5; do recall -q --now $D1 answer "$(id $c)" 2; done
run recall --now $D1 due --json
is "explore at 40%: deepen stays locked" "$(jqr '[.[] | select(.layer == "deepen")] | length')" 0
run recall deck show layered --json
is "deck show: explore open, deepen locked" "$(jqr '[.layers[].open] | join(",")')" "true,true,false"
is "deck show counts passed cards" "$(jqr '[.layers[].passed] | join(",")')" "4,2,0"

for c in e3 e4; do recall -q --now $D2 answer "$(id $c)" 4; done
run recall --now $D2 due --json
is "explore at 80% the next day: deepen opens" "$(jqr '[.[] | select(.queue == "new") | .front] | join(" ")')" "d1 d2"

# A stricter gate holds new cards back, never reviews.
recall -q deck set layered layer-gate 100
run recall --now $D3 due --json
is "with the gate at 100%, no deepen cards come" "$(jqr '[.[] | select(.layer == "deepen")] | length')" 0
like "but explore reviews still do" "$(jqr '[.[] | select(.queue == "review") | .front] | join(" ")')" "e1 e2"
run recall deck set layered layer-gate 0
run recall --now $D3 due --json
is "a gate of 0 opens every layer" "$(jqr '[.[] | select(.layer == "deepen")] | length')" 2

# add --layer sets the layer of a card made by hand.
run recall add --deck layered --layer deepen "d3" "x" --json
is "add --layer" "$(jqr '.[0].layer')" deepen

done_testing
