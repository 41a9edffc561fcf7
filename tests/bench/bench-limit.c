/*
 * bench-limit: the limit an import can reach with SQLite, for the
 * benchmark.  Reads the summaries that make-summaries.sh writes (front
 * matter, headings, layer sections, one "front :: back #tag" card a line)
 * and inserts their cards with one prepared INSERT, stepped once a card,
 * in one transaction, with recall's PRAGMAs (WAL, synchronous FULL,
 * foreign keys on): nothing else.
 *
 *	bench-limit -s FRESH.db OUT.db FILE...
 *	bench-limit -b OUT.db FILE...
 *
 * -s copies the schema (tables, indexes, triggers, virtual tables) from
 * sqlite_schema of FRESH.db, a collection recall made, so the loop pays
 * for everything recall's schema does per row (triggers, secondary
 * indexes).  -b makes a bare cards table with the same columns and no
 * trigger or secondary index.  The columns written are those of recall's
 * card insert; OUT.db must not exist.  Prints the number of cards.
 *
 * Only the subset of the summary format that make-summaries.sh writes is
 * read: this is a yardstick, not an importer.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* The bare table: the columns recall's card insert writes. */
static const char bare_schema[] =
    "CREATE TABLE decks (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "track TEXT NOT NULL, created INTEGER NOT NULL);"
    "CREATE TABLE cards (id INTEGER PRIMARY KEY, deck_id INTEGER NOT NULL, "
    "kind TEXT NOT NULL, cloze INTEGER NOT NULL, front TEXT NOT NULL, "
    "back TEXT NOT NULL, note TEXT, context TEXT NOT NULL, "
    "layer TEXT NOT NULL, tags TEXT NOT NULL, source TEXT, "
    "source_line INTEGER, summary_id INTEGER, created INTEGER NOT NULL, "
    "modified INTEGER NOT NULL, initial_ease REAL NOT NULL, "
    "ease REAL NOT NULL)";

/* The same statement as recall's card_insert. */
static const char card_sql[] = "INSERT INTO cards (deck_id, kind, cloze, "
    "front, back, note, context, layer, tags, source, source_line, "
    "summary_id, created, modified, initial_ease, ease) VALUES "
    "(?1, 'basic', 0, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?9, "
    "2.5, 2.5)";

static const char deck_find_sql[] = "SELECT id FROM decks WHERE name = ?1";
static const char deck_insert_sql[] = "INSERT INTO decks (name, track, "
    "created) VALUES (?1, ?2, ?3)";

/* The loader's state. */
struct limit {
	sqlite3		*db;
	sqlite3_stmt	*card;		/* card_sql */
	sqlite3_stmt	*deck_find;	/* deck_find_sql */
	sqlite3_stmt	*deck_insert;	/* deck_insert_sql */
	sqlite3_int64	 now;		/* created and modified */
	long		 cards;		/* inserted so far */
};

/* One file's state as it is read. */
struct file {
	const char	*path;		/* absolute, as recall stores it */
	char		 deck[256];	/* front matter deck: */
	char		 track[16];	/* front matter track: */
	char		 tags[256];	/* front matter tags: */
	char		 title[512];	/* the # heading */
	char		 context[1024];	/* title > ### heading */
	const char	*layer;		/* from the ## layer heading */
	sqlite3_int64	 deck_id;
};

static void
die(const char *what, sqlite3 *db)
{
	fprintf(stderr, "bench-limit: %s: %s\n", what,
	    db != NULL ? sqlite3_errmsg(db) : strerror(errno));
	exit(1);
}

static void
exec(struct limit *l, const char *sql)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql, l->db);
}

static sqlite3_stmt *
prepare(struct limit *l, const char *sql)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(l->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		die(sql, l->db);
	return stmt;
}

/*
 * Whether NAME is a shadow table of a virtual table of FROM: FTS5's (a
 * table of ours may share the prefix, as cards_text_pending does).
 */
static int
is_shadow(sqlite3 *from, const char *name)
{
	static const char sql[] = "SELECT 1 FROM sqlite_schema WHERE type = "
	    "'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND ?1 IN "
	    "(name || '_data', name || '_idx', name || '_content', "
	    "name || '_docsize', name || '_config')";
	sqlite3_stmt	*stmt;
	int		 found;

	if (sqlite3_prepare_v2(from, sql, -1, &stmt, NULL) != SQLITE_OK)
		die(sql, from);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return found;
}

/* Make in OUT every table, index, trigger and view of FRESH, in order. */
static void
copy_schema(struct limit *l, const char *fresh)
{
	static const char sql[] = "SELECT type, name, sql FROM sqlite_schema "
	    "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid";
	sqlite3		*from;
	sqlite3_stmt	*stmt;
	const char	*type, *name, *text;

	if (sqlite3_open_v2(fresh, &from, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		die(fresh, from);
	if (sqlite3_prepare_v2(from, sql, -1, &stmt, NULL) != SQLITE_OK)
		die(sql, from);
	exec(l, "BEGIN");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		type = (const char *)sqlite3_column_text(stmt, 0);
		name = (const char *)sqlite3_column_text(stmt, 1);
		text = (const char *)sqlite3_column_text(stmt, 2);
		/* A virtual table makes its shadow tables itself. */
		if (strcmp(type, "table") != 0 || !is_shadow(from, name))
			exec(l, text);
	}
	exec(l, "COMMIT");
	sqlite3_finalize(stmt);
	sqlite3_close(from);
}

/* The id of deck NAME, made on first use. */
static sqlite3_int64
deck_id(struct limit *l, const char *name, const char *track)
{
	sqlite3_int64	id;

	sqlite3_bind_text(l->deck_find, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(l->deck_find) == SQLITE_ROW) {
		id = sqlite3_column_int64(l->deck_find, 0);
		sqlite3_reset(l->deck_find);
		return id;
	}
	sqlite3_reset(l->deck_find);
	sqlite3_bind_text(l->deck_insert, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->deck_insert, 2, track, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->deck_insert, 3, l->now);
	if (sqlite3_step(l->deck_insert) != SQLITE_DONE)
		die("deck insert", l->db);
	sqlite3_reset(l->deck_insert);
	return sqlite3_last_insert_rowid(l->db);
}

/* Copy S into a buffer of SIZE bytes, cut if it must be. */
static void
set(char *buf, size_t size, const char *s)
{
	snprintf(buf, size, "%s", s);
}

/* Insert the card on LINE (number N), "front :: back [#tag]...". */
static void
card_line(struct limit *l, struct file *f, char *line, long n)
{
	char	*sep = strstr(line, " :: "), *back, *hash;
	char	 tags[512];

	if (sep == NULL)
		return;
	*sep = '\0';
	back = sep + 4;
	set(tags, sizeof tags, f->tags);
	while ((hash = strrchr(back, '#')) != NULL && hash > back &&
	    hash[-1] == ' ' && strchr(hash, ' ') == NULL) {
		hash[-1] = '\0';
		if (tags[0] != '\0')
			strncat(tags, " ", sizeof tags - strlen(tags) - 1);
		strncat(tags, hash + 1, sizeof tags - strlen(tags) - 1);
	}
	if (f->deck_id == 0)
		f->deck_id = deck_id(l, f->deck, f->track);
	sqlite3_bind_int64(l->card, 1, f->deck_id);
	sqlite3_bind_text(l->card, 2, line, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->card, 3, back, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->card, 4, f->context, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->card, 5, f->layer, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->card, 6, tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->card, 7, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->card, 8, n);
	sqlite3_bind_int64(l->card, 9, l->now);
	if (sqlite3_step(l->card) != SQLITE_DONE)
		die("card insert", l->db);
	sqlite3_reset(l->card);
	l->cards++;
}

/* Read a front matter line "key: value" into F. */
static void
front_matter(struct file *f, const char *line)
{
	if (strncmp(line, "deck: ", 6) == 0)
		set(f->deck, sizeof f->deck, line + 6);
	else if (strncmp(line, "track: ", 7) == 0)
		set(f->track, sizeof f->track, line + 7);
	else if (strncmp(line, "tags: ", 6) == 0)
		set(f->tags, sizeof f->tags, line + 6);
}

/* Read a heading into F: the title, a layer, or a subtopic. */
static void
heading(struct file *f, const char *line)
{
	if (strncmp(line, "# ", 2) == 0) {
		set(f->title, sizeof f->title, line + 2);
		set(f->context, sizeof f->context, f->title);
	} else if (strncmp(line, "## ", 3) == 0) {
		if (strcmp(line + 3, "Explore") == 0)
			f->layer = "explore";
		else if (strcmp(line + 3, "Deepen") == 0)
			f->layer = "deepen";
		else
			f->layer = "skim";
		set(f->context, sizeof f->context, f->title);
	} else if (strncmp(line, "### ", 4) == 0)
		snprintf(f->context, sizeof f->context, "%s > %s", f->title,
		    line + 4);
}

/* Insert the cards of the summary at PATH. */
static void
load_file(struct limit *l, const char *path)
{
	struct file	 f;
	char		 abs[PATH_MAX];
	FILE		*fp;
	char		*line = NULL;
	size_t		 size = 0;
	ssize_t		 len;
	long		 n = 0;
	int		 fences = 0;

	memset(&f, 0, sizeof f);
	if (realpath(path, abs) == NULL || (fp = fopen(abs, "r")) == NULL)
		die(path, NULL);
	f.path = abs;
	f.layer = "skim";
	set(f.track, sizeof f.track, "need");
	while ((len = getline(&line, &size, fp)) != -1) {
		n++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (strcmp(line, "---") == 0 && fences < 2)
			fences++;
		else if (fences == 1)
			front_matter(&f, line);
		else if (line[0] == '#')
			heading(&f, line);
		else
			card_line(l, &f, line, n);
	}
	if (ferror(fp))
		die(path, NULL);
	free(line);
	fclose(fp);
}

int
main(int argc, char **argv)
{
	struct limit	 l;
	const char	*fresh = NULL;
	int		 ch, bare = 0, i;

	while ((ch = getopt(argc, argv, "s:b")) != -1) {
		switch (ch) {
		case 's': fresh = optarg; break;
		case 'b': bare = 1; break;
		default: goto usage;
		}
	}
	if ((fresh == NULL) == !bare || argc - optind < 2)
		goto usage;
	if (access(argv[optind], F_OK) == 0) {
		fprintf(stderr, "bench-limit: %s exists\n", argv[optind]);
		return 1;
	}

	memset(&l, 0, sizeof l);
	l.now = (sqlite3_int64)time(NULL);
	if (sqlite3_open(argv[optind], &l.db) != SQLITE_OK)
		die(argv[optind], l.db);
	/* recall's PRAGMAs, as store_open sets them. */
	exec(&l, "PRAGMA journal_mode = WAL");
	exec(&l, "PRAGMA synchronous = FULL");
	exec(&l, "PRAGMA foreign_keys = ON");
	if (bare)
		exec(&l, bare_schema);
	else
		copy_schema(&l, fresh);
	l.card = prepare(&l, card_sql);
	l.deck_find = prepare(&l, deck_find_sql);
	l.deck_insert = prepare(&l, deck_insert_sql);

	exec(&l, "BEGIN");
	for (i = optind + 1; i < argc; i++)
		load_file(&l, argv[i]);
	exec(&l, "COMMIT");

	sqlite3_finalize(l.card);
	sqlite3_finalize(l.deck_find);
	sqlite3_finalize(l.deck_insert);
	if (sqlite3_close(l.db) != SQLITE_OK)
		die("close", l.db);
	printf("%ld\n", l.cards);
	return 0;

usage:
	fprintf(stderr, "usage: bench-limit -s FRESH.db OUT.db FILE...\n"
	    "       bench-limit -b OUT.db FILE...\n");
	return 2;
}
