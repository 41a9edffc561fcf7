/*
 * Unit tests of identity.c: which card of a re-imported summary is which
 * card already in the collection.  Unchanged, edited (typos fixed), new,
 * removed, reordered, moved, duplicated cards and cloze lines, and the
 * similarity measure they rest on.
 */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "recall.h"

/* Two doubles agree (the values compared here are exact ratios). */
static void
near(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("%.17g, want %.17g", got, want);
}

/* The cards of one summary, as identity sees them. */
struct side {
	struct summary		*s;
	struct identity_card	*cards;
	int			 n;
};

static void
side_parse(struct side *side, const char *text)
{
	int i;

	side->s = summary_parse("notes.md", text, strlen(text));
	if (side->s->nerrors != 0)
		fail_msg("summary error: %s", side->s->errors[0]);
	side->n = side->s->ncards;
	side->cards = xcalloc((size_t)side->n + 1, sizeof *side->cards);
	for (i = 0; i < side->n; i++) {
		const struct summary_card *c = &side->s->cards[i];

		side->cards[i].kind = c->kind;
		side->cards[i].cloze = c->cloze;
		side->cards[i].front = c->front;
		side->cards[i].back = c->back;
		side->cards[i].note = c->note;
		side->cards[i].context = c->context;
	}
}

/* Matching a new version of a summary against the old one. */
struct run {
	struct side		 old;
	struct side		 fresh;
	struct identity_match	*out;
	int			*used;
};

/*
 * The run under way: its memory is freed after the test even if an
 * assertion fails (the test's own copy is gone with its stack by then).
 */
static struct run live;

static void
run_match(struct run *r, const char *old, const char *fresh)
{
	int i;

	memset(&live, 0, sizeof live);
	side_parse(&live.old, old);
	side_parse(&live.fresh, fresh);
	live.out = xcalloc((size_t)live.fresh.n + 1, sizeof *live.out);
	live.used = xcalloc((size_t)live.old.n + 1, sizeof *live.used);
	/* Whatever is in them before, identity_match sets it all. */
	for (i = 0; i < live.fresh.n; i++) {
		live.out[i].kind = MATCH_EDITED;
		live.out[i].old = 12345;
		live.out[i].similarity = -1;
	}
	for (i = 0; i < live.old.n; i++)
		live.used[i] = 7;
	identity_match(live.old.cards, live.old.n, live.fresh.cards,
	    live.fresh.n, live.out, live.used);
	*r = live;
}

static void
run_free(struct run *r)
{
	summary_free(r->old.s);
	summary_free(r->fresh.s);
	free(r->old.cards);
	free(r->fresh.cards);
	free(r->out);
	free(r->used);
	memset(&live, 0, sizeof live);
}

static int
teardown(void **state)
{
	(void)state;
	run_free(&live);
	return 0;
}

static const char *
match_name(int kind)
{
	switch (kind) {
	case MATCH_NEW:
		return "new";
	case MATCH_UNCHANGED:
		return "unchanged";
	case MATCH_EDITED:
		return "edited";
	}
	return "?";
}

/* New card i is this kind of match, of this old card (-1 for none). */
static void
match_is(const struct identity_match *out, int i, int kind, int old)
{
	if ((int)out[i].kind != kind || out[i].old != old) {
		fail_msg("new card %d: %s of old %d, want %s of old %d", i,
		    match_name((int)out[i].kind), out[i].old,
		    match_name(kind), old);
	}
	if (kind == MATCH_NEW)
		near(out[i].similarity, 0);
	if (kind == MATCH_EDITED && (out[i].similarity < IDENTITY_THRESHOLD ||
	    out[i].similarity > 1))
		fail_msg("new card %d: edited with similarity %g", i,
		    out[i].similarity);
}

/* Which old cards were matched, as a string of 0s and 1s. */
static void
used_are(const int *used, int n, const char *want)
{
	int i;

	assert_int_equal(n, (int)strlen(want));
	for (i = 0; i < n; i++) {
		if (used[i] != want[i] - '0')
			fail_msg("old card %d: used is %d, want %c", i, used[i],
			    want[i]);
	}
}

/* The same text is similarity 1, whatever the minimum. */
static void
test_similarity_identical(void **state)
{
	(void)state;
	near(identity_similarity("abc", "abc", 0.6), 1);
	near(identity_similarity("", "", 0.6), 1);
	near(identity_similarity("", "", 1), 1);
	near(identity_similarity("日本語", "日本語", 1), 1);
	near(identity_similarity("a\nb", "a\nb", 0), 1);
}

/* Nothing in common with an empty text. */
static void
test_similarity_empty(void **state)
{
	(void)state;
	near(identity_similarity("", "abc", 0), 0);
	near(identity_similarity("abc", "", 0), 0);
	near(identity_similarity("", "abc", 0.6), 0);
	near(identity_similarity("x", "", 0), 0);
}

/* One less the edit distance over the longer length; symmetric. */
static void
test_similarity_values(void **state)
{
	(void)state;
	near(identity_similarity("kitten", "sitting", 0), 1 - 3.0 / 7);
	near(identity_similarity("sitting", "kitten", 0), 1 - 3.0 / 7);
	near(identity_similarity("abcd", "abce", 0), 0.75);
	near(identity_similarity("abcd", "abcde", 0), 0.8);
	near(identity_similarity("abcde", "bcde", 0), 0.8);
	near(identity_similarity("flaw", "lawn", 0), 0.5);
	near(identity_similarity("abc", "xyz", 0), 0);
	/* No transpositions: a swap is two edits. */
	near(identity_similarity("ab", "ba", 0), 0);
	near(identity_similarity("abcdefghij", "abcdeVWXYZ", 0), 0.5);
}

/* Lengths and edits are counted in characters, not bytes. */
static void
test_similarity_utf8(void **state)
{
	(void)state;
	near(identity_similarity("café", "cafe", 0), 0.75);
	near(identity_similarity("cafe", "café", 0), 0.75);
	near(identity_similarity("naïve", "naive", 0), 0.8);
	near(identity_similarity("日本語", "日本人", 0), 1 - 1.0 / 3);
	near(identity_similarity("é", "e", 0), 0);
	near(identity_similarity("😀a", "😀b", 0), 0.5);
	near(identity_similarity("日本語", "日本語abc", 0), 0.5);
	/* In bytes this would be 1 - 3/12, above the minimum. */
	near(identity_similarity("日本語", "日本語abc", 0.6), 0);
	near(identity_similarity("日本語x", "日本語", 0.7), 0.75);
}

/*
 * Texts surely below min give 0 without the whole computation; others
 * below it may give 0 or their value; at or above it, always the value.
 */
static void
test_similarity_early_exit(void **state)
{
	struct buf	a, b;
	double		sim;
	int		i;

	(void)state;
	/* 0.571 is below 0.6: either answer is below it. */
	sim = identity_similarity("kitten", "sitting", 0.6);
	assert_true(sim < 0.6);
	if (sim != 0)
		near(sim, 1 - 3.0 / 7);
	near(identity_similarity("kitten", "sitting", 0.5), 1 - 3.0 / 7);
	/* The lengths alone rule it out. */
	near(identity_similarity("a", "abcdefghij", 0), 0.1);
	near(identity_similarity("a", "abcdefghij", 0.5), 0);
	near(identity_similarity("abcdefghij", "a", 0.5), 0);
	/* Same length, too many edits. */
	near(identity_similarity("abcdefghij", "abcdeVWXYZ", 0.6), 0);
	near(identity_similarity("aaaaaaaaaa", "bbbbbbbbbb", 0.6), 0);
	/* The minimum itself is not cut off. */
	near(identity_similarity("abcde", "abcXY", 0.6), 0.6);
	near(identity_similarity("abcd", "abXY", 0.5), 0.5);
	near(identity_similarity("abcdefghi\n", "abcdWXYZi\n",
	    IDENTITY_THRESHOLD), 0.6);

	/* Long texts with nothing in common stop early. */
	buf_init(&a);
	buf_init(&b);
	for (i = 0; i < 5000; i++) {
		buf_putc(&a, 'a');
		buf_putc(&b, 'b');
	}
	near(identity_similarity(a.data, b.data, IDENTITY_THRESHOLD), 0);
	buf_free(&a);
	buf_free(&b);
}

/*
 * A similarity exactly at min is returned for any min, not only for the
 * ones whose 1 - min happens to round up in binary.
 */
static void
test_similarity_at_min(void **state)
{
	double sim;

	(void)state;
	sim = identity_similarity("abcdefghij", "abcdefghXY", 0.8);
	assert_true(sim >= 0.8);
	near(sim, 0.8);
	sim = identity_similarity("abcdefghij", "abcdefghiX", 0.9);
	assert_true(sim >= 0.9);
	near(sim, 0.9);
	sim = identity_similarity("abcdefghij", "abcdefgXYZ", 0.7);
	assert_true(sim >= 0.7);
	near(sim, 0.7);
}

/* The same summary again: every card unchanged, every old card used. */
static void
test_match_unchanged(void **state)
{
	struct run	r;
	int		i;

	(void)state;
	run_match(&r,
	    "# Training\n"
	    "Adam :: adaptive moments\n"
	    "Dropout ::: zeroing activations\n"
	    "Q: Why warm up?\nA: Unstable early steps.\n\n"
	    "Why layer norm?\n?\nPer example.\n\n"
	    "Defaults are {{c1::0.9}} and {{c2::0.999}}.\n"
	    "{{c1::Adam}} and {{c1::AdamW}} share it.\n",
	    "# Training\n"
	    "Adam :: adaptive moments\n"
	    "Dropout ::: zeroing activations\n"
	    "Q: Why warm up?\nA: Unstable early steps.\n\n"
	    "Why layer norm?\n?\nPer example.\n\n"
	    "Defaults are {{c1::0.9}} and {{c2::0.999}}.\n"
	    "{{c1::Adam}} and {{c1::AdamW}} share it.\n");
	assert_int_equal(r.fresh.n, 8);
	for (i = 0; i < r.fresh.n; i++) {
		match_is(r.out, i, MATCH_UNCHANGED, i);
		near(r.out[i].similarity, 1);
	}
	used_are(r.used, r.old.n, "11111111");
	run_free(&r);
}

/* Nothing old: all new.  Nothing new: nothing used. */
static void
test_match_empty(void **state)
{
	struct run r;

	(void)state;
	run_match(&r, "", "a :: b\nc :: d\n");
	match_is(r.out, 0, MATCH_NEW, -1);
	match_is(r.out, 1, MATCH_NEW, -1);
	run_free(&r);

	run_match(&r, "a :: b\nc :: d\n", "");
	used_are(r.used, r.old.n, "00");
	run_free(&r);

	run_match(&r, "", "");
	assert_int_equal(r.old.n, 0);
	assert_int_equal(r.fresh.n, 0);
	run_free(&r);
}

/* A typo fixed: the same card, edited, with its similarity. */
static void
test_match_typo_fixed(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "Adam :: adaptive moment estimaton\n"
	    "SGD :: stochastic gradient descent\n",
	    "Adam :: adaptive moment estimation\n"
	    "SGD :: stochastic gradient descent\n");
	/* The mean of the sides': (1 + (1 - 1/26)) / 2. */
	match_is(r.out, 0, MATCH_EDITED, 0);
	near(r.out[0].similarity, 1 - 1.0 / 52);
	match_is(r.out, 1, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "11");
	run_free(&r);

	/* In the front, in a Q:/A: card, in a '?' card. */
	run_match(&r,
	    "Adma :: adaptive moment estimation\n"
	    "Q: Why does Adam aply bias correction?\n"
	    "A: Its moments start at zero.\n\n"
	    "Why layer norm\nand not batch norm?\n?\n"
	    "It normalizes each exmaple on its own.\n",
	    "Adam :: adaptive moment estimation\n"
	    "Q: Why does Adam apply bias correction?\n"
	    "A: Its moments start at zero.\n\n"
	    "Why layer norm\nand not batch norm?\n?\n"
	    "It normalizes each example on its own.\n");
	match_is(r.out, 0, MATCH_EDITED, 0);
	match_is(r.out, 1, MATCH_EDITED, 1);
	match_is(r.out, 2, MATCH_EDITED, 2);
	/* Two edits in a back of 38 characters, the front the same. */
	near(r.out[2].similarity, 1 - 1.0 / 38);
	used_are(r.used, r.old.n, "111");
	run_free(&r);
}

/* Reworded past the threshold: a new card, and the old one is removed. */
static void
test_match_rewritten(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "Dropout :: randomly zeroing activations during training\n",
	    "Which regularizer silences random units? :: dropout\n");
	/* The premise: neither side, nor the whole, is alike. */
	assert_true(identity_similarity(r.old.cards[0].front,
	    r.fresh.cards[0].front, 0) < 0.3);
	assert_true(identity_similarity(r.old.cards[0].back,
	    r.fresh.cards[0].back, 0) < 0.3);
	match_is(r.out, 0, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "0");
	run_free(&r);
}

/*
 * The same question with a longer answer is the same card: matched on the
 * mean of its sides' similarities when that beats the whole's.
 */
static void
test_match_longer_answer(void **state)
{
	struct run	r;
	double		back;

	(void)state;
	run_match(&r,
	    "# Norms\nWhy layer norm in transformers? :: it does not depend on "
	    "the batch\n",
	    "# Norms\nWhy layer norm in transformers? :: it does not depend on "
	    "the batch, so it behaves the same at inference\n");
	back = identity_similarity(r.old.cards[0].back,
	    r.fresh.cards[0].back, 0);
	assert_true(back < IDENTITY_THRESHOLD);
	match_is(r.out, 0, MATCH_EDITED, 0);
	near(r.out[0].similarity, (1 + back) / 2);
	used_are(r.used, r.old.n, "1");
	run_free(&r);

	/* Under another heading, it is not. */
	run_match(&r,
	    "# Norms\nWhy layer norm in transformers? :: it does not depend on "
	    "the batch\n",
	    "# Other\nWhy layer norm in transformers? :: it does not depend on "
	    "the batch, so it behaves the same at inference\n");
	match_is(r.out, 0, MATCH_NEW, -1);
	run_free(&r);
}

/* Moving cards around keeps every match. */
static void
test_match_reorder(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "Adam :: adaptive moments\n"
	    "SGD :: plain steps\n"
	    "Momentum :: a running average of gradients\n"
	    "Nesterov :: momentum with a look-ahead gradient\n",
	    "Nesterov :: momentum with a look-ahead gradient\n"
	    "SGD :: plain steps\n"
	    "Adam :: adaptive moments\n"
	    "Momentum :: a running average of gradients\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 3);
	match_is(r.out, 1, MATCH_UNCHANGED, 1);
	match_is(r.out, 2, MATCH_UNCHANGED, 0);
	match_is(r.out, 3, MATCH_UNCHANGED, 2);
	used_are(r.used, r.old.n, "1111");
	run_free(&r);
}

/* Reordered and edited at once. */
static void
test_match_reorder_and_edit(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "Adam :: adaptive moment estimaton\n"
	    "SGD :: stochastic gradient descent\n"
	    "Momentum :: a running average of gradients\n",
	    "Momentum :: a running average of the gradients\n"
	    "Adam :: adaptive moment estimation\n"
	    "SGD :: stochastic gradient descent\n");
	match_is(r.out, 0, MATCH_EDITED, 2);
	match_is(r.out, 1, MATCH_EDITED, 0);
	match_is(r.out, 2, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "111");
	run_free(&r);
}

/* A card deleted from the summary: its old card is left unmatched. */
static void
test_match_removed(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "Adam :: adaptive moments\n"
	    "SGD :: plain steps\n"
	    "Momentum :: a running average of gradients\n",
	    "Adam :: adaptive moments\n"
	    "Momentum :: a running average of gradients\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_UNCHANGED, 2);
	used_are(r.used, r.old.n, "101");
	run_free(&r);
}

/* A card added: new, and the others keep their matches. */
static void
test_match_added(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "Adam :: adaptive moments\n"
	    "Momentum :: a running average of gradients\n",
	    "Adam :: adaptive moments\n"
	    "RMSprop :: dividing by a running average of squared gradients\n"
	    "Momentum :: a running average of gradients\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_NEW, -1);
	match_is(r.out, 2, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "11");
	run_free(&r);
}

/* An unchanged card moved under another heading is still the same card. */
static void
test_match_moved_unchanged(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "# Optimizers\nAdam :: adaptive moment estimation\n# Methods\n",
	    "# Optimizers\n# Methods\nAdam :: adaptive moment estimation\n");
	assert_string_equal(r.fresh.cards[0].context, "Methods");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	used_are(r.used, r.old.n, "1");
	run_free(&r);
}

/* An edited card moved under another heading is not matched. */
static void
test_match_moved_edited(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "# Optimizers\nAdam :: adaptive moment estimaton\n",
	    "# Methods\nAdam :: adaptive moment estimation\n");
	match_is(r.out, 0, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "0");
	run_free(&r);

	/* The same heading at another level is another context. */
	run_match(&r,
	    "# Training\n## Optimizers\nAdam :: adaptive moment estimaton\n",
	    "# Optimizers\nAdam :: adaptive moment estimation\n");
	match_is(r.out, 0, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "0");
	run_free(&r);
}

/* An edit is matched under its own heading, not a twin elsewhere. */
static void
test_match_edit_same_context(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "# A\nAdam :: adaptive moment estimaton\n"
	    "# B\nAdam :: adaptive moment estimaton\n",
	    "# B\nAdam :: adaptive moment estimation\n");
	match_is(r.out, 0, MATCH_EDITED, 1);
	used_are(r.used, r.old.n, "01");
	run_free(&r);
}

/* Kinds: a basic card is never a reverse one, nor the other way. */
static void
test_match_kinds(void **state)
{
	struct run r;

	(void)state;
	/* :: made :::: the basic card stays, the reverse is new. */
	run_match(&r, "Paris :: the capital of France\n",
	    "Paris ::: the capital of France\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_NEW, -1);
	run_free(&r);

	/* ::: made ::: the reverse card is removed. */
	run_match(&r, "Paris ::: the capital of France\n",
	    "Paris :: the capital of France\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	used_are(r.used, r.old.n, "10");
	run_free(&r);

	/* A typo in a ::: card: each card keeps its own. */
	run_match(&r, "Paris ::: the capital of Frnace\n",
	    "Paris ::: the capital of France\n");
	match_is(r.out, 0, MATCH_EDITED, 0);
	match_is(r.out, 1, MATCH_EDITED, 1);
	assert_int_equal(r.fresh.cards[1].kind, KIND_REVERSE);
	run_free(&r);

	/* The sides swapped: the reverse is not the old basic card. */
	run_match(&r, "Paris :: the capital of France\n",
	    "the capital of France ::: Paris\n");
	match_is(r.out, 1, MATCH_NEW, -1);
	match_is(r.out, 0, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "0");
	run_free(&r);
}

/* Duplicates: each old card is matched once, in order. */
static void
test_match_duplicates(void **state)
{
	struct run r;

	(void)state;
	run_match(&r, "a :: b\n", "a :: b\na :: b\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "1");
	run_free(&r);

	run_match(&r, "a :: b\na :: b\n", "a :: b\na :: b\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "11");
	run_free(&r);

	run_match(&r, "a :: b\na :: b\n", "a :: b\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	used_are(r.used, r.old.n, "10");
	run_free(&r);

	/* Two typo-fixed twins take one old twin each. */
	run_match(&r,
	    "Adam :: adaptive moment estimaton\n"
	    "Adam :: adaptive moment estimaton\n",
	    "Adam :: adaptive moment estimation\n"
	    "Adam :: adaptive moment estimation\n");
	match_is(r.out, 0, MATCH_EDITED, 0);
	match_is(r.out, 1, MATCH_EDITED, 1);
	used_are(r.used, r.old.n, "11");
	run_free(&r);
}

/*
 * Exact twins under two headings: each keeps its own heading's card, so a
 * section's review history stays with that section.
 */
static void
test_match_duplicates_by_context(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "# A\nAdam :: adaptive moments\n# B\nAdam :: adaptive moments\n",
	    "# B\nAdam :: adaptive moments\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "01");
	run_free(&r);

	/* The sections swapped. */
	run_match(&r,
	    "# A\nAdam :: adaptive moments\n# B\nAdam :: adaptive moments\n",
	    "# B\nAdam :: adaptive moments\n# A\nAdam :: adaptive moments\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 1);
	match_is(r.out, 1, MATCH_UNCHANGED, 0);
	run_free(&r);
}

/* A card built by hand, with no cloze. */
static struct identity_card
card(const char *front, const char *back, const char *context)
{
	struct identity_card c;

	memset(&c, 0, sizeof c);
	c.kind = KIND_BASIC;
	c.front = front;
	c.back = back;
	c.context = context;
	return c;
}

/*
 * The most similar pairs are taken first: new card 1 is closest to old
 * card 1, so new card 0, though closer to old 1 than to old 0, gets old 0.
 * (Each card's back is its front, so d edits in a front are 2d in the
 * card's 21 characters: similarity 1 - 2d/21, above the sides' 1 - d/10.)
 */
static void
test_match_best_pairs_first(void **state)
{
	struct identity_card	old[2], fresh[2];
	struct identity_match	out[2];
	int			used[2];

	(void)state;
	old[0] = card("abcdeKKKKK", "abcdeKKKKK", "");
	old[1] = card("abcdefghij", "abcdefghij", "");
	fresh[0] = card("abcdefghKK", "abcdefghKK", "");
	fresh[1] = card("abcdefghiK", "abcdefghiK", "");
	/* The premise. */
	near(identity_similarity(fresh[1].front, old[1].front, 0), 0.9);
	near(identity_similarity(fresh[0].front, old[1].front, 0), 0.8);
	near(identity_similarity(fresh[0].front, old[0].front, 0), 0.7);
	near(identity_similarity(fresh[1].front, old[0].front, 0), 0.6);

	identity_match(old, 2, fresh, 2, out, used);
	match_is(out, 0, MATCH_EDITED, 0);
	near(out[0].similarity, 1 - 6.0 / 21);
	match_is(out, 1, MATCH_EDITED, 1);
	near(out[1].similarity, 1 - 2.0 / 21);
	used_are(used, 2, "11");
}

/* An edit at exactly the threshold is matched; just below it is not. */
static void
test_match_threshold(void **state)
{
	struct identity_card	old[1], fresh[2];
	struct identity_match	out[2];
	int			used[1];

	(void)state;
	/* The sides: (1 + 0.2) / 2; the whole, 1 - 4/7, is less. */
	old[0] = card("q", "abcde", "H");
	fresh[0] = card("q", "aWXYZ", "H");
	identity_match(old, 1, fresh, 1, out, used);
	match_is(out, 0, MATCH_EDITED, 0);
	near(out[0].similarity, 0.6);
	used_are(used, 1, "1");

	/* (1 + 0) / 2 and 1 - 5/7. */
	fresh[1] = card("q", "VWXYZ", "H");
	identity_match(old, 1, fresh + 1, 1, out, used);
	match_is(out, 0, MATCH_NEW, -1);
	used_are(used, 1, "0");
}

/* An unchanged cloze line: every cloze card unchanged. */
static void
test_match_cloze_unchanged(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "The {{c1::Sun}} is a {{c2::star}}.\n",
	    "Intro prose.\n\nThe {{c1::Sun}} is a {{c2::star}}.\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "11");
	run_free(&r);
}

/*
 * One numbered cloze deleted from a line: the others keep their cards,
 * the deleted one's card is left unmatched.
 */
static void
test_match_cloze_deleted(void **state)
{
	struct run r;

	(void)state;
	/* Its braces taken off: the other cards read the same. */
	run_match(&r,
	    "Adam's defaults are beta1 = {{c1::0.9}}, beta2 = {{c2::0.999}} "
	    "and epsilon = {{c3::1e-8}}.\n",
	    "Adam's defaults are beta1 = {{c1::0.9}}, beta2 = 0.999 "
	    "and epsilon = {{c3::1e-8}}.\n");
	assert_int_equal(r.fresh.n, 2);
	assert_int_equal(r.fresh.cards[1].cloze, 3);
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_UNCHANGED, 2);
	used_are(r.used, r.old.n, "101");
	run_free(&r);

	/* Its text deleted too: the others are edited. */
	run_match(&r,
	    "Adam's defaults are beta1 = {{c1::0.9}}, beta2 = {{c2::0.999}} "
	    "and epsilon = {{c3::1e-8}}.\n",
	    "Adam's defaults are beta1 = {{c1::0.9}} "
	    "and epsilon = {{c3::1e-8}}.\n");
	match_is(r.out, 0, MATCH_EDITED, 0);
	match_is(r.out, 1, MATCH_EDITED, 2);
	used_are(r.used, r.old.n, "101");
	run_free(&r);

	/* The first one deleted: no card takes over c1's history. */
	run_match(&r,
	    "The Netflix Prize offered {{c1::1 million dollars}} for a "
	    "{{c2::10 percent}} improvement.\n",
	    "The Netflix Prize offered a prize for a "
	    "{{c2::10 percent}} improvement.\n");
	assert_int_equal(r.fresh.n, 1);
	match_is(r.out, 0, MATCH_EDITED, 1);
	used_are(r.used, r.old.n, "01");
	run_free(&r);
}

/* A cloze added to a line: the old ones keep their cards. */
static void
test_match_cloze_added(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "Adam's defaults are beta1 = {{c1::0.9}} and beta2 = 0.999.\n",
	    "Adam's defaults are beta1 = {{c1::0.9}} and beta2 = "
	    "{{c2::0.999}}.\n");
	/* c1's card reads the same: the new cloze shows as plain text. */
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "1");
	run_free(&r);

	/* A cloze added before it: c1 keeps its number and its card. */
	run_match(&r,
	    "Adam's defaults are beta1 = {{c1::0.9}} and beta2 = 0.999.\n",
	    "Adam's defaults are beta1 = {{c1::0.9}} and beta2 = "
	    "{{c2::0.999}}, epsilon {{c3::1e-8}}.\n");
	match_is(r.out, 0, MATCH_EDITED, 0);
	match_is(r.out, 1, MATCH_NEW, -1);
	match_is(r.out, 2, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "1");
	run_free(&r);
}

/* The text around the clozes edited: each cloze keeps its card. */
static void
test_match_cloze_line_edited(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "The {{c1::Sun}} is a {{c2::star}} at the centre of the solar "
	    "system.\n",
	    "The {{c1::Sun}} is a {{c2::star}} at the center of the solar "
	    "system.\n");
	match_is(r.out, 0, MATCH_EDITED, 0);
	match_is(r.out, 1, MATCH_EDITED, 1);
	near(r.out[0].similarity, identity_similarity(r.old.cards[0].note,
	    r.fresh.cards[0].note, 0));
	used_are(r.used, r.old.n, "11");
	run_free(&r);

	/* A cloze's own text edited. */
	run_match(&r,
	    "The universe is about {{c1::13.7 billion}} years old and the "
	    "Earth about {{c2::4.5 billion}}.\n",
	    "The universe is about {{c1::13.8 billion}} years old and the "
	    "Earth about {{c2::4.5 billion}}.\n");
	match_is(r.out, 0, MATCH_EDITED, 0);
	match_is(r.out, 1, MATCH_EDITED, 1);
	run_free(&r);
}

/* Cloze lines moved around keep their cards. */
static void
test_match_cloze_lines_reordered(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "The {{c1::Sun}} is a {{c2::star}}.\n"
	    "Water boils at {{c1::100}} degrees.\n"
	    "a :: b\n",
	    "a :: b\n"
	    "Water boils at {{c1::100}} degrees.\n"
	    "The {{c1::Sun}} is a {{c2::star}}.\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 3);
	match_is(r.out, 1, MATCH_UNCHANGED, 2);
	match_is(r.out, 2, MATCH_UNCHANGED, 0);
	match_is(r.out, 3, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "1111");
	run_free(&r);

	/* And edited as well. */
	run_match(&r,
	    "The {{c1::Sun}} is a {{c2::star}} in the Milky Way.\n"
	    "Water boils at {{c1::100}} degrees at sea level.\n",
	    "Water boils at {{c1::100}} degrees Celsius at sea level.\n"
	    "The {{c1::Sun}} is a {{c2::star}} in our Milky Way.\n");
	match_is(r.out, 0, MATCH_EDITED, 2);
	match_is(r.out, 1, MATCH_EDITED, 0);
	match_is(r.out, 2, MATCH_EDITED, 1);
	used_are(r.used, r.old.n, "111");
	run_free(&r);
}

/*
 * A cloze card is matched only within its own line: another line whose
 * card reads the same does not take it.
 */
static void
test_match_cloze_same_card_other_line(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "{{c1::Paris}} is in {{c2::France}}.\n",
	    "{{c1::Paris}} is in France.\n"
	    "{{c1::Paris}} is in {{c2::France}}.\n");
	/* The first line's card reads "[...] is in France." too. */
	assert_string_equal(r.fresh.cards[0].front, r.old.cards[0].front);
	assert_string_equal(r.fresh.cards[0].back, r.old.cards[0].back);
	match_is(r.out, 0, MATCH_NEW, -1);
	match_is(r.out, 1, MATCH_UNCHANGED, 0);
	match_is(r.out, 2, MATCH_UNCHANGED, 1);
	used_are(r.used, r.old.n, "11");
	run_free(&r);
}

/* Cloze lines follow the rules of headings too. */
static void
test_match_cloze_moved(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "# A\nThe {{c1::Sun}} is a {{c2::star}}.\n",
	    "# B\nThe {{c1::Sun}} is a {{c2::star}}.\n");
	match_is(r.out, 0, MATCH_UNCHANGED, 0);
	match_is(r.out, 1, MATCH_UNCHANGED, 1);
	run_free(&r);

	run_match(&r,
	    "# A\nThe {{c1::Sun}} is a {{c2::star}} in the Milky Way.\n",
	    "# B\nThe {{c1::Sun}} is a {{c2::star}} in our Milky Way.\n");
	match_is(r.out, 0, MATCH_NEW, -1);
	match_is(r.out, 1, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "00");
	run_free(&r);
}

/* A basic card is never matched to a cloze card, however alike. */
static void
test_match_cloze_not_basic(void **state)
{
	struct run r;

	(void)state;
	run_match(&r,
	    "The Sun is a :: star\n",
	    "The Sun is a {{star}}\n");
	match_is(r.out, 0, MATCH_NEW, -1);
	used_are(r.used, r.old.n, "0");
	run_free(&r);
}

/* Many cards, reversed: the hash table finds every one. */
static void
test_match_many(void **state)
{
	struct buf	a, b;
	struct run	r;
	int		i, n = 500;

	(void)state;
	buf_init(&a);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		buf_printf(&a, "front %d :: back %d\n", i, i);
		buf_printf(&b, "front %d :: back %d\n", n - 1 - i, n - 1 - i);
	}
	run_match(&r, a.data, b.data);
	assert_int_equal(r.fresh.n, n);
	for (i = 0; i < n; i++)
		match_is(r.out, i, MATCH_UNCHANGED, n - 1 - i);
	for (i = 0; i < n; i++)
		assert_int_equal(r.used[i], 1);
	run_free(&r);
	buf_free(&a);
	buf_free(&b);
}

/*
 * A re-import passes the old cards it matched as it read them as used,
 * all with the empty identity: they must cost nothing (they once made one
 * probe chain, quadratic in the deck), never be matched again, and leave
 * an unmatched old card of the same identity as a used one to be found.
 */
static void
test_match_many_used(void **state)
{
	struct identity_card	*old, *fresh;
	struct identity_match	*out;
	int			*used, i, n = 20000;

	(void)state;
	old = xcalloc((size_t)n, sizeof *old);
	fresh = xcalloc((size_t)n, sizeof *fresh);
	out = xcalloc((size_t)n, sizeof *out);
	used = xcalloc((size_t)n, sizeof *used);
	for (i = 0; i < n - 2; i++) {
		old[i] = card("", "", "");
		fresh[i] = card("front", "back", "");
		used[i] = 1;
		out[i].kind = MATCH_UNCHANGED;
		out[i].old = i;
		out[i].similarity = 1;
	}
	/* One used card keeps its identity: it is not matched twice. */
	old[n - 3] = card("q", "a", "");
	fresh[n - 3] = card("q", "a", "");
	old[n - 2] = card("q", "a", "");
	old[n - 1] = card("other", "x", "");
	fresh[n - 2] = card("q", "a", "");
	fresh[n - 1] = card("q", "a", "");
	for (i = n - 2; i < n; i++) {
		out[i].kind = MATCH_NEW;
		out[i].old = -1;
	}

	identity_probes = 0;
	identity_match_more(old, n, fresh, n, out, used);
	if (identity_probes > 4 * (unsigned long)n)
		fail_msg("%lu probes for %d old cards", identity_probes, n);
	for (i = 0; i < n - 1; i++)
		match_is(out, i, MATCH_UNCHANGED, i);
	match_is(out, n - 1, MATCH_NEW, -1);
	for (i = 0; i < n; i++)
		assert_int_equal(used[i], i != n - 1);
	free(old);
	free(fresh);
	free(out);
	free(used);
}

/* Many cards of one identity match in order, each in a few probes. */
static void
test_match_many_duplicates(void **state)
{
	struct identity_card	*old, *fresh;
	struct identity_match	*out;
	int			*used, i, n = 20000;

	(void)state;
	old = xcalloc((size_t)n, sizeof *old);
	fresh = xcalloc((size_t)n, sizeof *fresh);
	out = xcalloc((size_t)n, sizeof *out);
	used = xcalloc((size_t)n, sizeof *used);
	for (i = 0; i < n; i++) {
		old[i] = card("same", "card", i % 2 ? "odd" : "");
		fresh[i] = card("same", "card", i % 2 ? "odd" : "");
	}

	identity_probes = 0;
	identity_match(old, n, fresh, n, out, used);
	if (identity_probes > 4 * (unsigned long)n)
		fail_msg("%lu probes for %d old cards", identity_probes, n);
	for (i = 0; i < n; i++)
		match_is(out, i, MATCH_UNCHANGED, i);
	for (i = 0; i < n; i++)
		assert_int_equal(used[i], 1);
	free(old);
	free(fresh);
	free(out);
	free(used);
}

#define TEST(f) cmocka_unit_test_teardown(f, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_similarity_identical),
		TEST(test_similarity_empty),
		TEST(test_similarity_values),
		TEST(test_similarity_utf8),
		TEST(test_similarity_early_exit),
		TEST(test_similarity_at_min),
		TEST(test_match_unchanged),
		TEST(test_match_empty),
		TEST(test_match_typo_fixed),
		TEST(test_match_rewritten),
		TEST(test_match_longer_answer),
		TEST(test_match_reorder),
		TEST(test_match_reorder_and_edit),
		TEST(test_match_removed),
		TEST(test_match_added),
		TEST(test_match_moved_unchanged),
		TEST(test_match_moved_edited),
		TEST(test_match_edit_same_context),
		TEST(test_match_kinds),
		TEST(test_match_duplicates),
		TEST(test_match_duplicates_by_context),
		TEST(test_match_best_pairs_first),
		TEST(test_match_threshold),
		TEST(test_match_cloze_unchanged),
		TEST(test_match_cloze_deleted),
		TEST(test_match_cloze_added),
		TEST(test_match_cloze_line_edited),
		TEST(test_match_cloze_lines_reordered),
		TEST(test_match_cloze_same_card_other_line),
		TEST(test_match_cloze_moved),
		TEST(test_match_cloze_not_basic),
		TEST(test_match_many),
		TEST(test_match_many_used),
		TEST(test_match_many_duplicates),
	};

	return cmocka_run_group_tests_name("identity", tests, NULL, NULL);
}
