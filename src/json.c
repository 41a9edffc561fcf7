/*
 * A small streaming JSON writer: valid output for any UTF-8 text,
 * commas placed by a nesting stack.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

#define JSON_DEPTH 32

struct json {
	FILE	*f;
	int	 depth;
	int	 count[JSON_DEPTH];	/* items written at each level */
	int	 after_key;		/* a key was written, value next */
};

/* Start writing JSON to a stream. */
struct json *
json_create(FILE *f)
{
	struct json *j;

	j = xcalloc(1, sizeof *j);
	j->f = f;
	return j;
}

/* Finish: end the document with a newline. */
void
json_free(struct json *j)
{
	if (j == NULL)
		return;
	fputc('\n', j->f);
	free(j);
}

/* Write the comma before a value, if one is needed. */
static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->count[j->depth]++ > 0)
		fputc(',', j->f);
}

/* Write a string with JSON escapes; invalid UTF-8 becomes U+FFFD. */
void
json_write_string(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), off = 0, run, bad;

	fputc('"', f);
	while (off < len) {
		unsigned char c = p[off];

		/* Plain text goes out in runs, not a byte at a time. */
		for (run = 0; off + run < len && p[off + run] >= 0x20 &&
		    p[off + run] < 0x7f && p[off + run] != '"' &&
		    p[off + run] != '\\'; run++)
			;
		if (run > 0) {
			fwrite(s + off, 1, run, f);
			off += run;
			continue;
		}
		if (c >= 0x80) {
			size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

			if (off + n <= len && utf8_valid(s + off, n, &bad))
				fwrite(s + off, 1, n, f);
			else {
				fputs("\\ufffd", f);
				n = 1;
			}
			off += n;
			continue;
		}
		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			fprintf(f, "\\u%04x", c);
		}
		off++;
	}
	fputc('"', f);
}

/* Open an object. */
void
json_object_begin(struct json *j)
{
	json_sep(j);
	fputc('{', j->f);
	if (j->depth + 1 >= JSON_DEPTH)
		fatal("JSON nested too deep");
	j->count[++j->depth] = 0;
}

/* Close an object. */
void
json_object_end(struct json *j)
{
	j->depth--;
	fputc('}', j->f);
}

/* Open an array. */
void
json_array_begin(struct json *j)
{
	json_sep(j);
	fputc('[', j->f);
	if (j->depth + 1 >= JSON_DEPTH)
		fatal("JSON nested too deep");
	j->count[++j->depth] = 0;
}

/* Close an array. */
void
json_array_end(struct json *j)
{
	j->depth--;
	fputc(']', j->f);
}

/* Write an object's key; its value comes next. */
void
json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_write_string(j->f, key);
	fputc(':', j->f);
	j->after_key = 1;
}

/* Write a string value (NULL is null). */
void
json_string(struct json *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	json_sep(j);
	json_write_string(j->f, s);
}

/* Write an integer. */
void
json_int(struct json *j, long long v)
{
	json_sep(j);
	fprintf(j->f, "%lld", v);
}

/* Write a number as a person reads it, with the fewest digits. */
void
json_double(struct json *j, double v)
{
	char buf[64];

	json_sep(j);
	if (!isfinite(v)) {
		fputs("null", j->f);
		return;
	}
	/*
	 * The fewest digits, up to 15 significant: every decimal of 15
	 * digits survives a trip through a double, so this is the number
	 * recall meant.  Going on to 17 digits would print arithmetic's
	 * last-bit noise (1 - 0.7 as 0.30000000000000004, an ease of 2.22 as
	 * 2.2199999999999998) that reads back to a neighbouring double only.
	 */
	snprintf(buf, sizeof buf, "%.15g", v);
	fputs(buf, j->f);
}

/* Write true or false. */
void
json_bool(struct json *j, int v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->f);
}

/* Write null. */
void
json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->f);
}

/* Write "key": "string". */
void
json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

/* Write "key": integer. */
void
json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

/* Write "key": number. */
void
json_kv_double(struct json *j, const char *key, double v)
{
	json_key(j, key);
	json_double(j, v);
}

/* Write "key": boolean. */
void
json_kv_bool(struct json *j, const char *key, int v)
{
	json_key(j, key);
	json_bool(j, v);
}
