/*
 * set: the collection's settings (day rollover, session length, balance
 * window).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_set_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.args = { NULL, 0, 2, "[KEY [VALUE]]" },
	.help = "Show or change a setting: rollover (hour a day starts, "
	    "0-23), session (default review length, e.g. 25m, or off), "
	    "window (days the balance looks back), backups (daily backups kept, "
	    "0-365; 0: none).",
	.complete = "@setting",
	.flags = CMD_JSON,
	.exec = cmd_set_exec
};

/* Find a setting by name, or report that set does not know it. */
static int
cmd_set_find(struct cmd_ctx *ctx, const char *name)
{
	int	 id = settings_find(name);
	char	*names;

	if (id == -1) {
		names = settings_names();
		cmd_error(ctx, "set: unknown setting '%s' (%s)", name, names);
		free(names);
	}
	return id;
}

/* Show the settings set knows (or one), with their help. */
static void
cmd_set_list(struct cmd_ctx *ctx, struct args *args, int only)
{
	const struct setting_def	*def;
	struct json			*j;
	char				*value;
	int				 i;

	j = args_json(ctx, args) ? json_create(stdout) : NULL;
	if (j != NULL)
		json_object_begin(j);
	for (i = 0; i < SETTING_COUNT; i++) {
		def = settings_def((enum setting)i);
		if (!def->listed || (only != -1 && i != only))
			continue;
		value = settings_string(ctx_store(ctx), (enum setting)i);
		if (j != NULL)
			json_kv_string(j, def->name, value);
		else
			printf("%-9s %-8s %s\n", def->name, value, def->help);
		free(value);
	}
	if (j != NULL) {
		json_object_end(j);
		json_free(j);
	}
}

static enum cmd_retval
cmd_set_exec(struct cmd_ctx *ctx, struct args *args)
{
	char	*stored = NULL, *cause = NULL;
	int	 id = -1;

	if (args->argc >= 1 &&
	    (id = cmd_set_find(ctx, args->argv[0])) == -1)
		return CMD_RETURN_ERROR;
	if (args->argc == 2) {
		if (settings_parse((enum setting)id, args->argv[1], &stored,
		    &cause) != 0) {
			cmd_error(ctx, "set: %s", cause);
			free(cause);
			return CMD_RETURN_USAGE;
		}
		free(stored);
		stored = NULL;
		if (settings_set(ctx_store(ctx), (enum setting)id,
		    args->argv[1], &stored, &cause) != 0) {
			cmd_error(ctx, "set: %s", cause);
			free(cause);
			return CMD_RETURN_ERROR;
		}
		if (!ctx->quiet && !args_json(ctx, args))
			printf("%s = %s\n", args->argv[0], stored);
		free(stored);
		if (!args_json(ctx, args))
			return CMD_RETURN_NORMAL;
	}
	cmd_set_list(ctx, args, id);
	return CMD_RETURN_NORMAL;
}
