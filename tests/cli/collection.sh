#!/bin/sh
# The collection file: where it lives, its permissions, and refusing files
# that are not ours or are from a newer recall.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

unset RECALL_DB
run recall help
status "help works without a collection" 0
if [ -e "$XDG_DATA_HOME/recall/collection.db" ]; then
	fail "help creates no collection"
else
	pass "help creates no collection"
fi

run recall deck new first
status "first use creates the default collection" 0
if [ -f "$XDG_DATA_HOME/recall/collection.db" ]; then
	pass "it is under XDG_DATA_HOME/recall"
else
	fail "it is under XDG_DATA_HOME/recall" "$(ls -R "$TMP")"
fi
is "the directory is private" "$(stat -c %a "$XDG_DATA_HOME/recall")" 700
is "the file is private" "$(stat -c %a "$XDG_DATA_HOME/recall/collection.db")" 600
is "WAL journal" "$(sqlite3 "$XDG_DATA_HOME/recall/collection.db" 'PRAGMA journal_mode')" wal
run recall deck show first
status "a second process finds the deck" 0

(
	unset XDG_DATA_HOME
	recall deck new in-home >/dev/null
)
if [ -f "$HOME/.local/share/recall/collection.db" ]; then
	pass "without XDG_DATA_HOME it is under ~/.local/share/recall"
else
	fail "without XDG_DATA_HOME it is under ~/.local/share/recall"
fi

# A file that is not SQLite is refused and left alone.
printf 'my precious notes\n' >"$TMP/notes.txt"
before=$(digest "$TMP/notes.txt")
run recall --db "$TMP/notes.txt" deck list
status "a text file is refused" 1
like "says it is not a collection" "$err" "notes.txt: not a recall collection \\(not an SQLite database\\)"
is "the text file is unchanged" "$(digest "$TMP/notes.txt")" "$before"

# Another program's SQLite database is refused and left alone.
sqlite3 "$TMP/other.db" 'CREATE TABLE t (x); INSERT INTO t VALUES (1)'
before=$(digest "$TMP/other.db")
run recall --db "$TMP/other.db" deck new x
status "another program's database is refused" 1
like "says whose it is not" "$err" "not a recall collection \\(an SQLite database of another program\\)"
is "the other database is unchanged" "$(digest "$TMP/other.db")" "$before"
is "and has no recall tables" "$(sqlite3 "$TMP/other.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'cards'")" 0

# A collection from a newer recall is refused and not modified.
recall --db "$TMP/newer.db" deck new keep >/dev/null
sqlite3 "$TMP/newer.db" 'PRAGMA user_version = 999'
before=$(digest "$TMP/newer.db")
run recall --db "$TMP/newer.db" deck list
status "a newer collection is refused" 1
like "says to upgrade" "$err" "made by a newer recall \\(schema version 999; this recall knows up to [0-9]+\\); upgrade recall"
is "the newer collection is unchanged" "$(digest "$TMP/newer.db")" "$before"
is "still at version 999" "$(sqlite3 "$TMP/newer.db" 'PRAGMA user_version')" 999

# A collection from an older recall is migrated forward, data intact.
sqlite3 "$TMP/v1.db" <"$TOP_SRCDIR/tests/cli/data/collection-v1.sql"
is "the fixture is at schema 1" "$(sqlite3 "$TMP/v1.db" 'PRAGMA user_version')" 1
run recall --db "$TMP/v1.db" deck list --json
status "an old collection opens" 0
is "its decks survive" "$(jqr '[.[] | "\(.name):\(.track):\(.cards)"] | join(" ")')" \
    "fun facts:want:2 ml::transformers:need:1"
is "deck options survive" "$(jqr '.[0].options.new_per_day')" 5
latest=$(sqlite3 "$TMP/v1.db" 'PRAGMA user_version')
if [ "$latest" -gt 1 ]; then
	pass "migrated to schema $latest"
else
	fail "migrated past schema 1" "user_version $latest"
fi
is "the queue's index exists" "$(sqlite3 "$TMP/v1.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'cards_due'")" 1
run recall --db "$TMP/v1.db" show 1 --json
is "cards survive" "$(jqr '[.front, .layer, (.tags | join(" "))] | join("|")')" \
    "Why scale by 1/sqrt(d_k)?|explore|attention nlp"
run recall --db "$TMP/v1.db" deck show ml::transformers --json
is "layer counts are built for old cards" "$(jqr '.layers[1].cards')" 1
run recall --db "$TMP/v1.db" check
status "the migrated collection checks out" 0

# A migration that fails leaves the collection at its old version.
sqlite3 "$TMP/v1-bad.db" <"$TOP_SRCDIR/tests/cli/data/collection-v1.sql"
sqlite3 "$TMP/v1-bad.db" 'CREATE TABLE daily (x)'
run recall --db "$TMP/v1-bad.db" deck list
status "a failing migration is an error" 1
like "it names the migration" "$err" "migration to schema 2 failed"
is "the version is unchanged" "$(sqlite3 "$TMP/v1-bad.db" 'PRAGMA user_version')" 1
is "nothing of it was left behind" "$(sqlite3 "$TMP/v1-bad.db" "SELECT count(*) FROM sqlite_schema WHERE name IN ('cards_due', 'layer_counts')")" 0

# An empty file becomes a collection when asked with --create.
: >"$TMP/empty.db"
run recall --create --db "$TMP/empty.db" deck new e
status "an empty file becomes a collection with --create" 0

# A directory that does not exist is reported, not created, for --db.
run recall --db "$TMP/no/such/dir/c.db" deck list
status "--db in a missing directory fails" 1
like "the path is named" "$err" "no/such/dir/c.db"

done_testing
