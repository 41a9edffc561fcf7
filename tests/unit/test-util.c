/*
 * Unit tests of the small pure helpers: splitting command lines, tags,
 * durations, UTF-8, deck names, the names of kinds, tracks and layers, and
 * day columns.
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
	/* A tag is what a summary's "#tag" reads: a letter of any script
	 * first, no space of any kind (a BOM is not a letter, U+00A0 is a
	 * space). */
	t = tags_normalize("caf\xc3\xa9 \xce\xbb-calculus", &cause);
	assert_string_equal(t, "caf\xc3\xa9 \xce\xbb-calculus");
	free(t);
	assert_null(tags_normalize("\xef\xbb\xbf" "deck", &cause));
	assert_non_null(strstr(cause, "starts with a letter"));
	free(cause);
	assert_null(tags_normalize("a\xc2\xa0" "b", &cause));
	assert_non_null(strstr(cause, "use letters"));
	free(cause);
	assert_null(tags_normalize("ok \xff\xfe", &cause));
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

/* Every kind, track and layer name reads back as what it names. */
static void
test_names(void **state)
{
	enum card_kind	 k, kinds[] = { KIND_BASIC, KIND_REVERSE, KIND_CLOZE };
	enum track	 t;
	enum layer	 l;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		assert_int_equal(kind_from_name(kind_name(kinds[i]), &k), 0);
		assert_int_equal(k, kinds[i]);
	}
	assert_string_equal(kind_name(KIND_REVERSE), "reverse");
	assert_int_equal(kind_from_name("Cloze", &k), 0);
	assert_int_equal(k, KIND_CLOZE);
	k = KIND_REVERSE;
	assert_int_equal(kind_from_name("clozes", &k), -1);
	assert_int_equal(k, KIND_REVERSE);
	for (t = 0; t < TRACK_COUNT; t++) {
		enum track back = TRACK_COUNT;

		assert_int_equal(track_from_name(track_name(t), &back), 0);
		assert_int_equal(back, t);
	}
	assert_int_equal(track_from_name("wants", &t), -1);
	for (l = 0; l < LAYER_COUNT; l++) {
		enum layer back = LAYER_COUNT;

		assert_int_equal(layer_from_name(layer_name(l), &back), 0);
		assert_int_equal(back, l);
	}
}

/* A day column: no day is NULL in SQL and -1 in memory, both ways. */
static void
test_day_columns(void **state)
{
	static const int days[] = { -1, 0, 1, 20789, 2932896 };
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	size_t		 i;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT ?1, ?1 IS NULL", -1,
	    &stmt, NULL), SQLITE_OK);
	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		stmt_bind_day(stmt, 1, days[i]);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_int_equal(stmt_day(stmt, 0), days[i]);
		assert_int_equal(sqlite3_column_int(stmt, 1), days[i] < 0);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* check one string's visible form */
static void
visible_is(const char *s, const char *want)
{
	char *got = str_visible(s);

	assert_string_equal(got, want);
	free(got);
}

/* str_oneline(s) is want. */
static void
oneline_is(const char *s, const char *want)
{
	char *got = str_oneline(s);

	assert_string_equal(got, want);
	free(got);
}

/* Control characters for a terminal: shown, never sent; text stays. */
static void
test_visible(void **state)
{
	(void)state;
	visible_is("plain text, été", "plain text, été");
	visible_is("two\nlines\tand a tab", "two\nlines\tand a tab");
	visible_is("\033[31mred", "^[[31mred");
	visible_is("a\001b\037c\177d", "a^Ab^_c^?d");
	visible_is("\302\233x \302\200 \302\237", "M-^[x M-^@ M-^_");
	visible_is("\302\240 nbsp stays", "\302\240 nbsp stays");
	oneline_is("a\033[1m b\302\233\177 c\n\nd", "a [1m b c d");
	/* White space at either end goes; runs of text are kept whole. */
	oneline_is(" \t\n été  twice\r\nover\302\240nbsp \033",
	    "été twice over\302\240nbsp");
	oneline_is(" \n\001 ", "");
}

/*
 * Appending to an array one element at a time grows it by doubling: a
 * million appends reallocate about twenty times, and keep every element.
 */
static void
test_grow(void **state)
{
	int	*a = NULL;
	size_t	 cap = 0, i, grew = 0, before;

	(void)state;
	for (i = 0; i < 1000000; i++) {
		before = cap;
		a = xgrow(a, &cap, i, sizeof *a);
		assert_true(cap > i);
		if (cap != before) {
			assert_true(before == 0 || cap == 2 * before);
			grew++;
		}
		a[i] = (int)i;
	}
	assert_true(grew <= 20);
	for (i = 0; i < 1000000; i++)
		assert_int_equal(a[i], (int)i);
	/* Room already there: nothing moves. */
	before = cap;
	assert_ptr_equal(xgrow(a, &cap, 10, sizeof *a), a);
	assert_int_equal(cap, before);
	free(a);
}

/*
 * An arena keeps every string it was given, small and large, unchanged
 * while more come (a large one does not end the room left in a chunk),
 * and is empty and usable again after arena_free.
 */
static void
test_arena(void **state)
{
	struct arena	  a = { NULL };
	char		**kept, buf[32], *big;
	size_t		  i, n = 20000;

	(void)state;
	kept = xcalloc(n, sizeof *kept);
	big = xmalloc(100001);
	memset(big, 'x', 100000);
	big[100000] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "string %zu", i);
		kept[i] = arena_strdup(&a, i % 5000 == 0 ? big : buf);
	}
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "string %zu", i);
		assert_string_equal(kept[i], i % 5000 == 0 ? big : buf);
	}
	/* Strings of one chunk follow one another. */
	assert_ptr_equal(kept[2] + strlen(kept[2]) + 1, kept[3]);
	/* The empty string, and a copy that is not the original. */
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_true(arena_strdup(&a, buf) != buf);
	arena_free(&a);
	assert_null(a.head);
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_free(&a);
	free(big);
	free(kept);
}

/*
 * Global ids: 32 hex digits; each sorts after the one made before it (so
 * it goes at the end of its table's index); none repeats; the random part
 * differs between two ids made in the same millisecond.
 */
static void
test_gid(void **state)
{
	char	prev[STORE_GID_LEN + 1], gid[STORE_GID_LEN + 1];
	int	i, j;

	(void)state;
	store_gid(prev);
	for (i = 0; i < 100000; i++) {
		store_gid(gid);
		assert_int_equal(strlen(gid), STORE_GID_LEN);
		for (j = 0; j < STORE_GID_LEN; j++)
			assert_non_null(strchr("0123456789abcdef", gid[j]));
		assert_true(strcmp(prev, gid) < 0);
		assert_true(strcmp(prev + 12, gid + 12) != 0);
		memcpy(prev, gid, sizeof gid);
	}
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
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_day_columns),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_visible),
		cmocka_unit_test(test_gid),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
