#!/bin/sh
# bench.sh [--with-peer]: the benchmark of recall against the limit and a
# peer (make bench).  Prints one table for every size in BENCH_SIZES.
#
# Import, per size, BENCH_ROUNDS rounds; each round runs every contender
# once, in turn, on the same summaries (make-summaries.sh: realistic text,
# 20 decks): recall's first import, its re-import unchanged and its
# re-import with 10% of the backs edited; the limit, one prepared INSERT
# loop in one transaction (bench-limit) into (a) recall's schema, copied
# from a collection this recall made, and (b) a bare table; the peer,
# Mnemosyne, making the same cards (peer-mnemosyne.py), up to
# BENCH_PEER_MAX cards.  Each figure is the median over the rounds, each
# ratio the median of the ratios within a round, so that a busy machine
# slows both sides of a ratio alike.
#
# Commands, per size, BENCH_RUNS rounds; each round runs every command
# once, with recall --version (the bare process start) first: the
# commands that need a history on a collection of N cards and 5N reviews
# (make-collection.sh, cached), search and export on the collection the
# import made (realistic text; kept in the cache for a later run of the
# same binary).  Each figure is the median of the time
# from fork to exit and of the same minus --version's in that round, and
# the median peak RSS, all from bench-exec (wait4's rusage).
#
# Every figure that the issue gives a target for has it beside it, with
# PASS or MISS.  Exit status 1 if a contender or a command fails.
#
# Environment:
#   RECALL            the binary to measure (default ./recall)
#   BENCH_BIN         where bench-exec and bench-limit are (default: here)
#   BENCH_SIZES       card counts (default "10000 100000 1000000")
#   BENCH_ROUNDS      import rounds (default 5)
#   BENCH_RUNS        command rounds (default 15)
#   BENCH_CHECK_RUNS  rounds that also run `check` (default BENCH_RUNS)
#   BENCH_PARTS       "import commands" (default both)
#   BENCH_PEER=1      install Mnemosyne (apt-get) when it is missing; the
#                     same as --with-peer
#   BENCH_PEER_MAX    the largest size Mnemosyne is given (default 100000)
#   BENCH_NOW         the fixed time (default 2026-11-26T12:00:00Z)
#   BENCH_CACHE       where summaries and collections are cached
#                     (default ${TMPDIR:-/tmp})
#   BENCH_RESULTS     keep every single measurement in this file (and what
#                     the commands printed in FILE.out): the table again is
#                     awk -F '\t' -f bench-table.awk FILE.out FILE

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
RECALL=${RECALL:-./recall}
BIN=${BENCH_BIN:-$HERE}
SIZES=${BENCH_SIZES:-10000 100000 1000000}
ROUNDS=${BENCH_ROUNDS:-5}
RUNS=${BENCH_RUNS:-15}
CHECK_RUNS=${BENCH_CHECK_RUNS:-$RUNS}
PARTS=${BENCH_PARTS:-import commands}
PEER=${BENCH_PEER:-0}
PEER_MAX=${BENCH_PEER_MAX:-100000}
NOW=${BENCH_NOW:-2026-11-26T12:00:00Z}
CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}}
PYTHON=/usr/bin/python3
TZ=UTC
export TZ
unset RECALL_DB RECALL_NOW RECALL_TRACE_SQL

die() {
	echo "bench.sh: $*" >&2
	exit 1
}

for arg in "$@"; do
	case $arg in
	--with-peer) PEER=1 ;;
	*) echo "usage: bench.sh [--with-peer]" >&2; exit 2 ;;
	esac
done

case $RECALL in
/*) ;;
*/*) RECALL=$(cd "$(dirname "$RECALL")" && pwd)/$(basename "$RECALL") ;;
*) RECALL=$(command -v "$RECALL") || die "no recall binary '$RECALL'" ;;
esac
[ -x "$RECALL" ] || die "no recall binary '$RECALL' (set RECALL)"
EXEC=$BIN/bench-exec
LIMIT=$BIN/bench-limit
[ -x "$EXEC" ] && [ -x "$LIMIT" ] ||
	die "no $EXEC or $LIMIT: run 'make bench', or set BENCH_BIN"
command -v sqlite3 >/dev/null 2>&1 || die "needs the sqlite3 shell"
for n in $SIZES; do
	case $n in '' | *[!0-9]*) die "BENCH_SIZES: '$n' is not a number" ;; esac
	[ "$n" -ge 1000 ] || die "BENCH_SIZES: $n: at least 1000 cards"
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/recall-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM
RESULTS=$TMP/results
: >"$RESULTS"
failed=0

# The peer: Mnemosyne's scripting API, installed on request.
have_peer() {
	"$PYTHON" -c 'import mnemosyne.script' >/dev/null 2>&1
}
PEER_NOTE=
if ! have_peer; then
	if [ "$PEER" = 1 ]; then
		echo "Mnemosyne is not installed: installing the Debian package" \
		    "mnemosyne (apt-get)..."
		{ apt-get update && apt-get install -y mnemosyne; } \
		    >"$TMP/apt.log" 2>&1 ||
			die "installing mnemosyne failed: $(tail -n 1 "$TMP/apt.log")"
		have_peer || die "mnemosyne installed, but $PYTHON cannot import" \
		    "mnemosyne.script"
	else
		PEER_NOTE="Mnemosyne is not installed: no peer figures (make \
bench BENCH_PEER=1, or bench.sh --with-peer, installs it)"
		echo "$PEER_NOTE"
	fi
fi
have_peer && PEER_VERSION=$(dpkg-query -W -f '${Version}' mnemosyne \
    2>/dev/null || echo '?')

# fresh: a collection this recall makes, empty (the limit's schema).
: >"$TMP/fresh.db"
"$RECALL" --db "$TMP/fresh.db" --create -q status >/dev/null 2>&1 ||
	die "$RECALL cannot make a collection"

# run SIZE PART ROUND LABEL [bench-exec options] -- COMMAND...: measure once,
# append "SIZE PART ROUND LABEL ms KB status" to the results.
run() {
	_size=$1 _part=$2 _round=$3 _label=$4
	shift 4
	if ! "$EXEC" -L "$_label" -e "$TMP/err" "$@" >"$TMP/one" \
	    2>"$TMP/one.err"; then
		echo "bench.sh: $_label ($_size cards) failed:" \
		    "$(tail -n 1 "$TMP/err" 2>/dev/null)" >&2
		failed=1
	fi
	sed "s/^/$_size	$_part	$_round	/" "$TMP/one" >>"$RESULTS"
}

# summaries SIZE: the cached summaries of SIZE cards, as they are and
# with 10% of the backs edited ($CACHE/recall-bench-sum-SIZE/{base,edit}).
summaries() {
	_dir=$CACHE/recall-bench-sum-$1
	_stamp="cards $1 generator $(cksum <"$HERE/make-summaries.sh")"
	if [ "$(cat "$_dir/stamp" 2>/dev/null)" != "$_stamp" ]; then
		echo "writing $1 cards of summaries in $_dir..."
		rm -rf "$_dir"
		"$HERE/make-summaries.sh" "$_dir/base" "$1" &&
		    "$HERE/make-summaries.sh" "$_dir/edit" "$1" 10 ||
			die "make-summaries.sh failed"
		echo "$_stamp" >"$_dir/stamp"
	fi
	SUM=$_dir
}

# no_backups DB: no daily backup in what is measured.  The first open of
# a day copies the collection (README, "Backups"): a cost of its own,
# once a day, that would land in whichever command came first.
no_backups() {
	sqlite3 "$1" "INSERT OR REPLACE INTO settings (key, value) VALUES
	    ('backups', '0')" || die "no_backups $1"
}

# import_size SIZE: the import rounds.
import_size() {
	n=$1
	summaries "$n"
	W=$TMP/import-$n
	mkdir -p "$W"
	peer=0
	have_peer && [ "$n" -le "$PEER_MAX" ] && peer=1
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		echo "import, $n cards: round $r of $ROUNDS"
		rm -rf "$W/sum" "$W/recall.db"* "$W/a.db"* "$W/b.db"* "$W/peer"
		mkdir "$W/sum" && cp "$SUM"/base/*.md "$W/sum/" || die "copy"
		run "$n" import "$r" first -- "$RECALL" \
		    --db "$W/recall.db" --now "$NOW" -q import "$W/sum"
		# The first import makes every card once.  (A re-import keeps
		# a card it cannot match to a line, suspended, beside the new
		# one: the count after the edited files may be higher.)
		got=$(sqlite3 "$W/recall.db" 'SELECT count(*) FROM cards')
		[ "$got" = "$n" ] || {
			echo "bench.sh: recall imported $got cards, not $n" >&2
			failed=1
		}
		no_backups "$W/recall.db"
		run "$n" import "$r" unchanged -- "$RECALL" \
		    --db "$W/recall.db" --now "$NOW" -q import "$W/sum"
		cp "$SUM"/edit/*.md "$W/sum/" || die "copy"
		run "$n" import "$r" edited -- "$RECALL" \
		    --db "$W/recall.db" --now "$NOW" -q import "$W/sum"
		run "$n" import "$r" limit-a -- "$LIMIT" \
		    -s "$TMP/fresh.db" "$W/a.db" "$SUM"/base/*.md
		run "$n" import "$r" limit-b -- "$LIMIT" \
		    -b "$W/b.db" "$SUM"/base/*.md
		if [ "$peer" = 1 ]; then
			HOME=$W run "$n" import "$r" peer \
			    -o "$TMP/peer.out" -- "$PYTHON" \
			    "$HERE/peer-mnemosyne.py" "$W/peer" "$SUM"/base/*.md
			[ "$(cat "$TMP/peer.out")" = "$n" ] || {
				echo "bench.sh: Mnemosyne made" \
				    "$(cat "$TMP/peer.out") cards, not $n" >&2
				failed=1
			}
		fi
		r=$((r + 1))
	done
	rm -rf "$W/a.db"* "$W/b.db"* "$W/peer"
	# Kept for the commands (search, export), also of a later run of
	# this binary on these summaries.
	IMPORTED=$CACHE/recall-bench-imported-$n.db
	rm -f "$IMPORTED" "$IMPORTED.stamp"
	sqlite3 "$W/recall.db" "VACUUM INTO '$IMPORTED'" &&
	    imported_stamp "$n" >"$IMPORTED.stamp" ||
		die "keeping $IMPORTED failed"
}

# imported_stamp SIZE: what the kept imported collection was made from.
imported_stamp() {
	echo "binary $(cksum <"$RECALL") $(cat "$CACHE/recall-bench-sum-$1/stamp")"
}

# history SIZE: the cached collection of SIZE cards and 5 SIZE reviews.
history() {
	_reviews=$(($1 * 5))
	if [ "$1" = 1000000 ]; then
		HDB=$CACHE/recall-bench-1M.db
	else
		HDB=$CACHE/recall-bench-$1-$_reviews.db
	fi
	_version=$(sqlite3 "$TMP/fresh.db" 'PRAGMA user_version')
	_stamp="version $_version cards $1 reviews $_reviews now $NOW"
	_stamp="$_stamp generator $(cksum <"$HERE/make-collection.sh")"
	if [ "$(cat "$HDB.stamp" 2>/dev/null)" != "$_stamp" ] ||
	    [ "$(sqlite3 "$HDB" 'PRAGMA user_version' 2>/dev/null)" != \
	    "$_version" ]; then
		echo "building $HDB ($1 cards, $_reviews reviews)..."
		rm -f "$HDB.stamp"
		RECALL=$RECALL BENCH_NOW=$NOW BENCH_CHECK=0 \
		    "$HERE/make-collection.sh" "$HDB" "$1" "$_reviews" \
		    >/dev/null || die "building $HDB failed"
		echo "$_stamp" >"$HDB.stamp"
	fi
}

# The deck whose cards a command lists: the biggest of each collection.
HDECK=lang::japanese::vocab
IDECK=biology::cells
# Search patterns, in the coined terms of the fronts (a few hits in
# 100k cards, as a search for a term has): a literal, a regex with a
# literal of 3+ characters, a regex without one.
S_LITERAL=ruvok
S_REGEX_LIT='ruvo(ka|lo|mi)'
S_REGEX_NOLIT='\b(ka|lo)(mi|ne)(ru|sa)\b'

# commands_size SIZE: the command rounds.
commands_size() {
	n=$1
	history "$n"
	C=$TMP/commands-$n
	mkdir -p "$C"
	# A copy, for the answers change it.
	cp "$HDB" "$C/h.db" || die "copying $HDB"
	no_backups "$C/h.db"
	H="$RECALL --db $C/h.db --now $NOW"
	summaries "$n"
	IMPORTED=$CACHE/recall-bench-imported-$n.db
	if [ "$(cat "$IMPORTED.stamp" 2>/dev/null)" != \
	    "$(imported_stamp "$n")" ]; then
		echo "importing $n cards for search and export..."
		rm -f "$IMPORTED" "$IMPORTED.stamp" "$C/i.db" && mkdir -p "$C/sum" &&
		    cp "$SUM"/base/*.md "$C/sum/" &&
		    "$RECALL" --db "$C/i.db" --now "$NOW" -q import "$C/sum" \
		    >/dev/null 2>&1 &&
		    cp "$SUM"/edit/*.md "$C/sum/" &&
		    "$RECALL" --db "$C/i.db" --now "$NOW" -q import "$C/sum" \
		    >/dev/null 2>&1 &&
		    sqlite3 "$C/i.db" "VACUUM INTO '$IMPORTED'" &&
		    imported_stamp "$n" >"$IMPORTED.stamp" ||
			die "importing $n cards failed"
	fi
	no_backups "$IMPORTED"
	I="$RECALL --db $IMPORTED --now $NOW"
	# Cards to answer: due ones, one a run, each round a new one.
	$H cards --due --deck "$HDECK" --json 2>/dev/null |
	    grep -o '"id": *[0-9]*' | grep -o '[0-9]*$' >"$C/due-ids"
	[ -s "$C/due-ids" ] || die "no due card to answer in $HDB"
	stats=0
	"$RECALL" help stats >/dev/null 2>&1 && stats=1
	r=1
	while [ "$r" -le "$RUNS" ]; do
		echo "commands, $n cards: round $r of $RUNS"
		# Answers of this round: one one-shot, 1 and 101 in a script,
		# due cards taken in turn (a card answered again is a same-day
		# repeat, which is written all the same).
		awk -v r="$r" '{ id[NR] = $0 } END {
			print "answer " id[(r * 7) % NR + 1] " good" >"'"$C/one"'"
			for (i = 0; i < 101; i++)
				print "answer " id[(r * 101 + i) % NR + 1] " good"
		}' "$C/due-ids" >"$C/script101"
		head -n 1 "$C/script101" >"$C/script1"
		run "$n" commands "$r" version -- $H --version
		run "$n" commands "$r" status -- $H status
		run "$n" commands "$r" due-json -- $H due --json
		run "$n" commands "$r" due-deck -- $H due "$HDECK"
		run "$n" commands "$r" deck-list -- $H deck list
		run "$n" commands "$r" cards-head -l 20 -- \
		    $H cards --deck "$HDECK"
		run "$n" commands "$r" cards-head-ign -l 20 -p -- \
		    $H cards --deck "$HDECK"
		run "$n" commands "$r" search-literal -- $I search "$S_LITERAL"
		run "$n" commands "$r" search-regex-lit -- \
		    $I search "$S_REGEX_LIT"
		run "$n" commands "$r" search-regex-nolit -- \
		    $I search "$S_REGEX_NOLIT"
		[ "$stats" = 1 ] &&
			run "$n" commands "$r" stats -- $H stats
		run "$n" commands "$r" export -- $I export --deck "$IDECK"
		[ "$r" -le "$CHECK_RUNS" ] &&
			run "$n" commands "$r" check -- $H check
		run "$n" commands "$r" answer-oneshot -- \
		    $H $(cat "$C/one")
		run "$n" commands "$r" answer-script1 -i "$C/script1" -- \
		    $H -q -f -
		run "$n" commands "$r" answer-script101 -i "$C/script101" -- \
		    $H -q -f -
		r=$((r + 1))
	done
	# What the commands printed, for the table (a run each, not timed).
	for label in search-literal search-regex-lit search-regex-nolit; do
		case $label in
		search-literal) p=$S_LITERAL ;;
		search-regex-lit) p=$S_REGEX_LIT ;;
		*) p=$S_REGEX_NOLIT ;;
		esac
		lines=$($I search "$p" 2>/dev/null | wc -l)
		printf '%s\t%s\t%s\n' "$n" "$label" "$lines lines" >>"$TMP/out"
	done
	printf '%s\t%s\t%s\n' "$n" export "$(sqlite3 "$IMPORTED" "SELECT
	    count(*) FROM cards JOIN decks d ON d.id = deck_id
	    WHERE d.name = '$IDECK'") cards" >>"$TMP/out"
	printf '%s\t%s\t%s\n' "$n" due-json "$($H due --json 2>/dev/null |
	    grep -o '"id"' | wc -l) cards" >>"$TMP/out"
	printf '%s\t%s\t%s\n' "$n" due-deck \
	    "$($H due "$HDECK" 2>/dev/null | wc -l) lines" >>"$TMP/out"
	rm -f "$C/h.db"*
}

: >"$TMP/out"
echo "recall benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m)," \
    "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores, load" \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "binary: $RECALL ($("$RECALL" --version | head -n 1)), SQLite" \
    "$(sqlite3 --version | cut -d' ' -f1)"
for n in $SIZES; do
	case " $PARTS " in *" import "*) import_size "$n" ;; esac
	case " $PARTS " in *" commands "*) commands_size "$n" ;; esac
	rm -rf "$TMP/import-$n" "$TMP/commands-$n"
done
if [ -n "${BENCH_RESULTS:-}" ]; then
	cp "$RESULTS" "$BENCH_RESULTS" && cp "$TMP/out" "$BENCH_RESULTS.out"
fi

echo
echo "recall benchmark: $(date -u +%Y-%m-%d), $("$RECALL" --version |
    head -n 1), $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null ||
    echo '?') cores (load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
echo "import: $ROUNDS rounds; commands: $RUNS rounds (check: $CHECK_RUNS);" \
    "medians; ratios are medians of per-round ratios"
[ -n "$PEER_NOTE" ] && echo "$PEER_NOTE"
have_peer && echo "peer: Mnemosyne $PEER_VERSION (mnemosyne.script," \
    "$PYTHON), up to $PEER_MAX cards"
echo
awk -F '\t' -v peer_max="$PEER_MAX" -v have_peer="$(have_peer && echo 1)" \
    -f "$HERE/bench-table.awk" "$TMP/out" "$RESULTS"
[ "$failed" = 0 ] || { echo "FAILED: a contender or a command failed"; exit 1; }
