/*
 * export: write cards out as a summary (that imports back to the same
 * cards), as an Anki text file, or as JSON.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_export_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_export_option_table[] = {
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = "format", .choices = "summary,anki-tsv,json,review-log" },
	{ .name = "output", .letter = 'o', .value = "FILE",
	    .choices = "@file" },
	{ .name = "force", .letter = 'f' },
	{ .name = NULL }
};

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.args = { cmd_export_option_table, 0, 0, NULL },
	.help = "Write cards out: a summary of one deck (imports back to the "
	    "same cards), an Anki text file, or JSON; or the review history "
	    "as a review log (CSV, as the FSRS tools read it).  -o never "
	    "overwrites without --force.",
	.exec = cmd_export_exec
};

/* Collects the cards to export, in a useful order. */
struct export_list {
	struct card	**cards;
	int		  n;
	size_t		  cap;		/* room in cards */
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
	l->cards = xgrow(l->cards, &l->cap, (size_t)l->n, sizeof *l->cards);
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

/*
 * The cards as a summary gives them (sharing their strings), for the
 * writers in summary.c.
 */
static struct summary_card *
export_summary_cards(struct export_list *l)
{
	struct summary_card	*sc;
	int			 i;

	sc = xcalloc((size_t)l->n + 1, sizeof *sc);
	for (i = 0; i < l->n; i++) {
		const struct card *c = l->cards[i];

		sc[i].kind = c->kind;
		sc[i].cloze = c->cloze;
		sc[i].front = c->front;
		sc[i].back = c->back;
		sc[i].note = c->note;
		sc[i].context = c->context;
		sc[i].layer = c->layer;
		sc[i].tags = c->tags;
		sc[i].line = c->source_line;
	}
	return sc;
}

/* Write one deck as a summary. */
static void
export_summary(FILE *f, const struct deck *d, struct export_list *l)
{
	struct summary_card	*sc = export_summary_cards(l);

	summary_write(f, d->name, d->track, sc, l->n);
	free(sc);
}

/*
 * Write the notes of one deck's cards (first to first + n - 1 in the
 * list): reversed pairs and cloze lines as one note each.
 */
static void
export_anki_deck(FILE *f, struct export_list *l, const struct summary_card *sc,
    int first, int n)
{
	struct anki_note	 note;
	char			*numbered = NULL;
	int			*skip, *partners, i, partner;

	skip = xcalloc((size_t)n + 1, sizeof *skip);
	summary_skip_clozes(sc + first, n, skip, 0);
	partners = summary_partners(sc + first, n);
	for (i = 0; i < n; i++) {
		struct card *c = l->cards[first + i];

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
 * Write cards as an Anki text file, deck by deck (the list is in deck
 * order, so each deck's cards are together).
 */
static void
export_anki(FILE *f, struct export_list *l)
{
	struct summary_card	*sc = export_summary_cards(l);
	int			 first, i;

	anki_write_header(f);
	for (first = 0; first < l->n && !ferror(f); first = i) {
		for (i = first + 1; i < l->n &&
		    l->cards[i]->deck_id == l->cards[first]->deck_id; i++)
			;
		export_anki_deck(f, l, sc, first, i - first);
	}
	free(sc);
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
	for (i = 0; rc == 0 && i < l->n && !ferror(f); i++)
		rc = card_json(j, l->cards[i], st);
	json_array_end(j);
	json_object_end(j);
	json_free(j);
	return rc;
}

/* Do two paths name one place, even if no file is there yet? */
static int
export_same_name(const char *a, const char *b)
{
	const char	*ba, *bb;
	char		*da, *db;
	int		 same;

	ba = (ba = strrchr(a, '/')) != NULL ? ba + 1 : a;
	bb = (bb = strrchr(b, '/')) != NULL ? bb + 1 : b;
	if (strcmp(ba, bb) != 0)
		return 0;
	xasprintf(&da, "%.*s", (int)(ba - a), a);
	xasprintf(&db, "%.*s", (int)(bb - b), b);
	same = same_file(*da != '\0' ? da : ".", *db != '\0' ? db : ".");
	free(da);
	free(db);
	return same;
}

/*
 * Would writing to path overwrite the collection, its WAL files or its
 * damage marker (which would then refuse every write)?
 */
static int
export_is_collection(struct cmd_ctx *ctx, const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-damaged" };
	char	*name;
	size_t	 i;
	int	 same = 0;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0] && !same; i++) {
		xasprintf(&name, "%s%s", ctx->db_path, suffixes[i]);
		same = same_file(path, name) || export_same_name(path, name);
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
	long			  answers = -1;	/* a review log's */
	enum cmd_retval		  ret = CMD_RETURN_ERROR;

	if (format == NULL)
		format = args_json(ctx, args) ? "json" : "summary";
	if (strcmp(format, "summary") != 0 && strcmp(format, "anki-tsv") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "review-log") != 0)
		return cmd_usage(ctx, "export: unknown format '%s' (summary, "
		    "anki-tsv, json or review-log)", format);
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
	if (strcmp(format, "review-log") != 0 &&
	    card_foreach(st, &filter, export_collect, &l, &cause) == -1)
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
	else if (strcmp(format, "review-log") == 0) {
		if ((answers = revlog_export(st, f, deck, &cause)) < 0) {
			if (out != NULL && strcmp(out, "-") != 0)
				out_file_abort(&of);
			goto failed;
		}
	} else if (export_json(f, st, decks, ndecks, &l) != 0) {
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
		if (!ctx->quiet && answers >= 0)
			fprintf(stderr, "wrote %ld answer%s to %s\n", answers,
			    answers == 1 ? "" : "s", out);
		else if (!ctx->quiet)
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
