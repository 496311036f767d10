/* isolate.h: run a step that calls a library which does not survive
 * running out of memory in a child process, so that its crash is an exit
 * status here, with this process's memory intact.
 *
 * libxlsxwriter 1.1.4 (and upstream still) dereferences allocations it did
 * not check (_insert_cell after a failed calloc, lxw_new_attribute_str's
 * malloc in every XML element), and fontconfig 2.14, which cairo asks for
 * every font, does too (FcConfigSubstituteWithPat), so out of memory they
 * die on SIGSEGV. The child is a copy-on-write fork: it costs page tables,
 * not a copy of the data. */
#ifndef WQ_ISOLATE_H
#define WQ_ISOLATE_H

#include "diag.h"
#include "text.h"

/* The step: fill OUT (may be ignored) and return a status, ERR filled on
 * failure. Runs in the child. */
typedef int (*isolate_fn)(void *ctx, struct strbuf *out, struct wq_error *err);

/* Run FN(CTX, ...) in a child process and return its status, with ERR as
 * the child filled it and, when OUT is not NULL, OUT holding the bytes the
 * child put in its buffer (OUT is emptied first; caller frees). A child
 * killed by a signal is WQ_ENOMEM: "WHAT: LIB stopped on signal N, as it
 * does when memory runs out: out of memory", but at the CPU-time limit
 * (ulimit -t: SIGXCPU, or SIGKILL after the time allowed) WQ_ENOMEM saying
 * so, and by SIGXFSZ (a file-size limit, ulimit -f, in a
 * child that does not ignore it) WQ_EIO. No core file is written (it
 * would hold the people read). Failing to fork, or to allocate OUT, is
 * WQ_ENOMEM. The child is killed (SIGKILL) when this process ends, however
 * it ends; so call these from the main thread (Linux sends the signal when
 * the thread that forked ends). */
int isolate_run(isolate_fn fn, void *ctx, struct strbuf *out, const char *what, const char *lib,
                struct wq_error *err);

/* isolate_run in two halves, so that this process works on while the child
 * runs: isolate_start starts FN(CTX, ...) in a child (WQ_ENOMEM, ERR filled,
 * when it cannot), and isolate_finish, called once for every child started,
 * waits for it and returns what isolate_run would have. CTX is the child's
 * copy as it was at the start: this process may change or free its own. */
struct isolate_child {
    int pid, fd;
};
int isolate_start(struct isolate_child *c, isolate_fn fn, void *ctx, const char *what,
                  struct wq_error *err);
int isolate_finish(struct isolate_child *c, struct strbuf *out, const char *what, const char *lib,
                   struct wq_error *err);
/* Instead of isolate_finish, when its result is no longer wanted: kill the
 * child (SIGKILL) and wait for it, so that it writes nothing more. */
void isolate_stop(struct isolate_child *c);

#endif
