/*
 * libFuzzer target for the summary parser: any bytes, pushed line by line
 * as import pushes them, must parse without crashing, leaking or running
 * away, and every card it gives must have two non-empty sides of valid
 * UTF-8.  The cards of a summary without errors (import takes no other),
 * written out with summary_write as export writes them, must read back as
 * the same cards, but for what export writes once on purpose (a card
 * given twice; tests/cli/regress-files.sh) and what a summary cannot say
 * (no context after a heading).  Build with ./configure
 * --enable-fuzzing CC=clang.
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
 * Can the cards be written and read back as they are?  Not if one card is
 * given twice (export writes it once) or a card without a context follows
 * one with a context (no heading takes a context back to none).
 */
static int
fuzz_writable(const struct summary *s)
{
	int i, j;

	for (i = 0; i < s->ncards; i++) {
		if (i > 0 && *s->cards[i].context == '\0' &&
		    *s->cards[i - 1].context != '\0')
			return 0;
		for (j = 0; j < i; j++) {
			if (strcmp(s->cards[i].front, s->cards[j].front) == 0 &&
			    strcmp(s->cards[i].back, s->cards[j].back) == 0)
				return 0;
		}
	}
	return 1;
}

/* Write the cards as export does, read them back: the same cards. */
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
	if (again->nerrors != 0 || again->ncards != s->ncards)
		abort();
	for (i = 0; i < s->ncards; i++) {
		if (!fuzz_same_card(&s->cards[i], &again->cards[i]))
			abort();
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
	if (s->nerrors == 0 && fuzz_writable(s))
		fuzz_round_trip(s);
	summary_free(s);
	return 0;
}
