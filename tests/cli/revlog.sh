#!/bin/sh
# Review logs in CSV (issue 10): export --format review-log writes the whole
# history as the FSRS tools read it; import FILE.csv brings a log in, answer
# by answer, into the cards it names (or new suspended ones), with nothing
# added twice; the round trip is exact; bad logs are refused whole.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

REAL="$TOP_SRCDIR/tests/cli/data/review-log-pyfsrs.csv"
NOW=2026-12-01T12:00Z
export RECALL_NOW=$NOW

# dump DB: the collection's content, for "nothing changed" checks.
dump() {
	sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1
}

# csv_answers FILE: a log's answers as "card|unix time|rating|duration",
# sorted, read by SQLite's own CSV reader and time functions.
csv_answers() {
	sqlite3 :memory: ".import --csv $1 log" \
	    "SELECT card_id, unixepoch(substr(review_time, 1, 19)),
	        review_rating, review_duration FROM log ORDER BY 1, 2, 3, 4"
}

# db_answers DB: the same, from the collection's log (rating = grade - 1).
db_answers() {
	sqlite3 "$1" "SELECT c.ext_id, r.time, r.grade - 1, r.duration
	    FROM reviews AS r JOIN cards AS c ON c.id = r.card_id
	    ORDER BY 1, 2, 3, 4"
}

# --- the real log -------------------------------------------------------

R1="$TMP/real.db"
run recall --db "$R1" import "$REAL"
status "the real review log imports" 0
is "it says what it did" "$out" "$REAL: review log of 12580 answers to \
1205 cards: 12580 added, 0 already in the log; 1205 new cards (suspended) \
in deck 'review-log-pyfsrs'"
is "every answer is in the log" \
    "$(sqlite3 "$R1" 'SELECT count(*) FROM reviews')" 12580
is "one card for each id, named by it, suspended, in the file's deck" \
    "$(sqlite3 "$R1" "SELECT count(*), sum(suspended),
        sum(front = 'card ' || ext_id), count(DISTINCT deck_id)
        FROM cards")" "1205|1205|1205|1"
is "answer by answer: card, second, rating + 1 as grade, duration" \
    "$(db_answers "$R1" | sha256sum)" "$(csv_answers "$REAL" | sha256sum)"
is "a card's answers are in time order in its log" \
    "$(sqlite3 "$R1" "SELECT count(*) FROM reviews AS a JOIN reviews AS b
        ON b.card_id = a.card_id AND b.id > a.id AND b.time < a.time")" 0
run recall --db "$R1" check
status "check passes right after the import" 0
like "check replayed every answer" "$out" \
    "replayed 12580 answers on 1205 cards"
like "its first answer is the log's first line for it" \
    "$(sqlite3 "$R1" "SELECT r.grade, r.duration FROM reviews AS r
        JOIN cards AS c ON c.id = r.card_id
        WHERE c.ext_id = 1711684180217 ORDER BY r.id LIMIT 1")" \
    "^2\|25060$"

before=$(dump "$R1")
run recall --db "$R1" import "$REAL"
status "importing the same log again succeeds" 0
like "it adds nothing twice" "$out" \
    "12580 answers to 1205 cards: 0 added, 12580 already in the log$"
is "the log is unchanged" "$(sqlite3 "$R1" 'SELECT count(*) FROM reviews')" \
    12580
is "no card is made twice" "$(sqlite3 "$R1" 'SELECT count(*) FROM cards')" \
    1205

# --- the round trip -----------------------------------------------------

run recall --db "$R1" export --format review-log -o "$TMP/out.csv"
status "export --format review-log -o FILE" 0
is "it says how many answers it wrote" "$err" \
    "wrote 12580 answers to $TMP/out.csv"
is "the header is the FSRS tools' own" "$(head -n 1 "$TMP/out.csv")" \
    "card_id,review_time,review_rating,review_duration"
is "a line: the card's own id from the log, UTC time to the second" \
    "$(sed -n 2p "$TMP/out.csv")" \
    "1711684180217,2024-03-29T20:32:32+00:00,1,25060"
is "the export holds the log's answers (to the second)" \
    "$(csv_answers "$TMP/out.csv" | sha256sum)" \
    "$(csv_answers "$REAL" | sha256sum)"
is "the export is in time order" \
    "$(tail -n +2 "$TMP/out.csv" | cut -d, -f2 | sort -c 2>&1 && echo sorted)" \
    sorted
R2="$TMP/fresh.db"
run recall --db "$R2" import "$TMP/out.csv"
status "the export imports into a fresh collection" 0
recall --db "$R2" export --format review-log >"$TMP/again.csv"
if cmp -s "$TMP/out.csv" "$TMP/again.csv"; then
	pass "export, import into a fresh collection, export: identical"
else
	fail "export, import into a fresh collection, export: identical" \
	    "$(diff "$TMP/out.csv" "$TMP/again.csv" | head -n 5)"
fi
run recall --db "$R2" check
status "check passes on the fresh collection" 0
is "the same schedules come out of the same answers" \
    "$(sqlite3 "$R2" 'SELECT ext_id, repetition, ease, interval, due,
        lapses FROM cards ORDER BY ext_id' | sha256sum)" \
    "$(sqlite3 "$R1" 'SELECT ext_id, repetition, ease, interval, due,
        lapses FROM cards ORDER BY ext_id' | sha256sum)"

# --- --dry-run, --deck, --track, --json ---------------------------------

R3="$TMP/dry.db"
run recall --db "$R3" import "$REAL" --dry-run
status "a dry run succeeds" 0
like "it counts what it would do" "$out" \
    "12580 to add, 0 already in the log; 1205 new cards \\(suspended\\) in deck 'review-log-pyfsrs' \\(dry run: nothing written\\)$"
is "a dry run writes no card and no answer" \
    "$(sqlite3 "$R3" 'SELECT (SELECT count(*) FROM cards) +
        (SELECT count(*) FROM reviews) + (SELECT count(*) FROM decks)')" 0

run recall --db "$R3" import "$REAL" --deck anki::history --track want \
    --json
status "--deck, --track and --json" 0
json_ok "the report is JSON" "$out"
is "the report counts the log" \
    "$(jqr '.files[0] | [.format, .answers, .cards, .added, .already,
        .new_cards, .new_cards_deck, .skipped] | @csv')" \
    '"review-log",12580,1205,12580,0,1205,"anki::history",0'
is "the new cards are in the deck named, on the track named" \
    "$(sqlite3 "$R3" "SELECT d.name, d.track, count(*) FROM cards AS c
        JOIN decks AS d ON d.id = c.deck_id GROUP BY d.id")" \
    "anki::history|want|1205"

# --- formats a log may come in ------------------------------------------

printf '\357\273\277review_duration,"review_rating",review_time,extra,card_id\r
1500,3,1711744352250,x,7\r
"2000.0",4,"2024-03-30T09:00:00.999Z",y,7\r
\r
0,0,2024-03-31T00:00:00Z,manual,7\r
,1,2024-03-31T10:00:00+02:00,z,8\r
' >"$TMP/any.csv"
R4="$TMP/any.db"
run recall --db "$R4" import "$TMP/any.csv"
status "a log with its columns in another order, quotes, CRLF and a BOM" 0
like "a rating of 0 (a reschedule by hand) is not an answer" "$out" \
    "3 answers to 2 cards: 3 added.*; 1 line of rating 0 \\(not answers\\) skipped$"
is "times in milliseconds, with a fraction, or with a zone; durations" \
    "$(db_answers "$R4")" "7|1711744352|3|1500
7|1711789200|4|2000
8|1711872000|1|0"

# --- bad logs: FILE:LINE, and nothing written ---------------------------

R5="$TMP/bad.db"
recall --db "$R5" import "$TMP/any.csv" >/dev/null
before=$(dump "$R5")
bad() {
	desc=$1 text=$2 want=$3
	printf '%s' "$text" >"$TMP/bad.csv"
	run recall --db "$R5" import "$TMP/bad.csv"
	if [ "$rc" -ne 0 ] && [ "$err" = "recall: $TMP/bad.csv:$want" ] &&
	    [ "$(dump "$R5")" = "$before" ]; then
		pass "$desc"
	else
		fail "$desc" "exit $rc" "stderr: $err" "expected: $TMP/bad.csv:$want"
	fi
}
bad "a file without the columns is not a review log" \
    'id,time,rating
1,2024-01-01T00:00:00Z,3
' "1: not a review log: the header has no card_id column (a review log's \
header names card_id, review_time, review_rating and review_duration)"
bad "a rating out of 1-4, on its line, after good lines" \
    'card_id,review_time,review_rating,review_duration
9,2024-01-01T00:00:00Z,3,100
9,2024-01-02T00:00:00Z,5,100
' "3: bad review_rating '5' (1 again, 2 hard, 3 good, 4 easy)"
bad "a bad time" \
    'card_id,review_time,review_rating
9,2024-13-01T00:00:00Z,3
' "2: bad review_time '2024-13-01T00:00:00Z' (ISO 8601 like \
2024-03-29T20:32:32Z, or milliseconds since 1970)"
bad "an answer after now" \
    'card_id,review_time,review_rating
9,2027-01-01T00:00:00Z,3
' "2: review_time '2027-01-01T00:00:00Z' is later than now"
bad "a line with a field missing" \
    'card_id,review_time,review_rating,review_duration
9,2024-01-01T00:00:00Z,3
' "2: 3 fields where the header has 4"
bad "a card id that is not a number" \
    'card_id,review_time,review_rating
abc,2024-01-01T00:00:00Z,3
' "2: bad card_id 'abc' (a whole number)"
bad "a quote not closed" \
    'card_id,review_time,review_rating
"9,2024-01-01T00:00:00Z,3
' "2: a quote not closed on its line"
bad "a column named twice" \
    'card_id,review_time,review_rating,card_id
' "1: the header names card_id twice"
printf '' >"$TMP/empty.csv"
run recall --db "$R5" import "$TMP/empty.csv"
is "an empty file is refused" "$rc:$err" "1:recall: $TMP/empty.csv: empty: \
a review log starts with a header line \
(card_id,review_time,review_rating,review_duration)"

# --- recall's own cards and answers -------------------------------------

R6="$TMP/own.db"
printf '# Own\n\nq1 :: a1\nq2 :: a2\nq3 :: a3\n' >"$TMP/own.md"
recall --db "$R6" --now 2026-11-01T08:00Z import "$TMP/own.md" >/dev/null
for g in 0 1 2 3 4 5; do
	recall --db "$R6" --now 2026-11-0$((g + 1))T09:00Z answer 1 $g \
	    --duration 4 >/dev/null
done
recall --db "$R6" --now 2026-11-02T09:00Z answer 2 good >/dev/null
run recall --db "$R6" export --format review-log
status "export of recall's own answers" 0
is "grades 0-2 are rating 1, 3-5 are 2-4; the card is named by its id" \
    "$out" "card_id,review_time,review_rating,review_duration
1,2026-11-01T09:00:00+00:00,1,4000
1,2026-11-02T09:00:00+00:00,1,4000
2,2026-11-02T09:00:00+00:00,3,0
1,2026-11-03T09:00:00+00:00,1,4000
1,2026-11-04T09:00:00+00:00,2,4000
1,2026-11-05T09:00:00+00:00,3,4000
1,2026-11-06T09:00:00+00:00,4,4000"
run recall --db "$R6" export --format review-log --deck nosuch
status "--deck must name a deck" 1

# Another tool's answers to card 1 (the log shares its answers with
# recall's), in between recall's; and a card 3 of some other collection,
# which shares none with recall's card 3.
cat >"$TMP/more.csv" <<'EOF'
card_id,review_time,review_rating,review_duration
1,2026-11-01T09:00:00+00:00,1,4000
1,2026-11-02T12:00:00Z,3,900
1,2026-11-10T09:00:00Z,3,800
3,2026-11-05T09:00:00Z,3,700
EOF
run recall --db "$R6" import "$TMP/more.csv"
status "a log of recall's own cards, with answers from elsewhere" 0
like "it adds only what recall did not have" "$out" \
    "4 answers to 2 cards: 3 added, 1 already in the log; 1 new card"
is "card 1's answers, merged in time order" \
    "$(sqlite3 "$R6" 'SELECT time, grade FROM reviews WHERE card_id = 1
        ORDER BY id')" "$(printf '%s\n' \
    "$(date -u -d 2026-11-01T09:00 +%s)|0" \
    "$(date -u -d 2026-11-02T09:00 +%s)|1" \
    "$(date -u -d 2026-11-02T12:00 +%s)|4" \
    "$(date -u -d 2026-11-03T09:00 +%s)|2" \
    "$(date -u -d 2026-11-04T09:00 +%s)|3" \
    "$(date -u -d 2026-11-05T09:00 +%s)|4" \
    "$(date -u -d 2026-11-06T09:00 +%s)|5" \
    "$(date -u -d 2026-11-10T09:00 +%s)|4")"
is "recall's card 3 is not another collection's card 3" \
    "$(sqlite3 "$R6" "SELECT count(*) FROM reviews WHERE card_id = 3")|$(
    sqlite3 "$R6" "SELECT front, suspended FROM cards WHERE ext_id = 3")" \
    "0|card 3|1"
run recall --db "$R6" check
status "check passes after answers were put in between recall's" 0
run recall --db "$R6" --now 2026-11-12T09:00Z answer 1 good
status "card 1 can be answered after the import" 0
run recall --db "$R6" import "$TMP/more.csv"
like "importing it again adds nothing" "$out" "0 added, 4 already in the log"
run recall --db "$R6" check
status "check still passes" 0

done_testing
