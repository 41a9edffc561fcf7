/*
 * libFuzzer target for script mode's reading: any bytes, read as a script
 * is read (script_line, a line at a time from a stream), give the lines
 * between the newlines, trailing CRs dropped, and stop at a NUL byte; each
 * line split into words (cmd_split) either fails with one of its messages
 * or gives words that, quoted again in single or in double quotes, split
 * back into the same words.  Build with ./configure --enable-fuzzing
 * CC=clang.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Quote a word in single quotes: ' itself as '\''. */
static void
fuzz_quote_single(struct buf *b, const char *w)
{
	buf_putc(b, '\'');
	for (; *w != '\0'; w++) {
		if (*w == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *w);
	}
	buf_putc(b, '\'');
}

/* Quote a word in double quotes: " and \ after a backslash. */
static void
fuzz_quote_double(struct buf *b, const char *w)
{
	buf_putc(b, '"');
	for (; *w != '\0'; w++) {
		if (*w == '"' || *w == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *w);
	}
	buf_putc(b, '"');
}

/* Words quoted again and joined split back into the same words. */
static void
fuzz_requote(int argc, char **argv, void (*quote)(struct buf *,
    const char *))
{
	struct buf	  b;
	char		**again, *cause = NULL;
	int		  n, i;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (i = 0; i < argc; i++) {
		if (i > 0)
			buf_putc(&b, i % 2 ? ' ' : '\t');
		quote(&b, argv[i]);
	}
	if (cmd_split(b.data, &n, &again, &cause) != 0 || n != argc)
		abort();
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], again[i]) != 0)
			abort();
	}
	if (argc > 0 && again[argc] != NULL)
		abort();
	cmd_free_argv(n, again);
	buf_free(&b);
}

/* Split one line; check what comes of it. */
static void
fuzz_split(const char *line)
{
	char	**argv, *cause = NULL;
	int	  argc;

	if (cmd_split(line, &argc, &argv, &cause) != 0) {
		if (cause == NULL || argv != NULL || argc != 0 ||
		    (strcmp(cause, "unterminated ' quote") != 0 &&
		    strcmp(cause, "unterminated \" quote") != 0 &&
		    strcmp(cause, "backslash at end of line") != 0))
			abort();
		free(cause);
		return;
	}
	fuzz_requote(argc, argv, fuzz_quote_single);
	fuzz_requote(argc, argv, fuzz_quote_double);
	cmd_free_argv(argc, argv);
}

/* The line script_line should read at offset at, and how it should end. */
static enum script_end
fuzz_expected(const uint8_t *data, size_t size, size_t *at, size_t *len)
{
	const uint8_t	*nl;
	size_t		 n;

	if (*at == size)
		return SCRIPT_EOF;
	nl = memchr(data + *at, '\n', size - *at);
	n = nl == NULL ? size - *at : (size_t)(nl - (data + *at));
	if (memchr(data + *at, '\0', n) != NULL)
		return SCRIPT_NUL;
	if (n > SUMMARY_MAX_LINE)
		return SCRIPT_LONG;
	*len = n;
	while (*len > 0 && data[*at + *len - 1] == '\r')
		(*len)--;
	*at += n + (nl != NULL);
	return SCRIPT_LINE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 b;
	FILE		*f;
	size_t		 at = 0, start, len = 0;
	enum script_end	 end, want;

	if (size == 0 || (f = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	buf_init(&b);
	for (;;) {
		start = at;
		want = fuzz_expected(data, size, &at, &len);
		end = script_line(f, &b);
		if (end != want)
			abort();
		if (end != SCRIPT_LINE)
			break;
		if (b.len != len || memcmp(b.data, data + start, len) != 0 ||
		    b.data[len] != '\0')
			abort();
		fuzz_split(b.data);
	}
	buf_free(&b);
	fclose(f);
	return 0;
}
