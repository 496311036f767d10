/* trend_levels.c: each --by level's relative likelihood over the years
 * (trend_levels.h): small multiples, the year-on-year test per level and
 * Benjamini-Hochberg across the levels of a breakdown. */
#include "trend_levels.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart_grid.h"
#include "figures.h"
#include "stats.h"
#include "text.h"

/* One level's series and its test. */
struct lv {
    const struct trend_series *s;
    struct trend_change ch;
    double change, q;          /* ln r2 - ln r1 (NaN when not testable), BH q */
    char chart[256];           /* the chart it is drawn in, or "" */
};

static int text_cmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* 0 when A and B are levels of the same breakdown, metric and comparison. */
static int family_cmp(const struct trend_series *a, const struct trend_series *b)
{
    int c;
    if ((c = text_cmp(a->breakdown, b->breakdown)) || (c = text_cmp(a->metric, b->metric)) ||
        (c = text_cmp(a->measure, b->measure)) || (c = text_cmp(a->group, b->group)))
        return c;
    return text_cmp(a->reference, b->reference);
}

/* Families together; within one, smallest q first (untested last), then by
 * level. */
static int lv_cmp(const void *pa, const void *pb)
{
    const struct lv *a = pa, *b = pb;
    int c = family_cmp(a->s, b->s);
    if (c)
        return c;
    bool na = isnan(a->q), nb = isnan(b->q);
    if (na != nb)
        return na ? 1 : -1;
    if (!na && a->q != b->q)
        return a->q < b->q ? -1 : 1;
    return text_cmp(a->s->level, b->s->level);
}

static int family_only_cmp(const void *pa, const void *pb)
{
    const struct lv *a = pa, *b = pb;
    int c = family_cmp(a->s, b->s);
    return c ? c : text_cmp(a->s->level, b->s->level);
}

/* The test of every level, and q across each family's levels; LV sorted
 * by family, then q. False when out of memory. */
static bool test_levels(struct lv *lv, size_t n, double conf)
{
    for (size_t i = 0; i < n; i++) {
        trend_change(lv[i].s, NULL, conf, &lv[i].ch);
        const struct trend_point *pt = lv[i].s->points;
        size_t k = lv[i].s->n_points;
        lv[i].change = lv[i].ch.testable ? log(pt[k - 1].value) - log(pt[k - 2].value) : NAN;
    }
    qsort(lv, n, sizeof *lv, family_only_cmp);
    double *p = malloc((n ? n : 1) * sizeof *p), *q = malloc((n ? n : 1) * sizeof *q);
    bool ok = p && q;
    for (size_t a = 0, b; ok && a < n; a = b) {
        for (b = a; b < n && !family_cmp(lv[a].s, lv[b].s); b++)
            p[b - a] = lv[b].ch.testable ? lv[b].ch.p : NAN;
        ok = stats_bh(p, b - a, q);
        for (size_t i = a; ok && i < b; i++)
            lv[i].q = q[i - a];
    }
    free(p);
    free(q);
    if (ok)
        qsort(lv, n, sizeof *lv, lv_cmp);
    return ok;
}

/* The years of any level, sorted, into *YEARS (*N); false when out of
 * memory. */
static bool all_years(const struct trend *tr, int **years, size_t *n)
{
    size_t alloc = 0;
    *years = NULL;
    *n = 0;
    for (size_t i = 0; i < tr->n_by; i++)
        for (size_t k = 0; k < tr->by[i].n_points; k++) {
            int y = tr->by[i].points[k].year;
            size_t j = 0;
            while (j < *n && (*years)[j] < y)
                j++;
            if (j < *n && (*years)[j] == y)
                continue;
            int *grown = array_grow(*years, *n, &alloc, sizeof *grown, 8);
            if (!grown)
                return false;
            *years = grown;
            memmove(*years + j + 1, *years + j, (*n - j) * sizeof **years);
            (*years)[j] = y;
            (*n)++;
        }
    return true;
}

static void put_number(FILE *f, double v)
{
    if (isnan(v))
        fputc(',', f);
    else
        fprintf(f, ",%.17g", v);
}

/* A level's ratio in YEAR, or NaN. */
static double value_in(const struct trend_series *s, int year)
{
    for (size_t k = 0; k < s->n_points; k++)
        if (s->points[k].year == year)
            return s->points[k].value;
    return NAN;
}

static int write_csv(const char *dir, const struct lv *lv, size_t n, const int *years,
                     size_t n_years, struct wq_error *err)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/trend-levels.csv", dir);
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st)
        return st;
    fputs("breakdown,level,metric,measure,group,reference", f);
    for (size_t y = 0; y < n_years; y++)
        fprintf(f, ",%d", years[y]);
    fputs(",change_from,change_to,change,z,p,q,chart\n", f);
    for (size_t i = 0; i < n; i++) {
        const struct trend_series *s = lv[i].s;
        const char *text[] = {s->breakdown, s->level, s->metric, s->measure, s->group,
                              s->reference};
        for (size_t j = 0; j < sizeof text / sizeof *text; j++) {
            if (j)
                fputc(',', f);
            text_put_csv(f, text[j] ? text[j] : "", true);
        }
        for (size_t y = 0; y < n_years; y++)
            put_number(f, value_in(s, years[y]));
        if (lv[i].ch.testable)
            fprintf(f, ",%d,%d", lv[i].ch.from, lv[i].ch.to);
        else
            fputs(",,", f);
        put_number(f, lv[i].change);
        put_number(f, lv[i].ch.testable ? lv[i].ch.z : NAN);
        put_number(f, lv[i].ch.testable ? lv[i].ch.p : NAN);
        put_number(f, lv[i].q);
        fputc(',', f);
        text_put_csv(f, lv[i].chart, true);
        fputc('\n', f);
    }
    if (ferror(f) | (fclose(f) != 0))
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
    return WQ_OK;
}

/* One level's panel: its ratio over the years, the test and q. */
static int panel(struct chart *c, const struct lv *l)
{
    const struct trend_series *s = l->s;
    struct chart_year_value *v = malloc((s->n_points ? s->n_points : 1) * sizeof *v);
    if (!v)
        return WQ_ENOMEM;
    for (size_t k = 0; k < s->n_points; k++)
        v[k] = (struct chart_year_value){s->points[k].year, s->points[k].value,
                                         s->points[k].low, s->points[k].high, s->points[k].n};
    char sub[320], qs[32];
    if (isnan(l->q))
        snprintf(sub, sizeof sub, "%s", l->ch.text);
    else
        snprintf(sub, sizeof sub, "%s q = %s.", l->ch.text, stats_format(qs, sizeof qs, l->q, 3));
    int st = chart_trend_ratio(c, s->level, "relative likelihood", v, s->n_points, sub, NULL);
    free(v);
    return st;
}

/* The small multiples of one family, LV[0..N): at most
 * TREND_LEVELS_MAX_PANELS panels, the first N of the order. */
static int draw_family(const char *dir, const char *ext, const struct standard *std,
                       struct lv *lv, size_t n, struct wq_error *err)
{
    const struct trend_series *s = lv[0].s;
    size_t shown = n < TREND_LEVELS_MAX_PANELS ? n : TREND_LEVELS_MAX_PANELS;
    char bd[96], ms[96], name[256], title[512], foot[768], path[8192];
    figures_slug(s->breakdown, bd, sizeof bd);
    figures_slug(s->measure, ms, sizeof ms);
    snprintf(name, sizeof name, "levels-%s-%s-%s.%s", bd, s->metric, ms, ext);
    /* breakdowns that slug alike ("Org L3", "Org/L3") get "-2", "-3" ...
     * (DIR is this run's own new folder: what is there, this run wrote) */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (int k = 2; access(path, F_OK) == 0; k++) {
        snprintf(name, sizeof name, "levels-%s-%s-%s-%d.%s", bd, s->metric, ms, k, ext);
        snprintf(path, sizeof path, "%s/%s", dir, name);
    }
    snprintf(title, sizeof title, "%s %s (%s) by %s: %s vs %s, relative likelihood over the years",
             std->name, s->metric, s->measure, s->breakdown, s->group,
             s->reference ? s->reference : "");
    int len = snprintf(foot, sizeof foot,
                       "Years ending 31 March. One panel per level of %s, smallest q first: "
                       "q allows for the %zu levels' year-on-year tests (Benjamini-Hochberg).",
                       s->breakdown, n);
    if (shown < n && len > 0 && (size_t)len < sizeof foot)
        snprintf(foot + len, sizeof foot - (size_t)len,
                 " %zu levels are not drawn: trend-levels.csv lists all %zu.", n - shown, n);
    struct chart *panels = calloc(shown, sizeof *panels), grid = {0};
    int st = panels ? WQ_OK : WQ_ENOMEM;
    for (size_t i = 0; !st && i < shown; i++)
        st = panel(&panels[i], &lv[i]);
    if (!st)
        st = chart_grid(&grid, panels, shown, TREND_LEVELS_COLS, title, foot);
    for (size_t i = 0; panels && i < shown; i++)
        chart_free(&panels[i]);
    free(panels);
    if (st)
        return wq_fail(err, st, NULL, "out of memory while building charts");
    st = chart_render_file(&grid, path, err);
    chart_free(&grid);
    for (size_t i = 0; !st && i < shown; i++)
        snprintf(lv[i].chart, sizeof lv[i].chart, "%s", name);
    return st;
}

int trend_levels_write(const char *dir, const struct trend *tr, const struct standard *std,
                       const char *ext, double conf, struct wq_error *err)
{
    if (tr->n_by == 0)
        return WQ_OK;
    struct lv *lv = calloc(tr->n_by, sizeof *lv);
    int *years = NULL;
    size_t n_years = 0;
    int st = WQ_OK;
    if (!lv || !all_years(tr, &years, &n_years))
        st = WQ_ENOMEM;
    for (size_t i = 0; lv && i < tr->n_by; i++)
        lv[i].s = &tr->by[i];
    if (!st && !test_levels(lv, tr->n_by, conf))
        st = WQ_ENOMEM;
    if (st)
        st = wq_fail(err, st, NULL, "out of memory");
    for (size_t a = 0, b; !st && a < tr->n_by; a = b) {
        for (b = a; b < tr->n_by && !family_cmp(lv[a].s, lv[b].s); b++)
            ;
        st = draw_family(dir, ext, std, lv + a, b - a, err);
    }
    if (!st)
        st = write_csv(dir, lv, tr->n_by, years, n_years, err);
    free(lv);
    free(years);
    return st;
}
