/* test_suppress.c: publication mode (suppress.c) on small hand-made tables
 * whose right answer is worked out by hand in each test's comment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "diag.h"
#include "metrics.h"
#include "standard.h"

static struct wq_error err; /* metrics_suppress's, when it fails */

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
 * Unknown 0 gives BME = 1: so a second group is withheld. Unknown 0 cannot
 * help (BME + 0 = 1 - nothing: it cannot go below 0, so BME would stay at
 * most 1); White can: BME + White = 6, BME anywhere in 0..6, a range of 6
 * >= 5. Unknown 0 stays published. */
static void test_group_line(void **state)
{
    (void)state;
    struct metric_table t = {0};
    add(&t, BY, X, ALL, ALL, "White", 5, 6);
    add(&t, BY, X, ALL, ALL, "BME", 1, 6);
    add(&t, BY, X, ALL, ALL, "Unknown", 0, 6);
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
    assert_true(withheld(find(&t, X, ALL, ALL, "BME")));
    assert_true(withheld(find(&t, X, ALL, ALL, "White")));
    assert_false(withheld(find(&t, X, ALL, ALL, "Unknown")));
    assert_true(strstr(find(&t, X, ALL, ALL, "White")->note, "worked out") != NULL);
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
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
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
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
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
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
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
 * White 40, BME 12, Unknown 2 of 54: Unknown 2 is withheld (primary); to
 * give it a range of 5 another group must move by 5 the other way: BME 12
 * costs less than White 40, so BME is withheld (complementary). A BME
 * leavers row with 6 leavers of a base of 12 would show that 12: it is
 * withheld too, though 6 and 12 are not small. */
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
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
    assert_true(withheld(&t.rows[2]));
    assert_true(withheld(&t.rows[1]));
    assert_false(withheld(&t.rows[0]));
    assert_true(withheld(&t.rows[3]));
    assert_true(strstr(t.rows[3].note, "worked out") != NULL);
    assert_false(withheld(&t.rows[4])); /* White's headcount is published */
    metric_table_free(&t);
}

/* A 2x2 table with its margins: Finance and Estates by White and BME
 * (Unknown 0 everywhere, published), the trust's rows the column totals,
 * each level's base its row total:
 *
 *              White  BME | base
 *   Finance       20    2 |   22
 *   Estates       40   28 |   68
 *   trust         60   30 |   90
 *
 * Finance BME 2 is withheld (primary) and is pinned by 22 - 20. Withholding
 * one more cell pins nothing less: 2 + White 20 = 22 still, or 2 + Estates
 * 28 = 30. Only the four inner cells together leave it free: with Finance
 * BME = 2 + d, Finance White = 20 - d, Estates BME = 28 - d, Estates White
 * = 40 + d, every margin holds for d from -2 to 20, a range of 22 >= 5. So
 * exactly the four inner cells are withheld, the margins stay. */
static void test_two_by_two(void **state)
{
    (void)state;
    struct metric_table t = {0};
    add(&t, TRUST, ALL, ALL, ALL, "White", 60, 90);
    add(&t, TRUST, ALL, ALL, ALL, "BME", 30, 90);
    add(&t, TRUST, ALL, ALL, ALL, "Unknown", 0, 90);
    add(&t, BY, X, ALL, ALL, "White", 20, 22);
    add(&t, BY, X, ALL, ALL, "BME", 2, 22);
    add(&t, BY, X, ALL, ALL, "Unknown", 0, 22);
    add(&t, BY, Y, ALL, ALL, "White", 40, 68);
    add(&t, BY, Y, ALL, ALL, "BME", 28, 68);
    add(&t, BY, Y, ALL, ALL, "Unknown", 0, 68);
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
    size_t n = 0;
    for (size_t i = 0; i < t.n_rows; i++)
        n += withheld(&t.rows[i]);
    assert_int_equal(n, 4);
    assert_true(withheld(find(&t, X, ALL, ALL, "BME")));
    assert_true(withheld(find(&t, X, ALL, ALL, "White")));
    assert_true(withheld(find(&t, Y, ALL, ALL, "BME")));
    assert_true(withheld(find(&t, Y, ALL, ALL, "White")));
    metric_table_free(&t);
}

/* The chain the one-subtraction rule missed, across clinical, non-clinical,
 * the whole level and the declaration (one level, Finance):
 *
 *                 White  BME  Unknown | base
 *   Clinical         30    2        5 |   37
 *   Non-clinical     20    0        6 |   26
 *   All              50    2       11 |   63     declared (Known) 52 of 63
 *
 * Clinical BME 2 and All BME 2 are withheld (primary). Withholding All
 * White too (as the old rule did, for Known = White + BME) is not enough:
 * White = 30 + 20 gives it back, then BME = 52 - 50. To move Clinical BME up
 * by 5, All BME moves with it (BME adds up; Non-clinical's 0 cannot go
 * down) and something must move the other way in both rows: either White
 * (Clinical White 30 and All White 50: 31 + 51 = 82 a unit, at 1 + value
 * each) or Unknown (Clinical 5, All 11, and then Known 52 moves with All
 * BME: 6 + 12 + 53 = 71 a unit). The cheaper is Unknown: with Clinical and
 * All BME, Clinical and All Unknown and the declaration withheld, Clinical
 * BME = All BME = t, Clinical Unknown = 7 - t, All Unknown = 13 - t, Known
 * = 50 + t fit everything published for t from 0 to 7: a range of 7 >= 5.
 * The White rows and the non-clinical rows stay published. */
static void test_chain(void **state)
{
    (void)state;
    static const char *const C = "Clinical", *const NC = "Non-clinical";
    struct metric_table t = {0};
    add(&t, BY, X, C, ALL, "White", 30, 37);
    add(&t, BY, X, C, ALL, "BME", 2, 37);
    add(&t, BY, X, C, ALL, "Unknown", 5, 37);
    add(&t, BY, X, NC, ALL, "White", 20, 26);
    add(&t, BY, X, NC, ALL, "BME", 0, 26);
    add(&t, BY, X, NC, ALL, "Unknown", 6, 26);
    add(&t, BY, X, ALL, ALL, "White", 50, 63);
    add(&t, BY, X, ALL, ALL, "BME", 2, 63);
    add(&t, BY, X, ALL, ALL, "Unknown", 11, 63);
    struct metric_row d = {
        .standard = "WRES", .metric = "declaration", .measure = "declaration", .breakdown = BY,
        .level = X, .group = "Known", .count = 52, .base = 63, .value = 52.0 / 63, .low = 0,
        .high = 1, .method = "wilson", .statistic = STAT_PROPORTION, .year = 2019};
    assert_true(metric_table_add(&t, &d));
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
    static const bool expect[10] = {false, true, true, false, false, false, false, true, true,
                                    true};
    for (size_t i = 0; i < t.n_rows; i++)
        assert_int_equal(withheld(&t.rows[i]), expect[i]);
    metric_table_free(&t);
}

/* The board's difference from the workforce is its share minus the
 * workforce's: published while the trust's BME headcount is withheld, it
 * would give that headcount back (share = board share - difference). The
 * trust here has White 100, BME 3, Unknown 10 (BME withheld); the board 12
 * White, 5 BME of 17 (published: neither is small). The difference row for
 * BME is withheld. */
static void test_board_difference(void **state)
{
    (void)state;
    struct metric_table t = {0};
    add(&t, TRUST, ALL, ALL, ALL, "White", 100, 113);
    add(&t, TRUST, ALL, ALL, ALL, "BME", 3, 113);
    add(&t, TRUST, ALL, ALL, ALL, "Unknown", 10, 113);
    struct metric_row b = {
        .standard = "WRES", .metric = "9", .measure = "board_total", .breakdown = TRUST,
        .level = ALL, .group = "BME", .count = 5, .base = 17, .value = 5.0 / 17, .low = 0.1,
        .high = 0.5, .method = "wilson", .statistic = STAT_PROPORTION, .year = 2019};
    assert_true(metric_table_add(&t, &b));
    b.reference = "Workforce";
    b.count = b.base = b.low = b.high = NAN;
    b.value = 5.0 / 17 - 3.0 / 113;
    b.statistic = STAT_DIFFERENCE;
    assert_true(metric_table_add(&t, &b));
    assert_int_equal(metrics_suppress(&t, 5, 0, &standard_wres, &err), WQ_OK);
    assert_true(withheld(&t.rows[1]));
    assert_false(withheld(&t.rows[3]));   /* the board's BME row: 5 of 17 */
    assert_true(t.rows[4].note && strstr(t.rows[4].note, "withheld count"));
    assert_true(isnan(t.rows[4].value));
    metric_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_line),  cmocka_unit_test(test_nothing_small),
        cmocka_unit_test(test_levels_line), cmocka_unit_test(test_bands_line),
        cmocka_unit_test(test_base_link),   cmocka_unit_test(test_two_by_two),
        cmocka_unit_test(test_chain),       cmocka_unit_test(test_board_difference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
