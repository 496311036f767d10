/* csv2xlsx: write a CSV file as an .xlsx workbook the way a trust's Excel
 * would hold it, for the benchmark's workbook path (make bench).
 *
 *   csv2xlsx IN.csv OUT.xlsx
 *
 * One worksheet, "Sheet1"; the header row as text; a field that is a plain
 * decimal number as a number cell; a DD/MM/YYYY field as a date cell with a
 * dd/mm/yyyy format (Excel's serial number); anything else as text (shared
 * strings, as Excel writes them: libxlsxwriter's constant_memory mode would
 * write inline strings instead, so it is not used, and the generator holds
 * the sheet in memory, about 1.5 GB at 1.5M rows). */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct gen {
    lxw_worksheet *ws;
    lxw_format *date;
    lxw_row_t row;
    lxw_col_t col;
    int failed;
};

static int is_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0, dots = 0;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dots)
            dots++;
        else
            return 0;
    }
    /* leading zeros would be lost: keep those as text, as Excel would be told */
    return digits > 0 && digits <= 15 && !(n > 1 && s[0] == '0' && s[1] != '.');
}

static int is_date(const char *s, size_t n, lxw_datetime *d)
{
    int dd, mm, yy;
    char tail;
    char buf[16];
    if (n != 10 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (sscanf(buf, "%2d/%2d/%4d%c", &dd, &mm, &yy, &tail) != 3)
        return 0;
    *d = (lxw_datetime){yy, mm, dd, 0, 0, 0};
    return 1;
}

static void on_field(void *f, size_t n, void *ud)
{
    struct gen *g = ud;
    char *s = malloc(n + 1);
    lxw_datetime d;
    lxw_error e;
    if (!s) {
        g->failed = 1;
        return;
    }
    memcpy(s, f, n);
    s[n] = '\0';
    if (g->row > 0 && is_number(s, n))
        e = worksheet_write_number(g->ws, g->row, g->col, strtod(s, NULL), NULL);
    else if (g->row > 0 && is_date(s, n, &d))
        e = worksheet_write_datetime(g->ws, g->row, g->col, &d, g->date);
    else
        e = worksheet_write_string(g->ws, g->row, g->col, s, NULL);
    if (e != LXW_NO_ERROR)
        g->failed = 1;
    free(s);
    g->col++;
}

static void on_row(int c, void *ud)
{
    struct gen *g = ud;
    (void)c;
    g->row++;
    g->col = 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx\n");
        return 64;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 66;
    }
    lxw_workbook *wb = workbook_new(argv[2]);
    struct gen g = {0};
    struct csv_parser p;
    if (!wb || csv_init(&p, CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "csv2xlsx: cannot start\n");
        return 71;
    }
    g.ws = workbook_add_worksheet(wb, NULL);
    g.date = workbook_add_format(wb);
    format_set_num_format(g.date, "dd/mm/yyyy");
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &g) != n)
            g.failed = 1;
    csv_fini(&p, on_field, on_row, &g);
    csv_free(&p);
    fclose(in);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR || g.failed) {
        fprintf(stderr, "csv2xlsx: writing %s failed: %s\n", argv[2],
                e != LXW_NO_ERROR ? lxw_strerror(e) : "a cell could not be written");
        return 74;
    }
    return 0;
}
