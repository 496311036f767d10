/* trend.c: metrics over years, and whether the last change is chance. */
#include "trend.h"

#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "extract.h"
#include "stats.h"
#include "text.h"

const struct trend_series *trend_find(const struct trend *t, const char *metric,
                                      const char *measure, const char *group,
                                      const char *reference)
{
    for (size_t i = 0; i < t->n_series; i++) {
        const struct trend_series *s = &t->series[i];
        if (!strcmp(s->metric, metric) && (!measure || !strcmp(s->measure, measure)) &&
            (!group || !strcmp(s->group, group)) &&
            (!reference || text_same(s->reference, reference)))
            return s;
    }
    return NULL;
}

/* The series for these keys in ARR (N, ALLOC), created if new; NULL on
 * allocation failure. BREAKDOWN and LEVEL are NULL for the trust. */
static struct trend_series *series_in(struct trend_series **arr, size_t *n, size_t *alloc,
                                      enum trend_kind kind, const char *metric,
                                      const char *measure, const char *group,
                                      const char *reference, const char *title,
                                      const char *breakdown, const char *level)
{
    for (size_t i = 0; i < *n; i++) {
        struct trend_series *s = &(*arr)[i];
        if (s->kind == kind && !strcmp(s->metric, metric) && !strcmp(s->measure, measure) &&
            !strcmp(s->group, group) && text_same(s->reference, reference) &&
            text_same(s->breakdown, breakdown) && text_same(s->level, level))
            return s;
    }
    struct trend_series *grown = array_grow(*arr, *n, alloc, sizeof *grown, 16);
    if (!grown)
        return NULL;
    *arr = grown;
    struct trend_series *s = &(*arr)[*n];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->metric = text_dup(metric);
    s->measure = text_dup(measure);
    s->group = text_dup(group);
    s->reference = text_dup(reference);
    s->title = text_dup(title ? title : measure);
    s->breakdown = text_dup(breakdown);
    s->level = text_dup(level);
    (*n)++;
    if (!s->metric || !s->measure || !s->group || !s->title || (reference && !s->reference) ||
        (breakdown && !s->breakdown) || (level && !s->level))
        return NULL;
    return s;
}

static struct trend_series *series(struct trend *t, enum trend_kind kind, const char *metric,
                                   const char *measure, const char *group,
                                   const char *reference, const char *title)
{
    return series_in(&t->series, &t->n_series, &t->alloc_series, kind, metric, measure, group,
                     reference, title, NULL, NULL);
}

/* Add or find the point of YEAR; NULL when the year is there already and
 * UNIQUE, or on allocation failure (*DUP tells which). */
static struct trend_point *point(struct trend_series *s, int year, bool unique, bool *dup)
{
    *dup = false;
    for (size_t i = 0; i < s->n_points; i++)
        if (s->points[i].year == year) {
            *dup = unique;
            return unique ? NULL : &s->points[i];
        }
    struct trend_point *grown =
        array_grow(s->points, s->n_points, &s->alloc_points, sizeof *grown, 8);
    if (!grown)
        return NULL;
    s->points = grown;
    size_t i = s->n_points++;
    while (i > 0 && s->points[i - 1].year > year) {
        s->points[i] = s->points[i - 1];
        i--;
    }
    s->points[i] = (struct trend_point){year, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    return &s->points[i];
}

enum shape { SHAPE_UNKNOWN, SHAPE_METRICS, SHAPE_HISTORY };
enum mcol { M_STANDARD, M_METRIC, M_MEASURE, M_BREAKDOWN, M_GROUP, M_REFERENCE, M_BASE,
            M_VALUE, M_LOW, M_HIGH, M_WORKFORCE, M_BAND, M_STATISTIC, M_YEAR, M_LEVEL,
            M_METHOD, M_N };

struct tctx {
    struct trend *t;
    const struct standard *std;
    enum shape shape;
    int col[M_N];
    int year_col[32];          /* history: the year of each column, or 0 */
    size_t n_fields;
    double headcount[32];      /* history: metric 1 "headcount All" by column */
    bool replace;              /* a year already loaded is overwritten */
    unsigned long comments;    /* leading lines starting with '#' skipped */
};

static int bad(const struct csv_row *row, const char *column, struct wq_error *err,
               const char *what)
{
    return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, column, 0}, "%s", what);
}

static int header(struct tctx *c, const struct csv_row *row, struct wq_error *err)
{
    static const char *const names[M_N] = {"standard", "metric", "measure", "breakdown",
                                           "group", "reference", "base", "value", "low",
                                           "high", "workforce", "band", "statistic", "year",
                                           "level", "method"};
    c->n_fields = row->n_fields;
    for (int k = 0; k < M_N; k++)
        c->col[k] = columns_find(row, names[k]);
    if (c->col[M_STANDARD] >= 0 && c->col[M_VALUE] >= 0) {
        c->shape = SHAPE_METRICS;
        if (c->col[M_YEAR] < 0)
            return bad(row, NULL, err,
                       "a metrics CSV without a 'year' column: re-run that year with --year");
        return WQ_OK;
    }
    if (row->n_fields >= 4 && c->col[M_METRIC] == 0 && c->col[M_MEASURE] == 1 &&
        c->col[M_GROUP] == 2) {
        c->shape = SHAPE_HISTORY;
        for (size_t i = 3; i < row->n_fields && i < 32; i++) {
            const char *s = row->fields[i];
            char *end;
            long y = strtol(s, &end, 10);
            if (*end || y < 2000 || y > 2100)
                return bad(row, s, err, "expected a year (e.g. 2019) as the column name");
            c->year_col[i] = (int)y;
        }
        return WQ_OK;
    }
    return bad(row, NULL, err,
               "not a metrics CSV (standard, metric, ... value, low, high, ... year) nor a "
               "history table (metric, measure, group, then one column per year)");
}

static const char *field(const struct tctx *c, const struct csv_row *row, enum mcol k)
{
    return c->col[k] >= 0 ? row->fields[c->col[k]] : "";
}

static bool is_survey(const struct standard *std, const char *metric, const char *measure,
                      const struct survey_metric **m)
{
    for (size_t i = 0; i < std->n_survey; i++)
        if (!strcmp(std->survey[i].metric, metric) &&
            (!measure || !strcmp(std->survey[i].measure, measure))) {
            *m = &std->survey[i];
            return true;
        }
    return false;
}

static const struct ratio_metric *ratio_of(const struct standard *std, const char *metric)
{
    for (size_t i = 0; i < std->n_ratios; i++)
        if (!strcmp(std->ratios[i].metric, metric))
            return &std->ratios[i];
    return NULL;
}

/* The row's point into P: its reporting year, value, interval and base
 * (the rest NaN). */
static int row_figures(const struct tctx *c, const struct csv_row *row, struct trend_point *p,
                       struct wq_error *err)
{
    *p = (struct trend_point){0, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    const char *ys = field(c, row, M_YEAR);
    char *end;
    long year = strtol(ys, &end, 10);
    if (!*ys || *end || year < 2000 || year > 2100)
        return bad(row, "year", err, "no reporting year: re-run that year with --year");
    p->year = (int)year;
    const char *vs = field(c, row, M_VALUE);
    if (!text_number(vs, &p->value) && *vs)
        return bad(row, "value", err, "not a number");
    text_number(field(c, row, M_LOW), &p->low);
    text_number(field(c, row, M_HIGH), &p->high);
    text_number(field(c, row, M_BASE), &p->n);
    return WQ_OK;
}

/* A --by level's crude relative likelihood (adjusted rows are left out). */
static int level_row(struct tctx *c, const struct csv_row *row, struct wq_error *err)
{
    const char *ref = field(c, row, M_REFERENCE), *level = field(c, row, M_LEVEL);
    if (!*ref || strcmp(field(c, row, M_STATISTIC), "relative-likelihood") ||
        !strcmp(field(c, row, M_METHOD), "mantel-haenszel") || c->col[M_LEVEL] < 0)
        return WQ_OK;
    struct trend_point fig;
    int st = row_figures(c, row, &fig, err);
    if (st)
        return st;
    struct trend *t = c->t;
    struct trend_series *s =
        series_in(&t->by, &t->n_by, &t->alloc_by, TREND_RATIO, field(c, row, M_METRIC),
                  field(c, row, M_MEASURE), field(c, row, M_GROUP), ref, NULL,
                  field(c, row, M_BREAKDOWN), level);
    bool dup;
    struct trend_point *p = s ? point(s, fig.year, !c->replace, &dup) : NULL;
    if (s && dup)
        return bad(row, "year", err, "a second figure for the same year, level and metric");
    if (!p)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    *p = fig;
    return WQ_OK;
}

static int metrics_row(struct tctx *c, const struct csv_row *row, struct wq_error *err)
{
    const struct standard *std = c->std;
    if (strcmp(field(c, row, M_STANDARD), std->name))
        return WQ_OK;
    if (strcmp(field(c, row, M_BREAKDOWN), "Trust"))
        return level_row(c, row, err);
    const char *metric = field(c, row, M_METRIC), *measure = field(c, row, M_MEASURE);
    const char *group = field(c, row, M_GROUP), *ref = field(c, row, M_REFERENCE);
    const char *stat = field(c, row, M_STATISTIC);
    const char *focus = std->group_names[std->focus];
    const char *comp = std->group_names[std->comparator];
    const struct survey_metric *sm = NULL;
    enum trend_kind kind;
    bool diff_row = false;
    if (*ref && !strcmp(stat, "relative-likelihood"))
        kind = TREND_RATIO;
    else if (is_survey(std, metric, measure, &sm) && !sm->is_score && !strcmp(stat, "proportion") &&
             (!strcmp(group, focus) || !strcmp(group, comp)))
        kind = TREND_PERCENT;
    else if (sm && !sm->is_score && !strcmp(stat, "difference"))
        kind = TREND_PERCENT, diff_row = true;
    else if (!strcmp(metric, "1") && !*ref && !strcmp(field(c, row, M_WORKFORCE), "All") &&
             !strcmp(field(c, row, M_BAND), "All") && !strcmp(group, focus))
        kind = TREND_REPRESENTATION;
    else if (!strcmp(metric, std->board_metric) && !strcmp(measure, "board_total") && !*ref)
        kind = TREND_BOARD;
    else
        return WQ_OK;
    struct trend_point fig;
    int st = row_figures(c, row, &fig, err);
    if (st)
        return st;
    int year = fig.year;
    bool dup;
    if (diff_row) {
        struct trend_series *s = series(c->t, TREND_PERCENT, metric, measure, focus, NULL,
                                        sm->text);
        struct trend_point *p = s ? point(s, year, false, &dup) : NULL;
        if (!p)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        p->diff = fig.value;
        p->diff_low = fig.low;
        p->diff_high = fig.high;
        return WQ_OK;
    }
    const char *title = kind == TREND_PERCENT ? sm->text : NULL;
    struct trend_series *s = series(c->t, kind, metric, measure, group,
                                    kind == TREND_RATIO ? ref : NULL, title);
    if (!s)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    struct trend_point *p = point(s, year, kind != TREND_PERCENT && !c->replace, &dup);
    if (p && c->replace && kind != TREND_PERCENT)
        *p = (struct trend_point){year, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (dup)
        return bad(row, "year", err, "a second figure for the same year and metric");
    if (!p)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    p->value = fig.value;
    p->low = fig.low;
    p->high = fig.high;
    p->n = fig.n;
    return WQ_OK;
}

static int history_row(struct tctx *c, const struct csv_row *row, struct wq_error *err)
{
    const struct standard *std = c->std;
    if (row->n_fields != c->n_fields)
        return bad(row, NULL, err, "a row with a different number of fields from the header");
    const char *metric = row->fields[0], *measure = row->fields[1], *group = row->fields[2];
    char m[128];
    text_fold(measure, m, sizeof m);
    const struct ratio_metric *rm = ratio_of(std, metric);
    const struct survey_metric *sm = NULL;
    enum trend_kind kind;
    const char *g = group, *ref = NULL, *id = measure, *title = measure;
    const char *focus = std->group_names[std->focus];
    if (!strcmp(metric, "1") && !strcmp(m, "headcount")) {
        if (!strcmp(group, "All"))
            for (size_t i = 3; i < row->n_fields && i < 32; i++)
                if (!text_number(row->fields[i], &c->headcount[i]))
                    c->headcount[i] = NAN;
        return WQ_OK;
    }
    if (!strcmp(metric, "1") && !strcmp(m, "percent") && !strcmp(group, focus)) {
        kind = TREND_REPRESENTATION;
        id = "workforce";
    } else if (rm) {
        kind = TREND_RATIO;
        g = std->group_names[rm->focus_first ? std->focus : std->comparator];
        ref = std->group_names[rm->focus_first ? std->comparator : std->focus];
        id = rm->measure;
    } else if (is_survey(std, metric, NULL, &sm)) {
        kind = TREND_PERCENT;
        id = sm->measure;
        title = sm->text;
    } else if (!strcmp(metric, std->board_metric)) {
        kind = TREND_BOARD;
        id = "board_total";
    } else {
        return WQ_OK; /* a row this standard does not chart */
    }
    struct trend_series *s = series(c->t, kind, metric, id, g, ref, title);
    if (!s)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    for (size_t i = 3; i < row->n_fields && i < 32; i++) {
        double v;
        if (!*row->fields[i])
            continue; /* no figure that year */
        if (!text_number(row->fields[i], &v))
            return wq_fail(err, WQ_EDATA,
                           &(struct src_pos){row->file, row->line, NULL, 0},
                           "year %d: not a number: '%.40s'", c->year_col[i], row->fields[i]);
        bool dup;
        struct trend_point *p = point(s, c->year_col[i], true, &dup);
        if (dup)
            return bad(row, NULL, err, "a second row for the same metric and group");
        if (!p)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        p->value = kind == TREND_RATIO ? v : v / 100;
        if (kind == TREND_REPRESENTATION)
            p->n = c->headcount[i];
    }
    return WQ_OK;
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct tctx *c = ud;
    if (row->record == c->comments + 1 && row->n_fields && row->fields[0][0] == '#') {
        c->comments++; /* "# NOT FOR PUBLICATION ..." above a report's metrics.csv */
        return WQ_OK;
    }
    if (row->record == c->comments + 1)
        return header(c, row, err);
    if (c->shape == SHAPE_METRICS) {
        if (row->n_fields != c->n_fields)
            return bad(row, NULL, err, "a row with a different number of fields from the header");
        return metrics_row(c, row, err);
    }
    return history_row(c, row, err);
}

int trend_load(struct trend *t, const char *path, const struct standard *std,
               struct wq_error *err)
{
    struct tctx c = {.t = t, .std = std};
    for (int i = 0; i < 32; i++)
        c.headcount[i] = NAN;
    int st = csv_read_file(path, path, on_row, &c, NULL, err);
    if (!st && c.shape == SHAPE_UNKNOWN)
        st = wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL, 0},
                     "the file is empty: expected a header row");
    return st;
}

int trend_load_text(struct trend *t, const char *name, const char *text, size_t len,
                    const struct standard *std, struct wq_error *err)
{
    struct tctx c = {.t = t, .std = std, .replace = true};
    struct csv_reader r;
    for (int i = 0; i < 32; i++)
        c.headcount[i] = NAN;
    if (csv_reader_init(&r, name, on_row, &c) != WQ_OK)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    int st = csv_reader_feed(&r, text, len, err);
    if (!st)
        st = csv_reader_finish(&r, err);
    csv_reader_free(&r);
    return st;
}

static void free_series(struct trend_series *arr, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct trend_series *s = &arr[i];
        free(s->metric);
        free(s->measure);
        free(s->group);
        free(s->reference);
        free(s->title);
        free(s->breakdown);
        free(s->level);
        free(s->points);
    }
    free(arr);
}

void trend_free(struct trend *t)
{
    free_series(t->series, t->n_series);
    free_series(t->by, t->n_by);
    memset(t, 0, sizeof *t);
}

/* Standard error from a 95% (CONF) interval on the scale given. */
static double se_of(double lo, double hi, double z)
{
    return (hi - lo) / (2 * z);
}

void trend_change(const struct trend_series *s, const struct trend_series *comparator,
                  double conf, struct trend_change *out)
{
    (void)comparator;
    memset(out, 0, sizeof *out);
    out->z = out->p = NAN;
    if (s->n_points < 2) {
        snprintf(out->text, sizeof out->text, "Only one year: no change to test.");
        return;
    }
    const struct trend_point *a = &s->points[s->n_points - 2], *b = &s->points[s->n_points - 1];
    double z95 = stats_z(conf);
    out->from = a->year;
    out->to = b->year;
    double d = NAN, se = NAN;
    if (s->kind == TREND_RATIO) {
        if (a->value > 0 && b->value > 0 && isfinite(a->value) && isfinite(b->value) &&
            a->low > 0 && b->low > 0 && isfinite(a->high) && isfinite(b->high)) {
            double s1 = se_of(log(a->low), log(a->high), z95);
            double s2 = se_of(log(b->low), log(b->high), z95);
            d = log(b->value) - log(a->value);
            se = sqrt(s1 * s1 + s2 * s2);
        }
    } else if (s->kind == TREND_PERCENT) {
        if (isfinite(a->diff) && isfinite(b->diff) && isfinite(a->diff_low) &&
            isfinite(b->diff_low) && isfinite(a->diff_high) && isfinite(b->diff_high)) {
            double s1 = se_of(a->diff_low, a->diff_high, z95);
            double s2 = se_of(b->diff_low, b->diff_high, z95);
            d = b->diff - a->diff;
            se = sqrt(s1 * s1 + s2 * s2);
        }
    }
    if (!(se > 0) || !isfinite(d)) {
        bool la = s->kind == TREND_RATIO ? isnan(a->low) : isnan(a->diff_low);
        bool lb = s->kind == TREND_RATIO ? isnan(b->low) : isnan(b->diff_low);
        if (s->kind != TREND_RATIO && s->kind != TREND_PERCENT)
            snprintf(out->text, sizeof out->text,
                     "The change from %d to %d is shown without a test.", a->year, b->year);
        else if (la && lb)
            snprintf(out->text, sizeof out->text,
                     "No interval for %d or %d: whether the change is chance cannot be said.",
                     a->year, b->year);
        else if (la || lb)
            snprintf(out->text, sizeof out->text,
                     "No interval for %d: whether the change to %d is chance cannot be said.",
                     la ? a->year : b->year, b->year);
        else
            snprintf(out->text, sizeof out->text,
                     "A ratio of 0 or infinity in %d or %d: the change cannot be tested.",
                     a->year, b->year);
        return;
    }
    out->testable = true;
    out->z = d / se;
    out->p = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
    char zs[32], ps[32];
    stats_format(zs, sizeof zs, out->z, 2);
    stats_format(ps, sizeof ps, out->p, 3);
    snprintf(out->text, sizeof out->text, "The change from %d to %d %s (z = %s, p = %s).",
             a->year, b->year,
             out->p < 1 - conf ? "is larger than chance would easily give" : "could be chance",
             zs, ps);
}
