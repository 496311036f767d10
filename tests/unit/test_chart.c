/* test_chart.c: the chart MODELS of common/chart.c (no files, no cairo):
 * ticks, axis positions, where each builder puts bands, lines, marks and
 * texts, the footnote notes, and the funnel limits against
 * tests/reference/statistics/funnel.csv. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "chart.h"
#include "stats.h"

#define EPS 1e-9

/* ---- helpers ------------------------------------------------------------ */

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

static const struct chart_text *find_text(const struct chart *c, const char *s)
{
    for (size_t i = 0; i < c->n_texts; i++)
        if (strcmp(c->texts[i].text, s) == 0)
            return &c->texts[i];
    return NULL;
}

static const struct chart_text *find_text_prefix(const struct chart *c, const char *s)
{
    for (size_t i = 0; i < c->n_texts; i++)
        if (strncmp(c->texts[i].text, s, strlen(s)) == 0)
            return &c->texts[i];
    return NULL;
}

static const struct chart_area *find_area(const struct chart *c, const char *label)
{
    for (size_t i = 0; i < c->n_areas; i++)
        if (c->areas[i].label && strcmp(c->areas[i].label, label) == 0)
            return &c->areas[i];
    return NULL;
}

static const struct chart_line *find_line(const struct chart *c, const char *label)
{
    for (size_t i = 0; i < c->n_lines; i++)
        if (c->lines[i].label && strcmp(c->lines[i].label, label) == 0)
            return &c->lines[i];
    return NULL;
}

static bool has_tick_label(const struct chart_axis *a, const char *s)
{
    for (size_t i = 0; i < a->n_ticks; i++)
        if (strcmp(a->tick_labels[i], s) == 0)
            return true;
    return false;
}

/* The box a text covers, as the builders estimate it. */
struct tbox {
    double x0, y0, x1, y1;
};
static struct tbox text_box(const struct chart_text *t)
{
    double w = chart_text_width(t->text, t->size, t->bold);
    double x0 = t->align < 0 ? t->x : t->align > 0 ? t->x - w : t->x - w / 2;
    return (struct tbox){x0, t->y - 0.72 * t->size, x0 + w, t->y + 0.2 * t->size};
}

/* Invariants of every chart: title, footnote and alt text present; every
 * text inside the chart; no two texts overlap; a plot area inside the
 * chart; finite coordinates everywhere. */
static void check_chart(const struct chart *c)
{
    assert_non_null(c->title);
    assert_non_null(c->footnote);
    assert_true(strlen(c->footnote) > 0);
    assert_non_null(c->alt);
    assert_true(strlen(c->alt) > 10);
    assert_true(c->alt[strlen(c->alt) - 1] == '.');
    assert_true(c->width > 0 && c->height > 0);
    assert_true(0 <= c->plot_x0 && c->plot_x0 < c->plot_x1 && c->plot_x1 <= c->width);
    assert_true(0 <= c->plot_y0 && c->plot_y0 < c->plot_y1 && c->plot_y1 <= c->height);
    for (size_t i = 0; i < c->n_texts; i++) {
        struct tbox a = text_box(&c->texts[i]);
        if (a.x0 < -0.5 || a.x1 > c->width + 0.5 || a.y0 < 0 || a.y1 > c->height)
            fail_msg("text '%s' outside the chart (%.1f,%.1f)-(%.1f,%.1f)", c->texts[i].text,
                     a.x0, a.y0, a.x1, a.y1);
        for (size_t j = 0; j < i; j++) {
            struct tbox b = text_box(&c->texts[j]);
            if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5)
                fail_msg("texts '%s' and '%s' overlap", c->texts[i].text, c->texts[j].text);
        }
    }
    for (size_t i = 0; i < c->n_marks; i++)
        assert_true(isfinite(c->marks[i].x) && isfinite(c->marks[i].y));
    for (size_t i = 0; i < c->n_lines; i++)
        for (size_t k = 0; k < c->lines[i].n; k++)
            assert_true(isfinite(c->lines[i].x[k]) && isfinite(c->lines[i].y[k]));
    for (size_t i = 0; i < c->n_areas; i++)
        for (size_t k = 0; k < c->areas[i].n; k++)
            assert_true(isfinite(c->areas[i].x[k]) && isfinite(c->areas[i].y[k]));
}

/* The title's text lines, the footnote's: everything drawn from them. */
static bool footnote_has(const struct chart *c, const char *s)
{
    return strstr(c->footnote, s) != NULL;
}

/* ---- ticks and axes ----------------------------------------------------- */

static void test_nice_ticks(void **state)
{
    (void)state;
    double t[64];
    size_t n = chart_nice_ticks(0, 1, 5, t, 64);
    assert_int_equal(n, 5);
    double want[] = {0, 0.25, 0.5, 0.75, 1};
    for (size_t i = 0; i < n; i++)
        assert_true(t[i] == want[i]);

    n = chart_nice_ticks(0, 97, 6, t, 64);
    assert_int_equal(n, 6);
    assert_true(t[0] == 0 && t[5] == 100 && t[1] == 20);

    n = chart_nice_ticks(0.13, 0.27, 5, t, 64);
    assert_true(n >= 3);
    assert_true(t[0] <= 0.13 && t[n - 1] >= 0.27);
    assert_true(t[0] == 0.1 && t[1] == 0.15); /* the doubles nearest the decimals */

    /* a zero range is widened, negative ranges work, MAX is honoured */
    n = chart_nice_ticks(5, 5, 5, t, 64);
    assert_true(n >= 2 && t[0] <= 5 && t[n - 1] >= 5 && t[0] < t[n - 1]);
    n = chart_nice_ticks(-3, 7, 5, t, 64);
    assert_true(n >= 3 && t[0] <= -3 && t[n - 1] >= 7);
    n = chart_nice_ticks(0, 100, 50, t, 5);
    assert_true(n >= 2 && n <= 5 && t[0] <= 0 && t[n - 1] >= 100);
    assert_int_equal(chart_nice_ticks(NAN, 1, 5, t, 64), 0);
    assert_int_equal(chart_nice_ticks(0, INFINITY, 5, t, 64), 0);
}

static void test_log_ticks(void **state)
{
    (void)state;
    double t[64];
    size_t n = chart_log_ticks(0.3, 5, t, 64);
    double want[] = {0.2, 0.5, 1, 2, 5};
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_true(t[i] == want[i]);

    /* the band alone */
    n = chart_log_ticks(STATS_RANGE_LOW, STATS_RANGE_HIGH, t, 64);
    assert_int_equal(n, 3);
    assert_true(t[0] == 0.5 && t[1] == 1 && t[2] == 2);

    /* exact 1-2-5 end points are kept */
    n = chart_log_ticks(0.5, 2, t, 64);
    assert_int_equal(n, 3);
    assert_true(t[0] == 0.5 && t[2] == 2);

    /* wide ranges: powers of ten, covering the range and including 1 */
    n = chart_log_ticks(0.001, 1000, t, 64);
    assert_int_equal(n, 7);
    assert_true(t[0] == 0.001 && t[3] == 1 && t[6] == 1000);
    n = chart_log_ticks(1e-12, 1e12, t, 64);
    assert_true(n >= 2 && n <= 14 && t[0] <= 1e-12 && t[n - 1] >= 1e12);
    bool one = false;
    for (size_t i = 0; i < n; i++)
        one |= t[i] == 1;
    assert_true(one);

    assert_int_equal(chart_log_ticks(0, 5, t, 64), 0);
    assert_int_equal(chart_log_ticks(-1, 5, t, 64), 0);
    assert_int_equal(chart_log_ticks(0.5, INFINITY, t, 64), 0);
}

static void test_axis_pos(void **state)
{
    (void)state;
    struct chart_axis lin = {.min = 0, .max = 100, .pos0 = 50, .pos1 = 450};
    assert_true(chart_axis_pos(&lin, 25) == 150);
    assert_true(chart_axis_pos(&lin, 0) == 50);
    assert_true(chart_axis_pos(&lin, 100) == 450);
    assert_true(chart_axis_pos(&lin, -INFINITY) == 50);
    assert_true(chart_axis_pos(&lin, INFINITY) == 450);
    assert_true(isnan(chart_axis_pos(&lin, NAN)));
    assert_close(chart_axis_value(&lin, 150), 25, EPS);

    /* a y axis: min at the bottom (larger device y) */
    struct chart_axis lg = {.min = 0.5, .max = 2, .log = true, .pos0 = 250, .pos1 = 50};
    assert_close(chart_axis_pos(&lg, 1), 150, EPS);
    assert_close(chart_axis_pos(&lg, 0.5), 250, EPS);
    assert_close(chart_axis_pos(&lg, 2), 50, EPS);
    assert_close(chart_axis_pos(&lg, sqrt(2)), 100, EPS);
    assert_true(chart_axis_pos(&lg, 0) == 250);          /* clamped at the edges */
    assert_true(chart_axis_pos(&lg, INFINITY) == 50);
    assert_true(isnan(chart_axis_pos(&lg, NAN)));
    assert_close(chart_axis_value(&lg, 100), sqrt(2), EPS);
    assert_close(chart_axis_value(&lg, chart_axis_pos(&lg, 1.25)), 1.25, EPS);

    /* degenerate axes give the middle, never NaN or a division by zero */
    struct chart_axis flat = {.min = 3, .max = 3, .pos0 = 0, .pos1 = 10};
    assert_true(chart_axis_pos(&flat, 3) == 5);
}

static void test_colours_and_widths(void **state)
{
    (void)state;
    assert_string_equal(chart_colour_hex(COL_NHS_BLUE), "#005EB8");
    assert_string_equal(chart_colour_hex(COL_AQUA_GREEN), "#00A499");
    assert_string_equal(chart_colour_hex(COL_DARK_BLUE), "#003087");
    assert_string_equal(chart_colour_hex(COL_GREY), "#768692");
    assert_string_equal(chart_colour_hex(COL_PALE_GREY), "#E8EDEE");
    assert_string_equal(chart_colour_hex(COL_DARK_RED), "#8A1538");
    assert_string_equal(chart_colour_hex(COL_WARM_YELLOW), "#FFB81C");
    /* DejaVu Sans: "0" is 0.636 em, bold wider; non-ASCII counted */
    assert_close(chart_text_width("0", 10, false), 6.36, 1e-12);
    assert_true(chart_text_width("Band 5", 8, true) > chart_text_width("Band 5", 8, false));
    assert_close(chart_text_width("\xE2\x80\xA6", 10, false), 10, 1e-12);
    assert_true(chart_text_width("", 10, false) == 0);
}

/* ---- trend of a ratio ------------------------------------------------------ */

static const struct chart_year_value ratio3[] = {
    {2017, 1.40, 1.15, 1.71, 100},
    {2018, 1.55, 1.28, 1.88, 110},
    {2019, 1.62, 1.33, 1.97, 120},
};

static void test_trend_ratio_geometry(void **state)
{
    (void)state;
    struct chart c;
    assert_int_equal(chart_trend_ratio(&c, "Appointed from shortlisting", "Relative likelihood",
                                       ratio3, 3, "The change could be chance (z = 0.4).",
                                       "Period: 2017 to 2019."),
                     WQ_OK);
    check_chart(&c);
    assert_true(c.y.log);
    assert_true(c.y.min <= 0.8 && c.y.max >= 1.97);
    assert_true(c.y.pos0 == c.plot_y1 && c.y.pos1 == c.plot_y0);
    assert_true(has_tick_label(&c.y, "1") && has_tick_label(&c.y, "0.5") &&
                has_tick_label(&c.y, "2"));
    assert_true(has_tick_label(&c.x, "2017") && has_tick_label(&c.x, "2019"));
    assert_int_equal(c.x.n_ticks, 3);
    assert_string_equal(c.subtitle, "The change could be chance (z = 0.4).");
    assert_non_null(find_text(&c, "The change could be chance (z = 0.4)."));
    assert_non_null(find_text(&c, "Appointed from shortlisting"));
    assert_true(c.y.title && strstr(c.y.title, "Relative likelihood"));
    assert_non_null(find_text(&c, c.y.title));
    assert_non_null(find_text(&c, c.x.title));

    /* the band: its top edge at 1.25, its bottom edge at 0.8, the plot's width */
    const struct chart_area *band = find_area(&c, "non-adverse range");
    assert_non_null(band);
    double top = INFINITY, bottom = -INFINITY, left = INFINITY, right = -INFINITY;
    for (size_t i = 0; i < band->n; i++) {
        top = fmin(top, band->y[i]);
        bottom = fmax(bottom, band->y[i]);
        left = fmin(left, band->x[i]);
        right = fmax(right, band->x[i]);
    }
    assert_close(top, chart_axis_pos(&c.y, 1.25), EPS);
    assert_close(bottom, chart_axis_pos(&c.y, 0.8), EPS);
    assert_close(left, c.plot_x0, EPS);
    assert_close(right, c.plot_x1, EPS);
    assert_int_equal(band->colour, COL_PALE_GREY);
    assert_non_null(find_text_prefix(&c, "non-adverse range"));

    /* the parity line: grey, dashed, at 1 across the plot */
    const struct chart_line *parity = find_line(&c, "parity");
    assert_non_null(parity);
    assert_true(parity->dashed);
    assert_int_equal(parity->colour, COL_GREY);
    for (size_t i = 0; i < parity->n; i++)
        assert_close(parity->y[i], chart_axis_pos(&c.y, 1), EPS);

    /* one NHS Blue mark per year at its value, with its bar */
    assert_int_equal(c.n_marks, 3);
    for (size_t i = 0; i < 3; i++) {
        const struct chart_mark *m = &c.marks[i];
        assert_close(m->x, chart_axis_pos(&c.x, ratio3[i].year), EPS);
        assert_close(m->y, chart_axis_pos(&c.y, ratio3[i].value), EPS);
        assert_close(m->y_low, chart_axis_pos(&c.y, ratio3[i].low), EPS);
        assert_close(m->y_high, chart_axis_pos(&c.y, ratio3[i].high), EPS);
        assert_true(isnan(m->x_low) && isnan(m->x_high));
        assert_int_equal(m->colour, COL_NHS_BLUE);
        assert_false(m->hollow);
        assert_true(m->x > c.plot_x0 && m->x < c.plot_x1);
    }
    assert_string_equal(c.marks[2].label, "1.62");
    assert_non_null(find_text(&c, "1.62"));
    /* years are one tick apart, evenly */
    assert_close(c.marks[1].x - c.marks[0].x, c.marks[2].x - c.marks[1].x, EPS);
    assert_true(footnote_has(&c, "Period: 2017 to 2019.") && footnote_has(&c, "non-adverse"));
    assert_false(footnote_has(&c, "without bars"));
    chart_free(&c);
    assert_null(c.title);
    assert_int_equal(c.n_texts, 0);
}

static void test_trend_ratio_nan(void **state)
{
    (void)state;
    /* unsorted input, one NaN interval, one NaN value */
    const struct chart_year_value v[] = {
        {2019, 1.10, NAN, NAN, NAN},
        {2017, 0.90, 0.70, 1.20, NAN},
        {2018, NAN, NAN, NAN, NAN},
    };
    struct chart c;
    assert_int_equal(chart_trend_ratio(&c, "T", "RL", v, 3, NULL, "F."), WQ_OK);
    check_chart(&c);
    assert_null(c.subtitle);
    assert_int_equal(c.n_marks, 2);
    assert_close(c.marks[0].x, chart_axis_pos(&c.x, 2017), EPS);
    assert_close(c.marks[1].x, chart_axis_pos(&c.x, 2019), EPS);
    assert_false(c.marks[0].hollow);
    assert_true(c.marks[1].hollow);
    assert_true(isnan(c.marks[1].y_low) && isnan(c.marks[1].y_high));
    assert_true(footnote_has(&c, "Years without an interval are drawn without bars"));
    assert_true(has_tick_label(&c.x, "2018")); /* the year stays on the axis */
    /* the joining line is broken at the NaN year: no line spans 2017-2019 */
    assert_null(find_line(&c, "trend"));
    chart_free(&c);
}

static void test_trend_ratio_edges(void **state)
{
    (void)state;
    const struct chart_year_value v[] = {
        {2018, 0, 0, 2.5, NAN},
        {2019, 0.6, 0.3, 1.3, NAN},
        {2020, INFINITY, 0.9, INFINITY, NAN},
    };
    struct chart c;
    assert_int_equal(chart_trend_ratio(&c, "Edges", "RL", v, 3, NULL, NULL), WQ_OK);
    check_chart(&c);
    assert_int_equal(c.n_marks, 3);
    /* 0 at the bottom edge, INFINITY at the top, pointing off the plot */
    assert_true(c.marks[0].y == c.plot_y1);
    assert_int_equal(c.marks[0].shape, SHAPE_TRIANGLE_DOWN);
    assert_true(c.marks[0].open_low && !c.marks[0].open_high);
    assert_true(c.marks[2].y == c.plot_y0);
    assert_int_equal(c.marks[2].shape, SHAPE_TRIANGLE_UP);
    assert_true(c.marks[2].open_high && !c.marks[2].open_low);
    assert_true(c.marks[2].y_high == c.plot_y0);
    assert_close(c.marks[2].y_low, chart_axis_pos(&c.y, 0.9), EPS);
    assert_non_null(find_text(&c, "0"));
    assert_non_null(find_text(&c, "inf"));
    assert_true(footnote_has(&c, "edge of the axis"));
    /* the finite limits set the range: 0.3 and 2.5 are inside */
    assert_true(c.y.min <= 0.3 && c.y.max >= 2.5);
    assert_true(has_tick_label(&c.y, "1"));
    chart_free(&c);
}

static void test_trend_ratio_empty(void **state)
{
    (void)state;
    struct chart c;
    assert_int_equal(chart_trend_ratio(&c, NULL, NULL, NULL, 0, NULL, NULL), WQ_OK);
    check_chart(&c);
    assert_string_equal(c.title, "");
    assert_int_equal(c.n_marks, 0);
    assert_non_null(find_text(&c, "No values to show"));
    assert_non_null(find_area(&c, "non-adverse range"));
    chart_free(&c);

    const struct chart_year_value v[] = {{2019, NAN, NAN, NAN, NAN}, {2020, -1, NAN, NAN, NAN}};
    assert_int_equal(chart_trend_ratio(&c, "All NaN", "RL", v, 2, NULL, "F"), WQ_OK);
    check_chart(&c);
    assert_int_equal(c.n_marks, 0);
    assert_non_null(find_text(&c, "No values to show"));
    chart_free(&c);
}

static void test_trend_ratio_long_text(void **state)
{
    (void)state;
    /* long title, change and footnote are wrapped inside the width; the
     * chart grows rather than squeezing the plot */
    char foot[2000] = "";
    for (int i = 0; i < 40; i++)
        strcat(foot, "Group sizes BME 1,234 and White 5,678. ");
    struct chart c;
    assert_int_equal(chart_trend_ratio(&c,
                                       "A very long title about the relative likelihood of staff "
                                       "accessing non-mandatory training and continuous "
                                       "professional development, by year, for the whole trust",
                                       "RL", ratio3, 3,
                                       "The change from 2018 to 2019 could be chance (z = 0.4); "
                                       "the change from 2017 to 2019 could also be chance.",
                                       foot),
                     WQ_OK);
    check_chart(&c);
    assert_true(c.plot_y1 - c.plot_y0 >= 140 - EPS);
    assert_true(c.height > CHART_HEIGHT);
    size_t n_title = 0;
    for (size_t i = 0; i < c.n_texts; i++)
        n_title += c.texts[i].size == 13.0;
    assert_int_equal(n_title, 2); /* at most two title lines, the second ellipsized */
    chart_free(&c);
}

/* ---- trend of two percentages ---------------------------------------------- */

static void test_trend_percent(void **state)
{
    (void)state;
    const struct chart_year_value a[] = {
        {2018, 0.14, 0.12, 0.16, 400}, {2019, 0.16, 0.14, 0.18, 410}, {2020, 0.18, 0.16, 0.20, 420}};
    const struct chart_year_value b[] = {
        {2018, 0.24, 0.22, 0.26, 2000}, {2019, 0.22, NAN, NAN, 2100}, {2020, 0.20, 0.19, 0.21, 2200}};
    struct chart c;
    assert_int_equal(chart_trend_percent(&c, "Harassment from staff", "BME", a, 3, "White", b, 3,
                                         "The gap narrowed.", "Survey 2018-2020."),
                     WQ_OK);
    check_chart(&c);
    assert_false(c.y.log);
    assert_true(c.y.min >= 0 && c.y.max <= 1 && c.y.min <= 0.12 && c.y.max >= 0.26);
    assert_true(has_tick_label(&c.y, "25%"));
    assert_true(has_tick_label(&c.y, "15%"));
    for (size_t i = 0; i < c.y.n_ticks; i++) {
        const char *l = c.y.tick_labels[i];
        assert_true(l[strlen(l) - 1] == '%');
    }
    assert_true(has_tick_label(&c.x, "2019"));

    /* A: solid NHS Blue circles; B: dashed Aqua Green squares */
    const struct chart_line *la = find_line(&c, "BME"), *lb = find_line(&c, "White");
    assert_non_null(la);
    assert_non_null(lb);
    assert_false(la->dashed);
    assert_true(lb->dashed);
    assert_int_equal(la->colour, COL_NHS_BLUE);
    assert_int_equal(lb->colour, COL_AQUA_GREEN);
    assert_int_equal(la->n, 3);
    assert_int_equal(c.n_marks, 6);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(c.marks[i].shape, SHAPE_CIRCLE);
        assert_int_equal(c.marks[i + 3].shape, SHAPE_SQUARE);
        assert_close(c.marks[i].y, chart_axis_pos(&c.y, a[i].value), EPS);
        assert_close(c.marks[i + 3].y, chart_axis_pos(&c.y, b[i].value), EPS);
        assert_close(la->y[i], c.marks[i].y, EPS);
    }
    assert_true(c.marks[4].hollow); /* White 2019: no interval */
    assert_true(footnote_has(&c, "Years without an interval are drawn without bars"));

    /* A's band: one polygon over the three years (highs then lows);
     * B has no band spanning 2019, and its isolated years get bars */
    const struct chart_area *ba = find_area(&c, "BME");
    assert_non_null(ba);
    assert_int_equal(ba->n, 6);
    assert_true(ba->alpha > 0 && ba->alpha < 1);
    assert_close(ba->y[0], chart_axis_pos(&c.y, 0.16), EPS);
    assert_close(ba->y[5], chart_axis_pos(&c.y, 0.12), EPS);
    assert_null(find_area(&c, "White"));
    assert_close(c.marks[3].y_low, chart_axis_pos(&c.y, 0.22), EPS);
    assert_close(c.marks[5].y_high, chart_axis_pos(&c.y, 0.21), EPS);

    /* direct labels at the lines' ends, right of the last point */
    const struct chart_text *ea = find_text(&c, "BME 18.0%"), *eb = find_text(&c, "White 20.0%");
    assert_non_null(ea);
    assert_non_null(eb);
    assert_true(ea->x > c.marks[2].x && eb->x > c.marks[5].x);
    assert_int_equal(ea->colour, COL_NHS_BLUE);
    chart_free(&c);
}

static void test_trend_percent_close_ends(void **state)
{
    (void)state;
    /* the last values are almost equal: the end labels are moved apart */
    const struct chart_year_value a[] = {{2019, 0.30, 0.28, 0.32, NAN}, {2020, 0.301, 0.28, 0.32, NAN}};
    const struct chart_year_value b[] = {{2019, 0.31, 0.29, 0.33, NAN}, {2020, 0.302, 0.29, 0.31, NAN}};
    struct chart c;
    assert_int_equal(chart_trend_percent(&c, "Close", "Disabled", a, 2, "Non-disabled", b, 2,
                                         NULL, NULL),
                     WQ_OK);
    check_chart(&c); /* includes: no overlapping texts */
    const struct chart_text *ea = find_text_prefix(&c, "Disabled "),
                            *eb = find_text_prefix(&c, "Non-disabled ");
    assert_non_null(ea);
    assert_non_null(eb);
    assert_true(fabs(ea->y - eb->y) >= 10 - EPS);
    chart_free(&c);

    /* one series only (B absent) */
    assert_int_equal(chart_trend_percent(&c, "One", "BME", a, 2, NULL, NULL, 0, NULL, NULL), WQ_OK);
    check_chart(&c);
    assert_int_equal(c.n_marks, 2);
    assert_non_null(find_text(&c, "BME 30.1%"));
    assert_null(strstr(c.alt, "Group B"));
    assert_non_null(strstr(c.alt, "BME from 30.0% in 2019 to 30.1% in 2020"));
    chart_free(&c);

    /* nothing at all */
    assert_int_equal(chart_trend_percent(&c, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL), WQ_OK);
    check_chart(&c);
    assert_non_null(find_text(&c, "No values to show"));
    chart_free(&c);
}

/* ---- forest --------------------------------------------------------------- */

static void test_forest(void **state)
{
    (void)state;
    const struct chart_forest_row rows[] = {
        {"Medicine", 1.2, 0.9, 1.6, "40/210 vs 85/502", false, false},
        {"Estates", NAN, NAN, NAN, "0/0 vs 0/12", false, false},
        {"Surgery", 3.0, 1.5, 6.0, "12/40 vs 30/185", false, false},
        {"Women's and Children's Services Directorate including Neonatal Care and Paediatrics",
         0.5, 0.3, 0.9, "9/61 vs 40/200", false, false},
        {"Community", INFINITY, 1.4, INFINITY, "3/10 vs 0/44", false, false},
        {"Corporate", 0, 0, 3.1, "0/8 vs 6/90", false, false},
        {"Pharmacy", 1.1, NAN, NAN, "5/31 vs 20/160", false, false},
    };
    struct chart c;
    assert_int_equal(chart_forest(&c, "Disciplinary by directorate", rows, 7, 1.24, "2020/21."),
                     WQ_OK);
    check_chart(&c);
    assert_true(c.x.log);
    assert_true(c.x.min <= 0.3 && c.x.max >= 6);
    assert_true(has_tick_label(&c.x, "1"));

    /* sorted by value descending, NaN last (and not drawn) */
    const char *order[] = {"Community", "Surgery", "Medicine", "Pharmacy", NULL, "Corporate"};
    assert_int_equal(c.n_marks, 6);
    double last_y = -INFINITY;
    for (size_t i = 0; i < 6; i++) {
        const struct chart_mark *m = &c.marks[i];
        assert_true(m->y > last_y);
        last_y = m->y;
        if (order[i])
            assert_string_equal(m->label, order[i]);
        else
            assert_true(strncmp(m->label, "Women", 5) == 0);
    }
    /* rows are 22 pt apart, centred in their slots */
    assert_close(c.marks[1].y - c.marks[0].y, 22, EPS);
    assert_close(c.marks[0].y, c.plot_y0 + 11, EPS);
    /* positions and intervals on the log x axis; edges for 0 and inf */
    assert_close(c.marks[1].x, chart_axis_pos(&c.x, 3.0), EPS);
    assert_close(c.marks[1].x_low, chart_axis_pos(&c.x, 1.5), EPS);
    assert_close(c.marks[1].x_high, chart_axis_pos(&c.x, 6.0), EPS);
    assert_true(c.marks[0].x == c.plot_x1 && c.marks[0].open_high);
    assert_int_equal(c.marks[0].shape, SHAPE_TRIANGLE_RIGHT);
    assert_true(c.marks[5].x == c.plot_x0 && c.marks[5].open_low);
    assert_int_equal(c.marks[5].shape, SHAPE_TRIANGLE_LEFT);
    assert_true(c.marks[3].hollow && isnan(c.marks[3].x_low));
    /* the Value column names them */
    const struct chart_text *tinf = find_text(&c, "inf"), *tzero = find_text(&c, "0.00");
    assert_non_null(tinf);
    assert_non_null(tzero);
    assert_close(tinf->y, c.marks[0].y + 0.35 * 8, EPS);
    assert_close(tzero->y, c.marks[5].y + 0.35 * 8, EPS);
    assert_true(tinf->x > c.plot_x1);
    /* the NaN row: last, "not calculable" on its line */
    const struct chart_text *nc = find_text(&c, "not calculable");
    assert_non_null(nc);
    assert_true(nc->y > c.marks[5].y);
    const struct chart_text *est = find_text(&c, "Estates");
    assert_non_null(est);
    assert_close(est->y, nc->y - 0.35 * 7.5 + 0.35 * 8, EPS);
    /* the long label wraps to two lines, 9 pt apart around the row's centre,
     * the second truncated with an ellipsis, both within 30% of the width */
    const struct chart_text *w = find_text_prefix(&c, "Women's");
    assert_non_null(w);
    assert_null(strstr(w->text, "\xE2\x80\xA6"));
    assert_close(w->y, c.marks[4].y + 0.35 * 8 - 4.5, EPS);
    const struct chart_text *w2 = NULL;
    for (size_t i = 0; i < c.n_texts; i++)
        if (c.texts[i].x == w->x && fabs(c.texts[i].y - (w->y + 9)) < EPS)
            w2 = &c.texts[i];
    assert_non_null(w2);
    assert_non_null(strstr(w2->text, "\xE2\x80\xA6"));
    assert_true(chart_text_width(w->text, w->size, w->bold) <= 0.3 * c.width + EPS);
    assert_true(chart_text_width(w2->text, w2->size, w2->bold) <= 0.3 * c.width + EPS);
    /* sizes at the right, values, the trust line and the band */
    const struct chart_text *sz = find_text(&c, "12/40 vs 30/185");
    assert_non_null(sz);
    assert_true(sz->x > c.plot_x1);
    assert_non_null(find_text(&c, "3.00"));
    const struct chart_line *trust = find_line(&c, "trust");
    assert_non_null(trust);
    assert_int_equal(trust->colour, COL_DARK_BLUE);
    assert_close(trust->x[0], chart_axis_pos(&c.x, 1.24), EPS);
    assert_non_null(find_text(&c, "Trust 1.24"));
    const struct chart_area *band = find_area(&c, "non-adverse range");
    assert_non_null(band);
    assert_close(fmin(band->x[0], band->x[1]), chart_axis_pos(&c.x, 0.8), EPS);
    assert_close(fmax(band->x[0], band->x[1]), chart_axis_pos(&c.x, 1.25), EPS);
    assert_true(footnote_has(&c, "not calculable") && footnote_has(&c, "edge of the axis") &&
                footnote_has(&c, "without bars"));
    chart_free(&c);
}

/* Labels that would still read alike after wrapping and truncation get a
 * numbered key, and the footnote names each in full; a label that is
 * distinct already keeps its text. */
static void test_forest_alike(void **state)
{
    (void)state;
    const struct chart_forest_row rows[] = {
        {"Surgery, Anaesthetics & Critical Care and Theatres Directorate including the Day "
         "Surgery Unit (Canterbury site)",
         2.0, 1.5, 3.0, "1/2 vs 3/4", false, false},
        {"Surgery, Anaesthetics & Critical Care and Theatres Directorate including the Day "
         "Surgery Unit (Margate site)",
         1.5, 1.1, 2.0, "1/2 vs 3/4", false, false},
        {"Surgery", 1.2, 0.9, 1.6, "1/2 vs 3/4", false, false},
    };
    struct chart c;
    assert_int_equal(chart_forest(&c, "F", rows, 3, 1.0, "x"), WQ_OK);
    check_chart(&c);
    /* drawn in order of value: Canterbury [1], Margate [2] */
    size_t k1 = 0, k2 = 0;
    for (size_t i = 0; i < c.n_texts; i++) {
        const char *t = c.texts[i].text;
        size_t len = strlen(t);
        k1 += len > 4 && !strcmp(t + len - 4, " [1]");
        k2 += len > 4 && !strcmp(t + len - 4, " [2]");
    }
    assert_int_equal(k1, 1);
    assert_int_equal(k2, 1);
    assert_non_null(find_text(&c, "Surgery"));
    assert_true(footnote_has(&c, "[1] Surgery, Anaesthetics & Critical Care and Theatres "
                                 "Directorate including the Day Surgery Unit (Canterbury site)"));
    assert_true(footnote_has(&c, "[2] Surgery, Anaesthetics & Critical Care and Theatres "
                                 "Directorate including the Day Surgery Unit (Margate site)"));
    assert_false(footnote_has(&c, "[3]"));
    chart_free(&c);
}

/* --highlight: the forest's row is shaded Warm Yellow across the chart, its
 * label bold; the funnel's unit is a larger dark-blue square labelled in
 * bold; both footnotes name it. */
static void test_highlight(void **state)
{
    (void)state;
    const struct chart_forest_row rows[] = {
        {"Surgery", 1.5, 1.1, 2.0, "20/100 vs 40/400", false, false},
        {"Medicine", 1.2, 0.9, 1.6, "40/210 vs 85/502", false, true},
    };
    struct chart c;
    assert_int_equal(chart_forest(&c, "F", rows, 2, 1.2, "x"), WQ_OK);
    check_chart(&c);
    const struct chart_area *a = find_area(&c, "highlight");
    assert_non_null(a);
    assert_int_equal(a->colour, COL_WARM_YELLOW);
    /* Medicine (1.2) is the second row: its slot, the whole width */
    assert_close(fmin(a->y[0], a->y[2]), c.plot_y0 + 22, EPS);
    assert_close(fmax(a->y[0], a->y[2]), c.plot_y0 + 44, EPS);
    assert_true(fmin(a->x[0], a->x[1]) < 14 && fmax(a->x[0], a->x[1]) > c.width - 14);
    assert_true(find_text(&c, "Medicine")->bold);
    assert_false(find_text(&c, "Surgery")->bold);
    assert_true(footnote_has(&c, "The shaded row, in bold, is Medicine (highlighted)."));
    chart_free(&c);

    const struct chart_funnel_unit units[] = {
        {"Small", 5, 10, false}, {"Mid", 14, 100, true}, {"Ward", 60, 500, false}};
    assert_int_equal(chart_funnel(&c, "Leavers", units, 3, 0.137, "x"), WQ_OK);
    check_chart(&c);
    size_t squares = 0;
    for (size_t i = 0; i < c.n_marks; i++)
        if (c.marks[i].shape == SHAPE_SQUARE) {
            squares++;
            assert_string_equal(c.marks[i].label, "Mid");
            assert_int_equal(c.marks[i].colour, COL_DARK_BLUE);
        }
    assert_int_equal(squares, 1);
    const struct chart_text *t = find_text(&c, "Mid");
    assert_non_null(t);
    assert_true(t->bold);
    assert_true(footnote_has(&c, "The dark-blue square, labelled in bold, is Mid (highlighted)."));
    /* Ward (60 of 500, within the limits) is unnamed: its number in the
     * page's key, 3, beside it */
    const struct chart_text *three = find_text(&c, "3");
    assert_non_null(three);
    assert_true(fabs(three->y - c.marks[2].y) < 25 && fabs(three->x - c.marks[2].x) < 25);
    assert_true(footnote_has(&c, "its row in the key under the chart in report.html (or compare.html)"));
    chart_free(&c);
}

/* A row withheld in publication mode says "withheld", not "not calculable",
 * and the footnote says why. */
static void test_forest_withheld(void **state)
{
    (void)state;
    const struct chart_forest_row rows[] = {
        {"Surgery", 1.5, 1.1, 2.0, "20/100 vs 40/400", false, false},
        {"Corporate", NAN, NAN, NAN, "withheld vs withheld", true, false},
    };
    struct chart c;
    assert_int_equal(chart_forest(&c, "F", rows, 2, 1.2, "x"), WQ_OK);
    const struct chart_text *w = find_text(&c, "withheld");
    assert_non_null(w);
    assert_true(w->x < c.plot_x1);
    assert_null(find_text(&c, "not calculable"));
    assert_true(footnote_has(&c, "withheld in publication mode"));
    assert_false(footnote_has(&c, "Rows marked \"not calculable\""));
    chart_free(&c);
}

static void test_forest_height(void **state)
{
    (void)state;
    struct chart_forest_row rows[20];
    char names[20][16];
    for (int i = 0; i < 20; i++) {
        snprintf(names[i], sizeof names[i], "Row %d", i);
        rows[i] = (struct chart_forest_row){names[i], 0.5 + 0.1 * i, 0.3 + 0.1 * i, 0.9 + 0.1 * i,
                                            "1/2 vs 3/4", false, false};
    }
    struct chart c5, c20;
    assert_int_equal(chart_forest(&c5, "F", rows, 5, NAN, "x"), WQ_OK);
    assert_int_equal(chart_forest(&c20, "F", rows, 20, NAN, "x"), WQ_OK);
    check_chart(&c5);
    check_chart(&c20);
    assert_close(c20.height - c5.height, 15 * 22, EPS);
    /* descending: Row 19 first */
    assert_string_equal(c20.marks[0].label, "Row 19");
    /* a NaN trust value: no trust line, and the footnote says so */
    assert_null(find_line(&c5, "trust"));
    assert_true(footnote_has(&c5, "no trust line"));
    chart_free(&c5);
    chart_free(&c20);

    struct chart c;
    assert_int_equal(chart_forest(&c, NULL, NULL, 0, 1.0, NULL), WQ_OK);
    check_chart(&c);
    assert_non_null(find_text(&c, "No rows to show"));
    chart_free(&c);
}

/* ---- funnel --------------------------------------------------------------- */

/* The y of LINES labelled LABEL at the vertex whose x is the device x of
 * N, as a data value; NaN if none. */
static double curve_at(const struct chart *c, const char *label, double n)
{
    double x = chart_axis_pos(&c->x, n);
    for (size_t i = 0; i < c->n_lines; i++) {
        const struct chart_line *l = &c->lines[i];
        if (!l->label || strcmp(l->label, label) != 0)
            continue;
        for (size_t k = 0; k < l->n; k++)
            if (fabs(l->x[k] - x) < 1e-9)
                return chart_axis_value(&c->y, l->y[k]);
    }
    return NAN;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static const char *const curve_label[4] = {"lower 95% limit", "upper 95% limit",
                                           "lower 99.8% limit", "upper 99.8% limit"};
static const double curve_p[4] = {0.025, 0.975, 0.001, 0.999};

static void test_funnel_limits(void **state)
{
    (void)state;
    const struct chart_funnel_unit units[] = {
        {"Small", 5, 10, false}, {"Large", 822, 6000, false}, {"Mid", 14, 100, false}, {"Ward", 60, 500, false}};
    struct chart c;
    assert_int_equal(chart_funnel(&c, "Leavers", units, 4, 0.137, "2020/21."), WQ_OK);
    check_chart(&c);
    assert_true(c.x.min == 0 && c.x.max >= 6000);
    assert_true(c.y.min >= 0 && c.y.max <= 1);
    /* the y range covers the 99.8% limits at the smallest base */
    assert_true(c.y.max >= clamp01(stats_funnel_limit(0.137, 10, 0.999)));
    assert_true(c.y.min <= clamp01(stats_funnel_limit(0.137, 10, 0.001)));
    assert_true(has_tick_label(&c.x, "0"));
    for (size_t i = 0; i < c.y.n_ticks; i++)
        assert_non_null(strchr(c.y.tick_labels[i], '%'));

    /* each curve equals stats_funnel_limit (clamped) at sample n */
    const double ns[] = {10, 11, 37, 100, 199, 200, 205, 500, 995, 1000, 1050, 5000, 6000};
    for (size_t j = 0; j < 4; j++) {
        const struct chart_line *l = find_line(&c, curve_label[j]);
        assert_non_null(l);
        assert_int_equal(l->colour, COL_DARK_BLUE);
        assert_true(l->dashed == (curve_p[j] == 0.025 || curve_p[j] == 0.975));
        for (size_t k = 0; k < sizeof ns / sizeof *ns; k++) {
            double want = clamp01(stats_funnel_limit(0.137, (unsigned long)ns[k], curve_p[j]));
            double got = curve_at(&c, curve_label[j], ns[k]);
            if (!(fabs(got - want) <= 1e-9))
                fail_msg("%s at n = %g: got %.12g, want %.12g", curve_label[j], ns[k], got, want);
        }
    }
    /* the target line */
    const struct chart_line *p0 = find_line(&c, "overall rate");
    assert_non_null(p0);
    assert_close(p0->y[0], chart_axis_pos(&c.y, 0.137), EPS);
    assert_non_null(find_text(&c, "overall 13.7%"));
    assert_non_null(find_text(&c, "99.8%"));
    chart_free(&c);
}

/* The same limits against the reference file, read at run time. */
static void test_funnel_reference(void **state)
{
    (void)state;
    const char *path = "tests/reference/statistics/funnel.csv";
    char line[1024];
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open reference file %s", path);
    const struct chart_funnel_unit units[] = {{"Small", 5, 10, false}, {"Large", 822, 6000, false}};
    struct chart c;
    assert_int_equal(chart_funnel(&c, "Reference", units, 2, 0.137, NULL), WQ_OK);
    int col[7] = {-1, -1, -1, -1, -1, -1, -1};
    static const char *const names[7] = {"p0", "n", "method", "lower95", "upper95", "lower998",
                                         "upper998"};
    if (!fgets(line, sizeof line, f))
        fail_msg("%s: no header", path);
    line[strcspn(line, "\r\n")] = '\0';
    int k = 0;
    for (char *tok = strtok(line, ","); tok; tok = strtok(NULL, ","), k++)
        for (int j = 0; j < 7; j++)
            if (strcmp(tok, names[j]) == 0)
                col[j] = k;
    for (int j = 0; j < 7; j++)
        if (col[j] < 0)
            fail_msg("%s: no column %s", path, names[j]);
    bool seen[6] = {false};
    const double want_n[6] = {10, 50, 100, 500, 1000, 5000};
    int row = 1;
    while (fgets(line, sizeof line, f)) {
        row++;
        line[strcspn(line, "\r\n")] = '\0';
        char *cell[16];
        int nc = 0;
        for (char *tok = strtok(line, ","); tok && nc < 16; tok = strtok(NULL, ","))
            cell[nc++] = tok;
        if (nc <= col[6] || strcmp(cell[col[2]], "exact_binomial_spiegelhalter_interpolated") != 0 ||
            fabs(strtod(cell[col[0]], NULL) - 0.137) > 1e-12)
            continue;
        double n = strtod(cell[col[1]], NULL);
        /* columns lower95, upper95, lower998, upper998 in curve_label order */
        for (int j = 0; j < 4; j++) {
            double want = clamp01(strtod(cell[col[3 + j]], NULL));
            double got = curve_at(&c, curve_label[j], n);
            if (!(fabs(got - want) <= 1e-6))
                fail_msg("funnel.csv row %d: %s at n = %g: got %.12g, want %.12g", row,
                         curve_label[j], n, got, want);
        }
        for (int i = 0; i < 6; i++)
            seen[i] |= n == want_n[i];
    }
    fclose(f);
    for (int i = 0; i < 6; i++)
        if (!seen[i])
            fail_msg("funnel.csv: no p0 = 0.137 row at n = %g", want_n[i]);
    chart_free(&c);
}

/* The funnel of ratios: limits exp(ln pooled +- z / precision) with the
 * normal quantiles 1.959963984540054 and 3.090232306167814 (by hand), the
 * position by z, and units without an SE left out. */
static void test_funnel_ratio(void **state)
{
    (void)state;
    const double z95 = 1.959963984540054, z998 = 3.090232306167814;
    /* se 0.1 around 1.5: z 2.0 is outside 95% only, z -3.2 outside both */
    assert_int_equal(chart_funnel_ratio_outside(1.5, 1.5 * exp(0.20), 0.1, 0.975), 1);
    assert_int_equal(chart_funnel_ratio_outside(1.5, 1.5 * exp(0.20), 0.1, 0.999), 0);
    assert_int_equal(chart_funnel_ratio_outside(1.5, 1.5 * exp(-0.32), 0.1, 0.999), -1);
    assert_int_equal(chart_funnel_ratio_outside(1.5, 1.5 * exp(-0.32), 0.1, 0.025), -1);
    assert_int_equal(chart_funnel_ratio_outside(1.5, 1.5 * exp(0.19), 0.1, 0.975), 0);
    assert_int_equal(chart_funnel_ratio_outside(1.5, 0, 0.1, 0.975), 0);
    assert_int_equal(chart_funnel_ratio_outside(1.5, 2, 0, 0.975), 0);
    assert_int_equal(chart_funnel_ratio_outside(NAN, 2, 0.1, 0.975), 0);

    struct chart_funnel_ratio_unit u[] = {
        {"Inside", 1.6, 0.2}, {"Above", 1.5 * exp(0.5), 0.1}, {"No SE", 2.0, NAN}};
    struct chart c = {0};
    assert_int_equal(chart_funnel_ratio(&c, "Leavers", u, 3, 1.5, NULL), WQ_OK);
    assert_true(c.y.log && !c.x.log && c.x.min == 0);
    const char *names[] = {"upper 95% limit", "lower 95% limit", "upper 99.8% limit",
                           "lower 99.8% limit"};
    const double zs[] = {z95, -z95, z998, -z998};
    for (int k = 0; k < 4; k++) {
        const struct chart_line *l = find_line(&c, names[k]);
        assert_non_null(l);
        for (size_t i = 0; i < l->n; i += 7) {
            double x = chart_axis_value(&c.x, l->x[i]), y = chart_axis_value(&c.y, l->y[i]);
            double want = 1.5 * exp(zs[k] / x);
            if (y > c.y.min * 1.001 && y < c.y.max * 0.999) /* not a clipped end */
                assert_true(fabs(y - want) < 1e-6 * want);
        }
    }
    assert_non_null(find_line(&c, "pooled value"));
    assert_int_equal(c.n_marks, 2); /* "No SE" is not drawn */
    assert_int_equal(c.marks[0].colour, COL_NHS_BLUE);
    assert_int_equal(c.marks[1].colour, COL_DARK_RED); /* z = 5 */
    assert_true(fabs(chart_axis_value(&c.x, c.marks[1].x) - 10) < 1e-9);
    assert_true(footnote_has(&c, "1 with a count of 0 or no counts"));
    assert_non_null(strstr(c.alt, "1 outside the 99.8% limits"));
    chart_free(&c);
    /* no pooled value: no limits */
    assert_int_equal(chart_funnel_ratio(&c, "Leavers", u, 3, NAN, NULL), WQ_OK);
    assert_null(find_line(&c, "upper 95% limit"));
    chart_free(&c);
}

static void test_forest_ref(void **state)
{
    (void)state;
    struct chart_forest_row rows[] = {{"Trust A", 1.2, 0.9, 1.6, "", false, false},
                                      {"Trust B", 0.8, 0.6, 1.1, "", false, false}};
    struct chart c = {0};
    assert_int_equal(chart_forest_ref(&c, "Leavers", rows, 2, 1.05, "All trusts",
                                      "all the trusts pooled", NULL), WQ_OK);
    assert_true(footnote_has(&c, "Solid line: all the trusts pooled."));
    assert_non_null(strstr(c.alt, "with all the trusts pooled at 1.05"));
    bool label = false;
    for (size_t i = 0; i < c.n_texts; i++)
        label = label || !strcmp(c.texts[i].text, "All trusts 1.05");
    assert_true(label);
    chart_free(&c);
}

static void test_funnel_outside(void **state)
{
    (void)state;
    /* p0 = 0.137, n = 100: the limits are about 5.3-22.6% (95%) and
     * 3.3-26.6% (99.8%); check the hand-picked cases against them too */
    double l95 = stats_funnel_limit(0.137, 100, 0.025), u95 = stats_funnel_limit(0.137, 100, 0.975);
    double l998 = stats_funnel_limit(0.137, 100, 0.001), u998 = stats_funnel_limit(0.137, 100, 0.999);
    assert_true(0.02 < l998 && l998 < l95 && l95 < 0.137 && 0.137 < u95 && u95 < u998 && u998 < 0.3);
    assert_int_equal(chart_funnel_outside(0.137, 14, 100, 0.975), 0);
    assert_int_equal(chart_funnel_outside(0.137, 14, 100, 0.999), 0);
    assert_int_equal(chart_funnel_outside(0.137, 40, 100, 0.999), 1);
    assert_int_equal(chart_funnel_outside(0.137, 40, 100, 0.975), 1);
    assert_int_equal(chart_funnel_outside(0.137, 0, 100, 0.999), -1);
    assert_int_equal(chart_funnel_outside(0.137, 0, 100, 0.001), -1); /* p < 0.5 read as 1 - p */
    /* between the 95% and 99.8% limits */
    double x = ceil((u95 + 1e-9) * 100);
    assert_true(x / 100 > u95 && x / 100 <= u998);
    assert_int_equal(chart_funnel_outside(0.137, x, 100, 0.975), 1);
    assert_int_equal(chart_funnel_outside(0.137, x, 100, 0.999), 0);
    /* a small unit: 0 of 10 is inside (the lower limit clamps to 0) */
    assert_int_equal(chart_funnel_outside(0.137, 0, 10, 0.975), 0);
    assert_int_equal(chart_funnel_outside(0.137, 10, 10, 0.999), 1);
    /* invalid input */
    assert_int_equal(chart_funnel_outside(0.137, 5, 0, 0.975), 0);
    assert_int_equal(chart_funnel_outside(0, 5, 10, 0.975), 0);
    assert_int_equal(chart_funnel_outside(1, 5, 10, 0.975), 0);
    assert_int_equal(chart_funnel_outside(0.137, 11, 10, 0.975), 0);
    assert_int_equal(chart_funnel_outside(0.137, NAN, 10, 0.975), 0);
    assert_int_equal(chart_funnel_outside(0.137, 5, 10, 1.5), 0);
}

static void test_funnel_units(void **state)
{
    (void)state;
    double u95 = stats_funnel_limit(0.137, 100, 0.975);
    double between = ceil((u95 + 1e-9) * 100);
    const struct chart_funnel_unit units[] = {
        {"Inside", 14, 100, false}, {"High", 40, 100, false}, {"Warn", between, 100, false}, {"Empty", 0, 0, false},
        {"Bad", 12, 10, false}, {"Big", 150, 1000, false}};
    struct chart c;
    assert_int_equal(chart_funnel(&c, "Units", units, 6, 0.137, "F."), WQ_OK);
    check_chart(&c);
    assert_int_equal(c.n_marks, 4);
    for (size_t i = 0; i < c.n_marks; i++) {
        const struct chart_mark *m = &c.marks[i];
        const struct chart_funnel_unit *u = NULL;
        for (size_t k = 0; k < 6; k++)
            if (strcmp(units[k].label, m->label) == 0)
                u = &units[k];
        assert_non_null(u);
        assert_close(m->x, chart_axis_pos(&c.x, u->base), EPS);
        assert_close(m->y, chart_axis_pos(&c.y, u->events / u->base), EPS);
        const struct chart_text *t = find_text(&c, m->label);
        if (!strcmp(m->label, "High")) {
            assert_int_equal(m->colour, COL_DARK_RED);
            assert_int_equal(m->shape, SHAPE_DIAMOND);
            assert_non_null(t);
            assert_true(t->bold);
            assert_int_equal(t->colour, COL_DARK_RED);
        } else if (!strcmp(m->label, "Warn")) {
            assert_int_equal(m->colour, COL_WARM_YELLOW);
            assert_true(m->outline);
            assert_non_null(t);
            assert_false(t->bold);
        } else {
            assert_int_equal(m->colour, COL_NHS_BLUE);
            assert_null(t);
        }
    }
    assert_true(footnote_has(&c, "2 units with no staff or inconsistent counts are not shown"));
    chart_free(&c);

    /* no limits when p0 is 0 */
    const struct chart_funnel_unit z[] = {{"A", 0, 20, false}, {"B", 0, 30, false}};
    assert_int_equal(chart_funnel(&c, "Zero", z, 2, 0, NULL), WQ_OK);
    check_chart(&c);
    assert_null(find_line(&c, "upper 95% limit"));
    assert_true(footnote_has(&c, "No control limits"));
    chart_free(&c);
    assert_int_equal(chart_funnel(&c, NULL, NULL, 0, 0.2, NULL), WQ_OK);
    check_chart(&c);
    assert_non_null(find_text(&c, "No units to show"));
    chart_free(&c);
}

/* ---- composition ---------------------------------------------------------- */

static void test_composition(void **state)
{
    (void)state;
    const struct chart_band_share rows[] = {
        {"Band 2", 0.21, 0.19}, {"Band 5", 0.34, 0.12}, {"Band 8b", 0.08, NAN}};
    struct chart c;
    assert_int_equal(chart_composition(&c, "BME staff by band", "BME", rows, 3, 0.214, "2021."),
                     WQ_OK);
    check_chart(&c);
    assert_true(c.x.min == 0 && c.x.max >= 0.34 && c.x.max <= 1);
    assert_true(has_tick_label(&c.x, "0%") && has_tick_label(&c.x, "20%"));
    assert_true(c.x.title && strstr(c.x.title, "BME"));
    const struct chart_area *a = find_area(&c, "Band 5: clinical");
    assert_non_null(a);
    assert_int_equal(a->colour, COL_NHS_BLUE);
    assert_close(fmin(a->x[0], a->x[1]), c.plot_x0, EPS);
    assert_close(fmax(a->x[0], a->x[1]), chart_axis_pos(&c.x, 0.34), EPS);
    const struct chart_area *nc = find_area(&c, "Band 5: non-clinical");
    assert_non_null(nc);
    assert_int_equal(nc->colour, COL_AQUA_GREEN);
    assert_true(nc->alpha < 1);
    assert_non_null(find_line(&c, "Band 5: non-clinical")); /* the outline */
    /* clinical above non-clinical within the row */
    assert_true(fmax(a->y[0], a->y[2]) <= fmin(nc->y[0], nc->y[2]));
    assert_null(find_area(&c, "Band 8b: non-clinical"));
    assert_non_null(find_text(&c, "no staff"));
    assert_non_null(find_text(&c, "34.0%"));
    const struct chart_line *w = find_line(&c, "whole workforce");
    assert_non_null(w);
    assert_close(w->x[0], chart_axis_pos(&c.x, 0.214), EPS);
    assert_non_null(find_text(&c, "Whole workforce 21.4%"));
    assert_non_null(find_text(&c, "Clinical"));
    assert_non_null(find_text(&c, "Non-clinical"));
    assert_close(c.plot_y1 - c.plot_y0, 3 * 28, EPS);
    chart_free(&c);

    assert_int_equal(chart_composition(&c, NULL, NULL, NULL, 0, NAN, NULL), WQ_OK);
    check_chart(&c);
    assert_null(find_line(&c, "whole workforce"));
    chart_free(&c);
}

/* chart_free on a zeroed chart and twice in a row is safe. */
static void test_free_twice(void **state)
{
    (void)state;
    struct chart c;
    memset(&c, 0, sizeof c);
    chart_free(&c);
    assert_int_equal(chart_trend_ratio(&c, "T", "RL", ratio3, 3, NULL, NULL), WQ_OK);
    chart_free(&c);
    chart_free(&c);
    chart_free(NULL);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_ticks),
        cmocka_unit_test(test_log_ticks),
        cmocka_unit_test(test_axis_pos),
        cmocka_unit_test(test_colours_and_widths),
        cmocka_unit_test(test_trend_ratio_geometry),
        cmocka_unit_test(test_trend_ratio_nan),
        cmocka_unit_test(test_trend_ratio_edges),
        cmocka_unit_test(test_trend_ratio_empty),
        cmocka_unit_test(test_trend_ratio_long_text),
        cmocka_unit_test(test_trend_percent),
        cmocka_unit_test(test_trend_percent_close_ends),
        cmocka_unit_test(test_forest),
        cmocka_unit_test(test_forest_alike),
        cmocka_unit_test(test_highlight),
        cmocka_unit_test(test_forest_withheld), cmocka_unit_test(test_forest_height),
        cmocka_unit_test(test_funnel_limits),
        cmocka_unit_test(test_funnel_reference),
        cmocka_unit_test(test_funnel_outside),
        cmocka_unit_test(test_funnel_ratio), cmocka_unit_test(test_forest_ref),
        cmocka_unit_test(test_funnel_units),
        cmocka_unit_test(test_composition),
        cmocka_unit_test(test_free_twice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
