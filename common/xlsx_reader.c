/* xlsx_reader.c: the rows of one worksheet of an Excel workbook, streamed
 * from the zip (libzip) through expat. The contract is in xlsx_reader.h. */
#include "xlsx_reader.h"

#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "date.h"
#include "text.h"

#define MAX_COLS 16384 /* Excel's XFD */

unsigned long long xlsx_max_part = XLSX_MAX_PART;

enum part { WORKBOOK, RELS, STRINGS, STYLES, SHEET };

struct xlsx {
    zip_t *zip;
    const char *name;       /* display name of the file */
    const char *want;       /* the sheet asked for, or NULL */
    char display[1024];     /* "name[sheet]" */
    XML_Parser parser;
    enum part part;
    int status;
    struct wq_error *err;
    struct strbuf text;     /* character data being collected */
    bool collecting;
    int skip;               /* depth inside <rPh> (phonetic runs: not text) */
    /* workbook and its relationships */
    bool date1904;
    char *sheet_id, *sheet_name, *target;
    struct strbuf names;    /* every sheet's name, for a message */
    struct strbuf *list;    /* xlsx_sheet_names: each name and a NUL, or NULL */
    /* shared strings: back to back, NUL-terminated */
    struct strbuf sst;
    size_t *sst_off, n_sst, alloc_sst;
    /* styles: is cell format (xf) K a date? */
    bool in_xfs;
    unsigned *date_fmts;    /* custom number formats that are dates */
    size_t n_date_fmts, alloc_date_fmts;
    bool *xf_date;
    size_t n_xf, alloc_xf;
    /* the sheet: the row being read */
    unsigned long row, header_row;
    size_t width;           /* the header's */
    struct strbuf values;   /* the row's values back to back, NUL-terminated */
    struct cell { size_t col, off; } *cells;
    size_t n_cells, alloc_cells;
    char **fields;
    size_t *lens, alloc_fields;
    /* the cell being read */
    size_t c_col;
    char c_type[16];
    unsigned c_style;
    bool c_f, c_v, in_is;
    csv_row_fn fn;
    void *ud;
    unsigned long record;
};

bool xlsx_is_zip(const unsigned char *head, size_t n)
{
    return n >= 4 && !memcmp(head, "PK\x03\x04", 4);
}

bool xlsx_is_ole2(const unsigned char *head, size_t n)
{
    return n >= 8 && !memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

int xlsx_refuse_ole2(const char *name, struct wq_error *err)
{
    return wq_fail(err, WQ_EDATA, NULL,
                   "%s: a legacy Excel .xls file, or a password-protected workbook: open "
                   "it in Excel and save it as .xlsx (without a password) or as CSV", name);
}

/* ---- small helpers ---------------------------------------------------- */

/* Local name of a namespace-qualified name ("uri|row" -> "row"). */
static const char *local(const char *name)
{
    const char *p = strrchr(name, '|');
    return p ? p + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local(atts[i]), name))
            return atts[i + 1];
    return NULL;
}

/* Parse a cell reference "AB17": its column index and row; false if bad. */
static bool parse_ref(const char *s, size_t *col, unsigned long *row)
{
    size_t c = 0, n = 0;
    for (; *s >= 'A' && *s <= 'Z' && n < 4; s++, n++)
        c = c * 26 + (size_t)(*s - 'A' + 1);
    if (!n || c > MAX_COLS || *s < '1' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long r = strtoul(s, &end, 10);
    if (*end || errno || r > 1048576)
        return false;
    *col = c - 1;
    *row = r;
    return true;
}

/* Empty B, which stays a string. */
static void text_clear(struct strbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Stop the parse with an error (the first one wins). */
static void failf(struct xlsx *x, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void failf(struct xlsx *x, int code, const char *fmt, ...)
{
    if (x->status)
        return;
    va_list ap;
    va_start(ap, fmt);
    x->status = wq_vfail(x->err, code, NULL, fmt, ap);
    va_end(ap);
    if (x->parser)
        XML_StopParser(x->parser, XML_FALSE);
}

static void fail_cell(struct xlsx *x, const char *what)
{
    char ref[16];
    wq_column_letters(x->c_col, ref);
    failf(x, WQ_EDATA, "%s: cell %s%lu: %s", x->display, ref, x->row, what);
}

static bool push_offset(size_t **arr, size_t *n, size_t *alloc, size_t v)
{
    size_t *grown = array_grow(*arr, *n, alloc, sizeof *grown, 64);
    if (!grown)
        return false;
    *arr = grown;
    (*arr)[(*n)++] = v;
    return true;
}

/* ---- number formats that are dates ----------------------------------- */

/* Excel's built-in date and time formats: 14-22, 45-47. */
static bool builtin_date(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

/* Does a custom format code show a date? A d, y (or e, for the year), or
 * an m that is a month (no hours or seconds in the code), outside quotes,
 * brackets and escapes; "[h]:mm", "mm:ss" and "0.00" do not. */
static bool code_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            p = strchr(p + 1, '"');
            if (!p)
                return false;
        } else if (*p == '[') {
            p = strchr(p + 1, ']');
            if (!p)
                return false;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!*++p)
                return false;
        } else if (strchr("dDyYeE", *p) || ((*p == 'm' || *p == 'M') && !strpbrk(code, "hHsS"))) {
            return true;
        }
    }
    return false;
}

static bool style_is_date(const struct xlsx *x, unsigned style)
{
    return style < x->n_xf && x->xf_date[style];
}

static bool fmt_is_date(const struct xlsx *x, unsigned id)
{
    if (builtin_date(id))
        return true;
    for (size_t i = 0; i < x->n_date_fmts; i++)
        if (x->date_fmts[i] == id)
            return true;
    return false;
}

/* ---- the parts before the sheet --------------------------------------- */

static char *dup_or_fail(struct xlsx *x, const char *s)
{
    char *d = text_dup(s ? s : "");
    if (!d)
        failf(x, WQ_ENOMEM, "out of memory");
    return d;
}

static void workbook_start(struct xlsx *x, const char *el, const char **atts)
{
    if (!strcmp(el, "workbookPr")) {
        const char *v = attr(atts, "date1904");
        x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
    } else if (!strcmp(el, "sheet")) {
        const char *name = attr(atts, "name"), *id = attr(atts, "id");
        if (!name || !id)
            return;
        if (!strbuf_printf(&x->names, "%s'%s'", x->names.len ? ", " : "", name) ||
            (x->list && !strbuf_append(x->list, name, strlen(name) + 1)))
            failf(x, WQ_ENOMEM, "out of memory");
        if (!x->sheet_id && (!x->want || !strcmp(x->want, name))) {
            x->sheet_id = dup_or_fail(x, id);
            x->sheet_name = dup_or_fail(x, name);
        }
    }
}

static void rels_start(struct xlsx *x, const char *el, const char **atts)
{
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (!strcmp(el, "Relationship") && id && target && !x->target && !strcmp(id, x->sheet_id)) {
        /* relative to xl/, or absolute from the archive's root */
        char path[1024];
        if (target[0] == '/')
            snprintf(path, sizeof path, "%s", target + 1);
        else
            snprintf(path, sizeof path, "xl/%s", target);
        x->target = dup_or_fail(x, path);
    }
}

static void styles_start(struct xlsx *x, const char *el, const char **atts)
{
    if (!strcmp(el, "numFmt")) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id && code && code_is_date(code)) {
            unsigned *grown = array_grow(x->date_fmts, x->n_date_fmts, &x->alloc_date_fmts,
                                         sizeof *grown, 8);
            if (!grown) {
                failf(x, WQ_ENOMEM, "out of memory");
                return;
            }
            x->date_fmts = grown;
            x->date_fmts[x->n_date_fmts++] = (unsigned)strtoul(id, NULL, 10);
        }
    } else if (!strcmp(el, "cellXfs")) {
        x->in_xfs = true;
    } else if (!strcmp(el, "xf") && x->in_xfs) {
        const char *id = attr(atts, "numFmtId");
        bool *grown = array_grow(x->xf_date, x->n_xf, &x->alloc_xf, sizeof *grown, 16);
        if (!grown) {
            failf(x, WQ_ENOMEM, "out of memory");
            return;
        }
        x->xf_date = grown;
        x->xf_date[x->n_xf++] = id && fmt_is_date(x, (unsigned)strtoul(id, NULL, 10));
    }
}

/* <si> holds <t>, or runs <r><t>; phonetic <rPh><t> is not its text. */
static void strings_start(struct xlsx *x, const char *el)
{
    if (!strcmp(el, "si")) {
        text_clear(&x->text);
    } else if (!strcmp(el, "rPh")) {
        x->skip++;
    } else if (!strcmp(el, "t") && !x->skip) {
        x->collecting = true;
    }
}

static void strings_end(struct xlsx *x, const char *el)
{
    if (!strcmp(el, "rPh")) {
        x->skip--;
    } else if (!strcmp(el, "t")) {
        x->collecting = false;
    } else if (!strcmp(el, "si")) {
        if (!push_offset(&x->sst_off, &x->n_sst, &x->alloc_sst, x->sst.len) ||
            !strbuf_append(&x->sst, x->text.data ? x->text.data : "", x->text.len) ||
            !strbuf_append(&x->sst, "", 1))
            failf(x, WQ_ENOMEM, "out of memory");
        if (x->sst.len > xlsx_max_part)
            failf(x, WQ_EDATA, "%s: the shared strings are over %llu bytes", x->name,
                  xlsx_max_part);
    }
}

/* ---- the sheet -------------------------------------------------------- */

static void cell_start(struct xlsx *x, const char **atts)
{
    const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
    unsigned long row;
    if (r && !parse_ref(r, &x->c_col, &row)) {
        failf(x, WQ_EDATA, "%s: row %lu: a cell reference '%.20s' that is not one", x->display,
              x->row, r);
        return;
    }
    if (!r)
        x->c_col = x->n_cells ? x->cells[x->n_cells - 1].col + 1 : 0;
    if (x->c_col >= MAX_COLS) {
        fail_cell(x, "beyond column XFD");
        return;
    }
    snprintf(x->c_type, sizeof x->c_type, "%s", t ? t : "n");
    x->c_style = s ? (unsigned)strtoul(s, NULL, 10) : 0;
    x->c_f = x->c_v = x->in_is = false;
    text_clear(&x->text);
}

/* Is V a whole number as Excel writes one, which %.15g would print the
 * same: an optional minus, 1 to 15 digits, no leading zero? */
static bool plain_integer(const char *v)
{
    const char *p = v + (*v == '-');
    size_t n = strspn(p, "0123456789");
    return n >= 1 && n <= 15 && !p[n] && (p[0] != '0' || n == 1) && strcmp(v, "-0");
}

/* A number as text: a date for a date style, else its shortest form (an
 * integer as it stands, which is most cells of an extract, without the
 * round trip through strtod and printf). */
static void number_text(struct xlsx *x, const char *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!style_is_date(x, x->c_style) && plain_integer(v) && strlen(v) < size) {
        strcpy(buf, v);
        return;
    }
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !isfinite(d)) {
        fail_cell(x, "a number that cannot be read");
        return;
    }
    if (style_is_date(x, x->c_style) && d >= 1 && d < 2958466) {
        long serial = (long)floor(d);
        if (!x->date1904 && serial == 60) {
            fail_cell(x, "29 February 1900, a date that does not exist (Excel's "
                            "1900 leap-year error): correct the date");
            return;
        }
        /* 1900 system: serial 1 is 1900-01-01, and Excel counts a 29 February
         * 1900 (60) that was not; 1904 system: serial 0 is 1904-01-01 */
        long day = x->date1904 ? date_days(1904, 1, 1) + serial
                               : date_days(1899, 12, serial < 60 ? 31 : 30) + serial;
        int y, m, dd;
        date_civil(day, &y, &m, &dd);
        snprintf(buf, size, "%04d-%02d-%02d", y, m, dd);
        return;
    }
    snprintf(buf, size, "%.15g", d);
}

static void cell_end(struct xlsx *x)
{
    char num[64];
    const char *value = x->text.data ? x->text.data : "";
    size_t len = x->text.len;
    const char *t = x->c_type;
    if (x->c_f && !x->c_v) {
        fail_cell(x, "a formula with no saved value: open the workbook in Excel, "
                        "let it calculate, and save it again");
        return;
    }
    if (!strcmp(t, "s") && x->c_v) {
        char *end;
        unsigned long k = strtoul(value, &end, 10);
        if (end == value || *end || k >= x->n_sst) {
            fail_cell(x, "a shared string that the workbook does not have");
            return;
        }
        value = x->sst.data + x->sst_off[k];
        len = strlen(value);
    } else if (!strcmp(t, "b") && x->c_v) {
        value = !strcmp(value, "1") ? "TRUE" : "FALSE";
        len = strlen(value);
    } else if (!strcmp(t, "n") && x->c_v && len) {
        number_text(x, value, num, sizeof num);
        value = num;
        len = strlen(num);
    } else if (strcmp(t, "str") && strcmp(t, "inlineStr") && strcmp(t, "e") && strcmp(t, "s") &&
               strcmp(t, "b") && strcmp(t, "n") && strcmp(t, "d")) {
        fail_cell(x, "a cell type that is not Excel's");
        return;
    }
    if (x->status || !len)
        return;
    if (x->n_cells && x->c_col <= x->cells[x->n_cells - 1].col) {
        fail_cell(x, "a cell out of order, or twice");
        return;
    }
    struct cell *grown = array_grow(x->cells, x->n_cells, &x->alloc_cells, sizeof *grown, 64);
    if (!grown) {
        failf(x, WQ_ENOMEM, "out of memory");
        return;
    }
    x->cells = grown;
    x->cells[x->n_cells++] = (struct cell){x->c_col, x->values.len};
    if (!strbuf_append(&x->values, value, len) || !strbuf_append(&x->values, "", 1))
        failf(x, WQ_ENOMEM, "out of memory");
}

/* The fields of the row read: cells in their columns, empty between. */
static void row_end(struct xlsx *x)
{
    static char empty[1];
    if (x->status || !x->n_cells)
        return;
    size_t width = x->cells[x->n_cells - 1].col + 1;
    if (!x->record) {
        x->width = width;
        x->header_row = x->row;
    }
    if (width < x->width)
        width = x->width;
    if (width > x->alloc_fields) {
        char **f = realloc(x->fields, width * sizeof *f);
        size_t *l = f ? realloc(x->lens, width * sizeof *l) : NULL;
        if (f)
            x->fields = f;
        if (!f || !l) {
            failf(x, WQ_ENOMEM, "out of memory");
            return;
        }
        x->lens = l;
        x->alloc_fields = width;
    }
    for (size_t i = 0; i < width; i++) {
        x->fields[i] = empty;
        x->lens[i] = 0;
    }
    for (size_t i = 0; i < x->n_cells; i++) {
        x->fields[x->cells[i].col] = x->values.data + x->cells[i].off;
        x->lens[x->cells[i].col] = strlen(x->values.data + x->cells[i].off);
    }
    struct csv_row row = {x->display, x->row, ++x->record, width, x->fields, x->lens, true};
    int st = x->fn(&row, x->ud, x->err);
    if (st) {
        x->status = st;
        XML_StopParser(x->parser, XML_FALSE);
    }
}

/* A merged range over the header row would hide which column is which. */
static void merge_check(struct xlsx *x, const char *ref)
{
    size_t c1, c2;
    unsigned long r1, r2;
    char a[16], b[16];
    if (!ref || sscanf(ref, "%15[A-Z0-9]:%15[A-Z0-9]", a, b) != 2 || !parse_ref(a, &c1, &r1) ||
        !parse_ref(b, &c2, &r2))
        return;
    if (x->header_row && r1 <= x->header_row && x->header_row <= r2) {
        x->c_col = c1;
        x->row = r1;
        fail_cell(x, "merged cells in the header row: unmerge them, so that each column "
                     "has its own heading");
    }
}

static void sheet_start(struct xlsx *x, const char *el, const char **atts)
{
    if (!strcmp(el, "row")) {
        const char *r = attr(atts, "r");
        char *end = NULL;
        unsigned long n = r ? strtoul(r, &end, 10) : x->row + 1;
        if ((r && (*end || !isdigit((unsigned char)*r))) || n <= x->row || n > 1048576) {
            failf(x, WQ_EDATA, "%s: after row %lu, a row numbered '%.20s': rows out of order "
                  "or out of Excel's range", x->display, x->row, r ? r : "");
            return;
        }
        x->row = n;
        x->n_cells = 0;
        text_clear(&x->values);
    } else if (!strcmp(el, "c")) {
        cell_start(x, atts);
    } else if (!strcmp(el, "v")) {
        x->collecting = true;
        text_clear(&x->text);
    } else if (!strcmp(el, "f")) {
        x->c_f = true;
    } else if (!strcmp(el, "is")) {
        x->in_is = true;
    } else if (!strcmp(el, "rPh")) {
        x->skip++;
    } else if (!strcmp(el, "t") && x->in_is && !x->skip) {
        x->collecting = true;
    } else if (!strcmp(el, "mergeCell")) {
        merge_check(x, attr(atts, "ref"));
    }
}

static void sheet_end(struct xlsx *x, const char *el)
{
    if (!strcmp(el, "v")) {
        x->collecting = false;
        x->c_v = true;
    } else if (!strcmp(el, "t") && x->in_is) {
        x->collecting = false;
    } else if (!strcmp(el, "rPh")) {
        x->skip--;
    } else if (!strcmp(el, "is")) {
        x->in_is = false;
        x->c_v = true;
    } else if (!strcmp(el, "c")) {
        cell_end(x);
    } else if (!strcmp(el, "row")) {
        row_end(x);
    }
}

/* ---- expat ------------------------------------------------------------- */

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *el = local(name);
    switch (x->part) {
    case WORKBOOK: workbook_start(x, el, atts); break;
    case RELS: rels_start(x, el, atts); break;
    case STRINGS: strings_start(x, el); break;
    case STYLES: styles_start(x, el, atts); break;
    case SHEET: sheet_start(x, el, atts); break;
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    const char *el = local(name);
    if (x->part == STRINGS)
        strings_end(x, el);
    else if (x->part == SHEET)
        sheet_end(x, el);
    else if (x->part == STYLES && !strcmp(el, "cellXfs"))
        x->in_xfs = false;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct xlsx *x = ud;
    if (!x->collecting)
        return;
    if (x->text.len + (size_t)len > XLSX_MAX_CELL) {
        if (x->part == SHEET)
            fail_cell(x, "over 1 MiB of text");
        else
            failf(x, WQ_EDATA, "%s: a shared string over 1 MiB", x->name);
        return;
    }
    if (!strbuf_append(&x->text, s, (size_t)len))
        failf(x, WQ_ENOMEM, "out of memory");
}

/* xlsx parts never have a DTD: one is an attack on the parser. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    struct xlsx *x = ud;
    failf(x, WQ_EDATA, "%s: a part of the workbook has a DTD, which Excel never writes",
          x->name);
}

/* Is there memory left? libzip reports some failed allocations as a
 * damaged archive ("Not a zip archive", "Malloc failure" under another
 * code): when opening fails and a small allocation fails too, the cause is
 * out of memory (71), not the file (65). */
static bool memory_left(void)
{
    void *p = malloc(4096);
    free(p);
    return p != NULL;
}

/* Parse the archive's part PATH as PART. A missing part is an error only
 * when REQUIRED. */
static int parse_part(struct xlsx *x, const char *path, enum part part, bool required)
{
    zip_file_t *zf = zip_fopen(x->zip, path, 0);
    if (!zf) {
        zip_error_t *ze = zip_get_error(x->zip);
        if (zip_error_code_zip(ze) == ZIP_ER_NOPASSWD || zip_error_code_zip(ze) == ZIP_ER_WRONGPASSWD)
            return wq_fail(x->err, WQ_EDATA, NULL, "%s: the workbook is password-protected: "
                           "save a copy without a password, or as CSV", x->name);
        if (!required && zip_error_code_zip(ze) == ZIP_ER_NOENT)
            return WQ_OK;
        if (zip_error_code_zip(ze) == ZIP_ER_MEMORY || !memory_left())
            return wq_fail(x->err, WQ_ENOMEM, NULL, "out of memory");
        return wq_fail(x->err, WQ_EDATA, NULL, "%s: not a readable Excel workbook (no %s: %s)",
                       x->name, path, zip_error_strerror(ze));
    }
    x->part = part;
    x->parser = XML_ParserCreateNS(NULL, '|');
    if (!x->parser) {
        zip_fclose(zf);
        return wq_fail(x->err, WQ_ENOMEM, NULL, "out of memory");
    }
    XML_SetUserData(x->parser, x);
    XML_SetElementHandler(x->parser, on_start, on_end);
    XML_SetCharacterDataHandler(x->parser, on_text);
    XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
    char *buf = malloc(1 << 16);
    if (!buf) {
        XML_ParserFree(x->parser);
        x->parser = NULL;
        zip_fclose(zf);
        return wq_fail(x->err, WQ_ENOMEM, NULL, "out of memory");
    }
    unsigned long long total = 0;
    zip_int64_t n;
    bool last = false;
    while (!x->status && !last) {
        n = zip_fread(zf, buf, 1 << 16);
        if (n < 0) {
            if (zip_error_code_zip(zip_file_get_error(zf)) == ZIP_ER_MEMORY || !memory_left())
                failf(x, WQ_ENOMEM, "out of memory");
            else
                failf(x, WQ_EDATA, "%s: %s is damaged: %s", x->name, path,
                      zip_error_strerror(zip_file_get_error(zf)));
            break;
        }
        last = n == 0;
        total += (unsigned long long)n;
        if (total > xlsx_max_part) {
            failf(x, WQ_EDATA, "%s: %s expands to over %llu bytes: not a workbook Excel wrote "
                  "(a zip bomb?)", x->name, path, xlsx_max_part);
            break;
        }
        if (XML_Parse(x->parser, buf, (int)n, last) == XML_STATUS_ERROR && !x->status &&
            XML_GetErrorCode(x->parser) == XML_ERROR_NO_MEMORY)
            failf(x, WQ_ENOMEM, "out of memory");
        else if (XML_GetErrorCode(x->parser) != XML_ERROR_NONE && !x->status)
            failf(x, WQ_EDATA, "%s: %s is not well-formed XML (line %lu: %s)", x->name, path,
                  (unsigned long)XML_GetCurrentLineNumber(x->parser),
                  XML_ErrorString(XML_GetErrorCode(x->parser)));
    }
    free(buf);
    XML_ParserFree(x->parser);
    x->parser = NULL;
    x->collecting = false;
    x->skip = 0;
    zip_fclose(zf);
    return x->status;
}

/* ---- the workbook ---------------------------------------------------- */

static void xlsx_free(struct xlsx *x)
{
    if (x->zip)
        zip_discard(x->zip);
    free(x->sheet_id);
    free(x->sheet_name);
    free(x->target);
    strbuf_free(&x->names);
    strbuf_free(&x->text);
    strbuf_free(&x->sst);
    free(x->sst_off);
    free(x->date_fmts);
    free(x->xf_date);
    strbuf_free(&x->values);
    free(x->cells);
    free(x->fields);
    free(x->lens);
}

/* Open the archive, refusing what is not one with a message that says
 * what to do. */
static int open_zip(struct xlsx *x, const char *path)
{
    unsigned char head[8] = {0};
    FILE *f;
    int st = wq_open_input(&f, path, x->err);
    if (st)
        return st;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (xlsx_is_ole2(head, n))
        return xlsx_refuse_ole2(x->name, x->err);
    int code;
    x->zip = zip_open(path, ZIP_RDONLY, &code);
    if (!x->zip && (code == ZIP_ER_MEMORY || !memory_left()))
        return wq_fail(x->err, WQ_ENOMEM, NULL, "out of memory");
    if (!x->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        st = wq_fail(x->err, WQ_EDATA, NULL, "%s: not a readable Excel workbook (%s)", x->name,
                     zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    return WQ_OK;
}

/* The workbook's sheet: its name, and the part that holds it. */
static int find_sheet(struct xlsx *x)
{
    int st = parse_part(x, "xl/workbook.xml", WORKBOOK, true);
    if (st)
        return st;
    if (!x->sheet_id) {
        if (x->want)
            return wq_fail(x->err, WQ_EDATA, NULL, "%s: no sheet named '%s' (the workbook "
                           "has %s)", x->name, x->want, x->names.len ? x->names.data : "none");
        return wq_fail(x->err, WQ_EDATA, NULL, "%s: the workbook has no worksheet", x->name);
    }
    snprintf(x->display, sizeof x->display, "%s[%s]", x->name, x->sheet_name);
    if ((st = parse_part(x, "xl/_rels/workbook.xml.rels", RELS, true)))
        return st;
    if (!x->target)
        return wq_fail(x->err, WQ_EDATA, NULL, "%s: sheet '%s' has no part in the workbook",
                       x->name, x->sheet_name);
    return WQ_OK;
}

int xlsx_read_file(const char *path, const char *name, const char *sheet, csv_row_fn fn,
                   void *ud, struct wq_error *err)
{
    struct xlsx x = {.name = name, .want = sheet, .fn = fn, .ud = ud, .err = err};
    int st = open_zip(&x, path);
    if (!st)
        st = find_sheet(&x);
    if (!st)
        st = parse_part(&x, "xl/sharedStrings.xml", STRINGS, false);
    if (!st)
        st = parse_part(&x, "xl/styles.xml", STYLES, false);
    if (!st)
        st = parse_part(&x, x.target, SHEET, true);
    if (!st && !x.record)
        st = wq_fail(err, WQ_EDATA, NULL, "%s: sheet '%s' is empty (the workbook has %s): "
                     "name the sheet to read with --sheet", x.name, x.sheet_name, x.names.data);
    xlsx_free(&x);
    return st;
}

int xlsx_sheet_names(const char *path, const char *name, struct strbuf *names,
                     struct wq_error *err)
{
    struct xlsx x = {.name = name, .err = err, .list = names};
    int st = open_zip(&x, path);
    if (!st)
        st = parse_part(&x, "xl/workbook.xml", WORKBOOK, true);
    xlsx_free(&x);
    return st;
}
