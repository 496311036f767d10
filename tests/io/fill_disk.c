/* fill_disk.c: an LD_PRELOAD shim that makes a folder behave as if it were on
 * a nearly full disk, for tests/io/run.sh when no tmpfs can be mounted.
 *
 *   WQ_FULL_DIR=/abs/folder WQ_FULL_BYTES=N LD_PRELOAD=./fill_disk.so cmd ...
 *
 * Every file opened for writing through fopen/fopen64 under WQ_FULL_DIR is
 * wrapped in a stdio cookie stream: writes are passed through until N bytes
 * (counted over all such files of the process) have been written, then fail
 * with ENOSPC, so fwrite/fprintf/fflush/fclose report the error the way a full
 * disk makes them report it (the cookie stream is buffered as a file is, so
 * small files fail only when fclose flushes them). Files
 * elsewhere, and files opened for reading, are untouched. In the manner of
 * jq's src/inject_errors.c. Build: cc -shared -fPIC -o fill_disk.so fill_disk.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long long budget = -1; /* bytes left; -1 = not read yet */

static int under_full_dir(const char *path)
{
    const char *dir = getenv("WQ_FULL_DIR");
    char abs[8192];
    if (!dir || !*dir || !path)
        return 0;
    if (path[0] != '/') {
        if (!getcwd(abs, sizeof abs - 1))
            return 0;
        size_t n = strlen(abs);
        snprintf(abs + n, sizeof abs - n, "/%s", path);
        path = abs;
    }
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* fopencookie(3): return the bytes written, or 0 on error (never a negative
 * value, which glibc would count as bytes). A write that crosses the limit
 * puts what fits on disk and fails as write(2) would on the next call. */
static ssize_t full_write(void *cookie, const char *buf, size_t size)
{
    if (budget < 0) {
        const char *b = getenv("WQ_FULL_BYTES");
        budget = b ? atoll(b) : 0;
    }
    if ((long long)size > budget) {
        budget -= (long long)fwrite(buf, 1, (size_t)budget, cookie);
        errno = ENOSPC;
        return 0;
    }
    size_t done = fwrite(buf, 1, size, cookie);
    budget -= (long long)done;
    if (done < size) {
        errno = EIO;
        return 0;
    }
    return (ssize_t)done;
}

static ssize_t full_read(void *cookie, char *buf, size_t size)
{
    return (ssize_t)fread(buf, 1, size, cookie);
}

static int full_seek(void *cookie, off64_t *offset, int whence)
{
    if (fseeko(cookie, (off_t)*offset, whence) != 0)
        return -1;
    *offset = (off64_t)ftello(cookie);
    return 0;
}

static int full_close(void *cookie)
{
    return fclose(cookie);
}

static FILE *wrap(FILE *real, const char *mode)
{
    if (!real)
        return NULL;
    setvbuf(real, NULL, _IONBF, 0);
    cookie_io_functions_t io = {full_read, full_write, full_seek, full_close};
    FILE *f = fopencookie(real, mode, io);
    if (!f)
        fclose(real);
    return f;
}

static int writing(const char *mode)
{
    return mode && (strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+'));
}

FILE *fopen(const char *path, const char *mode)
{
    static FILE *(*real_fopen)(const char *, const char *);
    if (!real_fopen)
        real_fopen = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
    if (!writing(mode) || !under_full_dir(path))
        return real_fopen(path, mode);
    return wrap(real_fopen(path, mode), mode);
}

FILE *fopen64(const char *path, const char *mode)
{
    static FILE *(*real_fopen64)(const char *, const char *);
    if (!real_fopen64)
        real_fopen64 = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen64");
    if (!writing(mode) || !under_full_dir(path))
        return real_fopen64(path, mode);
    return wrap(real_fopen64(path, mode), mode);
}
