/*
 * answer: grade one card outside the REPL, by the same rules and into the
 * same log as a review session.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_answer_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_answer_option_table[] = {
	{ .name = "duration", .value = "SECONDS" },
	{ .name = NULL }
};

const struct cmd_entry cmd_answer_entry = {
	.name = "answer",
	.args = { cmd_answer_option_table, 2, 2, "ID GRADE" },
	.help = "Grade one card: 0-5, or again, hard, good, easy (a h g e).",
	.complete = "- 0,1,2,3,4,5,again,hard,good,easy",
	.flags = CMD_JSON | CMD_BATCH,
	.exec = cmd_answer_exec
};

static enum cmd_retval
cmd_answer_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct review_result	 r;
	struct json		*j;
	struct card		*c;
	const char		*value;
	double			 seconds = 0;
	char			*cause = NULL;
	int			 grade;

	if (card_ids_check(ctx, 1, args->argv) != CMD_RETURN_NORMAL)
		return CMD_RETURN_USAGE;
	if ((grade = sm2_parse_grade(args->argv[1])) < 0)
		return cmd_usage(ctx, "answer: bad grade '%s' (0-5, again, "
		    "hard, good, easy)", args->argv[1]);
	if ((value = args_get(args, "duration")) != NULL &&
	    parse_double(value, 0, 86400, &seconds) != 0)
		return cmd_usage(ctx, "answer: bad duration '%s' (seconds)",
		    value);
	if ((c = card_resolve(ctx, args->argv[0])) == NULL)
		return CMD_RETURN_ERROR;
	if (review_answer(ctx_store(ctx), c->id, grade,
	    (int)(seconds * 1000 + 0.5), &r, &cause) != 0) {
		cmd_error(ctx, "answer: %s", cause);
		free(cause);
		card_free(c);
		return CMD_RETURN_ERROR;
	}
	card_free(c);
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_object_begin(j);
		json_kv_int(j, "grade", grade);
		json_kv_bool(j, "scheduled", r.outcome.scheduled);
		json_kv_bool(j, "leech", r.outcome.leech);
		json_kv_bool(j, "again_today", r.outcome.again_today);
		json_key(j, "target");
		if (r.target > 0)
			json_int(j, r.target);
		else
			json_null(j);
		json_key(j, "card");
		card_json(j, r.card, NULL);
		json_object_end(j);
		json_free(j);
	} else if (!ctx->quiet)
		review_result_print(stdout, &r, grade);
	else if (r.outcome.leech)
		review_result_print(stderr, &r, grade);
	card_free(r.card);
	fit_after_answer(ctx_store(ctx), args_json(ctx, args) || ctx->quiet ?
	    NULL : stdout);
	return CMD_RETURN_NORMAL;
}
