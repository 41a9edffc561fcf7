/*
 * Backups: consistent copies of the collection made with SQLite's online
 * backup API, kept in backups/ beside it, and restoring one in place of
 * the collection.  A backup is written under a temporary name and renamed,
 * so a file with a backup's name is always a whole backup.
 */

#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"
#include "schema.h"

/* What backups/ is called, beside the collection. */
#define BACKUP_DIR "backups"

/* SQLite's "dead man switch" byte of the -shm: every connection locks it. */
#define BACKUP_SHM_DMS 128

/* The last part of a path. */
static const char *
backup_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? path : slash + 1;
}

/*
 * What the backups of a collection file are named after: its file name
 * without ".db", so two collections in one folder keep apart.  Pure.
 */
char *
backup_stem(const char *db_path)
{
	const char	*base = backup_basename(db_path);
	size_t		 n = strlen(base);

	if (n >= 3 && strcmp(base + n - 3, ".db") == 0)
		n -= 3;
	if (n == 0)
		return xstrdup("collection");
	return xstrndup(base, n);
}

/* The backups folder of a collection: backups/ beside it. */
char *
backup_dir(const char *db_path)
{
	char	*dir = path_dirname(db_path), *s;

	xasprintf(&s, "%s/%s", dir, BACKUP_DIR);
	free(dir);
	return s;
}

/* A backup's file name: the stem, then a date (and a time), then ".db". */
char *
backup_name(const char *stem, const char *when)
{
	char *s;

	xasprintf(&s, "%s-%s.db", stem, when);
	return s;
}

/* Are the n characters at s digits? */
static int
backup_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

/*
 * Is name one of the backups of stem: STEM-YYYY-MM-DD.db (the daily one)
 * or STEM-YYYY-MM-DDTHHMMSS.db (one kept before a restore)?  Pure, so
 * that "the last N" never touches another collection's files.
 */
int
backup_name_matches(const char *stem, const char *name)
{
	size_t		 n = strlen(stem);
	const char	*p;

	if (strncmp(name, stem, n) != 0 || name[n] != '-')
		return 0;
	p = name + n + 1;
	if (!backup_digits(p, 4) || p[4] != '-' || !backup_digits(p + 5, 2) ||
	    p[7] != '-' || !backup_digits(p + 8, 2))
		return 0;
	p += 10;
	if (*p == 'T') {
		if (!backup_digits(p + 1, 6))
			return 0;
		p += 7;
	}
	return strcmp(p, ".db") == 0;
}

/*
 * Is a collection itself a backup: a backup's name in a backups folder
 * (opened with --db to check or read it)?  Its own backups would only be
 * copies of a copy.  Pure.
 */
int
backup_is_backup(const char *db_path)
{
	const char	*base = backup_basename(db_path);
	char		*dir = path_dirname(db_path), *stem;
	size_t		 n = strlen(base), tail[] = { 14, 21 }, i;
	int		 yes = 0;

	if (strcmp(backup_basename(dir), BACKUP_DIR) != 0) {
		free(dir);
		return 0;
	}
	free(dir);
	for (i = 0; i < sizeof tail / sizeof tail[0] && !yes; i++) {
		if (n <= tail[i])
			continue;
		stem = xstrndup(base, n - tail[i]);
		yes = backup_name_matches(stem, base);
		free(stem);
	}
	return yes;
}

/* Sort file names, oldest backup first (the date leads, so by bytes). */
static int
backup_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of stem's backups in dir, oldest first; -1 if unreadable. */
static int
backup_names(const char *dir, const char *stem, char ***names, int *n,
    char **cause)
{
	DIR		*d;
	struct dirent	*de;

	*names = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!backup_name_matches(stem, de->d_name))
			continue;
		*names = xreallocarray(*names, (size_t)*n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(*names, (size_t)*n, sizeof **names, backup_cmp);
	return 0;
}

/* Free a list of names. */
static void
backup_names_free(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * If name is a temporary copy as backup_copy makes them (".NAME.XXXXXX"),
 * or one of SQLite's files beside it (-journal, -wal, -shm: *extra is then
 * that suffix's length), the NAME it was to become; else NULL.  Pure.
 */
char *
backup_temp_target(const char *name, size_t *extra)
{
	static const char	*suffixes[] = { "-journal", "-wal", "-shm" };
	size_t			 n = strlen(name), s, i;

	*extra = 0;
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		s = strlen(suffixes[i]);
		if (n > s && strcmp(name + n - s, suffixes[i]) == 0) {
			*extra = s;
			n -= s;
			break;
		}
	}
	if (n < 9 || name[0] != '.' || name[n - 7] != '.')
		return NULL;
	return xstrndup(name + 1, n - 8);
}

/* One file of backup_sweep's pass (0: the copies; 1: what is beside). */
static void
backup_sweep_one(const char *dir, const char *name, int pass,
    int (*keep)(const char *, const void *), const void *arg)
{
	struct stat	 sb;
	char		*target, *path, *main_path;
	size_t		 extra;
	int		 fd, wanted;

	if ((target = backup_temp_target(name, &extra)) == NULL)
		return;
	wanted = (extra != 0) == (pass == 1) && keep(target, arg);
	free(target);
	if (!wanted)
		return;
	xasprintf(&path, "%s/%s", dir, name);
	if (extra != 0) {
		main_path = xstrndup(path, strlen(path) - extra);
		if (lstat(main_path, &sb) != 0 && errno == ENOENT)
			unlink(path);
		free(main_path);
	} else if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) !=
	    -1) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlink(path);
		close(fd);
	}
	free(path);
}

/*
 * Remove what a killed copy left in dir: the temporary copies (of a file
 * that keep says is worth sweeping) that no copy is writing.  A copy holds
 * an flock on its file from mkstemp to rename, so one we can lock is
 * nobody's.  The copies go in a first pass, and SQLite's files beside
 * the gone ones in a second.
 */
static void
backup_sweep(const char *dir, int (*keep)(const char *, const void *),
    const void *arg)
{
	DIR		*d;
	struct dirent	*de;
	int		 pass;

	if ((d = opendir(dir)) == NULL)
		return;
	for (pass = 0; pass < 2; pass++) {
		rewinddir(d);
		while ((de = readdir(d)) != NULL)
			backup_sweep_one(dir, de->d_name, pass, keep, arg);
	}
	closedir(d);
}

/* Is target one of stem's backups?  For backup_sweep. */
static int
backup_sweep_backup(const char *target, const void *stem)
{
	return backup_name_matches(stem, target);
}

/* Is target the collection file?  For backup_sweep. */
static int
backup_sweep_same(const char *target, const void *base)
{
	return strcmp(target, base) == 0;
}

/* How many of n backups, oldest first, go so that keep remain.  Pure. */
int
backup_prune_count(int n, int keep)
{
	if (keep <= 0 || n <= keep)
		return 0;
	return n - keep;
}

/*
 * Remove the oldest of stem's backups in dir until keep remain, and what
 * killed copies left.
 */
static void
backup_prune(const char *dir, const char *stem, int keep)
{
	char	**names, *path, *cause = NULL;
	int	  n, i, drop;

	backup_sweep(dir, backup_sweep_backup, stem);
	if (backup_names(dir, stem, &names, &n, &cause) != 0) {
		free(cause);
		return;
	}
	drop = backup_prune_count(n, keep);
	for (i = 0; i < drop; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		unlink(path);
		free(path);
	}
	backup_names_free(names, n);
}

/* Make the backups folder, private; an existing one must be a folder. */
static int
backup_make_dir(const char *dir, char **cause)
{
	struct stat sb;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		xasprintf(cause, "cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		xasprintf(cause, "%s is not a folder", dir);
		return -1;
	}
	return 0;
}

/* Flush a file (or a folder's entries) to the disk. */
static int
backup_sync(const char *path, int flags)
{
	int fd, rc;

	if ((fd = open(path, flags | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * Copy an open database into a new file beside target with SQLite's
 * online backup API (one step, so one consistent snapshot even while
 * others write), as a plain file with no -wal; *tmp names it, and *lock
 * is a descriptor of it that holds an flock (backup_sweep leaves it be)
 * until the caller closes it.
 */
static int
backup_copy(sqlite3 *src, const char *target, char **tmp, int *lock,
    char **cause)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*b;
	char		*dir = path_dirname(target), *err = NULL;
	int		 fd, rc;

	xasprintf(tmp, "%s/.%s.XXXXXX", dir, backup_basename(target));
	free(dir);
	if ((fd = mkstemp(*tmp)) == -1) {
		xasprintf(cause, "cannot write %s: %s", target,
		    strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	if (flock(fd, LOCK_EX) != 0) {
		xasprintf(cause, "cannot lock %s: %s", *tmp, strerror(errno));
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	*lock = fd;
	if (sqlite3_open_v2(*tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		rc = sqlite3_errcode(dst);
		goto fail;
	}
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		rc = sqlite3_errcode(dst);
		goto fail;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_OK)
			rc = SQLITE_ERROR;
		goto fail;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    &err) != SQLITE_OK) {
		rc = sqlite3_errcode(dst);
		sqlite3_free(err);
		goto fail;
	}
	if (sqlite3_close(dst) != SQLITE_OK || backup_sync(*tmp, O_RDONLY) != 0) {
		dst = NULL;
		xasprintf(cause, "cannot write %s: %s", target,
		    strerror(errno));
		goto cleanup;
	}
	return 0;
fail:
	xasprintf(cause, "cannot write %s: %s", target, dst != NULL &&
	    sqlite3_errcode(dst) != SQLITE_OK ? sqlite3_errmsg(dst) :
	    sqlite3_errstr(rc));
	sqlite3_close(dst);
cleanup:
	unlink(*tmp);
	free(*tmp);
	*tmp = NULL;
	close(*lock);
	*lock = -1;
	return -1;
}

/*
 * Write a backup of an open database to target: copied beside it under a
 * temporary name (mode 0600), then renamed into place.
 */
int
backup_write(sqlite3 *src, const char *target, char **cause)
{
	char	*tmp, *dir;
	int	 lock;

	if (backup_copy(src, target, &tmp, &lock, cause) != 0)
		return -1;
	if (rename(tmp, target) != 0) {
		xasprintf(cause, "cannot write %s: %s", target,
		    strerror(errno));
		unlink(tmp);
		free(tmp);
		close(lock);
		return -1;
	}
	close(lock);
	free(tmp);
	dir = path_dirname(target);
	backup_sync(dir, O_RDONLY | O_DIRECTORY);
	free(dir);
	return 0;
}

/*
 * Back up a collection into its backups folder under a name made from
 * when (a date, or a date and time), keeping the last keep (0: all).  The
 * path written is in *out unless out is NULL.
 */
int
backup_to_folder(struct store *st, const char *db_path, const char *when,
    int keep, char **out, char **cause)
{
	char	*dir = backup_dir(db_path), *stem = backup_stem(db_path);
	char	*name = backup_name(stem, when), *path;
	int	 rc = -1;

	xasprintf(&path, "%s/%s", dir, name);
	if (backup_make_dir(dir, cause) == 0 &&
	    backup_write(store_db(st), path, cause) == 0) {
		backup_prune(dir, stem, keep);
		rc = 0;
	}
	if (rc == 0 && out != NULL)
		*out = path;
	else
		free(path);
	free(name);
	free(stem);
	free(dir);
	return rc;
}

/* Does the collection hold a card?  Nothing else is worth a backup. */
static int
backup_worth_it(struct store *st)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM cards "
	    "WHERE id > 0)";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		*cause = NULL;
	int		 yes = 0;

	if (store_step(st, stmt, &cause) == 1)
		yes = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	free(cause);
	return yes;
}

/*
 * The automatic backups that failed today are noted in this machine's
 * state (not in the collection: a failure is about this machine's disk,
 * and a collection may be read-only), one "DAY<tab>PATH" line each, so
 * that a backup that cannot be written warns once a day, not on every
 * command.  The file of state this uses, or NULL.
 */
static char *
backup_failed_path(void)
{
	return review_state_path("backup-failed");
}

/* The line of a collection's failed backup on a day. */
static char *
backup_failed_line(const char *db_path, const char *day)
{
	char	*real = realpath(db_path, NULL), *line;

	xasprintf(&line, "%s\t%s\n", day, real != NULL ? real : db_path);
	free(real);
	return line;
}

/*
 * The lines of the state file, read whole; NULL if there is none.  Each
 * call of backup_failed_next gives the next line (with its newline).
 */
static char *
backup_failed_read(const char *path)
{
	char	*cause = NULL, *text;
	size_t	 size;

	text = read_file(path, &size, &cause);
	free(cause);
	return text;
}

static char *
backup_failed_next(char **p, size_t *len)
{
	char *line = *p, *eol;

	if (line == NULL || (eol = strchr(line, '\n')) == NULL)
		return NULL;
	*len = (size_t)(eol + 1 - line);
	*p = eol + 1;
	return line;
}

/* Did today's backup of this collection already fail? */
static int
backup_failed_today(const char *db_path, const char *day)
{
	char	*path = backup_failed_path(), *text, *want, *p, *line;
	size_t	 len;
	int	 yes = 0;

	if (path == NULL)
		return 0;
	if ((text = backup_failed_read(path)) != NULL) {
		want = backup_failed_line(db_path, day);
		p = text;
		while (!yes && (line = backup_failed_next(&p, &len)) != NULL)
			yes = len == strlen(want) && memcmp(line, want, len) == 0;
		free(want);
		free(text);
	}
	free(path);
	return yes;
}

/*
 * Note that today's backup of this collection failed: the lines of other
 * collections that failed today stay, older days go.
 */
static void
backup_failed_note(const char *db_path, const char *day)
{
	char	*path = backup_failed_path(), *dir, *tmp, *text, *line;
	char	*p, *l, *cause = NULL;
	size_t	 n = strlen(day), len;
	FILE	*f;
	int	 ok;

	if (path == NULL)
		return;
	dir = path_dirname(path);
	ok = mkdir_parents(dir, 0700, &cause) == 0;
	free(cause);
	free(dir);
	xasprintf(&tmp, "%s.%ld", path, (long)getpid());
	if (!ok || (f = fopen(tmp, "w")) == NULL) {
		free(tmp);
		free(path);
		return;
	}
	line = backup_failed_line(db_path, day);
	if ((text = backup_failed_read(path)) != NULL) {
		p = text;
		while ((l = backup_failed_next(&p, &len)) != NULL) {
			if (len > n && strncmp(l, day, n) == 0 &&
			    l[n] == '\t' && (len != strlen(line) ||
			    memcmp(l, line, len) != 0))
				fwrite(l, 1, len, f);
		}
		free(text);
	}
	fputs(line, f);
	free(line);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
	free(tmp);
	free(path);
}

/*
 * The automatic backup, on the first open of each day (by the rollover):
 * when today's backup is already there, this is two settings reads and a
 * stat.  A collection open only for reading (read-only, or seen damaged)
 * is not backed up: a damaged copy must never push a sound backup out of
 * the last N.  Nor is a backup opened as a collection.  Returns a
 * one-line warning if the backup failed, or NULL; it never stops the
 * command.  A failure is noted so that it is said once a day.
 */
char *
backup_daily(struct store *st, const char *db_path)
{
	struct stat	 sb;
	char		*dir, *stem, *name, *path, *day, *cause = NULL, *w;
	int		 keep;

	if ((keep = settings_int(st, SETTING_BACKUPS)) == 0 ||
	    sqlite3_db_readonly(store_db(st), "main") != 0 ||
	    backup_is_backup(db_path))
		return NULL;
	day = clock_day_string(review_today(st));
	dir = backup_dir(db_path);
	stem = backup_stem(db_path);
	name = backup_name(stem, day);
	xasprintf(&path, "%s/%s", dir, name);
	free(name);
	free(stem);
	free(dir);
	if (stat(path, &sb) == 0 || backup_failed_today(db_path, day) ||
	    !backup_worth_it(st)) {
		free(path);
		free(day);
		return NULL;
	}
	w = NULL;
	if (backup_to_folder(st, db_path, day, keep, NULL, &cause) != 0) {
		xasprintf(&w, "no backup today: %s (the command goes on; "
		    "said once a day)", cause);
		free(cause);
		backup_failed_note(db_path, day);
	}
	free(path);
	free(day);
	return w;
}

/* Run the counting query on one statement. */
static int
backup_count_stmt(sqlite3_stmt *stmt, struct backup_info *bi)
{
	if (sqlite3_step(stmt) != SQLITE_ROW)
		return -1;
	bi->cards = sqlite3_column_int64(stmt, 0);
	bi->reviews = sqlite3_column_int64(stmt, 1);
	bi->last_review = (time_t)sqlite3_column_int64(stmt, 2);
	return 0;
}

/* What a collection holds: cards, answers, the last answer's time. */
static const char backup_count_sql[] = "SELECT (SELECT count(*) FROM cards), "
    "(SELECT count(*) FROM reviews), (SELECT coalesce(max(time), 0) FROM "
    "reviews)";

/* Count what the open collection holds. */
int
backup_count_store(struct store *st, struct backup_info *bi, char **cause)
{
	sqlite3_stmt	*stmt = store_stmt(st, backup_count_sql);
	int		 rc;

	if ((rc = store_step(st, stmt, cause)) == 1) {
		bi->cards = sqlite3_column_int64(stmt, 0);
		bi->reviews = sqlite3_column_int64(stmt, 1);
		bi->last_review = (time_t)sqlite3_column_int64(stmt, 2);
	} else if (rc == 0)
		*cause = xstrdup("cannot count what it holds");
	sqlite3_reset(stmt);
	return rc == 1 ? 0 : -1;
}

/* Open a file as SQLite for reading only, touching nothing beside it. */
static int
backup_open_ro(const char *path, sqlite3 **db, char **cause)
{
	char	*uri = store_uri(path, "mode=ro");
	int	 rc;

	rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		xasprintf(cause, "%s: cannot open it: %s", path, *db == NULL ?
		    "out of memory" : sqlite3_errmsg(*db));
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	return 0;
}

/* One integer a query returns, or -1 with cause. */
static int
backup_query_int(sqlite3 *db, const char *sql, int64_t *out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK) {
		*cause = xstrdup(sqlite3_errmsg(db));
		return -1;
	}
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else
		*cause = xstrdup(rc == SQLITE_DONE ? "no answer" :
		    sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * Is an open database a sound recall collection this recall can open:
 * SQLite's integrity check passes, it is ours, and its schema is not
 * newer than ours?  Older schemas are upgraded as it is restored.
 */
static int
backup_check_db(sqlite3 *db, const char *path, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*s;
	char		*why = NULL;
	int64_t		 app, version;
	int		 rc, ok;

	if (backup_query_int(db, "PRAGMA application_id", &app, &why) != 0 ||
	    backup_query_int(db, "PRAGMA user_version", &version, &why) != 0) {
		xasprintf(cause, "%s is not a recall collection (%s)", path,
		    why);
		free(why);
		return -1;
	}
	if (app != STORE_APPLICATION_ID) {
		xasprintf(cause, "%s is not a recall collection (an SQLite "
		    "database of another program, or none)", path);
		return -1;
	}
	if (version > SCHEMA_VERSION) {
		xasprintf(cause, "%s was made by a newer recall (schema version "
		    "%lld; this recall knows up to %d); upgrade recall to "
		    "restore it", path, (long long)version, SCHEMA_VERSION);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &stmt,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s is damaged (%s)", path, sqlite3_errmsg(db));
		return -1;
	}
	rc = sqlite3_step(stmt);
	s = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) :
	    NULL;
	ok = s != NULL && strcmp(s, "ok") == 0;
	if (!ok)
		xasprintf(cause, "%s is damaged (%s)", path, s != NULL ? s :
		    sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return ok ? 0 : -1;
}

/*
 * Read what a backup file holds, for a list or a restore; bi->error says
 * why it cannot be read.  With check, it must be a collection this recall
 * can restore.
 */
void
backup_info_read(const char *path, int check, struct backup_info *bi)
{
	struct stat	 sb;
	sqlite3		*db = NULL;
	sqlite3_stmt	*stmt;

	memset(bi, 0, sizeof bi[0]);
	bi->path = xstrdup(path);
	bi->name = xstrdup(backup_basename(path));
	if (stat(path, &sb) != 0) {
		xasprintf(&bi->error, "%s: %s", path, strerror(errno));
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(&bi->error, "%s is %s, not a collection file", path,
		    file_kind(sb.st_mode));
		return;
	}
	bi->size = (int64_t)sb.st_size;
	bi->mtime = sb.st_mtime;
	if (backup_open_ro(path, &db, &bi->error) != 0)
		return;
	if (check && backup_check_db(db, path, &bi->error) != 0) {
		sqlite3_close(db);
		return;
	}
	if (sqlite3_prepare_v2(db, backup_count_sql, -1, &stmt, NULL) !=
	    SQLITE_OK || backup_count_stmt(stmt, bi) != 0) {
		if (check)
			xasprintf(&bi->error, "%s is not a recall collection "
			    "(%s)", path, sqlite3_errmsg(db));
		else
			xasprintf(&bi->error, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* Free what backup_info_read filled in. */
void
backup_info_clear(struct backup_info *bi)
{
	free(bi->path);
	free(bi->name);
	free(bi->error);
}

/* The backups of a collection, oldest first. */
struct backup_info *
backup_list(const char *db_path, int *n, char **cause)
{
	struct backup_info	*list;
	char			*dir = backup_dir(db_path);
	char			*stem = backup_stem(db_path), **names, *path;
	int			 i;

	if (backup_names(dir, stem, &names, n, cause) != 0) {
		free(stem);
		free(dir);
		return NULL;
	}
	list = xcalloc((size_t)*n + 1, sizeof *list);
	for (i = 0; i < *n; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		backup_info_read(path, 0, &list[i]);
		free(path);
	}
	backup_names_free(names, *n);
	free(stem);
	free(dir);
	return list;
}

/* Free a list of backups. */
void
backup_list_free(struct backup_info *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		backup_info_clear(&list[i]);
	free(list);
}

/*
 * Put a copy about to become the collection in WAL mode, as recall keeps
 * it: until recall next opened it, another program reading it would
 * hold no lock on the -shm, and a second restore would not see it.
 */
static int
backup_to_wal(const char *path, char **cause)
{
	sqlite3	*db = NULL;
	char	*err = NULL;
	int	 rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL,
		    &err);
	if (rc != SQLITE_OK)
		xasprintf(cause, "cannot prepare the copy %s: %s", path,
		    err != NULL ? err : db != NULL ? sqlite3_errmsg(db) :
		    sqlite3_errstr(rc));
	sqlite3_free(err);
	if (sqlite3_close(db) != SQLITE_OK && rc == SQLITE_OK) {
		xasprintf(cause, "cannot prepare the copy %s", path);
		rc = SQLITE_ERROR;
	}
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * Copy the file to restore beside the collection (so the swap is one
 * rename on one file system) and check the copy: it is what goes in, so
 * a file that changes while this runs cannot slip past the check.  What an
 * earlier restore left there when it was killed goes first.
 */
int
backup_restore_prepare(const char *file, const char *db_path, char **tmp,
    char **cause)
{
	sqlite3	*src = NULL, *db = NULL;
	char	*why = NULL, *dir;
	int	 lock;

	dir = path_dirname(db_path);
	backup_sweep(dir, backup_sweep_same, backup_basename(db_path));
	free(dir);
	if (backup_open_ro(file, &src, cause) != 0)
		return -1;
	if (backup_check_db(src, file, cause) != 0) {
		sqlite3_close(src);
		return -1;
	}
	if (backup_copy(src, db_path, tmp, &lock, &why) != 0) {
		xasprintf(cause, "cannot copy %s beside %s: %s", file, db_path,
		    why);
		free(why);
		sqlite3_close(src);
		return -1;
	}
	sqlite3_close(src);
	close(lock);
	if (backup_open_ro(*tmp, &db, cause) != 0 ||
	    backup_check_db(db, file, cause) != 0 ||
	    (sqlite3_close(db), db = NULL, backup_to_wal(*tmp, cause)) != 0) {
		sqlite3_close(db);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	sqlite3_close(db);
	return 0;
}

/*
 * Hold the collection against every other program: the write lock on
 * SQLite's dead man switch byte of the -shm, which every connection holds
 * a read lock on while it has the collection open.  Returns the fd that
 * holds it (closing it lets go), or -1 with cause if another program has
 * the collection open.  This process must have no connection open to it:
 * closing any descriptor of the file would drop the lock.
 */
int
backup_lock(const char *db_path, char **cause)
{
	struct flock	 fl;
	char		*shm;
	int		 fd;

	xasprintf(&shm, "%s-shm", db_path);
	fd = open(shm, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		xasprintf(cause, "cannot lock %s: %s", shm, strerror(errno));
		free(shm);
		return -1;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = BACKUP_SHM_DMS;
	fl.l_len = 1;
	if (fcntl(fd, F_SETLK, &fl) == -1) {
		if (errno == EACCES || errno == EAGAIN)
			xasprintf(cause, "another program (another recall?) has "
			    "%s open; close it and try again", db_path);
		else
			xasprintf(cause, "cannot lock %s: %s", shm,
			    strerror(errno));
		close(fd);
		free(shm);
		return -1;
	}
	free(shm);
	return fd;
}

/*
 * Put the checked copy in place of the collection, holding the lock: one
 * rename, so the collection is the old file or the new one, never half.
 * A -wal left of the old file would not belong to the new one, and the
 * damage marker was about the old file: both go.
 */
int
backup_restore_swap(const char *tmp, const char *db_path, char **cause)
{
	char	*side, *dir;

	if (rename(tmp, db_path) != 0) {
		xasprintf(cause, "cannot replace %s: %s", db_path,
		    strerror(errno));
		return -1;
	}
	xasprintf(&side, "%s-wal", db_path);
	unlink(side);
	free(side);
	xasprintf(&side, "%s-damaged", db_path);
	unlink(side);
	free(side);
	dir = path_dirname(db_path);
	backup_sync(dir, O_RDONLY | O_DIRECTORY);
	free(dir);
	return 0;
}

/*
 * The when of the backup a restore keeps of the collection: the date and
 * time now, a second later for each one already there (a clock fixed by
 * --now must not overwrite the copy an earlier restore kept).
 */
char *
backup_restore_when(const char *db_path)
{
	struct stat	 sb;
	char		*dir = backup_dir(db_path), *stem = backup_stem(db_path);
	char		*when, *name, *path;
	time_t		 t = clock_now();
	int		 i;

	for (i = 0;; i++) {
		when = clock_format(t + i, "%Y-%m-%dT%H%M%S");
		name = backup_name(stem, when);
		xasprintf(&path, "%s/%s", dir, name);
		free(name);
		if (stat(path, &sb) != 0 || i == 3600) {
			free(path);
			break;
		}
		free(path);
		free(when);
	}
	free(stem);
	free(dir);
	return when;
}
