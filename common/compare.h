/* compare.h: several trusts' metrics side by side (`wres compare`).
 *
 * Each FILE is one trust's metrics CSV (`metrics --format csv`, or a
 * report's not-for-publication/metrics.csv): leading '#' lines are skipped,
 * and a "# trust: NAME" line among them (--trust) names the trust. Only the
 * whole-trust rows are read (breakdown "Trust", crude: no Mantel-Haenszel
 * rows). Every file must be of the run's standard and of one reporting
 * year, the same in every file (else WQ_EDATA naming the file).
 *
 * What is compared (docs/compare.md says it in words):
 *  - each relative likelihood (leavers, WRES 2-4, WDES 2-3, --detail's):
 *    the trust's own ratio and interval (the caterpillar), and a funnel of
 *    the ratio against its precision. The SE of ln RR comes from the counts
 *    (the two group rows' count and base: sqrt(1/a - 1/n1 + 1/c - 1/n2),
 *    the delta method), so that it does not depend on the --ci each trust
 *    used; the pooled value is the ratio of the summed counts,
 *    (sum a / sum n1) / (sum c / sum n2): the whole system's ratio, as if one
 *    employer, which keeps trusts with a zero count (an inverse-variance
 *    mean of ln RR would have to drop them). z = (ln RR - ln pooled) / SE;
 *    limits exp(ln pooled +- z_p SE), z_p = 1.96 (95%), 3.09 (99.8%).
 *  - each share of the focus group (metric 1's share of the workforce, the
 *    survey items' percentages) and the declaration rate: a funnel of the
 *    proportion against its base with exact binomial limits
 *    (stats_funnel_limit, Spiegelhalter's interpolation) around the pooled
 *    proportion, sum count / sum base; z = (p - p0) / sqrt(p0 (1 - p0) / n)
 *    is given for information, the position comes from the exact limits. */
#ifndef WQ_COMPARE_H
#define WQ_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "standard.h"

/* One trust's figure for one item. */
struct cmp_fig {
    size_t trust;              /* index into compare.trusts */
    double value, low, high;   /* as in its file (NaN: empty) */
    double a, n1;              /* the group's count and base (NaN: none) */
    double c, n2;              /* the reference group's (ratios only) */
    /* computed by compare_compute */
    double se, z;              /* ratios: SE of ln RR and z; shares: z only */
    double lim95[2], lim998[2]; /* the limits at this trust's SE or base */
    int pos95, pos998;         /* -1 below, 0 inside, 1 above; 2: not placed */
};

struct cmp_item {
    bool ratio;                /* a relative likelihood; else a share */
    char *metric, *measure, *group, *reference; /* reference "" for shares */
    char *title;               /* plain words, for the charts and the page */
    double pooled;             /* NaN when it cannot be worked out */
    struct cmp_fig *figs;
    size_t n_figs, alloc_figs;
};

struct cmp_trust {
    char *name;
    const char *file;          /* borrowed: the argument */
};

struct compare {
    const struct standard *std;
    struct cmp_trust *trusts;
    size_t n_trusts, alloc_trusts;
    struct cmp_item *items;
    size_t n_items, alloc_items;
    char year[16];             /* the files' reporting year, "" when none */
    const char *year_file;     /* the first file read (for the message) */
};

/* Read PATH as one more trust. NAMES (N_NAMES of "FILE=NAME", --name)
 * override the file's "# trust:" line; without either the trust is the
 * name of the folder that holds the file. WQ_ENOINPUT, WQ_EDATA (not a
 * metrics CSV, another standard, another year, a trust named twice),
 * WQ_ENOMEM. */
int compare_load(struct compare *cmp, const char *path, const char *const *names,
                 size_t n_names, struct wq_error *err);

/* The pooled values, SEs, z, limits and positions of every item. */
void compare_compute(struct compare *cmp);

/* "inside", "above 95%", "above 99.8%", "below 95%", "below 99.8%" or
 * "not placed" for FIG. */
const char *compare_position(const struct cmp_fig *fig);

/* DIR (a fresh temporary folder, outdir.h): compare.csv, compare.html and
 * charts/ (caterpillar-*.png/.svg for each ratio, funnel-*.png/.svg for
 * each item). WQ_ECANTCREAT, WQ_EIO, WQ_ENOMEM. */
int compare_write(const char *dir, const struct compare *cmp, struct wq_error *err);

void compare_free(struct compare *cmp);

#endif
