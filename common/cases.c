/* cases.c: people entering a formal disciplinary (WRES 3) or capability
 * (WDES 3, performance grounds) process, per group.
 *
 * A person counts once in the window however many cases they have. Their
 * group comes from the staff in post (joined by person key) or, failing
 * that, from the case file's own ethnicity / disability column; a person in
 * neither is counted as Unknown and reported. The window is the reporting
 * year (WRES default) or the reporting year and the one before (WDES
 * default: the metric is then the two-year total / 2 over the headcount). */
#include "inputs.h"

#include <ctype.h>
#include <string.h>

#include "date.h"
#include "extract.h"
#include "people.h"
#include "text.h"
#include "vocab.h"

enum ccol { K_PERSON, K_TYPE, K_DATE, K_GROUNDS, K_ETHNICITY, K_DISABILITY, K_N };
static const char *const a_type[] = {"Case Type", "Type", "Process", NULL};
static const char *const a_date[] = {"Formal Stage Date", "Date Entered Formal Stage",
                                     "Formal Process Date", "Date Formal Process Started",
                                     "Start Date", "Date", NULL};
static const char *const a_grounds[] = {"Grounds", "Capability Grounds", "Reason", NULL};

struct kctx {
    struct workforce *w;
    const struct wq_options *o;
    struct extract x;
    int col[K_N];
    long first, last;          /* the window */
    struct people seen;        /* people already counted */
};

size_t cases_specs(const struct wq_options *o, struct col_spec *out)
{
    (void)o;
    const struct col_spec specs[K_N] = {
        [K_PERSON] = {"person", extract_person_aliases, true, NULL},
        [K_TYPE] = {"case-type", a_type, true, NULL},
        [K_DATE] = {"case-date", a_date, true, NULL},
        [K_GROUNDS] = {"grounds", a_grounds, false, NULL},
        [K_ETHNICITY] = {"ethnicity", extract_ethnicity_aliases, false, NULL},
        [K_DISABILITY] = {"disability", extract_disability_aliases, false, NULL},
    };
    memcpy(out, specs, sizeof specs);
    return K_N;
}

static int on_header(struct kctx *c, const struct csv_row *row, struct wq_error *err)
{
    struct col_spec specs[K_N];
    cases_specs(c->o, specs);
    int st = extract_header(&c->x, row, specs, K_N, c->col, err);
    if (st || !c->x.n_header)
        return st;
    bool wres = c->w->std->characteristic == CHAR_ETHNICITY;
    int gc = c->col[wres ? K_ETHNICITY : K_DISABILITY];
    extract_unknown_column(&c->x, wres ? VK_ETHNICITY : VK_DISABILITY, gc);
    return WQ_OK;
}

/* Does the case type belong to this standard's metric? */
static bool wanted_type(const struct workforce *w, const char *type)
{
    char key[64];
    text_fold(type, key, sizeof key);
    if (w->std->characteristic == CHAR_ETHNICITY)
        return strncmp(key, "disciplinary", 12) == 0 || strncmp(key, "conduct", 7) == 0;
    return strncmp(key, "capability", 10) == 0 || strncmp(key, "performance", 11) == 0;
}

/* Capability grounds: 1 performance, 0 ill health, -1 not stated. */
static int grounds_of(const char *s)
{
    char key[64];
    text_fold(s, key, sizeof key);
    if (!*key)
        return -1;
    if (strstr(key, "ill") || strstr(key, "health") || strstr(key, "sickness") ||
        strstr(key, "attendance"))
        return 0;
    return 1;
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct kctx *c = ud;
    struct workforce *w = c->w;
    struct input_account *a = c->x.acc;
    bool wres = w->std->characteristic == CHAR_ETHNICITY;
    if (!c->x.n_header)
        return on_header(c, row, err);
    bool skip;
    int st = extract_begin_row(&c->x, row, &skip, err);
    if (st || skip)
        return st;
    if (!wanted_type(w, extract_field(row, c->col[K_TYPE]))) {
        a->excluded[EX_OTHER_TYPE]++;
        return WQ_OK;
    }
    long day;
    const char *d = extract_field(row, c->col[K_DATE]);
    if (!date_parse(d, &day))
        return extract_bad_row(&c->x, row, c->col[K_DATE], err,
                               "not a date: '%.40s' (expected DD/MM/YYYY, YYYY-MM-DD, "
                               "YYYYMMDD or DD-MON-YYYY)",
                               d);
    if (day < c->first || day > c->last) {
        a->excluded[EX_OUT_OF_PERIOD]++;
        return WQ_OK;
    }
    if (!wres) {
        int g = grounds_of(extract_field(row, c->col[K_GROUNDS]));
        if (g == 0) {
            a->excluded[EX_ILL_HEALTH]++;
            return WQ_OK;
        }
        if (g < 0)
            w->cases_no_grounds++;
    }
    struct person p = {0};
    if (!people_key(extract_field(row, c->col[K_PERSON]), &p.key))
        return extract_bad_row(&c->x, row, c->col[K_PERSON], err, "empty person identifier");
    int fresh = people_offer(&c->seen, &p, NULL);
    if (fresh < 0)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if (!fresh) {
        a->excluded[EX_REPEAT]++;
        return WQ_OK;
    }
    size_t si = 0;
    const struct person *sp = workforce_staff_person(w, p.key, &si);
    int ch = wres ? DET_UNKNOWN : DIS_UNKNOWN; /* the characteristic */
    if (sp) {
        ch = sp->ch;
    } else {
        int gc = c->col[wres ? K_ETHNICITY : K_DISABILITY];
        if (gc >= 0 && extract_characteristic(&c->x, w, extract_field(row, gc), &ch))
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        w->cases_not_in_staff++;
    }
    int g = workforce_group_of(w, ch);
    for (size_t b = 0; b < w->n_bd_all; b++) {
        if (b > 0 && !sp)
            continue; /* no directorate for someone not in the staff in post */
        struct level_tally *t = &w->bd[b].t[b ? people_level(&w->staff_people, si, b - 1) : 0];
        t->cases[g] += 1;
        if (wres)
            t->cases_detail[ch] += 1;
    }
    a->rows_used++;
    return WQ_OK;
}

int cases_load(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    struct input_account *a = &w->acc[IN_CASES];
    struct kctx c = {.w = w, .o = o};
    a->role = w->std->characteristic == CHAR_ETHNICITY ? "disciplinary cases"
                                                       : "capability cases";
    a->file = wq_input_name(o->cases);
    a->shown = wq_input_shown(o->cases);
    a->present = true;
    if (!o->year)
        return wq_fail(err, WQ_EUSAGE, NULL,
                       "--cases needs --year: cases are counted within the reporting year");
    w->case_window = o->window ? o->window : (w->std->characteristic == CHAR_ETHNICITY ? 1 : 2);
    a->out_of_period = w->case_window == 1 ? "case date outside the reporting year"
                                           : "case date outside the two-year window";
    long f1, l1;
    date_reporting_year(o->year - (w->case_window - 1), &f1, &l1);
    c.first = f1;
    c.last = w->period_last;
    c.x.o = o;
    c.x.acc = a;
    people_init(&c.seen, 0);
    for (int k = 0; k < K_N; k++)
        c.col[k] = -1;
    int st = extract_read(&c.x, o->cases, on_row, &c, err);
    people_free(&c.seen);
    extract_free(&c.x);
    return st;
}
