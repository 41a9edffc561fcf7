#!/bin/sh
# 120 simulated days: four cards answered every day they are due, each with
# its own habit of grades.  With fuzz off, the intervals must be exactly
# SM-2's (computed independently with the npm package supermemo 2.0.23),
# and "check" must agree with the log.  With fuzz on, intervals stay within
# the fuzz range and the log still replays.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

recall -q -f - <<'SCRIPT'
deck new sim
deck set sim fuzz off
add --deck sim always-good A
add --deck sim always-easy B
add --deck sim always-hard C
add --deck sim one-lapse D
deck new fuzzy
add --deck fuzzy fuzzed F
SCRIPT

# The grade card ID gives on its Nth answer (counting from 0).
grade() {
	case $1 in
	1) echo 4 ;;
	2) echo 5 ;;
	3) echo 3 ;;
	4) if [ "$2" -eq 3 ]; then echo 1; else echo 4; fi ;;
	5) echo 4 ;;
	esac
}

start=$(date -u -d 2026-01-01T09:00:00Z +%s)
day=0
while [ $day -lt 120 ]; do
	now=$((start + day * 86400))
	for id in $(recall --now "$now" due --json | jq -r '.[].id'); do
		n=$(recall show "$id" --json | jq '.history | length')
		recall -q --now "$now" answer "$id" "$(grade "$id" "$n")" \
		    --duration 8
	done
	day=$((day + 1))
done

intervals() {
	recall show "$1" --json | jq -c '[.history[].after.interval]'
}
days() {
	recall show "$1" --json | jq -c '[.history[].time[0:10]]'
}
is "always good: intervals 1, 6, 15, 38, 95" "$(intervals 1)" "[1,6,15,38,95]"
is "always good: answered on days 0, 1, 7, 22, 60" "$(days 1)" \
    '["2026-01-01","2026-01-02","2026-01-08","2026-01-23","2026-03-02"]'
is "always easy: intervals 1, 6, 16, 45, 131" "$(intervals 2)" "[1,6,16,45,131]"
is "always hard: intervals 1, 6, 13, 27, 52, 94" "$(intervals 3)" "[1,6,13,27,52,94]"
is "a lapse on the 4th answer starts over at 1" "$(intervals 4)" "[1,6,15,1,1,6,12,24,47,92]"
run recall show 3 --json
is "always hard: EF falls to 1.66" "$(jqr .ease)" 1.66
run recall show 4 --json
is "the lapse is counted" "$(jqr .lapses)" 1
is "and the card is due after its last interval" "$(jqr .due)" 2026-07-25

# The fuzzed card: intervals of 3 days or more move, within the range.
fuzzed=$(intervals 5)
like "fuzz leaves 1 day alone" "$fuzzed" '^\[1,'
run recall show 5 --json
outside=$(jqr '[.history[] | select(.scheduled) |
    (if .before.repetition == 0 then 1 elif .before.repetition == 1 then 6
     else (.before.interval * .before.ease + 0.5 | floor) end) as $base |
    (if $base < 3 then 0 elif $base < 7 then 1
     elif $base < 30 then ([2, ($base * 0.15 + 0.5 | floor)] | max)
     else ([4, ($base * 0.05 + 0.5 | floor)] | max) end) as $range |
    select(.after.interval < $base - $range or .after.interval > $base + $range)] | length')
is "every fuzzed interval is within its range" "$outside" 0
moved=$(jqr '[.history[] | select(.before.repetition >= 1) |
    select(.after.interval != (if .before.repetition == 1 then 6
     else (.before.interval * .before.ease + 0.5 | floor) end))] | length')
if [ "$moved" -gt 0 ]; then
	pass "fuzz moved some intervals ($fuzzed)"
else
	fail "fuzz moved some intervals" "$fuzzed"
fi
run recall check
status "check replays every answer and agrees" 0
like "check counts the answers" "$out" "^ok: replayed [0-9]+ answers on 5 cards"

done_testing
