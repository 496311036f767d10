/* test_sheets.c: the workbook model (common/sheets.c) built from hand-made
 * metric tables, its cell conventions, and the CSV and .xlsx renderers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sheets.h"

/* The standards, as the calculators define them (only what sheets.c reads). */
static const struct standard wres = {
    .name = "WRES",
    .prog = "wres",
    .title = "Workforce Race Equality Standard",
    .characteristic = CHAR_ETHNICITY,
    .group_names = {"White", "BME", "Unknown"},
    .focus = 1,
    .comparator = 0,
    .unknown = 2,
    .declared_what = "ethnicity",
    .has_detail = true,
};

static const struct standard wdes = {
    .name = "WDES",
    .prog = "wdes",
    .title = "Workforce Disability Equality Standard",
    .characteristic = CHAR_DISABILITY,
    .group_names = {"Disabled", "Non-disabled", "Unknown"},
    .focus = 0,
    .comparator = 1,
    .unknown = 2,
    .declared_what = "disability status",
};

#define HYPERLINK "=HYPERLINK(\"http://x\",\"y\")"

/* ---- building a table by hand ---------------------------------------- */

struct fixture {
    struct metric_table t;
    struct metric_row base;
    struct workforce w;
    struct wq_options o;
    struct workbook wb;
};

static void row(struct fixture *f, const char *metric, const char *measure, const char *level,
                const char *group, const char *ref, double count, double base, double value,
                double low, double high, const char *stat)
{
    struct metric_row r = f->base;
    r.metric = metric;
    r.measure = measure;
    r.level = level;
    r.breakdown = strcmp(level, "All") ? "Org L3" : "Trust";
    r.group = group;
    r.reference = ref;
    r.count = count;
    r.base = base;
    r.value = value;
    r.low = low;
    r.high = high;
    r.statistic = stat;
    r.status = isnan(value) ? STATS_UNDEFINED : isnan(low) ? STATS_NO_INTERVAL : STATS_OK;
    r.flag = ref && !strcmp(stat, STAT_RATIO) ? stats_flag(value) : FLAG_NOT_CALCULABLE;
    r.method = "wilson";
    assert_true(metric_table_add(&f->t, &r));
}

/* Group rows of one metric-1 line: counts C, proportions of their total. */
static void m1(struct fixture *f, const char *level, const char *workforce, const char *band,
               const struct standard *s, const double c[3])
{
    double n = c[0] + c[1] + c[2];
    f->base.workforce = workforce;
    f->base.band = band;
    for (int g = 0; g < 3; g++)
        row(f, "1", "workforce", level, s->group_names[g], NULL, c[g], n, n ? c[g] / n : NAN,
            n ? c[g] / n / 2 : NAN, n ? (c[g] / n + 1) / 2 : NAN, STAT_PROPORTION);
    f->base.workforce = f->base.band = NULL;
}

/* A WRES run: metric 1, 2 (reference trust), 3, 5, 9, leavers, declaration,
 * and a breakdown with a formula-like directorate name. No training file. */
static void wres_table(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    f->base.standard = "WRES";
    f->w.std = &wres;
    f->o = (struct wq_options){.std = &wres, .conf = 0.95, .year = 2019};
    f->w.acc[IN_STAFF] = (struct input_account){
        .role = "staff in post", .file = "staff.csv", .shown = "staff.csv", .present = true, .rows_read = 3987,
        .rows_used = 3757};
    f->w.acc[IN_STAFF].excluded[EX_BANK] = 62;
    f->w.acc[IN_STAFF].excluded[EX_SECOND_ASSIGNMENT] = 168;

    m1(f, "All", "Clinical", "Band 5", &wres, (double[]){386, 11, 18});
    m1(f, "All", "Clinical", "Band 9", &wres, (double[]){0, 0, 0});
    m1(f, "All", "Clinical", "All", &wres, (double[]){386, 11, 18});
    m1(f, "All", "Non-clinical", "Band 2", &wres, (double[]){86, 8, 4});
    m1(f, "All", "Non-clinical", "All", &wres, (double[]){86, 8, 4});
    m1(f, "All", "All", "All", &wres, (double[]){3492, 144, 121});
    row(f, "declaration", "declaration", "All", "Known", NULL, 3636, 3757, 3636.0 / 3757, 0.96,
        0.97, STAT_PROPORTION);

    row(f, "2", "shortlisted_from_applications", "All", "White", NULL, 5484, 7757,
        5484.0 / 7757, 0.69, 0.72, STAT_PROPORTION);
    row(f, "2", "shortlisted_from_applications", "All", "BME", NULL, 554, 1173, 554.0 / 1173,
        0.44, 0.50, STAT_PROPORTION);
    row(f, "2", "appointed_from_shortlisting", "All", "White", NULL, 1445, 5484, 1445.0 / 5484,
        0.252, 0.275, STAT_PROPORTION);
    row(f, "2", "appointed_from_shortlisting", "All", "BME", NULL, 95, 554, 95.0 / 554, 0.142,
        0.205, STAT_PROPORTION);
    row(f, "2", "appointed_from_shortlisting", "All", "White", "BME", NAN, NAN,
        1.5365848976928098, 1.2776245610699937, 1.8600412197235705, STAT_RATIO);

    row(f, "3", "formal_disciplinary", "All", "White", NULL, 64, 3492, 64.0 / 3492, 0.014, 0.023,
        STAT_PROPORTION);
    row(f, "3", "formal_disciplinary", "All", "BME", NULL, 6, 144, 6.0 / 144, 0.019, 0.088,
        STAT_PROPORTION);
    f->base.note = "reporting year";
    row(f, "3", "formal_disciplinary", "All", "BME", "White", NAN, NAN, 2.2734375, 1.01, 4.98,
        STAT_RATIO);
    f->base.note = NULL;

    row(f, "5", "harassment_public", "All", "BME", NULL, 31.96, 94, 0.34, 0.25, 0.44,
        STAT_PROPORTION);
    row(f, "5", "harassment_public", "All", "White", NULL, 804.09, 1641, 0.49, 0.47, 0.51,
        STAT_PROPORTION);
    row(f, "5", "harassment_public", "All", "BME", "White", NAN, NAN, -0.14999999999999997,
        -0.24106133016047165, -0.046782903674375695, STAT_DIFFERENCE);

    row(f, "9", "board_total", "All", "White", NULL, 16, 16, 1, 0.806, 1, STAT_PROPORTION);
    row(f, "9", "board_total", "All", "BME", NULL, 0, 16, 0, 0, 0.194, STAT_PROPORTION);
    row(f, "9", "board_total", "All", "Unknown", NULL, 0, 16, 0, 0, 0.194, STAT_PROPORTION);
    row(f, "9", "board_total", "All", "White", "Workforce", NAN, NAN, 0.070535001330849112, NAN,
        NAN, STAT_DIFFERENCE);
    row(f, "9", "board_total", "All", "BME", "Workforce", NAN, NAN, -0.038328453553367045, NAN,
        NAN, STAT_DIFFERENCE);
    row(f, "9", "board_total", "All", "Unknown", "Workforce", NAN, NAN, -0.032206547777482032,
        NAN, NAN, STAT_DIFFERENCE);
    f->base.workforce = "Board";
    row(f, "declaration", "declaration", "All", "Known", NULL, 16, 16, 1, 0.806, 1,
        STAT_PROPORTION);
    f->base.workforce = NULL;

    row(f, "leavers", "leaving", "All", "White", NULL, 478, 3492, 478.0 / 3492, 0.126, 0.149,
        STAT_PROPORTION);
    row(f, "leavers", "leaving", "All", "BME", NULL, 36, 144, 0.25, 0.186, 0.327,
        STAT_PROPORTION);
    row(f, "leavers", "leaving", "All", "BME", "White", NAN, NAN, 1.8263598326359833, 1.35, 2.42,
        STAT_RATIO);
    row(f, "leavers", "leaving", "All", "Asian", "White", NAN, NAN, INFINITY, 7.9, INFINITY,
        STAT_RATIO);
    row(f, "leavers", "leaving", "All", "Black", "White", NAN, NAN, NAN, NAN, NAN, STAT_RATIO);

    /* a breakdown: two directorates */
    const char *levels[] = {HYPERLINK, "Surgery"};
    for (int l = 0; l < 2; l++) {
        m1(f, levels[l], "All", "All", &wres, (double[]){100.0 + l, 10, 5});
        row(f, "declaration", "declaration", levels[l], "Known", NULL, 110 + l, 115 + l,
            (110.0 + l) / (115 + l), 0.9, 0.99, STAT_PROPORTION);
        row(f, "leavers", "leaving", levels[l], "BME", "White", NAN, NAN, 1.5 + l, 0.5, 4.5,
            STAT_RATIO);
    }
}

static void wdes_table(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    f->base.standard = "WDES";
    f->w.std = &wdes;
    f->o = (struct wq_options){.std = &wdes, .conf = 0.95};
    m1(f, "All", "Clinical", "Cluster 1 (Bands 1-4)", &wdes, (double[]){21, 535, 296});
    m1(f, "All", "Clinical", "All", &wdes, (double[]){21, 535, 296});
    m1(f, "All", "All", "All", &wdes, (double[]){139, 2401, 1225});
    row(f, "3", "formal_capability", "All", "Disabled", NULL, 0, 139, 0, 0, 0.027,
        STAT_PROPORTION);
    row(f, "3", "formal_capability", "All", "Non-disabled", NULL, 4, 2401, 4.0 / 2401, 0.0006,
        0.004, STAT_PROPORTION);
    row(f, "3", "formal_capability", "All", "Unknown", NULL, 1.5, 1225, 1.5 / 1225, 0.0003,
        0.005, STAT_PROPORTION);
    f->base.note = "two-year rolling average";
    row(f, "3", "formal_capability", "All", "Disabled", "Non-disabled", NAN, NAN, 0, 0, 16.36,
        STAT_RATIO);
    f->base.note = NULL;
    row(f, "4a", "harassment_public", "All", "Disabled", NULL, 234, 435, 234.0 / 435, 0.49,
        0.58, STAT_PROPORTION);
    row(f, "4a", "harassment_public", "All", "Non-disabled", NULL, 603, 1283, 603.0 / 1283,
        0.44, 0.50, STAT_PROPORTION);
    row(f, "4a", "harassment_public", "All", "Disabled", "Non-disabled", NAN, NAN,
        0.067938828715026711, 0.0136, 0.1216, STAT_DIFFERENCE);
    row(f, "4b", "harassment_reported", "All", "Disabled", NULL, 98, 261, 98.0 / 261, 0.32,
        0.44, STAT_PROPORTION);
    row(f, "8", "adjustments", "All", "Disabled", NULL, 154, 263, 154.0 / 263, 0.53, 0.64,
        STAT_PROPORTION);
    row(f, "9a", "engagement", "All", "Disabled", NULL, NAN, 439, 5.7, NAN, NAN, STAT_SCORE);
    row(f, "9a", "engagement", "All", "Non-disabled", NULL, NAN, 1291, 6.3, NAN, NAN, STAT_SCORE);
    row(f, "9a", "engagement", "All", "All", NULL, NAN, 1730, 6.1, NAN, NAN, STAT_SCORE);
    row(f, "9a", "engagement", "All", "Disabled", "Non-disabled", NAN, NAN, -0.6, NAN, NAN,
        STAT_DIFFERENCE);
    f->base.note = "Relaunch of the disability and carers network";
    row(f, "9b", "staff_voices", "All", "All", NULL, NAN, NAN, 1, NAN, NAN, "yes-no");
    f->base.note = NULL;
    row(f, "10", "board_voting", "All", "Disabled", NULL, 1, 8, 0.125, 0.022, 0.47,
        STAT_PROPORTION);
    row(f, "10", "board_voting", "All", "Disabled", "Workforce", NAN, NAN, 0.088081009296148732,
        NAN, NAN, STAT_DIFFERENCE);
}

static void fixture_free(struct fixture *f)
{
    sheets_free(&f->wb);
    metric_table_free(&f->t);
}

/* ---- looking into sheets ------------------------------------------------ */

static const struct sheet *sheet(const struct workbook *wb, const char *name)
{
    const struct sheet *sh = workbook_sheet(wb, name);
    if (!sh)
        fail_msg("no sheet '%s'", name);
    return sh;
}

/* The first cell whose text starts with PREFIX (row-major); fails if none. */
static void locate(const struct sheet *sh, const char *prefix, size_t *r, size_t *c)
{
    for (size_t i = 0; i < sh->n_rows; i++)
        for (size_t j = 0; j < sh->n_cols; j++) {
            const struct cell *x = sheet_cell(sh, i, j);
            if (x->text && !strncmp(x->text, prefix, strlen(prefix))) {
                *r = i;
                *c = j;
                return;
            }
        }
    fail_msg("sheet '%s': no cell starting '%s'", sh->name, prefix);
}

static bool has_text(const struct sheet *sh, const char *prefix)
{
    for (size_t r = 0; r < sh->n_rows; r++)
        for (size_t c = 0; c < sh->n_cols; c++) {
            const char *t = sheet_cell(sh, r, c)->text;
            if (t && !strncmp(t, prefix, strlen(prefix)))
                return true;
        }
    return false;
}

static void assert_num(const struct sheet *sh, size_t r, size_t c, enum cell_kind kind, double v)
{
    const struct cell *x = sheet_cell(sh, r, c);
    if (x->kind != kind)
        fail_msg("%s!(%zu,%zu): kind %d, expected %d", sh->name, r, c, (int)x->kind, (int)kind);
    if (!(x->value == v || fabs(x->value - v) <= 1e-12 * fabs(v)))
        fail_msg("%s!(%zu,%zu): %.17g, expected %.17g", sh->name, r, c, x->value, v);
}

static void assert_cell_text(const struct sheet *sh, size_t r, size_t c, const char *s)
{
    const struct cell *x = sheet_cell(sh, r, c);
    if (!x->text || strcmp(x->text, s))
        fail_msg("%s!(%zu,%zu): '%s', expected '%s'", sh->name, r, c, x->text ? x->text : "(none)",
                 s);
}

/* The column of the heading TEXT in row R (fails if absent). */
static size_t column_of(const struct sheet *sh, size_t r, const char *text)
{
    for (size_t c = 0; c < sh->n_cols; c++) {
        const struct cell *x = sheet_cell(sh, r, c);
        if (x->text && !strcmp(x->text, text))
            return c;
    }
    fail_msg("%s: row %zu has no '%s'", sh->name, r, text);
    return 0;
}

/* ---- cells ------------------------------------------------------------- */

static void test_cells(void **state)
{
    (void)state;
    struct workbook wb = {0};
    struct sheet *sh = workbook_add_sheet(&wb, "S");
    char buf[64];
    assert_non_null(sh);
    assert_true(sheet_set_text(sh, 0, 0, "a"));
    assert_true(sheet_set_text(sh, 0, 0, "replaced")); /* the old text is freed (asan) */
    assert_true(sheet_set_num(sh, 2, 1, CELL_RATIO, 1.625));
    assert_int_equal(sh->n_rows, 3);
    assert_int_equal(sh->n_cols, 2);
    /* widening keeps what is there */
    assert_true(sheet_set_num(sh, 1, 5, CELL_PERCENT, 0.038328453553367045));
    assert_int_equal(sh->n_cols, 6);
    assert_string_equal(sheet_cell(sh, 0, 0)->text, "replaced");
    assert_int_equal(sheet_cell(sh, 2, 1)->kind, CELL_RATIO);
    assert_string_equal(cell_display(sheet_cell(sh, 2, 1), buf, sizeof buf), "1.63");
    assert_string_equal(cell_display(sheet_cell(sh, 1, 5), buf, sizeof buf), "3.83%");
    /* NaN: an empty cell; infinity: a number with a note, shown "inf";
     * "" empties */
    assert_true(sheet_set_num(sh, 2, 1, CELL_RATIO, NAN));
    assert_int_equal(sheet_cell(sh, 2, 1)->kind, CELL_EMPTY);
    assert_true(sheet_set_num(sh, 2, 2, CELL_RATIO, INFINITY));
    assert_int_equal(sheet_cell(sh, 2, 2)->kind, CELL_RATIO);
    assert_true(isinf(sheet_cell(sh, 2, 2)->value));
    assert_string_equal(sheet_cell(sh, 2, 2)->text, "infinite");
    assert_true(sheet_set_note(sh, 2, 2, "none of the BME staff were counted"));
    assert_string_equal(sheet_cell(sh, 2, 2)->text, "none of the BME staff were counted");
    assert_string_equal(cell_display(sheet_cell(sh, 2, 2), buf, sizeof buf), "inf");
    assert_false(sheet_set_note(sh, 0, 0, "a note on text")); /* only on an infinite number */
    assert_true(sheet_set_num(sh, 2, 3, CELL_PERCENT, -INFINITY));
    assert_string_equal(cell_display(sheet_cell(sh, 2, 3), buf, sizeof buf), "-inf");
    assert_true(sheet_set_text(sh, 2, 3, ""));
    assert_int_equal(sheet_cell(sh, 2, 3)->kind, CELL_EMPTY);
    /* an empty cell far away does not grow the sheet */
    assert_true(sheet_set_num(sh, 100, 100, CELL_COUNT, NAN));
    assert_int_equal(sh->n_rows, 3);
    assert_int_equal(sheet_cell(sh, 99, 99)->kind, CELL_EMPTY);
    /* many rows */
    for (size_t r = 0; r < 1000; r++)
        assert_true(sheet_set_num(sh, r, 0, CELL_COUNT, (double)r));
    assert_int_equal(sh->n_rows, 1000);
    assert_true(isinf(sheet_cell(sh, 2, 2)->value));
    assert_num(sh, 999, 0, CELL_COUNT, 999);
    sheets_free(&wb);
    assert_null(wb.sheets);
}

static void test_display(void **state)
{
    (void)state;
    char buf[64];
    struct cell c = {CELL_COUNT, 12, NULL};
    assert_string_equal(cell_display(&c, buf, sizeof buf), "12");
    c.value = 3.5;
    assert_string_equal(cell_display(&c, buf, sizeof buf), "3.5");
    c = (struct cell){CELL_PERCENT, 0.0383, NULL};
    assert_string_equal(cell_display(&c, buf, sizeof buf), "3.83%");
    c = (struct cell){CELL_PERCENT, 1.0, NULL};
    assert_string_equal(cell_display(&c, buf, sizeof buf), "100.00%");
    c = (struct cell){CELL_RATIO, 1.5365848976928098, NULL};
    assert_string_equal(cell_display(&c, buf, sizeof buf), "1.54");
    c = (struct cell){CELL_RATIO, -1.625, NULL}; /* half away from zero */
    assert_string_equal(cell_display(&c, buf, sizeof buf), "-1.63");
    c = (struct cell){CELL_PP, -3.8328453553367045, NULL};
    assert_string_equal(cell_display(&c, buf, sizeof buf), "-3.83");
    c = (struct cell){CELL_NUMBER, 5.7, NULL};
    assert_string_equal(cell_display(&c, buf, sizeof buf), "5.70");
    c = (struct cell){CELL_EMPTY, 0, NULL};
    assert_string_equal(cell_display(&c, buf, sizeof buf), "");
}

/* cell_display_len is the length cell_display gives, also around the
 * powers of ten where rounding adds a digit (9.995 -> 10.00), at zero and
 * on either side of the rounding to zero (-0.004 -> 0.00, -0.005 -> -0.01) */
static void test_display_len(void **state)
{
    (void)state;
    static const enum cell_kind kinds[] = {CELL_COUNT, CELL_PERCENT, CELL_RATIO, CELL_NUMBER,
                                           CELL_PP};
    static const double offsets[] = {-0.051, -0.05, -0.0051, -0.005, -0.0049999, -0.001,
                                     0,      0.001, 0.0049999, 0.005, 0.0051,     0.05, 0.051};
    char buf[64];
    size_t checked = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        double p = 1;
        for (int e = 0; e <= 16; e++, p *= 10)
            for (size_t o = 0; o < sizeof offsets / sizeof *offsets; o++)
                for (int sign = -1; sign <= 1; sign += 2) {
                    /* around 10^e, and 10^e / 100 for the percentages */
                    double v[] = {sign * (p + offsets[o]), sign * (p / 100 + offsets[o] / 100),
                                  sign * offsets[o], sign * (p * 0.37 + offsets[o])};
                    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
                        struct cell c = {kinds[k], v[i], NULL};
                        size_t want = strlen(cell_display(&c, buf, sizeof buf));
                        if (cell_display_len(&c) != want)
                            fail_msg("kind %d, %.17g: %zu, want %zu ('%s')", (int)kinds[k], v[i],
                                     cell_display_len(&c), want, buf);
                        checked++;
                    }
                }
        unsigned long long r = 88172645463325252ULL; /* xorshift: any spread of values */
        for (int i = 0; i < 20000; i++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            double m = (double)(r % 1000000007ULL) / 1000000007.0;
            struct cell c = {kinds[k], (i % 2 ? -1 : 1) * m * pow(10, (int)(r % 17) - 3), NULL};
            size_t want = strlen(cell_display(&c, buf, sizeof buf));
            if (cell_display_len(&c) != want)
                fail_msg("kind %d, %.17g: %zu, want %zu ('%s')", (int)kinds[k], c.value,
                         cell_display_len(&c), want, buf);
            checked++;
        }
    }
    struct cell inf = {CELL_RATIO, INFINITY, NULL}, text = {CELL_TEXT, 0, "Org L3"};
    assert_int_equal(cell_display_len(&inf), 3);
    assert_int_equal(cell_display_len(&text), 6);
    assert_true(checked > 100000);
}

static void test_sheet_names(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(sheets_sheet_name(buf, sizeof buf, "By Org L3"), "By Org L3");
    assert_string_equal(sheets_sheet_name(buf, sizeof buf, "By a[b]:c*d?e/f\\g"),
                        "By a-b--c-d-e-f-g");
    assert_string_equal(sheets_sheet_name(buf, sizeof buf, "'quoted'"), "quoted");
    assert_string_equal(sheets_sheet_name(buf, sizeof buf, ""), "Sheet");
    assert_string_equal(sheets_sheet_name(buf, sizeof buf, "''"), "Sheet");
    /* 31 characters, counted as code points */
    assert_string_equal(sheets_sheet_name(buf, sizeof buf, "By 0123456789012345678901234567890"),
                        "By 0123456789012345678901234567");
    sheets_sheet_name(buf, sizeof buf, "By éééééééééééééééééééééééééééééééééé");
    assert_int_equal(strlen(buf), 3 + 28 * 2);
}

/* ---- a WRES workbook ------------------------------------------------------ */

static void test_wres_sheets(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    const char *names[] = {"About", "Metric 1", "Metric 2", "Metric 3", "Metric 4", "Metric 5",
                           "Metric 6", "Metric 7", "Metric 8", "Metric 9", "Leavers",
                           "By Org L3", "All figures", "Data quality", "Methods"};
    assert_int_equal(f.wb.n_sheets, sizeof names / sizeof *names);
    for (size_t i = 0; i < f.wb.n_sheets; i++)
        assert_string_equal(f.wb.sheets[i].name, names[i]);
    /* titles and the reporting year */
    const struct sheet *sh = sheet(&f.wb, "Metric 2");
    assert_int_equal(sheet_cell(sh, 0, 0)->kind, CELL_HEADING);
    assert_cell_text(sh, 0, 0,
                     "WRES metric 2: relative likelihood of White applicants being appointed "
                     "from shortlisting compared with BME applicants");
    assert_cell_text(sh, 2, 0, "Reporting year: 1 April 2018 to 31 March 2019");
    /* no training file: Metric 4 says so; Metric 6 (no survey rows) too */
    assert_true(has_text(sheet(&f.wb, "Metric 4"), "Not supplied: give --training FILE"));
    assert_true(has_text(sheet(&f.wb, "Metric 6"), "Not supplied: give --survey FILE"));
    assert_false(has_text(sheet(&f.wb, "Metric 2"), "Not supplied"));
    fixture_free(&f);
}

static void test_wres_metric1(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    size_t r, c;
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    const struct sheet *sh = sheet(&f.wb, "Metric 1");
    locate(sh, "Clinical staff", &r, &c);
    size_t head = r + 1;
    assert_cell_text(sh, head, 0, "Pay band");
    assert_cell_text(sh, head, 1, "White");
    assert_cell_text(sh, head, 2, "BME");
    assert_cell_text(sh, head, 3, "Unknown");
    assert_cell_text(sh, head, 4, "Total");
    assert_cell_text(sh, head, 6, "BME %");
    /* template rows in order, then the total */
    assert_cell_text(sh, head + 1, 0, "Band 5");
    assert_num(sh, head + 1, 1, CELL_COUNT, 386);
    assert_num(sh, head + 1, 2, CELL_COUNT, 11);
    assert_num(sh, head + 1, 4, CELL_COUNT, 415);
    assert_num(sh, head + 1, 6, CELL_PERCENT, 11.0 / 415);
    assert_cell_text(sh, head + 2, 0, "Band 9"); /* zeros: counts 0, shares empty */
    assert_num(sh, head + 2, 1, CELL_COUNT, 0);
    assert_int_equal(sheet_cell(sh, head + 2, 5)->kind, CELL_EMPTY);
    assert_cell_text(sh, head + 3, 0, "Total");
    /* the toolkit's intervals sit right of a gap, under their heading */
    size_t tk = column_of(sh, head - 1, "Toolkit additions (not part of the NHS England template)");
    assert_true(tk > 8);
    assert_int_equal(sheet_cell(sh, head + 1, tk - 1)->kind, CELL_EMPTY);
    assert_cell_text(sh, head, tk, "White %: 95% interval: low");
    assert_num(sh, head + 1, tk, CELL_PERCENT, 386.0 / 415 / 2);
    locate(sh, "Non-clinical staff", &r, &c);
    assert_cell_text(sh, r + 2, 0, "Band 2");
    locate(sh, "All staff", &r, &c);
    assert_num(sh, r, 4, CELL_COUNT, 3757);
    assert_num(sh, r, 6, CELL_PERCENT, 144.0 / 3757);
    fixture_free(&f);
}

static void test_wres_comparisons(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    size_t r, c;
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);

    /* metric 2: stages by group, then the relative likelihood at full precision */
    const struct sheet *sh = sheet(&f.wb, "Metric 2");
    locate(sh, "Group", &r, &c);
    assert_cell_text(sh, r + 1, 0, "White");
    assert_num(sh, r + 1, 1, CELL_COUNT, 7757);
    assert_num(sh, r + 1, 2, CELL_COUNT, 5484);
    assert_num(sh, r + 1, 3, CELL_COUNT, 1445);
    assert_num(sh, r + 1, 5, CELL_PERCENT, 1445.0 / 5484);
    assert_cell_text(sh, r + 2, 0, "BME");
    assert_num(sh, r + 2, 3, CELL_COUNT, 95);
    locate(sh, "Relative likelihood of White applicants being appointed from shortlisting "
               "compared with BME applicants", &r, &c);
    assert_num(sh, r, 1, CELL_RATIO, 1.5365848976928098);
    size_t lo = column_of(sh, r - 1, "95% interval: low");
    assert_num(sh, r, lo, CELL_RATIO, 1.2776245610699937);
    assert_num(sh, r, lo + 1, CELL_RATIO, 1.8600412197235705);
    assert_cell_text(sh, r, column_of(sh, r - 1, "Flag (non-adverse range 0.80-1.25)"), "adverse");
    assert_cell_text(sh, r, column_of(sh, r - 1, "Evidence"), "beyond-range");

    /* metric 3: the window in the note */
    sh = sheet(&f.wb, "Metric 3");
    locate(sh, "Relative likelihood of BME staff entering the formal disciplinary", &r, &c);
    assert_num(sh, r, 1, CELL_RATIO, 2.2734375);
    assert_cell_text(sh, r, column_of(sh, r - 1, "Note"), "reporting year");

    /* metric 5: proportions, and the difference in percentage points */
    sh = sheet(&f.wb, "Metric 5");
    locate(sh, "BME", &r, &c);
    assert_num(sh, r, 1, CELL_COUNT, 94);
    /* the survey gives 34% of 94 respondents: 31.96 in the metrics CSV, the
     * number answering to the nearest person on the sheet */
    assert_num(sh, r, 2, CELL_COUNT, 32);
    assert_num(sh, r, 3, CELL_PERCENT, 0.34);
    locate(sh, "Difference: BME minus White (percentage points)", &r, &c);
    assert_num(sh, r, 3, CELL_PP, -0.14999999999999997 * 100);
    lo = column_of(sh, r - 3, "95% interval: low");
    assert_num(sh, r, lo, CELL_PP, -0.24106133016047165 * 100);
    assert_cell_text(sh, r, column_of(sh, r - 3, "Evidence"), "differs");

    /* leavers: infinity is a number with a note saying why (no White
     * leaver); NaN is empty with a note */
    sh = sheet(&f.wb, "Leavers");
    locate(sh, "Relative likelihood of Asian staff leaving", &r, &c);
    assert_true(isinf(sheet_cell(sh, r, 1)->value));
    assert_cell_text(sh, r, 1,
                     "infinite: none of the White staff (the comparison group) were counted as "
                     "leaving");
    locate(sh, "Relative likelihood of Black staff leaving", &r, &c);
    assert_int_equal(sheet_cell(sh, r, 1)->kind, CELL_EMPTY);
    assert_true(has_text(sh, "not calculable"));
    assert_true(has_text(sh, "Leavers in the year over the headcount (the headcount at the end"));
    fixture_free(&f);
}

static void test_wres_board(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    size_t r, c;
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    const struct sheet *sh = sheet(&f.wb, "Metric 9");
    locate(sh, "Total board", &r, &c);
    assert_num(sh, r, 1, CELL_COUNT, 16);
    assert_num(sh, r, 2, CELL_COUNT, 16); /* White members */
    assert_num(sh, r, 3, CELL_COUNT, 0);  /* BME members */
    assert_num(sh, r, 6, CELL_PERCENT, 0);
    locate(sh, "Overall workforce", &r, &c);
    assert_num(sh, r, 1, CELL_COUNT, 3757);
    assert_num(sh, r, 6, CELL_PERCENT, 144.0 / 3757);
    locate(sh, "Difference between the board and the overall workforce", &r, &c);
    assert_cell_text(sh, r + 1, 2, "BME");
    assert_cell_text(sh, r + 2, 0, "Total board");
    assert_num(sh, r + 2, 1, CELL_PP, 7.0535001330849112);
    assert_num(sh, r + 2, 2, CELL_PP, -3.8328453553367045);
    locate(sh, "Board members with a recorded ethnicity", &r, &c);
    assert_num(sh, r, 3, CELL_PERCENT, 1);
    fixture_free(&f);
}

static void test_wres_breakdown(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    size_t r, c;
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    const struct sheet *sh = sheet(&f.wb, "By Org L3");
    locate(sh, "Org L3", &r, &c);
    assert_int_equal(c, 0);
    assert_int_equal(sh->freeze_rows, r + 1);
    assert_cell_text(sh, r - 1, 8, "Leaving: BME vs White (relative likelihood)");
    /* the formula-like name is a text cell, as it is */
    assert_int_equal(sheet_cell(sh, r + 1, 0)->kind, CELL_TEXT);
    assert_cell_text(sh, r + 1, 0, HYPERLINK);
    assert_num(sh, r + 1, 1, CELL_COUNT, 100);
    assert_num(sh, r + 1, 4, CELL_COUNT, 115);
    assert_num(sh, r + 1, 5, CELL_PERCENT, 10.0 / 115);
    assert_num(sh, r + 1, 6, CELL_PERCENT, 110.0 / 115);
    assert_num(sh, r + 1, 8, CELL_RATIO, 1.5);
    assert_num(sh, r + 1, 9, CELL_RATIO, 0.5);
    assert_cell_text(sh, r + 1, 11, "adverse");
    assert_cell_text(sh, r + 2, 0, "Surgery");
    assert_num(sh, r + 2, 8, CELL_RATIO, 2.5);
    assert_int_equal(sh->n_rows, r + 3);
    fixture_free(&f);
}

static void test_wres_all_figures(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    const struct sheet *sh = sheet(&f.wb, "All figures");
    const char *header[] = {"standard", "metric", "measure", "breakdown", "level", "group",
                            "reference", "count", "base", "value", "low", "high", "flag",
                            "workforce", "band", "method", "evidence", "statistic", "note",
                            "year", "q"};
    assert_int_equal(sh->n_cols, 21);
    assert_int_equal(sh->n_rows, f.t.n_rows + 1);
    assert_int_equal(sh->freeze_rows, 1);
    assert_true(sh->filter);
    for (size_t k = 0; k < 21; k++)
        assert_cell_text(sh, 0, k, header[k]);
    for (size_t i = 0; i < f.t.n_rows; i++) {
        const struct metric_row *m = &f.t.rows[i];
        size_t r = i + 1;
        assert_cell_text(sh, r, 1, m->metric);
        assert_cell_text(sh, r, 4, m->level);
        const double num[] = {m->count, m->base, m->value, m->low, m->high};
        for (size_t k = 0; k < 5; k++) {
            const struct cell *x = sheet_cell(sh, r, 7 + k);
            if (isnan(num[k]))
                assert_int_equal(x->kind, CELL_EMPTY);
            else if (isinf(num[k]))
                assert_true(x->value == num[k] && x->text && *x->text); /* with a note */
            else
                assert_true(x->value == num[k]); /* unscaled, full precision */
        }
        const char *flag = metric_flag_text(m);
        if (*flag)
            assert_cell_text(sh, r, 12, flag);
        else
            assert_int_equal(sheet_cell(sh, r, 12)->kind, CELL_EMPTY);
    }
    fixture_free(&f);
}

static void test_wres_quality_methods(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    size_t r, c;
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    const struct sheet *sh = sheet(&f.wb, "Data quality");
    /* the declaration rates first, in fixed rows (after the title, the
     * standard, the year and a blank: the heading, the column headings) */
    assert_cell_text(sh, 4, 0, "Declaration rates");
    assert_cell_text(sh, 6, 0, "Staff in post with a recorded ethnicity");
    assert_cell_text(sh, 7, 0, "Board members with a recorded ethnicity");
    locate(sh, "staff.csv", &r, &c);
    assert_int_equal(c, 2);
    assert_cell_text(sh, r, 0, "Staff in post");
    locate(sh, "Rows read", &r, &c);
    assert_num(sh, r, 1, CELL_COUNT, 3987);
    locate(sh, "Excluded: bank assignment", &r, &c);
    assert_num(sh, r, 1, CELL_COUNT, 62);
    assert_true(has_text(sh, "yes: 3987 = 3757 + 230"));
    locate(sh, "Staff in post with a recorded ethnicity", &r, &c);
    assert_num(sh, r, 3, CELL_PERCENT, 3636.0 / 3757);

    sh = sheet(&f.wb, "Methods");
    assert_true(has_text(sh, "95% intervals by the Wilson score interval (wilson)"));
    assert_true(has_text(sh, "95% intervals by the Koopman score interval"));
    assert_true(has_text(sh, "95% intervals for a difference of two percentages by Newcombe"));
    assert_true(has_text(sh, "NHS England treats a relative likelihood between 0.80 and 1.25"));
    assert_true(has_text(sh, "Cells hold full-precision values"));
    fixture_free(&f);
}

/* ---- a WDES workbook -------------------------------------------------------- */

static void test_wdes(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    size_t r, c;
    wdes_table(&f);
    f.o.ratio_method = RATIO_KATZ;
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    const char *names[] = {"About", "Metric 1", "Metric 2", "Metric 3", "Metric 4", "Metric 5",
                           "Metric 6", "Metric 7", "Metric 8", "Metric 9", "Metric 10",
                           "Leavers", "All figures", "Data quality", "Methods"};
    assert_int_equal(f.wb.n_sheets, sizeof names / sizeof *names);
    for (size_t i = 0; i < f.wb.n_sheets; i++)
        assert_string_equal(f.wb.sheets[i].name, names[i]);

    const struct sheet *sh = sheet(&f.wb, "Metric 1");
    /* no --year: the line is there all the same, so that rows do not move */
    assert_true(has_text(sh, "Reporting year: not given"));
    assert_cell_text(sh, 2, 0, "Reporting year: not given (--year)");
    locate(sh, "Cluster", &r, &c);
    assert_cell_text(sh, r, 1, "Disabled");
    assert_cell_text(sh, r + 1, 0, "Cluster 1 (Bands 1-4)");
    assert_num(sh, r + 1, 1, CELL_COUNT, 21);

    sh = sheet(&f.wb, "Metric 3");
    assert_true(has_text(sh, "People entering the process: the two-year rolling average"));
    locate(sh, "Unknown", &r, &c);
    assert_num(sh, r, 2, CELL_COUNT, 1.5);
    locate(sh, "Relative likelihood of Disabled staff entering the formal capability", &r, &c);
    assert_num(sh, r, 1, CELL_RATIO, 0);
    assert_true(has_text(sh, "two-year rolling average"));

    sh = sheet(&f.wb, "Metric 4");
    assert_true(has_text(sh, "4a: Staff experiencing harassment, bullying or abuse from patients"));
    assert_true(has_text(sh, "4b: Staff saying that the last time"));
    locate(sh, "Difference: Disabled minus Non-disabled (percentage points)", &r, &c);
    assert_num(sh, r, 3, CELL_PP, 6.7938828715026711);

    sh = sheet(&f.wb, "Metric 8");
    locate(sh, "Group", &r, &c);
    assert_cell_text(sh, r + 1, 0, "Disabled");
    assert_num(sh, r + 1, 3, CELL_PERCENT, 154.0 / 263);
    assert_false(has_text(sh, "Difference"));

    sh = sheet(&f.wb, "Metric 9");
    locate(sh, "Overall (all staff)", &r, &c);
    assert_num(sh, r, 1, CELL_COUNT, 1730);
    assert_num(sh, r, 2, CELL_NUMBER, 6.1);
    locate(sh, "Difference in score: Disabled minus Non-disabled", &r, &c);
    assert_num(sh, r, 2, CELL_NUMBER, -0.6); /* a score difference: not x100 */
    locate(sh, "Answer", &r, &c);
    assert_cell_text(sh, r, 1, "Yes");
    assert_cell_text(sh, r + 1, 1, "Relaunch of the disability and carers network");

    sh = sheet(&f.wb, "Metric 10");
    locate(sh, "Voting members", &r, &c);
    assert_num(sh, r, 1, CELL_COUNT, 8);
    assert_num(sh, r, 5, CELL_PERCENT, 0.125);
    assert_true(has_text(sh, "not supplied: give --staff FILE") == false); /* metric 1 given */

    sh = sheet(&f.wb, "All figures");
    locate(sh, "9a", &r, &c);
    locate(sh, "yes-no", &r, &c);
    assert_num(sh, r, 9, CELL_COUNT, 1);
    /* a difference of proportions stays a proportion here (= the metrics CSV) */
    locate(sh, "4a", &r, &c);
    assert_num(sh, r + 2, 9, CELL_PERCENT, 0.067938828715026711);

    assert_true(has_text(sheet(&f.wb, "Methods"), "95% intervals by the Katz log interval"));
    assert_true(has_text(sheet(&f.wb, "Leavers"), "Not supplied: give --leavers FILE"));
    assert_true(has_text(sheet(&f.wb, "Data quality"), "No input files were read."));
    fixture_free(&f);
}

static void test_empty(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    wres_table(&f);
    f.t.n_rows = 0;
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    assert_int_equal(f.wb.n_sheets, 14);
    for (size_t i = 1; i < 11; i++)
        assert_true(has_text(&f.wb.sheets[i], "Not supplied"));
    assert_int_equal(sheet(&f.wb, "All figures")->n_rows, 1);
    fixture_free(&f);
}

/* ---- renderers -------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

static void test_csv_files(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    char dir[] = "/tmp/wq-sheets-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    snprintf(path, sizeof path, "%s/tables", dir);
    assert_int_equal(sheets_write_csv(&f.wb, path, &err), WQ_OK);

    const char *files[] = {"metric-1", "metric-2", "metric-9", "leavers", "by-org-l3",
                           "all-figures", "data-quality", "methods"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/tables/%s.csv", dir, files[i]);
        assert_int_equal(access(path, R_OK), 0);
    }
    snprintf(path, sizeof path, "%s/tables/metric-2.csv", dir);
    char *s = slurp(path);
    assert_non_null(strstr(s, "White,7757,5484,1445,70.70%,26.35%,"));
    assert_non_null(strstr(s, "compared with BME applicants,1.54,"));
    snprintf(path, sizeof path, "%s/tables/metric-9.csv", dir);
    s = slurp(path);
    assert_non_null(strstr(s, "Total board,7.05,-3.83,-3.22,"));
    snprintf(path, sizeof path, "%s/tables/by-org-l3.csv", dir);
    s = slurp(path);
    assert_non_null(strstr(s, "\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",100,10,5,115,8.70%,"));
    snprintf(path, sizeof path, "%s/tables/all-figures.csv", dir);
    s = slurp(path);
    const char *header = "standard,metric,measure,breakdown,level,group,reference,count,base,"
                         "value,low,high,flag,workforce,band,method,evidence,statistic,note,year,"
                         "q\n";
    assert_true(!strncmp(s, header, strlen(header)));
    assert_non_null(strstr(s, "WRES,leavers,leaving,Trust,All,Asian,White,,,inf,7.90,inf,adverse,"));
    assert_non_null(strstr(s, "WRES,5,harassment_public,Trust,All,BME,White,,,-15.00%,-24.11%,"));

    /* writing again replaces the files; a file in the way fails cleanly */
    snprintf(path, sizeof path, "%s/tables", dir);
    assert_int_equal(sheets_write_csv(&f.wb, path, &err), WQ_OK);
    snprintf(path, sizeof path, "%s/file", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_int_equal(sheets_write_csv(&f.wb, path, &err), WQ_ECANTCREAT);
    assert_non_null(strstr(err.msg, "file"));

    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    fixture_free(&f);
}

/* libxlsxwriter prints its own "[ERROR] workbook_close(): ..." line on
 * stderr when it cannot create a file. A test that provokes that on purpose
 * sends stderr to a temporary file for the call (stderr_capture), then
 * reads it back (stderr_release) to check what was printed. */
struct captured {
    int saved;
    char path[64];
};

static void stderr_capture(struct captured *c)
{
    snprintf(c->path, sizeof c->path, "/tmp/wq-stderr-XXXXXX");
    int fd = mkstemp(c->path);
    assert_true(fd >= 0);
    assert_int_equal(fflush(stderr), 0);
    c->saved = dup(STDERR_FILENO);
    assert_true(c->saved >= 0);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    close(fd);
}

/* Restore stderr; TEXT (SIZE bytes) receives what was printed meanwhile. */
static void stderr_release(struct captured *c, char *text, size_t size)
{
    fflush(stderr);
    assert_true(dup2(c->saved, STDERR_FILENO) >= 0);
    close(c->saved);
    FILE *fp = fopen(c->path, "r");
    assert_non_null(fp);
    size_t n = fread(text, 1, size - 1, fp);
    text[n] = '\0';
    fclose(fp);
    assert_int_equal(unlink(c->path), 0);
}

/* A generated sheet longer than a worksheet: row r is "r" and the
 * number r; row 0 the title. */
static void long_row(const void *ctx, size_t r, struct cell *out)
{
    static char title[] = "A long breakdown", label[] = "level";
    (void)ctx;
    if (r == 0) {
        out[0] = (struct cell){CELL_HEADING, 0.0, title};
        return;
    }
    out[0] = (struct cell){CELL_TEXT, 0.0, label};
    out[1] = (struct cell){CELL_COUNT, (double)r, NULL};
}

static void test_xlsx_long_sheet(void **state)
{
    (void)state;
    struct workbook wb = {0};
    struct wq_error err = {0};
    char dir[] = "/tmp/wq-sheets-XXXXXX", path[256], cmd[768];
    assert_non_null(mkdtemp(dir));
    struct sheet *sh = workbook_add_sheet(&wb, "By Team");
    assert_non_null(sh);
    sh->gen = calloc(1, sizeof *sh->gen);
    assert_non_null(sh->gen);
    *sh->gen = (struct sheet_gen){long_row, malloc(1), calloc(2, sizeof(struct cell)), (size_t)-1};
    sh->n_rows = SHEET_ROWS_MAX + 2; /* two more than a worksheet holds */
    sh->n_cols = 2;
    sh->csv_file = strdup("breakdown-team.csv");
    sh->csv_note = strdup("The rows are in breakdown-team.csv.");
    assert_non_null(sh->csv_file);
    assert_non_null(sh->csv_note);
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    assert_int_equal(sheets_write_xlsx(&wb, path, &err), WQ_OK);
    /* the workbook and the CSV, nothing else; every row in the CSV, the last
     * one the 1,048,577th data row */
    snprintf(cmd, sizeof cmd,
             "test $(ls -A '%s' | wc -l) -eq 2 && test $(wc -l <'%s/breakdown-team.csv') -eq "
             "1048578 && test \"$(tail -n 1 '%s/breakdown-team.csv')\" = level,1048577",
             dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    /* the worksheet holds its name and the note, read back by Python */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])"
             "[\"By Team\"]; sys.exit(not (ws[\"A1\"].value == \"By Team\" and "
             "ws[\"A2\"].value == \"The rows are in breakdown-team.csv.\" and ws.max_row == 2))' "
             "'%s'",
             path);
    if (system("/usr/bin/python3 -c 'import openpyxl' 2>/dev/null") == 0)
        assert_int_equal(system(cmd), 0);
    sheets_free(&wb);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_xlsx_file(void **state)
{
    (void)state;
    struct fixture f;
    struct wq_error err = {0};
    char dir[] = "/tmp/wq-sheets-XXXXXX", path[256], cmd[512];
    assert_non_null(mkdtemp(dir));
    wres_table(&f);
    assert_int_equal(sheets_build(&f.wb, &f.t, &f.w, &f.o, &err), WQ_OK);
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    assert_int_equal(sheets_write_xlsx(&f.wb, path, &err), WQ_OK);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char magic[4] = {0};
    assert_int_equal(fread(magic, 1, 4, fp), 4);
    fclose(fp);
    assert_memory_equal(magic, "PK\3\4", 4);
    /* only the file itself is left: no temporary */
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);

    /* a folder that does not exist: cannot create, nothing left behind; what
     * libxlsxwriter prints about it (if anything) names that file only */
    snprintf(path, sizeof path, "%s/missing/out.xlsx", dir);
    struct captured cap;
    char printed[1024];
    stderr_capture(&cap);
    int st = sheets_write_xlsx(&f.wb, path, &err);
    stderr_release(&cap, printed, sizeof printed);
    assert_int_equal(st, WQ_ECANTCREAT);
    assert_non_null(strstr(err.msg, "missing/out.xlsx"));
    if (printed[0]) {
        assert_non_null(strstr(printed, "Error creating"));
        assert_non_null(strstr(printed, "/missing/out.xlsx"));
    }
    assert_int_equal(system(cmd), 0);

    /* an invalid sheet name is reported, not written */
    struct workbook bad = {0};
    assert_non_null(workbook_add_sheet(&bad, "bad:name"));
    snprintf(path, sizeof path, "%s/bad.xlsx", dir);
    assert_int_not_equal(sheets_write_xlsx(&bad, path, &err), WQ_OK);
    assert_non_null(strstr(err.msg, "bad:name"));
    assert_int_equal(system(cmd), 0);
    sheets_free(&bad);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_display),
        cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_wres_sheets),
        cmocka_unit_test(test_wres_metric1),
        cmocka_unit_test(test_wres_comparisons),
        cmocka_unit_test(test_wres_board),
        cmocka_unit_test(test_wres_breakdown),
        cmocka_unit_test(test_wres_all_figures),
        cmocka_unit_test(test_wres_quality_methods),
        cmocka_unit_test(test_wdes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_csv_files),
        cmocka_unit_test(test_display_len),
        cmocka_unit_test(test_xlsx_file),
        cmocka_unit_test(test_xlsx_long_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
