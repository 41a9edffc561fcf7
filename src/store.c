/*
 * The collection: one SQLite file.  Opening checks that the file is ours
 * and not from a newer recall, runs forward migrations in a transaction,
 * and keeps every prepared statement for reuse.
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "recall.h"
#include "schema.h"

#define STMT_SLOTS 256

/*
 * The statement cache's shortcut: the slot that SQL at this address had
 * last, so that the SQL is hashed once, not at every use (a SELECT of a
 * card's columns is 500 bytes).  A power of 2.
 */
#define STMT_RECENT 64

/*
 * How long to wait for another recall's write to finish: a second in short
 * steps, then longer steps up to the limit.
 */
#define STORE_BUSY_QUICK	50	/* tries of 20 ms before saying so */
#define STORE_BUSY_MINUTES	10
#define STORE_BUSY_TRIES	(STORE_BUSY_QUICK + STORE_BUSY_MINUTES * 600)
static const char	*store_errmsg(struct store *);
static int		 store_too_large(struct store *);
static int		 store_sync_wal(struct store *);

struct stmt_slot {
	const char	*sql;
	sqlite3_stmt	*stmt;
};

struct store {
	sqlite3			*db;
	char			*path;
	int			 depth;		/* transaction nesting */
	char			*readonly;	/* why writing is refused */
	char			*damaged;	/* the marker's reason, or NULL */
	int			 failed;	/* SQLite code that stopped us */
	char			*failure;	/* its message for the person */
	int			 told;		/* the failure reached a cause */
	int			 waited;	/* said we wait for a writer */
	FILE			*trace;		/* RECALL_TRACE_SQL, or NULL */
	int			 sync_later;	/* commits wait for store_sync */
	int			 unsynced;	/* committed since the last sync */
	int			 immutable;	/* opened as a file none writes */
	struct stmt_slot	 slots[STMT_SLOTS];
	struct stmt_slot	*recent[STMT_RECENT];
};

/* The default collection path under XDG_DATA_HOME, or NULL if no home. */
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
		path = NULL;
	return path;
}

/* Run one integer-valued PRAGMA query. */
static int
pragma_int(sqlite3 *db, const char *sql, int *out, int *code)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK) {
		*code = rc;
		return -1;
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(stmt, 0);
	else
		*code = rc;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Does the file start like an SQLite database? */
static int
looks_like_sqlite(const char *path, char **cause)
{
	static const char	magic[16] = "SQLite format 3";
	char			head[16];
	ssize_t			n;
	int			fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		xasprintf(cause, "%s: cannot read it: %s", path,
		    strerror(errno));
		return 0;
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof head) != 0) {
		xasprintf(cause, "%s: not a recall collection (not an SQLite "
		    "database); refusing to touch it", path);
		return 0;
	}
	return 1;
}

/* What kind of thing a non-regular file is, for messages. */
static const char *
store_file_kind(mode_t mode)
{
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/*
 * Is path somewhere a collection can be: an existing collection file, or
 * nothing yet (then *create is set)?  Never opens a FIFO or a device, and
 * an empty file is a collection only when the person asked for one.
 */
static int
store_check_path(const char *path, int flags, int *create, char **cause)
{
	struct stat	 sb;
	char		*dir;

	*create = 0;
	if (*path == '\0') {
		*cause = xstrdup("the collection path is empty; give --db "
		    "the path of a collection file");
		return -1;
	}
	if (stat(path, &sb) == -1) {
		if (errno != ENOENT) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			return -1;
		}
		dir = path_dirname(path);
		if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
			xasprintf(cause, "%s: no such directory %s; make it, "
			    "or give --db another path", path, dir);
			free(dir);
			return -1;
		}
		free(dir);
		*create = 1;
		return 0;
	}
	if (S_ISDIR(sb.st_mode)) {
		xasprintf(cause, "%s is a directory; give --db the path of a "
		    "collection file (such as %s/collection.db)", path, path);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(cause, "%s is %s, not a collection file; give --db "
		    "the path of a regular file", path,
		    store_file_kind(sb.st_mode));
		return -1;
	}
	if (sb.st_size == 0) {
		if (~flags & STORE_CREATE) {
			xasprintf(cause, "%s is empty, not a collection; give "
			    "--db a new path, or remove the file (or add "
			    "--create to make a new collection in it)", path);
			return -1;
		}
		*create = 1;
		return 0;
	}
	return looks_like_sqlite(path, cause) ? 0 : -1;
}

/* Create a new collection file ourselves, so it is private from the start. */
static int
store_create_file(const char *path, char **cause)
{
	int fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		xasprintf(cause, "%s: cannot create the collection: %s", path,
		    strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Is SQLite's error code one that means the collection cannot be trusted
 * or reached (rather than a statement the caller handles, like a
 * constraint or a REGEXP error)?
 */
static int
store_serious(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_NOMEM:
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CORRUPT:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
	case SQLITE_NOTADB:
	case SQLITE_PERM:
	case SQLITE_NOLFS:
	case SQLITE_AUTH:
		return 1;
	}
	return 0;
}

/* Is it damage to the file itself? */
static int
store_is_damage(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* The marker beside the collection that remembers it was seen damaged. */
static char *
store_marker_path(const char *path)
{
	char *marker;

	xasprintf(&marker, "%s-damaged", path);
	return marker;
}

/* Read the marker's reason, or NULL if there is no marker. */
static char *
store_read_marker(const char *path)
{
	char	*marker = store_marker_path(path), line[512], *nl;
	FILE	*f;

	f = fopen(marker, "r");
	free(marker);
	if (f == NULL)
		return NULL;
	if (fgets(line, sizeof line, f) == NULL)
		strcpy(line, "damage was seen");
	fclose(f);
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	return xstrdup(line);
}

/* Why a collection seen damaged is not written. */
static void
store_damaged_reason(struct store *st)
{
	xasprintf(&st->readonly, "%s was found damaged (%s); writing is "
	    "refused until 'recall check' passes", st->path, st->damaged);
}

/*
 * Remember, outside the damaged file, that it was seen damaged: later
 * commands refuse to write until check passes.
 */
static void
store_mark_damaged(struct store *st, const char *what)
{
	char	*marker, *when;
	FILE	*f;

	if (st->damaged == NULL) {
		when = clock_time_string(clock_now());
		xasprintf(&st->damaged, "%s, seen %s", what, when);
		free(when);
		marker = store_marker_path(st->path);
		if ((f = fopen(marker, "w")) != NULL) {
			fprintf(f, "%s\nrecall refuses to write to %s until "
			    "'recall check' passes.\n", st->damaged, st->path);
			fclose(f);
		}
		free(marker);
	}
	if (st->readonly == NULL)
		store_damaged_reason(st);
}

/* The message a person sees for the error that stopped us. */
static char *
store_failure_text(struct store *st, int rc, const char *msg)
{
	char *s;

	if (store_too_large(st)) {
		xasprintf(&s, "%s: %s: nothing was saved; raise the limit "
		    "(ulimit -f) and try again", st->path, msg);
		return s;
	}
	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		xasprintf(&s, "%s is damaged (%s): the command stopped, and "
		    "nothing more was read or written; run 'recall check' "
		    "(until it passes, recall refuses to write to this "
		    "collection)", st->path, msg);
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		xasprintf(&s, "%s: another program kept the collection locked "
		    "for %d minutes (%s); nothing was saved; try again when "
		    "it is done", st->path, STORE_BUSY_MINUTES, msg);
		break;
	case SQLITE_FULL:
		xasprintf(&s, "%s: the disk is full (%s); nothing was saved; "
		    "free some space and try again", st->path, msg);
		break;
	case SQLITE_READONLY:
		if (st->readonly != NULL)
			xasprintf(&s, "%s; nothing was saved", st->readonly);
		else
			xasprintf(&s, "%s is read-only (%s); nothing was "
			    "saved", st->path, msg);
		break;
	default:
		xasprintf(&s, "%s: cannot read or write the collection (%s): "
		    "the command stopped, and nothing more was read or "
		    "written; run 'recall check'", st->path, msg);
		break;
	}
	return s;
}

/*
 * Record a serious SQLite error: from now on nothing more is read or
 * written, and the command that saw it fails, even if it passed no cause.
 */
static void
store_fail(struct store *st, int rc, const char *msg)
{
	if (!store_serious(rc) || st->failed != 0)
		return;
	if (store_is_damage(rc))
		store_mark_damaged(st, msg);
	st->failed = rc;
	st->failure = store_failure_text(st, rc, msg);
	st->told = 0;
}

/* Give the failure to a caller's cause. */
static void
store_tell(struct store *st, char **cause)
{
	if (cause == NULL)
		return;
	*cause = xstrdup(st->failure);
	st->told = 1;
}

/*
 * The error that stopped the last command, or NULL.  told says whether a
 * caller's cause already carried it.  The store is usable again after.
 */
char *
store_take_failure(struct store *st, int *told)
{
	char *s;

	if (st == NULL || st->failed == 0)
		return NULL;
	s = st->failure;
	*told = st->told;
	st->failure = NULL;
	st->failed = 0;
	return s;
}

/* A warning for the person about this collection's state, or NULL. */
const char *
store_warning(struct store *st)
{
	return st->damaged != NULL ? st->readonly : NULL;
}

/* check passed: the collection is sound again; forget it was damaged. */
void
store_clear_damaged(struct store *st)
{
	char *marker;

	if (st->damaged == NULL)
		return;
	marker = store_marker_path(st->path);
	unlink(marker);
	free(marker);
}

/*
 * Wait for another writer: quietly for a second, then say so once and
 * keep waiting (Ctrl-C stops), up to the limit.
 */
static int
store_busy(void *arg, int count)
{
	struct store *st = arg;

	if (count >= STORE_BUSY_TRIES)
		return 0;
	if (count == STORE_BUSY_QUICK && !st->waited) {
		fprintf(stderr, "recall: waiting for the collection: another "
		    "recall is writing (Ctrl-C to stop)\n");
		st->waited = 1;
	}
	usleep(count < STORE_BUSY_QUICK ? 20000 : 100000);
	return 1;
}

/*
 * A new global id (a deck's, a card's, an answer's, a device's): 32 hex
 * digits, 12 of a number that grows with each id this process makes,
 * from the milliseconds of the real clock when it starts (not recall's
 * clock: nothing reads it as a time), then 20 random ones.  Ids made one
 * after another sort one after another, so each goes at the end of its
 * table's unique index instead of on a random page of it: a million cards
 * imported, or an answer on a big log, touch the last pages only.  80
 * random bits keep ids of different devices apart.
 */
void
store_gid(char out[STORE_GID_LEN + 1])
{
	static uint64_t	 next;
	struct timespec	 ts;
	unsigned char	 raw[10];
	uint64_t	 now;
	size_t		 i;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	if (next < now)
		next = now;
	snprintf(out, 13, "%012llx",
	    (unsigned long long)(next++ & 0xffffffffffffULL));
	sqlite3_randomness(sizeof raw, raw);
	for (i = 0; i < sizeof raw; i++)
		snprintf(out + 12 + 2 * i, 3, "%02x", raw[i]);
}

/* recall_gid(): store_gid for SQL (SYNC_NEW_ID). */
static void
store_gid_func(sqlite3_context *sctx, int argc, sqlite3_value **argv)
{
	char	gid[STORE_GID_LEN + 1];

	(void)argc;
	(void)argv;
	store_gid(gid);
	sqlite3_result_text(sctx, gid, STORE_GID_LEN, SQLITE_TRANSIENT);
}

/*
 * Check an open database is ours (or empty) and not newer than us, before
 * anything writes to it.
 */
static int
store_check(struct store *st, int *version, char **cause)
{
	int app = 0, tables = 0, code = 0;

	if (pragma_int(st->db, "PRAGMA application_id", &app, &code) != 0 ||
	    pragma_int(st->db, "PRAGMA user_version", version, &code) != 0 ||
	    pragma_int(st->db, "SELECT count(*) FROM sqlite_schema",
	    &tables, &code) != 0) {
		store_fail(st, code, store_errmsg(st));
		if (st->failed != 0)
			store_tell(st, cause);
		else
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

/*
 * Decide whether this collection can be written, and why not: damaged
 * before, a read-only file, or a directory where SQLite cannot make its
 * -wal and -shm files.
 */
static void
store_decide_access(struct store *st, int *immutable)
{
	char		*dir, *shm;
	struct stat	 sb;

	*immutable = 0;
	if ((st->damaged = store_read_marker(st->path)) != NULL) {
		store_damaged_reason(st);
		return;
	}
	if (access(st->path, W_OK) != 0) {
		xasprintf(&st->readonly, "%s is read-only; make it writable "
		    "(chmod u+w) to change the collection", st->path);
		return;
	}
	dir = path_dirname(st->path);
	if (access(dir, W_OK) != 0) {
		xasprintf(&st->readonly, "%s is in a directory recall cannot "
		    "write (%s; it needs to keep %s-wal beside it); make the "
		    "directory writable, or move the collection", st->path,
		    dir, st->path);
		xasprintf(&shm, "%s-shm", st->path);
		*immutable = stat(shm, &sb) == -1;
		free(shm);
	}
	free(dir);
}

/* An SQLite URI naming path with these parameters, escaped. */
char *
store_uri(const char *path, const char *params)
{
	struct buf	 b;
	const char	*p;

	buf_init(&b);
	buf_puts(&b, "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_putc(&b, *p);
	}
	buf_printf(&b, "?%s", params);
	return buf_steal(&b);
}

/*
 * Write each statement as it starts, one a line: its SQL as prepared, a
 * tab, and the SQL with its values bound in.  The benchmark and the query
 * plan test read them, so they keep no copies of the SQL that could
 * drift.  Triggers' statements are left out.
 */
static int
store_trace_stmt(unsigned type, void *arg, void *p, void *x)
{
	struct store	*st = arg;
	char		*sql;

	if (type != SQLITE_TRACE_STMT || strncmp(x, "--", 2) == 0)
		return 0;
	if ((sql = sqlite3_expanded_sql(p)) != NULL) {
		fprintf(st->trace, "%s\t%s\n", sqlite3_sql(p), sql);
		sqlite3_free(sql);
	}
	return 0;
}

/* With RECALL_TRACE_SQL naming a file, append each statement run to it. */
static void
store_trace(struct store *st)
{
	const char *path = getenv("RECALL_TRACE_SQL");

	if (path == NULL || *path == '\0' || st->trace != NULL)
		return;
	if ((st->trace = fopen(path, "a")) == NULL)
		fatal("%s: %s", path, strerror(errno));
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, store_trace_stmt, st);
}

/* Open SQLite on the collection, reading only when writing is refused. */
static int
store_connect(struct store *st, char **cause)
{
	char	*uri;
	int	 immutable, flags, rc;

	store_decide_access(st, &immutable);
	st->immutable = immutable;
	flags = st->readonly != NULL ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	uri = store_uri(st->path, immutable ? "immutable=1" : "mode=rw");
	if (st->readonly != NULL && !immutable) {
		free(uri);
		uri = store_uri(st->path, "mode=ro");
	}
	/* One thread: no mutex around every call (check makes 100M). */
	rc = sqlite3_open_v2(uri, &st->db, flags | SQLITE_OPEN_URI |
	    SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		xasprintf(cause, "%s: cannot open the collection: %s",
		    st->path, st->db == NULL ? "out of memory" :
		    sqlite3_errmsg(st->db));
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_handler(st->db, store_busy, st);
	store_trace(st);
	return 0;
}

/* WAL mode once, when the collection is new; it stays in the file. */
static int
store_wal(struct store *st, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 wal = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &stmt,
	    NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(stmt, 0),
		    "wal") == 0;
	sqlite3_finalize(stmt);
	if (wal || st->readonly != NULL)
		return 0;
	return store_exec(st, "PRAGMA journal_mode = WAL", cause);
}

/* A big-endian 32-bit number. */
static uint32_t
store_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Add words to a WAL checksum, in the byte order the header chose. */
static void
wal_checksum(int big, const unsigned char *p, size_t len, uint32_t s[2])
{
	uint32_t	x0, x1;
	size_t		i;

	for (i = 0; i + 8 <= len; i += 8) {
		if (big) {
			x0 = store_be32(p + i);
			x1 = store_be32(p + i + 4);
		} else {
			memcpy(&x0, p + i, 4);
			memcpy(&x1, p + i + 4, 4);
		}
		s[0] += x0 + s[1];
		s[1] += x1 + s[0];
	}
}

/* What a WAL file holds that must agree with its database. */
struct wal_info {
	uint32_t	 page_size;
	int		 frames;	/* committed frames */
	unsigned char	*page1;		/* the last committed page 1, or NULL */
};

/*
 * Read a WAL file the way SQLite recovers it: frames whose salts and
 * checksums follow on from the header, up to the last commit.
 */
static int
wal_read(int fd, struct wal_info *wi)
{
	unsigned char	 hdr[32], fh[24], *page, *last1 = NULL;
	uint32_t	 s[2] = { 0, 0 }, magic;
	int		 big, n = 0;

	memset(wi, 0, sizeof *wi);
	if (read(fd, hdr, sizeof hdr) != (ssize_t)sizeof hdr)
		return 0;
	magic = store_be32(hdr);
	if (magic != 0x377f0682 && magic != 0x377f0683)
		return 0;
	big = magic & 1;
	wi->page_size = store_be32(hdr + 8);
	if (wi->page_size < 512 || wi->page_size > 65536 ||
	    (wi->page_size & (wi->page_size - 1)) != 0)
		return 0;
	wal_checksum(big, hdr, 24, s);
	if (s[0] != store_be32(hdr + 24) || s[1] != store_be32(hdr + 28))
		return 0;
	page = xmalloc(wi->page_size);
	while (read(fd, fh, sizeof fh) == (ssize_t)sizeof fh &&
	    read(fd, page, wi->page_size) == (ssize_t)wi->page_size) {
		if (memcmp(fh + 8, hdr + 16, 8) != 0)
			break;
		wal_checksum(big, fh, 8, s);
		wal_checksum(big, page, wi->page_size, s);
		if (s[0] != store_be32(fh + 16) || s[1] != store_be32(fh + 20))
			break;
		n++;
		if (store_be32(fh) == 1) {
			free(last1);
			last1 = xmalloc(wi->page_size);
			memcpy(last1, page, wi->page_size);
		}
		if (store_be32(fh + 4) != 0) {
			wi->frames = n;
			free(wi->page1);
			wi->page1 = NULL;
			if (last1 != NULL) {
				wi->page1 = xmalloc(wi->page_size);
				memcpy(wi->page1, last1, wi->page_size);
			}
		}
	}
	free(last1);
	free(page);
	return 0;
}

/* Is some process using the collection now (holding the -shm's lock)? */
static int
store_in_use(const char *path)
{
	struct flock	 fl;
	char		*shm;
	int		 fd, used = 0;

	xasprintf(&shm, "%s-shm", path);
	fd = open(shm, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(shm);
	if (fd == -1)
		return 0;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 128;	/* SQLite's "dead man switch" byte */
	fl.l_len = 1;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		used = 1;
	close(fd);
	return used;
}

/*
 * Does the last page 1 in the WAL follow on from the database's page 1?
 * The format, encoding and identity must be equal; counters only grow.
 */
static const char *
wal_page1_mismatch(const unsigned char *db, const unsigned char *wal)
{
	static const struct { int off, len; } same[] = {
		{ 16, 8 }, { 44, 4 }, { 52, 8 }, { 64, 8 }
	};
	size_t i;

	for (i = 0; i < sizeof same / sizeof same[0]; i++) {
		if (memcmp(db + same[i].off, wal + same[i].off,
		    (size_t)same[i].len) != 0)
			return "its database header differs";
	}
	if (store_be32(wal + 24) < store_be32(db + 24))
		return "it is older than the collection";
	if (store_be32(wal + 40) < store_be32(db + 40) ||
	    store_be32(wal + 60) < store_be32(db + 60))
		return "its schema is older than the collection's";
	return NULL;
}

/* Copy a file, for checking a WAL on copies. */
static int
store_copy_file(const char *from, const char *to)
{
	char	buf[65536];
	ssize_t	n;
	int	in, out, ok = 1;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			ok = 0;
			break;
		}
	}
	if (n < 0)
		ok = 0;
	close(in);
	if (close(out) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

/* A trial's folder older than this was left by a recall that was killed. */
#define WAL_TRIAL_STALE 3600

/* Does a folder hold nothing but files of these names? */
static int
wal_trial_only(const char *dir, const char *const *names, size_t n)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 i;
	int		 only = 1;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while (only && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		for (i = 0; i < n && strcmp(de->d_name, names[i]) != 0; i++)
			continue;
		only = i < n;
	}
	closedir(d);
	return only;
}

/*
 * Remove the folders of trials that a recall killed during one left
 * behind (a trial takes seconds): this user's recall-wal-* in tmp, older
 * than an hour, holding nothing but a trial's files.
 */
static void
wal_trial_sweep(const char *tmp)
{
	static const char *const files[] = { "c.db", "c.db-wal",
	    "c.db-shm", "c.db-journal" };
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		*dir, *f;
	size_t		 i;
	time_t		 now = time(NULL);

	if ((d = opendir(tmp)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "recall-wal-", 11) != 0 ||
		    strlen(de->d_name) != 17)
			continue;
		xasprintf(&dir, "%s/%s", tmp, de->d_name);
		if (lstat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    sb.st_uid == getuid() && sb.st_mtime + WAL_TRIAL_STALE <
		    now && wal_trial_only(dir, files,
		    sizeof files / sizeof files[0])) {
			for (i = 0; i < sizeof files / sizeof files[0]; i++) {
				xasprintf(&f, "%s/%s", dir, files[i]);
				unlink(f);
				free(f);
			}
			rmdir(dir);	/* fails, harmless, if more is there */
		}
		free(dir);
	}
	closedir(d);
}

/*
 * Replay the WAL into copies of the files and let SQLite check the
 * result: pages of another database do not make a sound one.  Returns a
 * reason if it is unsound, NULL if sound or the copies cannot be made.
 */
static const char *
wal_trial(const char *path)
{
	const char	*tmp = getenv("TMPDIR"), *why = NULL;
	char		*dir, *db, *wal, *from, *s;
	sqlite3		*t = NULL;
	sqlite3_stmt	*stmt;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	wal_trial_sweep(tmp);
	xasprintf(&dir, "%s/recall-wal-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		free(dir);
		return NULL;
	}
	xasprintf(&db, "%s/c.db", dir);
	xasprintf(&wal, "%s/c.db-wal", dir);
	xasprintf(&from, "%s-wal", path);
	if (store_copy_file(path, db) == 0 && store_copy_file(from, wal) == 0 &&
	    sqlite3_open_v2(db, &t, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(t, "PRAGMA integrity_check(1)", -1, &stmt,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) != SQLITE_ROW ||
		    (s = (char *)sqlite3_column_text(stmt, 0)) == NULL ||
		    strcmp(s, "ok") != 0)
			why = "with it, the collection would be damaged";
		sqlite3_finalize(stmt);
	} else if (t != NULL && store_is_damage(sqlite3_errcode(t)))
		why = "with it, the collection would be damaged";
	sqlite3_close(t);
	unlink(wal);
	unlink(db);
	xasprintf(&s, "%s/c.db-shm", dir);
	unlink(s);
	free(s);
	rmdir(dir);
	free(from);
	free(wal);
	free(db);
	free(dir);
	return why;
}

/*
 * Why a WAL left beside the collection (no program using it) is not its
 * own, or NULL.  SQLite would replay any WAL whose frames are consistent
 * in themselves, even one of another database.
 */
static const char *
wal_foreign(const char *path, int wfd)
{
	struct wal_info	 wi;
	unsigned char	 head[100];
	uint32_t	 size;
	const char	*why = NULL;
	int		 fd;
	ssize_t		 n = 0;

	wal_read(wfd, &wi);
	if (wi.frames == 0)
		return NULL;	/* nothing SQLite would replay */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(fd, head, sizeof head);
		close(fd);
	}
	if (n != (ssize_t)sizeof head)
		why = "the collection file has no database in it yet";
	else {
		size = (uint32_t)head[16] << 8 | head[17];
		if (size == 1)
			size = 65536;
		if (size != wi.page_size)
			why = "its page size differs";
		else if (wi.page1 != NULL)
			why = wal_page1_mismatch(head, wi.page1);
	}
	free(wi.page1);
	if (why == NULL)
		why = wal_trial(path);
	return why;
}

/*
 * Refuse to open a collection whose leftover -wal belongs to another
 * database, before SQLite replays it into the file.
 */
static int
store_wal_check(const char *path, char **cause)
{
	const char	*why;
	char		*wal;
	int		 fd;

	xasprintf(&wal, "%s-wal", path);
	if ((fd = open(wal, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1 ||
	    store_in_use(path)) {
		if (fd != -1)
			close(fd);
		free(wal);
		return 0;
	}
	why = wal_foreign(path, fd);
	close(fd);
	if (why != NULL) {
		xasprintf(cause, "%s does not belong to %s (%s); recall "
		    "opened nothing and wrote nothing.  Move %s away (if the "
		    "collection was copied or restored, the -wal is from the "
		    "file it replaced)", wal, path, why, wal);
	}
	free(wal);
	return why != NULL ? -1 : 0;
}

/*
 * Open (creating if needed) the collection at path.  Opening only reads,
 * unless the collection is new or a migration is due.
 */
struct store *
store_open(const char *path, int flags, char **cause)
{
	struct store	*st;
	int		 create, version;

	if (store_check_path(path, flags, &create, cause) != 0)
		return NULL;
	if (store_wal_check(path, cause) != 0)
		return NULL;
	if (create && store_create_file(path, cause) != 0)
		return NULL;

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (store_connect(st, cause) != 0)
		goto fail;
	if (regexp_register(st->db) != 0 || sqlite3_create_function(st->db,
	    "recall_gid", 0, SQLITE_UTF8, NULL, store_gid_func, NULL,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: cannot register REGEXP and recall_gid",
		    path);
		goto fail;
	}
	if (store_check(st, &version, cause) != 0)
		goto fail;
	if (version != SCHEMA_VERSION && st->readonly != NULL) {
		xasprintf(cause, "%s needs an upgrade to schema %d, but %s",
		    path, SCHEMA_VERSION, st->readonly);
		goto fail;
	}
	/*
	 * synchronous=FULL: each commit syncs the WAL before it returns, so
	 * what recall says it saved (an answer) survives a power cut; NORMAL
	 * would sync only at checkpoints.  A bulk import is one commit.
	 */
	if (store_wal(st, cause) != 0 ||
	    store_exec(st, "PRAGMA synchronous = FULL", cause) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys = ON", cause) != 0)
		goto fail;
	if (version != SCHEMA_VERSION && store_migrate(st, cause) != 0)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

/* Close the collection, finalizing every statement. */
void
store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	/* Commits store_sync has not synced yet are not left to chance. */
	if (st->unsynced)
		store_sync_wal(st);
	for (i = 0; i < STMT_SLOTS; i++) {
		if (st->slots[i].stmt != NULL)
			sqlite3_finalize(st->slots[i].stmt);
	}
	if (st->db != NULL)
		sqlite3_close(st->db);
	if (st->trace != NULL)
		fclose(st->trace);
	free(st->readonly);
	free(st->damaged);
	free(st->failure);
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
 * its bindings cleared.  SQL that does not prepare is a bug.  The cache
 * keeps sql itself, so it must be a string that neither changes nor goes
 * while the store is open (every caller's is a constant).
 */
sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	struct stmt_slot	**recent, *s = NULL;
	uint32_t		  h = 2166136261u;
	const char		 *p;
	size_t			  i, slot;

	recent = &st->recent[((uintptr_t)sql >> 3) & (STMT_RECENT - 1)];
	if (*recent != NULL && (*recent)->sql == sql)
		s = *recent;
	for (p = sql; s == NULL && *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (i = 0; s == NULL && i < STMT_SLOTS; i++) {
		slot = (h + i) % STMT_SLOTS;
		if (st->slots[slot].stmt == NULL)
			break;
		if (st->slots[slot].sql == sql ||
		    strcmp(st->slots[slot].sql, sql) == 0)
			s = &st->slots[slot];
	}
	if (s != NULL) {
		*recent = s;
		sqlite3_reset(s->stmt);
		sqlite3_clear_bindings(s->stmt);
		return s->stmt;
	}
	if (i == STMT_SLOTS)
		fatal("too many prepared statements");
	s = &st->slots[slot];
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->stmt, NULL) != SQLITE_OK)
		fatal("SQL error: %s\nin: %s", sqlite3_errmsg(st->db), sql);
	s->sql = sql;
	*recent = s;
	return s->stmt;
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
	char	*err = NULL;
	int	 rc;

	if (st->failed != 0) {
		store_tell(st, cause);
		return -1;
	}
	if ((rc = sqlite3_exec(st->db, sql, NULL, NULL, &err)) != SQLITE_OK) {
		store_fail(st, rc, store_too_large(st) || err == NULL ?
		    store_errmsg(st) : err);
		if (st->failed != 0)
			store_tell(st, cause);
		else if (cause != NULL)
			xasprintf(cause, "%s", store_too_large(st) ||
			    err == NULL ? store_errmsg(st) : err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Begin a transaction, or a savepoint inside one. */
int
store_begin(struct store *st, char **cause)
{
	if (st->readonly != NULL && st->failed == 0) {
		st->failed = SQLITE_READONLY;
		st->failure = store_failure_text(st, SQLITE_READONLY, "");
	}
	if (store_exec(st, st->depth == 0 ? "BEGIN IMMEDIATE" :
	    "SAVEPOINT nested", cause) != 0)
		return -1;
	st->depth++;
	return 0;
}

/*
 * Bring the search index up to date with what the triggers queued
 * (schema.sql, migrations 10 and 11): take out the indexed text of the
 * cards that changed or went (cards_text_gone), then index the text of
 * the new and changed ones (cards_text_pending).  Once a transaction, a
 * statement each, which FTS5 does ten times faster than a row a
 * statement.  0, or -1 with cause.
 */
static int
store_index_pending(struct store *st, char **cause)
{
	static const char any_sql[] = "SELECT EXISTS (SELECT 1 FROM "
	    "cards_text_pending) OR EXISTS (SELECT 1 FROM cards_text_gone)";
	static const char gone_sql[] = "INSERT INTO cards_text (cards_text, "
	    "rowid, front, back, tags, context) SELECT 'delete', id, front, "
	    "back, tags, context FROM cards_text_gone";
	static const char gone_done_sql[] = "DELETE FROM cards_text_gone";
	static const char index_sql[] = "INSERT INTO cards_text (rowid, "
	    "front, back, tags, context) SELECT c.id, c.front, c.back, "
	    "c.tags, c.context FROM cards_text_pending p JOIN cards c ON "
	    "c.id = p.id";
	static const char done_sql[] = "DELETE FROM cards_text_pending";
	sqlite3_stmt	*stmt = store_stmt(st, any_sql);
	int		 rc, any = 0;

	if ((rc = store_step(st, stmt, cause)) == 1)
		any = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == -1)
		return -1;
	if (!any)
		return 0;
	if (store_done(st, store_stmt(st, gone_sql), cause) != 0 ||
	    store_done(st, store_stmt(st, gone_done_sql), cause) != 0 ||
	    store_done(st, store_stmt(st, index_sql), cause) != 0)
		return -1;
	return store_done(st, store_stmt(st, done_sql), cause);
}

/* Is a transaction open (store_begin without its commit or rollback)? */
int
store_in_transaction(struct store *st)
{
	return st->depth > 0;
}

/* Commit the innermost transaction. */
int
store_commit(struct store *st, char **cause)
{
	if (st->depth == 0)
		fatal("commit without a transaction");
	/* After a serious error nothing of this transaction is kept. */
	if (st->failed != 0) {
		store_rollback(st);
		store_tell(st, cause);
		return -1;
	}
	if (st->depth == 1 && store_index_pending(st, cause) != 0) {
		store_rollback(st);
		return -1;
	}
	if (store_exec(st, st->depth == 1 ? "COMMIT" : "RELEASE nested",
	    cause) != 0) {
		store_rollback(st);
		return -1;
	}
	st->depth--;
	return 0;
}

/*
 * A second connection to the collection, read only, for a reader in
 * another thread (check's page check): its own snapshot, no statement
 * cache, no busy message.  It reads through its page cache, not a
 * mapping: each page is read once, and a second mapping of the file
 * would double what the process holds.  NULL if it cannot be opened;
 * the caller then reads through st.
 */
sqlite3 *
store_reader(struct store *st)
{
	sqlite3	*db;
	char	*uri;
	int	 rc;

	uri = store_uri(st->path, st->immutable ? "immutable=1" : "mode=ro");
	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	    SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK || sqlite3_busy_timeout(db, 30000) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/*
 * Read the whole collection in one snapshot, as check does: one read
 * transaction, so writers going on meanwhile do not make a false
 * difference, with the file mapped into memory instead of read through
 * the page cache a page at a time (SQLite's limit caps the mapping).
 */
int
store_scan_begin(struct store *st, char **cause)
{
	if (store_exec(st, "PRAGMA mmap_size = 2147483647", cause) != 0)
		return -1;
	return store_exec(st, "BEGIN DEFERRED", cause);
}

/*
 * End a write transaction: commit it if all went well and it is to be
 * kept, else roll it back (a dry run counts what it would write, then
 * writes nothing).  Gives 0 if it went well (and committed when kept).
 */
int
store_end(struct store *st, int ok, int keep, char **cause)
{
	if (ok && keep)
		return store_commit(st, cause);
	store_rollback(st);
	return ok ? 0 : -1;
}

/*
 * Read in one snapshot, through the page cache (memory that does not grow
 * with the collection); store_scan_end ends it.
 */
int
store_read_begin(struct store *st, char **cause)
{
	return store_exec(st, "BEGIN DEFERRED", cause);
}

/* End a whole-collection read: nothing was written, nothing can be lost. */
void
store_scan_end(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(st->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
}

/* A commit is on its way: store_sync has something to make durable. */
static int
store_committed(void *arg)
{
	struct store *st = arg;

	st->unsynced = 1;
	return 0;
}

/*
 * Script mode: commits stop syncing the WAL one by one (synchronous=NORMAL:
 * each is still whole after a crash, since its write is done) and wait for
 * store_sync, which makes all of them durable at once, before anything
 * that acknowledges them is shown.
 */
int
store_sync_later(struct store *st, char **cause)
{
	if (st->sync_later)
		return 0;
	if (store_exec(st, "PRAGMA synchronous = NORMAL", cause) != 0)
		return -1;
	sqlite3_commit_hook(st->db, store_committed, st);
	st->sync_later = 1;
	return 0;
}

/*
 * Sync the WAL, which holds every commit since the last checkpoint: the
 * one fsync that synchronous=FULL does at each commit, done once for many.
 * A checkpoint syncs the WAL before it copies it, so nothing older can be
 * missing.  The WAL's file is SQLite's own handle (no second descriptor
 * whose sync might not cover it).
 */
static int
store_sync_wal(struct store *st)
{
	sqlite3_file	*wal = NULL;
	int		 rc;

	rc = sqlite3_file_control(st->db, "main",
	    SQLITE_FCNTL_JOURNAL_POINTER, &wal);
	if (rc == SQLITE_OK && wal != NULL && wal->pMethods != NULL)
		rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
	if (rc == SQLITE_OK)
		st->unsynced = 0;
	return rc;
}

/* Make every commit since the last sync durable; 0 if there was none. */
int
store_sync(struct store *st, char **cause)
{
	int rc;

	if (!st->unsynced)
		return 0;
	if ((rc = store_sync_wal(st)) != SQLITE_OK) {
		xasprintf(cause, "%s: cannot make the changes durable: %s",
		    st->path, sqlite3_errstr(rc));
		return -1;
	}
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

/*
 * Step a statement: 1 for a row, 0 when done, -1 on error (with cause).
 * A serious error stops every later step, begin and commit; so does any
 * error a caller gives no cause for, so that none is ever dropped.
 */
int
store_step(struct store *st, sqlite3_stmt *stmt, char **cause)
{
	int rc;

	if (st->failed != 0) {
		sqlite3_reset(stmt);
		store_tell(st, cause);
		return -1;
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return 0;
	}
	store_fail(st, rc, store_errmsg(st));
	if (st->failed == 0 && cause == NULL) {
		st->failed = rc;
		st->failure = store_failure_text(st, rc, store_errmsg(st));
		st->told = 0;
	}
	if (st->failed != 0)
		store_tell(st, cause);
	else
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

/*
 * A day column: NULL in the collection (a new card's due day, a bookmark's
 * day) is -1 in memory.
 */
int
stmt_day(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int(stmt, col);
}

/* Bind a day as stmt_day reads it: -1 (or less) is NULL. */
void
stmt_bind_day(sqlite3_stmt *stmt, int idx, int day)
{
	if (day < 0)
		sqlite3_bind_null(stmt, idx);
	else
		sqlite3_bind_int(stmt, idx, day);
}

/*
 * The integer a query without parameters gives in its first row and
 * column (a count, a maximum); 0, or -1 with cause.
 */
int
store_query_int(struct store *st, const char *sql, int64_t *out,
    char **cause)
{
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	if ((rc = store_step(st, stmt, cause)) == 1)
		*out = sqlite3_column_int64(stmt, 0);
	else if (rc == 0)
		xasprintf(cause, "no row from: %s", sql);
	sqlite3_reset(stmt);
	return rc == 1 ? 0 : -1;
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
