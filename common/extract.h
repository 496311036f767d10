/* extract.h: what every input reader shares: the header, row accounting,
 * malformed rows (an error, or skipped and listed with --skip-bad-rows),
 * unrecognised codes, yes/no fields and numbers. */
#ifndef WQ_EXTRACT_H
#define WQ_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "columns.h"
#include "csv_reader.h"
#include "diag.h"
#include "options.h"
#include "workforce.h"

/* One input file being read. Zero-initialise, then extract_header on the
 * first record; extract_free at the end (it hands the column names used by
 * the account's unknown_codes over to the account). */
struct extract {
    const struct wq_options *o;
    struct input_account *acc;
    size_t n_header;
    char **header_names;   /* trimmed copies, for messages */
};

/* Header aliases shared by several inputs (inputs.md). */
extern const char *const extract_person_aliases[];
extern const char *const extract_ethnicity_aliases[];
extern const char *const extract_disability_aliases[];

/* Read PATH through FN (its UD must start handling record 1 as the header)
 * into X's account, counting converted fields; an empty file is bad data. */
int extract_read(struct extract *x, const char *path, csv_row_fn fn, void *ud,
                 struct wq_error *err);

/* The characteristic of VALUE for W's standard: an enum eth_detail (WRES)
 * or enum dis_group (WDES) in *CH; an unrecognised value is Unknown and
 * counted in the account. Returns WQ_OK or WQ_ENOMEM. */
int extract_characteristic(struct extract *x, const struct workforce *w, const char *value,
                           int *ch);

/* Map the header (the first record) onto SPECS into COL (n_specs ints). */
int extract_header(struct extract *x, const struct csv_row *row, const struct col_spec *specs,
                   size_t n_specs, int *col, struct wq_error *err);

/* A malformed row: without --skip-bad-rows an error (WQ_EDATA) naming
 * file:line and the column (COL, or -1); with it, the row is listed in the
 * account and WQ_OK returned. Never pass an identifier's value in FMT. */
int extract_bad_row(struct extract *x, const struct csv_row *row, int col, struct wq_error *err,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Check the field count against the header; count blank rows. Returns
 * WQ_OK with *SKIP true when the row is not to be used (blank, or bad and
 * skipped), or an error. Also counts the row as read. */
int extract_begin_row(struct extract *x, const struct csv_row *row, bool *skip,
                      struct wq_error *err);

/* The field of column COL (an index from extract_header), or "" when the
 * column is absent. */
const char *extract_field(const struct csv_row *row, int col);

/* Name column COL (an index from extract_header, or -1) as where the
 * account's unrecognised values of KIND come from, unless an earlier file
 * of the same account already named one. */
void extract_unknown_column(struct extract *x, enum vocab_kind kind, int col);

/* Count an unrecognised vocabulary value in U (WQ_ENOMEM on failure). */
int extract_note_unknown(struct unknown_codes *u, const char *value);

/* Yes/No answers: 1 for yes, y, true, 1, primary; 0 for no, n, false, 0;
 * -1 for anything else (including blank). */
int extract_yes_no(const char *s);

/* A non-negative number: sets *V; false for text, negatives, NaN. */
bool extract_number(const char *s, double *v);

void extract_free(struct extract *x);

#endif
