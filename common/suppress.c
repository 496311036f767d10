/* suppress.c: publication mode (--suppress N), disclosure control on the
 * metrics table.
 *
 * Primary suppression withholds every group row with a count from 1 to
 * N-1 or a base under N (survey rows: under max(N, 11) respondents).
 *
 * Complementary suppression then makes sure no withheld count can be
 * worked out by subtraction from published ones. The table's counts add up
 * along "lines": a line is a set of member rows whose counts sum to a total
 * published elsewhere (the witness). Whenever a line with a published total
 * has exactly one withheld member, its smallest published positive member
 * is withheld too (a zero only when nothing else is left, the total itself
 * when the line has no other member), until no line changes. The lines:
 *
 *   E  a breakdown's levels sum to the trust's row (every metric and group);
 *   A  metric 1: the groups of a band row sum to its headcount, which every
 *      published row of the band shows as its base;
 *   B  metric 1: the band rows of clinical (non-clinical) staff sum to the
 *      clinical (non-clinical) "All" row, per group;
 *   C  metric 1: clinical plus non-clinical is the whole workforce, per group;
 *   D  the declaration count is the focus plus the comparator group;
 *   F  --detail: Asian, Black, Mixed, Chinese and Other sum to BME.
 *
 * And a link across metrics: a group's headcount at a level (metric 1, the
 * whole workforce) is the base of its leaver, case and training rows, which
 * are withheld with it.
 *
 * This removes every disclosure by one subtraction (one line); it is the
 * usual heuristic, not a proof against every system of linear equations.
 * Comparisons built on a withheld row are withheld last. */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "standard.h"
#include "text.h"

static void withhold(struct metric_row *r, const char *why)
{
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

static bool is(const char *a, const char *b)
{
    return a && !strcmp(a, b);
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

struct line {
    long witness;      /* the row showing the total; -1: the members show it */
    size_t *members;
    size_t n, alloc;
};

struct plan {
    const struct metric_table *t;
    struct keymap cells;   /* cell key -> its row */
    struct keymap line_keys; /* line key -> index in lines */
    struct line *lines;
    size_t n_lines, alloc_lines;
    size_t *links;     /* pairs (metric-1 headcount row, row whose base it is) */
    size_t n_links, alloc_links;
    double *count;     /* the counts before anything is withheld */
    unsigned char *withheld; /* 1 primary, 2 complementary, 3 linked */
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

/* Add row I to the line named by P->key (made by the caller), whose total
 * is shown by WITNESS. */
static bool line_add(struct plan *p, long witness, size_t i)
{
    bool added;
    size_t id;
    if (!keymap_put(&p->line_keys, p->key.data, p->n_lines, &added, &id))
        return false;
    if (added) {
        struct line *grown = array_grow(p->lines, p->n_lines, &p->alloc_lines, sizeof *grown, 64);
        if (!grown)
            return false;
        p->lines = grown;
        p->lines[p->n_lines++] = (struct line){witness, NULL, 0, 0};
    }
    struct line *l = &p->lines[id];
    size_t *grown = array_grow(l->members, l->n, &l->alloc, sizeof *grown, 4);
    if (!grown)
        return false;
    l->members = grown;
    l->members[l->n++] = i;
    return true;
}

static bool start_key(struct plan *p, const char *kind)
{
    key_reset(&p->key);
    return key_add(&p->key, kind);
}

/* Is row R one that can be a member of a line: a group row with a count? */
static bool countable(const struct metric_row *r)
{
    return !r->reference && r->statistic && !is(r->statistic, STAT_ANSWER) && isfinite(r->count);
}

static bool build(struct plan *p, const struct standard *std)
{
    const struct metric_table *t = p->t;
    const char *focus = std->group_names[std->focus];
    const char *comparator = std->group_names[std->comparator];
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        if (!countable(r))
            continue;
        if (!cell_key(&p->key, r->breakdown, r->level, r->metric, r->measure, r->workforce,
                      r->band, r->group))
            return false;
        bool added;
        size_t row;
        if (!keymap_put(&p->cells, p->key.data, i, &added, &row))
            return false;
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        if (!countable(r))
            continue;
        long w;
        /* E: the levels of a breakdown sum to the trust's row */
        if (strcmp(str(r->breakdown), "Trust")) {
            w = find_cell(p, "Trust", "All", r->metric, r->measure, r->workforce, r->band,
                          r->group);
            if (w == -2)
                return false;
            if (w >= 0 && !(start_key(p, "E") && key_add(&p->key, r->breakdown) &&
                             key_add(&p->key, r->metric) && key_add(&p->key, r->measure) &&
                             key_add(&p->key, r->workforce) && key_add(&p->key, r->band) &&
                             key_add(&p->key, r->group) && line_add(p, w, i)))
                return false;
        }
        if (!is(r->metric, "1"))
            continue;
        bool main_group = false;
        for (int g = 0; g < 3; g++)
            main_group |= is(r->group, std->group_names[g]);
        bool all_wf = is(r->workforce, "All"), all_band = is(r->band, "All");
        /* A: the groups of a band row sum to the headcount shown as base */
        if (main_group && !(start_key(p, "A") && key_add(&p->key, r->breakdown) &&
                            key_add(&p->key, r->level) && key_add(&p->key, r->workforce) &&
                            key_add(&p->key, r->band) && line_add(p, -1, i)))
            return false;
        /* B: the bands of clinical or non-clinical staff sum to their All row */
        if (!all_wf && !all_band) {
            w = find_cell(p, r->breakdown, r->level, r->metric, r->measure, r->workforce, "All",
                          r->group);
            if (w == -2)
                return false;
            if (w >= 0 && !(start_key(p, "B") && key_add(&p->key, r->breakdown) &&
                             key_add(&p->key, r->level) && key_add(&p->key, r->workforce) &&
                             key_add(&p->key, r->group) && line_add(p, w, i)))
                return false;
        }
        /* C: clinical plus non-clinical is the whole workforce */
        if (!all_wf && all_band) {
            w = find_cell(p, r->breakdown, r->level, r->metric, r->measure, "All", "All",
                          r->group);
            if (w == -2)
                return false;
            if (w >= 0 && !(start_key(p, "C") && key_add(&p->key, r->breakdown) &&
                             key_add(&p->key, r->level) && key_add(&p->key, r->group) &&
                             line_add(p, w, i)))
                return false;
        }
        if (!all_wf || !all_band)
            continue;
        /* D: the declared are the focus and the comparator group */
        if (is(r->group, focus) || is(r->group, comparator)) {
            w = find_cell(p, r->breakdown, r->level, "declaration", "declaration", NULL, NULL,
                          "Known");
            if (w == -2)
                return false;
            if (w >= 0 && !(start_key(p, "D") && key_add(&p->key, r->breakdown) &&
                             key_add(&p->key, r->level) && line_add(p, w, i)))
                return false;
        }
        /* F: the detailed groups sum to the focus group */
        if (!main_group) {
            w = find_cell(p, r->breakdown, r->level, r->metric, r->measure, "All", "All", focus);
            if (w == -2)
                return false;
            if (w >= 0 && !(start_key(p, "F") && key_add(&p->key, r->breakdown) &&
                            key_add(&p->key, r->level) && line_add(p, w, i)))
                return false;
        }
    }
    /* the link: a group's headcount is the base of its other rows */
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        if (!countable(r) || is(r->metric, "1") || r->survey || !isfinite(r->base))
            continue;
        long h = find_cell(p, r->breakdown, r->level, "1", "workforce", "All", "All", r->group);
        if (h == -2)
            return false;
        if (h < 0 || t->rows[h].count != r->base)
            continue;
        if (p->n_links == p->alloc_links) {
            size_t alloc = p->alloc_links ? 2 * p->alloc_links : 64;
            size_t *l = realloc(p->links, 2 * alloc * sizeof *l);
            if (!l)
                return false;
            p->links = l;
            p->alloc_links = alloc;
        }
        p->links[2 * p->n_links] = (size_t)h;
        p->links[2 * p->n_links + 1] = i;
        p->n_links++;
    }
    return true;
}

/* One pass over the lines and links; true when something was withheld. */
static bool complete(struct plan *p)
{
    bool changed = false;
    for (size_t k = 0; k < p->n_lines; k++) {
        const struct line *l = &p->lines[k];
        size_t n_withheld = 0, n_open = 0;
        for (size_t j = 0; j < l->n; j++)
            if (p->withheld[l->members[j]])
                n_withheld++;
            else
                n_open++;
        bool total_shown = l->witness >= 0 ? !p->withheld[l->witness] : n_open > 0;
        if (n_withheld != 1 || !total_shown)
            continue;
        long pick = -1;
        for (size_t j = 0; j < l->n; j++) {
            size_t m = l->members[j];
            if (p->withheld[m])
                continue;
            /* the smallest positive count; a zero only if nothing else */
            if (pick < 0 || (p->count[m] > 0 && (p->count[pick] == 0 ||
                                                 p->count[m] < p->count[pick])))
                pick = (long)m;
        }
        if (pick < 0)
            pick = l->witness; /* a line of one: its total gives it away */
        if (pick >= 0 && !p->withheld[pick]) {
            p->withheld[pick] = 2;
            changed = true;
        }
    }
    for (size_t k = 0; k < p->n_links; k++) {
        size_t h = p->links[2 * k], r = p->links[2 * k + 1];
        if (p->withheld[h] && !p->withheld[r]) {
            p->withheld[r] = 3;
            changed = true;
        }
    }
    return changed;
}

static void plan_free(struct plan *p)
{
    keymap_free(&p->cells);
    keymap_free(&p->line_keys);
    for (size_t k = 0; k < p->n_lines; k++)
        free(p->lines[k].members);
    free(p->lines);
    free(p->links);
    free(p->count);
    free(p->withheld);
    strbuf_free(&p->key);
}

int metrics_suppress(struct metric_table *t, unsigned n, const struct standard *std)
{
    if (!n)
        return WQ_OK;
    struct plan p = {.t = t};
    p.count = calloc(t->n_rows + 1, sizeof *p.count);
    p.withheld = calloc(t->n_rows + 1, 1);
    if (!p.count || !p.withheld) {
        plan_free(&p);
        return WQ_ENOMEM;
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        p.count[i] = r->count;
        if (r->reference || !r->statistic)
            continue;
        double limit = r->survey && n < 11 ? 11 : n;
        bool small_count = r->count > 0 && r->count < limit && !r->survey;
        bool small_base = r->base > 0 && r->base < limit;
        if (small_count || small_base)
            p.withheld[i] = 1;
    }
    if (!build(&p, std)) {
        plan_free(&p);
        return WQ_ENOMEM;
    }
    while (complete(&p))
        ;
    for (size_t i = 0; i < t->n_rows; i++)
        if (p.withheld[i])
            withhold(&t->rows[i],
                     p.withheld[i] == 1 ? "suppressed: fewer than the publication threshold"
                     : p.withheld[i] == 2
                         ? "suppressed: withheld so that a withheld count cannot be worked out "
                           "by subtraction"
                         : "suppressed: its base is a withheld headcount");
    plan_free(&p);
    for (size_t i = 0; i < t->n_rows; i++) {
        struct metric_row *r = &t->rows[i];
        if (!r->reference)
            continue;
        /* a comparison built on a withheld group row is withheld too */
        for (size_t j = i; j-- > 0 && same_cell(&t->rows[j], r);) {
            const struct metric_row *g = &t->rows[j];
            if (!g->reference && metric_row_withheld(g) &&
                (!strcmp(g->group, r->group) || !strcmp(g->group, r->reference))) {
                withhold(r, "suppressed: built on a withheld count");
                break;
            }
        }
    }
    return WQ_OK;
}
