#!/bin/sh
# Every command, and the error paths, run under valgrind's memcheck: no
# invalid reads or writes, no leaks.  In a sanitizer build (where valgrind
# cannot run) the same commands run bare and LeakSanitizer checks leaks.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

if [ "${SANITIZERS:-no}" = yes ]; then
	vg=""
elif command -v valgrind >/dev/null 2>&1; then
	vg="valgrind -q --error-exitcode=99 --leak-check=full"
	vg="$vg --errors-for-leak-kinds=definite,indirect"
	vg="$vg --show-leak-kinds=definite,indirect"
	# PCRE2's JIT code is opaque to memcheck: match without it.
	export RECALL_NO_JIT=1
else
	vg="valgrind"	# missing: every check below fails, loudly
fi

# clean DESC EXPECTED-STATUS ARGS...: recall under memcheck exits as
# expected and reports nothing.
clean() {
	desc=$1
	want=$2
	shift 2
	$vg "$RECALL" "$@" >"$TMP/.out" 2>"$TMP/.err" </dev/null
	rc=$?
	if [ "$rc" -eq "$want" ] &&
	    ! grep -Eq '(definitely|indirectly) lost|Invalid (read|write)|uninitialised|ERROR: (AddressSanitizer|LeakSanitizer)' "$TMP/.err"; then
		pass "$desc"
	else
		fail "$desc" "exit status $rc (wanted $want)" "$(head -n 30 "$TMP/.err")"
	fi
}

N=2026-11-26T09:00:00Z
cat >"$TMP/s.md" <<'SUMMARY'
---
deck: vg
tags: t
---
# Topic
## Skim
A :: a #x
B ::: b
The {{c1::cloze}} and {{c2::two::hint}}.
Q: q
A: a
  more
## Explore
multi
line
?
back
SUMMARY
printf 'bad :: \n{{open\n' >"$TMP/bad.md"

clean "--help" 0 --help
clean "--version" 0 --version
clean "help" 0 help
clean "help deck new" 0 help deck new
clean "an unknown command" 2 frobnicate
clean "deck new" 0 deck new extra --track want --weight 2
clean "a duplicate deck" 1 deck new extra
clean "import a summary" 0 import "$TMP/s.md"
clean "import --dry-run --json" 0 import --dry-run --json "$TMP/s.md"
clean "import a bad file" 1 import "$TMP/bad.md"
clean "import Anki" 0 import "$TOP_SRCDIR/tests/cli/data/anki-export.txt"
clean "deck list" 0 deck list
clean "deck show --json" 0 deck show vg --json
clean "deck set" 0 deck set vg layer-gate 50
clean "deck rename" 0 deck rename extra spare
clean "add" 0 add --deck spare --reverse --tags "a b" front back
clean "cards --json" 0 cards --json
clean "show" 0 show 1
clean "edit" 0 edit 1 --back changed
clean "answer" 0 --now $N answer 1 4 --duration 3
clean "answer again" 0 --now $N answer 2 1
clean "due --json" 0 --now $N due --json
clean "status" 0 --now $N status
clean "undo" 0 undo
clean "bury" 0 --now $N bury 3
clean "suspend and unsuspend" 0 suspend 4
clean "unsuspend" 0 unsuspend 4 --json
clean "search" 0 search -i 'cloze|front'
clean "a bad regex" 2 search '('
recall -q deck new vgp::sub
recall -q add --deck vgp::sub "$(printf '%05000d' 0 | tr 0 a)b" long
clean "a search that skips a card" 1 search '(a+)+$'
clean "deck show on a parent" 0 deck show vgp --json
clean "deck set on a parent" 0 deck set vgp new-per-day 21
clean "edit with text that is not UTF-8" 2 edit 1 --back "$(printf 'x\377')"
clean "export summary" 0 export --deck vg
clean "export anki" 0 export --format anki-tsv
clean "export json" 0 export --format json
clean "balance" 0 --now $N balance 60:40
clean "deepdive" 0 deepdive optics 10m
clean "deepdive done --bookmark" 0 deepdive done --bookmark
clean "later add and list" 0 later add waves --on tomorrow
clean "later" 0 later --all --json
clean "later done" 0 later done 1
clean "set" 0 set session 20m
clean "check" 0 check
clean "delete" 0 delete 5 --force
clean "deck delete" 0 deck delete spare --force
printf 'deck new s1\nadd --deck s1 q a\nbogus\n' >"$TMP/script.rc"
clean "a script that fails" 1 -f "$TMP/script.rc"
printf 'not sqlite\n' >"$TMP/notdb"
clean "a file that is not a collection" 1 --db "$TMP/notdb" deck list
clean "--demo" 0 --demo status
clean "export -o a new file" 0 export --deck vg -o "$TMP/vg-out.md"
clean "export -o over a file" 0 export --deck vg -o "$TMP/vg-out.md" --force
clean "export -o a device" 0 export --deck vg -o /dev/null
clean "export -o a full device" 1 export --deck vg -o /dev/full
ln -s "$TMP/nowhere" "$TMP/vg-dangling"
clean "export -o a dangling link" 1 export --deck vg -o "$TMP/vg-dangling"
clean "import of a device" 1 import /dev/zero
mkdir -p "$TMP/vg-loop/sub"
ln -s .. "$TMP/vg-loop/sub/up"
cp "$TMP/s.md" "$TMP/vg-loop/sub/s.md"
clean "import of a folder with a loop" 0 import "$TMP/vg-loop"
clean "-f on a folder" 1 -f "$TMP"
clean "completion bash" 0 completion bash
clean "completion decks" 0 completion decks

# Histories brought in: an Anki collection of each schema, a review log,
# and their error paths.
for schema in 11 18; do
	python3 "$TOP_SRCDIR/tests/anki/make-collection.py" --schema $schema \
	    "$TMP/vg$schema.anki2"
	clean "import an Anki collection (schema $schema)" 0 --now "$N" \
	    import "$TMP/vg$schema.anki2" --deck-track Geography=want
	clean "import it again (dry run)" 0 --now "$N" import --dry-run \
	    "$TMP/vg$schema.anki2"
done
clean "stats" 0 --now "$N" stats
clean "stats --json" 0 --now "$N" stats --json --deck vg
clean "stats of a bad section" 2 stats --section nosuch
clean "export --format review-log" 0 export --format review-log \
    -o "$TMP/vg-log.csv"
clean "import a review log" 0 --now "$N" import "$TMP/vg-log.csv" --json
printf 'card_id,review_time,review_rating\n1,2024-01-01,9\n' >"$TMP/vg-bad.csv"
clean "import a bad review log" 1 --now "$N" import "$TMP/vg-bad.csv"
printf 'PK' >"$TMP/vg.apkg"
clean "import an Anki package" 1 import "$TMP/vg.apkg"
head -c 4096 "$TMP/vg18.anki2" >"$TMP/vg-cut.anki2"
clean "import a cut Anki collection" 1 import "$TMP/vg-cut.anki2"

done_testing
