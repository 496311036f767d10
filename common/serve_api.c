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

/* "files": {"staff": "name.csv", "survey": ["a.csv"], ...}: names only. */
static bool json_files(struct strbuf *b, const struct wq_options *o)
{
    const struct {
        const char *key, *path;
    } one[] = {{"staff", o->staff},
               {"staff-start", o->staff_start},
               {"leavers", o->leavers},
               {"recruitment", o->recruitment},
               {"cases", o->cases},
               {"training", o->training},
               {"mandatory-courses", o->mandatory_courses},
               {"board", o->board}};
    bool ok = strbuf_puts(b, ", \"files\": {");
    const char *sep = "";
    for (size_t i = 0; i < sizeof one / sizeof *one && ok; i++)
        if (one[i].path) {
            const char *slash = strrchr(one[i].path, '/');
            ok = strbuf_printf(b, "%s\"%s\": ", sep, one[i].key) &&
                 strbuf_json(b, slash ? slash + 1 : one[i].path);
            sep = ", ";
        }
    if (ok && o->n_surveys) {
        ok = json_list(b, sep, "survey", o->surveys, o->n_surveys, true);
        sep = ", ";
    }
    if (ok && o->n_vocab_files)
        ok = json_list(b, sep, "vocab", o->vocab_files, o->n_vocab_files, true);
    return ok && strbuf_puts(b, "}");
}

static bool config_json(struct strbuf *b, const struct wq_options *o)
{
    static const char *const ci[] = {"koopman", "katz", "katz-haldane", "miettinen-nurminen"};
    bool ok = strbuf_puts(b, "{\"year\": ") &&
              (o->year ? strbuf_printf(b, "%d", o->year) : strbuf_puts(b, "null")) &&
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
    return ok && strbuf_puts(b, "]") && json_files(b, o) &&
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
    /* suppress as `report` takes it: not set is its default, not 0 (off) */
    struct wq_options o = {.std = s->std, .conf = 0.95, .voices = -1, .suppress = SUPPRESS_UNSET};
    struct config_store store = {0};
    struct wq_error err = {0};
    int st = config_apply(u->path, &o, &store, &err);
    struct strbuf b = {0};
    if (!st && !config_json(&b, &o))
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
    options_free(&o);
    config_store_free(&store);
}
