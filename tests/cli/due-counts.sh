#!/bin/sh
# deck list and deck show count what is due from the due_days cache (per
# deck and due day) less the cards buried past today: the counts equal a
# recount of the cards after every kind of change, check proves the cache
# and finds it wrong when it is, and the queries read no whole table.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-11-20T10:00:00Z
recall -q deck new a
recall -q deck new b --track want
recall -q -f - <<'SCRIPT'
add --deck a one 1
add --deck a two 2
add --deck a three 3
add --deck a four 4
add --deck b five 5
add --deck b six 6
SCRIPT
for id in 1 2 3 4 5 6; do
	recall -q --now "$D1" answer "$id" 4
done
recall -q --now 2026-11-21T10:00:00Z answer 2 5

# counts_agree DESC NOW: deck list's due counts equal a recount at NOW.
counts_agree() {
	run recall --now "$2" --json deck list
	_listed=$(jqr '.[] | "\(.name)=\(.due)"' | tr '\n' ' ')
	_today=$(sqlite3 "$RECALL_DB" "SELECT (CAST(strftime('%s', '$2') AS \
	    INTEGER) - 14400) / 86400")
	_counted=$(sqlite3 "$RECALL_DB" "SELECT d.name || '=' || (SELECT \
	    count(*) FROM cards c WHERE c.deck_id = d.id AND c.due <= \
	    $_today AND c.suspended = 0 AND c.buried_until <= $_today) \
	    FROM decks d ORDER BY d.name" | tr '\n' ' ')
	is "$1" "$_listed" "$_counted"
	run recall --now "$2" check
	status "$1: check passes" 0
}

counts_agree "after answers, the next day" 2026-11-21T12:00:00Z
counts_agree "and later" 2026-12-01T12:00:00Z
run recall --now 2026-12-01T12:00:00Z --json deck list
like "the counts are not all zero" "$(jqr '.[0].due')" '^[1-9]'
recall -q suspend 1
counts_agree "after a suspend" 2026-12-01T12:00:00Z
recall -q unsuspend 1
counts_agree "after an unsuspend" 2026-12-01T12:00:00Z
recall -q --now 2026-12-01T12:00:00Z bury 3
counts_agree "after a bury, that day" 2026-12-01T12:00:00Z
counts_agree "after a bury, the day after" 2026-12-02T12:00:00Z
recall -q edit 4 --deck b
counts_agree "after a card moved deck" 2026-12-01T12:00:00Z
recall -q delete 5 --force
counts_agree "after a delete" 2026-12-01T12:00:00Z
recall -q --now 2026-12-01T12:00:00Z answer 6 2
counts_agree "after a lapse" 2026-12-01T12:00:00Z
recall -q --now 2026-12-01T12:00:00Z undo
counts_agree "after an undo" 2026-12-01T12:00:00Z
run recall --now 2026-12-01T12:00:00Z deck show a
like "deck show counts the same way" "$out" "due"
recall -q deck delete b --force
counts_agree "after a deck delete" 2026-12-01T12:00:00Z
is "a deleted deck leaves no due days" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM due_days WHERE deck_id \
    NOT IN (SELECT id FROM decks)")" 0

# A wrong cache is found.
sqlite3 "$RECALL_DB" "UPDATE due_days SET cards = cards + 7 WHERE \
    (deck_id, due) = (SELECT deck_id, due FROM due_days LIMIT 1)"
run recall check
status "check fails on a wrong due-day count" 1
like "and names the deck and day" "$out" "deck 'a': counted [0-9]+ cards due on 20[0-9-]+, cached [0-9]+"

# The counts read the cache and the buried index, no whole table.
TRACE=$TMP/trace.sql
RECALL_TRACE_SQL="$TRACE" recall --now 2026-12-01T12:00:00Z deck list >/dev/null
query=$(cut -f1 "$TRACE" | grep 'FROM due_days' | head -n 1)
plan=$(sqlite3 "$RECALL_DB" "EXPLAIN QUERY PLAN $query" 2>&1)
like "the due count reads due_days" "$plan" "SEARCH due_days"
like "and the buried cards' index" "$plan" "cards_buried"
unlike "and scans nothing" "$(printf '%s\n' "$plan" | sed 's/^[|` -]*//')" \
    '^SCAN (cards|due_days|reviews)( |$)'

done_testing
