/* diag.c: status codes and error records. */
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *wq_strerror(int code)
{
    switch (code) {
    case WQ_OK: return "success";
    case WQ_EUSAGE: return "usage error";
    case WQ_EDATA: return "bad input data";
    case WQ_ENOINPUT: return "input missing or unreadable";
    case WQ_ENOMEM: return "out of memory";
    case WQ_ECANTCREAT: return "output cannot be created";
    case WQ_EIO: return "input/output error";
    default: return "unknown error";
    }
}

void wq_format_pos(char *buf, size_t size, const struct src_pos *pos)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (!pos)
        return;
    int n = 0;
    const char *file = wq_input_name(pos->file);
    if (file && pos->line)
        n = snprintf(buf, size, "%s:%lu: ", file, pos->line);
    else if (file)
        n = snprintf(buf, size, "%s: ", file);
    if (n < 0 || (size_t)n >= size)
        return;
    if (pos->cell && pos->line) {
        char letters[8];
        wq_column_letters(pos->cell - 1, letters);
        int k = snprintf(buf + n, size - (size_t)n, "cell %s%lu, ", letters, pos->line);
        if (k < 0 || (size_t)k >= size - (size_t)n)
            return;
        n += k;
    }
    if (pos->column)
        snprintf(buf + n, size - (size_t)n, "column '%s': ", pos->column);
}

void wq_column_letters(size_t col, char buf[8])
{
    char tmp[8];
    size_t n = 0;
    for (col++; col && n < 7; col = (col - 1) / 26)
        tmp[n++] = (char)('A' + (col - 1) % 26);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

int wq_vfail(struct wq_error *err, int code, const struct src_pos *pos, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    wq_format_pos(err->msg, sizeof err->msg, pos);
    size_t used = 0;
    while (used < sizeof err->msg && err->msg[used])
        used++;
    if (used < sizeof err->msg)
        vsnprintf(err->msg + used, sizeof err->msg - used, fmt, ap);
    return code;
}

int wq_fail(struct wq_error *err, int code, const struct src_pos *pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wq_vfail(err, code, pos, fmt, ap);
    va_end(ap);
    return code;
}

const char *wq_input_name(const char *path)
{
    return path && !strcmp(path, "-") ? "<stdin>" : path;
}

const char *wq_input_shown(const char *path)
{
    const char *name = wq_input_name(path);
    const char *slash = name ? strrchr(name, '/') : NULL;
    return slash && slash[1] ? slash + 1 : name;
}

int wq_open_input(FILE **f, const char *path, struct wq_error *err)
{
    if (!(*f = strcmp(path, "-") ? fopen(path, "rb") : stdin))
        return wq_fail(err, errno == ENOMEM ? WQ_ENOMEM : WQ_ENOINPUT, NULL, "cannot open %s: %s",
                       path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(*f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(*f);
        *f = NULL;
        return wq_fail(err, WQ_ENOINPUT, NULL, "cannot open %s: %s", wq_input_name(path),
                       strerror(EISDIR));
    }
    return WQ_OK;
}

int wq_open_output(FILE **f, const char *path, const char *name, struct wq_error *err)
{
    if ((*f = fopen(path, "w")) != NULL)
        return WQ_OK;
    return wq_fail(err, errno == ENOMEM ? WQ_ENOMEM : WQ_ECANTCREAT, NULL, "cannot create %s: %s",
                   name, strerror(errno));
}
