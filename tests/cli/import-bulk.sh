#!/bin/sh
# A big import inserts its new cards in bulk: the count caches that
# triggers keep row by row are brought up to date once for the batch, and
# the triggers are back afterwards.  The caches must be what the cards say.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# summary N FIRST [TITLE]: N cards numbered from FIRST, in all three layers.
summary() {
	awk -v n="$1" -v first="$2" -v title="${3:-Big}" 'BEGIN {
		print "# " title
		for (i = first; i < first + n; i++) {
			if (i == first) print "## Skim"
			if (i == first + int(n / 2)) print "## Explore"
			if (i == first + int(n * 4 / 5)) print "## Deepen"
			if (i % 10 == 7)
				printf "The capital of land %d is {{c1::city %d}}.\n", i, i
			else
				printf "term %d :: the meaning of term %d\n", i, i
		}
	}'
}

# What the triggers keep, against a count of the cards.
counts() {
	sqlite3 "$RECALL_DB" "SELECT deck_id, layer, cards, passed, fresh
	    FROM layer_counts WHERE cards > 0 ORDER BY 1, 2"
}
recount() {
	sqlite3 "$RECALL_DB" "SELECT deck_id, layer, count(*), sum(passed),
	    sum(due IS NULL) FROM cards WHERE suspended = 0 GROUP BY 1, 2
	    ORDER BY 1, 2"
}
triggers() {
	sqlite3 "$RECALL_DB" "SELECT name || ' ' || sql FROM sqlite_schema
	    WHERE type = 'trigger' ORDER BY name"
}
changes() {
	sqlite3 "$RECALL_DB" "SELECT n FROM card_changes"
}

recall -q deck new big
recall -q add --deck big "a card" "added by hand"
recall -q add --deck big --layer explore "another card" "added by hand"
before_triggers=$(triggers)
before_changes=$(changes)
summary 1000 0 >"$TMP/big.md"
run recall import --deck big "$TMP/big.md"
status "a 1000-card summary imports" 0
like "every card is new" "$out" "1000 new"
is "the layer counts are the cards' counts" "$(counts)" "$(recount)"
run recall deck show big --json
is "deck show counts every card" "$(jqr '.cards')" 1002
is "and every new one" "$(jqr '.new')" 1002
is "each insert counted as a change" "$(changes)" \
    "$((before_changes + 1000))"
is "the triggers are back, as they were" "$(triggers)" "$before_triggers"
run recall check
status "check passes" 0

# A second big file into the same deck adds to the counts already there.
summary 600 5000 >"$TMP/more.md"
recall -q import --deck big "$TMP/more.md"
is "a second bulk import adds to the counts" "$(counts)" "$(recount)"
run recall deck show big --json
is "to 1602 cards" "$(jqr '.cards')" 1602

# Afterwards, a card added one at a time is counted by the trigger again.
recall -q add --deck big --layer deepen "one more" "by hand"
is "the trigger counts a card added after a bulk import" "$(counts)" \
    "$(recount)"

# Re-importing with cards edited, removed and new keeps the counts too.
summary 1000 0 | sed -e 's/meaning of term 1\([0-9]\)$/sense of term 1\1/' \
    -e '/^term 3[0-9][0-9] ::/d' >"$TMP/big.md"
summary 400 9000 "Added later" >>"$TMP/big.md"
run recall import --deck big "$TMP/big.md"
status "a re-import with edits, removals and 400 new cards" 0
like "counts them" "$out" "400 new, 9 edited, .* 90 removed"
is "the counts still agree" "$(counts)" "$(recount)"
run recall check
status "check passes after it" 0

# A bulk import that fails part way (past the file size limit) leaves
# nothing: no cards, the counts and the triggers as they were.
summary 3000 20000 >"$TMP/huge.md"
before=$(counts)
(ulimit -f 400; recall import --deck big "$TMP/huge.md") >/dev/null 2>&1
is "a bulk import past the file size limit fails" "$?" 1
is "its cards are not there" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM cards
        WHERE source LIKE '%huge.md'")" 0
is "the counts are as they were" "$(counts)" "$before"
is "and the triggers" "$(triggers)" "$before_triggers"
run recall check
status "check passes after the failure" 0

done_testing
