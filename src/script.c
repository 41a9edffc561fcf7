/*
 * Script mode: one command per line from a file or standard input,
 * stopping at the first error with FILE:LINE:.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* Run every command in a stream; CMD_RETURN_ERROR at the first failure. */
enum cmd_retval
script_run(struct cmd_ctx *ctx, FILE *f, const char *name)
{
	char		*line = NULL, *cause = NULL, **argv;
	size_t		 size = 0;
	ssize_t		 len;
	int		 argc;
	enum cmd_retval	 ret = CMD_RETURN_NORMAL;

	ctx->mode = MODE_SCRIPT;
	ctx->file = name;
	ctx->line = 0;
	while ((len = getline(&line, &size, f)) != -1) {
		ctx->line++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if ((size_t)len != strlen(line)) {
			cmd_error(ctx, "NUL byte in line");
			ret = CMD_RETURN_ERROR;
			break;
		}
		if (cmd_split(line, &argc, &argv, &cause) != 0) {
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
	if (ret == CMD_RETURN_NORMAL && ferror(f)) {
		cmd_error(ctx, "read error");
		ret = CMD_RETURN_ERROR;
	}
	free(line);
	return ret;
}
