/*
 * The sync journal's file format (doc/SYNC.md): this device's changes
 * written as lines of JSON, one event a line, and another device's file
 * read back into events, every line checked before any of it is trusted.
 * The JSON is made and read by SQLite's own JSON functions, every value
 * bound.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* Where an FNV-1a digest starts: the digest of no lines. */
#define JOURNAL_DIGEST_START 0xcbf29ce484222325ULL

/* FNV-1a, 64 bits, over a line and its newline, from the digest so far. */
static uint64_t
journal_digest_line(uint64_t h, const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)line[i];
		h *= 0x100000001b3ULL;
	}
	h ^= '\n';
	return h * 0x100000001b3ULL;
}

/* A digest as SQLite keeps it: 16 hexadecimal digits ('' for none). */
static uint64_t
journal_digest_parse(const char *hex)
{
	if (hex == NULL || *hex == '\0')
		return JOURNAL_DIGEST_START;
	return (uint64_t)strtoull(hex, NULL, 16);
}

/* Write a digest as SQLite keeps it. */
static void
journal_digest_format(uint64_t h, char hex[17])
{
	snprintf(hex, 17, "%016llx", (unsigned long long)h);
}

/*
 * How each kind of local change becomes a line: ?1 the device, ?2 the
 * line's number, ?3 the time of the sync, ?4 the global id (or setting
 * key) the change is about.  A query that finds no row means the thing is
 * gone since (a later event says so) and the change needs no line.
 */
static const struct journal_render {
	const char	*kind;
	const char	*sql;
} journal_renders[] = {
	{ "setting", "SELECT json_object('v', 1, 'id', ?1 || '-' || ?2, "
	  "'device', ?1, 'seq', ?2, 'time', ?3, 'kind', 'setting', "
	  "'gid', key, 'value', value, 'prev', (SELECT device || '-' || seq "
	  "FROM sync_stamps WHERE ref = 'setting:' || key)) FROM settings "
	  "WHERE key = ?4" },
	{ "deck", "SELECT json_object('v', 1, 'id', ?1 || '-' || ?2, "
	  "'device', ?1, 'seq', ?2, 'time', ?3, 'kind', 'deck', 'gid', gid, "
	  "'name', name, 'track', track, 'weight', weight, 'new_per_day', "
	  "new_per_day, 'reviews_per_day', reviews_per_day, 'start_ease', "
	  "start_ease, 'fuzz', fuzz, 'leech_threshold', leech_threshold, "
	  "'layer_gate', layer_gate, 'bury_siblings', bury_siblings, "
	  "'created', created, 'prev', (SELECT device || '-' || seq FROM "
	  "sync_stamps WHERE ref = gid)) FROM decks WHERE gid = ?4" },
	{ "card", "SELECT json_object('v', 1, 'id', ?1 || '-' || ?2, "
	  "'device', ?1, 'seq', ?2, 'time', c.modified, 'kind', 'card', "
	  "'gid', c.gid, 'deck', d.gid, 'type', c.kind, 'cloze', c.cloze, "
	  "'front', c.front, 'back', c.back, 'note', c.note, 'context', "
	  "c.context, 'layer', c.layer, 'tags', c.tags, 'source', c.source, "
	  "'source_line', c.source_line, 'created', c.created, "
	  "'initial_ease', c.initial_ease, 'seed', coalesce(c.seed, c.id), "
	  "'suspended', c.suspended, 'buried_until', c.buried_until, "
	  "'removed', c.removed, 'leech', c.leech, 'prev', (SELECT device || "
	  "'-' || seq FROM sync_stamps WHERE ref = c.gid)) FROM cards AS c "
	  "JOIN decks AS d ON d.id = c.deck_id WHERE c.gid = ?4" },
	{ "review", "SELECT json_object('v', 1, 'id', ?1 || '-' || ?2, "
	  "'device', ?1, 'seq', ?2, 'time', r.time, 'kind', 'review', "
	  "'gid', r.gid, 'card', c.gid, 'day', r.day, 'grade', r.grade, "
	  "'duration', r.duration, 'fuzz', r.fuzz, 'deck', d.gid, 'by', "
	  "r.device, 'target', r.target) FROM reviews AS r JOIN cards AS c "
	  "ON c.id = r.card_id LEFT JOIN decks AS d ON d.id = r.deck_id "
	  "WHERE r.gid = ?4" },
	{ "undo", NULL },
	{ "card-delete", NULL },
	{ "deck-delete", NULL },
	{ "name", "SELECT json_object('v', 1, 'id', ?1 || '-' || ?2, "
	  "'device', ?1, 'seq', ?2, 'time', ?3, 'kind', 'name', "
	  "'gid', ?1, 'name', value) FROM settings WHERE key = 'sync-name' "
	  "AND ?4 IS NOT NULL" },
};

/* The line of an event that only names what it is about. */
static const char journal_plain_sql[] = "SELECT json_object('v', 1, 'id', "
    "?1 || '-' || ?2, 'device', ?1, 'seq', ?2, 'time', ?3, 'kind', ?5, "
    "'gid', ?4)";

/* This collection's device id (migration 12 makes it). */
char *
journal_device(struct store *st, char **cause)
{
	char *device;

	if ((device = store_setting(st, "sync-device")) == NULL)
		*cause = xstrdup("this collection has no device id (setting "
		    "sync-device)");
	return device;
}

/* Find how a kind of change is written; NULL for an unknown kind. */
static const struct journal_render *
journal_render_find(const char *kind)
{
	size_t i;

	for (i = 0; i < nitems(journal_renders); i++) {
		if (strcmp(journal_renders[i].kind, kind) == 0)
			return &journal_renders[i];
	}
	return NULL;
}

/*
 * Make the line of one pending change, numbered n; NULL (and no cause)
 * when the thing it is about is gone.
 */
static char *
journal_render_one(struct store *st, const char *device, int64_t n,
    time_t now, const char *kind, const char *ref, char **cause)
{
	const struct journal_render	*r;
	sqlite3_stmt			*stmt;
	char				*line = NULL;
	int				 rc;

	if ((r = journal_render_find(kind)) == NULL) {
		xasprintf(cause, "journal: unknown change kind '%s'", kind);
		return NULL;
	}
	stmt = store_stmt(st, r->sql != NULL ? r->sql : journal_plain_sql);
	sqlite3_bind_text(stmt, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, n);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)now);
	sqlite3_bind_text(stmt, 4, ref, -1, SQLITE_STATIC);
	if (r->sql == NULL)
		sqlite3_bind_text(stmt, 5, kind, -1, SQLITE_STATIC);
	if ((rc = store_step(st, stmt, cause)) == 1)
		line = stmt_text(stmt, 0);
	sqlite3_reset(stmt);
	return line;
}

/*
 * Does another device's line leave what it is about as it is here: the
 * same state, whoever wrote it and when?  1 or 0, or -1 with cause.
 */
int
journal_same(struct store *st, const char *kind, const char *ref,
    const char *line, char **cause)
{
	static const char sql[] = "SELECT json_remove(?1, '$.id', "
	    "'$.device', '$.seq', '$.time', '$.prev') IS json_remove(?2, "
	    "'$.id', '$.device', '$.seq', '$.time', '$.prev')";
	sqlite3_stmt	*stmt;
	char		*mine, *why = NULL;
	int		 rc;

	if ((mine = journal_render_one(st, "", 0, 0, kind, ref, &why)) ==
	    NULL) {
		if (why == NULL)
			return 0;
		*cause = why;
		return -1;
	}
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, mine, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, line, -1, SQLITE_STATIC);
	if ((rc = store_step(st, stmt, cause)) == 1)
		rc = sqlite3_column_int(stmt, 0) != 0;
	else if (rc == 0)
		rc = -1;
	sqlite3_reset(stmt);
	free(mine);
	return rc;
}

/*
 * Keep who set a thing last, and when: this device, now.  An answer's
 * stamp is who gave it: its place among answers given in the same second.
 */
static int
journal_stamp(struct store *st, const char *line, char **cause)
{
	static const char sql[] = "INSERT INTO sync_stamps (ref, time, "
	    "device, seq) SELECT CASE json_extract(?1, '$.kind') WHEN "
	    "'setting' THEN 'setting:' || json_extract(?1, '$.gid') ELSE "
	    "json_extract(?1, '$.gid') END, json_extract(?1, '$.time'), "
	    "json_extract(?1, '$.device'), json_extract(?1, '$.seq') "
	    "WHERE json_extract(?1, '$.kind') IN ('setting', 'deck', 'card', "
	    "'review') "
	    "ON CONFLICT (ref) DO UPDATE SET time = excluded.time, "
	    "device = excluded.device, seq = excluded.seq";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_text(stmt, 1, line, -1, SQLITE_STATIC);
	return store_done(st, stmt, cause);
}

/* The digest of the lines this device has written, kept in sync_state. */
static int
journal_own_digest(struct store *st, uint64_t *h, char **cause)
{
	static const char sql[] = "SELECT digest FROM sync_state";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	if ((rc = store_step(st, stmt, cause)) == 1)
		*h = journal_digest_parse((const char *)
		    sqlite3_column_text(stmt, 0));
	else if (rc == 0)
		*cause = xstrdup("sync_state has no row");
	sqlite3_reset(stmt);
	return rc == 1 ? 0 : -1;
}

/* Keep the digest of the lines this device has written. */
static int
journal_own_digest_set(struct store *st, uint64_t h, char **cause)
{
	static const char sql[] = "UPDATE sync_state SET digest = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		 hex[17];

	journal_digest_format(h, hex);
	sqlite3_bind_text(stmt, 1, hex, -1, SQLITE_TRANSIENT);
	return store_done(st, stmt, cause);
}

/*
 * Write the lines of this device's changes not yet written: a thing
 * changed several times since the last sync gets one line, its state now,
 * in the place of its first change (a card's line before its answers').
 * Sets *sent to the number of new lines; 0, or -1 with cause.
 */
int
journal_render(struct store *st, const char *device, time_t now, int *sent,
    char **cause)
{
	static const char collapse_sql[] = "DELETE FROM journal WHERE n IS "
	    "NULL AND seq NOT IN (SELECT min(seq) FROM journal WHERE n IS "
	    "NULL GROUP BY kind, ref)";
	static const char last_sql[] = "SELECT coalesce(max(n), 0) FROM "
	    "journal";
	static const char pending_sql[] = "SELECT seq, kind, ref FROM journal "
	    "WHERE n IS NULL ORDER BY seq";
	static const char set_sql[] = "UPDATE journal SET n = ?1, line = ?2 "
	    "WHERE seq = ?3";
	static const char drop_sql[] = "DELETE FROM journal WHERE seq = ?";
	sqlite3_stmt	*stmt, *upd;
	struct {
		int64_t	 seq;
		char	*kind;
		char	*ref;
	}		*p = NULL;
	size_t		 np = 0, cap = 0, i;
	int64_t		 n;
	uint64_t	 h;
	char		*line;
	int		 rc;

	*sent = 0;
	if (journal_own_digest(st, &h, cause) != 0 ||
	    store_exec(st, collapse_sql, cause) != 0)
		return -1;
	stmt = store_stmt(st, last_sql);
	if (store_step(st, stmt, cause) != 1)
		return -1;
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);

	/* Gather first: rendering writes the rows this would read. */
	stmt = store_stmt(st, pending_sql);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		p = xgrow(p, &cap, np, sizeof *p);
		p[np].seq = sqlite3_column_int64(stmt, 0);
		p[np].kind = stmt_text(stmt, 1);
		p[np++].ref = stmt_text(stmt, 2);
	}
	sqlite3_reset(stmt);
	for (i = 0; rc == 0 && i < np; i++) {
		*cause = NULL;
		line = journal_render_one(st, device, n + 1, now, p[i].kind,
		    p[i].ref, cause);
		if (line == NULL && *cause != NULL) {
			rc = -1;
			break;
		}
		if (line == NULL) {
			upd = store_stmt(st, drop_sql);
			sqlite3_bind_int64(upd, 1, p[i].seq);
		} else {
			upd = store_stmt(st, set_sql);
			sqlite3_bind_int64(upd, 1, ++n);
			sqlite3_bind_text(upd, 2, line, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(upd, 3, p[i].seq);
			h = journal_digest_line(h, line, strlen(line));
			(*sent)++;
		}
		if (store_done(st, upd, cause) != 0 || (line != NULL &&
		    journal_stamp(st, line, cause) != 0))
			rc = -1;
		free(line);
	}
	for (i = 0; i < np; i++) {
		free(p[i].kind);
		free(p[i].ref);
	}
	free(p);
	if (rc == 0 && *sent > 0 && journal_own_digest_set(st, h, cause) != 0)
		rc = -1;
	return rc == 0 ? 0 : -1;
}

/* The path of a device's journal in dir. */
char *
journal_path(const char *dir, const char *device)
{
	char *path;

	xasprintf(&path, "%s/%s.journal", dir, device);
	return path;
}

/* Count the whole lines of a file's text; *clean: it ends with one. */
static int64_t
journal_count_lines(const char *text, size_t len, int *clean)
{
	int64_t	n = 0;
	size_t	i;

	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	*clean = len == 0 || text[len - 1] == '\n';
	return n;
}

/* Write the lines of this device numbered from..to to f. */
static int
journal_copy_lines(struct store *st, FILE *f, int64_t from, int64_t to,
    char **cause)
{
	static const char sql[] = "SELECT line FROM journal WHERE n BETWEEN "
	    "?1 AND ?2 ORDER BY n";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 rc;

	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		fputs((const char *)sqlite3_column_text(stmt, 0), f);
		fputc('\n', f);
	}
	sqlite3_reset(stmt);
	return rc == 0 ? 0 : -1;
}

/*
 * Compare a file's whole lines, one by one, with the lines this device
 * wrote (n 1 to want): 0 when they are the same (the file may be shorter),
 * or -1 with cause naming the first line that differs.
 */
static int
journal_check_lines(struct store *st, const char *path, const char *device,
    const char *text, size_t len, int64_t want, char **cause)
{
	static const char sql[] = "SELECT line FROM journal WHERE n = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	const char	*line = text, *next, *mine;
	size_t		 left = len, linelen;
	int64_t		 n = 0;
	int		 rc, same;

	while (left > 0 && (next = memchr(line, '\n', left)) != NULL) {
		linelen = (size_t)(next - line);
		if (++n > want) {
			xasprintf(cause, "%s:%lld: a line this collection did "
			    "not write (it wrote %lld): is another collection "
			    "syncing as device %s (a copy of this one)? refused; "
			    "nothing written", path, (long long)n,
			    (long long)want, device);
			return -1;
		}
		sqlite3_bind_int64(stmt, 1, n);
		if ((rc = store_step(st, stmt, cause)) != 1) {
			sqlite3_reset(stmt);
			if (rc == 0)
				xasprintf(cause, "journal: line %lld of this "
				    "device is missing", (long long)n);
			return -1;
		}
		mine = (const char *)sqlite3_column_text(stmt, 0);
		same = mine != NULL && strlen(mine) == linelen &&
		    memcmp(mine, line, linelen) == 0;
		sqlite3_reset(stmt);
		if (!same) {
			xasprintf(cause, "%s:%lld: not the event this "
			    "collection wrote as %s-%lld: the journal was edited, "
			    "or another collection syncs as this device (a copy "
			    "of this one); refused; nothing written", path,
			    (long long)n, device, (long long)n);
			return -1;
		}
		left -= linelen + 1;
		line = next + 1;
	}
	return 0;
}

/*
 * Before a sync writes anything: does this device's file in dir still
 * hold the lines this collection wrote there, and no others?  The usual
 * case, the file as the last sync left it, is proved by its digest; a
 * file of another length (a new folder, a copy cut short) is compared
 * line by line.  A line cut short at the end is not compared: it is
 * written whole again.  0, or -1 with cause (FILE:LINE:).
 */
int
journal_check(struct store *st, const char *dir, const char *device,
    char **cause)
{
	static const char last_sql[] = "SELECT coalesce(max(n), 0) FROM "
	    "journal";
	sqlite3_stmt	*stmt;
	char		*path, *text, *err = NULL;
	const char	*line, *next;
	size_t		 len = 0, left;
	uint64_t	 h = JOURNAL_DIGEST_START, mine;
	int64_t		 want, have = 0;
	int		 rc = 0;

	stmt = store_stmt(st, last_sql);
	if (store_step(st, stmt, cause) != 1)
		return -1;
	want = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (journal_own_digest(st, &mine, cause) != 0)
		return -1;
	path = journal_path(dir, device);
	if ((text = read_file(path, &len, &err)) == NULL) {
		if (errno != ENOENT) {
			*cause = err;
			rc = -1;
		} else
			free(err);
		free(path);
		return rc;
	}
	line = text;
	left = len;
	while (left > 0 && (next = memchr(line, '\n', left)) != NULL) {
		h = journal_digest_line(h, line, (size_t)(next - line));
		have++;
		left -= (size_t)(next - line) + 1;
		line = next + 1;
	}
	if (have != want || h != mine)
		rc = journal_check_lines(st, path, device, text, len, want,
		    cause);
	free(text);
	free(path);
	return rc;
}

/*
 * Bring this device's file in dir up to date with the lines the
 * collection has written: append what it lacks.  A file cut short (or
 * cut mid-line) is made whole again, written aside and renamed into
 * place.  journal_check proved, before the sync began, that the lines
 * there are this collection's; one that grew since is still refused.
 */
int
journal_write(struct store *st, const char *dir, const char *device,
    char **cause)
{
	static const char last_sql[] = "SELECT coalesce(max(n), 0) FROM "
	    "journal";
	sqlite3_stmt	*stmt;
	char		*path, *text, *tmp = NULL, *err = NULL;
	size_t		 len = 0;
	int64_t		 have, want;
	int		 clean, fd, rc = -1;
	FILE		*f = NULL;

	stmt = store_stmt(st, last_sql);
	if (store_step(st, stmt, cause) != 1)
		return -1;
	want = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	path = journal_path(dir, device);
	if ((text = read_file(path, &len, &err)) == NULL) {
		if (errno != ENOENT) {
			xasprintf(cause, "%s", err);
			free(err);
			free(path);
			return -1;
		}
		free(err);
		have = 0;
		clean = 1;
	} else {
		have = journal_count_lines(text, len, &clean);
		free(text);
	}
	if (have > want) {
		xasprintf(cause, "%s: holds %lld events, but this collection "
		    "wrote %lld: is another collection using this device id "
		    "(a copy of this one)?", path, (long long)have,
		    (long long)want);
		goto out;
	}
	if (have == want && clean) {
		rc = 0;
		goto out;
	}
	if (clean) {
		if ((f = fopen(path, "a")) == NULL) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			goto out;
		}
	} else {
		xasprintf(&tmp, "%s.%ld.tmp", path, (long)getpid());
		if ((fd = open(tmp, O_WRONLY|O_CREAT|O_TRUNC, 0644)) == -1 ||
		    (f = fdopen(fd, "w")) == NULL) {
			xasprintf(cause, "%s: %s", tmp, strerror(errno));
			goto out;
		}
		have = 0;
	}
	if (journal_copy_lines(st, f, have + 1, want, cause) != 0)
		goto out;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		xasprintf(cause, "%s: %s", tmp != NULL ? tmp : path,
		    strerror(errno));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	f = NULL;
	if (tmp != NULL && rename(tmp, path) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	if (tmp != NULL) {
		if (rc != 0)
			unlink(tmp);
		free(tmp);
	}
	free(path);
	return rc;
}

/* The order in which kinds of event are applied within one sync. */
int
journal_phase(const char *kind)
{
	static const char *const order[] = { "name", "setting", "deck",
	    "card", "review", "undo", "card-delete", "deck-delete" };
	size_t i;

	for (i = 0; i < nitems(order); i++) {
		if (strcmp(order[i], kind) == 0)
			return (int)i;
	}
	return -1;
}

/* Report a bad line of a peer's file. */
static void
journal_problem(struct journal_read *jr, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	jr->problems = xgrow(jr->problems, &jr->problems_cap, jr->nproblems,
	    sizeof *jr->problems);
	jr->problems[jr->nproblems++] = msg;
}

/*
 * Check one line (number n) of device's file; fill ev from it.  0, or -1
 * with the problem reported.
 */
static int
journal_parse(struct store *st, struct journal_read *jr, const char *path,
    const char *device, int64_t n, const char *line, size_t len,
    struct journal_event *ev)
{
	static const char sql[] = "SELECT json_valid(?1), json_type(?1), "
	    "json_extract(?1, '$.v'), json_extract(?1, '$.id'), "
	    "json_extract(?1, '$.device'), json_extract(?1, '$.seq'), "
	    "json_extract(?1, '$.time'), json_extract(?1, '$.kind'), "
	    "json_extract(?1, '$.gid')";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	const char	*s;
	char		*id;
	int		 rc = -1;

	memset(ev, 0, sizeof *ev);
	sqlite3_bind_text(stmt, 1, line, (int)len, SQLITE_STATIC);
	if (store_step(st, stmt, &jr->error) != 1)
		return -1;
	if (!sqlite3_column_int(stmt, 0) || (s = (const char *)
	    sqlite3_column_text(stmt, 1)) == NULL || strcmp(s, "object") != 0) {
		journal_problem(jr, "%s:%lld: damaged line (not a JSON "
		    "object); nothing after it from this device is applied",
		    path, (long long)n);
		goto out;
	}
	if (sqlite3_column_type(stmt, 2) != SQLITE_INTEGER) {
		journal_problem(jr, "%s:%lld: no journal version; nothing "
		    "after it from this device is applied", path,
		    (long long)n);
		goto out;
	}
	if (sqlite3_column_int64(stmt, 2) != JOURNAL_VERSION) {
		journal_problem(jr, "%s:%lld: journal version %lld, from a "
		    "newer recall (this one reads %d); nothing after it from "
		    "this device is applied", path, (long long)n,
		    (long long)sqlite3_column_int64(stmt, 2), JOURNAL_VERSION);
		goto out;
	}
	if ((s = (const char *)sqlite3_column_text(stmt, 4)) == NULL ||
	    strcmp(s, device) != 0) {
		journal_problem(jr, "%s:%lld: an event of device '%s' in the "
		    "journal of %s: the history was rewritten; nothing after it "
		    "from this device is applied", path, (long long)n,
		    s != NULL ? s : "", device);
		goto out;
	}
	xasprintf(&id, "%s-%lld", device, (long long)n);
	s = (const char *)sqlite3_column_text(stmt, 3);
	if (sqlite3_column_type(stmt, 5) != SQLITE_INTEGER ||
	    sqlite3_column_int64(stmt, 5) != n || s == NULL ||
	    strcmp(s, id) != 0) {
		journal_problem(jr, "%s:%lld: event %s where %s was expected "
		    "(a sequence gap or a changed id): the history was "
		    "rewritten; nothing after it from this device is applied",
		    path, (long long)n, s != NULL ? s : "without an id", id);
		free(id);
		goto out;
	}
	free(id);
	s = (const char *)sqlite3_column_text(stmt, 7);
	if (sqlite3_column_type(stmt, 6) != SQLITE_INTEGER || s == NULL ||
	    journal_phase(s) < 0 || sqlite3_column_type(stmt, 8) !=
	    SQLITE_TEXT) {
		journal_problem(jr, "%s:%lld: damaged event (a time, a known "
		    "kind and a gid are needed); nothing after it from this "
		    "device is applied", path, (long long)n);
		goto out;
	}
	ev->kind = xstrdup(s);
	ev->phase = journal_phase(s);
	ev->time = sqlite3_column_int64(stmt, 6);
	ev->seq = n;
	ev->device = xstrdup(device);
	ev->line = xstrndup(line, len);
	rc = 0;
out:
	sqlite3_reset(stmt);
	return rc;
}

/*
 * Read a peer's journal: check the lines applied before (seq of them,
 * with digest) are still there unchanged, then take the events after
 * them, up to the first bad line.  Problems are reported in jr; events
 * are appended to jr->events.  *seq and digest are moved to the last good
 * line.  -1 only when SQLite fails (jr->error).
 */
int
journal_read(struct store *st, struct journal_read *jr, const char *path,
    const char *device, int64_t *seq, char **digest)
{
	struct journal_event	 ev;
	char			*text, *err = NULL, *next, hex[17];
	const char		*line;
	size_t			 len, left, linelen;
	uint64_t		 h = JOURNAL_DIGEST_START;
	int64_t			 n = 0;

	if ((text = read_file(path, &len, &err)) == NULL) {
		journal_problem(jr, "%s", err);
		free(err);
		return 0;
	}
	line = text;
	left = len;
	while (left > 0) {
		if ((next = memchr(line, '\n', left)) == NULL) {
			journal_problem(jr, "%s:%lld: truncated line (cut "
			    "short, perhaps while copied); nothing after it "
			    "from this device is applied", path,
			    (long long)n + 1);
			break;
		}
		linelen = (size_t)(next - line);
		n++;
		if (n <= *seq) {
			h = journal_digest_line(h, line, linelen);
			if (n == *seq) {
				journal_digest_format(h, hex);
				if (strcmp(hex, *digest) != 0) {
					journal_problem(jr, "%s: the %lld "
					    "events applied before have been "
					    "changed: the history was "
					    "rewritten; refused", path,
					    (long long)*seq);
					free(text);
					return 0;
				}
			}
		} else {
			if (journal_parse(st, jr, path, device, n, line,
			    linelen, &ev) != 0)
				break;
			h = journal_digest_line(h, line, linelen);
			jr->events = xgrow(jr->events, &jr->events_cap,
			    jr->nevents, sizeof *jr->events);
			jr->events[jr->nevents++] = ev;
			*seq = n;
		}
		left -= linelen + 1;
		line = next + 1;
	}
	free(text);
	if (jr->error != NULL)
		return -1;
	if (n < *seq) {
		journal_problem(jr, "%s: has %lld events, but %lld were "
		    "applied before: the history was cut or rewritten; refused",
		    path, (long long)n, (long long)*seq);
		return 0;
	}
	journal_digest_format(h, hex);
	free(*digest);
	*digest = xstrdup(hex);
	return 0;
}

/* Free what journal_read gathered. */
void
journal_read_free(struct journal_read *jr)
{
	size_t i;

	for (i = 0; i < jr->nevents; i++) {
		free(jr->events[i].kind);
		free(jr->events[i].device);
		free(jr->events[i].line);
	}
	free(jr->events);
	for (i = 0; i < jr->nproblems; i++)
		free(jr->problems[i]);
	free(jr->problems);
	free(jr->error);
	memset(jr, 0, sizeof *jr);
}

/* Order events for applying: by phase, then time, device and sequence. */
int
journal_event_cmp(const void *a, const void *b)
{
	const struct journal_event	*x = a, *y = b;
	int				 c;

	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if ((c = strcmp(x->device, y->device)) != 0)
		return c;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}
