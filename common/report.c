/* report.c: the report folder, written atomically. */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#include "report.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "sheets.h"

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int report_remove_tree(const char *path)
{
    return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

typedef int (*writer_fn)(FILE *f, const struct metric_table *t, const struct workforce *w,
                         const struct wq_options *o);

static int csv_writer(FILE *f, const struct metric_table *t, const struct workforce *w,
                      const struct wq_options *o)
{
    (void)w;
    (void)o;
    return output_csv(f, t);
}

static int check_writer(FILE *f, const struct metric_table *t, const struct workforce *w,
                        const struct wq_options *o)
{
    (void)t;
    return output_check(f, w, o);
}

/* Write DIR/NAME with FN, checking every step. */
static int write_file(const char *dir, const char *name, writer_fn fn,
                      const struct metric_table *t, const struct workforce *w,
                      const struct wq_options *o, struct wq_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", path, strerror(errno));
    int st = fn(f, t, w, o);
    if (fclose(f) != 0 || st)
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
    return WQ_OK;
}

int report_write(const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o, struct wq_error *err)
{
    char tmp[4096], old[4096], path[8192];
    struct workbook wb = {0};
    int st;
    size_t n = strlen(o->out);
    while (n > 1 && o->out[n - 1] == '/')
        n--;
    if (n + 16 >= sizeof tmp)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "report folder name too long");
    snprintf(tmp, sizeof tmp, "%.*s.tmp-XXXXXX", (int)n, o->out);
    if (!mkdtemp(tmp))
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create a folder beside %.*s: %s",
                       (int)n, o->out, strerror(errno));
    if ((st = write_file(tmp, "metrics.csv", csv_writer, t, w, o, err)) ||
        (st = write_file(tmp, "summary.txt", output_table, t, w, o, err)) ||
        (st = write_file(tmp, "data-quality.txt", check_writer, t, w, o, err)))
        goto fail;
    if ((st = sheets_build(&wb, t, w, o, err)))
        goto fail;
    snprintf(path, sizeof path, "%s/submission.xlsx", tmp);
    if ((st = sheets_write_xlsx(&wb, path, err)))
        goto fail;
    snprintf(path, sizeof path, "%s/tables", tmp);
    if (mkdir(path, 0777) != 0) {
        st = wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", path, strerror(errno));
        goto fail;
    }
    if ((st = sheets_write_csv(&wb, path, err)))
        goto fail;
    sheets_free(&wb);
    /* swap into place */
    snprintf(path, sizeof path, "%.*s", (int)n, o->out);
    struct stat sb;
    bool had_old = lstat(path, &sb) == 0;
    if (had_old) {
        if (!S_ISDIR(sb.st_mode)) {
            st = wq_fail(err, WQ_ECANTCREAT, NULL, "%s exists and is not a folder", path);
            goto fail;
        }
        snprintf(old, sizeof old, "%.*s.old-XXXXXX", (int)n, o->out);
        if (!mkdtemp(old) || rename(path, old) != 0) {
            st = wq_fail(err, WQ_ECANTCREAT, NULL, "cannot move the previous %s aside: %s",
                         path, strerror(errno));
            goto fail;
        }
    }
    if (rename(tmp, path) != 0) {
        st = wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", path, strerror(errno));
        if (had_old)
            rename(old, path);
        goto fail;
    }
    if (had_old)
        report_remove_tree(old);
    return WQ_OK;
fail:
    sheets_free(&wb);
    report_remove_tree(tmp);
    return st;
}
