/*
 * balance: how review time splits between the need and want tracks, and
 * between decks, against the targets; and setting the targets.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "recall.h"

static enum cmd_retval	cmd_balance_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_balance_option_table[] = {
	{ .name = "window", .value = "DAYS" },
	{ .name = NULL }
};

const struct cmd_entry cmd_balance_entry = {
	.name = "balance",
	.args = { cmd_balance_option_table, 0, 1, "[NEED:WANT]" },
	.help = "Target against actual share of review time per track and "
	    "deck over the window; NEED:WANT (e.g. 60:40) sets the targets.",
	.complete = "70:30,60:40,50:50,80:20",
	.flags = CMD_JSON,
	.exec = cmd_balance_exec
};

static enum cmd_retval
cmd_balance_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store		 *st = ctx_store(ctx);
	struct deck		**decks;
	struct due_counts	  due;
	struct balance_report	  r;
	struct json		 *j = NULL;
	const char		 *value;
	double			 *secs, *weights;
	enum track		 *tracks;
	long long		  window;
	char			 *cause = NULL, *span, *from, *to;
	struct buf		  verdict;
	int			  need, n, i, t, today, answers, over;

	window = queue_window(st);
	if ((value = args_get(args, "window")) != NULL &&
	    parse_int(value, 1, 3650, &window) != 0)
		return cmd_usage(ctx, "balance: bad window '%s' (days)", value);
	if (args->argc == 1) {
		char buf[16];

		if (balance_parse_shares(args->argv[0], &need) != 0)
			return cmd_usage(ctx, "balance: bad shares '%s' (like "
			    "70:30, need then want)", args->argv[0]);
		snprintf(buf, sizeof buf, "%d", need);
		if (settings_set(st, SETTING_SHARE_NEED, buf, NULL,
		    &cause) != 0) {
			cmd_error(ctx, "balance: %s", cause);
			free(cause);
			return CMD_RETURN_ERROR;
		}
		if (!ctx->quiet && !args_json(ctx, args))
			printf("target: need %d%%, want %d%%\n", need,
			    100 - need);
	}
	need = queue_need_share(st);
	today = review_today(st);

	if ((decks = deck_list(st, NULL, &n, &cause)) == NULL &&
	    cause != NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	secs = xcalloc((size_t)n + 1, sizeof *secs);
	weights = xcalloc((size_t)n + 1, sizeof *weights);
	tracks = xcalloc((size_t)n + 1, sizeof *tracks);
	for (i = 0; i < n; i++) {
		if (queue_deck_time(st, decks[i]->id, today, (int)window,
		    &secs[i], &answers, &cause) != 0)
			break;
		tracks[i] = decks[i]->track;
		weights[i] = decks[i]->weight;
	}
	if (cause != NULL || queue_counts(st, clock_now(), NULL, &due,
	    &cause) != 0) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		free(tracks);
		free(weights);
		free(secs);
		deck_list_free(decks, n);
		return CMD_RETURN_ERROR;
	}
	balance_report(need, secs, tracks, weights, n, &r);

	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_object_begin(j);
		json_kv_int(j, "window", window);
		json_kv_double(j, "seconds", r.total);
		json_key(j, "tracks");
		json_array_begin(j);
		for (t = 0; t < TRACK_COUNT; t++) {
			json_object_begin(j);
			json_kv_string(j, "track", track_name((enum track)t));
			json_kv_double(j, "target", r.target[t]);
			json_kv_double(j, "actual", r.actual[t]);
			json_kv_double(j, "seconds", r.seconds[t]);
			json_object_end(j);
		}
		json_array_end(j);
		json_key(j, "decks");
		json_array_begin(j);
		for (i = 0; i < n; i++) {
			t = decks[i]->track;
			json_object_begin(j);
			json_kv_string(j, "deck", decks[i]->name);
			json_kv_string(j, "track", track_name((enum track)t));
			json_kv_double(j, "weight", decks[i]->weight);
			json_kv_double(j, "target",
			    balance_part(decks[i]->weight, r.weight[t]));
			json_kv_double(j, "actual",
			    balance_part(secs[i], r.seconds[t]));
			json_kv_double(j, "seconds", secs[i]);
			json_object_end(j);
		}
		json_array_end(j);
		json_kv_string(j, "drift", r.drift == BALANCE_ON_TARGET ?
		    "none" : track_name(r.over));
		json_kv_int(j, "points", r.points);
		json_object_end(j);
		json_free(j);
		goto out;
	}

	span = format_duration((int)lround(r.total));
	from = clock_day_string(today - (int)window + 1);
	to = clock_day_string(today);
	printf("Balance of review time over %lld day%s (%s to %s): %s\n",
	    window, window == 1 ? "" : "s", from, to, span);
	free(span);
	free(from);
	free(to);
	for (t = 0; t < TRACK_COUNT; t++) {
		span = format_duration((int)lround(r.seconds[t]));
		printf("  %-4s  target %3.0f%%  ", track_name((enum track)t),
		    r.target[t] * 100);
		term_bar_marked(stdout, r.actual[t], r.target[t], 30);
		printf("  actual %3.0f%%  %s\n", r.actual[t] * 100, span);
		free(span);
	}
	if (n > 0)
		printf("  by deck (share of its track's time, target by "
		    "weight):\n");
	for (i = 0; i < n; i++) {
		t = decks[i]->track;
		span = format_duration((int)lround(secs[i]));
		printf("    %-24s %-4s  weight %-4g target %3.0f%%  actual "
		    "%3.0f%%  %s\n", decks[i]->name, track_name((enum track)t),
		    decks[i]->weight, balance_percent(decks[i]->weight,
		    r.weight[t]), balance_percent(secs[i], r.seconds[t]), span);
		free(span);
	}
	buf_init(&verdict);
	if (r.total == 0)
		buf_printf(&verdict, "No reviews in this window yet: the next "
		    "session starts with the %s track%s.", track_name(r.first),
		    need == 50 ? " (the shares are equal)" :
		    ", the one with the larger share");
	else if (r.drift == BALANCE_ON_TARGET)
		buf_puts(&verdict, "On target.");
	else {
		over = r.over;
		buf_printf(&verdict, "%s toward %s (%+d points): the next "
		    "sessions favour %s until the shares even out",
		    r.drift == BALANCE_SLIGHTLY ? "Slightly" : "Drifting",
		    track_name((enum track)over), abs(r.points),
		    track_name((enum track)!over));
		if (due.due[!over] + due.fresh[!over] + due.again[!over] == 0)
			buf_printf(&verdict, ", but %s has nothing due now: "
			    "add or import %s-to cards",
			    track_name((enum track)!over),
			    track_name((enum track)!over));
		buf_puts(&verdict, ".");
	}
	term_wrap(stdout, verdict.data, 0, 0, term_width() - 1);
	buf_free(&verdict);
out:
	free(secs);
	free(weights);
	free(tracks);
	deck_list_free(decks, n);
	return CMD_RETURN_NORMAL;
}
