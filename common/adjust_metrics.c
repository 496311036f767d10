/* adjust_metrics.c: --adjust, the relative likelihoods adjusted for other
 * columns (pay band, directorate ...): the Mantel-Haenszel ratio across the
 * strata of one breakdown level, with the Greenland-Robins interval and
 * Woolf's homogeneity test (stats_mh.h). The strata are the levels of the
 * internal breakdown w->strata[b] (cross.h) that lie in level l. */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats_mh.h"

/* The events and base of group G for metric M (NULL: leavers) in T. */
static void events(const struct workforce *w, const struct ratio_metric *m,
                   const struct level_tally *t, int g, double *x, double *n)
{
    if (m) {
        catalogue_events(w, m, t, g, x, n);
        return;
    }
    *x = t->leavers[g];
    *n = workforce_leaver_base(w, t->start[g], t->head[g]);
}

/* The strata of the builder's level for metric M: their 2x2 counts into a
 * new array *OUT (*N of them); with the group and reference totals in SUM.
 * WQ_OK or WQ_ENOMEM. */
static int strata_of(const struct metric_builder *c, const struct ratio_metric *m, int num,
                     int den, struct mh_stratum **out, size_t *n, struct mh_stratum *sum)
{
    const struct workforce *w = c->w;
    const struct breakdown *sb = &w->bd[w->strata[c->b]];
    size_t k = sb->levels.n_names;
    struct mh_stratum *s = malloc((k ? k : 1) * sizeof *s);
    if (!s)
        return WQ_ENOMEM;
    *n = 0;
    memset(sum, 0, sizeof *sum);
    for (size_t i = 0; i < k; i++) {
        if (c->b && sb->first[i] != c->l)
            continue;
        struct mh_stratum *t = &s[(*n)++];
        events(w, m, &sb->t[i], num, &t->a, &t->n1);
        events(w, m, &sb->t[i], den, &t->b, &t->n2);
        if (t->n1 > 0 && t->n2 > 0) {
            sum->a += t->a;
            sum->n1 += t->n1;
            sum->b += t->b;
            sum->n2 += t->n2;
        }
    }
    *out = s;
    return WQ_OK;
}

/* "adjusted for Pay Band, Org L3 (7 strata used)", owned by the table. */
static const char *adjusted_note(struct metric_builder *c, const char *before, size_t strata)
{
    struct strbuf b = {0};
    bool ok = strbuf_puts(&b, before ? before : "") && strbuf_puts(&b, "adjusted for ");
    for (size_t i = 0; ok && i < c->o->n_adjust; i++)
        ok = strbuf_printf(&b, "%s%s", i ? ", " : "", c->o->adjust[i]);
    ok = ok && strbuf_printf(&b, " (%zu %s used)", strata, strata == 1 ? "stratum" : "strata");
    const char *s = ok ? metric_table_text(c->t, b.data) : NULL;
    strbuf_free(&b);
    return s;
}

/* The homogeneity test's rows: the chi-square statistic and its p-value. */
static int add_homogeneity(struct metric_builder *c, const struct metric_row *mh,
                           const struct mh_result *h)
{
    char df[128];
    if (h->df)
        snprintf(df, sizeof df, "Woolf test of homogeneity, %d degree%s of freedom; ", h->df,
                 h->df == 1 ? "" : "s");
    else
        snprintf(df, sizeof df, "no test of homogeneity: fewer than two strata with events in "
                                "both groups; ");
    struct metric_row r = *mh;
    r.low = r.high = NAN;
    r.small = false;
    r.method = "woolf-homogeneity";
    r.note = adjusted_note(c, df, h->strata);
    if (!r.note)
        return WQ_ENOMEM;
    r.status = isnan(h->chi2) ? STATS_UNDEFINED : STATS_NO_INTERVAL;
    r.statistic = STAT_CHI2;
    r.value = h->chi2;
    if (!metric_table_add(c->t, &r))
        return WQ_ENOMEM;
    r.statistic = STAT_P;
    r.value = h->p;
    return metric_table_add(c->t, &r) ? WQ_OK : WQ_ENOMEM;
}

/* The row saying that FILE lacks an --adjust column (the metric is there,
 * its strata are not): value NaN, note "not adjusted: ...". */
static int not_adjusted(struct metric_builder *c, int num, int den, const char *file)
{
    struct metric_row r = c->base;
    struct strbuf b = {0};
    bool ok = strbuf_printf(&b, "not adjusted: %s lacks a column of ", file);
    for (size_t i = 0; ok && i < c->o->n_adjust; i++)
        ok = strbuf_printf(&b, "%s%s", i ? ", " : "", c->o->adjust[i]);
    r.note = ok ? metric_table_text(c->t, b.data) : NULL;
    strbuf_free(&b);
    if (!r.note)
        return WQ_ENOMEM;
    r.group = c->w->std->group_names[num];
    r.reference = c->w->std->group_names[den];
    r.count = r.base = r.value = r.low = r.high = NAN;
    r.status = STATS_UNDEFINED;
    r.flag = FLAG_NOT_CALCULABLE;
    r.small = false;
    r.method = "mantel-haenszel";
    r.statistic = STAT_ADJUSTED;
    return metric_table_add(c->t, &r) ? WQ_OK : WQ_ENOMEM;
}

int adjust_metrics(struct metric_builder *c, const struct ratio_metric *m, int num, int den)
{
    const struct workforce *w = c->w;
    if (!w->strata)
        return WQ_OK;
    const struct breakdown *sb = &w->bd[w->strata[c->b]];
    if (m ? !catalogue_source_present(w, m, w->strata[c->b]) : !sb->leavers_have_column)
        return not_adjusted(c, num, den, m ? "the recruitment file" : "the leavers file");
    struct mh_stratum *s, sum;
    size_t n;
    if (strata_of(c, m, num, den, &s, &n, &sum) != WQ_OK)
        return WQ_ENOMEM;
    struct mh_result h = stats_mantel_haenszel(s, n, c->o->conf);
    free(s);
    const struct standard *std = w->std;
    struct metric_row r = c->base;
    r.group = std->group_names[num];
    r.reference = std->group_names[den];
    r.count = r.base = NAN;
    r.value = h.rr.value;
    r.low = h.rr.low;
    r.high = h.rr.high;
    r.status = h.rr.status;
    r.flag = stats_flag(h.rr.value);
    r.small = sum.a < SMALL_EVENTS || sum.b < SMALL_EVENTS || sum.n1 < SMALL_BASE ||
              sum.n2 < SMALL_BASE;
    r.method = "mantel-haenszel";
    r.statistic = STAT_ADJUSTED;
    r.note = adjusted_note(c, NULL, h.strata);
    if (!r.note || !metric_table_add(c->t, &r))
        return WQ_ENOMEM;
    return add_homogeneity(c, &r, &h);
}
