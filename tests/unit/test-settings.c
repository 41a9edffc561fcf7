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
	assert_int_equal(settings_value(SETTING_SCHEDULER, NULL),
	    SCHEDULER_SM2);
	assert_int_equal(settings_value(SETTING_RETENTION, NULL), 900);
	assert_int_equal(settings_value(SETTING_FIT_EVERY, NULL), 1000);
	assert_int_equal(settings_value(SETTING_FIT_MIN, NULL), 1000);
}

/*
 * A retention is a fraction, kept in thousandths within 0.70-0.97; the
 * scheduler one of its words.
 */
static void
test_retention_and_scheduler(void **state)
{
	static const char *const bad[] = { "0.69", "0.975", "1", "0", "abc",
	    "0.9051", "-0.9", "0.9x", "", " 0.9", "97.5%", NULL };
	char	*out = NULL, *cause = NULL;
	int	 i;

	(void)state;
	assert_int_equal(settings_parse(SETTING_RETENTION, "0.9", &out,
	    &cause), 0);
	assert_string_equal(out, "0.90");
	assert_int_equal(settings_value(SETTING_RETENTION, out), 900);
	free(out);
	assert_int_equal(settings_parse(SETTING_RETENTION, "0.905", &out,
	    &cause), 0);
	assert_string_equal(out, "0.905");
	assert_int_equal(settings_value(SETTING_RETENTION, out), 905);
	free(out);
	assert_int_equal(settings_parse(SETTING_RETENTION, "85%", &out,
	    &cause), 0);
	assert_string_equal(out, "0.85");
	free(out);
	assert_int_equal(settings_parse(SETTING_RETENTION, "0.70", &out,
	    &cause), 0);
	free(out);
	assert_int_equal(settings_parse(SETTING_RETENTION, "0.97", &out,
	    &cause), 0);
	free(out);
	for (i = 0; bad[i] != NULL; i++) {
		cause = NULL;
		assert_int_equal(settings_parse(SETTING_RETENTION, bad[i],
		    &out, &cause), -1);
		assert_non_null(strstr(cause, "0.70-0.97"));
		free(cause);
	}
	/* Stored values that do not read are the default; too far clamps. */
	assert_int_equal(settings_value(SETTING_RETENTION, "junk"), 900);
	assert_int_equal(settings_value(SETTING_RETENTION, "0.99"), 970);
	assert_int_equal(settings_parse(SETTING_SCHEDULER, "model", &out,
	    &cause), 0);
	assert_int_equal(settings_value(SETTING_SCHEDULER, out),
	    SCHEDULER_MODEL);
	free(out);
	cause = NULL;
	assert_int_equal(settings_parse(SETTING_SCHEDULER, "fsrs", &out,
	    &cause), -1);
	assert_string_equal(cause, "bad scheduler 'fsrs' (sm2|model)");
	free(cause);
	assert_int_equal(settings_value(SETTING_SCHEDULER, "mod"),
	    SCHEDULER_SM2);
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
	assert_string_equal(names, "rollover, session, window, backups, "
	    "scheduler, retention, fit-every or fit-min");
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
		cmocka_unit_test(test_retention_and_scheduler),
	};

	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
