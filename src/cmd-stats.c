/*
 * stats: pictures of a person's learning in the terminal, and the same
 * figures as JSON.  Each section is one query bounded by its window; the
 * forecast, the calendar, the retention and the balance read the caches
 * the triggers keep (due_days, daily, retention_days), so their cost does
 * not grow with the collection.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_stats_exec(struct cmd_ctx *, struct args *);

#define STATS_SECTIONS "today,forecast,calendar,retention,balance,layers,cards"

static const struct cmd_option cmd_stats_option_table[] = {
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = "track", .choices = "need,want" },
	{ .name = "days", .value = "N" },
	{ .name = "section", .choices = STATS_SECTIONS },
	{ .name = NULL }
};

const struct cmd_entry cmd_stats_entry = {
	.name = "stats",
	.args = { cmd_stats_option_table, 0, 0, NULL },
	.help = "Your learning as pictures: today, the due forecast, a "
	    "calendar of reviews with streaks, true retention of young and "
	    "mature cards, the need/want balance by week, each deck's layers, "
	    "and the cards: intervals, ease, leeches, lapses, time per "
	    "answer.  --section shows one; --days sets the forecast's and the "
	    "calendar's span.",
	.flags = CMD_JSON,
	.exec = cmd_stats_exec
};

/* The windows retention is shown for, in days. */
static const int stats_windows[] = { 7, 30, 365 };
#define STATS_NWINDOWS ((int)(sizeof stats_windows / sizeof stats_windows[0]))

/* What the figures are of. */
struct stats_ctx {
	struct store	*st;
	const char	*deck;		/* and its subdecks, or NULL */
	const char	*track;		/* "need", "want" or NULL */
	int		 today;
	int		 rollover;
	int		 days;		/* forecast and calendar span */
	int		 width;
	int		 colour;
	int		 utf8;
	struct json	*json;
};

/* The filter every query of a section ends with: ?1 deck, ?2 track. */
#define STATS_FILTER " AND (?1 IS NULL OR " \
	SQL_DECK_OR_BELOW("d.name", "?1") ") AND (?2 IS NULL OR d.track = ?2)"

static sqlite3_stmt *
stats_stmt(struct stats_ctx *s, const char *sql)
{
	sqlite3_stmt *stmt = store_stmt(s->st, sql);

	stmt_bind_text(stmt, 1, s->deck);
	stmt_bind_text(stmt, 2, s->track);
	return stmt;
}

/* Should this track be shown (no --track, or that one)? */
static int
stats_shows(const struct stats_ctx *s, int t)
{
	return s->track == NULL || strcmp(s->track,
	    track_name((enum track)t)) == 0;
}

/* A section's title. */
static void
stats_title(const struct stats_ctx *s, const char *title)
{
	printf("%s%s%s\n", term_style(stdout, "bold"), title,
	    term_style(stdout, "reset"));
	(void)s;
}

/* A line of prose, indented, wrapped to the width (never broken). */
static void PRINTFLIKE(3, 4)
stats_say(const struct stats_ctx *s, int indent, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (text == NULL)
		return;
	printf("  ");
	term_wrap(stdout, text, 2, indent, s->width);
	free(text);
}

/* "n%" of a share, or "-" when there is nothing to share. */
static void
stats_percent(char *buf, size_t size, long part, long whole)
{
	if (whole <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%ld%%", (part * 100 + whole / 2) / whole);
}

/* A duration in milliseconds as "1h 05m", "12m 30s" or "45s". */
static void
stats_duration(char *buf, size_t size, long long ms)
{
	long long sec = ms / 1000;

	if (sec >= 3600)
		snprintf(buf, size, "%lldh %02lldm", sec / 3600,
		    sec / 60 % 60);
	else if (sec >= 60)
		snprintf(buf, size, "%lldm %02llds", sec / 60, sec % 60);
	else
		snprintf(buf, size, "%llds", sec);
}

/* ---- today ---------------------------------------------------------- */

struct stats_today {
	long		 reviewed[TRACK_COUNT];
	long		 fresh[TRACK_COUNT];	/* first answers ever */
	long		 again[TRACK_COUNT];
	long		 correct[TRACK_COUNT];
	long long	 ms[TRACK_COUNT];
	struct due_counts left;
};

static int
stats_today_read(struct stats_ctx *s, struct stats_today *t, char **cause)
{
	static const char sql[] = "SELECT d.track, count(*), "
	    "sum(r.grade < 3), sum(r.grade >= 3), sum(r.duration), "
	    "sum(NOT EXISTS (SELECT 1 FROM reviews AS p "
	    "WHERE p.card_id = r.card_id AND p.id < r.id)) "
	    "FROM reviews AS r JOIN cards AS c ON c.id = r.card_id "
	    "JOIN decks AS d ON d.id = c.deck_id "
	    "WHERE r.time >= ?3 AND r.time < ?4 AND r.day = ?5" STATS_FILTER
	    " GROUP BY d.track";
	sqlite3_stmt	*stmt = stats_stmt(s, sql);
	enum track	 tr;
	int		 rc;

	memset(t, 0, sizeof *t);
	sqlite3_bind_int64(stmt, 3, (int64_t)clock_day_start(s->today,
	    s->rollover));
	sqlite3_bind_int64(stmt, 4, (int64_t)clock_day_start(s->today + 1,
	    s->rollover));
	sqlite3_bind_int(stmt, 5, s->today);
	while ((rc = store_step(s->st, stmt, cause)) == 1) {
		if (track_from_name((const char *)sqlite3_column_text(stmt, 0),
		    &tr) != 0)
			continue;
		t->reviewed[tr] = sqlite3_column_int64(stmt, 1);
		t->again[tr] = sqlite3_column_int64(stmt, 2);
		t->correct[tr] = sqlite3_column_int64(stmt, 3);
		t->ms[tr] = sqlite3_column_int64(stmt, 4);
		t->fresh[tr] = sqlite3_column_int64(stmt, 5);
	}
	sqlite3_reset(stmt);
	if (rc != 0)
		return -1;
	return queue_counts(s->st, clock_now(), s->deck, &t->left, cause);
}

static void
stats_today_show(struct stats_ctx *s, const struct stats_today *t)
{
	struct json	*j = s->json;
	char		 pct[16], dur[32];
	int		 i;

	if (j != NULL) {
		json_key(j, "today");
		json_object_begin(j);
		for (i = 0; i < TRACK_COUNT; i++) {
			if (!stats_shows(s, i))
				continue;
			json_key(j, track_name((enum track)i));
			json_object_begin(j);
			json_kv_int(j, "reviewed", t->reviewed[i]);
			json_kv_int(j, "new", t->fresh[i]);
			json_kv_int(j, "again", t->again[i]);
			json_kv_int(j, "correct", t->correct[i]);
			json_kv_int(j, "milliseconds", t->ms[i]);
			json_kv_int(j, "due_left", t->left.due[i]);
			json_kv_int(j, "new_left", t->left.fresh[i]);
			json_kv_int(j, "again_left", t->left.again[i]);
			json_object_end(j);
		}
		json_object_end(j);
		return;
	}
	stats_title(s, "Today");
	for (i = 0; i < TRACK_COUNT; i++) {
		if (!stats_shows(s, i))
			continue;
		stats_percent(pct, sizeof pct, t->correct[i], t->reviewed[i]);
		stats_duration(dur, sizeof dur, t->ms[i]);
		stats_say(s, 4, "%s: %ld reviewed (%ld new, %ld again), %s "
		    "correct, %s; left: %d due, %d new, %d again",
		    track_name((enum track)i), t->reviewed[i], t->fresh[i],
		    t->again[i], pct, dur, t->left.due[i], t->left.fresh[i],
		    t->left.again[i]);
	}
}

/* ---- forecast -------------------------------------------------------- */

struct stats_forecast {
	long	 overdue;
	long	*due;		/* by day from today, days of them */
	long	 total;
};

static int
stats_forecast_read(struct stats_ctx *s, struct stats_forecast *f,
    char **cause)
{
	/* due_days: unsuspended cards by deck and due day, kept by triggers. */
	static const char sql[] = "SELECT x.due - ?3, sum(x.cards) "
	    "FROM due_days AS x JOIN decks AS d ON d.id = x.deck_id "
	    "WHERE x.due < ?3 + ?4" STATS_FILTER " GROUP BY x.due";
	sqlite3_stmt	*stmt = stats_stmt(s, sql);
	long		 k, n;
	int		 rc;

	memset(f, 0, sizeof *f);
	f->due = xcalloc((size_t)s->days, sizeof *f->due);
	sqlite3_bind_int(stmt, 3, s->today);
	sqlite3_bind_int(stmt, 4, s->days);
	while ((rc = store_step(s->st, stmt, cause)) == 1) {
		k = sqlite3_column_int64(stmt, 0);
		n = sqlite3_column_int64(stmt, 1);
		if (k < 0)
			f->overdue += n;
		else if (k < s->days)
			f->due[k] += n;
	}
	sqlite3_reset(stmt);
	for (k = 0; k < s->days; k++)
		f->total += f->due[k];
	return rc == 0 ? 0 : -1;
}

/* One eighth-block (or ASCII) cell of a bar this many eighths high. */
static const char *
stats_block(const struct stats_ctx *s, int eighths)
{
	static const char *const blocks[] = { " ", "\xe2\x96\x81",
	    "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85",
	    "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char *const ascii[] = { " ", ".", ".", "_", "_", "=",
	    "=", "#", "#" };

	if (eighths < 0)
		eighths = 0;
	if (eighths > 8)
		eighths = 8;
	return s->utf8 ? blocks[eighths] : ascii[eighths];
}

/*
 * A vertical bar chart of n values, rows high, each bar cw columns wide,
 * with the largest value on its top line.
 */
static void
stats_columns(const struct stats_ctx *s, const long *v, int n, int cw,
    int rows)
{
	struct buf	 b;
	long		 max = 0;
	int		 i, r, k, eighths, label;
	char		 top[32];

	buf_init(&b);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	snprintf(top, sizeof top, "%ld", max);
	label = (int)strlen(top);
	for (r = rows - 1; r >= 0; r--) {
		buf_reset(&b);
		buf_printf(&b, "  %*s ", label, r == rows - 1 ? top : r == 0 ?
		    "0" : "");
		for (i = 0; i < n; i++) {
			eighths = max == 0 ? 0 : (int)((v[i] * rows * 8 +
			    max / 2) / max) - r * 8;
			if (r == 0 && v[i] > 0 && eighths < 1)
				eighths = 1;
			for (k = 0; k < cw; k++)
				buf_puts(&b, stats_block(s, eighths));
		}
		/* No blanks at the end of a line. */
		while (b.len > 0 && b.data[b.len - 1] == ' ')
			b.data[--b.len] = '\0';
		printf("%s\n", b.data);
	}
	buf_free(&b);
}

static void
stats_forecast_show(struct stats_ctx *s, const struct stats_forecast *f)
{
	struct json	*j = s->json;
	char		 top[32];
	int		 i, cw, shown, label;
	long		 max = 0;

	if (j != NULL) {
		json_key(j, "forecast");
		json_object_begin(j);
		json_kv_int(j, "overdue", f->overdue);
		json_key(j, "due");
		json_array_begin(j);
		for (i = 0; i < s->days; i++)
			json_int(j, f->due[i]);
		json_array_end(j);
		json_kv_double(j, "per_day", s->days > 0 ?
		    (double)(f->total + f->overdue) / s->days : 0);
		json_object_end(j);
		return;
	}
	for (i = 0; i < s->days; i++)
		if (f->due[i] > max)
			max = f->due[i];
	label = snprintf(top, sizeof top, "%ld", max);
	stats_title(s, "Forecast");
	stats_say(s, 4, "due in the next %d days: %ld, about %.1f a day; "
	    "overdue now: %ld", s->days, f->total, s->days > 0 ?
	    (double)(f->total + f->overdue) / s->days : 0.0, f->overdue);
	/* As many days as fit, each as wide as the width allows (up to 3). */
	shown = s->days;
	cw = (s->width - label - 4) / (shown > 0 ? shown : 1);
	if (cw > 3)
		cw = 3;
	if (cw < 1) {
		cw = 1;
		shown = s->width - label - 4;
	}
	if (shown <= 0 || max == 0)
		return;
	stats_columns(s, f->due, shown, cw, 4);
	/* Under the first bar, today; under the last, its day. */
	snprintf(top, sizeof top, "+%d", shown - 1);
	if (shown * cw >= 5 + 1 + (int)strlen(top))
		printf("  %*s %-*s%s\n", label, "", shown * cw -
		    (int)strlen(top), "today", top);
	else
		printf("  %*s today\n", label, "");
}

/* ---- calendar -------------------------------------------------------- */

struct stats_calendar {
	long	*reviews;	/* by day, days of them, the last today */
	int	 current;	/* streak up to today (or yesterday) */
	int	 longest;	/* in the span */
	int	 active;	/* days with a review */
	long	 total;
};

static int
stats_calendar_read(struct stats_ctx *s, struct stats_calendar *c,
    char **cause)
{
	/*
	 * daily: the answers that moved a schedule, by deck and day, kept
	 * by triggers (a failed card's repeats the same day are not more
	 * reviews, as for the daily limits).
	 */
	static const char sql[] = "SELECT x.day, sum(x.reviews + x.fresh) "
	    "FROM daily AS x JOIN decks AS d ON d.id = x.deck_id "
	    "WHERE x.day >= ?3 AND x.day <= ?4" STATS_FILTER
	    " GROUP BY x.day";
	sqlite3_stmt	*stmt = stats_stmt(s, sql);
	int		 first = s->today - s->days + 1, k, run = 0, rc;

	memset(c, 0, sizeof *c);
	c->reviews = xcalloc((size_t)s->days, sizeof *c->reviews);
	sqlite3_bind_int(stmt, 3, first);
	sqlite3_bind_int(stmt, 4, s->today);
	while ((rc = store_step(s->st, stmt, cause)) == 1) {
		k = sqlite3_column_int(stmt, 0) - first;
		if (k >= 0 && k < s->days)
			c->reviews[k] += sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	for (k = 0; k < s->days; k++) {
		c->total += c->reviews[k];
		if (c->reviews[k] > 0) {
			c->active++;
			if (++run > c->longest)
				c->longest = run;
		} else
			run = 0;
	}
	/* Today not done yet does not break the streak. */
	k = s->days - 1;
	if (k >= 0 && c->reviews[k] == 0)
		k--;
	for (; k >= 0 && c->reviews[k] > 0; k--)
		c->current++;
	return rc == 0 ? 0 : -1;
}

/* How dark a day is: 0 for none, 1-4 by its share of the busiest. */
static int
stats_shade(long n, long max)
{
	if (n <= 0 || max <= 0)
		return 0;
	return 1 + (int)((n * 4 - 1) / max);
}

static void
stats_calendar_show(struct stats_ctx *s, const struct stats_calendar *c)
{
	static const char *const shades[] = { "\xc2\xb7", "\xe2\x96\x91",
	    "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88" };
	static const char *const ascii[] = { ".", ":", "+", "*", "#" };
	static const char *const colours[] = { "\033[38;5;238m",
	    "\033[38;5;22m", "\033[38;5;28m", "\033[38;5;34m",
	    "\033[38;5;46m" };
	static const char *const names[] = { "Mon", "", "Wed", "", "Fri", "",
	    "Sun" };
	struct json	*j = s->json;
	char		*date;
	long		 max = 0;
	int		 first = s->today - s->days + 1, weeks, shown, wd, w, k;
	int		 col0, shade;

	if (j != NULL) {
		json_key(j, "calendar");
		json_object_begin(j);
		json_kv_int(j, "days", s->days);
		json_kv_int(j, "reviews", c->total);
		json_kv_int(j, "active_days", c->active);
		json_kv_int(j, "current_streak", c->current);
		json_kv_int(j, "longest_streak", c->longest);
		json_key(j, "by_day");
		json_array_begin(j);
		for (k = 0; k < s->days; k++) {
			if (c->reviews[k] == 0)
				continue;
			json_object_begin(j);
			date = clock_day_string(first + k);
			json_kv_string(j, "day", date);
			free(date);
			json_kv_int(j, "reviews", c->reviews[k]);
			json_object_end(j);
		}
		json_array_end(j);
		json_object_end(j);
		return;
	}
	for (k = 0; k < s->days; k++)
		if (c->reviews[k] > max)
			max = c->reviews[k];
	stats_title(s, "Calendar");
	stats_say(s, 4, "%ld review%s on %d of the last %d days; streak: %d "
	    "day%s (longest %d)", c->total, c->total == 1 ? "" : "s",
	    c->active, s->days, c->current, c->current == 1 ? "" : "s",
	    c->longest);
	/* Day numbers are days since 1970-01-01, a Thursday: Monday is 0. */
	col0 = (first + 3) % 7;
	weeks = (col0 + s->days + 6) / 7;
	shown = s->width - 7;
	if (shown > weeks)
		shown = weeks;
	if (shown <= 0)
		return;
	for (wd = 0; wd < 7; wd++) {
		printf("  %-4s", names[wd]);
		for (w = weeks - shown; w < weeks; w++) {
			k = w * 7 + wd - col0;
			if (k >= s->days)
				break;		/* days to come: nothing */
			if (k < 0) {
				putchar(' ');
				continue;
			}
			shade = stats_shade(c->reviews[k], max);
			if (s->colour)
				printf("%s%s\033[0m", colours[shade],
				    s->utf8 ? "\xe2\x96\xa0" : "#");
			else
				fputs(s->utf8 ? shades[shade] : ascii[shade],
				    stdout);
		}
		putchar('\n');
	}
}

/* ---- retention ------------------------------------------------------- */

/* Recalled and total first answers of a day, young and mature, by window. */
struct stats_ret {
	char	*name;			/* deck, or NULL */
	long	 ok[2][STATS_NWINDOWS];
	long	 n[2][STATS_NWINDOWS];
};

struct stats_retention {
	struct stats_ret	 all;
	struct stats_ret	 track[TRACK_COUNT];
	struct stats_ret	*decks;
	size_t			 ndecks, cap;
};

static void
stats_ret_add(struct stats_ret *r, const long *v, int age)
{
	int w, m;

	for (w = 0; w < STATS_NWINDOWS; w++) {
		if (age >= stats_windows[w])
			continue;
		for (m = 0; m < 2; m++) {
			r->n[m][w] += v[2 * m];
			r->ok[m][w] += v[2 * m + 1];
		}
	}
}

static int
stats_retention_read(struct stats_ctx *s, struct stats_retention *rt,
    char **cause)
{
	/* retention_days: kept by the log's triggers, by deck and day. */
	static const char sql[] = "SELECT d.track, d.name, x.day, x.young, "
	    "x.young_ok, x.mature, x.mature_ok FROM retention_days AS x "
	    "JOIN decks AS d ON d.id = x.deck_id "
	    "WHERE x.day > ?3 AND x.day <= ?4" STATS_FILTER
	    " ORDER BY d.name";
	sqlite3_stmt	*stmt = stats_stmt(s, sql);
	const char	*name;
	enum track	 tr;
	long		 v[4];
	int		 rc, age, k;

	memset(rt, 0, sizeof *rt);
	sqlite3_bind_int(stmt, 3, s->today - stats_windows[STATS_NWINDOWS - 1]);
	sqlite3_bind_int(stmt, 4, s->today);
	while ((rc = store_step(s->st, stmt, cause)) == 1) {
		name = (const char *)sqlite3_column_text(stmt, 1);
		age = s->today - sqlite3_column_int(stmt, 2);
		for (k = 0; k < 4; k++)
			v[k] = (long)sqlite3_column_int64(stmt, 3 + k);
		stats_ret_add(&rt->all, v, age);
		if (track_from_name((const char *)sqlite3_column_text(stmt, 0),
		    &tr) == 0)
			stats_ret_add(&rt->track[tr], v, age);
		if (rt->ndecks == 0 ||
		    strcmp(rt->decks[rt->ndecks - 1].name, name) != 0) {
			rt->decks = xgrow(rt->decks, &rt->cap, rt->ndecks,
			    sizeof *rt->decks);
			memset(&rt->decks[rt->ndecks], 0, sizeof *rt->decks);
			rt->decks[rt->ndecks++].name = xstrdup(name);
		}
		stats_ret_add(&rt->decks[rt->ndecks - 1], v, age);
	}
	sqlite3_reset(stmt);
	return rc == 0 ? 0 : -1;
}

static void
stats_ret_json(struct json *j, const struct stats_ret *r)
{
	static const char *const kinds[] = { "young", "mature" };
	char	key[16];
	int	m, w;

	json_object_begin(j);
	for (m = 0; m < 2; m++) {
		json_key(j, kinds[m]);
		json_object_begin(j);
		for (w = 0; w < STATS_NWINDOWS; w++) {
			snprintf(key, sizeof key, "%d", stats_windows[w]);
			json_key(j, key);
			json_object_begin(j);
			json_kv_int(j, "recalled", r->ok[m][w]);
			json_kv_int(j, "reviews", r->n[m][w]);
			json_object_end(j);
		}
		json_object_end(j);
	}
	json_object_end(j);
}

/* One line of the table: a label, then as many windows as fit. */
static void
stats_ret_row(const struct stats_ctx *s, const char *label, int labelw,
    const struct stats_ret *r, int m, int nwin)
{
	char	pct[16], cell[48], *padded = utf8_pad(label, labelw);
	int	w;

	printf("  %s", padded);
	free(padded);
	for (w = 0; w < nwin; w++) {
		stats_percent(pct, sizeof pct, r->ok[m][w], r->n[m][w]);
		snprintf(cell, sizeof cell, "%s %ld/%ld", pct, r->ok[m][w],
		    r->n[m][w]);
		printf("  %15s", cell);
	}
	putchar('\n');
	(void)s;
}

static void
stats_retention_show(struct stats_ctx *s, const struct stats_retention *rt)
{
	static const char *const kinds[] = { "young", "mature" };
	struct json	*j = s->json;
	char		 head[16], *label;
	size_t		 i;
	int		 t, m, w, labelw = 13, nwin;

	if (j != NULL) {
		json_key(j, "retention");
		json_object_begin(j);
		json_kv_int(j, "mature_days", STATS_MATURE);
		json_key(j, "all");
		stats_ret_json(j, &rt->all);
		for (t = 0; t < TRACK_COUNT; t++) {
			if (!stats_shows(s, t))
				continue;
			json_key(j, track_name((enum track)t));
			stats_ret_json(j, &rt->track[t]);
		}
		json_key(j, "decks");
		json_object_begin(j);
		for (i = 0; i < rt->ndecks; i++) {
			json_key(j, rt->decks[i].name);
			stats_ret_json(j, &rt->decks[i]);
		}
		json_object_end(j);
		json_object_end(j);
		return;
	}
	for (i = 0; i < rt->ndecks; i++) {
		w = utf8_width(rt->decks[i].name) + 7;
		if (w > labelw)
			labelw = w;
	}
	if (labelw > s->width / 2)
		labelw = s->width / 2;
	nwin = (s->width - 2 - labelw) / 17;
	if (nwin > STATS_NWINDOWS)
		nwin = STATS_NWINDOWS;
	if (nwin < 1)
		nwin = 1;
	stats_title(s, "Retention");
	stats_say(s, 4, "of each card's first answer of a day, the share "
	    "recalled (grade 3+); mature: an interval of %d+ days",
	    STATS_MATURE);
	printf("  %*s", labelw, "");
	for (w = 0; w < nwin; w++) {
		snprintf(head, sizeof head, "%d days", stats_windows[w]);
		printf("  %15s", head);
	}
	putchar('\n');
	for (m = 0; m < 2; m++)
		stats_ret_row(s, kinds[m], labelw, &rt->all, m, nwin);
	for (t = 0; t < TRACK_COUNT && s->track == NULL; t++) {
		for (m = 0; m < 2; m++) {
			xasprintf(&label, "%s %s", track_name((enum track)t),
			    kinds[m]);
			stats_ret_row(s, label, labelw, &rt->track[t], m, nwin);
			free(label);
		}
	}
	for (i = 0; i < rt->ndecks; i++) {
		for (m = 0; m < 2; m++) {
			if (rt->decks[i].n[m][STATS_NWINDOWS - 1] == 0)
				continue;
			xasprintf(&label, "%s %s", rt->decks[i].name,
			    kinds[m]);
			stats_ret_row(s, label, labelw, &rt->decks[i], m,
			    nwin);
			free(label);
		}
	}
}

static void
stats_retention_free(struct stats_retention *rt)
{
	size_t i;

	for (i = 0; i < rt->ndecks; i++)
		free(rt->decks[i].name);
	free(rt->decks);
}

/* ---- layers ---------------------------------------------------------- */

/* Each deck's layers, skim to deepen: how much of each is passed. */
static int
stats_layers_show(struct stats_ctx *s, char **cause)
{
	struct deck		**decks;
	struct layer_stats	  ls[LAYER_COUNT];
	struct json		 *j = s->json;
	char			 *name;
	int			  n, i, l, shown = 0, namew = 0, barw;

	if ((decks = deck_list(s->st, s->deck, &n, cause)) == NULL &&
	    *cause != NULL)
		return -1;
	if (j != NULL) {
		json_key(j, "layers");
		json_object_begin(j);
	} else
		stats_title(s, "Layers");
	for (i = 0; i < n; i++) {
		if (s->track != NULL && strcmp(track_name(decks[i]->track),
		    s->track) != 0)
			continue;
		if (utf8_width(decks[i]->name) > namew)
			namew = utf8_width(decks[i]->name);
	}
	if (namew > s->width / 3)
		namew = s->width / 3;
	if (namew < 4)
		namew = 4;
	barw = (s->width - 2 - namew - 3 * 6) / 3;
	if (barw > 12)
		barw = 12;
	if (barw < 0)
		barw = 0;
	if (j == NULL && n > 0) {
		/* The layers' names over their columns. */
		printf("  %*s", namew, "");
		for (l = 0; l < LAYER_COUNT && barw + 5 >= 7; l++)
			printf(" %-*s", l == LAYER_COUNT - 1 ? 0 : barw + 5,
			    layer_name((enum layer)l));
		printf("\n");
	}
	for (i = 0; i < n; i++) {
		if (s->track != NULL && strcmp(track_name(decks[i]->track),
		    s->track) != 0)
			continue;
		if (deck_layer_stats(s->st, decks[i]->id, ls, cause) != 0) {
			deck_list_free(decks, n);
			return -1;
		}
		if (j != NULL) {
			json_key(j, decks[i]->name);
			json_object_begin(j);
			for (l = 0; l < LAYER_COUNT; l++) {
				json_key(j, layer_name((enum layer)l));
				json_object_begin(j);
				json_kv_int(j, "cards", ls[l].cards);
				json_kv_int(j, "passed", ls[l].passed);
				json_kv_int(j, "percent",
				    layer_percent(&ls[l]));
				json_object_end(j);
			}
			json_object_end(j);
			continue;
		}
		shown++;
		name = utf8_pad(decks[i]->name, namew);
		printf("  %s", name);
		free(name);
		for (l = 0; l < LAYER_COUNT; l++) {
			putchar(' ');
			if (barw > 0)
				term_bar(stdout, ls[l].cards > 0 ?
				    (double)ls[l].passed / ls[l].cards : 0,
				    barw);
			if (ls[l].cards > 0)
				printf(" %3d%%", layer_percent(&ls[l]));
			else
				printf("    -");
		}
		putchar('\n');
	}
	if (j != NULL)
		json_object_end(j);
	else if (shown == 0)
		printf("  no decks\n");
	deck_list_free(decks, n);
	return 0;
}

/* ---- balance by week -------------------------------------------------- */

#define STATS_WEEKS 8

/* Review time by track, week by week back from today (week 0). */
struct stats_balance {
	long long	 ms[STATS_WEEKS][TRACK_COUNT];
	int		 need;		/* the need track's target, percent */
};

static int
stats_balance_read(struct stats_ctx *s, struct stats_balance *b, char **cause)
{
	/* daily: the time of every answer, by deck and day. */
	static const char sql[] = "SELECT (?3 - x.day) / 7, d.track, "
	    "sum(x.ms) FROM daily AS x JOIN decks AS d ON d.id = x.deck_id "
	    "WHERE x.day > ?3 - ?5 AND x.day <= ?3"
	    " AND (?1 IS NULL OR " SQL_DECK_OR_BELOW("d.name", "?1") ")"
	    " GROUP BY 1, 2";
	sqlite3_stmt	*stmt = stats_stmt(s, sql);
	enum track	 tr;
	int		 w, rc;

	memset(b, 0, sizeof *b);
	b->need = queue_need_share(s->st);
	sqlite3_bind_int(stmt, 3, s->today);
	sqlite3_bind_int(stmt, 5, STATS_WEEKS * 7);
	while ((rc = store_step(s->st, stmt, cause)) == 1) {
		w = sqlite3_column_int(stmt, 0);
		if (w < 0 || w >= STATS_WEEKS ||
		    track_from_name((const char *)sqlite3_column_text(stmt, 1),
		    &tr) != 0)
			continue;
		b->ms[w][tr] = sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	return rc == 0 ? 0 : -1;
}

static void
stats_balance_show(struct stats_ctx *s, const struct stats_balance *b)
{
	struct json	*j = s->json;
	char		*from, dur[32];
	long long	 total;
	int		 w, barw;

	if (j != NULL) {
		json_key(j, "balance");
		json_object_begin(j);
		json_kv_int(j, "need_target", b->need);
		json_key(j, "weeks");
		json_array_begin(j);
		for (w = STATS_WEEKS - 1; w >= 0; w--) {
			json_object_begin(j);
			from = clock_day_string(s->today - w * 7 - 6);
			json_kv_string(j, "from", from);
			free(from);
			json_kv_int(j, "need_milliseconds", b->ms[w][TRACK_NEED]);
			json_kv_int(j, "want_milliseconds", b->ms[w][TRACK_WANT]);
			json_object_end(j);
		}
		json_array_end(j);
		json_object_end(j);
		return;
	}
	stats_title(s, "Balance");
	stats_say(s, 4, "the need track's share of review time, week by week "
	    "(7 days to today); the mark is its target, %d%%", b->need);
	barw = s->width - 2 - 10 - 2 - 5 - 2 - 8;
	if (barw > 40)
		barw = 40;
	for (w = STATS_WEEKS - 1; w >= 0; w--) {
		from = clock_day_string(s->today - w * 7 - 6);
		total = b->ms[w][TRACK_NEED] + b->ms[w][TRACK_WANT];
		printf("  %s", from);
		free(from);
		if (total == 0) {
			printf("  no reviews\n");
			continue;
		}
		if (barw >= 5) {
			printf("  ");
			term_bar_marked(stdout, (double)b->ms[w][TRACK_NEED] /
			    total, b->need / 100.0, barw);
		}
		stats_duration(dur, sizeof dur, total);
		printf(" %3lld%% %s\n", (b->ms[w][TRACK_NEED] * 100 + total / 2) /
		    total, dur);
	}
}

/* ---- the cards: intervals, ease, leeches, lapses, time ---------------- */

/*
 * The buckets' names.  Their bounds are the generated columns ivl_bucket
 * and ease_bucket of schema.sql (migration 15), which card_buckets counts
 * by: these say them in words.
 */
static const char *const stats_ivl_names[] = { "1 day", "2-3 days",
    "4-7 days", "1-2 weeks", "2-4 weeks", "1-3 months", "3-6 months",
    "6-12 months", "a year+" };
#define STATS_NIVL 9
static const char *const stats_ease_names[] = { "1.3-1.7", "1.7-2.1",
    "2.1-2.5", "2.5-2.9", "2.9+" };
#define STATS_NEASE 5
#define STATS_TOP 5
#define STATS_LEECHES 20	/* the leeches named, by id */

struct stats_worst {
	int64_t	 id;
	int	 lapses;
	int	 leech;
	char	*front;
};

struct stats_cards {
	long			 ivl[STATS_NIVL];
	long			 ease[STATS_NEASE];
	long			 leeches;
	int64_t			 leech_ids[STATS_LEECHES];
	int			 nleech_ids;
	struct stats_worst	 worst[STATS_TOP];
	int			 nworst;
	long			 answers;	/* of the last 30 days */
	long long		 ms;
};

static int
stats_cards_read(struct stats_ctx *s, struct stats_cards *c, char **cause)
{
	/* card_buckets: the cards in review, kept by the cards' triggers. */
	static const char dist_sql[] = "SELECT x.ivl, x.ease, sum(x.cards) "
	    "FROM card_buckets AS x JOIN decks AS d ON d.id = x.deck_id "
	    "WHERE 1" STATS_FILTER " GROUP BY x.ivl, x.ease";
	static const char leech_sql[] = "SELECT c.id FROM cards AS c "
	    "INDEXED BY cards_leech JOIN decks AS d ON d.id = c.deck_id "
	    "WHERE c.leech = 1" STATS_FILTER " ORDER BY c.id";
	static const char worst_sql[] = "SELECT c.id, c.lapses, c.leech, "
	    "c.front FROM cards AS c INDEXED BY cards_lapses "
	    "JOIN decks AS d ON d.id = c.deck_id WHERE c.lapses > 0"
	    STATS_FILTER " ORDER BY c.lapses DESC, c.id LIMIT 5";
	/* daily: every answer's time, by deck and day. */
	static const char time_sql[] = "SELECT coalesce(sum(x.ms), 0), "
	    "coalesce(sum(x.answers), 0) FROM daily AS x "
	    "JOIN decks AS d ON d.id = x.deck_id "
	    "WHERE x.day > ?3 - 30 AND x.day <= ?3" STATS_FILTER;
	sqlite3_stmt	*stmt;
	int		 rc, ivl, ease;

	memset(c, 0, sizeof *c);
	stmt = stats_stmt(s, dist_sql);
	while ((rc = store_step(s->st, stmt, cause)) == 1) {
		ivl = sqlite3_column_int(stmt, 0);
		ease = sqlite3_column_int(stmt, 1);
		if (ivl >= 0 && ivl < STATS_NIVL)
			c->ivl[ivl] += (long)sqlite3_column_int64(stmt, 2);
		if (ease >= 0 && ease < STATS_NEASE)
			c->ease[ease] += (long)sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	if (rc != 0)
		return -1;
	stmt = stats_stmt(s, leech_sql);
	while ((rc = store_step(s->st, stmt, cause)) == 1) {
		if (c->nleech_ids < STATS_LEECHES)
			c->leech_ids[c->nleech_ids++] =
			    sqlite3_column_int64(stmt, 0);
		c->leeches++;
	}
	sqlite3_reset(stmt);
	if (rc < 0)
		return -1;
	stmt = stats_stmt(s, worst_sql);
	while ((rc = store_step(s->st, stmt, cause)) == 1 &&
	    c->nworst < STATS_TOP) {
		c->worst[c->nworst].id = sqlite3_column_int64(stmt, 0);
		c->worst[c->nworst].lapses = sqlite3_column_int(stmt, 1);
		c->worst[c->nworst].leech = sqlite3_column_int(stmt, 2);
		c->worst[c->nworst++].front = stmt_text(stmt, 3);
	}
	sqlite3_reset(stmt);
	if (rc < 0)
		return -1;
	stmt = stats_stmt(s, time_sql);
	sqlite3_bind_int(stmt, 3, s->today);
	if ((rc = store_step(s->st, stmt, cause)) == 1) {
		c->ms = sqlite3_column_int64(stmt, 0);
		c->answers = (long)sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	return rc < 0 ? -1 : 0;
}

/* Horizontal bars of counts, one a line, labelled. */
static void
stats_rows(const struct stats_ctx *s, const char *const *names,
    const long *v, int n)
{
	char	*label;
	long	 max = 0;
	int	 i, labelw = 0, barw;

	for (i = 0; i < n; i++) {
		if (v[i] > max)
			max = v[i];
		if (utf8_width(names[i]) > labelw)
			labelw = utf8_width(names[i]);
	}
	barw = s->width - 2 - labelw - 2 - 8;
	if (barw > 40)
		barw = 40;
	for (i = 0; i < n; i++) {
		label = utf8_pad(names[i], labelw);
		printf("    %s ", label);
		free(label);
		if (barw >= 5) {
			term_bar(stdout, max > 0 ? (double)v[i] / max : 0,
			    barw - 2);
			putchar(' ');
		}
		printf("%ld\n", v[i]);
	}
}

static void
stats_cards_show(struct stats_ctx *s, const struct stats_cards *c)
{
	struct json	*j = s->json;
	struct buf	 b;
	char		 dur[32], *front;
	int		 i;

	if (j != NULL) {
		json_key(j, "cards");
		json_object_begin(j);
		json_key(j, "intervals");
		json_object_begin(j);
		for (i = 0; i < STATS_NIVL; i++)
			json_kv_int(j, stats_ivl_names[i], c->ivl[i]);
		json_object_end(j);
		json_key(j, "ease");
		json_object_begin(j);
		for (i = 0; i < STATS_NEASE; i++)
			json_kv_int(j, stats_ease_names[i], c->ease[i]);
		json_object_end(j);
		json_kv_int(j, "leeches", c->leeches);
		json_key(j, "leech_ids");
		json_array_begin(j);
		for (i = 0; i < c->nleech_ids; i++)
			json_int(j, c->leech_ids[i]);
		json_array_end(j);
		json_key(j, "most_lapses");
		json_array_begin(j);
		for (i = 0; i < c->nworst; i++) {
			json_object_begin(j);
			json_kv_int(j, "id", c->worst[i].id);
			json_kv_int(j, "lapses", c->worst[i].lapses);
			json_kv_bool(j, "leech", c->worst[i].leech);
			json_kv_string(j, "front", c->worst[i].front);
			json_object_end(j);
		}
		json_array_end(j);
		json_kv_int(j, "answers_30_days", c->answers);
		json_kv_int(j, "milliseconds_30_days", c->ms);
		json_kv_double(j, "mean_milliseconds", c->answers > 0 ?
		    (double)c->ms / c->answers : 0);
		json_object_end(j);
		return;
	}
	stats_title(s, "Cards");
	printf("  intervals (cards in review)\n");
	stats_rows(s, stats_ivl_names, c->ivl, STATS_NIVL);
	printf("  ease\n");
	stats_rows(s, stats_ease_names, c->ease, STATS_NEASE);
	stats_duration(dur, sizeof dur, c->ms);
	stats_say(s, 4, "time per answer (last 30 days): %.1fs on average, "
	    "over %ld answers (%s in all)", c->answers > 0 ?
	    (double)c->ms / c->answers / 1000.0 : 0.0, c->answers, dur);
	if (c->leeches == 0)
		stats_say(s, 4, "leeches: none (cards failed again and again "
		    "are suspended as leeches)");
	else {
		buf_init(&b);
		buf_add(&b, "", 0);
		for (i = 0; i < c->nleech_ids; i++)
			buf_printf(&b, "%s%lld", i == 0 ? "" : ", ",
			    (long long)c->leech_ids[i]);
		stats_say(s, 4, "leeches (failed again and again, suspended): "
		    "%ld, cards %s%s", c->leeches, b.data, c->leeches >
		    c->nleech_ids ? ", ... ('cards --leech' lists them all)" :
		    "");
		buf_free(&b);
	}
	if (c->nworst > 0)
		printf("  most lapses\n");
	for (i = 0; i < c->nworst; i++) {
		front = utf8_truncate(c->worst[i].front, s->width - 40 > 10 ?
		    s->width - 40 : 10);
		printf("    card %lld: %d lapse%s%s  %s\n",
		    (long long)c->worst[i].id, c->worst[i].lapses,
		    c->worst[i].lapses == 1 ? "" : "s", c->worst[i].leech ?
		    " (leech)" : "", front);
		free(front);
	}
}

static void
stats_cards_free(struct stats_cards *c)
{
	int i;

	for (i = 0; i < c->nworst; i++)
		free(c->worst[i].front);
}

/* ---- the command ----------------------------------------------------- */

/* Is this the name of a section, whole? */
static int
stats_section_known(const char *name)
{
	const char	*p = STATS_SECTIONS, *end;
	size_t		 len = strlen(name);

	for (;;) {
		end = strchr(p, ',');
		if ((size_t)((end != NULL ? end : p + strlen(p)) - p) == len &&
		    strncmp(p, name, len) == 0)
			return 1;
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}

/* Is section name one to show (all, or the one --section names)? */
static int
stats_want(const char *section, const char *name)
{
	return section == NULL || strcmp(section, name) == 0;
}

static enum cmd_retval
cmd_stats_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct stats_ctx	 s;
	struct stats_today	 today;
	struct stats_forecast	 fc;
	struct stats_calendar	 cal;
	struct stats_retention	 rt;
	struct stats_balance	 bal;
	struct stats_cards	 cards;
	const char		*value, *section = args_get(args, "section");
	char			*cause = NULL;
	long long		 days = 0;
	enum track		 tr;
	int			 rc = -1, gap = 0;

	memset(&s, 0, sizeof s);
	memset(&fc, 0, sizeof fc);
	memset(&cal, 0, sizeof cal);
	memset(&rt, 0, sizeof rt);
	memset(&cards, 0, sizeof cards);
	s.st = ctx_store(ctx);
	s.deck = args_get(args, "deck");
	if ((value = args_get(args, "track")) != NULL) {
		if (track_from_name(value, &tr) != 0)
			return cmd_usage(ctx, "stats: bad track '%s' (need or "
			    "want)", value);
		s.track = track_name(tr);
	}
	if ((value = args_get(args, "days")) != NULL &&
	    parse_int(value, 1, 3660, &days) != 0)
		return cmd_usage(ctx, "stats: --days takes a number of days "
		    "from 1 to 3660, not '%s'", value);
	if (section != NULL && !stats_section_known(section))
		return cmd_usage(ctx, "stats: no section '%s' (%s)", section,
		    STATS_SECTIONS);
	if (s.deck != NULL && deck_filter_check(ctx, s.deck) != 0)
		return CMD_RETURN_ERROR;
	s.rollover = review_rollover(s.st);
	s.today = review_today(s.st);
	s.width = term_width();
	s.colour = term_colour(stdout);
	s.utf8 = term_utf8();
	if (args_json(ctx, args)) {
		s.json = json_create(stdout);
		json_object_begin(s.json);
		json_kv_string(s.json, "deck", s.deck);
		json_kv_string(s.json, "track", s.track);
	}
	/* One snapshot, read through the page cache: memory stays flat. */
	if (store_read_begin(s.st, &cause) != 0)
		goto out;
	if (stats_want(section, "today")) {
		if (stats_today_read(&s, &today, &cause) != 0)
			goto out;
		stats_today_show(&s, &today);
		gap = 1;
	}
	if (stats_want(section, "forecast")) {
		s.days = days > 0 ? (int)days : 30;
		if (stats_forecast_read(&s, &fc, &cause) != 0)
			goto out;
		if (gap && s.json == NULL)
			putchar('\n');
		stats_forecast_show(&s, &fc);
		gap = 1;
	}
	if (stats_want(section, "calendar")) {
		s.days = days > 0 ? (int)days : 365;
		if (stats_calendar_read(&s, &cal, &cause) != 0)
			goto out;
		if (gap && s.json == NULL)
			putchar('\n');
		stats_calendar_show(&s, &cal);
		gap = 1;
	}
	if (stats_want(section, "retention")) {
		if (stats_retention_read(&s, &rt, &cause) != 0)
			goto out;
		if (gap && s.json == NULL)
			putchar('\n');
		stats_retention_show(&s, &rt);
		gap = 1;
	}
	if (stats_want(section, "balance")) {
		if (stats_balance_read(&s, &bal, &cause) != 0)
			goto out;
		if (gap && s.json == NULL)
			putchar('\n');
		stats_balance_show(&s, &bal);
		gap = 1;
	}
	if (stats_want(section, "layers")) {
		if (gap && s.json == NULL)
			putchar('\n');
		if (stats_layers_show(&s, &cause) != 0)
			goto out;
		gap = 1;
	}
	if (stats_want(section, "cards")) {
		if (stats_cards_read(&s, &cards, &cause) != 0)
			goto out;
		if (gap && s.json == NULL)
			putchar('\n');
		stats_cards_show(&s, &cards);
	}
	rc = 0;
out:
	store_scan_end(s.st);
	if (s.json != NULL) {
		if (rc == 0)
			json_object_end(s.json);
		json_free(s.json);
	}
	free(fc.due);
	free(cal.reviews);
	stats_retention_free(&rt);
	stats_cards_free(&cards);
	if (rc != 0) {
		cmd_error(ctx, "stats: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	return CMD_RETURN_NORMAL;
}
