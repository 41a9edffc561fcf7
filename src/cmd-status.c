/*
 * status: one line on what is due, for prompts and cron.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_status_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.help = "One line: what is due on each track now.",
	.flags = CMD_JSON,
	.exec = cmd_status_exec
};

static enum cmd_retval
cmd_status_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct due_counts	 c;
	struct json		*j;
	struct deepdive		*dd;
	char			*first = NULL, *span, *cause = NULL;
	char			*dir, *when;
	time_t			 synced;
	long			 left = 0;
	int			 t, total = 0, planned;

	if (queue_counts(st, clock_now(), NULL, &c, &cause) != 0 ||
	    ((dd = deepdive_current(st, &cause)) == NULL && cause != NULL))
		goto fail;
	if (dd != NULL && (left = deepdive_left(dd, clock_now())) < 0)
		left = 0;
	if ((planned = later_due(st, review_today(st), &first, &cause)) < 0) {
		deepdive_free(dd);
		goto fail;
	}
	for (t = 0; t < TRACK_COUNT; t++)
		total += c.due[t] + c.fresh[t] + c.again[t];
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_object_begin(j);
		for (t = 0; t < TRACK_COUNT; t++) {
			json_key(j, track_name((enum track)t));
			json_object_begin(j);
			json_kv_int(j, "due", c.due[t]);
			json_kv_int(j, "new", c.fresh[t]);
			json_kv_int(j, "again", c.again[t]);
			json_object_end(j);
		}
		json_kv_int(j, "total", total);
		json_key(j, "deepdive");
		if (dd == NULL)
			json_null(j);
		else {
			json_object_begin(j);
			json_kv_string(j, "topic", dd->topic);
			json_kv_int(j, "left", left);
			json_object_end(j);
		}
		json_kv_int(j, "planned", planned);
		json_key(j, "synced");
		if ((synced = sync_last(st, &dir)) == 0)
			json_null(j);
		else {
			when = clock_time_string(synced);
			json_string(j, when);
			free(when);
		}
		free(dir);
		json_object_end(j);
		json_free(j);
		deepdive_free(dd);
		free(first);
		return CMD_RETURN_NORMAL;
	}
	for (t = 0; t < TRACK_COUNT; t++) {
		printf("%s%s: %d due, %d new", t == 0 ? "" : " | ",
		    track_name((enum track)t), c.due[t], c.fresh[t]);
		if (c.again[t] > 0)
			printf(", %d again", c.again[t]);
	}
	if (dd != NULL) {
		span = format_duration((int)left);
		printf(" | deep dive '%s': %s", dd->topic, left > 0 ? span :
		    "time is up");
		if (left > 0)
			printf(" left");
		free(span);
	}
	if (planned > 0)
		printf(" | %d deep dive%s planned for today: '%s'%s", planned,
		    planned == 1 ? "" : "s", first, planned > 1 ? ", ..." : "");
	if ((synced = sync_last(st, &dir)) != 0) {
		when = clock_time_string(synced);
		printf(" | synced %s", when);
		free(when);
	}
	free(dir);
	printf("\n");
	deepdive_free(dd);
	free(first);
	return CMD_RETURN_NORMAL;
fail:
	cmd_error(ctx, "%s", cause);
	free(cause);
	return CMD_RETURN_ERROR;
}
