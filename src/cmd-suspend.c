/*
 * suspend: take cards out of reviews until they are unsuspended.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_suspend_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_suspend_entry = {
	.name = "suspend",
	.args = { NULL, 1, -1, "ID..." },
	.help = "Suspend cards: they leave reviews until unsuspended.",
	.flags = CMD_JSON,
	.exec = cmd_suspend_exec
};

static enum cmd_retval
cmd_suspend_exec(struct cmd_ctx *ctx, struct args *args)
{
	return card_set_suspended_many(ctx, args, 1);
}
