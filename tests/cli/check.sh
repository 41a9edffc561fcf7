#!/bin/sh
# check and check --full: the same verdict on every kind of damage the
# quick check looks for, the problems card by card, and what only --full
# finds (an index that disagrees with its table, every page well formed).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-11-26T09:00:00Z
D2=2026-11-28T09:00:00Z

# A deck of 300 cards, some answered twice; card 7 before card 3.
awk 'BEGIN { print "# Many"; for (i = 1; i <= 300; i++)
	printf "question %d, padded to fill pages :: answer %d\n", i, i }' \
    >"$TMP/many.md"
recall -q import "$TMP/many.md" --deck many
for id in 7 3 5 1 2; do
	recall -q --now $D1 answer $id good
done
for id in 3 7 1; do
	recall -q --now $D2 answer $id hard
done
cp "$RECALL_DB" "$TMP/good.db"

run recall check
status "check passes on a sound collection" 0
like "and says what it replayed" "$out" "^ok: replayed 8 answers on 300 cards"
run recall check --full
status "so does check --full" 0
is "with the same words" "$out" "ok: replayed 8 answers on 300 cards; every \
schedule matches its log, and the database is sound"
run recall check --fast
status "an unknown option is a usage error" 2
like "and the usage names --full" "$err" "usage: check \[--full\] \[--json\]"

# both DESC REGEX: check and check --full exit 1, print the same lines,
# and REGEX matches them.
both() {
	run recall check
	quick_rc=$rc quick=$out
	run recall check --full
	status "$1: check --full fails" 1
	is "$1: check fails too, with the same problems" "$quick_rc: $quick" \
	    "1: $out"
	like "$1: named" "$out" "$2"
}

# Differences found by the replay come card by card, in card order, though
# card 7's answers were logged first.
sqlite3 "$RECALL_DB" "UPDATE reviews SET ease_after = 2.9 WHERE card_id IN
    (3, 7) AND day = (SELECT min(day) FROM reviews)"
both "two cards' logs" "^card 3: after answer 2: stored"
is "card 3 comes before card 7" \
    "$(printf '%s\n' "$out" | sed -n 's/^card \([0-9]*\):.*/\1/p' |
    tr '\n' ' ')" "3 7 "
cp "$TMP/good.db" "$RECALL_DB"

# An answer out of order and a card's state: each named once.
sqlite3 "$RECALL_DB" "UPDATE reviews SET time = time - 3 * 86400 WHERE
    card_id = 1 AND day = (SELECT max(day) FROM reviews);
    UPDATE cards SET lapses = 4 WHERE id = 2"
both "an answer out of order" "^card 1: answer [0-9]+ .* is dated before"
like "and a tampered card" "$out" "^card 2: the card: stored .*lapses 4"
like "two problems" "$out" "^2 problems found$"
cp "$TMP/good.db" "$RECALL_DB"

# Rows pointing at rows that are not there.
sqlite3 "$RECALL_DB" "PRAGMA foreign_keys = OFF; DELETE FROM cards WHERE
    id = 5; UPDATE reviews SET deck_id = 99 WHERE card_id = 7 AND
    day = (SELECT max(day) FROM reviews)"
both "missing rows" "^card 5: answer [0-9]+ refers to a missing row of cards"
like "an answer of a missing deck" "$out" \
    "^card 7: answer [0-9]+ refers to a missing row of decks"
cp "$TMP/good.db" "$RECALL_DB"
sqlite3 "$RECALL_DB" "PRAGMA foreign_keys = OFF;
    UPDATE cards SET deck_id = 42 WHERE id = 9"
both "a card of a missing deck" "^card 9 refers to a missing row of decks"
cp "$TMP/good.db" "$RECALL_DB"

# The daily cache against the log's time.
sqlite3 "$RECALL_DB" "UPDATE daily SET ms = ms + 5000 WHERE
    day = (SELECT min(day) FROM daily)"
both "the daily cache" "^deck 'many', 2026-11-26: the log has .*the daily cache"
cp "$TMP/good.db" "$RECALL_DB"

# The retention cache against the log: a day's counts off, and days gone.
sqlite3 "$RECALL_DB" "INSERT INTO retention_days VALUES ((SELECT id FROM
    decks WHERE name = 'many'), (SELECT min(day) FROM reviews), 3, 2, 0, 0)
    ON CONFLICT (deck_id, day) DO UPDATE SET young = young + 3,
    young_ok = young_ok + 2"
both "the retention cache" \
    "^deck 'many', 2026-11-26: the log has [0-9]+ young answers .*the retention cache"
cp "$TMP/good.db" "$RECALL_DB"
like "the log has answers for retention" \
    "$(sqlite3 "$RECALL_DB" 'SELECT sum(young + mature) FROM retention_days')" \
    '^[1-9]'
sqlite3 "$RECALL_DB" "DELETE FROM retention_days"
both "the retention cache lacking days" \
    "^the log has [0-9]+ answers for retention .*: it lacks days"
cp "$TMP/good.db" "$RECALL_DB"

# The queue's cache of the log's newest day: a card's last answer of the
# day, the card's deck, an answer it lacks, and an answer after its day.
like "the newest day's cache holds its cards" "$(sqlite3 "$RECALL_DB" \
    "SELECT group_concat(card_id, ' ') FROM (SELECT card_id FROM
    last_day_answers ORDER BY card_id)")" '^1 3 7$'
sqlite3 "$RECALL_DB" "UPDATE last_day_answers SET grade = 1 WHERE card_id = 3"
both "the newest day's cache" \
    "^card 3: the queue's cache of the newest day differs from the log \(a row only the log has\)"
like "and the row it has instead" "$out" \
    "^card 3: the queue's cache of the newest day differs from the log \(a row only the cache has\)"
cp "$TMP/good.db" "$RECALL_DB"
sqlite3 "$RECALL_DB" "UPDATE last_day_answers SET deck_id = 77 WHERE
    card_id = 7"
both "the newest day's cache with a card's deck wrong" \
    "^card 7: the queue's cache of the newest day differs"
cp "$TMP/good.db" "$RECALL_DB"
sqlite3 "$RECALL_DB" "DELETE FROM last_day_answers WHERE card_id = 1"
both "the newest day's cache lacking a card" \
    "^card 1: the queue's cache of the newest day differs from the log \(a row only the log has\)"
cp "$TMP/good.db" "$RECALL_DB"
sqlite3 "$RECALL_DB" "UPDATE last_day SET day = day - 2"
both "answers after the newest day's cache" \
    "^the log has 3 answers after the day the queue's cache of the newest day holds, from 2026-11-28"
cp "$TMP/good.db" "$RECALL_DB"

# The cards-in-review cache against the cards, and every answer's count.
sqlite3 "$RECALL_DB" "UPDATE card_buckets SET cards = cards + 1 WHERE
    (deck_id, ivl, ease) IN (SELECT deck_id, ivl, ease FROM card_buckets
    LIMIT 1)"
both "the cards-in-review cache" \
    "^deck 'many': counted [0-9]+ cards in review of interval bucket [0-9] and ease bucket [0-9], cached [0-9]+"
cp "$TMP/good.db" "$RECALL_DB"
sqlite3 "$RECALL_DB" "UPDATE daily SET answers = answers + 1 WHERE
    day = (SELECT min(day) FROM daily)"
both "the daily cache's answers" \
    "^deck 'many', 2026-11-26: the log has [0-9]+ answers, the daily cache [0-9]+"
cp "$TMP/good.db" "$RECALL_DB"

# Damage to the pages and a card's state at once: the page check runs on
# a second core beside the replay, and its problems still come first.
page=$(sqlite3 "$RECALL_DB" "SELECT rootpage FROM sqlite_schema WHERE
    name = 'cards_twin'")
sqlite3 "$RECALL_DB" "UPDATE cards SET lapses = 4 WHERE id = 2"
yes garbage | head -c "$(sqlite3 "$RECALL_DB" 'PRAGMA page_size')" |
    dd of="$RECALL_DB" bs="$(sqlite3 "$RECALL_DB" 'PRAGMA page_size')" \
    seek=$((page - 1)) conv=notrunc status=none
run recall check
status "check fails on a garbage index page and a tampered card" 1
like "the page check names the page" "$out" \
    "^Page $page: btreeInitPage\(\) returns error code 11"
is "the pages' problem first, then the card's" "$(printf '%s\n' "$out" |
    sed -n 's/^\(database\|card [0-9]*\):.*/\1/p' | tr '\n' ' ')" \
    "database card 2 "
like "two problems" "$out" "^2 problems found$"
rm -f "$RECALL_DB-damaged"
cp "$TMP/good.db" "$RECALL_DB"

# Garbage over a page of the log: SQLite's check names the damage.
page=$(sqlite3 "$RECALL_DB" "SELECT rootpage FROM sqlite_schema WHERE
    name = 'reviews_day'")
size=$(sqlite3 "$RECALL_DB" 'PRAGMA page_size')
head -c "$size" /dev/urandom | dd of="$RECALL_DB" bs="$size" \
    seek=$((page - 1)) conv=notrunc status=none
run recall check
status "check fails on a garbage page" 1
like "and says the database is damaged" "$out$err" "database|damaged"
rm -f "$RECALL_DB-damaged"
cp "$TMP/good.db" "$RECALL_DB"

# An index whose pages are sound but whose entries are not its table's:
# only the full check looks every row up in it.
sqlite3 "$RECALL_DB" "PRAGMA writable_schema = ON; UPDATE sqlite_schema
    SET sql = 'CREATE INDEX cards_deck ON cards(layer)' WHERE
    name = 'cards_deck'"
run recall check --full
status "check --full fails on an index that disagrees with its table" 1
like "and names the index" "$out" "^database: .*cards_deck"
rm -f "$RECALL_DB-damaged"
cp "$TMP/good.db" "$RECALL_DB"

# A check while another recall answers is one snapshot: no false problem.
awk 'BEGIN { for (i = 10; i < 200; i++) printf "answer %d good\n", i }' \
    >"$TMP/answers"
recall -q --now $D1 -f "$TMP/answers" &
writer=$!
ok=0
n=0
while kill -0 $writer 2>/dev/null && [ $n -lt 20 ]; do
	run recall check
	[ $rc -eq 0 ] || { ok=$rc; break; }
	n=$((n + 1))
done
wait $writer
is "check passes while answers go in ($n checks)" "$ok" 0
run recall check
status "and after" 0

done_testing
