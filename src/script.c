/*
 * Script mode: one command per line from a file or standard input,
 * stopping at the first error with FILE:LINE:.
 *
 * Commits are made durable in groups.  A command's output waits in a
 * buffer of ours; before any of it reaches the reader (the next line is
 * not there yet, the buffer is full, a message goes to standard error, the
 * script ends), the collection is synced.  So whatever a reader sees was
 * durable first, and a script of many answers costs one sync, not one
 * each.
 *
 * Answers in a row are also one transaction: each is a savepoint in a
 * batch that is committed at the same moments (and before any other
 * command, and after SCRIPT_BATCH answers, so that other writers wait
 * little), so a script of many answers writes the pages they share
 * (the log's last leaves, its indexes, the count caches) once a batch,
 * not once an answer.  Nothing of a batch is shown before its commit.
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

#define SCRIPT_OUT_SIZE 65536	/* output held before it must go out */
#define SCRIPT_BATCH 128	/* answers in one transaction at most */

/* A script's input and output while it runs. */
struct script_io {
	struct cmd_ctx	*ctx;		/* its collection, once open */
	int		 fd;		/* the commands come from here */
	char		 in[65536];	/* read ahead of the commands */
	size_t		 at;		/* the next unread byte of in */
	size_t		 have;		/* bytes in in */
	FILE		*real_in;	/* stdin, stdout, stderr, put back */
	FILE		*real_out;	/* at the end */
	FILE		*real_err;
	int		 failed;	/* a sync failed: stop, show nothing */
	int		 batch;		/* answers in the open transaction */
	int		 batch_line;	/* the line of its first */
};

/*
 * Read one line (without its newline or trailing CRs) into b, stopping at
 * a NUL byte or the length limit so that endless input (-f /dev/zero)
 * cannot fill memory.  A byte at a time: a command of the script may read
 * the rest of the same stream (import -).  The fuzzer reads through it.
 */
enum script_end
script_line(FILE *f, struct buf *b)
{
	int c;

	buf_reset(b);
	buf_add(b, "", 0);
	errno = 0;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			return SCRIPT_NUL;
		if (b->len >= SUMMARY_MAX_LINE)
			return SCRIPT_LONG;
		buf_putc(b, (char)c);
	}
	if (c == EOF && ferror(f))
		return SCRIPT_ERROR;
	if (c == EOF && b->len == 0)
		return SCRIPT_EOF;
	while (b->len > 0 && b->data[b->len - 1] == '\r')
		b->data[--b->len] = '\0';
	return SCRIPT_LINE;
}

/* Say why a script stopped before its end. */
static void
script_stopped(struct cmd_ctx *ctx, enum script_end end)
{
	switch (end) {
	case SCRIPT_NUL:
		cmd_error(ctx, "NUL byte in line: %s is not a text file of "
		    "commands", ctx->file);
		break;
	case SCRIPT_LONG:
		cmd_error(ctx, "line longer than 1 MiB: %s is not a file of "
		    "commands", ctx->file);
		break;
	default:
		cmd_error(ctx, "cannot read %s: %s", ctx->file,
		    errno == 0 ? "read error" : strerror(errno));
		break;
	}
}

/*
 * Commit the answers of the open batch, if any; -1 (and the script
 * stops) if they could not be kept, saying which lines they were.
 */
static int
script_batch_end(struct script_io *io)
{
	char *cause = NULL;

	if (io->batch == 0)
		return 0;
	io->batch = 0;
	if (store_commit(io->ctx->store, &cause) == 0)
		return 0;
	fprintf(io->real_err, "%s:%d: %s; the answers of lines %d to %d were "
	    "not kept\n", io->ctx->file, io->ctx->line, cause, io->batch_line,
	    io->ctx->line);
	free(cause);
	io->failed = 1;
	return -1;
}

/*
 * Before a command: an answer (batched) joins the open batch (or opens
 * one, once the collection is open), anything else runs after the batch
 * is committed.  -1 if the batch could not be kept or begun.
 */
static int
script_batch_next(struct script_io *io, int batched)
{
	struct cmd_ctx	*ctx = io->ctx;
	char		*cause = NULL;

	if (!batched || io->batch >= SCRIPT_BATCH) {
		if (script_batch_end(io) != 0)
			return -1;
		if (!batched)
			return 0;
	}
	if (io->batch > 0 || ctx->store == NULL ||
	    store_in_transaction(ctx->store))
		return 0;
	if (store_begin(ctx->store, &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return -1;
	}
	io->batch_line = ctx->line;
	return 0;
}

/* After an answer of a batch: count it, if one is open. */
static void
script_batch_add(struct script_io *io)
{
	if (io->ctx->store != NULL && store_in_transaction(io->ctx->store))
		io->batch++;
}

/*
 * Make what the script committed durable, the open batch committed
 * first.  Nothing the script says, on either stream, may reach anyone
 * before this.
 */
static int
script_sync(struct script_io *io)
{
	char *cause = NULL;

	if (io->failed || script_batch_end(io) != 0)
		return -1;
	if (io->ctx->store == NULL || store_sync(io->ctx->store, &cause) == 0)
		return 0;
	fprintf(io->real_err, "%s:%d: %s\n", io->ctx->file, io->ctx->line,
	    cause);
	free(cause);
	io->failed = 1;
	return -1;
}

/* Sync, then let the output held so far go. */
static void
script_release(struct script_io *io)
{
	if (script_sync(io) == 0)
		fflush(stdout);
}

/* Write all of buf to fd; -1 with errno at the first failure. */
static ssize_t
script_write_fd(int fd, const char *buf, size_t size)
{
	size_t	done = 0;
	ssize_t	n;

	while (done < size) {
		if ((n = write(fd, buf + done, size - done)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)size;
}

/* Standard output's writes: the held output goes, after a sync. */
static ssize_t
script_write_out(void *cookie, const char *buf, size_t size)
{
	struct script_io *io = cookie;

	if (script_sync(io) != 0) {
		errno = EIO;
		return -1;
	}
	return script_write_fd(STDOUT_FILENO, buf, size);
}

/*
 * Standard error's writes: an error says the lines before it were done,
 * so it too comes after a sync, and after their output.
 */
static ssize_t
script_write_err(void *cookie, const char *buf, size_t size)
{
	struct script_io *io = cookie;

	if (script_sync(io) == 0)
		fflush(stdout);
	return script_write_fd(STDERR_FILENO, buf, size);
}

/*
 * Read more of the script.  A read that would wait is the moment the
 * reader may be waiting for us: a coprocess that sends a line and waits
 * for its reply.  So when nothing is waiting on the descriptor, what was
 * done is synced and shown first.
 */
static int
script_fill(struct script_io *io)
{
	struct pollfd	pfd;
	ssize_t		n;

	pfd.fd = io->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) != 1)
		script_release(io);
	if (io->failed) {
		errno = EIO;
		return -1;
	}
	if ((n = read(io->fd, io->in, sizeof io->in)) == -1)
		return -1;
	io->at = 0;
	io->have = (size_t)n;
	return 0;
}

/*
 * The script's input as a stream, for script_line and for a command that
 * reads the rest of it (import -).  Unbuffered, so that every byte read
 * ahead is in io->in, where script_fill sees it.
 */
static ssize_t
script_read(void *cookie, char *buf, size_t size)
{
	struct script_io	*io = cookie;
	size_t			 n;

	if (io->at == io->have && script_fill(io) != 0)
		return -1;
	n = io->have - io->at;
	if (n > size)
		n = size;
	memcpy(buf, io->in + io->at, n);
	io->at += n;
	return (ssize_t)n;
}

/*
 * Put the script's streams in place: its input (standard input too, if
 * that is where the commands come from), standard output held in a
 * buffer, and standard error, both writing only after a sync.
 */
static FILE *
script_io_start(struct script_io *io, struct cmd_ctx *ctx, FILE *f)
{
	static const cookie_io_functions_t in_fns = { script_read, NULL,
	    NULL, NULL };
	static const cookie_io_functions_t out_fns = { NULL,
	    script_write_out, NULL, NULL };
	static const cookie_io_functions_t err_fns = { NULL,
	    script_write_err, NULL, NULL };
	FILE *in, *out, *err;

	memset(io, 0, sizeof *io);
	io->ctx = ctx;
	io->fd = fileno(f);
	io->real_in = stdin;
	io->real_out = stdout;
	io->real_err = stderr;
	if ((in = fopencookie(io, "r", in_fns)) == NULL ||
	    (out = fopencookie(io, "w", out_fns)) == NULL ||
	    (err = fopencookie(io, "w", err_fns)) == NULL)
		fatal("fopencookie failed");
	setvbuf(in, NULL, _IONBF, 0);
	setvbuf(out, NULL, _IOFBF, SCRIPT_OUT_SIZE);
	setvbuf(err, NULL, _IONBF, 0);
	fflush(stdout);
	if (f == stdin)
		stdin = in;
	stdout = out;
	stderr = err;
	return in;
}

/*
 * Put the streams back, after a last sync and the held output; -1 if
 * that output could not be written.
 */
static int
script_io_end(struct script_io *io, FILE *in)
{
	FILE	*out = stdout, *err = stderr;
	int	 bad;

	script_release(io);
	bad = ferror(out) || fclose(out) != 0;
	if (bad)
		out_exit_if_gone();	/* the reader left: quietly, as SIGPIPE */
	if (bad && !io->failed)
		fprintf(io->real_err, "recall: write error: %s\n",
		    strerror(errno));
	fclose(err);
	fclose(in);
	stdin = io->real_in;
	stdout = io->real_out;
	stderr = io->real_err;
	return bad || io->failed ? -1 : 0;
}

/* Run every command in a stream; CMD_RETURN_ERROR at the first failure. */
enum cmd_retval
script_run(struct cmd_ctx *ctx, FILE *f, const char *name)
{
	struct script_io	 io;
	struct buf		 b;
	FILE			*in;
	char			*cause = NULL, **argv;
	int			 argc, batched;
	enum script_end		 end;
	enum cmd_retval		 ret = CMD_RETURN_NORMAL;

	ctx->mode = MODE_SCRIPT;
	ctx->file = name;
	ctx->line = 0;
	in = script_io_start(&io, ctx, f);
	buf_init(&b);
	for (;;) {
		ctx->line++;
		if ((end = script_line(in, &b)) == SCRIPT_EOF)
			break;
		if (end != SCRIPT_LINE) {
			if (!io.failed)
				script_stopped(ctx, end);
			ret = CMD_RETURN_ERROR;
			break;
		}
		if (cmd_split(b.data, &argc, &argv, &cause) != 0) {
			cmd_error(ctx, "%s", cause);
			free(cause);
			ret = CMD_RETURN_ERROR;
			break;
		}
		batched = argc > 0 && cmd_batched(argv[0]);
		if (script_batch_next(&io, batched) != 0) {
			cmd_free_argv(argc, argv);
			ret = CMD_RETURN_ERROR;
			break;
		}
		ret = cmd_run(ctx, argc, argv);
		if (ret == CMD_RETURN_NORMAL && batched)
			script_batch_add(&io);
		cmd_free_argv(argc, argv);
		if (ret == CMD_RETURN_QUIT) {
			ret = CMD_RETURN_NORMAL;
			break;
		}
		if (ret != CMD_RETURN_NORMAL) {
			ret = CMD_RETURN_ERROR;
			break;
		}
		/* From now on commits wait for the next sync. */
		if (ctx->store != NULL &&
		    store_sync_later(ctx->store, &cause) != 0) {
			cmd_error(ctx, "%s", cause);
			free(cause);
			ret = CMD_RETURN_ERROR;
			break;
		}
		if (io.failed) {
			ret = CMD_RETURN_ERROR;
			break;
		}
	}
	buf_free(&b);
	if (script_io_end(&io, in) != 0)
		ret = CMD_RETURN_ERROR;
	return ret;
}
