/* html_summary.h: the board report's opening findings, and last year's
 * figures beside this year's (html.c writes the rest of the page).
 *
 * The findings are plain English, written from the whole trust's
 * comparison rows, the catalogue's direction of disadvantage
 * (direction.h), the history (trend.h) and the breakdown rows. */
#ifndef WQ_HTML_SUMMARY_H
#define WQ_HTML_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>

#include "html.h"

#include "metrics.h"
#include "options.h"
#include "standard.h"
#include "trend.h"

struct html_summary_in {
    FILE *f;
    const struct standard *std;
    const struct wq_options *o;
    const struct metric_table *t;   /* every row: the trust's first, then breakdowns */
    size_t n_trust;                 /* how many rows are the whole trust's */
    const struct trend *history;    /* earlier years, or NULL */
    bool plain;                     /* the text version (html_findings_text) */
};

/* Open the findings section (<section id="summary">) and write what is
 * worse and better for the focus group beyond chance, what could be
 * chance, the change since last year (with HISTORY) and the breakdown
 * levels that stand out. The caller adds the figures at a glance and closes
 * the section. */
void html_findings(const struct html_summary_in *in);

/* How many rows open T as the whole trust's (breakdown "Trust"). */
size_t html_trust_rows(const struct metric_table *t);

/* The same findings (T: every row, the trust's first, as html_report
 * takes it) as plain text on F, for findings.txt and the page of `serve`:
 * one line each, "## " before a heading and "- " before an item of a list,
 * the report's links and pointers to its appendices left out. WQ_OK, or
 * WQ_EIO when F has an error. */
int html_findings_text(FILE *f, const struct metric_table *t, const struct standard *std,
                       const struct wq_options *o, const struct trend *history);

/* Last year's figure for comparison row R, on R's scale (a relative
 * likelihood, or a difference of proportions focus minus comparator), from
 * HISTORY: NaN when there is none. *YEAR is set to the year found. THIS_YEAR
 * is the reporting year (0: none, then there is no last year). */
double html_last_year(const struct trend *history, const struct standard *std,
                      const struct metric_row *r, int this_year, int *year);


#endif
