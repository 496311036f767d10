/* suppress_lp.c: the relations of a metrics table and the LP audit of
 * publication mode (see suppress_lp.h, and suppress.c for what is
 * guaranteed).
 *
 * The audit works on quantities: cells that a relation "a = b" says are the
 * same number (a group's headcount is the count of its metric-1 row and the
 * base of its leaver row) are one quantity, published when any row showing
 * it is. The other relations, over quantities, are the constraints.
 *
 * A sensitive quantity (a withheld count from 1 to N-1) is safe once two
 * tables that fit everything published put it N apart. Any table found
 * that fits widens the range seen of every quantity it holds, and
 * withholding more only widens the tables that fit, so a quantity found
 * safe stays safe. Every LP below looks only for such tables, so none can
 * make the audit withhold less than the guarantee needs: a smaller LP can
 * only fail to find one, and then the next step (or the whole-table audit)
 * tries.
 *
 * First the local audit, directorate by directorate (a group: one level of
 * a breakdown; the trust's rows are the group SUP_WHOLE): for each
 * sensitive quantity of a group, an LP over the unpublished quantities of
 * the group and one to three partner groups (those whose quantities share
 * most of its relations, with room to move), every other quantity at its
 * true value: a few hundred columns, against the whole table's tens of
 * thousands, on shifts from the true table (shift_columns: solved from
 * cold with no search for a first table that fits). Its max and min
 * (warm-started: only the objective changes); if they are not N apart,
 * the pattern LP (protect) over the same groups' quantities near it. The
 * groups are audited in two halves, odd and even, each blind to the
 * other's work until both are done and merged (halves): on two
 * processors at once, with the same result on one. The local audit never withholds a published trust
 * figure: the trust's small counts, and what the local LPs cannot settle
 * (a count small in most directorates needs many of them to move), go to
 * the whole-table audit.
 *
 * The whole-table audit: the whole table is one LP (range_lp: a column per
 * quantity, fixed at its value while published), built once; for each
 * sensitive quantity still unsettled it is solved for that quantity's max
 * and then its min, only the objective changing, so GLPK starts each solve
 * from the last basis. A quantity whose min and max are N apart is
 * protected as it is; the others get the pattern LP (protect): two shifted
 * tables that fit everything published and move it up and down by N in
 * all, over its neighbourhood, withholding the published numbers they
 * move; what is withheld is then freed in the range LP (its column's
 * bounds), which keeps its basis. A solver that gives no answer counts as
 * a range under N: more is withheld, never less. */
#include "suppress_lp.h"

#include <glpk.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "text.h"

#define SUP_TOL 1e-6

bool sup_begin(struct sup_model *m)
{
    struct sup_relation *g = array_grow(m->rel, m->n_rel, &m->alloc_rel, sizeof *g, 256);
    if (!g)
        return false;
    m->rel = g;
    m->rel[m->n_rel] = (struct sup_relation){m->n_terms, 0, false};
    return true;
}

bool sup_term(struct sup_model *m, size_t cell, double coef)
{
    struct sup_term *g = array_grow(m->terms, m->n_terms, &m->alloc_terms, sizeof *g, 1024);
    if (!g)
        return false;
    m->terms = g;
    m->terms[m->n_terms++] = (struct sup_term){cell, coef};
    m->rel[m->n_rel].n++;
    return true;
}

bool sup_end(struct sup_model *m, bool le)
{
    struct sup_relation *r = &m->rel[m->n_rel];
    double sum = 0, scale = 1;
    for (size_t k = r->first; k < r->first + r->n; k++) {
        double v = m->value[m->terms[k].cell];
        sum += m->terms[k].coef * v;
        scale += fabs(v);
    }
    bool holds = isfinite(sum) && (le ? sum <= SUP_TOL * scale : fabs(sum) <= SUP_TOL * scale);
    if (r->n < 2 || !holds) {
        m->n_terms = r->first;
        return true;
    }
    r->le = le;
    m->n_rel++;
    return true;
}

bool sup_total(struct sup_model *m, double v, size_t *cell)
{
    double *g = realloc(m->value, (m->n_cells + 1) * sizeof *g);
    if (!g)
        return false;
    m->value = g;
    m->value[m->n_cells] = v;
    *cell = m->n_cells++;
    return true;
}

void sup_model_free(struct sup_model *m)
{
    free(m->value);
    free(m->group);
    free(m->terms);
    free(m->rel);
}

/* --- quantities ------------------------------------------------------------------------------ */

static size_t uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

static void uf_join(size_t *parent, size_t a, size_t b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a != b)
        parent[a < b ? b : a] = a < b ? a : b;
}

/* Everything the audit keeps: quantities (q) and their relations. */
struct audit {
    const struct sup_model *m;
    size_t n_q;
    size_t *q_of;             /* cell -> quantity */
    double *value, *lo, *hi;  /* per q: true value, smallest and largest seen */
    size_t *cell_start, *cells;   /* q -> its cells (CSR) */
    size_t n_rel, *rel_start;     /* quantity relations (CSR into qt) */
    struct sup_term *qt;          /* terms over quantities */
    bool *rel_le;
    size_t *q_rel_start, *q_rels; /* q -> its relations (CSR) */
    unsigned char *published, *verified;
    unsigned char *stuck;         /* per q: complement's wide lists found nothing */
    int *col;                     /* per q: its first column in the pattern LP */
    unsigned char *rel_mark;      /* per relation: in the pattern LP already */
    size_t n_g, *g_of;            /* per q: its group (SIZE_MAX: none) */
    size_t *g_start, *g_qs;       /* group -> its quantities (CSR) */
    int *lcol;                    /* per q: its column in the local LP (0: none) */
    double *score;                /* per group: how good a partner (pick_partners) */
};

static bool is_merge(const struct sup_model *m, const struct sup_relation *r)
{
    return !r->le && r->n == 2 && m->terms[r->first].coef == -m->terms[r->first + 1].coef &&
           m->terms[r->first].coef != 0;
}

/* Cells to quantities, and each quantity's cells. A cell in no relation
 * gets none (NO_Q): nothing published constrains it, so any value fits and
 * there is nothing to audit; the rows of a breakdown left out of the model
 * (too many levels) are such cells, and as columns they made the
 * whole-table LP of a 10,000-level breakdown 700 MB. */
#define NO_Q SIZE_MAX
static bool make_quantities(struct audit *a)
{
    const struct sup_model *m = a->m;
    size_t *parent = malloc((m->n_cells + 1) * sizeof *parent);
    a->q_of = malloc((m->n_cells + 1) * sizeof *a->q_of);
    if (!parent || !a->q_of) {
        free(parent);
        return false;
    }
    for (size_t c = 0; c < m->n_cells; c++)
        parent[c] = c, a->q_of[c] = NO_Q;
    for (size_t k = 0; k < m->n_rel; k++) {
        for (size_t t = m->rel[k].first; t < m->rel[k].first + m->rel[k].n; t++)
            a->q_of[m->terms[t].cell] = 0; /* in a relation */
        if (is_merge(m, &m->rel[k]))
            uf_join(parent, m->terms[m->rel[k].first].cell, m->terms[m->rel[k].first + 1].cell);
    }
    a->n_q = 0;
    for (size_t c = 0; c < m->n_cells; c++)
        if (a->q_of[c] != NO_Q && uf_find(parent, c) == c)
            a->q_of[c] = a->n_q++;
    for (size_t c = 0; c < m->n_cells; c++)
        if (a->q_of[c] != NO_Q)
            a->q_of[c] = a->q_of[uf_find(parent, c)];
    free(parent);
    size_t nq = a->n_q + 1;
    a->value = malloc(nq * sizeof *a->value);
    a->lo = malloc(nq * sizeof *a->lo);
    a->hi = malloc(nq * sizeof *a->hi);
    a->cell_start = calloc(nq + 1, sizeof *a->cell_start);
    a->cells = malloc((m->n_cells + 1) * sizeof *a->cells);
    if (!a->value || !a->lo || !a->hi || !a->cell_start || !a->cells)
        return false;
    for (size_t c = 0; c < m->n_cells; c++)
        if (a->q_of[c] != NO_Q)
            a->cell_start[a->q_of[c] + 1]++;
    for (size_t q = 0; q < a->n_q; q++)
        a->cell_start[q + 1] += a->cell_start[q];
    size_t *fill = malloc(nq * sizeof *fill);
    if (!fill)
        return false;
    memcpy(fill, a->cell_start, a->n_q * sizeof *fill);
    for (size_t c = 0; c < m->n_cells; c++) {
        size_t q = a->q_of[c];
        if (q == NO_Q)
            continue;
        a->cells[fill[q]++] = c;
        if (fill[q] == a->cell_start[q] + 1 || isnan(a->value[q]))
            a->value[q] = a->lo[q] = a->hi[q] = m->value[c];
    }
    free(fill);
    return true;
}

/* The relations that are not merges, over quantities (a quantity twice in
 * one relation gets one term), and each quantity's relations. */
static bool make_relations(struct audit *a)
{
    const struct sup_model *m = a->m;
    a->rel_start = malloc((m->n_rel + 1) * sizeof *a->rel_start);
    a->qt = malloc((m->n_terms + 1) * sizeof *a->qt);
    a->rel_le = malloc((m->n_rel + 1) * sizeof *a->rel_le);
    a->q_rel_start = calloc(a->n_q + 2, sizeof *a->q_rel_start);
    if (!a->rel_start || !a->qt || !a->rel_le || !a->q_rel_start)
        return false;
    size_t n_qt = 0;
    a->n_rel = 0;
    a->rel_start[0] = 0;
    for (size_t k = 0; k < m->n_rel; k++) {
        const struct sup_relation *r = &m->rel[k];
        if (is_merge(m, r))
            continue;
        size_t first = n_qt;
        for (size_t j = r->first; j < r->first + r->n; j++) {
            size_t q = a->q_of[m->terms[j].cell], i = first;
            while (i < n_qt && a->qt[i].cell != q)
                i++;
            if (i == n_qt)
                a->qt[n_qt++] = (struct sup_term){q, 0};
            a->qt[i].coef += m->terms[j].coef;
        }
        size_t kept = first;   /* terms that cancelled out are left out */
        for (size_t i = first; i < n_qt; i++)
            if (a->qt[i].coef != 0)
                a->qt[kept++] = a->qt[i];
        n_qt = kept;
        if (n_qt == first)
            continue;
        a->rel_le[a->n_rel] = r->le;
        a->rel_start[++a->n_rel] = n_qt;
    }
    for (size_t i = 0; i < n_qt; i++)
        a->q_rel_start[a->qt[i].cell + 1]++;
    for (size_t q = 0; q < a->n_q; q++)
        a->q_rel_start[q + 1] += a->q_rel_start[q];
    a->q_rels = malloc((n_qt + 1) * sizeof *a->q_rels);
    size_t *fill = malloc((a->n_q + 1) * sizeof *fill);
    if (!a->q_rels || !fill) {
        free(fill);
        return false;
    }
    memcpy(fill, a->q_rel_start, (a->n_q + 1) * sizeof *fill);
    for (size_t k = 0; k < a->n_rel; k++)
        for (size_t i = a->rel_start[k]; i < a->rel_start[k + 1]; i++)
            a->q_rels[fill[a->qt[i].cell]++] = k;
    free(fill);
    return true;
}

/* Is quantity Q shown by a published row (or a total published outside
 * the table)? */
static bool shown(const struct audit *a, size_t q, const unsigned char *withheld)
{
    for (size_t i = a->cell_start[q]; i < a->cell_start[q + 1]; i++) {
        size_t c = a->cells[i];
        if (c >= 2 * a->m->n_rows || !withheld[c / 2])
            return true;
    }
    return false;
}

static bool sensitive(const struct audit *a, size_t q, unsigned n)
{
    return !a->published[q] && a->value[q] > SUP_TOL && a->value[q] < n - SUP_TOL;
}

/* Sensitive, and not yet found safe. */
static bool pending(const struct audit *a, size_t q, unsigned n)
{
    return !a->verified[q] && sensitive(a, q, n);
}

/* --- complementary cells --------------------------------------------------------------------- */

/* Is published quantity Q one a row shows (it can be withheld), and a
 * better choice than BEST: the smallest (what it costs the reader)? */
static bool better(const struct audit *a, size_t q, size_t best)
{
    if (a->cells[a->cell_start[q]] >= 2 * a->m->n_rows)
        return false;   /* a total published outside the table */
    return best == SIZE_MAX || a->value[q] < a->value[best];
}

/* The published quantity to withhold for Q: the best one sharing a
 * relation with Q, else with the unpublished quantities next to it, and so
 * on outwards. SIZE_MAX: none left. SEEN and QUEUE hold n_q entries. */
static size_t pick_complement(const struct audit *a, size_t q, unsigned char *seen, size_t *queue)
{
    size_t head = 0, tail = 0, best = SIZE_MAX;
    memset(seen, 0, a->n_q);
    queue[tail++] = q;
    seen[q] = 1;
    while (head < tail && best == SIZE_MAX) {
        size_t layer_end = tail;
        for (; head < layer_end; head++) {
            size_t p = queue[head];
            for (size_t i = a->q_rel_start[p]; i < a->q_rel_start[p + 1]; i++) {
                size_t k = a->q_rels[i];
                for (size_t j = a->rel_start[k]; j < a->rel_start[k + 1]; j++) {
                    size_t o = a->qt[j].cell;
                    if (seen[o])
                        continue;
                    seen[o] = 1;
                    if (!a->published[o])
                        queue[tail++] = o;
                    else if (better(a, o, best))
                        best = o;
                }
            }
        }
    }
    return best;
}

/* A table that fits put quantity J at X: its range seen takes it in. */
static void widen(struct audit *a, size_t j, double x)
{
    a->lo[j] = x < a->lo[j] ? x : a->lo[j];
    a->hi[j] = x > a->hi[j] ? x : a->hi[j];
}

/* Withhold every row that shows quantity Q. */
static void withhold_quantity(struct audit *a, size_t q, unsigned char *withheld,
                              unsigned char mark)
{
    for (size_t i = a->cell_start[q]; i < a->cell_start[q + 1]; i++) {
        size_t c = a->cells[i];
        if (c >= 2 * a->m->n_rows || withheld[c / 2])
            continue;
        withheld[c / 2] = mark;
        for (size_t k = 0; k < 2; k++) {   /* the row's count and base */
            size_t o = a->q_of[2 * (c / 2) + k];
            if (o != NO_Q)
                a->published[o] = shown(a, o, withheld);
        }
    }
}

/* --- the audit ------------------------------------------------------------------------------- */

/* Add to LIST (marked in SEEN) the quantities of relation K worth trying:
 * all of a small relation's; of a long one (a trust total over many
 * levels), its FEW largest unpublished ones (free to move) and its FEW
 * smallest published ones (cheapest to withhold). */
#define FEW 2
static size_t add_relation(const struct audit *a, size_t k, unsigned char *seen, size_t *list,
                           size_t n)
{
    size_t first = a->rel_start[k], end = a->rel_start[k + 1];
    if (end - first <= 4 * FEW) {
        for (size_t j = first; j < end; j++)
            if (!seen[a->qt[j].cell]) {
                seen[a->qt[j].cell] = 1;
                list[n++] = a->qt[j].cell;
            }
        return n;
    }
    for (int pick = 0; pick < 2 * FEW; pick++) {
        bool open = pick < FEW;   /* first the unpublished, then the published */
        size_t best = SIZE_MAX;
        for (size_t j = first; j < end; j++) {
            size_t o = a->qt[j].cell;
            if (seen[o] || !a->published[o] != open)
                continue;
            if (best == SIZE_MAX || (open ? a->value[o] > a->value[best]
                                          : a->value[o] < a->value[best]))
                best = o;
        }
        if (best != SIZE_MAX) {
            seen[best] = 1;
            list[n++] = best;
        }
    }
    return n;
}

/* The quantities within RADIUS relations of Q (every one reachable when
 * RADIUS is 0; of long relations, see add_relation) into LIST, marked in
 * SEEN, nearest first, stopping once there are CAP (or a few more); how
 * many. A total published outside the table is listed but not gone
 * through. */
static size_t nearby(const struct audit *a, size_t q, unsigned radius, size_t cap,
                     unsigned char *seen, size_t *list)
{
    size_t n = 0, head = 0;
    memset(seen, 0, a->n_q);
    list[n++] = q;
    seen[q] = 1;
    for (unsigned layer = 0; head < n && (!radius || layer < radius); layer++) {
        size_t end = n;
        for (; head < end && n < cap; head++) {
            size_t p = list[head];
            if (a->cells[a->cell_start[p]] >= 2 * a->m->n_rows)
                continue;
            for (size_t i = a->q_rel_start[p]; i < a->q_rel_start[p + 1]; i++)
                n = add_relation(a, a->q_rels[i], seen, list, n);
        }
    }
    return n;
}

static bool outside(const struct audit *a, size_t q)
{
    return a->cells[a->cell_start[q]] >= 2 * a->m->n_rows;
}

/* The pattern LP holds two shifted tables, UP (copy 0) and DOWN (copy 1),
 * each with a column per unpublished quantity of LIST (a shift d >= -value)
 * and two per published one (d = p - m, each part costing 1 + value: a
 * published number that moves is withheld); a total published outside the
 * table never moves, nor does a published zero (an empty cell: withholding
 * it would hide little and protect little, as in tau-argus). Q moves up by u >= 0 in one and down by l (0 to its
 * value) in the other, with u + l >= N. A->col[j] is j's first column in
 * copy 0 (0: none); copy 1's is N_COPY further. Returns N_COPY. */
static int pattern_columns(struct audit *a, glp_prob *lp, size_t q, unsigned n,
                           const size_t *list, size_t n_list)
{
    int n_copy = 0;
    memset(a->col, 0, a->n_q * sizeof *a->col);
    for (size_t i = 0; i < n_list; i++) {
        size_t j = list[i];
        bool fixed = outside(a, j) || (a->published[j] && a->value[j] <= 0);
        a->col[j] = fixed ? 0 : n_copy + 1;
        n_copy += fixed ? 0 : a->published[j] ? 2 : 1;
    }
    glp_add_cols(lp, 2 * n_copy);
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < n_list; i++) {
            size_t j = list[i];
            int c = a->col[j] + s * n_copy;
            if (!a->col[j])
                continue;
            if (j == q)
                glp_set_col_bnds(lp, c, s ? GLP_DB : GLP_LO, s ? -a->value[j] : 0, 0);
            else if (!a->published[j])
                glp_set_col_bnds(lp, c, GLP_LO, -a->value[j], 0);
            else {
                glp_set_col_bnds(lp, c, GLP_LO, 0, 0);
                glp_set_col_bnds(lp, c + 1, GLP_DB, 0, a->value[j]);
                glp_set_obj_coef(lp, c, 1 + a->value[j]);
                glp_set_obj_coef(lp, c + 1, 1 + a->value[j]);
            }
        }
    /* the range: up - down >= N */
    int row = glp_add_rows(lp, 1), ind[3] = {0, a->col[q], a->col[q] + n_copy};
    double val[3] = {0, 1, -1};
    glp_set_mat_row(lp, row, 2, ind, val);
    glp_set_row_bnds(lp, row, GLP_LO, n, 0);
    return n_copy;
}

/* An LP's rows in the making: the relations of a list of quantities (each
 * once) and room for their matrix entries (ia, ja, ar from 1, as
 * glp_load_matrix takes them). */
struct rows {
    size_t *rels, n_rels;
    int *ia, *ja, nz;
    double *ar;
};

static void rows_end(glp_prob *lp, struct rows *r);

/* The relations with a term in LIST into R, and room for PER_TERM entries
 * a term. False: out of memory (R freed). */
static bool rows_begin(struct audit *a, const size_t *list, size_t n_list, size_t per_term,
                       struct rows *r)
{
    size_t cap = 1;
    *r = (struct rows){0};
    memset(a->rel_mark, 0, a->n_rel + 1);
    r->rels = malloc((a->n_rel + 1) * sizeof *r->rels);
    for (size_t i = 0; r->rels && i < n_list; i++)
        for (size_t k = a->q_rel_start[list[i]]; k < a->q_rel_start[list[i] + 1]; k++)
            if (!a->rel_mark[a->q_rels[k]]) {
                a->rel_mark[a->q_rels[k]] = 1;
                r->rels[r->n_rels++] = a->q_rels[k];
                cap += per_term * (a->rel_start[a->q_rels[k] + 1] - a->rel_start[a->q_rels[k]]);
            }
    r->ia = malloc(cap * sizeof *r->ia);
    r->ja = malloc(cap * sizeof *r->ja);
    r->ar = malloc(cap * sizeof *r->ar);
    if (r->rels && r->ia && r->ja && r->ar)
        return true;
    rows_end(NULL, r);
    return false;
}

/* R's entries loaded into LP (when there is one), and R freed. */
static void rows_end(glp_prob *lp, struct rows *r)
{
    if (lp && r->nz)
        glp_load_matrix(lp, r->nz, r->ia, r->ja, r->ar);
    free(r->rels);
    free(r->ia);
    free(r->ja);
    free(r->ar);
}

/* The rows of each copy: every relation with a term in LIST, on the shifts
 * (a term outside LIST does not move): equalities stay = 0; sum <= 0 keeps
 * its slack. False: out of memory. */
static bool pattern_rows(struct audit *a, glp_prob *lp, const size_t *list, size_t n_list,
                         int n_copy)
{
    struct rows rw;
    if (!rows_begin(a, list, n_list, 4, &rw))
        return false;
    int n_row = glp_get_num_rows(lp);
    for (size_t i = 0; i < rw.n_rels; i++) {
        size_t k = rw.rels[i];
        double slack = 0;
        for (size_t t = a->rel_start[k]; t < a->rel_start[k + 1]; t++)
            slack -= a->qt[t].coef * a->value[a->qt[t].cell];
        glp_add_rows(lp, 2);
        for (int s = 0; s < 2; s++) {
            n_row++;
            for (size_t t = a->rel_start[k]; t < a->rel_start[k + 1]; t++) {
                size_t j = a->qt[t].cell;
                double coef = a->qt[t].coef;
                if (!a->col[j])
                    continue;
                int c = a->col[j] + s * n_copy;
                rw.ia[++rw.nz] = n_row, rw.ja[rw.nz] = c, rw.ar[rw.nz] = coef;
                if (a->published[j])
                    rw.ia[++rw.nz] = n_row, rw.ja[rw.nz] = c + 1, rw.ar[rw.nz] = -coef;
            }
            if (a->rel_le[k])
                glp_set_row_bnds(lp, n_row, GLP_UP, 0, slack > 0 ? slack : 0);
            else
                glp_set_row_bnds(lp, n_row, GLP_FX, 0, 0);
        }
    }
    if (rw.nz) {
        /* keep the range row (row 1): load only adds the relations' entries */
        int ind[3];
        double val[3];
        int len = glp_get_mat_row(lp, 1, ind, val);
        rw.ia[++rw.nz] = 1, rw.ja[rw.nz] = ind[1], rw.ar[rw.nz] = val[1];
        if (len > 1)
            rw.ia[++rw.nz] = 1, rw.ja[rw.nz] = ind[2], rw.ar[rw.nz] = val[2];
    }
    rows_end(lp, &rw);
    return true;
}

/* Protect Q the way cell-suppression heuristics do: the cheapest pair of
 * shifted tables around Q (pattern_columns) that keep every relation and
 * every number >= 0 and move only published numbers that are then
 * withheld. After it, tables with Q + u and Q - l, u + l >= N, both fit
 * everything still published, so Q's range is at least N (and stays so:
 * withholding more only widens the tables that fit). Each shifted table
 * widens the range seen of every quantity it moves. 1: Q is protected
 * (withholding some, or none when no published number had to move); 0: no
 * such pair among the N_LIST quantities of LIST, or the solver gave no
 * answer; -1: out of memory. */
static int protect(struct audit *a, size_t q, unsigned n, const size_t *list, size_t n_list,
                   unsigned char *withheld, unsigned char mark)
{
    glp_prob *lp = glp_create_prob();
    int n_copy = pattern_columns(a, lp, q, n, list, n_list);
    if (!pattern_rows(a, lp, list, n_list, n_copy)) {
        glp_delete_prob(lp);
        return -1;
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    int ret = glp_simplex(lp, &parm);
    int done = ret == 0 && glp_get_status(lp) == GLP_OPT;
    for (int s = 0; done && s < 2; s++)
        for (size_t i = 0; i < n_list; i++) {
            size_t j = list[i];
            int c = a->col[j] + s * n_copy;
            if (!a->col[j])
                continue;
            double d = glp_get_col_prim(lp, c);
            if (a->published[j]) {
                d -= glp_get_col_prim(lp, c + 1);
                if (fabs(d) <= SUP_TOL)
                    continue;
                withhold_quantity(a, j, withheld, mark);
            }
            widen(a, j, a->value[j] + d);
        }
    for (size_t i = 0; i < n_list; i++)
        a->col[list[i]] = 0;
    glp_delete_prob(lp);
    return done;
}

/* For a sensitive quantity Q whose range is under N: a protecting shift
 * among the quantities near it (within 2 relations, 3, then the nearest
 * 1000 and 2000 within 8: an LP over 1000 solves in a few hundredths of a
 * second; 1: protected). No wider list is tried: one over all within 5 or 8
 * of a cell of a 200-directorate table has over 12,000 quantities and took
 * 15 s, for a cell that withholding its nearest published number protects
 * as well. Failing that, the nearest published number is withheld (2: Q is
 * to be audited again); 0: nothing left to withhold; -1: out of memory.
 * Once the wide lists have found nothing for Q, its later turns try only
 * the near ones: what the wide ones could not do is what withholding one
 * number at a time does (a count averaged over two years, small in every
 * directorate, took a dozen turns, each 0.1 s on LPs that could not help). */
static int complement(struct audit *a, size_t q, unsigned n, unsigned char *withheld,
                      unsigned char mark, unsigned char *seen, size_t *queue)
{
    static const struct {
        unsigned radius;
        size_t cap;
    } steps[] = {{2, SIZE_MAX}, {3, SIZE_MAX}, {8, 1000}, {8, 2000}};
    size_t before = 0;   /* each list starts with the one before: no fewer */
    size_t n_steps = a->stuck[q] ? 2 : sizeof steps / sizeof *steps;
    for (size_t r = 0; r < n_steps; r++) {
        size_t n_list = nearby(a, q, steps[r].radius, steps[r].cap, seen, queue);
        if (n_list <= before)
            continue;
        before = n_list;
        int st = protect(a, q, n, queue, n_list, withheld, mark);
        if (st)
            return st;
    }
    a->stuck[q] = 1;
    size_t c = pick_complement(a, q, seen, queue);
    if (c == SIZE_MAX)
        return 0;
    withhold_quantity(a, c, withheld, mark);
    return 2;
}

/* --- the range audit ------------------------------------------------------------------------- */

/* The whole-table LP's column Q+1 (quantity Q): fixed at its value while
 * published, else >= 0. */
static void range_bounds(const struct audit *a, glp_prob *lp, size_t q)
{
    if (a->published[q])
        glp_set_col_bnds(lp, (int)q + 1, GLP_FX, a->value[q], a->value[q]);
    else
        glp_set_col_bnds(lp, (int)q + 1, GLP_LO, 0, 0);
}

/* The whole table as one LP: a column per quantity, a row per relation
 * (its right-hand side the true values' sum, so the true table fits
 * exactly). Built once and solved warm (only the objective changes), so it
 * searches for a table that fits once. NULL: out of memory. */
static glp_prob *range_lp(const struct audit *a)
{
    size_t nz = a->rel_start[a->n_rel];
    int *ia = malloc((nz + 1) * sizeof *ia), *ja = malloc((nz + 1) * sizeof *ja);
    double *ar = malloc((nz + 1) * sizeof *ar);
    glp_prob *lp = ia && ja && ar ? glp_create_prob() : NULL;
    if (lp && a->n_q)
        glp_add_cols(lp, (int)a->n_q);
    if (lp && a->n_rel)
        glp_add_rows(lp, (int)a->n_rel);
    for (size_t q = 0; lp && q < a->n_q; q++)
        range_bounds(a, lp, q);
    for (size_t k = 0; lp && k < a->n_rel; k++) {
        double sum = 0;
        for (size_t t = a->rel_start[k]; t < a->rel_start[k + 1]; t++) {
            sum += a->qt[t].coef * a->value[a->qt[t].cell];
            ia[t + 1] = (int)k + 1, ja[t + 1] = (int)a->qt[t].cell + 1, ar[t + 1] = a->qt[t].coef;
        }
        if (a->rel_le[k])
            glp_set_row_bnds(lp, (int)k + 1, GLP_UP, 0, sum > 0 ? sum : 0);
        else
            glp_set_row_bnds(lp, (int)k + 1, GLP_FX, sum, sum);
    }
    if (lp && nz)
        glp_load_matrix(lp, (int)nz, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    return lp;
}

/* A local LP, built for a few solves, works on shifts from the true table
 * instead: the quantity in position I (from 1) has two columns, 2I - 1 its
 * rise (>= 0) and 2I its fall (0 to its value). With every shift 0, each
 * relation holds, so GLPK's first basis (every column at 0) is already a
 * table that fits, and a solve from cold needs no search for one: three
 * times faster on these LPs (on the whole table's, solved warm many times,
 * it was slower). */
static void shift_columns(const struct audit *a, glp_prob *lp, int i, size_t q)
{
    glp_set_col_bnds(lp, 2 * i - 1, GLP_LO, 0, 0);
    if (a->value[q] > 0)
        glp_set_col_bnds(lp, 2 * i, GLP_DB, 0, a->value[q]);
    else
        glp_set_col_bnds(lp, 2 * i, GLP_FX, 0, 0);
}

/* The quantity in position POS of LP (position i + 1 holds quantity QS[i],
 * or i when QS is NULL; N_QS of them; PER columns a position: 1, its value;
 * 2, its shifts) at its largest (MAX) or smallest over every table LP
 * allows, starting from the last basis (only the objective changes); the
 * table found widens the range seen of every quantity in it. False: the
 * solver gave no answer. */
static bool range_solve(struct audit *a, glp_prob *lp, int pos, const size_t *qs, size_t n_qs,
                        int per, bool max)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    int col = per * (pos - 1) + 1;
    glp_set_obj_coef(lp, col, 1);
    if (per == 2)
        glp_set_obj_coef(lp, col + 1, -1);
    glp_set_obj_dir(lp, max ? GLP_MAX : GLP_MIN);
    int ret = glp_simplex(lp, &parm);
    if (ret != 0) {   /* a basis the solver could not use: start again */
        if (per == 2)
            glp_std_basis(lp);
        else
            glp_adv_basis(lp, 0);
        ret = glp_simplex(lp, &parm);
    }
    glp_set_obj_coef(lp, col, 0);
    if (per == 2)
        glp_set_obj_coef(lp, col + 1, 0);
    int st = glp_get_status(lp);
    if (ret == 0 && st == GLP_UNBND && max) {
        a->hi[qs ? qs[pos - 1] : (size_t)pos - 1] = INFINITY;
        return true;
    }
    if (ret != 0 || st != GLP_OPT)
        return false;
    for (size_t i = 0; i < n_qs; i++) {
        size_t q = qs ? qs[i] : i;
        int c = per * (int)i + 1;
        double x = per == 2 ? a->value[q] + glp_get_col_prim(lp, c) - glp_get_col_prim(lp, c + 1)
                            : glp_get_col_prim(lp, c);
        widen(a, q, x);
    }
    return true;
}

static bool wide(const struct audit *a, size_t q, unsigned n)
{
    return a->hi[q] - a->lo[q] >= n - SUP_TOL;
}

/* Is Q's range at least N over every table LP allows (Q in position POS; QS,
 * N_QS and PER as range_solve's), its min and max solved unless the ranges
 * seen already show it? */
static bool range_reaches(struct audit *a, glp_prob *lp, int pos, const size_t *qs, size_t n_qs,
                          int per, size_t q, unsigned n)
{
    return wide(a, q, n) || (range_solve(a, lp, pos, qs, n_qs, per, true) && wide(a, q, n)) ||
           (range_solve(a, lp, pos, qs, n_qs, per, false) && wide(a, q, n));
}

/* One pass over the sensitive quantities not yet protected (FIRST, FIRST +
 * STEP, ...): each whose range is under N is protected (complement), and
 * the LP then frees what that withheld. 1: something is to be audited
 * again; 0: all protected; -1: out of memory. */
static int audit_pass(struct audit *a, glp_prob *lp, unsigned char *withheld, unsigned n,
                      unsigned char mark, size_t first, size_t step, unsigned char *seen,
                      size_t *queue)
{
    int again = 0;
    for (size_t q = first; q < a->n_q; q += step) {
        if (!pending(a, q, n))
            continue;
        if (range_reaches(a, lp, (int)q + 1, NULL, a->n_q, 1, q, n)) {
            a->verified[q] = 1;
            continue;
        }
        int st = complement(a, q, n, withheld, mark, seen, queue);
        if (st < 0)
            return -1;
        if (st == 2)
            again = 1;
        else
            a->verified[q] = 1; /* protected, or nothing left to withhold */
        for (size_t j = 0; j < a->n_q; j++)
            if (!a->published[j] && glp_get_col_type(lp, (int)j + 1) == GLP_FX)
                range_bounds(a, lp, j);
    }
    return again;
}

/* A basis of the whole-table LP: each row's and column's status, from a
 * first solve that found a table that fits (the slow part: 10 s at 100,000
 * staff by 200 directorates), so that each LP built after starts there. */
struct basis {
    int *row, *col, n_rows, n_cols;
};

static void basis_free(struct basis *b)
{
    free(b->row);
    free(b->col);
    *b = (struct basis){0};
}

/* B: the basis of a table that fits A's whole-table LP (left empty when
 * the solver gives no answer: each LP then starts cold). False: out of
 * memory. */
static bool basis_first(struct audit *a, struct basis *b)
{
    glp_prob *lp = range_lp(a);
    if (!lp)
        return false;
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    b->n_rows = glp_get_num_rows(lp), b->n_cols = glp_get_num_cols(lp);
    b->row = malloc(((size_t)b->n_rows + 1) * sizeof *b->row);
    b->col = malloc(((size_t)b->n_cols + 1) * sizeof *b->col);
    bool ok = b->row && b->col;
    if (ok && glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT) {
        for (int i = 1; i <= b->n_rows; i++)
            b->row[i - 1] = glp_get_row_stat(lp, i);
        for (int j = 1; j <= b->n_cols; j++)
            b->col[j - 1] = glp_get_col_stat(lp, j);
    } else {
        basis_free(b);
    }
    glp_delete_prob(lp);
    return ok;
}

/* LP starts from basis B (when it has one: GLPK corrects a status a
 * column's bounds no longer allow). */
static void basis_apply(glp_prob *lp, const struct basis *b)
{
    if (!b)
        return;
    for (int i = 1; b->row && i <= b->n_rows; i++)
        glp_set_row_stat(lp, i, b->row[i - 1]);
    for (int j = 1; b->col && j <= b->n_cols; j++)
        glp_set_col_stat(lp, j, b->col[j - 1]);
}

/* The whole-table audit of the pending quantities FIRST, FIRST + STEP, ...:
 * one LP (range_lp, from basis START), passes until none is left. 0, or
 * -1: out of memory. SEEN and QUEUE: n_q and 3 n_q entries. */
static int whole_audit(struct audit *a, unsigned char *withheld, unsigned n, unsigned char mark,
                       size_t first, size_t step, const struct basis *start,
                       unsigned char *seen, size_t *queue)
{
    bool left = false;
    for (size_t q = first; q < a->n_q && !left; q += step)
        left = pending(a, q, n);
    if (!left)
        return 0;
    glp_prob *lp = range_lp(a);
    if (!lp)
        return -1;
    basis_apply(lp, start);
    int more;
    while ((more = audit_pass(a, lp, withheld, n, mark, first, step, seen, queue)) > 0)
        ;
    glp_delete_prob(lp);
    return more;
}

/* --- the local audit ------------------------------------------------------------------------- */

/* Each quantity's group (that of its first row; none for a total published
 * outside the table, or a quantity in no relation) and each group's
 * quantities. False: out of memory. */
static bool make_groups(struct audit *a)
{
    const struct sup_model *m = a->m;
    a->n_g = 0;
    a->g_of = malloc((a->n_q + 1) * sizeof *a->g_of);
    if (!a->g_of)
        return false;
    for (size_t q = 0; q < a->n_q; q++) {
        size_t c = a->cells[a->cell_start[q]];
        bool used = isfinite(a->value[q]) && a->q_rel_start[q + 1] > a->q_rel_start[q];
        a->g_of[q] = used && c < 2 * m->n_rows ? m->group[c / 2] : SIZE_MAX;
        if (a->g_of[q] != SIZE_MAX && a->g_of[q] >= a->n_g)
            a->n_g = a->g_of[q] + 1;
    }
    a->g_start = calloc(a->n_g + 2, sizeof *a->g_start);
    a->g_qs = malloc((a->n_q + 1) * sizeof *a->g_qs);
    a->lcol = calloc(a->n_q + 1, sizeof *a->lcol);
    a->score = calloc(a->n_g + 1, sizeof *a->score);
    size_t *fill = malloc((a->n_g + 1) * sizeof *fill);
    bool ok = a->g_start && a->g_qs && a->lcol && a->score && fill;
    for (size_t q = 0; ok && q < a->n_q; q++)
        if (a->g_of[q] != SIZE_MAX)
            a->g_start[a->g_of[q] + 1]++;
    for (size_t g = 0; ok && g < a->n_g; g++)
        a->g_start[g + 1] += a->g_start[g];
    if (ok)
        memcpy(fill, a->g_start, (a->n_g + 1) * sizeof *fill);
    for (size_t q = 0; ok && q < a->n_q; q++)
        if (a->g_of[q] != SIZE_MAX)
            a->g_qs[fill[a->g_of[q]]++] = q;
    free(fill);
    return ok;
}

/* Add to A->score (listing in LIST the groups scored first) how much each
 * group other than Q's could help move Q: over Q's relations, the room of
 * its quantities (an unpublished one moves freely, up from 0 and down to
 * 0; a published one only once withheld, the less willingly the larger it
 * is, as the pattern LP's cost, and a published zero never). */
static size_t score_groups(struct audit *a, size_t q, unsigned n, size_t *list, size_t n_list)
{
    for (size_t r = a->q_rel_start[q]; r < a->q_rel_start[q + 1]; r++)
        for (size_t t = a->rel_start[a->q_rels[r]]; t < a->rel_start[a->q_rels[r] + 1]; t++) {
            size_t o = a->qt[t].cell, h = a->g_of[o];
            double room = fmin(a->value[o], n);
            if (h == SIZE_MAX || h == SUP_WHOLE || h == a->g_of[q] ||
                (a->published[o] && room <= 0))
                continue;
            if (a->score[h] == 0)
                list[n_list++] = h;
            a->score[h] += a->published[o] ? room / (1 + a->value[o] / n) : 1 + 2 * room;
        }
    return n_list;
}

/* The groups that best help move Q (Q SIZE_MAX: group G's pending
 * quantities), best first, into OUT (at most MAX); how many. LIST holds
 * n_q entries. */
static size_t pick_partners(struct audit *a, size_t g, size_t q, unsigned n, size_t *out,
                            size_t max, size_t *list)
{
    size_t n_list = 0, n_out = 0;
    for (size_t i = a->g_start[g]; q == SIZE_MAX && i < a->g_start[g + 1]; i++)
        if (pending(a, a->g_qs[i], n))
            n_list = score_groups(a, a->g_qs[i], n, list, n_list);
    if (q != SIZE_MAX)
        n_list = score_groups(a, q, n, list, n_list);
    for (; n_out < max; n_out++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n_list; i++) {
            size_t h = list[i];
            if (a->score[h] > 0 && (best == SIZE_MAX || a->score[h] > a->score[best] ||
                                    (a->score[h] == a->score[best] && h < best)))
                best = h;
        }
        if (best == SIZE_MAX)
            break;
        out[n_out] = best;
        a->score[best] = -1;
    }
    for (size_t i = 0; i < n_list; i++)
        a->score[list[i]] = 0;
    return n_out;
}

/* A local LP: a few groups (G and partners) whose unpublished quantities
 * may move, every other quantity at its true value; the LP is built when
 * first needed. Every table it finds fits everything published. */
#define PARTNERS 3       /* partners a count's own LPs take, when they give it room */
#define PARTNERS_MAX 12  /* the most taken for room (a count small in every directorate) */
struct local {
    size_t groups[1 + PARTNERS_MAX], n_groups;
    size_t *open, n_open; /* the LP's columns' quantities (unpublished) */
    glp_prob *lp;
};

/* L: group G and the first N_PARTNERS of PARTNERS; its columns in OPEN. */
static void local_init(struct local *l, size_t g, const size_t *partners, size_t n_partners,
                       size_t *open)
{
    *l = (struct local){.groups = {g}, .n_groups = 1 + n_partners, .open = open};
    memcpy(l->groups + 1, partners, n_partners * sizeof *partners);
}

static void local_free(struct local *l)
{
    if (l->lp)
        glp_delete_prob(l->lp);
    l->lp = NULL;
}

static bool in_local_group(const struct local *l, size_t g)
{
    for (size_t k = 0; k < l->n_groups; k++)
        if (l->groups[k] == g)
            return true;
    return false;
}

/* Is quantity Q in L's pattern LP: in one of its groups, but never a
 * published figure of the whole trust (withheld only when the whole-table
 * audit calls for it)? */
static bool in_local(const struct audit *a, const struct local *l, size_t q)
{
    return in_local_group(l, a->g_of[q]) && (a->g_of[q] != SUP_WHOLE || !a->published[q]);
}

/* The rows of a local LP: each relation with a term in LIST (in
 * positions 1..N_LIST, A->lcol; shift_columns), on the shifts: an
 * equality's sum to 0, a sum <= 0's to at most its slack (what it may
 * rise by: to 0, or not at all when the true sum is above it). False: out
 * of memory. */
static bool local_rows(struct audit *a, glp_prob *lp, const size_t *list, size_t n_list)
{
    struct rows rw;
    if (!rows_begin(a, list, n_list, 2, &rw))
        return false;
    for (size_t i = 0; i < rw.n_rels; i++) {
        size_t k = rw.rels[i];
        int row = glp_add_rows(lp, 1);
        double sum = 0;
        for (size_t t = a->rel_start[k]; t < a->rel_start[k + 1]; t++) {
            size_t j = a->qt[t].cell;
            double coef = a->qt[t].coef;
            sum += coef * a->value[j];
            if (!a->lcol[j])
                continue;
            rw.ia[++rw.nz] = row, rw.ja[rw.nz] = 2 * a->lcol[j] - 1, rw.ar[rw.nz] = coef;
            rw.ia[++rw.nz] = row, rw.ja[rw.nz] = 2 * a->lcol[j], rw.ar[rw.nz] = -coef;
        }
        if (a->rel_le[k])
            glp_set_row_bnds(lp, row, GLP_UP, 0, sum < 0 ? -sum : 0);
        else
            glp_set_row_bnds(lp, row, GLP_FX, 0, 0);
    }
    rows_end(lp, &rw);
    return true;
}

/* An LP in which the quantities of OPEN (N_OPEN of them, all unpublished)
 * move (shift_columns), every other at its true value. NULL: out of
 * memory. */
static glp_prob *open_lp(struct audit *a, const size_t *open, size_t n_open)
{
    glp_prob *lp = glp_create_prob();
    if (n_open)
        glp_add_cols(lp, 2 * (int)n_open);
    for (size_t i = 0; i < n_open; i++) {
        a->lcol[open[i]] = (int)i + 1;
        shift_columns(a, lp, (int)i + 1, open[i]);
    }
    bool ok = local_rows(a, lp, open, n_open);
    for (size_t i = 0; i < n_open; i++)
        a->lcol[open[i]] = 0;
    if (!ok)
        glp_delete_prob(lp);
    return ok ? lp : NULL;
}

/* L's LP: the unpublished quantities of its groups move. False: out of
 * memory. */
static bool local_build(struct audit *a, struct local *l)
{
    l->n_open = 0;
    for (size_t k = 0; k < l->n_groups; k++)
        for (size_t i = a->g_start[l->groups[k]]; i < a->g_start[l->groups[k] + 1]; i++)
            if (!a->published[a->g_qs[i]])
                l->open[l->n_open++] = a->g_qs[i];
    l->lp = open_lp(a, l->open, l->n_open);
    return l->lp != NULL;
}

/* Is Q's range over L's tables at least N (its max, then its min)? False
 * too when the solver gives no answer; -1: out of memory. */
static int local_range(struct audit *a, struct local *l, size_t q, unsigned n)
{
    if (!l->lp && !local_build(a, l))
        return -1;
    int pos = 0;
    for (size_t i = 0; i < l->n_open && !pos; i++)
        pos = l->open[i] == q ? (int)i + 1 : 0;
    return pos && range_reaches(a, l->lp, pos, l->open, l->n_open, 2, q, n);
}

/* The quantities of L's groups within RADIUS relations of Q, into LIST
 * (nearest first); how many. */
static size_t local_nearby(struct audit *a, const struct local *l, size_t q, unsigned radius,
                           size_t *list)
{
    size_t n = 0, head = 0;
    list[n++] = q;
    a->lcol[q] = 1;   /* marks what is listed */
    for (unsigned layer = 0; layer < radius && head < n; layer++)
        for (size_t end = n; head < end; head++)
            for (size_t r = a->q_rel_start[list[head]]; r < a->q_rel_start[list[head] + 1]; r++)
                for (size_t t = a->rel_start[a->q_rels[r]]; t < a->rel_start[a->q_rels[r] + 1];
                     t++) {
                    size_t o = a->qt[t].cell;
                    if (!a->lcol[o] && in_local(a, l, o)) {
                        a->lcol[o] = 1;
                        list[n++] = o;
                    }
                }
    for (size_t i = 0; i < n; i++)
        a->lcol[list[i]] = 0;
    return n;
}

/* Q protected by the pattern LP (protect) over the quantities of L's
 * groups near it (within 3 relations, then all of them)? 1 yes, 0 no, -1
 * out of memory. What it withheld may move now: L's LP is built again
 * when next needed. LIST: n_q entries. */
static int local_protect(struct audit *a, struct local *l, size_t q, unsigned n, size_t *list,
                         unsigned char *withheld, unsigned char mark)
{
    int st = 0;
    for (unsigned radius = 3; st == 0 && radius <= 3 * 16; radius *= 16)
        st = protect(a, q, n, list, local_nearby(a, l, q, radius, list), withheld, mark);
    if (st == 1)
        local_free(l);
    return st;
}

/* Can the groups of L move Q by N at all? A relation "sum = 0" of Q's
 * bounds it: to go up, Q needs the terms of its sign to go down (at most
 * their values) or one of the other sign to go up (no bound); only terms
 * L could move count (in its groups, and not a published trust figure).
 * False when some relation leaves Q under N of room, so L's LPs would
 * fail: Q is then left for the whole-table audit at once. */
static bool local_room(const struct audit *a, const struct local *l, size_t q, unsigned n)
{
    for (size_t r = a->q_rel_start[q]; r < a->q_rel_start[q + 1]; r++) {
        size_t k = a->q_rels[r];
        double cq = 0, room = 0;
        bool free = a->rel_le[k];
        for (size_t t = a->rel_start[k]; t < a->rel_start[k + 1]; t++)
            if (a->qt[t].cell == q)
                cq = a->qt[t].coef;
        for (size_t t = a->rel_start[k]; t < a->rel_start[k + 1] && !free; t++) {
            size_t o = a->qt[t].cell;
            if (o == q || !in_local(a, l, o))
                continue;
            if ((a->qt[t].coef > 0) != (cq > 0))
                free = true;
            else
                room += a->value[o];
        }
        if (!free && a->value[q] + room < n - SUP_TOL)
            return false;
    }
    return true;
}

/* Settle Q: its range over the tables of group G's LP (SHARED: G and G's
 * partner) found to reach N, or over those of G and Q's own partners (three
 * at once: their tables include those of fewer, and one LP of three solves
 * faster than trying one, two, then three); else Q protected by
 * withholding among G and Q's partners (one, then three). A count small in
 * every directorate needs more to have room (local_room): then the fewest
 * partners that give it room, up to PARTNERS_MAX, throughout. A published
 * trust figure never moves here: the board's headline, it is withheld only
 * when the whole-table audit calls for it. 1: settled; 0: left for the
 * whole-table audit; -1: out of memory. LISTS: 3 n_q entries. */
static int local_settle(struct audit *a, struct local *shared, size_t q, unsigned n,
                        unsigned char *withheld, unsigned char mark, size_t *lists)
{
    size_t g = a->g_of[q], *list = lists + 2 * a->n_q, partners[PARTNERS_MAX];
    size_t n_partners = pick_partners(a, g, q, n, partners, PARTNERS_MAX, list);
    size_t least = 0;   /* the fewest partners that give Q room */
    for (;; least++) {
        if (least > n_partners)
            return 0;
        struct local widest;
        local_init(&widest, g, partners, least, NULL);
        if (local_room(a, &widest, q, n))
            break;
    }
    size_t most = n_partners < PARTNERS ? n_partners : PARTNERS;
    most = least > most ? least : most;
    int st = least <= 1 ? local_range(a, shared, q, n) : 0;
    /* its own range, then protected with the fewest (at least one), then the most */
    size_t tries[] = {most, least > 1 ? least : 1, most};
    for (size_t i = 0; i < 3 && st == 0; i++) {
        if (i > 0 && (tries[i] > n_partners || (i == 2 && tries[2] == tries[1])))
            break;
        struct local own;
        local_init(&own, g, partners, tries[i], lists + a->n_q);
        bool same = own.n_groups == shared->n_groups &&
                    !memcmp(own.groups, shared->groups, own.n_groups * sizeof *own.groups);
        if (i > 0)
            st = local_protect(a, &own, q, n, list, withheld, mark);
        else if (!same)
            st = local_range(a, &own, q, n);
        local_free(&own);
    }
    return st;
}

/* The local audit of group G: each pending quantity of G settled with LPs
 * over two groups (local_settle), far smaller than the whole table's; what
 * they leave is for the whole-table audit. LISTS: 3 n_q entries. 0, or
 * -1: out of memory. */
static int local_group(struct audit *a, size_t g, unsigned n, unsigned char *withheld,
                       unsigned char mark, size_t *lists)
{
    struct local shared;
    size_t partner;
    local_init(&shared, g, &partner, pick_partners(a, g, SIZE_MAX, n, &partner, 1, lists + a->n_q),
               lists);
    int st = 0;
    for (size_t i = a->g_start[g]; i < a->g_start[g + 1] && st >= 0; i++) {
        size_t q = a->g_qs[i];
        if (!pending(a, q, n))
            continue;
        st = wide(a, q, n) ? 1 : local_settle(a, &shared, q, n, withheld, mark, lists);
        if (st == 1)
            a->verified[q] = 1;
    }
    local_free(&shared);
    return st < 0 ? -1 : 0;
}

/* GLPK's terminal output hook: nothing is printed (a report's stdout is the
 * user's; out of memory, GLPK prints "glp_alloc: no memory available" there
 * before it aborts, in the child process isolate.c runs the audit in). */
static int silent(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

/* GLPK quiet on this thread (each thread has its own GLPK environment). */
static void glpk_quiet(void)
{
    glp_term_out(GLP_OFF);
    glp_term_hook(silent, NULL); /* GLPK's error messages too: they go to stdout */
}

/* One half of the audit, on its own copy of all the audit changes (the
 * ranges seen, what is published, settled and withheld, and its scratch
 * arrays); the rest of A is shared and only read. Locally (WHOLE false)
 * its groups are FIRST, FIRST + 2, ...; on the whole table its pending
 * quantities are. */
struct half {
    struct audit a;
    unsigned char *withheld, *seen, mark;
    size_t *lists, first;
    const struct basis *start;   /* on the whole table: its LP's first basis */
    unsigned n;
    bool whole;
    int st;          /* 0, or -1: out of memory */
    bool thread;     /* run on a thread of its own */
};

static void half_free(struct half *h)
{
    free(h->a.lo);
    free(h->a.hi);
    free(h->a.published);
    free(h->a.verified);
    free(h->a.stuck);
    free(h->a.col);
    free(h->a.rel_mark);
    free(h->a.lcol);
    free(h->a.score);
    free(h->withheld);
    free(h->seen);
    free(h->lists);
}

/* H: a copy of A's state (WITHHELD: the model's rows). False: out of
 * memory (H freed). */
static bool half_init(struct half *h, const struct audit *a, const unsigned char *withheld,
                      size_t first, bool whole, unsigned n, unsigned char mark)
{
    size_t nq = a->n_q + 1, nr = a->m->n_rows + 1;
    *h = (struct half){.a = *a, .mark = mark, .first = first, .n = n, .whole = whole};
    h->a.lo = malloc(nq * sizeof *h->a.lo);
    h->a.hi = malloc(nq * sizeof *h->a.hi);
    h->a.published = malloc(nq);
    h->a.verified = malloc(nq);
    h->a.stuck = malloc(nq);
    h->a.col = calloc(nq, sizeof *h->a.col);
    h->a.rel_mark = calloc(a->n_rel + 1, 1);
    h->a.lcol = a->lcol ? calloc(nq, sizeof *h->a.lcol) : NULL;
    h->a.score = a->score ? calloc(a->n_g + 1, sizeof *h->a.score) : NULL;
    h->withheld = malloc(nr);
    h->seen = malloc(nq);
    h->lists = malloc(3 * nq * sizeof *h->lists);
    if (!h->a.lo || !h->a.hi || !h->a.published || !h->a.verified || !h->a.stuck ||
        !h->a.col || !h->a.rel_mark || (a->lcol && !h->a.lcol) || (a->score && !h->a.score) ||
        !h->withheld || !h->seen || !h->lists) {
        half_free(h);
        return false;
    }
    memcpy(h->a.lo, a->lo, a->n_q * sizeof *a->lo);
    memcpy(h->a.hi, a->hi, a->n_q * sizeof *a->hi);
    memcpy(h->a.published, a->published, a->n_q);
    memcpy(h->a.verified, a->verified, a->n_q);
    memcpy(h->a.stuck, a->stuck, a->n_q);
    memcpy(h->withheld, withheld, a->m->n_rows);
    return true;
}

static void *half_run(void *arg)
{
    struct half *h = arg;
    if (h->thread)
        glpk_quiet();
    if (h->whole)
        h->st = whole_audit(&h->a, h->withheld, h->n, h->mark, h->first, 2, h->start, h->seen,
                            h->lists);
    for (size_t g = h->first; !h->whole && g < h->a.n_g && h->st == 0; g += 2)
        h->st = local_group(&h->a, g, h->n, h->withheld, h->mark, h->lists);
    if (h->thread)
        glp_free_env();   /* this thread's GLPK environment: its LPs are gone */
    return NULL;
}

/* H's findings into A: the rows either half withheld, what either settled,
 * the widest ranges seen. Every table a half found fits everything it left
 * published, and the union leaves less published, so each still fits: what
 * a half settled stays settled (withholding more only widens). */
static void half_merge(struct audit *a, unsigned char *withheld, const struct half *h)
{
    for (size_t r = 0; r < a->m->n_rows; r++)
        if (!withheld[r])
            withheld[r] = h->withheld[r];
    for (size_t q = 0; q < a->n_q; q++) {
        a->verified[q] |= h->a.verified[q];
        a->stuck[q] |= h->a.stuck[q];
        a->lo[q] = fmin(a->lo[q], h->a.lo[q]);
        a->hi[q] = fmax(a->hi[q], h->a.hi[q]);
    }
}

/* The audit in two halves (locally, odd and even groups from the first
 * after the trust's; on the whole table, odd and even quantities) that
 * never see each other's work until both are done, so the result is the
 * same on one thread or two: on two (THREADS 0 or 2, and a second
 * processor online) the second half runs on its own thread. A count one
 * half's complement made sensitive is left for the other audits after.
 * 0, or -1: out of memory. */
static int halves(struct audit *a, unsigned char *withheld, unsigned n, unsigned char mark,
                  unsigned threads, bool whole, const struct basis *start)
{
    struct half h[2];
    size_t first = whole ? 0 : SUP_WHOLE + 1;
    if (!half_init(&h[0], a, withheld, first, whole, n, mark))
        return -1;
    if (!half_init(&h[1], a, withheld, first + 1, whole, n, mark)) {
        half_free(&h[0]);
        return -1;
    }
    h[0].start = h[1].start = start;
    pthread_t t;
    h[1].thread = threads != 1 && sysconf(_SC_NPROCESSORS_ONLN) >= 2; /* before it starts */
    if (h[1].thread && pthread_create(&t, NULL, half_run, &h[1]) != 0)
        h[1].thread = false;
    half_run(&h[0]);
    if (h[1].thread)
        pthread_join(t, NULL);
    else
        half_run(&h[1]);
    int st = h[0].st < 0 || h[1].st < 0 ? -1 : 0;
    for (int i = 0; i < 2 && st == 0; i++)
        half_merge(a, withheld, &h[i]);
    for (size_t q = 0; st == 0 && q < a->n_q; q++)
        a->published[q] = shown(a, q, withheld);
    half_free(&h[0]);
    half_free(&h[1]);
    return st;
}

static void audit_free(struct audit *a)
{
    free(a->q_of);
    free(a->value);
    free(a->lo);
    free(a->hi);
    free(a->cell_start);
    free(a->cells);
    free(a->rel_start);
    free(a->qt);
    free(a->rel_le);
    free(a->q_rel_start);
    free(a->q_rels);
    free(a->published);
    free(a->verified);
    free(a->stuck);
    free(a->col);
    free(a->rel_mark);
    free(a->g_of);
    free(a->g_start);
    free(a->g_qs);
    free(a->lcol);
    free(a->score);
}

int sup_audit(const struct sup_model *m, unsigned char *withheld, unsigned n,
              unsigned char complement, unsigned threads)
{
    struct audit a = {.m = m};
    unsigned char *seen = NULL, *before = malloc(m->n_rows + 1);
    size_t *queue = NULL;
    int st = WQ_ENOMEM;
    if (!before || !make_quantities(&a) || !make_relations(&a))
        goto out;
    a.published = malloc(a.n_q + 1);
    a.verified = calloc(a.n_q + 1, 1);
    a.stuck = calloc(a.n_q + 1, 1);
    a.col = calloc(a.n_q + 1, sizeof *a.col);
    a.rel_mark = malloc(a.n_rel + 1);
    seen = malloc(a.n_q + 1);
    queue = malloc(3 * (a.n_q + 1) * sizeof *queue);
    if (!a.published || !a.verified || !a.stuck || !a.col || !a.rel_mark || !seen || !queue)
        goto out;
    memcpy(before, withheld, m->n_rows);
    for (size_t q = 0; q < a.n_q; q++)
        a.published[q] = shown(&a, q, withheld);
    glpk_quiet();
    int more = 0;
    if (m->group && !make_groups(&a))
        more = -1;
    if (a.n_g > SUP_WHOLE + 1 && more == 0)
        more = halves(&a, withheld, n, complement, threads, false, NULL);
    struct basis start = {0};
    bool left = false;
    for (size_t q = 0; q < a.n_q && !left; q++)
        left = pending(&a, q, n);
    if (left && more == 0 && !basis_first(&a, &start))
        more = -1;
    if (left && more == 0)
        more = halves(&a, withheld, n, complement, threads, true, &start);
    if (left && more == 0)   /* what the halves left (above): on one thread, over all */
        more = whole_audit(&a, withheld, n, complement, 0, 1, &start, seen, queue);
    basis_free(&start);
    if (more < 0)
        memcpy(withheld, before, m->n_rows);
    else
        st = WQ_OK;
out:
    free(before);
    free(seen);
    free(queue);
    audit_free(&a);
    return st;
}
