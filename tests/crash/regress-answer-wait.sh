#!/bin/sh
# Two answers to one card, both waiting for another program's write lock:
# the one given first was dated when it was given, the other got the lock
# first, and the first was then refused ("this answer ... is dated before
# card 1's last answer") though the person had been told nothing was
# wrong.  Both are saved now, and 'recall check' replays them.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

recall -q deck new d
for card in 1 2 3; do
	recall -q add --deck d "Q$card" "A$card"
done

# round CARD: another program holds the write lock; an answer to CARD
# waits long enough to poll slowly, a second one comes a second and a
# half later (the clock counts seconds) and polls quickly; the lock goes.
round() {
	rm -f "$TMP/hold" "$TMP/held"
	mkfifo "$TMP/hold"
	sqlite3 -batch "$RECALL_DB" <"$TMP/hold" >"$TMP/held" &
	holder=$!
	exec 3>"$TMP/hold"
	printf ".timeout 60000\nBEGIN IMMEDIATE;\nSELECT 'lock' || '-taken';\n" >&3
	i=0
	while ! grep -q lock-taken "$TMP/held" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	recall -q answer $1 good >"$TMP/a.out" 2>"$TMP/a.err" &
	first=$!
	sleep 1.5
	recall -q answer $1 easy >"$TMP/b.out" 2>"$TMP/b.err" &
	second=$!
	sleep 0.5
	printf 'COMMIT;\n.quit\n' >&3
	exec 3>&-
	wait $holder
	wait $first
	rc_first=$?
	wait $second
	rc_second=$?
}

for card in 1 2 3; do
	round $card
	is "card $card: the first answer is saved" "$rc_first" 0
	unlike "card $card: it is not refused as out of order" \
	    "$(cat "$TMP/a.err")" 'dated before'
	is "card $card: the second answer is saved" "$rc_second" 0
	run recall show $card --json
	is "card $card: both answers are in the log" \
	    "$(jqr '[.history[].grade] | sort | @text')" "[4,5]"
done
run recall check
status "check replays them" 0

done_testing
