/* extract.c: what every input reader shares. */
#include "extract.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "text.h"
#include "vocab.h"

const char *const extract_person_aliases[] = {"Employee Number", "Unique Nhs Identifier",
                                              "Person Number", "Staff Number", NULL};
const char *const extract_ethnicity_aliases[] = {"Ethnic Origin", "Ethnicity", "Ethnic Group",
                                                 NULL};
const char *const extract_disability_aliases[] = {"Disability Flag", "Disabled", "Disability",
                                                  NULL};

int extract_read(struct extract *x, const char *path, csv_row_fn fn, void *ud,
                 struct wq_error *err)
{
    int st = account_read(x->acc, x->o, path, fn, ud, err);
    if (!st && x->n_header == 0)
        st = extract_no_header(x, path, err);
    return st;
}

int extract_no_header(struct extract *x, const char *path, struct wq_error *err)
{
    if (x->have_header_err) {
        *err = x->header_err;
        return err->code;
    }
    if (x->acc->title_lines)
        return wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL, 0},
                       "no header row found: the file has %lu title line%s and nothing else",
                       x->acc->title_lines, x->acc->title_lines == 1 ? "" : "s");
    return wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL, 0},
                   "the file is empty: expected a header row");
}

/* ------------------------------------------------------------------ */
/* Memos (extract.h)                                                     */

struct extract_memo_entry {
    uint64_t head, mid, tail; /* the key's first, middle and last 8 bytes (memo_key) */
    uint32_t hash;
    uint32_t off, len;        /* the key in bytes */
    union {
        long l;
        double d;
    } value;
};

#define MEMO_SLOTS (2 * EXTRACT_MEMO_MAX) /* a power of two */

/* A value to look up: its bytes, its first, middle and last 8 bytes (when
 * it is shorter, zero-padded: up to 24 bytes, these three and the length
 * are the whole value), and a hash of them, computed in constant time.
 * Values that differ only elsewhere share a hash and are told apart by the
 * comparison in memo_find. */
struct memo_key {
    const char *s;
    size_t len;
    uint64_t head, mid, tail;
    uint32_t hash;
};

/* The key of the LEN bytes at S. */
static void memo_key(struct memo_key *k, const char *s, size_t len)
{
    uint64_t a = 0, b = 0, c = 0;
    if (len >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
        if (len > 16)
            memcpy(&c, s + len / 2 - 4, 8);
    } else {
        memcpy(&a, s, len);
    }
    /* three independent products, then one mix */
    uint64_t h = (a ^ (uint64_t)len) * UINT64_C(0xff51afd7ed558ccd) +
                 b * UINT64_C(0xc4ceb9fe1a85ec53) + c * UINT64_C(0x94D049BB133111EB);
    h ^= h >> 29;
    *k = (struct memo_key){s, len, a, c, b, (uint32_t)(h ^ (h >> 32))};
}

/* Do the LEN (more than 16) bytes at A and B agree between their first and
 * last 8 (which the key holds)? Word by word, inline: memo keys are short. */
static bool same_middle(const char *a, const char *b, size_t len)
{
    for (size_t i = 8;; i += 8) {
        size_t j = i + 8 < len - 8 ? i : len - 16;
        uint64_t x, y;
        memcpy(&x, a + j, 8);
        memcpy(&y, b + j, 8);
        if (x != y)
            return false;
        if (j == len - 16)
            return true;
    }
}

/* The entry of K, or NULL; *SLOT receives the slot where it is or would go. */
static struct extract_memo_entry *memo_find(const struct extract_memo *m,
                                            const struct memo_key *k, size_t *slot)
{
    size_t i = (size_t)k->hash & (MEMO_SLOTS - 1);
    for (;;) {
        uint32_t v = m->slots[i];
        if (!v)
            break;
        struct extract_memo_entry *e = &m->entries[v - 1];
        if (e->hash == k->hash && e->len == k->len && e->head == k->head && e->tail == k->tail &&
            e->mid == k->mid && (k->len <= 24 || same_middle(m->bytes + e->off, k->s, k->len)))
            return e;
        i = (i + 1) & (MEMO_SLOTS - 1);
    }
    *slot = i;
    return NULL;
}

/* The remembered value of K, or NULL. */
static const struct extract_memo_entry *memo_get(const struct extract_memo *m,
                                                 const struct memo_key *k)
{
    size_t slot;
    if (!m->slots || k->len > EXTRACT_MEMO_KEY_MAX)
        return NULL;
    return memo_find(m, k, &slot);
}

/* Remember K -> its value: returns the new entry for the caller to fill,
 * or NULL when it is not kept (too long, the memo full, no memory). */
static struct extract_memo_entry *memo_put(struct extract_memo *m, const struct memo_key *k)
{
    if (k->len > EXTRACT_MEMO_KEY_MAX || m->n >= EXTRACT_MEMO_MAX)
        return NULL;
    if (!m->slots) {
        m->slots = calloc(MEMO_SLOTS, sizeof *m->slots);
        m->entries = malloc(EXTRACT_MEMO_MAX * sizeof *m->entries);
        if (!m->slots || !m->entries) {
            free(m->slots);
            free(m->entries);
            m->slots = NULL;
            m->entries = NULL;
            return NULL;
        }
    }
    size_t slot;
    if (memo_find(m, k, &slot))
        return NULL;
    if (m->n_bytes + k->len > m->alloc_bytes) {
        size_t alloc = m->alloc_bytes ? m->alloc_bytes : 4096;
        while (alloc < m->n_bytes + k->len)
            alloc *= 2;
        char *b = realloc(m->bytes, alloc);
        if (!b)
            return NULL;
        m->bytes = b;
        m->alloc_bytes = alloc;
    }
    if (k->len)
        memcpy(m->bytes + m->n_bytes, k->s, k->len);
    struct extract_memo_entry *e = &m->entries[m->n];
    e->hash = k->hash;
    e->head = k->head;
    e->mid = k->mid;
    e->tail = k->tail;
    e->off = (uint32_t)m->n_bytes;
    e->len = (uint32_t)k->len;
    m->n_bytes += k->len;
    m->slots[slot] = (uint32_t)++m->n;
    return e;
}

static void memo_free(struct extract_memo *m)
{
    free(m->slots);
    free(m->entries);
    free(m->bytes);
    memset(m, 0, sizeof *m);
}

int extract_characteristic(struct extract *x, const struct workforce *w, const char *value,
                           int *ch)
{
    return extract_characteristic_n(x, w, value, strlen(value), ch);
}

int extract_characteristic_n(struct extract *x, const struct workforce *w, const char *value,
                             size_t len, int *ch)
{
    const struct vocab *v = x->o->vocab;
    bool wres = w->std->characteristic == CHAR_ETHNICITY;
    struct extract_memo *m = &x->memo[wres ? XM_ETHNICITY : XM_DISABILITY];
    struct memo_key key;
    memo_key(&key, value, len);
    bool known;
    /* the value: the characteristic, plus 256 when recognised */
    const struct extract_memo_entry *e = memo_get(m, &key);
    if (e) {
        *ch = (int)(e->value.l & 255);
        known = e->value.l >= 256;
    } else {
        if (wres) {
            enum eth_detail d;
            known = vocab_ethnicity(v, value, &d);
            *ch = (int)d;
        } else {
            enum dis_group g;
            known = vocab_disability(v, value, &g);
            *ch = (int)g;
        }
        struct extract_memo_entry *n = memo_put(m, &key);
        if (n)
            n->value.l = *ch + (known ? 256 : 0);
    }
    enum vocab_kind k = wres ? VK_ETHNICITY : VK_DISABILITY;
    if (!known && extract_note_unknown(&x->acc->unknown[k], value))
        return WQ_ENOMEM;
    return WQ_OK;
}

bool extract_is_bank(struct extract *x, const char *value, size_t len)
{
    struct extract_memo *m = &x->memo[XM_BANK];
    struct memo_key k;
    memo_key(&k, value, len);
    const struct extract_memo_entry *e = memo_get(m, &k);
    if (e)
        return e->value.l != 0;
    bool bank = vocab_is_bank(x->o->vocab, value);
    struct extract_memo_entry *n = memo_put(m, &k);
    if (n)
        n->value.l = bank;
    return bank;
}

bool extract_band(struct extract *x, const char *value, size_t len, const char *occupation,
                  enum afc_row *row)
{
    struct extract_memo *m = &x->memo[XM_BAND];
    struct memo_key k;
    memo_key(&k, value, len);
    /* the value: the row when the text alone decides it, else -1 */
    const struct extract_memo_entry *e = memo_get(m, &k);
    if (e && e->value.l >= 0) {
        *row = (enum afc_row)e->value.l;
        return true;
    }
    if (!e) {
        enum afc_row r;
        bool by_text = vocab_band(x->o->vocab, value, NULL, &r);
        struct extract_memo_entry *n = memo_put(m, &k);
        if (n)
            n->value.l = by_text ? (long)r : -1;
        if (by_text) {
            *row = r;
            return true;
        }
    }
    return vocab_band(x->o->vocab, value, occupation, row);
}

bool extract_clinical(struct extract *x, const char *value, size_t len, bool *clinical)
{
    struct extract_memo *m = &x->memo[XM_CLINICAL];
    struct memo_key k;
    memo_key(&k, value, len);
    /* the value: bit 0 clinical, bit 1 recognised */
    const struct extract_memo_entry *e = memo_get(m, &k);
    if (e) {
        *clinical = e->value.l & 1;
        return (e->value.l & 2) != 0;
    }
    bool known = vocab_clinical(x->o->vocab, value, clinical);
    struct extract_memo_entry *n = memo_put(m, &k);
    if (n)
        n->value.l = (*clinical ? 1 : 0) | (known ? 2 : 0);
    return known;
}

bool extract_fte(struct extract *x, const char *value, size_t len, double *fte)
{
    struct extract_memo *m = &x->memo[XM_FTE];
    struct memo_key k;
    memo_key(&k, value, len);
    const struct extract_memo_entry *e = memo_get(m, &k);
    if (e) {
        *fte = e->value.d;
        return true;
    }
    double v = 0; /* blank is 0 */
    if (*value && (!extract_number(value, &v) || v > 100))
        return false;
    *fte = v;
    struct extract_memo_entry *n = memo_put(m, &k);
    if (n)
        n->value.d = v;
    return true;
}

long extract_level(struct extract *x, size_t b, struct strmap *levels, const char *name,
                   size_t len)
{
    if (b >= x->n_level_memo) {
        size_t n = b + 1;
        struct extract_memo *lm = realloc(x->level_memo, n * sizeof *lm);
        if (!lm)
            return strmap_intern(levels, name);
        memset(lm + x->n_level_memo, 0, (n - x->n_level_memo) * sizeof *lm);
        x->level_memo = lm;
        x->n_level_memo = n;
    }
    struct extract_memo *m = &x->level_memo[b];
    struct memo_key k;
    memo_key(&k, name, len);
    const struct extract_memo_entry *e = memo_get(m, &k);
    if (e)
        return e->value.l;
    long li = strmap_intern(levels, name);
    if (li >= 0) {
        struct extract_memo_entry *n = memo_put(m, &k);
        if (n)
            n->value.l = li;
    }
    return li;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Fields of ROW with something other than spaces in them, counted up to
 * LIMIT (it runs on every row: most have two in their first fields);
 * *FIRST (may be NULL) the first one's index. */
static size_t non_empty_fields(const struct csv_row *row, size_t limit, size_t *first)
{
    size_t n = 0;
    for (size_t i = 0; i < row->n_fields && n < limit; i++) {
        const char *p = row->fields[i];
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            continue;
        if (!n && first)
            *first = i;
        n++;
    }
    return n;
}

int extract_header(struct extract *x, const struct csv_row *row, const struct col_spec *specs,
                   size_t n_specs, int *col, struct wq_error *err)
{
    size_t found = 0;
    struct wq_error mine;
    int st = columns_map(row, specs, n_specs, x->o->columns, x->o->n_columns, col, &found, &mine);
    if (st == WQ_EDATA && found == 0) {
        /* a title line above the header, or no header at all */
        x->acc->title_lines++;
        if (!x->have_header_err && non_empty_fields(row, 2, NULL) >= 2) {
            x->header_err = mine;
            x->have_header_err = true;
        }
        if (row->record < EXTRACT_HEADER_SEARCH)
            return WQ_OK;
        return extract_no_header(x, row->file, err);
    }
    if (st) {
        *err = mine;
        return st;
    }
    x->person_col = -1;
    for (size_t s = 0; s < n_specs; s++)
        if (specs[s].field && strcmp(specs[s].field, "person") == 0)
            x->person_col = col[s];
    x->n_header = row->n_fields;
    x->header_names = calloc(row->n_fields, sizeof *x->header_names);
    if (!x->header_names)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < row->n_fields; i++) {
        x->header_names[i] = dup_str(row->fields[i]);
        if (!x->header_names[i])
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        text_trim(x->header_names[i]);
    }
    return WQ_OK;
}

int extract_bad_row(struct extract *x, const struct csv_row *row, int col, struct wq_error *err,
                    const char *fmt, ...)
{
    char why[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    const char *column = col >= 0 && (size_t)col < x->n_header ? x->header_names[col] : NULL;
    if (!x->o->skip_bad_rows)
        return wq_fail(err, WQ_EDATA,
                       &(struct src_pos){row->file, row->line, column, csv_row_cell(row, col)},
                       "%s%s", why, " (use --skip-bad-rows to skip such rows and list them)");
    struct input_account *a = x->acc;
    struct skipped_row *grown =
        array_grow(a->skipped, a->n_skipped, &a->alloc_skipped, sizeof *grown, 16);
    if (!grown)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    a->skipped = grown;
    struct skipped_row *s = &a->skipped[a->n_skipped++];
    s->line = row->line;
    if (column)
        snprintf(s->why, sizeof s->why, "column '%.120s': %s", column, why);
    else
        snprintf(s->why, sizeof s->why, "%s", why);
    a->excluded[EX_BAD_ROW]++;
    return WQ_OK;
}

/* Does folded S begin with the word W (followed by the end, a space or
 * punctuation)? */
static bool starts_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncmp(s, w, n) == 0 && !isalnum((unsigned char)s[n]);
}

/* Is folded S "page N of M"? */
static bool page_n_of_m(const char *s)
{
    unsigned a, b;
    int end = 0;
    return sscanf(s, "page %u of %u%n", &a, &b, &end) == 2 && s[end] == '\0';
}

/* Is folded S a label of a total or footer row (extract_footer_row)? */
static bool footer_label(const char *s)
{
    static const char *const whole[] = {"total", "totals", "grand total", "sub total",
                                        "subtotal", "sub-total", "count", NULL};
    static const char *const lead[] = {"total", "grand total", "sub total", "subtotal",
                                       "report run", "run date", "run by", "printed", NULL};
    for (const char *const *w = whole; *w; w++)
        if (strcmp(s, *w) == 0)
            return true;
    for (const char *const *w = lead; *w; w++)
        if (starts_word(s, *w))
            return true;
    return strncmp(s, "source:", 7) == 0 || page_n_of_m(s);
}

/* extract_footer_row, given the N (0, 1 or 2: up to two counted) non-empty
 * fields of ROW, the first at FIRST (non_empty_fields). */
static bool footer_row(const struct csv_row *row, int person_col, size_t n, size_t first)
{
    if (n == 0)
        return false;
    if (n == 1 && extract_decimal(row->fields[first]))
        return (int)first != person_col;
    /* every label below starts with one of these letters: most rows (an
     * employee number first) are not a footer at a glance */
    const char *f0 = row->fields[first];
    while (isspace((unsigned char)*f0))
        f0++;
    switch (*f0 | 0x20) { /* t, g, s, c, r or p, either case */
    case 't': case 'g': case 's': case 'c': case 'r': case 'p':
        break;
    default:
        return false;
    }
    char label[128];
    text_fold(row->fields[first], label, sizeof label);
    if (!footer_label(label))
        return false;
    for (size_t i = first + 1; i < row->n_fields; i++) {
        const char *f = row->fields[i];
        long day;
        while (isspace((unsigned char)*f))
            f++;
        if (*f && !extract_decimal(f) && !date_parse(f, &day))
            return false;
    }
    return true;
}

bool extract_footer_row(const struct csv_row *row, int person_col)
{
    size_t first = 0;
    size_t n = non_empty_fields(row, 2, &first);
    return footer_row(row, person_col, n, first);
}

int extract_begin_row(struct extract *x, const struct csv_row *row, bool *skip,
                      struct wq_error *err)
{
    x->acc->rows_read++;
    *skip = true;
    size_t first = 0;
    size_t n = non_empty_fields(row, 2, &first); /* one pass for the three checks */
    if (n == 0) {
        x->acc->excluded[EX_BLANK]++;
        return WQ_OK;
    }
    if (footer_row(row, x->person_col, n, first)) {
        x->acc->excluded[EX_FOOTER]++;
        return WQ_OK;
    }
    if (x->person_col >= 0 && n == 1 && (int)first == x->person_col && x->n_header > 1)
        return extract_bad_row(x, row, x->person_col, err,
                               "a person identifier and nothing else: not a record");
    if (row->n_fields != x->n_header)
        return extract_bad_row(x, row, -1, err, "%zu fields where the header has %zu",
                               row->n_fields, x->n_header);
    *skip = false;
    return WQ_OK;
}

const char *extract_field(const struct csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->n_fields ? row->fields[col] : "";
}

void extract_unknown_column(struct extract *x, enum vocab_kind kind, int col)
{
    struct unknown_codes *u = &x->acc->unknown[kind];
    if (!u->column && col >= 0 && (size_t)col < x->n_header)
        u->column = x->header_names[col];
}

int extract_note_unknown(struct unknown_codes *u, const char *value)
{
    return extract_note_unknown_n(u, value, 1);
}

int extract_note_unknown_n(struct unknown_codes *u, const char *value, unsigned long n)
{
    u->total += n;
    long i = strmap_find(&u->values, value);
    if (i < 0) {
        if (u->values.n_names >= UNKNOWN_MAX_DISTINCT) {
            u->others += n;
            return WQ_OK;
        }
        i = strmap_intern(&u->values, value);
        if (i < 0)
            return WQ_ENOMEM;
        /* (I is the next id) */
        unsigned long *c = array_grow_zero(u->counts, (size_t)i, &u->alloc_counts, sizeof *c, 16);
        if (!c)
            return WQ_ENOMEM;
        u->counts = c;
    }
    u->counts[i] += n;
    return WQ_OK;
}

int extract_yes_no(const char *s)
{
    /* ESR's own spellings first, without folding */
    if (s[0] == 'Y' && s[1] == 'e' && s[2] == 's' && s[3] == '\0')
        return 1;
    if (s[0] == 'N' && s[1] == 'o' && s[2] == '\0')
        return 0;
    char buf[16];
    text_fold(s, buf, sizeof buf);
    if (!strcmp(buf, "yes") || !strcmp(buf, "y") || !strcmp(buf, "true") || !strcmp(buf, "1") ||
        !strcmp(buf, "primary"))
        return 1;
    if (!strcmp(buf, "no") || !strcmp(buf, "n") || !strcmp(buf, "false") || !strcmp(buf, "0"))
        return 0;
    return -1;
}

int extract_check_levels(struct extract *x, const struct csv_row *row, const struct workforce *w,
                         const int *by_col, struct wq_error *err)
{
    for (size_t b = 1; b < w->n_bd_all; b++)
        if (by_col[b] >= 0 && row->lens[by_col[b]] > WORKFORCE_LEVEL_MAX)
            return extract_bad_row(x, row, by_col[b], err,
                                   "%zu characters: too long for a level of --by '%.60s'",
                                   row->lens[by_col[b]], w->bd[b].column);
    return WQ_OK;
}

bool extract_decimal(const char *s)
{
    size_t digits = 0, points = 0;
    while (isspace((unsigned char)*s))
        s++;
    for (; isdigit((unsigned char)*s) || *s == '.'; s++)
        if (*s == '.')
            points++;
        else
            digits++;
    while (isspace((unsigned char)*s))
        s++;
    return !*s && digits >= 1 && digits <= 15 && points <= 1;
}

bool extract_number(const char *s, double *v)
{
    if (!extract_decimal(s))
        return false;
    *v = strtod(s, NULL); /* at most 15 digits: finite, and exact as typed */
    return true;
}

void extract_free(struct extract *x)
{
    if (x->header_names) {
        for (int k = 0; k < VK_N; k++) {
            struct unknown_codes *u = &x->acc->unknown[k];
            for (size_t i = 0; i < x->n_header; i++)
                if (u->column == x->header_names[i]) {
                    u->column = x->header_names[i];
                    x->header_names[i] = NULL; /* handed over */
                }
        }
        for (size_t i = 0; i < x->n_header; i++)
            free(x->header_names[i]);
        free(x->header_names);
    }
    x->header_names = NULL;
    x->n_header = 0;
    for (int k = 0; k < XM_N; k++)
        memo_free(&x->memo[k]);
    for (size_t b = 0; b < x->n_level_memo; b++)
        memo_free(&x->level_memo[b]);
    free(x->level_memo);
    x->level_memo = NULL;
    x->n_level_memo = 0;
}
