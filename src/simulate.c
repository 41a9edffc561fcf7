/*
 * The simulation behind "simulate", a pure core: a person whose memory
 * is a fitted recall model learns a set of cards, a number of new ones a
 * day, and answers every card on its due day for some days, while SM-2
 * (its textbook intervals, or times an interval modifier) or the recall
 * model aimed at a retention sets the due days.  Whether each answer is
 * recalled is drawn from the memory model's prediction, and its grade
 * from the person's own grades; the draws depend on the card and its
 * answer's place only, so every scheduler meets the same luck.  It is
 * deterministic.
 *
 * Its retention is that of the reviews a scheduler aims: those after a
 * recall.  A forgotten card comes back the next day whatever aims the
 * rest (SM-2's relearning), so the retention of all reviews is lower by
 * what those relearning answers weigh; both are given.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* One card of the simulation. */
struct sim_card {
	struct sm2_card	 c;
	int		 last_grade;
	int		 answers;	/* that moved the schedule */
	int		 recalled;
};

/* A uniform number in [0, 1) for a card's nth draw of a kind. */
static double
sim_uniform(uint64_t seed, int card, int n, int kind)
{
	uint64_t x = seed ^ ((uint64_t)card * 0x9e3779b97f4a7c15ULL) ^
	    ((uint64_t)n << 32) ^ ((uint64_t)kind << 56);

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (double)(x >> 11) / 9007199254740992.0;
}

/*
 * A grade drawn from counts[from..to] (each grade's share of the
 * person's answers), or def when they have none.
 */
static int
sim_grade(const long counts[6], int from, int to, int def, double u)
{
	long	total = 0, run = 0;
	int	g;

	for (g = from; g <= to; g++)
		total += counts[g] > 0 ? counts[g] : 0;
	if (total == 0)
		return def;
	for (g = from; g <= to; g++) {
		run += counts[g] > 0 ? counts[g] : 0;
		if (u * (double)total < (double)run)
			return g;
	}
	return to;
}

/* Answer a card with grade on day today, as the configured scheduler. */
static void
sim_answer(const struct sim_config *cfg, struct sim_card *s, int id,
    int grade, int today)
{
	struct sm2_params	 p;
	struct sm2_outcome	 o;
	struct sm2_card		 next;
	struct model_obs	 obs;
	long			 days;

	memset(&p, 0, sizeof p);
	p.card = id + 1;
	sm2_answer(&s->c, &p, grade, today, &next, &o);
	if (grade >= 3 && cfg->scheduler != NULL) {
		model_obs_set(&obs, &next.state, 0, grade, s->answers + 1,
		    s->recalled + 1);
		p.target = model_days(cfg->scheduler, &obs, cfg->retention);
	} else if (grade >= 3 && cfg->modifier != 1) {
		days = lround(next.state.interval * cfg->modifier);
		p.target = days < 1 ? 1 : days > SM2_MAX_INTERVAL ?
		    SM2_MAX_INTERVAL : (int)days;
	}
	p.fuzz = cfg->fuzz;
	sm2_answer(&s->c, &p, grade, today, &next, &o);
	s->c = next;
	s->last_grade = grade;
	s->answers++;
	s->recalled += grade >= 3;
}

/*
 * Run the simulation; 0 with *r set, or -1 if the configuration cannot
 * run (no memory model, no cards or days).
 */
int
simulate_run(const struct sim_config *cfg, struct sim_result *r)
{
	struct sim_card		*cards;
	struct model_obs	 obs;
	int			 day, i, introduced = 0, today_answers, grade;
	int			 aimed;
	double			 p;

	memset(r, 0, sizeof *r);
	if (cfg->memory == NULL || cfg->cards < 1 || cfg->days < 1 ||
	    cfg->new_per_day < 1)
		return -1;
	cards = xreallocarray(NULL, (size_t)cfg->cards, sizeof *cards);
	for (day = 0; day < cfg->days; day++) {
		today_answers = 0;
		for (i = 0; i < introduced; i++) {
			struct sim_card *s = &cards[i];

			if (s->c.due > day)
				continue;
			model_obs_set(&obs, &s->c.state, day - s->c.last_day,
			    s->last_grade, s->answers, s->recalled);
			p = model_predict(cfg->memory, &obs);
			r->expected += p;
			aimed = s->last_grade >= 3;
			r->aimed += aimed;
			if (sim_uniform(cfg->seed, i, s->answers, 0) < p) {
				grade = sim_grade(cfg->review_grades, 3, 5, 4,
				    sim_uniform(cfg->seed, i, s->answers, 1));
				r->recalled++;
				r->aimed_recalled += aimed;
			} else
				grade = sim_grade(cfg->review_grades, 0, 2, 1,
				    sim_uniform(cfg->seed, i, s->answers, 1));
			sim_answer(cfg, s, i, grade, day);
			r->reviews++;
			today_answers++;
		}
		for (; introduced < cfg->cards && introduced <
		    (day + 1) * cfg->new_per_day; introduced++) {
			struct sim_card *s = &cards[introduced];

			memset(s, 0, sizeof *s);
			s->c.state.ease = cfg->ease;
			s->c.due = -1;
			s->c.last_day = -1;
			s->last_grade = -1;
			grade = sim_grade(cfg->first_grades, 0, 5, 4,
			    sim_uniform(cfg->seed, introduced, 0, 2));
			sim_answer(cfg, s, introduced, grade, day);
			r->first++;
			today_answers++;
		}
		if (today_answers > r->peak)
			r->peak = today_answers;
	}
	free(cards);
	r->cards = introduced;
	r->answers = r->first + r->reviews;
	r->retention = r->reviews > 0 ? (double)r->recalled /
	    (double)r->reviews : 0;
	r->predicted = r->reviews > 0 ? r->expected / (double)r->reviews : 0;
	r->aimed_retention = r->aimed > 0 ? (double)r->aimed_recalled /
	    (double)r->aimed : 0;
	r->per_day = (double)r->answers / cfg->days;
	r->per_card = introduced > 0 ? (double)r->answers / introduced : 0;
	return 0;
}

/*
 * The interval modifier at which SM-2 reaches retention (of the reviews
 * a scheduler aims: after a recall) in this
 * simulation (its scheduler, modifier and retention set here), by
 * bisection over 1/16 to 16 in logarithm; *r is its run.  -1 if it
 * cannot run.
 */
int
simulate_sm2_at(const struct sim_config *base, double retention,
    double *modifier, struct sim_result *r)
{
	struct sim_config	cfg = *base;
	double			lo = log(1.0 / 16), hi = log(16.0), mid;
	int			i;

	cfg.scheduler = NULL;
	for (i = 0; i < 24; i++) {
		mid = (lo + hi) / 2;
		cfg.modifier = exp(mid);
		if (simulate_run(&cfg, r) != 0)
			return -1;
		if (r->aimed_retention > retention)
			lo = mid;	/* recalls more: the intervals can grow */
		else
			hi = mid;
	}
	cfg.modifier = exp((lo + hi) / 2);
	*modifier = cfg.modifier;
	return simulate_run(&cfg, r);
}
