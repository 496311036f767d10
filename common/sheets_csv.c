/* sheets_csv.c: render each sheet of a workbook model (sheets.h) as a CSV
 * file, cells as displayed. Every file is assembled in memory, written to a
 * temporary name (every fwrite and fclose checked) and renamed into place
 * only when all of them were written. */
#include "sheets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

char *sheets_slug(const char *name)
{
    size_t n = strlen(name);
    char *s = malloc(n + 8);
    if (!s)
        return NULL;
    size_t k = 0;
    for (const char *p = name; *p; p++) {
        char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            s[k++] = ch;
        else if (ch >= 'A' && ch <= 'Z')
            s[k++] = (char)(ch - 'A' + 'a');
        else if (k && s[k - 1] != '-')
            s[k++] = '-';
    }
    while (k && s[k - 1] == '-')
        k--;
    if (!k) {
        memcpy(s, "sheet", 5);
        k = 5;
    }
    s[k] = '\0';
    return s;
}

/* Append one field: text made inert and quoted as needed. */
static bool field(struct strbuf *b, const struct cell *c)
{
    char buf[64];
    const char *s = cell_display(c, buf, sizeof buf);
    return strbuf_csv_field(b, s, c->kind == CELL_TEXT || c->kind == CELL_HEADING);
}

static bool render_row(struct strbuf *b, const struct sheet *sh, size_t r)
{
    for (size_t c = 0; c < sh->n_cols; c++)
        if ((c && !strbuf_puts(b, ",")) || !field(b, sheet_cell(sh, r, c)))
            return false;
    return strbuf_puts(b, "\n");
}

static bool render(struct strbuf *b, const struct sheet *sh)
{
    for (size_t r = 0; r < sh->n_rows; r++)
        if (!render_row(b, sh, r))
            return false;
    return true;
}

static int write_file(const char *tmp, const char *final, const struct strbuf *b,
                      struct wq_error *err)
{
    FILE *f;
    int st = wq_open_output(&f, tmp, final, err);
    if (st)
        return st;
    bool ok = b->len == 0 || fwrite(b->data, 1, b->len, f) == b->len;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok)
        return wq_fail(err, WQ_EIO, NULL, "%s: write error: %s", final, strerror(saved));
    return WQ_OK;
}

int sheets_write_sheet_csv(const struct sheet *sh, const char *tmp, const char *final,
                           struct wq_error *err)
{
    FILE *f;
    int st = wq_open_output(&f, tmp, final, err);
    if (st)
        return st;
    struct strbuf b = {0};
    bool ok = true;
    int saved = 0;
    for (size_t r = 0; r < sh->n_rows && ok && !st; r++) {
        if (!render_row(&b, sh, r))
            st = wq_fail(err, WQ_ENOMEM, NULL, "%s: out of memory", final);
        else if (b.len >= (1u << 20) || r + 1 == sh->n_rows) {
            ok = fwrite(b.data, 1, b.len, f) == b.len;
            saved = errno;
            b.len = 0;
        }
    }
    strbuf_free(&b);
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!st && !ok)
        st = wq_fail(err, WQ_EIO, NULL, "%s: write error: %s", final, strerror(saved));
    if (st)
        unlink(tmp);
    return st;
}

int sheets_write_csv(const struct workbook *wb, const char *dir, struct wq_error *err)
{
    size_t n = wb->n_sheets;
    char **final = calloc(n ? n : 1, sizeof *final), **tmp = calloc(n ? n : 1, sizeof *tmp);
    size_t written = 0;
    int st = WQ_OK;
    if (!final || !tmp) {
        st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        st = wq_fail(err, WQ_ECANTCREAT, NULL, "%s: cannot create the folder: %s", dir,
                     strerror(errno));
        goto out;
    }
    /* unique file names */
    for (size_t i = 0; i < n && !st; i++) {
        char *s = sheets_slug(wb->sheets[i].name);
        if (!s) {
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
            break;
        }
        size_t len = strlen(dir) + strlen(s) + 64;
        final[i] = malloc(len);
        tmp[i] = malloc(len);
        if (!final[i] || !tmp[i]) {
            free(s);
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
            break;
        }
        for (int k = 1;; k++) {
            if (k == 1)
                snprintf(final[i], len, "%s/%s.csv", dir, s);
            else
                snprintf(final[i], len, "%s/%s-%d.csv", dir, s, k);
            bool taken = false;
            for (size_t j = 0; j < i && !taken; j++)
                taken = !strcmp(final[j], final[i]);
            if (!taken)
                break;
        }
        snprintf(tmp[i], len, "%s.%ld.tmp", final[i], (long)getpid());
        free(s);
    }
    for (size_t i = 0; i < n && !st; i++) {
        struct strbuf b = {0};
        if (wb->sheets[i].xlsx_only) {
            written = i + 1;
            continue;
        }
        if (!render(&b, &wb->sheets[i]))
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        else
            st = write_file(tmp[i], final[i], &b, err);
        strbuf_free(&b);
        if (!st)
            written = i + 1;
        else
            unlink(tmp[i]); /* a partly written file */
    }
    for (size_t i = 0; i < written && !st; i++)
        if (!wb->sheets[i].xlsx_only && rename(tmp[i], final[i]) != 0)
            st = wq_fail(err, WQ_ECANTCREAT, NULL, "%s: cannot create: %s", final[i],
                         strerror(errno));
        else
            tmp[i][0] = '\0'; /* in place */
out:
    for (size_t i = 0; i < n; i++) {
        if (st && tmp && tmp[i] && tmp[i][0] && i < written)
            unlink(tmp[i]);
        if (final)
            free(final[i]);
        if (tmp)
            free(tmp[i]);
    }
    free(final);
    free(tmp);
    return st;
}
