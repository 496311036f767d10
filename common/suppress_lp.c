/* suppress_lp.c: the relations of a metrics table and the LP audit of
 * publication mode (see suppress_lp.h, and suppress.c for what is
 * guaranteed).
 *
 * The audit works on quantities: cells that a relation "a = b" says are the
 * same number (a group's headcount is the count of its metric-1 row and the
 * base of its leaver row) are one quantity, published when any row showing
 * it is. The other relations, over quantities, are the LP's constraints;
 * a pass finds the connected groups of unpublished quantities and solves,
 * with GLPK's simplex, the min and max of each sensitive one in its group.
 * Every solution found is a feasible table, so the spread of each quantity
 * over the solutions seen so far is a range it can take: a quantity whose
 * spread already reaches N needs no LP. Withholding more only widens the
 * feasible set, so a quantity found safe stays safe. */
#include "suppress_lp.h"

#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    size_t *root;                 /* per q: its group of unpublished quantities */
    int *col;                     /* per q: its LP column while a group is solved */
    size_t *todo, n_todo;         /* sensitive quantities not yet found safe */
    size_t *row_rel;              /* LP row (from 1) -> its relation */
    unsigned char *rel_mark;      /* per relation: in the pattern LP already */
    unsigned char *group_done;    /* per q: its group audited in this pass */
};

static bool is_merge(const struct sup_model *m, const struct sup_relation *r)
{
    return !r->le && r->n == 2 && m->terms[r->first].coef == -m->terms[r->first + 1].coef &&
           m->terms[r->first].coef != 0;
}

/* Cells to quantities, and each quantity's cells. */
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
        parent[c] = c;
    for (size_t k = 0; k < m->n_rel; k++)
        if (is_merge(m, &m->rel[k]))
            uf_join(parent, m->terms[m->rel[k].first].cell, m->terms[m->rel[k].first + 1].cell);
    a->n_q = 0;
    for (size_t c = 0; c < m->n_cells; c++)
        if (uf_find(parent, c) == c)
            a->q_of[c] = a->n_q++;
    for (size_t c = 0; c < m->n_cells; c++)
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
        a->cell_start[a->q_of[c] + 1]++;
    for (size_t q = 0; q < a->n_q; q++)
        a->cell_start[q + 1] += a->cell_start[q];
    size_t *fill = malloc(nq * sizeof *fill);
    if (!fill)
        return false;
    memcpy(fill, a->cell_start, a->n_q * sizeof *fill);
    for (size_t c = 0; c < m->n_cells; c++) {
        size_t q = a->q_of[c];
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

/* Which quantities a published row shows (a total outside the table always
 * is); the groups of unpublished quantities joined by a relation. */
static void mark_published(struct audit *a, const unsigned char *withheld)
{
    const struct sup_model *m = a->m;
    for (size_t q = 0; q < a->n_q; q++) {
        a->published[q] = 0;
        for (size_t i = a->cell_start[q]; i < a->cell_start[q + 1]; i++) {
            size_t c = a->cells[i];
            if (c >= 2 * m->n_rows || !withheld[c / 2])
                a->published[q] = 1;
        }
        a->root[q] = q;
    }
    for (size_t k = 0; k < a->n_rel; k++) {
        size_t first = SIZE_MAX;
        for (size_t i = a->rel_start[k]; i < a->rel_start[k + 1]; i++) {
            size_t q = a->qt[i].cell;
            if (a->published[q])
                continue;
            if (first == SIZE_MAX)
                first = q;
            else
                uf_join(a->root, first, q);
        }
    }
    for (size_t q = 0; q < a->n_q; q++)
        a->root[q] = uf_find(a->root, q);
}

static bool sensitive(const struct audit *a, size_t q, unsigned n)
{
    return !a->published[q] && a->value[q] > SUP_TOL && a->value[q] < n - SUP_TOL;
}

/* --- the LP of one group ------------------------------------------------------------------- */

/* The LP over the unpublished quantities of group ROOT: a column each
 * (>= 0), a row for each relation that has one, published quantities moved
 * to the right-hand side at their values. NULL: out of memory. */
static glp_prob *group_lp(struct audit *a, size_t root)
{
    int n_col = 0;
    for (size_t q = 0; q < a->n_q; q++)
        a->col[q] = !a->published[q] && a->root[q] == root ? ++n_col : 0;
    size_t n_terms = a->rel_start[a->n_rel];
    int *ia = malloc((n_terms + 1) * sizeof *ia), *ja = malloc((n_terms + 1) * sizeof *ja);
    double *ar = malloc((n_terms + 1) * sizeof *ar);
    if (!ia || !ja || !ar) {
        free(ia);
        free(ja);
        free(ar);
        return NULL;
    }
    glp_prob *lp = glp_create_prob();
    glp_add_cols(lp, n_col);
    for (int j = 1; j <= n_col; j++)
        glp_set_col_bnds(lp, j, GLP_LO, 0.0, 0.0);
    int n_row = 0, n_nz = 0;
    for (size_t k = 0; k < a->n_rel; k++) {
        double rhs = 0;
        int start = n_nz;
        for (size_t i = a->rel_start[k]; i < a->rel_start[k + 1]; i++) {
            size_t q = a->qt[i].cell;
            if (a->col[q]) {
                ia[++n_nz] = n_row + 1;
                ja[n_nz] = a->col[q];
                ar[n_nz] = a->qt[i].coef;
            } else {
                rhs -= a->qt[i].coef * a->value[q];
            }
        }
        if (n_nz == start)
            continue;
        glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, ++n_row, a->rel_le[k] ? GLP_UP : GLP_FX, rhs, rhs);
        a->row_rel[n_row] = k;
    }
    if (n_nz)
        glp_load_matrix(lp, n_nz, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    return lp;
}

/* Min or max (DIR) of column COL: true with *V (INFINITY when unbounded);
 * false when the solver does not give an answer. A solution found widens
 * every quantity's seen range. */
static bool lp_bound(struct audit *a, glp_prob *lp, int col, int dir, double *v)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    glp_set_obj_dir(lp, dir);
    glp_set_obj_coef(lp, col, 1.0);
    int ret = glp_simplex(lp, &parm);
    int status = ret == 0 ? glp_get_status(lp) : GLP_UNDEF;
    glp_set_obj_coef(lp, col, 0.0);
    if (status == GLP_UNBND && dir == GLP_MAX) {
        *v = INFINITY;
        return true;
    }
    if (status != GLP_OPT)
        return false;
    *v = glp_get_obj_val(lp);
    for (size_t q = 0; q < a->n_q; q++)
        if (a->col[q]) {
            double x = glp_get_col_prim(lp, a->col[q]);
            if (x < a->lo[q])
                a->lo[q] = x;
            if (x > a->hi[q])
                a->hi[q] = x;
        }
    return true;
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

/* Withhold every row that shows quantity Q. */
static void withhold_quantity(const struct audit *a, size_t q, unsigned char *withheld,
                              unsigned char mark)
{
    for (size_t i = a->cell_start[q]; i < a->cell_start[q + 1]; i++) {
        size_t c = a->cells[i];
        if (c < 2 * a->m->n_rows && !withheld[c / 2])
            withheld[c / 2] = mark;
    }
}

/* --- the audit ------------------------------------------------------------------------------- */

/* The quantities within RADIUS relations of Q (every one reachable when
 * RADIUS is 0) into LIST, marked in SEEN; how many. A total published
 * outside the table is listed but not gone through. */
static size_t nearby(const struct audit *a, size_t q, unsigned radius, unsigned char *seen,
                     size_t *list)
{
    size_t n = 0, head = 0;
    memset(seen, 0, a->n_q);
    list[n++] = q;
    seen[q] = 1;
    for (unsigned layer = 0; head < n && (!radius || layer < radius); layer++) {
        size_t end = n;
        for (; head < end; head++) {
            size_t p = list[head];
            if (a->cells[a->cell_start[p]] >= 2 * a->m->n_rows)
                continue;
            for (size_t i = a->q_rel_start[p]; i < a->q_rel_start[p + 1]; i++)
                for (size_t j = a->rel_start[a->q_rels[i]]; j < a->rel_start[a->q_rels[i] + 1]; j++)
                    if (!seen[a->qt[j].cell]) {
                        seen[a->qt[j].cell] = 1;
                        list[n++] = a->qt[j].cell;
                    }
        }
    }
    return n;
}

static bool outside(const struct audit *a, size_t q)
{
    return a->cells[a->cell_start[q]] >= 2 * a->m->n_rows;
}

/* The columns of the pattern LP over LIST: a shift d >= -value for each
 * unpublished quantity (Q's fixed at +N), and for each published one two
 * parts d = p - m, each costing 1 + value (a total outside the table stays
 * put). A->col[q] is the first column of q, 0 for none. */
static void pattern_columns(struct audit *a, glp_prob *lp, size_t q, unsigned n,
                            const size_t *list, size_t n_list)
{
    int n_col = 0;
    memset(a->col, 0, a->n_q * sizeof *a->col);
    for (size_t i = 0; i < n_list; i++) {
        size_t j = list[i];
        a->col[j] = outside(a, j) ? 0 : n_col + 1;
        n_col += outside(a, j) ? 0 : a->published[j] ? 2 : 1;
    }
    glp_add_cols(lp, n_col);
    for (size_t i = 0; i < n_list; i++) {
        size_t j = list[i];
        int c = a->col[j];
        if (!c)
            continue;
        if (j == q) {
            glp_set_col_bnds(lp, c, GLP_FX, n, n);
        } else if (!a->published[j]) {
            glp_set_col_bnds(lp, c, GLP_LO, -a->value[j], 0);
        } else {
            glp_set_col_bnds(lp, c, GLP_LO, 0, 0);
            glp_set_col_bnds(lp, c + 1, a->value[j] > 0 ? GLP_DB : GLP_FX, 0, a->value[j]);
            glp_set_obj_coef(lp, c, 1 + a->value[j]);
            glp_set_obj_coef(lp, c + 1, 1 + a->value[j]);
        }
    }
}

/* The rows: every relation with a term in LIST, on the shifts (a term
 * outside LIST does not move): equalities stay = 0; sum <= 0 keeps its
 * slack. False: out of memory. */
static bool pattern_rows(struct audit *a, glp_prob *lp, const size_t *list, size_t n_list)
{
    size_t cap = 1;
    for (size_t i = 0; i < n_list; i++)
        for (size_t r = a->q_rel_start[list[i]]; r < a->q_rel_start[list[i] + 1]; r++)
            cap += 2 * (a->rel_start[a->q_rels[r] + 1] - a->rel_start[a->q_rels[r]]);
    int *ia = malloc(cap * sizeof *ia), *ja = malloc(cap * sizeof *ja);
    double *ar = malloc(cap * sizeof *ar);
    bool ok = ia && ja && ar;
    int n_row = 0, nz = 0;
    for (size_t i = 0; ok && i < n_list; i++)
        for (size_t r = a->q_rel_start[list[i]]; r < a->q_rel_start[list[i] + 1]; r++) {
            size_t k = a->q_rels[r];
            if (a->rel_mark[k])
                continue;
            a->rel_mark[k] = 1;
            double slack = 0;
            glp_add_rows(lp, 1);
            n_row++;
            for (size_t t = a->rel_start[k]; t < a->rel_start[k + 1]; t++) {
                size_t j = a->qt[t].cell;
                double coef = a->qt[t].coef;
                slack -= coef * a->value[j];
                if (!a->col[j])
                    continue;
                ia[++nz] = n_row, ja[nz] = a->col[j], ar[nz] = coef;
                if (a->published[j])
                    ia[++nz] = n_row, ja[nz] = a->col[j] + 1, ar[nz] = -coef;
            }
            if (a->rel_le[k])
                glp_set_row_bnds(lp, n_row, GLP_UP, 0, slack > 0 ? slack : 0);
            else
                glp_set_row_bnds(lp, n_row, GLP_FX, 0, 0);
        }
    if (ok && nz)
        glp_load_matrix(lp, nz, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    return ok;
}

/* Protect Q the way cell-suppression heuristics do: the cheapest shift of
 * the table around Q that keeps every relation, keeps every number >= 0,
 * moves Q up by N and moves only published numbers that are then withheld.
 * After it, a table with Q + N fits everything still published, so Q's
 * range is at least N. 1: withheld some; 0: no such shift among the
 * N_LIST quantities of LIST (or the solver failed); -1: out of memory. */
static int protect(struct audit *a, size_t q, unsigned n, const size_t *list, size_t n_list,
                   unsigned char *withheld, unsigned char mark)
{
    glp_prob *lp = glp_create_prob();
    pattern_columns(a, lp, q, n, list, n_list);
    memset(a->rel_mark, 0, a->n_rel + 1);
    if (!pattern_rows(a, lp, list, n_list)) {
        glp_delete_prob(lp);
        return -1;
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    int ret = glp_simplex(lp, &parm), done = 0;
    if (ret == 0 && glp_get_status(lp) == GLP_OPT)
        for (size_t i = 0; i < n_list; i++) {
            size_t j = list[i];
            int c = a->col[j];
            if (c && a->published[j] &&
                glp_get_col_prim(lp, c) + glp_get_col_prim(lp, c + 1) > SUP_TOL) {
                withhold_quantity(a, j, withheld, mark);
                done = 1;
            }
        }
    for (size_t i = 0; i < n_list; i++)
        a->col[list[i]] = 0;
    glp_delete_prob(lp);
    return done;
}

/* For an under-protected quantity Q: a protecting shift among the
 * quantities near it, then further out; failing that, the nearest
 * published number (pick_complement). 1: withheld more; 0: nothing left to
 * withhold; -1: out of memory. */
static int complement(struct audit *a, size_t q, unsigned n, unsigned char *withheld,
                      unsigned char mark, unsigned char *seen, size_t *queue)
{
    static const unsigned radii[] = {3, 6, 0};
    size_t before = SIZE_MAX;
    for (size_t r = 0; r < sizeof radii / sizeof *radii; r++) {
        size_t n_list = nearby(a, q, radii[r], seen, queue);
        if (n_list == before)
            continue;
        before = n_list;
        int st = protect(a, q, n, queue, n_list, withheld, mark);
        if (st)
            return st;
    }
    size_t c = pick_complement(a, q, seen, queue);
    if (c == SIZE_MAX)
        return 0;
    withhold_quantity(a, c, withheld, mark);
    return 1;
}

/* Solve the group of ROOT for each of its sensitive quantities not yet
 * safe. On the first one found under-protected (range under N, or the
 * solver gave no answer) withhold its complement: 1; all safe: 0; out of
 * memory: -1. */
static int audit_group(struct audit *a, size_t root, unsigned n, unsigned char *withheld,
                       unsigned char mark, unsigned char *seen, size_t *queue)
{
    glp_prob *lp = NULL;
    int result = 0;
    for (size_t t = 0; t < a->n_todo && !result; t++) {
        size_t q = a->todo[t];
        if (a->root[q] != root || a->verified[q])
            continue;
        if (a->hi[q] - a->lo[q] >= n - SUP_TOL) {
            a->verified[q] = 1;
            continue;
        }
        if (!lp && !(lp = group_lp(a, root)))
            return -1;
        double lo, hi;
        bool solved = lp_bound(a, lp, a->col[q], GLP_MIN, &lo) &&
                      lp_bound(a, lp, a->col[q], GLP_MAX, &hi);
        if (solved && hi - lo >= n - SUP_TOL) {
            a->verified[q] = 1;
            continue;
        }
        glp_delete_prob(lp);
        lp = NULL;
        int st = complement(a, q, n, withheld, mark, seen, queue);
        if (st < 0)
            return -1;
        if (!st)
            a->verified[q] = 1; /* nothing left to withhold: see suppress.c */
        result = 1;
        result = 1;
    }
    if (lp)
        glp_delete_prob(lp);
    return result;
}

/* One pass: the groups of unpublished quantities, each audited until one
 * needs a complement. 1: withheld more, 0: nothing to do, -1: out of
 * memory. */
static int audit_pass(struct audit *a, unsigned char *withheld, unsigned n, unsigned char mark,
                      unsigned char *seen, size_t *queue)
{
    mark_published(a, withheld);
    a->n_todo = 0;
    for (size_t q = 0; q < a->n_q; q++)
        if (!a->verified[q] && sensitive(a, q, n))
            a->todo[a->n_todo++] = q;
    unsigned char *done = a->group_done;
    memset(done, 0, a->n_q);
    for (size_t t = 0; t < a->n_todo; t++) {
        size_t q = a->todo[t];
        if (a->verified[q] || done[a->root[q]])
            continue;
        done[a->root[q]] = 1;
        int st = audit_group(a, a->root[q], n, withheld, mark, seen, queue);
        if (st)
            return st;
    }
    return 0;
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
    free(a->root);
    free(a->col);
    free(a->todo);
    free(a->row_rel);
    free(a->group_done);
    free(a->rel_mark);
}

int sup_audit(const struct sup_model *m, unsigned char *withheld, unsigned n,
              unsigned char complement)
{
    struct audit a = {.m = m};
    unsigned char *seen = NULL, *before = malloc(m->n_rows + 1);
    size_t *queue = NULL;
    int st = WQ_ENOMEM;
    if (!before || !make_quantities(&a) || !make_relations(&a))
        goto out;
    a.published = malloc(a.n_q + 1);
    a.verified = calloc(a.n_q + 1, 1);
    a.root = malloc((a.n_q + 1) * sizeof *a.root);
    a.col = malloc((a.n_q + 1) * sizeof *a.col);
    a.todo = malloc((a.n_q + 1) * sizeof *a.todo);
    a.row_rel = malloc((a.n_rel + 2) * sizeof *a.row_rel);
    a.group_done = malloc(a.n_q + 1);
    a.rel_mark = malloc(a.n_rel + 1);
    seen = malloc(a.n_q + 1);
    queue = malloc((a.n_q + 1) * sizeof *queue);
    if (!a.published || !a.verified || !a.root || !a.col || !a.todo || !a.row_rel || !a.group_done || !a.rel_mark || !seen || !queue)
        goto out;
    memcpy(before, withheld, m->n_rows);
    glp_term_out(GLP_OFF);
    int more;
    while ((more = audit_pass(&a, withheld, n, complement, seen, queue)) > 0)
        ;
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
