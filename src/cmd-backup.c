/*
 * backup: a consistent copy of the collection now; backups (backup
 * --list): the copies kept beside it.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_backup_exec(struct cmd_ctx *, struct args *);
static enum cmd_retval	cmd_backups_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_backup_option_table[] = {
	{ .name = "list", .letter = 'l', .group = 1 },
	{ .name = "force", .letter = 'f', .group = 1 },
	{ .name = NULL }
};

const struct cmd_entry cmd_backup_entry = {
	.name = "backup",
	.args = { cmd_backup_option_table, 0, 1, "[FILE]" },
	.help = "Write a consistent copy of the collection now: to FILE "
	    "(replacing one only with --force), or to today's backup in "
	    "backups/ beside the collection; --list lists the backups.",
	.complete = "@file",
	.flags = CMD_JSON,
	.exec = cmd_backup_exec
};

const struct cmd_entry cmd_backups_entry = {
	.name = "backups",
	.help = "List the backups beside the collection: name, size, date, "
	    "cards and answers, oldest first.",
	.flags = CMD_JSON,
	.exec = cmd_backups_exec
};

/* A size as a person reads it: 812 B, 48 KiB, 3.2 MiB. */
static char *
cmd_backup_size(int64_t size)
{
	char *s;

	if (size < 1024)
		xasprintf(&s, "%lld B", (long long)size);
	else if (size < 1024 * 1024)
		xasprintf(&s, "%lld KiB", (long long)((size + 512) / 1024));
	else
		xasprintf(&s, "%.1f MiB", (double)size / (1024.0 * 1024.0));
	return s;
}

/* One backup as a JSON object. */
static void
cmd_backup_json(struct json *j, const struct backup_info *bi)
{
	char *when = clock_time_string(bi->mtime);

	json_object_begin(j);
	json_kv_string(j, "name", bi->name);
	json_kv_string(j, "path", bi->path);
	json_kv_int(j, "size", bi->size);
	json_kv_string(j, "time", when);
	if (bi->error != NULL) {
		json_key(j, "cards");
		json_null(j);
		json_key(j, "reviews");
		json_null(j);
		json_kv_string(j, "error", bi->error);
	} else {
		json_kv_int(j, "cards", bi->cards);
		json_kv_int(j, "reviews", bi->reviews);
	}
	json_object_end(j);
	free(when);
}

/* Where backup FILE writes: refuse the collection itself, or a file. */
static int
cmd_backup_target(struct cmd_ctx *ctx, const char *file, int force,
    char **cause)
{
	struct stat sb;

	if (same_file(file, ctx->db_path)) {
		xasprintf(cause, "%s is the collection itself; give another "
		    "file", file);
		return -1;
	}
	if (lstat(file, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			xasprintf(cause, "%s is a directory; give the path of "
			    "a file", file);
			return -1;
		}
		if (!force) {
			xasprintf(cause, "%s exists; not overwriting it without "
			    "--force", file);
			return -1;
		}
	} else if (errno != ENOENT) {
		xasprintf(cause, "%s: %s", file, strerror(errno));
		return -1;
	}
	return 0;
}

static enum cmd_retval
cmd_backup_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st;
	struct backup_info	 bi;
	struct json		*j;
	char			*path = NULL, *cause = NULL, *day, *size;
	int			 rc;

	if (args_has(args, "list")) {
		if (args->argc != 0)
			return cmd_usage(ctx, "backup --list takes no FILE");
		return cmd_backups_exec(ctx, args);
	}
	st = ctx_store(ctx);
	if (args->argc == 1) {
		path = xstrdup(args->argv[0]);
		rc = cmd_backup_target(ctx, path, args_has(args, "force"),
		    &cause);
		if (rc == 0)
			rc = backup_write(store_db(st), path, &cause);
	} else {
		day = clock_day_string(review_today(st));
		rc = backup_to_folder(st, ctx->db_path, day,
		    settings_int(st, SETTING_BACKUPS), &path, &cause);
		free(day);
	}
	if (rc != 0) {
		cmd_error(ctx, "backup: %s", cause);
		free(cause);
		free(path);
		return CMD_RETURN_ERROR;
	}
	backup_info_read(path, 0, &bi);
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		cmd_backup_json(j, &bi);
		json_free(j);
	} else if (!ctx->quiet) {
		size = cmd_backup_size(bi.size);
		printf("backed up %lld card%s and %lld answer%s to %s (%s)\n",
		    (long long)bi.cards, bi.cards == 1 ? "" : "s",
		    (long long)bi.reviews, bi.reviews == 1 ? "" : "s", path,
		    size);
		free(size);
	}
	backup_info_clear(&bi);
	free(path);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_backups_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct backup_info	*list;
	struct json		*j;
	char			*cause = NULL, *dir, *size, *when;
	int			 n, i;

	ctx_store(ctx);
	if ((list = backup_list(ctx->db_path, &n, &cause)) == NULL) {
		cmd_error(ctx, "backups: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
		for (i = 0; i < n; i++)
			cmd_backup_json(j, &list[i]);
		json_array_end(j);
		json_free(j);
	} else if (n == 0) {
		dir = backup_dir(ctx->db_path);
		printf("no backups in %s\n", dir);
		free(dir);
	} else {
		printf("%-32s %9s  %-16s %8s %8s\n", "NAME", "SIZE", "DATE",
		    "CARDS", "ANSWERS");
		for (i = 0; i < n; i++) {
			size = cmd_backup_size(list[i].size);
			when = clock_format(list[i].mtime, "%Y-%m-%d %H:%M");
			if (list[i].error != NULL)
				printf("%-32s %9s  %-16s unreadable: %s\n",
				    list[i].name, size, when, list[i].error);
			else
				printf("%-32s %9s  %-16s %8lld %8lld\n",
				    list[i].name, size, when,
				    (long long)list[i].cards,
				    (long long)list[i].reviews);
			free(when);
			free(size);
		}
	}
	backup_list_free(list, n);
	return CMD_RETURN_NORMAL;
}
