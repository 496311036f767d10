/* xlsx_reader.h: the rows of one worksheet of an Excel workbook, streamed.
 *
 * An .xlsx file is a zip archive (read with libzip) of XML parts (parsed
 * with expat, namespace-aware, so that the prefixed parts some generators
 * write read the same). The reader finds the sheet (the first, or the one
 * named) through xl/workbook.xml and its relationships, loads the shared
 * strings and which cell styles are dates, then streams the sheet's XML and
 * hands each row to the same callback as the CSV reader (csv_reader.h):
 *   - the fields are the cells from column A on, empty where no cell is
 *     stored; the first row (the header) fixes the width: a shorter row is
 *     padded with empty fields, trailing empty cells are dropped;
 *   - text cells (shared or inline strings) as they are; numbers in their
 *     shortest form ("3757", "0.8"); numbers styled as dates as YYYY-MM-DD,
 *     in the 1900 date system (Excel's phantom 29 February 1900, serial 60,
 *     is refused) or the 1904 system; booleans TRUE / FALSE; a formula's
 *     saved result; an error value ("#N/A") as its text;
 *   - a row with no non-empty cell is skipped, as an empty CSV line is;
 *   - ROW.line is the worksheet's row number, and ROW.file the display
 *     name followed by the sheet: "staff.xlsx[Staff in post]".
 * Refused with WQ_EDATA and a message naming the file, the sheet and the
 * cell where there is one: a legacy .xls or a password-protected workbook
 * (an OLE2 file, not a zip), a corrupt archive or part, a sheet name that
 * does not exist (the message lists those that do), a formula with no saved
 * value, a part that expands past XLSX_MAX_PART bytes (a zip bomb), a cell
 * over XLSX_MAX_CELL bytes, a DTD, merged cells in the header row, a
 * sheet with no row that is not empty (the message lists the sheets).
 * Memory is bounded by the shared strings and the longest row. */
#ifndef WQ_XLSX_READER_H
#define WQ_XLSX_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_reader.h"
#include "diag.h"

#define XLSX_MAX_PART (4ULL << 30) /* bytes one XML part may expand to */
#define XLSX_MAX_CELL (1U << 20)   /* bytes of one cell's text */

/* The limit in force, XLSX_MAX_PART unless a test lowers it to try a zip
 * bomb without making one of 4 GiB. */
extern unsigned long long xlsx_max_part;

/* Do the first N bytes of a file say it is a zip archive (an .xlsx)? */
bool xlsx_is_zip(const unsigned char *head, size_t n);
/* ... or an OLE2 compound file (a legacy .xls, or an encrypted .xlsx)? */
bool xlsx_is_ole2(const unsigned char *head, size_t n);
/* The error for an OLE2 file NAME: WQ_EDATA, "save it as .xlsx or CSV". */
int xlsx_refuse_ole2(const char *name, struct wq_error *err);

/* Read the worksheet SHEET (NULL: the first) of the workbook at PATH,
 * calling FN for each row. NAME is the display name. Returns WQ_OK,
 * WQ_ENOINPUT when the file cannot be opened, WQ_EDATA as above, WQ_ENOMEM,
 * or the callback's status. */
int xlsx_read_file(const char *path, const char *name, const char *sheet, csv_row_fn fn,
                   void *ud, struct wq_error *err);

/* The names of the workbook's sheets at PATH, in order, each followed by a
 * NUL, appended to NAMES; WQ_OK or an error as xlsx_read_file. */
int xlsx_sheet_names(const char *path, const char *name, struct strbuf *names,
                     struct wq_error *err);

#endif
