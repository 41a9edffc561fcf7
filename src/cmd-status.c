/*
 * status: one line on what is due, for prompts and cron.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_status_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.args = { "json", 0, 0 },
	.usage = "[--json]",
	.help = "One line: what is due on each track now.",
	.complete = "",
	.exec = cmd_status_exec
};

static enum cmd_retval
cmd_status_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct due_counts	 c;
	struct json		*j;
	int			 t, total = 0;

	queue_counts(st, clock_now(), NULL, &c);
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
		json_object_end(j);
		json_free(j);
		return CMD_RETURN_NORMAL;
	}
	for (t = 0; t < TRACK_COUNT; t++) {
		printf("%s%s: %d due, %d new", t == 0 ? "" : " | ",
		    track_name((enum track)t), c.due[t], c.fresh[t]);
		if (c.again[t] > 0)
			printf(", %d again", c.again[t]);
	}
	printf("\n");
	return CMD_RETURN_NORMAL;
}
