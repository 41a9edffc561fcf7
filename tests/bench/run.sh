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

# The queries behind those commands, as src/queue.c, deck.c and card.c
# have them, with the biggest deck's id and today bound: their plans (a
# SCAN of cards, reviews, daily or layer_counts walks a whole table), and
# in a fresh sqlite3 shell (as in a fresh recall, the OS caches the file
# but SQLite's own page cache starts empty) the time (best of 3) and the
# pages read (page cache misses) and full-scan steps that SQLite counts.
deck_id=$(sqlite3 "$DB" "SELECT id FROM decks WHERE name = '$(printf '%s' \
    "$DECK" | sed "s/'/''/g")'")
[ -n "$deck_id" ] || die "no deck '$DECK' in $DB"
today=$(sqlite3 :memory: \
    "SELECT (CAST(strftime('%s', '$NOW') AS INTEGER) - 14400) / 86400")
card_id=$(sqlite3 "$DB" "SELECT max(id) FROM cards WHERE deck_id = $deck_id
	AND due IS NOT NULL")
limit=$(sqlite3 "$DB" "SELECT reviews_per_day FROM decks WHERE id = $deck_id")
new_limit=$(sqlite3 "$DB" "SELECT new_per_day FROM decks WHERE id = $deck_id")

# label|gate or report|parameters ?1 ?2 ...|SQL
QUERIES="deck list (decks)|report||SELECT id, name, track, weight, new_per_day, reviews_per_day, start_ease, fuzz, leech_threshold, layer_gate, created FROM decks WHERE ?1 IS NULL OR name = ?1 OR substr(name, 1, length(?1) + 2) = ?1 || '::' ORDER BY name
setting (settings)|gate|'rollover'|SELECT value FROM settings WHERE key = ?
done today (daily)|gate|$deck_id $today|SELECT reviews, fresh FROM daily WHERE deck_id = ? AND day = ?
time in window (daily)|gate|$deck_id $((today - 14)) $today|SELECT coalesce(sum(ms), 0), coalesce(sum(reviews + fresh), 0) FROM daily WHERE deck_id = ? AND day > ? AND day <= ?
layers (layer_counts)|gate|$deck_id|SELECT layer, cards, passed, fresh FROM layer_counts WHERE deck_id = ?
count due|gate|$deck_id $today $limit|SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck_id = ?1 AND due <= ?2 AND suspended = 0 AND buried_until <= ?2 LIMIT ?3)
count new (one layer)|gate|$deck_id 'skim' $today $new_limit|SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck_id = ?1 AND layer = ?2 AND due IS NULL AND suspended = 0 AND buried_until <= ?3 LIMIT ?4)
failed today|gate|$today|SELECT r.card_id, c.deck_id FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.day = ?1 AND r.grade < 4 AND c.suspended = 0 AND r.id = (SELECT max(id) FROM reviews WHERE card_id = r.card_id AND day = ?1) ORDER BY r.id
queue: due reviews|gate|$deck_id $today $limit|SELECT id FROM cards WHERE deck_id = ?1 AND due <= ?2 AND suspended = 0 AND buried_until <= ?2 ORDER BY due, id LIMIT ?3
queue: new (one layer)|gate|$deck_id 'skim' $today $new_limit|SELECT id FROM cards WHERE deck_id = ?1 AND layer = ?2 AND due IS NULL AND suspended = 0 AND buried_until <= ?3 ORDER BY id LIMIT ?4
next day due (min)|gate|$deck_id $today|SELECT min(due) FROM cards WHERE deck_id = ? AND due > ? AND suspended = 0
next day due (count)|gate|$deck_id $((today + 1))|SELECT count(*) FROM cards WHERE deck_id = ? AND due = ? AND suspended = 0
one card (card_get)|gate|$card_id|SELECT cards.*, decks.name FROM cards JOIN decks ON decks.id = cards.deck_id WHERE cards.id = ?
last day (answer)|gate|$card_id|SELECT day FROM reviews WHERE card_id = ? AND scheduled = 1 ORDER BY id DESC LIMIT 1
deck counts: layers|gate|$deck_id|SELECT coalesce(sum(cards), 0), coalesce(sum(fresh), 0) FROM layer_counts WHERE deck_id = ?
deck counts: due|report|$deck_id $today|SELECT count(*) FROM cards WHERE deck_id = ?1 AND due <= ?2 AND suspended = 0 AND buried_until <= ?2
deck counts: suspended|gate|$deck_id|SELECT count(*) FROM cards WHERE deck_id = ? AND suspended = 1
cards --due --deck|report|$(quote "$DECK") NULL NULL 2 $today|SELECT cards.*, decks.name FROM cards JOIN decks ON decks.id = cards.deck_id WHERE (?1 IS NULL OR decks.name = ?1 OR substr(decks.name, 1, length(?1) + 2) = ?1 || '::') AND (?2 IS NULL OR cards.layer = ?2) AND (?3 IS NULL OR instr(' ' || cards.tags || ' ', ' ' || ?3 || ' ') > 0) AND (?4 = 0 OR (?4 = 1 AND cards.due IS NULL AND cards.suspended = 0) OR (?4 = 2 AND cards.due <= ?5 AND cards.suspended = 0 AND cards.buried_until <= ?5) OR (?4 = 3 AND cards.suspended = 1) OR (?4 = 4 AND cards.leech = 1)) ORDER BY decks.name, cards.id"

# sql PARAMS SQL: a script binding PARAMS to ?1 ?2 ... and running SQL.
sql() {
	_i=1
	for _p in $1; do
		echo ".parameter set ?$_i $_p"
		_i=$((_i + 1))
	done
	echo "$2;"
}

echo
echo "queries (deck $deck_id = $DECK, day $today; limits $limit reviews, \
$new_limit new):"
printf '%-24s %7s %7s %9s  %s\n' query ms pages fullscan plan
scans=0
while IFS='|' read -r label kind params query; do
	plan=$(sql "$params" "EXPLAIN QUERY PLAN $query" |
	    sqlite3 "$DB" 2>&1 | grep -v '^QUERY PLAN$')
	{ echo ".timer on"; echo ".stats on"; sql "$params" "$query"; } \
	    >"$TMP/q.sql"
	for i in 1 2 3; do
		sqlite3 "$DB" <"$TMP/q.sql" 2>&1
	done >"$TMP/q.out"
	ms=$(awk '/^Run Time:/ { t = $4 * 1000; if (!n++ || t < m) m = t }
	    END { if (m < 1) print "<1"; else printf "%.0f\n", m }' "$TMP/q.out")
	pages=$(awk '/^Page cache misses:/ { print $4; exit }' "$TMP/q.out")
	steps=$(awk '/^Fullscan Steps:/ { print $3; exit }' "$TMP/q.out")
	if echo "$plan" | sed 's/^[|` -]*//' | grep -Eq \
	    '^SCAN (cards|reviews|daily|layer_counts|c|r)( |$)'; then
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
	printf '%-24s %7s %7s %9s  %s\n' "$label" "$ms" "$pages" "$steps" \
	    "$verdict"
	echo "$plan" | sed 's/^/        /'
done <<END
$QUERIES
END

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
