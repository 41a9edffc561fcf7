#!/bin/sh
# The recall model's benchmark (issue 12; make bench-model): for each
# review log or Anki collection given (the real log of tests/cli/data by
# default), a fresh collection imports it, and calibration scores the
# model fitted on the first 70% of it in time on the last 30%, beside
# SM-2's textbook curve and the constant; then the pooled figures over
# all logs, a simulation at a retention of 0.90, and the cost of the
# model's core (bench-model).  With BENCH_MODEL_DB, a collection (the
# benchmark's 1M one: make-collection.sh) is copied and fitted, timed;
# with BENCH_MODEL_ANSWERS=N, so is a synthetic review log of N answers.
#
#	sh tests/bench/model.sh [LOG...]
#
# RECALL names the binary (./recall), BENCH_BIN the folder of bench-model
# and bench-exec (tests/bench).  Needs jq and awk.
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
RECALL=${RECALL:-$TOP/recall}
BIN=${BENCH_BIN:-$TOP/tests/bench}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/recall-bench-model.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export RECALL_NOW=${RECALL_NOW:-2030-01-01T12:00:00Z} TZ=UTC
export HOME="$TMP" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state"
[ $# -gt 0 ] || set -- "$TOP/tests/cli/data/review-log-pyfsrs.csv"

printf '%-28s %7s | %-15s | %-22s | %-7s | %s\n' "log" "scored" \
    "SM-2 0.9^(t/I)" "model" "const" "model < const"
printf '%-28s %7s | %7s %7s | %7s %7s %6s | %7s |\n' "" "" "logloss" "AUC" \
    "logloss" "AUC" "RMSE" "logloss"
: >"$TMP/pooled.csv"
: >"$TMP/scores"
: >"$TMP/sim"
i=0
for log; do
	i=$((i + 1))
	db="$TMP/c$i.db"
	if ! RECALL_DB="$db" "$RECALL" import "$log" >"$TMP/import" 2>&1; then
		echo "$log: import failed: $(cat "$TMP/import")" >&2
		exit 1
	fi
	RECALL_DB="$db" "$RECALL" calibration --json \
	    --predictions "$TMP/p$i.csv" >"$TMP/cal$i.json"
	awk -F, 'NR > 1 && $5 == "test"' "$TMP/p$i.csv" >>"$TMP/pooled.csv"
	jq -r --arg name "$(basename "$log")" '[$name, .test,
	    .scores.textbook.log_loss, .scores.textbook.auc,
	    .scores.model.log_loss, .scores.model.auc, .scores.model.rmse_bins,
	    .scores.constant.log_loss] | @tsv' "$TMP/cal$i.json" |
	    tee -a "$TMP/scores" | awk -F '\t' '{ printf "%-28s %7d | %7.4f %7.3f | %7.4f %7.3f %6.4f | %7.4f | %s\n",
	    substr($1, 1, 28), $2, $3, $4, $5, $6, $7, $8, $5 < $8 ? "yes" : "no" }'
	if RECALL_DB="$db" "$RECALL" -q fit 2>/dev/null; then
		RECALL_DB="$db" "$RECALL" simulate --json --retention 0.90 |
		    jq -r --arg name "$(basename "$log")" '[$name,
		    .runs[1].retention, .runs[1].per_card, .runs[1].modifier,
		    .runs[2].retention, .runs[2].per_card, .runs[0].retention,
		    .runs[0].per_card] | @tsv' >>"$TMP/sim"
	fi
done

# Pooled over every log's scored reviews: the model's log loss and AUC
# from the predictions, the others' log loss weighted by reviews.
awk -F '\t' '{ n += $2; t += $2 * $3; m += $2 * $5; c += $2 * $8;
    beat += $5 < $8 } END {
	printf "\npooled over %d logs, %d reviews: log loss SM-2 %.4f, model %.4f, constant %.4f; the model below the constant on %d of %d\n",
	    NR, n, t / n, m / n, c / n, beat, NR }' "$TMP/scores"
sort -t, -k3,3g "$TMP/pooled.csv" | awk -F, '{ n++; y = $4; pos += y
    l += y ? -log($3) : -log(1 - $3); p[n] = $3; v[n] = y }
    END {
	# AUC from ranks, ties sharing their mean rank.
	for (i = 1; i <= n; i = j) {
		for (j = i; j <= n && p[j] == p[i]; j++);
		for (k = i; k < j; k++) if (v[k]) r += (i + j - 1) / 2
	}
	printf "pooled from the predictions: model log loss %.4f, AUC %.3f\n",
	    l / n, (r - pos * (pos + 1) / 2) / (pos * (n - pos))
    }'

if [ -s "$TMP/sim" ]; then
	printf '\nsimulated year at retention 0.90 (the log'"'"'s cards, retention of aimed reviews):\n'
	printf '%-28s | %-24s | %-16s | %s\n' "log" "SM-2 x modifier at 0.90" \
	    "model at 0.90" "SM-2 as it is"
	awk -F '\t' '{ printf "%-28s | %5.3f %5.1f/card x%-5.2f | %5.3f %5.1f/card | %5.3f %5.1f/card\n",
	    substr($1, 1, 28), $2, $3, $4, $5, $6, $7, $8 }' "$TMP/sim"
fi

if [ -x "$BIN/bench-model" ]; then
	printf '\nthe model'"'"'s core (bench-model, 1M synthetic reviews, median of 5):\n'
	"$BIN/bench-model" 1000000 5 | sed 's/^/  /'
fi

# A synthetic review log of BENCH_MODEL_ANSWERS answers (20 a card, recall
# falling with the time since the last review), imported and fitted.
if [ "${BENCH_MODEL_ANSWERS:-0}" -gt 0 ]; then
	awk -v n="$BENCH_MODEL_ANSWERS" 'BEGIN { srand(42)
	    print "card_id,review_time,review_rating,review_duration"
	    for (c = 1; c <= n / 20; c++) {
		t = 1577836800 + c * 97; iv = 1; gap = 0
		for (k = 0; k < 20; k++) {
			r = (k == 0 || rand() < 0.95 ^ (gap / iv)) ? 3 : 1
			if (r == 3 && rand() < 0.1) r = 4
			printf "%d,%.0f,%d,%d\n", c, t * 1000, r,
			    3000 + int(rand() * 9000)
			iv = r == 1 ? 1 : iv * (1.5 + rand())
			if (iv > 400) iv = 400
			gap = iv * (0.5 + rand())
			t += int(gap * 86400) + 3600
		}
	    } }' >"$TMP/synth.csv"
	export RECALL_NOW=2045-01-01T00:00:00Z
	RECALL_DB="$TMP/synth.db" "$BIN/bench-exec" -L import -- "$RECALL" -q \
	    import "$TMP/synth.csv" >"$TMP/import-time"
	for k in 1 2 3; do
		cp "$TMP/synth.db" "$TMP/synth-fit.db"
		RECALL_DB="$TMP/synth-fit.db" "$BIN/bench-exec" -L fit -- \
		    "$RECALL" -q fit
	done >"$TMP/fit-times"
	printf '\nsynthetic log of %s answers: %s; %s reviews to learn from\n' \
	    "$BENCH_MODEL_ANSWERS" "$(tr '\n' ' ' <"$TMP/import-time")" \
	    "$(RECALL_DB="$TMP/synth-fit.db" "$RECALL" fit --show --json |
	    jq '.fits[0].reviews')"
	awk -F '\t' '{ printf "  fit: %.0f ms, %.1f MB peak, exit %d\n", $2, $3 / 1024, $4 }' "$TMP/fit-times"
fi

if [ -n "${BENCH_MODEL_DB:-}" ]; then
	cp "$BENCH_MODEL_DB" "$TMP/big.db"
	n=$(sqlite3 "$TMP/big.db" "SELECT count(*) FROM reviews")
	RECALL_DB="$TMP/big.db" "$RECALL" -q set fit-min 100
	for k in 1 2 3; do
		RECALL_DB="$TMP/big.db" "$BIN/bench-exec" -L fit -- "$RECALL" -q fit
	done >"$TMP/fit-times"
	printf '\nfit on %s (%s answers):\n' "$(basename "$BENCH_MODEL_DB")" "$n"
	awk -F '\t' '{ printf "  fit: %.0f ms, %.1f MB peak, exit %d\n", $2, $3 / 1024, $4 }' "$TMP/fit-times"
fi
