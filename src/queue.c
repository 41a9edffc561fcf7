/*
 * The queue: what is due now, within each deck's daily limits.  Every
 * query here walks an index and stops at the limits, so counts stay fast
 * however large the collection grows.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/*
 * How many reviews and new cards a deck has done today (answers that moved
 * the schedule; a card's first answer counts as new).
 */
static void
queue_done_today(struct store *st, int64_t deck, int today, int *reviews,
    int *fresh)
{
	static const char sql[] = "SELECT coalesce(sum(r.due_before IS NOT "
	    "NULL), 0), coalesce(sum(r.due_before IS NULL), 0) FROM reviews r "
	    "JOIN cards c ON c.id = r.card_id WHERE r.time >= ?1 AND "
	    "r.day = ?2 AND r.scheduled = 1 AND c.deck_id = ?3";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)clock_day_start(today,
	    store_setting_int(st, "rollover", 4)) - SECONDS_PER_DAY);
	sqlite3_bind_int(stmt, 2, today);
	sqlite3_bind_int64(stmt, 3, deck);
	*reviews = *fresh = 0;
	if (store_step(st, stmt, NULL) == 1) {
		*reviews = sqlite3_column_int(stmt, 0);
		*fresh = sqlite3_column_int(stmt, 1);
	}
	sqlite3_reset(stmt);
}

/* Count up to limit rows of a deck's due (or new) cards. */
static int
queue_count_limited(struct store *st, const char *sql, int64_t deck,
    int today, int limit)
{
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 n = 0;

	if (limit <= 0)
		return 0;
	sqlite3_bind_int64(stmt, 1, deck);
	sqlite3_bind_int(stmt, 2, today);
	sqlite3_bind_int(stmt, 3, limit);
	if (store_step(st, stmt, NULL) == 1)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}

/* What is due now on each track, within the daily limits. */
void
queue_counts(struct store *st, time_t now, struct due_counts *c)
{
	static const char due_sql[] = "SELECT count(*) FROM (SELECT 1 FROM "
	    "cards WHERE deck_id = ?1 AND due <= ?2 AND suspended = 0 AND "
	    "buried_until <= ?2 LIMIT ?3)";
	static const char new_sql[] = "SELECT count(*) FROM (SELECT 1 FROM "
	    "cards WHERE deck_id = ?1 AND due IS NULL AND suspended = 0 AND "
	    "buried_until <= ?2 LIMIT ?3)";
	struct deck	**decks;
	int		  n, i, today, reviews, fresh;

	memset(c, 0, sizeof *c);
	today = clock_day(now, store_setting_int(st, "rollover", 4));
	decks = deck_list(st, NULL, &n);
	for (i = 0; i < n; i++) {
		queue_done_today(st, decks[i]->id, today, &reviews, &fresh);
		c->due[decks[i]->track] += queue_count_limited(st, due_sql,
		    decks[i]->id, today, decks[i]->reviews_per_day - reviews);
		c->fresh[decks[i]->track] += queue_count_limited(st, new_sql,
		    decks[i]->id, today, decks[i]->new_per_day - fresh);
	}
	deck_list_free(decks, n);
}
