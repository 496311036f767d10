/* test_isolate.c: a step run in a child process (isolate.h): its bytes and
 * its error come back, its death is out of memory here, not ours (a
 * file-size limit an I/O error, a CPU-time limit said so), a child stopped
 * is gone, and so is one whose parent was killed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
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

/* Stopped by the signal *CTX. */
static int signalled(void *ctx, struct strbuf *out, struct wq_error *err)
{
    (void)out;
    (void)err;
    raise(*(const int *)ctx);
    return WQ_OK;
}

/* How a child stopped by SIG is reported: the status and the message. */
static void check_signal(int sig, int code, const char *msg)
{
    struct wq_error err = {0};
    assert_int_equal(isolate_run(signalled, &sig, NULL, "out.xlsx", "the library", &err), code);
    assert_string_equal(err.msg, msg);
}

/* Killed, as the kernel's OOM killer does, or as a library that
 * dereferences a failed allocation is by SIGSEGV (not raised here: cmocka
 * catches it, in the child too): out of memory. A
 * file-size limit (ulimit -f) in a child that does not ignore SIGXFSZ is an
 * I/O error; a CPU-time limit (ulimit -t) says so. */
static void test_signals(void **state)
{
    (void)state;
    check_signal(SIGKILL, WQ_ENOMEM,
                 "out.xlsx: the library stopped on signal 9, as it does when memory runs out: "
                 "out of memory");
    check_signal(SIGXFSZ, WQ_EIO,
                 "out.xlsx: the library stopped: a file reached the file-size limit (ulimit -f)");
    check_signal(SIGXCPU, WQ_ENOMEM,
                 "out.xlsx: the library stopped: it reached the CPU-time limit (ulimit -t)");
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

/* Says it runs (a byte on the pipe *CTX), then waits for ever. */
static int ready_forever(void *ctx, struct strbuf *out, struct wq_error *err)
{
    (void)out;
    (void)err;
    if (write(*(int *)ctx, "r", 1) != 1)
        return WQ_EIO;
    for (;;)
        pause();
    return WQ_OK;
}

/* A parent killed (as serve kills a calculator at its time limit, or as
 * Ctrl-C sent to it alone ends it) takes its child with it. This test
 * process adopts the orphan (a subreaper), so it can wait for it. */
static void test_gone_with_parent(void **state)
{
    (void)state;
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t mid = fork();
    assert_true(mid >= 0);
    if (mid == 0) {
        struct isolate_child c;
        struct wq_error err = {0};
        int up[2];
        char r;
        /* killed once the child runs its step, so not before it could
         * ask to go with its parent */
        if (pipe(up) != 0 || isolate_start(&c, ready_forever, &up[1], "t", &err) != WQ_OK ||
            read(up[0], &r, 1) != 1)
            _exit(1);
        pid_t pid = (pid_t)c.pid;
        if (write(fd[1], &pid, sizeof pid) != (ssize_t)sizeof pid)
            _exit(1);
        raise(SIGKILL);
    }
    close(fd[1]);
    pid_t pid = 0;
    assert_int_equal(read(fd[0], &pid, sizeof pid), (ssize_t)sizeof pid);
    close(fd[0]);
    int status;
    assert_int_equal(waitpid(mid, &status, 0), mid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    /* the child, ours now: gone by SIGKILL within 10 s, or killed here */
    pid_t got = 0;
    for (int i = 0; i < 1000 && got == 0; i++) {
        got = waitpid(pid, &status, WNOHANG);
        if (got == 0)
            nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    if (got == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    assert_int_equal(got, pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_comes_back),
        cmocka_unit_test(test_error_comes_back),
        cmocka_unit_test(test_signals),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_gone_with_parent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
