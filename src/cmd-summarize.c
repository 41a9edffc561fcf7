/*
 * summarize: write a summary in $EDITOR, see the cards it makes, and keep
 * it in the collection.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_summarize_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_summarize_entry = {
	.name = "summarize",
	.args = { "edit= title=", 0, 1 },
	.usage = "[DECK] [--title TITLE] [--edit ID]",
	.help = "Write a summary of what you read in $EDITOR; recall shows the "
	    "cards it makes and keeps it.  --edit reopens a kept summary.",
	.complete = "@deck",
	.flags = CMD_REPLONLY,
	.exec = cmd_summarize_exec
};

/* The text a new summary starts from. */
static char *
summarize_template(const char *deck, enum track track, const char *title)
{
	char *s;

	xasprintf(&s, "---\ndeck: %s\ntrack: %s\n---\n# %s\n\n"
	    "<!-- Write what you read, in your own words: prose is kept but "
	    "makes no cards.\n"
	    "Cards:  term :: definition         one card\n"
	    "        term ::: definition        a card each way\n"
	    "        Q: question  then  A: answer (indent lines to go on)\n"
	    "        a {{word}} in a sentence   a cloze card\n"
	    "Skim, Explore and Deepen headings set the layer of what follows; "
	    "#tags at the\nend of a line tag that card.  This comment makes "
	    "no cards. -->\n\n## Skim\n\n\n## Explore\n\n\n## Deepen\n\n",
	    deck, track_name(track), title);
	return s;
}

/* A title: the first heading of the text, else the deck. */
static char *
summarize_title(const char *text, const char *deck)
{
	const char	*p = text;
	size_t		 len;

	while (p != NULL && *p != '\0') {
		if (p[0] == '#' && p[1] == ' ') {
			while (*p == '#' || *p == ' ')
				p++;
			len = strcspn(p, "\n");
			if (len > 0)
				return xstrndup(p, len > 80 ? 80 : len);
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return xstrdup(deck != NULL ? deck : "summary");
}

/* Save a summary's text (new when id is 0) and import its cards. */
static int
summarize_keep(struct cmd_ctx *ctx, int64_t *id, const char *deck,
    const char *text, char **cause)
{
	static const char insert_sql[] = "INSERT INTO summaries (title, body, "
	    "created, modified) VALUES (?1, ?2, ?3, ?3)";
	static const char update_sql[] = "UPDATE summaries SET title = ?1, "
	    "body = ?2, modified = ?3 WHERE id = ?4";
	static const char deck_sql[] = "UPDATE summaries SET deck_id = (SELECT "
	    "deck_id FROM cards WHERE source = ?1 LIMIT 1) WHERE id = ?2";
	struct store		*st = ctx_store(ctx);
	struct import_opts	 o;
	sqlite3_stmt		*stmt;
	char			*title, *source;

	title = summarize_title(text, deck);
	if (store_begin(st, cause) != 0) {
		free(title);
		return -1;
	}
	stmt = store_stmt(st, *id == 0 ? insert_sql : update_sql);
	sqlite3_bind_text(stmt, 1, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)clock_now());
	if (*id != 0)
		sqlite3_bind_int64(stmt, 4, *id);
	if (store_done(st, stmt, cause) != 0)
		goto fail;
	if (*id == 0)
		*id = sqlite3_last_insert_rowid(store_db(st));
	memset(&o, 0, sizeof o);
	if (import_summary_text(ctx, *id, title, text, &o) != 0) {
		*cause = xstrdup("the summary's cards could not be imported");
		goto fail;
	}
	xasprintf(&source, "summary:%lld", (long long)*id);
	stmt = store_stmt(st, deck_sql);
	sqlite3_bind_text(stmt, 1, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, *id);
	free(source);
	if (store_done(st, stmt, cause) != 0)
		goto fail;
	free(title);
	return store_commit(st, cause);
fail:
	free(title);
	store_rollback(st);
	return -1;
}

/* Show what a summary gave: its errors, or its cards. */
static void
summarize_preview(const struct summary *s)
{
	char	*front, *back, *f, *b;
	int	 i;

	if (s->nerrors > 0) {
		printf("%d problem%s:\n", s->nerrors, s->nerrors == 1 ? "" :
		    "s");
		for (i = 0; i < s->nerrors; i++) {
			/* "summary:LINE: msg" -> "LINE: msg" */
			const char *m = strchr(s->errors[i], ':');

			printf("  line %s\n", m != NULL ? m + 1 : s->errors[i]);
		}
		return;
	}
	if (s->ncards == 0)
		printf("no cards yet (prose is kept, but makes none)\n");
	else
		printf("%d card%s:\n", s->ncards, s->ncards == 1 ? "" : "s");
	for (i = 0; i < s->ncards; i++) {
		front = str_oneline(s->cards[i].front);
		back = str_oneline(s->cards[i].back);
		f = utf8_truncate(front, 40);
		b = utf8_truncate(back, 30);
		printf("  %-7s %s -> %s\n", layer_name(s->cards[i].layer), f, b);
		free(front);
		free(back);
		free(f);
		free(b);
	}
}

/* Load a kept summary's text, or NULL. */
char *
summary_load(struct store *st, int64_t id)
{
	static const char sql[] = "SELECT body FROM summaries WHERE id = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		*body = NULL;

	sqlite3_bind_int64(stmt, 1, id);
	if (store_step(st, stmt, NULL) == 1)
		body = stmt_text(stmt, 0);
	sqlite3_reset(stmt);
	return body;
}

static enum cmd_retval
cmd_summarize_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	struct summary	*s;
	struct deck	*d = NULL;
	const char	*value, *title, *deck = args->argc > 0 ?
			     args->argv[0] : NULL;
	char		*text, *edited, *answer, *cause = NULL;
	char		*template = NULL;
	long long	 n;
	int64_t		 id = 0;
	int		 ok;

	if ((value = args_get(args, "edit")) != NULL) {
		if (parse_int(value, 1, INT64_MAX, &n) != 0)
			return cmd_usage(ctx, "summarize: bad summary id '%s'",
			    value);
		id = n;
		if ((text = summary_load(st, id)) == NULL) {
			cmd_error(ctx, "summarize: no summary %lld (see "
			    "'summaries')", n);
			return CMD_RETURN_ERROR;
		}
	} else {
		if (deck != NULL && !deck_name_valid(deck, &cause)) {
			cmd_error(ctx, "summarize: %s", cause);
			free(cause);
			return CMD_RETURN_USAGE;
		}
		if (deck != NULL)
			d = deck_find(st, deck);
		if ((title = args_get(args, "title")) == NULL)
			title = deck != NULL ? deck : "What I read";
		text = summarize_template(deck != NULL ? deck : "notes",
		    d != NULL ? d->track : TRACK_NEED, title);
		template = xstrdup(text);
		deck_free(d);
	}
	for (;;) {
		if (term_edit(text, ".md", &edited, &cause) != 0) {
			cmd_error(ctx, "summarize: %s", cause);
			free(cause);
			free(text);
			free(template);
			return CMD_RETURN_ERROR;
		}
		free(text);
		text = edited;
		if (id == 0 && strcmp(text, template) == 0) {
			printf("nothing written: discarded\n");
			free(text);
			free(template);
			return CMD_RETURN_NORMAL;
		}
		s = summary_parse("summary", text, strlen(text));
		summarize_preview(s);
		ok = s->nerrors == 0;
		summary_free(s);
		answer = term_ask(ctx, ok ? "[k]eep, [e]dit again, or "
		    "[d]iscard? " : "[e]dit again or [d]iscard? ", NULL);
		if (answer == NULL || answer[0] == 'd') {
			printf("discarded%s\n", id != 0 ? " the changes" : "");
			free(answer);
			free(text);
			free(template);
			return CMD_RETURN_NORMAL;
		}
		if (ok && answer[0] == 'k') {
			free(answer);
			break;
		}
		free(answer);
	}
	free(template);
	if (summarize_keep(ctx, &id, deck, text, &cause) != 0) {
		cmd_error(ctx, "summarize: %s; nothing was kept.  Your "
		    "text:\n%s", cause, text);
		free(cause);
		free(text);
		return CMD_RETURN_ERROR;
	}
	printf("kept summary %lld\n", (long long)id);
	free(text);
	return CMD_RETURN_NORMAL;
}
