/*
 * summarize: write a summary in $EDITOR, see the cards it makes, and keep
 * it in the collection.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "recall.h"

static enum cmd_retval	cmd_summarize_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_summarize_option_table[] = {
	{ .name = "title", .value = "TITLE" },
	{ .name = "edit", .value = "ID" },
	{ .name = "from", .value = "FILE", .choices = "@file" },
	{ .name = NULL }
};

const struct cmd_entry cmd_summarize_entry = {
	.name = "summarize",
	.args = { cmd_summarize_option_table, 0, 1, "[DECK]" },
	.help = "Write a summary of what you read in $EDITOR; recall shows the "
	    "cards it makes and keeps it.  --edit reopens a kept summary; "
	    "--from starts from a file (a draft kept when you left).",
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
	struct store		*st = ctx_store(ctx);
	struct import_opts	 o;
	char			*title;

	title = summarize_title(text, deck);
	if (store_begin(st, cause) != 0) {
		free(title);
		return -1;
	}
	if (summary_save(st, id, title, text, cause) != 0)
		goto fail;
	memset(&o, 0, sizeof o);
	if (import_summary_text(ctx, *id, title, text, &o) != 0) {
		*cause = xstrdup("the summary's cards could not be imported");
		goto fail;
	}
	if (summary_set_deck(st, *id, cause) != 0)
		goto fail;
	free(title);
	return store_commit(st, cause);
fail:
	free(title);
	store_rollback(st);
	return -1;
}

/* Write text to a new file (never over another); 0 on success. */
static int
summarize_write_new(const char *path, const char *text)
{
	size_t	len = strlen(text);
	int	fd, ok;

	if ((fd = open(path, O_WRONLY|O_CREAT|O_EXCL, 0600)) == -1)
		return -1;
	ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	if (close(fd) != 0 || !ok) {
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * Keep what the person wrote when they leave without choosing: a new file
 * in the drafts folder, named by the time.  Returns its path, or NULL
 * (with cause) when it could not be written.
 */
static char *
summarize_save_draft(const char *text, char **cause)
{
	char	*dir, *stamp, *path;
	int	 n;

	if ((dir = review_state_path("drafts")) == NULL) {
		*cause = xstrdup("neither XDG_STATE_HOME nor HOME is set");
		return NULL;
	}
	if (mkdir_parents(dir, 0700, cause) != 0) {
		free(dir);
		return NULL;
	}
	stamp = clock_format(clock_now(), "%Y%m%d-%H%M%S");
	for (n = 0; n < 100; n++) {
		if (n == 0)
			xasprintf(&path, "%s/summary-%s.md", dir, stamp);
		else
			xasprintf(&path, "%s/summary-%s-%d.md", dir, stamp, n);
		if (summarize_write_new(path, text) == 0)
			break;
		if (errno != EEXIST) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			free(path);
			path = NULL;
			break;
		}
		free(path);
		path = NULL;
	}
	if (path == NULL && *cause == NULL)
		xasprintf(cause, "%s: too many drafts of this second", dir);
	free(stamp);
	free(dir);
	return path;
}

/* Say where the text went when it was not kept; print it if nowhere. */
static void
summarize_keep_draft(const char *text)
{
	char	*path, *cause = NULL;

	if ((path = summarize_save_draft(text, &cause)) != NULL) {
		printf("not kept in the collection; your text is saved in %s "
		    "(summarize --from %s goes on with it)\n", path, path);
		free(path);
		return;
	}
	printf("not kept, and the draft could not be saved (%s); your "
	    "text:\n%s\n", cause, text);
	free(cause);
}

/*
 * Ask what to do with the text, one key as in a review session: 'k', 'e'
 * or 'd', or 0 when the person left (Ctrl-C, Ctrl-D, q, Escape or the end
 * of input) without choosing.  The terminal went raw before the preview
 * was shown (raw is 1), so a key typed as soon as it shows is not lost
 * to the flush of going raw.
 */
static int
summarize_choose(struct cmd_ctx *ctx, int can_keep, int raw)
{
	const char	*prompt = can_keep ? "[k]eep, [e]dit again, or "
			    "[d]iscard? " : "[e]dit again or [d]iscard? ";
	char		*line;
	int		 key;

	if (!raw) {
		/* Not a terminal: a whole word or letter on a line. */
		if ((line = term_ask(ctx, prompt, NULL)) == NULL)
			return 0;
		key = tolower((unsigned char)line[0]);
		if (strlen(line) != 1 && strcasecmp(line, "keep") != 0 &&
		    strcasecmp(line, "edit") != 0 &&
		    strcasecmp(line, "discard") != 0)
			key = '?';
		free(line);
		return key == 'k' && can_keep ? 'k' : key == 'e' || key == 'd' ?
		    key : summarize_choose(ctx, can_keep, 0);
	}
	printf("%s", prompt);
	fflush(stdout);
	for (;;) {
		key = term_key();
		if (key >= 'A' && key <= 'Z')
			key = tolower(key);
		if ((key == 'k' && can_keep) || key == 'e' || key == 'd')
			break;
		if (key == TERM_KEY_EOF || key == 0x03 || key == 0x04 ||
		    key == 'q' || key == 0x1b || key == TERM_KEY_ESCAPE) {
			if (key == TERM_KEY_EOF)
				ctx->interactive = 0;
			key = 0;
			break;
		}
		if (key != '\r' && key != '\n' && key != ' ')
			printf("\r\n%s", prompt);
		fflush(stdout);
	}
	term_cooked();
	printf("%c\n", key == 0 ? ' ' : key);
	return key;
}

/* A draft's text, to go on with; text that import would refuse is refused. */
static char *
summarize_read(const char *path, char **cause)
{
	char	*text, *raw;
	size_t	 size, bad;

	if ((raw = read_file(path, &size, cause)) == NULL)
		return NULL;
	if (memchr(raw, '\0', size) != NULL || !utf8_valid(raw, size, &bad)) {
		xasprintf(cause, "%s: not UTF-8 text", path);
		free(raw);
		return NULL;
	}
	text = xstrndup(raw, size);
	free(raw);
	return text;
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

/* Check the values given before asking for a terminal: bad ones are usage. */
static enum cmd_retval
summarize_check(struct cmd_ctx *ctx, struct args *args)
{
	const char	*value;
	char		*cause = NULL;
	long long	 n;

	if ((value = args_get(args, "edit")) != NULL) {
		if (parse_int(value, 1, INT64_MAX, &n) != 0)
			return cmd_usage(ctx, "summarize: bad summary id '%s'",
			    value);
	} else if (args_get(args, "from") == NULL && args->argc > 0 &&
	    !deck_name_valid(args->argv[0], &cause)) {
		cmd_error(ctx, "summarize: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if (cmd_terminal_check(ctx) != 0)
		return CMD_RETURN_ERROR;
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_summarize_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st;
	struct summary	*s;
	struct deck	*d = NULL;
	const char	*value, *title, *deck = args->argc > 0 ?
			     args->argv[0] : NULL;
	char		*text, *edited, *cause = NULL;
	char		*template = NULL;
	long long	 n;
	int64_t		 id = 0;
	int		 ok, choice, raw;
	enum cmd_retval	 ret;

	if ((ret = summarize_check(ctx, args)) != CMD_RETURN_NORMAL)
		return ret;
	st = ctx_store(ctx);
	if ((value = args_get(args, "edit")) != NULL) {
		if (parse_int(value, 1, INT64_MAX, &n) != 0)
			return cmd_usage(ctx, "summarize: bad summary id '%s'",
			    value);
		id = n;
		if ((text = summary_load(st, id, &cause)) == NULL) {
			if (cause != NULL) {
				cmd_error(ctx, "summarize: %s", cause);
				free(cause);
			} else {
				cmd_error(ctx, "summarize: no summary %lld "
				    "(see 'summaries')", n);
			}
			return CMD_RETURN_ERROR;
		}
	} else if ((value = args_get(args, "from")) != NULL) {
		if ((text = summarize_read(value, &cause)) == NULL) {
			cmd_error(ctx, "summarize: %s", cause);
			free(cause);
			return CMD_RETURN_ERROR;
		}
		template = xstrdup("");
	} else {
		if (deck != NULL && !deck_name_valid(deck, &cause)) {
			cmd_error(ctx, "summarize: %s", cause);
			free(cause);
			return CMD_RETURN_USAGE;
		}
		if (deck != NULL && (d = deck_find(st, deck, &cause)) == NULL &&
		    cause != NULL) {
			cmd_error(ctx, "summarize: %s", cause);
			free(cause);
			return CMD_RETURN_ERROR;
		}
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
		raw = term_raw() == 0;
		s = summary_parse("summary", text, strlen(text));
		summarize_preview(s);
		ok = s->nerrors == 0;
		summary_free(s);
		choice = summarize_choose(ctx, ok, raw);
		if (choice == 'd') {
			printf("discarded%s\n", id != 0 ? " the changes" : "");
			free(text);
			free(template);
			return CMD_RETURN_NORMAL;
		}
		if (choice == 0) {
			summarize_keep_draft(text);
			free(text);
			free(template);
			return CMD_RETURN_NORMAL;
		}
		if (choice == 'k')
			break;
	}
	free(template);
	if (summarize_keep(ctx, &id, deck, text, &cause) != 0) {
		cmd_error(ctx, "summarize: %s; nothing was kept", cause);
		free(cause);
		summarize_keep_draft(text);
		free(text);
		return CMD_RETURN_ERROR;
	}
	printf("kept summary %lld\n", (long long)id);
	free(text);
	return CMD_RETURN_NORMAL;
}
