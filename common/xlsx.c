/* xlsx.c: render a workbook model (sheets.h) to an .xlsx file with
 * libxlsxwriter. Draws only: every decision about content is in sheets.c.
 *
 * Text is written with worksheet_write_string only, never as a formula.
 * Number cells hold the model's full-precision value with a number format
 * that displays it rounded (Excel rounds half away from zero); an infinite
 * one is an empty cell with its note as a comment. Column widths follow the
 * content; tables (rows of two or more cells, and the heading row just above
 * them) get thin borders out to the widest row of the table, but on a data
 * sheet with a filter. Every sheet prints landscape on A4, one page wide,
 * with its title rows repeated.
 * libxlsxwriter runs in constant-memory mode (rows are written in order,
 * each flushed to a temporary file), so a large breakdown does not hold the
 * whole sheet twice. Every libxlsxwriter status is checked; the file is
 * written under a temporary name, by a child process (isolate.h says
 * why), and renamed into place on success. */
#include "sheets.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
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

/* A format for each look of a cell: [look][wrap][border]. */
enum look { L_BLANK, L_TEXT, L_HEADING, L_COUNT, L_COUNT1, L_PERCENT, L_RATIO, L_PP, L_N };

struct formats {
    lxw_format *f[L_N][2][2];
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
        return cell_display_len(x) + (x->kind == CELL_PP ? 3 : 0);
    }
}

/* The formats, made once per workbook, no two alike: libxlsxwriter looks a
 * format that equals another up by a hash of it at every cell. Plain text
 * has none (NULL); a blank cell looks like text. A relative likelihood and
 * a score both show two decimals (L_RATIO). */
static bool make_formats(lxw_workbook *wb, struct formats *f)
{
    static const char *const num[L_N] = {NULL, NULL, NULL, "0", "0.0", "0.00%", "0.00",
                                         "0.00\" pp\""};
    for (int l = 0; l < L_N; l++)
        for (int wrap = 0; wrap < 2; wrap++)
            for (int border = 0; border < 2; border++) {
                if (l == L_BLANK || (l == L_TEXT && !wrap && !border))
                    continue;
                lxw_format *x = workbook_add_format(wb);
                if (!x)
                    return false;
                if (l == L_HEADING)
                    format_set_bold(x);
                if (wrap) {
                    format_set_text_wrap(x);
                    format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
                }
                if (border)
                    format_set_border(x, LXW_BORDER_THIN);
                if (num[l])
                    format_set_num_format(x, num[l]);
                f->f[l][wrap][border] = x;
            }
    f->f[L_TEXT][0][0] = NULL;
    memcpy(f->f[L_BLANK], f->f[L_TEXT], sizeof f->f[L_BLANK]);
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

/* TABLE[r]: the last column + 1 to border in row r (0: none). A row of
 * two or more cells with a plain one (not all headings) is a table row; so
 * is a heading row right above one; a table is bordered out to its widest
 * row. */
static void table_extent(const struct sheet *sh, const size_t *filled, size_t *table)
{
    size_t start = 0, width = 0;
    bool plain_next = false;
    for (size_t r = sh->n_rows; r-- > 0;) {
        size_t last = 0;
        bool plain = false;
        for (size_t c = 0; c < sh->n_cols; c++) {
            enum cell_kind k = sheet_cell(sh, r, c)->kind;
            if (k != CELL_EMPTY)
                last = c + 1;
            plain = plain || (k != CELL_EMPTY && k != CELL_HEADING);
        }
        table[r] = !lone(filled, r) && (plain || plain_next) ? last : 0;
        plain_next = !lone(filled, r) && plain;
    }
    /* widen each run of table rows to its widest row */
    for (size_t r = 0; r <= sh->n_rows; r++) {
        if (r < sh->n_rows && table[r]) {
            if (!width)
                start = r;
            width = table[r] > width ? table[r] : width;
            continue;
        }
        for (size_t k = start; width && k < r; k++)
            table[k] = width;
        width = 0;
    }
}

/* The column widths of SH (characters + 2) into WIDTH. */
static void column_widths(const struct sheet *sh, const size_t *filled, size_t *width)
{
    for (size_t r = 0; r < sh->n_rows; r++)
        for (size_t c = 0; c < sh->n_cols; c++) {
            size_t w = wanted_width(sh, filled, r, c);
            if (w > width[c])
                width[c] = w;
        }
    for (size_t c = 0; c < sh->n_cols; c++)
        if (width[c] < WIDTH_MIN)
            width[c] = WIDTH_MIN;
}

static enum look number_look(const struct cell *x)
{
    switch (x->kind) {
    case CELL_COUNT:
        return x->value == floor(x->value) ? L_COUNT : L_COUNT1;
    case CELL_PERCENT:
        return L_PERCENT;
    case CELL_PP:
        return L_PP;
    default:
        return L_RATIO;
    }
}

/* Cell (R, C) of SH; BORDER: it is inside a table. */
static lxw_error write_cell(lxw_worksheet *ws, const struct formats *f, const struct sheet *sh,
                            const size_t *filled, const size_t *width, size_t r, size_t c,
                            int border)
{
    const struct cell *x = sheet_cell(sh, r, c);
    lxw_row_t row = (lxw_row_t)r;
    lxw_col_t col = (lxw_col_t)c;
    switch (x->kind) {
    case CELL_EMPTY:
        return border ? worksheet_write_blank(ws, row, col, f->f[L_BLANK][0][1]) : LXW_NO_ERROR;
    case CELL_TEXT:
    case CELL_HEADING: {
        int wrap = !lone(filled, r) && text_width(x->text) > width[c] &&
                   (x->kind == CELL_TEXT || sheet_cell(sh, r, c + 1)->kind != CELL_EMPTY);
        return write_text(ws, r, c, x->text,
                          f->f[x->kind == CELL_HEADING ? L_HEADING : L_TEXT][wrap][border]);
    }
    default: {
        lxw_format *fmt = f->f[number_look(x)][0][border];
        if (!isinf(x->value))
            return worksheet_write_number(ws, row, col, x->value, fmt);
        /* Excel has no infinity: an empty cell, and the note says why */
        lxw_error e = worksheet_write_blank(ws, row, col, fmt);
        return e ? e : worksheet_write_comment(ws, row, col, x->text ? x->text : "infinite");
    }
    }
}

/* Print set-up: landscape A4, one page wide, the title rows on every page,
 * the sheet's name and the running head at the top, the file name and the
 * page number at the foot. */
static lxw_error print_setup(lxw_worksheet *ws, const struct sheet *sh, const char *head)
{
    char header[256];
    /* & starts a code in a header: a literal one is && */
    size_t n = 0;
    n += (size_t)snprintf(header, sizeof header, "&L&A&C");
    for (const char *p = head ? head : ""; *p && n + 3 < sizeof header; p++) {
        if (*p == '&')
            header[n++] = '&';
        header[n++] = *p;
    }
    header[n] = '\0';
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    lxw_error e = worksheet_set_header(ws, header);
    if (!e)
        e = worksheet_set_footer(ws, "&L&F&RPage &P of &N");
    if (!e && sh->repeat_rows && sh->repeat_rows <= sh->n_rows)
        e = worksheet_repeat_rows(ws, 0, (lxw_row_t)(sh->repeat_rows - 1));
    return e;
}

/* A sheet too long for a worksheet: its name and the note saying which
 * file holds its rows (sheets.h: csv_file). */
static lxw_error write_pointer(lxw_worksheet *ws, const struct formats *f, const struct sheet *sh)
{
    lxw_error e = write_text(ws, 0, 0, sh->name, f->f[L_HEADING][0][0]);
    return e ? e : write_text(ws, 1, 0, sh->csv_note, NULL);
}

static int write_sheet(lxw_workbook *wb, const struct formats *f, const struct sheet *sh,
                       const char *head, const char *path, struct wq_error *err)
{
    char what[160];
    snprintf(what, sizeof what, "sheet '%s'", sh->name);
    if (!sh->csv_file && (sh->n_rows > LXW_ROW_MAX || sh->n_cols > LXW_COL_MAX))
        return wq_fail(err, WQ_EIO, NULL, "%s: %s: %zu rows x %zu columns do not fit in a "
                                          "worksheet",
                       path, what, sh->n_rows, sh->n_cols);
    lxw_error e = workbook_validate_sheet_name(wb, sh->name);
    if (e)
        return fail_lxw(err, e, path, what);
    lxw_worksheet *ws = workbook_add_worksheet(wb, sh->name);
    if (!ws)
        return fail_lxw(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path, what);
    if ((e = print_setup(ws, sh, head)))
        return fail_lxw(err, e, path, what);
    if (sh->csv_file)
        return (e = write_pointer(ws, f, sh)) ? fail_lxw(err, e, path, what) : WQ_OK;

    size_t *width = calloc(sh->n_cols ? sh->n_cols : 1, sizeof *width);
    size_t *filled = calloc(sh->n_rows ? sh->n_rows : 1, sizeof *filled);
    size_t *table = calloc(sh->n_rows ? sh->n_rows : 1, sizeof *table);
    if (!width || !filled || !table) {
        free(width);
        free(filled);
        free(table);
        return fail_lxw(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path, what);
    }
    for (size_t r = 0; r < sh->n_rows; r++)
        for (size_t c = 0; c < sh->n_cols; c++)
            filled[r] += sheet_cell(sh, r, c)->kind != CELL_EMPTY;
    column_widths(sh, filled, width);
    /* a data sheet with a filter ("All figures") has gridlines enough, and a
     * format on each of its cells costs libxlsxwriter a hash of the format */
    if (!sh->filter)
        table_extent(sh, filled, table);
    for (size_t c = 0; c < sh->n_cols && !e; c++)
        e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)width[c] + 2, NULL);
    /* in order, row by row: constant-memory mode needs it */
    for (size_t r = 0; r < sh->n_rows && !e; r++)
        for (size_t c = 0; c < sh->n_cols && !e; c++)
            e = write_cell(ws, f, sh, filled, width, r, c, c < table[r]);
    free(width);
    free(filled);
    free(table);
    if (!e && (sh->freeze_rows || sh->freeze_cols) && sh->freeze_rows < sh->n_rows)
        worksheet_freeze_panes(ws, (lxw_row_t)sh->freeze_rows, (lxw_col_t)sh->freeze_cols);
    if (!e && sh->filter && sh->n_rows && sh->n_cols)
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)(sh->n_rows - 1),
                                 (lxw_col_t)(sh->n_cols - 1));
    return e ? fail_lxw(err, e, path, what) : WQ_OK;
}

/* Write WB to TMP with libxlsxwriter (PATH names it in messages). */
static int write_workbook(const struct workbook *wb, const char *tmp, const char *path,
                          struct wq_error *err)
{
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    lxw_workbook *book = workbook_new_opt(tmp, &opt);
    if (!book)
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: cannot start the workbook", path);
    struct formats f;
    int st = make_formats(book, &f) ? WQ_OK
                                    : fail_lxw(err, LXW_ERROR_MEMORY_MALLOC_FAILED, path, "formats");
    for (size_t i = 0; i < wb->n_sheets && !st; i++)
        st = write_sheet(book, &f, &wb->sheets[i], wb->running_head, path, err);
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
    /* libxlsxwriter does not check its writes to its temporary files: past
     * a file-size limit (ulimit -f), ignored by this program (cli.c), it
     * would write a truncated sheet and report success; the signal stops
     * the child instead, and isolate_finish says why */
    signal(SIGXFSZ, SIG_DFL);
    return write_workbook(j->wb, j->tmp, j->path, err);
}

/* libxlsxwriter does not survive running out of memory (isolate.h): it
 * runs in a child process, and a crash there is out of memory here.
 * Constant-memory mode is no way out of that (its XML writer still
 * crashes), but it keeps the child small. A sheet too long for a worksheet
 * is written to its CSV file first (sheets.h: csv_file); every file is
 * renamed into place only when all were written. */
/* The path of sheet SH's CSV file, in the folder of PATH (malloc'd), and
 * its temporary name (TMP, malloc'd). False when out of memory. */
static bool csv_paths(const char *path, const struct sheet *sh, char **final, char **tmp)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0, n = dir + strlen(sh->csv_file) + 32;
    *final = malloc(n);
    *tmp = malloc(n);
    if (!*final || !*tmp) {
        free(*final);
        free(*tmp);
        *final = *tmp = NULL;
        return false;
    }
    snprintf(*final, n, "%.*s%s", (int)dir, path, sh->csv_file);
    snprintf(*tmp, n, "%s.%ld.tmp", *final, (long)getpid());
    return true;
}

/* Write (RENAME false) or rename into place (true) the CSV file of every
 * sheet too long for a worksheet; after a failure, remove (UNDO) the
 * temporary files. */
static int long_sheets(const struct workbook *wb, const char *path, int step,
                       struct wq_error *err)
{
    int st = WQ_OK;
    for (size_t i = 0; i < wb->n_sheets; i++) {
        const struct sheet *sh = &wb->sheets[i];
        char *final, *tmp;
        if (!sh->csv_file)
            continue;
        if (!csv_paths(path, sh, &final, &tmp)) {
            if (!st)
                st = wq_fail(err, WQ_ENOMEM, NULL, "%s: out of memory", path);
            continue;
        }
        if (step == 0 && !st)
            st = sheets_write_sheet_csv(sh, tmp, final, err);
        else if (step == 1 && !st && rename(tmp, final) != 0)
            st = wq_fail(err, WQ_ECANTCREAT, NULL, "%s: cannot create: %s", final,
                         strerror(errno));
        else if (step == 2)
            unlink(tmp);
        free(final);
        free(tmp);
    }
    return st;
}

int sheets_xlsx_start(struct xlsx_write *x, const struct workbook *wb, const char *path,
                      struct wq_error *err)
{
    size_t n = strlen(path) + 32;
    *x = (struct xlsx_write){wb, path, malloc(n), {0, -1}};
    if (!x->tmp)
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: out of memory", path);
    snprintf(x->tmp, n, "%s.%ld.tmp", path, (long)getpid());
    /* the child's copy of J, on this stack, lives while it runs */
    struct job j = {wb, x->tmp, path};
    int st = long_sheets(wb, path, 0, err);
    if (!st)
        st = isolate_start(&x->child, run_job, &j, path, err);
    if (st) {
        long_sheets(wb, path, 2, err);
        free(x->tmp);
        x->tmp = NULL;
    }
    return st;
}

int sheets_xlsx_finish(struct xlsx_write *x, struct wq_error *err)
{
    const char *path = x->path;
    int st = isolate_finish(&x->child, NULL, path, "the workbook library (libxlsxwriter)", err);
    if (!st && rename(x->tmp, path) != 0)
        st = wq_fail(err, WQ_ECANTCREAT, NULL, "%s: cannot create: %s", path, strerror(errno));
    if (!st)
        st = long_sheets(x->wb, path, 1, err);
    if (st) {
        unlink(x->tmp);
        long_sheets(x->wb, path, 2, err);
    }
    free(x->tmp);
    x->tmp = NULL;
    return st;
}

void sheets_xlsx_cancel(struct xlsx_write *x)
{
    struct wq_error ignored = {0};
    isolate_stop(&x->child);
    unlink(x->tmp);
    long_sheets(x->wb, x->path, 2, &ignored);
    free(x->tmp);
    x->tmp = NULL;
}

int sheets_write_xlsx(const struct workbook *wb, const char *path, struct wq_error *err)
{
    struct xlsx_write x;
    int st = sheets_xlsx_start(&x, wb, path, err);
    return st ? st : sheets_xlsx_finish(&x, err);
}
