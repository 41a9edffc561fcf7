/*
 * The recall model, a pure core (issue 12, "[11] A scheduler that learns
 * your memory"): the probability that a card in review is recalled now,
 * from SM-2's own state and the time since its last review, fitted to
 * the collection's own log.  Nothing here reads the store; the callers
 * give it observations and take parameters.
 *
 * The model is a logistic regression, P(recalled) = 1 / (1 + e^-z), with
 * z = w . x and x the features of model_x:
 *
 *	x0 = 1
 *	x1 = ln(t / I)		t days since the last review, I the interval
 *	x2 = ln I		(both at least 1 day)
 *	x3 = ease - 2.5
 *	x4 = ln(1 + lapses)
 *	x5 = ln(1 + repetition)
 *	x6 = the last grade - 3	(0 for a card answered once)
 *	x7 = logit((r + 1) / (a + 2))	the card's own past: a earlier
 *				answers that moved its schedule, r of them
 *				recalled
 *	x8 = ln(1 + a)
 *
 * (ln t alone would add nothing: it is x1 + x2.)  Only x1 moves with
 * time, so when w1 < 0 recall falls as time passes and the day it reaches
 * a chosen retention has a closed form (model_elapsed_for).  A fit where
 * it does not fall is refused.  (On the real log of tests/cli/data, x6 and x7 are what lift
 * the model above the constant baseline: see doc/ once it is measured.)
 *
 * Fitting is Newton's method on the mean log loss with a small ridge
 * penalty (so that a log where everything was recalled still has finite
 * parameters), from w = 0, halving a step that does not lower the loss.
 * It is deterministic: the same observations in the same order give the
 * same parameters, bit for bit.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* Newton's iterations at most, and when a step is small enough to stop. */
#define MODEL_ITERATIONS 50
#define MODEL_TOLERANCE 1e-9

/*
 * ln k for a whole k >= 1: from a table for the small ones every feature
 * is made of (days, counts), so that a fit on millions of reviews does
 * not spend its time in log(); the table holds log()'s own values.
 */
#define MODEL_LOGS 8192
static double	model_logs[MODEL_LOGS];

static double
model_log(double k)
{
	int	i;

	if (!(k >= 1 && k < MODEL_LOGS) || (double)(i = (int)k) != k)
		return log(k);
	if (model_logs[2] == 0) {
		for (i = 1; i < MODEL_LOGS; i++)
			model_logs[i] = log((double)i);
		i = (int)k;
	}
	return model_logs[i];
}

/* The features of an observation. */
void
model_x(const struct model_obs *o, double x[MODEL_NX])
{
	double t = o->elapsed >= 1 ? o->elapsed : 1;
	double i = o->interval >= 1 ? o->interval : 1;

	x[0] = 1;
	x[2] = model_log(i);
	x[1] = model_log(t) - x[2];
	x[3] = o->ease - 2.5;
	x[4] = model_log(1 + (o->lapses > 0 ? o->lapses : 0));
	x[5] = model_log(1 + (o->repetition > 0 ? o->repetition : 0));
	x[6] = o->last_grade >= 0 ? o->last_grade - 3 : 0;
	x[7] = model_log(o->past_recalled + 1.0) -
	    model_log(o->past_answers - o->past_recalled + 1.0);
	x[8] = model_log(1 + (o->past_answers > 0 ? o->past_answers : 0));
}

/*
 * An observation of a card in SM-2 state s, elapsed days after its last
 * answer that moved its schedule (last_grade), with answers such answers
 * of which recalled were recalled: every place that asks the model about
 * a card makes its observation here.
 */
void
model_obs_set(struct model_obs *o, const struct sm2_state *s,
    double elapsed, int last_grade, int answers, int recalled)
{
	memset(o, 0, sizeof *o);
	o->elapsed = elapsed;
	o->interval = s->interval;
	o->ease = s->ease;
	o->lapses = s->lapses;
	o->repetition = s->repetition;
	o->last_grade = last_grade;
	o->past_answers = answers;
	o->past_recalled = recalled;
}

/* How the model's z moves with ln t: recall falls with time if < 0. */
static double
model_slope(const struct model *m)
{
	return m->w[1];
}

static double
model_sigmoid(double z)
{
	if (z >= 0)
		return 1 / (1 + exp(-z));
	return exp(z) / (1 + exp(z));
}

static double
model_z(const double w[MODEL_NX], const double x[MODEL_NX])
{
	double	z = 0;
	int	k;

	for (k = 0; k < MODEL_NX; k++)
		z += w[k] * x[k];
	return z;
}

/* The probability of recall the model gives an observation. */
double
model_predict(const struct model *m, const struct model_obs *o)
{
	double x[MODEL_NX];

	model_x(o, x);
	return model_sigmoid(model_z(m->w, x));
}

/* SM-2's implied recall, the srs-benchmark convention: 0.9^(t/I). */
double
model_textbook(double elapsed, int interval)
{
	return pow(0.9, elapsed / (interval >= 1 ? interval : 1));
}

/* -ln of the probability given to what happened, kept finite. */
static double
model_loss1(double p, int recalled)
{
	double q = recalled ? p : 1 - p;

	return -log(q > 1e-15 ? q : 1e-15);
}

/* The mean log loss of w on the observations, with the ridge penalty. */
static double
model_objective(const struct model_obs *o, size_t n, double ridge,
    const double w[MODEL_NX])
{
	double	x[MODEL_NX], sum = 0, pen = 0;
	size_t	i;
	int	k;

	for (i = 0; i < n; i++) {
		model_x(&o[i], x);
		sum += model_loss1(model_sigmoid(model_z(w, x)), o[i].recalled);
	}
	for (k = 0; k < MODEL_NX; k++)
		pen += w[k] * w[k];
	return sum / (double)n + ridge * pen / 2;
}

/*
 * Solve a x = b for a symmetric positive definite a (n by n, row major),
 * by Cholesky; a is overwritten.  -1 if a is not positive definite.
 */
static int
model_solve(double *a, double *b, int n)
{
	int	i, j, k;
	double	s;

	for (j = 0; j < n; j++) {
		s = a[j * n + j];
		for (k = 0; k < j; k++)
			s -= a[j * n + k] * a[j * n + k];
		if (!(s > 0))
			return -1;
		a[j * n + j] = sqrt(s);
		for (i = j + 1; i < n; i++) {
			s = a[i * n + j];
			for (k = 0; k < j; k++)
				s -= a[i * n + k] * a[j * n + k];
			a[i * n + j] = s / a[j * n + j];
		}
	}
	for (i = 0; i < n; i++) {	/* L y = b */
		s = b[i];
		for (k = 0; k < i; k++)
			s -= a[i * n + k] * b[k];
		b[i] = s / a[i * n + i];
	}
	for (i = n - 1; i >= 0; i--) {	/* L' x = y */
		s = b[i];
		for (k = i + 1; k < n; k++)
			s -= a[k * n + i] * b[k];
		b[i] = s / a[i * n + i];
	}
	return 0;
}

/*
 * Fit the model to n observations, with the given ridge penalty (on the
 * mean log loss; 1e-4 is small beside any real log).  0 with *m set, or -1
 * if there are no observations, the fit does not settle, or recall does
 * not fall with time in it (w1 >= 0): then the textbook curve stays.
 */
int
model_fit(const struct model_obs *o, size_t n, double ridge, struct model *m)
{
	double	w[MODEL_NX], next[MODEL_NX], g[MODEL_NX];
	double	h[MODEL_NX * MODEL_NX], x[MODEL_NX];
	double	loss, trial, p, step, big;
	size_t	i;
	int	k, l, it, halvings;

	memset(m, 0, sizeof *m);
	if (n == 0)
		return -1;
	memset(w, 0, sizeof w);
	loss = model_objective(o, n, ridge, w);
	for (it = 1; it <= MODEL_ITERATIONS; it++) {
		memset(g, 0, sizeof g);
		memset(h, 0, sizeof h);
		for (i = 0; i < n; i++) {
			model_x(&o[i], x);
			p = model_sigmoid(model_z(w, x));
			for (k = 0; k < MODEL_NX; k++) {
				g[k] += (p - o[i].recalled) * x[k];
				for (l = 0; l <= k; l++)
					h[k * MODEL_NX + l] += p * (1 - p) *
					    x[k] * x[l];
			}
		}
		for (k = 0; k < MODEL_NX; k++) {
			g[k] = g[k] / (double)n + ridge * w[k];
			for (l = 0; l <= k; l++) {
				h[k * MODEL_NX + l] /= (double)n;
				h[l * MODEL_NX + k] = h[k * MODEL_NX + l];
			}
			h[k * MODEL_NX + k] += ridge;
		}
		if (model_solve(h, g, MODEL_NX) != 0)
			return -1;
		/* g is now Newton's step; halve it while it does not help. */
		for (step = 1, halvings = 0; halvings < 30; halvings++) {
			for (k = 0; k < MODEL_NX; k++)
				next[k] = w[k] - step * g[k];
			if ((trial = model_objective(o, n, ridge, next)) <= loss)
				break;
			step /= 2;
		}
		if (halvings == 30)
			break;	/* no step lowers it: w is the minimum */
		big = 0;
		for (k = 0; k < MODEL_NX; k++) {
			if (fabs(next[k] - w[k]) > big)
				big = fabs(next[k] - w[k]);
			w[k] = next[k];
		}
		loss = trial;
		if (big < MODEL_TOLERANCE)
			break;
	}
	memcpy(m->w, w, sizeof m->w);
	if (it > MODEL_ITERATIONS || !(model_slope(m) < 0)) {
		memset(m, 0, sizeof *m);
		return -1;
	}
	m->n = n;
	m->iterations = it > MODEL_ITERATIONS ? MODEL_ITERATIONS : it;
	for (i = 0, loss = 0; i < n; i++)
		loss += model_loss1(model_predict(m, &o[i]), o[i].recalled);
	m->loss = loss / (double)n;
	return 0;
}

/*
 * The days since the last review at which the model's recall of a card
 * in this state (its elapsed time aside) falls to retention, in (0, 1);
 * -1 if recall does not fall with time in the model.  (Recall at under a
 * day is that of a day: model_x counts t from 1.)
 */
double
model_elapsed_for(const struct model *m, const struct model_obs *o,
    double retention)
{
	double	x[MODEL_NX], rest;

	if (!(model_slope(m) < 0) || !(retention > 0 && retention < 1))
		return -1;
	model_x(o, x);
	/* z = w1 ln(t / I) + rest */
	rest = model_z(m->w, x) - model_slope(m) * x[1];
	return (o->interval >= 1 ? o->interval : 1) *
	    exp((log(retention / (1 - retention)) - rest) / model_slope(m));
}

/*
 * The days, at least 1 and at most SM-2's longest interval, from an
 * answer to the first day at which the model's recall of the card
 * (in the state o, its elapsed time aside) is at or below retention;
 * 0 if the model cannot say (it does not fall with time).
 */
int
model_days(const struct model *m, const struct model_obs *o, double retention)
{
	double	t = model_elapsed_for(m, o, retention);

	if (!(t > 0))
		return t == 0 ? 1 : 0;
	t = ceil(t - 1e-9);
	if (t < 1)
		return 1;
	return t > SM2_MAX_INTERVAL ? SM2_MAX_INTERVAL : (int)t;
}

/* A prediction and what happened, for the ranking of model_score. */
struct model_ranked {
	double	p;
	int	y;
};

static int
model_ranked_cmp(const void *a, const void *b)
{
	const struct model_ranked *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->y - y->y;
}

/*
 * Score predictions p of outcomes y (1 recalled, 0 not), as srs-benchmark
 * does: the mean log loss; RMSE(bins), the root of the mean, weighted by
 * their sizes, of the squared difference between the mean prediction and
 * the recall rate within each of MODEL_BINS equal bins of the prediction;
 * and the AUC, the chance that a recalled review was given more than a
 * forgotten one (ties count half; 0.5 when either kind is missing).
 */
void
model_score(const double *p, const int *y, size_t n, struct model_score *s)
{
	struct model_ranked	*r;
	double			 bp[MODEL_BINS], by[MODEL_BINS], sq = 0;
	double			 ranks = 0, pos = 0;
	size_t			 bn[MODEL_BINS], i, j, k;
	int			 b;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->auc = 0.5;
	if (n == 0)
		return;
	memset(bp, 0, sizeof bp);
	memset(by, 0, sizeof by);
	memset(bn, 0, sizeof bn);
	for (i = 0; i < n; i++) {
		s->logloss += model_loss1(p[i], y[i]);
		b = (int)(p[i] * MODEL_BINS);
		b = b < 0 ? 0 : b >= MODEL_BINS ? MODEL_BINS - 1 : b;
		bp[b] += p[i];
		by[b] += y[i];
		bn[b]++;
		pos += y[i] != 0;
	}
	s->logloss /= (double)n;
	for (b = 0; b < MODEL_BINS; b++) {
		if (bn[b] > 0)
			sq += (bp[b] - by[b]) * (bp[b] - by[b]) /
			    (double)bn[b];
	}
	s->rmse_bins = sqrt(sq / (double)n);
	if (pos == 0 || pos == (double)n)
		return;
	r = xreallocarray(NULL, n, sizeof *r);
	for (i = 0; i < n; i++) {
		r[i].p = p[i];
		r[i].y = y[i] != 0;
	}
	qsort(r, n, sizeof *r, model_ranked_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && r[j].p == r[i].p; j++)
			continue;
		/* ranks i+1 .. j, their mean for each recalled one of them */
		for (k = i; k < j; k++) {
			if (r[k].y)
				ranks += ((double)(i + 1) + (double)j) / 2;
		}
	}
	free(r);
	s->auc = (ranks - pos * (pos + 1) / 2) / (pos * ((double)n - pos));
}
