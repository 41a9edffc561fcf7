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
	{ .name = "all" },
	{ .name = NULL }
};

static const struct cmd_entry cmd_later_list_entry = {
	.name = "list",
	.alias = "ls",
	.args = { cmd_later_list_option_table, 0, 0, NULL },
	.help = "The reading list: planned deep dives by day, then bookmarks "
	    "(--all includes what is done).",
	.flags = CMD_JSON,
	.exec = cmd_later_list_exec
};

static const struct cmd_option cmd_later_add_option_table[] = {
	{ .name = "on", .value = "DAY" },
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = NULL }
};

static const struct cmd_entry cmd_later_add_entry = {
	.name = "add",
	.args = { cmd_later_add_option_table, 1, 1, "TOPIC" },
	.help = "Bookmark a topic, or with --on (YYYY-MM-DD, tomorrow, +N) "
	    "plan a deep dive on it that day.",
	.flags = CMD_JSON,
	.exec = cmd_later_add_exec
};

static const struct cmd_entry cmd_later_done_entry = {
	.name = "done",
	.args = { NULL, 1, -1, "ID..." },
	.help = "Mark reading-list entries done.",
	.exec = cmd_later_done_exec
};

static const struct cmd_entry *const cmd_later_subs[] = {
	&cmd_later_add_entry,
	&cmd_later_done_entry,
	&cmd_later_list_entry,
	NULL
};

/* Alone, later runs its list, with the list's options. */
const struct cmd_entry cmd_later_entry = {
	.name = "later",
	.args = { cmd_later_list_option_table, 0, 0, NULL },
	.help = "The reading list: bookmarks and planned deep dives; alone, "
	    "lists it.",
	.flags = CMD_JSON,
	.sub = cmd_later_subs,
	.exec = cmd_later_list_exec
};

/* What the listing has written so far. */
struct later_state {
	struct json	*j;	/* NULL for text */
	int		 today;
	int		 n;
};

/* Print one entry of the reading list. */
static void
cmd_later_row(const struct later_entry *e, void *arg)
{
	struct later_state	*s = arg;
	char			*when;

	s->n++;
	when = e->day < 0 ? NULL : clock_day_string(e->day);
	if (s->j != NULL) {
		json_object_begin(s->j);
		json_kv_int(s->j, "id", e->id);
		json_kv_string(s->j, "kind", e->kind);
		json_kv_string(s->j, "topic", e->topic);
		json_kv_string(s->j, "deck", e->deck);
		json_kv_string(s->j, "day", when);
		json_kv_bool(s->j, "due", e->day >= 0 && e->day <= s->today &&
		    !e->done);
		json_kv_bool(s->j, "done", e->done);
		json_object_end(s->j);
	} else {
		printf("%4lld  %-10s  %-8s  %s", (long long)e->id,
		    e->day < 0 ? "-" : e->day == s->today ? "today" : when,
		    e->day < 0 ? "bookmark" : "deepdive", e->topic);
		if (e->deck != NULL)
			printf("  (%s)", e->deck);
		if (e->done)
			printf("  done");
		printf("\n");
	}
	free(when);
}

static enum cmd_retval
cmd_later_list_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct later_state	 s = { NULL, 0, 0 };
	char			*cause = NULL;
	int			 rc;

	s.today = review_today(st);
	if (args_json(ctx, args)) {
		s.j = json_create(stdout);
		json_array_begin(s.j);
	}
	rc = later_foreach(st, args_has(args, "all"), cmd_later_row, &s,
	    &cause);
	if (s.j != NULL) {
		json_array_end(s.j);
		json_free(s.j);
	} else if (rc == 0 && s.n == 0 && !ctx->quiet)
		printf("the reading list is empty: 'later add TOPIC' "
		    "bookmarks one\n");
	if (rc != 0) {
		cmd_error(ctx, "later: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
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
