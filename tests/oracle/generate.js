// Record SM-2 test vectors from the npm package "supermemo" (pinned in
// package.json), an SM-2 written independently of recall.  recall's
// scheduler, with fuzz off, must agree on every step.
//
// Usage: node generate.js > ../unit/sm2-vectors.txt  (or: make oracle)
//
// Each line is one card's life: the starting EF, then one token per answer,
// "grade:repetition:interval:efactor" after that answer, efactor printed
// the way JavaScript prints numbers (the shortest text that reads back the
// same double).  The generator is seeded, so every run writes the same
// file.  A sequence stops before an interval passes 36500 days, recall's
// maximum, where recall caps and the package does not.

"use strict";

const { supermemo } = require("supermemo");

const SEQUENCES = 10000;
const MAX_INTERVAL = 36500;

// mulberry32: a small seeded generator, so the vectors are reproducible.
function mulberry32(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261126);
const int = (n) => Math.floor(random() * n);

// Grades from one of three kinds of learner, to reach short and long
// intervals, lapses, and the EF floor.
function grade(kind) {
  switch (kind) {
    case 0: // anything goes
      return int(6);
    case 1: // mostly remembers, sometimes forgets
      return random() < 0.12 ? int(3) : 3 + int(3);
    default: // struggles: the EF floor
      return random() < 0.5 ? int(3) : 3 + int(2);
  }
}

const starts = [1.3, 1.7, 2.0, 2.3, 2.5, 2.8, 3.0];
const lines = [
  "# SM-2 test vectors recorded from the npm package supermemo 2.0.23 by",
  "# tests/oracle/generate.js; do not edit.  Each line: starting EF, then",
  "# grade:repetition:interval:efactor after each answer.",
];
for (let i = 0; i < SEQUENCES; i++) {
  const kind = i % 5 < 2 ? 0 : i % 5 < 4 ? 1 : 2;
  const efactor = random() < 0.7 ? 2.5 : starts[int(starts.length)];
  const length = 1 + int(30);
  let item = { interval: 0, repetition: 0, efactor };
  const tokens = [String(efactor)];
  for (let j = 0; j < length; j++) {
    const g = grade(kind);
    const next = supermemo(item, g);
    if (next.interval > MAX_INTERVAL) break;
    tokens.push(`${g}:${next.repetition}:${next.interval}:${next.efactor}`);
    item = next;
  }
  lines.push(tokens.join(" "));
}
process.stdout.write(lines.join("\n") + "\n");
