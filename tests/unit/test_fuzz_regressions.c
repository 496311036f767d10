/* test_fuzz_regressions.c: every fuzz regression input and seed, replayed.
 *
 * The libFuzzer targets of tests/fuzz/ are compiled in here with
 * WQ_FUZZ_EMBED, which renames each entry point to fuzz_<target>_one, and
 * each file of tests/fuzz/regressions/<target>/ and tests/fuzz/seeds/<target>/
 * is fed through the same code with the same checks, so that `make check`
 * (gcc), `make check-asan` and `make check-valgrind` keep every input that
 * once crashed a target from crashing again, without clang. Runs from the top
 * of the repository. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WQ_FUZZ_EMBED 1
#include "../fuzz/fuzz_csv.c"
#include "../fuzz/fuzz_date.c"
#include "../fuzz/fuzz_ini.c"
#include "../fuzz/fuzz_vocab.c"

static char current_input[4096];

void fuzz_embed_report(void)
{
    fprintf(stderr, "test_fuzz_regressions: failing input: %s\n", current_input);
}

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* Read PATH whole into a fresh buffer; *LEN its size. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    size_t n = 0, alloc = 0;
    for (;;) {
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 4096;
            uint8_t *p = realloc(buf, alloc);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, alloc - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feed every regular file of DIR (if it exists) to FN; returns the count. */
static size_t replay_dir(const char *dir, fuzz_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **p = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(p);
        names = p;
        names[n] = strdup(e->d_name);
        assert_non_null(names[n]);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        snprintf(current_input, sizeof current_input, "%s/%s", dir, names[i]);
        size_t len = 0;
        uint8_t *data = slurp(current_input, &len);
        if (!data)
            fail_msg("cannot read %s", current_input);
        assert_int_equal(fn(data, len), 0);
        free(data);
        free(names[i]);
    }
    free(names);
    return n;
}

static void replay(const char *target, fuzz_fn fn)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/seeds/%s", target);
    size_t seeds = replay_dir(dir, fn);
    snprintf(dir, sizeof dir, "tests/fuzz/regressions/%s", target);
    size_t regressions = replay_dir(dir, fn);
    print_message("%s: %zu seeds, %zu regression inputs\n", target, seeds, regressions);
    /* Run from the wrong folder, this would pass vacuously. */
    assert_true(seeds > 0);
}

static void test_csv(void **state)
{
    (void)state;
    replay("fuzz_csv", fuzz_csv_one);
}

static void test_date(void **state)
{
    (void)state;
    replay("fuzz_date", fuzz_date_one);
}

static void test_ini(void **state)
{
    (void)state;
    replay("fuzz_ini", fuzz_ini_one);
    fuzz_ini_cleanup();
}

static void test_vocab(void **state)
{
    (void)state;
    replay("fuzz_vocab", fuzz_vocab_one);
    fuzz_vocab_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_ini),
        cmocka_unit_test(test_vocab),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
