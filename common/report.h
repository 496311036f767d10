/* report.h: the report folder, written atomically.
 *
 * Everything is written into a new temporary folder beside DIR; only when
 * every file has been written and closed is it renamed into place (the
 * previous DIR, if any, is moved aside and removed after the swap). A
 * failed run leaves DIR exactly as it was and no temporary folder behind. */
#ifndef WQ_REPORT_H
#define WQ_REPORT_H

#include "diag.h"
#include "metrics.h"
#include "options.h"
#include "trend.h"
#include "workforce.h"

/* Write metrics.csv, submission.xlsx, tables/, charts/, report.html,
 * data-quality.txt and summary.txt into O->out; with HISTORY (may be NULL)
 * also its trend charts and trend.csv. WQ_ECANTCREAT when the folder cannot
 * be made, WQ_EIO when a write fails. */
int report_write(const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o, const struct trend *history, struct wq_error *err);

/* The trend command's folder OUT: one chart per metric (EXT: png, svg or
 * pdf) and trend.csv, atomically as above. */
int report_trend(const struct trend *tr, const struct standard *std, const char *out,
                 const char *ext, double conf, struct wq_error *err);

/* Remove PATH and everything under it (no symlinks are followed). */
int report_remove_tree(const char *path);

#endif
