#!/bin/sh
# The hostile corpus (issue 13): each case of tests/hostile/cases runs one
# recall command on a hostile input, and must exit as the table says, say
# what it says, and leave the collection as it was (its sqlite3 .dump, or
# for a collection that is itself the input, its bytes).
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

HOSTILE="$TOP_SRCDIR/tests/hostile"
WORK="$TMP/work"
mkdir -p "$WORK"

# The collection the cases run on: cards to search (one that makes
# backtracking explode), answers in the log, and two decks.
{
	echo '# Base'
	echo 'base question :: base answer'
	echo 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! :: long'
	echo 'ab ab ab ab ab ab ab ab ab ab ab :: pairs'
} >"$TMP/base.md"
recall -q import "$TMP/base.md" --deck base
recall -q import "$TOP_SRCDIR/decks/ml-training.md"
recall -q --now 2026-11-26T09:00:00Z answer 1 good
recall -q --now 2026-11-27T09:00:00Z answer 1 hard

# A checkpointed copy of it, for the damaged collections.
sqlite3 -batch "$RECALL_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$RECALL_DB" "$TMP/good.db"
PAGE=$(sqlite3 -batch "$TMP/good.db" 'PRAGMA page_size')

# Deterministic noise (random bytes could by chance look like text).
noise() {
	awk -v n="$1" 'BEGIN { srand(7); for (i = 0; i < n; i++)
	    printf "%c", int(rand() * 255) + 1 }'
}

# repeat N TEXT: TEXT N times, no newline.
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# filler N CHAR: N bytes of CHAR, fast.
filler() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

# overwrite DB TABLE: garbage over the first page of TABLE.
overwrite() {
	root=$(sqlite3 -batch "$1" "SELECT rootpage FROM sqlite_schema
	    WHERE name = '$2'")
	yes 'not a page of a b-tree' | head -c "$PAGE" |
	    dd of="$1" bs="$PAGE" seek=$((root - 1)) conv=notrunc status=none
}

# generate NAME: make the input NAME in the current folder.
generate() {
	case $1 in
	elf.md) head -c 4096 "$RECALL" >"$1" ;;
	notes.md.gz.md) cat "$TMP/base.md" | gzip -9n >"$1" ;;
	random.md) noise 8192 >"$1" ;;
	binary.tsv | binary.script) head -c 2048 "$RECALL" >"$1" ;;
	nuls.md) head -c 1000 /dev/zero >"$1" ;;
	late-nul.md)
		{ yes 'a card :: its answer' | head -n 500
		    printf 'a \0 :: b\n'; } >"$1" ;;
	late-latin1.md)
		{ seq 1000 | sed 's/.*/card & :: answer &/'
		    printf 'caf\351 :: x\n'; } >"$1" ;;
	ten-mb-card.md)
		{ echo '# Big'; filler 10485760 x; echo ' :: back'; } >"$1" ;;
	ten-mb-prose.md)
		{ echo '# Big'; yes prose | head -c 10485760 | tr '\n' ' '
		    echo; } >"$1" ;;
	ten-mb-tail.md) filler 10485760 y >"$1" ;;
	ten-mb.tsv) { filler 10485760 z; printf '\tback\n'; } >"$1" ;;
	ten-mb.script) { printf 'search '; filler 10485760 w; echo; } >"$1" ;;
	many-errors.md)
		{ echo '---'; yes 'not front matter' | head -n 100000; } >"$1" ;;
	deep-cloze.md)
		{ repeat 10000 '{{c1::'; printf x; repeat 10000 '}}'; echo; } >"$1" ;;
	braces.md) { filler 100000 '{'; echo ' :: x'; } >"$1" ;;
	deep-deck.md)
		{ echo '---'; printf 'deck: '; repeat 100000 'a::'; echo b
		    echo '---'; echo 'q :: a'; } >"$1" ;;
	deep-headings.md)
		{ i=1; while [ $i -le 200 ]; do repeat $i '#'; echo " level $i"
		    i=$((i + 1)); done; echo 'deep :: down'; } >"$1" ;;
	long-answer.md)
		{ echo 'Q: a question'; echo 'A: an answer'
		    yes '  and more' | head -n 100000; } >"$1" ;;
	huge-front-matter.md)
		{ echo '---'; yes 'key without a colon' | head -n 200000
		    echo '---'; echo 'q :: a'; } >"$1" ;;
	open-front-matter.md)
		{ echo '---'; yes 'tags: again' | head -n 100000; } >"$1" ;;
	many-tags.md)
		{ echo '---'; printf 'tags:'; i=0; while [ $i -lt 1000 ]; do
		    repeat 100 " t$i"; i=$((i + 1)); done; echo
		    echo '---'; echo 'q :: a'; } >"$1" ;;
	ten-mb-tags.md)
		{ echo '---'; printf 'tags: '; yes tag | head -c 2000000 |
		    tr '\n' ' '; echo
		    echo '---'; echo 'q :: a'; } >"$1" ;;
	regex.txt) repeat 30000 '(a)' >"$1" ;;
	half.db)
		head -c $(($(stat -c %s "$TMP/good.db") / 2)) "$TMP/good.db" >"$1" ;;
	head.db) head -c 100 "$TMP/good.db" >"$1" ;;
	page1.db) head -c "$PAGE" "$TMP/good.db" >"$1" ;;
	garbage.db) cp "$TMP/good.db" "$1"; overwrite "$1" cards ;;
	garbage-write.db) cp "$TMP/good.db" "$1"; overwrite "$1" cards_due ;;
	empty.db) : >"$1" ;;
	text.db) printf 'this is not a database\n' >"$1" ;;
	noise.db) noise 65536 >"$1" ;;
	other.db) sqlite3 -batch "$1" 'CREATE TABLE t (x); INSERT INTO t VALUES (1)' ;;
	newer.db) cp "$TMP/good.db" "$1"
		sqlite3 -batch "$1" 'PRAGMA user_version = 999' ;;
	foreign.db)
		cp "$TMP/good.db" "$1"
		sqlite3 -batch "$TMP/stranger.db" 'PRAGMA journal_mode = WAL;
		    CREATE TABLE t (x);' >/dev/null
		# A copy of the stranger's WAL, taken while it is open.
		printf 'INSERT INTO t VALUES (1);\n.shell cp %s-wal %s-wal\n' \
		    "$TMP/stranger.db" "$1" | sqlite3 -batch "$TMP/stranger.db" ;;
	fifo.md | db.fifo) mkfifo "$1" ;;
	loop.md | db-loop) ln -s "$1" "$1" ;;
	dangling.md) ln -s nowhere.md "$1" ;;
	empty-folder | db-folder | script-folder) mkdir "$1" ;;
	*.md) printf 'q :: a\n' >"$1" ;;
	*) echo "no generator for $1" >&2; return 1 ;;
	esac
}

# bytes FILE: what FILE holds now, for "not touched" checks (an empty
# file is none: SQLite makes an empty -wal when it opens a collection).
bytes() {
	if [ -s "$1" ]; then
		sha256sum <"$1" | cut -d' ' -f1
	else
		echo none
	fi
}

# dump: the collection's content, for "unchanged" checks.
dump() {
	sqlite3 -batch "$RECALL_DB" .dump | sha256sum
}

cases=0
main=$(dump)
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	name=${line%% | *}; line=${line#* | }
	input=${line%% | *}; line=${line#* | }
	coll=${line%% | *}; line=${line#* | }
	cmd=${line%% | *}; line=${line#* | }
	want=${line%% | *}; message=${line#* | }
	cases=$((cases + 1))

	dir="$WORK/$cases"
	mkdir "$dir"
	cd "$dir" || exit 1
	case $input in
	-) ;;
	gen:*) generate "${input#gen:}" ;;
	*) cp "$HOSTILE/files/$input" . ;;
	esac
	file=${input#gen:}
	if [ "$coll" = own ]; then
		before="$(bytes "$file") $(bytes "$file-wal")"
	else
		before=$main	# each case leaves it as it was, or fails
	fi

	eval "set -- $cmd"
	run timeout 60 "$RECALL" "$@" </dev/null
	out="$out
$err"

	if [ "$rc" -eq "$want" ]; then
		pass "$name: exit $want"
	else
		fail "$name: exit $want" "got $rc" "output: $(printf '%s' "$out" |
		    cut -c1-300 | head -5)"
	fi
	if printf '%s\n' "$out" | grep -Eq -- "$message"; then
		pass "$name: says what is wrong"
	else
		fail "$name: says what is wrong" "expected to match: $message" \
		    "got: $(printf '%s' "$out" | cut -c1-300 | head -5)"
	fi
	if [ "$coll" = own ]; then
		after="$(bytes "$file") $(bytes "$file-wal")"
	else
		after=$(dump)
		main=$after
	fi
	is "$name: the collection is unchanged" "$after" "$before"
	cd "$TMP" || exit 1
	rm -rf "$dir"
done <"$HOSTILE/cases"

if [ $cases -ge 60 ]; then
	pass "the corpus has $cases cases"
else
	fail "the corpus has $cases cases, fewer than 60"
fi
is "no name in the corpus ran as a command" \
    "$(find "$TMP" -name 'pwned*' | head -3)" ""
run recall check
status "the collection still checks" 0

done_testing
