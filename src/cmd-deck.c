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

static const struct cmd_option cmd_deck_new_option_table[] = {
	{ .name = "track", .choices = "need,want" },
	{ .name = "weight", .value = "W" },
	{ .name = NULL }
};

static const struct cmd_entry cmd_deck_new_entry = {
	.name = "new",
	.args = { cmd_deck_new_option_table, 1, 1, "NAME" },
	.help = "Create a deck (on the need track unless told otherwise).",
	.flags = CMD_JSON,
	.exec = cmd_deck_new_exec
};

static const struct cmd_entry cmd_deck_list_entry = {
	.name = "list",
	.alias = "ls",
	.args = { NULL, 0, 1, "[DECK]" },
	.help = "List decks with their card counts.",
	.complete = "@deck",
	.flags = CMD_JSON,
	.exec = cmd_deck_list_exec
};

static const struct cmd_entry cmd_deck_show_entry = {
	.name = "show",
	.args = { NULL, 1, 1, "NAME" },
	.help = "Show one deck: counts, options and the progress of each layer.",
	.complete = "@deck",
	.flags = CMD_JSON,
	.exec = cmd_deck_show_exec
};

static const struct cmd_entry cmd_deck_set_entry = {
	.name = "set",
	.args = { NULL, 3, 3, "NAME KEY VALUE" },
	.help = "Set a deck option: track, weight, new-per-day, "
	    "reviews-per-day, start-ease, fuzz (on/off), leech-threshold, "
	    "layer-gate.",
	.complete = "@deck @deckkey",
	.exec = cmd_deck_set_exec
};

static const struct cmd_entry cmd_deck_rename_entry = {
	.name = "rename",
	.args = { NULL, 2, 2, "OLD NEW" },
	.help = "Rename a deck and its subdecks.",
	.complete = "@deck",
	.exec = cmd_deck_rename_exec
};

static const struct cmd_option cmd_deck_delete_option_table[] = {
	{ .name = "force", .letter = 'f' },
	{ .name = NULL }
};

static const struct cmd_entry cmd_deck_delete_entry = {
	.name = "delete",
	.args = { cmd_deck_delete_option_table, 1, 1, "NAME" },
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
	.help = "Make and manage decks; alone, lists them.",
	.flags = CMD_JSON,
	.sub = cmd_deck_subs,
	.exec = cmd_deck_list_exec
};

/*
 * The layers as JSON: each one's counts, and whether it is open when the
 * deck has a gate of its own (gate -1, a parent: each deck opens its own).
 */
static void
cmd_deck_layers_json(struct json *j, const struct layer_stats *ls, int gate)
{
	int l;

	json_key(j, "layers");
	json_array_begin(j);
	for (l = 0; l < LAYER_COUNT; l++) {
		json_object_begin(j);
		json_kv_string(j, "layer", layer_name((enum layer)l));
		json_kv_int(j, "cards", ls[l].cards);
		json_kv_int(j, "passed", ls[l].passed);
		json_kv_int(j, "new", ls[l].fresh);
		json_kv_int(j, "percent", layer_percent(&ls[l]));
		if (gate >= 0)
			json_kv_bool(j, "open", layer_open(ls, gate,
			    (enum layer)l));
		json_object_end(j);
	}
	json_array_end(j);
}

/*
 * Write a deck and its counts as a JSON object; counts that cannot be read
 * write nothing and return -1 with cause.
 */
static int
deck_json(struct json *j, struct store *st, const struct deck *d, int today,
    int layers, char **cause)
{
	struct deck_counts	c;
	struct layer_stats	ls[LAYER_COUNT];

	if (deck_count_cards(st, d->id, today, &c, cause) != 0 ||
	    (layers && deck_layer_stats(st, d->id, ls, cause) != 0))
		return -1;
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
	json_kv_bool(j, "bury_siblings", d->bury_siblings);
	json_object_end(j);
	if (layers) {
		cmd_deck_layers_json(j, ls, d->layer_gate);
	}
	json_object_end(j);
	return 0;
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

	if (!deck_name_valid(args->argv[0], &cause)) {
		cmd_error(ctx, "deck new: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if ((value = args_get(args, "track")) != NULL &&
	    track_from_name(value, &track) != 0)
		return cmd_usage(ctx, "bad track '%s' (need or want)", value);
	if ((value = args_get(args, "weight")) != NULL &&
	    deck_option_parse("weight", value, &weight, &cause) != 0) {
		cmd_usage(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if ((d = deck_create(st, args->argv[0], track, weight, &cause)) ==
	    NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		if (deck_json(j, st, d, review_today(st), 0, &cause) != 0) {
			json_free(j);
			deck_free(d);
			cmd_error(ctx, "%s", cause);
			free(cause);
			return CMD_RETURN_ERROR;
		}
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
	char			 *cause = NULL;
	int			  n, i, width = 4, today = review_today(st);

	if ((list = deck_list(st, filter, &n, &cause)) == NULL &&
	    cause != NULL)
		goto fail;
	if (filter != NULL && n == 0) {
		cmd_error(ctx, "no deck named '%s' (see 'deck list')", filter);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
		for (i = 0; i < n; i++) {
			if (deck_json(j, st, list[i], today, 0, &cause) != 0)
				break;
		}
		json_array_end(j);
		json_free(j);
		deck_list_free(list, n);
		if (cause != NULL)
			goto fail;
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
		if (deck_count_cards(st, list[i]->id, today, &c, &cause) != 0) {
			deck_list_free(list, n);
			goto fail;
		}
		printf("%s%*s  %-5s  %6g %6d %6d %6d %6d\n", list[i]->name,
		    width - utf8_width(list[i]->name), "",
		    track_name(list[i]->track), list[i]->weight, c.total,
		    c.fresh, c.due, c.suspended);
	}
	deck_list_free(list, n);
	return CMD_RETURN_NORMAL;
fail:
	cmd_error(ctx, "%s", cause);
	free(cause);
	return CMD_RETURN_ERROR;
}

/* The counts and layers of every deck under a parent, added up. */
static int
cmd_deck_sum(struct store *st, struct deck **list, int n, int today,
    struct deck_counts *c, struct layer_stats ls[LAYER_COUNT], char **cause)
{
	struct deck_counts	one;
	struct layer_stats	l1[LAYER_COUNT];
	int			i, l;

	memset(c, 0, sizeof *c);
	memset(ls, 0, LAYER_COUNT * sizeof *ls);
	for (i = 0; i < n; i++) {
		if (deck_count_cards(st, list[i]->id, today, &one,
		    cause) != 0 || deck_layer_stats(st, list[i]->id, l1,
		    cause) != 0)
			return -1;
		c->total += one.total;
		c->fresh += one.fresh;
		c->due += one.due;
		c->suspended += one.suspended;
		for (l = 0; l < LAYER_COUNT; l++) {
			ls[l].cards += l1[l].cards;
			ls[l].passed += l1[l].passed;
			ls[l].fresh += l1[l].fresh;
		}
	}
	return 0;
}

/* A parent as JSON: its decks, their counts and layers added up. */
static void
cmd_deck_parent_json(struct json *j, const char *name, struct deck **list,
    int n, const struct deck_counts *c, const struct layer_stats *ls)
{
	int i;

	json_object_begin(j);
	json_key(j, "id");
	json_null(j);
	json_kv_string(j, "name", name);
	json_kv_bool(j, "parent", 1);
	json_key(j, "decks");
	json_array_begin(j);
	for (i = 0; i < n; i++)
		json_string(j, list[i]->name);
	json_array_end(j);
	json_kv_int(j, "cards", c->total);
	json_kv_int(j, "new", c->fresh);
	json_kv_int(j, "due", c->due);
	json_kv_int(j, "suspended", c->suspended);
	cmd_deck_layers_json(j, ls, -1);
	json_object_end(j);
}

/*
 * Show a parent that is not a deck itself (ml for ml::a and ml::b): its
 * decks, and their counts and layers added up.
 */
static enum cmd_retval
cmd_deck_show_parent(struct cmd_ctx *ctx, struct args *args,
    const char *name, int today)
{
	struct store		 *st = ctx_store(ctx);
	struct deck		**list;
	struct deck_counts	  c;
	struct layer_stats	  ls[LAYER_COUNT];
	struct json		 *j;
	char			 *cause = NULL;
	int			  n, i, l;

	list = deck_list(st, name, &n, &cause);
	if (cause != NULL || cmd_deck_sum(st, list, n, today, &c, ls,
	    &cause) != 0) {
		deck_list_free(list, n);
		cmd_error(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		cmd_deck_parent_json(j, name, list, n, &c, ls);
		json_free(j);
		deck_list_free(list, n);
		return CMD_RETURN_NORMAL;
	}
	printf("%s%s%s  (the parent of %d deck%s; no cards of its own)\n",
	    term_style(stdout, "bold"), name, term_style(stdout, "reset"), n,
	    n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		printf("  %s  (%s track)\n", list[i]->name,
		    track_name(list[i]->track));
	printf("cards: %d (%d new, %d due today, %d suspended)\n", c.total,
	    c.fresh, c.due, c.suspended);
	printf("layers, all its decks together (each deck opens its own):\n");
	for (l = 0; l < LAYER_COUNT; l++) {
		printf("  %-8s ", layer_name((enum layer)l));
		term_bar(stdout, ls[l].cards == 0 ? 0 :
		    (double)ls[l].passed / ls[l].cards, 20);
		if (ls[l].cards == 0)
			printf("   no cards\n");
		else
			printf(" %4d/%-4d passed %3d%%\n", ls[l].passed,
			    ls[l].cards, layer_percent(&ls[l]));
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
	char			*cause = NULL;
	enum cmd_retval		 ret;
	int			 l, today = review_today(st);

	if ((d = deck_resolve_parent(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (d->id == 0) {
		ret = cmd_deck_show_parent(ctx, args, d->name, today);
		deck_free(d);
		return ret;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		ret = deck_json(j, st, d, today, 1, &cause) == 0 ?
		    CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
		json_free(j);
		goto out;
	}
	if (deck_count_cards(st, d->id, today, &c, &cause) != 0 ||
	    deck_layer_stats(st, d->id, ls, &cause) != 0) {
		ret = CMD_RETURN_ERROR;
		goto out;
	}
	printf("%s%s%s  (%s track, weight %g)\n", term_style(stdout, "bold"),
	    d->name, term_style(stdout, "reset"), track_name(d->track),
	    d->weight);
	printf("cards: %d (%d new, %d due today, %d suspended)\n", c.total,
	    c.fresh, c.due, c.suspended);
	printf("options: new-per-day %d, reviews-per-day %d, start-ease %g,\n"
	    "         fuzz %s, leech-threshold %d, layer-gate %d%%, "
	    "bury-siblings %s\n", d->new_per_day, d->reviews_per_day,
	    d->start_ease, d->fuzz ? "on" : "off", d->leech_threshold,
	    d->layer_gate, d->bury_siblings ? "on" : "off");
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
	ret = CMD_RETURN_NORMAL;
out:
	if (cause != NULL)
		cmd_error(ctx, "%s", cause);
	free(cause);
	deck_free(d);
	return ret;
}

/*
 * Set an option on each deck of a list, in one transaction.  A value or
 * key deck_set refuses before SQLite runs is a usage error; anything SQLite
 * refuses is a failure.
 */
static enum cmd_retval
cmd_deck_set_all(struct store *st, struct deck **list, int n,
    const char *key, const char *value, char **cause)
{
	int i, code;

	if (store_begin(st, cause) != 0)
		return CMD_RETURN_ERROR;
	for (i = 0; i < n; i++) {
		if (deck_set(st, list[i], key, value, cause) != 0) {
			code = sqlite3_errcode(store_db(st));
			store_rollback(st);
			if (code == SQLITE_OK || code == SQLITE_ROW ||
			    code == SQLITE_DONE)
				return CMD_RETURN_USAGE;
			return CMD_RETURN_ERROR;
		}
	}
	if (store_commit(st, cause) != 0)
		return CMD_RETURN_ERROR;
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_deck_set_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	 *st = ctx_store(ctx);
	struct deck	 *d, **list;
	char		 *cause = NULL;
	int		  n;
	enum cmd_retval	  ret;

	if ((d = deck_resolve_parent(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	/* A parent's options are those of every deck under it. */
	if (d->id == 0) {
		if ((list = deck_list(st, d->name, &n, &cause)) == NULL &&
		    cause != NULL) {
			cmd_error(ctx, "%s", cause);
			free(cause);
			deck_free(d);
			return CMD_RETURN_ERROR;
		}
	} else {
		list = xmalloc(sizeof *list);
		list[0] = d;
		n = 1;
	}
	ret = cmd_deck_set_all(st, list, n, args->argv[1], args->argv[2],
	    &cause);
	if (ret != CMD_RETURN_NORMAL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
	} else if (!ctx->quiet && d->id == 0)
		printf("%d deck%s under '%s': %s = %s\n", n, n == 1 ? "" : "s",
		    d->name, args->argv[1], args->argv[2]);
	else if (!ctx->quiet)
		printf("deck '%s': %s = %s\n", d->name, args->argv[1],
		    args->argv[2]);
	if (d->id == 0)
		deck_free(d);
	deck_list_free(list, n);
	return ret;
}

static enum cmd_retval
cmd_deck_rename_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct deck	*d;
	char		*cause = NULL;
	int		 under;

	if ((d = deck_resolve_parent(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (!deck_name_valid(args->argv[1], &cause)) {
		deck_free(d);
		cmd_error(ctx, "deck rename: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if ((under = deck_count_under(ctx_store(ctx), d->name, &cause)) == -1 ||
	    deck_rename(ctx_store(ctx), d, args->argv[1], &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		deck_free(d);
		return CMD_RETURN_ERROR;
	}
	if (!ctx->quiet && under > 0)
		printf("renamed '%s' to '%s' (%s%d subdeck%s)\n", d->name,
		    args->argv[1], d->id == 0 ? "" : "the deck and ", under,
		    under == 1 ? "" : "s");
	else if (!ctx->quiet)
		printf("renamed deck '%s' to '%s'\n", d->name, args->argv[1]);
	deck_free(d);
	return CMD_RETURN_NORMAL;
}

/* What deleting a deck or parent takes with it, in words. */
static char *
cmd_deck_delete_what(const struct deck *d, int decks)
{
	char *s;

	if (d->id == 0)
		xasprintf(&s, "the %d deck%s under '%s'", decks, decks == 1 ?
		    "" : "s", d->name);
	else if (decks > 1)
		xasprintf(&s, "deck '%s' with its %d subdeck%s", d->name,
		    decks - 1, decks == 2 ? "" : "s");
	else
		xasprintf(&s, "deck '%s'", d->name);
	return s;
}

static enum cmd_retval
cmd_deck_delete_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	 *st = ctx_store(ctx);
	struct deck	 *d, **under;
	struct deck_counts c;
	char		 *cause = NULL, *what;
	int		  n, i, total = 0, yes;

	if ((d = deck_resolve_parent(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	under = deck_list(st, d->name, &n, &cause);
	for (i = 0; cause == NULL && i < n; i++) {
		if (deck_count_cards(st, under[i]->id, 0, &c, &cause) == 0)
			total += c.total;
	}
	deck_list_free(under, n);
	if (cause != NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		deck_free(d);
		return CMD_RETURN_ERROR;
	}
	what = cmd_deck_delete_what(d, n);
	if (!args_has(args, "force")) {
		yes = term_confirm(ctx, "Delete %s and %s %d card%s with their "
		    "review history?", what, n > 1 || d->id == 0 ? "their" :
		    "its", total, total == 1 ? "" : "s");
		if (yes == -1) {
			cmd_error(ctx, "deck delete: not deleting %s (%d card%s) "
			    "without --force (no terminal to ask)", what, total,
			    total == 1 ? "" : "s");
			free(what);
			deck_free(d);
			return CMD_RETURN_ERROR;
		}
		if (!yes) {
			printf("kept %s\n", what);
			free(what);
			deck_free(d);
			return CMD_RETURN_NORMAL;
		}
	}
	if (deck_delete(st, d, &total, &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		free(what);
		deck_free(d);
		return CMD_RETURN_ERROR;
	}
	if (!ctx->quiet)
		printf("deleted %s and %d card%s\n", what, total,
		    total == 1 ? "" : "s");
	free(what);
	deck_free(d);
	return CMD_RETURN_NORMAL;
}
