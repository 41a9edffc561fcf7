#!/bin/sh
# A property of sync: three devices doing random things in a random order,
# syncing now and then, always end byte-identical once all have synced,
# and check passes on each.  SYNC_RUNS sets how many runs (default 4 in
# make check, which CI also runs under ASan: 20 runs took 170 s there;
# run it with SYNC_RUNS=300 for hundreds);
# SYNC_SEED replays one run: a failure prints its seed.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

runs=${SYNC_RUNS:-4}
first=${SYNC_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
[ -n "${SYNC_SEED:-}" ] && runs=1
echo "# first seed $first (SYNC_SEED=N SYNC_RUNS=1 replays one run)"

cat >"$TMP/deck.md" <<'EOF'
---
deck: prop
---
one :: 1
two :: 2
three :: 3
four :: 4
EOF

# state DB: the cards, local ids left out, in a fixed order.
state() {
	recall --db "$1" cards --json |
	    jq -S -c 'map(del(.id)) | sort_by(.front)'
}

# ops SEED: a random plan: lines "DEVICE OP CARD VALUE MINUTES", MINUTES
# the time that passes before it.
ops() {
	awk -v seed="$1" 'BEGIN {
		srand(seed)
		n = 12 + int(rand() * 12)
		for (i = 0; i < n; i++) {
			d = int(rand() * 3)
			r = rand()
			card = 1 + int(rand() * 4)
			if (r < 0.45)
				op = "answer " card " " int(rand() * 6)
			else if (r < 0.55)
				op = "suspend " card " -"
			else if (r < 0.62)
				op = "unsuspend " card " -"
			else if (r < 0.70)
				op = "edit " card " v" i
			else if (r < 0.75)
				op = "undo " card " -"
			else
				op = "sync - -"
			print d, op, 1 + int(rand() * 1440)
		}
	}'
}

bad=0
i=0
while [ "$i" -lt "$runs" ]; do
	seed=$((first + i))
	i=$((i + 1))
	dir="$TMP/run/dir"
	rm -rf "$TMP/run"
	mkdir -p "$dir"
	t=1770000000
	recall --db "$TMP/run/0.db" --now "$t" import "$TMP/deck.md" >/dev/null
	for d in 0 1 2; do
		recall --db "$TMP/run/$d.db" --now "$t" sync "$dir" >/dev/null
	done
	ops "$seed" >"$TMP/run/plan"
	while read -r d op a b m; do
		t=$((t + m * 60))
		case $op in
		answer)	set -- answer "$a" "$b" ;;
		edit)	set -- edit "$a" --back "$b" ;;
		undo)	set -- undo --card "$a" ;;
		suspend|unsuspend)
			set -- "$op" "$a" ;;
		sync)	set -- sync "$dir" ;;
		esac
		recall --db "$TMP/run/$d.db" --now "$t" -q "$@" \
		    >/dev/null 2>&1
	done <"$TMP/run/plan"
	t=$((t + 60))
	for d in 0 1 2 0 1; do
		recall --db "$TMP/run/$d.db" --now "$t" sync "$dir" \
		    >/dev/null 2>&1
	done
	s0=$(state "$TMP/run/0.db")
	ok=1
	for d in 1 2; do
		[ "$(state "$TMP/run/$d.db")" = "$s0" ] || ok=0
	done
	for d in 0 1 2; do
		recall --db "$TMP/run/$d.db" check >/dev/null 2>&1 || ok=0
	done
	if [ "$ok" -ne 1 ]; then
		bad=$((bad + 1))
		fail "run with seed $seed converges" \
		    "replay: SYNC_SEED=$seed SYNC_RUNS=1 $0" \
		    "$(cat "$TMP/run/plan")"
	fi
done
is "$runs random runs on 3 devices converge byte-identical, check passing" \
    "$bad" 0

done_testing
