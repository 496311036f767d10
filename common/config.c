/* config.c: a yearly run's settings in an INI file. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "text.h"

const char *const options_sheet_inputs[] = {
    "staff", "staff-start", "leavers", "recruitment", "cases", "training",
    "mandatory-courses", "survey", "board", "vocab", NULL};

/* The length of the input named before '=' in S ("staff=Staff"), or 0
 * when S does not start with an input's name and '=' (a sheet's name). */
static size_t sheet_input_len(const char *s)
{
    const char *eq = strchr(s, '=');
    for (const char *const *p = options_sheet_inputs; eq && *p; p++)
        if (strlen(*p) == (size_t)(eq - s) && !strncmp(s, *p, (size_t)(eq - s)))
            return (size_t)(eq - s);
    return 0;
}

const char *options_sheet(const struct wq_options *o, const char *input)
{
    const char *any = NULL;
    for (size_t i = o->n_sheets; i-- > 0;) {
        const char *s = o->sheets[i];
        size_t n = sheet_input_len(s);
        if (n && input && strlen(input) == n && !strncmp(s, input, n))
            return s + n + 1;
        if (!n && !any)
            any = s;
    }
    return any;
}

struct csv_source options_source(const struct wq_options *o, const char *input)
{
    return (struct csv_source){.sheet = options_sheet(o, input), .delim = o->delimiter,
                               .threads = o->threads};
}

void options_free(struct wq_options *o)
{
    free(o->vocab_files);
    free(o->by);
    free(o->adjust);
    free(o->exclude_reasons);
    free(o->columns);
    free(o->surveys);
    free(o->history);
    free(o->sheets);
    free(o->actions);
    free(o->names);
}

bool options_trust_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > OPTIONS_TRUST_MAX || !text_utf8_valid(name, n))
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '"')
            return false;
    return true;
}

bool options_push(const char ***v, size_t *n, const char *s)
{
    const char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return false;
    p[(*n)++] = s;
    *v = p;
    return true;
}

bool options_push_column(struct wq_options *o, const char *field, const char *header)
{
    struct col_map *m = realloc(o->columns, (o->n_columns + 1) * sizeof *m);
    if (!m)
        return false;
    m[o->n_columns++] = (struct col_map){field, header, false};
    o->columns = m;
    return true;
}

const char *options_column_field(const char *name)
{
    for (const char *const *f = columns_fields; *f; f++)
        if (columns_same_field(*f, name))
            return *f;
    return NULL;
}

/* The [columns] section's entries onto O. */
static int apply_columns(const char *path, const struct ini *ini, struct wq_options *o,
                         struct wq_error *err)
{
    for (size_t i = 0; i < ini->n_entries; i++) {
        const struct ini_entry *e = &ini->entries[i];
        if (strcmp(e->section, "columns") != 0)
            continue;
        /* a field, or a --by column (cli.c checks which) */
        const char *field = options_column_field(e->key);
        if (!field)
            field = e->key;
        if (!*e->value)
            return wq_fail(err, WQ_EDATA, &(struct src_pos){path, e->line, NULL, 0},
                           "[columns]: '%s' names no header", e->key);
        if (!options_push_column(o, field, e->value))
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    return WQ_OK;
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
    else if (!strcmp(s, "miettinen-nurminen") || !strcmp(s, "mn"))
        *m = RATIO_MIETTINEN_NURMINEN;
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

/* A[0..AN) followed by B, kept in STORE (NULL when out of memory). */
static const char *keep_join(struct config_store *store, const char *a, size_t an,
                             const char *b)
{
    size_t bn = strlen(b);
    char *p = malloc(an + bn + 1);
    char **paths = realloc(store->paths, (store->n_paths + 1) * sizeof *paths);
    if (!p || !paths) {
        free(p);
        if (paths)
            store->paths = paths;
        return NULL;
    }
    memcpy(p, a, an);
    memcpy(p + an, b, bn + 1);
    store->paths = paths;
    store->paths[store->n_paths++] = p;
    return p;
}

/* VALUE as a path relative to the INI file's folder (kept in STORE). */
static const char *resolve(struct config_store *store, const char *value)
{
    const char *slash = strrchr(store->ini.path, '/');
    if (value[0] == '/' || !slash || !strcmp(value, "-")) /* "-": standard input */
        return value;
    return keep_join(store, store->ini.path, (size_t)(slash - store->ini.path) + 1, value);
}

/* The --sheet value of the key KEY ("sheet", or "staff_start_sheet") set
 * to VALUE: "VALUE", or "staff-start=VALUE" (kept in STORE). */
static const char *sheet_value(struct config_store *store, const char *key, const char *value)
{
    char input[64];
    size_t n = strlen(key) - strlen("sheet");
    if (!n)
        return value;
    snprintf(input, sizeof input, "%.*s=", (int)(n - 1), key);
    for (char *p = input; *p; p++)
        *p = *p == '_' ? '-' : *p;
    return keep_join(store, input, n, value);
}

enum kind { K_PATH, K_PATHS, K_TEXT, K_TEXTS, K_YEAR, K_BOOL, K_CI, K_RATE_CI, K_WINDOW,
            K_SUPPRESS, K_YES_NO, K_DELIMITER, K_SHEET, K_TRUST };

/* Store the value of E (a key of KIND) into TARGET (and COUNT for lists):
 * WQ_OK, WQ_EDATA for a bad value or WQ_ENOMEM. */
static int apply_entry(struct config_store *store, const struct ini_entry *e, enum kind kind,
                       void *target, size_t *count)
{
    const char *v = e->value;
    bool ok = true;
    switch (kind) {
    case K_PATH:
    case K_PATHS:
        if (!*v) {
            ok = false;
            break;
        }
        v = resolve(store, v);
        if (!v)
            return WQ_ENOMEM;
        if (kind == K_PATH)
            *(const char **)target = v;
        else if (!options_push(target, count, v))
            return WQ_ENOMEM;
        break;
    case K_TEXT:
        *(const char **)target = v;
        break;
    case K_TRUST:
        ok = options_trust_ok(v);
        if (ok)
            *(const char **)target = v;
        break;
    case K_TEXTS:
        if (!options_push(target, count, v))
            return WQ_ENOMEM;
        break;
    case K_YEAR:
        ok = options_parse_year(v, target);
        break;
    case K_BOOL: {
        int yn;
        ok = options_parse_yes_no(v, &yn);
        if (ok)
            *(bool *)target = yn;
        break;
    }
    case K_CI:
        ok = options_parse_ci(v, target);
        break;
    case K_RATE_CI:
        ok = options_parse_rate_ci(v, target);
        break;
    case K_WINDOW: {
        unsigned long w;
        ok = options_parse_uint(v, 2, &w) && w >= 1;
        if (ok)
            *(int *)target = (int)w;
        break;
    }
    case K_SUPPRESS: {
        unsigned long n;
        ok = options_parse_uint(v, 1000, &n);
        if (ok)
            *(unsigned *)target = (unsigned)n;
        break;
    }
    case K_YES_NO:
        ok = options_parse_yes_no(v, target);
        break;
    case K_DELIMITER:
        ok = (*(char *)target = csv_delim_parse(v)) != 0;
        break;
    case K_SHEET:
        if (!*v) {
            ok = false;
            break;
        }
        if (!(v = sheet_value(store, e->key, v)) || !options_push(target, count, v))
            return WQ_ENOMEM;
        break;
    }
    return ok ? WQ_OK : WQ_EDATA;
}

/* Is KEY an action: "action", or "action_METRIC" (folded from action-2,
 * action 9a)? */
static bool action_key(const char *key)
{
    return !strncmp(key, "action", 6) && (!key[6] || key[6] == '_');
}

/* An action (E, an action_key) for the standard of SECTION, or an error
 * naming file:line: only in [wres] or [wdes], a metric such as 2, 9a or
 * 10, and some text. The other standard's actions are checked, not kept. */
static int apply_action(const char *path, const char *section, const struct ini_entry *e,
                        struct wq_options *o, struct wq_error *err)
{
    struct src_pos pos = {path, e->line, NULL, 0};
    const char *m = e->key[6] ? e->key + 7 : NULL;
    if (strcmp(e->section, "wres") && strcmp(e->section, "wdes"))
        return wq_fail(err, WQ_EDATA, &pos, "key '%s': an action belongs to one standard: "
                                            "put it in [wres] or [wdes]", e->key);
    size_t digits = m ? strspn(m, "0123456789") : 0;
    if (m && (digits < 1 || digits > 2 || (m[digits] && (m[digits] < 'a' || m[digits] > 'z' ||
                                                         m[digits + 1]))))
        return wq_fail(err, WQ_EDATA, &pos, "key '%.40s': expected action = TEXT, or "
                                            "action-METRIC = TEXT with a metric such as 2, 9a "
                                            "or 10", e->key);
    if (!*e->value)
        return wq_fail(err, WQ_EDATA, &pos, "key '%s': the action's text is empty", e->key);
    if (strcmp(e->section, section))
        return WQ_OK;
    struct wq_action *grown = realloc(o->actions, (o->n_actions + 1) * sizeof *grown);
    if (!grown)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    o->actions = grown;
    o->actions[o->n_actions++] = (struct wq_action){m, e->value};
    return WQ_OK;
}

int config_apply(const char *path, struct wq_options *o, struct config_store *store,
                 struct wq_error *err)
{
    return config_apply_as(path, o->std->prog, o, store, err);
}

/* The keys of a config file: each the long option of its name (with _ for
 * -), the kind of its value, and where in struct wq_options it goes (and
 * its count, for the kinds that take several). */
#define NO_COUNT SIZE_MAX
static const struct config_key {
    const char *key;
    enum kind kind;
    size_t target, count; /* offsets in struct wq_options */
} config_keys[] = {
    {"staff", K_PATH, offsetof(struct wq_options, staff), NO_COUNT},
    {"staff_start", K_PATH, offsetof(struct wq_options, staff_start), NO_COUNT},
    {"leavers", K_PATH, offsetof(struct wq_options, leavers), NO_COUNT},
    {"recruitment", K_PATH, offsetof(struct wq_options, recruitment), NO_COUNT},
    {"cases", K_PATH, offsetof(struct wq_options, cases), NO_COUNT},
    {"training", K_PATH, offsetof(struct wq_options, training), NO_COUNT},
    {"mandatory_courses", K_PATH, offsetof(struct wq_options, mandatory_courses), NO_COUNT},
    {"survey", K_PATHS, offsetof(struct wq_options, surveys), offsetof(struct wq_options, n_surveys)},
    {"board", K_PATH, offsetof(struct wq_options, board), NO_COUNT},
    {"history", K_PATHS, offsetof(struct wq_options, history), offsetof(struct wq_options, n_history)},
    {"vocab", K_PATHS, offsetof(struct wq_options, vocab_files), offsetof(struct wq_options, n_vocab_files)},
    {"year", K_YEAR, offsetof(struct wq_options, year), NO_COUNT},
    {"trust", K_TRUST, offsetof(struct wq_options, trust), NO_COUNT},
    {"by", K_TEXTS, offsetof(struct wq_options, by), offsetof(struct wq_options, n_by)},
    {"adjust", K_TEXTS, offsetof(struct wq_options, adjust), offsetof(struct wq_options, n_adjust)},
    {"exclude_reason", K_TEXTS, offsetof(struct wq_options, exclude_reasons), offsetof(struct wq_options, n_exclude_reasons)},
    {"detail", K_BOOL, offsetof(struct wq_options, detail), NO_COUNT},
    {"skip_bad_rows", K_BOOL, offsetof(struct wq_options, skip_bad_rows), NO_COUNT},
    {"ci", K_CI, offsetof(struct wq_options, ratio_method), NO_COUNT},
    {"rate_ci", K_RATE_CI, offsetof(struct wq_options, rate_method), NO_COUNT},
    {"window", K_WINDOW, offsetof(struct wq_options, window), NO_COUNT},
    {"suppress", K_SUPPRESS, offsetof(struct wq_options, suppress), NO_COUNT},
    {"9b", K_YES_NO, offsetof(struct wq_options, voices), NO_COUNT},
    {"voices", K_YES_NO, offsetof(struct wq_options, voices), NO_COUNT},
    {"9b_text", K_TEXT, offsetof(struct wq_options, voices_text), NO_COUNT},
    {"voices_text", K_TEXT, offsetof(struct wq_options, voices_text), NO_COUNT},
    {"delimiter", K_DELIMITER, offsetof(struct wq_options, delimiter), NO_COUNT},
    {"sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"staff_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"staff_start_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"leavers_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"recruitment_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"cases_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"training_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"mandatory_courses_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"survey_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"board_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
    {"vocab_sheet", K_SHEET, offsetof(struct wq_options, sheets), offsetof(struct wq_options, n_sheets)},
};
enum { N_KEYS = sizeof config_keys / sizeof *config_keys };

/* Every section is one this program knows. */
static int check_sections(const char *path, const struct ini *ini, struct wq_error *err)
{
    for (size_t i = 0; i < ini->n_sections; i++) {
        const struct ini_section *sec = &ini->sections[i];
        if (*sec->name && strcmp(sec->name, "common") && strcmp(sec->name, "wres") &&
            strcmp(sec->name, "wdes") && strcmp(sec->name, "columns"))
            return wq_fail(err, WQ_EDATA, &(struct src_pos){path, sec->line, NULL, 0},
                           "unknown section [%s] (expected [common], [wres], [wdes] or "
                           "[columns])",
                           sec->name);
    }
    if (!ini->n_entries)
        return wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL, 0},
                       "no settings: the file is empty or has only comments (expected "
                       "key = value lines such as staff = FILE)");
    return WQ_OK;
}

/* WHICH[i]: entry i's key in config_keys (N_KEYS: an action, applied here
 * for SECTION). Every key is checked, the other calculator's section's too,
 * so that a misspelt key is found whichever calculator reads the file
 * first. */
static int classify(const char *path, const char *section, const struct ini *ini,
                    struct wq_options *o, size_t *which, struct wq_error *err)
{
    for (size_t i = 0; i < ini->n_entries; i++) {
        const struct ini_entry *e = &ini->entries[i];
        int st;
        if (!strcmp(e->section, "columns"))
            continue;
        if (action_key(e->key)) {
            which[i] = N_KEYS;
            if ((st = apply_action(path, section, e, o, err)) != WQ_OK)
                return st;
            continue;
        }
        size_t k = 0;
        while (k < N_KEYS && strcmp(config_keys[k].key, e->key))
            k++;
        if (k == N_KEYS)
            return wq_fail(err, WQ_EDATA, &(struct src_pos){path, e->line, NULL, 0},
                           "unknown key '%s' (keys are the long options: staff, staff-start, "
                           "leavers, recruitment, cases, training, mandatory-courses, survey, "
                           "board, vocab, history, year, trust, by, exclude-reason, detail, "
                           "skip-bad-rows, ci, rate-ci, window, suppress, 9b, 9b-text, "
                           "delimiter, sheet, INPUT-sheet such as staff-sheet, and action or "
                           "action-METRIC in [wres] or [wdes])",
                           e->key);
        which[i] = k;
    }
    return WQ_OK;
}

/* Entry E (line POS) of key K into O; FIRST_LINE: the line where each key
 * that takes one value was first given at this level. */
static int apply_key(const char *path, struct config_store *store, const struct ini_entry *e,
                     size_t k, struct wq_options *o, unsigned long *first_line,
                     struct wq_error *err)
{
    const struct config_key *key = &config_keys[k];
    struct src_pos pos = {path, e->line, NULL, 0};
    if (key->kind != K_PATHS && key->kind != K_TEXTS) {
        size_t slot = k; /* aliases (9b, voices) share a target */
        for (size_t j = 0; j < k && key->kind != K_SHEET; j++)
            if (config_keys[j].target == key->target) {
                slot = j;
                break;
            }
        if (first_line[slot])
            return wq_fail(err, WQ_EDATA, &pos,
                           "key '%s' given a second time (first on line %lu); it takes one "
                           "value",
                           e->key, first_line[slot]);
        first_line[slot] = e->line;
    }
    int st = apply_entry(store, e, key->kind, (char *)o + key->target,
                         key->count == NO_COUNT ? NULL : (size_t *)((char *)o + key->count));
    if (st == WQ_ENOMEM)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if (st != WQ_OK && key->kind == K_TRUST)
        return wq_fail(err, WQ_EDATA, &pos, "key 'trust': expected " OPTIONS_TRUST_RULE,
                       OPTIONS_TRUST_MAX);
    if (st != WQ_OK)
        return wq_fail(err, WQ_EDATA, &pos, "key '%s': bad value '%.60s'", e->key, e->value);
    return WQ_OK;
}

int config_apply_as(const char *path, const char *section, struct wq_options *o,
                    struct config_store *store, struct wq_error *err)
{
    int st = ini_load(&store->ini, path, err);
    if (st || (st = check_sections(path, &store->ini, err)) != WQ_OK ||
        (st = apply_columns(path, &store->ini, o, err)) != WQ_OK)
        return st;
    size_t *which = calloc(store->ini.n_entries, sizeof *which);
    if (!which)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    st = classify(path, section, &store->ini, o, which, err);
    /* [common] (and keys before any section) first, then this calculator's
     * section, which so overrides them wherever it is in the file; a key
     * that takes one value given twice at the same level is an error */
    unsigned long first_line[N_KEYS];
    for (int pass = 0; pass < 2 && st == WQ_OK; pass++) {
        memset(first_line, 0, sizeof first_line);
        for (size_t i = 0; i < store->ini.n_entries && st == WQ_OK; i++) {
            const struct ini_entry *e = &store->ini.entries[i];
            bool common = !*e->section || !strcmp(e->section, "common");
            if (!strcmp(e->section, "columns") || which[i] == N_KEYS) /* actions: above */
                continue;
            if (pass == 0 ? !common : strcmp(e->section, section) != 0)
                continue;
            st = apply_key(path, store, e, which[i], o, first_line, err);
        }
    }
    free(which);
    return st;
}

void config_store_free(struct config_store *store)
{
    for (size_t i = 0; i < store->n_paths; i++)
        free(store->paths[i]);
    free(store->paths);
    ini_free(&store->ini);
    memset(store, 0, sizeof *store);
}
