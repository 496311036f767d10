/* suppress.c: publication mode (--suppress N), disclosure control on the
 * metrics table.
 *
 * Primary suppression withholds every group row with a count from 1 to
 * N-1 or a base under N (survey rows: under max(N, 11) respondents). A row
 * is withheld whole: its count, base, rate and interval, and every
 * comparison built on it (the board's difference from the workforce too).
 *
 * Complementary suppression then does what an adversary with a linear-
 * programming solver would do, the way tau-argus's secondary suppression
 * does (suppress_lp.c, with GLPK). The relations the published figures
 * imply are collected from the rows' fields, generically (no metric is
 * named), so rows another metric adds are covered:
 *
 *   E  a breakdown's levels sum to the trust's row (counts and bases);
 *   A  in one cell (metric, measure, level, workforce, band) whose rows all
 *      show one base, the groups' counts sum to it (metric 1);
 *   B  band rows sum to their workforce's "All" row; C  clinical plus
 *      non-clinical is the whole workforce; F  --detail groups sum to the
 *      focus group (counts and bases, in any metric that has them);
 *   D  a declaration row's count is the focus plus the comparator group of
 *      the cell with the same base (its members' base is its base);
 *   G  a base equal to a count or a base of the same group at the same level
 *      is that number (a leaver, case or training rate's base is the
 *      group's headcount; appointed-from-shortlisting's is the shortlisted);
 *   T  at the trust, the groups' counts and bases sum to totals published
 *      outside the table (data-quality.txt's people counted per input);
 *   and every rate's count is at most its base.
 * A candidate relation is kept only when the true figures satisfy it, so the
 * true table always solves them (and a coincidence only adds caution).
 *
 * For each withheld number whose true value is 1 to N-1, the audit looks
 * for two tables that fit what is published and put it N apart; when it
 * finds them, nothing more is withheld for it. It looks first in its own
 * directorate (a breakdown's level) and one to three others, every other
 * number at its true value (a small LP), then over the whole table (one
 * LP, warm-started from one number to the next). Failing that, it finds
 * the cheapest pair of tables (cost: 1 + the value, per unit moved, of
 * each published number that moves; published zeros and totals outside
 * the table never move; the trust's own figures only in the whole-table
 * step) that satisfy every relation, are >= 0, agree with every other
 * published number, and put that number at v + u and v - l with u + l >=
 * N; the published numbers they move are withheld too (their whole rows).
 * It looks among the numbers near the cell (in its directorate and the
 * others, then within 2 and 3 relations of it, then the nearest 1000 and
 * 2000 within 8); failing that (or should the solver fail), it withholds
 * the nearest published number and tries again, so a failure withholds
 * more, never less.
 *
 * Guarantee: for every withheld number whose true value is 1 to N-1, its
 * minimum and maximum over all non-negative solutions of these relations
 * with the published figures fixed differ by at least N: no such count is
 * pinned, nor narrowed below N, by any chain of sums, differences, rates
 * times bases or intervals of the rows published in this run (rows are
 * withheld whole). Not covered: other runs (another year, another --by,
 * another N, the same year with and without --suppress: compare two and
 * the differences can show small counts), integrality (the ranges are
 * those of the LP, and may include fractions), outside knowledge, survey
 * rows (a share of respondents, withheld under max(N, 11) respondents),
 * and a table where even withholding every published number would leave a
 * range under N (only a total published outside the table could do that,
 * in a trust with fewer than N staff in an input). */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isolate.h"
#include "standard.h"
#include "suppress_lp.h"
#include "text.h"

static void withhold(struct metric_row *r, const char *why, unsigned n)
{
    r->withheld_below = n;
    r->count = r->base = r->value = r->low = r->high = NAN;
    r->status = STATS_UNDEFINED;
    r->flag = FLAG_NOT_CALCULABLE;
    r->small = false;
    r->note = why;
}

/* Same metric, measure, breakdown, level, workforce and band? */
static bool same_cell(const struct metric_row *a, const struct metric_row *b)
{
    return a->breakdown == b->breakdown && a->level == b->level && !strcmp(a->metric, b->metric) &&
           !strcmp(a->measure, b->measure) && a->workforce == b->workforce && a->band == b->band;
}

static const char *str(const char *s)
{
    return s ? s : "";
}

/* A key built from several strings, each length-prefixed, so that no two
 * tuples give the same key whatever the strings hold. */
static bool key_add(struct strbuf *k, const char *s)
{
    s = str(s);
    return strbuf_printf(k, "%zu:%s|", strlen(s), s);
}

static void key_reset(struct strbuf *k)
{
    k->len = 0;
    if (k->data)
        k->data[0] = '\0';
}

/* Exact keys (any length) to values: open addressing on text_hash. (The
 * project's strmap folds case and spaces and reads at most 511 bytes of a
 * key, which would join levels that differ.) */
struct keymap {
    char **keys;
    size_t *vals;
    size_t n, n_slots;
};

/* The slot of KEY: where it is, or the empty slot where it would go. */
static size_t keymap_slot(const struct keymap *m, const char *key)
{
    size_t i = (size_t)text_hash(key, strlen(key)) & (m->n_slots - 1);
    while (m->keys[i] && strcmp(m->keys[i], key))
        i = (i + 1) & (m->n_slots - 1);
    return i;
}

static bool keymap_find(const struct keymap *m, const char *key, size_t *val)
{
    if (!m->n_slots)
        return false;
    size_t i = keymap_slot(m, key);
    if (!m->keys[i])
        return false;
    *val = m->vals[i];
    return true;
}

/* Insert KEY with VAL unless present; *ADDED says which, *NOW is the value
 * KEY has. False: no memory. */
static bool keymap_put(struct keymap *m, const char *key, size_t val, bool *added, size_t *now)
{
    if ((m->n + 1) * 2 > m->n_slots) {
        size_t n_slots = m->n_slots ? 2 * m->n_slots : 256;
        struct keymap g = {calloc(n_slots, sizeof *g.keys), calloc(n_slots, sizeof *g.vals),
                           m->n, n_slots};
        if (!g.keys || !g.vals) {
            free(g.keys);
            free(g.vals);
            return false;
        }
        for (size_t i = 0; i < m->n_slots; i++)
            if (m->keys[i]) {
                size_t j = keymap_slot(&g, m->keys[i]);
                g.keys[j] = m->keys[i];
                g.vals[j] = m->vals[i];
            }
        free(m->keys);
        free(m->vals);
        *m = g;
    }
    size_t i = keymap_slot(m, key);
    *added = !m->keys[i];
    if (*added) {
        if (!(m->keys[i] = text_dup(key)))
            return false;
        m->vals[i] = val;
        m->n++;
    }
    *now = m->vals[i];
    return true;
}

static void keymap_free(struct keymap *m)
{
    for (size_t i = 0; i < m->n_slots; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
}

static bool cell_key(struct strbuf *k, const char *breakdown, const char *level,
                     const char *metric, const char *measure, const char *workforce,
                     const char *band, const char *group)
{
    key_reset(k);
    return key_add(k, breakdown) && key_add(k, level) && key_add(k, metric) &&
           key_add(k, measure) && key_add(k, workforce) && key_add(k, band) &&
           key_add(k, group);
}

/* A line: member rows whose counts (and, when they do, bases) sum to the
 * witness row's, or (witness -1) rows of one cell, or a list of rows. */
struct line {
    long witness;
    char kind;
    size_t *members;
    size_t n, alloc;
};

struct plan {
    const struct metric_table *t;
    const struct standard *std;
    const unsigned char *out; /* rows left out of the model (too_many_levels), or NULL */
    struct keymap cells;     /* cell key -> its row */
    struct keymap line_keys; /* line key -> index in lines */
    struct line *lines;
    size_t n_lines, alloc_lines;
    struct sup_model m;
    struct strbuf key;
};

static long find_cell(struct plan *p, const char *breakdown, const char *level,
                      const char *metric, const char *measure, const char *workforce,
                      const char *band, const char *group)
{
    if (!cell_key(&p->key, breakdown, level, metric, measure, workforce, band, group))
        return -2;
    size_t row;
    return keymap_find(&p->cells, p->key.data, &row) ? (long)row : -1;
}

/* Add row I to the line of kind KIND named by PARTS (N_PARTS strings),
 * whose total WITNESS shows. */
static bool to_line(struct plan *p, char kind, long witness, size_t i,
                    const char *const *parts, size_t n_parts)
{
    char k[2] = {kind, '\0'};
    key_reset(&p->key);
    if (!key_add(&p->key, k))
        return false;
    for (size_t j = 0; j < n_parts; j++)
        if (!key_add(&p->key, parts[j]))
            return false;
    bool added;
    size_t id;
    if (!keymap_put(&p->line_keys, p->key.data, p->n_lines, &added, &id))
        return false;
    if (added) {
        struct line *grown = array_grow(p->lines, p->n_lines, &p->alloc_lines, sizeof *grown, 64);
        if (!grown)
            return false;
        p->lines = grown;
        p->lines[p->n_lines++] = (struct line){witness, kind, NULL, 0, 0};
    }
    struct line *l = &p->lines[id];
    size_t *grown = array_grow(l->members, l->n, &l->alloc, sizeof *grown, 4);
    if (!grown)
        return false;
    l->members = grown;
    l->members[l->n++] = i;
    return true;
}

/* A group row with a count, not from the survey: its count and base are
 * cells of the model. */
static bool countable(const struct metric_row *r)
{
    return !r->reference && r->statistic && !text_is(r->statistic, STAT_ANSWER) &&
           isfinite(r->count) && !r->survey;
}

static bool main_group(const struct standard *std, const char *group)
{
    for (int g = 0; g < 3; g++)
        if (text_is(group, std->group_names[g]))
            return true;
    return false;
}

static bool top(const char *field)
{
    return !field || text_is(field, "All");
}

/* The lines a row is in (E, A, B, C, F, G, T; D in declared_lines). */
static bool row_lines(struct plan *p, size_t i)
{
    const struct metric_row *r = &p->t->rows[i];
    const char *focus = p->std->group_names[p->std->focus];
    bool trust = text_is(r->breakdown, "Trust"), main = main_group(p->std, r->group);
    const char *cell[] = {r->breakdown, r->level, r->metric, r->measure, r->workforce, r->band};
    const char *e[] = {r->breakdown, r->metric, r->measure, r->workforce, r->band, r->group};
    const char *g[] = {r->breakdown, r->level, r->group};
    long w;
    if (!trust && (w = find_cell(p, "Trust", "All", r->metric, r->measure, r->workforce, r->band,
                                 r->group)) >= 0 && !to_line(p, 'E', w, i, e, 6))
        return false;
    if (!to_line(p, 'A', -1, i, cell, 6) || !to_line(p, 'G', -1, i, g, 3))
        return false;
    if (!top(r->band) && (w = find_cell(p, r->breakdown, r->level, r->metric, r->measure,
                                        r->workforce, "All", r->group)) >= 0) {
        const char *b[] = {r->breakdown, r->level, r->metric, r->measure, r->workforce, r->group};
        if (!to_line(p, 'B', w, i, b, 6))
            return false;
    }
    if (!top(r->workforce) && top(r->band) &&
        (w = find_cell(p, r->breakdown, r->level, r->metric, r->measure, "All", r->band,
                       r->group)) >= 0) {
        const char *c[] = {r->breakdown, r->level, r->metric, r->measure, r->band, r->group};
        if (!to_line(p, 'C', w, i, c, 6))
            return false;
    }
    if (!main && (w = find_cell(p, r->breakdown, r->level, r->metric, r->measure, r->workforce,
                                r->band, focus)) >= 0 && !to_line(p, 'F', w, i, cell, 6))
        return false;
    if (trust && main && top(r->workforce) && top(r->band) && !text_is(r->metric, "declaration") &&
        !to_line(p, 'T', -1, i, cell, 6))
        return false;
    return true;
}

/* D: the focus and comparator rows of a cell with each declaration row of
 * their level (the declaration rows of a level are line L). */
static bool declared_lines(struct plan *p, size_t i)
{
    const struct metric_row *r = &p->t->rows[i];
    const struct standard *std = p->std;
    if ((!text_is(r->group, std->group_names[std->focus]) &&
         !text_is(r->group, std->group_names[std->comparator])) ||
        !top(r->workforce) || !top(r->band) || text_is(r->metric, "declaration"))
        return true;
    size_t id, decl[16], n_decl = 0;
    key_reset(&p->key);
    if (!key_add(&p->key, "L") || !key_add(&p->key, r->breakdown) || !key_add(&p->key, r->level))
        return false;
    if (!keymap_find(&p->line_keys, p->key.data, &id))
        return true;
    for (size_t j = 0; j < p->lines[id].n && n_decl < 16; j++)
        decl[n_decl++] = p->lines[id].members[j];
    for (size_t j = 0; j < n_decl; j++) {
        char which[32];
        snprintf(which, sizeof which, "%zu", decl[j]);
        const char *parts[] = {r->breakdown, r->level, r->metric, r->measure, r->workforce,
                               r->band, which};
        if (!to_line(p, 'D', (long)decl[j], i, parts, 7))
            return false;
    }
    return true;
}

#define X(i) (2 * (i))     /* the count cell of row i */
#define Y(i) (2 * (i) + 1) /* its base cell */

/* The sum of CELL(member) over L's members (only the standard's three
 * groups when ONLY_MAIN is given) less cell W is 0. */
static bool sum_rel(struct plan *p, const struct line *l, size_t (*cell)(size_t), size_t w,
                    const struct standard *only_main)
{
    if (!sup_begin(&p->m))
        return false;
    for (size_t j = 0; j < l->n; j++)
        if ((!only_main || main_group(only_main, p->t->rows[l->members[j]].group)) &&
            !sup_term(&p->m, cell(l->members[j]), 1))
            return false;
    return sup_term(&p->m, w, -1) && sup_end(&p->m, false);
}

static bool pair_rel(struct plan *p, size_t a, size_t b)
{
    return sup_begin(&p->m) && sup_term(&p->m, a, 1) && sup_term(&p->m, b, -1) &&
           sup_end(&p->m, false);
}

static size_t x_of(size_t i)
{
    return X(i);
}

static size_t y_of(size_t i)
{
    return Y(i);
}

/* G: a level-wide figure's base equal to a count or base of the same
 * group's other level-wide rows is that number (zeros are left alone). */
static bool value_links(struct plan *p, const struct line *l)
{
    const double *v = p->m.value;
    for (size_t a = 0; a < l->n; a++) {
        size_t i = l->members[a];
        const struct metric_row *r = &p->t->rows[i];
        if (!top(r->workforce) || !top(r->band) || !(v[Y(i)] > 0))
            continue;
        for (size_t b = 0; b < l->n; b++) {
            size_t j = l->members[b];
            const struct metric_row *s = &p->t->rows[j];
            if (j == i || !top(s->workforce) || !top(s->band))
                continue;
            if ((v[X(j)] == v[Y(i)] && !pair_rel(p, Y(i), X(j))) ||
                (b < a && v[Y(j)] == v[Y(i)] && !pair_rel(p, Y(i), Y(j))))
                return false;
        }
    }
    return true;
}

/* The relations of one line. */
static bool line_relations(struct plan *p, const struct line *l)
{
    if (l->kind == 'L')
        return true;
    if (l->kind == 'G')
        return value_links(p, l);
    if (l->kind == 'T') {
        double sx = 0, sy = 0;
        size_t tx, ty;
        for (size_t j = 0; j < l->n; j++) {
            sx += p->m.value[X(l->members[j])];
            sy += p->m.value[Y(l->members[j])];
        }
        return sup_total(&p->m, sx, &tx) && sum_rel(p, l, x_of, tx, NULL) &&
               (!isfinite(sy) || (sup_total(&p->m, sy, &ty) && sum_rel(p, l, y_of, ty, NULL)));
    }
    if (l->kind == 'A') {
        /* only a cell whose rows share one base (metric 1's headcount) */
        size_t first = l->members[0];
        for (size_t j = 1; j < l->n; j++)
            if (!(p->m.value[Y(l->members[j])] == p->m.value[Y(first)]))
                return true;
        if (!sum_rel(p, l, x_of, Y(first), p->std))
            return false;
        for (size_t j = 1; j < l->n; j++)
            if (!pair_rel(p, Y(l->members[j]), Y(first)))
                return false;
        return true;
    }
    size_t w = (size_t)l->witness;
    if (!sum_rel(p, l, x_of, X(w), NULL) || !sum_rel(p, l, y_of, Y(w), NULL))
        return false;
    for (size_t j = 0; j < l->n; j++)
        if (!pair_rel(p, Y(l->members[j]), Y(w)))
            return false;
    return true;
}

/* Is row I a cell of the model: countable, and not in a breakdown left out? */
static bool in_model(const struct plan *p, size_t i)
{
    return countable(&p->t->rows[i]) && !(p->out && p->out[i]);
}

/* Each row's group: its breakdown and level (the audit's local LPs are
 * built from a few groups); the trust's rows are group SUP_WHOLE. False:
 * out of memory. */
static bool group_rows(struct plan *p)
{
    struct keymap groups = {0};
    bool ok = (p->m.group = malloc((p->t->n_rows + 1) * sizeof *p->m.group)) != NULL;
    for (size_t i = 0; ok && i < p->t->n_rows; i++) {
        const struct metric_row *r = &p->t->rows[i];
        bool added;
        p->m.group[i] = SUP_WHOLE;
        if (!r->breakdown || text_is(r->breakdown, "Trust"))
            continue;
        key_reset(&p->key);
        ok = key_add(&p->key, r->breakdown) && key_add(&p->key, r->level) &&
             keymap_put(&groups, p->key.data, SUP_WHOLE + 1 + groups.n, &added, &p->m.group[i]);
    }
    keymap_free(&groups);
    return ok;
}

/* The model: every countable row's count and base, the lines' relations,
 * and count <= base for every rate. */
static bool build(struct plan *p)
{
    const struct metric_table *t = p->t;
    p->m.n_rows = t->n_rows;
    p->m.n_cells = 2 * t->n_rows;
    if (!(p->m.value = malloc((p->m.n_cells + 1) * sizeof *p->m.value)) || !group_rows(p))
        return false;
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        bool c = in_model(p, i), added;
        p->m.value[X(i)] = c ? r->count : NAN;
        p->m.value[Y(i)] = c ? r->base : NAN;
        size_t row;
        if (c && (!cell_key(&p->key, r->breakdown, r->level, r->metric, r->measure,
                            r->workforce, r->band, r->group) ||
                  !keymap_put(&p->cells, p->key.data, i, &added, &row)))
            return false;
        const char *lv[] = {r->breakdown, r->level};
        if (c && text_is(r->metric, "declaration") && !to_line(p, 'L', -1, i, lv, 2))
            return false;
    }
    for (size_t i = 0; i < t->n_rows; i++)
        if (in_model(p, i) && (!row_lines(p, i) || !declared_lines(p, i)))
            return false;
    for (size_t k = 0; k < p->n_lines; k++)
        if (!line_relations(p, &p->lines[k]))
            return false;
    for (size_t i = 0; i < t->n_rows; i++)
        if (in_model(p, i) && text_is(t->rows[i].statistic, STAT_PROPORTION) &&
            !(sup_begin(&p->m) && sup_term(&p->m, X(i), 1) && sup_term(&p->m, Y(i), -1) &&
              sup_end(&p->m, true)))
            return false;
    return true;
}

static void plan_free(struct plan *p)
{
    keymap_free(&p->cells);
    keymap_free(&p->line_keys);
    for (size_t k = 0; k < p->n_lines; k++)
        free(p->lines[k].members);
    free(p->lines);
    sup_model_free(&p->m);
    strbuf_free(&p->key);
}

/* Primary suppression: 1 for each row with a count from 1 to N-1 or a base
 * under N (survey: under max(N, 11) respondents). */
static void primary(const struct metric_table *t, unsigned n, unsigned char *withheld)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        if (r->reference || !r->statistic)
            continue;
        double limit = r->survey && n < 11 ? 11 : n;
        bool small_count = r->count > 0 && r->count < limit && !r->survey;
        bool small_base = r->base > 0 && r->base < limit;
        if (small_count || small_base)
            withheld[i] = 1;
    }
}

/* Is comparison R built on a withheld row: one of its two groups in the
 * same cell, or (a board's difference from the workforce) the group's
 * metric-1 row at the trust? */
static bool built_on_withheld(const struct metric_table *t, size_t i)
{
    const struct metric_row *r = &t->rows[i];
    for (size_t j = i; j-- > 0 && same_cell(&t->rows[j], r);) {
        const struct metric_row *g = &t->rows[j];
        if (!g->reference && metric_row_withheld(g) &&
            (!strcmp(g->group, r->group) || !strcmp(g->group, r->reference)))
            return true;
    }
    if (!text_is(r->reference, "Workforce"))
        return false;
    for (size_t j = 0; j < t->n_rows; j++) {
        const struct metric_row *g = &t->rows[j];
        if (!g->reference && text_is(g->metric, "1") && text_is(g->breakdown, "Trust") &&
            top(g->workforce) && top(g->band) && text_is(g->group, r->group) &&
            metric_row_withheld(g))
            return true;
    }
    return false;
}

/* The ESR-against-survey rows (catalogue_metrics.c) repeat the trust's
 * metric-1 shares and the survey's respondents in the focus group (COUNT)
 * and the other (BASE - COUNT): all of them are withheld when one of them,
 * or the metric-1 trust row they repeat, is, or when either group of
 * respondents is under max(N, 11), as the survey's own rows are. */
static void esr_survey_follow(struct metric_table *t, unsigned n)
{
    bool any = false;
    double limit = n < 11 ? 11 : n;
    for (size_t i = 0; i < t->n_rows && !any; i++) {
        const struct metric_row *r = &t->rows[i];
        if (text_is(r->metric, METRIC_ESR_SURVEY) && r->survey &&
            ((r->count > 0 && r->count < limit) ||
             (r->base - r->count > 0 && r->base - r->count < limit)))
            any = true;
        any = any || (metric_row_withheld(r) &&
              (text_is(r->metric, METRIC_ESR_SURVEY) ||
               (text_is(r->metric, "1") && text_is(r->breakdown, "Trust") && top(r->workforce) &&
                top(r->band))));
    }
    for (size_t i = 0; i < t->n_rows && any; i++)
        if (text_is(t->rows[i].metric, METRIC_ESR_SURVEY) && !metric_row_withheld(&t->rows[i]))
            withhold(&t->rows[i], "suppressed: built on a withheld count", n);
}

/* A breakdown with more than SUPPRESS_MAX_LEVELS levels is withheld whole
 * from what is published (WITHHELD[i] = 3 for each of its rows) and left out
 * of the model: the audit's linear programs grow with the table, and their
 * number with its small counts (on two processors 400 teams took 64 s at
 * 100,000 staff and 92 s at 20,000; 600 teams more than 400 s, 1,000 more
 * than 15 minutes: docs/design.md). Nothing of it is published, so leaving
 * it out of the model leaves the published relations as they are. False:
 * out of memory. */
static bool too_many_levels(const struct metric_table *t, unsigned char *out)
{
    struct keymap bds = {0}, levels = {0};
    struct strbuf k = {0};
    size_t *count = calloc(t->n_rows + 1, sizeof *count); /* a breakdown's levels */
    bool ok = count != NULL;
    for (size_t i = 0; i < t->n_rows && ok; i++) {
        const struct metric_row *r = &t->rows[i];
        size_t b, seen;
        bool added;
        if (!r->breakdown || text_is(r->breakdown, "Trust"))
            continue;
        key_reset(&k);
        ok = keymap_put(&bds, r->breakdown, bds.n, &added, &b) && key_add(&k, r->breakdown) &&
             key_add(&k, str(r->level)) && keymap_put(&levels, k.data, 0, &added, &seen);
        if (ok && added)
            count[b]++;
    }
    for (size_t i = 0; i < t->n_rows && ok; i++) {
        const struct metric_row *r = &t->rows[i];
        size_t b;
        if (r->breakdown && !text_is(r->breakdown, "Trust") && keymap_find(&bds, r->breakdown, &b) &&
            count[b] > SUPPRESS_MAX_LEVELS)
            out[i] = 1;
    }
    free(count);
    keymap_free(&bds);
    keymap_free(&levels);
    strbuf_free(&k);
    return ok;
}

struct audit_job {
    const struct sup_model *m;
    unsigned char *withheld;
    size_t n_rows;
    unsigned n, threads;
};

/* In the child: the audit, its marks sent back in OUT. */
static int audit_child(void *ctx, struct strbuf *out, struct wq_error *err)
{
    struct audit_job *j = ctx;
    if (sup_audit(j->m, j->withheld, j->n, 2, j->threads) != WQ_OK ||
        !strbuf_append(out, (const char *)j->withheld, j->n_rows))
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    return WQ_OK;
}

/* The audit in a child process (isolate.c): GLPK aborts when an allocation
 * fails (glp_alloc: "no memory available"), which would leave a report's
 * temporary folder behind; out there it is WQ_ENOMEM here. */
static int audit(const struct sup_model *m, unsigned char *withheld, size_t n_rows, unsigned n,
                 unsigned threads, struct wq_error *err)
{
    struct audit_job j = {m, withheld, n_rows, n, threads};
    struct strbuf out = {0};
    int st = isolate_run(audit_child, &j, &out, "publication mode", "the LP solver (GLPK)", err);
    if (st == WQ_OK && out.len == n_rows)
        memcpy(withheld, out.data, n_rows);
    else if (st == WQ_OK)
        st = wq_fail(err, WQ_ENOMEM, NULL, "publication mode: out of memory");
    strbuf_free(&out);
    return st;
}

int metrics_suppress(struct metric_table *t, unsigned n, unsigned threads,
                     const struct standard *std, struct wq_error *err)
{
    if (!n)
        return WQ_OK;
    struct plan p = {.t = t, .std = std};
    unsigned char *withheld = calloc(t->n_rows + 1, 1);
    unsigned char *out = calloc(t->n_rows + 1, 1);
    if (!withheld || !out || !too_many_levels(t, out)) {
        free(out);
        free(withheld);
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    p.out = out;
    primary(t, n, withheld);
    for (size_t i = 0; i < t->n_rows; i++)
        if (out[i])
            withheld[i] = 3;
    int st = build(&p) ? audit(&p.m, withheld, t->n_rows, n, threads, err)
                       : wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if (st != WQ_OK) {
        plan_free(&p);
        free(out);
        free(withheld);
        return st;
    }
    plan_free(&p);
    free(out);
    for (size_t i = 0; i < t->n_rows; i++)
        if (withheld[i])
            withhold(&t->rows[i],
                     withheld[i] == 1   ? "suppressed: fewer than the publication threshold"
                     : withheld[i] == 3 ? SUPPRESS_TOO_MANY_LEVELS
                                        : "suppressed: withheld so that a withheld count cannot "
                                          "be worked out from the published figures",
                     n);
    free(withheld);
    for (size_t i = 0; i < t->n_rows; i++)
        if (t->rows[i].reference && built_on_withheld(t, i))
            withhold(&t->rows[i], "suppressed: built on a withheld count", n);
    esr_survey_follow(t, n);
    return WQ_OK;
}
