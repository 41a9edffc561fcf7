/*
 * Unit tests of model.c: a fit recovers the parameters of a known model
 * from reviews drawn from it; degenerate logs (all recalled, all
 * forgotten, one review, none) give finite parameters or a refusal; a fit
 * is the same bit for bit when repeated; the day a retention is reached
 * is where the model says it is, sooner for a higher retention; and the
 * scores (log loss, RMSE(bins), AUC) are right on cases worked by hand.
 */

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "recall.h"

/* A small deterministic generator (xorshift64*), so the logs repeat. */
static uint64_t
rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static double
rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

/* The model these logs are drawn from. */
static const double truth[MODEL_NX] = { 2.2, -1.1, 0.15, 0.6, -0.4, 0.1,
    0.3, 0.5, -0.2 };

/* n reviews of varied states, each recalled with truth's probability. */
static struct model_obs *
draw(size_t n, uint64_t seed)
{
	struct model_obs	*o = xreallocarray(NULL, n, sizeof *o);
	struct model		 m;
	uint64_t		 s = seed;
	size_t			 i;

	memset(&m, 0, sizeof m);
	memcpy(m.w, truth, sizeof m.w);
	for (i = 0; i < n; i++) {
		o[i].interval = 1 + (int)(rng_unit(&s) * 200);
		o[i].elapsed = 1 + floor(o[i].interval * 3 * rng_unit(&s));
		o[i].ease = 1.3 + 1.7 * rng_unit(&s);
		o[i].lapses = (int)(rng_unit(&s) * 6);
		o[i].repetition = (int)(rng_unit(&s) * 12);
		o[i].past_answers = (int)(rng_unit(&s) * 16);
		o[i].past_recalled = (int)(rng_unit(&s) *
		    (o[i].past_answers + 1));
		o[i].last_grade = o[i].past_answers == 0 ? -1 :
		    (int)(rng_unit(&s) * 6);
		o[i].recalled = rng_unit(&s) < model_predict(&m, &o[i]);
	}
	return o;
}

static void
test_recovers_parameters(void **state)
{
	struct model_obs	*o = draw(200000, 42);
	struct model		 m;
	int			 k;

	(void)state;
	assert_int_equal(model_fit(o, 200000, 1e-6, &m), 0);
	/*
	 * Within three standard errors of the truth, as seeds other than
	 * this one give: about 0.06 for the intercept (which trades off with
	 * ln I and the repetitions), 0.02 or less for the others.
	 */
	for (k = 0; k < MODEL_NX; k++) {
		if (fabs(m.w[k] - truth[k]) > (k == 0 ? 0.18 : 0.06))
			fail_msg("w%d = %f, drawn from %f", k, m.w[k],
			    truth[k]);
	}
	assert_true(m.iterations > 1 && m.iterations < 50);
	assert_true(m.n == 200000);
	assert_true(m.loss > 0.1 && m.loss < 0.7);
	free(o);
}

static void
test_deterministic(void **state)
{
	struct model_obs	*o = draw(20000, 7);
	struct model		 a, b;

	(void)state;
	assert_int_equal(model_fit(o, 20000, 1e-4, &a), 0);
	assert_int_equal(model_fit(o, 20000, 1e-4, &b), 0);
	assert_memory_equal(a.w, b.w, sizeof a.w);
	assert_true(a.loss == b.loss && a.iterations == b.iterations);
	free(o);
}

/* Every one recalled (or every one forgotten): finite, and near 1 (0). */
static void
test_all_the_same(void **state)
{
	struct model_obs	*o = draw(5000, 3);
	struct model		 m;
	size_t			 i;
	int			 k, y;

	(void)state;
	for (y = 0; y <= 1; y++) {
		for (i = 0; i < 5000; i++)
			o[i].recalled = y;
		/* Nothing to learn of time: refused, or finite and flat. */
		if (model_fit(o, 5000, 1e-4, &m) == 0) {
			for (k = 0; k < MODEL_NX; k++)
				assert_true(isfinite(m.w[k]));
			if (y)
				assert_true(model_predict(&m, &o[0]) > 0.99);
			else
				assert_true(model_predict(&m, &o[0]) < 0.01);
		} else
			assert_true(m.n == 0);
	}
	free(o);
}

static void
test_one_or_none(void **state)
{
	struct model_obs	 one = { 10, 5, 2.5, 0, 3, 4, 3, 2, 1 };
	struct model		 m;
	int			 rc, k;

	(void)state;
	assert_int_equal(model_fit(&one, 0, 1e-4, &m), -1);
	rc = model_fit(&one, 1, 1e-4, &m);
	if (rc == 0) {
		for (k = 0; k < MODEL_NX; k++)
			assert_true(isfinite(m.w[k]));
	} else
		assert_int_equal(rc, -1);
}

/* Recall that grows with time is no model to schedule with. */
static void
test_refuses_rising_recall(void **state)
{
	struct model_obs	*o = draw(20000, 11);
	struct model		 m;
	size_t			 i;

	(void)state;
	for (i = 0; i < 20000; i++)
		o[i].recalled = o[i].elapsed > o[i].interval;
	assert_int_equal(model_fit(o, 20000, 1e-4, &m), -1);
	free(o);
}

static void
test_elapsed_for(void **state)
{
	struct model		 m;
	struct model_obs	 o = { 1, 20, 2.5, 1, 4, 3, 5, 4, 0 };
	double			 t90, t80, t97;

	(void)state;
	memset(&m, 0, sizeof m);
	memcpy(m.w, truth, sizeof m.w);
	t90 = model_elapsed_for(&m, &o, 0.90);
	t80 = model_elapsed_for(&m, &o, 0.80);
	t97 = model_elapsed_for(&m, &o, 0.97);
	assert_true(t97 < t90 && t90 < t80);
	o.elapsed = t90;
	assert_true(fabs(model_predict(&m, &o) - 0.90) < 1e-9);
	o.elapsed = t80;
	assert_true(fabs(model_predict(&m, &o) - 0.80) < 1e-9);
	/* Out of range, or a model where recall does not fall: -1. */
	assert_true(model_elapsed_for(&m, &o, 1.0) == -1);
	m.w[1] = 0.2;
	assert_true(model_elapsed_for(&m, &o, 0.9) == -1);
}

/*
 * The due day the model aims at: the first whole day at which recall is
 * at or below the retention (and above it the day before), never under 1
 * day or past SM-2's longest interval; none from a model that does not
 * fall with time.
 */
static void
test_days(void **state)
{
	struct model		 m;
	struct model_obs	 o = { 1, 20, 2.5, 1, 4, 3, 5, 4, 0 };
	int			 d90, d80;

	(void)state;
	memset(&m, 0, sizeof m);
	memcpy(m.w, truth, sizeof m.w);
	d90 = model_days(&m, &o, 0.90);
	d80 = model_days(&m, &o, 0.80);
	assert_true(d90 >= 1 && d80 > d90);
	o.elapsed = d90;
	assert_true(model_predict(&m, &o) <= 0.90);
	o.elapsed = d90 - 1;
	if (d90 > 1)
		assert_true(model_predict(&m, &o) > 0.90);
	/* A card forgotten so fast that a day is already too long: 1. */
	m.w[0] = -3;
	assert_int_equal(model_days(&m, &o, 0.90), 1);
	/* One remembered for ever is capped at SM-2's longest interval. */
	m.w[0] = 60;
	assert_int_equal(model_days(&m, &o, 0.90), SM2_MAX_INTERVAL);
	m.w[1] = 0.1;
	assert_int_equal(model_days(&m, &o, 0.90), 0);
}

/*
 * The model fitted on the real log of tests/cli/data (fit --json, to four
 * places), and that log's grades: of first answers, and of reviews.
 */
static const double real[MODEL_NX] = { 1.0085, -0.7486, -0.4872, 0.2492,
    -1.5863, -0.4899, 0.3796, 0.2746, 2.0898 };
static const long real_first[6] = { 0, 0, 869, 0, 336, 0 };
static const long real_reviews[6] = { 0, 0, 2251, 1, 5229, 0 };

/*
 * The simulation, with that memory: scheduled by the same model at a
 * retention, it reaches that retention (0.88-0.92 at 0.90) with fewer
 * answers a card than SM-2 at the same retention; a higher retention
 * costs more answers; and it is deterministic.
 */
static void
test_simulate(void **state)
{
	struct model		 m;
	struct sim_config	 cfg;
	struct sim_result	 r90, r80, r95, again, sm2;
	double			 modifier;

	(void)state;
	memset(&m, 0, sizeof m);
	memcpy(m.w, real, sizeof m.w);
	memset(&cfg, 0, sizeof cfg);
	cfg.memory = &m;
	cfg.scheduler = &m;
	cfg.cards = 1000;
	cfg.new_per_day = 10;
	cfg.days = 365;
	cfg.fuzz = 1;
	cfg.ease = 2.5;
	cfg.seed = 42;
	cfg.modifier = 1;
	memcpy(cfg.first_grades, real_first, sizeof cfg.first_grades);
	memcpy(cfg.review_grades, real_reviews, sizeof cfg.review_grades);
	cfg.retention = 0.90;
	assert_int_equal(simulate_run(&cfg, &r90), 0);
	assert_int_equal(r90.cards, 1000);
	assert_true(r90.aimed_retention >= 0.88 &&
	    r90.aimed_retention <= 0.92);
	assert_int_equal(simulate_run(&cfg, &again), 0);
	assert_true(memcmp(&r90, &again, sizeof r90) == 0);
	cfg.retention = 0.80;
	assert_int_equal(simulate_run(&cfg, &r80), 0);
	cfg.retention = 0.95;
	assert_int_equal(simulate_run(&cfg, &r95), 0);
	assert_true(r80.answers < r90.answers && r90.answers < r95.answers);
	assert_true(r80.aimed_retention < r90.aimed_retention &&
	    r90.aimed_retention < r95.aimed_retention);
	assert_int_equal(simulate_sm2_at(&cfg, r90.aimed_retention, &modifier,
	    &sm2), 0);
	assert_true(fabs(sm2.aimed_retention - r90.aimed_retention) < 0.005);
	assert_true(r90.per_card < sm2.per_card);
	/* Nothing to simulate: refused. */
	cfg.memory = NULL;
	assert_int_equal(simulate_run(&cfg, &again), -1);
}

static void
test_textbook(void **state)
{
	(void)state;
	assert_true(fabs(model_textbook(10, 10) - 0.9) < 1e-12);
	assert_true(fabs(model_textbook(20, 10) - 0.81) < 1e-12);
	assert_true(fabs(model_textbook(0, 10) - 1.0) < 1e-12);
}

static void
test_score(void **state)
{
	const double	 half[4] = { 0.5, 0.5, 0.5, 0.5 };
	const double	 good[4] = { 0.1, 0.2, 0.8, 0.9 };
	const double	 bad[4] = { 0.9, 0.8, 0.2, 0.1 };
	const int	 y[4] = { 0, 0, 1, 1 };
	const int	 ones[4] = { 1, 1, 1, 1 };
	struct model_score s;

	(void)state;
	model_score(half, y, 4, &s);
	assert_true(fabs(s.logloss - log(2)) < 1e-12);
	assert_true(fabs(s.auc - 0.5) < 1e-12);
	assert_true(fabs(s.rmse_bins) < 1e-12);	/* 0.5 predicted, 0.5 seen */
	model_score(good, y, 4, &s);
	assert_true(fabs(s.auc - 1) < 1e-12);
	/* -(ln 0.9 + ln 0.8 + ln 0.8 + ln 0.9) / 4 */
	assert_true(fabs(s.logloss + (log(0.9) + log(0.8)) / 2) < 1e-12);
	/* bins: 0.1 (y 0), 0.2 (y 0), 0.8 (y 1), 0.9 (y 1), one a bin */
	assert_true(fabs(s.rmse_bins - sqrt((0.01 + 0.04 + 0.04 + 0.01) /
	    4)) < 1e-12);
	model_score(bad, y, 4, &s);
	assert_true(fabs(s.auc) < 1e-12);
	model_score(good, ones, 4, &s);
	assert_true(fabs(s.auc - 0.5) < 1e-12);	/* no forgotten ones */
	model_score(good, y, 0, &s);
	assert_true(s.n == 0 && s.logloss == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recovers_parameters),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_all_the_same),
		cmocka_unit_test(test_one_or_none),
		cmocka_unit_test(test_refuses_rising_recall),
		cmocka_unit_test(test_elapsed_for),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_simulate),
		cmocka_unit_test(test_textbook),
		cmocka_unit_test(test_score),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
