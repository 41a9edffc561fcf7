# bench-table.awk OUT RESULTS: the table of bench.sh, from its results.
#
# OUT: "size<TAB>label<TAB>what the command printed" (search hits, cards
# exported).  RESULTS: "size<TAB>part<TAB>round<TAB>label<TAB>ms<TAB>peak
# KB<TAB>status<TAB>CPU ms", one line a measurement (CPU ms may be
# missing: an older bench-exec).  Every figure is a median over
# the rounds; every ratio is the median of the ratios within one round.
# The targets are those of the issue (at 1M cards and 5M reviews); each
# is checked at every size, PASS or MISS.

# median(a, n): the median of a[1..n] (sorts a).
function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	if (n == 0)
		return ""
	if (n % 2)
		return a[(n + 1) / 2]
	return (a[n / 2] + a[n / 2 + 1]) / 2
}

# stat(size, label, what): the median of one label's ms ("ms"), peak KB
# ("kb"), ms beyond --version in the same round ("extra"), over rounds.
function stat(size, label, what,   r, n, a, k) {
	n = 0
	for (r = 1; r <= rounds[size]; r++) {
		k = size SUBSEP label SUBSEP r
		if (!(k in ms))
			continue
		if (what == "ms")
			a[++n] = ms[k]
		else if (what == "kb")
			a[++n] = kb[k]
		else if (what == "cpu") {
			if (cpu[k] != "")
				a[++n] = cpu[k]
		} else if (what == "cpuextra") {
			if (cpu[k] != "" &&
			    (size SUBSEP "version" SUBSEP r) in cpu &&
			    cpu[size, "version", r] != "")
				a[++n] = cpu[k] - cpu[size, "version", r]
		}
		else if ((size SUBSEP "version" SUBSEP r) in ms)
			a[++n] = ms[k] - ms[size, "version", r]
	}
	return median(a, n)
}

# ratio(size, num, den): the median over rounds of ms[den] / ms[num], the
# speed of num against den (a ratio of rates: above 1, num is faster).
# With cputime set, the same of the CPU times.
function ratio(size, num, den, cputime,   r, n, a, x, y) {
	n = 0
	for (r = 1; r <= rounds[size]; r++) {
		if (!((size SUBSEP num SUBSEP r) in ms) ||
		    !((size SUBSEP den SUBSEP r) in ms))
			continue
		x = cputime ? cpu[size, num, r] : ms[size, num, r]
		y = cputime ? cpu[size, den, r] : ms[size, den, r]
		if (x != "" && y != "" && x > 0)
			a[++n] = y / x
	}
	return median(a, n)
}

# per_answer(size, cputime): the median over rounds of the time of a
# script of 101 answers less that of 1, over 100 (CPU time with cputime).
function per_answer(size, cputime,   r, n, a, k1, k2) {
	n = 0
	for (r = 1; r <= rounds[size]; r++) {
		k1 = size SUBSEP "answer-script1" SUBSEP r
		k2 = size SUBSEP "answer-script101" SUBSEP r
		if (!(k1 in ms) || !(k2 in ms))
			continue
		if (!cputime)
			a[++n] = (ms[k2] - ms[k1]) / 100
		else if (cpu[k1] != "" && cpu[k2] != "")
			a[++n] = (cpu[k2] - cpu[k1]) / 100
	}
	return median(a, n)
}

function cards(n) {
	if (n >= 1000000 && n % 1000000 == 0)
		return (n / 1000000) "M"
	if (n >= 1000 && n % 1000 == 0)
		return (n / 1000) "k"
	return n
}

function mb(k) {
	return k == "" ? "" : sprintf("%.1f MB", k / 1024)
}

# verdict(value, op, limit): PASS or MISS.
function verdict(v, op, limit) {
	if (v == "")
		return "n/a"
	v += 0
	limit += 0
	if (op == "<=")
		return v <= limit ? "PASS" : "MISS"
	return v >= limit ? "PASS" : "MISS"
}

function row(size, what, value, extra, rss, target, result, cputime) {
	printf("%-5s %-37s %12s %10s %13s %9s  %-20s %s\n", cards(size), what,
	    value, extra, cputime, rss, target, result)
}

# A timed command: its median, beyond start (wall and CPU), peak RSS and
# target; the verdict is the wall time's, and the CPU time's beside it
# when it differs (on a busy machine the wall time waits for a core).
function command(size, label, what, limit,   m, e, t, v, c, ce, cv) {
	m = stat(size, label, "ms")
	if (m == "")
		return
	e = stat(size, label, "extra")
	ce = stat(size, label, "cpuextra")
	t = v = ""
	if (limit != "") {
		t = "<= " limit " ms beyond"
		v = verdict(e, "<=", limit)
		if (ce != "" && (cv = verdict(ce, "<=", limit)) != v)
			v = v " (CPU: " cv ")"
	}
	if ((size SUBSEP label) in printed)
		what = what " (" printed[size, label] ")"
	c = stat(size, label, "cpu")
	row(size, what, sprintf("%.2f ms", m), sprintf("%+.2f", e),
	    mb(stat(size, label, "kb")), t, v, c == "" ? "" : \
	    sprintf("%.1f", c) (ce == "" ? "" : sprintf(" %+.1f", ce)))
}

# An import: cards a second, and the peak RSS against 20 MB.
function import(size, label, what,   m, k, c) {
	m = stat(size, label, "ms")
	if (m == "")
		return
	k = stat(size, label, "kb")
	c = stat(size, label, "cpu")
	row(size, what, sprintf("%.0f c/s", size / (m / 1000)),
	    sprintf("%.2f s", m / 1000), mb(k),
	    label ~ /^(first|unchanged|edited)$/ ? "RSS <= 20 MB" : "",
	    label ~ /^(first|unchanged|edited)$/ ? verdict(k, "<=", 20480) : "",
	    c == "" ? "" : sprintf("%.2f s", c / 1000))
}

# A ratio of speeds, of the wall times and (CPU column) of the CPU times.
function speed(size, num, den, what, limit,   v, c, t) {
	v = ratio(size, num, den, 0)
	if (v == "")
		return
	c = ratio(size, num, den, 1)
	t = ""
	if (limit != "") {
		t = verdict(v, ">=", limit)
		if (c != "" && verdict(c, ">=", limit) != t)
			t = t " (CPU: " verdict(c, ">=", limit) ")"
	}
	row(size, what, sprintf("%.2fx", v), "", "",
	    limit != "" ? ">= " limit "x" : "", t,
	    c == "" ? "" : sprintf("%.2fx", c))
}

FILENAME == ARGV[1] {
	printed[$1, $2] = $3
	next
}
{
	k = $1 SUBSEP $4 SUBSEP $3
	ms[k] = $5
	kb[k] = $6
	cpu[k] = $8
	if ($3 > rounds[$1])
		rounds[$1] = $3
	if (!($1 in seen)) {
		seen[$1] = 1
		order[++nsizes] = $1
	}
	part[$1, $2] = 1
	if ($7 != 0 && $4 !~ /^cards-head/)
		bad[$1, $4] = $7
}
END {
	printf("%-5s %-37s %12s %10s %13s %9s  %-20s %s\n", "cards", "measure",
	    "median", "wall", "CPU", "peak RSS", "target", "verdict")
	for (i = 1; i <= nsizes; i++) {
		n = order[i]
		if ((n SUBSEP "import") in part) {
			import(n, "first", "import: recall, first import")
			import(n, "unchanged", "import: recall, again unchanged")
			import(n, "edited", "import: recall, again, 10% edited")
			import(n, "limit-a", "limit (a): INSERT, recall's schema")
			import(n, "limit-b", "limit (b): INSERT, bare table")
			if ((n SUBSEP "peer" SUBSEP 1) in ms)
				import(n, "peer", "peer: Mnemosyne")
			else if (have_peer)
				row(n, "peer: Mnemosyne", "not run", "", "",
				    "", "(over " cards(peer_max) " cards: " \
				    "too slow to repeat)")
			else
				row(n, "peer: Mnemosyne", "not installed",
				    "", "", "", "")
			speed(n, "first", "limit-b", "first import / limit (b)",
			    "0.7")
			speed(n, "first", "limit-a", "first import / limit (a)",
			    "")
			speed(n, "limit-a", "limit-b", "limit (a) / limit (b)",
			    "")
			speed(n, "first", "peer", "first import / Mnemosyne",
			    "10")
			if (i > 1 && ((order[1] SUBSEP "import") in part)) {
				a = stat(order[1], "first", "kb")
				b = stat(n, "first", "kb")
				if (a > 0)
					row(n, "import RSS / RSS at " cards(order[1]),
					    sprintf("%.2fx", b / a), "", "", "flat",
					    "")
			}
		}
		if ((n SUBSEP "commands") in part) {
			command(n, "version", "--version (process start)", "")
			command(n, "status", "status", 10)
			command(n, "due-json", "due --json", "")
			command(n, "due-deck", "due DECK", 10)
			command(n, "deck-list", "deck list", 10)
			command(n, "cards-head", "cards --deck D | head -20", 10)
			command(n, "cards-head-ign",
			    "the same, SIGPIPE ignored", 10)
			command(n, "search-literal", "search literal", 50)
			command(n, "search-regex-lit", "search regex, literal", 50)
			command(n, "search-regex-nolit", "search regex, no literal",
			    "")
			command(n, "stats", "stats", 200)
			command(n, "export", "export --deck (largest)", "")
			e = stat(n, "export", "extra")
			split(printed[n, "export"], w, " ")
			if (e != "" && w[1] > 0) {
				pc = e * 1000 / w[1]
				t = v = ""
				if (prev_pc != "") {
					t = "linear: <= 1.5x " cards(prev_n)
					v = verdict(pc / prev_pc, "<=", 1.5)
				}
				row(n, "export, per card beyond start",
				    sprintf("%.2f us", pc), "", "", t, v)
				prev_pc = pc
				prev_n = n
			}
			m = stat(n, "check", "ms")
			c = stat(n, "check", "cpu")
			if (m != "")
				row(n, "check (" cards(5 * n) " reviews)",
				    sprintf("%.2f s", m / 1000),
				    sprintf("%+.2f", stat(n, "check", "extra") / 1000),
				    mb(stat(n, "check", "kb")), "<= 10 s",
				    verdict(m / 1000, "<=", 10), c == "" ? "" : \
				    sprintf("%.2f s", c / 1000))
			command(n, "answer-oneshot", "answer, one-shot", "")
			a = per_answer(n, 0)
			c = per_answer(n, 1)
			v = verdict(a, "<=", 0.3)
			if (c != "" && verdict(c, "<=", 0.3) != v)
				v = v " (CPU: " verdict(c, "<=", 0.3) ")"
			if (a != "")
				row(n, "answer, each in a script", sprintf("%.3f ms", a),
				    "", mb(stat(n, "answer-script101", "kb")),
				    "<= 0.3 ms", v, c == "" ? "" : sprintf("%.3f", c))
		}
	}
	for (k in bad) {
		split(k, w, SUBSEP)
		printf("failed: %s at %s cards (exit status %s)\n", w[2],
		    cards(w[1]), bad[k])
	}
}
