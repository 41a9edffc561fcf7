/*
 * summaries: list the summaries written in recall, or print one.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_summaries_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_summaries_entry = {
	.name = "summaries",
	.args = { NULL, 0, 1, "[ID]" },
	.help = "List the summaries written in recall, or print one.",
	.flags = CMD_JSON,
	.exec = cmd_summaries_exec
};

/* What the listing has written so far. */
struct summaries_state {
	struct json	*j;	/* NULL for text */
	int		 n;
};

/* Print one summary of the listing. */
static void
cmd_summaries_row(const struct summary_entry *e, void *arg)
{
	struct summaries_state	*s = arg;
	char			*when;

	s->n++;
	if (s->j != NULL) {
		when = clock_time_string(e->modified);
		json_object_begin(s->j);
		json_kv_int(s->j, "id", e->id);
		json_kv_string(s->j, "deck", e->deck);
		json_kv_string(s->j, "title", e->title);
		json_kv_string(s->j, "modified", when);
		json_kv_int(s->j, "cards", e->cards);
		json_object_end(s->j);
	} else {
		when = clock_format(e->modified, "%Y-%m-%d");
		printf("%4lld  %s  %-20s %3d %s  %s\n", (long long)e->id,
		    when, e->deck, e->cards, e->cards == 1 ? "card " : "cards",
		    e->title);
	}
	free(when);
}

static enum cmd_retval
cmd_summaries_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct summaries_state	 s = { NULL, 0 };
	struct json		*j;
	char			*body, *cause = NULL;
	long long		 id;
	int			 rc;

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
		s.j = json_create(stdout);
		json_array_begin(s.j);
	}
	rc = summary_foreach(st, cmd_summaries_row, &s, &cause);
	if (s.j != NULL) {
		json_array_end(s.j);
		json_free(s.j);
	} else if (rc == 0 && s.n == 0 && !ctx->quiet)
		printf("no summaries yet: write one with 'summarize DECK'\n");
	if (rc != 0) {
		cmd_error(ctx, "summaries: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	return CMD_RETURN_NORMAL;
}
