/* isolate.c: a step run in a child process (isolate.h). */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include "isolate.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the child sends first, then LEN bytes of its buffer. */
struct result {
    int status;
    struct wq_error err;
    uint64_t len;
};

static bool write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* Read LEN bytes; false at an early end (the child died) or an error. */
static bool read_all(int fd, void *data, size_t len)
{
    char *p = data;
    while (len) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static _Noreturn void child(isolate_fn fn, void *ctx, int fd, pid_t parent)
{
    struct rlimit no_core = {0, 0};
    struct strbuf out = {0};
    struct result r = {0};
    setrlimit(RLIMIT_CORE, &no_core);
    /* gone with the parent, however it ends (Ctrl-C to it alone, serve's
     * SIGKILL at its time limit): nothing is left writing into a folder
     * the parent no longer owns. A parent gone before the prctl took hold
     * has a new pid as the parent's. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(WQ_ENOMEM);
    /* the parent's handlers remove its temporary report folder: a child
     * stopped by a signal just stops, and the parent decides */
    const int sigs[] = {SIGINT, SIGHUP, SIGTERM, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        signal(sigs[i], SIG_DFL);
    r.status = fn(ctx, &out, &r.err);
    r.len = r.status ? 0 : out.len;
    bool ok = write_all(fd, &r, sizeof r) && write_all(fd, out.data, (size_t)r.len);
    _exit(ok ? r.status : WQ_EIO);
}

/* Whether a child stopped by SIG reached the CPU-time limit (ulimit -t,
 * its own as ours): SIGXCPU at the soft limit, SIGKILL at the hard one
 * (the kernel's signal then says no more than the OOM killer's would, so
 * the time it used decides). */
static bool cpu_limit_reached(int sig, const struct rusage *ru)
{
    if (sig == SIGXCPU)
        return true;
    struct rlimit rl;
    if (sig != SIGKILL || getrlimit(RLIMIT_CPU, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return false;
    double used = (double)ru->ru_utime.tv_sec + (double)ru->ru_stime.tv_sec +
                  ((double)ru->ru_utime.tv_usec + (double)ru->ru_stime.tv_usec) / 1e6;
    return used + 0.5 >= (double)rl.rlim_cur;
}

/* The child's result from FD into OUT and ERR; then its exit status. */
static int collect(pid_t pid, int fd, struct strbuf *out, const char *what, const char *lib,
                   struct wq_error *err)
{
    struct result r;
    bool got = read_all(fd, &r, sizeof r), room = true;
    if (got && r.status == WQ_OK && out) {
        room = r.len < SIZE_MAX && strbuf_reserve(out, (size_t)r.len);
        got = room && read_all(fd, out->data, (size_t)r.len);
        if (got) {
            out->len = (size_t)r.len;
            out->data[out->len] = '\0';
        }
    }
    close(fd); /* a child still writing gets SIGPIPE */
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return wq_fail(err, WQ_ENOMEM, NULL, "%s: lost the child process: %s", what,
                           strerror(errno));
    if (!room)
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: out of memory", what);
    if (got && WIFEXITED(status) && WEXITSTATUS(status) == r.status) {
        if (r.status)
            *err = r.err;
        return r.status;
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ)
        return wq_fail(err, WQ_EIO, NULL, "%s: %s stopped: a file reached the file-size limit "
                                          "(ulimit -f)",
                       what, lib);
    if (WIFSIGNALED(status) && cpu_limit_reached(WTERMSIG(status), &ru))
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: %s stopped: it reached the CPU-time limit "
                                             "(ulimit -t)",
                       what, lib);
    if (WIFSIGNALED(status))
        return wq_fail(err, WQ_ENOMEM, NULL,
                       "%s: %s stopped on signal %d, as it does when memory runs out: out of "
                       "memory",
                       what, lib, WTERMSIG(status));
    return wq_fail(err, WQ_ENOMEM, NULL, "%s: %s stopped with status %d", what, lib,
                   WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int isolate_start(struct isolate_child *c, isolate_fn fn, void *ctx, const char *what,
                  struct wq_error *err)
{
    int fd[2];
    if (pipe(fd) != 0)
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: cannot start a process: %s", what,
                       strerror(errno));
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        child(fn, ctx, fd[1], parent);
    }
    int e = errno;
    close(fd[1]);
    if (pid < 0) {
        close(fd[0]);
        return wq_fail(err, WQ_ENOMEM, NULL, "%s: cannot start a process: %s", what,
                       strerror(e));
    }
    c->pid = (int)pid;
    c->fd = fd[0];
    return WQ_OK;
}

int isolate_finish(struct isolate_child *c, struct strbuf *out, const char *what, const char *lib,
                   struct wq_error *err)
{
    if (out)
        out->len = 0;
    return collect((pid_t)c->pid, c->fd, out, what, lib, err);
}

void isolate_stop(struct isolate_child *c)
{
    kill((pid_t)c->pid, SIGKILL);
    close(c->fd);
    while (waitpid((pid_t)c->pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

int isolate_run(isolate_fn fn, void *ctx, struct strbuf *out, const char *what, const char *lib,
                struct wq_error *err)
{
    struct isolate_child c;
    int st = isolate_start(&c, fn, ctx, what, err);
    return st ? st : isolate_finish(&c, out, what, lib, err);
}
