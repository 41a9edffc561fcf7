/*
 * Anki collections (collection.anki2 / collection.anki21): read-only, both
 * schema generations.  Up to col.ver 14 the decks and note types are JSON
 * in col (schema 11); from 15 on they are tables, their details protobuf
 * messages (rslib/src/storage/upgrades/schema15_upgrade.sql).  Each Anki
 * card becomes a recall card, its front and back rendered by its note
 * type's templates as plain text, and its revlog its history.
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "recall.h"

/* The schema versions recall reads. */
#define ANKI_VER_MIN 11
#define ANKI_VER_MAX 18
#define ANKI_VER_TABLES 15	/* decks and note types in tables */

/* How many skipped cards a report names one by one. */
#define ANKI_SKIPPED_SHOWN 20

/* A template of a note type. */
struct anki_tmpl {
	int	 ord;
	char	*name;
	char	*qfmt;
	char	*afmt;
};

/* A note type: its kind, fields (by ord) and templates. */
struct anki_model {
	int64_t			 id;
	char			*name;
	int			 cloze;
	char			**fields;
	int			 nfields;
	struct anki_tmpl	*tmpls;
	int			 ntmpls;
};

/* A deck: its recall name ("a::b") and whether it is filtered. */
struct anki_deck {
	int64_t	 id;
	char	*name;
	int	 filtered;
};

/* One revlog row. */
struct anki_rev {
	int64_t	 id;		/* ms since 1970: when */
	int64_t	 cid;
	int	 ease, ivl, last_ivl, factor, duration, type;
	int	 counted;	/* an answer recall replays */
	int	 grade;		/* recall's, if counted */
};

/* One card as recall will hold it. */
struct anki_card {
	int64_t		 id;		/* Anki's card id */
	int64_t		 nid;
	char		*guid;
	int		 ord;
	char		*deck;
	enum card_kind	 kind;
	int		 cloze;
	char		*front, *back, *note, *tags;
	int		 suspended, buried;
	size_t		 rev, nrev;	/* its rows in the revlog array */
	char		*skip;		/* why it is not imported, or NULL */
};

/* What was read from a collection. */
struct anki_col {
	const char		*path;
	int			 ver;
	int			 tables;	/* decks, note types in tables */
	int			 sched;		/* scheduler version */
	struct anki_deck	*decks;
	size_t			 ndecks;
	struct anki_model	*models;
	size_t			 nmodels;
	struct anki_card	*cards;
	size_t			 ncards, cards_cap;
	struct anki_rev		*revs;
	size_t			 nrevs, revs_cap;
	size_t			 notes;
	size_t			 media;		/* references kept as text */
	size_t			 orphan_revs;	/* of cards not there */
	size_t			 dropped_tags;	/* recall cannot keep */
	char			*dropped_tag;	/* the first of them */
};

/* What an import did, or would do. */
struct anki_counts {
	size_t	 fresh;		/* cards */
	size_t	 known;		/* imported before */
	size_t	 skipped;
	size_t	 added;		/* answers */
	size_t	 already;	/* revlog rows imported before */
	size_t	 not_answers[6];	/* by revlog type (ease 0 as 4) */
	int	 decks;		/* created */
};

/* ---- the protobuf messages of schema 15 and later -------------------- */

/* Read a varint; 0, or -1 if the message ends inside it. */
static int
anki_pb_varint(const unsigned char **p, const unsigned char *end,
    uint64_t *v)
{
	int shift;

	*v = 0;
	for (shift = 0; shift < 64 && *p < end; shift += 7) {
		*v |= (uint64_t)(**p & 0x7f) << shift;
		if ((*(*p)++ & 0x80) == 0)
			return 0;
	}
	return -1;
}

/*
 * Find field num of a message: 1 with its bytes (length-delimited) or its
 * value (varint), 0 if it is not there, -1 if the message is malformed.
 * The last occurrence wins, as protobuf says.
 */
static int
anki_pb_field(const void *msg, size_t n, unsigned num,
    const unsigned char **bytes, size_t *len, uint64_t *value)
{
	const unsigned char	*p = msg, *end = p + n;
	uint64_t		 key, v;
	int			 found = 0;

	while (p < end) {
		if (anki_pb_varint(&p, end, &key) != 0)
			return -1;
		switch (key & 7) {
		case 0:
			if (anki_pb_varint(&p, end, &v) != 0)
				return -1;
			if ((key >> 3) == num) {
				*value = v;
				found = 1;
			}
			break;
		case 1:
			if (end - p < 8)
				return -1;
			p += 8;
			break;
		case 2:
			if (anki_pb_varint(&p, end, &v) != 0 ||
			    v > (uint64_t)(end - p))
				return -1;
			if ((key >> 3) == num) {
				*bytes = p;
				*len = (size_t)v;
				found = 1;
			}
			p += v;
			break;
		case 5:
			if (end - p < 4)
				return -1;
			p += 4;
			break;
		default:
			return -1;
		}
	}
	return found;
}

/* A string field of a message ("" if absent); NULL if malformed. */
static char *
anki_pb_string(const void *msg, size_t n, unsigned num)
{
	const unsigned char	*bytes = NULL;
	size_t			 len = 0;
	uint64_t		 v;
	int			 rc;

	if ((rc = anki_pb_field(msg, n, num, &bytes, &len, &v)) < 0)
		return NULL;
	return rc == 0 ? xstrdup("") : xstrndup((const char *)bytes, len);
}

/* ---- reading the collection ------------------------------------------ */

/* Fail with the Anki database's own message. */
static int
anki_db_error(sqlite3 *db, const struct anki_col *col, char **cause)
{
	int code = sqlite3_errcode(db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		xasprintf(cause, "%s: the collection is in use (Anki keeps it "
		    "locked while it runs): close Anki, or import a backup",
		    col->path);
	else
		xasprintf(cause, "%s: not a readable Anki collection: %s",
		    col->path, sqlite3_errmsg(db));
	return -1;
}

/* Does the database have this table? */
static int
anki_has_table(sqlite3 *db, const char *name)
{
	static const char sql[] = "SELECT 1 FROM sqlite_master "
	    "WHERE type = 'table' AND name = ?";
	sqlite3_stmt	*stmt;
	int		 has = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	has = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return has;
}

/* A column as text, never NULL. */
static char *
anki_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	return xstrdup(s == NULL ? "" : (const char *)s);
}

/* Order decks and note types by id, for a binary search. */
static int
anki_deck_cmp(const void *a, const void *b)
{
	const struct anki_deck *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
anki_model_cmp(const void *a, const void *b)
{
	const struct anki_model *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static struct anki_deck *
anki_deck_find(const struct anki_col *col, int64_t id)
{
	struct anki_deck key;

	key.id = id;
	return bsearch(&key, col->decks, col->ndecks, sizeof key,
	    anki_deck_cmp);
}

static struct anki_model *
anki_model_find(const struct anki_col *col, int64_t id)
{
	struct anki_model key;

	key.id = id;
	return bsearch(&key, col->models, col->nmodels, sizeof key,
	    anki_model_cmp);
}

/* A deck name with its levels separated by 0x1f, as recall's a::b. */
static void
anki_deck_levels(char **name)
{
	struct buf	 b;
	const char	*p;

	if (strchr(*name, '\x1f') == NULL)
		return;
	buf_init(&b);
	buf_add(&b, "", 0);
	for (p = *name; *p != '\0'; p++) {
		if (*p == '\x1f')
			buf_puts(&b, "::");
		else
			buf_putc(&b, *p);
	}
	free(*name);
	*name = buf_steal(&b);
}

/* The decks: from col.decks (JSON) or the decks table. */
static int
anki_read_decks(sqlite3 *db, struct anki_col *col, char **cause)
{
	static const char json_sql[] = "SELECT CAST(j.key AS INTEGER), "
	    "json_extract(j.value, '$.name'), "
	    "coalesce(json_extract(j.value, '$.dyn'), 0) "
	    "FROM col, json_each(col.decks) AS j";
	static const char table_sql[] = "SELECT id, name, kind FROM decks";
	sqlite3_stmt		*stmt;
	struct anki_deck	*d;
	size_t			 cap = 0, len;
	const unsigned char	*bytes;
	uint64_t		 v;
	int			 rc;

	if (sqlite3_prepare_v2(db, col->tables ? table_sql :
	    json_sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		col->decks = xgrow(col->decks, &cap, col->ndecks,
		    sizeof *col->decks);
		d = &col->decks[col->ndecks++];
		d->id = sqlite3_column_int64(stmt, 0);
		d->name = anki_text(stmt, 1);
		if (col->tables) {
			/* Deck.KindContainer: 1 normal, 2 filtered. */
			d->filtered = anki_pb_field(sqlite3_column_blob(stmt,
			    2), (size_t)sqlite3_column_bytes(stmt, 2), 2,
			    &bytes, &len, &v) == 1;
			/* The tables separate levels with 0x1f. */
			anki_deck_levels(&d->name);
		} else
			d->filtered = sqlite3_column_int(stmt, 2) != 0;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return anki_db_error(db, col, cause);
	if (col->ndecks > 1)
		qsort(col->decks, col->ndecks, sizeof *col->decks,
		    anki_deck_cmp);
	return 0;
}

/* Add a field or a template to a note type, by its ord. */
static void
anki_model_field(struct anki_model *m, int ord, char *name)
{
	int i;

	if (ord < 0 || ord > 1000) {
		free(name);
		return;
	}
	if (ord >= m->nfields) {
		m->fields = xreallocarray(m->fields, (size_t)ord + 1,
		    sizeof *m->fields);
		for (i = m->nfields; i <= ord; i++)
			m->fields[i] = NULL;
		m->nfields = ord + 1;
	}
	free(m->fields[ord]);
	m->fields[ord] = name;
}

static void
anki_model_tmpl(struct anki_model *m, int ord, char *name, char *qfmt,
    char *afmt)
{
	struct anki_tmpl *t;

	m->tmpls = xreallocarray(m->tmpls, (size_t)m->ntmpls + 1,
	    sizeof *m->tmpls);
	t = &m->tmpls[m->ntmpls++];
	t->ord = ord;
	t->name = name;
	t->qfmt = qfmt;
	t->afmt = afmt;
}

/* A new note type, empty but for its id, name and kind. */
static struct anki_model *
anki_model_add(struct anki_col *col, size_t *cap, sqlite3_stmt *stmt)
{
	struct anki_model *m;

	col->models = xgrow(col->models, cap, col->nmodels,
	    sizeof *col->models);
	m = &col->models[col->nmodels++];
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(stmt, 0);
	m->name = anki_text(stmt, 1);
	return m;
}

/* Note types from col.models (JSON). */
static int
anki_read_models_json(sqlite3 *db, struct anki_col *col, char **cause)
{
	static const char models_sql[] = "SELECT CAST(j.key AS INTEGER), "
	    "json_extract(j.value, '$.name'), "
	    "coalesce(json_extract(j.value, '$.type'), 0) "
	    "FROM col, json_each(col.models) AS j";
	static const char fields_sql[] = "SELECT "
	    "coalesce(json_extract(f.value, '$.ord'), f.key), "
	    "json_extract(f.value, '$.name') "
	    "FROM col, json_each(col.models) AS j, "
	    "json_each(j.value, '$.flds') AS f "
	    "WHERE CAST(j.key AS INTEGER) = ?";
	static const char tmpls_sql[] = "SELECT "
	    "coalesce(json_extract(t.value, '$.ord'), t.key), "
	    "json_extract(t.value, '$.name'), "
	    "json_extract(t.value, '$.qfmt'), json_extract(t.value, '$.afmt') "
	    "FROM col, json_each(col.models) AS j, "
	    "json_each(j.value, '$.tmpls') AS t "
	    "WHERE CAST(j.key AS INTEGER) = ?";
	sqlite3_stmt		*stmt, *fields = NULL, *tmpls = NULL;
	struct anki_model	*m;
	size_t			 cap = 0, i;
	int			 rc;

	if (sqlite3_prepare_v2(db, models_sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		m = anki_model_add(col, &cap, stmt);
		m->cloze = sqlite3_column_int(stmt, 2) == 1;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE ||
	    sqlite3_prepare_v2(db, fields_sql, -1, &fields, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, tmpls_sql, -1, &tmpls, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < col->nmodels; i++) {
		m = &col->models[i];
		sqlite3_bind_int64(fields, 1, m->id);
		while ((rc = sqlite3_step(fields)) == SQLITE_ROW)
			anki_model_field(m, sqlite3_column_int(fields, 0),
			    anki_text(fields, 1));
		sqlite3_reset(fields);
		if (rc != SQLITE_DONE)
			goto fail;
		sqlite3_bind_int64(tmpls, 1, m->id);
		while ((rc = sqlite3_step(tmpls)) == SQLITE_ROW)
			anki_model_tmpl(m, sqlite3_column_int(tmpls, 0),
			    anki_text(tmpls, 1), anki_text(tmpls, 2),
			    anki_text(tmpls, 3));
		sqlite3_reset(tmpls);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	sqlite3_finalize(fields);
	sqlite3_finalize(tmpls);
	return 0;
fail:
	anki_db_error(db, col, cause);
	sqlite3_finalize(fields);
	sqlite3_finalize(tmpls);
	return -1;
}

/* Note types from the notetypes, fields and templates tables. */
static int
anki_read_models_tables(sqlite3 *db, struct anki_col *col, char **cause)
{
	static const char models_sql[] = "SELECT id, name, config "
	    "FROM notetypes";
	static const char fields_sql[] = "SELECT ntid, ord, name FROM fields";
	static const char tmpls_sql[] = "SELECT ntid, ord, name, config "
	    "FROM templates ORDER BY ntid, ord";
	sqlite3_stmt		*stmt = NULL;
	struct anki_model	*m;
	const unsigned char	*bytes;
	size_t			 cap = 0, len;
	uint64_t		 kind = 0;
	char			*q, *a;
	int			 rc;

	if (sqlite3_prepare_v2(db, models_sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		m = anki_model_add(col, &cap, stmt);
		/* Notetype.Config: kind = 1 (0 normal, 1 cloze). */
		kind = 0;
		if (anki_pb_field(sqlite3_column_blob(stmt, 2),
		    (size_t)sqlite3_column_bytes(stmt, 2), 1, &bytes, &len,
		    &kind) < 0) {
			xasprintf(cause, "%s: note type '%s' has a damaged "
			    "config", col->path, m->name);
			sqlite3_finalize(stmt);
			return -1;
		}
		m->cloze = kind == 1;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return anki_db_error(db, col, cause);
	if (col->nmodels > 1)
		qsort(col->models, col->nmodels, sizeof *col->models,
		    anki_model_cmp);
	if (sqlite3_prepare_v2(db, fields_sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((m = anki_model_find(col, sqlite3_column_int64(stmt, 0))) !=
		    NULL)
			anki_model_field(m, sqlite3_column_int(stmt, 1),
			    anki_text(stmt, 2));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return anki_db_error(db, col, cause);
	if (sqlite3_prepare_v2(db, tmpls_sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((m = anki_model_find(col, sqlite3_column_int64(stmt, 0))) ==
		    NULL)
			continue;
		/* Template.Config: q_format = 1, a_format = 2. */
		q = anki_pb_string(sqlite3_column_blob(stmt, 3),
		    (size_t)sqlite3_column_bytes(stmt, 3), 1);
		a = anki_pb_string(sqlite3_column_blob(stmt, 3),
		    (size_t)sqlite3_column_bytes(stmt, 3), 2);
		if (q == NULL || a == NULL) {
			xasprintf(cause, "%s: a template of note type '%s' is "
			    "damaged", col->path, m->name);
			free(q);
			free(a);
			sqlite3_finalize(stmt);
			return -1;
		}
		anki_model_tmpl(m, sqlite3_column_int(stmt, 1),
		    anki_text(stmt, 2), q, a);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return anki_db_error(db, col, cause);
	return 0;
}

/* The scheduler version: col.conf's schedVer, or the config table's. */
static int
anki_read_sched(sqlite3 *db, struct anki_col *col, char **cause)
{
	static const char conf_sql[] = "SELECT "
	    "json_extract(CASE WHEN json_valid(conf) THEN conf END, "
	    "'$.schedVer') FROM col";
	static const char table_sql[] = "SELECT CAST(CAST(val AS TEXT) AS "
	    "INTEGER) FROM config WHERE KEY = 'schedVer'";
	sqlite3_stmt	*stmt;
	int		 rc;

	col->sched = 1;
	if (sqlite3_prepare_v2(db, anki_has_table(db, "config") ? table_sql :
	    conf_sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		col->sched = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return anki_db_error(db, col, cause);
	return 0;
}

/* ---- rendering a card ------------------------------------------------ */

/* What a template is rendered with. */
struct anki_render {
	const struct anki_model	 *model;
	const struct anki_tmpl	 *tmpl;
	char			**values;	/* by the model's field ords */
	int			  nvalues;
	const char		 *tags;
	const char		 *deck;
	const char		 *front;	/* for {{FrontSide}}, or NULL */
};

/* A field's value by name, or NULL if the note type has none such. */
static const char *
anki_field_value(const struct anki_render *r, const char *name, size_t len)
{
	int i;

	for (i = 0; i < r->model->nfields && i < r->nvalues; i++) {
		if (r->model->fields[i] != NULL &&
		    strlen(r->model->fields[i]) == len &&
		    strncmp(r->model->fields[i], name, len) == 0)
			return r->values[i];
	}
	return NULL;
}

/* Is a field empty as Anki sees it (nothing but white space and tags)? */
static int
anki_field_empty(const char *html)
{
	char	*text;
	int	 empty;

	if (html == NULL)
		return 1;
	text = anki_html_text(html);
	empty = text[strspn(text, " \t\r\n\f\v")] == '\0';
	free(text);
	return empty;
}

/* The value of a {{...}} replacement: filters, then a field's name. */
static void
anki_replace(struct buf *b, const struct anki_render *r, const char *tag,
    size_t len)
{
	const char	*name = tag, *colon, *value = NULL;
	size_t		 nlen = len;
	int		 typing = 0;

	while ((colon = memchr(name, ':', nlen)) != NULL) {
		if (colon - name == 4 && strncmp(name, "type", 4) == 0)
			typing = 1;
		nlen -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	while (nlen > 0 && (*name == ' ' || *name == '\t')) {
		name++;
		nlen--;
	}
	while (nlen > 0 && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
		nlen--;
	/* A box to type the answer in is nothing on the front. */
	if (typing && r->front == NULL)
		return;
	if (nlen == 9 && strncmp(name, "FrontSide", 9) == 0)
		value = r->front;
	else if ((value = anki_field_value(r, name, nlen)) != NULL)
		;
	else if (nlen == 4 && strncmp(name, "Tags", 4) == 0)
		value = r->tags;
	else if (nlen == 4 && strncmp(name, "Deck", 4) == 0)
		value = r->deck;
	else if (nlen == 7 && strncmp(name, "Subdeck", 7) == 0) {
		value = r->deck;
		while ((colon = strstr(value, "::")) != NULL)
			value = colon + 2;
	} else if (nlen == 4 && strncmp(name, "Type", 4) == 0)
		value = r->model->name;
	else if (nlen == 4 && strncmp(name, "Card", 4) == 0)
		value = r->tmpl->name;
	if (value != NULL)
		buf_puts(b, value);
}

/*
 * Find the {{/name}} that closes a section opened just before s, nested
 * sections of the same name counted; NULL if there is none.
 */
static const char *
anki_section_end(const char *s, const char *name, size_t len,
    const char **after)
{
	const char	*p = s, *open, *close, *t;
	size_t		 tlen;
	int		 depth = 1;

	while ((open = strstr(p, "{{")) != NULL) {
		if ((close = strstr(open + 2, "}}")) == NULL)
			return NULL;
		t = open + 2;
		tlen = (size_t)(close - t);
		while (tlen > 0 && *t == ' ') {
			t++;
			tlen--;
		}
		if (tlen > 0 && (*t == '#' || *t == '^' || *t == '/')) {
			const char	*n = t + 1;
			size_t		 nl = tlen - 1;

			while (nl > 0 && *n == ' ') {
				n++;
				nl--;
			}
			while (nl > 0 && n[nl - 1] == ' ')
				nl--;
			if (nl == len && strncmp(n, name, len) == 0) {
				depth += *t == '/' ? -1 : 1;
				if (depth == 0) {
					*after = close + 2;
					return open;
				}
			}
		}
		p = close + 2;
	}
	return NULL;
}

/*
 * Render a template (or a part of it, up to end) into b: Anki's {{Field}},
 * {{filter:Field}}, {{#Field}}...{{/Field}} and {{^Field}}...{{/Field}}.
 */
static void
anki_render_part(struct buf *b, const struct anki_render *r, const char *s,
    const char *end, int depth)
{
	const char	*open, *close, *t, *inner, *stop, *after;
	size_t		 tlen, nlen;
	int		 show;

	while (s < end) {
		open = strstr(s, "{{");
		if (open == NULL || open >= end) {
			buf_add(b, s, (size_t)(end - s));
			return;
		}
		buf_add(b, s, (size_t)(open - s));
		close = strstr(open + 2, "}}");
		if (close == NULL || close + 2 > end) {
			buf_add(b, open, (size_t)(end - open));
			return;
		}
		t = open + 2;
		tlen = (size_t)(close - t);
		while (tlen > 0 && *t == ' ') {
			t++;
			tlen--;
		}
		s = close + 2;
		if (tlen > 0 && (*t == '#' || *t == '^')) {
			inner = t + 1;
			nlen = tlen - 1;
			while (nlen > 0 && *inner == ' ') {
				inner++;
				nlen--;
			}
			while (nlen > 0 && inner[nlen - 1] == ' ')
				nlen--;
			stop = anki_section_end(s, inner, nlen, &after);
			if (stop == NULL || stop > end || depth > 32)
				continue;
			show = !anki_field_empty(anki_field_value(r, inner,
			    nlen));
			if (*t == '^')
				show = !show;
			if (show)
				anki_render_part(b, r, s, stop, depth + 1);
			s = after;
		} else if (tlen > 0 && *t == '/')
			continue;
		else
			anki_replace(b, r, t, tlen);
	}
}

/* An attribute's value in a tag (src="x", src='x' or src=x), or NULL. */
static char *
anki_attribute(const char *tag, size_t len, const char *name)
{
	size_t		 n = strlen(name), i, start;
	char		 quote;

	for (i = 0; i + n < len; i++) {
		if (strncasecmp(tag + i, name, n) != 0 || tag[i + n] != '=' ||
		    (i > 0 && tag[i - 1] != ' ' && tag[i - 1] != '\t' &&
		    tag[i - 1] != '\n'))
			continue;
		i += n + 1;
		quote = tag[i] == '"' || tag[i] == '\'' ? tag[i++] : '\0';
		start = i;
		while (i < len && (quote ? tag[i] != quote :
		    tag[i] != ' ' && tag[i] != '>' && tag[i] != '/'))
			i++;
		return xstrndup(tag + start, i - start);
	}
	return NULL;
}

/*
 * Keep media references as text: an <img src="x.png"> becomes
 * "[image:x.png]" (a [sound:x.mp3] is text already).  Counts them.
 */
static char *
anki_media_text(const char *html, size_t *media)
{
	struct buf	 b;
	const char	*p = html, *img, *end, *s;
	char		*src;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (s = html; (s = strstr(s, "[sound:")) != NULL; s += 7)
		(*media)++;
	while ((img = strcasestr(p, "<img")) != NULL) {
		buf_add(&b, p, (size_t)(img - p));
		if ((end = strchr(img, '>')) == NULL) {
			p = img;
			break;
		}
		src = anki_attribute(img, (size_t)(end - img), "src");
		if (src != NULL) {
			buf_printf(&b, "[image:%s]", src);
			(*media)++;
		}
		free(src);
		p = end + 1;
	}
	buf_puts(&b, p);
	return buf_steal(&b);
}

/* HTML as recall's text: media as text, tags out, no blank edges. */
static char *
anki_plain(const char *html, size_t *media)
{
	char	*kept = anki_media_text(html, media), *text, *trimmed;

	text = anki_html_text(kept);
	trimmed = str_trim(text);
	free(kept);
	free(text);
	return trimmed;
}

/*
 * The answer side after its <hr id=answer>, where Anki starts the answer
 * (a template may show the question again before it, as Basic (type in
 * the answer) does); the whole side if it has none.
 */
static const char *
anki_answer_part(const char *html)
{
	const char	*p = html, *end;
	char		*id;
	int		 is;

	while ((p = strcasestr(p, "<hr")) != NULL) {
		if ((end = strchr(p, '>')) == NULL)
			break;
		id = anki_attribute(p, (size_t)(end - p), "id");
		is = id != NULL && strcmp(id, "answer") == 0;
		free(id);
		if (is)
			return end + 1;
		p = end;
	}
	return html;
}

/* Split a note's fields at 0x1f. */
static char **
anki_split_fields(const char *flds, int *n)
{
	char		**v = NULL;
	const char	 *p = flds, *sep;

	*n = 0;
	for (;;) {
		sep = strchr(p, '\x1f');
		v = xreallocarray(v, (size_t)*n + 1, sizeof *v);
		v[(*n)++] = sep == NULL ? xstrdup(p) :
		    xstrndup(p, (size_t)(sep - p));
		if (sep == NULL)
			return v;
		p = sep + 1;
	}
}

/* The field a cloze template blanks ({{cloze:Text}}), or NULL. */
static const char *
anki_cloze_field(const struct anki_render *r, const char *qfmt)
{
	const char	*p = qfmt, *close, *name;
	size_t		 len;

	while ((p = strstr(p, "{{")) != NULL) {
		if ((close = strstr(p + 2, "}}")) == NULL)
			return NULL;
		for (name = p + 2; *name == ' '; name++)
			continue;
		if (strncmp(name, "cloze:", 6) == 0) {
			name += 6;
			len = (size_t)(close - name);
			while (len > 0 && name[len - 1] == ' ')
				len--;
			return anki_field_value(r, name, len);
		}
		p = close + 2;
	}
	return NULL;
}

/* Say why a card is not imported. */
static void
anki_skip(struct anki_card *c, const char *why)
{
	if (c->skip == NULL)
		c->skip = xstrdup(why);
}

/* A cloze card: the cN of the text its template blanks. */
static void
anki_render_cloze(struct anki_card *c, const struct anki_render *r,
    const char *name, size_t *media)
{
	const char	*html = anki_cloze_field(r, r->tmpl->qfmt);
	struct summary	*s;
	char		*text;
	int		 i;

	if (html == NULL) {
		anki_skip(c, "its cloze template names no field it has");
		return;
	}
	text = anki_plain(html, media);
	s = summary_parse_cloze(name, 0, text);
	free(text);
	for (i = 0; i < s->ncards; i++) {
		if (s->cards[i].cloze == c->ord + 1)
			break;
	}
	if (i == s->ncards)
		anki_skip(c, s->nerrors > 0 ? "its cloze text does not read as "
		    "clozes" : "its cloze is not in the note's text any more");
	else {
		c->kind = KIND_CLOZE;
		c->cloze = s->cards[i].cloze;
		c->front = s->cards[i].front;
		c->back = s->cards[i].back;
		c->note = s->cards[i].note;
		s->cards[i].front = s->cards[i].back = s->cards[i].note = NULL;
	}
	summary_free(s);
}

/* Render a card's sides from its note. */
static void
anki_render_card(struct anki_col *col, struct anki_card *c,
    const struct anki_model *m, const char *flds, const char *tags)
{
	struct anki_render	 r;
	struct buf		 b;
	char			*front_html, *why;
	int			 i;

	memset(&r, 0, sizeof r);
	r.model = m;
	r.values = anki_split_fields(flds, &r.nvalues);
	r.tags = tags;
	r.deck = c->deck;
	for (i = 0; i < m->ntmpls; i++) {
		/* A cloze note type has one template for every card. */
		if (m->cloze || m->tmpls[i].ord == c->ord) {
			r.tmpl = &m->tmpls[i];
			break;
		}
	}
	if (r.tmpl == NULL) {
		anki_skip(c, "its note type has no template for it");
		goto out;
	}
	if (m->cloze) {
		anki_render_cloze(c, &r, col->path, &col->media);
		goto out;
	}
	c->kind = c->ord == 0 ? KIND_BASIC : KIND_REVERSE;
	buf_init(&b);
	buf_add(&b, "", 0);
	anki_render_part(&b, &r, r.tmpl->qfmt, r.tmpl->qfmt +
	    strlen(r.tmpl->qfmt), 0);
	front_html = buf_steal(&b);
	c->front = anki_plain(front_html, &col->media);
	/* The back without the front the answer side repeats. */
	r.front = "";
	buf_init(&b);
	buf_add(&b, "", 0);
	anki_render_part(&b, &r, r.tmpl->afmt, r.tmpl->afmt +
	    strlen(r.tmpl->afmt), 0);
	c->back = anki_plain(anki_answer_part(b.data), &col->media);
	buf_free(&b);
	free(front_html);
	if (*c->front == '\0')
		anki_skip(c, "its front is empty");
	else if (*c->back == '\0')
		anki_skip(c, "its back is empty");
out:
	if (c->skip == NULL && (text_check(c->front, strlen(c->front),
	    &why) != 0 || text_check(c->back, strlen(c->back), &why) != 0)) {
		anki_skip(c, why);
		free(why);
	}
	for (i = 0; i < r.nvalues; i++)
		free(r.values[i]);
	free(r.values);
}

/* A note's tags as recall keeps them: the ones it can, normalized. */
static char *
anki_tags(struct anki_col *col, const char *in)
{
	char	*copy = xstrdup(in), *word, *save = NULL, *one, *all, *cause;
	char	*joined;

	all = xstrdup("");
	for (word = strtok_r(copy, " \t\r\n", &save); word != NULL;
	    word = strtok_r(NULL, " \t\r\n", &save)) {
		if ((one = tags_normalize(word, &cause)) == NULL) {
			free(cause);
			col->dropped_tags++;
			if (col->dropped_tag == NULL)
				col->dropped_tag = xstrdup(word);
			continue;
		}
		joined = tags_add(all, one);
		free(all);
		free(one);
		all = joined;
	}
	free(copy);
	return all;
}

/* Order cards by Anki's id, for a binary search. */
static int
anki_card_cmp(const void *a, const void *b)
{
	const struct anki_card *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The cards, with their notes, rendered. */
static int
anki_read_cards(sqlite3 *db, struct anki_col *col, char **cause)
{
	static const char sql[] = "SELECT c.id, c.nid, c.did, c.odid, c.ord, "
	    "c.queue, n.guid, n.mid, n.tags, n.flds FROM cards AS c "
	    "JOIN notes AS n ON n.id = c.nid ORDER BY c.id";
	static const char notes_sql[] = "SELECT count(*) FROM notes";
	sqlite3_stmt		*stmt;
	struct anki_card	*c;
	struct anki_deck	*d;
	struct anki_model	*m;
	int64_t			 did;
	char			*raw_tags;
	int			 rc, queue;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		col->cards = xgrow(col->cards, &col->cards_cap, col->ncards,
		    sizeof *col->cards);
		c = &col->cards[col->ncards++];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(stmt, 0);
		c->nid = sqlite3_column_int64(stmt, 1);
		/* A card in a filtered deck belongs to its original one. */
		did = sqlite3_column_int64(stmt, 3) != 0 ?
		    sqlite3_column_int64(stmt, 3) :
		    sqlite3_column_int64(stmt, 2);
		c->ord = sqlite3_column_int(stmt, 4);
		queue = sqlite3_column_int(stmt, 5);
		c->suspended = queue == -1;
		c->buried = queue == -2 || queue == -3;
		c->guid = anki_text(stmt, 6);
		raw_tags = anki_text(stmt, 8);
		c->tags = anki_tags(col, raw_tags);
		free(raw_tags);
		if ((d = anki_deck_find(col, did)) == NULL) {
			c->deck = xstrdup("Default");
			anki_skip(c, "its deck is not in the collection");
		} else
			c->deck = xstrdup(d->name);
		if ((m = anki_model_find(col, sqlite3_column_int64(stmt, 7))) ==
		    NULL) {
			anki_skip(c, "its note type is not in the collection");
			continue;
		}
		anki_render_card(col, c, m, (const char *)
		    sqlite3_column_text(stmt, 9) == NULL ? "" :
		    (const char *)sqlite3_column_text(stmt, 9), c->tags);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return anki_db_error(db, col, cause);
	if (sqlite3_prepare_v2(db, notes_sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		col->notes = (size_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

/*
 * An answer's grade: Anki's button + 1.  The v1 scheduler had three
 * buttons while learning (again, good, easy): its 2 and 3 are good and
 * easy.
 */
static int
anki_grade(const struct anki_col *col, const struct anki_rev *r)
{
	int ease = r->ease;

	if (col->sched == 1 && (r->type == 0 || r->type == 2) && ease >= 2 &&
	    ease <= 3)
		ease++;
	return ease + 1;
}

/* The revlog, each row with its card's. */
static int
anki_read_revlog(sqlite3 *db, struct anki_col *col, char **cause)
{
	static const char sql[] = "SELECT id, cid, ease, ivl, lastIvl, "
	    "factor, time, type FROM revlog ORDER BY cid, id";
	sqlite3_stmt		*stmt;
	struct anki_rev		*r;
	struct anki_card	 key, *c = NULL;
	int			 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return anki_db_error(db, col, cause);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		key.id = sqlite3_column_int64(stmt, 1);
		if (c == NULL || c->id != key.id)
			c = bsearch(&key, col->cards, col->ncards, sizeof key,
			    anki_card_cmp);
		if (c == NULL) {
			col->orphan_revs++;
			continue;
		}
		col->revs = xgrow(col->revs, &col->revs_cap, col->nrevs,
		    sizeof *col->revs);
		r = &col->revs[col->nrevs];
		r->id = sqlite3_column_int64(stmt, 0);
		r->cid = key.id;
		r->ease = sqlite3_column_int(stmt, 2);
		r->ivl = sqlite3_column_int(stmt, 3);
		r->last_ivl = sqlite3_column_int(stmt, 4);
		r->factor = sqlite3_column_int(stmt, 5);
		r->duration = sqlite3_column_int(stmt, 6);
		r->type = sqlite3_column_int(stmt, 7);
		/* Learning, review, relearning: answers; the rest are not. */
		r->counted = r->type >= 0 && r->type <= 2 && r->ease >= 1 &&
		    r->ease <= 4 && r->id >= 0;
		r->grade = r->counted ? anki_grade(col, r) : 0;
		if (r->counted && r->grade > 5) {
			r->counted = 0;
			r->grade = 0;
		}
		if (c->nrev == 0)
			c->rev = col->nrevs;
		c->nrev++;
		col->nrevs++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return anki_db_error(db, col, cause);
	return 0;
}

/* Free what was read. */
static void
anki_col_free(struct anki_col *col)
{
	size_t	i;
	int	j;

	for (i = 0; i < col->ndecks; i++)
		free(col->decks[i].name);
	free(col->decks);
	for (i = 0; i < col->nmodels; i++) {
		free(col->models[i].name);
		for (j = 0; j < col->models[i].nfields; j++)
			free(col->models[i].fields[j]);
		free(col->models[i].fields);
		for (j = 0; j < col->models[i].ntmpls; j++) {
			free(col->models[i].tmpls[j].name);
			free(col->models[i].tmpls[j].qfmt);
			free(col->models[i].tmpls[j].afmt);
		}
		free(col->models[i].tmpls);
	}
	free(col->models);
	for (i = 0; i < col->ncards; i++) {
		free(col->cards[i].guid);
		free(col->cards[i].deck);
		free(col->cards[i].front);
		free(col->cards[i].back);
		free(col->cards[i].note);
		free(col->cards[i].tags);
		free(col->cards[i].skip);
	}
	free(col->cards);
	free(col->revs);
	free(col->dropped_tag);
}

/* Open a collection read-only, never changing it (nor its WAL). */
static sqlite3 *
anki_open(const char *path, char **cause)
{
	sqlite3	*db = NULL;
	char	*uri;
	int	 rc;

	uri = store_uri(path, "mode=ro");
	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL);
	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 2000);
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master",
		    NULL, NULL, NULL);
	}
	if (rc == SQLITE_CANTOPEN || rc == SQLITE_READONLY) {
		/*
		 * A WAL database in a folder recall may not write needs its
		 * -shm: read it as it is on disk instead.
		 */
		sqlite3_close(db);
		db = NULL;
		uri = store_uri(path, "mode=ro&immutable=1");
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, NULL);
		free(uri);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "SELECT count(*) FROM "
			    "sqlite_master", NULL, NULL, NULL);
	}
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		xasprintf(cause, "%s: the collection is in use (Anki keeps it "
		    "locked while it runs): close Anki, or import a backup",
		    path);
		sqlite3_close(db);
		return NULL;
	}
	if (rc != SQLITE_OK) {
		xasprintf(cause, "%s: not a readable Anki collection: %s", path,
		    db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Read a whole collection; -1 with cause if it cannot be. */
static int
anki_read(const char *path, struct anki_col *col, char **cause)
{
	static const char *const tables[] = { "col", "notes", "cards",
	    "revlog" };
	sqlite3_stmt	*stmt;
	sqlite3		*db;
	size_t		 i;
	int		 rc = -1;

	memset(col, 0, sizeof *col);
	col->path = path;
	if ((db = anki_open(path, cause)) == NULL)
		return -1;
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (!anki_has_table(db, tables[i])) {
			xasprintf(cause, "%s: a SQLite database, but not an "
			    "Anki collection (it has no %s table)", path,
			    tables[i]);
			goto out;
		}
	}
	if (sqlite3_prepare_v2(db, "SELECT ver FROM col", -1, &stmt,
	    NULL) != SQLITE_OK) {
		anki_db_error(db, col, cause);
		goto out;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		col->ver = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (col->ver < ANKI_VER_MIN || col->ver > ANKI_VER_MAX) {
		xasprintf(cause, "%s: an Anki collection of schema version %d, "
		    "which recall does not know (it reads %d to %d)", path,
		    col->ver, ANKI_VER_MIN, ANKI_VER_MAX);
		goto out;
	}
	col->tables = col->ver >= ANKI_VER_TABLES;
	if (col->tables && (!anki_has_table(db, "decks") ||
	    !anki_has_table(db, "notetypes") || !anki_has_table(db, "fields") ||
	    !anki_has_table(db, "templates"))) {
		xasprintf(cause, "%s: an Anki collection of schema version %d "
		    "without its decks, notetypes, fields and templates tables",
		    path, col->ver);
		goto out;
	}
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		anki_db_error(db, col, cause);
		goto out;
	}
	if (anki_read_sched(db, col, cause) != 0 ||
	    anki_read_decks(db, col, cause) != 0 ||
	    (col->tables ? anki_read_models_tables(db, col, cause) :
	    anki_read_models_json(db, col, cause)) != 0)
		goto out;
	if (!col->tables && col->nmodels > 1)
		qsort(col->models, col->nmodels, sizeof *col->models,
		    anki_model_cmp);
	if (anki_read_cards(db, col, cause) != 0 ||
	    anki_read_revlog(db, col, cause) != 0)
		goto out;
	rc = 0;
out:
	sqlite3_close(db);
	if (rc != 0)
		anki_col_free(col);
	return rc;
}

/* ---- into recall ------------------------------------------------------ */

/* Is this an Anki package (a zip archive), which recall does not unpack? */
int
ankicol_is_package(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot != NULL && strchr(dot, '/') == NULL &&
	    (strcasecmp(dot, ".apkg") == 0 || strcasecmp(dot, ".colpkg") == 0);
}

/* Is this file a SQLite database (by its first bytes)? */
int
ankicol_is_database(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char	 head[16];
	FILE	*f;
	int	 is;

	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	is = fread(head, 1, sizeof head, f) == sizeof head &&
	    memcmp(head, magic, sizeof magic) == 0;
	fclose(f);
	return is;
}

/* The track a deck goes on: --deck-track, else --track, else need. */
static enum track
anki_track(const struct import_opts *o, const char *deck)
{
	size_t	 best = 0, len;
	int	 i;
	enum track track = o->has_track ? o->track : TRACK_NEED;

	for (i = 0; i < o->ndeck_tracks; i++) {
		len = strlen(o->deck_tracks[i].name);
		if (deck_matches(o->deck_tracks[i].name, deck) && len >= best) {
			best = len;
			track = o->deck_tracks[i].track;
		}
	}
	return track;
}

/* The recall decks an import uses, by name. */
struct anki_decks {
	struct deck	**v;
	size_t		  n, cap;
};

/* Find or make a deck; NULL with cause. */
static struct deck *
anki_recall_deck(struct store *st, struct anki_decks *ds, const char *name,
    const struct import_opts *o, struct anki_counts *n, char **cause)
{
	struct deck	*d;
	char		*why;
	size_t		 i;

	for (i = 0; i < ds->n; i++) {
		if (strcmp(ds->v[i]->name, name) == 0)
			return ds->v[i];
	}
	if (!deck_name_valid(name, &why)) {
		xasprintf(cause, "the Anki deck '%s' cannot be a recall deck: "
		    "%s (put its cards in one with --deck)", name, why);
		free(why);
		return NULL;
	}
	if ((d = deck_find_or_create(st, name, anki_track(o, name),
	    &n->decks, cause)) == NULL)
		return NULL;
	ds->v = xgrow(ds->v, &ds->cap, ds->n, sizeof *ds->v);
	ds->v[ds->n++] = d;
	return d;
}

/* Note that an Anki card (note guid, ordinal) is this recall card. */
static int
anki_link(struct store *st, const struct anki_card *a, int64_t card,
    char **cause)
{
	static const char sql[] = "INSERT INTO anki_cards (guid, ord, "
	    "card_id) VALUES (?, ?, ?)";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	stmt_bind_text(stmt, 1, a->guid);
	sqlite3_bind_int(stmt, 2, a->ord);
	sqlite3_bind_int64(stmt, 3, card);
	return store_done(st, stmt, cause);
}

/*
 * The recall card an Anki card was imported as: by note guid and card
 * ordinal, else by the id a review log gave it.  0 if none.
 */
static int
anki_known(struct store *st, const struct anki_card *c, int64_t *card,
    char **cause)
{
	static const char by_guid[] = "SELECT card_id FROM anki_cards "
	    "WHERE guid = ? AND ord = ?";
	static const char by_ext[] = "SELECT id FROM cards WHERE ext_id = ?";
	sqlite3_stmt	*stmt = store_stmt(st, by_guid);
	int		 found;

	stmt_bind_text(stmt, 1, c->guid);
	sqlite3_bind_int(stmt, 2, c->ord);
	if ((found = store_step(st, stmt, cause)) == 1)
		*card = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (found != 0)
		return found;
	stmt = store_stmt(st, by_ext);
	sqlite3_bind_int64(stmt, 1, c->id);
	if ((found = store_step(st, stmt, cause)) == 1)
		*card = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (found != 1)
		return found;
	return anki_link(st, c, *card, cause) == 0 ? 1 : -1;
}

/* Make the recall card of an Anki card. */
static int
anki_new_card(struct store *st, const struct anki_card *a,
    const struct deck *d, int64_t *card, char **cause)
{
	struct card	*c = card_new();
	int		 rc = -1;

	c->deck_id = d->id;
	c->initial_ease = d->start_ease;
	c->kind = a->kind;
	c->cloze = a->cloze;
	c->front = xstrdup(a->front);
	c->back = xstrdup(a->back);
	c->note = a->note != NULL ? xstrdup(a->note) : NULL;
	free(c->tags);
	c->tags = xstrdup(a->tags);
	c->ext_id = a->id;
	if (card_insert(st, c, cause) != 0 ||
	    anki_link(st, a, c->id, cause) != 0)
		goto out;
	*card = c->id;
	rc = 0;
out:
	card_free(c);
	return rc;
}

/* Keep a revlog row; 1 if it is new, 0 if it was imported before. */
static int
anki_keep_rev(struct store *st, const struct anki_rev *r, int64_t card,
    char **cause)
{
	static const char sql[] = "INSERT OR IGNORE INTO anki_revlog (id, "
	    "card_id, type, ease, ivl, last_ivl, factor, duration, counted) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int64(stmt, 1, r->id);
	sqlite3_bind_int64(stmt, 2, card);
	sqlite3_bind_int(stmt, 3, r->type);
	sqlite3_bind_int(stmt, 4, r->ease);
	sqlite3_bind_int(stmt, 5, r->ivl);
	sqlite3_bind_int(stmt, 6, r->last_ivl);
	sqlite3_bind_int(stmt, 7, r->factor);
	sqlite3_bind_int(stmt, 8, r->duration);
	sqlite3_bind_int(stmt, 9, r->counted);
	if (store_done(st, stmt, cause) != 0)
		return -1;
	return sqlite3_changes(store_db(st)) > 0;
}

/* What a revlog row that is no answer was. */
static int
anki_not_answer_kind(const struct anki_rev *r)
{
	if (r->type == 3)
		return 1;	/* in a filtered deck (cramming) */
	if (r->type == 5)
		return 2;	/* rescheduled */
	if (r->type == 4 || r->ease == 0)
		return 0;	/* by hand */
	return 3;
}

/* Bring one card and its new reviews in. */
static int
anki_import_card(struct store *st, const struct anki_col *col,
    const struct anki_card *a, struct anki_decks *ds,
    const struct import_opts *o, struct anki_counts *n,
    struct history_answer **answers, size_t *cap, int today, char **cause)
{
	struct deck	*d;
	const struct anki_rev *r;
	size_t		 i, k = 0;
	int64_t		 card = 0;
	int		 found, fresh, added;

	if ((found = anki_known(st, a, &card, cause)) < 0)
		return -1;
	if (found)
		n->known++;
	else {
		if ((d = anki_recall_deck(st, ds, o->deck != NULL ? o->deck :
		    a->deck, o, n, cause)) == NULL)
			return -1;
		if (anki_new_card(st, a, d, &card, cause) != 0)
			return -1;
		n->fresh++;
	}
	while (*cap < a->nrev)
		*answers = xgrow(*answers, cap, *cap, sizeof **answers);
	for (i = 0; i < a->nrev; i++) {
		r = &col->revs[a->rev + i];
		if ((fresh = anki_keep_rev(st, r, card, cause)) < 0)
			return -1;
		if (!fresh) {
			n->already++;
			continue;
		}
		if (!r->counted) {
			n->not_answers[anki_not_answer_kind(r)]++;
			continue;
		}
		(*answers)[k].time = (time_t)(r->id / 1000);
		(*answers)[k].grade = r->grade;
		(*answers)[k].duration = r->duration;
		k++;
	}
	if (k > 0) {
		if ((added = history_add(st, card, *answers, k, 1, cause)) < 0)
			return -1;
		n->added += (size_t)added;
		n->already += k - (size_t)added;
	}
	if (!found && a->suspended &&
	    card_set_suspended(st, card, 1, cause) != 0)
		return -1;
	if (!found && a->buried && card_bury(st, card, today, cause) != 0)
		return -1;
	return 0;
}

/* Write the whole import in one transaction (rolled back for a dry run). */
static int
anki_apply(struct store *st, const struct anki_col *col,
    const struct import_opts *o, struct anki_counts *n, char **cause)
{
	struct anki_decks	 ds;
	struct history_answer	*answers = NULL;
	size_t			 i, cap = 0;
	int			 rc = -1, today;

	memset(&ds, 0, sizeof ds);
	if (store_begin(st, cause) != 0)
		return -1;
	today = clock_day(clock_now(), review_rollover(st));
	for (i = 0; i < col->ncards; i++) {
		if (col->cards[i].skip != NULL) {
			n->skipped++;
			continue;
		}
		if (anki_import_card(st, col, &col->cards[i], &ds, o, n,
		    &answers, &cap, today, cause) != 0)
			goto out;
	}
	rc = 0;
out:
	rc = store_end(st, rc == 0, !o->dry_run, cause);
	for (i = 0; i < ds.n; i++)
		deck_free(ds.v[i]);
	free(ds.v);
	free(answers);
	return rc;
}

/* The first line of a card's front, cut for a report. */
static char *
anki_card_label(const struct anki_card *c)
{
	const char	*front = c->front != NULL ? c->front : "";
	size_t		 len = strcspn(front, "\n");
	char		*s;

	if (len > 40)
		xasprintf(&s, "%.37s...", front);
	else
		xasprintf(&s, "%.*s", (int)len, front);
	return s;
}

/* The decks the cards go to, with how many each, for a dry run. */
static void
anki_report_decks(struct store *st, const struct anki_col *col,
    const struct import_opts *o)
{
	const char	**names = NULL, *name;
	size_t		 *counts = NULL, n = 0, i, j;
	struct deck	 *d;
	char		 *error = NULL;

	for (i = 0; i < col->ncards; i++) {
		if (col->cards[i].skip != NULL)
			continue;
		name = o->deck != NULL ? o->deck : col->cards[i].deck;
		for (j = 0; j < n && strcmp(names[j], name) != 0; j++)
			continue;
		if (j == n) {
			names = xreallocarray(names, n + 1, sizeof *names);
			counts = xreallocarray(counts, n + 1, sizeof *counts);
			names[n] = name;
			counts[n++] = 0;
		}
		counts[j]++;
	}
	for (i = 0; i < n; i++) {
		d = deck_find(st, names[i], &error);
		free(error);
		error = NULL;
		printf("  deck %s: %zu card%s (%s, %s track)\n", names[i],
		    counts[i], counts[i] == 1 ? "" : "s", d != NULL ? "there" :
		    "new", track_name(d != NULL ? d->track :
		    anki_track(o, names[i])));
		deck_free(d);
	}
	free(names);
	free(counts);
}

/* Say what an import did, or would do. */
static void
anki_report(struct store *st, const struct anki_col *col,
    const struct anki_counts *n, const struct import_opts *o)
{
	struct json	*j = o->json;
	char		*label;
	size_t		 i, shown = 0, other = 0;

	for (i = 0; i < 4; i++)
		other += n->not_answers[i];
	if (j != NULL) {
		json_object_begin(j);
		json_kv_string(j, "file", col->path);
		json_kv_string(j, "format", "anki");
		json_kv_int(j, "schema", col->ver);
		json_kv_int(j, "scheduler", col->sched);
		json_kv_bool(j, "imported", !o->dry_run);
		json_kv_int(j, "notes", (long long)col->notes);
		json_kv_int(j, "cards", (long long)col->ncards);
		json_kv_int(j, "new", (long long)n->fresh);
		json_kv_int(j, "known", (long long)n->known);
		json_kv_int(j, "answers_added", (long long)n->added);
		json_kv_int(j, "reviews_already", (long long)n->already);
		json_key(j, "not_answers");
		json_object_begin(j);
		json_kv_int(j, "manual", (long long)n->not_answers[0]);
		json_kv_int(j, "filtered", (long long)n->not_answers[1]);
		json_kv_int(j, "rescheduled", (long long)n->not_answers[2]);
		json_kv_int(j, "other", (long long)n->not_answers[3]);
		json_object_end(j);
		json_kv_int(j, "media", (long long)col->media);
		json_kv_int(j, "decks_created", n->decks);
		json_kv_int(j, "tags_dropped", (long long)col->dropped_tags);
		json_kv_int(j, "orphan_reviews", (long long)col->orphan_revs);
		json_key(j, "skipped");
		json_array_begin(j);
		for (i = 0; i < col->ncards; i++) {
			if (col->cards[i].skip == NULL)
				continue;
			json_object_begin(j);
			json_kv_int(j, "anki_card", col->cards[i].id);
			json_kv_string(j, "guid", col->cards[i].guid);
			json_kv_int(j, "ord", col->cards[i].ord);
			json_kv_string(j, "why", col->cards[i].skip);
			json_object_end(j);
		}
		json_array_end(j);
		json_object_end(j);
		return;
	}
	printf("%s: Anki collection (schema %d), %zu card%s of %zu note%s: "
	    "%zu new, %zu imported before, %zu skipped; %zu answer%s %s, "
	    "%zu review%s imported before", col->path, col->ver, col->ncards,
	    col->ncards == 1 ? "" : "s", col->notes, col->notes == 1 ? "" :
	    "s", n->fresh, n->known, n->skipped, n->added, n->added == 1 ? "" :
	    "s", o->dry_run ? "to add" : "added", n->already, n->already == 1 ?
	    "" : "s");
	if (n->decks > 0)
		printf("; %d deck%s %s", n->decks, n->decks == 1 ? "" : "s",
		    o->dry_run ? "to create" : "created");
	printf("%s\n", o->dry_run ? " (dry run: nothing written)" : "");
	if (other > 0)
		printf("  %zu revlog row%s %s that %s not answer%s: %zu by "
		    "hand, %zu in filtered decks, %zu rescheduled, %zu "
		    "other\n", other, other == 1 ? "" : "s", o->dry_run ?
		    "to keep" : "kept", other == 1 ? "is" : "are", other == 1 ?
		    "" : "s", n->not_answers[0], n->not_answers[1],
		    n->not_answers[2], n->not_answers[3]);
	if (col->media > 0)
		printf("  %zu media reference%s kept as text ([image:...], "
		    "[sound:...]): recall keeps no media\n", col->media,
		    col->media == 1 ? "" : "s");
	if (col->dropped_tags > 0)
		printf("  %zu tag%s recall cannot keep left out (the first: "
		    "'%s'; a tag starts with a letter)\n", col->dropped_tags,
		    col->dropped_tags == 1 ? "" : "s", col->dropped_tag);
	if (col->orphan_revs > 0)
		printf("  %zu revlog row%s of cards no longer in the "
		    "collection skipped\n", col->orphan_revs,
		    col->orphan_revs == 1 ? "" : "s");
	for (i = 0; i < col->ncards; i++) {
		if (col->cards[i].skip == NULL)
			continue;
		if (shown++ == ANKI_SKIPPED_SHOWN) {
			printf("  and %zu more skipped\n", n->skipped -
			    ANKI_SKIPPED_SHOWN);
			break;
		}
		label = anki_card_label(&col->cards[i]);
		printf("  skipped: card %lld (note %s, card %d%s%s%s): %s\n",
		    (long long)col->cards[i].id, col->cards[i].guid,
		    col->cards[i].ord + 1, *label != '\0' ? ", '" : "", label,
		    *label != '\0' ? "'" : "", col->cards[i].skip);
		free(label);
	}
	if (o->dry_run)
		anki_report_decks(st, col, o);
}

/*
 * Import an Anki collection: read it whole (read-only), then write its
 * cards and history in one transaction.  0, or -1 after saying why.
 */
int
ankicol_import(struct cmd_ctx *ctx, const char *path, struct import_opts *o)
{
	struct store		*st = ctx_store(ctx);
	struct anki_col		 col;
	struct anki_counts	 n;
	char			*cause = NULL;

	memset(&n, 0, sizeof n);
	if (anki_read(path, &col, &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		o->totals.failed++;
		return -1;
	}
	if (anki_apply(st, &col, o, &n, &cause) != 0) {
		cmd_error(ctx, "%s: %s", path, cause);
		free(cause);
		anki_col_free(&col);
		o->totals.failed++;
		return -1;
	}
	o->totals.files++;
	o->totals.fresh += (int)n.fresh;
	o->totals.decks += n.decks;
	if (!ctx->quiet || o->dry_run || o->json != NULL)
		anki_report(st, &col, &n, o);
	anki_col_free(&col);
	return 0;
}
