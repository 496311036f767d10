/* test_html.c: the HTML board report (common/html.c): escaping of hostile
 * text, the plain-English sentences for every kind of comparison, a page
 * that reaches nothing outside itself, the print style sheet, and figures;
 * and the two metric catalogues (wres/standard.c, wdes/standard.c) against
 * the standards' published definitions, since every sentence and verdict
 * here renders through them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "html.h"
#include "direction.h"
#include "metrics.h"
#include "standard.h"
#include "vocab.h"
#include "workforce.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- rows made by hand ---------------------------------------------------- */

static struct metric_row comparison(const char *std, const char *metric, const char *measure,
                                    const char *group, const char *reference, double value,
                                    double low, double high)
{
    return (struct metric_row){
        .standard = std, .metric = metric, .measure = measure, .breakdown = "Trust",
        .level = "All", .group = group, .reference = reference, .count = NAN, .base = NAN,
        .value = value, .low = low, .high = high, .status = STATS_OK, .flag = stats_flag(value),
        .method = "koopman-score", .statistic = STAT_RATIO,
    };
}

static struct metric_row group_row(const char *metric, const char *measure, const char *group,
                                   double count, double base)
{
    return (struct metric_row){
        .standard = "WRES", .metric = metric, .measure = measure, .breakdown = "Trust",
        .level = "All", .group = group, .count = count, .base = base,
        .value = base > 0 ? count / base : NAN, .low = NAN, .high = NAN,
        .status = base > 0 ? STATS_NO_INTERVAL : STATS_UNDEFINED, .statistic = STAT_PROPORTION,
    };
}

/* A sentence about R (with optional group rows) must equal WANT. */
#define SENTENCE_IS(want, r, num, den, std)                                                  \
    assert_string_equal(html_sentence_rows(buf, sizeof buf, (r), (num), (den), (std)), (want))
#define SENTENCE_HAS(part) assert_non_null(strstr(buf, (part)))

/* ---- sentences ---------------------------------------------------------------- */

/* The reference trust's leavers: (36/144) / (478/3492) with the Koopman
 * interval of the reference vectors. */
static void test_sentence_above_range(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "leavers", "leaving", "BME", "White", 1.8263598326,
                                     1.3466567480, 2.4182788171);
    html_sentence(buf, sizeof buf, &r, &standard_wres);
    assert_string_equal(buf, "BME staff were 1.83 times as likely to leave as White staff; the "
                             "interval 1.35 to 2.42 lies above the non-adverse range, so this "
                             "is unlikely to be chance.");
    SENTENCE_HAS("1.83 times");
    SENTENCE_HAS("1.35 to 2.42");
    SENTENCE_HAS("above the non-adverse range");
    SENTENCE_HAS("unlikely to be chance");
}

static void test_sentence_within_range(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "leavers", "leaving", "BME", "White", 1.02, 0.85,
                                     1.20);
    SENTENCE_IS("BME staff were 1.02 times as likely to leave as White staff; the interval 0.85 "
                "to 1.20 lies within the non-adverse range and includes 1 (parity), so any "
                "difference is small and could be chance.",
                &r, NULL, NULL, &standard_wres);
    r = comparison("WRES", "leavers", "leaving", "BME", "White", 1.10, 1.02, 1.19);
    SENTENCE_IS("BME staff were 1.10 times as likely to leave as White staff; the interval 1.02 "
                "to 1.19 lies within the non-adverse range, so the difference is unlikely to be "
                "chance but small.",
                &r, NULL, NULL, &standard_wres);
}

static void test_sentence_includes_parity(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "4", "non_mandatory_training", "White", "BME",
                                     1.14, 0.92, 1.45);
    SENTENCE_IS("White staff were 1.14 times as likely to access non-mandatory training and CPD "
                "as BME staff; the interval 0.92 to 1.45 includes 1 (parity), so the difference "
                "could be chance.",
                &r, NULL, NULL, &standard_wres);
}

static void test_sentence_excludes_parity_in_range(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "3", "formal_disciplinary", "BME", "White",
                                     2.2738, 1.0123, 4.9811);
    r.small = true;
    html_sentence(buf, sizeof buf, &r, &standard_wres);
    SENTENCE_HAS("BME staff were 2.27 times as likely to enter the formal disciplinary process "
                 "as White staff; the interval 1.01 to 4.98 excludes parity but reaches into "
                 "the non-adverse range, so the difference is unlikely to be chance, though it "
                 "may be small.");
    SENTENCE_HAS(" Small numbers (fewer than 10 events or 30 people in a group)");
}

static void test_sentence_below_range_and_applicants(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "2", "appointed_from_shortlisting", "White", "BME",
                                     0.5, 0.31, 0.72);
    SENTENCE_IS("White applicants were 0.50 times as likely to be appointed from shortlisting as "
                "BME applicants; the interval 0.31 to 0.72 lies below the non-adverse range, so "
                "this is unlikely to be chance.",
                &r, NULL, NULL, &standard_wres);
    /* the reference trust's WRES 2: (1445/5484) / (95/554) = 1.5366 */
    r = comparison("WRES", "2", "appointed_from_shortlisting", "White", "BME", 1.5366, 1.28, 1.86);
    html_sentence(buf, sizeof buf, &r, &standard_wres);
    SENTENCE_HAS("White applicants were 1.54 times as likely to be appointed from shortlisting "
                 "as BME applicants");
}

/* Display rounding is half away from zero: 1.625 shows as 1.63. */
static void test_sentence_rounding(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "leavers", "leaving", "BME", "White", 1.625, 1.125,
                                     2.375);
    html_sentence(buf, sizeof buf, &r, &standard_wres);
    SENTENCE_HAS("1.63 times");
    SENTENCE_HAS("the interval 1.13 to 2.38 excludes parity");
}

/* WDES 3 for the reference trust: 0 of 139 Disabled vs 4 of 2401. */
static void test_sentence_zero(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WDES", "3", "formal_capability", "Disabled", "Non-disabled",
                                     0, 0, 16.3612);
    r.small = true;
    r.count = 0;
    r.base = 139;
    html_sentence(buf, sizeof buf, &r, &standard_wdes);
    SENTENCE_HAS("No Disabled staff entered the formal capability process (0 of 139); with so "
                 "few the interval runs from 0 to 16.36, so this could be chance.");
    struct metric_row num = group_row("3", "formal_capability", "Disabled", 0, 139);
    struct metric_row den = group_row("3", "formal_capability", "Non-disabled", 4, 2401);
    r.count = r.base = NAN;
    html_sentence_rows(buf, sizeof buf, &r, &num, &den, &standard_wdes);
    SENTENCE_HAS("No Disabled staff entered the formal capability process (0 of 139), against 4 "
                 "of 2401 Non-disabled staff; with so few the interval runs from 0 to 16.36, so "
                 "this could be chance.");
    /* a zero that a large group makes clear */
    r = comparison("WRES", "leavers", "leaving", "BME", "White", 0, 0, 0.12);
    SENTENCE_IS("No BME staff left; the interval runs from 0 to 0.12 and lies below the "
                "non-adverse range, so this is unlikely to be chance.",
                &r, NULL, NULL, &standard_wres);
}

static void test_sentence_infinite(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "leavers", "leaving", "BME", "White", INFINITY, 1.6,
                                     INFINITY);
    struct metric_row num = group_row("leavers", "leaving", "BME", 3, 13);
    struct metric_row den = group_row("leavers", "leaving", "White", 0, 35);
    SENTENCE_IS("3 of 13 BME staff left but no White staff did (0 of 35), so the relative "
                "likelihood is infinite; the interval runs from 1.60 upwards and lies above the "
                "non-adverse range, so this is unlikely to be chance.",
                &r, &num, &den, &standard_wres);
    r = comparison("WRES", "2", "appointed_from_shortlisting", "White", "BME", INFINITY, 0.56,
                   INFINITY);
    num = group_row("2", "appointed_from_shortlisting", "White", 59, 246);
    den = group_row("2", "appointed_from_shortlisting", "BME", 0, 22);
    SENTENCE_IS("59 of 246 White applicants were appointed from shortlisting but no BME "
                "applicants were (0 of 22), so the relative likelihood is infinite; the interval "
                "runs from 0.56 upwards and includes 1 (parity), so the difference could be "
                "chance.",
                &r, &num, &den, &standard_wres);
    /* without counts */
    r = comparison("WRES", "leavers", "leaving", "BME", "White", INFINITY, 1.6, INFINITY);
    html_sentence(buf, sizeof buf, &r, &standard_wres);
    SENTENCE_HAS("Some BME staff left but no White staff did, so the relative likelihood is "
                 "infinite");
}

static void test_sentence_not_calculable(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "leavers", "leaving", "BME", "White", NAN, NAN, NAN);
    r.status = STATS_UNDEFINED;
    r.flag = FLAG_NOT_CALCULABLE;
    struct metric_row num = group_row("leavers", "leaving", "BME", 0, 5);
    struct metric_row den = group_row("leavers", "leaving", "White", 0, 40);
    SENTENCE_IS("The relative likelihood of BME staff compared with White staff cannot be "
                "calculated: no White staff left, and no BME staff either.",
                &r, &num, &den, &standard_wres);
    SENTENCE_HAS("cannot be calculated: no White staff left");
    num = group_row("leavers", "leaving", "BME", 1, 0);
    html_sentence_rows(buf, sizeof buf, &r, &num, &den, &standard_wres);
    SENTENCE_HAS("cannot be calculated: there are no BME staff in post.");
    struct metric_row r2 = comparison("WRES", "2", "appointed_from_shortlisting", "White", "BME",
                                      NAN, NAN, NAN);
    r2.status = STATS_UNDEFINED;
    den = group_row("2", "appointed_from_shortlisting", "BME", 0, 0);
    num = group_row("2", "appointed_from_shortlisting", "White", 3, 10);
    html_sentence_rows(buf, sizeof buf, &r2, &num, &den, &standard_wres);
    SENTENCE_HAS("cannot be calculated: no BME applicants were shortlisted.");
    /* the row alone says what it can */
    html_sentence(buf, sizeof buf, &r, &standard_wres);
    SENTENCE_HAS("cannot be calculated: one of the groups is empty, or no White staff left.");
}

static void test_sentence_no_interval(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "leavers", "leaving", "BME", "White", 1.5, NAN, NAN);
    r.status = STATS_NO_INTERVAL;
    struct metric_row num = group_row("leavers", "leaving", "BME", 12, 10);
    struct metric_row den = group_row("leavers", "leaving", "White", 40, 50);
    SENTENCE_IS("BME staff were 1.50 times as likely to leave as White staff; no 95% interval can "
                "be given (a group has more events than people counted), so chance cannot be "
                "judged.",
                &r, &num, &den, &standard_wres);
}

static void test_sentence_suppressed(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row r = comparison("WRES", "3", "formal_disciplinary", "BME", "White", NAN, NAN,
                                     NAN);
    r.status = STATS_UNDEFINED;
    r.note = "suppressed: built on a withheld count";
    r.withheld_below = 10;
    html_sentence(buf, sizeof buf, &r, &standard_wres);
    assert_int_equal(strncmp(buf, "Withheld (fewer than 10)", 24), 0);
    SENTENCE_HAS("the comparison of BME and White staff rests on a count below the publication "
                 "threshold");
    assert_null(strstr(buf, "cannot be calculated"));
    struct metric_row g = group_row("3", "formal_disciplinary", "BME", NAN, NAN);
    g.note = "suppressed: fewer than the publication threshold";
    g.withheld_below = 7;
    html_sentence(buf, sizeof buf, &g, &standard_wres);
    SENTENCE_HAS("Withheld (fewer than 7): the BME figures");
}

static void test_sentence_survey_difference(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row d = comparison("WRES", "5", "harassment_public", "BME", "White", -0.15,
                                     -0.24108, -0.04681);
    d.statistic = STAT_DIFFERENCE;
    d.flag = FLAG_NOT_CALCULABLE;
    d.survey = true;
    struct metric_row f = group_row("5", "harassment_public", "BME", 31.96, 94);
    struct metric_row c = group_row("5", "harassment_public", "White", 804.09, 1641);
    f.value = 0.34;
    c.value = 0.49;
    SENTENCE_IS("34.00% of BME staff and 49.00% of White staff experienced harassment, bullying "
                "or abuse from patients, relatives or the public: 15.00 percentage points fewer "
                "among BME staff; the interval -24.11 to -4.68 points excludes 0, so this is "
                "unlikely to be chance.",
                &d, &f, &c, &standard_wres);
    d = comparison("WRES", "7", "equal_opportunities", "BME", "White", 0.01, -0.0836, 0.1144);
    d.statistic = STAT_DIFFERENCE;
    f.value = 0.48;
    c.value = 0.47;
    html_sentence_rows(buf, sizeof buf, &d, &f, &c, &standard_wres);
    SENTENCE_HAS("48.00% of BME staff and 47.00% of White staff believed the trust provides "
                 "equal opportunities");
    SENTENCE_HAS(": 1.00 percentage points more among BME staff; the interval -8.36 to 11.44 "
                 "points includes 0, so the difference could be chance.");
    /* without the group rows */
    html_sentence(buf, sizeof buf, &d, &standard_wres);
    SENTENCE_HAS("The share of BME staff who believed");
    SENTENCE_HAS("1.00 percentage points higher than among White staff");
}

static void test_sentence_score_and_board(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row d = comparison("WDES", "9a", "engagement", "Disabled", "Non-disabled", -0.6,
                                     NAN, NAN);
    d.statistic = STAT_DIFFERENCE;
    d.status = STATS_NO_INTERVAL;
    struct metric_row f = group_row("9a", "engagement", "Disabled", NAN, 439);
    struct metric_row c = group_row("9a", "engagement", "Non-disabled", NAN, 1291);
    f.value = 5.7;
    c.value = 6.3;
    SENTENCE_IS("Disabled staff scored 5.7 and Non-disabled staff 6.3 on the staff engagement "
                "score (0-10): 0.6 points lower for Disabled staff; the survey breakdown gives "
                "no spread, so there is no interval and chance cannot be judged.",
                &d, &f, &c, &standard_wdes);
    struct metric_row b = comparison("WRES", "9", "board_total", "BME", "Workforce",
                                     -0.038328453553367, NAN, NAN);
    b.statistic = STAT_DIFFERENCE;
    b.status = STATS_NO_INTERVAL;
    struct metric_row m = group_row("9", "board_total", "BME", 0, 16);
    SENTENCE_IS("BME people make up 0.00% of the board (0 of 16), against 3.83% of the workforce: "
                "3.83 percentage points below their share of the workforce. The board is counted "
                "in full, so there is no interval; with 16 members, one person is 6.25 percentage "
                "points.",
                &b, &m, NULL, &standard_wres);
    b.measure = "board_voting";
    b.value = 0.0881;
    html_sentence(buf, sizeof buf, &b, &standard_wres);
    SENTENCE_HAS("The BME share of the voting members of the board is 8.81 percentage points "
                 "above their share of the workforce.");
}

static void test_sentence_group_rows_and_small_buffer(void **state)
{
    (void)state;
    char buf[2048];
    struct metric_row g = group_row("leavers", "leaving", "BME", 36, 144);
    g.low = 0.1864;
    g.high = 0.3266;
    g.status = STATS_OK;
    SENTENCE_IS("36 of 144 BME staff left (25.00%; 95% interval 18.64% to 32.66%).", &g, NULL,
                NULL, &standard_wres);
    /* truncated, always terminated */
    char small[16];
    memset(small, 'x', sizeof small);
    struct metric_row r = comparison("WRES", "leavers", "leaving", "BME", "White", 1.8263598326,
                                     1.3466567480, 2.4182788171);
    html_sentence(small, sizeof small, &r, &standard_wres);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_memory_equal(small, "BME staff were ", 15);
    /* no standard: no catalogue verb, still a sentence */
    r = comparison("WRES", "2", "appointed_from_shortlisting", "White", "BME", 1.5366, 1.28, 1.86);
    html_sentence(buf, sizeof buf, &r, NULL);
    SENTENCE_HAS("The relative likelihood of White compared with BME is 1.54; the interval 1.28 "
                 "to 1.86 lies above the non-adverse range");
}

/* ---- pages -------------------------------------------------------------------- */

/* What cairo's SVG surface writes: a prolog, namespaces, and glyph ids that
 * every chart repeats. */
static const char svg_a[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "width=\"480pt\" height=\"300pt\" viewBox=\"0 0 480 300\" version=\"1.1\">\n<defs>\n<g>\n"
    "<symbol overflow=\"visible\" id=\"glyph0-1\">\n<path style=\"stroke:none;\" d=\"M 1 1 L 5 "
    "1 Z\"/>\n</symbol>\n</g>\n<clipPath id=\"clip1\">\n<path d=\"M 0 0 L 480 0 L 480 300 Z\"/>"
    "\n</clipPath>\n</defs>\n<g id=\"surface1\">\n<g clip-path=\"url(#clip1)\">\n<rect x=\"40\" "
    "y=\"40\" width=\"400\" height=\"80\" style=\"fill:rgb(0%,37%,72%);\"/>\n</g>\n<g "
    "style=\"fill:rgb(0%,0%,0%);fill-opacity:1;\">\n  <use xlink:href=\"#glyph0-1\" x=\"50\" "
    "y=\"250\"/>\n</g>\n</g>\n</svg>\n";
static const char svg_b[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "width=\"480pt\" height=\"300pt\" version=\"1.1\">\n<defs>\n<g>\n<symbol overflow=\"visible\" "
    "id=\"glyph0-1\">\n<path style=\"stroke:none;\" d=\"M 2 2 L 6 2 Z\"/>\n</symbol>\n</g>\n"
    "</defs>\n<g id=\"surface1\">\n  <use xlink:href=\"#glyph0-1\" x=\"60\" y=\"250\"/>\n</g>\n"
    "</svg>\n";

/* The page written into a string (caller frees). */
static char *page(const struct metric_table *t, const struct workforce *w,
                  const struct wq_options *o, const struct html_figure *figs, size_t n,
                  int want_status)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    assert_int_equal(html_report(f, t, w, o, figs, n), want_status);
    assert_int_equal(fclose(f), 0);
    assert_non_null(out);
    assert_int_equal(strlen(out), len);
    return out;
}

static bool contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (!strncasecmp(s, needle, n))
            return true;
    return false;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A small WRES table made by hand: the trust's leavers, WRES 2 and 5. */
static void hand_table(struct metric_table *t)
{
    struct metric_row rows[] = {
        group_row("leavers", "leaving", "White", 478, 3492),
        group_row("leavers", "leaving", "BME", 36, 144),
        group_row("leavers", "leaving", "Unknown", 26, 121),
        comparison("WRES", "leavers", "leaving", "BME", "White", 1.8263598326, 1.3466567480,
                   2.4182788171),
        group_row("2", "appointed_from_shortlisting", "White", 1445, 5484),
        group_row("2", "appointed_from_shortlisting", "BME", 95, 554),
        comparison("WRES", "2", "appointed_from_shortlisting", "White", "BME", 1.5366, 1.28,
                   1.86),
    };
    for (size_t i = 0; i < N_ELEMS(rows); i++)
        assert_true(metric_table_add(t, &rows[i]));
}

static void test_page_self_contained(void **state)
{
    (void)state;
    struct metric_table t = {0};
    struct workforce w = {0};
    struct wq_options o = {.std = &standard_wres, .conf = 0.95, .voices = -1, .year = 2019};
    w.std = &standard_wres;
    hand_table(&t);
    const struct html_figure figs[] = {
        {"leavers", "Leavers: relative likelihood", svg_a, "Leavers per 100 staff.", NULL, NULL},
        {"trends", "The leaver ratio over the years", svg_b, "Each year with its interval.",
         NULL, NULL},
    };
    char *p = page(&t, &w, &o, figs, N_ELEMS(figs), WQ_OK);
    /* a document, with its language, charset and title */
    assert_int_equal(strncmp(p, "<!DOCTYPE html>\n<html lang=\"en-GB\">", 35), 0);
    assert_non_null(strstr(p, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(p, "<title>WRES 2018/19 board report: Workforce Race Equality "
                              "Standard</title>"));
    assert_non_null(strstr(p, "</html>\n"));
    /* nothing outside the page */
    assert_null(strstr(p, "http://"));
    assert_null(strstr(p, "https://"));
    assert_false(contains_ci(p, "src="));
    assert_false(contains_ci(p, "<script"));
    assert_false(contains_ci(p, "<link"));
    assert_false(contains_ci(p, "<img"));
    assert_false(contains_ci(p, "@import"));
    assert_false(contains_ci(p, "url(http"));
    assert_null(strstr(p, "<?xml"));
    /* one style sheet, with print rules: A4, backgrounds kept, no breaks in figures */
    assert_int_equal(count(p, "<style>"), 1);
    assert_non_null(strstr(p, "@page{size:A4;margin:15mm}"));
    assert_non_null(strstr(p, "@media print{"));
    assert_non_null(strstr(p, "print-color-adjust:exact"));
    assert_non_null(strstr(p, "figure,"));
    assert_non_null(strstr(p, "{break-inside:avoid;page-break-inside:avoid}"));
    assert_non_null(strstr(p, "background:#005EB8"));
    assert_non_null(strstr(p, "color:#003087"));
    assert_non_null(strstr(p, "font-family:Arial,Helvetica,sans-serif"));
    assert_non_null(strstr(p, "max-width:180mm"));
    /* the figures, inside <figure> with their captions, ids kept apart */
    assert_int_equal(count(p, "<figure"), 2);
    const char *f1 = strstr(p, "<figure id=\"figure-1\">");
    const char *f2 = strstr(p, "<figure id=\"figure-2\">");
    assert_non_null(f1);
    assert_non_null(f2);
    const char *end1 = strstr(f1, "</figure>");
    const char *cap1 = strstr(f1, "<figcaption><strong>Figure 1. Leavers: relative likelihood"
                                  "</strong> Leavers per 100 staff.</figcaption>");
    assert_non_null(cap1);
    assert_true(cap1 < end1);
    assert_true(strstr(f1, "<svg") < end1);
    assert_non_null(strstr(p, "<figcaption><strong>Figure 2. The leaver ratio over the years"
                              "</strong> Each year with its interval.</figcaption>"));
    assert_non_null(strstr(p, "id=\"wqf1-glyph0-1\""));
    assert_non_null(strstr(p, "xlink:href=\"#wqf1-glyph0-1\""));
    assert_non_null(strstr(p, "url(#wqf1-clip1)"));
    assert_non_null(strstr(p, "id=\"wqf2-glyph0-1\""));
    assert_non_null(strstr(p, "xlink:href=\"#wqf2-glyph0-1\""));
    assert_null(strstr(p, "\"#glyph0-1\""));
    assert_non_null(strstr(p, "role=\"img\" focusable=\"false\" aria-label=\"Leavers: relative "
                              "likelihood\""));
    /* svg_b had no viewBox: one is made from its size, so it scales */
    assert_non_null(strstr(f2, "viewBox=\"0 0 480 300\""));
    /* figures sit in their sections: leavers before metric 2, trends in Trends */
    const char *leavers = strstr(p, "<section id=\"leavers\">");
    const char *metric2 = strstr(p, "<section id=\"metric-2\">");
    const char *trends = strstr(p, "<section id=\"trends\">");
    assert_true(leavers && metric2 && trends);
    assert_true(leavers < f1 && f1 < metric2);
    assert_true(trends < f2);
    /* the key figures as published, with the sentence, and tables for screen readers */
    assert_non_null(strstr(p, "<td class=\"n fig\">1.83</td><td class=\"n\">1.35 to 2.42</td>"));
    assert_non_null(strstr(p, "BME staff were 1.83 times as likely to leave as White staff; the "
                              "interval 1.35 to 2.42 lies above the non-adverse range, so this "
                              "is unlikely to be chance."));
    assert_non_null(strstr(p, "<span class=\"badge b-adverse\"><span aria-hidden=\"true\">"
                              "\u25B2 </span>adverse</span>"));
    assert_non_null(strstr(p, "<th scope=\"col\">"));
    assert_non_null(strstr(p, "<th scope=\"row\">"));
    assert_int_equal(count(p, "<table"), count(p, "<caption>"));
    /* what is missing is said */
    assert_non_null(strstr(p, "metric 3 (--cases)"));
    assert_non_null(strstr(p, "Not computed:</strong> the disciplinary cases were not supplied"));
    free(p);
    metric_table_free(&t);
}

/* Hostile text in data: directorate names, a file name, figure titles and
 * captions, and SVG with a script or an event handler. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_page_escapes_hostile_text(void **state)
{
    (void)state;
    char dir[] = "/tmp/wq-html-&<b>-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char staff[256], leavers[256];
    snprintf(staff, sizeof staff, "%s/staff\"<x>.csv", dir);
    snprintf(leavers, sizeof leavers, "%s/leavers.csv", dir);
    static const char *const levels[] = {"<script>alert(1)</script>", "\"=HYPERLINK(\"\"x\"\")\"",
                                         "\"Tom & Jerry's\""};
    char text[16384];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "Employee Number,Org L3,Ethnic Origin,Pay Band,Staff Group\n");
    char lv[4096];
    size_t llen = (size_t)snprintf(lv, sizeof lv, "Employee Number,Org L3,Ethnic Origin\n");
    int id = 1000;
    for (size_t l = 0; l < N_ELEMS(levels); l++)
        for (int k = 0; k < 50; k++, id++) {
            const char *eth = k < 12 ? "M Black or Black British - Caribbean" : "A White - British";
            len += (size_t)snprintf(text + len, sizeof text - len, "%d,%s,%s,Band 5,Nursing and "
                                    "Midwifery Registered\n", id, levels[l], eth);
            if (k % 4 == 0)
                llen += (size_t)snprintf(lv + llen, sizeof lv - llen, "%d,%s,%s\n", id, levels[l],
                                         eth);
        }
    assert_true(len < sizeof text && llen < sizeof lv);
    write_file(staff, text);
    write_file(leavers, lv);

    const char *by[] = {"Org L3"};
    struct wq_options o = {.std = &standard_wres, .conf = 0.95, .voices = -1, .staff = staff,
                           .leavers = leavers, .by = by, .n_by = 1};
    struct workforce w = {0};
    struct metric_table t = {0};
    struct wq_error err = {0};
    assert_int_equal(workforce_load(&w, &o, &err), WQ_OK);
    assert_int_equal(workforce_metrics(&w, &o, &t, &err), WQ_OK);
    static const char svg_script[] = "<svg width=\"10\" height=\"10\"><script>alert(1)</script>"
                                     "<rect width=\"5\" height=\"5\"/></svg>";
    static const char svg_handler[] = "<svg width=\"10\" height=\"10\" onload=\"alert(1)\">"
                                      "<rect width=\"5\" height=\"5\"/></svg>";
    static const char svg_external[] = "<svg width=\"10\" height=\"10\"><use href=\"https://x.test"
                                       "/a.svg#a\"/></svg>";
/* an SVG with WORD in it; every word svg_unsafe looks for, in odd cases */
#define WITH(word) "<svg width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/>" word "</svg>"
    static const char *const unsafe[] = {
        WITH("<SCRIPT>x</SCRIPT>"), WITH("<foreignObject/>"), WITH("<Image href=\"a.png\"/>"),
        WITH("<IFRAME/>"), WITH("<Object/>"), WITH("<EMBED/>"), WITH("<A href=\"#r\">x</A>"),
        WITH("<a>x</a>"), WITH("<text>JavaScript:x</text>"), WITH("<text>@Import x</text>"),
        WITH("<!ENTITY x \"y\">"), WITH("<Style>rect{}</Style>")};
    /* and one with none of them, only their first letters and near misses */
    static const char lookalike[] = WITH("<g><animate/><text>java script j J @ @ import "
                                         "&lt;script</text></g>");
#undef WITH
    struct html_figure figs[4 + N_ELEMS(unsafe) + 1] = {
        {"breakdowns", "Forest <by> \"Org L3\"", svg_a, "<b>bold</b> & 'quoted' =1+1", NULL, NULL},
        {"leavers", "script", svg_script, NULL, NULL, NULL},
        {"leavers", "handler", svg_handler, NULL, NULL, NULL},
        {"leavers", "external", svg_external, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < N_ELEMS(unsafe); i++)
        figs[4 + i] = (struct html_figure){"leavers", "unsafe", unsafe[i], NULL, NULL, NULL};
    figs[4 + N_ELEMS(unsafe)] =
        (struct html_figure){"leavers", "lookalike", lookalike, NULL, NULL, NULL};
    char *p = page(&t, &w, &o, figs, N_ELEMS(figs), WQ_OK);
    assert_false(contains_ci(p, "<script"));
    assert_null(strstr(p, "onload"));
    assert_null(strstr(p, "https://"));
    assert_null(strstr(p, "<b>"));
    /* the names are there, inert */
    assert_non_null(strstr(p, "<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>"));
    assert_non_null(strstr(p, "<th scope=\"row\">=HYPERLINK(&quot;x&quot;)</th>"));
    assert_non_null(strstr(p, "<th scope=\"row\">Tom &amp; Jerry&#39;s</th>"));
    assert_non_null(strstr(p, "staff&quot;&lt;x&gt;.csv</code>"));
    /* the page names each input without its folders: a folder may name a person */
    assert_null(strstr(p, "/tmp/wq-html-"));
    assert_null(strstr(p, "wq-html-&amp;&lt;b&gt;-"));
    assert_non_null(strstr(p, "Forest &lt;by&gt; &quot;Org L3&quot;"));
    assert_non_null(strstr(p, "&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39; =1+1"));
    assert_non_null(strstr(p, "aria-label=\"Forest &lt;by&gt; &quot;Org L3&quot;\""));
    /* the unsafe SVGs are not inlined: two figures only, the first and the
     * lookalike */
    assert_int_equal(count(p, "<figure"), 2);
    assert_non_null(strstr(p, "java script j J @ @ import"));
    assert_int_equal(count(p, "its SVG was not safe to inline"), 3 + N_ELEMS(unsafe));
    /* the breakdown: a table per column, flags as words and badges */
    assert_non_null(strstr(p, "<caption>By Org L3: headcount, and each relative likelihood"));
    assert_non_null(strstr(p, "Leavers: leaving<br><span class=\"note\">BME vs White</span>"));
    assert_true(count(p, "small numbers</span>") >= 3);
    /* the data-quality account */
    assert_non_null(strstr(p, "<tr><th scope=\"row\">read</th><td class=\"n\">150</td></tr>"));
    assert_non_null(strstr(p, "150 = 150 + 0 (checks)"));
    free(p);
    metric_table_free(&t);
    workforce_free(&w);
    remove(staff);
    remove(leavers);
    rmdir(dir);
}

/* A funnel plot's points on the page: a transparent circle with a <title>
 * over each mark, "N. name: rate of base (where)", before the SVG's
 * closing tag, and a key table with the same numbers. Units: 14 of 100 and
 * 60 of 500 around 13.7% are within the limits; 40 of 100 is above the
 * 99.8% limit (40% against an upper 99.8% limit near 25%). */
static void test_points(void **state)
{
    (void)state;
    const struct chart_funnel_unit units[] = {
        {"Ward <A> & B", 14, 100, false}, {"High", 40, 100, false}, {"Big", 60, 500, false}};
    struct chart c;
    assert_int_equal(chart_funnel(&c, "Leavers", units, 3, 0.137, "x"), WQ_OK);
    char *svg = html_points_svg("<svg width=\"1\" height=\"1\"><rect/></svg>\n", &c);
    assert_non_null(svg);
    static const char head[] = "<svg width=\"1\" height=\"1\"><rect/><g ";
    assert_true(strncmp(svg, head, strlen(head)) == 0);
    assert_non_null(strstr(svg, "<title>1. Ward &lt;A&gt; &amp; B: 14.0% of 100 (within the "
                                "limits)</title></circle>"));
    assert_non_null(strstr(svg, "<title>2. High: 40.0% of 100 (outside the 99.8% limits)"));
    assert_non_null(strstr(svg, "<title>3. Big: 12.0% of 500 (within the limits)"));
    assert_int_equal(count(svg, "<circle"), 3);
    assert_string_equal(svg + strlen(svg) - 12, "</g>\n</svg>\n");
    free(svg);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    html_points_key(f, &c, 4, "Org L3");
    assert_int_equal(fclose(f), 0);
    assert_non_null(strstr(out, "<caption>Key to figure 4: each Org L3 by the number"));
    assert_non_null(strstr(out, "<tr><td class=\"n\">2</td><th scope=\"row\">High</th><td>"
                                "40.0% of 100</td><td>outside the 99.8% limits</td></tr>"));
    assert_int_equal(count(out, "<tr><td class=\"n\">"), 3);
    free(out);
    chart_free(&c);
}

/* An empty run still makes a page, and says what is missing. */
static void test_page_empty(void **state)
{
    (void)state;
    struct metric_table t = {0};
    struct workforce w = {0};
    struct wq_options o = {.std = &standard_wdes, .conf = 0.95, .voices = -1, .suppress = 10};
    w.std = &standard_wdes;
    char *p = page(&t, &w, &o, NULL, 0, WQ_OK);
    assert_non_null(strstr(p, "Workforce Disability Equality Standard (WDES)</h1>"));
    assert_non_null(strstr(p, "not set: every leaver"));
    assert_non_null(strstr(p, "No comparison could be made from the inputs given."));
    assert_non_null(strstr(p, "metric 9b (9b = yes|no in the config)"));
    assert_non_null(strstr(p, "Publication mode</dt><dd>On: counts from 1 to 9"));
    assert_non_null(strstr(p, "Metric 9b: the voices of Disabled staff"));
    assert_null(strstr(p, "<figure"));
    assert_null(strstr(p, "<section id=\"trends\">"));
    free(p);
}

/* ---- the direction of disadvantage ------------------------------------------ */

/* A difference row (survey, board), as catalogue_metrics.c makes it. */
static struct metric_row difference(const char *std, const char *metric, const char *measure,
                                    const char *group, const char *reference, double value,
                                    double low, double high)
{
    struct metric_row r = comparison(std, metric, measure, group, reference, value, low, high);
    r.statistic = STAT_DIFFERENCE;
    r.flag = FLAG_NOT_CALCULABLE;
    r.survey = strcmp(metric, "9") && strcmp(metric, "10");
    if (isnan(low))
        r.status = STATS_NO_INTERVAL;
    return r;
}

/* ---- the catalogues ------------------------------------------------------- */

/* What the published standards say of each metric, written here from the
 * standards' definitions (which group is the ratio's numerator, and which
 * side of parity is worse for BME or Disabled staff), never read from the
 * catalogues under test. */
struct want_ratio {
    const char *metric, *measure;
    enum metric_source source;
    bool focus_first;
    enum disadvantage worse;
};
struct want_survey {
    const char *metric, *measure;
    bool focus_only, is_score;
    enum disadvantage worse;
};

static void check_ratios(const struct standard *std, const struct want_ratio *w, size_t n)
{
    assert_int_equal(std->n_ratios, n);
    for (size_t i = 0; i < n; i++) {
        const struct ratio_metric *m = &std->ratios[i];
        assert_string_equal(m->metric, w[i].metric);
        assert_string_equal(m->measure, w[i].measure);
        assert_int_equal(m->source, w[i].source);
        if (m->focus_first != w[i].focus_first || m->worse != w[i].worse)
            fail_msg("%s %s: focus first %d, worse %d; the standard says %d, %d", std->name,
                     m->metric, m->focus_first, m->worse, w[i].focus_first, w[i].worse);
    }
}

static void check_survey(const struct standard *std, const struct want_survey *w, size_t n)
{
    assert_int_equal(std->n_survey, n);
    for (size_t i = 0; i < n; i++) {
        const struct survey_metric *m = &std->survey[i];
        assert_string_equal(m->metric, w[i].metric);
        assert_string_equal(m->measure, w[i].measure);
        if (m->focus_only != w[i].focus_only || m->is_score != w[i].is_score ||
            m->worse != w[i].worse)
            fail_msg("%s %s %s: focus only %d, score %d, worse %d; the standard says %d, %d, %d",
                     std->name, m->metric, m->measure, m->focus_only, m->is_score, m->worse,
                     w[i].focus_only, w[i].is_score, w[i].worse);
        assert_non_null(m->text);
    }
}

/* A standard as published: its groups, board metric, --detail and 9b, and
 * its catalogue. Leaving more often and being under-represented on the
 * board are worse for the focus group in both standards. */
struct want_standard {
    const char *name, *focus, *comparator, *board_metric;
    bool has_detail, has_voices;
    const struct want_ratio *ratios;
    size_t n_ratios;
    const struct want_survey *survey;
    size_t n_survey;
};

static void check_standard(const struct standard *std, const struct want_standard *w)
{
    assert_string_equal(std->name, w->name);
    assert_string_equal(std->group_names[std->focus], w->focus);
    assert_string_equal(std->group_names[std->comparator], w->comparator);
    assert_string_equal(std->board_metric, w->board_metric);
    assert_int_equal(std->leavers_worse, WORSE_IF_HIGHER);
    assert_int_equal(std->board_worse, WORSE_IF_LOWER);
    assert_int_equal(std->has_detail, w->has_detail);
    assert_int_equal(std->has_voices, w->has_voices);
    check_ratios(std, w->ratios, w->n_ratios);
    check_survey(std, w->survey, w->n_survey);
}

static void test_catalogues(void **state)
{
    (void)state;
    /* WRES 2 White vs BME (appointment), 3 BME vs White (formal disciplinary),
     * 4 White vs BME (non-mandatory training): above 1 is worse for BME staff
     * in each; survey 5, 6 and 8: a higher % is worse; 7: a lower one. */
    static const struct want_ratio wres_r[] = {
        {"2", "appointed_from_shortlisting", SRC_RECRUITMENT, false, WORSE_IF_HIGHER},
        {"3", "formal_disciplinary", SRC_CASES, true, WORSE_IF_HIGHER},
        {"4", "non_mandatory_training", SRC_TRAINING, false, WORSE_IF_HIGHER},
    };
    static const struct want_survey wres_s[] = {
        {"5", "harassment_public", false, false, WORSE_IF_HIGHER},
        {"6", "harassment_staff", false, false, WORSE_IF_HIGHER},
        {"7", "equal_opportunities", false, false, WORSE_IF_LOWER},
        {"8", "discrimination_colleagues", false, false, WORSE_IF_HIGHER},
    };
    check_standard(&standard_wres,
                   &(struct want_standard){"WRES", "BME", "White", "9", true, false, wres_r,
                                           N_ELEMS(wres_r), wres_s, N_ELEMS(wres_s)});

    /* WDES 2 Non-disabled vs Disabled, 3 Disabled vs Non-disabled (formal
     * capability): above 1 is worse; 4a, 6: a higher % is worse; 4b, 5, 7, 8
     * and the 9a engagement score (Disabled staff's own answers only in 8):
     * a lower one. */
    static const struct want_ratio wdes_r[] = {
        {"2", "appointed_from_shortlisting", SRC_RECRUITMENT, false, WORSE_IF_HIGHER},
        {"3", "formal_capability", SRC_CASES, true, WORSE_IF_HIGHER},
    };
    static const struct want_survey wdes_s[] = {
        {"4a", "harassment_public", false, false, WORSE_IF_HIGHER},
        {"4a", "harassment_managers", false, false, WORSE_IF_HIGHER},
        {"4a", "harassment_colleagues", false, false, WORSE_IF_HIGHER},
        {"4b", "harassment_reported", false, false, WORSE_IF_LOWER},
        {"5", "equal_opportunities", false, false, WORSE_IF_LOWER},
        {"6", "presenteeism", false, false, WORSE_IF_HIGHER},
        {"7", "valued", false, false, WORSE_IF_LOWER},
        {"8", "adjustments", true, false, WORSE_IF_LOWER},
        {"9a", "engagement", false, true, WORSE_IF_LOWER},
    };
    check_standard(&standard_wdes,
                   &(struct want_standard){"WDES", "Disabled", "Non-disabled", "10", false, true,
                                           wdes_r, N_ELEMS(wdes_r), wdes_s, N_ELEMS(wdes_s)});
}

static void test_direction_verdicts(void **state)
{
    (void)state;
    /* WRES 2 is White vs BME: above 1 is worse for BME staff */
    struct metric_row r = comparison("WRES", "2", "appointed_from_shortlisting", "White", "BME",
                                     1.54, 1.28, 1.86);
    assert_int_equal(direction_of(&standard_wres, &r), WORSE_IF_HIGHER);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_WORSE);
    /* --detail turns it round (Asian vs White): below 1 is worse */
    r = comparison("WRES", "2", "appointed_from_shortlisting", "Asian", "White", 0.6, 0.4, 0.9);
    assert_int_equal(direction_of(&standard_wres, &r), WORSE_IF_LOWER);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_WORSE);
    r = comparison("WRES", "2", "appointed_from_shortlisting", "Asian", "White", 1.5, 1.2, 1.9);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_BETTER);
    /* WRES 3, BME vs White: an interval including 1 is never "worse", however high */
    r = comparison("WRES", "3", "formal_disciplinary", "BME", "White", 6.1, 0.97, 38.57);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_UNCLEAR);
    assert_true(leans_worse(&standard_wres, &r));
    r = comparison("WRES", "3", "formal_disciplinary", "BME", "White", 2.27, 1.01, 4.98);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_WORSE);
    /* WDES 3 at 0.00 is not a problem: better, or no clear difference */
    r = comparison("WDES", "3", "formal_capability", "Disabled", "Non-disabled", 0, 0, 16.36);
    assert_int_equal(verdict_of(&standard_wdes, &r), VERDICT_UNCLEAR);
    assert_false(leans_worse(&standard_wdes, &r));
    r = comparison("WDES", "3", "formal_capability", "Disabled", "Non-disabled", 0, 0, 0.9);
    assert_int_equal(verdict_of(&standard_wdes, &r), VERDICT_BETTER);
    /* leavers, BME vs White: above 1 is worse */
    r = comparison("WRES", "leavers", "leaving", "BME", "White", 1.83, 1.35, 2.42);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_WORSE);
    /* survey: less harassment is better, fewer believing in equal opportunities worse */
    r = difference("WRES", "5", "harassment_public", "BME", "White", -0.15, -0.24, -0.05);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_BETTER);
    r = difference("WRES", "7", "equal_opportunities", "BME", "White", -0.19, -0.30, -0.08);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_WORSE);
    r = difference("WRES", "7", "equal_opportunities", "BME", "White", -0.05, -0.12, 0.02);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_UNCLEAR);
    /* an engagement score has no interval */
    r = difference("WDES", "9a", "engagement", "Disabled", "Non-disabled", -0.6, NAN, NAN);
    assert_int_equal(verdict_of(&standard_wdes, &r), VERDICT_UNTESTED);
    assert_true(leans_worse(&standard_wdes, &r));
    /* the board is a full count: its sign decides; only the focus group has a direction */
    r = difference("WRES", "9", "board_total", "BME", "Workforce", -0.0383, NAN, NAN);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_WORSE);
    r = difference("WRES", "9", "board_total", "BME", "Workforce", 0, NAN, NAN);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_EVEN);
    r = difference("WRES", "9", "board_total", "White", "Workforce", 0.0383, NAN, NAN);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_NONE);
    /* withheld, not calculable, a group row: no verdict */
    r = comparison("WRES", "3", "formal_disciplinary", "BME", "White", 2.27, 1.01, 4.98);
    r.note = "suppressed";
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_NONE);
    r = comparison("WRES", "3", "formal_disciplinary", "BME", "White", NAN, NAN, NAN);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_NONE);
    r = group_row("3", "formal_disciplinary", "BME", 8, 144);
    assert_int_equal(verdict_of(&standard_wres, &r), VERDICT_NONE);
    char words[64];
    assert_string_equal(verdict_words(words, sizeof words, VERDICT_WORSE, &standard_wres),
                        "worse for BME staff");
    assert_string_equal(verdict_words(words, sizeof words, VERDICT_BETTER, &standard_wdes),
                        "better for Disabled staff");
}

/* The summary opens the page: worse and better for the focus group beyond
 * chance, what could be chance, the change since last year with the
 * history's test (test_trend.c checks its z and p against values computed
 * by hand), and last year's figure in the table. */
static void test_page_findings_first(void **state)
{
    (void)state;
    struct metric_table t = {0};
    struct workforce w = {0};
    struct wq_options o = {.std = &standard_wres, .conf = 0.95, .voices = -1, .year = 2019};
    w.std = &standard_wres;
    hand_table(&t);
    struct metric_row rows[] = {
        comparison("WRES", "3", "formal_disciplinary", "BME", "White", 2.27, 1.01, 4.98),
        comparison("WRES", "4", "non_mandatory_training", "White", "BME", 1.14, 0.92, 1.45),
        difference("WRES", "5", "harassment_public", "BME", "White", -0.15, -0.24, -0.05),
    };
    for (size_t i = 0; i < N_ELEMS(rows); i++)
        assert_true(metric_table_add(&t, &rows[i]));
    t.rows[t.n_rows - 2].note = "suppressed"; /* metric 4 withheld */
    struct trend_point pts[2] = {
        {2018, 1.60, 1.00, 2.56, NAN, NAN, NAN, NAN},
        {2019, 2.27, 1.01, 4.98, NAN, NAN, NAN, NAN},
    };
    struct trend_series series = {.kind = TREND_RATIO, .metric = "3",
                                  .measure = "formal_disciplinary", .group = "BME",
                                  .reference = "White", .points = pts, .n_points = 2};
    struct trend history = {.series = &series, .n_series = 1};
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    assert_int_equal(html_report_history(f, &t, &w, &o, NULL, 0, &history), WQ_OK);
    assert_int_equal(fclose(f), 0);
    /* the summary is the first thing in <main> */
    const char *main_start = strstr(out, "<main>\n");
    assert_non_null(main_start);
    assert_true(main_start == strstr(out, "<main>\n<section class=\"summary\" id=\"summary\""));
    const char *worse = strstr(out, "<h3>Worse for BME staff, beyond chance</h3>");
    const char *better = strstr(out, "<h3>Better for BME staff, beyond chance</h3>");
    const char *last = strstr(out, "<h3>Since last year</h3>");
    assert_true(worse && better && last && worse < better && better < last);
    /* leavers (1.83, 1.35-2.42), metric 2 (1.54) and 3 (2.27, 1.01-4.98) are worse */
    assert_non_null(strstr(worse, "<a href=\"#leavers\">Leavers</a>: BME staff were 1.83 times"));
    assert_true(strstr(worse, "href=\"#metric-2\"") < better);
    assert_true(strstr(worse, "href=\"#metric-3\"") < better);
    /* 15 points less harassment is better */
    assert_true(strstr(better, "href=\"#survey\">Metric 5</a>") < last);
    assert_non_null(strstr(out, "<strong>Withheld</strong> (publication mode: small numbers): "
                                "Metric 4."));
    assert_non_null(strstr(last, "Metric 3</a> (BME vs White): 1.60 in 2018, 2.27 in 2019, worse "
                                 "for BME staff. The change from 2018 to 2019 could be chance "
                                 "(z = 0.74, p = 0.459)."));
    /* the table: last year's figure beside this year's, and the badges */
    assert_non_null(strstr(out, "<th scope=\"col\" class=\"n\">Last year</th>"));
    assert_non_null(strstr(out, "<td class=\"n\">1.60<br><span class=\"note\">(2018)</span></td>"));
    assert_true(count(out, "<span class=\"badge b-worse\"><span aria-hidden=\"true\">\u2715 "
                           "</span>worse for BME staff</span>") >= 3);
    assert_non_null(strstr(out, "<span class=\"badge b-better\"><span aria-hidden=\"true\">"
                                "\u2713 </span>better for BME staff</span>"));
    /* the inputs and the key are appendices */
    assert_true(strstr(out, "<section id=\"appendix-a\"") == NULL ||
                strstr(out, "<section id=\"appendix-a\"") > last);
    assert_true(strstr(out, "id=\"how-to-read\"") > last);
    free(out);
    metric_table_free(&t);
}

/* A write that fails is reported. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    struct metric_table t = {0};
    struct workforce w = {0};
    struct wq_options o = {.std = &standard_wres, .conf = 0.95, .voices = -1};
    w.std = &standard_wres;
    hand_table(&t);
    assert_int_equal(html_report(f, &t, &w, &o, NULL, 0), WQ_EIO);
    fclose(f);
    metric_table_free(&t);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentence_above_range),
        cmocka_unit_test(test_sentence_within_range),
        cmocka_unit_test(test_sentence_includes_parity),
        cmocka_unit_test(test_sentence_excludes_parity_in_range),
        cmocka_unit_test(test_sentence_below_range_and_applicants),
        cmocka_unit_test(test_sentence_rounding),
        cmocka_unit_test(test_sentence_zero),
        cmocka_unit_test(test_sentence_infinite),
        cmocka_unit_test(test_sentence_not_calculable),
        cmocka_unit_test(test_sentence_no_interval),
        cmocka_unit_test(test_sentence_suppressed),
        cmocka_unit_test(test_sentence_survey_difference),
        cmocka_unit_test(test_sentence_score_and_board),
        cmocka_unit_test(test_sentence_group_rows_and_small_buffer),
        cmocka_unit_test(test_page_self_contained),
        cmocka_unit_test(test_page_escapes_hostile_text),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_page_empty),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_catalogues),
        cmocka_unit_test(test_direction_verdicts),
        cmocka_unit_test(test_page_findings_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
