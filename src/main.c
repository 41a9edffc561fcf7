/*
 * recall: choose the mode (REPL, one command, or a script) and run it.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

/* Print --help. */
static void
usage(FILE *f)
{
	fprintf(f, "Usage: recall [OPTION]... [COMMAND [ARGUMENT]...]\n"
	    "A spaced-review flashcard engine for the terminal.\n\n"
	    "With no COMMAND on a terminal, start the interactive REPL; with\n"
	    "no COMMAND and input that is not a terminal, run it as a script\n"
	    "(one command per line).\n\n"
	    "Options:\n"
	    "      --db PATH     use the collection at PATH (default:\n"
	    "                    $XDG_DATA_HOME/recall/collection.db; also "
	    "RECALL_DB)\n"
	    "      --create      let --db name an existing empty file for a "
	    "new\n"
	    "                    collection (an empty file is refused "
	    "otherwise)\n"
	    "      --now TIME    pretend it is TIME (ISO 8601 or Unix seconds;"
	    "\n"
	    "                    also RECALL_NOW)\n"
	    "      --json        report as JSON, for scripts\n"
	    "  -f, --file FILE   run the commands in FILE ('-' for standard "
	    "input)\n"
	    "      --demo        use a fresh temporary collection made from "
	    "the\n"
	    "                    starter decks (removed when recall exits)\n"
	    "  -q, --quiet       print results only, no chatter\n"
	    "  -h, --help        display this help and exit\n"
	    "  -V, --version     output version information and exit\n\n"
	    "Commands:\n");
	cmd_print_list(f, 79);
	fprintf(f, "\n'recall help COMMAND' describes a command; "
	    "'man recall' has the details.\n\n"
	    "Exit status: 0 success, 1 a command failed, 2 usage error.\n\n"
	    "Report bugs to: %s\n"
	    "recall home page: <%s>\n", PACKAGE_BUGREPORT, PACKAGE_URL);
}

/* Print --version. */
static void
version(void)
{
	printf("recall %s\n"
	    "Copyright (C) 2026 the recall authors.\n"
	    "License MIT: <https://opensource.org/licenses/MIT>.\n"
	    "This is free software: you are free to change and redistribute "
	    "it.\nThere is NO WARRANTY, to the extent permitted by law.\n",
	    PACKAGE_VERSION);
}

/*
 * Check standard output was written in full; a full disk is an error, a
 * reader that left early (head) ends us quietly, as SIGPIPE would.
 */
static int
check_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		out_exit_if_reader_gone();
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "recall: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * Open the file of commands -f names: a file, or a stream (a FIFO, a
 * device); a folder is a mistake worth naming.
 */
static FILE *
script_open(const char *path, char **cause)
{
	struct stat	 sb;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(f);
		xasprintf(cause, "%s is a directory; -f takes a file of "
		    "commands, one per line", path);
		return NULL;
	}
	return f;
}

/* Map a command's result to an exit status. */
static int
exit_status(enum cmd_retval ret)
{
	switch (ret) {
	case CMD_RETURN_ERROR:
		return 1;
	case CMD_RETURN_USAGE:
		return 2;
	default:
		return 0;
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "create", no_argument, NULL, 'C' },
		{ "now", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "file", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "demo", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_ctx	 ctx;
	const char	*now = NULL, *script = NULL, *env;
	char		*cause = NULL, *dir, *demo_dir = NULL;
	int		 demo = 0;
	time_t		 t;
	int		 opt, status = 0;
	enum cmd_retval	 ret;
	FILE		*f;

	setlocale(LC_ALL, "");
	/* Numbers are read and written (JSON, options) with a '.', always. */
	setlocale(LC_NUMERIC, "C");
	term_init();
	/* Past a file size limit, a write fails (EFBIG) and is reported. */
	signal(SIGXFSZ, SIG_IGN);
	memset(&ctx, 0, sizeof ctx);
	while ((opt = getopt_long(argc, argv, "+f:qhV", longopts, NULL)) !=
	    -1) {
		switch (opt) {
		case 'd':
			free(ctx.db_path);
			ctx.db_path = xstrdup(optarg);
			break;
		case 'C':
			ctx.db_flags |= STORE_CREATE;
			break;
		case 'n':
			now = optarg;
			break;
		case 'j':
			ctx.json = 1;
			break;
		case 'f':
			script = optarg;
			break;
		case 'q':
			ctx.quiet = 1;
			break;
		case 'D':
			demo = 1;
			break;
		case 'h':
			usage(stdout);
			free(ctx.db_path);
			return check_stdout();
		case 'V':
			version();
			free(ctx.db_path);
			return check_stdout();
		default:
			fprintf(stderr, "Try 'recall --help' for more "
			    "information.\n");
			free(ctx.db_path);
			return 2;
		}
	}

	if (now == NULL && (env = getenv("RECALL_NOW")) != NULL && *env != '\0')
		now = env;
	if (now != NULL) {
		if (clock_parse(now, &t, &cause) != 0) {
			fprintf(stderr, "recall: %s\n", cause);
			free(cause);
			status = 2;
			goto out;
		}
		clock_set(t);
	}
	if (demo) {
		if (ctx.db_path != NULL) {
			fprintf(stderr, "recall: --demo makes its own "
			    "collection; drop --db\n");
			status = 2;
			goto out;
		}
		if ((demo_dir = demo_create(&ctx, &cause)) == NULL) {
			fprintf(stderr, "recall: --demo: %s\n", cause);
			free(cause);
			status = 1;
			goto out;
		}
	}
	if (ctx.db_path != NULL && *ctx.db_path == '\0') {
		fprintf(stderr, "recall: --db needs the path of a collection "
		    "file, not an empty string\n");
		status = 2;
		goto out;
	}
	if (ctx.db_path == NULL && (env = getenv("RECALL_DB")) != NULL &&
	    *env != '\0')
		ctx.db_path = xstrdup(env);
	if (ctx.db_path == NULL) {
		/*
		 * The default place: make its directory, private.  With no
		 * home at all, the first command that needs the collection
		 * says to give --db or RECALL_DB.
		 */
		ctx.db_path = store_default_path();
		if (ctx.db_path != NULL &&
		    (dir = strrchr(ctx.db_path, '/')) != NULL) {
			dir = xstrndup(ctx.db_path,
			    (size_t)(dir - ctx.db_path));
			status = mkdir_parents(dir, 0700, &cause);
			free(dir);
			if (status != 0) {
				fprintf(stderr, "recall: %s\n", cause);
				free(cause);
				status = 1;
				goto out;
			}
		}
	}

	if (optind < argc) {
		if (script != NULL) {
			fprintf(stderr, "recall: give a COMMAND or -f FILE, "
			    "not both\n");
			status = 2;
			goto out;
		}
		ctx.mode = MODE_ONESHOT;
		ctx.interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
		ret = cmd_run(&ctx, argc - optind, argv + optind);
		status = exit_status(ret);
	} else if (script != NULL || !isatty(STDIN_FILENO)) {
		if (script != NULL && *script == '\0') {
			fprintf(stderr, "recall: -f needs the name of a file "
			    "of commands ('-' for standard input)\n");
			status = 2;
			goto out;
		}
		if (script == NULL || strcmp(script, "-") == 0) {
			f = stdin;
			script = "<stdin>";
		} else if ((f = script_open(script, &cause)) == NULL) {
			fprintf(stderr, "recall: %s\n", cause);
			free(cause);
			status = 1;
			goto out;
		}
		ret = script_run(&ctx, f, script);
		if (f != stdin)
			fclose(f);
		status = exit_status(ret);
	} else {
		ctx.mode = MODE_REPL;
		ctx.interactive = 1;
		status = repl_run(&ctx);
	}
out:
	store_close(ctx.store);
	if (demo_dir != NULL)
		demo_remove(demo_dir, ctx.db_path);
	free(demo_dir);
	free(ctx.db_path);
	if (check_stdout() != 0 && status == 0)
		status = 1;
	return status;
}
