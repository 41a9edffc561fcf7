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

# export -o --force reset the mode of the file it replaced.
echo old > private.md
chmod 600 private.md
recall -q export --deck notes -o private.md --force
is "export keeps the mode of the file it replaces" "$(stat -c %a private.md)" 600

done_testing
