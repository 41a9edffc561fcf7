#!/bin/sh
# Crash safety (issue 13): recall is killed with SIGKILL at random moments
# while it answers one card at a time, while it runs a long script of
# answers, and while it imports a summary of 50,000 cards.  Afterwards
# every answer whose command returned success (or that a script printed)
# is in the log, a file's cards are all there or none of them, and both
# 'recall check' and SQLite's integrity check pass.
#
# Three lanes run side by side, each on its own collection.  Each goes on
# until it has killed recall its share of times (a kill that comes after
# the command ended is not counted).  CRASH_SCALE multiplies the shares
# ("make stress" sets 10); CRASH_SEED replays the same moments.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

SCALE=${CRASH_SCALE:-1}
SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
ONESHOT_KILLS=$((150 * SCALE))
SCRIPT_KILLS=$((50 * SCALE))
IMPORT_KILLS=$((6 * SCALE))
IMPORT_CARDS=${CRASH_IMPORT_CARDS:-50000}
echo "# seed $SEED (CRASH_SEED=$SEED replays these moments)"

BASE=1764147600	# 2026-11-26T09:00:00Z
SQL="sqlite3 -batch -bail"

# us: microseconds since the epoch.
us() {
	echo $(($(date +%s%N) / 1000))
}

# The helper that kills at a moment (tests/crash/killer.c): a shell's
# sleep costs more than an answer on a loaded machine.
KILLER=${KILLER:-$(dirname "$RECALL")/tests/crash/killer}

# kill_at PERMILLE OUT CMD...: run CMD with its output in OUT, and SIGKILL
# it at PERMILLE thousandths of $took microseconds (stretched by a tenth,
# so some kills land at the very end) unless it has ended.  $rc is its
# exit status (137 when the kill ended it).  A run that was not killed
# sets $took to how long it ran, so the moments follow the machine's load.
kill_at() {
	kd=$(($1 * took * 11 / 10000)) kout=$2
	shift 2
	"$KILLER" $kd "$kout.time" "$@" >"$kout" 2>"$kout.err"
	rc=$?
	if [ $rc -eq 0 ]; then
		read -r took <"$kout.time"
	fi
}

# A summary of n cards, padded like real notes.
big_summary() {
	awk -v n="$1" -v tag="$2" 'BEGIN {
	    print "---\ndeck: big\ntrack: want\n---\n# Big";
	    for (i = 1; i <= n; i++) {
		if (i % 1000 == 1) printf "## Part %d\n", i / 1000 + 1;
		if (tag != "" && i % 10 == 0)
			printf "question %d, %s :: answer %d, %s\n", i, tag, i, tag;
		else
			printf "question %d about a thing :: answer %d with words\n", i, i;
	    } }'
}

# A small collection: 200 cards, leeches off so any grade can come.
SMALL="$TMP/small.db"
numbered Many 200 'question %d :: answer %d' >"$TMP/many.md"
recall -q --db "$SMALL" import "$TMP/many.md" --deck many
recall -q --db "$SMALL" deck set many leech-threshold 0
recall -q --db "$SMALL" --now $BASE answer 1 good

## Lane 1: one-shot answers.  Card c, time t and grade g of each answer
## that returned 0 go to acked; those killed go to killed.
lane_oneshot() {
	db="$TMP/oneshot.db"
	cp "$SMALL" "$db"
	t0=$(us)
	# How long one answer takes here and now: the middle of three.
	took=$(for c in 2 3 4; do
		t=$(us)
		recall -q --db "$db" --now $((BASE + 60)) answer $c good
		echo $(($(us) - t + 1))
	done | sort -n | sed -n 2p)
	# Attempt n: a delay, then card, time and grade.
	awk -v seed="$SEED" -v base=$BASE \
	    -v n=$((ONESHOT_KILLS * 10)) 'BEGIN { srand(seed);
	    for (i = 1; i <= n; i++)
		printf "%d %d %d %d\n", rand() * 1000,
		    i % 40 + 1, base + 3600 * i, int(rand() * 6) }' \
	    >"$TMP/oneshot.plan"
	kills=0
	: >"$TMP/oneshot.acked"
	: >"$TMP/oneshot.killed"
	while [ $kills -lt $ONESHOT_KILLS ] && read -r wait card when grade
	do
		kill_at $wait "$TMP/oneshot.out" \
		    "$RECALL" -q --db "$db" --now $when answer $card $grade
		case $rc in
		0) echo "$card $when $grade" >>"$TMP/oneshot.acked" ;;
		137) kills=$((kills + 1))
		    echo "$card $when $grade" >>"$TMP/oneshot.killed" ;;
		*) echo "$card $when $grade: exit $rc: $(cat "$TMP/oneshot.out.err")" \
		    >>"$TMP/oneshot.errors" ;;
		esac
	done <"$TMP/oneshot.plan"
	echo $kills >"$TMP/oneshot.kills"
	echo "# one-shot answers: $((($(us) - t0) / 1000)) ms, $((took / 1000)) ms each"
}

## Lane 2: scripts of 200 answers, each run at its own time.  A line the
## script printed is an answer given (and logged); run k's answers are
## logged at time BASE + k days, in the script's order.
lane_script() {
	db="$TMP/script.db"
	cp "$SMALL" "$db"
	# The same script each run: random cards and grades.
	awk -v seed="$((SEED + 1))" 'BEGIN { srand(seed);
	    for (i = 0; i < 200; i++)
		printf "answer %d %d\n", int(rand() * 200) + 1, int(rand() * 6) }' \
	    >"$TMP/script.plan"
	awk '{ print $2 "|" $3 }' "$TMP/script.plan" >"$TMP/script.want"
	t0=$(us)
	recall --db "$db" --now $BASE -f "$TMP/script.plan" >/dev/null
	took=$(($(us) - t0 + 1))
	awk -v seed="$((SEED + 2))" -v n=$((SCRIPT_KILLS * 10)) \
	    'BEGIN { srand(seed); for (i = 0; i < n; i++)
		printf "%d\n", rand() * 1000 }' >"$TMP/script.waits"
	kills=0 k=0
	: >"$TMP/script.runs"
	while [ $kills -lt $SCRIPT_KILLS ] && read -r wait; do
		k=$((k + 1))
		when=$((BASE + 86400 * k))
		kill_at $wait "$TMP/script.out" \
		    "$RECALL" --db "$db" --now $when -f "$TMP/script.plan"
		printed=$(grep -c '^card [0-9]*: ' "$TMP/script.out")
		echo "$when $rc $printed" >>"$TMP/script.runs"
		[ $rc -eq 137 ] && kills=$((kills + 1))
	done <"$TMP/script.waits"
	echo $kills >"$TMP/script.kills"
	echo "# scripts of answers: $((($(us) - t0) / 1000)) ms, $((took / 1000)) ms each"
}

## Lane 3: imports of a 50k-card summary, killed.  Odd rounds import it
## into a small collection (all 50k cards come, or none); even rounds
## re-import it with a tenth of its cards edited (the old cards stay, or
## the new ones come, never a mix).
lane_import() {
	big_summary $IMPORT_CARDS "" >"$TMP/big-old.md"
	big_summary $IMPORT_CARDS "edited" >"$TMP/big-new.md"
	cp "$TMP/big-old.md" "$TMP/big.md"
	cp "$SMALL" "$TMP/imported.db"
	t0=$(us)
	recall -q --db "$TMP/imported.db" import "$TMP/big.md"
	first=$(($(us) - t0 + 1))
	cards_digest "$TMP/imported.db" >"$TMP/import.old"
	cp "$TMP/imported.db" "$TMP/edit.db"
	cp "$TMP/big-new.md" "$TMP/big.md"
	t1=$(us)
	recall -q --db "$TMP/edit.db" import "$TMP/big.md"
	again=$(($(us) - t1 + 1))
	cards_digest "$TMP/edit.db" >"$TMP/import.new"
	awk -v seed="$((SEED + 3))" -v n=$((IMPORT_KILLS * 10)) 'BEGIN {
	    srand(seed); for (i = 0; i < n; i++) printf "%d\n", rand() * 1000 }' \
	    >"$TMP/import.waits"
	# A kill after the commit (the checkpoint and its syncs come after
	# it, and take long on a machine busy writing) leaves the file's cards
	# whole; the lane goes on until a kill of each kind came before its
	# commit too, halving that kind's window after each that came after
	# (the waits run out at ten times the kills wanted).
	kills=0 k=0 shrink_first=1 shrink_again=1 none=0 old=0
	: >"$TMP/import.rounds"
	while { [ $kills -lt $IMPORT_KILLS ] || [ $none -eq 0 ] ||
	    [ $old -eq 0 ]; } && read -r f; do
		k=$((k + 1))
		db="$TMP/round.db"
		rm -f "$db" "$db-wal" "$db-shm"
		if [ $((k % 2)) -eq 1 ]; then
			kind=first took=$first shrink=$shrink_first
			cp "$SMALL" "$db"
			cp "$TMP/big-old.md" "$TMP/big.md"
		else
			kind=again took=$again shrink=$shrink_again
			cp "$TMP/imported.db" "$db"
			cp "$TMP/big-new.md" "$TMP/big.md"
		fi
		kill_at $((f / shrink)) "$TMP/import.out" \
		    "$RECALL" -q --db "$db" import "$TMP/big.md"
		[ $rc -eq 137 ] && kills=$((kills + 1))
		if [ $kind = first ]; then first=$took; else again=$took; fi
		# recall opens it first (recovering the WAL), then SQLite looks.
		if recall -q --db "$db" check >/dev/null 2>&1; then
			checked=ok
		else
			checked=failed
		fi
		set -- $($SQL "$db" "SELECT count(*) FROM cards WHERE deck_id IN
		    (SELECT id FROM decks WHERE name = 'big');
		    SELECT count(*) FROM cards WHERE deck_id IN
		    (SELECT id FROM decks WHERE name = 'many');
		    PRAGMA integrity_check")
		n=$1 other=$2 ok=$3
		d=$(cards_digest "$db")
		if [ "$d" = "$(cat "$TMP/import.old")" ]; then
			was=old
		elif [ "$d" = "$(cat "$TMP/import.new")" ]; then
			was=new
		elif [ "$n" -eq 0 ]; then
			was=none
		else
			was=mixed
		fi
		echo "$kind $rc $n $was $other $ok $checked" \
		    >>"$TMP/import.rounds"
		case $kind.$rc.$was in
		first.137.none) none=1 ;;
		first.137.old) shrink_first=$((shrink_first * 2)) ;;
		again.137.old) old=1 ;;
		again.137.new) shrink_again=$((shrink_again * 2)) ;;
		esac
	done <"$TMP/import.waits"
	echo $kills >"$TMP/import.kills"
	echo "# imports: $((($(us) - t0) / 1000)) ms, $((first / 1000)) ms first," \
	    "$((again / 1000)) ms again"
}

# cards_digest DB: the big deck's cards as they read, for old/new checks.
cards_digest() {
	$SQL "$1" "SELECT front, back, suspended FROM cards WHERE deck_id =
	    (SELECT id FROM decks WHERE name = 'big') ORDER BY front" |
	    sha256sum | cut -d' ' -f1
}

lane_oneshot &
p1=$!
lane_script &
p2=$!
lane_import &
p3=$!
wait $p1 $p2 $p3

# sound DESC DB: both checks pass on the collection after its kills.
sound() {
	run recall -q --db "$2" check
	status "$1: recall check passes" 0
	is "$1: integrity_check is ok" "$($SQL "$2" 'PRAGMA integrity_check')" ok
	is "$1: foreign_key_check is empty" \
	    "$($SQL "$2" 'PRAGMA foreign_key_check')" ""
}

## Lane 1's findings.
kills=$(cat "$TMP/oneshot.kills")
if [ "$kills" -ge "$ONESHOT_KILLS" ]; then
	pass "one-shot answers: killed $kills times"
else
	fail "one-shot answers: killed $kills times" "wanted $ONESHOT_KILLS"
fi
is "one-shot answers: every answer that was not killed succeeded" \
    "$(cat "$TMP/oneshot.errors" 2>/dev/null)" ""
db="$TMP/oneshot.db"
missing=$(while read -r card when grade; do
	n=$($SQL "$db" "SELECT count(*) FROM reviews WHERE card_id = $card
	    AND time = $when AND grade = $grade")
	[ "$n" -eq 1 ] || echo "card $card at $when grade $grade: $n"
done <"$TMP/oneshot.acked")
is "one-shot answers: every acknowledged answer is logged once" "$missing" ""
extra=$(while read -r card when grade; do
	n=$($SQL "$db" "SELECT count(*) FROM reviews WHERE time = $when")
	[ "$n" -le 1 ] || echo "$when: $n"
done <"$TMP/oneshot.killed")
is "one-shot answers: a killed answer is logged once or not at all" \
    "$extra" ""
want=$(($(wc -l <"$TMP/oneshot.acked") + 4))
logged=$($SQL "$db" 'SELECT count(*) FROM reviews')
if [ "$logged" -ge "$want" ] &&
    [ "$logged" -le $((want + $(wc -l <"$TMP/oneshot.killed"))) ]; then
	pass "one-shot answers: the log holds what was answered ($logged)"
else
	fail "one-shot answers: the log holds what was answered" \
	    "logged $logged, acknowledged $want"
fi
sound "one-shot answers" "$db"

## Lane 2's findings.
kills=$(cat "$TMP/script.kills")
if [ "$kills" -ge "$SCRIPT_KILLS" ]; then
	pass "scripts of answers: killed $kills times"
else
	fail "scripts of answers: killed $kills times" "wanted $SCRIPT_KILLS"
fi
db="$TMP/script.db"
bad=$(while read -r when code printed; do
	$SQL "$db" "SELECT card_id || '|' || grade FROM reviews
	    WHERE time = $when ORDER BY id" >"$TMP/script.got"
	got=$(wc -l <"$TMP/script.got")
	case $code in
	0) [ "$printed" -eq 200 ] && [ "$got" -eq 200 ] ||
	    echo "$when: exit 0, printed $printed, logged $got" ;;
	# Script mode holds its output until it has synced the answers
	# before it (scriptsync), so a kill can leave answers logged that
	# were never printed; never one printed and not logged.
	137) [ "$got" -ge "$printed" ] && [ "$got" -le 200 ] ||
	    echo "$when: killed, printed $printed, logged $got" ;;
	*) echo "$when: exit $code" ;;
	esac
	head -n "$got" "$TMP/script.want" | cmp -s - "$TMP/script.got" ||
	    echo "$when: the log is not the script's first $got answers"
done <"$TMP/script.runs")
is "scripts of answers: every printed answer is logged, in order" "$bad" ""
sound "scripts of answers" "$db"

## Lane 3's findings.
kills=$(cat "$TMP/import.kills")
if [ "$kills" -ge "$IMPORT_KILLS" ]; then
	pass "imports of $IMPORT_CARDS cards: killed $kills times"
else
	fail "imports of $IMPORT_CARDS cards: killed $kills times" \
	    "wanted $IMPORT_KILLS"
fi
bad=$(while read -r kind code n was other ok checked; do
	case $kind.$code.$was in
	first.0.old | first.137.old | first.137.none) ;;
	again.0.new | again.137.new | again.137.old) ;;
	*) echo "$kind import, exit $code: $n cards, $was" ;;
	esac
	[ "$kind" != first ] || [ "$was" != old ] || [ "$n" -eq $IMPORT_CARDS ] ||
	    echo "$kind import: $n cards"
	[ "$other" -eq 200 ] || echo "$kind import: the other deck has $other"
	[ "$ok" = ok ] || echo "$kind import: integrity_check: $ok"
	[ "$checked" = ok ] || echo "$kind import: recall check failed"
done <"$TMP/import.rounds")
is "imports: all of a file's cards or none, and the collection sound" "$bad" ""
like "imports: some killed imports left nothing" \
    "$(cat "$TMP/import.rounds")" '^first 137 0 none'
like "imports: some killed re-imports left the old cards" \
    "$(cat "$TMP/import.rounds")" '^again 137 [0-9]+ old'

done_testing
