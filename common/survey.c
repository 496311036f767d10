/* survey.c: staff-survey breakdowns for WRES 5-8 and WDES 4-9a.
 *
 * Three shapes, told apart by the header:
 *   long        measure, group, respondents, and percent | positive | score
 *   wide        item (or metric), <group>_respondents, <group>_percent ...
 *               as in tests/reference/wdes-2019-survey.csv
 *   responses   one row per respondent: a group column (ethnicity or
 *               disability) and one Yes/No column per measure id
 * Measures are known by id (harassment_public ...) or by the words of the
 * published item ("... from patients, service users, relatives or the
 * public"), so question numbers may change between survey years. */
#include "inputs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "text.h"
#include "vocab.h"

static const char *const wres_measures[] = {"harassment_public", "harassment_staff",
                                            "equal_opportunities", "discrimination_colleagues",
                                            NULL};
static const char *const wdes_measures[] = {
    "harassment_public", "harassment_managers", "harassment_colleagues", "harassment_reported",
    "equal_opportunities", "presenteeism", "valued", "adjustments", "engagement", NULL};

/* The static id of a measure written as an id or as item text; NULL if
 * none. STD decides between WRES's "from staff" and WDES's split. */
static const char *measure_of(const char *s)
{
    static const char *const ids[] = {"harassment_public", "harassment_staff",
                                      "harassment_managers", "harassment_colleagues",
                                      "harassment_reported", "equal_opportunities",
                                      "discrimination_colleagues", "presenteeism", "valued",
                                      "adjustments", "engagement", NULL};
    char k[256];
    text_fold(s, k, sizeof k);
    for (const char *const *p = ids; *p; p++)
        if (!strcmp(k, *p))
            return *p;
    if (strstr(k, "engagement"))
        return "engagement";
    if (strstr(k, "adjustment"))
        return "adjustments";
    if (strstr(k, "pressure") || strstr(k, "presenteeism") || strstr(k, "come to work"))
        return "presenteeism";
    if (strstr(k, "values their work") || strstr(k, "valued") || strstr(k, "values my work"))
        return "valued";
    if (strstr(k, "equal opportunit"))
        return "equal_opportunities";
    if (strstr(k, "discrimination"))
        return "discrimination_colleagues";
    if (strstr(k, "reported"))
        return "harassment_reported";
    if (strstr(k, "harassment") || strstr(k, "bullying") || strstr(k, "abuse")) {
        if (strstr(k, "patient") || strstr(k, "public") || strstr(k, "service user"))
            return "harassment_public";
        if (strstr(k, "manager"))
            return "harassment_managers";
        if (strstr(k, "colleague"))
            return "harassment_colleagues";
        if (strstr(k, "staff"))
            return "harassment_staff";
    }
    return NULL;
}

static bool in_standard(const struct workforce *w, const char *m)
{
    const char *const *set =
        w->std->characteristic == CHAR_ETHNICITY ? wres_measures : wdes_measures;
    for (; *set; set++)
        if (!strcmp(*set, m))
            return true;
    return false;
}

enum shape { LONG, WIDE, RESPONSES };
enum scol { S_MEASURE, S_GROUP, S_RESPONDENTS, S_PERCENT, S_POSITIVE, S_SCORE, S_ITEM, S_N };
static const char *const a_measure[] = {"Measure", "Indicator", NULL};
static const char *const a_group[] = {"Group", "Breakdown", NULL};
static const char *const a_respondents[] = {"Respondents", "Responses", "Base", "N", NULL};
static const char *const a_percent[] = {"Percent", "Percentage", "%", NULL};
static const char *const a_positive[] = {"Positive", "Count", "Positive Responses", NULL};
static const char *const a_score[] = {"Score", NULL};
static const char *const a_item[] = {"Item", "Question", "Metric", NULL};

#define MAX_WIDE 8
struct sctx {
    struct workforce *w;
    const struct wq_options *o;
    struct extract x;
    enum shape shape;
    int col[S_N];
    /* wide: one (group, respondents column, percent column) per group */
    int n_wide, wide_group[MAX_WIDE], wide_resp[MAX_WIDE], wide_pct[MAX_WIDE];
    bool wide_score[MAX_WIDE];
    /* responses: group column and measure columns */
    int group_col;
    int n_items, item_col[16];
    const char *item_measure[16];
    double resp[16][3], yes[16][3];
};

static int add_item(struct sctx *c, const struct csv_row *row, int col, const char *measure,
                    int group, double respondents, double positive, double value, bool is_score,
                    struct wq_error *err)
{
    struct workforce *w = c->w;
    for (size_t i = 0; i < w->n_survey; i++)
        if (w->survey[i].measure == measure && w->survey[i].group == group)
            return extract_bad_row(&c->x, row, col, err,
                                   "a second row for measure %s and the same group", measure);
    struct survey_item *grown =
        array_grow(w->survey, w->n_survey, &w->alloc_survey, sizeof *grown, 32);
    if (!grown)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    w->survey = grown;
    w->survey[w->n_survey++] = (struct survey_item){measure, group, respondents, positive, value,
                                                    is_score};
    return WQ_OK;
}

/* Respondents: a whole number, at least 1. */
static int read_respondents(struct sctx *c, const struct csv_row *row, int col, double *n,
                            bool *bad, struct wq_error *err)
{
    const char *s = extract_field(row, col);
    *bad = true;
    if (!extract_number(s, n) || *n != floor(*n))
        return extract_bad_row(&c->x, row, col, err, "not a whole number of respondents: '%.40s'", s);
    if (*n < 1)
        return extract_bad_row(&c->x, row, col, err, "respondents must be at least 1, not %.0f", *n);
    *bad = false;
    return WQ_OK;
}

/* Percent 0-100, or a score 0-10. */
static int read_value(struct sctx *c, const struct csv_row *row, int col, double max, double *v,
                      bool *bad, struct wq_error *err)
{
    const char *s = extract_field(row, col);
    char buf[64];
    size_t n = strlen(s);
    *bad = true;
    if (n && n < sizeof buf && s[n - 1] == '%') { /* "53.8%" */
        memcpy(buf, s, n - 1);
        buf[n - 1] = '\0';
        s = buf;
    }
    if (!extract_number(s, v))
        return extract_bad_row(&c->x, row, col, err, "not a number: '%.40s'",
                               extract_field(row, col));
    if (*v > max)
        return extract_bad_row(&c->x, row, col, err, "%.40s over %.0f", s, max);
    *bad = false;
    return WQ_OK;
}

/* The measure of a row, or NULL after counting the row as excluded or
 * unknown. */
static const char *row_measure(struct sctx *c, const char *text, int *st)
{
    struct input_account *a = c->x.acc;
    const char *m = measure_of(text);
    *st = WQ_OK;
    if (!m) {
        if (extract_note_unknown(&a->unknown[VK_OTHER], text))
            *st = WQ_ENOMEM;
        a->excluded[EX_UNKNOWN_VALUE]++;
        return NULL;
    }
    if (!in_standard(c->w, m)) {
        a->excluded[EX_OTHER_STANDARD]++;
        return NULL;
    }
    return m;
}

size_t survey_specs(const struct wq_options *o, struct col_spec *out)
{
    (void)o;
    const struct col_spec specs[S_N] = {
        [S_MEASURE] = {"measure", a_measure, true, NULL},
        [S_GROUP] = {"group", a_group, true, NULL},
        [S_RESPONDENTS] = {"respondents", a_respondents, true, NULL},
        [S_PERCENT] = {"percent", a_percent, false, NULL},
        [S_POSITIVE] = {"positive", a_positive, false, NULL},
        [S_SCORE] = {"score", a_score, false, NULL},
        [S_ITEM] = {"item", a_item, false, NULL},
    };
    memcpy(out, specs, sizeof specs);
    return S_N;
}

static int on_header(struct sctx *c, const struct csv_row *row, struct wq_error *err)
{
    bool wres = c->w->std->characteristic == CHAR_ETHNICITY;
    struct unknown_codes *um = &c->x.acc->unknown[VK_OTHER];
    um->counted_as = "not used (unknown measure)";
    if (columns_find(row, "Measure") >= 0 || columns_find(row, "Indicator") >= 0) {
        c->shape = LONG;
        bool score = columns_find(row, "Score") >= 0;
        bool positive = columns_find(row, "Positive") >= 0 || columns_find(row, "Count") >= 0;
        struct col_spec specs[S_N];
        survey_specs(c->o, specs);
        specs[S_PERCENT].required = !score && !positive;
        int st = extract_header(&c->x, row, specs, S_N, c->col, err);
        if (!st && c->x.n_header) {
            extract_unknown_column(&c->x, VK_OTHER, c->col[S_MEASURE]);
            extract_unknown_column(&c->x, VK_ETHNICITY, c->col[S_GROUP]);
            c->x.acc->unknown[VK_ETHNICITY].counted_as = "not used (unknown group)";
        }
        return st;
    }
    /* wide: <group>_respondents and <group>_percent (or _score) */
    const struct col_spec item_spec[1] = {{"item", a_item, false, NULL}};
    int item;
    int st = extract_header(&c->x, row, item_spec, 1, &item, err);
    if (st || !c->x.n_header)
        return st;
    c->col[S_ITEM] = item;
    for (size_t i = 0; i < row->n_fields && c->n_wide < MAX_WIDE; i++) {
        char k[128];
        size_t n = text_fold(row->fields[i], k, sizeof k);
        const char *suffix = "_respondents";
        size_t sl = strlen(suffix);
        if (n <= sl || strcmp(k + n - sl, suffix))
            continue;
        k[n - sl] = '\0';
        for (char *p = k; *p; p++)
            if (*p == '_')
                *p = ' ';
        int g;
        if (!inputs_group(c->w, c->o->vocab, k, &g))
            continue; /* a group of the other standard */
        char pct[160], score[160];
        snprintf(pct, sizeof pct, "%.*s_percent", (int)(strlen(row->fields[i]) - sl),
                 row->fields[i]);
        snprintf(score, sizeof score, "%.*s_score", (int)(strlen(row->fields[i]) - sl),
                 row->fields[i]);
        int pc = columns_find(row, pct);
        c->wide_score[c->n_wide] = pc < 0;
        if (pc < 0)
            pc = columns_find(row, score);
        if (pc < 0)
            continue;
        c->wide_group[c->n_wide] = g;
        c->wide_resp[c->n_wide] = (int)i;
        c->wide_pct[c->n_wide] = pc;
        c->n_wide++;
    }
    if (c->n_wide > 0 && item >= 0) {
        c->shape = WIDE;
        extract_unknown_column(&c->x, VK_OTHER, item);
        return WQ_OK;
    }
    /* responses: a group column and measure columns */
    c->shape = RESPONSES;
    static const char *const a_eth[] = {"Ethnic Origin", "Ethnicity", "Ethnic Group", "Group",
                                        NULL};
    static const char *const a_dis[] = {"Disability", "Disabled", "Disability Flag", "Group",
                                        NULL};
    const struct col_spec gspec[1] = {{wres ? "ethnicity" : "disability", wres ? a_eth : a_dis,
                                       true, NULL}};
    if ((st = columns_map(row, gspec, 1, c->o->columns, c->o->n_columns, &c->group_col, NULL,
                          err)) != WQ_OK)
        return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, NULL, 0},
                       "not a survey file this tool knows: expected a 'measure' column (measure, "
                       "group, respondents, percent), <group>_respondents / <group>_percent "
                       "columns, or one row per respondent with a %s column",
                       wres ? "'Ethnic Origin'" : "'Disability'");
    for (size_t i = 0; i < row->n_fields && c->n_items < 16; i++) {
        const char *m = measure_of(row->fields[i]);
        if (m && in_standard(c->w, m) && strcmp(m, "engagement")) {
            c->item_col[c->n_items] = (int)i;
            c->item_measure[c->n_items++] = m;
        }
    }
    if (!c->n_items)
        return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, NULL, 0},
                       "no survey measure columns (e.g. harassment_public, equal_opportunities)");
    extract_unknown_column(&c->x, wres ? VK_ETHNICITY : VK_DISABILITY, c->group_col);
    return WQ_OK;
}

static int row_group(struct sctx *c, const char *s, int *g)
{
    if (inputs_group(c->w, c->o->vocab, s, g))
        return WQ_OK;
    *g = -1;
    c->x.acc->excluded[EX_UNKNOWN_VALUE]++;
    return extract_note_unknown(&c->x.acc->unknown[VK_ETHNICITY], s) ? WQ_ENOMEM : WQ_OK;
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct sctx *c = ud;
    struct input_account *a = c->x.acc;
    if (!c->x.n_header)
        return on_header(c, row, err);
    bool skip, bad;
    int st = extract_begin_row(&c->x, row, &skip, err);
    if (st || skip)
        return st;
    if (c->shape == RESPONSES) {
        int ch;
        if (extract_characteristic(&c->x, c->w, extract_field(row, c->group_col), &ch))
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        int g = workforce_group_of(c->w, ch);
        for (int i = 0; i < c->n_items; i++) {
            const char *v = extract_field(row, c->item_col[i]);
            int yn = extract_yes_no(v);
            if (yn < 0 && *v)
                return extract_bad_row(&c->x, row, c->item_col[i], err,
                                       "expected Yes or No, not '%.40s'", v);
            if (yn >= 0) {
                c->resp[i][g] += 1;
                c->yes[i][g] += yn;
            }
        }
        a->rows_used++;
        return WQ_OK;
    }
    if (c->shape == WIDE) {
        const char *m = row_measure(c, extract_field(row, c->col[S_ITEM]), &st);
        if (!m)
            return st;
        bool any = false;
        for (int k = 0; k < c->n_wide; k++) {
            if (!*extract_field(row, c->wide_resp[k]))
                continue; /* e.g. metric 8: Disabled only */
            double n, v;
            if ((st = read_respondents(c, row, c->wide_resp[k], &n, &bad, err)) || bad)
                return st;
            bool score = c->wide_score[k] || !strcmp(m, "engagement");
            if ((st = read_value(c, row, c->wide_pct[k], score ? 10 : 100, &v, &bad, err)) || bad)
                return st;
            st = add_item(c, row, c->wide_resp[k], m, c->wide_group[k], n,
                          score ? NAN : v / 100 * n, score ? v : v / 100, score, err);
            if (st)
                return st;
            any = true;
        }
        if (any)
            a->rows_used++;
        else
            a->excluded[EX_BLANK]++;
        return WQ_OK;
    }
    const char *m = row_measure(c, extract_field(row, c->col[S_MEASURE]), &st);
    if (!m)
        return st;
    int g;
    if ((st = row_group(c, extract_field(row, c->col[S_GROUP]), &g)) != WQ_OK)
        return st;
    if (g < 0)
        return WQ_OK; /* counted as unknown above; not a row of a group we report */
    double n, v;
    if ((st = read_respondents(c, row, c->col[S_RESPONDENTS], &n, &bad, err)) || bad)
        return st;
    bool score = !strcmp(m, "engagement");
    if (score) {
        int col = c->col[S_SCORE] >= 0 ? c->col[S_SCORE] : c->col[S_PERCENT];
        if ((st = read_value(c, row, col, 10, &v, &bad, err)) || bad)
            return st;
        st = add_item(c, row, col, m, g, n, NAN, v, true, err);
    } else if (c->col[S_POSITIVE] >= 0 && *extract_field(row, c->col[S_POSITIVE])) {
        const char *s = extract_field(row, c->col[S_POSITIVE]);
        if (!extract_number(s, &v) || v != floor(v))
            return extract_bad_row(&c->x, row, c->col[S_POSITIVE], err,
                                   "not a whole number: '%.40s'", s);
        if (v > n)
            return extract_bad_row(&c->x, row, c->col[S_POSITIVE], err,
                                   "%.0f positive answers but %.0f respondents", v, n);
        st = add_item(c, row, c->col[S_POSITIVE], m, g, n, v, v / n, false, err);
    } else {
        if ((st = read_value(c, row, c->col[S_PERCENT], 100, &v, &bad, err)) || bad)
            return st;
        st = add_item(c, row, c->col[S_PERCENT], m, g, n, v / 100 * n, v / 100, false, err);
    }
    if (!st)
        a->rows_used++;
    return st;
}

static int survey_file(struct workforce *w, const struct wq_options *o, const char *path,
                       struct wq_error *err)
{
    struct input_account *a = &w->acc[IN_SURVEY];
    struct sctx c = {.w = w, .o = o};
    c.x.o = o;
    c.x.acc = a;
    for (int k = 0; k < S_N; k++)
        c.col[k] = -1;
    int st = extract_read(&c.x, path, on_row, &c, err);
    for (int i = 0; !st && c.shape == RESPONSES && i < c.n_items; i++)
        for (int g = 0; g < 3 && !st; g++)
            if (c.resp[i][g] > 0) {
                struct csv_row none = {.file = path};
                st = add_item(&c, &none, -1, c.item_measure[i], g, c.resp[i][g], c.yes[i][g],
                              c.yes[i][g] / c.resp[i][g], false, err);
            }
    extract_free(&c.x);
    return st;
}

int survey_load(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    struct input_account *a = &w->acc[IN_SURVEY];
    struct strbuf names = {0};
    a->role = "staff survey";
    a->present = true;
    for (size_t i = 0; i < o->n_surveys; i++)
        if (!strbuf_printf(&names, "%s%s", i ? ", " : "",
                           wq_input_shown(o->surveys[i]))) {
            strbuf_free(&names);
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        }
    w->survey_files = names.data;
    a->file = a->shown = w->survey_files;
    for (size_t i = 0; i < o->n_surveys; i++) {
        int st = survey_file(w, o, o->surveys[i], err);
        if (st)
            return st;
    }
    return WQ_OK;
}
