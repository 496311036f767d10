/* test_isolate.c: a step run in a child process (isolate.h): its bytes and
 * its error come back, its death is out of memory here, not ours (a
 * file-size limit an I/O error), and a child stopped is gone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
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

/* A file-size limit (ulimit -f) in a child that does not ignore SIGXFSZ
 * is an I/O error, not out of memory. */
static int too_large(void *ctx, struct strbuf *out, struct wq_error *err)
{
    (void)ctx;
    (void)out;
    (void)err;
    raise(SIGXFSZ);
    return WQ_OK;
}

static void test_file_size_limit_is_io(void **state)
{
    (void)state;
    struct wq_error err = {0};
    assert_int_equal(isolate_run(too_large, NULL, NULL, "out.xlsx", "the library", &err),
                     WQ_EIO);
    assert_string_equal(err.msg, "out.xlsx: the library stopped: a file reached the file-size "
                                 "limit (ulimit -f)");
}

/* A child that would run for ever, stopped: it is gone and reaped. */
static int forever(void *ctx, struct strbuf *out, struct wq_error *err)
{
    (void)ctx;
    (void)out;
    (void)err;
    for (;;)
        pause();
    return WQ_OK;
}

static void test_stop(void **state)
{
    (void)state;
    struct isolate_child c;
    struct wq_error err = {0};
    assert_int_equal(isolate_start(&c, forever, NULL, "t", &err), WQ_OK);
    assert_int_equal(kill((pid_t)c.pid, 0), 0); /* it runs */
    isolate_stop(&c);
    errno = 0;
    assert_int_equal(waitpid((pid_t)c.pid, NULL, WNOHANG), -1); /* reaped already */
    assert_int_equal(errno, ECHILD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_comes_back),
        cmocka_unit_test(test_error_comes_back),
        cmocka_unit_test(test_death_is_out_of_memory),
        cmocka_unit_test(test_file_size_limit_is_io),
        cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
