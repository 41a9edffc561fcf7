/*
 * powercut.so: a power cut, simulated.  Preloaded (LD_PRELOAD) into a
 * program, it watches every fsync and fdatasync: when one succeeds on the
 * file POWERCUT_DB names, or on its -wal, it copies that file's whole
 * content, as it is at that moment, to the same name in POWERCUT_DIR.
 * Those copies are what a power cut keeps: what was written but never
 * synced is not in them.  A copy is written beside its place and renamed
 * over it, so a process killed while copying leaves the last good copy.
 *
 * Built only for the tests (tests/durable/powercut.sh); not installed.
 */

#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Does the file open on fd have the path of the collection or its WAL? */
static const char *
powercut_which(int fd)
{
	static char	 path[PATH_MAX];
	const char	*db = getenv("POWERCUT_DB");
	char		 link[64];
	ssize_t		 n;
	size_t		 len;

	if (db == NULL || *db == '\0')
		return NULL;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) <= 0)
		return NULL;
	path[n] = '\0';
	len = strlen(db);
	if (strncmp(path, db, len) != 0)
		return NULL;
	if (path[len] == '\0' || strcmp(path + len, "-wal") == 0)
		return strrchr(path, '/') + 1;
	return NULL;
}

/* Copy everything in fd to POWERCUT_DIR/name, atomically. */
static void
powercut_keep(int fd, const char *name)
{
	const char	*dir = getenv("POWERCUT_DIR");
	char		 tmp[PATH_MAX], to[PATH_MAX], buf[65536];
	off_t		 off = 0;
	ssize_t		 n;
	int		 out, saved = errno;

	if (dir == NULL || *dir == '\0')
		return;
	snprintf(tmp, sizeof tmp, "%s/.%s.%ld", dir, name, (long)getpid());
	snprintf(to, sizeof to, "%s/%s", dir, name);
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		fprintf(stderr, "powercut: %s: %s\n", tmp, strerror(errno));
		abort();
	}
	while ((n = pread(fd, buf, sizeof buf, off)) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			fprintf(stderr, "powercut: %s: short write\n", tmp);
			abort();
		}
		off += n;
	}
	if (n < 0 || close(out) != 0 || rename(tmp, to) != 0) {
		fprintf(stderr, "powercut: %s: %s\n", to, strerror(errno));
		abort();
	}
	errno = saved;
}

/* The real function of that name, from the next library. */
static int (*
powercut_real(const char *name))(int)
{
	int (*f)(int);

	*(void **)&f = dlsym(RTLD_NEXT, name);
	if (f == NULL) {
		fprintf(stderr, "powercut: no %s\n", name);
		abort();
	}
	return f;
}

int
fsync(int fd)
{
	static int	(*real)(int);
	const char	*name;
	int		 rc;

	if (real == NULL)
		real = powercut_real("fsync");
	if ((rc = real(fd)) == 0 && (name = powercut_which(fd)) != NULL)
		powercut_keep(fd, name);
	return rc;
}

int
fdatasync(int fd)
{
	static int	(*real)(int);
	const char	*name;
	int		 rc;

	if (real == NULL)
		real = powercut_real("fdatasync");
	if ((rc = real(fd)) == 0 && (name = powercut_which(fd)) != NULL)
		powercut_keep(fd, name);
	return rc;
}
