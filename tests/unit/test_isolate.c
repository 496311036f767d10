/* test_isolate.c: a step run in a child process (isolate.h): its bytes and
 * its error come back, and its death is out of memory here, not ours. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "isolate.h"

/* 200 KB, more than a pipe holds, so the parent must read while the child
 * writes. */
static int big_output(void *ctx, struct strbuf *out, struct wq_error *err)
{
    (void)err;
    *(pid_t *)ctx = getpid();
    for (int i = 0; i < 20000; i++)
        if (!strbuf_printf(out, "%09d\n", i))
            return WQ_ENOMEM;
    return WQ_OK;
}

static void test_output_comes_back(void **state)
{
    (void)state;
    pid_t child = getpid();
    struct strbuf out = {0};
    struct wq_error err = {0};
    assert_int_equal(isolate_run(big_output, &child, &out, "t", "lib", &err), WQ_OK);
    assert_int_equal(out.len, 200000);
    assert_memory_equal(out.data, "000000000\n000000001\n", 20);
    assert_memory_equal(out.data + out.len - 10, "000019999\n", 10);
    /* the step ran in another process: this one's copy of CHILD is as it was */
    assert_int_equal(child, getpid());
    strbuf_free(&out);
}

static int bad_data(void *ctx, struct strbuf *out, struct wq_error *err)
{
    (void)ctx;
    strbuf_puts(out, "partial");
    return wq_fail(err, WQ_EIO, NULL, "disk full at %d", 42);
}

static void test_error_comes_back(void **state)
{
    (void)state;
    struct strbuf out = {0};
    struct wq_error err = {0};
    assert_int_equal(isolate_run(bad_data, NULL, &out, "t", "lib", &err), WQ_EIO);
    assert_int_equal(err.code, WQ_EIO);
    assert_string_equal(err.msg, "disk full at 42");
    assert_int_equal(out.len, 0); /* a failed step's bytes are not kept */
    strbuf_free(&out);
}

/* Killed, as the kernel's OOM killer does, or as a library that
 * dereferences a failed allocation is by SIGSEGV. */
static int killed(void *ctx, struct strbuf *out, struct wq_error *err)
{
    (void)ctx;
    (void)out;
    (void)err;
    raise(SIGKILL);
    return WQ_OK;
}

static void test_death_is_out_of_memory(void **state)
{
    (void)state;
    struct wq_error err = {0};
    assert_int_equal(isolate_run(killed, NULL, NULL, "out.xlsx", "the library", &err),
                     WQ_ENOMEM);
    assert_string_equal(err.msg, "out.xlsx: the library stopped on signal 9, as it does when "
                                 "memory runs out: out of memory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_comes_back),
        cmocka_unit_test(test_error_comes_back),
        cmocka_unit_test(test_death_is_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
