/* compare.c: several trusts' metrics CSVs read and placed against each
 * other (compare.h); the files it writes are compare_out.c's. */
#define _GNU_SOURCE 1 /* getline */
#include "compare.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "columns.h"
#include "csv_reader.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "stats.h"
#include "text.h"

enum ccol { K_STANDARD, K_METRIC, K_MEASURE, K_BREAKDOWN, K_GROUP, K_REFERENCE, K_COUNT,
            K_BASE, K_VALUE, K_LOW, K_HIGH, K_STATISTIC, K_METHOD, K_WORKFORCE, K_BAND, K_YEAR,
            K_N, K_REQUIRED = K_METHOD };
static const char *const col_names[K_N] = {
    "standard", "metric", "measure", "breakdown", "group", "reference", "count", "base",
    "value", "low", "high", "statistic", "method", "workforce", "band", "year"};

/* A whole-trust row kept from one file until its end. */
struct raw {
    bool ratio;
    char *metric, *measure, *group, *reference;
    double count, base, value, low, high;
};

struct rctx {
    struct compare *cmp;
    const char *path;
    unsigned long comments;   /* leading '#' records */
    bool header;
    size_t n_fields;
    int col[K_N];
    char *trust;              /* from a "# trust:" record (standard input only) */
    struct raw *rows;
    size_t n_rows, alloc_rows;
    char year[16];
    bool any_row;
};

static int bad(const struct csv_row *row, const char *column, struct wq_error *err,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(const struct csv_row *row, const char *column, struct wq_error *err,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = wq_vfail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, column, 0}, fmt, ap);
    va_end(ap);
    return st;
}

static const char *field(const struct rctx *c, const struct csv_row *row, enum ccol k)
{
    return c->col[k] >= 0 ? row->fields[c->col[k]] : "";
}

/* A number as the metrics CSV writes it ("inf" too); NaN when empty or
 * not a number. */
static double number(const char *s)
{
    double v;
    text_number(s, &v);
    return v;
}

static int header_row(struct rctx *c, const struct csv_row *row, struct wq_error *err)
{
    c->header = true;
    c->n_fields = row->n_fields;
    for (int k = 0; k < K_N; k++) {
        c->col[k] = columns_find(row, col_names[k]);
        if (k < K_REQUIRED && c->col[k] < 0)
            return bad(row, NULL, err, "not a metrics CSV: no '%s' column (expected the "
                                       "header of `metrics --format csv`: standard, metric, "
                                       "measure, ...)", col_names[k]);
    }
    return WQ_OK;
}

/* The record of a "# trust: NAME" line, its fields joined by commas (a
 * file on standard input, which cannot be read twice). */
static int trust_record(struct rctx *c, const struct csv_row *row, struct wq_error *err)
{
    struct strbuf b = {0};
    bool ok = true;
    for (size_t i = 0; i < row->n_fields && ok; i++)
        ok = (!i || strbuf_puts(&b, ",")) && strbuf_puts(&b, row->fields[i]);
    if (!ok) {
        strbuf_free(&b);
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    const char *name = b.data + strlen(OUTPUT_TRUST_PREFIX);
    if (!options_trust_ok(name)) {
        strbuf_free(&b);
        return bad(row, NULL, err, "%s", "the trust's name is empty, too long, not UTF-8 or "
                                         "has control characters or double quotes");
    }
    free(c->trust);
    c->trust = text_dup(name);
    strbuf_free(&b);
    return c->trust ? WQ_OK : wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
}

static bool keep_row(const struct rctx *c, const struct csv_row *row, bool *ratio)
{
    if (strcmp(field(c, row, K_BREAKDOWN), "Trust") ||
        !strcmp(field(c, row, K_METHOD), "mantel-haenszel"))
        return false;
    const char *stat = field(c, row, K_STATISTIC), *wf = field(c, row, K_WORKFORCE);
    const char *band = field(c, row, K_BAND);
    *ratio = *field(c, row, K_REFERENCE) != '\0';
    if (*ratio)
        return !strcmp(stat, "relative-likelihood");
    return !strcmp(stat, "proportion") && (!*wf || !strcmp(wf, "All")) &&
           (!*band || !strcmp(band, "All"));
}

static int data_row(struct rctx *c, const struct csv_row *row, struct wq_error *err)
{
    const struct standard *std = c->cmp->std;
    if (row->n_fields != c->n_fields)
        return bad(row, NULL, err, "%s", "a row with a different number of fields from the "
                                         "header");
    const char *sname = field(c, row, K_STANDARD), *year = field(c, row, K_YEAR);
    if (strcmp(sname, std->name))
        return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, "standard", 0},
                       "a %.20s row: %s compare reads %s metrics CSVs only (mixed standards)",
                       sname, std->prog, std->name);
    if (!c->any_row)
        snprintf(c->year, sizeof c->year, "%.15s", year);
    else if (strcmp(c->year, year))
        return bad(row, "year", err, "rows of two reporting years (%s and another): one year "
                                     "per file", c->year);
    c->any_row = true;
    bool ratio;
    if (!keep_row(c, row, &ratio))
        return WQ_OK;
    struct raw *grown = array_grow(c->rows, c->n_rows, &c->alloc_rows, sizeof *grown, 64);
    if (!grown)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    c->rows = grown;
    struct raw *r = &c->rows[c->n_rows++];
    *r = (struct raw){ratio,
                      text_dup(field(c, row, K_METRIC)),
                      text_dup(field(c, row, K_MEASURE)),
                      text_dup(field(c, row, K_GROUP)),
                      text_dup(field(c, row, K_REFERENCE)),
                      number(field(c, row, K_COUNT)),
                      number(field(c, row, K_BASE)),
                      number(field(c, row, K_VALUE)),
                      number(field(c, row, K_LOW)),
                      number(field(c, row, K_HIGH))};
    if (!r->metric || !r->measure || !r->group || !r->reference)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    return WQ_OK;
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct rctx *c = ud;
    if (!c->header && row->record == c->comments + 1 && row->n_fields &&
        row->fields[0][0] == '#') {
        c->comments++;
        if (!strncmp(row->fields[0], OUTPUT_TRUST_PREFIX, strlen(OUTPUT_TRUST_PREFIX)) &&
            !strcmp(c->path, "-"))
            return trust_record(c, row, err);
        return WQ_OK;
    }
    if (!c->header)
        return header_row(c, row, err);
    return data_row(c, row, err);
}

/* The "# trust: NAME" line among the leading '#' lines of PATH, read as
 * lines (a name may hold commas and quotes) into *NAME (NULL: none). */
static int trust_line(const char *path, char **name, struct wq_error *err)
{
    *name = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return WQ_OK; /* csv_read_file reports it */
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int st = WQ_OK;
    errno = 0;
    for (unsigned long n = 1; n <= 16 && (len = getline(&line, &cap, f)) > 0; n++) {
        char *s = line;
        if (n == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
            s += 3;
        if (*s != '#')
            break;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (strncmp(s, OUTPUT_TRUST_PREFIX, strlen(OUTPUT_TRUST_PREFIX)))
            continue;
        s += strlen(OUTPUT_TRUST_PREFIX);
        if (!options_trust_ok(s)) {
            st = wq_fail(err, WQ_EDATA, &(struct src_pos){path, n, NULL, 0},
                         "the trust's name is empty, too long, not UTF-8 or has control "
                         "characters or double quotes");
            break;
        }
        free(*name);
        if (!(*name = text_dup(s))) {
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
            break;
        }
    }
    if (errno == ENOMEM && !st)
        st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    free(line);
    fclose(f);
    return st;
}

/* The name of the folder that holds PATH (of the report folder for a
 * report's not-for-publication/metrics.csv), or NULL. */
static char *folder_name(const char *path)
{
    char *full = realpath(path, NULL);
    if (!full)
        return NULL;
    char *slash = strrchr(full, '/');
    if (slash)
        *slash = '\0';
    slash = strrchr(full, '/');
    if (slash && !strcmp(slash + 1, REPORT_RESTRICTED)) {
        *slash = '\0';
        slash = strrchr(full, '/');
    }
    char *name = slash && slash[1] ? text_dup(slash + 1) : NULL;
    free(full);
    return name;
}

/* The trust's name: --name PATH=NAME, else the file's, else its folder's. */
static int trust_name(struct rctx *c, const char *const *names, size_t n_names, char **out,
                      struct wq_error *err)
{
    size_t pl = strlen(c->path);
    const char *given = NULL;
    for (size_t i = 0; i < n_names; i++)
        if (!strncmp(names[i], c->path, pl) && names[i][pl] == '=')
            given = names[i] + pl + 1;
    char *folder = given || c->trust ? NULL : folder_name(c->path);
    const char *name = given ? given : c->trust ? c->trust : folder;
    if (!name || !options_trust_ok(name)) {
        free(folder);
        return wq_fail(err, WQ_EDATA, &(struct src_pos){c->path, 0, NULL, 0},
                       "no trust name: the file has no '# trust:' line (--trust) and no "
                       "folder name; give one with --name %s=NAME", c->path);
    }
    *out = text_dup(name);
    free(folder);
    return *out ? WQ_OK : wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
}

static const struct raw *group_row(const struct rctx *c, const char *metric,
                                   const char *measure, const char *group)
{
    for (size_t i = 0; i < c->n_rows; i++) {
        const struct raw *r = &c->rows[i];
        if (!r->ratio && !strcmp(r->metric, metric) && !strcmp(r->measure, measure) &&
            !strcmp(r->group, group))
            return r;
    }
    return NULL;
}

static const struct survey_metric *survey_of(const struct standard *std, const char *metric,
                                             const char *measure)
{
    for (size_t i = 0; i < std->n_survey; i++)
        if (!strcmp(std->survey[i].metric, metric) && !strcmp(std->survey[i].measure, measure))
            return &std->survey[i];
    return NULL;
}

/* A share row worth a funnel: the focus group's share of the workforce
 * (metric 1), of a survey item's answers, and the declaration rate. */
static bool share_row(const struct standard *std, const struct raw *r)
{
    const char *focus = std->group_names[std->focus];
    const struct survey_metric *sm = survey_of(std, r->metric, r->measure);
    return (!strcmp(r->metric, "1") && !strcmp(r->group, focus)) ||
           (sm && !sm->is_score && !strcmp(r->group, focus)) ||
           (!strcmp(r->metric, "declaration") && !strcmp(r->group, "Known"));
}

/* A title in plain words for item I. */
static char *item_title(const struct standard *std, const struct cmp_item *it)
{
    char buf[512];
    const struct survey_metric *sm = survey_of(std, it->metric, it->measure);
    const char *what = it->metric;
    bool leavers = !strcmp(what, "leavers");
    if (it->ratio) {
        const char *verb = leavers ? "leave" : NULL;
        for (size_t i = 0; i < std->n_ratios && !verb; i++)
            if (!strcmp(std->ratios[i].metric, what) && !strcmp(std->ratios[i].measure,
                                                                  it->measure))
                verb = std->ratios[i].verb;
        snprintf(buf, sizeof buf, "%s%s: relative likelihood of %s staff compared with %s "
                                  "staff to %s", leavers ? "Leavers" : "Metric ",
                 leavers ? "" : what, it->group, it->reference, verb ? verb : it->measure);
    } else if (!strcmp(what, "1")) {
        snprintf(buf, sizeof buf, "Metric 1: %s staff's share of the workforce", it->group);
    } else if (!strcmp(what, "declaration")) {
        snprintf(buf, sizeof buf, "Declaration: share of staff whose %s is recorded",
                 std->declared_what);
    } else {
        snprintf(buf, sizeof buf, "Metric %s: %s (%s staff)", what, sm ? sm->text : it->measure,
                 it->group);
    }
    return text_dup(buf);
}

static struct cmp_item *item(struct compare *cmp, bool ratio, const struct raw *r)
{
    for (size_t i = 0; i < cmp->n_items; i++) {
        struct cmp_item *it = &cmp->items[i];
        if (it->ratio == ratio && !strcmp(it->metric, r->metric) &&
            !strcmp(it->measure, r->measure) && !strcmp(it->group, r->group) &&
            !strcmp(it->reference, r->reference))
            return it;
    }
    struct cmp_item *grown = array_grow(cmp->items, cmp->n_items, &cmp->alloc_items,
                                        sizeof *grown, 16);
    if (!grown)
        return NULL;
    cmp->items = grown;
    struct cmp_item *it = &cmp->items[cmp->n_items++];
    *it = (struct cmp_item){.ratio = ratio, .pooled = NAN};
    it->metric = text_dup(r->metric);
    it->measure = text_dup(r->measure);
    it->group = text_dup(r->group);
    it->reference = text_dup(r->reference);
    if (!it->metric || !it->measure || !it->group || !it->reference)
        return NULL;
    return (it->title = item_title(cmp->std, it)) ? it : NULL;
}

/* The figures of file C (trust T) into the items. False when out of memory. */
static bool add_figures(struct compare *cmp, const struct rctx *c, size_t t)
{
    for (size_t i = 0; i < c->n_rows; i++) {
        const struct raw *r = &c->rows[i];
        if (!r->ratio && !share_row(cmp->std, r))
            continue;
        struct cmp_item *it = item(cmp, r->ratio, r);
        struct cmp_fig *grown = it ? array_grow(it->figs, it->n_figs, &it->alloc_figs,
                                                sizeof *grown, 16) : NULL;
        if (!grown)
            return false;
        it->figs = grown;
        struct cmp_fig *f = &it->figs[it->n_figs++];
        *f = (struct cmp_fig){t, r->value, r->low, r->high, NAN, NAN, NAN, NAN, NAN, NAN,
                              {NAN, NAN}, {NAN, NAN}, 2, 2};
        const struct raw *g = r->ratio ? group_row(c, r->metric, r->measure, r->group) : r;
        const struct raw *ref = r->ratio ? group_row(c, r->metric, r->measure, r->reference)
                                         : NULL;
        if (g) {
            f->n1 = g->base;
            f->a = isnan(g->count) ? g->value * g->base : g->count;
        }
        if (ref) {
            f->n2 = ref->base;
            f->c = isnan(ref->count) ? ref->value * ref->base : ref->count;
        }
    }
    return true;
}

static void rctx_free(struct rctx *c)
{
    for (size_t i = 0; i < c->n_rows; i++) {
        free(c->rows[i].metric);
        free(c->rows[i].measure);
        free(c->rows[i].group);
        free(c->rows[i].reference);
    }
    free(c->rows);
    free(c->trust);
}

/* The file's year against the others', and its trust's name against
 * theirs. */
static int check_file(struct compare *cmp, const struct rctx *c, const char *name,
                      struct wq_error *err)
{
    struct src_pos pos = {c->path, 0, NULL, 0};
    if (!c->header || !c->any_row)
        return wq_fail(err, WQ_EDATA, &pos, "%s", c->header ? "a metrics CSV with no rows"
                                                            : "the file is empty: expected a "
                                                              "metrics CSV");
    if (!cmp->year_file) {
        memcpy(cmp->year, c->year, sizeof cmp->year);
        cmp->year_file = c->path;
    } else if (strcmp(cmp->year, c->year)) {
        return wq_fail(err, WQ_EDATA, &pos, "reporting year %s, but %s is %s: compare trusts "
                                            "of one year (mixed years)",
                       *c->year ? c->year : "not given", cmp->year_file,
                       *cmp->year ? cmp->year : "without a year");
    }
    for (size_t i = 0; i < cmp->n_trusts; i++)
        if (!strcmp(cmp->trusts[i].name, name))
            return wq_fail(err, WQ_EDATA, &pos, "a second file for the trust '%s' (the first "
                                                "is %s): name each with --name FILE=NAME",
                           name, cmp->trusts[i].file);
    return WQ_OK;
}

int compare_load(struct compare *cmp, const char *path, const char *const *names,
                 size_t n_names, struct wq_error *err)
{
    struct rctx c = {.cmp = cmp, .path = path};
    char *name = NULL;
    int st = strcmp(path, "-") ? trust_line(path, &c.trust, err) : WQ_OK;
    if (!st)
        st = csv_read_file(path, wq_input_name(path), on_row, &c, NULL, err);
    if (!st)
        st = trust_name(&c, names, n_names, &name, err);
    if (!st)
        st = check_file(cmp, &c, name, err);
    struct cmp_trust *grown = st ? NULL : array_grow(cmp->trusts, cmp->n_trusts,
                                                    &cmp->alloc_trusts, sizeof *grown, 8);
    if (!st && !grown)
        st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if (!st) {
        cmp->trusts = grown;
        cmp->trusts[cmp->n_trusts++] = (struct cmp_trust){name, path};
        name = NULL;
        if (!add_figures(cmp, &c, cmp->n_trusts - 1))
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    free(name);
    rctx_free(&c);
    return st;
}

/* ---- placing each trust ---------------------------------------------------- */

static bool counts_ok(const struct cmp_fig *f)
{
    return f->a >= 0 && f->n1 > 0 && f->c >= 0 && f->n2 > 0 && isfinite(f->a + f->n1 + f->c +
                                                                         f->n2);
}

static void compute_ratio(struct cmp_item *it)
{
    double a = 0, n1 = 0, c = 0, n2 = 0;
    for (size_t i = 0; i < it->n_figs; i++)
        if (counts_ok(&it->figs[i])) {
            a += it->figs[i].a;
            n1 += it->figs[i].n1;
            c += it->figs[i].c;
            n2 += it->figs[i].n2;
        }
    it->pooled = a > 0 && c > 0 ? (a / n1) / (c / n2) : NAN;
    double z95 = stats_z(0.95), z998 = stats_z(0.998);
    for (size_t i = 0; i < it->n_figs; i++) {
        struct cmp_fig *f = &it->figs[i];
        if (!counts_ok(f) || !(f->a > 0 && f->c > 0))
            continue;
        double v = 1 / f->a - 1 / f->n1 + 1 / f->c - 1 / f->n2;
        if (!(v > 0))
            continue;
        f->se = sqrt(v);
        if (!(it->pooled > 0) || !(f->value > 0 && isfinite(f->value)))
            continue;
        f->z = (log(f->value) - log(it->pooled)) / f->se;
        f->lim95[0] = it->pooled * exp(-z95 * f->se);
        f->lim95[1] = it->pooled * exp(z95 * f->se);
        f->lim998[0] = it->pooled * exp(-z998 * f->se);
        f->lim998[1] = it->pooled * exp(z998 * f->se);
        f->pos95 = chart_funnel_ratio_outside(it->pooled, f->value, f->se, 0.975);
        f->pos998 = chart_funnel_ratio_outside(it->pooled, f->value, f->se, 0.999);
    }
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void compute_share(struct cmp_item *it)
{
    double a = 0, n = 0;
    for (size_t i = 0; i < it->n_figs; i++)
        if (it->figs[i].n1 >= 1 && isfinite(it->figs[i].n1) && it->figs[i].a >= 0) {
            a += it->figs[i].a;
            n += it->figs[i].n1;
        }
    it->pooled = n > 0 ? a / n : NAN;
    double p0 = it->pooled;
    if (!(p0 > 0 && p0 < 1))
        return;
    for (size_t i = 0; i < it->n_figs; i++) {
        struct cmp_fig *f = &it->figs[i];
        if (!(f->n1 >= 1 && f->n1 < 4e9 && f->a >= 0 && f->a <= f->n1))
            continue;
        unsigned long nn = (unsigned long)floor(f->n1 + 0.5);
        f->z = (f->a / f->n1 - p0) / sqrt(p0 * (1 - p0) / f->n1);
        f->lim95[0] = clamp01(stats_funnel_limit(p0, nn, 0.025));
        f->lim95[1] = clamp01(stats_funnel_limit(p0, nn, 0.975));
        f->lim998[0] = clamp01(stats_funnel_limit(p0, nn, 0.001));
        f->lim998[1] = clamp01(stats_funnel_limit(p0, nn, 0.999));
        f->pos95 = chart_funnel_outside(p0, f->a, f->n1, 0.975);
        f->pos998 = chart_funnel_outside(p0, f->a, f->n1, 0.999);
    }
}

void compare_compute(struct compare *cmp)
{
    for (size_t i = 0; i < cmp->n_items; i++) {
        if (cmp->items[i].ratio)
            compute_ratio(&cmp->items[i]);
        else
            compute_share(&cmp->items[i]);
    }
}

const char *compare_position(const struct cmp_fig *f)
{
    if (f->pos95 == 2)
        return "not placed";
    if (f->pos998)
        return f->pos998 > 0 ? "above 99.8%" : "below 99.8%";
    if (f->pos95)
        return f->pos95 > 0 ? "above 95%" : "below 95%";
    return "inside";
}

void compare_free(struct compare *cmp)
{
    for (size_t i = 0; i < cmp->n_trusts; i++)
        free(cmp->trusts[i].name);
    free(cmp->trusts);
    for (size_t i = 0; i < cmp->n_items; i++) {
        struct cmp_item *it = &cmp->items[i];
        free(it->metric);
        free(it->measure);
        free(it->group);
        free(it->reference);
        free(it->title);
        free(it->figs);
    }
    free(cmp->items);
    memset(cmp, 0, sizeof *cmp);
}
