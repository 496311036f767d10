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
#include "sheets.h"
#include "trend.h"
#include "workforce.h"

/* The subfolder of a report folder for NHS England only: full counts. */
#define REPORT_RESTRICTED "not-for-publication"

/* The report is written in two steps, so that the slowest file, the
 * workbook for NHS England, is written by a child process while this one
 * works on (the publication audit, then the other files):
 *
 *   report_start   makes DIR/REPORT_RESTRICTED and starts the workbook of
 *                  FULL (every count) in a child process; it reports
 *                  nothing: a failure is kept in R and given by
 *                  report_write, so that the failures of the steps run in
 *                  between come first, as when each step ran in turn;
 *   report_write   writes the rest and waits for the workbook;
 *   report_cancel  instead of report_write, after a failure in between:
 *                  kills the child and removes its files (DIR itself is
 *                  the caller's to remove); it does nothing after
 *                  report_write, or on a run zeroed and never started, so
 *                  a caller may call it whatever happened.
 *
 * What is published, from PUB (small numbers withheld as O->suppress
 * says): report.html, charts/, tables/, summary.txt and, with HISTORY (may
 * be NULL), its trend charts and trend.csv. For NHS England only, from
 * FULL, in DIR/REPORT_RESTRICTED: submission.xlsx, metrics.csv (its first
 * line a "#" comment saying it is not for publication) and
 * data-quality.txt. FULL, W and O must be the same in both calls and live
 * until the second. WQ_ECANTCREAT when a file cannot be made, WQ_EIO when
 * a write fails, WQ_ENOMEM. */
struct report_run {
    struct workbook wb;
    struct xlsx_write x;
    char sub[4096];      /* DIR/REPORT_RESTRICTED */
    char path[8192];     /* the workbook's */
    bool started;        /* the child runs */
    int st;              /* report_start's status, ERR its message */
    struct wq_error err;
};
void report_start(struct report_run *r, const char *dir, const struct metric_table *full,
                  const struct workforce *w, const struct wq_options *o);
int report_write(struct report_run *r, const char *dir, const struct metric_table *full,
                 const struct metric_table *pub, const struct workforce *w,
                 const struct wq_options *o, const struct trend *history, struct wq_error *err);
void report_cancel(struct report_run *r);

/* The trend command's files in DIR: one chart per metric (EXT: png, svg or
 * pdf) and trend.csv. */
int report_trend(const char *dir, const struct trend *tr, const struct standard *std,
                 const char *ext, double conf, struct wq_error *err);

#endif
