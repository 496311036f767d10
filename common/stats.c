/* stats.c: confidence intervals, funnel limits, the non-adverse flag and Excel-style rounding. */
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#define ROOT_MAX_ITER 200 /* Brent iterations; it needs far fewer */
#define LOG_THETA_MAX 300.0 /* |log theta| searched for a score limit */
#define SIG_DIGITS 15 /* significant digits Excel works with */
#define FORMAT_MAX_DIGITS 30 /* decimals stats_format prints at most */

static struct wq_interval interval(int status, double value, double low, double high)
{
    struct wq_interval r = {value, low, high, status};
    return r;
}

static struct wq_interval undefined(void)
{
    return interval(STATS_UNDEFINED, NAN, NAN, NAN);
}

static struct wq_interval no_interval(double value)
{
    return interval(STATS_NO_INTERVAL, value, NAN, NAN);
}

static int valid_conf(double conf)
{
    return conf > 0 && conf < 1;
}

/* z for a two-sided CONF interval; NaN unless 0 < conf < 1. */
double stats_z(double conf)
{
    if (!valid_conf(conf))
        return NAN;
    return gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
}

/* Solve F(x) = 0 on [LO, HI], where F changes sign, with GSL's Brent solver
 * until the bracket is narrower than EPSABS + EPSREL |x|. Returns a GSL status;
 * *ROOT is set only on GSL_SUCCESS (a non-finite F value fails, GSL_EBADFUNC). */
static int brent(gsl_function *f, double lo, double hi, double epsabs, double epsrel,
                 double *root)
{
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return GSL_ENOMEM;
    int status = gsl_root_fsolver_set(s, f, lo, hi);
    for (int iter = 0; status == GSL_SUCCESS; iter++) {
        status = gsl_root_fsolver_iterate(s);
        if (status == GSL_SUCCESS)
            status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
                                            gsl_root_fsolver_x_upper(s), epsabs, epsrel);
        if (status == GSL_SUCCESS) {
            *root = gsl_root_fsolver_root(s);
            break;
        }
        if (status == GSL_CONTINUE)
            status = iter + 1 < ROOT_MAX_ITER ? GSL_SUCCESS : GSL_EMAXITER;
    }
    gsl_root_fsolver_free(s);
    return status;
}

/* Wilson score limits for 0 <= x <= n, n > 0, clamped to [0,1] (exactly 0 at
 * x = 0 and 1 at x = n). */
static void wilson(double x, double n, double z, double *lo, double *hi)
{
    double z2 = z * z;
    double centre = (x + z2 / 2) / (n + z2);
    double half = z * sqrt(x * (n - x) / n + z2 / 4) / (n + z2);
    *lo = x == 0 ? 0 : fmax(0, centre - half);
    *hi = x == n ? 1 : fmin(1, centre + half);
}

/* One tail of a beta distribution against a target: increasing in p. */
struct beta_tail {
    double a, b, target;
    int upper; /* 0: P(p; a, b) - target; 1: target - Q(p; a, b) */
};

static double beta_tail_fn(double p, void *params)
{
    const struct beta_tail *t = params;
    return t->upper ? t->target - gsl_cdf_beta_Q(p, t->a, t->b)
                    : gsl_cdf_beta_P(p, t->a, t->b) - t->target;
}

/* Root in [0,1] of the increasing function F, starting from the bracket
 * [LO, HI] and moving each end geometrically towards 0 or 1 until F changes
 * sign. Returns a GSL status. */
static int solve_unit(gsl_function *f, double lo, double hi, double *root)
{
    double flo = GSL_FN_EVAL(f, lo), fhi = GSL_FN_EVAL(f, hi);
    for (int i = 0; flo > 0 && i < 40; i++) {
        lo = i < 39 ? lo / 10 : 0;
        flo = GSL_FN_EVAL(f, lo);
    }
    for (int i = 0; fhi < 0 && i < 40; i++) {
        hi = i < 39 ? 1 - (1 - hi) / 10 : 1;
        fhi = GSL_FN_EVAL(f, hi);
    }
    if (!(flo <= 0 && fhi >= 0)) /* also catches NaN from GSL's beta cdf */
        return GSL_EFAILED;
    return brent(f, lo, hi, 0, 1e-14, root);
}

/* Clopper-Pearson limits for 0 <= x <= n, n > 0: L solves P(L; x, n-x+1) =
 * tail and U solves Q(U; x+1, n-x) = tail, by Brent root finding on GSL's
 * beta cdf, bracketed from the Wilson limits WLO, WHI (GSL 2.7.1's
 * gsl_cdf_beta_Pinv/Qinv return NaN for e.g. U at 144/3757). Closed forms at
 * x = 0 and x = n. Returns a GSL status (failure when GSL's incomplete beta
 * does not converge, roughly n p (1-p) > 6e5). */
static int clopper_pearson(double x, double n, double conf, double wlo, double whi,
                           double *lo, double *hi)
{
    double tail = (1 - conf) / 2;
    int status = GSL_SUCCESS;
    if (x == 0) {
        *lo = 0;
    } else if (x == n) {
        *lo = exp(log(tail) / n);
    } else {
        struct beta_tail t = {x, n - x + 1, tail, 0};
        gsl_function f = {beta_tail_fn, &t};
        status = solve_unit(&f, wlo, whi, lo);
    }
    if (x == n) {
        *hi = 1;
    } else if (x == 0) {
        *hi = -expm1(log(tail) / n);
    } else if (status == GSL_SUCCESS) {
        struct beta_tail t = {x + 1, n - x, tail, 1};
        gsl_function f = {beta_tail_fn, &t};
        status = solve_unit(&f, wlo, whi, hi);
    }
    return status;
}

struct wq_interval stats_rate(double x, double n, enum rate_method method, double conf)
{
    if (!isfinite(x) || !(n > 0 && n < INFINITY) || !valid_conf(conf)
        || (method != RATE_WILSON && method != RATE_CLOPPER_PEARSON))
        return undefined();
    double value = x / n, lo, hi;
    if (x < 0 || x > n)
        return no_interval(value);
    wilson(x, n, stats_z(conf), &lo, &hi);
    int status = method == RATE_CLOPPER_PEARSON ? clopper_pearson(x, n, conf, lo, hi, &lo, &hi)
                                                : GSL_SUCCESS;
    if (status == GSL_ENOMEM)
        return interval(STATS_NOMEM, value, NAN, NAN);
    if (status != GSL_SUCCESS)
        return no_interval(value);
    return interval(STATS_OK, value, lo, hi);
}

/* Katz log interval for validated cells (a+b > 0, 0 <= a <= n1, 0 <= b <= n2),
 * with Haldane's 0.5 added to all four cells when HALDANE and one is 0 (the
 * value is then the corrected ratio: stats_ratio puts the plain one back).
 * Zero cells without the correction follow epitools: a = 0 -> {0, 0, NaN},
 * b = 0 -> {inf, NaN, inf}, both STATS_NO_INTERVAL. */
static struct wq_interval katz(double a, double n1, double b, double n2, double z,
                               int haldane)
{
    if (haldane && (a == 0 || a == n1 || b == 0 || b == n2)) {
        a += 0.5;
        b += 0.5;
        n1 += 1;
        n2 += 1;
    }
    if (a == 0)
        return interval(STATS_NO_INTERVAL, 0, 0, NAN);
    if (b == 0)
        return interval(STATS_NO_INTERVAL, INFINITY, NAN, INFINITY);
    double rr = a * n2 / (n1 * b);
    double half = z * sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2);
    return interval(STATS_OK, rr, exp(log(rr) - half), exp(log(rr) + half));
}

/* The cells and z^2 of a score interval. */
struct score_cells {
    double a, n1, b, n2, z2; /* z2: z^2, times N/(N-1) for Miettinen-Nurminen */
};

/* Koopman's score test at theta = exp(T), multiplied by V(theta):
 * (p1 - theta p2)^2 - z^2 V(theta), negative inside the interval. The
 * constrained MLE uses the cancellation-free root 2C/(-B + sqrt(B^2 - 4AC)),
 * equal to (-B - sqrt(B^2 - 4AC))/(2A). */
static double score_fn(double t, void *params)
{
    const struct score_cells *c = params;
    double theta = exp(t);
    double mb = c->n1 * theta + c->a + c->n2 + c->b * theta; /* -B */
    double disc = mb * mb - 4 * (c->n1 + c->n2) * theta * (c->a + c->b);
    double p2 = 2 * (c->a + c->b) / (mb + sqrt(fmax(disc, 0)));
    double p1 = fmin(theta * p2, 1);
    p2 = fmin(p2, 1);
    double d = c->a / c->n1 - theta * c->b / c->n2;
    double v = p1 * (1 - p1) / c->n1 + theta * theta * p2 * (1 - p2) / c->n2;
    return d * d - c->z2 * v;
}

/* A point strictly inside the score interval: T0, or points moving from it in
 * direction DIR with a growing step (which also leaves the point estimate
 * when the test is degenerate there, a = n1 and b = n2). */
static int score_inside(gsl_function *g, double t0, double dir, double *t_in)
{
    double step = 1e-10;
    for (double t = t0; fabs(t) <= LOG_THETA_MAX; t += dir * step, step *= 2) {
        double f = GSL_FN_EVAL(g, t);
        if (f < 0) {
            *t_in = t;
            return GSL_SUCCESS;
        }
        if (isnan(f))
            break;
    }
    return GSL_EFAILED;
}

/* The score limit beyond T_IN in direction DIR (-1 lower, +1 upper): the
 * bracket starts at the Katz/Haldane limit HINT (log scale) when it lies beyond
 * T_IN and is expanded until the sign changes; Brent then solves on log theta. */
static int score_limit(gsl_function *g, double t_in, double dir, double hint, double *limit)
{
    double t_out = dir * (hint - t_in) > 0 ? hint : t_in + dir, step = 1;
    for (;;) {
        if (!(fabs(t_out) <= LOG_THETA_MAX))
            return GSL_EFAILED;
        double f = GSL_FN_EVAL(g, t_out);
        if (f > 0)
            break;
        if (isnan(f))
            return GSL_EFAILED;
        t_out += dir * step;
        step *= 2;
    }
    double root;
    int status = brent(g, fmin(t_in, t_out), fmax(t_in, t_out), 1e-13, 0, &root);
    if (status == GSL_SUCCESS)
        *limit = exp(root);
    return status;
}

/* Koopman score interval for validated cells; VALUE is the point estimate.
 * MN: Miettinen and Nurminen's variant, whose variance is N/(N-1) times
 * larger (N = n1 + n2), the same as a z^2 that much larger. */
static struct wq_interval koopman(double a, double n1, double b, double n2, double z,
                                  double value, bool mn)
{
    double nn = n1 + n2;
    struct score_cells c = {a, n1, b, n2, z * z * (mn && nn > 1 ? nn / (nn - 1) : 1)};
    gsl_function g = {score_fn, &c};
    struct wq_interval hint = katz(a, n1, b, n2, z, 1); /* finite when a + b > 0 */
    double t0 = a > 0 && b > 0 ? log(value) : log(hint.value);
    double lo = 0, hi = INFINITY, t_in;
    int status = GSL_SUCCESS;
    if (a > 0 && (status = score_inside(&g, t0, b > 0 ? -1 : 1, &t_in)) == GSL_SUCCESS)
        status = score_limit(&g, t_in, -1, log(hint.low), &lo);
    if (b > 0 && status == GSL_SUCCESS &&
        (status = score_inside(&g, t0, a > 0 ? 1 : -1, &t_in)) == GSL_SUCCESS)
        status = score_limit(&g, t_in, 1, log(hint.high), &hi);
    if (status == GSL_ENOMEM)
        return interval(STATS_NOMEM, value, NAN, NAN);
    if (status != GSL_SUCCESS)
        return no_interval(value);
    return interval(STATS_OK, value, lo, hi);
}

struct wq_interval stats_ratio(double a, double n1, double b, double n2,
                               enum ratio_method method, double conf)
{
    if (!isfinite(a) || !isfinite(b) || !(n1 > 0 && n1 < INFINITY)
        || !(n2 > 0 && n2 < INFINITY) || (a == 0 && b == 0) || !valid_conf(conf))
        return undefined();
    double value = b == 0 ? copysign(INFINITY, a) : a * n2 / (n1 * b);
    if (a < 0 || b < 0 || a > n1 || b > n2)
        return no_interval(value);
    double z = stats_z(conf);
    switch (method) {
    case RATIO_KOOPMAN: return koopman(a, n1, b, n2, z, value, false);
    case RATIO_MIETTINEN_NURMINEN: return koopman(a, n1, b, n2, z, value, true);
    case RATIO_KATZ: return katz(a, n1, b, n2, z, 0);
    case RATIO_KATZ_HALDANE: {
        /* the correction is the interval's only: the ratio stays a/n1 over b/n2 */
        struct wq_interval r = katz(a, n1, b, n2, z, 1);
        r.value = value;
        return r;
    }
    }
    return undefined();
}

double stats_ratio_p(double a, double n1, double b, double n2, enum ratio_method method)
{
    if (!isfinite(a) || !isfinite(b) || !(n1 > 0 && n1 < INFINITY) ||
        !(n2 > 0 && n2 < INFINITY) || (a == 0 && b == 0) || a < 0 || b < 0 || a > n1 ||
        b > n2)
        return NAN;
    double x2;
    switch (method) {
    case RATIO_KOOPMAN:
    case RATIO_MIETTINEN_NURMINEN: {
        /* the score statistic at theta = 1 is Pearson's chi-square */
        double n = n1 + n2, e = a + b, ne = n - e;
        if (ne <= 0)
            return 1; /* everyone an event: both rates 1 */
        double d = a * (n2 - b) - b * (n1 - a);
        x2 = n * d * d / (n1 * n2 * e * ne);
        if (method == RATIO_MIETTINEN_NURMINEN)
            x2 *= (n - 1) / n;
        break;
    }
    case RATIO_KATZ:
    case RATIO_KATZ_HALDANE: {
        if (method == RATIO_KATZ_HALDANE && (a == 0 || a == n1 || b == 0 || b == n2)) {
            a += 0.5;
            b += 0.5;
            n1 += 1;
            n2 += 1;
        }
        if (a == 0 || b == 0)
            return NAN; /* no interval, no test */
        double v = 1 / a - 1 / n1 + 1 / b - 1 / n2, l = log(a * n2 / (n1 * b));
        if (!(v > 0))
            return l == 0 ? 1 : 0;
        x2 = l * l / v;
        break;
    }
    default:
        return NAN;
    }
    return erfc(sqrt(x2 / 2)); /* P(chi-square with 1 df > x2) */
}

/* Index order of the p-values for stats_bh: ascending, NaN last. */
struct bh_item {
    double p;
    size_t i;
};

static int bh_cmp(const void *pa, const void *pb)
{
    const struct bh_item *a = pa, *b = pb;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

bool stats_bh(const double *p, size_t n, double *q)
{
    struct bh_item *it = malloc((n ? n : 1) * sizeof *it);
    if (!it)
        return false;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        q[i] = NAN;
        if (p[i] >= 0 && p[i] <= 1)
            it[m++] = (struct bh_item){p[i], i};
    }
    qsort(it, m, sizeof *it, bh_cmp);
    double run = 1;
    for (size_t k = m; k-- > 0;) {
        double v = it[k].p * (double)m / (double)(k + 1);
        run = v < run ? v : run;
        q[it[k].i] = run;
    }
    free(it);
    return true;
}

struct wq_interval stats_newcombe(double x1, double n1, double x2, double n2, double conf)
{
    if (!isfinite(x1) || !isfinite(x2) || !(n1 > 0 && n1 < INFINITY)
        || !(n2 > 0 && n2 < INFINITY) || !valid_conf(conf))
        return undefined();
    double p1 = x1 / n1, p2 = x2 / n2, d = p1 - p2;
    if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
        return no_interval(d);
    double z = stats_z(conf), l1, u1, l2, u2;
    wilson(x1, n1, z, &l1, &u1);
    wilson(x2, n2, z, &l2, &u2);
    return interval(STATS_OK, d, d - hypot(p1 - l1, u2 - p2), d + hypot(u1 - p1, p2 - l2));
}

/* P(R <= k) for R ~ Binomial(n, p), via GSL's beta cdf (doubles, so n may
 * exceed an unsigned int). NaN if GSL's incomplete beta fails. */
static double binomial_cdf(double k, double p, double n)
{
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    return gsl_cdf_beta_Q(p, k + 1, n - k);
}

double stats_funnel_limit(double p0, unsigned long n, double p)
{
    if (n < 1 || !(p0 > 0 && p0 < 1) || !(p > 0 && p < 1))
        return NAN;
    double nd = (double)n;
    double r = floor(nd * p0 + gsl_cdf_ugaussian_Pinv(p) * sqrt(nd * p0 * (1 - p0)));
    r = fmin(fmax(r, 0), nd);
    /* r_p = smallest r with P(R <= r) >= p; the cdf is monotone. */
    double f = binomial_cdf(r, p0, nd);
    if (f >= p) {
        double below;
        while (r > 0 && (below = binomial_cdf(r - 1, p0, nd)) >= p) {
            r -= 1;
            f = below;
        }
    } else {
        while (f < p && r < nd)
            f = binomial_cdf(++r, p0, nd);
    }
    double below = binomial_cdf(r - 1, p0, nd);
    if (isnan(f) || isnan(below) || !(f > below))
        return NAN;
    return (r - (f - p) / (f - below)) / nd;
}

enum range_flag stats_flag(double rr)
{
    if (isnan(rr))
        return FLAG_NOT_CALCULABLE;
    if (rr < STATS_RANGE_LOW)
        return FLAG_BELOW_RANGE;
    if (rr <= STATS_RANGE_HIGH)
        return FLAG_NON_ADVERSE;
    return FLAG_ADVERSE;
}

const char *stats_flag_name(enum range_flag f)
{
    switch (f) {
    case FLAG_NOT_CALCULABLE: return "not-calculable";
    case FLAG_BELOW_RANGE: return "below-range";
    case FLAG_NON_ADVERSE: return "non-adverse";
    case FLAG_ADVERSE: return "adverse";
    }
    return "not-calculable";
}

/* Round finite X to DIGITS decimals, half away from zero, on its first 15
 * significant decimal digits (as Excel does, so 2.675 -> 2.68). The result is
 * (NEG ? -1 : 1) * M * 10^E with M a string of decimal digits ("0" for zero)
 * and E >= -DIGITS. Returns 1 if the 15 digits were rounded, 0 if DIGITS
 * reaches beyond them (M then holds all 15). DIGITS must be within +-400. */
static int round_decimal(double x, int digits, char m[SIG_DIGITS + 2], int *e, int *neg)
{
    char s[32];
    *neg = x < 0;
    if (x == 0) {
        strcpy(m, "0");
        *e = -digits;
        return 1;
    }
    snprintf(s, sizeof s, "%.*e", SIG_DIGITS - 1, fabs(x)); /* d.dddddddddddddde+XX */
    int exp10 = atoi(strchr(s, 'e') + 1);
    char d[SIG_DIGITS + 1];
    d[0] = s[0];
    memcpy(d + 1, s + 2, SIG_DIGITS - 1);
    d[SIG_DIGITS] = '\0';
    int keep = exp10 + digits + 1; /* significant digits before the cut */
    if (keep >= SIG_DIGITS) {
        strcpy(m, d);
        *e = exp10 - (SIG_DIGITS - 1);
        return 0;
    }
    *e = -digits;
    if (keep < 0) {
        strcpy(m, "0");
        return 1;
    }
    memcpy(m, d, (size_t)keep);
    m[keep] = '\0';
    if (d[keep] >= '5') { /* half away from zero: carry up the kept digits */
        int i = keep - 1;
        for (; i >= 0 && m[i] == '9'; i--)
            m[i] = '0';
        if (i >= 0) {
            m[i]++;
        } else {
            memmove(m + 1, m, (size_t)keep + 1);
            m[0] = '1';
        }
    } else if (keep == 0) {
        strcpy(m, "0");
    }
    return 1;
}

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

double stats_round(double x, int digits)
{
    if (!isfinite(x))
        return x;
    char m[SIG_DIGITS + 2], s[48];
    int e, neg;
    if (!round_decimal(x, clamp_int(digits, -400, 400), m, &e, &neg))
        return x;
    snprintf(s, sizeof s, "%s%se%d", neg ? "-" : "", m, e);
    double r = strtod(s, NULL);
    return r == 0 ? 0.0 : r;
}

char *stats_format(char *buf, unsigned long size, double x, int digits)
{
    if (size == 0)
        return buf;
    if (isnan(x) || isinf(x)) {
        snprintf(buf, size, "%s", isnan(x) ? "n/a" : x > 0 ? "inf" : "-inf");
        return buf;
    }
    digits = clamp_int(digits, 0, FORMAT_MAX_DIGITS);
    char m[SIG_DIGITS + 2], num[400];
    int e, neg;
    round_decimal(x, digits, m, &e, &neg);
    /* NUM = M followed by E + DIGITS zeros = |rounded x| * 10^DIGITS, at least
     * DIGITS + 1 characters long (leading zeros). */
    size_t len = strlen(m), zeros = (size_t)(e + digits);
    size_t width = len + zeros > (size_t)digits + 1 ? len + zeros : (size_t)digits + 1;
    size_t lead = width - len - zeros;
    memset(num, '0', lead);
    memcpy(num + lead, m, len);
    memset(num + lead + len, '0', zeros);
    num[width] = '\0';
    if (strspn(num, "0") == width)
        neg = 0; /* never "-0.00" */
    /* [-]INT[.FRAC], cut to SIZE as snprintf would (without its cost: this
     * runs for every number of the tables and the workbook) */
    char out[sizeof num + 2];
    size_t k = 0, whole = width - (size_t)digits;
    if (neg)
        out[k++] = '-';
    memcpy(out + k, num, whole);
    k += whole;
    if (digits > 0) {
        out[k++] = '.';
        memcpy(out + k, num + whole, (size_t)digits);
        k += (size_t)digits;
    }
    if (k >= size)
        k = size - 1;
    memcpy(buf, out, k);
    buf[k] = '\0';
    return buf;
}
