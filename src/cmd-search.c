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

static const struct cmd_option cmd_search_option_table[] = {
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = "ignore-case", .letter = 'i' },
	{ .name = NULL }
};

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.alias = "/",
	.args = { cmd_search_option_table, 1, 1, "REGEX" },
	.help = "Find cards whose front, back, tags or context match a "
	    "regular expression (PCRE2; -i ignores case).",
	.complete = "-",
	.flags = CMD_JSON,
	.exec = cmd_search_exec
};

/* What a search found, and the cards too complex to search. */
struct search_state {
	struct json		*json;
	struct card_listing	 listing;
	int			 found;
	int64_t			*skipped;
	int			 nskipped;
	size_t			 skipped_cap;	/* room in skipped */
};

/* Whether the pattern ?1 matches a card's text, as the last column. */
#define CMD_SEARCH_MATCH "(cards.front REGEXP ?1 OR cards.back REGEXP ?1 " \
	"OR cards.tags REGEXP ?1 OR cards.context REGEXP ?1)"

/*
 * The cards of the deck ?2 (or all), each with whether the pattern
 * matched: every card, or (with an index query ?3) only those the trigram
 * index says hold the pattern's literals, and those not indexed yet.
 */
static sqlite3_stmt *
cmd_search_stmt(struct store *st, const char *query)
{
	static const char scan_sql[] = "SELECT " CARD_COLUMNS ", "
	    CMD_SEARCH_MATCH " FROM cards JOIN decks ON "
	    "decks.id = cards.deck_id WHERE ?2 IS NULL OR "
	    SQL_DECK_OR_BELOW("decks.name", "?2") " ORDER BY decks.name, "
	    "cards.id";
	static const char index_sql[] = "SELECT " CARD_COLUMNS ", "
	    CMD_SEARCH_MATCH " FROM cards JOIN decks ON "
	    "decks.id = cards.deck_id WHERE cards.id IN (SELECT rowid FROM "
	    "cards_text WHERE cards_text MATCH ?3 UNION ALL SELECT id FROM "
	    "cards_text_pending) AND (?2 IS NULL OR "
	    SQL_DECK_OR_BELOW("decks.name", "?2") ") "
	    "ORDER BY decks.name, cards.id";
	sqlite3_stmt *stmt;

	if (query == NULL)
		return store_stmt(st, scan_sql);
	stmt = store_stmt(st, index_sql);
	sqlite3_bind_text(stmt, 3, query, -1, SQLITE_TRANSIENT);
	return stmt;
}

/*
 * The index query for a pattern, or NULL to try every card: also when
 * RECALL_SEARCH_SCAN is set, which the tests use to prove that both ways
 * find the same cards.
 */
static char *
cmd_search_index_query(const char *pattern)
{
	const char *scan = getenv("RECALL_SEARCH_SCAN");

	if (scan != NULL && *scan != '\0')
		return NULL;
	return search_index_query(pattern);
}

/* One row: print a match, remember a card the pattern could not search. */
static void
cmd_search_row(struct search_state *s, sqlite3_stmt *stmt)
{
	int		 hit = sqlite3_column_count(stmt) - 1;
	struct card	*c;
	char		*lead;

	if (sqlite3_column_type(stmt, hit) == SQLITE_NULL) {
		s->skipped = xgrow(s->skipped, &s->skipped_cap,
		    (size_t)s->nskipped, sizeof *s->skipped);
		s->skipped[s->nskipped++] = sqlite3_column_int64(stmt, 0);
		return;
	}
	if (sqlite3_column_int(stmt, hit) == 0)
		return;
	c = card_from_row(stmt);
	s->found++;
	if (s->json != NULL)
		card_json(s->json, c, NULL);
	else {
		xasprintf(&lead, "%6lld  ", (long long)c->id);
		card_listing_row(&s->listing, lead, c);
		free(lead);
	}
	card_free(c);
}

/* Say once, at the end, which cards were skipped and what to do. */
static void
cmd_search_skipped(struct cmd_ctx *ctx, const struct search_state *s)
{
	static const char why[] = "the expression is too complex for";
	static const char advice[] = "(PCRE2's match limit), so there may be "
	    "more matches; simplify it (for example, '(a+)+' finds what 'a+' "
	    "finds)";
	struct buf	b;
	int		i;

	buf_init(&b);
	for (i = 0; i < s->nskipped && i < 10; i++)
		buf_printf(&b, "%s%lld", i == 0 ? "" : ", ",
		    (long long)s->skipped[i]);
	if (s->nskipped > 10)
		buf_printf(&b, " and %d more", s->nskipped - 10);
	buf_putc(&b, '\0');
	if (s->nskipped == 1)
		cmd_error(ctx, "search: skipped card %s: %s its text %s",
		    b.data, why, advice);
	else
		cmd_error(ctx, "search: skipped %d cards (%s): %s their text "
		    "%s", s->nskipped, b.data, why, advice);
	buf_free(&b);
}

static enum cmd_retval
cmd_search_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	sqlite3_stmt		*stmt;
	struct search_state	 s;
	const char		*deck = args_get(args, "deck");
	char			*pattern, *query, *cause = NULL;
	int			 rc = 0;

	if (args_has(args, "ignore-case"))
		xasprintf(&pattern, "(?i)%s", args->argv[0]);
	else
		pattern = xstrdup(args->argv[0]);
	if (regexp_check(pattern, &cause) != 0) {
		cmd_error(ctx, "search: %s", cause);
		free(cause);
		free(pattern);
		return CMD_RETURN_USAGE;
	}
	if (deck != NULL && deck_filter_check(ctx, deck) != 0) {
		free(pattern);
		return CMD_RETURN_ERROR;
	}
	memset(&s, 0, sizeof s);
	if (args_json(ctx, args)) {
		s.json = json_create(stdout);
		json_array_begin(s.json);
	} else {
		card_listing_init(&s.listing, st, deck, 8);
		s.listing.header = "    ID  ";
	}
	query = cmd_search_index_query(pattern);
	stmt = cmd_search_stmt(st, query);
	sqlite3_bind_text(stmt, 1, pattern, -1, SQLITE_STATIC);
	stmt_bind_text(stmt, 2, deck);
	while (!out_failed() && (rc = store_step(st, stmt, &cause)) == 1)
		cmd_search_row(&s, stmt);
	sqlite3_reset(stmt);
	free(query);
	free(pattern);
	if (s.json != NULL) {
		json_array_end(s.json);
		json_free(s.json);
	}
	if (rc < 0) {
		cmd_error(ctx, "search: %s", cause);
		free(cause);
		free(s.skipped);
		return CMD_RETURN_ERROR;
	}
	if (s.found == 0 && s.json == NULL && !ctx->quiet)
		printf("no cards match\n");
	if (s.nskipped > 0) {
		cmd_search_skipped(ctx, &s);
		free(s.skipped);
		return CMD_RETURN_ERROR;
	}
	return CMD_RETURN_NORMAL;
}
