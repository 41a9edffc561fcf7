#!/bin/sh
# The need/want balance over 30 simulated days: both tracks have plenty
# due, cards take different times, and the time share ends near the
# target; with one track empty, everything due on the other is reviewed.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

start=$(date -u -d 2026-01-01T09:00:00Z +%s)

# Two decks with far more cards than 30 days can reach.
{
	echo "deck new work"
	echo "deck new fun --track want"
	echo "deck set work new-per-day 60"
	echo "deck set fun new-per-day 60"
	i=0
	while [ $i -lt 300 ]; do
		echo "add --deck work w$i a"
		echo "add --deck fun f$i a"
		i=$((i + 1))
	done
} | recall -q

# Each day, a 20-card session in the queue's order: a need card takes
# 8 seconds, a want card 15 (the day's answers are one script).
day=0
while [ $day -lt 30 ]; do
	now=$((start + day * 86400))
	recall --now "$now" due --json | jq -r '.[0:20][] |
	    "answer \(.id) 4 --duration \(if .deck == "work" then 8 else 15 end)"' |
	    recall -q --now "$now"
	day=$((day + 1))
done
last=$((start + 29 * 86400))

run recall --now "$last" balance --json --window 30
json_ok "balance --json" "$out"
need=$(jqr '.tracks[0].actual')
awk -v a="$need" 'BEGIN { exit !(a >= 0.65 && a <= 0.75) }' &&
    pass "30 days: need's share of time is within 5 points of 70% ($need)" ||
    fail "30 days: need's share of time is within 5 points of 70%" "$need"
run recall --now "$last" balance --json
need7=$(jqr '.tracks[0].actual')
awk -v a="$need7" 'BEGIN { exit !(a >= 0.65 && a <= 0.75) }' &&
    pass "the last 7 days too ($need7)" ||
    fail "the last 7 days too" "$need7"
count=$(sqlite3 "$RECALL_DB" "SELECT sum(d.track = 'need'), count(*) FROM reviews r JOIN decks d ON d.id = r.deck_id" | tr '|' ' ')
set -- $count
is "every answer of the month is in the log (20 a day)" "$2" 600
awk -v n="$1" -v t="$2" 'BEGIN { exit !(n / t > 0.75) }' &&
    pass "by count need has more than 70%: time is what is balanced ($1 of $2)" ||
    fail "by count need has more than 70%" "$1 of $2"
run recall --now "$last" balance
like "balance draws both tracks" "$out" "^  need  target  70% .* actual +[0-9]+%"
like "and the decks" "$out" "^    fun +want +weight 1"
like "and says how it stands" "$out" "^(On target|Slightly toward (need|want))"

# Changing the target moves the queue.
run recall balance 50:50
is "balance NEED:WANT sets the target" "$(printf '%s\n' "$out" | head -n1)" "target: need 50%, want 50%"
run recall --now "$((last + 86400))" due --json
first10=$(jqr '[.[0:10][] | .deck] | map(select(. == "fun")) | length')
if [ "$first10" -ge 6 ]; then
	pass "after 70:30, a 50:50 target favours want first ($first10 of 10)"
else
	fail "a 50:50 target favours want first" "$first10 of 10"
fi
run recall balance 2:1 --json
is "ratios are turned into shares" "$(jqr '.tracks[0].target * 100 | round')" 67
run recall balance 70-30
status "a bad ratio is a usage error" 2
run recall balance 0:0
status "0:0 is refused" 2
run recall balance --window 0
status "a bad window is a usage error" 2
recall -q balance 70:30 >/dev/null

# One track empty: everything due on the other is reviewed, every day.
export RECALL_DB="$TMP/solo.db"
{
	echo "deck new solo"
	i=0
	while [ $i -lt 40 ]; do
		echo "add --deck solo s$i a"
		i=$((i + 1))
	done
} | recall -q
day=0
left=0
answered=0
while [ $day -lt 30 ]; do
	now=$((start + day * 86400))
	recall --now "$now" due --json |
	    jq -r '.[] | "answer \(.id) 4 --duration 10"' >"$TMP/day.txt"
	recall -q --now "$now" -f "$TMP/day.txt"
	answered=$((answered + $(wc -l <"$TMP/day.txt")))
	n=$(recall --now "$now" status --json | jq .total)
	left=$((left + n))
	day=$((day + 1))
done
is "with want empty, nothing due on need is ever left over" "$left" 0
if [ "$answered" -gt 100 ]; then
	pass "and need was reviewed all month ($answered answers)"
else
	fail "and need was reviewed all month" "$answered answers"
fi
run recall --now "$last" balance
like "balance says want has nothing due" "$out" "but want has nothing due now"

done_testing
