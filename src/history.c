/*
 * Histories brought in from elsewhere (an Anki collection, a review log):
 * answers added to a card's log in their place in time, and the card's
 * schedule replayed through recall's scheduler, so check agrees.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recall.h"

/* Order answers brought in by time, then as they were given. */
static int
history_cmp(const void *a, const void *b)
{
	const struct history_answer *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The card's deck and the deck's fuzz; 0, 1 if there is no card, -1. */
static int
history_card(struct store *st, int64_t card, int64_t *deck, int *fuzz,
    char **cause)
{
	static const char sql[] = "SELECT c.deck_id, d.fuzz FROM cards AS c "
	    "JOIN decks AS d ON d.id = c.deck_id WHERE c.id = ?";
	sqlite3_stmt	*stmt = store_stmt(st, sql);
	int		 found;

	sqlite3_bind_int64(stmt, 1, card);
	if ((found = store_step(st, stmt, cause)) == 1) {
		*deck = sqlite3_column_int64(stmt, 0);
		*fuzz = sqlite3_column_int(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (found == 0)
		xasprintf(cause, "no card %lld", (long long)card);
	return found == 1 ? 0 : -1;
}

/* The answers a card has, in the log's order; -1 with cause. */
static int
history_load(struct store *st, int64_t card, struct review_entry **out,
    size_t *n, char **cause)
{
	static const char sql[] = "SELECT id, gid, time, day, grade, "
	    "duration, fuzz, deck_id, device, target FROM reviews WHERE "
	    "card_id = ? ORDER BY id";
	sqlite3_stmt		*stmt = store_stmt(st, sql);
	struct review_entry	*v = NULL;
	size_t			 cap = 0;
	int			 rc;

	*n = 0;
	sqlite3_bind_int64(stmt, 1, card);
	while ((rc = store_step(st, stmt, cause)) == 1) {
		v = xgrow(v, &cap, *n, sizeof *v);
		review_entry_read(stmt, 0, &v[(*n)++]);
	}
	sqlite3_reset(stmt);
	*out = v;
	return rc == 0 ? 0 : -1;
}

/*
 * Whether the log holds an answer of this time and button not matched
 * yet; if so, it is matched now.  The log is in time order.  Buttons, not
 * grades: a log written out as Anki's four buttons reads back grades 0
 * and 1 as 2, and must still be known.
 */
static int
history_known(const struct review_entry *v, size_t n, char *matched,
    const struct history_answer *a)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].time < a->time)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && v[lo].time == a->time; lo++) {
		if (!matched[lo] && revlog_rating(v[lo].grade) ==
		    revlog_rating(a->grade)) {
			matched[lo] = 1;
			return 1;
		}
	}
	return 0;
}

/* A new global id, as SYNC_NEW_ID makes one. */
static char *
history_gid(void)
{
	char	*gid = xmalloc(STORE_GID_LEN + 1);

	store_gid(gid);
	return gid;
}

/* Journal the answers added, in time order, as this device's own. */
static int
history_journal(struct store *st, const struct review_entry *v, size_t n,
    char **cause)
{
	static const char sql[] = "INSERT INTO journal (kind, ref) "
	    "VALUES ('review', ?)";
	sqlite3_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (v[i].id != 0)
			continue;
		stmt = store_stmt(st, sql);
		stmt_bind_text(stmt, 1, v[i].gid);
		if (store_done(st, stmt, cause) != 0)
			return -1;
	}
	return 0;
}

/*
 * Add answers to a card's log, inside the caller's transaction: merged
 * with the answers it has by time (an answer of the same second as one
 * it has comes after it), and the schedule replayed from the first one
 * whose place changed.  With dedupe, an answer of the same time and
 * button (revlog_rating) as one in the log is that answer, not a new one (as many times
 * as the log has it).  The answers are sorted in place.  Gives the
 * number added, or -1 with cause.
 *
 * The answers moved to make room keep their global ids and are not
 * events of their own: sync is told only of the new ones (which other
 * devices put in their place by time, as this replay does).
 */
int
history_add(struct store *st, int64_t card, struct history_answer *a,
    size_t n, int dedupe, char **cause)
{
	struct review_entry	*old = NULL, *v = NULL;
	char			*matched = NULL;
	size_t			 nold = 0, i, j, k = 0, from, added = 0;
	int64_t			 deck;
	int			 fuzz, rollover, rc = -1;

	if (history_card(st, card, &deck, &fuzz, cause) != 0)
		return -1;
	if (history_load(st, card, &old, &nold, cause) != 0)
		goto out;
	for (i = 0; i < n; i++)
		a[i].order = i;
	if (n > 1)
		qsort(a, n, sizeof *a, history_cmp);
	matched = xcalloc(nold + 1, 1);
	rollover = review_rollover(st);
	v = xreallocarray(NULL, nold + n + 1, sizeof *v);
	from = nold;
	for (i = j = k = 0; i < nold || j < n;) {
		if (j < n && dedupe && history_known(old, nold, matched,
		    &a[j])) {
			j++;
			continue;
		}
		if (j == n || (i < nold && old[i].time <= a[j].time)) {
			v[k++] = old[i++];
			continue;
		}
		if (k < from)
			from = k;
		memset(&v[k], 0, sizeof v[k]);
		v[k].gid = history_gid();
		v[k].time = a[j].time;
		v[k].day = clock_day(a[j].time, rollover);
		v[k].grade = a[j].grade;
		v[k].duration = a[j].duration < 0 ? 0 :
		    a[j].duration > REVIEW_MAX_DURATION_MS ?
		    REVIEW_MAX_DURATION_MS : a[j].duration;
		v[k].fuzz = fuzz;
		v[k].deck_id = deck;
		k++;
		j++;
		added++;
	}
	if (added == 0) {
		rc = 0;
		goto out;
	}
	/* Nothing the replay moves or writes is an event of its own. */
	if (sync_applying(st, 1, cause) != 0)
		goto out;
	if (review_replay(st, card, v, k, from, cause) != 0)
		goto out;
	if (sync_applying(st, 0, cause) != 0 ||
	    history_journal(st, v, k, cause) != 0)
		goto out;
	rc = (int)added;
out:
	if (v != NULL) {
		for (i = 0; i < k; i++)
			if (v[i].id == 0)
				free(v[i].gid);
	}
	for (i = 0; i < nold; i++)
		review_entry_clear(&old[i]);
	free(old);
	free(v);
	free(matched);
	return rc;
}
