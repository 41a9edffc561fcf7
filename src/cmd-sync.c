/*
 * sync: carry the collection's history through a folder that the person
 * already syncs (git, Syncthing, a shared drive).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_sync_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_sync_option_table[] = {
	{ .name = "name", .value = "LABEL" },
	{ .name = "dry-run", .letter = 'n' },
	{ .name = NULL }
};

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.args = { cmd_sync_option_table, 1, 1, "DIR" },
	.help = "Sync through a folder: write this collection's history to "
	    "DIR/DEVICE.journal, read every other device's journal there and "
	    "apply what is new.  --name labels this device; --dry-run shows "
	    "what would happen and writes nothing.",
	.complete = "@file",
	.flags = CMD_JSON,
	.exec = cmd_sync_exec
};

/* Say what a sync did, as JSON. */
static void
cmd_sync_json(const struct sync_result *res, int dry_run)
{
	struct json	*j = json_create(stdout);
	size_t		 i;

	json_object_begin(j);
	json_kv_string(j, "device", res->device);
	json_kv_bool(j, "dry_run", dry_run);
	json_kv_int(j, "devices", res->peers);
	json_kv_int(j, "sent", res->sent);
	json_kv_int(j, "received", res->received);
	json_kv_int(j, "applied", res->applied);
	json_kv_int(j, "conflicts", res->conflicts);
	json_kv_int(j, "waiting", res->waiting);
	json_kv_int(j, "problems", res->problems);
	json_key(j, "notes");
	json_array_begin(j);
	for (i = 0; i < res->nnotes; i++)
		json_string(j, res->notes[i]);
	json_array_end(j);
	json_object_end(j);
	json_free(j);
}

static enum cmd_retval
cmd_sync_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct sync_result	 res;
	const char		*dir = args->argv[0], *name;
	char			*cause = NULL;
	int			 dry_run = args_has(args, "dry-run");
	size_t			 i;

	if ((name = args_get(args, "name")) != NULL && (*name == '\0' ||
	    strchr(name, '\n') != NULL))
		return cmd_usage(ctx, "sync: --name needs a label on one line");
	if (sync_run(ctx_store(ctx), dir, name, dry_run, &res, &cause) != 0) {
		cmd_error(ctx, "sync %s: %s", dir, cause);
		free(cause);
		sync_result_free(&res);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args))
		cmd_sync_json(&res, dry_run);
	else {
		for (i = 0; i < res.nnotes; i++) {
			if (strncmp(res.notes[i], "conflict: ", 10) == 0)
				printf("%s\n", res.notes[i]);
			else
				cmd_error(ctx, "%s", res.notes[i]);
		}
		if (!ctx->quiet || res.problems > 0 || res.waiting > 0) {
			printf("%s %s: %d event%s sent, %d received from %d "
			    "device%s, %d applied, %d conflict%s", dry_run ?
			    "would sync" : "synced", dir, res.sent,
			    res.sent == 1 ? "" : "s", res.received, res.peers,
			    res.peers == 1 ? "" : "s", res.applied,
			    res.conflicts, res.conflicts == 1 ? "" : "s");
			if (res.waiting > 0)
				printf(", %d waiting for the card or deck they "
				    "are about", res.waiting);
			printf("\n");
		}
	}
	i = (size_t)res.problems;
	sync_result_free(&res);
	return i > 0 ? CMD_RETURN_ERROR : CMD_RETURN_NORMAL;
}
