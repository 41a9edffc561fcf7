/*
 * The terminal: colour (respecting NO_COLOR), width, bars, questions and
 * the external editor.
 */

#include "config.h"

#include <sys/ioctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <readline/readline.h>

#include "recall.h"

/* Should output to this stream be coloured? */
int
term_colour(FILE *f)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (no != NULL && *no != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fileno(f));
}

/* The terminal's width in columns (80 if unknown). */
int
term_width(void)
{
	struct winsize	 ws;
	const char	*cols = getenv("COLUMNS");
	long long	 n;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	if (cols != NULL && parse_int(cols, 20, 1000, &n) == 0)
		return (int)n;
	return 80;
}

/* Set by signal handlers, read by whoever waits for input. */
volatile sig_atomic_t	term_sigint;
volatile sig_atomic_t	term_sigwinch;

/* What term_readline's callback handed over. */
static char	*term_line;
static int	 term_have_line;

/* Called every second while reading a line, if set (see term_readline). */
int		(*term_tick)(void *, char **);
void		*term_tick_arg;

/* A half-typed line kept across an interruption, typed back afterwards. */
static char	*term_kept_line;

/* Note a Ctrl-C; whoever is reading decides what it means. */
void
term_sigint_handler(int sig)
{
	(void)sig;
	term_sigint = 1;
}

/* Note a resized terminal. */
static void
term_sigwinch_handler(int sig)
{
	(void)sig;
	term_sigwinch = 1;
}

/* Readline hands over a finished line (NULL at end of input). */
static void
term_got_line(char *line)
{
	term_line = line;
	term_have_line = 1;
	rl_callback_handler_remove();
}

/*
 * Read a line with readline's callback interface, so that Ctrl-C can
 * cancel it (*cancelled set, NULL returned) instead of ending recall.
 * NULL without cancelled is the end of input.
 */
char *
term_readline(const char *prompt, int *cancelled)
{
	struct sigaction	sa, oldint, oldwinch;
	struct pollfd		pfd;
	sigset_t		block, oldmask, waitmask;
	int			n;

	*cancelled = 0;
	/*
	 * Keep the signals blocked but while waiting in ppoll, so one that
	 * comes between checking the flags and waiting is not lost.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &oldmask);
	waitmask = oldmask;
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGWINCH);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_sigint_handler;
	sigaction(SIGINT, &sa, &oldint);
	sa.sa_handler = term_sigwinch_handler;
	sigaction(SIGWINCH, &sa, &oldwinch);
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;

	term_have_line = 0;
	term_line = NULL;
	term_sigint = 0;
	fflush(stdout);
	rl_callback_handler_install(prompt, term_got_line);
	if (term_kept_line != NULL && term_tick != NULL) {
		rl_insert_text(term_kept_line);
		rl_redisplay();
		free(term_kept_line);
		term_kept_line = NULL;
	}
	while (!term_have_line) {
		struct timespec second = { 1, 0 };
		char *fresh = NULL;

		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		n = 0;
		if (!term_sigint && !term_sigwinch)
			n = ppoll(&pfd, 1, term_tick != NULL ? &second : NULL,
			    &waitmask);
		if (term_sigwinch) {
			term_sigwinch = 0;
			rl_resize_terminal();
		}
		if (term_sigint) {
			term_sigint = 0;
			rl_free_line_state();
			rl_callback_sigcleanup();
			rl_replace_line("", 0);
			rl_callback_handler_remove();
			rl_crlf();
			*cancelled = 1;
			break;
		}
		if (n == 0 && term_tick != NULL) {
			switch (term_tick(term_tick_arg, &fresh)) {
			case TERM_TICK_PROMPT:
				rl_set_prompt(fresh);
				rl_redisplay();
				break;
			case TERM_TICK_INTERRUPT:
				/* Keep what was typed; it comes back after. */
				if (rl_line_buffer != NULL &&
				    *rl_line_buffer != '\0')
					term_kept_line = xstrdup(rl_line_buffer);
				rl_replace_line("", 0);
				rl_callback_handler_remove();
				rl_crlf();
				*cancelled = 2;
				break;
			}
			free(fresh);
			if (*cancelled != 0)
				break;
			continue;
		}
		if (n == -1 && errno != EINTR) {
			rl_callback_handler_remove();
			break;
		}
		if (n > 0)
			rl_callback_read_char();
	}
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGWINCH, &oldwinch, NULL);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	return term_have_line ? term_line : NULL;
}

/* Is the locale's character set UTF-8? */
int
term_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0);
}

/*
 * An escape sequence for a style (bold, dim, red, green, yellow, blue,
 * cyan, reset), or "" when the stream is not coloured.
 */
const char *
term_style(FILE *f, const char *name)
{
	static const struct {
		const char *name;
		const char *seq;
	} styles[] = {
		{ "bold", "\033[1m" },
		{ "dim", "\033[2m" },
		{ "red", "\033[31m" },
		{ "green", "\033[32m" },
		{ "yellow", "\033[33m" },
		{ "blue", "\033[34m" },
		{ "magenta", "\033[35m" },
		{ "cyan", "\033[36m" },
		{ "reset", "\033[0m" },
	};
	size_t i;

	if (!term_colour(f))
		return "";
	for (i = 0; i < sizeof styles / sizeof styles[0]; i++) {
		if (strcmp(styles[i].name, name) == 0)
			return styles[i].seq;
	}
	return "";
}

/* Draw a bar of width cells, filled to fraction (0 to 1). */
void
term_bar(FILE *f, double fraction, int width)
{
	const char	*full = term_utf8() ? "\xe2\x96\x88" : "#";
	const char	*empty = term_utf8() ? "\xe2\x96\x91" : "-";
	int		 i, filled;

	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	filled = (int)(fraction * width + 0.5);
	for (i = 0; i < width; i++)
		fputs(i < filled ? full : empty, f);
}

/* A bar of width cells filled to actual, with a mark at the target. */
void
term_bar_marked(FILE *f, double actual, double target, int width)
{
	int	i, filled = (int)lround(actual * width);
	int	mark = (int)lround(target * width);
	int	utf8 = term_utf8();

	if (mark >= width)
		mark = width - 1;
	for (i = 0; i < width; i++) {
		if (i == mark)
			fputs(utf8 ? "\xe2\x94\x82" : "|", f);
		else if (i < filled)
			fputs(utf8 ? "\xe2\x96\x88" : "#", f);
		else
			fputs(utf8 ? "\xe2\x96\x91" : "-", f);
	}
}

/* Ask a question on the terminal; NULL at end of input. */
char *
term_ask(struct cmd_ctx *ctx, const char *prompt, const char *def)
{
	char	*line, *full = NULL;
	int	 cancelled;

	if (!ctx->interactive)
		return NULL;
	if (def != NULL && *def != '\0')
		xasprintf(&full, "%s[%s] ", prompt, def);
	line = term_readline(full != NULL ? full : prompt, &cancelled);
	free(full);
	if (line == NULL) {
		if (!cancelled)
			fputc('\n', stdout);
		return NULL;
	}
	if (*line == '\0' && def != NULL) {
		free(line);
		return xstrdup(def);
	}
	return line;
}

/*
 * Ask a yes/no question: 1 yes, 0 no, -1 when nobody can answer (not a
 * terminal).
 */
int
term_confirm(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list	 ap;
	char	*q, *prompt, *line;
	int	 yes;

	if (!ctx->interactive)
		return -1;
	va_start(ap, fmt);
	xvasprintf(&q, fmt, ap);
	va_end(ap);
	xasprintf(&prompt, "%s [y/N] ", q);
	free(q);
	line = term_ask(ctx, prompt, NULL);
	free(prompt);
	yes = line != NULL && (line[0] == 'y' || line[0] == 'Y');
	free(line);
	return yes;
}

/*
 * Did the editor write a NUL byte?  The text would end there, so refuse
 * it, keeping the file so that nothing written is lost.
 */
static int
term_edit_nul(const char *text, size_t size, const char *path, char **cause)
{
	const char *nul;

	if ((nul = memchr(text, '\0', size)) == NULL)
		return 0;
	xasprintf(cause, "the editor wrote a NUL byte (byte %zu), which "
	    "recall cannot keep; nothing changed, and the text is kept in %s",
	    (size_t)(nul - text) + 1, path);
	return 1;
}

/*
 * Keep text the editor wrote but recall refused, in a new file under
 * TMPDIR, so that nothing the person typed is lost.  NULL if it cannot.
 */
char *
term_keep_text(const char *text, const char *suffix)
{
	const char	*tmp;
	char		*path;
	size_t		 size;
	ssize_t		 n;
	int		 fd;

	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	xasprintf(&path, "%s/recall-XXXXXX%s", tmp, suffix);
	if ((fd = mkstemps(path, (int)strlen(suffix))) == -1) {
		free(path);
		return NULL;
	}
	for (size = strlen(text); size > 0; size -= (size_t)n, text += n) {
		if ((n = write(fd, text, size)) <= 0) {
			close(fd);
			unlink(path);
			free(path);
			return NULL;
		}
	}
	if (close(fd) != 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

/*
 * Let the person edit text in $VISUAL, $EDITOR or vi.  The file name ends
 * in suffix (so editors pick a mode).  Returns the edited text.
 */
int
term_edit(const char *text, const char *suffix, char **result, char **cause)
{
	const char		*editor, *tmp;
	char			*path, *cmd;
	struct sigaction	 ign, oldint, oldquit;
	size_t			 size;
	ssize_t			 n;
	pid_t			 pid;
	int			 fd, status;

	if ((editor = getenv("VISUAL")) == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	xasprintf(&path, "%s/recall-XXXXXX%s", tmp, suffix);
	if ((fd = mkstemps(path, (int)strlen(suffix))) == -1) {
		xasprintf(cause, "cannot make a temporary file in %s: %s",
		    tmp, strerror(errno));
		free(path);
		return -1;
	}
	for (size = strlen(text); size > 0; size -= (size_t)n, text += n) {
		if ((n = write(fd, text, size)) <= 0) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			free(path);
			return -1;
		}
	}
	close(fd);

	/* Like system(3): the editor gets the terminal's signals, not us. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &oldint);
	sigaction(SIGQUIT, &ign, &oldquit);
	fflush(stdout);
	xasprintf(&cmd, "%s \"$1\"", editor);
	if ((pid = fork()) == 0) {
		sigaction(SIGINT, &oldint, NULL);
		sigaction(SIGQUIT, &oldquit, NULL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	status = 0;
	if (pid > 0) {
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	}
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGQUIT, &oldquit, NULL);
	if (pid == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		xasprintf(cause, "editor '%s' failed (%s %d); nothing changed",
		    editor, pid == -1 ? "fork error" : WIFEXITED(status) ?
		    "exit status" : "signal", pid == -1 ? errno :
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		unlink(path);
		free(path);
		return -1;
	}
	*result = read_file(path, &size, cause);
	if (*result != NULL && term_edit_nul(*result, size, path, cause)) {
		free(*result);
		*result = NULL;
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	return *result == NULL ? -1 : 0;
}

/* The terminal's settings before raw mode, to restore. */
static struct termios	term_saved;
static int		term_is_raw;

/* Put the terminal back as it was (also at exit). */
void
term_cooked(void)
{
	if (!term_is_raw)
		return;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &term_saved);
	term_is_raw = 0;
}

/*
 * Read keys one at a time, unechoed, with Ctrl-C and Ctrl-D arriving as
 * keys rather than signals.
 */
int
term_raw(void)
{
	static int	registered;
	struct termios	raw;

	if (term_is_raw)
		return 0;
	if (tcgetattr(STDIN_FILENO, &term_saved) != 0)
		return -1;
	raw = term_saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) != 0)
		return -1;
	term_is_raw = 1;
	if (!registered) {
		atexit(term_cooked);
		registered = 1;
	}
	return 0;
}

/*
 * One key press: a byte, TERM_KEY_EOF at the end of input (the terminal
 * went away), or TERM_KEY_ESCAPE for a whole escape sequence (arrows and
 * the like), which recall ignores.
 */
int
term_key(void)
{
	unsigned char	c, seq[8];
	struct pollfd	pfd;
	ssize_t		n;

	fflush(stdout);
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n == 1)
			break;
		if (n == -1 && errno == EINTR)
			continue;
		return TERM_KEY_EOF;
	}
	if (c != 0x1b)
		return c;
	/* Swallow the rest of an escape sequence, if one follows at once. */
	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	while (poll(&pfd, 1, 30) == 1) {
		if (read(STDIN_FILENO, seq, sizeof seq) <= 0)
			break;
	}
	return TERM_KEY_ESCAPE;
}

/* Seconds on a clock that only goes forward, for durations. */
double
term_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Print text wrapped to width columns, starting at column start, with
 * continuation lines indented to indent; ends with a newline.
 */
void
term_wrap(FILE *f, const char *text, int start, int indent, int width)
{
	const char	*p = text, *word;
	int		 col = start, len, first = 1;

	if (width < indent + 20)
		width = indent + 20;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		word = p;
		while (*p != '\0' && *p != ' ')
			p++;
		len = (int)(p - word);
		if (!first && col + 1 + len > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(word, 1, (size_t)len, f);
		col += len;
		first = 0;
	}
	fputc('\n', f);
}

/* The terminal as recall found it, and files to remove if killed. */
static struct termios	 term_startup;
static int		 term_have_startup;
static char		*term_doomed[8];

/*
 * Killed (SIGTERM, SIGHUP): put the terminal back as it was, remove the
 * files that were only ever temporary, and die of the same signal.
 */
static void
term_fatal_signal(int sig)
{
	int i;

	if (term_have_startup)
		tcsetattr(STDIN_FILENO, TCSANOW, &term_startup);
	for (i = 0; i < 8 && term_doomed[i] != NULL; i++) {
		if (unlink(term_doomed[i]) != 0)
			rmdir(term_doomed[i]);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Remember the terminal and be ready to restore it if recall is killed. */
void
term_init(void)
{
	struct sigaction sa;

	if (isatty(STDIN_FILENO) &&
	    tcgetattr(STDIN_FILENO, &term_startup) == 0)
		term_have_startup = 1;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_fatal_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Hold SIGTERM and SIGHUP while the list of doomed files changes. */
static void
term_hold_signals(int hold, sigset_t *old)
{
	sigset_t set;

	if (hold) {
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGHUP);
		sigprocmask(SIG_BLOCK, &set, old);
	} else
		sigprocmask(SIG_SETMASK, old, NULL);
}

/* A file (or, last, a directory) to remove if recall is killed. */
void
term_remove_if_killed(const char *path)
{
	sigset_t	old;
	int		i;

	term_hold_signals(1, &old);
	for (i = 0; i < 7; i++) {
		if (term_doomed[i] == NULL) {
			term_doomed[i] = xstrdup(path);
			break;
		}
	}
	term_hold_signals(0, &old);
}

/* A file that is no longer temporary (renamed into place): keep it. */
void
term_keep_if_killed(const char *path)
{
	sigset_t	old;
	int		i;

	term_hold_signals(1, &old);
	for (i = 0; i < 8 && term_doomed[i] != NULL; i++) {
		if (strcmp(term_doomed[i], path) == 0)
			break;
	}
	if (i < 8 && term_doomed[i] != NULL) {
		free(term_doomed[i]);
		for (; i < 7; i++)
			term_doomed[i] = term_doomed[i + 1];
		term_doomed[7] = NULL;
	}
	term_hold_signals(0, &old);
}
