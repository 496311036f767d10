/* report.c: the report folder, written atomically. */
#define _GNU_SOURCE /* getdents64, mkdtemp */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "figures.h"
#include "html.h"
#include "output.h"
#include "sheets.h"

/* Remove NAME in the folder DIRFD, and everything in it if it is a folder,
 * without the heap (opendir and nftw allocate, and this runs when memory
 * has run out): Linux's getdents64 into a buffer on the stack, the folder
 * read again from the start until only . and .. are left. */
static int remove_at(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0)
        return 0;
    if ((errno != EISDIR && errno != EPERM) || depth > 16)
        return -1;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    _Alignas(struct dirent64) char buf[4096];
    ssize_t n;
    bool removed;
    do {
        removed = false;
        if (lseek(fd, 0, SEEK_SET) != 0)
            break;
        while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
            for (ssize_t off = 0; off < n;) {
                const struct dirent64 *d = (const struct dirent64 *)(buf + off);
                off += d->d_reclen;
                if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
                    remove_at(fd, d->d_name, depth + 1) == 0)
                    removed = true;
            }
        }
    } while (removed);
    close(fd);
    return unlinkat(dirfd, name, AT_REMOVEDIR);
}

int report_remove_tree(const char *path)
{
    return remove_at(AT_FDCWD, path, 0);
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

/* trend.csv: every point of every series, and on the last year of each the
 * change from the year before. */
static int write_trend_csv(const char *dir, const struct trend *tr, const struct standard *std,
                           double conf, struct wq_error *err)
{
    static const char *const kinds[] = {"relative-likelihood", "proportion", "representation",
                                        "board-share"};
    char path[8192];
    snprintf(path, sizeof path, "%s/trend.csv", dir);
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st)
        return st;
    fputs("metric,measure,group,reference,statistic,year,value,low,high,base,difference,"
          "difference_low,difference_high,change_z,change_p,change\n", f);
    for (size_t i = 0; i < tr->n_series; i++) {
        const struct trend_series *s = &tr->series[i];
        struct trend_change ch;
        trend_change(s, NULL, conf, &ch);
        /* a pair of percentages is tested once, on the focus group's series */
        bool tested = s->kind == TREND_RATIO ||
                      (s->kind == TREND_PERCENT && !strcmp(s->group, std->group_names[std->focus]));
        for (size_t k = 0; k < s->n_points; k++) {
            const struct trend_point *p = &s->points[k];
            const double num[] = {p->value, p->low, p->high, p->n, p->diff, p->diff_low,
                                  p->diff_high};
            fprintf(f, "%s,%s,%s,%s,%s,%d", s->metric, s->measure, s->group,
                    s->reference ? s->reference : "", kinds[s->kind], p->year);
            for (size_t j = 0; j < sizeof num / sizeof *num; j++)
                isnan(num[j]) ? fputs(",", f) : fprintf(f, ",%.17g", num[j]);
            if (tested && k + 1 == s->n_points && s->n_points > 1) {
                if (ch.testable)
                    fprintf(f, ",%.17g,%.17g", ch.z, ch.p);
                else
                    fputs(",,", f);
                fprintf(f, ",\"%s\"\n", ch.text);
            } else {
                fputs(",,,\n", f);
            }
        }
    }
    if (fclose(f) != 0)
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
    return WQ_OK;
}

/* Write DIR/NAME with FN, checking every step. */
static int write_file(const char *dir, const char *name, writer_fn fn,
                      const struct metric_table *t, const struct workforce *w,
                      const struct wq_options *o, struct wq_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st)
        return st;
    st = fn(f, t, w, o);
    if (fclose(f) != 0 || st)
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
    return WQ_OK;
}

/* Make a temporary folder beside OUT (its name, trailing slashes removed,
 * is OUT[0..*N)); TMP receives its path. */
static int stage_begin(const char *out, char *tmp, size_t size, size_t *n, struct wq_error *err)
{
    *n = strlen(out);
    while (*n > 1 && out[*n - 1] == '/')
        (*n)--;
    if (*n + 16 >= size)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "report folder name too long");
    snprintf(tmp, size, "%.*s.tmp-XXXXXX", (int)*n, out);
    if (!mkdtemp(tmp))
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create a folder beside %.*s: %s",
                       (int)*n, out, strerror(errno));
    return WQ_OK;
}

/* Put the finished TMP in place of OUT[0..N), moving any previous folder
 * aside first and removing it after. */
static int stage_commit(const char *out, size_t n, const char *tmp, struct wq_error *err)
{
    char path[4096], old[4096];
    snprintf(path, sizeof path, "%.*s", (int)n, out);
    struct stat sb;
    bool had_old = lstat(path, &sb) == 0;
    if (had_old) {
        if (!S_ISDIR(sb.st_mode))
            return wq_fail(err, WQ_ECANTCREAT, NULL, "%s exists and is not a folder", path);
        snprintf(old, sizeof old, "%.*s.old-XXXXXX", (int)n, out);
        if (!mkdtemp(old) || rename(path, old) != 0)
            return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot move the previous %s aside: %s",
                           path, strerror(errno));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        if (had_old)
            rename(old, path);
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", path, strerror(e));
    }
    if (had_old)
        report_remove_tree(old);
    return WQ_OK;
}

static int make_dir(const char *dir, const char *name, char *path, size_t size,
                    struct wq_error *err)
{
    snprintf(path, size, "%s/%s", dir, name);
    if (mkdir(path, 0777) != 0)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", path, strerror(errno));
    return WQ_OK;
}

/* The HTML page with every figure inline as SVG. */
static int write_html(const char *dir, const struct metric_table *t, const struct workforce *w,
                      const struct wq_options *o, const struct figure_set *fs,
                      struct wq_error *err)
{
    char path[8192];
    int st = WQ_OK;
    struct html_figure *figs = calloc(fs->n_items ? fs->n_items : 1, sizeof *figs);
    char **svgs = calloc(fs->n_items ? fs->n_items : 1, sizeof *svgs);
    if (!figs || !svgs) {
        free(figs);
        free(svgs);
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < fs->n_items && !st; i++) {
        size_t len;
        st = chart_render_svg(&fs->items[i].chart, &svgs[i], &len, err);
        figs[i] = (struct html_figure){fs->items[i].section, fs->items[i].chart.title, svgs[i],
                                       fs->items[i].caption};
    }
    if (!st) {
        snprintf(path, sizeof path, "%s/report.html", dir);
        FILE *f;
        if (!(st = wq_open_output(&f, path, path, err))) {
            st = html_report(f, t, w, o, figs, fs->n_items);
            if (fclose(f) != 0 || st)
                st = wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
        }
    }
    for (size_t i = 0; i < fs->n_items; i++)
        free(svgs[i]);
    free(svgs);
    free(figs);
    return st;
}

int report_write(const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o, const struct trend *history, struct wq_error *err)
{
    char tmp[4096], path[8192];
    struct workbook wb = {0};
    struct figure_set fs = {0};
    size_t n;
    int st = stage_begin(o->out, tmp, sizeof tmp, &n, err);
    if (st)
        return st;
    if ((st = write_file(tmp, "metrics.csv", csv_writer, t, w, o, err)) ||
        (st = write_file(tmp, "summary.txt", output_table, t, w, o, err)) ||
        (st = write_file(tmp, "data-quality.txt", check_writer, t, w, o, err)))
        goto fail;
    if ((st = sheets_build(&wb, t, w, o, err)))
        goto fail;
    snprintf(path, sizeof path, "%s/submission.xlsx", tmp);
    if ((st = sheets_write_xlsx(&wb, path, err)) ||
        (st = make_dir(tmp, "tables", path, sizeof path, err)) ||
        (st = sheets_write_csv(&wb, path, err)))
        goto fail;
    if ((st = figures_report(&fs, t, w, o, err)) ||
        (history && (st = figures_trend(&fs, history, w->std, o->conf, err))) ||
        (st = make_dir(tmp, "charts", path, sizeof path, err)) ||
        (st = figures_write(&fs, path, "png", err)) ||
        (st = write_html(tmp, t, w, o, &fs, err)))
        goto fail;
    if (history && (st = write_trend_csv(tmp, history, w->std, o->conf, err)))
        goto fail;
    if ((st = stage_commit(o->out, n, tmp, err)))
        goto fail;
    sheets_free(&wb);
    figures_free(&fs);
    return WQ_OK;
fail:
    sheets_free(&wb);
    figures_free(&fs);
    report_remove_tree(tmp);
    return st;
}

int report_trend(const struct trend *tr, const struct standard *std, const char *out,
                 const char *ext, double conf, struct wq_error *err)
{
    char tmp[4096];
    struct figure_set fs = {0};
    size_t n;
    int st = stage_begin(out, tmp, sizeof tmp, &n, err);
    if (st)
        return st;
    if ((st = figures_trend(&fs, tr, std, conf, err)) ||
        (st = figures_write(&fs, tmp, ext, err)) ||
        (st = write_trend_csv(tmp, tr, std, conf, err)) ||
        (st = stage_commit(out, n, tmp, err))) {
        figures_free(&fs);
        report_remove_tree(tmp);
        return st;
    }
    figures_free(&fs);
    return WQ_OK;
}
