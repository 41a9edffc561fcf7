/*
 * Unit tests of sm2.c: the recorded oracle vectors, the EF floor, lapses,
 * rounding, fuzz, the maximum interval, the same-day rule and leeches.
 */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "recall.h"

/* Replay every vector recorded from supermemo 2.0.23; all must agree. */
static void
test_oracle_vectors(void **state)
{
	const char		*top = getenv("TOP_SRCDIR");
	char			*path, *line = NULL, *tok, *save, *end;
	size_t			 size = 0;
	FILE			*f;
	struct sm2_state	 s, next;
	int			 sequences = 0, answers = 0, lineno = 0;
	int			 g, rep, ivl;
	double			 ef;

	(void)state;
	xasprintf(&path, "%s/tests/unit/sm2-vectors.txt",
	    top != NULL ? top : ".");
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	while (getline(&line, &size, f) != -1) {
		lineno++;
		if (line[0] == '#')
			continue;
		tok = strtok_r(line, " \n", &save);
		memset(&s, 0, sizeof s);
		s.ease = strtod(tok, &end);
		assert_true(*end == '\0');
		while ((tok = strtok_r(NULL, " \n", &save)) != NULL) {
			if (sscanf(tok, "%d:%d:%d:%lf", &g, &rep, &ivl, &ef) !=
			    4)
				fail_msg("%s:%d: bad token %s", path, lineno, tok);
			/* %lf reads through strtod: exact for these. */
			sm2_next(&s, g, &next);
			if (next.repetition != rep || next.interval != ivl ||
			    next.ease != ef) {
				fail_msg("%s:%d: grade %d gave %d:%d:%.17g, "
				    "supermemo says %s", path, lineno, g,
				    next.repetition, next.interval, next.ease,
				    tok);
			}
			s = next;
			answers++;
		}
		sequences++;
	}
	fclose(f);
	free(line);
	free(path);
	assert_true(sequences >= 10000);
	assert_true(answers >= 100000);
}

/* EF never drops below 1.3, however often the card is failed. */
static void
test_ease_floor(void **state)
{
	struct sm2_state s = { 0, 2.5, 0, 0 }, n;
	int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		sm2_next(&s, 0, &n);
		s = n;
	}
	assert_true(s.ease == 1.3);
	sm2_next(&s, 5, &n);
	assert_true(n.ease > 1.39 && n.ease < 1.41);
	/* Grade 4 leaves EF as it is; 3 lowers it by 0.14. */
	s.ease = 2.5;
	sm2_next(&s, 4, &n);
	assert_true(n.ease == 2.5);
	sm2_next(&s, 3, &n);
	assert_true(n.ease > 2.359 && n.ease < 2.361);
}

/* A lapse: repetition back to 0, interval 1, one more lapse. */
static void
test_lapse(void **state)
{
	struct sm2_state s = { 5, 2.2, 120, 1 }, n;

	(void)state;
	sm2_next(&s, 2, &n);
	assert_int_equal(n.repetition, 0);
	assert_int_equal(n.interval, 1);
	assert_int_equal(n.lapses, 2);
	/* After a lapse, intervals start again at 1 and 6. */
	s = n;
	sm2_next(&s, 4, &n);
	assert_int_equal(n.interval, 1);
	s = n;
	sm2_next(&s, 4, &n);
	assert_int_equal(n.interval, 6);
}

/* Intervals: 1, 6, then round(previous * EF before the answer). */
static void
test_rounding(void **state)
{
	struct sm2_state s = { 2, 2.5, 6, 0 }, n;

	(void)state;
	sm2_next(&s, 3, &n);
	assert_int_equal(n.interval, 15);	/* 6 * 2.5, not 6 * 2.36 */
	s.ease = 2.25;
	sm2_next(&s, 5, &n);
	assert_int_equal(n.interval, 14);	/* 13.5 rounds up */
	s.ease = 2.24;
	sm2_next(&s, 5, &n);
	assert_int_equal(n.interval, 13);	/* 13.44 rounds down */
}

/* Fuzz: none under 3 days, within its range, the same every time. */
static void
test_fuzz(void **state)
{
	int ivl, card, seen[11], v, i, lo, hi;

	(void)state;
	assert_int_equal(sm2_fuzz_range(1), 0);
	assert_int_equal(sm2_fuzz_range(2), 0);
	assert_int_equal(sm2_fuzz_range(3), 1);
	assert_int_equal(sm2_fuzz_range(6), 1);
	assert_int_equal(sm2_fuzz_range(7), 2);
	assert_int_equal(sm2_fuzz_range(20), 3);
	assert_int_equal(sm2_fuzz_range(30), 4);
	assert_int_equal(sm2_fuzz_range(200), 10);
	for (card = 1; card < 200; card++)
		assert_int_equal(sm2_fuzz(2, card, 3), 2);
	for (ivl = 3; ivl < 2000; ivl += 7) {
		for (card = 1; card < 50; card++) {
			v = sm2_fuzz(ivl, card, ivl % 5);
			assert_true(v >= ivl - sm2_fuzz_range(ivl));
			assert_true(v <= ivl + sm2_fuzz_range(ivl));
			assert_int_equal(v, sm2_fuzz(ivl, card, ivl % 5));
		}
	}
	/* Every day of the range is reachable (interval 30: 26..34). */
	memset(seen, 0, sizeof seen);
	for (card = 1; card < 2000; card++)
		seen[sm2_fuzz(30, card, 0) - 26]++;
	for (i = 0; i < 9; i++)
		assert_true(seen[i] > 100);
	/* The review count changes the draw, too. */
	lo = hi = sm2_fuzz(100, 7, 0);
	for (i = 1; i < 50; i++) {
		v = sm2_fuzz(100, 7, i);
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	assert_true(hi > lo);
}

/* The answer step: due day, cap, same-day rule, passed. */
static void
test_answer(void **state)
{
	struct sm2_params	p = { 0, 8, 42, 0, 0 };
	struct sm2_card		c = { { 0, 2.5, 0, 0 }, -1, 0, 0, -1 }, n, m;
	struct sm2_outcome	o;

	(void)state;
	sm2_answer(&c, &p, 2, 100, &n, &o);
	assert_true(o.scheduled);
	assert_int_equal(n.due, 101);
	assert_int_equal(n.passed, 0);
	assert_int_equal(n.count, 1);
	assert_int_equal(n.last_day, 100);
	/* The same day again: nothing moves. */
	sm2_answer(&n, &p, 5, 100, &m, &o);
	assert_false(o.scheduled);
	assert_memory_equal(&m, &n, sizeof m);
	/* Next day: it moves, and passing sets passed. */
	sm2_answer(&n, &p, 4, 101, &m, &o);
	assert_true(o.scheduled);
	assert_int_equal(m.passed, 1);
	assert_int_equal(m.due, 102);
	/* The maximum interval. */
	c.state.repetition = 9;
	c.state.interval = 30000;
	c.state.ease = 2.5;
	c.last_day = 5;
	sm2_answer(&c, &p, 5, 10, &n, &o);
	assert_int_equal(n.state.interval, SM2_MAX_INTERVAL);
	assert_int_equal(n.due, 10 + SM2_MAX_INTERVAL);
	/* Fuzz on moves long intervals, deterministically. */
	p.fuzz = 1;
	c.state.interval = 100;
	sm2_answer(&c, &p, 4, 10, &n, &o);
	sm2_answer(&c, &p, 4, 10, &m, &o);
	assert_int_equal(n.state.interval, m.state.interval);
	assert_true(n.state.interval >= 240 && n.state.interval <= 260);
}

/*
 * The recall model's target: the due day is the answer's day plus the
 * target (fuzzed when fuzz is on, capped), while SM-2's state is exactly
 * what SM-2 without fuzz gives; a same-day repeat ignores it.
 */
static void
test_target(void **state)
{
	struct sm2_params	p = { 0, 8, 42, 0, 0 }, t;
	struct sm2_card		c = { { 3, 2.2, 16, 1 }, 80, 4, 1, 64 }, n, m;
	struct sm2_outcome	o;

	(void)state;
	sm2_answer(&c, &p, 4, 100, &n, &o);
	t = p;
	t.target = 9;
	sm2_answer(&c, &t, 4, 100, &m, &o);
	assert_true(o.scheduled);
	assert_memory_equal(&m.state, &n.state, sizeof m.state);
	assert_int_equal(n.due, 100 + n.state.interval);
	assert_int_equal(m.due, 109);
	assert_int_equal(m.count, n.count);
	/* Fuzz moves the target's day, not SM-2's interval. */
	t.fuzz = 1;
	t.target = 100;
	sm2_answer(&c, &t, 4, 100, &m, &o);
	assert_memory_equal(&m.state, &n.state, sizeof m.state);
	assert_true(m.due >= 195 && m.due <= 205);
	assert_int_equal(m.due - 100, sm2_fuzz(100, 42, c.count));
	/* Past the longest interval, and past the last day there is. */
	t.fuzz = 0;
	t.target = SM2_MAX_INTERVAL + 50;
	sm2_answer(&c, &t, 4, 100, &m, &o);
	assert_int_equal(m.due, 100 + SM2_MAX_INTERVAL);
	t.max_due = 120;
	sm2_answer(&c, &t, 4, 100, &m, &o);
	assert_int_equal(m.due, 120);
	/* A same-day repeat keeps everything, target or not. */
	c.last_day = 100;
	sm2_answer(&c, &t, 4, 100, &m, &o);
	assert_false(o.scheduled);
	assert_memory_equal(&m, &c, sizeof m);
}

/* Leeches at the threshold and every half threshold after it. */
static void
test_leech(void **state)
{
	struct sm2_params	p = { 0, 8, 1, 0, 0 };
	struct sm2_card		c = { { 3, 2.0, 20, 7 }, 50, 10, 1, 40 }, n;
	struct sm2_outcome	o;

	(void)state;
	assert_false(sm2_leech(6, 7, 8));
	assert_true(sm2_leech(7, 8, 8));
	assert_false(sm2_leech(8, 9, 8));
	assert_true(sm2_leech(11, 12, 8));
	assert_true(sm2_leech(15, 16, 8));
	assert_false(sm2_leech(8, 8, 8));	/* no new lapse */
	assert_false(sm2_leech(99, 100, 0));	/* off */
	sm2_answer(&c, &p, 1, 50, &n, &o);
	assert_true(o.leech);
	assert_int_equal(n.state.lapses, 8);
	sm2_answer(&c, &p, 3, 50, &n, &o);
	assert_false(o.leech);
}

/*
 * What an answer means for the rest of the day: below 4 the card comes
 * back, on a same-day repeat too, but not when it made the card a leech.
 */
static void
test_again_today(void **state)
{
	struct sm2_params	p = { 0, 8, 1, 0, 0 };
	struct sm2_card		c = { { 3, 2.0, 20, 7 }, 50, 10, 1, 40 }, n, m;
	struct sm2_outcome	o;
	int			grade;

	(void)state;
	for (grade = 0; grade <= 5; grade++) {
		assert_int_equal(sm2_again_today(grade, 0), grade < 4);
		assert_false(sm2_again_today(grade, 1));
	}
	sm2_answer(&c, &p, 3, 50, &n, &o);
	assert_true(o.scheduled);
	assert_true(o.again_today);
	sm2_answer(&n, &p, 2, 50, &m, &o);
	assert_false(o.scheduled);
	assert_true(o.again_today);
	sm2_answer(&n, &p, 4, 50, &m, &o);
	assert_false(o.again_today);
	sm2_answer(&c, &p, 5, 50, &n, &o);
	assert_false(o.again_today);
	/* The eighth lapse: a leech, suspended, so it does not come back. */
	sm2_answer(&c, &p, 1, 50, &n, &o);
	assert_true(o.leech);
	assert_false(o.again_today);
	/* Leeches off: the same lapse comes back. */
	p.leech_threshold = 0;
	sm2_answer(&c, &p, 1, 50, &n, &o);
	assert_true(o.again_today);
}

/* Grades as digits and words. */
static void
test_parse_grade(void **state)
{
	(void)state;
	assert_int_equal(sm2_parse_grade("0"), 0);
	assert_int_equal(sm2_parse_grade("5"), 5);
	assert_int_equal(sm2_parse_grade("again"), 2);
	assert_int_equal(sm2_parse_grade("h"), 3);
	assert_int_equal(sm2_parse_grade("Good"), 4);
	assert_int_equal(sm2_parse_grade("e"), 5);
	assert_int_equal(sm2_parse_grade("6"), -1);
	assert_int_equal(sm2_parse_grade("45"), -1);
	assert_int_equal(sm2_parse_grade("great"), -1);
	assert_string_equal(sm2_grade_name(4), "good");
}

/* AGAIN was a grade but G was not: words and letters in any case. */
static void
test_parse_grade_case(void **state)
{
	(void)state;
	assert_int_equal(sm2_parse_grade("AGAIN"), 2);
	assert_int_equal(sm2_parse_grade("A"), 2);
	assert_int_equal(sm2_parse_grade("H"), 3);
	assert_int_equal(sm2_parse_grade("G"), 4);
	assert_int_equal(sm2_parse_grade("E"), 5);
	assert_int_equal(sm2_parse_grade("X"), -1);
}

/* An answer on the last accepted day gave a due date past it. */
static void
test_max_due(void **state)
{
	struct sm2_params	p = { 0, 8, 1, 1000, 0 };
	struct sm2_card		c = { { 5, 2.5, 400, 0 }, 990, 5, 1, 590 }, n;
	struct sm2_outcome	o;

	(void)state;
	sm2_answer(&c, &p, 5, 990, &n, &o);
	assert_int_equal(n.due, 1000);
	assert_int_equal(n.state.interval, 10);
	sm2_answer(&c, &p, 5, 1000, &n, &o);
	assert_int_equal(n.due, 1000);
	assert_int_equal(n.state.interval, 0);
	p.max_due = 0;
	sm2_answer(&c, &p, 5, 990, &n, &o);
	assert_int_equal(n.due, 1990);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oracle_vectors),
		cmocka_unit_test(test_ease_floor),
		cmocka_unit_test(test_lapse),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_leech),
		cmocka_unit_test(test_again_today),
		cmocka_unit_test(test_parse_grade),
		cmocka_unit_test(test_parse_grade_case),
		cmocka_unit_test(test_max_due),
	};

	return cmocka_run_group_tests_name("sm2", tests, NULL, NULL);
}
