/*
 * bench-model: the cost of the recall model's pure core (issue 12), on
 * synthetic reviews drawn from a known model: a fit of N reviews (1M by
 * default), one prediction, and one due day (model_days), each the median
 * of several rounds.  Prints one line a figure.  Not part of make check:
 * timings belong in a benchmark.
 *
 *	bench-model [REVIEWS [ROUNDS]]
 */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recall.h"

static const double truth[MODEL_NX] = { 1.0, -0.75, -0.49, 0.25, -1.59,
    -0.49, 0.38, 0.27, 2.09 };

static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static double
unit(uint64_t *s)
{
	return (double)(next(s) >> 11) / 9007199254740992.0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	struct model_obs	*o;
	struct model		 m, fitted;
	size_t			 n = argc > 1 ? strtoul(argv[1], NULL, 10) :
				    1000000, i;
	int			 rounds = argc > 2 ? atoi(argv[2]) : 5, r;
	double			 t0, *fit, *pred, *days, sink = 0;
	uint64_t		 s = 42;
	const size_t		 calls = 1000000;

	if (n < 100 || rounds < 1) {
		fprintf(stderr, "usage: bench-model [REVIEWS [ROUNDS]]\n");
		return 2;
	}
	memset(&m, 0, sizeof m);
	memcpy(m.w, truth, sizeof m.w);
	o = xreallocarray(NULL, n, sizeof *o);
	for (i = 0; i < n; i++) {
		memset(&o[i], 0, sizeof o[i]);
		o[i].interval = 1 + (int)(unit(&s) * 200);
		o[i].elapsed = 1 + floor(o[i].interval * 2 * unit(&s));
		o[i].ease = 1.3 + 1.7 * unit(&s);
		o[i].lapses = (int)(unit(&s) * 4);
		o[i].repetition = (int)(unit(&s) * 10);
		o[i].past_answers = 1 + (int)(unit(&s) * 15);
		o[i].past_recalled = (int)(unit(&s) * (o[i].past_answers + 1));
		o[i].last_grade = unit(&s) < 0.8 ? 4 : 2;
		o[i].recalled = unit(&s) < model_predict(&m, &o[i]);
	}
	fit = xreallocarray(NULL, (size_t)rounds, sizeof *fit);
	pred = xreallocarray(NULL, (size_t)rounds, sizeof *pred);
	days = xreallocarray(NULL, (size_t)rounds, sizeof *days);
	for (r = 0; r < rounds; r++) {
		t0 = now();
		if (model_fit(o, n, 1e-4, &fitted) != 0) {
			fprintf(stderr, "bench-model: the fit failed\n");
			return 1;
		}
		fit[r] = now() - t0;
		t0 = now();
		for (i = 0; i < calls; i++)
			sink += model_predict(&fitted, &o[i % n]);
		pred[r] = (now() - t0) / (double)calls;
		t0 = now();
		for (i = 0; i < calls; i++)
			sink += model_days(&fitted, &o[i % n], 0.9);
		days[r] = (now() - t0) / (double)calls;
	}
	printf("reviews\t%zu\n", n);
	printf("fit_iterations\t%d\n", fitted.iterations);
	printf("fit_seconds\t%.3f\n", median(fit, rounds));
	printf("predict_microseconds\t%.4f\n", median(pred, rounds) * 1e6);
	printf("days_microseconds\t%.4f\n", median(days, rounds) * 1e6);
	printf("w1_fitted\t%.4f\n", fitted.w[1]);
	if (sink == 42)
		printf("\n");	/* keeps the loops from being optimised away */
	free(o);
	free(fit);
	free(pred);
	free(days);
	return 0;
}
