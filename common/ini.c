/* ini.c: a small INI reader with line numbers. */
#include "ini.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Fold a key: lower case, '-' and spaces as '_'. */
static void fold_key(char *s)
{
    for (; *s; s++)
        *s = *s == '-' || *s == ' ' ? '_' : (char)tolower((unsigned char)*s);
}

static int add(struct ini *ini, const char *section, const char *key, const char *value,
               unsigned long line)
{
    struct ini_entry *grown =
        array_grow(ini->entries, ini->n_entries, &ini->alloc_entries, sizeof *grown, 16);
    if (!grown)
        return WQ_ENOMEM;
    ini->entries = grown;
    struct ini_entry *e = &ini->entries[ini->n_entries];
    e->section = dup_range(section, strlen(section));
    e->key = dup_range(key, strlen(key));
    e->value = dup_range(value, strlen(value));
    e->line = line;
    if (!e->section || !e->key || !e->value) {
        free(e->section);
        free(e->key);
        free(e->value);
        return WQ_ENOMEM;
    }
    ini->n_entries++;
    return WQ_OK;
}

static int add_section(struct ini *ini, const char *name, unsigned long line)
{
    struct ini_section *grown =
        array_grow(ini->sections, ini->n_sections, &ini->alloc_sections, sizeof *grown, 8);
    if (!grown)
        return WQ_ENOMEM;
    ini->sections = grown;
    char *copy = dup_range(name, strlen(name));
    if (!copy)
        return WQ_ENOMEM;
    ini->sections[ini->n_sections++] = (struct ini_section){copy, line};
    return WQ_OK;
}

/* Read the next line of F, without its LF, into B (at most INI_LINE_MAX
 * bytes: a longer line, or a NUL byte, is refused as it arrives, so
 * /dev/zero fails at once in bounded memory). *EOF is set, and B left
 * empty, at the end of the file. POS names the line in messages. */
static int read_line(FILE *f, struct strbuf *b, bool *eof, const struct src_pos *pos,
                     struct wq_error *err)
{
    int c;
    b->len = 0;
    *eof = false;
    if (!strbuf_reserve(b, 0))
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    b->data[0] = '\0';
    while ((c = getc(f)) != EOF && c != '\n') {
        if (c == '\0')
            return wq_fail(err, WQ_EDATA, pos, "NUL byte: this is not a text INI file");
        if (b->len == INI_LINE_MAX)
            return wq_fail(err, WQ_EDATA, pos,
                           "a line longer than %d bytes (64 KiB), the limit for a line of a "
                           "config file: is this an INI file?",
                           INI_LINE_MAX);
        char ch = (char)c;
        if (!strbuf_append(b, &ch, 1))
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    if (ferror(f))
        return wq_fail(err, WQ_EIO, NULL, "error reading %s: %s", wq_input_name(pos->file),
                       strerror(errno));
    *eof = c == EOF && b->len == 0;
    return WQ_OK;
}

int ini_load(struct ini *ini, const char *path, struct wq_error *err)
{
    FILE *f;
    struct strbuf line = {0};
    char section[128] = "";
    unsigned long n = 0;
    int st = WQ_OK;
    bool eof = false;
    if ((st = wq_open_input(&f, path, err)) != WQ_OK)
        return st;
    ini->path = dup_range(path, strlen(path));
    if (!ini->path) {
        fclose(f);
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    while (!(st = read_line(f, &line, &eof, &(struct src_pos){path, n + 1, NULL, 0}, err)) &&
           !eof) {
        n++;
        char *s = line.data;
        if (n == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
            s += 3;
        text_trim(s);
        if (!*s || *s == ';' || *s == '#')
            continue;
        struct src_pos pos = {path, n, NULL, 0};
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end || end[1]) {
                st = wq_fail(err, WQ_EDATA, &pos, "a section header must look like [name]");
                break;
            }
            *end = '\0';
            if (strlen(s + 1) >= sizeof section) {
                /* cut short, [wdes<123 spaces>x] would read as [wdes] */
                st = wq_fail(err, WQ_EDATA, &pos,
                             "section name longer than %zu characters",
                             sizeof section - 1);
                break;
            }
            snprintf(section, sizeof section, "%s", s + 1);
            text_trim(section);
            fold_key(section);
            if (add_section(ini, section, n) != WQ_OK) {
                st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
                break;
            }
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            st = wq_fail(err, WQ_EDATA, &pos, "expected key = value, [section] or a comment");
            break;
        }
        *eq = '\0';
        char *key = text_trim(s), *value = text_trim(eq + 1);
        size_t vn = strlen(value);
        if (vn >= 2 && ((value[0] == '"' && value[vn - 1] == '"') ||
                        (value[0] == '\'' && value[vn - 1] == '\''))) {
            value[vn - 1] = '\0';
            value++;
        }
        if (!*key) {
            st = wq_fail(err, WQ_EDATA, &pos, "a key is missing before '='");
            break;
        }
        fold_key(key);
        if (add(ini, section, key, value, n) != WQ_OK) {
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
            break;
        }
    }
    strbuf_free(&line);
    fclose(f);
    return st;
}

void ini_free(struct ini *ini)
{
    for (size_t i = 0; i < ini->n_entries; i++) {
        free(ini->entries[i].section);
        free(ini->entries[i].key);
        free(ini->entries[i].value);
    }
    free(ini->entries);
    for (size_t i = 0; i < ini->n_sections; i++)
        free(ini->sections[i].name);
    free(ini->sections);
    free(ini->path);
    memset(ini, 0, sizeof *ini);
}
