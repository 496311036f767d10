/* html.h: the board report as one self-contained HTML page.
 *
 * The page has no scripts, no external fonts, images or style sheets:
 * charts come in as inline SVG text (from cairo), everything else is
 * written here, with one inline style sheet for screen and A4 print. All
 * text that comes from data (directorate names, file names, notes, codes)
 * is HTML-escaped. Figures are shown as published (rounded half away from
 * zero, stats_format) with their 95% intervals, flags as words and badges,
 * and a plain-English sentence per comparison (html_sentence).
 *
 * The page opens with a summary of findings (html_summary.c) and the figures
 * at a glance, then one block per metric, the trends, and the appendices
 * (section class "appendix": the breakdowns, how to read it and the inputs,
 * data quality, methods; each starts a printed page). Badges say whether a
 * comparison is worse or better for the focus group from the catalogue's
 * direction of disadvantage and the interval (direction.h), in words and a
 * symbol, never by colour alone. Every table scrolls sideways in its own
 * container on a narrow screen. */
#ifndef WQ_HTML_H
#define WQ_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "chart.h"
#include "metrics.h"
#include "options.h"
#include "standard.h"
#include "trend.h"
#include "workforce.h"

/* A breakdown's table on the page lists at most this many levels (in its
 * order: the smallest q first, then the largest) and says where the rest
 * are (the tables/ folder): beyond it a page would run to megabytes. */
#define HTML_MAX_LEVELS 2000

struct html_figure {
    const char *section;  /* where the figure goes, after that section's tables:
                             "metric 1", "leavers", "declaration", "metric 2",
                             "metric 3", "metric 4"; the survey: "survey" or
                             "metric 5" ... (WDES "metric 4a" ... "metric 8");
                             "metric 9a" or "engagement", "metric 9b"; the board:
                             "board" or "metric 9" (WRES) / "metric 10" (WDES);
                             "breakdowns", "trends", "data quality", "methods".
                             Any other value: an "Other figures" section. */
    const char *title;
    const char *svg;      /* inline SVG text (from cairo), or NULL: no chart */
    const char *caption;
    const struct chart *points; /* a chart whose every mark is named on the page (a
                                   funnel plot): an SVG title per point and a
                                   numbered key table (html_points.c), or NULL */
    const char *points_name;    /* what a point is: the --by column ("Org L3") */
};

/* Write the whole self-contained page to F. The rows of T must be in the
 * order workforce_metrics() makes them (the whole trust first; the rows of
 * one breakdown level contiguous). W gives the input accounts, O the
 * options of the run. Returns WQ_OK, WQ_ENOMEM or WQ_EIO (a write failed:
 * ferror(F)). An SVG that holds anything active or external (a script, an
 * event handler, foreignObject, an image, a URL) is not inlined. */
int html_report(FILE *f, const struct metric_table *t, const struct workforce *w,
                const struct wq_options *o, const struct html_figure *figs, size_t n_figs);

/* The same with earlier years (or NULL): the summary says what changed
 * since last year and whether the change could be chance (trend_change),
 * and the tables gain a "Last year" column. */
int html_report_history(FILE *f, const struct metric_table *t, const struct workforce *w,
                        const struct wq_options *o, const struct html_figure *figs,
                        size_t n_figs, const struct trend *history);

/* One plain-English sentence about row R into BUF (always terminated when
 * SIZE > 0; truncated if too long). Returns BUF. The text is plain (not
 * escaped): escape it when writing HTML.
 *
 * For a comparison row (a relative likelihood) it says how many times as
 * likely one group was as the other, using the catalogue's verb
 * ("be appointed from shortlisting"; "leave" for leavers; "applicants" for
 * metric 2), and reads the 95% interval against parity (1) and the
 * non-adverse range (stats.h): "lies above / below / within the non-adverse
 * range", "includes 1 (parity), so the difference could be chance", "excludes
 * parity but reaches into the non-adverse range"; a ratio of 0 or infinity,
 * a figure that cannot be calculated and a suppressed one (note starting
 * "suppressed") each have their own wording. For a difference of
 * percentages (survey) it gives both percentages and the difference in
 * percentage points, the interval read against 0; for the board, the
 * difference from the group's share of the workforce. Numbers are
 * formatted with stats_format (2 decimals; scores 1). When R is a
 * comparison row whose COUNT and BASE are set (not NaN), they are read as
 * the numerator group's events and base ("0 of 139"). */
const char *html_sentence(char *buf, size_t size, const struct metric_row *r,
                          const struct standard *std);

/* The same with the comparison's two group rows, either or both may be
 * NULL: NUM the group row of R->group, DEN that of R->reference. They give
 * the counts ("36 of 144", "no White staff left") and the two percentages
 * of a survey difference. html_report calls this one. */
const char *html_sentence_rows(char *buf, size_t size, const struct metric_row *r,
                               const struct metric_row *num, const struct metric_row *den,
                               const struct standard *std);

/* F gets S HTML-escaped (& < > " ' as entities; control characters as
 * spaces). */
/* Every table sits in its own container, which scrolls sideways on a
 * narrow screen (keyboard users reach it: it takes the focus); close it
 * with "</div>" after "</table>". */
#define HTML_SCROLL "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">"

void html_escape(FILE *f, const char *s);

/* SVG with, before its closing tag, a transparent circle over each named
 * mark of C holding a <title>: "3. Team 12: 7.5% of 40 (within the limits)"
 * (malloc'd; NULL when out of memory or SVG has no closing tag). */
char *html_points_svg(const char *svg, const struct chart *c);

/* The key table of figure FIG_NO: each named mark of C by its number (its
 * index + 1, as chart_funnel draws it), name, rate and base; WHAT names a
 * point ("Org L3"). */
void html_points_key(FILE *f, const struct chart *c, size_t fig_no, const char *what);

#endif
