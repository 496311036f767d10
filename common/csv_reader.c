/* csv_reader.c: streaming CSV records with file:line, over libcsv. */
#include "csv_reader.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "csv_pipe.h"
#include "text.h"
#include "xlsx_reader.h"

/* The candidates for the delimiter, in the order a tie is not broken. */
static const char delims[] = {',', '\t', ';', '|'};
static const char *const delim_names[] = {"comma", "tab", "semicolon", "pipe"};

char csv_delim_parse(const char *s)
{
    for (size_t i = 0; i < sizeof delims; i++)
        if (!strcmp(s, delim_names[i]) || (s[0] == delims[i] && !s[1]))
            return delims[i];
    return 0;
}

void csv_source_describe(const struct csv_source *s, char *buf, size_t size)
{
    static const char *const enc[] = {"UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE"};
    if (s->encoding == CSV_WORKBOOK) {
        snprintf(buf, size, "Excel workbook, sheet '%s'", s->sheet_read);
        return;
    }
    const char *delim = "comma";
    for (size_t i = 0; i < sizeof delims; i++)
        if (s->delim_used == delims[i])
            delim = delim_names[i];
    if (s->cp1252_fields)
        snprintf(buf, size, "Windows-1252 (%lu fields converted), %s-separated",
                 s->cp1252_fields, delim);
    else
        snprintf(buf, size, "%s, %s-separated", enc[s->encoding], delim);
}

static void set_delim(struct csv_reader *r, char delim)
{
    r->delim = delim;
    r->trim_tab = delim != '\t';
    csv_set_delim(&r->parser, (unsigned char)delim);
}

int csv_reader_init_delim(struct csv_reader *r, const char *file, char delim, csv_row_fn fn,
                          void *ud)
{
    memset(r, 0, sizeof *r);
    r->file = wq_input_name(file);
    r->fn = fn;
    r->ud = ud;
    r->line = 1;
    r->rec_line = 1;
    r->cd = (iconv_t)-1;
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return WQ_ENOMEM;
    if (delim)
        set_delim(r, delim);
    return WQ_OK;
}

int csv_reader_init(struct csv_reader *r, const char *file, csv_row_fn fn, void *ud)
{
    return csv_reader_init_delim(r, file, 0, fn, ud);
}

int csv_reader_init_range(struct csv_reader *r, const struct csv_reader *first, csv_row_fn fn,
                          void *ud)
{
    int st = csv_reader_init_delim(r, first->file, first->delim, fn, ud);
    r->n_head = -1;
    r->encoding = first->encoding;
    return st;
}

void csv_reader_free(struct csv_reader *r)
{
    csv_free(&r->parser);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    r->cd = (iconv_t)-1;
    free(r->conv_in);
    free(r->conv_out);
    r->conv_in = r->conv_out = NULL;
    strbuf_free(&r->first);
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
    r->status = wq_fail(r->err, WQ_ENOMEM, &(struct src_pos){r->file, r->line, NULL, 0},
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
    return r->status = wq_fail(r->err, WQ_EDATA, &(struct src_pos){r->file, r->rec_line, NULL, 0},
                               "field %zu: a record longer than 1 MiB (%zu bytes), the limit "
                               "for one row, starts on this line (it reaches line %lu): a line "
                               "end missing, a quote never closed, or not a CSV file",
                               r->n_fields + 1, CSV_RECORD_MAX, r->line);
}

/* Room for one more field (its offset, length and pointer). False, with
 * r->status set, when memory runs out. */
static bool grow_fields(struct csv_reader *r)
{
    size_t alloc = r->alloc_fields ? r->alloc_fields * 2 : 32;
    size_t *offs = realloc(r->offs, alloc * sizeof *offs);
    if (offs)
        r->offs = offs;
    size_t *lens = offs ? realloc(r->lens, alloc * sizeof *lens) : NULL;
    if (lens)
        r->lens = lens;
    char **fields = lens ? realloc(r->fields, alloc * sizeof *fields) : NULL;
    if (!fields) {
        fail_nomem(r);
        return false;
    }
    r->fields = fields;
    r->alloc_fields = alloc;
    return true;
}

/* Room for NEED bytes in the record buffer. False, with r->status set,
 * when memory runs out. */
static bool reserve_buf(struct csv_reader *r, size_t need)
{
    if (need <= r->buf_alloc)
        return true;
    size_t alloc = r->buf_alloc ? r->buf_alloc : 4096;
    while (alloc < need)
        alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
    char *buf = realloc(r->buf, alloc);
    if (!buf) {
        fail_nomem(r);
        return false;
    }
    r->buf = buf;
    r->buf_alloc = alloc;
    return true;
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
    if (r->n_fields == r->alloc_fields && !grow_fields(r))
        return;
    bool convert = !ascii && !text_utf8_valid(s, len);
    size_t out_len = convert ? text_cp1252_size(s, len) : len;
    if (out_len + 1 > CSV_RECORD_MAX - r->buf_used) {
        too_long(r);
        return;
    }
    if (!reserve_buf(r, r->buf_used + out_len + 1))
        return;
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
        return wq_fail(r->err, WQ_EDATA, &(struct src_pos){r->file, line, NULL, 0},
                       "malformed CSV: a quote character inside an unquoted field, "
                       "or text after a closing quote (unbalanced quotes?)");
    if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
        return wq_fail(r->err, WQ_ENOMEM, &(struct src_pos){r->file, line, NULL, 0},
                       "record too large: %s", csv_strerror(e));
    return wq_fail(r->err, WQ_EDATA, &(struct src_pos){r->file, line, NULL, 0}, "%s",
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
                                       &(struct src_pos){r->file, r->line, NULL, 0},
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

#define IS_TRIM(c) ((c) == ' ' || ((c) == '\t' && trim_tab))

/* The first delimiter in [P, E), or E: eight bytes at a time. */
static inline char *next_delim(char *p, const char *e, char delim)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (e - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t m = HAS_BYTE(w, (unsigned char)delim);
        if (m)
            return p + __builtin_ctzll(m) / 8; /* the first: lowest address */
        p += 8;
    }
#endif
    while (p < e && *p != delim)
        p++;
    return p;
}

/* The line of END bytes (no line end, no NUL, CR or byte >= 0x80), copied
 * to r->buf, split there in place: each field ends at the delimiter and
 * loses the spaces (and tabs, unless tab is the delimiter) around it, or is
 * quoted whole ("...", closed just before a delimiter or the end, with no
 * quote inside), as libcsv reads them; a line of nothing but spaces is no
 * record. QUOTES: the line has a quote. Returns false, having delivered
 * nothing, for any other use of quotes (left to libcsv, whose errors and
 * escapes are the reference). */
static bool split_ascii(struct csv_reader *r, size_t end, bool quotes)
{
    const char delim = r->delim;
    const bool trim_tab = r->trim_tab;
    char *b = r->buf, *p = b, *e = b + end;
    while (p < e && IS_TRIM(*p))
        p++;
    if (p == e)
        return true; /* a blank line: no record */
    for (;;) {
        while (p < e && IS_TRIM(*p))
            p++;
        char *f = p, *fe;
        if (quotes && p < e && *p == '"') {
            char *q = memchr(p + 1, '"', (size_t)(e - p - 1));
            if (!q || (q + 1 < e && q[1] != delim))
                break;
            f = p + 1;
            fe = q;
            p = q + 1;
        } else {
            p = next_delim(p, e, delim);
            if (quotes && memchr(f, '"', (size_t)(p - f)))
                break;
            for (fe = p; fe > f && IS_TRIM(fe[-1]); fe--)
                ;
        }
        if (r->n_fields == r->alloc_fields && !grow_fields(r))
            return true;
        *fe = '\0';
        r->offs[r->n_fields] = (size_t)(f - b);
        r->lens[r->n_fields++] = (size_t)(fe - f);
        if (p == e) {
            r->buf_used = end + 1;
            on_record('\n', r);
            return true;
        }
        p++; /* the delimiter */
    }
    r->n_fields = 0;
    return false;
}

/* Record the field S[A..B) of the line copied to r->buf, trimmed. */
static inline bool put_field(struct csv_reader *r, const char *s, size_t a, size_t b)
{
    const bool trim_tab = r->trim_tab;
    while (a < b && IS_TRIM(s[a]))
        a++;
    while (b > a && IS_TRIM(s[b - 1]))
        b--;
    if (r->n_fields == r->alloc_fields && !grow_fields(r))
        return false;
    r->offs[r->n_fields] = a;
    r->lens[r->n_fields++] = b - a;
    return true;
}

/* Bit masks of up to 16 bytes (bit K: byte K): line ends, delimiters, and
 * the bytes plain_line does not take (a quote, CR, NUL, >= 0x80). */
struct block {
    unsigned lf, delim, other;
};

static inline struct block block_bytes(const char *s, size_t n, char delim)
{
    struct block b = {0, 0, 0};
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        b.lf |= (unsigned)(c == '\n') << k;
        b.delim |= (unsigned)(c == (unsigned char)delim) << k;
        b.other |= (unsigned)(c == '"' || c == '\r' || c == '\0' || c >= 0x80) << k;
    }
    return b;
}

/* The masks of the 16 bytes at S: with SSE2 (every x86-64), sixteen
 * bytes compared at once. */
static inline struct block block16(const char *s, char delim)
{
#ifdef __SSE2__
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i q = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    q = _mm_or_si128(_mm_or_si128(q, _mm_cmpeq_epi8(v, _mm_setzero_si128())), v);
    return (struct block){(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                          (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(delim))),
                          (unsigned)_mm_movemask_epi8(q)};
#else
    return block_bytes(s, 16, delim);
#endif
}

/* Deliver the record of plain_line's line S[0..END), its fields recorded:
 * from a copy in r->buf, each field ending in a NUL there. */
static void plain_deliver(struct csv_reader *r, const char *s, size_t end)
{
    if (!reserve_buf(r, end + 1))
        return;
    char *buf = r->buf;
    const size_t *offs = r->offs, *lens = r->lens, n = r->n_fields;
    memcpy(buf, s, end);
    for (size_t f = 0; f < n; f++)
        buf[offs[f] + lens[f]] = '\0';
    r->buf_used = end + 1;
    on_record('\n', r);
}

/* The end of plain_line's line S[0..END): its last field (from A), then
 * its record. A line of only spaces is no record. */
static void plain_record(struct csv_reader *r, const char *s, size_t a, size_t end)
{
    if (!r->n_fields) { /* no delimiter */
        const bool trim_tab = r->trim_tab;
        size_t k = 0;
        while (k < end && IS_TRIM(s[k]))
            k++;
        if (k == end)
            return;
    }
    if (put_field(r, s, a, end))
        plain_deliver(r, s, end);
}

/* A quoted field of plain_line's line, as split_ascii takes it: the field
 * starting at A has only blanks before the quote at S[Q], which is closed
 * before LIM with no quote, line end, NUL or byte >= 0x80 inside, and
 * followed at once by the delimiter, LF or CRLF (within LEN bytes and
 * CSV_RECORD_MAX). Records the field and returns where it ends (the index
 * of the byte after the closing quote); 0, having recorded nothing, when
 * it is not such a field (or memory ran out: r->status). */
static size_t quoted_field(struct csv_reader *r, const char *s, size_t a, size_t q, size_t lim,
                           size_t len)
{
    const bool trim_tab = r->trim_tab;
    for (size_t t = a; t < q; t++)
        if (!IS_TRIM(s[t]))
            return 0;
    const char *c = memchr(s + q + 1, '"', lim - q - 1);
    if (!c)
        return 0;
    size_t nx = (size_t)(c - s) + 1;
    for (size_t t = q + 1; t + 1 < nx; t++) {
        unsigned char ch = (unsigned char)s[t];
        if (ch == '\n' || ch == '\r' || ch == '\0' || ch >= 0x80)
            return 0;
    }
    if (nx >= lim || !(s[nx] == r->delim || s[nx] == '\n' ||
                       (s[nx] == '\r' && nx + 1 < len && s[nx + 1] == '\n' &&
                        nx + 2 <= CSV_RECORD_MAX)))
        return 0;
    if (r->n_fields == r->alloc_fields && !grow_fields(r))
        return 0;
    r->offs[r->n_fields] = q + 1;
    r->lens[r->n_fields++] = nx - q - 2;
    return nx;
}

/* The commonest line, found in the same pass that finds its end: S starts
 * between records with a line of at most CSV_RECORD_MAX bytes ending in LF
 * (or CRLF), of ASCII with no CR or NUL, and quotes only around whole
 * fields (quoted_field). Its fields are split at the delimiters and trimmed
 * as split_ascii's, and its record delivered. Returns the bytes of the line
 * (its line end included), or 0, having delivered nothing, when S does not
 * start with such a line (LEN when memory ran out: r->status). */
static size_t plain_line(struct csv_reader *r, const char *s, size_t len)
{
    const char delim = r->delim;
    const size_t lim = len < CSV_RECORD_MAX ? len : CSV_RECORD_MAX;
    size_t a = 0;
    r->n_fields = 0;
    for (size_t i = 0; i < lim;) {
        struct block b = lim - i >= 16 ? block16(s + i, delim) : block_bytes(s + i, lim - i, delim);
        unsigned stop = b.lf | b.other;
        unsigned k = stop ? (unsigned)__builtin_ctz(stop) : 16;
        for (unsigned dm = b.delim & ((1u << k) - 1); dm; dm &= dm - 1) {
            size_t d = i + (size_t)__builtin_ctz(dm);
            if (!put_field(r, s, a, d))
                return len; /* out of memory: r->status stops the caller */
            a = d + 1;
        }
        if (!stop) {
            i += 16;
            continue;
        }
        size_t p = i + k;
        if (s[p] == '"') { /* a quoted field: on after it, or the line ends */
            if (!(p = quoted_field(r, s, a, p, lim, len)))
                break;
            if (s[p] == delim) {
                i = a = p + 1;
                continue;
            }
            plain_deliver(r, s, p);
        } else if (s[p] == '\n' || (s[p] == '\r' && p + 1 < len && s[p + 1] == '\n' &&
                                    p + 2 <= CSV_RECORD_MAX)) {
            plain_record(r, s, a, p);
        } else {
            break;
        }
        return p + 1 + (s[p] == '\r');
    }
    if (r->status)
        return len;
    r->n_fields = 0;
    return 0;
}

/* A line with bytes >= 0x80 and no quote, NUL or CR: its fields as
 * split_ascii's, each through add_field (UTF-8 check, Windows-1252). */
static bool split_high(struct csv_reader *r, const char *s, size_t end)
{
    const char delim = r->delim;
    const bool trim_tab = r->trim_tab;
    const char *p = s, *e = s + end;
    while (p < e && IS_TRIM(*p))
        p++;
    if (p == e)
        return true; /* a blank line: no record */
    for (;;) {
        while (p < e && IS_TRIM(*p))
            p++;
        const char *f = p;
        while (p < e && *p != delim)
            p++;
        const char *fe = p;
        while (fe > f && IS_TRIM(fe[-1]))
            fe--;
        add_field(r, f, (size_t)(fe - f), false);
        if (r->status)
            return true;
        if (p == e)
            break;
        p++; /* the delimiter */
    }
    on_record('\n', r);
    return true;
}

/* The line S[0..LEN) ends in LF, starts between records and is not one
 * plain_line takes (it has a quote, a byte >= 0x80, NUL or CR). When it
 * holds no NUL or CR (but a CR just before the LF), deliver its record as
 * libcsv would (split_ascii, split_high). Returns false, having done
 * nothing, when the line is left to libcsv. One pass finds those bytes and
 * copies the line to the record buffer, eight bytes at a time. */
static bool fast_line(struct csv_reader *r, const char *s, size_t len)
{
    size_t end = len - 1;
    if (end > 0 && s[end - 1] == '\r')
        end--;
    if (!reserve_buf(r, end + 1))
        return true;
    char *d = r->buf;
    size_t i = 0;
    uint64_t high = 0, quote = 0;
    for (; i + 8 <= end; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        memcpy(d + i, &w, 8);
        if (HAS_BYTE(w, '\r') | ((w - ONES) & ~w & HIGHS))
            return false;
        quote |= HAS_BYTE(w, '"');
        high |= w;
    }
    for (; i < end; i++) {
        char c = s[i];
        d[i] = c;
        if (c == '\r' || c == '\0')
            return false;
        quote |= c == '"';
        high |= (unsigned char)c;
    }
    d[end] = '\0';
    if (!(high & HIGHS))
        return split_ascii(r, end, quote != 0);
    return !quote && split_high(r, s, end);
}
#undef IS_TRIM

/* Stage 3: the text, in UTF-8 (or Windows-1252), into the fast paths
 * (plain_line, fast_line) and libcsv, up to and including each LF, so that
 * r->line is the line of every byte libcsv sees and records can be given
 * their start line. */
static int feed_parse(struct csv_reader *r, const char *s, size_t len)
{
    while (len > 0) {
        size_t seg = 0;
        if (!r->mid_record) {
            r->rec_line = r->line;
            seg = plain_line(r, s, len);
        }
        if (seg) {
            if (r->status)
                return r->status;
            r->line++;
        } else {
            const char *nl = memchr(s, '\n', len);
            seg = nl ? (size_t)(nl - s) + 1 : len;
            if (nl && !r->mid_record && seg <= CSV_RECORD_MAX && fast_line(r, s, seg)) {
                if (r->status)
                    return r->status;
            } else if (feed_libcsv(r, s, seg)) {
                return r->status;
            }
            if (nl)
                r->line++;
        }
        s += seg;
        len -= seg;
    }
    return WQ_OK;
}

/* Detect the delimiter from the text held back: of comma, tab, semicolon
 * and pipe, the most frequent outside quotes on the first line that is not
 * blank; a tie, or none, is comma. Then parse what was held back. */
static int release_first(struct csv_reader *r)
{
    size_t count[sizeof delims] = {0};
    bool quoted = false, content = false;
    for (size_t i = 0; i < r->first.len; i++) {
        char c = r->first.data[i];
        if (c == '\n' && content && !quoted)
            break;
        if (c == '"')
            quoted = !quoted;
        content |= c != ' ' && c != '\t' && c != '\r' && c != '\n';
        for (size_t k = 0; k < sizeof delims && !quoted; k++)
            count[k] += c == delims[k];
    }
    size_t best = 0;
    bool tie = false;
    for (size_t k = 1; k < sizeof delims; k++) {
        if (count[k] > count[best]) {
            best = k;
            tie = false;
        } else if (count[k] == count[best]) {
            tie = true;
        }
    }
    set_delim(r, tie || !count[best] ? ',' : delims[best]);
    int st = feed_parse(r, r->first.data ? r->first.data : "", r->first.len);
    strbuf_free(&r->first);
    return st;
}

/* Stage 2: hold the text back until the first line that is not blank is
 * whole (or CSV_RECORD_MAX bytes are held), when the delimiter is to be
 * detected. */
static int feed_text(struct csv_reader *r, const char *s, size_t len)
{
    if (r->delim)
        return feed_parse(r, s, len);
    if (!strbuf_append(&r->first, s, len))
        return fail_nomem(r);
    /* the same test as release_first's, kept across chunks: a line end
     * outside quotes after something that is not blank (found by fuzz_csv:
     * a quoted line end used to release the text early in small chunks) */
    bool whole = false;
    for (size_t i = 0; i < len && !whole; i++) {
        whole = s[i] == '\n' && r->first_content && !r->first_quoted;
        r->first_quoted ^= s[i] == '"';
        r->first_content |= s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n';
    }
    if (whole || r->first.len > CSV_RECORD_MAX)
        return release_first(r);
    return WQ_OK;
}

/* The line a byte converted now would be on: the parser's, and any line
 * ends held back. */
static unsigned long text_line(const struct csv_reader *r)
{
    unsigned long line = r->line;
    for (size_t i = 0; i < r->first.len; i++)
        line += r->first.data[i] == '\n';
    return line;
}

enum { CONV = 1 << 15 };

/* Stage 1 for UTF-16: convert to UTF-8 (in CONV-byte pieces, carrying a
 * character split between chunks over) and pass it on. */
static int feed_utf16(struct csv_reader *r, const char *s, size_t len)
{
    while (len > 0) {
        size_t take = len < CONV ? len : CONV;
        memcpy(r->conv_in + r->n_carry, s, take);
        char *in = r->conv_in;
        size_t in_left = r->n_carry + take;
        s += take;
        len -= take;
        for (;;) {
            char *out = r->conv_out;
            size_t out_left = 2 * CONV;
            size_t rc = iconv(r->cd, &in, &in_left, &out, &out_left);
            int e = errno;
            if (out_left < 2 * CONV && feed_text(r, r->conv_out, 2 * CONV - out_left))
                return r->status;
            if (rc != (size_t)-1 || e == EINVAL)
                break; /* done, or a character not yet whole: carried over */
            if (e != E2BIG)
                return r->status = wq_fail(r->err, WQ_EDATA,
                                           &(struct src_pos){r->file, text_line(r), NULL, 0},
                                           "not valid UTF-16 (the file starts with a UTF-16 "
                                           "byte-order mark): a malformed character on this "
                                           "line; save the file again as Unicode Text or CSV");
        }
        memmove(r->conv_in, in, in_left);
        r->n_carry = in_left;
    }
    return WQ_OK;
}

/* Start converting from UTF-16 (FROM: "UTF-16LE" or "UTF-16BE"). */
static int start_utf16(struct csv_reader *r, const char *from)
{
    r->cd = iconv_open("UTF-8", from);
    r->conv_in = malloc(CONV + 4);
    r->conv_out = malloc(2 * CONV);
    if (r->cd == (iconv_t)-1 || !r->conv_in || !r->conv_out)
        return fail_nomem(r);
    return WQ_OK;
}

/* The encoding, from the first bytes HEAD[0..N): a byte-order mark, or
 * UTF-8 (then possibly Windows-1252, field by field) without one. Returns
 * the bytes of the mark, or -1 when more bytes are needed to tell (FINAL:
 * there are no more). */
static int sniff(const unsigned char *h, int n, bool final, enum csv_encoding *enc)
{
    static const struct { unsigned char mark[3]; int len; enum csv_encoding enc; } boms[] = {
        {{0xEF, 0xBB, 0xBF}, 3, CSV_UTF8_BOM},
        {{0xFF, 0xFE, 0}, 2, CSV_UTF16LE},
        {{0xFE, 0xFF, 0}, 2, CSV_UTF16BE},
    };
    for (size_t b = 0; b < sizeof boms / sizeof *boms; b++) {
        int k = 0;
        while (k < n && k < boms[b].len && h[k] == boms[b].mark[k])
            k++;
        if (k == boms[b].len) {
            *enc = boms[b].enc;
            return k;
        }
        if (k == n && !final)
            return -1; /* a prefix of this mark so far */
    }
    *enc = CSV_UTF8;
    return 0;
}

/* The bytes after the encoding is known. */
static int feed_decoded(struct csv_reader *r, const char *s, size_t len)
{
    return r->cd != (iconv_t)-1 ? feed_utf16(r, s, len) : feed_text(r, s, len);
}

/* Decide the encoding from the bytes held in r->head, and pass them on. */
static int decide(struct csv_reader *r, bool final)
{
    int mark = sniff(r->head, r->n_head, final, &r->encoding);
    if (mark < 0)
        return WQ_OK;
    int n = r->n_head;
    r->n_head = -1;
    if (r->encoding == CSV_UTF16LE || r->encoding == CSV_UTF16BE)
        if (start_utf16(r, r->encoding == CSV_UTF16LE ? "UTF-16LE" : "UTF-16BE"))
            return r->status;
    return feed_decoded(r, (const char *)r->head + mark, (size_t)(n - mark));
}

int csv_reader_feed(struct csv_reader *r, const void *data, size_t len, struct wq_error *err)
{
    const char *s = data;
    r->err = err;
    if (r->status)
        return r->status;
    /* a byte-order mark may arrive split over several chunks */
    while (r->n_head >= 0 && len > 0) {
        r->head[r->n_head++] = (unsigned char)*s++;
        len--;
        if (decide(r, false))
            return r->status;
    }
    if (len > 0)
        feed_decoded(r, s, len);
    return r->status;
}

int csv_reader_finish(struct csv_reader *r, struct wq_error *err)
{
    r->err = err;
    if (r->status)
        return r->status;
    if (r->n_head >= 0 && decide(r, true))
        return r->status;
    if (r->n_carry)
        return r->status = wq_fail(err, WQ_EDATA, &(struct src_pos){r->file, text_line(r), NULL, 0},
                                   "the file ends in the middle of a UTF-16 character");
    if (!r->delim && release_first(r))
        return r->status;
    /* A file ending in LF has advanced r->line past its last line. */
    unsigned long line = r->line;
    if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
        if (r->status)
            return r->status;
        return r->status = wq_fail(err, WQ_EDATA,
                                   &(struct src_pos){r->file, r->last_end_line + 1, NULL, 0},
                                   "unbalanced quotes: a quoted field that starts on or after "
                                   "this line is never closed (end of file at line %lu)",
                                   line);
    }
    return r->status;
}

/* A workbook's rows go to the caller's callback; the first says which
 * sheet was read ("name[Sheet]"). */
struct workbook_ctx {
    csv_row_fn fn;
    void *ud;
    struct csv_source *src;
    size_t name_len;
};

static int workbook_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct workbook_ctx *c = ud;
    size_t len = strlen(row->file);
    if (!c->src->sheet_read[0] && len > c->name_len + 1)
        snprintf(c->src->sheet_read, sizeof c->src->sheet_read, "%.*s",
                 (int)(len - c->name_len - 2), row->file + c->name_len + 1);
    return c->fn(row, c->ud, err);
}

/* The file PATH, whose first N bytes HEAD say it is a zip or an OLE2 file. */
static int read_workbook(const char *path, const char *name, const unsigned char *head, size_t n,
                         csv_row_fn fn, void *ud, struct csv_source *src, struct wq_error *err)
{
    if (xlsx_is_ole2(head, n))
        return xlsx_refuse_ole2(name, err);
    if (!strcmp(path, "-"))
        return wq_fail(err, WQ_EDATA, NULL, "%s: standard input is an Excel workbook, which "
                       "can only be read from a file: give the file's name instead of -", name);
    src->encoding = CSV_WORKBOOK;
    struct workbook_ctx c = {fn, ud, src, strlen(name)};
    int st = xlsx_read_file(path, name, src->sheet, workbook_row, &c, err);
    if (!src->sheet_read[0])
        snprintf(src->sheet_read, sizeof src->sheet_read, "%s", src->sheet ? src->sheet : "");
    return st;
}

int csv_feed_stream(struct csv_reader *r, FILE *f, char *buf, size_t n, size_t chunk,
                    struct wq_error *err)
{
    int st;
    for (;;) {
        if (n > 0 && (st = csv_reader_feed(r, buf, n, err)) != WQ_OK)
            return st;
        if (n < chunk) {
            if (ferror(f))
                return wq_fail(err, WQ_EIO, NULL, "error reading %s: %s", r->file,
                               strerror(errno));
            break;
        }
        n = fread(buf, 1, chunk, f);
    }
    return csv_reader_finish(r, err);
}

/* Read on a second thread? --threads 2 says yes, 1 no; by default, yes
 * on a machine with two cores or more for a regular file of at least
 * PIPE_MIN_BYTES (below that, starting a thread costs more than it gains). */
#define PIPE_MIN_BYTES ((off_t)4 << 20)
static bool pipe_wanted(const struct csv_source *src, FILE *f)
{
    if (src->threads)
        return src->threads >= 2;
    struct stat sb;
    return sysconf(_SC_NPROCESSORS_ONLN) >= 2 && fstat(fileno(f), &sb) == 0 &&
           S_ISREG(sb.st_mode) && sb.st_size >= PIPE_MIN_BYTES;
}

int csv_read_file(const char *path, const char *name, csv_row_fn fn, void *ud,
                  struct csv_source *src, struct wq_error *err)
{
    struct csv_source none = {0};
    struct csv_reader r;
    FILE *f = NULL;
    int st;
    if (!src)
        src = &none;
    src->encoding = CSV_UTF8;
    src->delim_used = 0;
    src->cp1252_fields = 0;
    src->sheet_read[0] = '\0';
    name = wq_input_name(name ? name : path);
    enum { CHUNK = 1 << 16 };
    char *buf = malloc(CHUNK);
    if (!buf)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if ((st = wq_open_input(&f, path, err)) != WQ_OK) {
        free(buf);
        return st;
    }
    size_t n = fread(buf, 1, CHUNK, f);
    if (xlsx_is_zip((unsigned char *)buf, n) || xlsx_is_ole2((unsigned char *)buf, n)) {
        fclose(f);
        st = read_workbook(path, name, (unsigned char *)buf, n, fn, ud, src, err);
        free(buf);
        return st;
    }
    st = csv_reader_init_delim(&r, name, src->delim, fn, ud);
    if (st) {
        free(buf);
        fclose(f);
        return wq_fail(err, st, NULL, "out of memory");
    }
    if (!pipe_wanted(src, f))
        st = csv_feed_stream(&r, f, buf, n, CHUNK, err);
    else if (src->split && strcmp(path, "-") != 0)
        st = csv_split_read(&r, f, buf, n, CHUNK, src->split, err);
    else
        st = csv_pipe_read(&r, f, buf, n, CHUNK, err);
    src->encoding = r.encoding;
    src->delim_used = r.delim;
    src->cp1252_fields = r.cp1252_fields;
    free(buf);
    csv_reader_free(&r);
    fclose(f);
    return st;
}
