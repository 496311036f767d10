/* report.h: the files of the report folder and of the trend folder.
 *
 * Both write into DIR, a fresh temporary folder made by outdir_open()
 * (outdir.h), which puts it in place only when everything has been
 * written; on failure the caller closes the outdir, which removes DIR. */
#ifndef WQ_REPORT_H
#define WQ_REPORT_H

#include "diag.h"
#include "metrics.h"
#include "options.h"
#include "trend.h"
#include "workforce.h"

/* The subfolder of a report folder for NHS England only: full counts. */
#define REPORT_RESTRICTED "not-for-publication"

/* Write the report into DIR. What is published, from PUB (small numbers
 * withheld as O->suppress says): report.html, charts/, tables/,
 * summary.txt and, with HISTORY (may be NULL), its trend charts and
 * trend.csv. For NHS England only, from FULL (every count), in
 * DIR/REPORT_RESTRICTED: submission.xlsx, metrics.csv (its first line a
 * "#" comment saying it is not for publication) and data-quality.txt.
 * WQ_ECANTCREAT when a file cannot be made, WQ_EIO when a write fails,
 * WQ_ENOMEM. */
int report_write(const char *dir, const struct metric_table *full,
                 const struct metric_table *pub, const struct workforce *w,
                 const struct wq_options *o, const struct trend *history, struct wq_error *err);

/* The trend command's files in DIR: one chart per metric (EXT: png, svg or
 * pdf) and trend.csv. */
int report_trend(const char *dir, const struct trend *tr, const struct standard *std,
                 const char *ext, double conf, struct wq_error *err);

#endif
