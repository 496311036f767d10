/* extract.h: what every input reader shares: the header, row accounting,
 * malformed rows (an error, or skipped and listed with --skip-bad-rows),
 * unrecognised codes, yes/no fields and numbers. */
#ifndef WQ_EXTRACT_H
#define WQ_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "csv_reader.h"
#include "diag.h"
#include "options.h"
#include "workforce.h"

/* A memo of per-value results. A column of a national extract holds a few
 * hundred distinct spellings repeated over millions of rows, so each distinct
 * value is looked up (normalised, matched against the vocabulary) once and
 * its result found again by the field's raw bytes: an open-addressing table
 * keyed by a hash of the bytes, compared exactly, so equal bytes give the
 * result the lookup gave (every lookup it stands for is deterministic for
 * the run's vocabulary). Bounded: at most EXTRACT_MEMO_MAX values of at most
 * EXTRACT_MEMO_KEY_MAX bytes; any other value is looked up every time.
 * Allocated on first use, released by extract_free; an allocation failure
 * only means the value is not remembered. */
#define EXTRACT_MEMO_MAX 1024
#define EXTRACT_MEMO_KEY_MAX 256
struct extract_memo {
    uint32_t *slots;       /* 2 * EXTRACT_MEMO_MAX: entry index + 1, 0 = empty */
    struct extract_memo_entry *entries;
    char *bytes;           /* the keys, back to back */
    size_t n, n_bytes, alloc_bytes;
};

/* The memos of one file, by the lookup they stand for. */
enum extract_memo_kind {
    XM_ETHNICITY, XM_DISABILITY, XM_BANK, XM_BAND, XM_CLINICAL, XM_FTE, XM_N
};

/* One input file being read. Zero-initialise, then extract_header on the
 * first record; extract_free at the end (it hands the column names used by
 * the account's unknown_codes over to the account). */
struct extract {
    const struct wq_options *o;
    struct input_account *acc;
    size_t n_header;
    char **header_names;   /* trimmed copies, for messages */
    struct extract_memo memo[XM_N];
    struct extract_memo *level_memo; /* one per breakdown (extract_level) */
    size_t n_level_memo;
    int person_col;        /* the "person" field's column, or -1 (extract_footer_row) */
    bool have_header_err;  /* header_err: the first non-title record's missing columns */
    struct wq_error header_err;
};

/* How far the header is looked for: records above it are report title
 * lines (extract_header). */
#define EXTRACT_HEADER_SEARCH 50

/* Header aliases shared by several inputs (docs/inputs.md, section 3). */
extern const char *const extract_person_aliases[];
extern const char *const extract_ethnicity_aliases[];
extern const char *const extract_disability_aliases[];

/* Read PATH through FN (its UD must start handling record 1 as the header)
 * into X's account, counting converted fields; an empty file is bad data. */
int extract_read(struct extract *x, const char *path, csv_row_fn fn, void *ud,
                 struct wq_error *err);

/* The error for a file whose header was never found (extract_header), by
 * the end of PATH: the first non-title record's missing columns, "no
 * header row" when there were only title lines, or an empty file. */
int extract_no_header(struct extract *x, const char *path, struct wq_error *err);

/* The characteristic of VALUE for W's standard: an enum eth_detail (WRES)
 * or enum dis_group (WDES) in *CH; an unrecognised value is Unknown and
 * counted in the account (on every row that has it). Returns WQ_OK or
 * WQ_ENOMEM. Memoised (X's memo). */
int extract_characteristic(struct extract *x, const struct workforce *w, const char *value,
                           int *ch);
/* The same for the LEN bytes of VALUE (LEN is strlen(VALUE): a field's
 * length from the reader, csv_row.lens). */
int extract_characteristic_n(struct extract *x, const struct workforce *w, const char *value,
                             size_t len, int *ch);

/* vocab_is_bank, vocab_band, vocab_clinical with X's vocabulary, memoised by
 * the value's bytes (LEN: strlen(VALUE), as csv_row.lens gives it). extract_band remembers a band only when its text alone
 * decides the row; otherwise (a blank or unrecognised band, whose row
 * depends on OCCUPATION) it asks vocab_band every time. */
bool extract_is_bank(struct extract *x, const char *value, size_t len);
bool extract_band(struct extract *x, const char *value, size_t len, const char *occupation,
                  enum afc_row *row);
bool extract_clinical(struct extract *x, const char *value, size_t len, bool *clinical);

/* An FTE field: blank is 0; otherwise a number from 0 to 100 with nothing
 * after it but spaces. Returns false (the row is bad) for anything else.
 * Memoised (LEN: strlen(VALUE)). */
bool extract_fte(struct extract *x, const char *value, size_t len, double *fte);

/* strmap_intern(LEVELS, NAME) for breakdown B, memoised by NAME's LEN bytes
 * (LEN: strlen(NAME); B picks the memo: one per breakdown). Returns the
 * level index, or -1 on allocation failure. */
long extract_level(struct extract *x, size_t b, struct strmap *levels, const char *name,
                   size_t len);

/* Report framing: find the header among the first records and map it onto
 * SPECS into COL (n_specs ints), through the --column mapping. Call it for
 * each record while X->n_header is 0. The header is the first record that
 * has every required column, or that has at least one of SPECS' columns
 * (then its missing columns are the error, as for a header on line 1).
 * A record with none of them is a title line above the header ("Staff In
 * Post - Detail", "Run date: ...", a blank line): counted in the account's
 * title_lines and skipped, X->n_header staying 0. When the header is not
 * found within EXTRACT_HEADER_SEARCH records (or by the end, extract_read),
 * the error is the missing columns of the first record with two or more
 * non-empty fields, or "no header row" when every record was a title. */
int extract_header(struct extract *x, const struct csv_row *row, const struct col_spec *specs,
                   size_t n_specs, int *col, struct wq_error *err);

/* Is ROW a total, subtotal or report footer rather than a record (never
 * tallied, never bad: counted as EX_FOOTER)? PERSON_COL is the person
 * identifier's column, or -1. A row is one when either
 *  - its first non-empty field, trimmed and case-folded, is "total",
 *    "totals", "grand total", "sub total", "subtotal", "sub-total" or
 *    "count", or begins with "total" followed by a space or punctuation,
 *    "report run", "run date", "run by", "printed", "source:", or is
 *    "page N of M"; and every other non-empty field is a plain number
 *    (extract_decimal) or a date: a person's row has text (a group, a band)
 *    beside its identifier, so it is never taken for a total; or
 *  - it has exactly one non-empty field, a plain number, and that field is
 *    not in the person column (a count alone). A row holding only a person
 *    identifier is not a total but a damaged row: extract_begin_row makes
 *    it a bad row (an error, or skipped and listed with --skip-bad-rows). */
bool extract_footer_row(const struct csv_row *row, int person_col);

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
/* ... on N rows at once. */
int extract_note_unknown_n(struct unknown_codes *u, const char *value, unsigned long n);

/* Yes/No answers: 1 for yes, y, true, 1, primary; 0 for no, n, false, 0;
 * -1 for anything else (including blank). */
int extract_yes_no(const char *s);

/* A --by level longer than WORKFORCE_LEVEL_MAX is a damaged row, not a
 * directorate: the bad-row status (extract_bad_row) for the first such
 * field of ROW, else WQ_OK. BY_COL[b] is breakdown b's column (b = 1 ..
 * w->n_bd - 1; -1 when the file has none). */
int extract_check_levels(struct extract *x, const struct csv_row *row, const struct workforce *w,
                         const int *by_col, struct wq_error *err);

/* Is S a plain decimal number as a person would type it: digits with at
 * most one decimal point, 15 digits at most, spaces around allowed? (No
 * sign, exponent, hexadecimal, inf or nan, which strtod would accept.) */
bool extract_decimal(const char *s);

/* A non-negative plain decimal number (extract_decimal): sets *V; false
 * for anything else (text, a sign, an exponent, hexadecimal, NaN). */
bool extract_number(const char *s, double *v);

void extract_free(struct extract *x);

#endif
