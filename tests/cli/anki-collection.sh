#!/bin/sh
# Anki collections (issue 10): import collection.anki2 of both schema
# generations, read-only; every card rendered by its template, card by
# card; the revlog replayed, review by review, with what is not an answer
# kept but not counted; check passes; importing again adds only what is
# new; tracks by deck; bad files refused with nothing written.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

GEN="$TOP_SRCDIR/tests/anki/make-collection.py"
export RECALL_NOW=2026-12-01T12:00Z

# dump DB: the collection's content, for "nothing changed" checks.
dump() {
	sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1
}

# cards DB: every card as recall holds it, by its Anki id.
cards() {
	sqlite3 "$1" "SELECT c.ext_id, d.name, c.kind, c.cloze,
	    replace(c.front, char(10), '|'), replace(c.back, char(10), '|'),
	    c.tags, c.suspended, c.buried_until > 0
	    FROM cards AS c JOIN decks AS d ON d.id = c.deck_id
	    ORDER BY c.ext_id"
}

# answers DB: recall's log, by Anki card id, in time order.
answers() {
	sqlite3 "$1" "SELECT c.ext_id, r.time, r.grade, r.duration
	    FROM reviews AS r JOIN cards AS c ON c.id = r.card_id
	    ORDER BY c.ext_id, r.time, r.id"
}

# anki_answers FILE: what the revlog says the answers are (the oracle,
# from the Anki file with SQL of its own): learning, review and relearning
# rows of buttons 1-4 of cards still there, as grade button + 1, durations
# capped at 60 s as recall caps them.
anki_answers() {
	sqlite3 "$1" "SELECT cid, id / 1000, ease + 1, min(time, 60000)
	    FROM revlog WHERE type IN (0, 1, 2) AND ease BETWEEN 1 AND 4
	    AND cid IN (SELECT id FROM cards) ORDER BY cid, id"
}

EXPECTED_CARDS="1700000030010|Geography|basic|0|Capital of France?|Paris|on \
the Seine & more than that|geo europe|0|0
1700000030020|Geography::Capitals|basic|0|Capital of Japan|[image:japan.png]|\
Tokyo [sound:tokyo.mp3]|geo::asia|0|0
1700000030030|Languages|basic|0|der Hund|the dog|de|0|0
1700000030031|Languages|reverse|0|the dog|der Hund|de|1|0
1700000030040|Languages|cloze|1|[...] is the capital of Australia.|[Canberra] \
is the capital of Australia.||0|0
1700000030041|Languages|cloze|2|Canberra is the capital of [country].|\
Canberra is the capital of [Australia].||0|0
1700000030050|Default|basic|0|la mer|the sea||0|0
1700000030060|Default|basic|0|le ciel|the sky||0|0
1700000030061|Default|reverse|0|the sky|le ciel||0|0
1700000030070|Default|basic|0|2 + 2|4||0|1"

for schema in 11 18; do
	A="$TMP/collection$schema.anki2"
	DB="$TMP/recall$schema.db"
	python3 "$GEN" --schema "$schema" "$A"
	chmod a-w "$A"
	before=$(sha256sum "$A")
	run recall --db "$DB" import "$A"
	status "schema $schema: the collection imports" 0
	is "schema $schema: the report" "$(printf '%s\n' "$out" | head -n 1)" \
	    "$A: Anki collection (schema $schema), 11 cards of 8 notes: 10 \
new, 0 imported before, 1 skipped; 17 answers added, 0 reviews imported \
before; 4 decks created"
	like "schema $schema: what is not an answer is counted by kind" \
	    "$out" "3 revlog rows kept that are not answers: 1 by hand, 1 in \
filtered decks, 1 rescheduled, 0 other"
	like "schema $schema: media kept as text are reported" "$out" \
	    "2 media references kept as text"
	like "schema $schema: a tag recall cannot keep is reported" "$out" \
	    "1 tag recall cannot keep left out \\(the first: '2024'"
	like "schema $schema: the deleted card's review is reported" "$out" \
	    "1 revlog row of cards no longer in the collection skipped"
	like "schema $schema: a card Anki cannot show is named, with why" \
	    "$out" "skipped: card 1700000030080 \\(note gUiD-NoBack, card 1, \
'a card whose back is empty'\\): its back is empty"
	is "schema $schema: the collection file is unchanged" \
	    "$(sha256sum "$A")" "$before"
	is "schema $schema: nothing is written beside it" \
	    "$(ls "$TMP" | grep -c "collection$schema.anki2-")" 0
	is "schema $schema: card by card (deck, kind, sides, tags, state)" \
	    "$(cards "$DB")" "$EXPECTED_CARDS"
	is "schema $schema: review by review, as the revlog says" \
	    "$(answers "$DB")" "$(anki_answers "$A")"
	is "schema $schema: every revlog row of its cards is kept" \
	    "$(sqlite3 "$DB" 'SELECT count(*), sum(counted) FROM anki_revlog')" \
	    "20|17"
	is "schema $schema: types 3, 4, 5 and ease 0 are not answers" \
	    "$(sqlite3 "$DB" 'SELECT type, ease FROM anki_revlog
	        WHERE counted = 0 ORDER BY type')" "3|3
4|0
5|0"
	is "schema $schema: decks on the need track by default" \
	    "$(sqlite3 "$DB" "SELECT group_concat(name || '=' || track, ' ')
	        FROM (SELECT name, track FROM decks ORDER BY name)")" \
	    "Default=need Geography=need Geography::Capitals=need Languages=need"
	run recall --db "$DB" check
	status "schema $schema: check passes right after the import" 0
	like "schema $schema: check replayed the imported answers" "$out" \
	    "replayed 17 answers on 10 cards"
	run recall --db "$DB" import "$A"
	status "schema $schema: importing it again" 0
	like "schema $schema: adds nothing" "$out" "0 new, 10 imported before, \
1 skipped; 0 answers added, 20 reviews imported before$"
	is "schema $schema: the cards are not doubled" \
	    "$(sqlite3 "$DB" 'SELECT count(*) FROM cards')" 10
done

is "both schemas give the same cards and answers" \
    "$(cards "$TMP/recall11.db"; answers "$TMP/recall11.db")" \
    "$(cards "$TMP/recall18.db"; answers "$TMP/recall18.db")"

# --- Anki's first scheduler: three buttons while learning ---------------

python3 "$GEN" --schema 11 --sched 1 "$TMP/v1.anki2"
recall --db "$TMP/v1.db" import "$TMP/v1.anki2" >/dev/null
is "v1: learning buttons 1, 2, 3 are again, good, easy; reviews as they are" \
    "$(sqlite3 "$TMP/v1.db" "SELECT group_concat(grade, ' ') FROM
        (SELECT r.grade FROM reviews AS r JOIN cards AS c ON c.id = r.card_id
        WHERE c.ext_id = 1700000030040 ORDER BY r.time)")" "2 2 5 4"
run recall --db "$TMP/v1.db" check
status "v1: check passes" 0

# --- --dry-run, tracks, --deck, --json -----------------------------------

A="$TMP/collection18.anki2"
run recall --db "$TMP/dry.db" import "$A" --dry-run \
    --deck-track Geography=want --deck-track Geography::Capitals=need
status "a dry run" 0
like "it counts what it would do" "$out" "17 answers to add, 0 reviews \
imported before; 4 decks to create \\(dry run: nothing written\\)"
like "it shows each deck with its cards and track" "$out" \
    "  deck Geography: 1 card \\(new, want track\\)"
like "the longest --deck-track that matches wins" "$out" \
    "  deck Geography::Capitals: 1 card \\(new, need track\\)"
is "a dry run writes nothing" \
    "$(sqlite3 "$TMP/dry.db" 'SELECT (SELECT count(*) FROM cards) +
        (SELECT count(*) FROM decks) + (SELECT count(*) FROM anki_revlog)')" 0

run recall --db "$TMP/tracks.db" import "$A" --track want \
    --deck-track Languages=need
status "--track with --deck-track" 0
is "a deck and its subdecks take --deck-track, the rest --track" \
    "$(sqlite3 "$TMP/tracks.db" "SELECT group_concat(name || '=' || track,
        ' ') FROM (SELECT name, track FROM decks ORDER BY name)")" \
    "Default=want Geography=want Geography::Capitals=want Languages=need"
run recall --db "$TMP/tracks.db" import "$A" --deck-track Languages
status "--deck-track without a track is a usage error" 2
like "it says what it takes" "$err" "--deck-track takes NAME=TRACK"

run recall --db "$TMP/one.db" --json import "$A" --deck anki
status "--deck and --json" 0
json_ok "the report is JSON" "$out"
is "the report counts the collection" \
    "$(jqr '.files[0] | [.format, .schema, .cards, .new, .answers_added,
        .not_answers.manual, .not_answers.filtered,
        .not_answers.rescheduled, .media, .skipped[0].why] | @csv')" \
    '"anki",18,11,10,17,1,1,1,2,"its back is empty"'
is "--deck puts every card in one deck" \
    "$(sqlite3 "$TMP/one.db" 'SELECT group_concat(name) FROM decks')" anki

# --- importing again after work in both ---------------------------------

DB="$TMP/recall18.db"
cp "$A" "$TMP/later.anki2"
chmod u+w "$TMP/later.anki2"
# In recall: an answer to the France card on 2024-01-12.
recall --db "$DB" --now 2024-01-12T10:00Z answer "$(sqlite3 "$DB" \
    'SELECT id FROM cards WHERE ext_id = 1700000030010')" good >/dev/null
# In Anki: a review of it the day before (not yet imported), and a note.
sqlite3 "$TMP/later.anki2" "
    INSERT INTO revlog VALUES (1704960000010, 1700000030010, -1, 3, 9, 4,
        2500, 4000, 1);
    INSERT INTO notes VALUES (3009, 'gUiD-New', 2001, 0, -1, '',
        'new question' || char(31) || 'new answer', 'new question', 0, 0,
        '');
    INSERT INTO cards VALUES (1700000030090, 3009, 1001, 0, 0, -1, 0, 0, 0,
        0, 2500, 0, 0, 0, 0, 0, 0, '')"
run recall --db "$DB" import "$TMP/later.anki2"
status "importing a collection that changed since" 0
like "only what is new comes in" "$out" "1 new, 10 imported before, 1 \
skipped; 1 answer added, 20 reviews imported before"
is "the new review is in its place in time, the recall answer kept" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM reviews")" 19
is "the France card: Anki's new review before recall's answer" \
    "$(sqlite3 "$DB" "SELECT group_concat(time || ':' || grade, ' ') FROM
        (SELECT r.time, r.grade FROM reviews AS r JOIN cards AS c
        ON c.id = r.card_id WHERE c.ext_id = 1700000030010 AND
        r.time >= 1704960000 ORDER BY r.id)")" "1704960000:4 1705053600:4"
is "every card's answers are in time order in its log" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM reviews AS a JOIN reviews AS b
        ON b.card_id = a.card_id AND b.id > a.id AND b.time < a.time")" 0
is "the new note's card is there" \
    "$(sqlite3 "$DB" "SELECT d.name, c.front FROM cards AS c JOIN decks AS d
        ON d.id = c.deck_id WHERE c.ext_id = 1700000030090")" \
    "Geography|new question"
run recall --db "$DB" check
status "check passes after work in both" 0

# --- the review log of an Anki import ------------------------------------

run recall --db "$TMP/recall11.db" export --format review-log
is "the review log names the cards by their Anki ids" \
    "$(printf '%s\n' "$out" | sed -n 2p)" \
    "1700000030010,2024-01-01T09:00:00+00:00,1,8000"

# --- what is refused ----------------------------------------------------

DB="$TMP/refuse.db"
recall --db "$DB" import "$A" >/dev/null
before=$(dump "$DB")
printf 'PK\003\004' >"$TMP/deck.apkg"
run recall --db "$DB" import "$TMP/deck.apkg"
status "an .apkg is refused" 1
like "with how to unpack it" "$err" "an Anki package is a zip archive.*unzip \
$TMP/deck.apkg collection.anki21b && zstd -d"
sqlite3 "$TMP/other.db" 'CREATE TABLE t (x); INSERT INTO t VALUES (1)'
run recall --db "$DB" import "$TMP/other.db"
is "a SQLite database that is not Anki's is refused" "$rc:$err" \
    "1:recall: $TMP/other.db: a SQLite database, but not an Anki \
collection (it has no col table)"
cp "$A" "$TMP/v19.anki2"
chmod u+w "$TMP/v19.anki2"
sqlite3 "$TMP/v19.anki2" 'UPDATE col SET ver = 19'
run recall --db "$DB" import "$TMP/v19.anki2"
is "an unknown schema version is refused" "$rc:$err" \
    "1:recall: $TMP/v19.anki2: an Anki collection of schema version 19, \
which recall does not know (it reads 11 to 18)"
cp "$A" "$TMP/broken.anki2"
chmod u+w "$TMP/broken.anki2"
sqlite3 "$TMP/broken.anki2" "UPDATE templates SET config = X'0a7f41'"
run recall --db "$DB" import "$TMP/broken.anki2"
is "a damaged template is refused" "$rc:$err" \
    "1:recall: $TMP/broken.anki2: a template of note type 'Basic' is damaged"
head -c 8192 "$A" >"$TMP/cut.anki2"
run recall --db "$DB" import "$TMP/cut.anki2"
status "a cut collection is refused" 1
like "as not readable" "$err" "cut.anki2: not a readable Anki collection"
# Anki keeps its collection locked while it runs: so does this stand-in,
# until told to stop.
cp "$A" "$TMP/open.anki2"
chmod u+w "$TMP/open.anki2"
python3 -c '
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA locking_mode = EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
' "$TMP/open.anki2" "$TMP/locked" "$TMP/unlock" &
holder=$!
i=0
while [ ! -e "$TMP/locked" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
run recall --db "$DB" import "$TMP/open.anki2"
touch "$TMP/unlock"
wait $holder
is "a collection Anki has open is refused, saying so" "$rc:$err" \
    "1:recall: $TMP/open.anki2: the collection is in use (Anki keeps it \
locked while it runs): close Anki, or import a backup"
is "nothing refused wrote anything" "$(dump "$DB")" "$before"

done_testing
