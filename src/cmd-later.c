/*
 * later: the reading list — topics bookmarked for later, and deep dives
 * planned for a day.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_later_list_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_later_add_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_later_done_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_later_list_option_table[] = {
	{ "all", 0, 0, NULL },
	{ NULL, 0, 0, NULL }
};

static const struct cmd_entry cmd_later_list_entry = {
	.name = "list",
	.alias = "ls",
	.args = { cmd_later_list_option_table, 0, 0 },
	.usage = "[--all] [--json]",
	.help = "The reading list: planned deep dives by day, then bookmarks "
	    "(--all includes what is done).",
	.complete = "",
	.flags = CMD_JSON,
	.exec = cmd_later_list_exec
};

static const struct cmd_option cmd_later_add_option_table[] = {
	{ "on", 0, 1, NULL },
	{ "deck", 0, 1, "@deck" },
	{ NULL, 0, 0, NULL }
};

static const struct cmd_entry cmd_later_add_entry = {
	.name = "add",
	.args = { cmd_later_add_option_table, 1, 1 },
	.usage = "TOPIC [--on DAY] [--deck D] [--json]",
	.help = "Bookmark a topic, or with --on (YYYY-MM-DD, tomorrow, +N) "
	    "plan a deep dive on it that day.",
	.complete = "",
	.flags = CMD_JSON,
	.exec = cmd_later_add_exec
};

static const struct cmd_entry cmd_later_done_entry = {
	.name = "done",
	.args = { NULL, 1, -1 },
	.usage = "ID...",
	.help = "Mark reading-list entries done.",
	.complete = "",
	.exec = cmd_later_done_exec
};

static const struct cmd_entry *const cmd_later_subs[] = {
	&cmd_later_add_entry,
	&cmd_later_done_entry,
	&cmd_later_list_entry,
	NULL
};

static const struct cmd_option cmd_later_option_table[] = {
	{ "all", 0, 0, NULL },
	{ NULL, 0, 0, NULL }
};

const struct cmd_entry cmd_later_entry = {
	.name = "later",
	.args = { cmd_later_option_table, 0, 0 },
	.usage = "list|add|done ...",
	.help = "The reading list: bookmarks and planned deep dives; alone, "
	    "lists it.",
	.complete = "",
	.flags = CMD_JSON,
	.sub = cmd_later_subs,
	.exec = cmd_later_list_exec
};

static enum cmd_retval
cmd_later_list_exec(struct cmd_ctx *ctx, struct args *args)
{
	static const char sql[] = "SELECT id, kind, topic, deck, day, done "
	    "FROM later WHERE ?1 OR done IS NULL ORDER BY done IS NOT NULL, "
	    "day IS NULL, day, id";
	struct store	*st = ctx_store(ctx);
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	struct json	*j = NULL;
	char		*when, *cause = NULL;
	int		 today, day, n = 0, rc;

	today = review_today(st);
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
	}
	sqlite3_bind_int(stmt, 1, args_has(args, "all"));
	while ((rc = store_step(st, stmt, &cause)) == 1) {
		n++;
		day = sqlite3_column_type(stmt, 4) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(stmt, 4);
		when = day < 0 ? NULL : clock_day_string(day);
		if (j != NULL) {
			json_object_begin(j);
			json_kv_int(j, "id", sqlite3_column_int64(stmt, 0));
			json_kv_string(j, "kind",
			    (const char *)sqlite3_column_text(stmt, 1));
			json_kv_string(j, "topic",
			    (const char *)sqlite3_column_text(stmt, 2));
			json_kv_string(j, "deck",
			    (const char *)sqlite3_column_text(stmt, 3));
			json_kv_string(j, "day", when);
			json_kv_bool(j, "due", day >= 0 && day <= today &&
			    sqlite3_column_type(stmt, 5) == SQLITE_NULL);
			json_kv_bool(j, "done",
			    sqlite3_column_type(stmt, 5) != SQLITE_NULL);
			json_object_end(j);
		} else {
			printf("%4lld  %-10s  %-8s  %s",
			    (long long)sqlite3_column_int64(stmt, 0),
			    day < 0 ? "-" : day == today ? "today" : when,
			    day < 0 ? "bookmark" : "deepdive",
			    sqlite3_column_text(stmt, 2));
			if (sqlite3_column_type(stmt, 3) != SQLITE_NULL)
				printf("  (%s)", sqlite3_column_text(stmt, 3));
			if (sqlite3_column_type(stmt, 5) != SQLITE_NULL)
				printf("  done");
			printf("\n");
		}
		free(when);
	}
	if (j != NULL) {
		json_array_end(j);
		json_free(j);
	}
	if (rc == -1) {
		cmd_error(ctx, "later: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (j == NULL && n == 0 && !ctx->quiet)
		printf("the reading list is empty: 'later add TOPIC' "
		    "bookmarks one\n");
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_later_add_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	const char	*on = args_get(args, "on"), *deck = args_get(args, "deck");
	char		*cause = NULL, *when;
	int		 day = -1, rc;
	int64_t		 id;

	if (str_empty(args->argv[0]))
		return cmd_usage(ctx, "later add: the topic is empty");
	if (text_check(args->argv[0], strlen(args->argv[0]), &cause) != 0) {
		cmd_error(ctx, "later add: the topic has %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if (on != NULL && (rc = later_parse_day(on, review_today(st),
	    review_rollover(st), &day, &cause)) != 0) {
		cmd_error(ctx, "later add: %s", cause);
		free(cause);
		/* A day of the wrong form is a usage error; a past one fails. */
		return rc == -2 ? CMD_RETURN_ERROR : CMD_RETURN_USAGE;
	}
	if (deck != NULL && !deck_name_valid(deck, &cause)) {
		cmd_error(ctx, "later add: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if (later_add(st, args->argv[0], deck, day, &id, &cause) != 0) {
		cmd_error(ctx, "later add: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		struct json *j = json_create(stdout);

		json_object_begin(j);
		json_kv_int(j, "id", id);
		json_kv_string(j, "kind", day < 0 ? "bookmark" : "deepdive");
		json_kv_string(j, "topic", args->argv[0]);
		when = day < 0 ? NULL : clock_day_string(day);
		json_kv_string(j, "day", when);
		free(when);
		json_object_end(j);
		json_free(j);
	} else if (!ctx->quiet) {
		if (day < 0)
			printf("bookmarked '%s' (later %lld)\n", args->argv[0],
			    (long long)id);
		else {
			when = clock_day_string(day);
			printf("planned a deep dive on '%s' for %s (later "
			    "%lld)\n", args->argv[0], when, (long long)id);
			free(when);
		}
	}
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_later_done_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	char		*cause = NULL;
	long long	 id;
	int		 i;

	for (i = 0; i < args->argc; i++) {
		if (parse_int(args->argv[i], 1, INT64_MAX, &id) != 0)
			return cmd_usage(ctx, "later done: bad id '%s'",
			    args->argv[i]);
	}
	if (store_begin(st, &cause) != 0)
		goto fail;
	for (i = 0; i < args->argc; i++) {
		parse_int(args->argv[i], 1, INT64_MAX, &id);
		if (later_done(st, id, &cause) != 0) {
			store_rollback(st);
			goto fail;
		}
	}
	if (store_commit(st, &cause) != 0)
		goto fail;
	if (!ctx->quiet) {
		for (i = 0; i < args->argc; i++)
			printf("done: later %s\n", args->argv[i]);
	}
	return CMD_RETURN_NORMAL;
fail:
	cmd_error(ctx, "later done: %s", cause);
	free(cause);
	return CMD_RETURN_ERROR;
}
