/*
 * Identity: which card of a re-imported summary is which card already in
 * the collection, so that editing a summary keeps review history.
 *
 * An unchanged card (same kind, cloze number, front and back) is matched
 * exactly.  An edited one is matched to the most similar unmatched old
 * card of the same kind under the same heading, if their similarity is at
 * least IDENTITY_THRESHOLD.  Clozes match by their whole line first, then
 * by cloze number inside it, so deleting a numbered cloze never moves its
 * history onto another (unnumbered clozes are numbered in order, so
 * deleting one renumbers those after it).  Old cards left unmatched have
 * left the source.
 * Pure: cards in, matches out.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* Steps through the table of exact matches, for the tests to count. */
unsigned long identity_probes;

/* Decode UTF-8 into code points (invalid bytes count as one each). */
static uint32_t *
identity_decode(const char *s, size_t *n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i = 0, k;
	uint32_t		*out = xcalloc(len + 1, sizeof *out), c;

	*n = 0;
	while (i < len) {
		c = p[i];
		k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		if (i + k > len)
			k = 1;
		if (k > 1) {
			c &= 0x3f >> (k - 1);
			for (size_t j = 1; j < k; j++)
				c = (c << 6) | (p[i + j] & 0x3f);
		}
		out[(*n)++] = c;
		i += k;
	}
	return out;
}

/*
 * How alike two texts are, from 0 to 1: one less the edit distance
 * (Levenshtein, over characters) divided by the longer length.  Stops
 * early, returning 0, once the texts are surely below min.
 */
double
identity_similarity(const char *a, const char *b, double min)
{
	uint32_t	*x, *y;
	size_t		 nx, ny, i, j, longer, limit;
	size_t		*prev, *cur, *tmp, best;
	double		 sim;

	if (strcmp(a, b) == 0)
		return 1;
	x = identity_decode(a, &nx);
	y = identity_decode(b, &ny);
	longer = nx > ny ? nx : ny;
	/* Distances above the limit cannot reach min. */
	limit = (size_t)((1 - min) * (double)longer + 1e-9);
	if ((nx > ny ? nx - ny : ny - nx) > limit) {
		free(x);
		free(y);
		return 0;
	}
	prev = xcalloc(ny + 1, sizeof *prev);
	cur = xcalloc(ny + 1, sizeof *cur);
	for (j = 0; j <= ny; j++)
		prev[j] = j;
	for (i = 1; i <= nx; i++) {
		cur[0] = i;
		best = cur[0];
		for (j = 1; j <= ny; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (x[i - 1] != y[j - 1]);

			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
			if (cur[j] < best)
				best = cur[j];
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
		if (best > limit) {
			free(prev);
			free(cur);
			free(x);
			free(y);
			return 0;
		}
	}
	sim = longer == 0 ? 1 : 1 - (double)prev[ny] / (double)longer;
	free(prev);
	free(cur);
	free(x);
	free(y);
	return sim;
}

/* A hash of a string (FNV-1a), for finding exact matches quickly. */
static uint64_t
identity_hash(const char *s, uint64_t h)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;
}

/* The exact identity of a card: kind, cloze number, front and back. */
static uint64_t
identity_key(const struct identity_card *c)
{
	uint64_t h = 1469598103934665603ULL;

	h = (h ^ (uint64_t)c->kind) * 1099511628211ULL;
	h = (h ^ (uint64_t)(uint32_t)c->cloze) * 1099511628211ULL;
	h = identity_hash(c->front, h);
	return identity_hash(c->back, h);
}

/* Are two cards the same card, unchanged? */
static int
identity_same(const struct identity_card *a, const struct identity_card *b)
{
	return a->kind == b->kind && a->cloze == b->cloze &&
	    strcmp(a->front, b->front) == 0 && strcmp(a->back, b->back) == 0;
}

/* A candidate pairing, for the greedy best-first matching of edits. */
struct identity_pair {
	double	 similarity;
	int	 new;
	int	 old;
};

/* Best pairs first; ties in source order. */
static int
identity_pair_cmp(const void *va, const void *vb)
{
	const struct identity_pair *a = va, *b = vb;

	if (a->similarity != b->similarity)
		return a->similarity > b->similarity ? -1 : 1;
	if (a->new != b->new)
		return a->new < b->new ? -1 : 1;
	return a->old < b->old ? -1 : a->old > b->old;
}

/* The text a card is compared by: its cloze line, or front and back. */
static char *
identity_text(const struct identity_card *c)
{
	char *s;

	if (c->kind == KIND_CLOZE && c->note != NULL)
		return xstrdup(c->note);
	xasprintf(&s, "%s\n%s", c->front, c->back);
	return s;
}

/*
 * How alike two cards are: the better of how alike they are as a whole,
 * and the mean of how alike their fronts and their backs are (so a
 * longer answer to the same question still counts as the same card).
 * A cloze line is compared as a whole.
 */
static double
identity_card_similarity(const struct identity_card *x,
    const struct identity_card *y, const char *xtext, const char *ytext)
{
	double whole, sides, front, back, min;

	whole = identity_similarity(xtext, ytext, IDENTITY_THRESHOLD);
	if (x->kind == KIND_CLOZE || whole >= 1)
		return whole;
	/* A mean of at least the threshold needs each side at 2t - 1. */
	min = 2 * IDENTITY_THRESHOLD - 1;
	if ((front = identity_similarity(x->front, y->front, min)) < min)
		return whole;
	if ((back = identity_similarity(x->back, y->back, min)) < min)
		return whole;
	sides = (front + back) / 2;
	return sides > whole ? sides : whole;
}

/* Is a card the first of its cloze line (or not a cloze)? */
static int
identity_note_head(const struct identity_card *cards, int i)
{
	if (cards[i].kind != KIND_CLOZE)
		return 1;
	return i == 0 || cards[i - 1].kind != KIND_CLOZE ||
	    cards[i - 1].note == NULL || cards[i].note == NULL ||
	    strcmp(cards[i - 1].note, cards[i].note) != 0;
}

/*
 * Pair unmatched cards (not clozes) that share a side (the front, or the
 * back when back is set), the same kind and heading, if alike enough.
 */
static void
identity_same_side(const struct identity_card *old, int nold,
    const struct identity_card *fresh, int nnew, struct identity_match *out,
    int *old_used, int back)
{
	uint64_t	*keys, key;
	size_t		 size = 16, k;
	int		*slots, i, j, slot;
	double		 sim;

	while (size < (size_t)nold * 2)
		size *= 2;
	slots = xcalloc(size, sizeof *slots);
	keys = xcalloc((size_t)nold + 1, sizeof *keys);
	for (j = 0; j < nold; j++) {
		if (old_used[j] || old[j].kind == KIND_CLOZE)
			continue;
		key = identity_hash(back ? old[j].back : old[j].front,
		    identity_hash(old[j].context, (uint64_t)old[j].kind + 1));
		keys[j] = key;
		for (k = key & (size - 1); slots[k] != 0; k = (k + 1) &
		    (size - 1))
			;
		slots[k] = j + 1;
	}
	for (i = 0; i < nnew; i++) {
		if (out[i].kind != MATCH_NEW || fresh[i].kind == KIND_CLOZE)
			continue;
		key = identity_hash(back ? fresh[i].back : fresh[i].front,
		    identity_hash(fresh[i].context,
		    (uint64_t)fresh[i].kind + 1));
		for (k = key & (size - 1); (slot = slots[k]) != 0;
		    k = (k + 1) & (size - 1)) {
			j = slot - 1;
			if (old_used[j] || keys[j] != key ||
			    old[j].kind != fresh[i].kind ||
			    strcmp(old[j].context, fresh[i].context) != 0 ||
			    strcmp(back ? old[j].back : old[j].front,
			    back ? fresh[i].back : fresh[i].front) != 0)
				continue;
			sim = (1 + identity_similarity(back ? old[j].front :
			    old[j].back, back ? fresh[i].front : fresh[i].back,
			    0)) / 2;
			if (sim < IDENTITY_THRESHOLD)
				continue;
			old_used[j] = 1;
			out[i].kind = MATCH_EDITED;
			out[i].old = j;
			out[i].similarity = sim;
			break;
		}
	}
	free(slots);
	free(keys);
}

/*
 * The slot of the hash table of identities for key: the one holding it,
 * or the empty one where it goes.
 */
static size_t
identity_slot(const int *slots, size_t size, const uint64_t *keys,
    uint64_t key)
{
	size_t k;

	for (k = key & (size - 1); slots[k] != 0; k = (k + 1) & (size - 1)) {
		identity_probes++;
		if (keys[slots[k] - 1] == key)
			break;
	}
	return k;
}

/*
 * Match new cards to old: out[i] says what new card i is.  old_used[j] is
 * set for each old card that was matched.
 */
void
identity_match(const struct identity_card *old, int nold,
    const struct identity_card *fresh, int nnew, struct identity_match *out,
    int *old_used)
{
	int i, j;

	for (i = 0; i < nnew; i++) {
		out[i].kind = MATCH_NEW;
		out[i].old = -1;
		out[i].similarity = 0;
	}
	for (j = 0; j < nold; j++)
		old_used[j] = 0;
	identity_match_more(old, nold, fresh, nnew, out, old_used);
}

/*
 * The same, keeping the matches that out and old_used hold already (a
 * caller that matched some cards itself): only new cards still MATCH_NEW
 * and old cards not used are looked at.  An old card already used is
 * never read but for its kind and, for a cloze, its line.
 */
void
identity_match_more(const struct identity_card *old, int nold,
    const struct identity_card *fresh, int nnew, struct identity_match *out,
    int *old_used)
{
	struct identity_pair	*pairs = NULL;
	size_t			 npairs = 0, cap = 0, size, k;
	uint64_t		*keys;
	int			*slots, *first, *next, i, j, slot, pass;
	int			*note_of, *note_used, unmatched_new;
	int			 unmatched_old, window, lo, hi;
	long			 center;
	char			*a, *b;
	double			 sim;

	/* With every old card used (a first import: none), nothing matches. */
	for (j = 0; j < nold && old_used[j]; j++)
		;
	if (j == nold)
		return;

	/*
	 * Exact matches, through a hash table of the identities of the old
	 * cards not used: each slot holds one identity and the list, in file
	 * order, of the old cards that have it, so many cards of one identity
	 * (duplicates, or the empty identity) cost one slot, not a probe chain.
	 */
	size = 16;
	while (size < (size_t)nold * 2)
		size *= 2;
	slots = xcalloc(size, sizeof *slots);
	first = xcalloc(size, sizeof *first);
	keys = xcalloc((size_t)nold + 1, sizeof *keys);
	next = xcalloc((size_t)nold + 1, sizeof *next);
	for (j = nold - 1; j >= 0; j--) {
		if (old_used[j])
			continue;	/* matched already: never a candidate */
		keys[j] = identity_key(&old[j]);
		k = identity_slot(slots, size, keys, keys[j]);
		if (slots[k] == 0)
			slots[k] = j + 1;
		next[j] = first[k];
		first[k] = j + 1;
	}
	/* Same heading first, so duplicates keep their own histories. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < nnew; i++) {
			uint64_t key = identity_key(&fresh[i]);

			if (out[i].kind != MATCH_NEW)
				continue;
			k = identity_slot(slots, size, keys, key);
			/* Used cards leave the front of the list for good. */
			while (first[k] != 0 && old_used[first[k] - 1])
				first[k] = next[first[k] - 1];
			for (slot = first[k]; slot != 0; slot = next[j]) {
				identity_probes++;
				j = slot - 1;
				if (old_used[j] || !identity_same(&old[j], &fresh[i]))
					continue;
				if (pass == 0 && strcmp(old[j].context,
				    fresh[i].context) != 0)
					continue;
				/* A cloze matches only within its line. */
				if (fresh[i].kind == KIND_CLOZE &&
				    (old[j].note == NULL ||
				    fresh[i].note == NULL ||
				    strcmp(old[j].note, fresh[i].note) != 0))
					continue;
				old_used[j] = 1;
				out[i].kind = MATCH_UNCHANGED;
				out[i].old = j;
				out[i].similarity = 1;
				break;
			}
		}
	}
	free(slots);
	free(first);
	free(keys);
	free(next);

	/*
	 * Clozes whose line is the same but for other clozes: the same line,
	 * the same number, is the same card (edited if its text changed).
	 */
	for (i = 0; i < nnew; i++) {
		if (out[i].kind != MATCH_NEW || fresh[i].kind != KIND_CLOZE)
			continue;
		for (j = 0; j < nold; j++) {
			if (old_used[j] || old[j].kind != KIND_CLOZE ||
			    old[j].cloze != fresh[i].cloze ||
			    old[j].note == NULL || fresh[i].note == NULL ||
			    strcmp(old[j].note, fresh[i].note) != 0)
				continue;
			old_used[j] = 1;
			out[i].kind = MATCH_EDITED;
			out[i].old = j;
			out[i].similarity = 1;
			break;
		}
	}

	/*
	 * The commonest edit keeps one side: a card whose front (or back)
	 * is unchanged under the same heading is that card, if alike enough.
	 */
	identity_same_side(old, nold, fresh, nnew, out, old_used, 0);
	identity_same_side(old, nold, fresh, nnew, out, old_used, 1);

	/*
	 * Other edits: every unmatched new card (or cloze line) against every
	 * unmatched old one of the same kind under the same heading; in a
	 * file too large for that, against those near its place in the file.
	 */
	unmatched_new = unmatched_old = 0;
	for (i = 0; i < nnew; i++)
		unmatched_new += out[i].kind == MATCH_NEW;
	for (j = 0; j < nold; j++)
		unmatched_old += !old_used[j];
	/* At most about IDENTITY_PAIRS comparisons, near each card's place. */
	window = nold;
	if ((double)unmatched_new * unmatched_old > IDENTITY_PAIRS)
		window = (int)(IDENTITY_PAIRS / 2 / unmatched_new) + 1;
	for (i = 0; i < nnew; i++) {
		if (out[i].kind != MATCH_NEW || !identity_note_head(fresh, i))
			continue;
		a = identity_text(&fresh[i]);
		center = (long)((double)i * nold / nnew);
		lo = center - window < 0 ? 0 : (int)(center - window);
		hi = center + window >= nold ? nold : (int)(center + window + 1);
		for (j = lo; j < hi; j++) {
			if (old_used[j] || old[j].kind != fresh[i].kind ||
			    strcmp(old[j].context, fresh[i].context) != 0)
				continue;
			if (old[j].kind == KIND_CLOZE && j > 0 &&
			    old[j - 1].kind == KIND_CLOZE &&
			    old[j - 1].note != NULL && old[j].note != NULL &&
			    strcmp(old[j - 1].note, old[j].note) == 0)
				continue;	/* not the line's first */
			b = identity_text(&old[j]);
			sim = identity_card_similarity(&fresh[i], &old[j], a,
			    b);
			free(b);
			if (sim < IDENTITY_THRESHOLD)
				continue;
			pairs = xgrow(pairs, &cap, npairs, sizeof *pairs);
			pairs[npairs].similarity = sim;
			pairs[npairs].new = i;
			pairs[npairs].old = j;
			npairs++;
		}
		free(a);
	}
	if (npairs > 1)
		qsort(pairs, npairs, sizeof *pairs, identity_pair_cmp);

	/* Best pairs first; for a cloze line, pair its cards by number. */
	note_of = xcalloc((size_t)nnew + 1, sizeof *note_of);
	note_used = xcalloc((size_t)nold + 1, sizeof *note_used);
	for (k = 0; k < npairs; k++) {
		i = pairs[k].new;
		j = pairs[k].old;
		if (out[i].kind != MATCH_NEW || old_used[j] || note_used[j] ||
		    note_of[i])
			continue;
		if (fresh[i].kind != KIND_CLOZE) {
			old_used[j] = 1;
			out[i].kind = MATCH_EDITED;
			out[i].old = j;
			out[i].similarity = pairs[k].similarity;
			continue;
		}
		note_of[i] = 1;
		note_used[j] = 1;
		for (int ni = i; ni < nnew && (ni == i ||
		    !identity_note_head(fresh, ni)); ni++) {
			for (int oj = j; oj < nold && (oj == j ||
			    !identity_note_head(old, oj)); oj++) {
				if (old_used[oj] || out[ni].kind != MATCH_NEW ||
				    old[oj].cloze != fresh[ni].cloze)
					continue;
				old_used[oj] = 1;
				out[ni].kind = identity_same(&old[oj],
				    &fresh[ni]) ? MATCH_UNCHANGED :
				    MATCH_EDITED;
				out[ni].old = oj;
				out[ni].similarity = pairs[k].similarity;
			}
		}
	}
	free(note_of);
	free(note_used);
	free(pairs);
}
