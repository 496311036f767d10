/* csv_reader.h: streaming CSV records with source positions, over libcsv.
 *
 * Bytes are pushed in (csv_reader_feed, any chunk size) and every complete
 * record is handed to a callback together with the physical line on which it
 * starts, so every later message can say file:line. The reader:
 *   - strips a UTF-8 byte-order mark at the start of the stream;
 *   - accepts LF and CRLF line endings, RFC 4180 quoting (commas, quotes and
 *     newlines inside quoted fields);
 *   - trims spaces around unquoted fields (libcsv's default);
 *   - converts a field that is not valid UTF-8 from Windows-1252 to UTF-8
 *     (Excel's "CSV" on Windows), counting such fields;
 *   - refuses NUL bytes (a binary file), unbalanced quotes and a record
 *     longer than CSV_RECORD_MAX (WQ_EDATA), as the bytes arrive: /dev/zero
 *     or a file with no line end fails at once, in bounded memory;
 *   - skips empty physical lines (libcsv does not report them).
 * Lines are counted by LF. The header is delivered like any other record
 * (its line is normally 1); interpreting it is the caller's business.
 * Memory is bounded by CSV_RECORD_MAX, not by the file. */
#ifndef WQ_CSV_READER_H
#define WQ_CSV_READER_H

#include <stddef.h>
#include <csv.h>

#include "diag.h"

/* The longest record (one row: its fields as assembled, a byte between
 * each) the reader accepts, so also the longest field: 1 MiB. An ESR row is
 * a few hundred bytes; a longer one is a file that is not CSV, a missing
 * line end, or a quote left open. */
#define CSV_RECORD_MAX ((size_t)1 << 20)

/* One record. Valid only during the callback: copy what you keep. */
struct csv_row {
    const char *file;       /* display name of the source (borrowed) */
    unsigned long line;     /* physical line where the record starts */
    unsigned long record;   /* 1-based record number (the header is 1) */
    size_t n_fields;
    char *const *fields;    /* NUL-terminated UTF-8 */
    const size_t *lens;     /* byte length of each field */
};

/* Called once per record. Return WQ_OK to go on; anything else stops the
 * reader, which returns that status (the callback fills ERR). */
typedef int (*csv_row_fn)(const struct csv_row *row, void *ud, struct wq_error *err);

struct csv_reader {
    struct csv_parser parser;
    const char *file;
    csv_row_fn fn;
    void *ud;
    unsigned long line;          /* physical line of the next byte */
    unsigned long record;        /* records delivered so far */
    unsigned long last_end_line; /* line on which the last record ended */
    unsigned long rec_line;      /* line where libcsv's current record began */
    unsigned long rec_newlines;  /* LFs inside quoted fields of the record */
    unsigned long cp1252_fields; /* fields converted from Windows-1252 */
    unsigned long cp1252_first_line;
    int bom_state;               /* bytes of the BOM matched; -1 = done */
    int mid_record;              /* libcsv may be inside a record */
    int quotes_odd;              /* odd number of quotes fed to libcsv since
                                    it was last between records */
    int status;                  /* first error raised inside a callback */
    struct wq_error *err;
    /* the record being assembled: all field bytes back to back */
    char *buf;
    size_t buf_used, buf_alloc;
    size_t *offs;                /* start of each field in buf */
    size_t *lens;
    char **fields;
    size_t n_fields, alloc_fields;
};

/* Prepare R. FILE is the display name used in messages (borrowed: it must
 * outlive R). Returns WQ_OK or WQ_ENOMEM. */
int csv_reader_init(struct csv_reader *r, const char *file, csv_row_fn fn, void *ud);

/* Push LEN bytes. Returns WQ_OK, or the status of the first error (a
 * parse error WQ_EDATA naming file:line, or the callback's status), with
 * ERR filled. After an error the reader must only be freed. */
int csv_reader_feed(struct csv_reader *r, const void *data, size_t len, struct wq_error *err);

/* Flush the last record (one without a trailing newline) and check that
 * no quoted field is left open. Returns as csv_reader_feed. */
int csv_reader_finish(struct csv_reader *r, struct wq_error *err);

/* Release R's buffers (does not free R itself). */
void csv_reader_free(struct csv_reader *r);

/* Read the file at PATH through a reader: WQ_ENOINPUT when it cannot be
 * opened (message names the file and the system's reason), WQ_EIO on a
 * read error, otherwise as csv_reader_feed. NAME is the display name. If
 * CP1252_FIELDS is not NULL it receives the count of converted fields. */
int csv_read_file(const char *path, const char *name, csv_row_fn fn, void *ud,
                  unsigned long *cp1252_fields, struct wq_error *err);

#endif
