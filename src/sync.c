/*
 * Sync through a folder (doc/SYNC.md): write this device's changes to its
 * journal in the folder, read every other device's, apply what is new in
 * one deterministic order, and replay the schedule of each card whose
 * answers changed.  One transaction for all of it.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "recall.h"

/* The settings that belong to the collection, and travel. */
static const char *const sync_settings[] = { "rollover", "session", "window",
    "share-need" };

/* What one sync is doing while it applies. */
struct sync_apply {
	struct store		*st;
	struct sync_result	*res;
	const char		*device;
	struct sync_touched {
		int64_t		 id;
		int		 full;	/* from its first answer */
	}			*cards;		/* cards to replay */
	size_t			 ncards;
	size_t			 cards_cap;	/* room in cards, for xgrow */
	char			*cause;
};

/* Add a note (a conflict or a problem) to the result. */
static void
sync_note(struct sync_result *res, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	res->notes = xgrow(res->notes, &res->notes_cap, res->nnotes,
	    sizeof *res->notes);
	res->notes[res->nnotes++] = msg;
}

/* Free a result's notes. */
void
sync_result_free(struct sync_result *res)
{
	size_t i;

	for (i = 0; i < res->nnotes; i++)
		free(res->notes[i]);
	free(res->notes);
	free(res->device);
	memset(res, 0, sizeof *res);
}

/* A text field of an event's line, or NULL. */
static char *
sync_field(struct store *st, const char *line, const char *path)
{
	static const char sql[] = "SELECT json_extract(?1, ?2)";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		*v = NULL;

	sqlite3_bind_text(stmt, 1, line, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, path, -1, SQLITE_STATIC);
	if (store_step(st, stmt, NULL) == 1)
		v = stmt_text(stmt, 0);
	sqlite3_reset(stmt);
	return v;
}

/* The global id a gid stands for now (itself unless joined). */
static char *
sync_canon(struct store *st, const char *gid)
{
	static const char sql[] = "SELECT coalesce((SELECT canon FROM "
	    "sync_alias WHERE ref = ?1), ?1)";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	char		*v = NULL;

	sqlite3_bind_text(stmt, 1, gid, -1, SQLITE_STATIC);
	if (store_step(st, stmt, NULL) == 1)
		v = stmt_text(stmt, 0);
	sqlite3_reset(stmt);
	return v != NULL ? v : xstrdup(gid);
}

/* The local id of the row of table with a global id; 0 if none. */
static int64_t
sync_local(struct store *st, const char *table, const char *gid)
{
	static const char *const sqls[] = {
	    "SELECT id FROM decks WHERE gid = ?",
	    "SELECT id FROM cards WHERE gid = ?",
	    "SELECT id FROM reviews WHERE gid = ?" };
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;
	int		 i;

	i = strcmp(table, "decks") == 0 ? 0 : strcmp(table, "cards") == 0 ?
	    1 : 2;
	if (gid == NULL)
		return 0;
	stmt = store_stmt(st, sqls[i]);
	sqlite3_bind_text(stmt, 1, gid, -1, SQLITE_STATIC);
	if (store_step(st, stmt, NULL) == 1)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return id;
}

/* Is a global id gone (deleted, or an answer taken back)? */
static int
sync_is_gone(struct store *st, const char *gid)
{
	static const char sql[] = "SELECT 1 FROM sync_gone WHERE ref = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 gone;

	sqlite3_bind_text(stmt, 1, gid, -1, SQLITE_STATIC);
	gone = store_step(st, stmt, NULL) == 1;
	sqlite3_reset(stmt);
	return gone;
}

/* Run one statement binding the event's line as ?1 and ref as ?2. */
static int
sync_run_sql(struct sync_apply *a, const char *sql, const char *line,
    const char *ref)
{
	sqlite3_stmt *stmt = store_stmt(a->st, sql);

	sqlite3_bind_text(stmt, 1, line, -1, SQLITE_STATIC);
	if (ref != NULL)
		sqlite3_bind_text(stmt, 2, ref, -1, SQLITE_STATIC);
	return store_done(a->st, stmt, &a->cause);
}

/*
 * Does an event leave its deck, card or setting as it is here?  Two
 * changes made apart that agree (a restored collection sending again
 * what its first life sent) are no conflict.  1 or 0; -1 with cause.
 */
static int
sync_same(struct sync_apply *a, const char *ref,
    const struct journal_event *ev)
{
	if (strcmp(ev->kind, "setting") == 0)
		ref += sizeof "setting:" - 1;
	return journal_same(a->st, ev->kind, ref, ev->line, &a->cause);
}

/*
 * The rule for conflicting changes, its one home: does this event come
 * after the last change kept for ref (time, then device, then sequence)?
 * If so it becomes the one kept.  Each event names the change it was
 * made over (prev); one made over another than the one kept here was
 * made without knowing of it: a conflict, reported, whichever wins.
 */
static int
sync_wins(struct sync_apply *a, const char *ref,
    const struct journal_event *ev, const char *what)
{
	static const char get_sql[] = "SELECT time, device, seq, device || "
	    "'-' || seq FROM sync_stamps WHERE ref = ?";
	static const char set_sql[] = "INSERT INTO sync_stamps (ref, time, "
	    "device, seq) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (ref) DO UPDATE "
	    "SET time = excluded.time, device = excluded.device, "
	    "seq = excluded.seq";
	sqlite3_stmt	*stmt = store_stmt(a->st, get_sql);
	int64_t		 t = 0, seq = 0;
	char		*device = NULL, *kept = NULL, *prev, *when;
	int		 found, c = 1, same = 0;

	sqlite3_bind_text(stmt, 1, ref, -1, SQLITE_STATIC);
	if ((found = store_step(a->st, stmt, &a->cause)) < 0)
		return -1;
	if (found) {
		t = sqlite3_column_int64(stmt, 0);
		device = stmt_text(stmt, 1);
		seq = sqlite3_column_int64(stmt, 2);
		kept = stmt_text(stmt, 3);
	}
	sqlite3_reset(stmt);
	if (found) {
		c = ev->time != t ? (ev->time < t ? -1 : 1) :
		    strcmp(ev->device, device);
		if (c == 0)
			c = ev->seq < seq ? -1 : ev->seq > seq;
		prev = sync_field(a->st, ev->line, "$.prev");
		if (c != 0 && strcmp(device, ev->device) != 0 &&
		    (prev == NULL || strcmp(prev, kept) != 0) &&
		    (same = sync_same(a, ref, ev)) == 0) {
			when = clock_time_string((time_t)(c < 0 ? t :
			    ev->time));
			sync_note(a->res, "conflict: %s: changed on %s and on "
			    "%s without knowing of each other; the later change "
			    "(%s, on %s) is kept", what, ev->device, device,
			    when, c < 0 ? device : ev->device);
			free(when);
			a->res->conflicts++;
		}
		free(prev);
		free(device);
		free(kept);
		if (same < 0)
			return -1;
	}
	if (c <= 0)
		return 0;
	stmt = store_stmt(a->st, set_sql);
	sqlite3_bind_text(stmt, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, ev->time);
	sqlite3_bind_text(stmt, 3, ev->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, ev->seq);
	if (store_done(a->st, stmt, &a->cause) != 0)
		return -1;
	return 1;
}

/* Join two global ids of one thing: the smaller is kept by everyone. */
static int
sync_join(struct sync_apply *a, const char *table, const char *local,
    const char *remote)
{
	static const char alias_sql[] = "INSERT OR REPLACE INTO sync_alias "
	    "(ref, canon) VALUES (?1, ?2)";
	static const char decks_sql[] = "UPDATE decks SET gid = ?2 WHERE "
	    "gid = ?1";
	static const char cards_sql[] = "UPDATE cards SET gid = ?2 WHERE "
	    "gid = ?1";
	static const char stamp_sql[] = "UPDATE sync_stamps SET ref = ?2 "
	    "WHERE ref = ?1";
	sqlite3_stmt	*stmt;
	const char	*keep, *drop;

	keep = strcmp(local, remote) < 0 ? local : remote;
	drop = keep == local ? remote : local;
	if (keep == remote) {
		stmt = store_stmt(a->st, strcmp(table, "decks") == 0 ?
		    decks_sql : cards_sql);
		sqlite3_bind_text(stmt, 1, local, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, remote, -1, SQLITE_STATIC);
		if (store_done(a->st, stmt, &a->cause) != 0)
			return -1;
		stmt = store_stmt(a->st, stamp_sql);
		sqlite3_bind_text(stmt, 1, local, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, remote, -1, SQLITE_STATIC);
		if (store_done(a->st, stmt, &a->cause) != 0)
			return -1;
	}
	stmt = store_stmt(a->st, alias_sql);
	sqlite3_bind_text(stmt, 1, drop, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, keep, -1, SQLITE_STATIC);
	return store_done(a->st, stmt, &a->cause);
}

/*
 * Mark a card for replay; full: from its first answer.  Kept as a list
 * with repeats: sync_touched_merge sorts it and merges them.
 */
static void
sync_touch(struct sync_apply *a, int64_t card, int full)
{
	a->cards = xgrow(a->cards, &a->cards_cap, a->ncards, sizeof *a->cards);
	a->cards[a->ncards].id = card;
	a->cards[a->ncards++].full = full;
}

/* Order touched cards by id, for sync_touched_merge. */
static int
sync_touch_cmp(const void *a, const void *b)
{
	const struct sync_touched *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Sort the touched cards and merge repeats. */
static void
sync_touched_merge(struct sync_apply *a)
{
	size_t i, n = 0;

	if (a->ncards > 1)
		qsort(a->cards, a->ncards, sizeof *a->cards, sync_touch_cmp);
	for (i = 0; i < a->ncards; i++) {
		if (n > 0 && a->cards[n - 1].id == a->cards[i].id)
			a->cards[n - 1].full |= a->cards[i].full;
		else
			a->cards[n++] = a->cards[i];
	}
	a->ncards = n;
}

/*
 * Keep an event about a card or deck not here yet (and not deleted) for
 * the next sync: its line is in a journal not read whole yet.
 */
static int
sync_wait(struct sync_apply *a, const struct journal_event *ev,
    const char *gid)
{
	static const char sql[] = "INSERT OR IGNORE INTO sync_waiting "
	    "(device, seq, line) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *stmt;

	if (gid != NULL && sync_is_gone(a->st, gid))
		return 0;
	stmt = store_stmt(a->st, sql);
	sqlite3_bind_text(stmt, 1, ev->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, ev->seq);
	sqlite3_bind_text(stmt, 3, ev->line, -1, SQLITE_STATIC);
	a->res->waiting++;
	return store_done(a->st, stmt, &a->cause);
}

/*
 * The global id a field of an event names, as it stands here (a joined
 * id followed to the one it was joined to); NULL if the event has none.
 */
static char *
sync_field_canon(struct sync_apply *a, const struct journal_event *ev,
    const char *path)
{
	char *gid = sync_field(a->st, ev->line, path), *canon;

	if (gid == NULL)
		return NULL;
	canon = sync_canon(a->st, gid);
	free(gid);
	return canon;
}

/*
 * The local id of the deck or card (table) that a field of an event
 * names; 0 when it is not here yet, after putting the event to wait for
 * it, with what that gave in *rc.
 */
static int64_t
sync_needed(struct sync_apply *a, const struct journal_event *ev,
    const char *path, const char *table, int *rc)
{
	char	*canon = sync_field_canon(a, ev, path);
	int64_t	 id = sync_local(a->st, table, canon);

	*rc = 0;
	if (id == 0)
		*rc = sync_wait(a, ev, canon);
	free(canon);
	return id;
}

/* A setting that belongs to the collection. */
static int
sync_apply_setting(struct sync_apply *a, const struct journal_event *ev,
    const char *key)
{
	char	*ref, *value, *stored = NULL, *err = NULL;
	size_t	 i;
	int	 id, rc = 0;

	for (i = 0; i < sizeof sync_settings / sizeof *sync_settings; i++) {
		if (strcmp(sync_settings[i], key) == 0)
			break;
	}
	if (i == sizeof sync_settings / sizeof *sync_settings)
		return 0;
	for (id = 0; id < SETTING_COUNT; id++) {
		if (strcmp(settings_def(id)->name, key) == 0)
			break;
	}
	if (id == SETTING_COUNT)
		return 0;
	value = sync_field(a->st, ev->line, "$.value");
	if (value == NULL || settings_parse(id, value, &stored, &err) != 0) {
		sync_note(a->res, "%s-%lld: setting %s: bad value '%s'; "
		    "skipped", ev->device, (long long)ev->seq, key,
		    value != NULL ? value : "");
		free(err);
		free(value);
		return 0;
	}
	xasprintf(&ref, "setting:%s", key);
	if ((rc = sync_wins(a, ref, ev, ref)) == 1) {
		rc = store_set_setting(a->st, key, stored, &a->cause);
		a->res->applied++;
	}
	free(ref);
	free(stored);
	free(value);
	return rc < 0 ? -1 : 0;
}

/* A device's label. */
static int
sync_apply_name(struct sync_apply *a, const struct journal_event *ev)
{
	static const char sql[] = "UPDATE sync_peers SET name = "
	    "json_extract(?1, '$.name') WHERE device = ?2";

	a->res->applied++;
	return sync_run_sql(a, sql, ev->line, ev->device);
}

/* A deck made or changed elsewhere. */
static int
sync_apply_deck(struct sync_apply *a, const struct journal_event *ev,
    const char *gid)
{
	static const char named_sql[] = "SELECT gid FROM decks WHERE name = "
	    "json_extract(?1, '$.name')";
	static const char taken_sql[] = "SELECT 1 FROM decks WHERE name = "
	    "json_extract(?1, '$.name') AND gid IS NOT ?2";
	static const char insert_sql[] = "INSERT INTO decks (gid, name, "
	    "track, weight, new_per_day, reviews_per_day, start_ease, fuzz, "
	    "leech_threshold, layer_gate, bury_siblings, created) SELECT ?2, "
	    "j->>'name', j->>'track', j->>'weight', j->>'new_per_day', "
	    "j->>'reviews_per_day', j->>'start_ease', j->>'fuzz', "
	    "j->>'leech_threshold', j->>'layer_gate', j->>'bury_siblings', "
	    "j->>'created' FROM (SELECT ?1 AS j)";
	static const char update_sql[] = "UPDATE decks SET name = j->>'name', "
	    "track = j->>'track', weight = j->>'weight', new_per_day = "
	    "j->>'new_per_day', reviews_per_day = j->>'reviews_per_day', "
	    "start_ease = j->>'start_ease', fuzz = j->>'fuzz', "
	    "leech_threshold = j->>'leech_threshold', layer_gate = "
	    "j->>'layer_gate', bury_siblings = j->>'bury_siblings' FROM "
	    "(SELECT ?1 AS j) WHERE gid = ?2";
	sqlite3_stmt	*stmt;
	char		*other = NULL, *name;
	int		 rc, taken;

	if (sync_local(a->st, "decks", gid) == 0) {
		stmt = store_stmt(a->st, named_sql);
		sqlite3_bind_text(stmt, 1, ev->line, -1, SQLITE_STATIC);
		if (store_step(a->st, stmt, &a->cause) == 1)
			other = stmt_text(stmt, 0);
		sqlite3_reset(stmt);
		if (a->cause != NULL)
			return -1;
		if (other != NULL) {
			/* The same deck made on two devices: one deck. */
			rc = sync_join(a, "decks", other, gid);
			name = xstrdup(strcmp(other, gid) < 0 ? other : gid);
			free(other);
			if (rc == 0)
				rc = sync_apply_deck(a, ev, name);
			free(name);
			return rc;
		}
		if (sync_wins(a, gid, ev, gid) < 0)
			return -1;
		a->res->applied++;
		return sync_run_sql(a, insert_sql, ev->line, gid);
	}
	name = sync_field(a->st, ev->line, "$.name");
	if ((rc = sync_wins(a, gid, ev, name != NULL ? name : gid)) != 1) {
		free(name);
		return rc;
	}
	stmt = store_stmt(a->st, taken_sql);
	sqlite3_bind_text(stmt, 1, ev->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, gid, -1, SQLITE_STATIC);
	taken = store_step(a->st, stmt, &a->cause) == 1;
	sqlite3_reset(stmt);
	if (taken) {
		sync_note(a->res, "conflict: deck '%s': another deck has that "
		    "name here; the change is not applied", name);
		a->res->conflicts++;
		free(name);
		return 0;
	}
	free(name);
	a->res->applied++;
	return sync_run_sql(a, update_sql, ev->line, gid);
}

/*
 * An imported card already here with another global id: the same summary
 * imported on two devices.  Its gid, or NULL.
 */
static char *
sync_card_twin(struct sync_apply *a, const struct journal_event *ev,
    int64_t deck)
{
	static const char sql[] = "SELECT gid FROM cards WHERE deck_id = ?2 "
	    "AND front = ?1 ->> 'front' AND source IS NOT NULL AND kind = "
	    "?1 ->> 'type' AND cloze = ?1 ->> 'cloze' AND back = ?1 ->> 'back' "
	    "ORDER BY gid LIMIT 1";
	sqlite3_stmt	*stmt;
	char		*gid = NULL, *source;

	if ((source = sync_field(a->st, ev->line, "$.source")) == NULL)
		return NULL;
	free(source);
	stmt = store_stmt(a->st, sql);

	sqlite3_bind_text(stmt, 1, ev->line, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, deck);
	if (store_step(a->st, stmt, &a->cause) == 1)
		gid = stmt_text(stmt, 0);
	sqlite3_reset(stmt);
	return gid;
}

/* A card made or changed elsewhere. */
static int
sync_apply_card(struct sync_apply *a, const struct journal_event *ev,
    const char *gid)
{
	static const char insert_sql[] = "INSERT INTO cards (gid, deck_id, "
	    "kind, cloze, front, back, note, context, layer, tags, source, "
	    "source_line, created, modified, initial_ease, ease, seed, "
	    "suspended, buried_until, removed, leech) SELECT ?2, ?3, "
	    "j->>'type', j->>'cloze', j->>'front', j->>'back', j->>'note', "
	    "j->>'context', j->>'layer', j->>'tags', j->>'source', "
	    "j->>'source_line', j->>'created', j->>'time', "
	    "j->>'initial_ease', j->>'initial_ease', j->>'seed', "
	    "j->>'suspended', j->>'buried_until', j->>'removed', j->>'leech' "
	    "FROM (SELECT ?1 AS j)";
	static const char update_sql[] = "UPDATE cards SET deck_id = ?3, "
	    "kind = j->>'type', cloze = j->>'cloze', front = j->>'front', "
	    "back = j->>'back', note = j->>'note', context = j->>'context', "
	    "layer = j->>'layer', tags = j->>'tags', source = j->>'source', "
	    "source_line = j->>'source_line', created = j->>'created', "
	    "modified = j->>'time', "
	    "suspended = j->>'suspended', buried_until = j->>'buried_until', "
	    "removed = j->>'removed', leech = j->>'leech' "
	    "FROM (SELECT ?1 AS j) WHERE gid = ?2";
	sqlite3_stmt	*stmt;
	char		*twin, *what;
	int64_t		 deck;
	int		 rc;

	if ((deck = sync_needed(a, ev, "$.deck", "decks", &rc)) == 0)
		return rc;
	if (sync_local(a->st, "cards", gid) == 0) {
		if ((twin = sync_card_twin(a, ev, deck)) != NULL) {
			rc = sync_join(a, "cards", twin, gid);
			what = xstrdup(strcmp(twin, gid) < 0 ? twin : gid);
			free(twin);
			if (rc == 0)
				rc = sync_apply_card(a, ev, what);
			free(what);
			return rc;
		}
		if (a->cause != NULL || sync_wins(a, gid, ev, gid) < 0)
			return -1;
		stmt = store_stmt(a->st, insert_sql);
	} else {
		xasprintf(&what, "card %lld", (long long)sync_local(a->st,
		    "cards", gid));
		rc = sync_wins(a, gid, ev, what);
		free(what);
		if (rc != 1)
			return rc;
		stmt = store_stmt(a->st, update_sql);
	}
	a->res->applied++;
	sqlite3_bind_text(stmt, 1, ev->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, gid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, deck);
	return store_done(a->st, stmt, &a->cause);
}

/*
 * An answer given elsewhere: kept aside until the replay puts it in its
 * place in its card's log.
 */
static int
sync_apply_review(struct sync_apply *a, const struct journal_event *ev,
    const char *gid)
{
	static const char stage_sql[] = "INSERT OR IGNORE INTO sync_staged "
	    "(gid, card_id, time, day, grade, duration, fuzz, deck_id, "
	    "device, target) SELECT ?2, ?3, j->>'time', j->>'day', "
	    "j->>'grade', j->>'duration', j->>'fuzz', (SELECT id FROM decks "
	    "WHERE gid = ?4), j->>'by', j->>'target' FROM (SELECT ?1 AS j)";
	static const char stamp_sql[] = "INSERT OR IGNORE INTO sync_stamps "
	    "(ref, time, device, seq) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt	*stmt;
	char		*deck_canon;
	int64_t		 card;
	int		 rc;

	if (sync_local(a->st, "reviews", gid) != 0 || sync_is_gone(a->st, gid))
		return 0;
	if ((card = sync_needed(a, ev, "$.card", "cards", &rc)) == 0)
		return rc;
	deck_canon = sync_field_canon(a, ev, "$.deck");
	stmt = store_stmt(a->st, stage_sql);
	sqlite3_bind_text(stmt, 1, ev->line, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, gid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, card);
	if (deck_canon != NULL)
		sqlite3_bind_text(stmt, 4, deck_canon, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, 4);
	free(deck_canon);
	if ((rc = store_done(a->st, stmt, &a->cause)) != 0)
		return -1;
	stmt = store_stmt(a->st, stamp_sql);
	sqlite3_bind_text(stmt, 1, gid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, ev->time);
	sqlite3_bind_text(stmt, 3, ev->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, ev->seq);
	if (store_done(a->st, stmt, &a->cause) != 0)
		return -1;
	a->res->applied++;
	sync_touch(a, card, 0);
	return 0;
}

/* Keep a global id as gone for good. */
static int
sync_gone(struct sync_apply *a, const char *gid)
{
	return sync_run_sql(a, "INSERT OR IGNORE INTO sync_gone (ref) "
	    "VALUES (?2)", NULL, gid);
}

/* An answer taken back elsewhere. */
static int
sync_apply_undo(struct sync_apply *a, const char *gid)
{
	static const char card_sql[] = "SELECT card_id FROM reviews WHERE "
	    "gid = ?2 UNION ALL SELECT card_id FROM sync_staged WHERE gid = ?2";
	sqlite3_stmt	*stmt = store_stmt(a->st, card_sql);
	int64_t		 card = 0;

	sqlite3_bind_text(stmt, 2, gid, -1, SQLITE_STATIC);
	if (store_step(a->st, stmt, &a->cause) == 1)
		card = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (a->cause != NULL || sync_gone(a, gid) != 0)
		return -1;
	if (card == 0)
		return 0;
	a->res->applied++;
	sync_touch(a, card, 1);
	if (sync_run_sql(a, "DELETE FROM sync_staged WHERE gid = ?2", NULL,
	    gid) != 0 || sync_run_sql(a, "DELETE FROM sync_stamps WHERE "
	    "ref = ?2", NULL, gid) != 0)
		return -1;
	return sync_run_sql(a, "DELETE FROM reviews WHERE gid = ?2", NULL,
	    gid);
}

/* A card or deck deleted elsewhere (a deck takes its cards with it). */
static int
sync_apply_delete(struct sync_apply *a, const char *table, const char *gid)
{
	if (sync_gone(a, gid) != 0)
		return -1;
	if (sync_local(a->st, table, gid) == 0)
		return 0;
	a->res->applied++;
	if (sync_run_sql(a, "DELETE FROM sync_staged WHERE card_id IN "
	    "(SELECT id FROM cards WHERE gid = ?2 OR deck_id = (SELECT id "
	    "FROM decks WHERE gid = ?2))", NULL, gid) != 0)
		return -1;
	if (strcmp(table, "decks") == 0)
		return sync_run_sql(a, "DELETE FROM decks WHERE gid = ?2",
		    NULL, gid);
	return sync_run_sql(a, "DELETE FROM cards WHERE gid = ?2", NULL, gid);
}

/* Apply one event of another device. */
static int
sync_apply_event(struct sync_apply *a, const struct journal_event *ev)
{
	char	*gid, *raw;
	int	 rc;

	raw = sync_field(a->st, ev->line, "$.gid");
	gid = strcmp(ev->kind, "setting") == 0 || strcmp(ev->kind, "name") ==
	    0 ? xstrdup(raw) : sync_canon(a->st, raw);
	free(raw);
	if (strcmp(ev->kind, "setting") == 0)
		rc = sync_apply_setting(a, ev, gid);
	else if (strcmp(ev->kind, "name") == 0)
		rc = sync_apply_name(a, ev);
	else if (sync_is_gone(a->st, gid))
		rc = 0;
	else if (strcmp(ev->kind, "deck") == 0)
		rc = sync_apply_deck(a, ev, gid);
	else if (strcmp(ev->kind, "card") == 0)
		rc = sync_apply_card(a, ev, gid);
	else if (strcmp(ev->kind, "review") == 0)
		rc = sync_apply_review(a, ev, gid);
	else if (strcmp(ev->kind, "undo") == 0)
		rc = sync_apply_undo(a, gid);
	else if (strcmp(ev->kind, "card-delete") == 0)
		rc = sync_apply_delete(a, "cards", gid);
	else
		rc = sync_apply_delete(a, "decks", gid);
	free(gid);
	if (rc != 0 && a->cause == NULL)
		xasprintf(&a->cause, "%s-%lld: cannot be applied",
		    ev->device, (long long)ev->seq);
	return rc;
}

/* One answer of a card's log, as the replay orders it. */
struct sync_answer {
	struct review_entry	 e;		/* e.id is 0 if staged */
	char			*origin;	/* the device whose event gave it */
	int64_t			 seq;		/* and that event's number */
};

/*
 * Replay order, the same on every device: time, then the device the
 * answer came from, then its number in that device's journal (the order
 * it was given in).  An answer without a stamp (none should be) goes
 * first among its second, by global id.
 */
static int
sync_answer_cmp(const void *a, const void *b)
{
	const struct sync_answer	*x = a, *y = b;
	int				 c;

	if (x->e.time != y->e.time)
		return x->e.time < y->e.time ? -1 : 1;
	if ((x->origin == NULL) != (y->origin == NULL))
		return x->origin == NULL ? -1 : 1;
	if (x->origin != NULL && (c = strcmp(x->origin, y->origin)) != 0)
		return c;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->e.gid, y->e.gid);
}

/* Read a card's answers, kept and staged; -1 with cause. */
static int
sync_answers(struct sync_apply *a, int64_t card, struct sync_answer **out,
    size_t *n)
{
	static const char sql[] = "SELECT a.*, s.device, s.seq FROM ("
	    "SELECT id, gid, time, day, grade, duration, fuzz, deck_id, device, "
	    "target FROM reviews WHERE card_id = ?1 UNION ALL SELECT 0, gid, "
	    "time, day, grade, duration, fuzz, deck_id, device, target FROM "
	    "sync_staged WHERE card_id = ?1) AS a LEFT JOIN sync_stamps AS s "
	    "ON s.ref = a.gid ORDER BY 1";
	sqlite3_stmt		*stmt = store_stmt(a->st, sql);
	struct sync_answer	*v = NULL, *x;
	size_t			 cap = 0;
	int			 rc;

	*n = 0;
	sqlite3_bind_int64(stmt, 1, card);
	while ((rc = store_step(a->st, stmt, &a->cause)) == 1) {
		v = xgrow(v, &cap, *n, sizeof *v);
		x = &v[(*n)++];
		review_entry_read(stmt, 0, &x->e);
		x->origin = stmt_text(stmt, 10);
		x->seq = sqlite3_column_int64(stmt, 11);
	}
	sqlite3_reset(stmt);
	*out = v;
	return rc == 0 ? 0 : -1;
}

/*
 * Replay one card's log in time order, as check does, from the first
 * answer whose place changed (or from the start): those answers are
 * written again in order, so the log's order is its time order, and the
 * card's schedule is the replay's.
 */
static int
sync_replay(struct sync_apply *a, int64_t card, int full)
{
	struct sync_answer	*v;
	struct review_entry	*e;
	size_t			 n, i, from;
	int64_t			 last = 0;
	int			 rc;

	if (sync_answers(a, card, &v, &n) != 0)
		return -1;
	if (n > 1)
		qsort(v, n, sizeof *v, sync_answer_cmp);
	/* Kept: the answers already in their place, in id order. */
	for (from = 0; !full && from < n; from++) {
		if (v[from].e.id == 0 || v[from].e.id < last)
			break;
		last = v[from].e.id;
	}
	if (full)
		from = 0;
	e = xreallocarray(NULL, n > 0 ? n : 1, sizeof *e);
	for (i = 0; i < n; i++)
		e[i] = v[i].e;
	rc = review_replay(a->st, card, e, n, from, &a->cause);
	for (i = 0; i < n; i++) {
		review_entry_clear(&v[i].e);
		free(v[i].origin);
	}
	free(e);
	free(v);
	return rc;
}

/* Order strings, for qsort. */
static int
sync_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The journals of other devices in dir: their device ids, sorted. */
static int
sync_peers_list(const char *dir, const char *self, char ***out, size_t *n,
    char **cause)
{
	DIR		*d;
	struct dirent	*e;
	size_t		 len, i, cap = 0;
	char		**v = NULL;
	const char	*name;

	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		name = e->d_name;
		len = strlen(name);
		if (len != JOURNAL_DEVICE_LEN + 8 ||
		    strcmp(name + JOURNAL_DEVICE_LEN, ".journal") != 0)
			continue;
		for (i = 0; i < JOURNAL_DEVICE_LEN; i++) {
			if (strchr("0123456789abcdef", name[i]) == NULL)
				break;
		}
		if (i != JOURNAL_DEVICE_LEN ||
		    strncmp(name, self, JOURNAL_DEVICE_LEN) == 0)
			continue;
		v = xgrow(v, &cap, *n, sizeof *v);
		v[(*n)++] = xstrndup(name, JOURNAL_DEVICE_LEN);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, sync_str_cmp);
	*out = v;
	return 0;
}

/* Read one peer's new events into jr, moving its place in sync_peers. */
static int
sync_read_peer(struct store *st, const char *dir, const char *device,
    struct journal_read *jr, char **cause)
{
	static const char get_sql[] = "SELECT seq, digest FROM sync_peers "
	    "WHERE device = ?";
	static const char set_sql[] = "INSERT INTO sync_peers (device, seq, "
	    "digest) VALUES (?1, ?2, ?3) ON CONFLICT (device) DO UPDATE SET "
	    "seq = excluded.seq, digest = excluded.digest";
	sqlite3_stmt	*stmt = store_stmt(st, get_sql);
	int64_t		 seq = 0;
	char		*digest = NULL, *path;
	int		 rc;

	sqlite3_bind_text(stmt, 1, device, -1, SQLITE_STATIC);
	if ((rc = store_step(st, stmt, cause)) == 1) {
		seq = sqlite3_column_int64(stmt, 0);
		digest = stmt_text(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc < 0)
		return -1;
	if (digest == NULL)
		digest = xstrdup("");
	path = journal_path(dir, device);
	rc = journal_read(st, jr, path, device, &seq, &digest);
	free(path);
	if (rc != 0) {
		*cause = xstrdup(jr->error);
		free(digest);
		return -1;
	}
	stmt = store_stmt(st, set_sql);
	sqlite3_bind_text(stmt, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, seq);
	sqlite3_bind_text(stmt, 3, digest, -1, SQLITE_STATIC);
	rc = store_done(st, stmt, cause);
	free(digest);
	return rc;
}

/*
 * Add the events kept waiting by an earlier sync to those to apply (they
 * were checked when read); they wait again if still not placeable.
 */
static int
sync_waiting_load(struct store *st, struct journal_read *jr, char **cause)
{
	static const char sql[] = "SELECT device, seq, line, line ->> 'time', "
	    "line ->> 'kind' FROM sync_waiting ORDER BY device, seq";
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	struct journal_event	*ev;
	int			 rc;

	while ((rc = store_step(st, stmt, cause)) == 1) {
		jr->events = xgrow(jr->events, &jr->events_cap, jr->nevents,
		    sizeof *jr->events);
		ev = &jr->events[jr->nevents++];
		ev->device = stmt_text(stmt, 0);
		ev->seq = sqlite3_column_int64(stmt, 1);
		ev->line = stmt_text(stmt, 2);
		ev->time = sqlite3_column_int64(stmt, 3);
		ev->kind = stmt_text(stmt, 4);
		ev->phase = journal_phase(ev->kind);
	}
	sqlite3_reset(stmt);
	if (rc != 0)
		return -1;
	return store_exec(st, "DELETE FROM sync_waiting", cause);
}

/* Set or clear the flag that keeps applied events out of the journal. */
int
sync_applying(struct store *st, int on, char **cause)
{
	return store_exec(st, on ? "UPDATE sync_state SET applying = 1" :
	    "UPDATE sync_state SET applying = 0", cause);
}

/* Apply the events gathered, in order, then replay the cards touched. */
static int
sync_apply_all(struct store *st, struct journal_read *jr,
    struct sync_result *res, char **cause)
{
	struct sync_apply	 a;
	size_t			 i;
	int			 rc = 0;

	memset(&a, 0, sizeof a);
	a.st = st;
	a.res = res;
	if (jr->nevents > 1)
		qsort(jr->events, jr->nevents, sizeof *jr->events,
		    journal_event_cmp);
	if (store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS sync_staged ("
	    "gid TEXT PRIMARY KEY, card_id INTEGER, time INTEGER, day INTEGER, "
	    "grade INTEGER, duration INTEGER, fuzz INTEGER, deck_id INTEGER, "
	    "device TEXT, target INTEGER)", cause) != 0 ||
	    store_exec(st, "CREATE INDEX IF NOT EXISTS temp.sync_staged_card "
	    "ON sync_staged(card_id)", cause) != 0 ||
	    store_exec(st, "DELETE FROM temp.sync_staged", cause) != 0 ||
	    sync_applying(st, 1, cause) != 0)
		return -1;
	for (i = 0; rc == 0 && i < jr->nevents; i++)
		rc = sync_apply_event(&a, &jr->events[i]);
	sync_touched_merge(&a);
	for (i = 0; rc == 0 && i < a.ncards; i++)
		rc = sync_replay(&a, a.cards[i].id, a.cards[i].full);
	if (rc == 0)
		rc = store_exec(st, "DELETE FROM temp.sync_staged", &a.cause);
	if (rc == 0)
		rc = sync_applying(st, 0, &a.cause);
	free(a.cards);
	if (rc != 0)
		*cause = a.cause != NULL ? a.cause : xstrdup("sync failed");
	return rc;
}

/*
 * Sync the collection through dir: write this device's changes, read
 * every other device's, apply what is new.  With dry_run nothing is
 * written (the transaction is rolled back).  Bad lines in other devices'
 * journals are notes in res, not failures.
 */
int
sync_run(struct store *st, const char *dir, const char *name, int dry_run,
    struct sync_result *res, char **cause)
{
	static const char name_sql[] = "INSERT INTO journal (kind, ref) "
	    "VALUES ('name', ?)";
	static const char state_sql[] = "UPDATE sync_state SET last_sync = ?1, "
	    "last_dir = ?2";
	struct journal_read	 jr;
	struct stat		 sb;
	sqlite3_stmt		*stmt;
	char			*device = NULL, **peers = NULL;
	size_t			 npeers = 0, i;
	time_t			 now;

	memset(res, 0, sizeof *res);
	memset(&jr, 0, sizeof jr);
	if (stat(dir, &sb) != 0 && errno == ENOENT && !dry_run &&
	    mkdir_parents(dir, 0755, cause) != 0)
		return -1;
	if (store_begin(st, cause) != 0)
		return -1;
	now = clock_now();
	if ((device = journal_device(st, cause)) == NULL)
		goto fail;
	res->device = xstrdup(device);
	if (name != NULL) {
		if (store_set_setting(st, "sync-name", name, cause) != 0)
			goto fail;
		stmt = store_stmt(st, name_sql);
		sqlite3_bind_text(stmt, 1, device, -1, SQLITE_STATIC);
		if (store_done(st, stmt, cause) != 0)
			goto fail;
	}
	if (journal_check(st, dir, device, cause) != 0 ||
	    journal_render(st, device, now, &res->sent, cause) != 0)
		goto fail;
	if (stat(dir, &sb) == 0 && sync_peers_list(dir, device, &peers,
	    &npeers, cause) != 0)
		goto fail;
	for (i = 0; i < npeers; i++) {
		if (sync_read_peer(st, dir, peers[i], &jr, cause) != 0)
			goto fail;
	}
	res->peers = (int)npeers;
	res->received = (int)jr.nevents;
	if (sync_waiting_load(st, &jr, cause) != 0)
		goto fail;
	for (i = 0; i < jr.nproblems; i++) {
		sync_note(res, "%s", jr.problems[i]);
		res->problems++;
	}
	if (sync_apply_all(st, &jr, res, cause) != 0)
		goto fail;
	stmt = store_stmt(st, state_sql);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)now);
	sqlite3_bind_text(stmt, 2, dir, -1, SQLITE_STATIC);
	if (store_done(st, stmt, cause) != 0)
		goto fail;
	if (dry_run)
		store_rollback(st);
	else if (store_commit(st, cause) != 0)
		goto out;
	else if (journal_write(st, dir, device, cause) != 0)
		goto out;
	for (i = 0; i < npeers; i++)
		free(peers[i]);
	free(peers);
	free(device);
	journal_read_free(&jr);
	return 0;
fail:
	store_rollback(st);
out:
	for (i = 0; i < npeers; i++)
		free(peers[i]);
	free(peers);
	free(device);
	journal_read_free(&jr);
	return -1;
}

/*
 * A restored collection becomes a new device.  Its journal is behind the
 * one its old device went on writing in DIR, so reusing the old id would
 * number new events as old ones.  It takes a new id (and so a journal
 * file of its own) and reads the old device's journal like any other
 * device's, from the lines it holds already (those are in sync_peers).
 * *old and *fresh are the ids.  One transaction; 0, or -1 with cause.
 */
int
sync_new_device(struct store *st, char **old, char **fresh, char **cause)
{
	static const char peer_sql[] = "INSERT OR REPLACE INTO sync_peers "
	    "(device, name, seq, digest) SELECT ?1, (SELECT value FROM "
	    "settings WHERE key = 'sync-name'), max(n), (SELECT digest FROM "
	    "sync_state) FROM journal WHERE n IS NOT NULL HAVING count(*) > 0";
	static const char *const steps[] = {
		"DELETE FROM journal WHERE n IS NOT NULL",
		"UPDATE sync_state SET digest = ''",
		"UPDATE settings SET value = " SYNC_NEW_ID " "
		    "WHERE key = 'sync-device'",
		"INSERT INTO journal (kind, ref) SELECT 'name', value FROM "
		    "settings WHERE key = 'sync-device' AND EXISTS (SELECT 1 "
		    "FROM settings WHERE key = 'sync-name')"
	};
	sqlite3_stmt	*stmt;
	size_t		 i;

	*old = *fresh = NULL;
	if (store_begin(st, cause) != 0)
		return -1;
	if ((*old = journal_device(st, cause)) == NULL)
		goto fail;
	stmt = store_stmt(st, peer_sql);
	sqlite3_bind_text(stmt, 1, *old, -1, SQLITE_STATIC);
	if (store_done(st, stmt, cause) != 0)
		goto fail;
	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		if (store_exec(st, steps[i], cause) != 0)
			goto fail;
	}
	if ((*fresh = journal_device(st, cause)) == NULL)
		goto fail;
	if (store_commit(st, cause) != 0)
		goto out;
	return 0;
fail:
	store_rollback(st);
out:
	free(*old);
	free(*fresh);
	*old = *fresh = NULL;
	return -1;
}

/* When the collection last synced, and through which folder; 0 if never. */
time_t
sync_last(struct store *st, char **dir)
{
	static const char sql[] = "SELECT last_sync, last_dir FROM sync_state "
	    "WHERE last_sync IS NOT NULL";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	time_t		 t = 0;

	*dir = NULL;
	if (store_step(st, stmt, NULL) == 1) {
		t = (time_t)sqlite3_column_int64(stmt, 0);
		*dir = stmt_text(stmt, 1);
	}
	sqlite3_reset(stmt);
	return t;
}
