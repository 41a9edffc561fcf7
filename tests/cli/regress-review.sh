#!/bin/sh
# Regression tests of issue [5]: review, undo and the log, each named after
# what broke.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-12-01T09:00:00Z
D2=2026-12-02T09:00:00Z
OTHER="$TMP/other-state"

recall -q -f - <<'SCRIPT'
deck new d
deck set d fuzz off
add --deck d Q1 A1
add --deck d Q2 A2
add --deck d Q3 A3
SCRIPT

# Review ids were reused: an undo freed the last id for the next answer.
recall -q --now $D1 answer 1 good
recall -q --now $D1 answer 2 good
recall -q --now $D1 undo
recall -q --now $D1 answer 3 good
is "an answer after an undo gets a new id, never the freed one" \
    "$(sqlite3 "$RECALL_DB" 'SELECT group_concat(id) FROM reviews ORDER BY id')" "1,3"

# One-shot undo took back the answer another device gave last.
XDG_STATE_HOME="$OTHER" recall -q --now $D1 answer 2 good
run recall --now $D1 undo
status "undo on this device" 0
like "takes back this device's last answer, not the other's" "$out" "on card 3,"
run recall show 2 --json
is "the other device's answer stays" "$(jqr '.history | length')" 1

# A device with no answers of its own took back someone else's.
XDG_STATE_HOME="$TMP/third" run recall --now $D1 undo
status "undo with no answers from this device" 1
like "says so, and how to take back another's" "$err" \
    "no answers to take back from this device.*--card ID"

# There was no way to take back a given card's answer from here.
run recall --now $D1 undo --card 2
status "undo --card takes back that card's last answer" 0
like "and says which" "$out" "^took back good \\(4\\) on card 2, answered 2026-12-01"

# Undo took back an answer that a later answer of the card stood on.
recall -q --now $D2 answer 1 good
XDG_STATE_HOME="$OTHER" recall -q --now $D2 answer 1 hard
run recall --now $D2 undo
status "undo refuses an answer that is not its card's last" 1
like "and says why" "$err" "card 1 was answered again since.*only a card's last answer"
run recall check
status "the log still replays" 0

# An answer dated before the card's last answer was accepted.
run recall --now $D1 answer 1 good
status "an answer dated before the card's last one" 1
like "is refused, saying why" "$err" "dated before card 1's last answer"
is "and nothing is logged" \
    "$(sqlite3 "$RECALL_DB" 'SELECT count(*) FROM reviews WHERE card_id = 1')" 3

# check said ok on a log that was out of order.
sqlite3 "$RECALL_DB" "UPDATE reviews SET time = time - 3 * 86400 WHERE id = (SELECT max(id) FROM reviews WHERE card_id = 1)"
run recall check
status "check fails on a log out of order" 1
like "and names the card and its answers" "$out" "^card 1: answer [0-9]+ .* is dated before .*out of order"

# --now 9999-12-31 answer gave a due date in the year 10000.
recall -q add --deck d Q4 A4
run recall --now 9999-12-31T12:00:00Z answer 4 easy
status "an answer on the last accepted day" 0
run recall show 4 --json
is "is due on the last accepted day, not after it" "$(jqr .due)" 9999-12-31

# check printed day numbers and floats like 2.7000000000000002.
sqlite3 "$RECALL_DB" 'UPDATE cards SET ease = 2.7 WHERE id = 4'
run recall check
like "check prints a due date as a date" "$out" "^card 4: the card: stored .*due 9999-12-31"
like "and an ease as a person reads it" "$out" "ease 2\\.7, "
unlike "not with seventeen digits" "$out" "2\\.70000"

# check's foreign-key lines said "database: reviews" with no card id.
sqlite3 "$RECALL_DB" "PRAGMA foreign_keys = OFF; INSERT INTO reviews (card_id, time, day, grade, duration, scheduled, fuzz, rep_before, ease_before, interval_before, lapses_before, passed_before, rep_after, ease_after, interval_after, lapses_after) VALUES (99, 0, 0, 4, 0, 1, 0, 0, 2.5, 0, 0, 0, 1, 2.6, 1, 0)"
run recall check
like "an answer of a missing card names the card and the answer" "$out" "^card 99: answer [0-9]+ refers to a missing row of cards"
unlike "no bare table name" "$out" "^database: reviews$"

# G was not a grade while AGAIN was.
recall -q add --deck d Q5 A5
recall -q add --deck d Q6 A6
run recall --now $D1 answer 5 G
status "answer ID G" 0
like "is good" "$out" "good \\(4\\)"
run recall --now $D1 answer 6 AGAIN
status "answer ID AGAIN" 0
like "is again" "$out" "again \\(2\\)"

# The two sides of a ::: card and the clozes of one line came in one session.
cat >"$TMP/sib.md" <<'TEXT'
---
deck: sib
---
Front ::: Back
The {{c1::cat}} sat on the {{c2::mat}}.
Plain :: card
TEXT
recall -q import "$TMP/sib.md"
sib() { recall --now "$1" due --deck sib --json | jq -r '[.[].front] | join(",")'; }
is "one card of each line a day, the first new one" \
    "$(sib $D1)" "Front,The [...] sat on the mat.,Plain"
id=$(recall cards --deck sib --json | jq -r '.[] | select(.front == "Front") | .id')
recall -q --now $D1 answer "$id" good
is "a sibling answered today keeps the other side away" \
    "$(sib $D1)" "The [...] sat on the mat.,Plain"
is "and the next day a due sibling still goes first" \
    "$(sib $D2)" "Front,The [...] sat on the mat.,Plain"
run recall deck set sib bury-siblings off
status "deck set bury-siblings off" 0
is "with the option off, siblings come together" \
    "$rc:$(sib $D1)" "0:Back,The [...] sat on the mat.,The cat sat on the [...].,Plain"

# deck show did not say whether siblings are buried.
run recall deck show sib
like "deck show names the bury-siblings option" "$out" "bury-siblings off"
run recall deck show sib --json
is "and its JSON too" "$(jqr .options.bury_siblings)" false

# review and summarize said "needs a terminal" (exit 1) before checking
# their values: a bad value is a usage error, terminal or not.
run recall review --time -5m
status "review --time -5m is a usage error" 2
like "and names the bad duration" "$err" "bad duration '-5m'"
run recall review --new -1
status "review --new -1 is a usage error" 2
run recall summarize --edit x
status "summarize --edit x is a usage error" 2
run recall review
status "review without a terminal still fails" 1
like "saying it needs one" "$err" 'review needs a terminal'

# An answer on the last day a date can have said "in 1 day" (or 0 days)
# and an interval of 1d, for a card due the same day.
printf 'last :: day\n' > "$TMP/last-day.md"
recall -q import "$TMP/last-day.md" --deck lastday
last=$(sqlite3 "$RECALL_DB" "SELECT max(id) FROM cards")
run recall --now 9999-12-31T12:00 answer "$last" easy
status "an answer on the last day is saved" 0
like "it says the review stays today" "$out" 'next review 9999-12-31, today: no later day can be kept'
run recall --now 9999-12-31T12:00 show "$last"
like "and show gives the interval it has" "$out" 'interval 0d'

done_testing
