/*
 * Deep dives and the reading list: a timeboxed reading session, and the
 * topics bookmarked or planned for later.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* Free a deep dive. */
void
deepdive_free(struct deepdive *dd)
{
	if (dd == NULL)
		return;
	free(dd->topic);
	free(dd->deck);
	free(dd);
}

/*
 * The deep dive running now, or NULL: with cause left alone if none is,
 * with cause set if it cannot be read.
 */
struct deepdive *
deepdive_current(struct store *st, char **cause)
{
	static const char sql[] = "SELECT id, topic, deck, started, seconds "
	    "FROM deepdives WHERE ended IS NULL ORDER BY id DESC LIMIT 1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	struct deepdive	*dd = NULL;

	if (store_step(st, stmt, cause) == 1) {
		dd = xcalloc(1, sizeof *dd);
		dd->id = sqlite3_column_int64(stmt, 0);
		dd->topic = stmt_text(stmt, 1);
		dd->deck = stmt_text(stmt, 2);
		dd->started = (time_t)sqlite3_column_int64(stmt, 3);
		dd->seconds = sqlite3_column_int(stmt, 4);
	}
	sqlite3_reset(stmt);
	return dd;
}

/* Seconds left of a deep dive at a time (negative once it is over). */
long
deepdive_left(const struct deepdive *dd, time_t now)
{
	return (long)(dd->started + dd->seconds - now);
}

/*
 * What comes next, from the answer to "[s]ummarize, [b]ookmark, [l]ater
 * on a day, or [n]othing?": its first letter; no answer is nothing.
 */
enum deepdive_next
deepdive_next_from_answer(const char *answer)
{
	if (answer == NULL)
		return DEEPDIVE_NOTHING;
	switch (answer[0]) {
	case 's':
		return DEEPDIVE_SUMMARIZE;
	case 'b':
		return DEEPDIVE_BOOKMARK;
	case 'l':
		return DEEPDIVE_SCHEDULE;
	default:
		return DEEPDIVE_NOTHING;
	}
}

/* The deck a summary of a deep dive goes to: its own, else the topic. */
const char *
deepdive_summary_deck(const struct deepdive *dd)
{
	return dd->deck != NULL ? dd->deck : dd->topic;
}

/*
 * Call fn for each entry of the reading list, open ones first, by day
 * (bookmarks last); done ones too with all.  -1 (with cause) when the
 * collection cannot be read.
 */
int
later_foreach(struct store *st, int all, void (*fn)(const struct later_entry *,
    void *), void *arg, char **cause)
{
	static const char sql[] = "SELECT id, kind, topic, deck, day, done "
	    "FROM later WHERE ?1 OR done IS NULL ORDER BY done IS NOT NULL, "
	    "day IS NULL, day, id";
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	struct later_entry	 e;
	int			 rc;

	sqlite3_bind_int(stmt, 1, all);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		e.id = sqlite3_column_int64(stmt, 0);
		e.kind = (const char *)sqlite3_column_text(stmt, 1);
		e.topic = (const char *)sqlite3_column_text(stmt, 2);
		e.deck = (const char *)sqlite3_column_text(stmt, 3);
		e.day = stmt_day(stmt, 4);
		e.done = sqlite3_column_type(stmt, 5) != SQLITE_NULL;
		fn(&e, arg);
	}
	return rc;
}

/*
 * A statement that writes a topic (?1) and its deck (?2), for a deep dive
 * or the reading list.  A topic is text that enters recall: import's rules
 * hold for it, and NULL with cause says which one it breaks.
 */
static sqlite3_stmt *
deepdive_topic_stmt(struct store *st, const char *sql, const char *topic,
    const char *deck, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*why;

	if (text_check(topic, strlen(topic), &why) != 0) {
		xasprintf(cause, "the topic has %s", why);
		free(why);
		return NULL;
	}
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, topic, -1, SQLITE_STATIC);
	stmt_bind_text(stmt, 2, deck);
	return stmt;
}

/* Start a deep dive. */
int
deepdive_start(struct store *st, const char *topic, const char *deck,
    int seconds, char **cause)
{
	static const char sql[] = "INSERT INTO deepdives (topic, deck, "
	    "started, seconds) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt	*stmt;

	if ((stmt = deepdive_topic_stmt(st, sql, topic, deck, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)clock_now());
	sqlite3_bind_int(stmt, 4, seconds);
	return store_done(st, stmt, cause);
}

/* End a deep dive now. */
int
deepdive_end(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = "UPDATE deepdives SET ended = ? "
	    "WHERE id = ?";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)clock_now());
	sqlite3_bind_int64(stmt, 2, id);
	return store_done(st, stmt, cause);
}

/* Add to the reading list: a bookmark (day < 0) or a planned deep dive. */
int
later_add(struct store *st, const char *topic, const char *deck, int day,
    int64_t *id, char **cause)
{
	static const char sql[] = "INSERT INTO later (topic, deck, kind, day, "
	    "created) VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt	*stmt;

	if ((stmt = deepdive_topic_stmt(st, sql, topic, deck, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 3, day < 0 ? "bookmark" : "deepdive", -1,
	    SQLITE_STATIC);
	stmt_bind_day(stmt, 4, day);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)clock_now());
	if (store_done(st, stmt, cause) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(store_db(st));
	return 0;
}

/* Mark a reading-list entry done; -1 if there is no such open entry. */
int
later_done(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = "UPDATE later SET done = ? WHERE id = ? "
	    "AND done IS NULL";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)clock_now());
	sqlite3_bind_int64(stmt, 2, id);
	if (store_done(st, stmt, cause) != 0)
		return -1;
	if (sqlite3_changes(store_db(st)) == 0) {
		xasprintf(cause, "nothing open on the reading list with id "
		    "%lld (see 'later')", (long long)id);
		return -1;
	}
	return 0;
}

/*
 * How many planned deep dives are due by a day; the first one's topic.
 * -1 with cause if it cannot be read.
 */
int
later_due(struct store *st, int day, char **first, char **cause)
{
	static const char sql[] = "SELECT count(*), (SELECT topic FROM later "
	    "WHERE done IS NULL AND day <= ?1 ORDER BY day, id LIMIT 1) "
	    "FROM later WHERE done IS NULL AND day <= ?1";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 n = 0;

	if (first != NULL)
		*first = NULL;
	sqlite3_bind_int(stmt, 1, day);
	if ((n = store_step(st, stmt, cause)) == 1) {
		n = sqlite3_column_int(stmt, 0);
		if (first != NULL && n > 0)
			*first = stmt_text(stmt, 1);
	}
	sqlite3_reset(stmt);
	return n;
}

/*
 * Parse a day for planning: YYYY-MM-DD, today, tomorrow, or +N (days from
 * today).  -1 for a day not in any of those forms, -2 for one in the past:
 * the first is a usage error, the second a failure.
 */
int
later_parse_day(const char *s, int today, int rollover, int *day,
    char **cause)
{
	long long	n;
	time_t		t;
	char		*ignored = NULL;

	if (strcmp(s, "today") == 0)
		*day = today;
	else if (strcmp(s, "tomorrow") == 0)
		*day = today + 1;
	else if (s[0] == '+' && parse_int(s + 1, 0, 36500, &n) == 0)
		*day = today + (int)n;
	else if (strlen(s) == 10 && clock_parse(s, &t, &ignored) == 0)
		*day = clock_day(t + (time_t)rollover * 3600, rollover);
	else {
		free(ignored);
		xasprintf(cause, "bad day '%s' (YYYY-MM-DD, today, tomorrow, "
		    "or +N days)", s);
		return -1;
	}
	if (*day < today) {
		xasprintf(cause, "'%s' is in the past", s);
		return -2;
	}
	return 0;
}
