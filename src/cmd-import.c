/*
 * import: summaries and Anki text files, files or folders or standard
 * input; re-importing an edited file keeps history.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

static enum cmd_retval	cmd_import_exec(struct cmd_ctx *, struct args *);

static const struct cmd_option cmd_import_option_table[] = {
	{ .name = "dry-run", .letter = 'n' },
	{ .name = "deck", .value = "D", .choices = "@deck" },
	{ .name = "track", .choices = "need,want" },
	{ .name = "conflict", .choices = "keep,file,ask" },
	{ .name = "deck-track", .value = "NAME=TRACK", .repeat = 1 },
	{ .name = NULL }
};

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.alias = "i",
	.args = { cmd_import_option_table, 1, -1, "PATH..." },
	.help = "Import summaries (.md, .txt) and Anki text files (.tsv, or "
	    ".txt with Anki's headers): files, folders, or - for standard "
	    "input; Anki collections (collection.anki2, .anki21) with their "
	    "review history, --deck-track putting an Anki deck and its "
	    "subdecks on a track; and review logs (.csv, as the FSRS tools "
	    "write them), answers added to their cards' history.  --dry-run shows the plan and writes nothing.  A card "
	    "edited in recall and in its file keeps the recall edit unless "
	    "--conflict says file (or ask).",
	.complete = "@file",
	.flags = CMD_JSON,
	.exec = cmd_import_exec
};

/* Read --conflict; asking needs a terminal that is not the input. */
static int
cmd_import_conflict(struct cmd_ctx *ctx, struct args *args, const char *value,
    enum import_conflict *conflict)
{
	int i;

	if (strcmp(value, "file") == 0)
		*conflict = CONFLICT_FILE;
	else if (strcmp(value, "ask") == 0)
		*conflict = CONFLICT_ASK;
	else if (strcmp(value, "keep") == 0)
		*conflict = CONFLICT_KEEP;
	else {
		cmd_usage(ctx, "import: --conflict must be keep, file or ask, "
		    "not '%s'", value);
		return -1;
	}
	if (*conflict != CONFLICT_ASK || args_has(args, "dry-run"))
		return 0;
	for (i = 0; i < args->argc; i++) {
		if (strcmp(args->argv[i], "-") == 0) {
			cmd_usage(ctx, "import: --conflict ask cannot read "
			    "answers from standard input while importing it");
			return -1;
		}
	}
	if (!isatty(STDIN_FILENO)) {
		cmd_usage(ctx, "import: --conflict ask needs a terminal "
		    "(use --conflict keep or file)");
		return -1;
	}
	return 0;
}

/* Free what cmd_import_deck_tracks read. */
static void
cmd_import_deck_tracks_free(struct deck_track *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* Read the --deck-track NAME=TRACK options; -1 after a usage error. */
static int
cmd_import_deck_tracks(struct cmd_ctx *ctx, struct args *args,
    struct deck_track **out, int *n)
{
	const char	*value, *eq;
	char		*name, *cause = NULL;
	enum track	 track;
	int		 i;

	*out = NULL;
	*n = 0;
	for (i = 0; (value = args_get_nth(args, "deck-track", i)) != NULL;
	    i++) {
		if ((eq = strrchr(value, '=')) == NULL ||
		    track_from_name(eq + 1, &track) != 0) {
			cmd_usage(ctx, "import: --deck-track takes NAME=TRACK "
			    "(need or want), not '%s'", value);
			goto fail;
		}
		name = xstrndup(value, (size_t)(eq - value));
		if (!deck_name_valid(name, &cause)) {
			cmd_usage(ctx, "import: --deck-track %s: %s", value,
			    cause);
			free(cause);
			free(name);
			goto fail;
		}
		*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
		(*out)[*n].name = name;
		(*out)[(*n)++].track = track;
	}
	return 0;
fail:
	cmd_import_deck_tracks_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

/* The totals of an import of several files. */
static void
cmd_import_totals(const struct import_counts *t, int dry_run)
{
	printf("%s %d file%s: %d new, %d edited, %d unchanged, %d removed",
	    dry_run ? "would import" : "imported", t->files, t->files == 1 ?
	    "" : "s", t->fresh, t->edited, t->unchanged, t->removed);
	if (t->already > 0)
		printf(", %d already in the collection", t->already);
	if (t->conflicts > 0)
		printf(", %d conflict%s", t->conflicts, t->conflicts == 1 ? "" :
		    "s");
	if (t->warnings > 0)
		printf(", %d warning%s", t->warnings, t->warnings == 1 ? "" :
		    "s");
	printf("%s\n", t->failed > 0 ? "; not imported (errors): see above" :
	    "");
}

/* Import files, folders or standard input, with a report. */
static enum cmd_retval
cmd_import_exec(struct cmd_ctx *ctx, struct args *args)
{
	struct import_opts	 o;
	struct import_counts	*t = &o.totals;
	struct deck_track	*tracks = NULL;
	const char		*value;
	char			*cause = NULL;
	int			 i;

	memset(&o, 0, sizeof o);
	o.dry_run = args_has(args, "dry-run");
	if ((value = args_get(args, "track")) != NULL) {
		if (track_from_name(value, &o.track) != 0)
			return cmd_usage(ctx, "import: bad track '%s' (need or "
			    "want)", value);
		o.has_track = 1;
	}
	if ((value = args_get(args, "conflict")) != NULL &&
	    cmd_import_conflict(ctx, args, value, &o.conflict) != 0)
		return CMD_RETURN_USAGE;
	if ((value = args_get(args, "deck")) != NULL) {
		if (!deck_name_valid(value, &cause)) {
			cmd_error(ctx, "import: %s", cause);
			free(cause);
			return CMD_RETURN_USAGE;
		}
		o.deck = value;
	}
	if (cmd_import_deck_tracks(ctx, args, &tracks, &o.ndeck_tracks) != 0)
		return CMD_RETURN_USAGE;
	o.deck_tracks = tracks;
	o.progress = isatty(STDERR_FILENO) && !args_json(ctx, args);
	o.started = term_seconds();
	if (args_json(ctx, args)) {
		o.json = json_create(stdout);
		json_object_begin(o.json);
		json_kv_bool(o.json, "dry_run", o.dry_run);
		json_key(o.json, "files");
		json_array_begin(o.json);
	}
	ctx_store(ctx);
	for (i = 0; i < args->argc; i++)
		import_path(ctx, args->argv[i], &o);
	import_opts_done(&o);
	cmd_import_deck_tracks_free(tracks, o.ndeck_tracks);
	if (o.progress)
		import_progress(&o, 1);
	if (o.json != NULL) {
		json_array_end(o.json);
		json_kv_int(o.json, "new", t->fresh);
		json_kv_int(o.json, "edited", t->edited);
		json_kv_int(o.json, "unchanged", t->unchanged);
		json_kv_int(o.json, "removed", t->removed);
		json_kv_int(o.json, "failed", t->failed);
		json_kv_int(o.json, "conflicts", t->conflicts);
		json_kv_int(o.json, "warnings", t->warnings);
		json_kv_int(o.json, "already", t->already);
		json_object_end(o.json);
		json_free(o.json);
	} else if (!ctx->quiet && t->files + t->failed > 1)
		cmd_import_totals(t, o.dry_run);
	if (t->files + t->failed == 0) {
		cmd_error(ctx, "import: no .md, .txt or .tsv files found");
		return CMD_RETURN_ERROR;
	}
	return t->failed > 0 ? CMD_RETURN_ERROR : CMD_RETURN_NORMAL;
}
