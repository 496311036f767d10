/* config.c: a yearly run's settings in an INI file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "extract.h"

bool options_push(const char ***v, size_t *n, const char *s)
{
    const char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return false;
    p[(*n)++] = s;
    *v = p;
    return true;
}

bool options_parse_uint(const char *s, unsigned long max, unsigned long *v)
{
    char *end;
    if (!*s || *s == '-')
        return false;
    unsigned long x = strtoul(s, &end, 10);
    if (*end || x > max)
        return false;
    *v = x;
    return true;
}

bool options_parse_year(const char *s, int *year)
{
    unsigned long y;
    if (!options_parse_uint(s, 2100, &y) || y < 2000)
        return false;
    *year = (int)y;
    return true;
}

bool options_parse_ci(const char *s, enum ratio_method *m)
{
    if (!strcmp(s, "koopman") || !strcmp(s, "score"))
        *m = RATIO_KOOPMAN;
    else if (!strcmp(s, "katz"))
        *m = RATIO_KATZ;
    else if (!strcmp(s, "katz-haldane"))
        *m = RATIO_KATZ_HALDANE;
    else
        return false;
    return true;
}

bool options_parse_rate_ci(const char *s, enum rate_method *m)
{
    if (!strcmp(s, "wilson"))
        *m = RATE_WILSON;
    else if (!strcmp(s, "clopper-pearson") || !strcmp(s, "exact"))
        *m = RATE_CLOPPER_PEARSON;
    else
        return false;
    return true;
}

bool options_parse_yes_no(const char *s, int *v)
{
    int yn = extract_yes_no(s);
    if (yn < 0)
        return false;
    *v = yn;
    return true;
}

/* VALUE as a path relative to the INI file's folder (kept in STORE). */
static const char *resolve(struct config_store *store, const char *value)
{
    const char *slash = strrchr(store->ini.path, '/');
    if (value[0] == '/' || !slash)
        return value;
    size_t dn = (size_t)(slash - store->ini.path) + 1, vn = strlen(value);
    char *p = malloc(dn + vn + 1);
    char **paths = realloc(store->paths, (store->n_paths + 1) * sizeof *paths);
    if (!p || !paths) {
        free(p);
        if (paths)
            store->paths = paths;
        return NULL;
    }
    memcpy(p, store->ini.path, dn);
    memcpy(p + dn, value, vn + 1);
    store->paths = paths;
    store->paths[store->n_paths++] = p;
    return p;
}

enum kind { K_PATH, K_PATHS, K_TEXT, K_TEXTS, K_YEAR, K_BOOL, K_CI, K_RATE_CI, K_WINDOW,
            K_SUPPRESS, K_YES_NO };

int config_apply(const char *path, struct wq_options *o, struct config_store *store,
                 struct wq_error *err)
{
    int st = ini_load(&store->ini, path, err);
    if (st)
        return st;
    const struct {
        const char *key;
        enum kind kind;
        void *target;
        size_t *count;
    } keys[] = {
        {"staff", K_PATH, &o->staff, NULL},
        {"staff_start", K_PATH, &o->staff_start, NULL},
        {"leavers", K_PATH, &o->leavers, NULL},
        {"recruitment", K_PATH, &o->recruitment, NULL},
        {"cases", K_PATH, &o->cases, NULL},
        {"training", K_PATH, &o->training, NULL},
        {"mandatory_courses", K_PATH, &o->mandatory_courses, NULL},
        {"survey", K_PATHS, &o->surveys, &o->n_surveys},
        {"board", K_PATH, &o->board, NULL},
        {"history", K_PATHS, &o->history, &o->n_history},
        {"vocab", K_PATHS, &o->vocab_files, &o->n_vocab_files},
        {"year", K_YEAR, &o->year, NULL},
        {"by", K_TEXTS, &o->by, &o->n_by},
        {"exclude_reason", K_TEXTS, &o->exclude_reasons, &o->n_exclude_reasons},
        {"detail", K_BOOL, &o->detail, NULL},
        {"skip_bad_rows", K_BOOL, &o->skip_bad_rows, NULL},
        {"ci", K_CI, &o->ratio_method, NULL},
        {"rate_ci", K_RATE_CI, &o->rate_method, NULL},
        {"window", K_WINDOW, &o->window, NULL},
        {"suppress", K_SUPPRESS, &o->suppress, NULL},
        {"9b", K_YES_NO, &o->voices, NULL},
        {"voices", K_YES_NO, &o->voices, NULL},
        {"9b_text", K_TEXT, &o->voices_text, NULL},
        {"voices_text", K_TEXT, &o->voices_text, NULL},
    };
    for (size_t i = 0; i < store->ini.n_entries; i++) {
        const struct ini_entry *e = &store->ini.entries[i];
        struct src_pos pos = {path, e->line, NULL};
        if (*e->section && strcmp(e->section, "common") && strcmp(e->section, "wres") &&
            strcmp(e->section, "wdes"))
            return wq_fail(err, WQ_EDATA, &pos,
                           "unknown section [%s] (expected [common], [wres] or [wdes])",
                           e->section);
        if ((!strcmp(e->section, "wres") || !strcmp(e->section, "wdes")) &&
            strcmp(e->section, o->std->prog))
            continue; /* the other calculator's section */
        size_t k = 0;
        while (k < sizeof keys / sizeof *keys && strcmp(keys[k].key, e->key))
            k++;
        if (k == sizeof keys / sizeof *keys)
            return wq_fail(err, WQ_EDATA, &pos,
                           "unknown key '%s' (keys are the long options: staff, staff-start, "
                           "leavers, recruitment, cases, training, mandatory-courses, survey, "
                           "board, vocab, year, by, exclude-reason, detail, skip-bad-rows, ci, "
                           "rate-ci, window, suppress, 9b, 9b-text)",
                           e->key);
        const char *v = e->value;
        bool ok = true;
        switch (keys[k].kind) {
        case K_PATH:
        case K_PATHS:
            if (!*v) {
                ok = false;
                break;
            }
            v = resolve(store, v);
            if (!v)
                return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
            if (keys[k].kind == K_PATH)
                *(const char **)keys[k].target = v;
            else if (!options_push(keys[k].target, keys[k].count, v))
                return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
            break;
        case K_TEXT:
            *(const char **)keys[k].target = v;
            break;
        case K_TEXTS:
            if (!options_push(keys[k].target, keys[k].count, v))
                return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
            break;
        case K_YEAR:
            ok = options_parse_year(v, keys[k].target);
            break;
        case K_BOOL: {
            int yn;
            ok = options_parse_yes_no(v, &yn);
            if (ok)
                *(bool *)keys[k].target = yn;
            break;
        }
        case K_CI:
            ok = options_parse_ci(v, keys[k].target);
            break;
        case K_RATE_CI:
            ok = options_parse_rate_ci(v, keys[k].target);
            break;
        case K_WINDOW: {
            unsigned long w;
            ok = options_parse_uint(v, 2, &w) && w >= 1;
            if (ok)
                *(int *)keys[k].target = (int)w;
            break;
        }
        case K_SUPPRESS: {
            unsigned long n;
            ok = options_parse_uint(v, 1000, &n);
            if (ok)
                *(unsigned *)keys[k].target = (unsigned)n;
            break;
        }
        case K_YES_NO:
            ok = options_parse_yes_no(v, keys[k].target);
            break;
        }
        if (!ok)
            return wq_fail(err, WQ_EDATA, &pos, "key '%s': bad value '%.60s'", e->key, e->value);
    }
    return WQ_OK;
}

void config_store_free(struct config_store *store)
{
    for (size_t i = 0; i < store->n_paths; i++)
        free(store->paths[i]);
    free(store->paths);
    ini_free(&store->ini);
    memset(store, 0, sizeof *store);
}
