#!/bin/sh
# Regression tests of import (issue 5), each named after what broke.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# Nested clozes made nonsense cards instead of an error with FILE:LINE:.
printf 'ok :: fine\nThe {{a {{b}} c}} end\n' >"$TMP/nested.md"
run recall import "$TMP/nested.md"
status "a nested cloze is an error" 1
like "and it names the file and line" "$err" "nested.md:2: nested cloze"
run recall cards --json
is "and nothing of the file is imported" "$(jqr 'length')" 0

# {{c1::a::b::c}} made a card whose hint was "b::c".
printf 'x {{c1::a::b::c}}\n' >"$TMP/hints.md"
run recall import "$TMP/hints.md"
status "a cloze with two hints is an error" 1
like "and it names the file and line" "$err" \
    "hints.md:1: cloze '\{\{c1::a::b::c\}\}' has more than a text and a hint"

# 100,000 nested '{{' on one line made a nonsense card (and recursed).
awk 'BEGIN { s = ""; for (i = 0; i < 100000; i++) s = s "{{"; print s "x" }' \
    >"$TMP/deep.md"
run recall import "$TMP/deep.md"
status "100,000 nested '{{' are an error" 1
like "with its line" "$err" "deep.md:1: nested cloze"

# A line of only #tags in the middle of a section tagged only the cards after it.
printf '# Optimizers\nAdam :: adaptive moments\n#ml\nSGD :: plain steps\n# Other\nWarmup :: ramp up\n' \
    >"$TMP/tags.md"
recall -q import "$TMP/tags.md" --deck tags
run recall cards --deck tags --json
is "a section's tags line tags the cards above it" \
    "$(jqr '[.[] | select(.front == "Adam") | .tags | join(" ")] | join(",")')" "ml"
is "and those below it" \
    "$(jqr '[.[] | select(.front == "SGD") | .tags | join(" ")] | join(",")')" "ml"
is "but not those of the next section" \
    "$(jqr '[.[] | select(.front == "Warmup") | .tags | join(" ")] | join(",")')" ""

# Importing standard input twice into one deck suspended the first import's cards.
printf 'alpha :: one\n' | recall -q import - --deck snip
printf 'beta :: two\n' | recall -q import - --deck snip
run recall cards --deck snip --json
is "a second stdin import keeps the first one's cards" \
    "$(jqr '[.[] | select(.suspended | not) | .front] | sort | join(",")')" \
    "alpha,beta"
printf 'alpha :: one\n' | recall -q import - --deck snip
run recall cards --deck snip --json
is "and the same text piped again is not duplicated" "$(jqr 'length')" 2

# Standard input without --deck made a deck named "<stdin>".
printf 'gamma :: three\n' >"$TMP/gamma.txt"
run recall import - <"$TMP/gamma.txt"
status "stdin without --deck imports" 0
run recall deck list --json
unlike "and no deck is called <stdin>" "$out" "<stdin>"
run recall cards --deck stdin --json
is "its cards go to the deck stdin" "$(jqr '.[0].front')" gamma

done_testing
