/*
 * bury: hide cards until tomorrow.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_bury_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_bury_entry = {
	.name = "bury",
	.args = { NULL, 1, -1, "ID..." },
	.help = "Hide cards until tomorrow (after the day's rollover).",
	.exec = cmd_bury_exec
};

/* Bury one card (arg points at today). */
static int
cmd_bury_one(struct store *st, struct card *c, void *arg, char **cause)
{
	return card_bury(st, c->id, *(int *)arg, cause);
}

static enum cmd_retval
cmd_bury_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct card	**cards;
	int		  i, today;

	today = review_today(ctx_store(ctx));
	if (card_ids_check(ctx, args->argc, args->argv) != CMD_RETURN_NORMAL)
		return CMD_RETURN_USAGE;
	if ((cards = card_resolve_all(ctx, args)) == NULL)
		return CMD_RETURN_ERROR;
	if (card_apply_all(ctx, cards, args->argc, "bury", cmd_bury_one,
	    &today) != 0) {
		card_list_free(cards, args->argc);
		return CMD_RETURN_ERROR;
	}
	if (!ctx->quiet) {
		for (i = 0; i < args->argc; i++)
			printf("buried card %lld until tomorrow\n",
			    (long long)cards[i]->id);
	}
	card_list_free(cards, args->argc);
	return CMD_RETURN_NORMAL;
}
