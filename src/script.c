/*
 * Script mode: one command per line from a file or standard input,
 * stopping at the first error with FILE:LINE:.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/*
 * Read one line (without its newline or trailing CRs) into b, stopping at
 * a NUL byte or the length limit so that endless input (-f /dev/zero)
 * cannot fill memory.  A byte at a time: a command of the script may read
 * the rest of the same stream (import -).  The fuzzer reads through it.
 */
enum script_end
script_line(FILE *f, struct buf *b)
{
	int c;

	buf_reset(b);
	buf_add(b, "", 0);
	errno = 0;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			return SCRIPT_NUL;
		if (b->len >= SUMMARY_MAX_LINE)
			return SCRIPT_LONG;
		buf_putc(b, (char)c);
	}
	if (c == EOF && ferror(f))
		return SCRIPT_ERROR;
	if (c == EOF && b->len == 0)
		return SCRIPT_EOF;
	while (b->len > 0 && b->data[b->len - 1] == '\r')
		b->data[--b->len] = '\0';
	return SCRIPT_LINE;
}

/* Say why a script stopped before its end. */
static void
script_stopped(struct cmd_ctx *ctx, enum script_end end)
{
	switch (end) {
	case SCRIPT_NUL:
		cmd_error(ctx, "NUL byte in line: %s is not a text file of "
		    "commands", ctx->file);
		break;
	case SCRIPT_LONG:
		cmd_error(ctx, "line longer than 1 MiB: %s is not a file of "
		    "commands", ctx->file);
		break;
	default:
		cmd_error(ctx, "cannot read %s: %s", ctx->file,
		    errno == 0 ? "read error" : strerror(errno));
		break;
	}
}

/* Run every command in a stream; CMD_RETURN_ERROR at the first failure. */
enum cmd_retval
script_run(struct cmd_ctx *ctx, FILE *f, const char *name)
{
	struct buf	 b;
	char		*cause = NULL, **argv;
	int		 argc;
	enum script_end	 end;
	enum cmd_retval	 ret = CMD_RETURN_NORMAL;

	ctx->mode = MODE_SCRIPT;
	ctx->file = name;
	ctx->line = 0;
	buf_init(&b);
	for (;;) {
		ctx->line++;
		if ((end = script_line(f, &b)) == SCRIPT_EOF)
			break;
		if (end != SCRIPT_LINE) {
			script_stopped(ctx, end);
			ret = CMD_RETURN_ERROR;
			break;
		}
		if (cmd_split(b.data, &argc, &argv, &cause) != 0) {
			cmd_error(ctx, "%s", cause);
			free(cause);
			ret = CMD_RETURN_ERROR;
			break;
		}
		ret = cmd_run(ctx, argc, argv);
		cmd_free_argv(argc, argv);
		if (ret == CMD_RETURN_QUIT) {
			ret = CMD_RETURN_NORMAL;
			break;
		}
		if (ret != CMD_RETURN_NORMAL) {
			ret = CMD_RETURN_ERROR;
			break;
		}
		fflush(stdout);
	}
	buf_free(&b);
	return ret;
}
