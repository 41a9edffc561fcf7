#!/bin/sh
# Sibling burying, against the rule written out here in SQL: over 25 days
# of answers, burials, suspensions and moves between decks, the queue that
# `due --json` shows and the counts of `status --json` are, deck by deck,
# what the rule gives: one card of a source line a day; none while another
# was answered today; the more overdue (then the lower id) of two due
# siblings, a due sibling before a new one, the lower id of two new ones;
# siblings buried or suspended do not count; a deck with the option off
# shows them all; each deck stops at what is left of its daily limits.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# Lines of 1 to 5 clozes, two-sided cards, plain ones, in two decks.
awk 'BEGIN {
	print "# Lines"
	for (i = 1; i <= 60; i++) {
		k = i % 7
		if (k == 0)
			printf "side %d ::: other %d\n", i, i
		else if (k == 1)
			printf "plain %d :: answer %d\n", i, i
		else {
			printf "line %d:", i
			for (j = 1; j <= k; j++)
				printf " {{c%d::w%d_%d}}", j, i, j
			printf ".\n"
		}
	}
}' >"$TMP/a.md"
sed 's/^# Lines/# Other/; s/ \([0-9]*\)/ b\1/g' "$TMP/a.md" >"$TMP/b.md"
recall -q import "$TMP/a.md" --deck one
recall -q import "$TMP/b.md" --deck two
# Cards whose file sorts before the first one's, with higher ids: the
# order of the due reviews is by day, then by id, not by file.
mkdir "$TMP/0"
sed 's/^# Lines/# Early/; s/ \([0-9]*\)/ e\1/g' "$TMP/a.md" >"$TMP/0/0.md"
recall -q import "$TMP/0/0.md" --deck one
recall -q deck set one reviews-per-day 5
recall -q deck set one new-per-day 9
recall -q deck set two reviews-per-day 7
recall -q deck set two new-per-day 25
ncards=$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards")
like "the collection has its cards ($ncards)" "$ncards" '^[0-9]{3}$'
groups=$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM (SELECT 1 FROM cards
    GROUP BY source, source_line HAVING count(*) > 1)")
like "and groups of siblings ($groups)" "$groups" '^[0-9]+$'

# The rule, on day ?2, for a card c of a deck d (d.bury its option):
# the due reviews, most overdue first, and the new cards, lowest id
# first, that do not wait for a sibling; what is left of each deck's
# limits for the day (d.rl, d.nl) cuts them.
waits="(d.bury = 0 OR c.source IS NULL OR c.source_line IS NULL OR NOT
    EXISTS (SELECT 1 FROM cards s WHERE s.source = c.source AND
    s.source_line = c.source_line AND s.deck_id = c.deck_id AND
    s.id != c.id AND s.suspended = 0 AND (EXISTS (SELECT 1 FROM reviews r
    WHERE r.card_id = s.id AND r.day = ?2) OR (s.buried_until <= ?2 AND
    ((s.due IS NOT NULL AND s.due <= ?2 AND (c.due IS NULL OR s.due < c.due
    OR (s.due = c.due AND s.id < c.id))) OR (s.due IS NULL AND c.due IS NULL
    AND s.id < c.id))))))"
decks="WITH d AS (SELECT id, bury_siblings AS bury, reviews_per_day -
    coalesce((SELECT reviews FROM daily WHERE deck_id = decks.id AND
    day = ?2), 0) AS rl, new_per_day - coalesce((SELECT fresh FROM daily
    WHERE deck_id = decks.id AND day = ?2), 0) AS nl FROM decks)"

# oracle DAY: "review ID" and "new ID" lines of every deck, sorted.
oracle() {
	sqlite3 "$RECALL_DB" ".param set ?2 $1" "$decks
	    SELECT 'review ' || id FROM (SELECT c.id, row_number() OVER (
	    PARTITION BY c.deck_id ORDER BY c.due, c.id) AS k, d.rl FROM
	    cards c JOIN d ON d.id = c.deck_id WHERE c.due <= ?2 AND
	    c.suspended = 0 AND c.buried_until <= ?2 AND $waits) WHERE k <= rl
	    UNION ALL
	    SELECT 'new ' || id FROM (SELECT c.id, row_number() OVER (
	    PARTITION BY c.deck_id ORDER BY c.id) AS k, d.nl FROM cards c
	    JOIN d ON d.id = c.deck_id WHERE c.due IS NULL AND
	    c.suspended = 0 AND c.buried_until <= ?2 AND $waits) WHERE k <= nl" |
	    sort
}

# shown: what due --json shows, reviews and new cards, sorted.
shown() {
	recall --now "$1" due --json | jq -r '.[] |
	    select(.queue == "review" or .queue == "new") |
	    (.queue + " " + (.id | tostring))' | sort
}

# day N: the day number and the time of day N (from 2026-10-01).
at() {
	date -u -d "2026-10-01 09:00 UTC + $1 days" +%Y-%m-%dT%H:%M:%SZ
}

bad=0 checked=0 counts_bad=0 kinds= first= cut=0

# check TIME: the queue and the counts at TIME against the rule.
check() {
	day=$(( ($(date -u -d "$1" +%s) - 4 * 3600) / 86400 ))
	oracle "$day" >"$TMP/want"
	shown "$1" >"$TMP/got"
	checked=$((checked + 1))
	if ! cmp -s "$TMP/want" "$TMP/got"; then
		bad=$((bad + 1))
		[ $bad -gt 1 ] || first="$1:
$(diff "$TMP/want" "$TMP/got" | head -20)"
	fi
	kinds="$kinds$(cut -d' ' -f1 "$TMP/want" | sort -u | tr '\n' ' ')"
	# Deck one's 5 a day, all taken while more were due.
	n=$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards WHERE
	    deck_id = 1 AND due <= $day AND suspended = 0")
	[ "$n" -le 5 ] || cut=$((cut + 1))
	run recall --now "$1" status --json
	want=$(awk '{ n[$1]++ } END { printf "%d %d", n["review"],
	    n["new"] }' "$TMP/want")
	got=$(printf '%s' "$out" | jq -r '"\(.need.due + .want.due) " +
	    "\(.need.new + .want.new)"')
	[ "$want" = "$got" ] || counts_bad=$((counts_bad + 1))
}

d=0
while [ $d -lt 25 ]; do
	now=$(at $d)
	# The queue before the day's answers, and after them.
	check "$now"
	# Answer part of what is shown, each card with a grade of its own.
	recall --now "$now" due --json | jq -r '.[] | .id' |
	    awk -v d=$d 'NR <= 14 && ($1 + d) % 3 != 0 {
		printf "answer %d %d\n", $1, ($1 * 7 + d) % 6 }' >"$TMP/day"
	recall -q --now "$now" -f "$TMP/day" >/dev/null
	# Some days, bury, suspend, unsuspend, move a card to the other deck.
	# Or take the day's last answer back.
	case $((d % 5)) in
	0) recall -q --now "$now" undo >/dev/null 2>&1 ;;
	1) recall -q --now "$now" bury $((d * 3 % ncards + 1)) \
	    $((d * 11 % ncards + 1)) >/dev/null 2>&1 ;;
	2) recall -q --now "$now" suspend $((d * 5 % ncards + 1)) \
	    >/dev/null 2>&1 ;;
	3) recall -q --now "$now" unsuspend $(((d - 1) * 5 % ncards + 1)) \
	    >/dev/null 2>&1 ;;
	4) id=$((d * 13 % ncards + 1))
	   to=$(sqlite3 "$RECALL_DB" "SELECT CASE d.name WHEN 'one' THEN
	       'two' ELSE 'one' END FROM cards c JOIN decks d ON
	       d.id = c.deck_id WHERE c.id = $id")
	   recall -q --now "$now" edit "$id" --deck "$to" >/dev/null ;;
	esac
	[ $d -ne 20 ] || recall -q deck set two bury-siblings off
	check "$(at $d | sed 's/T09/T23/')"
	d=$((d + 1))
done
# Days before the newest: read from the log, not from the cache of the
# newest day; and the last day again once the next day has begun.
for d in 3 11 17 24; do
	check "$(at $d | sed 's/T09/T23/')"
done
recall -q --now "$(at 25)" -f "$TMP/day" >/dev/null 2>&1
check "$(at 24 | sed 's/T09/T20/')"
check "$(at 25 | sed 's/T09/T23/')"
if [ $bad -eq 0 ]; then
	pass "the queue is the rule's at each of $checked times"
else
	fail "the queue is the rule's at each of $checked times" \
	    "$bad differ; the first, rule (<) against due (>):" "$first"
fi
is "and status counts what the queue holds" "$counts_bad" 0
like "the limits cut the due reviews ($cut times)" "$cut" "^[1-9][0-9]*$"
like "due reviews were among them" "$kinds" 'review'
like "and new cards" "$kinds" 'new'

# The rule did bury: on the last day, some cards waited for a sibling.
day=$(sqlite3 "$RECALL_DB" "SELECT (strftime('%s', '$(at 24)') - 14400) /
    86400")
waiting=$(sqlite3 "$RECALL_DB" ".param set ?2 $day" "$decks SELECT count(*)
    FROM cards c JOIN d ON d.id = c.deck_id WHERE c.deck_id = 1 AND
    c.suspended = 0 AND c.buried_until <= ?2 AND (c.due IS NULL OR
    c.due <= ?2) AND NOT $waits")
like "cards waited for a sibling ($waiting)" "$waiting" '^[1-9][0-9]*$'
answered=$(sqlite3 "$RECALL_DB" "SELECT count(DISTINCT day) FROM reviews")
like "answers on many days ($answered)" "$answered" '^[1-9][0-9]$'
run recall check
status "check passes after it all" 0

done_testing
