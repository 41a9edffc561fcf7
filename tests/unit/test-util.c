/*
 * Unit tests of the small pure helpers: splitting command lines, tags,
 * durations, UTF-8 and deck names.
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

/* Split a line and compare with the expected words (NULL-terminated). */
static void
split_is(const char *line, ...)
{
	va_list		 ap;
	const char	*want;
	char		**argv, *cause = NULL;
	int		  argc, i = 0;

	assert_int_equal(cmd_split(line, &argc, &argv, &cause), 0);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < argc);
		assert_string_equal(argv[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(argc, i);
	cmd_free_argv(argc, argv);
}

static void
test_split_quotes(void **state)
{
	(void)state;
	split_is("deck new fun", "deck", "new", "fun", NULL);
	split_is("  add  'a b'  \"c d\" ", "add", "a b", "c d", NULL);
	split_is("add \"say \\\"hi\\\"\" 'it''s'", "add", "say \"hi\"",
	    "its", NULL);
	split_is("add a\\ b c\\'d", "add", "a b", "c'd", NULL);
	split_is("add \"\" ''", "add", "", "", NULL);
	split_is("deck new x # a comment", "deck", "new", "x", NULL);
	split_is("# only a comment", NULL);
	split_is("", NULL);
	split_is("add a#b", "add", "a#b", NULL);
	split_is("add \"back\\slash\"", "add", "back\\slash", NULL);
}

static void
test_split_errors(void **state)
{
	char	**argv, *cause = NULL;
	int	  argc;

	(void)state;
	assert_int_equal(cmd_split("add 'open", &argc, &argv, &cause), -1);
	assert_non_null(strstr(cause, "unterminated"));
	free(cause);
	cause = NULL;
	assert_int_equal(cmd_split("add \"open", &argc, &argv, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(cmd_split("add x\\", &argc, &argv, &cause), -1);
	free(cause);
}

/* Prefixes resolve; ambiguity lists the candidates. */
static void
test_cmd_find(void **state)
{
	const struct cmd_entry	*e;
	char			*cause = NULL;

	(void)state;
	e = cmd_find(cmd_table, "dec", &cause);
	assert_non_null(e);
	assert_string_equal(e->name, "deck");
	e = cmd_find(cmd_table, "exit", &cause);
	assert_non_null(e);
	assert_string_equal(e->name, "quit");
	e = cmd_find(cmd_table, "d", &cause);
	assert_null(e);
	assert_non_null(strstr(cause, "ambiguous command: d, could be: "));
	assert_non_null(strstr(cause, "deck"));
	assert_non_null(strstr(cause, "delete"));
	free(cause);
	cause = NULL;
	assert_null(cmd_find(cmd_table, "frobnicate", &cause));
	assert_non_null(strstr(cause, "unknown command"));
	free(cause);
}

static void
test_tags(void **state)
{
	char *t, *cause = NULL;

	(void)state;
	t = tags_normalize(" a, #b  c a ", &cause);
	assert_string_equal(t, "a b c");
	assert_true(tags_has(t, "b"));
	assert_false(tags_has(t, "ab"));
	free(t);
	assert_null(tags_normalize("good bad!tag", &cause));
	assert_non_null(strstr(cause, "bad!tag"));
	free(cause);
	t = tags_add("a b", "leech");
	assert_string_equal(t, "a b leech");
	free(t);
	t = tags_remove("leech a leech b", "leech");
	assert_string_equal(t, "a b");
	free(t);
}

static void
test_durations(void **state)
{
	int	 s = 0;
	char	*cause = NULL, *f;

	(void)state;
	assert_int_equal(parse_duration("25m", &s, &cause), 0);
	assert_int_equal(s, 1500);
	assert_int_equal(parse_duration("1h30m", &s, &cause), 0);
	assert_int_equal(s, 5400);
	assert_int_equal(parse_duration("90s", &s, &cause), 0);
	assert_int_equal(s, 90);
	assert_int_equal(parse_duration("45", &s, &cause), 0);
	assert_int_equal(s, 2700);
	assert_int_equal(parse_duration("0m", &s, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(parse_duration("5x", &s, &cause), -1);
	assert_non_null(strstr(cause, "5x"));
	free(cause);
	cause = NULL;
	assert_int_equal(parse_duration("25h", &s, &cause), -1);
	free(cause);
	f = format_duration(3725);
	assert_string_equal(f, "1h02m");
	free(f);
	f = format_duration(75);
	assert_string_equal(f, "1m15s");
	free(f);
}

static void
test_utf8(void **state)
{
	size_t	 bad = 0;
	char	*s;

	(void)state;
	assert_true(utf8_valid("caf\xc3\xa9", 5, &bad));
	assert_false(utf8_valid("ab\xc3(", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(utf8_valid("\xc0\xaf", 2, &bad));	/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3, &bad));	/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4, &bad));	/* > U+10FFFF */
	assert_int_equal(utf8_width("caf\xc3\xa9"), 4);
	s = utf8_truncate("abcdefgh", 5);
	assert_string_equal(s, "abcd\xe2\x80\xa6");
	free(s);
}

/* Text that enters by hand is held to the rules of an imported summary. */
static void
test_text_check(void **state)
{
	char	*cause = NULL, *big;
	size_t	 n = SUMMARY_MAX_LINE + 1;

	(void)state;
	assert_int_equal(text_check("caf\xc3\xa9\nline two", 14, &cause), 0);
	assert_int_equal(text_check("ab\0cd", 5, &cause), -1);
	assert_string_equal(cause, "a NUL byte (byte 3)");
	free(cause);
	assert_int_equal(text_check("ab\xff", 3, &cause), -1);
	assert_string_equal(cause, "invalid UTF-8 (byte 3)");
	free(cause);
	big = xmalloc(n + 3);
	memcpy(big, "a\n", 2);
	memset(big + 2, 'x', n);
	assert_int_equal(text_check(big, n + 2, &cause), -1);
	assert_string_equal(cause, "line 2 is longer than 1 MiB");
	free(cause);
	assert_int_equal(text_check(big + 2, n - 1, &cause), 0);
	free(big);
}

static void
test_deck_names(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_true(deck_name_valid("ml::transformers", &cause));
	assert_true(deck_name_valid("it's \"quoted\" and spaced", &cause));
	assert_true(deck_name_valid("std::vector::a b", &cause));
	assert_false(deck_name_valid("", &cause));
	free(cause);
	assert_false(deck_name_valid("   ", &cause));
	free(cause);
	assert_false(deck_name_valid("a::", &cause));
	free(cause);
	assert_false(deck_name_valid("::a", &cause));
	free(cause);
	assert_false(deck_name_valid("a:: b", &cause));
	free(cause);
	assert_false(deck_name_valid("a\tb", &cause));
	free(cause);
	assert_true(deck_matches("ml", "ml::x"));
	assert_true(deck_matches("ml", "ml"));
	assert_false(deck_matches("ml", "mlops"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_quotes),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_cmd_find),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_deck_names),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
