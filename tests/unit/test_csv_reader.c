/* test_csv_reader.c: the streaming CSV reader, fed at every chunk size. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_reader.h"
#include "text.h"

/* Every record, rendered as "line|f1|f2|...\n" into one buffer. */
struct capture {
    struct strbuf out;
    unsigned long records;
};

static int capture_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct capture *c = ud;
    (void)err;
    c->records++;
    strbuf_printf(&c->out, "%lu", row->line);
    for (size_t i = 0; i < row->n_fields; i++) {
        assert_int_equal(strlen(row->fields[i]), row->lens[i]);
        strbuf_puts(&c->out, "|");
        strbuf_append(&c->out, row->fields[i], row->lens[i]);
    }
    strbuf_puts(&c->out, "\n");
    return WQ_OK;
}

/* The delimiter feed() gives the reader: 0, detect it. */
static char test_delim;

/* Feed DATA in chunks of CHUNK bytes; returns the status, fills C. */
static int feed(const char *data, size_t len, size_t chunk, struct capture *c,
                struct wq_error *err)
{
    struct csv_reader r;
    memset(c, 0, sizeof *c);
    assert_int_equal(csv_reader_init_delim(&r, "t.csv", test_delim, capture_row, c), WQ_OK);
    int st = WQ_OK;
    for (size_t off = 0; off < len && !st; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        st = csv_reader_feed(&r, data + off, n, err);
    }
    if (!st)
        st = csv_reader_finish(&r, err);
    csv_reader_free(&r);
    return st;
}

static void expect(const char *data, size_t len, const char *want)
{
    for (size_t chunk = 1; chunk <= len; chunk++) {
        struct capture c;
        struct wq_error err = {0};
        int st = feed(data, len, chunk, &c, &err);
        if (st != WQ_OK || strcmp(c.out.data ? c.out.data : "", want) != 0) {
            print_error("chunk %zu: status %d (%s)\ngot:\n%s\nwant:\n%s\n", chunk, st, err.msg,
                        c.out.data ? c.out.data : "", want);
            strbuf_free(&c.out);
            fail();
        }
        strbuf_free(&c.out);
    }
}

static void test_simple(void **state)
{
    (void)state;
    const char s[] = "a,b,c\n1,2,3\n4,5,6\n";
    expect(s, sizeof s - 1, "1|a|b|c\n2|1|2|3\n3|4|5|6\n");
}

static void test_no_final_newline(void **state)
{
    (void)state;
    const char s[] = "a,b\n1,2";
    expect(s, sizeof s - 1, "1|a|b\n2|1|2\n");
}

static void test_crlf_and_bom(void **state)
{
    (void)state;
    const char s[] = "\xEF\xBB\xBF"
                     "\"Employee Number\",Band \r\n1,Band 5\r\n2,\"Band 6\"\r\n";
    expect(s, sizeof s - 1, "1|Employee Number|Band\n2|1|Band 5\n3|2|Band 6\n");
}

static void test_quoted_comma_quote_newline(void **state)
{
    (void)state;
    /* a record spanning lines 2-3 starts on line 2; the next is on line 4 */
    const char s[] = "dir,n\n\"Finance, \"\"Corporate\"\"\nServices\",3\nOps,4\n";
    expect(s, sizeof s - 1, "1|dir|n\n2|Finance, \"Corporate\"\nServices|3\n4|Ops|4\n");
}

static void test_blank_lines_keep_line_numbers(void **state)
{
    (void)state;
    const char s[] = "a,b\n\n1,2\r\n\r\n3,4\n";
    expect(s, sizeof s - 1, "1|a|b\n3|1|2\n5|3|4\n");
}

static void test_windows_1252(void **state)
{
    (void)state;
    /* "Caf\xe9" and a curly quote in Windows-1252; UTF-8 passes unchanged */
    const char s[] = "name,x\nCaf\xe9 \x93Z\x94,1\nCaf\xc3\xa9,2\n";
    expect(s, sizeof s - 1,
           "1|name|x\n2|Caf\xc3\xa9 \xe2\x80\x9cZ\xe2\x80\x9d|1\n3|Caf\xc3\xa9|2\n");
}

static void test_not_a_bom(void **state)
{
    (void)state;
    /* a first byte that looks like a BOM start but is not one (Windows-1252) */
    const char s[] = "\xEF" "a,b\n";
    expect(s, sizeof s - 1, "1|\xc3\xaf" "a|b\n");
}

static void expect_error(const char *data, size_t len, int code, const char *needle)
{
    for (size_t chunk = 1; chunk <= len; chunk++) {
        struct capture c;
        struct wq_error err = {0};
        int st = feed(data, len, chunk, &c, &err);
        strbuf_free(&c.out);
        if (st != code || !strstr(err.msg, needle)) {
            print_error("chunk %zu: status %d, message '%s'; want %d and '%s'\n", chunk, st,
                        err.msg, code, needle);
            fail();
        }
    }
}

static void test_unbalanced_quote_at_eof(void **state)
{
    (void)state;
    const char s[] = "a,b\n1,2\n3,\"oops\n4,5\n";
    expect_error(s, sizeof s - 1, WQ_EDATA, "t.csv:3: unbalanced quotes");
}

static void test_text_after_closing_quote(void **state)
{
    (void)state;
    const char s[] = "a,b\n1,2\n3,\"x\"y\n";
    expect_error(s, sizeof s - 1, WQ_EDATA, "t.csv:3: malformed CSV");
}

static void test_nul_byte(void **state)
{
    (void)state;
    const char s[] = "a,b\n1,2\n3,x\0y\n";
    expect_error(s, sizeof s - 1, WQ_EDATA, "t.csv:3: NUL byte");
}

/* Feed a stream made by NEXT (which fills a 64 KiB chunk and says how much,
 * 0 at the end) until the reader stops; returns the status and, in *FED,
 * how many bytes went in. */
typedef size_t (*chunk_fn)(char *buf, size_t size, size_t off);

static int stream(chunk_fn next, size_t *fed, struct capture *c, struct wq_error *err)
{
    enum { CHUNK = 1 << 16 };
    static char buf[CHUNK];
    struct csv_reader r;
    memset(c, 0, sizeof *c);
    assert_int_equal(csv_reader_init(&r, "t.csv", capture_row, c), WQ_OK);
    int st = WQ_OK;
    size_t n;
    *fed = 0;
    while (!st && (n = next(buf, CHUNK, *fed)) > 0) {
        st = csv_reader_feed(&r, buf, n, err);
        *fed += n;
    }
    if (!st)
        st = csv_reader_finish(&r, err);
    csv_reader_free(&r);
    return st;
}

/* 20 MB of 'x' with no line end at all. */
static size_t no_line_end(char *buf, size_t size, size_t off)
{
    if (off >= 20u << 20)
        return 0;
    memset(buf, 'x', size);
    if (off == 0)
        memcpy(buf, "a,b\n1,", 6);
    return size;
}

/* A header then "1,<the same unquoted or quoted byte again and again>". */
static const char *long_field_quote;
static size_t long_field_len;
static size_t long_field(char *buf, size_t size, size_t off)
{
    const char *q = long_field_quote;
    size_t head = 6 + strlen(q), total = head + long_field_len + 2 * strlen(q) - strlen(q) + 1;
    if (off >= total)
        return 0;
    size_t n = total - off < size ? total - off : size;
    for (size_t i = 0; i < n; i++) {
        size_t k = off + i;
        buf[i] = k < 6 ? "a,b\n1,"[k] : k < head ? q[k - 6] : k < head + long_field_len ? 'y'
                 : k + 1 < total ? q[k - head - long_field_len] : '\n';
    }
    return n;
}

/* The record limit: a file with no line end stops at CSV_RECORD_MAX (plus
 * at most the 64 KiB piece libcsv had), naming the line the record started
 * on and its field; a field of exactly the limit is still a record, one
 * byte more is not, quoted (libcsv) or not (the fast path). */
static void test_record_limit(void **state)
{
    (void)state;
    struct capture c;
    struct wq_error err = {0};
    size_t fed;
    assert_int_equal(stream(no_line_end, &fed, &c, &err), WQ_EDATA);
    assert_true(fed <= CSV_RECORD_MAX + (2u << 16));
    assert_non_null(strstr(err.msg, "t.csv:2: field 2: a record longer than 1 MiB (1048576 bytes)"));
    assert_int_equal(c.records, 1); /* the header only */
    strbuf_free(&c.out);
    const char *quotes[] = {"", "\""};
    for (size_t i = 0; i < 2; i++) {
        long_field_quote = quotes[i];
        /* "1", the field and a byte after each: 2 + field + 1 <= 1 MiB */
        long_field_len = CSV_RECORD_MAX - 3;
        memset(&err, 0, sizeof err);
        assert_int_equal(stream(long_field, &fed, &c, &err), WQ_OK);
        assert_int_equal(c.records, 2);
        strbuf_free(&c.out);
        long_field_len = CSV_RECORD_MAX - 2;
        assert_int_equal(stream(long_field, &fed, &c, &err), WQ_EDATA);
        assert_non_null(strstr(err.msg, "t.csv:2: field 2: a record longer than 1 MiB"));
        assert_int_equal(c.records, 1);
        strbuf_free(&c.out);
    }
}

/* A NUL byte far into a long file: refused on its own line (line 150,000,
 * field 2), and no record after it is delivered. */
static size_t nul_at_150000(char *buf, size_t size, size_t off)
{
    const size_t line = 8; /* "1234,ab\n" */
    if (off >= 200000 * line)
        return 0;
    size_t n = 200000 * line - off < size ? 200000 * line - off : size;
    for (size_t i = 0; i < n; i++) {
        size_t k = off + i, l = k / line;
        buf[i] = "1234,ab\n"[k % line];
        if (l == 149999 && k % line == 6)
            buf[i] = '\0';
    }
    return n;
}

static void test_nul_far_into_a_long_file(void **state)
{
    (void)state;
    struct capture c;
    struct wq_error err = {0};
    size_t fed;
    assert_int_equal(stream(nul_at_150000, &fed, &c, &err), WQ_EDATA);
    assert_string_equal(err.msg, "t.csv:150000: NUL byte in field 2: this is not a text CSV file");
    assert_int_equal(c.records, 149999);
    strbuf_free(&c.out);
}

static int stop_at_two(const struct csv_row *row, void *ud, struct wq_error *err)
{
    (void)ud;
    if (row->record == 2)
        return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, "b", 0}, "no");
    return WQ_OK;
}

static void test_callback_stops(void **state)
{
    (void)state;
    const char s[] = "a,b\n1,2\n3,4\n";
    struct csv_reader r;
    struct wq_error err = {0};
    assert_int_equal(csv_reader_init(&r, "t.csv", stop_at_two, NULL), WQ_OK);
    assert_int_equal(csv_reader_feed(&r, s, sizeof s - 1, &err), WQ_EDATA);
    assert_string_equal(err.msg, "t.csv:2: column 'b': no");
    csv_reader_free(&r);
}

static void test_missing_file(void **state)
{
    (void)state;
    struct capture c = {0};
    struct wq_error err = {0};
    int st = csv_read_file("/nonexistent/x.csv", NULL, capture_row, &c, NULL, &err);
    assert_int_equal(st, WQ_ENOINPUT);
    assert_non_null(strstr(err.msg, "cannot open /nonexistent/x.csv"));
}

/* ---- delimiters ------------------------------------------------------- */

static void test_delim_tab(void **state)
{
    (void)state;
    /* tab is the delimiter, so it is not trimmed: a trailing tab is an
     * empty last field; spaces still are */
    const char s[] = "a\tb\tc\n1\t 2 \t\n\t\t\n";
    expect(s, sizeof s - 1, "1|a|b|c\n2|1|2|\n3|||\n");
}

static void test_delim_semicolon_keeps_commas(void **state)
{
    (void)state;
    /* Excel where the decimal separator is a comma */
    const char s[] = "Band;FTE;Dir\nBand 5;0,8;\"Finance; Corporate\"\n";
    expect(s, sizeof s - 1, "1|Band|FTE|Dir\n2|Band 5|0,8|Finance; Corporate\n");
}

static void test_delim_pipe_after_blank_lines(void **state)
{
    (void)state;
    /* the first line that is not blank decides; a comma inside a field */
    const char s[] = "\n \r\na|b, c|d\n1|2|3\n";
    expect(s, sizeof s - 1, "3|a|b, c|d\n4|1|2|3\n");
}

static void test_delim_quoted_do_not_count(void **state)
{
    (void)state;
    /* three semicolons inside quotes, two commas outside: comma */
    const char s[] = "\"a;b;c;d\",e,f\n1,2,3\n";
    expect(s, sizeof s - 1, "1|a;b;c;d|e|f\n2|1|2|3\n");
}

static void test_delim_tie_or_none_is_comma(void **state)
{
    (void)state;
    const char tie[] = "a;b,c\n1;2,3\n";
    expect(tie, sizeof tie - 1, "1|a;b|c\n2|1;2|3\n");
    const char none[] = "header\nx\n";
    expect(none, sizeof none - 1, "1|header\n2|x\n");
}

static void test_delim_after_bom_and_crlf(void **state)
{
    (void)state;
    const char s[] = "\xEF\xBB\xBF" "a;b\r\n1;2\r\n";
    expect(s, sizeof s - 1, "1|a|b\n2|1|2\n");
}

static void test_delim_forced(void **state)
{
    (void)state;
    /* --delimiter semicolon: the header's commas do not decide */
    const char s[] = "a,x;b\n1,5;2\n";
    test_delim = ';';
    expect(s, sizeof s - 1, "1|a,x|b\n2|1,5|2\n");
    test_delim = 0;
    expect(s, sizeof s - 1, "1|a|x;b\n2|1|5;2\n");
}

static void test_delim_parse_and_describe(void **state)
{
    (void)state;
    assert_int_equal(csv_delim_parse("comma"), ',');
    assert_int_equal(csv_delim_parse("tab"), '\t');
    assert_int_equal(csv_delim_parse("semicolon"), ';');
    assert_int_equal(csv_delim_parse("pipe"), '|');
    assert_int_equal(csv_delim_parse(";"), ';');
    assert_int_equal(csv_delim_parse("\t"), '\t');
    assert_int_equal(csv_delim_parse("colon"), 0);
    assert_int_equal(csv_delim_parse(":"), 0);
    assert_int_equal(csv_delim_parse(""), 0);
    assert_int_equal(csv_delim_parse(";;"), 0);
    char buf[128];
    csv_source_describe(&(struct csv_source){.encoding = CSV_UTF8, .delim_used = ','}, buf,
                        sizeof buf);
    assert_string_equal(buf, "UTF-8, comma-separated");
    csv_source_describe(&(struct csv_source){.encoding = CSV_UTF8_BOM, .delim_used = ';'}, buf,
                        sizeof buf);
    assert_string_equal(buf, "UTF-8 with BOM, semicolon-separated");
    csv_source_describe(&(struct csv_source){.encoding = CSV_UTF16LE, .delim_used = '\t'}, buf,
                        sizeof buf);
    assert_string_equal(buf, "UTF-16LE, tab-separated");
    csv_source_describe(&(struct csv_source){.delim_used = '|', .cp1252_fields = 3}, buf,
                        sizeof buf);
    assert_string_equal(buf, "Windows-1252 (3 fields converted), pipe-separated");
    struct csv_source wb = {.encoding = CSV_WORKBOOK};
    snprintf(wb.sheet_read, sizeof wb.sheet_read, "Staff in post");
    csv_source_describe(&wb, buf, sizeof buf);
    assert_string_equal(buf, "Excel workbook, sheet 'Staff in post'");
}

/* ---- UTF-16 ------------------------------------------------------------ */

/* UTF-8 text S as UTF-16 (BE or LE) with a byte-order mark, by hand (not
 * with iconv, which the reader uses) into OUT; returns the bytes. */
static size_t utf16(const char *s, bool be, unsigned char *out)
{
    size_t n = 0;
    unsigned long units[2];
    out[n++] = be ? 0xFE : 0xFF;
    out[n++] = be ? 0xFF : 0xFE;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned long cp;
        if (*p < 0x80) {
            cp = *p++;
        } else if (*p < 0xE0) {
            cp = (unsigned long)(*p & 0x1F) << 6 | (p[1] & 0x3F);
            p += 2;
        } else if (*p < 0xF0) {
            cp = (unsigned long)(*p & 0x0F) << 12 | (unsigned long)(p[1] & 0x3F) << 6 |
                 (p[2] & 0x3F);
            p += 3;
        } else {
            cp = (unsigned long)(*p & 0x07) << 18 | (unsigned long)(p[1] & 0x3F) << 12 |
                 (unsigned long)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
            p += 4;
        }
        size_t k = 0;
        if (cp >= 0x10000) {
            units[k++] = 0xD800 + ((cp - 0x10000) >> 10);
            units[k++] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
        } else {
            units[k++] = cp;
        }
        for (size_t i = 0; i < k; i++) {
            out[n++] = (unsigned char)(be ? units[i] >> 8 : units[i] & 0xFF);
            out[n++] = (unsigned char)(be ? units[i] & 0xFF : units[i] >> 8);
        }
    }
    return n;
}

static void test_utf16_le_and_be(void **state)
{
    (void)state;
    /* Excel's Unicode Text: tabs, CRLF, quotes where needed; an e acute,
     * an en dash and a character beyond the BMP (a surrogate pair) */
    const char text[] = "Name\tDir\r\nCaf\xc3\xa9\t\"Ops \xe2\x80\x93 \"\"East\"\"\"\r\n"
                        "\xf0\x9d\x84\x9e\tFinance, Corporate\r\n";
    const char want[] = "1|Name|Dir\n2|Caf\xc3\xa9|Ops \xe2\x80\x93 \"East\"\n"
                        "3|\xf0\x9d\x84\x9e|Finance, Corporate\n";
    unsigned char buf[256];
    for (int be = 0; be < 2; be++) {
        size_t n = utf16(text, be, buf);
        expect((const char *)buf, n, want);
    }
}

static void test_utf16_malformed(void **state)
{
    (void)state;
    unsigned char buf[256];
    /* a lone low surrogate on line 2 */
    size_t n = utf16("a\tb\n1\t", false, buf);
    buf[n++] = 0x00;
    buf[n++] = 0xDC;
    buf[n++] = '\n';
    buf[n++] = 0;
    expect_error((const char *)buf, n, WQ_EDATA, "t.csv:2: not valid UTF-16");
    /* an odd byte at the end */
    n = utf16("a\tb\n1\t2\n", true, buf);
    buf[n++] = 'x';
    expect_error((const char *)buf, n, WQ_EDATA, "t.csv:3: the file ends in the middle of a UTF-16");
}

static void test_read_file_reports_source(void **state)
{
    (void)state;
    char path[] = "/tmp/wq-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unsigned char buf[256];
    size_t n = utf16("a|b\n1|2\n", false, buf);
    assert_int_equal(write(fd, buf, n), (ssize_t)n);
    close(fd);
    struct capture c = {0};
    struct wq_error err = {0};
    struct csv_source src = {0};
    assert_int_equal(csv_read_file(path, "u.txt", capture_row, &c, &src, &err), WQ_OK);
    assert_string_equal(c.out.data, "1|a|b\n2|1|2\n");
    assert_int_equal(src.encoding, CSV_UTF16LE);
    assert_int_equal(src.delim_used, '|');
    strbuf_free(&c.out);
    /* an OLE2 header: a legacy .xls, refused with what to do */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more", 1, 17, f);
    fclose(f);
    assert_int_equal(csv_read_file(path, "old.xls", capture_row, &c, &src, &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "old.xls: a legacy Excel .xls file"));
    assert_non_null(strstr(err.msg, "save it as .xlsx"));
    strbuf_free(&c.out);
    remove(path);
}

/* Every CSV under fixtures/: the rows must not depend on the chunk size. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void check_fixture(const char *path, unsigned long *checked)
{
    size_t len;
    char *data = slurp(path, &len);
    struct capture whole;
    struct wq_error err = {0};
    assert_int_equal(feed(data, len, len ? len : 1, &whole, &err), WQ_OK);
    assert_true(whole.records > 1);
    /* every size from 1 to 97, then a spread of larger ones up to the file */
    for (size_t chunk = 1; chunk <= len; chunk = chunk < 97 ? chunk + 1 : chunk * 3 + 1) {
        struct capture c;
        assert_int_equal(feed(data, len, chunk, &c, &err), WQ_OK);
        if (strcmp(c.out.data, whole.out.data) != 0) {
            print_error("%s: chunk size %zu gives different rows\n", path, chunk);
            fail();
        }
        strbuf_free(&c.out);
        (*checked)++;
    }
    strbuf_free(&whole.out);
    /* the head of the file (whole records, about 3000 bytes) at EVERY size */
    size_t head = len < 3000 ? len : 3000;
    while (head < len && data[head - 1] != '\n')
        head++;
    struct capture first;
    assert_int_equal(feed(data, head, head, &first, &err), WQ_OK);
    for (size_t chunk = 1; chunk <= head; chunk++) {
        struct capture c;
        assert_int_equal(feed(data, head, chunk, &c, &err), WQ_OK);
        if (strcmp(c.out.data, first.out.data) != 0) {
            print_error("%s: head, chunk size %zu gives different rows\n", path, chunk);
            fail();
        }
        strbuf_free(&c.out);
        (*checked)++;
    }
    strbuf_free(&first.out);
    free(data);
}

static void test_fixtures_every_chunk_size(void **state)
{
    (void)state;
    const char *dirs[] = {"fixtures", "fixtures/2019"};
    unsigned long files = 0, checked = 0;
    for (size_t d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n < 5 || strcmp(e->d_name + n - 4, ".csv"))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dirs[d], e->d_name);
            check_fixture(path, &checked);
            files++;
        }
        closedir(dir);
    }
    print_message("fixtures: %lu files, %lu chunked reads compared\n", files, checked);
    assert_true(files >= 3); /* run from the top of the repository */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_quoted_comma_quote_newline),
        cmocka_unit_test(test_blank_lines_keep_line_numbers),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_not_a_bom),
        cmocka_unit_test(test_unbalanced_quote_at_eof),
        cmocka_unit_test(test_text_after_closing_quote),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_record_limit),
        cmocka_unit_test(test_nul_far_into_a_long_file),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_fixtures_every_chunk_size),
        cmocka_unit_test(test_delim_tab),
        cmocka_unit_test(test_delim_semicolon_keeps_commas),
        cmocka_unit_test(test_delim_pipe_after_blank_lines),
        cmocka_unit_test(test_delim_quoted_do_not_count),
        cmocka_unit_test(test_delim_tie_or_none_is_comma),
        cmocka_unit_test(test_delim_after_bom_and_crlf),
        cmocka_unit_test(test_delim_forced),
        cmocka_unit_test(test_delim_parse_and_describe),
        cmocka_unit_test(test_utf16_le_and_be),
        cmocka_unit_test(test_utf16_malformed),
        cmocka_unit_test(test_read_file_reports_source),
    };
    return cmocka_run_group_tests_name("csv_reader", tests, NULL, NULL);
}
