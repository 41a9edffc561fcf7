/*
 * The queue: which card comes next in a review session.  Cards failed
 * today come back (SM-2's same-day rule); otherwise the track furthest
 * below its share of review time goes next, the deck furthest below its
 * weight inside the track, and inside the deck the most overdue review,
 * then new cards from the layers that are open.  Daily limits hold across
 * sessions.  Every query walks an index and stops at the limits, so the
 * queue never loads the collection.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* A failed card waiting to come back, after `ready` more cards. */
struct queue_again {
	int64_t	 id;
	int	 deck;		/* index into decks */
	int	 ready;		/* shown count when it may come back */
};

/* One deck's part of the queue. */
struct queue_deck {
	struct deck	*deck;
	int		 reviews_left;	/* today's review limit left */
	int		 new_left;	/* today's new limit left */
	double		 seconds;	/* review time in the window */
	int		 open[LAYER_COUNT];
	int		 loaded;
	int64_t		*due;		/* due reviews, most overdue first */
	int		 ndue, due_pos;
	int64_t		*fresh;		/* new cards, shallow layers first */
	int		 nfresh, fresh_pos;
};

struct queue {
	struct store		*st;
	int			 today;
	struct queue_deck	*decks;
	int			 ndecks;
	double			 share[TRACK_COUNT];
	double			 seconds[TRACK_COUNT];	/* in the window */
	double			 estimate[TRACK_COUNT];	/* seconds a card */
	int			 new_cap[TRACK_COUNT];	/* -1: deck limits */
	struct queue_again	*again;
	int			 nagain;
	struct queue_item	*pushed;	/* shown next, last first */
	int			 npushed;
	int			 shown;
	char			*failure;	/* why loading stopped, or NULL */
};

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

/* How many cards a failed card waits before it comes back. */
#define QUEUE_AGAIN_GAP 3

/* The target share of the need track, in percent. */
int
queue_need_share(struct store *st)
{
	int share = store_setting_int(st, "share-need", 70);

	return share < 0 ? 0 : share > 100 ? 100 : share;
}

/* The balance window, in days. */
int
queue_window(struct store *st)
{
	int days = store_setting_int(st, "window", 7);

	return days < 1 ? 1 : days;
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
	static const char sql[] = "SELECT count(*) FROM (SELECT 1 FROM "
	    "cards WHERE deck_id = ?1 AND due <= ?2 AND suspended = 0 AND "
	    "buried_until <= ?2" QUEUE_NO_SIBLING " LIMIT ?3)";
	sqlite3_stmt	*stmt;
	int		 n = 0;

	if (limit <= 0)
		return 0;
	stmt = store_stmt(st, sql);
	queue_bind_siblings(stmt, d, today);
	sqlite3_bind_int64(stmt, 1, d->id);
	sqlite3_bind_int(stmt, 2, today);
	sqlite3_bind_int(stmt, 3, limit);
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
	static const char sql[] = "SELECT count(*) FROM (SELECT 1 FROM "
	    "cards WHERE deck_id = ?1 AND layer = ?2 AND due IS NULL AND "
	    "suspended = 0 AND buried_until <= ?3" QUEUE_NO_SIBLING
	    " LIMIT ?4)";
	sqlite3_stmt	*stmt;
	int		 n = 0, l, rc;

	for (l = 0; l < LAYER_COUNT && n < limit; l++) {
		if (!open[l])
			continue;
		stmt = store_stmt(st, sql);
		queue_bind_siblings(stmt, d, today);
		sqlite3_bind_int64(stmt, 1, d->id);
		sqlite3_bind_text(stmt, 2, layer_name((enum layer)l), -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(stmt, 3, today);
		sqlite3_bind_int(stmt, 4, limit - n);
		if ((rc = store_step(st, stmt, cause)) == 1)
			n += sqlite3_column_int(stmt, 0);
		sqlite3_reset(stmt);
		if (rc == -1)
			return -1;
	}
	return n;
}

/*
 * The cards failed today and not yet passed (graded 4 or 5) since: they
 * come back.  Calls fn for each, oldest failure first; 0, or -1 with
 * cause.
 */
static int
queue_failed_today(struct store *st, int today,
    void (*fn)(void *, int64_t, int64_t), void *arg, char **cause)
{
	static const char sql[] = "SELECT r.card_id, c.deck_id FROM reviews r "
	    "JOIN cards c ON c.id = r.card_id WHERE r.day = ?1 AND "
	    "r.grade < 4 AND c.suspended = 0 AND c.buried_until <= ?1 AND "
	    "r.id = (SELECT max(id) FROM "
	    "reviews WHERE card_id = r.card_id AND day = ?1) ORDER BY r.id";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	sqlite3_bind_int(stmt, 1, today);
	while ((rc = store_step(st, stmt, cause)) == 1)
		fn(arg, sqlite3_column_int64(stmt, 0),
		    sqlite3_column_int64(stmt, 1));
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

/*
 * Load a deck's due reviews and new cards, up to its limits; a read that
 * fails sets the queue's failure, and the queue gives no more cards.
 */
static void
queue_load(struct queue *q, struct queue_deck *qd, int new_limit)
{
	static const char due_sql[] = "SELECT id FROM cards WHERE "
	    "deck_id = ?1 AND due <= ?2 AND suspended = 0 AND "
	    "buried_until <= ?2" QUEUE_NO_SIBLING " ORDER BY due, id LIMIT ?3";
	static const char new_sql[] = "SELECT id FROM cards WHERE "
	    "deck_id = ?1 AND layer = ?2 AND due IS NULL AND suspended = 0 "
	    "AND buried_until <= ?3" QUEUE_NO_SIBLING " ORDER BY id LIMIT ?4";
	sqlite3_stmt	*stmt;
	int		 l;

	qd->loaded = 1;
	if (qd->reviews_left > 0) {
		qd->due = xcalloc((size_t)qd->reviews_left, sizeof *qd->due);
		stmt = store_stmt(q->st, due_sql);
		queue_bind_siblings(stmt, qd->deck, q->today);
		sqlite3_bind_int64(stmt, 1, qd->deck->id);
		sqlite3_bind_int(stmt, 2, q->today);
		sqlite3_bind_int(stmt, 3, qd->reviews_left);
		while (q->failure == NULL && qd->ndue < qd->reviews_left &&
		    store_step(q->st, stmt, &q->failure) == 1)
			qd->due[qd->ndue++] = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
	}
	if (new_limit > 0) {
		qd->fresh = xcalloc((size_t)new_limit, sizeof *qd->fresh);
		for (l = 0; l < LAYER_COUNT && qd->nfresh < new_limit; l++) {
			if (!qd->open[l])
				continue;
			stmt = store_stmt(q->st, new_sql);
			queue_bind_siblings(stmt, qd->deck, q->today);
			sqlite3_bind_int64(stmt, 1, qd->deck->id);
			sqlite3_bind_text(stmt, 2, layer_name((enum layer)l),
			    -1, SQLITE_STATIC);
			sqlite3_bind_int(stmt, 3, q->today);
			sqlite3_bind_int(stmt, 4, new_limit - qd->nfresh);
			while (q->failure == NULL && qd->nfresh < new_limit &&
			    store_step(q->st, stmt, &q->failure) == 1) {
				qd->fresh[qd->nfresh++] =
				    sqlite3_column_int64(stmt, 0);
			}
			sqlite3_reset(stmt);
		}
	}
}

/* Remember a card failed earlier today, if its deck is in the queue. */
static void
queue_add_failed(void *arg, int64_t card, int64_t deck)
{
	struct queue	*q = arg;
	int		 i;

	for (i = 0; i < q->ndecks; i++) {
		if (q->decks[i].deck->id == deck) {
			q->again = xreallocarray(q->again, (size_t)q->nagain + 1,
			    sizeof *q->again);
			q->again[q->nagain].id = card;
			q->again[q->nagain].deck = i;
			q->again[q->nagain].ready = 0;
			q->nagain++;
			return;
		}
	}
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
	struct queue	 *q = xcalloc(1, sizeof *q);
	struct deck	**decks;
	struct queue_deck *qd;
	int		  n, i, t, reviews, fresh, window, answers, more;
	int		  have[TRACK_COUNT] = { 0, 0 };
	int		  answered[TRACK_COUNT] = { 0, 0 };

	q->st = st;
	q->today = clock_day(now, review_rollover(st));
	q->share[TRACK_NEED] = queue_need_share(st) / 100.0;
	q->share[TRACK_WANT] = 1 - q->share[TRACK_NEED];
	window = queue_window(st);
	*cause = NULL;
	decks = deck_list(st, filter, &n, cause);
	q->decks = xcalloc((size_t)n, sizeof *q->decks);
	q->ndecks = n;
	for (i = 0; i < n; i++)
		q->decks[i].deck = decks[i];
	free(decks);
	for (i = 0; *cause == NULL && i < n; i++) {
		qd = &q->decks[i];
		if (queue_done_today(st, qd->deck->id, q->today, &reviews,
		    &fresh, cause) != 0)
			break;
		qd->reviews_left = qd->deck->reviews_per_day - reviews;
		qd->new_left = qd->deck->new_per_day - fresh;
		if (qd->reviews_left < 0)
			qd->reviews_left = 0;
		if (qd->new_left < 0)
			qd->new_left = 0;
		if (queue_open_layers(st, qd->deck, qd->open, cause) != 0 ||
		    queue_deck_time(st, qd->deck->id, q->today, window,
		    &qd->seconds, &answers, cause) != 0)
			break;
		t = qd->deck->track;
		q->seconds[t] += qd->seconds;
		answered[t] += answers;
	}
	for (t = 0; t < TRACK_COUNT; t++) {
		q->estimate[t] = answered[t] > 0 ?
		    q->seconds[t] / answered[t] : QUEUE_DEFAULT_SECONDS;
		if (q->estimate[t] <= 0)
			q->estimate[t] = QUEUE_DEFAULT_SECONDS;
		q->new_cap[t] = -1;
	}
	if (new_cards >= 0) {
		/* Every deck may give new cards; the tracks share the cap. */
		for (i = 0; *cause == NULL && i < n; i++) {
			qd = &q->decks[i];
			if ((more = queue_count_new(st, qd->deck, q->today,
			    qd->open, new_cards, cause)) == -1)
				break;
			have[qd->deck->track] += more;
			qd->new_left = new_cards;
		}
		balance_split(new_cards, q->share, have, q->new_cap);
	}
	if (*cause != NULL || queue_failed_today(st, q->today,
	    queue_add_failed, q, cause) != 0) {
		queue_free(q);
		return NULL;
	}
	return q;
}

/* Free a queue. */
void
queue_free(struct queue *q)
{
	int i;

	if (q == NULL)
		return;
	for (i = 0; i < q->ndecks; i++) {
		deck_free(q->decks[i].deck);
		free(q->decks[i].due);
		free(q->decks[i].fresh);
	}
	free(q->decks);
	free(q->again);
	free(q->pushed);
	free(q->failure);
	free(q);
}

/* Is the card already waiting to come back? */
static int
queue_again_find(struct queue *q, int64_t id)
{
	int i;

	for (i = 0; i < q->nagain; i++) {
		if (q->again[i].id == id)
			return i;
	}
	return -1;
}

/* Drop a card from the cards waiting to come back. */
static void
queue_again_remove(struct queue *q, int64_t id)
{
	int i = queue_again_find(q, id);

	if (i < 0)
		return;
	memmove(&q->again[i], &q->again[i + 1],
	    (size_t)(q->nagain - i - 1) * sizeof *q->again);
	q->nagain--;
}

/* Does a deck still have a card to give? */
static int
queue_deck_has(struct queue *q, struct queue_deck *qd)
{
	int t = qd->deck->track;

	if (!qd->loaded)
		queue_load(q, qd, qd->new_left);
	if (q->failure != NULL)
		return 0;
	if (qd->due_pos < qd->ndue)
		return 1;
	if (qd->fresh_pos >= qd->nfresh)
		return 0;
	return q->new_cap[t] != 0 && (q->new_cap[t] > 0 || qd->new_left > 0);
}

/*
 * The next card, or 0 when the session is done.  A card failed today comes
 * back once QUEUE_AGAIN_GAP others have been shown (or at once, when
 * nothing else is left).
 */
int
queue_next(struct queue *q, struct queue_item *item)
{
	double	*time, *share;
	int	*avail, i, t, pick, available[TRACK_COUNT];

	memset(item, 0, sizeof *item);
	if (q->failure != NULL)
		return 0;
	if (q->npushed > 0) {
		*item = q->pushed[--q->npushed];
		q->shown++;
		return 1;
	}
	for (i = 0; i < q->nagain; i++) {
		if (q->again[i].ready <= q->shown)
			goto again;
	}

	/* Which tracks have something?  Then the one most owed time. */
	available[TRACK_NEED] = available[TRACK_WANT] = 0;
	for (i = 0; i < q->ndecks; i++) {
		if (queue_deck_has(q, &q->decks[i]))
			available[q->decks[i].deck->track] = 1;
	}
	t = balance_pick(q->seconds, q->share, available, TRACK_COUNT);
	if (t < 0) {
		if (q->nagain == 0)
			return 0;
		i = 0;
		goto again;
	}

	/* Inside the track, the deck most owed by its weight. */
	time = xcalloc((size_t)q->ndecks, sizeof *time);
	share = xcalloc((size_t)q->ndecks, sizeof *share);
	avail = xcalloc((size_t)q->ndecks, sizeof *avail);
	for (i = 0; i < q->ndecks; i++) {
		if ((int)q->decks[i].deck->track != t)
			continue;
		time[i] = q->decks[i].seconds;
		share[i] = q->decks[i].deck->weight;
		avail[i] = queue_deck_has(q, &q->decks[i]);
	}
	balance_shares(share, share, q->ndecks);
	pick = balance_pick(time, share, avail, q->ndecks);
	free(time);
	free(share);
	free(avail);

	/* Inside the deck, the most overdue review, then new cards. */
	item->deck = pick;
	item->track = t;
	if (q->decks[pick].due_pos < q->decks[pick].ndue) {
		item->id = q->decks[pick].due[q->decks[pick].due_pos++];
		item->kind = QUEUE_REVIEW;
		q->decks[pick].reviews_left--;
	} else {
		item->id = q->decks[pick].fresh[q->decks[pick].fresh_pos++];
		item->kind = QUEUE_NEW;
		q->decks[pick].new_left--;
		if (q->new_cap[t] > 0)
			q->new_cap[t]--;
	}
	q->shown++;
	return 1;
again:
	item->id = q->again[i].id;
	item->deck = q->again[i].deck;
	item->track = q->decks[item->deck].deck->track;
	item->kind = QUEUE_AGAIN;
	queue_again_remove(q, item->id);
	q->shown++;
	return 1;
}

/*
 * Note an answer: its time counts for its track and deck, and a grade
 * below 4 sends the card back for later in the session.
 */
void
queue_answered(struct queue *q, const struct queue_item *item, int grade,
    double seconds)
{
	struct queue_deck *qd = &q->decks[item->deck];

	qd->seconds += seconds;
	q->seconds[qd->deck->track] += seconds;
	queue_again_remove(q, item->id);
	if (grade < 4) {
		q->again = xreallocarray(q->again, (size_t)q->nagain + 1,
		    sizeof *q->again);
		q->again[q->nagain].id = item->id;
		q->again[q->nagain].deck = item->deck;
		q->again[q->nagain].ready = q->shown + QUEUE_AGAIN_GAP;
		q->nagain++;
	}
}

/* Put a card back at the front of the queue: it comes next. */
void
queue_push(struct queue *q, const struct queue_item *item)
{
	q->pushed = xreallocarray(q->pushed, (size_t)q->npushed + 1,
	    sizeof *q->pushed);
	q->pushed[q->npushed++] = *item;
	if (q->shown > 0)
		q->shown--;
}

/*
 * An answer was taken back: it no longer counts, and the card comes next
 * (its quota was spent when it was first taken, so it is not spent again).
 */
void
queue_undone(struct queue *q, const struct queue_item *item, double seconds)
{
	struct queue_deck *qd = &q->decks[item->deck];

	qd->seconds -= seconds;
	q->seconds[qd->deck->track] -= seconds;
	queue_again_remove(q, item->id);
	queue_push(q, item);
}

/* The expected time of a card on a track, for sessions not yet answered. */
double
queue_estimate(struct queue *q, int track)
{
	return q->estimate[track];
}

/* What is left: reviews, new cards and failed cards still to come. */
void
queue_left(struct queue *q, int *reviews, int *fresh, int *again)
{
	int i, t, n, pushed_new = 0, by_track[TRACK_COUNT] = { 0, 0 };

	*reviews = 0;
	*again = q->nagain;
	/* A card put back (taken back, or on screen during undo) is still
	 * what it was: a review, a new card or a repeat. */
	for (i = 0; i < q->npushed; i++) {
		if (q->pushed[i].kind == QUEUE_REVIEW)
			(*reviews)++;
		else if (q->pushed[i].kind == QUEUE_NEW)
			pushed_new++;
		else
			(*again)++;
	}
	for (i = 0; i < q->ndecks; i++) {
		struct queue_deck *qd = &q->decks[i];

		queue_deck_has(q, qd);
		*reviews += qd->ndue - qd->due_pos;
		n = qd->nfresh - qd->fresh_pos;
		by_track[qd->deck->track] += n < qd->new_left ? n : qd->new_left;
	}
	*fresh = pushed_new;
	for (t = 0; t < TRACK_COUNT; t++) {
		if (q->new_cap[t] >= 0 && by_track[t] > q->new_cap[t])
			by_track[t] = q->new_cap[t];
		*fresh += by_track[t];
	}
}

/* Why the queue stopped giving cards early (a read failed), or NULL. */
const char *
queue_failure(struct queue *q)
{
	return q->failure;
}

/* The day the queue was made for. */
int
queue_today(struct queue *q)
{
	return q->today;
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
