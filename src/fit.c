/*
 * The recall model and the collection (doc/MODEL.md): the reviews it is
 * fitted to, read from the log; its fits, kept in the fits table; and
 * the due day it aims an answer at when it schedules.  The model itself
 * is model.c's, a pure core.
 *
 * A review the model learns from is an answer that moved a card's
 * schedule (the first of its day) after an earlier one did: the card was
 * in review, t days after its last such answer with SM-2's interval I.
 * Recalled means graded 3 or more.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* The ridge penalty of every fit: small beside any real log. */
#define FIT_RIDGE 1e-4

/* The names of the fits' scopes, in enum fit_scope's order. */
static const char *const fit_scope_names[FIT_SCOPES] = { "all", "need",
    "want" };

const char *
fit_scope_name(enum fit_scope s)
{
	return fit_scope_names[s];
}

/* Free what fit_read gave. */
void
fit_data_free(struct fit_data *d)
{
	free(d->obs);
	free(d->track);
	free(d->meta);
	memset(d, 0, sizeof *d);
}

static void
fit_data_add(struct fit_data *d, const struct model_obs *o,
    const struct fit_meta *m, int flags)
{
	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 1024 : d->cap * 2;
		d->obs = xreallocarray(d->obs, d->cap, sizeof *d->obs);
		d->track = xreallocarray(d->track, d->cap, sizeof *d->track);
		if (flags & FIT_READ_META)
			d->meta = xreallocarray(d->meta, d->cap,
			    sizeof *d->meta);
	}
	d->obs[d->n] = *o;
	d->track[d->n] = m->track;
	if (flags & FIT_READ_META)
		d->meta[d->n] = *m;
	d->n++;
}

/* A card while the log streams past fit_read (its id beside, in ids). */
struct fit_card {
	int		 prev_day;	/* of its last answer that moved it */
	short		 prev_grade;
	unsigned char	 track;
	unsigned char	 layer;
	int		 answers;	/* that moved its schedule so far */
	int		 recalled;
};

/*
 * Read the reviews the model learns from, of one deck (deck not 0) or of
 * the whole collection, with what each card's earlier answers say
 * (model_obs) and where it stands (fit_meta), in the log's order.  The
 * log is read once in the order it is stored, each card's past kept in
 * memory (24 bytes a card), so that a large log streams instead of
 * being looked up card by card.  Each review's track is kept, and with
 * FIT_READ_META in flags its fit_meta.  Also counts the grades of first
 * answers and of reviews, for simulate.  Inside the caller's read
 * transaction; 0, or -1 with cause.
 */
int
fit_read(struct store *st, int64_t deck, int flags, struct fit_data *d,
    char **cause)
{
	static const char cards_sql[] = "SELECT c.id, k.track = 'want', "
	    "(c.layer = 'explore') + 2 * (c.layer = 'deepen') FROM cards AS "
	    "c JOIN decks AS k ON k.id = c.deck_id WHERE ?1 = 0 OR "
	    "c.deck_id = ?1 ORDER BY c.id";
	static const char sql[] = "SELECT card_id, id, time, day, grade, "
	    "rep_before, ease_before, interval_before, lapses_before FROM "
	    "reviews WHERE scheduled = 1 ORDER BY id";
	sqlite3_stmt		*stmt;
	struct model_obs	 o;
	struct fit_meta		 m;
	struct fit_card		*cards = NULL, *c;
	struct sm2_state	 state;
	int64_t			*ids = NULL;
	size_t			 ncards = 0, cap = 0, ids_cap = 0, at;
	int			 rc, day, grade, dense;

	memset(d, 0, sizeof *d);
	if (store_query_int(st, "SELECT coalesce(max(id), 0) FROM reviews",
	    &d->last_review, cause) != 0)
		return -1;
	stmt = store_stmt(st, cards_sql);
	sqlite3_bind_int64(stmt, 1, deck);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		cards = xgrow(cards, &cap, ncards, sizeof *cards);
		ids = xgrow(ids, &ids_cap, ncards, sizeof *ids);
		ids[ncards] = sqlite3_column_int64(stmt, 0);
		c = &cards[ncards++];
		memset(c, 0, sizeof *c);
		c->track = (unsigned char)sqlite3_column_int(stmt, 1);
		c->layer = (unsigned char)sqlite3_column_int(stmt, 2);
	}
	sqlite3_reset(stmt);
	if (rc != 0) {
		free(cards);
		free(ids);
		return -1;
	}
	dense = ids_dense(ids, ncards);
	stmt = store_stmt(st, sql);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		if (!ids_find(ids, ncards, dense, sqlite3_column_int64(stmt, 0),
		    &at))
			continue;
		c = &cards[at];
		day = sqlite3_column_int(stmt, 3);
		grade = sqlite3_column_int(stmt, 4);
		if (grade < 0 || grade > 5)
			continue;
		if (c->answers == 0)
			d->first_grades[grade]++;
		else {
			state.repetition = sqlite3_column_int(stmt, 5);
			state.ease = sqlite3_column_double(stmt, 6);
			state.interval = sqlite3_column_int(stmt, 7);
			state.lapses = sqlite3_column_int(stmt, 8);
			model_obs_set(&o, &state, day - c->prev_day,
			    c->prev_grade, c->answers, c->recalled);
			o.recalled = grade >= 3;
			m.card = ids[at];
			m.review = sqlite3_column_int64(stmt, 1);
			m.time = (time_t)sqlite3_column_int64(stmt, 2);
			m.track = c->track;
			m.layer = c->layer;
			fit_data_add(d, &o, &m, flags);
			d->review_grades[grade]++;
		}
		c->prev_day = day;
		c->prev_grade = (short)grade;
		c->answers++;
		c->recalled += grade >= 3;
	}
	sqlite3_reset(stmt);
	free(cards);
	free(ids);
	if (rc != 0) {
		fit_data_free(d);
		return -1;
	}
	return 0;
}

/* Keep a fit; inside the caller's transaction. */
static int
fit_store(struct store *st, enum fit_scope scope, const struct model *m,
    int64_t last_review, time_t now, char **cause)
{
	static const char sql[] = "INSERT INTO fits (scope, time, reviews, "
	    "last_review, loss, w0, w1, w2, w3, w4, w5, w6, w7, w8) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 k;

	sqlite3_bind_text(stmt, 1, fit_scope_name(scope), -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)now);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)m->n);
	sqlite3_bind_int64(stmt, 4, last_review);
	sqlite3_bind_double(stmt, 5, m->loss);
	for (k = 0; k < MODEL_NX; k++)
		sqlite3_bind_double(stmt, 6 + k, m->w[k]);
	return store_done(st, stmt, cause);
}

/*
 * The newest fit of a scope: 1 with *f set, 0 if it has none, -1 with
 * cause.
 */
int
fit_load(struct store *st, enum fit_scope scope, struct fit_info *f,
    char **cause)
{
	static const char sql[] = "SELECT id, time, reviews, last_review, "
	    "loss, w0, w1, w2, w3, w4, w5, w6, w7, w8 FROM fits WHERE "
	    "scope = ? ORDER BY id DESC LIMIT 1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc, k;

	memset(f, 0, sizeof *f);
	sqlite3_bind_text(stmt, 1, fit_scope_name(scope), -1, SQLITE_STATIC);
	if ((rc = store_step(st, stmt, cause)) == 1) {
		f->id = sqlite3_column_int64(stmt, 0);
		f->scope = scope;
		f->time = (time_t)sqlite3_column_int64(stmt, 1);
		f->model.n = (size_t)sqlite3_column_int64(stmt, 2);
		f->last_review = sqlite3_column_int64(stmt, 3);
		f->model.loss = sqlite3_column_double(stmt, 4);
		for (k = 0; k < MODEL_NX; k++)
			f->model.w[k] = sqlite3_column_double(stmt, 5 + k);
	}
	sqlite3_reset(stmt);
	return rc;
}

/*
 * Fit the model to the whole log, and to each track's part of it that
 * has enough reviews (fit-min) and is not the whole log, and keep the
 * fits, in one transaction.
 * The first fit of the collection turns the model on (scheduler), unless
 * the scheduler was set by hand.  0 with r set (r->made[FIT_ALL] says if
 * the collection's fit was made), or -1 with cause.
 */
int
fit_run(struct store *st, struct fit_report *r, char **cause)
{
	struct fit_data		 d;
	struct model_obs	*part;
	char			*scheduler;
	size_t			 i, n;
	int			 s, min = settings_int(st, SETTING_FIT_MIN);
	time_t			 now;

	memset(r, 0, sizeof *r);
	r->min = min;
	if (store_begin(st, cause) != 0)
		return -1;
	now = clock_now();
	if (fit_read(st, 0, 0, &d, cause) != 0)
		goto fail;
	part = NULL;
	for (s = 0; s < FIT_SCOPES; s++) {
		for (i = n = 0; i < d.n; i++) {
			if (s == FIT_ALL || d.track[i] == s - FIT_NEED) {
				r->recalled[s] += d.obs[i].recalled != 0;
				n++;
			}
		}
		r->reviews[s] = n;
		if (n < (size_t)min)
			continue;
		if (s != FIT_ALL && n == r->reviews[FIT_ALL]) {
			r->whole[s] = 1;	/* the collection's fit is its */
			continue;
		}
		if (s != FIT_ALL) {	/* the track's reviews, in order */
			part = xreallocarray(part, n, sizeof *part);
			for (i = n = 0; i < d.n; i++) {
				if (d.track[i] == s - FIT_NEED)
					part[n++] = d.obs[i];
			}
		}
		if (model_fit(s == FIT_ALL ? d.obs : part, n, FIT_RIDGE,
		    &r->model[s]) != 0) {
			r->refused[s] = 1;
			continue;
		}
		if (fit_store(st, (enum fit_scope)s, &r->model[s],
		    d.last_review, now, cause) != 0) {
			free(part);
			fit_data_free(&d);
			goto fail;
		}
		r->made[s] = 1;
	}
	free(part);
	fit_data_free(&d);
	scheduler = r->made[FIT_ALL] ? store_setting(st, "scheduler") : NULL;
	if (r->made[FIT_ALL] && scheduler == NULL) {
		if (settings_set(st, SETTING_SCHEDULER, "model", NULL,
		    cause) != 0)
			goto fail;
		r->turned_on = 1;
	}
	free(scheduler);
	r->time = now;
	if (store_commit(st, cause) != 0)
		return -1;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

/*
 * Refit when the model is fitted, fit-every is not 0 and the log has
 * grown by that many reviews since the collection's last fit: after an
 * answer, outside any read.  0 (with *refitted set to 1 if it did), or
 * -1 with cause.
 */
int
fit_refit_due(struct store *st, struct fit_report *r, int *refitted,
    char **cause)
{
	/* Answers' ids only grow: fewer new ids than every, no refit. */
	static const char sql[] = "SELECT CASE WHEN coalesce((SELECT max(id) "
	    "FROM reviews), 0) - ?1 < ?2 THEN 0 ELSE (SELECT count(*) FROM "
	    "(SELECT 1 FROM reviews WHERE id > ?1 AND scheduled = 1 LIMIT "
	    "?2)) END";
	struct fit_info	 f;
	sqlite3_stmt	*stmt;
	int		 every = settings_int(st, SETTING_FIT_EVERY), rc;
	int64_t		 grown;

	*refitted = 0;
	if (every == 0 || (rc = fit_load(st, FIT_ALL, &f, cause)) == 0)
		return 0;
	if (rc < 0)
		return -1;
	stmt = store_stmt(st, sql);
	sqlite3_bind_int64(stmt, 1, f.last_review);
	sqlite3_bind_int(stmt, 2, every);
	if (store_step(st, stmt, cause) != 1) {
		sqlite3_reset(stmt);
		return -1;
	}
	grown = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (grown < every)
		return 0;
	if (fit_run(st, r, cause) != 0)
		return -1;
	*refitted = r->made[FIT_ALL];
	return 0;
}

/*
 * After an answer: refit if it is due (fit_refit_due), and say so on f
 * (NULL: say nothing).  A refit that fails leaves the last fit in place
 * and says why; the answer stands either way.
 */
void
fit_after_answer(struct store *st, FILE *f)
{
	struct fit_report	 r;
	char			*cause = NULL;
	int			 refitted;

	if (fit_refit_due(st, &r, &refitted, &cause) != 0) {
		if (f != NULL)
			fprintf(f, "the recall model was not refitted: %s\n",
			    cause);
		free(cause);
		return;
	}
	if (refitted && f != NULL)
		fprintf(f, "refitted the recall model on %zu reviews (log loss "
		    "%.4f)\n", r.reviews[FIT_ALL], r.model[FIT_ALL].loss);
}

/*
 * The fit that predicts for a card of this track: the track's own, or
 * else the collection's.  1 with *f, 0 if there is none, -1 with cause.
 */
int
fit_for_track(struct store *st, enum track track, struct fit_info *f,
    char **cause)
{
	int	rc;

	if ((rc = fit_load(st, track == TRACK_NEED ? FIT_NEED : FIT_WANT, f,
	    cause)) != 0)
		return rc;
	return fit_load(st, FIT_ALL, f, cause);
}

/*
 * A card's earlier answers that moved its schedule, how many of them were
 * recalled, and the grade and day of the last (-1 each if none); 0, or
 * -1 with cause.
 */
int
fit_card_past(struct store *st, int64_t card, int *answers, int *recalled,
    int *last_grade, int *last_day, char **cause)
{
	static const char sql[] = "SELECT a.n, a.r, l.grade, l.day FROM "
	    "(SELECT count(*) AS n, coalesce(sum(grade >= 3), 0) AS r FROM "
	    "reviews WHERE card_id = ?1 AND scheduled = 1) AS a LEFT JOIN "
	    "(SELECT grade, day FROM reviews WHERE card_id = ?1 AND "
	    "scheduled = 1 ORDER BY id DESC LIMIT 1) AS l ON 1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	sqlite3_bind_int64(stmt, 1, card);
	if ((rc = store_step(st, stmt, cause)) == 1) {
		*answers = sqlite3_column_int(stmt, 0);
		*recalled = sqlite3_column_int(stmt, 1);
		*last_grade = sqlite3_column_type(stmt, 2) == SQLITE_NULL ?
		    -1 : sqlite3_column_int(stmt, 2);
		*last_day = sqlite3_column_type(stmt, 3) == SQLITE_NULL ?
		    -1 : sqlite3_column_int(stmt, 3);
	}
	sqlite3_reset(stmt);
	return rc == 1 ? 0 : -1;
}

/*
 * The model's recall of a card in review, were it answered on day
 * today: 1 with *p, 0 when there is no fit or the card is new, -1 with
 * cause.
 */
int
fit_recall(struct store *st, const struct card *c, int today, double *p,
    char **cause)
{
	static const char sql[] = "SELECT track = 'want' FROM decks WHERE "
	    "id = ?";
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	struct fit_info		 f;
	struct model_obs	 o;
	int			 rc, want, answers, recalled, grade, last;

	sqlite3_bind_int64(stmt, 1, c->deck_id);
	if ((rc = store_step(st, stmt, cause)) != 1) {
		sqlite3_reset(stmt);
		return rc;
	}
	want = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	if ((rc = fit_for_track(st, want ? TRACK_WANT : TRACK_NEED, &f,
	    cause)) <= 0)
		return rc;
	if (fit_card_past(st, c->id, &answers, &recalled, &grade, &last,
	    cause) != 0)
		return -1;
	if (last < 0)
		return 0;
	model_obs_set(&o, &c->sm2, today - last, grade, answers, recalled);
	*p = model_predict(&f.model, &o);
	return 1;
}

/*
 * What the recall model aims an answer at: the days to the card's due
 * day (*target), or 0 when SM-2's interval sets it: the scheduler is
 * SM-2, there is no fit, the answer is a same-day repeat or forgot the
 * card (it comes back the next day, as in SM-2).  after is the state
 * SM-2 gave the answer; call it before the answer is logged.  0, or -1
 * with cause.
 */
int
fit_target(struct store *st, int64_t card, enum track track, int grade,
    const struct sm2_card *after, const struct sm2_outcome *outcome,
    int *target, char **cause)
{
	struct fit_info		 f;
	struct model_obs	 o;
	int			 rc, answers, recalled, grade_before, day;

	*target = 0;
	if (!outcome->scheduled || grade < 3 ||
	    settings_int(st, SETTING_SCHEDULER) != SCHEDULER_MODEL)
		return 0;
	if ((rc = fit_for_track(st, track, &f, cause)) <= 0)
		return rc;
	if (fit_card_past(st, card, &answers, &recalled, &grade_before, &day,
	    cause) != 0)
		return -1;
	model_obs_set(&o, &after->state, 0, grade, answers + 1, recalled + 1);
	*target = model_days(&f.model, &o,
	    settings_int(st, SETTING_RETENTION) / 1000.0);
	return 0;
}
