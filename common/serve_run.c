/* serve_run.c: the engine as a child process (the toolkit's own binary,
 * no shell, every value as --name=value so that none can become an
 * option), its message mapped back to the form, and POST /api/report. */
#define _GNU_SOURCE 1 /* pipe2 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "ini.h"
#include "options.h"
#include "serve_internal.h"

extern char **environ;

#define STDERR_MAX 16384

/* ---- the child ------------------------------------------------------------ */

/* The child's file actions: stdin from /dev/null, stdout to OUT_FD (or
 * /dev/null when -1), stderr to ERR_FD; signals as a fresh process has them
 * (the server blocks some in its threads). */
static bool spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at, const char *dir,
                        int out_fd, int err_fd)
{
    sigset_t none, dflt;
    sigemptyset(&none);
    sigemptyset(&dflt);
    sigaddset(&dflt, SIGINT);
    sigaddset(&dflt, SIGTERM);
    sigaddset(&dflt, SIGHUP);
    sigaddset(&dflt, SIGPIPE);
    return !posix_spawn_file_actions_init(fa) &&
           !posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0) &&
           !(out_fd < 0 ? posix_spawn_file_actions_addopen(fa, 1, "/dev/null", O_WRONLY, 0)
                        : posix_spawn_file_actions_adddup2(fa, out_fd, 1)) &&
           !posix_spawn_file_actions_adddup2(fa, err_fd, 2) &&
           !posix_spawn_file_actions_addchdir_np(fa, dir) && !posix_spawnattr_init(at) &&
           !posix_spawnattr_setsigmask(at, &none) && !posix_spawnattr_setsigdefault(at, &dflt) &&
           !posix_spawnattr_setflags(at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}

/* Read the child's stderr (ERR, kept up to STDERR_MAX bytes in ETEXT) and
 * stdout (OUT, or -1; kept up to OUT_MAX bytes in OTEXT) until both end or
 * DEADLINE passes; false on timeout or when stdout is too long or memory
 * runs out (*BIG set for those two). */
static bool read_child(int err, char *etext, int out, struct strbuf *otext, time_t deadline,
                       bool *big)
{
    size_t elen = 0;
    enum { OUT_MAX = 4 << 20 };
    while (err >= 0 || out >= 0) {
        time_t left = deadline - time(NULL);
        if (left <= 0)
            return false;
        struct pollfd p[2] = {{.fd = err, .events = POLLIN}, {.fd = out, .events = POLLIN}};
        int r = poll(p, 2, (int)(left > 60 ? 60000 : left * 1000));
        if (r < 0 && errno != EINTR)
            return false;
        for (int k = 0; k < 2 && r > 0; k++) {
            if (!p[k].revents)
                continue;
            char chunk[4096];
            ssize_t n = read(p[k].fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                *(k ? &out : &err) = -1;
            } else if (k == 0) {
                size_t keep = (size_t)n < STDERR_MAX - 1 - elen ? (size_t)n : STDERR_MAX - 1 - elen;
                memcpy(etext + elen, chunk, keep);
                etext[elen += keep] = '\0';
            } else if (otext->len + (size_t)n > OUT_MAX ||
                       !strbuf_append(otext, chunk, (size_t)n)) {
                *big = true;
                return false;
            }
        }
    }
    return true;
}


/* Start PATH with ARGV, its stdout into a pipe when OUT; *PID, and the
 * read ends in ERR_FD and OUT_FD (-1 when none); false on failure. */
static bool start_child(const char *path, char *const *argv, const char *dir, bool out,
                        pid_t *pid, int *err_fd, int *out_fd)
{
    int pe[2], po[2] = {-1, -1};
    if (pipe2(pe, O_CLOEXEC) != 0)
        return false;
    if (out && pipe2(po, O_CLOEXEC) != 0) {
        close(pe[0]);
        close(pe[1]);
        return false;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    int rc = spawn_setup(&fa, &at, dir, po[1], pe[1])
                 ? posix_spawn(pid, path, &fa, &at, argv, environ)
                 : -1;
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(pe[1]);
    if (po[1] >= 0)
        close(po[1]);
    *err_fd = pe[0];
    *out_fd = po[0];
    if (rc != 0) {
        close(pe[0]);
        if (po[0] >= 0)
            close(po[0]);
    }
    return rc == 0;
}

int serve_run(const struct serve *s, const struct serve_form *form, const char *prog,
              char *const *argv, struct strbuf *out, struct serve_error *e)
{
    char path[SERVE_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/%s", s->exe_dir, prog);
    char in[SERVE_PATH_MAX + 8];
    snprintf(in, sizeof in, "%s/in", form->dir);
    pid_t pid = -1;
    int err_fd, out_fd;
    if (!start_child(path, argv, in, out != NULL, &pid, &err_fd, &out_fd)) {
        serve_error_set(e, 500, WQ_ENOMEM, "cannot start %s beside this program", prog);
        return -1;
    }
    serve_folder_child(form->slot, pid);
    static _Thread_local char text[STDERR_MAX];
    struct strbuf dummy = {0};
    bool big = false;
    text[0] = '\0';
    bool done = read_child(err_fd, text, out_fd, out ? out : &dummy,
                           time(NULL) + (time_t)s->timeout, &big);
    if (!done)
        kill(pid, SIGKILL);
    close(err_fd);
    if (out_fd >= 0)
        close(out_fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    serve_folder_child(form->slot, 0);
    if (!done) {
        if (big)
            serve_error_set(e, 500, WQ_ENOMEM, "%s wrote more than the server keeps", prog);
        else
            serve_error_set(e, 500, SERVE_NO_EXIT, "%s took longer than %u seconds and was stopped",
                            prog, s->timeout);
        return -1;
    }
    /* a calculator killed by signal N: 128+N, as a shell reports it */
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code == 0)
        return 0;
    serve_map_error(form, prog, text, code, e);
    return code;
}

/* ---- its message, in the form's terms ---------------------------------------- */

/* The upload whose name is at P, a name's start (after the message's
 * start, a space or a quote) followed by ':' or '[' (a position) or the
 * end; NULL when none. */
static const struct serve_upload *upload_at(const struct serve_form *form, const char *msg,
                                            const char *p, size_t *len)
{
    if (p > msg && p[-1] != ' ' && p[-1] != '\'' && p[-1] != '"')
        return NULL;
    const struct serve_upload *best = NULL;
    for (size_t i = 0; i < form->n_files; i++) {
        size_t n = strlen(form->files[i].name);
        if (!strncmp(p, form->files[i].name, n) && strchr(":[ '\"", p[n]) &&
            (!best || n > *len)) {
            best = &form->files[i];
            *len = n;
        }
    }
    return best;
}

/* Line and column from the message after the file's name at P:
 * "[Sheet]:17: cell C17, column 'X': ..." or ":17: column 'X': ...". */
static void parse_position(const char *p, struct serve_error *e)
{
    if (*p == '[') {
        const char *q = strstr(p, "]:");
        p = q ? q + 1 : p;
    }
    if (*p == ':' && isdigit((unsigned char)p[1]))
        e->line = strtoul(p + 1, NULL, 10);
    const char *col = strstr(p, "column '");
    const char *cell = strstr(p, "cell ");
    if (col) {
        col += 8;
        const char *end = strstr(col, "':");
        if (!end)
            end = strrchr(col, '\'');
        if (end && end > col)
            snprintf(e->column, sizeof e->column, "%.*s", (int)(end - col), col);
    } else if (cell) {
        size_t n = 0;
        for (cell += 5; isupper((unsigned char)cell[n]) && n < 3; n++)
            ;
        snprintf(e->column, sizeof e->column, "%.*s", (int)n, cell);
    }
}

/* Fill E from the calculator's stderr TEXT: its first message (not a
 * warning), with every path in FORM's folder replaced by the file's name
 * as uploaded; the first file named is E->file. */
void serve_map_error(const struct serve_form *form, const char *prog, const char *text,
                     int code, struct serve_error *e)
{
    unsigned status = code == WQ_EUSAGE ? 400 : code == WQ_EDATA || code == WQ_ENOINPUT ? 422 : 500;
    serve_error_set(e, status, code, "%s stopped (exit %d)", prog, code);
    size_t plen = strlen(prog);
    const char *line = NULL;
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, prog, plen) && p[plen] == ':' && strncmp(p + plen, ": warning:", 10)) {
            line = p + plen + 2;
            break;
        }
    if (!line)
        return;
    /* the folder's paths go (the calculator runs in DIR/in: its names are
     * the uploads' own) */
    char in[SERVE_PATH_MAX + 8];
    snprintf(in, sizeof in, "%s/in/", form->dir);
    size_t dlen = strlen(form->dir), ilen = strlen(in), n = 0;
    for (const char *p = line; *p && *p != '\n' && n < sizeof e->msg - 1;) {
        if (!strncmp(p, in, ilen))
            p += ilen;
        else if (!strncmp(p, form->dir, dlen) && p[dlen] == '/')
            p += dlen + 1;
        else
            e->msg[n++] = *p++;
    }
    e->msg[n] = '\0';
    for (const char *p = e->msg; *p; p++) {
        size_t ulen = 0;
        const struct serve_upload *u = upload_at(form, e->msg, p, &ulen);
        if (u) {
            snprintf(e->file, sizeof e->file, "%s", u->field);
            parse_position(p + ulen, e);
            break;
        }
    }
}

/* ---- the arguments ---------------------------------------------------------- */

void serve_args_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

bool serve_push_arg(char ***v, size_t *n, const char *a, const char *b)
{
    char **nv = realloc(*v, (*n + 2) * sizeof **v);
    if (!nv)
        return false;
    *v = nv;
    nv[*n] = NULL;
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    char *s = malloc(la + lb + 1);
    if (!s)
        return false;
    memcpy(s, a, la);
    if (b)
        memcpy(s + la, b, lb);
    s[la + lb] = '\0';
    nv[(*n)++] = s;
    nv[*n] = NULL;
    return true;
}

/* The options that hold file paths in a config, folded as ini.h folds keys. */
static bool is_path_key(const char *key)
{
    static const char *const keys[] = {"staff", "staff_start", "leavers", "recruitment",
                                       "cases", "training", "mandatory_courses", "survey",
                                       "board", "vocab", "history", "config", "out", NULL};
    for (const char *const *k = keys; *k; k++)
        if (!strcmp(*k, key))
            return true;
    return false;
}

/* One value as an INI line's value that reads back the same. */
static bool ini_value(struct strbuf *b, const char *v)
{
    size_t n = strlen(v);
    bool quote = n && (isspace((unsigned char)v[0]) || isspace((unsigned char)v[n - 1]) ||
                       (v[0] == '"' && v[n - 1] == '"') || (v[0] == '\'' && v[n - 1] == '\''));
    return quote ? strbuf_printf(b, "\"%s\"\n", v) : strbuf_printf(b, "%s\n", v);
}

bool serve_text_none(const char *key, const char *value)
{
    return !*value && (!strcmp(key, "by") || !strcmp(key, "trust"));
}

/* Does FORM have a KEY field left empty (serve_text_none)? Then the
 * config's KEY goes too. */
static bool form_none(const struct serve_form *form, const char *key)
{
    const char *v;
    for (size_t k = 0; (v = serve_form_text(form, key, k)) != NULL; k++)
        if (serve_text_none(key, v))
            return true;
    return false;
}

/* The uploaded config U without its file paths (the uploads take their
 * place), nor its `by` when FORM chooses no breakdown, nor its `trust` when
 * FORM's is left empty, at PATH, every kept line on its original line
 * number so the calculator's messages still point into the user's file. */
static int clean_config(const struct serve_form *form, const struct serve_upload *u,
                        struct serve_error *e)
{
    char path[SERVE_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/config.clean", form->dir);
    struct ini ini = {0};
    struct wq_error err = {0};
    int st = ini_load(&ini, u->path, &err);
    struct strbuf b = {0};
    unsigned long at = 1;
    size_t si = 0;
    bool no_by = form_none(form, "by"), no_trust = form_none(form, "trust");
    for (size_t i = 0; !st && i <= ini.n_entries; i++) {
        unsigned long line = i < ini.n_entries ? ini.entries[i].line : (unsigned long)-1;
        for (; !st && si < ini.n_sections && ini.sections[si].line < line; si++, at++) {
            for (; at < ini.sections[si].line; at++)
                st = strbuf_puts(&b, "\n") ? st : WQ_ENOMEM;
            st = strbuf_printf(&b, "[%s]\n", ini.sections[si].name) ? st : WQ_ENOMEM;
        }
        if (i == ini.n_entries || st)
            break;
        const struct ini_entry *en = &ini.entries[i];
        for (; at < line; at++)
            st = strbuf_puts(&b, "\n") ? st : WQ_ENOMEM;
        if (!is_path_key(en->key) && !(no_by && !strcmp(en->key, "by")) &&
            !(no_trust && !strcmp(en->key, "trust")) && !st)
            st = strbuf_printf(&b, "%s = ", en->key) && ini_value(&b, en->value) ? st : WQ_ENOMEM;
        else if (!st)
            st = strbuf_puts(&b, "\n") ? st : WQ_ENOMEM;
        at++;
    }
    ini_free(&ini);
    FILE *f = NULL;
    if (!st && (f = fopen(path, "wx")) == NULL)
        st = WQ_EIO;
    if (f && (fwrite(b.data ? b.data : "", 1, b.len, f) != b.len) + (fclose(f) != 0))
        st = WQ_EIO;
    strbuf_free(&b);
    if (!st && rename(path, u->path) != 0)
        st = WQ_EIO;
    if (st == WQ_EDATA || st == WQ_ENOINPUT) {
        char text[1100];
        snprintf(text, sizeof text, "x: %s\n", err.msg);
        serve_map_error(form, "x", text, st, e);
    } else if (st) {
        serve_error_set(e, 500, st, "cannot read the config: %s", wq_strerror(st));
    }
    return st;
}

const char *serve_file_for(const struct serve_form *form, const char *field, const char *prog)
{
    bool own = false;
    for (size_t i = 0; i < form->n_files; i++)
        own |= !strcmp(form->files[i].field, "wdes-staff");
    if (!strcmp(field, "wdes-staff"))
        return strcmp(prog, "wdes") ? NULL : "staff";
    if (!strcmp(field, "staff"))
        return own && !strcmp(prog, "wdes") ? NULL : "staff";
    if (!strcmp(field, "training") || !strcmp(field, "mandatory-courses"))
        return strcmp(prog, "wres") ? NULL : field;
    return strcmp(field, "file") ? field : NULL;
}

/* The --sheet value V ("NAME" or "INPUT=NAME") as PROG takes it, or NULL
 * when it is not PROG's: INPUT is a form field (serve_file_for). */
static const char *sheet_for(const struct serve_form *form, const char *v, const char *prog,
                             char *buf, size_t size)
{
    const char *eq = strchr(v, '=');
    char field[32];
    if (!eq || (size_t)(eq - v) >= sizeof field)
        return v;
    snprintf(field, sizeof field, "%.*s", (int)(eq - v), v);
    const char *input = serve_file_for(form, field, prog);
    if (!input)
        return NULL;
    snprintf(buf, size, "%s%s", input, eq);
    return buf;
}

char **serve_report_args(const struct serve *s, const struct serve_form *form, const char *prog,
                         const char *out, struct serve_error *e)
{
    static const char *const texts[] = {"year", "by", "suppress", "column", "ci", "window",
                                        "exclude-reason", "sheet", "delimiter", "trust", NULL};
    char **v = NULL;
    size_t n = 0;
    char mb[32];
    snprintf(mb, sizeof mb, "%llu", s->max_unzipped >> 20);
    bool ok = serve_push_arg(&v, &n, prog, NULL) && serve_push_arg(&v, &n, "report", NULL) &&
              serve_push_arg(&v, &n, "--out=", out) &&
              serve_push_arg(&v, &n, "--max-unzipped=", mb);
    for (size_t i = 0; i < form->n_files && ok; i++) {
        const struct serve_upload *u = &form->files[i];
        const char *input = serve_file_for(form, u->field, prog);
        if (!input)
            continue;
        char opt[48];
        snprintf(opt, sizeof opt, "--%s=", input);
        if (!strcmp(u->field, "config") && clean_config(form, u, e) != WQ_OK) {
            serve_args_free(v);
            return NULL;
        }
        ok = serve_push_arg(&v, &n, opt, u->name);
    }
    for (size_t t = 0; texts[t] && ok; t++) {
        char opt[48];
        snprintf(opt, sizeof opt, "--%s=", texts[t]);
        const char *val;
        char sheet[SERVE_TEXT_MAX + 32];
        for (size_t k = 0; ok && (val = serve_form_text(form, texts[t], k)) != NULL; k++) {
            if (!strcmp(texts[t], "sheet"))
                val = sheet_for(form, val, prog, sheet, sizeof sheet);
            ok = !val || serve_text_none(texts[t], val) || serve_push_arg(&v, &n, opt, val);
        }
    }
    if (!ok) {
        serve_args_free(v);
        serve_error_set(e, 500, WQ_ENOMEM, "out of memory");
        return NULL;
    }
    return v;
}

/* ---- POST /api/report ------------------------------------------------------- */

/* The standards the form asks for: "wres", "wdes" or both, into WHICH;
 * how many (0: a bad value, E filled). */
static size_t which_standards(const struct serve_form *form, const char *which[2],
                              struct serve_error *e)
{
    const char *v = serve_form_text(form, "standard", 0);
    if (!v || !strcmp(v, "both")) {
        which[0] = "wres";
        which[1] = "wdes";
        return 2;
    }
    if (!strcmp(v, "wres") || !strcmp(v, "wdes")) {
        which[0] = !strcmp(v, "wres") ? "wres" : "wdes";
        return 1;
    }
    serve_error_set(e, 400, WQ_EUSAGE, "standard: expected wres, wdes or both, not '%.40s'", v);
    return 0;
}

/* Is every `trust` of FORM empty or a name --trust takes? Else E (400,
 * the command line's rule and exit code), before anything runs. */
static bool trust_ok(const struct serve_form *form, struct serve_error *e)
{
    const char *v;
    for (size_t k = 0; (v = serve_form_text(form, "trust", k)) != NULL; k++)
        if (*v && !options_trust_ok(v)) {
            serve_error_set(e, 400, WQ_EUSAGE, "trust: expected " OPTIONS_TRUST_RULE,
                            OPTIONS_TRUST_MAX);
            return false;
        }
    return true;
}

/* Run the calculators into FORM->dir/out: 0, or -1 with E filled. */
static int run_standards(const struct serve *s, const struct serve_form *form, const char *job,
                         struct serve_error *e)
{
    const char *which[2];
    size_t n = which_standards(form, which, e);
    if (!n || !trust_ok(form, e))
        return -1;
    char out[SERVE_PATH_MAX + 16];
    snprintf(out, sizeof out, "%s/out", form->dir);
    if (mkdir(out, 0700) != 0) {
        serve_error_set(e, 500, WQ_ECANTCREAT, "cannot make the report folder");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        serve_progress(job, "computing", which[i], (int)i, (int)n);
        snprintf(out, sizeof out, "%s/out/%s", form->dir, which[i]);
        char **argv = serve_report_args(s, form, which[i], out, e);
        if (!argv)
            return -1;
        int rc = serve_run(s, form, which[i], argv, NULL, e);
        serve_args_free(argv);
        if (rc)
            return -1;
    }
    return 0;
}

/* The zip's file name: wres-wdes-report-YEAR.zip. */
static void zip_name(const struct serve_form *form, char *buf, size_t size)
{
    const char *y = serve_form_text(form, "year", 0);
    bool year = y && strlen(y) == 4 && strspn(y, "0123456789") == 4;
    snprintf(buf, size, "wres-wdes-report%s%s.zip", year ? "-" : "", year ? y : "");
}

/* The zip at PATH as the answer, opened (the folder goes, the file stays
 * readable until it is sent). */
static bool zip_answer(const char *path, struct serve_answer *a)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    off_t len = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
    if (len < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    a->status = 200;
    a->type = "application/zip";
    a->fd = fd;
    a->len = (size_t)len;
    return true;
}

/* {"download": "/api/download/ID", "summary": SUMMARY} */
static bool json_answer(const struct serve *s, const char *zip, const char *summary,
                        struct serve_answer *a)
{
    char id[65];
    struct strbuf b = {0};
    if (!serve_keep_zip(s, zip, id) ||
        !strbuf_printf(&b, "{\"download\": \"/api/download/%s\", \"summary\": %s}\n", id,
                       summary ? summary : "null")) {
        strbuf_free(&b);
        return false;
    }
    *a = (struct serve_answer){.status = 200, .type = "application/json; charset=utf-8",
                               .body = b.data, .len = b.len, .fd = -1};
    return true;
}

void serve_report(const struct serve *s, struct serve_form *form, bool want_json,
                  struct serve_answer *a)
{
    const char *job = serve_form_text(form, "job", 0);
    struct serve_error e = {0};
    char zip[SERVE_PATH_MAX + 16];
    char *summary = NULL;
    snprintf(zip, sizeof zip, "%s/report.zip", form->dir);
    serve_progress(job, "reading", NULL, 0, 0);
    int rc = run_standards(s, form, job, &e);
    if (!rc) {
        serve_progress(job, "zipping", NULL, 0, 0);
        rc = serve_zip(form, zip, want_json ? &summary : NULL, &e) == WQ_OK ? 0 : -1;
    }
    bool ok = !rc && (want_json ? json_answer(s, zip, summary, a) : zip_answer(zip, a));
    free(summary);
    if (!rc && !ok)
        serve_error_set(&e, 500, WQ_EIO, "cannot send the zip");
    if (ok && !want_json)
        zip_name(form, a->filename, sizeof a->filename);
    serve_progress(job, ok ? "done" : "failed", NULL, 0, 0);
    if (!ok && !serve_error_answer(a, &e))
        a->status = 0;
}
