/* html_adjust.c: the report's words for the relative likelihoods adjusted
 * for other columns (--adjust; adjust_metrics.c makes the rows). */
#include "html_adjust.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "text.h"

bool html_adjust_row(const struct metric_row *r)
{
    return text_is(r->statistic, STAT_ADJUSTED) || text_is(r->method, "woolf-homogeneity");
}

/* The row of statistic STAT for the same comparison as CRUDE. */
static const struct metric_row *find(const struct metric_row *rows, size_t n,
                                     const struct metric_row *crude, const char *stat)
{
    for (size_t i = 0; i < n; i++) {
        const struct metric_row *r = &rows[i];
        if (text_is(r->statistic, stat) && text_is(r->metric, crude->metric) &&
            text_is(r->measure, crude->measure) && text_is(r->group, crude->group) &&
            text_is(r->reference, crude->reference) && text_is(r->level, crude->level))
            return r;
    }
    return NULL;
}

/* Append to BUF (SIZE bytes, *USED of them written). */
__attribute__((format(printf, 4, 5))) static void put(char *buf, size_t size, size_t *used,
                                                      const char *fmt, ...)
{
    if (*used >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used = *used + (size_t)n < size ? *used + (size_t)n : size - 1;
}

/* What the group did, from the metric: "leave", "enter the formal ...". */
static const char *verb_of(const struct metric_row *r, const struct standard *std, bool *applicants)
{
    *applicants = false;
    for (size_t i = 0; std && i < std->n_ratios; i++)
        if (text_is(std->ratios[i].metric, r->metric)) {
            *applicants = std->ratios[i].source == SRC_RECRUITMENT;
            return std->ratios[i].verb;
        }
    return "leave";
}

static bool excludes_parity(const struct metric_row *r)
{
    return r->status == STATS_OK && (r->low > 1.0 || r->high < 1.0);
}

/* The homogeneity test's finding, from its chi-square and p-value rows. */
static void homogeneity(char *buf, size_t size, size_t *used, const struct metric_row *x2,
                        const struct metric_row *p, const char *cols)
{
    char a[64], b[64];
    if (!x2 || !p || isnan(x2->value) || isnan(p->value)) {
        put(buf, size, used, " Too few values of %s had events in both groups to test whether the "
                             "ratio differs between them.", cols);
        return;
    }
    const char *df = x2->note ? strstr(x2->note, "homogeneity, ") : NULL;
    int k = df ? atoi(df + strlen("homogeneity, ")) : 0;
    stats_format(a, sizeof a, x2->value, 2);
    if (p->value < 0.001)
        snprintf(b, sizeof b, "below 0.001");
    else
        stats_format(b, sizeof b, p->value, 3);
    if (p->value < 0.05)
        put(buf, size, used, " The ratio differs between the values of %s (Woolf's test of "
                             "homogeneity: chi-square %s on %d degrees of freedom, p %s), so "
                             "one adjusted figure hides real differences: look at the ratios by %s "
                             "(--by).", cols, a, k, b, cols);
    else
        put(buf, size, used, " There is no clear sign that the ratio differs between the values "
                             "of %s (Woolf's test of homogeneity: chi-square %s on %d degrees "
                             "of freedom, p %s).", cols, a, k, b);
}

/* The columns adjusted for, from R's note "adjusted for Pay Band, Org L4 (7
 * strata used)" (adjust_metrics.c writes it), into COLS. */
static void columns_of(const struct metric_row *r, char *cols, size_t size)
{
    const char *from = r->note ? strstr(r->note, "adjusted for ") : NULL;
    const char *to = from ? strrchr(from, '(') : NULL;
    from = from ? from + strlen("adjusted for ") : NULL;
    if (!from || !to || to <= from)
        snprintf(cols, size, "the other columns");
    else
        snprintf(cols, size, "%.*s", (int)(to - from - 1), from);
}

const char *html_adjust_sentence(char *buf, size_t size, const struct metric_row *rows, size_t n,
                                 const struct metric_row *crude, const struct standard *std)
{
    const struct metric_row *r = find(rows, n, crude, STAT_ADJUSTED);
    if (!r || !size)
        return NULL;
    char cols[512], v[64], lo[64], hi[64], c[64];
    size_t used = 0;
    columns_of(r, cols, sizeof cols);
    bool applicants;
    const char *verb = verb_of(r, std, &applicants), *who = applicants ? "applicants" : "staff";
    buf[0] = '\0';
    if (r->note && !strncmp(r->note, "not adjusted: ", 14)) {
        put(buf, size, &used, "This relative likelihood is not adjusted: %s.", r->note + 14);
        return buf;
    }
    if (metric_row_withheld(r)) {
        put(buf, size, &used, "The adjusted relative likelihood (--adjust) is withheld, as the "
                              "crude one is (small numbers).");
        return buf;
    }
    if (r->status != STATS_OK) {
        bool one_sided = r->value == 0 || isinf(r->value);
        put(buf, size, &used, "Allowing for %s, the relative likelihood of %s %s compared with "
                              "%s %s ", cols, r->group, who, r->reference, who);
        if (isnan(r->value))
            put(buf, size, &used, "cannot be calculated: no value of %s has people of both "
                                  "groups with events.", cols);
        else if (one_sided)
            put(buf, size, &used, "is %s with no interval: within the values of %s the events "
                                  "are all in one of the two groups.",
                r->value == 0 ? "0" : "infinite", cols);
        else
            put(buf, size, &used, "is %s with no interval: a value of %s has more events than "
                                  "people (leavers from a group with fewer staff in post).",
                stats_format(v, sizeof v, r->value, 2), cols);
        homogeneity(buf, size, &used, find(rows, n, crude, STAT_CHI2), find(rows, n, crude, STAT_P),
                    cols);
        return buf;
    }
    stats_format(v, sizeof v, r->value, 2);
    stats_format(lo, sizeof lo, r->low, 2);
    stats_format(hi, sizeof hi, r->high, 2);
    bool crude_differs = excludes_parity(crude), differs = excludes_parity(r);
    bool same_side = crude_differs && differs && (crude->low > 1.0) == (r->low > 1.0);
    /* "largely explained": the interval now includes 1 and the ratio moved
     * at least half way to 1 (on the log scale); else only less certain */
    bool explained = !differs && crude_differs &&
                     fabs(log(r->value)) <= 0.5 * fabs(log(crude->value));
    if (explained)
        put(buf, size, &used, "Allowing for %s, the difference is largely explained: %s %s were "
                              "%s times as likely as %s %s to %s (95%% interval %s to %s), an "
                              "interval that includes 1 (parity) where the crude figure's did "
                              "not.", cols, r->group, who, v, r->reference, who, verb, lo, hi);
    else if (!differs && crude_differs)
        put(buf, size, &used, "Allowing for %s, %s %s were %s times as likely as %s %s to %s "
                              "(95%% interval %s to %s): the figure moved little from the crude "
                              "%s, but its interval now includes 1 (parity), so once %s is "
                              "allowed for the difference could be chance.", cols, r->group, who,
            v, r->reference, who, verb, lo, hi, stats_format(c, sizeof c, crude->value, 2), cols);
    else
        put(buf, size, &used, "Allowing for %s, %s %s were %s%s times as likely as %s %s to %s "
                              "(95%% interval %s to %s)%s.", cols, r->group, who,
            same_side ? "still " : "", v, r->reference, who, verb, lo, hi,
            differs ? "" : "; the interval includes 1 (parity), so the difference could be chance");
    homogeneity(buf, size, &used, find(rows, n, crude, STAT_CHI2), find(rows, n, crude, STAT_P),
                cols);
    return buf;
}
