-- The recall collection schema.
--
-- Each migration begins with a line "-- migration N" and runs, in one
-- transaction, on a collection whose PRAGMA user_version is N - 1.  A new
-- collection runs them all.  Never edit a migration that has shipped: add
-- the next one.

-- migration 1
CREATE TABLE settings (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE decks (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	track		TEXT NOT NULL DEFAULT 'need'
			CHECK (track IN ('need', 'want')),
	weight		REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
	new_per_day	INTEGER NOT NULL DEFAULT 20 CHECK (new_per_day >= 0),
	reviews_per_day	INTEGER NOT NULL DEFAULT 200
			CHECK (reviews_per_day >= 0),
	start_ease	REAL NOT NULL DEFAULT 2.5 CHECK (start_ease >= 1.3),
	fuzz		INTEGER NOT NULL DEFAULT 1 CHECK (fuzz IN (0, 1)),
	leech_threshold	INTEGER NOT NULL DEFAULT 8
			CHECK (leech_threshold >= 0),
	layer_gate	INTEGER NOT NULL DEFAULT 80
			CHECK (layer_gate BETWEEN 0 AND 100),
	created		INTEGER NOT NULL
);

CREATE TABLE summaries (
	id		INTEGER PRIMARY KEY,
	deck_id		INTEGER REFERENCES decks(id) ON DELETE SET NULL,
	title		TEXT NOT NULL,
	body		TEXT NOT NULL,
	created		INTEGER NOT NULL,
	modified	INTEGER NOT NULL
);

CREATE TABLE cards (
	id		INTEGER PRIMARY KEY,
	deck_id		INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
	kind		TEXT NOT NULL DEFAULT 'basic'
			CHECK (kind IN ('basic', 'reverse', 'cloze')),
	cloze		INTEGER NOT NULL DEFAULT 0,
	front		TEXT NOT NULL,
	back		TEXT NOT NULL,
	note		TEXT,
	context		TEXT NOT NULL DEFAULT '',
	layer		TEXT NOT NULL DEFAULT 'skim'
			CHECK (layer IN ('skim', 'explore', 'deepen')),
	tags		TEXT NOT NULL DEFAULT '',
	source		TEXT,
	source_line	INTEGER,
	summary_id	INTEGER REFERENCES summaries(id) ON DELETE SET NULL,
	created		INTEGER NOT NULL,
	modified	INTEGER NOT NULL,
	-- The schedule: a cache of replaying the review log.
	initial_ease	REAL NOT NULL DEFAULT 2.5,
	repetition	INTEGER NOT NULL DEFAULT 0,
	ease		REAL NOT NULL DEFAULT 2.5,
	interval	INTEGER NOT NULL DEFAULT 0,
	due		INTEGER,	-- day number; NULL while new
	reviews		INTEGER NOT NULL DEFAULT 0,
	passed		INTEGER NOT NULL DEFAULT 0,
	lapses		INTEGER NOT NULL DEFAULT 0,
	suspended	INTEGER NOT NULL DEFAULT 0,
	buried_until	INTEGER NOT NULL DEFAULT 0,
	leech		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cards_deck ON cards(deck_id);

-- The review log.  Append-only but for "undo"; the truth the card
-- schedule is checked against.
CREATE TABLE reviews (
	id		INTEGER PRIMARY KEY,
	card_id		INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	time		INTEGER NOT NULL,	-- Unix seconds
	day		INTEGER NOT NULL,	-- day number answered on
	grade		INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
	duration	INTEGER NOT NULL,	-- milliseconds, capped
	scheduled	INTEGER NOT NULL,	-- 1 if it moved the schedule
	fuzz		INTEGER NOT NULL,	-- 1 if fuzz was on
	rep_before	INTEGER NOT NULL,
	ease_before	REAL NOT NULL,
	interval_before	INTEGER NOT NULL,
	due_before	INTEGER,
	lapses_before	INTEGER NOT NULL,
	passed_before	INTEGER NOT NULL,
	rep_after	INTEGER NOT NULL,
	ease_after	REAL NOT NULL,
	interval_after	INTEGER NOT NULL,
	due_after	INTEGER,
	lapses_after	INTEGER NOT NULL,
	leeched		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reviews_card ON reviews(card_id, id);
CREATE INDEX reviews_time ON reviews(time);
