/* csv_reader.c: streaming CSV records with file:line, over libcsv. */
#include "csv_reader.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};

int csv_reader_init(struct csv_reader *r, const char *file, csv_row_fn fn, void *ud)
{
    memset(r, 0, sizeof *r);
    r->file = wq_input_name(file);
    r->fn = fn;
    r->ud = ud;
    r->line = 1;
    r->rec_line = 1;
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return WQ_ENOMEM;
    return WQ_OK;
}

void csv_reader_free(struct csv_reader *r)
{
    csv_free(&r->parser);
    free(r->buf);
    free(r->offs);
    free(r->lens);
    free(r->fields);
    r->buf = NULL;
    r->offs = r->lens = NULL;
    r->fields = NULL;
}

static int fail_nomem(struct csv_reader *r)
{
    r->status = wq_fail(r->err, WQ_ENOMEM, &(struct src_pos){r->file, r->line, NULL},
                        "out of memory while reading a record");
    return r->status;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* One pass over a field: the LFs (added to *NEWLINES), any byte >= 0x80
 * (*ASCII false). Eight bytes at a time: a word with neither is skipped at
 * once. (A NUL byte never gets here: feed_segment stops at it.) */
static void scan_field(const char *s, size_t len, unsigned long *newlines, bool *ascii)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t lf = w ^ (ONES * '\n');
        if (!((((lf - ONES) & ~lf) | w) & HIGHS))
            continue;
        for (size_t k = i; k < i + 8; k++) {
            unsigned char c = (unsigned char)s[k];
            *newlines += c == '\n';
            *ascii &= c < 0x80;
        }
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        *newlines += c == '\n';
        *ascii &= c < 0x80;
    }
}

/* The record being assembled is over CSV_RECORD_MAX (its fields and a
 * byte after each): name the line it started on and the field it has
 * reached. */
static int too_long(struct csv_reader *r)
{
    return r->status = wq_fail(r->err, WQ_EDATA, &(struct src_pos){r->file, r->rec_line, NULL},
                               "field %zu: a record longer than 1 MiB (%zu bytes), the limit "
                               "for one row, starts on this line (it reaches line %lu): a line "
                               "end missing, a quote never closed, or not a CSV file",
                               r->n_fields + 1, CSV_RECORD_MAX, r->line);
}

/* Append one field to the record being assembled. PLAIN: the caller has
 * checked that S has no LF and no byte >= 0x80. */
static void add_field(struct csv_reader *r, const char *s, size_t len, bool plain)
{
    bool ascii = true;
    if (!plain) {
        unsigned long newlines = 0;
        scan_field(s, len, &newlines, &ascii);
        r->rec_newlines += newlines;
    }
    if (r->n_fields == r->alloc_fields) {
        size_t alloc = r->alloc_fields ? r->alloc_fields * 2 : 32;
        size_t *offs = realloc(r->offs, alloc * sizeof *offs);
        if (!offs) {
            fail_nomem(r);
            return;
        }
        r->offs = offs;
        size_t *lens = realloc(r->lens, alloc * sizeof *lens);
        if (!lens) {
            fail_nomem(r);
            return;
        }
        r->lens = lens;
        r->alloc_fields = alloc;
    }
    bool convert = !ascii && !text_utf8_valid(s, len);
    size_t out_len = convert ? text_cp1252_size(s, len) : len;
    if (out_len + 1 > CSV_RECORD_MAX - r->buf_used) {
        too_long(r);
        return;
    }
    size_t need = r->buf_used + out_len + 1;
    if (need > r->buf_alloc) {
        size_t alloc = r->buf_alloc ? r->buf_alloc : 4096;
        while (alloc < need)
            alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
        char *buf = realloc(r->buf, alloc);
        if (!buf) {
            fail_nomem(r);
            return;
        }
        r->buf = buf;
        r->buf_alloc = alloc;
    }
    char *dst = r->buf + r->buf_used;
    if (convert) {
        text_cp1252_to_utf8(s, len, dst);
        if (!r->cp1252_fields++)
            r->cp1252_first_line = r->line - 0;
    } else if (len) {
        memcpy(dst, s, len);
    }
    dst[out_len] = '\0';
    r->offs[r->n_fields] = r->buf_used;
    r->lens[r->n_fields] = out_len;
    r->n_fields++;
    r->buf_used += out_len + 1;
}

/* libcsv's field callback. */
static void on_field(void *data, size_t len, void *ud)
{
    struct csv_reader *r = ud;
    if (r->status)
        return;
    add_field(r, data ? data : "", len, false);
}

/* A record is complete: hand it to the callback with its starting line. */
static void on_record(int term, void *ud)
{
    struct csv_reader *r = ud;
    (void)term;
    if (r->status)
        return;
    if (r->n_fields > 0) {
        char **fields = realloc(r->fields, r->n_fields * sizeof *fields);
        if (!fields) {
            fail_nomem(r);
            return;
        }
        r->fields = fields;
        for (size_t i = 0; i < r->n_fields; i++)
            r->fields[i] = r->buf + r->offs[i];
        struct csv_row row = {
            .file = r->file,
            .line = r->line - r->rec_newlines,
            .record = ++r->record,
            .n_fields = r->n_fields,
            .fields = r->fields,
            .lens = r->lens,
        };
        int st = r->fn(&row, r->ud, r->err);
        if (st != WQ_OK)
            r->status = st ? st : WQ_EDATA;
    }
    r->last_end_line = r->line;
    r->n_fields = 0;
    r->buf_used = 0;
    r->rec_newlines = 0;
}

static int parse_error(struct csv_reader *r, unsigned long line)
{
    int e = csv_error(&r->parser);
    if (e == CSV_EPARSE)
        return wq_fail(r->err, WQ_EDATA, &(struct src_pos){r->file, line, NULL},
                       "malformed CSV: a quote character inside an unquoted field, "
                       "or text after a closing quote (unbalanced quotes?)");
    if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
        return wq_fail(r->err, WQ_ENOMEM, &(struct src_pos){r->file, line, NULL},
                       "record too large: %s", csv_strerror(e));
    return wq_fail(r->err, WQ_EDATA, &(struct src_pos){r->file, line, NULL}, "%s",
                   csv_strerror(e));
}

/* Feed libcsv LEN bytes, at most 64 KiB at a time, so that a NUL byte or a
 * record over CSV_RECORD_MAX (the fields done plus the one libcsv is
 * assembling) is refused before libcsv has buffered more than that. */
static int feed_segment(struct csv_reader *r, const char *s, size_t len)
{
    while (len > 0) {
        size_t n = len < ((size_t)1 << 16) ? len : (size_t)1 << 16;
        const char *nul = memchr(s, '\0', n);
        if (nul)
            n = (size_t)(nul - s);
        if (csv_parse(&r->parser, s, n, on_field, on_record, r) != n && !r->status)
            r->status = parse_error(r, r->line);
        if (r->status)
            return r->status;
        if (nul)
            return r->status = wq_fail(r->err, WQ_EDATA,
                                       &(struct src_pos){r->file, r->line, NULL},
                                       "NUL byte in field %zu: this is not a text CSV file",
                                       r->n_fields + 1);
        if (r->parser.entry_pos + 1 > CSV_RECORD_MAX - r->buf_used)
            return too_long(r);
        s += n;
        len -= n;
    }
    return WQ_OK;
}

/* Feed libcsv one segment (a line, or the part of one in this chunk) and
 * keep track of whether it is left between records: after a segment ending
 * in LF, with an even number of quotes fed since it last was (an odd number
 * means a quoted field is still open; with CSV_STRICT anything else
 * unbalanced is an error). */
static int feed_libcsv(struct csv_reader *r, const char *s, size_t len)
{
    if (feed_segment(r, s, len))
        return r->status;
    for (const char *p = s; (p = memchr(p, '"', (size_t)(s + len - p))) != NULL; p++)
        r->quotes_odd ^= 1;
    r->mid_record = !(len && s[len - 1] == '\n' && !r->quotes_odd);
    return WQ_OK;
}

/* Does the word W have a byte equal to C? */
#define HAS_BYTE(w, c) ((((w) ^ (ONES * (c))) - ONES) & ~((w) ^ (ONES * (c))) & HIGHS)

/* The line S[0..LEN) ends in LF and starts between records. When it holds
 * no quote, NUL or CR (but a CR just before the LF), deliver its record as
 * libcsv would: fields end at commas and lose the spaces and tabs around
 * them; a line of nothing but spaces and tabs is no record. Returns false,
 * having done nothing, when the line is left to libcsv. */
static bool fast_line(struct csv_reader *r, const char *s, size_t len)
{
    size_t end = len - 1;
    if (end > 0 && s[end - 1] == '\r')
        end--;
    size_t i = 0;
    uint64_t high = 0;
    for (; i + 8 <= end; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (HAS_BYTE(w, '"') | HAS_BYTE(w, '\r') | ((w - ONES) & ~w & HIGHS))
            return false;
        high |= w;
    }
    for (; i < end; i++) {
        if (s[i] == '"' || s[i] == '\r' || s[i] == '\0')
            return false;
        high |= (unsigned char)s[i];
    }
    bool plain = !(high & HIGHS);
    const char *p = s, *e = s + end;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    if (p == e)
        return true; /* a blank line: no record */
    for (;;) {
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        const char *f = p;
        for (;;) { /* the next comma, eight bytes at a time */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            if (e - p >= 8) {
                uint64_t w;
                memcpy(&w, p, 8);
                uint64_t m = HAS_BYTE(w, ',');
                if (!m) {
                    p += 8;
                    continue;
                }
                p += __builtin_ctzll(m) / 8; /* the first: lowest address */
                break;
            }
#endif
            while (p < e && *p != ',')
                p++;
            break;
        }
        const char *fe = p;
        while (fe > f && (fe[-1] == ' ' || fe[-1] == '\t'))
            fe--;
        add_field(r, f, (size_t)(fe - f), plain);
        if (r->status)
            return true;
        if (p == e)
            break;
        p++; /* the comma */
    }
    on_record('\n', r);
    return true;
}

int csv_reader_feed(struct csv_reader *r, const void *data, size_t len, struct wq_error *err)
{
    const char *s = data;
    r->err = err;
    if (r->status)
        return r->status;
    /* A byte-order mark may arrive split over several chunks. */
    while (r->bom_state >= 0 && len > 0) {
        if ((unsigned char)*s == bom[r->bom_state]) {
            s++;
            len--;
            if (++r->bom_state == 3)
                r->bom_state = -1;
        } else {
            /* Not a BOM after all: replay the bytes matched so far. */
            int matched = r->bom_state;
            r->bom_state = -1;
            if (matched && feed_libcsv(r, (const char *)bom, (size_t)matched))
                return r->status;
        }
    }
    /* Feed libcsv up to and including each LF, so that r->line is the line
     * of every byte it sees and records can be given their start line. */
    while (len > 0) {
        const char *nl = memchr(s, '\n', len);
        size_t seg = nl ? (size_t)(nl - s) + 1 : len;
        if (!r->mid_record)
            r->rec_line = r->line;
        if (nl && !r->mid_record && seg <= CSV_RECORD_MAX && fast_line(r, s, seg)) {
            if (r->status)
                return r->status;
        } else if (feed_libcsv(r, s, seg)) {
            return r->status;
        }
        if (nl)
            r->line++;
        s += seg;
        len -= seg;
    }
    return WQ_OK;
}

int csv_reader_finish(struct csv_reader *r, struct wq_error *err)
{
    r->err = err;
    if (r->status)
        return r->status;
    if (r->bom_state > 0) {
        int matched = r->bom_state;
        r->bom_state = -1;
        if (feed_segment(r, (const char *)bom, (size_t)matched))
            return r->status;
    }
    /* A file ending in LF has advanced r->line past its last line. */
    unsigned long line = r->line;
    if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
        if (r->status)
            return r->status;
        return r->status = wq_fail(err, WQ_EDATA,
                                   &(struct src_pos){r->file, r->last_end_line + 1, NULL},
                                   "unbalanced quotes: a quoted field that starts on or after "
                                   "this line is never closed (end of file at line %lu)",
                                   line);
    }
    return r->status;
}

int csv_read_file(const char *path, const char *name, csv_row_fn fn, void *ud,
                  unsigned long *cp1252_fields, struct wq_error *err)
{
    struct csv_reader r;
    FILE *f = NULL;
    char *buf = NULL;
    int st;
    if (cp1252_fields)
        *cp1252_fields = 0;
    if ((st = wq_open_input(&f, path, err)) != WQ_OK)
        return st;
    st = csv_reader_init(&r, name ? name : path, fn, ud);
    if (st) {
        fclose(f);
        return wq_fail(err, st, NULL, "out of memory");
    }
    enum { CHUNK = 1 << 16 };
    buf = malloc(CHUNK);
    if (!buf) {
        st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        goto out;
    }
    for (;;) {
        size_t n = fread(buf, 1, CHUNK, f);
        if (n > 0 && (st = csv_reader_feed(&r, buf, n, err)) != WQ_OK)
            goto out;
        if (n < CHUNK) {
            if (ferror(f)) {
                st = wq_fail(err, WQ_EIO, NULL, "error reading %s: %s", wq_input_name(path),
                                   strerror(errno));
                goto out;
            }
            break;
        }
    }
    st = csv_reader_finish(&r, err);
out:
    if (cp1252_fields)
        *cp1252_fields = r.cp1252_fields;
    free(buf);
    csv_reader_free(&r);
    fclose(f);
    return st;
}
