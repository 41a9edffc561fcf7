/*
 * restore: put a backup in place of the collection, after checking it,
 * showing what it holds against the collection, and keeping the
 * collection as a backup first.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

static enum cmd_retval	cmd_restore_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_restore_option_table[] = {
	{ .name = "force", .letter = 'f' },
	{ .name = NULL }
};

const struct cmd_entry cmd_restore_entry = {
	.name = "restore",
	.args = { cmd_restore_option_table, 1, 1, "FILE" },
	.help = "Replace the collection with a backup (asks first, or needs "
	    "--force); the collection is kept in backups/ first.",
	.complete = "@file",
	.flags = CMD_JSON,
	.exec = cmd_restore_exec
};

/* One side of the comparison: what a collection holds. */
static void
cmd_restore_row(const char *what, const struct backup_info *bi)
{
	char *last;

	if (bi->last_review == 0)
		last = xstrdup("never");
	else
		last = clock_format(bi->last_review, "%Y-%m-%d %H:%M");
	printf("%-12s %8lld %8lld  %s\n", what, (long long)bi->cards,
	    (long long)bi->reviews, last);
	free(last);
}

/* One side as JSON: what a collection holds, or why it cannot be read. */
static void
cmd_restore_json_side(struct json *j, const char *key,
    const struct backup_info *bi, const char *error)
{
	char *last;

	json_key(j, key);
	json_object_begin(j);
	if (error != NULL) {
		json_key(j, "cards");
		json_null(j);
		json_key(j, "reviews");
		json_null(j);
		json_key(j, "last_answer");
		json_null(j);
		json_kv_string(j, "error", error);
	} else {
		json_kv_int(j, "cards", bi->cards);
		json_kv_int(j, "reviews", bi->reviews);
		json_key(j, "last_answer");
		if (bi->last_review == 0)
			json_null(j);
		else {
			last = clock_time_string(bi->last_review);
			json_string(j, last);
			free(last);
		}
	}
	json_object_end(j);
}

/*
 * What a restore did, as JSON: the file put in, both sides as they were,
 * where the collection was kept and the sync devices (all null when the
 * person said no).
 */
static void
cmd_restore_json(const char *file, const struct backup_info *bi,
    const struct backup_info *now, const char *now_error, const char *kept,
    const char *old, const char *fresh)
{
	struct json *j = json_create(stdout);

	json_object_begin(j);
	json_kv_bool(j, "restored", kept != NULL);
	json_kv_string(j, "file", file);
	cmd_restore_json_side(j, "backup", bi, NULL);
	cmd_restore_json_side(j, "collection", now, now_error);
	json_key(j, "kept");
	if (kept != NULL)
		json_string(j, kept);
	else
		json_null(j);
	json_key(j, "device");
	if (fresh != NULL)
		json_string(j, fresh);
	else
		json_null(j);
	json_key(j, "previous_device");
	if (old != NULL)
		json_string(j, old);
	else
		json_null(j);
	json_object_end(j);
	json_free(j);
}

/* Refuse, saying nothing changed. */
static enum cmd_retval
cmd_restore_refuse(struct cmd_ctx *ctx, char *cause)
{
	cmd_error(ctx, "restore: %s; nothing changed", cause);
	free(cause);
	return CMD_RETURN_ERROR;
}

/* Ask, unless --force: 1 go on, 0 the person said no, -1 nobody to ask. */
static int
cmd_restore_confirm(struct cmd_ctx *ctx, struct args *args, const char *file)
{
	if (args_has(args, "force"))
		return 1;
	return term_confirm(ctx, "Replace %s with %s?", ctx->db_path, file);
}

/*
 * Make the copy that goes in a new sync device before it goes in: it is
 * behind the journal its device went on writing (doc/SYNC.md).  0, or -1
 * with cause.
 */
static int
cmd_restore_new_device(const char *tmp, char **old, char **fresh,
    char **cause)
{
	struct store	*st;
	int		 rc;

	if ((st = store_open(tmp, 0, cause)) == NULL)
		return -1;
	rc = sync_new_device(st, old, fresh, cause);
	store_close(st);
	return rc;
}

/*
 * Put file in place of the collection: a checked copy, made a new sync
 * device, goes in after the collection is kept in backups/.  The kept
 * copy's path and the devices are in *kept, *old and *fresh.
 */
static enum cmd_retval
cmd_restore_swap_in(struct cmd_ctx *ctx, struct store *st, const char *file,
    char **kept, char **old, char **fresh)
{
	char	*cause = NULL, *tmp, *when;
	int	 fd;

	if (backup_restore_prepare(file, ctx->db_path, &tmp, &cause) != 0)
		return cmd_restore_refuse(ctx, cause);
	if (cmd_restore_new_device(tmp, old, fresh, &cause) != 0) {
		unlink(tmp);
		free(tmp);
		return cmd_restore_refuse(ctx, cause);
	}
	when = backup_restore_when(ctx->db_path);
	if (backup_to_folder(st, ctx->db_path, when, settings_int(st,
	    SETTING_BACKUPS), kept, &cause) != 0) {
		free(when);
		unlink(tmp);
		free(tmp);
		return cmd_restore_refuse(ctx, cause);
	}
	free(when);

	/* Let go of the collection, so that holding the lock means alone. */
	store_close(ctx->store);
	ctx->store = NULL;
	if ((fd = backup_lock(ctx->db_path, &cause)) == -1 ||
	    backup_restore_swap(tmp, ctx->db_path, &cause) != 0) {
		if (fd != -1)
			close(fd);
		unlink(tmp);
		free(tmp);
		cmd_error(ctx, "restore: %s; nothing changed (a copy of the "
		    "collection was kept in %s)", cause, *kept);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	close(fd);
	free(tmp);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_restore_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct backup_info	 bi, now;
	const char		*file = args->argv[0];
	char			*cause = NULL, *kept = NULL, *old = NULL;
	char			*fresh = NULL;
	enum cmd_retval		 ret;
	int			 yes, json = args_json(ctx, args);

	backup_info_read(file, 1, &bi);
	if (bi.error != NULL) {
		cause = bi.error;
		bi.error = NULL;
		backup_info_clear(&bi);
		return cmd_restore_refuse(ctx, cause);
	}
	/* A collection too damaged to count is what a restore is for. */
	memset(&now, 0, sizeof now);
	backup_count_store(st, &now, &cause);
	if (!ctx->quiet && !json) {
		printf("%-12s %8s %8s  %s\n", "", "CARDS", "ANSWERS",
		    "LAST ANSWER");
		cmd_restore_row("backup", &bi);
		if (cause != NULL)
			printf("%-12s cannot be read: %s\n", "collection",
			    cause);
		else
			cmd_restore_row("collection", &now);
	}
	if ((yes = cmd_restore_confirm(ctx, args, file)) == 1)
		ret = cmd_restore_swap_in(ctx, st, file, &kept, &old, &fresh);
	else if (yes == 0) {
		if (!json)
			printf("kept the collection as it is\n");
		ret = CMD_RETURN_NORMAL;
	} else {
		cmd_error(ctx, "restore: not replacing %s without --force (no "
		    "terminal to ask); nothing changed", ctx->db_path);
		ret = CMD_RETURN_USAGE;
	}
	if (ret == CMD_RETURN_NORMAL && json)
		cmd_restore_json(file, &bi, &now, cause, yes == 1 ? kept :
		    NULL, old, fresh);
	else if (ret == CMD_RETURN_NORMAL && yes == 1 && !ctx->quiet) {
		printf("restored %s; the collection as it was is kept in %s\n",
		    file, kept);
		printf("it syncs as a new device, %s: the journal of %s, the "
		    "device it was, is read like another device's\n", fresh,
		    old);
	}
	backup_info_clear(&bi);
	free(cause);
	free(kept);
	free(old);
	free(fresh);
	return ret;
}
