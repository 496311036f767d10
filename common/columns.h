/* columns.h: find input columns by header name through alias lists. */
#ifndef WQ_COLUMNS_H
#define WQ_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_reader.h"
#include "diag.h"

/* A logical column: the header spellings it accepts, preferred first
 * (NULL-terminated), and whether the input is unusable without it. */
struct col_spec {
    const char *const *aliases;
    bool required;
};

/* Map HEADER onto SPECS: IDX[i] receives the field index of spec i, or -1.
 * Header names are compared trimmed, case-folded and with runs of spaces
 * collapsed. When two aliases of one spec are both present, the earlier
 * alias in the list wins. Errors (WQ_EDATA, naming file:line):
 *   - a required column is missing: the message names the column, the
 *     spellings accepted and the headers found;
 *   - a column used by a spec appears twice in the header. */
int columns_map(const struct csv_row *header, const struct col_spec *specs, size_t n_specs,
                int *idx, struct wq_error *err);

/* Field index of the header named NAME (same comparison), or -1. */
int columns_find(const struct csv_row *header, const char *name);

/* Write "A, B, C" (the header names, truncated to fit) into BUF. */
void columns_list(const struct csv_row *header, char *buf, size_t size);

#endif
