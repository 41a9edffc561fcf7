/* Unit tests of clock.c: parsing times and counting days. */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "recall.h"

static time_t
parse_ok(const char *s)
{
	time_t	 t = 0;
	char	*cause = NULL;

	assert_int_equal(clock_parse(s, &t, &cause), 0);
	assert_null(cause);
	return t;
}

static void
parse_bad(const char *s)
{
	time_t	 t = 0;
	char	*cause = NULL;

	assert_int_equal(clock_parse(s, &t, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, s));
	free(cause);
}

/* Unix seconds, with or without '@'. */
static void
test_parse_unix(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("0"), 0);
	assert_int_equal(parse_ok("1764147600"), 1764147600);
	assert_int_equal(parse_ok("@86400"), 86400);
}

/* ISO 8601 with zones; local times follow TZ. */
static void
test_parse_iso(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(parse_ok("1970-01-02"), 86400);
	assert_int_equal(parse_ok("2026-11-26T09:30:00Z"), 1795685400);
	assert_int_equal(parse_ok("2026-11-26T09:30Z"), 1795685400);
	assert_int_equal(parse_ok("2026-11-26T10:30:00+01:00"), 1795685400);
	assert_int_equal(parse_ok("2026-11-26T04:30:00-0500"), 1795685400);
	assert_int_equal(parse_ok("2026-11-26 09:30"), 1795685400);
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	/* Local time without a zone: CET is UTC+1 in November. */
	assert_int_equal(parse_ok("2026-11-26T10:30"), 1795685400);
	setenv("TZ", "UTC", 1);
	tzset();
}

/*
 * A fraction of a second is dropped; clock_parse_utc reads a time without
 * a zone as UTC whatever TZ says; clock_utc_string writes it back.
 */
static void
test_parse_fraction_utc(void **state)
{
	time_t	 t = 0;
	char	*cause = NULL, *s;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(parse_ok("2024-03-29T20:32:32.250000+00:00"),
	    1711744352);
	assert_int_equal(parse_ok("2024-03-29T20:32:32,9Z"), 1711744352);
	parse_bad("2024-03-29T20:32:32.Z");
	parse_bad("2024-03-29T20:32.5Z");
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	assert_int_equal(clock_parse_utc("2024-03-29T20:32:32.999", &t,
	    &cause), 0);
	assert_int_equal(t, 1711744352);
	assert_int_equal(clock_parse_utc("2024-03-29T21:32:32+01:00", &t,
	    &cause), 0);
	assert_int_equal(t, 1711744352);
	assert_null(cause);
	s = clock_utc_string(1711744352);
	assert_string_equal(s, "2024-03-29T20:32:32+00:00");
	free(s);
	s = clock_utc_string(0);
	assert_string_equal(s, "1970-01-01T00:00:00+00:00");
	free(s);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Malformed times are refused, and the message names the input. */
static void
test_parse_bad(void **state)
{
	(void)state;
	parse_bad("");
	parse_bad("yesterday");
	parse_bad("2026-13-01");
	parse_bad("2026-02-30");
	parse_bad("2026-11-26T25:00");
	parse_bad("2026-11-26T09:30+24:00");
	parse_bad("2026-11-26Tx");
	parse_bad("12abc");
}

/* Days start at the rollover hour, in local time. */
static void
test_day_rollover(void **state)
{
	time_t	 t;
	char	*s;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	t = parse_ok("2026-11-26T03:59:59Z");
	s = clock_day_string(clock_day(t, 4));
	assert_string_equal(s, "2026-11-25");
	free(s);
	t = parse_ok("2026-11-26T04:00:00Z");
	s = clock_day_string(clock_day(t, 4));
	assert_string_equal(s, "2026-11-26");
	free(s);
	/* With rollover 0, midnight is the boundary. */
	assert_int_equal(clock_day(parse_ok("2026-11-26T00:00:00Z"), 0),
	    clock_day(parse_ok("2026-11-26T23:59:59Z"), 0));
	assert_int_equal(clock_day(parse_ok("1970-01-01T12:00Z"), 0), 0);
	/* The day starts where clock_day_start says. */
	t = clock_day_start(clock_day(parse_ok("2026-11-26T12:00Z"), 4), 4);
	assert_int_equal(t, parse_ok("2026-11-26T04:00Z"));
	/* In another zone, the local date decides. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	t = parse_ok("2026-11-26T06:00:00Z");	/* 01:00 in New York */
	s = clock_day_string(clock_day(t, 4));
	assert_string_equal(s, "2026-11-25");
	free(s);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Day numbers and dates convert both ways across leap years. */
static void
test_day_strings(void **state)
{
	char *s;

	(void)state;
	s = clock_day_string(0);
	assert_string_equal(s, "1970-01-01");
	free(s);
	s = clock_day_string(11016);
	assert_string_equal(s, "2000-02-29");
	free(s);
	s = clock_day_string(-1);
	assert_string_equal(s, "1969-12-31");
	free(s);
}

/* A fixed clock stays fixed. */
static void
test_clock_set(void **state)
{
	(void)state;
	clock_set(12345);
	assert_int_equal(clock_now(), 12345);
	assert_int_equal(clock_now(), 12345);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_unix),
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_parse_fraction_utc),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_day_rollover),
		cmocka_unit_test(test_day_strings),
		cmocka_unit_test(test_clock_set),
	};

	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
