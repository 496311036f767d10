/* workforce_metrics.c: metric 1, leaver rates and declaration rates. */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool metric_table_add(struct metric_table *t, const struct metric_row *row)
{
    struct metric_row *grown = array_grow(t->rows, t->n_rows, &t->alloc_rows, sizeof *grown, 256);
    if (!grown)
        return false;
    t->rows = grown;
    t->rows[t->n_rows++] = *row;
    return true;
}

bool metric_row_withheld(const struct metric_row *row)
{
    return row->note && !strncmp(row->note, "suppressed", 10);
}

const char *metric_withheld_text(char *buf, size_t size, const struct metric_row *row)
{
    snprintf(buf, size, "withheld (fewer than %u)", row->withheld_below);
    return buf;
}

int metric_table_copy(struct metric_table *to, const struct metric_table *from)
{
    *to = (struct metric_table){0};
    if (!from->n_rows)
        return WQ_OK;
    to->rows = malloc(from->n_rows * sizeof *to->rows);
    if (!to->rows)
        return WQ_ENOMEM;
    memcpy(to->rows, from->rows, from->n_rows * sizeof *to->rows);
    to->n_rows = to->alloc_rows = from->n_rows;
    return WQ_OK;
}

const char *metric_table_text(struct metric_table *t, const char *s)
{
    long i = strmap_intern(&t->text, s);
    return i < 0 ? NULL : t->text.names[i];
}

void metric_table_free(struct metric_table *t)
{
    free(t->rows);
    strmap_free(&t->text);
    memset(t, 0, sizeof *t);
}

const char *metric_rate_method_name(enum rate_method m)
{
    return m == RATE_CLOPPER_PEARSON ? "clopper-pearson" : "wilson";
}

const char *metric_ratio_method_name(enum ratio_method m)
{
    switch (m) {
    case RATIO_KATZ: return "katz-log";
    case RATIO_KATZ_HALDANE: return "katz-log-haldane";
    case RATIO_MIETTINEN_NURMINEN: return "miettinen-nurminen-score";
    default: return "koopman-score";
    }
}

const char *metric_evidence(const struct metric_row *r)
{
    if (!r->reference || r->status != STATS_OK || isnan(r->low) || isnan(r->high))
        return "";
    if (r->statistic && !strcmp(r->statistic, STAT_DIFFERENCE))
        return r->low > 0 || r->high < 0 ? "differs" : "could-be-chance";
    if (r->low > STATS_RANGE_HIGH || r->high < STATS_RANGE_LOW)
        return "beyond-range";
    if (r->low > 1.0 || r->high < 1.0)
        return "differs-from-parity";
    return "could-be-chance";
}

const char *metric_flag_text(const struct metric_row *r)
{
    static const char *const small[] = {
        [FLAG_NOT_CALCULABLE] = "not-calculable+small-numbers",
        [FLAG_BELOW_RANGE] = "below-range+small-numbers",
        [FLAG_NON_ADVERSE] = "non-adverse+small-numbers",
        [FLAG_ADVERSE] = "adverse+small-numbers",
    };
    if (!r->reference || (r->statistic && strcmp(r->statistic, STAT_RATIO)))
        return "";
    return r->small ? small[r->flag] : stats_flag_name(r->flag);
}

int metric_add_rate(struct metric_builder *c, const char *group, double x, double n)
{
    struct metric_row r = c->base;
    struct wq_interval iv = stats_rate(x, n, c->o->rate_method, c->o->conf);
    if (iv.status == STATS_NOMEM)
        return WQ_ENOMEM;
    r.group = group;
    r.reference = NULL;
    r.count = x;
    r.base = n;
    r.value = iv.value;
    r.low = iv.low;
    r.high = iv.high;
    r.status = iv.status;
    r.method = metric_rate_method_name(c->o->rate_method);
    r.statistic = STAT_PROPORTION;
    return metric_table_add(c->t, &r) ? WQ_OK : WQ_ENOMEM;
}

int metric_add_ratio(struct metric_builder *c, const char *group, const char *reference, double a,
                     double n1, double b, double n2)
{
    struct metric_row r = c->base;
    struct wq_interval iv = stats_ratio(a, n1, b, n2, c->o->ratio_method, c->o->conf);
    if (iv.status == STATS_NOMEM)
        return WQ_ENOMEM;
    r.group = group;
    r.reference = reference;
    r.count = NAN;
    r.base = NAN;
    r.value = iv.value;
    r.low = iv.low;
    r.high = iv.high;
    r.status = iv.status;
    r.flag = stats_flag(iv.value);
    r.small = a < SMALL_EVENTS || b < SMALL_EVENTS || n1 < SMALL_BASE || n2 < SMALL_BASE;
    r.method = metric_ratio_method_name(c->o->ratio_method);
    r.statistic = STAT_RATIO;
    r.p = stats_ratio_p(a, n1, b, n2, c->o->ratio_method);
    r.has_p = !isnan(r.p);
    return metric_table_add(c->t, &r) ? WQ_OK : WQ_ENOMEM;
}

/* Rows of metric 1 for one workforce half: the template's rows, every
 * one at trust level (zeros included), only non-empty ones in breakdowns. */
static bool row_shown(enum afc_row r, int clinical, bool trust, double total, bool wdes)
{
    if (total > 0)
        return true;
    if (!trust || r == ROW_OTHER || r == ROW_OTHER_MEDICAL)
        return false;
    if (wdes)
        return false; /* clusters are decided in metric1_wdes */
    return clinical || !vocab_row_is_medical(r);
}

static int metric1_cells(struct metric_builder *c, const char *workforce, const char *band,
                         const double cell[3])
{
    const struct standard *s = c->w->std;
    double total = cell[0] + cell[1] + cell[2];
    c->base.workforce = workforce;
    c->base.band = band;
    for (int g = 0; g < 3; g++) {
        int st = metric_add_rate(c, s->group_names[g], cell[g], total);
        if (st)
            return st;
    }
    return WQ_OK;
}

static int metric1(struct metric_builder *c, const struct level_tally *t, bool trust)
{
    static const char *const halves[2] = {"Non-clinical", "Clinical"};
    bool wdes = c->w->std->characteristic == CHAR_DISABILITY;
    int st;
    c->base.metric = "1";
    c->base.measure = "workforce";
    for (int h = 1; h >= 0; h--) {
        double half[3] = {0, 0, 0};
        if (wdes) {
            double cl[WDES_N_CLUSTERS + 1][3];
            memset(cl, 0, sizeof cl);
            for (int r = 0; r < ROW_N; r++)
                for (int g = 0; g < 3; g++)
                    cl[vocab_cluster((enum afc_row)r)][g] += t->m1[r][h][g];
            for (int k = 1; k <= WDES_N_CLUSTERS + 1; k++) {
                int cluster = k % (WDES_N_CLUSTERS + 1); /* 1..7, then 0 = other */
                double tot = cl[cluster][0] + cl[cluster][1] + cl[cluster][2];
                /* the template: clusters 1-4 for both halves, and the
                 * medical clusters 5-7 for clinical staff */
                bool shown = tot > 0 || (trust && cluster >= 1 && (cluster <= 4 || h == 1));
                if (!shown)
                    continue;
                if ((st = metric1_cells(c, halves[h], vocab_cluster_name(cluster), cl[cluster])))
                    return st;
            }
        }
        for (int r = 0; r < ROW_N; r++) {
            const double *cell = t->m1[r][h];
            for (int g = 0; g < 3; g++)
                half[g] += cell[g];
            if (wdes || !row_shown((enum afc_row)r, h, trust, cell[0] + cell[1] + cell[2], wdes))
                continue;
            if ((st = metric1_cells(c, halves[h], vocab_row_name((enum afc_row)r), cell)))
                return st;
        }
        if ((st = metric1_cells(c, halves[h], "All", half)))
            return st;
    }
    if ((st = metric1_cells(c, "All", "All", t->head)))
        return st;
    if (c->o->detail && c->w->std->has_detail) {
        double total = t->head[0] + t->head[1] + t->head[2];
        for (int d = DET_ASIAN; d <= DET_OTHER; d++)
            if ((st = metric_add_rate(c, vocab_eth_detail_name((enum eth_detail)d), t->head_detail[d],
                               total)))
                return st;
    }
    c->base.workforce = c->base.band = NULL;
    return WQ_OK;
}

static int leavers(struct metric_builder *c, const struct level_tally *t)
{
    const struct workforce *w = c->w;
    const struct standard *s = w->std;
    double base[3];
    int st;
    c->base.metric = "leavers";
    c->base.measure = "leaving";
    for (int g = 0; g < 3; g++) {
        base[g] = workforce_leaver_base(w, t->start[g], t->head[g]);
        if ((st = metric_add_rate(c, s->group_names[g], t->leavers[g], base[g])))
            return st;
    }
    if ((st = metric_add_ratio(c, s->group_names[s->focus], s->group_names[s->comparator],
                        t->leavers[s->focus], base[s->focus], t->leavers[s->comparator],
                        base[s->comparator])) ||
        (st = adjust_metrics(c, NULL, s->focus, s->comparator)))
        return st;
    if (c->o->detail && s->has_detail) {
        double wb = workforce_leaver_base(w, t->start_detail[DET_WHITE], t->head_detail[DET_WHITE]);
        for (int d = DET_ASIAN; d <= DET_OTHER; d++) {
            const char *name = vocab_eth_detail_name((enum eth_detail)d);
            double b = workforce_leaver_base(w, t->start_detail[d], t->head_detail[d]);
            if ((st = metric_add_rate(c, name, t->leavers_detail[d], b)))
                return st;
            if ((st = metric_add_ratio(c, name, "White", t->leavers_detail[d], b,
                                t->leavers_detail[DET_WHITE], wb)))
                return st;
        }
    }
    return WQ_OK;
}

static int declaration(struct metric_builder *c, const struct level_tally *t)
{
    const struct standard *s = c->w->std;
    double known = t->head[s->focus] + t->head[s->comparator];
    c->base.metric = "declaration";
    c->base.measure = "declaration";
    return metric_add_rate(c, "Known", known, known + t->head[s->unknown]);
}

/* Level names in alphabetical order (case-insensitive, by folded key). */
struct level_ref {
    const char *key;
    size_t index;
};
static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct level_ref *)a)->key, ((const struct level_ref *)b)->key);
}

int workforce_metrics(const struct workforce *w, const struct wq_options *o,
                      struct metric_table *t, struct wq_error *err)
{
    struct metric_builder c = {.w = w, .o = o, .t = t};
    c.base.standard = w->std->name;
    c.base.year = o->year;
    for (size_t b = 0; b < w->n_bd; b++) {
        const struct breakdown *bd = &w->bd[b];
        size_t n = bd->levels.n_names;
        struct level_ref *order = malloc((n ? n : 1) * sizeof *order);
        if (!order)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        for (size_t l = 0; l < n; l++)
            order[l] = (struct level_ref){bd->levels.keys[l], l};
        qsort(order, n, sizeof *order, by_name);
        c.base.breakdown = bd->column;
        for (size_t k = 0; k < n; k++) {
            size_t l = order[k].index;
            const struct level_tally *lt = &bd->t[l];
            int st = WQ_OK;
            c.base.level = bd->levels.names[l];
            c.b = b;
            c.l = l;
            if (w->acc[IN_STAFF].present) {
                if (!st)
                    st = metric1(&c, lt, b == 0);
                if (!st)
                    st = declaration(&c, lt);
            }
            if (!st)
                st = catalogue_level_metrics(&c, lt, b);
            if (!st && b == 0)
                st = catalogue_trust_metrics(&c);
            if (!st && w->acc[IN_LEAVERS].present && w->acc[IN_STAFF].present && bd->leavers_have_column)
                st = leavers(&c, lt);
            if (st) {
                free(order);
                return wq_fail(err, st, NULL, "out of memory");
            }
        }
        free(order);
    }
    return WQ_OK;
}
