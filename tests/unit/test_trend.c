/* test_trend.c: reading years of metrics, and the year-on-year change. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "standard.h"
#include "trend.h"

/* The published history table: every metric of it becomes a series. */
static void test_history_table(void **state)
{
    (void)state;
    const char *path = "tests/reference/wres-history-2016-2019.csv";
    struct trend t = {0};
    struct wq_error err = {0};
    assert_int_equal(trend_load(&t, path, &standard_wres, &err), WQ_OK);
    /* 2, 3, 4 ratios; 5-8 BME and White; 9 White, BME, Unknown; metric 1 % BME */
    assert_int_equal(t.n_series, 3 + 8 + 3 + 1);
    const struct trend_series *s = trend_find(&t, "2", NULL, "White", "BME");
    assert_non_null(s);
    assert_int_equal(s->kind, TREND_RATIO);
    assert_int_equal(s->n_points, 4);
    assert_int_equal(s->points[0].year, 2016);
    assert_true(fabs(s->points[0].value - 3.84) < 1e-12);
    assert_true(fabs(s->points[3].value - 1.54) < 1e-12);
    assert_true(isnan(s->points[3].low)); /* a history table has no intervals */
    s = trend_find(&t, "3", NULL, "BME", "White");
    assert_non_null(s);
    assert_true(fabs(s->points[3].value - 2.27) < 1e-12);
    s = trend_find(&t, "5", NULL, "BME", NULL);
    assert_non_null(s);
    assert_int_equal(s->kind, TREND_PERCENT);
    assert_true(fabs(s->points[1].value - 0.5882) < 1e-12);
    s = trend_find(&t, "1", NULL, "BME", NULL);
    assert_non_null(s);
    assert_int_equal(s->kind, TREND_REPRESENTATION);
    assert_true(fabs(s->points[3].value - 0.038) < 1e-12);
    assert_true(fabs(s->points[3].n - 3757) < 1e-12);
    /* the board: no figure in 2016 */
    s = trend_find(&t, "9", NULL, "White", NULL);
    assert_non_null(s);
    assert_int_equal(s->n_points, 3);
    assert_int_equal(s->points[0].year, 2017);
    /* no intervals: the change cannot be tested, and it says so */
    struct trend_change ch;
    trend_change(trend_find(&t, "3", NULL, "BME", "White"), NULL, 0.95, &ch);
    assert_false(ch.testable);
    assert_non_null(strstr(ch.text, "No interval for 2018 or 2019"));
    trend_free(&t);
}

/* The change of a ratio from intervals: z by hand (Python, statistics
 * module): se = (ln high - ln low) / (2 x 1.959964); 1.60 (1.00, 2.56) to
 * 2.27 (1.01, 4.98) gives z = 0.7404128048191121, p = 0.45904955147392545. */
static void test_ratio_change(void **state)
{
    (void)state;
    struct trend_point pts[2] = {
        {2018, 1.60, 1.00, 2.56, NAN, NAN, NAN, NAN},
        {2019, 2.27, 1.01, 4.98, NAN, NAN, NAN, NAN},
    };
    struct trend_series s = {.kind = TREND_RATIO, .points = pts, .n_points = 2};
    struct trend_change ch;
    trend_change(&s, NULL, 0.95, &ch);
    assert_true(ch.testable);
    assert_true(fabs(ch.z - 0.7404128048191121) < 1e-9);
    assert_true(fabs(ch.p - 0.45904955147392545) < 1e-9);
    assert_string_equal(ch.text, "The change from 2018 to 2019 could be chance (z = 0.74, p = 0.459).");
    /* a zero ratio cannot be put on the log scale: no test */
    pts[1].value = 0;
    pts[1].low = 0;
    trend_change(&s, NULL, 0.95, &ch);
    assert_false(ch.testable);
}

/* The change of a difference of percentages: -0.30 (-0.40, -0.20) to -0.05
 * (-0.12, 0.02): z = 4.014162648007248, p = 5.965720012657272e-05. */
static void test_percent_change(void **state)
{
    (void)state;
    struct trend_point pts[2] = {
        {2018, 0.40, NAN, NAN, 100, -0.30, -0.40, -0.20},
        {2019, 0.50, NAN, NAN, 100, -0.05, -0.12, 0.02},
    };
    struct trend_series s = {.kind = TREND_PERCENT, .points = pts, .n_points = 2};
    struct trend_change ch;
    trend_change(&s, NULL, 0.95, &ch);
    assert_true(ch.testable);
    assert_true(fabs(ch.z - 4.014162648007248) < 1e-9);
    assert_true(fabs(ch.p - 5.965720012657272e-05) < 1e-12);
    assert_non_null(strstr(ch.text, "is larger than chance would easily give"));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Our own metrics CSVs: the year column; a file without it is refused. */
static void test_metrics_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/wq-trend-XXXXXX", a[256], b[256];
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    const char *head = "standard,metric,measure,breakdown,level,group,reference,count,base,value,"
                       "low,high,flag,workforce,band,method,evidence,statistic,note,year\n";
    char text[2048];
    snprintf(text, sizeof text, "%s"
             "WRES,leavers,leaving,Trust,All,BME,White,,,1.5,1.1,2.0,adverse,,,koopman-score,differs-from-parity,relative-likelihood,,2018\n"
             "WRES,leavers,leaving,Org L3,Ops,BME,White,,,9,1,20,adverse,,,koopman-score,,relative-likelihood,,2018\n"
             "WDES,leavers,leaving,Trust,All,Disabled,Non-disabled,,,3,1,9,adverse,,,koopman-score,,relative-likelihood,,2018\n",
             head);
    write_file(a, text);
    snprintf(text, sizeof text, "%s"
             "WRES,leavers,leaving,Trust,All,BME,White,,,1.8,1.3,2.4,adverse,,,koopman-score,beyond-range,relative-likelihood,,2019\n",
             head);
    write_file(b, text);
    struct trend t = {0};
    struct wq_error err = {0};
    assert_int_equal(trend_load(&t, b, &standard_wres, &err), WQ_OK);
    assert_int_equal(trend_load(&t, a, &standard_wres, &err), WQ_OK);
    assert_int_equal(t.n_series, 1); /* Trust rows of WRES only */
    const struct trend_series *s = trend_find(&t, "leavers", "leaving", "BME", "White");
    assert_non_null(s);
    assert_int_equal(s->n_points, 2);
    assert_int_equal(s->points[0].year, 2018); /* sorted by year */
    assert_true(fabs(s->points[1].low - 1.3) < 1e-12);
    /* the same year twice is an error naming file:line */
    assert_int_equal(trend_load(&t, b, &standard_wres, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "b.csv:2: column 'year': a second figure for the same year"));
    trend_free(&t);
    snprintf(text, sizeof text, "standard,metric,value\nWRES,2,1.5\n");
    write_file(a, text);
    assert_int_equal(trend_load(&t, a, &standard_wres, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "without a 'year' column"));
    trend_free(&t);
    remove(a);
    remove(b);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_history_table),
        cmocka_unit_test(test_ratio_change),
        cmocka_unit_test(test_percent_change),
        cmocka_unit_test(test_metrics_files),
    };
    return cmocka_run_group_tests_name("trend", tests, NULL, NULL);
}
