/* serve_http.c: the server's requests, through libmicrohttpd: the Host
 * and token checks, the headers every answer carries, the embedded page,
 * multipart uploads streamed into the request's private folder, progress
 * and kept zips. */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "palette.h"
#include "serve_internal.h"
#include "serve_web.h"

static const char csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

enum route { R_NONE, R_REPORT, R_COLUMNS, R_CONFIG };

/* One connection's request. */
struct conn {
    enum route route;
    struct MHD_PostProcessor *pp;
    struct serve_form form;
    unsigned long long received;
    bool too_large, want_json;
    unsigned n_parts;
};

/* ---- answers ------------------------------------------------------------ */

void serve_error_set(struct serve_error *e, unsigned status, int exit, const char *fmt, ...)
{
    va_list ap;
    *e = (struct serve_error){.status = status, .exit = exit};
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

bool serve_error_answer(struct serve_answer *a, const struct serve_error *e)
{
    struct strbuf b = {0};
    bool ok = strbuf_puts(&b, "{\"error\": ") && strbuf_json(&b, e->msg) &&
              (e->exit == SERVE_NO_EXIT ? strbuf_puts(&b, ", \"exit\": null")
                                        : strbuf_printf(&b, ", \"exit\": %d", e->exit)) &&
              strbuf_puts(&b, ", \"file\": ") &&
              strbuf_json(&b, e->file[0] ? e->file : NULL) && strbuf_puts(&b, ", \"line\": ") &&
              (e->line ? strbuf_printf(&b, "%lu", e->line) : strbuf_puts(&b, "null")) &&
              strbuf_puts(&b, ", \"column\": ") &&
              strbuf_json(&b, e->column[0] ? e->column : NULL) && strbuf_puts(&b, "}\n");
    if (!ok) {
        strbuf_free(&b);
        return false;
    }
    *a = (struct serve_answer){.status = e->status, .type = "application/json; charset=utf-8",
                               .body = b.data, .len = b.len, .fd = -1};
    return true;
}

static void add_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

/* Queue A (its body and fd are handed over) on C, with the common headers
 * and LOCATION / COOKIE when given; logs one line without the URL's query. */
static enum MHD_Result send_answer(const struct serve *s, struct MHD_Connection *c,
                                   struct serve_answer *a, const char *what,
                                   const char *location, const char *cookie)
{
    struct MHD_Response *r;
    if (a->fd >= 0)
        r = MHD_create_response_from_fd(a->len, a->fd);
    else
        r = MHD_create_response_from_buffer(a->len, a->body ? a->body : (void *)"",
                                            a->body ? MHD_RESPMEM_MUST_FREE
                                                    : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(a->body);
        if (a->fd >= 0)
            close(a->fd);
        return MHD_NO;
    }
    add_headers(r);
    if (a->type)
        MHD_add_response_header(r, "Content-Type", a->type);
    if (a->filename[0]) {
        char cd[160];
        snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", a->filename);
        MHD_add_response_header(r, "Content-Disposition", cd);
    }
    if (location)
        MHD_add_response_header(r, "Location", location);
    if (cookie)
        MHD_add_response_header(r, "Set-Cookie", cookie);
    fprintf(stderr, "%s: %s %u\n", s->std->prog, what, a->status);
    enum MHD_Result ret = MHD_queue_response(c, a->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(const struct serve *s, struct MHD_Connection *c,
                                  unsigned status, int exit, const char *what, const char *msg)
{
    struct serve_error e;
    struct serve_answer a;
    serve_error_set(&e, status, exit, "%s", msg);
    if (!serve_error_answer(&a, &e))
        return MHD_NO;
    return send_answer(s, c, &a, what, NULL, NULL);
}

/* ---- who may ask -------------------------------------------------------- */

static bool same_token(const char *a, const char *b)
{
    if (!a || strlen(a) != 64)
        return false;
    unsigned char d = 0;
    for (size_t i = 0; i < 64; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

/* Is the Host header this server's loopback name and port? (A page from
 * another site that a rebinding DNS name points here sends its own name.) */
static bool host_ok(const struct serve *s, struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!h)
        return false;
    const char *names[] = {"127.0.0.1", "localhost", "[::1]", s->host};
    char want[300];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        bool v6 = strchr(names[i], ':') && names[i][0] != '[';
        snprintf(want, sizeof want, "%s%s%s:%u", v6 ? "[" : "", names[i], v6 ? "]" : "",
                 s->port);
        if (!strcasecmp(h, want))
            return true;
    }
    return false;
}

/* The token from the X-WQ-Token header, or (unless HEADER_ONLY) the cookie. */
static bool token_ok(const struct serve *s, struct MHD_Connection *c, bool header_only)
{
    if (same_token(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-WQ-Token"), s->token))
        return true;
    return !header_only &&
           same_token(MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "wq_token"), s->token);
}

/* ---- the page ------------------------------------------------------------- */

const struct serve_asset *serve_asset_find(const char *url)
{
    for (size_t i = 0; i < serve_n_assets; i++)
        if (!strcmp(serve_assets[i].path, url))
            return &serve_assets[i];
    return NULL;
}

/* index.html with <meta name="wq-token" content="T"> after <head ...>. */
static enum MHD_Result send_index(const struct serve *s, struct MHD_Connection *c)
{
    const struct serve_asset *ix = serve_asset_find("/index.html");
    if (!ix)
        return send_error(s, c, 500, SERVE_NO_EXIT, "GET /", "the page is missing from this build");
    const char *html = (const char *)ix->data;
    const char *head = strstr(html, "<head");
    const char *gt = head ? strchr(head, '>') : NULL;
    size_t at = gt ? (size_t)(gt + 1 - html) : 0;
    struct strbuf b = {0};
    if (!strbuf_append(&b, html, at) ||
        !strbuf_printf(&b, "\n<meta name=\"wq-token\" content=\"%s\">", s->token) ||
        !strbuf_append(&b, html + at, ix->len - at)) {
        strbuf_free(&b);
        return MHD_NO;
    }
    struct serve_answer a = {.status = 200, .type = ix->type, .body = b.data, .len = b.len,
                             .fd = -1};
    return send_answer(s, c, &a, "GET /", NULL, NULL);
}

static enum MHD_Result send_asset(const struct serve *s, struct MHD_Connection *c,
                                  const struct serve_asset *x)
{
    char *copy = malloc(x->len ? x->len : 1);
    if (!copy)
        return MHD_NO;
    memcpy(copy, x->data, x->len);
    struct serve_answer a = {.status = 200, .type = x->type, .body = copy, .len = x->len,
                             .fd = -1};
    return send_answer(s, c, &a, "GET asset", NULL, NULL);
}

/* GET /palette.css: the report's colours as CSS variables, from the table
 * html.c and chart.c use (palette.h), for app.css. */
static enum MHD_Result send_palette(const struct serve *s, struct MHD_Connection *c)
{
    struct strbuf b = {0};
    if (!palette_css(&b)) {
        strbuf_free(&b);
        return MHD_NO;
    }
    struct serve_answer a = {.status = 200, .type = "text/css; charset=utf-8", .body = b.data,
                             .len = b.len, .fd = -1};
    return send_answer(s, c, &a, "GET asset", NULL, NULL);
}

/* GET /?token=T: the cookie, and the token out of the address bar. */
static enum MHD_Result send_login(const struct serve *s, struct MHD_Connection *c)
{
    char cookie[160];
    snprintf(cookie, sizeof cookie, "wq_token=%s; HttpOnly; SameSite=Strict; Path=/", s->token);
    struct serve_answer a = {.status = 303, .type = "text/plain; charset=utf-8", .fd = -1};
    return send_answer(s, c, &a, "GET /?token", "/", cookie);
}

/* ---- progress and kept zips ------------------------------------------------ */

#define N_JOBS 64
#define N_KEPT 64
#define JOB_KEEP 60    /* seconds a finished job is still answered */
#define ZIP_KEEP 600   /* seconds a zip is kept for /api/download */

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job {
    char id[65], stage[12], standard[8];
    int done, total;
    time_t ended; /* 0 while running */
} jobs[N_JOBS];

static bool job_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n < 8 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
              (id[i] >= '0' && id[i] <= '9')))
            return false;
    return true;
}

void serve_progress(const char *job, const char *stage, const char *standard, int done,
                    int total)
{
    if (!job_id_ok(job))
        return;
    time_t now = time(NULL);
    pthread_mutex_lock(&jobs_lock);
    struct job *j = NULL, *free_slot = NULL;
    for (size_t i = 0; i < N_JOBS && !j; i++) {
        if (jobs[i].id[0] && jobs[i].ended && now - jobs[i].ended > JOB_KEEP)
            jobs[i].id[0] = '\0';
        if (!strcmp(jobs[i].id, job))
            j = &jobs[i];
        else if (!jobs[i].id[0] && !free_slot)
            free_slot = &jobs[i];
    }
    if (!j && (j = free_slot))
        strcpy(j->id, job);
    if (j) {
        snprintf(j->stage, sizeof j->stage, "%s", stage);
        snprintf(j->standard, sizeof j->standard, "%s", standard ? standard : "");
        j->done = done;
        j->total = total;
        j->ended = !strcmp(stage, "done") || !strcmp(stage, "failed") ? now : 0;
    }
    pthread_mutex_unlock(&jobs_lock);
}

static enum MHD_Result send_progress(const struct serve *s, struct MHD_Connection *c)
{
    const char *id = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "job");
    struct strbuf b = {0};
    bool found = false, ok = true;
    pthread_mutex_lock(&jobs_lock);
    for (size_t i = 0; i < N_JOBS && id && !found; i++)
        if (jobs[i].id[0] && !strcmp(jobs[i].id, id)) {
            found = true;
            ok = strbuf_puts(&b, "{\"job\": ") && strbuf_json(&b, jobs[i].id) &&
                 strbuf_puts(&b, ", \"stage\": ") && strbuf_json(&b, jobs[i].stage) &&
                 strbuf_puts(&b, ", \"standard\": ") &&
                 strbuf_json(&b, jobs[i].standard[0] ? jobs[i].standard : NULL) &&
                 strbuf_printf(&b, ", \"done\": %d, \"total\": %d}\n", jobs[i].done,
                               jobs[i].total);
        }
    pthread_mutex_unlock(&jobs_lock);
    if (!found)
        return send_error(s, c, 404, SERVE_NO_EXIT, "GET /api/progress", "no such job");
    if (!ok) {
        strbuf_free(&b);
        return MHD_NO;
    }
    struct serve_answer a = {.status = 200, .type = "application/json; charset=utf-8",
                             .body = b.data, .len = b.len, .fd = -1};
    return send_answer(s, c, &a, "GET /api/progress", NULL, NULL);
}

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kept {
    char id[65];
    time_t at;
} kept[N_KEPT];

static void kept_path(const struct serve *s, const char *id, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%.64s.zip", s->store, id);
}

/* Forget kept zips older than ZIP_KEEP (their files removed). */
static void kept_sweep(const struct serve *s)
{
    time_t now = time(NULL);
    char path[SERVE_PATH_MAX + 80];
    pthread_mutex_lock(&kept_lock);
    for (size_t i = 0; i < N_KEPT; i++)
        if (kept[i].id[0] && now - kept[i].at > ZIP_KEEP) {
            kept_path(s, kept[i].id, path, sizeof path);
            unlink(path);
            kept[i].id[0] = '\0';
        }
    pthread_mutex_unlock(&kept_lock);
}

/* Keep the zip at ZIPPATH under a new random id (into ID, 65 bytes). */
bool serve_keep_zip(const struct serve *s, const char *zippath, char *id)
{
    char path[SERVE_PATH_MAX + 80];
    if (!serve_random_hex(id, 16))
        return false;
    kept_path(s, id, path, sizeof path);
    bool ok = false;
    pthread_mutex_lock(&kept_lock);
    for (size_t i = 0; i < N_KEPT && !ok; i++)
        if (!kept[i].id[0] && rename(zippath, path) == 0) {
            strcpy(kept[i].id, id);
            kept[i].at = time(NULL);
            ok = true;
        }
    pthread_mutex_unlock(&kept_lock);
    return ok;
}

/* GET /api/download/ID: the zip, once. */
static enum MHD_Result send_kept(const struct serve *s, struct MHD_Connection *c, const char *id)
{
    char path[SERVE_PATH_MAX + 80];
    int fd = -1;
    pthread_mutex_lock(&kept_lock);
    for (size_t i = 0; i < N_KEPT && fd < 0; i++)
        if (kept[i].id[0] && strlen(id) == 32 && !strcmp(kept[i].id, id)) {
            kept_path(s, id, path, sizeof path);
            fd = open(path, O_RDONLY | O_CLOEXEC);
            unlink(path);
            kept[i].id[0] = '\0';
        }
    pthread_mutex_unlock(&kept_lock);
    off_t len = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
    if (len < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        if (fd >= 0)
            close(fd);
        return send_error(s, c, 404, SERVE_NO_EXIT, "GET /api/download", "no such download (each is "
                                                               "given once, for 10 minutes)");
    }
    struct serve_answer a = {.status = 200, .type = "application/zip", .fd = fd,
                             .len = (size_t)len};
    snprintf(a.filename, sizeof a.filename, "wres-wdes-report.zip");
    return send_answer(s, c, &a, "GET /api/download", NULL, NULL);
}

/* ---- GET ---------------------------------------------------------------------- */

static enum MHD_Result on_get(const struct serve *s, struct MHD_Connection *c, const char *url)
{
    const char *t = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    if (!strcmp(url, "/") && t)
        return same_token(t, s->token) ? send_login(s, c)
                                       : send_error(s, c, 403, SERVE_NO_EXIT, "GET /", "wrong token");
    if (!token_ok(s, c, false))
        return send_error(s, c, 403, SERVE_NO_EXIT, "GET", "no token: open the address that 'serve' "
                                                "printed");
    if (!strcmp(url, "/") || !strcmp(url, "/index.html"))
        return send_index(s, c);
    if (!strcmp(url, "/api/progress"))
        return send_progress(s, c);
    if (!strncmp(url, "/api/download/", 14))
        return send_kept(s, c, url + 14);
    if (!strcmp(url, "/palette.css"))
        return send_palette(s, c);
    const struct serve_asset *x = serve_asset_find(url);
    if (x)
        return send_asset(s, c, x);
    if (!strcmp(url, "/api/report") || !strcmp(url, "/api/columns") ||
        !strcmp(url, "/api/config"))
        return send_error(s, c, 405, SERVE_NO_EXIT, "GET /api/*", "use POST");
    return send_error(s, c, 404, SERVE_NO_EXIT, "GET (other)", "not found");
}

/* ---- POST: the form ------------------------------------------------------------- */

static const char *const file_fields[] = {
    "staff", "wdes-staff", "staff-start", "leavers", "recruitment", "cases", "training",
    "survey", "board", "vocab", "mandatory-courses", "config", "file", NULL};
static const char *const text_fields[] = {
    "year", "by", "suppress", "column", "ci", "window", "exclude-reason", "sheet",
    "standard", "job", "input", "delimiter", "trust", NULL};

static bool listed(const char *const *list, const char *key)
{
    for (; *list; list++)
        if (!strcmp(*list, key))
            return true;
    return false;
}

const char *serve_form_text(const struct serve_form *form, const char *key, size_t nth)
{
    for (size_t i = 0; i < form->n_texts; i++)
        if (!strcmp(form->texts[i].key, key) && nth-- == 0)
            return form->texts[i].value;
    return NULL;
}

/* The name a file was uploaded with, as kept: its last path component,
 * no control character, quote or backslash, at most SERVE_NAME_MAX bytes
 * cut at a character's start; FIELD when nothing is left or it is not
 * UTF-8. */
static void sanitise_name(char *out, const char *filename, const char *field)
{
    const char *base = filename;
    for (const char *p = filename; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)base;
    for (; *p && n < SERVE_NAME_MAX; p++)
        if (*p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\')
            out[n++] = (char)*p;
    if (n == SERVE_NAME_MAX && (*p & 0xc0) == 0x80) { /* a character cut in two */
        while (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0x80)
            n--;
        if (n > 0 && (unsigned char)out[n - 1] >= 0xc0)
            n--;
    }
    out[n] = '\0';
    if (!n || !strcmp(out, ".") || !strcmp(out, "..") || !strcmp(out, "-") ||
        !text_utf8_valid(out, n)) /* every answer is UTF-8 */
        snprintf(out, SERVE_NAME_MAX + 1, "%s", field);
}

/* Open the file for upload U (its NAME set) in FOLDER/in, under its own
 * name, or "NAME (2)" ... when another upload has it: the calculators then
 * name it as the user knows it. */
static int open_unique(const char *folder, struct serve_upload *u)
{
    char name[SERVE_NAME_MAX + 1], path[sizeof u->path];
    const char *dot = strrchr(u->name, '.');
    size_t stem = dot && dot != u->name ? (size_t)(dot - u->name) : strlen(u->name);
    for (int k = 1; k <= 20; k++) {
        if (k == 1)
            snprintf(name, sizeof name, "%s", u->name);
        else if (snprintf(name, sizeof name, "%.*s (%d)%s", (int)(stem < 100 ? stem : 100),
                          u->name, k, u->name + stem) < 0)
            return -1;
        snprintf(path, sizeof path, "%s/in/%s", folder, name);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0 || errno != EEXIST) {
            memcpy(u->name, name, sizeof name);
            memcpy(u->path, path, sizeof path);
            return fd;
        }
    }
    return -1;
}

static bool start_upload(struct conn *cn, const char *key, const char *filename)
{
    struct serve_form *f = &cn->form;
    if (f->n_files == SERVE_MAX_FILES) {
        snprintf(f->bad, sizeof f->bad, "more than %d files", SERVE_MAX_FILES);
        return false;
    }
    struct serve_upload *u = &f->files[f->n_files];
    snprintf(u->field, sizeof u->field, "%s", key);
    sanitise_name(u->name, filename, key);
    u->fd = open_unique(f->dir, u);
    if (u->fd < 0) {
        f->failed_write = true;
        return false;
    }
    f->n_files++;
    return true;
}

static bool write_all(int fd, const char *data, size_t size)
{
    while (size) {
        ssize_t w = write(fd, data, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w;
        size -= (size_t)w;
    }
    return true;
}

static bool add_text(struct conn *cn, const char *key, const char *data, uint64_t off,
                     size_t size)
{
    struct serve_form *f = &cn->form;
    struct serve_text *t = f->n_texts ? &f->texts[f->n_texts - 1] : NULL;
    if (off == 0 || !t || strcmp(t->key, key)) {
        if (f->n_texts == SERVE_MAX_TEXTS) {
            snprintf(f->bad, sizeof f->bad, "more than %d fields", SERVE_MAX_TEXTS);
            return false;
        }
        t = &f->texts[f->n_texts++];
        snprintf(t->key, sizeof t->key, "%s", key);
        t->value = NULL;
        t->len = 0;
    }
    if (t->len + size > SERVE_TEXT_MAX || memchr(data, '\0', size)) {
        snprintf(f->bad, sizeof f->bad, "field '%s': longer than %d bytes or holds a NUL",
                 key, SERVE_TEXT_MAX);
        return false;
    }
    char *v = realloc(t->value, t->len + size + 1);
    if (!v) {
        f->failed_write = true;
        return false;
    }
    memcpy(v + t->len, data, size);
    t->len += size;
    v[t->len] = '\0';
    t->value = v;
    return true;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *ctype, const char *enc,
                               const char *data, uint64_t off, size_t size)
{
    struct conn *cn = cls;
    struct serve_form *f = &cn->form;
    (void)kind, (void)ctype, (void)enc;
    if (filename) {
        if (!listed(file_fields, key)) {
            snprintf(f->bad, sizeof f->bad, "unknown file field '%.40s'", key);
            return MHD_NO;
        }
        if (!*filename && !size)
            return MHD_YES; /* a file input left empty */
        struct serve_upload *u = f->n_files ? &f->files[f->n_files - 1] : NULL;
        if (off == 0 || !u || u->fd < 0 || strcmp(u->field, key)) {
            if (u && u->fd >= 0 && close(u->fd) != 0)
                f->failed_write = true;
            if (u)
                u->fd = -1;
            if (f->failed_write || !start_upload(cn, key, filename))
                return MHD_NO;
            u = &f->files[f->n_files - 1];
        }
        if (!write_all(u->fd, data, size)) {
            f->failed_write = true;
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (!listed(text_fields, key)) {
        snprintf(f->bad, sizeof f->bad, "unknown field '%.40s'", key);
        return MHD_NO;
    }
    return add_text(cn, key, data, off, size) ? MHD_YES : MHD_NO;
}

/* Close the uploads still open: false when one could not be written. */
static bool finish_uploads(struct serve_form *f)
{
    bool ok = true;
    for (size_t i = 0; i < f->n_files; i++)
        if (f->files[i].fd >= 0) {
            ok &= close(f->files[i].fd) == 0;
            f->files[i].fd = -1;
        }
    return ok;
}

static void conn_free(struct conn *cn)
{
    if (!cn)
        return;
    if (cn->pp)
        MHD_destroy_post_processor(cn->pp);
    finish_uploads(&cn->form);
    for (size_t i = 0; i < cn->form.n_texts; i++)
        free(cn->form.texts[i].value);
    serve_folder_close(&cn->form);
    free(cn);
}

static enum MHD_Result send_too_large(const struct serve *s, struct MHD_Connection *c)
{
    char msg[160];
    snprintf(msg, sizeof msg, "the upload is larger than --max-upload (%llu MB)",
             s->max_upload >> 20);
    return send_error(s, c, 413, SERVE_NO_EXIT, "POST", msg);
}

/* The first call of a POST: route, token, size, folder. */
static enum MHD_Result post_start(const struct serve *s, struct MHD_Connection *c,
                                  const char *url, void **con_cls)
{
    enum route r = !strcmp(url, "/api/report")    ? R_REPORT
                   : !strcmp(url, "/api/columns") ? R_COLUMNS
                   : !strcmp(url, "/api/config")  ? R_CONFIG
                                                  : R_NONE;
    if (!token_ok(s, c, true))
        return send_error(s, c, 403, SERVE_NO_EXIT, "POST", "a POST needs the X-WQ-Token header");
    if (r == R_NONE)
        return send_error(s, c, 404, SERVE_NO_EXIT, "POST (other)", "not found");
    const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (len && strtoull(len, NULL, 10) > s->max_upload)
        return send_too_large(s, c);
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!type || strncasecmp(type, "multipart/form-data", 19))
        return send_error(s, c, 400, WQ_EUSAGE, "POST", "expected multipart/form-data");
    struct conn *cn = calloc(1, sizeof *cn);
    if (!cn)
        return MHD_NO;
    cn->route = r;
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    cn->want_json = accept && strstr(accept, "application/json");
    char in[SERVE_PATH_MAX + 8];
    if (serve_folder_open(&cn->form) != WQ_OK ||
        (snprintf(in, sizeof in, "%s/in", cn->form.dir), mkdir(in, 0700) != 0)) {
        serve_folder_close(&cn->form);
        free(cn);
        return send_error(s, c, 503, WQ_ECANTCREAT, "POST", "cannot make a temporary folder (too many "
                                                 "requests at once?)");
    }
    cn->pp = MHD_create_post_processor(c, 16384, on_part, cn);
    if (!cn->pp) {
        conn_free(cn);
        return send_error(s, c, 400, WQ_EUSAGE, "POST", "expected multipart/form-data");
    }
    *con_cls = cn;
    return MHD_YES;
}

/* The whole form is in: answer it. */
static enum MHD_Result post_end(const struct serve *s, struct MHD_Connection *c, struct conn *cn)
{
    static const char *const what[] = {"", "POST /api/report", "POST /api/columns",
                                       "POST /api/config"};
    struct serve_form *f = &cn->form;
    bool closed = finish_uploads(f);
    if (f->failed_write || !closed)
        return send_error(s, c, 500, WQ_EIO, what[cn->route], "cannot store the upload");
    if (f->bad[0])
        return send_error(s, c, 400, WQ_EUSAGE, what[cn->route], f->bad);
    struct serve_answer a = {.fd = -1};
    if (cn->route == R_REPORT)
        serve_report(s, f, cn->want_json, &a);
    else if (cn->route == R_COLUMNS)
        serve_columns(s, f, &a);
    else
        serve_config(s, f, &a);
    if (!a.status)
        return MHD_NO;
    return send_answer(s, c, &a, what[cn->route], NULL, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    const struct serve *s = cls;
    struct conn *cn = *con_cls;
    (void)version;
    if (!cn) {
        kept_sweep(s);
        if (!host_ok(s, c))
            return send_error(s, c, 403, SERVE_NO_EXIT, "(any)", "this server answers only to its own "
                                                      "address (Host header)");
        if (!strcmp(method, "GET") || !strcmp(method, "HEAD"))
            return on_get(s, c, url);
        if (!strcmp(method, "POST"))
            return post_start(s, c, url, con_cls);
        return send_error(s, c, 405, SERVE_NO_EXIT, method[0] ? "(other method)" : "(none)",
                          "method not allowed");
    }
    if (*upload_data_size) {
        cn->received += *upload_data_size;
        if (cn->received > s->max_upload)
            cn->too_large = true;
        if (!cn->too_large && !cn->form.bad[0] && !cn->form.failed_write &&
            MHD_post_process(cn->pp, upload_data, *upload_data_size) != MHD_YES &&
            !cn->form.bad[0] && !cn->form.failed_write)
            snprintf(cn->form.bad, sizeof cn->form.bad, "a malformed multipart body");
        *upload_data_size = 0;
        if (cn->too_large) {
            /* libmicrohttpd cannot answer in the middle of a body: the
             * connection is closed, nothing more is read */
            fprintf(stderr, "%s: POST 413 (a streamed body over --max-upload: connection "
                            "closed)\n", s->std->prog);
            return MHD_NO;
        }
        return MHD_YES;
    }
    return post_end(s, c, cn);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    conn_free(*con_cls);
    *con_cls = NULL;
}

/* libmicrohttpd's own messages, prefixed like the program's. */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    const struct serve *s = cls;
    fprintf(stderr, "%s: libmicrohttpd: ", s->std->prog);
    vfprintf(stderr, fmt, ap);
}

void *serve_http_start(struct serve *s, bool ipv6, const void *addr)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)s->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "%s: serve: cannot listen on %s port %u: %s\n", s->std->prog, s->host,
                s->port, strerror(errno));
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (info && info->port)
        s->port = info->port;
    return d;
}

void serve_http_stop(void *daemon)
{
    MHD_stop_daemon(daemon);
}
