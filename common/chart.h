/* chart.h: chart models: scales, ticks, positions, bands, lines and labels,
 * computed without any graphics library (PSPP's model / renderer split).
 *
 * A model is built by one of the chart_* builders below from plain numbers,
 * is golden-testable as data (every position is in device units, points,
 * with the origin at the top left), and is drawn by chart_cairo.c. Degenerate
 * data (no points, all NaN, zero ranges) is guarded here, never in the
 * renderer. All text is owned by the model (copied in).
 *
 * What the renderer draws, in this order: a white background, AREAS
 * (gridlines are thin areas, so that they sit under everything), LINES,
 * MARKS (interval bar, then the shape) and TEXTS. It draws nothing else:
 * the title, the subtitle, the footnote, tick labels, axis titles, legends
 * and every visible label are laid out by the builders as chart_text items
 * (wrapped and placed without overlap, using chart_text_width), so that the
 * whole picture is testable as data. The LABEL fields of marks, lines and
 * areas name them (for tests, alt text and the HTML) and are not drawn. */
#ifndef WQ_CHART_H
#define WQ_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Size: A4 text width is about 453 pt (16 cm); charts are 480 x 300 pt
 * unless a builder needs more height (forest plots grow with their rows). */
#define CHART_WIDTH 480.0
#define CHART_HEIGHT 300.0

/* NHS identity colours (and colour-blind-safe companions), by role. */
enum chart_colour {
    COL_NHS_BLUE,      /* #005EB8: the focus group (BME, Disabled) */
    COL_DARK_BLUE,     /* #003087: titles, the comparator */
    COL_WARM_YELLOW,   /* #FFB81C: highlights */
    COL_GREY,          /* #768692: axes, parity line, footnotes */
    COL_PALE_GREY,     /* #E8EDEE: the non-adverse band, gridlines */
    COL_DARK_RED,      /* #8A1538: outside funnel limits / adverse */
    COL_AQUA_GREEN,    /* #00A499: the comparator series (White, Non-disabled) */
    COL_BLACK,         /* #212B32 (NHS.UK text): tick labels, axis titles, values */
    COL_WHITE,         /* #FFFFFF: the fill of hollow marks */
    COL_N
};
/* "#005EB8" etc. (static). */
const char *chart_colour_hex(enum chart_colour c);

struct chart_axis {
    double min, max;           /* data range shown (min < max once built) */
    bool log;                  /* logarithmic (ratios) */
    double pos0, pos1;         /* device coordinates of min and max */
    double *ticks;             /* tick values */
    char **tick_labels;        /* their labels ("0.5", "1", "2", "2016", "25%") */
    size_t n_ticks;
    char *title;               /* NULL for the rows of a forest or bar chart */
};
/* In forest and composition charts the y axis is the row index: min 0 and
 * max the number of rows, POS0 the plot's top; it has no ticks. */

/* The shape of a mark. The second series of a chart never differs from the
 * first by colour alone: it gets another shape (and a dashed line). */
enum chart_shape {
    SHAPE_CIRCLE = 0,
    SHAPE_SQUARE,
    SHAPE_DIAMOND,
    /* A value off a log axis (0 or INFINITY), drawn at the edge pointing
     * off the plot: up / down on a y axis, left / right on an x axis. */
    SHAPE_TRIANGLE_UP,
    SHAPE_TRIANGLE_DOWN,
    SHAPE_TRIANGLE_LEFT,
    SHAPE_TRIANGLE_RIGHT
};

/* A point with an optional interval (NaN low/high: none). */
struct chart_mark {
    double x, y;               /* device coordinates */
    double x_low, x_high;      /* device coordinates of an interval on x (forest) or NaN */
    double y_low, y_high;      /* ... on y (trend), or NaN */
    enum chart_colour colour;
    bool hollow;               /* drawn open (white inside), e.g. a year without interval */
    char *label;               /* its name or value text (not drawn: see above), or NULL */
    enum chart_shape shape;
    double r;                  /* half the mark's width, points */
    bool outline;              /* stroke a dark-blue edge (light fills such as Warm Yellow) */
    bool open_low, open_high;  /* the interval runs off a log axis at that end (0 or
                                * INFINITY): drawn with an arrowhead instead of a cap */
};

/* A polyline (a series, a funnel limit, the parity line). */
struct chart_line {
    double *x, *y;             /* device coordinates */
    size_t n;
    enum chart_colour colour;
    double width;
    bool dashed;
    char *label;               /* its name (see "Names" below), or NULL; not drawn */
};

/* A filled region: a rectangle (the non-adverse band, a bar) or a polygon
 * (an interval band around a series). */
struct chart_area {
    double *x, *y;             /* polygon vertices, device coordinates */
    size_t n;
    enum chart_colour colour;
    double alpha;              /* 0..1 */
    char *label;               /* its name, or NULL (gridlines); not drawn */
};

/* Free text at a position: Y is the baseline; X is the left end, the centre
 * or the right end by ALIGN. One line (the builders wrap). */
struct chart_text {
    double x, y;
    char *text;
    double size;               /* points */
    enum chart_colour colour;
    int align;                 /* -1 left, 0 centre, 1 right */
    bool bold;
};

struct chart {
    char *title;               /* always set */
    char *subtitle;            /* the line under the title (the trend builders' CHANGE
                                * sentence), or NULL */
    char *footnote;            /* the caller's text then the builder's own notes: always set */
    double width, height;
    double plot_x0, plot_y0, plot_x1, plot_y1;   /* plot area, device units */
    struct chart_axis x, y;
    struct chart_area *areas;  size_t n_areas;   /* drawn first */
    struct chart_line *lines;  size_t n_lines;
    struct chart_mark *marks;  size_t n_marks;
    struct chart_text *texts;  size_t n_texts;   /* drawn last */
    char *alt;                 /* a one-sentence description (HTML alt text) */
};

/* Free everything inside C and zero it (not the struct itself); safe on a
 * zeroed chart, twice, and on NULL. */
void chart_free(struct chart *c);

/* Map a data value to device units on an axis (log axes take log10).
 * On a log axis 0 (and any v <= 0) maps to POS0 and INFINITY to POS1 (the
 * edges: such values are drawn clamped and labelled); on a linear axis
 * -INFINITY and INFINITY map to POS0 and POS1. NaN gives NaN. */
double chart_axis_pos(const struct chart_axis *a, double v);
/* The inverse: the data value at device coordinate POS (for tests and the
 * HTML). NaN for NaN. */
double chart_axis_value(const struct chart_axis *a, double pos);

/* Estimated advance width, in points, of UTF-8 TEXT at SIZE in DejaVu Sans
 * (BOLD or regular), from the font's ASCII advance widths (other characters
 * count as 0.7 em). The renderer measures with cairo and agrees to within a
 * few percent for ASCII; builders use this to wrap, truncate and place. */
double chart_text_width(const char *text, double size, bool bold);

/* Axis helpers (exposed for tests): "nice" linear ticks covering [lo, hi]
 * (about N of them), and 1-2-5 log ticks covering [lo, hi] (lo > 0). */
size_t chart_nice_ticks(double lo, double hi, size_t n, double *ticks, size_t max);
size_t chart_log_ticks(double lo, double hi, double *ticks, size_t max);
/* Details: chart_nice_ticks uses steps of 1, 2, 2.5 or 5 times a power of
 * ten, starts at or below LO and ends at or above HI (a zero range is
 * widened); it returns at most MAX ticks (taking a wider step if needed),
 * 0 for non-finite input. chart_log_ticks returns 1-2-5 ticks from the
 * largest at or below LO to the smallest at or above HI, or powers of ten
 * only when that would be more than 10 ticks (every other one past 10
 * decades); 0 for lo <= 0, non-finite input or MAX too small. Tick values
 * are the doubles nearest the decimals (0.2, not 2 * 0.1). */

/* ---- builders ------------------------------------------------------------
 * Each returns WQ_OK and fills *C (zero it first), or WQ_ENOMEM (C is then
 * left empty). Labels and names are copied; TITLE and FOOTNOTE may be NULL
 * (drawn as ""). NaN values are skipped (a year with no figure); NaN
 * intervals are drawn without bars and the footnote says so. The charts are
 * CHART_WIDTH wide and CHART_HEIGHT high except forest and composition
 * charts, which grow with their rows. Layout (points): a 14 pt margin; the
 * title (13 pt bold, dark blue, up to two lines), the subtitle (9 pt); the
 * y axis title above the plot; tick labels at 8 pt; the x axis title; and
 * the footnote (7.5 pt, grey) wrapped to the width at the bottom. A chart
 * whose text would leave a plot less than 140 pt high grows instead.
 *
 * The footnote is the caller's FOOTNOTE followed by the builder's notes:
 * what the lines, bands and shapes mean, and, when they occur, "Years (or
 * Rows) without an interval are drawn without bars, as open markers.",
 * "Values of 0 or infinity ... are drawn at the edge of the axis and marked
 * "0" or "inf".", rows "not calculable", units not shown. The alt text is
 * one sentence: the title, the kind of chart, and the range of the values.
 *
 * Names (the LABEL fields; stable, for tests and the HTML): areas
 * "non-adverse range", a series' name (its interval band), "<row>:
 * clinical" / "<row>: non-clinical" (bars); lines "parity", "trend", a
 * series' name, "trust", "upper 95% limit", "lower 95% limit", "upper 99.8%
 * limit", "lower 99.8% limit", "overall rate", "whole workforce"; marks
 * carry their value text ("1.32", "23.4%") or their row / unit label. */

/* One value per year with an optional interval. */
struct chart_year_value {
    int year;
    double value, low, high;
    double n;                  /* group size for the footnote, or NaN */
};

/* A relative likelihood over years: log y axis, the parity line at 1, the
 * non-adverse band (STATS_RANGE_TEXT) shaded, points with 95% interval bars. CHANGE
 * is a sentence about the last year's change ("The change from 2018 to 2019
 * could be chance (z = 1.1)"), drawn on the chart, or NULL.
 * Draws: the band (pale grey, with the text "non-adverse range LOW-HIGH"
 * from stats.h, placed inside it where free), the parity line (grey, dashed), a thin NHS
 * Blue line joining consecutive finite values, and per year an NHS Blue
 * circle with a vertical interval bar and its value as a label where room
 * allows (always the last year's); a year with a NaN interval is a hollow
 * circle without a bar. A value of 0 or INFINITY is a triangle on the axis
 * edge pointing off the plot, labelled "0" / "inf", not joined to the
 * line; limits of 0 / INFINITY end in arrowheads at the edge. The y axis
 * covers every finite positive value and limit and the range, with 1-2-5
 * ticks; x has one tick per year (fewer when crowded), from the first to
 * the last year of V (NaN values included). CHANGE is the subtitle. */
int chart_trend_ratio(struct chart *c, const char *title, const char *y_title,
                      const struct chart_year_value *v, size_t n, const char *change,
                      const char *footnote);

/* Two percentages over years (e.g. BME and White), each a line with points
 * and a shaded interval band; values are proportions 0-1.
 * A: NHS Blue, solid line, filled circles; B: Aqua Green, dashed line,
 * squares; each labelled at its last point with its name and last value
 * ("BME 18.8%"; the two labels are moved apart when close). Interval bands
 * (alpha 0.15) cover runs of consecutive years that have intervals; an
 * isolated year with an interval gets a bar instead. The y axis is 0-100%
 * or a sub-range with steps of 1, 2 or 5 (labels "25%", "12.5%" never
 * mixed with "25.0%"); it starts at 0 unless the values are far from it. */
int chart_trend_percent(struct chart *c, const char *title, const char *name_a,
                        const struct chart_year_value *a, size_t n_a, const char *name_b,
                        const struct chart_year_value *b, size_t n_b, const char *change,
                        const char *footnote);

/* A forest plot: one row per level, sorted by value (NaN last), the point
 * and its interval on a log x axis, the trust's value as a vertical line,
 * the non-adverse band, and each row's group sizes printed at the right.
 * Columns: row labels (wrapped to two lines of 30% of the width, the second
 * truncated with an ellipsis; labels that would still read alike end in a
 * numbered key " [1]", and the footnote gives each key's full name),
 * the plot, "Value" (the ratio to 2 decimals) and "Group sizes" (up to 25%
 * of the width). Rows are 22 pt high; a NaN row is last and reads "not
 * calculable" inside the plot where no line crosses it; marks are NHS Blue
 * squares with horizontal interval bars (mark label = the row label); 0
 * and INFINITY are triangles at the edges pointing off the plot (the Value
 * column reads "0.00" / "inf" on the same row). The trust line is dark blue, labelled "Trust 1.24" above the plot; a NaN
 * TRUST_VALUE draws no trust line (the footnote says so). */
struct chart_forest_row {
    const char *label;         /* directorate */
    double value, low, high;   /* relative likelihood; may be 0 or INFINITY */
    const char *sizes;         /* e.g. "1/3 vs 8/39" */
    bool withheld;             /* no value: withheld in publication mode (drawn
                                  as "withheld", not "not calculable") */
    bool highlight;            /* --highlight: the row shaded Warm Yellow, its label
                                  bold, and the footnote names it */
};
int chart_forest(struct chart *c, const char *title, const struct chart_forest_row *rows,
                 size_t n, double trust_value, const char *footnote);
/* The same with another reference line than the whole trust: REF_LABEL
 * heads it ("All trusts 1.24"), REF_WORDS names it in the footnote and the
 * alt text ("all the trusts pooled"). chart_forest is this with "Trust" and
 * "the whole trust". */
int chart_forest_ref(struct chart *c, const char *title, const struct chart_forest_row *rows,
                     size_t n, double ref_value, const char *ref_label, const char *ref_words,
                     const char *footnote);

/* A funnel plot: each unit's rate (events/base) against its base, with 95%
 * and 99.8% exact binomial limits (stats_funnel_limit, clamped to [0,1])
 * around P0; units outside the 99.8% (or 95%) limits are labelled; every
 * other unit gets its number (its mark's index + 1, the row of the page's
 * key, html_points.c) beside it where there is room.
 * Limit lines are dark blue (99.8% solid, 95% dashed), labelled "upper
 * 95% limit" etc. (a curve leaving the plot is split into several lines);
 * they are sampled at every n from 1 to 200, then at steps of a twentieth
 * of the decade (205, 210 ... 1000, 1050 ...) up to the x axis maximum.
 * The y axis covers every unit, P0 and the 99.8% limits at the smallest
 * base. Units are NHS Blue circles; outside 95%: Warm Yellow diamonds
 * (dark-blue edge) with a plain label; outside 99.8%: Dark Red diamonds
 * with a bold label; labels go where they overlap nothing. The limit lines
 * and P0 ("overall 13.7%") are named at their right ends. Units with base
 * < 1 or events outside 0..base are not drawn (footnote). A P0 outside
 * (0,1) draws no limits. */
struct chart_funnel_unit {
    const char *label;
    double events, base;
    bool highlight;            /* --highlight: a larger dark-blue square, always
                                  labelled in bold, and named in the footnote */
};
int chart_funnel(struct chart *c, const char *title, const struct chart_funnel_unit *units,
                 size_t n, double p0, const char *footnote);
/* Whether a unit lies outside the limits at probability P (0.975 / 0.999):
 * -1 below, 0 inside, 1 above (exposed for tests and the HTML text).
 * A rate on a limit is inside; P below 0.5 is read as 1 - P; a base that is
 * not an integer is rounded; 0 for invalid input. */
int chart_funnel_outside(double p0, double events, double base, double p);

/* A funnel plot of relative likelihoods (Spiegelhalter 2005): each unit's
 * ratio (log y axis) against its precision, 1 / SE of its log ratio
 * (linear x axis from 0), with 95% and 99.8% limits exp(ln POOLED +- z /
 * precision) around POOLED (dark blue, 95% dashed, 99.8% solid; named at
 * their right ends, the pooled line "pooled 1.24" in grey). Units are
 * marked as chart_funnel's (NHS Blue circles; outside 95%: Warm Yellow
 * diamonds; outside 99.8%: Dark Red diamonds) and named where there is
 * room, those outside the limits always. A unit with a ratio of 0 or
 * infinity, or no SE, is not drawn (footnote). A POOLED that is not a
 * positive finite number draws no limits. */
struct chart_funnel_ratio_unit {
    const char *label;
    double value;              /* the relative likelihood */
    double se;                 /* the standard error of its natural log */
};
int chart_funnel_ratio(struct chart *c, const char *title,
                       const struct chart_funnel_ratio_unit *units, size_t n, double pooled,
                       const char *footnote);
/* Whether a unit lies outside the two-sided limits at probability P (0.975
 * for 95%, 0.999 for 99.8%): z = (ln VALUE - ln POOLED) / SE against the
 * normal quantile; -1 below, 0 inside (a z on the limit too), 1 above; 0
 * for invalid input. */
int chart_funnel_ratio_outside(double pooled, double value, double se, double p);

/* Composition: % focus group by band row, clinical and non-clinical side by
 * side (horizontal bars), with the whole workforce's % as a vertical line.
 * Per row: clinical (NHS Blue, solid, on top) and non-clinical (Aqua Green
 * outline with a pale fill, below), each with its value at the bar's end
 * ("no staff" for NaN); a legend under the title; the whole workforce's %
 * as a dark-blue line (none for NaN). Rows are 28 pt high. */
struct chart_band_share {
    const char *band;          /* "Band 5", "Cluster 2 (Bands 5-7)" */
    double clinical, non_clinical;   /* proportions 0-1, NaN when no staff */
};
int chart_composition(struct chart *c, const char *title, const char *group,
                      const struct chart_band_share *rows, size_t n, double whole,
                      const char *footnote);

/* ---- rendering (chart_cairo.c) -------------------------------------------- */

/* Draw C to PATH: PNG, SVG or PDF by the extension (.png, .svg, .pdf).
 * Deterministic for the same model (fonts: DejaVu Sans; PDF dates fixed).
 * WQ_ECANTCREAT / WQ_EIO with ERR filled on failure; cairo's status is
 * checked after drawing and after finishing the surface. PNG is drawn at
 * twice the size (960 x 600 pixels for 480 x 300 pt; RGB, no alpha), or
 * smaller when that would pass cairo's limit of 32,767 pixels a side. The
 * file is opened here (fopen: failure -> WQ_ECANTCREAT), written through
 * cairo's stream API (a write error -> WQ_EIO, and the partial file is
 * removed); an unknown extension -> WQ_EUSAGE; out of memory ->
 * WQ_ENOMEM (cairo draws in a child process, isolate.h: out of memory
 * there is WQ_ENOMEM here, not a crash). SVG ids "surfaceN" (a process-wide counter in cairo) are
 * renumbered from 1 so that files are byte-identical; PDF metadata: the
 * title, creator "wres/wdes" and fixed creation / modification dates. */
int chart_render_file(const struct chart *c, const char *path, struct wq_error *err);

/* Draw C as SVG into a malloc'd NUL-terminated string (*OUT, caller frees;
 * *LEN its length without the NUL, LEN may be NULL), for inlining in HTML.
 * It is the file's SVG (from "<?xml") with every id, href="#..." and
 * url(#...) prefixed by "c<16 hex digits of a hash of the SVG>-", so that
 * several charts inlined in one page do not share cairo's glyph ids.
 * On failure *OUT is NULL. */
int chart_render_svg(const struct chart *c, char **out, size_t *len, struct wq_error *err);

/* Load the font configuration now (fontconfig's FcInit), before a command
 * that draws charts reads its inputs. Cairo would load it at the first
 * text drawn, late in a report, when memory may have run out, and
 * fontconfig (2.14) does not survive that: its start-up dereferences
 * failed allocations or retries them forever. Loaded first, while memory
 * is plentiful, later text finds it done. WQ_OK, or WQ_ENOMEM with ERR
 * filled. Idempotent. */
int chart_fonts_init(struct wq_error *err);

#endif
