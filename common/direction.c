/* direction.c: the direction of disadvantage of a row, and its verdict
 * (direction.h). */
#include "direction.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text.h"


static enum disadvantage flip(enum disadvantage d)
{
    return d == WORSE_IF_HIGHER ? WORSE_IF_LOWER : d == WORSE_IF_LOWER ? WORSE_IF_HIGHER : d;
}

/* A ratio's direction in R's orientation: the catalogue's is for "focus vs
 * comparator" when FOCUS_FIRST, else "comparator vs focus"; a row whose
 * reference is the comparator (BME vs White, Asian vs White) is focus-first. */
static enum disadvantage oriented(const struct standard *std, const struct metric_row *r,
                                  bool focus_first, enum disadvantage d)
{
    const char *comparator = std->group_names[std->comparator];
    bool row_focus_first = text_is(r->reference, comparator);
    if (!row_focus_first && !text_is(r->group, comparator))
        return NO_DIRECTION;
    return row_focus_first == focus_first ? d : flip(d);
}

enum disadvantage direction_of(const struct standard *std, const struct metric_row *r)
{
    if (!std || !r->reference || !r->metric)
        return NO_DIRECTION;
    if (text_is(r->metric, "leavers"))
        return oriented(std, r, true, std->leavers_worse);
    for (size_t i = 0; i < std->n_ratios; i++)
        if (text_is(r->metric, std->ratios[i].metric) &&
            text_is(r->measure, std->ratios[i].measure))
            return oriented(std, r, std->ratios[i].focus_first, std->ratios[i].worse);
    for (size_t i = 0; i < std->n_survey; i++)
        if (text_is(r->metric, std->survey[i].metric) &&
            text_is(r->measure, std->survey[i].measure))
            return oriented(std, r, true, std->survey[i].worse);
    if (text_is(r->metric, std->board_metric) && text_is(r->reference, "Workforce") &&
        text_is(r->group, std->group_names[std->focus]))
        return std->board_worse;
    return NO_DIRECTION;
}

/* Which side of parity X lies: 1 above, -1 below, 0 at it. */
static int side(double x, double parity)
{
    return x > parity ? 1 : x < parity ? -1 : 0;
}

enum verdict verdict_of(const struct standard *std, const struct metric_row *r)
{
    enum disadvantage d = direction_of(std, r);
    if (d == NO_DIRECTION || metric_row_withheld(r) || isnan(r->value))
        return VERDICT_NONE;
    double parity = text_is(r->statistic, STAT_RATIO) ? 1.0 : 0.0;
    int bad = d == WORSE_IF_HIGHER ? 1 : -1;
    bool census = text_is(r->metric, std->board_metric);
    if (census) {
        int s = side(r->value, parity);
        return s == 0 ? VERDICT_EVEN : s == bad ? VERDICT_WORSE : VERDICT_BETTER;
    }
    if (r->status != STATS_OK || isnan(r->low) || isnan(r->high))
        return VERDICT_UNTESTED;
    int s = r->low > parity ? 1 : r->high < parity ? -1 : 0;
    if (s == 0)
        return VERDICT_UNCLEAR;
    return s == bad ? VERDICT_WORSE : VERDICT_BETTER;
}

bool leans_worse(const struct standard *std, const struct metric_row *r)
{
    enum disadvantage d = direction_of(std, r);
    if (d == NO_DIRECTION || metric_row_withheld(r) || isnan(r->value))
        return false;
    double parity = text_is(r->statistic, STAT_RATIO) ? 1.0 : 0.0;
    return side(r->value, parity) == (d == WORSE_IF_HIGHER ? 1 : -1);
}

const char *verdict_words(char *buf, size_t size, enum verdict v, const struct standard *std)
{
    const char *focus = std->group_names[std->focus];
    switch (v) {
    case VERDICT_WORSE: snprintf(buf, size, "worse for %s staff", focus); break;
    case VERDICT_BETTER: snprintf(buf, size, "better for %s staff", focus); break;
    case VERDICT_UNCLEAR: snprintf(buf, size, "no clear difference"); break;
    case VERDICT_UNTESTED: snprintf(buf, size, "no interval"); break;
    case VERDICT_EVEN: snprintf(buf, size, "no difference"); break;
    default: snprintf(buf, size, "%s", ""); break;
    }
    return buf;
}
