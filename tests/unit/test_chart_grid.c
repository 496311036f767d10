/* test_chart_grid.c: small multiples (common/chart_grid.c): every panel's
 * drawing moved, whole, to its cell; rows as high as their highest panel;
 * the title above and the footnote below; degenerate input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "chart_grid.h"

static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= 1e-9))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* A trend panel of three years; a long FOOT makes it taller. */
static void panel(struct chart *c, const char *foot)
{
    const struct chart_year_value v[] = {
        {2017, 2.5, 1.2, 5.0, NAN}, {2018, 1.0, 0.5, 2.0, NAN}, {2019, 18, 6, 50, NAN}};
    memset(c, 0, sizeof *c);
    assert_int_equal(chart_trend_ratio(c, "Team", "relative likelihood", v, 3, "A change.", foot),
                     0);
}

static const struct chart_text *find_text(const struct chart *c, const char *s)
{
    for (size_t i = 0; i < c->n_texts; i++)
        if (!strcmp(c->texts[i].text, s))
            return &c->texts[i];
    return NULL;
}

static void test_layout(void **state)
{
    (void)state;
    struct chart p[4], copy[4], g;
    char note[4000] = "";
    for (int i = 0; i < 120; i++)
        strcat(note, "a long footnote ");
    for (int i = 0; i < 4; i++) {
        panel(&p[i], i == 1 ? note : NULL);
        panel(&copy[i], i == 1 ? note : NULL);
    }
    assert_true(p[1].height > p[0].height); /* the rows differ: row heights are tested */
    assert_int_equal(chart_grid(&g, p, 4, 3, "The title", "Two levels are not drawn."), 0);
    /* 3 columns of the widest panel; 2 rows */
    assert_close(g.width, 3 * CHART_WIDTH);
    size_t areas = 0, lines = 0, marks = 0, texts = 0;
    for (int i = 0; i < 4; i++) {
        areas += copy[i].n_areas, lines += copy[i].n_lines;
        marks += copy[i].n_marks, texts += copy[i].n_texts;
        assert_int_equal(p[i].n_areas + p[i].n_lines + p[i].n_marks + p[i].n_texts, 0);
    }
    assert_int_equal(g.n_areas, areas);
    assert_int_equal(g.n_lines, lines);
    assert_int_equal(g.n_marks, marks);
    /* the title and the footnote: one line each */
    assert_int_equal(g.n_texts, texts + 2);
    const struct chart_text *title = find_text(&g, "The title");
    const struct chart_text *foot = find_text(&g, "Two levels are not drawn.");
    assert_non_null(title);
    assert_non_null(foot);
    assert_close(title->y, 14 + 13);
    /* the panels start under the title (one 13-pt line, spaced 1.3) */
    double top = 14 + 13 + 13 * 1.3;
    /* the first row is as high as its tallest panel (the second) */
    double row1 = p[1].height > p[2].height ? p[1].height : p[2].height;
    row1 = p[0].height > row1 ? p[0].height : row1;
    /* panel 0's last mark (2019) moved by (0, top); panel 2's by (2 w, top);
     * panel 3 (second row, first column) by (0, top + row1) */
    size_t m0 = copy[0].n_marks, m1 = copy[1].n_marks, m2 = copy[2].n_marks;
    assert_close(g.marks[m0 - 1].x, copy[0].marks[m0 - 1].x);
    assert_close(g.marks[m0 - 1].y, copy[0].marks[m0 - 1].y + top);
    assert_close(g.marks[m0 + m1].x, copy[2].marks[0].x + 2 * CHART_WIDTH);
    assert_close(g.marks[m0 + m1].y_low, copy[2].marks[0].y_low + top);
    assert_close(g.marks[m0 + m1 + m2].y, copy[3].marks[0].y + top + row1);
    assert_close(g.lines[0].x[0], copy[0].lines[0].x[0]);
    /* the footnote under the last row, the picture ending 14 pt below it */
    assert_true(foot->y > top + row1 + copy[3].height);
    assert_close(g.height, foot->y + 9 * 1.3 + 14);
    for (int i = 0; i < 4; i++) {
        chart_free(&p[i]);
        chart_free(&copy[i]);
    }
    chart_free(&g);
}

static void test_wrap_and_empty(void **state)
{
    (void)state;
    struct chart g;
    /* no panels: a picture of the title and the footnote, one column wide */
    assert_int_equal(chart_grid(&g, NULL, 0, 3, NULL, NULL), 0);
    assert_close(g.width, CHART_WIDTH);
    assert_int_equal(g.n_marks, 0);
    chart_free(&g);
    /* a long footnote wraps within the width, every word kept */
    char foot[600] = "";
    for (int i = 0; i < 40; i++)
        strcat(foot, "levels ");
    strcat(foot, "end.");
    assert_int_equal(chart_grid(&g, NULL, 0, 1, "T", foot), 0);
    assert_true(g.n_texts > 2);
    size_t words = 0;
    for (size_t i = 0; i < g.n_texts; i++) {
        assert_true(chart_text_width(g.texts[i].text, g.texts[i].size, g.texts[i].bold) <=
                    CHART_WIDTH - 28 + 1e-9);
        for (const char *s = g.texts[i].text; *s; s++)
            words += (s == g.texts[i].text || s[-1] == ' ') && *s != ' ';
    }
    assert_int_equal(words, 1 + 41);
    chart_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_wrap_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
