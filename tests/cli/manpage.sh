#!/bin/sh
# The man page and the command table agree: each command's entry in
# doc/recall.1 opens with the very usage line recall makes from the table,
# every man page entry is the usage of a command, and a usage line names
# every option the table declares.  The table is read from the binary,
# through the spec the completion scripts are generated from.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

MAN="$TOP_SRCDIR/doc/recall.1"

# The table, one line per command: "KEY<tab>--long[:x] --long ...", x the
# letter of the option.
recall completion bash | awk '
	/^\t[^\t].*\)$/ {
		key = $0
		sub(/^\t/, "", key)
		sub(/\|.*/, "", key)
		sub(/\)$/, "", key)
		gsub(/'\''/, "", key)
		next
	}
	key != "" && /^\t\t_recall_opts=/ {
		v = $0
		sub(/^\t\t_recall_opts='\''/, "", v)
		sub(/'\''$/, "", v)
		n = split(v, t, " ")
		line = ""
		for (i = 1; i <= n; i++) {
			o = t[i]
			sub(/=.*/, "", o)
			if (o ~ /^.\//)
				o = substr(o, 3) ":" substr(o, 1, 1)
			line = line " --" o
		}
		print key "\t" line
		key = ""
	}' >"$TMP/table"

# The lines of the man page's COMMANDS section that open a command's entry,
# as plain text (roff's font macros undone: .B joins its words with
# spaces, .BR and the like without), several on one line split at ", ".
# Lists set in (.RS, like the keys of a review) are not entries.
awk '
	function plain(line,	macro, rest, sep, out, tok, n) {
		macro = line
		sub(/ .*/, "", macro)
		rest = substr(line, length(macro) + 2)
		sep = (macro == ".B" || macro == ".I") ? " " : ""
		out = ""
		n = 0
		while (rest != "") {
			if (sub(/^ +/, "", rest))
				continue
			if (match(rest, /^"[^"]*"/))
				tok = substr(rest, 2, RLENGTH - 2)
			else {
				match(rest, /^[^ ]+/)
				tok = substr(rest, 1, RLENGTH)
			}
			rest = substr(rest, RLENGTH + 1)
			out = out (n++ ? sep : "") tok
		}
		gsub(/\\-/, "-", out)
		gsub(/\\f[IBRP]/, "", out)
		return out
	}
	/^\.SH/ { in_commands = ($2 == "COMMANDS") }
	/^\.RS/ { inset++ }
	/^\.RE/ { inset-- }
	in_commands && !inset && prev == ".TP" && /^\.[BI]/ { print plain($0) }
	{ prev = $0 }' "$MAN" | sed 's/, \([a-z]\)/\
\1/g' >"$TMP/entries"

# options_of: the options named in usage text, one a line.
options_of() {
	grep -Eo -- '(^|[^a-z-])--?[a-z][a-z-]*' | sed 's/^[^-]//'
}

# usage KEY: the first line of a command's usage.
usage() {
	# shellcheck disable=SC2086
	recall help $1 | sed -n 's/^usage: //p'
}

: >"$TMP/usages"
while IFS="	" read -r key opts; do
	line=$(usage "$key")
	printf '%s\n' "$line" >>"$TMP/usages"
	table=$(printf '%s\n' $opts | sed -e 's/:.$//' -e '/^--help$/d' |
	    grep . | sort -u)
	named=$(printf '%s\n' "$line" | options_of | sort -u)
	case $line in
	*' ...')
		# A parent alone: its usage names the subcommands, whose
		# entries the man page has.
		like "the usage of '$key' names its subcommands" "$line" \
		    "^$key [a-z]+(\\|[a-z]+)* \\.\\.\\.\$"
		continue ;;
	esac
	is "the usage of '$key' names every option of its table" "$named" \
	    "$table"
	is "the man page's entry for '$key' is its usage line" \
	    "$(grep -cxF -e "$line" "$TMP/entries")" "1"
done <"$TMP/table"

while IFS= read -r entry; do
	is "the man page's '$entry' is a command's usage" \
	    "$(grep -cxF -e "$entry" "$TMP/usages")" "1"
done <"$TMP/entries"

is "the table lists every command" \
    "$(cut -f1 "$TMP/table" | grep -c .)" "45"

done_testing
