/* metrics.h: the long metrics table (the CSV contract of docs/design.md, section 3).
 *
 * Every computed figure is one struct metric_row: a group row (a rate or
 * share of one group, with its interval) or a comparison row (a relative
 * likelihood of GROUP vs REFERENCE, with its interval, flag and evidence).
 * Strings are borrowed: static text, or names owned by the workforce. */
#ifndef WQ_METRICS_H
#define WQ_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "stats.h"
#include "workforce.h"

struct metric_row {
    const char *standard;   /* "WRES" */
    const char *metric;     /* "1", "leavers", "declaration" ... */
    const char *measure;    /* "workforce", "leaving", "declaration" ... */
    const char *breakdown;  /* "Trust" or the --by column */
    const char *level;      /* "All" or the level name */
    const char *group;
    const char *reference;  /* NULL for a group row */
    double count, base;     /* NaN when not applicable */
    double value, low, high;
    int status;             /* enum stats_status */
    enum range_flag flag;   /* comparison rows only */
    bool small;             /* comparison rows: small numbers */
    const char *workforce;  /* metric 1: "Clinical", "Non-clinical", "All" */
    const char *band;       /* metric 1: row or cluster name, "All" */
    const char *method;     /* "wilson", "koopman-score", ... */
    const char *statistic;  /* what VALUE is: "proportion", "relative-likelihood",
                               "difference" (of proportions, or of scores), "score" */
    const char *note;       /* free text: 9b's narrative, "suppressed" ... or NULL */
    bool survey;            /* from the staff survey: suppressed by respondents */
    unsigned withheld_below; /* withheld rows: the publication threshold N */
    int year;               /* the reporting year ending 31 March, or 0 */
    /* Comparison rows of a breakdown level: the p-value of parity
     * (stats_ratio_p) and, after metrics_fdr, the Benjamini-Hochberg
     * q-value among the levels of the same comparison and --by column. */
    double p, q;
    bool has_p, has_q;
};

struct metric_table {
    struct metric_row *rows;
    size_t n_rows, alloc_rows;
    struct strmap text;       /* strings built for rows (notes), owned */
};

/* A copy of S owned by T (for a row's note built at run time); NULL when
 * out of memory. */
const char *metric_table_text(struct metric_table *t, const char *s);

/* Append a copy of ROW; false on allocation failure. */
bool metric_table_add(struct metric_table *t, const struct metric_row *row);

/* Was ROW withheld in publication mode (its note starts "suppressed")? */
bool metric_row_withheld(const struct metric_row *row);
void metric_table_free(struct metric_table *t);

/* What a published cell of a withheld ROW reads: "withheld (fewer than
 * 10)", N from the threshold it was withheld under. */
const char *metric_withheld_text(char *buf, size_t size, const struct metric_row *row);

/* A copy of FROM's rows into TO (zeroed): WQ_OK or WQ_ENOMEM. */
int metric_table_copy(struct metric_table *to, const struct metric_table *from);

/* The rows comparing ESR's share of the focus group with the staff
 * survey's (survey_esr.c). */
#define METRIC_ESR_SURVEY "esr-survey"

/* Values of metric_row.statistic. */
#define STAT_PROPORTION "proportion"
#define STAT_RATIO "relative-likelihood"
#define STAT_DIFFERENCE "difference"
#define STAT_SCORE "score"
#define STAT_ANSWER "yes-no"
/* --adjust: the Mantel-Haenszel relative likelihood, and its homogeneity
 * test's chi-square statistic and p-value (adjust_metrics.c) */
#define STAT_ADJUSTED "adjusted-relative-likelihood"
#define STAT_CHI2 "chi-square"
#define STAT_P "p-value"

/* Small numbers, a guide for readers: either group has fewer than
 * SMALL_EVENTS events or a base under SMALL_BASE. */
#define SMALL_EVENTS 10
#define SMALL_BASE 30

/* Evidence of a relative likelihood's interval, read against parity and the
 * non-adverse range: "beyond-range" (the whole interval lies outside
 * the range, stats.h), "differs-from-parity" (it excludes 1 but touches the range),
 * "could-be-chance" (it includes 1), or "" when there is no interval. */
const char *metric_evidence(const struct metric_row *r);
/* Evidence is read only for relative likelihoods; for a difference it is
 * "differs" (the interval excludes 0) or "could-be-chance". */

/* The flag column: "adverse", "non-adverse+small-numbers", ... (static). */
const char *metric_flag_text(const struct metric_row *r);

/* Static method names. */
const char *metric_rate_method_name(enum rate_method m);
const char *metric_ratio_method_name(enum ratio_method m);

/* Everything the rows of one metric share while they are built. */
struct metric_builder {
    const struct workforce *w;
    const struct wq_options *o;
    struct metric_table *t;
    struct metric_row base;   /* standard, metric, measure, breakdown, level ... */
    size_t b, l;              /* the breakdown and level being built */
};

/* Add a group row: X events of N, a proportion with the run's rate
 * interval. Returns WQ_OK or WQ_ENOMEM. */
int metric_add_rate(struct metric_builder *c, const char *group, double x, double n);
/* Add a comparison row: the relative likelihood (A/N1)/(B/N2) of GROUP vs
 * REFERENCE with the run's ratio interval, flag and small-numbers mark. */
int metric_add_ratio(struct metric_builder *c, const char *group, const char *reference,
                     double a, double n1, double b, double n2);

/* The catalogue's metrics (metric 2 onwards) for one breakdown level B,
 * and those that exist only for the whole trust (survey, board, 9b). */
int catalogue_level_metrics(struct metric_builder *c, const struct level_tally *t, size_t b);
/* The events *X and base *N of group G for ratio metric M at one level. */
void catalogue_events(const struct workforce *w, const struct ratio_metric *m,
                      const struct level_tally *t, int g, double *x, double *n);
/* Does ratio metric M have its input for breakdown B? */
bool catalogue_source_present(const struct workforce *w, const struct ratio_metric *m, size_t b);

/* --adjust: after the relative likelihood of ratio metric M (NULL: the
 * leavers') of group NUM vs DEN at the builder's level, add its
 * Mantel-Haenszel relative likelihood across the level's strata and the
 * homogeneity test's two rows (nothing without --adjust). WQ_OK or
 * WQ_ENOMEM. */
int adjust_metrics(struct metric_builder *c, const struct ratio_metric *m, int num, int den);
int catalogue_trust_metrics(struct metric_builder *c);

/* Publication mode (suppress.c): withhold counts from 1 to N-1, and the
 * rates and comparisons built on them (survey groups under max(N, 11)
 * respondents); then more, until no withheld count from 1 to N-1 has a
 * range under N given the published figures (suppress_lp.c). A breakdown
 * with more than SUPPRESS_MAX_LEVELS levels is withheld whole, its rows'
 * note SUPPRESS_TOO_MANY_LEVELS (too many to check; the full counts are in
 * the report's not-for-publication/ files). THREADS as --threads (0: two
 * when a second processor is online; the rows withheld are the same).
 * WQ_OK, or WQ_ENOMEM with ERR saying why (out of memory, or the audit's
 * process stopped: isolate.h), the table unchanged. */
#define SUPPRESS_MAX_LEVELS 400
#define SUPPRESS_TOO_MANY_LEVELS "suppressed: the breakdown has too many levels to check"
struct standard;
struct wq_error;
int metrics_suppress(struct metric_table *t, unsigned n, unsigned threads,
                     const struct standard *std, struct wq_error *err);

/* The false discovery rate across the levels of a breakdown (fdr.c): for
 * every family of comparison rows with a p-value, not withheld, of one --by
 * column, metric, measure, group and reference, set q to the
 * Benjamini-Hochberg adjusted p-value (has_q). Trust rows are left alone.
 * WQ_OK or WQ_ENOMEM (nothing set). */
int metrics_fdr(struct metric_table *t);

/* Is LEVEL a level of some --by column in T (for --highlight)? */
bool metrics_has_level(const struct metric_table *t, const char *level);

/* Add metric 1, leavers and declaration rows for every breakdown level. */
int workforce_metrics(const struct workforce *w, const struct wq_options *o,
                      struct metric_table *t, struct wq_error *err);

#endif
