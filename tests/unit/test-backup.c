/*
 * Unit tests of backup.c's pure parts: what backups are named, which
 * files are a collection's backups (and never another's), and how many of
 * them the rotation removes.
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

/* Backups are named after the collection's file, without ".db". */
static void
test_stem(void **state)
{
	char *s;

	(void)state;
	s = backup_stem("/home/a/.local/share/recall/collection.db");
	assert_string_equal(s, "collection");
	free(s);
	s = backup_stem("work.sqlite");
	assert_string_equal(s, "work.sqlite");
	free(s);
	s = backup_stem("dir/.db");
	assert_string_equal(s, "collection");
	free(s);
	s = backup_dir("/x/y/collection.db");
	assert_string_equal(s, "/x/y/backups");
	free(s);
	s = backup_dir("collection.db");
	assert_string_equal(s, "./backups");
	free(s);
	s = backup_name("work", "2026-12-02");
	assert_string_equal(s, "work-2026-12-02.db");
	free(s);
}

/* The daily and the restore-time names are backups; nothing else is. */
static void
test_matches(void **state)
{
	(void)state;
	assert_true(backup_name_matches("c", "c-2026-12-02.db"));
	assert_true(backup_name_matches("c", "c-2026-12-02T093000.db"));
	assert_false(backup_name_matches("c", "c-2026-12-02.db-journal"));
	assert_false(backup_name_matches("c", ".c-2026-12-02.db.Ab3dE9"));
	assert_false(backup_name_matches("c", "c-2026-12-2.db"));
	assert_false(backup_name_matches("c", "c-2026-12-02T0930.db"));
	assert_false(backup_name_matches("c", "c-notes.db"));
	/* Another collection's backups in the same folder are its own. */
	assert_false(backup_name_matches("c", "c-work-2026-12-02.db"));
	assert_true(backup_name_matches("c-work", "c-work-2026-12-02.db"));
	assert_false(backup_name_matches("c-work", "c-2026-12-02.db"));
	assert_false(backup_name_matches("collection", "c-2026-12-02.db"));
}

/* A backup opened as a collection is not backed up again. */
static void
test_is_backup(void **state)
{
	(void)state;
	assert_true(backup_is_backup("/d/backups/collection-2026-12-02.db"));
	assert_true(backup_is_backup("backups/w-2026-12-02T101010.db"));
	assert_false(backup_is_backup("/d/collection-2026-12-02.db"));
	assert_false(backup_is_backup("/d/backups/collection.db"));
	assert_false(backup_is_backup("/d/backups/-2026-12-02.db"));
}

/* Keep the last N; 0 keeps everything (automatic backups are off). */
static void
test_prune(void **state)
{
	(void)state;
	assert_int_equal(backup_prune_count(9, 7), 2);
	assert_int_equal(backup_prune_count(7, 7), 0);
	assert_int_equal(backup_prune_count(3, 7), 0);
	assert_int_equal(backup_prune_count(8, 1), 7);
	assert_int_equal(backup_prune_count(8, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stem),
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_is_backup),
		cmocka_unit_test(test_prune),
	};

	return cmocka_run_group_tests_name("backup", tests, NULL, NULL);
}
