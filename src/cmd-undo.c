/*
 * undo: take back the last answer this device gave, or a card's last
 * answer (--card); never an answer a later one stands on.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_undo_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_undo_option_table[] = {
	{ .name = "card", .value = "ID" },
	{ .name = NULL }
};

const struct cmd_entry cmd_undo_entry = {
	.name = "undo",
	.args = { cmd_undo_option_table, 0, 0, NULL },
	.help = "Take back the last answer given on this device (or card "
	    "ID's last answer): the card's schedule goes back to what it was.",
	.flags = CMD_JSON,
	.exec = cmd_undo_exec
};

static enum cmd_retval
cmd_undo_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct review_undone	 u;
	struct json		*j;
	struct card		*c;
	const char		*value;
	int64_t			 card = 0;
	char			*cause = NULL, *when;
	long long		 id;

	if ((value = args_get(args, "card")) != NULL) {
		if (parse_int(value, 1, INT64_MAX, &id) != 0)
			return cmd_usage(ctx, "undo: bad card id '%s' (a "
			    "number, as 'cards' shows)", value);
		if ((c = card_resolve(ctx, value)) == NULL)
			return CMD_RETURN_ERROR;
		card = c->id;
		card_free(c);
	}
	if (review_undo(ctx_store(ctx), 0, card, &u, &cause) != 0) {
		cmd_error(ctx, "undo: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if ((c = card_get(ctx_store(ctx), u.card_id, &cause)) == NULL &&
	    cause != NULL) {
		cmd_error(ctx, "undo: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_object_begin(j);
		json_kv_int(j, "grade", u.grade);
		when = clock_time_string(u.time);
		json_kv_string(j, "time", when);
		free(when);
		json_key(j, "card");
		card_json(j, c, NULL);
		json_object_end(j);
		json_free(j);
	} else if (!ctx->quiet) {
		when = clock_time_string(u.time);
		printf("took back %s (%d) on card %lld, answered %s\n",
		    sm2_grade_name(u.grade), u.grade, (long long)u.card_id,
		    when);
		free(when);
	}
	card_free(c);
	return CMD_RETURN_NORMAL;
}
