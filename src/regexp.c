/*
 * PCRE2 as SQLite's REGEXP: "text REGEXP pattern" in SQL, the pattern
 * compiled once per statement.
 */

#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "recall.h"

/* Limits on one match, so no pattern can make a search run away. */
static pcre2_match_context *regexp_context;

/*
 * Use PCRE2's JIT?  Yes, unless RECALL_NO_JIT is set: JIT code is opaque
 * to valgrind, which reports false errors in it.
 */
int
regexp_jit(void)
{
	const char *no = getenv("RECALL_NO_JIT");

	return no == NULL || *no == '\0';
}

/* Compile a pattern, or say what is wrong with it and where. */
static pcre2_code *
regexp_compile(const char *pattern, char **cause)
{
	pcre2_code	*re;
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 offset;
	int		 error;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &error, &offset,
	    NULL);
	if (re == NULL) {
		pcre2_get_error_message(error, msg, sizeof msg);
		xasprintf(cause, "bad regular expression '%s': %s at offset "
		    "%zu", pattern, (char *)msg, (size_t)offset);
		return NULL;
	}
	if (regexp_jit())
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if (regexp_context == NULL) {
		regexp_context = pcre2_match_context_create(NULL);
		pcre2_set_match_limit(regexp_context, SUMMARY_MATCH_LIMIT);
		pcre2_set_depth_limit(regexp_context, SUMMARY_DEPTH_LIMIT);
	}
	return re;
}

/* Check a pattern before a search uses it. */
int
regexp_check(const char *pattern, char **cause)
{
	pcre2_code *re = regexp_compile(pattern, cause);

	if (re == NULL)
		return -1;
	pcre2_code_free(re);
	return 0;
}

/* Free a compiled pattern kept with a statement. */
static void
regexp_free(void *re)
{
	pcre2_code_free(re);
}

/*
 * regexp(pattern, text): 1 if the pattern matches somewhere in text, 0 if
 * not, NULL if matching ran out of its limits.
 */
static void
regexp_func(sqlite3_context *sctx, int argc, sqlite3_value **argv)
{
	pcre2_code		*re, *owned = NULL;
	pcre2_match_data	*md;
	const char		*pattern, *text;
	char			*cause = NULL;
	int			 rc;

	(void)argc;
	if ((re = sqlite3_get_auxdata(sctx, 0)) == NULL) {
		pattern = (const char *)sqlite3_value_text(argv[0]);
		if (pattern == NULL) {
			sqlite3_result_null(sctx);
			return;
		}
		if ((re = regexp_compile(pattern, &cause)) == NULL) {
			sqlite3_result_error(sctx, cause, -1);
			free(cause);
			return;
		}
		/* SQLite keeps it with the statement, or frees it at once. */
		sqlite3_set_auxdata(sctx, 0, re, regexp_free);
		if ((re = sqlite3_get_auxdata(sctx, 0)) == NULL) {
			if ((re = owned = regexp_compile(pattern, &cause)) ==
			    NULL) {
				sqlite3_result_error(sctx, cause, -1);
				free(cause);
				return;
			}
		}
	}
	if ((text = (const char *)sqlite3_value_text(argv[1])) == NULL) {
		sqlite3_result_int(sctx, 0);
		pcre2_code_free(owned);
		return;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)text,
	    (PCRE2_SIZE)sqlite3_value_bytes(argv[1]), 0, 0, md, regexp_context);
	pcre2_match_data_free(md);
	pcre2_code_free(owned);
	if (rc >= 0)
		sqlite3_result_int(sctx, 1);
	else if (rc == PCRE2_ERROR_NOMATCH)
		sqlite3_result_int(sctx, 0);
	else {
		/*
		 * Out of its limits: neither a match nor not one.  NULL lets
		 * the caller tell this text apart and say so, rather than
		 * stop halfway through its results.
		 */
		sqlite3_result_null(sctx);
	}
}

/* Make REGEXP available on a database connection. */
int
regexp_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "regexp", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, regexp_func, NULL,
	    NULL) == SQLITE_OK ? 0 : -1;
}
