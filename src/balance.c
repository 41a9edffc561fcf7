/*
 * Balance: how review time should split between the need and want tracks
 * (and between the decks of a track), which one is owed the next card,
 * and how the time spent stands against the targets.  Pure: numbers in,
 * a choice or a report out.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/*
 * Pick the entry furthest below its share of the time spent: the one with
 * the largest share * total - time, among those available.  Ties go to the
 * first.  Returns -1 when none is available; an empty track or deck never
 * holds the others back.
 */
int
balance_pick(const double *time, const double *share, const int *available,
    int n)
{
	double	total = 0, owed, best = 0;
	int	i, pick = -1;

	for (i = 0; i < n; i++)
		total += time[i];
	for (i = 0; i < n; i++) {
		if (!available[i])
			continue;
		owed = share[i] * total - time[i];
		if (pick == -1 || owed > best + 1e-9 ||
		    (total == 0 && share[i] > share[pick])) {
			pick = i;
			best = owed;
		}
	}
	return pick;
}

/* Turn weights into shares that add up to 1 (equal if all are zero). */
void
balance_shares(const double *weight, double *share, int n)
{
	double	sum = 0;
	int	i;

	for (i = 0; i < n; i++)
		sum += weight[i] > 0 ? weight[i] : 0;
	for (i = 0; i < n; i++) {
		if (sum > 0)
			share[i] = weight[i] > 0 ? weight[i] / sum : 0;
		else
			share[i] = 1.0 / n;
	}
}

/*
 * Split n items between the tracks by their shares, rounding so the parts
 * add up to n, and give a track's unusable part (it has only have[t]) to
 * the other: work-conserving.
 */
void
balance_split(int n, const double share[TRACK_COUNT],
    const int have[TRACK_COUNT], int out[TRACK_COUNT])
{
	int spare;

	out[TRACK_NEED] = (int)(n * share[TRACK_NEED] + 0.5);
	if (out[TRACK_NEED] > n)
		out[TRACK_NEED] = n;
	out[TRACK_WANT] = n - out[TRACK_NEED];
	if (out[TRACK_NEED] > have[TRACK_NEED]) {
		spare = out[TRACK_NEED] - have[TRACK_NEED];
		out[TRACK_NEED] = have[TRACK_NEED];
		out[TRACK_WANT] += spare;
	}
	if (out[TRACK_WANT] > have[TRACK_WANT]) {
		spare = out[TRACK_WANT] - have[TRACK_WANT];
		out[TRACK_WANT] = have[TRACK_WANT];
		out[TRACK_NEED] += spare;
		if (out[TRACK_NEED] > have[TRACK_NEED])
			out[TRACK_NEED] = have[TRACK_NEED];
	}
}

/* Parse NEED:WANT (e.g. 60:40) into the need track's percentage. */
int
balance_parse_shares(const char *s, int *need)
{
	const char	*colon = strchr(s, ':');
	char		*a;
	long long	 x, y;
	int		 ok;

	if (colon == NULL)
		return -1;
	a = xstrndup(s, (size_t)(colon - s));
	ok = parse_int(a, 0, 1000000, &x) == 0 &&
	    parse_int(colon + 1, 0, 1000000, &y) == 0 && x + y > 0;
	free(a);
	if (!ok)
		return -1;
	*need = (int)llround(100.0 * (double)x / (double)(x + y));
	return 0;
}

/* A part of a whole, 0 when the whole is empty. */
double
balance_part(double part, double whole)
{
	return whole > 0 ? part / whole : 0;
}

/* The same in percent (computed as 100 * part / whole, as shown). */
double
balance_percent(double part, double whole)
{
	return whole > 0 ? 100 * part / whole : 0;
}

/*
 * Where the time spent went, against the need track's target share: each
 * track's time, weight and actual share, and how far need is off target.
 * Within 2 points is on target, within 5 slightly off.
 */
void
balance_report(int need, const double *seconds, const enum track *track,
    const double *weight, int n, struct balance_report *r)
{
	double	zero[TRACK_COUNT] = { 0, 0 };
	int	avail[TRACK_COUNT] = { 1, 1 }, i, t;

	memset(r, 0, sizeof *r);
	r->target[TRACK_NEED] = need / 100.0;
	r->target[TRACK_WANT] = 1 - r->target[TRACK_NEED];
	for (i = 0; i < n; i++) {
		r->seconds[track[i]] += seconds[i];
		r->weight[track[i]] += weight[i];
	}
	r->total = r->seconds[TRACK_NEED] + r->seconds[TRACK_WANT];
	for (t = 0; t < TRACK_COUNT; t++)
		r->actual[t] = balance_part(r->seconds[t], r->total);
	r->first = (enum track)balance_pick(zero, r->target, avail,
	    TRACK_COUNT);
	if (r->total == 0)
		return;
	r->points = (int)lround((r->actual[TRACK_NEED] -
	    r->target[TRACK_NEED]) * 100);
	r->over = r->points > 0 ? TRACK_NEED : TRACK_WANT;
	if (abs(r->points) <= 2)
		r->drift = BALANCE_ON_TARGET;
	else if (abs(r->points) <= 5)
		r->drift = BALANCE_SLIGHTLY;
	else
		r->drift = BALANCE_DRIFTING;
}
