/* csv_pipe.h: a CSV file read on a second thread (csv_read_file, --threads 2):
 * either split into records there while the calling thread counts them
 * (csv_pipe_read), or, for a caller that can merge, read as two ranges, each
 * split and counted on its own thread (csv_split_read, below).
 *
 * One thread reads the file and splits it into records (csv_reader: the
 * bytes, quotes, encodings, line numbers); the calling thread runs the row
 * callback on them, in file order, a batch of records at a time. The callback
 * sees exactly the rows, lines and record numbers of a one-thread read, and
 * the run ends with the same status and message: a callback's error stops the
 * reading thread, and a reading error is reported after every row before it
 * has been handed to the callback. Memory is bounded by PIPE_BATCHES batches
 * of at most PIPE_BATCH_BYTES (plus one record, at most CSV_RECORD_MAX). */
#ifndef WQ_CSV_PIPE_H
#define WQ_CSV_PIPE_H

#include <stdbool.h>
#include <stdio.h>

#include "csv_reader.h"

#define PIPE_BATCHES 4
#define PIPE_BATCH_BYTES ((size_t)256 << 10)

/* Read F (its first N bytes already in BUF, of CHUNK bytes) through R, whose
 * callback and user data are the row callback's, as csv_feed_stream does,
 * with the reading on a second thread. Falls back to one thread when the
 * thread cannot be started. */
int csv_pipe_read(struct csv_reader *r, FILE *f, char *buf, size_t n, size_t chunk,
                  struct wq_error *err);

/* A file read as two ranges, each split and handled on its own thread
 * (--threads 2 with csv_source.split). The second range starts after the
 * first line end at or after the middle of the file. The calling thread
 * reads the first range (the header included) with the caller's data; once
 * that has been handled, FORK makes the data for the second range's rows,
 * which the second thread reads and hands to the same callback, its lines
 * counted from 1. When the first range ends between records (not inside a
 * quoted field) with no error, the second range ran without error and
 * USABLE says its data can be merged, USED is set: the rows after LINES
 * lines went to UD2, and the caller merges them after its own (adding LINES
 * to any line it kept). Otherwise the calling thread reads on from the
 * boundary itself, so the rows, first error and messages are those of one
 * thread. UD2 (when not NULL, used or not) is the caller's to free. */
struct csv_split {
    void *(*fork)(void *ud);    /* NULL: no second range */
    bool (*usable)(void *ud2);
    void *ud2;                  /* found */
    bool used;
    unsigned long lines;
};

/* csv_pipe_read, reading the second half of F (a regular file, at its
 * start) through SPLIT when it can (see struct csv_split), else as
 * csv_pipe_read. */
int csv_split_read(struct csv_reader *r, FILE *f, char *buf, size_t n, size_t chunk,
                   struct csv_split *split, struct wq_error *err);

#endif
