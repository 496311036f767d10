/* fuzz_ini.c: libFuzzer target for the INI reader and config_apply
 * (ini.h, config.h).
 *
 * The input is written to a scratch file and read by ini_load (every entry
 * checked: folded section and key, trimmed value, lines increasing), then
 * applied by config_apply to fresh options for WRES and for WDES (the
 * standards of wres/standard.c and wdes/standard.c), checking what a
 * successful config promises (year, window, paths) and freeing everything
 * as the calculators do. */
#include "fuzz_common.h"

#include <ctype.h>

#include "config.h"
#include "ini.h"
#include "options.h"

static struct fuzz_file fuzz_ini_input;

static void fuzz_ini_cleanup(void)
{
    fuzz_file_remove(&fuzz_ini_input);
}

static void fuzz_ini_entries(const char *path)
{
    struct ini ini = {0};
    struct wq_error err = {0};
    int st = ini_load(&ini, path, &err);
    FUZZ_CHECK(st == WQ_OK || st == WQ_EDATA || st == WQ_ENOMEM || st == WQ_EIO);
    if (st != WQ_OK)
        FUZZ_CHECK(err.code == st && err.msg[0] != '\0');
    unsigned long last = 0;
    for (size_t i = 0; i < ini.n_entries; i++) {
        const struct ini_entry *e = &ini.entries[i];
        FUZZ_CHECK(e->section && e->key && e->value);
        FUZZ_CHECK(e->line > last);
        last = e->line;
        FUZZ_CHECK(e->key[0] != '\0');
        for (const char *p = e->key; *p; p++)
            FUZZ_CHECK(*p != '-' && *p != ' ' && !isupper((unsigned char)*p));
        for (const char *p = e->section; *p; p++)
            FUZZ_CHECK(*p != '-' && *p != ' ' && !isupper((unsigned char)*p));
    }
    ini_free(&ini);
}

static void fuzz_ini_apply(const char *path, const struct standard *std)
{
    struct wq_options o = {0};
    struct config_store store = {0};
    struct wq_error err = {0};
    o.std = std;
    o.voices = -1;
    o.conf = 0.95;
    int st = config_apply(path, &o, &store, &err);
    FUZZ_CHECK(st == WQ_OK || st == WQ_EDATA || st == WQ_ENOMEM || st == WQ_EIO);
    if (st != WQ_OK) {
        FUZZ_CHECK(err.code == st && err.msg[0] != '\0');
        FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
    } else {
        FUZZ_CHECK(o.year == 0 || (o.year >= 2000 && o.year <= 2100));
        FUZZ_CHECK(o.window >= 0 && o.window <= 2);
        FUZZ_CHECK(o.suppress <= 1000);
        FUZZ_CHECK(o.voices >= -1 && o.voices <= 1);
        const char *const single[] = {o.staff, o.staff_start, o.leavers, o.recruitment,
                                      o.cases, o.training, o.mandatory_courses, o.board};
        for (size_t i = 0; i < sizeof single / sizeof *single; i++)
            FUZZ_CHECK(!single[i] || single[i][0] != '\0');
        for (size_t i = 0; i < o.n_surveys; i++)
            FUZZ_CHECK(o.surveys[i] && o.surveys[i][0]);
        for (size_t i = 0; i < o.n_history; i++)
            FUZZ_CHECK(o.history[i] && o.history[i][0]);
        for (size_t i = 0; i < o.n_vocab_files; i++)
            FUZZ_CHECK(o.vocab_files[i] && o.vocab_files[i][0]);
        for (size_t i = 0; i < o.n_by; i++)
            FUZZ_CHECK(o.by[i] != NULL);
        for (size_t i = 0; i < o.n_exclude_reasons; i++)
            FUZZ_CHECK(o.exclude_reasons[i] != NULL);
        for (size_t i = 0; i < o.n_actions; i++)
            FUZZ_CHECK(o.actions[i].text && o.actions[i].text[0] &&
                       (!o.actions[i].metric || o.actions[i].metric[0]));
    }
    options_free(&o);
    config_store_free(&store);
}

FUZZ_ENTRY(ini)
{
    static int registered;
    if (!registered) {
        atexit(fuzz_ini_cleanup);
        registered = 1;
    }
    const char *path = fuzz_file_write(&fuzz_ini_input, "fuzz-ini", data, size);
    if (!path)
        return 0;
    fuzz_ini_entries(path);
    fuzz_ini_apply(path, &standard_wres);
    fuzz_ini_apply(path, &standard_wdes);
    return 0;
}
