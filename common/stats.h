/* stats.h: confidence intervals for rates, relative likelihoods and
 * differences, funnel limits, the non-adverse flag and display rounding.
 *
 * Methods and their behaviour at zero cells follow docs/statistics.md
 * (defaults in section 8). Counts are doubles because a denominator may be an average of two
 * headcounts (leavers with --staff-start). All functions are pure and
 * reentrant; none prints or aborts (callers must have called
 * gsl_set_error_handler_off(); every GSL status is checked here).
 *
 * Conventions for an interval (struct wq_interval):
 *   - status STATS_OK: value, low, high are set; low/high may be 0 or
 *     INFINITY (a risk ratio with a zero cell), never NaN;
 *   - status STATS_UNDEFINED: nothing can be estimated (n = 0, a denominator
 *     rate of 0 with a numerator of 0 ...): value, low, high are NaN;
 *   - status STATS_NO_INTERVAL: value is set (the official point estimate)
 *     but no interval exists (for example more events than the base, or Katz
 *     with a zero cell): low, high are NaN.
 * Every function below returns STATS_UNDEFINED for a non-finite count, a
 * CONF outside (0,1) or an unknown method. */
#ifndef WQ_STATS_H
#define WQ_STATS_H

#include <stdbool.h>
#include <stddef.h>

enum stats_status {
    STATS_OK = 0,
    STATS_UNDEFINED = 1,
    STATS_NO_INTERVAL = 2,
    STATS_NOMEM = 3 /* GSL could not allocate a root solver: out of memory,
                       not a figure to publish without its interval */
};

struct wq_interval {
    double value;
    double low;
    double high;
    int status; /* enum stats_status */
};

/* Methods for a single proportion x/n. */
enum rate_method { RATE_WILSON = 0, RATE_CLOPPER_PEARSON = 1 };
/* Methods for a ratio of two proportions (a/n1)/(b/n2). */
enum ratio_method {
    RATIO_KOOPMAN = 0,
    RATIO_KATZ = 1,
    RATIO_KATZ_HALDANE = 2,
    RATIO_MIETTINEN_NURMINEN = 3 /* the Koopman score with V(theta) times N/(N-1) */
};

/* z for a two-sided interval of level CONF (0.95 -> 1.959963984540054);
 * NaN unless 0 < conf < 1. */
double stats_z(double conf);

/* Proportion X/N with a CONF interval by METHOD.
 * n <= 0 -> STATS_UNDEFINED. x > n or x < 0 -> STATS_NO_INTERVAL (value = x/n).
 * Wilson: closed form, clamped to [0,1] (exactly 0 at x = 0, 1 at x = n).
 * Clopper-Pearson: exact closed forms at x = 0 (U = 1 - (alpha/2)^(1/n)) and
 * x = n (L = (alpha/2)^(1/n)); otherwise Brent root finding on gsl_cdf_beta_P/Q,
 * bracketed from the Wilson limits. GSL 2.7.1's gsl_cdf_beta_Pinv/Qinv are
 * not used at all: they return NaN for realistic inputs (U at 144/3757, L at
 * 50000/1500000), can return a wrong value without an error (L at
 * 417501/1500000: 0.27833 instead of 0.27762) and can loop for minutes (L at
 * 1030920/2500000). When GSL's incomplete beta itself fails (n p (1-p) beyond
 * about 4e5, far above any NHS organisation) -> STATS_NO_INTERVAL. Non-integer
 * x or n are accepted; Clopper-Pearson uses them as beta parameters. */
struct wq_interval stats_rate(double x, double n, enum rate_method method, double conf);

/* Relative likelihood (A/N1)/(B/N2) with a CONF interval by METHOD.
 * The point estimate is computed as a*n2 / (n1*b), so ratios that are exactly
 * 0.8 or 1.25 land on STATS_RANGE_LOW/HIGH.
 *   n1 <= 0 or n2 <= 0, or a = b = 0                -> STATS_UNDEFINED
 *   a > n1 or b > n2, or a < 0 or b < 0             -> STATS_NO_INTERVAL, value set
 * Koopman score (default): root-found on log(theta) with GSL's Brent solver;
 *   a = 0 -> value 0, low 0, finite high; b = 0 -> value INFINITY, finite low,
 *   high INFINITY; a = n1 (and a = n1 with b = n2) handled without special
 *   cases. STATS_NO_INTERVAL if no root is found (not expected).
 * Katz log: a = 0 -> {0, 0, NaN}; b = 0 -> {INFINITY, NaN, INFINITY}
 *   (epitools' convention), status STATS_NO_INTERVAL in both cases. With
 *   a = n1 and b = n2 the interval has zero width (Katz's known failure).
 * Katz + Haldane: adds 0.5 to all four cells only when one of a, n1-a, b,
 *   n2-b is 0, for the interval only: the value is still a*n2 / (n1*b) (0
 *   and INFINITY as they are), so the flag does not move with the method;
 *   otherwise equals Katz. 0/11 vs 8/2401 -> {0, 0.72, 193}, STATS_OK. */
struct wq_interval stats_ratio(double a, double n1, double b, double n2,
                               enum ratio_method method, double conf);

/* The two-sided p-value of a relative likelihood of 1 by the test that the
 * interval of METHOD inverts, so that p < 1 - CONF exactly when that
 * interval excludes 1: Koopman's score test at 1 (Pearson's chi-square
 * without continuity correction), times (N-1)/N for Miettinen-Nurminen;
 * Katz: the Wald test of log(RR) with the same standard error (and
 * Haldane's 0.5 when a cell is 0 for katz-haldane). NaN when
 * stats_ratio gives no interval for these counts (undefined, a count
 * outside 0..n, Katz with a zero cell). */
double stats_ratio_p(double a, double n1, double b, double n2, enum ratio_method method);

/* Benjamini-Hochberg adjusted p-values (the false discovery rate's
 * q-values, as R's p.adjust(method = "BH") and statsmodels'
 * multipletests(method = "fdr_bh")) of P[0..N) into Q[0..N): NaN entries
 * of P are left out of the family (their Q is NaN). False when out of
 * memory (Q then undefined). */
bool stats_bh(const double *p, size_t n, double *q);

/* Difference of proportions x1/n1 - x2/n2 with Newcombe's hybrid score
 * interval (method 10) from Wilson limits. n1 or n2 <= 0 -> STATS_UNDEFINED;
 * a count outside 0..n -> STATS_NO_INTERVAL (value set). 0/n1 vs 0/n2 gives a
 * finite interval around 0. */
struct wq_interval stats_newcombe(double x1, double n1, double x2, double n2, double conf);

/* Exact binomial funnel limit at probability P (e.g. 0.025, 0.975, 0.001,
 * 0.999) for a unit of size N around target proportion P0, with
 * Spiegelhalter's interpolation; NOT clamped (the caller clamps to [0,1]
 * for display). Returns NaN when n < 1, p0 or p outside (0,1), or GSL's
 * binomial (incomplete beta) cdf fails (only for n in the millions). */
double stats_funnel_limit(double p0, unsigned long n, double p);

/* The non-adverse range of NHS England (four-fifths rule): the one place
 * it is typed. The same as text, for the sentences that name it ("0.80",
 * "1.25", "0.80 to 1.25"), made from these numbers. */
#define STATS_RANGE_LOW 0.80
#define STATS_RANGE_HIGH 1.25
#define STATS_TEXT_(x) #x
#define STATS_TEXT(x) STATS_TEXT_(x)
#define STATS_RANGE_LOW_TEXT STATS_TEXT(STATS_RANGE_LOW)
#define STATS_RANGE_HIGH_TEXT STATS_TEXT(STATS_RANGE_HIGH)
#define STATS_RANGE_TEXT STATS_RANGE_LOW_TEXT " to " STATS_RANGE_HIGH_TEXT

/* Position of a relative likelihood against the non-adverse range. */
enum range_flag {
    FLAG_NOT_CALCULABLE = 0, /* NaN */
    FLAG_BELOW_RANGE,        /* < 0.80 */
    FLAG_NON_ADVERSE,        /* 0.80 .. 1.25 inclusive */
    FLAG_ADVERSE             /* > 1.25 (including INFINITY) */
};
enum range_flag stats_flag(double rr);
/* Static name: "not-calculable", "below-range", "non-adverse", "adverse". */
const char *stats_flag_name(enum range_flag f);

/* Round X to DIGITS decimals, half away from zero, as Excel does: 1.625 ->
 * 1.63, -1.625 -> -1.63, 2.675 -> 2.68 (the decimal the user sees, not the
 * binary double just below it): the rounding is done on X's first 15
 * significant decimal digits. DIGITS may be negative (-1 rounds to tens).
 * Returns the double nearest the rounded decimal; a zero result is +0. X is
 * returned unchanged when DIGITS reaches beyond its 15 significant digits,
 * and so are NaN and infinities. */
double stats_round(double x, int digits);

/* Format X rounded as stats_round does, with exactly DIGITS decimals
 * (clamped to 0..30), into BUF of SIZE bytes (truncated, always terminated
 * when SIZE > 0): 1.625 -> "1.63", 0 -> "0.00". A value that rounds to zero
 * never prints a minus sign. NaN -> "n/a", INFINITY -> "inf", -INFINITY ->
 * "-inf". Returns BUF. */
char *stats_format(char *buf, unsigned long size, double x, int digits);

#endif
