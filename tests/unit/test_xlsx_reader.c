/* test_xlsx_reader.c: Excel workbooks read as rows.
 *
 * Two kinds of workbook: ones written by libxlsxwriter (another library
 * than the reader's, the way a trust's Excel writes them: shared strings,
 * number and date formats, booleans, formulas with their saved result), and
 * ones put together here part by part with libzip, for what libxlsxwriter
 * does not write (the 1904 date system, inline and rich strings, prefixed
 * XML, a formula with no saved value, merged header cells, a DTD, a zip
 * bomb, a legacy .xls). Every expected value is the one written, or an
 * Excel fact (serial 43555 is 31 March 2019; 60 is the phantom 29 February
 * 1900). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "text.h"
#include "xlsx_reader.h"

/* Every row as "file:line|f1|f2|...\n". */
static int capture_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct strbuf *out = ud;
    (void)err;
    strbuf_printf(out, "%s:%lu", row->file, row->line);
    for (size_t i = 0; i < row->n_fields; i++) {
        assert_int_equal(strlen(row->fields[i]), row->lens[i]);
        strbuf_printf(out, "|%s", row->fields[i]);
    }
    strbuf_puts(out, "\n");
    return WQ_OK;
}

static char path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/wq-xlsx-test-%ld.xlsx", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

/* Read SHEET of the workbook at PATH: the status, the rows in *OUT. */
static int read_rows(const char *sheet, struct strbuf *out, struct wq_error *err)
{
    out->len = 0;
    if (out->data)
        out->data[0] = '\0';
    return xlsx_read_file(path, "w.xlsx", sheet, capture_row, out, err);
}

/* ---- workbooks from libxlsxwriter -------------------------------------- */

static void write_staff_workbook(void)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Staff in post");
    lxw_worksheet *other = workbook_add_worksheet(wb, "Notes");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0%");
    const char *head[] = {"Employee Number", "Ethnic Origin", "Start Date", "FTE", "Primary",
                          "Total"};
    for (int c = 0; c < 6; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_write_number(ws, 1, 0, 12345, NULL);
    worksheet_write_string(ws, 1, 1, "A White - British", NULL);
    lxw_datetime d = {2019, 3, 31, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 2, &d, date);
    worksheet_write_number(ws, 1, 3, 0.8, pct);
    worksheet_write_boolean(ws, 1, 4, 1, NULL);
    worksheet_write_formula_num(ws, 1, 5, "=1+1", NULL, 2);
    /* row 3: a gap in column B, nothing after D */
    worksheet_write_number(ws, 2, 0, 67890, NULL);
    worksheet_write_string(ws, 2, 2, "31/03/2019", NULL);
    worksheet_write_number(ws, 2, 3, 1, NULL);
    /* row 5 (row 4 empty): a string that looks like a formula, a comma */
    worksheet_write_string(ws, 4, 0, "=HYPERLINK(\"x\")", NULL);
    worksheet_write_string(ws, 4, 1, "Mixed, White & Asian", NULL);
    worksheet_write_string(other, 0, 0, "only", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void libxlsxwriter_workbook(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    write_staff_workbook();
    assert_int_equal(read_rows(NULL, &out, &err), WQ_OK);
    assert_string_equal(out.data,
                        "w.xlsx[Staff in post]:1|Employee Number|Ethnic Origin|Start Date|FTE|"
                        "Primary|Total\n"
                        "w.xlsx[Staff in post]:2|12345|A White - British|2019-03-31|0.8|TRUE|2\n"
                        "w.xlsx[Staff in post]:3|67890||31/03/2019|1||\n"
                        "w.xlsx[Staff in post]:5|=HYPERLINK(\"x\")|Mixed, White & Asian||||\n");
    /* the other sheet, by name */
    assert_int_equal(read_rows("Notes", &out, &err), WQ_OK);
    assert_string_equal(out.data, "w.xlsx[Notes]:1|only\n");
    /* a sheet that is not there: the message lists those that are */
    assert_int_equal(read_rows("Leavers", &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "no sheet named 'Leavers'"));
    assert_non_null(strstr(err.msg, "'Staff in post', 'Notes'"));
    strbuf_free(&out);
}

/* xlsx_sheet_names: the workbook's sheets in order, each with its NUL */
static void sheet_names(void **state)
{
    (void)state;
    struct strbuf names = {0};
    struct wq_error err = {0};
    write_staff_workbook();
    assert_int_equal(xlsx_sheet_names(path, "w.xlsx", &names, &err), WQ_OK);
    assert_int_equal(names.len, sizeof "Staff in post\0Notes");
    assert_memory_equal(names.data, "Staff in post\0Notes", names.len);
    strbuf_free(&names);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("Employee Number,Ethnic Origin\n", f);
    fclose(f);
    assert_int_equal(xlsx_sheet_names(path, "w.xlsx", &names, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "not a readable Excel workbook"));
    strbuf_free(&names);
}

/* ---- workbooks put together part by part ------------------------------- */

static const char *const content_types =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"/>";
static const char *const workbook_1900 =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *const rels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>";
/* cell style 1 is a built-in date (14), 2 a custom "d-mmm-yy", 3 a number */
static const char *const styles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"d\\-mmm\\-yy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm;&quot;day&quot;0.00\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/></cellXfs></styleSheet>";

/* Write a workbook of the given parts (NULL: left out) to PATH. */
static void make_parts(const char *workbook, const char *strings, const char *sheet,
                       const char *extra_name, const char *extra)
{
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
    assert_non_null(z);
    const char *names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                           extra_name};
    const char *parts[] = {content_types, workbook, rels, styles, strings, sheet, extra};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        if (!parts[i] || !names[i])
            continue;
        zip_source_t *src = zip_source_buffer(z, parts[i], strlen(parts[i]), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

#define SHEET_OPEN "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_CLOSE "</sheetData></worksheet>"

static void dates_1900_and_1904(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    const char *sheet = SHEET_OPEN
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Date</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>Other</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>Hours</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>43555</v></c><c r=\"B2\" s=\"2\"><v>59</v></c>"
        "<c r=\"C2\" s=\"3\"><v>1.5</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>61.75</v></c><c r=\"B3\" s=\"2\"><v>1</v></c></row>"
        SHEET_CLOSE;
    make_parts(workbook_1900, NULL, sheet, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_OK);
    assert_string_equal(out.data, "w.xlsx[S]:1|Date|Other|Hours\n"
                                  "w.xlsx[S]:2|2019-03-31|1900-02-28|1.5\n"
                                  "w.xlsx[S]:3|1900-03-01|1900-01-01|\n");
    /* the 1904 system: serial 42093 is 31 March 2019 */
    const char *wb1904 =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<workbookPr date1904=\"true\"/>"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    make_parts(wb1904, NULL, SHEET_OPEN "<row r=\"1\"><c s=\"1\"><v>42093</v></c></row>"
               SHEET_CLOSE, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_OK);
    assert_string_equal(out.data, "w.xlsx[S]:1|2019-03-31\n");
    /* Excel's phantom 29 February 1900 */
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row r=\"1\"><c r=\"A1\">"
               "<v>1</v></c></row><row r=\"2\"><c r=\"D2\" s=\"1\"><v>60</v></c></row>"
               SHEET_CLOSE, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "w.xlsx[S]: cell D2: 29 February 1900"));
    strbuf_free(&out);
}

/* Numbers as Excel stores them, in their shortest form */
static void numbers(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row r=\"1\"><c><v>12345</v></c><c><v>-42</v></c>"
               "<c><v>0</v></c><c><v>0.80000000000000004</v></c><c><v>1E+20</v></c>"
               "<c><v>007</v></c><c><v>1234567890123456789</v></c></row>" SHEET_CLOSE, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_OK);
    assert_string_equal(out.data, "w.xlsx[S]:1|12345|-42|0|0.8|1e+20|7|1.23456789012346e+18\n");
    strbuf_free(&out);
}

static void strings_and_prefixes(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    /* shared strings with rich runs and a phonetic reading that is not text;
     * the sheet written with a prefix, as the OpenXML SDK does */
    const char *strings =
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<si><t>Ethnic Origin</t></si>"
        "<si><r><t>A White</t></r><r><t xml:space=\"preserve\"> - British</t></r>"
        "<rPh><t>PHONETIC</t></rPh></si><si><t>caf\xc3\xa9 &amp; &lt;b&gt;</t></si></sst>";
    const char *sheet =
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"s\"><x:v>0</x:v></x:c></x:row>"
        "<x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
        "<x:row r=\"3\"><x:c r=\"A3\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"B3\" t=\"str\">"
        "<x:f>A1</x:f><x:v>from a formula</x:v></x:c></x:row>"
        "<x:row r=\"4\"><x:c r=\"A4\" t=\"e\"><x:v>#N/A</x:v></x:c>"
        "<x:c r=\"B4\" t=\"b\"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>";
    make_parts(workbook_1900, strings, sheet, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_OK);
    assert_string_equal(out.data, "w.xlsx[S]:1||Ethnic Origin\n"
                                  "w.xlsx[S]:2||A White - British\n"
                                  "w.xlsx[S]:3|caf\xc3\xa9 & <b>|from a formula\n"
                                  "w.xlsx[S]:4|#N/A|FALSE\n");
    /* a shared string that is not there */
    make_parts(workbook_1900, strings, SHEET_OPEN "<row r=\"7\"><c r=\"C7\" t=\"s\"><v>3</v></c>"
               "</row>" SHEET_CLOSE, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "cell C7: a shared string"));
    strbuf_free(&out);
}

static void refused(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    /* a formula Excel never calculated */
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
               "<row r=\"2\"><c r=\"B2\"><f>SUM(A1:A1)</f></c></row>" SHEET_CLOSE, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "cell B2: a formula with no saved value"));
    /* merged cells over the header */
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row r=\"3\"><c r=\"A3\"><v>1</v></c></row>"
               "<row r=\"4\"><c r=\"A4\"><v>2</v></c></row></sheetData><mergeCells count=\"1\">"
               "<mergeCell ref=\"B3:D3\"/></mergeCells></worksheet>", NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "cell B3: merged cells in the header row"));
    /* ... but merged cells below it are fine */
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row r=\"3\"><c r=\"A3\"><v>1</v></c></row>"
               "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"B5:D5\"/></mergeCells>"
               "</worksheet>", NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_OK);
    /* a DTD (the start of an entity-expansion attack) */
    make_parts(workbook_1900, NULL, "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>" SHEET_OPEN SHEET_CLOSE,
               NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "DTD"));
    /* not XML */
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row><c>" , NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "not well-formed XML"));
    /* rows out of order, or numbered 0 (found by fuzz_xlsx) */
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row r=\"0\"><c><v>1</v></c></row>" SHEET_CLOSE,
               NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "rows out of order"));
    make_parts(workbook_1900, NULL, SHEET_OPEN "<row r=\"5\"><c><v>1</v></c></row><row r=\"3\">"
               "<c><v>1</v></c></row>" SHEET_CLOSE, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "after row 5, a row numbered '3'"));
    /* no workbook part */
    make_parts(NULL, NULL, SHEET_OPEN SHEET_CLOSE, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "not a readable Excel workbook"));
    strbuf_free(&out);
}

static void zip_bomb(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    /* 8 MB of one repeated row compresses to a few kB */
    struct strbuf big = {0};
    assert_true(strbuf_puts(&big, SHEET_OPEN));
    while (big.len < 8u << 20)
        assert_true(strbuf_puts(&big, "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"));
    assert_true(strbuf_puts(&big, SHEET_CLOSE));
    make_parts(workbook_1900, NULL, big.data, NULL, NULL);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_OK); /* within the limit */
    xlsx_max_part = 1u << 20;
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "expands to over 1048576 bytes"));
    xlsx_max_part = XLSX_MAX_PART;
    strbuf_free(&big);
    strbuf_free(&out);
}

static void not_a_workbook(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE2 file", 1, 30, f);
    fclose(f);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "legacy Excel .xls"));
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("PK\x03\x04 but truncated", f);
    fclose(f);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "not a readable Excel workbook"));
    unlink(path);
    assert_int_equal(read_rows(NULL, &out, &err), WQ_ENOINPUT);
    strbuf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(libxlsxwriter_workbook, setup, teardown),
        cmocka_unit_test_setup_teardown(dates_1900_and_1904, setup, teardown),
        cmocka_unit_test_setup_teardown(numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(strings_and_prefixes, setup, teardown),
        cmocka_unit_test_setup_teardown(refused, setup, teardown),
        cmocka_unit_test_setup_teardown(zip_bomb, setup, teardown),
        cmocka_unit_test_setup_teardown(sheet_names, setup, teardown),
        cmocka_unit_test_setup_teardown(not_a_workbook, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
