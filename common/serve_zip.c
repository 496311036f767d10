/* serve_zip.c: the report zip (libzip): the report folders as `report
 * --out` wrote them, config.ini (the run's settings for next year) and
 * summary.json (the headline rows of each metrics CSV, not recomputed). */
#define _GNU_SOURCE 1
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "csv_reader.h"
#include "diag.h"
#include "serve_internal.h"

/* ---- config.ini ------------------------------------------------------------ */

/* Is V writable as one INI value (no line break, no control character)? */
static bool ini_safe(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* "key = value" (quoted when the INI reader would otherwise trim or
 * unquote it); false when out of memory or V is not writable (E set). */
static bool ini_line(struct strbuf *b, const char *key, const char *v, struct serve_error *e)
{
    if (!ini_safe(v) || !ini_safe(key) || strchr(key, '=') || strchr(key, '[')) {
        serve_error_set(e, 400, WQ_EUSAGE, "%s: a value with a line break or control "
                                           "character cannot go into config.ini", key);
        return false;
    }
    size_t n = strlen(v);
    bool quote = n && (isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1]) ||
                       (v[0] == '"' && v[n - 1] == '"') || (v[0] == '\'' && v[n - 1] == '\''));
    if (quote ? strbuf_printf(b, "%s = \"%s\"\n", key, v) : strbuf_printf(b, "%s = %s\n", key, v))
        return true;
    serve_error_set(e, 500, WQ_ENOMEM, "out of memory");
    return false;
}

/* The files as config.ini names them: those both standards read, then
 * [wres]'s (wdes refuses --training) and [wdes]'s (its own staff file,
 * with its sheet, when given); false when a line cannot be written. */
static bool ini_files(const struct serve_form *form, struct strbuf *b, struct serve_error *e)
{
    bool ok = true;
    for (int part = 0; part < 3 && ok; part++) {
        bool head = false;
        for (size_t i = 0; i < form->n_files && ok; i++) {
            const char *field = form->files[i].field;
            const char *w = serve_file_for(form, field, "wres"),
                       *d = serve_file_for(form, field, "wdes");
            if (!(part == 0 ? w && d : part == 1 ? w && !d : d && !w) || !strcmp(field, "config"))
                continue;
            if (part && !head)
                ok = strbuf_puts(b, part == 1 ? "\n[wres]\n" : "\n[wdes]\n");
            head = true;
            ok = ok && ini_line(b, w ? w : d, form->files[i].name, e);
            const char *v;
            for (size_t k = 0; part == 2 && ok && (v = serve_form_text(form, "sheet", k)); k++)
                if (!strncmp(v, "wdes-staff=", 11)) {
                    char sheet[SERVE_TEXT_MAX + 8];
                    snprintf(sheet, sizeof sheet, "staff=%s", v + 11);
                    ok = ini_line(b, "sheet", sheet, e);
                }
        }
    }
    return ok;
}

bool serve_config_ini(const struct serve_form *form, struct strbuf *b, struct serve_error *e)
{
    static const char *const texts[] = {"trust", "year", "by", "suppress", "ci", "window",
                                        "exclude-reason", "sheet", "delimiter", NULL};
    bool ok = strbuf_puts(b, "; The settings of a run made with the page of `wres serve`, ready "
                             "for next year:\n; put this year's files beside this one under "
                             "the names below (or change them),\n; then open it on the page "
                             "or run: wres report --config config.ini --out DIR\n");
    for (size_t t = 0; texts[t] && ok; t++) {
        const char *v;
        for (size_t k = 0; ok && (v = serve_form_text(form, texts[t], k)) != NULL; k++)
            if (strcmp(texts[t], "sheet") || strncmp(v, "wdes-staff=", 11)) /* ini_files */
                ok = serve_text_none(texts[t], v) || ini_line(b, texts[t], v, e);
    }
    ok = ok && ini_files(form, b, e);
    bool section = false;
    const char *v;
    for (size_t k = 0; ok && (v = serve_form_text(form, "column", k)) != NULL; k++) {
        const char *eq = strchr(v, '=');
        char field[64];
        if (!eq || eq == v || (size_t)(eq - v) >= sizeof field) {
            serve_error_set(e, 400, WQ_EUSAGE, "column '%.60s': expected FIELD=HEADER", v);
            return false;
        }
        snprintf(field, sizeof field, "%.*s", (int)(eq - v), v);
        if (!section && !(ok = strbuf_puts(b, "\n[columns]\n")))
            break;
        section = true;
        ok = ini_line(b, field, eq + 1, e);
    }
    if (!ok && !e->status)
        serve_error_set(e, 500, WQ_ENOMEM, "out of memory");
    return ok;
}

/* ---- summary.json -------------------------------------------------------------- */

/* The metrics CSV's columns the summary keeps, numbers marked. */
static const struct {
    const char *name;
    bool number;
} kept[] = {{"metric", false}, {"measure", false}, {"group", false}, {"reference", false},
            {"count", true},   {"base", true},     {"value", true},  {"low", true},
            {"high", true},    {"flag", false},    {"workforce", false}, {"band", false}};
#define N_KEPT_COLS (sizeof kept / sizeof *kept)

struct summary_ctx {
    struct strbuf *b;
    int col[N_KEPT_COLS];
    int breakdown, year;
    bool header_done, any;
    char year_text[16];
};

static bool json_value(struct strbuf *b, const char *s, bool number)
{
    char *end;
    if (number && *s) {
        strtod(s, &end);
        if (!*end)
            return strbuf_puts(b, s);
    }
    return number && !*s ? strbuf_puts(b, "null") : strbuf_json(b, s);
}

/* One metrics CSV row: the trust-wide rows (breakdown "Trust") go in. The
 * report's full-count metrics.csv: the page is the inclusion manager's own,
 * on their machine; what they publish is the report folder. */
static int summary_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct summary_ctx *c = ud;
    if (!c->header_done && row->n_fields && row->fields[0][0] == '#')
        return WQ_OK; /* "# NOT FOR PUBLICATION ..." above the header */
    if (!c->header_done) {
        c->header_done = true;
        for (size_t k = 0; k < N_KEPT_COLS; k++) {
            c->col[k] = -1;
            for (size_t i = 0; i < row->n_fields; i++)
                if (!strcmp(row->fields[i], kept[k].name))
                    c->col[k] = (int)i;
        }
        c->breakdown = c->year = -1;
        for (size_t i = 0; i < row->n_fields; i++) {
            if (!strcmp(row->fields[i], "breakdown"))
                c->breakdown = (int)i;
            if (!strcmp(row->fields[i], "year"))
                c->year = (int)i;
        }
        return WQ_OK;
    }
    if (c->breakdown < 0 || (size_t)c->breakdown >= row->n_fields ||
        strcmp(row->fields[c->breakdown], "Trust"))
        return WQ_OK;
    if (c->year >= 0 && (size_t)c->year < row->n_fields)
        snprintf(c->year_text, sizeof c->year_text, "%s", row->fields[c->year]);
    bool ok = strbuf_puts(c->b, c->any ? ",\n      {" : "\n      {");
    for (size_t k = 0; k < N_KEPT_COLS && ok; k++) {
        int i = c->col[k];
        const char *v = i >= 0 && (size_t)i < row->n_fields ? row->fields[i] : "";
        ok = strbuf_printf(c->b, "%s\"%s\": ", k ? ", " : "", kept[k].name) &&
             json_value(c->b, v, kept[k].number);
    }
    c->any = true;
    if (!(ok && strbuf_puts(c->b, "}")))
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    return WQ_OK;
}

/* FOLDER/NAME, or FOLDER/not-for-publication/NAME, whichever exists. */
static bool find_output(const char *folder, const char *name, char *buf, size_t size)
{
    struct stat st;
    snprintf(buf, size, "%s/%s", folder, name);
    if (stat(buf, &st) == 0)
        return true;
    snprintf(buf, size, "%s/not-for-publication/%s", folder, name);
    return stat(buf, &st) == 0;
}

static bool read_text(const char *path, struct strbuf *t)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char buf[4096];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
        ok = strbuf_append(t, buf, n);
    ok = ok && !ferror(f);
    fclose(f);
    return ok && (t->data || strbuf_puts(t, ""));
}

/* , "findings": [{"kind": "heading"|"item"|"text", "text": ".."}, ..]: the
 * report's findings.txt (html_summary.c), line by line ("## " a heading,
 * "- " an item of a list, else a paragraph). */
static bool findings_json(struct strbuf *b, const char *text)
{
    bool ok = strbuf_puts(b, ",\n    \"findings\": [");
    size_t n = 0;
    for (const char *p = text; ok && p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *kind = !strncmp(p, "## ", 3) ? "heading" : !strncmp(p, "- ", 2) ? "item"
                                                                                    : "text";
        size_t skip = kind[0] == 'h' ? 3 : kind[0] == 'i' ? 2 : 0;
        char *line = len ? strndup(p + skip, len - skip) : NULL;
        if (len)
            ok = line && strbuf_printf(b, "%s\n      {\"kind\": \"%s\", \"text\": ",
                                       n++ ? "," : "", kind) &&
                 strbuf_json(b, line) && strbuf_puts(b, "}");
        free(line);
        p = end ? end + 1 : NULL;
    }
    return ok && strbuf_puts(b, "]");
}

/* "wres": {"year": .., "metrics": [..], "data_quality": "..", "findings":
 * [..]} for FOLDER. */
static int summary_standard(struct strbuf *b, const char *std, const char *folder,
                            struct serve_error *e)
{
    char path[SERVE_PATH_MAX + 64];
    struct wq_error err = {0};
    struct summary_ctx c = {.b = b};
    struct strbuf dq = {0}, fi = {0};
    int st = WQ_OK;
    if (!strbuf_printf(b, "  \"%s\": {\n    \"metrics\": [", std))
        st = WQ_ENOMEM;
    if (!st && find_output(folder, "metrics.csv", path, sizeof path))
        st = csv_read_file(path, "metrics.csv", summary_row, &c, NULL, &err);
    if (!st && find_output(folder, "data-quality.txt", path, sizeof path) && !read_text(path, &dq))
        st = WQ_EIO;
    if (!st && find_output(folder, "findings.txt", path, sizeof path) && !read_text(path, &fi))
        st = WQ_EIO;
    if (!st && !(strbuf_printf(b, "],\n    \"year\": %s,\n    \"data_quality\": ",
                               c.year_text[0] ? c.year_text : "null") &&
                 strbuf_json(b, dq.data) && findings_json(b, fi.data) &&
                 strbuf_puts(b, "\n  }")))
        st = WQ_ENOMEM;
    strbuf_free(&dq);
    strbuf_free(&fi);
    if (st)
        serve_error_set(e, 500, st, "cannot read the %s report's metrics: %s", std,
                        wq_strerror(st));
    return st;
}

/* ---- the zip ------------------------------------------------------------------- */

/* Add FOLDER (on disk) as NAME/ in Z, everything under it. */
static int zip_tree(zip_t *z, const char *folder, const char *name, int depth)
{
    if (depth > 8 || zip_dir_add(z, name, ZIP_FL_ENC_UTF_8) < 0)
        return WQ_EIO;
    DIR *d = opendir(folder);
    if (!d)
        return WQ_EIO;
    int st = WQ_OK;
    struct dirent *de;
    while (!st && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char path[SERVE_PATH_MAX + 256], entry[1024];
        snprintf(path, sizeof path, "%s/%s", folder, de->d_name);
        snprintf(entry, sizeof entry, "%s/%s", name, de->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0)
            st = WQ_EIO;
        else if (S_ISDIR(sb.st_mode))
            st = zip_tree(z, path, entry, depth + 1);
        else if (S_ISREG(sb.st_mode)) {
            zip_source_t *src = zip_source_file(z, path, 0, -1);
            if (!src || zip_file_add(z, entry, src, ZIP_FL_ENC_UTF_8) < 0) {
                zip_source_free(src);
                st = WQ_EIO;
            }
        }
    }
    closedir(d);
    return st;
}

static int zip_buffer(zip_t *z, const char *name, const struct strbuf *b)
{
    zip_source_t *src = zip_source_buffer(z, b->data ? b->data : "", b->len, 0);
    if (!src || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(src);
        return WQ_EIO;
    }
    return WQ_OK;
}

/* The summary of every standard written under FORM->dir/out into B. */
static int build_summary(const struct serve_form *form, struct strbuf *b, struct serve_error *e)
{
    static const char *const stds[] = {"wres", "wdes"};
    int st = strbuf_puts(b, "{\n") ? WQ_OK : WQ_ENOMEM;
    bool first = true;
    for (size_t i = 0; i < 2 && !st; i++) {
        char folder[SERVE_PATH_MAX + 16];
        struct stat sb;
        snprintf(folder, sizeof folder, "%s/out/%s", form->dir, stds[i]);
        if (stat(folder, &sb) != 0)
            continue;
        if (!first && !strbuf_puts(b, ",\n"))
            st = WQ_ENOMEM;
        first = false;
        if (!st)
            st = summary_standard(b, stds[i], folder, e);
    }
    if (!st && !strbuf_puts(b, "\n}\n"))
        st = WQ_ENOMEM;
    if (st == WQ_ENOMEM)
        serve_error_set(e, 500, st, "out of memory");
    return st;
}

int serve_zip(const struct serve_form *form, const char *zippath, char **summary,
              struct serve_error *e)
{
    struct strbuf ini = {0}, sum = {0};
    int st = serve_config_ini(form, &ini, e) ? WQ_OK : WQ_EUSAGE;
    if (!st)
        st = build_summary(form, &sum, e);
    int zerr = 0;
    zip_t *z = st ? NULL : zip_open(zippath, ZIP_CREATE | ZIP_EXCL, &zerr);
    if (!st && !z)
        st = WQ_ECANTCREAT;
    static const char *const stds[] = {"wres", "wdes"};
    for (size_t i = 0; i < 2 && z && !st; i++) {
        char folder[SERVE_PATH_MAX + 16];
        struct stat sb;
        snprintf(folder, sizeof folder, "%s/out/%s", form->dir, stds[i]);
        if (stat(folder, &sb) == 0)
            st = zip_tree(z, folder, stds[i], 0);
    }
    if (z && !st)
        st = zip_buffer(z, "config.ini", &ini);
    if (z && !st)
        st = zip_buffer(z, "summary.json", &sum);
    if (z && !st && zip_close(z) != 0)
        st = WQ_EIO;
    else if (z && st)
        zip_discard(z);
    if (st && !e->status)
        serve_error_set(e, 500, st, "cannot write the zip");
    strbuf_free(&ini);
    if (!st && summary) {
        *summary = sum.data;
        sum.data = NULL;
    }
    strbuf_free(&sum);
    return st;
}
