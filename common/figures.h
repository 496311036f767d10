/* figures.h: the charts of a report and of a trend: which charts there are,
 * built as chart models (chart.h) from the metrics table or the trend, then
 * written as files and as inline SVG for the HTML page. */
#ifndef WQ_FIGURES_H
#define WQ_FIGURES_H

#include <stddef.h>

#include "chart.h"
#include "metrics.h"
#include "options.h"
#include "trend.h"
#include "workforce.h"

struct figure {
    char *section;      /* "metric 1", "breakdowns", "trends" ... (static copy) */
    char *name;         /* file name without extension: "forest-org-l3-leavers" */
    char *caption;
    struct chart chart;
    char *points_name;  /* a funnel plot: the --by column its points are levels of
                           (the page names every point), else NULL */
};

struct figure_set {
    struct figure *items;
    size_t n_items, alloc_items;
};

/* Composition (metric 1), and for every --by column a forest plot of every
 * relative likelihood and a funnel plot of the focus group's leaver rate and
 * of metric 3's rate. */
int figures_report(struct figure_set *fs, const struct metric_table *t,
                   const struct workforce *w, const struct wq_options *o, struct wq_error *err);

/* One chart per metric of the trend, with the last year's change. */
int figures_trend(struct figure_set *fs, const struct trend *t, const struct standard *std,
                  double conf, struct wq_error *err);

/* Write every figure as DIR/NAME.EXT (png, svg or pdf). */
int figures_write(const struct figure_set *fs, const char *dir, const char *ext,
                  struct wq_error *err);

void figures_free(struct figure_set *fs);

/* S as a file-name part: lower-case letters and digits, each run of
 * anything else one '-' ("Org L3" -> "org-l3"), truncated to SIZE. */
void figures_slug(const char *s, char *buf, size_t size);

#endif
