/*
 * Unit tests of settings.c: the table is whole, every default is a value
 * set would accept and lies within its range, and a stored value reads
 * back as what set meant, or as the default when it cannot.
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

/* Every setting has a row, and its default parses and stays as stored. */
static void
test_defaults(void **state)
{
	const struct setting_def	*def;
	char				*out, *cause;
	int				 i, v;

	(void)state;
	for (i = 0; i < SETTING_COUNT; i++) {
		def = settings_def((enum setting)i);
		assert_non_null(def->name);
		assert_non_null(def->def);
		assert_non_null(def->help);
		out = cause = NULL;
		assert_int_equal(settings_parse((enum setting)i, def->def,
		    &out, &cause), 0);
		assert_string_equal(out, def->def);
		free(out);
		v = settings_value((enum setting)i, NULL);
		if (def->type == SETTING_INT) {
			assert_non_null(def->unit);
			assert_true(def->min <= def->max);
			assert_true(v >= def->min && v <= def->max);
		}
	}
}

/* The defaults the program has always had. */
static void
test_known_defaults(void **state)
{
	(void)state;
	assert_int_equal(settings_value(SETTING_ROLLOVER, NULL), 4);
	assert_int_equal(settings_value(SETTING_SESSION, NULL), 0);
	assert_int_equal(settings_value(SETTING_WINDOW, NULL), 7);
	assert_int_equal(settings_value(SETTING_SHARE_NEED, NULL), 70);
	assert_int_equal(settings_value(SETTING_BACKUPS, NULL), 7);
}

/* A stored value reads back; a bad one is the default; out of range clamps. */
static void
test_stored(void **state)
{
	(void)state;
	assert_int_equal(settings_value(SETTING_ROLLOVER, "0"), 0);
	assert_int_equal(settings_value(SETTING_ROLLOVER, "junk"), 4);
	assert_int_equal(settings_value(SETTING_SESSION, "25m00s"), 1500);
	assert_int_equal(settings_value(SETTING_SESSION, "off"), 0);
	assert_int_equal(settings_value(SETTING_SESSION, "soon"), 0);
	assert_int_equal(settings_value(SETTING_WINDOW, "0"), 1);
	assert_int_equal(settings_value(SETTING_SHARE_NEED, "150"), 100);
	assert_int_equal(settings_value(SETTING_SHARE_NEED, "-5"), 0);
}

/* set's checks: the stored form, and errors that name the range. */
static void
test_parse(void **state)
{
	char	*out = NULL, *cause = NULL;

	(void)state;
	assert_int_equal(settings_parse(SETTING_ROLLOVER, "24", &out,
	    &cause), -1);
	assert_string_equal(cause, "bad rollover '24' (an hour, 0-23)");
	free(cause);
	cause = NULL;
	assert_int_equal(settings_parse(SETTING_WINDOW, "0", &out, &cause),
	    -1);
	assert_string_equal(cause, "bad window '0' (days, 1-365)");
	free(cause);
	assert_int_equal(settings_parse(SETTING_SESSION, "25m", &out, &cause),
	    0);
	assert_string_equal(out, "25m00s");
	free(out);
	assert_int_equal(settings_parse(SETTING_SESSION, "0", &out, &cause),
	    0);
	assert_string_equal(out, "off");
	free(out);
}

/* set knows the listed settings only; balance sets the share. */
static void
test_find(void **state)
{
	char	*names;

	(void)state;
	assert_int_equal(settings_find("rollover"), SETTING_ROLLOVER);
	assert_int_equal(settings_find("window"), SETTING_WINDOW);
	assert_int_equal(settings_find("backups"), SETTING_BACKUPS);
	assert_int_equal(settings_find("share-need"), -1);
	assert_int_equal(settings_find("colour"), -1);
	names = settings_names();
	assert_string_equal(names, "rollover, session, window or backups");
	free(names);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_known_defaults),
		cmocka_unit_test(test_stored),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
