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
	.args = { "", 0, 2 },
	.usage = "[COMMAND [SUBCOMMAND]]",
	.help = "List the commands, or describe one.",
	.complete = "@command",
	.flags = CMD_NOSTORE,
	.exec = cmd_help_exec
};

/* The width to wrap help to: the terminal's, at most 100. */
static int
help_width(void)
{
	int w = term_width();

	return w > 100 ? 100 : w;
}

/* Print a command's usage, help and subcommands. */
static void
cmd_help_one(const struct cmd_entry *parent, const struct cmd_entry *e)
{
	const struct cmd_entry *const *sub;

	cmd_print_usage(stdout, parent, e);
	if (e->alias != NULL)
		printf("alias: %s\n", e->alias);
	printf("\n");
	term_wrap(stdout, e->help, 0, 0, help_width());
	if (e->sub == NULL)
		return;
	printf("\n");
	for (sub = e->sub; *sub != NULL; sub++) {
		printf("  %s %s %s\n      ", e->name, (*sub)->name,
		    (*sub)->usage);
		term_wrap(stdout, (*sub)->help, 6, 6, help_width());
	}
}

static enum cmd_retval
cmd_help_exec(struct cmd_ctx *ctx, struct args *args)
{
	const struct cmd_entry	*const *e, *found, *sub;
	char			*cause = NULL;
	int			 width = 0;

	if (args->argc == 0) {
		for (e = cmd_table; *e != NULL; e++) {
			if ((int)strlen((*e)->name) > width)
				width = (int)strlen((*e)->name);
		}
		printf("Commands (a unique prefix is enough; "
		    "'help COMMAND' for more):\n\n");
		for (e = cmd_table; *e != NULL; e++) {
			printf("  %-*s  ", width, (*e)->name);
			term_wrap(stdout, (*e)->help, width + 4, width + 4,
			    help_width());
		}
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
		cmd_help_one(found, sub);
		return CMD_RETURN_NORMAL;
	}
	cmd_help_one(NULL, found);
	return CMD_RETURN_NORMAL;
}
