/*
 * killer: run a command and SIGKILL it a given number of microseconds
 * after it starts, unless it has ended by then.  For the crash tests: a
 * shell's sleep costs a fork and an exec, which on a loaded machine take
 * longer than the command being killed, so the moments would not be
 * random.
 *
 *	killer DELAY_US TIME_FILE COMMAND [ARGUMENT]...
 *
 * Exits with the command's status, or 128 + the signal that ended it
 * (137 for the kill).  When the command ended on its own, TIME_FILE gets
 * how long it ran, in microseconds.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Microseconds on the monotonic clock. */
static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Write how long the command ran. */
static void
write_time(const char *path, long long us)
{
	FILE *f;

	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "killer: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fprintf(f, "%lld\n", us);
	if (fclose(f) != 0)
		exit(2);
}

int
main(int argc, char **argv)
{
	struct timespec	 left;
	sigset_t	 chld;
	long long	 delay, start;
	pid_t		 pid;
	int		 status, ended = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: killer DELAY_US TIME_FILE COMMAND "
		    "[ARGUMENT]...\n");
		return 2;
	}
	delay = atoll(argv[1]);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	start = now_us();
	if ((pid = fork()) == -1) {
		perror("killer: fork");
		return 2;
	}
	if (pid == 0) {
		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}

	/* Wait for the child's end or the moment, whichever comes first. */
	for (;;) {
		long long rest = delay - (now_us() - start);

		if (rest <= 0)
			break;
		left.tv_sec = rest / 1000000;
		left.tv_nsec = (rest % 1000000) * 1000;
		if (sigtimedwait(&chld, NULL, &left) == SIGCHLD &&
		    waitpid(pid, &status, WNOHANG) == pid) {
			ended = 1;
			break;
		}
	}
	if (!ended) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	}
	if (ended)
		write_time(argv[2], now_us() - start);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
