/*
 * Balance: how review time should split between the need and want tracks
 * (and between the decks of a track), and which one is owed the next
 * card.  Pure: numbers in, a choice out.
 */

#include "config.h"

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
