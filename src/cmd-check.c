/*
 * check: prove that the review log and the cards agree, and that the
 * database is sound.
 */

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_check_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_check_option_table[] = {
	{ .name = "full" },
	{ .name = NULL }
};

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.args = { cmd_check_option_table, 0, 0, NULL },
	.help = "Replay the review log from scratch and prove every card's "
	    "schedule matches it; check that every page of the database is "
	    "sound (--full: also that every index agrees with its table).",
	.flags = CMD_JSON,
	.exec = cmd_check_exec
};

/* The time the log holds for one deck on one day. */
struct check_day {
	int64_t		 deck;
	int		 day;
	int		 used;
	int64_t		 ms;
	int64_t		 answers;
	/* Its answers for retention (retention_days): young, mature. */
	int64_t		 n[2], ok[2];
};

/* Collected problems. */
struct check_list {
	char		**lines;
	int		  n;
	size_t		  lines_cap;	/* room in lines */
	char		 *error;	/* a read that failed, or NULL */
	struct check_day *days;		/* a hash table of the log's days */
	size_t		  ndays;
	size_t		  daysize;	/* a power of two */
	int		  keys;		/* check_answer checks the log's keys */
	int64_t		 *decks;	/* every deck id, in order */
	size_t		  ndecks;
};

/* Keep one problem. */
static void
check_add(void *arg, const char *line)
{
	struct check_list *l = arg;

	l->lines = xgrow(l->lines, &l->lines_cap, (size_t)l->n,
	    sizeof *l->lines);
	l->lines[l->n++] = xstrdup(line);
}

/* Step one of check's reads; the first that fails is kept, and ends it. */
static int
check_step(struct store *st, sqlite3_stmt *stmt, struct check_list *l)
{
	if (l->error != NULL) {
		sqlite3_reset(stmt);
		return 0;
	}
	return store_step(st, stmt, &l->error) == 1;
}

/*
 * SQLite's check of every page of every table and index: each row it
 * returns other than "ok".  In full, it also looks up each row in each of
 * its table's indexes (four times as long), for damage that leaves every
 * page well formed, which only a program writing the file wrongly makes.
 */
#define CHECK_PAGES_SQL(full) \
	((full) ? "PRAGMA integrity_check" : "PRAGMA quick_check")

/* Keep a row of SQLite's page check, unless it says "ok". */
static void
check_pages_row(struct check_list *l, sqlite3_stmt *stmt)
{
	const char	*s = (const char *)sqlite3_column_text(stmt, 0);
	char		*line;

	if (s == NULL || strcmp(s, "ok") == 0)
		return;
	xasprintf(&line, "database: %s", s);
	check_add(l, line);
	free(line);
}

static void
check_integrity(struct store *st, int full, struct check_list *l)
{
	sqlite3_stmt	*stmt = store_stmt(st, CHECK_PAGES_SQL(full));

	while (check_step(st, stmt, l))
		check_pages_row(l, stmt);
	sqlite3_reset(stmt);
}

/*
 * The page check on a second core: SQLite's check of the pages runs on a
 * connection of its own (store_reader) in another thread while this one
 * replays the log, which halves check's time on two cores.  Its problems
 * come first, as when it runs alone.
 */
struct check_pages {
	sqlite3			*db;
	int			 full;
	pthread_t		 thread;
	struct check_list	 l;		/* the problems it found */
	int			 failed;	/* it stopped: run it on st */
};

static void *
check_pages_run(void *arg)
{
	struct check_pages	*p = arg;
	sqlite3_stmt		*stmt;
	int			 rc;

	if (sqlite3_prepare_v2(p->db, CHECK_PAGES_SQL(p->full), -1, &stmt,
	    NULL) != SQLITE_OK) {
		p->failed = 1;
		return NULL;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		check_pages_row(&p->l, stmt);
	p->failed = rc != SQLITE_DONE;
	sqlite3_finalize(stmt);
	return NULL;
}

/*
 * Start the page check in another thread: 1, or 0 if no second connection
 * or thread can be had (check_integrity then runs on st).
 */
static int
check_pages_begin(struct store *st, int full, struct check_pages *p)
{
	memset(p, 0, sizeof *p);
	p->full = full;
	if ((p->db = store_reader(st)) == NULL)
		return 0;
	if (pthread_create(&p->thread, NULL, check_pages_run, p) != 0) {
		sqlite3_close(p->db);
		return 0;
	}
	return 1;
}

/* Put first's problems (and error) before l's; first is left empty. */
static void
check_prepend(struct check_list *l, struct check_list *first)
{
	int i;

	for (i = 0; i < l->n; i++)
		check_add(first, l->lines[i]);
	for (i = 0; i < l->n; i++)
		free(l->lines[i]);
	free(l->lines);
	l->lines = first->lines;
	l->n = first->n;
	l->lines_cap = first->lines_cap;
	if (first->error != NULL) {
		/* It stopped first, as it would have alone. */
		free(l->error);
		l->error = first->error;
	}
	memset(first, 0, sizeof *first);
}

/*
 * Wait for the page check, and put its problems first; if it could not
 * finish (the page it stopped at, an error), run it again on st, whose
 * reads say what went wrong as every read of recall does.
 */
static void
check_pages_end(struct store *st, struct check_pages *p, struct check_list *l)
{
	struct check_list	again;
	int			i;

	pthread_join(p->thread, NULL);
	sqlite3_close(p->db);
	if (p->failed) {
		for (i = 0; i < p->l.n; i++)
			free(p->l.lines[i]);
		free(p->l.lines);
		memset(&again, 0, sizeof again);
		check_integrity(st, p->full, &again);
		check_prepend(l, &again);
	} else
		check_prepend(l, &p->l);
}

/* Which card a row of a table belongs to, or 0 (for foreign keys). */
static int64_t
check_row_card(struct store *st, const char *table, int64_t row,
    struct check_list *l)
{
	static const char reviews_sql[] = "SELECT card_id FROM reviews "
	    "WHERE id = ?";
	sqlite3_stmt	*stmt;
	int64_t		 card = 0;

	if (strcmp(table, "cards") == 0)
		return row;
	if (strcmp(table, "reviews") != 0)
		return 0;
	stmt = store_stmt(st, reviews_sql);
	sqlite3_bind_int64(stmt, 1, row);
	if (check_step(st, stmt, l))
		card = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return card;
}

/* Say that an answer points at a row that is not there. */
static void
check_missing_answer(struct check_list *l, int64_t card, int64_t review,
    const char *parent)
{
	char *line;

	xasprintf(&line, "card %lld: answer %lld refers to a missing row of "
	    "%s", (long long)card, (long long)review, parent);
	check_add(l, line);
	free(line);
}

/* Say that a row points at a row that is not there, named for a person. */
static void
check_missing(struct store *st, const char *table, int64_t row,
    const char *parent, struct check_list *l)
{
	int64_t	 card = check_row_card(st, table, row, l);
	char	*line;

	if (strcmp(table, "reviews") == 0) {
		check_missing_answer(l, card, row, parent);
		return;
	}
	if (card != 0)
		xasprintf(&line, "card %lld refers to a missing row of %s",
		    (long long)card, parent);
	else
		xasprintf(&line, "database: row %lld of %s refers to a "
		    "missing row of %s", (long long)row, table, parent);
	check_add(l, line);
	free(line);
}

/* Each row SQLite's foreign key check returns: table, row, parent. */
static void
check_key_rows(struct store *st, sqlite3_stmt *stmt, struct check_list *l)
{
	const char	*table, *parent;

	while (check_step(st, stmt, l)) {
		table = (const char *)sqlite3_column_text(stmt, 0);
		parent = (const char *)sqlite3_column_text(stmt, 2);
		if (table != NULL && parent != NULL)
			check_missing(st, table, sqlite3_column_int64(stmt, 1),
			    parent, l);
	}
	sqlite3_reset(stmt);
}

/*
 * Are the answers' foreign keys the two the quick check knows: the deck
 * and the card (the ones check_answer looks at, in that order, as
 * SQLite's check reports them)?
 */
static int
check_review_keys_known(struct store *st, struct check_list *l)
{
	static const char sql[] = "SELECT group_concat(\"from\" || ' ' || "
	    "\"table\", ',') FROM (SELECT * FROM "
	    "pragma_foreign_key_list('reviews') ORDER BY id)";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	const char	*keys;
	int		 known = 0;

	if (check_step(st, stmt, l)) {
		keys = (const char *)sqlite3_column_text(stmt, 0);
		known = keys != NULL &&
		    strcmp(keys, "deck_id decks,card_id cards") == 0;
	}
	sqlite3_reset(stmt);
	return known;
}

/* Every deck id, in order, for check_answer to look answers' decks up. */
static void
check_load_decks(struct store *st, struct check_list *l)
{
	sqlite3_stmt	*stmt = store_stmt(st, "SELECT id FROM decks "
			    "ORDER BY id");
	size_t		 size = 0;

	while (check_step(st, stmt, l)) {
		l->decks = xgrow(l->decks, &size, l->ndecks, sizeof *l->decks);
		l->decks[l->ndecks++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
}

/*
 * Rows that point at rows that are not there: each named by what it is
 * (an answer, a card) and its card, so the person can find it.  Unless
 * full, the answers' keys are left to the replay, which reads every
 * answer anyway (check_answer): looking up 5 million answers' cards one
 * by one is most of the time SQLite's check takes.  Returns 1 if the
 * replay is to look.
 */
static int
check_foreign_keys(struct store *st, int full, struct check_list *l)
{
	static const char others_sql[] = "SELECT f.\"table\", f.rowid, "
	    "f.parent FROM sqlite_schema s, pragma_foreign_key_check(s.name) f "
	    "WHERE s.type = 'table' AND s.name != 'reviews'";

	if (full || !check_review_keys_known(st, l)) {
		check_key_rows(st, store_stmt(st, "PRAGMA foreign_key_check"),
		    l);
		return 0;
	}
	check_key_rows(st, store_stmt(st, others_sql), l);
	check_load_decks(st, l);
	return 1;
}

/* Is this deck id there? */
static int
check_has_deck(struct check_list *l, int64_t deck)
{
	size_t	lo = 0, hi = l->ndecks, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->decks[mid] == deck)
			return 1;
		if (l->decks[mid] < deck)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The slot of a deck's day in the hash table of the log's days. */
static struct check_day *
check_day_slot(struct check_list *l, int64_t deck, int day)
{
	uint64_t	 h;
	size_t		 i;

	h = ((uint64_t)deck * 0x9e3779b97f4a7c15u) ^ ((uint64_t)(uint32_t)day *
	    0xc2b2ae3d27d4eb4fu);
	h ^= h >> 29;
	for (i = h & (l->daysize - 1); l->days[i].used; i = (i + 1) &
	    (l->daysize - 1)) {
		if (l->days[i].deck == deck && l->days[i].day == day)
			break;
	}
	return &l->days[i];
}

/* Count one answer for its deck and day: its time, its retention. */
static void
check_day_add(struct check_list *l, const struct review_row *row)
{
	int64_t	deck = row->deck;
	int	day = row->day;

	struct check_day	*old, *d;
	size_t			 i, size;

	if ((l->ndays + 1) * 2 > l->daysize) {
		old = l->days;
		size = l->daysize;
		l->daysize = size == 0 ? 1024 : size * 2;
		l->days = xcalloc(l->daysize, sizeof *l->days);
		for (i = 0; i < size; i++) {
			if (old[i].used)
				*check_day_slot(l, old[i].deck, old[i].day) =
				    old[i];
		}
		free(old);
	}
	d = check_day_slot(l, deck, day);
	if (!d->used) {
		d->used = 1;
		d->deck = deck;
		d->day = day;
		l->ndays++;
	}
	d->ms += row->ms;
	d->answers++;
	if (row->scheduled && row->interval_before > 0) {
		d->n[row->interval_before >= STATS_MATURE]++;
		d->ok[row->interval_before >= STATS_MATURE] += row->grade >= 3;
	}
}

/*
 * One answer of the log, from the replay: its time counts for its deck's
 * day (check_caches compares), and, unless SQLite's foreign key check
 * ran on the log, its deck and its card must be there.
 */
static void
check_answer(void *arg, const struct review_row *row)
{
	struct check_list *l = arg;

	if (row->deck != -1)
		check_day_add(l, row);
	if (!l->keys)
		return;
	if (row->deck != -1 && !check_has_deck(l, row->deck))
		check_missing_answer(l, row->card, row->id, "decks");
	if (row->card_missing)
		check_missing_answer(l, row->card, row->id, "cards");
}

/* A deck's day as check_answer counted it, or NULL if it has none. */
static const struct check_day *
check_day_find(struct check_list *l, int64_t deck, int day)
{
	struct check_day *d;

	if (l->daysize == 0)
		return NULL;
	d = check_day_slot(l, deck, day);
	return d->used ? d : NULL;
}

/* The time the log holds for a deck on a day (check_answer counted it). */
static int64_t
check_day_ms(struct check_list *l, int64_t deck, int day)
{
	struct check_day *d;

	if (l->daysize == 0)
		return 0;
	d = check_day_slot(l, deck, day);
	return d->used ? d->ms : 0;
}

/*
 * The retention cache against the log (check_answer counted it): each of
 * its rows, and in all, so that a day it lacks shows too.
 */
static void
check_retention(struct store *st, struct check_list *l)
{
	static const char sql[] = "SELECT coalesce(d.name, x.deck_id), x.day, "
	    "x.young, x.young_ok, x.mature, x.mature_ok, x.deck_id "
	    "FROM retention_days x LEFT JOIN decks d ON d.id = x.deck_id";
	const struct check_day	*c;
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	int64_t			 cached[4], counted[4], total[2] = { 0, 0 };
	int64_t			 logged[2] = { 0, 0 };
	char			*line, *day;
	size_t			 i;
	int			 k;

	while (check_step(st, stmt, l)) {
		for (k = 0; k < 4; k++)
			cached[k] = sqlite3_column_int64(stmt, 2 + k);
		c = check_day_find(l, sqlite3_column_int64(stmt, 6),
		    sqlite3_column_int(stmt, 1));
		counted[0] = c != NULL ? c->n[0] : 0;
		counted[1] = c != NULL ? c->ok[0] : 0;
		counted[2] = c != NULL ? c->n[1] : 0;
		counted[3] = c != NULL ? c->ok[1] : 0;
		total[0] += cached[0] + cached[2];
		total[1] += cached[1] + cached[3];
		if (memcmp(cached, counted, sizeof cached) == 0)
			continue;
		day = clock_day_string(sqlite3_column_int(stmt, 1));
		xasprintf(&line, "deck '%s', %s: the log has %lld young "
		    "answers (%lld recalled) and %lld mature (%lld), the "
		    "retention cache %lld (%lld) and %lld (%lld)",
		    sqlite3_column_text(stmt, 0), day, (long long)counted[0],
		    (long long)counted[1], (long long)counted[2],
		    (long long)counted[3], (long long)cached[0],
		    (long long)cached[1], (long long)cached[2],
		    (long long)cached[3]);
		check_add(l, line);
		free(line);
		free(day);
	}
	for (i = 0; i < l->daysize; i++) {
		if (!l->days[i].used)
			continue;
		logged[0] += l->days[i].n[0] + l->days[i].n[1];
		logged[1] += l->days[i].ok[0] + l->days[i].ok[1];
	}
	if (l->error == NULL && (logged[0] != total[0] ||
	    logged[1] != total[1])) {
		xasprintf(&line, "the log has %lld answers for retention (%lld "
		    "recalled), the retention cache %lld (%lld): it lacks days",
		    (long long)logged[0], (long long)logged[1],
		    (long long)total[0], (long long)total[1]);
		check_add(l, line);
		free(line);
	}
}

/*
 * The cache of the log's newest day (last_day_answers, migration 18) must
 * hold, for each card answered that day, its last answer and what the
 * queue asks of the card; and no answer may be on a later day.
 */
static void
check_last_day(struct store *st, struct check_list *l)
{
	static const char later_sql[] = "SELECT count(*), min(day) FROM "
	    "reviews WHERE day > (SELECT day FROM last_day)";
	static const char diff_sql[] = "WITH logged AS (SELECT c.id, r.day, "
	    "r.id, r.grade, c.deck_id, c.suspended, c.buried_until, c.source, "
	    "c.source_line FROM reviews r JOIN cards c ON c.id = r.card_id "
	    "WHERE r.day = (SELECT day FROM last_day) AND r.id = (SELECT "
	    "max(id) FROM reviews WHERE card_id = r.card_id AND day = r.day)), "
	    "cached AS (SELECT card_id, day, review_id, grade, deck_id, "
	    "suspended, buried_until, source, source_line FROM "
	    "last_day_answers) "
	    "SELECT id, 'the log' FROM (SELECT * FROM logged EXCEPT "
	    "SELECT * FROM cached) UNION ALL "
	    "SELECT card_id, 'the cache' FROM (SELECT * FROM cached EXCEPT "
	    "SELECT * FROM logged) ORDER BY 1, 2";
	sqlite3_stmt	*stmt;
	char		*line, *day;

	stmt = store_stmt(st, later_sql);
	if (check_step(st, stmt, l) && sqlite3_column_int64(stmt, 0) > 0) {
		day = clock_day_string(sqlite3_column_int(stmt, 1));
		xasprintf(&line, "the log has %lld answers after the day the "
		    "queue's cache of the newest day holds, from %s",
		    (long long)sqlite3_column_int64(stmt, 0), day);
		check_add(l, line);
		free(line);
		free(day);
	}
	sqlite3_reset(stmt);
	stmt = store_stmt(st, diff_sql);
	while (check_step(st, stmt, l)) {
		xasprintf(&line, "card %lld: the queue's cache of the newest "
		    "day differs from the log (a row only %s has)",
		    (long long)sqlite3_column_int64(stmt, 0),
		    sqlite3_column_text(stmt, 1));
		check_add(l, line);
		free(line);
	}
}

/*
 * The cached counts (layers, due days, days) must equal counting afresh;
 * the log's time by deck and day was counted during the replay
 * (check_answer).
 */
static void
check_caches(struct store *st, struct check_list *l)
{
	static const char layers_sql[] = "SELECT d.name, x.layer, "
	    "coalesce(c.n, 0), x.cards, coalesce(c.passed, 0), x.passed "
	    "FROM layer_counts x JOIN decks d ON d.id = x.deck_id "
	    "LEFT JOIN (SELECT deck_id, layer, count(*) AS n, "
	    "sum(passed) AS passed FROM cards WHERE suspended = 0 "
	    "GROUP BY deck_id, layer) c ON c.deck_id = x.deck_id AND "
	    "c.layer = x.layer WHERE coalesce(c.n, 0) != x.cards OR "
	    "coalesce(c.passed, 0) != x.passed";
	static const char daily_sql[] = "SELECT coalesce(d.name, x.deck_id), "
	    "x.day, x.ms, x.deck_id, x.answers FROM daily x "
	    "LEFT JOIN decks d ON d.id = x.deck_id";
	static const char buckets_sql[] = "SELECT coalesce(d.name, "
	    "x.deck_id), x.ivl, x.ease, x.cached, x.counted FROM (SELECT "
	    "deck_id, ivl, ease, sum(cached) AS cached, sum(counted) AS "
	    "counted FROM (SELECT deck_id, ivl, ease, cards AS cached, "
	    "0 AS counted FROM card_buckets UNION ALL SELECT deck_id, "
	    "ivl_bucket, ease_bucket, 0, 1 FROM cards WHERE reviews > 0 AND "
	    "suspended = 0) GROUP BY deck_id, ivl, ease HAVING sum(cached) != "
	    "sum(counted)) x LEFT JOIN decks d ON d.id = x.deck_id";
	static const char due_sql[] = "SELECT coalesce(d.name, x.deck_id), "
	    "x.due, x.cached, x.counted FROM (SELECT deck_id, due, "
	    "sum(cached) AS cached, sum(counted) AS counted FROM (SELECT "
	    "deck_id, due, cards AS cached, 0 AS counted FROM due_days "
	    "UNION ALL SELECT deck_id, due, 0, 1 FROM cards WHERE due IS NOT "
	    "NULL AND suspended = 0) GROUP BY deck_id, due HAVING "
	    "sum(cached) != sum(counted)) x LEFT JOIN decks d ON "
	    "d.id = x.deck_id";
	const struct check_day	*c;
	sqlite3_stmt	*stmt;
	char		*line, *day, *logged, *cached;
	int64_t		 ms;

	stmt = store_stmt(st, due_sql);
	while (check_step(st, stmt, l)) {
		day = clock_day_string(sqlite3_column_int(stmt, 1));
		xasprintf(&line, "deck '%s': counted %d cards due on %s, "
		    "cached %d", sqlite3_column_text(stmt, 0),
		    sqlite3_column_int(stmt, 3), day,
		    sqlite3_column_int(stmt, 2));
		check_add(l, line);
		free(line);
		free(day);
	}
	stmt = store_stmt(st, layers_sql);
	while (check_step(st, stmt, l)) {
		xasprintf(&line, "deck '%s', layer %s: counted %d cards (%d "
		    "passed), cached %d (%d)", sqlite3_column_text(stmt, 0),
		    sqlite3_column_text(stmt, 1), sqlite3_column_int(stmt, 2),
		    sqlite3_column_int(stmt, 4), sqlite3_column_int(stmt, 3),
		    sqlite3_column_int(stmt, 5));
		check_add(l, line);
		free(line);
	}
	stmt = store_stmt(st, buckets_sql);
	while (check_step(st, stmt, l)) {
		xasprintf(&line, "deck '%s': counted %d cards in review of "
		    "interval bucket %d and ease bucket %d, cached %d",
		    sqlite3_column_text(stmt, 0), sqlite3_column_int(stmt, 4),
		    sqlite3_column_int(stmt, 1), sqlite3_column_int(stmt, 2),
		    sqlite3_column_int(stmt, 3));
		check_add(l, line);
		free(line);
	}
	stmt = store_stmt(st, daily_sql);
	while (check_step(st, stmt, l)) {
		c = check_day_find(l, sqlite3_column_int64(stmt, 3),
		    sqlite3_column_int(stmt, 1));
		if (c != NULL && c->answers != sqlite3_column_int64(stmt, 4)) {
			day = clock_day_string(sqlite3_column_int(stmt, 1));
			xasprintf(&line, "deck '%s', %s: the log has %lld "
			    "answers, the daily cache %lld",
			    sqlite3_column_text(stmt, 0), day,
			    (long long)c->answers,
			    (long long)sqlite3_column_int64(stmt, 4));
			check_add(l, line);
			free(line);
			free(day);
		}
		ms = check_day_ms(l, sqlite3_column_int64(stmt, 3),
		    sqlite3_column_int(stmt, 1));
		if (ms == sqlite3_column_int64(stmt, 2))
			continue;
		day = clock_day_string(sqlite3_column_int(stmt, 1));
		logged = format_duration((int)(ms / 1000));
		cached = format_duration((int)(sqlite3_column_int64(stmt, 2) /
		    1000));
		xasprintf(&line, "deck '%s', %s: the log has %s of answers "
		    "(%lld ms), the daily cache %s (%lld ms)",
		    sqlite3_column_text(stmt, 0), day, logged, (long long)ms,
		    cached, (long long)sqlite3_column_int64(stmt, 2));
		check_add(l, line);
		free(line);
		free(day);
		free(logged);
		free(cached);
	}
	check_retention(st, l);
	check_last_day(st, l);
}

/*
 * Text that entered before every way in was checked (a NUL, invalid UTF-8,
 * an overlong line) would export a summary that import refuses: name each.
 */
static void
check_text(struct store *st, struct check_list *l)
{
	static const struct {
		const char	*sql;
		const char	*fix;
	} tables[] = {
		{ "SELECT 'card', id, front, back, note, context, tags, source "
		  "FROM cards", "'edit ID' or 'delete ID'" },
		{ "SELECT 'deck', id, name FROM decks", "'deck rename'" },
		{ "SELECT 'summary', id, title, body FROM summaries",
		  "'summarize --edit ID'" },
		{ "SELECT 'reading-list entry', id, topic, deck FROM later",
		  "'later done ID' and add it again" },
		{ "SELECT 'deep dive', id, topic, deck FROM deepdives", NULL }
	};
	sqlite3_stmt	*stmt;
	const char	*text;
	char		*why, *line;
	size_t		 i;
	int		 col;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		stmt = store_stmt(st, tables[i].sql);
		while (check_step(st, stmt, l)) {
			for (col = 2; col < sqlite3_column_count(stmt); col++) {
				if ((text = sqlite3_column_blob(stmt, col)) ==
				    NULL || text_check(text, (size_t)
				    sqlite3_column_bytes(stmt, col), &why) == 0)
					continue;
				xasprintf(&line, "%s %lld: its %s has %s%s%s",
				    sqlite3_column_text(stmt, 0),
				    (long long)sqlite3_column_int64(stmt, 1),
				    sqlite3_column_name(stmt, col), why,
				    tables[i].fix != NULL ? "; fix it with " : "",
				    tables[i].fix != NULL ? tables[i].fix : "");
				check_add(l, line);
				free(line);
				free(why);
			}
		}
		sqlite3_reset(stmt);
	}
}

static enum cmd_retval
cmd_check_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct review_check	 rc;
	struct check_list	 l;
	struct check_pages	 pages;
	struct json		*j;
	int			 i, full, apart;

	memset(&l, 0, sizeof l);
	memset(&rc, 0, sizeof rc);
	full = args_has(args, "full");
	if (store_scan_begin(st, &l.error) == 0) {
		if (!(apart = check_pages_begin(st, full, &pages)))
			check_integrity(st, full, &l);
		l.keys = check_foreign_keys(st, full, &l);
		rc.report = check_add;
		rc.answer = check_answer;
		rc.arg = &l;
		review_check(st, &rc);
		if (l.error == NULL)
			l.error = rc.error;
		else
			free(rc.error);
		check_caches(st, &l);
		check_text(st, &l);
		if (apart)
			check_pages_end(st, &pages, &l);
	}
	store_scan_end(st);
	free(l.days);
	free(l.decks);
	if (l.error != NULL) {
		/* Half a check is no verdict: what it found, and why it stopped. */
		for (i = 0; i < l.n; i++) {
			if (!args_json(ctx, args))
				printf("%s\n", l.lines[i]);
			free(l.lines[i]);
		}
		free(l.lines);
		cmd_error(ctx, "check: %s", l.error);
		free(l.error);
		return CMD_RETURN_ERROR;
	}

	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_object_begin(j);
		json_kv_bool(j, "ok", l.n == 0);
		json_kv_int(j, "cards", rc.cards);
		json_kv_int(j, "answers", rc.reviews);
		json_key(j, "problems");
		json_array_begin(j);
		for (i = 0; i < l.n; i++)
			json_string(j, l.lines[i]);
		json_array_end(j);
		json_object_end(j);
		json_free(j);
	} else {
		for (i = 0; i < l.n; i++)
			printf("%s\n", l.lines[i]);
		if (l.n == 0)
			printf("ok: replayed %d answer%s on %d card%s; every "
			    "schedule matches its log, and the database is "
			    "sound\n", rc.reviews, rc.reviews == 1 ? "" : "s",
			    rc.cards, rc.cards == 1 ? "" : "s");
		else
			printf("%d problem%s found\n", l.n, l.n == 1 ? "" :
			    "s");
	}
	for (i = 0; i < l.n; i++)
		free(l.lines[i]);
	free(l.lines);
	if (l.n == 0 && store_warning(st) != NULL) {
		/* Sound again: forget the damage; reopen to write. */
		store_clear_damaged(st);
		store_close(ctx->store);
		ctx->store = NULL;
	}
	return l.n == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}
