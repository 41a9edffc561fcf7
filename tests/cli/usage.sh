#!/bin/sh
# Usage lines are made from the command table: positionals, then the
# options in table order with their values' names or choices, options that
# exclude each other in one pair of brackets, then --json.  Errors, --help,
# help and the help of a parent all show the same lines.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

run recall balance --help
status "--help after a command" 0
is "a value's name comes from the table" "$(printf '%s\n' "$out" | head -n1)" \
    "usage: balance [NEED:WANT] [--window DAYS] [--json]"
run recall help balance
is "help COMMAND shows the same line" "$(printf '%s\n' "$out" | head -n1)" \
    "usage: balance [NEED:WANT] [--window DAYS] [--json]"

run recall balance --bogus
status "an unknown option is a usage error" 2
is "the error, then the usage line" "$err" "recall: balance: unknown option --bogus
usage: balance [NEED:WANT] [--window DAYS] [--json]"
run recall balance --window
status "an option without its value is a usage error" 2
like "the value's option is named" "$err" "option --window needs a value"
like "with the usage line" "$err" \
    "^usage: balance \\[NEED:WANT\\] \\[--window DAYS\\] \\[--json\\]\$"
run recall balance --json=yes
status "a value for a flag is a usage error" 2
like "the flag is named" "$err" "option --json takes no value"

run recall deck new
status "a missing positional is a usage error" 2
like "choices stand for the value" "$err" \
    "^usage: deck new NAME \\[--track need\\|want\\] \\[--weight W\\] \\[--json\\]\$"
run recall export --bogus
like "a command that does not report has no --json" "$err" \
    "^usage: export \\[--deck D\\] \\[--format summary\\|anki-tsv\\|json\\|review-log\\] \\[--output FILE\\] \\[--force\\]\$"
run recall add a b c
like "positionals come before the options" "$err" \
    "^usage: add FRONT BACK \\[--deck D\\] \\[--layer L\\] \\[--tags T\\] \\[--reverse\\] \\[--json\\]\$"
run recall quit --bogus
like "a command with no positionals nor options" "$err" "^usage: quit\$"

run recall cards --new --due
status "two options of one group is a usage error" 2
like "the group's options are named" "$err" \
    "cards: only one of --new, --due, --suspended, --leech"
like "a group is one pair of brackets" "$err" \
    "^usage: cards \\[--deck D\\] \\[--layer L\\] \\[--tag T\\] \\[--new\\|--due\\|--suspended\\|--leech\\] \\[--json\\]\$"
run recall cards --due --due
status "one option given twice is not two of its group" 0

run recall deck frobnicate
status "an unknown subcommand is a usage error" 2
is "a parent's usage names its subcommands" \
    "$(printf '%s\n' "$err" | sed -n 2p)" \
    "usage: deck delete|list|new|rename|set|show ..."
run recall help deck
like "help on a parent gives each subcommand's usage" "$out" \
    "^  deck new NAME \\[--track need\\|want\\] \\[--weight W\\] \\[--json\\]\$"
like "and later ones" "$out" "^  deck set NAME KEY VALUE\$"

run recall help deepdive
is "a parent with positionals has its own form, then its subcommands" \
    "$(printf '%s\n' "$out" | sed -n 1,2p)" \
    "usage: deepdive [TOPIC [DURATION]] [--deck D] [--json]
       deepdive done ..."
like "its subcommand's usage is listed" "$out" \
    "^  deepdive done \\[--summarize\\|--bookmark\\|--schedule DAY\\]\$"
run recall deepdive done --summarize --bookmark
status "deepdive done takes one of its options" 2
like "deepdive done's usage" "$err" \
    "^usage: deepdive done \\[--summarize\\|--bookmark\\|--schedule DAY\\]\$"
run recall deepdive optics --bookmark
status "an option of deepdive done is not deepdive's" 2
like "named as unknown" "$err" "deepdive: unknown option --bookmark"
run recall deepdive done
status "deepdive done with none running fails" 1
# A parent with positionals of its own knows its subcommands by whole
# name: "do" is a topic, not a prefix of done.
run recall deepdive do 10m
status "a topic that begins a subcommand's name" 0
run recall deepdive
like "is the topic" "$out" "^deep dive on 'do': "
run recall deepdive done --bookmark
status "deepdive done ends it" 0

run recall later --bogus
like "a parent that runs alone" "$err" "^usage: later add\\|done\\|list \\.\\.\\.\$"
run recall later --all
status "takes the options of what it runs" 0

done_testing
