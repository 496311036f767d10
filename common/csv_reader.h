/* csv_reader.h: streaming CSV records with source positions, over libcsv.
 *
 * Bytes are pushed in (csv_reader_feed, any chunk size) and every complete
 * record is handed to a callback together with the physical line on which it
 * starts, so every later message can say file:line. The reader:
 *   - strips a UTF-8 byte-order mark at the start of the stream;
 *   - accepts LF and CRLF line endings, RFC 4180 quoting (commas, quotes and
 *     newlines inside quoted fields);
 *   - trims spaces around unquoted fields, and tabs unless tab is the
 *     delimiter (libcsv's default);
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

#include <iconv.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <csv.h>

#include "diag.h"
#include "text.h"

/* The longest record (one row: its fields as assembled, a byte between
 * each) the reader accepts, so also the longest field: 1 MiB. An ESR row is
 * a few hundred bytes; a longer one is a file that is not CSV, a missing
 * line end, or a quote left open. */
#define CSV_RECORD_MAX ((size_t)1 << 20)

/* One record. Valid only during the callback: copy what you keep. */
struct csv_row {
    const char *file;       /* display name of the source (borrowed) */
    unsigned long line;     /* physical line where the record starts (a
                               workbook's: the worksheet row) */
    unsigned long record;   /* 1-based record number (the header is 1) */
    size_t n_fields;
    char *const *fields;    /* NUL-terminated UTF-8 */
    const size_t *lens;     /* byte length of each field */
    bool workbook;          /* from a worksheet: field I is in column I+1 */
};

/* The column of ROW's field COL (0-based; -1 for none) as src_pos.cell
 * wants it: COL + 1 when ROW comes from a workbook, else 0 (no cell). */
static inline unsigned csv_row_cell(const struct csv_row *row, int col)
{
    return row->workbook && col >= 0 ? (unsigned)col + 1 : 0;
}

/* What a source turned out to be. */
enum csv_encoding {
    CSV_UTF8, CSV_UTF8_BOM, CSV_UTF16LE, CSV_UTF16BE, CSV_WORKBOOK
};

struct csv_split;

/* How to read one input, and what was found in it (csv_read_file). */
struct csv_source {
    /* given (zero: detect, the first sheet) */
    const char *sheet;          /* the worksheet of a workbook, or NULL */
    char delim;                 /* ',' '\t' ';' '|', or 0: detect */
    int threads;                /* 2: read a CSV file on a second thread
                                   (csv_pipe.h), 1: not, 0: when it pays */
    struct csv_split *split;    /* or NULL: with 2 threads, the second half
                                   of a file may be read and handled on the
                                   second thread (csv_pipe.h) */
    /* found */
    enum csv_encoding encoding;
    char delim_used;
    unsigned long cp1252_fields; /* fields converted from Windows-1252 */
    char sheet_read[256];       /* the worksheet read, for a workbook */
};

/* S as a person would say it, into BUF: "UTF-8, comma-separated",
 * "Windows-1252 (3 fields converted), tab-separated", "UTF-16LE,
 * tab-separated", "Excel workbook, sheet 'Staff'". */
void csv_source_describe(const struct csv_source *s, char *buf, size_t size);

/* The delimiter named by S: comma, tab, semicolon, pipe or the character
 * itself; 0 for anything else. */
char csv_delim_parse(const char *s);

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
    enum csv_encoding encoding;
    unsigned char head[4];       /* the first bytes, until the encoding is known */
    int n_head;                  /* -1: the encoding is known */
    iconv_t cd;                  /* UTF-16 to UTF-8, or (iconv_t)-1 */
    char *conv_in, *conv_out;    /* UTF-16 bytes carried over; converted */
    size_t n_carry;
    char delim;                  /* 0 until detected */
    bool trim_tab;               /* tab is trimmed (it is not the delimiter) */
    struct strbuf first;         /* bytes held back until the first line is
                                    whole, to detect the delimiter */
    bool first_content;          /* ... and it has more than blanks */
    bool first_quoted;           /* ... and a quote is open at its end */
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

/* Prepare R to read a range of a file from a record's start on, read so
 * far by FIRST: its delimiter and encoding (UTF-8: no byte-order mark is
 * looked for), lines counted from 1. Returns as csv_reader_init. */
int csv_reader_init_range(struct csv_reader *r, const struct csv_reader *first, csv_row_fn fn,
                          void *ud);

/* Prepare R. FILE is the display name used in messages (borrowed: it must
 * outlive R). DELIM: the delimiter, or 0 to detect it. Returns WQ_OK or
 * WQ_ENOMEM. */
int csv_reader_init(struct csv_reader *r, const char *file, csv_row_fn fn, void *ud);
int csv_reader_init_delim(struct csv_reader *r, const char *file, char delim, csv_row_fn fn,
                          void *ud);

/* Push LEN bytes. Returns WQ_OK, or the status of the first error (a
 * parse error WQ_EDATA naming file:line, or the callback's status), with
 * ERR filled. After an error the reader must only be freed. */
int csv_reader_feed(struct csv_reader *r, const void *data, size_t len, struct wq_error *err);

/* Flush the last record (one without a trailing newline) and check that
 * no quoted field is left open. Returns as csv_reader_feed. */
int csv_reader_finish(struct csv_reader *r, struct wq_error *err);

/* Release R's buffers (does not free R itself). */
void csv_reader_free(struct csv_reader *r);

/* Feed R the stream F (its first N bytes already in BUF, of CHUNK
 * bytes; the rest read CHUNK at a time into BUF), then finish R. Returns as
 * csv_reader_finish, or WQ_EIO (naming R's file) on a read error. */
int csv_feed_stream(struct csv_reader *r, FILE *f, char *buf, size_t n, size_t chunk,
                    struct wq_error *err);

/* Read the file at PATH through a reader: WQ_ENOINPUT when it cannot be
 * opened (message names the file and the system's reason), WQ_EIO on a
 * read error, otherwise as csv_reader_feed. NAME is the display name. A
 * file that starts as a zip is an Excel workbook, read with
 * xlsx_read_file (the sheet SRC->sheet); a legacy .xls (OLE2) is refused,
 * and so is a workbook on standard input ("-", which libzip cannot seek).
 * SRC (may be NULL: detect everything) says how to read and receives what
 * was found. */
int csv_read_file(const char *path, const char *name, csv_row_fn fn, void *ud,
                  struct csv_source *src, struct wq_error *err);

#endif
