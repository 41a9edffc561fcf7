/*
 * The queue's loading: what a review session may show, from the store.
 * Due reviews and new cards from the layers that are open, within the
 * daily limits (they hold across sessions), siblings kept apart, and the
 * cards failed today; queue-session.c picks from them in memory.  Every
 * query walks an index and stops at the limits, so the queue never loads
 * the collection.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/*
 * Sibling burying, one home for the rule: cards of one source line (the
 * two sides of a ":::" card, the clozes of a line, an Anki note's cards)
 * in one deck are siblings, and only one of them is shown a day.  A card
 * waits while a sibling was answered today, or while a sibling comes
 * before it: a due sibling before a new card, the more overdue (then the
 * lower id) of two due ones, the lower id of two new ones.  Appended to a
 * query over "cards"; ?8 is the deck's option and ?9 today.
 */
#define QUEUE_NO_SIBLING " AND (?8 = 0 OR cards.source IS NULL OR " \
	"cards.source_line IS NULL OR NOT EXISTS (SELECT 1 FROM cards s " \
	"WHERE s.source = cards.source AND s.source_line = " \
	"cards.source_line AND s.deck_id = cards.deck_id AND " \
	"s.id != cards.id AND s.suspended = 0 AND (EXISTS (SELECT 1 FROM " \
	"reviews r WHERE r.card_id = s.id AND r.day = ?9) OR " \
	"(s.buried_until <= ?9 AND ((s.due IS NOT NULL AND " \
	"s.due <= ?9 AND (cards.due IS NULL OR s.due < cards.due OR " \
	"(s.due = cards.due AND s.id < cards.id))) OR (s.due IS NULL AND " \
	"cards.due IS NULL AND s.id < cards.id))))))"

/* Bind what QUEUE_NO_SIBLING asks: the deck's option and the day. */
static void
queue_bind_siblings(sqlite3_stmt *stmt, const struct deck *d, int today)
{
	sqlite3_bind_int(stmt, 8, d->bury_siblings);
	sqlite3_bind_int(stmt, 9, today);
}

/*
 * A deck's due reviews today, for counting them and for loading them: ?1
 * the deck, ?2 today, ?3 the limit (queue_bind_due binds them).
 */
#define QUEUE_DUE_SQL "SELECT id FROM cards WHERE deck_id = ?1 AND " \
	"due <= ?2 AND suspended = 0 AND buried_until <= ?2" QUEUE_NO_SIBLING

/* Bind what QUEUE_DUE_SQL asks, with its limit. */
static sqlite3_stmt *
queue_bind_due(struct store *st, const char *sql, const struct deck *d,
    int today, int limit)
{
	sqlite3_stmt *stmt = store_stmt(st, sql);

	queue_bind_siblings(stmt, d, today);
	sqlite3_bind_int64(stmt, 1, d->id);
	sqlite3_bind_int(stmt, 2, today);
	sqlite3_bind_int(stmt, 3, limit);
	return stmt;
}

/*
 * A deck's new cards of one layer, for counting and loading them: ?1 the
 * deck, ?2 the layer, ?3 today, ?4 the limit (queue_bind_new binds them).
 */
#define QUEUE_NEW_SQL "SELECT id FROM cards WHERE deck_id = ?1 AND " \
	"layer = ?2 AND due IS NULL AND suspended = 0 AND buried_until <= ?3" \
	QUEUE_NO_SIBLING

/* Bind what QUEUE_NEW_SQL asks, with its limit. */
static sqlite3_stmt *
queue_bind_new(struct store *st, const char *sql, const struct deck *d,
    enum layer l, int today, int limit)
{
	sqlite3_stmt *stmt = store_stmt(st, sql);

	queue_bind_siblings(stmt, d, today);
	sqlite3_bind_int64(stmt, 1, d->id);
	sqlite3_bind_text(stmt, 2, layer_name(l), -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, today);
	sqlite3_bind_int(stmt, 4, limit);
	return stmt;
}

/* The target share of the need track, in percent. */
int
queue_need_share(struct store *st)
{
	return settings_int(st, SETTING_SHARE_NEED);
}

/* The balance window, in days. */
int
queue_window(struct store *st)
{
	return settings_int(st, SETTING_WINDOW);
}

/* What a deck has done today, from the daily cache of the log. */
static int
queue_done_today(struct store *st, int64_t deck, int today, int *reviews,
    int *fresh, char **cause)
{
	static const char sql[] = "SELECT reviews, fresh FROM daily "
	    "WHERE deck_id = ? AND day = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	sqlite3_bind_int64(stmt, 1, deck);
	sqlite3_bind_int(stmt, 2, today);
	*reviews = *fresh = 0;
	if ((rc = store_step(st, stmt, cause)) == 1) {
		*reviews = sqlite3_column_int(stmt, 0);
		*fresh = sqlite3_column_int(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == -1 ? -1 : 0;
}

/*
 * Time spent on a deck over the window ending today, and answers given; 0,
 * or -1 with cause.
 */
int
queue_deck_time(struct store *st, int64_t deck, int today, int window,
    double *seconds, int *answers, char **cause)
{
	static const char sql[] = "SELECT coalesce(sum(ms), 0), "
	    "coalesce(sum(reviews + fresh), 0) FROM daily "
	    "WHERE deck_id = ? AND day > ? AND day <= ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	sqlite3_bind_int64(stmt, 1, deck);
	sqlite3_bind_int(stmt, 2, today - window);
	sqlite3_bind_int(stmt, 3, today);
	*seconds = 0;
	*answers = 0;
	if ((rc = store_step(st, stmt, cause)) == 1) {
		*seconds = sqlite3_column_int64(stmt, 0) / 1000.0;
		*answers = sqlite3_column_int(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == -1 ? -1 : 0;
}

/* Which layers of a deck are open to new cards; 0, or -1 with cause. */
static int
queue_open_layers(struct store *st, const struct deck *d,
    int open[LAYER_COUNT], char **cause)
{
	struct layer_stats	stats[LAYER_COUNT];
	int			l;

	if (deck_layer_stats(st, d->id, stats, cause) != 0)
		return -1;
	for (l = 0; l < LAYER_COUNT; l++)
		open[l] = layer_open(stats, d->layer_gate, (enum layer)l);
	return 0;
}

/* Count up to limit of a deck's due reviews, or -1 with cause. */
static int
queue_count_due(struct store *st, const struct deck *d, int today, int limit,
    char **cause)
{
	static const char sql[] = "SELECT count(*) FROM (" QUEUE_DUE_SQL
	    " LIMIT ?3)";
	sqlite3_stmt	*stmt;
	int		 n = 0;

	if (limit <= 0)
		return 0;
	stmt = queue_bind_due(st, sql, d, today, limit);
	if ((n = store_step(st, stmt, cause)) == 1)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}

/* Count up to limit of a deck's new cards in the open layers, or -1. */
static int
queue_count_new(struct store *st, const struct deck *d, int today,
    const int open[LAYER_COUNT], int limit, char **cause)
{
	static const char sql[] = "SELECT count(*) FROM (" QUEUE_NEW_SQL
	    " LIMIT ?4)";
	sqlite3_stmt	*stmt;
	int		 n = 0, l, rc;

	for (l = 0; l < LAYER_COUNT && n < limit; l++) {
		if (!open[l])
			continue;
		stmt = queue_bind_new(st, sql, d, (enum layer)l, today,
		    limit - n);
		if ((rc = store_step(st, stmt, cause)) == 1)
			n += sqlite3_column_int(stmt, 0);
		sqlite3_reset(stmt);
		if (rc == -1)
			return -1;
	}
	return n;
}

/*
 * The cards whose last answer today brings them back today (graded below
 * 4 and not passed since): calls fn for each, oldest answer first.  A
 * suspended card stays out; a leech that was unsuspended since comes back
 * like any card, so the answer's leech flag does not count here.  0, or
 * -1 with cause.
 */
static int
queue_failed_today(struct store *st, int today,
    void (*fn)(void *, int64_t, int64_t), void *arg, char **cause)
{
	static const char sql[] = "SELECT r.card_id, c.deck_id, r.grade "
	    "FROM reviews r JOIN cards c ON c.id = r.card_id WHERE "
	    "r.day = ?1 AND c.suspended = 0 AND c.buried_until <= ?1 AND "
	    "r.id = (SELECT max(id) FROM "
	    "reviews WHERE card_id = r.card_id AND day = ?1) ORDER BY r.id";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	sqlite3_bind_int(stmt, 1, today);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		if (sm2_again_today(sqlite3_column_int(stmt, 2), 0))
			fn(arg, sqlite3_column_int64(stmt, 0),
			    sqlite3_column_int64(stmt, 1));
	}
	sqlite3_reset(stmt);
	return rc;
}

/* What queue_counts adds failed cards to: its decks and counts. */
struct queue_tally {
	struct deck		**decks;
	int			  n;
	struct due_counts	 *c;
};

/* Add a failed card to a due_counts tally if its deck is counted. */
static void
queue_count_failed(void *arg, int64_t card, int64_t deck)
{
	struct queue_tally	*tally = arg;
	int			 i;

	(void)card;
	for (i = 0; i < tally->n; i++) {
		if (tally->decks[i]->id == deck) {
			tally->c->again[tally->decks[i]->track]++;
			return;
		}
	}
}

/*
 * What is due now on each track, within the daily limits: reviews, new
 * cards from open layers, and cards failed today that come back.  For the
 * prompt and "status": a few indexed queries a deck.  0, or -1 with cause
 * (and no counts) if one cannot be read.
 */
int
queue_counts(struct store *st, time_t now, const char *filter,
    struct due_counts *c, char **cause)
{
	struct deck	**decks;
	int		  n, i, today, reviews, fresh, open[LAYER_COUNT];
	int		  due, more, rc = -1;
	struct queue_tally tally;

	memset(c, 0, sizeof *c);
	today = clock_day(now, review_rollover(st));
	*cause = NULL;
	if ((decks = deck_list(st, filter, &n, cause)) == NULL &&
	    *cause != NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (queue_done_today(st, decks[i]->id, today, &reviews, &fresh,
		    cause) != 0 || (due = queue_count_due(st, decks[i], today,
		    decks[i]->reviews_per_day - reviews, cause)) == -1 ||
		    queue_open_layers(st, decks[i], open, cause) != 0 ||
		    (more = queue_count_new(st, decks[i], today, open,
		    decks[i]->new_per_day - fresh, cause)) == -1)
			goto out;
		c->due[decks[i]->track] += due;
		c->fresh[decks[i]->track] += more;
	}
	tally.decks = decks;
	tally.n = n;
	tally.c = c;
	if (queue_failed_today(st, today, queue_count_failed, &tally,
	    cause) == 0)
		rc = 0;
out:
	deck_list_free(decks, n);
	if (rc != 0)
		memset(c, 0, sizeof *c);
	return rc;
}

/* Add the cards a bound statement gives to a deck, up to limit; or -1. */
static int
queue_load_rows(struct store *st, sqlite3_stmt *stmt, struct queue *q,
    int i, int kind, int limit, char **cause)
{
	int n = 0, rc = 0;

	while (n < limit && (rc = store_step(st, stmt, cause)) == 1) {
		queue_add_card(q, i, kind, sqlite3_column_int64(stmt, 0));
		n++;
	}
	sqlite3_reset(stmt);
	return rc == -1 ? -1 : n;
}

/*
 * Load a deck's due reviews, most overdue first, then its new cards from
 * the open layers, shallow layers first: each up to its limit.  0, or -1
 * with cause.
 */
static int
queue_load(struct store *st, struct queue *q, int i, const struct deck *d,
    const int open[LAYER_COUNT], int reviews, int fresh, char **cause)
{
	static const char due_sql[] = QUEUE_DUE_SQL
	    " ORDER BY due, id LIMIT ?3";
	static const char new_sql[] = QUEUE_NEW_SQL " ORDER BY id LIMIT ?4";
	int today = queue_today(q), n = 0, l, more;

	if (reviews > 0 && queue_load_rows(st, queue_bind_due(st, due_sql, d,
	    today, reviews), q, i, QUEUE_REVIEW, reviews, cause) == -1)
		return -1;
	for (l = 0; l < LAYER_COUNT && n < fresh; l++) {
		if (!open[l])
			continue;
		if ((more = queue_load_rows(st, queue_bind_new(st, new_sql, d,
		    (enum layer)l, today, fresh - n), q, i, QUEUE_NEW,
		    fresh - n, cause)) == -1)
			return -1;
		n += more;
	}
	return 0;
}

/*
 * Add a stored deck to the queue: what is left of its daily limits (or
 * new_cards new cards, if not negative), its time over the window, and
 * its due reviews and new cards up to those limits.  0, or -1 with cause.
 */
static int
queue_load_deck(struct store *st, struct queue *q, const struct deck *d,
    int window, int new_cards, char **cause)
{
	int	 reviews, fresh, answers, open[LAYER_COUNT], i;
	double	 seconds;

	if (queue_done_today(st, d->id, queue_today(q), &reviews, &fresh,
	    cause) != 0 || queue_open_layers(st, d, open, cause) != 0 ||
	    queue_deck_time(st, d->id, queue_today(q), window, &seconds,
	    &answers, cause) != 0)
		return -1;
	i = queue_add_deck(q, d->id, d->track, d->weight,
	    d->new_per_day - fresh, seconds, answers);
	return queue_load(st, q, i, d, open, d->reviews_per_day - reviews,
	    new_cards >= 0 ? new_cards : d->new_per_day - fresh, cause);
}

/* Remember a card failed earlier today, if its deck is in the queue. */
static void
queue_add_failed(void *arg, int64_t card, int64_t deck)
{
	queue_add_again(arg, card, deck);
}

/*
 * Build the queue for a session over a deck and its subdecks (all decks
 * for NULL).  new_cards, if not negative, replaces the daily new limits:
 * that many new cards this session, split between the tracks by their
 * shares.  NULL with cause if the collection cannot be read.
 */
struct queue *
queue_create(struct store *st, time_t now, const char *filter, int new_cards,
    char **cause)
{
	struct queue	 *q;
	struct deck	**decks;
	int		  n, i, window;

	*cause = NULL;
	q = queue_alloc(clock_day(now, review_rollover(st)),
	    queue_need_share(st) / 100.0);
	window = queue_window(st);
	decks = deck_list(st, filter, &n, cause);
	for (i = 0; *cause == NULL && i < n; i++)
		queue_load_deck(st, q, decks[i], window, new_cards, cause);
	deck_list_free(decks, n);
	if (*cause == NULL && new_cards >= 0)
		queue_share_new(q, new_cards);
	if (*cause != NULL || queue_failed_today(st, queue_today(q),
	    queue_add_failed, q, cause) != 0) {
		queue_free(q);
		return NULL;
	}
	return q;
}

/*
 * The first day after today with reviews due, and how many; day is -1 if
 * none are scheduled.  Uses the due index: one short look-up per deck.
 * 0, or -1 with cause if it cannot be read.
 */
int
queue_next_day(struct store *st, const char *filter, int today, int *day,
    int *count, char **cause)
{
	static const char min_sql[] = "SELECT min(due) FROM cards WHERE "
	    "deck_id = ? AND due > ? AND suspended = 0";
	static const char count_sql[] = "SELECT count(*) FROM cards WHERE "
	    "deck_id = ? AND due = ? AND suspended = 0";
	struct deck	**decks;
	sqlite3_stmt	 *stmt;
	int		  n, i, rc = 0;

	*count = 0;
	*day = -1;
	*cause = NULL;
	if ((decks = deck_list(st, filter, &n, cause)) == NULL &&
	    *cause != NULL)
		return -1;
	for (i = 0; rc != -1 && i < n; i++) {
		stmt = store_stmt(st, min_sql);
		sqlite3_bind_int64(stmt, 1, decks[i]->id);
		sqlite3_bind_int(stmt, 2, today);
		if ((rc = store_step(st, stmt, cause)) == 1 &&
		    sqlite3_column_type(stmt, 0) != SQLITE_NULL &&
		    (*day < 0 || sqlite3_column_int(stmt, 0) < *day))
			*day = sqlite3_column_int(stmt, 0);
		sqlite3_reset(stmt);
	}
	for (i = 0; rc != -1 && *day >= 0 && i < n; i++) {
		stmt = store_stmt(st, count_sql);
		sqlite3_bind_int64(stmt, 1, decks[i]->id);
		sqlite3_bind_int(stmt, 2, *day);
		if ((rc = store_step(st, stmt, cause)) == 1)
			*count += sqlite3_column_int(stmt, 0);
		sqlite3_reset(stmt);
	}
	deck_list_free(decks, n);
	return rc == -1 ? -1 : 0;
}

/*
 * Say that nothing is due, and when something will be; or, if that cannot
 * be read, say nothing and return -1 with cause.
 */
int
queue_print_nothing_due(struct store *st, const char *filter, int today,
    char **cause)
{
	char	*when;
	int	 day, count;

	if (queue_next_day(st, filter, today, &day, &count, cause) != 0)
		return -1;
	if (day < 0) {
		printf("nothing is due, and no reviews are scheduled\n");
		return 0;
	}
	when = clock_day_string(day);
	printf("nothing is due now; next: %d review%s on %s (in %d day%s)\n",
	    count, count == 1 ? "" : "s", when, day - today,
	    day - today == 1 ? "" : "s");
	free(when);
	return 0;
}
