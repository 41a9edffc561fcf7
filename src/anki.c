/*
 * Anki's "Notes in Plain Text" format: a few #key:value header lines, then
 * one note a record, fields split by a separator and quoted CSV-style.
 * The reader is fed a line at a time so a big file need not be in memory;
 * the writer writes what the reader (and Anki) read back.
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "recall.h"

#define ANKI_MAX_COLUMN 1000

/* Where the reader is inside a record. */
enum anki_state {
	STATE_NONE,		/* between records */
	STATE_START,		/* at the start of a field */
	STATE_PLAIN,		/* in an unquoted field */
	STATE_QUOTED,		/* in a quoted field */
	STATE_QUOTE		/* just after a '"' in a quoted field */
};

/* The reader's settings from the header and the record being read. */
struct anki_reader {
	char		*name;
	int		 nlines;	/* lines seen */
	int		 in_header;	/* headers may still come */
	int		 sep;		/* separator byte, or -1 until known */
	int		 html;
	char		*tags;		/* from #tags:, normalized */
	char		*deck;		/* from #deck:, or NULL */
	char		*notetype;	/* from #notetype:, or NULL */
	int		 deck_column;	/* 1-based, 0 for none */
	int		 tags_column;
	int		 notetype_column;
	int		 guid_column;

	enum anki_state	 state;
	int		 start;		/* line the record started on */
	int		 bad;		/* the record had an error */
	int		 field_line;	/* line the current field started on */
	int		 too_long;	/* line a field grew too long on, or 0 */
	struct buf	 field;
	char		**fields;
	int		*lines;		/* line each field started on */
	int		 nfields;
	int		 cfields;

	struct anki_note *notes;
	int		 nnotes;
	size_t		 cnotes;	/* room in notes */
	char		**errors;
	int		 nerrors;
	struct anki_warning *warnings;
	int		 nwarnings;
	char		**warned;	/* the warnings as text, once finished */
};

/* A kind of warning, given once per file with the lines it applies to. */
struct anki_warning {
	char		*key;		/* what makes two warnings the same */
	char		*text;		/* "NAME:LINE: warning: ..." */
	int		 more;		/* later lines with the same warning */
};

static void	anki_error(struct anki_reader *, int, const char *, ...)
		    PRINTFLIKE(3, 4);

/* Record an error as "NAME:LINE: message". */
static void
anki_error(struct anki_reader *r, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	r->errors = xreallocarray(r->errors, r->nerrors + 1,
	    sizeof *r->errors);
	xasprintf(&r->errors[r->nerrors++], "%s:%d: %s", r->name, line, msg);
	free(msg);
}

static void	anki_warn(struct anki_reader *, int, const char *,
		    const char *, ...) PRINTFLIKE(4, 5);

/*
 * Record a warning: the data was read, but not all of it could be kept.
 * A warning with the same key as an earlier one only counts its line.
 */
static void
anki_warn(struct anki_reader *r, int line, const char *key, const char *fmt,
    ...)
{
	struct anki_warning	*w;
	va_list			 ap;
	char			*msg;
	int			 i;

	for (i = 0; i < r->nwarnings; i++) {
		if (strcmp(r->warnings[i].key, key) == 0) {
			r->warnings[i].more++;
			return;
		}
	}
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	r->warnings = xreallocarray(r->warnings, r->nwarnings + 1,
	    sizeof *r->warnings);
	w = &r->warnings[r->nwarnings++];
	w->key = xstrdup(key);
	xasprintf(&w->text, "%s:%d: warning: %s", r->name, line, msg);
	w->more = 0;
	free(msg);
}

/*
 * The warnings, each "NAME:LINE: warning: message" and how many more lines
 * it applies to; they belong to the reader.
 */
char **
anki_reader_warnings(struct anki_reader *r, int *n)
{
	int i;

	if (r->warned == NULL && r->nwarnings > 0) {
		r->warned = xcalloc(r->nwarnings, sizeof *r->warned);
		for (i = 0; i < r->nwarnings; i++) {
			if (r->warnings[i].more == 0)
				r->warned[i] = xstrdup(r->warnings[i].text);
			else {
				xasprintf(&r->warned[i], "%s (and %d more "
				    "line%s)", r->warnings[i].text,
				    r->warnings[i].more, r->warnings[i].more ==
				    1 ? "" : "s");
			}
		}
	}
	*n = r->nwarnings;
	return r->warned;
}

/* Start a reader; name is used in its messages. */
struct anki_reader *
anki_reader_create(const char *name)
{
	struct anki_reader *r;

	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->in_header = 1;
	r->sep = -1;
	r->tags = xstrdup("");
	r->state = STATE_NONE;
	buf_init(&r->field);
	return r;
}

/* Forget the record being read. */
static void
anki_record_clear(struct anki_reader *r)
{
	int i;

	for (i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	r->nfields = 0;
	r->state = STATE_NONE;
	r->bad = 0;
	r->too_long = 0;
	buf_reset(&r->field);
}

/* Free a reader, its notes and its errors. */
void
anki_reader_free(struct anki_reader *r)
{
	int i;

	if (r == NULL)
		return;
	anki_record_clear(r);
	free(r->fields);
	free(r->lines);
	buf_free(&r->field);
	for (i = 0; i < r->nnotes; i++) {
		free(r->notes[i].front);
		free(r->notes[i].back);
		free(r->notes[i].tags);
		free(r->notes[i].deck);
	}
	free(r->notes);
	for (i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	free(r->errors);
	for (i = 0; i < r->nwarnings; i++) {
		free(r->warnings[i].key);
		free(r->warnings[i].text);
		if (r->warned != NULL)
			free(r->warned[i]);
	}
	free(r->warnings);
	free(r->warned);
	free(r->tags);
	free(r->deck);
	free(r->notetype);
	free(r->name);
	free(r);
}

/* The notes read so far; they belong to the reader. */
struct anki_note *
anki_reader_notes(struct anki_reader *r, int *n)
{
	*n = r->nnotes;
	return r->notes;
}

/* The errors so far, each "NAME:LINE: message"; they belong to the reader. */
char **
anki_reader_errors(struct anki_reader *r, int *n)
{
	*n = r->nerrors;
	return r->errors;
}

/* The notetype name Anki knows a type by. */
const char *
anki_type_name(enum anki_type type)
{
	switch (type) {
	case ANKI_REVERSED:
		return "Basic (and reversed card)";
	case ANKI_CLOZE:
		return "Cloze";
	default:
		return "Basic";
	}
}

/* What kind of cards a notetype makes, going by its name. */
enum anki_type
anki_type_from_name(const char *name)
{
	char		*s;
	enum anki_type	 type = ANKI_BASIC;

	s = str_trim(name);
	if (strcasestr(s, "cloze") != NULL)
		type = ANKI_CLOZE;
	else if (strcasecmp(s, "Basic (and reversed card)") == 0 ||
	    strcasecmp(s, "Basic (optional reversed card)") == 0)
		type = ANKI_REVERSED;
	free(s);
	return type;
}

/* Is this a notetype recall knows how to make cards of? */
static int
anki_type_known(const char *name)
{
	static const char *const known[] = {
		"Basic", "Basic (and reversed card)",
		"Basic (optional reversed card)", "Basic (type in the answer)",
		NULL
	};
	char	*s;
	int	 i, found;

	s = str_trim(name);
	found = strcasestr(s, "cloze") != NULL;
	for (i = 0; known[i] != NULL && !found; i++)
		found = strcasecmp(s, known[i]) == 0;
	free(s);
	return found;
}

/* The header keys Anki writes and reads. */
static const char *const anki_header_keys[] = {
	"separator", "html", "tags", "deck", "notetype", "columns",
	"deck column", "tags column", "notetype column", "guid column", NULL
};

/* Split "#key:value" into a lower-case trimmed key and the value. */
static char *
anki_header_key(const char *line, const char **value)
{
	const char	*colon;
	char		*raw, *key, *p;

	/* Anki writes "#key:"; "# Key: ..." is a Markdown heading. */
	if (line[0] != '#' || line[1] == ' ' || line[1] == '\t' ||
	    (colon = strchr(line, ':')) == NULL)
		return NULL;
	raw = xstrndup(line + 1, (size_t)(colon - line - 1));
	key = str_trim(raw);
	free(raw);
	for (p = key; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if (value != NULL)
		*value = colon + 1;
	return key;
}

/* Is this a header key Anki knows? */
static int
anki_known_key(const char *key)
{
	int i;

	for (i = 0; anki_header_keys[i] != NULL; i++) {
		if (strcmp(key, anki_header_keys[i]) == 0)
			return 1;
	}
	return 0;
}

/* Does this first line of a file look like an Anki text export header? */
int
anki_header_line(const char *line)
{
	char	*key;
	int	 known;

	if ((key = anki_header_key(line, NULL)) == NULL)
		return 0;
	known = anki_known_key(key);
	free(key);
	return known;
}

/* Look a #separator: value up: a name or a single character. */
static int
anki_separator(const char *value)
{
	static const struct {
		const char	*name;
		int		 c;
	} names[] = {
		{ "tab", '\t' }, { "comma", ',' }, { "semicolon", ';' },
		{ "space", ' ' }, { "pipe", '|' }, { "colon", ':' }
	};
	char	*s;
	size_t	 i;
	int	 c = -1;

	s = str_trim(value);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(s, names[i].name) == 0)
			c = names[i].c;
	}
	free(s);
	if (c == -1 && strlen(value) == 1 && (unsigned char)value[0] < 0x80 &&
	    value[0] != '\n' && value[0] != '\r')
		c = (unsigned char)value[0];
	return c;
}

/* Read a column number header into *column. */
static void
anki_header_column(struct anki_reader *r, int line, const char *key,
    const char *value, int *column)
{
	char		*s;
	long long	 n;

	s = str_trim(value);
	if (parse_int(s, 1, ANKI_MAX_COLUMN, &n) != 0)
		anki_error(r, line, "bad column number '%s' for #%s", s, key);
	else
		*column = (int)n;
	free(s);
}

/* Set the tags every note gets. */
static void
anki_tags_header(struct anki_reader *r, const char *value, int lineno)
{
	char *tags, *cause;

	if ((tags = tags_normalize(value, &cause)) == NULL) {
		anki_error(r, lineno, "%s", cause);
		free(cause);
		return;
	}
	free(r->tags);
	r->tags = tags;
}

/* Apply one "#key:value" header line. */
static void
anki_header(struct anki_reader *r, const char *line, int lineno)
{
	const char	*value;
	char		*key, *s;
	int		 c;

	if ((key = anki_header_key(line, &value)) == NULL) {
		anki_error(r, lineno, "unknown header '%s'", line);
		return;
	}
	if (strcmp(key, "separator") == 0) {
		c = anki_separator(value);
		if (c == '"') {
			anki_error(r, lineno,
			    "a quote cannot be the separator");
		} else if (c == -1) {
			anki_error(r, lineno, "unknown separator '%s': use "
			    "tab, comma, semicolon, space, pipe, colon or a "
			    "single character", value);
		} else
			r->sep = c;
	} else if (strcmp(key, "html") == 0) {
		s = str_trim(value);
		if (strcasecmp(s, "true") == 0)
			r->html = 1;
		else if (strcasecmp(s, "false") == 0)
			r->html = 0;
		else {
			anki_error(r, lineno, "bad #html value '%s': use true "
			    "or false", s);
		}
		free(s);
	} else if (strcmp(key, "tags") == 0)
		anki_tags_header(r, value, lineno);
	else if (strcmp(key, "deck") == 0 || strcmp(key, "notetype") == 0) {
		s = str_trim(value);
		if (*s == '\0') {
			free(s);
			s = NULL;
		}
		if (key[0] == 'd') {
			free(r->deck);
			r->deck = s;
		} else {
			free(r->notetype);
			r->notetype = s;
		}
	} else if (strcmp(key, "deck column") == 0)
		anki_header_column(r, lineno, key, value, &r->deck_column);
	else if (strcmp(key, "tags column") == 0)
		anki_header_column(r, lineno, key, value, &r->tags_column);
	else if (strcmp(key, "notetype column") == 0)
		anki_header_column(r, lineno, key, value, &r->notetype_column);
	else if (strcmp(key, "guid column") == 0)
		anki_header_column(r, lineno, key, value, &r->guid_column);
	else if (strcmp(key, "columns") != 0) {
		anki_error(r, lineno, "unknown header '%.*s'",
		    (int)(strchr(line, ':') - line), line);
	}
	free(key);
}

/* Guess the separator from the first data line, as Anki does. */
static int
anki_guess_separator(const char *line, size_t len)
{
	if (memchr(line, '\t', len) != NULL)
		return '\t';
	if (memchr(line, ';', len) != NULL)
		return ';';
	if (memchr(line, ',', len) != NULL)
		return ',';
	return '\t';
}

/* Is the line only white space and separators: a record of nothing? */
static int
anki_blank(const char *line, size_t len, int sep)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!isspace((unsigned char)line[i]) && line[i] != sep)
			return 0;
	}
	return 1;
}

/* Append a code point as UTF-8. */
static void
anki_put_utf8(struct buf *b, unsigned long cp)
{
	char	s[4];
	size_t	n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, s, n);
}

/* Decode the entity at s into b; return its length, or 0 if not one. */
static size_t
anki_html_entity(const char *s, struct buf *b)
{
	static const struct {
		const char	*name;
		const char	*text;
	} names[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&apos;", "'" }, { "&nbsp;", " " }
	};
	const char	*p;
	unsigned long	 cp = 0;
	size_t		 i, digits = 0;
	int		 hex = 0, c;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strncmp(s, names[i].name, strlen(names[i].name)) == 0) {
			buf_puts(b, names[i].text);
			return strlen(names[i].name);
		}
	}
	if (s[1] != '#')
		return 0;
	p = s + 2;
	if (*p == 'x' || *p == 'X') {
		hex = 1;
		p++;
	}
	for (; digits < 8; p++, digits++) {
		c = (unsigned char)*p;
		if (isdigit(c))
			cp = cp * (hex ? 16 : 10) + (unsigned long)(c - '0');
		else if (hex && isxdigit(c))
			cp = cp * 16 + (unsigned long)(tolower(c) - 'a' + 10);
		else
			break;
	}
	if (digits == 0 || *p != ';' || cp == 0 || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	anki_put_utf8(b, cp);
	return (size_t)(p + 1 - s);
}

/* Is this tag name one that starts or ends a block of text? */
static int
anki_html_block(const char *name, size_t len)
{
	static const char *const blocks[] = {
		"div", "p", "li", "ul", "ol", "tr", "table", "blockquote",
		"pre", "h1", "h2", "h3", "h4", "h5", "h6", NULL
	};
	int i;

	for (i = 0; blocks[i] != NULL; i++) {
		if (strlen(blocks[i]) == len &&
		    strncasecmp(name, blocks[i], len) == 0)
			return 1;
	}
	return 0;
}

/* Is this an element whose content is not text? */
static int
anki_html_hidden(const char *name, size_t len)
{
	return (len == 5 && strncasecmp(name, "style", 5) == 0) ||
	    (len == 6 && strncasecmp(name, "script", 6) == 0);
}

/* Skip to just after the end of an element whose content is not text. */
static const char *
anki_html_skip(const char *s, const char *name, size_t len)
{
	const char *p;

	for (p = s; (p = strchr(p, '<')) != NULL; p++) {
		if (p[1] == '/' && strncasecmp(p + 2, name, len) == 0 &&
		    !isalnum((unsigned char)p[2 + len])) {
			if ((p = strchr(p, '>')) != NULL)
				return p + 1;
			break;
		}
	}
	return s + strlen(s);
}

/*
 * Handle the tag at s: a line break for <br>, one between blocks, nothing
 * for the rest.  Return its length, or 0 if this '<' is only text.
 */
static size_t
anki_html_tag(const char *s, struct buf *b)
{
	const char	*p, *name, *end;
	size_t		 len;
	char		 quote = '\0';
	int		 closing = 0;

	if (strncmp(s, "<!--", 4) == 0) {
		if ((end = strstr(s + 4, "-->")) == NULL)
			return strlen(s);
		return (size_t)(end + 3 - s);
	}
	p = s + 1;
	if (*p == '/') {
		closing = 1;
		p++;
	}
	if (!isalpha((unsigned char)*p) && (closing || (*p != '!' &&
	    *p != '?')))
		return 0;
	name = p;
	while (isalnum((unsigned char)*p))
		p++;
	len = (size_t)(p - name);
	for (; *p != '\0'; p++) {
		if (quote != '\0') {
			if (*p == quote)
				quote = '\0';
		} else if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '>')
			break;
	}
	if (*p != '>')
		return 0;
	p++;
	if (len == 2 && strncasecmp(name, "br", 2) == 0)
		buf_putc(b, '\n');
	else if (anki_html_block(name, len)) {
		if (b->len != 0 && b->data[b->len - 1] != '\n')
			buf_putc(b, '\n');
	} else if (!closing && anki_html_hidden(name, len))
		p = anki_html_skip(p, name, len);
	return (size_t)(p - s);
}

/*
 * Turn an Anki field's HTML into plain text: line breaks for <br> and
 * between blocks, no other tags, entities decoded.
 */
char *
anki_html_text(const char *s)
{
	struct buf	b;
	size_t		n;

	buf_init(&b);
	buf_add(&b, "", 0);
	while (*s != '\0') {
		n = 0;
		if (*s == '<')
			n = anki_html_tag(s, &b);
		else if (*s == '&')
			n = anki_html_entity(s, &b);
		if (n == 0)
			buf_putc(&b, *s++);
		else
			s += n;
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

/* End the field being read and start the next one on this line. */
static void
anki_field_end(struct anki_reader *r, int lineno)
{
	if (r->nfields == r->cfields) {
		r->cfields = r->cfields == 0 ? 8 : r->cfields * 2;
		r->fields = xreallocarray(r->fields, r->cfields,
		    sizeof *r->fields);
		r->lines = xreallocarray(r->lines, r->cfields,
		    sizeof *r->lines);
	}
	r->fields[r->nfields] = xstrndup(r->field.data == NULL ? "" :
	    r->field.data, r->field.len);
	r->lines[r->nfields++] = r->field_line;
	buf_reset(&r->field);
	r->field_line = lineno;
	r->state = STATE_START;
}

/* Is this 1-based column one of the deck, tags, notetype or guid? */
static int
anki_meta_column(struct anki_reader *r, int column)
{
	return column == r->deck_column || column == r->tags_column ||
	    column == r->notetype_column || column == r->guid_column;
}

/*
 * Check a record's columns.  A deck column the line does not have is an
 * error unless #deck: fills it in (its cards would go to another deck); a
 * missing notetype column with no #notetype:, a missing tags column, and
 * columns past the front, back and tags are warnings.
 */
static int
anki_record_check(struct anki_reader *r)
{
	int i, data = 0, max = r->tags_column == 0 ? 3 : 2;

	if (r->deck_column > r->nfields && r->deck == NULL) {
		anki_error(r, r->start, "no deck column: #deck column:%d, but "
		    "the line has %d column%s (and no #deck: fills it in)",
		    r->deck_column, r->nfields, r->nfields == 1 ? "" : "s");
		return -1;
	}
	if (r->too_long != 0) {
		anki_error(r, r->too_long, "field longer than 1 MiB");
		return -1;
	}
	if (r->notetype_column > r->nfields && r->notetype == NULL) {
		anki_warn(r, r->start, "notetype column", "no notetype column: "
		    "#notetype column:%d, but the line has %d column%s; "
		    "imported as Basic", r->notetype_column, r->nfields,
		    r->nfields == 1 ? "" : "s");
	}
	if (r->tags_column > r->nfields) {
		anki_warn(r, r->start, "tags column", "no tags column: #tags "
		    "column:%d, but the line has %d column%s; imported "
		    "without its tags", r->tags_column, r->nfields,
		    r->nfields == 1 ? "" : "s");
	}
	for (i = 0; i < r->nfields; i++) {
		if (!anki_meta_column(r, i + 1))
			data++;
	}
	if (data > max) {
		anki_warn(r, r->start, "extra columns", "%d column%s past the "
		    "front, back%s ignored", data - max, data - max == 1 ? "" :
		    "s", max == 3 ? " and tags" : "");
	}
	return 0;
}

/* Warn of media a field refers to: recall keeps only text. */
static void
anki_media(struct anki_reader *r, const char *field, int line)
{
	const char	*p;
	size_t		 n;

	/* Without HTML, an <img> is text, and kept as such. */
	if (r->html && (p = strcasestr(field, "<img")) != NULL) {
		n = strcspn(p, ">");
		anki_warn(r, line, "image", "image not imported, recall keeps "
		    "only text: '%.*s'", (int)(n + (p[n] == '>')), p);
	} else if ((p = strstr(field, "[sound:")) != NULL) {
		n = strcspn(p, "]");
		anki_warn(r, line, "sound", "sound not imported, recall keeps "
		    "only text: '%.*s'", (int)(n + (p[n] == ']')), p);
	}
}

/*
 * Blanks HTML does not show at the end of a line.  A carriage return is one
 * of them: kept before a line break it could not be written back, as the
 * reader takes CR LF for a line's end.
 */
static int
anki_html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Take Anki's [sound:FILE] references out of a field's text (the sound is
 * not imported), with the carriage returns a dropped one leaves before a
 * line break (they could not be written back), and in HTML any blank left
 * at a line's end (HTML does not show them).  A reference runs from a
 * "[sound:" to the first ']' after it, as in Anki; one that what is left
 * around a dropped one makes ("[sou[sound:a]nd:b]") goes too, so the text
 * export writes reads back as itself.  One pass: the text written so far
 * is checked for a "[sound:" it ends with.
 */
static void
anki_media_strip(char *s, int html)
{
	char	*in = s, *out = s, *open = NULL;

	while (*in != '\0') {
		if (*in == ']' && open != NULL) {
			out = open;	/* the reference, dropped */
			open = NULL;
			in++;
			continue;
		}
		if (*in == '\n') {
			while (out > s && (out[-1] == '\r' ||
			    (html && anki_html_space(out[-1]))))
				out--;
		}
		*out++ = *in++;
		if (open == NULL && out - s >= 7 &&
		    memcmp(out - 7, "[sound:", 7) == 0)
			open = out - 7;
	}
	while (html && out > s && anki_html_space(out[-1]))
		out--;
	*out = '\0';
}

/* Make a note of a whole record, or report why it cannot be one. */
static void
anki_record_note(struct anki_reader *r)
{
	struct anki_note	 note;
	const char		*notetype = NULL, *deck = NULL, *tags = "";
	char			*cause, *joined;
	int			 rest[3], nrest = 0, i, tags_line;

	if (anki_record_check(r) != 0)
		return;
	for (i = 0; i < r->nfields && nrest < 3; i++) {
		if (!anki_meta_column(r, i + 1))
			rest[nrest++] = i;
	}
	if (r->notetype_column != 0 && r->notetype_column <= r->nfields)
		notetype = r->fields[r->notetype_column - 1];
	if (str_empty(notetype))
		notetype = r->notetype != NULL ? r->notetype : "Basic";
	if (r->deck_column != 0 && r->deck_column <= r->nfields)
		deck = r->fields[r->deck_column - 1];
	if (str_empty(deck))
		deck = r->deck;
	tags_line = r->start;
	if (r->tags_column != 0 && r->tags_column <= r->nfields) {
		tags = r->fields[r->tags_column - 1];
		tags_line = r->lines[r->tags_column - 1];
	} else if (r->tags_column == 0 && nrest == 3) {
		tags = r->fields[rest[2]];
		tags_line = r->lines[rest[2]];
	}

	memset(&note, 0, sizeof note);
	note.line = r->start;
	note.type = anki_type_from_name(notetype);
	if (!anki_type_known(notetype)) {
		xasprintf(&joined, "notetype %s", notetype);
		anki_warn(r, r->start, joined, "unknown notetype '%s': imported "
		    "as Basic (its first fields as front and back)", notetype);
		free(joined);
	}
	for (i = 0; i < nrest && i < 2; i++)
		anki_media(r, r->fields[rest[i]], r->lines[rest[i]]);
	if (nrest > 0 && r->html)
		note.front = anki_html_text(r->fields[rest[0]]);
	else
		note.front = xstrdup(nrest > 0 ? r->fields[rest[0]] : "");
	if (nrest > 1 && r->html)
		note.back = anki_html_text(r->fields[rest[1]]);
	else
		note.back = xstrdup(nrest > 1 ? r->fields[rest[1]] : "");
	anki_media_strip(note.front, r->html);
	anki_media_strip(note.back, r->html);
	xasprintf(&joined, "%s %s", tags, r->tags);
	if ((note.tags = tags_normalize(joined, &cause)) == NULL) {
		anki_error(r, tags_line, "%s", cause);
		free(cause);
	}
	free(joined);
	if (str_empty(note.front)) {
		anki_error(r, nrest > 0 ? r->lines[rest[0]] : r->start,
		    "empty front");
	}
	if (note.tags == NULL || str_empty(note.front)) {
		free(note.front);
		free(note.back);
		free(note.tags);
		return;
	}
	note.deck = deck != NULL ? xstrdup(deck) : NULL;
	r->notes = xgrow(r->notes, &r->cnotes, (size_t)r->nnotes,
	    sizeof *r->notes);
	r->notes[r->nnotes++] = note;
}

/* Add a byte to the field, which may be no longer than a summary line. */
static void
anki_putc(struct anki_reader *r, int lineno, char c)
{
	if (r->field.len >= SUMMARY_MAX_LINE) {
		if (r->too_long == 0)
			r->too_long = lineno;
		return;
	}
	buf_putc(&r->field, c);
}

/* Read the bytes of one line into the record. */
static void
anki_record_line(struct anki_reader *r, const char *line, size_t len,
    int lineno)
{
	size_t	i;
	char	c;

	for (i = 0; i < len; i++) {
		c = line[i];
		switch (r->state) {
		case STATE_NONE:
		case STATE_START:
			if (c == '"')
				r->state = STATE_QUOTED;
			else if (c == r->sep)
				anki_field_end(r, lineno);
			else {
				anki_putc(r, lineno, c);
				r->state = STATE_PLAIN;
			}
			break;
		case STATE_PLAIN:
			if (c == r->sep)
				anki_field_end(r, lineno);
			else
				anki_putc(r, lineno, c);
			break;
		case STATE_QUOTED:
			if (c == '"')
				r->state = STATE_QUOTE;
			else
				anki_putc(r, lineno, c);
			break;
		case STATE_QUOTE:
			if (c == '"') {
				anki_putc(r, lineno, '"');
				r->state = STATE_QUOTED;
			} else if (c == r->sep)
				anki_field_end(r, lineno);
			else {
				anki_error(r, lineno, "text after closing "
				    "quote");
				r->bad = 1;
				anki_putc(r, lineno, c);
				r->state = STATE_PLAIN;
			}
			break;
		}
	}
	if (r->state == STATE_QUOTED) {
		anki_putc(r, lineno, '\n');
		return;
	}
	anki_field_end(r, lineno);
	if (!r->bad)
		anki_record_note(r);
	anki_record_clear(r);
}

/*
 * Feed one line without its newline.  Return -1 if an error was found on
 * it (all errors are kept; later lines are still read), else 0.
 */
int
anki_reader_line(struct anki_reader *r, const char *line, size_t len,
    int lineno)
{
	char	*copy;
	size_t	 at;
	int	 errors = r->nerrors, bad = 0, first = r->nlines++ == 0, sep;

	if (first && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;	/* a byte order mark */
		len -= 3;
	}
	/*
	 * CR LF ends a line, and so do CR CR LF and longer runs: a CR kept
	 * before a line's end could not be written back (the reader would
	 * take it for part of the end).
	 */
	while (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > 0 && memchr(line, '\0', len) != NULL) {
		anki_error(r, lineno, "NUL byte in line");
		bad = 1;
	} else if (!utf8_valid(line, len, &at)) {
		anki_error(r, lineno, "invalid UTF-8 (byte %zu)", at + 1);
		bad = 1;
	}

	if (r->state == STATE_NONE) {
		if (r->in_header && len > 0 && line[0] == '#') {
			if (!bad) {
				copy = xstrndup(line, len);
				anki_header(r, copy, lineno);
				free(copy);
			}
			goto out;
		}
		if (first && len >= 5 && strncmp(line, "tags:", 5) == 0) {
			/* An old form of #tags: allowed on the first line. */
			if (!bad) {
				copy = xstrndup(line + 5, len - 5);
				anki_tags_header(r, copy, lineno);
				free(copy);
			}
			goto out;
		}
		sep = r->sep;
		if (sep == -1)
			sep = anki_guess_separator(line, len);
		if (anki_blank(line, len, sep))
			goto out;
		r->in_header = 0;
		r->sep = sep;
		r->start = r->field_line = lineno;
		r->state = STATE_START;
	}
	if (bad)
		r->bad = 1;
	anki_record_line(r, line, len, lineno);
out:
	return r->nerrors > errors ? -1 : 0;
}

/* End of input: a record still open has an unterminated quote. */
int
anki_reader_finish(struct anki_reader *r)
{
	if (r->state == STATE_NONE)
		return 0;
	anki_error(r, r->field_line, "unterminated quoted field");
	anki_record_clear(r);
	return -1;
}

/* Does a field need quotes to read back as it is? */
static int
anki_needs_quotes(const char *s)
{
	size_t len = strlen(s);

	if (len == 0)
		return 0;
	if (isspace((unsigned char)s[0]) || isspace((unsigned char)s[len - 1]))
		return 1;
	return strpbrk(s, "\t\n\r\"") != NULL;
}

/* Write one field, quoted if it must be. */
static void
anki_write_field(FILE *f, const char *s)
{
	if (s == NULL)
		s = "";
	if (!anki_needs_quotes(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Write the header lines recall's exports start with. */
void
anki_write_header(FILE *f)
{
	fputs("#separator:tab\n"
	    "#html:false\n"
	    "#notetype column:1\n"
	    "#deck column:2\n"
	    "#tags column:5\n"
	    "#columns:Notetype\tDeck\tFront\tBack\tTags\n", f);
}

/* Write one note: notetype, deck, front, back and tags. */
void
anki_write_note(FILE *f, const struct anki_note *note)
{
	fputs(anki_type_name(note->type), f);
	fputc('\t', f);
	anki_write_field(f, note->deck);
	fputc('\t', f);
	anki_write_field(f, note->front);
	fputc('\t', f);
	anki_write_field(f, note->back);
	fputc('\t', f);
	anki_write_field(f, note->tags);
	fputc('\n', f);
}
