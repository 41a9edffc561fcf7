/*
 * export: write cards out as a summary (that imports back to the same
 * cards), as an Anki text file, or as JSON.
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_export_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_export_option_table[] = {
	{ "deck", 0, 1, "@deck" },
	{ "format", 0, 1, "summary,anki-tsv,json" },
	{ "output", 'o', 1, "@file" },
	{ "force", 'f', 0, NULL },
	{ NULL, 0, 0, NULL }
};

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.args = { cmd_export_option_table, 0, 0 },
	.usage = "[--deck D] [--format summary|anki-tsv|json] [-o FILE] "
	    "[--force]",
	.help = "Write cards out: a summary of one deck (imports back to the "
	    "same cards), an Anki text file, or JSON.  -o never overwrites "
	    "without --force.",
	.complete = "",
	.exec = cmd_export_exec
};

/* Collects the cards to export, in a useful order. */
struct export_list {
	struct card	**cards;
	int		  n;
};

/*
 * Keep a card (card_foreach frees its own copy, so take it); a card whose
 * line left its summary is not exported.
 */
static int
export_collect(struct card *c, void *arg)
{
	struct export_list	*l = arg;
	struct card		*copy;

	if (c->removed)
		return 0;
	copy = xcalloc(1, sizeof *copy);

	*copy = *c;
	/* Steal the strings: the caller frees only the shell we leave. */
	memset(c, 0, sizeof *c);
	c->tags = NULL;
	l->cards = xreallocarray(l->cards, (size_t)l->n + 1, sizeof *l->cards);
	l->cards[l->n++] = copy;
	return 0;
}

/* Keep only the cards of one deck (not its subdecks), in one pass. */
static void
export_only_deck(struct export_list *l, int64_t deck_id)
{
	int i, kept = 0;

	for (i = 0; i < l->n; i++) {
		if (l->cards[i]->deck_id == deck_id)
			l->cards[kept++] = l->cards[i];
		else
			card_free(l->cards[i]);
	}
	l->n = kept;
}

/* Order for a summary: context, layer, line in the source, id. */
static int
export_order(const void *va, const void *vb)
{
	const struct card *a = *(struct card *const *)va;
	const struct card *b = *(struct card *const *)vb;
	int c;

	if ((c = strcmp(a->deck, b->deck)) != 0)
		return c;
	if ((c = strcmp(a->context, b->context)) != 0)
		return c;
	if (a->layer != b->layer)
		return a->layer < b->layer ? -1 : 1;
	if (a->source_line != b->source_line)
		return a->source_line < b->source_line ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* A card and its place in the list, to sort an index of the list by. */
struct export_ref {
	const struct card	*c;
	int			 i;
};

/* Compare a card with a (deck, front, back) key. */
static int
export_key_cmp(const struct card *c, int64_t deck_id, const char *front,
    const char *back)
{
	int r;

	if (c->deck_id != deck_id)
		return c->deck_id < deck_id ? -1 : 1;
	if ((r = strcmp(c->front, front)) != 0)
		return r;
	return strcmp(c->back, back);
}

/* Order reverse cards by deck, front and back, then place in the list. */
static int
export_ref_pair_cmp(const void *va, const void *vb)
{
	const struct export_ref	*a = va, *b = vb;
	int			 r;

	if ((r = export_key_cmp(a->c, b->c->deck_id, b->c->front,
	    b->c->back)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * The reverse partner of each basic card (same deck, sides swapped; the
 * first in the list if there are several), or -1: found by a binary
 * search in a sorted index, so a large deck exports in n log n, not n^2.
 */
static int *
export_partners(struct export_list *l)
{
	struct export_ref	*rev;
	int			*partner, nrev = 0, i, lo, hi, mid;

	partner = xreallocarray(NULL, (size_t)l->n + 1, sizeof *partner);
	rev = xreallocarray(NULL, (size_t)l->n + 1, sizeof *rev);
	for (i = 0; i < l->n; i++) {
		partner[i] = -1;
		if (l->cards[i]->kind == KIND_REVERSE) {
			rev[nrev].c = l->cards[i];
			rev[nrev++].i = i;
		}
	}
	if (nrev > 1)
		qsort(rev, (size_t)nrev, sizeof *rev, export_ref_pair_cmp);
	for (i = 0; i < l->n && nrev > 0; i++) {
		const struct card *c = l->cards[i];

		if (c->kind != KIND_BASIC)
			continue;
		lo = 0;
		hi = nrev;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (export_key_cmp(rev[mid].c, c->deck_id, c->back,
			    c->front) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nrev && export_key_cmp(rev[lo].c, c->deck_id, c->back,
		    c->front) == 0)
			partner[i] = rev[lo].i;
	}
	free(rev);
	return partner;
}

/* Are two clozes of one line in a summary (same text and context)? */
static int
export_line_context(const struct card *a, const struct card *b)
{
	int r;

	if ((r = strcmp(a->note, b->note)) != 0)
		return r;
	return strcmp(a->context, b->context);
}

/* Are two clozes one Anki note (same deck and text)? */
static int
export_line_deck(const struct card *a, const struct card *b)
{
	if (a->deck_id != b->deck_id)
		return a->deck_id < b->deck_id ? -1 : 1;
	return strcmp(a->note, b->note);
}

/* Sort clozes by line (text and context), then place in the list. */
static int
export_ref_context_cmp(const void *va, const void *vb)
{
	const struct export_ref	*a = va, *b = vb;
	int			 r;

	if ((r = export_line_context(a->c, b->c)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Sort clozes by note (deck and text), then place in the list. */
static int
export_ref_deck_cmp(const void *va, const void *vb)
{
	const struct export_ref	*a = va, *b = vb;
	int			 r;

	if ((r = export_line_deck(a->c, b->c)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * Mark in skip every cloze but the first of its line (the line is written
 * once and gives them all): sorted with sort, one line where same is 0.
 */
static void
export_skip_clozes(struct export_list *l, int *skip,
    int (*sort)(const void *, const void *),
    int (*same)(const struct card *, const struct card *))
{
	struct export_ref	*refs;
	int			 n = 0, i;

	refs = xreallocarray(NULL, (size_t)l->n + 1, sizeof *refs);
	for (i = 0; i < l->n; i++) {
		if (l->cards[i]->kind == KIND_CLOZE &&
		    l->cards[i]->note != NULL) {
			refs[n].c = l->cards[i];
			refs[n++].i = i;
		}
	}
	if (n > 1)
		qsort(refs, (size_t)n, sizeof *refs, sort);
	for (i = 1; i < n; i++) {
		if (same(refs[i].c, refs[i - 1].c) == 0)
			skip[refs[i].i] = 1;
	}
	free(refs);
}

/* Does a card need the multi-line form ('?') to survive a re-import? */
static int
export_needs_block(const struct card *c)
{
	return strchr(c->front, '\n') != NULL || strchr(c->back, '\n') != NULL;
}

/* Does a line start with something a summary would read as syntax? */
static int
export_marked_line(const char *s, size_t len)
{
	static const char *const marks[] = { "#", "Q:", "A:", "---", "<!--",
	    "```", "~~~", "\\" };
	size_t i;

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		if (len >= strlen(marks[i]) &&
		    strncmp(s, marks[i], strlen(marks[i])) == 0)
			return 1;
	}
	return (len == 1 && s[0] == '?') || (len > 0 && (s[0] == ' ' ||
	    s[0] == '\t'));
}

static void	export_text_marks(FILE *, const char *, size_t, int);

/*
 * Write one line of card text so that a summary reads it back as text:
 * separators, clozes and tags escaped with '\', and a line that starts
 * like syntax made literal with a leading '\'.
 */
static void
export_text_line(FILE *f, const char *s, size_t len)
{
	if (export_marked_line(s, len))
		fputc('\\', f);
	export_text_marks(f, s, len, 1);
}

/*
 * Write text with its separators, clozes and tags escaped; line_start says
 * whether it begins a line (else it follows a space).
 */
static void
export_text_marks(FILE *f, const char *s, size_t len, int line_start)
{
	size_t i;

	for (i = 0; i < len; i++) {
		int after_space = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t';

		if ((s[i] == '{' && i + 1 < len && s[i + 1] == '{') ||
		    (s[i] == '}' && i + 1 < len && s[i + 1] == '}')) {
			fputc('\\', f);
			fputc(s[i], f);
			fputc(s[i + 1], f);
			i++;
			continue;
		}
		if (s[i] == ':' && i + 1 < len && s[i + 1] == ':' &&
		    after_space) {
			fputs("\\::", f);
			i++;
			continue;
		}
		if (s[i] == '#' && (i > 0 || !line_start) && after_space &&
		    i + 1 < len &&
		    (isalpha((unsigned char)s[i + 1]) ||
		    (unsigned char)s[i + 1] >= 0x80)) {
			fputs("\\#", f);
			continue;
		}
		fputc(s[i], f);
	}
}

/* Write trailing #tags. */
static void
export_tags(FILE *f, const char *tags)
{
	const char *p = tags, *start;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		start = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (p != start)
			fprintf(f, " #%.*s", (int)(p - start), start);
	}
}

/* Write lines, dropping blank ones (a blank line ends a '?' back). */
static void
export_lines(FILE *f, const char *text)
{
	const char	*p = text, *nl;
	size_t		 len;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl == NULL ? strlen(p) : (size_t)(nl - p);
		if (!str_empty_n(p, len)) {
			export_text_line(f, p, len);
			fputc('\n', f);
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* Write "front SEP back" on one line, escaped. */
static void
export_pair(FILE *f, const struct card *c, const char *sep)
{
	export_text_line(f, c->front, strlen(c->front));
	fprintf(f, " %s ", sep);
	/* The back follows a separator: only its marks need escaping. */
	export_text_marks(f, c->back, strlen(c->back), 0);
	export_tags(f, c->tags);
	fputc('\n', f);
}

/* Write one deck as a summary. */
static void
export_summary(FILE *f, const struct deck *d, struct export_list *l)
{
	char		**prev = NULL, **parts;
	const char	 *layer_names[] = { "Skim", "Explore", "Deepen" };
	int		  nprev = 0, nparts, i, k, level, partner;
	int		  layer = -1, *skip, *partners;

	fprintf(f, "---\ndeck: %s\ntrack: %s\n---\n", d->name,
	    track_name(d->track));
	skip = xcalloc((size_t)l->n + 1, sizeof *skip);
	export_skip_clozes(l, skip, export_ref_context_cmp,
	    export_line_context);
	partners = export_partners(l);
	for (i = 0; i < l->n; i++) {
		struct card *c = l->cards[i];

		if (skip[i])
			continue;
		/* Headings for the context, where it changes. */
		parts = context_split(c->context, &nparts);
		for (k = 0; k < nparts && k < nprev &&
		    strcmp(parts[k], prev[k]) == 0; k++)
			;
		if (k < nparts || nparts != nprev) {
			for (level = k; level < nparts; level++)
				fprintf(f, "\n%.*s %s\n", level + 1, "######",
				    parts[level]);
			layer = -1;
		}
		context_free(prev, nprev);
		prev = parts;
		nprev = nparts;
		if ((int)c->layer != layer) {
			fprintf(f, "\n%.*s %s\n", nparts + 1 > 6 ? 6 :
			    nparts + 1, "######", layer_names[c->layer]);
			layer = (int)c->layer;
		}
		if (c->kind == KIND_CLOZE && c->note != NULL) {
			fprintf(f, "%s", c->note);
			export_tags(f, c->tags);
			fputc('\n', f);
			/* The line's other clozes came with it (skipped). */
			continue;
		}
		partner = partners[i];
		if (partner >= 0 && !skip[partner] &&
		    !export_needs_block(c) && strcmp(c->tags,
		    l->cards[partner]->tags) == 0 &&
		    c->layer == l->cards[partner]->layer) {
			skip[partner] = 1;
			export_pair(f, c, ":::");
			continue;
		}
		if (export_needs_block(c)) {
			fputc('\n', f);
			export_lines(f, c->front);
			fprintf(f, "?\n");
			export_lines(f, c->back);
			if (*c->tags != '\0') {
				export_tags(f, c->tags);
				fputc('\n', f);
			}
			fputc('\n', f);
			continue;
		}
		export_pair(f, c, "::");
	}
	context_free(prev, nprev);
	free(partners);
	free(skip);
}

/* Write cards as an Anki text file: one note per card, reversed pairs
 * and cloze lines as one note each. */
static void
export_anki(FILE *f, struct export_list *l)
{
	struct anki_note	 note;
	char			*numbered = NULL;
	int			*skip, *partners, i, partner;

	skip = xcalloc((size_t)l->n + 1, sizeof *skip);
	export_skip_clozes(l, skip, export_ref_deck_cmp, export_line_deck);
	partners = export_partners(l);
	anki_write_header(f);
	for (i = 0; i < l->n; i++) {
		struct card *c = l->cards[i];

		if (skip[i])
			continue;
		memset(&note, 0, sizeof note);
		note.deck = c->deck;
		note.tags = c->tags;
		note.front = c->front;
		note.back = c->back;
		note.type = ANKI_BASIC;
		if (c->kind == KIND_CLOZE && c->note != NULL) {
			note.type = ANKI_CLOZE;
			/* Anki needs {{c1::...}}: number every cloze. */
			numbered = summary_cloze_numbered(c->note);
			note.front = numbered;
			note.back = "";
		} else if ((partner = partners[i]) >= 0 && !skip[partner]) {
			note.type = ANKI_REVERSED;
			skip[partner] = 1;
		}
		anki_write_note(f, &note);
		free(numbered);
		numbered = NULL;
	}
	free(partners);
	free(skip);
}

/*
 * Write decks and cards as JSON; -1 if a card's history cannot be read
 * (the store failed, and says why).
 */
static int
export_json(FILE *f, struct store *st, struct deck **decks, int ndecks,
    struct export_list *l)
{
	struct json	*j = json_create(f);
	int		 i, rc = 0;

	json_object_begin(j);
	json_key(j, "decks");
	json_array_begin(j);
	for (i = 0; i < ndecks; i++) {
		json_object_begin(j);
		json_kv_string(j, "name", decks[i]->name);
		json_kv_string(j, "track", track_name(decks[i]->track));
		json_kv_double(j, "weight", decks[i]->weight);
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "cards");
	json_array_begin(j);
	for (i = 0; rc == 0 && i < l->n; i++)
		rc = card_json(j, l->cards[i], st);
	json_array_end(j);
	json_object_end(j);
	json_free(j);
	return rc;
}

/* Would writing to path overwrite the collection (or its WAL files)? */
static int
export_is_collection(struct cmd_ctx *ctx, const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char	*name;
	size_t	 i;
	int	 same = 0;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0] && !same; i++) {
		xasprintf(&name, "%s%s", ctx->db_path, suffixes[i]);
		same = same_file(path, name);
		free(name);
	}
	return same;
}

/*
 * The one deck a summary of NAME holds: the deck itself, or, for a parent
 * of decks, the only deck under it.  A parent of several cannot be one
 * summary (its front matter names one deck): say what can be done.
 */
static struct deck *
export_summary_deck(struct cmd_ctx *ctx, const char *name)
{
	struct deck	**list, *d;
	char		 *cause = NULL;
	int		  n;

	if ((d = deck_find(ctx_store(ctx), name, &cause)) != NULL)
		return d;
	if (cause == NULL)
		list = deck_list(ctx_store(ctx), name, &n, &cause);
	if (cause != NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return NULL;
	}
	if (n == 1) {
		d = list[0];
		free(list);
		return d;
	}
	deck_list_free(list, n);
	if (n == 0)
		cmd_error(ctx, "no deck named '%s' (see 'deck list')", name);
	else {
		cmd_error(ctx, "export: '%s' holds %d decks and a summary holds "
		    "one: export each of them (see 'deck list %s'), or all at "
		    "once with --format json or anki-tsv", name, n, name);
	}
	return NULL;
}

static enum cmd_retval
cmd_export_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		 *st = ctx_store(ctx);
	struct card_filter	  filter;
	struct export_list	  l;
	struct deck		**decks = NULL, *one = NULL;
	const char		 *format = args_get(args, "format");
	const char		 *out = args_get(args, "output");
	const char		 *deck = args_get(args, "deck");
	char			 *cause = NULL;
	struct out_file		  of;
	FILE			 *f = stdout;
	int			  ndecks = 0, i;
	enum cmd_retval		  ret = CMD_RETURN_ERROR;

	if (format == NULL)
		format = args_json(ctx, args) ? "json" : "summary";
	if (strcmp(format, "summary") != 0 && strcmp(format, "anki-tsv") != 0 &&
	    strcmp(format, "json") != 0)
		return cmd_usage(ctx, "export: unknown format '%s' (summary, "
		    "anki-tsv or json)", format);
	memset(&l, 0, sizeof l);
	memset(&filter, 0, sizeof filter);
	filter.layer = -1;

	if (strcmp(format, "summary") == 0) {
		/* A summary is one deck: named, or the only one there is. */
		if (deck != NULL) {
			if ((one = export_summary_deck(ctx, deck)) == NULL)
				return CMD_RETURN_ERROR;
		} else {
			decks = deck_list(st, NULL, &ndecks, &cause);
			if (cause != NULL)
				goto failed;
			if (ndecks != 1) {
				deck_list_free(decks, ndecks);
				cmd_error(ctx, "export: a summary is one deck: "
				    "name it with --deck");
				return CMD_RETURN_ERROR;
			}
			one = decks[0];
			free(decks);
			decks = NULL;
			ndecks = 0;
		}
		filter.deck = one->name;
	} else {
		decks = deck_list(st, deck, &ndecks, &cause);
		if (cause != NULL)
			goto failed;
		if (deck != NULL && ndecks == 0) {
			cmd_error(ctx, "no deck named '%s' (see 'deck list')",
			    deck);
			return CMD_RETURN_ERROR;
		}
		filter.deck = deck;
	}
	if (card_foreach(st, &filter, export_collect, &l, &cause) == -1)
		goto failed;
	if (one != NULL)
		export_only_deck(&l, one->id);
	if (l.n > 1)
		qsort(l.cards, (size_t)l.n, sizeof *l.cards, export_order);

	if (out != NULL && strcmp(out, "-") != 0) {
		if (export_is_collection(ctx, out)) {
			cmd_error(ctx, "export: %s is the collection itself; "
			    "name another file", out);
			goto done;
		}
		if (out_file_open(&of, out, args_has(args, "force"),
		    &cause) != 0) {
			cmd_error(ctx, "export: %s", cause);
			free(cause);
			goto done;
		}
		f = of.f;
	}
	if (strcmp(format, "summary") == 0)
		export_summary(f, one, &l);
	else if (strcmp(format, "anki-tsv") == 0)
		export_anki(f, &l);
	else if (export_json(f, st, decks, ndecks, &l) != 0) {
		if (out != NULL && strcmp(out, "-") != 0)
			out_file_abort(&of);
		goto done;
	}
	if (out != NULL && strcmp(out, "-") != 0) {
		/* Into place only once it is all written. */
		if (out_file_commit(&of, &cause) != 0) {
			cmd_error(ctx, "export: %s", cause);
			free(cause);
			goto done;
		}
		if (!ctx->quiet)
			fprintf(stderr, "wrote %d card%s to %s\n", l.n,
			    l.n == 1 ? "" : "s", out);
	}
	ret = CMD_RETURN_NORMAL;
	goto done;
failed:
	cmd_error(ctx, "export: %s", cause);
	free(cause);
done:
	for (i = 0; i < l.n; i++)
		card_free(l.cards[i]);
	free(l.cards);
	deck_list_free(decks, ndecks);
	deck_free(one);
	return ret;
}
