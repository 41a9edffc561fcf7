/*
 * Layers: skim, explore, deepen.  A deck opens a layer to new cards only
 * when enough of every layer before it has passed a first review.  Pure:
 * counts in, answers out.
 */

#include "config.h"

#include "recall.h"

/* The percentage of a layer's cards that have passed (100 if empty). */
int
layer_percent(const struct layer_stats *s)
{
	if (s->cards == 0)
		return 100;
	return (int)((s->passed * 100LL) / s->cards);
}

/*
 * Is a layer open to new cards?  Every shallower layer must have at least
 * gate percent of its cards passed; an empty layer holds nothing back.
 */
int
layer_open(const struct layer_stats stats[LAYER_COUNT], int gate,
    enum layer layer)
{
	int l;

	for (l = 0; l < (int)layer; l++) {
		if (stats[l].cards != 0 &&
		    stats[l].passed * 100LL < (long long)gate * stats[l].cards)
			return 0;
	}
	return 1;
}

/* The deepest layer open to new cards. */
enum layer
layer_deepest_open(const struct layer_stats stats[LAYER_COUNT], int gate)
{
	enum layer l = LAYER_SKIM;

	while (l < LAYER_DEEPEN && layer_open(stats, gate, l + 1))
		l++;
	return l;
}
