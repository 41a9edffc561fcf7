/*
 * libFuzzer target for the time and duration parsers (clock_parse,
 * parse_duration), in UTC and in a zone with summer time.  A parsed time
 * lies in 1970 to 9999 and reads back the same from the forms recall
 * prints it in (ISO 8601 with its offset, when its year is 1970 to 9999 in
 * that zone, and @seconds); a parsed duration is 1 s to 24 h, and prints
 * as format_duration does to a text that parses back to the same value (to
 * the minute from an hour up, as it is shown).  Build with ./configure
 * --enable-fuzzing CC=clang.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recall.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The zones each input is read in: UTC, and central Europe's rules. */
static const char *const fuzz_zones[] = {
	"UTC0", "CET-1CEST,M3.5.0,M10.5.0/3"
};

/* A time, read back from what recall prints, is the same time. */
static void
fuzz_time(const char *s)
{
	time_t	 t, again;
	char	*cause = NULL, *text;
	long	 year;

	if (clock_parse(s, &t, &cause) != 0) {
		if (cause == NULL || strncmp(cause, "bad time '", 10) != 0)
			abort();
		free(cause);
		return;
	}
	if (t < 0 || t > CLOCK_MAX)
		abort();
	text = clock_time_string(t);
	year = strtol(text, NULL, 10);
	if (year >= 1970 && year <= 9999) {
		if (clock_parse(text, &again, &cause) != 0 || again != t)
			abort();
	}
	free(text);
	xasprintf(&text, "@%lld", (long long)t);
	if (clock_parse(text, &again, &cause) != 0 || again != t)
		abort();
	free(text);
}

/* A duration prints as a duration that reads back as the same. */
static void
fuzz_duration(const char *s)
{
	char	*cause = NULL, *text;
	int	 seconds, again, shown;

	if (parse_duration(s, &seconds, &cause) != 0) {
		if (cause == NULL || strncmp(cause, "bad duration '", 14) != 0)
			abort();
		free(cause);
		return;
	}
	if (seconds < 1 || seconds > 24 * 3600)
		abort();
	shown = seconds >= 3600 ? seconds - seconds % 60 : seconds;
	text = format_duration(seconds);
	if (parse_duration(text, &again, &cause) != 0 || again != shown)
		abort();
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	size_t	 i;

	s = xstrndup((const char *)data, size);
	for (i = 0; i < sizeof fuzz_zones / sizeof fuzz_zones[0]; i++) {
		setenv("TZ", fuzz_zones[i], 1);
		tzset();
		fuzz_time(s);
	}
	fuzz_duration(s);
	free(s);
	return 0;
}
