/*
 * bench-exec: run one command once and print how long it took from fork
 * to exit and its peak resident set size, from wait4()'s rusage: no shell,
 * no date(1), nothing of the benchmark's own in the figure.
 *
 *	bench-exec [-i IN] [-o OUT] [-e ERR] [-l LINES] [-p] [-L LABEL]
 *	    -- PROGRAM [ARGUMENT]...
 *
 * -i, -o, -e give the command's standard input, output and error
 * (default /dev/null each).  -l LINES reads the command's output through
 * a pipe, keeps the first LINES lines and then closes the pipe, as
 * "| head -n LINES" does.  -p starts the command with SIGPIPE ignored (as
 * a parent that ignores it leaves it), so that a write to a closed pipe
 * fails with EPIPE instead of killing it.
 *
 * Prints one line, "LABEL<TAB>ms<TAB>peak KB<TAB>status<TAB>CPU ms", the
 * status being the exit code, or 128 + the signal that ended it, the CPU
 * time the command's user and system time (on a busy machine the wall
 * time also counts the time it waited for a core; this does not).  Exits 0 when
 * the command exited 0 (or, with -l, whatever it did: a command cut off
 * by a closed pipe is expected to fail), else 1; 2 on a usage error.
 */

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What to run and how. */
struct run {
	const char	 *in;		/* standard input */
	const char	 *out;		/* standard output */
	const char	 *err;		/* standard error */
	long		  lines;	/* read this many lines, then close */
	int		  ignore_pipe;	/* start with SIGPIPE ignored */
	const char	 *label;	/* first field of the output line */
	char		**argv;		/* the command */
};

static void
usage(void)
{
	fprintf(stderr, "usage: bench-exec [-i IN] [-o OUT] [-e ERR] "
	    "[-l LINES] [-p] [-L LABEL] -- PROGRAM [ARGUMENT]...\n");
	exit(2);
}

/* Open PATH as file descriptor FD, in the child; exit 127 on failure. */
static void
child_redirect(const char *path, int flags, int fd)
{
	int	f = open(path, flags, 0666);

	if (f == -1) {
		fprintf(stderr, "bench-exec: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
}

/* The child: set up its files and signals and run the command. */
static void
child_exec(const struct run *r, const int *pipefd)
{
	child_redirect(r->in, O_RDONLY, 0);
	if (pipefd != NULL) {
		close(pipefd[0]);
		dup2(pipefd[1], 1);
		close(pipefd[1]);
	} else
		child_redirect(r->out, O_WRONLY | O_CREAT | O_TRUNC, 1);
	child_redirect(r->err, O_WRONLY | O_CREAT | O_TRUNC, 2);
	signal(SIGPIPE, r->ignore_pipe ? SIG_IGN : SIG_DFL);
	execvp(r->argv[0], r->argv);
	fprintf(stderr, "bench-exec: %s: %s\n", r->argv[0], strerror(errno));
	_exit(127);
}

/* Read LINES lines from FD into OUT (or nowhere), then close FD. */
static void
read_lines(int fd, long lines, FILE *out)
{
	char	buf[65536];
	ssize_t	n, i, keep;

	while (lines > 0 && (n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0, keep = n; i < n; i++) {
			if (buf[i] == '\n' && --lines == 0) {
				keep = i + 1;
				break;
			}
		}
		if (out != NULL)
			fwrite(buf, 1, (size_t)keep, out);
	}
	close(fd);
}

/* Milliseconds on the monotonic clock. */
static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The CPU time (user and system) in RU, in milliseconds. */
static double
cpu_ms(const struct rusage *ru)
{
	return (ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1e3 +
	    (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e3;
}

int
main(int argc, char **argv)
{
	struct run	 r = { "/dev/null", "/dev/null", "/dev/null", 0, 0, "-",
			    NULL };
	struct rusage	 ru;
	FILE		*out = NULL;
	double		 t0, t1;
	int		 ch, status, code, pipefd[2];
	pid_t		 pid;
	char		*end;

	while ((ch = getopt(argc, argv, "i:o:e:l:pL:")) != -1) {
		switch (ch) {
		case 'i': r.in = optarg; break;
		case 'o': r.out = optarg; break;
		case 'e': r.err = optarg; break;
		case 'l':
			r.lines = strtol(optarg, &end, 10);
			if (*end != '\0' || r.lines <= 0)
				usage();
			break;
		case 'p': r.ignore_pipe = 1; break;
		case 'L': r.label = optarg; break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	r.argv = argv + optind;

	/* The parent must outlive the pipe it closes. */
	signal(SIGPIPE, SIG_IGN);
	if (r.lines > 0) {
		if (pipe(pipefd) == -1) {
			perror("bench-exec: pipe");
			return 1;
		}
		if (strcmp(r.out, "/dev/null") != 0 &&
		    (out = fopen(r.out, "w")) == NULL) {
			perror(r.out);
			return 1;
		}
	}
	t0 = now_ms();
	if ((pid = fork()) == -1) {
		perror("bench-exec: fork");
		return 1;
	}
	if (pid == 0)
		child_exec(&r, r.lines > 0 ? pipefd : NULL);
	if (r.lines > 0) {
		close(pipefd[1]);
		read_lines(pipefd[0], r.lines, out);
	}
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			perror("bench-exec: wait4");
			return 1;
		}
	}
	t1 = now_ms();
	if (out != NULL)
		fclose(out);
	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else
		code = 128 + WTERMSIG(status);
	printf("%s\t%.3f\t%ld\t%d\t%.3f\n", r.label, t1 - t0, ru.ru_maxrss,
	    code, cpu_ms(&ru));
	return (code == 0 || r.lines > 0) ? 0 : 1;
}
