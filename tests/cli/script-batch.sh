#!/bin/sh
# Answers in a script are committed in batches: the same log and the same
# schedules as answering one at a time, a transaction for up to 128 of
# them (not one each), every answer shown only once it is committed, a
# failing line keeping the answers before it, and any other command
# seeing the answers before it.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

NOW=2026-11-26T12:00:00Z
awk 'BEGIN { print "# Batch"; for (i = 1; i <= 300; i++)
	printf "question %d :: answer %d\n", i, i }' >"$TMP/b.md"
for db in "$TMP/script.db" "$TMP/one.db"; do
	recall -q --db "$db" import "$TMP/b.md" --deck b
	recall -q --db "$db" deck set b fuzz off
done
grades="again hard good easy 0 1 2 3 4 5"
awk -v g="$grades" 'BEGIN { n = split(g, gr, " ")
	for (i = 1; i <= 300; i++) printf "answer %d %s\n", i, gr[i % n + 1] }' \
    >"$TMP/answers"

# The script, with the trace of its SQL on; then the same one by one.
RECALL_TRACE_SQL=$TMP/trace recall --db "$TMP/script.db" --now $NOW \
    -f "$TMP/answers" >"$TMP/script.out"
status_script=$?
is "a script of 300 answers exits 0" "$status_script" 0
is "and says each" "$(grep -c '^card [0-9]*:' "$TMP/script.out")" 300
while read -r cmd id grade; do
	recall -q --db "$TMP/one.db" --now $NOW answer "$id" "$grade"
done <"$TMP/answers"
schedule="SELECT id, repetition, ease, interval, due, reviews, passed,
    lapses FROM cards ORDER BY id"
log="SELECT card_id, time, day, grade, scheduled, interval_before,
    interval_after, ease_after FROM reviews ORDER BY id"
is "the schedules are those of answering one at a time" \
    "$(sqlite3 "$TMP/script.db" "$schedule" | cksum)" \
    "$(sqlite3 "$TMP/one.db" "$schedule" | cksum)"
is "and so is the log" "$(sqlite3 "$TMP/script.db" "$log" | cksum)" \
    "$(sqlite3 "$TMP/one.db" "$log" | cksum)"
is "300 answers are in it" \
    "$(sqlite3 "$TMP/script.db" "SELECT count(*) FROM reviews")" 300
begins=$(cut -f1 "$TMP/trace" | grep -c '^BEGIN IMMEDIATE$')
like "a transaction for many answers, not one each ($begins)" "$begins" \
    '^[1-9]$'
run recall --db "$TMP/script.db" check
status "check replays the batched answers" 0

# A line that fails: the answers before it are kept and shown, the error
# says where, and nothing after it is run.
recall -q import "$TMP/b.md" --deck b
printf 'answer 1 good\nanswer 2 good\nanswer 3 good\nanswer 99999 good
answer 4 good\n' >"$TMP/bad"
run recall --now $NOW -f "$TMP/bad"
status "a script with a bad line exits 1" 1
is "the answers before it were shown" "$(printf '%s\n' "$out" |
    grep -c '^card [1-3]:')" 3
like "the error names the line" "$err" "bad:4:"
is "the answers before it were kept, not the one after" \
    "$(sqlite3 "$RECALL_DB" "SELECT group_concat(card_id) FROM (SELECT
    card_id FROM reviews ORDER BY id)")" "1,2,3"

# Another command sees the answers of the batch before it, and check
# (which reads in a transaction of its own) runs in the middle.
printf 'answer 5 good\nanswer 6 good\nshow 6 --json\ncheck\nanswer 7 good
show 7 --json\n' >"$TMP/mixed"
run recall --now $NOW -f "$TMP/mixed"
status "answers, show and check in one script" 0
is "show sees the answer just before it" \
    "$(printf '%s\n' "$out" | grep '^{' | sed -n 1p | jq .reviews)" 1
like "check ran between the answers" "$out" 'ok: replayed 5 answers'
is "and the next answer counts too" \
    "$(printf '%s\n' "$out" | grep '^{' | sed -n 2p | jq .reviews)" 1

done_testing
