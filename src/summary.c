/*
 * Summaries into cards.  A summary is plain, Markdown-compatible text:
 * front matter, headings (context, and Skim/Explore/Deepen for layers),
 * #tags, and cards written as "front :: back", "front ::: back", Q:/A:,
 * a "?" line between a multi-line front and back, or {{clozes}}.  All else
 * is prose and is skipped.  Lines are pushed one at a time, so a file is
 * never held whole; errors are "FILE:LINE: message", like a compiler's.
 * Pure: text in, cards and errors out.
 */

#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "recall.h"

/* The patterns, compiled once (with JIT where it is available). */
enum {
	PAT_HEADING,		/* # Title */
	PAT_SEPARATOR,		/* front :: back, front ::: back */
	PAT_TAGS_TRAILING,	/* text #tag #tag */
	PAT_TAGS_ONLY,		/* #tag #tag */
	PAT_FRONT_MATTER,	/* key: value */
	PAT_COUNT
};

/*
 * The white space on either side of a "::" that makes it a separator (the
 * separator's pattern below names the same characters), which the writer
 * therefore escapes a "::" after.
 */
#define SUMMARY_SPACE " \t\r\f\v"

static const char *const summary_pattern_text[PAT_COUNT] = {
	/* Level, then the title without closing #s. */
	"^(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$",
	/*
	 * The first "::" or ":::" with white space (or the line's edge) on
	 * both sides: any white space the sides are trimmed of, so that a
	 * line that begins with a CR and "::" has an empty front, as one
	 * that begins with a space has.  The lookarounds keep this linear.
	 */
	"(?:^|(?<=[ \\t\\r\\f\\v]))(:::?)(?=[ \\t\\r\\f\\v]|$)",
	"(?:[ \\t]+#" TAG_PATTERN ")+[ \\t]*$",
	"^[ \\t]*#" TAG_PATTERN "(?:[ \\t]+#" TAG_PATTERN ")*[ \\t]*$",
	"^([A-Za-z_-]+)[ \\t]*:[ \\t]*(.*?)[ \\t]*$",
};

static pcre2_code		*summary_patterns[PAT_COUNT];
static pcre2_match_context	*summary_match_context;

/* Compile the patterns on first use; a pattern that does not compile is a bug. */
static void
summary_init(void)
{
	PCRE2_UCHAR	msg[256];
	PCRE2_SIZE	offset;
	int		i, error;

	if (summary_match_context != NULL)
		return;
	for (i = 0; i < PAT_COUNT; i++) {
		summary_patterns[i] = pcre2_compile(
		    (PCRE2_SPTR)summary_pattern_text[i], PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &error, &offset,
		    NULL);
		if (summary_patterns[i] == NULL) {
			pcre2_get_error_message(error, msg, sizeof msg);
			fatal("summary pattern %d: %s at %zu", i, (char *)msg,
			    (size_t)offset);
		}
		/* JIT is an optimization: without it, matching still works. */
		if (regexp_jit())
			pcre2_jit_compile(summary_patterns[i],
			    PCRE2_JIT_COMPLETE);
	}
	summary_match_context = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(summary_match_context, SUMMARY_MATCH_LIMIT);
	pcre2_set_depth_limit(summary_match_context, SUMMARY_DEPTH_LIMIT);
}

/* Where the parser is: what the next line may be. */
enum summary_state {
	SUMMARY_START,		/* before the first line */
	SUMMARY_FRONT_MATTER,	/* between the opening --- lines */
	SUMMARY_BODY,		/* headings, cards and prose */
	SUMMARY_COMMENT,	/* inside <!-- --> */
	SUMMARY_FENCE,		/* inside fenced code in prose */
	SUMMARY_BACK,		/* collecting the back of a '?' card */
	SUMMARY_QA		/* after Q: (and maybe A:) */
};

/* The state of parsing one summary. */
struct summary_parser {
	char		*name;		/* for messages */
	int		 lineno;
	struct summary	*out;
	pcre2_match_data *md;

	enum summary_state state;
	int		 fm_line;
	char		*fm_tags;
	enum layer	 default_layer;

	char		*heading[7];	/* context: heading[1..6] */
	int		 layer_at[7];	/* layer set at each level, or -1 */
	enum layer	 layer;
	char		*section_tags;	/* lines of only #tags */
	int		 section_first;	/* the section's first card */

	struct buf	 para;		/* prose since the last blank line */
	int		 para_line;
	int		 fence_line;	/* where the open fence started */

	int		 back_fence;	/* a fence is open in the back */
	char		*mfront;
	int		 mline;
	struct buf	 back;

	int		 qa;		/* in SUMMARY_QA: 1 after Q:, 2 after A: */
	int		 qa_line;
	struct buf	 q;
	struct buf	 a;

	int		 comment_line;	/* where the open <!-- started */

	/*
	 * With an arena (out->arena), the cards' strings are carved from it,
	 * and cards of one section share their context and tags: the last
	 * of each kept, to be used again while they read the same.
	 */
	const char	*last_context;
	const char	*last_tags;
};

/* Record an error at a line. */
static void PRINTFLIKE(3, 4)
summary_error(struct summary_parser *p, int line, const char *fmt, ...)
{
	struct summary	*s = p->out;
	va_list		 ap;
	char		*msg, *full;

	if (s->nerrors == SUMMARY_MAX_ERRORS) {
		xasprintf(&full, "%s: too many errors; stopping here",
		    p->name);
		s->errors = xreallocarray(s->errors, (size_t)s->nerrors + 1,
		    sizeof *s->errors);
		s->errors[s->nerrors++] = full;
		return;
	}
	if (s->nerrors > SUMMARY_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	xasprintf(&full, "%s:%d: %s", p->name, line, msg);
	free(msg);
	s->errors = xreallocarray(s->errors, (size_t)s->nerrors + 1,
	    sizeof *s->errors);
	s->errors[s->nerrors++] = full;
}

/*
 * Match a pattern against text; 1 on a match (offsets in the parser's
 * match data), 0 if none, -1 if matching ran out of its limits.
 */
static int
summary_match(struct summary_parser *p, int pat, const char *text, size_t len,
    size_t start)
{
	int rc;

	rc = pcre2_match(summary_patterns[pat], (PCRE2_SPTR)text, len, start,
	    PCRE2_NO_UTF_CHECK, p->md, summary_match_context);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

/* A captured group as a new string (NULL if it did not take part). */
static char *
summary_group(struct summary_parser *p, const char *text, int group)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);

	if (ov[2 * group] == PCRE2_UNSET)
		return NULL;
	return xstrndup(text + ov[2 * group],
	    ov[2 * group + 1] - ov[2 * group]);
}

/* The context: the heading path, " > " between levels. */
static char *
summary_context(struct summary_parser *p)
{
	struct buf	 b;
	int		 i;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (i = 1; i <= 6; i++) {
		if (p->heading[i] == NULL)
			continue;
		if (b.len != 0)
			buf_puts(&b, " > ");
		buf_puts(&b, p->heading[i]);
	}
	return buf_steal(&b);	/* each card keeps one, of its own size */
}

/*
 * Split trailing #tags off text: returns the text without them and sets
 * *tags (normalized, or "" if none).  White space after them (a form
 * feed, a CR) does not hide them: the text is trimmed of it after.
 */
static char *
summary_strip_tags(struct summary_parser *p, const char *text, char **tags,
    int line)
{
	PCRE2_SIZE	*ov;
	size_t		 len = strlen(text);
	char		*t, *cause = NULL;
	int		 rc;

	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	*tags = xstrdup("");
	rc = summary_match(p, PAT_TAGS_TRAILING, text, len, 0);
	if (rc < 0)
		summary_error(p, line, "line too complex to read its tags");
	if (rc != 1)
		return xstrdup(text);
	ov = pcre2_get_ovector_pointer(p->md);
	t = xstrndup(text + ov[0], ov[1] - ov[0]);
	free(*tags);
	if ((*tags = tags_normalize(t, &cause)) == NULL) {
		summary_error(p, line, "%s", cause);
		free(cause);
		*tags = xstrdup("");
	}
	free(t);
	return xstrndup(text, ov[0]);
}

/* The tags of a card: the file's, the section's and its own. */
static char *
summary_card_tags(struct summary_parser *p, const char *own)
{
	char *tags, *cause = NULL, *joined;

	xasprintf(&joined, "%s %s %s", p->fm_tags != NULL ? p->fm_tags : "",
	    p->section_tags != NULL ? p->section_tags : "", own);
	tags = tags_normalize(joined, &cause);
	free(joined);
	if (tags == NULL) {
		free(cause);
		return xstrdup("");
	}
	return tags;
}

/*
 * Undo the escapes a summary may use where its syntax would get in the
 * way: \# (not a tag), \:: (not a separator), \{{ and \}} (not a cloze).
 */
static char *
summary_unescape(struct summary_parser *p, const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*out, *o;

	out = o = p->out->arena != NULL ? arena_alloc(p->out->arena, n) :
	    xmalloc(n);

	/* Never longer than its input: one allocation, no growing. */
	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && (s[1] == '#' ||
		    (s[1] == ':' && s[2] == ':') ||
		    (s[1] == '{' && s[2] == '{') ||
		    (s[1] == '}' && s[2] == '}')))
			continue;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* The first of this two-character mark not escaped with '\', or NULL. */
static const char *
summary_find_mark(const char *s, const char *mark)
{
	const char *p = s;

	while ((p = strstr(p, mark)) != NULL) {
		if (p == s || p[-1] != '\\')
			return p;
		p++;
	}
	return NULL;
}

/* Does the text hold this two-character mark, not escaped with '\'? */
static int
summary_has_mark(const char *s, const char *mark)
{
	return summary_find_mark(s, mark) != NULL;
}

/* A copy of s for a card: in the arena if there is one. */
static char *
summary_copy(struct summary_parser *p, const char *s)
{
	return p->out->arena != NULL ? arena_strdup(p->out->arena, s) :
	    xstrdup(s);
}

/*
 * A string s of a card's own (made for it): s itself without an arena;
 * with one, s is freed for *last when it reads the same (a section's
 * cards share their context and tags), else for a copy in the arena,
 * which becomes *last.
 */
static char *
summary_keep(struct summary_parser *p, char *s, const char **last)
{
	if (p->out->arena == NULL)
		return s;
	if (*last == NULL || strcmp(*last, s) != 0)
		*last = summary_copy(p, s);
	free(s);
	return (char *)*last;
}

/* Add a card to the output. */
static void
summary_add(struct summary_parser *p, enum card_kind kind, int cloze,
    const char *front, const char *back, const char *note, const char *tags,
    int line)
{
	struct summary		*s = p->out;
	struct summary_card	*c;

	s->cards = xgrow(s->cards, &s->cards_cap, (size_t)s->ncards,
	    sizeof *s->cards);
	c = &s->cards[s->ncards++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->cloze = cloze;
	c->front = summary_unescape(p, front);
	c->back = summary_unescape(p, back);
	c->note = note != NULL ? summary_copy(p, note) : NULL;
	c->context = summary_keep(p, summary_context(p), &p->last_context);
	c->layer = p->layer;
	c->tags = summary_keep(p, summary_card_tags(p, tags), &p->last_tags);
	c->line = line;
}

/* Trim in place and say whether anything is left. */
static char *
summary_trim(char *s)
{
	char *t = str_trim(s);

	free(s);
	return t;
}

/* A "front :: back" or "front ::: back" line. */
static void
summary_separator(struct summary_parser *p, const char *line, size_t len)
{
	PCRE2_SIZE	*ov = pcre2_get_ovector_pointer(p->md);
	char		*front, *rest, *back, *tags;
	int		 reverse = ov[3] - ov[2] == 3;

	front = summary_trim(xstrndup(line, ov[0]));
	rest = xstrndup(line + ov[1], len - ov[1]);
	back = summary_strip_tags(p, rest, &tags, p->lineno);
	back = summary_trim(back);
	if (*front == '\0')
		summary_error(p, p->lineno, "the card's front (before '%s') "
		    "is empty", reverse ? ":::" : "::");
	else if (*back == '\0')
		summary_error(p, p->lineno, "the card's back (after '%s') "
		    "is empty", reverse ? ":::" : "::");
	else {
		summary_add(p, KIND_BASIC, 0, front, back, NULL, tags,
		    p->lineno);
		if (reverse)
			summary_add(p, KIND_REVERSE, 0, back, front, NULL,
			    tags, p->lineno);
	}
	free(front);
	free(rest);
	free(back);
	free(tags);
}

/* One cloze found in a line. */
struct cloze {
	size_t	 start, end;	/* of {{...}} in the line */
	int	 number;
	char	*text;
	char	*hint;
};

/* Write a cloze line for card number n: the front or the back. */
static char *
summary_cloze_render(const char *line, const struct cloze *cl, int ncl,
    int n, int back)
{
	struct buf	b;
	size_t		at = 0;
	int		i;

	buf_init(&b);
	for (i = 0; i < ncl; i++) {
		buf_add(&b, line + at, cl[i].start - at);
		if (cl[i].number != n)
			buf_puts(&b, cl[i].text);
		else if (back)
			buf_printf(&b, "[%s]", cl[i].text);
		else
			buf_printf(&b, "[%s]", cl[i].hint != NULL ?
			    cl[i].hint : "...");
		at = cl[i].end;
	}
	buf_puts(&b, line + at);
	return buf_steal(&b);
}

/* Is there an escaped mark ("\{{" or "\}}") at line[i]? */
static int
summary_escaped_brace(const char *line, size_t len, size_t i)
{
	return line[i] == '\\' && i + 2 < len &&
	    ((line[i + 1] == '{' && line[i + 2] == '{') ||
	    (line[i + 1] == '}' && line[i + 2] == '}'));
}

/*
 * Find the next cloze from at, in one pass: 1 with its bounds, 0 if there
 * is none, -1 (with *start at the inner '{{') if one opens inside another.
 * Linear, so a line of 100,000 '{{' is read at once and not recursed into.
 */
static int
summary_cloze_next(const char *line, size_t len, size_t at, size_t *start,
    size_t *end)
{
	size_t i, j;

	for (i = at; i + 1 < len; i++) {
		if (summary_escaped_brace(line, len, i)) {
			i += 2;
			continue;
		}
		if (line[i] != '{' || line[i + 1] != '{')
			continue;
		for (j = i + 2; j + 1 < len; j++) {
			if (summary_escaped_brace(line, len, j)) {
				j += 2;
				continue;
			}
			if (line[j] == '}' && line[j + 1] == '}') {
				*start = i;
				*end = j + 2;
				return 1;
			}
			if (line[j] == '{' && line[j + 1] == '{') {
				*start = j;
				return -1;
			}
		}
		return 0;
	}
	return 0;
}

/*
 * An unnumbered cloze that looks like a number gone wrong ({{c-1::a}},
 * {{c1:a}}, {{ c1::a}}, {{::a}}) or like a card ({{a :: b}}) is a mistake,
 * not text: say so rather than make a card of it.
 */
static int
summary_cloze_misnumbered(struct summary_parser *p, const char *whole,
    size_t wlen, const char *inner)
{
	const char *t = inner, *q;

	while (*t == ' ' || *t == '\t')
		t++;
	if (strncmp(t, "::", 2) == 0) {
		summary_error(p, p->lineno, "cloze '%.*s' starts with '::' (a "
		    "number is written {{c1::text}})", (int)wlen, whole);
		return -1;
	}
	if (t[0] == 'c' && (t[1] == '-' || t[1] == '+' ||
	    isdigit((unsigned char)t[1]))) {
		q = t + 1;
		if (*q == '-' || *q == '+')
			q++;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == ':') {
			summary_error(p, p->lineno, "cloze '%.*s' has a bad "
			    "number (write {{cN::text}}, N from 1 to 999, "
			    "right after the braces)", (int)wlen, whole);
			return -1;
		}
	}
	if (strstr(t, " :: ") != NULL) {
		summary_error(p, p->lineno, "cloze '%.*s' holds ' :: ' (a hint "
		    "needs a number, {{c1::text::hint}}; write \\:: for the "
		    "text itself)", (int)wlen, whole);
		return -1;
	}
	return 0;
}

/*
 * Read the inside of one cloze into cl: "text", "cN::text" or
 * "cN::text::hint".  Returns -1 after reporting an error.
 */
static int
summary_cloze_inner(struct summary_parser *p, const char *whole, size_t wlen,
    const char *inner, struct cloze *cl)
{
	const char	*rest = inner, *sep;
	char		*end;
	long		 num;

	if (inner[0] == 'c' && isdigit((unsigned char)inner[1])) {
		num = strtol(inner + 1, &end, 10);
		if (strncmp(end, "::", 2) == 0) {
			if (num < 1 || num > 999) {
				summary_error(p, p->lineno, "cloze number c%ld "
				    "out of range (1-999)", num);
				return -1;
			}
			cl->number = (int)num;
			rest = end + 2;
		}
	}
	if (cl->number == 0 && summary_cloze_misnumbered(p, whole, wlen,
	    inner) != 0)
		return -1;
	/* Only {{cN::text::hint}} has a hint: {{std::vector}} not. */
	if (cl->number != 0 && (sep = summary_find_mark(rest, "::")) != NULL) {
		if (summary_find_mark(sep + 2, "::") != NULL) {
			summary_error(p, p->lineno, "cloze '%.*s' has more "
			    "than a text and a hint (write \\:: for a '::' "
			    "in them)", (int)wlen, whole);
			return -1;
		}
		cl->text = summary_trim(xstrndup(rest, (size_t)(sep - rest)));
		cl->hint = summary_trim(xstrdup(sep + 2));
		if (*cl->hint == '\0') {
			/* An empty hint is no hint, as documented. */
			free(cl->hint);
			cl->hint = NULL;
		}
	} else
		cl->text = summary_trim(xstrdup(rest));
	if (*cl->text == '\0') {
		summary_error(p, p->lineno, "empty cloze '%.*s'", (int)wlen,
		    whole);
		return -1;
	}
	return 0;
}

/* Number the unnumbered clozes of a line: the next numbers not used. */
static void
summary_cloze_number(struct cloze *cl, int n)
{
	int i, j, next = 1, used;

	for (i = 0; i < n; i++) {
		if (cl[i].number != 0)
			continue;
		for (;;) {
			used = 0;
			for (j = 0; j < n; j++) {
				if (cl[j].number == next)
					used = 1;
			}
			if (!used)
				break;
			next++;
		}
		cl[i].number = next++;
	}
}

/*
 * Read the clozes of a line: {{text}}, {{cN::text}}, {{cN::text::hint}}.
 * Unnumbered ones take the next numbers not used on the line.  Returns the
 * count, or -1 after reporting an error.
 */
static int
summary_cloze_scan(struct summary_parser *p, const char *line, size_t len,
    struct cloze **out)
{
	struct cloze	*cl = NULL;
	size_t		 at = 0, start, end;
	int		 n = 0, i, rc;
	char		*inner;

	while ((rc = summary_cloze_next(line, len, at, &start, &end)) == 1) {
		if (n == SUMMARY_MAX_CLOZES) {
			summary_error(p, p->lineno, "more than %d clozes on "
			    "one line", SUMMARY_MAX_CLOZES);
			goto fail;
		}
		cl = xreallocarray(cl, (size_t)n + 1, sizeof *cl);
		memset(&cl[n], 0, sizeof cl[n]);
		cl[n].start = start;
		cl[n].end = end;
		inner = xstrndup(line + start + 2, end - start - 4);
		rc = summary_cloze_inner(p, line + start, end - start, inner,
		    &cl[n++]);
		free(inner);
		if (rc != 0)
			goto fail;
		at = end;
	}
	if (rc < 0) {
		summary_error(p, p->lineno, "nested cloze: '{{' at column %zu "
		    "inside another cloze (write \\{{ for braces)", start + 1);
		goto fail;
	}
	if (summary_has_mark(line + at, "{{")) {
		summary_error(p, p->lineno, "unclosed cloze: '{{' without "
		    "'}}' on the same line");
		goto fail;
	}
	summary_cloze_number(cl, n);
	*out = cl;
	return n;
fail:
	for (i = 0; i < n; i++) {
		free(cl[i].text);
		free(cl[i].hint);
	}
	free(cl);
	return -1;
}

/* A line with clozes: one card per cloze number. */
static void
summary_cloze(struct summary_parser *p, const char *line, size_t len)
{
	struct cloze	*cl = NULL;
	char		*text, *tags, *front, *back;
	int		 n, i, j, number, done;

	text = summary_strip_tags(p, line, &tags, p->lineno);
	text = summary_trim(text);
	if ((n = summary_cloze_scan(p, text, strlen(text), &cl)) < 0) {
		free(text);
		free(tags);
		return;
	}
	(void)len;
	/* Cards in order of cloze number, each number once. */
	for (number = 1, done = 0; done < n; number++) {
		for (i = 0; i < n; i++) {
			if (cl[i].number == number)
				break;
		}
		if (i == n)
			continue;
		front = summary_cloze_render(text, cl, n, number, 0);
		back = summary_cloze_render(text, cl, n, number, 1);
		summary_add(p, KIND_CLOZE, number, front, back, text, tags,
		    p->lineno);
		free(front);
		free(back);
		for (j = 0; j < n; j++)
			done += cl[j].number == number;
	}
	for (i = 0; i < n; i++) {
		free(cl[i].text);
		free(cl[i].hint);
	}
	free(cl);
	free(text);
	free(tags);
}

/* Finish a Q:/A: card. */
static void
summary_qa_end(struct summary_parser *p)
{
	char *q, *a, *qtags, *atags, *tags;

	if (p->qa == 1)
		summary_error(p, p->qa_line, "'Q:' without an 'A:' line after "
		    "it");
	else if (p->qa == 2) {
		q = summary_strip_tags(p, p->q.data, &qtags, p->qa_line);
		a = summary_strip_tags(p, p->a.data, &atags, p->qa_line);
		q = summary_trim(q);
		a = summary_trim(a);
		xasprintf(&tags, "%s %s", qtags, atags);
		if (*q == '\0')
			summary_error(p, p->qa_line, "the question after 'Q:' "
			    "is empty");
		else if (*a == '\0')
			summary_error(p, p->qa_line, "the answer after 'A:' "
			    "is empty");
		else
			summary_add(p, KIND_BASIC, 0, q, a, NULL, tags,
			    p->qa_line);
		free(q);
		free(a);
		free(qtags);
		free(atags);
		free(tags);
	}
	p->qa = 0;
	p->state = SUMMARY_BODY;
	buf_reset(&p->q);
	buf_reset(&p->a);
}

/* Finish a multi-line card whose back has been collected. */
static void
summary_back_end(struct summary_parser *p)
{
	char *back, *tags;

	back = summary_strip_tags(p, p->back.data != NULL ? p->back.data : "",
	    &tags, p->mline);
	back = summary_trim(back);
	if (*back == '\0')
		summary_error(p, p->mline, "the card's back (after '?') is "
		    "empty");
	else
		summary_add(p, KIND_BASIC, 0, p->mfront, back, NULL, tags,
		    p->mline);
	free(back);
	free(tags);
	free(p->mfront);
	p->mfront = NULL;
	p->state = SUMMARY_BODY;
	p->back_fence = 0;
	buf_reset(&p->back);
}

/* Forget the prose paragraph. */
static void
summary_para_reset(struct summary_parser *p)
{
	buf_reset(&p->para);
	p->para_line = 0;
}

/* Add a line to a buffer, newline-separated. */
static void
summary_append_line(struct buf *b, const char *line, size_t len)
{
	if (b->len != 0)
		buf_putc(b, '\n');
	buf_add(b, line, len);
}

/* Is this line a fence (``` or ~~~)? */
static int
summary_fence(const char *line)
{
	while (*line == ' ')
		line++;
	return strncmp(line, "```", 3) == 0 || strncmp(line, "~~~", 3) == 0;
}

/* Is the line blank? */
static int
summary_blank(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (line[i] != ' ' && line[i] != '\t')
			return 0;
	}
	return 1;
}

/* A heading: context, or a layer. */
static void
summary_heading(struct summary_parser *p, const char *line)
{
	PCRE2_SIZE	*ov = pcre2_get_ovector_pointer(p->md);
	int		 level = (int)(ov[3] - ov[2]), i;
	char		*title = summary_group(p, line, 2);
	enum layer	 layer;

	/*
	 * A heading ends the context and the layers at its level and below;
	 * a layer heading holds until a heading at its level or above.
	 */
	for (i = level; i <= 6; i++) {
		if (i > level || layer_from_name(title, &layer) != 0) {
			free(p->heading[i]);
			p->heading[i] = NULL;
		}
		p->layer_at[i] = -1;
	}
	free(p->section_tags);
	p->section_tags = NULL;
	p->section_first = p->out->ncards;
	if (layer_from_name(title, &layer) == 0) {
		p->layer_at[level] = (int)layer;
		free(title);
	} else {
		free(p->heading[level]);
		p->heading[level] = title;
	}
	p->layer = p->default_layer;
	for (i = 1; i <= 6; i++) {
		if (p->layer_at[i] >= 0)
			p->layer = (enum layer)p->layer_at[i];
	}
}

/* A front matter line: deck, track, layer or tags. */
static void
summary_front_matter(struct summary_parser *p, const char *line, size_t len)
{
	struct summary	*s = p->out;
	char		*key, *value, *cause = NULL;
	int		 rc;

	if (summary_blank(line, len))
		return;
	if ((rc = summary_match(p, PAT_FRONT_MATTER, line, len, 0)) != 1) {
		summary_error(p, p->lineno, "front matter: expected 'key: "
		    "value' (keys: deck, track, layer, tags)");
		return;
	}
	key = summary_group(p, line, 1);
	value = summary_group(p, line, 2);
	if (strcmp(key, "deck") == 0) {
		if (!deck_name_valid(value, &cause)) {
			summary_error(p, p->lineno, "%s", cause);
			free(cause);
		} else {
			free(s->deck);
			s->deck = xstrdup(value);
		}
	} else if (strcmp(key, "track") == 0) {
		if (track_from_name(value, &s->track) != 0)
			summary_error(p, p->lineno, "unknown track '%s' (need "
			    "or want)", value);
		else
			s->has_track = 1;
	} else if (strcmp(key, "layer") == 0) {
		if (layer_from_name(value, &p->default_layer) != 0)
			summary_error(p, p->lineno, "unknown layer '%s' "
			    "(skim, explore or deepen)", value);
		p->layer = p->default_layer;
	} else if (strcmp(key, "tags") == 0) {
		free(p->fm_tags);
		if ((p->fm_tags = tags_normalize(value, &cause)) == NULL) {
			summary_error(p, p->lineno, "%s", cause);
			free(cause);
		}
	} else
		summary_error(p, p->lineno, "unknown front matter key '%s' "
		    "(deck, track, layer, tags)", key);
	free(key);
	free(value);
}

/* Add two tag lists, normalized; NULL (and cause) if they are bad. */
static char *
summary_tags_join(const char *a, const char *b, char **cause)
{
	char *joined, *tags;

	xasprintf(&joined, "%s %s", a != NULL ? a : "", b);
	tags = tags_normalize(joined, cause);
	free(joined);
	return tags;
}

/*
 * A line of only #tags: tags for every card of its section, those above
 * the line as well as those below, up to the next heading.
 */
static void
summary_section_tags(struct summary_parser *p, const char *line)
{
	struct summary	*s = p->out;
	char		*tags, *cause = NULL;
	int		 i;

	if ((tags = summary_tags_join(p->section_tags, line, &cause)) == NULL) {
		summary_error(p, p->lineno, "%s", cause);
		free(cause);
		return;
	}
	free(p->section_tags);
	p->section_tags = tags;
	for (i = p->section_first; i < s->ncards; i++) {
		tags = summary_tags_join(s->cards[i].tags, p->section_tags,
		    &cause);
		if (tags == NULL) {
			summary_error(p, p->lineno, "%s", cause);
			free(cause);
			return;
		}
		if (s->arena == NULL)
			free(s->cards[i].tags);
		s->cards[i].tags = summary_keep(p, tags, &p->last_tags);
	}
}

/*
 * Start parsing a summary; name is used in messages.  With arena, the
 * cards' strings are the summary's arena's (summary_free frees them at
 * once); without, each is a string of its own, which a caller may take.
 */
static struct summary_parser *
summary_parser_new(const char *name, int arena)
{
	struct summary_parser *p = xcalloc(1, sizeof *p);

	summary_init();
	p->name = xstrdup(name);
	p->out = xcalloc(1, sizeof *p->out);
	if (arena)
		p->out->arena = xcalloc(1, sizeof *p->out->arena);
	p->md = pcre2_match_data_create(8, NULL);
	for (int i = 0; i <= 6; i++)
		p->layer_at[i] = -1;
	buf_init(&p->para);
	buf_init(&p->back);
	buf_init(&p->q);
	buf_init(&p->a);
	return p;
}

/* Start parsing a summary; name is used in messages. */
struct summary_parser *
summary_parser_create(const char *name)
{
	return summary_parser_new(name, 1);
}

/* Note that the current line was longer than a summary line may be. */
void
summary_parser_overlong(struct summary_parser *p)
{
	p->lineno++;
	if (p->state == SUMMARY_START)
		p->state = SUMMARY_BODY;
	summary_error(p, p->lineno, "line longer than 1 MiB");
}

/* Has the parser stopped recording errors (so reading can stop)? */
int
summary_parser_full(struct summary_parser *p)
{
	return p->out->nerrors > SUMMARY_MAX_ERRORS;
}

/*
 * Is this position inside a {{...}} of the line?  A '\' escapes only the
 * braces right after it, as when the clozes are read (so a run of '\'
 * before "{{" escapes it however long the run is).
 */
static int
summary_in_cloze(const char *line, size_t at)
{
	const char	*open = NULL, *p;
	size_t		 len = strlen(line);

	for (p = line; p < line + at; p++) {
		if (summary_escaped_brace(line, len, (size_t)(p - line)))
			p += 2;
		else if (p[0] == '{' && p[1] == '{')
			open = p++;
		else if (open != NULL && p[0] == '}' && p[1] == '}') {
			open = NULL;
			p++;
		}
	}
	return open != NULL;
}

/* Is this line the start of a Q: or A:? */
static int
summary_qa_start(const char *line, char which)
{
	return line[0] == which && line[1] == ':';
}

/*
 * Drop a line's CR (and the first line's BOM); a line that is too long,
 * holds a NUL or is not UTF-8 is an error, and 0 says to skip it.
 */
static int
summary_line_valid(struct summary_parser *p, const char **line, size_t *len)
{
	size_t bad;

	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	if (p->lineno == 1 && *len >= 3 &&
	    memcmp(*line, "\xef\xbb\xbf", 3) == 0) {
		*line += 3;
		*len -= 3;
	}
	if (*len > SUMMARY_MAX_LINE)
		summary_error(p, p->lineno, "line longer than 1 MiB");
	else if (memchr(*line, '\0', *len) != NULL)
		summary_error(p, p->lineno, "NUL byte in line");
	else if (!utf8_valid(*line, *len, &bad))
		summary_error(p, p->lineno, "invalid UTF-8 (byte %zu)",
		    bad + 1);
	else
		return 1;
	/* Front matter opens on the first line or not at all. */
	if (p->state == SUMMARY_START)
		p->state = SUMMARY_BODY;
	return 0;
}

/*
 * A handler reads a line in one state: 1 if it took the line, 0 if it
 * changed the state to SUMMARY_BODY and the body is to read the line too.
 * literal says the line starts with a '\' that makes it text.
 */
typedef int (*summary_handler)(struct summary_parser *, const char *, size_t,
    int);

/* The first line: front matter only if it is ---. */
static int
summary_state_start(struct summary_parser *p, const char *line, size_t len,
    int literal)
{
	(void)len;
	(void)literal;
	p->state = SUMMARY_BODY;
	if (strcmp(line, "---") != 0)
		return 0;
	p->state = SUMMARY_FRONT_MATTER;
	p->fm_line = p->lineno;
	return 1;
}

/* A line of front matter, up to the closing ---. */
static int
summary_state_front_matter(struct summary_parser *p, const char *line,
    size_t len, int literal)
{
	(void)literal;
	if (strcmp(line, "---") == 0)
		p->state = SUMMARY_BODY;
	else
		summary_front_matter(p, line, len);
	return 1;
}

/* A line inside a comment, skipped up to its -->. */
static int
summary_state_comment(struct summary_parser *p, const char *line, size_t len,
    int literal)
{
	(void)len;
	(void)literal;
	if (strstr(line, "-->") != NULL)
		p->state = SUMMARY_BODY;
	return 1;
}

/* A line of fenced code in prose: kept for a '?' front, never cards. */
static int
summary_state_fence(struct summary_parser *p, const char *line, size_t len,
    int literal)
{
	(void)literal;
	if (summary_fence(line)) {
		p->state = p->state == SUMMARY_FENCE ? SUMMARY_BODY :
		    SUMMARY_FENCE;
		p->fence_line = p->lineno;
	}
	if (p->para_line == 0)
		p->para_line = p->lineno;
	summary_append_line(&p->para, line, len);
	return 1;
}

/* The back of a '?' card runs to a blank line or a heading. */
static int
summary_state_back(struct summary_parser *p, const char *line, size_t len,
    int literal)
{
	line += literal;
	len -= literal;
	if (!literal && summary_fence(line)) {
		p->back_fence = !p->back_fence;
		p->fence_line = p->lineno;
	} else if (!p->back_fence && summary_blank(line, len)) {
		summary_back_end(p);
		return 1;
	} else if (!literal && !p->back_fence && line[0] == '#' &&
	    summary_match(p, PAT_HEADING, line, len, 0) == 1) {
		summary_back_end(p);
		return 0;
	}
	summary_append_line(&p->back, line, len);
	return 1;
}

/* Q: and A: take indented continuation lines; A: may follow Q:. */
static int
summary_state_qa(struct summary_parser *p, const char *line, size_t len,
    int literal)
{
	char *text;

	line += literal;
	len -= literal;
	if ((line[0] == ' ' || line[0] == '\t') && !summary_blank(line, len)) {
		/* A line of only white space (a form feed) adds no line. */
		text = str_trim(line);
		if (*text != '\0')
			summary_append_line(p->qa == 1 ? &p->q : &p->a, text,
			    strlen(text));
		free(text);
		return 1;
	}
	if (p->qa == 1 && summary_qa_start(line, 'A')) {
		p->qa = 2;
		buf_puts(&p->a, line + 2);
		buf_add(&p->a, "", 0);
		return 1;
	}
	summary_qa_end(p);
	return 0;
}

/* A '?' line: the prose just above is the front of a multi-line card. */
static void
summary_back_start(struct summary_parser *p)
{
	if (p->para.len == 0) {
		summary_error(p, p->lineno, "'?' needs the card's front on the "
		    "lines just above it");
		return;
	}
	p->mfront = str_trim(p->para.data);
	if (*p->mfront == '\0') {
		summary_error(p, p->para_line, "the card's front (before '?') "
		    "is empty");
		free(p->mfront);
		p->mfront = NULL;
		summary_para_reset(p);
		return;
	}
	p->mline = p->para_line;
	p->state = SUMMARY_BACK;
	buf_reset(&p->back);
	summary_para_reset(p);
}

/* A comment, a '?', a heading or a line of #tags; 0 if none of them. */
static int
summary_body_marks(struct summary_parser *p, const char *line, size_t len)
{
	char	*text = str_trim(line);
	int	 comment = strncmp(text, "<!--", 4) == 0;
	int	 question = strcmp(text, "?") == 0;

	free(text);
	if (comment) {
		if (strstr(line, "-->") == NULL) {
			p->state = SUMMARY_COMMENT;
			p->comment_line = p->lineno;
		}
		summary_para_reset(p);
		return 1;
	}
	if (question) {
		summary_back_start(p);
		return 1;
	}
	if (line[0] != '#')
		return 0;
	if (summary_match(p, PAT_HEADING, line, len, 0) == 1)
		summary_heading(p, line);
	else if (summary_match(p, PAT_TAGS_ONLY, line, len, 0) == 1)
		summary_section_tags(p, line);
	else
		return 0;
	summary_para_reset(p);
	return 1;
}

/* A Q: or A: line; 0 if it is neither. */
static int
summary_body_qa(struct summary_parser *p, const char *line)
{
	if (summary_qa_start(line, 'Q')) {
		summary_para_reset(p);
		p->state = SUMMARY_QA;
		p->qa = 1;
		p->qa_line = p->lineno;
		buf_reset(&p->q);
		buf_reset(&p->a);
		buf_puts(&p->q, line + 2);
		return 1;
	}
	if (summary_qa_start(line, 'A')) {
		summary_error(p, p->lineno, "'A:' without a 'Q:' line before "
		    "it");
		summary_para_reset(p);
		return 1;
	}
	return 0;
}

/* A card line (a separator or clozes), or else prose. */
static void
summary_body_card(struct summary_parser *p, const char *line, size_t len)
{
	int rc;

	if ((rc = summary_match(p, PAT_SEPARATOR, line, len, 0)) != 0 &&
	    !(rc == 1 && summary_in_cloze(line,
	    pcre2_get_ovector_pointer(p->md)[0]))) {
		if (rc < 0)
			summary_error(p, p->lineno, "line too complex to read");
		else
			summary_separator(p, line, len);
		summary_para_reset(p);
		return;
	}
	if (summary_has_mark(line, "{{")) {
		summary_cloze(p, line, len);
		summary_para_reset(p);
		return;
	}
	/* Prose: skipped, but it may be the front of a '?' card. */
	if (p->para_line == 0)
		p->para_line = p->lineno;
	summary_append_line(&p->para, line, len);
}

/*
 * A line of the body.  A backslash at the start of a line (outside code)
 * makes it text: "\# not a heading", "\Q: not a question", "\?".
 */
static int
summary_state_body(struct summary_parser *p, const char *line, size_t len,
    int literal)
{
	line += literal;
	len -= literal;
	if (!literal && summary_fence(line))
		return summary_state_fence(p, line, len, 0);
	if (summary_blank(line, len))
		summary_para_reset(p);
	else if (literal || (!summary_body_marks(p, line, len) &&
	    !summary_body_qa(p, line)))
		summary_body_card(p, line, len);
	return 1;
}

/* The handler of each state. */
static const summary_handler summary_handlers[] = {
	[SUMMARY_START] = summary_state_start,
	[SUMMARY_FRONT_MATTER] = summary_state_front_matter,
	[SUMMARY_BODY] = summary_state_body,
	[SUMMARY_COMMENT] = summary_state_comment,
	[SUMMARY_FENCE] = summary_state_fence,
	[SUMMARY_BACK] = summary_state_back,
	[SUMMARY_QA] = summary_state_qa
};

/* Feed one line (without its newline; a trailing CR is dropped). */
void
summary_parser_line(struct summary_parser *p, const char *line, size_t len)
{
	char	*copy;
	int	 literal;

	p->lineno++;
	if (!summary_line_valid(p, &line, &len))
		return;
	copy = xstrndup(line, len);
	literal = copy[0] == '\\' && copy[1] != '\0' &&
	    p->state != SUMMARY_FENCE && !p->back_fence;
	while (summary_handlers[p->state](p, copy, len, literal) == 0)
		;
	free(copy);
}

/* The end of the text: finish what is open and hand over the result. */
struct summary *
summary_parser_finish(struct summary_parser *p)
{
	struct summary	*s = p->out;
	int		 i;

	if (p->state == SUMMARY_FRONT_MATTER)
		summary_error(p, p->fm_line, "front matter is not closed "
		    "with '---'");
	if (p->state == SUMMARY_FENCE || p->back_fence)
		summary_error(p, p->fence_line, "code fence is not closed");
	if (p->state == SUMMARY_BACK)
		summary_back_end(p);
	else if (p->state == SUMMARY_QA)
		summary_qa_end(p);
	else if (p->state == SUMMARY_COMMENT)
		summary_error(p, p->comment_line, "comment '<!--' is not "
		    "closed with '-->'");
	if (p->fm_tags != NULL)
		s->tags = xstrdup(p->fm_tags);
	/* The cards are kept while the file is imported: no slack. */
	if (s->ncards > 0 && s->cards_cap > (size_t)s->ncards) {
		s->cards = xreallocarray(s->cards, (size_t)s->ncards,
		    sizeof *s->cards);
		s->cards_cap = (size_t)s->ncards;
	}
	for (i = 0; i <= 6; i++)
		free(p->heading[i]);
	free(p->section_tags);
	free(p->fm_tags);
	free(p->mfront);
	free(p->name);
	buf_free(&p->para);
	buf_free(&p->back);
	buf_free(&p->q);
	buf_free(&p->a);
	pcre2_match_data_free(p->md);
	free(p);
	return s;
}

/* Parse a whole text held in memory (for summaries written in recall). */
struct summary *
summary_parse(const char *name, const char *text, size_t len)
{
	struct summary_parser	*p = summary_parser_create(name);
	const char		*end = text + len, *nl;

	while (text < end) {
		nl = memchr(text, '\n', (size_t)(end - text));
		if (nl == NULL)
			nl = end;
		summary_parser_line(p, text, (size_t)(nl - text));
		text = nl + 1;
	}
	return summary_parser_finish(p);
}

/* Free a parsed summary. */
void
summary_free(struct summary *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; s->arena == NULL && i < s->ncards; i++) {
		free(s->cards[i].front);
		free(s->cards[i].back);
		free(s->cards[i].note);
		free(s->cards[i].context);
		free(s->cards[i].tags);
	}
	if (s->arena != NULL) {
		arena_free(s->arena);
		free(s->arena);
	}
	for (i = 0; i < s->nerrors; i++)
		free(s->errors[i]);
	for (i = 0; i < s->nwarnings; i++)
		free(s->warnings[i]);
	free(s->cards);
	free(s->errors);
	free(s->warnings);
	free(s->deck);
	free(s->tags);
	free(s);
}

/*
 * The cards of one cloze text (for Anki's cloze notes): as a summary line
 * would give them.  Returns a summary with the cards or errors.
 */
struct summary *
summary_parse_cloze(const char *name, int line, const char *text)
{
	/* Its callers take the cards' strings: each of its own. */
	struct summary_parser	*p = summary_parser_new(name, 0);

	p->state = SUMMARY_BODY;
	p->lineno = line;
	summary_cloze(p, text, strlen(text));
	return summary_parser_finish(p);
}

/*
 * A cloze line with every cloze numbered, as Anki writes them:
 * "{{a}} {{c3::b::hint}}" becomes "{{c1::a}} {{c3::b::hint}}".
 */
char *
summary_cloze_numbered(const char *line)
{
	struct summary_parser	*p = summary_parser_create("export");
	struct summary		*s;
	struct cloze		*cl = NULL;
	struct buf		 b;
	size_t			 at = 0;
	int			 n, i;

	p->state = SUMMARY_BODY;
	n = summary_cloze_scan(p, line, strlen(line), &cl);
	s = summary_parser_finish(p);
	summary_free(s);
	if (n < 0)
		return xstrdup(line);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		buf_add(&b, line + at, cl[i].start - at);
		buf_printf(&b, "{{c%d::%s%s%s}}", cl[i].number, cl[i].text,
		    cl[i].hint != NULL ? "::" : "", cl[i].hint != NULL ?
		    cl[i].hint : "");
		at = cl[i].end;
		free(cl[i].text);
		free(cl[i].hint);
	}
	buf_puts(&b, line + at);
	free(cl);
	return buf_steal(&b);
}

/*
 * Writing a summary: the inverse of the parser above, so that cards
 * written out read back as the same cards.
 */

/* A card and its place in the list, to sort an index of the list by. */
struct summary_ref {
	const struct summary_card	*c;
	int				 i;
};

/*
 * Compare a card with a (front, back) key and, when like is not NULL, the
 * context, layer and tags of like.
 */
static int
summary_key_cmp(const struct summary_card *c, const char *front,
    const char *back, const struct summary_card *like)
{
	int r;

	if ((r = strcmp(c->front, front)) != 0)
		return r;
	if ((r = strcmp(c->back, back)) != 0 || like == NULL)
		return r;
	if ((r = strcmp(c->context, like->context)) != 0)
		return r;
	if (c->layer != like->layer)
		return c->layer < like->layer ? -1 : 1;
	return strcmp(c->tags, like->tags);
}

/* Order reverse cards by front and back, then place in the list. */
static int
summary_ref_pair_cmp(const void *va, const void *vb)
{
	const struct summary_ref	*a = va, *b = vb;
	int				 r;

	if ((r = summary_key_cmp(a->c, b->c->front, b->c->back, NULL)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Order reverse cards by sides, context, layer and tags, then place. */
static int
summary_ref_pair_line_cmp(const void *va, const void *vb)
{
	const struct summary_ref	*a = va, *b = vb;
	int				 r;

	if ((r = summary_key_cmp(a->c, b->c->front, b->c->back, b->c)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * The reverse partner of each basic card (sides swapped; the first in the
 * list if there are several), or -1: found by a binary search in a sorted
 * index, so a large deck is written in n log n, not n^2.  by_line says
 * whether a partner must also share the card's line in a summary: its
 * context, layer and tags (a summary), or not (an Anki note).
 */
static int *
summary_partners_by(const struct summary_card *cards, int n, int by_line)
{
	struct summary_ref	*rev;
	int			*partner, nrev = 0, i, lo, hi, mid;

	partner = xreallocarray(NULL, (size_t)n + 1, sizeof *partner);
	rev = xreallocarray(NULL, (size_t)n + 1, sizeof *rev);
	for (i = 0; i < n; i++) {
		partner[i] = -1;
		if (cards[i].kind == KIND_REVERSE) {
			rev[nrev].c = &cards[i];
			rev[nrev++].i = i;
		}
	}
	if (nrev > 1)
		qsort(rev, (size_t)nrev, sizeof *rev, by_line ?
		    summary_ref_pair_line_cmp : summary_ref_pair_cmp);
	for (i = 0; i < n && nrev > 0; i++) {
		const struct summary_card *c = &cards[i];
		const struct summary_card *like = by_line ? c : NULL;

		if (c->kind != KIND_BASIC)
			continue;
		lo = 0;
		hi = nrev;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (summary_key_cmp(rev[mid].c, c->back, c->front,
			    like) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nrev && summary_key_cmp(rev[lo].c, c->back,
		    c->front, like) == 0)
			partner[i] = rev[lo].i;
	}
	free(rev);
	return partner;
}

/* The reverse partner of each basic card, for an Anki note; or -1. */
int *
summary_partners(const struct summary_card *cards, int n)
{
	return summary_partners_by(cards, n, 0);
}

/*
 * Are two clozes of one line in a summary (same text, context, layer and
 * tags)?
 */
static int
summary_same_line(const struct summary_card *a, const struct summary_card *b)
{
	int r;

	if ((r = strcmp(a->note, b->note)) != 0)
		return r;
	if ((r = strcmp(a->context, b->context)) != 0)
		return r;
	if (a->layer != b->layer)
		return a->layer < b->layer ? -1 : 1;
	return strcmp(a->tags, b->tags);
}

/* Are two clozes one note (same text, whatever the context)? */
static int
summary_same_note(const struct summary_card *a, const struct summary_card *b)
{
	return strcmp(a->note, b->note);
}

/* Sort clozes by line (text and context), then place in the list. */
static int
summary_ref_line_cmp(const void *va, const void *vb)
{
	const struct summary_ref	*a = va, *b = vb;
	int				 r;

	if ((r = summary_same_line(a->c, b->c)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Sort clozes by note text, then place in the list. */
static int
summary_ref_note_cmp(const void *va, const void *vb)
{
	const struct summary_ref	*a = va, *b = vb;
	int				 r;

	if ((r = summary_same_note(a->c, b->c)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * Mark in skip every cloze but the first of its line (the line is written
 * once and gives them all); by_context says whether a line is its text,
 * context, layer and tags (a summary) or its text alone (an Anki note).
 */
void
summary_skip_clozes(const struct summary_card *cards, int n, int *skip,
    int by_context)
{
	struct summary_ref	*refs;
	int			 nrefs = 0, i, same;

	refs = xreallocarray(NULL, (size_t)n + 1, sizeof *refs);
	for (i = 0; i < n; i++) {
		if (cards[i].kind == KIND_CLOZE && cards[i].note != NULL) {
			refs[nrefs].c = &cards[i];
			refs[nrefs++].i = i;
		}
	}
	if (nrefs > 1)
		qsort(refs, (size_t)nrefs, sizeof *refs, by_context ?
		    summary_ref_line_cmp : summary_ref_note_cmp);
	for (i = 1; i < nrefs; i++) {
		if (by_context)
			same = summary_same_line(refs[i].c, refs[i - 1].c);
		else
			same = summary_same_note(refs[i].c, refs[i - 1].c);
		if (same == 0)
			skip[refs[i].i] = 1;
	}
	free(refs);
}

/* Does a card need the multi-line form ('?') to survive a re-import? */
static int
summary_needs_block(const struct summary_card *c)
{
	return strchr(c->front, '\n') != NULL || strchr(c->back, '\n') != NULL;
}

/* Does s start with one of n marks? */
static int
summary_starts_with(const char *s, size_t len, const char *const *marks,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (len >= strlen(marks[i]) &&
		    strncmp(s, marks[i], strlen(marks[i])) == 0)
			return 1;
	}
	return 0;
}

/*
 * Is a line a lone '?' as the reader takes one: it trims white space
 * (isspace, so a CR or a form feed too) from both ends first.
 */
static int
summary_lone_question(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && isspace((unsigned char)s[i]))
		i++;
	if (i == len || s[i] != '?')
		return 0;
	for (i++; i < len; i++) {
		if (!isspace((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/*
 * Does a line start with syntax that claims the whole line before it is
 * read as a card (a heading or #tags, Q:/A:, a fence, a comment, a
 * literal line's '\', a lone '?')?
 */
static int
summary_line_mark(const char *s, size_t len)
{
	static const char *const marks[] = { "#", "Q:", "A:", "---", "<!--",
	    "```", "~~~", "\\" };

	return summary_starts_with(s, len, marks, sizeof marks /
	    sizeof marks[0]) || summary_lone_question(s, len);
}

/*
 * Does a line of text start with something a summary would read as
 * syntax: a line mark, a cloze's braces, a separator, or white space?
 */
static int
summary_marked_line(const char *s, size_t len)
{
	static const char *const marks[] = { "{{", "}}", "::" };

	return summary_line_mark(s, len) || summary_starts_with(s, len, marks,
	    sizeof marks / sizeof marks[0]) || (len > 0 &&
	    isspace((unsigned char)s[0]));
}

/* How many times c repeats at the start of s. */
static size_t
summary_run(const char *s, size_t len, char c)
{
	size_t n = 0;

	while (n < len && s[n] == c)
		n++;
	return n;
}

/*
 * Write text with its separators, clozes and tags escaped (the inverse of
 * summary_unescape); line_start says whether it begins a line (else it
 * follows a space).
 */
static void
summary_write_marks(FILE *f, const char *s, size_t len, int line_start)
{
	size_t i;

	for (i = 0; i < len; i++) {
		int after_space = i == 0 || (s[i - 1] != '\0' &&
		    strchr(SUMMARY_SPACE, s[i - 1]) != NULL);

		/*
		 * An odd run of '{' starts with the odd one: "\{{{" would
		 * read as "\{" and "{{".
		 */
		if (s[i] == '{' && (i == 0 || s[i - 1] != '{') &&
		    summary_run(s + i, len - i, '{') % 2 == 1 &&
		    summary_run(s + i, len - i, '{') > 1) {
			fputc('{', f);
			continue;
		}
		if ((s[i] == '{' && i + 1 < len && s[i + 1] == '{') ||
		    (s[i] == '}' && i + 1 < len && s[i + 1] == '}')) {
			fputc('\\', f);
			fwrite(s + i, 1, 2, f);
			i++;
			continue;
		}
		/* A '\' the reader would take for an escape is doubled. */
		if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '#' ||
		    (s[i + 1] == ':' && i + 2 < len && s[i + 2] == ':'))) {
			fputs("\\\\", f);
			continue;
		}
		if (s[i] == ':' && i + 1 < len && s[i + 1] == ':' &&
		    after_space) {
			fputs("\\::", f);
			i++;
			continue;
		}
		if (s[i] == '#' && (i > 0 || !line_start) && after_space &&
		    i + 1 < len &&
		    (isalpha((unsigned char)s[i + 1]) ||
		    (unsigned char)s[i + 1] >= 0x80)) {
			fputs("\\#", f);
			continue;
		}
		fputc(s[i], f);
	}
}

/*
 * Write one line of card text so that a summary reads it back as text: a
 * line that starts like syntax, or with a mark escaped with '\', is made
 * literal with a leading '\'.
 */
static void
summary_write_text_line(FILE *f, const char *s, size_t len)
{
	if (summary_marked_line(s, len))
		fputc('\\', f);
	summary_write_marks(f, s, len, 1);
}

/*
 * Does a line's text end like a trailing #tag (white space, '#', a
 * letter, no more white space or '#')?  Its text is the line as written,
 * so a cloze line's last word can look like one when the line's tags
 * came after other white space (a form feed, a CR): with tags written
 * after it, the reader would take that word for one of them.  A form
 * feed before the tags keeps it apart; the reader trims it from the
 * text.  (Non-ASCII after the '#' is taken for a letter: a form feed
 * too many costs nothing.)
 */
static int
summary_ends_like_tag(const char *s)
{
	const char	*word = s + strlen(s), *p;

	while (word > s && word[-1] != ' ' && word[-1] != '\t')
		word--;
	if (word == s || word[0] != '#' || !(isalpha((unsigned char)word[1]) ||
	    (unsigned char)word[1] >= 0x80))
		return 0;
	for (p = word + 1; *p != '\0'; p++) {
		if (*p == '#' || isspace((unsigned char)*p))
			return 0;
	}
	return 1;
}

/* Write trailing #tags. */
static void
summary_write_tags(FILE *f, const char *tags)
{
	const char *p = tags, *start;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		start = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (p != start)
			fprintf(f, " #%.*s", (int)(p - start), start);
	}
}

/*
 * At a fence line outside fenced code: should it open code?  Only if a
 * blank line comes before the next fence line (the reader keeps blank
 * lines only in code, and a blank line outside it ends a '?' back), and
 * a next fence line is there to close it.  Otherwise it is written as
 * text, escaped: a fence line the reader took as text (an escaped one)
 * is how a text gets fence lines that do not pair up.
 */
static int
summary_fence_opens(const char *next)
{
	const char	*p = next, *nl;
	size_t		 len;
	int		 blank = 0;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		len = nl == NULL ? strlen(p) : (size_t)(nl - p);
		if (summary_fence(p))
			return blank;
		if (summary_blank(p, len))
			blank = 1;
		p = nl == NULL ? NULL : nl + 1;
	}
	return 0;
}

/*
 * End a written line of text s (len bytes): the reader drops a CR before
 * the newline, so a line that ends with one gets a second.
 */
static void
summary_write_end(FILE *f, const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '\r')
		fputc('\r', f);
	fputc('\n', f);
}

/*
 * Write lines, dropping blank ones (a blank line ends a '?' back), but
 * fenced code as it is: the reader keeps its lines, blank ones too.  A
 * fence line opens code only where code holds blank lines; the others are
 * written as text (see summary_fence_opens).
 */
static void
summary_write_lines(FILE *f, const char *text)
{
	const char	*p = text, *nl;
	size_t		 len;
	int		 code = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl == NULL ? strlen(p) : (size_t)(nl - p);
		if (summary_fence(p) && (code ||
		    summary_fence_opens(nl == NULL ? NULL : nl + 1))) {
			code = !code;
			summary_write_marks(f, p, len, 1);
			summary_write_end(f, p, len);
		} else if (code) {
			summary_write_marks(f, p, len, 1);
			summary_write_end(f, p, len);
		} else if (!summary_blank(p, len)) {
			summary_write_text_line(f, p, len);
			summary_write_end(f, p, len);
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* Write "front SEP back" on one line, escaped. */
static void
summary_write_pair(FILE *f, const struct summary_card *c,
    const char *sep)
{
	summary_write_text_line(f, c->front, strlen(c->front));
	fprintf(f, " %s ", sep);
	/* The back follows a separator: only its marks need escaping. */
	summary_write_marks(f, c->back, strlen(c->back), 0);
	summary_write_tags(f, c->tags);
	if (*c->tags == '\0')
		summary_write_end(f, c->back, strlen(c->back));
	else
		fputc('\n', f);
}

/* Write a multi-line card: its front, '?', its back and a blank line. */
static void
summary_write_block(FILE *f, const struct summary_card *c)
{
	fputc('\n', f);
	summary_write_lines(f, c->front);
	fputs("?\n", f);
	summary_write_lines(f, c->back);
	if (*c->tags != '\0') {
		summary_write_tags(f, c->tags);
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* Where the context of a card differs from the one above it, headings. */
struct summary_writer {
	FILE		 *f;
	char		**prev;		/* the titles written, level 1 up */
	int		  nprev;
	int		  layer;	/* the last layer heading, or -1 */
};

/* Is c a space or a tab (what the heading pattern trims)? */
static int
summary_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Can this text be a heading's whole title and read back as itself?  An
 * empty one can (a heading with no title); else no white space at either
 * edge (the reader trims it), and not a layer's name (that heading would
 * be the layer's).  A title may hold " > ".
 */
static int
summary_title_ok(const char *s, size_t len)
{
	enum layer	 layer;
	char		*t;
	int		 ok;

	if (len == 0)
		return 1;
	if (summary_is_blank(s[0]) || summary_is_blank(s[len - 1]))
		return 0;
	t = xstrndup(s, len);
	ok = layer_from_name(t, &layer) != 0;
	free(t);
	return ok;
}

/*
 * The titles of the headings that give a context: the context cut at some
 * of its " > " (overlapping ones too: "a > > " is "a >" and ""), each
 * piece a title that reads back as itself, as many as can be up to six
 * levels.  can[i][g] says the text from i on can be g titles; i is 0 or
 * just after a " > ".  Every context the reader made has such titles (its
 * own headings); any other (none is made) is one title.
 */
static char **
summary_context_titles(const char *context, int *ntitles)
{
	size_t		  len = strlen(context), i, j;
	unsigned char	(*can)[7];
	char		**titles;
	int		  g, best, k;

	*ntitles = 0;
	if (len == 0)
		return NULL;
	can = xcalloc(len + 1, sizeof *can);
	/* From the end back: a title runs from i to the end, or to a cut. */
	for (i = len + 1; i-- > 0;) {
		if (i != 0 && (i < 3 || strncmp(context + i - 3, " > ", 3) != 0))
			continue;
		if (summary_title_ok(context + i, len - i))
			can[i][1] = 1;
		for (j = i; j + 3 <= len; j++) {
			if (strncmp(context + j, " > ", 3) != 0 ||
			    !summary_title_ok(context + i, j - i))
				continue;
			for (g = 1; g < 6; g++)
				if (can[j + 3][g])
					can[i][g + 1] = 1;
		}
	}
	for (best = 6; best > 0 && !can[0][best]; best--)
		continue;
	if (best == 0) {
		free(can);
		titles = xcalloc(1, sizeof *titles);
		titles[0] = xstrdup(context);
		*ntitles = 1;
		return titles;
	}
	titles = xcalloc((size_t)best, sizeof *titles);
	for (i = 0, k = 0, g = best; g > 1; g--, k++) {
		for (j = i; j + 3 <= len; j++) {
			if (strncmp(context + j, " > ", 3) == 0 &&
			    summary_title_ok(context + i, j - i) &&
			    can[j + 3][g - 1])
				break;
		}
		titles[k] = xstrndup(context + i, j - i);
		i = j + 3;
	}
	titles[k] = xstrdup(context + i);
	*ntitles = best;
	free(can);
	return titles;
}

/*
 * Write a heading at a level.  A title ending in '#' gets a closing " #"
 * (CommonMark's closing sequence), which the reader strips in place of
 * the title's own #s.
 */
static void
summary_write_heading(FILE *f, int level, const char *title)
{
	size_t len = strlen(title);

	fprintf(f, "\n%.*s %s", level, "######", title);
	if (len > 0 && title[len - 1] == '#')
		fputs(" #", f);
	summary_write_end(f, title, len);
}

/* Write the context and layer headings a card needs, where they change. */
static void
summary_write_headings(struct summary_writer *w, const struct summary_card *c)
{
	static const char	*const layer_names[] = { "Skim", "Explore",
	    "Deepen" };
	char			**titles;
	int			  ntitles, k, level;

	titles = summary_context_titles(c->context, &ntitles);
	/* No context after one: an empty heading takes it back to none. */
	if (ntitles == 0 && w->nprev > 0) {
		titles = xreallocarray(titles, 1, sizeof *titles);
		titles[ntitles++] = xstrdup("");
	}
	for (k = 0; k < ntitles && k < w->nprev &&
	    strcmp(titles[k], w->prev[k]) == 0; k++)
		;
	/* Back up to a shorter context: its last heading again ends the rest. */
	if (k == ntitles && ntitles < w->nprev && k > 0)
		k--;
	if (k < ntitles || ntitles != w->nprev) {
		for (level = k; level < ntitles; level++)
			summary_write_heading(w->f, level + 1, titles[level]);
		w->layer = -1;
	}
	context_free(w->prev, w->nprev);
	w->prev = titles;
	w->nprev = ntitles;
	if ((int)c->layer != w->layer) {
		fprintf(w->f, "\n%.*s %s\n", ntitles + 1 > 6 ? 6 :
		    ntitles + 1, "######", layer_names[c->layer]);
		w->layer = (int)c->layer;
	}
}

/*
 * Write cards of one deck as a summary, in their order: front matter,
 * headings where the context or layer changes, then each card in the
 * shortest form that reads back as the same card.  Any cards a summary
 * gave read back the same, but for a card given twice in one section (the
 * same sides, context, layer and tags): a cloze line is written once, and
 * a second ':::' pair as two '::' cards, so the same cards come back, but
 * not as many or of the same kind (tests/cli/regress-files.sh).
 */
void
summary_write(FILE *f, const char *deck, enum track track,
    const struct summary_card *cards, int n)
{
	struct summary_writer	 w = { f, NULL, 0, -1 };
	int			*skip, *partners, i, partner;

	fprintf(f, "---\ndeck: %s\ntrack: %s\n---\n", deck,
	    track_name(track));
	skip = xcalloc((size_t)n + 1, sizeof *skip);
	summary_skip_clozes(cards, n, skip, 1);
	partners = summary_partners_by(cards, n, 1);
	for (i = 0; i < n; i++) {
		const struct summary_card *c = &cards[i];

		if (skip[i])
			continue;
		summary_write_headings(&w, c);
		if (c->kind == KIND_CLOZE && c->note != NULL) {
			/*
			 * A line that starts like other syntax (Q:, #, a
			 * backslash...): the line made literal.
			 */
			if (summary_line_mark(c->note, strlen(c->note)))
				fputc('\\', f);
			fputs(c->note, f);
			if (*c->tags != '\0' && summary_ends_like_tag(c->note))
				fputc('\f', f);
			summary_write_tags(f, c->tags);
			if (*c->tags == '\0')
				summary_write_end(f, c->note, strlen(c->note));
			else
				fputc('\n', f);
			/* The line's other clozes came with it (skipped). */
			continue;
		}
		partner = partners[i];
		if (partner >= 0 && !skip[partner] &&
		    !summary_needs_block(c)) {
			skip[partner] = 1;
			summary_write_pair(f, c, ":::");
		} else if (summary_needs_block(c))
			summary_write_block(f, c);
		else
			summary_write_pair(f, c, "::");
	}
	context_free(w.prev, w.nprev);
	free(partners);
	free(skip);
}
