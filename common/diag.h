/* diag.h: status codes, error records and warnings shared by every module.
 *
 * Nothing in common/ calls exit(): functions return an int status (one of
 * enum wq_status, whose values are the process exit codes of the error
 * contract in docs/design.md, section 4) and fill a struct wq_error; main() decides.
 * Messages never contain personal data: callers pass aggregates and column
 * names only, never a field value from an identifier column. */
#ifndef WQ_DIAG_H
#define WQ_DIAG_H

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

enum wq_status {
    WQ_OK = 0,
    WQ_EUSAGE = 64,     /* bad command line */
    WQ_EDATA = 65,      /* bad input data */
    WQ_ENOINPUT = 66,   /* input missing or unreadable */
    WQ_ENOMEM = 71,     /* out of memory (EX_OSERR) */
    WQ_ECANTCREAT = 73, /* output cannot be created */
    WQ_EIO = 74         /* I/O error while reading or writing */
};

/* A position in an input file: FILE is borrowed, LINE is 1-based (0 = none),
 * COLUMN is a header name or NULL. CELL, for a row of a workbook: the
 * column's number (1 = A), shown with LINE as a cell ("cell C17"); 0 for
 * none (a CSV file: csv_row_cell gives the right one). */
struct src_pos {
    const char *file;
    unsigned long line;
    const char *column;
    unsigned cell;
};

/* An error filled in by a callee. MSG is complete, already prefixed with the
 * position ("staff.csv:17: column 'Pay Band': ..."). */
struct wq_error {
    int code;
    char msg[1024];
};

/* Fill ERR with CODE and a message prefixed by POS (may be NULL). Returns CODE,
 * so callers can write  return wq_fail(err, WQ_EDATA, &pos, "...");  */
int wq_fail(struct wq_error *err, int code, const struct src_pos *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int wq_vfail(struct wq_error *err, int code, const struct src_pos *pos, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Open PATH for reading as an input file into *F: WQ_OK, or *F NULL and
 * ERR filled, "cannot open PATH: REASON": WQ_ENOMEM when fopen could not
 * allocate, else WQ_ENOINPUT, a directory included (fopen accepts one on
 * Linux and only the first read would fail). PATH "-" is standard input
 * (the command line lets one input be "-"); the caller fcloses the stream
 * either way. */
int wq_open_input(FILE **f, const char *path, struct wq_error *err);

/* Create PATH for writing (fopen mode "w") into *F: WQ_OK, or *F NULL and
 * ERR filled, "cannot create NAME: REASON" (NAME: PATH as the user knows
 * it), WQ_ENOMEM when fopen could not allocate its buffer, else
 * WQ_ECANTCREAT. */
int wq_open_output(FILE **f, const char *path, const char *name, struct wq_error *err);

/* PATH as messages name it: "<stdin>" for "-", else PATH itself (borrowed).
 * wq_format_pos applies it to every position. */
const char *wq_input_name(const char *path);

/* PATH as reports and accounts show it: its last component ("staff.csv" for
 * "/home/someone/Downloads/staff.csv"; "<stdin>" for "-"), so that nothing
 * written for others carries a folder that may name a person. Messages keep
 * the whole path (wq_input_name): they go to the user who typed it. */
const char *wq_input_shown(const char *path);

/* Static text for a status ("bad input data"). Do not free. */
const char *wq_strerror(int code);

/* Format POS as "file:line: column 'X': " into BUF (always NUL-terminated);
 * with a cell, "file[Sheet]:17: cell C17, column 'X': ". */
void wq_format_pos(char *buf, size_t size, const struct src_pos *pos);

/* The letters of spreadsheet column COL (0 = A, 26 = AA) into BUF. */
void wq_column_letters(size_t col, char buf[8]);

#endif
