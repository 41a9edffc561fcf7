#!/bin/sh
# The queries behind status, due, answer, deck list and a search with a
# literal use their indexes: each
# statement recall runs (as RECALL_TRACE_SQL writes them, so no copy of
# the SQL can drift) is planned without a scan of cards, reviews, daily
# or layer_counts.  tests/bench/run.sh times the same statements on 1M
# cards.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

recall -q -f - <<'SCRIPT'
deck new words
deck new lang::kana
add --deck words one 1
add --deck words two 2
add --deck words three 3
add --deck lang::kana a あ
SCRIPT
recall -q --now 2026-11-26T09:00:00Z answer 1 4
recall -q --now 2026-11-26T09:00:00Z answer 2 2

TRACE=$TMP/trace.sql
export RECALL_TRACE_SQL="$TRACE"
run recall --now 2026-11-27T09:00:00Z status
status "status runs with the trace on" 0
run recall --now 2026-11-27T09:00:00Z due --json
status "due --json runs with the trace on" 0
run recall --now 2026-11-27T09:00:00Z due lang
status "due DECK runs with the trace on" 0
run recall -q --now 2026-11-27T09:00:00Z answer 3 5
status "answer runs with the trace on" 0
run recall --now 2026-11-27T09:00:00Z deck list
status "deck list runs with the trace on" 0
run recall --now 2026-11-27T09:00:00Z search three
status "a literal search runs with the trace on" 0
unset RECALL_TRACE_SQL

# The statements as prepared (before the tab), each once.
cut -f1 "$TRACE" | grep -E '^(SELECT|WITH) ' | sort -u >"$TMP/queries"
like "the trace has the queue's due reviews" "$(cat "$TMP/queries")" \
    '^SELECT id, source, source_line FROM cards WHERE deck_id = \?1 AND due <= \?2 '
like "and its new cards" "$(cat "$TMP/queries")" \
    '^SELECT id, source, source_line FROM cards WHERE deck_id = \?1 AND layer = \?2 AND due IS NULL'
like "and deck list's due count" "$(cat "$TMP/queries")" 'FROM due_days'
like "and the search through the trigram index" "$(cat "$TMP/queries")" \
    'cards_text MATCH \?3'
like "and the values bound, after a tab" "$(cat "$TRACE")" \
    "	SELECT value FROM settings WHERE key = 'rollover'"

scans=
while IFS= read -r query; do
	plan=$(sqlite3 "$RECALL_DB" "EXPLAIN QUERY PLAN $query" 2>&1)
	if printf '%s\n' "$plan" | sed 's/^[|` -]*//' | grep -Eq \
	    '^SCAN (cards|reviews|daily|layer_counts|c|r|s)( |$)'; then
		scans="$scans$query
$plan
"
	fi
done <"$TMP/queries"
is "no statement of status, due, answer, deck list or a literal search scans a whole table" "$scans" ""

done_testing
