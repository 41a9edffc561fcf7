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
 * in one deck are a group of siblings, and only one of them is shown a
 * day.  A card waits while another card of its group, not suspended, was
 * answered today, or while a sibling comes before it: a due sibling before
 * a new card, the more overdue (then the lower id) of two due ones, the
 * lower id of two new ones (a sibling buried or suspended does not count).
 *
 * Where it is applied, so that no query reads a group once per card:
 * - the groups answered today are read once, with the day's answers
 *   (queue_today_read), and kept in memory;
 * - of the due reviews, read in the order they are shown (or in any order
 *   when only counted), the first of each group is the one that does not
 *   wait: queue_walk_due keeps the groups it met;
 * - a new card (few a day) waits for a due or an earlier new sibling:
 *   of the new cards walked (lowest id first, layer by layer), one whose
 *   group has a walked card of a lower id waits for it (that card is new,
 *   not suspended, not buried); the first card walked of each group asks
 *   QUEUE_NEW_WAITS, which reads the cards_source index only.
 */
#define QUEUE_NEW_WAITS "SELECT 1 FROM cards WHERE source = ?1 AND " \
	"source_line = ?2 AND deck_id = ?3 AND suspended = 0 AND id != ?4 " \
	"AND buried_until <= ?5 AND ((due IS NOT NULL AND due <= ?5) OR " \
	"(due IS NULL AND id < ?4)) LIMIT 1"

/* A group of siblings: its deck, its source and line. */
struct queue_key {
	int64_t		 deck;
	const char	*source;
	int		 line;
	uint64_t	 hash;		/* of the three */
};

/* A group in a set, with a card of it. */
struct queue_group {
	struct queue_key key;		/* key.source NULL: an empty slot */
	int64_t		 card;		/* the card answered today, or -1: more */
};

/* A set of groups, a hash table whose arena holds the sources. */
struct queue_groups {
	struct queue_group	*slot;
	size_t			 size;	/* a power of 2, or 0 */
	size_t			 used;
	struct arena		 sources;
};

/*
 * The key of deck's group whose source and line are a row's columns col
 * and col + 1: 1, hashed once for every set it is looked for in, or 0 if
 * either is NULL (a card of no group).  Its source is the row's, until
 * the statement's next step.
 */
static int
queue_key_read(struct queue_key *k, int64_t deck, sqlite3_stmt *stmt,
    int col)
{
	const char	*p;
	uint64_t	 h = 14695981039346656037ULL;

	if (sqlite3_column_type(stmt, col) == SQLITE_NULL ||
	    sqlite3_column_type(stmt, col + 1) == SQLITE_NULL)
		return 0;
	k->deck = deck;
	k->source = (const char *)sqlite3_column_text(stmt, col);
	k->line = sqlite3_column_int(stmt, col + 1);
	for (p = k->source; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ (uint64_t)k->line) * 1099511628211ULL;
	k->hash = (h ^ (uint64_t)deck) * 1099511628211ULL;
	return 1;
}

/*
 * The group of the card on a row of QUEUE_DUE_SQL or QUEUE_NEW_SQL (its
 * source and line, columns 1 and 2) in deck d, if siblings wait in d: 1,
 * with the key hashed once for every set it is looked for in, or 0 if the
 * card is of no group.  The key's source is the row's until its next step.
 */
static int
queue_row_key(const struct deck *d, sqlite3_stmt *stmt, struct queue_key *k)
{
	if (!d->bury_siblings)
		return 0;
	return queue_key_read(k, d->id, stmt, 1);
}

/* The slot of a group: its own, or the empty one where it would go. */
static struct queue_group *
queue_group_slot(const struct queue_groups *g, const struct queue_key *k)
{
	size_t			 i, mask = g->size - 1;
	struct queue_group	*s;

	for (i = (size_t)k->hash & mask;; i = (i + 1) & mask) {
		s = &g->slot[i];
		if (s->key.source == NULL || (s->key.hash == k->hash &&
		    s->key.deck == k->deck && s->key.line == k->line &&
		    strcmp(s->key.source, k->source) == 0))
			return s;
	}
}

/* The group, if the set holds it, or NULL. */
static const struct queue_group *
queue_groups_find(const struct queue_groups *g, const struct queue_key *k)
{
	const struct queue_group *s;

	if (g->size == 0)
		return NULL;
	s = queue_group_slot(g, k);
	return s->key.source != NULL ? s : NULL;
}

/*
 * The slot of a group, added with card if the set did not hold it (*added
 * is then 1, else 0).
 */
static struct queue_group *
queue_groups_put(struct queue_groups *g, const struct queue_key *k,
    int64_t card, int *added)
{
	struct queue_group	*old = g->slot, *s;
	size_t			 i, size = g->size;

	if (2 * (g->used + 1) > g->size) {
		g->size = size == 0 ? 64 : 2 * size;
		g->slot = xcalloc(g->size, sizeof *g->slot);
		for (i = 0; i < size; i++) {
			if (old[i].key.source != NULL)
				*queue_group_slot(g, &old[i].key) = old[i];
		}
		free(old);
	}
	s = queue_group_slot(g, k);
	if ((*added = s->key.source == NULL)) {
		s->key = *k;
		s->key.source = arena_strdup(&g->sources, k->source);
		s->card = card;
		g->used++;
	}
	return s;
}

/*
 * Add a group with one of its cards; a group added again has more than
 * one (card -1).  1 if it is new to the set, 0 if it was there.
 */
static int
queue_groups_add(struct queue_groups *g, const struct queue_key *k,
    int64_t card)
{
	struct queue_group	*s;
	int			 added;

	s = queue_groups_put(g, k, card, &added);
	if (!added && s->card != card)
		s->card = -1;
	return added;
}

static void
queue_groups_free(struct queue_groups *g)
{
	free(g->slot);
	arena_free(&g->sources);
	memset(g, 0, sizeof *g);
}

/*
 * What today's answers say for the queue: the groups with a card answered
 * today (not suspended), and the cards whose last answer today brings
 * them back today (graded below 4 and not passed since), oldest answer
 * first.  A suspended card stays out of both; a buried one answered today
 * still makes its siblings wait, but does not come back; a leech that was
 * unsuspended since comes back like any card, so the answer's leech flag
 * does not count here.
 */
struct queue_today {
	struct queue_groups	 answered;
	struct queue_again {
		int64_t	card;
		int64_t	deck;
		int64_t	review;		/* its last answer today */
	}			*again;
	int			 nagain;
};

/*
 * Today's answers, each card's last (columns: card, its deck, the grade,
 * suspended, buried until, source, line, the answer's id), in no order.  From the cache of
 * the log's newest day when today is that day, from the log itself for an
 * earlier day (a --now in the past), and none for a later one: no answer
 * is on a day after last_day (migration 18).
 */
static sqlite3_stmt *
queue_today_stmt(struct store *st, int today, char **cause)
{
	static const char cached_sql[] = "SELECT card_id, deck_id, grade, "
	    "suspended, buried_until, source, source_line, review_id "
	    "FROM last_day_answers";
	static const char log_sql[] = "SELECT r.card_id, c.deck_id, r.grade, "
	    "c.suspended, c.buried_until, c.source, c.source_line, r.id "
	    "FROM reviews r JOIN cards c ON c.id = r.card_id WHERE "
	    "r.day = ?1 AND r.id = (SELECT max(id) FROM "
	    "reviews WHERE card_id = r.card_id AND day = ?1)";
	sqlite3_stmt	*stmt;
	int64_t		 last;

	if (store_query_int(st, "SELECT day FROM last_day", &last,
	    cause) != 0)
		return NULL;
	if (today > last)
		return NULL;
	if (today == last)
		return store_stmt(st, cached_sql);
	stmt = store_stmt(st, log_sql);
	sqlite3_bind_int(stmt, 1, today);
	return stmt;
}

/* Oldest answer first. */
static int
queue_again_cmp(const void *a, const void *b)
{
	const struct queue_again *x = a, *y = b;

	return (x->review > y->review) - (x->review < y->review);
}

/*
 * Read today's answers into t, the cards that come back oldest answer
 * first (sorted here: the query's rows are in no order, which spares
 * SQLite a sort of every answer for the few that come back); 0, or -1
 * with cause.
 */
static int
queue_today_read(struct store *st, int today, struct queue_today *t,
    char **cause)
{
	struct queue_key k;
	sqlite3_stmt	*stmt;
	int64_t		 card, deck;
	int		 rc;

	memset(t, 0, sizeof *t);
	*cause = NULL;
	if ((stmt = queue_today_stmt(st, today, cause)) == NULL)
		return *cause != NULL ? -1 : 0;
	while ((rc = store_step(st, stmt, cause)) == 1) {
		if (sqlite3_column_int(stmt, 3) != 0)
			continue;	/* suspended */
		card = sqlite3_column_int64(stmt, 0);
		deck = sqlite3_column_int64(stmt, 1);
		if (queue_key_read(&k, deck, stmt, 5))
			queue_groups_add(&t->answered, &k, card);
		if (sqlite3_column_int(stmt, 4) <= today &&
		    sm2_again_today(sqlite3_column_int(stmt, 2), 0)) {
			t->again = xreallocarray(t->again,
			    (size_t)t->nagain + 1, sizeof *t->again);
			t->again[t->nagain].card = card;
			t->again[t->nagain].deck = deck;
			t->again[t->nagain].review =
			    sqlite3_column_int64(stmt, 7);
			t->nagain++;
		}
	}
	sqlite3_reset(stmt);
	if (t->nagain > 1)
		qsort(t->again, (size_t)t->nagain, sizeof *t->again,
		    queue_again_cmp);
	return rc;
}

static void
queue_today_free(struct queue_today *t)
{
	queue_groups_free(&t->answered);
	free(t->again);
}

/*
 * Does a card wait for a sibling answered today?  Only if the group has
 * a card other than this one answered today.
 */
static int
queue_answered_sibling(const struct queue_today *t,
    const struct queue_key *k, int64_t card)
{
	const struct queue_group *g = queue_groups_find(&t->answered, k);

	return g != NULL && g->card != card;
}

/*
 * A deck's due reviews today: ?1 the deck, ?2 today.  The cards_due index
 * holds every column it reads.
 */
#define QUEUE_DUE_SQL "SELECT id, source, source_line FROM cards WHERE " \
	"deck_id = ?1 AND due <= ?2 AND suspended = 0 AND buried_until <= ?2"

/*
 * Walk a deck's due reviews that do not wait for a sibling, up to limit:
 * most overdue (then lowest id) first if ordered, else in the index's
 * order (for counting: which card of a group is shown does not change
 * how many are).  fn, unless NULL, is called with each.  Gives how many
 * there were, or -1 with cause.
 */
static int
queue_walk_due(struct store *st, const struct deck *d, int today,
    int limit, int ordered, const struct queue_today *t,
    void (*fn)(void *, int64_t), void *arg, char **cause)
{
	static const char sql[] = QUEUE_DUE_SQL;
	static const char ordered_sql[] = QUEUE_DUE_SQL " ORDER BY due, id";
	struct queue_groups	 met;
	struct queue_key	 k;
	sqlite3_stmt		*stmt;
	int64_t			 id;
	int			 n = 0, rc = 0;

	if (limit <= 0)
		return 0;
	memset(&met, 0, sizeof met);
	stmt = store_stmt(st, ordered ? ordered_sql : sql);
	sqlite3_bind_int64(stmt, 1, d->id);
	sqlite3_bind_int(stmt, 2, today);
	while (n < limit && (rc = store_step(st, stmt, cause)) == 1) {
		id = sqlite3_column_int64(stmt, 0);
		if (queue_row_key(d, stmt, &k) &&
		    (queue_answered_sibling(t, &k, id) ||
		    !queue_groups_add(&met, &k, id)))
			continue;	/* a sibling comes first */
		if (fn != NULL)
			fn(arg, id);
		n++;
	}
	sqlite3_reset(stmt);
	queue_groups_free(&met);
	return rc == -1 ? -1 : n;
}

/*
 * A deck's new cards of one layer, lowest id first: ?1 the deck, ?2 the
 * layer, ?3 today.  The cards_new index holds every column it reads.
 */
#define QUEUE_NEW_SQL "SELECT id, source, source_line FROM cards WHERE " \
	"deck_id = ?1 AND layer = ?2 AND due IS NULL AND suspended = 0 AND " \
	"buried_until <= ?3 ORDER BY id"

/*
 * Does a new card on a row of QUEUE_NEW_SQL wait for a sibling (the rule
 * at the top of this file)?  walked holds each group's lowest card walked
 * so far: 1 if it waits, 0 if not, -1 with cause.
 */
static int
queue_new_waits(struct store *st, const struct deck *d, int today,
    const struct queue_today *t, struct queue_groups *walked,
    sqlite3_stmt *row, int64_t id, char **cause)
{
	static const char sql[] = QUEUE_NEW_WAITS;
	struct queue_group	*g;
	struct queue_key	 k;
	sqlite3_stmt		*stmt;
	int			 added, rc;

	if (!queue_row_key(d, row, &k))
		return 0;
	g = queue_groups_put(walked, &k, id, &added);
	if (!added && g->card < id)
		return 1;	/* a new sibling of a lower id */
	g->card = id;
	if (queue_answered_sibling(t, &k, id))
		return 1;
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, k.source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 2, k.line);
	sqlite3_bind_int64(stmt, 3, d->id);
	sqlite3_bind_int64(stmt, 4, id);
	sqlite3_bind_int(stmt, 5, today);
	rc = store_step(st, stmt, cause);
	sqlite3_reset(stmt);
	return rc;
}

/*
 * Walk a deck's new cards of the open layers, shallow layers first, that
 * do not wait for a sibling, up to limit; fn as for queue_walk_due.  How
 * many there were, or -1 with cause.
 */
static int
queue_walk_new(struct store *st, const struct deck *d, int today,
    const int open[LAYER_COUNT], int limit, const struct queue_today *t,
    void (*fn)(void *, int64_t), void *arg, char **cause)
{
	static const char sql[] = QUEUE_NEW_SQL;
	struct queue_groups	 walked;
	sqlite3_stmt		*stmt;
	int64_t			 id;
	int			 n = 0, l, rc = 0, waits;

	memset(&walked, 0, sizeof walked);
	for (l = 0; l < LAYER_COUNT && n < limit && rc != -1; l++) {
		if (!open[l])
			continue;
		stmt = store_stmt(st, sql);
		sqlite3_bind_int64(stmt, 1, d->id);
		sqlite3_bind_text(stmt, 2, layer_name((enum layer)l), -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(stmt, 3, today);
		while (n < limit && (rc = store_step(st, stmt, cause)) == 1) {
			id = sqlite3_column_int64(stmt, 0);
			if ((waits = queue_new_waits(st, d, today, t, &walked,
			    stmt, id, cause)) != 0) {
				if (waits == -1) {
					rc = -1;
					break;
				}
				continue;
			}
			if (fn != NULL)
				fn(arg, id);
			n++;
		}
		sqlite3_reset(stmt);
	}
	queue_groups_free(&walked);
	return rc == -1 ? -1 : n;
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

/*
 * What is due now on each track, within the daily limits: reviews, new
 * cards from open layers, and cards failed today that come back.  For the
 * prompt and "status": a few indexed queries a deck, each stopping at the
 * deck's limit.  0, or -1 with cause (and no counts) if one cannot be
 * read.
 */
int
queue_counts(struct store *st, time_t now, const char *filter,
    struct due_counts *c, char **cause)
{
	struct queue_today	  t;
	struct deck		**decks;
	int			  n, i, j, today, reviews, fresh;
	int			  open[LAYER_COUNT], due, more, rc = -1;

	memset(c, 0, sizeof *c);
	today = clock_day(now, review_rollover(st));
	*cause = NULL;
	if ((decks = deck_list(st, filter, &n, cause)) == NULL &&
	    *cause != NULL)
		return -1;
	if (queue_today_read(st, today, &t, cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (queue_done_today(st, decks[i]->id, today, &reviews, &fresh,
		    cause) != 0 || (due = queue_walk_due(st, decks[i], today,
		    decks[i]->reviews_per_day - reviews, 0, &t, NULL, NULL,
		    cause)) == -1 ||
		    queue_open_layers(st, decks[i], open, cause) != 0 ||
		    (more = queue_walk_new(st, decks[i], today, open,
		    decks[i]->new_per_day - fresh, &t, NULL, NULL,
		    cause)) == -1)
			goto out;
		c->due[decks[i]->track] += due;
		c->fresh[decks[i]->track] += more;
	}
	for (j = 0; j < t.nagain; j++) {
		for (i = 0; i < n && decks[i]->id != t.again[j].deck; i++)
			continue;
		if (i < n)
			c->again[decks[i]->track]++;
	}
	rc = 0;
out:
	queue_today_free(&t);
	deck_list_free(decks, n);
	if (rc != 0)
		memset(c, 0, sizeof *c);
	return rc;
}

/* Where queue_load adds the cards it walks: a deck of a queue. */
struct queue_into {
	struct queue	*q;
	int		 deck;
	int		 kind;
};

static void
queue_into_add(void *arg, int64_t id)
{
	struct queue_into *to = arg;

	queue_add_card(to->q, to->deck, to->kind, id);
}

/*
 * Load a deck's due reviews, most overdue first, then its new cards from
 * the open layers, shallow layers first: each up to its limit.  0, or -1
 * with cause.
 */
static int
queue_load(struct store *st, struct queue *q, int i, const struct deck *d,
    const int open[LAYER_COUNT], int reviews, int fresh,
    const struct queue_today *t, char **cause)
{
	struct queue_into	to = { q, i, QUEUE_REVIEW };
	int			today = queue_today(q);

	if (queue_walk_due(st, d, today, reviews, 1, t, queue_into_add, &to,
	    cause) == -1)
		return -1;
	to.kind = QUEUE_NEW;
	return queue_walk_new(st, d, today, open, fresh, t, queue_into_add,
	    &to, cause) == -1 ? -1 : 0;
}

/*
 * Add a stored deck to the queue: what is left of its daily limits (or
 * new_cards new cards, if not negative), its time over the window, and
 * its due reviews and new cards up to those limits.  0, or -1 with cause.
 */
static int
queue_load_deck(struct store *st, struct queue *q, const struct deck *d,
    int window, int new_cards, const struct queue_today *t, char **cause)
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
	    new_cards >= 0 ? new_cards : d->new_per_day - fresh, t, cause);
}

/*
 * Build the queue for a session over a deck and its subdecks (all decks
 * for NULL).  new_cards, if not negative, replaces the daily new limits:
 * that many new cards this session, split between the tracks by their
 * shares.  The cards failed earlier today come back first, if their deck
 * is in the queue.  NULL with cause if the collection cannot be read.
 */
struct queue *
queue_create(struct store *st, time_t now, const char *filter, int new_cards,
    char **cause)
{
	struct queue_today	  t;
	struct queue		 *q;
	struct deck		**decks;
	int			  n, i, window;

	*cause = NULL;
	q = queue_alloc(clock_day(now, review_rollover(st)),
	    queue_need_share(st) / 100.0);
	window = queue_window(st);
	decks = deck_list(st, filter, &n, cause);
	if (*cause == NULL)
		queue_today_read(st, queue_today(q), &t, cause);
	else
		memset(&t, 0, sizeof t);
	for (i = 0; *cause == NULL && i < n; i++)
		queue_load_deck(st, q, decks[i], window, new_cards, &t, cause);
	deck_list_free(decks, n);
	if (*cause == NULL && new_cards >= 0)
		queue_share_new(q, new_cards);
	for (i = 0; *cause == NULL && i < t.nagain; i++)
		queue_add_again(q, t.again[i].card, t.again[i].deck);
	queue_today_free(&t);
	if (*cause != NULL) {
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
