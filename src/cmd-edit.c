/*
 * edit: change a card's text, from options or in $EDITOR.  The schedule
 * and history stay.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_edit_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_edit_option_table[] = {
	{ .name = "front", .value = "F" },
	{ .name = "back", .value = "B" },
	{ .name = "tags", .value = "T" },
	{ .name = "layer", .value = "L", .choices = "skim,explore,deepen" },
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = NULL }
};

const struct cmd_entry cmd_edit_entry = {
	.name = "edit",
	.alias = "e",
	.args = { cmd_edit_option_table, 1, 1, "ID" },
	.help = "Change a card; with no options, open it in $EDITOR.  Its "
	    "schedule and history are kept.",
	.flags = CMD_JSON,
	.exec = cmd_edit_exec
};

/*
 * Apply the options of an edit to a card: CMD_RETURN_USAGE for a value
 * of the wrong form, CMD_RETURN_ERROR for a deck that is not there.
 */
static int
cmd_edit_options(struct cmd_ctx *ctx, struct args *args, struct card *c,
    char **cause)
{
	const char	*value;
	struct deck	*d;
	enum layer	 layer;
	char		*tags, *error = NULL;

	if ((value = args_get(args, "front")) != NULL) {
		if (card_check_side("front", value, cause) != 0)
			return CMD_RETURN_USAGE;
		free(c->front);
		c->front = xstrdup(value);
	}
	if ((value = args_get(args, "back")) != NULL) {
		if (card_check_side("back", value, cause) != 0)
			return CMD_RETURN_USAGE;
		free(c->back);
		c->back = xstrdup(value);
	}
	if ((value = args_get(args, "tags")) != NULL) {
		if ((tags = card_parse_tags(value, cause)) == NULL)
			return CMD_RETURN_USAGE;
		free(c->tags);
		c->tags = tags;
	}
	if ((value = args_get(args, "layer")) != NULL) {
		if (layer_from_name(value, &layer) != 0) {
			xasprintf(cause, "bad layer '%s' (skim, explore or "
			    "deepen)", value);
			return CMD_RETURN_USAGE;
		}
		c->layer = layer;
	}
	if ((value = args_get(args, "deck")) != NULL) {
		if (!deck_name_valid(value, cause))
			return CMD_RETURN_USAGE;
		if ((d = deck_find(ctx_store(ctx), value, &error)) == NULL) {
			*cause = error != NULL ? error :
			    deck_missing(ctx_store(ctx), value);
			return CMD_RETURN_ERROR;
		}
		c->deck_id = d->id;
		free(c->deck);
		c->deck = xstrdup(d->name);
		deck_free(d);
	}
	return 0;
}

static enum cmd_retval
cmd_edit_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct card	*c;
	struct json	*j;
	char		*cause = NULL, *front, *back, *tags;
	int		 any, rc, converted = 0, unchanged = 0;
	enum layer	 layer;
	int64_t		 deck;

	any = args_has(args, "front") || args_has(args, "back") ||
	    args_has(args, "tags") || args_has(args, "layer") ||
	    args_has(args, "deck");
	if (!any && !ctx->interactive)
		return cmd_usage(ctx, "edit: give --front, --back, --tags, "
		    "--layer or --deck (no terminal for $EDITOR)");
	if (card_ids_check(ctx, args->argc, args->argv) != CMD_RETURN_NORMAL)
		return CMD_RETURN_USAGE;
	if ((c = card_resolve(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	front = xstrdup(c->front);
	back = xstrdup(c->back);
	tags = xstrdup(c->tags);
	layer = c->layer;
	deck = c->deck_id;
	if (any)
		rc = cmd_edit_options(ctx, args, c, &cause);
	else
		rc = card_edit_editor(c, &cause) == 0 ? 0 : CMD_RETURN_ERROR;
	if (rc == 0 && strcmp(front, c->front) == 0 &&
	    strcmp(back, c->back) == 0 && strcmp(tags, c->tags) == 0 &&
	    layer == c->layer && deck == c->deck_id) {
		if (!ctx->quiet && !args_json(ctx, args))
			printf("card %lld unchanged\n", (long long)c->id);
		unchanged = 1;
	}
	free(tags);
	/*
	 * A cloze edited by hand no longer follows its line: it becomes a
	 * plain card, so an export writes what it now says.
	 */
	if (rc == 0 && c->kind == KIND_CLOZE && (strcmp(front, c->front) != 0 ||
	    strcmp(back, c->back) != 0)) {
		c->kind = KIND_BASIC;
		c->cloze = 0;
		free(c->note);
		c->note = NULL;
		converted = 1;
	}
	free(front);
	free(back);
	if (rc == 0 && !unchanged &&
	    card_update_text(ctx_store(ctx), c, &cause) != 0)
		rc = CMD_RETURN_ERROR;
	if (rc != 0) {
		cmd_error(ctx, "edit: %s", cause);
		free(cause);
		card_free(c);
		return rc;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		card_json(j, c, NULL);
		json_free(j);
	} else if (!ctx->quiet && !unchanged) {
		printf("changed card %lld\n", (long long)c->id);
		if (converted)
			printf("card %lld is a plain card now: its text no "
			    "longer follows its cloze line\n",
			    (long long)c->id);
	}
	card_free(c);
	return CMD_RETURN_NORMAL;
}
