/* trend.h: metrics over years, and whether the last change is chance.
 *
 * Years come from the toolkit's own metrics CSVs (one per year, each with
 * its `year` column) or from a published history table (metric, measure,
 * group, then one column per year, like
 * tests/reference/wres-history-2016-2019.csv). Whole-trust figures are
 * kept in SERIES; a metrics CSV's --by levels' relative likelihoods in BY
 * (trend_levels.h draws and tests them). A history table has no
 * intervals: its years are drawn without bars and no change can be
 * tested. Leading lines starting with '#' (a "not for publication" note)
 * are skipped. */
#ifndef WQ_TREND_H
#define WQ_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "standard.h"

enum trend_kind {
    TREND_RATIO,          /* a relative likelihood (metrics 2-4, leavers) */
    TREND_PERCENT,        /* a group's percentage (survey metrics) */
    TREND_REPRESENTATION, /* the focus group's share of the workforce */
    TREND_BOARD           /* a group's share of the board */
};

struct trend_point {
    int year;
    double value, low, high;   /* low/high NaN when there is no interval */
    double n;                  /* base (headcount, respondents) or NaN */
    double diff, diff_low, diff_high; /* TREND_PERCENT: focus minus comparator */
};

struct trend_series {
    enum trend_kind kind;
    char *metric, *measure, *group, *reference;
    char *title;               /* plain words for the chart */
    char *breakdown, *level;   /* a --by column and its level; NULL for the trust */
    struct trend_point *points; /* sorted by year, one per year */
    size_t n_points, alloc_points;
};

struct trend {
    struct trend_series *series;
    size_t n_series, alloc_series;
    struct trend_series *by;   /* --by levels: TREND_RATIO series, crude (not adjusted) */
    size_t n_by, alloc_by;
};

/* Add the figures of PATH (a metrics CSV or a history table, told apart by
 * the header) for standard STD. Errors name file:line (WQ_EDATA) or the
 * file (WQ_ENOINPUT). The same year twice for one series is an error. */
int trend_load(struct trend *t, const char *path, const struct standard *std,
               struct wq_error *err);
void trend_free(struct trend *t);

/* Add the figures of a metrics CSV held in memory (TEXT, LEN), named NAME
 * in messages; its years REPLACE those already loaded (this run's figures,
 * with intervals, over a history table's copy of the same year). */
int trend_load_text(struct trend *t, const char *name, const char *text, size_t len,
                    const struct standard *std, struct wq_error *err);

/* The last year's change from the year before. */
struct trend_change {
    bool testable;             /* both years have intervals (and finite values) */
    int from, to;              /* years */
    double z, p;               /* the test statistic and its two-sided p-value */
    char text[256];            /* a sentence for the chart and the CSV */
};

/* For a ratio: (ln r2 - ln r1) / sqrt(se1^2 + se2^2), each se from its 95%
 * interval as (ln high - ln low) / (2 z). For a percentage pair: the change
 * of the difference (focus minus comparator), se from the Newcombe
 * intervals the same way. CONF is the intervals' level (0.95). FOCUS is the
 * matching comparator series for TREND_PERCENT (may be NULL). */
void trend_change(const struct trend_series *s, const struct trend_series *comparator,
                  double conf, struct trend_change *out);

/* Find the series with this metric, measure, group and reference (NULL =
 * any), or NULL. */
const struct trend_series *trend_find(const struct trend *t, const char *metric,
                                      const char *measure, const char *group,
                                      const char *reference);

#endif
