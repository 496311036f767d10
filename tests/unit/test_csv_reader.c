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

/* Feed DATA in chunks of CHUNK bytes; returns the status, fills C. */
static int feed(const char *data, size_t len, size_t chunk, struct capture *c,
                struct wq_error *err)
{
    struct csv_reader r;
    memset(c, 0, sizeof *c);
    assert_int_equal(csv_reader_init(&r, "t.csv", capture_row, c), WQ_OK);
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

static int stop_at_two(const struct csv_row *row, void *ud, struct wq_error *err)
{
    (void)ud;
    if (row->record == 2)
        return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, "b"}, "no");
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
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_fixtures_every_chunk_size),
    };
    return cmocka_run_group_tests_name("csv_reader", tests, NULL, NULL);
}
