/*
 * summaries: list the summaries written in recall, or print one.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_summaries_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_summaries_entry = {
	.name = "summaries",
	.args = { NULL, 0, 1 },
	.usage = "[ID] [--json]",
	.help = "List the summaries written in recall, or print one.",
	.complete = "",
	.flags = CMD_JSON,
	.exec = cmd_summaries_exec
};

static enum cmd_retval
cmd_summaries_exec(struct cmd_ctx *ctx, struct args *args)
{
	static const char sql[] = "SELECT s.id, coalesce(d.name, ''), "
	    "s.title, s.modified, (SELECT count(*) FROM cards c WHERE "
	    "c.source = 'summary:' || s.id AND c.removed = 0) FROM summaries s "
	    "LEFT JOIN decks d ON d.id = s.deck_id ORDER BY s.id";
	struct store	*st = ctx_store(ctx);
	sqlite3_stmt	*stmt;
	struct json	*j = NULL;
	char		*body, *when, *cause = NULL;
	long long	 id;
	int		 n = 0, rc;

	if (args->argc == 1) {
		if (parse_int(args->argv[0], 1, INT64_MAX, &id) != 0 ||
		    (body = summary_load(st, id, &cause)) == NULL) {
			if (cause != NULL) {
				cmd_error(ctx, "summaries: %s", cause);
				free(cause);
				return CMD_RETURN_ERROR;
			}
			cmd_error(ctx, "summaries: no summary '%s'",
			    args->argv[0]);
			return CMD_RETURN_ERROR;
		}
		if (args_json(ctx, args)) {
			j = json_create(stdout);
			json_object_begin(j);
			json_kv_int(j, "id", id);
			json_kv_string(j, "body", body);
			json_object_end(j);
			json_free(j);
		} else
			fputs(body, stdout);
		free(body);
		return CMD_RETURN_NORMAL;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
	}
	stmt = store_stmt(st, sql);
	while ((rc = store_step(st, stmt, &cause)) == 1) {
		n++;
		when = clock_time_string((time_t)sqlite3_column_int64(stmt, 3));
		if (j != NULL) {
			json_object_begin(j);
			json_kv_int(j, "id", sqlite3_column_int64(stmt, 0));
			json_kv_string(j, "deck",
			    (const char *)sqlite3_column_text(stmt, 1));
			json_kv_string(j, "title",
			    (const char *)sqlite3_column_text(stmt, 2));
			json_kv_string(j, "modified", when);
			json_kv_int(j, "cards", sqlite3_column_int(stmt, 4));
			json_object_end(j);
		} else {
			free(when);
			when = clock_format((time_t)sqlite3_column_int64(stmt,
			    3), "%Y-%m-%d");
			printf("%4lld  %s  %-20s %3d cards  %s\n",
			    (long long)sqlite3_column_int64(stmt, 0), when,
			    sqlite3_column_text(stmt, 1),
			    sqlite3_column_int(stmt, 4),
			    sqlite3_column_text(stmt, 2));
		}
		free(when);
	}
	if (j != NULL) {
		json_array_end(j);
		json_free(j);
	}
	if (rc == -1) {
		cmd_error(ctx, "summaries: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (j == NULL && n == 0 && !ctx->quiet)
		printf("no summaries yet: write one with 'summarize DECK'\n");
	return CMD_RETURN_NORMAL;
}
