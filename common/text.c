/* text.c: UTF-8 checks, Windows-1252 conversion, buffers, interning. */
#include "text.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool text_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned long cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (len - i <= need)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += need + 1;
    }
    return true;
}

/* Windows-1252 0x80..0x9F; 0 marks an undefined byte. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static unsigned long cp1252_code(unsigned char c)
{
    if (c < 0x80 || c >= 0xA0)
        return c;
    unsigned long u = cp1252_high[c - 0x80];
    return u ? u : 0xFFFD;
}

static size_t utf8_len(unsigned long cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
}

size_t text_cp1252_size(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += utf8_len(cp1252_code((unsigned char)s[i]));
    return n;
}

size_t text_cp1252_to_utf8(const char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned long cp = cp1252_code((unsigned char)s[i]);
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | (cp >> 6));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xE0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    return o;
}

bool strbuf_reserve(struct strbuf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return false;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return true;
    size_t alloc = b->alloc ? b->alloc : 64;
    while (alloc < need)
        alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
    char *p = realloc(b->data, alloc);
    if (!p)
        return false;
    b->data = p;
    b->alloc = alloc;
    return true;
}

bool strbuf_append(struct strbuf *b, const char *s, size_t len)
{
    if (!strbuf_reserve(b, len))
        return false;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool strbuf_puts(struct strbuf *b, const char *s)
{
    return strbuf_append(b, s, strlen(s));
}

bool strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !strbuf_reserve(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

void strbuf_free(struct strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
}

uint64_t text_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

size_t text_fold(const char *s, char *out, size_t size)
{
    size_t o = 0;
    bool space = false;
    if (size == 0)
        return 0;
    while (*s && isspace((unsigned char)*s))
        s++;
    for (; *s && o + 1 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (isspace(c)) {
            space = true;
            continue;
        }
        if (space && o + 2 < size)
            out[o++] = ' ';
        space = false;
        out[o++] = (char)tolower(c);
    }
    out[o] = '\0';
    return o;
}

bool text_is(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

bool text_same(const char *a, const char *b)
{
    return (!a && !b) || text_is(a, b);
}

const char *text_whole(char *buf, double x)
{
    if (!(x > -1e15 && x < 1e15) || x != (double)(long long)x || (x == 0 && signbit(x)))
        return NULL;
    char *p = buf + TEXT_WHOLE_SIZE;
    unsigned long long v = x < 0 ? (unsigned long long)-(long long)x : (unsigned long long)x;
    *--p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    if (x < 0)
        *--p = '-';
    return p;
}

bool text_number(const char *s, double *v)
{
    char *end;
    *v = NAN;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return false;
    double x = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == s || *end)
        return false;
    *v = x;
    return true;
}

char *text_trim(char *s)
{
    char *p = s;
    while (*p && isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    memmove(s, p, n);
    s[n] = '\0';
    return s;
}

char *text_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void text_put_escaped(FILE *f, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            fprintf(f, "\\x%02X", c);
        else
            fputc(c, f);
    }
}

/* The JSON form of byte C into OUT: itself, or an escape. */
static const char *json_char(unsigned char c, char out[8])
{
    if (c == '"' || c == '\\')
        snprintf(out, 8, "\\%c", c);
    else if (c < 0x20 || c == 0x7f)
        snprintf(out, 8, "\\u%04x", c);
    else
        out[0] = (char)c, out[1] = '\0';
    return out;
}

void text_put_json(FILE *f, const char *s)
{
    char e[8];
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        fputs(json_char(*p, e), f);
    fputc('"', f);
}

bool strbuf_json(struct strbuf *b, const char *s)
{
    char e[8];
    if (!s)
        return strbuf_puts(b, "null");
    bool ok = strbuf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p && ok; p++)
        ok = strbuf_puts(b, json_char(*p, e));
    return ok && strbuf_puts(b, "\"");
}

void *array_grow(void *items, size_t n, size_t *alloc, size_t size, size_t first)
{
    if (n < *alloc)
        return items;
    size_t na = *alloc ? 2 * *alloc : first;
    if (na <= n || na > SIZE_MAX / size)
        return NULL;
    void *p = realloc(items, na * size);
    if (p)
        *alloc = na;
    return p;
}

void *array_grow_zero(void *items, size_t n, size_t *alloc, size_t size, size_t first)
{
    size_t old = *alloc;
    char *p = array_grow(items, n, alloc, size, first);
    if (p && *alloc > old)
        memset(p + old * size, 0, (*alloc - old) * size);
    return p;
}

static long strmap_lookup(const struct strmap *m, const char *key, size_t klen, size_t *slot)
{
    if (!m->n_slots)
        return -1;
    size_t i = (size_t)(text_hash(key, klen) & (m->n_slots - 1));
    for (;;) {
        uint32_t v = m->slots[i];
        if (!v) {
            if (slot)
                *slot = i;
            return -1;
        }
        if (strcmp(m->keys[v - 1], key) == 0)
            return (long)(v - 1);
        i = (i + 1) & (m->n_slots - 1);
    }
}

static bool strmap_grow(struct strmap *m)
{
    size_t n = m->n_slots ? m->n_slots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    for (size_t k = 0; k < m->n_names; k++) {
        const char *key = m->keys[k];
        size_t i = (size_t)(text_hash(key, strlen(key)) & (n - 1));
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)(k + 1);
    }
    free(m->slots);
    m->slots = slots;
    m->n_slots = n;
    return true;
}

long strmap_find(const struct strmap *m, const char *s)
{
    char key[512];
    size_t klen = text_fold(s, key, sizeof key);
    return strmap_lookup(m, key, klen, NULL);
}

long strmap_intern(struct strmap *m, const char *s)
{
    char key[512];
    size_t klen = text_fold(s, key, sizeof key);
    long found = strmap_lookup(m, key, klen, NULL);
    if (found >= 0)
        return found;
    if ((m->n_names + 1) * 2 > m->n_slots && !strmap_grow(m))
        return -1;
    if (m->n_names == m->alloc_names) {
        size_t alloc = m->alloc_names ? m->alloc_names * 2 : 16;
        char **names = realloc(m->names, alloc * sizeof *names);
        if (!names)
            return -1;
        m->names = names;
        char **keys = realloc(m->keys, alloc * sizeof *keys);
        if (!keys)
            return -1;
        m->keys = keys;
        m->alloc_names = alloc;
    }
    char *name = text_dup(s);
    char *k = text_dup(key);
    if (!name || !k) {
        free(name);
        free(k);
        return -1;
    }
    text_trim(name);
    size_t slot = 0;
    strmap_lookup(m, key, klen, &slot);
    m->names[m->n_names] = name;
    m->keys[m->n_names] = k;
    m->slots[slot] = (uint32_t)(m->n_names + 1);
    return (long)m->n_names++;
}

void strmap_free(struct strmap *m)
{
    for (size_t i = 0; i < m->n_names; i++) {
        free(m->names[i]);
        free(m->keys[i]);
    }
    free(m->names);
    free(m->keys);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* 0: as it is; 1: quoted; 2: quoted and made inert. */
static int csv_style(const char *s, bool text)
{
    if (text && s[0] && strchr("=+-@\t\r", s[0]))
        return 2;
    return strpbrk(s, ",\"\r\n") != NULL;
}

bool strbuf_csv_field(struct strbuf *b, const char *s, bool text)
{
    int style = csv_style(s, text);
    if (!style)
        return strbuf_puts(b, s);
    if (!strbuf_puts(b, style == 2 ? "\"'" : "\""))
        return false;
    for (const char *p = s;; p++) {
        size_t n = strcspn(p, "\"");
        if (!strbuf_append(b, p, n))
            return false;
        p += n;
        if (!*p)
            break;
        if (!strbuf_puts(b, "\"\""))
            return false;
    }
    return strbuf_puts(b, "\"");
}

void text_put_csv(FILE *f, const char *s, bool text)
{
    int style = csv_style(s, text);
    if (!style) {
        fputs(s, f);
        return;
    }
    fputs(style == 2 ? "\"'" : "\"", f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}
