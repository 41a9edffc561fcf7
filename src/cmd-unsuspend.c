/*
 * unsuspend: bring suspended cards back into reviews.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_unsuspend_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_unsuspend_entry = {
	.name = "unsuspend",
	.args = { NULL, 1, -1, "ID..." },
	.help = "Bring suspended cards back into reviews.",
	.flags = CMD_JSON,
	.exec = cmd_unsuspend_exec
};

static enum cmd_retval
cmd_unsuspend_exec(struct cmd_ctx *ctx, struct args *args)
{
	return card_set_suspended_many(ctx, args, 0);
}
