/*
 * Review logs as CSV, the format the FSRS optimizer tools read and write:
 * a header naming the columns card_id, review_time, review_rating and
 * (optionally) review_duration, in any order, then one answer a line.
 * Ratings are Anki's buttons 1-4: recall's grade is the rating + 1, and
 * grades 0-2 are written as 1 (again).
 */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "recall.h"

/* The columns a review log has; the first three must be there. */
enum revlog_column {
	REVLOG_CARD,
	REVLOG_TIME,
	REVLOG_RATING,
	REVLOG_DURATION,
	REVLOG_COLUMNS
};
static const char *const revlog_names[REVLOG_COLUMNS] = {
	"card_id", "review_time", "review_rating", "review_duration"
};

/* The most fields a line may have. */
#define REVLOG_MAX_FIELDS 64

/* One answer read from a log. */
struct revlog_row {
	int64_t			 card;	/* the id the log gives */
	struct history_answer	 a;
	size_t			 line;
};

/* What an import of one log did. */
struct revlog_counts {
	size_t	 answers;	/* read */
	size_t	 cards;		/* that they are of */
	size_t	 added;
	size_t	 already;	/* in the card's log */
	size_t	 fresh;		/* cards made for unknown ids */
	size_t	 skipped;	/* rating 0: not an answer */
};

/* Is this file a review log (by its name)? */
int
revlog_is_csv(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot != NULL && strchr(dot, '/') == NULL &&
	    strcasecmp(dot, ".csv") == 0;
}

/* An answer's grade as a rating: 0-2 again, 3 hard, 4 good, 5 easy. */
int
revlog_rating(int grade)
{
	return grade <= 2 ? 1 : grade - 1;
}

/*
 * Write the answers of the cards in deck (and under it), or of every card,
 * in time order.  A card is named by the id it came with from elsewhere,
 * else its own.  Gives the number written, or -1 with cause.
 */
long
revlog_export(struct store *st, FILE *f, const char *deck, char **cause)
{
	static const char sql[] = "SELECT coalesce(c.ext_id, c.id), r.time, "
	    "r.grade, r.duration FROM reviews AS r "
	    "JOIN cards AS c ON c.id = r.card_id "
	    "JOIN decks AS d ON d.id = c.deck_id "
	    "WHERE ?1 IS NULL OR " SQL_DECK_OR_BELOW("d.name", "?1") " "
	    "ORDER BY r.time, coalesce(c.ext_id, c.id), r.id";
	sqlite3_stmt	*stmt;
	char		*when;
	long		 n = 0;
	int		 rc;

	if (store_scan_begin(st, cause) != 0)
		return -1;
	stmt = store_stmt(st, sql);
	stmt_bind_text(stmt, 1, deck);
	fputs("card_id,review_time,review_rating,review_duration\n", f);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		when = clock_utc_string((time_t)sqlite3_column_int64(stmt, 1));
		fprintf(f, "%lld,%s,%d,%d\n",
		    (long long)sqlite3_column_int64(stmt, 0), when,
		    revlog_rating(sqlite3_column_int(stmt, 2)),
		    sqlite3_column_int(stmt, 3));
		free(when);
		n++;
	}
	sqlite3_reset(stmt);
	store_scan_end(st);
	return rc == 0 ? n : -1;
}

/*
 * Split a CSV line into fields in place (RFC 4180 quoting, on one line).
 * Gives the number of fields, or -1 with cause.
 */
static int
revlog_split(char *line, char **fields, char **cause)
{
	char	*r = line, *w;
	int	 n = 0;

	for (;;) {
		if (n == REVLOG_MAX_FIELDS) {
			xasprintf(cause, "more than %d fields",
			    REVLOG_MAX_FIELDS);
			return -1;
		}
		fields[n++] = w = r;
		if (*r == '"') {
			for (r++;; r++) {
				if (*r == '\0') {
					xasprintf(cause, "a quote not closed "
					    "on its line");
					return -1;
				}
				if (*r == '"' && r[1] == '"')
					*w++ = *r++;
				else if (*r == '"')
					break;
				else
					*w++ = *r;
			}
			r++;
			if (*r != ',' && *r != '\0') {
				xasprintf(cause, "text after a closing quote");
				return -1;
			}
		} else {
			while (*r != ',' && *r != '\0')
				*w++ = *r++;
		}
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		r++;
		*w = '\0';
	}
}

/* A field without the spaces around it. */
static char *
revlog_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/*
 * Find the columns in the header: gives how many fields it has, or -1 with
 * cause if one it needs is missing.
 */
static int
revlog_header(char *line, int *where, char **cause)
{
	char	*fields[REVLOG_MAX_FIELDS];
	int	 n, i, k;

	if ((n = revlog_split(line, fields, cause)) < 0)
		return -1;
	for (k = 0; k < REVLOG_COLUMNS; k++)
		where[k] = -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < REVLOG_COLUMNS; k++) {
			if (strcmp(revlog_trim(fields[i]),
			    revlog_names[k]) != 0)
				continue;
			if (where[k] != -1) {
				xasprintf(cause, "the header names %s twice",
				    revlog_names[k]);
				return -1;
			}
			where[k] = i;
		}
	}
	for (k = 0; k < REVLOG_DURATION; k++) {
		if (where[k] == -1) {
			xasprintf(cause, "not a review log: the header has no "
			    "%s column (a review log's header names card_id, "
			    "review_time, review_rating and review_duration)",
			    revlog_names[k]);
			return -1;
		}
	}
	return n;
}

/*
 * A review time: ISO 8601 (UTC unless it says otherwise; a fraction of a
 * second is dropped) or, as the FSRS tools write it, milliseconds since
 * 1970.
 */
static int
revlog_time(const char *s, time_t *t, char **cause)
{
	long long	 ms;
	char		*why = NULL;

	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
		if (parse_int(s, 0, (long long)CLOCK_MAX * 1000, &ms) != 0)
			goto bad;
		*t = (time_t)(ms / 1000);
		return 0;
	}
	if (clock_parse_utc(s, t, &why) == 0)
		return 0;
	free(why);
bad:
	xasprintf(cause, "bad review_time '%s' (ISO 8601 like "
	    "2024-03-29T20:32:32Z, or milliseconds since 1970)", s);
	return -1;
}

/* Read one line's answer; 1 if it is one, 0 if skipped, -1 with cause. */
static int
revlog_row(char *line, const int *where, int ncolumns, time_t now,
    struct revlog_row *row, char **cause)
{
	char		*fields[REVLOG_MAX_FIELDS], *v;
	long long	 x;
	double		 ms;
	int		 n;

	if ((n = revlog_split(line, fields, cause)) < 0)
		return -1;
	if (n != ncolumns) {
		xasprintf(cause, "%d field%s where the header has %d", n,
		    n == 1 ? "" : "s", ncolumns);
		return -1;
	}
	v = revlog_trim(fields[where[REVLOG_CARD]]);
	if (parse_int(v, 0, INT64_MAX, &x) != 0) {
		xasprintf(cause, "bad card_id '%s' (a whole number)", v);
		return -1;
	}
	row->card = x;
	v = revlog_trim(fields[where[REVLOG_RATING]]);
	if (parse_int(v, 0, 4, &x) != 0) {
		xasprintf(cause, "bad review_rating '%s' (1 again, 2 hard, "
		    "3 good, 4 easy)", v);
		return -1;
	}
	if (x == 0)
		return 0;	/* a reschedule by hand, not an answer */
	row->a.grade = (int)x + 1;
	v = revlog_trim(fields[where[REVLOG_TIME]]);
	if (revlog_time(v, &row->a.time, cause) != 0)
		return -1;
	if (row->a.time > now) {
		xasprintf(cause, "review_time '%s' is later than now", v);
		return -1;
	}
	row->a.duration = 0;
	if (where[REVLOG_DURATION] != -1) {
		v = revlog_trim(fields[where[REVLOG_DURATION]]);
		if (*v != '\0' && (parse_double(v, 0, 1e15, &ms) != 0)) {
			xasprintf(cause, "bad review_duration '%s' "
			    "(milliseconds)", v);
			return -1;
		}
		row->a.duration = *v == '\0' ? 0 : ms > INT_MAX ? INT_MAX :
		    (int)ms;
	}
	return 1;
}

/* Read every answer of a log; -1 with "FILE:LINE: why" as cause. */
static int
revlog_read(const char *path, struct revlog_row **out, size_t *nout,
    struct revlog_counts *n, char **cause)
{
	struct revlog_row	*rows = NULL;
	FILE			*f;
	char			*line = NULL, *why = NULL, *p;
	size_t			 cap = 0, size = 0, lineno = 0, len;
	ssize_t			 got;
	time_t			 now = clock_now();
	int			 where[REVLOG_COLUMNS], ncolumns = 0, rc;
	int			 header = 0;

	*out = NULL;
	*nout = 0;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &size, f)) != -1) {
		lineno++;
		len = (size_t)got;
		if (memchr(line, '\0', len) != NULL) {
			why = xstrdup("a NUL byte (not a text file)");
			goto bad;
		}
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		p = line;
		if (lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		if (*revlog_trim(p) == '\0')
			continue;
		if (!header) {
			if ((ncolumns = revlog_header(p, where, &why)) < 0)
				goto bad;
			header = 1;
			continue;
		}
		rows = xgrow(rows, &cap, *nout, sizeof *rows);
		rc = revlog_row(p, where, ncolumns, now, &rows[*nout], &why);
		if (rc < 0)
			goto bad;
		if (rc == 0) {
			n->skipped++;
			continue;
		}
		rows[*nout].line = lineno;
		(*nout)++;
	}
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!header) {
		xasprintf(cause, "%s: empty: a review log starts with a header "
		    "line (card_id,review_time,review_rating,review_duration)",
		    path);
		goto fail;
	}
	free(line);
	fclose(f);
	*out = rows;
	n->answers = *nout;
	return 0;
bad:
	xasprintf(cause, "%s:%zu: %s", path, lineno, why);
	free(why);
fail:
	free(line);
	fclose(f);
	free(rows);
	*nout = 0;
	return -1;
}

/* Order a log's answers by card, then as the log gives them. */
static int
revlog_row_cmp(const void *a, const void *b)
{
	const struct revlog_row *x = a, *y = b;

	if (x->card != y->card)
		return x->card < y->card ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * The card a log's id names: the card that came with that id from
 * elsewhere, else recall's own card of that id if its log already holds
 * one of these answers, same second and button (an id from recall's own
 * export; another collection's card 5 is not this one's).  1 if found,
 * 0 if none, -1 with cause.
 */
static int
revlog_card(struct store *st, int64_t id, const struct revlog_row *rows,
    size_t n, int64_t *card, char **cause)
{
	static const char by_ext[] = "SELECT id FROM cards WHERE ext_id = ?";
	static const char shared[] = "SELECT r.grade FROM cards AS c "
	    "JOIN reviews AS r ON r.card_id = c.id "
	    "WHERE c.id = ?1 AND c.ext_id IS NULL AND r.time = ?2";
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 found;

	stmt = store_stmt(st, by_ext);
	sqlite3_bind_int64(stmt, 1, id);
	if ((found = store_step(st, stmt, cause)) == 1)
		*card = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (found != 0)
		return found;
	for (i = 0; i < n; i++) {
		stmt = store_stmt(st, shared);
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, (int64_t)rows[i].a.time);
		while ((found = store_step(st, stmt, cause)) == 1 &&
		    revlog_rating(sqlite3_column_int(stmt, 0)) !=
		    revlog_rating(rows[i].a.grade))
			continue;
		sqlite3_reset(stmt);
		if (found != 0) {
			*card = id;
			return found;
		}
	}
	return 0;
}

/* A suspended card for an id the collection does not know. */
static int
revlog_new_card(struct store *st, const struct deck *d, int64_t id,
    const char *file, int64_t *card, char **cause)
{
	struct card	*c = card_new();
	int		 rc = -1;

	c->deck_id = d->id;
	c->initial_ease = d->start_ease;
	c->ext_id = id;
	xasprintf(&c->front, "card %lld", (long long)id);
	xasprintf(&c->back, "(its history, from %s)", file);
	if (card_insert(st, c, cause) != 0 ||
	    card_set_suspended(st, c->id, 1, cause) != 0)
		goto out;
	*card = c->id;
	rc = 0;
out:
	card_free(c);
	return rc;
}

/*
 * Add the log's answers to their cards in one transaction (rolled back
 * for a dry run, which so counts exactly what an import would do).
 */
static int
revlog_apply(struct store *st, const char *path, const char *deck,
    struct revlog_row *rows, size_t nrows, const struct import_opts *o,
    struct revlog_counts *n, int *decks, char **cause)
{
	struct history_answer	*a = NULL;
	struct deck		*d = NULL;
	const char		*base = strrchr(path, '/');
	size_t			 i, j, k, cap = 0;
	int64_t			 card = 0;
	int			 found, added, rc = -1;

	base = base == NULL ? path : base + 1;
	if (store_begin(st, cause) != 0)
		return -1;
	for (i = 0; i < nrows; i = j) {
		for (j = i + 1; j < nrows && rows[j].card == rows[i].card; j++)
			continue;
		n->cards++;
		if ((found = revlog_card(st, rows[i].card, rows + i, j - i,
		    &card, cause)) < 0)
			goto out;
		if (found == 0) {
			if (d == NULL && (d = deck_find_or_create(st, deck,
			    o->has_track ? o->track : TRACK_NEED, decks,
			    cause)) == NULL)
				goto out;
			if (revlog_new_card(st, d, rows[i].card, base, &card,
			    cause) != 0)
				goto out;
			n->fresh++;
		}
		while (cap < j - i)
			a = xgrow(a, &cap, cap, sizeof *a);
		for (k = i; k < j; k++)
			a[k - i] = rows[k].a;
		if ((added = history_add(st, card, a, j - i, 1, cause)) < 0)
			goto out;
		n->added += (size_t)added;
		n->already += j - i - (size_t)added;
	}
	rc = 0;
out:
	rc = store_end(st, rc == 0, !o->dry_run, cause);
	deck_free(d);
	free(a);
	return rc;
}

/* Say what an import of a log did, or would do. */
static void
revlog_report(const char *path, const char *deck,
    const struct revlog_counts *n, const struct import_opts *o)
{
	struct json *j = o->json;

	if (j != NULL) {
		json_object_begin(j);
		json_kv_string(j, "file", path);
		json_kv_string(j, "format", "review-log");
		json_kv_bool(j, "imported", !o->dry_run);
		json_kv_int(j, "answers", (long long)n->answers);
		json_kv_int(j, "cards", (long long)n->cards);
		json_kv_int(j, "added", (long long)n->added);
		json_kv_int(j, "already", (long long)n->already);
		json_kv_int(j, "new_cards", (long long)n->fresh);
		json_kv_string(j, "new_cards_deck", n->fresh > 0 ? deck :
		    NULL);
		json_kv_int(j, "skipped", (long long)n->skipped);
		json_object_end(j);
		return;
	}
	printf("%s: review log of %zu answer%s to %zu card%s: %zu %s, %zu "
	    "already in the log", path, n->answers, n->answers == 1 ? "" :
	    "s", n->cards, n->cards == 1 ? "" : "s", n->added, o->dry_run ?
	    "to add" : "added", n->already);
	if (n->fresh > 0)
		printf("; %zu new card%s (suspended) in deck '%s'", n->fresh,
		    n->fresh == 1 ? "" : "s", deck);
	if (n->skipped > 0)
		printf("; %zu line%s of rating 0 (not answers) skipped",
		    n->skipped, n->skipped == 1 ? "" : "s");
	printf("%s\n", o->dry_run ? " (dry run: nothing written)" : "");
}

/*
 * Import a review log: each answer goes to its card's log in its place in
 * time, each card's schedule is replayed, and an answer the card's log
 * already has (same time and grade) is not added again.  Cards the
 * collection does not know are made, suspended, in deck (--deck, else the
 * file's name).  Gives 0, or -1 after saying why.
 */
int
revlog_import(struct cmd_ctx *ctx, const char *path, const char *deck,
    struct import_opts *o)
{
	struct store		*st = ctx_store(ctx);
	struct revlog_row	*rows = NULL;
	struct revlog_counts	 n;
	size_t			 nrows;
	char			*cause = NULL;
	int			 decks = 0;

	memset(&n, 0, sizeof n);
	if (!deck_name_valid(deck, &cause)) {
		cmd_error(ctx, "%s: its cards' deck: %s (name one with "
		    "--deck)", path, cause);
		goto fail;
	}
	if (revlog_read(path, &rows, &nrows, &n, &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		goto fail;
	}
	if (nrows > 1)
		qsort(rows, nrows, sizeof *rows, revlog_row_cmp);
	if (revlog_apply(st, path, deck, rows, nrows, o, &n, &decks,
	    &cause) != 0) {
		cmd_error(ctx, "%s: %s", path, cause);
		goto fail;
	}
	free(rows);
	o->totals.files++;
	o->totals.fresh += (int)n.fresh;
	o->totals.decks += decks;
	if (!ctx->quiet || o->dry_run || o->json != NULL)
		revlog_report(path, deck, &n, o);
	return 0;
fail:
	free(cause);
	free(rows);
	o->totals.failed++;
	return -1;
}
