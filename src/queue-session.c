/*
 * A session's queue in memory: which card comes next, given the cards
 * queue.c loaded.  Cards failed today come back (SM-2's same-day rule);
 * otherwise the track furthest below its share of review time goes next,
 * the deck furthest below its weight inside the track, and inside the deck
 * the most overdue review, then new cards.  Pure: no SQLite, no clock.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* A failed card waiting to come back, after `ready` more cards. */
struct queue_again {
	int64_t	 id;
	int	 deck;		/* index into decks */
	int	 ready;		/* shown count when it may come back */
};

/* One deck's part of the queue. */
struct queue_deck {
	int64_t		 id;
	int		 track;
	double		 weight;	/* share inside its track */
	int		 new_left;	/* today's new limit left */
	double		 seconds;	/* review time in the window */
	int64_t		*due;		/* due reviews, most overdue first */
	int		 ndue, due_pos;
	int64_t		*fresh;		/* new cards, shallow layers first */
	int		 nfresh, fresh_pos;
};

struct queue {
	int			 today;
	struct queue_deck	*decks;
	int			 ndecks;
	double			 share[TRACK_COUNT];
	double			 seconds[TRACK_COUNT];	/* in the window */
	double			 window[TRACK_COUNT];	/* before the session */
	int			 answers[TRACK_COUNT];	/* in the window */
	int			 new_cap[TRACK_COUNT];	/* -1: deck limits */
	struct queue_again	*again;
	int			 nagain;
	struct queue_item	*pushed;	/* shown next, last first */
	int			 npushed;
	int			 shown;
};

/* How many cards a failed card waits before it comes back. */
#define QUEUE_AGAIN_GAP 3

/* An empty queue for a day, with the need track's share (0 to 1). */
struct queue *
queue_alloc(int today, double need_share)
{
	struct queue	*q = xcalloc(1, sizeof *q);
	int		 t;

	q->today = today;
	q->share[TRACK_NEED] = need_share;
	q->share[TRACK_WANT] = 1 - need_share;
	for (t = 0; t < TRACK_COUNT; t++)
		q->new_cap[t] = -1;
	return q;
}

/*
 * Add a deck: its track, weight, the new cards it may still give today,
 * and its review time and answers over the balance window.  Returns its
 * index, for queue_add_card.
 */
int
queue_add_deck(struct queue *q, int64_t id, int track, double weight,
    int new_left, double seconds, int answers)
{
	struct queue_deck *qd;

	q->decks = xreallocarray(q->decks, (size_t)q->ndecks + 1,
	    sizeof *q->decks);
	qd = &q->decks[q->ndecks];
	memset(qd, 0, sizeof *qd);
	qd->id = id;
	qd->track = track;
	qd->weight = weight;
	qd->new_left = new_left < 0 ? 0 : new_left;
	qd->seconds = seconds;
	q->seconds[track] += seconds;
	q->window[track] += seconds;
	q->answers[track] += answers;
	return q->ndecks++;
}

/* Append a card to a list, doubling it when it is full (0, 1, 2, 4...). */
static void
queue_append(int64_t **list, int *n, int64_t id)
{
	if ((*n & (*n - 1)) == 0)
		*list = xreallocarray(*list, *n == 0 ? 1 : 2 * (size_t)*n,
		    sizeof **list);
	(*list)[(*n)++] = id;
}

/*
 * Add a card to a deck: a due review (most overdue first) or a new card
 * (in the order they are to come), as the loader found it.
 */
void
queue_add_card(struct queue *q, int deck, int kind, int64_t id)
{
	struct queue_deck *qd = &q->decks[deck];

	if (kind == QUEUE_NEW)
		queue_append(&qd->fresh, &qd->nfresh, id);
	else
		queue_append(&qd->due, &qd->ndue, id);
}

/* Put a card on the list of those coming back, after ready shown. */
static void
queue_again_add(struct queue *q, int64_t id, int deck, int ready)
{
	q->again = xreallocarray(q->again, (size_t)q->nagain + 1,
	    sizeof *q->again);
	q->again[q->nagain].id = id;
	q->again[q->nagain].deck = deck;
	q->again[q->nagain].ready = ready;
	q->nagain++;
}

/*
 * A card whose answer earlier today brings it back: it comes first, if
 * its deck (by id) is in the queue.
 */
void
queue_add_again(struct queue *q, int64_t id, int64_t deck_id)
{
	int i;

	for (i = 0; i < q->ndecks; i++) {
		if (q->decks[i].id == deck_id) {
			queue_again_add(q, id, i, 0);
			return;
		}
	}
}

/*
 * Replace the daily new limits: new_cards this session, split between the
 * tracks by their shares, a track's unusable part going to the other.
 * After the cards are added: what each track has is what it was given.
 */
void
queue_share_new(struct queue *q, int new_cards)
{
	int i, have[TRACK_COUNT] = { 0, 0 };

	for (i = 0; i < q->ndecks; i++) {
		have[q->decks[i].track] += q->decks[i].nfresh;
		q->decks[i].new_left = new_cards;
	}
	balance_split(new_cards, q->share, have, q->new_cap);
}

/* Free a queue. */
void
queue_free(struct queue *q)
{
	int i;

	if (q == NULL)
		return;
	for (i = 0; i < q->ndecks; i++) {
		free(q->decks[i].due);
		free(q->decks[i].fresh);
	}
	free(q->decks);
	free(q->again);
	free(q->pushed);
	free(q);
}

/* Is the card already waiting to come back? */
static int
queue_again_find(struct queue *q, int64_t id)
{
	int i;

	for (i = 0; i < q->nagain; i++) {
		if (q->again[i].id == id)
			return i;
	}
	return -1;
}

/* Drop a card from the cards waiting to come back. */
static void
queue_again_remove(struct queue *q, int64_t id)
{
	int i = queue_again_find(q, id);

	if (i < 0)
		return;
	memmove(&q->again[i], &q->again[i + 1],
	    (size_t)(q->nagain - i - 1) * sizeof *q->again);
	q->nagain--;
}

/* Does a deck still have a card to give? */
static int
queue_deck_has(struct queue *q, struct queue_deck *qd)
{
	int t = qd->track;

	if (qd->due_pos < qd->ndue)
		return 1;
	if (qd->fresh_pos >= qd->nfresh)
		return 0;
	return q->new_cap[t] != 0 && (q->new_cap[t] > 0 || qd->new_left > 0);
}

/* Inside a track, the deck with a card most owed by its weight. */
static int
queue_pick_deck(struct queue *q, int t)
{
	double	*time, *share;
	int	*avail, i, pick;

	time = xcalloc((size_t)q->ndecks, sizeof *time);
	share = xcalloc((size_t)q->ndecks, sizeof *share);
	avail = xcalloc((size_t)q->ndecks, sizeof *avail);
	for (i = 0; i < q->ndecks; i++) {
		if (q->decks[i].track != t)
			continue;
		time[i] = q->decks[i].seconds;
		share[i] = q->decks[i].weight;
		avail[i] = queue_deck_has(q, &q->decks[i]);
	}
	balance_shares(share, share, q->ndecks);
	pick = balance_pick(time, share, avail, q->ndecks);
	free(time);
	free(share);
	free(avail);
	return pick;
}

/* Take a deck's next card: the most overdue review, then new cards. */
static void
queue_take(struct queue *q, int pick, struct queue_item *item)
{
	struct queue_deck *qd = &q->decks[pick];

	item->deck = pick;
	item->track = qd->track;
	if (qd->due_pos < qd->ndue) {
		item->id = qd->due[qd->due_pos++];
		item->kind = QUEUE_REVIEW;
	} else {
		item->id = qd->fresh[qd->fresh_pos++];
		item->kind = QUEUE_NEW;
		qd->new_left--;
		if (q->new_cap[qd->track] > 0)
			q->new_cap[qd->track]--;
	}
}

/* Take the i-th card waiting to come back. */
static void
queue_take_again(struct queue *q, int i, struct queue_item *item)
{
	item->id = q->again[i].id;
	item->deck = q->again[i].deck;
	item->track = q->decks[item->deck].track;
	item->kind = QUEUE_AGAIN;
	queue_again_remove(q, item->id);
}

/*
 * The next card, or 0 when the session is done.  A card failed today comes
 * back once QUEUE_AGAIN_GAP others have been shown (or at once, when
 * nothing else is left).
 */
int
queue_next(struct queue *q, struct queue_item *item)
{
	int i, t, available[TRACK_COUNT];

	memset(item, 0, sizeof *item);
	if (q->npushed > 0) {
		*item = q->pushed[--q->npushed];
		q->shown++;
		return 1;
	}
	for (i = 0; i < q->nagain; i++) {
		if (q->again[i].ready <= q->shown) {
			queue_take_again(q, i, item);
			q->shown++;
			return 1;
		}
	}

	/* Which tracks have something?  Then the one most owed time. */
	available[TRACK_NEED] = available[TRACK_WANT] = 0;
	for (i = 0; i < q->ndecks; i++) {
		if (queue_deck_has(q, &q->decks[i]))
			available[q->decks[i].track] = 1;
	}
	t = balance_pick(q->seconds, q->share, available, TRACK_COUNT);
	if (t < 0) {
		if (q->nagain == 0)
			return 0;
		queue_take_again(q, 0, item);
	} else
		queue_take(q, queue_pick_deck(q, t), item);
	q->shown++;
	return 1;
}

/*
 * Note an answer: its time counts for its track and deck, and an answer
 * that brings the card back today (the outcome's again_today) sends it
 * back for later in the session.
 */
void
queue_answered(struct queue *q, const struct queue_item *item, int again,
    double seconds)
{
	struct queue_deck *qd = &q->decks[item->deck];

	qd->seconds += seconds;
	q->seconds[qd->track] += seconds;
	queue_again_remove(q, item->id);
	if (again)
		queue_again_add(q, item->id, item->deck,
		    q->shown + QUEUE_AGAIN_GAP);
}

/* Put a card back at the front of the queue: it comes next. */
void
queue_push(struct queue *q, const struct queue_item *item)
{
	q->pushed = xreallocarray(q->pushed, (size_t)q->npushed + 1,
	    sizeof *q->pushed);
	q->pushed[q->npushed++] = *item;
	if (q->shown > 0)
		q->shown--;
}

/*
 * An answer was taken back: it no longer counts, and the card comes next
 * (its quota was spent when it was first taken, so it is not spent again).
 */
void
queue_undone(struct queue *q, const struct queue_item *item, double seconds)
{
	struct queue_deck *qd = &q->decks[item->deck];

	qd->seconds -= seconds;
	q->seconds[qd->track] -= seconds;
	queue_again_remove(q, item->id);
	queue_push(q, item);
}

/*
 * The expected time of a card on a track, from the balance window before
 * the session (a default when it has no answers).
 */
double
queue_estimate(struct queue *q, int track)
{
	double estimate;

	if (q->answers[track] <= 0)
		return QUEUE_DEFAULT_SECONDS;
	estimate = q->window[track] / q->answers[track];
	return estimate > 0 ? estimate : QUEUE_DEFAULT_SECONDS;
}

/* What is left: reviews, new cards and failed cards still to come. */
void
queue_left(struct queue *q, int *reviews, int *fresh, int *again)
{
	int i, t, n, pushed_new = 0, by_track[TRACK_COUNT] = { 0, 0 };

	*reviews = 0;
	*again = q->nagain;
	/* A card put back (taken back, or on screen during undo) is still
	 * what it was: a review, a new card or a repeat. */
	for (i = 0; i < q->npushed; i++) {
		if (q->pushed[i].kind == QUEUE_REVIEW)
			(*reviews)++;
		else if (q->pushed[i].kind == QUEUE_NEW)
			pushed_new++;
		else
			(*again)++;
	}
	for (i = 0; i < q->ndecks; i++) {
		struct queue_deck *qd = &q->decks[i];

		*reviews += qd->ndue - qd->due_pos;
		n = qd->nfresh - qd->fresh_pos;
		by_track[qd->track] += n < qd->new_left ? n : qd->new_left;
	}
	*fresh = pushed_new;
	for (t = 0; t < TRACK_COUNT; t++) {
		if (q->new_cap[t] >= 0 && by_track[t] > q->new_cap[t])
			by_track[t] = q->new_cap[t];
		*fresh += by_track[t];
	}
}

/* The day the queue was made for. */
int
queue_today(struct queue *q)
{
	return q->today;
}
