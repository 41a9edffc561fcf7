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
	.args = { NULL, 0, 2 },
	.usage = "[KEY [VALUE]] [--json]",
	.help = "Show or change a setting: rollover (hour a day starts, "
	    "0-23), session (default review length, e.g. 25m, or off), "
	    "window (days the balance looks back).",
	.complete = "rollover,session,window",
	.flags = CMD_JSON,
	.exec = cmd_set_exec
};

/* The settings, their defaults, and what they mean. */
static const struct {
	const char	*key;
	const char	*def;
	const char	*help;
} settings[] = {
	{ "rollover", "4", "hour (0-23, local time) at which a new day "
	  "starts" },
	{ "session", "off", "default length of a review session (--time)" },
	{ "window", "7", "days the need/want balance looks back" },
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

/* Check a value for a key; the stored form in *out. */
static int
setting_parse(const char *key, const char *value, char **out, char **cause)
{
	long long	n;
	int		seconds;

	if (strcmp(key, "rollover") == 0) {
		if (parse_int(value, 0, 23, &n) != 0) {
			xasprintf(cause, "bad rollover '%s' (an hour, 0-23)",
			    value);
			return -1;
		}
		xasprintf(out, "%lld", n);
	} else if (strcmp(key, "session") == 0) {
		if (strcmp(value, "off") == 0 || strcmp(value, "0") == 0) {
			*out = xstrdup("off");
			return 0;
		}
		if (parse_duration(value, &seconds, cause) != 0)
			return -1;
		*out = format_duration(seconds);
	} else if (strcmp(key, "window") == 0) {
		if (parse_int(value, 1, 365, &n) != 0) {
			xasprintf(cause, "bad window '%s' (days, 1-365)", value);
			return -1;
		}
		xasprintf(out, "%lld", n);
	} else {
		xasprintf(cause, "unknown setting '%s' (rollover, session or "
		    "window)", key);
		return -1;
	}
	return 0;
}

/* The session length in seconds, 0 when off. */
int
settings_session(struct store *st)
{
	char	*v = store_setting(st, "session");
	int	 seconds = 0;
	char	*cause = NULL;

	if (v != NULL && strcmp(v, "off") != 0 &&
	    parse_duration(v, &seconds, &cause) != 0) {
		free(cause);
		seconds = 0;
	}
	free(v);
	return seconds;
}

static enum cmd_retval
cmd_set_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	struct json	*j;
	char		*value, *stored = NULL, *cause = NULL;
	size_t		 i;

	if (args->argc == 2) {
		if (setting_parse(args->argv[0], args->argv[1], &stored,
		    &cause) != 0 || store_set_setting(st, args->argv[0],
		    stored, &cause) != 0) {
			cmd_error(ctx, "set: %s", cause);
			free(cause);
			free(stored);
			return CMD_RETURN_ERROR;
		}
		if (!ctx->quiet && !args_json(ctx, args))
			printf("%s = %s\n", args->argv[0], stored);
		free(stored);
		if (!args_json(ctx, args))
			return CMD_RETURN_NORMAL;
	}
	if (args->argc >= 1) {
		for (i = 0; i < NSETTINGS; i++) {
			if (strcmp(settings[i].key, args->argv[0]) == 0)
				break;
		}
		if (i == NSETTINGS) {
			cmd_error(ctx, "set: unknown setting '%s' (rollover, "
			    "session or window)", args->argv[0]);
			return CMD_RETURN_ERROR;
		}
	}
	j = args_json(ctx, args) ? json_create(stdout) : NULL;
	if (j != NULL)
		json_object_begin(j);
	for (i = 0; i < NSETTINGS; i++) {
		if (args->argc >= 1 && strcmp(settings[i].key,
		    args->argv[0]) != 0)
			continue;
		value = store_setting(st, settings[i].key);
		if (j != NULL)
			json_kv_string(j, settings[i].key, value != NULL ?
			    value : settings[i].def);
		else
			printf("%-9s %-8s %s\n", settings[i].key, value !=
			    NULL ? value : settings[i].def, settings[i].help);
		free(value);
	}
	if (j != NULL) {
		json_object_end(j);
		json_free(j);
	}
	return CMD_RETURN_NORMAL;
}
