#!/bin/sh
# stats (issue 11): every figure against the review log, computed here
# with sqlite3 and awk; the charts at 40, 80 and 120 columns against
# golden files; colour once; empty and odd collections print no garbage.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export LC_ALL=C.UTF-8
export NO_COLOR=1
GOLD="$TOP_SRCDIR/tests/cli/data"
DB="$TMP/collection.db"

# --- a collection with 80 days of history --------------------------------

cat >"$TMP/lang.md" <<'EOF'
---
deck: lang
track: need
---
# Words
## Skim
uno :: one
dos :: two
tres :: three
cuatro :: four
## Explore
cinco :: five
seis :: six
EOF
cat >"$TMP/fun.md" <<'EOF'
---
deck: fun
track: want
---
# Facts
## Skim
The Moon's pull :: tides
Octopus hearts :: three
Honey :: never spoils
Venus day :: longer than its year
EOF
recall --now 2026-09-01T08:00Z import "$TMP/lang.md" "$TMP/fun.md" >/dev/null

# Each day, answer what is due: card N on day D gets grade (N * 7 + D) % 4
# + 2 (2 to 5: some lapses), day 40 is skipped (a gap), and day 20 has a
# second answer of card 1 (only the first of a day counts for retention).
day=0
while [ $day -lt 80 ]; do
	when=$(date -u -d "2026-09-01 + $day days 09:00" +%Y-%m-%dT%H:%M:%SZ)
	if [ $day -ne 40 ]; then
		for id in $(recall --now "$when" due --json |
		    jq -r '.[].id'); do
			g=$(( (id * 7 + day) % 4 + 2 ))
			recall --now "$when" answer "$id" "$g" --duration 6 \
			    >/dev/null
		done
	fi
	if [ $day -eq 30 ]; then
		# A lapse and its repeat the same day (not a review again).
		recall --now 2026-10-01T10:00:00Z answer 2 1 --duration 2 \
		    >/dev/null
		recall --now 2026-10-01T10:30:00Z answer 2 4 --duration 2 \
		    >/dev/null
	fi
	if [ $day -eq 20 ]; then
		recall --now "$(date -u -d "2026-09-21 10:00" +%Y-%m-%dT%H:%M:%SZ)" \
		    answer 1 5 --duration 3 >/dev/null
	fi
	day=$((day + 1))
done
NOW=2026-11-19T20:00Z		# day 79, evening
TODAY=$(sqlite3 "$DB" "SELECT max(day) FROM reviews")

run recall --now "$NOW" stats --json
status "stats --json" 0
json_ok "it is JSON" "$out"
J=$out
jqj() {
	printf '%s' "$J" | jq -r "$1"
}

# today: the log's answers of today, per track.
for t in need want; do
	is "today ($t): reviewed, again, correct, time, as the log says" \
	    "$(jqj ".today.$t | [.reviewed, .again, .correct, .milliseconds]
	        | @csv")" "$(sqlite3 "$DB" "SELECT count(*) || ',' ||
	        coalesce(sum(r.grade < 3), 0) || ',' ||
	        coalesce(sum(r.grade >= 3), 0) || ',' ||
	        coalesce(sum(r.duration), 0) FROM reviews AS r
	        JOIN cards AS c ON c.id = r.card_id JOIN decks AS d
	        ON d.id = c.deck_id WHERE r.day = $TODAY AND d.track = '$t'")"
	is "today ($t): what is left is what status says" \
	    "$(jqj ".today.$t | [.due_left, .new_left, .again_left] | @csv")" \
	    "$(recall --now "$NOW" status --json |
	        jq -r ".$t | [.due, .new, .again] | @csv")"
done

# forecast: unsuspended cards by due day, from today on; overdue apart.
is "forecast: cards due on each of the next 30 days" \
    "$(jqj '.forecast.due | @csv')" "$(sqlite3 "$DB" "
        WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k
        WHERE n < 29) SELECT group_concat(cnt, ',') FROM (SELECT
        (SELECT count(*) FROM cards WHERE suspended = 0 AND
        due = $TODAY + n) AS cnt FROM k ORDER BY n)")"
is "forecast: overdue" "$(jqj '.forecast.overdue')" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM cards WHERE suspended = 0 AND
        due < $TODAY")"

# calendar: reviews a day (answers that moved a schedule: not a failed
# card's repeats the same day), and the streaks, worked out here in awk.
is "calendar: reviews on each day" \
    "$(jqj '.calendar.by_day[] | "\(.day) \(.reviews)"')" \
    "$(sqlite3 "$DB" "SELECT date(day * 86400, 'unixepoch') || ' ' ||
        sum(scheduled) FROM reviews GROUP BY day HAVING sum(scheduled) > 0
        ORDER BY day")"
like "the log has same-day repeats, which the calendar leaves out" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM reviews WHERE scheduled = 0")" \
    '^[1-9]'
streaks=$(sqlite3 "$DB" "SELECT day FROM reviews GROUP BY day
    HAVING sum(scheduled) > 0 ORDER BY day" |
    awk -v today="$TODAY" '{
	if ($1 == prev + 1) run++; else run = 1
	if (run > longest) longest = run
	prev = $1; days[$1] = 1
    } END {
	d = today; if (!(d in days)) d--
	cur = 0; while (d in days) { cur++; d-- }
	print cur "," longest
    }')
is "calendar: current and longest streak (the skipped day breaks one)" \
    "$(jqj '.calendar | [.current_streak, .longest_streak] | @csv')" \
    "$streaks"

# retention: each card's first answer of a day, of cards in review
# (interval before > 0); mature at 21 days; recalled at grade 3+.
retention() {	# WINDOW KIND(young|mature) [TRACK]
	sqlite3 -separator ' ' "$DB" "SELECT r.card_id, r.day, r.id,
	    r.interval_before, r.grade, d.track FROM reviews AS r
	    JOIN cards AS c ON c.id = r.card_id JOIN decks AS d
	    ON d.id = c.deck_id ORDER BY r.card_id, r.day, r.id" |
	awk -v w="$1" -v kind="$2" -v track="${3:-}" -v today="$TODAY" '
	    $1 == card && $2 == day { next }
	    { card = $1; day = $2 }
	    $4 > 0 && today - $2 < w && (track == "" || $6 == track) {
		mature = $4 >= 21
		if ((kind == "mature") == mature) { n++; ok += $5 >= 3 }
	    }
	    END { print ok + 0 "," n + 0 }'
}
for w in 7 30 365; do
	for k in young mature; do
		is "retention: $k, $w days" \
		    "$(jqj ".retention.all.$k.\"$w\" | [.recalled, .reviews] |
		        @csv")" "$(retention $w $k)"
		is "retention: need $k, $w days" \
		    "$(jqj ".retention.need.$k.\"$w\" | [.recalled, .reviews] |
		        @csv")" "$(retention $w $k need)"
	done
done
is "retention: per deck adds up to the whole" \
    "$(jqj '[.retention.decks[].mature."365".reviews] | add')" \
    "$(jqj '.retention.all.mature."365".reviews')"
like "there are mature reviews to count" \
    "$(jqj '.retention.all.mature."365".reviews')" '^[1-9]'

# layers: each deck's layers, as deck show counts them.
is "layers: lang's skim layer" \
    "$(jqj '.layers.lang.skim | [.cards, .passed] | @csv')" \
    "$(sqlite3 "$DB" "SELECT count(*) || ',' || sum(passed) FROM cards
        WHERE layer = 'skim' AND deck_id = (SELECT id FROM decks
        WHERE name = 'lang')")"

# balance: review time per track in each of the last 8 weeks of 7 days.
for w in 0 3 7; do
	is "balance: week $w back, need and want time" \
	    "$(jqj ".balance.weeks[7 - $w] | [.need_milliseconds,
	        .want_milliseconds] | @csv")" "$(sqlite3 "$DB" "SELECT
	        coalesce(sum(CASE WHEN d.track = 'need' THEN r.duration END),
	        0) || ',' || coalesce(sum(CASE WHEN d.track = 'want' THEN
	        r.duration END), 0) FROM reviews AS r JOIN cards AS c
	        ON c.id = r.card_id JOIN decks AS d ON d.id = c.deck_id
	        WHERE r.day BETWEEN $TODAY - $w * 7 - 6 AND $TODAY - $w * 7")"
done
is "balance: the target is the one balance sets" \
    "$(jqj '.balance.need_target')" \
    "$(recall --now "$NOW" balance --json | jq -r '.tracks[0].target * 100 |
        round')"

# cards: intervals of the cards in review, leeches, lapses, time.
is "cards: interval buckets" \
    "$(jqj '[.cards.intervals[]] | @csv')" "$(sqlite3 "$DB" "SELECT
        sum(interval <= 1) || ',' || sum(interval BETWEEN 2 AND 3) || ',' ||
        sum(interval BETWEEN 4 AND 7) || ',' ||
        sum(interval BETWEEN 8 AND 14) || ',' ||
        sum(interval BETWEEN 15 AND 30) || ',' ||
        sum(interval BETWEEN 31 AND 90) || ',' ||
        sum(interval BETWEEN 91 AND 180) || ',' ||
        sum(interval BETWEEN 181 AND 365) || ',' || sum(interval > 365)
        FROM cards WHERE reviews > 0 AND suspended = 0")"
is "cards: the ease buckets hold every card in review" \
    "$(jqj '[.cards.ease[]] | add')" "$(sqlite3 "$DB" "SELECT count(*)
        FROM cards WHERE reviews > 0 AND suspended = 0")"
is "cards: the most lapses, by id" \
    "$(jqj '[.cards.most_lapses[] | "\(.id):\(.lapses)"] | join(" ")')" \
    "$(sqlite3 "$DB" "SELECT group_concat(id || ':' || lapses, ' ') FROM
        (SELECT id, lapses FROM cards WHERE lapses > 0 ORDER BY lapses
        DESC, id LIMIT 5)")"
is "cards: answers and their time in the last 30 days" \
    "$(jqj '.cards | [.answers_30_days, .milliseconds_30_days] | @csv')" \
    "$(sqlite3 "$DB" "SELECT count(*) || ',' || sum(duration) FROM reviews
        WHERE day > $TODAY - 30")"
is "cards: the leeches" "$(jqj '.cards.leeches')" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM cards WHERE leech = 1")"
# A leech: with the deck's threshold lowered to one lapse, card 6 fails
# once more, after every other answer of the log.
recall deck set lang leech-threshold 1 >/dev/null
recall --now 2026-11-19T19:00:00Z answer 6 1 >/dev/null
run recall --now "$NOW" stats --json --section cards
is "cards: a leech is named by its id" \
    "$(printf '%s' "$out" | jq -c '[.cards.leeches, .cards.leech_ids]')" \
    "$(sqlite3 "$DB" "SELECT '[' || count(*) || ',[' || group_concat(id) ||
        ']]' FROM cards WHERE leech = 1")"
like "there is one" "$(printf '%s' "$out" | jq '.cards.leeches')" '^[1-9]'
run recall --now "$NOW" stats --section cards
like "and named in the picture" "$out" \
    "leeches \(failed again and again, suspended\): 1, cards 6"
run recall --now "$NOW" check
status "the log is still in time order, and check agrees" 0

# --deck, --track and --section narrow it.
run recall --now "$NOW" stats --json --deck fun --section calendar
is "--deck and --section" "$(printf '%s' "$out" |
    jq -r '[.deck, (.calendar.reviews | tostring), (has("today") |
    tostring)] | join(",")')" "fun,$(sqlite3 "$DB" "SELECT count(*) FROM
    reviews AS r JOIN cards AS c ON c.id = r.card_id JOIN decks AS d
    ON d.id = c.deck_id WHERE d.name = 'fun'"),false"
run recall --now "$NOW" stats --json --track want --section today
is "--track shows that track alone" \
    "$(printf '%s' "$out" | jq -r '.today | keys | join(",")')" want
run recall --now "$NOW" stats --section nosuch
status "an unknown section is a usage error" 2
run recall --now "$NOW" stats --section day
status "so is a part of a section's name" 2
run recall --now "$NOW" stats --days 0
status "--days 0 is a usage error" 2
run recall --now "$NOW" stats --deck nosuch
status "a deck that is not there" 1

# --- the pictures, at three widths ---------------------------------------

for w in 40 80 120; do
	COLUMNS=$w recall --now "$NOW" stats >"$TMP/stats-$w.txt"
	# To renew the golden files after a change meant to show: set
	# STATS_GOLDEN to tests/cli/data, run this, and read the diff.
	if [ -n "${STATS_GOLDEN:-}" ]; then
		cp "$TMP/stats-$w.txt" "$STATS_GOLDEN/stats-$w.txt"
	fi
	if cmp -s "$TMP/stats-$w.txt" "$GOLD/stats-$w.txt"; then
		pass "the charts at $w columns match the golden file"
	else
		fail "the charts at $w columns match the golden file" \
		    "$(diff "$GOLD/stats-$w.txt" "$TMP/stats-$w.txt" |
		        head -n 20)"
	fi
	is "no line is wider than $w columns" "$(python3 -c '
import sys
w = int(sys.argv[1])
print(sum(1 for l in open(sys.argv[2], encoding="utf-8").read().split("\n")
          if len(l) > w))' "$w" "$TMP/stats-$w.txt")" 0
done
COLUMNS=80 recall --now "$NOW" stats --days 10 --section forecast \
    >"$TMP/f10.txt"
like "--days sets the forecast's span" "$(cat "$TMP/f10.txt")" \
    "due in the next 10 days"

# Colour, once: the calendar's shades become coloured squares (in a
# pseudo-terminal, where recall colours its output).
if command -v script >/dev/null 2>&1; then
	script -qec "env -u NO_COLOR COLUMNS=80 $RECALL --db $DB --now $NOW \
	    stats --section calendar" /dev/null >"$TMP/colour.txt" 2>&1
	like "in colour, the calendar is coloured squares" \
	    "$(cat "$TMP/colour.txt")" "$(printf '\033')\\[38;5;[0-9]+m■"
else
	fail "in colour, the calendar is coloured squares" "no script(1)"
fi

# The day starts at the rollover hour (4:00): an answer at 3:00 is the
# day before's.
R="$TMP/rollover.db"
printf 'q :: a\n' >"$TMP/r.md"
recall --db "$R" --now 2026-11-18T09:00Z import "$TMP/r.md" >/dev/null
recall --db "$R" --now 2026-11-19T03:00Z answer 1 4 >/dev/null
run recall --db "$R" --now 2026-11-19T20:00Z stats --json
is "an answer before the rollover is not today's" \
    "$(printf '%s' "$out" | jq -c '[.today.need.reviewed,
        [.calendar.by_day[].day]]')" '[0,["2026-11-18"]]'

# Wide characters in a deck's name are measured by their display width.
W="$TMP/wide.db"
printf -- '---\ndeck: 日本語の単語::漢字\n---\n# K\nやま :: mountain\n' \
    >"$TMP/w.md"
recall --db "$W" --now 2026-11-18T09:00Z import "$TMP/w.md" >/dev/null
recall --db "$W" --now 2026-11-18T09:00Z answer 1 4 >/dev/null
recall --db "$W" --now 2026-11-19T09:00Z answer 1 4 >/dev/null
COLUMNS=40 recall --db "$W" --now "$NOW" stats >"$TMP/wide.txt"
is "a deck named in wide characters: no line wider than 40 columns" \
    "$(python3 -c '
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)
print(sum(1 for l in open(sys.argv[1], encoding="utf-8").read().split("\n")
          if width(l) > 40))' "$TMP/wide.txt")" 0
like "and the deck is there" "$(cat "$TMP/wide.txt")" "日本語"

# --- nothing to show ------------------------------------------------------

E="$TMP/empty.db"
run recall --db "$E" --now "$NOW" stats
status "an empty collection" 0
unlike "nothing divides by zero" "$out" "nan|inf|-nan"
like "it says there are no reviews" "$out" "0 reviews on 0 of the last 365"
run recall --db "$E" --now "$NOW" stats --json
json_ok "an empty collection's JSON" "$out"
is "its figures are zero" "$(printf '%s' "$out" | jq -c '[.forecast.per_day,
    .calendar.longest_streak, .retention.all.young."7".reviews]')" "[0,0,0]"
O="$TMP/one.db"
printf 'q :: a\n' >"$TMP/one.md"
recall --db "$O" --now 2026-11-19T09:00Z import "$TMP/one.md" >/dev/null
recall --db "$O" --now 2026-11-19T09:00Z answer 1 4 >/dev/null
run recall --db "$O" --now "$NOW" stats
status "one review" 0
like "one review, a streak of one" "$out" \
    "1 review on 1 of the last 365 days; streak: 1 day \\(longest 1\\)"

done_testing
