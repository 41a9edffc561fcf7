/*
 * libFuzzer target for a summary's front matter: any bytes after an
 * opening "---" line, then a card.  What it gives must be what its keys
 * allow (a valid deck name, a track, tags already normalized, errors at
 * "fuzz:LINE:" within the text), and with no errors, the summary written
 * as export writes it (its deck and track in its own front matter) reads
 * back with the same deck, track and cards.  Build with ./configure
 * --enable-fuzzing CC=clang.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-cards.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What the front matter gave is what its keys allow. */
static void
fuzz_check(const struct summary *s, int nlines)
{
	char	*cause = NULL, *end;
	long	 line;
	int	 i;

	if (s->deck != NULL) {
		if (!deck_name_valid(s->deck, &cause))
			abort();
	}
	if (s->has_track && s->track != TRACK_NEED && s->track != TRACK_WANT)
		abort();
	if (s->tags != NULL && !fuzz_normalized(s->tags))
		abort();
	for (i = 0; i < s->ncards; i++) {
		if (!fuzz_normalized(s->cards[i].tags))
			abort();
	}
	for (i = 0; i < s->nerrors; i++) {
		if (strncmp(s->errors[i], "fuzz:", 5) != 0)
			abort();
		line = strtol(s->errors[i] + 5, &end, 10);
		if (*end == ':' && (line < 1 || line > nlines))
			abort();
	}
}

/* Written with its deck and track, the summary reads back the same. */
static void
fuzz_round_trip(const struct summary *s)
{
	struct summary	*again;
	const char	*deck = s->deck != NULL ? s->deck : "fuzz";
	char		*text;

	again = fuzz_write_read(s, deck, &text);
	if (!fuzz_same_string(again->deck, deck) || !again->has_track ||
	    again->track != (s->has_track ? s->track : TRACK_NEED))
		abort();
	fuzz_same_cards(s, again);
	summary_free(again);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 head[] = "---\n", tail[] = "\n---\nq :: a\n";
	struct summary		*s;
	char			*text;
	size_t			 len, i;
	int			 nlines = 1;

	len = sizeof head - 1 + size + sizeof tail - 1;
	text = xmalloc(len);
	memcpy(text, head, sizeof head - 1);
	memcpy(text + sizeof head - 1, data, size);
	memcpy(text + sizeof head - 1 + size, tail, sizeof tail - 1);
	for (i = 0; i < len; i++)
		nlines += text[i] == '\n';
	s = summary_parse("fuzz", text, len);
	fuzz_check(s, nlines);
	if (s->nerrors == 0)
		fuzz_round_trip(s);
	summary_free(s);
	free(text);
	return 0;
}
