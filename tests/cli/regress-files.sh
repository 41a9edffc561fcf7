#!/bin/sh
# Regression tests for files and paths (issue 5), each named after what
# broke.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# trecall ARGS...: recall, killed if it hangs, so a hang fails the test.
trecall() {
	timeout 10 ${RECALL_WRAPPER:-} "$RECALL" "$@"
}

cd "$TMP" || exit 1
printf 'alpha :: one\nbeta ::: two\n' > notes.md
recall -q import notes.md

# export -o --force renamed a file over a FIFO instead of writing into it.
mkfifo fifo
timeout 10 cat fifo > from-fifo &
reader=$!
run trecall export --deck notes -o fifo --force
wait $reader
status "export into a FIFO succeeds" 0
if [ -p fifo ]; then pass "the FIFO is still a FIFO"; else fail "the FIFO is still a FIFO" "$(ls -l fifo)"; fi
like "the FIFO's reader got the summary" "$(cat from-fifo)" '^alpha :: one$'

# export -o --force turned /dev/full into a regular file (as root).
if [ "$(id -u)" -eq 0 ] && mknod full c 1 7 2>/dev/null; then
	full=$TMP/full
else
	full=/dev/full
fi
run recall export --deck notes -o "$full" --force
status "export to a full device fails" 1
like "and says the device is full" "$err" "$full: No space left on device"
if [ -c "$full" ]; then pass "the full device is still a character device"; else fail "the full device is still a character device" "$(ls -l "$full")"; fi

# export -o /dev/null needed --force and was replaced by a rename.
if [ "$(id -u)" -eq 0 ] && mknod null c 1 3 2>/dev/null; then
	null=$TMP/null
else
	null=/dev/null
fi
run recall export --deck notes -o "$null"
status "export to a character device needs no --force" 0
if [ -c "$null" ]; then pass "the null device is still a character device"; else fail "the null device is still a character device" "$(ls -l "$null")"; fi

# export -o /dev/stdout with standard output in a file replaced nothing.
run recall export --deck notes -o /dev/stdout
like "export -o /dev/stdout writes to standard output" "$out" '^alpha :: one$'

# A dangling symlink was overwritten by export even without --force.
ln -s missing.md dangling
run recall export --deck notes -o dangling
status "export refuses a dangling symlink" 1
like "and says the link leads nowhere" "$err" 'dangling is a symbolic link to a missing file'
run recall export --deck notes -o dangling --force
status "export refuses a dangling symlink even with --force" 1
if [ -L dangling ] && [ ! -e missing.md ]; then pass "the dangling link is left alone"; else fail "the dangling link is left alone" "$(ls -l dangling missing.md 2>&1)"; fi

# export -o --force replaced a symlink with a regular file.
echo old > target.md
ln -s target.md link.md
run recall export --deck notes -o link.md
status "export refuses a symlink to a file without --force" 1
run recall export --deck notes -o link.md --force
status "export through a symlink with --force succeeds" 0
if [ -L link.md ]; then pass "the symlink stays a symlink"; else fail "the symlink stays a symlink" "$(ls -l link.md)"; fi
like "and its target got the summary" "$(cat target.md)" '^alpha :: one$'

# export -o DIR --force said nothing useful (or renamed over it).
mkdir adir
run recall export --deck notes -o adir --force
status "export refuses a directory" 1
like "and says it is a directory" "$err" 'adir is a directory'

# export -o into a missing folder said only "No such file or directory".
run recall export --deck notes -o missing/out.md
status "export into a missing folder fails" 1
like "and says the folder is missing" "$err" 'missing/out.md: no such folder to write it in'

# export -o --force reset the mode of the file it replaced.
echo old > private.md
chmod 600 private.md
recall -q export --deck notes -o private.md --force
is "export keeps the mode of the file it replaces" "$(stat -c %a private.md)" 600

# import /dev/zero span forever (a device is not a summary).
run trecall import /dev/zero
status "import of a character device fails at once" 1
like "and says what it is and what to do" "$err" '/dev/zero is a character device: import reads regular files and folders \(for a stream: recall import - < /dev/zero\)'
run trecall import /dev/urandom
status "import of /dev/urandom fails at once" 1

# import of a FIFO blocked until a writer came.
run trecall import fifo
status "import of a FIFO fails at once" 1
like "and says it is a FIFO" "$err" 'fifo is a FIFO'

# A FIFO named like a summary inside a folder hung the folder's import.
mkdir fifodir
mkfifo fifodir/stuck.md
printf 'gamma :: three\n' > fifodir/ok.md
run trecall import fifodir
status "a folder with a FIFO in it is imported without hanging" 1
like "the FIFO is named" "$err" 'fifodir/stuck.md is a FIFO'
like "the folder's regular files are imported" "$out" 'ok.md: 1 new'

# import - < /dev/zero read forever instead of stopping at the first NUL.
before=$(digest "$RECALL_DB")
trecall import - --deck zero < /dev/zero > /dev/null 2> "$TMP/zero.err"
rc=$?
is "import of standard input stops at a NUL byte" "$rc" 1
like "and says where it stopped" "$(cat "$TMP/zero.err")" '<stdin>:1: stopped reading at a NUL byte'
trecall import - --deck random < /dev/urandom > /dev/null 2> "$TMP/random.err"
is "import of random bytes on standard input stops" "$?" 1

# Endless bad lines on standard input were all read and all reported.
yes 'front ::   ' | trecall import - --deck bad > /dev/null 2> "$TMP/bad.err"
is "import of endless bad lines stops" "$?" 1
is "it reports at most 20 errors, then stops" "$(grep -c 'is empty' "$TMP/bad.err")" 20
like "and says it stopped" "$(cat "$TMP/bad.err")" 'too many errors; stopping here'
is "none of it was written" "$(digest "$RECALL_DB")" "$before"

# (ulimit -f 200; recall import big.md) died of SIGXFSZ with no message.
i=0
while [ $i -lt 3000 ]; do
	echo "question number $i, padded out to make the file big :: answer $i, padded out too"
	i=$((i + 1))
done > big.md
before=$(digest "$RECALL_DB")
(ulimit -f 200; recall import big.md) > /dev/null 2> "$TMP/big.err"
is "an import past the file size limit fails with exit 1" "$?" 1
like "and says the file would be too large" "$(cat "$TMP/big.err")" 'big.md: not imported: .*file too large'
# and it advised "run 'recall check'" for a file size limit.
unlike "it does not send the person to check" "$(cat "$TMP/big.err")" "recall check"
like "it says to raise the limit" "$(cat "$TMP/big.err")" 'raise the limit \(ulimit -f\)'
is "the collection is left as it was" "$(digest "$RECALL_DB")" "$before"
run recall check
status "and check passes" 0
echo old > small.md
recall -q import big.md
(ulimit -f 100; recall export --deck big -o small.md --force) > /dev/null 2> "$TMP/exbig.err"
is "an export past the file size limit fails with exit 1" "$?" 1
like "and says file too large" "$(cat "$TMP/exbig.err")" 'small.md: file too large'
is "and leaves the old file" "$(cat small.md)" old

# Importing a folder followed a symlink loop 41 levels deep.
mkdir -p loop/sub
printf 'delta :: four\n' > loop/sub/loop.md
ln -s .. loop/sub/up
ln -s ../sub loop/sub/again
run trecall import loop
status "a folder with symlink loops imports" 0
is "each file is imported once" "$(printf '%s\n' "$out" | grep -c 'loop.md:')" 1
is "each loop is reported once" "$(printf '%s\n' "$err" | grep -c 'already imported')" 2
like "naming the link" "$err" 'loop/sub/up: a folder already imported \(a symbolic link loop\?\); skipped'

# -f /tmp said "/tmp:0: read error".
run recall -f "$TMP"
status "-f on a directory fails" 1
is "and names the directory and what -f takes" "$err" "recall: $TMP is a directory; -f takes a file of commands, one per line"
run recall -f ''
status "-f '' is a usage error" 2
like "and says what -f needs" "$err" "-f needs the name of a file of commands"

# recall -f /dev/zero read one endless line into memory.
run trecall -f /dev/zero
status "-f /dev/zero stops at once" 1
is "and says it is not a text file" "$err" "/dev/zero:1: NUL byte in line: /dev/zero is not a text file of commands"
head -c 2000000 /dev/zero | tr '\0' x > long.txt
run trecall -f long.txt
status "-f with a line over 1 MiB fails" 1
like "and says so" "$err" "^long.txt:1: line longer than 1 MiB"

# export --deck took quadratic time pairing ':::' cards and clozes; the
# indexed pairing must write the same summary (pairs, duplicates, clozes
# of one line, subdecks left out).  Its speed is in tests/bench/README.md.
mkdir pairs
cat > pairs/mix.md <<'SUMMARY'
---
deck: mix
---
# Top
a :: b
b :: a
c ::: d
c ::: d
The {{x}} and {{c2::y}} are here.
The {{x}} and {{c2::y}} are here.
## Sub
e ::: f #t1
The {{z}} again.
SUMMARY
printf -- '---\ndeck: mix::child\n---\nk ::: l\n' > pairs/child.md
recall -q import pairs
run recall export --deck mix
is "export pairs reversed cards and clozes of a line" "$out" "---
deck: mix
track: need
---

# Top

## Skim
a :: b
b :: a
c ::: d
c :: d
d :: c
The {{x}} and {{c2::y}} are here.

## Sub

### Skim
e ::: f #t1
The {{z}} again."
run recall export --deck mix --format anki-tsv
is "anki-tsv writes one note per pair and per cloze line" "$(printf '%s\n' "$out" | grep -c -v '^#')" 9

# One-shot use had no shell completion: the script 'make install' puts in
# bash-completion's folder (recall completion bash) must complete
# commands, subcommands, options, their values and deck names.
recall completion bash > recall.bash
# complete LINE: what bash completion offers at the end of LINE, sorted.
complete_line() {
	bash -c '
		. ./recall.bash || exit 1
		COMP_LINE=$1
		COMP_POINT=${#COMP_LINE}
		COMP_WORDBREAKS=${COMP_WORDBREAKS:-$'"' \t\n\"'\''><=;|&(:'"'}
		line=$1
		COMP_WORDS=()
		while [[ -n $line ]]; do
			if [[ $line =~ ^[[:space:]]+ ]]; then
				line=${line:${#BASH_REMATCH}}
				continue
			fi
			[[ $line =~ ^[:=]+ ]] || [[ $line =~ ^[^[:space:]:=]+ ]]
			COMP_WORDS+=("$BASH_REMATCH")
			line=${line:${#BASH_REMATCH}}
		done
		[[ $1 =~ [[:space:]]$ ]] && COMP_WORDS+=("")
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		fn=$(complete -p recall | sed -n "s/.*-F \([^ ]*\).*/\1/p")
		"$fn"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "
	' complete_line "$1"
}
recall -q deck new 'ml::transformers'
recall -q deck new 'ml::training'
is "completion offers a command" "$(complete_line "$RECALL de")" "deck deepdive delete "
is "completion offers a subcommand" "$(complete_line "$RECALL deck s")" "set show "
is "completion offers a command's options" "$(complete_line "$RECALL export --f")" "--force --format "
is "completion offers an option's values" "$(complete_line "$RECALL export --format ")" "anki-tsv json review-log summary "
is "completion offers deck names" "$(complete_line "$RECALL deck show ml::tr")" "training transformers "
is "completion offers deck names after --deck=" "$(complete_line "$RECALL cards --deck=mi")" "mix mix::child "
is "completion offers a positional's values" "$(complete_line "$RECALL answer 1 g")" "good "
# set's completion repeated the names of settings.c; it reads the table now.
is "completion offers the settings set knows" "$(complete_line "$RECALL set ")" "backups fit-every fit-min retention rollover scheduler session window "
is "completion offers a deck option" "$(complete_line "$RECALL deck set ml::training n")" "new-per-day "
recall --db "$TMP/other.db" -q deck new elsewhere
is "completion reads the decks of --db" "$(complete_line "$RECALL --db $TMP/other.db due ")" "elsewhere "
is "completion offers global options" "$(complete_line "$RECALL --q")" "--quiet "
is "completion offers files to import" "$(complete_line "$RECALL import pai")" "pairs "
is "completion offers files after -o" "$(complete_line "$RECALL export -o pai")" "pairs "

# export -o COLLECTION --force replaced the collection with a summary.
before=$(digest "$RECALL_DB")
ln -s "$RECALL_DB" collection-link
run recall export --deck notes -o collection-link --force
status "export refuses to write over the collection" 1
like "and says why" "$err" 'collection-link is the collection itself'
run recall export --deck notes -o "$RECALL_DB" --force
status "export refuses the collection's own path" 1
is "the collection is untouched" "$(digest "$RECALL_DB")" "$before"

# import '' said "recall: : No such file or directory".
run recall import ''
status "import of an empty name fails" 1
like "and says what to name" "$err" "import: an empty file name \(name a summary, a folder, or - for standard input\)"

# Opening the collection under a tiny file size limit said "disk I/O error".
(ulimit -f 1; recall status) > /dev/null 2> "$TMP/limit.err"
is "a command under a tiny file size limit fails" "$?" 1
like "and says the file would be too large" "$(cat "$TMP/limit.err")" 'file too large'

# export -o COLLECTION-damaged --force wrote the damage marker, and then
# every write to the collection was refused.
run recall export --deck notes -o "$RECALL_DB-damaged" --force
status "export onto the damage marker is refused" 1
like "and says why" "$err" 'is the collection itself'
run recall deck new after-marker
status "the collection can still be written" 0

done_testing
