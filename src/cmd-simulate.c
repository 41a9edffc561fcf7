/*
 * simulate: what a retention costs in answers a day for this collection,
 * in a simulation whose memory is the fitted recall model (simulate.c).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_simulate_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_simulate_option_table[] = {
	{ .name = "retention", .value = "R" },
	{ .name = "days", .value = "N" },
	{ .name = "cards", .value = "N" },
	{ .name = "new-per-day", .value = "N" },
	{ .name = NULL }
};

const struct cmd_entry cmd_simulate_entry = {
	.name = "simulate",
	.args = { cmd_simulate_option_table, 0, 0, NULL },
	.help = "Simulate learning this collection's cards for a year (--days) "
	    "with recall drawn from the fitted model: the answers a day and "
	    "the retention each scheduler gives, so you can choose one.",
	.flags = CMD_JSON,
	.exec = cmd_simulate_exec
};

/* The cards simulated by default, at most. */
#define SIMULATE_MAX_CARDS 10000

/* One scheduler's run, for the table. */
struct sim_row {
	char			 name[64];
	const char		*kind;		/* sm2 or model */
	double			 aim;		/* its retention, or 0 */
	double			 modifier;
	struct sim_result	 r;
};

/* An option's number in [min, max], or -1 after saying what is wrong. */
static long long
cmd_simulate_number(struct cmd_ctx *ctx, struct args *args,
    const char *name, long long min, long long max, long long def)
{
	const char	*v = args_get(args, name);
	long long	 n;

	if (v == NULL)
		return def;
	if (parse_int(v, min, max, &n) != 0) {
		cmd_usage(ctx, "simulate: bad --%s '%s' (%lld-%lld)", name, v,
		    min, max);
		return -1;
	}
	return n;
}

static void
cmd_simulate_print(const struct sim_row *rows, size_t n)
{
	size_t	i;

	printf("  %-24s %9s %9s %11s %6s %12s\n", "scheduler", "retention",
	    "(of all)", "answers/day", "peak", "answers/card");
	for (i = 0; i < n; i++)
		printf("  %-24s %9.3f %9.3f %11.1f %6d %12.1f\n", rows[i].name,
		    rows[i].r.aimed_retention, rows[i].r.retention,
		    rows[i].r.per_day, rows[i].r.peak, rows[i].r.per_card);
}

static void
cmd_simulate_json(const struct sim_config *cfg, const struct sim_row *rows,
    size_t n)
{
	struct json	*j = json_create(stdout);
	size_t		 i;

	json_object_begin(j);
	json_kv_int(j, "cards", cfg->cards);
	json_kv_int(j, "new_per_day", cfg->new_per_day);
	json_kv_int(j, "days", cfg->days);
	json_key(j, "runs");
	json_array_begin(j);
	for (i = 0; i < n; i++) {
		json_object_begin(j);
		json_kv_string(j, "scheduler", rows[i].kind);
		if (rows[i].aim > 0)
			json_kv_double(j, "aim", rows[i].aim);
		else {
			json_key(j, "aim");
			json_null(j);
		}
		json_kv_double(j, "modifier", rows[i].modifier);
		json_kv_double(j, "retention", rows[i].r.aimed_retention);
		json_kv_double(j, "retention_all", rows[i].r.retention);
		json_kv_double(j, "predicted_all", rows[i].r.predicted);
		json_kv_int(j, "answers", rows[i].r.answers);
		json_kv_int(j, "reviews", rows[i].r.reviews);
		json_kv_double(j, "per_day", rows[i].r.per_day);
		json_kv_int(j, "peak", rows[i].r.peak);
		json_kv_double(j, "per_card", rows[i].r.per_card);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
	json_free(j);
}

static enum cmd_retval
cmd_simulate_exec(struct cmd_ctx *ctx, struct args *args)
{
	static const int menu[] = { 800, 850, 950 };
	struct store		*st = ctx_store(ctx);
	struct sim_config	 cfg;
	struct sim_row		 rows[8];
	struct fit_info		 f;
	struct fit_data		 d;
	const char		*v;
	char			*cause = NULL, *stored = NULL;
	long long		 cards, days;
	int64_t			 perday, all;
	size_t			 n = 0, k;
	int			 aim, rc;

	aim = settings_int(st, SETTING_RETENTION);
	if ((v = args_get(args, "retention")) != NULL) {
		if (settings_parse(SETTING_RETENTION, v, &stored,
		    &cause) != 0) {
			cmd_usage(ctx, "simulate: %s", cause);
			free(cause);
			return CMD_RETURN_USAGE;
		}
		aim = settings_value(SETTING_RETENTION, stored);
		free(stored);
	}
	if ((days = cmd_simulate_number(ctx, args, "days", 1, 3650,
	    365)) < 0 || (cards = cmd_simulate_number(ctx, args, "cards", 1,
	    1000000, 0)) < 0 || (perday = cmd_simulate_number(ctx, args,
	    "new-per-day", 1, 100000, 0)) < 0)
		return CMD_RETURN_USAGE;
	if (store_scan_begin(st, &cause) != 0)
		goto fail;
	if ((rc = fit_load(st, FIT_ALL, &f, &cause)) <= 0) {
		store_scan_end(st);
		if (rc == 0) {
			cmd_error(ctx, "simulate: no fit yet: the simulation "
			    "draws recall from the fitted model (run fit)");
			return CMD_RETURN_ERROR;
		}
		goto fail;
	}
	/* The cards that are reviewed, or else (a log brought in) all. */
	if (store_query_int(st, "SELECT coalesce(nullif((SELECT count(*) FROM "
	    "cards WHERE suspended = 0), 0), (SELECT count(*) FROM cards))",
	    &all, &cause) != 0 || (perday == 0 && store_query_int(st,
	    "SELECT coalesce(sum(new_per_day), 0) FROM decks WHERE id IN "
	    "(SELECT deck_id FROM cards)", &perday, &cause) != 0) ||
	    fit_read(st, 0, 0, &d, &cause) != 0) {
		store_scan_end(st);
		goto fail;
	}
	store_scan_end(st);
	memset(&cfg, 0, sizeof cfg);
	memcpy(cfg.first_grades, d.first_grades, sizeof cfg.first_grades);
	memcpy(cfg.review_grades, d.review_grades, sizeof cfg.review_grades);
	fit_data_free(&d);
	if (cards == 0)
		cards = all < 1 ? 1 : all > SIMULATE_MAX_CARDS ?
		    SIMULATE_MAX_CARDS : all;
	cfg.memory = &f.model;
	cfg.cards = (int)cards;
	cfg.new_per_day = perday < 1 ? 1 : (int)perday;
	cfg.days = (int)days;
	cfg.fuzz = 1;
	cfg.ease = 2.5;
	cfg.seed = 0x5eed;
	cfg.modifier = 1;

	/* SM-2 as it is, then SM-2 and the model at the retention. */
	snprintf(rows[n].name, sizeof rows[n].name, "SM-2");
	rows[n].kind = "sm2";
	rows[n].aim = 0;
	rows[n].modifier = 1;
	simulate_run(&cfg, &rows[n++].r);
	rows[n].kind = "sm2";
	rows[n].aim = aim / 1000.0;
	simulate_sm2_at(&cfg, aim / 1000.0, &rows[n].modifier, &rows[n].r);
	snprintf(rows[n].name, sizeof rows[n].name, "SM-2 x%.2f, at %.2f",
	    rows[n].modifier, aim / 1000.0);
	n++;
	cfg.scheduler = &f.model;
	for (k = 0; k <= (v == NULL ? sizeof menu / sizeof menu[0] : 0); k++) {
		cfg.retention = k == 0 ? aim / 1000.0 : menu[k - 1] / 1000.0;
		if (k > 0 && menu[k - 1] == aim)
			continue;
		rows[n].kind = "model";
		rows[n].aim = cfg.retention;
		rows[n].modifier = 1;
		snprintf(rows[n].name, sizeof rows[n].name, "model at %.2f",
		    cfg.retention);
		simulate_run(&cfg, &rows[n++].r);
	}
	if (args_json(ctx, args)) {
		cmd_simulate_json(&cfg, rows, n);
		return CMD_RETURN_NORMAL;
	}
	printf("%d cards%s, %d new a day, for %d days; recall drawn from the "
	    "model fitted on %zu reviews\n", cfg.cards, cards < all ?
	    " (of the collection's, --cards for more)" : "", cfg.new_per_day,
	    cfg.days, f.model.n);
	cmd_simulate_print(rows, n);
	return CMD_RETURN_NORMAL;
fail:
	cmd_error(ctx, "simulate: %s", cause);
	free(cause);
	return CMD_RETURN_ERROR;
}
