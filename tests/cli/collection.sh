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

# An empty file becomes a collection.
: >"$TMP/empty.db"
run recall --db "$TMP/empty.db" deck new e
status "an empty file becomes a collection" 0

# A directory that does not exist is reported, not created, for --db.
run recall --db "$TMP/no/such/dir/c.db" deck list
status "--db in a missing directory fails" 1
like "the path is named" "$err" "no/such/dir/c.db"

done_testing
