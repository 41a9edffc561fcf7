/*
 * The REPL: GNU readline with history, completion from the command table
 * and the collection, and a prompt that shows what is due.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "recall.h"

#define REPL_HISTORY_SIZE 1000

/* The state of one REPL session. */
struct repl {
	struct cmd_ctx	*ctx;		/* what commands run with */
	char		*history;	/* history file, or NULL for none */
	int		 history_new;	/* lines added this session */
	char		*line;		/* the line being run */
	char		*base_prompt;	/* the counts, for the timer to extend */
	char		*shown_timer;	/* the timer part on screen */
	int		 notified;	/* asked about the expired deep dive */
};

/* The REPL running now, for readline's callbacks. */
static struct repl	*repl_current;

/* Words offered by the completion running now. */
static char		**completion_words;
static int		  completion_count;

/* Where history is kept: RECALL_HISTORY, else beside recall's state. */
char *
repl_history_path(void)
{
	const char	*env = getenv("RECALL_HISTORY");

	if (env != NULL)
		return *env == '\0' ? NULL : xstrdup(env);
	return review_state_path("history");
}

/* Load history, making its directory (private) if needed. */
static void
repl_history_load(struct repl *r)
{
	char *dir, *slash, *cause = NULL;

	using_history();
	stifle_history(REPL_HISTORY_SIZE);
	if ((r->history = repl_history_path()) == NULL)
		return;
	if ((slash = strrchr(r->history, '/')) != NULL) {
		dir = xstrndup(r->history, (size_t)(slash - r->history));
		if (mkdir_parents(dir, 0700, &cause) != 0) {
			fprintf(stderr, "recall: history not kept: %s\n", cause);
			free(cause);
			free(r->history);
			r->history = NULL;
		}
		free(dir);
	}
	if (r->history != NULL)
		read_history(r->history);
}

/* Cap the history file (each line was appended as it came). */
static void
repl_history_save(struct repl *r)
{
	if (r->history == NULL || r->history_new == 0)
		return;
	history_truncate_file(r->history, REPL_HISTORY_SIZE);
}

/* Add a line to history unless it is blank or repeats the last one. */
static void
repl_history_add(struct repl *r, const char *line)
{
	HIST_ENTRY *last;

	if (str_empty(line))
		return;
	last = history_length > 0 ? history_get(history_base +
	    history_length - 1) : NULL;
	if (last != NULL && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	r->history_new++;
	/* Written at once, so a killed REPL loses no line. */
	if (r->history != NULL && append_history(1, r->history) != 0)
		write_history(r->history);
}

/* The deep dive's part of the prompt: " · topic 12m left", or "". */
static char *
repl_prompt_timer(struct repl *r, int *expired)
{
	/* A failed read fails the store: the next command reports it. */
	struct deepdive	*dd = deepdive_current(ctx_store(r->ctx), NULL);
	const char	*dot = term_utf8() ? "\xc2\xb7" : "|";
	char		*s, *span;
	long		 left;

	*expired = 0;
	if (dd == NULL)
		return xstrdup("");
	left = deepdive_left(dd, clock_now());
	if (left <= 0) {
		*expired = 1;
		xasprintf(&s, " %s %s: time is up", dot, dd->topic);
	} else {
		/* Minutes while there are minutes; seconds at the end. */
		if (left >= 60)
			xasprintf(&span, "%ldm", (left + 59) / 60);
		else
			xasprintf(&span, "%lds", left);
		xasprintf(&s, " %s %s %s left", dot, dd->topic, span);
		free(span);
	}
	deepdive_free(dd);
	return s;
}

/* The prompt: what is due on each track, deep dives and plans. */
static char *
repl_prompt(struct repl *r)
{
	struct store		*st = ctx_store(r->ctx);
	struct due_counts	 c;
	char			*prompt, *timer, *cause = NULL;
	const char		*dot = term_utf8() ? "\xc2\xb7" : "|";
	int			 planned = 0, expired;

	free(r->base_prompt);
	/* Counts that cannot be read are not shown as zeros. */
	if (queue_counts(st, clock_now(), NULL, &c, &cause) != 0 ||
	    (planned = later_due(st, review_today(st), NULL, &cause)) < 0) {
		cmd_error(r->ctx, "%s", cause);
		free(cause);
		r->base_prompt = xstrdup("recall [?]");
	} else if (planned > 0)
		xasprintf(&r->base_prompt, "recall [need %d %s want %d %s %d "
		    "deep dive%s planned]", c.due[TRACK_NEED] +
		    c.fresh[TRACK_NEED] + c.again[TRACK_NEED], dot,
		    c.due[TRACK_WANT] + c.fresh[TRACK_WANT] +
		    c.again[TRACK_WANT], dot, planned, planned == 1 ? "" : "s");
	else
		xasprintf(&r->base_prompt, "recall [need %d %s want %d]",
		    c.due[TRACK_NEED] + c.fresh[TRACK_NEED] +
		    c.again[TRACK_NEED], dot, c.due[TRACK_WANT] +
		    c.fresh[TRACK_WANT] + c.again[TRACK_WANT]);
	timer = repl_prompt_timer(r, &expired);
	xasprintf(&prompt, "%.*s%s]> ", (int)strlen(r->base_prompt) - 1,
	    r->base_prompt, timer);
	free(r->shown_timer);
	r->shown_timer = timer;
	return prompt;
}

/*
 * Every second at the prompt: count the deep dive down, and when its time
 * is up, interrupt the prompt so recall can ask what comes next.
 */
static int
repl_tick(void *arg, char **fresh)
{
	struct repl	*r = arg;
	char		*timer;
	int		 expired;

	timer = repl_prompt_timer(r, &expired);
	if (expired && !r->notified) {
		free(timer);
		return TERM_TICK_INTERRUPT;
	}
	if (r->shown_timer != NULL && strcmp(timer, r->shown_timer) == 0) {
		free(timer);
		return TERM_TICK_NONE;
	}
	xasprintf(fresh, "%.*s%s]> ", (int)strlen(r->base_prompt) - 1,
	    r->base_prompt, timer);
	free(r->shown_timer);
	r->shown_timer = timer;
	return TERM_TICK_PROMPT;
}

/* A deep dive whose time is up: say so, and ask what comes next. */
static void
repl_deepdive_over(struct repl *r)
{
	struct deepdive	*dd = deepdive_current(ctx_store(r->ctx), NULL);
	char		*span, *argv[] = { (char *)"deepdive", (char *)"done",
			    NULL };

	if (dd == NULL || deepdive_left(dd, clock_now()) > 0) {
		deepdive_free(dd);
		return;
	}
	span = format_duration(dd->seconds);
	printf("%sTime is up: your %s deep dive on '%s' is over.%s\n",
	    term_style(stdout, "bold"), span, dd->topic,
	    term_style(stdout, "reset"));
	free(span);
	r->notified = 1;
	deepdive_free(dd);
	/* As if typed: the command asks what comes next. */
	cmd_run(r->ctx, 2, argv);
}

/* Offer a word to the completion running now. */
static void
completion_add(const char *word)
{
	completion_words = xreallocarray(completion_words,
	    (size_t)completion_count + 1, sizeof *completion_words);
	completion_words[completion_count++] = xstrdup(word);
}

/* Forget the words of the last completion. */
static void
completion_clear(void)
{
	int i;

	for (i = 0; i < completion_count; i++)
		free(completion_words[i]);
	free(completion_words);
	completion_words = NULL;
	completion_count = 0;
}

/* Readline's generator: the offered words that start with text. */
static char *
completion_generate(const char *text, int state)
{
	static int	idx;
	size_t		len = strlen(text);

	if (state == 0)
		idx = 0;
	while (idx < completion_count) {
		const char *w = completion_words[idx++];

		if (strncmp(w, text, len) == 0)
			return xstrdup(w);
	}
	return NULL;
}

/* Offer the words of a comma-separated list. */
static void
completion_add_list(const char *list, size_t len)
{
	const char	*p = list, *end = list + len, *comma;
	char		*w;

	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		w = xstrndup(p, (size_t)(comma - p));
		completion_add(w);
		free(w);
		p = comma + 1;
	}
}

/*
 * Offer words of a kind: @deck, @command, @deckkey, @setting, @file
 * (returns 1: let readline complete file names), or a comma-separated
 * list.
 */
static int
completion_kind(const char *kind, size_t len)
{
	const struct cmd_entry	*const *e;
	char			**names, *keys;
	int			  n, i;

	if (len == 5 && strncmp(kind, "@file", 5) == 0)
		return 1;
	if (len == 5 && strncmp(kind, "@deck", 5) == 0) {
		/* Parents too: "ml" for ml::a, as every command takes them. */
		names = deck_names(ctx_store(repl_current->ctx), &n);
		for (i = 0; i < n; i++) {
			completion_add(names[i]);
			free(names[i]);
		}
		free(names);
		/* Let readline quote names with spaces. */
		rl_filename_completion_desired = 1;
		rl_filename_quoting_desired = 1;
	} else if (len == 8 && strncmp(kind, "@command", 8) == 0) {
		for (e = cmd_table; *e != NULL; e++)
			completion_add((*e)->name);
	} else if (len == 8 && strncmp(kind, "@deckkey", 8) == 0)
		completion_add_list(deck_option_keys(),
		    strlen(deck_option_keys()));
	else if (len == 8 && strncmp(kind, "@setting", 8) == 0) {
		keys = settings_keys();
		completion_add_list(keys, strlen(keys));
		free(keys);
	} else if (len > 0 && kind[0] != '@' && kind[0] != '-')
		completion_add_list(kind, len);
	return 0;
}

/* Offer "--name" for each option of a command. */
static void
completion_options(const struct cmd_entry *e)
{
	const struct cmd_option	*o;
	char			*w;
	int			 i;

	for (i = 0; (o = cmd_option_at(e, i)) != NULL; i++) {
		xasprintf(&w, "--%s", o->name);
		completion_add(w);
		free(w);
	}
}

/*
 * The option a word names ("--name", "-x"), or NULL if it names none, or
 * gives its value in the same word.
 */
static const struct cmd_option *
completion_option_of(const struct cmd_entry *e, const char *word)
{
	if (word[0] != '-' || word[1] == '\0')
		return NULL;
	if (word[1] == '-')
		return strchr(word, '=') != NULL ? NULL :
		    cmd_option_find(e, word + 2, 0);
	if (word[2] != '\0')
		return NULL;
	return cmd_option_find(e, NULL, (unsigned char)word[1]);
}

/*
 * Readline's completion: commands first, then subcommands, options, option
 * values and positionals as the command's entry describes them.
 */
static char **
repl_complete(const char *text, int start, int end)
{
	const struct cmd_entry	*e, *sub;
	const struct cmd_option	*o;
	const char		*kinds, *tok;
	char			*before, *cause = NULL, **argv, **matches;
	size_t			 len;
	int			 argc, i, first, positional, file = 0;

	(void)end;
	rl_attempted_completion_over = 1;
	completion_clear();
	before = xstrndup(rl_line_buffer, (size_t)start);
	/* Inside quotes, readline starts after the quote: drop it. */
	len = strlen(before);
	if (len > 0 && (before[len - 1] == '"' || before[len - 1] == '\''))
		before[len - 1] = '\0';
	if (cmd_split(before, &argc, &argv, &cause) != 0) {
		free(cause);
		free(before);
		return NULL;
	}
	free(before);

	if (argc == 0) {
		completion_kind("@command", 8);
		goto done;
	}
	if ((e = cmd_find(cmd_table, argv[0], &cause)) == NULL) {
		free(cause);
		goto done;
	}
	first = 1;
	if (e->sub != NULL) {
		if (argc == 1) {
			const struct cmd_entry *const *s;

			for (s = e->sub; *s != NULL; s++)
				completion_add((*s)->name);
			if (*text != '-')
				goto done;
		} else if ((sub = cmd_find_sub(e, argv[1], &cause)) != NULL) {
			e = sub;
			first = 2;
		} else if (cause != NULL) {
			free(cause);
			goto done;
		}
	}

	/* A value for the option just before? */
	if (argc > first &&
	    (o = completion_option_of(e, argv[argc - 1])) != NULL &&
	    o->choices != NULL) {
		file = completion_kind(o->choices, strlen(o->choices));
		goto done;
	}
	if (*text == '-') {
		completion_options(e);
		goto done;
	}

	/* Which positional is this?  Skip options and their values. */
	positional = 0;
	for (i = first; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			o = completion_option_of(e, argv[i]);
			if (o != NULL && cmd_option_takes_value(o))
				i++;
			continue;
		}
		positional++;
	}
	kinds = e->complete != NULL ? e->complete : "";
	tok = kinds;
	for (i = 0; i < positional && tok != NULL; i++) {
		const char *next = strchr(tok, ' ');

		if (next == NULL)
			break;
		tok = next + 1;
	}
	if (tok != NULL && *tok != '\0')
		file = completion_kind(tok, strcspn(tok, " "));
done:
	cmd_free_argv(argc, argv);
	if (file) {
		rl_attempted_completion_over = 0;
		return NULL;
	}
	matches = rl_completion_matches(text, completion_generate);
	return matches;
}

/* Run the REPL until quit or end of input; returns the exit status. */
int
repl_run(struct cmd_ctx *ctx)
{
	struct repl		 r;
	struct sigaction	 sa, oldint;
	char			*prompt, *cause = NULL, **argv;
	int			 argc, cancelled;
	enum cmd_retval		 ret;

	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	repl_current = &r;
	ctx->repl = &r;
	ctx_store(ctx);

	rl_readline_name = "recall";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_attempted_completion_function = repl_complete;
	rl_completer_quote_characters = "\"'";
	rl_filename_quote_characters = " \t\"'\\#";
	rl_basic_word_break_characters = " \t\n";
	repl_history_load(&r);

	/* Ctrl-C while a command runs asks it to stop; it never ends recall. */
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_sigint_handler;
	sigaction(SIGINT, &sa, &oldint);

	if (!ctx->quiet)
		printf("recall %s. Type 'help' for the commands, 'quit' or "
		    "Ctrl-D to leave.\n", PACKAGE_VERSION);
	for (;;) {
		r.notified = 0;
		repl_deepdive_over(&r);
		/* Ctrl-C drops the line being typed, not recall. */
		prompt = repl_prompt(&r);
		term_tick = repl_tick;
		term_tick_arg = &r;
		r.line = term_readline(prompt, &cancelled);
		term_tick = NULL;
		free(prompt);
		if (cancelled)
			continue;
		if (r.line == NULL) {
			printf("\n");
			break;
		}
		repl_history_add(&r, r.line);
		if (cmd_split(r.line, &argc, &argv, &cause) != 0) {
			cmd_error(ctx, "%s", cause);
			free(cause);
			free(r.line);
			continue;
		}
		free(r.line);
		term_sigint = 0;
		ret = cmd_run(ctx, argc, argv);
		cmd_free_argv(argc, argv);
		fflush(stdout);
		if (ret == CMD_RETURN_QUIT)
			break;
	}

	sigaction(SIGINT, &oldint, NULL);
	repl_history_save(&r);
	free(r.history);
	free(r.base_prompt);
	free(r.shown_timer);
	completion_clear();
	ctx->repl = NULL;
	repl_current = NULL;
	return 0;
}
