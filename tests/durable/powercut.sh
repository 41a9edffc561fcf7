#!/bin/sh
# Power loss: an answer recall acknowledged survives a power cut.
#
# tests/durable/powercut.so, preloaded, copies the collection and its -wal
# to $KEPT at each fsync or fdatasync of them: the copies are what a power
# cut keeps, since nothing written after the last sync is in them.  Each
# round answers cards (a long script, a coprocess that reads each reply
# as it comes, one-shot answers in a loop, or a bulk import), kills
# everything with SIGKILL at a random moment after some
# acknowledgements, and opens what the power cut kept: every
# acknowledged answer is there, an import is whole or absent, and both
# `recall check` and SQLite's integrity_check pass.  The next round goes
# on from what the power cut kept, as the person would.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

SHIM=$(cd "$(dirname "$RECALL")" && pwd)/tests/durable/powercut.so
NOW=2026-11-26T12:00:00Z
ROUNDS=${POWERCUT_ROUNDS:-15}
if [ "${SANITIZERS:-no}" = yes ]; then
	# The shim comes before the sanitizer's runtime in the library list.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	export ASAN_OPTIONS
fi
if [ ! -f "$SHIM" ]; then
	fail "the power-cut shim is built" "no $SHIM"
	done_testing
fi

DIR=$(cd "$TMP" && pwd -P)
DB=$DIR/p.db
KEPT=$DIR/kept
CUT=$DIR/cut
mkdir "$KEPT" "$CUT"

# cut: the power goes; put what it kept in $CUT (no -shm: memory is gone).
cut() {
	rm -f "$CUT"/*
	cp "$KEPT/p.db" "$CUT/p.db"
	[ ! -f "$KEPT/p.db-wal" ] || cp "$KEPT/p.db-wal" "$CUT/p.db-wal"
}

# resume: power is back; go on from what the cut kept, synced (the check
# that opened it recovered the WAL and checkpointed it on close).
resume() {
	rm -f "$DB" "$DB-wal" "$DB-shm" "$KEPT"/*
	cp "$CUT/p.db" "$DB"
	cp "$CUT/p.db" "$KEPT/p.db"
}

# powered CMD...: run CMD under the shim, in the background; $! is its pid.
powered() {
	LD_PRELOAD=$SHIM POWERCUT_DB=$DB POWERCUT_DIR=$KEPT "$@" &
}

# rand N: a random number in [0, N).
rand() {
	od -An -N2 -tu2 /dev/urandom | awk -v n="$1" '{ print $1 % n }'
}

# wait_lines FILE N: until FILE has N lines or 20 s have passed.
wait_lines() {
	i=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ $i -lt 2000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
}

# kill_group PIDFILE: SIGKILL the process group whose leader wrote its pid
# to PIDFILE, and wait until none of it is left.
kill_group() {
	pg=$(cat "$1")
	# No "--": dash's kill does not take it, and would kill nothing.
	kill -9 "-$pg" 2>/dev/null
	while kill -0 "-$pg" 2>/dev/null; do
		sleep 0.01
	done
}

# The simulation itself: SQLite with synchronous=NORMAL does not sync a
# commit, so the cut loses it; with FULL it keeps it.  (Were the shim to
# keep what was never synced, this would fail.)
for sync in NORMAL FULL; do
	rm -f "$DIR/s.db" "$DIR/s.db-wal" "$DIR/s.db-shm" "$KEPT"/*
	sqlite3 "$DIR/s.db" "PRAGMA journal_mode = WAL; CREATE TABLE t (x);" \
	    >/dev/null
	cp "$DIR/s.db" "$KEPT/s.db"
	printf 'PRAGMA synchronous = %s;\nINSERT INTO t VALUES (1);\n%s\n' \
	    "$sync" '.shell kill -9 $PPID' >"$DIR/s.sql"
	LD_PRELOAD=$SHIM POWERCUT_DB=$DIR/s.db POWERCUT_DIR=$KEPT \
	    sqlite3 "$DIR/s.db" <"$DIR/s.sql" >/dev/null 2>&1
	rm -f "$CUT"/*
	cp "$KEPT/s.db" "$CUT/s.db"
	[ ! -f "$KEPT/s.db-wal" ] || cp "$KEPT/s.db-wal" "$CUT/s.db-wal"
	n=$(sqlite3 "$CUT/s.db" "SELECT count(*) FROM t")
	case $sync in
	NORMAL) is "the cut loses a commit SQLite did not sync" "$n" 0 ;;
	FULL) is "and keeps one it synced" "$n" 1 ;;
	esac
done
rm -f "$KEPT"/*

# A collection of 6000 cards, made before the cuts begin (and synced: a
# clean close checkpoints and syncs the file).
awk 'BEGIN { print "# Many"; for (i = 1; i <= 6000; i++)
	printf "question %d, about something :: answer %d\n", i, i }' \
    >"$DIR/many.md"
"$RECALL" -q --db "$DB" import "$DIR/many.md" --deck many
cp "$DB" "$KEPT/p.db"
: >"$DIR/acked"
next=1
imported=0
round=1
while [ $round -le "$ROUNDS" ]; do
	log=$DIR/out.$round
	: >"$log"
	after=$(($(rand 6) + 1))
	case $((round % 5)) in
	1 | 3)
		# A script of answers to cards not answered yet, read from a
		# pipe that stays open after them, as a session would; each
		# line it prints acknowledges one (script mode flushes each).
		kind=script
		after=$(($(rand 150) + 1))
		awk -v a=$next 'BEGIN { for (i = a; i < a + 150; i++)
			printf "answer %d good\n", i }' >"$DIR/script"
		next=$((next + 150))
		powered setsid sh -c 'echo $$ >"$1"; shift
			{ cat "$1"; sleep 60; } | "$2" --db "$3" --now "$4" -f -' \
		    sh "$DIR/pg" "$DIR/script" "$RECALL" "$DB" $NOW >"$log"
		;;
	2)
		# One-shot answers in a loop; an exit status of 0 is the
		# acknowledgement.
		kind=one-shot
		powered setsid sh -c 'echo $$ >"$1"; i=$2
			while [ $i -lt $(($2 + 40)) ]; do
				"$3" --db "$4" --now "$5" answer $i good \
				    >/dev/null && echo "card $i:"
				i=$((i + 1))
			done' sh "$DIR/pg" $next "$RECALL" "$DB" $NOW >"$log"
		next=$((next + 40))
		;;
	4)
		# A coprocess: it writes a few answers to recall through a
		# FIFO, reads their replies from another as they come, and
		# only then writes the next few; each reply it received is
		# in the log the moment it read it.  Those replies are the
		# acknowledgements: recall syncs before it lets them go.
		kind=coprocess
		after=$(($(rand 100) + 1))
		rm -f "$DIR/cin" "$DIR/cout"
		mkfifo "$DIR/cin" "$DIR/cout"
		powered setsid sh -c 'echo $$ >"$1"; i=$2
			"$3" --db "$4" --now "$5" -f "$6/cin" >"$6/cout" &
			exec 4<"$6/cout" 3>"$6/cin"
			while [ $i -lt $(($2 + 150)) ]; do
				n=$((i % 4 + 1)) j=0
				while [ $j -lt $n ]; do
					echo "answer $((i + j)) good" >&3
					j=$((j + 1))
				done
				while [ $j -gt 0 ]; do
					read -r line <&4 || exit 1
					echo "$line"
					j=$((j - 1))
				done
				i=$((i + n))
			done
			sleep 60' sh "$DIR/pg" $next "$RECALL" "$DB" $NOW \
		    "$DIR" >"$log"
		next=$((next + 154))
		;;
	0)
		# A bulk import of 3000 cards: one transaction, all or none.
		kind=import
		after=0
		imported=$((imported + 1))
		awk -v r=$round 'BEGIN { print "# Bulk"; for (i = 1; i <= 3000;
			i++) printf "bulk %d of round %d :: yes\n", i, r }' \
		    >"$DIR/bulk.md"
		powered setsid sh -c 'echo $$ >"$1"; shift; "$@" &&
			echo imported' sh "$DIR/pg" "$RECALL" -q --db "$DB" \
		    import "$DIR/bulk.md" --deck "bulk$round" >"$log"
		;;
	esac
	# Wait for the group's leader to be there, then for some answers.
	while [ ! -s "$DIR/pg" ]; do
		sleep 0.01
	done
	[ "$after" -eq 0 ] || wait_lines "$log" "$after"
	sleep "0.0$(rand 10)$(rand 10)"
	[ "$kind" != import ] || sleep "0.$(rand 10)$(rand 10)"
	kill_group "$DIR/pg"
	wait 2>/dev/null
	rm -f "$DIR/pg"
	sed -n 's/^card \([0-9]*\):.*/\1/p' "$log" >>"$DIR/acked"
	acked=$(sed -n 's/^card \([0-9]*\):.*/\1/p' "$log" | wc -l)

	cut
	run sqlite3 "$CUT/p.db" "PRAGMA integrity_check"
	is "round $round ($kind, $acked acknowledged): integrity_check" \
	    "$out" ok
	sqlite3 "$CUT/p.db" "SELECT DISTINCT card_id FROM reviews" |
	    sort >"$DIR/present"
	sort "$DIR/acked" | comm -23 - "$DIR/present" >"$DIR/lost"
	if [ ! -s "$DIR/lost" ]; then
		pass "round $round: every acknowledged answer survives the cut"
	else
		# Which answers, acknowledged in which round, and what the
		# files the cut kept hold: for the one who reads the failure.
		fail "round $round: every acknowledged answer survives the cut" \
		    "lost: $(tr '\n' ' ' <"$DIR/lost")" \
		    "acknowledged in: $(while read -r c; do grep -l \
		    "^card $c:" "$DIR"/out.*; done <"$DIR/lost" | tr '\n' ' ')" \
		    "kept: $(ls -l "$KEPT" "$CUT" 2>&1)" \
		    "the cut's last answers: $(sqlite3 "$CUT/p.db" "SELECT
		    card_id, time FROM reviews ORDER BY id DESC LIMIT 5")"
		# Go on from what was acknowledged lost once, not again.
		sort "$DIR/acked" | comm -12 - "$DIR/present" >"$DIR/kept"
		mv "$DIR/kept" "$DIR/acked"
	fi
	if [ "$kind" = import ]; then
		n=$(sqlite3 "$CUT/p.db" "SELECT count(*) FROM cards c JOIN
		    decks d ON d.id = c.deck_id WHERE d.name = 'bulk$round'")
		if grep -q imported "$DIR/out.$round"; then
			is "round $round: an acknowledged import is whole" \
			    "$n" 3000
		else
			like "round $round: an import is whole or absent" \
			    "$n" '^(0|3000)$'
		fi
	fi
	run "$RECALL" --db "$CUT/p.db" --now $NOW check
	status "round $round: check passes on what the cut kept" 0
	resume
	round=$((round + 1))
done

# The rounds were not empty: they acknowledged answers, and what
# survived is what was acknowledged (and answers that were cut off).
total=$(sort -u "$DIR/acked" | wc -l | tr -d ' ')
like "the rounds acknowledged answers ($total)" "$total" '^[1-9][0-9]+$'
run sqlite3 "$DB" "SELECT count(DISTINCT card_id) FROM reviews"
like "the collection holds them ($out)" "$out" '^[1-9][0-9]+$'
[ "$out" -ge "$total" ] && pass "no fewer than were acknowledged" ||
	fail "no fewer than were acknowledged" "$out < $total"

done_testing
