/* catalogue_metrics.c: the metrics of each standard's catalogue beyond
 * metric 1: the relative likelihoods (WRES 2-4, WDES 2-3), the staff-survey
 * percentages and differences (WRES 5-8, WDES 4-9a), WDES 9b, and board
 * membership against the workforce (WRES 9, WDES 10). */
#include "metrics.h"

#include <math.h>
#include <string.h>

/* The counts a ratio metric's events and base come from, for the three
 * groups or for the detail categories: one shape, so one function picks. */
struct event_arrays {
    const double *appointed, *shortlisted, *cases, *trained, *head;
};

/* The events and base of entry I of A for ratio metric M. */
static void pick_events(const struct workforce *w, const struct ratio_metric *m,
                        struct event_arrays a, int i, double *x, double *n)
{
    *x = *n = 0;
    switch (m->source) {
    case SRC_RECRUITMENT:
        *x = a.appointed[i];
        *n = a.shortlisted[i];
        break;
    case SRC_CASES:
        *x = a.cases[i] / (w->case_window ? w->case_window : 1);
        *n = a.head[i];
        break;
    case SRC_TRAINING:
        *x = a.trained[i];
        *n = a.head[i];
        break;
    }
}

/* The events and base of group G for a ratio metric at one level. */
void catalogue_events(const struct workforce *w, const struct ratio_metric *m,
                      const struct level_tally *t, int g, double *x, double *n)
{
    struct event_arrays a = {t->appointed, t->shortlisted, t->cases, t->trained, t->head};
    pick_events(w, m, a, g, x, n);
}

/* The same for detail category D (wres --detail). */
static void detail_events_of(const struct workforce *w, const struct ratio_metric *m,
                             const struct level_tally *t, int d, double *x, double *n)
{
    struct event_arrays a = {t->appointed_detail, t->shortlisted_detail, t->cases_detail,
                             t->trained_detail, t->head_detail};
    pick_events(w, m, a, d, x, n);
}

/* --detail: each of Asian, Black, Mixed, Chinese and Other against White,
 * as the leavers' detail rows: the category's rate, then its relative
 * likelihood with White as the reference (for every metric, whichever way
 * round the standard's own comparison is). Not for an aggregated
 * recruitment table, which has no categories. */
static int detail_metrics(struct metric_builder *c, const struct ratio_metric *m,
                          const struct level_tally *t)
{
    const struct workforce *w = c->w;
    if (!c->o->detail || !w->std->has_detail ||
        (m->source == SRC_RECRUITMENT && w->recruitment_aggregated))
        return WQ_OK;
    double wx, wn;
    detail_events_of(w, m, t, DET_WHITE, &wx, &wn);
    for (int d = DET_ASIAN; d <= DET_OTHER; d++) {
        const char *name = vocab_eth_detail_name((enum eth_detail)d);
        double x, n;
        detail_events_of(w, m, t, d, &x, &n);
        int st = metric_add_rate(c, name, x, n);
        if (!st)
            st = metric_add_ratio(c, name, "White", x, n, wx, wn);
        if (st)
            return st;
    }
    return WQ_OK;
}

bool catalogue_source_present(const struct workforce *w, const struct ratio_metric *m, size_t b)
{
    switch (m->source) {
    case SRC_RECRUITMENT:
        return w->acc[IN_RECRUITMENT].present && (b == 0 || w->bd[b].recruitment_has_column);
    case SRC_CASES:
        return w->acc[IN_CASES].present && w->acc[IN_STAFF].present;
    case SRC_TRAINING:
        return w->acc[IN_TRAINING].present && w->acc[IN_STAFF].present;
    }
    return false;
}

int catalogue_level_metrics(struct metric_builder *c, const struct level_tally *t, size_t b)
{
    const struct workforce *w = c->w;
    const struct standard *s = w->std;
    int st;
    for (size_t i = 0; i < s->n_ratios; i++) {
        const struct ratio_metric *m = &s->ratios[i];
        if (!catalogue_source_present(w, m, b))
            continue;
        c->base.metric = m->metric;
        c->base.measure = m->measure;
        c->base.note = NULL;
        if (m->source == SRC_RECRUITMENT) {
            c->base.measure = "shortlisted_from_applications";
            for (int g = 0; g < 3; g++)
                if ((st = metric_add_rate(c, s->group_names[g], t->shortlisted[g], t->applied[g])))
                    return st;
            c->base.measure = m->measure;
        }
        double x[3], n[3];
        for (int g = 0; g < 3; g++) {
            catalogue_events(w, m, t, g, &x[g], &n[g]);
            if ((st = metric_add_rate(c, s->group_names[g], x[g], n[g])))
                return st;
        }
        int num = m->focus_first ? s->focus : s->comparator;
        int den = m->focus_first ? s->comparator : s->focus;
        if (m->source == SRC_CASES)
            c->base.note = w->case_window == 2 ? "two-year rolling average (cases in two years / 2)"
                                               : "reporting year";
        if ((st = metric_add_ratio(c, s->group_names[num], s->group_names[den], x[num], n[num],
                                   x[den], n[den])) ||
            (st = adjust_metrics(c, m, num, den)) || (st = detail_metrics(c, m, t)))
            return st;
        c->base.note = NULL;
    }
    return WQ_OK;
}

/* Add a row as it is (for scores, answers and board differences). */
static int add_plain(struct metric_builder *c, const char *group, const char *reference,
                     double count, double base, double value, const char *statistic)
{
    struct metric_row r = c->base;
    r.group = group;
    r.reference = reference;
    r.count = count;
    r.base = base;
    r.value = value;
    r.low = r.high = NAN;
    r.status = isnan(value) ? STATS_UNDEFINED : STATS_NO_INTERVAL;
    r.flag = FLAG_NOT_CALCULABLE;
    r.statistic = statistic;
    r.method = NULL;
    return metric_table_add(c->t, &r) ? WQ_OK : WQ_ENOMEM;
}

static const struct survey_item *survey_find(const struct workforce *w, const char *measure,
                                             int group)
{
    for (size_t i = 0; i < w->n_survey; i++)
        if (!strcmp(w->survey[i].measure, measure) && w->survey[i].group == group)
            return &w->survey[i];
    return NULL;
}

static int survey_metrics(struct metric_builder *c)
{
    const struct workforce *w = c->w;
    const struct standard *s = w->std;
    int st;
    for (size_t i = 0; i < s->n_survey; i++) {
        const struct survey_metric *m = &s->survey[i];
        const struct survey_item *f = survey_find(w, m->measure, s->focus);
        const struct survey_item *r = survey_find(w, m->measure, s->comparator);
        if (!f && !r)
            continue;
        c->base.metric = m->metric;
        c->base.measure = m->measure;
        c->base.note = NULL;
        c->base.survey = true;
        if (m->is_score) {
            const struct survey_item *all = survey_find(w, m->measure, 3);
            const struct survey_item *items[3] = {f, r, all};
            const char *names[3] = {s->group_names[s->focus], s->group_names[s->comparator], "All"};
            for (int k = 0; k < 3; k++)
                if (items[k] && (st = add_plain(c, names[k], NULL, NAN, items[k]->respondents,
                                                items[k]->value, STAT_SCORE)))
                    return st;
            if (f && r && (st = add_plain(c, names[0], names[1], NAN, NAN, f->value - r->value,
                                          STAT_DIFFERENCE)))
                return st;
            continue;
        }
        const struct survey_item *items[2] = {f, r};
        const int groups[2] = {s->focus, s->comparator};
        for (int k = 0; k < 2; k++) {
            if (!items[k] || (m->focus_only && k == 1))
                continue;
            if ((st = metric_add_rate(c, s->group_names[groups[k]], items[k]->positive,
                                      items[k]->respondents)))
                return st;
            /* the published percentage is the value; the count may be
             * derived from it (percent x respondents) */
            c->t->rows[c->t->n_rows - 1].value = items[k]->value;
        }
        if (m->focus_only || !f || !r)
            continue;
        struct metric_row d = c->base;
        struct wq_interval iv = stats_newcombe(f->positive, f->respondents, r->positive,
                                               r->respondents, c->o->conf);
        d.group = s->group_names[s->focus];
        d.reference = s->group_names[s->comparator];
        d.count = d.base = NAN;
        d.value = f->value - r->value;
        d.low = iv.low;
        d.high = iv.high;
        d.status = iv.status;
        d.flag = FLAG_NOT_CALCULABLE;
        d.statistic = STAT_DIFFERENCE;
        d.method = "newcombe";
        if (!metric_table_add(c->t, &d))
            return WQ_ENOMEM;
    }
    return WQ_OK;
}

static int board_metrics(struct metric_builder *c)
{
    static const char *const measures[BOARD_N] = {"board_total", "board_voting",
                                                  "board_executive"};
    const struct workforce *w = c->w;
    const struct standard *s = w->std;
    const struct level_tally *t = &w->bd[0].t[0];
    double staff = t->head[0] + t->head[1] + t->head[2];
    int st;
    c->base.metric = s->board_metric;
    c->base.note = NULL;
    for (int k = 0; k < BOARD_N; k++) {
        const double *m = w->board[k];
        double members = m[0] + m[1] + m[2];
        c->base.measure = measures[k];
        for (int g = 0; g < 3; g++)
            if ((st = metric_add_rate(c, s->group_names[g], m[g], members)))
                return st;
        for (int g = 0; g < 3; g++) {
            double diff = members > 0 && staff > 0 ? m[g] / members - t->head[g] / staff : NAN;
            if ((st = add_plain(c, s->group_names[g], "Workforce", NAN, NAN, diff,
                                STAT_DIFFERENCE)))
                return st;
        }
    }
    const double *all = w->board[BOARD_TOTAL];
    c->base.metric = "declaration";
    c->base.measure = "declaration";
    c->base.workforce = "Board";
    st = metric_add_rate(c, "Known", all[s->focus] + all[s->comparator], all[0] + all[1] + all[2]);
    c->base.workforce = NULL;
    return st;
}

/* ESR against the survey (docs/metrics.md): the focus group's share of the
 * survey's respondents, from the item most respondents answered, with its
 * interval; its share (and the unknown group's) of the staff in post, a
 * census without one; and the gap, with the people ESR may be missing
 * when the survey's whole interval lies above ESR's share. */
static int esr_survey_metrics(struct metric_builder *c)
{
    const struct workforce *w = c->w;
    const struct standard *s = w->std;
    const double *head = w->bd[0].t[0].head;
    double staff = head[0] + head[1] + head[2], fr = 0, n = 0;
    for (size_t i = 0; i < w->n_survey; i++) {
        const struct survey_item *f = &w->survey[i];
        const struct survey_item *r = f->group == s->focus
                                          ? survey_find(w, f->measure, s->comparator)
                                          : NULL;
        if (r && f->respondents + r->respondents > n) {
            fr = f->respondents;
            n = f->respondents + r->respondents;
        }
    }
    if (!(n > 0) || !(staff > 0))
        return WQ_OK;
    const char *focus = s->group_names[s->focus];
    double esr = head[s->focus] / staff;
    c->base.metric = METRIC_ESR_SURVEY;
    c->base.note = NULL;
    c->base.measure = "survey-share";
    c->base.survey = true;
    int st = metric_add_rate(c, focus, fr, n);
    c->base.survey = false;
    if (st)
        return st;
    struct metric_row gap = c->t->rows[c->t->n_rows - 1];
    c->base.measure = "esr-share";
    if ((st = add_plain(c, focus, NULL, head[s->focus], staff, esr, STAT_PROPORTION)) ||
        (st = add_plain(c, s->group_names[s->unknown], NULL, head[s->unknown], staff,
                        head[s->unknown] / staff, STAT_PROPORTION)))
        return st;
    gap.measure = "gap";
    gap.reference = "ESR";
    gap.survey = false;
    gap.value -= esr;
    gap.low -= esr;
    gap.high -= esr;
    gap.base = staff;
    gap.count = gap.low > 0 ? round((fr / n) * staff - head[s->focus]) : NAN;
    gap.statistic = STAT_DIFFERENCE;
    gap.flag = FLAG_NOT_CALCULABLE;
    return metric_table_add(c->t, &gap) ? WQ_OK : WQ_ENOMEM;
}

int catalogue_trust_metrics(struct metric_builder *c)
{
    const struct workforce *w = c->w;
    int st;
    st = w->acc[IN_SURVEY].present ? survey_metrics(c) : WQ_OK;
    c->base.survey = false;
    if (!st && w->acc[IN_SURVEY].present && w->acc[IN_STAFF].present)
        st = esr_survey_metrics(c);
    if (st)
        return st;
    if (w->std->has_voices && c->o->voices >= 0) {
        c->base.metric = "9b";
        c->base.measure = "staff_voices";
        c->base.note = c->o->voices_text;
        st = add_plain(c, "All", NULL, NAN, NAN, c->o->voices, STAT_ANSWER);
        c->base.note = NULL;
        if (st)
            return st;
    }
    if (w->acc[IN_BOARD].present && (st = board_metrics(c)))
        return st;
    return WQ_OK;
}

