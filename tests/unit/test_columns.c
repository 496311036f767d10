/* test_columns.c: report framing (title lines above the header, totals and
 * footer rows: extract.c) and the --column mapping (columns.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "extract.h"
#include "options.h"
#include "workforce.h"

/* A row from up to 8 fields (NULL ends the list). */
struct row8 {
    char *f[8];
    size_t lens[8];
    struct csv_row row;
};

static const struct csv_row *mkrow(struct row8 *r, unsigned long record, const char *const *v)
{
    size_t n = 0;
    for (; v[n]; n++) {
        r->f[n] = (char *)v[n];
        r->lens[n] = strlen(v[n]);
    }
    r->row = (struct csv_row){"t.csv", record, record, n, r->f, r->lens, false};
    return &r->row;
}

#define ROW(r, rec, ...) mkrow(r, rec, (const char *const[]){__VA_ARGS__, NULL})

static void test_totals_and_footers(void **state)
{
    (void)state;
    struct row8 r;
    /* the person column is 0 */
    assert_true(extract_footer_row(ROW(&r, 9, "Total", "", "", "3757"), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "", "Grand Total", "", "3757"), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Sub Total", "12", "", ""), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "SUBTOTAL", "", "", ""), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Count", "", "", "17"), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Total staff in post:", "", "", "17"), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Report run by ESR BI on 04/04/2019", "", "", ""), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Run date:", "04/04/2019", "", ""), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Printed 04/04/2019"), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Page 3 of 12", "", "", ""), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "Source: ESR", "", "", ""), 0));
    /* a count alone, not in the person column */
    assert_true(extract_footer_row(ROW(&r, 9, "", "", "", "3757"), 0));
    assert_true(extract_footer_row(ROW(&r, 9, "", "", "", "3757"), -1));
}

static void test_person_rows_are_not_totals(void **state)
{
    (void)state;
    struct row8 r;
    assert_false(extract_footer_row(ROW(&r, 9, "21811459", "A White - British", "Band 5", "1"), 0));
    /* a label-like first field beside text is a record, not a total */
    assert_false(extract_footer_row(ROW(&r, 9, "Total Rewards", "A White - British", "Band 5"), 0));
    assert_false(extract_footer_row(ROW(&r, 9, "", "Totally Staff", "Band 5", ""), 0));
    assert_false(extract_footer_row(ROW(&r, 9, "Totalcare", "", "", "5"), 0));
    assert_false(extract_footer_row(ROW(&r, 9, "Page 3", "", "", ""), 0));
    /* an identifier alone in the person column: not a total */
    assert_false(extract_footer_row(ROW(&r, 9, "21811459", "", "", ""), 0));
    assert_false(extract_footer_row(ROW(&r, 9, "", "", "", ""), 0));
}

static const char *const a_eth[] = {"Ethnic Origin", "Ethnicity", NULL};
static const char *const a_band[] = {"Pay Band", "Grade", NULL};
static const char *const a_person[] = {"Employee Number", NULL};
static const struct col_spec specs[3] = {
    {"person", a_person, true, NULL}, {"ethnicity", a_eth, true, NULL},
    {"band", a_band, true, NULL},
};

static void test_header_below_title_lines(void **state)
{
    (void)state;
    struct input_account acc = {0};
    struct wq_options o = {0};
    struct extract x = {.o = &o, .acc = &acc};
    struct row8 r;
    struct wq_error err = {0};
    int col[3];
    assert_int_equal(extract_header(&x, ROW(&r, 1, "Staff In Post - Detail"), specs, 3, col, &err), WQ_OK);
    assert_int_equal(x.n_header, 0);
    assert_int_equal(extract_header(&x, ROW(&r, 2, "Run date:", "04/04/2019"), specs, 3, col, &err), WQ_OK);
    assert_int_equal(x.n_header, 0);
    assert_int_equal(extract_header(&x, ROW(&r, 3, "Grade", "Employee Number", "Ethnicity"), specs,
                                    3, col, &err),
                     WQ_OK);
    assert_int_equal(x.n_header, 3);
    assert_int_equal(acc.title_lines, 2);
    assert_int_equal(col[0], 1);
    assert_int_equal(col[1], 2);
    assert_int_equal(col[2], 0);
    assert_int_equal(x.person_col, 1);
    extract_free(&x);
}

static void test_header_never_found(void **state)
{
    (void)state;
    struct input_account acc = {0};
    struct wq_options o = {0};
    struct extract x = {.o = &o, .acc = &acc};
    struct row8 r;
    struct wq_error err = {0};
    int col[3];
    assert_int_equal(extract_header(&x, ROW(&r, 1, "Staff In Post"), specs, 3, col, &err), WQ_OK);
    assert_int_equal(extract_header(&x, ROW(&r, 2, "Emp No", "Ethnic", "Payband"), specs, 3, col, &err),
                     WQ_OK);
    for (unsigned long rec = 3; rec < EXTRACT_HEADER_SEARCH; rec++)
        assert_int_equal(extract_header(&x, ROW(&r, rec, "1", "A", "Band 5"), specs, 3, col, &err),
                         WQ_OK);
    assert_int_equal(x.n_header, 0);
    /* the bound: the missing columns of the first non-title record */
    assert_int_equal(extract_header(&x, ROW(&r, EXTRACT_HEADER_SEARCH, "1", "A", "Band 5"), specs,
                                    3, col, &err),
                     WQ_EDATA);
    assert_non_null(strstr(err.msg, "t.csv:2: missing required columns 'Employee Number'"));
    assert_non_null(strstr(err.msg, "'Ethnic Origin'"));
    assert_non_null(strstr(err.msg, "'Pay Band'"));
    assert_non_null(strstr(err.msg, "--column band=\"Payband\""));
    assert_non_null(strstr(err.msg, "--column ethnicity=\"Ethnic\""));
    extract_free(&x);
}

static void test_title_only(void **state)
{
    (void)state;
    struct input_account acc = {0};
    struct wq_options o = {0};
    struct extract x = {.o = &o, .acc = &acc};
    struct row8 r;
    struct wq_error err = {0};
    int col[3];
    assert_int_equal(extract_header(&x, ROW(&r, 1, "Staff In Post"), specs, 3, col, &err), WQ_OK);
    assert_int_equal(extract_no_header(&x, "t.csv", &err), WQ_EDATA);
    assert_non_null(strstr(err.msg, "no header row found: the file has 1 title line"));
    extract_free(&x);
}

static void test_mapping_first(void **state)
{
    (void)state;
    struct row8 r;
    struct wq_error err = {0};
    int col[3];
    size_t found;
    struct col_map maps[2] = {{"ethnicity", "Ethnic Group Description", false},
                              {"band", "Payband", false}};
    /* the mapped header wins over an alias present in the same header */
    const struct csv_row *h =
        ROW(&r, 1, "Employee Number", "Ethnicity", "ethnic group  DESCRIPTION", "Payband");
    assert_int_equal(columns_map(h, specs, 3, maps, 2, col, &found, &err), WQ_OK);
    assert_int_equal(found, 3);
    assert_int_equal(col[1], 2);
    assert_int_equal(col[2], 3);
    assert_true(maps[0].found);
    assert_true(maps[1].found);
    /* a mapped header that is absent falls back to the aliases */
    struct col_map absent[1] = {{"ethnicity", "Ethnic Group Code", false}};
    assert_int_equal(columns_map(h, specs, 3, absent, 1, col, &found, &err), WQ_EDATA);
    assert_int_equal(col[1], 1);
    assert_false(absent[0].found);
    assert_true(columns_field_known("staff-group"));
    assert_true(columns_same_field("Staff_Group", "staff-group"));
    assert_false(columns_field_known("colour"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totals_and_footers),
        cmocka_unit_test(test_person_rows_are_not_totals),
        cmocka_unit_test(test_header_below_title_lines),
        cmocka_unit_test(test_header_never_found),
        cmocka_unit_test(test_title_only),
        cmocka_unit_test(test_mapping_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
