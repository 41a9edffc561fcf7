/*
 * The collection: one SQLite file.  Opening checks that the file is ours
 * and not from a newer recall, runs forward migrations in a transaction,
 * and keeps every prepared statement for reuse.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"
#include "schema.h"

#define STMT_SLOTS 256

static const char	*store_errmsg(struct store *);

struct stmt_slot {
	const char	*sql;
	sqlite3_stmt	*stmt;
};

struct store {
	sqlite3			*db;
	char			*path;
	int			 depth;		/* transaction nesting */
	struct stmt_slot	 slots[STMT_SLOTS];
};

/* The default collection path under XDG_DATA_HOME. */
char *
store_default_path(void)
{
	const char	*data = getenv("XDG_DATA_HOME");
	const char	*home = getenv("HOME");
	char		*path;

	if (data != NULL && *data == '/')
		xasprintf(&path, "%s/recall/collection.db", data);
	else if (home != NULL && *home != '\0')
		xasprintf(&path, "%s/.local/share/recall/collection.db", home);
	else
		path = xstrdup("recall-collection.db");
	return path;
}

/* Run one integer-valued PRAGMA query. */
static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Does the file start like an SQLite database (or is it empty)? */
static int
looks_like_sqlite(const char *path, char **cause)
{
	static const char	magic[16] = "SQLite format 3";
	char			head[16];
	ssize_t			n;
	int			fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 1;
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return 0;
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n == 0)
		return 1;
	if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof head) != 0) {
		xasprintf(cause, "%s: not a recall collection (not an SQLite "
		    "database); refusing to touch it", path);
		return 0;
	}
	return 1;
}

/*
 * Check an open database is ours (or empty) and not newer than us, before
 * anything writes to it.
 */
static int
store_check(struct store *st, int *version, char **cause)
{
	int app = 0, tables = 0;

	if (pragma_int(st->db, "PRAGMA application_id", &app) != 0 ||
	    pragma_int(st->db, "PRAGMA user_version", version) != 0 ||
	    pragma_int(st->db, "SELECT count(*) FROM sqlite_schema",
	    &tables) != 0) {
		xasprintf(cause, "%s: cannot read: %s", st->path,
		    store_errmsg(st));
		return -1;
	}
	if (app == 0 && *version == 0 && tables == 0)
		return 0;
	if (app != STORE_APPLICATION_ID) {
		xasprintf(cause, "%s: not a recall collection (an SQLite "
		    "database of another program); refusing to touch it",
		    st->path);
		return -1;
	}
	if (*version > SCHEMA_VERSION) {
		xasprintf(cause, "%s: made by a newer recall (schema version "
		    "%d; this recall knows up to %d); upgrade recall to open "
		    "it", st->path, *version, SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* Bring the schema up to date, all in one transaction. */
static int
store_migrate(struct store *st, char **cause)
{
	char	*err = NULL, sql[128];
	int	 version, v;

	if (store_begin(st, cause) != 0)
		return -1;
	/* Another process may have migrated while we waited. */
	if (store_check(st, &version, cause) != 0)
		goto fail;
	for (v = version; v < SCHEMA_VERSION; v++) {
		if (sqlite3_exec(st->db, schema_migrations[v], NULL, NULL,
		    &err) != SQLITE_OK) {
			xasprintf(cause, "%s: migration to schema %d failed: "
			    "%s", st->path, v + 1, err);
			sqlite3_free(err);
			goto fail;
		}
	}
	if (version != SCHEMA_VERSION) {
		/* Integers of our own, not input: PRAGMA takes no parameters. */
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; "
		    "PRAGMA user_version = %d", STORE_APPLICATION_ID,
		    SCHEMA_VERSION);
		if (store_exec(st, sql, cause) != 0)
			goto fail;
	}
	return store_commit(st, cause);
fail:
	store_rollback(st);
	return -1;
}

/* Open (creating if needed) the collection at path. */
struct store *
store_open(const char *path, char **cause)
{
	struct store	*st;
	int		 fd, version;

	if (!looks_like_sqlite(path, cause))
		return NULL;
	/* Create the file ourselves so it is private from the start. */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	close(fd);

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, st->db == NULL ?
		    "cannot open" : sqlite3_errmsg(st->db));
		store_close(st);
		return NULL;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (regexp_register(st->db) != 0) {
		xasprintf(cause, "%s: cannot register REGEXP", path);
		store_close(st);
		return NULL;
	}
	if (store_check(st, &version, cause) != 0) {
		store_close(st);
		return NULL;
	}
	if (store_exec(st, "PRAGMA journal_mode = WAL", cause) != 0 ||
	    store_exec(st, "PRAGMA synchronous = NORMAL", cause) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys = ON", cause) != 0 ||
	    store_migrate(st, cause) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

/* Close the collection, finalizing every statement. */
void
store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < STMT_SLOTS; i++) {
		if (st->slots[i].stmt != NULL)
			sqlite3_finalize(st->slots[i].stmt);
	}
	if (st->db != NULL)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

/* The SQLite handle, for the few places that need it directly. */
sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

/*
 * A prepared statement for this SQL, made once and reused: reset, with
 * its bindings cleared.  SQL that does not prepare is a bug.
 */
sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	uint32_t	 h = 2166136261u;
	const char	*p;
	size_t		 i, slot;

	for (p = sql; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (i = 0; i < STMT_SLOTS; i++) {
		slot = (h + i) % STMT_SLOTS;
		if (st->slots[slot].stmt == NULL)
			break;
		if (st->slots[slot].sql == sql ||
		    strcmp(st->slots[slot].sql, sql) == 0) {
			sqlite3_reset(st->slots[slot].stmt);
			sqlite3_clear_bindings(st->slots[slot].stmt);
			return st->slots[slot].stmt;
		}
	}
	if (i == STMT_SLOTS)
		fatal("too many prepared statements");
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st->slots[slot].stmt, NULL) != SQLITE_OK)
		fatal("SQL error: %s\nin: %s", sqlite3_errmsg(st->db), sql);
	st->slots[slot].sql = sql;
	return st->slots[slot].stmt;
}

/*
 * Did the last write fail at the file size limit?  SQLite keeps the
 * errno only for some errors, so a write error's errno is looked at too.
 */
static int
store_too_large(struct store *st)
{
	int	saved = errno;
	int	ext = sqlite3_extended_errcode(st->db);

	if ((ext & 0xff) != SQLITE_IOERR && (ext & 0xff) != SQLITE_FULL)
		return 0;
	return sqlite3_system_errno(st->db) == EFBIG || saved == EFBIG;
}

/*
 * SQLite's message for the last error; a write past the file size limit
 * (SIGXFSZ is ignored, so it fails with EFBIG) says so, not "disk I/O".
 */
static const char *
store_errmsg(struct store *st)
{
	if (store_too_large(st))
		return "the collection would grow past the file size limit "
		    "(file too large; see ulimit -f)";
	return sqlite3_errmsg(st->db);
}

/* Run SQL with no parameters and no rows (pragmas, transactions). */
int
store_exec(struct store *st, const char *sql, char **cause)
{
	char *err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		xasprintf(cause, "%s", store_too_large(st) || err == NULL ?
		    store_errmsg(st) : err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Begin a transaction, or a savepoint inside one. */
int
store_begin(struct store *st, char **cause)
{
	if (store_exec(st, st->depth == 0 ? "BEGIN IMMEDIATE" :
	    "SAVEPOINT nested", cause) != 0)
		return -1;
	st->depth++;
	return 0;
}

/* Commit the innermost transaction. */
int
store_commit(struct store *st, char **cause)
{
	if (st->depth == 0)
		fatal("commit without a transaction");
	if (store_exec(st, st->depth == 1 ? "COMMIT" : "RELEASE nested",
	    cause) != 0) {
		store_rollback(st);
		return -1;
	}
	st->depth--;
	return 0;
}

/* Roll back the innermost transaction. */
void
store_rollback(struct store *st)
{
	if (st->depth == 0)
		return;
	if (st->depth == 1)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	else {
		sqlite3_exec(st->db, "ROLLBACK TO nested; RELEASE nested",
		    NULL, NULL, NULL);
	}
	st->depth--;
}

/* Step a statement: 1 for a row, 0 when done, -1 on error (with cause). */
int
store_step(struct store *st, sqlite3_stmt *stmt, char **cause)
{
	int rc;

	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return 0;
	}
	if (cause != NULL)
		xasprintf(cause, "%s", store_errmsg(st));
	sqlite3_reset(stmt);
	return -1;
}

/* Step a statement that returns no rows: 0 or -1 with cause. */
int
store_done(struct store *st, sqlite3_stmt *stmt, char **cause)
{
	int rc;

	if ((rc = store_step(st, stmt, cause)) == 1) {
		sqlite3_reset(stmt);
		return 0;
	}
	return rc;
}

/* A copy of a text column, or NULL. */
char *
stmt_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	return s == NULL ? NULL : xstrdup((const char *)s);
}

/* Bind text, or NULL for NULL. */
void
stmt_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, idx);
	else
		sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
}

/* A setting's value, or NULL if unset. */
char *
store_setting(struct store *st, const char *key)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		*v = NULL;

	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (store_step(st, stmt, NULL) == 1)
		v = stmt_text(stmt, 0);
	sqlite3_reset(stmt);
	return v;
}

/* A setting as an integer, or a default. */
int
store_setting_int(struct store *st, const char *key, int def)
{
	char		*v = store_setting(st, key);
	long long	 n;

	if (v != NULL && parse_int(v, INT32_MIN, INT32_MAX, &n) == 0)
		def = (int)n;
	free(v);
	return def;
}

/* Set a setting. */
int
store_set_setting(struct store *st, const char *key, const char *value,
    char **cause)
{
	static const char sql[] = "INSERT INTO settings (key, value) "
	    "VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	return store_done(st, stmt, cause);
}
