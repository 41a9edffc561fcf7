-- A collection made by recall at schema version 1 (commit e7d293e),
-- for the migration test.  Load with: sqlite3 DB < collection-v1.sql
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE settings (
 key TEXT PRIMARY KEY,
 value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE decks (
 id  INTEGER PRIMARY KEY,
 name  TEXT NOT NULL UNIQUE,
 track  TEXT NOT NULL DEFAULT 'need'
   CHECK (track IN ('need', 'want')),
 weight  REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
 new_per_day INTEGER NOT NULL DEFAULT 20 CHECK (new_per_day >= 0),
 reviews_per_day INTEGER NOT NULL DEFAULT 200
   CHECK (reviews_per_day >= 0),
 start_ease REAL NOT NULL DEFAULT 2.5 CHECK (start_ease >= 1.3),
 fuzz  INTEGER NOT NULL DEFAULT 1 CHECK (fuzz IN (0, 1)),
 leech_threshold INTEGER NOT NULL DEFAULT 8
   CHECK (leech_threshold >= 0),
 layer_gate INTEGER NOT NULL DEFAULT 80
   CHECK (layer_gate BETWEEN 0 AND 100),
 created  INTEGER NOT NULL
);
INSERT INTO decks VALUES(1,'ml::transformers','need',2.0,20,200,2.5,1,8,80,1793527200);
INSERT INTO decks VALUES(2,'fun facts','want',1.0,5,200,2.5,1,8,80,1793527200);
CREATE TABLE summaries (
 id  INTEGER PRIMARY KEY,
 deck_id  INTEGER REFERENCES decks(id) ON DELETE SET NULL,
 title  TEXT NOT NULL,
 body  TEXT NOT NULL,
 created  INTEGER NOT NULL,
 modified INTEGER NOT NULL
);
CREATE TABLE cards (
 id  INTEGER PRIMARY KEY,
 deck_id  INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
 kind  TEXT NOT NULL DEFAULT 'basic'
   CHECK (kind IN ('basic', 'reverse', 'cloze')),
 cloze  INTEGER NOT NULL DEFAULT 0,
 front  TEXT NOT NULL,
 back  TEXT NOT NULL,
 note  TEXT,
 context  TEXT NOT NULL DEFAULT '',
 layer  TEXT NOT NULL DEFAULT 'skim'
   CHECK (layer IN ('skim', 'explore', 'deepen')),
 tags  TEXT NOT NULL DEFAULT '',
 source  TEXT,
 source_line INTEGER,
 summary_id INTEGER REFERENCES summaries(id) ON DELETE SET NULL,
 created  INTEGER NOT NULL,
 modified INTEGER NOT NULL,
 initial_ease REAL NOT NULL DEFAULT 2.5,
 repetition INTEGER NOT NULL DEFAULT 0,
 ease  REAL NOT NULL DEFAULT 2.5,
 interval INTEGER NOT NULL DEFAULT 0,
 due  INTEGER, -- day number; NULL while new
 reviews  INTEGER NOT NULL DEFAULT 0,
 passed  INTEGER NOT NULL DEFAULT 0,
 lapses  INTEGER NOT NULL DEFAULT 0,
 suspended INTEGER NOT NULL DEFAULT 0,
 buried_until INTEGER NOT NULL DEFAULT 0,
 leech  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO cards VALUES(1,1,'basic',0,'Why scale by 1/sqrt(d_k)?','To keep softmax out of saturation',NULL,'','explore','attention nlp',NULL,NULL,NULL,1793527200,1793527200,2.5,0,2.5,0,NULL,0,0,0,0,0,0);
INSERT INTO cards VALUES(2,2,'basic',0,'Capital of Australia','Canberra',NULL,'','skim','',NULL,NULL,NULL,1793527200,1793527200,2.5,0,2.5,0,NULL,0,0,0,0,0,0);
INSERT INTO cards VALUES(3,2,'reverse',0,'Canberra','Capital of Australia',NULL,'','skim','',NULL,NULL,NULL,1793527200,1793527200,2.5,0,2.5,0,NULL,0,0,0,0,0,0);
CREATE TABLE reviews (
 id  INTEGER PRIMARY KEY,
 card_id  INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
 time  INTEGER NOT NULL, -- Unix seconds
 day  INTEGER NOT NULL, -- day number answered on
 grade  INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
 duration INTEGER NOT NULL, -- milliseconds, capped
 scheduled INTEGER NOT NULL, -- 1 if it moved the schedule
 fuzz  INTEGER NOT NULL, -- 1 if fuzz was on
 rep_before INTEGER NOT NULL,
 ease_before REAL NOT NULL,
 interval_before INTEGER NOT NULL,
 due_before INTEGER,
 lapses_before INTEGER NOT NULL,
 passed_before INTEGER NOT NULL,
 rep_after INTEGER NOT NULL,
 ease_after REAL NOT NULL,
 interval_after INTEGER NOT NULL,
 due_after INTEGER,
 lapses_after INTEGER NOT NULL,
 leeched  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cards_deck ON cards(deck_id);
CREATE INDEX reviews_card ON reviews(card_id, id);
CREATE INDEX reviews_time ON reviews(time);
COMMIT;
PRAGMA user_version = 1;
PRAGMA application_id = 1380270924;
