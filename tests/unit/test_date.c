/* test_date.c: date_parse's accepted forms and refusals (date.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "date.h"

static void accepts(const char *s, int y, int m, int d)
{
    long day = -1;
    if (!date_parse(s, &day))
        fail_msg("'%s' refused", s);
    if (day != date_days(y, m, d))
        fail_msg("'%s' read as day %ld, expected %04d-%02d-%02d", s, day, y, m, d);
}

static void refuses(const char *s)
{
    long day;
    if (date_parse(s, &day))
        fail_msg("'%s' accepted as day %ld", s, day);
}

static void test_forms(void **state)
{
    (void)state;
    accepts("31/03/2019", 2019, 3, 31);
    accepts("1/4/2018", 2018, 4, 1);
    accepts("2019-03-31", 2019, 3, 31);
    accepts("20190331", 2019, 3, 31);
    accepts("31-MAR-2019", 2019, 3, 31);
    accepts("31-mar-19", 2019, 3, 31);
    accepts("31-March-2019", 2019, 3, 31);
    accepts("31/03/2019 00:00:00", 2019, 3, 31);
    accepts("2019-03-31T00:00", 2019, 3, 31);
    accepts("  29/02/2020  ", 2020, 2, 29);
    accepts("1900-01-01", 1900, 1, 1);
    accepts("2199-12-31", 2199, 12, 31);
}

static void test_refusals(void **state)
{
    (void)state;
    refuses("");
    refuses("31/02/2019");
    refuses("29/02/2019");
    refuses("2100-02-29");
    refuses("1899-12-31");
    refuses("2200-01-01");
    refuses("2019/03/31");
    refuses("31.03.2019");
    refuses("31-Foo-2019");
    refuses("2019-03-31 garbage");
    refuses("43555");
    /* a year of DD-MON-YY[YY] has two or four digits: a four-digit year with
     * leading zeros is that year, not 20YY */
    refuses("31-MAR-0019");
    refuses("31-MAR-019");
}

static void test_reporting_year(void **state)
{
    (void)state;
    long first, last;
    date_reporting_year(2019, &first, &last);
    assert_int_equal(first, date_days(2018, 4, 1));
    assert_int_equal(last, date_days(2019, 3, 31));
    assert_int_equal(last - first, 364);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_reporting_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
