/* workforce.c: read staff-in-post and leavers extracts into tallies. */
#include "workforce.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "columns.h"
#include "cross.h"
#include "config.h"
#include "csv_pipe.h"
#include "csv_reader.h"
#include "date.h"
#include "extract.h"
#include "people.h"

const char *excl_reason_name(enum excl_reason r)
{
    static const char *const names[EX_N] = {
        "blank row", "bank assignment", "second assignment (person counted once)",
        "date outside the reporting period", "no termination date",
        "leaving reason excluded", "bad row skipped",
        "another record of a person already counted", "a case of another type",
        "capability on grounds of ill health", "mandatory course", "total row",
        "person not in the staff in post", "measure of the other standard",
        "unrecognised survey measure or group", "total or report footer row",
    };
    return (unsigned)r < EX_N ? names[r] : "?";
}

const char *excl_reason_label(const struct input_account *a, enum excl_reason r)
{
    return r == EX_OUT_OF_PERIOD && a->out_of_period ? a->out_of_period : excl_reason_name(r);
}

/* Input columns, by the header aliases of docs/inputs.md, section 3. */
enum col {
    C_PERSON, C_ASSIGNMENT, C_PRIMARY, C_FTE, C_ETHNICITY, C_DISABILITY, C_BAND,
    C_STAFF_GROUP, C_OCCUPATION, C_CATEGORY, C_TERM_DATE, C_REASON, C_N
};
static const char *const a_assignment[] = {"Assignment Number", "Asg Number", NULL};
static const char *const a_primary[] = {"Primary Assignment", "Primary Assignment Flag", NULL};
static const char *const a_fte[] = {"FTE", "Contracted Wte", "Contracted FTE", NULL};
static const char *const a_band[] = {"Pay Band", "Grade", "Banding", "Band", "Pay Scale", NULL};
static const char *const a_staff_group[] = {"Staff Group", "Main Staff Group", NULL};
static const char *const a_occupation[] = {"Occupation Code", NULL};
static const char *const a_category[] = {"Assignment Category", "Asg Type Of Contract",
                                         "Contract Type", NULL};
static const char *const a_term_date[] = {"Termination Date", "Leaving Date", "Date Left", NULL};
static const char *const a_reason[] = {"Leaving Reason", "Reason For Leaving", NULL};

enum role { ROLE_STAFF, ROLE_START, ROLE_LEAVERS };

struct load_ctx {
    struct workforce *w;
    const struct wq_options *o;
    struct input_account *acc;
    struct extract x;
    enum role role;
    int col[C_N];
    int *by_col;            /* per breakdown; by_col[0] unused */
    struct people people;
    uint32_t *levels;       /* scratch, n_bd - 1 */
    struct strmap *range_levels; /* the second range's (n_bd - 1), or NULL:
                                    the workforce's */
};

int workforce_group_of(const struct workforce *w, int ch)
{
    if (w->std->characteristic == CHAR_ETHNICITY)
        return (int)vocab_eth_group((enum eth_detail)ch);
    return ch;
}

double workforce_leaver_base(const struct workforce *w, double start, double end)
{
    return w->acc[IN_START].present ? (start + end) / 2.0 : end;
}

static int nomem(struct wq_error *err)
{
    return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
}

size_t workforce_specs(const struct wq_options *o, bool staff, bool leavers,
                       struct col_spec *out)
{
    bool wres = o->std->characteristic == CHAR_ETHNICITY;
    const struct col_spec specs[C_N] = {
        [C_PERSON] = {"person", extract_person_aliases, true, NULL},
        [C_ASSIGNMENT] = {"assignment", a_assignment, false, NULL},
        [C_PRIMARY] = {"primary", a_primary, false, NULL},
        [C_FTE] = {"fte", a_fte, false, NULL},
        [C_ETHNICITY] = {"ethnicity", extract_ethnicity_aliases, wres, NULL},
        [C_DISABILITY] = {"disability", extract_disability_aliases, !wres, NULL},
        [C_BAND] = {"band", a_band, staff, NULL},
        [C_STAFF_GROUP] = {"staff-group", a_staff_group, staff, NULL},
        [C_OCCUPATION] = {"occupation", a_occupation, false, NULL},
        [C_CATEGORY] = {"category", a_category, false, NULL},
        [C_TERM_DATE] = {"termination-date", a_term_date, leavers && o->year != 0, NULL},
        [C_REASON] = {"leaving-reason", a_reason, leavers && o->n_exclude_reasons > 0, NULL},
    };
    memcpy(out, specs, sizeof specs);
    return C_N;
}

static int on_header(struct load_ctx *c, const struct csv_row *row, struct wq_error *err)
{
    const struct wq_options *o = c->o;
    struct col_spec specs[C_N];
    workforce_specs(o, c->role == ROLE_STAFF, c->role == ROLE_LEAVERS, specs);
    int st = extract_header(&c->x, row, specs, C_N, c->col, err);
    if (st || !c->x.n_header)
        return st;
    for (size_t b = 1; b < c->w->n_bd_all; b++) {
        const char *name = c->w->bd[b].column;
        int ch = c->w->bd[b].characteristic;
        if (c->w->bd[b].n_parts)
            continue;
        c->by_col[b] = columns_find_by(row, name, o->columns, o->n_columns);
        if (c->by_col[b] < 0 && ch == BD_SEX)
            c->by_col[b] = columns_find_any(row, columns_sex_aliases);
        else if (c->by_col[b] < 0 && ch) /* by any of its spellings */
            c->by_col[b] = c->col[ch == CHAR_ETHNICITY + 1 ? C_ETHNICITY : C_DISABILITY];
        if (c->by_col[b] >= 0)
            continue;
        if (c->role != ROLE_LEAVERS) {
            char found[2048];
            columns_list(row, found, sizeof found);
            return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, row->line, NULL, 0},
                           "no column '%s' to break down by (%s); the header has: %s", name,
                           c->w->strata ? "--by or --adjust" : "--by", found);
        }
        c->w->bd[b].leavers_have_column = false;
    }
    cross_columns(c->w, c->by_col, c->role == ROLE_LEAVERS);
    static const enum col vcols[VK_OTHER] = {C_ETHNICITY, C_DISABILITY, C_BAND, C_STAFF_GROUP};
    for (int k = 0; k < VK_OTHER; k++) {
        extract_unknown_column(&c->x, (enum vocab_kind)k, c->col[vcols[k]]);
    }
    return WQ_OK;
}

static const char *field(const struct load_ctx *c, const struct csv_row *row, enum col k)
{
    return extract_field(row, c->col[k]);
}

/* The length of field(C, ROW, K). */
static size_t field_len(const struct load_ctx *c, const struct csv_row *row, enum col k)
{
    int col = c->col[k];
    return col >= 0 && (size_t)col < row->n_fields ? row->lens[col] : 0;
}

/* Leavers only: is the row inside the period and not an excluded reason?
 * Returns WQ_OK with *EXCLUDED set to a reason, -1 (use the row) or -2 (a
 * bad date, skipped and listed by --skip-bad-rows). */
static int leaver_filter(struct load_ctx *c, const struct csv_row *row, int *excluded,
                         struct wq_error *err)
{
    const struct wq_options *o = c->o;
    *excluded = -1;
    if (o->year) {
        const char *d = field(c, row, C_TERM_DATE);
        long day;
        const char *p = d;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p) {
            *excluded = EX_NO_DATE;
            return WQ_OK;
        }
        if (!date_parse(d, &day)) {
            *excluded = -2;
            return extract_bad_row(&c->x, row, c->col[C_TERM_DATE], err,
                           "not a date: '%.40s' (expected DD/MM/YYYY, YYYY-MM-DD, YYYYMMDD "
                           "or DD-MON-YYYY)",
                           d);
        }
        if (day < c->w->period_first || day > c->w->period_last) {
            *excluded = EX_OUT_OF_PERIOD;
            return WQ_OK;
        }
    }
    if (o->n_exclude_reasons) {
        char reason[256], pre[256];
        text_fold(field(c, row, C_REASON), reason, sizeof reason);
        for (size_t i = 0; i < o->n_exclude_reasons; i++) {
            size_t n = text_fold(o->exclude_reasons[i], pre, sizeof pre);
            if (n && strncmp(reason, pre, n) == 0) {
                *excluded = EX_REASON;
                return WQ_OK;
            }
        }
    }
    return WQ_OK;
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct load_ctx *c = ud;
    struct input_account *a = c->acc;
    if (!c->x.n_header)
        return on_header(c, row, err);
    bool skip;
    int st0 = extract_begin_row(&c->x, row, &skip, err);
    if (st0 || skip)
        return st0;
    struct person p = {0};
    if (!people_key(field(c, row, C_PERSON), &p.key))
        return extract_bad_row(&c->x, row, c->col[C_PERSON], err, "empty person identifier");
    if (c->col[C_CATEGORY] >= 0 && extract_is_bank(&c->x, field(c, row, C_CATEGORY),
                                                     field_len(c, row, C_CATEGORY))) {
        a->excluded[EX_BANK]++;
        return WQ_OK;
    }
    if (c->role == ROLE_LEAVERS) {
        int ex, st = leaver_filter(c, row, &ex, err);
        if (st || ex == -2)
            return st;
        if (ex >= 0) {
            a->excluded[ex]++;
            return WQ_OK;
        }
    }
    if ((st0 = extract_check_levels(&c->x, row, c->w, c->by_col, err)) != WQ_OK)
        return st0;
    if (c->col[C_FTE] >= 0) {
        const char *s = field(c, row, C_FTE);
        double fte;
        if (!extract_fte(&c->x, s, field_len(c, row, C_FTE), &fte))
            return extract_bad_row(&c->x, row, c->col[C_FTE], err, "not an FTE: '%.40s'", s);
        p.fte = (float)fte;
    }
    p.primary = extract_yes_no(field(c, row, C_PRIMARY)) == 1;
    int ch;
    bool wres = c->w->std->characteristic == CHAR_ETHNICITY;
    enum col chc = wres ? C_ETHNICITY : C_DISABILITY;
    if (extract_characteristic_n(&c->x, c->w, field(c, row, chc), field_len(c, row, chc), &ch))
        return nomem(err);
    p.ch = (uint8_t)ch;
    p.row = ROW_OTHER;
    p.clinical = 1;
    if (c->role == ROLE_STAFF) {
        enum afc_row r;
        const char *s = field(c, row, C_BAND);
        if (!extract_band(&c->x, s, field_len(c, row, C_BAND), field(c, row, C_OCCUPATION), &r) &&
            extract_note_unknown(&a->unknown[VK_BAND], s))
            return nomem(err);
        p.row = (uint8_t)r;
        bool clinical;
        s = field(c, row, C_STAFF_GROUP);
        if (!extract_clinical(&c->x, s, field_len(c, row, C_STAFF_GROUP), &clinical) &&
            extract_note_unknown(&a->unknown[VK_STAFF_GROUP], s))
            return nomem(err);
        p.clinical = clinical;
    }
    for (size_t b = 1; b < c->w->n_bd_all; b++) {
        c->levels[b - 1] = 0;
        if (c->by_col[b] < 0 || c->w->bd[b].n_parts)
            continue;
        const char *raw = row->fields[c->by_col[b]];
        const char *v = workforce_level_name(c->w, c->o, b, raw);
        long li = extract_level(&c->x, b, c->range_levels ? &c->range_levels[b - 1]
                                                          : &c->w->bd[b].levels,
                                v, v == raw ? row->lens[c->by_col[b]] : strlen(v));
        if (li < 0)
            return nomem(err);
        c->levels[b - 1] = (uint32_t)li;
    }
    if (cross_levels(c->w, c->by_col, c->levels) != WQ_OK)
        return nomem(err);
    if (people_offer_soon(&c->people, &p, c->levels) < 0)
        return nomem(err);
    return WQ_OK;
}

/* Make sure every breakdown has a tally for each of its levels. */
static int grow_tallies(struct workforce *w, struct wq_error *err)
{
    for (size_t b = 0; b < w->n_bd_all; b++) {
        struct breakdown *bd = &w->bd[b];
        size_t n = bd->levels.n_names;
        if (n <= bd->alloc_t)
            continue;
        struct level_tally *t = realloc(bd->t, n * sizeof *t);
        if (!t)
            return nomem(err);
        memset(t + bd->alloc_t, 0, (n - bd->alloc_t) * sizeof *t);
        bd->t = t;
        bd->alloc_t = n;
    }
    return WQ_OK;
}

/* Add the people of one file into the tallies. */
static void tally_people(struct workforce *w, const struct load_ctx *c)
{
    const struct people *pp = &c->people;
    bool wres = w->std->characteristic == CHAR_ETHNICITY;
    for (size_t i = 0; i < pp->n_items; i++) {
        const struct person *p = &pp->items[i];
        int g = workforce_group_of(w, p->ch);
        for (size_t b = 0; b < w->n_bd_all; b++) {
            size_t level = 0;
            if (b > 0) {
                if (c->by_col[b] < 0)
                    continue;
                level = people_level(pp, i, b - 1);
            }
            struct level_tally *t = &w->bd[b].t[level];
            switch (c->role) {
            case ROLE_STAFF:
                t->head[g]++;
                if (wres)
                    t->head_detail[p->ch]++;
                t->m1[p->row][p->clinical ? 1 : 0][g]++;
                break;
            case ROLE_START:
                t->start[g]++;
                if (wres)
                    t->start_detail[p->ch]++;
                break;
            case ROLE_LEAVERS:
                t->leavers[g]++;
                if (wres)
                    t->leavers_detail[p->ch]++;
                break;
            }
        }
    }
}

/* A --by column is an identifier column by its values (and refused, as
 * cli.c refuses the identifier columns it knows by name) when it has at
 * least BY_ID_MIN_LEVELS levels in the staff in post and more than half of
 * them are one person each: a breakdown by it would publish people one by
 * one. Smaller breakdowns, or a few single-person teams among larger ones,
 * are allowed (publication mode withholds their small counts). */
#define BY_ID_MIN_LEVELS 20
static int check_by_levels(const struct workforce *w, struct wq_error *err)
{
    for (size_t b = 1; b < w->n_bd; b++) {
        const struct breakdown *bd = &w->bd[b];
        size_t single = 0;
        for (size_t l = 0; l < bd->levels.n_names; l++)
            if (bd->t[l].head[0] + bd->t[l].head[1] + bd->t[l].head[2] == 1)
                single++;
        if (bd->levels.n_names >= BY_ID_MIN_LEVELS && 2 * single > bd->levels.n_names)
            return wq_fail(err, WQ_EUSAGE, NULL,
                           "--by '%.60s': %zu of its %zu values are one person each: %s and "
                           "cannot be a breakdown (each person's value would be published)",
                           bd->column, single, bd->levels.n_names,
                           bd->n_parts ? "the combination is too fine" : "it is an identifier column");
    }
    return WQ_OK;
}

/* --threads 2: the second half of a file read on the second thread
 * (csv_split_read) into a load_ctx of its own, merged after the first's. */

static void range_free(struct load_ctx *d);
static void account_free(struct input_account *a);
static int read_account(struct input_account *a, const struct wq_options *o, const char *path,
                        csv_row_fn fn, void *ud, struct csv_split *split, struct wq_error *err);

/* struct csv_split's fork: a context for the rows of the second range,
 * with the first's header; NULL when the rows cannot be merged exactly
 * (crossed breakdowns intern their levels in the workforce; a staff table
 * kept for cases or training must keep the one-thread order). */
static void *range_fork(void *ud)
{
    const struct load_ctx *c = ud;
    const struct workforce *w = c->w;
    if (!c->x.n_header || (c->role == ROLE_STAFF && (c->o->cases || c->o->training)))
        return NULL;
    for (size_t b = 1; b < w->n_bd_all; b++)
        if (w->bd[b].n_parts)
            return NULL;
    struct load_ctx *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    *d = (struct load_ctx){.w = c->w, .o = c->o, .role = c->role, .by_col = c->by_col};
    memcpy(d->col, c->col, sizeof d->col);
    people_init(&d->people, w->n_bd_all - 1);
    d->acc = calloc(1, sizeof *d->acc);
    d->levels = calloc(w->n_bd_all, sizeof *d->levels);
    d->range_levels = calloc(w->n_bd_all, sizeof *d->range_levels);
    d->x = (struct extract){.o = c->o, .acc = d->acc, .n_header = c->x.n_header,
                            .header_names = c->x.header_names, .person_col = c->x.person_col};
    if (!d->acc || !d->levels || !d->range_levels) {
        range_free(d);
        return NULL;
    }
    return d;
}

/* struct csv_split's usable: unrecognised values past the ones kept by
 * name cannot be merged exactly (some may be kept by the first range). */
static bool range_usable(void *ud2)
{
    const struct load_ctx *d = ud2;
    for (int k = 0; k < VK_N; k++)
        if (d->acc->unknown[k].others)
            return false;
    return true;
}

static void range_free(struct load_ctx *d)
{
    d->x.header_names = NULL; /* the first range's */
    d->x.n_header = 0;
    extract_free(&d->x);
    people_free(&d->people);
    if (d->acc)
        account_free(d->acc);
    for (size_t b = 0; d->range_levels && b + 1 < d->w->n_bd_all; b++)
        strmap_free(&d->range_levels[b]);
    free(d->range_levels);
    free(d->levels);
    free(d->acc);
    free(d);
}

/* Add the second range's account (its lines after LINES) to the first's. */
static int range_account(struct input_account *a, const struct input_account *b,
                         unsigned long lines)
{
    a->rows_read += b->rows_read;
    for (int e = 0; e < EX_N; e++)
        a->excluded[e] += b->excluded[e];
    for (int k = 0; k < VK_N; k++) {
        const struct unknown_codes *u = &b->unknown[k];
        for (size_t i = 0; i < u->values.n_names; i++)
            if (extract_note_unknown_n(&a->unknown[k], u->values.names[i], u->counts[i]))
                return WQ_ENOMEM;
    }
    for (size_t i = 0; i < b->n_skipped; i++) {
        struct skipped_row *grown =
            array_grow(a->skipped, a->n_skipped, &a->alloc_skipped, sizeof *grown, 16);
        if (!grown)
            return WQ_ENOMEM;
        a->skipped = grown;
        a->skipped[a->n_skipped] = b->skipped[i];
        a->skipped[a->n_skipped++].line += lines;
    }
    return WQ_OK;
}

/* Merge the second range D (its rows after LINES lines) into C: the
 * account, the levels (D's in the order it met them, after C's) and the
 * people. D keeps the people only it has, for tally_people. */
static int range_merge(struct load_ctx *c, struct load_ctx *d, unsigned long lines,
                       struct wq_error *err)
{
    struct workforce *w = c->w;
    size_t n_by = w->n_bd_all - 1;
    int st = range_account(c->acc, d->acc, lines);
    uint32_t **remap = calloc(n_by ? n_by : 1, sizeof *remap);
    if (st || !remap || people_flush(&d->people) < 0) {
        free(remap);
        return nomem(err);
    }
    for (size_t b = 1; b < w->n_bd_all && st == WQ_OK; b++) {
        const struct strmap *m = &d->range_levels[b - 1];
        if (!m->n_names)
            continue;
        uint32_t *r = remap[b - 1] = malloc(m->n_names * sizeof *r);
        if (!r)
            st = WQ_ENOMEM;
        for (size_t i = 0; r && i < m->n_names && st == WQ_OK; i++) {
            long li = strmap_intern(&w->bd[b].levels, m->names[i]);
            if (li < 0)
                st = WQ_ENOMEM;
            else
                r[i] = (uint32_t)li;
        }
    }
    if (st == WQ_OK && people_merge(&c->people, &d->people, remap) < 0)
        st = WQ_ENOMEM;
    for (size_t b = 0; b < n_by; b++)
        free(remap[b]);
    free(remap);
    return st ? nomem(err) : WQ_OK;
}

static int load_file(struct workforce *w, const struct wq_options *o, const char *path,
                     enum role role, struct input_account *acc, struct wq_error *err)
{
    struct load_ctx c = {.w = w, .o = o, .acc = acc, .role = role};
    struct csv_split split = {.fork = range_fork, .usable = range_usable};
    c.x.o = o;
    c.x.acc = acc;
    int st = WQ_OK;
    acc->present = true;
    acc->file = wq_input_name(path);
    acc->shown = wq_input_shown(path);
    people_init(&c.people, w->n_bd_all - 1);
    c.by_col = calloc(w->n_bd_all, sizeof *c.by_col);
    c.levels = calloc(w->n_bd_all, sizeof *c.levels);
    if (!c.by_col || !c.levels) {
        st = nomem(err);
        goto out;
    }
    for (int k = 0; k < C_N; k++)
        c.col[k] = -1;
    st = read_account(acc, o, path, on_row, &c, &split, err);
    if (!st && !c.x.n_header)
        st = extract_no_header(&c.x, path, err);
    if (st)
        goto out;
    if (people_flush(&c.people) < 0) {
        st = nomem(err);
        goto out;
    }
    struct load_ctx *d = split.used ? split.ud2 : NULL;
    if (d && (st = range_merge(&c, d, split.lines, err)) != WQ_OK)
        goto out;
    acc->excluded[EX_SECOND_ASSIGNMENT] += c.people.n_repeats;
    acc->rows_used = c.people.n_items + (d ? d->people.n_items : 0);
    acc->conflicts = c.people.n_conflicts;
    if ((st = grow_tallies(w, err)) != WQ_OK)
        goto out;
    tally_people(w, &c);
    if (d)
        tally_people(w, d);
    if (role == ROLE_STAFF && (st = check_by_levels(w, err)) != WQ_OK)
        goto out;
    if (role == ROLE_STAFF && (o->cases || o->training)) {
        /* kept: cases and training are joined to the staff by person key
         * (otherwise freed now: the leavers' table and the metrics need not
         * share memory with it) */
        w->staff_people = c.people;
        people_init(&c.people, 0);
    }
out:
    if (split.ud2)
        range_free(split.ud2);
    people_free(&c.people);
    extract_free(&c.x);
    free(c.by_col);
    free(c.levels);
    return st;
}

const char *workforce_level_name(const struct workforce *w, const struct wq_options *o, size_t b,
                                 const char *raw)
{
    const char *t = raw;
    while (isspace((unsigned char)*t))
        t++;
    if (w->bd[b].characteristic == CHAR_ETHNICITY + 1) {
        enum eth_detail d;
        vocab_ethnicity(o->vocab, raw, &d); /* unrecognised: DET_UNKNOWN */
        return o->detail ? vocab_eth_detail_name(d) : vocab_eth_group_name(vocab_eth_group(d));
    }
    if (w->bd[b].characteristic == CHAR_DISABILITY + 1) {
        enum dis_group g;
        vocab_disability(o->vocab, raw, &g);
        return vocab_dis_group_name(g);
    }
    if (w->bd[b].characteristic == BD_SEX)
        return columns_sex_name(raw);
    return *t ? raw : "(blank)";
}

int workforce_characteristic(const char *name)
{
    char want[256], got[256];
    text_fold(name, want, sizeof want);
    for (const char *const *a = extract_ethnicity_aliases; *a; a++)
        if (text_fold(*a, got, sizeof got) && !strcmp(want, got))
            return CHAR_ETHNICITY + 1;
    for (const char *const *a = extract_disability_aliases; *a; a++)
        if (text_fold(*a, got, sizeof got) && !strcmp(want, got))
            return CHAR_DISABILITY + 1;
    for (const char *const *a = columns_sex_aliases; *a; a++)
        if (text_fold(*a, got, sizeof got) && !strcmp(want, got))
            return BD_SEX;
    return 0;
}

long workforce_level(struct workforce *w, size_t b, const char *name)
{
    const char *t = name;
    while (isspace((unsigned char)*t))
        t++;
    long li = strmap_intern(&w->bd[b].levels, *t ? name : "(blank)");
    if (li < 0 || grow_tallies(w, NULL) != WQ_OK)
        return -1;
    return li;
}

const struct person *workforce_staff_person(const struct workforce *w, uint64_t key,
                                            size_t *index)
{
    long i = people_find(&w->staff_people, key);
    if (i < 0)
        return NULL;
    *index = (size_t)i;
    return &w->staff_people.items[i];
}

int workforce_load(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    static const char *const inputs[IN_N] = {"staff", "staff-start", "leavers", "recruitment",
                                             "cases", "training", "survey", "board"};
    memset(w, 0, sizeof *w);
    w->std = o->std;
    for (int i = 0; i < IN_N; i++)
        w->acc[i].input = inputs[i];
    w->acc[IN_STAFF].role = "staff in post";
    w->acc[IN_START].role = "staff at start of year";
    w->acc[IN_LEAVERS].role = "leavers";
    w->acc[IN_LEAVERS].out_of_period = "termination date outside the reporting year";
    int st = cross_setup(w, o, err);
    if (st)
        return st;
    if (strmap_intern(&w->bd[0].levels, "All") < 0)
        return nomem(err);
    if (o->year) {
        w->has_period = true;
        date_reporting_year(o->year, &w->period_first, &w->period_last);
    }
    if (o->staff && (st = load_file(w, o, o->staff, ROLE_STAFF, &w->acc[IN_STAFF], err)))
        return st;
    if (o->staff_start && (st = load_file(w, o, o->staff_start, ROLE_START, &w->acc[IN_START], err)))
        return st;
    if (o->leavers && (st = load_file(w, o, o->leavers, ROLE_LEAVERS, &w->acc[IN_LEAVERS], err)))
        return st;
    return grow_tallies(w, err);
}

bool unknown_value_hidden(const struct unknown_codes *u, size_t i)
{
    if (u->counts[i] == 1 && (u->values.n_names >= UNKNOWN_ID_MANY || u->others))
        return true;
    size_t digits = 0, other = 0;
    for (const char *s = u->values.names[i]; *s; s++)
        if (isdigit((unsigned char)*s))
            digits++;
        else if (!isspace((unsigned char)*s))
            other++;
    return digits >= UNKNOWN_ID_DIGITS && digits >= other;
}

const char *unknown_hidden_words(size_t n)
{
    return n == 1 ? "value that looks like an identifier (not shown)"
                  : "values that look like identifiers (not shown)";
}

size_t unknown_n_hidden(const struct unknown_codes *u, unsigned long *rows)
{
    size_t n = 0;
    unsigned long r = 0;
    for (size_t i = 0; i < u->values.n_names; i++)
        if (unknown_value_hidden(u, i)) {
            n++;
            r += u->counts[i];
        }
    if (rows)
        *rows = r;
    return n;
}

int account_read(struct input_account *a, const struct wq_options *o, const char *path,
                 csv_row_fn fn, void *ud, struct wq_error *err)
{
    return read_account(a, o, path, fn, ud, NULL, err);
}

static int read_account(struct input_account *a, const struct wq_options *o, const char *path,
                        csv_row_fn fn, void *ud, struct csv_split *split, struct wq_error *err)
{
    struct csv_source src = options_source(o, a->input);
    src.split = split;
    int st = csv_read_file(path, path, fn, ud, &src, err);
    a->cp1252_fields += src.cp1252_fields;
    char what[320];
    csv_source_describe(&src, what, sizeof what);
    if (!st && !strbuf_printf(&a->read_as, "%s%s", a->read_as.len ? "; " : "", what))
        st = nomem(err);
    return st;
}

static void account_free(struct input_account *a)
{
    for (int k = 0; k < VK_N; k++) {
        free((char *)a->unknown[k].column);
        strmap_free(&a->unknown[k].values);
        free(a->unknown[k].counts);
    }
    free(a->skipped);
    strbuf_free(&a->read_as);
}

void workforce_free(struct workforce *w)
{
    for (size_t b = 0; b < w->n_bd_all; b++) {
        free(w->bd[b].column);
        strmap_free(&w->bd[b].levels);
        free(w->bd[b].t);
        free(w->bd[b].first);
    }
    free(w->bd);
    free(w->strata);
    for (int i = 0; i < IN_N; i++)
        account_free(&w->acc[i]);
    people_free(&w->staff_people);
    free(w->survey);
    free(w->survey_files);
    memset(w, 0, sizeof *w);
}
