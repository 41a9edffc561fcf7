/*
 * completion: print the bash or zsh completion script for one-shot use, made
 * from the command table (the same entries that drive the REPL's
 * completion), or the deck names the script offers.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

static enum cmd_retval	cmd_completion_exec(struct cmd_ctx *, struct args *);

const struct cmd_entry cmd_completion_entry = {
	.name = "completion",
	.args = { NULL, 1, 1, "bash|zsh|decks" },
	.help = "Print the bash or zsh completion script (installed by "
	    "'make install'; or: source <(recall completion bash)), or the "
	    "deck names they offer.",
	.complete = "bash,zsh,decks",
	.exec = cmd_completion_exec
};

/*
 * The part of the script that reads the line and the table below it.
 * Bash breaks words at ':' and '=', so the words are first put back
 * together from COMP_LINE (deck names like ml::transformers, --deck=D).
 */
static const char completion_bash_code[] =
"# The words up to the cursor, rejoined where bash broke them at : or =.\n"
"_recall_words()\n"
"{\n"
"\tlocal line=$COMP_LINE i w off=0 sp\n"
"\t_recall_w=()\n"
"\tfor (( i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++ )); do\n"
"\t\tw=${COMP_WORDS[i]}\n"
"\t\tsp=0\n"
"\t\twhile [[ ${line:$off:1} == [[:space:]] ]]; do\n"
"\t\t\t(( off++ ))\n"
"\t\t\tsp=1\n"
"\t\tdone\n"
"\t\tif (( i == 0 || sp )); then\n"
"\t\t\t_recall_w+=(\"$w\")\n"
"\t\telse\n"
"\t\t\t_recall_w[${#_recall_w[@]}-1]+=$w\n"
"\t\tfi\n"
"\t\t(( off += ${#w} ))\n"
"\tdone\n"
"\t(( COMP_CWORD >= ${#COMP_WORDS[@]} )) && _recall_w+=(\"\")\n"
"\t_recall_c=$(( ${#_recall_w[@]} - 1 ))\n"
"}\n"
"\n"
"# Add the words of a list (spaces or commas) that start with $2.\n"
"_recall_list()\n"
"{\n"
"\tlocal IFS=$' ,\\n'\n"
"\tCOMPREPLY+=($(compgen -W \"$1\" -- \"$2\"))\n"
"}\n"
"\n"
"# Add what a kind offers: @deck, @file, @command, @deckkey, @setting,\n"
"# a list.\n"
"_recall_kind()\n"
"{\n"
"\tlocal IFS=$'\\n' d\n"
"\tcase $1 in\n"
"\t@file)\n"
"\t\tcompopt -o filenames 2>/dev/null\n"
"\t\tCOMPREPLY+=($(compgen -f -- \"$2\")) ;;\n"
"\t@deck)\n"
"\t\tfor d in $(\"${_recall_cmd[@]}\" completion decks 2>/dev/null); do\n"
"\t\t\t[[ $d == \"$2\"* ]] && COMPREPLY+=(\"${d// /\\\\ }\")\n"
"\t\tdone ;;\n"
"\t@command) _recall_list \"$_recall_commands\" \"$2\" ;;\n"
"\t@deckkey) _recall_list \"$_recall_deckkeys\" \"$2\" ;;\n"
"\t@setting) _recall_list \"$_recall_settings\" \"$2\" ;;\n"
"\t-|'') ;;\n"
"\t*) _recall_list \"$1\" \"$2\" ;;\n"
"\tesac\n"
"}\n"
"\n"
"# The value an option of the command takes (@deck, a list, or\n"
"# nothing for a free value); fails for a flag or an unknown option.\n"
"_recall_optval()\n"
"{\n"
"\tlocal t name short\n"
"\tfor t in $_recall_opts; do\n"
"\t\tname=${t%%=*}\n"
"\t\tshort=\n"
"\t\tif [[ $name == ?/* ]]; then\n"
"\t\t\tshort=${name:0:1}\n"
"\t\t\tname=${name:2}\n"
"\t\tfi\n"
"\t\tif [[ $1 == \"--$name\" || ( -n $short && $1 == \"-$short\" ) ]]; then\n"
"\t\t\t[[ $t == *=* ]] || return 1\n"
"\t\t\tprintf '%s\\n' \"${t#*=}\"\n"
"\t\t\treturn 0\n"
"\t\tfi\n"
"\tdone\n"
"\treturn 1\n"
"}\n"
"\n"
"# Complete the arguments of the command whose spec is loaded, from\n"
"# word $1 on.\n"
"_recall_args()\n"
"{\n"
"\tlocal cur=${_recall_w[_recall_c]} prev= j n=0 w v t kind=\n"
"\t(( _recall_c > $1 )) && prev=${_recall_w[_recall_c-1]}\n"
"\tif [[ $prev == -?* && $prev != *=* ]] &&\n"
"\t    v=$(_recall_optval \"$prev\"); then\n"
"\t\t_recall_kind \"$v\" \"$cur\"\n"
"\t\treturn\n"
"\tfi\n"
"\tif [[ $cur == --*=* ]]; then\n"
"\t\tv=$(_recall_optval \"${cur%%=*}\") || return\n"
"\t\t_recall_kind \"$v\" \"${cur#*=}\"\n"
"\t\tCOMPREPLY=(\"${COMPREPLY[@]/#/${cur%%=*}=}\")\n"
"\t\treturn\n"
"\tfi\n"
"\tif [[ $cur == -* ]]; then\n"
"\t\tfor t in $_recall_opts; do\n"
"\t\t\tt=${t%%=*}\n"
"\t\t\t[[ $t == ?/* ]] && t=${t:2}\n"
"\t\t\tw+=\" --$t\"\n"
"\t\tdone\n"
"\t\t_recall_list \"$w --help\" \"$cur\"\n"
"\t\treturn\n"
"\tfi\n"
"\tfor (( j = $1; j < _recall_c; j++ )); do\n"
"\t\tw=${_recall_w[j]}\n"
"\t\tif [[ $w == -?* ]]; then\n"
"\t\t\t[[ $w != *=* ]] && _recall_optval \"$w\" >/dev/null &&\n"
"\t\t\t    (( j++ ))\n"
"\t\t\tcontinue\n"
"\t\tfi\n"
"\t\t(( n++ ))\n"
"\tdone\n"
"\t# The nth kind; the last one goes on for the arguments after it.\n"
"\tfor t in $_recall_kinds; do\n"
"\t\tkind=$t\n"
"\t\t(( n-- == 0 )) && break\n"
"\tdone\n"
"\t_recall_kind \"$kind\" \"$cur\"\n"
"}\n"
"\n"
"# Bash replaces only the part of the word after its last : or =.\n"
"_recall_trim()\n"
"{\n"
"\tlocal cur=${_recall_w[_recall_c]} breaks=${COMP_WORDBREAKS//[^:=]/} pre\n"
"\t[[ -n $breaks ]] || return\n"
"\tpre=${cur%\"${cur##*[$breaks]}\"}\n"
"\t[[ -n $pre ]] && COMPREPLY=(\"${COMPREPLY[@]#\"$pre\"}\")\n"
"}\n"
"\n"
"# Complete a recall command line (bash, or zsh through bashcompinit).\n"
"_recall_main()\n"
"{\n"
"\t[[ -n ${ZSH_VERSION-} ]] && emulate -L ksh\n"
"\tlocal i=1 cur prev\n"
"\tCOMPREPLY=()\n"
"\t_recall_words\n"
"\tcur=${_recall_w[_recall_c]}\n"
"\t_recall_cmd=(\"${_recall_w[0]}\")\n"
"\twhile (( i < _recall_c )); do\n"
"\t\tcase ${_recall_w[i]} in\n"
"\t\t--db) _recall_cmd+=(--db \"${_recall_w[i+1]}\"); (( i += 2 )) ;;\n"
"\t\t--db=*) _recall_cmd+=(\"${_recall_w[i]}\"); (( i++ )) ;;\n"
"\t\t--now|-f|--file) (( i += 2 )) ;;\n"
"\t\t-*) (( i++ )) ;;\n"
"\t\t*) break ;;\n"
"\t\tesac\n"
"\tdone\n"
"\tif (( i > _recall_c )); then\n"
"\t\tprev=${_recall_w[_recall_c-1]}\n"
"\t\t[[ $prev == --now ]] || _recall_kind @file \"$cur\"\n"
"\telif (( i == _recall_c )); then\n"
"\t\tif [[ $cur == -* ]]; then\n"
"\t\t\t_recall_list \"$_recall_globals\" \"$cur\"\n"
"\t\telse\n"
"\t\t\t_recall_list \"$_recall_commands\" \"$cur\"\n"
"\t\tfi\n"
"\telif _recall_spec \"${_recall_w[i]}\"; then\n"
"\t\t(( i++ ))\n"
"\t\tif [[ -n $_recall_subs ]]; then\n"
"\t\t\tif (( i == _recall_c )) && [[ $cur != -* ]]; then\n"
"\t\t\t\t_recall_list \"$_recall_subs\" \"$cur\"\n"
"\t\t\telif (( i == _recall_c )); then\n"
"\t\t\t\t_recall_args \"$i\"\n"
"\t\t\telif _recall_spec \"$_recall_key ${_recall_w[i]}\"; then\n"
"\t\t\t\t_recall_args $(( i + 1 ))\n"
"\t\t\telse\n"
"\t\t\t\t_recall_args \"$i\"\n"
"\t\t\tfi\n"
"\t\telse\n"
"\t\t\t_recall_args \"$i\"\n"
"\t\tfi\n"
"\tfi\n"
"\t_recall_trim\n"
"}\n";

/* Print a string as one single-quoted shell word. */
static void
completion_quote(const char *s)
{
	putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

/*
 * Print a command's options as one shell word the script reads: a space
 * separated list of [x/]name[=[choices]], x the letter, '=' if it takes a
 * value, choices as the option table has them.  --help the script adds.
 */
static void
completion_opts(const struct cmd_entry *e)
{
	const struct cmd_option	*o;
	int			 i;

	putchar('\'');
	for (i = 0; (o = cmd_option_at(e, i)) != NULL; i++) {
		if (strcmp(o->name, "help") == 0)
			continue;
		if (i != 0)
			putchar(' ');
		if (o->letter != 0)
			printf("%c/", o->letter);
		printf("%s%s%s", o->name, cmd_option_takes_value(o) ? "=" : "",
		    o->choices != NULL ? o->choices : "");
	}
	putchar('\'');
}

/* Print one case of _recall_spec: an entry's names and its table data. */
static void
completion_spec(const struct cmd_entry *parent, const struct cmd_entry *e)
{
	const struct cmd_entry *const *s;
	const char *pname = parent != NULL ? parent->name : NULL;

	printf("\t");
	if (pname != NULL)
		printf("'%s %s'", pname, e->name);
	else
		printf("'%s'", e->name);
	if (e->alias != NULL && pname != NULL)
		printf("|'%s %s'", pname, e->alias);
	else if (e->alias != NULL)
		printf("|'%s'", e->alias);
	printf(")\n\t\t_recall_key=%s\n\t\t_recall_opts=", e->name);
	completion_opts(e);
	printf("\n\t\t_recall_kinds=");
	completion_quote(e->complete != NULL ? e->complete : "");
	printf("\n\t\t_recall_subs='");
	for (s = e->sub; s != NULL && *s != NULL; s++)
		printf("%s%s", s == e->sub ? "" : " ", (*s)->name);
	printf("' ;;\n");
}

/* Print the table and the functions both shells' scripts are made of. */
static void
completion_functions(void)
{
	const struct cmd_entry	*const *e, *const *s;
	char			*keys;

	printf("_recall_globals='--db --now --json --file --quiet --demo "
	    "--help --version'\n");
	printf("_recall_commands='");
	for (e = cmd_table; *e != NULL; e++)
		printf("%s%s", e == cmd_table ? "" : " ", (*e)->name);
	printf("'\n_recall_deckkeys=");
	completion_quote(deck_option_keys());
	keys = settings_keys();
	printf("\n_recall_settings=");
	completion_quote(keys);
	free(keys);
	printf("\n\n# What the command table says of a command (or "
	    "\"command sub\").\n_recall_spec()\n{\n\tcase $1 in\n");
	for (e = cmd_table; *e != NULL; e++) {
		completion_spec(NULL, *e);
		for (s = (*e)->sub; s != NULL && *s != NULL; s++)
			completion_spec(*e, *s);
	}
	printf("\t*) return 1 ;;\n\tesac\n}\n\n%s", completion_bash_code);
}

/* Print the bash completion script. */
static void
completion_bash(void)
{
	printf("# bash completion for recall(1): commands, subcommands, "
	    "options, their\n# values, deck names and files.  Generated "
	    "by 'recall completion bash'\n# from recall's command table; "
	    "do not edit.\n\n");
	completion_functions();
	printf("\ncomplete -F _recall_main recall\n");
}

/*
 * Print the zsh completion function (for a folder of $fpath): the bash
 * functions, run through zsh's bashcompinit.
 */
static void
completion_zsh(void)
{
	printf("#compdef recall\n# zsh completion for recall(1), through "
	    "zsh's bashcompinit.  Generated by\n# 'recall completion zsh' "
	    "from recall's command table; do not edit.\n\n"
	    "if (( ! $+functions[_recall_main] )); then\n"
	    "autoload -U +X bashcompinit && bashcompinit\n\n");
	completion_functions();
	printf("fi\n\n_bash_complete -F _recall_main\n");
}

/* Print the deck names, one a line, for the script to offer. */
static enum cmd_retval
completion_decks(struct cmd_ctx *ctx)
{
	struct store	 *st;
	struct deck	**decks;
	char		 *cause = NULL;
	int		  n, i;

	if ((st = ctx_store(ctx)) == NULL)
		return CMD_RETURN_ERROR;
	if ((decks = deck_list(st, NULL, &n, &cause)) == NULL &&
	    cause != NULL) {
		cmd_error(ctx, "%s", cause);
		free(cause);
		return CMD_RETURN_ERROR;
	}
	for (i = 0; i < n; i++)
		printf("%s\n", decks[i]->name);
	deck_list_free(decks, n);
	return CMD_RETURN_NORMAL;
}

static enum cmd_retval
cmd_completion_exec(struct cmd_ctx *ctx, struct args *args)
{
	const char *what = args->argv[0];

	if (strcmp(what, "bash") == 0) {
		completion_bash();
		return CMD_RETURN_NORMAL;
	}
	if (strcmp(what, "zsh") == 0) {
		completion_zsh();
		return CMD_RETURN_NORMAL;
	}
	if (strcmp(what, "decks") == 0)
		return completion_decks(ctx);
	return cmd_usage(ctx, "completion: unknown shell '%s' (bash or zsh, "
	    "or decks for the deck names)", what);
}
