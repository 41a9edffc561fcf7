/*
 * The scheduler: SM-2 as the npm package "supermemo" and srs-benchmark's
 * SM-2 model compute it, with fuzz, a maximum interval, leeches and
 * SM-2's same-day rule on top.  Pure: no I/O, no clock, no globals.
 */

#include "config.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "recall.h"

/*
 * SM-2's core step: the state after answering with a grade (0-5).  EF
 * changes after every answer and never drops below 1.3; a grade of 3 or
 * more grows the interval (1, 6, then the previous interval times the EF
 * from before this answer, rounded); below 3 is a lapse.
 */
void
sm2_next(const struct sm2_state *in, int grade, struct sm2_state *out)
{
	double	q = 5 - grade;
	double	ease;

	*out = *in;
	if (grade >= 3) {
		if (in->repetition == 0)
			out->interval = 1;
		else if (in->repetition == 1)
			out->interval = 6;
		else
			out->interval = (int)round(in->interval * in->ease);
		out->repetition = in->repetition + 1;
	} else {
		out->interval = 1;
		out->repetition = 0;
		out->lapses = in->lapses + 1;
	}
	ease = in->ease + (0.1 - q * (0.08 + q * 0.02));
	out->ease = ease < SM2_MIN_EASE ? SM2_MIN_EASE : ease;
}

/* A 64-bit mix (splitmix64's finalizer): the same input, the same output. */
static uint64_t
sm2_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* How far an interval may be fuzzed either way, in days. */
int
sm2_fuzz_range(int interval)
{
	int r;

	if (interval < SM2_FUZZ_MIN)
		return 0;
	if (interval < 7)
		return 1;
	if (interval < 30) {
		r = (int)round(interval * 0.15);
		return r < 2 ? 2 : r;
	}
	r = (int)round(interval * 0.05);
	return r < 4 ? 4 : r;
}

/*
 * Spread an interval of 3 days or more so that cards learned together do
 * not stay due together.  Deterministic: seeded from the card and how many
 * times it has been scheduled, so a replay gives the same days.
 */
int
sm2_fuzz(int interval, int64_t card, int count)
{
	int		range = sm2_fuzz_range(interval), fuzzed;
	uint64_t	h;

	if (range == 0)
		return interval;
	h = sm2_mix(sm2_mix((uint64_t)card) ^ (uint64_t)(uint32_t)count);
	fuzzed = interval - range + (int)(h % (uint64_t)(2 * range + 1));
	return fuzzed < 1 ? 1 : fuzzed;
}

/*
 * Does this lapse make the card a leech?  At the threshold, and again
 * every half threshold after it (as Anki does); 0 turns leeches off.
 */
int
sm2_leech(int lapses_before, int lapses_after, int threshold)
{
	int every;

	if (threshold <= 0 || lapses_after <= lapses_before ||
	    lapses_after < threshold)
		return 0;
	every = threshold / 2 < 1 ? 1 : threshold / 2;
	return (lapses_after - threshold) % every == 0;
}

/*
 * Set the due day, keeping it inside the days that can be written (the
 * last accepted year): the interval shrinks to fit, to none on the last
 * day, so the interval always says when the card is due.
 */
static void
sm2_cap(struct sm2_card *out, int max_due, int today)
{
	if (max_due > 0 && today + out->state.interval > max_due)
		out->state.interval = max_due - today < 0 ? 0 : max_due - today;
	out->due = today + out->state.interval;
	if (max_due > 0 && out->due > max_due)
		out->due = max_due;
}

/*
 * SM-2's same-day rule, its one home: an answer below 4 brings the card
 * back later the same day, until it is graded 4 or 5; but not an answer
 * that made it a leech, as a leech is suspended.
 */
int
sm2_again_today(int grade, int leech)
{
	return grade < 4 && !leech;
}

/*
 * Answer a card.  The first answer of a day moves the schedule: SM-2, then
 * fuzz (when on), the maximum interval, the due day and leeches.  When
 * the recall model gave a target (p->target days), the due day is that
 * target's, fuzzed, and SM-2's state is left as SM-2 made it.  Later
 * answers the same day (the same-day re-drill of SM-2) change nothing.
 * The outcome says what the answer means for the rest of the day.
 */
void
sm2_answer(const struct sm2_card *in, const struct sm2_params *p,
    int grade, int today, struct sm2_card *out, struct sm2_outcome *o)
{
	int	days;

	*out = *in;
	o->scheduled = in->last_day != today;
	o->leech = 0;
	o->again_today = sm2_again_today(grade, 0);
	if (!o->scheduled)
		return;
	sm2_next(&in->state, grade, &out->state);
	if (p->target > 0) {
		/*
		 * The recall model sets the due day; SM-2's state goes on
		 * as textbook SM-2 (unfuzzed: the fuzz is the due day's).
		 */
		if (out->state.interval > SM2_MAX_INTERVAL)
			out->state.interval = SM2_MAX_INTERVAL;
		days = p->target > SM2_MAX_INTERVAL ? SM2_MAX_INTERVAL :
		    p->target;
		if (p->fuzz)
			days = sm2_fuzz(days, p->card, in->count);
		out->due = today + days;
		if (p->max_due > 0 && out->due > p->max_due)
			out->due = p->max_due > today ? p->max_due : today;
	} else {
		if (p->fuzz)
			out->state.interval = sm2_fuzz(out->state.interval,
			    p->card, in->count);
		if (out->state.interval > SM2_MAX_INTERVAL)
			out->state.interval = SM2_MAX_INTERVAL;
		sm2_cap(out, p->max_due, today);
	}
	out->count = in->count + 1;
	out->last_day = today;
	if (grade >= 3)
		out->passed = 1;
	o->leech = sm2_leech(in->state.lapses, out->state.lapses,
	    p->leech_threshold);
	o->again_today = sm2_again_today(grade, o->leech);
}

/*
 * Parse a grade: 0-5, or again/hard/good/easy (a/h/g/e) for 2-5; words
 * and letters alike in any case (AGAIN and G both work).
 */
int
sm2_parse_grade(const char *s)
{
	static const char *const words[] = { "again", "hard", "good", "easy" };
	int i;

	if (s[0] >= '0' && s[0] <= '5' && s[1] == '\0')
		return s[0] - '0';
	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, words[i]) == 0 ||
		    (tolower((unsigned char)s[0]) == words[i][0] &&
		    s[1] == '\0'))
			return i + 2;
	}
	return -1;
}

/* The word for a grade. */
const char *
sm2_grade_name(int grade)
{
	static const char *const names[] = { "blackout", "wrong", "again",
	    "hard", "good", "easy" };

	return grade >= 0 && grade <= 5 ? names[grade] : "?";
}
