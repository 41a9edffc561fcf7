#!/bin/sh
# The recall model (issue 12): fit, the retention it aims due days at,
# SM-2 untouched when it is off, check/undo/sync replaying its due days,
# the automatic refit, calibration's JSON against its own predictions
# file, and simulate; on the real log of tests/cli/data.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

LOG="$TOP_SRCDIR/tests/cli/data/review-log-pyfsrs.csv"
NOW=2024-10-08T12:00:00Z
DB="$TMP/collection.db"

# --- before there is anything to learn from ------------------------------

cat >"$TMP/few.md" <<'EOF'
---
deck: few
---
# Few
one :: uno
two :: dos
EOF
recall --now 2024-10-01T09:00Z import "$TMP/few.md" >/dev/null
run recall --now 2024-10-01T09:00Z fit
status "fit with no reviews fails" 1
is "and says why, naming fit-min" "$err" \
    "recall: fit: 0 reviews to learn from, fewer than fit-min (1000): SM-2's intervals stay"
run recall fit --show
like "fit --show: no fit yet" "$out" "^no fit yet"
like "the scheduler stays sm2" "$out" "scheduler: sm2, retention 0.90"
run recall calibration
status "calibration with too few reviews fails" 1
like "and says so" "$err" "0 reviews to learn from: too few"
run recall simulate
status "simulate without a fit fails" 1
like "and says to fit" "$err" "no fit yet"
run recall set retention 0.99
status "a retention above 0.97 is refused" 2
like "naming the range" "$err" "bad retention '0.99' \\(a fraction, 0.70-0.97\\)"
run recall set scheduler fsrs
status "an unknown scheduler is refused" 2
like "naming the choices" "$err" "sm2\\|model"
run recall set retention 85%
like "a retention can be a percentage" "$(recall set retention)" \
    "^retention +0\\.85 "
recall -q set retention 0.90

# --- the real log --------------------------------------------------------

rm -f "$DB"
recall --now "$NOW" import "$LOG" >/dev/null
cp "$DB" "$TMP/unfitted.db"
reviews=$(sqlite3 "$DB" "SELECT count(*) FROM reviews AS r WHERE scheduled = 1
    AND EXISTS (SELECT 1 FROM reviews AS e WHERE e.card_id = r.card_id AND
    e.scheduled = 1 AND e.id < r.id)")

# calibration, and its predictions file checked against its JSON.
run recall calibration --json --predictions "$TMP/pred.csv"
status "calibration on the real log succeeds" 0
json_ok "calibration --json is JSON" "$out"
cal=$out
is "it scores every review the model learns from" "$(jqr .reviews)" \
    "$reviews"
is "70% of them in time are the train part" \
    "$(jqr '.train == (.reviews * 0.7 | floor) and .train + .test == .reviews')" \
    "true"
is "the model's log loss is below the constant's" \
    "$(jqr '.scores.model.log_loss < .scores.constant.log_loss')" "true"
is "and below SM-2's textbook curve's" \
    "$(jqr '.scores.model.log_loss < .scores.textbook.log_loss')" "true"
is "its AUC reaches 0.60" "$(jqr '.scores.model.auc >= 0.60')" "true"
is "the constant cannot rank: AUC 0.5" "$(jqr .scores.constant.auc)" "0.5"
is "the reliability bins hold every test review" \
    "$(jqr '([.reliability[].reviews] | add) == .test')" "true"
is "the predictions file has a header and a line a review" \
    "$(head -1 "$TMP/pred.csv"),$(($(wc -l <"$TMP/pred.csv") - 1))" \
    "card_id,review_time,predicted,recalled,part,$reviews"
# The scores again, from the file alone (log loss, the constant, AUC).
scores=$(awk -F, 'NR > 1 && $5 == "train" { n++; k += $4 }
    NR > 1 && $5 == "test" {
	m++; p[m] = $3; y[m] = $4
	l += $4 ? -log($3) : -log(1 - $3)
    }
    END {
	# AUC: each recalled against each forgotten review.
	for (i = 1; i <= m; i++) if (y[i]) for (j = 1; j <= m; j++)
		if (!y[j]) { pairs++; w += p[i] > p[j] ? 1 : p[i] == p[j] ? .5 : 0 }
	printf "%d %d %.6f %.6f %.6f\n", n, m, k / n, l / m, w / pairs
    }' "$TMP/pred.csv")
want=$(printf '%s' "$cal" | jq -r '"\(.train) \(.test) \(.constant * 1e6 | round / 1e6) \(.scores.model.log_loss * 1e6 | round / 1e6) \(.scores.model.auc * 1e6 | round / 1e6)"')
is "the file's parts, constant, log loss and AUC are the report's" \
    "$(echo "$scores" | awk '{ printf "%d %d %.6f %.6f %.6f\n", $1, $2, $3, $4, $5 }')" \
    "$(echo "$want" | awk '{ printf "%d %d %.6f %.6f %.6f\n", $1, $2, $3, $4, $5 }')"
run recall calibration --predictions "$TMP/pred.csv"
status "calibration will not overwrite a predictions file" 1
run recall calibration --split 0.8 --predictions "$TMP/pred.csv" --force
status "unless forced" 0
like "the text report names the three predictors" "$out" \
    "SM-2, 0.9\\^\\(t/I\\).*"
like "and draws the reliability diagram" "$out" "0.8-0.9 +[0-9]+ +0\\.[0-9]{3} +0\\.[0-9]{3}"
is "--split moves the parts" \
    "$(grep -c ',train$' "$TMP/pred.csv")" "$(awk -v n="$reviews" 'BEGIN { printf "%d", n * 0.8 }')"
run recall calibration --split 2
status "a bad --split is a usage error" 2

# fit, kept in the collection, turning the model on.
run recall --now "$NOW" fit --json
status "fit on the real log succeeds" 0
fit=$out
is "it reports the reviews it learned from" \
    "$(jqr .reviews.all)" "$reviews"
is "the first fit turns the model on" "$(jqr .scheduler)" "model"
is "one kept fit: the need track is the whole log" \
    "$(jqr '[.fits[].scope] | join(",")')" "all"
is "nine weights, recall falling with time" \
    "$(jqr '(.fits[0].weights | length) == 9 and .fits[0].weights[1] < 0')" \
    "true"
is "the fit is in the collection with its date" \
    "$(sqlite3 "$DB" "SELECT scope, reviews, datetime(time, 'unixepoch')
    FROM fits")" "all|$reviews|2024-10-08 12:00:00"
recall --now "$NOW" -q fit
is "fitting again gives the same weights, bit for bit" \
    "$(sqlite3 "$DB" "SELECT count(DISTINCT w0 || w1 || w2 || w3 || w4 ||
    w5 || w6 || w7 || w8) || ' ' || count(*) FROM fits")" "1 2"
like "fit --show names the fit" "$(recall fit --show)" \
    "^the collection: fitted 2024-10-08T12:00:00\\+00:00 on $reviews reviews"
recall -q set fit-every 0

# --- due days aimed at the retention -------------------------------------

# Cards of the log in review, brought back: answer each good under SM-2
# and under the model at three retentions.
cards=$(sqlite3 "$DB" "SELECT id FROM cards WHERE interval >= 3 ORDER BY id
    LIMIT 12" | tr '\n' ' ')
recall -q unsuspend $cards
cp "$DB" "$TMP/fitted.db"
answer_all() {	# DB -> "id:days " for each card
	for id in $cards; do
		RECALL_DB=$1 recall --now "$NOW" answer "$id" good --json |
		    jq -r '"\(.card.id):\(.card.due)"'
	done | tr '\n' ' '
}
for r in 0.80 0.90 0.95; do
	cp "$TMP/fitted.db" "$TMP/r$r.db"
	RECALL_DB="$TMP/r$r.db" recall -q set retention $r
	eval "due_$(echo $r | tr -d .)=\"\$(answer_all \"\$TMP/r\$r.db\")\""
done
sum_days() { sqlite3 "$1" "SELECT sum(due_after - day) FROM reviews WHERE id >
    (SELECT max(id) FROM reviews) - 12"; }
s80=$(sum_days "$TMP/r0.80.db")
s90=$(sum_days "$TMP/r0.90.db")
s95=$(sum_days "$TMP/r0.95.db")
is "a higher retention gives shorter intervals (0.80 > 0.90 > 0.95)" \
    "$([ "$s80" -gt "$s90" ] && [ "$s90" -gt "$s95" ] && echo yes)" "yes"
is "each answer logs the days the model aimed at" \
    "$(sqlite3 "$TMP/r0.90.db" "SELECT count(*) FROM reviews WHERE
    target IS NOT NULL")" "12"
is "and the due day is that target, from the answer's day (fuzz aside)" \
    "$(sqlite3 "$TMP/r0.90.db" "SELECT count(*) FROM reviews WHERE target
    IS NOT NULL AND abs(due_after - day - target) > CASE WHEN target < 3 THEN 0
    WHEN target < 7 THEN 1 WHEN target < 30 THEN max(2, target * 0.15) ELSE
    max(4, target * 0.05) END")" "0"
state() { sqlite3 "$1" "SELECT group_concat(s, ' ') FROM (SELECT rep_after
    || '/' || ease_after || '/' || interval_after AS s FROM reviews ORDER BY
    id DESC LIMIT 12)"; }
cp "$TMP/fitted.db" "$TMP/nofuzz.db"
sqlite3 "$TMP/nofuzz.db" "UPDATE decks SET fuzz = 0"
RECALL_DB="$TMP/nofuzz.db" recall -q set scheduler sm2
answer_all "$TMP/nofuzz.db" >/dev/null
is "SM-2's own state goes on as SM-2 computes it (without fuzz)" \
    "$(state "$TMP/r0.90.db")" "$(state "$TMP/nofuzz.db")"
run env RECALL_DB="$TMP/r0.90.db" "$RECALL" --now 2024-10-20T12:00Z answer \
    "${cards%% *}" good
like "the answer says what the model aimed at" "$out" \
    "in [0-9]+ days?, when the model puts recall at 0.90"
run env RECALL_DB="$TMP/r0.90.db" "$RECALL" check
status "check replays the model's due days" 0
# show gives the model's recall: at or below 0.90 on the day aimed at,
# above it halfway there.
row=$(sqlite3 "$TMP/r0.90.db" "SELECT card_id, day + target, day + target / 2
    FROM reviews WHERE target >= 4 ORDER BY id DESC LIMIT 1")
pct() { RECALL_DB="$TMP/r0.90.db" recall --now "$(date -u -d "1970-01-01 + $1 days 12:00" +%Y-%m-%dT%H:%MZ)" \
    show "${row%%|*}" | sed -n 's/^recall today: \([0-9]*\)%, as the model predicts$/\1/p'; }
at=$(pct "$(echo "$row" | cut -d'|' -f2)")
half=$(pct "$(echo "$row" | cut -d'|' -f3)")
is "show: recall at most 90% on the day aimed at, more halfway" \
    "$([ "$at" -le 90 ] && [ "$half" -gt 90 ] && echo yes)" "yes"
unlike "no recall line without a fit" \
    "$(RECALL_DB="$TMP/unfitted.db" recall show "${row%%|*}" 2>&1)" "recall today"

# The model off: byte for byte what a collection that never fitted does.
cp "$TMP/fitted.db" "$TMP/off.db"
RECALL_DB="$TMP/off.db" recall -q set scheduler sm2
cp "$TMP/unfitted.db" "$TMP/never.db"
RECALL_DB="$TMP/never.db" recall -q unsuspend $cards
is "with scheduler sm2, due days are SM-2's, as if never fitted" \
    "$(answer_all "$TMP/off.db")" "$(answer_all "$TMP/never.db")"
is "and log no target" "$(sqlite3 "$TMP/off.db" "SELECT count(*) FROM
    reviews WHERE target IS NOT NULL")" "0"

# A lapse comes back the next day, as in SM-2.
first=${cards%% *}
run env RECALL_DB="$TMP/fitted.db" "$RECALL" --now "$NOW" answer "$first" again --json
is "a forgotten card has no target" "$(jqr .target)" "null"
is "and is due the next day" "$(jqr .card.due)" "2024-10-09"

# check sees a due day that is not the logged target's.
cp "$TMP/r0.90.db" "$TMP/bad.db"
sqlite3 "$TMP/bad.db" "UPDATE reviews SET target = target + 30 WHERE id =
    (SELECT max(id) FROM reviews WHERE target IS NOT NULL)"
run env RECALL_DB="$TMP/bad.db" "$RECALL" check
status "a changed target makes check fail" 1
like "naming the answer" "$out$err" "card [0-9]+: .*answer [0-9]+"

# undo of a model answer puts the schedule back.
cp "$TMP/fitted.db" "$TMP/undo.db"
last=$(echo "$cards" | awk '{ print $NF }')
before=$(RECALL_DB="$TMP/undo.db" recall show "$last" --json | jq -c '{due, interval, ease}')
RECALL_DB="$TMP/undo.db" recall --now "$NOW" -q answer "$last" easy
RECALL_DB="$TMP/undo.db" recall --now "$NOW" -q undo --card "$last"
is "undo of a model answer restores the schedule" \
    "$(RECALL_DB="$TMP/undo.db" recall show "$last" --json | jq -c '{due, interval, ease}')" \
    "$before"

# sync: a device without the fit replays the same due days.
mkdir "$TMP/sync"
cp "$TMP/fitted.db" "$TMP/a.db"
RECALL_DB="$TMP/a.db" recall --now 2024-10-08T11:00Z -q sync "$TMP/sync"
RECALL_DB="$TMP/b.db" recall --now 2024-10-08T11:01Z -q sync "$TMP/sync"
for id in $cards; do
	RECALL_DB="$TMP/a.db" recall --now "$NOW" -q answer "$id" good
done
RECALL_DB="$TMP/a.db" recall --now 2024-10-08T13:00Z -q sync "$TMP/sync"
RECALL_DB="$TMP/b.db" recall --now 2024-10-08T13:01Z -q sync "$TMP/sync"
dues() { sqlite3 "$1" "SELECT group_concat(c.gid || '=' || c.due, ' ') FROM
    (SELECT gid, due FROM cards WHERE suspended = 0 ORDER BY gid) AS c"; }
is "the other device has no fit" \
    "$(sqlite3 "$TMP/b.db" "SELECT count(*) FROM fits")" "0"
is "and the same due days after sync" "$(dues "$TMP/b.db")" "$(dues "$TMP/a.db")"
run env RECALL_DB="$TMP/b.db" "$RECALL" check
status "and its check passes" 0

# --- the refit after fit-every new reviews -------------------------------

cp "$TMP/fitted.db" "$TMP/refit.db"
export RECALL_DB="$TMP/refit.db"
recall -q set fit-every 5
n=0
for id in $cards; do
	n=$((n + 1))
	[ $n -le 4 ] || break
	recall --now "$NOW" -q answer "$id" good
done
is "no refit before fit-every reviews" \
    "$(sqlite3 "$RECALL_DB" "SELECT count(*) FROM fits")" "2"
run recall --now "$NOW" answer "$(echo "$cards" | awk '{ print $5 }')" good
like "the fifth says the model was refitted" "$out" \
    "refitted the recall model on $((reviews + 5)) reviews"
is "and the refit is kept" "$(sqlite3 "$RECALL_DB" "SELECT count(*) || ' ' ||
    max(reviews) || ' ' || (max(last_review) = (SELECT max(id) FROM reviews))
    FROM fits")" "3 $((reviews + 5)) 1"

# --- simulate ------------------------------------------------------------

export RECALL_DB="$TMP/fitted.db"
run recall simulate --json --cards 1205 --new-per-day 20
status "simulate runs" 0
json_ok "simulate --json is JSON" "$out"
is "SM-2, SM-2 at the retention, the model at it and at three more" \
    "$(jqr '[.runs[] | "\(.scheduler)@\(.aim)"] | join(" ")')" \
    "sm2@null sm2@0.9 model@0.9 model@0.8 model@0.85 model@0.95"
is "the model at 0.90 reaches 0.88-0.92" \
    "$(jqr '.runs[2].retention | . >= 0.88 and . <= 0.92')" "true"
is "with fewer answers a card than SM-2 at the same retention" \
    "$(jqr '.runs[2].per_card < .runs[1].per_card')" "true"
is "a higher retention costs more answers" \
    "$(jqr '.runs[3].answers < .runs[4].answers and .runs[4].answers < .runs[2].answers and .runs[2].answers < .runs[5].answers')" "true"
run recall simulate --retention 0.85 --days 100
like "the text table names the model's run" "$out" "model at 0.85 "
is "--retention gives three runs" "$(printf '%s\n' "$out" | grep -c '^  [SMm]')" "3"
run recall simulate --retention 0.5
status "a bad --retention is a usage error" 2

done_testing
