/* columns.h: find input columns by header name through alias lists, and
 * the --column FIELD=HEADER mapping (docs/inputs.md, "Naming columns"). */
#ifndef WQ_COLUMNS_H
#define WQ_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_reader.h"
#include "diag.h"

/* A logical column: its FIELD name (one of columns_fields, as --column
 * names it), the header spellings it accepts, preferred first
 * (NULL-terminated), whether the input is unusable without it, and an
 * optional HINT said instead of the generic message when it is the only
 * column missing. */
struct col_spec {
    const char *field;
    const char *const *aliases;
    bool required;
    const char *hint;
};

/* One --column FIELD=HEADER (or [columns] FIELD = HEADER): HEADER is tried
 * before FIELD's aliases in every input that has FIELD. FOUND is set when
 * some input's header has it (a HEADER no input has is warned about). */
struct col_map {
    const char *field;
    const char *header;
    bool found;
};

/* The FIELD names, NULL-terminated, in the order docs/inputs.md lists them. */
extern const char *const columns_fields[];
bool columns_field_known(const char *field);
/* "person, assignment, ..." into BUF. */
void columns_fields_list(char *buf, size_t size);

/* Map HEADER onto SPECS: IDX[i] receives the field index of spec i, or -1;
 * *N_FOUND (may be NULL) the number of specs found. MAPS (N_MAPS, may be
 * NULL) are tried first, the last given for a field first. Header names are
 * compared trimmed, case-folded and with runs of spaces collapsed. When two
 * aliases of one spec are both present, the earlier alias in the list wins.
 * Errors (WQ_EDATA, naming file:line):
 *   - required columns are missing: one message names every one, with the
 *     spellings accepted, the headers found, and for each the nearest header
 *     as a ready --column suggestion;
 *   - a column used by a spec appears twice in the header. */
int columns_map(const struct csv_row *header, const struct col_spec *specs, size_t n_specs,
                struct col_map *maps, size_t n_maps, int *idx, size_t *n_found,
                struct wq_error *err);

/* The field index of the header nearest to SPEC's names among HEADER's
 * fields not in USED (N_USED indices; may be NULL), or -1 when none is near:
 * a header sharing a word of three letters or more with an alias or the
 * field name, or within an edit distance of a third of the alias's length
 * (on folded names). */
int columns_nearest(const struct csv_row *header, const struct col_spec *spec, const int *used,
                    size_t n_used);

/* Are field names A and B the same, case aside and '-', '_' and ' '
 * alike ("staff-group", "Staff_Group"; "Org L3", "org_l3")? */
bool columns_same_field(const char *a, const char *b);

/* A --by column NAME's field index: a mapping whose FIELD is NAME
 * (columns_same_field; the last given first) when HEADER has its HEADER,
 * else the header named NAME; -1 when neither. */
int columns_find_by(const struct csv_row *header, const char *name, struct col_map *maps,
                    size_t n_maps);

/* How near HEADER_NAME is to SPEC's names (columns_nearest's test): 0 when
 * not near, else larger is nearer (below 1000 by edit distance alone, 1000
 * per shared word). */
size_t columns_nearness(const struct col_spec *spec, const char *header_name);

/* Field index of the header named NAME (same comparison), or -1. */
int columns_find(const struct csv_row *header, const char *name);

/* Sex in ESR and HR extracts: "Sex", "Gender" (ESR's column), "Legal Sex";
 * a --by column named by any of them reads whichever the header has. */
extern const char *const columns_sex_aliases[];
/* Field index of the first of the NULL-terminated NAMES in HEADER, or -1. */
int columns_find_any(const struct csv_row *header, const char *const *names);
/* A Sex value as a breakdown level: "Female" (F, Female, Woman), "Male" (M,
 * Male, Man), "(blank)", else "Unknown" (not stated, other codes): static. */
const char *columns_sex_name(const char *raw);

/* Write "A, B, C" (the header names, truncated to fit) into BUF. */
void columns_list(const struct csv_row *header, char *buf, size_t size);

#endif
