/*
 * libFuzzer target for the search index query (search_index_query): the
 * query may find too much but never too little.  The input is a pattern,
 * a NUL and a text.  When PCRE2 (compiled as search compiles it) finds the
 * pattern in the text, the trigram index's query for the pattern must
 * find the text too, asked of a real FTS5 trigram index made as the
 * collection's is (schema migration 10).  Build with ./configure
 * --enable-fuzzing CC=clang.
 */

#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "recall.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The index, one row at a time, and its statements. */
static sqlite3		*fuzz_db;
static sqlite3_stmt	*fuzz_put, *fuzz_ask;

/* Make the index once, as migration 10 makes cards_text. */
static void
fuzz_open(void)
{
	static const char schema[] = "CREATE VIRTUAL TABLE t USING "
	    "fts5(x, tokenize = 'trigram', detail = 'none', columnsize = 0)";

	if (sqlite3_open(":memory:", &fuzz_db) != SQLITE_OK ||
	    sqlite3_exec(fuzz_db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(fuzz_db, "INSERT OR REPLACE INTO t (rowid, x) "
	    "VALUES (1, ?1)", -1, &fuzz_put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(fuzz_db, "SELECT count(*) FROM t WHERE t "
	    "MATCH ?1", -1, &fuzz_ask, NULL) != SQLITE_OK)
		abort();
}

/* Does PCRE2 find the pattern in the text, as search would? */
static int
fuzz_matches(const char *pattern, const char *text, size_t len)
{
	pcre2_code		*re;
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	PCRE2_SIZE		 offset;
	int			 error, rc;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &error, &offset,
	    NULL);
	if (re == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mc, 100000);
	pcre2_set_depth_limit(mc, 1000);
	rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, mc);
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*nul;
	char		*pattern, *query;
	const char	*text;
	size_t		 len;
	int		 found;

	if (fuzz_db == NULL)
		fuzz_open();
	if ((nul = memchr(data, '\0', size)) == NULL)
		return 0;
	pattern = xstrndup((const char *)data, (size_t)(nul - (const char *)data));
	text = nul + 1;
	len = size - (size_t)(text - (const char *)data);
	if (memchr(text, '\0', len) != NULL || !utf8_valid(text, len, NULL) ||
	    (query = search_index_query(pattern)) == NULL) {
		free(pattern);
		return 0;
	}
	if (fuzz_matches(pattern, text, len)) {
		sqlite3_bind_text(fuzz_put, 1, text, (int)len, SQLITE_STATIC);
		if (sqlite3_step(fuzz_put) != SQLITE_DONE)
			abort();
		sqlite3_reset(fuzz_put);
		sqlite3_bind_text(fuzz_ask, 1, query, -1, SQLITE_STATIC);
		if (sqlite3_step(fuzz_ask) != SQLITE_ROW)
			abort();	/* a query FTS5 cannot read */
		found = sqlite3_column_int(fuzz_ask, 0);
		sqlite3_reset(fuzz_ask);
		if (found != 1)
			abort();	/* the index would miss a match */
	}
	free(query);
	free(pattern);
	return 0;
}
