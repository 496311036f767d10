/* fuzz_vocab.c: libFuzzer target for the vocabulary lookups and vocab_load
 * (vocab.h).
 *
 * The input is used three ways:
 *   - as one value: every lookup (ethnicity, disability, band, staff group,
 *     bank) and vocab_normalise at several buffer sizes, on the bytes up to
 *     the first NUL; the bytes after it are the occupation code for
 *     vocab_band (NULL when there is no NUL);
 *   - as a trust vocabulary file for vocab_load (written to a scratch file),
 *     loaded twice into one vocabulary, then every line and comma-separated
 *     piece of the input looked up through it;
 *   - loaded on top of a known good vocabulary: when that load fails, the
 *     vocabulary must answer exactly as before (vocab_load's contract);
 *   - when the load succeeds, the file's last entry must win: looking its
 *     VALUE up answers its MEANING (checked for plain ASCII files, whose
 *     header and kind this file can read without vocab.c's normalisation).
 * Results are checked against the header's contracts (enums in range,
 * unrecognised means Unknown / Other, normalised text trimmed, lower case,
 * single-spaced, NUL-terminated inside its buffer, idempotent). */
#include "fuzz_common.h"

#include <stdbool.h>

#include "csv_reader.h"
#include "text.h"
#include "vocab.h"

static struct fuzz_file fuzz_vocab_input, fuzz_vocab_known;

static void fuzz_vocab_cleanup(void)
{
    fuzz_file_remove(&fuzz_vocab_input);
    fuzz_file_remove(&fuzz_vocab_known);
}

/* Every lookup of S (OCC the occupation) through V, packed into one number. */
static unsigned long fuzz_vocab_probe(const struct vocab *v, const char *s, const char *occ)
{
    enum eth_detail det = DET_N;
    bool eth_ok = vocab_ethnicity(v, s, &det);
    FUZZ_CHECK((unsigned)det < DET_N);
    FUZZ_CHECK(eth_ok || det == DET_UNKNOWN);
    enum eth_group eg = vocab_eth_group(det);
    FUZZ_CHECK((unsigned)eg < ETH_N_GROUPS);
    FUZZ_CHECK(vocab_eth_group_name(eg) != NULL);
    FUZZ_CHECK(vocab_eth_detail_name(det) != NULL);

    enum dis_group dg = DIS_N_GROUPS;
    bool dis_ok = vocab_disability(v, s, &dg);
    FUZZ_CHECK((unsigned)dg < DIS_N_GROUPS);
    FUZZ_CHECK(dis_ok || dg == DIS_UNKNOWN);
    FUZZ_CHECK(vocab_dis_group_name(dg) != NULL);

    enum afc_row row = ROW_N;
    bool band_ok = vocab_band(v, s, occ, &row);
    FUZZ_CHECK((unsigned)row < ROW_N);
    FUZZ_CHECK(band_ok || row == ROW_OTHER);
    int cluster = vocab_cluster(row);
    FUZZ_CHECK(cluster >= 0 && cluster <= WDES_N_CLUSTERS);
    FUZZ_CHECK(vocab_cluster_name(cluster) != NULL);
    FUZZ_CHECK(vocab_row_name(row) != NULL);
    (void)vocab_row_is_medical(row);

    bool clinical = false;
    bool group_ok = vocab_clinical(v, s, &clinical);
    FUZZ_CHECK(group_ok || clinical);
    bool bank = vocab_is_bank(v, s);

    return (unsigned long)det | (unsigned long)eth_ok << 3 | (unsigned long)dg << 4 |
           (unsigned long)dis_ok << 6 | (unsigned long)row << 7 | (unsigned long)band_ok << 12 |
           (unsigned long)clinical << 13 | (unsigned long)group_ok << 14 |
           (unsigned long)bank << 15;
}

/* vocab_normalise into a buffer of exactly SIZE bytes (so that ASan sees
 * any write past it), with the header's promises checked. */
static void fuzz_vocab_normalise(const char *s, size_t size)
{
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return;
    char *out = vocab_normalise(buf, size, s);
    FUZZ_CHECK(out == buf);
    if (size > 0) {
        size_t n = strnlen(buf, size);
        FUZZ_CHECK(n < size);
        for (size_t i = 0; i < n; i++) {
            FUZZ_CHECK(!(buf[i] >= 'A' && buf[i] <= 'Z'));
            FUZZ_CHECK(buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r');
            if (buf[i] == ' ')
                FUZZ_CHECK(i > 0 && i + 1 < n && buf[i + 1] != ' ');
        }
    }
    free(buf);
}

static void fuzz_vocab_values(const char *s, const char *occ)
{
    (void)fuzz_vocab_probe(NULL, s, occ);
    (void)fuzz_vocab_probe(NULL, s, NULL);
    size_t len = strlen(s);
    static const size_t sizes[] = {0, 1, 2, 3, 4, 8, 31, 64, 255, 256, 257};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        fuzz_vocab_normalise(s, sizes[i]);
    fuzz_vocab_normalise(s, len + 1);
    fuzz_vocab_normalise(NULL, 1);
    /* Normalising twice changes nothing (no truncation at LEN + 1). */
    char *a = malloc(len + 1), *b = malloc(len + 1);
    if (a && b) {
        vocab_normalise(a, len + 1, s);
        vocab_normalise(b, len + 1, a);
        FUZZ_CHECK(strcmp(a, b) == 0);
    }
    free(a);
    free(b);
}

/* Split a copy of the input into lines and comma-separated pieces. */
#define FUZZ_VOCAB_MAX_PIECES 64
static size_t fuzz_vocab_pieces(char *text, size_t size, const char **piece)
{
    size_t n = 0;
    char *start = text;
    for (size_t i = 0; i <= size && n < FUZZ_VOCAB_MAX_PIECES; i++) {
        if (i == size || text[i] == '\n' || text[i] == ',' || text[i] == '\0') {
            text[i] = '\0';
            piece[n++] = start;
            start = text + i + 1;
        }
    }
    return n;
}

/* The header and the last record of a vocabulary file, read with the CSV
 * reader (which agrees with vocab_load's libcsv on ASCII input). */
struct fuzz_vocab_last {
    long col[3];        /* kind, value, meaning: field index or -1 */
    int have_header;
    char *field[3];     /* the last record's kind, value and meaning */
};

/* ASCII S folded as vocab.c folds header names and kinds: lower case, every
 * character other than a letter or digit a space, runs of spaces collapsed,
 * trimmed. OUT has SIZE bytes; returns false when S does not fit. */
static bool fuzz_vocab_fold(const char *s, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            space = n > 0;
            continue;
        }
        if (n + (space ? 2 : 1) >= size)
            return false;
        if (space)
            out[n++] = ' ';
        space = false;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return true;
}

static int fuzz_vocab_last_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    static const char *const names[3] = {"kind", "value", "meaning"};
    struct fuzz_vocab_last *last = ud;
    (void)err;
    if (!last->have_header) {
        last->have_header = 1;
        for (size_t i = 0; i < row->n_fields; i++) {
            char name[64];
            if (!fuzz_vocab_fold(row->fields[i], name, sizeof name))
                continue;
            for (int c = 0; c < 3; c++)
                if (last->col[c] < 0 && strcmp(name, names[c]) == 0)
                    last->col[c] = (long)i;
        }
        return WQ_OK;
    }
    for (int c = 0; c < 3; c++) {
        free(last->field[c]);
        last->field[c] = NULL;
        if (last->col[c] >= 0 && (size_t)last->col[c] < row->n_fields)
            last->field[c] = fuzz_strndup((const uint8_t *)row->fields[last->col[c]],
                                          row->lens[last->col[c]]);
    }
    return WQ_OK;
}

/* After a successful load of DATA into V: the last entry's value means what
 * its meaning says. */
static void fuzz_vocab_last_wins(const struct vocab *v, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (data[i] == 0 || data[i] >= 0x80)
            return;
    struct fuzz_vocab_last last = {{-1, -1, -1}, 0, {NULL, NULL, NULL}};
    struct csv_reader r;
    struct wq_error err = {0};
    if (csv_reader_init(&r, "vocab", fuzz_vocab_last_row, &last) != WQ_OK)
        return;
    int st = csv_reader_feed(&r, data, size, &err);
    if (!st)
        st = csv_reader_finish(&r, &err);
    csv_reader_free(&r);
    FUZZ_CHECK(st == WQ_OK); /* vocab_load read it */
    const char *kind_text = last.field[0], *value = last.field[1], *meaning = last.field[2];
    char kind[64], mean[64];
    if (kind_text && value && meaning && fuzz_vocab_fold(kind_text, kind, sizeof kind) &&
        fuzz_vocab_fold(meaning, mean, sizeof mean)) {
        if (!strcmp(kind, "ethnicity") || !strcmp(kind, "ethnic origin") ||
            !strcmp(kind, "ethnic group")) {
            enum eth_detail want, got;
            (void)vocab_ethnicity(NULL, meaning, &want);
            FUZZ_CHECK(vocab_ethnicity(v, value, &got));
            FUZZ_CHECK(got == want);
        } else if (!strcmp(kind, "disability") || !strcmp(kind, "disability flag")) {
            enum dis_group want, got;
            FUZZ_CHECK(vocab_disability(NULL, meaning, &want));
            FUZZ_CHECK(vocab_disability(v, value, &got));
            FUZZ_CHECK(got == want);
        } else if (!strcmp(kind, "band") || !strcmp(kind, "pay band") ||
                   !strcmp(kind, "grade")) {
            enum afc_row want, got;
            (void)vocab_band(NULL, meaning, NULL, &want);
            FUZZ_CHECK(vocab_band(v, value, NULL, &got));
            FUZZ_CHECK(got == want);
        } else if (!strcmp(kind, "staff group")) {
            bool clinical;
            FUZZ_CHECK(vocab_clinical(v, value, &clinical));
            FUZZ_CHECK(clinical == (strcmp(mean, "clinical") == 0));
        } else if (!strcmp(kind, "category") || !strcmp(kind, "assignment category") ||
                   !strcmp(kind, "contract type")) {
            FUZZ_CHECK(vocab_is_bank(v, value) == (strcmp(mean, "bank") == 0));
        }
    }
    for (int c = 0; c < 3; c++)
        free(last.field[c]);
}

FUZZ_ENTRY(vocab)
{
    static const char known[] = "kind,value,meaning\n"
                                "ethnicity,Martian,S\n"
                                "band,Grade Q,Band 5\n"
                                "staff group,Porters,non-clinical\n"
                                "category,Flexi,bank\n";
    static const char *const known_values[] = {"Martian", "Grade Q", "Porters", "Flexi",
                                               "A White British", "Band 8A", "Bank"};
    static int registered;
    if (!registered) {
        atexit(fuzz_vocab_cleanup);
        registered = 1;
    }

    char *s = fuzz_strndup(data, size);
    if (!s)
        return 0;
    const char *nul = memchr(data, '\0', size);
    const char *occ = nul ? s + (nul - (const char *)data) + 1 : NULL;
    fuzz_vocab_values(s, occ);

    const char *pieces[FUZZ_VOCAB_MAX_PIECES];
    char *text = fuzz_strndup(data, size);
    size_t n_pieces = text ? fuzz_vocab_pieces(text, size, pieces) : 0;

    const char *path = fuzz_file_write(&fuzz_vocab_input, "fuzz-vocab", data, size);
    if (!path)
        goto out;

    /* The input as a vocabulary of its own. */
    struct vocab *v = NULL;
    struct wq_error err = {0};
    int st = vocab_load(&v, path, &err);
    FUZZ_CHECK(st == WQ_OK || st == WQ_EDATA || st == WQ_ENOMEM || st == WQ_EIO);
    if (st != WQ_OK) {
        FUZZ_CHECK(v == NULL);
        FUZZ_CHECK(err.code == st && err.msg[0] != '\0');
        FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
    } else {
        FUZZ_CHECK(v != NULL);
        fuzz_vocab_last_wins(v, data, size);
        for (size_t i = 0; i < n_pieces; i++)
            (void)fuzz_vocab_probe(v, pieces[i], occ);
        unsigned long before = n_pieces ? fuzz_vocab_probe(v, pieces[n_pieces - 1], NULL) : 0;
        struct wq_error err2 = {0};
        FUZZ_CHECK(vocab_load(&v, path, &err2) == WQ_OK); /* the same file again */
        if (n_pieces)
            FUZZ_CHECK(fuzz_vocab_probe(v, pieces[n_pieces - 1], NULL) == before);
        vocab_destroy(v);
    }

    /* The input on top of a good vocabulary: a failed load changes nothing. */
    const char *kpath = fuzz_file_write(&fuzz_vocab_known, "fuzz-vocab-known",
                                        (const uint8_t *)known, sizeof known - 1);
    struct vocab *w = NULL;
    struct wq_error kerr = {0};
    if (kpath && vocab_load(&w, kpath, &kerr) == WQ_OK) {
        enum { NK = sizeof known_values / sizeof *known_values };
        unsigned long was[NK + FUZZ_VOCAB_MAX_PIECES];
        for (size_t i = 0; i < NK; i++)
            was[i] = fuzz_vocab_probe(w, known_values[i], NULL);
        for (size_t i = 0; i < n_pieces; i++)
            was[NK + i] = fuzz_vocab_probe(w, pieces[i], NULL);
        path = fuzz_file_write(&fuzz_vocab_input, "fuzz-vocab", data, size);
        struct wq_error err3 = {0};
        int st3 = path ? vocab_load(&w, path, &err3) : st;
        FUZZ_CHECK(st3 == st);
        FUZZ_CHECK(w != NULL);
        if (st3 != WQ_OK) {
            for (size_t i = 0; i < NK; i++)
                FUZZ_CHECK(fuzz_vocab_probe(w, known_values[i], NULL) == was[i]);
            for (size_t i = 0; i < n_pieces; i++)
                FUZZ_CHECK(fuzz_vocab_probe(w, pieces[i], NULL) == was[NK + i]);
        }
        vocab_destroy(w);
    } else {
        FUZZ_CHECK(!"the known vocabulary must load");
    }
out:
    free(text);
    free(s);
    return 0;
}
