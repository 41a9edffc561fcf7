/*
 * Cards: reading, writing and printing them as JSON.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

#define CARD_FROM " FROM cards JOIN decks ON decks.id = cards.deck_id"

/* A new, empty card. */
struct card *
card_new(void)
{
	struct card *c = xcalloc(1, sizeof *c);

	c->due = -1;
	c->initial_ease = c->sm2.ease = 2.5;
	c->tags = xstrdup("");
	c->context = xstrdup("");
	return c;
}

/* Free a card. */
void
card_free(struct card *c)
{
	if (c == NULL)
		return;
	free(c->deck);
	free(c->front);
	free(c->back);
	free(c->note);
	free(c->context);
	free(c->tags);
	free(c->source);
	free(c);
}

/* Is the card new (never answered)? */
int
card_is_new(const struct card *c)
{
	return c->due < 0;
}

/* Make a card from a row whose columns are CARD_COLUMNS. */
struct card *
card_from_row(sqlite3_stmt *stmt)
{
	struct card	*c = xcalloc(1, sizeof *c);
	const char	*s;
	enum card_kind	 kind = KIND_BASIC;
	enum layer	 layer = LAYER_SKIM;

	c->id = sqlite3_column_int64(stmt, 0);
	c->deck_id = sqlite3_column_int64(stmt, 1);
	c->deck = stmt_text(stmt, 2);
	s = (const char *)sqlite3_column_text(stmt, 3);
	if (s != NULL)
		kind_from_name(s, &kind);
	c->kind = kind;
	c->cloze = sqlite3_column_int(stmt, 4);
	c->front = stmt_text(stmt, 5);
	c->back = stmt_text(stmt, 6);
	c->note = stmt_text(stmt, 7);
	c->context = stmt_text(stmt, 8);
	s = (const char *)sqlite3_column_text(stmt, 9);
	if (s != NULL)
		layer_from_name(s, &layer);
	c->layer = layer;
	c->tags = stmt_text(stmt, 10);
	c->source = stmt_text(stmt, 11);
	c->source_line = sqlite3_column_int(stmt, 12);
	c->summary_id = sqlite3_column_int64(stmt, 13);
	c->created = sqlite3_column_int64(stmt, 14);
	c->modified = sqlite3_column_int64(stmt, 15);
	c->initial_ease = sqlite3_column_double(stmt, 16);
	c->sm2.repetition = sqlite3_column_int(stmt, 17);
	c->sm2.ease = sqlite3_column_double(stmt, 18);
	c->sm2.interval = sqlite3_column_int(stmt, 19);
	c->due = stmt_day(stmt, 20);
	c->reviews = sqlite3_column_int(stmt, 21);
	c->passed = sqlite3_column_int(stmt, 22);
	c->sm2.lapses = sqlite3_column_int(stmt, 23);
	c->suspended = sqlite3_column_int(stmt, 24);
	c->buried_until = sqlite3_column_int(stmt, 25);
	c->leech = sqlite3_column_int(stmt, 26);
	c->removed = sqlite3_column_int(stmt, 27);
	if (c->tags == NULL)
		c->tags = xstrdup("");
	if (c->context == NULL)
		c->context = xstrdup("");
	return c;
}

/*
 * Read one card: NULL with cause left alone when there is none, NULL with
 * cause set when it cannot be read.
 */
struct card *
card_get(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = "SELECT " CARD_COLUMNS CARD_FROM
	    " WHERE cards.id = ?";
	sqlite3_stmt	*stmt;
	struct card	*c = NULL;

	stmt = store_stmt(st, sql);
	sqlite3_bind_int64(stmt, 1, id);
	if (store_step(st, stmt, cause) == 1)
		c = card_from_row(stmt);
	sqlite3_reset(stmt);
	return c;
}

/*
 * Read what a listing shows of a card (card_listing_row): its id, deck
 * and front, the rest as a new card has it.  NULL as card_get.
 */
struct card *
card_get_listed(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = "SELECT cards.deck_id, decks.name, "
	    "cards.front" CARD_FROM " WHERE cards.id = ?";
	sqlite3_stmt	*stmt;
	struct card	*c = NULL;

	stmt = store_stmt(st, sql);
	sqlite3_bind_int64(stmt, 1, id);
	if (store_step(st, stmt, cause) == 1) {
		c = card_new();
		c->id = id;
		c->deck_id = sqlite3_column_int64(stmt, 0);
		c->deck = stmt_text(stmt, 1);
		c->front = stmt_text(stmt, 2);
	}
	sqlite3_reset(stmt);
	return c;
}

/* Bind the text fields shared by insert and update, from index 1. */
static void
card_bind_text(sqlite3_stmt *stmt, const struct card *c)
{
	sqlite3_bind_int64(stmt, 1, c->deck_id);
	sqlite3_bind_text(stmt, 2, kind_name(c->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, c->cloze);
	stmt_bind_text(stmt, 4, c->front);
	stmt_bind_text(stmt, 5, c->back);
	stmt_bind_text(stmt, 6, c->note);
	stmt_bind_text(stmt, 7, c->context != NULL ? c->context : "");
	sqlite3_bind_text(stmt, 8, layer_name(c->layer), -1, SQLITE_STATIC);
	stmt_bind_text(stmt, 9, c->tags != NULL ? c->tags : "");
	stmt_bind_text(stmt, 10, c->source);
	if (c->source_line > 0)
		sqlite3_bind_int(stmt, 11, c->source_line);
	else
		sqlite3_bind_null(stmt, 11);
	if (c->summary_id > 0)
		sqlite3_bind_int64(stmt, 12, c->summary_id);
	else
		sqlite3_bind_null(stmt, 12);
}

/* Insert a new card; sets its id, times and starting ease. */
int
card_insert(struct store *st, struct card *c, char **cause)
{
	static const char sql[] = "INSERT INTO cards (deck_id, kind, cloze, "
	    "front, back, note, context, layer, tags, source, source_line, "
	    "summary_id, created, modified, initial_ease, ease, ext_id, gid) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?13, ?14, ?14, nullif(?15, 0), " SYNC_NEW_ID ")";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	c->created = c->modified = (int64_t)clock_now();
	c->sm2.ease = c->initial_ease;
	card_bind_text(stmt, c);
	sqlite3_bind_int64(stmt, 13, c->created);
	sqlite3_bind_double(stmt, 14, c->initial_ease);
	sqlite3_bind_int64(stmt, 15, c->ext_id);
	if (store_done(st, stmt, cause) != 0)
		return -1;
	c->id = sqlite3_last_insert_rowid(store_db(st));
	return 0;
}

/* Write a card's text fields (deck, sides, context, layer, tags, source). */
int
card_update_text(struct store *st, struct card *c, char **cause)
{
	static const char sql[] = "UPDATE cards SET deck_id = ?1, kind = ?2, "
	    "cloze = ?3, front = ?4, back = ?5, note = ?6, context = ?7, "
	    "layer = ?8, tags = ?9, source = ?10, source_line = ?11, "
	    "summary_id = ?12, modified = ?13 WHERE id = ?14";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	c->modified = (int64_t)clock_now();
	card_bind_text(stmt, c);
	sqlite3_bind_int64(stmt, 13, c->modified);
	sqlite3_bind_int64(stmt, 14, c->id);
	return store_done(st, stmt, cause);
}

/* Write a card's schedule and flags. */
int
card_save_state(struct store *st, const struct card *c, char **cause)
{
	static const char sql[] = "UPDATE cards SET repetition = ?1, "
	    "ease = ?2, interval = ?3, due = ?4, reviews = ?5, passed = ?6, "
	    "lapses = ?7, suspended = ?8, buried_until = ?9, leech = ?10, "
	    "tags = ?11 WHERE id = ?12";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int(stmt, 1, c->sm2.repetition);
	sqlite3_bind_double(stmt, 2, c->sm2.ease);
	sqlite3_bind_int(stmt, 3, c->sm2.interval);
	stmt_bind_day(stmt, 4, c->due);
	sqlite3_bind_int(stmt, 5, c->reviews);
	sqlite3_bind_int(stmt, 6, c->passed);
	sqlite3_bind_int(stmt, 7, c->sm2.lapses);
	sqlite3_bind_int(stmt, 8, c->suspended);
	sqlite3_bind_int(stmt, 9, c->buried_until);
	sqlite3_bind_int(stmt, 10, c->leech);
	stmt_bind_text(stmt, 11, c->tags);
	sqlite3_bind_int64(stmt, 12, c->id);
	return store_done(st, stmt, cause);
}

/* Delete a card (its reviews go with it). */
int
card_delete(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = "DELETE FROM cards WHERE id = ?";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int64(stmt, 1, id);
	return store_done(st, stmt, cause);
}

/* Suspend or unsuspend a card. */
int
card_set_suspended(struct store *st, int64_t id, int on, char **cause)
{
	static const char sql[] = "UPDATE cards SET suspended = ?, "
	    "modified = ? WHERE id = ?";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int(stmt, 1, on);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)clock_now());
	sqlite3_bind_int64(stmt, 3, id);
	return store_done(st, stmt, cause);
}

/* Bury a card until the next day. */
int
card_bury(struct store *st, int64_t id, int today, char **cause)
{
	static const char sql[] = "UPDATE cards SET buried_until = ? "
	    "WHERE id = ?";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int(stmt, 1, today + 1);
	sqlite3_bind_int64(stmt, 2, id);
	return store_done(st, stmt, cause);
}

/*
 * Mark a card as gone from its source (suspended) or back in it
 * (unsuspended).
 */
int
card_set_removed(struct store *st, int64_t id, int removed, char **cause)
{
	static const char sql[] = "UPDATE cards SET removed = ?1, "
	    "suspended = ?1 WHERE id = ?2";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_int(stmt, 1, removed);
	sqlite3_bind_int64(stmt, 2, id);
	return store_done(st, stmt, cause);
}

/*
 * Call fn for each card matching the filter, in deck then id order,
 * streaming: one card in memory at a time.  fn returns non-zero to stop;
 * a read that fails returns -1 with cause.
 */
int
card_foreach(struct store *st, const struct card_filter *f,
    int (*fn)(struct card *, void *), void *arg, char **cause)
{
	static const char sql[] = "SELECT " CARD_COLUMNS CARD_FROM " WHERE "
	    "(?1 IS NULL OR " SQL_DECK_OR_BELOW("decks.name", "?1") ") AND "
	    "(?2 IS NULL OR cards.layer = ?2) AND "
	    "(?3 IS NULL OR instr(' ' || cards.tags || ' ', "
	    "' ' || ?3 || ' ') > 0) AND "
	    "(?4 = 0 OR "
	    "(?4 = 1 AND cards.due IS NULL AND cards.suspended = 0) OR "
	    "(?4 = 2 AND cards.due <= ?5 AND cards.suspended = 0 AND "
	    "cards.buried_until <= ?5) OR "
	    "(?4 = 3 AND cards.suspended = 1) OR "
	    "(?4 = 4 AND cards.leech = 1)) "
	    "ORDER BY decks.name, cards.id";
	sqlite3_stmt	*stmt;
	struct card	*c;
	int		 rc = 0, stop = 0;

	stmt = store_stmt(st, sql);
	stmt_bind_text(stmt, 1, f->deck);
	if (f->layer >= 0)
		sqlite3_bind_text(stmt, 2, layer_name((enum layer)f->layer), -1,
		    SQLITE_STATIC);
	stmt_bind_text(stmt, 3, f->tag);
	sqlite3_bind_int(stmt, 4, (int)f->state);
	sqlite3_bind_int(stmt, 5, f->today);
	while (!stop && (rc = store_step(st, stmt, cause)) == 1) {
		c = card_from_row(stmt);
		stop = fn(c, arg);
		card_free(c);
	}
	sqlite3_reset(stmt);
	return rc == -1 ? -1 : stop;
}

/*
 * Call fn for each answer of a card, oldest first; -1 (with cause) when
 * the collection cannot be read.
 */
int
card_history(struct store *st, int64_t id,
    void (*fn)(const struct card_review *, void *), void *arg, char **cause)
{
	static const char sql[] = "SELECT id, time, grade, duration, "
	    "scheduled, rep_before, ease_before, interval_before, rep_after, "
	    "ease_after, interval_after, due_after FROM reviews "
	    "WHERE card_id = ? ORDER BY id";
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	struct card_review	 r;
	int			 rc;

	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		r.id = sqlite3_column_int64(stmt, 0);
		r.time = (time_t)sqlite3_column_int64(stmt, 1);
		r.grade = sqlite3_column_int(stmt, 2);
		r.duration = sqlite3_column_int(stmt, 3);
		r.scheduled = sqlite3_column_int(stmt, 4);
		r.rep_before = sqlite3_column_int(stmt, 5);
		r.ease_before = sqlite3_column_double(stmt, 6);
		r.interval_before = sqlite3_column_int(stmt, 7);
		r.rep_after = sqlite3_column_int(stmt, 8);
		r.ease_after = sqlite3_column_double(stmt, 9);
		r.interval_after = sqlite3_column_int(stmt, 10);
		r.due_after = stmt_day(stmt, 11);
		fn(&r, arg);
	}
	return rc;
}

/* Write one answer of a card's history as a JSON object. */
static void
card_json_review(const struct card_review *r, void *arg)
{
	struct json	*j = arg;
	char		*s;

	json_object_begin(j);
	json_kv_int(j, "id", r->id);
	s = clock_time_string(r->time);
	json_kv_string(j, "time", s);
	free(s);
	json_kv_int(j, "grade", r->grade);
	json_kv_double(j, "duration", r->duration / 1000.0);
	json_kv_bool(j, "scheduled", r->scheduled);
	json_key(j, "before");
	json_object_begin(j);
	json_kv_int(j, "repetition", r->rep_before);
	json_kv_double(j, "ease", r->ease_before);
	json_kv_int(j, "interval", r->interval_before);
	json_object_end(j);
	json_key(j, "after");
	json_object_begin(j);
	json_kv_int(j, "repetition", r->rep_after);
	json_kv_double(j, "ease", r->ease_after);
	json_kv_int(j, "interval", r->interval_after);
	if (r->due_after < 0)
		json_kv_string(j, "due", NULL);
	else {
		s = clock_day_string(r->due_after);
		json_kv_string(j, "due", s);
		free(s);
	}
	json_object_end(j);
	json_object_end(j);
}

/*
 * Write a card's review history as a JSON array; -1 if it cannot all be
 * read (with no cause to give, the store fails, and so the command).
 */
static int
card_json_history(struct json *j, struct store *st, int64_t id)
{
	int rc;

	json_array_begin(j);
	rc = card_history(st, id, card_json_review, j, NULL);
	json_array_end(j);
	return rc == -1 ? -1 : 0;
}

/*
 * Write a card as a JSON object; with a store, include its reviews (-1 if
 * they cannot be read, as card_json_history).
 */
int
card_json(struct json *j, const struct card *c, struct store *history)
{
	int rc;

	json_object_begin(j);
	rc = card_json_fields(j, c, history);
	json_object_end(j);
	return rc;
}

/* Write a card's fields into an open JSON object; -1 as card_json. */
int
card_json_fields(struct json *j, const struct card *c, struct store *history)
{
	const char	*p, *start;
	char		*s;

	json_kv_int(j, "id", c->id);
	json_kv_string(j, "deck", c->deck);
	json_kv_string(j, "kind", kind_name(c->kind));
	if (c->kind == KIND_CLOZE)
		json_kv_int(j, "cloze", c->cloze);
	json_kv_string(j, "front", c->front);
	json_kv_string(j, "back", c->back);
	json_kv_string(j, "context", c->context);
	json_kv_string(j, "layer", layer_name(c->layer));
	json_key(j, "tags");
	json_array_begin(j);
	for (p = c->tags; *p != '\0';) {
		while (*p == ' ')
			p++;
		start = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (p != start) {
			s = xstrndup(start, (size_t)(p - start));
			json_string(j, s);
			free(s);
		}
	}
	json_array_end(j);
	json_kv_string(j, "source", c->source);
	if (c->source_line > 0)
		json_kv_int(j, "source_line", c->source_line);
	else
		json_kv_string(j, "source_line", NULL);
	s = clock_time_string((time_t)c->created);
	json_kv_string(j, "created", s);
	free(s);
	s = clock_time_string((time_t)c->modified);
	json_kv_string(j, "modified", s);
	free(s);
	json_kv_bool(j, "new", card_is_new(c));
	json_kv_int(j, "repetition", c->sm2.repetition);
	json_kv_double(j, "ease", c->sm2.ease);
	json_kv_int(j, "interval", c->sm2.interval);
	if (card_is_new(c))
		json_kv_string(j, "due", NULL);
	else {
		s = clock_day_string(c->due);
		json_kv_string(j, "due", s);
		free(s);
	}
	json_kv_int(j, "lapses", c->sm2.lapses);
	json_kv_int(j, "reviews", c->reviews);
	json_kv_bool(j, "suspended", c->suspended);
	if (c->buried_until > 0) {
		s = clock_day_string(c->buried_until);
		json_kv_string(j, "buried_until", s);
		free(s);
	} else
		json_kv_string(j, "buried_until", NULL);
	json_kv_bool(j, "leech", c->leech);
	if (history != NULL) {
		json_key(j, "history");
		return card_json_history(j, history, c->id);
	}
	return 0;
}

/* Free a list of cards. */
void
card_list_free(struct card **cards, int n)
{
	int i;

	if (cards == NULL)
		return;
	for (i = 0; i < n; i++)
		card_free(cards[i]);
	free(cards);
}

/*
 * Is this text fit to be one side of a card?  Not empty, and kept to the
 * rules of an imported summary (text_check).
 */
int
card_check_side(const char *what, const char *s, char **cause)
{
	char *why;

	if (str_empty(s)) {
		xasprintf(cause, "the %s is empty", what);
		return -1;
	}
	if (text_check(s, strlen(s), &why) != 0) {
		xasprintf(cause, "the %s has %s", what, why);
		free(why);
		return -1;
	}
	return 0;
}

/* Tags as given, checked as text first, then as tags. */
char *
card_parse_tags(const char *value, char **cause)
{
	char *why;

	if (text_check(value, strlen(value), &why) != 0) {
		xasprintf(cause, "the tags have %s", why);
		free(why);
		return NULL;
	}
	return tags_normalize(value, cause);
}

/* The separator between front and back in the editor. */
#define EDIT_SEPARATOR "---"

/*
 * Split edited text into front and back: comment lines at the top are
 * skipped, a line "---" separates the sides.
 */
int
card_edit_parse(const char *text, char **front, char **back, char **cause)
{
	const char	*p = text, *sep = NULL, *line;
	char		*f, *b;

	/* Skip the leading comment block. */
	while (*p == '#') {
		if ((p = strchr(p, '\n')) == NULL) {
			p = "";
			break;
		}
		p++;
	}
	for (line = p; *line != '\0';) {
		size_t len = strcspn(line, "\n");

		if (len == strlen(EDIT_SEPARATOR) &&
		    strncmp(line, EDIT_SEPARATOR, len) == 0) {
			sep = line;
			break;
		}
		line += len;
		if (*line == '\n')
			line++;
	}
	if (sep == NULL) {
		*cause = xstrdup("no line '" EDIT_SEPARATOR "' between front "
		    "and back");
		return -1;
	}
	f = xstrndup(p, (size_t)(sep - p));
	b = xstrdup(sep + strlen(EDIT_SEPARATOR));
	*front = str_trim(f);
	*back = str_trim(b);
	free(f);
	free(b);
	if (**front == '\0' || **back == '\0') {
		xasprintf(cause, "the %s is empty", **front == '\0' ? "front" :
		    "back");
		free(*front);
		free(*back);
		return -1;
	}
	return 0;
}

/* Keep edited text that was refused, and say where, in *cause. */
static void
card_edit_keep(const char *text, char **cause)
{
	char	*path, *s;

	if ((path = term_keep_text(text, ".txt")) == NULL)
		return;
	xasprintf(&s, "%s; the text is kept in %s", *cause, path);
	free(*cause);
	*cause = s;
	free(path);
}

/* Let the person edit both sides in $EDITOR. */
int
card_edit_editor(struct card *c, char **cause)
{
	char	*text, *result, *front, *back, *why;
	int	 ret;

	xasprintf(&text, "# Editing card %lld in deck '%s'.\n"
	    "# The front goes above the line '" EDIT_SEPARATOR "', the back "
	    "below it.\n# Lines starting with '#' at the top are ignored.  "
	    "The schedule is kept.\n%s\n" EDIT_SEPARATOR "\n%s\n",
	    (long long)c->id, c->deck, c->front, c->back);
	ret = term_edit(text, ".txt", &result, cause);
	free(text);
	if (ret != 0)
		return -1;
	if (text_check(result, strlen(result), &why) != 0) {
		xasprintf(cause, "the edited text has %s; nothing changed",
		    why);
		free(why);
		card_edit_keep(result, cause);
		free(result);
		return -1;
	}
	ret = card_edit_parse(result, &front, &back, cause);
	if (ret != 0)
		card_edit_keep(result, cause);
	free(result);
	if (ret != 0)
		return -1;
	free(c->front);
	free(c->back);
	c->front = front;
	c->back = back;
	return 0;
}

/*
 * Set up a listing of cards, one a line: the deck column as wide as the
 * longest deck name under the filter, and on a terminal the front cut to
 * what is left after lead columns.
 */
void
card_listing_init(struct card_listing *l, struct store *st,
    const char *filter, int lead)
{
	int width;

	l->deck_width = deck_name_width(st, filter, 30);
	l->front_width = 0;
	l->header = NULL;
	l->headed = 0;
	if (isatty(STDOUT_FILENO)) {
		width = term_width() - lead - l->deck_width - 2;
		l->front_width = width > 20 ? width : 20;
	}
}

/*
 * Print one card of a listing: its lead columns, deck and front; before
 * the first, a header like deck list's, naming the columns.
 */
void
card_listing_row(struct card_listing *l, const char *lead,
    const struct card *c)
{
	char *front, *cut, *deck;

	if (l->header != NULL && !l->headed) {
		deck = utf8_pad("DECK", l->deck_width);
		printf("%s%s%s  FRONT%s\n", term_style(stdout, "bold"),
		    l->header, deck, term_style(stdout, "reset"));
		free(deck);
		l->headed = 1;
	}
	front = str_oneline(c->front);
	cut = l->front_width > 0 ? utf8_truncate(front, l->front_width) :
	    xstrdup(front);
	deck = utf8_pad(c->deck, l->deck_width);
	printf("%s%s  %s\n", lead, deck, cut);
	free(deck);
	free(cut);
	free(front);
}
