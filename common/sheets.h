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
 *   - an infinite value (a relative likelihood with no events in the
 *     comparison group, an interval without an upper limit) is kept as a
 *     number cell holding +-infinity with a note (its text) saying why; the
 *     .xlsx leaves the cell empty with the note as a cell comment (Excel has
 *     no infinity, and the text "inf" in a numeric column breaks sums and
 *     sorts); the CSV renderer shows "inf" as the metrics CSV does;
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
#include "isolate.h"
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
    char *text;    /* CELL_TEXT, CELL_HEADING (owned, non-empty); a number
                    * kind holding +-infinity: the note saying why (owned);
                    * else NULL */
};

/* A sheet whose rows are made on demand instead of held in cells[] ("All
 * figures": one line per metric row would double the metric table in
 * memory). ROW fills OUT[0 .. n_cols-1] for row R with cells whose text is
 * borrowed (never freed); sheet_cell calls it when a cell of another row
 * is asked for, so the renderers read it as any other sheet. */
struct sheet_gen {
    void (*row)(const void *ctx, size_t r, struct cell *out);
    const void *ctx;     /* owned by the workbook (freed with it) */
    struct cell *buf;    /* the current row (n_cols cells) */
    size_t buf_row;      /* the row in buf, or SIZE_MAX */
};

struct sheet {
    char *name;             /* at most 31 characters, none of []:*?/\ */
    size_t n_rows, n_cols;  /* used extent: the last non-empty row/column + 1 */
    struct cell *cells;     /* row-major: cells[r * n_cols + c] */
    size_t alloc_rows;      /* rows allocated (>= n_rows) */
    size_t freeze_rows;     /* rows to keep in view when scrolling (0 = none) */
    size_t freeze_cols;     /* columns kept in view (labels; 0 = none) */
    size_t repeat_rows;     /* rows 0 .. repeat_rows-1 printed on every page */
    bool filter;            /* row 0 is a table header: add a filter */
    bool xlsx_only;         /* in the .xlsx only, not a CSV of sheets_write_csv */
    struct sheet_gen *gen;  /* a generated sheet (cells is NULL), or NULL */
    /* A sheet longer than a worksheet holds (SHEET_ROWS_MAX): the .xlsx
     * renderer writes its rows to CSV_FILE (a file name, in the workbook's
     * folder) and, on the worksheet, only its name (A1) and CSV_NOTE (A2),
     * which says where the rows are. Both NULL otherwise. */
    char *csv_file, *csv_note;
};

/* The rows of an .xlsx worksheet (Excel's limit). */
#define SHEET_ROWS_MAX 1048576

struct workbook {
    struct sheet *sheets;
    size_t n_sheets, alloc_sheets;
    char *running_head;  /* printed at the top of every page ("NOT FOR
                          * PUBLICATION: WRES 2018/19"), or NULL */
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
 * existing PATH; a sheet with csv_file set is written to that file in
 * PATH's folder the same way, and renamed only when the workbook was). Every
 * sheet prints landscape on A4, one page wide, its first repeat_rows rows
 * on every page, with the sheet's name, "not for publication" and the page
 * number in the header and footer. Every libxlsxwriter status is checked, workbook_close's
 * included. Text cells are written with worksheet_write_string only, so a
 * text such as =HYPERLINK("http://x","y") stays an inert string. Returns
 * WQ_OK, WQ_ECANTCREAT (cannot create or rename the file) or WQ_EIO /
 * WQ_ENOMEM, with ERR filled. Defined in xlsx.c. */
int sheets_write_xlsx(const struct workbook *wb, const char *path, struct wq_error *err);

/* sheets_write_xlsx in two halves, so that the caller writes other files
 * while a child process writes the workbook (isolate.h): sheets_xlsx_start
 * writes the csv_file sheets and starts the child; on WQ_OK the caller must
 * call sheets_xlsx_finish once, which waits for the child, renames the files
 * into place (or removes them) and returns what sheets_write_xlsx would
 * have; or, when the workbook is no longer wanted, sheets_xlsx_cancel,
 * which kills the child and removes its files. WB and PATH must live until
 * then. */
struct xlsx_write {
    const struct workbook *wb;
    const char *path;
    char *tmp;
    struct isolate_child child;
};
int sheets_xlsx_start(struct xlsx_write *x, const struct workbook *wb, const char *path,
                      struct wq_error *err);
int sheets_xlsx_finish(struct xlsx_write *x, struct wq_error *err);
void sheets_xlsx_cancel(struct xlsx_write *x);

/* Write every sheet (but those xlsx_only) as DIR/<slug>.csv (metric-1.csv, all-figures.csv,
 * data-quality.csv, methods.csv, by-org-l3.csv ...; slugs are made unique
 * with -2, -3 ...). DIR is created if missing. Cells are written as
 * DISPLAYED (cell_display); text starting with = + - @, tab or CR is made
 * inert with a leading ' as in the metrics CSV. All files are written to
 * temporary names first and renamed only when every one was written.
 * Returns WQ_OK, WQ_ECANTCREAT, WQ_EIO or WQ_ENOMEM with ERR filled.
 * Defined in sheets_csv.c. */
int sheets_write_csv(const struct workbook *wb, const char *dir, struct wq_error *err);

/* Write the rows of SH (as sheets_write_csv does: cells as displayed) to
 * TMP, streamed, FINAL naming it in messages; TMP is removed on failure.
 * Returns WQ_OK, WQ_ECANTCREAT, WQ_EIO or WQ_ENOMEM with ERR filled. */
int sheets_write_sheet_csv(const struct sheet *sh, const char *tmp, const char *final,
                           struct wq_error *err);

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
 * +-infinity as a number with the note "infinite"; sheet_set_note sets the
 * note of such a cell (copied; false when the cell is not infinite). All return false on allocation
 * failure (the cell is then unchanged). */
bool sheet_set_text(struct sheet *sh, size_t row, size_t col, const char *s);
bool sheet_set_heading(struct sheet *sh, size_t row, size_t col, const char *s);
bool sheet_set_num(struct sheet *sh, size_t row, size_t col, enum cell_kind kind, double v);
bool sheet_set_note(struct sheet *sh, size_t row, size_t col, const char *note);

/* Cell (ROW, COL); an empty cell (static, read-only) when out of range. */
const struct cell *sheet_cell(const struct sheet *sh, size_t row, size_t col);

/* The cell as displayed: text as is; COUNT "12" (or "12.5"), PERCENT "3.83%",
 * RATIO "1.54", NUMBER "6.30", PP "-3.83" (all rounded half away from zero
 * with stats_format), "inf" / "-inf" for an infinite number; "" when empty. Returns the cell's text or BUF. */
const char *cell_display(const struct cell *c, char *buf, size_t size);
/* strlen(cell_display(C, ...)) with a buffer large enough, for the width of
 * a column, mostly without formatting the number. */
size_t cell_display_len(const struct cell *c);

/* A file-name stem for NAME (malloc'd, NULL when out of memory): lower
 * case letters and digits, every other run of characters one '-' ("Metric
 * 1" -> "metric-1", "By Org L3" -> "by-org-l3"); "sheet" when nothing is
 * left. Defined in sheets_csv.c. */
char *sheets_slug(const char *name);

/* Make a valid worksheet name from S into BUF (SIZE >= 128): the characters
 * []:*?/\ become '-', leading/trailing apostrophes are dropped, at most 31
 * characters (UTF-8 code points) are kept, and "" becomes "Sheet". */
char *sheets_sheet_name(char *buf, size_t size, const char *s);

#endif
