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

-- migration 2
-- Indexes for the queue: due reviews and new cards per deck, and the
-- answers of a day, so counting what is due never scans the collection.
CREATE INDEX cards_due ON cards(deck_id, due)
	WHERE due IS NOT NULL AND suspended = 0;
CREATE INDEX cards_new ON cards(deck_id, layer, id)
	WHERE due IS NULL AND suspended = 0;
CREATE INDEX reviews_day ON reviews(day, card_id);

-- Per deck and layer, how many cards (not suspended) there are, how many
-- have passed a first review, and how many are new: what the layer gate
-- asks, kept up to date by triggers instead of counted each time.
CREATE TABLE layer_counts (
	deck_id	INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
	layer	TEXT NOT NULL,
	cards	INTEGER NOT NULL DEFAULT 0,
	passed	INTEGER NOT NULL DEFAULT 0,
	fresh	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (deck_id, layer)
) WITHOUT ROWID;
INSERT INTO layer_counts (deck_id, layer, cards, passed, fresh)
	SELECT deck_id, layer, count(*), sum(passed), sum(due IS NULL)
	FROM cards WHERE suspended = 0 GROUP BY deck_id, layer;
CREATE TRIGGER layer_counts_insert AFTER INSERT ON cards
WHEN new.suspended = 0 BEGIN
	INSERT INTO layer_counts (deck_id, layer, cards, passed, fresh)
	VALUES (new.deck_id, new.layer, 1, new.passed, new.due IS NULL)
	ON CONFLICT (deck_id, layer) DO UPDATE SET
		cards = cards + 1, passed = passed + excluded.passed,
		fresh = fresh + excluded.fresh;
END;
CREATE TRIGGER layer_counts_delete AFTER DELETE ON cards
WHEN old.suspended = 0 BEGIN
	UPDATE layer_counts SET cards = cards - 1,
		passed = passed - old.passed, fresh = fresh - (old.due IS NULL)
	WHERE deck_id = old.deck_id AND layer = old.layer;
END;
CREATE TRIGGER layer_counts_update
AFTER UPDATE OF deck_id, layer, passed, suspended, due ON cards BEGIN
	UPDATE layer_counts SET cards = cards - 1,
		passed = passed - old.passed, fresh = fresh - (old.due IS NULL)
	WHERE old.suspended = 0 AND deck_id = old.deck_id
		AND layer = old.layer;
	INSERT INTO layer_counts (deck_id, layer, cards, passed, fresh)
	SELECT new.deck_id, new.layer, 1, new.passed, new.due IS NULL
	WHERE new.suspended = 0
	ON CONFLICT (deck_id, layer) DO UPDATE SET
		cards = cards + 1, passed = passed + excluded.passed,
		fresh = fresh + excluded.fresh;
END;

-- Each answer remembers the deck it was given in, so time spent stays
-- with the deck (and track) it was spent on even if the card moves.
ALTER TABLE reviews ADD COLUMN deck_id INTEGER
	REFERENCES decks(id) ON DELETE CASCADE;
UPDATE reviews SET deck_id = (SELECT deck_id FROM cards WHERE id = card_id);

-- Per deck and day: answers that moved a review's schedule, new cards
-- seen, and time spent (milliseconds, every answer): a cache of the log
-- that the daily limits and the balance of the tracks read.
CREATE TABLE daily (
	deck_id	INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
	day	INTEGER NOT NULL,
	reviews	INTEGER NOT NULL DEFAULT 0,
	fresh	INTEGER NOT NULL DEFAULT 0,
	ms	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (deck_id, day)
) WITHOUT ROWID;
INSERT INTO daily (deck_id, day, reviews, fresh, ms)
	SELECT deck_id, day, sum(scheduled AND due_before IS NOT NULL),
		sum(scheduled AND due_before IS NULL), sum(duration)
	FROM reviews GROUP BY deck_id, day;
CREATE TRIGGER daily_insert AFTER INSERT ON reviews BEGIN
	INSERT INTO daily (deck_id, day, reviews, fresh, ms)
	VALUES (new.deck_id, new.day,
		new.scheduled AND new.due_before IS NOT NULL,
		new.scheduled AND new.due_before IS NULL, new.duration)
	ON CONFLICT (deck_id, day) DO UPDATE SET
		reviews = reviews + excluded.reviews,
		fresh = fresh + excluded.fresh, ms = ms + excluded.ms;
END;
CREATE TRIGGER daily_delete AFTER DELETE ON reviews BEGIN
	UPDATE daily SET
		reviews = reviews - (old.scheduled AND old.due_before IS NOT NULL),
		fresh = fresh - (old.scheduled AND old.due_before IS NULL),
		ms = ms - old.duration
	WHERE deck_id = old.deck_id AND day = old.day;
END;

-- migration 3
-- Import: a card whose line left its summary is suspended and marked
-- removed (never deleted), and comes back if the line does; cards are
-- found by their source file.
ALTER TABLE cards ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cards_source ON cards(source, source_line)
	WHERE source IS NOT NULL;

-- migration 4
-- Timeboxed deep dives (one runs at a time), and the reading list: topics
-- bookmarked for later and deep dives planned for a day.
CREATE TABLE deepdives (
	id		INTEGER PRIMARY KEY,
	topic		TEXT NOT NULL,
	deck		TEXT,
	started		INTEGER NOT NULL,
	seconds		INTEGER NOT NULL CHECK (seconds > 0),
	ended		INTEGER
);
CREATE TABLE later (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('bookmark', 'deepdive')),
	topic		TEXT NOT NULL,
	deck		TEXT,
	day		INTEGER,	-- planned day of a deep dive
	created		INTEGER NOT NULL,
	done		INTEGER		-- when it was done, or NULL
);
CREATE INDEX later_open ON later(day) WHERE done IS NULL;

-- migration 5
-- The benchmark's findings (tests/bench/README.md): the queue's indexes
-- also carry buried_until, so counting what is due reads no table rows;
-- suspended cards get an index of their own for the deck counts.
DROP INDEX cards_due;
CREATE INDEX cards_due ON cards(deck_id, due, buried_until)
	WHERE due IS NOT NULL AND suspended = 0;
DROP INDEX cards_new;
CREATE INDEX cards_new ON cards(deck_id, layer, id, buried_until)
	WHERE due IS NULL AND suspended = 0;
CREATE INDEX cards_suspended ON cards(deck_id) WHERE suspended = 1;

-- migration 6
-- An answer's deck is where its time was spent; deleting that deck must
-- not delete the answer when the card has moved to another deck since.
-- SQLite cannot change a foreign key in place: rebuild the table (its
-- triggers and indexes go with the old one, and are made again).
CREATE TABLE reviews_new (
	id		INTEGER PRIMARY KEY,
	card_id		INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	time		INTEGER NOT NULL,
	day		INTEGER NOT NULL,
	grade		INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
	duration	INTEGER NOT NULL,
	scheduled	INTEGER NOT NULL,
	fuzz		INTEGER NOT NULL,
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
	leeched		INTEGER NOT NULL DEFAULT 0,
	deck_id		INTEGER REFERENCES decks(id) ON DELETE SET NULL
);
INSERT INTO reviews_new (id, card_id, time, day, grade, duration, scheduled,
	fuzz, rep_before, ease_before, interval_before, due_before,
	lapses_before, passed_before, rep_after, ease_after, interval_after,
	due_after, lapses_after, leeched, deck_id)
	SELECT id, card_id, time, day, grade, duration, scheduled, fuzz,
	rep_before, ease_before, interval_before, due_before, lapses_before,
	passed_before, rep_after, ease_after, interval_after, due_after,
	lapses_after, leeched, deck_id FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_new RENAME TO reviews;
CREATE INDEX reviews_card ON reviews(card_id, id);
CREATE INDEX reviews_time ON reviews(time);
CREATE INDEX reviews_day ON reviews(day, card_id);
CREATE TRIGGER daily_insert AFTER INSERT ON reviews
WHEN new.deck_id IS NOT NULL BEGIN
	INSERT INTO daily (deck_id, day, reviews, fresh, ms)
	VALUES (new.deck_id, new.day,
		new.scheduled AND new.due_before IS NOT NULL,
		new.scheduled AND new.due_before IS NULL, new.duration)
	ON CONFLICT (deck_id, day) DO UPDATE SET
		reviews = reviews + excluded.reviews,
		fresh = fresh + excluded.fresh, ms = ms + excluded.ms;
END;
CREATE TRIGGER daily_delete AFTER DELETE ON reviews BEGIN
	UPDATE daily SET
		reviews = reviews - (old.scheduled AND old.due_before IS NOT NULL),
		fresh = fresh - (old.scheduled AND old.due_before IS NULL),
		ms = ms - old.duration
	WHERE deck_id = old.deck_id AND day = old.day;
END;

-- migration 7
-- Answer ids are never reused (AUTOINCREMENT), so an undo can never take
-- back an answer given after the one it was meant for; each answer keeps
-- the device that gave it, so a one-shot undo takes back only this
-- device's answers.  SQLite cannot add AUTOINCREMENT in place: rebuild
-- the table as migration 6 did.  Decks get the sibling-burying option.
CREATE TABLE reviews_new (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	card_id		INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	time		INTEGER NOT NULL,
	day		INTEGER NOT NULL,
	grade		INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
	duration	INTEGER NOT NULL,
	scheduled	INTEGER NOT NULL,
	fuzz		INTEGER NOT NULL,
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
	leeched		INTEGER NOT NULL DEFAULT 0,
	deck_id		INTEGER REFERENCES decks(id) ON DELETE SET NULL,
	device		TEXT		-- who answered; NULL before migration 7
);
INSERT INTO reviews_new (id, card_id, time, day, grade, duration, scheduled,
	fuzz, rep_before, ease_before, interval_before, due_before,
	lapses_before, passed_before, rep_after, ease_after, interval_after,
	due_after, lapses_after, leeched, deck_id)
	SELECT id, card_id, time, day, grade, duration, scheduled, fuzz,
	rep_before, ease_before, interval_before, due_before, lapses_before,
	passed_before, rep_after, ease_after, interval_after, due_after,
	lapses_after, leeched, deck_id FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_new RENAME TO reviews;
CREATE INDEX reviews_card ON reviews(card_id, id);
CREATE INDEX reviews_time ON reviews(time);
CREATE INDEX reviews_day ON reviews(day, card_id);
CREATE INDEX reviews_device ON reviews(device, id) WHERE device IS NOT NULL;
CREATE TRIGGER daily_insert AFTER INSERT ON reviews
WHEN new.deck_id IS NOT NULL BEGIN
	INSERT INTO daily (deck_id, day, reviews, fresh, ms)
	VALUES (new.deck_id, new.day,
		new.scheduled AND new.due_before IS NOT NULL,
		new.scheduled AND new.due_before IS NULL, new.duration)
	ON CONFLICT (deck_id, day) DO UPDATE SET
		reviews = reviews + excluded.reviews,
		fresh = fresh + excluded.fresh, ms = ms + excluded.ms;
END;
CREATE TRIGGER daily_delete AFTER DELETE ON reviews BEGIN
	UPDATE daily SET
		reviews = reviews - (old.scheduled AND old.due_before IS NOT NULL),
		fresh = fresh - (old.scheduled AND old.due_before IS NULL),
		ms = ms - old.duration
	WHERE deck_id = old.deck_id AND day = old.day;
END;
ALTER TABLE decks ADD COLUMN bury_siblings INTEGER NOT NULL DEFAULT 1
	CHECK (bury_siblings IN (0, 1));

-- migration 8
-- What a card's source file last gave it (text, tags, layer, deck), kept
-- while the card differs from it (an edit made in recall), so a re-import
-- tells a change in the file from an edit in recall and never overwrites
-- the edit silently.  NULL: the card is as its file gave it.
ALTER TABLE cards ADD COLUMN file_front TEXT;
ALTER TABLE cards ADD COLUMN file_back TEXT;
ALTER TABLE cards ADD COLUMN file_tags TEXT;
ALTER TABLE cards ADD COLUMN file_layer TEXT;
ALTER TABLE cards ADD COLUMN file_deck_id INTEGER;
CREATE TRIGGER cards_file_state
AFTER UPDATE OF deck_id, front, back, tags, layer ON cards
WHEN old.source IS NOT NULL AND new.file_front IS NULL
	AND (old.front IS NOT new.front OR old.back IS NOT new.back
	OR old.tags IS NOT new.tags OR old.layer IS NOT new.layer
	OR old.deck_id IS NOT new.deck_id) BEGIN
	UPDATE cards SET file_front = old.front, file_back = old.back,
		file_tags = old.tags, file_layer = old.layer,
		file_deck_id = old.deck_id
	WHERE id = new.id;
END;
-- A count of changes to what import plans from (cards' text, place and
-- source, and deck names), but not to schedules: an import plans without
-- the write lock and, under it, plans again only if this moved.
CREATE TABLE card_changes (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	n		INTEGER NOT NULL
);
INSERT INTO card_changes (id, n) VALUES (1, 0);
CREATE TRIGGER card_changes_insert AFTER INSERT ON cards BEGIN
	UPDATE card_changes SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER card_changes_delete AFTER DELETE ON cards BEGIN
	UPDATE card_changes SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER card_changes_update
AFTER UPDATE OF deck_id, kind, cloze, front, back, note, context, layer,
	tags, source, source_line, removed, file_front ON cards BEGIN
	UPDATE card_changes SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER card_changes_deck AFTER UPDATE OF name ON decks BEGIN
	UPDATE card_changes SET n = n + 1 WHERE id = 1;
END;

-- migration 9
-- A bulk import inserts its new cards with the triggers named here
-- dropped (inside its transaction, so a crash or an error brings them
-- back), then runs each one's statement once for the batch and makes the
-- trigger again.  The statement does for the batch's rows what the
-- trigger does for one: ?1 and ?2 are the first and the last id of the
-- batch, and every id between them is one of its cards.  A trigger on
-- inserts into cards that keeps a cache either has its row here or keeps
-- firing row by row; a row here must keep the cache exactly as the
-- trigger would.
CREATE TABLE bulk_upkeep (
	trigger_name	TEXT PRIMARY KEY,
	batch_sql	TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO bulk_upkeep (trigger_name, batch_sql) VALUES
	('layer_counts_insert',
	'INSERT INTO layer_counts (deck_id, layer, cards, passed, fresh)
	SELECT deck_id, layer, count(*), sum(passed), sum(due IS NULL)
	FROM cards WHERE id BETWEEN ?1 AND ?2 AND suspended = 0
	GROUP BY deck_id, layer
	ON CONFLICT (deck_id, layer) DO UPDATE SET
		cards = cards + excluded.cards,
		passed = passed + excluded.passed,
		fresh = fresh + excluded.fresh'),
	('card_changes_insert',
	'UPDATE card_changes SET n = n + (?2 - ?1 + 1) WHERE id = 1');

-- migration 10
-- Search: a trigram index over the text "search" matches (front, back,
-- tags, context), so a pattern with a literal of three characters or more
-- reads only the cards that hold it, and PCRE2 confirms each (search.c).
-- It stores no text of its own (content is the cards table) and no
-- positions (detail none: a literal is looked up as trigrams that must all
-- be there, which may find too much, never too little).
CREATE VIRTUAL TABLE cards_text USING fts5(front, back, tags, context,
	content = 'cards', content_rowid = 'id', tokenize = 'trigram',
	detail = 'none', columnsize = 0);
INSERT INTO cards_text (cards_text) VALUES ('rebuild');
-- Cards whose text is not in the index yet.  FTS5 writes out what it holds
-- at every statement of a transaction, so a row a statement costs ten
-- times a row among many: triggers, whoever writes the cards, only queue
-- a new or changed card here, and each commit of recall indexes the queue
-- in one statement (store_commit), an import once per file.  A search
-- tries the queued cards too, so it never misses one.  Text leaving the
-- index is taken out at once: FTS5 needs the old values.
CREATE TABLE cards_text_pending (id INTEGER PRIMARY KEY);
CREATE TRIGGER cards_text_insert AFTER INSERT ON cards BEGIN
	INSERT OR IGNORE INTO cards_text_pending (id) VALUES (new.id);
END;
CREATE TRIGGER cards_text_delete AFTER DELETE ON cards BEGIN
	INSERT INTO cards_text (cards_text, rowid, front, back, tags, context)
	SELECT 'delete', old.id, old.front, old.back, old.tags, old.context
	WHERE NOT EXISTS (SELECT 1 FROM cards_text_pending
		WHERE id = old.id);
	DELETE FROM cards_text_pending WHERE id = old.id;
END;
CREATE TRIGGER cards_text_update
AFTER UPDATE OF id, front, back, tags, context ON cards
WHEN old.id IS NOT new.id OR old.front IS NOT new.front
	OR old.back IS NOT new.back OR old.tags IS NOT new.tags
	OR old.context IS NOT new.context BEGIN
	INSERT INTO cards_text (cards_text, rowid, front, back, tags, context)
	SELECT 'delete', old.id, old.front, old.back, old.tags, old.context
	WHERE NOT EXISTS (SELECT 1 FROM cards_text_pending
		WHERE id = old.id);
	DELETE FROM cards_text_pending WHERE id = old.id;
	INSERT OR IGNORE INTO cards_text_pending (id) VALUES (new.id);
END;
-- Per deck and due day, how many cards (not suspended) fall due that day,
-- kept by triggers: deck list and deck show count what is due from these
-- days, a few hundred rows, instead of reading every due card.  A card
-- buried past today is taken off through an index of buried cards.
CREATE TABLE due_days (
	deck_id	INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
	due	INTEGER NOT NULL,
	cards	INTEGER NOT NULL,
	PRIMARY KEY (deck_id, due)
) WITHOUT ROWID;
INSERT INTO due_days (deck_id, due, cards)
	SELECT deck_id, due, count(*) FROM cards
	WHERE due IS NOT NULL AND suspended = 0 GROUP BY deck_id, due;
CREATE TRIGGER due_days_insert AFTER INSERT ON cards
WHEN new.due IS NOT NULL AND new.suspended = 0 BEGIN
	INSERT INTO due_days (deck_id, due, cards)
	VALUES (new.deck_id, new.due, 1)
	ON CONFLICT (deck_id, due) DO UPDATE SET cards = cards + 1;
END;
CREATE TRIGGER due_days_delete AFTER DELETE ON cards
WHEN old.due IS NOT NULL AND old.suspended = 0 BEGIN
	UPDATE due_days SET cards = cards - 1
	WHERE deck_id = old.deck_id AND due = old.due;
	DELETE FROM due_days
	WHERE deck_id = old.deck_id AND due = old.due AND cards = 0;
END;
CREATE TRIGGER due_days_update AFTER UPDATE OF deck_id, due, suspended ON cards
WHEN old.deck_id IS NOT new.deck_id OR old.due IS NOT new.due
	OR old.suspended IS NOT new.suspended BEGIN
	UPDATE due_days SET cards = cards - 1
	WHERE old.due IS NOT NULL AND old.suspended = 0
		AND deck_id = old.deck_id AND due = old.due;
	DELETE FROM due_days
	WHERE deck_id = old.deck_id AND due = old.due AND cards = 0;
	INSERT INTO due_days (deck_id, due, cards)
	SELECT new.deck_id, new.due, 1
	WHERE new.due IS NOT NULL AND new.suspended = 0
	ON CONFLICT (deck_id, due) DO UPDATE SET cards = cards + 1;
END;
CREATE INDEX cards_buried ON cards(deck_id, buried_until, due)
	WHERE buried_until > 0 AND due IS NOT NULL AND suspended = 0;
-- A bulk import drops the two insert triggers above and does their work
-- once for the batch's ids (bulk_upkeep, migration 9): it queues the new
-- cards for the index, and counts them into their due days.
INSERT INTO bulk_upkeep (trigger_name, batch_sql) VALUES
	('cards_text_insert',
	'INSERT OR IGNORE INTO cards_text_pending (id)
	SELECT id FROM cards WHERE id BETWEEN ?1 AND ?2'),
	('due_days_insert',
	'INSERT INTO due_days (deck_id, due, cards)
	SELECT deck_id, due, count(*) FROM cards
	WHERE id BETWEEN ?1 AND ?2 AND due IS NOT NULL AND suspended = 0
	GROUP BY deck_id, due
	ON CONFLICT (deck_id, due) DO UPDATE SET
		cards = cards + excluded.cards');

-- migration 11
-- Text leaving the search index is taken out once a commit too, as text
-- entering it is: a 'delete' of FTS5 made a statement of its own for
-- each changed card (a tenth of a millisecond and more each; 10,000
-- edited cards of a 100k-card re-import took 3.4 s).  The triggers keep
-- the indexed text of a card that changes or goes, if it is in the index
-- (not queued), in cards_text_gone; store_commit takes all of it out of
-- the index in one statement, then indexes the queue.  Meanwhile the
-- index may still offer a card's old text: search confirms every
-- candidate with PCRE2, so that finds too much, never too little.
CREATE TABLE cards_text_gone (
	id	INTEGER PRIMARY KEY,
	front	TEXT,
	back	TEXT,
	tags	TEXT,
	context	TEXT
);
DROP TRIGGER cards_text_delete;
DROP TRIGGER cards_text_update;
CREATE TRIGGER cards_text_delete AFTER DELETE ON cards BEGIN
	INSERT OR IGNORE INTO cards_text_gone (id, front, back, tags, context)
	SELECT old.id, old.front, old.back, old.tags, old.context
	WHERE NOT EXISTS (SELECT 1 FROM cards_text_pending
		WHERE id = old.id);
	DELETE FROM cards_text_pending WHERE id = old.id;
END;
CREATE TRIGGER cards_text_update
AFTER UPDATE OF id, front, back, tags, context ON cards
WHEN old.id IS NOT new.id OR old.front IS NOT new.front
	OR old.back IS NOT new.back OR old.tags IS NOT new.tags
	OR old.context IS NOT new.context BEGIN
	INSERT OR IGNORE INTO cards_text_gone (id, front, back, tags, context)
	SELECT old.id, old.front, old.back, old.tags, old.context
	WHERE NOT EXISTS (SELECT 1 FROM cards_text_pending
		WHERE id = old.id);
	DELETE FROM cards_text_pending WHERE id = old.id;
	INSERT OR IGNORE INTO cards_text_pending (id) VALUES (new.id);
END;

-- migration 12
-- Sync through a folder (doc/SYNC.md).  This collection's device id;
-- a global id for each deck, card and answer, the same on every device;
-- a fuzz seed that travels with a card (NULL: its local id), so a replay
-- gives the same intervals everywhere.
INSERT INTO settings (key, value) VALUES
	('sync-device', lower(hex(randomblob(16))));
ALTER TABLE decks ADD COLUMN gid TEXT;
ALTER TABLE cards ADD COLUMN gid TEXT;
ALTER TABLE cards ADD COLUMN seed INTEGER;
ALTER TABLE reviews ADD COLUMN gid TEXT;
UPDATE decks SET gid = lower(hex(randomblob(16)));
UPDATE cards SET gid = lower(hex(randomblob(16))), seed = id;
UPDATE reviews SET gid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX decks_gid ON decks(gid);
CREATE UNIQUE INDEX cards_gid ON cards(gid);
CREATE UNIQUE INDEX reviews_gid ON reviews(gid);
-- Imported cards by their text: how a card imported on two devices is
-- found to be one (sync_card_twin).
CREATE INDEX cards_twin ON cards(deck_id, front) WHERE source IS NOT NULL;
-- While sync applies another device's events, applying is 1 and nothing
-- it writes is journaled as this device's.  digest: of the lines this
-- device has written (journal.line, n 1 to the last), so a sync sees
-- that its file in DIR still holds them ('': none yet).
CREATE TABLE sync_state (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	applying	INTEGER NOT NULL DEFAULT 0,
	last_sync	INTEGER,
	last_dir	TEXT,
	digest		TEXT NOT NULL DEFAULT ''
);
INSERT INTO sync_state (id, applying) VALUES (1, 0);
-- This device's changes, in order: what changed (a kind and a global id),
-- and once a sync has written it, the journal line and its number n in
-- DIR/<device>.journal (both NULL: not written yet).
CREATE TABLE journal (
	seq		INTEGER PRIMARY KEY AUTOINCREMENT,
	kind		TEXT NOT NULL,
	ref		TEXT NOT NULL,
	n		INTEGER UNIQUE,
	line		TEXT
);
-- The rows not written yet are found, in seq order, through the index
-- UNIQUE (n) makes: its NULLs come in rowid order, and appending to them
-- is cheap (a bulk import adds one row a card).
-- The other devices: how far their journal has been applied, and a
-- digest of the lines applied, so a history rewritten is seen.
CREATE TABLE sync_peers (
	device		TEXT PRIMARY KEY,
	name		TEXT,
	seq		INTEGER NOT NULL DEFAULT 0,
	digest		TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
-- Who last set each deck, card or setting, and when: the later change
-- wins (time, then device).  An answer's stamp is the event that gave
-- it: answers of one second are replayed by device, then seq.  Gone: answers taken back and cards or decks
-- deleted, which no later event brings back.  Alias: a global id joined
-- to another (the same deck or imported card made on two devices).
CREATE TABLE sync_stamps (
	ref		TEXT PRIMARY KEY,
	time		INTEGER NOT NULL,
	device		TEXT NOT NULL,
	seq		INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_gone (
	ref		TEXT PRIMARY KEY
) WITHOUT ROWID;
-- Events of other devices about a card or deck not here yet (its line
-- is in a journal not read whole yet): tried again at each sync.
CREATE TABLE sync_waiting (
	device		TEXT NOT NULL,
	seq		INTEGER NOT NULL,
	line		TEXT NOT NULL,
	PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE TABLE sync_alias (
	ref		TEXT PRIMARY KEY,
	canon		TEXT NOT NULL
) WITHOUT ROWID;
-- The history so far, as this device's first events.
INSERT INTO journal (kind, ref)
	SELECT 'setting', key FROM settings
	WHERE key IN ('rollover', 'session', 'window', 'share-need');
INSERT INTO journal (kind, ref) SELECT 'deck', gid FROM decks ORDER BY id;
INSERT INTO journal (kind, ref) SELECT 'card', gid FROM cards ORDER BY id;
INSERT INTO journal (kind, ref)
	SELECT 'review', gid FROM reviews ORDER BY id;
CREATE TRIGGER sync_deck_insert AFTER INSERT ON decks BEGIN
	UPDATE decks SET gid = lower(hex(randomblob(16)))
	WHERE id = new.id AND gid IS NULL;
	INSERT INTO journal (kind, ref)
	SELECT 'deck', gid FROM decks
	WHERE id = new.id AND (SELECT applying FROM sync_state) = 0;
END;
CREATE TRIGGER sync_deck_update AFTER UPDATE OF name, track, weight,
	new_per_day, reviews_per_day, start_ease, fuzz, leech_threshold,
	layer_gate, bury_siblings ON decks
WHEN (SELECT applying FROM sync_state) = 0 BEGIN
	INSERT INTO journal (kind, ref) VALUES ('deck', new.gid);
END;
CREATE TRIGGER sync_deck_delete AFTER DELETE ON decks
WHEN (SELECT applying FROM sync_state) = 0 BEGIN
	INSERT INTO journal (kind, ref) VALUES ('deck-delete', old.gid);
END;
CREATE TRIGGER sync_card_gid AFTER INSERT ON cards WHEN new.gid IS NULL
BEGIN
	UPDATE cards SET gid = lower(hex(randomblob(16)))
	WHERE id = new.id AND gid IS NULL;
END;
CREATE TRIGGER sync_card_insert AFTER INSERT ON cards BEGIN
	UPDATE cards SET gid = lower(hex(randomblob(16)))
	WHERE id = new.id AND gid IS NULL;
	INSERT INTO journal (kind, ref)
	SELECT 'card', gid FROM cards
	WHERE id = new.id AND (SELECT applying FROM sync_state) = 0;
END;
CREATE TRIGGER sync_card_update AFTER UPDATE OF deck_id, kind, cloze, front,
	back, note, context, layer, tags, source, source_line, suspended,
	buried_until, removed, leech, modified ON cards
WHEN (SELECT applying FROM sync_state) = 0 AND (old.deck_id IS NOT
	new.deck_id OR old.kind IS NOT new.kind OR old.cloze IS NOT new.cloze
	OR old.front IS NOT new.front OR old.back IS NOT new.back
	OR old.note IS NOT new.note OR old.context IS NOT new.context
	OR old.layer IS NOT new.layer OR old.tags IS NOT new.tags
	OR old.source IS NOT new.source
	OR old.source_line IS NOT new.source_line
	OR old.suspended IS NOT new.suspended
	OR old.buried_until IS NOT new.buried_until
	OR old.removed IS NOT new.removed OR old.leech IS NOT new.leech
	OR old.modified IS NOT new.modified) BEGIN
	INSERT INTO journal (kind, ref) VALUES ('card', new.gid);
END;
CREATE TRIGGER sync_card_delete AFTER DELETE ON cards
WHEN (SELECT applying FROM sync_state) = 0 BEGIN
	INSERT INTO journal (kind, ref) VALUES ('card-delete', old.gid);
END;
CREATE TRIGGER sync_review_insert AFTER INSERT ON reviews BEGIN
	UPDATE reviews SET gid = lower(hex(randomblob(16)))
	WHERE id = new.id AND gid IS NULL;
	INSERT INTO journal (kind, ref)
	SELECT 'review', gid FROM reviews
	WHERE id = new.id AND (SELECT applying FROM sync_state) = 0;
END;
CREATE TRIGGER sync_review_delete AFTER DELETE ON reviews
WHEN (SELECT applying FROM sync_state) = 0 BEGIN
	INSERT INTO journal (kind, ref) VALUES ('undo', old.gid);
	DELETE FROM sync_stamps WHERE ref = old.gid;
END;
CREATE TRIGGER sync_setting AFTER INSERT ON settings
WHEN new.key IN ('rollover', 'session', 'window', 'share-need')
	AND (SELECT applying FROM sync_state) = 0 BEGIN
	INSERT INTO journal (kind, ref) VALUES ('setting', new.key);
END;
CREATE TRIGGER sync_setting_update AFTER UPDATE ON settings
WHEN new.key IN ('rollover', 'session', 'window', 'share-need')
	AND (SELECT applying FROM sync_state) = 0 BEGIN
	INSERT INTO journal (kind, ref) VALUES ('setting', new.key);
END;
-- A bulk import's cards get their global ids, then their journal rows,
-- in one go (bulk import runs these in the order of their names).
INSERT INTO bulk_upkeep (trigger_name, batch_sql) VALUES
	('sync_card_gid',
	'UPDATE cards SET gid = lower(hex(randomblob(16)))
	WHERE id BETWEEN ?1 AND ?2 AND gid IS NULL'),
	('sync_card_insert',
	'INSERT INTO journal (kind, ref) SELECT ''card'', gid FROM cards
	WHERE id BETWEEN ?1 AND ?2 AND (SELECT applying FROM sync_state) = 0
	ORDER BY id');

-- migration 13
-- Histories from elsewhere (history.c).  A card that came from an Anki
-- collection or a review log keeps the id it had there (ext_id): a review
-- log names cards by it, export --format review-log writes it, and a log
-- read back attaches to its card by it.
ALTER TABLE cards ADD COLUMN ext_id INTEGER;
CREATE UNIQUE INDEX cards_ext ON cards(ext_id) WHERE ext_id IS NOT NULL;
-- Each card brought from Anki, by its note's guid and its template's
-- ordinal, so a collection imported again adds only what is new.
CREATE TABLE anki_cards (
	guid		TEXT NOT NULL,
	ord		INTEGER NOT NULL,
	card_id		INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	PRIMARY KEY (guid, ord)
) WITHOUT ROWID;
CREATE INDEX anki_cards_card ON anki_cards(card_id);
-- Each row of an Anki review log brought in, by its id (the time in
-- milliseconds) and card.  counted: 1 if it is an answer in the log;
-- 0 for what Anki logs that is not an answer (a manual reschedule, a
-- review in a filtered deck that did not move the schedule, ease 0),
-- kept here only.
CREATE TABLE anki_revlog (
	id		INTEGER NOT NULL,
	card_id		INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	type		INTEGER NOT NULL,
	ease		INTEGER NOT NULL,
	ivl		INTEGER NOT NULL,
	last_ivl	INTEGER NOT NULL,
	factor		INTEGER NOT NULL,
	duration	INTEGER NOT NULL,
	counted		INTEGER NOT NULL,
	PRIMARY KEY (id, card_id)
) WITHOUT ROWID;
CREATE INDEX anki_revlog_card ON anki_revlog(card_id);

-- migration 14
-- stats: true retention without reading the log.  For each deck and day,
-- the answers that moved a schedule (a card's first of the day) of cards
-- in review (an interval before the answer): young (under 21 days) and
-- mature ones, and how many of each were recalled (grade 3 or more).
-- Kept by the log's triggers; check compares it with the log.
CREATE TABLE retention_days (
	deck_id		INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
	day		INTEGER NOT NULL,
	young		INTEGER NOT NULL DEFAULT 0,
	young_ok	INTEGER NOT NULL DEFAULT 0,
	mature		INTEGER NOT NULL DEFAULT 0,
	mature_ok	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (deck_id, day)
) WITHOUT ROWID;
INSERT INTO retention_days (deck_id, day, young, young_ok, mature,
	mature_ok)
	SELECT deck_id, day, sum(interval_before < 21),
		sum(interval_before < 21 AND grade >= 3),
		sum(interval_before >= 21), sum(interval_before >= 21 AND grade >= 3)
	FROM reviews WHERE scheduled AND interval_before > 0
		AND deck_id IS NOT NULL
	GROUP BY deck_id, day;
CREATE TRIGGER retention_days_insert AFTER INSERT ON reviews
WHEN new.scheduled AND new.interval_before > 0 AND new.deck_id IS NOT NULL
BEGIN
	INSERT INTO retention_days (deck_id, day, young, young_ok, mature,
		mature_ok)
	VALUES (new.deck_id, new.day, new.interval_before < 21,
		new.interval_before < 21 AND new.grade >= 3,
		new.interval_before >= 21,
		new.interval_before >= 21 AND new.grade >= 3)
	ON CONFLICT (deck_id, day) DO UPDATE SET
		young = young + excluded.young,
		young_ok = young_ok + excluded.young_ok,
		mature = mature + excluded.mature,
		mature_ok = mature_ok + excluded.mature_ok;
END;
CREATE TRIGGER retention_days_delete AFTER DELETE ON reviews
WHEN old.scheduled AND old.interval_before > 0 AND old.deck_id IS NOT NULL
BEGIN
	UPDATE retention_days SET
		young = young - (old.interval_before < 21),
		young_ok = young_ok - (old.interval_before < 21 AND old.grade >= 3),
		mature = mature - (old.interval_before >= 21),
		mature_ok = mature_ok - (old.interval_before >= 21 AND
			old.grade >= 3)
	WHERE deck_id = old.deck_id AND day = old.day;
END;

-- migration 15
-- stats at any size.  The cards in review (answered, not suspended) by
-- deck, interval bucket and ease bucket, kept by the cards' triggers; the
-- buckets are two generated columns, the one home of their bounds (the
-- cards section of stats names them).  Every answer counted by deck and
-- day (daily.answers), for the time per answer.  The cards with lapses,
-- and the leeches, found by index.
ALTER TABLE cards ADD COLUMN ivl_bucket INTEGER GENERATED ALWAYS AS (
	CASE WHEN interval <= 1 THEN 0 WHEN interval <= 3 THEN 1
	WHEN interval <= 7 THEN 2 WHEN interval <= 14 THEN 3
	WHEN interval <= 30 THEN 4 WHEN interval <= 90 THEN 5
	WHEN interval <= 180 THEN 6 WHEN interval <= 365 THEN 7 ELSE 8 END)
	VIRTUAL;
ALTER TABLE cards ADD COLUMN ease_bucket INTEGER GENERATED ALWAYS AS (
	CASE WHEN ease < 1.7 THEN 0 WHEN ease < 2.1 THEN 1
	WHEN ease < 2.5 THEN 2 WHEN ease < 2.9 THEN 3 ELSE 4 END) VIRTUAL;
CREATE TABLE card_buckets (
	deck_id	INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
	ivl	INTEGER NOT NULL,
	ease	INTEGER NOT NULL,
	cards	INTEGER NOT NULL,
	PRIMARY KEY (deck_id, ivl, ease)
) WITHOUT ROWID;
INSERT INTO card_buckets (deck_id, ivl, ease, cards)
	SELECT deck_id, ivl_bucket, ease_bucket, count(*) FROM cards
	WHERE reviews > 0 AND suspended = 0
	GROUP BY deck_id, ivl_bucket, ease_bucket;
CREATE TRIGGER card_buckets_insert AFTER INSERT ON cards
WHEN new.reviews > 0 AND new.suspended = 0 BEGIN
	INSERT INTO card_buckets (deck_id, ivl, ease, cards)
	VALUES (new.deck_id, new.ivl_bucket, new.ease_bucket, 1)
	ON CONFLICT (deck_id, ivl, ease) DO UPDATE SET cards = cards + 1;
END;
CREATE TRIGGER card_buckets_delete AFTER DELETE ON cards
WHEN old.reviews > 0 AND old.suspended = 0 BEGIN
	UPDATE card_buckets SET cards = cards - 1 WHERE deck_id = old.deck_id
		AND ivl = old.ivl_bucket AND ease = old.ease_bucket;
END;
CREATE TRIGGER card_buckets_update
AFTER UPDATE OF interval, ease, reviews, suspended, deck_id ON cards
WHEN (old.reviews > 0 AND old.suspended = 0)
	OR (new.reviews > 0 AND new.suspended = 0) BEGIN
	UPDATE card_buckets SET cards = cards - 1
		WHERE old.reviews > 0 AND old.suspended = 0
		AND deck_id = old.deck_id AND ivl = old.ivl_bucket
		AND ease = old.ease_bucket;
	INSERT INTO card_buckets (deck_id, ivl, ease, cards)
		SELECT new.deck_id, new.ivl_bucket, new.ease_bucket, 1
		WHERE new.reviews > 0 AND new.suspended = 0
	ON CONFLICT (deck_id, ivl, ease) DO UPDATE SET cards = cards + 1;
END;
INSERT INTO bulk_upkeep (trigger_name, batch_sql) VALUES
	('card_buckets_insert',
	'INSERT INTO card_buckets (deck_id, ivl, ease, cards)
	SELECT deck_id, ivl_bucket, ease_bucket, count(*) FROM cards
	WHERE id BETWEEN ?1 AND ?2 AND reviews > 0 AND suspended = 0
	GROUP BY deck_id, ivl_bucket, ease_bucket
	ON CONFLICT (deck_id, ivl, ease) DO UPDATE SET
		cards = cards + excluded.cards');
CREATE INDEX cards_lapses ON cards(lapses, id) WHERE lapses > 0;
CREATE INDEX cards_leech ON cards(deck_id) WHERE leech = 1;
ALTER TABLE daily ADD COLUMN answers INTEGER NOT NULL DEFAULT 0;
UPDATE daily SET answers = x.n FROM (SELECT deck_id, day, count(*) AS n
	FROM reviews WHERE deck_id IS NOT NULL GROUP BY deck_id, day) AS x
	WHERE x.deck_id = daily.deck_id AND x.day = daily.day;
DROP TRIGGER daily_insert;
DROP TRIGGER daily_delete;
CREATE TRIGGER daily_insert AFTER INSERT ON reviews
WHEN new.deck_id IS NOT NULL BEGIN
	INSERT INTO daily (deck_id, day, reviews, fresh, ms, answers)
	VALUES (new.deck_id, new.day,
		new.scheduled AND new.due_before IS NOT NULL,
		new.scheduled AND new.due_before IS NULL, new.duration, 1)
	ON CONFLICT (deck_id, day) DO UPDATE SET
		reviews = reviews + excluded.reviews,
		fresh = fresh + excluded.fresh, ms = ms + excluded.ms,
		answers = answers + 1;
END;
CREATE TRIGGER daily_delete AFTER DELETE ON reviews BEGIN
	UPDATE daily SET
		reviews = reviews - (old.scheduled AND old.due_before IS NOT NULL),
		fresh = fresh - (old.scheduled AND old.due_before IS NULL),
		ms = ms - old.duration, answers = answers - 1
	WHERE deck_id = old.deck_id AND day = old.day;
END;

-- migration 16
-- The queue at any size: its sibling rule reads these two indexes only.
-- A deck's due reviews carry their group (source and line), so that the
-- first of each group is found in one walk of the due index; a group's
-- cards carry what decides which of them waits (deck, suspended, due,
-- buried), so that a new card's siblings are read from the index alone.
DROP INDEX cards_due;
CREATE INDEX cards_due ON cards(deck_id, due, buried_until, source,
	source_line) WHERE due IS NOT NULL AND suspended = 0;
DROP INDEX cards_source;
CREATE INDEX cards_source ON cards(source, source_line, deck_id, suspended,
	due, buried_until) WHERE source IS NOT NULL;

-- migration 17
-- The recall model (doc/MODEL.md).  Each fit of it is kept: its scope
-- (the whole collection, or one track), when, on how many reviews, up to
-- which answer of the log, its log loss on them and its weights.  Each
-- answer keeps the days the model aimed its due day at (NULL: SM-2's
-- interval did), so a replay (check, sync, undo) sets the same due day
-- without the fit that chose it.
ALTER TABLE reviews ADD COLUMN target INTEGER CHECK (target IS NULL OR
	target >= 1);
CREATE TABLE fits (
	id		INTEGER PRIMARY KEY,
	scope		TEXT NOT NULL CHECK (scope IN ('all', 'need', 'want')),
	time		INTEGER NOT NULL,	-- Unix seconds
	reviews		INTEGER NOT NULL,	-- the reviews it was fitted to
	last_review	INTEGER NOT NULL,	-- the newest answer it read
	loss		REAL NOT NULL,		-- its mean log loss on them
	w0 REAL NOT NULL, w1 REAL NOT NULL, w2 REAL NOT NULL,
	w3 REAL NOT NULL, w4 REAL NOT NULL, w5 REAL NOT NULL,
	w6 REAL NOT NULL, w7 REAL NOT NULL, w8 REAL NOT NULL
);
CREATE INDEX fits_scope ON fits(scope, id);

-- migration 18
-- The queue at any size, today's part.  For the newest day of the log
-- (last_day: no answer of the log is on a later day), each card's last
-- answer of that day, with what the sibling rule asks of the card (its
-- deck, group, suspended, buried), kept by the log's and the cards'
-- triggers: the queue reads today's answers from these few pages instead
-- of two random rows an answer (queue.c, queue_today_read, which reads
-- the log itself for a day before last_day).  check compares it with the
-- log.
CREATE TABLE last_day (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	day		INTEGER NOT NULL
);
INSERT INTO last_day (id, day)
	VALUES (1, coalesce((SELECT max(day) FROM reviews), -2147483648));
CREATE TABLE last_day_answers (
	card_id		INTEGER PRIMARY KEY REFERENCES cards(id)
			ON DELETE CASCADE,
	day		INTEGER NOT NULL,	-- last_day's, as every row
	review_id	INTEGER NOT NULL,
	grade		INTEGER NOT NULL,
	deck_id		INTEGER NOT NULL,
	suspended	INTEGER NOT NULL,
	buried_until	INTEGER NOT NULL,
	source		TEXT,
	source_line	INTEGER
);
INSERT INTO last_day_answers (card_id, day, review_id, grade, deck_id,
	suspended, buried_until, source, source_line)
	SELECT c.id, r.day, r.id, r.grade, c.deck_id, c.suspended,
		c.buried_until, c.source, c.source_line
	FROM reviews r JOIN cards c ON c.id = r.card_id
	WHERE r.day = (SELECT day FROM last_day) AND r.id = (SELECT max(id)
		FROM reviews WHERE card_id = r.card_id AND day = r.day);
-- An answer on a later day starts the cache afresh: the rows of the day
-- before go, found by the index (an answer on the cache's own day finds
-- none there, and reads no row).
CREATE INDEX last_day_answers_day ON last_day_answers(day);
CREATE TRIGGER last_day_insert AFTER INSERT ON reviews
WHEN new.day >= (SELECT day FROM last_day) BEGIN
	DELETE FROM last_day_answers WHERE day < new.day;
	UPDATE last_day SET day = new.day WHERE day < new.day;
	INSERT INTO last_day_answers (card_id, day, review_id, grade, deck_id,
		suspended, buried_until, source, source_line)
	SELECT id, new.day, new.id, new.grade, deck_id, suspended,
		buried_until, source, source_line FROM cards WHERE id = new.card_id
	ON CONFLICT (card_id) DO UPDATE SET review_id = excluded.review_id,
		grade = excluded.grade WHERE excluded.review_id > review_id;
END;
CREATE TRIGGER last_day_delete AFTER DELETE ON reviews
WHEN old.day = (SELECT day FROM last_day) BEGIN
	DELETE FROM last_day_answers WHERE card_id = old.card_id
		AND review_id = old.id;
	INSERT OR IGNORE INTO last_day_answers (card_id, day, review_id, grade,
		deck_id, suspended, buried_until, source, source_line)
	SELECT c.id, r.day, r.id, r.grade, c.deck_id, c.suspended,
		c.buried_until, c.source, c.source_line
	FROM reviews r JOIN cards c ON c.id = r.card_id
	WHERE r.card_id = old.card_id AND r.day = old.day
	ORDER BY r.id DESC LIMIT 1;
END;
CREATE TRIGGER last_day_card
AFTER UPDATE OF deck_id, suspended, buried_until, source, source_line ON cards
WHEN old.deck_id IS NOT new.deck_id OR old.suspended IS NOT new.suspended
	OR old.buried_until IS NOT new.buried_until
	OR old.source IS NOT new.source
	OR old.source_line IS NOT new.source_line BEGIN
	UPDATE last_day_answers SET deck_id = new.deck_id,
		suspended = new.suspended, buried_until = new.buried_until,
		source = new.source, source_line = new.source_line
	WHERE card_id = new.id;
END;
-- The new cards' index carries their group too, so that the queue's walk
-- of a deck's new cards reads no table rows.
DROP INDEX cards_new;
CREATE INDEX cards_new ON cards(deck_id, layer, id, buried_until, source,
	source_line) WHERE due IS NULL AND suspended = 0;
