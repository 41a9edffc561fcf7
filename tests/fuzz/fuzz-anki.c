/*
 * libFuzzer target for the Anki text reader: any bytes, fed a line at a
 * time as import feeds them, must read without crashing, leaking or
 * running away; each note it gives has a front, fields of valid UTF-8
 * without NUL bytes, normalized tags and a line within the text, and each
 * error names "fuzz:LINE:".  A file without errors (import takes no
 * other), written out as export writes it, reads back as the same notes.
 * Build with ./configure --enable-fuzzing CC=clang.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-cards.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Is a field text recall can keep: valid UTF-8, no NUL? */
static int
fuzz_text(const char *s)
{
	size_t bad;

	return s != NULL && utf8_valid(s, strlen(s), &bad);
}

/* Read text a line at a time; the reader, finished. */
static struct anki_reader *
fuzz_read(const char *name, const char *text, size_t size, int *nlines)
{
	struct anki_reader	*r = anki_reader_create(name);
	const char		*end = text + size, *nl;

	*nlines = 0;
	while (text < end) {
		nl = memchr(text, '\n', (size_t)(end - text));
		if (nl == NULL)
			nl = end;
		anki_reader_line(r, text, (size_t)(nl - text), ++*nlines);
		text = nl + 1;
	}
	anki_reader_finish(r);
	return r;
}

/* The notes, written as export writes them, read back the same. */
static void
fuzz_round_trip(const struct anki_note *notes, int n)
{
	struct anki_reader	*r;
	struct anki_note	*again;
	char			*text = NULL;
	size_t			 size = 0;
	FILE			*f;
	int			 i, nagain, nerrors, nlines;

	if ((f = open_memstream(&text, &size)) == NULL)
		abort();
	anki_write_header(f);
	for (i = 0; i < n; i++)
		anki_write_note(f, &notes[i]);
	if (fclose(f) != 0)
		abort();
	r = fuzz_read("again", text, size, &nlines);
	again = anki_reader_notes(r, &nagain);
	anki_reader_errors(r, &nerrors);
	if (nerrors != 0 || nagain != n)
		abort();
	for (i = 0; i < n; i++) {
		if (again[i].type != notes[i].type ||
		    strcmp(again[i].front, notes[i].front) != 0 ||
		    strcmp(again[i].back, notes[i].back) != 0 ||
		    strcmp(again[i].tags, notes[i].tags) != 0 ||
		    !fuzz_same_string(again[i].deck, notes[i].deck))
			abort();
	}
	anki_reader_free(r);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct anki_reader	*r;
	struct anki_note	*notes;
	char			**errors;
	int			 n, nerrors, nlines, i;

	r = fuzz_read("fuzz", (const char *)data, size, &nlines);
	notes = anki_reader_notes(r, &n);
	errors = anki_reader_errors(r, &nerrors);
	for (i = 0; i < n; i++) {
		if (!fuzz_text(notes[i].front) || *notes[i].front == '\0' ||
		    !fuzz_text(notes[i].back) || !fuzz_text(notes[i].tags) ||
		    !fuzz_normalized(notes[i].tags) ||
		    (notes[i].deck != NULL && !fuzz_text(notes[i].deck)) ||
		    notes[i].line < 1 || notes[i].line > nlines)
			abort();
	}
	for (i = 0; i < nerrors; i++) {
		if (strncmp(errors[i], "fuzz:", 5) != 0)
			abort();
	}
	if (nerrors == 0)
		fuzz_round_trip(notes, n);
	anki_reader_free(r);
	return 0;
}
