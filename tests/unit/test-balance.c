/*
 * Unit tests of balance.c: picking the track (or deck) most owed time
 * converges on the target shares, never starves one that has cards, and
 * never idles while any has cards; the report of time against the targets
 * adds up and says how far it drifts.
 */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "recall.h"

/* Pick many times, each pick costing its track's time per card. */
static void
simulate(const double share[2], const double cost[2], int picks,
    double time[2], int count[2])
{
	int avail[2] = { 1, 1 }, i, t;

	time[0] = time[1] = 0;
	count[0] = count[1] = 0;
	for (i = 0; i < picks; i++) {
		t = balance_pick(time, share, avail, 2);
		assert_true(t == 0 || t == 1);
		time[t] += cost[t];
		count[t]++;
	}
}

/* Time shares converge on the target even when cards cost differently. */
static void
test_converges(void **state)
{
	const double	share[2] = { 0.7, 0.3 }, cost[2] = { 6, 15 };
	const double	share2[2] = { 0.4, 0.6 }, cost2[2] = { 20, 4 };
	double		time[2];
	int		count[2];

	(void)state;
	simulate(share, cost, 1000, time, count);
	assert_true(fabs(time[0] / (time[0] + time[1]) - 0.7) < 0.01);
	/* By count it is not 70:30: it is time that is balanced. */
	assert_true(count[0] > 0.8 * 1000);
	simulate(share2, cost2, 1000, time, count);
	assert_true(fabs(time[0] / (time[0] + time[1]) - 0.4) < 0.01);
	/* Already close after a short session. */
	simulate(share, cost, 30, time, count);
	assert_true(fabs(time[0] / (time[0] + time[1]) - 0.7) < 0.06);
}

/* A track with a small share still comes up early and regularly. */
static void
test_never_starves(void **state)
{
	const double	share[2] = { 0.95, 0.05 }, cost[2] = { 10, 10 };
	double		time[2] = { 0, 0 };
	int		avail[2] = { 1, 1 }, i, t, last_want = -1, gap = 0;

	(void)state;
	for (i = 0; i < 400; i++) {
		t = balance_pick(time, share, avail, 2);
		time[t] += 10;
		if (t == 1) {
			if (last_want >= 0 && i - last_want > gap)
				gap = i - last_want;
			last_want = i;
		}
	}
	assert_true(last_want >= 0);
	assert_true(gap <= 21);	/* about one in twenty */
	(void)cost;
}

/* Work-conserving: the other track goes on when one has nothing. */
static void
test_work_conserving(void **state)
{
	const double	share[2] = { 0.7, 0.3 };
	double		time[2] = { 0, 100 };
	int		only_want[2] = { 0, 1 }, only_need[2] = { 1, 0 };
	int		none[2] = { 0, 0 };

	(void)state;
	/* Want is far over its share, but it is all there is. */
	assert_int_equal(balance_pick(time, share, only_want, 2), 1);
	assert_int_equal(balance_pick(time, share, only_need, 2), 0);
	assert_int_equal(balance_pick(time, share, none, 2), -1);
}

/* With no time spent yet, the larger share goes first. */
static void
test_first_pick(void **state)
{
	const double	a[2] = { 0.7, 0.3 }, b[2] = { 0.3, 0.7 };
	double		time[2] = { 0, 0 };
	int		avail[2] = { 1, 1 };

	(void)state;
	assert_int_equal(balance_pick(time, a, avail, 2), 0);
	assert_int_equal(balance_pick(time, b, avail, 2), 1);
}

/* Decks inside a track share by weight. */
static void
test_decks_by_weight(void **state)
{
	double	weight[3] = { 1, 2, 1 }, share[3], time[3] = { 0, 0, 0 };
	int	avail[3] = { 1, 1, 1 }, count[3] = { 0, 0, 0 }, i, d;

	(void)state;
	balance_shares(weight, share, 3);
	assert_true(fabs(share[1] - 0.5) < 1e-12);
	for (i = 0; i < 400; i++) {
		d = balance_pick(time, share, avail, 3);
		time[d] += 10;
		count[d]++;
	}
	assert_int_equal(count[0], 100);
	assert_int_equal(count[1], 200);
	assert_int_equal(count[2], 100);
	/* A deck with nothing due gives way to the others. */
	avail[1] = 0;
	for (i = 0; i < 10; i++)
		assert_int_not_equal(balance_pick(time, share, avail, 3), 1);
	/* Weights of zero share equally. */
	weight[0] = weight[1] = weight[2] = 0;
	balance_shares(weight, share, 3);
	assert_true(fabs(share[2] - 1.0 / 3) < 1e-12);
}

/* New cards split by the same shares, work-conserving. */
static void
test_split(void **state)
{
	const double	share[2] = { 0.7, 0.3 };
	int		have[2], out[2];

	(void)state;
	have[0] = have[1] = 100;
	balance_split(10, share, have, out);
	assert_int_equal(out[0], 7);
	assert_int_equal(out[1], 3);
	have[0] = 2;
	balance_split(10, share, have, out);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 8);
	have[0] = 100;
	have[1] = 1;
	balance_split(10, share, have, out);
	assert_int_equal(out[0], 9);
	assert_int_equal(out[1], 1);
	have[0] = have[1] = 1;
	balance_split(10, share, have, out);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 1);
	balance_split(0, share, have, out);
	assert_int_equal(out[0] + out[1], 0);
}

/* NEED:WANT becomes need's percentage, rounded; nonsense is refused. */
static void
test_parse_shares(void **state)
{
	int	need = -1;

	(void)state;
	assert_int_equal(balance_parse_shares("60:40", &need), 0);
	assert_int_equal(need, 60);
	assert_int_equal(balance_parse_shares("3:1", &need), 0);
	assert_int_equal(need, 75);
	assert_int_equal(balance_parse_shares("2:1", &need), 0);
	assert_int_equal(need, 67);
	assert_int_equal(balance_parse_shares("10:0", &need), 0);
	assert_int_equal(need, 100);
	assert_int_equal(balance_parse_shares("0:0", &need), -1);
	assert_int_equal(balance_parse_shares("70", &need), -1);
	assert_int_equal(balance_parse_shares("a:b", &need), -1);
	assert_int_equal(balance_parse_shares("-1:2", &need), -1);
}

/* The report adds up each track's time and weight and gives shares. */
static void
test_report_shares(void **state)
{
	const double		secs[3] = { 30, 10, 60 }, weight[3] = { 2, 1, 1 };
	const enum track	track[3] = { TRACK_NEED, TRACK_NEED, TRACK_WANT };
	struct balance_report	r;

	(void)state;
	balance_report(70, secs, track, weight, 3, &r);
	assert_true(fabs(r.target[TRACK_NEED] - 0.7) < 1e-12);
	assert_true(fabs(r.target[TRACK_WANT] - 0.3) < 1e-12);
	assert_true(r.total == 100);
	assert_true(r.seconds[TRACK_NEED] == 40);
	assert_true(fabs(r.actual[TRACK_WANT] - 0.6) < 1e-12);
	assert_true(r.weight[TRACK_NEED] == 3);
	/* Need is 30 points under: want is over, and by a lot. */
	assert_int_equal(r.points, -30);
	assert_int_equal(r.over, TRACK_WANT);
	assert_int_equal(r.drift, BALANCE_DRIFTING);
	/* A deck's share of its track, by weight and by time. */
	assert_true(fabs(balance_part(weight[0], r.weight[TRACK_NEED]) -
	    2.0 / 3) < 1e-12);
	assert_true(balance_part(secs[0], r.seconds[TRACK_NEED]) == 0.75);
	assert_true(balance_percent(secs[0], r.seconds[TRACK_NEED]) == 75);
	assert_true(balance_part(1, 0) == 0);
	assert_true(balance_percent(1, 0) == 0);
}

/* Within 2 points is on target, within 5 slightly off. */
static void
test_report_drift(void **state)
{
	const enum track	track[2] = { TRACK_NEED, TRACK_WANT };
	const double		weight[2] = { 1, 1 };
	const double		on[2] = { 72, 28 }, slight[2] = { 65, 35 };
	const double		drift[2] = { 80, 20 };
	struct balance_report	r;

	(void)state;
	balance_report(70, on, track, weight, 2, &r);
	assert_int_equal(r.points, 2);
	assert_int_equal(r.drift, BALANCE_ON_TARGET);
	balance_report(70, slight, track, weight, 2, &r);
	assert_int_equal(r.points, -5);
	assert_int_equal(r.drift, BALANCE_SLIGHTLY);
	assert_int_equal(r.over, TRACK_WANT);
	balance_report(70, drift, track, weight, 2, &r);
	assert_int_equal(r.points, 10);
	assert_int_equal(r.drift, BALANCE_DRIFTING);
	assert_int_equal(r.over, TRACK_NEED);
}

/* With no time spent, nothing drifts and the larger share goes first. */
static void
test_report_empty(void **state)
{
	const enum track	track[2] = { TRACK_NEED, TRACK_WANT };
	const double		weight[2] = { 1, 1 }, none[2] = { 0, 0 };
	struct balance_report	r;

	(void)state;
	balance_report(70, none, track, weight, 2, &r);
	assert_true(r.total == 0);
	assert_int_equal(r.points, 0);
	assert_int_equal(r.drift, BALANCE_ON_TARGET);
	assert_int_equal(r.first, TRACK_NEED);
	balance_report(50, none, track, weight, 2, &r);
	assert_int_equal(r.first, TRACK_NEED);
	balance_report(49, none, track, weight, 2, &r);
	assert_int_equal(r.first, TRACK_WANT);
	balance_report(70, NULL, NULL, NULL, 0, &r);
	assert_true(r.actual[TRACK_NEED] == 0 && r.actual[TRACK_WANT] == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_converges),
		cmocka_unit_test(test_never_starves),
		cmocka_unit_test(test_work_conserving),
		cmocka_unit_test(test_first_pick),
		cmocka_unit_test(test_decks_by_weight),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_parse_shares),
		cmocka_unit_test(test_report_shares),
		cmocka_unit_test(test_report_drift),
		cmocka_unit_test(test_report_empty),
	};

	return cmocka_run_group_tests_name("balance", tests, NULL, NULL);
}
