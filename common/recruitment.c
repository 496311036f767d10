/* recruitment.c: applicants shortlisted and appointed, per group (metric 2).
 *
 * Two shapes, told apart by the header: one row per applicant (a group
 * column, and Shortlisted/Appointed as Yes/No or a Stage reached), or an
 * aggregated table (group, applications, shortlisted, appointed) like
 * tests/reference/wres-2019-recruitment.csv. */
#include "inputs.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "date.h"
#include "extract.h"
#include "text.h"
#include "vocab.h"

enum rcol { R_ETHNICITY, R_DISABILITY, R_SHORTLISTED, R_APPOINTED, R_STAGE, R_DATE, R_GROUP,
            R_APPLICATIONS, R_N };
static const char *const a_disability[] = {"Disability", "Disabled", "Disability Flag", NULL};
static const char *const a_shortlisted[] = {"Shortlisted", "Shortlisted?", NULL};
static const char *const a_appointed[] = {"Appointed", "Appointed?", NULL};
static const char *const a_stage[] = {"Stage", "Stage Reached", "Application Status", NULL};
static const char *const a_date[] = {"Application Date", "Date Applied", "Date", NULL};
static const char *const a_group[] = {"Group", NULL};
static const char *const a_applications[] = {"Applications", "Applicants", "Applied", NULL};

struct rctx {
    struct workforce *w;
    const struct wq_options *o;
    struct extract x;
    int col[R_N];
    bool aggregated;
    int *by_col;
    struct strmap groups;      /* aggregated: the group labels seen */
};

bool inputs_group(const struct workforce *w, const struct vocab *v, const char *s, int *g)
{
    static const char *const all[] = {"all", "total", "overall", "all staff", NULL};
    static const char *const unknown[] = {"unknown", "undisclosed", "not stated", "not known",
                                          "not disclosed", "not declared", "prefer not to say",
                                          "unspecified", NULL};
    static const char *const bme[] = {"bme", "bame", "black and minority ethnic",
                                      "black, asian and minority ethnic", "ethnic minority",
                                      "ethnic minorities", "minority ethnic", NULL};
    static const char *const nondis[] = {"non-disabled", "non disabled", "not disabled",
                                         "nondisabled", "no disability", NULL};
    char key[128];
    text_fold(s, key, sizeof key);
    for (const char *const *p = all; *p; p++)
        if (!strcmp(key, *p))
            return *g = 3, true;
    const struct standard *std = w->std;
    for (const char *const *p = unknown; *p; p++)
        if (!strcmp(key, *p))
            return *g = std->unknown, true;
    for (int k = 0; k < 3; k++) {
        char name[64];
        text_fold(std->group_names[k], name, sizeof name);
        if (!strcmp(key, name))
            return *g = k, true;
    }
    if (std->characteristic == CHAR_ETHNICITY) {
        for (const char *const *p = bme; *p; p++)
            if (!strcmp(key, *p))
                return *g = ETH_BME, true;
        enum eth_detail d;
        if (vocab_ethnicity(v, s, &d) && d != DET_UNKNOWN)
            return *g = (int)vocab_eth_group(d), true;
        return false;
    }
    for (const char *const *p = nondis; *p; p++)
        if (!strcmp(key, *p))
            return *g = DIS_NON_DISABLED, true;
    enum dis_group dg;
    if (vocab_disability(v, s, &dg) && dg != DIS_UNKNOWN)
        return *g = (int)dg, true;
    return false;
}

/* Stage reached: 0 applied, 1 shortlisted (or interviewed), 2 appointed
 * (offered, started); -1 unknown. */
static int stage_of(const char *s)
{
    static const struct {
        const char *prefix;
        int stage;
    } stages[] = {
        {"appointed", 2}, {"offer", 2}, {"conditional offer", 2}, {"unconditional offer", 2},
        {"started", 2}, {"hired", 2}, {"shortlisted", 1}, {"shortlist", 1}, {"interview", 1},
        {"applied", 0}, {"application", 0}, {"not shortlisted", 0}, {"rejected", 0},
        {"withdrawn", 0}, {"longlisted", 0},
    };
    char key[64];
    text_fold(s, key, sizeof key);
    int best = -1;
    size_t best_len = 0;
    for (size_t i = 0; i < sizeof stages / sizeof *stages; i++) {
        size_t n = strlen(stages[i].prefix);
        if (strncmp(key, stages[i].prefix, n) == 0 && n > best_len) {
            best = stages[i].stage;
            best_len = n;
        }
    }
    return best;
}

size_t recruitment_specs(const struct wq_options *o, bool aggregated, bool staged,
                         struct col_spec *out)
{
    bool wres = o->std->characteristic == CHAR_ETHNICITY;
    struct col_spec specs[R_N] = {
        [R_ETHNICITY] = {"ethnicity", extract_ethnicity_aliases, false, NULL},
        [R_DISABILITY] = {"disability", a_disability, false, NULL},
        [R_SHORTLISTED] = {"shortlisted", a_shortlisted, aggregated, NULL},
        [R_APPOINTED] = {"appointed", a_appointed, aggregated, NULL},
        [R_STAGE] = {"stage", a_stage, false, NULL},
        [R_DATE] = {"application-date", a_date, false, NULL},
        [R_GROUP] = {"group", a_group, false, NULL},
        [R_APPLICATIONS] = {"applications", a_applications, aggregated, NULL},
    };
    if (!aggregated) {
        specs[wres ? R_ETHNICITY : R_DISABILITY].required = true;
        specs[R_SHORTLISTED].required = specs[R_APPOINTED].required = !staged;
    }
    memcpy(out, specs, sizeof specs);
    return R_N;
}

static int on_header(struct rctx *c, const struct csv_row *row, struct wq_error *err)
{
    bool wres = c->w->std->characteristic == CHAR_ETHNICITY;
    c->aggregated = columns_find(row, "Applications") >= 0 ||
                    columns_find(row, "Applicants") >= 0 || columns_find(row, "Applied") >= 0;
    bool staged = columns_find(row, "Stage") >= 0 || columns_find(row, "Stage Reached") >= 0 ||
                  columns_find(row, "Application Status") >= 0;
    struct col_spec specs[R_N];
    recruitment_specs(c->o, c->aggregated, staged, specs);
    int st = extract_header(&c->x, row, specs, R_N, c->col, err);
    if (st || !c->x.n_header)
        return st;
    if (c->aggregated && c->col[R_GROUP] < 0) {
        /* the group column may be named after the characteristic */
        c->col[R_GROUP] = c->col[wres ? R_ETHNICITY : R_DISABILITY];
        if (c->col[R_GROUP] < 0)
            c->col[R_GROUP] = 0;
    }
    int gc = c->aggregated ? c->col[R_GROUP] : c->col[wres ? R_ETHNICITY : R_DISABILITY];
    extract_unknown_column(&c->x, wres ? VK_ETHNICITY : VK_DISABILITY, gc);
    for (size_t b = 1; b < c->w->n_bd_all; b++)
        c->by_col[b] = c->aggregated || c->w->bd[b].n_parts
                           ? -1
                           : columns_find_by(row, c->w->bd[b].column, c->o->columns,
                                             c->o->n_columns);
    cross_columns(c->w, c->by_col, false);
    for (size_t b = 1; b < c->w->n_bd_all; b++)
        c->w->bd[b].recruitment_has_column = c->by_col[b] >= 0;
    return WQ_OK;
}

/* A whole, non-negative count from column COL. */
static int count_field(struct rctx *c, const struct csv_row *row, int col, double *v,
                       struct wq_error *err, bool *bad)
{
    const char *s = extract_field(row, col);
    *bad = false;
    if (!extract_number(s, v) || *v != floor(*v)) {
        *bad = true;
        return extract_bad_row(&c->x, row, col, err, "not a whole number of people: '%.40s'", s);
    }
    return WQ_OK;
}

/* Count applications of group G (and detail category D, or -1 when not
 * known: an aggregated table) at the trust and at LEVELS. */
static void add(struct rctx *c, const uint32_t *levels, int g, int d, double applied,
                double shortlisted, double appointed)
{
    struct workforce *w = c->w;
    for (size_t b = 0; b < w->n_bd_all; b++) {
        if (b > 0 && c->by_col[b] < 0)
            continue;
        struct level_tally *t = &w->bd[b].t[b ? levels[b - 1] : 0];
        t->applied[g] += applied;
        t->shortlisted[g] += shortlisted;
        t->appointed[g] += appointed;
        if (d >= 0) {
            t->shortlisted_detail[d] += shortlisted;
            t->appointed_detail[d] += appointed;
        }
    }
}

/* A row of an aggregated table: a group's applications, shortlisted and
 * appointed (a total row is excluded; a group twice is an error). */
static int aggregated_row(struct rctx *c, const struct csv_row *row, struct wq_error *err)
{
    struct input_account *a = c->x.acc;
    bool wres = c->w->std->characteristic == CHAR_ETHNICITY;
    uint32_t levels[64] = {0};
    int st;
    const char *gs = extract_field(row, c->col[R_GROUP]);
    int g;
    bool known = inputs_group(c->w, c->o->vocab, gs, &g);
    if (known && g == 3) {
        a->excluded[EX_TOTAL_ROW]++;
        return WQ_OK;
    }
    /* the same label twice would be counted twice (labels that differ,
     * such as two ethnic origins of one group, are added up) */
    if (strmap_find(&c->groups, gs) >= 0)
        return extract_bad_row(&c->x, row, c->col[R_GROUP], err,
                               "a second row for group '%.40s'", gs);
    if (strmap_intern(&c->groups, gs) < 0)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if (!known) {
        if (extract_note_unknown(&a->unknown[wres ? VK_ETHNICITY : VK_DISABILITY], gs))
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        g = c->w->std->unknown;
    }
    double n[3];
    const int cols[3] = {c->col[R_APPLICATIONS], c->col[R_SHORTLISTED], c->col[R_APPOINTED]};
    for (int k = 0; k < 3; k++) {
        bool bad;
        if ((st = count_field(c, row, cols[k], &n[k], err, &bad)) || bad)
            return st;
    }
    if (n[1] > n[0] || n[2] > n[1])
        return extract_bad_row(&c->x, row, -1, err,
                               "more shortlisted than applications, or more appointed than "
                               "shortlisted (%.0f, %.0f, %.0f)",
                               n[0], n[1], n[2]);
    add(c, levels, g, -1, n[0], n[1], n[2]);
    a->rows_used++;
    return WQ_OK;
}

/* An applicant's row: whether shortlisted and appointed, from its stage
 * or from its two Yes/No columns. */
static int applicant_stage(struct rctx *c, const struct csv_row *row, int *shortlisted,
                           int *appointed, struct wq_error *err)
{
    if (c->col[R_STAGE] >= 0 && c->col[R_SHORTLISTED] < 0) {
        const char *s = extract_field(row, c->col[R_STAGE]);
        int stage = stage_of(s);
        if (stage < 0)
            return extract_bad_row(&c->x, row, c->col[R_STAGE], err,
                                   "unknown stage '%.40s' (expected Applied, Shortlisted, "
                                   "Interviewed, Offered, Appointed ...)",
                                   s);
        *shortlisted = stage >= 1;
        *appointed = stage >= 2;
        return WQ_OK;
    }
    *shortlisted = extract_yes_no(extract_field(row, c->col[R_SHORTLISTED]));
    *appointed = extract_yes_no(extract_field(row, c->col[R_APPOINTED]));
    if (*shortlisted < 0)
        return extract_bad_row(&c->x, row, c->col[R_SHORTLISTED], err,
                               "expected Yes or No, not '%.40s'",
                               extract_field(row, c->col[R_SHORTLISTED]));
    if (*appointed < 0)
        return extract_bad_row(&c->x, row, c->col[R_APPOINTED], err,
                               "expected Yes or No, not '%.40s'",
                               extract_field(row, c->col[R_APPOINTED]));
    if (*appointed && !*shortlisted)
        return extract_bad_row(&c->x, row, c->col[R_APPOINTED], err,
                               "appointed but not shortlisted");
    return WQ_OK;
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct rctx *c = ud;
    struct input_account *a = c->x.acc;
    bool wres = c->w->std->characteristic == CHAR_ETHNICITY;
    if (!c->x.n_header)
        return on_header(c, row, err);
    bool skip;
    int st = extract_begin_row(&c->x, row, &skip, err);
    if (st || skip)
        return st;
    if (c->aggregated)
        return aggregated_row(c, row, err);
    if (c->o->year && c->col[R_DATE] >= 0) {
        long day;
        const char *d = extract_field(row, c->col[R_DATE]);
        if (!date_parse(d, &day))
            return extract_bad_row(&c->x, row, c->col[R_DATE], err, "not a date: '%.40s'", d);
        if (day < c->w->period_first || day > c->w->period_last) {
            a->excluded[EX_OUT_OF_PERIOD]++;
            return WQ_OK;
        }
    }
    if ((st = extract_check_levels(&c->x, row, c->w, c->by_col, err)) != WQ_OK)
        return st;
    int shortlisted = 0, appointed = 0;
    if ((st = applicant_stage(c, row, &shortlisted, &appointed, err)) != WQ_OK)
        return st;
    int ch;
    if (extract_characteristic(&c->x, c->w,
                               extract_field(row, c->col[wres ? R_ETHNICITY : R_DISABILITY]), &ch))
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    int g = workforce_group_of(c->w, ch);
    uint32_t levels[64] = {0};
    for (size_t b = 1; b < c->w->n_bd_all && b <= 64; b++) {
        if (c->by_col[b] < 0 || c->w->bd[b].n_parts)
            continue;
        long li = workforce_level(c->w, b,
                                  workforce_level_name(c->w, c->o, b, row->fields[c->by_col[b]]));
        if (li < 0)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        levels[b - 1] = (uint32_t)li;
    }
    if (cross_levels(c->w, c->by_col, levels) != WQ_OK)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    add(c, levels, g, wres ? ch : -1, 1, shortlisted, appointed);
    a->rows_used++;
    return WQ_OK;
}

int recruitment_load(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    struct input_account *a = &w->acc[IN_RECRUITMENT];
    struct rctx c = {.w = w, .o = o};
    a->role = "recruitment";
    a->out_of_period = "date outside the reporting year";
    a->file = wq_input_name(o->recruitment);
    a->shown = wq_input_shown(o->recruitment);
    a->present = true;
    c.x.o = o;
    c.x.acc = a;
    if (w->n_bd_all > 65)
        return wq_fail(err, WQ_EUSAGE, NULL, "at most 64 --by columns");
    int by_col[65];
    c.by_col = by_col;
    for (int k = 0; k < R_N; k++)
        c.col[k] = -1;
    int st = extract_read(&c.x, o->recruitment, on_row, &c, err);
    w->recruitment_aggregated = c.aggregated;
    strmap_free(&c.groups);
    extract_free(&c.x);
    return st;
}
