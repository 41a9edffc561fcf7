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

#include "fuzz-cards.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Write the cards as export does, read them back: the same cards, in the
 * same order; with a card given twice, the same set of cards.
 */
static void
fuzz_round_trip(const struct summary *s)
{
	struct summary	*again;
	char		*text;

	again = fuzz_write_read(s, "fuzz", &text);
	fuzz_same_cards(s, again);
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
