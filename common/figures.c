/* figures.c: the charts of a report and of a trend. */
#include "figures.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "stats.h"
#include "text.h"

/* "Org L3" -> "org-l3" into BUF. */
static void slug(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    bool dash = false;
    for (; *s && o + 2 < size; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isalnum(ch)) {
            if (dash && o)
                buf[o++] = '-';
            buf[o++] = (char)tolower(ch);
            dash = false;
        } else {
            dash = true;
        }
    }
    buf[o] = '\0';
}

static bool name_taken(const struct figure_set *fs, const char *name)
{
    for (size_t i = 0; i < fs->n_items; i++)
        if (!strcmp(fs->items[i].name, name))
            return true;
    return false;
}

/* Append a figure whose chart the caller then builds; NULL on failure.
 * Its file name is unique in FS: two --by columns whose names differ only
 * in punctuation ("Org L3", "Org/L3") slug alike, so the second chart of a
 * name is NAME-2, the third NAME-3 ..., never written over the first. */
static struct figure *add(struct figure_set *fs, const char *section, const char *name,
                          const char *caption)
{
    char unique[300];
    snprintf(unique, sizeof unique, "%s", name);
    for (unsigned k = 2; name_taken(fs, unique); k++)
        snprintf(unique, sizeof unique, "%.280s-%u", name, k);
    name = unique;
    struct figure *grown = array_grow(fs->items, fs->n_items, &fs->alloc_items, sizeof *grown, 16);
    if (!grown)
        return NULL;
    fs->items = grown;
    struct figure *f = &fs->items[fs->n_items++];
    memset(f, 0, sizeof *f);
    f->section = text_dup(section);
    f->name = text_dup(name);
    f->caption = text_dup(caption);
    return f->section && f->name && f->caption ? f : NULL;
}

static const char *period(const struct wq_options *o, char *buf, size_t size)
{
    if (o->year)
        snprintf(buf, size, "1 April %d to 31 March %d", o->year - 1, o->year);
    else
        snprintf(buf, size, "period not stated");
    return buf;
}

static int composition(struct figure_set *fs, const struct metric_table *t,
                       const struct workforce *w, const struct wq_options *o)
{
    const struct standard *std = w->std;
    const char *focus = std->group_names[std->focus];
    struct chart_band_share rows[ROW_N + WDES_N_CLUSTERS + 2];
    size_t n = 0;
    double whole = NAN, staff = NAN;
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        if (strcmp(r->breakdown, "Trust") || strcmp(r->metric, "1") || r->reference ||
            strcmp(r->group, focus) || !r->workforce || !r->band)
            continue;
        if (!strcmp(r->workforce, "All")) {
            if (!strcmp(r->band, "All")) {
                whole = r->value;
                staff = r->base;
            }
            continue;
        }
        if (!strcmp(r->band, "All") || !(r->base > 0))
            continue;
        size_t k = 0;
        while (k < n && strcmp(rows[k].band, r->band))
            k++;
        if (k == n) {
            if (n == sizeof rows / sizeof *rows)
                continue;
            rows[n++] = (struct chart_band_share){r->band, NAN, NAN};
        }
        if (!strcmp(r->workforce, "Clinical"))
            rows[k].clinical = r->value;
        else
            rows[k].non_clinical = r->value;
    }
    if (!n)
        return WQ_OK;
    char title[256], foot[512], per[96], cap[512], ws[32];
    snprintf(title, sizeof title, "%s metric 1: %% %s staff by %s", std->name, focus,
             std->characteristic == CHAR_DISABILITY ? "cluster" : "pay band");
    snprintf(foot, sizeof foot, "Headcount at the end of the year (%s); %.0f staff. The line is "
             "the %% %s in the whole workforce.", period(o, per, sizeof per), staff, focus);
    snprintf(cap, sizeof cap, "The share of %s staff in each %s, clinical and non-clinical, "
             "against %s%% of the whole workforce.", focus,
             std->characteristic == CHAR_DISABILITY ? "cluster" : "pay band",
             stats_format(ws, sizeof ws, whole * 100, 2));
    struct figure *f = add(fs, "metric 1", "metric-1-composition", cap);
    if (!f)
        return WQ_ENOMEM;
    return chart_composition(&f->chart, title, focus, rows, n, whole, foot);
}

/* The group row of METRIC/MEASURE for GROUP within rows [from, to). */
static const struct metric_row *group_row(const struct metric_table *t, size_t from, size_t to,
                                          const char *metric, const char *measure,
                                          const char *group)
{
    for (size_t i = from; i < to; i++) {
        const struct metric_row *r = &t->rows[i];
        if (!r->reference && !strcmp(r->metric, metric) && !strcmp(r->measure, measure) &&
            !strcmp(r->group, group) && !r->workforce)
            return r;
    }
    return NULL;
}

/* "events/people" for a forest row's footnote; "withheld" when publication
 * mode withheld the group's figures; "?" when there is no such row. BUF
 * (SIZE bytes) is written, SCRATCH (SIZE bytes) used. */
static const char *group_size(char *buf, char *scratch, size_t size, const struct metric_row *g)
{
    if (!g)
        return "?";
    if (metric_row_withheld(g))
        return "withheld";
    char c[32];
    stats_format(c, sizeof c, g->count, 0);
    stats_format(scratch, size, g->base, 0);
    if (snprintf(buf, size, "%s/%s", c, scratch) >= (int)size)
        return "?";
    return buf;
}

/* A chart draws at most CHART_MAX_LEVELS levels of a breakdown (a forest
 * plot of 60 rows is about 1,500 pt high, well inside cairo's 32,767 px
 * image limit at twice the size): the levels outside the limits first, then
 * the largest; a sentence under the chart says how many are not drawn, and
 * the breakdown table lists them all. */
#define CHART_MAX_LEVELS 60

struct pick {
    size_t i;
    bool highlight;            /* --highlight: always drawn */
    bool outside;
    double size;
};

/* The highlighted level, then outside, then larger, then in the table's
 * order. */
static int pick_cmp(const void *pa, const void *pb)
{
    const struct pick *a = pa, *b = pb;
    if (a->highlight != b->highlight)
        return a->highlight ? -1 : 1;
    if (a->outside != b->outside)
        return a->outside ? -1 : 1;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int index_cmp(const void *pa, const void *pb)
{
    const size_t *a = pa, *b = pb;
    return *a < *b ? -1 : *a > *b;
}

/* The sentence for levels not drawn, appended to FOOT (SIZE bytes): "48
 * smaller Team levels within the limits are not drawn; the table lists
 * all." WITHIN and OUTSIDE say what inside and outside the limits mean for
 * this chart. */
static void not_drawn(char *foot, size_t size, size_t n, size_t kept, size_t left_outside,
                      const char *col, const char *within, const char *outside)
{
    size_t len = strlen(foot), left = n - kept;
    if (kept >= n || len >= size)
        return;
    const char *all = n <= HTML_MAX_LEVELS ? "the table" : "the tables/ folder";
    if (!left_outside)
        snprintf(foot + len, size - len, " %zu smaller %s levels %s are not drawn; %s lists "
                 "all.", left, col, within, all);
    else
        snprintf(foot + len, size - len, " %zu %s levels are not drawn: %zu %s and the %zu "
                 "smallest %s; %s lists all.", left, col, left - left_outside, within,
                 left_outside, outside, all);
}

/* One level of a breakdown for the charts of one comparison. */
struct level_item {
    struct chart_forest_row row;
    struct chart_funnel_unit unit;
    double people;             /* both groups' people: the forest's order of size */
};

/* Name the highlighted level among the drawn ITEMS[KEEP[0..N_KEEP)] in CAP
 * (SIZE bytes), for readers of the caption. */
static void name_highlight(char *cap, size_t size, const struct level_item *items,
                           const size_t *keep, size_t n_keep)
{
    size_t len = strlen(cap);
    for (size_t k = 0; k < n_keep && len < size; k++)
        if (items[keep[k]].row.highlight) {
            snprintf(cap + len, size - len, " %s is highlighted.", items[keep[k]].row.label);
            return;
        }
}

static void free_items(struct level_item *items, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free((char *)items[k].row.sizes);
    free(items);
}

/* The levels one chart draws of a breakdown's N: KEEP[0..KEPT) their
 * indices in the table's order; LEFT_OUTSIDE of those not drawn are
 * outside the limits. */
struct drawn {
    size_t n, kept, left_outside;
    size_t keep[CHART_MAX_LEVELS];
};

/* How a chart ranks item K (P0: the funnel's trust rate). */
typedef struct pick (*judge_fn)(const struct level_item *item, size_t k, double p0);

/* The levels of ITEMS[0..N) a chart draws, ranked by JUDGE, into *D. */
static int draw_levels(struct drawn *d, const struct level_item *items, size_t n,
                       judge_fn judge, double p0)
{
    struct pick *p = malloc(n * sizeof *p);
    if (!p)
        return WQ_ENOMEM;
    for (size_t k = 0; k < n; k++)
        p[k] = judge(&items[k], k, p0);
    d->n = n;
    d->kept = n < CHART_MAX_LEVELS ? n : CHART_MAX_LEVELS;
    d->left_outside = 0;
    if (n > CHART_MAX_LEVELS)
        qsort(p, n, sizeof *p, pick_cmp);
    for (size_t j = 0; j < n; j++) {
        if (j < d->kept)
            d->keep[j] = p[j].i;
        else
            d->left_outside += p[j].outside;
    }
    free(p);
    qsort(d->keep, d->kept, sizeof *d->keep, index_cmp);
    return WQ_OK;
}

/* A chart's footnote and caption: their size in bytes. */
enum { CAPTION_SIZE = 1024 };

/* The sentence for the levels D does not draw, in FOOT and CAP
 * (CAPTION_SIZE bytes each), and the highlighted level named in CAP. */
static void say_drawn(const struct drawn *d, char *foot, char *cap, const struct level_item *items,
                      const char *col, const char *within, const char *outside)
{
    not_drawn(foot, CAPTION_SIZE, d->n, d->kept, d->left_outside, col, within, outside);
    not_drawn(cap, CAPTION_SIZE, d->n, d->kept, d->left_outside, col, within, outside);
    name_highlight(cap, CAPTION_SIZE, items, d->keep, d->kept);
}

static struct pick forest_judge(const struct level_item *item, size_t k, double p0)
{
    (void)p0;
    const struct chart_forest_row *r = &item->row;
    return (struct pick){k, r->highlight, !r->withheld && (r->low > 1 || r->high < 1),
                         item->people > 0 ? item->people : 0};
}

static struct pick funnel_judge(const struct level_item *item, size_t k, double p0)
{
    const struct chart_funnel_unit *u = &item->unit;
    return (struct pick){k, u->highlight, chart_funnel_outside(p0, u->events, u->base, 0.975) != 0,
                         u->base >= 0 ? u->base : 0};
}

/* The levels of breakdown column COL with comparison TR, into *ITEMS (*N). */
static int collect_levels(const struct metric_table *t, const char *col, const char *focus,
                          const char *highlight, const struct metric_row *tr,
                          struct level_item **items, size_t *n)
{
    size_t alloc = 0;
    *items = NULL;
    *n = 0;
    size_t j = 0;
    while (j < t->n_rows) {
        size_t from = j;
        const char *level = t->rows[j].level;
        while (j < t->n_rows && t->rows[j].level == level &&
               t->rows[j].breakdown == t->rows[from].breakdown)
            j++;
        if (strcmp(t->rows[from].breakdown, col))
            continue;
        const struct metric_row *cr = NULL;
        for (size_t k = from; k < j; k++) {
            const struct metric_row *r = &t->rows[k];
            if (r->reference && !strcmp(r->metric, tr->metric) &&
                !strcmp(r->measure, tr->measure) && !strcmp(r->group, tr->group) &&
                !strcmp(r->reference, tr->reference))
                cr = r;
        }
        if (!cr)
            continue;
        struct level_item *grown = array_grow(*items, *n, &alloc, sizeof *grown, 16);
        if (!grown)
            return WQ_ENOMEM;
        *items = grown;
        const struct metric_row *ga = group_row(t, from, j, cr->metric, cr->measure, cr->group);
        const struct metric_row *gb = group_row(t, from, j, cr->metric, cr->measure, cr->reference);
        char a1[32], a2[32], b1[32], b2[32], sz[160];
        snprintf(sz, sizeof sz, "%s vs %s", group_size(a1, a2, sizeof a1, ga),
                 group_size(b1, b2, sizeof b1, gb));
        char *sizes = text_dup(sz);
        if (!sizes)
            return WQ_ENOMEM;
        const struct metric_row *fr = group_row(t, from, j, cr->metric, cr->measure, focus);
        bool shown = ga && gb && !metric_row_withheld(ga) && !metric_row_withheld(gb);
        bool hl = highlight && cr->level && !strcmp(cr->level, highlight);
        (*items)[(*n)++] = (struct level_item){
            {cr->level, cr->value, cr->low, cr->high, sizes, metric_row_withheld(cr), hl},
            {cr->level, fr ? fr->count : NAN, fr ? fr->base : NAN, hl},
            shown ? ga->base + gb->base : 0};
    }
    return WQ_OK;
}

/* The forest plot of comparison TR over ITEMS (at most CHART_MAX_LEVELS drawn). */
static int forest(struct figure_set *fs, const struct standard *std, const char *col,
                  const char *colslug, const char *per, const struct wq_options *o,
                  const struct metric_row *tr, const struct level_item *items, size_t n)
{
    struct drawn d;
    if (draw_levels(&d, items, n, forest_judge, 0))
        return WQ_ENOMEM;
    struct chart_forest_row rows[CHART_MAX_LEVELS];
    for (size_t k = 0; k < d.kept; k++)
        rows[k] = items[d.keep[k]].row;
    bool leavers = !strcmp(tr->metric, "leavers");
    char name[256], title[512], foot[CAPTION_SIZE], cap[CAPTION_SIZE];
    if (leavers)
        snprintf(name, sizeof name, "forest-%s-leavers", colslug);
    else
        snprintf(name, sizeof name, "forest-%s-metric-%s", colslug, tr->metric);
    snprintf(title, sizeof title, "%s %s by %s: %s vs %s", std->name,
             leavers ? "leavers" : tr->metric, col, tr->group, tr->reference);
    snprintf(foot, sizeof foot, "%s. 95%% intervals: %s. Group sizes: events/people, %s vs %s.",
             per, metric_ratio_method_name(o->ratio_method), tr->group, tr->reference);
    snprintf(cap, sizeof cap, "Each %s's relative likelihood (%s vs %s), sorted, with "
             "its interval; rows whose interval crosses 1 could be chance.",
             col, tr->group, tr->reference);
    say_drawn(&d, foot, cap, items, col, "whose interval includes 1",
              "whose interval excludes 1");
    struct figure *f = add(fs, "breakdowns", name, cap);
    return f ? chart_forest(&f->chart, title, rows, d.kept, tr->value, foot) : WQ_ENOMEM;
}

/* The funnel plot of the focus group's rate (TF: the trust's row) over ITEMS. */
static int funnel(struct figure_set *fs, const struct standard *std, const char *col,
                  const char *colslug, const char *per, const struct metric_row *tr,
                  const struct metric_row *tf, const struct level_item *items, size_t n)
{
    const char *focus = std->group_names[std->focus];
    double p0 = tf->count / tf->base;
    struct drawn d;
    if (draw_levels(&d, items, n, funnel_judge, p0))
        return WQ_ENOMEM;
    struct chart_funnel_unit units[CHART_MAX_LEVELS];
    for (size_t k = 0; k < d.kept; k++)
        units[k] = items[d.keep[k]].unit;
    bool leavers = !strcmp(tr->metric, "leavers");
    char name[256], title[512], foot[CAPTION_SIZE], cap[CAPTION_SIZE], a1[32], a2[32];
    snprintf(name, sizeof name, "funnel-%s-%s", colslug, leavers ? "leavers" : tr->measure);
    snprintf(title, sizeof title, "%s %s by %s: %s staff's rate", std->name,
             leavers ? "leavers" : tr->metric, col, focus);
    snprintf(foot, sizeof foot, "%s. Each %s's rate for %s staff against its number of %s "
             "staff; limits: 95%% and 99.8%% exact binomial around the trust's rate (%s of %s).",
             per, col, focus, focus, stats_format(a1, sizeof a1, tf->count, 0),
             stats_format(a2, sizeof a2, tf->base, 0));
    snprintf(cap, sizeof cap, "Points outside the funnel differ from the trust's "
             "rate by more than chance would easily give at their size.");
    say_drawn(&d, foot, cap, items, col, "within the 95% limits", "outside them");
    struct figure *f = add(fs, "breakdowns", name, cap);
    if (!f || !(f->points_name = text_dup(col)))
        return WQ_ENOMEM;
    return chart_funnel(&f->chart, title, units, d.kept, p0, foot);
}

static int forest_and_funnel(struct figure_set *fs, const struct metric_table *t,
                             const struct workforce *w, const struct wq_options *o, size_t b)
{
    const struct standard *std = w->std;
    const char *col = w->bd[b].column;
    const char *focus = std->group_names[std->focus];
    char colslug[128], per[96];
    slug(col, colslug, sizeof colslug);
    period(o, per, sizeof per);
    /* the comparisons present at trust level decide the charts */
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *tr = &t->rows[i];
        /* the standard's own comparisons (not --detail's categories) */
        if (strcmp(tr->breakdown, "Trust") || !tr->reference || !tr->statistic ||
            strcmp(tr->statistic, STAT_RATIO) || tr->workforce ||
            (strcmp(tr->group, focus) && strcmp(tr->group, std->group_names[std->comparator])))
            continue;
        struct level_item *items;
        size_t n;
        int st = collect_levels(t, col, focus, o->highlight, tr, &items, &n);
        if (!st && n > 0)
            st = forest(fs, std, col, colslug, per, o, tr, items, n);
        /* funnels for rates that are proportions of a headcount */
        const struct metric_row *tf = group_row(t, 0, t->n_rows, tr->metric, tr->measure, focus);
        bool rate = !strcmp(tr->metric, "leavers") ||
                    (tr->measure && (strstr(tr->measure, "formal_") != NULL));
        if (!st && n > 0 && rate && tf && tf->base > 0)
            st = funnel(fs, std, col, colslug, per, tr, tf, items, n);
        free_items(items, n);
        if (st)
            return st;
    }
    return WQ_OK;
}

int figures_report(struct figure_set *fs, const struct metric_table *t,
                   const struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    int st = composition(fs, t, w, o);
    for (size_t b = 1; !st && b < w->n_bd; b++)
        st = forest_and_funnel(fs, t, w, o, b);
    if (st)
        return wq_fail(err, st, NULL, "out of memory while building charts");
    return WQ_OK;
}

/* Copy a series' points into chart values. */
static struct chart_year_value *values_of(const struct trend_series *s)
{
    struct chart_year_value *v = malloc((s->n_points ? s->n_points : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < s->n_points; i++)
        v[i] = (struct chart_year_value){s->points[i].year, s->points[i].value, s->points[i].low,
                                         s->points[i].high, s->points[i].n};
    return v;
}

int figures_trend(struct figure_set *fs, const struct trend *t, const struct standard *std,
                  double conf, struct wq_error *err)
{
    const char *focus = std->group_names[std->focus];
    const char *comp = std->group_names[std->comparator];
    for (size_t i = 0; i < t->n_series; i++) {
        const struct trend_series *s = &t->series[i];
        const struct trend_series *other = NULL;
        if ((s->kind == TREND_PERCENT || s->kind == TREND_BOARD) && strcmp(s->group, focus))
            continue; /* drawn with its focus series */
        if (s->kind == TREND_PERCENT || s->kind == TREND_BOARD)
            other = trend_find(t, s->metric, s->measure, comp, NULL);
        struct trend_change ch;
        trend_change(s, other, conf, &ch);
        char name[256], title[512], foot[512], cap[640], m[128];
        slug(s->measure, m, sizeof m);
        snprintf(name, sizeof name, "trend-%s-%s", s->metric, m);
        bool intervals = false;
        for (size_t k = 0; k < s->n_points; k++)
            intervals |= !isnan(s->points[k].low);
        snprintf(foot, sizeof foot, "Years ending 31 March.%s",
                 intervals ? "" : " The history table gives no intervals.");
        struct chart_year_value *a = values_of(s), *b = other ? values_of(other) : NULL;
        if (!a || (other && !b)) {
            free(a);
            free(b);
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        }
        int st;
        struct figure *f;
        switch (s->kind) {
        case TREND_RATIO:
            snprintf(title, sizeof title, "%s %s: %s vs %s, relative likelihood", std->name,
                     s->metric, s->group, s->reference ? s->reference : "");
            snprintf(cap, sizeof cap, "%s over the years. %s", s->title, ch.text);
            f = add(fs, "trends", name, cap);
            st = f ? chart_trend_ratio(&f->chart, title, "relative likelihood", a,
                                       s->n_points, ch.text, foot)
                   : WQ_ENOMEM;
            break;
        case TREND_PERCENT:
        case TREND_BOARD:
            snprintf(title, sizeof title, "%s %s: %s", std->name, s->metric,
                     s->kind == TREND_BOARD ? "% of the board" : s->title);
            snprintf(cap, sizeof cap, "%s and %s staff over the years. %s", focus, comp,
                     s->kind == TREND_PERCENT ? ch.text : "");
            f = add(fs, "trends", name, cap);
            st = f ? chart_trend_percent(&f->chart, title, focus, a, s->n_points, comp, b,
                                         other ? other->n_points : 0,
                                         s->kind == TREND_PERCENT ? ch.text : NULL, foot)
                   : WQ_ENOMEM;
            break;
        default:
            snprintf(title, sizeof title, "%s: %% %s staff in the workforce", std->name, focus);
            snprintf(cap, sizeof cap, "The share of %s staff over the years.", focus);
            f = add(fs, "trends", name, cap);
            st = f ? chart_trend_percent(&f->chart, title, focus, a, s->n_points, NULL, NULL, 0,
                                         NULL, foot)
                   : WQ_ENOMEM;
            break;
        }
        free(a);
        free(b);
        if (st)
            return wq_fail(err, st, NULL, "out of memory while building charts");
    }
    return WQ_OK;
}

int figures_write(const struct figure_set *fs, const char *dir, const char *ext,
                  struct wq_error *err)
{
    for (size_t i = 0; i < fs->n_items; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.%s", dir, fs->items[i].name, ext);
        int st = chart_render_file(&fs->items[i].chart, path, err);
        if (st)
            return st;
    }
    return WQ_OK;
}

void figures_free(struct figure_set *fs)
{
    for (size_t i = 0; i < fs->n_items; i++) {
        free(fs->items[i].section);
        free(fs->items[i].name);
        free(fs->items[i].caption);
        free(fs->items[i].points_name);
        chart_free(&fs->items[i].chart);
    }
    free(fs->items);
    memset(fs, 0, sizeof *fs);
}

void figures_slug(const char *s, char *buf, size_t size)
{
    slug(s, buf, size);
}
