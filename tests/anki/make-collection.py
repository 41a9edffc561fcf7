#!/usr/bin/env python3
"""Build a small but complete Anki collection, for recall's import tests.

    make-collection.py --schema 11|18 [--sched 1|2] [--scale N] OUT

The tables and columns are Anki's own (rslib/src/storage/schema11.sql and
upgrades/schema14..18_upgrade.sql in ankitects/anki).  Schema 11 keeps the
decks and note types as JSON in col; schema 18 keeps them in the decks,
notetypes, fields and templates tables, their details as protobuf messages
(proto/anki/decks.proto, notetypes.proto), and deck names with levels
separated by 0x1f.

The content: decks Default, Geography, Geography::Capitals, Languages and a
filtered deck; note types Basic, Basic (and reversed card), Basic (optional
reversed card), Basic (type in the answer) and Cloze; notes with HTML,
media, tags; a suspended, a buried card and one in the filtered deck; a
revlog with every type (0 learn, 1 review, 2 relearn, 3 filtered, 4 manual,
5 rescheduled) and ease 0 rows, and a row of a deleted card.

--scale N adds N generated Basic notes with 10 reviews each (for the
benchmark: --scale 50000 gives 50k cards and 500k reviews).
"""

import argparse
import json
import os
import random
import sqlite3
import sys

DAY_MS = 86400 * 1000
T0 = 1704067200 * 1000  # 2024-01-01T00:00:00Z, in ms

SCHEMA_COMMON = """
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL,
  usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
  tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL,
  flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
  type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
  ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
  factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL
);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

SCHEMA_11 = """
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL,
  type integer NOT NULL);
"""

SCHEMA_18 = """
CREATE TABLE deck_config (
  id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE nocase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL
);
CREATE TABLE config (
  KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL,
  mtime_secs integer NOT NULL, val blob NOT NULL
) without rowid;
CREATE TABLE fields (
  ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE nocase, config blob NOT NULL,
  PRIMARY KEY (ntid, ord)
) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (
  ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE nocase, mtime_secs integer NOT NULL,
  usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)
) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE INDEX idx_templates_usn ON templates (usn);
CREATE TABLE notetypes (
  id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE nocase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL
);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE INDEX idx_notetypes_usn ON notetypes (usn);
CREATE TABLE decks (
  id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE nocase,
  mtime_secs integer NOT NULL, usn integer NOT NULL,
  common blob NOT NULL, kind blob NOT NULL
);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE INDEX idx_notes_mid ON notes (mid);
CREATE INDEX idx_cards_odid ON cards (odid) WHERE odid != 0;
CREATE TABLE tags (
  tag text NOT NULL PRIMARY KEY COLLATE nocase, usn integer NOT NULL,
  collapsed boolean NOT NULL, config blob NULL
) without rowid;
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL,
  usn integer NOT NULL, PRIMARY KEY (oid, type)) WITHOUT ROWID;
"""

# --- protobuf, as the schema 15+ tables hold it -------------------------


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def pb_varint(num, v):
    return varint(num << 3) + varint(v)


def pb_bytes(num, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return varint((num << 3) | 2) + varint(len(data)) + data


def notetype_config(cloze, css):
    # Notetype.Config: kind = 1, sort_field_idx = 2, css = 3,
    # other = 255 (bytes Anki keeps as they are).
    msg = b""
    if cloze:
        msg += pb_varint(1, 1)
    msg += pb_varint(2, 0) + pb_bytes(3, css) + pb_bytes(255, b"{}")
    return msg


def template_config(qfmt, afmt):
    # Notetype.Template.Config: q_format = 1, a_format = 2,
    # q_format_browser = 3, target_deck_id = 5, id = 8.
    return (pb_bytes(1, qfmt) + pb_bytes(2, afmt) + pb_bytes(3, "") +
            pb_varint(5, 0) + pb_varint(8, 12345))


def field_config():
    # Notetype.Field.Config: font_name = 3, font_size = 4.
    return pb_bytes(3, "Arial") + pb_varint(4, 20)


def deck_kind(filtered):
    # Deck.KindContainer: normal = 1 (config_id = 1), filtered = 2
    # (reschedule = 1, a search term).
    if filtered:
        term = pb_bytes(1, "deck:Geography") + pb_varint(2, 100)
        return pb_bytes(2, pb_varint(1, 1) + pb_bytes(2, term))
    return pb_bytes(1, pb_varint(1, 1))


# --- the content ---------------------------------------------------------

DECKS = [
    (1, "Default", False),
    (1001, "Geography", False),
    (1002, "Geography::Capitals", False),
    (1003, "Languages", False),
    (1004, "Filtered Deck 1", True),
]

BACK_SIDE = "{{FrontSide}}\n\n<hr id=answer>\n\n"
MODELS = [
    (2001, "Basic", False, ["Front", "Back"],
     [("Card 1", "{{Front}}", BACK_SIDE + "{{Back}}")]),
    (2002, "Basic (and reversed card)", False, ["Front", "Back"],
     [("Card 1", "{{Front}}", BACK_SIDE + "{{Back}}"),
      ("Card 2", "{{Back}}", BACK_SIDE + "{{Front}}")]),
    (2003, "Cloze", True, ["Text", "Back Extra"],
     [("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")]),
    (2004, "Basic (optional reversed card)", False,
     ["Front", "Back", "Add Reverse"],
     [("Card 1", "{{Front}}", BACK_SIDE + "{{Back}}"),
      ("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
       BACK_SIDE + "{{Front}}")]),
    (2005, "Basic (type in the answer)", False, ["Front", "Back"],
     [("Card 1", "{{Front}}\n\n{{type:Back}}",
       "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}")]),
]

# (note id, guid, model, deck, tags, fields, cards: [(ord, queue, did, odid)])
NOTES = [
    (3001, "gUiD-France", 2001, 1001, " geo europe ",
     ["Capital of <b>France</b>?",
      "Paris<br>on the Seine &amp; more&nbsp;than that"],
     [(0, 2, 1004, 1001)]),
    (3002, "gUiD-Japan", 2001, 1002, " geo::asia 2024 ",
     ["Capital of Japan<div><img src=\"japan.png\"></div>",
      "Tokyo [sound:tokyo.mp3]"],
     [(0, 2, 1002, 0)]),
    (3003, "gUiD-Hund", 2002, 1003, " de ",
     ["der Hund", "the dog"],
     [(0, 2, 1003, 0), (1, -1, 1003, 0)]),
    (3004, "gUiD-Canberra", 2003, 1003, "",
     ["{{c1::Canberra}} is the capital of {{c2::Australia::country}}.",
      "since 1913"],
     [(0, 2, 1003, 0), (1, 0, 1003, 0)]),
    (3005, "gUiD-Optional", 2004, 1, "",
     ["la mer", "the sea", ""],
     [(0, 0, 1, 0)]),
    (3006, "gUiD-Optional2", 2004, 1, "",
     ["le ciel", "the sky", "y"],
     [(0, 0, 1, 0), (1, 0, 1, 0)]),
    (3007, "gUiD-Typing", 2005, 1, "",
     ["2 + 2", "4"],
     [(0, -3, 1, 0)]),
    (3008, "gUiD-NoBack", 2001, 1, "",
     ["a card whose back is empty", ""],
     [(0, 0, 1, 0)]),
]


def card_id(nid, ord_):
    return 1700000000000 + nid * 10 + ord_


# (card, day, hour, ease, type, time ms): every revlog type
REVLOG = [
    # France: learn, review, a lapse (relearn), then in the filtered deck
    (card_id(3001, 0), 0, 9, 1, 0, 8000),
    (card_id(3001, 0), 0, 10, 3, 0, 5000),
    (card_id(3001, 0), 1, 9, 3, 1, 4000),
    (card_id(3001, 0), 4, 9, 1, 1, 12000),
    (card_id(3001, 0), 4, 10, 3, 2, 6000),
    (card_id(3001, 0), 5, 9, 4, 1, 3000),
    (card_id(3001, 0), 6, 9, 3, 3, 2000),  # cramming in a filtered deck
    # Japan: reviews, a manual reschedule (ease 0), rescheduled (type 5)
    (card_id(3002, 0), 0, 11, 3, 0, 7000),
    (card_id(3002, 0), 1, 11, 2, 1, 9000),
    (card_id(3002, 0), 3, 11, 0, 4, 0),  # set due date by hand
    (card_id(3002, 0), 4, 11, 3, 1, 61000),
    (card_id(3002, 0), 9, 11, 0, 5, 0),  # rescheduled by FSRS
    # Hund, both cards; the reverse is suspended after
    (card_id(3003, 0), 2, 8, 3, 0, 3000),
    (card_id(3003, 0), 3, 8, 4, 1, 2000),
    (card_id(3003, 1), 2, 8, 2, 0, 4000),
    # Canberra c1
    (card_id(3004, 0), 1, 12, 1, 0, 9000),
    (card_id(3004, 0), 1, 13, 1, 0, 8000),
    (card_id(3004, 0), 1, 14, 3, 0, 7000),
    (card_id(3004, 0), 2, 12, 3, 1, 6000),
    # Typing: answered, then buried
    (card_id(3007, 0), 3, 15, 3, 0, 5000),
    # a card since deleted
    (1600000000000, 2, 9, 3, 1, 1000),
]


def revlog_id(day, hour):
    return T0 + day * DAY_MS + hour * 3600 * 1000


def build(path, schema, sched, scale):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_COMMON)
    db.executescript(SCHEMA_11 if schema == 11 else SCHEMA_18)
    models = {}
    for mid, name, cloze, fields, tmpls in MODELS:
        models[str(mid)] = {
            "id": mid, "name": name, "type": 1 if cloze else 0,
            "mod": 1700000000, "usn": -1, "sortf": 0, "did": 1,
            "css": ".card { font-family: arial; }", "latexPre": "",
            "latexPost": "", "tags": [], "vers": [],
            "flds": [{"name": f, "ord": i, "sticky": False, "rtl": False,
                      "font": "Arial", "size": 20, "media": []}
                     for i, f in enumerate(fields)],
            "tmpls": [{"name": t, "ord": i, "qfmt": q, "afmt": a,
                       "did": None, "bqfmt": "", "bafmt": ""}
                      for i, (t, q, a) in enumerate(tmpls)],
            "req": [[i, "any", [0]] for i in range(len(tmpls))],
        }
    decks = {}
    for did, name, filtered in DECKS:
        d = {"id": did, "name": name, "mod": 1700000000, "usn": -1,
             "collapsed": False, "desc": "", "dyn": 1 if filtered else 0,
             "conf": 1, "newToday": [0, 0], "revToday": [0, 0],
             "lrnToday": [0, 0], "timeToday": [0, 0]}
        if filtered:
            d.update({"terms": [["deck:Geography", 100, 0]],
                      "resched": True, "delays": None})
        decks[str(did)] = d
    conf = {"schedVer": sched, "curDeck": 1, "nextPos": 1}
    dconf = {"1": {"id": 1, "name": "Default", "new": {}, "rev": {},
                   "lapse": {}}}
    ver = schema
    if schema == 11:
        db.execute("INSERT INTO col VALUES (1, 1704067200, 1700000000000, "
                   "1700000000000, ?, 0, 0, 0, ?, ?, ?, ?, '{}')",
                   (ver, json.dumps(conf), json.dumps(models),
                    json.dumps(decks), json.dumps(dconf)))
    else:
        db.execute("INSERT INTO col VALUES (1, 1704067200, 1700000000000, "
                   "1700000000000, ?, 0, 0, 0, '', '', '', '', '')",
                   (ver,))
        for key, val in conf.items():
            db.execute("INSERT INTO config VALUES (?, 0, 0, ?)",
                       (key, json.dumps(val).encode()))
        db.execute("INSERT INTO deck_config VALUES (1, 'Default', 0, 0, ?)",
                   (b"",))
        for mid, name, cloze, fields, tmpls in MODELS:
            db.execute("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)",
                       (mid, name, notetype_config(
                           cloze, ".card { font-family: arial; }")))
            for i, f in enumerate(fields):
                db.execute("INSERT INTO fields VALUES (?, ?, ?, ?)",
                           (mid, i, f, field_config()))
            for i, (t, q, a) in enumerate(tmpls):
                db.execute("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)",
                           (mid, i, t, template_config(q, a)))
        for did, name, filtered in DECKS:
            db.execute("INSERT INTO decks VALUES (?, ?, 0, 0, ?, ?)",
                       (did, name.replace("::", "\x1f"), pb_varint(3, 0),
                        deck_kind(filtered)))
        for tag in ("geo", "europe", "geo::asia", "2024", "de"):
            db.execute("INSERT INTO tags VALUES (?, 0, 0, NULL)", (tag,))
    for nid, guid, mid, did, tags, fields, cards in NOTES:
        db.execute("INSERT INTO notes VALUES (?, ?, ?, 0, -1, ?, ?, ?, 0, "
                   "0, '')", (nid, guid, mid, tags, "\x1f".join(fields),
                              fields[0]))
        for ord_, queue, cdid, odid in cards:
            ctype = 0 if queue == 0 else 2
            db.execute("INSERT INTO cards VALUES (?, ?, ?, ?, 0, -1, ?, ?, "
                       "0, 0, 2500, 0, 0, 0, 0, ?, 0, '')",
                       (card_id(nid, ord_), nid, cdid, ord_, ctype, queue,
                        odid))
    used = set()

    def unique(rid):
        while rid in used:
            rid += 1
        used.add(rid)
        return rid

    for cid, day, hour, ease, rtype, ms in REVLOG:
        db.execute("INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 0, 2500, ?, "
                   "?)", (unique(revlog_id(day, hour) + cid % 1000), cid,
                          ease, ms, rtype))
    rng = random.Random(7)
    for i in range(scale):
        nid = 10_000_000 + i
        cid = 1710000000000 + i
        db.execute("INSERT INTO notes VALUES (?, ?, 2001, 0, -1, ' gen ', "
                   "?, ?, 0, 0, '')",
                   (nid, "gen%d" % i,
                    "question <b>%d</b>\x1fanswer %d" % (i, i),
                    "question %d" % i))
        db.execute("INSERT INTO cards VALUES (?, ?, 1001, 0, 0, -1, 2, 2, 0, "
                   "0, 2500, 0, 0, 0, 0, 0, 0, '')", (cid, nid))
        when = T0 + rng.randrange(30) * DAY_MS
        for k in range(10):
            ease = rng.choice((1, 3, 3, 3, 4, 2))
            db.execute("INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 0, "
                       "2500, ?, ?)",
                       (unique(when), cid, ease, rng.randrange(20000),
                        0 if k == 0 else 1))
            when += (k + 1) * DAY_MS + rng.randrange(3600000)
    db.commit()
    db.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schema", type=int, choices=(11, 18), required=True)
    ap.add_argument("--sched", type=int, choices=(1, 2), default=2)
    ap.add_argument("--scale", type=int, default=0)
    ap.add_argument("out")
    args = ap.parse_args()
    build(args.out, args.schema, args.sched, args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
