/*
 * check: prove that the review log and the cards agree, and that the
 * database is sound.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_check_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.args = { NULL, 0, 0 },
	.usage = "[--json]",
	.help = "Replay the review log from scratch and prove every card's "
	    "schedule matches it; check the database's integrity.",
	.complete = "",
	.flags = CMD_JSON,
	.exec = cmd_check_exec
};

/* Collected problems. */
struct check_list {
	char	**lines;
	int	  n;
	char	 *error;	/* a read that failed, or NULL */
};

/* Keep one problem. */
static void
check_add(void *arg, const char *line)
{
	struct check_list *l = arg;

	l->lines = xreallocarray(l->lines, (size_t)l->n + 1, sizeof *l->lines);
	l->lines[l->n++] = xstrdup(line);
}

/* Step one of check's reads; the first that fails is kept, and ends it. */
static int
check_step(struct store *st, sqlite3_stmt *stmt, struct check_list *l)
{
	if (l->error != NULL) {
		sqlite3_reset(stmt);
		return 0;
	}
	return store_step(st, stmt, &l->error) == 1;
}

/* SQLite's integrity check: each row it returns other than "ok". */
static void
check_integrity(struct store *st, struct check_list *l)
{
	sqlite3_stmt	*stmt = store_stmt(st, "PRAGMA integrity_check");
	const char	*s;
	char		*line;

	while (check_step(st, stmt, l)) {
		s = (const char *)sqlite3_column_text(stmt, 0);
		if (s == NULL || strcmp(s, "ok") == 0)
			continue;
		xasprintf(&line, "database: %s", s);
		check_add(l, line);
		free(line);
	}
	sqlite3_reset(stmt);
}

/* Which card a row of a table belongs to, or 0 (for foreign keys). */
static int64_t
check_row_card(struct store *st, const char *table, int64_t row,
    struct check_list *l)
{
	static const char reviews_sql[] = "SELECT card_id FROM reviews "
	    "WHERE id = ?";
	sqlite3_stmt	*stmt;
	int64_t		 card = 0;

	if (strcmp(table, "cards") == 0)
		return row;
	if (strcmp(table, "reviews") != 0)
		return 0;
	stmt = store_stmt(st, reviews_sql);
	sqlite3_bind_int64(stmt, 1, row);
	if (check_step(st, stmt, l))
		card = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return card;
}

/*
 * Rows that point at rows that are not there: each named by what it is
 * (an answer, a card) and its card, so the person can find it.
 */
static void
check_foreign_keys(struct store *st, struct check_list *l)
{
	sqlite3_stmt	*stmt = store_stmt(st, "PRAGMA foreign_key_check");
	const char	*table, *parent;
	int64_t		 row, card;
	char		*line;

	while (check_step(st, stmt, l)) {
		table = (const char *)sqlite3_column_text(stmt, 0);
		parent = (const char *)sqlite3_column_text(stmt, 2);
		row = sqlite3_column_int64(stmt, 1);
		if (table == NULL || parent == NULL)
			continue;
		card = check_row_card(st, table, row, l);
		if (strcmp(table, "reviews") == 0)
			xasprintf(&line, "card %lld: answer %lld refers to a "
			    "missing row of %s", (long long)card,
			    (long long)row, parent);
		else if (card != 0)
			xasprintf(&line, "card %lld refers to a missing row of "
			    "%s", (long long)card, parent);
		else
			xasprintf(&line, "database: row %lld of %s refers to "
			    "a missing row of %s", (long long)row, table,
			    parent);
		check_add(l, line);
		free(line);
	}
	sqlite3_reset(stmt);
}

/* The cached counts (layers, days) must equal counting afresh. */
static void
check_caches(struct store *st, struct check_list *l)
{
	static const char layers_sql[] = "SELECT d.name, x.layer, "
	    "coalesce(c.n, 0), x.cards, coalesce(c.passed, 0), x.passed "
	    "FROM layer_counts x JOIN decks d ON d.id = x.deck_id "
	    "LEFT JOIN (SELECT deck_id, layer, count(*) AS n, "
	    "sum(passed) AS passed FROM cards WHERE suspended = 0 "
	    "GROUP BY deck_id, layer) c ON c.deck_id = x.deck_id AND "
	    "c.layer = x.layer WHERE coalesce(c.n, 0) != x.cards OR "
	    "coalesce(c.passed, 0) != x.passed";
	static const char daily_sql[] = "SELECT coalesce(d.name, x.deck_id), "
	    "x.day, x.ms, coalesce(r.ms, 0) FROM daily x LEFT JOIN (SELECT "
	    "deck_id, day, sum(duration) AS ms FROM reviews GROUP BY deck_id, "
	    "day) r ON r.deck_id = x.deck_id AND r.day = x.day "
	    "LEFT JOIN decks d ON d.id = x.deck_id "
	    "WHERE x.ms != coalesce(r.ms, 0)";
	static const char due_sql[] = "SELECT coalesce(d.name, x.deck_id), "
	    "x.due, x.cached, x.counted FROM (SELECT deck_id, due, "
	    "sum(cached) AS cached, sum(counted) AS counted FROM (SELECT "
	    "deck_id, due, cards AS cached, 0 AS counted FROM due_days "
	    "UNION ALL SELECT deck_id, due, 0, 1 FROM cards WHERE due IS NOT "
	    "NULL AND suspended = 0) GROUP BY deck_id, due HAVING "
	    "sum(cached) != sum(counted)) x LEFT JOIN decks d ON "
	    "d.id = x.deck_id";
	sqlite3_stmt	*stmt;
	char		*line, *day, *logged, *cached;

	stmt = store_stmt(st, due_sql);
	while (check_step(st, stmt, l)) {
		day = clock_day_string(sqlite3_column_int(stmt, 1));
		xasprintf(&line, "deck '%s': counted %d cards due on %s, "
		    "cached %d", sqlite3_column_text(stmt, 0),
		    sqlite3_column_int(stmt, 3), day,
		    sqlite3_column_int(stmt, 2));
		check_add(l, line);
		free(line);
		free(day);
	}
	stmt = store_stmt(st, layers_sql);
	while (check_step(st, stmt, l)) {
		xasprintf(&line, "deck '%s', layer %s: counted %d cards (%d "
		    "passed), cached %d (%d)", sqlite3_column_text(stmt, 0),
		    sqlite3_column_text(stmt, 1), sqlite3_column_int(stmt, 2),
		    sqlite3_column_int(stmt, 4), sqlite3_column_int(stmt, 3),
		    sqlite3_column_int(stmt, 5));
		check_add(l, line);
		free(line);
	}
	stmt = store_stmt(st, daily_sql);
	while (check_step(st, stmt, l)) {
		day = clock_day_string(sqlite3_column_int(stmt, 1));
		logged = format_duration((int)(sqlite3_column_int64(stmt, 3) /
		    1000));
		cached = format_duration((int)(sqlite3_column_int64(stmt, 2) /
		    1000));
		xasprintf(&line, "deck '%s', %s: the log has %s of answers "
		    "(%lld ms), the daily cache %s (%lld ms)",
		    sqlite3_column_text(stmt, 0), day, logged,
		    (long long)sqlite3_column_int64(stmt, 3), cached,
		    (long long)sqlite3_column_int64(stmt, 2));
		check_add(l, line);
		free(line);
		free(day);
		free(logged);
		free(cached);
	}
}

/*
 * Text that entered before every way in was checked (a NUL, invalid UTF-8,
 * an overlong line) would export a summary that import refuses: name each.
 */
static void
check_text(struct store *st, struct check_list *l)
{
	static const struct {
		const char	*sql;
		const char	*fix;
	} tables[] = {
		{ "SELECT 'card', id, front, back, note, context, tags, source "
		  "FROM cards", "'edit ID' or 'delete ID'" },
		{ "SELECT 'deck', id, name FROM decks", "'deck rename'" },
		{ "SELECT 'summary', id, title, body FROM summaries",
		  "'summarize --edit ID'" },
		{ "SELECT 'reading-list entry', id, topic, deck FROM later",
		  "'later done ID' and add it again" },
		{ "SELECT 'deep dive', id, topic, deck FROM deepdives", NULL }
	};
	sqlite3_stmt	*stmt;
	const char	*text;
	char		*why, *line;
	size_t		 i;
	int		 col;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		stmt = store_stmt(st, tables[i].sql);
		while (check_step(st, stmt, l)) {
			for (col = 2; col < sqlite3_column_count(stmt); col++) {
				if ((text = sqlite3_column_blob(stmt, col)) ==
				    NULL || text_check(text, (size_t)
				    sqlite3_column_bytes(stmt, col), &why) == 0)
					continue;
				xasprintf(&line, "%s %lld: its %s has %s%s%s",
				    sqlite3_column_text(stmt, 0),
				    (long long)sqlite3_column_int64(stmt, 1),
				    sqlite3_column_name(stmt, col), why,
				    tables[i].fix != NULL ? "; fix it with " : "",
				    tables[i].fix != NULL ? tables[i].fix : "");
				check_add(l, line);
				free(line);
				free(why);
			}
		}
		sqlite3_reset(stmt);
	}
}

static enum cmd_retval
cmd_check_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct review_check	 rc;
	struct check_list	 l;
	struct json		*j;
	int			 i;

	memset(&l, 0, sizeof l);
	memset(&rc, 0, sizeof rc);
	check_integrity(st, &l);
	check_foreign_keys(st, &l);
	rc.report = check_add;
	rc.arg = &l;
	review_check(st, &rc);
	if (l.error == NULL)
		l.error = rc.error;
	else
		free(rc.error);
	check_caches(st, &l);
	check_text(st, &l);
	if (l.error != NULL) {
		/* Half a check is no verdict: what it found, and why it stopped. */
		for (i = 0; i < l.n; i++) {
			if (!args_json(ctx, args))
				printf("%s\n", l.lines[i]);
			free(l.lines[i]);
		}
		free(l.lines);
		cmd_error(ctx, "check: %s", l.error);
		free(l.error);
		return CMD_RETURN_ERROR;
	}

	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_object_begin(j);
		json_kv_bool(j, "ok", l.n == 0);
		json_kv_int(j, "cards", rc.cards);
		json_kv_int(j, "answers", rc.reviews);
		json_key(j, "problems");
		json_array_begin(j);
		for (i = 0; i < l.n; i++)
			json_string(j, l.lines[i]);
		json_array_end(j);
		json_object_end(j);
		json_free(j);
	} else {
		for (i = 0; i < l.n; i++)
			printf("%s\n", l.lines[i]);
		if (l.n == 0)
			printf("ok: replayed %d answer%s on %d card%s; every "
			    "schedule matches its log, and the database is "
			    "sound\n", rc.reviews, rc.reviews == 1 ? "" : "s",
			    rc.cards, rc.cards == 1 ? "" : "s");
		else
			printf("%d problem%s found\n", l.n, l.n == 1 ? "" :
			    "s");
	}
	for (i = 0; i < l.n; i++)
		free(l.lines[i]);
	free(l.lines);
	if (l.n == 0 && store_warning(st) != NULL) {
		/* Sound again: forget the damage; reopen to write. */
		store_clear_damaged(st);
		store_close(ctx->store);
		ctx->store = NULL;
	}
	return l.n == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}
