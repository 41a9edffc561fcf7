#!/bin/sh
# A bulk import drops the insert triggers of the search index and of the
# due-day cache with the others (bulk_upkeep) and brings both up to date
# once for the batch: afterwards search finds the new cards through the
# index, deck list counts right and check proves the cache.  Each
# bulk_upkeep row does for a range of ids exactly what its trigger does
# row by row.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

NOW=2026-11-26T09:00:00Z

# summary N FIRST: N cards numbered from FIRST.
summary() {
	awk -v n="$1" -v first="$2" 'BEGIN {
		print "# Bulk"
		print "## Skim"
		for (i = first; i < first + n; i++) {
			if (i % 10 == 3)
				printf "The river of land %d is {{c1::stream%dx}}.\n", i, i
			else
				printf "gadget%dq :: what gadget %d does #bulk\n", i, i
		}
	}'
}

recall -q deck new bulk
is "every trigger on inserts into cards is done per batch in a bulk import" \
    "$(sqlite3 "$RECALL_DB" "SELECT name FROM sqlite_schema WHERE type = \
    'trigger' AND tbl_name = 'cards' AND sql LIKE '%AFTER INSERT ON cards%' \
    AND name NOT IN (SELECT trigger_name FROM bulk_upkeep)")" ""
recall -q add --deck bulk "by hand" "walrus tusk"
recall -q --now 2026-11-20T10:00:00Z answer 1 4
summary 600 0 >"$TMP/bulk.md"
run recall --now "$NOW" import --deck bulk "$TMP/bulk.md"
status "a 600-card summary imports" 0
like "every card is new" "$out" "600 new"
is "the triggers are back after the bulk import" \
    "$(sqlite3 "$RECALL_DB" "SELECT group_concat(name, ' ') FROM (SELECT \
    name FROM sqlite_schema WHERE type = 'trigger' AND name IN \
    ('cards_text_insert', 'due_days_insert') ORDER BY name)")" \
    "cards_text_insert due_days_insert"
is "the import leaves no card waiting for the index" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards_text_pending")" 0

# same_both DESC PATTERN: the index and the scan agree, and find cards.
same_both() {
	run env RECALL_SEARCH_SCAN=1 "$RECALL" --now "$NOW" search "$2"
	_scan_out=$out
	run recall --now "$NOW" search "$2"
	is "$1: $2" "$out" "$_scan_out"
	unlike "$1: $2 finds cards" "$out" "no cards match"
}
same_both "a new card is found" 'gadget417q'
same_both "a new cloze is found" 'stream593x'
same_both "every new card with the literal" 'gadget5[0-9]q'
same_both "a card from before" 'walrus'
same_both "one of a group's alternatives" 'gadget4(17|2[0-9])q'
same_both "alternatives joined to the run before" 'wal(rus|nut)'
same_both "alternatives in alternatives" 'gad(get(41|52)|zzz)q'
same_both "alternatives, one empty" 'stream59(3|)x'
run recall --now "$NOW" --json search gadget
is "search finds all the new cards holding the literal" \
    "$(jqr 'length')" 540
run sqlite3 "$RECALL_DB" "INSERT INTO cards_text (cards_text, rank) \
    VALUES ('integrity-check', 1)"
is "the index agrees with the cards (FTS5's integrity-check)" "$rc$err" "0"

run recall --now 2026-12-01T12:00:00Z --json deck list
is "deck list counts the card due" "$(jqr '.[0].due')" 1
is "and the new ones" "$(jqr '.[0].new')" 600
run recall --now 2026-12-01T12:00:00Z check
status "check proves the caches after the bulk import" 0

# Each bulk_upkeep row against its trigger: the same rows inserted into
# two copies, one with the triggers, one with them dropped and the
# batch's statements run for the ids; the caches must come out the same.
# The rows are due on various days, some suspended, in two decks.
recall -q deck new other
cp "$RECALL_DB" "$TMP/by-row.db"
cp "$RECALL_DB" "$TMP/by-batch.db"
first=$(sqlite3 "$RECALL_DB" "SELECT max(id) + 1 FROM cards")
last=$((first + 299))
rows="INSERT INTO cards (id, deck_id, front, back, tags, context, created,
    modified, due, suspended)
    WITH RECURSIVE n(i) AS (SELECT $first UNION ALL SELECT i + 1 FROM n
	WHERE i < $last)
    SELECT i, (SELECT id FROM decks WHERE name = CASE i % 3 WHEN 0 THEN
	'other' ELSE 'bulk' END), 'raw front ' || i, 'raw back ' || i,
	'rawtag', 'raw context', 0, 0,
	CASE WHEN i % 4 = 0 THEN NULL ELSE 20780 + i % 7 END, i % 5 = 0
    FROM n;"
sqlite3 "$TMP/by-row.db" "$rows"
sqlite3 "$TMP/by-batch.db" "SELECT 'DROP TRIGGER \"' || trigger_name ||
    '\";' FROM bulk_upkeep" >"$TMP/batch.sql"
printf '%s\n' "$rows" >>"$TMP/batch.sql"
sqlite3 "$TMP/by-batch.db" "SELECT batch_sql || ';' FROM bulk_upkeep" |
    sed -e "s/?1/$first/g" -e "s/?2/$last/g" >>"$TMP/batch.sql"
sqlite3 "$TMP/by-batch.db" "SELECT s.sql || ';' FROM sqlite_schema s JOIN
    bulk_upkeep u ON u.trigger_name = s.name" >>"$TMP/batch.sql"
(printf 'BEGIN;\n'; cat "$TMP/batch.sql"; printf 'COMMIT;\n') |
    sqlite3 "$TMP/by-batch.db"
caches() {
	sqlite3 "$1" "SELECT 'due', deck_id, due, cards FROM due_days;
	    SELECT 'pending', count(*), min(id), max(id)
	    FROM cards_text_pending;
	    SELECT 'layer', deck_id, layer, cards, passed, fresh
	    FROM layer_counts;
	    SELECT 'changes', n FROM card_changes;"
}
is "the batch statements keep the caches as the triggers do" \
    "$(caches "$TMP/by-batch.db")" "$(caches "$TMP/by-row.db")"
like "the rows were due on days the cache counts" \
    "$(caches "$TMP/by-row.db")" "due\|[0-9]+\|20783\|"
is "the pending queue holds the new ids" \
    "$(sqlite3 "$TMP/by-batch.db" "SELECT count(*) FROM cards_text_pending \
    WHERE id BETWEEN $first AND $last")" 300
is "and the due days are a recount of the cards" \
    "$(sqlite3 "$TMP/by-batch.db" "SELECT deck_id, due, cards FROM due_days \
    ORDER BY 1, 2")" \
    "$(sqlite3 "$TMP/by-batch.db" "SELECT deck_id, due, count(*) FROM cards \
    WHERE due IS NOT NULL AND suspended = 0 GROUP BY 1, 2 ORDER BY 1, 2")"
RECALL_DB=$TMP/by-batch.db
export RECALL_DB
run recall --now "$NOW" --json search 'raw front 7'
is "search finds the queued cards" "$(jqr 'length')" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards \
    WHERE front LIKE 'raw front 7%'")"

done_testing
