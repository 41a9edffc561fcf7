/*
 * Small helpers shared by the whole program: UTF-8, numbers, durations,
 * files, names of tracks and layers, tag lists.
 */

#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "recall.h"

/* Decode one UTF-8 sequence; return its length, or 0 if invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t	c;
	size_t		n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, and beyond U+10FFFF. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* Is this valid UTF-8?  On failure, say where the bad byte is. */
int
utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 off = 0, n;
	uint32_t		 cp;

	while (off < len) {
		if (p[off] < 0x80) {
			off++;
			continue;
		}
		if ((n = utf8_decode(p + off, len - off, &cp)) == 0) {
			if (bad != NULL)
				*bad = off;
			return 0;
		}
		off += n;
	}
	return 1;
}

/* Width in terminal columns of a UTF-8 string. */
int
utf8_width(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), off = 0, n;
	uint32_t		 cp;
	int			 w = 0, cw;

	while (off < len) {
		if ((n = utf8_decode(p + off, len - off, &cp)) == 0) {
			off++;
			w++;
			continue;
		}
		off += n;
		cw = wcwidth((wchar_t)cp);
		w += cw < 0 ? (cp < 0x20 ? 0 : 1) : cw;
	}
	return w;
}

/* Cut a UTF-8 string to at most width columns, ending in an ellipsis. */
char *
utf8_truncate(const char *s, int width)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), off = 0, n;
	uint32_t		 cp;
	int			 w = 0, cw;
	struct buf		 b;

	if (utf8_width(s) <= width)
		return xstrdup(s);
	buf_init(&b);
	while (off < len) {
		if ((n = utf8_decode(p + off, len - off, &cp)) == 0) {
			n = 1;
			cw = 1;
		} else {
			cw = wcwidth((wchar_t)cp);
			if (cw < 0)
				cw = 1;
		}
		if (w + cw > width - 1)
			break;
		buf_add(&b, s + off, n);
		w += cw;
		off += n;
	}
	buf_puts(&b, "\xe2\x80\xa6");
	return buf_steal(&b);
}

/* Copy a string without leading and trailing white space. */
char *
str_trim(const char *s)
{
	const char *end;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	return xstrndup(s, (size_t)(end - s));
}

/* Is the string NULL or only white space? */
int
str_empty(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			return 0;
	}
	return 1;
}

/*
 * How many bytes of a control character start s: a C0 control or DEL (1),
 * a C1 control in UTF-8 (2), or 0 for anything else.  Pure.
 */
static size_t
str_control(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
	    (unsigned char)s[1] <= 0x9f)
		return 2;
	return 0;
}

/*
 * Copy text for a person's terminal: newlines and tabs stay, and every
 * other control character is shown as cat -v shows it ("^[" for ESC, "^?"
 * for DEL, "M-^[" for the C1 control U+009B), so card text can never
 * move the cursor, retitle the window or hide what follows.
 */
char *
str_visible(const char *s)
{
	struct buf	b;
	size_t		n;

	buf_init(&b);
	for (; *s != '\0'; s += n) {
		if ((n = str_control(s)) == 0 || *s == '\n' || *s == '\t') {
			n = 1;
			buf_putc(&b, *s);
		} else if (n == 1) {
			buf_putc(&b, '^');
			buf_putc(&b, *s == 0x7f ? '?' : *s + 64);
		} else {
			buf_add(&b, "M-^", 3);
			buf_putc(&b, (char)((unsigned char)s[1] - 0x80 + 64));
		}
	}
	return buf_steal(&b);
}

/*
 * Copy a string with each run of white space (newlines too) and of
 * control characters made a space.
 */
char *
str_oneline(const char *s)
{
	struct buf	b;
	size_t		n;
	int		space = 0;

	const char	*run;

	buf_init(&b);
	while (*s != '\0') {
		if (isspace((unsigned char)*s) || (n = str_control(s)) != 0) {
			s += isspace((unsigned char)*s) ? 1 : n;
			space = 1;
			continue;
		}
		if (space && b.len != 0)
			buf_putc(&b, ' ');
		space = 0;
		/* A run of text to the next space or control, in one copy. */
		for (run = s; *s != '\0' && !isspace((unsigned char)*s) &&
		    str_control(s) == 0; s++)
			continue;
		buf_add(&b, run, (size_t)(s - run));
	}
	return buf_steal(&b);
}

/* Parse a whole decimal integer within [min, max]. */
int
parse_int(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Parse a whole finite decimal number within [min, max]. */
int
parse_double(const char *s, double min, double max, double *out)
{
	char	*end;
	double	 v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * Parse a duration such as 25m, 1h30m, 90s or 2h into seconds; a bare
 * number is minutes.
 */
int
parse_duration(const char *s, int *seconds, char **cause)
{
	const char	*p = s;
	long long	 total = 0, v;
	char		*end;
	int		 units = 0;

	if (s == NULL || *s == '\0')
		goto bad;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (*end == '\0' && end != p) {
		if (errno != 0 || v <= 0 || v > 24 * 60)
			goto bad;
		*seconds = (int)(v * 60);
		return 0;
	}
	while (*p != '\0') {
		if (!isdigit((unsigned char)*p))
			goto bad;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno != 0 || v > 1000000)
			goto bad;
		switch (*end) {
		case 'h':
			total += v * 3600;
			break;
		case 'm':
			total += v * 60;
			break;
		case 's':
			total += v;
			break;
		default:
			goto bad;
		}
		units++;
		p = end + 1;
	}
	if (units == 0 || total <= 0 || total > 24 * 3600)
		goto bad;
	*seconds = (int)total;
	return 0;
bad:
	xasprintf(cause, "bad duration '%s' (examples: 25m, 1h30m, 90s; "
	    "at most 24h)", s == NULL ? "" : s);
	return -1;
}

/* Format seconds as 1h05m, 12m30s or 45s. */
char *
format_duration(int seconds)
{
	char *s;

	if (seconds < 0)
		seconds = 0;
	if (seconds >= 3600)
		xasprintf(&s, "%dh%02dm", seconds / 3600, (seconds / 60) % 60);
	else if (seconds >= 60)
		xasprintf(&s, "%dm%02ds", seconds / 60, seconds % 60);
	else
		xasprintf(&s, "%ds", seconds);
	return s;
}

/* The directory part of a path ("." for a bare name). */
char *
path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Create a directory and its parents with the given mode. */
int
mkdir_parents(const char *path, int mode, char **cause)
{
	char	*copy, *p;
	int	 ret = 0;

	copy = xstrdup(path);
	for (p = copy + 1; ret == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(copy, (mode_t)mode) != 0 && errno != EEXIST) {
				xasprintf(cause, "%s: %s", copy,
				    strerror(errno));
				ret = -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(copy);
	return ret;
}

/*
 * Check a file about to be read whole is a regular file (a FIFO or a
 * device could block or never end), and make its reads block again.
 */
static int
read_file_regular(int fd, const char *path, char **cause)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(cause, "%s is %s, not a regular file", path,
		    file_kind(sb.st_mode));
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Read a whole file (or standard input for "-") into memory. */
char *
read_file(const char *path, size_t *size, char **cause)
{
	struct buf	b;
	char		chunk[65536];
	ssize_t		n;
	int		fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	} else if (read_file_regular(fd, path, cause) != 0) {
		close(fd);
		return NULL;
	}
	buf_init(&b);
	buf_add(&b, "", 0);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			if (fd != STDIN_FILENO)
				close(fd);
			buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*size = b.len;
	return buf_steal(&b);
}

/* Free what an out_file holds; the temporary file goes too. */
void
out_file_abort(struct out_file *o)
{
	if (o->f != NULL && o->f != stdout)
		fclose(o->f);
	if (o->tmp != NULL) {
		unlink(o->tmp);
		term_keep_if_killed(o->tmp);
	}
	free(o->path);
	free(o->target);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

/* What a file that is not a regular file is, for a message. */
const char *
file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a regular file";
}

/* Do two paths name one file (both exist, same device and inode)? */
int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Is path the file standard output already is (-o /dev/stdout)? */
static int
out_file_is_stdout(const char *path)
{
	struct stat sb, out;

	if (stat(path, &sb) != 0 || fstat(STDOUT_FILENO, &out) != 0)
		return 0;
	return sb.st_dev == out.st_dev && sb.st_ino == out.st_ino;
}

/* Open a character device or FIFO for writing straight into it. */
static int
out_file_device(struct out_file *o, char **cause)
{
	struct stat	sb;
	int		fd;

	if ((fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", o->path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || (!S_ISCHR(sb.st_mode) &&
	    !S_ISFIFO(sb.st_mode))) {
		close(fd);
		xasprintf(cause, "%s: changed while being opened; try again",
		    o->path);
		return -1;
	}
	if ((o->f = fdopen(fd, "w")) == NULL) {
		close(fd);
		xasprintf(cause, "%s: %s", o->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Make the temporary file beside the regular file to be replaced. */
static int
out_file_temp(struct out_file *o, char **cause)
{
	int fd;

	xasprintf(&o->tmp, "%s.XXXXXX", o->target);
	if ((fd = mkstemp(o->tmp)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			xasprintf(cause, "%s: no such folder to write it in",
			    o->path);
		else {
			xasprintf(cause, "%s: cannot create a file in its "
			    "folder: %s", o->path, strerror(errno));
		}
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	term_remove_if_killed(o->tmp);
	if (fchmod(fd, (mode_t)o->mode) != 0 ||
	    (o->f = fdopen(fd, "w")) == NULL) {
		xasprintf(cause, "%s: %s", o->tmp, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

/* Refuse to replace an existing file without force. */
static int
out_file_exists(struct out_file *o, int force, char **cause)
{
	if (force)
		return 0;
	xasprintf(cause, "%s exists; not overwriting it without --force",
	    o->path);
	return -1;
}

/*
 * Where a symlink leads: a device or FIFO is written straight; a regular
 * file is replaced (the link stays) only with force; a link to nothing is
 * never written through.
 */
static int
out_file_link(struct out_file *o, int force, char **cause)
{
	struct stat	 sb;
	char		 real[PATH_MAX];

	if (stat(o->path, &sb) != 0 || realpath(o->path, real) == NULL) {
		xasprintf(cause, "%s is a symbolic link to a missing file; not "
		    "writing through it (remove the link or name the file)",
		    o->path);
		return -1;
	}
	if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))
		return out_file_device(o, cause);
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(cause, "%s leads to %s, which is %s; name a file",
		    o->path, real, file_kind(sb.st_mode));
		return -1;
	}
	if (out_file_exists(o, force, cause) != 0)
		return -1;
	o->target = xstrdup(real);
	o->mode = (int)(sb.st_mode & 07777);
	return out_file_temp(o, cause);
}

/*
 * Open a file to write a whole result into: only a regular file is ever
 * replaced, and only once it is all written (out_file_commit).
 */
int
out_file_open(struct out_file *o, const char *path, int force, char **cause)
{
	struct stat sb;

	memset(o, 0, sizeof o[0]);
	o->path = xstrdup(path);
	if (*path == '\0') {
		xasprintf(cause, "the output file name is empty");
		goto fail;
	}
	if (out_file_is_stdout(path)) {
		o->f = stdout;
		return 0;
	}
	if (lstat(path, &sb) != 0) {
		if (errno != ENOENT) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			goto fail;
		}
		o->target = xstrdup(path);
		o->mode = 0644 & ~current_umask();
		if (out_file_temp(o, cause) != 0)
			goto fail;
		return 0;
	}
	if (S_ISLNK(sb.st_mode)) {
		if (out_file_link(o, force, cause) != 0)
			goto fail;
		return 0;
	}
	if (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode)) {
		if (out_file_device(o, cause) != 0)
			goto fail;
		return 0;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(cause, "%s is %s; name a file", path,
		    file_kind(sb.st_mode));
		goto fail;
	}
	o->target = xstrdup(path);
	o->mode = (int)(sb.st_mode & 07777);
	if (out_file_exists(o, force, cause) != 0 ||
	    out_file_temp(o, cause) != 0)
		goto fail;
	return 0;
fail:
	out_file_abort(o);
	return -1;
}

/* Say why a write failed (a stream error may have left errno unset). */
static void
out_file_error(struct out_file *o, char **cause)
{
	xasprintf(cause, "%s: %s", o->path, errno == 0 ? "write error" :
	    errno == EFBIG ? "file too large" : strerror(errno));
}

/* Flush the directory a file was renamed in, so the rename lasts. */
static void
out_file_sync_dir(const char *path)
{
	char	*dir, *slash;
	int	 fd;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else
		slash[slash == dir ? 1 : 0] = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * Finish writing: everything reached the file, and a regular file is
 * renamed into place.  On failure nothing was replaced.
 */
int
out_file_commit(struct out_file *o, char **cause)
{
	FILE	*f = o->f;
	int	 failed;

	errno = 0;
	failed = fflush(f) != 0 || ferror(f);
	if (!failed && o->tmp != NULL && fsync(fileno(f)) != 0)
		failed = 1;
	o->f = NULL;
	if (f != stdout && fclose(f) != 0)
		failed = 1;
	if (!failed && o->tmp != NULL && rename(o->tmp, o->target) != 0)
		failed = 1;
	if (failed) {
		out_file_error(o, cause);
		out_file_abort(o);
		return -1;
	}
	if (o->tmp != NULL) {
		out_file_sync_dir(o->target);
		term_keep_if_killed(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
	out_file_abort(o);
	return 0;
}

/*
 * Has standard output failed (its reader left, or the disk is full)?
 * Nothing more can reach it then: a listing asks after each row and
 * stops, rather than format the rest for no one.
 */
int
out_failed(void)
{
	return ferror(stdout);
}

/*
 * Has the reader of standard output gone (head has its lines, a pager
 * quit)?  A pipe or socket with no reader polls as an error.
 */
static int
out_reader_gone(void)
{
	struct pollfd	pfd;

	pfd.fd = STDOUT_FILENO;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) != 1)
		return 0;
	return (pfd.revents & (POLLERR | POLLHUP)) != 0;
}

/*
 * Standard output failed because its reader left: end quietly, as SIGPIPE
 * ends a process that does not ignore it, so the status is the shell's
 * 141 (128 + SIGPIPE) whether or not our parent ignored the signal.  A
 * reader that stops early is no error of ours to print.  Returns if the
 * reader is still there (a full disk is an error to report).
 */
void
out_exit_if_reader_gone(void)
{
	if (ferror(stdout))
		out_exit_if_gone();
}

/*
 * The same, for a writer that knows its write to standard output's file
 * descriptor failed (script mode's held output).
 */
void
out_exit_if_gone(void)
{
	sigset_t	set;

	if (!out_reader_gone())
		return;
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGPIPE);
	_exit(128 + SIGPIPE);
}

/* The name of a track. */
const char *
track_name(enum track t)
{
	return t == TRACK_WANT ? "want" : "need";
}

/* Look a track up by name. */
int
track_from_name(const char *s, enum track *t)
{
	if (strcasecmp(s, "need") == 0)
		*t = TRACK_NEED;
	else if (strcasecmp(s, "want") == 0)
		*t = TRACK_WANT;
	else
		return -1;
	return 0;
}

/* The name of a layer. */
const char *
layer_name(enum layer l)
{
	switch (l) {
	case LAYER_EXPLORE:
		return "explore";
	case LAYER_DEEPEN:
		return "deepen";
	default:
		return "skim";
	}
}

/* Look a layer up by name. */
int
layer_from_name(const char *s, enum layer *l)
{
	if (strcasecmp(s, "skim") == 0)
		*l = LAYER_SKIM;
	else if (strcasecmp(s, "explore") == 0)
		*l = LAYER_EXPLORE;
	else if (strcasecmp(s, "deepen") == 0)
		*l = LAYER_DEEPEN;
	else
		return -1;
	return 0;
}

/* The name of a card kind. */
const char *
kind_name(enum card_kind k)
{
	switch (k) {
	case KIND_REVERSE:
		return "reverse";
	case KIND_CLOZE:
		return "cloze";
	default:
		return "basic";
	}
}

/* Look a card kind up by name, as kind_name gives it. */
int
kind_from_name(const char *s, enum card_kind *k)
{
	if (strcasecmp(s, "basic") == 0)
		*k = KIND_BASIC;
	else if (strcasecmp(s, "reverse") == 0)
		*k = KIND_REVERSE;
	else if (strcasecmp(s, "cloze") == 0)
		*k = KIND_CLOZE;
	else
		return -1;
	return 0;
}

/* Is c allowed in a tag? */
static int
tag_char(unsigned char c)
{
	return c >= 0x80 || isalnum(c) || strchr("_-:/.+", c) != NULL;
}

/*
 * Does tag match pattern 0 (a letter first, of any script) or 1 (all of
 * TAG_PATTERN: no space of any kind either), as valid UTF-8?
 */
static int
tag_shape(int which, const char *tag)
{
	static const char	*text[] = { "^\\p{L}", "^" TAG_PATTERN "$" };
	static pcre2_code	*re[2];
	pcre2_match_data	*md;
	PCRE2_SIZE		 offset;
	const char		*p;
	int			 error, rc;

	/* ASCII alone, the common case, needs no Unicode tables. */
	for (p = tag; *p != '\0' && (unsigned char)*p < 0x80; p++)
		/* nothing */;
	if (*p == '\0') {
		if (!isalpha((unsigned char)tag[0]))
			return 0;
		return which == 0 || strpbrk(tag, " \t\n\v\f\r#") == NULL;
	}
	if (re[which] == NULL) {
		re[which] = pcre2_compile((PCRE2_SPTR)text[which],
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP |
		    PCRE2_MATCH_INVALID_UTF, &error, &offset, NULL);
		if (re[which] == NULL)
			fatal("tag pattern %d: error %d at %zu", which, error,
			    (size_t)offset);
	}
	md = pcre2_match_data_create_from_pattern(re[which], NULL);
	rc = pcre2_match(re[which], (PCRE2_SPTR)tag, strlen(tag), 0, 0, md,
	    NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/*
 * Turn "a, #b c a" into "a b c": split on spaces and commas, drop a
 * leading '#', keep the first of duplicates.
 */
char *
tags_normalize(const char *in, char **cause)
{
	struct buf	 b;
	const char	*p = in, *start, *q;
	char		*tag;

	buf_init(&b);
	buf_add(&b, "", 0);
	while (*p != '\0') {
		if (isspace((unsigned char)*p) || *p == ',') {
			p++;
			continue;
		}
		if (*p == '#')
			p++;
		start = p;
		while (*p != '\0' && !isspace((unsigned char)*p) && *p != ',')
			p++;
		if (p == start)
			continue;
		tag = xstrndup(start, (size_t)(p - start));
		if (!tag_shape(0, tag)) {
			xasprintf(cause, "bad tag '%s': a tag starts with a "
			    "letter", tag);
			free(tag);
			buf_free(&b);
			return NULL;
		}
		q = tag;
		while (*q != '\0' && tag_char((unsigned char)*q))
			q++;
		if (*q != '\0' || !tag_shape(1, tag)) {
			xasprintf(cause, "bad tag '%s': use letters, digits "
			    "and _-:/.+", tag);
			free(tag);
			buf_free(&b);
			return NULL;
		}
		if (!tags_has(b.data, tag)) {
			if (b.len != 0)
				buf_putc(&b, ' ');
			buf_puts(&b, tag);
		}
		free(tag);
	}
	return buf_steal(&b);
}

/* Is this tag in the space-separated list? */
int
tags_has(const char *tags, const char *tag)
{
	size_t		 n = strlen(tag);
	const char	*p = tags;

	if (tags == NULL || n == 0)
		return 0;
	while ((p = strstr(p, tag)) != NULL) {
		if ((p == tags || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

/* A new tag list with tag added (if missing). */
char *
tags_add(const char *tags, const char *tag)
{
	char *s;

	if (tags_has(tags, tag))
		return xstrdup(tags);
	if (tags == NULL || *tags == '\0')
		return xstrdup(tag);
	xasprintf(&s, "%s %s", tags, tag);
	return s;
}

/* A new tag list with tag removed. */
char *
tags_remove(const char *tags, const char *tag)
{
	struct buf	 b;
	const char	*p = tags, *start;

	buf_init(&b);
	buf_add(&b, "", 0);
	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		start = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (p == start)
			break;
		if ((size_t)(p - start) == strlen(tag) &&
		    strncmp(start, tag, (size_t)(p - start)) == 0)
			continue;
		if (b.len != 0)
			buf_putc(&b, ' ');
		buf_add(&b, start, (size_t)(p - start));
	}
	return buf_steal(&b);
}

/* Is this run of bytes only white space? */
int
str_empty_n(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!isspace((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Split a context ("A > B > C") into its headings. */
char **
context_split(const char *context, int *n)
{
	const char	 *p = context, *sep;
	char		**parts = NULL;

	*n = 0;
	while (p != NULL && *p != '\0') {
		sep = strstr(p, " > ");
		parts = xreallocarray(parts, (size_t)*n + 1, sizeof *parts);
		parts[(*n)++] = sep == NULL ? xstrdup(p) :
		    xstrndup(p, (size_t)(sep - p));
		p = sep == NULL ? NULL : sep + 3;
	}
	return parts;
}

/* Free what context_split made. */
void
context_free(char **parts, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

/* The process's umask, without changing it for good. */
int
current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return (int)m;
}

/* A string cut or padded with spaces to exactly width columns. */
char *
utf8_pad(const char *s, int width)
{
	char	*cut = utf8_truncate(s, width), *out;
	int	 w = utf8_width(cut);

	xasprintf(&out, "%s%*s", cut, w < width ? width - w : 0, "");
	free(cut);
	return out;
}

/*
 * Is this text fit to keep?  The rules an imported summary follows, so
 * that whatever enters another way exports and imports back: no NUL byte,
 * valid UTF-8, no line longer than SUMMARY_MAX_LINE.  The length is given,
 * so a NUL is found rather than ending the text.
 */
int
text_check(const char *s, size_t len, char **cause)
{
	const char	*nul, *line, *end = s + len, *nl;
	size_t		 bad;
	int		 lineno = 1;

	if ((nul = memchr(s, '\0', len)) != NULL) {
		xasprintf(cause, "a NUL byte (byte %zu)", (size_t)(nul - s) + 1);
		return -1;
	}
	if (!utf8_valid(s, len, &bad)) {
		xasprintf(cause, "invalid UTF-8 (byte %zu)", bad + 1);
		return -1;
	}
	for (line = s; line < end; line = nl + 1, lineno++) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		if ((size_t)(nl - line) > SUMMARY_MAX_LINE) {
			xasprintf(cause, "line %d is longer than 1 MiB", lineno);
			return -1;
		}
	}
	return 0;
}

/*
 * Whether ids[0..n), sorted ascending, run without a gap, so that an id's
 * place is id - ids[0] (ids_find).
 */
int
ids_dense(const int64_t *ids, size_t n)
{
	return n != 0 && (uint64_t)(ids[n - 1] - ids[0]) == n - 1;
}

/*
 * Find id among ids[0..n), sorted ascending (dense as ids_dense says):
 * 1 with its place in *at, or 0 if it is not there.  The replay of check
 * and the model's reading of the log keep a card's state by this place.
 */
int
ids_find(const int64_t *ids, size_t n, int dense, int64_t id, size_t *at)
{
	size_t	lo = 0, hi = n, mid;

	if (n == 0 || id < ids[0] || id > ids[n - 1])
		return 0;
	if (dense) {
		*at = (size_t)(id - ids[0]);
		return 1;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ids[mid] == id) {
			*at = mid;
			return 1;
		}
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
