#!/bin/sh
# make-summaries.sh OUTDIR CARDS [EDITED]
#
# Write CARDS cards of realistic summary text into OUTDIR, in 20 decks of
# different sizes (10% of the cards down to 3%), one file per 50,000 cards
# of a deck: front matter (deck, track, tags), a title, the three layer
# sections (skim 50%, explore 30%, deepen 20% of each file), a subtopic
# heading every 100 cards, a line of prose now and then, and one card a
# line, "front :: back", a tenth of them with a #tag.  Fronts are a
# phrase and a coined term unique to the card; backs are 8 to 24 words
# drawn from a vocabulary with a Zipf-like skew (so a rare word matches
# few cards, as in life), some with a year.
#
# With EDITED (a percentage, e.g. 10), the back of every card whose
# number is below EDITED modulo 100 (so 10 gives a tenth of the cards,
# spread evenly) is changed, its front and place kept: the files of a
# re-import after editing a summary.  Everything is deterministic (hashes
# of the card number), so the same CARDS gives the same files.

set -eu

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 OUTDIR CARDS [EDITED]" >&2
	exit 2
fi
OUT=$1
CARDS=$2
EDITED=${3:-0}
case $CARDS in '' | *[!0-9]*) echo "$0: CARDS: not a number" >&2; exit 2 ;; esac
case $EDITED in '' | *[!0-9]*) echo "$0: EDITED: not a number" >&2; exit 2 ;; esac
[ "$CARDS" -ge 100 ] || { echo "$0: CARDS must be at least 100" >&2; exit 2; }

mkdir -p "$OUT"
rm -f "$OUT"/*.md

LC_ALL=C awk -v out="$OUT" -v ncards="$CARDS" -v edited="$EDITED" '
# h(x): a hash of a non-negative integer in [0, 2147483647): two Lehmer
# steps, every product below 2^53 so that awk (doubles) computes it
# exactly.
function h(x) {
	x = (x % 2147483646) + 1
	x = (x * 48271) % 2147483647
	x = (x * 48271) % 2147483647
	return x
}
# A word of the vocabulary, skewed to the first ones: u^3 of a uniform u.
function word(x,   u) {
	u = (h(x) % 1000000) / 1000000
	return vocab[int(nvocab * u * u * u) + 1]
}
# The coined term of card n: n written in base 24 with one syllable a
# digit, so that every card has its own.
function term(n,   s, d) {
	s = ""
	do {
		d = n % 24
		s = s syl[d + 1]
		n = int(n / 24)
	} while (n > 0)
	return s
}
function cap(w) {
	return toupper(substr(w, 1, 1)) substr(w, 2)
}
function front(n,   x) {
	x = h(n * 7 + 1)
	return cap(word(x)) " " word(x + 1) " " link[x % 6 + 1] " " term(n)
}
function back(n, salt,   x, len, i, s, w) {
	x = h(n * 13 + 5 + salt * 1000003)
	len = 8 + x % 17
	s = cap(word(x + 11))
	for (i = 2; i <= len; i++) {
		w = word(x + i * 31)
		s = s ((h(x + i) % 9 == 0) ? ", " : " ") w
	}
	if (x % 7 == 0)
		s = s " in " (1500 + x % 520)
	return s "."
}
BEGIN {
	nvocab = split("the of and a in to is that for it as with was on be " \
	    "by an are from at or which this not its their one has have " \
	    "more can all when other into than only two most also used " \
	    "between each both first same under through where after while " \
	    "because over such these those then time form energy system " \
	    "process cell water light model field force structure function " \
	    "surface value change rate state order point group term number " \
	    "pressure temperature density protein membrane signal network " \
	    "layer language word meaning sound rule law market price trade " \
	    "river mountain coast island city empire war treaty king church " \
	    "theory proof equation matrix vector graph tree algorithm memory " \
	    "compiler kernel thread lock queue cache index query table " \
	    "gradient loss weight attention token embedding sample variance " \
	    "estimate bias error measure distribution probability expected " \
	    "enzyme receptor nucleus mitochondria ribosome chromosome gene " \
	    "mutation species habitat predator climate glacier volcano " \
	    "sediment erosion mineral crystal lattice electron photon quantum " \
	    "spin orbit magnet current voltage resistance circuit wave " \
	    "frequency harmonic chord scale rhythm melody opening gambit " \
	    "endgame pawn bishop knight rook contract liability tort statute " \
	    "plaintiff verdict appeal dough yeast ferment braise emulsion " \
	    "sauce caramel vinegar saffron cathedral fresco sonnet metaphor " \
	    "irony narrator dynasty republic senate province harbour canal " \
	    "aqueduct telescope parallax nebula supernova pulsar quasar " \
	    "isotope catalyst polymer solvent titration equilibrium entropy " \
	    "enthalpy viscosity turbulence diffusion osmosis photosynthesis " \
	    "respiration hormone neuron synapse cortex axon dendrite antibody " \
	    "vaccine pathogen lymphocyte artery ventricle kidney liver " \
	    "pancreas femur tendon cartilage", vocab, " ")
	split("ka lo mi ne ru sa ti vo ze ha ji ko lu ma ni pe ra so tu ve " \
	    "wa xe yo zu", syl, " ")
	split("of|in|and|as|for|under", link, "|")
	ndecks = split("biology::cells|biology::genetics|chemistry::organic|" \
	    "chemistry::physical|physics::mechanics|physics::quantum|" \
	    "medicine::anatomy|medicine::pharmacology|history::rome|" \
	    "history::europe|geography::rivers|lang::german::vocab|" \
	    "lang::latin|cs::algorithms|cs::systems|ml::transformers|" \
	    "math::linear-algebra|law::contracts|music::theory|cooking", \
	    decks, "|")
	split("10 9 8 7 6 6 5 5 5 5 4 4 4 4 3 3 3 3 3 3", share, " ")
	per_file = 50000
	n = 0
	left = ncards
	for (d = 1; d <= ndecks; d++) {
		count = (d == ndecks) ? left : int(ncards * share[d] / 100)
		left -= count
		track = (d % 4 == 3) ? "want" : "need"
		title = decks[d]
		gsub(/::/, " ", title)
		title = cap(title)
		for (part = 0; count > 0; part++) {
			k = (count > per_file) ? per_file : count
			count -= k
			file = sprintf("%s/%02d-%s-%d.md", out, d, decks[d], part + 1)
			gsub(/::/, "-", file)
			printf("---\ndeck: %s\ntrack: %s\ntags: %s\n---\n" \
			    "# %s\n\nMy notes on %s, part %d, in my own words.\n",
			    decks[d], track, word(d) "-" d, title,
			    tolower(title), part + 1) > file
			for (i = 0; i < k; i++) {
				if (i == 0)
					printf("\n## Skim\n") > file
				else if (i == int(k * 0.5))
					printf("\n## Explore\n") > file
				else if (i == int(k * 0.8))
					printf("\n## Deepen\n") > file
				n++
				if (i % 100 == 0) {
					x = h(n * 3 + 2)
					printf("\n### %s and %s\n\n", cap(word(x)),
					    word(x + 5)) > file
					if (x % 3 == 0)
						printf("Read again: %s\n\n",
						    tolower(back(n, 7))) > file
				}
				b = back(n, 0)
				if (n % 100 < edited)
					b = back(n, 1)
				tag = (h(n * 5 + 3) % 10 == 0) ? \
				    " #" word(n + 17) : ""
				printf("%s :: %s%s\n", front(n), b, tag) > file
			}
			close(file)
		}
	}
}'
