/*
 * Unit tests of search_index_query: the trigram index query a pattern
 * needs, and no query (a scan) whenever a literal is not certain.
 */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "recall.h"

/* The query for a pattern is want (NULL: no query, scan). */
static void
query_is(const char *pattern, const char *want)
{
	char *q = search_index_query(pattern);

	if (want == NULL) {
		if (q != NULL)
			fail_msg("'%s' gave '%s', expected a scan", pattern, q);
	} else {
		if (q == NULL)
			fail_msg("'%s' gave a scan, expected '%s'", pattern,
			    want);
		assert_string_equal(q, want);
	}
	free(q);
}

static void
test_search_plain(void **state)
{
	(void)state;
	query_is("abc", "(\"abc\")");
	query_is("attention", "(\"att\" AND \"ent\" AND \"ion\")");
	query_is("abcdefg", "(\"abc\" AND \"def\" AND \"efg\")");
	query_is("a b", "(\"a b\")");
	query_is("ab", NULL);
	query_is("", NULL);
	/* A quote in the text is doubled in the query. */
	query_is("say \"hi\"", "(\"say\" AND \" \"\"h\" AND \"hi\"\"\")");
	/* Characters, not bytes: three of them, whatever their length. */
	query_is("日本語", "(\"日本語\")");
	query_is("日本", NULL);
}

static void
test_search_quantifiers(void **state)
{
	(void)state;
	/* An optional character leaves the run. */
	query_is("colou?r", "(\"col\" AND \"olo\")");
	query_is("abcd?", "(\"abc\")");
	query_is("abcd*", "(\"abc\")");
	query_is("abc?", NULL);
	query_is("abcd{0,2}", "(\"abc\")");
	query_is("abcd{0}", "(\"abc\")");
	query_is("abcd{,2}", "(\"abc\")");
	query_is("abcd{ 0 , 2 }", "(\"abc\")");
	/* One or more: kept, but what follows is a new run. */
	query_is("abcd+xy", "(\"abc\" AND \"bcd\")");
	query_is("abcd{2}efg", "(\"abc\" AND \"bcd\" AND \"efg\")");
	query_is("abc+?", "(\"abc\")");
	query_is("abc*+", NULL);
	/* A brace that is no quantifier is a literal. */
	query_is("a{b}c", "(\"a{b\" AND \"b}c\")");
	query_is("x{y", "(\"x{y\")");
}

static void
test_search_alternation(void **state)
{
	(void)state;
	query_is("cat|dog", "(\"cat\") OR (\"dog\")");
	query_is("cat|do", NULL);
	query_is("cat|", NULL);
	query_is("|cat", NULL);
	/* A group of alternatives needs one of them, and what is outside. */
	query_is("(cat|dog)food",
	    "(\"foo\" AND \"ood\" AND ((\"cat\") OR (\"dog\")))");
	query_is("(cat|dog)", "(((\"cat\") OR (\"dog\")))");
	query_is("(ka|lo)", NULL);
	query_is("(cat|do)", NULL);
	query_is("(cat|dog)?food", "(\"foo\" AND \"ood\")");
	query_is("(cat|dog)*", NULL);
	/* The run before a group joins the text each branch starts with. */
	query_is("ruvo(ka|lo|mi)", "(((\"ruv\" AND \"oka\") OR "
	    "(\"ruv\" AND \"olo\") OR (\"ruv\" AND \"omi\")))");
	query_is("x(ka|lo)", "(((\"xka\") OR (\"xlo\")))");
	query_is("ab(cd|e)+f", "(((\"abc\" AND \"bcd\") OR (\"abe\")))");
	query_is("ab(cd|e)*", NULL);
	query_is("ab(c.d|e)", "(((\"abc\") OR (\"abe\")))");
	query_is("ab(c*d|e)", NULL);
	query_is("abc(de|)", "(((\"abc\" AND \"cde\") OR (\"abc\")))");
	query_is("ab(c(de|fg)|hij)", "(((\"abc\" AND ((\"cde\") OR "
	    "(\"cfg\"))) OR (\"abh\" AND \"hij\")))");
	/* A run the inner group took over is no longer the branch's head. */
	query_is("ab(cde(fg|hi)|x)", "(((\"abc\" AND \"cde\" AND "
	    "((\"cde\" AND \"efg\") OR (\"cde\" AND \"ehi\"))) OR "
	    "(\"abx\")))");
	query_is("(?i)as(k|s)", NULL);
	query_is("(ab|c[de]f)", NULL);
	query_is("a(b|c", NULL);
	query_is("[|]abc", "(\"abc\")");
	query_is("\\|abc", "(\"|ab\" AND \"abc\")");
	query_is("\\Q|\\Eabc", "(\"|ab\" AND \"abc\")");
}

static void
test_search_groups(void **state)
{
	(void)state;
	query_is("(abc)", "(\"abc\")");
	query_is("(?:abc)+", "(\"abc\")");
	query_is("(abc)?def", "(\"def\")");
	query_is("(abc)*", NULL);
	query_is("(abc){0,1}", NULL);
	query_is("(?<name>abc)", "(\"abc\")");
	query_is("(?P<name>abc)", "(\"abc\")");
	query_is("(?'name'abc)", "(\"abc\")");
	query_is("(?>abc)", "(\"abc\")");
	/* The run before a group goes on into it, not past it. */
	query_is("ab(c)de", "(\"abc\")");
	query_is("ab(c)", "(\"abc\")");
	query_is("x(?:abc)y", "(\"xab\" AND \"abc\")");
	query_is("ab(?:c)?de", NULL);
	query_is("ab(\\d)cde", "(\"cde\")");
	/* Lookarounds and conditions are not counted. */
	query_is("(?=abc)", NULL);
	query_is("(?!abc)def", "(\"def\")");
	query_is("(?<!abc)def", "(\"def\")");
	query_is("(?<=abc)", NULL);
	query_is("(?(1)abc|def)", NULL);
	query_is("(?|abc|def)", NULL);
	/* Verbs, comments, recursion, extended mode: not understood. */
	query_is("abc(*ACCEPT)def", NULL);
	query_is("abc(?#x)?", NULL);
	query_is("(?x)a b c d", NULL);
	query_is("abc(?R)?", NULL);
}

static void
test_search_classes_escapes(void **state)
{
	(void)state;
	query_is("[abc]", NULL);
	query_is("a[bc]def", "(\"def\")");
	query_is("[]x]abc", "(\"abc\")");
	query_is("[^]x]abc", "(\"abc\")");
	query_is("[[:alpha:]]abc", "(\"abc\")");
	query_is("[\\]]abc", "(\"abc\")");
	query_is("abc.def", "(\"abc\" AND \"def\")");
	query_is("^abc$", "(\"abc\")");
	query_is("\\babc\\b", "(\"abc\")");
	query_is("\\d+abc", "(\"abc\")");
	query_is("a\\.b", "(\"a.b\")");
	query_is("a\\.?bcd", "(\"bcd\")");
	query_is("\\Qa.b\\E", "(\"a.b\")");
	query_is("\\Qa.b\\E?", NULL);
	query_is("\\Qabcd", "(\"abc\" AND \"bcd\")");
	query_is("abcd\\E?", "(\"abc\")");
	query_is("abc\\Q\\E?", NULL);
	/* Code points, properties, back references: not guessed at. */
	query_is("\\x41bc", NULL);
	query_is("\\x{41}bc", NULL);
	query_is("\\p{L}abc", NULL);
	query_is("(a)\\1bcd", NULL);
	query_is("\\N{U+41}bc", NULL);
	query_is("\\cAbcd", NULL);
}

static void
test_search_caseless(void **state)
{
	(void)state;
	query_is("(?i)abc", "(\"abc\")");
	query_is("(?i)ABC", "(\"ABC\")");
	/* k and s match KELVIN SIGN and LONG S without case. */
	query_is("(?i)kanji", "(\"anj\" AND \"nji\")");
	query_is("(?i)ask", NULL);
	query_is("ask", "(\"ask\")");
	/* Without case, non-ASCII letters are left out. */
	query_is("(?i)ÄÖÜabc", "(\"abc\")");
	query_is("ÄÖÜ", "(\"ÄÖÜ\")");
	/* Case turned off anywhere counts everywhere. */
	query_is("disk(?i)abc", "(\"abc\")");
	query_is("(?i:x)disk", NULL);
	query_is("(?-i)disk", NULL);
	query_is("(?m)disk", "(\"dis\" AND \"isk\")");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_plain),
		cmocka_unit_test(test_search_quantifiers),
		cmocka_unit_test(test_search_alternation),
		cmocka_unit_test(test_search_groups),
		cmocka_unit_test(test_search_classes_escapes),
		cmocka_unit_test(test_search_caseless),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
