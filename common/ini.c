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

int ini_load(struct ini *ini, const char *path, struct wq_error *err)
{
    FILE *f = wq_open_input(path, err);
    char *line = NULL, section[128] = "";
    size_t cap = 0;
    unsigned long n = 0;
    int st = WQ_OK;
    if (!f)
        return WQ_ENOINPUT; /* ERR says why */
    ini->path = dup_range(path, strlen(path));
    if (!ini->path) {
        fclose(f);
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    ssize_t got;
    while ((got = getline(&line, &cap, f)) >= 0) {
        n++;
        char *s = line;
        if (memchr(line, '\0', (size_t)got)) {
            st = wq_fail(err, WQ_EDATA, &(struct src_pos){path, n, NULL},
                         "NUL byte: this is not a text INI file");
            break;
        }
        if (n == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
            s += 3;
        text_trim(s);
        if (!*s || *s == ';' || *s == '#')
            continue;
        struct src_pos pos = {path, n, NULL};
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
    if (!st && ferror(f))
        st = wq_fail(err, WQ_EIO, NULL, "error reading %s: %s", wq_input_name(path),
                                   strerror(errno));
    free(line);
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
