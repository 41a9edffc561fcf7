/*
 * libFuzzer target for the summary parser: any bytes, pushed line by line
 * as import pushes them, must parse without crashing, leaking or running
 * away, and every card it gives must have two non-empty sides of valid
 * UTF-8.  The cards of a summary without errors (import takes no other),
 * written out with summary_write as export writes them, must read back as
 * the same cards (a card given twice: the same set of cards).  Build with
 * ./configure --enable-fuzzing CC=clang.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Are two strings the same, NULL only like NULL? */
static int
fuzz_same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
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
	return a->kind == b->kind && a->cloze == b->cloze &&
	    a->layer == b->layer && strcmp(a->front, b->front) == 0 &&
	    strcmp(a->back, b->back) == 0 && fuzz_same_string(a->note,
	    b->note) && strcmp(a->context, b->context) == 0 &&
	    strcmp(a->tags, b->tags) == 0;
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

/*
 * Write the cards as export does, read them back: the same cards, in the
 * same order; with a card given twice, the same set of cards.
 */
static void
fuzz_round_trip(const struct summary *s)
{
	struct summary	*again;
	char		*text = NULL;
	size_t		 size = 0;
	FILE		*f;
	int		 i;

	if ((f = open_memstream(&text, &size)) == NULL)
		abort();
	summary_write(f, "fuzz", s->has_track ? s->track : TRACK_NEED,
	    s->cards, s->ncards);
	if (fclose(f) != 0)
		abort();
	again = summary_parse("again", text, size);
	if (again->nerrors != 0)
		abort();
	if (fuzz_twice(s)) {
		if (!fuzz_covered(s, again) || !fuzz_covered(again, s))
			abort();
	} else {
		if (again->ncards != s->ncards)
			abort();
		for (i = 0; i < s->ncards; i++) {
			if (!fuzz_same_card(&s->cards[i], &again->cards[i]))
				abort();
		}
	}
	summary_free(again);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct summary	*s;
	size_t		 bad;
	int		 i;

	/* summary_parse pushes the lines one by one, as import does. */
	s = summary_parse("fuzz", (const char *)data, size);
	for (i = 0; i < s->ncards; i++) {
		const struct summary_card *c = &s->cards[i];

		if (str_empty(c->front) || str_empty(c->back) ||
		    !utf8_valid(c->front, strlen(c->front), &bad) ||
		    !utf8_valid(c->back, strlen(c->back), &bad) ||
		    c->line < 1 || (c->kind == KIND_CLOZE) != (c->cloze > 0))
			abort();
	}
	for (i = 0; i < s->nerrors; i++) {
		if (strncmp(s->errors[i], "fuzz:", 5) != 0)
			abort();
	}
	if (s->nerrors == 0)
		fuzz_round_trip(s);
	summary_free(s);
	return 0;
}
