/*
 * Settings: every setting of the collection, with its type, default, range
 * and help, in one table.  The set command lists, checks and documents
 * from it, and the rest of the code reads a setting through settings_int,
 * so a default is written here and nowhere else.  Adding a setting is an
 * enum setting value and a row.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* The settings, in the order set lists them. */
static const struct setting_def settings_table[SETTING_COUNT] = {
	[SETTING_ROLLOVER] = { "rollover", SETTING_INT, "4", 0, 23,
	    "an hour", "hour (0-23, local time) at which a new day starts",
	    1 },
	[SETTING_SESSION] = { "session", SETTING_DURATION, "off", 0, 0,
	    NULL, "default length of a review session (--time)", 1 },
	[SETTING_WINDOW] = { "window", SETTING_INT, "7", 1, 365, "days",
	    "days the need/want balance looks back", 1 },
	[SETTING_SHARE_NEED] = { "share-need", SETTING_INT, "70", 0, 100,
	    "percent", "target share of review time for the need track "
	    "(set by balance NEED:WANT)", 0 },
	[SETTING_BACKUPS] = { "backups", SETTING_INT, "7", 0, 365,
	    "backups", "daily backups kept in backups/ beside the collection "
	    "(0: none)", 1 },
	[SETTING_SCHEDULER] = { "scheduler", SETTING_CHOICE, "sm2", 0, 0,
	    "sm2|model", "what sets due days: SM-2's intervals, or the recall "
	    "model aimed at the retention (the first fit turns it on)", 1 },
	[SETTING_RETENTION] = { "retention", SETTING_FRACTION, "0.90", 700,
	    970, "0.70-0.97", "the share of reviews you want to recall, "
	    "when the scheduler is the model", 1 },
	[SETTING_FIT_EVERY] = { "fit-every", SETTING_INT, "1000", 0, 1000000,
	    "reviews", "refit the model after this many new reviews, once "
	    "fitted (0: only by fit)", 1 },
	[SETTING_FIT_MIN] = { "fit-min", SETTING_INT, "1000", 100, 1000000,
	    "reviews", "reviews a fit needs; with fewer, SM-2 stays", 1 },
};

/* The place of word among choices "a|b|c", or -1. */
static int
settings_choice(const char *choices, const char *word)
{
	size_t	len = strlen(word), n;
	int	i;

	for (i = 0; *choices != '\0'; i++) {
		n = strcspn(choices, "|");
		if (n == len && len != 0 && strncmp(choices, word, n) == 0)
			return i;
		choices += n;
		if (*choices == '|')
			choices++;
	}
	return -1;
}

/*
 * A fraction as thousandths: "0.9", "0.905" or "90%"; -1 if it is not
 * one or has more than three decimals.
 */
static long long
settings_fraction(const char *s)
{
	double	x;
	char	*end;
	size_t	dot;

	if (*s == '\0' || strchr("0123456789.", *s) == NULL)
		return -1;
	errno = 0;
	x = strtod(s, &end);
	if (errno != 0 || end == s)
		return -1;
	if (strcmp(end, "%") == 0)
		x /= 100;
	else if (*end != '\0')
		return -1;
	else if ((dot = strcspn(s, ".")) < strlen(s) &&
	    strlen(s) - dot - 1 > 3)
		return -1;
	if (!(x >= 0 && x <= 1))
		return -1;
	return llround(x * 1000);
}

/* A setting's row of the table. */
const struct setting_def *
settings_def(enum setting id)
{
	return &settings_table[id];
}

/* Find a setting that set shows and changes, by name; -1 if none. */
int
settings_find(const char *name)
{
	int	i;

	for (i = 0; i < SETTING_COUNT; i++) {
		if (settings_table[i].listed &&
		    strcmp(settings_table[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* The names set knows, for an error: "rollover, session or window". */
char *
settings_names(void)
{
	struct buf	b;
	int		i, n = 0, left = 0;

	for (i = 0; i < SETTING_COUNT; i++)
		left += settings_table[i].listed;
	buf_init(&b);
	for (i = 0; i < SETTING_COUNT; i++) {
		if (!settings_table[i].listed)
			continue;
		if (n > 0)
			buf_puts(&b, n == left - 1 ? " or " : ", ");
		buf_puts(&b, settings_table[i].name);
		n++;
	}
	return buf_steal(&b);
}

/* The names set knows, for completion: "rollover,session,window". */
char *
settings_keys(void)
{
	struct buf	b;
	int		i;

	buf_init(&b);
	buf_add(&b, "", 0);
	for (i = 0; i < SETTING_COUNT; i++) {
		if (!settings_table[i].listed)
			continue;
		if (b.len != 0)
			buf_putc(&b, ',');
		buf_puts(&b, settings_table[i].name);
	}
	return buf_steal(&b);
}

/* Check a value for a setting; the form to store in *out. */
int
settings_parse(enum setting id, const char *value, char **out, char **cause)
{
	const struct setting_def	*def = &settings_table[id];
	long long			 n;
	int				 seconds;

	switch (def->type) {
	case SETTING_INT:
		if (parse_int(value, def->min, def->max, &n) != 0) {
			xasprintf(cause, "bad %s '%s' (%s, %lld-%lld)",
			    def->name, value, def->unit, def->min, def->max);
			return -1;
		}
		xasprintf(out, "%lld", n);
		return 0;
	case SETTING_DURATION:
		if (strcmp(value, "off") == 0 || strcmp(value, "0") == 0) {
			*out = xstrdup("off");
			return 0;
		}
		if (parse_duration(value, &seconds, cause) != 0)
			return -1;
		*out = format_duration(seconds);
		return 0;
	case SETTING_FRACTION:
		n = settings_fraction(value);
		if (n < def->min || n > def->max) {
			xasprintf(cause, "bad %s '%s' (a fraction, %s)",
			    def->name, value, def->unit);
			return -1;
		}
		if (n % 10 == 0)
			xasprintf(out, "%lld.%02lld", n / 1000, n % 1000 / 10);
		else
			xasprintf(out, "%lld.%03lld", n / 1000, n % 1000);
		return 0;
	case SETTING_CHOICE:
		if (settings_choice(def->unit, value) < 0) {
			xasprintf(cause, "bad %s '%s' (%s)", def->name, value,
			    def->unit);
			return -1;
		}
		*out = xstrdup(value);
		return 0;
	}
	xasprintf(cause, "bad %s '%s'", def->name, value);
	return -1;
}

/*
 * A stored value (NULL if unset) as a number: the default when it is unset
 * or does not parse, kept within the range; a duration in seconds, 0 when
 * off.  Pure, so the table's defaults can be tested.
 */
int
settings_value(enum setting id, const char *stored)
{
	const struct setting_def	*def = &settings_table[id];
	long long			 n;
	int				 seconds;
	char				*cause = NULL;

	if (def->type == SETTING_DURATION) {
		if (stored == NULL)
			stored = def->def;
		if (strcmp(stored, "off") == 0 ||
		    parse_duration(stored, &seconds, &cause) != 0) {
			free(cause);
			return 0;
		}
		return seconds;
	}
	if (def->type == SETTING_CHOICE) {
		if (stored == NULL ||
		    (n = settings_choice(def->unit, stored)) < 0)
			n = settings_choice(def->unit, def->def);
		return n < 0 ? 0 : (int)n;
	}
	if (def->type == SETTING_FRACTION) {
		if (stored == NULL || (n = settings_fraction(stored)) < 0)
			n = settings_fraction(def->def);
	} else if (stored == NULL ||
	    parse_int(stored, INT32_MIN, INT32_MAX, &n) != 0) {
		if (parse_int(def->def, INT32_MIN, INT32_MAX, &n) != 0)
			n = def->min;
	}
	if (n < def->min)
		n = def->min;
	if (n > def->max)
		n = def->max;
	return (int)n;
}

/* A setting of the collection as a number (see settings_value). */
int
settings_int(struct store *st, enum setting id)
{
	char	*v = store_setting(st, settings_table[id].name);
	int	 n = settings_value(id, v);

	free(v);
	return n;
}

/* A setting as stored, or its default, to show. */
char *
settings_string(struct store *st, enum setting id)
{
	char	*v = store_setting(st, settings_table[id].name);

	return v != NULL ? v : xstrdup(settings_table[id].def);
}

/* Check and store a setting; the stored form in *out unless out is NULL. */
int
settings_set(struct store *st, enum setting id, const char *value,
    char **out, char **cause)
{
	char	*stored = NULL;

	if (settings_parse(id, value, &stored, cause) != 0)
		return -1;
	if (store_set_setting(st, settings_table[id].name, stored,
	    cause) != 0) {
		free(stored);
		return -1;
	}
	if (out != NULL)
		*out = stored;
	else
		free(stored);
	return 0;
}
