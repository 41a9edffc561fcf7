/*
 * Summaries kept in the collection: the text written in recall, which
 * made some of its cards.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

/*
 * Load a kept summary's text, or NULL: with cause left alone if there is
 * none, with cause set if it cannot be read.
 */
char *
summary_load(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = "SELECT body FROM summaries WHERE id = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		*body = NULL;

	sqlite3_bind_int64(stmt, 1, id);
	if (store_step(st, stmt, cause) == 1)
		body = stmt_text(stmt, 0);
	sqlite3_reset(stmt);
	return body;
}

/* Keep a summary's title and text: a new one when *id is 0 (then set). */
int
summary_save(struct store *st, int64_t *id, const char *title,
    const char *text, char **cause)
{
	static const char insert_sql[] = "INSERT INTO summaries (title, body, "
	    "created, modified) VALUES (?1, ?2, ?3, ?3)";
	static const char update_sql[] = "UPDATE summaries SET title = ?1, "
	    "body = ?2, modified = ?3 WHERE id = ?4";
	sqlite3_stmt	*stmt;

	stmt = store_stmt(st, *id == 0 ? insert_sql : update_sql);
	sqlite3_bind_text(stmt, 1, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)clock_now());
	if (*id != 0)
		sqlite3_bind_int64(stmt, 4, *id);
	if (store_done(st, stmt, cause) != 0)
		return -1;
	if (*id == 0)
		*id = sqlite3_last_insert_rowid(store_db(st));
	return 0;
}

/* A summary belongs to the deck of the cards it made (after an import). */
int
summary_set_deck(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = "UPDATE summaries SET deck_id = (SELECT "
	    "deck_id FROM cards WHERE source = ?1 LIMIT 1) WHERE id = ?2";
	sqlite3_stmt	*stmt;
	char		*source;

	xasprintf(&source, "summary:%lld", (long long)id);
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, id);
	free(source);
	return store_done(st, stmt, cause);
}

/*
 * Call fn for each kept summary, by id, with its deck and how many cards
 * it has now; -1 (with cause) when the collection cannot be read.
 */
int
summary_foreach(struct store *st, void (*fn)(const struct summary_entry *,
    void *), void *arg, char **cause)
{
	static const char sql[] = "SELECT s.id, coalesce(d.name, ''), "
	    "s.title, s.modified, (SELECT count(*) FROM cards c WHERE "
	    "c.source = 'summary:' || s.id AND c.removed = 0) FROM summaries s "
	    "LEFT JOIN decks d ON d.id = s.deck_id ORDER BY s.id";
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	struct summary_entry	 e;
	int			 rc;

	while ((rc = store_step(st, stmt, cause)) == 1) {
		e.id = sqlite3_column_int64(stmt, 0);
		e.deck = (const char *)sqlite3_column_text(stmt, 1);
		e.title = (const char *)sqlite3_column_text(stmt, 2);
		e.modified = (time_t)sqlite3_column_int64(stmt, 3);
		e.cards = sqlite3_column_int(stmt, 4);
		fn(&e, arg);
	}
	return rc;
}
