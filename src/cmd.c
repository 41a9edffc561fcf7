/*
 * The command table, argument parsing and dispatch: one table serves the
 * REPL, one-shot commands and scripts alike.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* Every command, in alphabetical order. */
const struct cmd_entry *const cmd_table[] = {
	&cmd_add_entry,
	&cmd_answer_entry,
	&cmd_backup_entry,
	&cmd_backups_entry,
	&cmd_balance_entry,
	&cmd_bury_entry,
	&cmd_calibration_entry,
	&cmd_cards_entry,
	&cmd_check_entry,
	&cmd_completion_entry,
	&cmd_deck_entry,
	&cmd_deepdive_entry,
	&cmd_delete_entry,
	&cmd_due_entry,
	&cmd_edit_entry,
	&cmd_export_entry,
	&cmd_fit_entry,
	&cmd_help_entry,
	&cmd_import_entry,
	&cmd_later_entry,
	&cmd_quit_entry,
	&cmd_restore_entry,
	&cmd_review_entry,
	&cmd_search_entry,
	&cmd_set_entry,
	&cmd_show_entry,
	&cmd_simulate_entry,
	&cmd_stats_entry,
	&cmd_status_entry,
	&cmd_summaries_entry,
	&cmd_summarize_entry,
	&cmd_suspend_entry,
	&cmd_sync_entry,
	&cmd_undo_entry,
	&cmd_unsuspend_entry,
	NULL
};

/*
 * Find a command by name, alias or unique prefix.  On failure set cause to
 * say whether it is unknown or ambiguous (with the candidates).
 */
const struct cmd_entry *
cmd_find(const struct cmd_entry *const *table, const char *name,
    char **cause)
{
	const struct cmd_entry	*const *e, *found = NULL;
	size_t			 n = strlen(name);
	int			 matches = 0;
	struct buf		 b;

	for (e = table; *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0)
			return *e;
		if ((*e)->alias != NULL && strcmp((*e)->alias, name) == 0)
			return *e;
	}
	if (n == 0)
		goto unknown;
	for (e = table; *e != NULL; e++) {
		if (strncmp((*e)->name, name, n) == 0) {
			found = *e;
			matches++;
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1) {
		buf_init(&b);
		for (e = table; *e != NULL; e++) {
			if (strncmp((*e)->name, name, n) != 0)
				continue;
			if (b.len != 0)
				buf_puts(&b, ", ");
			buf_puts(&b, (*e)->name);
		}
		xasprintf(cause, "ambiguous command: %s, could be: %s", name,
		    b.data);
		buf_free(&b);
		return NULL;
	}
unknown:
	xasprintf(cause, "unknown command: %s (try 'help')", name);
	return NULL;
}

/*
 * Find the subcommand a word names.  A parent that takes positionals of
 * its own (deepdive TOPIC) knows its subcommands by whole name only: a
 * word that names none is its positional, and this returns NULL with
 * cause left NULL.
 */
const struct cmd_entry *
cmd_find_sub(const struct cmd_entry *parent, const char *word, char **cause)
{
	const struct cmd_entry *const *sub;

	if (parent->args.upper == 0)
		return cmd_find(parent->sub, word, cause);
	for (sub = parent->sub; *sub != NULL; sub++) {
		if (strcmp((*sub)->name, word) == 0)
			return *sub;
	}
	return NULL;
}

/*
 * Split a line into words like a shell: white space separates, single
 * quotes keep everything, double quotes keep all but \" and \\, a
 * backslash outside quotes escapes the next character, and # at the start
 * of a word begins a comment.
 */
int
cmd_split(const char *line, int *argc, char ***argv, char **cause)
{
	const char	*p = line;
	struct buf	 word;
	int		 in_word;

	*argc = 0;
	*argv = NULL;
	buf_init(&word);
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		buf_reset(&word);
		buf_add(&word, "", 0);
		in_word = 0;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r') {
			in_word = 1;
			if (*p == '\'') {
				const char *end = strchr(p + 1, '\'');

				if (end == NULL) {
					*cause = xstrdup("unterminated ' quote");
					goto fail;
				}
				buf_add(&word, p + 1, (size_t)(end - p - 1));
				p = end + 1;
			} else if (*p == '"') {
				for (p++; *p != '"'; p++) {
					if (*p == '\0') {
						*cause = xstrdup(
						    "unterminated \" quote");
						goto fail;
					}
					if (*p == '\\' && (p[1] == '"' ||
					    p[1] == '\\'))
						p++;
					buf_putc(&word, *p);
				}
				p++;
			} else if (*p == '\\') {
				if (p[1] == '\0') {
					*cause = xstrdup("backslash at end of "
					    "line");
					goto fail;
				}
				buf_putc(&word, p[1]);
				p += 2;
			} else
				buf_putc(&word, *p++);
		}
		if (in_word) {
			*argv = xreallocarray(*argv, (size_t)*argc + 2,
			    sizeof **argv);
			(*argv)[(*argc)++] = xstrdup(word.data);
			(*argv)[*argc] = NULL;
		}
	}
	buf_free(&word);
	return 0;
fail:
	buf_free(&word);
	cmd_free_argv(*argc, *argv);
	*argc = 0;
	*argv = NULL;
	return -1;
}

/* Free words from cmd_split. */
void
cmd_free_argv(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* The options every command has, and every command that reports has. */
static const struct cmd_option cmd_help_option = { .name = "help" };
static const struct cmd_option cmd_json_option = { .name = "json" };

/*
 * The ith option of a command: its own table, then --json if it reports,
 * then --help; NULL past the end.  Parsing, usage, help and completion all
 * read the options through this.
 */
const struct cmd_option *
cmd_option_at(const struct cmd_entry *e, int i)
{
	int n = 0;

	if (e->args.options != NULL) {
		while (e->args.options[n].name != NULL)
			n++;
	}
	if (i < n)
		return &e->args.options[i];
	i -= n;
	if (e->flags & CMD_JSON) {
		if (i == 0)
			return &cmd_json_option;
		i--;
	}
	return i == 0 ? &cmd_help_option : NULL;
}

/* Find a command's option by long name, or by letter when name is NULL. */
const struct cmd_option *
cmd_option_find(const struct cmd_entry *e, const char *name, int letter)
{
	const struct cmd_option	*o;
	int			 i;

	for (i = 0; (o = cmd_option_at(e, i)) != NULL; i++) {
		if (name != NULL && strcmp(o->name, name) == 0)
			return o;
		if (name == NULL && letter != 0 && o->letter == letter)
			return o;
	}
	return NULL;
}

/*
 * Is the ith option of a command the first of its group (or in none)?
 * Usage shows a group where its first option stands.
 */
static int
cmd_option_leads(const struct cmd_entry *e, int i)
{
	int group = cmd_option_at(e, i)->group, j;

	for (j = 0; group != 0 && j < i; j++) {
		if (cmd_option_at(e, j)->group == group)
			return 0;
	}
	return 1;
}

/* Does an option take a value (a named one, or one of its choices)? */
int
cmd_option_takes_value(const struct cmd_option *o)
{
	return o->value != NULL || o->choices != NULL;
}

/* Add an option to parsed arguments (the last one given wins). */
static int
args_set(struct args *args, const char *name, const char *value)
{
	int i;

	for (i = 0; i < args->noptions; i++) {
		if (strcmp(args->options[i].name, name) == 0) {
			free(args->options[i].value);
			args->options[i].value = value == NULL ? NULL :
			    xstrdup(value);
			return 0;
		}
	}
	if (args->noptions == ARGS_MAX_OPTIONS)
		return -1;
	args->options[args->noptions].name = xstrdup(name);
	args->options[args->noptions].value = value == NULL ? NULL :
	    xstrdup(value);
	args->noptions++;
	return 0;
}

/* Keep one more value of an option that may be given again. */
static int
args_append(struct args *args, const char *name, const char *value)
{
	if (args->noptions == ARGS_MAX_OPTIONS)
		return -1;
	args->options[args->noptions].name = xstrdup(name);
	args->options[args->noptions].value = value == NULL ? NULL :
	    xstrdup(value);
	args->noptions++;
	return 0;
}

/* Free parsed arguments. */
static void
args_free(struct args *args)
{
	int i;

	for (i = 0; i < args->noptions; i++) {
		free(args->options[i].name);
		free(args->options[i].value);
	}
	free(args->argv);
}

/* Parse one --name[=value] or -x[value] word into its option and value. */
static const struct cmd_option *
args_parse_option(const struct cmd_entry *e, const char *a,
    const char **value, char **cause)
{
	const struct cmd_option	*o;
	const char		*eq;
	char			*name;

	if (a[1] != '-') {
		if ((o = cmd_option_find(e, NULL, (unsigned char)a[1])) ==
		    NULL) {
			xasprintf(cause, "unknown option -%c", a[1]);
			return NULL;
		}
		*value = a[2] != '\0' ? a + 2 : NULL;
		if (!cmd_option_takes_value(o) && *value != NULL) {
			xasprintf(cause, "unknown option %s", a);
			return NULL;
		}
		return o;
	}
	eq = strchr(a + 2, '=');
	name = eq == NULL ? xstrdup(a + 2) :
	    xstrndup(a + 2, (size_t)(eq - a - 2));
	*value = eq == NULL ? NULL : eq + 1;
	if ((o = cmd_option_find(e, name, 0)) == NULL)
		xasprintf(cause, "unknown option --%s", name);
	free(name);
	if (o != NULL && !cmd_option_takes_value(o) && *value != NULL) {
		xasprintf(cause, "option --%s takes no value", o->name);
		return NULL;
	}
	return o;
}

/*
 * Check that at most one option of each group was given; if not, name
 * the options of that group.
 */
static int
args_check_groups(const struct cmd_entry *e, struct args *args,
    char **cause)
{
	const struct cmd_option	*o, *g;
	struct buf		 b;
	int			 i, j, given;

	for (i = 0; (g = cmd_option_at(e, i)) != NULL; i++) {
		if (g->group == 0 || !cmd_option_leads(e, i))
			continue;
		given = 0;
		for (j = i; (o = cmd_option_at(e, j)) != NULL; j++) {
			if (o->group == g->group && args_has(args, o->name))
				given++;
		}
		if (given < 2)
			continue;
		buf_init(&b);
		for (j = i; (o = cmd_option_at(e, j)) != NULL; j++) {
			if (o->group == g->group)
				buf_printf(&b, "%s--%s", j == i ? "" : ", ",
				    o->name);
		}
		xasprintf(cause, "only one of %s", b.data);
		buf_free(&b);
		return -1;
	}
	return 0;
}

/*
 * Parse words against a command's options, GNU style: options anywhere,
 * "--" ends them, "-" alone and negative numbers are positionals.
 */
static int
args_parse(const struct cmd_entry *e, int argc, char **argv,
    struct args *args, char **cause)
{
	const struct cmd_option	*o;
	const char		*value;
	int			 i, only_positionals = 0;

	memset(args, 0, sizeof *args);
	args->argv = xcalloc((size_t)argc + 1, sizeof *args->argv);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (only_positionals || a[0] != '-' || a[1] == '\0' ||
		    isdigit((unsigned char)a[1])) {
			args->argv[args->argc++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_positionals = 1;
			continue;
		}
		if ((o = args_parse_option(e, a, &value, cause)) == NULL)
			return -1;
		if (cmd_option_takes_value(o) && value == NULL) {
			if (i + 1 == argc) {
				xasprintf(cause, "option --%s needs a value",
				    o->name);
				return -1;
			}
			value = argv[++i];
		}
		if ((o->repeat ? args_append(args, o->name, value) :
		    args_set(args, o->name, value)) != 0) {
			*cause = xstrdup("too many options");
			return -1;
		}
	}
	return args_check_groups(e, args, cause);
}

/* An option's value, or NULL if not given (or a flag). */
const char *
args_get(struct args *args, const char *name)
{
	int i;

	for (i = 0; i < args->noptions; i++) {
		if (strcmp(args->options[i].name, name) == 0)
			return args->options[i].value;
	}
	return NULL;
}

/* The nth value (from 0) of an option given again, or NULL. */
const char *
args_get_nth(struct args *args, const char *name, int nth)
{
	int i;

	for (i = 0; i < args->noptions; i++) {
		if (strcmp(args->options[i].name, name) == 0 && nth-- == 0)
			return args->options[i].value;
	}
	return NULL;
}

/* Was this option given? */
int
args_has(struct args *args, const char *name)
{
	int i;

	for (i = 0; i < args->noptions; i++) {
		if (strcmp(args->options[i].name, name) == 0)
			return 1;
	}
	return 0;
}

/* Does this command report as JSON (--json before or after it)? */
int
args_json(struct cmd_ctx *ctx, struct args *args)
{
	return ctx->json || args_has(args, "json");
}

/* Print a message prefixed for the mode: FILE:LINE: in scripts. */
static void
cmd_vmessage(struct cmd_ctx *ctx, const char *kind, const char *fmt,
    va_list ap)
{
	fflush(stdout);
	if (ctx->mode == MODE_SCRIPT)
		fprintf(stderr, "%s:%d: ", ctx->file, ctx->line);
	else if (ctx->mode == MODE_ONESHOT)
		fputs("recall: ", stderr);
	if (kind != NULL)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* Report an error in a command. */
void
cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cmd_vmessage(ctx, NULL, fmt, ap);
	va_end(ap);
}

/* Report a warning: something the person should know, not a failure. */
void
cmd_warn(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cmd_vmessage(ctx, "warning: ", fmt, ap);
	va_end(ap);
}

/* Add an option to a usage line: "--name", "--name VALUE". */
static void
cmd_usage_add_option(struct buf *b, const struct cmd_option *o)
{
	const char *c;

	buf_printf(b, "--%s", o->name);
	if (o->value != NULL)
		buf_printf(b, " %s", o->value);
	else if (o->choices != NULL) {
		buf_putc(b, ' ');
		for (c = o->choices; *c != '\0'; c++)
			buf_putc(b, *c == ',' ? '|' : *c);
	}
}

/*
 * Add the usage of a command without subcommands: its name, its
 * positionals, then its options in table order, each group of options
 * that exclude each other in one pair of brackets.
 */
static void
cmd_usage_add_leaf(struct buf *b, const struct cmd_entry *parent,
    const struct cmd_entry *e)
{
	const struct cmd_option	*o, *g;
	int			 i, j;

	if (parent != NULL)
		buf_printf(b, "%s ", parent->name);
	buf_puts(b, e->name);
	if (e->args.usage != NULL)
		buf_printf(b, " %s", e->args.usage);
	for (i = 0; (o = cmd_option_at(e, i)) != NULL; i++) {
		if (o == &cmd_help_option || !cmd_option_leads(e, i))
			continue;
		buf_puts(b, " [");
		cmd_usage_add_option(b, o);
		for (j = i + 1; o->group != 0 &&
		    (g = cmd_option_at(e, j)) != NULL; j++) {
			if (g->group == o->group) {
				buf_putc(b, '|');
				cmd_usage_add_option(b, g);
			}
		}
		buf_putc(b, ']');
		if (o->repeat)
			buf_puts(b, "...");
	}
}

/*
 * Add the usage of a command, without "usage: ", one form a line.  A
 * parent that takes positionals has its own form first; then a parent
 * names its subcommands, whose usage its help lists.
 */
static void
cmd_usage_add(struct buf *b, const struct cmd_entry *parent,
    const struct cmd_entry *e)
{
	const struct cmd_entry *const *sub;

	if (e->sub == NULL) {
		cmd_usage_add_leaf(b, parent, e);
		return;
	}
	if (e->args.upper != 0) {
		cmd_usage_add_leaf(b, parent, e);
		buf_putc(b, '\n');
	}
	buf_printf(b, "%s ", e->name);
	for (sub = e->sub; *sub != NULL; sub++)
		buf_printf(b, "%s%s", sub == e->sub ? "" : "|", (*sub)->name);
	buf_puts(b, " ...");
}

/* Print "usage: " and the usage of a command, its lines lined up. */
void
cmd_print_usage(FILE *f, const struct cmd_entry *parent,
    const struct cmd_entry *e)
{
	struct buf	 b;
	const char	*line, *end;

	buf_init(&b);
	cmd_usage_add(&b, parent, e);
	fputs("usage: ", f);
	for (line = b.data; (end = strchr(line, '\n')) != NULL; line = end + 1)
		fprintf(f, "%.*s\n       ", (int)(end - line), line);
	fprintf(f, "%s\n", line);
	buf_free(&b);
}

/*
 * A command that needs a person at a terminal calls this once its
 * arguments are checked: a bad value is a usage error even without one.
 */
int
cmd_terminal_check(struct cmd_ctx *ctx)
{
	if (ctx->interactive)
		return 0;
	cmd_error(ctx, "%s needs a terminal (run it in the REPL)",
	    ctx->entry->name);
	return -1;
}

/* Report a usage error with the running command's usage line. */
enum cmd_retval
cmd_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		cmd_vmessage(ctx, NULL, fmt, ap);
		va_end(ap);
	}
	if (ctx->entry != NULL)
		cmd_print_usage(stderr, ctx->parent, ctx->entry);
	return CMD_RETURN_USAGE;
}

/*
 * Open the collection on first use; failing to open it is fatal.  A
 * collection that can only be read says why, once.
 */
struct store *
ctx_store(struct cmd_ctx *ctx)
{
	const char	*warning, *data;
	char		*cause = NULL, *failed;

	if (ctx->store != NULL)
		return ctx->store;
	if (ctx->db_path == NULL) {
		data = getenv("XDG_DATA_HOME");
		if (data != NULL && *data != '\0')
			fprintf(stderr, "recall: no place for the collection: "
			    "XDG_DATA_HOME is not an absolute path (%s) and "
			    "HOME is not set; give --db PATH or set "
			    "RECALL_DB\n", data);
		else
			fprintf(stderr, "recall: no place for the collection: "
			    "neither XDG_DATA_HOME nor HOME is set; give --db "
			    "PATH or set RECALL_DB\n");
		exit(1);
	}
	if ((ctx->store = store_open(ctx->db_path, ctx->db_flags,
	    &cause)) == NULL) {
		fflush(stdout);
		fprintf(stderr, "recall: %s\n", cause);
		free(cause);
		exit(1);
	}
	if ((warning = store_warning(ctx->store)) != NULL)
		cmd_warn(ctx, "%s", warning);
	if ((failed = backup_daily(ctx->store, ctx->db_path)) != NULL) {
		cmd_warn(ctx, "%s", failed);
		free(failed);
	}
	return ctx->store;
}

/*
 * A serious collection error seen during the command makes it fail, even
 * if the command went on as if nothing happened: say so after whatever it
 * printed.
 */
static enum cmd_retval
cmd_store_verdict(struct cmd_ctx *ctx, enum cmd_retval ret)
{
	char	*failure;
	int	 told;

	if ((failure = store_take_failure(ctx->store, &told)) == NULL)
		return ret;
	if (ret != CMD_RETURN_ERROR || !told)
		cmd_error(ctx, "%s", failure);
	free(failure);
	return CMD_RETURN_ERROR;
}

/* The width to wrap help to: the terminal's, at most 100. */
static int
cmd_help_width(int width)
{
	if (width > 0)
		return width;
	width = term_width();
	return width > 100 ? 100 : width;
}

/*
 * Print the help of one command (and its subcommands), wrapped to width
 * (0 for the terminal's): both "help COMMAND" and "COMMAND --help" print
 * this.
 */
void
cmd_print_help(FILE *f, const struct cmd_entry *parent,
    const struct cmd_entry *e, int width)
{
	const struct cmd_entry *const	*sub;
	struct buf			 b;

	width = cmd_help_width(width);
	cmd_print_usage(f, parent, e);
	if (e->alias != NULL)
		fprintf(f, "alias: %s\n", e->alias);
	fputc('\n', f);
	term_wrap(f, e->help, 0, 0, width);
	if (e->sub == NULL)
		return;
	fputc('\n', f);
	for (sub = e->sub; *sub != NULL; sub++) {
		buf_init(&b);
		cmd_usage_add(&b, e, *sub);
		fprintf(f, "  %s\n      ", b.data);
		buf_free(&b);
		term_wrap(f, (*sub)->help, 6, 6, width);
	}
}

/*
 * Print every command with its one line of help, wrapped to width (0 for
 * the terminal's): both "help" and "recall --help" list them with this.
 */
void
cmd_print_list(FILE *f, int width)
{
	const struct cmd_entry	*const *e;
	int			 w = 0;

	width = cmd_help_width(width);
	for (e = cmd_table; *e != NULL; e++) {
		if ((int)strlen((*e)->name) > w)
			w = (int)strlen((*e)->name);
	}
	for (e = cmd_table; *e != NULL; e++) {
		fprintf(f, "  %-*s  ", w, (*e)->name);
		term_wrap(f, (*e)->help, w + 4, w + 4, width);
	}
}

/* Does a command's first word name one that a script may batch? */
int
cmd_batched(const char *word)
{
	const struct cmd_entry	*e;
	char			*cause = NULL;

	e = cmd_find(cmd_table, word, &cause);
	free(cause);
	return e != NULL && (e->flags & CMD_BATCH) != 0;
}

/* Run one command given as words. */
enum cmd_retval
cmd_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry	*e, *sub, *parent = NULL;
	struct args		 args;
	char			*cause = NULL;
	enum cmd_retval		 ret;

	if (argc == 0)
		return CMD_RETURN_NORMAL;
	ctx->entry = ctx->parent = NULL;
	if ((e = cmd_find(cmd_table, argv[0], &cause)) == NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	argc--;
	argv++;
	if (e->sub != NULL && argc > 0 && argv[0][0] != '-' &&
	    (sub = cmd_find_sub(e, argv[0], &cause)) != NULL) {
		parent = e;
		e = sub;
		argc--;
		argv++;
	} else if (cause != NULL) {
		if (strncmp(cause, "unknown command: ", 17) == 0) {
			free(cause);
			xasprintf(&cause, "unknown subcommand: %s (try 'help "
			    "%s')", argv[0], e->name);
		}
		cmd_error(ctx, "%s: %s", e->name, cause);
		free(cause);
		cmd_print_usage(stderr, NULL, e);
		return CMD_RETURN_USAGE;
	}
	ctx->entry = e;
	ctx->parent = parent;
	if (args_parse(e, argc, argv, &args, &cause) != 0) {
		ret = cmd_usage(ctx, "%s%s%s: %s", parent != NULL ?
		    parent->name : "", parent != NULL ? " " : "", e->name,
		    cause);
		free(cause);
		args_free(&args);
		return ret;
	}
	if (args_has(&args, "help")) {
		cmd_print_help(stdout, parent, e, 0);
		args_free(&args);
		return CMD_RETURN_NORMAL;
	}
	if (args.argc < e->args.lower ||
	    (e->args.upper >= 0 && args.argc > e->args.upper)) {
		ret = cmd_usage(ctx, "%s%s%s: %s", parent != NULL ?
		    parent->name : "", parent != NULL ? " " : "", e->name,
		    args.argc < e->args.lower ? "missing argument" :
		    "too many arguments");
		args_free(&args);
		return ret;
	}
	ret = cmd_store_verdict(ctx, e->exec(ctx, &args));
	args_free(&args);
	/* Output that could not be written: the command did not do its job. */
	if (ret == CMD_RETURN_NORMAL && out_failed())
		ret = CMD_RETURN_ERROR;
	return ret;
}
