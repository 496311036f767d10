/* fail_malloc.c: an LD_PRELOAD allocator that runs out of memory, for
 * tests/io/oom.sh.
 *
 *   WQ_FAIL_AFTER=K LD_PRELOAD=./fail_malloc.so cmd ...
 *
 * The first K calls to malloc, calloc, realloc (to a non-zero size),
 * posix_memalign, aligned_alloc, memalign and valloc in the process
 * succeed; every later one fails with ENOMEM, as when the address space is
 * exhausted (ulimit -v): memory stays short once it is short. Without
 * WQ_FAIL_AFTER nothing fails. glibc's own functions that allocate (strdup,
 * getline, fopen, open_memstream ...) come through these, so they fail too.
 * With WQ_FAIL_COUNT=FILE the number of calls made is written to FILE at
 * exit (to size the range of K). The real allocator is glibc's __libc_*
 * entry points, which need no dlsym (dlsym itself allocates).
 * Build: cc -shared -fPIC -o fail_malloc.so fail_malloc.c */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static long long calls;
static long long limit = -2; /* -2: not read yet; -1: never fail */

static int fail_now(void)
{
    if (limit == -2) {
        const char *s = getenv("WQ_FAIL_AFTER");
        limit = s && *s ? atoll(s) : -1;
    }
    if (limit >= 0 && calls >= limit) {
        errno = ENOMEM;
        return 1;
    }
    calls++;
    return 0;
}

__attribute__((destructor)) static void report_calls(void)
{
    const char *path = getenv("WQ_FAIL_COUNT");
    if (!path || !*path)
        return;
    limit = -1;
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "%lld\n", calls);
        fclose(f);
    }
}

void *malloc(size_t n)
{
    return fail_now() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (p && n == 0)
        return __libc_realloc(p, n); /* a free */
    return fail_now() ? NULL : __libc_realloc(p, n);
}

void free(void *p)
{
    __libc_free(p);
}

void *memalign(size_t align, size_t n)
{
    return fail_now() ? NULL : __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p = memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t n)
{
    return memalign(4096, n);
}
