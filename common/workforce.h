/* workforce.h: read staff-in-post and leavers extracts into tallies.
 *
 * One streaming pass per file. Each row is either used or excluded for a
 * stated reason, so rows read = rows used + rows excluded (struct
 * input_account). People are counted once (people.h); the tallies hold,
 * for the whole trust and for every level of every --by column, the
 * headcount by group, metric 1's band-row x clinical x group counts, the
 * start-of-year headcount and the leavers. */
#ifndef WQ_WORKFORCE_H
#define WQ_WORKFORCE_H

#include <stdbool.h>
#include <stddef.h>

#include "cross.h"
#include "csv_reader.h"
#include "diag.h"
#include "people.h"
#include "options.h"
#include "text.h"
#include "vocab.h"

/* The inputs a run can read, in the order they are reported. */
enum input_kind {
    IN_STAFF, IN_START, IN_LEAVERS, IN_RECRUITMENT, IN_CASES, IN_TRAINING, IN_SURVEY,
    IN_BOARD, IN_N
};

/* Why a row was not used. */
enum excl_reason {
    EX_BLANK,             /* every field empty */
    EX_BANK,              /* bank assignment */
    EX_SECOND_ASSIGNMENT, /* another assignment of a person already counted */
    EX_OUT_OF_PERIOD,     /* a date outside the reporting year or window */
    EX_NO_DATE,           /* leaver without a termination date (with --year) */
    EX_REASON,            /* leaving reason excluded by --exclude-reason */
    EX_BAD_ROW,           /* malformed, skipped by --skip-bad-rows */
    EX_REPEAT,            /* another record of a person already counted */
    EX_OTHER_TYPE,        /* a case of another type (grievance ...) */
    EX_ILL_HEALTH,        /* capability on grounds of ill health */
    EX_MANDATORY,         /* a mandatory course */
    EX_TOTAL_ROW,         /* a total line of an aggregated table */
    EX_NOT_IN_STAFF,      /* a person not in the staff in post */
    EX_OTHER_STANDARD,    /* a survey measure of the other standard */
    EX_UNKNOWN_VALUE,     /* a survey measure or group nobody knows (named in a warning) */
    EX_FOOTER,            /* a total, subtotal or report footer row (extract_footer_row) */
    EX_N
};
/* Static text: "blank row", "bank assignment", ... */
const char *excl_reason_name(enum excl_reason r);
struct input_account;
/* The reason as said in A's account: a->out_of_period for an out-of-period
 * row ("termination date ...", "course date ..."), else excl_reason_name. */
const char *excl_reason_label(const struct input_account *a, enum excl_reason r);

/* Vocabularies whose unrecognised values are counted. */
enum vocab_kind { VK_ETHNICITY, VK_DISABILITY, VK_BAND, VK_STAFF_GROUP, VK_OTHER, VK_N };

/* Distinct unrecognised values of one column, with counts (at most
 * UNKNOWN_MAX_DISTINCT kept by name; the rest are counted in OTHERS). */
#define UNKNOWN_MAX_DISTINCT 200
struct unknown_codes {
    const char *column;      /* header name as found (owned) */
    const char *counted_as;  /* static: what the value is counted as */
    struct strmap values;
    unsigned long *counts;
    size_t alloc_counts;
    unsigned long total;     /* rows with an unrecognised value */
    unsigned long others;    /* rows whose value is beyond the kept ones */
};

/* Unrecognised values that look like identifiers are never shown, in any
 * output or message, only counted ("N values that look like identifiers
 * (not shown)"). The rule, in this one place, for the I-th value kept in U:
 *  - mostly digits: it has at least UNKNOWN_ID_DIGITS digits and they are
 *    at least as many as its other characters, spaces aside (an employee or
 *    assignment number, 21811459 or 21811459-2, a date of birth), or
 *  - one of many: U has at least UNKNOWN_ID_MANY distinct values (or more
 *    than it could keep) and the value is on one row only (names, or
 *    identifiers in any format, in a column shifted into a coded one).
 * A new spelling of a code (an ethnic origin, a band) is on many rows, or one
 * of a few distinct values, and is still shown with its count. */
#define UNKNOWN_ID_DIGITS 4
#define UNKNOWN_ID_MANY 20
bool unknown_value_hidden(const struct unknown_codes *u, size_t i);
/* How many of U's kept values are hidden (unknown_value_hidden); the rows
 * they are on in *ROWS (may be NULL). */
size_t unknown_n_hidden(const struct unknown_codes *u, unsigned long *rows);
/* How every output says N of them: "value that looks like an identifier (not
 * shown)" for one, "values that look like identifiers (not shown)" (static). */
const char *unknown_hidden_words(size_t n);

struct skipped_row {
    unsigned long line;
    char why[320];
};

/* Accounting for one input file. */
struct input_account {
    const char *role;        /* "staff in post", "staff at start", "leavers" */
    const char *out_of_period; /* what EX_OUT_OF_PERIOD means for this input, or
                                  NULL: see excl_reason_label */
    const char *file;        /* path as given, for messages (wq_input_name) */
    const char *shown;       /* its name without folders, for reports (wq_input_shown) */
    bool present;
    unsigned long title_lines; /* records above the header (report title), skipped */
    unsigned long rows_read; /* data records, header and title lines excluded */
    unsigned long rows_used; /* people counted */
    unsigned long excluded[EX_N];
    struct unknown_codes unknown[VK_N];
    struct skipped_row *skipped;
    size_t n_skipped, alloc_skipped;
    unsigned long cp1252_fields;
    const char *input;       /* its option: "staff", "staff-start" ... */
    struct strbuf read_as;   /* what was detected: "UTF-8, comma-separated"
                                (files of the survey: one after another,
                                "; " between) */
    unsigned long conflicts; /* people whose rows disagree on the group */
    unsigned long over_base; /* leavers: groups with more leavers than staff */
};

/* Counts for one level of one breakdown (doubles: averages are allowed). */
struct level_tally {
    double head[3];              /* headcount by group */
    double head_detail[DET_N];   /* by detail category (wres) */
    double m1[ROW_N][2][3];      /* [row][clinical][group] */
    double start[3];
    double start_detail[DET_N];
    double leavers[3];
    double leavers_detail[DET_N];
    double applied[3], shortlisted[3], appointed[3]; /* recruitment */
    double cases[3];             /* people entering the formal process */
    double trained[3];           /* people with non-mandatory training */
    /* the same by detail category (wres --detail): recruitment per applicant
     * only (an aggregated table has no categories), cases and training by
     * the person's category in the staff in post */
    double shortlisted_detail[DET_N], appointed_detail[DET_N];
    double cases_detail[DET_N], trained_detail[DET_N];
};

struct breakdown {
    char *column;                /* "Trust", or the --by column as given */
    struct strmap levels;        /* level names; the Trust has one, "All" */
    struct level_tally *t;
    size_t alloc_t;
    bool leavers_have_column;    /* false: leavers are not split by it */
    bool recruitment_has_column; /* false: recruitment only for the trust */
    int characteristic;          /* a characteristic column (workforce_level_name):
                                    CHAR_ETHNICITY + 1 or CHAR_DISABILITY + 1,
                                    BD_SEX for Sex, else 0 */
    /* a crossed breakdown (cross.h): its columns' breakdowns, and each
       level's level of the first of them */
    size_t parts[CROSS_MAX_PARTS];
    size_t n_parts;              /* 0: one column */
    uint32_t *first;
    size_t alloc_first;
};
/* breakdown.characteristic of a Sex (or Gender) column: Female / Male. */
#define BD_SEX 3

/* The characteristic of a --by column NAME: CHAR_ETHNICITY + 1 or
 * CHAR_DISABILITY + 1 for one of their aliases, BD_SEX for one of Sex's
 * (columns_sex_aliases), else 0. */
int workforce_characteristic(const char *name);

/* The level of breakdown B a row's value RAW counts under: for a column of
 * ethnic origin or disability (named by one of their aliases, such as
 * Disability Flag in WRES or Ethnic Origin in WDES) the normalised group
 * (White / BME / Unknown, the detail categories with --detail; Disabled /
 * Non-disabled / Unknown), else RAW, or "(blank)" for a blank. Static or
 * RAW itself. */
struct workforce;
const char *workforce_level_name(const struct workforce *w, const struct wq_options *o, size_t b,
                                 const char *raw);

/* One row of a staff-survey breakdown, normalised: a measure id, a group
 * index, respondents and the positive share (or a score for engagement). */
struct survey_item {
    const char *measure;         /* static id, e.g. "harassment_public" */
    int group;                   /* 0..2, or 3 for "All" */
    double respondents;
    double positive;             /* may be non-integer when given as % */
    double value;                /* the proportion as published, or the score */
    bool is_score;
};

/* Board membership: [total, voting, executive][group]. */
enum { BOARD_TOTAL, BOARD_VOTING, BOARD_EXECUTIVE, BOARD_N };

struct workforce {
    const struct standard *std;
    struct breakdown *bd;        /* bd[0] is the whole trust */
    size_t n_bd;                 /* the trust and the --by breakdowns, shown */
    size_t n_bd_all;             /* and the internal ones after them (cross.h) */
    size_t *strata;              /* --adjust: for each shown breakdown, the
                                    breakdown of its strata; NULL without */
    struct input_account acc[IN_N];  /* by enum input_kind */
    bool has_period;
    long period_first, period_last;
    struct people staff_people;  /* the staff in post, kept for joins */
    bool recruitment_aggregated; /* a table by group: no --detail categories */
    /* cases */
    int case_window;             /* years counted: 1 or 2 */
    unsigned long cases_not_in_staff;
    unsigned long cases_no_grounds;
    /* survey and board: whole trust only */
    struct survey_item *survey;
    size_t n_survey, alloc_survey;
    char *survey_files;          /* "a.csv, b.csv", for the account */
    double board[BOARD_N][3];
};

/* Read PATH, A's input (A->input names it for --sheet), through FN as O
 * says (--delimiter, --sheet), adding what was found to A->read_as and
 * its converted fields to A->cp1252_fields. Returns as csv_read_file. */
int account_read(struct input_account *a, const struct wq_options *o, const char *path,
                 csv_row_fn fn, void *ud, struct wq_error *err);

/* Read the staff, start and leavers files named in O into W. Returns WQ_OK
 * or an error status with ERR filled (file:line, column); W must be freed
 * either way. */
int workforce_load(struct workforce *w, const struct wq_options *o, struct wq_error *err);
void workforce_free(struct workforce *w);

/* Denominator of a leaver rate for group values START and END: END when
 * there is no start file, else their average. */
double workforce_leaver_base(const struct workforce *w, double start, double end);

/* The longest breakdown level name accepted, in bytes: a longer --by value
 * is not a directorate or site but a damaged row (bad data). */
#define WORKFORCE_LEVEL_MAX 1000

/* Index of level NAME of breakdown B, adding it (and its tally) if new;
 * -1 on allocation failure. */
long workforce_level(struct workforce *w, size_t b, const char *name);

/* The staff person with KEY, or NULL; *INDEX receives their index in
 * w->staff_people, for people_level (their level of each --by column). */
const struct person *workforce_staff_person(const struct workforce *w, uint64_t key,
                                            size_t *index);

/* Group index of a characteristic value (eth_detail or dis_group). */
int workforce_group_of(const struct workforce *w, int ch);

/* The columns of a staff in post (STAFF), staff at the start of the year
 * (neither) or leavers (LEAVERS) extract for O's standard and settings, into
 * OUT (at most INPUT_SPECS_MAX); returns how many. */
#define INPUT_SPECS_MAX 16
struct col_spec;
size_t workforce_specs(const struct wq_options *o, bool staff, bool leavers,
                       struct col_spec *out);

#endif
