/* test_chart_render.c: common/chart_cairo.c writing PNG, SVG and PDF files
 * into a mkdtemp folder: magic bytes, sizes, PNG dimensions, byte-identical
 * output for the same model, error codes for paths that cannot be created
 * or written, and pixels of a rendered trend chart read back with cairo. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "chart.h"

/* Fontconfig keeps caches that it never frees; they are not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

struct fixture {
    char dir[64];
    struct chart ratio;        /* a trend ratio with values above the band */
};

static const struct chart_year_value ratio_years[] = {
    {2017, 1.40, 1.30, 1.52, NAN},
    {2018, 1.50, 1.38, 1.63, NAN},
    {2019, 1.60, 1.47, 1.74, NAN},
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/test_chart_render_XXXXXX");
    if (!mkdtemp(f->dir) ||
        chart_trend_ratio(&f->ratio, "Relative likelihood of appointment", "Relative likelihood",
                          ratio_years, 3, "The change from 2018 to 2019 could be chance.",
                          "Period: 2017 to 2019. Intervals: Koopman, 95%.") != WQ_OK) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    chart_free(&f->ratio);
    rmdir(f->dir); /* the tests remove their files */
    free(f);
    return 0;
}

static void path_in(char *buf, size_t size, const struct fixture *f, const char *name)
{
    snprintf(buf, size, "%s/%s", f->dir, name);
}

/* Read a whole file (malloc'd, *LEN bytes); fails the test if unreadable. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    rewind(fp);
    unsigned char *data = malloc(size > 0 ? (size_t)size : 1);
    assert_non_null(data);
    size_t got = fread(data, 1, (size_t)size, fp);
    fclose(fp);
    assert_int_equal(got, (size_t)size);
    *len = got;
    return data;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Render C to NAME twice and check both copies are identical and start
 * with MAGIC; returns the first copy's bytes (caller frees). */
static unsigned char *render_twice(const struct fixture *f, const struct chart *c, const char *name,
                                   const char *magic, size_t *len)
{
    char p1[256], p2[256];
    struct wq_error err = {0};
    path_in(p1, sizeof p1, f, name);
    snprintf(p2, sizeof p2, "%s/again-%s", f->dir, name);
    assert_int_equal(chart_render_file(c, p1, &err), WQ_OK);
    assert_int_equal(chart_render_file(c, p2, &err), WQ_OK);
    size_t n1, n2;
    unsigned char *a = slurp(p1, &n1), *b = slurp(p2, &n2);
    assert_true(n1 > 1024);
    assert_memory_equal(a, magic, strlen(magic));
    if (n1 != n2 || memcmp(a, b, n1) != 0)
        fail_msg("%s: two renderings of the same model differ (%zu and %zu bytes)", name, n1, n2);
    free(b);
    remove(p1);
    remove(p2);
    *len = n1;
    return a;
}

static void test_png(void **state)
{
    struct fixture *f = *state;
    size_t len;
    unsigned char *png = render_twice(f, &f->ratio, "ratio.png", "\x89PNG\r\n\x1a\n", &len);
    /* IHDR: length, "IHDR", width, height (big-endian), at 2x the points */
    assert_true(len > 24);
    assert_memory_equal(png + 12, "IHDR", 4);
    assert_int_equal(be32(png + 16), 960);
    assert_int_equal(be32(png + 20), 600);
    free(png);
}

/* A chart taller than cairo's image limit at twice the size (20,000 pt:
 * 40,000 px) is drawn smaller, not refused: 32767 / 20000 = 1.638 px a
 * point (rounded down to a thousandth), so 787 (786.24 rounded up) x
 * 32760 pixels. */
static void test_png_tall(void **state)
{
    struct fixture *f = *state;
    struct chart tall = f->ratio;
    tall.height = 20000;
    size_t len;
    unsigned char *png = render_twice(f, &tall, "tall.png", "\x89PNG\r\n\x1a\n", &len);
    assert_memory_equal(png + 12, "IHDR", 4);
    assert_int_equal(be32(png + 16), 787);
    assert_int_equal(be32(png + 20), 32760);
    free(png);
}

static void test_svg(void **state)
{
    struct fixture *f = *state;
    size_t len;
    unsigned char *svg = render_twice(f, &f->ratio, "ratio.svg", "<?xml", &len);
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, svg, len);
    text[len] = '\0';
    assert_non_null(strstr(text, "<svg"));
    assert_non_null(strstr(text, "480pt"));
    free(text);
    free(svg);
}

static void test_pdf(void **state)
{
    struct fixture *f = *state;
    size_t len;
    unsigned char *pdf = render_twice(f, &f->ratio, "ratio.pdf", "%PDF-", &len);
    /* the fixed creation date, not today's (cairo 1.16 writes it without
     * the "D:" prefix) */
    bool dated = false;
    for (size_t i = 0; i + 30 < len && !dated; i++)
        dated = memcmp(pdf + i, "/CreationDate (", 15) == 0 &&
                (memcmp(pdf + i + 15, "20000101", 8) == 0 ||
                 memcmp(pdf + i + 15, "D:20000101", 10) == 0);
    assert_true(dated);
    free(pdf);
}

static void test_svg_string(void **state)
{
    struct fixture *f = *state;
    struct wq_error err = {0};
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    assert_int_equal(chart_render_svg(&f->ratio, &a, &la, &err), WQ_OK);
    assert_int_equal(chart_render_svg(&f->ratio, &b, &lb, &err), WQ_OK);
    assert_non_null(a);
    assert_int_equal(la, strlen(a));
    assert_true(la > 1024);
    assert_true(strncmp(a, "<?xml", 5) == 0);
    assert_non_null(strstr(a, "<svg"));
    assert_string_equal(a, b);
    /* ids are prefixed so that two charts can be inlined in one page */
    assert_null(strstr(a, "id=\"glyph"));
    assert_non_null(strstr(a, "id=\"c"));
    free(b);

    /* another chart gets other ids */
    const struct chart_year_value v[] = {{2019, 0.9, 0.8, 1.1, NAN}};
    struct chart c;
    assert_int_equal(chart_trend_ratio(&c, "Other", "RL", v, 1, NULL, NULL), WQ_OK);
    assert_int_equal(chart_render_svg(&c, &b, NULL, &err), WQ_OK);
    const char *ia = strstr(a, "id=\"c"), *ib = strstr(b, "id=\"c");
    assert_non_null(ib);
    assert_true(strncmp(ia, ib, 22) != 0);
    free(a);
    free(b);
    chart_free(&c);
}

static void test_errors(void **state)
{
    struct fixture *f = *state;
    struct wq_error err = {0};
    char path[256];
    const char *names[] = {"missing/chart.png", "missing/chart.svg", "missing/chart.pdf"};
    for (size_t i = 0; i < 3; i++) {
        path_in(path, sizeof path, f, names[i]);
        memset(&err, 0, sizeof err);
        assert_int_equal(chart_render_file(&f->ratio, path, &err), WQ_ECANTCREAT);
        assert_int_equal(err.code, WQ_ECANTCREAT);
        assert_non_null(strstr(err.msg, path));
        assert_false(file_exists(path));
    }
    path_in(path, sizeof path, f, "chart.gif");
    assert_int_equal(chart_render_file(&f->ratio, path, &err), WQ_EUSAGE);
    assert_false(file_exists(path));

    /* a full disk: the write fails, WQ_EIO, and no partial file is left */
    if (access("/dev/full", W_OK) == 0) {
        const char *exts[] = {"full.png", "full.svg", "full.pdf"};
        for (size_t i = 0; i < 3; i++) {
            path_in(path, sizeof path, f, exts[i]);
            assert_int_equal(symlink("/dev/full", path), 0);
            memset(&err, 0, sizeof err);
            assert_int_equal(chart_render_file(&f->ratio, path, &err), WQ_EIO);
            assert_int_equal(err.code, WQ_EIO);
            assert_true(strlen(err.msg) > 0);
            remove(path);
        }
    }
}

/* Every builder's model renders in every format. */
static void test_all_charts(void **state)
{
    struct fixture *f = *state;
    struct chart c[4];
    const struct chart_year_value a[] = {{2019, 0.14, 0.12, 0.16, NAN}, {2020, 0.16, 0.14, 0.18, NAN}};
    const struct chart_year_value b[] = {{2019, 0.24, 0.22, 0.26, NAN}, {2020, 0.22, 0.20, 0.24, NAN}};
    const struct chart_forest_row rows[] = {
        {"Medicine", 1.2, 0.9, 1.6, "40/210 vs 85/502", false, false}, {"Estates", NAN, NAN, NAN, "0/0 vs 0/12", false, false},
        {"Community", INFINITY, 1.4, INFINITY, "3/10 vs 0/44", false, false}, {"Corporate", 0, 0, 3.1, "0/8 vs 6/90", false, false}};
    const struct chart_funnel_unit units[] = {{"A", 14, 100, false}, {"B", 40, 100, false}, {"C", 150, 1000, false}};
    const struct chart_band_share bands[] = {{"Band 5", 0.34, 0.12}, {"Band 8b", 0.08, NAN}};
    assert_int_equal(chart_trend_percent(&c[0], "P", "BME", a, 2, "White", b, 2, NULL, NULL), WQ_OK);
    assert_int_equal(chart_forest(&c[1], "F", rows, 4, 1.1, NULL), WQ_OK);
    assert_int_equal(chart_funnel(&c[2], "U", units, 3, 0.15, NULL), WQ_OK);
    assert_int_equal(chart_composition(&c[3], "C", "BME", bands, 2, 0.2, NULL), WQ_OK);
    const char *ext[] = {"png", "svg", "pdf"};
    for (size_t i = 0; i < 4; i++) {
        for (size_t k = 0; k < 3; k++) {
            char path[256];
            struct wq_error err = {0};
            snprintf(path, sizeof path, "%s/chart%zu.%s", f->dir, i, ext[k]);
            assert_int_equal(chart_render_file(&c[i], path, &err), WQ_OK);
            size_t len;
            unsigned char *data = slurp(path, &len);
            assert_true(len > 1024);
            if (k == 0) /* the PNG grows with the model's height */
                assert_int_equal(be32(data + 20), (uint32_t)ceil(c[i].height * 2));
            free(data);
            remove(path);
        }
        chart_free(&c[i]);
    }
}

/* ---- pixels ----------------------------------------------------------------- */

/* The RGB of pixel (X, Y) of an image surface. */
static void pixel(cairo_surface_t *s, int x, int y, int rgb[3])
{
    assert_true(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(s) &&
                y < cairo_image_surface_get_height(s));
    const unsigned char *row =
        cairo_image_surface_get_data(s) + (size_t)y * (size_t)cairo_image_surface_get_stride(s);
    uint32_t p;
    memcpy(&p, row + 4 * (size_t)x, 4);
    rgb[0] = (int)(p >> 16 & 0xFF);
    rgb[1] = (int)(p >> 8 & 0xFF);
    rgb[2] = (int)(p & 0xFF);
}

static void assert_colour(cairo_surface_t *s, double x, double y, enum chart_colour colour, int tol)
{
    unsigned r, g, b;
    assert_int_equal(sscanf(chart_colour_hex(colour), "#%2x%2x%2x", &r, &g, &b), 3);
    int px[3];
    pixel(s, (int)floor(x * 2), (int)floor(y * 2), px);
    if (abs(px[0] - (int)r) > tol || abs(px[1] - (int)g) > tol || abs(px[2] - (int)b) > tol)
        fail_msg("pixel at (%.1f, %.1f) pt is #%02X%02X%02X, want %s", x, y, px[0], px[1], px[2],
                 chart_colour_hex(colour));
}

/* Whether any text's estimated box (with a margin) covers (X, Y). */
static bool text_covers(const struct chart *c, double x, double y)
{
    for (size_t i = 0; i < c->n_texts; i++) {
        const struct chart_text *t = &c->texts[i];
        double w = chart_text_width(t->text, t->size, t->bold);
        double x0 = t->align < 0 ? t->x : t->align > 0 ? t->x - w : t->x - w / 2;
        if (x >= x0 - 3 && x <= x0 + w + 3 && y >= t->y - t->size - 3 && y <= t->y + 3)
            return true;
    }
    return false;
}

static void test_pixels(void **state)
{
    struct fixture *f = *state;
    const struct chart *c = &f->ratio;
    char path[256];
    struct wq_error err = {0};
    path_in(path, sizeof path, f, "pixels.png");
    assert_int_equal(chart_render_file(c, path, &err), WQ_OK);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(s);
    assert_int_equal(cairo_image_surface_get_width(s), 960);
    assert_int_equal(cairo_image_surface_get_height(s), 600);

    /* The band: between the first two years, between 1 and 1.25 (above
     * the dashed parity line at 1, below the band's top at 1.25); no mark,
     * bar or line is there and no text covers it. */
    double x = (chart_axis_pos(&c->x, 2017) + chart_axis_pos(&c->x, 2018)) / 2;
    double y = chart_axis_pos(&c->y, 1.12);
    assert_true(y < chart_axis_pos(&c->y, 0.8) && y > chart_axis_pos(&c->y, 1.25));
    assert_true(fabs(y - chart_axis_pos(&c->y, 1)) > 4);
    assert_false(text_covers(c, x, y));
    assert_colour(s, x, y, COL_PALE_GREY, 4);

    /* Each point's centre has the point's colour. */
    assert_int_equal(c->n_marks, 3);
    for (size_t i = 0; i < c->n_marks; i++)
        assert_colour(s, c->marks[i].x, c->marks[i].y, COL_NHS_BLUE, 6);

    /* White outside the plot, at the top right corner. */
    assert_colour(s, c->width - 2, 2, COL_WHITE, 0);
    cairo_surface_destroy(s);
    remove(path);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png),
        cmocka_unit_test(test_png_tall),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_svg_string),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_all_charts),
        cmocka_unit_test(test_pixels),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    cairo_debug_reset_static_data();
    return rc;
}
