/*
 * review: the daily session.  Shows a card's front, reveals the back on
 * Enter, and takes a grade; every answer is committed before the next card
 * appears, so quitting, Ctrl-C or a dead terminal loses nothing answered.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_review_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_review_option_table[] = {
	{ .name = "time", .value = "DURATION" },
	{ .name = "new", .value = "N" },
	{ .name = NULL }
};

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.alias = "r",
	.args = { cmd_review_option_table, 0, 1, "[DECK]" },
	.help = "The review session: due cards of both tracks (or one deck "
	    "and its subdecks), timeboxed with --time (e.g. 20m).",
	.complete = "@deck",
	.flags = CMD_REPLONLY,
	.exec = cmd_review_exec
};

/* What u can take back: an answer, a suspension or a burial. */
enum session_action {
	SESSION_ANSWER,
	SESSION_SUSPEND,
	SESSION_BURY
};

/* Something done in this session, for undo. */
struct session_answer {
	enum session_action	 action;
	struct queue_item	 item;
	int64_t			 review_id;	/* an answer's log row */
	double			 seconds;
	int			 buried_before;	/* a burial's old day */
};

/* The state of one review session. */
struct session {
	struct cmd_ctx		*ctx;
	struct store		*st;
	struct queue		*queue;
	const char		*deck;		/* filter, or NULL */
	double			 started;	/* term_seconds() */
	double			 deadline;	/* 0 for no timebox */
	int			 cards;		/* distinct cards answered */
	int			 answers;
	int			 correct;	/* graded 3 or more */
	int			 reviews;	/* answers that moved a review */
	int			 fresh;		/* new cards learned */
	struct session_answer	*done;		/* what u takes back */
	int			 ndone;
	int			 quit;
	char			*failure;	/* a read that failed, or NULL */
};

/* The keys, for '?'. */
static void
session_help(void)
{
	printf("\n  Enter or space  show the answer\n"
	    "  0-5             grade: 0 blackout, 1 wrong, 2 again (a), "
	    "3 hard (h),\n"
	    "                  4 good (g), 5 easy (e); below 3 is a lapse, "
	    "below 4 comes back today\n"
	    "  e               edit this card in $EDITOR (E once the answer "
	    "shows, where e is easy)\n"
	    "  s / b           suspend this card / bury it until tomorrow\n"
	    "  u               take back the last answer, suspension or "
	    "burial\n"
	    "  ?               these keys\n"
	    "  q               end the session (so do Ctrl-C and Ctrl-D); "
	    "every answer is\n"
	    "                  already saved\n\n");
}

/*
 * Print text indented, line by line; a line too long for the terminal is
 * wrapped at words (shorter lines keep their spacing, code included).
 */
static void
session_print_side(const char *text)
{
	char		*visible = str_visible(text), *p = visible, *nl;
	char		*line;
	int		 width = term_width();

	while (*p != '\0') {
		nl = strchr(p, '\n');
		line = xstrndup(p, nl == NULL ? strlen(p) : (size_t)(nl - p));
		if (utf8_width(line) + 2 < width)
			printf("  %s\n", line);
		else {
			printf("  ");
			term_wrap(stdout, line, 2, 2, width - 1);
		}
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(visible);
}

/* The answer under a rule, and the keys that grade it. */
static void
session_print_back(const struct card *c)
{
	printf("%s\n", term_utf8() ? "  \xe2\x94\x80" : "  -");
	session_print_side(c->back);
	printf("%sgrade: 0-5, a again, h hard, g good, e easy%s\n",
	    term_style(stdout, "dim"), term_style(stdout, "reset"));
}

/* The line above a card: where it is from and what is left. */
static void
session_header(struct session *s, const struct card *c,
    const struct queue_item *item)
{
	int	 reviews, fresh, again;
	char	*left;

	queue_left(s->queue, &reviews, &fresh, &again);
	printf("\n%s-- %s %s %s%s %s %s -- left: %d due, %d new, %d again",
	    term_style(stdout, "dim"), c->deck, term_utf8() ? "\xc2\xb7" : "|",
	    layer_name(c->layer), item->kind == QUEUE_NEW ? " (new)" :
	    item->kind == QUEUE_AGAIN ? " (again)" : "",
	    term_utf8() ? "\xc2\xb7" : "|", track_name((enum track)item->track),
	    reviews, fresh, again);
	if (s->deadline > 0) {
		left = format_duration((int)(s->deadline - term_seconds()));
		printf(" %s %s to go", term_utf8() ? "\xc2\xb7" : "|", left);
		free(left);
	}
	printf("%s\n", term_style(stdout, "reset"));
	if (*c->context != '\0')
		printf("%s%s%s\n", term_style(stdout, "cyan"), c->context,
		    term_style(stdout, "reset"));
}

/* Remember something done to a card, for u. */
static struct session_answer *
session_remember(struct session *s, enum session_action action,
    const struct queue_item *item)
{
	struct session_answer *a;

	s->done = xreallocarray(s->done, (size_t)s->ndone + 1,
	    sizeof *s->done);
	a = &s->done[s->ndone++];
	memset(a, 0, sizeof *a);
	a->action = action;
	a->item = *item;
	return a;
}

/* Take back a suspension or a burial made in this session. */
static int
session_undo_flag(struct session *s, const struct session_answer *a)
{
	char	*cause = NULL;
	int	 error;

	if (a->action == SESSION_SUSPEND)
		error = card_set_suspended(s->st, a->item.id, 0, &cause);
	else /* card_bury stores the day after the one it is given. */
		error = card_bury(s->st, a->item.id, a->buried_before - 1,
		    &cause);
	if (error != 0) {
		printf("cannot take it back: %s\n", cause);
		free(cause);
		return -1;
	}
	printf("took back %s card %lld\n", a->action == SESSION_SUSPEND ?
	    "suspending" : "burying", (long long)a->item.id);
	return 0;
}

/* Take back an answer of this session: the counts forget it. */
static int
session_undo_answer(struct session *s, const struct session_answer *a)
{
	struct review_undone	 u;
	char			*cause = NULL;
	int			 i;

	if (review_undo(s->st, a->review_id, 0, &u, &cause) != 0) {
		printf("cannot take it back: %s\n", cause);
		free(cause);
		return -1;
	}
	s->answers--;
	for (i = 0; i < s->ndone - 1; i++) {
		if (s->done[i].action == SESSION_ANSWER &&
		    s->done[i].item.id == u.card_id)
			break;
	}
	if (i == s->ndone - 1)
		s->cards--;
	if (u.grade >= 3)
		s->correct--;
	if (u.scheduled && u.was_new)
		s->fresh--;
	else if (u.scheduled)
		s->reviews--;
	printf("took back %s (%d) on card %lld\n", sm2_grade_name(u.grade),
	    u.grade, (long long)u.card_id);
	return 0;
}

/*
 * Take back the last thing done in this session (only its own: another
 * session's answers are never touched); the card comes next.  What cannot
 * be taken back (the card was answered again elsewhere) leaves the list.
 */
static int
session_undo(struct session *s, const struct queue_item *current)
{
	struct session_answer	 a;
	int			 error;

	if (s->ndone == 0) {
		printf("nothing to take back in this session\n");
		return 0;
	}
	a = s->done[s->ndone - 1];
	if (a.action == SESSION_ANSWER)
		error = session_undo_answer(s, &a);
	else
		error = session_undo_flag(s, &a);
	s->ndone--;
	if (error != 0)
		return 0;
	/* The card on screen comes after it (unless it is the same card). */
	if (current != NULL && current->id != a.item.id)
		queue_push(s->queue, current);
	if (a.action == SESSION_ANSWER)
		queue_undone(s->queue, &a.item, a.seconds);
	else
		queue_push(s->queue, &a.item);
	return 1;
}

/* Answer the card shown, and say what happened. */
static void
session_answer(struct session *s, const struct queue_item *item,
    int grade, double seconds)
{
	struct review_result	 r;
	struct session_answer	*a;
	char			*cause = NULL;
	int			 i, seen = 0;

	if (review_answer(s->st, item->id, grade, (int)(seconds * 1000),
	    &r, &cause) != 0) {
		printf("%scannot save the answer: %s%s\n", term_style(stdout,
		    "red"), cause, term_style(stdout, "reset"));
		free(cause);
		return;
	}
	for (i = 0; i < s->ndone; i++) {
		if (s->done[i].action == SESSION_ANSWER &&
		    s->done[i].item.id == item->id)
			seen = 1;
	}
	a = session_remember(s, SESSION_ANSWER, item);
	a->review_id = r.review_id;
	a->seconds = seconds > REVIEW_MAX_DURATION_MS / 1000.0 ?
	    REVIEW_MAX_DURATION_MS / 1000.0 : seconds;
	s->answers++;
	s->cards += !seen;
	if (grade >= 3)
		s->correct++;
	if (r.outcome.scheduled && r.was_new)
		s->fresh++;
	else if (r.outcome.scheduled)
		s->reviews++;
	queue_answered(s->queue, item, r.outcome.again_today, a->seconds);
	printf("%s", term_style(stdout, "dim"));
	review_result_print(stdout, &r, grade);
	fit_after_answer(s->st, stdout);
	printf("%s", term_style(stdout, "reset"));
	card_free(r.card);
}

/* Edit the card shown in $EDITOR, with the terminal back to normal. */
static void
session_edit(struct session *s, struct card **c)
{
	char		*cause = NULL, *front, *back;
	struct card	*fresh;

	term_cooked();
	front = xstrdup((*c)->front);
	back = xstrdup((*c)->back);
	if (card_edit_editor(*c, &cause) != 0) {
		printf("edit: %s\n", cause);
		free(cause);
	} else if (strcmp(front, (*c)->front) == 0 &&
	    strcmp(back, (*c)->back) == 0)
		printf("card %lld unchanged\n", (long long)(*c)->id);
	else if (card_update_text(s->st, *c, &cause) != 0) {
		printf("edit: %s\n", cause);
		free(cause);
	} else
		printf("changed card %lld\n", (long long)(*c)->id);
	free(front);
	free(back);
	term_raw();
	/* A failed read fails the store, which ends the session. */
	if ((fresh = card_get(s->st, (*c)->id, NULL)) != NULL) {
		card_free(*c);
		*c = fresh;
	}
}

/*
 * The grade a key stands for, or -1: what answer takes, a key for a word
 * (but E, once the answer shows, is edit).
 */
static int
session_grade_key(int key)
{
	char s[2];

	if (key <= 0 || key > 0x7f || key == 'E')
		return -1;
	s[0] = (char)key;
	s[1] = '\0';
	return sm2_parse_grade(s);
}

/*
 * Show one card and handle keys until it is answered, skipped, or the
 * session ends.
 */
static void
session_card(struct session *s, const struct queue_item *item)
{
	struct card	*c;
	double		 shown;
	int		 key, revealed = 0, grade;
	char		*cause = NULL;

	if ((c = card_get(s->st, item->id, &cause)) == NULL || c->suspended) {
		if (cause != NULL) {
			s->failure = cause;
			s->quit = 1;
		}
		card_free(c);
		return;
	}
	session_header(s, c, item);
	session_print_side(c->front);
	printf("%s[Enter] answer  e edit  s suspend  b bury  u undo  ? keys  "
	    "q quit%s\n", term_style(stdout, "dim"), term_style(stdout,
	    "reset"));
	shown = term_seconds();
	for (;;) {
		key = term_key();
		if (key == TERM_KEY_EOF || key == 0x03 || key == 0x04 ||
		    key == 'q') {
			s->quit = 1;
			if (key == TERM_KEY_EOF)
				s->ctx->interactive = 0;
			/* Unanswered: it stays due. */
			break;
		}
		if (key == '?') {
			session_help();
			continue;
		}
		if (key == 'u') {
			if (session_undo(s, item))
				break;
			continue;
		}
		if (key == 's') {
			if (card_set_suspended(s->st, c->id, 1, &cause) != 0) {
				printf("suspend: %s\n", cause);
				free(cause);
				cause = NULL;
				continue;
			}
			session_remember(s, SESSION_SUSPEND, item);
			printf("suspended card %lld (u takes it back)\n",
			    (long long)c->id);
			break;
		}
		if (key == 'b') {
			if (card_bury(s->st, c->id, queue_today(s->queue),
			    &cause) != 0) {
				printf("bury: %s\n", cause);
				free(cause);
				cause = NULL;
				continue;
			}
			session_remember(s, SESSION_BURY, item)->buried_before =
			    c->buried_until;
			printf("buried card %lld until tomorrow (u takes it "
			    "back)\n", (long long)c->id);
			break;
		}
		if ((key == 'e' && !revealed) || key == 'E') {
			session_edit(s, &c);
			session_print_side(c->front);
			if (revealed)
				session_print_back(c);
			continue;
		}
		if (!revealed) {
			if (key == '\r' || key == '\n' || key == ' ') {
				revealed = 1;
				session_print_back(c);
			} else if (session_grade_key(key) >= 0)
				printf("press Enter to see the answer "
				    "first\n");
			else if (key != TERM_KEY_ESCAPE)
				printf("press Enter to see the answer, or ? "
				    "for the keys\n");
			continue;
		}
		if ((grade = session_grade_key(key)) >= 0) {
			session_answer(s, item, grade, term_seconds() - shown);
			break;
		}
		if (key != TERM_KEY_ESCAPE)
			printf("grade it 0-5 (or a h g e), or ? for the keys\n");
	}
	card_free(c);
}

/*
 * The closing lines: what was done, and what is still due (or, if that
 * cannot be read, -1 with cause).
 */
static int
session_summary(struct session *s, char **cause)
{
	struct due_counts	 c;
	char			*took;
	int			 t, due = 0, fresh = 0, again = 0;

	took = format_duration((int)(term_seconds() - s->started));
	if (s->answers == 0)
		printf("\nNo answers this session (%s).\n", took);
	else
		printf("\nSession over: %d answer%s on %d card%s (%d review%s, "
		    "%d new), %d%% correct, %s.\n", s->answers,
		    s->answers == 1 ? "" : "s", s->cards, s->cards == 1 ? "" :
		    "s", s->reviews, s->reviews == 1 ? "" : "s", s->fresh,
		    (s->correct * 100 + s->answers / 2) / s->answers, took);
	free(took);
	if (queue_counts(s->st, clock_now(), s->deck, &c, cause) != 0)
		return -1;
	for (t = 0; t < TRACK_COUNT; t++) {
		due += c.due[t];
		fresh += c.fresh[t];
		again += c.again[t];
	}
	if (due + fresh + again == 0)
		return queue_print_nothing_due(s->st, s->deck,
		    queue_today(s->queue), cause);
	printf("Still due today: %d review%s, %d new, %d again (need "
	    "%d, want %d).\n", due, due == 1 ? "" : "s", fresh, again,
	    c.due[TRACK_NEED] + c.again[TRACK_NEED] + c.fresh[TRACK_NEED],
	    c.due[TRACK_WANT] + c.again[TRACK_WANT] + c.fresh[TRACK_WANT]);
	return 0;
}

static enum cmd_retval
cmd_review_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct session		 s;
	struct queue_item	 item;
	const char		*value;
	char			*cause = NULL, *span;
	long long		 n = -1;
	int			 seconds = 0, reviews, fresh, again, ret;

	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	if ((value = args_get(args, "time")) != NULL &&
	    strcmp(value, "off") != 0 &&
	    parse_duration(value, &seconds, &cause) != 0) {
		cmd_error(ctx, "review: %s", cause);
		free(cause);
		return CMD_RETURN_USAGE;
	}
	if ((value = args_get(args, "new")) != NULL &&
	    parse_int(value, 0, 100000, &n) != 0)
		return cmd_usage(ctx, "review: bad --new '%s' (a count)",
		    value);
	if (cmd_terminal_check(ctx) != 0)
		return CMD_RETURN_ERROR;
	s.st = ctx_store(ctx);
	if (args->argc > 0) {
		if (deck_filter_check(ctx, args->argv[0]) != 0)
			return CMD_RETURN_ERROR;
		s.deck = args->argv[0];
	}
	if (args_get(args, "time") == NULL)
		seconds = settings_int(s.st, SETTING_SESSION);

	if ((s.queue = queue_create(s.st, clock_now(), s.deck, (int)n,
	    &cause)) == NULL)
		goto fail;
	queue_left(s.queue, &reviews, &fresh, &again);
	if (reviews + fresh + again == 0) {
		ret = queue_print_nothing_due(s.st, s.deck,
		    queue_today(s.queue), &cause);
		queue_free(s.queue);
		if (ret != 0)
			goto fail;
		return CMD_RETURN_NORMAL;
	}
	s.started = term_seconds();
	if (seconds > 0)
		s.deadline = s.started + seconds;
	span = seconds > 0 ? format_duration(seconds) : NULL;
	printf("Review%s%s: %d due, %d new, %d again%s%s.  Enter shows the "
	    "answer; ? lists the keys.\n", s.deck != NULL ? " of " : "",
	    s.deck != NULL ? s.deck : "", reviews, fresh, again,
	    span != NULL ? "; timeboxed to " : "", span != NULL ? span : "");
	free(span);
	if (term_raw() != 0) {
		cmd_error(ctx, "review: cannot set up the terminal");
		queue_free(s.queue);
		return CMD_RETURN_ERROR;
	}
	while (!s.quit) {
		if (s.deadline > 0 && term_seconds() >= s.deadline) {
			printf("\nTime is up.\n");
			break;
		}
		if (!queue_next(s.queue, &item)) {
			printf("\nAll done for now.\n");
			break;
		}
		session_card(&s, &item);
	}
	term_cooked();
	cause = s.failure;
	ret = cause != NULL ? -1 : session_summary(&s, &cause);
	queue_free(s.queue);
	free(s.done);
	if (ret == 0)
		return CMD_RETURN_NORMAL;
fail:
	cmd_error(ctx, "review: %s", cause);
	free(cause);
	return CMD_RETURN_ERROR;
}
