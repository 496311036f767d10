/* metrics.h: the long metrics table (the CSV contract of design.md).
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
};

struct metric_table {
    struct metric_row *rows;
    size_t n_rows, alloc_rows;
};

/* Append a copy of ROW; false on allocation failure. */
bool metric_table_add(struct metric_table *t, const struct metric_row *row);
void metric_table_free(struct metric_table *t);

/* Small numbers, a guide for readers: either group has fewer than
 * SMALL_EVENTS events or a base under SMALL_BASE. */
#define SMALL_EVENTS 10
#define SMALL_BASE 30

/* Evidence of a relative likelihood's interval, read against parity and the
 * non-adverse range: "beyond-range" (the whole interval lies outside
 * 0.80-1.25), "differs-from-parity" (it excludes 1 but touches the range),
 * "could-be-chance" (it includes 1), or "" when there is no interval. */
const char *metric_evidence(const struct metric_row *r);

/* The flag column: "adverse", "non-adverse+small-numbers", ... (static). */
const char *metric_flag_text(const struct metric_row *r);

/* Static method names. */
const char *metric_rate_method_name(enum rate_method m);
const char *metric_ratio_method_name(enum ratio_method m);

/* Add metric 1, leavers and declaration rows for every breakdown level. */
int workforce_metrics(const struct workforce *w, const struct wq_options *o,
                      struct metric_table *t, struct wq_error *err);

#endif
