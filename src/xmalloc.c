/*
 * Allocation that never returns NULL, and a growable string.
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* Print a message and exit: for failures nothing can recover from. */
void
fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("recall: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

/* Allocate or die. */
void *
xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return p;
}

/* Allocate zeroed memory or die. */
void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

/* Resize or die. */
void *
xrealloc(void *old, size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if ((p = realloc(old, size)) == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return p;
}

/* Resize an array, checking the multiplication. */
void *
xreallocarray(void *old, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatal("allocation of %zu x %zu bytes overflows", n, size);
	return xrealloc(old, n * size);
}

/*
 * Make room for element n (from 0) of an array that has room for *cap,
 * doubling it when it is full: n appends copy O(n) elements in all,
 * whatever realloc does (the sanitizers' realloc always moves).
 */
void *
xgrow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t want;

	if (n < *cap)
		return p;
	want = *cap < 8 ? 8 : *cap;
	while (want <= n) {
		if (want > SIZE_MAX / 2)
			fatal("allocation of %zu x %zu bytes overflows", n, size);
		want *= 2;
	}
	p = xreallocarray(p, want, size);
	*cap = want;
	return p;
}

/* Copy a string or die. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Copy at most n bytes of a string or die. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Format into a new string or die. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}

/* Format into a new string from a va_list or die. */
int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int n;

	if ((n = vasprintf(ret, fmt, ap)) == -1)
		fatal("out of memory formatting a string");
	return n;
}

/* Start an empty buffer. */
void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Release a buffer's memory. */
void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/* Empty a buffer, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Append bytes, keeping the buffer NUL-terminated. */
void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap == 0 ? 64 : b->cap;

		while (b->len + n + 1 > cap) {
			if (cap > SIZE_MAX / 2)
				fatal("buffer too large");
			cap *= 2;
		}
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n != 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append a string. */
void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append one character. */
void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

/* Append formatted text. */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	buf_add(b, s, (size_t)n);
	free(s);
}

/*
 * Take the buffer's string, in memory of its own size (a buffer grows in
 * steps, and a string kept, a card's tags say, should not keep the slack);
 * the buffer is left empty.
 */
char *
buf_steal(struct buf *b)
{
	char *s;

	if (b->data == NULL)
		return xstrdup("");
	s = b->len + 1 < b->cap ? xrealloc(b->data, b->len + 1) : b->data;
	buf_init(b);
	return s;
}

/* One chunk of an arena: its strings follow. */
struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 used;
	char			 data[];
};

/* An arena's chunk size; a string bigger than a quarter gets its own. */
#define ARENA_CHUNK (64 * 1024)

/* n bytes of the arena's, for a string (no alignment). */
char *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk	*c = a->head;
	size_t			 size;

	if (c == NULL || c->size - c->used < n) {
		size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		if (size > SIZE_MAX - sizeof *c)
			fatal("arena: %zu bytes", n);
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		/* A string of its own chunk leaves the head's room in use. */
		if (size != ARENA_CHUNK && a->head != NULL) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	c->used += n;
	return c->data + c->used - n;
}

/* A copy of s in the arena. */
char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(arena_alloc(a, n), s, n);
}

/* Free every string of the arena; it is left empty, to use again. */
void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
