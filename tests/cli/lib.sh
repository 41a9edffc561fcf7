# Shared by the CLI tests: a private environment for the built binary and
# TAP helpers.  Each test script sources this, runs recall on temporary
# collections, and ends with done_testing.

set -u

: "${RECALL:?RECALL must name the recall binary (make check sets it)}"
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/recall-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home"
export XDG_DATA_HOME="$TMP/data"
export XDG_STATE_HOME="$TMP/state"
export RECALL_DB="$TMP/collection.db"
export TZ=UTC
unset RECALL_NOW RECALL_HISTORY VISUAL EDITOR NO_COLOR
mkdir -p "$HOME"

test_count=0
test_failed=0

# recall ARGS...: the binary under test (RECALL_WRAPPER may be valgrind).
recall() {
	${RECALL_WRAPPER:-} "$RECALL" "$@"
}

# run CMD...: run a command, keeping stdout in $out, stderr in $err and the
# exit status in $rc.
run() {
	"$@" >"$TMP/.out" 2>"$TMP/.err"
	rc=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
}

pass() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1"
}

fail() {
	test_count=$((test_count + 1))
	test_failed=1
	echo "not ok $test_count - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
}

# is DESC ACTUAL EXPECTED: exact equality.
is() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: $3" "     got: $2"
	fi
}

# like DESC ACTUAL REGEX: an extended regular expression matches.
like() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		pass "$1"
	else
		fail "$1" "expected to match: $3" "got: $2"
	fi
}

# unlike DESC ACTUAL REGEX: the expression does not match.
unlike() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		fail "$1" "expected not to match: $3" "got: $2"
	else
		pass "$1"
	fi
}

# status DESC EXPECTED: the last run's exit status.
status() {
	if [ "$rc" -eq "$2" ]; then
		pass "$1"
	else
		fail "$1" "expected exit status $2, got $rc" "stdout: $out" \
		    "stderr: $err"
	fi
}

# json_ok DESC TEXT: TEXT is one valid JSON document.
json_ok() {
	if printf '%s' "$2" | jq -e . >/dev/null 2>&1; then
		pass "$1"
	else
		fail "$1" "not valid JSON: $2"
	fi
}

# jqr FILTER: run jq -r on $out.
jqr() {
	printf '%s' "$out" | jq -r "$1"
}

# numbered TITLE N FORMAT: a summary of N cards under "# TITLE", each line
# FORMAT (printf) with the card's number for each %d.
numbered() {
	awk -v t="$1" -v n="$2" -v f="$3" 'BEGIN {
		print "# " t
		for (i = 1; i <= n; i++) {
			line = f
			gsub(/%d/, i, line)
			print line
		}
	}'
}

# digest FILE: the collection's content, for "unchanged" checks.
digest() {
	sha256sum "$1" | cut -d' ' -f1
}

done_testing() {
	echo "1..$test_count"
	exit 0
}
