#!/bin/sh
# The man page and the command table agree: every option a command's table
# declares is in the command's entry in doc/recall.1 and in its usage line,
# and every option those name is in the table.  The table is read from the
# binary, through the spec the completion scripts are generated from.
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

# Options named on a line of roff or usage text, one a line.
options_of() {
	sed -e 's/\\-/-/g' -e 's/\\f[IBRP]//g' -e 's/"//g' |
	    grep -Eo -- '(^|[^a-z-])--?[a-z][a-z-]*' | sed 's/^[^-]//'
}

# The lines of the man page's COMMANDS section that open a command's entry,
# plain text, each as "COMMAND ..." (several on one line split at ", ").
awk '
	/^\.SH/ { in_commands = ($2 == "COMMANDS") }
	in_commands && prev ~ /^\.TP/ && /^\.B/ { print }
	{ prev = $0 }' "$MAN" |
    sed -e 's/^\.B[IR]* //' -e 's/\\-/-/g' -e 's/\\f[IBRP]//g' \
	-e 's/"//g' -e 's/\[//g' -e 's/\]//g' -e 's/  */ /g' |
    sed 's/, \([a-z]\)/\
\1/g' >"$TMP/entries"

# man_options KEY: the options the man page names for a command (a parent's
# are those of all its entries).
man_options() {
	awk -v key="$1" '{
		k = $1 " " $2
		if (k == key || $1 == key)
			print
	}' "$TMP/entries" | options_of | sort -u
}

# usage_options KEY: the options in the command's usage line.
usage_options() {
	# shellcheck disable=SC2086
	recall help $1 | sed -n 's/^usage: //p' | options_of | sort -u
}

# long_names OPTS: a sed script that turns -x into the long name of x.
long_names() {
	printf '%s\n' $1 | sed -n 's/^\(--.*\):\(.\)$/s|^-\2$|\1|/p'
}

while IFS="	" read -r key opts; do
	table=$(printf '%s\n' $opts | sed 's/:.$//' | grep . | sort -u)
	long_names "$opts" >"$TMP/sed"
	man=$(man_options "$key" | sed -f "$TMP/sed" | sort -u)
	usage=$(usage_options "$key" | sed -f "$TMP/sed" | sort -u)
	case $key in
	deck|later)
		# A parent alone runs its list: its usage names the
		# subcommands, and its options are those of the list.
		man=$(man_options "$key list" | sed -f "$TMP/sed" | sort -u)
		usage=$(usage_options "$key list" | sed -f "$TMP/sed" |
		    sort -u) ;;
	esac
	missing=$(printf '%s\n' "$table" | grep -vxF -e "$man" -e "" || true)
	extra=$(printf '%s\n' "$man" | grep -vxF -e "$table" -e "" || true)
	is "the man page names every option of '$key'" "$missing" ""
	is "every option the man page gives '$key' is in its table" "$extra" ""
	missing=$(printf '%s\n' "$table" | grep -vxF -e "$usage" -e "" || true)
	extra=$(printf '%s\n' "$usage" | grep -vxF -e "$table" -e "" || true)
	is "the usage of '$key' names every option" "$missing" ""
	is "every option in the usage of '$key' is in its table" "$extra" ""
done <"$TMP/table"

is "the table lists every command" \
    "$(cut -f1 "$TMP/table" | grep -c .)" "36"

done_testing
