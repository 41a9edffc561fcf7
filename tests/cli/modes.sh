#!/bin/sh
# The three modes (one-shot, script file, script on stdin), global options,
# command lookup and exit statuses.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

run recall --help
status "--help exits 0" 0
like "--help shows usage" "$out" "^Usage: recall \\[OPTION\\]"
like "--help lists commands" "$out" "^  deck "
like "--help names the bug address" "$out" "^Report bugs to: "
run recall --version
status "--version exits 0" 0
like "--version first line" "$(printf '%s\n' "$out" | head -n1)" "^recall [0-9]+\\.[0-9]+\\.[0-9]+$"
run recall --bogus
status "an unknown global option is a usage error" 2
like "points at --help" "$err" "Try 'recall --help'"

run recall frobnicate
status "an unknown command is a usage error" 2
like "unknown command named" "$err" "^recall: unknown command: frobnicate"
run recall d
status "an ambiguous prefix is a usage error" 2
like "candidates listed" "$err" "ambiguous command: d, could be: deck, deepdive, delete"
run recall dec new prefixed
status "a unique prefix runs the command" 0
run recall exit
status "an alias resolves (exit is quit)" 0
run recall deck new --help
status "--help after a command" 0
like "shows that command's usage" "$out" "^usage: deck new NAME"
run recall help deck
status "help COMMAND" 0
like "help lists subcommands" "$out" "deck rename OLD NEW"
run recall help deck set
like "help COMMAND SUB" "$out" "^usage: deck set NAME KEY VALUE"
run recall help nosuch
status "help on an unknown command fails" 1
run recall help
like "help lists every command" "$out" "^  unsuspend"

# A script file: comments, blank lines, quoting.
cat >"$TMP/ok.rc" <<'SCRIPT'
# build a deck
deck new "script deck" --track want

add --deck 'script deck' "It's \"quoted\"" 'back # not a comment'   # comment
add --deck "script deck" one\ word two
SCRIPT
run recall -f "$TMP/ok.rc"
status "a script runs" 0
run recall cards --json
is "quoting: front" "$(jqr '.[0].front')" "It's \"quoted\""
is "quoting: back keeps # inside quotes" "$(jqr '.[0].back')" "back # not a comment"
is "backslash joins words" "$(jqr '.[1].front')" "one word"

# A script stops at its first error, with FILE:LINE.
cat >"$TMP/bad.rc" <<'SCRIPT'
deck new first
# line 2
deck new first
deck new never
SCRIPT
run recall -f "$TMP/bad.rc"
status "a failing script exits 1" 1
is "the error has file and line" "$err" "$TMP/bad.rc:3: deck 'first' already exists"
run recall deck show never
status "nothing after the error ran" 1

printf 'deck new "unterminated\n' >"$TMP/quote.rc"
run recall -f "$TMP/quote.rc"
status "a quoting error stops the script" 1
like "quoting error located" "$err" "quote.rc:1: unterminated \" quote"

printf 'deck list\ndeck new\n' >"$TMP/usage.rc"
run recall -f "$TMP/usage.rc"
status "a usage error in a script exits 1" 1
like "usage error located" "$err" "usage.rc:2: deck new: missing argument"

printf 'deck new s1\nquit\ndeck new s2\n' >"$TMP/quit.rc"
run recall -f "$TMP/quit.rc"
status "quit ends a script successfully" 0
run recall deck show s2
status "nothing after quit ran" 1

run sh -c 'printf "deck new piped\nadd --deck piped q a\nbogus\n" | "$RECALL" 2>&1'
like "stdin script error names <stdin> and the line" "$out" "^<stdin>:3: unknown command: bogus"
run recall -f - <<'SCRIPT'
deck new dash
SCRIPT
status "-f - reads standard input" 0
run recall -f "$TMP/missing.rc"
status "a missing script file" 1
like "missing file named" "$err" "missing.rc: No such file"
run recall -f "$TMP/ok.rc" deck list
status "a script and a command at once is a usage error" 2

# Global options.
run recall --json deck list
json_ok "--json before the command" "$out"
run recall deck list --json
json_ok "--json after the command" "$out"
run recall --db "$TMP/other.db" deck new elsewhere
status "--db picks another collection" 0
run recall deck show elsewhere
status "not in the default one" 1
RECALL_DB="$TMP/other.db" run recall deck show elsewhere
status "RECALL_DB picks it too" 0
run recall --now yesterday deck list
status "a bad --now is a usage error" 2
like "bad time named" "$err" "bad time 'yesterday'"
RECALL_NOW=garbage run recall deck list
status "a bad RECALL_NOW is a usage error" 2

# Writing to a full device is an error, not silence.
if [ -w /dev/full ]; then
	run sh -c '"$RECALL" deck list > /dev/full'
	status "deck list > /dev/full fails" 1
	like "write error reported" "$err" "write error"
	run sh -c '"$RECALL" --help > /dev/full'
	status "--help > /dev/full fails" 1
fi

done_testing
