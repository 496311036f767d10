/* chart.c: the chart models: ticks, scales, layout, and every area, line,
 * mark and text in device units (points, origin at the top left).
 *
 * No graphics library here (PSPP's model / renderer split): chart_cairo.c
 * draws exactly what these builders lay out. Degenerate data (no points,
 * all NaN, zero ranges, 0 or infinite ratios) is guarded here.
 *
 * Building follows cairo's sticky-error idea: every helper below is a no-op
 * once an allocation has failed (struct build's OOM flag), and each builder
 * checks the flag once at the end, freeing the chart and returning
 * WQ_ENOMEM. */
#include "chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"
#include "stats.h"
#include "text.h"

/* ---- colours and text widths ------------------------------------------- */

static const char *const colour_hex[COL_N] = {
    [COL_NHS_BLUE] = PALETTE_BLUE,         [COL_DARK_BLUE] = PALETTE_DARK_BLUE,
    [COL_WARM_YELLOW] = PALETTE_YELLOW,    [COL_GREY] = PALETTE_GREY_1,
    [COL_PALE_GREY] = PALETTE_GREY_5,      [COL_DARK_RED] = PALETTE_RED,
    [COL_AQUA_GREEN] = PALETTE_AQUA_GREEN, [COL_BLACK] = PALETTE_TEXT,
    [COL_WHITE] = PALETTE_WHITE,
};

const char *chart_colour_hex(enum chart_colour c)
{
    return (unsigned)c < COL_N ? colour_hex[c] : "#000000";
}

/* DejaVu Sans advance widths of ASCII 32..126 in thousandths of an em, as
 * cairo 1.16 measures them without hinting (the renderer turns hinting
 * off, so the two agree). */
static const unsigned short width_regular[95] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
};
static const unsigned short width_bold[95] = {
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
    1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
    500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
};

/* Length of the UTF-8 sequence starting with byte C (1 for stray bytes). */
static size_t utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

double chart_text_width(const char *text, double size, bool bold)
{
    const unsigned short *w = bold ? width_bold : width_regular;
    double units = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (p && *p) {
        if (*p < 0x80) {
            units += *p >= 32 && *p < 127 ? w[*p - 32] : 0;
            p++;
            continue;
        }
        size_t len = utf8_len(*p);
        unsigned long cp = len == 2 ? *p & 0x1Fu : len == 3 ? *p & 0x0Fu : *p & 0x07u;
        size_t k = 1;
        for (; k < len && (p[k] & 0xC0) == 0x80; k++)
            cp = (cp << 6) | (p[k] & 0x3Fu);
        units += cp == 0x2026 || cp == 0x2014 ? 1000 : cp == 0x2013 ? 500 : bold ? 760 : 700;
        p += k;
    }
    return units * size / 1000.0;
}

/* ---- axes and ticks ----------------------------------------------------- */

double chart_axis_pos(const struct chart_axis *a, double v)
{
    if (isnan(v))
        return NAN;
    double lo = a->min, hi = a->max;
    if (a->log) {
        if (v <= 0)
            return a->pos0;
        if (isinf(v))
            return a->pos1;
        if (!(lo > 0) || !(hi > lo))
            return (a->pos0 + a->pos1) / 2;
        v = log10(v);
        lo = log10(lo);
        hi = log10(hi);
    } else {
        if (isinf(v))
            return v < 0 ? a->pos0 : a->pos1;
        if (!(hi > lo))
            return (a->pos0 + a->pos1) / 2;
    }
    return a->pos0 + (v - lo) / (hi - lo) * (a->pos1 - a->pos0);
}

double chart_axis_value(const struct chart_axis *a, double pos)
{
    if (isnan(pos) || a->pos1 == a->pos0)
        return NAN;
    double f = (pos - a->pos0) / (a->pos1 - a->pos0);
    if (a->log) {
        if (!(a->min > 0) || !(a->max > 0))
            return NAN;
        double lo = log10(a->min), hi = log10(a->max);
        return pow(10.0, lo + f * (hi - lo));
    }
    return a->min + f * (a->max - a->min);
}

/* M * 10^E as the double nearest the decimal (division for negative E). */
static double decimal(double m, int e)
{
    return e >= 0 ? m * pow(10.0, e) : m / pow(10.0, -e);
}

/* chart_nice_ticks, with steps of 2.5 only if ALLOW_25 (percent axes do
 * without them: "25%", not "25.0%"). */
static size_t nice_ticks(double lo, double hi, size_t n, double *ticks, size_t max, bool allow_25)
{
    if (!isfinite(lo) || !isfinite(hi) || max == 0)
        return 0;
    if (hi < lo) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (hi == lo) {
        double d = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= d;
        hi += d;
    }
    if (n < 2)
        n = 2;
    /* Steps as mantissa (in tenths) times 10^e: 1, 2, 2.5, 5. */
    static const int all[] = {10, 20, 25, 50}, no25[] = {10, 20, 50};
    const int *mant = allow_25 ? all : no25;
    size_t n_mant = allow_25 ? 4 : 3;
    double raw = (hi - lo) / (double)(n - 1);
    int e = (int)floor(log10(raw));
    size_t mi = 0;
    while (decimal(mant[mi], e - 1) < raw * (1 - 1e-12)) {
        if (++mi == n_mant) {
            mi = 0;
            e++;
        }
    }
    for (int guard = 0; guard < 400; guard++) {
        double step = decimal(mant[mi], e - 1);
        double i0 = floor(lo / step + 1e-9), i1 = ceil(hi / step - 1e-9);
        if (i1 - i0 + 1 <= (double)max) {
            size_t k = 0;
            for (double i = i0; i <= i1; i++)
                ticks[k++] = e - 1 >= 0 ? i * mant[mi] * pow(10.0, e - 1)
                                        : i * mant[mi] / pow(10.0, 1 - e);
            return k;
        }
        if (++mi == n_mant) {
            mi = 0;
            e++;
        }
    }
    return 0;
}

size_t chart_nice_ticks(double lo, double hi, size_t n, double *ticks, size_t max)
{
    return nice_ticks(lo, hi, n, ticks, max, true);
}

size_t chart_log_ticks(double lo, double hi, double *ticks, size_t max)
{
    if (!isfinite(lo) || !isfinite(hi) || !(lo > 0) || !(hi > 0) || max == 0)
        return 0;
    if (hi < lo) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    static const int m125[] = {1, 2, 5};
    int e0 = (int)floor(log10(lo)), e1 = (int)ceil(log10(hi));
    /* 1-2-5 from the largest at or below LO to the smallest at or above HI. */
    double cand[64];
    size_t k = 0;
    if (e1 - e0 <= 20) {
        for (int e = e0 - 1; e <= e1 && k < 64; e++) {
            for (size_t i = 0; i < 3 && k < 64; i++)
                cand[k++] = decimal(m125[i], e);
        }
        size_t first = 0, last = k - 1;
        for (size_t i = 0; i < k; i++)
            if (cand[i] <= lo * (1 + 1e-12))
                first = i;
        for (size_t i = k; i-- > 0;)
            if (cand[i] >= hi * (1 - 1e-12))
                last = i;
        if (last - first + 1 <= 10 && last - first + 1 <= max) {
            for (size_t i = first; i <= last; i++)
                ticks[i - first] = cand[i];
            return last - first + 1;
        }
    }
    /* Powers of ten; every other one past ten decades. */
    int stride = e1 - e0 > 10 ? 2 : 1;
    while ((size_t)((e1 - e0) / stride + 2) > max && stride < 1000)
        stride *= 2;
    int start = (int)floor((double)e0 / stride) * stride;
    k = 0;
    for (int e = start; k < max; e += stride) {
        ticks[k++] = decimal(1, e);
        if (e >= e1)
            break;
    }
    return k >= 2 || e0 == e1 ? k : 0;
}

/* ---- the builder: sticky allocation failure, occupancy for labels ---------- */

struct box {
    double x0, y0, x1, y1;
};

struct strlist {
    char **v;
    size_t n, alloc;
};

struct build {
    struct chart *c;
    size_t a_areas, a_lines, a_marks, a_texts;
    struct box *occ;           /* boxes taken by marks, bars and labels */
    size_t n_occ, a_occ;
    struct box *segs;          /* line segments (x0,y0)-(x1,y1) labels avoid */
    size_t n_segs, a_segs;
    struct strbuf notes;       /* the builder's own footnote sentences */
    struct strlist title, subtitle, foot;   /* wrapped lines */
    bool oom;
};

#define MARGIN 14.0
#define TITLE_SIZE 13.0
#define TITLE_LEAD 16.0
#define SUB_SIZE 9.0
#define SUB_LEAD 11.5
#define AXIS_TITLE_SIZE 8.5
#define TICK_SIZE 8.0
#define LABEL_SIZE 7.5
#define FOOT_SIZE 7.5
#define FOOT_LEAD 9.5
#define MIN_PLOT_H 140.0
#define FOREST_ROW_H 22.0
#define BAR_ROW_H 28.0
#define MAX_TICKS 64

static void build_init(struct build *b, struct chart *c)
{
    memset(c, 0, sizeof *c);
    memset(b, 0, sizeof *b);
    b->c = c;
    c->width = CHART_WIDTH;
    c->height = CHART_HEIGHT;
    c->x.min = c->y.min = 0;
    c->x.max = c->y.max = 1;
}

/* Grow array P (N used, *ALLOC allocated, SIZE bytes each) for one more
 * element; returns the (possibly moved) array or NULL (OOM set). */
static void *grow(struct build *b, void *p, size_t n, size_t *alloc, size_t size)
{
    if (b->oom)
        return NULL;
    if (n < *alloc)
        return p;
    size_t na = *alloc ? 2 * *alloc : 8;
    if (na > SIZE_MAX / size) {
        b->oom = true;
        return NULL;
    }
    void *q = realloc(p, na * size);
    if (!q) {
        b->oom = true;
        return NULL;
    }
    *alloc = na;
    return q;
}

static char *dup(struct build *b, const char *s)
{
    if (!s || b->oom)
        return NULL;
    size_t len = strlen(s);
    char *d = malloc(len + 1);
    if (!d) {
        b->oom = true;
        return NULL;
    }
    memcpy(d, s, len + 1);
    return d;
}

static char *dupf(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *dupf(struct build *b, const char *fmt, ...)
{
    if (b->oom)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *d = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!d) {
        b->oom = true;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(d, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return d;
}

static void note(struct build *b, const char *sentence)
{
    if (b->oom)
        return;
    if ((b->notes.len && !strbuf_puts(&b->notes, " ")) || !strbuf_puts(&b->notes, sentence))
        b->oom = true;
}

static void strlist_push(struct build *b, struct strlist *l, char *s)
{
    if (!s)
        return;
    char **v = grow(b, l->v, l->n, &l->alloc, sizeof *l->v);
    if (!v) {
        free(s);
        return;
    }
    l->v = v;
    l->v[l->n++] = s;
}

static void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static void build_done(struct build *b)
{
    free(b->occ);
    free(b->segs);
    strbuf_free(&b->notes);
    strlist_free(&b->title);
    strlist_free(&b->subtitle);
    strlist_free(&b->foot);
}

/* Finish a builder: WQ_OK, or WQ_ENOMEM with the chart freed. */
static int build_finish(struct build *b)
{
    bool oom = b->oom;
    build_done(b);
    if (oom) {
        chart_free(b->c);
        return WQ_ENOMEM;
    }
    return WQ_OK;
}

/* -- primitives -- */

static struct box text_box(double x, double y, const char *s, double size, bool bold, int align)
{
    double w = chart_text_width(s, size, bold);
    double x0 = align < 0 ? x : align > 0 ? x - w : x - w / 2;
    return (struct box){x0, y - 0.76 * size, x0 + w, y + 0.24 * size};
}

static void add_text(struct build *b, double x, double y, const char *s, double size,
                     enum chart_colour colour, int align, bool bold)
{
    struct chart *c = b->c;
    if (!s)
        return;
    struct chart_text *t = grow(b, c->texts, c->n_texts, &b->a_texts, sizeof *t);
    if (!t)
        return;
    c->texts = t;
    char *d = dup(b, s);
    if (!d)
        return;
    c->texts[c->n_texts++] = (struct chart_text){x, y, d, size, colour, align, bold};
}

/* Copy two arrays of N doubles; false (OOM set) on failure. */
static bool copy_xy(struct build *b, const double *x, const double *y, size_t n, double **ox,
                    double **oy)
{
    *ox = *oy = NULL;
    if (b->oom || n == 0)
        return !b->oom;
    *ox = malloc(n * sizeof **ox);
    *oy = malloc(n * sizeof **oy);
    if (!*ox || !*oy) {
        free(*ox);
        free(*oy);
        *ox = *oy = NULL;
        b->oom = true;
        return false;
    }
    memcpy(*ox, x, n * sizeof *x);
    memcpy(*oy, y, n * sizeof *y);
    return true;
}

static void add_line(struct build *b, const double *x, const double *y, size_t n,
                     enum chart_colour colour, double width, bool dashed, const char *label)
{
    struct chart *c = b->c;
    struct chart_line *l = grow(b, c->lines, c->n_lines, &b->a_lines, sizeof *l);
    if (!l)
        return;
    c->lines = l;
    struct chart_line line = {.n = n, .colour = colour, .width = width, .dashed = dashed};
    if (!copy_xy(b, x, y, n, &line.x, &line.y))
        return;
    if (label && !(line.label = dup(b, label))) {
        free(line.x);
        free(line.y);
        return;
    }
    c->lines[c->n_lines++] = line;
}

static void add_seg(struct build *b, double x0, double y0, double x1, double y1,
                    enum chart_colour colour, double width, bool dashed, const char *label)
{
    double x[2] = {x0, x1}, y[2] = {y0, y1};
    add_line(b, x, y, 2, colour, width, dashed, label);
}

static void add_area(struct build *b, const double *x, const double *y, size_t n,
                     enum chart_colour colour, double alpha, const char *label)
{
    struct chart *c = b->c;
    struct chart_area *a = grow(b, c->areas, c->n_areas, &b->a_areas, sizeof *a);
    if (!a)
        return;
    c->areas = a;
    struct chart_area area = {.n = n, .colour = colour, .alpha = alpha};
    if (!copy_xy(b, x, y, n, &area.x, &area.y))
        return;
    if (label && !(area.label = dup(b, label))) {
        free(area.x);
        free(area.y);
        return;
    }
    c->areas[c->n_areas++] = area;
}

static void add_rect(struct build *b, double x0, double y0, double x1, double y1,
                     enum chart_colour colour, double alpha, const char *label)
{
    double x[4] = {x0, x1, x1, x0}, y[4] = {y0, y0, y1, y1};
    add_area(b, x, y, 4, colour, alpha, label);
}

/* A new mark (no interval, filled); the pointer is valid until the next
 * add_mark. NULL on failure. */
static struct chart_mark *add_mark(struct build *b, double x, double y, enum chart_colour colour,
                                   enum chart_shape shape, double r, const char *label)
{
    struct chart *c = b->c;
    struct chart_mark *m = grow(b, c->marks, c->n_marks, &b->a_marks, sizeof *m);
    if (!m)
        return NULL;
    c->marks = m;
    char *d = NULL;
    if (label && !(d = dup(b, label)))
        return NULL;
    m = &c->marks[c->n_marks++];
    *m = (struct chart_mark){.x = x, .y = y, .x_low = NAN, .x_high = NAN, .y_low = NAN,
                             .y_high = NAN, .colour = colour, .label = d, .shape = shape,
                             .r = r};
    return m;
}

/* -- occupancy and label placement -- */

static void occupy(struct build *b, struct box r)
{
    struct box *o = grow(b, b->occ, b->n_occ, &b->a_occ, sizeof *o);
    if (!o)
        return;
    b->occ = o;
    b->occ[b->n_occ++] = r;
}

static void occupy_seg(struct build *b, double x0, double y0, double x1, double y1)
{
    struct box *s = grow(b, b->segs, b->n_segs, &b->a_segs, sizeof *s);
    if (!s)
        return;
    b->segs = s;
    b->segs[b->n_segs++] = (struct box){x0, y0, x1, y1};
}

static void occupy_polyline(struct build *b, const double *x, const double *y, size_t n)
{
    for (size_t i = 1; i < n; i++)
        occupy_seg(b, x[i - 1], y[i - 1], x[i], y[i]);
}

static bool overlap(struct box a, struct box r)
{
    return a.x0 < r.x1 && r.x0 < a.x1 && a.y0 < r.y1 && r.y0 < a.y1;
}

/* Whether segment S (x0,y0)-(x1,y1) meets box R (Liang-Barsky). */
static bool seg_meets(struct box s, struct box r)
{
    double dx = s.x1 - s.x0, dy = s.y1 - s.y0;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {s.x0 - r.x0, r.x1 - s.x0, s.y0 - r.y0, r.y1 - s.y0};
    double t0 = 0, t1 = 1;
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t0)
                t0 = t;
        } else if (t < t1) {
            t1 = t;
        }
        if (t0 > t1)
            return false;
    }
    return true;
}

/* How much R would hide: -1 outside BOUNDS, else 100 per mark, bar or
 * text it overlaps plus 1 per line segment crossing it (0: free). */
static long box_cost(const struct build *b, struct box r, struct box bounds)
{
    if (r.x0 < bounds.x0 || r.x1 > bounds.x1 || r.y0 < bounds.y0 || r.y1 > bounds.y1)
        return -1;
    struct box pad = {r.x0 - 1, r.y0 - 1, r.x1 + 1, r.y1 + 1};
    long cost = 0;
    for (size_t i = 0; i < b->n_occ; i++)
        cost += overlap(pad, b->occ[i]) ? 100 : 0;
    for (size_t i = 0; i < b->n_segs; i++)
        cost += seg_meets(b->segs[i], pad);
    return cost;
}

/* Add text S at the first free position among N candidates (x, y, align)
 * inside BOUNDS and occupy it. FORCE: when none is free, use the candidate
 * inside BOUNDS that hides least (box_cost), or the first one moved into
 * BOUNDS. Returns whether the text was added. */
struct spot {
    double x, y;
    int align;
};
static bool place_text(struct build *b, const struct spot *cand, size_t n, const char *s,
                       double size, bool bold, enum chart_colour colour, struct box bounds,
                       bool force)
{
    size_t best = n;
    long best_cost = -1;
    for (size_t i = 0; i < n; i++) {
        struct box r = text_box(cand[i].x, cand[i].y, s, size, bold, cand[i].align);
        long cost = box_cost(b, r, bounds);
        if (cost == 0) {
            add_text(b, cand[i].x, cand[i].y, s, size, colour, cand[i].align, bold);
            occupy(b, r);
            return true;
        }
        if (cost > 0 && (best_cost < 0 || cost < best_cost)) {
            best = i;
            best_cost = cost;
        }
    }
    if (!force || n == 0)
        return false;
    if (best < n) {
        struct box r = text_box(cand[best].x, cand[best].y, s, size, bold, cand[best].align);
        add_text(b, cand[best].x, cand[best].y, s, size, colour, cand[best].align, bold);
        occupy(b, r);
        return true;
    }
    struct spot p = cand[0];
    struct box r = text_box(p.x, p.y, s, size, bold, p.align);
    if (r.x1 > bounds.x1)
        p.x -= r.x1 - bounds.x1;
    if (r.x0 - (r.x1 > bounds.x1 ? r.x1 - bounds.x1 : 0) < bounds.x0)
        p.x += bounds.x0 - r.x0;
    add_text(b, p.x, p.y, s, size, colour, p.align, bold);
    occupy(b, text_box(p.x, p.y, s, size, bold, p.align));
    return true;
}

/* Label a mark at (X, Y) of half-size R: right, left, above, below, the
 * four diagonals, then the same further away. */
static bool label_mark(struct build *b, double x, double y, double r, const char *s, double size,
                       bool bold, enum chart_colour colour, struct box bounds, bool force)
{
    double g = r + 3, mid = y + 0.26 * size, up = y - g - 0.24 * size, down = y + g + 0.76 * size;
    double G = g + 10, up2 = up - 10, down2 = down + 10;
    struct spot cand[] = {
        {x + g, mid, -1},  {x - g, mid, 1},     {x, up, 0},         {x, down, 0},
        {x + g, up, -1},   {x + g, down, -1},   {x - g, up, 1},     {x - g, down, 1},
        {x + G, mid, -1},  {x - G, mid, 1},     {x, up2, 0},        {x, down2, 0},
        {x + g, up2, -1},  {x + g, down2, -1},  {x - g, up2, 1},    {x - g, down2, 1},
    };
    return place_text(b, cand, sizeof cand / sizeof *cand, s, size, bold, colour, bounds, force);
}

/* Stack right-hand labels: ideal baselines Y[0..N) (sorted by the caller,
 * top first) moved apart by at least GAP within [TOP, BOTTOM]. */
static void stack(double *y, size_t n, double gap, double top, double bottom)
{
    for (size_t i = 0; i < n; i++) {
        if (y[i] < top)
            y[i] = top;
        if (i > 0 && y[i] < y[i - 1] + gap)
            y[i] = y[i - 1] + gap;
    }
    for (size_t i = n; i-- > 0;) {
        if (y[i] > bottom)
            y[i] = bottom;
        if (i + 1 < n && y[i] > y[i + 1] - gap)
            y[i] = y[i + 1] - gap;
    }
}

/* -- text layout -- */

/* Largest prefix of S (at a character boundary, at least one character)
 * whose width fits W. */
static size_t fit_prefix(const char *s, size_t len, double size, bool bold, double w, char *tmp)
{
    size_t best = utf8_len((unsigned char)s[0]);
    if (best > len)
        best = len;
    for (size_t k = best; k <= len; k += k < len ? utf8_len((unsigned char)s[k]) : 1) {
        memcpy(tmp, s, k);
        tmp[k] = '\0';
        if (chart_text_width(tmp, size, bold) > w)
            break;
        best = k;
        if (k == len)
            break;
    }
    return best;
}

/* Append CUR to L as a line, hard-breaking it while wider than W. */
static void emit_line(struct build *b, struct strlist *l, const char *cur, size_t len,
                      double size, bool bold, double w)
{
    char *tmp = malloc(len + 1);
    if (!tmp) {
        b->oom = true;
        return;
    }
    while (len > 0 && !b->oom) {
        size_t k = fit_prefix(cur, len, size, bold, w, tmp);
        memcpy(tmp, cur, k);
        tmp[k] = '\0';
        strlist_push(b, l, dup(b, tmp));
        cur += k;
        len -= k;
        while (len > 0 && *cur == ' ') {
            cur++;
            len--;
        }
    }
    free(tmp);
}

/* Wrap S into L: words (split at spaces) filled greedily to width W;
 * newlines break; a word wider than W is broken. */
static void wrap(struct build *b, struct strlist *l, const char *s, double size, bool bold, double w)
{
    struct strbuf cur = {0};
    const char *p = s ? s : "";
    for (;;) {
        const char *end = p + strcspn(p, "\n");
        cur.len = 0;
        const char *q = p;
        while (q < end && !b->oom) {
            while (q < end && *q == ' ')
                q++;
            if (q >= end)
                break;
            const char *we = q;
            while (we < end && *we != ' ')
                we++;
            size_t save = cur.len;
            if ((save && !strbuf_append(&cur, " ", 1)) ||
                !strbuf_append(&cur, q, (size_t)(we - q))) {
                b->oom = true;
                break;
            }
            if (save && chart_text_width(cur.data, size, bold) > w) {
                emit_line(b, l, cur.data, save, size, bold, w);
                cur.len = 0;
                if (!strbuf_append(&cur, q, (size_t)(we - q)))
                    b->oom = true;
            }
            q = we;
        }
        if (cur.len)
            emit_line(b, l, cur.data, cur.len, size, bold, w);
        if (*end == '\0' || b->oom)
            break;
        p = end + 1;
    }
    strbuf_free(&cur);
}

/* S shortened with an ellipsis to fit W (a malloc'd copy). */
static char *ellipsize(struct build *b, const char *s, double size, bool bold, double w)
{
    if (!s)
        s = "";
    if (chart_text_width(s, size, bold) <= w)
        return dup(b, s);
    if (b->oom)
        return NULL;
    size_t len = strlen(s);
    char *d = malloc(len + 4);
    if (!d) {
        b->oom = true;
        return NULL;
    }
    for (size_t k = len; k > 0; k--) {
        if (((unsigned char)s[k] & 0xC0) == 0x80)
            continue;
        size_t m = k;
        while (m > 0 && s[m - 1] == ' ')
            m--;
        memcpy(d, s, m);
        memcpy(d + m, "\xE2\x80\xA6", 4);
        if (chart_text_width(d, size, bold) <= w)
            return d;
    }
    memcpy(d, "\xE2\x80\xA6", 4);
    return d;
}

/* Wrap S into at most MAX lines of L; the last line ends in an ellipsis
 * when the text is longer. */
static void wrap_max(struct build *b, struct strlist *l, const char *s, double size, bool bold,
                     double w, size_t max)
{
    struct strlist all = {0};
    wrap(b, &all, s, size, bold, w);
    for (size_t i = 0; i < all.n && i + 1 < max; i++) {
        strlist_push(b, l, all.v[i]);
        all.v[i] = NULL;
    }
    if (all.n >= max && !b->oom) {
        struct strbuf rest = {0};
        for (size_t i = max - 1; i < all.n && !b->oom; i++)
            if ((rest.len && !strbuf_puts(&rest, " ")) || !strbuf_puts(&rest, all.v[i]))
                b->oom = true;
        if (!b->oom)
            strlist_push(b, l, ellipsize(b, rest.data, size, bold, w));
        strbuf_free(&rest);
    }
    strlist_free(&all);
}

/* -- frame: title, subtitle, footnote -- */

/* Set the chart's strings and wrap them; FOOTNOTE is the caller's, the
 * builder's notes follow. */
static void frame_wrap(struct build *b, const char *title, const char *subtitle,
                       const char *footnote)
{
    struct chart *c = b->c;
    double w = c->width - 2 * MARGIN;
    c->title = dup(b, title ? title : "");
    if (subtitle && *subtitle)
        c->subtitle = dup(b, subtitle);
    const char *f = footnote ? footnote : "";
    const char *n = b->notes.data ? b->notes.data : "";
    c->footnote = dupf(b, "%s%s%s", f, *f && *n ? " " : "", n);
    wrap_max(b, &b->title, c->title, TITLE_SIZE, true, w, 2);
    if (c->subtitle)
        wrap_max(b, &b->subtitle, c->subtitle, SUB_SIZE, false, w, 3);
    if (c->footnote)
        wrap(b, &b->foot, c->footnote, FOOT_SIZE, false, w);
}

/* The y just below the title and subtitle. */
static double header_bottom(const struct build *b)
{
    double y = MARGIN + 10 + (b->title.n > 1 ? (double)(b->title.n - 1) * TITLE_LEAD : 0);
    if (b->subtitle.n)
        y += 14 + (double)(b->subtitle.n - 1) * SUB_LEAD;
    return y + 4;
}

/* The height of the footnote block, from its top to the chart's bottom. */
static double footer_height(const struct build *b)
{
    return 16 + (b->foot.n > 1 ? (double)(b->foot.n - 1) * FOOT_LEAD : 0);
}

static void frame_emit(struct build *b)
{
    struct chart *c = b->c;
    double y = MARGIN + 10;
    for (size_t i = 0; i < b->title.n; i++, y += TITLE_LEAD)
        add_text(b, MARGIN, y, b->title.v[i], TITLE_SIZE, COL_DARK_BLUE, -1, true);
    y += 14 - TITLE_LEAD;
    for (size_t i = 0; i < b->subtitle.n; i++, y += SUB_LEAD)
        add_text(b, MARGIN, y, b->subtitle.v[i], SUB_SIZE, COL_BLACK, -1, false);
    y = c->height - 10 - (b->foot.n > 1 ? (double)(b->foot.n - 1) * FOOT_LEAD : 0);
    for (size_t i = 0; i < b->foot.n; i++, y += FOOT_LEAD)
        add_text(b, MARGIN, y, b->foot.v[i], FOOT_SIZE, COL_GREY, -1, false);
}

/* -- axis ticks and labels -- */

enum label_kind { LAB_LOG, LAB_PERCENT, LAB_YEAR, LAB_COUNT };

/* Fewest decimals (0..6) that show every T[i]*SCALE exactly. */
static int label_digits(const double *t, size_t n, double scale)
{
    int d = 0;
    for (; d < 6; d++) {
        bool ok = true;
        double f = pow(10.0, d);
        for (size_t i = 0; i < n && ok; i++) {
            double v = t[i] * scale * f;
            ok = fabs(v - round(v)) <= 1e-6 * (fabs(v) > 1 ? fabs(v) : 1);
        }
        if (ok)
            break;
    }
    return d;
}

/* "12345" -> "12,345" (integer part of a formatted number). */
static void group_thousands(char *buf, size_t size)
{
    size_t len = strlen(buf);
    size_t start = buf[0] == '-' ? 1 : 0;
    size_t int_len = strcspn(buf + start, ".");
    size_t commas = int_len > 3 ? (int_len - 1) / 3 : 0;
    if (!commas || len + commas + 1 > size)
        return;
    for (size_t i = len + 1; i-- > start + int_len;)
        buf[i + commas] = buf[i];
    size_t out = start + int_len + commas;
    for (size_t k = 0; k < int_len; k++) {
        buf[--out] = buf[start + int_len - 1 - k];
        if (k % 3 == 2 && k + 1 < int_len)
            buf[--out] = ',';
    }
}

static void format_label(char *buf, size_t size, double v, enum label_kind kind, int digits)
{
    switch (kind) {
    case LAB_LOG:
        stats_format(buf, size, v, label_digits(&v, 1, 1));
        break;
    case LAB_PERCENT: {
        char num[48];
        stats_format(num, sizeof num, v * 100, digits);
        snprintf(buf, size, "%s%%", num);
        break;
    }
    case LAB_YEAR:
        snprintf(buf, size, "%.0f", v);
        break;
    case LAB_COUNT:
        stats_format(buf, size, v, digits);
        group_thousands(buf, size);
        break;
    }
}

static void set_ticks(struct build *b, struct chart_axis *a, const double *t, size_t n,
                      enum label_kind kind)
{
    if (b->oom || n == 0)
        return;
    a->ticks = malloc(n * sizeof *a->ticks);
    a->tick_labels = calloc(n, sizeof *a->tick_labels);
    if (!a->ticks || !a->tick_labels) {
        b->oom = true;
        return;
    }
    a->n_ticks = n;
    int digits = label_digits(t, n, kind == LAB_PERCENT ? 100 : 1);
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        a->ticks[i] = t[i];
        format_label(buf, sizeof buf, t[i], kind, digits);
        a->tick_labels[i] = dup(b, buf);
    }
}

static double max_label_width(const struct chart_axis *a)
{
    double w = 0;
    for (size_t i = 0; i < a->n_ticks; i++) {
        double t = chart_text_width(a->tick_labels[i], TICK_SIZE, false);
        if (t > w)
            w = t;
    }
    return w;
}

/* Horizontal gridlines (thin areas) and labels of the y axis, and its
 * title above the plot at the left margin. */
static void emit_y_axis(struct build *b, bool grid)
{
    struct chart *c = b->c;
    struct chart_axis *a = &c->y;
    for (size_t i = 0; i < a->n_ticks; i++) {
        double y = chart_axis_pos(a, a->ticks[i]);
        if (grid)
            add_rect(b, c->plot_x0, y - 0.35, c->plot_x1, y + 0.35, COL_PALE_GREY, 1, NULL);
        double by = y + 0.35 * TICK_SIZE;
        add_text(b, c->plot_x0 - 5, by, a->tick_labels[i], TICK_SIZE, COL_BLACK, 1, false);
        occupy(b, text_box(c->plot_x0 - 5, by, a->tick_labels[i], TICK_SIZE, false, 1));
    }
    if (a->title)
        add_text(b, MARGIN, c->plot_y0 - 10, a->title, AXIS_TITLE_SIZE, COL_BLACK, -1, false);
}

/* The x axis: a grey baseline, tick marks, labels under them and the
 * title under those (centred on the plot); vertical gridlines if GRID. */
static void emit_x_axis(struct build *b, bool grid)
{
    struct chart *c = b->c;
    struct chart_axis *a = &c->x;
    double y1 = c->plot_y1;
    for (size_t i = 0; i < a->n_ticks; i++) {
        double x = chart_axis_pos(a, a->ticks[i]);
        if (grid)
            add_rect(b, x - 0.35, c->plot_y0, x + 0.35, y1, COL_PALE_GREY, 1, NULL);
        add_seg(b, x, y1, x, y1 + 3, COL_GREY, 0.8, false, NULL);
        add_text(b, x, y1 + 11, a->tick_labels[i], TICK_SIZE, COL_BLACK, 0, false);
    }
    add_seg(b, c->plot_x0, y1, c->plot_x1, y1, COL_GREY, 0.8, false, NULL);
    if (a->title)
        add_text(b, (c->plot_x0 + c->plot_x1) / 2, y1 + 25, a->title, AXIS_TITLE_SIZE, COL_BLACK,
                 0, false);
}

/* Vertical plot extent for charts with the y axis title above the plot
 * and the x axis at the bottom; grows the chart if the plot would be less
 * than MIN_PLOT_H high. */
static void cartesian_frame(struct build *b)
{
    struct chart *c = b->c;
    double top = header_bottom(b) + 24;
    double bottom = 33 + footer_height(b);
    if (c->height - top - bottom < MIN_PLOT_H)
        c->height = ceil(top + bottom + MIN_PLOT_H);
    c->plot_y0 = top;
    c->plot_y1 = c->height - bottom;
}

/* Years: ticks every K years ending at the last year, K so that labels
 * are at least 28 pt apart. */
static void year_axis(struct build *b, int y0, int y1)
{
    struct chart *c = b->c;
    c->x.min = y0 - 0.5;
    c->x.max = y1 + 0.5;
    c->x.pos0 = c->plot_x0;
    c->x.pos1 = c->plot_x1;
    double span = (double)y1 - (double)y0;
    double spacing = (c->plot_x1 - c->plot_x0) / (span + 1);
    double k = spacing >= 28 ? 1 : ceil(28 / spacing);
    if (span / k + 1 > MAX_TICKS)
        k = ceil(span / (MAX_TICKS - 1));
    double t[MAX_TICKS];
    size_t n = 0;
    for (double y = y1; y >= y0 && n < MAX_TICKS; y -= k)
        t[n++] = y;
    for (size_t i = 0; i < n / 2; i++) {
        double s = t[i];
        t[i] = t[n - 1 - i];
        t[n - 1 - i] = s;
    }
    set_ticks(b, &c->x, t, n, LAB_YEAR);
}

static struct box plot_box(const struct chart *c)
{
    return (struct box){c->plot_x0, c->plot_y0, c->plot_x1, c->plot_y1};
}

static void no_data(struct build *b, const char *msg)
{
    struct chart *c = b->c;
    add_text(b, (c->plot_x0 + c->plot_x1) / 2, (c->plot_y0 + c->plot_y1) / 2, msg, 9, COL_GREY,
             0, false);
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* A percentage axis AX for rates from LO to HI: at least 5 points high,
 * widened by PAD of the span each side, from 0 when it comes near it, never
 * beyond 0% to 100%. */
static void percent_axis(struct build *b, struct chart_axis *ax, double lo, double hi, double pad)
{
    if (!(lo <= hi)) {
        lo = 0;
        hi = 1;
    }
    if (hi - lo < 0.05) {
        double mid = (lo + hi) / 2;
        lo = mid - 0.025;
        hi = mid + 0.025;
    }
    double span = hi - lo;
    lo = lo - pad * span < 0 || lo < 0.2 * hi ? 0 : lo - pad * span;
    hi = clamp01(hi + pad * span);
    double t[MAX_TICKS];
    size_t nt = nice_ticks(lo, hi, 6, t, MAX_TICKS, false);
    while (nt > 0 && t[nt - 1] > 1 + 1e-9)
        nt--;
    size_t skip = 0;
    while (skip < nt && t[skip] < -1e-9)
        skip++;
    nt -= skip;
    ax->min = nt >= 2 ? t[skip] : 0;
    ax->max = nt >= 2 ? t[skip + nt - 1] : 1;
    set_ticks(b, ax, t + skip, nt, LAB_PERCENT);
}

/* ---- trends ------------------------------------------------------------ */

/* Entries of V sorted by year (stable), as indices. */
static size_t *sort_years(struct build *b, const struct chart_year_value *v, size_t n)
{
    if (b->oom || n == 0)
        return NULL;
    size_t *ix = malloc(n * sizeof *ix);
    if (!ix) {
        b->oom = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        for (; j > 0 && v[ix[j - 1]].year > v[i].year; j--)
            ix[j] = ix[j - 1];
        ix[j] = i;
    }
    return ix;
}

static const char NOTE_NO_INTERVAL[] =
    "Years without an interval are drawn without bars, as open markers.";

/* The y range of a ratio trend: every finite positive value and limit, and
 * the non-adverse range; *N_POINTS the values drawn, *EDGE whether one is 0
 * or infinite, *NO_INTERVAL whether one has no interval. */
static void trend_ratio_range(const struct chart_year_value *v, size_t n, double *lo, double *hi,
                              size_t *n_points, bool *edge, bool *no_interval)
{
    *lo = STATS_RANGE_LOW, *hi = STATS_RANGE_HIGH;
    *n_points = 0, *edge = false, *no_interval = false;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i].value >= 0))
            continue;
        ++*n_points;
        double vals[3] = {v[i].value, v[i].low, v[i].high};
        if (isnan(v[i].low) || isnan(v[i].high))
            *no_interval = true;
        for (int k = 0; k < 3; k++) {
            if (vals[k] > 0 && isfinite(vals[k])) {
                *lo = vals[k] < *lo ? vals[k] : *lo;
                *hi = vals[k] > *hi ? vals[k] : *hi;
            } else if (vals[k] == 0 || isinf(vals[k])) {
                *edge = true;
            }
        }
    }
}

/* The line joining the years' values (IX: V in year order), broken at years
 * without a finite positive value. */
static void trend_ratio_line(struct build *b, const struct chart_year_value *v, const size_t *ix,
                             size_t n)
{
    struct chart *c = b->c;
    double *lx = NULL, *ly = NULL;
    if (n > 0 && !b->oom) {
        lx = malloc(n * sizeof *lx);
        ly = malloc(n * sizeof *ly);
        if (!lx || !ly)
            b->oom = true;
    }
    size_t run = 0;
    for (size_t k = 0; k <= n && lx && ly && ix; k++) {
        bool ok = k < n && v[ix[k]].value > 0 && isfinite(v[ix[k]].value);
        if (ok) {
            lx[run] = chart_axis_pos(&c->x, v[ix[k]].year);
            ly[run] = chart_axis_pos(&c->y, v[ix[k]].value);
            run++;
        }
        if (!ok || k == n) {
            if (run >= 2) {
                add_line(b, lx, ly, run, COL_NHS_BLUE, 1.2, false, "trend");
                occupy_polyline(b, lx, ly, run);
            }
            run = 0;
        }
    }
    free(lx);
    free(ly);
}

/* Each year's point with its interval bar; then their labels, every one
 * when the years are 34 px apart or more (SPACING), else the last and any
 * at an edge ("0", "inf"). */
static void trend_ratio_points(struct build *b, const struct chart_year_value *v,
                               const size_t *ix, size_t n, double spacing)
{
    struct chart *c = b->c;
    size_t first_mark = c->n_marks;
    for (size_t k = 0; k < n && ix; k++) {
        const struct chart_year_value *p = &v[ix[k]];
        if (!(p->value >= 0))
            continue;
        char buf[32];
        stats_format(buf, sizeof buf, p->value, 2);
        double x = chart_axis_pos(&c->x, p->year), y = chart_axis_pos(&c->y, p->value);
        enum chart_shape shape = p->value == 0 ? SHAPE_TRIANGLE_DOWN
                                 : isinf(p->value) ? SHAPE_TRIANGLE_UP : SHAPE_CIRCLE;
        struct chart_mark *m = add_mark(b, x, y, COL_NHS_BLUE, shape, shape ? 4.5 : 3.5,
                                        p->value == 0 ? "0" : buf);
        if (!m)
            break;
        if (isnan(p->low) || isnan(p->high)) {
            m->hollow = true;
        } else {
            m->y_low = chart_axis_pos(&c->y, p->low);
            m->y_high = chart_axis_pos(&c->y, p->high);
            m->open_low = p->low <= 0;
            m->open_high = isinf(p->high);
            occupy(b, (struct box){x - 4, m->y_high - 1, x + 4, m->y_low + 1});
        }
        occupy(b, (struct box){x - 4.5, y - 4.5, x + 4.5, y + 4.5});
    }
    struct box pb = plot_box(c);
    size_t n_marks = c->n_marks - first_mark;
    for (size_t k = 0; k < n_marks && !b->oom; k++) {
        struct chart_mark *m = &c->marks[first_mark + k];
        bool clamped = !strcmp(m->label, "0") || !strcmp(m->label, "inf");
        if (!clamped && spacing < 34 && k + 1 < n_marks)
            continue;
        char *s = dup(b, m->label);
        if (s)
            label_mark(b, m->x, m->y, 4.5, s, LABEL_SIZE, clamped, COL_NHS_BLUE, pb, clamped);
        free(s);
    }
}

/* The non-adverse band's label (its top and bottom at TOP and BOTTOM),
 * inside it where free, else just above it. */
static void band_label(struct build *b, double top, double bottom)
{
    struct chart *c = b->c;
    static const char text[] =
        "non-adverse range " STATS_RANGE_LOW_TEXT "\xE2\x80\x93" STATS_RANGE_HIGH_TEXT;
    double x0 = c->plot_x0 + 4, x1 = c->plot_x1 - 4;
    struct spot cand[] = {
        {x1, bottom - 3, 1}, {x1, top + 9, 1}, {x0, bottom - 3, -1}, {x0, top + 9, -1},
        {x1, top - 3, 1},    {x0, top - 3, -1}, {x1, bottom + 9, 1}, {x0, bottom + 9, -1},
    };
    size_t first = bottom - top >= 14 ? 0 : 4;
    place_text(b, cand + first, sizeof cand / sizeof *cand - first, text, 7, false,
               COL_DARK_BLUE, plot_box(c), false);
}

/* The chart's alt text: the first and the last year's values. */
static void trend_ratio_alt(struct build *b, const char *title,
                            const struct chart_year_value *v, const size_t *ix, size_t n)
{
    const struct chart_year_value *f = NULL, *l = NULL;
    for (size_t k = 0; k < n && ix; k++) {
        if (v[ix[k]].value >= 0) {
            if (!f)
                f = &v[ix[k]];
            l = &v[ix[k]];
        }
    }
    const char *tt = title && *title ? title : "Relative likelihood";
    if (!f) {
        b->c->alt = dupf(b, "%s: a chart by year with no values to show.", tt);
        return;
    }
    char fv[32], lv[32];
    stats_format(fv, sizeof fv, f->value, 2);
    stats_format(lv, sizeof lv, l->value, 2);
    if (f == l)
        b->c->alt = dupf(b,
                         "%s: a chart of the relative likelihood, %s in %d, with the "
                         "non-adverse range " STATS_RANGE_TEXT " shaded (log scale).",
                         tt, fv, f->year);
    else
        b->c->alt = dupf(b,
                         "%s: a chart of the relative likelihood by year, from %s in %d to "
                         "%s in %d, with the non-adverse range " STATS_RANGE_TEXT " shaded (log "
                         "scale).",
                         tt, fv, f->year, lv, l->year);
}

int chart_trend_ratio(struct chart *c, const char *title, const char *y_title,
                      const struct chart_year_value *v, size_t n, const char *change,
                      const char *footnote)
{
    struct build b;
    build_init(&b, c);
    if (!v)
        n = 0;
    size_t *ix = sort_years(&b, v, n);

    double lo, hi;
    size_t n_points;
    bool edge, no_interval;
    trend_ratio_range(v, n, &lo, &hi, &n_points, &edge, &no_interval);
    double t[MAX_TICKS];
    size_t nt = chart_log_ticks(lo, hi, t, MAX_TICKS);
    c->y.log = true;
    if (nt >= 2) {
        c->y.min = t[0];
        c->y.max = t[nt - 1];
    } else {
        c->y.min = 0.5;
        c->y.max = 2;
    }
    set_ticks(&b, &c->y, t, nt, LAB_LOG);
    c->y.title = dupf(&b, "%s (log scale)", y_title && *y_title ? y_title : "Relative likelihood");
    c->x.title = dup(&b, "Year");

    note(&b,
         "Log scale. Shaded: NHS England's non-adverse range, " STATS_RANGE_TEXT "; dashed line: "
         "parity (1). Bars: 95% intervals.");
    if (no_interval)
        note(&b, NOTE_NO_INTERVAL);
    if (edge)
        note(&b, "Values of 0 or infinity (a group with no events) are drawn at the edge of "
                 "the axis and marked \"0\" or \"inf\".");
    frame_wrap(&b, title, change, footnote);
    cartesian_frame(&b);
    c->plot_x0 = MARGIN + max_label_width(&c->y) + 6;
    c->plot_x1 = c->width - MARGIN - 8;
    c->y.pos0 = c->plot_y1;
    c->y.pos1 = c->plot_y0;
    int y0 = 0, y1 = 0;
    if (n > 0) {
        y0 = v[ix ? ix[0] : 0].year;
        y1 = v[ix ? ix[n - 1] : 0].year;
    }
    if (n > 0 && ix)
        year_axis(&b, y0, y1);
    else {
        c->x.pos0 = c->plot_x0;
        c->x.pos1 = c->plot_x1;
    }

    emit_y_axis(&b, true);
    double band_top = chart_axis_pos(&c->y, STATS_RANGE_HIGH);
    double band_bottom = chart_axis_pos(&c->y, STATS_RANGE_LOW);
    add_rect(&b, c->plot_x0, band_top, c->plot_x1, band_bottom, COL_PALE_GREY, 1,
             "non-adverse range");
    emit_x_axis(&b, false);
    double y_one = chart_axis_pos(&c->y, 1.0);
    add_seg(&b, c->plot_x0, y_one, c->plot_x1, y_one, COL_GREY, 1, true, "parity");

    trend_ratio_line(&b, v, ix, n);
    trend_ratio_points(&b, v, ix, n,
                       n > 0 ? (c->plot_x1 - c->plot_x0) / ((double)y1 - (double)y0 + 1) : 0);
    band_label(&b, band_top, band_bottom);
    if (n_points == 0)
        no_data(&b, "No values to show");
    frame_emit(&b);
    trend_ratio_alt(&b, title, v, ix, n);
    free(ix);
    return build_finish(&b);
}

/* One series of a percentage trend. */
struct series {
    const char *name;
    const struct chart_year_value *v;
    size_t n;
    size_t *ix;
    enum chart_colour colour;
    enum chart_shape shape;
    bool dashed;
};

static void draw_series(struct build *b, const struct series *s, bool *no_interval)
{
    struct chart *c = b->c;
    if (!s->ix || b->oom)
        return;
    double *x = malloc((2 * s->n + 1) * sizeof *x);
    double *y = malloc((2 * s->n + 1) * sizeof *y);
    if (!x || !y) {
        b->oom = true;
        free(x);
        free(y);
        return;
    }
    /* Interval bands: runs of consecutive entries with intervals. */
    size_t k = 0;
    while (k < s->n) {
        size_t e = k;
        while (e < s->n && s->v[s->ix[e]].value >= 0 && !isnan(s->v[s->ix[e]].low) &&
               !isnan(s->v[s->ix[e]].high))
            e++;
        if (e - k >= 2) {
            size_t m = 0;
            for (size_t i = k; i < e; i++, m++) {
                x[m] = chart_axis_pos(&c->x, s->v[s->ix[i]].year);
                y[m] = chart_axis_pos(&c->y, clamp01(s->v[s->ix[i]].high));
            }
            for (size_t i = e; i-- > k; m++) {
                x[m] = chart_axis_pos(&c->x, s->v[s->ix[i]].year);
                y[m] = chart_axis_pos(&c->y, clamp01(s->v[s->ix[i]].low));
            }
            add_area(b, x, y, m, s->colour, 0.15, s->name);
        }
        k = e > k ? e : k + 1;
    }
    /* The line, broken at years without a value. */
    size_t run = 0;
    for (k = 0; k <= s->n; k++) {
        bool ok = k < s->n && s->v[s->ix[k]].value >= 0;
        if (ok) {
            x[run] = chart_axis_pos(&c->x, s->v[s->ix[k]].year);
            y[run] = chart_axis_pos(&c->y, clamp01(s->v[s->ix[k]].value));
            run++;
        }
        if (!ok || k == s->n) {
            if (run >= 2) {
                add_line(b, x, y, run, s->colour, 1.5, s->dashed, s->name);
                occupy_polyline(b, x, y, run);
            }
            run = 0;
        }
    }
    free(x);
    free(y);
    /* Points; an isolated year with an interval gets a bar. */
    for (k = 0; k < s->n; k++) {
        const struct chart_year_value *p = &s->v[s->ix[k]];
        if (!(p->value >= 0))
            continue;
        bool has = !isnan(p->low) && !isnan(p->high);
        bool prev = k > 0 && s->v[s->ix[k - 1]].value >= 0 && !isnan(s->v[s->ix[k - 1]].low) &&
                    !isnan(s->v[s->ix[k - 1]].high);
        bool next = k + 1 < s->n && s->v[s->ix[k + 1]].value >= 0 &&
                    !isnan(s->v[s->ix[k + 1]].low) && !isnan(s->v[s->ix[k + 1]].high);
        char buf[40];
        stats_format(buf, sizeof buf, p->value * 100, 1);
        strcat(buf, "%");
        double px = chart_axis_pos(&c->x, p->year), py = chart_axis_pos(&c->y, clamp01(p->value));
        struct chart_mark *m =
            add_mark(b, px, py, s->colour, s->shape, s->shape == SHAPE_SQUARE ? 3.2 : 3.5, buf);
        if (!m)
            return;
        if (!has) {
            m->hollow = true;
            *no_interval = true;
        } else if (!prev && !next) {
            m->y_low = chart_axis_pos(&c->y, clamp01(p->low));
            m->y_high = chart_axis_pos(&c->y, clamp01(p->high));
        }
        occupy(b, (struct box){px - 4.5, py - 4.5, px + 4.5, py + 4.5});
    }
}

/* The last entry of S with a value, or NULL. */
static const struct chart_year_value *last_value(const struct series *s)
{
    for (size_t k = s->n; k-- > 0 && s->ix;)
        if (s->v[s->ix[k]].value >= 0)
            return &s->v[s->ix[k]];
    return NULL;
}

static const struct chart_year_value *first_value(const struct series *s)
{
    for (size_t k = 0; k < s->n && s->ix; k++)
        if (s->v[s->ix[k]].value >= 0)
            return &s->v[s->ix[k]];
    return NULL;
}

static char *series_end_label(struct build *b, const struct series *s)
{
    const struct chart_year_value *l = last_value(s);
    if (!l)
        return NULL;
    char num[32];
    stats_format(num, sizeof num, l->value * 100, 1);
    return dupf(b, "%s %s%%", s->name, num);
}

static char *series_alt(struct build *b, const struct series *s)
{
    const struct chart_year_value *f = first_value(s), *l = last_value(s);
    if (!f)
        return dupf(b, "%s has no values", s->name);
    char fv[32], lv[32];
    stats_format(fv, sizeof fv, f->value * 100, 1);
    stats_format(lv, sizeof lv, l->value * 100, 1);
    if (f == l)
        return dupf(b, "%s %s%% in %d", s->name, fv, f->year);
    return dupf(b, "%s from %s%% in %d to %s%% in %d", s->name, fv, f->year, lv, l->year);
}

/* The end labels of the two series S into END (NULL where a series has
 * none), shortened to fit; returns the widest one's width. */
static double end_labels_make(struct build *b, const struct series s[2], char *end[2])
{
    double max_end = 0.38 * b->c->width;
    double right = 0;
    for (int i = 0; i < 2; i++) {
        end[i] = series_end_label(b, &s[i]);
        if (!end[i])
            continue;
        char *e = ellipsize(b, end[i], 8, true, max_end);
        free(end[i]);
        end[i] = e;
        double w = chart_text_width(e, 8, true);
        right = w > right ? w : right;
    }
    return right;
}

/* The end labels END of the two series S beside their last values, moved
 * apart when those are close; frees END. */
static void end_labels_draw(struct build *b, const struct series s[2], char *end[2])
{
    struct chart *c = b->c;
    double ey[2] = {NAN, NAN}, ex[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        const struct chart_year_value *l = last_value(&s[i]);
        if (l && end[i]) {
            ex[i] = chart_axis_pos(&c->x, l->year) + 8;
            ey[i] = chart_axis_pos(&c->y, clamp01(l->value)) + 3;
        }
    }
    if (!isnan(ey[0]) && !isnan(ey[1]) && fabs(ex[0] - ex[1]) < 1) {
        int top = ey[0] <= ey[1] ? 0 : 1;
        double ys[2] = {ey[top], ey[1 - top]};
        stack(ys, 2, 10, c->plot_y0 + 6, c->plot_y1 + 6);
        ey[top] = ys[0];
        ey[1 - top] = ys[1];
    }
    for (int i = 0; i < 2; i++) {
        if (!isnan(ey[i])) {
            add_text(b, ex[i], ey[i], end[i], 8, s[i].colour, -1, true);
            occupy(b, text_box(ex[i], ey[i], end[i], 8, true, -1));
        }
        free(end[i]);
    }
}

/* The alt text of a line chart TITLE over the series given in S (the
 * second is optional). */
static void two_series_alt(struct build *b, const char *title, const struct series s[2])
{
    char *alt_a = s[0].n ? series_alt(b, &s[0]) : NULL;
    char *alt_b = s[1].n ? series_alt(b, &s[1]) : NULL;
    if (alt_a && alt_b)
        b->c->alt = dupf(b, "%s: a line chart by year of %s, and %s.", title, alt_a, alt_b);
    else if (alt_a || alt_b)
        b->c->alt = dupf(b, "%s: a line chart by year of %s.", title, alt_a ? alt_a : alt_b);
    else
        b->c->alt = dupf(b, "%s: a line chart by year with no values to show.", title);
    free(alt_a);
    free(alt_b);
}

int chart_trend_percent(struct chart *c, const char *title, const char *name_a,
                        const struct chart_year_value *a, size_t n_a, const char *name_b,
                        const struct chart_year_value *b_vals, size_t n_b, const char *change,
                        const char *footnote)
{
    struct build b;
    build_init(&b, c);
    struct series s[2] = {
        {name_a && *name_a ? name_a : "Group A", a, a ? n_a : 0, NULL, COL_NHS_BLUE,
         SHAPE_CIRCLE, false},
        {name_b && *name_b ? name_b : "Group B", b_vals, b_vals ? n_b : 0, NULL, COL_AQUA_GREEN,
         SHAPE_SQUARE, true},
    };
    double lo = INFINITY, hi = -INFINITY;
    int y0 = 0, y1 = 0;
    bool any_year = false, no_interval = false, any_interval = false;
    size_t n_points = 0;
    for (int i = 0; i < 2; i++) {
        s[i].ix = sort_years(&b, s[i].v, s[i].n);
        for (size_t k = 0; k < s[i].n; k++) {
            const struct chart_year_value *p = &s[i].v[k];
            if (!any_year || p->year < y0)
                y0 = p->year;
            if (!any_year || p->year > y1)
                y1 = p->year;
            any_year = true;
            if (!(p->value >= 0))
                continue;
            n_points++;
            double vals[3] = {p->value, p->low, p->high};
            for (int j = 0; j < 3; j++) {
                if (isnan(vals[j]))
                    continue;
                double x = clamp01(vals[j]);
                lo = x < lo ? x : lo;
                hi = x > hi ? x : hi;
            }
            if (isnan(p->low) || isnan(p->high))
                no_interval = true;
            else
                any_interval = true;
        }
    }
    percent_axis(&b, &c->y, lo, hi, 0.08);
    c->y.title = dup(&b, s[0].n && s[1].n ? "Percentage of each group" : "Percentage");
    c->x.title = dup(&b, "Year");

    if (any_interval)
        note(&b, "Shaded bands (a bar for a single year): 95% intervals.");
    if (n_points == 0)
        note(&b, "No year has a value.");
    if (no_interval)
        note(&b, NOTE_NO_INTERVAL);
    frame_wrap(&b, title, change, footnote);
    cartesian_frame(&b);

    /* Room at the right for the end labels. */
    char *end[2];
    double right = end_labels_make(&b, s, end);
    c->plot_x0 = MARGIN + max_label_width(&c->y) + 6;
    c->plot_x1 = c->width - MARGIN - (right > 0 ? right + 10 : 8);
    c->y.pos0 = c->plot_y1;
    c->y.pos1 = c->plot_y0;
    if (any_year)
        year_axis(&b, y0, y1);
    else {
        c->x.pos0 = c->plot_x0;
        c->x.pos1 = c->plot_x1;
    }
    emit_y_axis(&b, true);
    emit_x_axis(&b, false);
    for (int i = 0; i < 2; i++)
        draw_series(&b, &s[i], &no_interval);

    end_labels_draw(&b, s, end);
    if (n_points == 0)
        no_data(&b, "No values to show");
    frame_emit(&b);
    two_series_alt(&b, title && *title ? title : "Percentages", s);
    free(s[0].ix);
    free(s[1].ix);
    return build_finish(&b);
}

/* ---- forest plot --------------------------------------------------------- */

struct forest_order {
    double v;
    size_t i;
};

static int forest_cmp(const void *pa, const void *pb)
{
    const struct forest_order *a = pa, *b = pb;
    bool na = isnan(a->v), nb = isnan(b->v);
    if (na != nb)
        return na ? 1 : -1;
    if (!na && a->v != b->v)
        return a->v > b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Log axis covering the finite positive values among V (plus the band and
 * 1); true if some value is 0 or infinite (drawn at an edge). */
static bool log_range(const double *v, size_t n, double *lo, double *hi)
{
    bool edge = false;
    for (size_t i = 0; i < n; i++) {
        if (v[i] > 0 && isfinite(v[i])) {
            *lo = v[i] < *lo ? v[i] : *lo;
            *hi = v[i] > *hi ? v[i] : *hi;
        } else if (v[i] == 0 || isinf(v[i])) {
            edge = true;
        }
    }
    return edge;
}

/* A forest row's label as drawn: one or two lines, and its key number (0:
 * none). */
struct forest_label {
    struct strlist lines;
    char *joined;              /* the lines joined by newlines, to compare */
    unsigned key;
};

/* Wrap LABEL into at most two lines of width W (the second ending in an
 * ellipsis when the label is longer) into FL, SUFFIX appended to the last. */
static void label_lines(struct build *b, struct forest_label *fl, const char *label, double w,
                        const char *suffix, bool bold)
{
    strlist_free(&fl->lines);
    free(fl->joined);
    fl->joined = NULL;
    double sw = suffix ? chart_text_width(suffix, TICK_SIZE, bold) : 0;
    wrap_max(b, &fl->lines, label && *label ? label : "-", TICK_SIZE, bold, w - sw, 2);
    struct strlist *l = &fl->lines;
    if (suffix && l->n && !b->oom) {
        char *last = dupf(b, "%s%s", l->v[l->n - 1], suffix);
        if (last) {
            free(l->v[l->n - 1]);
            l->v[l->n - 1] = last;
        }
    }
    fl->joined = dupf(b, "%s\n%s", l->n ? l->v[0] : "", l->n > 1 ? l->v[1] : "");
}

static int joined_cmp(const void *pa, const void *pb)
{
    const struct forest_label *const *a = pa, *const *b = pb;
    int c = strcmp((*a)->joined ? (*a)->joined : "", (*b)->joined ? (*b)->joined : "");
    return c ? c : *a < *b ? -1 : *a > *b;
}

/* A chart of one row a level (forest, bars): the plot from Y0 down, N rows
 * (at least one) of ROW_H each as the y axis, the chart's height, a rule
 * between each two rows, then the x axis and its gridlines. */
static void row_plot(struct build *b, double y0, size_t n, double row_h)
{
    struct chart *c = b->c;
    size_t slots = n > 0 ? n : 1;
    c->plot_y0 = y0;
    c->plot_y1 = y0 + (double)slots * row_h;
    c->height = c->plot_y1 + 33 + footer_height(b);
    c->y.min = 0;
    c->y.max = (double)slots;
    c->y.pos0 = c->plot_y0;
    c->y.pos1 = c->plot_y1;
    for (size_t i = 1; i < slots; i++) {
        double y = c->plot_y0 + (double)i * row_h;
        add_rect(b, MARGIN, y - 0.3, c->width - MARGIN, y + 0.3, COL_PALE_GREY, 1, NULL);
    }
    emit_x_axis(b, true);
}

/* The rows' labels (indexed like ROWS), wrapped to two lines of width W.
 * Labels still equal after wrapping and truncation get a numbered key
 * (" [1]", in the chart's order ORD), and the footnote gives each key's
 * full name. NULL when out of memory (B->oom). */
static struct forest_label *forest_labels(struct build *b, const struct chart_forest_row *rows,
                                          size_t n, const struct forest_order *ord, double w)
{
    struct forest_label *fl = calloc(n ? n : 1, sizeof *fl);
    struct forest_label **by = malloc((n ? n : 1) * sizeof *by);
    if (!fl || !by) {
        free(fl);
        free(by);
        b->oom = true;
        return NULL;
    }
    for (size_t i = 0; i < n && !b->oom; i++) {
        label_lines(b, &fl[i], rows[i].label, w, NULL, rows[i].highlight);
        by[i] = &fl[i];
    }
    if (!b->oom)
        qsort(by, n, sizeof *by, joined_cmp);
    for (size_t k = 0; k + 1 < n && !b->oom; k++)
        if (by[k]->joined && by[k + 1]->joined && !strcmp(by[k]->joined, by[k + 1]->joined))
            by[k]->key = by[k + 1]->key = 1; /* numbered below */
    free(by);
    struct strbuf key = {0};
    unsigned next = 0;
    for (size_t k = 0; k < n && ord && !b->oom; k++) {
        size_t i = ord[k].i;
        if (!fl[i].key)
            continue;
        fl[i].key = ++next;
        char suffix[32];
        snprintf(suffix, sizeof suffix, " [%u]", next);
        label_lines(b, &fl[i], rows[i].label, w, suffix, rows[i].highlight);
        if (!strbuf_printf(&key, "%s[%u] %s", next == 1 ? "Labels that would read alike: " : "; ",
                           next, rows[i].label ? rows[i].label : ""))
            b->oom = true;
    }
    if (next && !b->oom && strbuf_puts(&key, "."))
        note(b, key.data);
    strbuf_free(&key);
    return fl;
}

static void forest_labels_free(struct forest_label *fl, size_t n)
{
    for (size_t i = 0; fl && i < n; i++) {
        strlist_free(&fl[i].lines);
        free(fl[i].joined);
    }
    free(fl);
}

/* The reference line of a forest: its label ("Trust") and its words ("the
 * whole trust"). */
struct forest_ref {
    const char *label, *words;
};

/* The forest's notes: how to read it, and what it shows of these rows. */
static void forest_notes(struct build *b, const struct chart_forest_row *rows, size_t n,
                         struct forest_ref ref, bool trust, bool no_interval, bool edge,
                         bool any_nan, bool any_withheld)
{
    note(b, "Log scale. Points: each row's relative likelihood with its 95% interval; "
            "shaded: the non-adverse range, " STATS_RANGE_TEXT "; dashed line: parity (1).");
    char *ref_note = trust ? dupf(b, "Solid line: %s.", ref.words)
                           : !strcmp(ref.label, "Trust")
                           ? dupf(b, "%s", "The trust's value is not calculable, so no trust "
                                           "line is drawn.")
                           : dupf(b, "The value of %s is not calculable, so no line is drawn "
                                     "for it.", ref.words);
    if (ref_note)
        note(b, ref_note);
    free(ref_note);
    if (no_interval)
        note(b, "Rows without an interval are drawn without bars, as open markers.");
    if (edge)
        note(b, "Values of 0 or infinity (a group with no events) are drawn as arrowheads at "
                 "the edge of the axis; the Value column gives them as \"0.00\" or \"inf\".");
    if (any_nan)
        note(b, "Rows marked \"not calculable\" have no relative likelihood (no staff or no "
                 "events in both groups).");
    if (any_withheld)
        note(b, "Rows marked \"withheld\" are withheld in publication mode: small numbers, "
                 "or figures from which small numbers could be worked out.");
    for (size_t i = 0; i < n; i++)
        if (rows[i].highlight) {
            char *s = dupf(b, "The shaded row, in bold, is %s (highlighted).",
                           rows[i].label ? rows[i].label : "");
            if (s)
                note(b, s);
            free(s);
        }
}

/* A forest's columns: labels | plot | value | sizes, their widths and the
 * value's and sizes' x. */
struct forest_cols {
    double lw, vw, sw;
    double sizes_x, value_x;
};

static struct forest_cols forest_cols(struct build *b, const struct chart_forest_row *rows,
                                      size_t n)
{
    struct chart *c = b->c;
    double lw = 0, vw = chart_text_width("0.00", TICK_SIZE, false), sw = 0;
    for (size_t i = 0; i < n; i++) {
        double w = chart_text_width(rows[i].label ? rows[i].label : "", TICK_SIZE,
                                    rows[i].highlight);
        lw = w > lw ? w : lw;
        w = chart_text_width(rows[i].sizes ? rows[i].sizes : "", LABEL_SIZE, false);
        sw = w > sw ? w : sw;
        char buf[32];
        stats_format(buf, sizeof buf, rows[i].value, 2);
        w = chart_text_width(buf, TICK_SIZE, false);
        vw = w > vw ? w : vw;
    }
    double head_w = chart_text_width("Group sizes", LABEL_SIZE, true);
    sw = sw > 0 && head_w > sw ? head_w : sw;
    double vhead_w = chart_text_width("Value", LABEL_SIZE, true);
    vw = vhead_w > vw ? vhead_w : vw;
    lw = lw < 0.3 * c->width ? lw : 0.3 * c->width;
    sw = sw < 0.25 * c->width ? sw : 0.25 * c->width;
    double sizes_x = c->width - MARGIN - sw;
    return (struct forest_cols){lw, vw, sw, sizes_x, sizes_x - (sw > 0 ? 10 : 0)};
}

/* The forest's header row at baseline HEAD_BL: column headings, the
 * trust's line and label (TRUST_VALUE; NaN: none) and the non-adverse
 * band's (BX0 to BX1). */
static void forest_header(struct build *b, const struct forest_cols *k, double head_bl,
                          double bx0, double bx1, const char *ref_label, double trust_value)
{
    struct chart *c = b->c;
    double value_x = k->value_x, sizes_x = k->sizes_x, vw = k->vw;
    add_text(b, value_x, head_bl, "Value", LABEL_SIZE, COL_BLACK, 1, true);
    occupy(b, text_box(value_x, head_bl, "Value", LABEL_SIZE, true, 1));
    if (k->sw > 0) {
        add_text(b, sizes_x, head_bl, "Group sizes", LABEL_SIZE, COL_BLACK, -1, true);
        occupy(b, text_box(sizes_x, head_bl, "Group sizes", LABEL_SIZE, true, -1));
    }
    struct box head = {c->plot_x0 - 10, head_bl - 10, value_x - vw - 2, head_bl + 4};
    if (!isnan(trust_value)) {
        double tx = chart_axis_pos(&c->x, trust_value);
        add_seg(b, tx, c->plot_y0 - 3, tx, c->plot_y1, COL_DARK_BLUE, 1.5, false, "trust");
        occupy_seg(b, tx, c->plot_y0, tx, c->plot_y1);
        char num[32], *s;
        stats_format(num, sizeof num, trust_value, 2);
        s = dupf(b, "%s %s", ref_label, num);
        if (s) {
            struct spot cand[] = {{tx, head_bl, 0}, {tx + 3, head_bl, -1},
                                  {tx - 3, head_bl, 1}};
            place_text(b, cand, 3, s, LABEL_SIZE, true, COL_DARK_BLUE, head, true);
        }
        free(s);
    }
    struct spot bc[] = {{(bx0 + bx1) / 2, head_bl, 0}, {bx0, head_bl, -1}, {bx1, head_bl, 1}};
    place_text(b, bc, 3, "non-adverse", 7, false, COL_GREY, head, false);
}

/* Row R (the K-th drawn, its label's lines LL) of a forest: label, sizes,
 * value and mark with its interval; false when out of memory. */
static bool forest_row(struct build *b, const struct forest_cols *cols,
                       const struct chart_forest_row *r, size_t k, const struct strlist *ll,
                       struct box pb)
{
    struct chart *c = b->c;
    double sw = cols->sw, sizes_x = cols->sizes_x, value_x = cols->value_x;
    double y = c->plot_y0 + ((double)k + 0.5) * FOREST_ROW_H;
    if (r->highlight)
        add_rect(b, MARGIN - 3, y - FOREST_ROW_H / 2, c->width - MARGIN + 3,
                 y + FOREST_ROW_H / 2, COL_WARM_YELLOW, 0.35, "highlight");
    for (size_t j = 0; ll && j < ll->n; j++)
        add_text(b, MARGIN, y + 0.35 * TICK_SIZE + (ll->n > 1 ? (double)j * 9 - 4.5 : 0),
                 ll->v[j], TICK_SIZE, COL_BLACK, -1, r->highlight);
    const char *lab = r->label ? r->label : "";
    if (sw > 0 && r->sizes) {
        char *sz = ellipsize(b, r->sizes, LABEL_SIZE, false, sw);
        add_text(b, sizes_x, y + 0.35 * LABEL_SIZE, sz, LABEL_SIZE, COL_BLACK, -1, false);
        free(sz);
    }
    if (!(r->value >= 0)) {
        double ty = y + 0.35 * LABEL_SIZE;
        struct spot cand[] = {{c->plot_x0 + 4, ty, -1},
                              {c->plot_x1 - 4, ty, 1},
                              {(c->plot_x0 + c->plot_x1) / 2, ty, 0}};
        place_text(b, cand, 3, r->withheld ? "withheld" : "not calculable", LABEL_SIZE,
                   false, COL_GREY, pb, true);
        return true;
    }
    char num[32];
    stats_format(num, sizeof num, r->value, 2);
    add_text(b, value_x, y + 0.35 * TICK_SIZE, num, TICK_SIZE, COL_BLACK, 1, false);
    double x = chart_axis_pos(&c->x, r->value);
    enum chart_shape shape = r->value == 0 ? SHAPE_TRIANGLE_LEFT
                             : isinf(r->value) ? SHAPE_TRIANGLE_RIGHT : SHAPE_SQUARE;
    struct chart_mark *m =
        add_mark(b, x, y, COL_NHS_BLUE, shape, shape == SHAPE_SQUARE ? 3.5 : 4.5, lab);
    if (!m)
        return false;
    if (isnan(r->low) || isnan(r->high)) {
        m->hollow = true;
    } else {
        m->x_low = chart_axis_pos(&c->x, r->low);
        m->x_high = chart_axis_pos(&c->x, r->high);
        m->open_low = r->low <= 0;
        m->open_high = isinf(r->high);
        occupy(b, (struct box){m->x_low - 1, y - 4, m->x_high + 1, y + 4});
    }
    occupy(b, (struct box){x - 4.5, y - 4.5, x + 4.5, y + 4.5});
    return true;
}

/* The forest's alt text TT: the highest and lowest calculable rows (ORD:
 * the rows in drawing order), and the trust's TRUST_VALUE (NaN: not
 * calculable). */
static void forest_alt(struct build *b, const char *tt, const struct chart_forest_row *rows,
                       size_t n, const struct forest_order *ord, const char *ref_words,
                       double trust_value)
{
    struct chart *c = b->c;
    bool trust = !isnan(trust_value);
    size_t n_calc = 0;
    for (size_t k = 0; k < n && ord; k++)
        n_calc += !isnan(ord[k].v);
    char tv[32];
    stats_format(tv, sizeof tv, trust_value, 2);
    if (n_calc == 0) {
        c->alt = dupf(b, "%s: a forest plot of %zu rows, none calculable.", tt, n);
    } else {
        char hv[32], lv2[32];
        const struct chart_forest_row *h = &rows[ord[0].i], *l = &rows[ord[n_calc - 1].i];
        stats_format(hv, sizeof hv, h->value, 2);
        stats_format(lv2, sizeof lv2, l->value, 2);
        c->alt = dupf(b,
                      "%s: a forest plot of the relative likelihood in %zu rows, from %s "
                      "(%s) down to %s (%s), with %s at %s and the non-adverse "
                      "range " STATS_RANGE_TEXT " shaded (log scale).",
                      tt, n, hv, h->label ? h->label : "", lv2, l->label ? l->label : "", ref_words,
                      trust ? tv : "a value that is not calculable");
    }
}

int chart_forest(struct chart *c, const char *title, const struct chart_forest_row *rows,
                 size_t n, double trust_value, const char *footnote)
{
    return chart_forest_ref(c, title, rows, n, trust_value, "Trust", "the whole trust", footnote);
}

int chart_forest_ref(struct chart *c, const char *title, const struct chart_forest_row *rows,
                     size_t n, double trust_value, const char *ref_label, const char *ref_words,
                     const char *footnote)
{
    struct build b;
    build_init(&b, c);
    if (!rows)
        n = 0;
    struct forest_order *ord = NULL;
    if (n > 0 && !(ord = malloc(n * sizeof *ord)))
        b.oom = true;
    double lo = STATS_RANGE_LOW, hi = STATS_RANGE_HIGH;
    bool edge = false, no_interval = false, any_nan = false, any_withheld = false;
    for (size_t i = 0; i < n && ord; i++) {
        const struct chart_forest_row *r = &rows[i];
        ord[i] = (struct forest_order){r->value >= 0 ? r->value : NAN, i};
        if (!(r->value >= 0)) {
            if (r->withheld)
                any_withheld = true;
            else
                any_nan = true;
            continue;
        }
        double vals[3] = {r->value, r->low, r->high};
        edge |= log_range(vals, 3, &lo, &hi);
        if (isnan(r->low) || isnan(r->high))
            no_interval = true;
    }
    if (ord)
        qsort(ord, n, sizeof *ord, forest_cmp);
    bool trust = trust_value >= 0;
    if (trust)
        edge |= log_range(&trust_value, 1, &lo, &hi);
    double t[MAX_TICKS];
    size_t nt = chart_log_ticks(lo, hi, t, MAX_TICKS);
    c->x.log = true;
    c->x.min = nt >= 2 ? t[0] : 0.5;
    c->x.max = nt >= 2 ? t[nt - 1] : 2;
    set_ticks(&b, &c->x, t, nt, LAB_LOG);
    c->x.title = dup(&b, "Relative likelihood (log scale)");

    forest_notes(&b, rows, n, (struct forest_ref){ref_label, ref_words}, trust, no_interval, edge,
                 any_nan, any_withheld);
    /* Columns: labels | plot | value | sizes. */
    struct forest_cols k = forest_cols(&b, rows, n);
    struct forest_label *fl = forest_labels(&b, rows, n, ord, k.lw);
    frame_wrap(&b, title, NULL, footnote);
    c->plot_x0 = MARGIN + k.lw + 10;
    c->plot_x1 = k.value_x - k.vw - 12;
    c->x.pos0 = c->plot_x0;
    c->x.pos1 = c->plot_x1;

    double head_bl = header_bottom(&b) + 14;
    /* Row rules and gridlines first, then the band. */
    row_plot(&b, head_bl + 8, n, FOREST_ROW_H);
    double bx0 = chart_axis_pos(&c->x, STATS_RANGE_LOW), bx1 = chart_axis_pos(&c->x, STATS_RANGE_HIGH);
    add_rect(&b, bx0, c->plot_y0, bx1, c->plot_y1, COL_PALE_GREY, 1, "non-adverse range");
    double x1 = chart_axis_pos(&c->x, 1.0);
    add_seg(&b, x1, c->plot_y0, x1, c->plot_y1, COL_GREY, 1, true, "parity");
    occupy_seg(&b, x1, c->plot_y0, x1, c->plot_y1);

    forest_header(&b, &k, head_bl, bx0, bx1, ref_label, trust ? trust_value : NAN);
    struct box pb = plot_box(c);
    for (size_t r = 0; r < n && ord; r++)
        if (!forest_row(&b, &k, &rows[ord[r].i], r, fl ? &fl[ord[r].i].lines : NULL, pb))
            break;
    if (n == 0)
        no_data(&b, "No rows to show");
    frame_emit(&b);

    forest_alt(&b, title && *title ? title : "Relative likelihoods", rows, n, ord, ref_words,
               trust ? trust_value : NAN);
    free(ord);
    forest_labels_free(fl, n);
    return build_finish(&b);
}

/* ---- funnel plot --------------------------------------------------------- */

int chart_funnel_outside(double p0, double events, double base, double p)
{
    if (!(p0 > 0 && p0 < 1) || !(p > 0 && p < 1) || !isfinite(events) || !isfinite(base) ||
        base < 0.5 || events < 0 || events > base || base > 4e9)
        return 0;
    if (p < 0.5)
        p = 1 - p;
    unsigned long nn = (unsigned long)floor(base + 0.5);
    double rate = events / base;
    double up = stats_funnel_limit(p0, nn, p), low = stats_funnel_limit(p0, nn, 1 - p);
    if (!isnan(up) && rate > clamp01(up))
        return 1;
    if (!isnan(low) && rate < clamp01(low))
        return -1;
    return 0;
}

/* The limit curves' grid: every n to 200, then steps of a twentieth of the
 * decade. */
static unsigned long next_n(unsigned long n)
{
    if (n < 200)
        return n + 1;
    unsigned long dec = 1;
    while (dec <= n / 10)
        dec *= 10;
    return n + dec / 20;
}

/* Add the curve (NX, NY) in data units, clipped to the y axis range:
 * split into several lines where it leaves the plot; NaN breaks it. */
static void add_clipped(struct build *b, const double *nx, const double *ny, size_t n,
                        enum chart_colour colour, double width, bool dashed, const char *label)
{
    struct chart *c = b->c;
    if (b->oom || n == 0)
        return;
    double lo = c->y.min, hi = c->y.max, eps = 1e-12;
    double *px = malloc((n + 2) * sizeof *px), *py = malloc((n + 2) * sizeof *py);
    if (!px || !py) {
        free(px);
        free(py);
        b->oom = true;
        return;
    }
    size_t m = 0;
#define PUT(X, Y)                                                                            \
    do {                                                                                     \
        px[m] = chart_axis_pos(&c->x, (X));                                                  \
        py[m] = chart_axis_pos(&c->y, (Y));                                                  \
        m++;                                                                                 \
    } while (0)
#define FLUSH()                                                                              \
    do {                                                                                     \
        if (m >= 2) {                                                                        \
            add_line(b, px, py, m, colour, width, dashed, label);                            \
            occupy_polyline(b, px, py, m);                                                   \
        }                                                                                    \
        m = 0;                                                                               \
    } while (0)
    for (size_t i = 0; i < n; i++) {
        bool in = !isnan(ny[i]) && ny[i] >= lo - eps && ny[i] <= hi + eps;
        if (i > 0 && !isnan(ny[i]) && !isnan(ny[i - 1])) {
            bool pin = ny[i - 1] >= lo - eps && ny[i - 1] <= hi + eps;
            double y0 = ny[i - 1], y1 = ny[i], x0 = nx[i - 1], x1 = nx[i];
            if (pin != in) {
                double out = in ? y0 : y1;
                double bound = out > hi ? hi : lo;
                double xb = x0 + (bound - y0) / (y1 - y0) * (x1 - x0);
                PUT(xb, bound);
                if (pin)
                    FLUSH();
            } else if (!in && ((y0 > hi && y1 < lo) || (y0 < lo && y1 > hi))) {
                double b0 = y0 > hi ? hi : lo, b1 = y0 > hi ? lo : hi;
                PUT(x0 + (b0 - y0) / (y1 - y0) * (x1 - x0), b0);
                PUT(x0 + (b1 - y0) / (y1 - y0) * (x1 - x0), b1);
                FLUSH();
            }
        }
        if (in)
            PUT(nx[i], ny[i]);
        else if (isnan(ny[i]))
            FLUSH();
    }
    FLUSH();
#undef PUT
#undef FLUSH
    free(px);
    free(py);
}

/* A label at the right end of a funnel's limit line or P0 line. */
struct end_label {
    double y;
    const char *text;
    bool bold;
    enum chart_colour colour;
};

/* A unit a funnel can place: at least one person, events within them. */
static bool funnel_unit_ok(const struct chart_funnel_unit *u)
{
    return u->base >= 1 && isfinite(u->base) && u->events >= 0 && u->events <= u->base;
}

/* The funnel's axes: rates (with the limits at the smallest unit when
 * LIMITS) up, bases across; *N_VALID and *N_BAD count the units placed and
 * not. */
static void funnel_axes(struct build *b, const struct chart_funnel_unit *units, size_t n,
                        double p0, bool limits, size_t *n_valid, size_t *n_bad)
{
    struct chart *c = b->c;
    double max_base = 0, min_base = INFINITY, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const struct chart_funnel_unit *u = &units[i];
        if (!funnel_unit_ok(u)) {
            (*n_bad)++;
            continue;
        }
        (*n_valid)++;
        double r = u->events / u->base;
        max_base = u->base > max_base ? u->base : max_base;
        min_base = u->base < min_base ? u->base : min_base;
        lo = r < lo ? r : lo;
        hi = r > hi ? r : hi;
    }
    if (limits) {
        lo = p0 < lo ? p0 : lo;
        hi = p0 > hi ? p0 : hi;
        if (*n_valid > 0 && min_base < 4e9) {
            unsigned long nn = (unsigned long)floor(min_base + 0.5);
            double l = stats_funnel_limit(p0, nn, 0.001), u = stats_funnel_limit(p0, nn, 0.999);
            if (!isnan(l))
                lo = clamp01(l) < lo ? clamp01(l) : lo;
            if (!isnan(u))
                hi = clamp01(u) > hi ? clamp01(u) : hi;
        }
    }
    percent_axis(b, &c->y, lo, hi, 0.05);
    double t[MAX_TICKS];
    size_t nt = chart_nice_ticks(0, max_base > 10 ? max_base : 10, 6, t, MAX_TICKS);
    c->x.min = 0;
    c->x.max = nt >= 2 ? t[nt - 1] : 10;
    set_ticks(b, &c->x, t, nt, LAB_COUNT);
    c->y.title = dup(b, "Rate (events / base)");
    c->x.title = dup(b, "Base (number of staff)");
}

/* The funnel's notes: its limits around P0S (percent), the key, the
 * highlighted units and the N_BAD units not shown. */
static void funnel_notes(struct build *b, const struct chart_funnel_unit *units, size_t n,
                         bool limits, const char *p0s, size_t n_valid, size_t n_bad)
{
    if (limits) {
        char *s = dupf(b, "Lines: exact binomial control limits (Spiegelhalter's "
                          "interpolation) around the overall rate of %s%%, 95%% dashed and "
                          "99.8%% solid. Units outside the 99.8%% limits are dark red "
                          "diamonds, outside 95%% yellow diamonds; both are named.", p0s);
        if (s)
            note(b, s);
        free(s);
    } else {
        note(b, "No control limits: the overall rate is 0%, 100% or not known.");
    }
    if (n_valid > 0)
        note(b, "The number beside a point (where there is room) is its row in the key under "
                "the chart in report.html (or compare.html), which names every point.");
    for (size_t i = 0; i < n; i++)
        if (units[i].highlight) {
            char *s = dupf(b, "The dark-blue square, labelled in bold, is %s (highlighted).",
                           units[i].label ? units[i].label : "");
            if (s)
                note(b, s);
            free(s);
        }
    if (n_bad) {
        char *s = dupf(b, "%zu unit%s with no staff or inconsistent counts %s not shown.",
                       n_bad, n_bad == 1 ? "" : "s", n_bad == 1 ? "is" : "are");
        if (s)
            note(b, s);
        free(s);
    }
}

/* The four limit curves around P0, each with its end label into LAB
 * (*N_LAB); false when out of memory. */
static bool funnel_curves(struct build *b, double p0, struct end_label *lab, size_t *n_lab)
{
    static const struct {
        double p;
        const char *label, *end;
        bool dashed;
        double width;
    } curve[4] = {
        {0.999, "upper 99.8% limit", "99.8%", false, 1.2},
        {0.975, "upper 95% limit", "95%", true, 1.0},
        {0.025, "lower 95% limit", "95%", true, 1.0},
        {0.001, "lower 99.8% limit", "99.8%", false, 1.2},
    };
    struct chart *c = b->c;
    size_t cap = 0;
    for (unsigned long k = 1; (double)k <= c->x.max; k = next_n(k))
        cap++;
    cap += 2;
    double *nx = malloc(cap * sizeof *nx), *ny = malloc(cap * sizeof *ny);
    bool ok = nx && ny;
    for (int j = 0; j < 4 && ok && !b->oom; j++) {
        size_t m = 0;
        unsigned long k = 1;
        for (; (double)k <= c->x.max && m < cap; k = next_n(k)) {
            double l = stats_funnel_limit(p0, k, curve[j].p);
            nx[m] = (double)k;
            ny[m++] = isnan(l) ? NAN : clamp01(l);
        }
        if (m > 0 && nx[m - 1] < c->x.max && m < cap) {
            double l = stats_funnel_limit(p0, (unsigned long)ceil(c->x.max), curve[j].p);
            nx[m] = c->x.max;
            ny[m++] = isnan(l) ? NAN : clamp01(l);
        }
        add_clipped(b, nx, ny, m, COL_DARK_BLUE, curve[j].width, curve[j].dashed,
                    curve[j].label);
        if (m > 0 && ny[m - 1] >= c->y.min && ny[m - 1] <= c->y.max)
            lab[(*n_lab)++] = (struct end_label){chart_axis_pos(&c->y, ny[m - 1]), curve[j].end,
                                                 false, COL_DARK_BLUE};
    }
    free(nx);
    free(ny);
    return ok;
}

/* The end labels LAB[0..N_LAB) at the plot's right, sorted by y and
 * stacked apart. */
static void funnel_end_labels(struct build *b, struct end_label *lab, size_t n_lab)
{
    struct chart *c = b->c;
    for (size_t i = 1; i < n_lab; i++)
        for (size_t j = i; j > 0 && lab[j - 1].y > lab[j].y; j--) {
            struct end_label tmp = lab[j];
            lab[j] = lab[j - 1];
            lab[j - 1] = tmp;
        }
    double ys[5];
    for (size_t i = 0; i < n_lab; i++)
        ys[i] = lab[i].y + 0.35 * LABEL_SIZE;
    stack(ys, n_lab, 9, c->plot_y0, c->plot_y1 + 3);
    for (size_t i = 0; i < n_lab; i++)
        add_text(b, c->plot_x1 + 4, ys[i], lab[i].text, LABEL_SIZE, lab[i].colour, -1,
                 lab[i].bold);
}

/* How many units a funnel has outside its limits, for its alt text. */
struct funnel_count {
    size_t out998, out95, above, below;
};

/* The units' marks; *HL_MARK the highlighted one's (SIZE_MAX if none). */
static void funnel_marks(struct build *b, const struct chart_funnel_unit *units, size_t n,
                         double p0, bool limits, struct funnel_count *k, size_t *hl_mark)
{
    struct chart *c = b->c;
    for (size_t i = 0; i < n; i++) {
        const struct chart_funnel_unit *u = &units[i];
        if (!funnel_unit_ok(u))
            continue;
        int o998 = limits ? chart_funnel_outside(p0, u->events, u->base, 0.999) : 0;
        int o95 = limits ? chart_funnel_outside(p0, u->events, u->base, 0.975) : 0;
        double x = chart_axis_pos(&c->x, u->base), y = chart_axis_pos(&c->y, u->events / u->base);
        const char *label = u->label ? u->label : "";
        struct chart_mark *m;
        if (u->highlight) {
            m = add_mark(b, x, y, COL_DARK_BLUE, SHAPE_SQUARE, 5, label);
            if (m && *hl_mark == SIZE_MAX)
                *hl_mark = c->n_marks - 1;
            k->out95 += !o998 && o95;
        } else if (o998) {
            m = add_mark(b, x, y, COL_DARK_RED, SHAPE_DIAMOND, 4.5, label);
        } else if (o95) {
            m = add_mark(b, x, y, COL_WARM_YELLOW, SHAPE_DIAMOND, 4.5, label);
            if (m)
                m->outline = true;
            k->out95++;
        } else {
            m = add_mark(b, x, y, COL_NHS_BLUE, SHAPE_CIRCLE, 3, label);
        }
        k->out998 += o998 != 0;
        k->above += o998 > 0;
        k->below += o998 < 0;
        if (!m)
            break;
        occupy(b, (struct box){x - m->r - 1, y - m->r - 1, x + m->r + 1, y + m->r + 1});
    }
}

/* The marks' labels from FIRST_MARK on: the highlighted one, those outside
 * 99.8% then 95% by name, the rest by their number in the page's key where
 * there is room. */
static void funnel_labels(struct build *b, size_t first_mark, size_t hl_mark)
{
    struct chart *c = b->c;
    struct box pb = plot_box(c);
    pb.x1 = c->width - MARGIN;
    if (hl_mark != SIZE_MAX && !b->oom) {
        const struct chart_mark *m = &c->marks[hl_mark];
        char *s = dup(b, m->label);
        if (s)
            label_mark(b, m->x, m->y, m->r, s, LABEL_SIZE, true, COL_DARK_BLUE, pb, true);
        free(s);
    }
    for (int pass = 0; pass < 2 && !b->oom; pass++) {
        for (size_t k = first_mark; k < c->n_marks && !b->oom; k++) {
            const struct chart_mark *m = &c->marks[k];
            bool red = m->colour == COL_DARK_RED;
            if ((pass == 0) != red || (!red && m->colour != COL_WARM_YELLOW) || !*m->label)
                continue;
            char *s = dup(b, m->label);
            if (s)
                label_mark(b, m->x, m->y, m->r, s, LABEL_SIZE, red,
                           red ? COL_DARK_RED : COL_BLACK, pb, true);
            free(s);
        }
    }
    for (size_t k = first_mark; k < c->n_marks && !b->oom; k++) {
        const struct chart_mark *m = &c->marks[k];
        if (m->colour == COL_DARK_RED || m->colour == COL_WARM_YELLOW || k == hl_mark)
            continue;
        char num[32];
        snprintf(num, sizeof num, "%zu", k - first_mark + 1);
        label_mark(b, m->x, m->y, m->r, num, 6.5, false, COL_BLACK, plot_box(c), false);
    }
}

/* The frame both funnel plots share: title, notes and footnote, the plot
 * with room at its right for the limits' names ("99.8%") and END_LABEL
 * (the overall or pooled value's, bold; NULL: none), and the two axes. */
static void funnel_frame(struct build *b, const char *title, const char *footnote,
                         const char *end_label)
{
    struct chart *c = b->c;
    frame_wrap(b, title, NULL, footnote);
    cartesian_frame(b);
    double right = fmax(end_label ? chart_text_width(end_label, LABEL_SIZE, true) : 0,
                        chart_text_width("99.8%", LABEL_SIZE, false));
    c->plot_x0 = MARGIN + max_label_width(&c->y) + 6;
    c->plot_x1 = c->width - MARGIN - right - 6;
    c->y.pos0 = c->plot_y1;
    c->y.pos1 = c->plot_y0;
    c->x.pos0 = c->plot_x0;
    c->x.pos1 = c->plot_x1;
    emit_y_axis(b, true);
    emit_x_axis(b, false);
}

int chart_funnel(struct chart *c, const char *title, const struct chart_funnel_unit *units,
                 size_t n, double p0, const char *footnote)
{
    struct build b;
    build_init(&b, c);
    if (!units)
        n = 0;
    bool limits = p0 > 0 && p0 < 1;
    size_t n_valid = 0, n_bad = 0;
    funnel_axes(&b, units, n, p0, limits, &n_valid, &n_bad);

    char p0s[32];
    stats_format(p0s, sizeof p0s, p0 * 100, 1);
    funnel_notes(&b, units, n, limits, p0s, n_valid, n_bad);
    char *p0_label = limits ? dupf(&b, "overall %s%%", p0s) : NULL;
    funnel_frame(&b, title, footnote, p0_label);

    /* Limit curves and P0, then the units: first the marks, then the labels. */
    struct end_label lab[5];
    size_t n_lab = 0;
    if (limits && !b.oom) {
        if (!funnel_curves(&b, p0, lab, &n_lab))
            b.oom = true;
        double y = chart_axis_pos(&c->y, p0);
        add_seg(&b, c->plot_x0, y, c->plot_x1, y, COL_GREY, 1, false, "overall rate");
        occupy_seg(&b, c->plot_x0, y, c->plot_x1, y);
        if (p0_label)
            lab[n_lab++] = (struct end_label){y, p0_label, true, COL_GREY};
    }
    funnel_end_labels(&b, lab, n_lab);
    struct funnel_count k = {0, 0, 0, 0};
    size_t first_mark = c->n_marks, hl_mark = SIZE_MAX;
    funnel_marks(&b, units, n, p0, limits, &k, &hl_mark);
    funnel_labels(&b, first_mark, hl_mark);
    if (n_valid == 0)
        no_data(&b, "No units to show");
    frame_emit(&b);

    const char *tt = title && *title ? title : "Rates";
    if (limits)
        c->alt = dupf(&b, "%s: a funnel plot of %zu units around the overall rate of %s%%, "
                          "with %zu outside the 99.8%% limits (%zu above, %zu below) and %zu "
                          "more outside the 95%% limits.",
                      tt, n_valid, p0s, k.out998, k.above, k.below, k.out95);
    else
        c->alt = dupf(&b, "%s: a funnel plot of %zu units, without control limits.", tt,
                      n_valid);
    free(p0_label);
    return build_finish(&b);
}

/* ---- funnel plot of ratios ------------------------------------------------ */

int chart_funnel_ratio_outside(double pooled, double value, double se, double p)
{
    if (!(pooled > 0 && isfinite(pooled)) || !(value > 0 && isfinite(value)) ||
        !(se > 0 && isfinite(se)) || !(p > 0 && p < 1))
        return 0;
    double conf = p < 0.5 ? 1 - 2 * p : 2 * p - 1;
    double z = (log(value) - log(pooled)) / se, zp = stats_z(conf);
    return z > zp ? 1 : z < -zp ? -1 : 0;
}

static bool ratio_unit_ok(const struct chart_funnel_ratio_unit *u)
{
    return u->value > 0 && isfinite(u->value) && u->se > 0 && isfinite(u->se);
}

/* The axes of a ratio funnel: x precision from 0, y log over the units,
 * POOLED and the 95% limits at the least precise unit. */
static void funnel_ratio_axes(struct build *b, const struct chart_funnel_ratio_unit *u,
                              size_t n, double pooled)
{
    struct chart *c = b->c;
    double lo = STATS_RANGE_LOW, hi = STATS_RANGE_HIGH, max_prec = 0, max_se = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ratio_unit_ok(&u[i]))
            continue;
        lo = fmin(lo, u[i].value);
        hi = fmax(hi, u[i].value);
        max_prec = fmax(max_prec, 1 / u[i].se);
        max_se = fmax(max_se, u[i].se);
    }
    if (pooled > 0 && isfinite(pooled)) {
        double z = stats_z(0.95), se = fmin(max_se, 2);
        lo = fmin(lo, pooled * exp(-z * se));
        hi = fmax(hi, pooled * exp(z * se));
    }
    double t[MAX_TICKS];
    size_t nt = chart_log_ticks(lo, hi, t, MAX_TICKS);
    c->y.log = true;
    c->y.min = nt >= 2 ? t[0] : 0.5;
    c->y.max = nt >= 2 ? t[nt - 1] : 2;
    set_ticks(b, &c->y, t, nt, LAB_LOG);
    nt = chart_nice_ticks(0, max_prec > 1 ? max_prec : 1, 6, t, MAX_TICKS);
    c->x.min = 0;
    c->x.max = nt >= 2 ? t[nt - 1] : 1;
    set_ticks(b, &c->x, t, nt, LAB_COUNT);
    c->y.title = dup(b, "Relative likelihood (log scale)");
    c->x.title = dup(b, "Precision (1 / standard error of the log relative likelihood)");
}

/* The limit curves exp(ln POOLED +- z / x) and the pooled line, each named
 * at its right end. */
static void funnel_ratio_limits(struct build *b, double pooled, const char *pooled_label)
{
    struct chart *c = b->c;
    static const struct {
        double conf, sign;
        const char *label, *end;
        bool dashed;
        double width;
    } curve[4] = {
        {0.998, 1, "upper 99.8% limit", "99.8%", false, 1.2},
        {0.95, 1, "upper 95% limit", "95%", true, 1.0},
        {0.95, -1, "lower 95% limit", "95%", true, 1.0},
        {0.998, -1, "lower 99.8% limit", "99.8%", false, 1.2},
    };
    enum { STEPS = 240 };
    double nx[STEPS], ny[STEPS];
    struct end_label lab[5];
    size_t n_lab = 0;
    for (int j = 0; j < 4; j++) {
        double z = stats_z(curve[j].conf);
        for (int k = 0; k < STEPS; k++) {
            nx[k] = c->x.max * (k + 1) / STEPS;
            ny[k] = pooled * exp(curve[j].sign * z / nx[k]);
        }
        add_clipped(b, nx, ny, STEPS, COL_DARK_BLUE, curve[j].width, curve[j].dashed,
                    curve[j].label);
        if (ny[STEPS - 1] >= c->y.min && ny[STEPS - 1] <= c->y.max)
            lab[n_lab++] = (struct end_label){chart_axis_pos(&c->y, ny[STEPS - 1]),
                                              curve[j].end, false, COL_DARK_BLUE};
    }
    double y = chart_axis_pos(&c->y, pooled);
    add_seg(b, c->plot_x0, y, c->plot_x1, y, COL_GREY, 1, false, "pooled value");
    occupy_seg(b, c->plot_x0, y, c->plot_x1, y);
    lab[n_lab++] = (struct end_label){y, pooled_label, true, COL_GREY};
    funnel_end_labels(b, lab, n_lab);
}

/* The units' marks, then their names (outside 99.8% first, then 95%, then
 * the others where there is room). Counts those outside into OUT[2]
 * (99.8%, 95% only). */
static void funnel_ratio_units(struct build *b, const struct chart_funnel_ratio_unit *u,
                               size_t n, double pooled, size_t out[2])
{
    struct chart *c = b->c;
    size_t first = c->n_marks;
    bool limits = pooled > 0 && isfinite(pooled);
    for (size_t i = 0; i < n; i++) {
        if (!ratio_unit_ok(&u[i]))
            continue;
        int o998 = limits ? chart_funnel_ratio_outside(pooled, u[i].value, u[i].se, 0.999) : 0;
        int o95 = limits ? chart_funnel_ratio_outside(pooled, u[i].value, u[i].se, 0.975) : 0;
        double x = chart_axis_pos(&c->x, 1 / u[i].se), y = chart_axis_pos(&c->y, u[i].value);
        const char *name = u[i].label ? u[i].label : "";
        struct chart_mark *m;
        if (o998)
            m = add_mark(b, x, y, COL_DARK_RED, SHAPE_DIAMOND, 4.5, name);
        else if (o95)
            m = add_mark(b, x, y, COL_WARM_YELLOW, SHAPE_DIAMOND, 4.5, name);
        else
            m = add_mark(b, x, y, COL_NHS_BLUE, SHAPE_CIRCLE, 3, name);
        if (!m)
            return;
        m->outline = !o998 && o95;
        out[0] += o998 != 0;
        out[1] += !o998 && o95;
        occupy(b, (struct box){x - m->r - 1, y - m->r - 1, x + m->r + 1, y + m->r + 1});
    }
    struct box pb = plot_box(c);
    pb.x1 = c->width - MARGIN;
    for (int pass = 0; pass < 3 && !b->oom; pass++)
        for (size_t k = first; k < c->n_marks && !b->oom; k++) {
            const struct chart_mark *m = &c->marks[k];
            int kind = m->colour == COL_DARK_RED ? 0 : m->colour == COL_WARM_YELLOW ? 1 : 2;
            if (kind != pass || !*m->label)
                continue;
            char *s = dup(b, m->label);
            if (s)
                label_mark(b, m->x, m->y, m->r, s, LABEL_SIZE, kind == 0,
                           kind == 0 ? COL_DARK_RED : COL_BLACK, pb, kind < 2);
            free(s);
        }
}

int chart_funnel_ratio(struct chart *c, const char *title,
                       const struct chart_funnel_ratio_unit *units, size_t n, double pooled,
                       const char *footnote)
{
    struct build b;
    build_init(&b, c);
    if (!units)
        n = 0;
    bool limits = pooled > 0 && isfinite(pooled);
    size_t n_valid = 0;
    for (size_t i = 0; i < n; i++)
        n_valid += ratio_unit_ok(&units[i]);
    funnel_ratio_axes(&b, units, n, pooled);
    char ps[32];
    stats_format(ps, sizeof ps, pooled, 2);
    char *s = limits ? dupf(&b, "Log scale. Lines: 95%% (dashed) and 99.8%% (solid) limits "
                                "around the pooled relative likelihood of %s; a unit's "
                                "precision is 1 / the standard error of its log relative "
                                "likelihood. Outside the 99.8%% limits: dark red diamonds; "
                                "outside 95%%: yellow diamonds.", ps)
                     : dup(&b, "No limits: the pooled relative likelihood is not calculable.");
    if (s)
        note(&b, s);
    free(s);
    if (n_valid < n) {
        s = dupf(&b, "%zu with a count of 0 or no counts (no standard error) %s not shown.",
                 n - n_valid, n - n_valid == 1 ? "is" : "are");
        if (s)
            note(&b, s);
        free(s);
    }
    char *pooled_label = limits ? dupf(&b, "pooled %s", ps) : NULL;
    funnel_frame(&b, title, footnote, pooled_label);
    if (limits && pooled_label && !b.oom)
        funnel_ratio_limits(&b, pooled, pooled_label);
    size_t out[2] = {0, 0};
    if (!b.oom)
        funnel_ratio_units(&b, units, n, limits ? pooled : NAN, out);
    if (n_valid == 0)
        no_data(&b, "No units to show");
    frame_emit(&b);
    const char *tt = title && *title ? title : "Relative likelihoods";
    c->alt = limits ? dupf(&b, "%s: a funnel plot of %zu relative likelihoods against their "
                               "precision around the pooled value of %s (log scale), with %zu "
                               "outside the 99.8%% limits and %zu more outside the 95%% limits.",
                           tt, n_valid, ps, out[0], out[1])
                    : dupf(&b, "%s: a funnel plot of %zu relative likelihoods, without limits.",
                           tt, n_valid);
    free(pooled_label);
    return build_finish(&b);
}

/* ---- composition ----------------------------------------------------------- */

/* The composition chart's legend at baseline LEG_BL: clinical,
 * non-clinical, and the whole workforce's line when WHOLE. */
static void composition_legend(struct build *b, double leg_bl, bool whole)
{
    double lx = MARGIN;
    add_rect(b, lx, leg_bl - 7.5, lx + 12, leg_bl + 0.5, COL_NHS_BLUE, 1, "legend: clinical");
    add_text(b, lx + 16, leg_bl, "Clinical", TICK_SIZE, COL_BLACK, -1, false);
    lx += 16 + chart_text_width("Clinical", TICK_SIZE, false) + 14;
    add_rect(b, lx, leg_bl - 7.5, lx + 12, leg_bl + 0.5, COL_AQUA_GREEN, 0.3,
             "legend: non-clinical");
    {
        double ox[5] = {lx, lx + 12, lx + 12, lx, lx};
        double oy[5] = {leg_bl - 7.5, leg_bl - 7.5, leg_bl + 0.5, leg_bl + 0.5, leg_bl - 7.5};
        add_line(b, ox, oy, 5, COL_AQUA_GREEN, 1, false, NULL);
    }
    add_text(b, lx + 16, leg_bl, "Non-clinical", TICK_SIZE, COL_BLACK, -1, false);
    lx += 16 + chart_text_width("Non-clinical", TICK_SIZE, false) + 14;
    if (whole) {
        add_seg(b, lx + 6, leg_bl - 9, lx + 6, leg_bl + 2, COL_DARK_BLUE, 1.5, false, NULL);
        add_text(b, lx + 12, leg_bl, "Whole workforce", TICK_SIZE, COL_BLACK, -1, false);
    }
}

/* Row LAB's bar K (0 clinical, 1 non-clinical) for share V from the row's
 * TOP, its value at its end (past the whole workforce's line at WHOLE_X
 * when it would cross it), or "no staff". */
static void composition_bar(struct build *b, const char *lab, int k, double v, double top,
                            double whole_x)
{
    struct chart *c = b->c;
    double y0 = top + (k == 0 ? 4.5 : 14.5), y1 = y0 + 9;
    double ty = (y0 + y1) / 2 + 0.35 * LABEL_SIZE;
    if (!(v >= 0)) {
        add_text(b, c->plot_x0 + 3, ty, "no staff", LABEL_SIZE, COL_GREY, -1, false);
        return;
    }
    double x1 = chart_axis_pos(&c->x, clamp01(v));
    char name[300], num[32], val[40];
    snprintf(name, sizeof name, "%s: %s", lab ? lab : "",
             k == 0 ? "clinical" : "non-clinical");
    stats_format(num, sizeof num, v * 100, 1);
    snprintf(val, sizeof val, "%s%%", num);
    if (k == 0) {
        add_rect(b, c->plot_x0, y0, x1, y1, COL_NHS_BLUE, 1, name);
    } else {
        add_rect(b, c->plot_x0, y0, x1, y1, COL_AQUA_GREEN, 0.3, name);
        double ox[5] = {c->plot_x0, x1, x1, c->plot_x0, c->plot_x0};
        double oy[5] = {y0 + 0.5, y0 + 0.5, y1 - 0.5, y1 - 0.5, y0 + 0.5};
        add_line(b, ox, oy, 5, COL_AQUA_GREEN, 1, false, name);
    }
    double tx = x1 + 3;
    struct box tb = text_box(tx, ty, val, LABEL_SIZE, false, -1);
    if (whole_x >= tb.x0 - 1 && whole_x <= tb.x1 + 1)
        tx = whole_x + 3;
    add_text(b, tx, ty, val, LABEL_SIZE, COL_BLACK, -1, false);
}

/* The composition chart's alt text TT over the shares of ROWS[0..N) who
 * are G, against WHOLE (negative: not known). */
static void composition_alt(struct build *b, const char *tt, const char *g,
                            const struct chart_band_share *rows, size_t n, double whole)
{
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v[2] = {rows[i].clinical, rows[i].non_clinical};
        for (int k = 0; k < 2; k++)
            if (v[k] >= 0) {
                mn = v[k] < mn ? v[k] : mn;
                mx = v[k] > mx ? v[k] : mx;
            }
    }
    char a1[32], a2[32], a3[32];
    stats_format(a1, sizeof a1, mn * 100, 1);
    stats_format(a2, sizeof a2, mx * 100, 1);
    stats_format(a3, sizeof a3, whole * 100, 1);
    if (mn <= mx)
        b->c->alt = dupf(b, "%s: a bar chart of the percentage of staff who are %s in %zu "
                            "rows, clinical and non-clinical, from %s%% to %s%%%s%s%s.",
                         tt, g, n, a1, a2, whole >= 0 ? ", against " : "",
                         whole >= 0 ? a3 : "", whole >= 0 ? "% for the whole workforce" : "");
    else
        b->c->alt = dupf(b, "%s: a bar chart with no staff in any row.", tt);
}

int chart_composition(struct chart *c, const char *title, const char *group,
                      const struct chart_band_share *rows, size_t n, double whole,
                      const char *footnote)
{
    struct build b;
    build_init(&b, c);
    if (!rows)
        n = 0;
    const char *g = group && *group ? group : "in the group";
    double hi = whole >= 0 ? whole : 0;
    bool any_nan = false;
    for (size_t i = 0; i < n; i++) {
        double v[2] = {rows[i].clinical, rows[i].non_clinical};
        for (int k = 0; k < 2; k++) {
            if (v[k] >= 0)
                hi = clamp01(v[k]) > hi ? clamp01(v[k]) : hi;
            else
                any_nan = true;
        }
    }
    double t[MAX_TICKS];
    size_t nt = nice_ticks(0, hi > 0.6 ? 1 : hi * 1.1 + 0.02, 6, t, MAX_TICKS, false);
    while (nt > 0 && t[nt - 1] > 1 + 1e-9)
        nt--;
    c->x.min = 0;
    c->x.max = nt >= 2 ? t[nt - 1] : 1;
    set_ticks(&b, &c->x, t, nt, LAB_PERCENT);
    c->x.title = dupf(&b, "%% of staff who are %s", g);

    note(&b, "Bars: clinical (solid, top) and non-clinical (outlined, below) staff in each row.");
    if (whole >= 0)
        note(&b, "Vertical line: the whole workforce.");
    if (any_nan)
        note(&b, "\"no staff\": no clinical or non-clinical staff in that row.");
    frame_wrap(&b, title, NULL, footnote);

    double lw = 0;
    for (size_t i = 0; i < n; i++) {
        double w = chart_text_width(rows[i].band ? rows[i].band : "", TICK_SIZE, false);
        lw = w > lw ? w : lw;
    }
    lw = lw < 0.35 * c->width ? lw : 0.35 * c->width;
    c->plot_x0 = MARGIN + lw + 10;
    c->plot_x1 = c->width - MARGIN - chart_text_width("100.0%", LABEL_SIZE, false) - 8;
    c->x.pos0 = c->plot_x0;
    c->x.pos1 = c->plot_x1;

    /* Legend under the title, then the header row with the whole line's label. */
    double leg_bl = header_bottom(&b) + 14;
    double head_bl = leg_bl + 16;
    row_plot(&b, head_bl + 8, n, BAR_ROW_H);

    composition_legend(&b, leg_bl, whole >= 0);

    double whole_x = whole >= 0 ? chart_axis_pos(&c->x, clamp01(whole)) : NAN;
    for (size_t i = 0; i < n; i++) {
        const struct chart_band_share *r = &rows[i];
        double top = c->plot_y0 + (double)i * BAR_ROW_H;
        char *lab = ellipsize(&b, r->band ? r->band : "", TICK_SIZE, false, lw);
        add_text(&b, MARGIN, top + BAR_ROW_H / 2 + 0.35 * TICK_SIZE, lab, TICK_SIZE, COL_BLACK,
                 -1, false);
        double v[2] = {r->clinical, r->non_clinical};
        for (int k = 0; k < 2; k++)
            composition_bar(&b, lab, k, v[k], top, whole_x);
        free(lab);
    }
    if (whole >= 0) {
        double x = whole_x;
        add_seg(&b, x, c->plot_y0 - 3, x, c->plot_y1, COL_DARK_BLUE, 1.5, false,
                "whole workforce");
        char num[32], *s;
        stats_format(num, sizeof num, whole * 100, 1);
        s = dupf(&b, "Whole workforce %s%%", num);
        struct box head = {c->plot_x0, head_bl - 10, c->width - MARGIN, head_bl + 4};
        struct spot cand[] = {{x, head_bl, 0}, {x - 3, head_bl, 1}, {x + 3, head_bl, -1}};
        if (s)
            place_text(&b, cand, 3, s, LABEL_SIZE, true, COL_DARK_BLUE, head, true);
        free(s);
    }
    if (n == 0)
        no_data(&b, "No rows to show");
    frame_emit(&b);

    composition_alt(&b, title && *title ? title : "Composition", g, rows, n, whole);
    return build_finish(&b);
}

/* ---- freeing ------------------------------------------------------------- */

static void axis_free(struct chart_axis *a)
{
    for (size_t i = 0; i < a->n_ticks; i++)
        free(a->tick_labels[i]);
    free(a->tick_labels);
    free(a->ticks);
    free(a->title);
}

void chart_free(struct chart *c)
{
    if (!c)
        return;
    free(c->title);
    free(c->subtitle);
    free(c->footnote);
    free(c->alt);
    axis_free(&c->x);
    axis_free(&c->y);
    for (size_t i = 0; i < c->n_areas; i++) {
        free(c->areas[i].x);
        free(c->areas[i].y);
        free(c->areas[i].label);
    }
    free(c->areas);
    for (size_t i = 0; i < c->n_lines; i++) {
        free(c->lines[i].x);
        free(c->lines[i].y);
        free(c->lines[i].label);
    }
    free(c->lines);
    for (size_t i = 0; i < c->n_marks; i++)
        free(c->marks[i].label);
    free(c->marks);
    for (size_t i = 0; i < c->n_texts; i++)
        free(c->texts[i].text);
    free(c->texts);
    memset(c, 0, sizeof *c);
}
