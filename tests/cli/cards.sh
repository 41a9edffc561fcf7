#!/bin/sh
# add, cards, show, edit, delete, suspend, unsuspend, and their usage errors.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

run recall add "front" "back"
status "add with no decks fails" 1
like "says to make a deck" "$err" "no decks yet"

recall deck new one >/dev/null
run recall add "What is SM-2?" "A spaced repetition algorithm"
status "add goes to the only deck" 0
is "add reports the id" "$out" "added card 1 to 'one'"

recall deck new two --track want >/dev/null
run recall add "q" "a"
status "add with two decks needs --deck" 1
like "asks which deck" "$err" "which deck"
run recall add "only front"
status "add with one side is a usage error" 2
like "usage shown" "$err" "usage: add"
run recall add a b c
status "add with three words is a usage error" 2
run recall add --deck two "   " "back"
status "an empty front is a usage error" 2
like "empty side named" "$err" "front is empty"
run recall add --deck nosuch q a
status "add to a missing deck" 1
run recall add --deck two --layer deepest q a
status "a bad layer is a usage error" 2
run recall add --deck two --tags 'ok bad!' q a
status "a bad tag is a usage error" 2

run recall add q2 a2 --deck two --layer explore --tags "x, #y" --reverse
status "options after the arguments, --reverse" 0
like "two cards added" "$out" "added card 3"
run recall show 3 --json
is "reverse front" "$(jqr .front)" a2
is "reverse kind" "$(jqr .kind)" reverse
is "layer kept" "$(jqr .layer)" explore
is "tags normalized" "$(jqr '.tags | join(" ")')" "x y"

run recall add --deck two -- "-not an option" "--neither"
status "-- ends options" 0
run recall show 4 --json
is "dash front kept" "$(jqr .front)" "-not an option"

run recall cards
status "cards lists all" 0
is "four cards under a header" "$(printf '%s\n' "$out" | wc -l)" 5
run recall cards --deck two --layer explore
is "filters combine" "$(printf '%s\n' "$out" | sed 1d | awk '{print $1}' | tr '\n' ' ')" "2 3 "
run recall cards --tag y --json
is "tag filter" "$(jqr '[.[].id] | join(",")' )" "2,3"
run recall cards --new --due
status "two states at once is a usage error" 2
run recall cards --deck nosuch
status "cards on a missing deck" 1
run recall cards extra
status "cards takes no positionals" 2

run recall show 1
status "show" 0
like "front shown" "$out" "^front: What is SM-2\\?"
like "schedule shown" "$out" "^schedule: new, ease 2.50"
run recall show 99
status "show a missing card" 1
like "missing card named" "$err" "no card 99"
run recall show abc
status "show a non-number is a usage error" 2
like "bad id named" "$err" "bad card id 'abc'"
run recall show
status "show without an id is a usage error" 2

run recall edit 1 --front "What is SM-2, exactly?" --tags algo
status "edit with options" 0
run recall show 1 --json
is "front edited" "$(jqr .front)" "What is SM-2, exactly?"
is "back kept" "$(jqr .back)" "A spaced repetition algorithm"
is "tags edited" "$(jqr '.tags[0]')" algo
run recall edit 1 --deck two
run recall show 1 --json
is "moved deck" "$(jqr .deck)" two
run recall edit 1 --back ""
status "an empty back is a usage error" 2
run recall show 1 --json
is "card unchanged after a refused edit" "$(jqr .back)" "A spaced repetition algorithm"
run recall edit 1 </dev/null
status "edit without options and no terminal is a usage error" 2
like "says what to give" "$err" "give --front"
run recall edit
status "edit without an id is a usage error" 2

run recall suspend 1 2
status "suspend two" 0
run recall cards --suspended --json
is "both suspended" "$(jqr '[.[].id] | join(",")')" "1,2"
run recall suspend 1 99
status "suspend with a missing id fails" 1
run recall unsuspend 1 --json
status "unsuspend" 0
is "reported as JSON" "$(jqr '.[0].suspended')" false
run recall suspend
status "suspend without ids is a usage error" 2
run recall unsuspend
status "unsuspend without ids is a usage error" 2

run recall delete 1 </dev/null
status "delete without --force and no terminal" 1
run recall delete 1 99 --force
status "delete with a missing id deletes nothing" 1
run recall show 1
status "card 1 still there" 0
run recall delete 1 2 --force
status "delete two" 0
run recall cards --json
is "two left" "$(jqr 'length')" 2
run recall delete
status "delete without ids is a usage error" 2

done_testing
