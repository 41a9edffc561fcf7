#!/bin/sh
# answer, undo, due, status, bury, check and set: the scheduling rules as a
# script sees them.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-11-26T09:00:00Z
D2=2026-11-27T09:00:00Z
D3=2026-11-28T09:00:00Z

recall -q -f - <<'SCRIPT'
deck new words
deck set words fuzz off
add --deck words one 1
add --deck words two 2
add --deck words three 3
SCRIPT

# Usage errors.
run recall answer 1
status "answer without a grade" 2
run recall answer 1 7
status "grade 7 is a usage error" 2
like "the grades are listed" "$err" "0-5, again, hard, good, easy"
run recall answer 1 great
status "an unknown grade word" 2
run recall answer 1 4 --duration soon
status "a bad duration" 2
run recall answer 99 4
status "an unknown card" 1
run recall answer 1 4 5
status "answer with three arguments" 2
run recall undo
status "undo with nothing to take back" 1
like "says so" "$err" "no answers to take back"
run recall undo extra
status "undo takes no arguments" 2
run recall due a b
status "due takes one deck at most" 2
run recall due nosuch
status "due on a missing deck" 1
run recall bury
status "bury without ids" 2
run recall check extra
status "check takes no arguments" 2
run recall status extra
status "status takes no arguments" 2

# Words and digits grade alike; the answer says what comes next.
run recall --now $D1 answer 1 good --duration 4.5
status "answer good" 0
is "answer reports the next review" "$out" \
    "card 1: good (4); next review 2026-11-27, in 1 day (ease 2.50)"
run recall --now $D1 answer 2 a --json
json_ok "answer --json" "$out"
is "a is again (2)" "$(jqr .grade)" 2
is "it moved the schedule" "$(jqr .scheduled)" true
is "it comes back today" "$(jqr .again_today)" true
is "ease after again" "$(jqr ".card.ease * 100 | round")" 218

# SM-2's same-day rule: only the first answer of the day counts.
run recall --now $D1 answer 2 5 --json
is "a second answer the same day does not move the schedule" \
    "$(jqr .scheduled)" false
is "ease unchanged by the same-day repeat" "$(jqr ".card.ease * 100 | round")" 218
run recall --now $D1 show 2 --json
is "both answers are logged" "$(jqr '[.history[].grade] | join(",")')" "2,5"
is "the repeat is marked" "$(jqr '[.history[].scheduled] | join(",")')" "true,false"
is "duration capped and recorded in seconds" \
    "$(recall show 1 --json | jq '.history[0].duration')" 4.5

# due lists the failed card first (it comes back), then new cards.
run recall --now $D1 answer 2 2
run recall --now $D1 due --json
is "due: the failed card comes back, then the new one" \
    "$(jqr '[.[] | "\(.id):\(.queue)"] | join(" ")')" "2:again 3:new"
run recall --now $D1 status
is "status counts" "$out" "need: 0 due, 1 new, 1 again | want: 0 due, 0 new"
run recall --now $D1 status --json
is "status --json" "$(jqr '[.need.due, .need.new, .need.again, .total] | join(",")')" "0,1,1,2"

# The next day: reviews, most overdue first.
recall -q --now $D1 answer 3 4
run recall --now $D3 due --json
is "most overdue first, by due day then id" "$(jqr '[.[].id] | join(",")')" "1,2,3"

# undo takes back the last answer and restores the schedule.
run recall --now $D2 show 1 --json
before=$(jqr '[.repetition, .ease, .interval, .due] | join(",")')
recall -q --now $D2 answer 1 5
run recall undo
status "undo" 0
like "undo says what it took back" "$out" "^took back easy \\(5\\) on card 1"
run recall --now $D2 show 1 --json
is "the schedule is as before" "$(jqr '[.repetition, .ease, .interval, .due] | join(",")')" "$before"
is "the answer left the log" "$(jqr '.history | length')" 1

# bury hides a card until tomorrow.
run recall --now $D2 bury 1
status "bury" 0
run recall --now $D2 due --json
is "a buried card is not due today" "$(jqr '[.[].id] | join(",")')" "2,3"
run recall --now $D3 due --json
is "it is back tomorrow" "$(jqr '[.[].id] | join(",")')" "1,2,3"

# Daily new-card limits hold across sessions (processes).
recall -q -f - <<'SCRIPT'
deck new fresh
deck set fresh new-per-day 2
add --deck fresh n1 a
add --deck fresh n2 a
add --deck fresh n3 a
SCRIPT
run recall --now $D1 due fresh --json
is "two new cards a day" "$(jqr 'length')" 2
recall -q --now $D1 answer "$(jqr '.[0].id')" 4
run recall --now $D1 due fresh --json
is "one left after one is learned" "$(jqr 'length')" 1
recall -q --now $D1 answer "$(jqr '.[0].id')" 4
run recall --now $D1 due fresh --json
is "none left today" "$(jqr 'length')" 0
run recall --now $D1 due fresh --new 1 --json
is "--new N asks for more today" "$(jqr 'length')" 1
run recall --now $D1 due fresh
like "nothing due says when the next review is" "$out" "^nothing is due now; next: 2 reviews on 2026-11-27 \\(in 1 day\\)"

# Leeches: at the threshold the card is suspended and tagged.
recall -q -f - <<'SCRIPT'
deck new hard
deck set hard leech-threshold 2
add --deck hard tough card
SCRIPT
id=$(recall cards --deck hard --json | jq '.[0].id')
recall -q --now $D1 answer "$id" 1
run recall --now $D2 answer "$id" 0
like "the leech is reported" "$out" "card $id is a leech \\(2 lapses\\): suspended and tagged 'leech'"
run recall show "$id" --json
is "suspended" "$(jqr .suspended)" true
is "tagged" "$(jqr '.tags | join(" ")')" leech
is "marked" "$(jqr .leech)" true
run recall --now $D2 answer "$id" 4
status "a suspended card cannot be answered" 1
like "says why" "$err" "suspended"
recall -q undo
run recall show "$id" --json
is "undo lifts the leech" "$(jqr '[.suspended, .leech, (.tags | length), .lapses] | join(",")')" "false,false,0,1"

# Rollover: before 4:00 it is still yesterday.
run recall --now 2026-11-27T03:59:00Z answer 3 4 --json
is "at 03:59 the day is still the 26th: a same-day repeat" "$(jqr .scheduled)" false

# check proves the log and the cards agree, and finds tampering.
run recall check
status "check passes" 0
sqlite3 "$RECALL_DB" 'UPDATE cards SET interval = 40 WHERE id = 1'
run recall check
status "check fails on a tampered card" 1
like "check names the card" "$out" "^card 1: the card: stored repetition 1, ease 2.5, interval 40"
like "check counts problems" "$out" "^1 problem found"
run recall check --json
json_ok "check --json" "$out"
is "check --json says not ok" "$(jqr .ok)" false

# check replays the log answer by answer: a logged state the answer before
# it did not give is named, before or after its answer, every field shown.
LOG="$TMP/log.db"
recall --db "$LOG" -q -f - <<'SCRIPT'
deck new words
deck set words fuzz off
add --deck words one 1
SCRIPT
recall --db "$LOG" -q --now $D1 answer 1 4
recall --db "$LOG" -q --now $D2 answer 1 5
cp "$LOG" "$TMP/log-good.db"
sqlite3 "$LOG" 'UPDATE reviews SET ease_after = 2.7 WHERE id = 1'
run recall --db "$LOG" check
status "check fails on a tampered after state" 1
is "check names the answer and both states" "$(printf '%s\n' "$out" | head -1)" \
    "card 1: after answer 1: stored repetition 1, ease 2.7, interval 1, due 2026-11-27, lapses 0, passed 1; the replay gives 1, 2.5, 1, 2026-11-27, 0, 1"
cp "$TMP/log-good.db" "$LOG"
sqlite3 "$LOG" 'UPDATE reviews SET lapses_before = 3 WHERE id = 2'
run recall --db "$LOG" check
status "check fails on a tampered before state" 1
is "check names the answer it comes before" "$(printf '%s\n' "$out" | head -1)" \
    "card 1: before answer 2: stored repetition 1, ease 2.5, interval 1, due 2026-11-27, lapses 3, passed 1; the replay gives 1, 2.5, 1, 2026-11-27, 0, 1"
cp "$TMP/log-good.db" "$LOG"
sqlite3 "$LOG" 'UPDATE reviews SET due_before = 20000 WHERE id = 1'
run recall --db "$LOG" check
is "a new card's due day is none" "$(printf '%s\n' "$out" | head -1)" \
    "card 1: before answer 1: stored repetition 0, ease 2.5, interval 0, due 2024-10-04, lapses 0, passed 0; the replay gives 0, 2.5, 0, none (new), 0, 0"

# set: the settings.
run recall set
like "set lists the settings" "$out" "^rollover +4 "
run recall set rollover 0
status "set rollover" 0
run recall set rollover 24
status "a bad rollover" 2
run recall set session 25m
is "set session" "$out" "session = 25m00s"
run recall set session soon
status "a bad session" 2
run recall set window 14
run recall set --json
is "set --json" "$(jqr '[.rollover, .session, .window] | join(",")')" "0,25m00s,14"
run recall set colour red
status "an unknown setting" 1

done_testing
