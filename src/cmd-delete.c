/*
 * delete: remove cards and their review history.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_delete_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_delete_option_table[] = {
	{ .name = "force", .letter = 'f' },
	{ .name = NULL }
};

const struct cmd_entry cmd_delete_entry = {
	.name = "delete",
	.alias = "rm",
	.args = { cmd_delete_option_table, 1, -1, "ID..." },
	.help = "Delete cards and their review history (asks first, or needs "
	    "--force).",
	.exec = cmd_delete_exec
};

/* Delete one card. */
static int
cmd_delete_one(struct store *st, struct card *c, void *arg, char **cause)
{
	(void)arg;
	return card_delete(st, c->id, cause);
}

static enum cmd_retval
cmd_delete_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct card	**cards;
	char		 *front, *cut;
	int		  i, yes;
	enum cmd_retval	  ret = CMD_RETURN_ERROR;

	/* Find every card first: all or nothing. */
	if (card_ids_check(ctx, args->argc, args->argv) != CMD_RETURN_NORMAL)
		return CMD_RETURN_USAGE;
	if ((cards = card_resolve_all(ctx, args)) == NULL)
		return CMD_RETURN_ERROR;
	if (!args_has(args, "force")) {
		if (args->argc == 1) {
			front = str_oneline(cards[0]->front);
			cut = utf8_truncate(front, 40);
			yes = term_confirm(ctx, "Delete card %lld (%s) and its "
			    "%d review%s?", (long long)cards[0]->id, cut,
			    cards[0]->reviews, cards[0]->reviews == 1 ? "" :
			    "s");
			free(cut);
			free(front);
		} else {
			yes = term_confirm(ctx, "Delete %d cards and their "
			    "review history?", args->argc);
		}
		if (yes == -1) {
			cmd_error(ctx, "delete: not deleting without --force "
			    "(no terminal to ask)");
			goto out;
		}
		if (!yes) {
			printf("kept %s\n", args->argc == 1 ? "the card" :
			    "the cards");
			ret = CMD_RETURN_NORMAL;
			goto out;
		}
	}
	if (card_apply_all(ctx, cards, args->argc, "delete", cmd_delete_one,
	    NULL) != 0)
		goto out;
	if (!ctx->quiet) {
		for (i = 0; i < args->argc; i++)
			printf("deleted card %lld\n", (long long)cards[i]->id);
	}
	ret = CMD_RETURN_NORMAL;
out:
	card_list_free(cards, args->argc);
	return ret;
}
