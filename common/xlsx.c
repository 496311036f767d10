/* xlsx.c: render a workbook model (sheets.h) to an .xlsx file with
 * libxlsxwriter. Draws only: every decision about content is in sheets.c.
 *
 * Text is written with worksheet_write_string only, never as a formula.
 * Number cells hold the model's full-precision value with a number format
 * that displays it rounded (Excel rounds half away from zero). Column widths
 * follow the content. Every libxlsxwriter status is checked; the file is
 * written under a temporary name, by a child process (isolate.h says
 * why), and renamed into place on success. */
#include "sheets.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "isolate.h"

/* Excel's limit on the length of a cell's text (libxlsxwriter's too). */
#define XLSX_STR_MAX 32767
/* Column widths, in characters. */
#define WIDTH_MIN 8
#define WIDTH_TEXT_MAX 60
#define WIDTH_HEADING_MAX 30

struct formats {
    lxw_format *heading, *heading_wrap, *text_wrap;
    lxw_format *count, *count1, *percent, *ratio, *number, *pp;
};

static int fail_lxw(struct wq_error *err, lxw_error e, const char *path, const char *what)
{
    /* a string's shared-string entry is missing only when it could not be
     * allocated */
    int code = e == LXW_ERROR_MEMORY_MALLOC_FAILED || e == LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND
                   ? WQ_ENOMEM
               : e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE
                   ? WQ_ECANTCREAT
                   : WQ_EIO;
    return wq_fail(err, code, NULL, "%s: %s: %s", path, what, lxw_strerror(e));
}

/* Display width of UTF-8 text (code points). */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* FILLED[r]: the number of non-empty cells of row r; a cell alone in its
 * row (a title, a sentence) neither sets its column's width nor wraps. */
static bool lone(const size_t *filled, size_t r)
{
    return filled[r] <= 1;
}

/* What a cell asks of its column's width (0: nothing; it may overflow). */
static size_t wanted_width(const struct sheet *sh, const size_t *filled, size_t r, size_t c)
{
    const struct cell *x = sheet_cell(sh, r, c);
    char buf[64];
    switch (x->kind) {
    case CELL_EMPTY:
        return 0;
    case CELL_HEADING: {
        if (lone(filled, r) || sheet_cell(sh, r, c + 1)->kind == CELL_EMPTY)
            return 0;
        size_t w = text_width(x->text);
        return w < WIDTH_HEADING_MAX ? w : WIDTH_HEADING_MAX;
    }
    case CELL_TEXT: {
        if (lone(filled, r))
            return 0;
        size_t w = text_width(x->text);
        return w < WIDTH_TEXT_MAX ? w : WIDTH_TEXT_MAX;
    }
    default:
        return strlen(cell_display(x, buf, sizeof buf)) + (x->kind == CELL_PP ? 3 : 0);
    }
}

/* The formats, made once per workbook. */
static bool make_formats(lxw_workbook *wb, struct formats *f)
{
    lxw_format **all[] = {&f->heading, &f->heading_wrap, &f->text_wrap, &f->count, &f->count1,
                          &f->percent, &f->ratio, &f->number, &f->pp};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (!(*all[i] = workbook_add_format(wb)))
            return false;
    format_set_bold(f->heading);
    format_set_bold(f->heading_wrap);
    format_set_text_wrap(f->heading_wrap);
    format_set_align(f->heading_wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f->text_wrap);
    format_set_align(f->text_wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(f->count, "0");
    format_set_num_format(f->count1, "0.0");
    format_set_num_format(f->percent, "0.00%");
    format_set_num_format(f->ratio, "0.00");
    format_set_num_format(f->number, "0.00");
    format_set_num_format(f->pp, "0.00\" pp\"");
    return true;
}

/* Write text S (truncated to Excel's limit on a UTF-8 boundary). */
static lxw_error write_text(lxw_worksheet *ws, size_t r, size_t c, const char *s, lxw_format *fmt)
{
    size_t n = strlen(s);
    if (n <= XLSX_STR_MAX)
        return worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, fmt);
    n = XLSX_STR_MAX;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    char *t = malloc(n + 1);
    if (!t)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    memcpy(t, s, n);
    t[n] = '\0';
    lxw_error e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, t, fmt);
    free(t);
    return e;
}

static int write_sheet(lxw_workbook *wb, const struct formats *f, const struct sheet *sh,
                       const char *path, struct wq_error *err)
{
    char what[160];
    snprintf(what, sizeof what, "sheet '%s'", sh->name);
    if (sh->n_rows > LXW_ROW_MAX || sh->n_cols > LXW_COL_MAX)
        return wq_fail(err, WQ_EIO, NULL, "%s: %s: %zu rows x %zu columns do not fit in a "
                                          "worksheet",
                       path, what, sh->n_rows, sh->n_cols);
    lxw_error e = workbook_validate_sheet_name(wb, sh->name);
    if (e)
        return fail_lxw(err, e, path, what);
    lxw_worksheet *ws = workbook_add_worksheet(wb, sh->name);
    if (!ws)
        return fail_lxw(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path, what);

    size_t *width = calloc(sh->n_cols ? sh->n_cols : 1, sizeof *width);
    size_t *filled = calloc(sh->n_rows ? sh->n_rows : 1, sizeof *filled);
    if (!width || !filled) {
        free(width);
        free(filled);
        return fail_lxw(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path, what);
    }
    for (size_t r = 0; r < sh->n_rows; r++)
        for (size_t c = 0; c < sh->n_cols; c++)
            filled[r] += sheet_cell(sh, r, c)->kind != CELL_EMPTY;
    for (size_t r = 0; r < sh->n_rows; r++)
        for (size_t c = 0; c < sh->n_cols; c++) {
            size_t w = wanted_width(sh, filled, r, c);
            if (w > width[c])
                width[c] = w;
        }
    for (size_t c = 0; c < sh->n_cols && !e; c++) {
        if (width[c] < WIDTH_MIN)
            width[c] = WIDTH_MIN;
        e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)width[c] + 2, NULL);
    }

    for (size_t r = 0; r < sh->n_rows && !e; r++)
        for (size_t c = 0; c < sh->n_cols && !e; c++) {
            const struct cell *x = sheet_cell(sh, r, c);
            lxw_format *fmt = NULL;
            switch (x->kind) {
            case CELL_EMPTY:
                break;
            case CELL_TEXT:
            case CELL_HEADING: {
                bool wrap = !lone(filled, r) && text_width(x->text) > width[c] &&
                            (x->kind == CELL_TEXT || sheet_cell(sh, r, c + 1)->kind != CELL_EMPTY);
                fmt = x->kind == CELL_HEADING ? (wrap ? f->heading_wrap : f->heading)
                                              : (wrap ? f->text_wrap : NULL);
                e = write_text(ws, r, c, x->text, fmt);
                break;
            }
            case CELL_COUNT:
            case CELL_PERCENT:
            case CELL_RATIO:
            case CELL_NUMBER:
            case CELL_PP:
                fmt = x->kind == CELL_COUNT ? (x->value == floor(x->value) ? f->count : f->count1)
                      : x->kind == CELL_PERCENT ? f->percent
                      : x->kind == CELL_RATIO   ? f->ratio
                      : x->kind == CELL_PP      ? f->pp
                                                : f->number;
                e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, x->value, fmt);
                break;
            }
        }
    free(width);
    free(filled);
    if (!e && sh->freeze_rows && sh->freeze_rows < sh->n_rows)
        worksheet_freeze_panes(ws, (lxw_row_t)sh->freeze_rows, 0);
    if (!e && sh->filter && sh->n_rows && sh->n_cols)
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)(sh->n_rows - 1),
                                 (lxw_col_t)(sh->n_cols - 1));
    return e ? fail_lxw(err, e, path, what) : WQ_OK;
}

/* Write WB to TMP with libxlsxwriter (PATH names it in messages). */
static int write_workbook(const struct workbook *wb, const char *tmp, const char *path,
                          struct wq_error *err)
{
    lxw_workbook *book = workbook_new(tmp);
    if (!book)
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: cannot start the workbook", path);
    struct formats f;
    int st = make_formats(book, &f) ? WQ_OK
                                    : fail_lxw(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path, "formats");
    for (size_t i = 0; i < wb->n_sheets && !st; i++)
        st = write_sheet(book, &f, &wb->sheets[i], path, err);
    if (st) {
        lxw_workbook_free(book);
        return st;
    }
    errno = 0;
    lxw_error e = workbook_close(book);
    if (e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE)
        return wq_fail(err, errno == ENOMEM ? WQ_ENOMEM : WQ_ECANTCREAT, NULL,
                       "%s: cannot create: %s", path, errno ? strerror(errno) : lxw_strerror(e));
    return e ? fail_lxw(err, e, path, "writing the workbook") : WQ_OK;
}

struct job {
    const struct workbook *wb;
    const char *tmp, *path;
};

static int run_job(void *ctx, struct strbuf *out, struct wq_error *err)
{
    const struct job *j = ctx;
    (void)out;
    return write_workbook(j->wb, j->tmp, j->path, err);
}

/* libxlsxwriter does not survive running out of memory (isolate.h): it
 * runs in a child process, and a crash there is out of memory here. In
 * constant_memory mode it would not crash in worksheet_write_* but drop the
 * cell it could not allocate without a word, and its XML writer still
 * would, so that mode is no way out. */
int sheets_write_xlsx(const struct workbook *wb, const char *path, struct wq_error *err)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: out of memory", path);
    snprintf(tmp, n, "%s.%ld.tmp", path, (long)getpid());
    struct job j = {wb, tmp, path};
    int st = isolate_run(run_job, &j, NULL, path, "the workbook library (libxlsxwriter)", err);
    if (!st && rename(tmp, path) != 0)
        st = wq_fail(err, WQ_ECANTCREAT, NULL, "%s: cannot create: %s", path, strerror(errno));
    if (st)
        unlink(tmp);
    free(tmp);
    return st;
}
