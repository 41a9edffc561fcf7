/*
 * help: the commands, or one command in detail.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_help_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = "?",
	.args = { NULL, 0, 2, "[COMMAND [SUBCOMMAND]]" },
	.help = "List the commands, or describe one.",
	.complete = "@command",
	.exec = cmd_help_exec
};

static enum cmd_retval
cmd_help_exec(struct cmd_ctx *ctx, struct args *args)
{
	const struct cmd_entry	*found, *sub;
	char			*cause = NULL;

	if (args->argc == 0) {
		printf("Commands (a unique prefix is enough; "
		    "'help COMMAND' for more):\n\n");
		cmd_print_list(stdout, 0);
		printf("\nIn the REPL, Tab completes commands, decks and files; "
		    "'quit' or Ctrl-D leaves.\n");
		return CMD_RETURN_NORMAL;
	}
	if ((found = cmd_find(cmd_table, args->argv[0], &cause)) == NULL) {
		cmd_error(ctx, "help: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args->argc == 2) {
		if (found->sub == NULL) {
			cmd_error(ctx, "help: %s has no subcommands",
			    found->name);
			return CMD_RETURN_ERROR;
		}
		if ((sub = cmd_find(found->sub, args->argv[1], &cause)) ==
		    NULL) {
			cmd_error(ctx, "help: %s: %s", found->name, cause);
			free(cause);
			return CMD_RETURN_ERROR;
		}
		cmd_print_help(stdout, found, sub, 0);
		return CMD_RETURN_NORMAL;
	}
	cmd_print_help(stdout, NULL, found, 0);
	return CMD_RETURN_NORMAL;
}
