/*
 * fit: fit the recall model to the collection's log and keep it (or,
 * with --show, say what the kept fits are).  doc/MODEL.md.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_fit_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_fit_option_table[] = {
	{ .name = "show" },
	{ .name = NULL }
};

const struct cmd_entry cmd_fit_entry = {
	.name = "fit",
	.args = { cmd_fit_option_table, 0, 0, NULL },
	.help = "Fit the recall model to your review log, so that due days aim "
	    "at the retention you set (--show: the fits kept, without "
	    "fitting).",
	.flags = CMD_JSON,
	.exec = cmd_fit_exec
};

/* The log loss of always predicting the rate k/n. */
static double
cmd_fit_constant(size_t k, size_t n)
{
	double	r;

	if (n == 0 || k == 0 || k == n)
		return 0;
	r = (double)k / (double)n;
	return -(r * log(r) + (1 - r) * log(1 - r));
}

/* One fit as JSON. */
static void
cmd_fit_json_fit(struct json *j, const struct fit_info *f)
{
	char	*when = clock_time_string(f->time);
	int	 k;

	json_object_begin(j);
	json_kv_string(j, "scope", fit_scope_name(f->scope));
	json_kv_int(j, "id", f->id);
	json_kv_string(j, "time", when);
	json_kv_int(j, "reviews", (long long)f->model.n);
	json_kv_int(j, "last_review", f->last_review);
	json_kv_double(j, "log_loss", f->model.loss);
	json_key(j, "weights");
	json_array_begin(j);
	for (k = 0; k < MODEL_NX; k++)
		json_double(j, f->model.w[k]);
	json_array_end(j);
	json_object_end(j);
	free(when);
}

/* The kept fits and the settings they serve, as JSON. */
static int
cmd_fit_json(struct cmd_ctx *ctx, const struct fit_report *r)
{
	struct store	*st = ctx_store(ctx);
	struct fit_info	 f;
	struct json	*j = json_create(stdout);
	char		*cause = NULL, *v;
	int		 s, rc;

	json_object_begin(j);
	if (r != NULL) {
		json_kv_bool(j, "fitted", r->made[FIT_ALL]);
		json_kv_int(j, "fit_min", r->min);
		json_key(j, "reviews");
		json_object_begin(j);
		for (s = 0; s < FIT_SCOPES; s++)
			json_kv_int(j, fit_scope_name((enum fit_scope)s),
			    (long long)r->reviews[s]);
		json_object_end(j);
	}
	v = settings_string(st, SETTING_SCHEDULER);
	json_kv_string(j, "scheduler", v);
	free(v);
	json_kv_double(j, "retention",
	    settings_int(st, SETTING_RETENTION) / 1000.0);
	json_key(j, "fits");
	json_array_begin(j);
	for (s = 0; s < FIT_SCOPES; s++) {
		if ((rc = fit_load(st, (enum fit_scope)s, &f, &cause)) < 0)
			break;
		if (rc == 1)
			cmd_fit_json_fit(j, &f);
	}
	json_array_end(j);
	json_object_end(j);
	json_free(j);
	if (cause != NULL) {
		cmd_error(ctx, "fit: %s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* What --show says: each kept fit, or that there is none. */
static int
cmd_fit_show(struct cmd_ctx *ctx)
{
	struct store	*st = ctx_store(ctx);
	struct fit_info	 f;
	char		*cause = NULL, *when, *v;
	int		 s, rc, any = 0;

	for (s = 0; s < FIT_SCOPES; s++) {
		if ((rc = fit_load(st, (enum fit_scope)s, &f, &cause)) < 0) {
			cmd_error(ctx, "fit: %s", cause);
			free(cause);
			return -1;
		}
		if (rc == 0)
			continue;
		when = clock_time_string(f.time);
		printf("%s: fitted %s on %zu reviews, log loss %.4f\n",
		    s == FIT_ALL ? "the collection" : fit_scope_name(f.scope),
		    when, f.model.n, f.model.loss);
		free(when);
		any = 1;
	}
	if (!any)
		printf("no fit yet: SM-2's intervals set due days (fit makes "
		    "one from %d reviews)\n", settings_int(st,
		    SETTING_FIT_MIN));
	v = settings_string(st, SETTING_SCHEDULER);
	printf("scheduler: %s, retention %.2f\n", v,
	    settings_int(st, SETTING_RETENTION) / 1000.0);
	free(v);
	return 0;
}

static enum cmd_retval
cmd_fit_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct fit_report	 r;
	char			*cause = NULL;
	int			 s;

	if (args_has(args, "show")) {
		if (args_json(ctx, args))
			return cmd_fit_json(ctx, NULL) == 0 ?
			    CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
		return cmd_fit_show(ctx) == 0 ? CMD_RETURN_NORMAL :
		    CMD_RETURN_ERROR;
	}
	if (fit_run(st, &r, &cause) != 0) {
		cmd_error(ctx, "fit: %s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		if (cmd_fit_json(ctx, &r) != 0)
			return CMD_RETURN_ERROR;
	} else if (r.made[FIT_ALL] && !ctx->quiet) {
		printf("fitted the recall model on %zu reviews: log loss %.4f "
		    "(always saying %.2f would give %.4f)\n",
		    r.reviews[FIT_ALL], r.model[FIT_ALL].loss,
		    (double)r.recalled[FIT_ALL] / (double)r.reviews[FIT_ALL],
		    cmd_fit_constant(r.recalled[FIT_ALL], r.reviews[FIT_ALL]));
		for (s = FIT_NEED; s < FIT_SCOPES; s++) {
			if (r.made[s])
				printf("  %s track: its own fit, on %zu reviews, "
				    "log loss %.4f\n", fit_scope_name(s),
				    r.reviews[s], r.model[s].loss);
			else if (r.whole[s])
				printf("  %s track: all %zu reviews: the "
				    "collection's fit is its own\n",
				    fit_scope_name(s), r.reviews[s]);
			else
				printf("  %s track: %zu reviews, %s: the "
				    "collection's fit serves it\n",
				    fit_scope_name(s), r.reviews[s],
				    r.refused[s] ? "recall does not fall with "
				    "time in them" : "too few for its own");
		}
		if (settings_int(st, SETTING_SCHEDULER) == SCHEDULER_MODEL)
			printf("due days now aim at a retention of %.2f%s "
			    "(set retention R; set scheduler sm2 for SM-2's "
			    "intervals)\n", settings_int(st,
			    SETTING_RETENTION) / 1000.0, r.turned_on ?
			    ": the scheduler is now the model" : "");
		else
			printf("the scheduler is sm2, so SM-2's intervals still "
			    "set due days (set scheduler model to use it)\n");
	}
	if (r.made[FIT_ALL])
		return CMD_RETURN_NORMAL;
	if (r.refused[FIT_ALL])
		cmd_error(ctx, "fit: recall does not fall with time in these "
		    "%zu reviews, so the model cannot aim at a retention: "
		    "SM-2's intervals stay", r.reviews[FIT_ALL]);
	else
		cmd_error(ctx, "fit: %zu reviews to learn from, fewer than "
		    "fit-min (%d): SM-2's intervals stay", r.reviews[FIT_ALL],
		    r.min);
	return CMD_RETURN_ERROR;
}
