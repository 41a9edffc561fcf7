#!/bin/sh
# import-profile.sh [SIZE...]: how fast recall imports summaries, and how
# much memory it takes, against a prepared-INSERT loop.
#
# For each SIZE (cards; default 10000 100000), writes 20 summary files (one
# deck each, realistic text: terms, Q/A pairs and clozes under headings and
# layers) and times, each in a fresh collection and a fresh process:
#   first     recall import DIR (every card new)
#   again     recall import DIR (unchanged)
#   edited    recall import DIR after 10% of the cards' backs changed
#   loop      the limit: one prepared INSERT loop in one transaction with
#             recall's PRAGMAs, into a bare cards table (no triggers, no
#             secondary indexes), from the same card texts
# and prints wall seconds, cards/s and peak RSS (wait4's rusage, via
# /usr/bin/time), CPU seconds (user + system: steadier on a busy machine),
# and the ratio of first import to the loop (by wall time).  Not part of make check.
#
# Environment: RECALL (default ./recall), CC (cc), TMPDIR, FILES (20),
# PROFILE=1 to run the first import under perf record as well.

set -u

RECALL=${RECALL:-./recall}
FILES=${FILES:-20}
CC=${CC:-cc}
NOW=2026-11-26T12:00:00Z
HERE=$(cd "$(dirname "$0")" && pwd)
case $RECALL in
/*) ;;
*) RECALL=$(pwd)/$RECALL ;;
esac
[ -x "$RECALL" ] || { echo "import-profile.sh: no binary $RECALL" >&2; exit 1; }
[ $# -gt 0 ] || set -- 10000 100000

TMP=$(mktemp -d "${TMPDIR:-/tmp}/recall-import.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM

# gen DIR CARDS EDIT: FILES summaries; with EDIT=1, every tenth card's
# back is changed (the same files otherwise: the text is a hash of the
# card's number).
gen() {
	mkdir -p "$1"
	awk -v dir="$1" -v total="$2" -v edit="$3" -v files="$FILES" \
	    -v tsv="$1.tsv" '
	function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed }
	function words(n,   s, k) {
		s = w[1 + rnd() % nw]
		for (k = 1; k < n; k++) s = s " " w[1 + rnd() % nw]
		return s
	}
	BEGIN {
		nw = split("attention gradient softmax layer network model " \
		    "training loss weight bias vector matrix token embedding " \
		    "sequence query key value head decoder encoder residual " \
		    "normalisation dropout optimiser momentum schedule batch " \
		    "epoch history empire treaty river mountain language verb " \
		    "noun grammar syntax meaning origin century kingdom trade " \
		    "the a of in to with for by from that which is are was", w, " ")
		per = int(total / files)
		for (f = 0; f < files; f++) {
			path = sprintf("%s/deck%02d.md", dir, f)
			printf "---\ndeck: bench::d%02d\ntrack: %s\ntags: bench\n---\n# Deck %d\n\nNotes on topic %d, written while reading.\n", \
			    f, f % 3 == 2 ? "want" : "need", f, f > path
			for (i = 0; i < per; i++) {
				n = f * per + i
				seed = n * 7919 + 17
				if (i % (per < 10 ? 1 : int(per / 10) * 1) == 0 || i == 0) {
					lay = i < per * 0.5 ? "Skim" : i < per * 0.8 ? "Explore" : "Deepen"
					if (lay != last) { printf "\n## %s\n", lay > path; last = lay }
				}
				if (i % 50 == 0)
					printf "\n### Section %d\n\n", int(i / 50) > path
				front = sprintf("%s %d", words(2 + rnd() % 5), n)
				back = words(4 + rnd() % 20)
				if (edit && n % 10 == 3)
					back = back " (revised)"
				k = n % 10
				if (k == 7) {
					printf "Q: What is %s?\nA: %s\n", front, back > path
					print "basic\t" f "\tWhat is " front "?\t" back > tsv
				} else if (k == 9) {
					printf "The %s is {{c1::%s}}.\n", front, back > path
					print "cloze\t" f "\tThe " front " is [...].\t" back > tsv
				} else {
					printf "%s :: %s\n", front, back > path
					print "basic\t" f "\t" front "\t" back > tsv
				}
			}
			close(path)
			last = ""
		}
	}'
}

# The limit: a prepared INSERT loop, one transaction, recall's PRAGMAs.
cat > "$TMP/loop.c" <<'CEOF'
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int
main(int argc, char **argv)
{
	sqlite3 *db; sqlite3_stmt *s; char *line = NULL, *f[4], *p;
	size_t cap = 0; ssize_t len; int i, n = 0; FILE *in;
	if (argc != 3 || (in = fopen(argv[2], "r")) == NULL) return 2;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
	sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON; CREATE TABLE cards (id INTEGER PRIMARY KEY,"
	    "deck_id INTEGER NOT NULL, kind TEXT NOT NULL, cloze INTEGER NOT NULL,"
	    "front TEXT NOT NULL, back TEXT NOT NULL, note TEXT, context TEXT NOT NULL,"
	    "layer TEXT NOT NULL, tags TEXT NOT NULL, source TEXT, source_line INTEGER,"
	    "created INTEGER NOT NULL, modified INTEGER NOT NULL, ease REAL NOT NULL);"
	    "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO cards (deck_id, kind, cloze, front, back,"
	    "note, context, layer, tags, source, source_line, created, modified, ease)"
	    " VALUES (?1, ?2, 0, ?3, ?4, NULL, 'Deck > Section', 'skim', 'bench',"
	    " ?5, ?6, 1, 1, 2.5)", -1, &s, NULL);
	while ((len = getline(&line, &cap, in)) > 0) {
		line[len - 1] = '\0';
		for (p = line, i = 0; i < 4; i++) { f[i] = strsep(&p, "\t"); if (!f[i]) f[i] = ""; }
		sqlite3_bind_int(s, 1, atoi(f[1]) + 1);
		sqlite3_bind_text(s, 2, f[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, f[2], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, f[3], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, argv[2], -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 6, ++n);
		if (sqlite3_step(s) != SQLITE_DONE) return 1;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return 1;
	return sqlite3_close(db) != SQLITE_OK;
}
CEOF
$CC -O2 -o "$TMP/loop" "$TMP/loop.c" -lsqlite3 || exit 1

# measure NAME CARDS CMD...: one line of wall seconds, cards/s, peak RSS.
measure() {
	name=$1 cards=$2
	shift 2
	/usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err" ||
	    { echo "import-profile.sh: $name failed:" >&2; cat "$TMP/err" >&2; exit 1; }
	read -r secs kb user sys <"$TMP/time"
	awk -v n="$name" -v c="$cards" -v s="$secs" -v kb="$kb" -v u="$user" \
	    -v y="$sys" 'BEGIN {
		printf "%-8s %9d %8.2f %10.0f %8.1f %8.2f\n", n, c, s,
		    (s > 0 ? c / s : 0), kb / 1024, u + y }'
	echo "$secs" >"$TMP/$name.secs"
}

printf "%-8s %9s %8s %10s %8s %8s\n" run cards seconds cards/s "RSS MB" "cpu s"
for n in "$@"; do
	rm -rf "$TMP/s" "$TMP/s.tsv" "$TMP"/*.db*
	gen "$TMP/s" "$n" 0
	cards=$(wc -l <"$TMP/s.tsv")
	db=$TMP/c.db
	measure loop "$cards" "$TMP/loop" "$TMP/loop.db" "$TMP/s.tsv"
	measure first "$cards" env TZ=UTC "$RECALL" --db "$db" --now "$NOW" \
	    -q import "$TMP/s"
	measure again "$cards" env TZ=UTC "$RECALL" --db "$db" --now "$NOW" \
	    -q import "$TMP/s"
	gen "$TMP/s" "$n" 1
	measure edited "$cards" env TZ=UTC "$RECALL" --db "$db" --now "$NOW" \
	    -q import "$TMP/s"
	"$RECALL" --db "$db" -q check >/dev/null ||
	    { echo "import-profile.sh: recall check failed" >&2; exit 1; }
	awk -v a="$(cat "$TMP/loop.secs")" -v b="$(cat "$TMP/first.secs")" \
	    'BEGIN { printf "first import / loop: %.2fx\n", (b > 0 ? a / b : 0) }'
	if [ "${PROFILE:-0}" = 1 ]; then
		rm -f "$TMP"/c.db*
		perf record -g -o "$TMP/perf.data" env TZ=UTC "$RECALL" \
		    --db "$db" --now "$NOW" -q import "$TMP/s" >/dev/null 2>&1
		perf report -i "$TMP/perf.data" --no-children --stdio 2>/dev/null |
		    grep -v '^$' | grep '%' | head -40
	fi
done
