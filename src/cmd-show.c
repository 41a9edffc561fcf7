/*
 * show: one card with its schedule and review history.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_show_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.args = { NULL, 1, 1, "ID" },
	.help = "Show one card: its sides, schedule and review history.",
	.flags = CMD_JSON,
	.exec = cmd_show_exec
};

/* Print one answer of a card's history; arg counts them. */
static void
cmd_show_review(const struct card_review *r, void *arg)
{
	int	*n = arg;
	char	*when;

	if ((*n)++ == 0)
		printf("history:\n");
	when = clock_format(r->time, "%Y-%m-%d %H:%M");
	printf("  %s  %d %-8s %5.1fs  ", when, r->grade,
	    sm2_grade_name(r->grade), r->duration / 1000.0);
	if (r->scheduled)
		printf("interval %dd -> %dd, ease %.2f\n", r->interval_before,
		    r->interval_after, r->ease_after);
	else
		printf("same-day repeat (schedule unchanged)\n");
	free(when);
}

/* Print a card's review history, oldest first; 0, or -1 with cause. */
static int
cmd_show_history(struct store *st, int64_t id, char **cause)
{
	int n = 0;

	if (card_history(st, id, cmd_show_review, &n, cause) == -1)
		return -1;
	if (n == 0)
		printf("history: no reviews yet\n");
	return 0;
}

/* One "name: text" line, the text with its control characters shown. */
static void
cmd_show_field(const char *name, const char *text)
{
	char *visible = str_visible(text);

	printf("%s: %s\n", name, visible);
	free(visible);
}

static enum cmd_retval
cmd_show_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct store	*st = ctx_store(ctx);
	struct card	*c;
	struct json	*j;
	char		*due, *cause = NULL, *visible;
	enum cmd_retval	 ret = CMD_RETURN_NORMAL;
	int		 today;
	double		 recall;

	if (card_ids_check(ctx, args->argc, args->argv) != CMD_RETURN_NORMAL)
		return CMD_RETURN_USAGE;
	if ((c = card_resolve(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (args_json(ctx, args)) {
		/* A history that cannot be read fails the store: an error. */
		j = json_create(stdout);
		ret = card_json(j, c, st) == 0 ? CMD_RETURN_NORMAL :
		    CMD_RETURN_ERROR;
		json_free(j);
		card_free(c);
		return ret;
	}
	today = review_today(st);
	printf("%scard %lld%s  (%s, %s", term_style(stdout, "bold"),
	    (long long)c->id, term_style(stdout, "reset"), c->deck,
	    kind_name(c->kind));
	if (c->kind == KIND_CLOZE)
		printf(" %d", c->cloze);
	printf(", %s layer)\n", layer_name(c->layer));
	if (*c->context != '\0')
		cmd_show_field("context", c->context);
	if (*c->tags != '\0')
		cmd_show_field("tags", c->tags);
	cmd_show_field("front", c->front);
	cmd_show_field("back", c->back);
	if (c->source != NULL) {
		visible = str_visible(c->source);
		printf("source: %s:%d\n", visible, c->source_line);
		free(visible);
	}
	if (card_is_new(c))
		printf("schedule: new");
	else {
		due = clock_day_string(c->due);
		printf("schedule: due %s (%s%d day%s), interval %dd", due,
		    c->due < today ? "overdue by " : "in ",
		    abs(c->due - today), abs(c->due - today) == 1 ? "" : "s",
		    c->sm2.interval);
		free(due);
	}
	printf(", ease %.2f, repetition %d, lapses %d%s%s\n", c->sm2.ease,
	    c->sm2.repetition, c->sm2.lapses, c->suspended ? ", suspended" :
	    "", c->leech ? ", leech" : "");
	if (!card_is_new(c)) {
		switch (fit_recall(st, c, today, &recall, &cause)) {
		case 1:
			printf("recall today: %.0f%%, as the model predicts\n",
			    recall * 100);
			break;
		case -1:
			cmd_error(ctx, "show: %s", cause);
			free(cause);
			card_free(c);
			return CMD_RETURN_ERROR;
		}
	}
	if (c->buried_until > today) {
		due = clock_day_string(c->buried_until);
		printf("buried until %s\n", due);
		free(due);
	}
	if (cmd_show_history(st, c->id, &cause) != 0) {
		cmd_error(ctx, "show: %s", cause);
		free(cause);
		ret = CMD_RETURN_ERROR;
	}
	card_free(c);
	return ret;
}
