#!/bin/sh
# Backups (issue 9): one a day on the first open by the rollover, the last
# N kept, written whole or not at all; backup, backups and restore; a
# restore that cannot be trusted is refused and changes nothing.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

DB="$TMP/collection.db"
B="$TMP/backups"

# dump DB: the collection's content as SQL, for "nothing changed" checks.
dump() {
	sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1
}

# dump_restored FILE: the same, but for the sync device id, which a
# restored collection takes anew (doc/SYNC.md).
dump_restored() {
	sqlite3 "$1" .dump | grep -v "^INSERT INTO settings VALUES('sync-device'," |
	    sha256sum | cut -d' ' -f1
}

# answers FILE: the answers a backup holds.
answers() {
	sqlite3 "$1" 'SELECT count(*) FROM reviews'
}

{
	echo '# Facts'
	i=1
	while [ $i -le 40 ]; do
		echo "question $i :: answer $i"
		i=$((i + 1))
	done
} >"$TMP/facts.md"

# --- the daily backup --------------------------------------------------

run recall --now 2026-12-01T10:00 import "$TMP/facts.md" --deck facts
status "import into a new collection" 0
if [ -e "$B" ]; then
	fail "a collection with no cards yet is not backed up" "$(ls -la "$B")"
else
	pass "a collection with no cards yet is not backed up"
fi

run recall --now 2026-12-01T10:05 answer 1 good
status "the first command of the day succeeds" 0
is "it wrote the day's backup, as the collection was when it opened" \
    "$(answers "$B/collection-2026-12-01.db")" 0
is "the backups folder is private (0700)" "$(stat -c %a "$B")" 700
is "the backup is private (0600)" \
    "$(stat -c %a "$B/collection-2026-12-01.db")" 600
is "the backup is a plain file, no -wal beside it" \
    "$(sqlite3 "$B/collection-2026-12-01.db" 'PRAGMA journal_mode')" delete
is "no temporary file is left" "$(ls -A "$B")" "collection-2026-12-01.db"

run recall --now 2026-12-01T18:00 answer 2 good
status "the second command of the day succeeds" 0
is "the second open of the day writes no backup" \
    "$(answers "$B/collection-2026-12-01.db")" 0
run recall --now 2026-12-02T03:59 answer 3 good
is "before the rollover hour it is still the same day" "$(ls "$B")" \
    "collection-2026-12-01.db"
run recall --now 2026-12-02T04:00 status
is "at the rollover a new day's backup is written" \
    "$(answers "$B/collection-2026-12-02.db")" 3
run recall --db "$B/collection-2026-12-02.db" --now 2026-12-02T05:00 check
status "the backup passes check" 0
is "a backup opened as a collection is not backed up itself" \
    "$(ls "$B")" "collection-2026-12-01.db
collection-2026-12-02.db"

# --- the last N ----------------------------------------------------------

run recall --now 2026-12-02T05:00 set backups 3
status "set backups 3" 0
for d in 03 04 05 06 07; do
	recall -q --now 2026-12-${d}T10:00 answer 4 again
done
is "only the last 3 are kept" "$(ls "$B" | tr '\n' ' ')" \
    "collection-2026-12-05.db collection-2026-12-06.db collection-2026-12-07.db "
run recall --now 2026-12-07T11:00 set backups 0
run recall --now 2026-12-08T10:00 status
is "backups 0 writes none" "$(ls "$B" | tr '\n' ' ')" \
    "collection-2026-12-05.db collection-2026-12-06.db collection-2026-12-07.db "
run recall --now 2026-12-08T10:00 set backups 366
status "backups beyond 365 is refused" 2
like "with the range" "$err" "0-365"
recall -q --now 2026-12-08T10:00 set backups 7

# Two collections in one folder keep their backups apart.
run recall --db "$TMP/work.db" --now 2026-12-08T10:00 import "$TMP/facts.md" \
    --deck w
run recall --db "$TMP/work.db" --now 2026-12-08T11:00 status
is "another collection's backups are named by its file" \
    "$(ls "$B" | grep -c '^work-2026-12-08\.db$')" 1
recall -q --db "$TMP/work.db" set backups 1
recall -q --db "$TMP/work.db" --now 2026-12-09T11:00 status >/dev/null
is "its rotation keeps its own last N, and none of the other's" \
    "$(ls "$B" | tr '\n' ' ')" \
    "collection-2026-12-05.db collection-2026-12-06.db collection-2026-12-07.db work-2026-12-09.db "

# --- backup and backups ------------------------------------------------

# From here on the clock stays on 2026-12-08 unless a command says.
export RECALL_NOW=2026-12-08T12:00

run recall --now 2026-12-08T12:00 backup
status "backup makes today's backup now" 0
like "and says where" "$out" "to $B/collection-2026-12-08.db"
run recall --now 2026-12-08T12:00 backup "$TMP/copy.db" --json
status "backup FILE" 0
is "reports its cards" "$(jqr .cards)" 40
is "and its answers" "$(jqr .reviews)" "$(answers "$DB")"
is "FILE is private (0600)" "$(stat -c %a "$TMP/copy.db")" 600
run recall backup "$TMP/copy.db"
status "backup onto an existing file needs --force" 1
like "and says so" "$err" "exists; not overwriting it without --force"
run recall backup --force "$TMP/copy.db"
status "backup --force replaces it" 0
run recall backup "$DB" --force
status "backup onto the collection itself is refused" 1
run recall backup --list extra
status "backup --list takes no FILE" 2

run recall backups --json
status "backups --json" 0
json_ok "is JSON" "$out"
is "lists this collection's backups, oldest first" \
    "$(jqr '[.[].name] | join(" ")')" \
    "collection-2026-12-05.db collection-2026-12-06.db collection-2026-12-07.db collection-2026-12-08.db"
is "each with its cards" "$(jqr '.[3].cards')" 40
is "answers" "$(jqr '.[3].reviews')" "$(answers "$B/collection-2026-12-08.db")"
is "and size" "$(jqr '.[3].size')" "$(stat -c %s "$B/collection-2026-12-08.db")"
run recall backup --list
like "backup --list shows the same in a table" "$out" \
    "collection-2026-12-08\.db +[0-9]+ KiB +[0-9-]+ [0-9:]+ +40 +[0-9]+"

# --- a backup that cannot be written -----------------------------------

mkdir "$TMP/elsewhere"
recall -q --db "$TMP/elsewhere/c.db" --now 2026-12-08T10:00 import \
    "$TMP/facts.md" --deck x
: >"$TMP/elsewhere/backups"
run recall --db "$TMP/elsewhere/c.db" --now 2026-12-09T10:00 answer 1 good
status "a backup that fails never fails the command" 0
like "the command did its work" "$out" "^card 1: good"
is "it warns once, in one line" "$(printf '%s\n' "$err" | wc -l)" 1
like "naming the path and the reason" "$err" \
    "^recall: warning: no backup today: .*elsewhere/backups is not a folder"
run recall --db "$TMP/elsewhere/c.db" --now 2026-12-09T11:00 answer 2 good
status "the next command that day succeeds too" 0
is "and does not warn again: once a day" "$err" ""
run recall --db "$TMP/elsewhere/c.db" --now 2026-12-10T10:00 answer 3 good
like "the next day it tries again, and says so again" "$err" \
    "^recall: warning: no backup today: .*elsewhere/backups is not a folder"
mkdir "$TMP/elsewhere2"
cp "$TMP/elsewhere/c.db" "$TMP/elsewhere2/c.db"
: >"$TMP/elsewhere2/backups"
run recall --db "$TMP/elsewhere2/c.db" --now 2026-12-10T10:00 status
like "another collection's failure that day is its own" "$err" \
    "elsewhere2/backups is not a folder"
run recall --db "$TMP/elsewhere/c.db" --now 2026-12-10T12:00 status
is "and the first one's stays said" "$err" ""
rm "$TMP/elsewhere/backups"
run recall --db "$TMP/elsewhere/c.db" --now 2026-12-10T12:00 backup
status "backup makes one now, whatever failed earlier" 0
run recall --db "$TMP/elsewhere/c.db" --now 2026-12-11T10:00 status
is "once the folder can be written, the day's backup comes back" \
    "$(ls "$TMP/elsewhere/backups" | grep -c '^c-2026-12-11\.db$')" 1

# What a killed backup left is swept by the next one; a copy that is
# still being written (it holds a lock on its file) is left alone.
EB="$TMP/elsewhere/backups"
: >"$EB/.c-2026-12-11.db.Ab3dE9"
: >"$EB/.c-2026-12-11.db.Ab3dE9-journal"
: >"$EB/.c-2026-12-10.db.Zz9Yy8-journal"
: >"$EB/.c-2026-12-11.db.Live01"
: >"$EB/.other-2026-12-11.db.Ab3dE9"
: >"$EB/.notes.txt.Ab3dE9"
flock -o "$EB/.c-2026-12-11.db.Live01" \
    "$RECALL" --db "$TMP/elsewhere/c.db" --now 2026-12-12T10:00 status \
    >/dev/null 2>&1
is "the next backup sweeps the copies killed mid-write and their journals" \
    "$(ls -A "$EB" | grep -c '^\.c-2026-12-1[01]\.db\.[A-Za-z0-9]*9')" 0
exists "a copy being written (locked) is left alone" \
    "$EB/.c-2026-12-11.db.Live01"
exists "another collection's files and other files are not touched" \
    "$EB/.other-2026-12-11.db.Ab3dE9" "$EB/.notes.txt.Ab3dE9"
is "and the day's backup is there" \
    "$(ls "$EB" | grep -c '^c-2026-12-12\.db$')" 1

# --- restore -------------------------------------------------------------

recall -q --now 2026-12-08T13:00 answer 5 easy
recall --now 2026-12-08T13:00 show 5 --json >"$TMP/show-before.json"
recall -q --now 2026-12-08T13:00 backup "$TMP/keep.db"
recall -q --now 2026-12-08T14:00 answer 5 again
recall -q --now 2026-12-08T14:00 delete 6 --force

before=$(dump "$DB")
run recall restore "$TMP/keep.db"
status "restore without a terminal and without --force: exit 2" 2
like "with the reason" "$err" "without --force \(no terminal to ask\)"
like "after showing both" "$out" "backup +40 "
is "nothing changed" "$(dump "$DB")" "$before"

run recall --now 2026-12-08T15:00 restore --force "$TMP/keep.db"
status "restore --force" 0
like "keeps the collection first" "$out" \
    "kept in $B/collection-2026-12-08T150000\.db"
is "the kept copy is the collection as it was" \
    "$(dump "$B/collection-2026-12-08T150000.db")" "$before"
run recall --now 2026-12-08T13:00 show 5 --json
is "round trip: show --json equals what was backed up" "$out" \
    "$(cat "$TMP/show-before.json")"
run recall check
status "check passes after the restore" 0
is "no -wal of the old file is left" "$(ls "$TMP" | grep -c 'collection\.db-wal$')" 0
run recall --now 2026-12-08T15:00 restore --force "$B/collection-2026-12-08T150000.db"
status "restore the kept copy back" 0
like "a second restore in the same second keeps its own copy" "$out" \
    "kept in $B/collection-2026-12-08T150001\.db"
is "which brings back the later state" "$(dump_restored "$DB")" \
    "$(dump_restored "$B/collection-2026-12-08T150000.db")"
like "it says the collection syncs as a new device" "$out" \
    "it syncs as a new device, [0-9a-f]{32}: the journal of [0-9a-f]{32}, the device it was"
run recall --now 2026-12-08T15:00 restore --force --json "$B/collection-2026-12-08T150001.db"
status "restore --json" 0
json_ok "restore --json is one JSON object" "$out"
is "it says it restored" "$(jqr .restored)" true
is "the file" "$(jqr .file)" "$B/collection-2026-12-08T150001.db"
is "what the backup held" "$(jqr '[.backup.cards, .backup.reviews] | @tsv')" \
    "$(sqlite3 -separator '	' "$B/collection-2026-12-08T150001.db" \
    'SELECT (SELECT count(*) FROM cards), (SELECT count(*) FROM reviews)')"
is "its last answer, as a time" "$(jqr .backup.last_answer)" \
    "2026-12-08T13:00:00+00:00"
is "where the collection was kept" "$(jqr .kept)" \
    "$B/collection-2026-12-08T150002.db"
like "and the new and old devices" "$(jqr '"\(.device) \(.previous_device)"')" \
    "^[0-9a-f]{32} [0-9a-f]{32}$"
is "the device is the collection's now" "$(jqr .device)" \
    "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'sync-device'")"
run recall restore --json "$B/collection-2026-12-08T150001.db"
status "restore --json without --force and no terminal: exit 2" 2
is "and prints no JSON" "$out" ""

# Files that are not a sound recall collection are refused, changing nothing.
before=$(dump "$DB")
size=$(stat -c %s "$TMP/keep.db")
head -c $((size / 2)) "$TMP/keep.db" >"$TMP/truncated.db"
cp "$TMP/keep.db" "$TMP/damaged.db"
psize=$(sqlite3 "$TMP/keep.db" 'PRAGMA page_size')
page=$(sqlite3 "$TMP/keep.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'cards'")
yes 'not a page of a b-tree' | head -c "$psize" |
    dd of="$TMP/damaged.db" bs="$psize" seek=$((page - 1)) conv=notrunc \
    status=none
sqlite3 "$TMP/other.db" 'CREATE TABLE t (x); INSERT INTO t VALUES (1)'
cp "$TMP/keep.db" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" 'PRAGMA user_version = 999'
printf 'just some text\n' >"$TMP/text.db"
for f in truncated damaged other newer text missing; do
	run recall restore --force "$TMP/$f.db"
	status "restore of a $f file is refused" 1
	like "it says nothing changed ($f)" "$err" "nothing changed$"
	is "and nothing did ($f)" "$(dump "$DB")" "$before"
done
run recall restore --force "$TMP/newer.db"
like "a newer file is named as such" "$err" "made by a newer recall"
run recall restore --force "$TMP/other.db"
like "another program's database is named as such" "$err" \
    "not a recall collection"
run recall restore --force "$TMP/damaged.db"
like "a damaged file is named as such" "$err" "damaged"
is "no temporary copy is left beside the collection" \
    "$(ls -A "$TMP" | grep -c '^\.collection\.db\.')" 0
: >"$TMP/.collection.db.Kill3d"
: >"$TMP/.collection.db.Kill3d-journal"
: >"$TMP/.facts.md.Kill3d"
recall -q --now 2026-12-08T16:00 restore --force "$B/collection-2026-12-08T150001.db"
is "a restore sweeps what a killed restore left beside the collection" \
    "$(ls -A "$TMP" | grep -c '^\.collection\.db\.')" 0
exists "and nothing else" "$TMP/.facts.md.Kill3d"
is "the restored collection is in WAL mode before recall opens it again" \
    "$(sqlite3 "$DB" 'PRAGMA journal_mode')" wal
before=$(dump "$DB")

# A damaged collection is what a restore is for.
H="$TMP/hurt.db"
recall -q --db "$H" import "$TMP/facts.md" --deck h
recall -q --db "$H" answer 1 good
recall -q --db "$H" backup "$TMP/hurt-keep.db"
sqlite3 "$H" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
hpage=$(sqlite3 "$H" "SELECT rootpage FROM sqlite_schema WHERE name = 'cards'")
yes 'not a page of a b-tree' | head -c "$psize" |
    dd of="$H" bs="$psize" seek=$((hpage - 1)) conv=notrunc status=none
run recall --db "$H" check
status "the hurt collection fails check" 1
run recall --db "$H" restore --force "$TMP/hurt-keep.db"
status "restore puts a sound copy over a damaged collection" 0
run recall --db "$H" check
status "check passes on it" 0
if [ -e "$H-damaged" ]; then
	fail "the damage marker of the old file is gone" "$(cat "$H-damaged")"
else
	pass "the damage marker of the old file is gone"
fi

# While another program has the collection open, restore refuses.
fifo="$TMP/hold"
mkfifo "$fifo"
sqlite3 "$DB" <"$fifo" >/dev/null 2>&1 &
holder=$!
exec 9>"$fifo"
echo 'SELECT count(*) FROM cards;' >&9
sleep 1
run recall restore --force "$TMP/keep.db"
status "restore while another program has the collection open fails" 1
like "and says why" "$err" "has .*collection\.db open; close it"
exec 9>&-
wait $holder
is "nothing changed while it was held" "$(dump "$DB")" "$before"

# --- a backup while another process answers ----------------------------

i=1
while [ $i -le 40 ]; do
	echo "answer $i good"
	i=$((i + 1))
done >"$TMP/answers.txt"
(
	n=0
	while [ $n -lt 5 ]; do
		recall -q --now 2026-12-1$((n + 0))T10:00 -f "$TMP/answers.txt" \
		    >/dev/null 2>&1
		n=$((n + 1))
	done
) &
writer=$!
k=0
ok=1
while [ $k -lt 5 ]; do
	recall -q backup --force "$TMP/live.db" 2>"$TMP/live.err" || ok=0
	recall -q --db "$TMP/live.db" check >"$TMP/live.out" 2>&1 || ok=0
	k=$((k + 1))
done
wait $writer
if [ $ok -eq 1 ]; then
	pass "backups taken while another process answers pass check"
else
	fail "backups taken while another process answers pass check" \
	    "$(cat "$TMP/live.err" "$TMP/live.out")"
fi

done_testing
