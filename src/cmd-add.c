/*
 * add: one card by hand, from arguments or, in the REPL, by asking.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_add_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_add_option_table[] = {
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = "layer", .value = "L", .choices = "skim,explore,deepen" },
	{ .name = "tags", .value = "T" },
	{ .name = "reverse" },
	{ .name = NULL }
};

const struct cmd_entry cmd_add_entry = {
	.name = "add",
	.alias = "a",
	.args = { cmd_add_option_table, 0, 2, "FRONT BACK" },
	.help = "Add one card; --reverse adds its reverse too.  With no "
	    "arguments in the REPL it asks for each part.",
	.flags = CMD_JSON,
	.exec = cmd_add_exec
};

/* The deck to add to when none was named: the only one there is. */
static struct deck *
cmd_add_default_deck(struct cmd_ctx *ctx)
{
	struct deck	**list, *d = NULL;
	char		 *cause = NULL;
	int		  n;

	list = deck_list(ctx_store(ctx), NULL, &n, &cause);
	if (cause != NULL) {
		cmd_error(ctx, "add: %s", cause);
		free(cause);
	} else if (n == 1) {
		d = list[0];
		list[0] = NULL;
	} else if (n == 0)
		cmd_error(ctx, "add: no decks yet; create one first with "
		    "'deck new NAME'");
	else
		cmd_error(ctx, "add: which deck? name it with --deck NAME "
		    "(see 'deck list')");
	deck_list_free(list, n);
	return d;
}

/* Check one side of a card as import would. */
static int
cmd_add_side_ok(struct cmd_ctx *ctx, const char *what, const char *s)
{
	char *cause;

	if (card_check_side(what, s, &cause) != 0) {
		cmd_error(ctx, "add: %s", cause);
		free(cause);
		return 0;
	}
	return 1;
}

static enum cmd_retval
cmd_add_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	struct deck	*d = NULL;
	struct card	*cards[2] = { NULL, NULL };
	const char	*value;
	char		*front = NULL, *back = NULL, *tags = NULL, *cause = NULL;
	char		*asked = NULL;
	enum layer	 layer = LAYER_SKIM;
	enum cmd_retval	 ret = CMD_RETURN_ERROR;
	struct json	*j = NULL;
	int		 i, n = args_has(args, "reverse") ? 2 : 1;

	if (args->argc == 1)
		return cmd_usage(ctx, "add: give both FRONT and BACK");
	if (args->argc == 0 && !ctx->interactive)
		return cmd_usage(ctx, "add: missing FRONT and BACK");
	if ((value = args_get(args, "layer")) != NULL &&
	    layer_from_name(value, &layer) != 0)
		return cmd_usage(ctx, "add: bad layer '%s' (skim, explore or "
		    "deepen)", value);
	if ((value = args_get(args, "tags")) != NULL &&
	    (tags = card_parse_tags(value, &cause)) == NULL) {
		cmd_error(ctx, "add: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}

	if (args->argc == 2) {
		front = xstrdup(args->argv[0]);
		back = xstrdup(args->argv[1]);
	} else {
		/* Ask for each part, the deck first, checked at once. */
		if ((value = args_get(args, "deck")) == NULL) {
			struct deck	**list;
			int		  nd;

			/* A failed read fails the store: resolving stops. */
			list = deck_list(st, NULL, &nd, NULL);
			asked = term_ask(ctx, "Deck: ", nd == 1 ?
			    list[0]->name : NULL);
			deck_list_free(list, nd);
			if (asked == NULL)
				goto out;
			if ((d = deck_resolve(ctx, asked)) == NULL)
				goto out;
		}
		if ((front = term_ask(ctx, "Front: ", NULL)) == NULL)
			goto out;
		if (!cmd_add_side_ok(ctx, "front", front))
			goto out;
		if ((back = term_ask(ctx, "Back: ", NULL)) == NULL)
			goto out;
	}
	if (!cmd_add_side_ok(ctx, "front", front) ||
	    !cmd_add_side_ok(ctx, "back", back)) {
		/* Bad text on the command line is a usage error. */
		if (args->argc == 2)
			ret = CMD_RETURN_USAGE;
		goto out;
	}

	if (d != NULL)
		;	/* asked for, and checked */
	else if ((value = args_get(args, "deck")) != NULL) {
		if ((d = deck_resolve(ctx, value)) == NULL)
			goto out;
	} else if ((d = cmd_add_default_deck(ctx)) == NULL)
		goto out;

	if (store_begin(st, &cause) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		cards[i] = card_new();
		cards[i]->deck_id = d->id;
		cards[i]->deck = xstrdup(d->name);
		cards[i]->kind = i == 0 ? KIND_BASIC : KIND_REVERSE;
		cards[i]->front = xstrdup(i == 0 ? front : back);
		cards[i]->back = xstrdup(i == 0 ? back : front);
		cards[i]->layer = layer;
		free(cards[i]->tags);
		cards[i]->tags = xstrdup(tags != NULL ? tags : "");
		cards[i]->initial_ease = d->start_ease;
		if (card_insert(st, cards[i], &cause) != 0) {
			store_rollback(st);
			goto fail;
		}
	}
	if (store_commit(st, &cause) != 0)
		goto fail;

	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
		for (i = 0; i < n; i++)
			card_json(j, cards[i], NULL);
		json_array_end(j);
		json_free(j);
	} else if (!ctx->quiet) {
		for (i = 0; i < n; i++)
			printf("added card %lld to '%s'\n",
			    (long long)cards[i]->id, d->name);
	}
	ret = CMD_RETURN_NORMAL;
	goto out;
fail:
	cmd_error(ctx, "add: %s", cause);
	free(cause);
out:
	for (i = 0; i < 2; i++)
		card_free(cards[i]);
	deck_free(d);
	free(front);
	free(back);
	free(tags);
	free(asked);
	return ret;
}
