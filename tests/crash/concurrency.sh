#!/bin/sh
# Concurrency (issue 13): four programs share one collection for a while:
# two answer cards (the same cards, on the real clock), one re-imports a
# big summary again and again (each time with something changed), and one
# edits, suspends, unsuspends and searches.  Nothing may be lost, nobody
# may be told "database is locked", and 'recall check' passes after.
#
# CONCURRENCY_SECONDS (12) and CONCURRENCY_CARDS (20000) size the run;
# "make stress" runs 60 s with 100000 cards.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

SECONDS_=${CONCURRENCY_SECONDS:-12}
CARDS=${CONCURRENCY_CARDS:-20000}
SEED=${CONCURRENCY_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
SQL="sqlite3 -batch -bail"
echo "# seed $SEED, $SECONDS_ s, $CARDS cards"

# Cards 1-30 are answered, 31-50 edited; the big deck comes after.
numbered Work 30 'work question %d :: work answer %d' >"$TMP/work.md"
numbered Edits 20 'edit question %d :: edit answer %d' >"$TMP/edits.md"
# big_summary VERSION: the big deck, a tenth of its cards tagged VERSION.
big_summary() {
	awk -v n=$CARDS -v v="$1" 'BEGIN {
	    print "---\ndeck: big\ntrack: want\n---\n# Big";
	    for (i = 1; i <= n; i++) {
		if (i % 1000 == 1) printf "## Part %d\n", i / 1000 + 1;
		if (i % 10 == 0)
			printf "question %d about %s :: answer %d #%s\n", i, v, i, v;
		else
			printf "question %d about a thing :: answer %d\n", i, i;
	    } }'
}
big_summary one >"$TMP/big-1.md"
big_summary two >"$TMP/big-2.md"
cp "$TMP/big-1.md" "$TMP/big.md"
recall -q import "$TMP/work.md" --deck work
recall -q import "$TMP/edits.md" --deck edits
recall -q deck set work leech-threshold 0
recall -q import "$TMP/big.md"
is "the cards to answer come first" \
    "$($SQL "$RECALL_DB" "SELECT min(id), max(id) FROM cards WHERE deck_id =
    (SELECT id FROM decks WHERE name = 'work')")" "1|30"

END=$(($(date +%s) + SECONDS_))

# plan SEED: cards and grades to answer, one a line: both answerers pick
# among the first six cards, so they often answer the same one.
plan() {
	awk -v seed="$1" 'BEGIN { srand(seed);
	    for (i = 0; i < 100000; i++) print int(rand() * 6) + 1, int(rand() * 6) }'
}

# answerer NAME: answer cards until the end; log "card grade status".
answerer() {
	plan "$2" | while read -r card grade; do
		[ "$(date +%s)" -lt $END ] || break
		"$RECALL" -q answer $card $grade >/dev/null 2>"$TMP/$1.err1"
		rc=$?
		echo "$card $grade $rc" >>"$TMP/$1.log"
		cat "$TMP/$1.err1" >>"$TMP/$1.err"
	done
}

# importer: re-import the big summary, one version then the other.
importer() {
	v=2
	while [ "$(date +%s)" -lt $END ]; do
		cp "$TMP/big-$v.md" "$TMP/big.md"
		"$RECALL" -q import "$TMP/big.md" >/dev/null 2>>"$TMP/importer.err"
		echo "$v $?" >>"$TMP/importer.log"
		v=$((3 - v))
	done
}

# editor: edit a card, find it by its new text, suspend it, unsuspend it,
# and search the big deck, round the edits deck.  Logs what each card
# should be after each step that succeeded.
editor() {
	i=0
	while [ "$(date +%s)" -lt $END ]; do
		i=$((i + 1))
		card=$((31 + i % 20))
		if "$RECALL" -q edit $card --front "edited $i token$i" \
		    >/dev/null 2>>"$TMP/editor.err"; then
			echo "$card front edited $i token$i" >>"$TMP/editor.log"
		else
			echo "$card failed edit" >>"$TMP/editor.log"
		fi
		found=$("$RECALL" -q search "token$i\$" --json \
		    2>>"$TMP/editor.err" | jq -c '[.[].id]')
		[ "$found" = "[$card]" ] ||
		    echo "search token$i found $found, not [$card]" \
		    >>"$TMP/editor.bad"
		if [ $((i % 3)) -eq 0 ]; then
			op=suspend
		else
			op=unsuspend
		fi
		if "$RECALL" -q $op $card >/dev/null 2>>"$TMP/editor.err"; then
			echo "$card $op" >>"$TMP/editor.log"
		else
			echo "$card failed $op" >>"$TMP/editor.log"
		fi
		n=$("$RECALL" -q search "^question 1[0-9]{3} about" --deck big \
		    --json 2>>"$TMP/editor.err" | jq length)
		[ "$n" = 1000 ] || echo "search in the big deck found $n" \
		    >>"$TMP/editor.bad"
	done
}

: >"$TMP/a1.err"
: >"$TMP/a2.err"
: >"$TMP/importer.err"
: >"$TMP/editor.err"
answerer a1 "$SEED" &
p1=$!
answerer a2 "$((SEED + 1))" &
p2=$!
importer &
p3=$!
editor &
p4=$!
wait $p1 $p2 $p3 $p4

errors=$(cat "$TMP/a1.err" "$TMP/a2.err" "$TMP/importer.err" \
    "$TMP/editor.err")
unlike "nobody is told the database is locked or busy" "$errors" \
    '[Ll]ocked|[Bb]usy'
is "every command succeeded (or only said it was waiting)" \
    "$(printf '%s\n' "$errors" | grep -v '^recall: waiting for the collection' |
    grep -v '^$')" ""

## Answers: each card's log has exactly the answers that succeeded.
given=$(cat "$TMP/a1.log" "$TMP/a2.log" | wc -l)
if [ "$given" -ge 2 ]; then
	pass "the answerers gave $given answers"
else
	fail "the answerers gave only $given answers"
fi
is "every answer succeeded" \
    "$(awk '$3 != 0' "$TMP/a1.log" "$TMP/a2.log")" ""
want=$(awk '$3 == 0 { n[$1]++ } END { for (c in n) print c "|" n[c] }' \
    "$TMP/a1.log" "$TMP/a2.log" | sort -n)
got=$($SQL "$RECALL_DB" "SELECT card_id, count(*) FROM reviews
    GROUP BY card_id ORDER BY card_id")
is "every answer given is in the log, once" "$got" "$want"

## The importer: every import succeeded and the last one is what is there.
imports=$(wc -l <"$TMP/importer.log")
if [ "$imports" -ge 1 ]; then
	pass "the importer imported $imports times"
else
	fail "the importer imported $imports times"
fi
is "every import succeeded" "$(awk '$2 != 0' "$TMP/importer.log")" ""
run recall --json import --dry-run "$TMP/big.md"
is "the last import is what the collection holds" \
    "$(jqr '[.new, .edited, .removed] | @text')" "[0,0,0]"

## The editor: each card is as its last edit left it, and found at once.
is "each edit was found by search at once, and search saw the big deck" \
    "$(cat "$TMP/editor.bad" 2>/dev/null)" ""
is "every edit, suspend and unsuspend succeeded" \
    "$(grep failed "$TMP/editor.log")" ""
want=$(awk '$2 == "front" { f[$1] = $0; sub(/^[0-9]+ front /, "", f[$1]) }
    $2 == "suspend" { s[$1] = 1 } $2 == "unsuspend" { s[$1] = 0 }
    END { for (c in f) print c "|" f[c] "|" s[c] }' "$TMP/editor.log" |
    sort -n)
got=$($SQL "$RECALL_DB" "SELECT id, front, suspended FROM cards
    WHERE id IN ($(echo "$want" | cut -d'|' -f1 | paste -sd,)) ORDER BY id")
is "no edit, suspend or unsuspend was lost" "$got" "$want"

run recall check
status "recall check passes" 0
like "it replayed every answer" "$out" "replayed $given answers"
is "integrity_check is ok" "$($SQL "$RECALL_DB" 'PRAGMA integrity_check')" ok

done_testing
