/* csv_pipe.h: a CSV file read on a second thread (csv_read_file, --threads 2).
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

#endif
