#!/bin/sh
# sync DIR: collections that share a folder end in the same state.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

A="$TMP/a.db"
B="$TMP/b.db"
C="$TMP/c.db"
DIR="$TMP/shared"

# on DB TIME ARGS...: recall on one collection at a time.
on() {
	db=$1
	t=$2
	shift 2
	recall --db "$db" --now "$t" "$@"
}

# state DB: what must be equal everywhere: the cards with their schedules
# (local ids left out: they are each collection's own), in a fixed order.
state() {
	recall --db "$1" cards --json |
	    jq -S -c 'map(del(.id)) | sort_by(.deck, .front, .back)'
}

# history DB: every card's answers, as show --json gives them, without
# local ids.
history() {
	for id in $(recall --db "$1" cards --json | jq -r '.[].id'); do
		recall --db "$1" show "$id" --json
	done | jq -S -c 'del(.id) | .history |= map(del(.id))' | sort
}

# idof DB FRONT: the local id of the card with that front.
idof() {
	recall --db "$1" cards --json | jq --arg f "$2" '.[] | select(.front == $f) | .id'
}

# equal DESC DB DB: the same cards, schedules and logs, and check passes.
equal() {
	if [ "$(state "$2")" = "$(state "$3")" ] &&
	    [ "$(history "$2")" = "$(history "$3")" ]; then
		pass "$1"
	else
		fail "$1" "$(state "$2")" "$(state "$3")"
	fi
	run recall --db "$2" check
	status "$1: check passes on the first" 0
	run recall --db "$3" check
	status "$1: check passes on the second" 0
}

cat >"$TMP/bio.md" <<'EOF'
---
deck: bio
---
# Cells
## Skim
Mitochondrion :: the cell's power plant
Ribosome :: makes proteins
Nucleus :: holds the DNA
EOF

# A used collection: a deck, imported cards, hand-made cards, answers.
on "$A" 2026-03-01T09:00 deck new lang --track want >/dev/null
on "$A" 2026-03-01T09:00 import "$TMP/bio.md" >/dev/null
on "$A" 2026-03-01T09:01 add --deck lang hola hello >/dev/null
on "$A" 2026-03-01T09:02 answer 1 good >/dev/null
on "$A" 2026-03-01T09:03 answer 2 again >/dev/null
on "$A" 2026-03-01T09:04 answer 2 good >/dev/null
on "$A" 2026-03-02T09:00 answer 1 easy >/dev/null
on "$A" 2026-03-02T09:01 answer 4 hard >/dev/null

run on "$A" 2026-03-02T10:00 sync "$DIR"
status "a first sync succeeds" 0
like "it says what it sent" "$out" "^synced .*: [0-9]+ events sent, 0 received from 0 devices"
device=$(sqlite3 "$A" "SELECT value FROM settings WHERE key = 'sync-device'")
like "the device id is 128 random bits in hex" "$device" '^[0-9a-f]{32}$'
if [ -f "$DIR/$device.journal" ]; then pass "the journal is DIR/DEVICE.journal"
else fail "the journal is DIR/DEVICE.journal" "$(ls "$DIR")"; fi
lines=$(wc -l <"$DIR/$device.journal")
is "one line per event, each a JSON object with version, id, device, seq, time" \
    "$(jq -c 'select(.v == 1 and .id == .device + "-" + (.seq | tostring) and (.time | type) == "number") | .seq' "$DIR/$device.journal" | wc -l)" "$lines"
is "every answer is an event" \
    "$(jq -r 'select(.kind == "review") | .gid' "$DIR/$device.journal" | wc -l)" 5

run on "$B" 2026-03-02T11:00 sync "$DIR"
status "a fresh collection syncs from the used one" 0
like "it received the events" "$out" "0 events sent, $lines received from 1 device"
equal "a fresh collection ends equal to the used one" "$A" "$B"
is "decks travel with their track" \
    "$(recall --db "$B" deck list --json | jq -c '[.[] | {name, track}] | sort_by(.name)')" \
    '[{"name":"bio","track":"need"},{"name":"lang","track":"want"}]'

# Syncing twice changes nothing.
before=$(digest "$DIR/$device.journal")
s1=$(state "$B")
run on "$B" 2026-03-02T11:05 sync "$DIR"
like "a second sync has nothing to do" "$out" "0 events sent, 0 received"
run on "$A" 2026-03-02T11:06 sync "$DIR"
like "nor has the other side" "$out" "0 events sent, 0 received"
is "the journal is unchanged" "$(digest "$DIR/$device.journal")" "$before"
is "the cards are unchanged" "$(state "$B")" "$s1"

# Apart, both answer (the same card too), then sync.
cp "$A" "$TMP/a0.db"
cp "$B" "$TMP/b0.db"
on "$A" 2026-03-03T09:00 answer 1 good >/dev/null
on "$B" 2026-03-03T08:00 answer 1 hard >/dev/null
on "$B" 2026-03-03T08:30 answer 3 good >/dev/null
on "$A" 2026-03-03T09:30 answer 2 again >/dev/null
on "$A" 2026-03-04T09:30 sync "$DIR" >/dev/null
on "$B" 2026-03-04T09:31 sync "$DIR" >/dev/null
on "$A" 2026-03-04T09:32 sync "$DIR" >/dev/null
equal "answers on both sides while apart end the same" "$A" "$B"
is "every answer is kept" \
    "$(recall --db "$A" show "$(recall --db "$A" cards --json | jq '.[] | select(.front == "Mitochondrion") | .id')" --json | jq '.history | length')" 4

# The other order, from the same start, in another folder.
cp -r "$DIR" "$TMP/shared2"
rm -f "$TMP/shared2"/*
cp "$TMP/a0.db" "$TMP/a2.db"
cp "$TMP/b0.db" "$TMP/b2.db"
on "$TMP/a2.db" 2026-03-03T09:00 answer 1 good >/dev/null
on "$TMP/b2.db" 2026-03-03T08:00 answer 1 hard >/dev/null
on "$TMP/b2.db" 2026-03-03T08:30 answer 3 good >/dev/null
on "$TMP/a2.db" 2026-03-03T09:30 answer 2 again >/dev/null
on "$TMP/b2.db" 2026-03-04T09:30 sync "$TMP/shared2" >/dev/null
on "$TMP/a2.db" 2026-03-04T09:31 sync "$TMP/shared2" >/dev/null
on "$TMP/b2.db" 2026-03-04T09:32 sync "$TMP/shared2" >/dev/null
is "synced in the other order, the same final state" "$(state "$TMP/b2.db")" "$(state "$A")"
is "and the same logs" "$(history "$TMP/a2.db")" "$(history "$B")"

# An undo, a suspend and a deck rename travel.
on "$A" 2026-03-05T09:00 answer 3 easy >/dev/null
on "$A" 2026-03-05T09:01 undo >/dev/null
on "$A" 2026-03-05T09:02 suspend "$(idof "$A" hola)" >/dev/null
on "$A" 2026-03-05T09:03 deck rename lang spanish >/dev/null
on "$A" 2026-03-05T09:04 answer 1 good >/dev/null
on "$A" 2026-03-05T09:05 sync "$DIR" >/dev/null
on "$B" 2026-03-05T10:00 sync "$DIR" >/dev/null
equal "an undo, a suspend and a rename travel" "$A" "$B"
is "the deck is renamed there" \
    "$(recall --db "$B" deck list --json | jq -r '[.[].name] | sort | join(" ")')" "bio spanish"
is "the card is suspended there" \
    "$(state "$B" | jq -r '.[] | select(.front == "hola") | .suspended')" true
on "$B" 2026-03-05T10:01 answer 3 good >/dev/null
on "$B" 2026-03-05T10:02 undo --card 3 >/dev/null
on "$B" 2026-03-05T10:03 sync "$DIR" >/dev/null
on "$A" 2026-03-05T10:04 sync "$DIR" >/dev/null
equal "an undo of an answer given elsewhere travels back" "$A" "$B"

# Conflicting edits: the later wins, and sync says so.
on "$A" 2026-03-06T09:00 unsuspend "$(idof "$A" hola)" >/dev/null
on "$A" 2026-03-06T09:00 edit "$(idof "$A" hola)" --back "hello (greeting)" >/dev/null
on "$B" 2026-03-06T09:30 edit "$(idof "$B" hola)" --back "hi" >/dev/null
on "$B" 2026-03-06T10:00 sync "$DIR" >/dev/null
run on "$A" 2026-03-06T10:01 sync "$DIR"
like "a conflicting edit is reported" "$out" "conflict: card [0-9]+: changed on .* without knowing of each other; the later change .* is kept"
on "$B" 2026-03-06T10:02 sync "$DIR" >/dev/null
equal "a conflict ends the same on both" "$A" "$B"
is "the later edit wins" \
    "$(state "$A" | jq -r '.[] | select(.front == "hola") | .back')" "hi"

# The same summary imported on two devices gives one card each.
cat >"$TMP/geo.md" <<'EOF'
---
deck: geo
---
Capital of France :: Paris
Capital of Peru :: Lima
EOF
on "$A" 2026-03-07T09:00 import "$TMP/geo.md" >/dev/null
on "$B" 2026-03-07T09:10 import "$TMP/geo.md" >/dev/null
on "$B" 2026-03-07T09:11 answer "$(recall --db "$B" cards --json | jq '.[] | select(.front == "Capital of Peru") | .id')" good >/dev/null
on "$A" 2026-03-07T10:00 sync "$DIR" >/dev/null
on "$B" 2026-03-07T10:01 sync "$DIR" >/dev/null
on "$A" 2026-03-07T10:02 sync "$DIR" >/dev/null
is "the same summary imported twice gives one card" \
    "$(state "$A" | jq '[.[] | select(.deck == "geo")] | length')" 2
is "one deck" "$(recall --db "$B" deck list --json | jq '[.[] | select(.name == "geo")] | length')" 1
equal "imported on both, then synced" "$A" "$B"

# A third collection joins and gets everything.
run on "$C" 2026-03-08T09:00 sync "$DIR" --name desk
status "a third device syncs" 0
equal "three devices share a folder" "$A" "$C"
on "$B" 2026-03-08T09:05 sync "$DIR" >/dev/null
is "a device's label travels" "$(sqlite3 "$B" "SELECT name FROM sync_peers WHERE name IS NOT NULL")" desk

# --dry-run and --json.
on "$C" 2026-03-08T10:00 answer 1 good >/dev/null
jbefore=$(cat "$DIR"/*.journal | sha256sum)
run on "$C" 2026-03-08T10:01 sync "$DIR" --dry-run --json
status "--dry-run --json succeeds" 0
is "--json says what would be sent" "$(jqr '.sent')" 1
is "--dry-run writes no journal" "$(cat "$DIR"/*.journal | sha256sum)" "$jbefore"
run on "$C" 2026-03-08T10:02 sync "$DIR" --json
is "without it the event is sent" "$(jqr '.sent')" 1

# status shows the last sync.
run on "$C" 2026-03-08T11:00 status
like "status shows the last sync" "$out" "synced 2026-03-08T10:02"

# A truncated line: what comes before it is applied, nothing after it.
devc=$(sqlite3 "$C" "SELECT value FROM settings WHERE key = 'sync-device'")
on "$C" 2026-03-08T12:00 answer 2 good >/dev/null
on "$C" 2026-03-08T12:01 answer 3 good >/dev/null
on "$C" 2026-03-08T12:02 sync "$DIR" >/dev/null
jc="$DIR/$devc.journal"
n=$(wc -l <"$jc")
head -c -40 "$jc" >"$TMP/cut" && cat "$TMP/cut" >"$jc"
run on "$A" 2026-03-08T12:10 sync "$DIR"
status "a truncated line fails the sync" 1
like "it is reported as FILE:LINE:" "$err" "$jc:$n: truncated line"
is "the line before it was applied" \
    "$(state "$A" | jq -r '.[] | select(.front == "Mitochondrion") | .reviews')" \
    "$(state "$C" | jq -r '.[] | select(.front == "Mitochondrion") | .reviews')"
on "$C" 2026-03-08T12:20 sync "$DIR" >/dev/null
is "the device whose file was cut writes it whole again" "$(wc -l <"$jc")" "$n"
run on "$A" 2026-03-08T12:21 sync "$DIR"
status "then the rest is applied" 0
equal "after the cut line came back" "$A" "$C"

# A hand-edited journal: history rewritten is refused.
cp "$jc" "$TMP/jc.orig"
sed -i '1s/"seq":1,/"seq":1,"x":0,/' "$jc"
run on "$A" 2026-03-08T13:00 sync "$DIR"
status "a rewritten history fails the sync" 1
like "it is refused clearly" "$err" "$jc: the [0-9]+ events applied before have been changed: the history was rewritten; refused"
cp "$TMP/jc.orig" "$jc"
on "$C" 2026-03-08T13:01 answer "$(idof "$C" Nucleus)" good >/dev/null
on "$C" 2026-03-08T13:02 answer "$(idof "$C" "Capital of France")" good >/dev/null
on "$C" 2026-03-08T13:03 sync "$DIR" >/dev/null
s0=$(state "$A")
sed -i "$((n + 1))d" "$jc"
run on "$A" 2026-03-08T13:04 sync "$DIR"
status "a sequence gap fails the sync" 1
like "it names the line" "$err" "$jc:$((n + 1)): event .*-$((n + 2)) where .*-$((n + 1)) was expected"
is "nothing after the gap is applied" "$(state "$A")" "$s0"
cp "$TMP/jc.orig" "$jc"
on "$C" 2026-03-08T13:05 sync "$DIR" >/dev/null
run on "$A" 2026-03-08T13:06 sync "$DIR"
status "the journal made whole syncs again" 0

# A line from a newer recall.
printf '%s\n' "{\"v\":2,\"id\":\"$devc-$(($(wc -l <"$jc") + 1))\"}" >>"$jc"
run on "$A" 2026-03-08T14:00 sync "$DIR"
like "a newer version is reported" "$err" "$jc:[0-9]+: journal version 2, from a newer recall"

# Nothing the local collection holds is lost: a failed read applies none
# of the bad device's later events, and keeps every local answer.
is "local answers are all kept" \
    "$(sqlite3 "$A" 'SELECT count(*) FROM reviews')" \
    "$(sqlite3 "$TMP/a.db" 'SELECT count(*) FROM reviews')"

# An answer whose card is in a journal not read whole yet waits for it.
W="$TMP/w"
mkdir -p "$W"
on "$TMP/w1.db" 2026-05-01T09:00 import "$TMP/geo.md" >/dev/null
on "$TMP/w1.db" 2026-05-01T09:01 sync "$W" >/dev/null
on "$TMP/w2.db" 2026-05-01T09:02 sync "$W" >/dev/null
on "$TMP/w2.db" 2026-05-01T09:03 answer 1 good >/dev/null
on "$TMP/w2.db" 2026-05-01T09:04 sync "$W" >/dev/null
w1=$(sqlite3 "$TMP/w1.db" "SELECT value FROM settings WHERE key = 'sync-device'")
cp "$W/$w1.journal" "$TMP/w1.journal"
head -c 700 "$TMP/w1.journal" >"$W/$w1.journal"
run on "$TMP/w3.db" 2026-05-01T09:05 sync "$W"
like "an answer to a card not here yet waits" "$out" "1 waiting for the card"
cp "$TMP/w1.journal" "$W/$w1.journal"
run on "$TMP/w3.db" 2026-05-01T09:06 sync "$W"
status "once the journal is whole the sync succeeds" 0
equal "the answer that waited is applied" "$TMP/w2.db" "$TMP/w3.db"

# Answers of one card in the same second on two devices: replayed by
# device id, then in the order each device gave them (its journal's seq).
T1="$TMP/t1.db"
T2="$TMP/t2.db"
TD="$TMP/tie"
on "$T1" 2026-05-01T08:00 import "$TMP/bio.md" >/dev/null
on "$T1" 2026-05-01T08:01 sync "$TD" >/dev/null
on "$T2" 2026-05-01T08:02 sync "$TD" >/dev/null
t1=$(idof "$T1" Ribosome)
t2=$(idof "$T2" Ribosome)
on "$T1" 2026-05-01T09:00:00 answer "$t1" again >/dev/null
on "$T1" 2026-05-01T09:00:00 answer "$t1" good >/dev/null
on "$T2" 2026-05-01T09:00:00 answer "$t2" easy >/dev/null
on "$T2" 2026-05-01T09:00:00 answer "$t2" hard >/dev/null
on "$T1" 2026-05-01T10:00 sync "$TD" >/dev/null
on "$T2" 2026-05-01T10:01 sync "$TD" >/dev/null
on "$T1" 2026-05-01T10:02 sync "$TD" >/dev/null
equal "answers of the same second on two devices end the same" "$T1" "$T2"
d1=$(sqlite3 "$T1" "SELECT value FROM settings WHERE key = 'sync-device'")
d2=$(sqlite3 "$T2" "SELECT value FROM settings WHERE key = 'sync-device'")
# again, good (T1) and easy, hard (T2) as grades, in the replay's order.
if [ "$d1" \< "$d2" ]; then want="2 4 5 3"; else want="5 3 2 4"; fi
is "a tie is broken by device id, then by each device's order" \
    "$(recall --db "$T1" show "$t1" --json | jq -r '[.history[].grade] | join(" ")')" "$want"
is "the same order on the other device" \
    "$(recall --db "$T2" show "$t2" --json | jq -r '[.history[].grade] | join(" ")')" "$want"

# A collection restored from a backup that had synced: its journal is
# behind the one its device went on writing.  It syncs as a new device
# and reads its old journal like another's: the answers of both of its
# lives reach every device, and none is numbered twice.
R="$TMP/r.db"
S="$TMP/s.db"
RD="$TMP/shared-restore"
devof() {
	sqlite3 "$1" "SELECT value FROM settings WHERE key = 'sync-device'"
}
on "$R" 2026-05-01T09:00 import "$TMP/bio.md" >/dev/null
on "$R" 2026-05-01T09:00 add --deck bio Golgi "packs proteins" >/dev/null
on "$R" 2026-05-01T09:01 sync "$RD" >/dev/null
on "$S" 2026-05-01T09:02 sync "$RD" >/dev/null
on "$R" 2026-05-01T09:03 backup "$TMP/r-backup.db" >/dev/null
r1=$(devof "$R")
on "$R" 2026-05-01T09:04 answer "$(idof "$R" Mitochondrion)" good >/dev/null
on "$R" 2026-05-01T09:05 answer "$(idof "$R" Ribosome)" again >/dev/null
on "$R" 2026-05-01T09:06 sync "$RD" >/dev/null
r1lines=$(digest "$RD/$r1.journal")
run on "$R" 2026-05-01T10:00 restore --force "$TMP/r-backup.db"
status "a collection that synced is restored" 0
r2=$(devof "$R")
like "restore says it syncs as a new device" "$out" \
    "it syncs as a new device, $r2: the journal of $r1, the device it was, is read like another device's"
if [ "$r2" != "$r1" ]; then pass "the restored collection has a new device id"
else fail "the restored collection has a new device id" "$r2"; fi
is "it holds the answers of the backup: none" \
    "$(sqlite3 "$R" 'SELECT count(*) FROM reviews')" 0
on "$R" 2026-05-01T10:01 answer "$(idof "$R" Nucleus)" good >/dev/null
on "$R" 2026-05-01T10:02 answer "$(idof "$R" Golgi)" hard >/dev/null
run on "$R" 2026-05-01T10:03 sync "$RD"
status "the restored collection syncs" 0
like "it reads the answers of its first life from its old journal" "$out" \
    "2 events sent, 2 received from [0-9]+ devices?, 2 applied, 0 conflicts"
is "the old device's journal is left as it was" \
    "$(digest "$RD/$r1.journal")" "$r1lines"
is "the new device writes a journal of its own" \
    "$(jq -r 'select(.kind == "review") | .seq' "$RD/$r2.journal" | tr '\n' ' ')" "1 2 "
run on "$S" 2026-05-01T10:04 sync "$RD"
status "the other collection syncs" 0
is "every answer of both lives is on the other collection" \
    "$(sqlite3 "$S" 'SELECT count(*) FROM reviews')" 4
is "and on the restored one" "$(sqlite3 "$R" 'SELECT count(*) FROM reviews')" 4
equal "a restored collection and another end the same" "$R" "$S"

# The journal writer checks its file holds the lines it wrote: contents,
# not a count.  A line replaced by hand (the count unchanged) is refused
# and nothing is written, to the file or the collection.
on "$R" 2026-05-01T10:05 answer "$(idof "$R" Nucleus)" good >/dev/null
rj="$RD/$r2.journal"
cp "$rj" "$TMP/r2.journal"
sed '2s/"grade":[0-9]/"grade":5/' "$TMP/r2.journal" >"$rj"
jedited=$(digest "$rj")
rbefore=$(sqlite3 "$R" .dump | sha256sum)
run on "$R" 2026-05-01T10:06 sync "$RD"
status "a journal whose line was replaced by hand is refused" 1
like "it names the line" "$err" \
    "$rj:2: not the event this collection wrote as $r2-2: the journal was edited"
is "the edited journal is left as it is" "$(digest "$rj")" "$jedited"
is "the collection is unchanged" "$(sqlite3 "$R" .dump | sha256sum)" "$rbefore"
run on "$R" 2026-05-01T10:06 sync --dry-run "$RD"
status "a dry run refuses it too" 1
# A line added by hand, as a copy syncing as this device would.
cp "$TMP/r2.journal" "$rj"
tail -n 1 "$TMP/r2.journal" >>"$rj"
run on "$R" 2026-05-01T10:07 sync "$RD"
status "a journal with a line this collection did not write is refused" 1
like "it names that line" "$err" \
    "$rj:3: a line this collection did not write \(it wrote 2\)"
is "the collection is unchanged again" "$(sqlite3 "$R" .dump | sha256sum)" "$rbefore"
cp "$TMP/r2.journal" "$rj"
run on "$R" 2026-05-01T10:08 sync "$RD"
status "the journal put back, the sync goes on" 0
like "and sends what waited" "$out" "^synced .*: 1 event sent"

# Through a real git repository: clone, commit, push, pull (git is one
# of the packages scripts/install-deps installs: a missing one fails).
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
git init -q --bare "$TMP/origin.git"
git clone -q "$TMP/origin.git" "$TMP/g1" 2>/dev/null
D1="$TMP/d1.db"
D2="$TMP/d2.db"
on "$D1" 2026-04-01T09:00 import "$TMP/bio.md" >/dev/null
on "$D1" 2026-04-01T09:01 answer 1 good >/dev/null
on "$D1" 2026-04-01T09:02 sync "$TMP/g1/.recall" >/dev/null
git -C "$TMP/g1" add -A && git -C "$TMP/g1" commit -qm one &&
    git -C "$TMP/g1" push -q origin HEAD 2>/dev/null
git clone -q "$TMP/origin.git" "$TMP/g2" 2>/dev/null
on "$D2" 2026-04-01T10:00 sync "$TMP/g2/.recall" >/dev/null
on "$D2" 2026-04-01T10:01 answer 2 good >/dev/null
on "$D1" 2026-04-01T10:02 answer 3 good >/dev/null
on "$D2" 2026-04-01T10:03 sync "$TMP/g2/.recall" >/dev/null
git -C "$TMP/g2" add -A && git -C "$TMP/g2" commit -qm two &&
    git -C "$TMP/g2" push -q origin HEAD 2>/dev/null
on "$D1" 2026-04-01T10:04 sync "$TMP/g1/.recall" >/dev/null
git -C "$TMP/g1" add -A && git -C "$TMP/g1" commit -qm three
run git -C "$TMP/g1" pull -q --no-rebase --no-edit origin HEAD
status "git merges the journals without a conflict" 0
git -C "$TMP/g1" push -q origin HEAD 2>/dev/null
on "$D1" 2026-04-01T10:05 sync "$TMP/g1/.recall" >/dev/null
git -C "$TMP/g2" pull -q --no-rebase --no-edit origin HEAD 2>/dev/null
on "$D2" 2026-04-01T10:06 sync "$TMP/g2/.recall" >/dev/null
equal "two collections synced through git" "$D1" "$D2"

done_testing
