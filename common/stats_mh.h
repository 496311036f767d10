/* stats_mh.h: the Mantel-Haenszel relative likelihood across strata.
 *
 * A relative likelihood (A/N1)/(B/N2) "adjusted for" a column (pay band,
 * directorate ...) is estimated within each of its strata and pooled:
 *   RR_MH = sum(a n2 / N) / sum(b n1 / N),  N = n1 + n2 in each stratum,
 * with the Greenland-Robins (1985) variance of log RR_MH,
 *   var = sum((n1 n2 (a + b) - a b N) / N^2) / (sum(a n2 / N) sum(b n1 / N)),
 * and the interval exp(log RR_MH -+ z sqrt(var)). The test of whether the
 * ratio differs across strata is Woolf's homogeneity chi-square, as epiR's
 * epi.2by2 reports it (wRR.homog): sum(w (log RR_i - log RR_w)^2), w = 1 /
 * ((n1 - a)/(a n1) + (n2 - b)/(b n2)), df = strata tested - 1.
 * Reference vectors: tests/reference/statistics/mantel-haenszel.csv. */
#ifndef WQ_STATS_MH_H
#define WQ_STATS_MH_H

#include <stddef.h>

#include "stats.h"

/* One stratum: A events of N1 in the group, B events of N2 in the reference
 * group. Counts may be non-integer (an averaged base, a two-year average). */
struct mh_stratum {
    double a, n1, b, n2;
};

struct mh_result {
    /* RR_MH and its Greenland-Robins interval, by stats.h's conventions:
     * STATS_UNDEFINED with no stratum used or no events at all; value 0 (no
     * events in the group) or INFINITY (none in the reference group) with
     * STATS_NO_INTERVAL; STATS_NO_INTERVAL too when a count lies outside
     * 0..n (value set) */
    struct wq_interval rr;
    size_t strata;         /* strata with people in both groups (the rest
                              contribute nothing) */
    /* Woolf's homogeneity test over the strata with events in both groups
     * and not everyone in both (their log ratio has a finite, non-zero
     * variance): chi-square, df = tested - 1, p. With fewer than two such
     * strata: chi2 and p NaN, df 0. */
    double chi2, p;
    int df;
};

/* Pool the N strata S at confidence CONF (0 < conf < 1, else rr UNDEFINED). */
struct mh_result stats_mantel_haenszel(const struct mh_stratum *s, size_t n, double conf);

#endif
