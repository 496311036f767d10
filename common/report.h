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
#include "workforce.h"

/* Write metrics.csv, submission.xlsx, tables/, data-quality.txt and
 * summary.txt into O->out. WQ_ECANTCREAT when the folder cannot be made,
 * WQ_EIO when a write fails. */
int report_write(const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o, struct wq_error *err);

/* Remove PATH and everything under it (no symlinks are followed). */
int report_remove_tree(const char *path);

#endif
