/* training.c: people accessing non-mandatory training or CPD (WRES 4).
 *
 * One row per training record. A record is mandatory when its flag column
 * says so, or when its course is in the --mandatory-courses list (titles
 * compared trimmed, case-folded, spaces collapsed). A person counts once if
 * they have at least one non-mandatory record in the reporting year; their
 * group and directorate come from the staff in post (people not in it are
 * not in the denominator either, so their records are excluded and
 * counted). */
#include "inputs.h"

#include <string.h>

#include "config.h"
#include "csv_reader.h"
#include "date.h"
#include "extract.h"
#include "people.h"
#include "text.h"

enum tcol { T_PERSON, T_COURSE, T_MANDATORY, T_DATE, T_N };
static const char *const a_course[] = {"Course Title", "Course Name", "Course",
                                       "Competence Name", NULL};
static const char *const a_mandatory[] = {"Mandatory", "Mandatory Flag", "Is Mandatory",
                                          "Mandatory Training", NULL};
static const char *const a_date[] = {"Completion Date", "Date Completed", "Course Date",
                                     "Attended Date", "Start Date", "Date", NULL};

struct tctx {
    struct workforce *w;
    const struct wq_options *o;
    struct extract x;
    int col[T_N];
    struct strmap mandatory;   /* folded course titles */
    struct people seen;
};

/* The --mandatory-courses file: a header, then one title per row in the
 * first column. */
struct mctx {
    struct strmap *titles;
    unsigned long records;
};

static int on_course(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct mctx *m = ud;
    m->records++;
    if (row->record == 1 || !row->n_fields || !*row->fields[0])
        return WQ_OK;
    if (strmap_intern(m->titles, row->fields[0]) < 0)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    return WQ_OK;
}

int training_mandatory_read(const char *path, struct strmap *titles, struct csv_source *src,
                            struct wq_error *err)
{
    struct mctx m = {titles, 0};
    int st = csv_read_file(path, path, on_course, &m, src, err);
    /* an empty list would silently count every course as non-mandatory */
    if (!st && !m.records)
        st = wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL, 0},
                     "the file is empty: expected a header row, then one mandatory "
                     "course title per row");
    else if (!st && !titles->n_names)
        st = wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL, 0},
                     "no course titles after the header: expected one mandatory course "
                     "title per row");
    return st;
}

size_t training_specs(const struct wq_options *o, struct col_spec *out)
{
    const struct col_spec specs[T_N] = {
        [T_PERSON] = {"person", extract_person_aliases, true, NULL},
        [T_COURSE] = {"course", a_course, true, NULL},
        [T_MANDATORY] = {"mandatory", a_mandatory, !o->mandatory_courses,
                         "no 'Mandatory' column: say which courses are mandatory with a "
                         "Mandatory (Yes/No) column or --mandatory-courses FILE"},
        [T_DATE] = {"course-date", a_date, o->year != 0, NULL},
    };
    memcpy(out, specs, sizeof specs);
    return T_N;
}

static int on_header(struct tctx *c, const struct csv_row *row, struct wq_error *err)
{
    struct col_spec specs[T_N];
    training_specs(c->o, specs);
    return extract_header(&c->x, row, specs, T_N, c->col, err);
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct tctx *c = ud;
    struct workforce *w = c->w;
    struct input_account *a = c->x.acc;
    if (!c->x.n_header)
        return on_header(c, row, err);
    bool skip;
    int st = extract_begin_row(&c->x, row, &skip, err);
    if (st || skip)
        return st;
    if (c->o->year) {
        long day;
        const char *d = extract_field(row, c->col[T_DATE]);
        if (!date_parse(d, &day))
            return extract_bad_row(&c->x, row, c->col[T_DATE], err, "not a date: '%.40s'", d);
        if (day < w->period_first || day > w->period_last) {
            a->excluded[EX_OUT_OF_PERIOD]++;
            return WQ_OK;
        }
    }
    bool mandatory;
    if (c->col[T_MANDATORY] >= 0) {
        int yn = extract_yes_no(extract_field(row, c->col[T_MANDATORY]));
        if (yn < 0)
            return extract_bad_row(&c->x, row, c->col[T_MANDATORY], err,
                                   "expected Yes or No, not '%.40s'",
                                   extract_field(row, c->col[T_MANDATORY]));
        mandatory = yn == 1;
    } else {
        mandatory = strmap_find(&c->mandatory, extract_field(row, c->col[T_COURSE])) >= 0;
    }
    if (mandatory) {
        a->excluded[EX_MANDATORY]++;
        return WQ_OK;
    }
    struct person p = {0};
    if (!people_key(extract_field(row, c->col[T_PERSON]), &p.key))
        return extract_bad_row(&c->x, row, c->col[T_PERSON], err, "empty person identifier");
    size_t si = 0;
    const struct person *sp = workforce_staff_person(w, p.key, &si);
    if (!sp) {
        a->excluded[EX_NOT_IN_STAFF]++;
        return WQ_OK;
    }
    int fresh = people_offer(&c->seen, &p, NULL);
    if (fresh < 0)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if (!fresh) {
        a->excluded[EX_REPEAT]++;
        return WQ_OK;
    }
    int g = workforce_group_of(w, sp->ch);
    bool wres = w->std->characteristic == CHAR_ETHNICITY;
    for (size_t b = 0; b < w->n_bd_all; b++) {
        struct level_tally *t = &w->bd[b].t[b ? people_level(&w->staff_people, si, b - 1) : 0];
        t->trained[g] += 1;
        if (wres)
            t->trained_detail[sp->ch] += 1;
    }
    a->rows_used++;
    return WQ_OK;
}

int training_load(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    struct input_account *a = &w->acc[IN_TRAINING];
    struct tctx c = {.w = w, .o = o};
    a->role = "training records";
    a->out_of_period = "course date outside the reporting year";
    a->file = wq_input_name(o->training);
    a->shown = wq_input_shown(o->training);
    a->present = true;
    c.x.o = o;
    c.x.acc = a;
    people_init(&c.seen, 0);
    for (int k = 0; k < T_N; k++)
        c.col[k] = -1;
    int st = WQ_OK;
    if (o->mandatory_courses) {
        struct csv_source src = options_source(o, "mandatory-courses");
        st = training_mandatory_read(o->mandatory_courses, &c.mandatory, &src, err);
    }
    if (!st)
        st = extract_read(&c.x, o->training, on_row, &c, err);
    people_free(&c.seen);
    strmap_free(&c.mandatory);
    extract_free(&c.x);
    return st;
}
