/*
 * The one source of time.  Everything asks clock_now(); --now and
 * RECALL_NOW set it so tests can travel in time.  Days are counted in the
 * local calendar, starting at the rollover hour.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

static int	clock_fixed;
static time_t	clock_value;

/* Fix the clock at a time (for --now and RECALL_NOW). */
void
clock_set(time_t t)
{
	clock_fixed = 1;
	clock_value = t;
}

/* What time is it? */
time_t
clock_now(void)
{
	if (clock_fixed)
		return clock_value;
	return time(NULL);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long		era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* The civil date of a day number. */
static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long		era;
	unsigned	doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

/* Read exactly n digits. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

/*
 * Parse a time: Unix seconds (optionally after '@'), or ISO 8601
 * YYYY-MM-DD[THH:MM[:SS[.fraction]]][Z|+HH:MM|-HH:MM] (the fraction is
 * dropped).  Without a zone the time is local, or UTC if utc is set.
 */
static int
clock_parse_zone(const char *s, int utc, time_t *out, char **cause)
{
	const char	*p = s;
	struct tm	 tm;
	int		 year, mon, day, hour = 0, min = 0, sec = 0;
	int		 zone = utc, offset = 0, oh, om;
	long long	 v;
	time_t		 t;

	if (*p == '@')
		p++;
	if (*p != '\0' && strspn(p, "0123456789") == strlen(p)) {
		if (parse_int(p, 0, CLOCK_MAX, &v) != 0)
			goto bad;
		*out = (time_t)v;
		return 0;
	}
	p = s;
	if (digits(&p, 4, &year) != 0 || *p++ != '-' ||
	    digits(&p, 2, &mon) != 0 || *p++ != '-' ||
	    digits(&p, 2, &day) != 0)
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &hour) != 0 || *p++ != ':' ||
		    digits(&p, 2, &min) != 0)
			goto bad;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) != 0)
				goto bad;
			if ((*p == '.' || *p == ',') &&
			    p[1] >= '0' && p[1] <= '9') {
				for (p++; *p >= '0' && *p <= '9'; p++)
					continue;
			}
		}
	}
	if (*p == 'Z' || *p == 'z') {
		zone = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if (digits(&p, 2, &oh) != 0)
			goto bad;
		if (*p == ':')
			p++;
		if (digits(&p, 2, &om) != 0 || oh > 23 || om > 59)
			goto bad;
		zone = 1;
		offset = sign * (oh * 3600 + om * 60);
	}
	if (*p != '\0' || mon < 1 || mon > 12 || day < 1 || day > 31 ||
	    hour > 23 || min > 59 || sec > 60 || year < 1970)
		goto bad;
	{
		long	y2;
		unsigned m2, d2;

		/* Reject 2026-02-31 and the like. */
		civil_from_days(days_from_civil(year, (unsigned)mon,
		    (unsigned)day), &y2, &m2, &d2);
		if (y2 != year || (int)m2 != mon || (int)d2 != day)
			goto bad;
	}
	if (zone) {
		t = (time_t)days_from_civil(year, (unsigned)mon, (unsigned)day) *
		    SECONDS_PER_DAY + hour * 3600 + min * 60 + sec - offset;
	} else {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = year - 1900;
		tm.tm_mon = mon - 1;
		tm.tm_mday = day;
		tm.tm_hour = hour;
		tm.tm_min = min;
		tm.tm_sec = sec;
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			goto bad;
	}
	if (t < 0 || t > CLOCK_MAX)
		goto bad;
	*out = t;
	return 0;
bad:
	xasprintf(cause, "bad time '%s' (use ISO 8601 like 2026-11-26T09:30, "
	    "or Unix seconds; years 1970 to 9999)", s);
	return -1;
}

/* A time given on the command line or in a setting: local by default. */
int
clock_parse(const char *s, time_t *out, char **cause)
{
	return clock_parse_zone(s, 0, out, cause);
}

/* A time in a file that says its times are UTC when it gives no zone. */
int
clock_parse_utc(const char *s, time_t *out, char **cause)
{
	return clock_parse_zone(s, 1, out, cause);
}

/*
 * The day number of a time: days since 1970-01-01 in the local calendar,
 * where a day starts at the rollover hour.
 */
int
clock_day(time_t t, int rollover)
{
	struct tm	tm;
	time_t		shifted = t - (time_t)rollover * 3600;

	if (localtime_r(&shifted, &tm) == NULL)
		return 0;
	return (int)days_from_civil(tm.tm_year + 1900,
	    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

/* When a day begins: its date at the rollover hour, local time. */
time_t
clock_day_start(int day, int rollover)
{
	struct tm	tm;
	long		y;
	unsigned	m, d;

	civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = rollover;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* A day number as YYYY-MM-DD. */
char *
clock_day_string(int day)
{
	long		 y;
	unsigned	 m, d;
	char		*s;

	civil_from_days(day, &y, &m, &d);
	xasprintf(&s, "%04ld-%02u-%02u", y, m, d);
	return s;
}

/* A time in local time as strftime formats it ("?" if it cannot). */
char *
clock_format(time_t t, const char *format)
{
	struct tm	tm;
	char		buf[128];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof buf, format, &tm) == 0)
		return xstrdup("?");
	return xstrdup(buf);
}

/* A time as ISO 8601 in UTC, to the second: 2024-03-29T20:32:32+00:00. */
char *
clock_utc_string(time_t t)
{
	long		 y, days = (long)(t / SECONDS_PER_DAY);
	long		 secs = (long)(t % SECONDS_PER_DAY);
	unsigned	 m, d;
	char		*s;

	if (secs < 0) {
		secs += SECONDS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	xasprintf(&s, "%04ld-%02u-%02uT%02ld:%02ld:%02ld+00:00", y, m, d,
	    secs / 3600, secs / 60 % 60, secs % 60);
	return s;
}

/* A time as ISO 8601 in local time with its offset. */
char *
clock_time_string(time_t t)
{
	struct tm	tm;
	char		buf[64];
	size_t		n;

	if (localtime_r(&t, &tm) == NULL)
		return xstrdup("?");
	n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
	if (n >= 5) {
		/* +0100 -> +01:00 */
		memmove(buf + n - 1, buf + n - 2, 3);
		buf[n - 2] = ':';
	}
	return xstrdup(buf);
}
