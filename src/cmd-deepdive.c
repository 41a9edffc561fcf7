/*
 * deepdive: a timeboxed reading session.  The REPL prompt counts it down;
 * at the end (or on "deepdive done") recall asks what next: summarize now,
 * bookmark the topic, or plan another deep dive on a day.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_deepdive_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_deepdive_done_exec(struct cmd_ctx *,
			    struct args *);

static const struct cmd_option cmd_deepdive_done_option_table[] = {
	{ .name = "summarize", .group = 1 },
	{ .name = "bookmark", .group = 1 },
	{ .name = "schedule", .value = "DAY", .group = 1 },
	{ .name = NULL }
};

static const struct cmd_entry cmd_deepdive_done_entry = {
	.name = "done",
	.args = { cmd_deepdive_done_option_table, 0, 0, NULL },
	.help = "End the deep dive now: summarize it, bookmark it, or plan "
	    "another on a day; with none of these, on a terminal, ask.",
	.exec = cmd_deepdive_done_exec
};

static const struct cmd_entry *const cmd_deepdive_subs[] = {
	&cmd_deepdive_done_entry,
	NULL
};

static const struct cmd_option cmd_deepdive_option_table[] = {
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = NULL }
};

const struct cmd_entry cmd_deepdive_entry = {
	.name = "deepdive",
	.alias = "dd",
	.args = { cmd_deepdive_option_table, 0, 2, "[TOPIC [DURATION]]" },
	.help = "Start a timeboxed deep dive on a topic (default 45m); "
	    "'deepdive done' ends it.  Alone, shows the one running.",
	.flags = CMD_JSON,
	.sub = cmd_deepdive_subs,
	.exec = cmd_deepdive_exec
};

/*
 * Finish a deep dive and do what comes next: asked on a terminal, or
 * given by the options.
 */
static int
deepdive_finish(struct cmd_ctx *ctx, struct deepdive *dd,
    enum deepdive_next next, const char *day_text)
{
	struct store	*st = ctx_store(ctx);
	char		*answer = NULL, *cause = NULL, *when, *argv[5];
	const char	*deck = deepdive_summary_deck(dd);
	int		 today, day = -1, ret = 0, argc;
	int64_t		 id;

	today = review_today(st);
	/* A day given up front is checked before anything changes. */
	if (next == DEEPDIVE_SCHEDULE && day_text != NULL &&
	    later_parse_day(day_text, today, review_rollover(st), &day,
	    &cause) != 0)
		goto fail;
	if (deepdive_end(st, dd->id, &cause) != 0)
		goto fail;
	if (next == DEEPDIVE_ASK) {
		if (!ctx->interactive) {
			printf("deep dive on '%s' ended\n", dd->topic);
			return 0;
		}
		answer = term_ask(ctx, "Next: [s]ummarize, [b]ookmark, "
		    "[l]ater on a day, or [n]othing? ", NULL);
		next = deepdive_next_from_answer(answer);
		free(answer);
		answer = NULL;
	}
	/* Ask for the day until it makes sense; no answer bookmarks it. */
	while (next == DEEPDIVE_SCHEDULE && day < 0) {
		answer = term_ask(ctx, "Which day? (YYYY-MM-DD, tomorrow, +N "
		    "days) ", "tomorrow");
		if (answer == NULL || str_empty(answer)) {
			printf("no day given: bookmarking it instead\n");
			next = DEEPDIVE_BOOKMARK;
		} else if (later_parse_day(answer, today, review_rollover(st),
		    &day, &cause) != 0) {
			printf("%s\n", cause);
			free(cause);
			cause = NULL;
		}
		free(answer);
		answer = NULL;
	}
	switch (next) {
	case DEEPDIVE_SUMMARIZE:
		argc = 0;
		argv[argc++] = (char *)"summarize";
		argv[argc++] = (char *)deck;
		argv[argc++] = (char *)"--title";
		argv[argc++] = dd->topic;
		argv[argc] = NULL;
		if (cmd_run(ctx, argc, argv) != CMD_RETURN_NORMAL)
			ret = -1;
		break;
	case DEEPDIVE_BOOKMARK:
		if (later_add(st, dd->topic, dd->deck, -1, &id, &cause) != 0)
			goto fail;
		if (!ctx->quiet)
			printf("bookmarked '%s' (later %lld)\n", dd->topic,
			    (long long)id);
		break;
	case DEEPDIVE_SCHEDULE:
		if (later_add(st, dd->topic, dd->deck, day, &id, &cause) != 0)
			goto fail;
		when = clock_day_string(day);
		if (!ctx->quiet)
			printf("planned a deep dive on '%s' for %s (later "
			    "%lld)\n", dd->topic, when, (long long)id);
		free(when);
		break;
	default:
		if (!ctx->quiet)
			printf("deep dive on '%s' ended\n", dd->topic);
		break;
	}
	return ret;
fail:
	cmd_error(ctx, "deepdive: %s", cause);
	free(cause);
	return -1;
}

/* Say how a deep dive stands. */
static void
deepdive_print(struct cmd_ctx *ctx, struct args *args,
    const struct deepdive *dd)
{
	struct json	*j;
	long		 left = dd != NULL ? deepdive_left(dd, clock_now()) : 0;
	char		*span;

	if (args_json(ctx, args)) {
		j = json_create(stdout);
		if (dd == NULL)
			json_null(j);
		else {
			json_object_begin(j);
			json_kv_string(j, "topic", dd->topic);
			json_kv_string(j, "deck", dd->deck);
			json_kv_int(j, "seconds", dd->seconds);
			json_kv_int(j, "left", left > 0 ? left : 0);
			json_object_end(j);
		}
		json_free(j);
		return;
	}
	if (dd == NULL) {
		printf("no deep dive running; start one with 'deepdive TOPIC "
		    "[DURATION]'\n");
		return;
	}
	span = format_duration((int)(left > 0 ? left : 0));
	printf("deep dive on '%s': %s left%s\n", dd->topic, span,
	    left <= 0 ? " (time is up: 'deepdive done')" : "");
	free(span);
}

static enum cmd_retval
cmd_deepdive_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	struct deepdive	*dd;
	const char	*deck = args_get(args, "deck");
	char		*cause = NULL, *span;
	int		 seconds = DEEPDIVE_DEFAULT;

	if ((dd = deepdive_current(st, &cause)) == NULL && cause != NULL) {
		cmd_error(ctx, "deepdive: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}

	if (args->argc == 0) {
		deepdive_print(ctx, args, dd);
		deepdive_free(dd);
		return CMD_RETURN_NORMAL;
	}
	if (dd != NULL) {
		span = format_duration((int)(deepdive_left(dd, clock_now()) > 0 ?
		    deepdive_left(dd, clock_now()) : 0));
		cmd_error(ctx, "deepdive: the deep dive on '%s' is still "
		    "running (%s left); 'deepdive done' ends it", dd->topic,
		    span);
		free(span);
		deepdive_free(dd);
		return CMD_RETURN_ERROR;
	}
	if (str_empty(args->argv[0]))
		return cmd_usage(ctx, "deepdive: the topic is empty");
	if (text_check(args->argv[0], strlen(args->argv[0]), &cause) != 0) {
		cmd_error(ctx, "deepdive: the topic has %s", cause);
		free(cause);
		deepdive_free(dd);
		return CMD_RETURN_USAGE;
	}
	if (args->argc == 2 && parse_duration(args->argv[1], &seconds,
	    &cause) != 0) {
		cmd_error(ctx, "deepdive: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if (deck != NULL && !deck_name_valid(deck, &cause)) {
		cmd_error(ctx, "deepdive: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if (deepdive_start(st, args->argv[0], deck, seconds, &cause) != 0) {
		cmd_error(ctx, "deepdive: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		/* A failed read fails the store, and so the command. */
		dd = deepdive_current(st, NULL);
		deepdive_print(ctx, args, dd);
		deepdive_free(dd);
	} else if (!ctx->quiet) {
		span = format_duration(seconds);
		printf("deep dive on '%s' for %s: read, then summarize.  The "
		    "prompt counts down; 'deepdive done' ends it early.\n",
		    args->argv[0], span);
		free(span);
	}
	return CMD_RETURN_NORMAL;
}

/* End the running deep dive, then do what the options say (or ask). */
static enum cmd_retval
cmd_deepdive_done_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct deepdive		*dd;
	const char		*schedule = args_get(args, "schedule");
	enum deepdive_next	 next = DEEPDIVE_ASK;
	char			*cause = NULL;
	int			 failed;

	if ((dd = deepdive_current(st, &cause)) == NULL) {
		cmd_error(ctx, "deepdive: %s", cause != NULL ? cause :
		    "no deep dive running");
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_has(args, "summarize"))
		next = DEEPDIVE_SUMMARIZE;
	else if (args_has(args, "bookmark"))
		next = DEEPDIVE_BOOKMARK;
	else if (schedule != NULL)
		next = DEEPDIVE_SCHEDULE;
	failed = deepdive_finish(ctx, dd, next, schedule) != 0;
	deepdive_free(dd);
	return failed ? CMD_RETURN_ERROR : CMD_RETURN_NORMAL;
}
