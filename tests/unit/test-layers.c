/* Unit tests of layers.c: the gate that opens deeper layers. */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "recall.h"

/* Skim is always open; explore opens at the gate exactly. */
static void
test_gate_threshold(void **state)
{
	struct layer_stats s[LAYER_COUNT] = {
		{ 10, 7, 3 }, { 5, 0, 5 }, { 5, 0, 5 }
	};

	(void)state;
	assert_true(layer_open(s, 80, LAYER_SKIM));
	assert_false(layer_open(s, 80, LAYER_EXPLORE));
	assert_false(layer_open(s, 80, LAYER_DEEPEN));
	s[0].passed = 8;
	assert_true(layer_open(s, 80, LAYER_EXPLORE));
	assert_false(layer_open(s, 80, LAYER_DEEPEN));
	assert_int_equal(layer_deepest_open(s, 80), LAYER_EXPLORE);
}

/* Deepen needs every layer before it past the gate, not just explore. */
static void
test_gate_all_before(void **state)
{
	struct layer_stats s[LAYER_COUNT] = {
		{ 10, 5, 5 }, { 4, 4, 0 }, { 3, 0, 3 }
	};

	(void)state;
	assert_false(layer_open(s, 80, LAYER_DEEPEN));
	s[0].passed = 9;
	assert_true(layer_open(s, 80, LAYER_DEEPEN));
	assert_int_equal(layer_deepest_open(s, 80), LAYER_DEEPEN);
}

/* An empty layer holds nothing back; gate 0 opens everything. */
static void
test_gate_empty_and_zero(void **state)
{
	struct layer_stats empty[LAYER_COUNT] = {
		{ 0, 0, 0 }, { 0, 0, 0 }, { 6, 0, 6 }
	};
	struct layer_stats none[LAYER_COUNT] = {
		{ 10, 0, 10 }, { 10, 0, 10 }, { 10, 0, 10 }
	};

	(void)state;
	assert_true(layer_open(empty, 80, LAYER_DEEPEN));
	assert_true(layer_open(none, 0, LAYER_DEEPEN));
	assert_false(layer_open(none, 1, LAYER_EXPLORE));
	assert_true(layer_open(none, 100, LAYER_SKIM));
}

/* The percentage rounds down and is 100 for an empty layer. */
static void
test_percent(void **state)
{
	struct layer_stats a = { 3, 2, 1 }, b = { 0, 0, 0 };

	(void)state;
	assert_int_equal(layer_percent(&a), 66);
	assert_int_equal(layer_percent(&b), 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_threshold),
		cmocka_unit_test(test_gate_all_before),
		cmocka_unit_test(test_gate_empty_and_zero),
		cmocka_unit_test(test_percent),
	};

	return cmocka_run_group_tests_name("layers", tests, NULL, NULL);
}
