/*
 * --demo: a fresh temporary collection made from the starter decks, for
 * trying recall without touching your own collection.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recall.h"

/* Where the starter decks are: RECALL_DECKS, the source tree, or installed. */
static const char *
demo_decks(void)
{
	const char	*env = getenv("RECALL_DECKS");
	struct stat	 sb;

	if (env != NULL && *env != '\0')
		return env;
	if (stat(RECALL_SOURCE_DECKS, &sb) == 0 && S_ISDIR(sb.st_mode))
		return RECALL_SOURCE_DECKS;
	return RECALL_DECKS_DIR;
}

/*
 * Make the demo collection in a new private directory and point ctx at
 * it.  Returns the directory, for demo_remove.
 */
char *
demo_create(struct cmd_ctx *ctx, char **cause)
{
	const char		*tmp = getenv("TMPDIR"), *decks = demo_decks();
	struct import_opts	 o;
	char			*dir, *path;
	int			 quiet = ctx->quiet;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	xasprintf(&dir, "%s/recall-demo-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	xasprintf(&ctx->db_path, "%s/collection.db", dir);
	/* Killed, recall still removes it: files, then the directory. */
	term_remove_if_killed(ctx->db_path);
	xasprintf(&path, "%s-wal", ctx->db_path);
	term_remove_if_killed(path);
	free(path);
	xasprintf(&path, "%s-shm", ctx->db_path);
	term_remove_if_killed(path);
	free(path);
	term_remove_if_killed(dir);
	memset(&o, 0, sizeof o);
	ctx->quiet = 1;
	ctx->mode = MODE_ONESHOT;
	import_path(ctx, decks, &o);
	import_opts_done(&o);
	ctx->quiet = quiet;
	if (o.totals.files == 0 || o.totals.failed > 0) {
		xasprintf(cause, "could not import the starter decks from %s",
		    decks);
		demo_remove(dir, ctx->db_path);
		free(dir);
		return NULL;
	}
	if (!quiet)
		fprintf(stderr, "demo: %d starter cards in %d decks, in a "
		    "temporary collection (gone when you quit)\n",
		    o.totals.fresh, o.totals.files);
	return dir;
}

/* Remove the demo collection and its directory. */
void
demo_remove(const char *dir, const char *db)
{
	char *path;

	if (db != NULL) {
		unlink(db);
		xasprintf(&path, "%s-wal", db);
		unlink(path);
		free(path);
		xasprintf(&path, "%s-shm", db);
		unlink(path);
		free(path);
	}
	rmdir(dir);
}
