#!/bin/sh
# A listing whose reader leaves early (head) stops at the first failed
# write, quietly, and ends as SIGPIPE would (status 141), even when the
# parent ignores SIGPIPE; a script stops there too.  A full disk is still
# a write error, said so.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

NOW=2026-11-26T09:00:00Z
# 3000 cards: more than a pipe holds, whatever the listing.
awk 'BEGIN {
	print "---\ndeck: words\n---\n# Words"
	for (i = 1; i <= 3000; i++)
		printf "term number %d of the data :: its meaning, %d\n", i, i
}' >"$TMP/words.md"
recall -q --now "$NOW" import "$TMP/words.md"
recall -q deck set words new-per-day 5000
# Last in every listing: a card the pattern below cannot finish matching.
recall -q deck new zzz
recall -q add --deck zzz "$(printf '%05000d' 0 | tr 0 a)b" "too hard"

# piped DESC EXPECTED-STATUS ARGS...: run recall ARGS with SIGPIPE
# ignored, into a reader that takes one byte and leaves; $rc and $err are
# recall's.
piped() {
	_desc=$1
	_want=$2
	shift 2
	(
		trap '' PIPE
		{ "$RECALL" --now "$NOW" "$@" 2>"$TMP/.err"; echo $? \
		    >"$TMP/.rc"; } | head -c 1 >/dev/null
	)
	rc=$(cat "$TMP/.rc")
	err=$(cat "$TMP/.err")
	is "$_desc: status" "$rc" "$_want"
	is "$_desc: nothing said" "$err" ""
}

piped "cards into head" 141 cards
piped "cards --json into head" 141 cards --json
piped "cards --deck into head" 141 cards --deck words
piped "search into head" 141 search 'number \d+ of'
piped "due into head" 141 due
piped "due --json into head" 141 due --json
piped "export into head" 141 export --format anki-tsv
piped "export --format json into head" 141 export --format json

# The search stopped at the first failed write: it never reached the card
# the pattern cannot finish, which a whole run reports.
run recall --now "$NOW" search '(a+)+$'
status "a whole search that cannot try one card fails" 1
like "and says which" "$err" "skipped card"
piped "the same search into head" 141 search '(a+)+$'

# A script stops at the command whose output failed.
(
	trap '' PIPE
	printf 'cards\ndeck new after\n' | { "$RECALL" -f - 2>"$TMP/.err"; \
	    echo $? >"$TMP/.rc"; } | head -c 1 >/dev/null
)
is "a script into head: status" "$(cat "$TMP/.rc")" 141
is "a script into head: nothing said" "$(cat "$TMP/.err")" ""
run recall deck list
unlike "and the script stopped there" "$out" "after"

# With SIGPIPE at its default, the same status.
(
	trap - PIPE
	{ "$RECALL" --now "$NOW" cards 2>"$TMP/.err"; echo $? >"$TMP/.rc"; } |
	    head -c 1 >/dev/null
)
is "cards into head, SIGPIPE not ignored: status" "$(cat "$TMP/.rc")" 141

# Whole listings still succeed; a full disk is still an error.
run recall --now "$NOW" cards
status "cards, read to the end" 0
like "lists the last card" "$out" "zzz +aaaa"
if [ -w /dev/full ]; then
	(trap '' PIPE; "$RECALL" --now "$NOW" cards >/dev/full 2>"$TMP/.err";
	    echo $? >"$TMP/.rc")
	is "cards into a full disk: status" "$(cat "$TMP/.rc")" 1
	like "and says so" "$(cat "$TMP/.err")" "write error"
fi

done_testing
