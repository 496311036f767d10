/* extract.c: what every input reader shares. */
#include "extract.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    unsigned long converted = 0;
    int st = csv_read_file(path, path, fn, ud, &converted, err);
    x->acc->cp1252_fields += converted;
    if (!st && x->n_header == 0)
        st = wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL},
                     "the file is empty: expected a header row");
    return st;
}

int extract_characteristic(struct extract *x, const struct workforce *w, const char *value,
                           int *ch)
{
    const struct vocab *v = x->o->vocab;
    bool known;
    if (w->std->characteristic == CHAR_ETHNICITY) {
        enum eth_detail d;
        known = vocab_ethnicity(v, value, &d);
        *ch = (int)d;
    } else {
        enum dis_group g;
        known = vocab_disability(v, value, &g);
        *ch = (int)g;
    }
    enum vocab_kind k = w->std->characteristic == CHAR_ETHNICITY ? VK_ETHNICITY : VK_DISABILITY;
    if (!known && extract_note_unknown(&x->acc->unknown[k], value))
        return WQ_ENOMEM;
    return WQ_OK;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int extract_header(struct extract *x, const struct csv_row *row, const struct col_spec *specs,
                   size_t n_specs, int *col, struct wq_error *err)
{
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
    return columns_map(row, specs, n_specs, col, err);
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
        return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, column}, "%s%s",
                       why, " (use --skip-bad-rows to skip such rows and list them)");
    struct input_account *a = x->acc;
    if (a->n_skipped == a->alloc_skipped) {
        size_t alloc = a->alloc_skipped ? a->alloc_skipped * 2 : 16;
        struct skipped_row *s = realloc(a->skipped, alloc * sizeof *s);
        if (!s)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        a->skipped = s;
        a->alloc_skipped = alloc;
    }
    struct skipped_row *s = &a->skipped[a->n_skipped++];
    s->line = row->line;
    if (column)
        snprintf(s->why, sizeof s->why, "column '%.120s': %s", column, why);
    else
        snprintf(s->why, sizeof s->why, "%s", why);
    a->excluded[EX_BAD_ROW]++;
    return WQ_OK;
}

static bool blank_row(const struct csv_row *row)
{
    for (size_t i = 0; i < row->n_fields; i++)
        for (const char *p = row->fields[i]; *p; p++)
            if (!isspace((unsigned char)*p))
                return false;
    return true;
}

int extract_begin_row(struct extract *x, const struct csv_row *row, bool *skip,
                      struct wq_error *err)
{
    x->acc->rows_read++;
    *skip = true;
    if (blank_row(row)) {
        x->acc->excluded[EX_BLANK]++;
        return WQ_OK;
    }
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
    u->total++;
    long i = strmap_find(&u->values, value);
    if (i < 0) {
        if (u->values.n_names >= UNKNOWN_MAX_DISTINCT) {
            u->others++;
            return WQ_OK;
        }
        i = strmap_intern(&u->values, value);
        if (i < 0)
            return WQ_ENOMEM;
        if ((size_t)i >= u->alloc_counts) {
            size_t alloc = u->alloc_counts ? u->alloc_counts * 2 : 16;
            unsigned long *c = realloc(u->counts, alloc * sizeof *c);
            if (!c)
                return WQ_ENOMEM;
            memset(c + u->alloc_counts, 0, (alloc - u->alloc_counts) * sizeof *c);
            u->counts = c;
            u->alloc_counts = alloc;
        }
    }
    u->counts[i]++;
    return WQ_OK;
}

int extract_yes_no(const char *s)
{
    char buf[16];
    text_fold(s, buf, sizeof buf);
    if (!strcmp(buf, "yes") || !strcmp(buf, "y") || !strcmp(buf, "true") || !strcmp(buf, "1") ||
        !strcmp(buf, "primary"))
        return 1;
    if (!strcmp(buf, "no") || !strcmp(buf, "n") || !strcmp(buf, "false") || !strcmp(buf, "0"))
        return 0;
    return -1;
}

bool extract_number(const char *s, double *v)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return false;
    errno = 0;
    double x = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == s || *end || errno || !isfinite(x) || x < 0)
        return false;
    *v = x;
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
}
