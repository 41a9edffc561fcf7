/*
 * Answers: grading a card (its new state and a review log row, in one
 * transaction) and saying what it did, taking an answer back, and checking
 * that every card's state is what replaying its log gives.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

/* The length of a device id: hexadecimal digits. */
#define REVIEW_DEVICE_LEN 16

/* The rollover hour of the collection. */
int
review_rollover(struct store *st)
{
	return settings_int(st, SETTING_ROLLOVER);
}

/* The day it is now, by the collection's rollover hour. */
int
review_today(struct store *st)
{
	return clock_day(clock_now(), review_rollover(st));
}

/*
 * A file or folder of recall's state (beside the REPL history):
 * $XDG_STATE_HOME/recall/NAME, else ~/.local/state/recall/NAME; NULL
 * when neither is set.
 */
char *
review_state_path(const char *name)
{
	const char	*state = getenv("XDG_STATE_HOME");
	const char	*home = getenv("HOME");
	char		*path;

	if (state != NULL && *state == '/')
		xasprintf(&path, "%s/recall/%s", state, name);
	else if (home != NULL && *home != '\0')
		xasprintf(&path, "%s/.local/state/recall/%s", home, name);
	else
		return NULL;
	return path;
}

/* Read a device id from its file; NULL if it holds none. */
static char *
review_device_read(const char *path)
{
	char	 buf[REVIEW_DEVICE_LEN + 2];
	FILE	*f;
	size_t	 n, i;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n != REVIEW_DEVICE_LEN)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strchr("0123456789abcdef", buf[i]) == NULL || buf[i] == 0)
			return NULL;
	}
	return xstrndup(buf, n);
}

/*
 * Make a new device id and keep it: written to a temporary file and
 * linked into place, so two processes starting at once agree on one id.
 */
static char *
review_device_make(const char *path)
{
	unsigned char	 raw[REVIEW_DEVICE_LEN / 2];
	char		 id[REVIEW_DEVICE_LEN + 1], *tmp, *dir, *slash, *cause;
	int		 fd, ok;
	size_t		 i;
	FILE		*f;

	if ((f = fopen("/dev/urandom", "r")) == NULL)
		return NULL;
	ok = fread(raw, 1, sizeof raw, f) == sizeof raw;
	fclose(f);
	if (!ok)
		return NULL;
	for (i = 0; i < sizeof raw; i++)
		snprintf(id + 2 * i, 3, "%02x", raw[i]);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	ok = mkdir_parents(dir, 0700, &cause) == 0;
	if (!ok)
		free(cause);
	free(dir);
	xasprintf(&tmp, "%s.%ld", path, (long)getpid());
	if (ok && (fd = open(tmp, O_WRONLY|O_CREAT|O_TRUNC, 0600)) != -1) {
		ok = write(fd, id, REVIEW_DEVICE_LEN) == REVIEW_DEVICE_LEN &&
		    write(fd, "\n", 1) == 1;
		ok = close(fd) == 0 && ok;
		if (ok && link(tmp, path) != 0 && errno != EEXIST)
			ok = 0;
		unlink(tmp);
	} else
		ok = 0;
	free(tmp);
	return ok ? review_device_read(path) : NULL;
}

/*
 * This device's id (made on first use), or NULL when there is nowhere to
 * keep one: its answers are then nobody's, and undo needs --card.
 */
const char *
review_device(void)
{
	static char	*device;
	static int	 looked;
	char		*path;

	if (looked)
		return device;
	looked = 1;
	/* One file for every terminal of one person on one machine. */
	if ((path = review_state_path("device")) == NULL)
		return NULL;
	if ((device = review_device_read(path)) == NULL)
		device = review_device_make(path);
	free(path);
	return device;
}

/* The last day a due date may fall on: inside the accepted years. */
static int
review_max_due(struct store *st)
{
	return clock_day(CLOCK_MAX, review_rollover(st));
}

/*
 * Refuse an answer dated before the card's last one: the log stays in
 * order, so replaying it gives what happened.
 */
static int
review_check_order(struct store *st, int64_t card, time_t now, char **cause)
{
	static const char sql[] = "SELECT time FROM reviews WHERE card_id = ? "
	    "ORDER BY id DESC LIMIT 1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	time_t		 last;
	char		*a, *b;
	int		 found;

	sqlite3_bind_int64(stmt, 1, card);
	if ((found = store_step(st, stmt, cause)) < 0)
		return -1;
	last = found ? (time_t)sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_reset(stmt);
	if (!found || now >= last)
		return 0;
	a = clock_time_string(now);
	b = clock_time_string(last);
	xasprintf(cause, "this answer (%s) is dated before card %lld's last "
	    "answer (%s): answers are kept in the order they happened (check "
	    "--now, RECALL_NOW or the clock)", a, (long long)card, b);
	free(a);
	free(b);
	return -1;
}

/*
 * The day of a card's last answer that moved its schedule, or -1; 0, or
 * -1 with cause if it cannot be read.
 */
static int
review_last_day(struct store *st, int64_t card, int *day, char **cause)
{
	static const char sql[] = "SELECT day FROM reviews WHERE card_id = ? "
	    "AND scheduled = 1 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	*day = -1;
	sqlite3_bind_int64(stmt, 1, card);
	if ((rc = store_step(st, stmt, cause)) == 1)
		*day = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	return rc == -1 ? -1 : 0;
}

/* The scheduler's view of a stored card; 0, or -1 with cause. */
static int
review_sm2_card(struct store *st, const struct card *c, struct sm2_card *s,
    char **cause)
{
	s->state = c->sm2;
	s->due = c->due;
	s->count = c->reviews;
	s->passed = c->passed;
	return review_last_day(st, c->id, &s->last_day, cause);
}

/*
 * Bind a state to five columns of the log from idx on: repetition, ease,
 * interval, due and lapses, the order of both the before and the after
 * columns.
 */
static void
review_bind_state(sqlite3_stmt *stmt, int idx, const struct sm2_card *s)
{
	sqlite3_bind_int(stmt, idx, s->state.repetition);
	sqlite3_bind_double(stmt, idx + 1, s->state.ease);
	sqlite3_bind_int(stmt, idx + 2, s->state.interval);
	stmt_bind_day(stmt, idx + 3, s->due);
	sqlite3_bind_int(stmt, idx + 4, s->state.lapses);
}

/*
 * Read a state from five columns from col on, in review_bind_state's
 * order (check reads the cards table's state in that order too).
 */
static void
review_read_state(sqlite3_stmt *stmt, int col, struct sm2_card *s)
{
	s->state.repetition = sqlite3_column_int(stmt, col);
	s->state.ease = sqlite3_column_double(stmt, col + 1);
	s->state.interval = sqlite3_column_int(stmt, col + 2);
	s->due = stmt_day(stmt, col + 3);
	s->state.lapses = sqlite3_column_int(stmt, col + 4);
}

/*
 * The number that seeds a card's fuzz: its own local id, or the seed it
 * came with from the device that made it (sync), so that every device
 * replays it to the same intervals.
 */
static int64_t
review_seed(struct store *st, int64_t card)
{
	static const char sql[] = "SELECT coalesce(seed, id) FROM cards "
	    "WHERE id = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int64_t		 seed = card;

	sqlite3_bind_int64(stmt, 1, card);
	if (store_step(st, stmt, NULL) == 1)
		seed = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return seed;
}

/*
 * Grade a card at time now, taking duration_ms to answer.  The card's new
 * state and the log row are written in one transaction.  On success the
 * result holds the card as it is now and what the answer did.
 */
int
review_answer(struct store *st, int64_t id, int grade, int duration_ms,
    struct review_result *res, char **cause)
{
	static const char sql[] = "INSERT INTO reviews (card_id, time, day, "
	    "grade, duration, scheduled, fuzz, rep_before, ease_before, "
	    "interval_before, due_before, lapses_before, passed_before, "
	    "rep_after, ease_after, interval_after, due_after, lapses_after, "
	    "leeched, deck_id, device, gid, target) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	    "?20, ?21, " SYNC_NEW_ID ", ?22)";
	struct card		*c;
	struct deck		*d;
	struct sm2_card		 before, after;
	struct sm2_params	 p, textbook;
	enum track		 track;
	sqlite3_stmt		*stmt;
	time_t			 now;
	char			*tags;

	memset(res, 0, sizeof *res);
	if (grade < 0 || grade > 5) {
		xasprintf(cause, "bad grade %d (0 to 5)", grade);
		return -1;
	}
	if (duration_ms < 0)
		duration_ms = 0;
	if (duration_ms > REVIEW_MAX_DURATION_MS)
		duration_ms = REVIEW_MAX_DURATION_MS;
	if (store_begin(st, cause) != 0)
		return -1;
	/*
	 * The time is read with the write lock held: an answer that waited
	 * for another writer is dated after what that writer logged, so it
	 * is not refused as out of order.
	 */
	now = clock_now();
	*cause = NULL;
	if ((c = card_get(st, id, cause)) == NULL) {
		if (*cause == NULL)
			xasprintf(cause, "no card %lld", (long long)id);
		goto fail;
	}
	if (c->suspended) {
		xasprintf(cause, "card %lld is suspended (unsuspend it first)",
		    (long long)id);
		goto fail;
	}
	if ((d = deck_find_id(st, c->deck_id, cause)) == NULL) {
		if (*cause == NULL)
			xasprintf(cause, "card %lld has no deck", (long long)id);
		goto fail;
	}
	p.fuzz = d->fuzz;
	p.leech_threshold = d->leech_threshold;
	p.card = review_seed(st, c->id);
	p.max_due = review_max_due(st);
	p.target = 0;
	track = d->track;
	deck_free(d);
	if (review_check_order(st, c->id, now, cause) != 0)
		goto fail;

	res->today = clock_day(now, review_rollover(st));
	if (review_sm2_card(st, c, &before, cause) != 0)
		goto fail;
	/* SM-2's own state first: the recall model aims from it. */
	textbook = p;
	textbook.fuzz = 0;
	sm2_answer(&before, &textbook, grade, res->today, &after,
	    &res->outcome);
	if (fit_target(st, c->id, track, grade, &after, &res->outcome,
	    &p.target, cause) != 0)
		goto fail;
	sm2_answer(&before, &p, grade, res->today, &after, &res->outcome);
	res->target = p.target;
	res->aim = p.target > 0 ? settings_int(st, SETTING_RETENTION) /
	    1000.0 : 0;

	stmt = store_stmt(st, sql);
	sqlite3_bind_int64(stmt, 1, c->id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	sqlite3_bind_int(stmt, 3, res->today);
	sqlite3_bind_int(stmt, 4, grade);
	sqlite3_bind_int(stmt, 5, duration_ms);
	sqlite3_bind_int(stmt, 6, res->outcome.scheduled);
	sqlite3_bind_int(stmt, 7, p.fuzz);
	review_bind_state(stmt, 8, &before);
	sqlite3_bind_int(stmt, 13, before.passed);
	review_bind_state(stmt, 14, &after);
	sqlite3_bind_int(stmt, 19, res->outcome.leech);
	sqlite3_bind_int64(stmt, 20, c->deck_id);
	if (review_device() != NULL)
		sqlite3_bind_text(stmt, 21, review_device(), -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 21);
	if (p.target > 0)
		sqlite3_bind_int(stmt, 22, p.target);
	else
		sqlite3_bind_null(stmt, 22);
	if (store_done(st, stmt, cause) != 0)
		goto fail;
	res->review_id = sqlite3_last_insert_rowid(store_db(st));

	res->was_new = card_is_new(c);
	c->sm2 = after.state;
	c->due = after.due;
	c->reviews = after.count;
	c->passed = after.passed;
	c->buried_until = 0;
	if (res->outcome.leech) {
		c->leech = 1;
		c->suspended = 1;
		tags = tags_add(c->tags, "leech");
		free(c->tags);
		c->tags = tags;
	}
	if (card_save_state(st, c, cause) != 0)
		goto fail;
	if (store_commit(st, cause) != 0) {
		card_free(c);
		return -1;
	}
	res->card = c;
	return 0;
fail:
	card_free(c);
	store_rollback(st);
	return -1;
}

/*
 * Say what an answer did: the answer command and the review session
 * both print it.
 */
void
review_result_print(FILE *f, const struct review_result *r, int grade)
{
	char	*due;
	int	 days;

	if (!r->outcome.scheduled) {
		fprintf(f, "card %lld: %s (%d), a same-day repeat: the "
		    "schedule stays", (long long)r->card->id,
		    sm2_grade_name(grade), grade);
	} else {
		due = clock_day_string(r->card->due);
		days = r->card->due - r->today;
		if (days <= 0)
			fprintf(f, "card %lld: %s (%d); next review %s, today: "
			    "no later day can be kept (ease %.2f)",
			    (long long)r->card->id, sm2_grade_name(grade),
			    grade, due, r->card->sm2.ease);
		else if (r->target > 0)
			fprintf(f, "card %lld: %s (%d); next review %s, in %d "
			    "day%s, when the model puts recall at %.2f (ease "
			    "%.2f)", (long long)r->card->id,
			    sm2_grade_name(grade), grade, due, days,
			    days == 1 ? "" : "s", r->aim, r->card->sm2.ease);
		else
			fprintf(f, "card %lld: %s (%d); next review %s, in %d "
			    "day%s (ease %.2f)", (long long)r->card->id,
			    sm2_grade_name(grade), grade, due, days,
			    days == 1 ? "" : "s", r->card->sm2.ease);
		free(due);
	}
	if (r->outcome.again_today)
		fprintf(f, "; it comes back today until graded 4 or 5");
	fputc('\n', f);
	if (r->outcome.leech) {
		fprintf(f, "%scard %lld is a leech (%d lapses): suspended and "
		    "tagged 'leech'.  Rewrite it, split it, or delete it.%s\n",
		    term_style(f, "red"), (long long)r->card->id,
		    r->card->sm2.lapses, term_style(f, "reset"));
	}
}

/*
 * Find the answer an undo means: a given answer, a card's last answer, or
 * (both 0) the last answer this device gave.  Leaves the row on stmt.
 */
static int
review_undo_find(struct store *st, int64_t review, int64_t card,
    sqlite3_stmt **stmtp, char **cause)
{
	static const char find_sql[] = "SELECT id, card_id, time, grade, "
	    "scheduled, rep_before, ease_before, interval_before, due_before, "
	    "lapses_before, passed_before, leeched FROM reviews "
	    "WHERE (?1 > 0 AND id = ?1) OR (?2 > 0 AND card_id = ?2) OR "
	    "(?1 = 0 AND ?2 = 0 AND device = ?3) ORDER BY id DESC LIMIT 1";
	sqlite3_stmt	*stmt;
	const char	*device = review_device();
	int		 found;

	if (review == 0 && card == 0 && device == NULL) {
		*cause = xstrdup("cannot tell which answers are this device's "
		    "(neither XDG_STATE_HOME nor HOME gives a place to keep "
		    "its id): name the card with --card ID");
		return -1;
	}
	stmt = store_stmt(st, find_sql);
	sqlite3_bind_int64(stmt, 1, review);
	sqlite3_bind_int64(stmt, 2, card);
	if (device != NULL)
		sqlite3_bind_text(stmt, 3, device, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
	if ((found = store_step(st, stmt, cause)) == 1) {
		*stmtp = stmt;
		return 0;
	}
	if (found == 0) {
		if (card != 0)
			xasprintf(cause, "card %lld has no answers to take back",
			    (long long)card);
		else if (review != 0)
			xasprintf(cause, "answer %lld is no longer in the log "
			    "(taken back elsewhere)", (long long)review);
		else
			*cause = xstrdup("no answers to take back from this "
			    "device (an answer given elsewhere is taken back "
			    "with --card ID)");
	}
	return -1;
}

/*
 * Only a card's last answer can be taken back: the card's state is the
 * replay of its log, and taking out an earlier answer would leave the
 * later ones standing on a state that no longer was.
 */
static int
review_undo_is_last(struct store *st, const struct review_undone *u,
    char **cause)
{
	static const char sql[] = "SELECT id, time FROM reviews WHERE "
	    "card_id = ? ORDER BY id DESC LIMIT 1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int64_t		 last;
	char		*when;
	int		 found;

	sqlite3_bind_int64(stmt, 1, u->card_id);
	if ((found = store_step(st, stmt, cause)) < 0)
		return -1;
	last = sqlite3_column_int64(stmt, 0);
	when = clock_time_string((time_t)sqlite3_column_int64(stmt, 1));
	sqlite3_reset(stmt);
	if (found && last == u->review_id) {
		free(when);
		return 0;
	}
	xasprintf(cause, "card %lld was answered again since (at %s, perhaps "
	    "in another session): only a card's last answer can be taken "
	    "back", (long long)u->card_id, when);
	free(when);
	return -1;
}

/* Lift a leech's suspension when the answer taken back made it one. */
static int
review_undo_leech(struct store *st, struct card *c, char **cause)
{
	static const char leeched_sql[] = "SELECT count(*) FROM reviews "
	    "WHERE card_id = ? AND leeched = 1";
	sqlite3_stmt	*stmt;
	char		*tags;

	c->suspended = 0;
	stmt = store_stmt(st, leeched_sql);
	sqlite3_bind_int64(stmt, 1, c->id);
	if (store_step(st, stmt, cause) != 1)
		return -1;
	c->leech = sqlite3_column_int(stmt, 0) > 0;
	sqlite3_reset(stmt);
	if (!c->leech) {
		tags = tags_remove(c->tags, "leech");
		free(c->tags);
		c->tags = tags;
	}
	return 0;
}

/*
 * Take back an answer: the given one (review), a card's last one (card),
 * or this device's last one (both 0).  It must be its card's last answer.
 * The card gets its state from before it, and the log row goes.
 */
int
review_undo(struct store *st, int64_t review, int64_t card,
    struct review_undone *u, char **cause)
{
	static const char delete_sql[] = "DELETE FROM reviews WHERE id = ?";
	sqlite3_stmt	*stmt;
	struct card	*c = NULL;
	struct sm2_card	 before;
	int		 leeched;

	memset(u, 0, sizeof *u);
	if (store_begin(st, cause) != 0)
		return -1;
	if (review_undo_find(st, review, card, &stmt, cause) != 0)
		goto fail;
	u->review_id = sqlite3_column_int64(stmt, 0);
	u->card_id = sqlite3_column_int64(stmt, 1);
	u->time = (time_t)sqlite3_column_int64(stmt, 2);
	u->grade = sqlite3_column_int(stmt, 3);
	u->scheduled = sqlite3_column_int(stmt, 4);
	*cause = NULL;
	if ((c = card_get(st, u->card_id, cause)) == NULL) {
		sqlite3_reset(stmt);
		if (*cause == NULL)
			*cause = xstrdup("the answer's card is gone");
		goto fail;
	}
	u->was_new = sqlite3_column_type(stmt, 8) == SQLITE_NULL;
	if (u->scheduled) {
		review_read_state(stmt, 5, &before);
		c->sm2 = before.state;
		c->due = before.due;
		c->passed = sqlite3_column_int(stmt, 10);
		c->reviews--;
	}
	leeched = sqlite3_column_int(stmt, 11);
	sqlite3_reset(stmt);
	if (review_undo_is_last(st, u, cause) != 0)
		goto fail;

	stmt = store_stmt(st, delete_sql);
	sqlite3_bind_int64(stmt, 1, u->review_id);
	if (store_done(st, stmt, cause) != 0)
		goto fail;
	/* It was this answer that suspended it as a leech. */
	if (leeched && review_undo_leech(st, c, cause) != 0)
		goto fail;
	if (card_save_state(st, c, cause) != 0)
		goto fail;
	card_free(c);
	return store_commit(st, cause);
fail:
	card_free(c);
	store_rollback(st);
	return -1;
}

/*
 * Read an answer from ten columns from col on: id, gid, time, day,
 * grade, duration, fuzz, deck_id, device and target.
 */
void
review_entry_read(sqlite3_stmt *stmt, int col, struct review_entry *e)
{
	e->id = sqlite3_column_int64(stmt, col);
	e->gid = stmt_text(stmt, col + 1);
	e->time = (time_t)sqlite3_column_int64(stmt, col + 2);
	e->day = sqlite3_column_int(stmt, col + 3);
	e->grade = sqlite3_column_int(stmt, col + 4);
	e->duration = sqlite3_column_int(stmt, col + 5);
	e->fuzz = sqlite3_column_int(stmt, col + 6);
	e->deck_id = sqlite3_column_int64(stmt, col + 7);
	e->device = stmt_text(stmt, col + 8);
	e->target = sqlite3_column_int(stmt, col + 9);
}

/* Free what an answer read by review_entry_read holds. */
void
review_entry_clear(struct review_entry *e)
{
	free(e->gid);
	free(e->device);
	e->gid = e->device = NULL;
}

/* Write one answer of a replay, with its states before and after. */
static int
review_replay_write(struct store *st, int64_t card,
    const struct review_entry *e, const struct sm2_card *before,
    const struct sm2_card *after, const struct sm2_outcome *o, char **cause)
{
	static const char sql[] = "INSERT INTO reviews (card_id, time, day, "
	    "grade, duration, scheduled, fuzz, rep_before, ease_before, "
	    "interval_before, due_before, lapses_before, passed_before, "
	    "rep_after, ease_after, interval_after, due_after, lapses_after, "
	    "leeched, deck_id, device, gid, target) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
	    "?19, ?20, ?21, coalesce(?22, " SYNC_NEW_ID "), ?23)";
	sqlite3_stmt	*stmt = store_stmt(st, sql);

	sqlite3_bind_int64(stmt, 1, card);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)e->time);
	sqlite3_bind_int(stmt, 3, e->day);
	sqlite3_bind_int(stmt, 4, e->grade);
	sqlite3_bind_int(stmt, 5, e->duration);
	sqlite3_bind_int(stmt, 6, o->scheduled);
	sqlite3_bind_int(stmt, 7, e->fuzz);
	review_bind_state(stmt, 8, before);
	sqlite3_bind_int(stmt, 13, before->passed);
	review_bind_state(stmt, 14, after);
	sqlite3_bind_int(stmt, 19, o->leech);
	if (e->deck_id != 0)
		sqlite3_bind_int64(stmt, 20, e->deck_id);
	else
		sqlite3_bind_null(stmt, 20);
	stmt_bind_text(stmt, 21, e->device);
	stmt_bind_text(stmt, 22, e->gid);
	if (e->target > 0 && o->scheduled)
		sqlite3_bind_int(stmt, 23, e->target);
	else
		sqlite3_bind_null(stmt, 23);
	return store_done(st, stmt, cause);
}

/*
 * Write a card's log again as the answers v say, in their order (the
 * order of time), inside the caller's transaction: v[0] to v[from - 1]
 * are in the log in their place already and stay; every later one that
 * is in the log (id not 0) goes and, as the new ones (id 0, a new global
 * id unless gid says), is written again in order with the states its
 * replay gives.  The card gets the replay's schedule, so check agrees.
 * Sync merges other devices' answers with it, and import brings in a
 * history with it.  A card deleted meanwhile is left alone.
 */
int
review_replay(struct store *st, int64_t card, const struct review_entry *v,
    size_t n, size_t from, char **cause)
{
	static const char card_sql[] = "SELECT c.initial_ease, "
	    "coalesce(c.seed, c.id), d.leech_threshold FROM cards AS c JOIN "
	    "decks AS d ON d.id = c.deck_id WHERE c.id = ?";
	static const char drop_sql[] = "DELETE FROM reviews WHERE id = ?";
	static const char save_sql[] = "UPDATE cards SET repetition = ?1, "
	    "ease = ?2, interval = ?3, due = ?4, lapses = ?5, passed = ?6, "
	    "reviews = ?7 WHERE id = ?8";
	sqlite3_stmt		*stmt;
	struct sm2_card		 cur, next;
	struct sm2_params	 p;
	struct sm2_outcome	 o;
	size_t			 i;
	int			 found;

	stmt = store_stmt(st, card_sql);
	sqlite3_bind_int64(stmt, 1, card);
	if ((found = store_step(st, stmt, cause)) != 1) {
		sqlite3_reset(stmt);
		return found < 0 ? -1 : 0;
	}
	memset(&cur, 0, sizeof cur);
	cur.state.ease = sqlite3_column_double(stmt, 0);
	cur.due = -1;
	cur.last_day = -1;
	p.card = sqlite3_column_int64(stmt, 1);
	p.leech_threshold = sqlite3_column_int(stmt, 2);
	p.max_due = review_max_due(st);
	sqlite3_reset(stmt);
	for (i = from; i < n; i++) {
		if (v[i].id == 0)
			continue;
		stmt = store_stmt(st, drop_sql);
		sqlite3_bind_int64(stmt, 1, v[i].id);
		if (store_done(st, stmt, cause) != 0)
			return -1;
	}
	for (i = 0; i < n; i++) {
		p.fuzz = v[i].fuzz;
		p.target = v[i].target;
		sm2_answer(&cur, &p, v[i].grade, v[i].day, &next, &o);
		if (i >= from && review_replay_write(st, card, &v[i], &cur,
		    &next, &o, cause) != 0)
			return -1;
		cur = next;
	}
	stmt = store_stmt(st, save_sql);
	sqlite3_bind_int(stmt, 1, cur.state.repetition);
	sqlite3_bind_double(stmt, 2, cur.state.ease);
	sqlite3_bind_int(stmt, 3, cur.state.interval);
	stmt_bind_day(stmt, 4, cur.due);
	sqlite3_bind_int(stmt, 5, cur.state.lapses);
	sqlite3_bind_int(stmt, 6, cur.passed);
	sqlite3_bind_int(stmt, 7, cur.count);
	sqlite3_bind_int64(stmt, 8, card);
	return store_done(st, stmt, cause);
}

/* One difference found by review_check, kept until the log is read. */
struct replay_problem {
	int64_t		 card;
	size_t		 seq;		/* the order it was found in */
	char		*msg;
};

/* One card while its log streams past. */
struct replay_card {
	struct sm2_card	 cur;		/* the state its log gives so far */
	int64_t		 seed;		/* its fuzz seed (review_seed) */
	int64_t		 prev_id;	/* the answer before, or 0 */
	time_t		 prev;		/* and its time */
	int		 bad;		/* a difference stopped its replay */
};

/* A replay of the whole log. */
struct replay {
	struct review_check	*rc;
	int64_t			*ids;		/* every card id, in order */
	struct replay_card	*cards;		/* each one's replay */
	size_t			 n;
	int			 dense;		/* ids without gaps */
	struct replay_problem	*problems;
	size_t			 nproblems;
};

/* Keep one difference found by review_check, for its card. */
static void
check_report(struct replay *r, int64_t card, const char *fmt, ...)
{
	va_list	 ap;

	r->problems = xreallocarray(r->problems, r->nproblems + 1,
	    sizeof *r->problems);
	r->problems[r->nproblems].card = card;
	r->problems[r->nproblems].seq = r->nproblems;
	va_start(ap, fmt);
	xvasprintf(&r->problems[r->nproblems].msg, fmt, ap);
	va_end(ap);
	r->nproblems++;
	r->rc->problems++;
}

/* Order differences card by card, each card's as they were found. */
static int
check_problem_cmp(const void *a, const void *b)
{
	const struct replay_problem *pa = a, *pb = b;

	if (pa->card != pb->card)
		return pa->card < pb->card ? -1 : 1;
	return pa->seq < pb->seq ? -1 : pa->seq > pb->seq;
}

/* Give the differences to the caller, card by card, and forget them. */
static void
check_report_all(struct replay *r)
{
	size_t i;

	if (r->nproblems > 1)
		qsort(r->problems, r->nproblems, sizeof *r->problems,
		    check_problem_cmp);
	for (i = 0; i < r->nproblems; i++) {
		if (r->rc->report != NULL)
			r->rc->report(r->rc->arg, r->problems[i].msg);
		free(r->problems[i].msg);
	}
	free(r->problems);
	r->problems = NULL;
	r->nproblems = 0;
}

/*
 * A number as a person reads it: the fewest digits that still give the
 * same double back (2.6, not 2.6000000000000001).
 */
static void
check_number(char *buf, size_t len, double x)
{
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, len, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
	snprintf(buf, len, "%.17g", x);
}

/* A due day as a date, or "none" for a new card. */
static void
check_day(char *buf, size_t len, int day)
{
	char *s;

	if (day < 0) {
		snprintf(buf, len, "none (new)");
		return;
	}
	s = clock_day_string(day);
	snprintf(buf, len, "%s", s);
	free(s);
}

/* A state as check reports it: numbers as a person reads them. */
static char *
check_state_string(const struct sm2_card *c, int names)
{
	char	 e[32], d[32], *s;

	check_number(e, sizeof e, c->state.ease);
	check_day(d, sizeof d, c->due);
	xasprintf(&s, "%s%d, %s%s, %s%d, %s%s, %s%d, %s%d",
	    names ? "repetition " : "", c->state.repetition,
	    names ? "ease " : "", e, names ? "interval " : "",
	    c->state.interval, names ? "due " : "", d,
	    names ? "lapses " : "", c->state.lapses,
	    names ? "passed " : "", c->passed);
	return s;
}

/*
 * Compare a stored state (read with review_read_state, and passed) with
 * the replayed one; where says which ("the card", or "before answer" or
 * "after answer" and the answer's id).
 */
static int
check_state(struct replay *r, int64_t card, const char *where,
    int64_t answer, const struct sm2_card *want, const struct sm2_card *have)
{
	char	*stored, *replay, at[64];

	if (want->state.repetition == have->state.repetition &&
	    want->state.ease == have->state.ease &&
	    want->state.interval == have->state.interval &&
	    want->due == have->due &&
	    want->state.lapses == have->state.lapses &&
	    want->passed == have->passed)
		return 0;
	stored = check_state_string(have, 1);
	replay = check_state_string(want, 0);
	if (answer != 0)
		snprintf(at, sizeof at, "%s %lld", where, (long long)answer);
	else
		snprintf(at, sizeof at, "%s", where);
	check_report(r, card, "card %lld: %s: stored %s; the replay gives %s",
	    (long long)card, at, stored, replay);
	free(stored);
	free(replay);
	return -1;
}

/* Report an answer dated before the one logged ahead of it. */
static void
check_order(struct replay *r, int64_t card, int64_t prev_id,
    time_t prev, int64_t id, time_t t)
{
	char *a, *b;

	a = clock_time_string(t);
	b = clock_time_string(prev);
	check_report(r, card, "card %lld: answer %lld (%s) is dated before the "
	    "answer logged ahead of it, %lld (%s): the log is out of order",
	    (long long)card, (long long)id, a, (long long)prev_id, b);
	free(a);
	free(b);
}

/* Step one of check's reads; the first that fails is kept, and ends it. */
static int
review_check_step(struct store *st, sqlite3_stmt *stmt,
    struct review_check *rc)
{
	if (rc->error != NULL) {
		sqlite3_reset(stmt);
		return 0;
	}
	return store_step(st, stmt, &rc->error) == 1;
}

/* Every card, in id order, with the state a card has before any answer. */
static void
replay_load(struct store *st, struct replay *r)
{
	static const char sql[] = "SELECT id, initial_ease, "
	    "coalesce(seed, id) FROM cards ORDER BY id";
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	struct replay_card	*c;
	size_t			 size = 0, cards_size = 0;

	while (review_check_step(st, stmt, r->rc)) {
		r->ids = xgrow(r->ids, &size, r->n, sizeof *r->ids);
		r->cards = xgrow(r->cards, &cards_size, r->n,
		    sizeof *r->cards);
		r->ids[r->n] = sqlite3_column_int64(stmt, 0);
		c = &r->cards[r->n++];
		memset(c, 0, sizeof *c);
		c->cur.state.ease = sqlite3_column_double(stmt, 1);
		c->cur.due = -1;
		c->cur.last_day = -1;
		c->seed = sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	r->rc->cards = (int)r->n;
	r->dense = ids_dense(r->ids, r->n);
}

/* The replay of the card of this id, or NULL if there is none. */
static struct replay_card *
replay_find(struct replay *r, int64_t id)
{
	size_t	at;

	return ids_find(r->ids, r->n, r->dense, id, &at) ? &r->cards[at] :
	    NULL;
}

/* Replay one answer of a card, comparing its logged states with ours. */
static void
replay_answer(struct replay *r, int64_t card, struct replay_card *c,
    sqlite3_stmt *rs, int max_due)
{
	struct sm2_params	 p;
	struct sm2_outcome	 o;
	struct sm2_card		 next, stored;
	int64_t			 id = sqlite3_column_int64(rs, 1);
	time_t			 t = (time_t)sqlite3_column_int64(rs, 17);

	r->rc->reviews++;
	if (c->prev_id != 0 && t < c->prev)
		check_order(r, card, c->prev_id, c->prev, id, t);
	c->prev_id = id;
	c->prev = t;
	review_read_state(rs, 6, &stored);
	stored.passed = sqlite3_column_int(rs, 11);
	if (check_state(r, card, "before answer", id, &c->cur,
	    &stored) != 0) {
		c->bad = 1;
		return;
	}
	p.fuzz = sqlite3_column_int(rs, 5);
	p.leech_threshold = 0;
	p.card = c->seed;
	p.max_due = max_due;
	p.target = sqlite3_column_int(rs, 20);
	sm2_answer(&c->cur, &p, sqlite3_column_int(rs, 3),
	    sqlite3_column_int(rs, 2), &next, &o);
	if (o.scheduled != sqlite3_column_int(rs, 4)) {
		check_report(r, card, "card %lld: answer %lld is logged as "
		    "%s, but the replay %s", (long long)card, (long long)id,
		    o.scheduled ? "a same-day repeat" : "moving the schedule",
		    o.scheduled ? "moves the schedule" : "is a same-day "
		    "repeat");
		c->bad = 1;
		return;
	}
	/* The log keeps no passed after: it is the replay's. */
	review_read_state(rs, 12, &stored);
	stored.passed = next.passed;
	if (check_state(r, card, "after answer", id, &next, &stored) != 0)
		c->bad = 1;
	c->cur = next;
}

/*
 * The log in one pass in id order (the order it is stored in): each
 * answer replayed on its card's state, and given to rc->answer.
 */
static void
replay_log(struct store *st, struct replay *r)
{
	static const char sql[] = "SELECT card_id, id, day, grade, "
	    "scheduled, fuzz, rep_before, ease_before, interval_before, "
	    "due_before, lapses_before, passed_before, rep_after, ease_after, "
	    "interval_after, due_after, lapses_after, time, deck_id, "
	    "duration, target FROM reviews ORDER BY id";
	struct review_check	*rc = r->rc;
	sqlite3_stmt		*rs = store_stmt(st, sql);
	struct replay_card	*c;
	struct review_row	 row;
	int			 max_due = review_max_due(st);

	while (review_check_step(st, rs, rc)) {
		row.card = sqlite3_column_int64(rs, 0);
		c = replay_find(r, row.card);
		if (rc->answer != NULL) {
			row.id = sqlite3_column_int64(rs, 1);
			row.card_missing = c == NULL;
			row.deck = sqlite3_column_type(rs, 18) == SQLITE_NULL ?
			    -1 : sqlite3_column_int64(rs, 18);
			row.day = sqlite3_column_int(rs, 2);
			row.ms = sqlite3_column_int64(rs, 19);
			row.grade = sqlite3_column_int(rs, 3);
			row.scheduled = sqlite3_column_int(rs, 4);
			row.interval_before = sqlite3_column_int(rs, 8);
			rc->answer(rc->arg, &row);
		}
		if (c != NULL && !c->bad)
			replay_answer(r, row.card, c, rs, max_due);
	}
	sqlite3_reset(rs);
}

/* Compare each card's stored state with the one its log gave. */
static void
replay_compare(struct store *st, struct replay *r)
{
	static const char sql[] = "SELECT id, repetition, ease, interval, "
	    "due, lapses, passed, reviews FROM cards ORDER BY id";
	sqlite3_stmt		*cs = store_stmt(st, sql);
	struct replay_card	*c;
	struct sm2_card		 stored;
	int64_t			 id;

	while (review_check_step(st, cs, r->rc)) {
		id = sqlite3_column_int64(cs, 0);
		if ((c = replay_find(r, id)) == NULL || c->bad)
			continue;
		review_read_state(cs, 1, &stored);
		stored.passed = sqlite3_column_int(cs, 6);
		if (check_state(r, id, "the card", 0, &c->cur, &stored) == 0 &&
		    c->cur.count != sqlite3_column_int(cs, 7)) {
			check_report(r, id, "card %lld: stored %d scheduled "
			    "answers, the log has %d", (long long)id,
			    sqlite3_column_int(cs, 7), c->cur.count);
		}
	}
	sqlite3_reset(cs);
}

/*
 * Replay every card's log from the start and compare each step, and the
 * card's stored state, with what the scheduler gives.  The log is read
 * once, in the order it is stored, with every card's state in memory
 * (80 bytes a card); the differences are reported card by card.
 * Call it inside one read transaction (store_scan_begin).  A read that
 * fails stops it, with rc->error set.
 */
int
review_check(struct store *st, struct review_check *rc)
{
	struct replay	r;

	memset(&r, 0, sizeof r);
	r.rc = rc;
	replay_load(st, &r);
	replay_log(st, &r);
	replay_compare(st, &r);
	check_report_all(&r);
	free(r.ids);
	free(r.cards);
	return rc->problems == 0 && rc->error == NULL ? 0 : -1;
}
