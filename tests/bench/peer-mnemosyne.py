#!/usr/bin/python3
# peer-mnemosyne.py DATA_DIR FILE...: the peer of the benchmark.
#
# Creates in Mnemosyne (Debian package mnemosyne, through its scripting
# API mnemosyne.script) the cards of the summaries that make-summaries.sh
# writes: one front-to-back card a "front :: back #tag" line, tagged with
# its deck (Mnemosyne's tags are its decks; "::" is its hierarchy too)
# and its tags.  Cards are made the way Mnemosyne's own tab-separated
# importer makes them (create_new_cards without the duplicate check and
# without a save each), then saved once: its fastest bulk path.  DATA_DIR
# must not exist.  Prints the number of cards in the database.

import os
import sys


def cards_of(path):
    """Yield (front, back, tags) of each card of the summary at PATH."""
    deck, tags, fences = "", [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "---" and fences < 2:
                fences += 1
            elif fences == 1:
                if line.startswith("deck: "):
                    deck = line[6:]
                elif line.startswith("tags: "):
                    tags = line[6:].split()
            elif " :: " in line and not line.startswith("#"):
                front, back = line.split(" :: ", 1)
                own = []
                while True:
                    head, sep, tag = back.rpartition(" #")
                    if not sep or " " in tag or not tag:
                        break
                    back = head
                    own.append(tag)
                yield front, back, [deck] + tags + own


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: peer-mnemosyne.py DATA_DIR FILE...\n")
        return 2
    data_dir = sys.argv[1]
    if os.path.exists(data_dir):
        sys.stderr.write("peer-mnemosyne.py: %s exists\n" % data_dir)
        return 1
    from mnemosyne.script import Mnemosyne

    mnemosyne = Mnemosyne(data_dir)
    controller = mnemosyne.controller()
    card_type = mnemosyne.card_type_with_id("1")  # front to back
    for path in sys.argv[2:]:
        for front, back, tags in cards_of(path):
            controller.create_new_cards({"f": front, "b": back}, card_type,
                                        grade=-1, tag_names=tags,
                                        check_for_duplicates=False,
                                        save=False)
    database = mnemosyne.database()
    database.save()
    print(database.card_count())
    mnemosyne.finalise()
    return 0


if __name__ == "__main__":
    sys.exit(main())
