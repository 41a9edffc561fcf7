#!/bin/sh
# Regression tests for the collection itself (issue 5): it is never
# damaged, never silently wrong, and never locked out.  Each is named after
# what broke.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

D1=2026-11-26T09:00:00Z

# The same garbage every run (random bytes could by chance look like a page).
garbage_page() {
	yes 'not a page of a b-tree' | head -c "$1"
}

# corrupt DB TABLE COPY: COPY is DB with the first page of TABLE overwritten.
corrupt() {
	page=$(sqlite3 "$1" "SELECT rootpage FROM sqlite_schema WHERE name = '$2'")
	size=$(sqlite3 "$1" 'PRAGMA page_size')
	cp "$1" "$3"
	garbage_page "$size" | dd of="$3" bs="$size" seek=$((page - 1)) \
	    conv=notrunc status=none
}

# state DB: the collection's files, for "nothing was written" checks.
state() {
	cat "$1" "$1-wal" 2>/dev/null | sha256sum | cut -d' ' -f1
}

# A collection of 251 cards in two decks, checkpointed into one file.
GOOD="$TMP/good.db"
numbered Many 251 'question number %d, padded to fill pages :: answer %d, padded too' \
    >"$TMP/many.md"
recall -q --db "$GOOD" import "$TMP/many.md" --deck many
recall -q --db "$GOOD" deck new other
recall -q --db "$GOOD" --now $D1 answer 2 good

# damaged_run DESC TABLE CMD...: on a copy of GOOD whose TABLE page is
# garbage, CMD fails (exit 1) with the damage message and writes nothing.
damaged_run() {
	desc=$1 table=$2
	shift 2
	corrupt "$GOOD" "$table" "$TMP/bad.db"
	before=$(state "$TMP/bad.db")
	run recall --db "$TMP/bad.db" "$@"
	status "$desc: exit 1" 1
	like "$desc: says the collection is damaged and to run check" "$err" \
	    "bad.db is damaged .*run 'recall check'"
	is "$desc: nothing was written" "$(state "$TMP/bad.db")" "$before"
	rm -f "$TMP/bad.db" "$TMP/bad.db-wal" "$TMP/bad.db-shm" \
	    "$TMP/bad.db-damaged"
}

# Garbage over the cards table: cards listed some cards with exit 0.
damaged_run "cards on a damaged cards table" cards cards
damaged_run "due on a damaged cards table" cards due
# Garbage over the decks table: "no decks yet" with exit 0.
damaged_run "deck list on a damaged decks table" decks deck list
# Garbage over an index: answers and imports were still written.
damaged_run "answer with a damaged index" cards_due answer 1 good
printf 'Fresh :: card\n' >"$TMP/fresh.md"
damaged_run "import with a damaged index" cards_deck import "$TMP/fresh.md" \
    --deck many
damaged_run "add with a damaged index" cards_deck add --deck other Q A

# A script went on after the damage and ended with exit 0.
corrupt "$GOOD" cards_due "$TMP/bad.db"
printf 'answer 1 good\nstatus\n' >"$TMP/script"
run recall --db "$TMP/bad.db" -f "$TMP/script"
status "a script stops at the damage" 1
like "with FILE:LINE: and the advice" "$err" "script:1: .*bad.db is damaged"

# After damage was seen once, the next command still wrote to the file.
before=$(state "$TMP/bad.db")
run recall --db "$TMP/bad.db" add --deck other Q A
status "a write after damage was seen is refused" 1
like "it says why and what to do" "$err" \
    "bad.db was found damaged .*writing is refused until 'recall check' passes"
is "and nothing was written" "$(state "$TMP/bad.db")" "$before"
run recall --db "$TMP/bad.db" cards --deck other
status "reads still work on what is not damaged" 0
like "with a warning" "$err" "warning: .*bad.db was found damaged"
run recall --db "$TMP/bad.db" check
status "check fails on the damaged file" 1
run recall --db "$TMP/bad.db" deck new more
status "so writing is still refused" 1
# Restore a sound copy: check passes and writing is allowed again.
cp "$GOOD" "$TMP/bad.db"
rm -f "$TMP/bad.db-wal" "$TMP/bad.db-shm"
run recall --db "$TMP/bad.db" check
status "check passes on a sound copy" 0
run recall --db "$TMP/bad.db" deck new more
status "then writing is allowed again" 0
is "and the warning is gone" "$err" ""
rm -f "$TMP/bad.db" "$TMP/bad.db-wal" "$TMP/bad.db-shm"

# An empty file silently became a new empty collection.
: >"$TMP/empty.db"
run recall --db "$TMP/empty.db" deck list
status "an empty file is refused" 1
like "it says so and what to do" "$err" \
    "empty.db is empty.*give --db a new path, or remove the file"
is "and the file stays empty" "$(wc -c <"$TMP/empty.db" | tr -d ' ')" 0
run recall --create --db "$TMP/empty.db" deck new e
status "--create makes a collection in an empty file" 0

# A -wal of another collection was checkpointed into this one by status.
# Make other.db's -wal hold frames of its own, then put it beside a copy of
# GOOD, as a copy or a restore that leaves the old -wal behind would.
recall -q --db "$TMP/other.db" import "$TMP/many.md" --deck another
sqlite3 "$TMP/other.db" >/dev/null <<EOF
PRAGMA wal_autocheckpoint = 0;
UPDATE cards SET front = front || '!';
UPDATE decks SET weight = 3;
.shell cp "$TMP/other.db-wal" "$TMP/foreign-wal"
EOF
cp "$GOOD" "$TMP/victim.db"
cp "$TMP/foreign-wal" "$TMP/victim.db-wal"
before=$(sha256sum <"$TMP/victim.db")
run recall --db "$TMP/victim.db" status
status "a foreign -wal is refused" 1
like "it names the -wal and what to do" "$err" \
    "victim.db-wal does not belong to .*victim.db.*Move .*victim.db-wal away"
is "and the collection is untouched" "$(sha256sum <"$TMP/victim.db")" "$before"
rm -f "$TMP/victim.db-wal"
run recall --db "$TMP/victim.db" check
status "without it the collection checks out" 0
# A -wal of its own, left by a crash, is still taken.
cp "$GOOD" "$TMP/crash.db"
sqlite3 "$TMP/crash.db" >/dev/null <<EOF
PRAGMA wal_autocheckpoint = 0;
UPDATE decks SET weight = 2 WHERE name = 'other';
.shell cp "$TMP/crash.db-wal" "$TMP/own-wal"
.shell cp "$TMP/crash.db" "$TMP/crash-base.db"
EOF
cp "$TMP/crash-base.db" "$TMP/crash.db"
cp "$TMP/own-wal" "$TMP/crash.db-wal"
run recall --db "$TMP/crash.db" deck list --json
status "its own -wal after a crash is taken" 0
is "with what it held" "$(jqr '.[] | select(.name == "other") | .weight')" 2
# A recall killed while it tried a -wal on copies left the copies behind
# in $TMPDIR (the crash tests left hundreds): the next trial sweeps those
# older than an hour, and only those that hold nothing else.
T=$TMP/trials
mkdir -p "$T/recall-wal-OLD001" "$T/recall-wal-NEW001" "$T/recall-wal-OLD002"
for d in OLD001 NEW001 OLD002; do
	cp "$TMP/crash-base.db" "$T/recall-wal-$d/c.db"
	cp "$TMP/own-wal" "$T/recall-wal-$d/c.db-wal"
done
echo mine >"$T/recall-wal-OLD002/notes.txt"
touch -d '2 hours ago' "$T/recall-wal-OLD001" "$T/recall-wal-OLD002"
cp "$TMP/crash-base.db" "$TMP/crash2.db"
cp "$TMP/own-wal" "$TMP/crash2.db-wal"
TMPDIR=$T run recall --db "$TMP/crash2.db" deck list
status "a -wal tried again" 0
is "the stale trial's folder is gone; a fresh one and one with more stay" \
    "$(ls "$T" | tr '\n' ' ')" "recall-wal-NEW001 recall-wal-OLD002 "
is "and the one with more keeps what it holds" \
    "$(ls "$T/recall-wal-OLD002" | tr '\n' ' ')" "c.db c.db-wal notes.txt "

# A FIFO as the collection blocked forever.
mkfifo "$TMP/fifo"
run timeout 20 "$RECALL" --db "$TMP/fifo" deck list
status "a FIFO as --db is refused" 1
like "it says what it is" "$err" "fifo is a FIFO, not a collection file"
# RECALL_DB=/dev/null said "disk I/O error".
RECALL_DB=/dev/null run recall deck list
status "/dev/null as the collection is refused" 1
like "it says what it is" "$err" "/dev/null is a character device, not a collection file"
# A directory as the collection said "not an SQLite database".
run recall --db "$TMP" deck list
status "a directory as the collection is refused" 1
like "it says to name a file in it" "$err" "is a directory; give --db the path of a collection file"
# --db '' said "recall: : No such file or directory".
run recall --db '' deck list
status "an empty --db is a usage error" 2
like "it says what is missing" "$err" "--db needs the path of a collection file"

# With neither HOME nor XDG_DATA_HOME, ./recall-collection.db appeared.
mkdir "$TMP/cwd"
(cd "$TMP/cwd" && env -u HOME -u XDG_DATA_HOME -u RECALL_DB "$RECALL" \
    deck new x >"$TMP/.out" 2>"$TMP/.err")
rc=$?
err=$(cat "$TMP/.err")
status "no home and no --db is refused" 1
like "it names --db and RECALL_DB" "$err" "give --db PATH or set RECALL_DB"
is "and makes no file" "$(ls "$TMP/cwd")" ""

# hold_lock DB: another program takes the write lock and keeps it until
# release_lock, as a long import does.
hold_lock() {
	rm -f "$TMP/lock-in" "$TMP/lock-out"
	mkfifo "$TMP/lock-in"
	sqlite3 "$1" <"$TMP/lock-in" >"$TMP/lock-out" 2>&1 &
	lock_pid=$!
	exec 9>"$TMP/lock-in"
	printf '.timeout 60000\nBEGIN IMMEDIATE;\n.print locked\n' >&9
	wait_for "$TMP/lock-out" locked
}
release_lock() {
	printf 'COMMIT;\n.quit\n' >&9
	exec 9>&-
	wait "$lock_pid"
}
# wait_for FILE TEXT: until FILE holds TEXT (a minute at most).
wait_for() {
	tries=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $tries -lt 600 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
}

# Read-only commands took the write lock: status failed with "database is
# locked" while an import ran.
cp "$GOOD" "$TMP/busy.db"
hold_lock "$TMP/busy.db"
for cmd in status "cards --deck other" due "deck list"; do
	run recall --db "$TMP/busy.db" $cmd
	status "$cmd answers while another program writes" 0
	is "$cmd does not wait or complain" "$err" ""
done
# A one-shot answer failed after 5 s; it waits, says so, and is saved.
recall --db "$TMP/busy.db" answer 3 good >"$TMP/answer.out" 2>"$TMP/answer.err" &
answer_pid=$!
wait_for "$TMP/answer.err" "waiting for the collection"
like "answer says it waits for the other writer" "$(cat "$TMP/answer.err")" \
    "waiting for the collection: another recall is writing \(Ctrl-C to stop\)"
sleep 6	# longer than the old 5 s timeout
release_lock
wait "$answer_pid"
rc=$?
out=$(cat "$TMP/answer.out") err=$(cat "$TMP/answer.err")
status "the answer is saved once the lock is free" 0
is "it is in the log" "$(sqlite3 "$TMP/busy.db" 'SELECT count(*) FROM reviews WHERE card_id = 3')" 1
unlike "no 'database is locked' reached the person" "$err" "locked"

# Four processes: one re-importing a big file over and over (20k cards here
# to keep the suite quick; 100k by hand), three answering and reading, and
# once a writer holding the lock for longer than the old 5 s timeout.
# "database is locked" reached the person and answers were lost.
STRESS="$TMP/stress.db"
awk 'BEGIN { print "# Stress"; for (i = 1; i <= 20000; i++)
    printf "stress question %d :: stress answer %d\n", i, i }' >"$TMP/s1.md"
sed 's/stress answer/stress reply/' "$TMP/s1.md" >"$TMP/s2.md"
cp "$TMP/s1.md" "$TMP/stress.md"
recall -q --db "$STRESS" import "$TMP/stress.md" --deck stress
(
	n=0
	while [ ! -e "$TMP/stop" ]; do
		n=$((n + 1))
		cp "$TMP/s$((n % 2 + 1)).md" "$TMP/stress.md"
		recall -q --db "$STRESS" import "$TMP/stress.md" --deck stress ||
		    echo "import failed: $?" >>"$TMP/failures"
	done
) 2>"$TMP/stress-import.err" &
importer=$!
workers=
for k in 1 2 3; do
	(
		i=1
		while [ $i -le 15 ]; do
			recall -q --db "$STRESS" answer $((k * 1000 + i)) good ||
			    echo "answer $k/$i failed: $?" >>"$TMP/failures"
			recall --db "$STRESS" status >/dev/null ||
			    echo "status $k/$i failed: $?" >>"$TMP/failures"
			recall --db "$STRESS" due --json >/dev/null ||
			    echo "due $k/$i failed: $?" >>"$TMP/failures"
			i=$((i + 1))
		done
	) 2>"$TMP/stress-$k.err" &
	workers="$workers $!"
done
sleep 2
hold_lock "$STRESS"
sleep 6
release_lock
wait $workers
touch "$TMP/stop"
wait "$importer"
is "under load, every command succeeded" "$(cat "$TMP/failures" 2>/dev/null)" ""
unlike "no 'database is locked' reached anyone" \
    "$(cat "$TMP"/stress-*.err)" "database is locked"
is "every answer was saved" "$(sqlite3 "$STRESS" 'SELECT count(*) FROM reviews')" 45
run recall --db "$STRESS" check
status "and check passes afterwards" 0

# A read-only file gave "Permission denied" even to commands that only read.
# A read-only directory said "attempt to write a readonly database".
# (Root may write anything, so these run as nobody when run as root.)
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		"$@"
	fi
}
mkdir "$TMP/ro" "$TMP/rodir"
chmod 777 "$TMP/ro"
cp "$GOOD" "$TMP/ro/c.db"
chmod 444 "$TMP/ro/c.db"
cp "$GOOD" "$TMP/rodir/c.db"
[ "$(id -u)" -eq 0 ] && chown nobody "$TMP/rodir/c.db" && chmod 755 "$TMP"
chmod 555 "$TMP/rodir"
check_readonly() {
	where=$1 message=$2
	db="$TMP/$where/c.db"
	run as_user "$RECALL" --db "$db" cards --deck many
	status "$where: cards works" 0
	is "$where: and lists every card" "$(printf '%s\n' "$out" | grep -c question)" 251
	run as_user "$RECALL" --db "$db" status
	status "$where: status works" 0
	run as_user "$RECALL" --db "$db" answer 1 good
	status "$where: answer fails" 1
	like "$where: the message names the file and what to do" "$err" "$message"
	is "$where: and nothing is written" "$(sqlite3 "$db" 'SELECT count(*) FROM reviews')" 1
}
check_readonly ro "ro/c.db is read-only; make it writable"
check_readonly rodir "rodir/c.db is in a directory recall cannot write .*make the directory writable"
chmod 755 "$TMP/rodir"
# A relative XDG_DATA_HOME without HOME was reported as not set at all.
run env -u HOME -u RECALL_DB XDG_DATA_HOME=rel "$RECALL" deck list
status "a relative XDG_DATA_HOME without HOME fails" 1
like "says XDG_DATA_HOME is relative" "$err" 'XDG_DATA_HOME is not an absolute path \(rel\)'


# Issue 6: a read that failed was taken for "none", so the command printed
# a wrong answer ("no card 1", "no decks yet", zero counts) before failing.
# wrong_answer DESC TABLE WRONG CMD...: with TABLE's page garbage, CMD
# exits 1 with SQLite's message and prints nothing matching WRONG (on
# stdout, nor on stderr: "no card 1" was an error message).
wrong_answer() {
	desc=$1 table=$2 wrong=$3
	shift 3
	corrupt "$GOOD" "$table" "$TMP/bad.db"
	run recall --db "$TMP/bad.db" --now $D1 "$@"
	status "$desc: exit 1" 1
	like "$desc: with SQLite's message" "$err" \
	    "bad.db is damaged \(database disk image is malformed\)"
	unlike "$desc: and no wrong answer first" "$out
$err" "$wrong"
	rm -f "$TMP/bad.db" "$TMP/bad.db-wal" "$TMP/bad.db-shm" \
	    "$TMP/bad.db-damaged"
}
recall -q --db "$GOOD" --now $D1 later add waves
recall -q --db "$GOOD" --now $D1 summarize other --from "$TMP/fresh.md"
wrong_answer "show on a damaged cards table" cards "no card" show 1
wrong_answer "cards on a damaged cards table" cards "no cards" cards
wrong_answer "deck list on a damaged decks table" decks "no decks" deck list
wrong_answer "deck show on a damaged decks table" decks "no deck" \
    deck show many
wrong_answer "deck show on damaged layer counts" layer_counts \
    "cards: 0" deck show many
wrong_answer "deck list on damaged layer counts" layer_counts \
    "many +need +1 +0" deck list
wrong_answer "status on a damaged due index" cards_due "0 due" status
wrong_answer "status on a damaged daily cache" daily "0 due" status
wrong_answer "due on a damaged cards table" cards "nothing is due" due
wrong_answer "show on a damaged log" reviews "no reviews yet" show 2
wrong_answer "summaries on a damaged table" summaries "no summaries" \
    summaries
wrong_answer "summaries ID on a damaged table" summaries "no summary" \
    summaries 1
wrong_answer "later on a damaged reading list" later "is empty" later
wrong_answer "check on a damaged log" reviews "ok:|problem found" check
wrong_answer "export on a damaged cards table" cards '"cards":\[\]' \
    export --format json
done_testing
