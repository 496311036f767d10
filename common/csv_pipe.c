/* csv_pipe.c: a CSV file read on a second thread (csv_pipe.h). */
#include "csv_pipe.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

/* One record in a batch: its fields are offs/lens[first .. first + n). */
struct brow {
    unsigned long line, record;
    size_t first, n;
};

/* Records copied out of the reader's buffer, handed over together. */
struct batch {
    char *bytes;
    size_t n_bytes, cap_bytes;
    size_t *offs, *lens;
    size_t n_fields, cap_offs, cap_lens;
    struct brow *rows;
    size_t n_rows, cap_rows;
};

struct pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct batch b[PIPE_BATCHES];
    size_t head, count;     /* batches ready for the callback: b[head] ... */
    size_t fill;            /* the batch the reading thread fills */
    bool done;              /* the reading thread has handed over its last */
    bool stop;              /* the callback failed: reading is to stop */
    int status;             /* the reading thread's status */
    struct wq_error err;    /* ... and its message */
    struct csv_reader *r;
    FILE *f;
    char *buf;
    size_t n, chunk;
    csv_row_fn fn;
    void *ud;
};

/* A status the reading thread stops with when the callback has failed
 * (never reported: the callback's own status is). */
#define PIPE_STOPPED (-1000)

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

/* Copy ROW into batch B. */
static bool batch_add(struct batch *b, const struct csv_row *row)
{
    size_t bytes = 0;
    for (size_t i = 0; i < row->n_fields; i++)
        bytes += row->lens[i] + 1;
    size_t nf = b->n_fields + row->n_fields;
    if (!grow((void **)&b->bytes, &b->cap_bytes, b->n_bytes + bytes, 1) ||
        !grow((void **)&b->offs, &b->cap_offs, nf, sizeof *b->offs) ||
        !grow((void **)&b->lens, &b->cap_lens, nf, sizeof *b->lens) ||
        !grow((void **)&b->rows, &b->cap_rows, b->n_rows + 1, sizeof *b->rows))
        return false;
    b->rows[b->n_rows++] = (struct brow){row->line, row->record, b->n_fields, row->n_fields};
    for (size_t i = 0; i < row->n_fields; i++) {
        memcpy(b->bytes + b->n_bytes, row->fields[i], row->lens[i] + 1);
        b->offs[b->n_fields] = b->n_bytes;
        b->lens[b->n_fields++] = row->lens[i];
        b->n_bytes += row->lens[i] + 1;
    }
    return true;
}

/* The reading thread: its batch is full (or the file done): hand it over
 * and wait for a free one. False when the callback has failed. */
static bool hand_over(struct pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->count++;
    pthread_cond_broadcast(&p->cv);
    while (p->count == PIPE_BATCHES && !p->stop)
        pthread_cond_wait(&p->cv, &p->mu);
    bool go = !p->stop;
    p->fill = (p->head + p->count) % PIPE_BATCHES;
    pthread_mutex_unlock(&p->mu);
    struct batch *b = &p->b[p->fill];
    b->n_bytes = b->n_fields = b->n_rows = 0;
    return go;
}

/* The reader's callback on the reading thread. */
static int pipe_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct pipe *p = ud;
    struct batch *b = &p->b[p->fill];
    if (!batch_add(b, row))
        return wq_fail(err, WQ_ENOMEM, &(struct src_pos){row->file, row->line, NULL, 0},
                       "out of memory while reading a record");
    if (b->n_bytes >= PIPE_BATCH_BYTES && !hand_over(p))
        return PIPE_STOPPED;
    return WQ_OK;
}

static void *reading_thread(void *arg)
{
    struct pipe *p = arg;
    int st = csv_feed_stream(p->r, p->f, p->buf, p->n, p->chunk, &p->err);
    pthread_mutex_lock(&p->mu);
    p->status = st;
    p->count++; /* the last batch, perhaps empty */
    p->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The calling thread: run the callback on batch B's rows. */
static int run_batch(struct pipe *p, const struct batch *b, char ***fields, size_t *cap,
                     struct wq_error *err)
{
    for (size_t k = 0; k < b->n_rows; k++) {
        const struct brow *br = &b->rows[k];
        if (!grow((void **)fields, cap, br->n ? br->n : 1, sizeof **fields))
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        for (size_t i = 0; i < br->n; i++)
            (*fields)[i] = b->bytes + b->offs[br->first + i];
        struct csv_row row = {
            .file = p->r->file,
            .line = br->line,
            .record = br->record,
            .n_fields = br->n,
            .fields = *fields,
            .lens = b->lens + br->first,
        };
        int st = p->fn(&row, p->ud, err);
        if (st != WQ_OK)
            return st;
    }
    return WQ_OK;
}

/* The calling thread: every batch in turn, until the last or an error. */
static int consume(struct pipe *p, struct wq_error *err)
{
    char **fields = NULL;
    size_t cap = 0;
    int st = WQ_OK;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->count && !p->done)
            pthread_cond_wait(&p->cv, &p->mu);
        bool last = p->done && p->count == 1;
        bool none = !p->count;
        struct batch *b = &p->b[p->head];
        pthread_mutex_unlock(&p->mu);
        if (none)
            break;
        st = run_batch(p, b, &fields, &cap, err);
        pthread_mutex_lock(&p->mu);
        p->head = (p->head + 1) % PIPE_BATCHES;
        p->count--;
        if (st != WQ_OK)
            p->stop = true;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (st != WQ_OK || last)
            break;
    }
    free(fields);
    return st;
}

static void free_batches(struct pipe *p)
{
    for (size_t i = 0; i < PIPE_BATCHES; i++) {
        free(p->b[i].bytes);
        free(p->b[i].offs);
        free(p->b[i].lens);
        free(p->b[i].rows);
    }
}

int csv_pipe_read(struct csv_reader *r, FILE *f, char *buf, size_t n, size_t chunk,
                  struct wq_error *err)
{
    struct pipe *p = calloc(1, sizeof *p);
    if (!p)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    *p = (struct pipe){.r = r, .f = f, .buf = buf, .n = n, .chunk = chunk,
                       .fn = r->fn, .ud = r->ud};
    pthread_t t;
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        return csv_feed_stream(r, f, buf, n, chunk, err);
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        free(p);
        return csv_feed_stream(r, f, buf, n, chunk, err);
    }
    r->fn = pipe_row;
    r->ud = p;
    if (pthread_create(&t, NULL, reading_thread, p) != 0) {
        r->fn = p->fn;
        r->ud = p->ud;
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return csv_feed_stream(r, f, buf, n, chunk, err);
    }
    int st = consume(p, err);
    pthread_join(t, NULL);
    if (st == WQ_OK && p->status != WQ_OK) {
        *err = p->err;
        st = p->status;
    }
    r->fn = p->fn;
    r->ud = p->ud;
    free_batches(p);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
    return st;
}

/* ------------------------------------------------------------------ */
/* Two ranges (csv_split_read)                                          */

/* The second range, read, split and handled on the second thread. */
struct range2 {
    struct csv_reader r;
    int fd;
    off_t from;
    size_t chunk;
    atomic_int stop;        /* set: the first range's thread gives it up */
    int status;
    struct wq_error err;
};

static void *range2_thread(void *arg)
{
    struct range2 *t = arg;
    char *buf = malloc(t->chunk);
    off_t pos = t->from;
    int st;
    for (;;) {
        if (!buf || atomic_load(&t->stop)) {
            st = buf ? PIPE_STOPPED : WQ_ENOMEM;
            break;
        }
        ssize_t k = pread(t->fd, buf, t->chunk, pos);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            st = k < 0 ? WQ_EIO : csv_reader_finish(&t->r, &t->err);
            break;
        }
        pos += k;
        if ((st = csv_reader_feed(&t->r, buf, (size_t)k, &t->err)) != WQ_OK)
            break;
    }
    free(buf);
    t->status = st;
    return NULL;
}

/* The offset just after the first line end at or after the middle of the
 * file FD of SIZE bytes, or 0 when there is none before the end (or within
 * CSV_RECORD_MAX bytes: then the file is left whole). */
static off_t split_point(int fd, off_t size)
{
    char tmp[4096];
    off_t pos = size / 2;
    while (pos - size / 2 <= (off_t)CSV_RECORD_MAX) {
        ssize_t k = pread(fd, tmp, sizeof tmp, pos);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        const char *nl = memchr(tmp, '\n', (size_t)k);
        if (nl) {
            off_t b = pos + (nl - tmp) + 1;
            return b < size ? b : 0;
        }
        pos += k;
    }
    return 0;
}

/* The calling thread's reading: BUF[OFF..N) read and not yet fed, POS the
 * file offset of BUF[OFF]; N < CHUNK when the file has ended. */
struct stream {
    FILE *f;
    char *buf;
    size_t chunk, off, n;
    off_t pos;
};

/* Feed R the bytes of S up to offset END (or the end of the file). */
static int feed_to(struct csv_reader *r, struct stream *s, off_t end, struct wq_error *err)
{
    while (s->pos < end) {
        if (s->off == s->n) {
            if (s->n < s->chunk)
                break;
            s->n = fread(s->buf, 1, s->chunk, s->f);
            s->off = 0;
            continue;
        }
        size_t take = s->n - s->off;
        if ((off_t)take > end - s->pos)
            take = (size_t)(end - s->pos);
        int st = csv_reader_feed(r, s->buf + s->off, take, err);
        s->off += take;
        s->pos += (off_t)take;
        if (st != WQ_OK)
            return st;
    }
    return WQ_OK;
}

/* The rest of S through R, as csv_pipe_read. */
static int read_rest(struct csv_reader *r, struct stream *s, struct wq_error *err)
{
    if (s->off < s->n) {
        int st = csv_reader_feed(r, s->buf + s->off, s->n - s->off, err);
        if (st != WQ_OK)
            return st;
    }
    if (s->n < s->chunk)
        return csv_feed_stream(r, s->f, s->buf, 0, s->chunk, err);
    size_t n = fread(s->buf, 1, s->chunk, s->f);
    return csv_pipe_read(r, s->f, s->buf, n, s->chunk, err);
}

/* Start the second range at END with the data SP->ud2; NULL when it
 * cannot be started. */
static struct range2 *start_range2(const struct csv_reader *r, int fd, off_t end, size_t chunk,
                                   struct csv_split *sp, pthread_t *th)
{
    struct range2 *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fd = fd;
    t->from = end;
    t->chunk = chunk;
    atomic_init(&t->stop, 0);
    if (csv_reader_init_range(&t->r, r, r->fn, sp->ud2) == WQ_OK &&
        pthread_create(th, NULL, range2_thread, t) == 0)
        return t;
    csv_reader_free(&t->r);
    free(t);
    return NULL;
}

int csv_split_read(struct csv_reader *r, FILE *f, char *buf, size_t n, size_t chunk,
                   struct csv_split *sp, struct wq_error *err)
{
    struct stat sb;
    off_t end = 0;
    sp->ud2 = NULL;
    sp->used = false;
    sp->lines = 0;
    if (sp->fork && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode))
        end = split_point(fileno(f), sb.st_size);
    if (!end)
        return csv_pipe_read(r, f, buf, n, chunk, err);
    struct stream s = {f, buf, chunk, 0, n, 0};
    /* the first chunk (up to the boundary) here: the header, the
     * delimiter, the encoding */
    int st = feed_to(r, &s, (off_t)n < end ? (off_t)n : end, err);
    if (st != WQ_OK)
        return st;
    pthread_t th;
    struct range2 *t = NULL;
    if (r->n_head < 0 && r->cd == (iconv_t)-1 && r->delim && (sp->ud2 = sp->fork(r->ud)))
        t = start_range2(r, fileno(f), end, chunk, sp, &th);
    if (!t)
        return read_rest(r, &s, err);
    st = feed_to(r, &s, end, err);
    /* the second range is right when the first ends between records */
    bool whole = st == WQ_OK && s.pos == end && !r->mid_record;
    if (!whole)
        atomic_store(&t->stop, 1);
    pthread_join(th, NULL);
    if (whole && t->status == WQ_OK && (!sp->usable || sp->usable(sp->ud2))) {
        sp->used = true;
        sp->lines = r->line - 1;
        r->cp1252_fields += t->r.cp1252_fields;
    }
    csv_reader_free(&t->r);
    free(t);
    if (st != WQ_OK || sp->used)
        return st;
    return read_rest(r, &s, err); /* from the boundary on, as one thread */
}
