#!/bin/sh
# Regression tests for text that enters, decks, search, exit codes and
# numbers, each named after what broke.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

recall -q deck new text

# Tags with invalid UTF-8 were stored by add and edit.
run recall add --deck text --tags "$(printf 'ok\377')" front back
status "add refuses tags that are not UTF-8" 2
like "and says why" "$err" "tags have invalid UTF-8 \(byte 3\)"
recall -q add --deck text front back
run recall edit 1 --tags "$(printf 'ok\377')"
status "edit refuses tags that are not UTF-8" 2
run recall edit 1 --back "$(printf 'b\300ck')"
like "edit names the side and the byte" "$err" "back has invalid UTF-8 \(byte 2\)"
run recall show 1 --json
is "and nothing changed" "$(jqr '[.back, (.tags | length)] | @tsv')" "$(printf 'back\t0')"

# check said ok over text that import would refuse.
recall -q add --deck text second side
sqlite3 "$RECALL_DB" "UPDATE cards SET back = CAST(x'61ff62' AS TEXT) WHERE id = 1; UPDATE cards SET front = CAST(x'610062' AS TEXT) WHERE id = 2"
run recall check
status "check fails on invalid stored text" 1
like "it names the card with invalid UTF-8" "$out" "^card 1: its back has invalid UTF-8 \(byte 2\)"
like "and the card with a NUL" "$out" "^card 2: its front has a NUL byte \(byte 2\)"
run recall --json check
is "check --json lists both" "$(jqr '.problems | length')" 2
recall -q edit 1 --back fixed
recall -q delete 2 --force 2>/dev/null || recall -q delete 2
run recall check
status "check passes once they are fixed" 0

# search '(a+)+$' printed some matches, then died on the match limit.
recall -q deck new re
recall -q add --deck re aaa one
recall -q add --deck re "$(printf '%05000d' 0 | tr 0 a)b" two
recall -q add --deck re zaaa three
run recall search '(a+)+$' --deck re
status "a search that skips cards fails" 1
is "but lists every match it could decide" "$(printf '%s\n' "$out" | sed 1d | awk '{print $1}' | tr '\n' ' ')" "2 4 "
like "and names the skipped card once, at the end" "$err" "^recall: search: skipped card 3: the expression is too complex for its text \(PCRE2's match limit\)"
is "in one message" "$(printf '%s\n' "$err" | wc -l)" 1
run recall --json search '(a+)+$' --deck re
is "with --json the matches are still valid JSON" "$(jqr 'map(.id) | join(" ")')" "2 4"

# A parent of decks (ml for ml::a) worked in cards --deck, but deck show,
# deck set, deck rename and deck delete said it did not exist.
recall -q deck new ml::a
recall -q deck new ml::b --track want
recall -q deck new mlx
recall -q add --deck ml::a qa aa
recall -q add --deck ml::b qb ab
recall -q add --deck mlx qx ax
run recall deck show ml
status "deck show takes a parent" 0
like "it says what the parent holds" "$out" "^ml  \(the parent of 2 decks; no cards of its own\)"
like "and counts its decks' cards together" "$out" "^cards: 2 \(2 new"
run recall --json deck show ml
is "deck show --json on a parent" "$(jqr '[.parent, (.decks | join(",")), .cards] | @tsv')" "$(printf 'true\tml::a,ml::b\t2')"
run recall deck set ml new-per-day 7
status "deck set takes a parent" 0
is "and sets each deck under it" "$(recall --json deck list ml | jq -r 'map(.options.new_per_day) | join(" ")')" "7 7"
is "but not a deck that only shares the prefix" "$(recall --json deck show mlx | jq .options.new_per_day)" 20
run recall deck delete ml
status "deck delete on a parent asks, or needs --force" 1
like "and says how many decks and cards would go" "$err" "not deleting the 2 decks under 'ml' \(2 cards\) without --force"
run recall add --deck ml front back
like "add to a parent names what it holds" "$err" "'ml' is the parent of 2 decks, not a deck with cards of its own"
run recall edit 1 --deck ml
like "so does moving a card to a parent" "$err" "edit: 'ml' is the parent of 2 decks"
run recall export --deck ml --format json
is "export --deck on a parent, as JSON, holds its decks' cards" "$(jqr '.cards | map(.front) | sort | join(" ")')" "qa qb"
run recall export --deck ml
status "a summary of a parent of two decks is refused" 1
like "saying what to do instead" "$err" "'ml' holds 2 decks and a summary holds one"
run recall deck rename ml ai
status "deck rename takes a parent" 0
is "and moves its decks" "$(recall --json deck list | jq -r 'map(.name) | join(" ")')" "ai::a ai::b mlx re text"
run recall deck delete ai --force
is "deck delete --force on a parent says how many went" "$out" "deleted the 2 decks under 'ai' and 2 cards"
is "and leaves the other decks" "$(recall --json deck list | jq -r 'map(.name) | join(" ")')" "mlx re text"
recall -q deck new solo::only
recall -q add --deck solo::only qs as
run recall export --deck solo
is "a summary of a parent of one deck is that deck's" "$(printf '%s\n' "$out" | sed -n 2p)" "deck: solo::only"
recall -q deck delete solo --force

# Exit codes broke their rule (2 for a usage error, 1 for a failure):
# a bad deck name failed with 1, a day in the past was a usage error.
run recall deck new "a::"
status "deck new with a bad name is a usage error" 2
run recall deck set text weight lots
status "deck set with a bad value is a usage error" 2
run recall deck set text colour red
status "deck set with an unknown key is a usage error" 2
run recall show first
status "a card id that is not a number is a usage error" 2
run recall show 999
status "but a card that does not exist is a failure" 1
run recall answer first good
status "answer with a card id that is not a number is a usage error" 2
run recall answer 999 good
status "and answer to a card that does not exist a failure" 1
run recall --now 2026-12-01T12:00:00Z later add topic --on 2026-11-01
status "later add on a day in the past is a failure" 1
run recall --now 2026-12-01T12:00:00Z later add topic --on someday
status "and a day of the wrong form a usage error" 2

# cards printed rows with no header, unlike deck list.
run recall cards --deck text
is "cards names its columns first" "$(printf '%s\n' "$out" | head -1 | tr -s ' ')" " ID DUE LAYER DECK FRONT"
like "then the cards" "$(printf '%s\n' "$out" | sed -n 2p)" "^ +1  new +skim +text +front"

# JSON printed arithmetic's noise: 0.30000000000000004, 2.2199999999999998.
recall -q deck new fun --track want
id=$(recall add --deck text noise numbers --json | jq '.[0].id')
recall -q --now 2026-11-01T10:00:00Z answer "$id" good
recall -q --now 2026-11-02T10:00:00Z answer "$id" hard
recall -q --now 2026-11-10T10:00:00Z answer "$id" hard
run recall --json show "$id"
is "an ease of 2.22 prints as 2.22" "$(printf '%s' "$out" | grep -o '"ease":[0-9.]*' | tail -1)" '"ease":2.22'
run recall --json balance
is "a 30% share prints as 0.3" "$(printf '%s' "$out" | grep -o '"track":"want","target":[0-9.]*')" '"track":"want","target":0.3'

# summaries printed "1 cards" for a summary that made one card.
printf 'one :: card\n' > "$TMP/one-summary.md"
recall -q import "$TMP/one-summary.md" --deck onesum
sqlite3 "$RECALL_DB" "INSERT INTO summaries (title, body, created, modified) VALUES ('t1', 'one :: card', 0, 0); UPDATE cards SET source = 'summary:' || (SELECT max(id) FROM summaries) WHERE id = (SELECT max(id) FROM cards)"
run recall summaries
like "one card is '1 card'" "$out" ' 1 card +t1$'

# set with a bad value exited 1, not 2 (the command line is wrong).
run recall set rollover 24
status "set rollover 24 is a usage error" 2
run recall set window 0
status "set window 0 is a usage error" 2

# undo --card abc exited 1, not 2.
run recall undo --card abc
status "undo --card with a bad id is a usage error" 2
like "and says the id is bad" "$err" "bad card id 'abc'"

# deepdive with a topic that is not UTF-8 exited 1, not 2.
run recall deepdive "$(printf 't\377')"
status "deepdive with an invalid UTF-8 topic is a usage error" 2
like "and says where" "$err" 'invalid UTF-8'

# show and the review session printed a card's control characters raw: an
# ESC sequence in a front recoloured the terminal, retitled its window or
# hid text.  They are shown as cat -v shows them; JSON and export keep them.
export RECALL_DB="$TMP/controls.db"
recall -q deck new ctl
recall -q add --deck ctl "$(printf 'red \033[31mtext\033[0m end')" \
    "$(printf 'del\177 c1 \302\233x bell\007')"
run recall show 1
like "show: ESC is shown as ^[" "$out" '^front: red \^\[\[31mtext\^\[\[0m end$'
like "DEL as ^?, a C1 control as M-^[, BEL as ^G" "$out" \
    '^back: del\^\? c1 M-\^\[x bell\^G$'
is "no control character reaches the terminal" \
    "$(printf '%s' "$out" | tr -d '\n' | LC_ALL=C grep -c "$(printf '[\001-\037\177]')")" 0
run recall cards
is "nor from the listing" \
    "$(printf '%s' "$out" | tr -d '\n' | LC_ALL=C grep -c "$(printf '[\001-\037\177]')")" 0
run recall show 1 --json
is "show --json keeps the text exact" "$(jqr .front)" \
    "$(printf 'red \033[31mtext\033[0m end')"

done_testing
