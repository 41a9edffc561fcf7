/*
 * recall - a spaced-review flashcard engine for the terminal.
 *
 * The one project header: shared types and every prototype, grouped under
 * the file that defines them.
 */

#ifndef RECALL_H
#define RECALL_H

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))
#define NORETURN __attribute__((noreturn))

#define SECONDS_PER_DAY 86400

/* The two tracks a deck can be on. */
enum track { TRACK_NEED, TRACK_WANT };
#define TRACK_COUNT 2

/* The three layers of learning a card belongs to, shallow to deep. */
enum layer { LAYER_SKIM, LAYER_EXPLORE, LAYER_DEEPEN };
#define LAYER_COUNT 3

/* What kind of card: a plain front/back, the reverse of a :::, a cloze. */
enum card_kind { KIND_BASIC, KIND_REVERSE, KIND_CLOZE };

/* A growable string. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/*
 * Strings that live and die together (a parsed summary's): carved from
 * large chunks, freed all at once, with no allocator's overhead a string.
 */
struct arena {
	struct arena_chunk	*head;
};

/*
 * A file being written (util.c): a regular file is written to a temporary
 * file beside it and renamed into place; a character device or FIFO the
 * person named is written straight.
 */
struct out_file {
	FILE	*f;
	char	*path;		/* what the person named, for messages */
	char	*target;	/* the regular file to replace, or NULL */
	char	*tmp;		/* the temporary file beside it */
	int	 mode;		/* the mode the result gets */
};

/* The SM-2 state of one card. */
struct sm2_state {
	int	 repetition;	/* successful answers in a row */
	double	 ease;		/* easiness factor, >= 1.3 */
	int	 interval;	/* days until the next review */
	int	 lapses;	/* answers graded below 3 */
};

/* A card's schedule as the scheduler sees it. */
struct sm2_card {
	struct sm2_state state;
	int		 due;		/* day number, -1 while new */
	int		 count;		/* answers that moved the schedule */
	int		 passed;	/* 1 once graded 3 or more */
	int		 last_day;	/* day of the last such answer, or -1 */
};

/* What the scheduler needs to know besides the card. */
struct sm2_params {
	int		 fuzz;		/* 1 to fuzz intervals */
	int		 leech_threshold;
	int64_t		 card;		/* card id: seeds the fuzz */
	int		 max_due;	/* last day a due date may be; 0: none */
	int		 target;	/* days the recall model aims at (fuzzed
					   like an interval), or 0: SM-2's */
};

/* What an answer did. */
struct sm2_outcome {
	int		 scheduled;	/* 1 if it moved the schedule */
	int		 leech;		/* 1 if it made the card a leech */
	int		 again_today;	/* 1 if the card comes back today */
};

#define SM2_MIN_EASE 1.3
#define SM2_MAX_INTERVAL 36500
#define SM2_FUZZ_MIN 3

/* What answering a card did. */
struct review_result {
	struct card	*card;		/* the card now */
	struct sm2_outcome outcome;
	int64_t		 review_id;
	int		 today;
	int		 was_new;
	int		 target;	/* the recall model's days, or 0 */
	double		 aim;		/* and the retention it aimed at */
};

/* What taking an answer back undid. */
struct review_undone {
	int64_t		 review_id;
	int64_t		 card_id;
	time_t		 time;
	int		 grade;
	int		 scheduled;
	int		 was_new;
};

/* One answer of the log as check reads it. */
struct review_row {
	int64_t		 id;
	int64_t		 card;
	int		 card_missing;	/* its card is not there */
	int64_t		 deck;		/* or -1 for none */
	int		 day;
	int64_t		 ms;		/* its duration */
	int		 grade;
	int		 scheduled;	/* it moved the schedule */
	int		 interval_before;
};

/* The state of a replay of the whole log. */
struct review_check {
	void		(*report)(void *, const char *);
	/* Each answer of the log, in id order (NULL: not wanted). */
	void		(*answer)(void *, const struct review_row *);
	void		*arg;
	int		 cards;
	int		 reviews;
	int		 problems;
	char		*error;		/* a read that failed, or NULL */
};

#define REVIEW_MAX_DURATION_MS 60000

/* A deck and its options. */
struct deck {
	int64_t		 id;
	char		*name;
	enum track	 track;
	double		 weight;	/* share inside its track */
	int		 new_per_day;
	int		 reviews_per_day;
	double		 start_ease;
	int		 fuzz;		/* 1 to fuzz intervals >= 3 days */
	int		 leech_threshold;
	int		 layer_gate;	/* percent of a layer passed to open the next */
	int64_t		 created;
	int		 bury_siblings;	/* 1: one card of a line a day */
};

/* How many cards of a deck are in each state. */
struct deck_counts {
	int	 total;
	int	 fresh;		/* new, not suspended */
	int	 due;		/* reviews due today */
	int	 suspended;
};

/* How far a deck's layer has come (suspended cards left out). */
struct layer_stats {
	int	 cards;
	int	 passed;	/* passed a first review */
	int	 fresh;		/* new */
};

/* One card, as stored. */
struct card {
	int64_t		 id;
	int64_t		 deck_id;
	char		*deck;		/* deck name */
	enum card_kind	 kind;
	int		 cloze;		/* cloze number, 0 for others */
	char		*front;
	char		*back;
	char		*note;		/* a cloze's source text, else NULL */
	char		*context;	/* heading path, " > " separated */
	enum layer	 layer;
	char		*tags;		/* space separated */
	char		*source;	/* file it was imported from, or NULL */
	int		 source_line;
	int64_t		 summary_id;	/* summary written in recall, or 0 */
	int64_t		 created;
	int64_t		 modified;
	double		 initial_ease;
	struct sm2_state sm2;
	int		 due;		/* day number, or -1 for a new card */
	int		 reviews;	/* answers that moved the schedule */
	int		 passed;	/* 1 once graded >= 3 */
	int		 suspended;
	int		 buried_until;	/* day number, 0 if not buried */
	int		 leech;
	int		 removed;	/* left its source; suspended */
	int64_t		 ext_id;	/* its id in Anki or a review log, or 0;
					   card_insert writes it */
};

/* A card read from a summary. */
struct summary_card {
	enum card_kind	 kind;
	int		 cloze;
	char		*front;
	char		*back;
	char		*note;		/* a cloze's whole line, else NULL */
	char		*context;	/* heading path */
	char		*tags;
	enum layer	 layer;
	int		 line;
};

/* What a summary gave: its front matter, cards and errors. */
struct summary {
	char		*deck;		/* front matter, or NULL */
	int		 has_track;
	enum track	 track;
	char		*tags;		/* front matter tags, or NULL */
	struct summary_card *cards;
	int		 ncards;
	size_t		 cards_cap;	/* room in cards, for xgrow */
	char		**errors;	/* "NAME:LINE: message" */
	int		 nerrors;
	char		**warnings;	/* read, but not all of it kept */
	int		 nwarnings;
	struct arena	*arena;		/* owns the cards' strings, or NULL */
};

#define SUMMARY_MAX_LINE (1024 * 1024)
#define SUMMARY_MAX_ERRORS 20
#define SUMMARY_MAX_CLOZES 999
#define SUMMARY_MATCH_LIMIT 20000000
#define SUMMARY_DEPTH_LIMIT 2000

/* Which cards card_foreach visits. */
struct card_filter {
	const char	*deck;		/* deck and subdecks, or NULL */
	int		 layer;		/* enum layer, or -1 */
	const char	*tag;		/* or NULL */
	enum {
		FILTER_ALL, FILTER_NEW, FILTER_DUE, FILTER_SUSPENDED,
		FILTER_LEECH
	}		 state;
	int		 today;		/* day number, for FILTER_DUE */
};

/* Result of running a command. */
enum cmd_retval {
	CMD_RETURN_NORMAL = 0,
	CMD_RETURN_ERROR = 1,
	CMD_RETURN_USAGE = 2,
	CMD_RETURN_QUIT = 3
};

/* How recall was started. */
enum mode { MODE_ONESHOT, MODE_SCRIPT, MODE_REPL };

/* A command's parsed arguments: options by name and the positionals. */
#define ARGS_MAX_OPTIONS 64
struct args {
	int	 argc;
	char	**argv;
	int	 noptions;
	struct {
		char	*name;
		char	*value;		/* NULL for a flag */
	} options[ARGS_MAX_OPTIONS];
};

struct cmd_ctx;

/*
 * One option of a command: its long name, a one-letter alias (or 0), the
 * name usage gives its value ("DAYS"), what completes that value
 * (comma-separated choices, or @deck, @file), and a group: of the options
 * of one group (nonzero), only one may be given.  An option takes a value
 * when it has a value name or choices; without a name, usage shows the
 * choices (need|want).
 */
struct cmd_option {
	const char	*name;
	int		 letter;
	const char	*value;
	const char	*choices;
	int		 group;
	int		 repeat;	/* may be given again, each one kept */
};

/*
 * One command.  Its options are a table ending in a NULL name (or NULL for
 * none); --help is every command's, and --json every command's that has
 * CMD_JSON.  Usage is made from the options, after the positionals as
 * args.usage names them.  The complete string gives the completion kinds
 * of the positionals, space separated; the last one repeats.  A command
 * with subcommands runs alone as itself; if it takes positionals, a word
 * is a subcommand only by its whole name.
 */
struct cmd_entry {
	const char	*name;
	const char	*alias;
	struct {
		const struct cmd_option *options;
		int	    lower;	/* positionals at least */
		int	    upper;	/* at most, -1 for no limit */
		const char *usage;	/* the positionals: "ID...", or NULL */
	} args;
	const char	*help;		/* one line */
	const char	*complete;
	int		 flags;
#define CMD_JSON 0x1	/* reports, and can report as JSON (--json) */
#define CMD_REPLONLY 0x2	/* needs a terminal: cmd_terminal_check */
#define CMD_BATCH 0x4	/* a script may run it in a batch: script.c */
	const struct cmd_entry *const *sub;	/* subcommands, or NULL */
	enum cmd_retval	(*exec)(struct cmd_ctx *, struct args *);
};

/* Everything a command runs with. */
struct cmd_ctx {
	struct store	*store;		/* opened on first use */
	char		*db_path;	/* from --db, RECALL_DB, or default */
	int		 db_flags;	/* STORE_CREATE with --create */
	enum mode	 mode;
	int		 json;		/* --json before the command */
	int		 quiet;		/* -q: no chatter, only results */
	int		 interactive;	/* a person answers on a terminal */
	const char	*file;		/* script being run, for messages */
	int		 line;
	const struct cmd_entry *entry;	/* running command, for usage */
	const struct cmd_entry *parent;	/* its parent, for subcommands */
	struct repl	*repl;		/* the REPL's state, or NULL */
};

/* xmalloc.c */
void		 fatal(const char *, ...) PRINTFLIKE(1, 2) NORETURN;
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
void		*xgrow(void *, size_t *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...) PRINTFLIKE(2, 3);
int		 xvasprintf(char **, const char *, va_list);
void		 buf_init(struct buf *);
void		 buf_free(struct buf *);
void		 buf_reset(struct buf *);
void		 buf_add(struct buf *, const char *, size_t);
void		 buf_puts(struct buf *, const char *);
void		 buf_putc(struct buf *, char);
void		 buf_printf(struct buf *, const char *, ...) PRINTFLIKE(2, 3);
char		*buf_steal(struct buf *);
char		*arena_alloc(struct arena *, size_t);
char		*arena_strdup(struct arena *, const char *);
void		 arena_free(struct arena *);

/* util.c */
int		 ids_dense(const int64_t *, size_t);
int		 ids_find(const int64_t *, size_t, int, int64_t, size_t *);
int		 utf8_valid(const char *, size_t, size_t *);
int		 utf8_width(const char *);
char		*utf8_truncate(const char *, int);
char		*utf8_pad(const char *, int);
char		*str_trim(const char *);
int		 str_empty(const char *);
int		 str_empty_n(const char *, size_t);
char		**context_split(const char *, int *);
void		 context_free(char **, int);
int		 current_umask(void);
char		*str_oneline(const char *);
char		*str_visible(const char *);
int		 parse_int(const char *, long long, long long, long long *);
int		 parse_double(const char *, double, double, double *);
int		 parse_duration(const char *, int *, char **);
char		*format_duration(int);
int		 mkdir_parents(const char *, int, char **);
char		*path_dirname(const char *);
char		*read_file(const char *, size_t *, char **);
const char	*file_kind(mode_t);
int		 same_file(const char *, const char *);
int		 out_file_open(struct out_file *, const char *, int, char **);
int		 out_file_commit(struct out_file *, char **);
void		 out_file_abort(struct out_file *);
int		 out_failed(void);
void		 out_exit_if_reader_gone(void);
void		 out_exit_if_gone(void);
const char	*track_name(enum track);
int		 track_from_name(const char *, enum track *);
const char	*layer_name(enum layer);
int		 layer_from_name(const char *, enum layer *);
const char	*kind_name(enum card_kind);
int		 kind_from_name(const char *, enum card_kind *);
/*
 * What a tag is, as a PCRE2 pattern (UTF, UCP): a letter, then anything
 * but spaces and '#'.  A summary's "#tag" and tags_normalize both read it;
 * tags_normalize also keeps ASCII to letters, digits and _-:/.+.
 */
#define TAG_PATTERN "\\p{L}[^\\s#]*"
char		*tags_normalize(const char *, char **);
char		*tags_add(const char *, const char *);
char		*tags_remove(const char *, const char *);
int		 tags_has(const char *, const char *);
int		 text_check(const char *, size_t, char **);

/* clock.c */
void		 clock_set(time_t);
time_t		 clock_now(void);
int		 clock_parse(const char *, time_t *, char **);
int		 clock_parse_utc(const char *, time_t *, char **);
int		 clock_day(time_t, int);
time_t		 clock_day_start(int, int);
char		*clock_day_string(int);
char		*clock_time_string(time_t);
char		*clock_utc_string(time_t);
char		*clock_format(time_t, const char *);
#define CLOCK_MAX 253402300799LL	/* 9999-12-31T23:59:59Z */

/* json.c */
struct json;
struct json	*json_create(FILE *);
void		 json_free(struct json *);
void		 json_object_begin(struct json *);
void		 json_object_end(struct json *);
void		 json_array_begin(struct json *);
void		 json_array_end(struct json *);
void		 json_key(struct json *, const char *);
void		 json_string(struct json *, const char *);
void		 json_int(struct json *, long long);
void		 json_double(struct json *, double);
void		 json_bool(struct json *, int);
void		 json_null(struct json *);
void		 json_kv_string(struct json *, const char *, const char *);
void		 json_kv_int(struct json *, const char *, long long);
void		 json_kv_double(struct json *, const char *, double);
void		 json_kv_bool(struct json *, const char *, int);
void		 json_write_string(FILE *, const char *);

/* term.c */
#include <signal.h>
extern volatile sig_atomic_t term_sigint;
extern volatile sig_atomic_t term_sigwinch;
void		 term_sigint_handler(int);
char		*term_readline(const char *, int *);
#define TERM_TICK_NONE 0
#define TERM_TICK_PROMPT 1
#define TERM_TICK_INTERRUPT 2
extern int	(*term_tick)(void *, char **);
extern void	*term_tick_arg;
#define TERM_KEY_EOF -1
#define TERM_KEY_ESCAPE -2
int		 term_raw(void);
void		 term_cooked(void);
int		 term_key(void);
double		 term_seconds(void);
int		 term_utf8(void);
void		 term_wrap(FILE *, const char *, int, int, int);
void		 term_init(void);
void		 term_remove_if_killed(const char *);
void		 term_keep_if_killed(const char *);
int		 term_colour(FILE *);
int		 term_width(void);
const char	*term_style(FILE *, const char *);
void		 term_bar(FILE *, double, int);
void		 term_bar_marked(FILE *, double, double, int);
int		 term_confirm(struct cmd_ctx *, const char *, ...) PRINTFLIKE(2, 3);
char		*term_ask(struct cmd_ctx *, const char *, const char *);
char		*term_keep_text(const char *, const char *);
int		 term_edit(const char *, const char *, char **, char **);

/* model.c: the recall model, a pure core. */
#define MODEL_NX 9		/* its features, the intercept included */
#define MODEL_BINS 20		/* bins of the prediction for RMSE(bins) */

/* One review to fit or predict: the card's state before it, and what
 * happened (the first answer of a day of a card in review). */
struct model_obs {
	double	elapsed;	/* days since the last review */
	int	interval;	/* the interval before the answer, days */
	double	ease;
	int	lapses;
	int	repetition;
	int	last_grade;	/* the grade of the answer before, or -1 */
	int	past_answers;	/* earlier answers that moved the schedule */
	int	past_recalled;	/* how many of them were graded 3 or more */
	int	recalled;	/* graded 3 or more */
};

struct model {
	double	w[MODEL_NX];	/* the weights of model_x's features */
	size_t	n;		/* the observations it was fitted to */
	int	iterations;	/* Newton's steps it took */
	double	loss;		/* its mean log loss on them */
};

struct model_score {
	size_t	n;
	double	logloss;
	double	rmse_bins;
	double	auc;
};

void		 model_x(const struct model_obs *, double [MODEL_NX]);
void		 model_obs_set(struct model_obs *, const struct sm2_state *,
		     double, int, int, int);
double		 model_predict(const struct model *, const struct model_obs *);
double		 model_textbook(double, int);
int		 model_fit(const struct model_obs *, size_t, double,
		     struct model *);
double		 model_elapsed_for(const struct model *,
		     const struct model_obs *, double);
int		 model_days(const struct model *, const struct model_obs *,
		     double);
void		 model_score(const double *, const int *, size_t,
		     struct model_score *);

/* fit.c: the recall model and the collection. */
enum fit_scope { FIT_ALL, FIT_NEED, FIT_WANT };
#define FIT_SCOPES 3

/* Where a review the model learns from stands. */
struct fit_meta {
	int64_t		 card;
	int64_t		 review;	/* its answer's id */
	time_t		 time;
	unsigned char	 track;		/* enum track of the card's deck */
	unsigned char	 layer;		/* enum layer */
};

/* The reviews of a log the model learns from (fit_read). */
struct fit_data {
	struct model_obs *obs;
	unsigned char	*track;		/* each one's enum track */
	struct fit_meta	*meta;		/* each one's place, if asked for */
	size_t		 n, cap;
	int64_t		 last_review;	/* the newest answer of the log */
	long		 first_grades[6];	/* grades of first answers */
	long		 review_grades[6];	/* and of the reviews */
};

/* A kept fit. */
struct fit_info {
	int64_t		 id;
	enum fit_scope	 scope;
	time_t		 time;
	int64_t		 last_review;
	struct model	 model;
};

/* What fit_run did, scope by scope. */
struct fit_report {
	int		 min;			/* fit-min */
	size_t		 reviews[FIT_SCOPES];	/* the reviews of each */
	size_t		 recalled[FIT_SCOPES];	/* how many recalled */
	int		 made[FIT_SCOPES];	/* 1: fitted and kept */
	int		 refused[FIT_SCOPES];	/* 1: recall did not fall */
	int		 whole[FIT_SCOPES];	/* 1: a track that is all */
	struct model	 model[FIT_SCOPES];
	int		 turned_on;		/* the scheduler became model */
	time_t		 time;
};

const char	*fit_scope_name(enum fit_scope);
#define FIT_READ_META 1		/* fit_read: each review's fit_meta too */
int		 fit_read(struct store *, int64_t, int, struct fit_data *,
		     char **);
void		 fit_data_free(struct fit_data *);
int		 fit_load(struct store *, enum fit_scope, struct fit_info *,
		     char **);
int		 fit_run(struct store *, struct fit_report *, char **);
int		 fit_refit_due(struct store *, struct fit_report *, int *,
		     char **);
void		 fit_after_answer(struct store *, FILE *);
int		 fit_for_track(struct store *, enum track, struct fit_info *,
		     char **);
int		 fit_recall(struct store *, const struct card *, int, double *,
		     char **);
int		 fit_card_past(struct store *, int64_t, int *, int *, int *,
		     int *, char **);
int		 fit_target(struct store *, int64_t, enum track, int,
		     const struct sm2_card *, const struct sm2_outcome *, int *,
		     char **);

/* simulate.c: what a scheduler costs, for a memory like the model. */
struct sim_config {
	const struct model *memory;	/* the person's recall */
	const struct model *scheduler;	/* aims due days; NULL: SM-2 */
	double		 retention;	/* what the scheduler aims at */
	double		 modifier;	/* SM-2's intervals times this */
	long		 first_grades[6];	/* the person's grades */
	long		 review_grades[6];
	int		 cards;
	int		 new_per_day;
	int		 days;
	int		 fuzz;
	double		 ease;		/* a new card's */
	uint64_t	 seed;
};

struct sim_result {
	int		 cards;		/* introduced */
	long		 first;		/* first answers */
	long		 reviews;	/* answers of cards in review */
	long		 recalled;	/* of the reviews */
	long		 answers;	/* both */
	double		 expected;	/* the recall the memory predicted */
	double		 retention;	/* recalled / reviews */
	long		 aimed;		/* reviews after a recall: aimed */
	long		 aimed_recalled;
	double		 aimed_retention; /* what the scheduler aims at */
	double		 predicted;	/* expected / reviews */
	double		 per_day;	/* answers a day */
	int		 peak;		/* the most in a day */
	double		 per_card;	/* answers per card introduced */
};

int		 simulate_run(const struct sim_config *, struct sim_result *);
int		 simulate_sm2_at(const struct sim_config *, double, double *,
		     struct sim_result *);

/* sm2.c */
void		 sm2_next(const struct sm2_state *, int, struct sm2_state *);
int		 sm2_fuzz_range(int);
int		 sm2_fuzz(int, int64_t, int);
int		 sm2_leech(int, int, int);
int		 sm2_again_today(int, int);
void		 sm2_answer(const struct sm2_card *, const struct sm2_params *,
		     int, int, struct sm2_card *, struct sm2_outcome *);
int		 sm2_parse_grade(const char *);
const char	*sm2_grade_name(int);

/* history.c */
/* One answer brought in from elsewhere: an Anki collection, a review log. */
struct history_answer {
	time_t		 time;		/* Unix seconds */
	int		 grade;		/* recall's 0 to 5 */
	int		 duration;	/* milliseconds */
	size_t		 order;		/* history_add's: keeps ties in order */
};
int		 history_add(struct store *, int64_t, struct history_answer *,
		     size_t, int, char **);

/* revlog.c */
int		 revlog_is_csv(const char *);
int		 revlog_rating(int);
long		 revlog_export(struct store *, FILE *, const char *, char **);

/* journal.c */
#define JOURNAL_VERSION 1	/* the journal format this recall writes */
#define JOURNAL_DEVICE_LEN 32	/* hexadecimal digits of a device id */
/* One event of another device's journal, checked. */
struct journal_event {
	char		*line;		/* the JSON object */
	char		*device;
	char		*kind;
	int64_t		 seq;
	int64_t		 time;
	int		 phase;		/* where its kind is applied */
};
/* What reading other devices' journals gathered. */
struct journal_read {
	struct journal_event	*events;
	size_t			 nevents;
	size_t			 events_cap;	/* room in events, for xgrow */
	char			**problems;	/* FILE:LINE: messages */
	size_t			 nproblems;
	size_t			 problems_cap;
	char			*error;		/* SQLite failed */
};
char		*journal_device(struct store *, char **);
int		 journal_render(struct store *, const char *, time_t, int *,
		     char **);
int		 journal_same(struct store *, const char *, const char *,
		     const char *, char **);
char		*journal_path(const char *, const char *);
int		 journal_check(struct store *, const char *, const char *,
		     char **);
int		 journal_write(struct store *, const char *, const char *,
		     char **);
int		 journal_read(struct store *, struct journal_read *,
		     const char *, const char *, int64_t *, char **);
void		 journal_read_free(struct journal_read *);
int		 journal_event_cmp(const void *, const void *);
int		 journal_phase(const char *);

/* sync.c */
/* What a sync did. */
struct sync_result {
	char		*device;	/* this collection's device id */
	int		 peers;		/* other devices' journals read */
	int		 sent;		/* events written */
	int		 received;	/* new events read */
	int		 applied;	/* of those, that changed something */
	int		 conflicts;
	int		 waiting;	/* events whose card or deck is not here */
	int		 problems;	/* bad lines, rewritten histories */
	char		**notes;	/* conflicts and problems, in order */
	size_t		 nnotes;
	size_t		 notes_cap;	/* room in notes, for xgrow */
};
/*
 * SQL for a new random id, 128 bits as 32 lowercase hex digits: a device
 * id, and the global id a deck, card or answer made here is given as it
 * is inserted (schema.sql's triggers give one to a row inserted without).
 */
#define SYNC_NEW_ID "recall_gid()"	/* store_gid */
int		 sync_run(struct store *, const char *, const char *, int,
		     struct sync_result *, char **);
void		 sync_result_free(struct sync_result *);
int		 sync_new_device(struct store *, char **, char **, char **);
int		 sync_applying(struct store *, int, char **);
time_t		 sync_last(struct store *, char **);

/* One answer of a card's log, as a replay writes it (review_replay). */
struct review_entry {
	int64_t		 id;		/* its row in the log; 0 if new */
	char		*gid;		/* its global id; NULL: a new one */
	time_t		 time;
	int		 day;
	int		 grade;
	int		 duration;	/* milliseconds */
	int		 fuzz;
	int64_t		 deck_id;	/* where it was given; 0 for none */
	char		*device;	/* who answered, or NULL */
	int		 target;	/* the recall model's days, or 0 */
};
/*
 * Mature: an interval of at least this many days before the answer (the
 * retention_days triggers of schema.sql count with the same 21).
 */
#define STATS_MATURE 21

/* review.c */
void		 review_entry_read(sqlite3_stmt *, int, struct review_entry *);
void		 review_entry_clear(struct review_entry *);
int		 review_replay(struct store *, int64_t,
		     const struct review_entry *, size_t, size_t, char **);
int		 review_rollover(struct store *);
int		 review_today(struct store *);
int		 review_answer(struct store *, int64_t, int, int,
		     struct review_result *, char **);
void		 review_result_print(FILE *, const struct review_result *, int);
char		*review_state_path(const char *);
const char	*review_device(void);
int		 review_undo(struct store *, int64_t, int64_t,
		     struct review_undone *, char **);
int		 review_check(struct store *, struct review_check *);

/* summary.c */
struct summary_parser;
struct summary_parser *summary_parser_create(const char *);
void		 summary_parser_line(struct summary_parser *, const char *,
		     size_t);
void		 summary_parser_overlong(struct summary_parser *);
int		 summary_parser_full(struct summary_parser *);
struct summary	*summary_parser_finish(struct summary_parser *);
struct summary	*summary_parse(const char *, const char *, size_t);
struct summary	*summary_parse_cloze(const char *, int, const char *);
char		*summary_cloze_numbered(const char *);
void		 summary_free(struct summary *);
int		*summary_partners(const struct summary_card *, int);
void		 summary_skip_clozes(const struct summary_card *, int, int *,
		     int);
void		 summary_write(FILE *, const char *, enum track,
		     const struct summary_card *, int);

/* identity.c */
struct identity_card {
	enum card_kind	 kind;
	int		 cloze;
	const char	*front;
	const char	*back;
	const char	*note;		/* a cloze's line, or NULL */
	const char	*context;
};
struct identity_match {
	enum { MATCH_NEW, MATCH_UNCHANGED, MATCH_EDITED } kind;
	int		 old;		/* index of the old card, or -1 */
	double		 similarity;
};
#define IDENTITY_THRESHOLD 0.6
#define IDENTITY_PAIRS 1000000.0	/* edits compared at most, about */
extern unsigned long identity_probes;
double		 identity_similarity(const char *, const char *, double);
void		 identity_match(const struct identity_card *, int,
		     const struct identity_card *, int, struct identity_match *,
		     int *);
void		 identity_match_more(const struct identity_card *, int,
		     const struct identity_card *, int, struct identity_match *,
		     int *);

/* import.c */
struct import_gone;
#define IMPORT_STDIN_DECK "stdin"	/* standard input's deck, if none */
struct import_counts {
	int		 fresh;
	int		 edited;
	int		 unchanged;
	int		 removed;
	int		 restored;
	int		 decks;		/* created */
	int		 conflicts;	/* edited in recall and in the file */
	int		 already;	/* in the collection from elsewhere */
	int		 warnings;
	int		 files;		/* imported */
	int		 failed;	/* not imported */
};
enum import_conflict {
	CONFLICT_KEEP,		/* keep the edit made in recall */
	CONFLICT_FILE,		/* take the file's text */
	CONFLICT_ASK		/* ask, on a terminal */
};
struct deck_track {
	char		*name;		/* a deck, and the decks under it */
	enum track	 track;
};
struct import_opts {
	const char	*deck;		/* --deck, or NULL */
	enum import_conflict conflict;	/* --conflict */
	int		 has_track;	/* --track given */
	enum track	 track;
	int		 dry_run;
	struct json	*json;		/* report as JSON, or NULL */
	int		 progress;	/* show progress on standard error */
	double		 started;
	double		 last_progress;
	int		 progress_shown;
	const char	*current;	/* file being read, for progress */
	int		 lines;		/* lines of it read so far */
	const struct deck_track *deck_tracks;	/* --deck-track, for Anki */
	int		 ndeck_tracks;
	struct import_counts totals;
	char		**gone;		/* sources whose files are gone */
	int		 ngone;
	int		*gone_total;	/* their live cards */
	int		*gone_taken;	/* found moved by this import */
	struct import_gone *gone_cards;	/* their cards, by identity */
	int		 ngone_cards;
	size_t		 gone_cards_cap;	/* room in gone_cards */
	int		 gone_read;
};
int		 import_path(struct cmd_ctx *, const char *,
		     struct import_opts *);
int		 import_summary_text(struct cmd_ctx *, int64_t, const char *,
		     const char *, struct import_opts *);
void		 import_progress(struct import_opts *, int);
void		 import_opts_done(struct import_opts *);
int		 revlog_import(struct cmd_ctx *, const char *, const char *,
		     struct import_opts *);
int		 ankicol_is_package(const char *);
int		 ankicol_is_database(const char *);
int		 ankicol_import(struct cmd_ctx *, const char *,
		     struct import_opts *);

/* regexp.c */
int		 regexp_jit(void);
int		 regexp_check(const char *, char **);
int		 regexp_register(sqlite3 *);

/* store.c */
#define STORE_APPLICATION_ID 0x5245434c	/* "RECL" */
#define STORE_CREATE 0x1	/* an empty file may become a collection */
struct store;
char		*store_uri(const char *, const char *);
struct store	*store_open(const char *, int, char **);
void		 store_close(struct store *);
char		*store_take_failure(struct store *, int *);
const char	*store_warning(struct store *);
void		 store_clear_damaged(struct store *);
sqlite3		*store_db(struct store *);
sqlite3_stmt	*store_stmt(struct store *, const char *);
int		 store_exec(struct store *, const char *, char **);
int		 store_begin(struct store *, char **);
int		 store_commit(struct store *, char **);
void		 store_rollback(struct store *);
int		 store_scan_begin(struct store *, char **);
sqlite3		*store_reader(struct store *);
#define STORE_GID_LEN	32
void		 store_gid(char [STORE_GID_LEN + 1]);
int		 store_read_begin(struct store *, char **);
int		 store_end(struct store *, int, int, char **);
void		 store_scan_end(struct store *);
int		 store_sync_later(struct store *, char **);
int		 store_sync(struct store *, char **);
int		 store_in_transaction(struct store *);
int		 store_step(struct store *, sqlite3_stmt *, char **);
int		 store_done(struct store *, sqlite3_stmt *, char **);
char		*store_default_path(void);
int		 store_query_int(struct store *, const char *, int64_t *,
		     char **);
char		*store_setting(struct store *, const char *);
int		 store_set_setting(struct store *, const char *, const char *,
		     char **);
char		*stmt_text(sqlite3_stmt *, int);
void		 stmt_bind_text(sqlite3_stmt *, int, const char *);
int		 stmt_day(sqlite3_stmt *, int);
void		 stmt_bind_day(sqlite3_stmt *, int, int);

/* search.c */
char		*search_index_query(const char *);
/* backup.c */
/* What a backup (or a collection to restore) holds. */
struct backup_info {
	char		*name;		/* file name */
	char		*path;
	int64_t		 size;		/* bytes */
	time_t		 mtime;		/* when it was written */
	int64_t		 cards;
	int64_t		 reviews;
	time_t		 last_review;	/* 0 if none */
	char		*error;		/* why it cannot be read, or NULL */
};
char		*backup_stem(const char *);
char		*backup_dir(const char *);
char		*backup_name(const char *, const char *);
int		 backup_name_matches(const char *, const char *);
int		 backup_is_backup(const char *);
int		 backup_prune_count(int, int);
char		*backup_temp_target(const char *, size_t *);
int		 backup_write(sqlite3 *, const char *, char **);
int		 backup_to_folder(struct store *, const char *, const char *, int,
		     char **, char **);
char		*backup_daily(struct store *, const char *);
int		 backup_count_store(struct store *, struct backup_info *,
		     char **);
void		 backup_info_read(const char *, int, struct backup_info *);
void		 backup_info_clear(struct backup_info *);
struct backup_info *backup_list(const char *, int *, char **);
void		 backup_list_free(struct backup_info *, int);
int		 backup_restore_prepare(const char *, const char *, char **,
		     char **);
int		 backup_lock(const char *, char **);
int		 backup_restore_swap(const char *, const char *, char **);
char		*backup_restore_when(const char *);

/* settings.c */
enum setting {
	SETTING_ROLLOVER,
	SETTING_SESSION,
	SETTING_WINDOW,
	SETTING_SHARE_NEED,
	SETTING_BACKUPS,
	SETTING_SCHEDULER,
	SETTING_RETENTION,
	SETTING_FIT_EVERY,
	SETTING_FIT_MIN,
	SETTING_COUNT
};
/*
 * An integer; a duration (its value in seconds); a fraction (written
 * 0.90, its value and range in thousandths); one of the words of unit,
 * "a|b|c" (its value the word's place).
 */
enum setting_type { SETTING_INT, SETTING_DURATION, SETTING_FRACTION,
    SETTING_CHOICE };
#define SCHEDULER_SM2 0		/* the values of SETTING_SCHEDULER */
#define SCHEDULER_MODEL 1
struct setting_def {
	const char		*name;
	enum setting_type	 type;
	const char		*def;	/* the default, as stored */
	long long		 min;	/* range of an integer */
	long long		 max;
	const char		*unit;	/* what an integer counts, for errors */
	const char		*help;
	int			 listed; /* shown and changed by set */
};
const struct setting_def *settings_def(enum setting);
int		 settings_find(const char *);
char		*settings_names(void);
char		*settings_keys(void);
int		 settings_parse(enum setting, const char *, char **, char **);
int		 settings_value(enum setting, const char *);
int		 settings_int(struct store *, enum setting);
char		*settings_string(struct store *, enum setting);
int		 settings_set(struct store *, enum setting, const char *, char **,
		     char **);

/* deck.c */
/*
 * SQL: the deck name in column col is strictly under the name bound as p
 * (ml::a under ml), or is that deck or under it.  Written once here.
 */
#define SQL_DECK_BELOW(col, p) \
	"substr(" col ", 1, length(" p ") + 2) = " p " || '::'"
#define SQL_DECK_OR_BELOW(col, p) \
	"(" col " = " p " OR " SQL_DECK_BELOW(col, p) ")"
#define DECK_NAME_MAX 200
int		 deck_name_valid(const char *, char **);
struct deck	*deck_find(struct store *, const char *, char **);
struct deck	*deck_find_id(struct store *, int64_t, char **);
struct deck	*deck_create(struct store *, const char *, enum track, double,
		     char **);
struct deck	*deck_find_or_create(struct store *, const char *, enum track,
		     int *, char **);
void		 deck_free(struct deck *);
struct deck	**deck_list(struct store *, const char *, int *, char **);
void		 deck_list_free(struct deck **, int);
int		 deck_matches(const char *, const char *);
int		 deck_set(struct store *, struct deck *, const char *,
		     const char *, char **);
int		 deck_rename(struct store *, struct deck *, const char *, char **);
int		 deck_delete(struct store *, struct deck *, int *, char **);
int		 deck_count_cards(struct store *, int64_t, int,
		     struct deck_counts *, char **);
const char	*deck_option_keys(void);
int		 deck_option_parse(const char *, const char *, double *, char **);
int		 deck_layer_stats(struct store *, int64_t,
		     struct layer_stats[LAYER_COUNT], char **);
int		 deck_count_under(struct store *, const char *, char **);
char		*deck_missing(struct store *, const char *);
char		**deck_names(struct store *, int *);
int		 deck_name_width(struct store *, const char *, int);

/* layers.c */
int		 layer_percent(const struct layer_stats *);
int		 layer_open(const struct layer_stats[LAYER_COUNT], int,
		     enum layer);
enum layer	 layer_deepest_open(const struct layer_stats[LAYER_COUNT], int);

/* card.c */
/* The columns card_from_row reads, in order, for "SELECT " CARD_COLUMNS. */
#define CARD_COLUMNS "cards.id, cards.deck_id, decks.name, " \
	"cards.kind, cards.cloze, cards.front, cards.back, cards.note, " \
	"cards.context, cards.layer, cards.tags, cards.source, " \
	"cards.source_line, cards.summary_id, cards.created, " \
	"cards.modified, cards.initial_ease, cards.repetition, cards.ease, " \
	"cards.interval, cards.due, cards.reviews, cards.passed, " \
	"cards.lapses, cards.suspended, cards.buried_until, cards.leech, " \
	"cards.removed"
struct card_listing {
	int		 deck_width;
	int		 front_width;	/* 0: the whole front */
	const char	*header;	/* the lead columns' titles, or NULL */
	int		 headed;	/* 1 once the header is printed */
};
void		 card_listing_init(struct card_listing *, struct store *,
		     const char *, int);
void		 card_listing_row(struct card_listing *, const char *,
		     const struct card *);
struct card	*card_new(void);
void		 card_free(struct card *);
struct card	*card_get(struct store *, int64_t, char **);
struct card	*card_get_listed(struct store *, int64_t, char **);
int		 card_insert(struct store *, struct card *, char **);
int		 card_update_text(struct store *, struct card *, char **);
int		 card_save_state(struct store *, const struct card *, char **);
int		 card_delete(struct store *, int64_t, char **);
int		 card_set_suspended(struct store *, int64_t, int, char **);
int		 card_bury(struct store *, int64_t, int, char **);
int		 card_set_removed(struct store *, int64_t, int, char **);
struct card	*card_from_row(sqlite3_stmt *);
/* One answer of a card's history. */
struct card_review {
	int64_t		 id;
	time_t		 time;
	int		 grade;
	int		 duration;	/* milliseconds */
	int		 scheduled;	/* 0 for a same-day repeat */
	int		 rep_before, interval_before;
	double		 ease_before;
	int		 rep_after, interval_after;
	double		 ease_after;
	int		 due_after;	/* -1 for none */
};
int		 card_history(struct store *, int64_t,
		     void (*)(const struct card_review *, void *), void *,
		     char **);
int		 card_foreach(struct store *, const struct card_filter *,
		     int (*)(struct card *, void *), void *, char **);
int		 card_json(struct json *, const struct card *, struct store *);
int		 card_json_fields(struct json *, const struct card *,
		     struct store *);
int		 card_is_new(const struct card *);
void		 card_list_free(struct card **, int);
int		 card_check_side(const char *, const char *, char **);
char		*card_parse_tags(const char *, char **);
int		 card_edit_parse(const char *, char **, char **, char **);
int		 card_edit_editor(struct card *, char **);

/* cmd.c */
extern const struct cmd_entry *const cmd_table[];
const struct cmd_entry *cmd_find(const struct cmd_entry *const *,
		     const char *, char **);
int		 cmd_batched(const char *);
const struct cmd_entry *cmd_find_sub(const struct cmd_entry *, const char *,
		     char **);
int		 cmd_split(const char *, int *, char ***, char **);
void		 cmd_free_argv(int, char **);
enum cmd_retval	 cmd_run(struct cmd_ctx *, int, char **);
const char	*args_get(struct args *, const char *);
const char	*args_get_nth(struct args *, const char *, int);
int		 args_has(struct args *, const char *);
int		 args_json(struct cmd_ctx *, struct args *);
void		 cmd_error(struct cmd_ctx *, const char *, ...) PRINTFLIKE(2, 3);
void		 cmd_warn(struct cmd_ctx *, const char *, ...) PRINTFLIKE(2, 3);
int		 cmd_terminal_check(struct cmd_ctx *);
enum cmd_retval	 cmd_usage(struct cmd_ctx *, const char *, ...)
		     PRINTFLIKE(2, 3);
void		 cmd_print_usage(FILE *, const struct cmd_entry *,
		     const struct cmd_entry *);
struct store	*ctx_store(struct cmd_ctx *);
const struct cmd_option *cmd_option_at(const struct cmd_entry *, int);
const struct cmd_option *cmd_option_find(const struct cmd_entry *,
		     const char *, int);
int		 cmd_option_takes_value(const struct cmd_option *);
void		 cmd_print_help(FILE *, const struct cmd_entry *,
		     const struct cmd_entry *, int);
void		 cmd_print_list(FILE *, int);

/* cmd-find.c */
enum cmd_retval	 card_ids_check(struct cmd_ctx *, int, char **);
struct card	*card_resolve(struct cmd_ctx *, const char *);
struct card	**card_resolve_all(struct cmd_ctx *, struct args *);
int		 card_apply_all(struct cmd_ctx *, struct card **, int,
		     const char *, int (*)(struct store *, struct card *, void *,
		     char **), void *);
enum cmd_retval	 card_set_suspended_many(struct cmd_ctx *, struct args *,
		     int);
struct deck	*deck_resolve(struct cmd_ctx *, const char *);
struct deck	*deck_resolve_parent(struct cmd_ctx *, const char *);
int		 deck_filter_check(struct cmd_ctx *, const char *);

/* cmd-*.c */
extern const struct cmd_entry cmd_add_entry;
extern const struct cmd_entry cmd_answer_entry;
extern const struct cmd_entry cmd_backup_entry;
extern const struct cmd_entry cmd_backups_entry;
extern const struct cmd_entry cmd_balance_entry;
extern const struct cmd_entry cmd_bury_entry;
extern const struct cmd_entry cmd_calibration_entry;
extern const struct cmd_entry cmd_cards_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_completion_entry;
extern const struct cmd_entry cmd_deck_entry;
extern const struct cmd_entry cmd_deepdive_entry;
extern const struct cmd_entry cmd_delete_entry;
extern const struct cmd_entry cmd_due_entry;
extern const struct cmd_entry cmd_edit_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_fit_entry;
extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_later_entry;
extern const struct cmd_entry cmd_quit_entry;
extern const struct cmd_entry cmd_restore_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_search_entry;
extern const struct cmd_entry cmd_set_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_simulate_entry;
extern const struct cmd_entry cmd_stats_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_summaries_entry;
extern const struct cmd_entry cmd_summarize_entry;
extern const struct cmd_entry cmd_suspend_entry;
extern const struct cmd_entry cmd_sync_entry;
extern const struct cmd_entry cmd_undo_entry;
extern const struct cmd_entry cmd_unsuspend_entry;

/* deepdive.c */
struct deepdive {
	int64_t		 id;
	char		*topic;
	char		*deck;		/* or NULL */
	time_t		 started;
	int		 seconds;
};
void		 deepdive_free(struct deepdive *);
struct deepdive	*deepdive_current(struct store *, char **);
long		 deepdive_left(const struct deepdive *, time_t);
int		 deepdive_start(struct store *, const char *, const char *, int,
		     char **);
int		 deepdive_end(struct store *, int64_t, char **);
int		 later_add(struct store *, const char *, const char *, int,
		     int64_t *, char **);
int		 later_done(struct store *, int64_t, char **);
int		 later_due(struct store *, int, char **, char **);
int		 later_parse_day(const char *, int, int, int *, char **);
struct later_entry {
	int64_t		 id;
	const char	*kind;
	const char	*topic;
	const char	*deck;		/* or NULL */
	int		 day;		/* -1 for a bookmark */
	int		 done;
};
int		 later_foreach(struct store *, int,
		     void (*)(const struct later_entry *, void *), void *,
		     char **);
#define DEEPDIVE_DEFAULT (45 * 60)	/* seconds, when none are given */
/* What to do once a deep dive ends. */
enum deepdive_next { DEEPDIVE_ASK, DEEPDIVE_NOTHING, DEEPDIVE_SUMMARIZE,
    DEEPDIVE_BOOKMARK, DEEPDIVE_SCHEDULE };
enum deepdive_next deepdive_next_from_answer(const char *);
const char	*deepdive_summary_deck(const struct deepdive *);

/* demo.c */
char		*demo_create(struct cmd_ctx *, char **);
void		 demo_remove(const char *, const char *);

/* summaries.c */
struct summary_entry {
	int64_t		 id;
	const char	*deck;		/* "" when it made no cards */
	const char	*title;
	time_t		 modified;
	int		 cards;		/* not counting removed ones */
};
char		*summary_load(struct store *, int64_t, char **);
int		 summary_save(struct store *, int64_t *, const char *,
		     const char *, char **);
int		 summary_set_deck(struct store *, int64_t, char **);
int		 summary_foreach(struct store *,
		     void (*)(const struct summary_entry *, void *), void *,
		     char **);

/* script.c */
enum script_end {
	SCRIPT_LINE,		/* a whole line */
	SCRIPT_EOF,		/* no more lines */
	SCRIPT_NUL,		/* a NUL byte: not a text file */
	SCRIPT_LONG,		/* longer than a line may be */
	SCRIPT_ERROR		/* a read error, errno set */
};
enum script_end	 script_line(FILE *, struct buf *);
enum cmd_retval	 script_run(struct cmd_ctx *, FILE *, const char *);

/* repl.c */
int		 repl_run(struct cmd_ctx *);
char		*repl_history_path(void);

/* queue.c */
struct queue;
struct due_counts {
	int	 due[TRACK_COUNT];	/* reviews due now, within limits */
	int	 fresh[TRACK_COUNT];	/* new cards available today */
	int	 again[TRACK_COUNT];	/* failed today, coming back */
};
struct queue_item {
	int64_t	 id;
	int	 deck;			/* index of its deck in the queue */
	int	 track;
	enum { QUEUE_REVIEW, QUEUE_NEW, QUEUE_AGAIN } kind;
};
#define QUEUE_DEFAULT_SECONDS 10.0
int		 queue_need_share(struct store *);
int		 queue_window(struct store *);
int		 queue_deck_time(struct store *, int64_t, int, int, double *,
		     int *, char **);
int		 queue_counts(struct store *, time_t, const char *,
		     struct due_counts *, char **);
struct queue	*queue_create(struct store *, time_t, const char *, int,
		     char **);
int		 queue_next_day(struct store *, const char *, int, int *, int *,
		     char **);
int		 queue_print_nothing_due(struct store *, const char *, int,
		     char **);

/* queue-session.c */
struct queue	*queue_alloc(int, double);
int		 queue_add_deck(struct queue *, int64_t, int, double, int,
		     double, int);
void		 queue_add_card(struct queue *, int, int, int64_t);
void		 queue_add_again(struct queue *, int64_t, int64_t);
void		 queue_share_new(struct queue *, int);
void		 queue_free(struct queue *);
int		 queue_next(struct queue *, struct queue_item *);
void		 queue_answered(struct queue *, const struct queue_item *, int,
		     double);
void		 queue_push(struct queue *, const struct queue_item *);
void		 queue_undone(struct queue *, const struct queue_item *,
		     double);
double		 queue_estimate(struct queue *, int);
void		 queue_left(struct queue *, int *, int *, int *);
int		 queue_today(struct queue *);

/* anki.c */
enum anki_type { ANKI_BASIC, ANKI_REVERSED, ANKI_CLOZE };
struct anki_note {
	char		*front;	/* first field: for Cloze, the text */
	char		*back;	/* second field, or "" (Cloze: "Back Extra") */
	char		*tags;	/* space separated and normalized, or "" */
	char		*deck;	/* from a deck column or #deck:, or NULL */
	enum anki_type	 type;
	int		 line;	/* line the note starts on (1-based) */
};
struct anki_reader;
struct anki_reader *anki_reader_create(const char *);
int		 anki_reader_line(struct anki_reader *, const char *, size_t,
		     int);
int		 anki_reader_finish(struct anki_reader *);
struct anki_note *anki_reader_notes(struct anki_reader *, int *);
char		**anki_reader_errors(struct anki_reader *, int *);
char		**anki_reader_warnings(struct anki_reader *, int *);
void		 anki_reader_free(struct anki_reader *);
int		 anki_header_line(const char *);
const char	*anki_type_name(enum anki_type);
enum anki_type	 anki_type_from_name(const char *);
char		*anki_html_text(const char *);
void		 anki_write_header(FILE *);
void		 anki_write_note(FILE *, const struct anki_note *);

/* balance.c */
enum balance_drift {
	BALANCE_ON_TARGET,	/* within 2 points, or no time spent */
	BALANCE_SLIGHTLY,	/* within 5 points */
	BALANCE_DRIFTING
};
struct balance_report {
	double			 target[TRACK_COUNT];	/* target shares */
	double			 seconds[TRACK_COUNT];	/* time spent */
	double			 actual[TRACK_COUNT];	/* actual shares */
	double			 weight[TRACK_COUNT];	/* its decks' weights */
	double			 total;		/* time spent on both */
	int			 points;	/* need's actual - target */
	enum balance_drift	 drift;
	enum track		 over;		/* the one over its share */
	enum track		 first;		/* first up when no time */
};
int		 balance_pick(const double *, const double *, const int *, int);
void		 balance_shares(const double *, double *, int);
void		 balance_split(int, const double[TRACK_COUNT],
		     const int[TRACK_COUNT], int[TRACK_COUNT]);
int		 balance_parse_shares(const char *, int *);
double		 balance_part(double, double);
double		 balance_percent(double, double);
void		 balance_report(int, const double *, const enum track *,
		     const double *, int, struct balance_report *);

#endif /* RECALL_H */
