/*
 * search: find cards by a PCRE2 regular expression over their fronts,
 * backs, tags and context.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

static enum cmd_retval	cmd_search_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.alias = "/",
	.args = { "deck=@deck i/ignore-case json", 1, 1 },
	.usage = "REGEX [--deck D] [-i] [--json]",
	.help = "Find cards whose front, back, tags or context match a "
	    "regular expression (PCRE2; -i ignores case).",
	.complete = "-",
	.exec = cmd_search_exec
};

static enum cmd_retval
cmd_search_exec(struct cmd_ctx *ctx, struct args *args)
{
	static char	 sql[2048];
	struct store	*st = ctx_store(ctx);
	sqlite3_stmt	*stmt;
	struct card	*c;
	struct json	*j = NULL;
	const char	*deck = args_get(args, "deck");
	struct card_listing listing;
	char		*pattern, *cause = NULL, *lead;
	int		 rc, n = 0;

	if (sql[0] == '\0') {
		snprintf(sql, sizeof sql, "SELECT %s FROM cards JOIN decks ON "
		    "decks.id = cards.deck_id WHERE (?2 IS NULL OR "
		    "decks.name = ?2 OR substr(decks.name, 1, length(?2) + 2) "
		    "= ?2 || '::') AND (cards.front REGEXP ?1 OR cards.back "
		    "REGEXP ?1 OR cards.tags REGEXP ?1 OR cards.context REGEXP "
		    "?1) ORDER BY decks.name, cards.id", card_columns);
	}
	if (args_has(args, "ignore-case"))
		xasprintf(&pattern, "(?i)%s", args->argv[0]);
	else
		pattern = xstrdup(args->argv[0]);
	if (regexp_check(pattern, &cause) != 0) {
		cmd_error(ctx, "search: %s", cause);
		free(cause);
		free(pattern);
		return CMD_RETURN_ERROR;
	}
	if (deck != NULL && deck_filter_check(ctx, deck) != 0) {
		free(pattern);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
	} else
		card_listing_init(&listing, st, deck, 8);
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, pattern, -1, SQLITE_STATIC);
	stmt_bind_text(stmt, 2, deck);
	while ((rc = store_step(st, stmt, &cause)) == 1) {
		c = card_from_row(stmt);
		n++;
		if (j != NULL)
			card_json(j, c, NULL);
		else {
			xasprintf(&lead, "%6lld  ", (long long)c->id);
			card_listing_row(&listing, lead, c);
			free(lead);
		}
		card_free(c);
	}
	sqlite3_reset(stmt);
	free(pattern);
	if (j != NULL) {
		json_array_end(j);
		json_free(j);
	}
	if (rc < 0) {
		cmd_error(ctx, "search: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (n == 0 && j == NULL && !ctx->quiet)
		printf("no cards match\n");
	return CMD_RETURN_NORMAL;
}
