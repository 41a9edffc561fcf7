/*
 * due: what a review session would show now, in order.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

static enum cmd_retval	cmd_due_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_due_option_table[] = {
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = "new", .value = "N" },
	{ .name = NULL }
};

const struct cmd_entry cmd_due_entry = {
	.name = "due",
	.args = { cmd_due_option_table, 0, 1, "[DECK]" },
	.help = "List what a review session would show now, in order.",
	.complete = "@deck",
	.flags = CMD_JSON,
	.exec = cmd_due_exec
};

/* The name of a queue entry's kind. */
static const char *
due_kind(int kind)
{
	switch (kind) {
	case QUEUE_NEW:
		return "new";
	case QUEUE_AGAIN:
		return "again";
	default:
		return "review";
	}
}

static enum cmd_retval
cmd_due_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	const char		*deck, *value;
	struct queue		*q;
	struct queue_item	 item;
	struct card		*c;
	struct json		*j = NULL;
	long long		 n = -1;
	int			 count = 0, today;
	struct card_listing	 listing;
	char			*lead, *cause = NULL;

	deck = args->argc > 0 ? args->argv[0] : args_get(args, "deck");
	if (deck != NULL && deck_filter_check(ctx, deck) != 0)
		return CMD_RETURN_ERROR;
	if ((value = args_get(args, "new")) != NULL &&
	    parse_int(value, 0, 100000, &n) != 0)
		return cmd_usage(ctx, "due: bad --new '%s' (a count)", value);
	if ((q = queue_create(st, clock_now(), deck, (int)n, &cause)) == NULL)
		goto fail;
	today = queue_today(q);
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
	} else {
		card_listing_init(&listing, st, deck, 23);
		listing.header = "    ID  QUEUE   TRACK  ";
	}
	while (!out_failed() && queue_next(q, &item)) {
		/* As if each card took the usual time and was remembered. */
		queue_answered(q, &item, 0, queue_estimate(q, item.track));
		c = j != NULL ? card_get(st, item.id, &cause) :
		    card_get_listed(st, item.id, &cause);
		if (c == NULL) {
			if (cause != NULL)
				break;
			continue;
		}
		count++;
		if (j != NULL) {
			json_object_begin(j);
			json_kv_string(j, "queue", due_kind(item.kind));
			card_json_fields(j, c, NULL);
			json_object_end(j);
		} else {
			xasprintf(&lead, "%6lld  %-6s  %-5s  ",
			    (long long)c->id, due_kind(item.kind),
			    track_name(item.track));
			card_listing_row(&listing, lead, c);
			free(lead);
		}
		card_free(c);
	}
	if (j != NULL) {
		json_array_end(j);
		json_free(j);
	}
	queue_free(q);
	if (cause == NULL && (j != NULL || count > 0 || ctx->quiet ||
	    queue_print_nothing_due(st, deck, today, &cause) == 0))
		return CMD_RETURN_NORMAL;
fail:
	cmd_error(ctx, "%s", cause);
	free(cause);
	return CMD_RETURN_ERROR;
}
