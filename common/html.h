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

#include "metrics.h"
#include "options.h"
#include "standard.h"
#include "trend.h"
#include "workforce.h"

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
 * non-adverse range 0.80-1.25: "lies above / below / within the non-adverse
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

#endif
