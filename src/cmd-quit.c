/*
 * quit: leave the REPL or end a script.
 */

#include "config.h"

#include "recall.h"

static enum cmd_retval	cmd_quit_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.help = "Leave the REPL (Ctrl-D works too); in a script, stop there.",
	.exec = cmd_quit_exec
};

static enum cmd_retval
cmd_quit_exec(struct cmd_ctx *ctx, struct args *args)
{
	return CMD_RETURN_QUIT;
}
