/* fdr.c: the false discovery rate across the levels of a breakdown
 * (metrics_fdr, metrics.h): Benjamini-Hochberg within each family of
 * comparisons, one family per --by column, metric, measure, group and
 * reference. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "stats.h"

static const struct metric_table *sort_table; /* qsort has no context argument */

static int text_cmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* The order of families: 0 when A and B are of the same family. */
static int family_order(const struct metric_row *a, const struct metric_row *b)
{
    int c;
    if ((c = text_cmp(a->breakdown, b->breakdown)) || (c = text_cmp(a->metric, b->metric)) ||
        (c = text_cmp(a->measure, b->measure)) || (c = text_cmp(a->group, b->group)))
        return c;
    return text_cmp(a->reference, b->reference);
}

/* Families together, each in the table's order. */
static int index_cmp(const void *pa, const void *pb)
{
    size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
    int c = family_order(&sort_table->rows[ia], &sort_table->rows[ib]);
    return c ? c : ia < ib ? -1 : ia > ib;
}

static bool in_family(const struct metric_row *r)
{
    return r->has_p && r->reference && r->breakdown && strcmp(r->breakdown, "Trust") &&
           !metric_row_withheld(r);
}

int metrics_fdr(struct metric_table *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++)
        n += in_family(&t->rows[i]);
    if (!n)
        return WQ_OK;
    size_t *idx = malloc(n * sizeof *idx);
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    int st = idx && p && q ? WQ_OK : WQ_ENOMEM;
    if (!st) {
        n = 0;
        for (size_t i = 0; i < t->n_rows; i++)
            if (in_family(&t->rows[i]))
                idx[n++] = i;
        sort_table = t;
        qsort(idx, n, sizeof *idx, index_cmp);
        sort_table = NULL;
        for (size_t k = 0; k < n; k++)
            p[k] = t->rows[idx[k]].p;
    }
    for (size_t from = 0, to; !st && from < n; from = to) {
        for (to = from + 1; to < n; to++)
            if (family_order(&t->rows[idx[to]], &t->rows[idx[from]]))
                break;
        if (!stats_bh(p + from, to - from, q + from))
            st = WQ_ENOMEM;
    }
    for (size_t k = 0; !st && k < n; k++) {
        t->rows[idx[k]].q = q[k];
        t->rows[idx[k]].has_q = !isnan(q[k]);
    }
    free(idx);
    free(p);
    free(q);
    return st;
}

bool metrics_has_level(const struct metric_table *t, const char *level)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (t->rows[i].level && strcmp(t->rows[i].breakdown, "Trust") &&
            !strcmp(t->rows[i].level, level))
            return true;
    return false;
}
