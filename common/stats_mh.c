/* stats_mh.c: the Mantel-Haenszel relative likelihood with the
 * Greenland-Robins interval and Woolf's homogeneity test (stats_mh.h). */
#include "stats_mh.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

static int counts_valid(const struct mh_stratum *t)
{
    return t->a >= 0 && t->b >= 0 && t->a <= t->n1 && t->b <= t->n2;
}

/* Woolf's test over the strata whose log ratio has a finite, positive
 * variance; sets R->chi2, R->df, R->p. */
static void homogeneity(const struct mh_stratum *s, size_t n, struct mh_result *r)
{
    double sw = 0, swl = 0;
    size_t k = 0;
    r->chi2 = r->p = NAN;
    r->df = 0;
    for (int pass = 0; pass < 2; pass++) {
        double lbar = pass ? swl / sw : 0, chi2 = 0;
        for (size_t i = 0; i < n; i++) {
            const struct mh_stratum *t = &s[i];
            if (!(t->n1 > 0 && t->n2 > 0 && t->a > 0 && t->b > 0) || !counts_valid(t))
                continue;
            double var = (t->n1 - t->a) / (t->a * t->n1) + (t->n2 - t->b) / (t->b * t->n2);
            if (!(var > 0))
                continue;
            double l = log((t->a / t->n1) / (t->b / t->n2));
            if (pass) {
                chi2 += (l - lbar) * (l - lbar) / var;
                continue;
            }
            sw += 1 / var;
            swl += l / var;
            k++;
        }
        if (k < 2)
            return;
        if (pass) {
            r->chi2 = chi2;
            r->df = (int)(k - 1);
            r->p = gsl_cdf_chisq_Q(chi2, r->df);
        }
    }
}

struct mh_result stats_mantel_haenszel(const struct mh_stratum *s, size_t n, double conf)
{
    struct mh_result r = {.rr = {NAN, NAN, NAN, STATS_UNDEFINED}, .chi2 = NAN, .p = NAN};
    double num = 0, den = 0, v = 0, z = stats_z(conf);
    int valid = 1;
    for (size_t i = 0; i < n; i++) {
        const struct mh_stratum *t = &s[i];
        if (!isfinite(t->a) || !isfinite(t->n1) || !isfinite(t->b) || !isfinite(t->n2))
            return r;
        if (!(t->n1 > 0 && t->n2 > 0))
            continue;
        double N = t->n1 + t->n2;
        r.strata++;
        valid = valid && counts_valid(t);
        num += t->a * t->n2 / N;
        den += t->b * t->n1 / N;
        v += (t->n1 * t->n2 * (t->a + t->b) - t->a * t->b * N) / (N * N);
    }
    homogeneity(s, n, &r);
    if (!r.strata || isnan(z) || (num == 0 && den == 0))
        return r;
    r.rr.value = den == 0 ? INFINITY : num / den;
    r.rr.low = r.rr.high = NAN;
    r.rr.status = STATS_NO_INTERVAL;
    double var = v / (num * den);
    if (!valid || num == 0 || den == 0 || !(var >= 0) || !isfinite(var))
        return r;
    double half = z * sqrt(var);
    r.rr.low = exp(log(r.rr.value) - half);
    r.rr.high = exp(log(r.rr.value) + half);
    r.rr.status = STATS_OK;
    return r;
}
