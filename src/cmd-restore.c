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

static enum cmd_retval
cmd_restore_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct backup_info	 bi, now;
	const char		*file = args->argv[0];
	char			*cause = NULL, *tmp, *when, *kept = NULL;
	char			*old, *fresh;
	int			 yes, fd;

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
	if (!ctx->quiet) {
		printf("%-12s %8s %8s  %s\n", "", "CARDS", "ANSWERS",
		    "LAST ANSWER");
		cmd_restore_row("backup", &bi);
		if (cause != NULL)
			printf("%-12s cannot be read: %s\n", "collection",
			    cause);
		else
			cmd_restore_row("collection", &now);
	}
	free(cause);
	cause = NULL;
	backup_info_clear(&bi);
	if ((yes = cmd_restore_confirm(ctx, args, file)) != 1) {
		if (yes == 0) {
			printf("kept the collection as it is\n");
			return CMD_RETURN_NORMAL;
		}
		cmd_error(ctx, "restore: not replacing %s without --force (no "
		    "terminal to ask); nothing changed", ctx->db_path);
		return CMD_RETURN_USAGE;
	}

	if (backup_restore_prepare(file, ctx->db_path, &tmp, &cause) != 0)
		return cmd_restore_refuse(ctx, cause);
	if (cmd_restore_new_device(tmp, &old, &fresh, &cause) != 0) {
		unlink(tmp);
		free(tmp);
		return cmd_restore_refuse(ctx, cause);
	}
	when = backup_restore_when(ctx->db_path);
	if (backup_to_folder(st, ctx->db_path, when, settings_int(st,
	    SETTING_BACKUPS), &kept, &cause) != 0) {
		free(when);
		unlink(tmp);
		free(tmp);
		free(old);
		free(fresh);
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
		    "collection was kept in %s)", cause, kept);
		free(cause);
		free(kept);
		free(old);
		free(fresh);
		return CMD_RETURN_ERROR;
	}
	close(fd);
	free(tmp);
	if (!ctx->quiet) {
		printf("restored %s; the collection as it was is kept in %s\n",
		    file, kept);
		printf("it syncs as a new device, %s: the journal of %s, the "
		    "device it was, is read like another device's\n", fresh,
		    old);
	}
	free(kept);
	free(old);
	free(fresh);
	return CMD_RETURN_NORMAL;
}
