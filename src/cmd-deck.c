/*
 * deck new|list|show|set|rename|delete: make and manage decks.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_deck_new_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_deck_list_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_deck_show_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_deck_set_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_deck_rename_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_deck_delete_exec(struct cmd_ctx *, struct args *);

static const struct cmd_entry cmd_deck_new_entry = {
	.name = "new",
	.args = { "track=need,want weight= json", 1, 1 },
	.usage = "NAME [--track need|want] [--weight W] [--json]",
	.help = "Create a deck (on the need track unless told otherwise).",
	.complete = "",
	.exec = cmd_deck_new_exec
};

static const struct cmd_entry cmd_deck_list_entry = {
	.name = "list",
	.alias = "ls",
	.args = { "json", 0, 1 },
	.usage = "[DECK] [--json]",
	.help = "List decks with their card counts.",
	.complete = "@deck",
	.exec = cmd_deck_list_exec
};

static const struct cmd_entry cmd_deck_show_entry = {
	.name = "show",
	.args = { "json", 1, 1 },
	.usage = "NAME [--json]",
	.help = "Show one deck: counts, options and the progress of each layer.",
	.complete = "@deck",
	.exec = cmd_deck_show_exec
};

static const struct cmd_entry cmd_deck_set_entry = {
	.name = "set",
	.args = { "", 3, 3 },
	.usage = "NAME KEY VALUE",
	.help = "Set a deck option: track, weight, new-per-day, "
	    "reviews-per-day, start-ease, fuzz (on/off), leech-threshold, "
	    "layer-gate.",
	.complete = "@deck @deckkey",
	.exec = cmd_deck_set_exec
};

static const struct cmd_entry cmd_deck_rename_entry = {
	.name = "rename",
	.args = { "", 2, 2 },
	.usage = "OLD NEW",
	.help = "Rename a deck and its subdecks.",
	.complete = "@deck",
	.exec = cmd_deck_rename_exec
};

static const struct cmd_entry cmd_deck_delete_entry = {
	.name = "delete",
	.args = { "f/force", 1, 1 },
	.usage = "NAME [--force]",
	.help = "Delete a deck, its subdecks and their cards (asks first, "
	    "or needs --force).",
	.complete = "@deck",
	.exec = cmd_deck_delete_exec
};

static const struct cmd_entry *const cmd_deck_subs[] = {
	&cmd_deck_delete_entry,
	&cmd_deck_list_entry,
	&cmd_deck_new_entry,
	&cmd_deck_rename_entry,
	&cmd_deck_set_entry,
	&cmd_deck_show_entry,
	NULL
};

const struct cmd_entry cmd_deck_entry = {
	.name = "deck",
	.args = { "json", 0, 0 },
	.usage = "new|list|show|set|rename|delete ...",
	.help = "Make and manage decks; alone, lists them.",
	.complete = "",
	.sub = cmd_deck_subs,
	.exec = cmd_deck_list_exec
};

/* Write a deck and its counts as a JSON object. */
static void
deck_json(struct json *j, struct store *st, const struct deck *d, int today,
    int layers)
{
	struct deck_counts	c;
	struct layer_stats	ls[LAYER_COUNT];
	int			l;

	deck_count_cards(st, d->id, today, &c);
	json_object_begin(j);
	json_kv_int(j, "id", d->id);
	json_kv_string(j, "name", d->name);
	json_kv_string(j, "track", track_name(d->track));
	json_kv_double(j, "weight", d->weight);
	json_kv_int(j, "cards", c.total);
	json_kv_int(j, "new", c.fresh);
	json_kv_int(j, "due", c.due);
	json_kv_int(j, "suspended", c.suspended);
	json_key(j, "options");
	json_object_begin(j);
	json_kv_int(j, "new_per_day", d->new_per_day);
	json_kv_int(j, "reviews_per_day", d->reviews_per_day);
	json_kv_double(j, "start_ease", d->start_ease);
	json_kv_bool(j, "fuzz", d->fuzz);
	json_kv_int(j, "leech_threshold", d->leech_threshold);
	json_kv_int(j, "layer_gate", d->layer_gate);
	json_object_end(j);
	if (layers) {
		deck_layer_stats(st, d->id, ls);
		json_key(j, "layers");
		json_array_begin(j);
		for (l = 0; l < LAYER_COUNT; l++) {
			json_object_begin(j);
			json_kv_string(j, "layer", layer_name((enum layer)l));
			json_kv_int(j, "cards", ls[l].cards);
			json_kv_int(j, "passed", ls[l].passed);
			json_kv_int(j, "new", ls[l].fresh);
			json_kv_int(j, "percent", layer_percent(&ls[l]));
			json_kv_bool(j, "open", layer_open(ls, d->layer_gate,
			    (enum layer)l));
			json_object_end(j);
		}
		json_array_end(j);
	}
	json_object_end(j);
}

static enum cmd_retval
cmd_deck_new_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	const char	*value;
	enum track	 track = TRACK_NEED;
	double		 weight = 1;
	struct deck	*d;
	struct json	*j;
	char		*cause = NULL;

	if ((value = args_get(args, "track")) != NULL &&
	    track_from_name(value, &track) != 0)
		return cmd_usage(ctx, "bad track '%s' (need or want)", value);
	if ((value = args_get(args, "weight")) != NULL &&
	    parse_double(value, 0.01, 1000, &weight) != 0)
		return cmd_usage(ctx, "bad weight '%s' (a number from 0.01 to "
		    "1000)", value);
	if ((d = deck_create(st, args->argv[0], track, weight, &cause)) ==
	    NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		deck_json(j, st, d, review_today(st), 0);
		json_free(j);
	} else if (!ctx->quiet)
		printf("created deck '%s' (%s track)\n", d->name,
		    track_name(d->track));
	deck_free(d);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_deck_list_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		 *st = ctx_store(ctx);
	const char		 *filter = args->argc > 0 ? args->argv[0] : NULL;
	struct deck		**list;
	struct deck_counts	  c;
	struct json		 *j;
	int			  n, i, width = 4, today = review_today(st);

	list = deck_list(st, filter, &n);
	if (filter != NULL && n == 0) {
		cmd_error(ctx, "no deck named '%s' (see 'deck list')", filter);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
		for (i = 0; i < n; i++)
			deck_json(j, st, list[i], today, 0);
		json_array_end(j);
		json_free(j);
		deck_list_free(list, n);
		return CMD_RETURN_NORMAL;
	}
	if (n == 0) {
		if (!ctx->quiet)
			printf("no decks yet: create one with 'deck new NAME'"
			    "\n");
		free(list);
		return CMD_RETURN_NORMAL;
	}
	for (i = 0; i < n; i++) {
		if (utf8_width(list[i]->name) > width)
			width = utf8_width(list[i]->name);
	}
	printf("%s%-*s  %-5s  %6s %6s %6s %6s %6s%s\n", term_style(stdout,
	    "bold"), width, "DECK", "TRACK", "WEIGHT", "CARDS", "NEW", "DUE",
	    "SUSP", term_style(stdout, "reset"));
	for (i = 0; i < n; i++) {
		deck_count_cards(st, list[i]->id, today, &c);
		printf("%s%*s  %-5s  %6g %6d %6d %6d %6d\n", list[i]->name,
		    width - utf8_width(list[i]->name), "",
		    track_name(list[i]->track), list[i]->weight, c.total,
		    c.fresh, c.due, c.suspended);
	}
	deck_list_free(list, n);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_deck_show_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct deck		*d;
	struct deck_counts	 c;
	struct layer_stats	 ls[LAYER_COUNT];
	struct json		*j;
	int			 l, today = review_today(st);

	if ((d = deck_resolve(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		deck_json(j, st, d, today, 1);
		json_free(j);
		deck_free(d);
		return CMD_RETURN_NORMAL;
	}
	deck_count_cards(st, d->id, today, &c);
	deck_layer_stats(st, d->id, ls);
	printf("%s%s%s  (%s track, weight %g)\n", term_style(stdout, "bold"),
	    d->name, term_style(stdout, "reset"), track_name(d->track),
	    d->weight);
	printf("cards: %d (%d new, %d due today, %d suspended)\n", c.total,
	    c.fresh, c.due, c.suspended);
	printf("options: new-per-day %d, reviews-per-day %d, start-ease %g,\n"
	    "         fuzz %s, leech-threshold %d, layer-gate %d%%\n",
	    d->new_per_day, d->reviews_per_day, d->start_ease, d->fuzz ? "on" :
	    "off", d->leech_threshold, d->layer_gate);
	printf("layers (a layer opens to new cards once %d%% of those "
	    "before it passed):\n", d->layer_gate);
	for (l = 0; l < LAYER_COUNT; l++) {
		printf("  %-8s ", layer_name((enum layer)l));
		term_bar(stdout, ls[l].cards == 0 ? 0 :
		    (double)ls[l].passed / ls[l].cards, 20);
		if (ls[l].cards == 0)
			printf("   no cards\n");
		else
			printf(" %4d/%-4d passed %3d%%  %s\n", ls[l].passed,
			    ls[l].cards, layer_percent(&ls[l]),
			    layer_open(ls, d->layer_gate, (enum layer)l) ?
			    "open" : "locked");
	}
	deck_free(d);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_deck_set_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct deck	*d;
	char		*cause = NULL;

	if ((d = deck_resolve(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (deck_set(ctx_store(ctx), d, args->argv[1], args->argv[2],
	    &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		deck_free(d);
		return CMD_RETURN_ERROR;
	}
	if (!ctx->quiet)
		printf("deck '%s': %s = %s\n", d->name, args->argv[1],
		    args->argv[2]);
	deck_free(d);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_deck_rename_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct deck	*d;
	char		*cause = NULL;

	if ((d = deck_resolve(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (deck_rename(ctx_store(ctx), d, args->argv[1], &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		deck_free(d);
		return CMD_RETURN_ERROR;
	}
	if (!ctx->quiet)
		printf("renamed deck '%s' to '%s'\n", d->name, args->argv[1]);
	deck_free(d);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_deck_delete_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	 *st = ctx_store(ctx);
	struct deck	 *d, **under;
	struct deck_counts c;
	char		 *cause = NULL;
	int		  n, i, total = 0, yes;

	if ((d = deck_resolve(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (!args_has(args, "force")) {
		under = deck_list(st, d->name, &n);
		for (i = 0; i < n; i++) {
			deck_count_cards(st, under[i]->id, 0, &c);
			total += c.total;
		}
		deck_list_free(under, n);
		yes = term_confirm(ctx, "Delete deck '%s'%s and its %d "
		    "card%s with their review history?", d->name, n > 1 ?
		    " with its subdecks" : "", total, total == 1 ? "" : "s");
		if (yes == -1) {
			cmd_error(ctx, "deck delete: not deleting '%s' without "
			    "--force (no terminal to ask)", d->name);
			deck_free(d);
			return CMD_RETURN_ERROR;
		}
		if (!yes) {
			printf("kept deck '%s'\n", d->name);
			deck_free(d);
			return CMD_RETURN_NORMAL;
		}
	}
	if (deck_delete(st, d, &total, &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		deck_free(d);
		return CMD_RETURN_ERROR;
	}
	if (!ctx->quiet)
		printf("deleted deck '%s' and %d card%s\n", d->name, total,
		    total == 1 ? "" : "s");
	deck_free(d);
	return CMD_RETURN_NORMAL;
}
