#!/bin/sh
# make-collection.sh OUT.db [CARDS] [REVIEWS]
#
# Build a big, realistic recall collection for the benchmark, fast:
# 1000000 cards and 5000000 review log rows by default (about 1.5 minutes
# and 860 MB on 2 cores, then about 50 s for `recall check`).
#
# The real binary ($RECALL, default ./recall) creates the collection, so its
# schema, application_id and user_version are exactly recall's: 20 decks
# on both tracks, with a few deck options and settings.  Then one sqlite3
# transaction bulk-inserts the cards and their review logs, made with
# recursive CTEs, with recall's indexes and triggers in place: the triggers
# fill layer_counts, due_days and daily as the rows go in (they cost
# little: dropping them and the indexes for the load, and building all
# afterwards, saved nothing measurable), and the script checks the three
# against a recount, every column.  The search index (cards_text) is built
# at the end of the transaction in one statement, so that the collection
# has no card waiting for it, as after any command of recall.
#
# The data are deterministic (hashes of the card id, no random()), "today"
# is fixed (BENCH_NOW, default 2026-11-26T12:00:00Z, days counted in UTC
# from the default 4:00 rollover), and the logs are real SM-2 histories:
# every review row is what recall's scheduler gives from the one before it
# (the decks have fuzz off so that SQL can compute the schedule), so
# `recall check` replays the whole log without a difference; the script
# runs it at the end (BENCH_CHECK=0 skips it).
#
# About 30% of the cards are new (more in the deeper layers), 1% are
# suspended; the others have 2 to about 13 log rows (mean REVIEWS over the
# reviewed cards; same-day repeats after answers below 4 included), the
# more the harder the card; their last answer was a random part of their
# last interval ago, so most are due in the future and about a fifth are
# overdue (more on the want track), and about 700 were answered today
# (70 of them new), under every deck's daily limits.
#
# Environment: RECALL, BENCH_NOW, BENCH_CHECK (above).

set -eu

usage() {
	echo "usage: $0 OUT.db [CARDS] [REVIEWS]" >&2
	exit 2
}

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
	usage
fi
OUT=$1
CARDS=${2:-1000000}
REVIEWS=${3:-5000000}
RECALL=${RECALL:-./recall}
NOW=${BENCH_NOW:-2026-11-26T12:00:00Z}
TZ=UTC
export TZ

case $CARDS in '' | *[!0-9]*) usage ;; esac
case $REVIEWS in '' | *[!0-9]*) usage ;; esac
[ "$CARDS" -ge 100 ] || { echo "$0: CARDS must be at least 100" >&2; exit 2; }
command -v sqlite3 >/dev/null 2>&1 ||
	{ echo "$0: needs the sqlite3 command-line shell" >&2; exit 1; }
[ -x "$RECALL" ] || command -v "$RECALL" >/dev/null 2>&1 ||
	{ echo "$0: no recall binary '$RECALL' (set RECALL)" >&2; exit 1; }

now_ms() {
	date +%s%N | cut -c1-13
}

# h SEED MULT: an SQL expression for a hash of SEED (a positive integer
# expression) in [0, 2147483647): a multiplication, a squaring and a
# Lehmer step modulo 2^31 - 1, all inside 64-bit integers.
h() {
	_x="(((($1) % 2147483647) * $2) % 2147483647)"
	printf '((((%s * %s + 12345) %% 2147483647) * 48271) %% 2147483647)' \
	    "$_x" "$_x"
}

rm -f "$OUT" "$OUT-wal" "$OUT-shm" "$OUT-journal"
trap 'rm -f "$OUT" "$OUT-wal" "$OUT-shm" "$OUT-journal"' EXIT
trap 'exit 1' HUP INT TERM
start=$(now_ms)

# The decks: name, track, weight, share of the cards (percent), settings.
# Every deck has fuzz off, so that the SQL below schedules exactly as
# recall does (fuzz is a hash SQLite's integers cannot compute).
DECKS='lang::japanese::vocab need 3 20 reviews-per-day=1000 new-per-day=30
lang::japanese::kanji need 2 12 reviews-per-day=500
lang::german want 1 10
cs::algorithms need 2 8 layer-gate=60
cs::systems::linux need 1 7
ml::transformers need 2 6 layer-gate=50 new-per-day=10
ml::reinforcement need 1 5
math::linear-algebra need 1.5 5 start-ease=2.3
math::probability need 1 4
med::anatomy need 2 4 reviews-per-day=400
med::pharmacology need 1 3 leech-threshold=10
history::europe want 1 3
geography::capitals want 0.5 3 layer-gate=0
music::theory want 1 2
chess::openings want 2 2
bio::genetics need 1 2
chem::organic need 1 1
physics::quantum want 1 1 new-per-day=5
law::contracts need 0.5 1
cooking want 1 1 reviews-per-day=50'

script=$(echo "$DECKS" | while read -r name track weight share settings; do
	echo "deck new '$name' --track $track --weight $weight"
	echo "deck set '$name' fuzz off"
	for kv in $settings; do
		echo "deck set '$name' ${kv%%=*} ${kv#*=}"
	done
done)
shares=$(echo "$DECKS" | while read -r name track weight share settings; do
	printf "('%s', %s),\n" "$name" "$share"
done)
shares=${shares%,}

# Decks made long before the cards.
printf '%s\nset rollover 4\nset window 14\nset session 25m\n' "$script" |
    "$RECALL" --db "$OUT" --now 2000-01-01T00:00:00Z -q -f - >/dev/null

# Today's day number: days since 1970 in UTC, starting at 4:00 (recall's
# default rollover, which stays).
TODAY=$(sqlite3 :memory: \
    "SELECT (CAST(strftime('%s', '$NOW') AS INTEGER) - 14400) / 86400")

# One step of a card's review log, from the row before (r) and a row t of
# gtab, which gives the grade (t.g), whether it is a same-day repeat (t.rep)
# and the change of ease SM-2 makes for the grade (t.de).  TCODE picks t:
# a draw (r.nx: the card's difficulty and a hash) and four conditions.
TCODE='r.nx + 400 * ((r.sch = 1 AND r.g < 4) + 2 * (coalesce(r.da, 0) > 730)
	+ 4 * (r.k >= r.n - 3) + 8 * (r.la >= 6))'
REP='t.rep'
G='t.g'
DELAY='(CASE WHEN r.ny % 100 < 55 THEN 0 WHEN r.ny % 100 < 75 THEN 1
	WHEN r.ny % 100 < 87 THEN 2 + (r.ny / 100) % 3
	WHEN r.ny % 100 < 96 THEN 5 + (r.ny / 100) % 10
	ELSE 15 + (r.ny / 100) % 45 END)'
DAY="(CASE WHEN $REP THEN r.day WHEN r.k = 0 THEN 0 ELSE r.da + $DELAY END)"
# SM-2 exactly as sm2_next() computes it; C's round() of a positive double
# is the integer part plus one when the fraction is at least a half.
X='(r.ia * r.ea)'
ROUND="(CAST($X AS INTEGER) + ($X - CAST($X AS INTEGER) >= 0.5))"
RA="(CASE WHEN $REP THEN r.ra WHEN $G >= 3 THEN r.ra + 1 ELSE 0 END)"
EA="(CASE WHEN $REP THEN r.ea ELSE max(1.3, r.ea + t.de) END)"
IA="(CASE WHEN $REP THEN r.ia ELSE min(36500, CASE WHEN $G < 3 THEN 1
	WHEN r.ra = 0 THEN 1 WHEN r.ra = 1 THEN 6 ELSE $ROUND END) END)"
DA="(CASE WHEN $REP THEN r.da ELSE $DAY + $IA END)"
LA="(r.la + (NOT $REP AND $G < 3))"
PA="(CASE WHEN NOT $REP AND $G >= 3 THEN 1 ELSE r.pa END)"

# A card is created before its first answer, or in the last 400 days.
CREATED='(CASE WHEN f.card IS NULL
	THEN (pr.today - 1 - p.hc % 400) * 86400 + 14400 + p.hd % 68400
	ELSE (f.off - 1 - p.hc % 30) * 86400 + 14400 + p.hd % 68400 END)'

# Text for the cards.
LOREM='Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur Excepteur sint occaecat cupidatat non proident sunt in culpa qui officia deserunt mollit anim id est laborum Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium totam rem aperiam eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugit sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt'

sqlite3 -bail "$OUT" >/dev/null <<EOF
.timer off
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576;
PRAGMA temp_store = MEMORY;
BEGIN;

CREATE TEMP TABLE params AS SELECT $TODAY AS today, $CARDS AS ncards,
	$REVIEWS AS nreviews, '$LOREM' AS lorem;

-- Which deck a block of 256 cards goes to, by the decks' shares.
CREATE TEMP TABLE share (name TEXT PRIMARY KEY, pct INTEGER);
INSERT INTO share VALUES $shares;
CREATE TEMP TABLE dmap AS
	SELECT d.id AS deck, d.start_ease AS ease0, d.track AS track,
		replace(d.name, '::', ' / ') AS topic,
		sum(s.pct) OVER (ORDER BY d.id) AS hi
	FROM decks d JOIN share s ON s.name = d.name;
CREATE TEMP TABLE dtot AS SELECT max(hi) AS total FROM dmap;

-- The answers.  Drawn grades by how hard a card is (0-3: the more answers,
-- the harder), in percent of 0, 1, 2, 3, 4 (5 the rest).  Then: after an
-- answer below 4 that moved the schedule comes a same-day repeat, graded
-- 4 or 5 (rep); else a card due more than two years after its first
-- answer has been forgotten, graded 2 (hor: so that no log spans decades);
-- the last three answers are 4 or 5 (end: so that few cards are left in
-- the one-day interval after a lapse, which in life lasts a day); a card
-- lapses at most 6 times (la6: no leeches).  de is SM-2's change of ease,
-- computed as sm2_next() does.
CREATE TEMP TABLE gdist (diff INTEGER PRIMARY KEY, c0, c1, c2, c3, c4);
INSERT INTO gdist VALUES (0, 1, 3, 7, 17, 72), (1, 2, 5, 13, 30, 80),
	(2, 3, 8, 20, 42, 87), (3, 5, 13, 30, 55, 93);
CREATE TEMP TABLE gdraw AS SELECT value AS x,
	CASE WHEN value % 100 < c0 THEN 0 WHEN value % 100 < c1 THEN 1
	WHEN value % 100 < c2 THEN 2 WHEN value % 100 < c3 THEN 3
	WHEN value % 100 < c4 THEN 4 ELSE 5 END AS g,
	CASE WHEN value % 4 = 0 THEN 5 ELSE 4 END AS rg
	FROM generate_series(0, 399) JOIN gdist ON diff = value / 100;
CREATE TEMP TABLE gtab (code INTEGER PRIMARY KEY, g INTEGER, rep INTEGER,
	de REAL);
INSERT INTO gtab (code, g, rep) SELECT f.value * 400 + x,
	CASE WHEN f.value & 1 THEN rg WHEN f.value & 2 THEN 2 + (f.value >= 8)
	WHEN f.value & 4 THEN max(4, g) WHEN f.value & 8 THEN max(3, g)
	ELSE g END, f.value & 1
	FROM gdraw JOIN generate_series(0, 15) AS f;
UPDATE gtab SET de = 0.1 - (5.0 - g) * (0.08 + (5.0 - g) * 0.02);

-- Each card: its deck, layer (skim 50%, explore 30%, deepen 20%), whether
-- it is new (10%, 40%, 65% by layer: 30% in all), suspended (1%).
CREATE TEMP TABLE dlook (x INTEGER PRIMARY KEY, deck INTEGER, ease0 REAL,
	want INTEGER);
INSERT INTO dlook SELECT value, deck, ease0, track = 'want'
	FROM generate_series(0, (SELECT total FROM dtot) - 1)
	JOIN dmap ON dmap.deck = (SELECT deck FROM dmap WHERE hi > value
		ORDER BY hi LIMIT 1);
CREATE TEMP TABLE hash AS SELECT value AS id,
	$(h "((value - 1) / 256) * 8 + 1" 16807) % (SELECT total FROM dtot) AS hb,
	$(h "value * 8 + 2" 48271) AS hl,
	$(h "value * 8 + 3" 69621) AS hc,
	$(h "value * 8 + 4" 39373) AS hd
	FROM generate_series(1, $CARDS);
CREATE TEMP TABLE plan (id INTEGER PRIMARY KEY, deck INTEGER, want INTEGER,
	layer TEXT, isnew INTEGER, susp INTEGER, n INTEGER, diff INTEGER,
	lag0 INTEGER, lagf REAL, ease0 REAL, hc INTEGER, hd INTEGER);
INSERT INTO plan (id, deck, want, layer, isnew, susp, ease0, hc, hd)
SELECT id, k.deck, k.want,
	CASE WHEN hl % 100 < 50 THEN 'skim' WHEN hl % 100 < 80 THEN 'explore'
	ELSE 'deepen' END,
	CASE WHEN hl % 100 < 50 THEN (hl / 100) % 100 < 10
	WHEN hl % 100 < 80 THEN (hl / 100) % 100 < 40
	ELSE (hl / 100) % 100 < 65 END,
	(hl / 10000) % 100 = 0, k.ease0, hc, hd
FROM hash JOIN dlook k ON k.x = hash.hb ORDER BY id;
DROP TABLE hash;

-- Answers (log rows) per reviewed card: uniform from 2 to about twice the
-- mean that gives REVIEWS rows; the more, the harder the card.  About 700
-- cards were last answered today (lag0), a tenth of them for the first
-- time; the others, a random part of their last interval (at most a
-- year of it) ago: lagf, up to 1.12 of it on the need track, 1.4 on the
-- want track, so that about 11% and 29% of them are overdue.
CREATE TEMP TABLE stats AS SELECT count(*) AS reviewed,
	max(1.0, (SELECT nreviews FROM params) * 1.0 / max(count(*), 1)) AS mean
	FROM plan WHERE isnew = 0;
UPDATE plan SET
	lag0 = hd % max(1000, (SELECT reviewed FROM stats) / 700) = 0,
	lagf = (hd / 1000) % 10000 / 10000.0 * CASE WHEN want THEN 1.4
		ELSE 1.12 END
	WHERE isnew = 0;
UPDATE plan SET n = CASE WHEN lag0 AND hc % 10 = 0 THEN 1
	ELSE 2 + CAST((hc % 1000003) * max(0, 2 * (SELECT mean FROM stats) - 4)
		/ 1000003 + 0.5 AS INTEGER) END
	WHERE isnew = 0;
UPDATE plan SET diff = min(3, CAST((n - 1) * 4.0
	/ (2 * (SELECT mean FROM stats) - 1) AS INTEGER)) WHERE isnew = 0;

-- The review logs, on days counted from each card's first answer (day 0);
-- k = 0 is the state before the first answer.
CREATE TEMP TABLE chain AS
WITH RECURSIVE ch (card, n, k, day, g, sch, rb, eb, ib, db, lb, pb,
	ra, ea, ia, da, la, pa, cnt, s0, extra, dur, nx, ny) AS (
	SELECT id, n, 0, 0, 5, 0, 0, ease0, 0, NULL, 0, 0,
		0, ease0, 0, NULL, 0, 0, 0, 0, 0, 0,
		diff * 100 + $(h "id * 256 + 1" 16807) % 100,
		$(h "id * 256 + 1" 48271)
	FROM plan WHERE isnew = 0
	UNION ALL
	SELECT r.card, r.n, r.k + 1, $DAY, $G, CASE WHEN $REP THEN 0 ELSE 1 END,
		r.ra, r.ea, r.ia, r.da, r.la, r.pa,
		$RA, $EA, $IA, $DA, $LA, $PA, r.cnt + (NOT $REP),
		CASE WHEN $REP THEN r.s0 ELSE (r.ny / 128) % 68400 END,
		CASE WHEN $REP THEN r.extra + 20 + r.ny % 600 ELSE 0 END,
		CASE WHEN (r.ny / 64) % 40 = 0 THEN 60000
		ELSE 1200 + (r.ny / 4096) % 25000 END,
		r.nx / 100 * 100 + $(h "r.card * 256 + r.k + 2" 16807) % 100,
		$(h "r.card * 256 + r.k + 2" 48271)
	FROM ch r JOIN gtab t ON t.code = $TCODE
	WHERE r.k < r.n
)
SELECT card, k, day, g, sch, rb, eb, ib, db, lb, pb, ra, ea, ia, da, la,
	cnt, pa, s0, extra, dur, k = n AS last
FROM ch WHERE k > 0;

-- Each reviewed card's last state, and the shift of its days that puts
-- its last answer today (lag0) or lagf of its last interval (at least a
-- day) before.
CREATE TEMP TABLE fin (card INTEGER PRIMARY KEY, off INTEGER, ra, ea, ia,
	da, la, pa, cnt);
INSERT INTO fin SELECT c.card, (SELECT today FROM params) - c.day
	- CASE WHEN p.lag0 THEN 0
	ELSE 1 + CAST(p.lagf * min(c.ia, 365) AS INTEGER) END,
	c.ra, c.ea, c.ia, c.da, c.la, c.pa, c.cnt
	FROM chain c JOIN plan p ON p.id = c.card WHERE c.last;

INSERT INTO cards (id, deck_id, kind, cloze, front, back, note, context,
	layer, tags, source, source_line, created, modified, initial_ease,
	repetition, ease, interval, due, reviews, passed, lapses, suspended,
	buried_until, leech)
SELECT p.id, p.deck,
	CASE WHEN p.hc % 20 = 0 THEN 'cloze' WHEN p.hc % 10 = 1 THEN 'reverse'
	ELSE 'basic' END,
	CASE WHEN p.hc % 20 = 0 THEN 1 + (p.hc / 20) % 3 ELSE 0 END,
	CASE WHEN p.hc % 20 = 0 THEN printf('%s: %s {{%s}} %s', d.topic,
		substr(pr.lorem, 1 + p.hc % 500, 20 + (p.hc / 500) % 60),
		substr(pr.lorem, 1 + p.hd % 500, 5 + (p.hd / 500) % 15),
		substr(pr.lorem, 1 + p.hc % 300, 10 + (p.hd / 500) % 30))
	ELSE printf('%s: %s?', d.topic,
		substr(pr.lorem, 1 + p.hc % 500, 20 + (p.hc / 500) % 90)) END,
	substr(pr.lorem, 1 + p.hd % 400, 15 + (p.hd / 400) % 180),
	CASE WHEN p.hd % 7 = 0 THEN substr(pr.lorem, 1 + p.hc % 300, 60) END,
	printf('Chapter %d > Section %d.%d', 1 + p.hd % 30,
		1 + p.hd % 30, 1 + (p.hd / 30) % 12),
	p.layer,
	CASE p.hc % 8 WHEN 0 THEN 'core' WHEN 1 THEN 'exam' WHEN 2
	THEN 'core exam' WHEN 3 THEN 'todo' ELSE '' END,
	CASE WHEN p.hd % 5 < 2 THEN printf('notes/%s/ch%02d.md',
		replace(d.topic, ' / ', '/'), 1 + p.hd % 30) END,
	CASE WHEN p.hd % 5 < 2 THEN 1 + (p.hd / 5) % 900 END,
	$CREATED, $CREATED, p.ease0,
	coalesce(f.ra, 0), coalesce(f.ea, p.ease0), coalesce(f.ia, 0),
	f.da + f.off, coalesce(f.cnt, 0), coalesce(f.pa, 0),
	coalesce(f.la, 0), p.susp,
	CASE WHEN f.da + f.off <= pr.today AND p.hd % 200 = 0
	THEN pr.today + 1 ELSE 0 END,
	0
FROM plan p JOIN dmap d ON d.deck = p.deck
	LEFT JOIN fin f ON f.card = p.id
	JOIN params pr
ORDER BY p.id;

-- The log in the order it was written: by time.  An answer today was
-- before noon (BENCH_NOW's time).
INSERT INTO reviews (card_id, time, day, grade, duration, scheduled, fuzz,
	rep_before, ease_before, interval_before, due_before, lapses_before,
	passed_before, rep_after, ease_after, interval_after, due_after,
	lapses_after, leeched, deck_id)
SELECT c.card,
	(c.day + f.off) * 86400 + 14400 + c.extra + CASE
	WHEN c.day + f.off = pr.today THEN c.s0 % 25200 ELSE c.s0 END AS t,
	c.day + f.off, c.g, c.dur, c.sch, 0,
	c.rb, c.eb, c.ib, c.db + f.off, c.lb, c.pb,
	c.ra, c.ea, c.ia, c.da + f.off, c.la, 0, p.deck
FROM chain c JOIN fin f ON f.card = c.card JOIN plan p ON p.id = c.card
	JOIN params pr
ORDER BY t, c.card, c.k;

DROP TABLE chain;
DROP TABLE fin;

-- The search index, as recall's first commit would make it from the queue
-- the triggers filled (store_commit), in one statement.
INSERT INTO cards_text (cards_text) VALUES ('rebuild');
DELETE FROM cards_text_pending;
COMMIT;
PRAGMA journal_mode = WAL;
EOF

trap - EXIT
gen_ms=$(($(now_ms) - start))

# The caches the triggers kept must equal counting afresh, every column.
bad=$(sqlite3 "$OUT" "
SELECT (SELECT count(*) FROM (
	SELECT deck_id, layer, cards, passed, fresh FROM layer_counts
	WHERE cards != 0
	EXCEPT SELECT deck_id, layer, count(*), sum(passed), sum(due IS NULL)
	FROM cards WHERE suspended = 0 GROUP BY deck_id, layer))
 + (SELECT count(*) FROM (
	SELECT deck_id, due, cards FROM due_days
	EXCEPT SELECT deck_id, due, count(*) FROM cards
	WHERE due IS NOT NULL AND suspended = 0 GROUP BY deck_id, due))
 + (SELECT count(*) FROM (
	SELECT deck_id, day, reviews, fresh, ms FROM daily
	EXCEPT SELECT deck_id, day, sum(scheduled AND due_before IS NOT NULL),
	sum(scheduled AND due_before IS NULL), sum(duration)
	FROM reviews GROUP BY deck_id, day))")
if [ "$bad" != 0 ]; then
	echo "$0: $OUT: $bad layer_counts/due_days/daily rows differ from" \
	    "a recount" >&2
	exit 1
fi

sqlite3 "$OUT" "
SELECT printf('%s: %d cards (%d new, %d suspended, %d due by day %d), '
	|| '%d reviews (%d today), %d decks; built in %.1f s, %.0f MB',
	'$OUT', (SELECT count(*) FROM cards),
	(SELECT count(*) FROM cards WHERE due IS NULL),
	(SELECT count(*) FROM cards WHERE suspended),
	(SELECT count(*) FROM cards WHERE due <= $TODAY AND suspended = 0),
	$TODAY, (SELECT max(id) FROM reviews),
	(SELECT count(*) FROM reviews WHERE day = $TODAY),
	(SELECT count(*) FROM decks), $gen_ms / 1000.0,
	(SELECT page_count * page_size FROM pragma_page_count,
		pragma_page_size) / 1048576.0)"

if [ "${BENCH_CHECK:-1}" != 0 ]; then
	t0=$(now_ms)
	if ! "$RECALL" --db "$OUT" --now "$NOW" check >"$OUT.check" 2>&1; then
		echo "$0: recall check failed on $OUT (see $OUT.check):" >&2
		head -n 5 "$OUT.check" >&2
		exit 1
	fi
	echo "recall check: $(tail -n 1 "$OUT.check") ($(($(now_ms) - t0)) ms)"
	rm -f "$OUT.check"
fi
