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

/* Write metrics.csv, submission.xlsx, tables/, charts/, report.html,
 * data-quality.txt and summary.txt into DIR; with HISTORY (may be NULL)
 * also its trend charts and trend.csv. WQ_ECANTCREAT when a file cannot be
 * made, WQ_EIO when a write fails, WQ_ENOMEM. */
int report_write(const char *dir, const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o, const struct trend *history, struct wq_error *err);

/* The trend command's files in DIR: one chart per metric (EXT: png, svg or
 * pdf) and trend.csv. */
int report_trend(const char *dir, const struct trend *tr, const struct standard *std,
                 const char *ext, double conf, struct wq_error *err);

#endif
