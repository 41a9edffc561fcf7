/*
 * bury: hide cards until tomorrow.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_bury_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_bury_entry = {
	.name = "bury",
	.args = { "", 1, -1 },
	.usage = "ID...",
	.help = "Hide cards until tomorrow (after the day's rollover).",
	.complete = "",
	.exec = cmd_bury_exec
};

/* Bury a card until the next day. */
int
card_bury(struct store *st, int64_t id, int today, char **cause)
{
	static const char sql[] = "UPDATE cards SET buried_until = ? "
	    "WHERE id = ?";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int(stmt, 1, today + 1);
	sqlite3_bind_int64(stmt, 2, id);
	return store_done(st, stmt, cause);
}

static enum cmd_retval
cmd_bury_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	 *st = ctx_store(ctx);
	struct card	**cards;
	char		 *cause = NULL;
	int		  i, today;
	enum cmd_retval	  ret = CMD_RETURN_ERROR;

	today = clock_day(clock_now(), review_rollover(st));
	cards = xcalloc((size_t)args->argc, sizeof *cards);
	for (i = 0; i < args->argc; i++) {
		if ((cards[i] = card_resolve(ctx, args->argv[i])) == NULL)
			goto out;
	}
	if (store_begin(st, &cause) != 0)
		goto fail;
	for (i = 0; i < args->argc; i++) {
		if (card_bury(st, cards[i]->id, today, &cause) != 0) {
			store_rollback(st);
			goto fail;
		}
	}
	if (store_commit(st, &cause) != 0)
		goto fail;
	if (!ctx->quiet) {
		for (i = 0; i < args->argc; i++)
			printf("buried card %lld until tomorrow\n",
			    (long long)cards[i]->id);
	}
	ret = CMD_RETURN_NORMAL;
	goto out;
fail:
	cmd_error(ctx, "bury: %s", cause);
	free(cause);
out:
	for (i = 0; i < args->argc; i++)
		card_free(cards[i]);
	free(cards);
	return ret;
}
