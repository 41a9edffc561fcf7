#!/bin/sh
# deck new|list|show|set|rename|delete, and their errors.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

run recall deck new ml::transformers
status "deck new succeeds" 0
is "deck new says what it made" "$out" "created deck 'ml::transformers' (need track)"

run recall deck new "fun facts" --track want --weight 2
status "deck new with spaces, --track and --weight" 0
run recall deck new "it's \"quoted\""
status "deck names may contain quotes" 0

run recall deck new ml::transformers
status "a duplicate deck is refused" 1
like "the duplicate is named" "$err" "deck 'ml::transformers' already exists"

run recall deck new ""
status "an empty name is a usage error" 2
like "empty name message" "$err" "deck name is empty"
run recall deck new "a::"
status "an empty part of a name is a usage error" 2
run recall deck new x --weight 0
status "a weight out of range is a usage error" 2
like "and says the range deck set takes" "$err" "bad value '0' for weight \\(a number from 0.01 to 1000\\)"
run recall deck new x --track maybe
status "a bad track is a usage error" 2
like "usage line shown" "$err" "usage: deck new NAME"
run recall deck new
status "deck new without a name is a usage error" 2
like "missing argument said" "$err" "missing argument"
run recall deck new a b
status "deck new with two names is a usage error" 2
like "too many said" "$err" "too many arguments"
run recall deck new x --colour red
status "an unknown option is a usage error" 2
like "the option is named" "$err" "unknown option --colour"
run recall deck frobnicate
status "an unknown subcommand is a usage error" 2

run recall deck list
status "deck list" 0
like "header" "$out" "^DECK +TRACK +WEIGHT +CARDS +NEW +DUE +SUSP"
like "want deck listed" "$out" "^fun facts +want +2 +0"
like "need deck listed" "$out" "^ml::transformers +need +1"
run recall deck
status "deck alone lists" 0
like "deck alone shows decks" "$out" "ml::transformers"
run recall deck ls ml
status "deck list DECK shows the subtree" 0
unlike "only the subtree" "$out" "fun facts"

run recall deck set ml::transformers new-per-day 5
status "deck set new-per-day" 0
run recall deck set ml::transformers fuzz off
status "deck set fuzz off" 0
run recall deck set ml::transformers layer-gate 90
status "deck set layer-gate" 0
run recall deck show ml::transformers --json
is "new-per-day stored" "$(jqr .options.new_per_day)" 5
is "fuzz stored" "$(jqr .options.fuzz)" false
is "layer-gate stored" "$(jqr .options.layer_gate)" 90
run recall deck set ml::transformers layer-gate 101
status "layer-gate over 100 is a usage error" 2
like "range given" "$err" "from 0 to 100"
run recall deck set ml::transformers colour red
status "an unknown key is a usage error" 2
like "keys listed" "$err" "one of: track, ?weight"
run recall deck set ml::transformers track want
run recall deck show ml::transformers --json
is "track changed" "$(jqr .track)" want
run recall deck set nosuch weight 2
status "set on a missing deck" 1
like "missing deck named" "$err" "no deck named 'nosuch'"
run recall deck set ml::transformers weight
status "deck set with two arguments is a usage error" 2

run recall deck show ml::transformers
status "deck show" 0
like "layers drawn, an empty one said so" "$out" "skim .* no cards"
like "options shown" "$out" "new-per-day 5"

# Rename moves subdecks with the deck.
recall deck new ml::transformers::attention >/dev/null
run recall deck rename nosuch machine-learning
status "renaming a deck that does not exist fails" 1
recall deck new ml >/dev/null
run recall deck rename ml machine-learning
status "rename a parent" 0
run recall deck list --json
is "subdecks follow" "$(jqr '[.[].name] | sort | join(",")')" \
    "fun facts,it's \"quoted\",machine-learning,machine-learning::transformers,machine-learning::transformers::attention"
run recall deck rename "fun facts" machine-learning
status "rename onto an existing deck fails" 1

# Delete asks, or needs --force.
recall add --deck "fun facts" "q" "a" >/dev/null
run recall deck delete "fun facts" </dev/null
status "delete without --force and no terminal fails" 1
like "says why" "$err" "without --force"
run recall deck list --json
like "deck still there" "$(jqr '.[].name')" "fun facts"
run recall deck delete "fun facts" --force
status "delete --force" 0
is "says what went" "$out" "deleted deck 'fun facts' and 1 card"
run recall deck delete machine-learning -f
status "delete -f with subdecks" 0
run recall deck list --json
is "only one deck left" "$(jqr 'length')" 1

done_testing
