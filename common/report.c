/* report.c: the files of the report folder and of the trend folder (the
 * folder itself, written whole or not at all, is outdir.c's). */
#include "report.h"
#include "trend_levels.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "figures.h"
#include "html.h"
#include "html_summary.h"
#include "output.h"
#include "sheets.h"
#include "text.h"

typedef int (*writer_fn)(FILE *f, const struct metric_table *t, const struct workforce *w,
                         const struct wq_options *o);

/* The first line of the restricted metrics.csv; every reader of metrics
 * CSVs (trend.c) skips leading lines starting with '#'. Commas only: the
 * delimiter is found from the first line. */
static const char restricted_line[] =
    "# NOT FOR PUBLICATION: full counts for NHS England, small numbers not withheld; "
    "publish report.html, charts, tables and summary.txt from the folder above\n";

static int csv_writer(FILE *f, const struct metric_table *t, const struct workforce *w,
                      const struct wq_options *o)
{
    (void)w;
    fputs(restricted_line, f);
    output_trust_line(f, o->trust);
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
            const char *text[] = {s->metric, s->measure, s->group,
                                  s->reference ? s->reference : "", kinds[s->kind]};
            for (size_t j = 0; j < sizeof text / sizeof *text; j++) {
                text_put_csv(f, text[j], true);
                fputc(',', f);
            }
            fprintf(f, "%d", p->year);
            for (size_t j = 0; j < sizeof num / sizeof *num; j++)
                isnan(num[j]) ? fputs(",", f) : fprintf(f, ",%.17g", num[j]);
            if (tested && k + 1 == s->n_points && s->n_points > 1) {
                if (ch.testable)
                    fprintf(f, ",%.17g,%.17g", ch.z, ch.p);
                else
                    fputs(",,", f);
                fputc(',', f);
                text_put_csv(f, ch.text, true);
                fputc('\n', f);
            } else {
                fputs(",,,\n", f);
            }
        }
    }
    bool failed = ferror(f);
    if (fclose(f) != 0 || failed)
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
                      const struct trend *history, struct wq_error *err)
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
        const struct figure *fi = &fs->items[i];
        figs[i] = (struct html_figure){fi->section, fi->chart.title, svgs[i], fi->caption,
                                       fi->points_name ? &fi->chart : NULL, fi->points_name};
    }
    if (!st) {
        snprintf(path, sizeof path, "%s/report.html", dir);
        FILE *f;
        if (!(st = wq_open_output(&f, path, path, err))) {
            st = html_report_history(f, t, w, o, figs, fs->n_items, history);
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

/* findings.txt: the page's summary of findings as plain text (the same
 * sentences, html_summary.c), for the page of `serve` and for pasting. */
static int write_findings(const char *dir, const struct metric_table *t,
                          const struct workforce *w, const struct wq_options *o,
                          const struct trend *history, struct wq_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/findings.txt", dir);
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st)
        return st;
    st = html_findings_text(f, t, w->std ? w->std : o->std, o, history);
    if (fclose(f) != 0 || st)
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
    return WQ_OK;
}

/* O for the full counts for NHS England: O->suppress is not applied to
 * them (and their methods say so). */
static struct wq_options full_counts(const struct wq_options *o)
{
    struct wq_options all = *o;
    all.suppress = 0;
    return all;
}

/* DIR/REPORT_RESTRICTED (into R->sub) and its workbook, built into R->wb
 * from FULL and started in a child process (R->x; sheets.h): the first
 * steps of the restricted files. */
static int start_restricted(struct report_run *r, const char *dir, const struct metric_table *full,
                            const struct workforce *w, const struct wq_options *o,
                            struct wq_error *err)
{
    struct wq_options all = full_counts(o);
    int st;
    if ((st = make_dir(dir, REPORT_RESTRICTED, r->sub, sizeof r->sub, err)) ||
        (st = sheets_build(&r->wb, full, w, &all, err)))
        return st;
    snprintf(r->path, sizeof r->path, "%s/submission.xlsx", r->sub);
    if ((st = sheets_xlsx_start(&r->x, &r->wb, r->path, err)))
        return st;
    r->started = true;
    return WQ_OK;
}

/* The rest of R->sub (start_restricted): the full counts for NHS England. */
static int write_restricted(const struct report_run *r, const struct metric_table *full,
                            const struct workforce *w, const struct wq_options *o,
                            struct wq_error *err)
{
    struct wq_options all = full_counts(o);
    int st = write_file(r->sub, "metrics.csv", csv_writer, full, w, &all, err);
    return st ? st : write_file(r->sub, "data-quality.txt", check_writer, full, w, &all, err);
}

/* The files for publication, at the top of DIR. */
static int write_public(const char *dir, const struct metric_table *pub,
                        const struct workforce *w, const struct wq_options *o,
                        const struct trend *history, struct wq_error *err)
{
    char path[8192];
    struct workbook wb = {0};
    struct figure_set fs = {0};
    int st;
    if ((st = write_file(dir, "summary.txt", output_table, pub, w, o, err)) ||
        (st = sheets_build(&wb, pub, w, o, err)) ||
        (st = make_dir(dir, "tables", path, sizeof path, err)) ||
        (st = sheets_write_csv(&wb, path, err)))
        goto out;
    if ((st = figures_report(&fs, pub, w, o, err)) ||
        (history && (st = figures_trend(&fs, history, w->std, o->conf, err))) ||
        (st = make_dir(dir, "charts", path, sizeof path, err)) ||
        (st = figures_write(&fs, path, "png", err)) ||
        (st = write_html(dir, pub, w, o, &fs, history, err)) ||
        (st = write_findings(dir, pub, w, o, history, err)))
        goto out;
    if (history)
        st = write_trend_csv(dir, history, w->std, o->conf, err);
out:
    sheets_free(&wb);
    figures_free(&fs);
    return st;
}

void report_start(struct report_run *r, const char *dir, const struct metric_table *full,
                  const struct workforce *w, const struct wq_options *o)
{
    *r = (struct report_run){0};
    r->st = start_restricted(r, dir, full, w, o, &r->err);
}

void report_cancel(struct report_run *r)
{
    if (r->started)
        sheets_xlsx_cancel(&r->x);
    r->started = false;
    sheets_free(&r->wb);
}

/* The workbook for NHS England, the slowest file, is written by a child
 * process (started by report_start) while this one writes the rest. A
 * failure fails the run with the message the first failing step would have
 * given when they ran in turn: the start (the folder, the model, the child),
 * metrics.csv and data-quality.txt, then the workbook, then the rest. */
int report_write(struct report_run *r, const char *dir, const struct metric_table *full,
                 const struct metric_table *pub, const struct workforce *w,
                 const struct wq_options *o, const struct trend *history, struct wq_error *err)
{
    int st = r->st;
    if (st)
        *err = r->err;
    else
        st = write_restricted(r, full, w, o, err);
    if (r->started) {
        struct wq_error rest_err = {0}, x_err = {0};
        int st_rest = st ? WQ_OK : write_public(dir, pub, w, o, history, &rest_err);
        int st_x = sheets_xlsx_finish(&r->x, &x_err);
        r->started = false;
        if (!st && st_x) {
            st = st_x;
            *err = x_err;
        } else if (!st && st_rest) {
            st = st_rest;
            *err = rest_err;
        }
    }
    sheets_free(&r->wb);
    return st;
}

int report_trend(const char *dir, const struct trend *tr, const struct standard *std,
                 const char *ext, double conf, struct wq_error *err)
{
    struct figure_set fs = {0};
    int st = figures_trend(&fs, tr, std, conf, err);
    if (!st)
        st = figures_write(&fs, dir, ext, err);
    if (!st)
        st = write_trend_csv(dir, tr, std, conf, err);
    if (!st)
        st = trend_levels_write(dir, tr, std, ext, conf, err);
    figures_free(&fs);
    return st;
}
