/* test_text.c: the string comparisons every module shares (text.h):
 * text_is (both set and equal) and text_same (equal, or both unset). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "text.h"

static void test_is(void **state)
{
    (void)state;
    char a[] = "leavers", b[] = "leavers";
    assert_true(text_is(a, b)); /* equal text in different places */
    assert_false(text_is("leavers", "Leavers"));
    assert_false(text_is("leavers", "leaver"));
    assert_false(text_is("", "leavers"));
    assert_false(text_is(NULL, "leavers"));
    assert_false(text_is("leavers", NULL));
    assert_false(text_is(NULL, NULL)); /* unset is never equal here */
}

static void test_same(void **state)
{
    (void)state;
    char a[] = "Band 5", b[] = "Band 5";
    assert_true(text_same(a, b));
    assert_true(text_same(NULL, NULL)); /* an unset field matches an unset one */
    assert_false(text_same(NULL, ""));
    assert_false(text_same("", NULL));
    assert_false(text_same("Band 5", NULL));
    assert_false(text_same("Band 5", "Band 6"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is),
        cmocka_unit_test(test_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
