/* test_html_adjust.c: the report's words for --adjust (common/html_adjust.c),
 * on hand-built rows: still, largely explained, less certain, the
 * homogeneity finding, withheld and missing rows. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "html_adjust.h"

/* The crude row of WRES 3 (BME vs White), its adjusted row and the two
 * homogeneity rows. */
static void rows(struct metric_row r[4], double crude, double clo, double chi, double adj,
                 double alo, double ahi, double x2, double p)
{
    struct metric_row base = {.standard = "WRES", .metric = "3", .measure = "formal_disciplinary",
                              .breakdown = "Trust", .level = "All", .group = "BME",
                              .reference = "White", .count = NAN, .base = NAN,
                              .status = STATS_OK};
    for (int i = 0; i < 4; i++)
        r[i] = base;
    r[0].value = crude, r[0].low = clo, r[0].high = chi, r[0].statistic = STAT_RATIO;
    r[1].value = adj, r[1].low = alo, r[1].high = ahi, r[1].statistic = STAT_ADJUSTED;
    r[1].method = "mantel-haenszel";
    r[1].note = "adjusted for Pay Band (6 strata used)";
    r[2].value = x2, r[2].statistic = STAT_CHI2, r[2].status = STATS_NO_INTERVAL;
    r[2].note = "Woolf test of homogeneity, 5 degrees of freedom; adjusted for Pay Band";
    r[2].method = r[3].method = "woolf-homogeneity";
    r[3].value = p, r[3].statistic = STAT_P, r[3].status = STATS_NO_INTERVAL;
}

static const char *say(struct metric_row r[4], char *buf, size_t size)
{
    return html_adjust_sentence(buf, size, r, 4, &r[0], &standard_wres);
}

static void test_still(void **state)
{
    (void)state;
    struct metric_row r[4];
    char buf[1024];
    rows(r, 2.27, 1.6, 3.1, 1.62, 1.18, 2.23, 2.9, 0.71);
    assert_non_null(say(r, buf, sizeof buf));
    assert_non_null(strstr(buf, "Allowing for Pay Band, BME staff were still 1.62 times as likely "
                                "as White staff to enter the formal disciplinary process (95% "
                                "interval 1.18 to 2.23)."));
    assert_non_null(strstr(buf, "no clear sign that the ratio differs"));
    assert_non_null(strstr(buf, "chi-square 2.90 on 5 degrees of freedom, p 0.710"));
    assert_true(html_adjust_row(&r[1]) && html_adjust_row(&r[2]) && !html_adjust_row(&r[0]));
}

static void test_explained(void **state)
{
    (void)state;
    struct metric_row r[4];
    char buf[1024];
    rows(r, 2.27, 1.6, 3.1, 1.1, 0.8, 1.5, 20, 0.001);
    assert_non_null(say(r, buf, sizeof buf));
    assert_non_null(strstr(buf, "the difference is largely explained: BME staff were 1.10 times"));
    assert_non_null(strstr(buf, "The ratio differs between the values of Pay Band"));
    assert_null(strstr(buf, "still"));
    /* the interval includes 1 but the ratio hardly moved: less certain only */
    rows(r, 2.27, 1.6, 3.1, 2.01, 0.9, 4.5, 2.9, 0.71);
    say(r, buf, sizeof buf);
    assert_null(strstr(buf, "largely explained"));
    assert_non_null(strstr(buf, "moved little from the crude 2.27"));
}

static void test_no_test_and_missing(void **state)
{
    (void)state;
    struct metric_row r[4];
    char buf[1024] = "untouched";
    rows(r, 2.27, 1.6, 3.1, 1.62, 1.18, 2.23, NAN, NAN);
    say(r, buf, sizeof buf);
    assert_non_null(strstr(buf, "Too few values of Pay Band had events in both groups"));
    r[1].note = "suppressed: built on a withheld count";
    say(r, buf, sizeof buf);
    assert_non_null(strstr(buf, "is withheld"));
    assert_null(strstr(buf, "1.62"));
    r[1].note = "not adjusted: the leavers file lacks a column of Pay Band";
    r[1].value = NAN;
    r[1].status = STATS_UNDEFINED;
    say(r, buf, sizeof buf);
    assert_string_equal(buf, "This relative likelihood is not adjusted: the leavers file lacks a "
                             "column of Pay Band.");
    strcpy(buf, "untouched");
    assert_null(html_adjust_sentence(buf, sizeof buf, r, 1, &r[0], &standard_wres));
    assert_string_equal(buf, "untouched");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_still),
        cmocka_unit_test(test_explained),
        cmocka_unit_test(test_no_test_and_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
