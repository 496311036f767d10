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

#include "diag.h"
#include "options.h"
#include "text.h"
#include "vocab.h"

/* Why a row was not used. */
enum excl_reason {
    EX_BLANK,             /* every field empty */
    EX_BANK,              /* bank assignment */
    EX_SECOND_ASSIGNMENT, /* another assignment of a person already counted */
    EX_OUT_OF_PERIOD,     /* termination date outside the reporting year */
    EX_NO_DATE,           /* leaver without a termination date (with --year) */
    EX_REASON,            /* leaving reason excluded by --exclude-reason */
    EX_BAD_ROW,           /* malformed, skipped by --skip-bad-rows */
    EX_N
};
/* Static text: "blank row", "bank assignment", ... */
const char *excl_reason_name(enum excl_reason r);

/* Vocabularies whose unrecognised values are counted. */
enum vocab_kind { VK_ETHNICITY, VK_DISABILITY, VK_BAND, VK_STAFF_GROUP, VK_N };

/* Distinct unrecognised values of one column, with counts (at most
 * UNKNOWN_MAX_DISTINCT kept by name; the rest are counted in OTHERS). */
#define UNKNOWN_MAX_DISTINCT 200
struct unknown_codes {
    const char *column;      /* header name as found (owned) */
    struct strmap values;
    unsigned long *counts;
    size_t alloc_counts;
    unsigned long total;     /* rows with an unrecognised value */
    unsigned long others;    /* rows whose value is beyond the kept ones */
};

struct skipped_row {
    unsigned long line;
    char why[320];
};

/* Accounting for one input file. */
struct input_account {
    const char *role;        /* "staff in post", "staff at start", "leavers" */
    const char *file;        /* path as given */
    bool present;
    unsigned long rows_read; /* data records, header excluded */
    unsigned long rows_used; /* people counted */
    unsigned long excluded[EX_N];
    struct unknown_codes unknown[VK_N];
    struct skipped_row *skipped;
    size_t n_skipped, alloc_skipped;
    unsigned long cp1252_fields;
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
};

struct breakdown {
    char *column;                /* "Trust", or the --by column as given */
    struct strmap levels;        /* level names; the Trust has one, "All" */
    struct level_tally *t;
    size_t alloc_t;
    bool leavers_have_column;    /* false: leavers are not split by it */
};

struct workforce {
    const struct standard *std;
    struct breakdown *bd;        /* bd[0] is the whole trust */
    size_t n_bd;
    struct input_account staff, start, leavers;
    bool has_period;
    long period_first, period_last;
};

/* Read the staff, start and leavers files named in O into W. Returns WQ_OK
 * or an error status with ERR filled (file:line, column); W must be freed
 * either way. */
int workforce_load(struct workforce *w, const struct wq_options *o, struct wq_error *err);
void workforce_free(struct workforce *w);

/* Denominator of a leaver rate for group values START and END: END when
 * there is no start file, else their average. */
double workforce_leaver_base(const struct workforce *w, double start, double end);

/* Group index of a characteristic value (eth_detail or dis_group). */
int workforce_group_of(const struct workforce *w, int ch);

#endif
