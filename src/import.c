/*
 * Import: summaries and Anki text files into the collection, one
 * transaction per file.  A file with any error is not imported at all.
 * Re-importing an edited file keeps history: cards are matched to the ones
 * the file gave before (identity.c); cards that left the file are
 * suspended, never deleted.  recall only reads the files.
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "recall.h"

/* A card on its way in: what the file says, and which deck it goes to. */
struct import_card {
	struct summary_card	*card;
	char			*deck;
};

/* A card's fields that a file gives and a person may edit in recall. */
struct import_state {
	char		*front;
	char		*back;
	char		*tags;
	char		*deck;		/* NULL if the deck is gone */
	enum layer	 layer;
};
#define IMPORT_TEXT	0x1
#define IMPORT_TAGS	0x2
#define IMPORT_LAYER	0x4
#define IMPORT_DECK	0x8

/* One file's plan: the incoming cards, the old ones, and their matches. */
struct import_file {
	const char		*name;		/* for messages */
	char			*source;	/* identity of the file */
	struct summary		*summary;	/* owns the cards */
	struct import_card	*in;
	int			 nin;
	struct card		**old;
	int			 nold;
	size_t			 old_cap;	/* room in old and base */
	struct identity_match	*match;
	int			*old_used;
	struct import_state	**base;		/* per old card: what its file
						   gave, if edited in recall */
	int			*keep;		/* per new card: IMPORT_* fields
						   where recall's value stays */
	int			*conflict;	/* fields edited in both places */
	int			 has_track;
	enum track		 track;
	int			 additive;	/* standard input: adds only */
	char			*moved_from;	/* the source this file was */
	int64_t			*already;	/* per new card: the same card
						   elsewhere, or 0 */
	char			*already_from;	/* where the first one is */
	int			 already_many;	/* and others elsewhere */
	int64_t			 version;	/* card_changes when planned */
	struct card		 matched;	/* stands for each old card
						   matched exactly as it was
						   read, of which nothing is
						   kept */
};

struct import_keys;
static void	import_plan_clear(struct import_file *);
static int	import_matched_row(struct import_file *, struct import_keys *,
		    sqlite3_stmt *, int);
static int	import_elsewhere(struct store *, struct import_file *,
		    struct import_opts *, char **);
static void	import_count(const struct import_file *,
		    struct import_counts *);

/* Read lines of at most SUMMARY_MAX_LINE bytes without holding the file. */
struct line_reader {
	FILE		*f;
	char		 chunk[65536];	/* read ahead, a block at a time */
	size_t		 at;		/* the next unread byte of chunk */
	size_t		 have;		/* bytes in chunk */
	struct buf	 line;
	int		 overlong;	/* the last line was cut */
	int		 stop;		/* a NUL or an overlong line: no more */
};

/* Have unread bytes in the chunk, reading a block if needed; 0 at the end. */
static int
line_fill(struct line_reader *r)
{
	if (r->at < r->have)
		return 1;
	r->at = 0;
	r->have = fread(r->chunk, 1, sizeof r->chunk, r->f);
	return r->have > 0;
}

/*
 * The next line (without '\n'), or NULL at the end.  A NUL byte or a line
 * over the limit ends the reading, so endless input (/dev/zero) stops.
 * The chunk is searched with memchr and copied a run at a time.
 */
static const char *
line_read(struct line_reader *r, size_t *len)
{
	const char	*p, *nl, *nul;
	size_t		 n, room;

	buf_reset(&r->line);
	buf_add(&r->line, "", 0);
	r->overlong = 0;
	if (r->stop)
		return NULL;
	for (;;) {
		if (!line_fill(r)) {
			if (r->line.len == 0)
				return NULL;
			break;
		}
		p = r->chunk + r->at;
		n = r->have - r->at;
		if ((nl = memchr(p, '\n', n)) != NULL)
			n = (size_t)(nl - p);
		if ((nul = memchr(p, '\0', n)) != NULL)
			n = (size_t)(nul - p) + 1;	/* the NUL is kept */
		/* A line may hold SUMMARY_MAX_LINE + 1 bytes, no more. */
		room = SUMMARY_MAX_LINE + 1 - r->line.len;
		if (n > room) {
			buf_add(&r->line, p, room);
			r->at += room;
			r->overlong = r->stop = 1;
			break;
		}
		buf_add(&r->line, p, n);
		r->at += n;
		if (nul != NULL) {
			r->stop = 1;
			break;
		}
		if (nl != NULL) {
			r->at++;	/* the newline */
			break;
		}
	}
	*len = r->line.len;
	return r->line.data;
}

/*
 * Open a file to import: only a regular file (a FIFO or a device could
 * block or never end); opened without blocking, then checked.
 */
static FILE *
import_open(const char *path, char **cause)
{
	struct stat	 sb;
	FILE		*f;
	int		 fd;

	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		goto kind;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		goto kind;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1 ||
	    (f = fdopen(fd, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	return f;
kind:
	xasprintf(cause, "%s is %s: import reads regular files and folders "
	    "(for a stream: recall import - < %s)", path, file_kind(sb.st_mode),
	    path);
	return NULL;
}

/*
 * Should reading stop after this line: a NUL or a byte that is not UTF-8
 * (not a text file), or as many errors as are reported?  Says why in
 * extra.
 */
static int
import_stop(struct line_reader *r, const char *line, size_t len,
    struct summary_parser *sp, struct anki_reader *ar, const char *name,
    int lineno, char ***extra, int *nextra)
{
	const char	*why = NULL;
	int		 nerr = 0;

	if (r->overlong)
		why = "a line longer than 1 MiB";
	else if (memchr(line, '\0', len) != NULL || !utf8_valid(line, len,
	    NULL))
		why = "a NUL byte or invalid UTF-8: is this a text file?";
	if (why != NULL) {
		*extra = xreallocarray(*extra, (size_t)*nextra + 1,
		    sizeof **extra);
		xasprintf(&(*extra)[(*nextra)++], "%s:%d: stopped reading at "
		    "%s", name, lineno, why);
		return 1;
	}
	if (sp != NULL)
		return summary_parser_full(sp);
	if (ar != NULL)
		anki_reader_errors(ar, &nerr);
	if (nerr < SUMMARY_MAX_ERRORS)
		return 0;
	*extra = xreallocarray(*extra, (size_t)*nextra + 1, sizeof **extra);
	xasprintf(&(*extra)[(*nextra)++], "%s: too many errors; stopping here",
	    name);
	return 1;
}

/* The deck a file's cards go to when nothing names one: its base name. */
static char *
import_stem(const char *path)
{
	const char	*base = strrchr(path, '/');
	char		*stem, *dot;

	base = base == NULL ? path : base + 1;
	stem = xstrdup(base);
	if ((dot = strrchr(stem, '.')) != NULL && dot != stem)
		*dot = '\0';
	return stem;
}

/* Is this a file import reads (by its name)? */
static int
import_wanted(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && (strcasecmp(dot, ".md") == 0 ||
	    strcasecmp(dot, ".markdown") == 0 || strcmp(dot, ".txt") == 0 ||
	    strcmp(dot, ".tsv") == 0);
}

/* Turn Anki notes into cards as a summary would give them. */
static struct summary *
import_anki_cards(struct anki_reader *ar, const char *name, char ***decks)
{
	struct summary		*s = xcalloc(1, sizeof *s), *cl;
	struct anki_note	*notes;
	struct summary_card	*c;
	char			**errors;
	size_t			  decks_cap = 0;
	int			  n, nerr, i, k;

	errors = anki_reader_errors(ar, &nerr);
	for (i = 0; i < nerr; i++) {
		s->errors = xreallocarray(s->errors, (size_t)s->nerrors + 1,
		    sizeof *s->errors);
		s->errors[s->nerrors++] = xstrdup(errors[i]);
	}
	errors = anki_reader_warnings(ar, &nerr);
	s->warnings = xcalloc((size_t)nerr + 1, sizeof *s->warnings);
	for (i = 0; i < nerr; i++)
		s->warnings[s->nwarnings++] = xstrdup(errors[i]);
	notes = anki_reader_notes(ar, &n);
	*decks = NULL;
	for (i = 0; i < n && s->nerrors == 0; i++) {
		if (notes[i].type == ANKI_CLOZE) {
			cl = summary_parse_cloze(name, notes[i].line,
			    notes[i].front);
			if (cl->ncards == 0 && cl->nerrors == 0) {
				/* Nothing to blank out: no card at all. */
				cl->errors = xcalloc(1, sizeof *cl->errors);
				xasprintf(&cl->errors[cl->nerrors++], "%s:%d: "
				    "a cloze note without a cloze ({{c1::...}})",
				    name, notes[i].line);
			}
			for (k = 0; k < cl->nerrors; k++) {
				s->errors = xreallocarray(s->errors,
				    (size_t)s->nerrors + 1, sizeof *s->errors);
				s->errors[s->nerrors++] = xstrdup(cl->errors[k]);
			}
			for (k = 0; k < cl->ncards; k++) {
				s->cards = xgrow(s->cards, &s->cards_cap,
				    (size_t)s->ncards, sizeof *s->cards);
				*decks = xgrow(*decks, &decks_cap,
				    (size_t)s->ncards, sizeof **decks);
				c = &s->cards[s->ncards];
				*c = cl->cards[k];
				free(c->tags);
				c->tags = xstrdup(notes[i].tags);
				(*decks)[s->ncards++] = notes[i].deck == NULL ?
				    NULL : xstrdup(notes[i].deck);
			}
			/* The cards moved; free only the shell. */
			free(cl->cards);
			cl->cards = NULL;
			cl->ncards = 0;
			summary_free(cl);
			continue;
		}
		for (k = 0; k < (notes[i].type == ANKI_REVERSED ? 2 : 1); k++) {
			if (k == 1 && *notes[i].back == '\0')
				break;
			s->cards = xgrow(s->cards, &s->cards_cap,
			    (size_t)s->ncards, sizeof *s->cards);
			*decks = xgrow(*decks, &decks_cap, (size_t)s->ncards,
			    sizeof **decks);
			c = &s->cards[s->ncards];
			memset(c, 0, sizeof *c);
			c->kind = k == 0 ? KIND_BASIC : KIND_REVERSE;
			c->front = xstrdup(k == 0 ? notes[i].front :
			    notes[i].back);
			c->back = xstrdup(k == 0 ? notes[i].back :
			    notes[i].front);
			c->context = xstrdup("");
			c->layer = LAYER_SKIM;
			c->tags = xstrdup(notes[i].tags);
			c->line = notes[i].line;
			(*decks)[s->ncards++] = notes[i].deck == NULL ? NULL :
			    xstrdup(notes[i].deck);
			if (*c->back == '\0') {
				char *msg;

				xasprintf(&msg, "%s:%d: the card's back is "
				    "empty", name, notes[i].line);
				s->errors = xreallocarray(s->errors,
				    (size_t)s->nerrors + 1, sizeof *s->errors);
				s->errors[s->nerrors++] = msg;
			}
		}
	}
	return s;
}

/*
 * Read and parse one file (or standard input for "-"), line by line: a
 * summary, or an Anki text file (.tsv, or a .txt that starts with Anki's
 * headers).
 */
static int
import_read(struct import_file *fi, const char *path, char ***decks,
    struct import_opts *o, char **cause)
{
	struct line_reader	 r;
	struct summary_parser	*sp = NULL;
	struct anki_reader	*ar = NULL;
	const char		*line, *dot;
	char			**extra = NULL;
	size_t			 len;
	int			 lineno = 0, anki, sniff, nextra = 0, i;

	if (strcmp(path, "-") == 0)
		r.f = stdin;
	else if ((r.f = import_open(path, cause)) == NULL)
		return -1;
	r.stop = 0;
	r.at = r.have = 0;
	buf_init(&r.line);
	dot = strrchr(path, '.');
	anki = dot != NULL && strcmp(dot, ".tsv") == 0;
	/* Only a .txt (or standard input) may turn out to be Anki's. */
	sniff = !anki && (strcmp(path, "-") == 0 ||
	    (dot != NULL && strcmp(dot, ".txt") == 0));
	*decks = NULL;
	o->lines = 0;
	o->current = fi->name;
	while ((line = line_read(&r, &len)) != NULL) {
		lineno++;
		if (term_sigint) {
			xasprintf(cause, "%s: interrupted", fi->name);
			goto fail;
		}
		if (o->progress && (lineno & 4095) == 0) {
			o->lines = lineno;
			import_progress(o, 0);
		}
		if (lineno == 1 && sniff) {
			const char *l = line;

			if (len >= 3 && memcmp(l, "\xef\xbb\xbf", 3) == 0)
				l += 3;
			anki = anki_header_line(l);
		}
		if (anki) {
			if (ar == NULL)
				ar = anki_reader_create(fi->name);
			if (r.overlong) {
				extra = xreallocarray(extra, (size_t)nextra + 1,
				    sizeof *extra);
				xasprintf(&extra[nextra++], "%s:%d: line longer "
				    "than 1 MiB", fi->name, lineno);
			} else
				anki_reader_line(ar, line, len, lineno);
		} else {
			if (sp == NULL)
				sp = summary_parser_create(fi->name);
			if (r.overlong)
				summary_parser_overlong(sp);
			else
				summary_parser_line(sp, line, len);
		}
		if (import_stop(&r, line, len, sp, ar, fi->name, lineno,
		    &extra, &nextra))
			break;
	}
	if (ferror(r.f)) {
		xasprintf(cause, "%s: read error: %s", fi->name,
		    strerror(errno));
fail:
		if (r.f != stdin)
			fclose(r.f);
		buf_free(&r.line);
		if (sp != NULL)
			summary_free(summary_parser_finish(sp));
		anki_reader_free(ar);
		for (i = 0; i < nextra; i++)
			free(extra[i]);
		free(extra);
		return -1;
	}
	if (r.f != stdin)
		fclose(r.f);
	buf_free(&r.line);
	if (ar != NULL) {
		anki_reader_finish(ar);
		fi->summary = import_anki_cards(ar, fi->name, decks);
		anki_reader_free(ar);
	} else if (sp != NULL)
		fi->summary = summary_parser_finish(sp);
	else
		fi->summary = xcalloc(1, sizeof *fi->summary);
	for (i = 0; i < nextra; i++) {
		fi->summary->errors = xreallocarray(fi->summary->errors,
		    (size_t)fi->summary->nerrors + 1,
		    sizeof *fi->summary->errors);
		fi->summary->errors[fi->summary->nerrors++] = extra[i];
	}
	free(extra);
	return 0;
}

/* What a file gave a card, from columns col on; NULL if none is kept. */
static struct import_state *
import_base_from_row(sqlite3_stmt *stmt, int col)
{
	struct import_state	*b;
	const char		*layer;

	if (sqlite3_column_type(stmt, col) == SQLITE_NULL ||
	    sqlite3_column_type(stmt, col + 1) == SQLITE_NULL ||
	    sqlite3_column_type(stmt, col + 2) == SQLITE_NULL)
		return NULL;
	b = xcalloc(1, sizeof *b);
	b->front = stmt_text(stmt, col);
	b->back = stmt_text(stmt, col + 1);
	b->tags = stmt_text(stmt, col + 2);
	layer = (const char *)sqlite3_column_text(stmt, col + 3);
	if (layer == NULL || layer_from_name(layer, &b->layer) != 0)
		b->layer = LAYER_SKIM;
	b->deck = stmt_text(stmt, col + 4);
	return b;
}

/* Free what a file gave a card. */
static void
import_base_free(struct import_state *b)
{
	if (b == NULL)
		return;
	free(b->front);
	free(b->back);
	free(b->tags);
	free(b->deck);
	free(b);
}

/* Make room for one more old card (and its base, which grows with it). */
static void
import_old_grow(struct import_file *fi)
{
	size_t cap = fi->old_cap;

	fi->old = xgrow(fi->old, &cap, (size_t)fi->nold, sizeof *fi->old);
	fi->base = xgrow(fi->base, &fi->old_cap, (size_t)fi->nold,
	    sizeof *fi->base);
}

/*
 * Load the cards a source gave before, in the order of its lines.  With
 * k, an old card that is exactly one incoming card, with nothing to
 * change, is matched to it as it is read and not kept: a re-import holds
 * only what it may write or report.
 */
static int
import_load_old(struct store *st, struct import_file *fi, const char *source,
    struct import_keys *k, char **cause)
{
	static const char sql[] = "SELECT " CARD_COLUMNS ", cards.file_front, "
	    "cards.file_back, cards.file_tags, cards.file_layer, "
	    "fd.name FROM cards JOIN decks ON decks.id = "
	    "cards.deck_id LEFT JOIN decks AS fd ON fd.id = "
	    "cards.file_deck_id WHERE cards.source = ? ORDER BY "
	    "cards.source_line, cards.id";
	sqlite3_stmt	*stmt;
	int		 col, rc;

	stmt = store_stmt(st, sql);
	sqlite3_bind_text(stmt, 1, source, -1, SQLITE_STATIC);
	col = sqlite3_column_count(stmt) - 5;
	while ((rc = store_step(st, stmt, cause)) == 1) {
		import_old_grow(fi);
		if (k != NULL && import_matched_row(fi, k, stmt, col)) {
			fi->old[fi->nold] = &fi->matched;
			fi->base[fi->nold++] = NULL;
			continue;
		}
		fi->old[fi->nold] = card_from_row(stmt);
		fi->base[fi->nold] = import_base_from_row(stmt, col);
		fi->nold++;
	}
	return rc;
}

/* The text of old card j as its file last gave it. */
static const char *
import_file_side(const struct import_file *fi, int j, int back)
{
	if (fi->base != NULL && fi->base[j] != NULL)
		return back ? fi->base[j]->back : fi->base[j]->front;
	return back ? fi->old[j]->back : fi->old[j]->front;
}

/* Are two decks the same (a deck that is gone, NULL, is none)? */
static int
import_same_deck(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Which fields (IMPORT_*) differ between two states. */
static int
import_state_diff(const struct import_state *a, const struct import_state *b)
{
	int diff = 0;

	if (strcmp(a->front, b->front) != 0 || strcmp(a->back, b->back) != 0)
		diff |= IMPORT_TEXT;
	if (strcmp(a->tags, b->tags) != 0)
		diff |= IMPORT_TAGS;
	if (a->layer != b->layer)
		diff |= IMPORT_LAYER;
	if (!import_same_deck(a->deck, b->deck))
		diff |= IMPORT_DECK;
	return diff;
}

/* New card i as its file gives it, and old card j as it is now. */
static void
import_states(const struct import_file *fi, int i, int j,
    struct import_state *file, struct import_state *now)
{
	const struct summary_card	*in = fi->in[i].card;
	const struct card		*old = fi->old[j];

	file->front = in->front;
	file->back = in->back;
	file->tags = in->tags;
	file->layer = in->layer;
	file->deck = fi->in[i].deck;
	now->front = old->front;
	now->back = old->back;
	now->tags = old->tags;
	now->layer = old->layer;
	now->deck = old->deck;
}

/* A new card's fields as its file gives them. */
static void
import_states_new(const struct import_file *fi, int i,
    struct import_state *file)
{
	const struct summary_card *in = fi->in[i].card;

	file->front = in->front;
	file->back = in->back;
	file->tags = in->tags;
	file->layer = in->layer;
	file->deck = fi->in[i].deck;
}

/*
 * Cards edited in recall since their file last gave them, field by field
 * (text, tags, layer, deck): where only recall changed a field, recall's
 * value stays; where only the file did, the file's is taken; where both
 * did, differently, it is a conflict, settled by --conflict (with
 * --conflict file, the file's value wins wherever they differ).
 */
static void
import_find_conflicts(struct import_file *fi, struct import_opts *o)
{
	struct import_state	 file, now;
	int			 i, j, differ, file_changed, recall_changed;

	fi->keep = xcalloc((size_t)fi->nin + 1, sizeof *fi->keep);
	fi->conflict = xcalloc((size_t)fi->nin + 1, sizeof *fi->conflict);
	for (i = 0; i < fi->nin; i++) {
		if ((j = fi->match[i].old) < 0 || fi->base[j] == NULL)
			continue;
		import_states(fi, i, j, &file, &now);
		if ((differ = import_state_diff(&file, &now)) == 0)
			continue;	/* the file caught up */
		file_changed = import_state_diff(&file, fi->base[j]);
		recall_changed = import_state_diff(&now, fi->base[j]);
		if (o->conflict == CONFLICT_FILE) {
			fi->conflict[i] = differ & recall_changed;
			continue;
		}
		fi->keep[i] = differ & ~file_changed;
		fi->conflict[i] = differ & file_changed & recall_changed;
		fi->keep[i] |= fi->conflict[i];
	}
}

/* Is new card i already in the collection, from elsewhere? */
static int
import_is_already(const struct import_file *fi, int i)
{
	return fi->already != NULL && fi->already[i] != 0;
}

/* Does old card i leave the collection's reviews with this import? */
static int
import_leaves(const struct import_file *fi, int i)
{
	return !fi->additive && !fi->old_used[i] && !fi->old[i]->removed;
}

/*
 * Standard input only adds: a card matches an earlier one only if it is
 * the same card, so one pipe never edits what another pipe gave.
 */
static void
import_match_additive(struct import_file *fi)
{
	int i;

	for (i = 0; i < fi->nin; i++) {
		if (fi->match[i].kind != MATCH_EDITED)
			continue;
		fi->old_used[fi->match[i].old] = 0;
		fi->match[i].kind = MATCH_NEW;
		fi->match[i].old = -1;
		fi->match[i].similarity = 0;
	}
}

/* The exact identities of the incoming cards, in a hash table. */
struct import_keys {
	uint64_t	*keys;		/* per new card */
	int		*slots;		/* new card + 1, or 0 */
	size_t		 size;
	int		*used;		/* per new card: matched already */
	int		*twins;		/* per new card: not the only one */
	int		*olds;		/* per new card: old cards that are it */
	int		*matched;	/* per new card: old card + 1 matched
					   as it was read, or 0 */
};

/* The exact identity of a card: kind, cloze number, front and back. */
static uint64_t
import_key(const char *kind, int cloze, const char *front, const char *back)
{
	uint64_t	h = 1469598103934665603ULL;
	const char	*parts[3] = { kind, front, back }, *p;
	int		i;

	h = (h ^ (uint64_t)(uint32_t)cloze) * 1099511628211ULL;
	for (i = 0; i < 3; i++) {
		for (p = parts[i]; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	return h;
}

/* Is incoming card i this card? */
static int
import_keys_same(const struct import_keys *k, const struct import_file *fi,
    int i, uint64_t key, const char *kind, int cloze, const char *front,
    const char *back)
{
	const struct summary_card *c = fi->in[i].card;

	return k->keys[i] == key && c->cloze == cloze &&
	    strcmp(kind_name(c->kind), kind) == 0 &&
	    strcmp(c->front, front) == 0 && strcmp(c->back, back) == 0;
}

/* Build the table of the incoming cards. */
static void
import_keys_build(struct import_keys *k, const struct import_file *fi)
{
	const struct summary_card	*c;
	size_t				 at;
	int				 i;

	k->size = 16;
	while (k->size < (size_t)fi->nin * 2)
		k->size *= 2;
	k->slots = xcalloc(k->size, sizeof *k->slots);
	k->keys = xcalloc((size_t)fi->nin + 1, sizeof *k->keys);
	k->used = xcalloc((size_t)fi->nin + 1, sizeof *k->used);
	k->twins = xcalloc((size_t)fi->nin + 1, sizeof *k->twins);
	k->olds = xcalloc((size_t)fi->nin + 1, sizeof *k->olds);
	k->matched = xcalloc((size_t)fi->nin + 1, sizeof *k->matched);
	for (i = 0; i < fi->nin; i++) {
		c = fi->in[i].card;
		k->keys[i] = import_key(kind_name(c->kind), c->cloze, c->front,
		    c->back);
		for (at = k->keys[i] & (k->size - 1); k->slots[at] != 0;
		    at = (at + 1) & (k->size - 1)) {
			if (import_keys_same(k, fi, k->slots[at] - 1,
			    k->keys[i], kind_name(c->kind), c->cloze, c->front,
			    c->back))
				k->twins[i] = k->twins[k->slots[at] - 1] = 1;
		}
		k->slots[at] = i + 1;
	}
}

/* Forget the table, and which cards it matched. */
static void
import_keys_free(struct import_keys *k)
{
	free(k->slots);
	free(k->keys);
	free(k->used);
	free(k->twins);
	free(k->olds);
	free(k->matched);
}

/*
 * The incoming card that is this card and is not matched yet, marked
 * matched; or -1.
 */
static int
import_keys_find(struct import_keys *k, const struct import_file *fi,
    const char *kind, int cloze, const char *front, const char *back)
{
	uint64_t	key;
	size_t		at;
	int		i;

	key = import_key(kind, cloze, front, back);
	for (at = key & (k->size - 1); k->slots[at] != 0;
	    at = (at + 1) & (k->size - 1)) {
		i = k->slots[at] - 1;
		if (k->used[i] || !import_keys_same(k, fi, i, key, kind, cloze,
		    front, back))
			continue;
		k->used[i] = 1;
		return i;
	}
	return -1;
}

/* The first incoming card that is this card, matched or not; or -1. */
static int
import_keys_lookup(const struct import_keys *k, const struct import_file *fi,
    const char *kind, int cloze, const char *front, const char *back)
{
	uint64_t	key;
	size_t		at;

	key = import_key(kind, cloze, front, back);
	for (at = key & (k->size - 1); k->slots[at] != 0;
	    at = (at + 1) & (k->size - 1)) {
		if (import_keys_same(k, fi, k->slots[at] - 1, key, kind, cloze,
		    front, back))
			return k->slots[at] - 1;
	}
	return -1;
}

/*
 * Count, for each incoming card, the old cards of the source that are it
 * (by the text their file last gave them, as identity matches them).
 */
static int
import_keys_count_old(struct store *st, const struct import_file *fi,
    struct import_keys *k, char **cause)
{
	static const char sql[] = "SELECT kind, cloze, CASE WHEN file_front "
	    "IS NULL OR file_back IS NULL OR file_tags IS NULL THEN front "
	    "ELSE file_front END, CASE WHEN file_front IS NULL OR file_back "
	    "IS NULL OR file_tags IS NULL THEN back ELSE file_back END FROM "
	    "cards WHERE source = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	const char	*kind, *front, *back;
	int		 rc, i;

	sqlite3_bind_text(stmt, 1, fi->source, -1, SQLITE_STATIC);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		kind = (const char *)sqlite3_column_text(stmt, 0);
		front = (const char *)sqlite3_column_text(stmt, 2);
		back = (const char *)sqlite3_column_text(stmt, 3);
		if (kind == NULL || front == NULL || back == NULL)
			continue;
		if ((i = import_keys_lookup(k, fi, kind,
		    sqlite3_column_int(stmt, 1), front, back)) >= 0)
			k->olds[i]++;
	}
	return rc;
}

/* A text column, with NULL as the empty string. */
static const char *
import_column(sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);

	return s == NULL ? "" : s;
}

/*
 * Is the old card in this row (CARD_COLUMNS, then what its file gave from
 * column col) exactly one incoming card, the only one with its identity on
 * either side, as its file gave it, not removed, with nothing to change?
 * Identity would match the two and import would write nothing: they are
 * matched here (not clozes: their lines match them as a whole).
 */
static int
import_matched_row(struct import_file *fi, struct import_keys *k,
    sqlite3_stmt *stmt, int col)
{
	const struct summary_card	*in;
	const char			*kind = import_column(stmt, 3);
	int				 i;

	if (strcmp(kind, "cloze") == 0 || sqlite3_column_int(stmt, 27) != 0 ||
	    (sqlite3_column_type(stmt, col) != SQLITE_NULL &&
	    sqlite3_column_type(stmt, col + 1) != SQLITE_NULL &&
	    sqlite3_column_type(stmt, col + 2) != SQLITE_NULL))
		return 0;
	i = import_keys_lookup(k, fi, kind, sqlite3_column_int(stmt, 4),
	    import_column(stmt, 5), import_column(stmt, 6));
	if (i < 0 || k->twins[i] || k->olds[i] != 1 || k->matched[i] != 0)
		return 0;
	in = fi->in[i].card;
	if (strcmp(import_column(stmt, 2), fi->in[i].deck) != 0 ||
	    strcmp(import_column(stmt, 8), in->context) != 0 ||
	    strcmp(import_column(stmt, 9), layer_name(in->layer)) != 0 ||
	    strcmp(import_column(stmt, 10), in->tags) != 0 ||
	    sqlite3_column_int(stmt, 12) != in->line)
		return 0;
	k->matched[i] = fi->nold + 1;
	return 1;
}

/* The same for a stored card: kind, cloze, front, back from column col. */
static int
import_keys_take(struct import_keys *k, const struct import_file *fi,
    sqlite3_stmt *stmt, int col)
{
	const char	*kind, *front, *back;
	int		 cloze;

	kind = (const char *)sqlite3_column_text(stmt, col);
	cloze = sqlite3_column_int(stmt, col + 1);
	front = (const char *)sqlite3_column_text(stmt, col + 2);
	back = (const char *)sqlite3_column_text(stmt, col + 3);
	if (kind == NULL || front == NULL || back == NULL)
		return -1;
	return import_keys_find(k, fi, kind, cloze, front, back);
}

/*
 * A card edited in recall is matched by its file's text; if the file now
 * says what the recall edit says, it is that card too.
 */
static void
import_match_recall_edits(struct import_file *fi)
{
	struct import_keys	 k;
	const struct card	*old;
	int			 i, j, edited = 0;

	for (j = 0; j < fi->nold; j++)
		edited += !fi->old_used[j] && fi->base[j] != NULL;
	if (edited == 0)
		return;
	import_keys_build(&k, fi);
	for (i = 0; i < fi->nin; i++)
		k.used[i] = fi->match[i].kind != MATCH_NEW;
	for (j = 0; j < fi->nold; j++) {
		if (fi->old_used[j] || fi->base[j] == NULL)
			continue;
		old = fi->old[j];
		if ((i = import_keys_find(&k, fi, kind_name(old->kind),
		    old->cloze, old->front, old->back)) < 0)
			continue;
		fi->old_used[j] = 1;
		fi->match[i].kind = MATCH_UNCHANGED;
		fi->match[i].old = j;
		fi->match[i].similarity = 1;
	}
	import_keys_free(&k);
}

/* Does incoming card i ask what old card j's file last asked? */
static int
import_same_front(const struct import_file *fi, int i, int j)
{
	const struct summary_card	*in = fi->in[i].card;
	const struct card		*old = fi->old[j];

	return in->kind == old->kind && in->cloze == old->cloze &&
	    *in->front != '\0' && strcmp(in->front,
	    import_file_side(fi, j, 0)) == 0;
}

/* How many unmatched old cards ask what incoming card i asks; the last. */
static int
import_same_front_old(const struct import_file *fi, int i, int *last)
{
	int j, n = 0;

	for (j = 0; j < fi->nold; j++) {
		if (!fi->old_used[j] && import_same_front(fi, i, j)) {
			*last = j;
			n++;
		}
	}
	return n;
}

/* How many unmatched incoming cards ask what old card j asked. */
static int
import_same_front_new(const struct import_file *fi, int j)
{
	int i, n = 0;

	for (i = 0; i < fi->nin; i++)
		n += fi->match[i].kind == MATCH_NEW && import_same_front(fi, i, j);
	return n;
}

/*
 * A card whose answer changed too much to resemble its old one is still
 * that card if it is the only one left asking the same question: so an
 * answer rewritten in the file (and perhaps in recall) keeps its history.
 */
static void
import_match_fronts(struct import_file *fi)
{
	const char	*back;
	int		 i, j, left_old = 0, left_new = 0;

	for (j = 0; j < fi->nold; j++)
		left_old += !fi->old_used[j];
	for (i = 0; i < fi->nin; i++)
		left_new += fi->match[i].kind == MATCH_NEW;
	if (left_old == 0 || left_new == 0 ||
	    (double)left_old * left_new > IDENTITY_PAIRS)
		return;
	for (i = 0; i < fi->nin; i++) {
		if (fi->match[i].kind != MATCH_NEW ||
		    import_same_front_old(fi, i, &j) != 1 ||
		    import_same_front_new(fi, j) != 1)
			continue;
		fi->old_used[j] = 1;
		fi->match[i].kind = MATCH_EDITED;
		fi->match[i].old = j;
		/* How alike the answers are, for the plan; long ones cost. */
		back = import_file_side(fi, j, 1);
		fi->match[i].similarity = strlen(back) > 4096 ||
		    strlen(fi->in[i].card->back) > 4096 ? 0 :
		    identity_similarity(fi->in[i].card->back, back, 0);
	}
}

/*
 * Match the incoming cards left unmatched to the old cards left unused,
 * by their identities (identity_match_more), the old cards as their file
 * gave them, so recall's edits match.
 */
static void
import_match_identities(struct import_file *fi)
{
	struct identity_card	*a, *b;
	int			 i;

	a = xcalloc((size_t)fi->nold + 1, sizeof *a);
	b = xcalloc((size_t)fi->nin + 1, sizeof *b);
	for (i = 0; i < fi->nold; i++) {
		if (fi->old[i] == &fi->matched) {
			a[i].front = a[i].back = a[i].context = "";
			continue;	/* used: only its identity is read */
		}
		a[i].kind = fi->old[i]->kind;
		a[i].cloze = fi->old[i]->cloze;
		a[i].front = import_file_side(fi, i, 0);
		a[i].back = import_file_side(fi, i, 1);
		a[i].note = fi->old[i]->note;
		a[i].context = fi->old[i]->context;
	}
	for (i = 0; i < fi->nin; i++) {
		b[i].kind = fi->in[i].card->kind;
		b[i].cloze = fi->in[i].card->cloze;
		b[i].front = fi->in[i].card->front;
		b[i].back = fi->in[i].card->back;
		b[i].note = fi->in[i].card->note;
		b[i].context = fi->in[i].card->context;
	}
	identity_match_more(a, fi->nold, b, fi->nin, fi->match, fi->old_used);
	free(a);
	free(b);
}

/*
 * Match the incoming cards to the old ones, keeping the matches made as
 * the old cards were read (k, or NULL).
 */
static void
import_match(struct import_file *fi, const struct import_keys *k)
{
	int	i, unused = 0, unmatched = 0;

	fi->match = xcalloc((size_t)fi->nin + 1, sizeof *fi->match);
	fi->old_used = xcalloc((size_t)fi->nold + 1, sizeof *fi->old_used);
	for (i = 0; i < fi->nin; i++) {
		fi->match[i].kind = MATCH_NEW;
		fi->match[i].old = -1;
		if (k == NULL || k->matched[i] == 0) {
			unmatched++;
			continue;
		}
		fi->match[i].kind = MATCH_UNCHANGED;
		fi->match[i].old = k->matched[i] - 1;
		fi->match[i].similarity = 1;
		fi->old_used[k->matched[i] - 1] = 1;
	}
	for (i = 0; i < fi->nold; i++)
		unused += !fi->old_used[i];
	/* A first import, or one that changed nothing: none left to pair. */
	if (unused > 0 && unmatched > 0)
		import_match_identities(fi);
	import_match_recall_edits(fi);
	import_match_fronts(fi);
	if (fi->additive)
		import_match_additive(fi);
}

/* Free one file's plan. */
static void
import_file_free(struct import_file *fi)
{
	int i;

	for (i = 0; i < fi->nin; i++) {
		/* Cards of one deck in a row share its name (import_decks). */
		if (i == 0 || fi->in[i].deck != fi->in[i - 1].deck)
			free(fi->in[i].deck);
	}
	free(fi->in);
	import_plan_clear(fi);
	free(fi->source);
	summary_free(fi->summary);
}

/* Find or make the deck an incoming card goes to. */
static struct deck *
import_deck(struct cmd_ctx *ctx, struct import_file *fi, const char *name,
    struct deck ***cache, int *ncache, int *created, char **cause)
{
	struct store	*st = ctx_store(ctx);
	struct deck	*d;
	int		 i, made;

	for (i = 0; i < *ncache; i++) {
		if (strcmp((*cache)[i]->name, name) == 0)
			return (*cache)[i];
	}
	made = *created;
	if ((d = deck_find_or_create(st, name, fi->has_track ? fi->track :
	    TRACK_NEED, created, cause)) == NULL)
		return NULL;
	if (made == *created && fi->has_track && d->track != fi->track) {
		cmd_warn(ctx, "%s: deck '%s' is on the %s track, not %s; "
		    "'deck set' changes that", fi->name, d->name,
		    track_name(d->track), track_name(fi->track));
	}
	*cache = xreallocarray(*cache, (size_t)*ncache + 1, sizeof **cache);
	(*cache)[(*ncache)++] = d;
	return d;
}

/*
 * How many times the cards (their text, place or source) or the decks'
 * names changed: what a plan depends on, answers not included.
 */
static int
import_data_version(struct store *st, int64_t *version, char **cause)
{
	static const char	 sql[] = "SELECT n FROM card_changes WHERE id = 1";
	sqlite3_stmt		*stmt = store_stmt(st, sql);

	if (store_step(st, stmt, cause) != 1) {
		if (*cause == NULL)
			*cause = xstrdup("cannot read the count of changes");
		return -1;
	}
	*version = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return 0;
}

/*
 * Plan a file's import from what the collection holds: the old cards,
 * where a new file came from, matches and conflicts.  Reads only.
 */
static int
import_plan(struct store *st, struct import_file *fi, struct import_opts *o,
    char **cause)
{
	struct import_keys	 k, *kp = NULL;
	int			 rc = -1;

	memset(&k, 0, sizeof k);
	if (!fi->additive && fi->nin > 0) {
		import_keys_build(&k, fi);
		kp = &k;
		if (import_keys_count_old(st, fi, kp, cause) != 0)
			goto out;
	}
	if (import_load_old(st, fi, fi->source, kp, cause) != 0)
		goto out;
	if ((fi->nold == 0 || fi->additive) && fi->nin > 0 &&
	    import_elsewhere(st, fi, o, cause) != 0)
		goto out;
	import_match(fi, kp);
	import_find_conflicts(fi, o);
	rc = 0;
out:
	import_keys_free(&k);
	return rc;
}

/* Forget a plan, to make it again. */
static void
import_plan_clear(struct import_file *fi)
{
	int i;

	for (i = 0; i < fi->nold; i++) {
		if (fi->old[i] != &fi->matched)
			card_free(fi->old[i]);
		import_base_free(fi->base[i]);
	}
	free(fi->old);
	free(fi->base);
	free(fi->match);
	free(fi->old_used);
	free(fi->keep);
	free(fi->conflict);
	free(fi->moved_from);
	free(fi->already);
	free(fi->already_from);
	fi->old = NULL;
	fi->base = NULL;
	fi->nold = 0;
	fi->old_cap = 0;
	fi->match = NULL;
	fi->old_used = fi->keep = fi->conflict = NULL;
	fi->moved_from = fi->already_from = NULL;
	fi->already = NULL;
	fi->already_many = 0;
}

/*
 * Under the write lock: if another process wrote since the plan was made,
 * make it again (keeping the answers a person gave to conflicts).
 */
static int
import_replan(struct store *st, struct import_file *fi, struct import_opts *o,
    struct import_counts *n, char **cause)
{
	int64_t	 version, *ids = NULL;
	int	*keep = NULL, nkept = 0, i, j, warnings = n->warnings;
	size_t	 ids_cap = 0, keep_cap = 0;

	if (import_data_version(st, &version, cause) != 0)
		return -1;
	if (version == fi->version)
		return 0;
	for (i = 0; i < fi->nin; i++) {
		if (!fi->conflict[i])
			continue;
		ids = xgrow(ids, &ids_cap, (size_t)nkept, sizeof *ids);
		keep = xgrow(keep, &keep_cap, (size_t)nkept, sizeof *keep);
		ids[nkept] = fi->old[fi->match[i].old]->id;
		keep[nkept++] = fi->keep[i];
	}
	import_plan_clear(fi);
	if (import_plan(st, fi, o, cause) != 0) {
		free(ids);
		free(keep);
		return -1;
	}
	for (i = 0; i < fi->nin; i++) {
		for (j = 0; fi->conflict[i] && j < nkept; j++) {
			if (ids[j] != fi->old[fi->match[i].old]->id)
				continue;
			fi->keep[i] = (fi->keep[i] & ~fi->conflict[i]) |
			    (keep[j] & fi->conflict[i]);
		}
	}
	free(ids);
	free(keep);
	memset(n, 0, sizeof *n);
	n->warnings = warnings;
	import_count(fi, n);
	return 0;
}

/* Keep what a card's file gave it (NULL: the card is as the file gave it). */
static int
import_set_base(struct store *st, int64_t id, const struct import_state *b,
    int64_t deck_id, char **cause)
{
	static const char sql[] = "UPDATE cards SET file_front = ?1, "
	    "file_back = ?2, file_tags = ?3, file_layer = ?4, "
	    "file_deck_id = ?5 WHERE id = ?6";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_text(stmt, 1, b != NULL ? b->front : NULL, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, b != NULL ? b->back : NULL, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, b != NULL ? b->tags : NULL, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, b != NULL ? layer_name(b->layer) : NULL, -1,
	    SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_int64(stmt, 5, deck_id);
	else
		sqlite3_bind_null(stmt, 5);
	sqlite3_bind_int64(stmt, 6, id);
	return store_done(st, stmt, cause);
}

/* Has an old card nothing to change, to become this? */
static int
import_unchanged(const struct card *old, const struct summary_card *in,
    const struct import_state *to, int64_t deck_id)
{
	return old->deck_id == deck_id && old->cloze == in->cloze &&
	    strcmp(old->front, to->front) == 0 &&
	    strcmp(old->back, to->back) == 0 &&
	    strcmp(old->context, in->context) == 0 &&
	    strcmp(old->tags, to->tags) == 0 && old->layer == to->layer &&
	    old->source_line == in->line && !old->removed;
}

/*
 * What matched card i becomes: the file's fields, but recall's where its
 * edit stays.  Sets *deck_id (recall's deck, or the file's d).
 */
static void
import_target(const struct import_file *fi, int i, const struct deck *d,
    struct import_state *to, struct import_state *file, int64_t *deck_id)
{
	struct import_state	 now;
	int			 keep = fi->keep[i];

	import_states(fi, i, fi->match[i].old, file, &now);
	*to = *file;
	*deck_id = d->id;
	if (keep & IMPORT_TEXT) {
		to->front = now.front;
		to->back = now.back;
	}
	if (keep & IMPORT_TAGS)
		to->tags = now.tags;
	if (keep & IMPORT_LAYER)
		to->layer = now.layer;
	if (keep & IMPORT_DECK) {
		to->deck = now.deck;
		*deck_id = fi->old[fi->match[i].old]->deck_id;
	}
}

/* A card to insert or update, as import writes it. */
static struct card *
import_card(const struct import_file *fi, int i, const struct deck *d,
    const struct import_state *to, int64_t deck_id)
{
	const struct summary_card	*in = fi->in[i].card;
	struct card			*c = card_new(), *old;

	c->initial_ease = d->start_ease;
	if (fi->match[i].kind != MATCH_NEW) {
		old = fi->old[fi->match[i].old];
		c->id = old->id;
		c->summary_id = old->summary_id;
	}
	c->deck_id = deck_id;
	c->kind = in->kind;
	c->cloze = in->cloze;
	free(c->front);
	c->front = xstrdup(to->front);
	free(c->back);
	c->back = xstrdup(to->back);
	c->note = in->note != NULL ? xstrdup(in->note) : NULL;
	free(c->context);
	c->context = xstrdup(in->context);
	c->layer = to->layer;
	free(c->tags);
	c->tags = xstrdup(to->tags);
	c->source = xstrdup(fi->source);
	c->source_line = in->line;
	return c;
}

/*
 * Write matched card i: update the old card (with recall's values where
 * the edit made in recall stays, and what the file gave kept beside them).
 */
static int
import_write(struct store *st, struct import_file *fi, int i,
    const struct deck *d, char **cause)
{
	struct import_state	 to, file;
	struct card		*c, *old;
	const struct import_state *base;
	int64_t			 deck_id = d->id;
	int			 rc;

	old = fi->old[fi->match[i].old];
	if (old == &fi->matched)
		return 0;	/* matched as it was read: nothing to write */
	base = fi->base[fi->match[i].old];
	import_target(fi, i, d, &to, &file, &deck_id);
	if (import_unchanged(old, fi->in[i].card, &to, deck_id) &&
	    (fi->keep[i] == 0 ? base == NULL : base != NULL &&
	    import_state_diff(base, &file) == 0))
		return 0;	/* nothing to write */
	c = import_card(fi, i, d, &to, deck_id);
	rc = card_update_text(st, c, cause);
	if (rc == 0)
		rc = import_set_base(st, c->id, fi->keep[i] ? &file : NULL,
		    d->id, cause);
	/* Back in its file: back in reviews. */
	if (rc == 0 && old->removed)
		rc = card_set_removed(st, c->id, 0, cause);
	card_free(c);
	return rc;
}

/* The cards of a file that moved are the new file's, all of them. */
static int
import_move_source(struct store *st, const char *from, const char *to,
    char **cause)
{
	static const char sql[] = "UPDATE cards SET source = ?1 WHERE "
	    "source = ?2";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	sqlite3_bind_text(stmt, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
	return store_done(st, stmt, cause);
}

/*
 * A bulk insert of new cards.  Row by row, the triggers on inserts into
 * cards (the count caches) and the CHECKs of the cards table cost about as
 * much as the insert; for a batch they are done once instead.  The steps
 * after a batch have one home, the bulk_upkeep table (migration 9 of
 * schema.sql): each names an insert trigger, dropped for the batch inside
 * the import's transaction, and the statement that does its work for the
 * batch's ids; then the trigger is made again.  A crash or an error rolls
 * all of it back, triggers included.
 */
struct import_bulk {
	char		**create;	/* the dropped triggers' CREATE TRIGGER */
	char		**upkeep;	/* and their statements for a batch */
	int		  n;
	int		  checks_off;	/* ignore_check_constraints is on */
	int64_t		  first;	/* ids of the batch so far, or 0 */
	int64_t		  last;
};

/* Below this many new cards, the triggers fire row by row. */
#define IMPORT_BULK_MIN 256

/* Free what a bulk insert remembered. */
static void
import_bulk_free(struct import_bulk *b)
{
	int i;

	for (i = 0; i < b->n; i++) {
		free(b->create[i]);
		free(b->upkeep[i]);
	}
	free(b->create);
	free(b->upkeep);
	memset(b, 0, sizeof *b);
}

/*
 * Start a bulk insert: drop the insert triggers bulk_upkeep names, keeping
 * how to make them again, and leave the CHECKs of cards to the code (the
 * kind and the layer come from recall's own names, so they hold).
 */
static int
import_bulk_begin(struct store *st, struct import_bulk *b, char **cause)
{
	static const char sql[] = "SELECT s.name, s.sql, u.batch_sql FROM "
	    "bulk_upkeep AS u JOIN sqlite_schema AS s ON s.type = 'trigger' "
	    "AND s.tbl_name = 'cards' AND s.name = u.trigger_name ORDER BY "
	    "s.name";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		**names = NULL, *drop;
	int		  rc, i;

	memset(b, 0, sizeof *b);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		names = xreallocarray(names, (size_t)b->n + 1, sizeof *names);
		b->create = xreallocarray(b->create, (size_t)b->n + 1,
		    sizeof *b->create);
		b->upkeep = xreallocarray(b->upkeep, (size_t)b->n + 1,
		    sizeof *b->upkeep);
		names[b->n] = stmt_text(stmt, 0);
		b->create[b->n] = stmt_text(stmt, 1);
		b->upkeep[b->n++] = stmt_text(stmt, 2);
	}
	for (i = 0; rc == 0 && i < b->n; i++) {
		/* A name, not a value: DDL takes no parameters; quoted. */
		drop = sqlite3_mprintf("DROP TRIGGER \"%w\"", names[i]);
		rc = store_exec(st, drop, cause);
		sqlite3_free(drop);
	}
	for (i = 0; i < b->n; i++)
		free(names[i]);
	free(names);
	if (rc == 0 && (rc = store_exec(st, "PRAGMA ignore_check_constraints "
	    "= ON", cause)) == 0)
		b->checks_off = 1;
	return rc;
}

/* Bring the caches up to date for the batch so far. */
static int
import_bulk_flush(struct store *st, struct import_bulk *b, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 i, rc = 0;

	if (b->first == 0)
		return 0;
	for (i = 0; rc == 0 && i < b->n; i++) {
		if (sqlite3_prepare_v2(store_db(st), b->upkeep[i], -1, &stmt,
		    NULL) != SQLITE_OK) {
			xasprintf(cause, "bulk_upkeep: %s",
			    sqlite3_errmsg(store_db(st)));
			return -1;
		}
		if (sqlite3_bind_parameter_count(stmt) >= 1)
			sqlite3_bind_int64(stmt, 1, b->first);
		if (sqlite3_bind_parameter_count(stmt) >= 2)
			sqlite3_bind_int64(stmt, 2, b->last);
		rc = store_done(st, stmt, cause);
		sqlite3_finalize(stmt);
	}
	b->first = b->last = 0;
	return rc;
}

/* A card of the batch was inserted; its ids must run without a gap. */
static int
import_bulk_note(struct store *st, struct import_bulk *b, int64_t id,
    char **cause)
{
	if (b->first != 0 && id != b->last + 1 &&
	    import_bulk_flush(st, b, cause) != 0)
		return -1;
	if (b->first == 0)
		b->first = id;
	b->last = id;
	return 0;
}

/* The CHECKs of cards hold again for what comes after. */
static int
import_bulk_checks_on(struct store *st, struct import_bulk *b, char **cause)
{
	if (!b->checks_off)
		return 0;
	b->checks_off = 0;
	return store_exec(st, "PRAGMA ignore_check_constraints = OFF", cause);
}

/* End a bulk insert: the batch's upkeep, then the triggers again. */
static int
import_bulk_end(struct store *st, struct import_bulk *b, char **cause)
{
	int i, rc;

	rc = import_bulk_checks_on(st, b, cause);
	if (rc == 0)
		rc = import_bulk_flush(st, b, cause);
	for (i = 0; rc == 0 && i < b->n; i++)
		rc = store_exec(st, b->create[i], cause);
	import_bulk_free(b);
	return rc;
}

/*
 * Give up a bulk insert; the rollback that follows makes the triggers
 * again.  The CHECKs are turned back on whatever happened before.
 */
static void
import_bulk_abort(struct store *st, struct import_bulk *b)
{
	if (b->checks_off)
		sqlite3_exec(store_db(st), "PRAGMA ignore_check_constraints = "
		    "OFF", NULL, NULL, NULL);
	import_bulk_free(b);
}

/* Insert new card i into deck d, noting it in the bulk insert if any. */
static int
import_write_new(struct store *st, struct import_file *fi, int i,
    const struct deck *d, struct import_bulk *bulk, char **cause)
{
	struct import_state	 to;
	struct card		*c;
	int			 rc;

	import_states_new(fi, i, &to);
	c = import_card(fi, i, d, &to, d->id);
	rc = card_insert(st, c, cause);
	if (rc == 0 && bulk != NULL)
		rc = import_bulk_note(st, bulk, c->id, cause);
	card_free(c);
	return rc;
}

/* How many new cards the plan inserts. */
static int
import_count_new(const struct import_file *fi)
{
	int i, n = 0;

	for (i = 0; i < fi->nin; i++)
		n += !import_is_already(fi, i) && fi->match[i].kind == MATCH_NEW;
	return n;
}

/*
 * Write the new cards, in the file's order: in one bulk insert when there
 * are many.  Nothing in the bulk insert touches another card.
 */
static int
import_insert_new(struct store *st, struct import_file *fi,
    struct deck **to, char **cause)
{
	struct import_bulk	 bulk, *b = NULL;
	int			 i;

	if (import_count_new(fi) >= IMPORT_BULK_MIN) {
		if (import_bulk_begin(st, &bulk, cause) != 0) {
			import_bulk_abort(st, &bulk);
			return -1;
		}
		b = &bulk;
	}
	for (i = 0; i < fi->nin; i++) {
		if (to[i] == NULL || fi->match[i].kind != MATCH_NEW)
			continue;
		if (import_write_new(st, fi, i, to[i], b, cause) != 0) {
			if (b != NULL)
				import_bulk_abort(st, b);
			return -1;
		}
	}
	if (b != NULL && import_bulk_end(st, b, cause) != 0) {
		import_bulk_abort(st, b);
		return -1;
	}
	return 0;
}

/*
 * Write the plan: the decks first (made in the order the file names
 * them), then the new cards, then edits, removals, restorations.
 */
static int
import_apply(struct cmd_ctx *ctx, struct import_file *fi,
    struct import_opts *o, struct import_counts *n, char **cause)
{
	struct store	 *st = ctx_store(ctx);
	struct deck	**decks = NULL, **to;
	int		  ndecks = 0, i, rc = -1;

	if (store_begin(st, cause) != 0)
		return -1;
	to = xcalloc((size_t)fi->nin + 1, sizeof *to);
	if (import_replan(st, fi, o, n, cause) != 0)
		goto out;
	for (i = 0; i < fi->nin; i++) {
		if (import_is_already(fi, i))
			continue;
		if ((to[i] = import_deck(ctx, fi, fi->in[i].deck, &decks,
		    &ndecks, &n->decks, cause)) == NULL)
			goto out;
	}
	if (import_insert_new(st, fi, to, cause) != 0)
		goto out;
	for (i = 0; i < fi->nin; i++) {
		if (to[i] == NULL || fi->match[i].kind == MATCH_NEW)
			continue;
		if (import_write(st, fi, i, to[i], cause) != 0)
			goto out;
	}
	for (i = 0; i < fi->nold; i++) {
		if (!import_leaves(fi, i))
			continue;
		if (card_set_removed(st, fi->old[i]->id, 1, cause) != 0)
			goto out;
	}
	if (fi->moved_from != NULL &&
	    import_move_source(st, fi->moved_from, fi->source, cause) != 0)
		goto out;
	rc = 0;
out:
	if (rc == 0)
		rc = store_commit(st, cause);
	else
		store_rollback(st);
	for (i = 0; i < ndecks; i++)
		deck_free(decks[i]);
	free(decks);
	free(to);
	return rc;
}

/* Count the plan. */
static void
import_count(const struct import_file *fi, struct import_counts *n)
{
	int i;

	for (i = 0; i < fi->nin; i++) {
		if (import_is_already(fi, i)) {
			n->already++;
			continue;
		}
		switch (fi->match[i].kind) {
		case MATCH_NEW:
			n->fresh++;
			break;
		case MATCH_EDITED:
			n->edited++;
			break;
		default:
			n->unchanged++;
		}
		if (fi->match[i].kind != MATCH_NEW &&
		    fi->old[fi->match[i].old]->removed)
			n->restored++;
		n->conflicts += fi->conflict[i] != 0;
	}
	for (i = 0; i < fi->nold; i++) {
		if (import_leaves(fi, i))
			n->removed++;
	}
}

/* A card as one line for the plan: "front :: back", made one line. */
static char *
import_card_line(const char *front, const char *back, int width)
{
	char *f = str_oneline(front), *b = str_oneline(back), *s, *cut;

	xasprintf(&s, "%s :: %s", f, b);
	free(f);
	free(b);
	cut = width > 0 ? utf8_truncate(s, width) : xstrdup(s);
	free(s);
	return cut;
}

/* What became of a conflict, in words. */
static const char *
import_conflict_verdict(const struct import_file *fi, int i,
    const struct import_opts *o)
{
	if (o->dry_run && o->conflict == CONFLICT_ASK)
		return "would ask which to keep";
	if (fi->keep[i] & fi->conflict[i]) {
		return o->dry_run ? "would keep the recall edit" :
		    "kept the recall edit";
	}
	return o->dry_run ? "would take the file's" : "took the file's";
}

/* The names of the fields in a mask, for messages: "text, tags". */
static char *
import_fields(int mask)
{
	static const struct {
		int		 bit;
		const char	*name;
	} names[] = {
		{ IMPORT_TEXT, "text" }, { IMPORT_TAGS, "tags" },
		{ IMPORT_LAYER, "layer" }, { IMPORT_DECK, "deck" }
	};
	struct buf	b;
	size_t		i;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(mask & names[i].bit))
			continue;
		if (b.len != 0)
			buf_puts(&b, ", ");
		buf_puts(&b, names[i].name);
	}
	return buf_steal(&b);
}

/* A card's state as one line, with the fields of mask beyond its text. */
static char *
import_state_line(const struct import_state *st, int mask, int width)
{
	char	*line, *full;

	line = import_card_line(st->front, st->back, width);
	xasprintf(&full, "%s%s%s%s%s%s%s", line,
	    (mask & IMPORT_TAGS) ? "  tags: " : "",
	    (mask & IMPORT_TAGS) ? (*st->tags != '\0' ? st->tags : "none") : "",
	    (mask & IMPORT_LAYER) ? "  layer: " : "",
	    (mask & IMPORT_LAYER) ? layer_name(st->layer) : "",
	    (mask & IMPORT_DECK) ? "  deck: " : "",
	    (mask & IMPORT_DECK) ? (st->deck != NULL ? st->deck : "?") : "");
	free(line);
	return full;
}

/* Show a card edited both in recall and in its file. */
static void
import_conflict_print(const struct import_file *fi, int i,
    const struct import_opts *o, int width)
{
	struct import_state	 file, now;
	char			*mine, *theirs, *fields;
	int			 j = fi->match[i].old, both;

	import_states(fi, i, j, &file, &now);
	mine = import_state_line(&now, fi->conflict[i], width);
	theirs = import_state_line(&file, fi->conflict[i], width);
	fields = import_fields(fi->conflict[i]);
	/* With --conflict file, a field only recall changed is listed too. */
	both = fi->base[j] == NULL ||
	    (import_state_diff(&file, fi->base[j]) & fi->conflict[i]) != 0;
	printf("  conflict line %d: card %lld was edited in recall%s (%s); "
	    "%s\n           recall: %s\n           file:   %s\n",
	    fi->in[i].card->line, (long long)fi->old[j]->id,
	    both ? " and in the file" : ", not in the file", fields,
	    import_conflict_verdict(fi, i, o), mine, theirs);
	free(fields);
	free(mine);
	free(theirs);
}

/* A conflict as a JSON change. */
static void
import_conflict_json(struct json *j, const struct import_file *fi, int i)
{
	struct import_state	 file, now;
	char			*fields = import_fields(fi->conflict[i]);

	import_states(fi, i, fi->match[i].old, &file, &now);
	json_object_begin(j);
	json_kv_string(j, "action", "conflict");
	json_kv_int(j, "line", fi->in[i].card->line);
	json_kv_int(j, "id", fi->old[fi->match[i].old]->id);
	json_kv_string(j, "fields", fields);
	json_kv_string(j, "deck", file.deck);
	json_kv_string(j, "front", file.front);
	json_kv_string(j, "back", file.back);
	json_kv_string(j, "tags", file.tags);
	json_kv_string(j, "recall_deck", now.deck);
	json_kv_string(j, "recall_front", now.front);
	json_kv_string(j, "recall_back", now.back);
	json_kv_string(j, "recall_tags", now.tags);
	json_kv_string(j, "kept", (fi->keep[i] & fi->conflict[i]) ? "recall" :
	    "file");
	json_object_end(j);
	free(fields);
}

/* One new card's change as JSON, if it is one. */
static void
import_change_json(struct json *j, const struct import_file *fi, int i)
{
	const struct summary_card	*c = fi->in[i].card;
	const struct card		*old;

	if (fi->conflict[i]) {
		import_conflict_json(j, fi, i);
		return;
	}
	if (fi->match[i].kind == MATCH_UNCHANGED)
		return;
	json_object_begin(j);
	json_kv_string(j, "action", import_is_already(fi, i) ? "already" :
	    fi->match[i].kind == MATCH_NEW ? "new" : "edited");
	json_kv_int(j, "line", c->line);
	json_kv_string(j, "deck", fi->in[i].deck);
	json_kv_string(j, "front", c->front);
	json_kv_string(j, "back", c->back);
	if (import_is_already(fi, i))
		json_kv_int(j, "id", fi->already[i]);
	if (fi->match[i].kind == MATCH_EDITED) {
		old = fi->old[fi->match[i].old];
		json_kv_int(j, "id", old->id);
		json_kv_string(j, "old_front", old->front);
		json_kv_string(j, "old_back", old->back);
		json_kv_double(j, "similarity", fi->match[i].similarity);
	}
	json_object_end(j);
}

/* The plan as JSON: counts, then each change. */
static void
import_report_json(struct json *j, const struct import_file *fi,
    const struct import_counts *n, const struct import_opts *o)
{
	int i;

	json_object_begin(j);
	json_kv_string(j, "file", fi->name);
	json_kv_bool(j, "imported", !o->dry_run);
	json_kv_int(j, "new", n->fresh);
	json_kv_int(j, "edited", n->edited);
	json_kv_int(j, "unchanged", n->unchanged);
	json_kv_int(j, "removed", n->removed);
	json_kv_int(j, "restored", n->restored);
	json_kv_int(j, "conflicts", n->conflicts);
	json_kv_int(j, "warnings", n->warnings);
	json_kv_int(j, "already", n->already);
	if (fi->moved_from != NULL)
		json_kv_string(j, "moved_from", fi->moved_from);
	json_key(j, "changes");
	json_array_begin(j);
	for (i = 0; i < fi->nin; i++)
		import_change_json(j, fi, i);
	for (i = 0; i < fi->nold; i++) {
		if (!import_leaves(fi, i))
			continue;
		json_object_begin(j);
		json_kv_string(j, "action", "removed");
		json_kv_int(j, "id", fi->old[i]->id);
		json_kv_string(j, "front", fi->old[i]->front);
		json_kv_string(j, "back", fi->old[i]->back);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* One line of counts for a file. */
static void
import_report_counts(const struct import_file *fi,
    const struct import_counts *n, const struct import_opts *o)
{
	if (fi->moved_from != NULL) {
		printf("%s looks like %s moved: %d card%s kept\n", fi->name,
		    fi->moved_from, n->edited + n->unchanged, n->edited +
		    n->unchanged == 1 ? "" : "s");
	}
	printf("%s: %d new, %d edited, %d unchanged, %d removed", fi->name,
	    n->fresh, n->edited, n->unchanged, n->removed);
	if (n->restored > 0)
		printf(", %d back in the file", n->restored);
	if (n->already > 0)
		printf(", %d already in the collection", n->already);
	if (n->conflicts > 0)
		printf(", %d conflict%s", n->conflicts, n->conflicts == 1 ?
		    "" : "s");
	if (n->warnings > 0)
		printf(", %d warning%s", n->warnings, n->warnings == 1 ?
		    "" : "s");
	if (n->decks > 0)
		printf("; %d deck%s %s", n->decks, n->decks == 1 ? "" : "s",
		    o->dry_run ? "to create" : "created");
	printf("%s\n", o->dry_run ? " (dry run: nothing written)" : "");
}

/* After an import: what a person must know of what happened. */
static void
import_report_done(const struct import_file *fi,
    const struct import_counts *n, const struct import_opts *o)
{
	char	*line;
	int	 i;

	for (i = 0; i < fi->nin; i++) {
		if (fi->conflict[i])
			import_conflict_print(fi, i, o, 60);
	}
	if (n->already > 0) {
		printf("  %d card%s already in the collection (from %s%s), not "
		    "imported again\n", n->already, n->already == 1 ? "" : "s",
		    fi->already_from, fi->already_many ? " and elsewhere" :
		    "");
	}
	for (i = 0; i < fi->nold; i++) {
		if (!import_leaves(fi, i))
			continue;
		line = import_card_line(fi->old[i]->front, fi->old[i]->back,
		    60);
		printf("  removed from the file, suspended: card %lld %s\n",
		    (long long)fi->old[i]->id, line);
		free(line);
	}
}

/* The plan of a dry run, card by card. */
static void
import_report_plan(const struct import_file *fi, const struct import_opts *o,
    int width)
{
	const struct summary_card	*c;
	const struct card		*old;
	char				*line, *was;
	int				 i;

	for (i = 0; i < fi->nin; i++) {
		c = fi->in[i].card;
		if (fi->conflict[i]) {
			import_conflict_print(fi, i, o, width);
			continue;
		}
		if (fi->match[i].kind == MATCH_UNCHANGED)
			continue;
		line = import_card_line(c->front, c->back, width);
		if (import_is_already(fi, i))
			printf("  already  line %d: card %lld: %s\n", c->line,
			    (long long)fi->already[i], line);
		else if (fi->match[i].kind == MATCH_NEW)
			printf("  new      line %d: %s\n", c->line, line);
		else {
			old = fi->old[fi->match[i].old];
			was = import_card_line(old->front, old->back, width);
			printf("  edited   line %d: card %lld (%.0f%% alike)\n"
			    "           was: %s\n           now: %s\n", c->line,
			    (long long)old->id, fi->match[i].similarity * 100,
			    was, line);
			free(was);
		}
		free(line);
	}
	for (i = 0; i < fi->nold; i++) {
		if (!import_leaves(fi, i))
			continue;
		line = import_card_line(fi->old[i]->front, fi->old[i]->back,
		    width);
		printf("  removed  card %lld: %s\n",
		    (long long)fi->old[i]->id, line);
		free(line);
	}
}

/* Print the plan in detail (for --dry-run) or as JSON. */
static void
import_report(struct cmd_ctx *ctx, const struct import_file *fi,
    const struct import_counts *n, struct import_opts *o)
{
	if (o->json != NULL) {
		import_report_json(o->json, fi, n, o);
		return;
	}
	if (ctx->quiet && !o->dry_run)
		return;
	import_report_counts(fi, n, o);
	if (!o->dry_run)
		import_report_done(fi, n, o);
	else
		import_report_plan(fi, o, isatty(STDOUT_FILENO) ?
		    term_width() - 14 : 0);
}

/* A card of a gone file: its exact identity and which file it was in. */
struct import_gone {
	uint64_t	 key;
	int		 source;	/* index in the import's gone sources */
};

/* Order gone cards by identity, for a binary search. */
static int
import_gone_cmp(const void *va, const void *vb)
{
	const struct import_gone *a = va, *b = vb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->source - b->source;
}

/* Read the live cards of gone source i into the import's table. */
static int
import_gone_cards(struct store *st, struct import_opts *o, int i,
    char **cause)
{
	static const char sql[] = "SELECT kind, cloze, front, back FROM cards "
	    "WHERE source = ? AND removed = 0";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	const char	*kind, *front, *back;
	int		 rc;

	sqlite3_bind_text(stmt, 1, o->gone[i], -1, SQLITE_STATIC);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		kind = (const char *)sqlite3_column_text(stmt, 0);
		front = (const char *)sqlite3_column_text(stmt, 2);
		back = (const char *)sqlite3_column_text(stmt, 3);
		if (kind == NULL || front == NULL || back == NULL)
			continue;
		o->gone_cards = xgrow(o->gone_cards, &o->gone_cards_cap,
		    (size_t)o->ngone_cards, sizeof *o->gone_cards);
		o->gone_cards[o->ngone_cards].key = import_key(kind,
		    sqlite3_column_int(stmt, 1), front, back);
		o->gone_cards[o->ngone_cards++].source = i;
		o->gone_total[i]++;
	}
	return rc;
}

/*
 * The file sources of the collection whose files are gone, and their
 * cards, read once for an import (the files it imports exist, so none of
 * them is gone).
 */
static int
import_gone_sources(struct store *st, struct import_opts *o, char **cause)
{
	static const char sql[] = "SELECT DISTINCT source FROM cards WHERE "
	    "source >= '/' AND source < '0'";
	sqlite3_stmt	*stmt;
	struct stat	 sb;
	const char	*source;
	int		 rc, i;

	if (o->gone_read)
		return 0;
	stmt = store_stmt(st, sql);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		source = (const char *)sqlite3_column_text(stmt, 0);
		if (source == NULL || stat(source, &sb) == 0 ||
		    errno != ENOENT)
			continue;
		o->gone = xreallocarray(o->gone, (size_t)o->ngone + 1,
		    sizeof *o->gone);
		o->gone[o->ngone++] = xstrdup(source);
	}
	if (rc != 0)
		return -1;
	o->gone_read = 1;
	if (o->ngone == 0)
		return 0;	/* nothing kept, nothing to free */
	o->gone_total = xcalloc((size_t)o->ngone, sizeof *o->gone_total);
	o->gone_taken = xcalloc((size_t)o->ngone, sizeof *o->gone_taken);
	for (i = 0; i < o->ngone; i++) {
		if (import_gone_cards(st, o, i, cause) != 0)
			return -1;
	}
	if (o->ngone_cards > 1)
		qsort(o->gone_cards, (size_t)o->ngone_cards,
		    sizeof *o->gone_cards, import_gone_cmp);
	return 0;
}

/* Forget what an import kept from file to file. */
void
import_opts_done(struct import_opts *o)
{
	int i;

	for (i = 0; i < o->ngone; i++)
		free(o->gone[i]);
	free(o->gone);
	free(o->gone_cards);
	free(o->gone_total);
	free(o->gone_taken);
	o->gone = NULL;
	o->gone_cards = NULL;
	o->gone_cards_cap = 0;
	o->gone_total = o->gone_taken = NULL;
	o->ngone = o->ngone_cards = 0;
	o->gone_read = 0;
}

/* The first gone card with this identity, or ngone_cards if none. */
static int
import_gone_find(const struct import_opts *o, uint64_t key)
{
	int lo = 0, hi = o->ngone_cards, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o->gone_cards[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Was this new file one that is gone (moved or renamed)?  Sets moved_from
 * to the gone source holding most of its cards, if at least half of the
 * smaller of the two are the same cards.
 */
static int
import_find_moved(struct store *st, struct import_file *fi,
    struct import_opts *o, struct import_keys *k, char **cause)
{
	int	*found, *stamp, i, at, src, best = -1, smaller;

	if (import_gone_sources(st, o, cause) != 0)
		return -1;
	if (o->ngone == 0)
		return 0;
	found = xcalloc((size_t)o->ngone, sizeof *found);
	stamp = xcalloc((size_t)o->ngone, sizeof *stamp);
	for (i = 0; i < fi->nin; i++) {
		for (at = import_gone_find(o, k->keys[i]);
		    at < o->ngone_cards && o->gone_cards[at].key == k->keys[i];
		    at++) {
			src = o->gone_cards[at].source;
			if (stamp[src] == i + 1 || o->gone_taken[src])
				continue;
			stamp[src] = i + 1;
			found[src]++;
		}
	}
	for (src = 0; src < o->ngone; src++) {
		smaller = o->gone_total[src] < fi->nin ? o->gone_total[src] :
		    fi->nin;
		if (found[src] > 0 && found[src] * 2 >= smaller &&
		    (best < 0 || found[src] > found[best]))
			best = src;
	}
	if (best >= 0) {
		fi->moved_from = xstrdup(o->gone[best]);
		o->gone_taken[best] = 1;
	}
	free(found);
	free(stamp);
	return 0;
}

/* Is incoming card i the first of its deck?  Remembers the decks seen. */
static int
import_deck_first(const struct import_file *fi, int i, const char ***seen,
    int *nseen)
{
	int j;

	for (j = 0; j < *nseen; j++) {
		if (strcmp((*seen)[j], fi->in[i].deck) == 0)
			return 0;
	}
	*seen = xreallocarray(*seen, (size_t)*nseen + 1, sizeof **seen);
	(*seen)[(*nseen)++] = fi->in[i].deck;
	return 1;
}

/*
 * Cards of the file that are already in their deck from elsewhere (a copy
 * of a file, or an exported summary imported back): never again.
 */
static int
import_find_already(struct store *st, struct import_file *fi,
    struct import_keys *k, char **cause)
{
	static const char sql[] = "SELECT cards.id, cards.source, "
	    "cards.kind, cards.cloze, cards.front, cards.back FROM cards "
	    "JOIN decks ON decks.id = cards.deck_id WHERE decks.name = ?1 AND "
	    "cards.removed = 0 AND cards.source IS NOT ?2 AND "
	    "cards.source IS NOT ?3";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	const char	*from, **seen = NULL;
	int		 i, rc = 0, fresh, nseen = 0;

	fi->already = xcalloc((size_t)fi->nin + 1, sizeof *fi->already);
	for (i = 0; i < fi->nin && rc == 0; i++) {
		if (!import_deck_first(fi, i, &seen, &nseen))
			continue;	/* that deck was looked at */
		sqlite3_bind_text(stmt, 1, fi->in[i].deck, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, fi->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, fi->moved_from != NULL ?
		    fi->moved_from : fi->source, -1, SQLITE_STATIC);
		while ((rc = store_step(st, stmt, cause)) == 1) {
			if ((fresh = import_keys_take(k, fi, stmt, 2)) < 0)
				continue;
			fi->already[fresh] = sqlite3_column_int64(stmt, 0);
			from = (const char *)sqlite3_column_text(stmt, 1);
			if (from == NULL)
				from = "cards added in recall";
			if (fi->already_from == NULL)
				fi->already_from = xstrdup(from);
			else if (strcmp(fi->already_from, from) != 0)
				fi->already_many = 1;
		}
	}
	free(seen);
	return rc;
}

/* Mark the incoming cards that are, exactly, old cards of the file. */
static void
import_keys_take_old(struct import_keys *k, const struct import_file *fi)
{
	int j;

	for (j = 0; j < fi->nold; j++) {
		import_keys_find(k, fi, kind_name(fi->old[j]->kind),
		    fi->old[j]->cloze, import_file_side(fi, j, 0),
		    import_file_side(fi, j, 1));
	}
}

/* Take the removed card in this row as an old card, if the file has it. */
static int
import_adopt_row(struct import_file *fi, struct import_keys *k,
    sqlite3_stmt *stmt, int col)
{
	struct card		*c = card_from_row(stmt);
	struct import_state	*b = import_base_from_row(stmt, col);

	if (import_keys_find(k, fi, kind_name(c->kind), c->cloze,
	    b != NULL ? b->front : c->front, b != NULL ? b->back : c->back) < 0) {
		card_free(c);
		import_base_free(b);
		return 0;
	}
	import_old_grow(fi);
	fi->old[fi->nold] = c;
	fi->base[fi->nold++] = b;
	return 1;
}

/*
 * Cards of a new file that were removed (suspended) from another file of
 * their deck: they are this file's now, history and all, not copies.
 */
static int
import_adopt_removed(struct store *st, struct import_file *fi,
    struct import_keys *k, char **cause)
{
	static const char sql[] = "SELECT " CARD_COLUMNS ", "
	    "cards.file_front, cards.file_back, cards.file_tags, "
	    "cards.file_layer, fd.name FROM cards JOIN decks ON decks.id = "
	    "cards.deck_id LEFT JOIN decks AS fd ON fd.id = "
	    "cards.file_deck_id WHERE decks.name = ?1 AND "
	    "cards.removed = 1 AND cards.source IS NOT ?2 ORDER BY cards.id";
	sqlite3_stmt	*stmt;
	const char	**seen = NULL;
	int		  i, rc = 0, col, nseen = 0;

	stmt = store_stmt(st, sql);
	col = sqlite3_column_count(stmt) - 5;
	for (i = 0; i < fi->nin && rc == 0; i++) {
		if (!import_deck_first(fi, i, &seen, &nseen))
			continue;	/* that deck was looked at */
		sqlite3_bind_text(stmt, 1, fi->in[i].deck, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, fi->source, -1, SQLITE_STATIC);
		while ((rc = store_step(st, stmt, cause)) == 1)
			import_adopt_row(fi, k, stmt, col);
	}
	free(seen);
	return rc;
}

/*
 * For a file recall has not seen under this name: find the file it was
 * (moved or renamed: its cards become this file's) or the cards it holds
 * that are already in the collection (a copy, an exported summary).
 */
static int
import_elsewhere(struct store *st, struct import_file *fi,
    struct import_opts *o, char **cause)
{
	struct import_keys	k;
	int			rc;

	memset(&k, 0, sizeof k);
	import_keys_build(&k, fi);
	/* Only a file (not standard input, not a summary) can have moved. */
	rc = fi->additive || fi->source[0] != '/' ? 0 :
	    import_find_moved(st, fi, o, &k, cause);
	if (rc == 0 && fi->moved_from != NULL) {
		rc = import_load_old(st, fi, fi->moved_from, NULL, cause);
		import_keys_take_old(&k, fi);
	} else if (rc == 0 && !fi->additive)
		rc = import_adopt_removed(st, fi, &k, cause);
	/* What is left may be in the deck already, from another file. */
	if (rc == 0)
		rc = import_find_already(st, fi, &k, cause);
	import_keys_free(&k);
	return rc;
}

/* How many decks a dry run would create, or -1 with cause. */
static int
import_new_decks(struct store *st, const struct import_file *fi,
    char **cause)
{
	const char	**seen = NULL;
	struct deck	 *d;
	int		  nseen = 0, i, j, fresh = 0;

	for (i = 0; i < fi->nin; i++) {
		for (j = nseen - 1; j >= 0; j--) {
			if (strcmp(seen[j], fi->in[i].deck) == 0)
				break;
		}
		if (j >= 0)
			continue;
		seen = xreallocarray(seen, (size_t)nseen + 1, sizeof *seen);
		seen[nseen++] = fi->in[i].deck;
		if ((d = deck_find(st, fi->in[i].deck, cause)) != NULL)
			deck_free(d);
		else if (*cause != NULL) {
			fresh = -1;
			break;
		} else
			fresh++;
	}
	free(seen);
	return fresh;
}

/* Ask about one conflict: 'r' (recall's), 'f' (the file's), or 0: stop. */
static int
import_ask_one(const struct import_file *fi, int i)
{
	struct import_state	 file, now;
	char			*mine, *theirs, *fields;
	int			 key;

	import_states(fi, i, fi->match[i].old, &file, &now);
	mine = import_state_line(&now, fi->conflict[i], 0);
	theirs = import_state_line(&file, fi->conflict[i], 0);
	fields = import_fields(fi->conflict[i]);
	fprintf(stderr, "%s:%d: card %lld was edited in recall and in the "
	    "file (%s)\n  recall: %s\n  file:   %s\n", fi->name,
	    fi->in[i].card->line, (long long)fi->old[fi->match[i].old]->id,
	    fields, mine, theirs);
	free(fields);
	free(mine);
	free(theirs);
	/*
	 * One key, as in a review; Ctrl-C, Ctrl-D and q answer nothing.  Raw
	 * before the question, so a key typed as soon as it shows is kept.
	 */
	if (term_raw() != 0)
		return 0;
	fprintf(stderr, "keep the [r]ecall edit or take the [f]ile's "
	    "(q: stop, import nothing)? ");
	fflush(stderr);
	do
		key = term_key();
	while (key != 'r' && key != 'f' && key != 'q' && key != 0x03 &&
	    key != 0x04 && key != TERM_KEY_EOF);
	term_cooked();
	fprintf(stderr, "%c\n", key == 'r' || key == 'f' ? key : 'q');
	return key == 'r' || key == 'f' ? key : 0;
}

/*
 * Ask, on the terminal, which side each conflicting card keeps.  -1 if
 * the person gave no answer (end of input): nothing is written then.
 */
static int
import_ask(struct import_file *fi)
{
	int i, answer;

	fflush(stdout);
	for (i = 0; i < fi->nin; i++) {
		if (!fi->conflict[i])
			continue;
		if ((answer = import_ask_one(fi, i)) == 0)
			return -1;
		if (answer == 'r')
			fi->keep[i] |= fi->conflict[i];
		else
			fi->keep[i] &= ~fi->conflict[i];
	}
	return 0;
}

/*
 * The deck of each incoming card: --deck, else the Anki deck column, else
 * the front matter's, else the file's name (standard input: "stdin").
 * Prints an error and returns -1 for a bad deck name.
 */
static int
import_decks(struct import_file *fi, char **decks, struct import_opts *o)
{
	struct summary	*s = fi->summary;
	char		*stem, *cause = NULL;
	const char	*deck, *name;
	int		 i;

	stem = strcmp(fi->source, "-") == 0 ? xstrdup(IMPORT_STDIN_DECK) :
	    import_stem(fi->name);
	deck = o->deck != NULL ? o->deck : s->deck != NULL ? s->deck : stem;
	if (strcmp(fi->source, "-") == 0) {
		/* Standard input is known by the deck it fills, and adds. */
		free(fi->source);
		xasprintf(&fi->source, "stdin:%s", deck);
		fi->additive = 1;
	}
	fi->in = xcalloc((size_t)s->ncards + 1, sizeof *fi->in);
	fi->nin = s->ncards;
	for (i = 0; i < s->ncards; i++) {
		fi->in[i].card = &s->cards[i];
		name = o->deck == NULL && decks != NULL && decks[i] != NULL ?
		    decks[i] : deck;
		if (i > 0 && strcmp(fi->in[i - 1].deck, name) == 0)
			fi->in[i].deck = fi->in[i - 1].deck;
		else
			fi->in[i].deck = xstrdup(name);
		if (!deck_name_valid(fi->in[i].deck, &cause)) {
			fprintf(stderr, "%s:%d: %s\n", fi->name,
			    s->cards[i].line, cause);
			fprintf(stderr, "%s: not imported (1 error)\n",
			    fi->name);
			free(cause);
			free(stem);
			return -1;
		}
	}
	free(stem);
	return 0;
}

/* Add one file's counts to the import's. */
static void
import_totals_add(struct import_counts *t, const struct import_counts *n)
{
	t->files++;
	t->fresh += n->fresh;
	t->edited += n->edited;
	t->unchanged += n->unchanged;
	t->removed += n->removed;
	t->restored += n->restored;
	t->decks += n->decks;
	t->conflicts += n->conflicts;
	t->warnings += n->warnings;
	t->already += n->already;
}

/*
 * Import one file's parsed cards under a source identity.  Errors in the
 * file are printed and nothing is written.
 */
static int
import_parsed(struct cmd_ctx *ctx, struct import_file *fi, char **decks,
    struct import_opts *o)
{
	struct import_counts	 n;
	struct summary		*s = fi->summary;
	char			*cause = NULL;
	int			 i;

	memset(&n, 0, sizeof n);
	if (s->nerrors > 0) {
		fflush(stdout);
		for (i = 0; i < s->nerrors; i++)
			fprintf(stderr, "%s\n", s->errors[i]);
		fprintf(stderr, "%s: not imported (%d error%s)\n", fi->name,
		    s->nerrors, s->nerrors == 1 ? "" : "s");
		o->totals.failed++;
		return -1;
	}
	if (s->nwarnings > 0) {
		fflush(stdout);
		for (i = 0; i < s->nwarnings; i++)
			fprintf(stderr, "%s\n", s->warnings[i]);
		n.warnings = s->nwarnings;
	}
	fi->has_track = o->has_track || s->has_track;
	fi->track = o->has_track ? o->track : s->track;
	if (import_decks(fi, decks, o) != 0) {
		o->totals.failed++;
		return -1;
	}
	/* Plan without the write lock: others may write meanwhile. */
	if (import_data_version(ctx_store(ctx), &fi->version, &cause) != 0 ||
	    import_plan(ctx_store(ctx), fi, o, &cause) != 0) {
		cmd_error(ctx, "%s: not imported: %s", fi->name, cause);
		free(cause);
		o->totals.failed++;
		return -1;
	}
	import_count(fi, &n);
	if (o->dry_run) {
		n.decks = import_new_decks(ctx_store(ctx), fi, &cause);
		if (n.decks == -1) {
			cmd_error(ctx, "%s: not imported: %s", fi->name, cause);
			free(cause);
			o->totals.failed++;
			return -1;
		}
	} else if (o->conflict == CONFLICT_ASK && import_ask(fi) != 0) {
		fprintf(stderr, "%s: not imported (no answer)\n", fi->name);
		o->totals.failed++;
		return -1;
	} else if (import_apply(ctx, fi, o, &n, &cause) != 0) {
		cmd_error(ctx, "%s: not imported: %s", fi->name, cause);
		free(cause);
		o->totals.failed++;
		return -1;
	}
	import_report(ctx, fi, &n, o);
	import_totals_add(&o->totals, &n);
	return 0;
}

/* Import one file. */
static int
import_one(struct cmd_ctx *ctx, const char *path, struct import_opts *o)
{
	struct import_file	 fi;
	char			 real[PATH_MAX], **decks = NULL, *cause = NULL;
	int			 rc, i;

	memset(&fi, 0, sizeof fi);
	fi.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	if (strcmp(path, "-") == 0)
		fi.source = xstrdup("-");
	else if (realpath(path, real) != NULL)
		fi.source = xstrdup(real);
	else
		fi.source = xstrdup(path);
	if (import_read(&fi, path, &decks, o, &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		free(fi.source);
		o->totals.failed++;
		return -1;
	}
	o->current = NULL;
	o->lines = 0;
	rc = import_parsed(ctx, &fi, decks, o);
	if (decks != NULL) {
		for (i = 0; i < fi.summary->ncards; i++)
			free(decks[i]);
		free(decks);
	}
	import_file_free(&fi);
	if (o->progress)
		import_progress(o, 0);
	return rc;
}

/* Compare names for a stable walk of a folder. */
static int
import_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folders a walk has been in, so a symlink loop is followed once. */
struct import_seen {
	dev_t	*dev;
	ino_t	*ino;
	int	 n;
};

/* Note a folder as visited; 0 if it was already. */
static int
import_visit(struct import_seen *seen, const struct stat *sb)
{
	int i;

	for (i = 0; i < seen->n; i++) {
		if (seen->dev[i] == sb->st_dev && seen->ino[i] == sb->st_ino)
			return 0;
	}
	seen->dev = xreallocarray(seen->dev, (size_t)seen->n + 1,
	    sizeof *seen->dev);
	seen->ino = xreallocarray(seen->ino, (size_t)seen->n + 1,
	    sizeof *seen->ino);
	seen->dev[seen->n] = sb->st_dev;
	seen->ino[seen->n++] = sb->st_ino;
	return 1;
}

/* The names in a folder, sorted for a stable walk. */
static int
import_names(struct cmd_ctx *ctx, const char *path, char ***out, int *n,
    struct import_opts *o)
{
	DIR		*dir;
	struct dirent	*de;
	char		**names = NULL;

	*n = 0;
	*out = NULL;
	if ((dir = opendir(path)) == NULL) {
		cmd_error(ctx, "%s: %s", path, strerror(errno));
		o->totals.failed++;
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, (size_t)*n + 1, sizeof *names);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (*n > 1)
		qsort(names, (size_t)*n, sizeof *names, import_name_cmp);
	*out = names;
	return 0;
}

/*
 * Import every .md, .txt and .tsv file under a folder, entering each
 * folder once however many links lead to it.
 */
static int
import_walk(struct cmd_ctx *ctx, const char *path, const struct stat *dsb,
    struct import_opts *o, struct import_seen *seen)
{
	struct stat	 sb;
	char		**names, *child;
	int		  n, i, rc = 0;

	if (!import_visit(seen, dsb)) {
		cmd_warn(ctx, "%s: a folder already imported (a symbolic link "
		    "loop?); skipped", path);
		return 0;
	}
	if (import_names(ctx, path, &names, &n, o) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		xasprintf(&child, "%s%s%s", path, path[strlen(path) - 1] ==
		    '/' ? "" : "/", names[i]);
		if (stat(child, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if (import_walk(ctx, child, &sb, o, seen) != 0)
				rc = -1;
		} else if (import_wanted(names[i])) {
			if (import_one(ctx, child, o) != 0)
				rc = -1;
		}
		free(child);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Import a file, or every .md, .txt and .tsv file under a folder. */
int
import_path(struct cmd_ctx *ctx, const char *path, struct import_opts *o)
{
	struct import_seen	seen;
	struct stat		sb;
	char			*stem;
	int			rc;

	if (strcmp(path, "-") == 0)
		return import_one(ctx, path, o);
	if (*path == '\0') {
		cmd_error(ctx, "import: an empty file name (name a summary, a "
		    "folder, or - for standard input)");
		o->totals.failed++;
		return -1;
	}
	if (stat(path, &sb) != 0) {
		cmd_error(ctx, "%s: %s", path, strerror(errno));
		o->totals.failed++;
		return -1;
	}
	if (!S_ISDIR(sb.st_mode) && ankicol_is_package(path)) {
		cmd_error(ctx, "%s: an Anki package is a zip archive, and recall "
		    "reads the collection inside it: unpack it and import that "
		    "file.  From Anki 2.1.50 on it is collection.anki21b, "
		    "compressed with zstd: unzip %s collection.anki21b && zstd "
		    "-d collection.anki21b -o collection.anki21; from older "
		    "Anki, collection.anki21 or collection.anki2: unzip %s",
		    path, path, path);
		o->totals.failed++;
		return -1;
	}
	if (S_ISREG(sb.st_mode) && ankicol_is_database(path))
		return ankicol_import(ctx, path, o);
	if (S_ISREG(sb.st_mode) && revlog_is_csv(path)) {
		stem = o->deck != NULL ? xstrdup(o->deck) : import_stem(path);
		rc = revlog_import(ctx, path, stem, o);
		free(stem);
		return rc;
	}
	if (!S_ISDIR(sb.st_mode))
		return import_one(ctx, path, o);
	memset(&seen, 0, sizeof seen);
	rc = import_walk(ctx, path, &sb, o, &seen);
	free(seen.dev);
	free(seen.ino);
	return rc;
}

/*
 * Import a summary written inside recall: its identity is the summary, so
 * saving it again re-imports with history kept.
 */
int
import_summary_text(struct cmd_ctx *ctx, int64_t id, const char *title,
    const char *text, struct import_opts *o)
{
	struct import_file	fi;
	char			*name;
	int			 rc;

	memset(&fi, 0, sizeof fi);
	xasprintf(&name, "summary %lld (%s)", (long long)id, title);
	fi.name = name;
	xasprintf(&fi.source, "summary:%lld", (long long)id);
	fi.summary = summary_parse(name, text, strlen(text));
	rc = import_parsed(ctx, &fi, NULL, o);
	import_file_free(&fi);
	free(name);
	return rc;
}

/* Show how far a long import has come, on standard error. */
void
import_progress(struct import_opts *o, int done)
{
	double now = term_seconds();

	if (done) {
		if (o->progress_shown)
			fprintf(stderr, "\r\033[K");
		return;
	}
	if (now - o->started < 0.5 || now - o->last_progress < 0.1)
		return;
	o->last_progress = now;
	o->progress_shown = 1;
	fprintf(stderr, "\r\033[Kimporting: %d file%s done, %d cards",
	    o->totals.files + o->totals.failed, o->totals.files +
	    o->totals.failed == 1 ? "" : "s", o->totals.fresh +
	    o->totals.edited + o->totals.unchanged);
	if (o->current != NULL && o->lines > 0)
		fprintf(stderr, "; reading %s: %d lines", o->current,
		    o->lines);
	fflush(stderr);
}
