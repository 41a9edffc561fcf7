/*
 * Decks: named (hierarchically, with "::"), on a track, with options.
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* The statement deck_from_row reads, for DECK_SELECT " WHERE ...". */
#define DECK_SELECT "SELECT id, name, track, weight, new_per_day, " \
	"reviews_per_day, start_ease, fuzz, leech_threshold, layer_gate, " \
	"created, bury_siblings FROM decks"

/* Is this a good deck name?  Say why not. */
int
deck_name_valid(const char *name, char **cause)
{
	const char	*p, *part;
	size_t		 len = strlen(name), bad;

	if (len == 0 || str_empty(name)) {
		*cause = xstrdup("deck name is empty");
		return 0;
	}
	if (len > DECK_NAME_MAX) {
		xasprintf(cause, "deck name is too long (%zu bytes; at most %d)",
		    len, DECK_NAME_MAX);
		return 0;
	}
	if (!utf8_valid(name, len, &bad)) {
		*cause = xstrdup("deck name is not valid UTF-8");
		return 0;
	}
	for (p = name; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*cause = xstrdup("deck name has a control character");
			return 0;
		}
	}
	/* Each part between "::" is non-empty and not padded with spaces. */
	part = name;
	for (;;) {
		const char *end = strstr(part, "::");
		size_t n = end == NULL ? strlen(part) : (size_t)(end - part);

		if (n == 0 || isspace((unsigned char)part[0]) ||
		    isspace((unsigned char)part[n - 1])) {
			xasprintf(cause, "bad deck name '%s': each part "
			    "between '::' must be non-empty, without spaces "
			    "around it", name);
			return 0;
		}
		if (end == NULL)
			break;
		part = end + 2;
	}
	return 1;
}

/* Make a deck from a row of DECK_SELECT. */
static struct deck *
deck_from_row(sqlite3_stmt *stmt)
{
	struct deck	*d = xcalloc(1, sizeof *d);
	const char	*track;

	d->id = sqlite3_column_int64(stmt, 0);
	d->name = stmt_text(stmt, 1);
	track = (const char *)sqlite3_column_text(stmt, 2);
	d->track = TRACK_NEED;
	if (track != NULL)
		track_from_name(track, &d->track);
	d->weight = sqlite3_column_double(stmt, 3);
	d->new_per_day = sqlite3_column_int(stmt, 4);
	d->reviews_per_day = sqlite3_column_int(stmt, 5);
	d->start_ease = sqlite3_column_double(stmt, 6);
	d->fuzz = sqlite3_column_int(stmt, 7);
	d->leech_threshold = sqlite3_column_int(stmt, 8);
	d->layer_gate = sqlite3_column_int(stmt, 9);
	d->created = sqlite3_column_int64(stmt, 10);
	d->bury_siblings = sqlite3_column_int(stmt, 11);
	return d;
}

/* Free a deck. */
void
deck_free(struct deck *d)
{
	if (d == NULL)
		return;
	free(d->name);
	free(d);
}

/* The deck a bound DECK_SELECT finds, for deck_find and deck_find_id. */
static struct deck *
deck_find_one(struct store *st, sqlite3_stmt *stmt, char **cause)
{
	struct deck	*d = NULL;

	if (store_step(st, stmt, cause) == 1)
		d = deck_from_row(stmt);
	sqlite3_reset(stmt);
	return d;
}

/*
 * Find a deck by exact name: NULL with cause left alone when there is
 * none, NULL with cause set when it cannot be read.
 */
struct deck *
deck_find(struct store *st, const char *name, char **cause)
{
	static const char sql[] = DECK_SELECT " WHERE name = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);

	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	return deck_find_one(st, stmt, cause);
}

/* Find a deck by id, as deck_find does by name. */
struct deck *
deck_find_id(struct store *st, int64_t id, char **cause)
{
	static const char sql[] = DECK_SELECT " WHERE id = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);

	sqlite3_bind_int64(stmt, 1, id);
	return deck_find_one(st, stmt, cause);
}

/*
 * Is a name already a deck's (cause says so), or unreadable (cause says
 * why)?  Either way it cannot be given to a deck now.
 */
static int
deck_name_taken(struct store *st, const char *name, char **cause)
{
	struct deck	*d;
	char		*error = NULL;

	if ((d = deck_find(st, name, &error)) != NULL) {
		deck_free(d);
		xasprintf(cause, "deck '%s' already exists", name);
		return 1;
	}
	if (error != NULL) {
		*cause = error;
		return 1;
	}
	return 0;
}

/* Create a deck; the name must be new and valid. */
struct deck *
deck_create(struct store *st, const char *name, enum track track,
    double weight, char **cause)
{
	static const char sql[] = "INSERT INTO decks (name, track, weight, "
	    "created, gid) VALUES (?, ?, ?, ?, " SYNC_NEW_ID ")";
	sqlite3_stmt	*stmt;

	if (!deck_name_valid(name, cause))
		return NULL;
	if (deck_name_taken(st, name, cause))
		return NULL;
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, track_name(track), -1, SQLITE_STATIC);
	sqlite3_bind_double(stmt, 3, weight);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)clock_now());
	if (store_done(st, stmt, cause) != 0)
		return NULL;
	return deck_find_id(st, sqlite3_last_insert_rowid(store_db(st)),
	    cause);
}

/*
 * The deck of this name, made on track (weight 1) if there is none yet
 * (then *created is counted up); NULL with cause.
 */
struct deck *
deck_find_or_create(struct store *st, const char *name, enum track track,
    int *created, char **cause)
{
	struct deck	*d;
	char		*error = NULL;

	if ((d = deck_find(st, name, &error)) != NULL || error != NULL) {
		*cause = error;
		return d;
	}
	if ((d = deck_create(st, name, track, 1, cause)) != NULL)
		(*created)++;
	return d;
}

/* Does a deck name fall under a filter (the deck itself or a subdeck)? */
int
deck_matches(const char *filter, const char *name)
{
	size_t n;

	if (filter == NULL || strcmp(filter, name) == 0)
		return 1;
	n = strlen(filter);
	return strncmp(filter, name, n) == 0 && strncmp(name + n, "::", 2) == 0;
}

/*
 * All decks, by name, or those under a filter (the deck and its subdecks).
 * None is NULL; so is a read that fails, with cause set.
 */
struct deck **
deck_list(struct store *st, const char *filter, int *n, char **cause)
{
	static const char sql[] = DECK_SELECT " WHERE ?1 IS NULL OR "
	    SQL_DECK_OR_BELOW("name", "?1") " ORDER BY name";
	sqlite3_stmt	 *stmt;
	struct deck	**list = NULL;
	int		  rc;

	stmt = store_stmt(st, sql);
	stmt_bind_text(stmt, 1, filter);
	*n = 0;
	while ((rc = store_step(st, stmt, cause)) == 1) {
		list = xreallocarray(list, (size_t)*n + 1, sizeof *list);
		list[(*n)++] = deck_from_row(stmt);
	}
	if (rc == -1) {
		deck_list_free(list, *n);
		*n = 0;
		return NULL;
	}
	return list;
}

/* Free a list from deck_list. */
void
deck_list_free(struct deck **list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		deck_free(list[i]);
	free(list);
}

/* The deck options "deck set" knows, each with its own statement. */
struct deck_option {
	const char	*key;
	const char	*sql;
	enum { OPT_INT, OPT_REAL, OPT_TRACK, OPT_BOOL } type;
	double		 min, max;
};
static const struct deck_option deck_options[] = {
	{ "track", "UPDATE decks SET track = ? WHERE id = ?", OPT_TRACK, 0, 0 },
	{ "weight", "UPDATE decks SET weight = ? WHERE id = ?", OPT_REAL,
	  0.01, 1000 },
	{ "new-per-day", "UPDATE decks SET new_per_day = ? WHERE id = ?",
	  OPT_INT, 0, 100000 },
	{ "reviews-per-day",
	  "UPDATE decks SET reviews_per_day = ? WHERE id = ?", OPT_INT, 0,
	  100000 },
	{ "start-ease", "UPDATE decks SET start_ease = ? WHERE id = ?",
	  OPT_REAL, 1.3, 5 },
	{ "fuzz", "UPDATE decks SET fuzz = ? WHERE id = ?", OPT_BOOL, 0, 1 },
	{ "leech-threshold",
	  "UPDATE decks SET leech_threshold = ? WHERE id = ?", OPT_INT, 0,
	  1000 },
	{ "layer-gate", "UPDATE decks SET layer_gate = ? WHERE id = ?",
	  OPT_INT, 0, 100 },
	{ "bury-siblings", "UPDATE decks SET bury_siblings = ? WHERE id = ?",
	  OPT_BOOL, 0, 1 },
};

#define DECK_NOPTIONS (sizeof deck_options / sizeof deck_options[0])

/* The keys "deck set" takes, comma separated, for completion and help. */
const char *
deck_option_keys(void)
{
	static char	keys[256];
	size_t		i, len = 0;

	if (keys[0] == '\0') {
		for (i = 0; i < DECK_NOPTIONS; i++) {
			len += (size_t)snprintf(keys + len, sizeof keys - len,
			    "%s%s", i > 0 ? "," : "", deck_options[i].key);
			if (len >= sizeof keys)
				fatal("deck option keys: too long");
		}
	}
	return keys;
}

/* The option of this key, or NULL (with cause) if "deck set" has none. */
static const struct deck_option *
deck_option_find(const char *key, char **cause)
{
	size_t i;

	for (i = 0; i < DECK_NOPTIONS; i++) {
		if (strcmp(deck_options[i].key, key) == 0)
			return &deck_options[i];
	}
	xasprintf(cause, "unknown deck option '%s' (one of: %s)", key,
	    deck_option_keys());
	return NULL;
}

/*
 * A number for an option, whole for OPT_INT, inside the option's range;
 * -1 with cause if it is not one.
 */
static int
deck_option_number(const struct deck_option *o, const char *value,
    double *x, char **cause)
{
	long long	n;

	if (o->type == OPT_INT &&
	    parse_int(value, (long long)o->min, (long long)o->max, &n) == 0) {
		*x = (double)n;
		return 0;
	}
	if (o->type == OPT_REAL && parse_double(value, o->min, o->max, x) == 0)
		return 0;
	xasprintf(cause, "bad value '%s' for %s (%s from %g to %g)", value,
	    o->key, o->type == OPT_INT ? "a whole number" : "a number", o->min,
	    o->max);
	return -1;
}

/*
 * A number for the option of this key (weight, start-ease, ...), in its
 * range; -1 with cause if it is not one.
 */
int
deck_option_parse(const char *key, const char *value, double *x,
    char **cause)
{
	const struct deck_option *o;

	if ((o = deck_option_find(key, cause)) == NULL)
		return -1;
	return deck_option_number(o, value, x, cause);
}

/* Change one option of a deck. */
int
deck_set(struct store *st, struct deck *d, const char *key,
    const char *value, char **cause)
{
	const struct deck_option	*o;
	sqlite3_stmt			*stmt;
	long long			 n;
	double				 x;
	enum track			 t;

	if ((o = deck_option_find(key, cause)) == NULL)
		return -1;
	stmt = store_stmt(st, o->sql);
	switch (o->type) {
	case OPT_TRACK:
		if (track_from_name(value, &t) != 0) {
			xasprintf(cause, "bad track '%s' (need or want)", value);
			return -1;
		}
		sqlite3_bind_text(stmt, 1, track_name(t), -1, SQLITE_STATIC);
		break;
	case OPT_BOOL:
		if (strcmp(value, "on") == 0 || strcmp(value, "1") == 0 ||
		    strcmp(value, "yes") == 0)
			n = 1;
		else if (strcmp(value, "off") == 0 || strcmp(value, "0") == 0 ||
		    strcmp(value, "no") == 0)
			n = 0;
		else {
			xasprintf(cause, "bad value '%s' for %s (on or off)",
			    value, key);
			return -1;
		}
		sqlite3_bind_int64(stmt, 1, n);
		break;
	case OPT_INT:
	case OPT_REAL:
		if (deck_option_number(o, value, &x, cause) != 0)
			return -1;
		if (o->type == OPT_INT)
			sqlite3_bind_int64(stmt, 1, (long long)x);
		else
			sqlite3_bind_double(stmt, 1, x);
		break;
	}
	sqlite3_bind_int64(stmt, 2, d->id);
	return store_done(st, stmt, cause);
}

/* Rename a deck and its subdecks (a::x becomes b::x). */
int
deck_rename(struct store *st, struct deck *d, const char *name, char **cause)
{
	static const char sql[] = "UPDATE decks SET name = ?2 || "
	    "substr(name, length(?1) + 1) WHERE "
	    SQL_DECK_OR_BELOW("name", "?1");
	sqlite3_stmt	*stmt;
	char		*error = NULL;

	if (!deck_name_valid(name, cause))
		return -1;
	if (strcmp(d->name, name) == 0)
		return 0;
	if (deck_name_taken(st, name, cause))
		return -1;
	if (store_begin(st, cause) != 0)
		return -1;
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	if (store_done(st, stmt, &error) != 0) {
		store_rollback(st);
		xasprintf(cause, "cannot rename '%s' to '%s': a subdeck would "
		    "clash with an existing deck (%s)", d->name, name, error);
		free(error);
		return -1;
	}
	return store_commit(st, cause);
}

/* Delete a deck, its subdecks and all their cards; count the cards. */
int
deck_delete(struct store *st, struct deck *d, int *ncards, char **cause)
{
	static const char count_sql[] = "SELECT count(*) FROM cards JOIN decks "
	    "ON decks.id = cards.deck_id WHERE "
	    SQL_DECK_OR_BELOW("decks.name", "?1");
	static const char sql[] = "DELETE FROM decks WHERE "
	    SQL_DECK_OR_BELOW("name", "?1");
	sqlite3_stmt *stmt;

	if (store_begin(st, cause) != 0)
		return -1;
	stmt = store_stmt(st, count_sql);
	sqlite3_bind_text(stmt, 1, d->name, -1, SQLITE_STATIC);
	*ncards = 0;
	if (store_step(st, stmt, cause) == 1)
		*ncards = sqlite3_column_int(stmt, 0);
	sqlite3_reset(stmt);
	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, d->name, -1, SQLITE_STATIC);
	if (store_done(st, stmt, cause) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, cause);
}

/* Read a count (and a second, if b) from a query; 0, or -1 with cause. */
static int
deck_count_read(struct store *st, sqlite3_stmt *stmt, int *a, int *b,
    char **cause)
{
	int rc;

	if ((rc = store_step(st, stmt, cause)) == 1) {
		*a = sqlite3_column_int(stmt, 0);
		if (b != NULL)
			*b = sqlite3_column_int(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc == -1 ? -1 : 0;
}

/*
 * Count a deck's cards by state; today decides what is due.  From the
 * layer counts, the due days and the indexes, without reading the deck's
 * cards: what is due is the cards of the days up to today, less those
 * buried past today.  A read that fails returns -1 with cause, not a
 * lower count.
 */
int
deck_count_cards(struct store *st, int64_t id, int today,
    struct deck_counts *c, char **cause)
{
	static const char layers_sql[] = "SELECT coalesce(sum(cards), 0), "
	    "coalesce(sum(fresh), 0) FROM layer_counts WHERE deck_id = ?";
	static const char due_sql[] = "SELECT (SELECT coalesce(sum(cards), "
	    "0) FROM due_days WHERE deck_id = ?1 AND due <= ?2) - "
	    "(SELECT count(*) FROM cards INDEXED BY cards_buried WHERE "
	    "deck_id = ?1 AND buried_until > ?2 AND buried_until > 0 AND "
	    "due <= ?2 AND due IS NOT NULL AND suspended = 0)";
	static const char suspended_sql[] = "SELECT count(*) FROM cards "
	    "WHERE deck_id = ? AND suspended = 1";
	sqlite3_stmt *stmt;

	memset(c, 0, sizeof *c);
	stmt = store_stmt(st, layers_sql);
	sqlite3_bind_int64(stmt, 1, id);
	if (deck_count_read(st, stmt, &c->total, &c->fresh, cause) != 0)
		return -1;
	stmt = store_stmt(st, due_sql);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, today);
	if (deck_count_read(st, stmt, &c->due, NULL, cause) != 0)
		return -1;
	stmt = store_stmt(st, suspended_sql);
	sqlite3_bind_int64(stmt, 1, id);
	if (deck_count_read(st, stmt, &c->suspended, NULL, cause) != 0)
		return -1;
	/* layer_counts leaves suspended cards out. */
	c->total += c->suspended;
	return 0;
}

/*
 * Count each layer's cards, passed and new (suspended left out), from the
 * counts the triggers keep; 0, or -1 with cause.
 */
int
deck_layer_stats(struct store *st, int64_t id,
    struct layer_stats stats[LAYER_COUNT], char **cause)
{
	static const char sql[] = "SELECT layer, cards, passed, fresh "
	    "FROM layer_counts WHERE deck_id = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	enum layer	 l;
	int		 rc;

	memset(stats, 0, LAYER_COUNT * sizeof *stats);
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		if (layer_from_name((const char *)sqlite3_column_text(stmt, 0),
		    &l) != 0)
			continue;
		stats[l].cards = sqlite3_column_int(stmt, 1);
		stats[l].passed = sqlite3_column_int(stmt, 2);
		stats[l].fresh = sqlite3_column_int(stmt, 3);
	}
	return rc;
}

/*
 * How many decks are under a name (ml::a and ml::b under ml), not counting
 * a deck of that name itself; -1 with cause if it cannot be read.
 */
int
deck_count_under(struct store *st, const char *name, char **cause)
{
	static const char sql[] = "SELECT count(*) FROM decks WHERE "
	    SQL_DECK_BELOW("name", "?1");
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 n = 0;

	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if (deck_count_read(st, stmt, &n, NULL, cause) != 0)
		return -1;
	return n;
}

/*
 * Why no deck has this name, for a command that needs one deck: none is
 * called that, or it is only the parent of others (or it cannot be read).
 */
char *
deck_missing(struct store *st, const char *name)
{
	char	*cause = NULL;
	int	 n;

	if ((n = deck_count_under(st, name, &cause)) == -1)
		return cause;
	if (n > 0) {
		xasprintf(&cause, "'%s' is the parent of %d deck%s, not a deck "
		    "with cards of its own: name one of them (see 'deck list "
		    "%s')", name, n, n == 1 ? "" : "s", name);
	} else
		xasprintf(&cause, "no deck named '%s' (see 'deck list')", name);
	return cause;
}

/* Compare two names for qsort. */
static int
deck_names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every name a deck can be called by: each deck and each parent of decks
 * (ml for ml::a), sorted, each once.  For completion.
 */
char **
deck_names(struct store *st, int *n)
{
	struct deck	**list;
	char		**names = NULL;
	const char	 *p, *name;
	int		  nd, i, j, count = 0;

	/* Completion has no cause to give: a failed read fails the store. */
	list = deck_list(st, NULL, &nd, NULL);
	for (i = 0; i < nd; i++) {
		name = list[i]->name;
		for (p = name; (p = strstr(p, "::")) != NULL; p += 2) {
			names = xreallocarray(names, (size_t)count + 1,
			    sizeof *names);
			names[count++] = xstrndup(name, (size_t)(p - name));
		}
		names = xreallocarray(names, (size_t)count + 1, sizeof *names);
		names[count++] = xstrdup(name);
	}
	deck_list_free(list, nd);
	if (count > 0)
		qsort(names, (size_t)count, sizeof *names, deck_names_cmp);
	for (i = j = 0; i < count; i++) {
		if (j > 0 && strcmp(names[j - 1], names[i]) == 0)
			free(names[i]);
		else
			names[j++] = names[i];
	}
	*n = j;
	return names;
}

/* The width of the longest deck name under a filter, at most max. */
int
deck_name_width(struct store *st, const char *filter, int max)
{
	struct deck	**list;
	int		  n, i, w = 4;

	/* Only a width: a failed read fails the store, and the caller. */
	list = deck_list(st, filter, &n, NULL);
	for (i = 0; i < n; i++) {
		if (utf8_width(list[i]->name) > w)
			w = utf8_width(list[i]->name);
	}
	deck_list_free(list, n);
	return w > max ? max : w;
}
