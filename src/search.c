/*
 * What a search pattern needs in any text it matches, as a query of the
 * trigram index over the cards' text (cards_text, schema migration 10):
 * the literal runs every match must hold, read from the regular
 * expression.  The index only narrows the candidates (PCRE2 confirms
 * each), so a query may find too much but never too little: whatever is
 * not understood for certain gives no query, and the search scans.  Pure:
 * no SQLite, no PCRE2.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* A run shorter than this has no trigram to look up. */
#define SEARCH_MIN_CHARS 3
/* Trigrams looked up per branch; more would narrow little more. */
#define SEARCH_MAX_TRIGRAMS 12

/* Why the reading of a sequence stopped. */
enum search_end {
	SEARCH_END,	/* the end of the pattern */
	SEARCH_BAR,	/* a '|' */
	SEARCH_CLOSE,	/* the ')' of the group being read */
	SEARCH_UNSURE	/* something not understood: scan */
};

/*
 * What one sequence of a pattern (a branch, a group) must contain: all of
 * its runs, and for each of its groups of alternatives one of them (kept
 * as the index query that says so).
 */
struct search_seq {
	char		**runs;		/* finished runs, each 3+ chars */
	int		  nruns;
	char		**anys;		/* "(A) OR (B)" queries, all needed */
	int		  nanys;
	char		 *head;		/* its first run, however short */
	struct buf	  run;		/* the run being read */
	size_t		  last;		/* where its last character starts */
	int		  chars;	/* its length in characters */
	int		  literal;	/* 1 if the last item read is in it */
};

/* The reader: where it is and how it compares characters. */
struct search_reader {
	const char	*p;
	int		 caseless;
};

static enum search_end	search_read_seq(struct search_reader *,
			    struct search_seq *);
static void		search_query_branch(struct buf *,
			    const struct search_seq *);

/* Start an empty sequence. */
static void
search_seq_init(struct search_seq *s)
{
	memset(s, 0, sizeof *s);
	buf_init(&s->run);
}

/* Free a sequence and its runs. */
static void
search_seq_free(struct search_seq *s)
{
	int i;

	for (i = 0; i < s->nruns; i++)
		free(s->runs[i]);
	free(s->runs);
	for (i = 0; i < s->nanys; i++)
		free(s->anys[i]);
	free(s->anys);
	free(s->head);
	buf_free(&s->run);
}

/* Keep a run the sequence must contain. */
static void
search_seq_keep(struct search_seq *s, const char *run, size_t len)
{
	s->runs = xreallocarray(s->runs, (size_t)s->nruns + 1,
	    sizeof *s->runs);
	s->runs[s->nruns++] = xstrndup(run, len);
}

/* Keep a query of alternatives, one of which the sequence must contain. */
static void
search_seq_keep_any(struct search_seq *s, char *any)
{
	s->anys = xreallocarray(s->anys, (size_t)s->nanys + 1,
	    sizeof *s->anys);
	s->anys[s->nanys++] = any;
}

/*
 * End the current run: keep it if it is long enough to look up.  The
 * first run is also kept whole as the sequence's head, the literal text
 * every match of it starts with.
 */
static void
search_seq_break(struct search_seq *s)
{
	if (s->head == NULL)
		s->head = xstrndup(s->run.data == NULL ? "" : s->run.data,
		    s->run.len);
	if (s->chars >= SEARCH_MIN_CHARS)
		search_seq_keep(s, s->run.data, s->run.len);
	buf_reset(&s->run);
	s->chars = 0;
	s->literal = 0;
}

/* Add one character (its UTF-8 bytes) to the current run. */
static void
search_seq_add(struct search_seq *s, const char *c, size_t len)
{
	s->last = s->run.len;
	buf_add(&s->run, c, len);
	s->chars++;
	s->literal = 1;
}

/* The length of the UTF-8 character at p (the pattern compiled: valid). */
static size_t
search_char_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	size_t i;

	for (i = 1; i < n; i++) {
		if (p[i] == '\0')
			return i;
	}
	return n;
}

/*
 * Can a literal character stand in the index query as it is?  The index
 * folds case as a function of each character, so a case-sensitive
 * character always can.  Without case, PCRE2 (with UCP) also matches a
 * few characters the index folds apart: among ASCII letters only k
 * (KELVIN SIGN) and s (LONG S), and non-ASCII letters have many such
 * sets; so only ASCII other than those two.
 */
static int
search_char_usable(const struct search_reader *r, const char *c, size_t len)
{
	if (!r->caseless)
		return 1;
	if (len != 1 || (unsigned char)*c >= 0x80)
		return 0;
	return strchr("kKsS", *c) == NULL;
}

/* A literal character read from the pattern. */
static void
search_literal(struct search_reader *r, struct search_seq *s, const char *c,
    size_t len)
{
	if (search_char_usable(r, c, len))
		search_seq_add(s, c, len);
	else
		search_seq_break(s);
}

/*
 * A quantifier after an item: the least number of times it repeats, or -1
 * if what is at p is not one (it is then read as a literal).  Moves p past
 * it.  "{" counts as a quantifier when it could be one in any PCRE2 (with
 * spaces, or "{,m}" in newer ones), so that no quantified character is
 * taken for a literal.
 */
static int
search_quantifier(struct search_reader *r)
{
	const char	*q;
	int		 least = 0, digits = 0;

	switch (*r->p) {
	case '?':
	case '*':
		r->p++;
		return 0;
	case '+':
		r->p++;
		return 1;
	case '{':
		q = r->p + 1;
		while (*q == ' ')
			q++;
		while (*q >= '0' && *q <= '9') {
			if (least < 1000)
				least = least * 10 + (*q - '0');
			digits++;
			q++;
		}
		while (*q == ' ' || *q == ',' || (*q >= '0' && *q <= '9')) {
			if (*q != ' ' && *q != ',')
				digits++;
			q++;
		}
		if (*q != '}' || digits == 0)
			return -1;
		r->p = q + 1;
		return least;
	}
	return -1;
}

/*
 * Skip a character class from its '['; 0, or -1 if it is not understood.
 * Only its end matters: a class is one character, never a literal.
 */
static int
search_skip_class(struct search_reader *r)
{
	const char *q = r->p + 1, *end;

	if (*q == '^')
		q++;
	if (*q == ']')
		q++;
	for (;;) {
		switch (*q) {
		case '\0':
			return -1;
		case '\\':
			if (q[1] == '\0' || q[1] == 'Q' || q[1] == 'E')
				return -1;
			q += 2;
			break;
		case '[':
			if (q[1] == ':' || q[1] == '.' || q[1] == '=') {
				end = q + 2;
				while (*end != '\0' && !(end[0] == q[1] &&
				    end[1] == ']'))
					end++;
				if (*end == '\0')
					return -1;
				q = end + 2;
			} else
				q++;
			break;
		case ']':
			r->p = q + 1;
			return 0;
		default:
			q++;
			break;
		}
	}
}

/* Skip a group whose contents do not count, to past its ')'; or -1. */
static int
search_skip_group(struct search_reader *r)
{
	int depth = 1;

	while (depth > 0) {
		switch (*r->p) {
		case '\0':
			return -1;
		case '\\':
			if (r->p[1] == '\0' || r->p[1] == 'Q' || r->p[1] == 'E')
				return -1;
			r->p += 2;
			break;
		case '[':
			if (search_skip_class(r) != 0)
				return -1;
			break;
		case '(':
			depth++;
			r->p++;
			break;
		case ')':
			depth--;
			r->p++;
			break;
		default:
			r->p++;
			break;
		}
	}
	return 0;
}

/*
 * Escapes that stand for one non-literal character or for a position,
 * each one letter long.  Any other letter or digit after a backslash (a
 * code point, a property, a back reference, \Q) is read elsewhere or not
 * understood.
 */
static int
search_escape_simple(char c)
{
	return c != '\0' && strchr("dDwWsShHvVRXbBAzZGKCntrfea", c) != NULL;
}

/* \Q...\E: literal characters up to \E or the end of the pattern. */
static void
search_quoted(struct search_reader *r, struct search_seq *s)
{
	size_t len;

	r->p += 2;
	while (*r->p != '\0' && !(r->p[0] == '\\' && r->p[1] == 'E')) {
		len = search_char_len(r->p);
		search_literal(r, s, r->p, len);
		r->p += len;
	}
	if (*r->p != '\0')
		r->p += 2;
}

/* A backslash and what follows; SEARCH_END to go on, or SEARCH_UNSURE. */
static enum search_end
search_escape(struct search_reader *r, struct search_seq *s)
{
	const char	*c = r->p + 1;
	size_t		 len;

	if (*c == 'Q') {
		search_quoted(r, s);
		return SEARCH_END;
	}
	if (*c == 'E') {
		/* A lone \E is nothing: a quantifier after it counts. */
		r->p += 2;
		return SEARCH_END;
	}
	if (search_escape_simple(*c)) {
		search_seq_break(s);
		r->p += 2;
		return SEARCH_END;
	}
	if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
	    (*c >= '0' && *c <= '9') || *c == '\0')
		return SEARCH_UNSURE;
	/* A backslash before anything else makes it literal. */
	len = search_char_len(c);
	search_literal(r, s, c, len);
	r->p = c + len;
	return SEARCH_END;
}

/* The number of characters in a UTF-8 string. */
static int
search_chars(const char *p)
{
	int n;

	for (n = 0; *p != '\0'; n++)
		p += search_char_len(p);
	return n;
}

/*
 * Read a group's opening, from its '(' to its first branch: SEARCH_BAR
 * when its branches are to be read, SEARCH_END when the group is done
 * with (options, or a group whose contents do not count), or
 * SEARCH_UNSURE.
 */
static enum search_end
search_group_open(struct search_reader *r)
{
	const char *q;

	q = ++r->p;
	if (*q == '*')
		return SEARCH_UNSURE;	/* a verb: (*ACCEPT) and its kind */
	if (*q != '?')
		return SEARCH_BAR;
	q++;
	while (*q != '\0' && strchr("imnsUJ^-", *q) != NULL)
		q++;
	if (*q == ')' && q != r->p + 1) {
		/* Options for what follows (caseless: read before). */
		r->p = q + 1;
		return SEARCH_END;
	}
	if (*q == ':')
		r->p = q + 1;
	else if (q == r->p + 1 && *q == '>')
		r->p = q + 1;	/* atomic */
	else if (q == r->p + 1 && (*q == '<' || *q == '\'' ||
	    (*q == 'P' && q[1] == '<')) && q[*q == 'P' ? 2 : 1] != '=' &&
	    q[*q == 'P' ? 2 : 1] != '!') {
		/* A named group: past its name. */
		q += *q == 'P' ? 2 : 1;
		while (*q != '\0' && *q != '>' && *q != '\'')
			q++;
		if (*q == '\0')
			return SEARCH_UNSURE;
		r->p = q + 1;
	} else {
		/* Lookaround, condition, recursion...: not counted. */
		if (search_skip_group(r) != 0)
			return SEARCH_UNSURE;
		search_quantifier(r);
		return SEARCH_END;
	}
	return SEARCH_BAR;
}

/*
 * Add to what one branch of a group needs the run just before the group
 * (before) joined to the literal text the branch starts with (its head,
 * whose own run, if it is still kept, is the first).  0, or -1 if
 * the branch needs nothing the index can look up (then neither does the
 * group).
 */
static int
search_group_branch(struct search_seq *branch, const char *before)
{
	const char	*head;
	char		*joined;
	size_t		 n;

	head = branch->head == NULL ? "" : branch->head;
	n = strlen(before) + strlen(head) + 1;
	joined = xmalloc(n);
	snprintf(joined, n, "%s%s", before, head);
	if (*before != '\0' && search_chars(joined) >= SEARCH_MIN_CHARS) {
		/* A head long enough is the branch's first run: it grows. */
		if (branch->nruns > 0 && strcmp(branch->runs[0], head) == 0) {
			free(branch->runs[0]);
			branch->runs[0] = joined;
			joined = NULL;
		} else
			search_seq_keep(branch, joined, strlen(joined));
	}
	free(joined);
	return branch->nruns == 0 && branch->nanys == 0 ? -1 : 0;
}

/* Move what a sequence needs into another. */
static void
search_seq_take(struct search_seq *to, struct search_seq *from)
{
	int i;

	for (i = 0; i < from->nruns; i++)
		search_seq_keep(to, from->runs[i], strlen(from->runs[i]));
	for (i = 0; i < from->nanys; i++) {
		search_seq_keep_any(to, from->anys[i]);
		from->anys[i] = NULL;
	}
}

/*
 * A group from its '(': when it must match at least once, a match holds
 * one of its branches, each just after the run before the group
 * ("ab(cd|ef)" needs "abcd" or "abef").  SEARCH_END to go on, or
 * SEARCH_UNSURE.
 */
static enum search_end
search_group(struct search_reader *r, struct search_seq *s)
{
	struct search_seq	 first, branch;
	struct buf		 any;
	enum search_end		 end;
	char			*before;
	int			 usable, branches = 1, nruns, joined;

	before = xstrndup(s->run.data == NULL ? "" : s->run.data, s->run.len);
	nruns = s->nruns;
	search_seq_break(s);
	if ((end = search_group_open(r)) != SEARCH_BAR) {
		free(before);
		return end;
	}
	search_seq_init(&first);
	end = search_read_seq(r, &first);
	usable = search_group_branch(&first, before) == 0;
	buf_init(&any);
	while (end == SEARCH_BAR) {
		if (branches++ == 1 && usable) {
			buf_putc(&any, '(');
			search_query_branch(&any, &first);
		}
		search_seq_init(&branch);
		end = search_read_seq(r, &branch);
		if (search_group_branch(&branch, before) != 0)
			usable = 0;
		else if (usable) {
			buf_puts(&any, " OR ");
			search_query_branch(&any, &branch);
		}
		search_seq_free(&branch);
	}
	joined = *before != '\0';
	free(before);
	if (end != SEARCH_CLOSE) {
		search_seq_free(&first);
		buf_free(&any);
		return SEARCH_UNSURE;
	}
	if (search_quantifier(r) != 0 && usable) {
		if (s->nruns > nruns && joined) {
			/* The run before is in each branch's: not needed. */
			free(s->runs[--s->nruns]);
		}
		if (branches == 1)
			search_seq_take(s, &first);
		else {
			buf_putc(&any, ')');
			search_seq_keep_any(s, buf_steal(&any));
		}
	}
	search_seq_free(&first);
	buf_free(&any);
	s->literal = 0;
	return SEARCH_END;
}

/*
 * Read a sequence up to the end, a '|' or its group's ')', adding what it
 * must contain to s.
 */
static enum search_end
search_read_seq(struct search_reader *r, struct search_seq *s)
{
	enum search_end	end;
	size_t		len;
	int		least;

	for (;;) {
		switch (*r->p) {
		case '\0':
			search_seq_break(s);
			return SEARCH_END;
		case '|':
			search_seq_break(s);
			r->p++;
			return SEARCH_BAR;
		case ')':
			search_seq_break(s);
			r->p++;
			return SEARCH_CLOSE;
		case '(':
			if ((end = search_group(r, s)) != SEARCH_END)
				return end;
			continue;
		case '[':
			search_seq_break(s);
			if (search_skip_class(r) != 0)
				return SEARCH_UNSURE;
			continue;
		case '.':
		case '^':
		case '$':
			search_seq_break(s);
			r->p++;
			continue;
		case '\\':
			if ((end = search_escape(r, s)) != SEARCH_END)
				return end;
			continue;
		}
		if ((least = search_quantifier(r)) != -1) {
			/* It repeats the item before: drop it if optional. */
			if (s->literal && least == 0) {
				s->run.len = s->last;
				s->chars--;
			}
			search_seq_break(s);
			continue;
		}
		len = search_char_len(r->p);
		search_literal(r, s, r->p, len);
		r->p += len;
	}
}

/*
 * Does the pattern turn case off anywhere, or read itself in a way this
 * reader does not (extended mode, comments, verbs, options it does not
 * know)?  Looked for anywhere in the text, even where it would be
 * literal: that only costs a scan.  1 caseless, 0 not, -1 not understood.
 */
static int
search_options(const char *pattern)
{
	const char	*p = pattern, *q;
	int		 caseless = 0;

	if (strstr(pattern, "(*") != NULL || strstr(pattern, "(?#") != NULL)
		return -1;
	for (; (p = strstr(p, "(?")) != NULL; p += 2) {
		for (q = p + 2; (*q >= 'a' && *q <= 'z') || (*q >= 'A' &&
		    *q <= 'Z') || *q == '^' || *q == '-'; q++) {
			if (*q == 'i')
				caseless = 1;
		}
		if (q == p + 2 || (*q != ')' && *q != ':'))
			continue;	/* not a setting of options */
		for (q = p + 2; *q != ')' && *q != ':'; q++) {
			if (strchr("imnsUJ^-", *q) == NULL)
				return -1;
		}
	}
	return caseless;
}

/* Add one branch to the query: its runs' trigrams, all needed. */
static void
search_query_branch(struct buf *b, const struct search_seq *s)
{
	const char	*run, *c, *end;
	size_t		 starts[64], len;
	int		 i, n, k, step = 3, used = 0;

	buf_putc(b, '(');
	for (i = 0; i < s->nruns && used < SEARCH_MAX_TRIGRAMS; i++) {
		run = s->runs[i];
		/* Where each character starts (a run's first 64). */
		for (n = 0, c = run; *c != '\0' && n < 64; n++) {
			starts[n] = (size_t)(c - run);
			c += search_char_len(c);
		}
		end = c;
		/* Trigrams three apart, and the last: every character. */
		for (k = 0; k + 3 <= n && used < SEARCH_MAX_TRIGRAMS; k += step) {
			len = (k + 3 < n ? starts[k + 3] :
			    (size_t)(end - run)) - starts[k];
			if (used++ > 0)
				buf_puts(b, " AND ");
			buf_putc(b, '"');
			for (c = run + starts[k]; c < run + starts[k] + len;
			    c++) {
				if (*c == '"')
					buf_putc(b, '"');
				buf_putc(b, *c);
			}
			buf_putc(b, '"');
			step = k + 3 + 3 <= n ? 3 : n - 3 - k;
			if (step == 0)
				break;
		}
	}
	for (i = 0; i < s->nanys; i++) {
		if (used++ > 0)
			buf_puts(b, " AND ");
		buf_puts(b, s->anys[i]);
	}
	buf_putc(b, ')');
}

/*
 * The trigram index query (FTS5 syntax) that every card the pattern
 * matches also matches, or NULL when the pattern has no literal of three
 * characters in each branch, or is not understood for certain: then
 * every card must be tried.
 */
char *
search_index_query(const char *pattern)
{
	struct search_reader	 r;
	struct search_seq	 s;
	struct buf		 b;
	enum search_end		 end;
	int			 branches = 0;

	if ((r.caseless = search_options(pattern)) == -1)
		return NULL;
	r.p = pattern;
	buf_init(&b);
	for (;;) {
		search_seq_init(&s);
		end = search_read_seq(&r, &s);
		if ((end != SEARCH_END && end != SEARCH_BAR) ||
		    (s.nruns == 0 && s.nanys == 0)) {
			search_seq_free(&s);
			buf_free(&b);
			return NULL;
		}
		if (branches++ > 0)
			buf_puts(&b, " OR ");
		search_query_branch(&b, &s);
		search_seq_free(&s);
		if (end == SEARCH_END)
			break;
	}
	return buf_steal(&b);
}
