/*
 * Finding what a command acts on: the cards and decks its arguments name,
 * reported to the person when they do not exist.  Between the commands
 * and the models, which know nothing of arguments.
 */

#include "config.h"

#include <stdlib.h>

#include "recall.h"

/*
 * Are these all card ids in form?  One that is not is a usage error (2),
 * unlike an id no card has (1): check them before resolving any.
 */
enum cmd_retval
card_ids_check(struct cmd_ctx *ctx, int argc, char **argv)
{
	long long	id;
	int		i;

	for (i = 0; i < argc; i++) {
		if (parse_int(argv[i], 1, INT64_MAX, &id) != 0)
			return cmd_usage(ctx, "bad card id '%s' (a number, as "
			    "'cards' shows)", argv[i]);
	}
	return CMD_RETURN_NORMAL;
}

/* Find a card by the id a person typed, or report why not. */
struct card *
card_resolve(struct cmd_ctx *ctx, const char *arg)
{
	struct card	*c;
	char		*cause = NULL;
	long long	 id;

	if (parse_int(arg, 1, INT64_MAX, &id) != 0) {
		cmd_error(ctx, "bad card id '%s' (a number, as 'cards' shows)",
		    arg);
		return NULL;
	}
	if ((c = card_get(ctx_store(ctx), id, &cause)) == NULL) {
		if (cause != NULL)
			cmd_error(ctx, "%s", cause);
		else
			cmd_error(ctx, "no card %lld", id);
		free(cause);
	}
	return c;
}

/*
 * Find every card a command's arguments name, or report the first that
 * does not exist and return NULL: so a command changes all or none.
 */
struct card **
card_resolve_all(struct cmd_ctx *ctx, struct args *args)
{
	struct card	**cards;
	int		  i;

	cards = xcalloc((size_t)args->argc + 1, sizeof *cards);
	for (i = 0; i < args->argc; i++) {
		if ((cards[i] = card_resolve(ctx, args->argv[i])) == NULL) {
			card_list_free(cards, i);
			return NULL;
		}
	}
	return cards;
}

/*
 * Apply a change to each card in one transaction: all of them or, on an
 * error (reported, prefixed by what), none.
 */
int
card_apply_all(struct cmd_ctx *ctx, struct card **cards, int n,
    const char *what, int (*fn)(struct store *, struct card *, void *,
    char **), void *arg)
{
	struct store	*st = ctx_store(ctx);
	char		*cause = NULL;
	int		 i;

	if (store_begin(st, &cause) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if (fn(st, cards[i], arg, &cause) != 0) {
			store_rollback(st);
			goto fail;
		}
	}
	if (store_commit(st, &cause) != 0)
		goto fail;
	return 0;
fail:
	cmd_error(ctx, "%s: %s", what, cause);
	free(cause);
	return -1;
}

/* Suspend or unsuspend one card (arg points at the new state). */
static int
card_apply_suspended(struct store *st, struct card *c, void *arg,
    char **cause)
{
	c->suspended = *(int *)arg;
	return card_set_suspended(st, c->id, c->suspended, cause);
}

/*
 * Suspend (on) or unsuspend the cards named by a command's arguments, all
 * or none, and report each.
 */
enum cmd_retval
card_set_suspended_many(struct cmd_ctx *ctx, struct args *args, int on)
{
	struct card	**cards;
	struct json	 *j;
	int		  i;

	if (card_ids_check(ctx, args->argc, args->argv) != CMD_RETURN_NORMAL)
		return CMD_RETURN_USAGE;
	if ((cards = card_resolve_all(ctx, args)) == NULL)
		return CMD_RETURN_ERROR;
	if (card_apply_all(ctx, cards, args->argc, on ? "suspend" :
	    "unsuspend", card_apply_suspended, &on) != 0) {
		card_list_free(cards, args->argc);
		return CMD_RETURN_ERROR;
	}
	if (args_json(ctx, args)) {
		j = json_create(stdout);
		json_array_begin(j);
		for (i = 0; i < args->argc; i++)
			card_json(j, cards[i], NULL);
		json_array_end(j);
		json_free(j);
	} else if (!ctx->quiet) {
		for (i = 0; i < args->argc; i++) {
			printf("%s card %lld\n", on ? "suspended" :
			    "unsuspended", (long long)cards[i]->id);
		}
	}
	card_list_free(cards, args->argc);
	return CMD_RETURN_NORMAL;
}

/* Find a deck by name, or report that it is missing (or only a parent). */
struct deck *
deck_resolve(struct cmd_ctx *ctx, const char *name)
{
	struct deck	*d;
	char		*cause = NULL;

	if ((d = deck_find(ctx_store(ctx), name, &cause)) != NULL)
		return d;
	if (cause == NULL)
		cause = deck_missing(ctx_store(ctx), name);
	cmd_error(ctx, "%s", cause);
	free(cause);
	return NULL;
}

/*
 * Find a deck, or a parent of decks that has no row of its own: then a
 * deck with id 0 and only its name, standing for the decks under it.
 */
struct deck *
deck_resolve_parent(struct cmd_ctx *ctx, const char *name)
{
	struct store	*st = ctx_store(ctx);
	struct deck	*d;
	char		*cause = NULL;

	if ((d = deck_find(st, name, &cause)) != NULL)
		return d;
	if (cause != NULL || deck_count_under(st, name, &cause) <= 0) {
		if (cause != NULL)
			cmd_error(ctx, "%s", cause);
		else {
			cmd_error(ctx, "no deck named '%s' (see 'deck list')",
			    name);
		}
		free(cause);
		return NULL;
	}
	d = xcalloc(1, sizeof *d);
	d->name = xstrdup(name);
	return d;
}

/*
 * Check a deck filter names a deck or a parent of decks (ml for ml::x),
 * or report that it does not.
 */
int
deck_filter_check(struct cmd_ctx *ctx, const char *filter)
{
	struct deck	**list;
	char		 *cause = NULL;
	int		  n;

	list = deck_list(ctx_store(ctx), filter, &n, &cause);
	deck_list_free(list, n);
	if (cause != NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return -1;
	}
	if (n == 0) {
		cmd_error(ctx, "no deck named '%s' (see 'deck list')", filter);
		return -1;
	}
	return 0;
}
