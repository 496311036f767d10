/* fuzz_common.h: helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * Each target defines its entry point through FUZZ_ENTRY(name): normally
 * LLVMFuzzerTestOneInput, but when WQ_FUZZ_EMBED is defined (the gcc unit
 * test tests/unit/test_fuzz_regressions.c includes every target into one
 * file) a function fuzz_<name>_one instead, so that the regression files and
 * seeds run through exactly the same code under `make check` and
 * `make check-asan`. FUZZ_CHECK aborts on a broken invariant: libFuzzer
 * records the input as a crash, cmocka reports the test as failed. */
#ifndef WQ_FUZZ_COMMON_H
#define WQ_FUZZ_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef WQ_FUZZ_EMBED
#define FUZZ_ENTRY(name) int fuzz_##name##_one(const uint8_t *data, size_t size)
/* Defined by the embedding test: names the input being run. */
void fuzz_embed_report(void);
#define FUZZ_REPORT() fuzz_embed_report()
#else
#define FUZZ_REPORT() ((void)0)
#define FUZZ_ENTRY(name)                                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);         \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#endif

#define FUZZ_CHECK(cond)                                                             \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            FUZZ_REPORT();                                                           \
            abort();                                                                 \
        }                                                                            \
    } while (0)

/* DATA[0..SIZE) as a fresh NUL-terminated string (caller frees), or NULL. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        if (size)
            memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* A scratch file, created once per process (mkstemp under $TMPDIR, removed at
 * exit) and rewritten for every input, for entry points that only take a
 * path (vocab_load, ini_load, config_apply). Returns its path, or NULL when
 * it cannot be written. EXT is appended to the name (".csv", ".ini"). */
struct fuzz_file {
    char path[512];
    int fd;
    int ready;
};

static inline const char *fuzz_file_write(struct fuzz_file *ff, const char *prefix,
                                          const uint8_t *data, size_t size)
{
    if (!ff->ready) {
        const char *dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = "/tmp";
        snprintf(ff->path, sizeof ff->path, "%s/%s-XXXXXX", dir, prefix);
        ff->fd = mkstemp(ff->path);
        if (ff->fd < 0)
            return NULL;
        ff->ready = 1;
    }
    if (ftruncate(ff->fd, 0) != 0)
        return NULL;
    size_t off = 0;
    while (off < size) {
        ssize_t n = pwrite(ff->fd, data + off, size - off, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return NULL;
        off += (size_t)n;
    }
    return ff->path;
}

static inline void fuzz_file_remove(struct fuzz_file *ff)
{
    if (ff->ready) {
        close(ff->fd);
        unlink(ff->path);
        ff->ready = 0;
    }
}

#endif
