/* suppress_lp.h: the linear relations a published metrics table implies,
 * and the LP audit that withholds until none of them pins a small count
 * (suppress_lp.c; built by suppress.c).
 *
 * A cell is one number a row shows: its count (cell 2i of row i) or its
 * base (cell 2i+1), or a total published outside the table (data-quality
 * counts; cells from 2 * n_rows on, never withheld). A relation is
 * sum(coef * cell) = 0, or <= 0; only relations the true values satisfy are
 * kept, so the true table is always a solution. */
#ifndef WQ_SUPPRESS_LP_H
#define WQ_SUPPRESS_LP_H

#include <stdbool.h>
#include <stddef.h>

struct sup_term {
    size_t cell;
    double coef;
};

struct sup_relation {
    size_t first, n; /* its terms: terms[first .. first + n) */
    bool le;         /* <= 0; else = 0 */
};

#define SUP_WHOLE 0 /* the group of the whole trust's rows */

struct sup_model {
    size_t n_rows;     /* table rows: cells 2i and 2i+1 */
    size_t n_cells;    /* 2 * n_rows + published totals */
    double *value;     /* each cell's true value; NaN when the row has none */
    size_t *group;     /* each row's group (its breakdown and level; the
                          trust's rows: SUP_WHOLE), or NULL: the audit works
                          group by group first (suppress_lp.c) */
    struct sup_term *terms;
    size_t n_terms, alloc_terms;
    struct sup_relation *rel;
    size_t n_rel, alloc_rel;
};

/* Start a relation; add its terms; end it: kept when it has two terms or
 * more, every cell has a value and the true values satisfy it (within
 * 1e-6), else dropped. False: out of memory. */
bool sup_begin(struct sup_model *m);
bool sup_term(struct sup_model *m, size_t cell, double coef);
bool sup_end(struct sup_model *m, bool le);
/* Add a published total (its cell index in *CELL) of value V. */
bool sup_total(struct sup_model *m, double v, size_t *cell);
void sup_model_free(struct sup_model *m);

/* The audit. WITHHELD[i] (row i) is nonzero for the rows withheld so far.
 * A sensitive cell is one with a true value from 1 to N-1 that no
 * published row shows. For each, withholds more rows (marking them
 * COMPLEMENT) until two tables that satisfy every relation, are >= 0 and
 * agree with every published cell put it N apart: then its max - min over
 * such tables is at least N. THREADS: 1, one thread; 0 or 2, two when a
 * second processor is online (the result is the same). WQ_OK, or
 * WQ_ENOMEM with WITHHELD unchanged. */
int sup_audit(const struct sup_model *m, unsigned char *withheld, unsigned n,
              unsigned char complement, unsigned threads);

#endif
