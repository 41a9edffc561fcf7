/*
 * Unit tests of queue-session.c, the queue of a review session without a
 * database: time balanced between the tracks and the decks, failed cards
 * coming back, undo, and the new cards of --new shared between tracks.
 */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "recall.h"

/* Give a deck n cards of a kind, with ids from first up. */
static void
add_cards(struct queue *q, int deck, int kind, int64_t first, int n)
{
	int i;

	for (i = 0; i < n; i++)
		queue_add_card(q, deck, kind, first + i);
}

/* Take the next card, which must be id, of kind; answer it. */
static void
take(struct queue *q, int64_t id, int kind, int again, double seconds)
{
	struct queue_item item;

	assert_true(queue_next(q, &item));
	assert_int_equal(item.id, id);
	assert_int_equal(item.kind, kind);
	queue_answered(q, &item, again, seconds);
}

/* Review time splits by the tracks' shares; a deck gives most overdue
 * first. */
static void
test_tracks(void **state)
{
	struct queue		*q = queue_alloc(100, 0.7);
	struct queue_item	 item;
	int			 need, want, i, count[TRACK_COUNT] = { 0, 0 };
	int64_t			 last[TRACK_COUNT] = { 0, 0 };

	(void)state;
	need = queue_add_deck(q, 1, TRACK_NEED, 1, 0, 0, 0);
	want = queue_add_deck(q, 2, TRACK_WANT, 1, 0, 0, 0);
	add_cards(q, need, QUEUE_REVIEW, 1000, 100);
	add_cards(q, want, QUEUE_REVIEW, 2000, 100);
	for (i = 0; i < 50; i++) {
		assert_true(queue_next(q, &item));
		assert_int_equal(item.kind, QUEUE_REVIEW);
		assert_int_equal(item.deck, item.track == TRACK_NEED ? need :
		    want);
		/* In the order the loader gave them. */
		assert_true(item.id > last[item.track]);
		last[item.track] = item.id;
		count[item.track]++;
		queue_answered(q, &item, 0, 10);
	}
	assert_in_range(count[TRACK_NEED], 34, 36);
	queue_free(q);
}

/* Time in the balance window counts: the track behind goes first. */
static void
test_window(void **state)
{
	struct queue		*q = queue_alloc(100, 0.5);
	struct queue_item	 item;
	int			 need, want;

	(void)state;
	need = queue_add_deck(q, 1, TRACK_NEED, 1, 0, 600, 60);
	want = queue_add_deck(q, 2, TRACK_WANT, 1, 0, 0, 0);
	add_cards(q, need, QUEUE_REVIEW, 10, 5);
	add_cards(q, want, QUEUE_REVIEW, 20, 5);
	assert_true(queue_next(q, &item));
	assert_int_equal(item.track, TRACK_WANT);
	/* The estimate is the window's time per answer, or a default. */
	assert_true(queue_estimate(q, TRACK_NEED) == 10);
	assert_true(queue_estimate(q, TRACK_WANT) == QUEUE_DEFAULT_SECONDS);
	queue_free(q);
}

/* Never idle: when one track runs out, the other goes on, then done. */
static void
test_never_idle(void **state)
{
	struct queue		*q = queue_alloc(100, 0.7);
	struct queue_item	 item;
	int			 need, want, n = 0, reviews, fresh, again;

	(void)state;
	need = queue_add_deck(q, 1, TRACK_NEED, 1, 0, 0, 0);
	want = queue_add_deck(q, 2, TRACK_WANT, 1, 0, 0, 0);
	add_cards(q, need, QUEUE_REVIEW, 10, 2);
	add_cards(q, want, QUEUE_REVIEW, 20, 5);
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(reviews, 7);
	while (queue_next(q, &item)) {
		queue_answered(q, &item, 0, 10);
		n++;
	}
	assert_int_equal(n, 7);
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(reviews + fresh + again, 0);
	queue_free(q);
}

/* Inside a track, decks share by weight. */
static void
test_weights(void **state)
{
	struct queue		*q = queue_alloc(100, 1);
	struct queue_item	 item;
	int			 a, b, i, count[2] = { 0, 0 };

	(void)state;
	a = queue_add_deck(q, 1, TRACK_NEED, 3, 0, 0, 0);
	b = queue_add_deck(q, 2, TRACK_NEED, 1, 0, 0, 0);
	add_cards(q, a, QUEUE_REVIEW, 100, 50);
	add_cards(q, b, QUEUE_REVIEW, 200, 50);
	for (i = 0; i < 40; i++) {
		assert_true(queue_next(q, &item));
		count[item.deck == a ? 0 : 1]++;
		queue_answered(q, &item, 0, 10);
	}
	assert_in_range(count[0], 29, 31);
	queue_free(q);
}

/* A failed card comes back three cards later, until it is passed. */
static void
test_again(void **state)
{
	struct queue		*q = queue_alloc(100, 0.7);
	struct queue_item	 item;
	int			 d, reviews, fresh, again;

	(void)state;
	d = queue_add_deck(q, 1, TRACK_NEED, 1, 0, 0, 0);
	add_cards(q, d, QUEUE_REVIEW, 1, 5);
	take(q, 1, QUEUE_REVIEW, 1, 10);
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(reviews, 4);
	assert_int_equal(again, 1);
	take(q, 2, QUEUE_REVIEW, 0, 10);
	take(q, 3, QUEUE_REVIEW, 0, 10);
	take(q, 4, QUEUE_REVIEW, 0, 10);
	/* Failed again: it comes back again. */
	take(q, 1, QUEUE_AGAIN, 1, 10);
	take(q, 5, QUEUE_REVIEW, 0, 10);
	/* Nothing else left: at once.  Passed: it stays away. */
	take(q, 1, QUEUE_AGAIN, 0, 10);
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(reviews + fresh + again, 0);
	assert_false(queue_next(q, &item));
	queue_free(q);
}

/* Cards failed earlier today come first, if their deck is in the queue. */
static void
test_again_earlier(void **state)
{
	struct queue		*q = queue_alloc(100, 0.7);
	struct queue_item	 item;
	int			 d, reviews, fresh, again;

	(void)state;
	d = queue_add_deck(q, 7, TRACK_WANT, 1, 5, 0, 0);
	add_cards(q, d, QUEUE_NEW, 1, 2);
	queue_add_again(q, 50, 7);
	queue_add_again(q, 60, 8);	/* another deck: not this session */
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(again, 1);
	assert_int_equal(fresh, 2);
	take(q, 50, QUEUE_AGAIN, 0, 10);
	take(q, 1, QUEUE_NEW, 0, 10);
	take(q, 2, QUEUE_NEW, 0, 10);
	assert_false(queue_next(q, &item));
	queue_free(q);
}

/*
 * Undo: the card comes next, as what it was, before the card that was on
 * screen; its quota is not spent twice and its time no longer counts.
 */
static void
test_undo(void **state)
{
	struct queue		*q = queue_alloc(100, 0.5);
	struct queue_item	 a, b, item;
	int			 need, want, reviews, fresh, again;

	(void)state;
	need = queue_add_deck(q, 1, TRACK_NEED, 1, 1, 0, 0);
	want = queue_add_deck(q, 2, TRACK_WANT, 1, 0, 0, 0);
	add_cards(q, need, QUEUE_NEW, 10, 2);
	add_cards(q, want, QUEUE_REVIEW, 20, 5);
	/* Ties go to the first track: need, with its one new card. */
	assert_true(queue_next(q, &a));
	assert_int_equal(a.id, 10);
	queue_answered(q, &a, 1, 100);
	assert_true(queue_next(q, &b));
	assert_int_equal(b.id, 20);
	/* u with card 20 on screen: 10 comes back, then 20. */
	queue_push(q, &b);
	queue_undone(q, &a, 100);
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(fresh, 1);
	assert_int_equal(reviews, 5);
	assert_int_equal(again, 0);
	take(q, 10, QUEUE_NEW, 0, 10);
	take(q, 20, QUEUE_REVIEW, 0, 20);
	/* Need has 10 s, want 20: need is owed, but its quota is spent. */
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(fresh, 0);
	assert_int_equal(again, 0);
	assert_true(queue_next(q, &item));
	assert_int_equal(item.id, 21);
	queue_free(q);
}

/* Undone time counts no more: the track it came from is owed again. */
static void
test_undo_time(void **state)
{
	struct queue		*q = queue_alloc(100, 0.5);
	struct queue_item	 item;
	int			 need, want;

	(void)state;
	need = queue_add_deck(q, 1, TRACK_NEED, 1, 0, 0, 0);
	want = queue_add_deck(q, 2, TRACK_WANT, 1, 0, 0, 0);
	add_cards(q, need, QUEUE_REVIEW, 10, 5);
	add_cards(q, want, QUEUE_REVIEW, 20, 5);
	assert_true(queue_next(q, &item));
	assert_int_equal(item.id, 10);
	queue_answered(q, &item, 0, 100);
	queue_undone(q, &item, 100);
	take(q, 10, QUEUE_REVIEW, 0, 10);
	take(q, 20, QUEUE_REVIEW, 0, 20);
	/* 10 s against 20: need (with the 100 s, it would be want). */
	take(q, 11, QUEUE_REVIEW, 0, 10);
	queue_free(q);
}

/* --new N: N new cards, split by the shares, a short track's part going
 * to the other. */
static void
test_share_new(void **state)
{
	struct queue		*q = queue_alloc(100, 0.7);
	struct queue_item	 item;
	int			 need, want, reviews, fresh, again;
	int			 count[TRACK_COUNT] = { 0, 0 };

	(void)state;
	need = queue_add_deck(q, 1, TRACK_NEED, 1, 0, 0, 0);
	want = queue_add_deck(q, 2, TRACK_WANT, 1, 0, 0, 0);
	add_cards(q, need, QUEUE_NEW, 100, 3);
	add_cards(q, want, QUEUE_NEW, 200, 10);
	queue_share_new(q, 10);
	queue_left(q, &reviews, &fresh, &again);
	assert_int_equal(fresh, 10);
	while (queue_next(q, &item)) {
		assert_int_equal(item.kind, QUEUE_NEW);
		count[item.track]++;
		queue_answered(q, &item, 0, 10);
	}
	assert_int_equal(count[TRACK_NEED], 3);
	assert_int_equal(count[TRACK_WANT], 7);
	queue_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracks),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_never_idle),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_again),
		cmocka_unit_test(test_again_earlier),
		cmocka_unit_test(test_undo),
		cmocka_unit_test(test_undo_time),
		cmocka_unit_test(test_share_new),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
