/* test_stats.c: common/stats.c against the reference vectors in tests/reference/statistics
 * and edge cases. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "stats.h"
#include "stats_mh.h"

#define REL_TOL 1e-6
#define ZERO_TOL 1e-12
#define MAX_COLS 12
#define MAX_ROWS 256
#define CELL_LEN 48

/* A small CSV file held in memory: header names and string cells. */
struct table {
    char name[64];
    int ncols, nrows;
    char head[MAX_COLS][CELL_LEN];
    char cell[MAX_ROWS][MAX_COLS][CELL_LEN];
};

/* Split LINE (no quotes in the reference files) into cells; -1 if there are
 * more than MAX_COLS or one is too long. */
static int split(char *line, char out[MAX_COLS][CELL_LEN])
{
    line[strcspn(line, "\r\n")] = '\0';
    for (int n = 0; n < MAX_COLS; n++) {
        size_t len = strcspn(line, ",");
        if (len >= CELL_LEN)
            return -1;
        memcpy(out[n], line, len);
        out[n][len] = '\0';
        if (line[len] == '\0')
            return n + 1;
        line += len + 1;
    }
    return -1;
}

/* Load tests/reference/statistics/NAME (the tests run from the top of the
 * repository); fails the test if the file cannot be read. */
static struct table *load(const char *name)
{
    char path[1024], line[1024];
    snprintf(path, sizeof path, "tests/reference/statistics/%s", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open reference file %s", path);
    struct table *t = calloc(1, sizeof *t);
    int bad = 0;
    if (t) {
        snprintf(t->name, sizeof t->name, "%s", name);
        bad = !fgets(line, sizeof line, f) || (t->ncols = split(line, t->head)) < 1;
        while (!bad && fgets(line, sizeof line, f)) {
            if (line[strspn(line, " \r\n")] == '\0')
                continue;
            bad = t->nrows == MAX_ROWS || split(line, t->cell[t->nrows]) != t->ncols;
            if (!bad)
                t->nrows++;
        }
    }
    fclose(f);
    if (!t || bad) {
        int row = t ? t->nrows + 2 : 0;
        free(t);
        fail_msg("%s: unreadable header or line %d (fields, length or row count)", path, row);
    }
    return t;
}

static int col(const struct table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->head[i], name) == 0)
            return i;
    fail_msg("%s: no column '%s'", t->name, name);
    return -1;
}

static const char *str(const struct table *t, int row, const char *name)
{
    return t->cell[row][col(t, name)];
}

/* A numeric cell; "nan" and "inf" are accepted (strtod). */
static double num(const struct table *t, int row, const char *name)
{
    const char *s = str(t, row, name);
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        fail_msg("%s row %d: column '%s' is not a number: '%s'", t->name, row + 2, name, s);
    return v;
}

/* GOT matches WANT: NaN only by NaN, infinities exactly, 0 within 1e-12,
 * otherwise within 1e-6 relative. */
static int close_to(double got, double want)
{
    if (isnan(want))
        return isnan(got);
    if (isinf(want))
        return got == want;
    if (want == 0)
        return fabs(got) <= ZERO_TOL;
    return fabs(got - want) <= REL_TOL * fabs(want);
}

/* Check one computed interval against a reference row; the expected status
 * follows from the NaNs: value NaN -> undefined, a limit NaN -> no interval. */
static int check_interval(const struct table *t, int row, struct wq_interval got,
                          double value, double low, double high)
{
    int want = isnan(value) ? STATS_UNDEFINED
               : isnan(low) || isnan(high) ? STATS_NO_INTERVAL : STATS_OK;
    if (got.status == want && close_to(got.value, value) && close_to(got.low, low)
        && close_to(got.high, high))
        return 0;
    fprintf(stderr, "%s row %d: got %d {%.17g, %.17g, %.17g}, want %d {%.17g, %.17g, %.17g}\n",
            t->name, row + 2, got.status, got.value, got.low, got.high, want, value, low, high);
    return 1;
}

/* Print the counts for one reference file; fail on a mismatch or if no row
 * was checked (the test must not pass vacuously). */
static void report(const char *name, int checked, int skipped, int failures)
{
    printf("%s: %d rows checked, %d skipped (method not implemented), %d failed\n", name,
           checked, skipped, failures);
    assert_int_equal(failures, 0);
    assert_true(checked > 0);
}

static void test_reference_proportions(void **state)
{
    (void)state;
    struct table *t = load("proportions.csv");
    int checked = 0, failures = 0;
    for (int r = 0; r < t->nrows; r++) {
        const char *m = str(t, r, "method");
        double x = num(t, r, "x"), n = num(t, r, "n");
        enum rate_method method = RATE_WILSON;
        if (strcmp(m, "wilson") == 0)
            method = RATE_WILSON;
        else if (strcmp(m, "clopper_pearson") == 0)
            method = RATE_CLOPPER_PEARSON;
        else
            fail_msg("proportions.csv row %d: unknown method '%s'", r + 2, m);
        double value = n > 0 ? x / n : NAN;
        failures += check_interval(t, r, stats_rate(x, n, method, 0.95), value,
                                   num(t, r, "lower"), num(t, r, "upper"));
        checked++;
    }
    free(t);
    report("proportions.csv", checked, 0, failures);
}

static void test_reference_riskratios(void **state)
{
    (void)state;
    struct table *t = load("riskratios.csv");
    int checked = 0, skipped = 0, failures = 0;
    for (int r = 0; r < t->nrows; r++) {
        const char *m = str(t, r, "method");
        enum ratio_method method = RATIO_KOOPMAN;
        if (strcmp(m, "katz_log") == 0)
            method = RATIO_KATZ;
        else if (strcmp(m, "katz_log_haldane_if_zero") == 0)
            method = RATIO_KATZ_HALDANE;
        else if (strcmp(m, "koopman_score") == 0)
            method = RATIO_KOOPMAN;
        else if (strcmp(m, "miettinen_nurminen_score") == 0)
            method = RATIO_MIETTINEN_NURMINEN;
        else
            fail_msg("riskratios.csv row %d: unknown method '%s'", r + 2, m);
        double a = num(t, r, "a"), n1 = num(t, r, "n1"), b = num(t, r, "b"), n2 = num(t, r, "n2");
        struct wq_interval got = stats_ratio(a, n1, b, n2, method, 0.95);
        /* the reference's rr for Haldane is the corrected ratio; ours is the
         * plain a/n1 over b/n2 (the correction is the interval's only) */
        double rr = method != RATIO_KATZ_HALDANE ? num(t, r, "rr")
                    : b == 0                     ? INFINITY
                                                 : (a / n1) / (b / n2);
        failures += check_interval(t, r, got, rr, num(t, r, "lower"), num(t, r, "upper"));
        checked++;
    }
    free(t);
    report("riskratios.csv", checked, skipped, failures);
}

static enum ratio_method method_named(const char *file, int row, const char *m)
{
    if (strcmp(m, "katz_log") == 0)
        return RATIO_KATZ;
    if (strcmp(m, "katz_log_haldane") == 0 || strcmp(m, "katz_log_haldane_if_zero") == 0)
        return RATIO_KATZ_HALDANE;
    if (strcmp(m, "miettinen_nurminen_score") == 0)
        return RATIO_MIETTINEN_NURMINEN;
    if (strcmp(m, "koopman_score") != 0)
        fail_msg("%s row %d: unknown method '%s'", file, row + 2, m);
    return RATIO_KOOPMAN;
}

/* p-values of parity against statsmodels (tests/reference/fdr.py); an
 * empty p: no test (NaN). */
static void test_reference_ratio_p(void **state)
{
    (void)state;
    struct table *t = load("ratio-p.csv");
    int checked = 0, failures = 0;
    for (int r = 0; r < t->nrows; r++) {
        enum ratio_method m = method_named("ratio-p.csv", r, str(t, r, "method"));
        double want = *str(t, r, "p") ? num(t, r, "p") : NAN;
        double got = stats_ratio_p(num(t, r, "a"), num(t, r, "n1"), num(t, r, "b"),
                                   num(t, r, "n2"), m);
        if (!close_to(got, want)) {
            printf("ratio-p.csv row %d: p %.17g, expected %.17g\n", r + 2, got, want);
            failures++;
        }
        checked++;
    }
    free(t);
    report("ratio-p.csv", checked, 0, failures);
}

/* The p-value agrees with the interval: p < 0.05 exactly when the 95%
 * interval excludes 1, for every table of riskratios.csv with an interval. */
static void test_ratio_p_matches_interval(void **state)
{
    (void)state;
    struct table *t = load("riskratios.csv");
    int checked = 0;
    for (int r = 0; r < t->nrows; r++) {
        enum ratio_method m = method_named("riskratios.csv", r, str(t, r, "method"));
        double a = num(t, r, "a"), n1 = num(t, r, "n1"), b = num(t, r, "b"), n2 = num(t, r, "n2");
        struct wq_interval iv = stats_ratio(a, n1, b, n2, m, 0.95);
        double p = stats_ratio_p(a, n1, b, n2, m);
        if (iv.status != STATS_OK || isnan(iv.low) || isnan(iv.high)) {
            if (m == RATIO_KATZ && (a == 0 || b == 0))
                assert_true(isnan(p));
            continue;
        }
        bool excludes = iv.low > 1 || iv.high < 1;
        if (excludes != (p < 0.05))
            fail_msg("riskratios.csv row %d: interval %g-%g but p = %g", r + 2, iv.low, iv.high, p);
        checked++;
    }
    assert_true(checked > 20);
    free(t);
}

/* Benjamini-Hochberg against statsmodels' multipletests(method="fdr_bh"),
 * family by family (tests/reference/fdr.py). */
static void test_reference_bh(void **state)
{
    (void)state;
    struct table *t = load("bh.csv");
    double p[MAX_ROWS], q[MAX_ROWS];
    int checked = 0, failures = 0;
    for (int from = 0, to; from < t->nrows; from = to) {
        for (to = from; to < t->nrows && !strcmp(str(t, to, "family"), str(t, from, "family")); to++)
            p[to - from] = num(t, to, "p");
        assert_true(stats_bh(p, (size_t)(to - from), q));
        for (int r = from; r < to; r++, checked++)
            if (!close_to(q[r - from], num(t, r, "q"))) {
                printf("bh.csv row %d: q %.17g, expected %s\n", r + 2, q[r - from],
                       str(t, r, "q"));
                failures++;
            }
    }
    /* NaN p-values are out of the family: {0.01, NaN, 0.04} is the family
     * {0.01, 0.04}: q = {0.02, 0.04} (2 x 0.01 / 1; 2 x 0.04 / 2) */
    double p3[3] = {0.01, NAN, 0.04}, q3[3];
    assert_true(stats_bh(p3, 3, q3));
    assert_true(fabs(q3[0] - 0.02) < 1e-15 && isnan(q3[1]) && fabs(q3[2] - 0.04) < 1e-15);
    free(t);
    report("bh.csv", checked, 0, failures);
}

static void test_reference_newcombe(void **state)
{
    (void)state;
    struct table *t = load("newcombe.csv");
    int checked = 0, failures = 0;
    for (int r = 0; r < t->nrows; r++) {
        struct wq_interval got = stats_newcombe(num(t, r, "x1"), num(t, r, "n1"),
                                                num(t, r, "x2"), num(t, r, "n2"), 0.95);
        failures += check_interval(t, r, got, num(t, r, "diff"), num(t, r, "lower"),
                                   num(t, r, "upper"));
        checked++;
    }
    free(t);
    report("newcombe.csv", checked, 0, failures);
}

static void test_reference_funnel(void **state)
{
    (void)state;
    static const struct {
        const char *column;
        double p;
    } limits[] = {{"lower95", 0.025}, {"upper95", 0.975}, {"lower998", 0.001}, {"upper998", 0.999}};
    static const char *const other[] = {"exact_binomial_quantile_no_interpolation",
                                        "normal_approx", "pheindicatormethods_wilson_inverted"};
    struct table *t = load("funnel.csv");
    int checked = 0, skipped = 0, failures = 0;
    for (int r = 0; r < t->nrows; r++) {
        const char *m = str(t, r, "method");
        if (strcmp(m, "exact_binomial_spiegelhalter_interpolated") != 0) {
            int known = 0;
            for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
                known |= strcmp(m, other[i]) == 0;
            if (!known)
                fail_msg("funnel.csv row %d: unknown method '%s'", r + 2, m);
            skipped++;
            continue;
        }
        double p0 = num(t, r, "p0"), n = num(t, r, "n");
        assert_true(n >= 1 && n == floor(n));
        for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
            double got = stats_funnel_limit(p0, (unsigned long)n, limits[i].p);
            double want = num(t, r, limits[i].column);
            if (isnan(got) || !close_to(got, want)) {
                fprintf(stderr, "funnel.csv row %d %s: got %.17g, want %.17g\n", r + 2,
                        limits[i].column, got, want);
                failures++;
            }
        }
        checked++;
    }
    free(t);
    report("funnel.csv", checked, skipped, failures);
}

static void test_z(void **state)
{
    (void)state;
    assert_true(fabs(stats_z(0.95) - 1.959963984540054) < 1e-14);
    assert_true(fabs(stats_z(0.998) - 3.090232306167813) < 1e-12);
    assert_true(isnan(stats_z(0)));
    assert_true(isnan(stats_z(1)));
    assert_true(isnan(stats_z(NAN)));
}

static void test_round(void **state)
{
    (void)state;
    static const struct {
        double x;
        int digits;
        double want;
    } cases[] = {
        {1.625, 2, 1.63},        {2.675, 2, 2.68},     {0.125, 2, 0.13},
        {1.005, 2, 1.01},        {-1.625, 2, -1.63},   {1.6249999, 2, 1.62},
        {1.8263598326, 2, 1.83}, {0.285, 2, 0.29},     {-2.675, 2, -2.68},
        {9.995, 2, 10.0},        {99.5, 0, 100.0},     {0.5, 0, 1.0},
        {-0.5, 0, -1.0},         {0.4999999999, 0, 0}, {0.004, 2, 0},
        {0.005, 2, 0.01},        {1234.5, -1, 1230},   {1235, -1, 1240},
        {1e-300, 2, 0},          {2.5, 0, 3},          {1.45, 1, 1.5},
        {1e300, 2, 1e300},       {123456789012.345, 2, 123456789012.35},
        {0.1 + 0.2, 16, 0.1 + 0.2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = stats_round(cases[i].x, cases[i].digits);
        if (got != cases[i].want)
            fail_msg("stats_round(%.17g, %d) = %.17g, want %.17g", cases[i].x,
                     cases[i].digits, got, cases[i].want);
    }
    assert_false(signbit(stats_round(-0.001, 2))); /* zero is +0 */
    assert_true(isnan(stats_round(NAN, 2)));
    assert_true(stats_round(INFINITY, 2) == INFINITY);
    assert_true(stats_round(-INFINITY, 2) == -INFINITY);
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        double x;
        int digits;
        const char *want;
    } cases[] = {
        {1.625, 2, "1.63"},         {1.8263598326359831, 2, "1.83"}, {2.675, 2, "2.68"},
        {0.125, 2, "0.13"},         {1.005, 2, "1.01"},              {-1.625, 2, "-1.63"},
        {1.6249999, 2, "1.62"},     {0, 2, "0.00"},                  {-0.0, 2, "0.00"},
        {-0.001, 2, "0.00"},        {-0.005, 2, "-0.01"},            {0.004, 2, "0.00"},
        {9.995, 2, "10.00"},        {0.5, 0, "1"},                   {-0.4, 0, "0"},
        {42, 2, "42.00"},           {1e20, 2, "100000000000000000000.00"},
        {0.1, 20, "0.10000000000000000000"},                         {1.5, -3, "2"},
        {123456.789, 1, "123456.8"}, {0.07, 3, "0.070"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        stats_format(buf, sizeof buf, cases[i].x, cases[i].digits);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("stats_format(%.17g, %d) = '%s', want '%s'", cases[i].x, cases[i].digits,
                     buf, cases[i].want);
    }
    assert_string_equal(stats_format(buf, sizeof buf, NAN, 2), "n/a");
    assert_string_equal(stats_format(buf, sizeof buf, INFINITY, 2), "inf");
    assert_string_equal(stats_format(buf, sizeof buf, -INFINITY, 2), "-inf");
    assert_string_equal(stats_format(buf, 4, 1234.5678, 2), "123"); /* truncated, terminated */
    assert_string_equal(stats_format(buf, 3, -1234.5678, 2), "-1");
    assert_string_equal(stats_format(buf, 1, 5.0, 2), "");
    /* against printf's own rounding of the rounded value (%.2f of a double
     * within half an ulp of a decimal with two places gives that decimal) */
    char want[64];
    for (int i = -300000; i <= 300000; i += 7) {
        double x = i / 997.0;
        double r = stats_round(x, 2);
        snprintf(want, sizeof want, "%.2f", r == 0 ? 0.0 : r);
        stats_format(buf, sizeof buf, x, 2);
        if (strcmp(buf, want) != 0)
            fail_msg("stats_format(%.17g, 2) = '%s', want '%s'", x, buf, want);
    }
}

static void test_flag(void **state)
{
    (void)state;
    assert_int_equal(stats_flag(0.80), FLAG_NON_ADVERSE);
    assert_int_equal(stats_flag(1.25), FLAG_NON_ADVERSE);
    assert_int_equal(stats_flag(1.0), FLAG_NON_ADVERSE);
    assert_int_equal(stats_flag(0.7999), FLAG_BELOW_RANGE);
    assert_int_equal(stats_flag(1.2501), FLAG_ADVERSE);
    assert_int_equal(stats_flag(NAN), FLAG_NOT_CALCULABLE);
    assert_int_equal(stats_flag(INFINITY), FLAG_ADVERSE);
    assert_int_equal(stats_flag(0), FLAG_BELOW_RANGE);
    /* ratios landing exactly on the bounds, computed as stats_ratio does */
    assert_int_equal(stats_flag(stats_ratio(4, 10, 5, 10, RATIO_KATZ, 0.95).value), FLAG_NON_ADVERSE);
    assert_int_equal(stats_flag(stats_ratio(5, 16, 1, 4, RATIO_KATZ, 0.95).value), FLAG_NON_ADVERSE);
    assert_string_equal(stats_flag_name(FLAG_NOT_CALCULABLE), "not-calculable");
    assert_string_equal(stats_flag_name(FLAG_BELOW_RANGE), "below-range");
    assert_string_equal(stats_flag_name(FLAG_NON_ADVERSE), "non-adverse");
    assert_string_equal(stats_flag_name(FLAG_ADVERSE), "adverse");
}

static void assert_undefined(struct wq_interval r)
{
    assert_int_equal(r.status, STATS_UNDEFINED);
    assert_true(isnan(r.value) && isnan(r.low) && isnan(r.high));
}

static void assert_no_interval(struct wq_interval r, double value)
{
    assert_int_equal(r.status, STATS_NO_INTERVAL);
    assert_true(r.value == value);
    assert_true(isnan(r.low) && isnan(r.high));
}

static void assert_interval(struct wq_interval r, double value, double low, double high)
{
    if (r.status != STATS_OK || !close_to(r.value, value) || !close_to(r.low, low)
        || !close_to(r.high, high))
        fail_msg("got %d {%.17g, %.17g, %.17g}, want {%.17g, %.17g, %.17g}", r.status, r.value,
                 r.low, r.high, value, low, high);
}

static void test_rate_edges(void **state)
{
    (void)state;
    for (int m = RATE_WILSON; m <= RATE_CLOPPER_PEARSON; m++) {
        assert_undefined(stats_rate(0, 0, (enum rate_method)m, 0.95));
        assert_undefined(stats_rate(1, -3, (enum rate_method)m, 0.95));
        assert_undefined(stats_rate(1, 3, (enum rate_method)m, 1.5));
        assert_no_interval(stats_rate(5, 4, (enum rate_method)m, 0.95), 1.25);
        assert_no_interval(stats_rate(-1, 4, (enum rate_method)m, 0.95), -0.25);
        struct wq_interval r = stats_rate(0, 37, (enum rate_method)m, 0.95);
        assert_true(r.status == STATS_OK && r.low == 0 && r.high > 0 && r.high < 1);
        r = stats_rate(37, 37, (enum rate_method)m, 0.95);
        assert_true(r.status == STATS_OK && r.high == 1 && r.low > 0 && r.low < 1);
    }
    /* closed forms of Clopper-Pearson at x = 0 and x = n */
    struct wq_interval r = stats_rate(0, 20, RATE_CLOPPER_PEARSON, 0.95);
    assert_interval(r, 0, 0, 1 - pow(0.025, 1.0 / 20));
    r = stats_rate(20, 20, RATE_CLOPPER_PEARSON, 0.998);
    assert_interval(r, 1, pow(0.001, 1.0 / 20), 1);
    /* the cases where GSL 2.7.1's beta inverse fails (rows of proportions.csv) */
    r = stats_rate(144, 3757, RATE_CLOPPER_PEARSON, 0.95);
    assert_interval(r, 144.0 / 3757, 0.0324178911667881, 0.044970258883459);
    assert_true(fabs(gsl_cdf_beta_P(r.low, 144, 3614) - 0.025) < 1e-12);
    assert_true(fabs(gsl_cdf_beta_Q(r.high, 145, 3613) - 0.025) < 1e-12);
    r = stats_rate(50000, 1500000, RATE_CLOPPER_PEARSON, 0.95);
    assert_interval(r, 50000.0 / 1500000, 0.0330466378881003, 0.0336218324501002);
    /* 99.8% Wilson at x = n: closed form L = n / (n + z^2) */
    double z = stats_z(0.998);
    assert_interval(stats_rate(7, 7, RATE_WILSON, 0.998), 1, 7 / (7 + z * z), 1);
}

static void test_ratio_edges(void **state)
{
    (void)state;
    char buf[32];
    for (int m = RATIO_KOOPMAN; m <= RATIO_KATZ_HALDANE; m++) {
        enum ratio_method method = (enum ratio_method)m;
        assert_undefined(stats_ratio(0, 10, 0, 20, method, 0.95));
        assert_undefined(stats_ratio(1, 0, 2, 20, method, 0.95));
        assert_undefined(stats_ratio(1, 10, 2, -1, method, 0.95));
        assert_undefined(stats_ratio(1, 10, 2, 20, method, 0));
        assert_no_interval(stats_ratio(12, 10, 2, 20, method, 0.95), 12.0);
        assert_no_interval(stats_ratio(1, 10, 21, 20, method, 0.95), 20.0 / 210);
    }
    /* Katz zero cells, epitools' convention */
    struct wq_interval r = stats_ratio(0, 5, 5, 121, RATIO_KATZ, 0.95);
    assert_true(r.status == STATS_NO_INTERVAL && r.value == 0 && r.low == 0 && isnan(r.high));
    r = stats_ratio(3, 10, 0, 20, RATIO_KATZ, 0.95);
    assert_true(r.status == STATS_NO_INTERVAL && r.value == INFINITY && isnan(r.low)
                && r.high == INFINITY);
    /* Koopman zero cells */
    r = stats_ratio(0, 5, 5, 121, RATIO_KOOPMAN, 0.95);
    assert_true(r.status == STATS_OK && r.value == 0 && r.low == 0 && isfinite(r.high));
    r = stats_ratio(3, 10, 0, 20, RATIO_KOOPMAN, 0.95);
    assert_true(r.status == STATS_OK && r.value == INFINITY && isfinite(r.low) && r.low > 0
                && r.high == INFINITY);
    r = stats_ratio(0, 5, 20, 20, RATIO_KOOPMAN, 0.95);
    assert_true(r.status == STATS_OK && r.value == 0 && r.low == 0 && isfinite(r.high));
    r = stats_ratio(5, 5, 0, 20, RATIO_KOOPMAN, 0.95);
    assert_true(r.status == STATS_OK && r.value == INFINITY && r.low > 1 && r.high == INFINITY);
    /* a = n1: 1/1 vs 6/27 (docs/statistics.md section 2:
     * score interval (0.85, 9.43)); limits
     * checked against an independent brute-force score inversion (likelihood
     * maximised numerically, no closed-form MLE): 0.84560380849, 9.42752357457 */
    assert_interval(stats_ratio(1, 1, 6, 27, RATIO_KOOPMAN, 0.95), 4.5, 0.8456038084947707,
                    9.427523574736567);
    r = stats_ratio(1, 1, 6, 27, RATIO_KOOPMAN, 0.95);
    assert_string_equal(stats_format(buf, sizeof buf, r.low, 2), "0.85");
    assert_string_equal(stats_format(buf, sizeof buf, r.high, 2), "9.43");
    /* a = n1 and b = n2: the constrained MLE is p2 = 1 (theta < 1) or 1/theta
     * (theta > 1), so the limits are n1/(n1 + z^2) and 1 + z^2/n2 */
    double z = stats_z(0.95);
    assert_interval(stats_ratio(5, 5, 20, 20, RATIO_KOOPMAN, 0.95), 1, 5 / (5 + z * z),
                    1 + z * z / 20);
    /* Katz + Haldane corrects the interval only, when a cell is 0: the ratio
     * stays 0 (not the corrected 11.8) and the limits are the corrected
     * ones, 0.72 and 193 (docs/statistics.md section 2) */
    r = stats_ratio(0, 11, 8, 2401, RATIO_KATZ_HALDANE, 0.95);
    assert_true(r.status == STATS_OK && r.value == 0);
    assert_string_equal(stats_format(buf, sizeof buf, r.low, 2), "0.72");
    assert_string_equal(stats_format(buf, sizeof buf, r.high, 0), "193");
    /* and infinity stays infinity: 3/10 vs 0/20 */
    r = stats_ratio(3, 10, 0, 20, RATIO_KATZ_HALDANE, 0.95);
    assert_true(r.status == STATS_OK && r.value == INFINITY && isfinite(r.high));
    /* no zero cell: plain Katz, 1/3 vs 8/39 */
    r = stats_ratio(1, 3, 8, 39, RATIO_KATZ_HALDANE, 0.95);
    assert_true(fabs(r.value - 1.625) < 1e-12);
    /* 99.8% Koopman interval is wider than 95% */
    struct wq_interval a = stats_ratio(36, 144, 478, 3492, RATIO_KOOPMAN, 0.95);
    struct wq_interval b = stats_ratio(36, 144, 478, 3492, RATIO_KOOPMAN, 0.998);
    assert_true(b.low < a.low && b.high > a.high);
    /* large counts: the score limits approach Katz */
    a = stats_ratio(500000, 1500000, 400000, 1400000, RATIO_KOOPMAN, 0.95);
    b = stats_ratio(500000, 1500000, 400000, 1400000, RATIO_KATZ, 0.95);
    assert_true(a.status == STATS_OK && fabs(a.low / b.low - 1) < 1e-4
                && fabs(a.high / b.high - 1) < 1e-4);
}

static void test_newcombe_edges(void **state)
{
    (void)state;
    assert_undefined(stats_newcombe(0, 0, 1, 10, 0.95));
    assert_undefined(stats_newcombe(1, 10, 0, 0, 0.95));
    assert_no_interval(stats_newcombe(11, 10, 0, 10, 0.95), 1.1);
    struct wq_interval r = stats_newcombe(0, 10, 0, 10, 0.95);
    assert_true(r.status == STATS_OK && r.value == 0 && r.low < 0 && r.high > 0);
    r = stats_newcombe(10, 10, 0, 10, 0.95);
    assert_true(r.status == STATS_OK && r.value == 1 && r.high <= 1 && r.low > 0);
}

static void test_funnel_edges(void **state)
{
    (void)state;
    assert_true(isnan(stats_funnel_limit(0.1, 0, 0.025)));
    assert_true(isnan(stats_funnel_limit(0, 10, 0.025)));
    assert_true(isnan(stats_funnel_limit(1, 10, 0.025)));
    assert_true(isnan(stats_funnel_limit(0.1, 10, 0)));
    assert_true(isnan(stats_funnel_limit(0.1, 10, 1)));
    /* n = 10, p0 = 0.137, 2.5%: r_p = 0, limit = -(P(R <= 0) - p)/P(R <= 0) / n
     * (tests/reference/statistics/funnel.csv: -0.089, not clamped) */
    double f0 = pow(1 - 0.137, 10);
    assert_true(fabs(stats_funnel_limit(0.137, 10, 0.025) - (-(f0 - 0.025) / f0 / 10)) < 1e-15);
    /* n = 1: the limit at p is (1 - alpha) with the single step at r = 0 or 1 */
    assert_true(fabs(stats_funnel_limit(0.3, 1, 0.5) - (0 - (0.7 - 0.5) / 0.7)) < 1e-15);
    assert_true(fabs(stats_funnel_limit(0.3, 1, 0.9) - (1 - (1 - 0.9) / 0.3)) < 1e-15);
    /* monotone in p, and close to the normal limits for large n */
    double lo = stats_funnel_limit(0.2, 100000, 0.001);
    double hi = stats_funnel_limit(0.2, 100000, 0.999);
    double z = stats_z(0.998), se = sqrt(0.2 * 0.8 / 100000);
    assert_true(lo < 0.2 && hi > 0.2);
    assert_true(fabs(lo - (0.2 - z * se)) < 0.05 * z * se && fabs(hi - (0.2 + z * se)) < 0.05 * z * se);
}

/* A numeric cell that may be empty (no value: NaN). */
static double opt_num(const struct table *t, int row, const char *name)
{
    return str(t, row, name)[0] ? num(t, row, name) : NAN;
}

/* mantel-haenszel.csv (epiR's epi.2by2) for the strata of
 * mantel-haenszel-strata.csv: the pooled ratio, its interval, the strata
 * used and the homogeneity test. */
static void test_reference_mantel_haenszel(void **state)
{
    (void)state;
    struct table *in = load("mantel-haenszel-strata.csv");
    struct table *t = load("mantel-haenszel.csv");
    int checked = 0, failures = 0;
    for (int r = 0; r < t->nrows; r++) {
        struct mh_stratum s[MAX_ROWS];
        size_t n = 0;
        for (int i = 0; i < in->nrows; i++)
            if (!strcmp(str(in, i, "case"), str(t, r, "case")))
                s[n++] = (struct mh_stratum){num(in, i, "a"), num(in, i, "n1"), num(in, i, "b"),
                                             num(in, i, "n2")};
        assert_true(n > 0);
        struct mh_result got = stats_mantel_haenszel(s, n, 0.95);
        failures += check_interval(t, r, got.rr, num(t, r, "rr"), num(t, r, "lower"),
                                   num(t, r, "upper"));
        double chi2 = opt_num(t, r, "homogeneity"), df = opt_num(t, r, "df");
        if (got.strata != (size_t)num(t, r, "strata") || !close_to(got.chi2, chi2) ||
            !close_to(got.p, opt_num(t, r, "p")) || got.df != (isnan(df) ? 0 : (int)df)) {
            fprintf(stderr, "%s row %d: strata %zu, homogeneity %.17g df %d p %.17g\n", t->name,
                    r + 2, got.strata, got.chi2, got.df, got.p);
            failures++;
        }
        checked++;
    }
    free(in);
    free(t);
    report("mantel-haenszel.csv", checked, 0, failures);
}

/* What the reference cannot show: no stratum, no events, events in one
 * group only, counts beyond their base. */
static void test_mantel_haenszel_edges(void **state)
{
    (void)state;
    struct mh_stratum none[2] = {{0, 0, 3, 10}, {2, 5, 0, 0}};
    struct mh_result r = stats_mantel_haenszel(none, 2, 0.95);
    assert_int_equal(r.rr.status, STATS_UNDEFINED);
    assert_int_equal(r.strata, 0);
    struct mh_stratum zero[2] = {{0, 10, 0, 20}, {0, 5, 0, 7}};
    r = stats_mantel_haenszel(zero, 2, 0.95);
    assert_int_equal(r.rr.status, STATS_UNDEFINED);
    assert_int_equal(r.strata, 2);
    struct mh_stratum no_group[2] = {{0, 10, 3, 20}, {0, 5, 1, 7}};
    r = stats_mantel_haenszel(no_group, 2, 0.95);
    assert_int_equal(r.rr.status, STATS_NO_INTERVAL);
    assert_true(r.rr.value == 0 && isnan(r.rr.low));
    struct mh_stratum no_ref[1] = {{4, 10, 0, 20}};
    r = stats_mantel_haenszel(no_ref, 1, 0.95);
    assert_int_equal(r.rr.status, STATS_NO_INTERVAL);
    assert_true(isinf(r.rr.value) && r.rr.value > 0);
    /* 2 of 10 vs 1 of 20 and 1 of 10 vs 1 of 10: (2*20/30 + 1*10/20) /
     * (1*10/30 + 1*10/20) = (4/3 + 1/2) / (1/3 + 1/2) = 2.2 */
    struct mh_stratum two[2] = {{2, 10, 1, 20}, {1, 10, 1, 10}};
    r = stats_mantel_haenszel(two, 2, 0.95);
    assert_int_equal(r.rr.status, STATS_OK);
    assert_true(fabs(r.rr.value - 2.2) < 1e-12);
    assert_int_equal(r.df, 1);
    struct mh_stratum over[1] = {{12, 10, 1, 20}};
    r = stats_mantel_haenszel(over, 1, 0.95);
    assert_int_equal(r.rr.status, STATS_NO_INTERVAL);
    assert_true(fabs(r.rr.value - 24) < 1e-12);
    assert_int_equal(stats_mantel_haenszel(two, 2, 1.5).rr.status, STATS_UNDEFINED);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_proportions),
        cmocka_unit_test(test_reference_riskratios),
        cmocka_unit_test(test_reference_newcombe),
        cmocka_unit_test(test_reference_ratio_p),
        cmocka_unit_test(test_ratio_p_matches_interval),
        cmocka_unit_test(test_reference_bh),
        cmocka_unit_test(test_reference_funnel),
        cmocka_unit_test(test_reference_mantel_haenszel),
        cmocka_unit_test(test_mantel_haenszel_edges),
        cmocka_unit_test(test_z),
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_flag),
        cmocka_unit_test(test_rate_edges),
        cmocka_unit_test(test_ratio_edges),
        cmocka_unit_test(test_newcombe_edges),
        cmocka_unit_test(test_funnel_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
