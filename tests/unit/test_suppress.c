/* test_suppress.c: publication mode (suppress.c) on small hand-made tables
 * whose right answer is worked out by hand in each test's comment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "metrics.h"
#include "standard.h"

static const char *const TRUST = "Trust", *const ALL = "All", *const BY = "Org L3";
static const char *const X = "Finance", *const Y = "Estates";

/* A metric-1 group row: COUNT of BASE in a band. */
static void add(struct metric_table *t, const char *bd, const char *lv, const char *wf,
                const char *band, const char *group, double count, double base)
{
    struct metric_row r = {
        .standard = "WRES", .metric = "1", .measure = "workforce", .breakdown = bd, .level = lv,
        .group = group, .count = count, .base = base, .value = count / base, .low = 0,
        .high = 1, .workforce = wf, .band = band, .method = "wilson",
        .statistic = STAT_PROPORTION, .year = 2019};
    assert_true(metric_table_add(t, &r));
}

static const struct metric_row *find(const struct metric_table *t, const char *lv,
                                     const char *wf, const char *band, const char *group)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        if (r->level == lv && r->workforce == wf && r->band == band && !strcmp(r->group, group))
            return r;
    }
    fail_msg("no row %s %s %s %s", lv, wf, band, group);
    return NULL;
}

static bool withheld(const struct metric_row *r)
{
    return r->note && !strncmp(r->note, "suppressed", 10) && isnan(r->count);
}

/* One band row of one level: White 5, BME 1, Unknown 0 of 6. BME is under 5
 * (primary). Published, White = 5 and base 6 give BME + Unknown = 1, and
 * Unknown 0 gives BME = 1: so a second group is withheld, the smallest
 * positive one, White. Unknown 0 stays: 6 - ? - 0 now has two unknowns. */
static void test_group_line(void **state)
{
    (void)state;
    struct metric_table t = {0};
    add(&t, BY, X, ALL, ALL, "White", 5, 6);
    add(&t, BY, X, ALL, ALL, "BME", 1, 6);
    add(&t, BY, X, ALL, ALL, "Unknown", 0, 6);
    assert_int_equal(metrics_suppress(&t, 5, &standard_wres), WQ_OK);
    assert_true(withheld(find(&t, X, ALL, ALL, "BME")));
    assert_true(withheld(find(&t, X, ALL, ALL, "White")));
    assert_false(withheld(find(&t, X, ALL, ALL, "Unknown")));
    assert_true(strstr(find(&t, X, ALL, ALL, "White")->note, "subtraction") != NULL);
    metric_table_free(&t);
}

/* Nothing under the threshold: nothing withheld, nothing changed. */
static void test_nothing_small(void **state)
{
    (void)state;
    struct metric_table t = {0};
    add(&t, BY, X, ALL, ALL, "White", 50, 70);
    add(&t, BY, X, ALL, ALL, "BME", 15, 70);
    add(&t, BY, X, ALL, ALL, "Unknown", 5, 70);
    assert_int_equal(metrics_suppress(&t, 5, &standard_wres), WQ_OK);
    for (size_t i = 0; i < t.n_rows; i++)
        assert_null(t.rows[i].note);
    assert_true(find(&t, X, ALL, ALL, "Unknown")->count == 5);
    metric_table_free(&t);
}

/* Levels add up to the trust: Finance BME 2 (withheld), Estates BME 30,
 * trust BME 32. Trust 32 - Estates 30 = 2, so Estates' BME is withheld
 * too (the only other level). Within each level the group line then asks
 * for a second group: Finance's smallest positive other group is Unknown
 * (6 < 40); Estates' is Unknown as well (8 < 100). The trust's own rows
 * stay published: each level line now has two unknowns. */
static void test_levels_line(void **state)
{
    (void)state;
    struct metric_table t = {0};
    add(&t, TRUST, ALL, ALL, ALL, "White", 140, 180);
    add(&t, TRUST, ALL, ALL, ALL, "BME", 32, 180);
    add(&t, TRUST, ALL, ALL, ALL, "Unknown", 8, 180);
    add(&t, BY, X, ALL, ALL, "White", 40, 48);
    add(&t, BY, X, ALL, ALL, "BME", 2, 48);
    add(&t, BY, X, ALL, ALL, "Unknown", 6, 48);
    add(&t, BY, Y, ALL, ALL, "White", 100, 132);
    add(&t, BY, Y, ALL, ALL, "BME", 30, 132);
    add(&t, BY, Y, ALL, ALL, "Unknown", 2, 132);
    assert_int_equal(metrics_suppress(&t, 5, &standard_wres), WQ_OK);
    /* primary: Finance BME 2, Estates Unknown 2 */
    assert_true(withheld(find(&t, X, ALL, ALL, "BME")));
    assert_true(withheld(find(&t, Y, ALL, ALL, "Unknown")));
    /* levels: Estates BME (the only other level of the BME line), Finance
     * Unknown (the only other level of the Unknown line) */
    assert_true(withheld(find(&t, Y, ALL, ALL, "BME")));
    assert_true(withheld(find(&t, X, ALL, ALL, "Unknown")));
    /* each level now has two withheld groups; White stays in both */
    assert_false(withheld(find(&t, X, ALL, ALL, "White")));
    assert_false(withheld(find(&t, Y, ALL, ALL, "White")));
    for (size_t i = 0; i < 3; i++)
        assert_false(withheld(&t.rows[i]));
    metric_table_free(&t);
}

/* Bands add up to their workforce's All row. Band 5 has a headcount of 4,
 * under 5: all its groups are withheld (primary). Each band line (White
 * 3 + 20 = 23, BME 1 + 9 = 10, Unknown 0 + 6 = 6) then has one withheld
 * member and a published total, so Band 6's White, BME and Unknown are
 * withheld too; the non-clinical All row stays published. */
static void test_bands_line(void **state)
{
    (void)state;
    static const char *const NC = "Non-clinical", *const B5 = "Band 5", *const B6 = "Band 6";
    struct metric_table t = {0};
    add(&t, BY, X, NC, B5, "White", 3, 4);
    add(&t, BY, X, NC, B5, "BME", 1, 4);
    add(&t, BY, X, NC, B5, "Unknown", 0, 4);
    add(&t, BY, X, NC, B6, "White", 20, 35);
    add(&t, BY, X, NC, B6, "BME", 9, 35);
    add(&t, BY, X, NC, B6, "Unknown", 6, 35);
    add(&t, BY, X, NC, ALL, "White", 23, 39);
    add(&t, BY, X, NC, ALL, "BME", 10, 39);
    add(&t, BY, X, NC, ALL, "Unknown", 6, 39);
    assert_int_equal(metrics_suppress(&t, 5, &standard_wres), WQ_OK);
    assert_true(withheld(find(&t, X, NC, B5, "White")));
    assert_true(withheld(find(&t, X, NC, B5, "BME")));
    assert_true(withheld(find(&t, X, NC, B5, "Unknown")));
    /* each band line (White, BME, Unknown) has Band 5 withheld and the All
     * row shown: Band 6 of each is withheld in turn */
    assert_true(withheld(find(&t, X, NC, B6, "White")));
    assert_true(withheld(find(&t, X, NC, B6, "BME")));
    assert_true(withheld(find(&t, X, NC, B6, "Unknown")));
    assert_false(withheld(find(&t, X, NC, ALL, "White")));
    assert_false(withheld(find(&t, X, NC, ALL, "BME")));
    assert_false(withheld(find(&t, X, NC, ALL, "Unknown")));
    metric_table_free(&t);
}

/* A leaver rate whose base is a withheld headcount is withheld with it.
 * White 40, BME 12, Unknown 2 of 54: Unknown 2 is withheld (primary), and
 * the group line takes the smallest positive other group, BME 12
 * (complementary). A BME leavers row with 6 leavers of a base of 12 would
 * show that 12: it is withheld too, though 6 and 12 are not small. */
static void test_base_link(void **state)
{
    (void)state;
    struct metric_table t = {0};
    add(&t, BY, X, ALL, ALL, "White", 40, 54);
    add(&t, BY, X, ALL, ALL, "BME", 12, 54);
    add(&t, BY, X, ALL, ALL, "Unknown", 2, 54);
    struct metric_row r = {
        .standard = "WRES", .metric = "leavers", .measure = "leaving", .breakdown = BY,
        .level = X, .group = "BME", .count = 6, .base = 12, .value = 0.5, .low = 0.25,
        .high = 0.75, .method = "wilson", .statistic = STAT_PROPORTION, .year = 2019};
    assert_true(metric_table_add(&t, &r));
    r.group = "White";
    r.base = 40;
    assert_true(metric_table_add(&t, &r));
    assert_int_equal(metrics_suppress(&t, 5, &standard_wres), WQ_OK);
    assert_true(withheld(&t.rows[2]));
    assert_true(withheld(&t.rows[1]));
    assert_false(withheld(&t.rows[0]));
    assert_true(withheld(&t.rows[3]));
    assert_true(strstr(t.rows[3].note, "base") != NULL);
    assert_false(withheld(&t.rows[4])); /* White's headcount is published */
    metric_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_line),  cmocka_unit_test(test_nothing_small),
        cmocka_unit_test(test_levels_line), cmocka_unit_test(test_bands_line),
        cmocka_unit_test(test_base_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
