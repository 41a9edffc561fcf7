/*
 * delete: remove cards and their review history.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_delete_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_delete_entry = {
	.name = "delete",
	.alias = "rm",
	.args = { "f/force", 1, -1 },
	.usage = "ID... [--force]",
	.help = "Delete cards and their review history (asks first, or needs "
	    "--force).",
	.complete = "",
	.exec = cmd_delete_exec
};

static enum cmd_retval
cmd_delete_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	 *st = ctx_store(ctx);
	struct card	**cards;
	char		 *cause = NULL, *front;
	int		  i, yes;
	enum cmd_retval	  ret = CMD_RETURN_ERROR;

	/* Find every card first: all or nothing. */
	cards = xcalloc((size_t)args->argc, sizeof *cards);
	for (i = 0; i < args->argc; i++) {
		if ((cards[i] = card_resolve(ctx, args->argv[i])) == NULL)
			goto out;
	}
	if (!args_has(args, "force")) {
		front = str_oneline(cards[0]->front);
		if (args->argc == 1) {
			char *cut = utf8_truncate(front, 40);

			yes = term_confirm(ctx, "Delete card %lld (%s) and its "
			    "%d review%s?", (long long)cards[0]->id, cut,
			    cards[0]->reviews, cards[0]->reviews == 1 ? "" :
			    "s");
			free(cut);
		} else {
			yes = term_confirm(ctx, "Delete %d cards and their "
			    "review history?", args->argc);
		}
		free(front);
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
	if (store_begin(st, &cause) != 0)
		goto fail;
	for (i = 0; i < args->argc; i++) {
		if (card_delete(st, cards[i]->id, &cause) != 0) {
			store_rollback(st);
			goto fail;
		}
	}
	if (store_commit(st, &cause) != 0)
		goto fail;
	if (!ctx->quiet) {
		for (i = 0; i < args->argc; i++)
			printf("deleted card %lld\n", (long long)cards[i]->id);
	}
	ret = CMD_RETURN_NORMAL;
	goto out;
fail:
	cmd_error(ctx, "delete: %s", cause);
	free(cause);
out:
	for (i = 0; i < args->argc; i++)
		card_free(cards[i]);
	free(cards);
	return ret;
}
