#!/bin/sh
# run.sh [DB]: the performance benchmark of recall on a big collection.
#
# Without DB, uses (and builds, with make-collection.sh, when it is missing
# or stale) a collection of 1M cards and 5M reviews cached in
# ${TMPDIR:-/tmp}/recall-bench-1M.db.  Then times, at a fixed --now, the
# commands whose queries must stay indexed (status, due) and a few that
# need not (deck show, deck list, cards --due), against the bare process
# start (recall --version) and the opening of the collection (set), with
# hyperfine when it is installed, else a loop of date +%s%N.  Then shows,
# for the SQL behind them, SQLite's query plan, time, pages read and
# full-scan steps.  status is the REPL prompt's count (queue_counts), due
# a session's queue (queue_create and queue_next).
#
# Exit status 1 if a measured command fails (or, with BENCH_STRICT=1, if
# a gated command takes more than BENCH_BUDGET_MS, default 20, beyond the
# process start, or a gated query plan scans a whole table).
#
# Environment:
#   RECALL          the binary (default ./recall)
#   BENCH_NOW       the fixed time (default 2026-11-26T12:00:00Z; TZ=UTC)
#   BENCH_CARDS, BENCH_REVIEWS   size of the cached collection (1000000,
#                   5000000); another size is cached under another name
#   BENCH_DECK      the deck for due/deck show/cards (lang::japanese::vocab,
#                   the biggest)
#   BENCH_RUNS      runs of the fallback loop (default 20); hyperfine runs
#                   each command for at least 3 s, 10 to BENCH_MAX_RUNS (100)
#   BENCH_TIMER=loop  use the loop even when hyperfine is installed
#   BENCH_CHECK=0   do not run `recall check` after building the collection
#   BENCH_REBUILD=1 build the cached collection again
#   BENCH_STRICT=1  fail on a slow gated command or a full scan

set -u

RECALL=${RECALL:-./recall}
NOW=${BENCH_NOW:-2026-11-26T12:00:00Z}
CARDS=${BENCH_CARDS:-1000000}
REVIEWS=${BENCH_REVIEWS:-5000000}
DECK=${BENCH_DECK:-lang::japanese::vocab}
RUNS=${BENCH_RUNS:-20}
MAX_RUNS=${BENCH_MAX_RUNS:-100}
BUDGET=${BENCH_BUDGET_MS:-20}
TZ=UTC
export TZ
unset RECALL_DB RECALL_NOW
HERE=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "run.sh: $*" >&2
	exit 1
}

case $RECALL in
/*) ;;
*/*) RECALL=$(cd "$(dirname "$RECALL")" && pwd)/$(basename "$RECALL") ;;
*) RECALL=$(command -v "$RECALL") || die "no recall binary '$RECALL'" ;;
esac
[ -x "$RECALL" ] || die "no recall binary '$RECALL' (set RECALL)"
command -v sqlite3 >/dev/null 2>&1 || die "needs the sqlite3 shell"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/recall-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM

# The schema version this recall makes, from a scratch collection.
"$RECALL" --db "$TMP/scratch.db" -q status >/dev/null 2>&1 ||
	die "$RECALL cannot make a collection"
VERSION=$(sqlite3 "$TMP/scratch.db" 'PRAGMA user_version')

if [ $# -ge 1 ]; then
	DB=$1
	[ -f "$DB" ] || die "$DB: no such collection"
	have=$(sqlite3 "$DB" 'PRAGMA user_version')
	[ "$have" = "$VERSION" ] ||
		die "$DB: schema version $have, this recall makes $VERSION"
else
	if [ "$CARDS" = 1000000 ] && [ "$REVIEWS" = 5000000 ]; then
		DB=${TMPDIR:-/tmp}/recall-bench-1M.db
	else
		DB=${TMPDIR:-/tmp}/recall-bench-$CARDS-$REVIEWS.db
	fi
	# Rebuilt when the schema version or the generator changes.
	stamp="version $VERSION cards $CARDS reviews $REVIEWS now $NOW"
	stamp="$stamp generator $(cksum <"$HERE/make-collection.sh")"
	have=$(sqlite3 "$DB" 'PRAGMA user_version' 2>/dev/null)
	if [ "${BENCH_REBUILD:-0}" != 0 ] || [ ! -f "$DB" ] ||
	    [ "$have" != "$VERSION" ] ||
	    [ "$(cat "$DB.stamp" 2>/dev/null)" != "$stamp" ]; then
		echo "building $DB ($CARDS cards, $REVIEWS reviews)..."
		rm -f "$DB.stamp"
		RECALL=$RECALL BENCH_NOW=$NOW \
		    "$HERE/make-collection.sh" "$DB" "$CARDS" "$REVIEWS" ||
			die "building $DB failed"
		echo "$stamp" >"$DB.stamp"
	fi
fi

# quote WORD: WORD quoted for a POSIX shell (and for hyperfine -N).
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

BASE="$(quote "$RECALL") --db $(quote "$DB") --now $(quote "$NOW")"
D=$(quote "$DECK")

# The commands: label, whether the 20 ms budget applies, arguments.
COMMANDS="--version|base|--version
set (open only)|base|set
status|gate|status
status --json|gate|status --json
due --json|gate|due --json
due DECK|gate|due $D
deck show DECK|report|deck show $D
cards --due --deck DECK|report|cards --due --deck $D
deck list|report|deck list"

HYPERFINE=0
if [ "${BENCH_TIMER:-}" != loop ] && command -v hyperfine >/dev/null 2>&1
then
	HYPERFINE=1
	TIMER="hyperfine $(hyperfine --version | cut -d' ' -f2), warmup 3, at \
least 3 s and 10 runs (at most $MAX_RUNS) each"
else
	TIMER="a loop of $RUNS runs after 3 warmup runs (date +%s%N; its fork \
is counted, about 1 ms)"
fi

# measure ARGS: print "mean min" in ms for recall $BASE ARGS.
measure() {
	if [ "$HYPERFINE" = 1 ]; then
		hyperfine -N --style none --warmup 3 --min-runs 10 \
		    --max-runs "$MAX_RUNS" --export-csv "$TMP/h.csv" \
		    -- "$BASE $1" </dev/null >"$TMP/h.log" 2>&1 || return 1
		awk -F, 'NR == 2 { printf "%.2f %.2f\n", $2 * 1000, $7 * 1000 }' \
		    "$TMP/h.csv"
	else
		eval "set -- $BASE $1"
		i=0
		while [ $i -lt $((RUNS + 3)) ]; do
			t0=$(date +%s%N)
			"$@" </dev/null >/dev/null 2>&1 || return 1
			t1=$(date +%s%N)
			[ $i -ge 3 ] && echo $(((t1 - t0) / 1000))
			i=$((i + 1))
		done >"$TMP/loop"
		awk '{ s += $1; if (NR == 1 || $1 < m) m = $1 }
		    END { printf "%.2f %.2f\n", s / NR / 1000, m / 1000 }' \
		    "$TMP/loop"
	fi
}

echo "recall benchmark, $(date -u +%Y-%m-%d), $(uname -m), \
$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores"
echo "binary:     $RECALL ($("$RECALL" --version | head -n 1))"
echo "collection: $DB ($(du -m "$DB" | cut -f1) MB)"
sqlite3 "$DB" "SELECT printf('            %d cards (%d new), %d reviews, '
	|| '%d decks; schema version %d', (SELECT count(*) FROM cards),
	(SELECT count(*) FROM cards WHERE due IS NULL),
	(SELECT max(id) FROM reviews), (SELECT count(*) FROM decks),
	(SELECT user_version FROM pragma_user_version))"
echo "now:        $NOW (TZ=UTC); DECK = $DECK"
echo "timing:     $TIMER"
echo "status:     $(eval "$BASE status")"
echo

failed=0
slow=0
start=
printf '%-24s %8s %8s %10s %10s %8s  %s\n' command 'mean ms' 'min ms' \
    'mean-start' 'min-start' 'out KB' budget
while IFS='|' read -r label kind args; do
	if ! eval "$BASE $args" </dev/null >"$TMP/out" 2>"$TMP/err"; then
		printf '%-24s FAILED: %s\n' "$label" "$(head -n 1 "$TMP/err")"
		failed=1
		continue
	fi
	kb=$(($(wc -c <"$TMP/out") / 1024))
	if ! r=$(measure "$args"); then
		printf '%-24s FAILED under the timer\n' "$label"
		failed=1
		continue
	fi
	mean=${r% *}
	min=${r#* }
	[ -n "$start" ] || { start=$mean; start_min=$min; }
	extra=$(awk -v m="$mean" -v s="$start" 'BEGIN { printf "%.2f", m - s }')
	extra_min=$(awk -v m="$min" -v s="$start_min" \
	    'BEGIN { printf "%.2f", m - s }')
	case $kind in
	gate)
		if awk -v e="$extra" -v b="$BUDGET" 'BEGIN { exit !(e > b) }'
		then
			verdict="SLOW (over ${BUDGET} ms)"
			slow=1
		else
			verdict="ok (${BUDGET} ms)"
		fi
		;;
	base) verdict="(baseline)" ;;
	*) verdict="(report only)" ;;
	esac
	printf '%-24s %8s %8s %10s %10s %8s  %s\n' "$label" "$mean" "$min" \
	    "$extra" "$extra_min" "$kb" "$verdict"
done <<END
$COMMANDS
END

# The queries behind those commands, as the binary runs them: each
# command once more with RECALL_TRACE_SQL, which writes every statement
# as it starts (its SQL as prepared, a tab, the SQL with its values bound
# in), so no copy of the SQL here can drift from src/.  A statement run
# by a gated command is gated.  For each: the plan of the SQL as
# prepared (a SCAN of cards, reviews, daily or layer_counts walks a whole
# table), and in a fresh sqlite3 shell (as in a fresh recall, the OS
# caches the file but SQLite's own page cache starts empty) the time
# (best of 3), the pages read (page cache misses) and full-scan steps
# that SQLite counts, of its first run with the values bound.
: >"$TMP/queries"
RECALL_TRACE_SQL=$TMP/trace
export RECALL_TRACE_SQL
while IFS='|' read -r label kind args; do
	[ "$kind" = base ] && continue
	rm -f "$TMP/trace"
	eval "$BASE $args" </dev/null >/dev/null 2>&1
	[ -f "$TMP/trace" ] || continue
	# kind TAB prepared TAB bound, the SELECTs only, one line each.
	awk -F '\t' -v k="$kind" 'NF >= 2 && $1 ~ /^(SELECT|WITH) / {
		b = $2; for (i = 3; i <= NF; i++) b = b "\t" $i
		print k "\t" $1 "\t" b }' "$TMP/trace" >>"$TMP/queries"
done <<END
$COMMANDS
END
unset RECALL_TRACE_SQL
# Each prepared statement once, gated if any gated command ran it.
awk -F '\t' '!($2 in kind) { order[++n] = $2; bound[$2] = $3 }
	{ if ($1 == "gate" || !($2 in kind)) kind[$2] = $1 }
	END { for (i = 1; i <= n; i++)
		print kind[order[i]] "\t" order[i] "\t" bound[order[i]] }' \
    "$TMP/queries" >"$TMP/unique"

echo
echo "queries (as the commands above ran them, values bound as for the \
first run):"
printf '%-24s %7s %7s %9s  %s\n' query ms pages fullscan plan
scans=0
while IFS="$(printf '\t')" read -r kind query bound; do
	label=$(printf '%s' "$query" | cut -c1-60)
	plan=$(echo "EXPLAIN QUERY PLAN $query;" |
	    sqlite3 "$DB" 2>&1 | grep -v '^QUERY PLAN$')
	{ echo ".timer on"; echo ".stats on"; echo "$bound;"; } \
	    >"$TMP/q.sql"
	for i in 1 2 3; do
		sqlite3 "$DB" <"$TMP/q.sql" 2>&1
	done >"$TMP/q.out"
	ms=$(awk '/^Run Time:/ { t = $4 * 1000; if (!n++ || t < m) m = t }
	    END { if (m < 1) print "<1"; else printf "%.0f\n", m }' "$TMP/q.out")
	pages=$(awk '/^Page cache misses:/ { print $4; exit }' "$TMP/q.out")
	steps=$(awk '/^Fullscan Steps:/ { print $3; exit }' "$TMP/q.out")
	if echo "$plan" | sed 's/^[|` -]*//' | grep -Eq \
	    '^SCAN (cards|reviews|daily|layer_counts|c|r|s)( |$)'; then
		if [ "$kind" = gate ]; then
			verdict="FULL SCAN"
			scans=1
		else
			verdict="full scan (report only)"
		fi
	elif [ "$kind" = gate ]; then
		verdict="indexed"
	else
		verdict="indexed (report only)"
	fi
	printf '%s\n%-24s %7s %7s %9s  %s\n' "$label" "" "$ms" "$pages" \
	    "$steps" "$verdict"
	echo "$plan" | sed 's/^/        /'
done <"$TMP/unique"

echo
if [ "$failed" != 0 ]; then
	echo "FAILED: a measured command failed"
	exit 1
fi
if [ "${BENCH_STRICT:-0}" != 0 ] && { [ "$slow" != 0 ] ||
    [ "$scans" != 0 ]; }; then
	echo "FAILED: a gated command is over ${BUDGET} ms, or a gated query \
scans a whole table"
	exit 1
fi
[ "$slow" = 0 ] || echo "note: a gated command is over ${BUDGET} ms beyond \
the process start"
[ "$scans" = 0 ] || echo "note: a gated query scans a whole table"
echo "done"
