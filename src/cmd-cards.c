/*
 * cards: list cards, by deck, layer, tag or state.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

static enum cmd_retval	cmd_cards_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_cards_option_table[] = {
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = "layer", .value = "L", .choices = "skim,explore,deepen" },
	{ .name = "tag", .value = "T" },
	{ .name = "new", .group = 1 },
	{ .name = "due", .group = 1 },
	{ .name = "suspended", .group = 1 },
	{ .name = "leech", .group = 1 },
	{ .name = NULL }
};

const struct cmd_entry cmd_cards_entry = {
	.name = "cards",
	.args = { cmd_cards_option_table, 0, 0, NULL },
	.help = "List cards (a deck includes its subdecks).",
	.flags = CMD_JSON,
	.exec = cmd_cards_exec
};

/* What the listing callback needs. */
struct cmd_cards_state {
	struct json	*json;
	struct card_listing listing;
	int		 count;
	int		 today;
};

/* The due column: "new", "today", a date, or "suspended". */
static char *
cmd_cards_due(const struct card *c, int today)
{
	if (c->suspended)
		return xstrdup("suspended");
	if (card_is_new(c))
		return xstrdup("new");
	if (c->due <= today)
		return xstrdup("due");
	return clock_day_string(c->due);
}

/*
 * Print one card, as a row or a JSON object; stop once standard output
 * takes no more.
 */
static int
cmd_cards_print(struct card *c, void *arg)
{
	struct cmd_cards_state	*s = arg;
	char			*due, *lead;

	s->count++;
	if (s->json != NULL) {
		card_json(s->json, c, NULL);
		return out_failed();
	}
	due = cmd_cards_due(c, s->today);
	xasprintf(&lead, "%6lld  %-10s %-7s  ", (long long)c->id, due,
	    layer_name(c->layer));
	card_listing_row(&s->listing, lead, c);
	free(lead);
	free(due);
	return out_failed();
}

static enum cmd_retval
cmd_cards_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct card_filter	 f;
	struct cmd_cards_state	 s;
	const char		*value;
	enum layer		 layer;
	char			*cause = NULL;
	int			 failed;

	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	f.layer = -1;
	f.deck = args_get(args, "deck");
	f.tag = args_get(args, "tag");
	f.today = s.today = review_today(st);
	if ((value = args_get(args, "layer")) != NULL) {
		if (layer_from_name(value, &layer) != 0)
			return cmd_usage(ctx, "cards: bad layer '%s' (skim, "
			    "explore or deepen)", value);
		f.layer = (int)layer;
	}
	/* The options of one group: parsing let one through at most. */
	if (args_has(args, "new"))
		f.state = FILTER_NEW;
	else if (args_has(args, "due"))
		f.state = FILTER_DUE;
	else if (args_has(args, "suspended"))
		f.state = FILTER_SUSPENDED;
	else if (args_has(args, "leech"))
		f.state = FILTER_LEECH;
	if (f.deck != NULL && deck_filter_check(ctx, f.deck) != 0)
		return CMD_RETURN_ERROR;
	if (args_json(ctx, args)) {
		s.json = json_create(stdout);
		json_array_begin(s.json);
	} else {
		card_listing_init(&s.listing, st, f.deck, 29);
		s.listing.header = "    ID  DUE        LAYER    ";
	}
	failed = card_foreach(st, &f, cmd_cards_print, &s, &cause) == -1;
	if (s.json != NULL) {
		json_array_end(s.json);
		json_free(s.json);
	}
	if (failed) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (s.json == NULL && s.count == 0 && !ctx->quiet)
		printf("no cards\n");
	return CMD_RETURN_NORMAL;
}
