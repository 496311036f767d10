/* test_text.c: the string comparisons every module shares (text.h):
 * text_is (both set and equal) and text_same (equal, or both unset); and
 * array_grow_zero (room for the next element, the new room zeroed). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

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

/* Counts indexed 0, 1, 2 ... as they come: 4 slots at first, then 8; the
 * counts already made are kept and every new slot starts at 0. */
static void test_grow_zero(void **state)
{
    (void)state;
    unsigned long *c = NULL;
    size_t alloc = 0;
    for (size_t i = 0; i < 6; i++) {
        unsigned long *g = array_grow_zero(c, i, &alloc, sizeof *g, 4);
        assert_non_null(g);
        c = g;
        assert_int_equal(c[i], 0);
        c[i] = 10 + i;
        assert_int_equal(alloc, i < 4 ? 4 : 8);
    }
    assert_int_equal(c[6], 0);
    assert_int_equal(c[7], 0);
    assert_int_equal(c[0], 10);
    assert_int_equal(c[3], 13);
    assert_int_equal(c[5], 15);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is),
        cmocka_unit_test(test_same),
        cmocka_unit_test(test_grow_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
