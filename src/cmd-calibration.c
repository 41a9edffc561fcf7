/*
 * calibration: how well the recall model predicts this collection's own
 * reviews, the way srs-benchmark scores a scheduler: fitted on the first
 * part of the log in time, scored on the rest, beside SM-2's textbook
 * curve and the constant baseline, with a reliability diagram.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recall.h"

static enum cmd_retval	cmd_calibration_exec(struct cmd_ctx *,
			    struct args *);

static const struct cmd_option cmd_calibration_option_table[] = {
	{ .name = "deck", .value = "DECK" },
	{ .name = "split", .value = "F" },
	{ .name = "predictions", .value = "FILE" },
	{ .name = "force", .letter = 'f' },
	{ .name = NULL }
};

const struct cmd_entry cmd_calibration_entry = {
	.name = "calibration",
	.args = { cmd_calibration_option_table, 0, 0, NULL },
	.help = "Fit the recall model on the first 70% of your log in time "
	    "(--split) and score it on the rest, beside SM-2's textbook "
	    "curve and the constant baseline (--predictions FILE: each "
	    "review's prediction as CSV; --force overwrites it).",
	.flags = CMD_JSON,
	.exec = cmd_calibration_exec
};

/* Reviews each part needs at least. */
#define CALIBRATION_MIN 10
/* Bins of the reliability diagram. */
#define CALIBRATION_BINS 10

/* The three predictors, in the report's order. */
enum { CAL_TEXTBOOK, CAL_MODEL, CAL_CONSTANT, CAL_N };
static const char *const cal_keys[CAL_N] = { "textbook", "model",
    "constant" };

/* The test part's predictions, and where each review stands. */
struct cal {
	struct fit_data	 d;
	size_t		*order;		/* d's reviews in time order */
	size_t		 ntrain, ntest;
	struct model	 m;
	double		 constant;
	double		*p[CAL_N];	/* each predictor, test part */
	int		*y;
};

/* What cal_time_cmp sorts by, for qsort. */
static struct fit_data *cal_sort_data;

static int
cal_time_cmp(const void *a, const void *b)
{
	const struct fit_meta	*x = &cal_sort_data->meta[*(const size_t *)a];
	const struct fit_meta	*y = &cal_sort_data->meta[*(const size_t *)b];

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->review < y->review ? -1 : x->review > y->review;
}

/*
 * Score predictor k on the test reviews of a group: 0 all, 1 those of
 * track value, 2 those of layer value.
 */
static void
cal_score(const struct cal *c, int k, int group, int value,
    struct model_score *s)
{
	double	*p = xreallocarray(NULL, c->ntest + 1, sizeof *p);
	int	*y = xreallocarray(NULL, c->ntest + 1, sizeof *y);
	size_t	 i, n = 0;
	const struct fit_meta *m;

	for (i = 0; i < c->ntest; i++) {
		m = &c->d.meta[c->order[c->ntrain + i]];
		if (group == 1 && m->track != value)
			continue;
		if (group == 2 && m->layer != value)
			continue;
		p[n] = c->p[k][i];
		y[n++] = c->y[i];
	}
	model_score(p, y, n, s);
	free(p);
	free(y);
}

/* Write each review's prediction by the model fitted on the train part. */
static int
cal_predictions(struct cal *c, const char *path, int force, char **cause)
{
	struct out_file	 of;
	const struct fit_meta *m;
	struct tm	 tm;
	char		 when[32];
	size_t		 i;
	time_t		 t;

	if (out_file_open(&of, path, force, cause) != 0)
		return -1;
	fputs("card_id,review_time,predicted,recalled,part\n", of.f);
	for (i = 0; i < c->d.n; i++) {
		m = &c->d.meta[c->order[i]];
		t = m->time;
		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ",
		    &tm) == 0)
			snprintf(when, sizeof when, "%lld", (long long)t);
		fprintf(of.f, "%lld,%s,%.9f,%d,%s\n", (long long)m->card, when,
		    model_predict(&c->m, &c->d.obs[c->order[i]]),
		    c->d.obs[c->order[i]].recalled, i < c->ntrain ? "train" :
		    "test");
	}
	return out_file_commit(&of, cause);
}

static void
cal_json_score(struct json *j, const char *key, const struct model_score *s)
{
	json_key(j, key);
	json_object_begin(j);
	json_kv_int(j, "reviews", (long long)s->n);
	json_kv_double(j, "log_loss", s->logloss);
	json_kv_double(j, "rmse_bins", s->rmse_bins);
	json_kv_double(j, "auc", s->auc);
	json_object_end(j);
}

/* The scores of every predictor on one group's test reviews. */
static void
cal_json_group(struct json *j, const struct cal *c, int group, int value)
{
	struct model_score	s;
	int			k;

	for (k = 0; k < CAL_N; k++) {
		cal_score(c, k, group, value, &s);
		cal_json_score(j, cal_keys[k], &s);
	}
}

/* The reliability diagram's bins: test reviews by the model's prediction. */
struct cal_bin {
	size_t	n;
	double	predicted, recalled;
};

static void
cal_bins(const struct cal *c, struct cal_bin b[CALIBRATION_BINS])
{
	size_t	i;
	int	k;

	memset(b, 0, CALIBRATION_BINS * sizeof *b);
	for (i = 0; i < c->ntest; i++) {
		k = (int)(c->p[CAL_MODEL][i] * CALIBRATION_BINS);
		k = k < 0 ? 0 : k >= CALIBRATION_BINS ? CALIBRATION_BINS - 1 : k;
		b[k].n++;
		b[k].predicted += c->p[CAL_MODEL][i];
		b[k].recalled += c->y[i];
	}
	for (k = 0; k < CALIBRATION_BINS; k++) {
		if (b[k].n > 0) {
			b[k].predicted /= (double)b[k].n;
			b[k].recalled /= (double)b[k].n;
		}
	}
}

static void
cal_json(const struct cal *c, double split)
{
	struct json	*j = json_create(stdout);
	struct cal_bin	 b[CALIBRATION_BINS];
	int		 t, l, k;

	json_object_begin(j);
	json_kv_int(j, "reviews", (long long)c->d.n);
	json_kv_double(j, "split", split);
	json_kv_int(j, "train", (long long)c->ntrain);
	json_kv_int(j, "test", (long long)c->ntest);
	json_kv_double(j, "constant", c->constant);
	json_key(j, "scores");
	json_object_begin(j);
	cal_json_group(j, c, 0, 0);
	json_object_end(j);
	json_key(j, "by_track");
	json_object_begin(j);
	for (t = 0; t < TRACK_COUNT; t++) {
		json_key(j, track_name((enum track)t));
		json_object_begin(j);
		cal_json_group(j, c, 1, t);
		json_object_end(j);
	}
	json_object_end(j);
	json_key(j, "by_layer");
	json_object_begin(j);
	for (l = 0; l < LAYER_COUNT; l++) {
		json_key(j, layer_name((enum layer)l));
		json_object_begin(j);
		cal_json_group(j, c, 2, l);
		json_object_end(j);
	}
	json_object_end(j);
	json_key(j, "reliability");
	json_array_begin(j);
	cal_bins(c, b);
	for (k = 0; k < CALIBRATION_BINS; k++) {
		json_object_begin(j);
		json_kv_double(j, "from", (double)k / CALIBRATION_BINS);
		json_kv_double(j, "to", (double)(k + 1) / CALIBRATION_BINS);
		json_kv_int(j, "reviews", (long long)b[k].n);
		if (b[k].n > 0) {
			json_kv_double(j, "predicted", b[k].predicted);
			json_kv_double(j, "recalled", b[k].recalled);
		} else {
			json_key(j, "predicted");
			json_null(j);
			json_key(j, "recalled");
			json_null(j);
		}
		json_object_end(j);
	}
	json_array_end(j);
	json_key(j, "weights");
	json_array_begin(j);
	for (k = 0; k < MODEL_NX; k++)
		json_double(j, c->m.w[k]);
	json_array_end(j);
	json_object_end(j);
	json_free(j);
}

/* One row of the text report's tables. */
static void
cal_print_row(const char *name, const struct model_score *s)
{
	if (s->n == 0) {
		printf("  %-22s %8zu %9s %11s %6s\n", name, s->n, "-", "-",
		    "-");
		return;
	}
	printf("  %-22s %8zu %9.4f %11.4f %6.3f\n", name, s->n, s->logloss,
	    s->rmse_bins, s->auc);
}

static void
cal_print(const struct cal *c, double split)
{
	static const char *const names[CAL_N] = { "SM-2, 0.9^(t/I)",
	    "recall's model", NULL };
	struct model_score	 s;
	struct cal_bin		 b[CALIBRATION_BINS];
	char			 name[64];
	int			 k, t, l;
	FILE			*f = stdout;

	printf("fitted on the first %.0f%% of %zu reviews in time (%zu), "
	    "scored on the last %zu\n\n", split * 100, c->d.n, c->ntrain,
	    c->ntest);
	printf("  %-22s %8s %9s %11s %6s\n", "", "reviews", "log loss",
	    "RMSE(bins)", "AUC");
	for (k = 0; k < CAL_N; k++) {
		cal_score(c, k, 0, 0, &s);
		if (names[k] != NULL)
			snprintf(name, sizeof name, "%s", names[k]);
		else
			snprintf(name, sizeof name, "constant, %.3f",
			    c->constant);
		cal_print_row(name, &s);
	}
	printf("\n  recall's model by track and layer:\n");
	for (t = 0; t < TRACK_COUNT; t++) {
		cal_score(c, CAL_MODEL, 1, t, &s);
		snprintf(name, sizeof name, "%s", track_name((enum track)t));
		cal_print_row(name, &s);
	}
	for (l = 0; l < LAYER_COUNT; l++) {
		cal_score(c, CAL_MODEL, 2, l, &s);
		snprintf(name, sizeof name, "%s", layer_name((enum layer)l));
		cal_print_row(name, &s);
	}
	printf("\nreliability of the model on the last %zu (the bar: the share "
	    "recalled; the mark: the mean predicted)\n\n", c->ntest);
	printf("  %-9s %8s %9s %8s\n", "predicted", "reviews", "predicted",
	    "recalled");
	cal_bins(c, b);
	for (k = 0; k < CALIBRATION_BINS; k++) {
		printf("  %.1f-%.1f   %8zu", (double)k / CALIBRATION_BINS,
		    (double)(k + 1) / CALIBRATION_BINS, b[k].n);
		if (b[k].n == 0) {
			printf("\n");
			continue;
		}
		printf(" %9.3f %8.3f  ", b[k].predicted, b[k].recalled);
		term_bar_marked(f, b[k].recalled, b[k].predicted, 30);
		printf("\n");
	}
}

static void
cal_free(struct cal *c)
{
	int	k;

	fit_data_free(&c->d);
	free(c->order);
	for (k = 0; k < CAL_N; k++)
		free(c->p[k]);
	free(c->y);
}

static enum cmd_retval
cmd_calibration_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		*st = ctx_store(ctx);
	struct cal		 c;
	struct model_obs	*train;
	struct deck		*d = NULL;
	const char		*v;
	char			*cause = NULL;
	double			 split = 0.7, recalled = 0;
	size_t			 i;
	int64_t			 deck = 0;
	enum cmd_retval		 ret = CMD_RETURN_ERROR;

	memset(&c, 0, sizeof c);
	if ((v = args_get(args, "split")) != NULL &&
	    parse_double(v, 0.1, 0.95, &split) != 0)
		return cmd_usage(ctx, "calibration: bad --split '%s' (the "
		    "share of the log to fit on, 0.1-0.95)", v);
	if ((v = args_get(args, "deck")) != NULL) {
		if ((d = deck_resolve(ctx, v)) == NULL)
			return CMD_RETURN_ERROR;
		deck = d->id;
		deck_free(d);
	}
	if (store_scan_begin(st, &cause) != 0)
		goto fail;
	if (fit_read(st, deck, FIT_READ_META, &c.d, &cause) != 0) {
		store_scan_end(st);
		goto fail;
	}
	store_scan_end(st);
	c.ntrain = (size_t)((double)c.d.n * split);
	c.ntest = c.d.n - c.ntrain;
	if (c.ntrain < CALIBRATION_MIN || c.ntest < CALIBRATION_MIN) {
		cmd_error(ctx, "calibration: %zu reviews to learn from%s: too "
		    "few to fit on %.0f%% of them and score the rest (each part "
		    "needs %d)", c.d.n, deck != 0 ? " in the deck" : "",
		    split * 100, CALIBRATION_MIN);
		goto done;
	}
	c.order = xreallocarray(NULL, c.d.n, sizeof *c.order);
	for (i = 0; i < c.d.n; i++)
		c.order[i] = i;
	cal_sort_data = &c.d;
	qsort(c.order, c.d.n, sizeof *c.order, cal_time_cmp);
	cal_sort_data = NULL;
	train = xreallocarray(NULL, c.ntrain, sizeof *train);
	for (i = 0; i < c.ntrain; i++) {
		train[i] = c.d.obs[c.order[i]];
		recalled += train[i].recalled != 0;
	}
	if (model_fit(train, c.ntrain, 1e-4, &c.m) != 0) {
		free(train);
		cmd_error(ctx, "calibration: the model cannot be fitted on the "
		    "first %zu reviews: recall does not fall with time in "
		    "them", c.ntrain);
		goto done;
	}
	free(train);
	c.constant = recalled / (double)c.ntrain;
	for (i = 0; i < CAL_N; i++)
		c.p[i] = xreallocarray(NULL, c.ntest, sizeof *c.p[i]);
	c.y = xreallocarray(NULL, c.ntest, sizeof *c.y);
	for (i = 0; i < c.ntest; i++) {
		const struct model_obs *o = &c.d.obs[c.order[c.ntrain + i]];

		c.p[CAL_TEXTBOOK][i] = model_textbook(o->elapsed, o->interval);
		c.p[CAL_MODEL][i] = model_predict(&c.m, o);
		c.p[CAL_CONSTANT][i] = c.constant;
		c.y[i] = o->recalled != 0;
	}
	if ((v = args_get(args, "predictions")) != NULL &&
	    cal_predictions(&c, v, args_has(args, "force"), &cause) != 0)
		goto fail;
	if (args_json(ctx, args))
		cal_json(&c, split);
	else if (!ctx->quiet)
		cal_print(&c, split);
	ret = CMD_RETURN_NORMAL;
	goto done;
fail:
	cmd_error(ctx, "calibration: %s", cause);
	free(cause);
done:
	cal_free(&c);
	return ret;
}
