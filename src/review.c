/*
 * Answers: grading a card (its new state and a review log row, in one
 * transaction), taking an answer back, and checking that every card's
 * state is what replaying its log gives.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* The rollover hour of the collection. */
int
review_rollover(struct store *st)
{
	return store_setting_int(st, "rollover", 4);
}

/* The day it is now, by the collection's rollover hour. */
int
review_today(struct store *st)
{
	return clock_day(clock_now(), review_rollover(st));
}

/* The day of a card's last answer that moved its schedule, or -1. */
static int
review_last_day(struct store *st, int64_t card)
{
	static const char sql[] = "SELECT day FROM reviews WHERE card_id = ? "
	    "AND scheduled = 1 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 day = -1;

	sqlite3_bind_int64(stmt, 1, card);
	if (store_step(st, stmt, NULL) == 1)
		day = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	return day;
}

/* The scheduler's view of a stored card. */
static void
review_sm2_card(struct store *st, const struct card *c, struct sm2_card *s)
{
	s->state = c->sm2;
	s->due = c->due;
	s->count = c->reviews;
	s->passed = c->passed;
	s->last_day = review_last_day(st, c->id);
}

/* Bind a nullable day number. */
static void
bind_day(sqlite3_stmt *stmt, int idx, int day)
{
	if (day < 0)
		sqlite3_bind_null(stmt, idx);
	else
		sqlite3_bind_int(stmt, idx, day);
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
	    "leeched, deck_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
	struct card		*c;
	struct deck		*d;
	struct sm2_card		 before, after;
	struct sm2_params	 p;
	sqlite3_stmt		*stmt;
	time_t			 now = clock_now();
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
	if ((c = card_get(st, id)) == NULL) {
		xasprintf(cause, "no card %lld", (long long)id);
		goto fail;
	}
	if (c->suspended) {
		xasprintf(cause, "card %lld is suspended (unsuspend it first)",
		    (long long)id);
		goto fail;
	}
	if ((d = deck_find_id(st, c->deck_id)) == NULL) {
		xasprintf(cause, "card %lld has no deck", (long long)id);
		goto fail;
	}
	p.fuzz = d->fuzz;
	p.leech_threshold = d->leech_threshold;
	p.card = c->id;
	deck_free(d);

	res->today = clock_day(now, review_rollover(st));
	review_sm2_card(st, c, &before);
	sm2_answer(&before, &p, grade, res->today, &after, &res->outcome);

	stmt = store_stmt(st, sql);
	sqlite3_bind_int64(stmt, 1, c->id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	sqlite3_bind_int(stmt, 3, res->today);
	sqlite3_bind_int(stmt, 4, grade);
	sqlite3_bind_int(stmt, 5, duration_ms);
	sqlite3_bind_int(stmt, 6, res->outcome.scheduled);
	sqlite3_bind_int(stmt, 7, p.fuzz);
	sqlite3_bind_int(stmt, 8, before.state.repetition);
	sqlite3_bind_double(stmt, 9, before.state.ease);
	sqlite3_bind_int(stmt, 10, before.state.interval);
	bind_day(stmt, 11, before.due);
	sqlite3_bind_int(stmt, 12, before.state.lapses);
	sqlite3_bind_int(stmt, 13, before.passed);
	sqlite3_bind_int(stmt, 14, after.state.repetition);
	sqlite3_bind_double(stmt, 15, after.state.ease);
	sqlite3_bind_int(stmt, 16, after.state.interval);
	bind_day(stmt, 17, after.due);
	sqlite3_bind_int(stmt, 18, after.state.lapses);
	sqlite3_bind_int(stmt, 19, res->outcome.leech);
	sqlite3_bind_int64(stmt, 20, c->deck_id);
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
 * Take back an answer (the last one in the collection when id is 0): the
 * card gets its state from before it, and the log row goes.
 */
int
review_undo(struct store *st, int64_t id, struct review_undone *u,
    char **cause)
{
	static const char find_sql[] = "SELECT id, card_id, time, grade, "
	    "scheduled, rep_before, ease_before, interval_before, due_before, "
	    "lapses_before, passed_before, leeched FROM reviews "
	    "WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC LIMIT 1";
	static const char delete_sql[] = "DELETE FROM reviews WHERE id = ?";
	static const char leeched_sql[] = "SELECT count(*) FROM reviews "
	    "WHERE card_id = ? AND leeched = 1";
	sqlite3_stmt	*stmt;
	struct card	*c = NULL;
	int		 scheduled, leeched, found;
	char		*tags;

	memset(u, 0, sizeof *u);
	if (store_begin(st, cause) != 0)
		return -1;
	stmt = store_stmt(st, find_sql);
	sqlite3_bind_int64(stmt, 1, id);
	if ((found = store_step(st, stmt, cause)) != 1) {
		if (found == 0)
			*cause = xstrdup(id == 0 ? "no answers to take back" :
			    "no such answer");
		goto fail;
	}
	u->review_id = sqlite3_column_int64(stmt, 0);
	u->card_id = sqlite3_column_int64(stmt, 1);
	u->time = (time_t)sqlite3_column_int64(stmt, 2);
	u->grade = sqlite3_column_int(stmt, 3);
	scheduled = sqlite3_column_int(stmt, 4);
	u->scheduled = scheduled;
	if ((c = card_get(st, u->card_id)) == NULL) {
		sqlite3_reset(stmt);
		*cause = xstrdup("the answer's card is gone");
		goto fail;
	}
	u->was_new = sqlite3_column_type(stmt, 8) == SQLITE_NULL;
	if (scheduled) {
		c->sm2.repetition = sqlite3_column_int(stmt, 5);
		c->sm2.ease = sqlite3_column_double(stmt, 6);
		c->sm2.interval = sqlite3_column_int(stmt, 7);
		c->due = u->was_new ? -1 : sqlite3_column_int(stmt, 8);
		c->sm2.lapses = sqlite3_column_int(stmt, 9);
		c->passed = sqlite3_column_int(stmt, 10);
		c->reviews--;
	}
	leeched = sqlite3_column_int(stmt, 11);
	sqlite3_reset(stmt);

	stmt = store_stmt(st, delete_sql);
	sqlite3_bind_int64(stmt, 1, u->review_id);
	if (store_done(st, stmt, cause) != 0)
		goto fail;
	if (leeched) {
		/* It was this answer that suspended it as a leech. */
		c->suspended = 0;
		stmt = store_stmt(st, leeched_sql);
		sqlite3_bind_int64(stmt, 1, c->id);
		if (store_step(st, stmt, cause) != 1)
			goto fail;
		c->leech = sqlite3_column_int(stmt, 0) > 0;
		sqlite3_reset(stmt);
		if (!c->leech) {
			tags = tags_remove(c->tags, "leech");
			free(c->tags);
			c->tags = tags;
		}
	}
	if (card_save_state(st, c, cause) != 0)
		goto fail;
	card_free(c);
	return store_commit(st, cause);
fail:
	card_free(c);
	store_rollback(st);
	return -1;
}

/* Report one difference found by review_check. */
static void
check_report(struct review_check *rc, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	rc->problems++;
	if (rc->report != NULL)
		rc->report(rc->arg, msg);
	free(msg);
}

/* Compare a stored state with the replayed one. */
static int
check_state(struct review_check *rc, int64_t card, const char *where,
    const struct sm2_card *want, int rep, double ease, int interval,
    int due, int lapses, int passed)
{
	if (want->state.repetition == rep && want->state.ease == ease &&
	    want->state.interval == interval && want->due == due &&
	    want->state.lapses == lapses && want->passed == passed)
		return 0;
	check_report(rc, "card %lld: %s: stored repetition %d, ease %.17g, "
	    "interval %d, due %d, lapses %d, passed %d; the replay gives %d, "
	    "%.17g, %d, %d, %d, %d", (long long)card, where, rep, ease,
	    interval, due, lapses, passed, want->state.repetition,
	    want->state.ease, want->state.interval, want->due,
	    want->state.lapses, want->passed);
	return -1;
}

/*
 * Replay every card's log from the start and compare each step, and the
 * card's stored state, with what the scheduler gives.  Streams: cards and
 * reviews are read in id order side by side.
 */
int
review_check(struct store *st, struct review_check *rc)
{
	static const char cards_sql[] = "SELECT id, initial_ease, repetition, "
	    "ease, interval, due, lapses, passed, reviews FROM cards "
	    "ORDER BY id";
	static const char reviews_sql[] = "SELECT card_id, id, day, grade, "
	    "scheduled, fuzz, rep_before, ease_before, interval_before, "
	    "due_before, lapses_before, passed_before, rep_after, ease_after, "
	    "interval_after, due_after, lapses_after FROM reviews "
	    "ORDER BY card_id, id";
	sqlite3_stmt		*cs, *rs;
	struct sm2_card		 cur, next;
	struct sm2_params	 p;
	struct sm2_outcome	 o;
	int64_t			 card, rcard;
	int			 have_review, bad;
	char			 where[64];

	cs = store_stmt(st, cards_sql);
	rs = store_stmt(st, reviews_sql);
	have_review = store_step(st, rs, NULL) == 1;
	while (store_step(st, cs, NULL) == 1) {
		card = sqlite3_column_int64(cs, 0);
		memset(&cur, 0, sizeof cur);
		cur.state.ease = sqlite3_column_double(cs, 1);
		cur.due = -1;
		cur.last_day = -1;
		bad = 0;
		rc->cards++;
		/* Reviews of cards that no longer exist cannot be: FKs. */
		while (have_review &&
		    (rcard = sqlite3_column_int64(rs, 0)) <= card) {
			if (rcard < card || bad) {
				have_review = store_step(st, rs, NULL) == 1;
				continue;
			}
			rc->reviews++;
			snprintf(where, sizeof where, "before answer %lld",
			    (long long)sqlite3_column_int64(rs, 1));
			if (check_state(rc, card, where, &cur,
			    sqlite3_column_int(rs, 6),
			    sqlite3_column_double(rs, 7),
			    sqlite3_column_int(rs, 8),
			    sqlite3_column_type(rs, 9) == SQLITE_NULL ? -1 :
			    sqlite3_column_int(rs, 9),
			    sqlite3_column_int(rs, 10),
			    sqlite3_column_int(rs, 11)) != 0)
				bad = 1;
			p.fuzz = sqlite3_column_int(rs, 5);
			p.leech_threshold = 0;
			p.card = card;
			sm2_answer(&cur, &p, sqlite3_column_int(rs, 3),
			    sqlite3_column_int(rs, 2), &next, &o);
			if (!bad && o.scheduled != sqlite3_column_int(rs, 4)) {
				check_report(rc, "card %lld: answer %lld is "
				    "logged as %s, but the replay %s",
				    (long long)card,
				    (long long)sqlite3_column_int64(rs, 1),
				    o.scheduled ? "a same-day repeat" :
				    "moving the schedule", o.scheduled ?
				    "moves the schedule" : "is a same-day "
				    "repeat");
				bad = 1;
			}
			snprintf(where, sizeof where, "after answer %lld",
			    (long long)sqlite3_column_int64(rs, 1));
			if (!bad && check_state(rc, card, where, &next,
			    sqlite3_column_int(rs, 12),
			    sqlite3_column_double(rs, 13),
			    sqlite3_column_int(rs, 14),
			    sqlite3_column_type(rs, 15) == SQLITE_NULL ? -1 :
			    sqlite3_column_int(rs, 15),
			    sqlite3_column_int(rs, 16),
			    next.passed) != 0)
				bad = 1;
			cur = next;
			have_review = store_step(st, rs, NULL) == 1;
		}
		if (bad)
			continue;
		if (check_state(rc, card, "the card", &cur,
		    sqlite3_column_int(cs, 2), sqlite3_column_double(cs, 3),
		    sqlite3_column_int(cs, 4),
		    sqlite3_column_type(cs, 5) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(cs, 5), sqlite3_column_int(cs, 6),
		    sqlite3_column_int(cs, 7)) == 0 &&
		    cur.count != sqlite3_column_int(cs, 8)) {
			check_report(rc, "card %lld: stored %d scheduled "
			    "answers, the log has %d", (long long)card,
			    sqlite3_column_int(cs, 8), cur.count);
		}
	}
	sqlite3_reset(cs);
	sqlite3_reset(rs);
	return rc->problems == 0 ? 0 : -1;
}
