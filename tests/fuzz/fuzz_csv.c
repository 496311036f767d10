/* fuzz_csv.c: libFuzzer target for the streaming CSV reader (csv_reader.h).
 *
 * Input: one option byte, then the CSV bytes (UTF-8, Windows-1252, or
 * UTF-16 after its byte-order mark; any delimiter, detected). The option byte selects
 *   bits 0-3  the chunk size the bytes are pushed in (1, 2, 3 ... 4096, all);
 *   bit  4    vary the chunk size (1, 2, ... up to that size, round robin);
 *   bit  5    the callback stops the reader (WQ_EDATA) at record 1 + bits 6-7.
 * Every field of every record is touched and checked (NUL-terminated, no
 * inner NUL, valid UTF-8, lengths right, lines non-decreasing, records
 * numbered 1, 2, ...), interned into a strmap as the extract code does, and
 * the whole run is compared with a second run that pushes everything at once
 * and a third through csv_read_file on a scratch file: records, lines,
 * status, message and the count of Windows-1252 fields must not depend on the
 * chunking. This is also a differential test of the reader's fast path
 * (whole lines without quotes split directly) against libcsv: pushed in
 * small chunks, no line is ever whole in one chunk and every byte goes
 * through libcsv; pushed at once, most lines take the fast path. */
#include "fuzz_common.h"

#include "csv_reader.h"
#include "text.h"
#include "xlsx_reader.h"

struct fuzz_csv_run {
    uint64_t hash;          /* transcript of every record */
    unsigned long records;
    unsigned long last_line;
    unsigned long stop_at;  /* 0 = never stop */
    struct strmap names;
};

static struct fuzz_file fuzz_csv_input;

static void fuzz_csv_cleanup(void)
{
    fuzz_file_remove(&fuzz_csv_input);
}

static void fuzz_csv_mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= s[i];
        *h *= 1099511628211ULL;
    }
}

static int fuzz_csv_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct fuzz_csv_run *run = ud;
    FUZZ_CHECK(row->record == run->records + 1);
    FUZZ_CHECK(row->line >= 1);
    FUZZ_CHECK(row->line >= run->last_line);
    FUZZ_CHECK(row->n_fields >= 1);
    FUZZ_CHECK(row->file && strcmp(row->file, "fuzz.csv") == 0);
    run->records++;
    run->last_line = row->line;
    fuzz_csv_mix(&run->hash, &row->line, sizeof row->line);
    fuzz_csv_mix(&run->hash, &row->n_fields, sizeof row->n_fields);
    for (size_t i = 0; i < row->n_fields; i++) {
        const char *f = row->fields[i];
        size_t len = row->lens[i];
        FUZZ_CHECK(f != NULL);
        FUZZ_CHECK(f[len] == '\0');
        FUZZ_CHECK(strlen(f) == len);
        FUZZ_CHECK(text_utf8_valid(f, len));
        fuzz_csv_mix(&run->hash, &len, sizeof len);
        fuzz_csv_mix(&run->hash, f, len);
        if (run->names.n_names < 4096) {
            long k = strmap_intern(&run->names, f);
            FUZZ_CHECK(k >= 0);
            FUZZ_CHECK(strmap_find(&run->names, f) == k);
        }
    }
    if (run->stop_at && run->records == run->stop_at)
        return wq_fail(err, WQ_EDATA, NULL, "stopped by the fuzzer at record %lu", run->records);
    return WQ_OK;
}

/* Push DATA in chunks (CHUNK 0 = all at once); returns the status. */
static int fuzz_csv_feed(const uint8_t *data, size_t size, size_t chunk, int vary,
                         struct fuzz_csv_run *run, unsigned long *cp1252, struct wq_error *err)
{
    struct csv_reader r;
    int st = csv_reader_init(&r, "fuzz.csv", fuzz_csv_row, run);
    if (st)
        return st;
    size_t off = 0, step = 1;
    while (off < size && st == WQ_OK) {
        size_t n = chunk == 0 ? size : vary ? step : chunk;
        if (n > size - off)
            n = size - off;
        st = csv_reader_feed(&r, data + off, n, err);
        off += n;
        if (vary && ++step > chunk)
            step = 1;
    }
    if (st == WQ_OK)
        st = csv_reader_finish(&r, err);
    *cp1252 = r.cp1252_fields;
    /* After an error the reader must still only be freed; feeding more must
     * keep returning the same status without calling back. */
    if (st != WQ_OK) {
        unsigned long before = run->records;
        FUZZ_CHECK(csv_reader_feed(&r, "x\n", 2, err) == st);
        FUZZ_CHECK(csv_reader_finish(&r, err) == st);
        FUZZ_CHECK(run->records == before);
    }
    csv_reader_free(&r);
    return st;
}

FUZZ_ENTRY(csv)
{
    static const size_t chunks[16] = {1, 2, 3, 4, 5, 6, 7, 8, 13, 16, 31, 64, 100, 257, 4096, 0};
    static int registered;
    if (!registered) {
        atexit(fuzz_csv_cleanup);
        registered = 1;
    }
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    data++;
    size--;
    size_t chunk = chunks[opt & 15];
    int vary = (opt & 16) && chunk > 1;
    unsigned long stop_at = (opt & 32) ? 1 + (opt >> 6) : 0;

    struct fuzz_csv_run a = {.hash = 1469598103934665603ULL, .stop_at = stop_at};
    struct fuzz_csv_run b = a;
    struct fuzz_csv_run c = a;
    struct wq_error ea = {0}, eb = {0}, ec = {0};
    unsigned long ca = 0, cb = 0, cc = 0;
    int sa = fuzz_csv_feed(data, size, chunk, vary, &a, &ca, &ea);
    int sb = fuzz_csv_feed(data, size, 0, 0, &b, &cb, &eb);
    FUZZ_CHECK(sa == WQ_OK || sa == WQ_EDATA || sa == WQ_ENOMEM);
    if (sa != WQ_OK) {
        FUZZ_CHECK(ea.code == sa);
        FUZZ_CHECK(ea.msg[0] != '\0');
        FUZZ_CHECK(memchr(ea.msg, '\0', sizeof ea.msg) != NULL);
    }
    FUZZ_CHECK(sa == sb);
    FUZZ_CHECK(a.records == b.records);
    FUZZ_CHECK(a.hash == b.hash);
    FUZZ_CHECK(a.names.n_names == b.names.n_names);
    if (sa != WQ_OK)
        FUZZ_CHECK(strcmp(ea.msg, eb.msg) == 0);
    if (sa == WQ_OK)
        FUZZ_CHECK(ca == cb);

    /* The same bytes through csv_read_file (64 KB reads), unless they
     * start as a workbook (read by xlsx_reader, fuzz_xlsx's business). */
    const char *path = fuzz_file_write(&fuzz_csv_input, "fuzz-csv", data, size);
    if (path && !xlsx_is_zip(data, size) && !xlsx_is_ole2(data, size)) {
        struct csv_source src = {0};
        int sc = csv_read_file(path, "fuzz.csv", fuzz_csv_row, &c, &src, &ec);
        cc = src.cp1252_fields;
        FUZZ_CHECK(sc == sb);
        FUZZ_CHECK(c.records == b.records);
        FUZZ_CHECK(c.hash == b.hash);
        if (sc != WQ_OK)
            FUZZ_CHECK(strcmp(ec.msg, eb.msg) == 0);
        else
            FUZZ_CHECK(cc == cb);
    }
    strmap_free(&a.names);
    strmap_free(&b.names);
    strmap_free(&c.names);
    return 0;
}
