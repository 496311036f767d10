/* sheets.h: the submission workbook as a model of sheets and cells, and its
 * renderers (.xlsx through libxlsxwriter, one CSV file per sheet).
 *
 * Model and renderers are split as in PSPP's charts: sheets.c builds the
 * sheets from the metrics table and makes no libxlsxwriter call; xlsx.c and
 * sheets_csv.c only draw what the model holds. Unit tests check the model.
 *
 * The workbook (sheets_build) has, in this order:
 *   "Metric 1" ... "Metric 9" (WRES) or "Metric 10" (WDES), laid out like NHS
 *       England's data-collection template, each starting with a title row;
 *       a metric whose input was not given says "Not supplied: give ...";
 *   "Leavers"              the local leaver metric;
 *   "By <column>"          one per --by column: one line per level;
 *   "All figures"          the whole metrics CSV as a table (row 0 = its header);
 *   "Data quality"         rows read / used / excluded for every input,
 *                          unrecognised codes, skipped lines, declaration rates;
 *   "Methods"              definitions and methods in plain words.
 * The toolkit's intervals, flags, evidence and notes are in separate columns
 * to the right of the template's figures, under the heading "Toolkit
 * additions (not part of the NHS England template)".
 *
 * Conventions for number cells (the renderers rely on them):
 *   - a number cell holds the FULL-PRECISION value; only the display is
 *     rounded (half away from zero, as Excel does);
 *   - NaN (not applicable / not calculable) is never stored: the cell is
 *     left empty, and a "Note" column says why where it matters;
 *   - an infinite value is stored as the TEXT "inf" (or "-inf"), as in the
 *     metrics CSV;
 *   - CELL_PP holds PERCENTAGE POINTS, i.e. the metrics CSV's difference of
 *     proportions times 100 (-0.0383 is stored as -3.83); the .xlsx gives
 *     these cells the number format 0.00" pp", which is how readers
 *     (and tests/cli/check_xlsx.py) recognise them. All other kinds hold the
 *     metrics CSV's value unchanged (a CELL_PERCENT holds the proportion 0-1).
 *
 * Ownership: a workbook owns its sheets, a sheet its name and cells, a cell
 * its text (all malloc'd). sheets_free releases everything inside a
 * workbook, not the struct itself. Nothing here keeps a pointer into the
 * metric table, the workforce or the options. */
#ifndef WQ_SHEETS_H
#define WQ_SHEETS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "metrics.h"
#include "options.h"
#include "workforce.h"

enum cell_kind {
    CELL_EMPTY,
    CELL_TEXT,    /* plain text, always written as a string (never a formula) */
    CELL_HEADING, /* a title or column heading (bold) */
    CELL_COUNT,   /* a count: shown 0 (0.0 when not a whole number) */
    CELL_PERCENT, /* a proportion 0-1: shown 0.00% */
    CELL_RATIO,   /* a relative likelihood: shown 0.00 */
    CELL_NUMBER,  /* a score or a difference of scores: shown 0.00 */
    CELL_PP       /* percentage points (proportion difference x 100): shown 0.00 pp */
};

struct cell {
    enum cell_kind kind;
    double value;  /* number kinds */
    char *text;    /* CELL_TEXT, CELL_HEADING (owned, non-empty); else NULL */
};

struct sheet {
    char *name;             /* at most 31 characters, none of []:*?/\ */
    size_t n_rows, n_cols;  /* used extent: the last non-empty row/column + 1 */
    struct cell *cells;     /* row-major: cells[r * n_cols + c] */
    size_t alloc_rows;      /* rows allocated (>= n_rows) */
    size_t freeze_rows;     /* rows to keep in view when scrolling (0 = none) */
    bool filter;            /* row 0 is a table header: add a filter */
};

struct workbook {
    struct sheet *sheets;
    size_t n_sheets, alloc_sheets;
};

/* Build the workbook for table T (every row, Trust and --by breakdowns), the
 * inputs' accounts in W (w->std gives the standard) and the run's options O.
 * WB must be zeroed ({0}) before the call. Returns WQ_OK, or WQ_ENOMEM with
 * ERR filled; free WB with sheets_free either way. */
int sheets_build(struct workbook *wb, const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o, struct wq_error *err);
void sheets_free(struct workbook *wb);

/* Write WB to PATH as an .xlsx file (written to a temporary name beside it
 * and renamed into place: a failure leaves no partial file and keeps an
 * existing PATH). Every libxlsxwriter status is checked, workbook_close's
 * included. Text cells are written with worksheet_write_string only, so a
 * text such as =HYPERLINK("http://x","y") stays an inert string. Returns
 * WQ_OK, WQ_ECANTCREAT (cannot create or rename the file) or WQ_EIO /
 * WQ_ENOMEM, with ERR filled. Defined in xlsx.c. */
int sheets_write_xlsx(const struct workbook *wb, const char *path, struct wq_error *err);

/* Write every sheet as DIR/<slug>.csv (metric-1.csv, all-figures.csv,
 * data-quality.csv, methods.csv, by-org-l3.csv ...; slugs are made unique
 * with -2, -3 ...). DIR is created if missing. Cells are written as
 * DISPLAYED (cell_display); text starting with = + - @, tab or CR is made
 * inert with a leading ' as in the metrics CSV. All files are written to
 * temporary names first and renamed only when every one was written.
 * Returns WQ_OK, WQ_ECANTCREAT, WQ_EIO or WQ_ENOMEM with ERR filled.
 * Defined in sheets_csv.c. */
int sheets_write_csv(const struct workbook *wb, const char *dir, struct wq_error *err);

/* ---- the model's building blocks (used by sheets.c and the tests) ---- */

/* Append a sheet named NAME (copied; the caller makes it valid and unique,
 * see sheets_sheet_name). Returns it, or NULL on allocation failure. The
 * pointer is valid until the next sheet is added. */
struct sheet *workbook_add_sheet(struct workbook *wb, const char *name);

/* The sheet named NAME, or NULL. */
const struct sheet *workbook_sheet(const struct workbook *wb, const char *name);

/* Set cell (ROW, COL), growing the sheet as needed; the old content is
 * freed. sheet_set_text/sheet_set_heading copy S; NULL or "" empties the
 * cell. sheet_set_num stores V as KIND (a number kind), NaN as an empty cell,
 * +-infinity as the text "inf"/"-inf". All return false on allocation
 * failure (the cell is then unchanged). */
bool sheet_set_text(struct sheet *sh, size_t row, size_t col, const char *s);
bool sheet_set_heading(struct sheet *sh, size_t row, size_t col, const char *s);
bool sheet_set_num(struct sheet *sh, size_t row, size_t col, enum cell_kind kind, double v);

/* Cell (ROW, COL); an empty cell (static, read-only) when out of range. */
const struct cell *sheet_cell(const struct sheet *sh, size_t row, size_t col);

/* The cell as displayed: text as is; COUNT "12" (or "12.5"), PERCENT "3.83%",
 * RATIO "1.54", NUMBER "6.30", PP "-3.83" (all rounded half away from zero
 * with stats_format); "" when empty. Returns the cell's text or BUF. */
const char *cell_display(const struct cell *c, char *buf, size_t size);

/* Make a valid worksheet name from S into BUF (SIZE >= 128): the characters
 * []:*?/\ become '-', leading/trailing apostrophes are dropped, at most 31
 * characters (UTF-8 code points) are kept, and "" becomes "Sheet". */
char *sheets_sheet_name(char *buf, size_t size, const char *s);

#endif
