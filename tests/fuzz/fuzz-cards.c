/*
 * What the fuzz targets share: a tag list as tags_normalize leaves it,
 * and the round-trip rule of the summary and front-matter targets:
 * the cards a summary gave, written as export writes them, read back as
 * the same cards in the same order; with a card given twice, as the same
 * set of cards.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-cards.h"

/* Are two strings the same, NULL only like NULL? */
int
fuzz_same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Is a tag list as tags_normalize leaves it? */
int
fuzz_normalized(const char *tags)
{
	char	*again, *cause = NULL;
	int	 same;

	if ((again = tags_normalize(tags, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	same = strcmp(again, tags) == 0;
	free(again);
	return same;
}

/*
 * Write the cards of s as export does, under deck and s's track (need if
 * it has none), and read them back; *text holds what was written.
 */
struct summary *
fuzz_write_read(const struct summary *s, const char *deck, char **text)
{
	size_t	 size = 0;
	FILE	*f;

	*text = NULL;
	if ((f = open_memstream(text, &size)) == NULL)
		abort();
	summary_write(f, deck, s->has_track ? s->track : TRACK_NEED, s->cards,
	    s->ncards);
	if (fclose(f) != 0)
		abort();
	return summary_parse("again", *text, size);
}

/* Are two cards the same but for their kind (and lines)? */
static int
fuzz_same_key(const struct summary_card *a, const struct summary_card *b)
{
	return a->cloze == b->cloze && a->layer == b->layer &&
	    strcmp(a->front, b->front) == 0 && strcmp(a->back, b->back) == 0 &&
	    fuzz_same_string(a->note, b->note) &&
	    strcmp(a->context, b->context) == 0 &&
	    strcmp(a->tags, b->tags) == 0;
}

/* Are two cards the same card (wherever their lines are)? */
static int
fuzz_same_card(const struct summary_card *a, const struct summary_card *b)
{
	return a->kind == b->kind && fuzz_same_key(a, b);
}

/*
 * Is a card given twice (the same sides, context, layer and tags)?  The
 * summary writer writes such a card's line once (tests/cli/regress-files.sh
 * holds export to it), so a second copy may come back once, or with its
 * other side first as a card of its own.
 */
static int
fuzz_twice(const struct summary *s)
{
	int i, j;

	for (i = 0; i < s->ncards; i++) {
		for (j = 0; j < i; j++) {
			if (fuzz_same_key(&s->cards[i], &s->cards[j]))
				return 1;
		}
	}
	return 0;
}

/* Is every card of a found in b, the same card but for its kind? */
static int
fuzz_covered(const struct summary *a, const struct summary *b)
{
	int i, j;

	for (i = 0; i < a->ncards; i++) {
		for (j = 0; j < b->ncards; j++) {
			if (fuzz_same_key(&a->cards[i], &b->cards[j]))
				break;
		}
		if (j == b->ncards)
			return 0;
	}
	return 1;
}

/* Abort unless the cards read back (again) are the cards written (s). */
void
fuzz_same_cards(const struct summary *s, const struct summary *again)
{
	int i;

	if (again->nerrors != 0)
		abort();
	if (fuzz_twice(s)) {
		if (!fuzz_covered(s, again) || !fuzz_covered(again, s))
			abort();
		return;
	}
	if (again->ncards != s->ncards)
		abort();
	for (i = 0; i < s->ncards; i++) {
		if (!fuzz_same_card(&s->cards[i], &again->cards[i]))
			abort();
	}
}
