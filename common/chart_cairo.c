/* chart_cairo.c: draws a chart model (chart.h) with cairo into PNG, SVG or
 * PDF. It only draws what the model holds, in its order (background,
 * areas, lines, marks, texts); every position, colour and string comes from
 * chart.c. Cairo's status is sticky, so it is checked once after drawing
 * and once after the surface is finished or the PNG written; files are
 * opened here (so that "cannot create" and "cannot write" stay distinct)
 * and written through cairo's stream functions. */
#include "chart.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "isolate.h"
#include "text.h"

#if CAIRO_VERSION < CAIRO_VERSION_ENCODE(1, 16, 0)
#error "cairo 1.16 or later is needed (cairo_pdf_surface_set_metadata)"
#endif

#define FONT_FACE "DejaVu Sans"
#define PNG_SCALE 2.0
/* Cairo's image surfaces are at most 32,767 pixels a side: a taller chart
 * is drawn at a smaller scale rather than not at all. */
#define PNG_MAX_PX 32767.0
#define TWO_PI 6.283185307179586
/* A fixed date, so that the same model gives the same PDF file. */
#define PDF_DATE "2000-01-01T00:00:00Z"

static void set_colour(cairo_t *cr, enum chart_colour colour, double alpha)
{
    unsigned r = 0, g = 0, b = 0;
    if (sscanf(chart_colour_hex(colour), "#%2x%2x%2x", &r, &g, &b) != 3)
        r = g = b = 0;
    cairo_set_source_rgba(cr, r / 255.0, g / 255.0, b / 255.0, alpha);
}

static void draw_area(cairo_t *cr, const struct chart_area *a)
{
    if (a->n < 3)
        return;
    cairo_new_path(cr);
    for (size_t i = 0; i < a->n; i++)
        cairo_line_to(cr, a->x[i], a->y[i]);
    cairo_close_path(cr);
    set_colour(cr, a->colour, a->alpha);
    cairo_fill(cr);
}

static void set_dash(cairo_t *cr, bool dashed, double width)
{
    static const double dash[2] = {4, 3};
    static const double wide[2] = {5, 3.5};
    if (dashed)
        cairo_set_dash(cr, width >= 1.5 ? wide : dash, 2, 0);
    else
        cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_line(cairo_t *cr, const struct chart_line *l)
{
    if (l->n < 2)
        return;
    cairo_new_path(cr);
    for (size_t i = 0; i < l->n; i++)
        cairo_line_to(cr, l->x[i], l->y[i]);
    set_colour(cr, l->colour, 1);
    cairo_set_line_width(cr, l->width > 0 ? l->width : 1);
    set_dash(cr, l->dashed, l->width);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* One end of an interval at (X, Y) pointing along (DX, DY) (unit vector
 * away from the mark): a cap across the bar, or an arrowhead if OPEN. */
static void draw_end(cairo_t *cr, double x, double y, double dx, double dy, bool open)
{
    if (open) {
        cairo_new_path(cr);
        cairo_move_to(cr, x + 4 * dx, y + 4 * dy);
        cairo_line_to(cr, x - 3 * dy, y + 3 * dx);
        cairo_line_to(cr, x + 3 * dy, y - 3 * dx);
        cairo_close_path(cr);
        cairo_fill(cr);
    } else {
        cairo_new_path(cr);
        cairo_move_to(cr, x - 3 * dy, y + 3 * dx);
        cairo_line_to(cr, x + 3 * dy, y - 3 * dx);
        cairo_stroke(cr);
    }
}

static void shape_path(cairo_t *cr, const struct chart_mark *m, double r)
{
    cairo_new_path(cr);
    switch (m->shape) {
    case SHAPE_SQUARE:
        cairo_rectangle(cr, m->x - r, m->y - r, 2 * r, 2 * r);
        break;
    case SHAPE_DIAMOND:
        cairo_move_to(cr, m->x, m->y - r * 1.25);
        cairo_line_to(cr, m->x + r * 1.25, m->y);
        cairo_line_to(cr, m->x, m->y + r * 1.25);
        cairo_line_to(cr, m->x - r * 1.25, m->y);
        cairo_close_path(cr);
        break;
    case SHAPE_TRIANGLE_UP:
    case SHAPE_TRIANGLE_DOWN:
    case SHAPE_TRIANGLE_LEFT:
    case SHAPE_TRIANGLE_RIGHT: {
        /* Unit vector to the tip, and the base across it. */
        double dx = m->shape == SHAPE_TRIANGLE_LEFT ? -1 : m->shape == SHAPE_TRIANGLE_RIGHT;
        double dy = m->shape == SHAPE_TRIANGLE_UP ? -1 : m->shape == SHAPE_TRIANGLE_DOWN;
        cairo_move_to(cr, m->x + dx * r * 1.2, m->y + dy * r * 1.2);
        cairo_line_to(cr, m->x - dx * r * 0.8 - dy * r, m->y - dy * r * 0.8 + dx * r);
        cairo_line_to(cr, m->x - dx * r * 0.8 + dy * r, m->y - dy * r * 0.8 - dx * r);
        cairo_close_path(cr);
        break;
    }
    case SHAPE_CIRCLE:
    default:
        cairo_arc(cr, m->x, m->y, r, 0, TWO_PI);
        cairo_close_path(cr);
        break;
    }
}

static void draw_mark(cairo_t *cr, const struct chart_mark *m)
{
    double r = m->r > 0 ? m->r : 3.5;
    set_colour(cr, m->colour, 1);
    cairo_set_line_width(cr, 1.2);
    cairo_set_dash(cr, NULL, 0, 0);
    if (!isnan(m->y_low) && !isnan(m->y_high)) {
        /* Device y grows downwards: y_low is below (larger y). */
        cairo_new_path(cr);
        cairo_move_to(cr, m->x, m->y_low);
        cairo_line_to(cr, m->x, m->y_high);
        cairo_stroke(cr);
        draw_end(cr, m->x, m->y_low, 0, m->y_low >= m->y_high ? 1 : -1, m->open_low);
        draw_end(cr, m->x, m->y_high, 0, m->y_low >= m->y_high ? -1 : 1, m->open_high);
    }
    if (!isnan(m->x_low) && !isnan(m->x_high)) {
        cairo_new_path(cr);
        cairo_move_to(cr, m->x_low, m->y);
        cairo_line_to(cr, m->x_high, m->y);
        cairo_stroke(cr);
        draw_end(cr, m->x_low, m->y, m->x_low <= m->x_high ? -1 : 1, 0, m->open_low);
        draw_end(cr, m->x_high, m->y, m->x_low <= m->x_high ? 1 : -1, 0, m->open_high);
    }
    shape_path(cr, m, r);
    if (m->hollow) {
        set_colour(cr, COL_WHITE, 1);
        cairo_fill_preserve(cr);
        set_colour(cr, m->colour, 1);
        cairo_set_line_width(cr, 1.4);
        cairo_stroke(cr);
        return;
    }
    cairo_fill_preserve(cr);
    if (m->outline) {
        set_colour(cr, COL_DARK_BLUE, 1);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
    } else {
        cairo_new_path(cr);
    }
}

static void draw_text(cairo_t *cr, const struct chart_text *t)
{
    if (!t->text || !*t->text)
        return;
    cairo_select_font_face(cr, FONT_FACE, CAIRO_FONT_SLANT_NORMAL,
                           t->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, t->size > 0 ? t->size : 8);
    cairo_text_extents_t e;
    cairo_text_extents(cr, t->text, &e);
    double x = t->x;
    if (t->align == 0)
        x -= e.x_advance / 2;
    else if (t->align > 0)
        x -= e.x_advance;
    set_colour(cr, t->colour, 1);
    cairo_move_to(cr, x, t->y);
    cairo_show_text(cr, t->text);
    cairo_new_path(cr);
}

/* Draw the whole model on CR (in points). */
static void draw(cairo_t *cr, const struct chart *c)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);

    cairo_rectangle(cr, 0, 0, c->width, c->height);
    set_colour(cr, COL_WHITE, 1);
    cairo_fill(cr);
    for (size_t i = 0; i < c->n_areas; i++)
        draw_area(cr, &c->areas[i]);
    for (size_t i = 0; i < c->n_lines; i++)
        draw_line(cr, &c->lines[i]);
    for (size_t i = 0; i < c->n_marks; i++)
        draw_mark(cr, &c->marks[i]);
    for (size_t i = 0; i < c->n_texts; i++)
        draw_text(cr, &c->texts[i]);
}

/* ---- output -------------------------------------------------------------- */

struct sink {
    struct strbuf *buf;
    bool nomem;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct sink *s = closure;
    if (!strbuf_append(s->buf, (const char *)data, len)) {
        s->nomem = true;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

enum format { FMT_PNG, FMT_SVG, FMT_PDF };

/* ---- PNG ----------------------------------------------------------------- */

/* The PNG is written with libpng rather than cairo_surface_write_to_png,
 * which asks zlib for its default level and libpng for adaptive filtering:
 * for a chart's flat colours, no filter and zlib's fastest level make a
 * file no larger in a third of the time (the 200-level forest chart, 2
 * MB of pixels, was most of the time report took to write). The pixels,
 * the colour type and the chunks (IHDR, a white bKGD, IDAT, IEND) are those
 * cairo writes for an RGB24 surface. */
static void png_put(png_structp png, png_bytep data, size_t len)
{
    struct sink *s = png_get_io_ptr(png);
    if (!strbuf_append(s->buf, (const char *)data, len)) {
        s->nomem = true;
        png_error(png, "out of memory");
    }
}

static void png_no_flush(png_structp png)
{
    (void)png;
}

/* libpng's errors end in a jump back to write_png; its warnings (none are
 * expected for these settings) are not printed */
static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* The rows of SURF's pixels (cairo's native-endian xRGB words) as RGB
 * bytes, one row at a time into ROW, to libpng. */
static void png_rows(png_structp png, cairo_surface_t *surf, unsigned char *row)
{
    const unsigned char *data = cairo_image_surface_get_data(surf);
    int w = cairo_image_surface_get_width(surf), h = cairo_image_surface_get_height(surf);
    size_t stride = (size_t)cairo_image_surface_get_stride(surf);
    for (int y = 0; y < h; y++) {
        const unsigned char *p = data + (size_t)y * stride;
        for (int x = 0; x < w; x++) {
            uint32_t v;
            memcpy(&v, p + 4 * (size_t)x, sizeof v);
            row[3 * x] = (unsigned char)(v >> 16);
            row[3 * x + 1] = (unsigned char)(v >> 8);
            row[3 * x + 2] = (unsigned char)v;
        }
        png_write_row(png, row);
    }
}

/* SURF (an RGB24 image surface) as a PNG file to S. */
static cairo_status_t write_png(cairo_surface_t *surf, struct sink *s)
{
    cairo_surface_flush(surf);
    int w = cairo_image_surface_get_width(surf), h = cairo_image_surface_get_height(surf);
    if (!cairo_image_surface_get_data(surf) || w <= 0 || h <= 0)
        return CAIRO_STATUS_INVALID_SIZE;
    unsigned char *row = malloc(3 * (size_t)w);
    png_structp png = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail,
                                                    png_warn)
                          : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        free(row);
        return CAIRO_STATUS_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return s->nomem ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_PNG_ERROR;
    }
    png_set_write_fn(png, s, png_put, png_no_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_color_16 white = {0, 0xff, 0xff, 0xff, 0xff};
    png_set_bKGD(png, info, &white);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 1);
    png_write_info(png, info);
    png_rows(png, surf, row);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    return CAIRO_STATUS_SUCCESS;
}

static int cairo_fail(struct wq_error *err, cairo_status_t st, const struct sink *s,
                      const char *what)
{
    /* the PNG goes to memory (sink_write): libpng can fail there only for
     * want of memory, which cairo reports as a PNG error */
    if (st == CAIRO_STATUS_NO_MEMORY || st == CAIRO_STATUS_PNG_ERROR || s->nomem)
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: out of memory", what);
    return wq_fail(err, WQ_EIO, NULL, "%s: cannot draw the chart: %s", what,
                   cairo_status_to_string(st));
}

/* Draw C in format FMT to sink S; WQ_OK or a failure in ERR (WHAT names
 * the output in messages). */
static int draw_to(const struct chart *c, enum format fmt, struct sink *s, const char *what,
                   struct wq_error *err)
{
    double w = c->width > 0 ? c->width : CHART_WIDTH, h = c->height > 0 ? c->height : CHART_HEIGHT;
    double scale = PNG_SCALE;
    scale = w * scale > PNG_MAX_PX ? floor(PNG_MAX_PX / w * 1000) / 1000 : scale;
    scale = h * scale > PNG_MAX_PX ? floor(PNG_MAX_PX / h * 1000) / 1000 : scale;
    cairo_surface_t *surf;
    switch (fmt) {
    case FMT_PNG:
        surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale),
                                          (int)ceil(h * scale));
        break;
    case FMT_SVG:
        surf = cairo_svg_surface_create_for_stream(sink_write, s, w, h);
        break;
    case FMT_PDF:
    default:
        surf = cairo_pdf_surface_create_for_stream(sink_write, s, w, h);
        break;
    }
    cairo_status_t st = cairo_surface_status(surf);
    if (st) {
        cairo_surface_destroy(surf);
        return cairo_fail(err, st, s, what);
    }
    if (fmt == FMT_PDF) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, c->title ? c->title : "");
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "wres/wdes");
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, PDF_DATE);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, PDF_DATE);
    }
    cairo_t *cr = cairo_create(surf);
    if (fmt == FMT_PNG)
        cairo_scale(cr, scale, scale);
    draw(cr, c);
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (!st) {
        errno = 0;
        if (fmt == FMT_PNG) {
            st = write_png(surf, s);
        } else {
            cairo_surface_finish(surf);
            st = cairo_surface_status(surf);
        }
    }
    cairo_surface_destroy(surf);
    return st ? cairo_fail(err, st, s, what) : WQ_OK;
}

struct job {
    const struct chart *c;
    enum format fmt;
    const char *what;
};

static int run_job(void *ctx, struct strbuf *out, struct wq_error *err)
{
    const struct job *j = ctx;
    struct sink s = {.buf = out};
    return draw_to(j->c, j->fmt, &s, j->what, err);
}

/* Draw C in format FMT into OUT (emptied first), in a child process: cairo
 * asks fontconfig for every new font size, and fontconfig does not survive
 * running out of memory (isolate.h). */
static int render(const struct chart *c, enum format fmt, struct strbuf *out, const char *what,
                  struct wq_error *err)
{
    struct job j = {c, fmt, what};
    return isolate_run(run_job, &j, out, what, "the font library (fontconfig)", err);
}

/* The format named by PATH's extension, or -1. */
static int format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return -1;
    if (!strcasecmp(dot, ".png"))
        return FMT_PNG;
    if (!strcasecmp(dot, ".svg"))
        return FMT_SVG;
    if (!strcasecmp(dot, ".pdf"))
        return FMT_PDF;
    return -1;
}

/* Cairo's SVG backend names the drawing's group "surfaceN" after a
 * process-wide counter, so the same model would give different files.
 * Renumber every "surfaceN" (after '"' or '#') from 1 in order of first
 * appearance, into OUT. */
static bool renumber_surfaces(struct strbuf *out, const char *svg)
{
    static const char key[] = "surface";
    unsigned long map[64];
    size_t n_map = 0;
    const char *p = svg, *q;
    while ((q = strstr(p, key)) != NULL) {
        const char *digits = q + sizeof key - 1;
        size_t nd = strspn(digits, "0123456789");
        if (q == svg || (q[-1] != '"' && q[-1] != '#') || nd == 0 || nd > 9) {
            if (!strbuf_append(out, p, (size_t)(digits - p)))
                return false;
            p = digits;
            continue;
        }
        unsigned long old = strtoul(digits, NULL, 10);
        size_t k = 0;
        while (k < n_map && map[k] != old)
            k++;
        if (k == n_map) {
            if (n_map == sizeof map / sizeof *map)
                return false;
            map[n_map++] = old;
        }
        if (!strbuf_append(out, p, (size_t)(digits - p)) || !strbuf_printf(out, "%zu", k + 1))
            return false;
        p = digits + nd;
    }
    return strbuf_puts(out, p);
}

/* Draw C as SVG into *OUT (a NUL-terminated buffer, surfaces renumbered). */
static int render_svg_buffer(const struct chart *c, struct strbuf *out, const char *what,
                             struct wq_error *err)
{
    struct strbuf raw = {0};
    int rc = render(c, FMT_SVG, &raw, what, err);
    if (rc == WQ_OK && !raw.data)
        rc = wq_fail(err, WQ_EIO, NULL, "%s: cairo wrote no SVG", what);
    if (rc == WQ_OK && !renumber_surfaces(out, raw.data))
        rc = wq_fail(err, WQ_ENOMEM, NULL, "%s: out of memory", what);
    strbuf_free(&raw);
    if (rc != WQ_OK)
        strbuf_free(out);
    return rc;
}

int chart_render_file(const struct chart *c, const char *path, struct wq_error *err)
{
    int fmt = format_of(path);
    if (fmt < 0)
        return wq_fail(err, WQ_EUSAGE, NULL, "%s: unknown chart format (use .png, .svg or .pdf)",
                       path);
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st)
        return st;
    struct strbuf buf = {0};
    int rc = fmt == FMT_SVG ? render_svg_buffer(c, &buf, path, err)
                            : render(c, (enum format)fmt, &buf, path, err);
    if (rc == WQ_OK && buf.len && fwrite(buf.data, 1, buf.len, f) != buf.len)
        rc = wq_fail(err, WQ_EIO, NULL, "%s: write error: %s", path, strerror(errno));
    strbuf_free(&buf);
    if (rc == WQ_OK && (fflush(f) || ferror(f)))
        rc = wq_fail(err, WQ_EIO, NULL, "%s: write error: %s", path, strerror(errno));
    if (fclose(f) && rc == WQ_OK)
        rc = wq_fail(err, WQ_EIO, NULL, "%s: write error: %s", path, strerror(errno));
    if (rc != WQ_OK)
        remove(path);
    return rc;
}

/* Make the ids of an SVG unique to it (cairo numbers glyphs and clips
 * "glyph0-1", "clip1" in every document, and two such SVGs inlined in one
 * HTML page would share them): prefix every id="X", href="#X" and url(#X)
 * with PREFIX. */
static bool prefix_ids(struct strbuf *out, const char *svg, const char *prefix)
{
    static const char *const pat[] = {"id=\"", "href=\"#", "url(#"};
    /* the next match of each pattern at or after P (NULL: none), found again
     * only once P has passed it: a rare pattern is not looked for over the
     * whole rest of the document at every match of the others */
    const char *next[3] = {NULL, NULL, NULL};
    bool looked[3] = {false, false, false};
    const char *p = svg;
    while (*p) {
        size_t best = SIZE_MAX, which = 0;
        for (size_t i = 0; i < 3; i++) {
            if (!looked[i] || (next[i] && next[i] < p)) {
                next[i] = strstr(p, pat[i]);
                looked[i] = true;
            }
            if (next[i] && (size_t)(next[i] - p) < best) {
                best = (size_t)(next[i] - p);
                which = i;
            }
        }
        if (best == SIZE_MAX)
            return strbuf_puts(out, p);
        size_t plen = strlen(pat[which]);
        if (!strbuf_append(out, p, best + plen) || !strbuf_puts(out, prefix))
            return false;
        p += best + plen;
    }
    return true;
}

int chart_render_svg(const struct chart *c, char **out, size_t *len, struct wq_error *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    struct strbuf raw = {0}, fixed = {0};
    int rc = render_svg_buffer(c, &raw, "SVG chart", err);
    if (rc != WQ_OK)
        return rc;
    char prefix[32];
    snprintf(prefix, sizeof prefix, "c%016llx-",
             (unsigned long long)text_hash(raw.data, raw.len));
    bool ok = prefix_ids(&fixed, raw.data, prefix);
    strbuf_free(&raw);
    if (!ok || !fixed.data) {
        strbuf_free(&fixed);
        return wq_fail(err, WQ_ENOMEM, NULL, "SVG chart: out of memory");
    }
    *out = fixed.data;
    if (len)
        *len = fixed.len;
    return WQ_OK;
}

int chart_fonts_init(struct wq_error *err)
{
    if (!FcInit())
        return wq_fail(err, WQ_ENOMEM, NULL, "cannot load the font configuration (fontconfig)");
    return WQ_OK;
}
