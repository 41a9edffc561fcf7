#!/bin/sh
# Script mode as a coprocess: a program that writes one line to recall and
# waits for the reply gets it before it sends the next (script mode holds
# its output to sync many commits at once, but never while the reader
# waits); the order of output and errors, and import -, are as before.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

NOW=2026-11-26T12:00:00Z
awk 'BEGIN { print "# Co"; for (i = 1; i <= 40; i++)
	printf "question %d :: answer %d\n", i, i }' >"$TMP/co.md"
recall -q import "$TMP/co.md" --deck co

# A FIFO each way; recall reads commands from one and writes to the other.
# A watchdog ends it after 30 s, so that a reply that never comes fails
# the test (the read sees the end of the FIFO) instead of hanging it.
mkfifo "$TMP/in" "$TMP/out"
${RECALL_WRAPPER:-} "$RECALL" --now $NOW -f "$TMP/in" >"$TMP/out" \
    2>"$TMP/co.err" &
pid=$!
(
	i=0
	while [ $i -lt 300 ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$pid" 2>/dev/null
) >/dev/null 2>&1 &
watchdog=$!
exec 4<"$TMP/out"
exec 3>"$TMP/in"

# One line, one reply, twenty times.
replies=0
i=1
while [ $i -le 20 ]; do
	printf 'answer %d good\n' $i >&3
	line=
	read -r line <&4
	case $line in
	"card $i: good"*) replies=$((replies + 1)) ;;
	*) break ;;
	esac
	i=$((i + 1))
done
is "each of 20 lines gets its reply before the next is sent" $replies 20

# The reply comes even when part of the next line is already there.
printf 'answer 21 good\nansw' >&3
line=
read -r line <&4
like "a reply does not wait for a line half sent" "$line" '^card 21: good'
printf 'er 22 good\n' >&3
line=
read -r line <&4
like "and the rest of that line is the next command" "$line" '^card 22: good'

# A burst of lines at once: every reply comes, in order.
printf 'answer %d good\n' 23 24 25 >&3
got=
for i in 23 24 25; do
	read -r line <&4
	got="$got${line%%:*};"
done
is "a burst gets a reply for each line, in order" "$got" \
    "card 23;card 24;card 25;"
exec 3>&-
wait "$pid"
is "the coprocess ends when its input does" $? 0
exec 4<&-
kill "$watchdog" 2>/dev/null
run sqlite3 "$RECALL_DB" "SELECT count(DISTINCT card_id) FROM reviews"
is "every answer was written" "$out" 25

# An error comes after the output of the lines before it, on one stream.
printf 'answer 26 good\nanswer 27 good\nanswer 999 good\nanswer 28 good\n' |
    recall --now $NOW >"$TMP/both" 2>&1
is "a failing script exits 1" $? 1
is "its output comes before its error" \
    "$(sed 's/:.*//' "$TMP/both" | tr '\n' ';')" "card 26;card 27;<stdin>;"
run sqlite3 "$RECALL_DB" "SELECT count(*) FROM reviews WHERE card_id = 28"
is "and nothing after the error is run" "$out" 0

# More output than the buffer holds: all of it, in order.
awk 'BEGIN { for (i = 0; i < 400; i++) print "cards --deck co" }' |
    recall >"$TMP/many"
is "a script's long output is all there" "$(wc -l <"$TMP/many" | tr -d ' ')" \
    $((400 * 41))
is "in order" "$(sed -n '41p;16400p' "$TMP/many" | awk '{ print $1 }' |
    tr '\n' ' ')" "40 40 "

# import - in a script reads the rest of the script's input.
printf 'deck new rest\nimport - --deck rest\nrest one :: 1\nrest two :: 2\n' |
    recall -q
is "import - in a script exits 0" $? 0
run recall cards --deck rest
like "and imports the lines after it" "$out" 'rest two'

# Output that cannot be written is an error.
if [ -w /dev/full ]; then
	printf 'status\n' | recall >/dev/full 2>"$TMP/full.err"
	is "a write error fails the script" $? 1
	like "and says so" "$(cat "$TMP/full.err")" 'write error'
fi

done_testing
