/* serve_api.c: POST /api/columns (`columns FILE --as INPUT --format json`,
 * run as a child like the reports; the list inputs are read whole) and POST /api/config (what an INI file
 * sets, read with the same config_apply as --config). */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "inspect.h"
#include "serve_internal.h"

static void answer_error(struct serve_answer *a, const struct serve_error *e)
{
    if (!serve_error_answer(a, e))
        a->status = 0;
}

static void answer_json(struct serve_answer *a, struct strbuf *b)
{
    *a = (struct serve_answer){.status = 200, .type = "application/json; charset=utf-8",
                               .body = b->data, .len = b->len, .fd = -1};
    b->data = NULL;
}

/* The one upload of FIELD in FORM, or NULL (E filled: 400). */
static const struct serve_upload *one_file(const struct serve_form *form, const char *field,
                                           struct serve_error *e)
{
    const struct serve_upload *u = NULL;
    size_t n = 0;
    for (size_t i = 0; i < form->n_files; i++)
        if (!strcmp(form->files[i].field, field)) {
            u = &form->files[i];
            n++;
        }
    if (n != 1)
        serve_error_set(e, 400, WQ_EUSAGE, "expected one file in the field '%s'", field);
    return n == 1 ? u : NULL;
}

void serve_columns(const struct serve *s, struct serve_form *form, struct serve_answer *a)
{
    static const char *const texts[] = {"sheet", "column", "delimiter", NULL};
    struct serve_error e = {0};
    const struct serve_upload *u = one_file(form, "file", &e);
    const char *input = serve_form_text(form, "input", 0);
    bool known = false;
    for (size_t k = 0; input && inspect_kinds[k] && !known; k++)
        known = !strcmp(input, inspect_kinds[k]);
    for (size_t k = 0; input && inspect_lists[k] && !known; k++)
        known = !strcmp(input, inspect_lists[k]);
    if (u && !known)
        serve_error_set(&e, 400, WQ_EUSAGE, "input: expected staff, staff-start, leavers, "
                                            "recruitment, cases, training, survey, board, "
                                            "mandatory-courses or vocab");
    if (!u || !known) {
        answer_error(a, &e);
        return;
    }
    char **v = NULL;
    size_t n = 0;
    const char *prog = s->std->prog;
    char mb[32];
    snprintf(mb, sizeof mb, "%llu", s->max_unzipped >> 20);
    bool ok = serve_push_arg(&v, &n, prog, NULL) && serve_push_arg(&v, &n, "columns", NULL) &&
              serve_push_arg(&v, &n, "--format=json", NULL) &&
              serve_push_arg(&v, &n, "--max-unzipped=", mb) &&
              serve_push_arg(&v, &n, "--as=", input);
    for (size_t t = 0; texts[t] && ok; t++) {
        char opt[32];
        snprintf(opt, sizeof opt, "--%s=", texts[t]);
        const char *val;
        for (size_t k = 0; ok && (val = serve_form_text(form, texts[t], k)) != NULL; k++)
            ok = serve_push_arg(&v, &n, opt, val);
    }
    ok = ok && serve_push_arg(&v, &n, "--", NULL) && serve_push_arg(&v, &n, u->name, NULL);
    struct strbuf out = {0};
    int rc = ok ? serve_run(s, form, prog, v, &out, &e) : -1;
    serve_args_free(v);
    if (!ok)
        serve_error_set(&e, 500, WQ_ENOMEM, "out of memory");
    /* missing required fields (65) still come with the findings */
    if ((rc == 0 || rc == WQ_EDATA) && out.len)
        answer_json(a, &out);
    else
        answer_error(a, &e);
    strbuf_free(&out);
}

/* ---- /api/config ----------------------------------------------------------- */

/* , "NAME": [...] (the first in an object: SEP ""); BASE: file names only. */
static bool json_list(struct strbuf *b, const char *sep, const char *name,
                      const char *const *v, size_t n, bool base)
{
    bool ok = strbuf_printf(b, "%s\"%s\": [", sep, name);
    for (size_t i = 0; i < n && ok; i++) {
        const char *slash = base ? strrchr(v[i], '/') : NULL;
        ok = strbuf_puts(b, i ? ", " : "") && strbuf_json(b, slash ? slash + 1 : v[i]);
    }
    return ok && strbuf_puts(b, "]");
}

/* One input's file(s) as a config sets them: KEY, and PATH or a LIST. */
struct file_key {
    const char *key, *path;
    const char *const *list;
    size_t n;
};

static size_t file_keys(const struct wq_options *o, struct file_key *k)
{
    const struct file_key all[] = {
        {"staff", o->staff, NULL, 0},
        {"staff-start", o->staff_start, NULL, 0},
        {"leavers", o->leavers, NULL, 0},
        {"recruitment", o->recruitment, NULL, 0},
        {"cases", o->cases, NULL, 0},
        {"training", o->training, NULL, 0},
        {"mandatory-courses", o->mandatory_courses, NULL, 0},
        {"board", o->board, NULL, 0},
        {"survey", NULL, o->surveys, o->n_surveys},
        {"vocab", NULL, o->vocab_files, o->n_vocab_files}};
    memcpy(k, all, sizeof all);
    return sizeof all / sizeof *all;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_files(const struct file_key *a, const struct file_key *b)
{
    bool same = same_text(a->path, b->path) && a->n == b->n;
    for (size_t i = 0; i < a->n && same; i++)
        same = !strcmp(a->list[i], b->list[i]);
    return same;
}

/* , "KEY": "name.csv" or ["a.csv", ...] (SEP before the first): names only. */
static bool json_file(struct strbuf *b, const char **sep, const struct file_key *k)
{
    if (!k->path && !k->n)
        return true;
    const char *s = *sep;
    *sep = ", ";
    if (k->n)
        return json_list(b, s, k->key, k->list, k->n, true);
    const char *slash = strrchr(k->path, '/');
    return strbuf_printf(b, "%s\"%s\": ", s, k->key) &&
           strbuf_json(b, slash ? slash + 1 : k->path);
}

/* "files": {"leavers": "x.csv", ..., "wres": {"staff": ...}, "wdes":
 * {...}}: the files both standards read at the top, those they read
 * differently (a [wres] or [wdes] key) under each; names only. */
static bool json_files(struct strbuf *b, const struct wq_options *o[2])
{
    static const char *const stds[] = {"wres", "wdes"};
    struct file_key k[2][16];
    size_t n = file_keys(o[0], k[0]);
    file_keys(o[1], k[1]);
    const char *sep = "";
    bool ok = strbuf_puts(b, ", \"files\": {");
    for (size_t i = 0; i < n && ok; i++)
        ok = !same_files(&k[0][i], &k[1][i]) || json_file(b, &sep, &k[0][i]);
    for (size_t j = 0; j < 2 && ok; j++) {
        ok = strbuf_printf(b, "%s\"%s\": {", sep, stds[j]);
        const char *inner = "";
        for (size_t i = 0; i < n && ok; i++)
            ok = same_files(&k[0][i], &k[1][i]) || json_file(b, &inner, &k[j][i]);
        ok = ok && strbuf_puts(b, "}");
        sep = ", ";
    }
    return ok && strbuf_puts(b, "}");
}

/* What the config sets, as O[0] (wres) and O[1] (wdes) read it: the
 * settings as the first does, the files of both. */
static bool config_json(struct strbuf *b, const struct wq_options *os[2])
{
    const struct wq_options *o = os[0];
    static const char *const ci[] = {"koopman", "katz", "katz-haldane", "miettinen-nurminen"};
    bool ok = strbuf_puts(b, "{\"year\": ") &&
              (o->year ? strbuf_printf(b, "%d", o->year) : strbuf_puts(b, "null")) &&
              strbuf_puts(b, ", \"trust\": ") && strbuf_json(b, o->trust) &&
              strbuf_printf(b, ", \"standard\": null, \"suppress\": %u",
                            o->suppress == SUPPRESS_UNSET ? SUPPRESS_PUBLISHED : o->suppress) &&
              strbuf_puts(b, ", \"ci\": ") &&
              strbuf_json(b, (size_t)o->ratio_method < 4 ? ci[o->ratio_method] : NULL) &&
              strbuf_puts(b, ", \"window\": ") &&
              (o->window ? strbuf_printf(b, "%d", o->window) : strbuf_puts(b, "null")) &&
              json_list(b, ", ", "by", o->by, o->n_by, false) &&
              json_list(b, ", ", "exclude_reason", o->exclude_reasons, o->n_exclude_reasons, false) &&
              json_list(b, ", ", "sheet", o->sheets, o->n_sheets, false) &&
              strbuf_puts(b, ", \"column\": [");
    for (size_t i = 0; i < o->n_columns && ok; i++) {
        char *fh = malloc(strlen(o->columns[i].field) + strlen(o->columns[i].header) + 2);
        ok = fh && sprintf(fh, "%s=%s", o->columns[i].field, o->columns[i].header) > 0 &&
             strbuf_puts(b, i ? ", " : "") && strbuf_json(b, fh);
        free(fh);
    }
    return ok && strbuf_puts(b, "]") && json_files(b, os) &&
           strbuf_puts(b, ", \"actions\": null}\n");
}

void serve_config(const struct serve *s, struct serve_form *form, struct serve_answer *a)
{
    struct serve_error e = {0};
    const struct serve_upload *u = one_file(form, "config", &e);
    if (!u) {
        answer_error(a, &e);
        return;
    }
    /* suppress as `report` takes it: not set is its default, not 0 (off);
     * read as each standard reads it ([wres] and [wdes] may name different
     * staff files) */
    struct wq_options o[2];
    struct config_store store[2];
    memset(store, 0, sizeof store);
    struct wq_error err = {0};
    int st = WQ_OK;
    for (int i = 0; i < 2; i++) {
        o[i] = (struct wq_options){.std = s->std, .conf = 0.95, .voices = -1,
                                   .suppress = SUPPRESS_UNSET};
        if (!st)
            st = config_apply_as(u->path, i ? "wdes" : "wres", &o[i], &store[i], &err);
    }
    struct strbuf b = {0};
    const struct wq_options *os[2] = {&o[0], &o[1]};
    if (!st && !config_json(&b, os))
        st = wq_fail(&err, WQ_ENOMEM, NULL, "out of memory");
    if (st) {
        char text[sizeof err.msg + 8];
        snprintf(text, sizeof text, "x: %s\n", err.msg);
        serve_map_error(form, "x", text, st, &e);
        answer_error(a, &e);
    } else {
        answer_json(a, &b);
    }
    strbuf_free(&b);
    for (int i = 0; i < 2; i++) {
        options_free(&o[i]);
        config_store_free(&store[i]);
    }
}
