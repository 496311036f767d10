/* sheets.c: the submission workbook model, built from the metrics table.
 *
 * No libxlsxwriter here: this file decides what goes in which cell, the
 * renderers (xlsx.c, sheets_csv.c) only draw it. Building uses a sticky
 * out-of-memory flag (as cairo's status): every allocation is checked, a
 * failure is recorded and later writes are skipped, and sheets_build
 * reports it once. */
#include "sheets.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* ---- cells and sheets ------------------------------------------------ */

static const struct cell empty_cell = {CELL_EMPTY, 0.0, NULL};

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* Make room for cell (ROW, COL), keeping the layout row-major with stride
 * n_cols. */
static bool grow(struct sheet *sh, size_t row, size_t col)
{
    size_t rows = max_size(sh->n_rows, row + 1), cols = max_size(sh->n_cols, col + 1);
    if (rows > sh->alloc_rows || cols != sh->n_cols) {
        size_t alloc = rows > sh->alloc_rows ? max_size(rows, max_size(16, 2 * sh->alloc_rows))
                                             : sh->alloc_rows;
        if (cols && alloc > (size_t)-1 / sizeof(struct cell) / cols)
            return false;
        struct cell *cells = malloc(alloc * cols * sizeof *cells);
        if (!cells)
            return false;
        for (size_t i = 0; i < alloc * cols; i++)
            cells[i] = empty_cell;
        for (size_t r = 0; r < sh->n_rows; r++)
            for (size_t c = 0; c < sh->n_cols; c++)
                cells[r * cols + c] = sh->cells[r * sh->n_cols + c];
        free(sh->cells);
        sh->cells = cells;
        sh->alloc_rows = alloc;
        sh->n_cols = cols;
    }
    sh->n_rows = rows;
    return true;
}

/* Store KIND/VALUE/TEXT (TEXT owned, moved in) at (ROW, COL). */
static bool set_cell(struct sheet *sh, size_t row, size_t col, enum cell_kind kind, double value,
                     char *text)
{
    if (kind == CELL_EMPTY && (row >= sh->n_rows || col >= sh->n_cols))
        return true;
    if (!grow(sh, row, col)) {
        free(text);
        return false;
    }
    struct cell *c = &sh->cells[row * sh->n_cols + col];
    free(c->text);
    c->kind = kind;
    c->value = value;
    c->text = text;
    return true;
}

static bool set_string(struct sheet *sh, size_t row, size_t col, enum cell_kind kind,
                       const char *s)
{
    if (!s || !*s)
        return set_cell(sh, row, col, CELL_EMPTY, 0.0, NULL);
    char *d = dup_text(s);
    return d && set_cell(sh, row, col, kind, 0.0, d);
}

bool sheet_set_text(struct sheet *sh, size_t row, size_t col, const char *s)
{
    return set_string(sh, row, col, CELL_TEXT, s);
}

bool sheet_set_heading(struct sheet *sh, size_t row, size_t col, const char *s)
{
    return set_string(sh, row, col, CELL_HEADING, s);
}

bool sheet_set_num(struct sheet *sh, size_t row, size_t col, enum cell_kind kind, double v)
{
    if (isnan(v) || kind == CELL_EMPTY)
        return set_cell(sh, row, col, CELL_EMPTY, 0.0, NULL);
    if (kind == CELL_TEXT || kind == CELL_HEADING)
        kind = CELL_NUMBER;
    char *note = NULL;
    if (isinf(v) && !(note = dup_text("infinite")))
        return false;
    return set_cell(sh, row, col, kind, v == 0 ? 0.0 : v, note);
}

bool sheet_set_note(struct sheet *sh, size_t row, size_t col, const char *note)
{
    if (row >= sh->n_rows || col >= sh->n_cols || !note || !*note || sh->gen)
        return false;
    struct cell *c = &sh->cells[row * sh->n_cols + col];
    if (c->kind == CELL_EMPTY || c->kind == CELL_TEXT || c->kind == CELL_HEADING ||
        !isinf(c->value))
        return false;
    char *d = dup_text(note);
    if (!d)
        return false;
    free(c->text);
    c->text = d;
    return true;
}

const struct cell *sheet_cell(const struct sheet *sh, size_t row, size_t col)
{
    if (!sh || row >= sh->n_rows || col >= sh->n_cols)
        return &empty_cell;
    if (sh->gen) {
        struct sheet_gen *g = sh->gen;
        if (g->buf_row != row) {
            for (size_t c = 0; c < sh->n_cols; c++)
                g->buf[c] = empty_cell;
            g->row(g->ctx, row, g->buf);
            g->buf_row = row;
        }
        return &g->buf[col];
    }
    return &sh->cells[row * sh->n_cols + col];
}

const char *cell_display(const struct cell *c, char *buf, size_t size)
{
    if (!size)
        return "";
    buf[0] = '\0';
    switch (c->kind) {
    case CELL_EMPTY:
        return "";
    case CELL_TEXT:
    case CELL_HEADING:
        return c->text ? c->text : "";
    case CELL_COUNT: {
        char w[TEXT_WHOLE_SIZE];
        const char *whole = text_whole(w, c->value);
        if (whole)
            snprintf(buf, size, "%s", whole);
        else if (c->value == floor(c->value) && fabs(c->value) < 1e15)
            snprintf(buf, size, "%.0f", c->value);
        else
            stats_format(buf, size, c->value, 1);
        return buf;
    }
    case CELL_PERCENT: {
        if (isinf(c->value))
            return stats_format(buf, size, c->value, 2);
        stats_format(buf, size, c->value * 100.0, 2);
        size_t n = strlen(buf);
        if (n + 1 < size) {
            buf[n] = '%';
            buf[n + 1] = '\0';
        }
        return buf;
    }
    case CELL_RATIO:
    case CELL_NUMBER:
    case CELL_PP:
        return stats_format(buf, size, c->value, 2);
    }
    return "";
}

size_t cell_display_len(const struct cell *c)
{
    /* how cell_display shows the number kinds: decimals, and a '%' */
    static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                   1e12};
    char buf[64];
    double x = c->value;
    int digits = 2;
    size_t extra = 0;
    switch (c->kind) {
    case CELL_COUNT: {
        const char *whole = text_whole(buf, x);
        if (whole)
            return strlen(whole);
        digits = 1;
        break;
    }
    case CELL_PERCENT:
        x *= 100.0;
        extra = 1;
        break;
    case CELL_RATIO:
    case CELL_NUMBER:
    case CELL_PP:
        break;
    default:
        return strlen(cell_display(c, buf, sizeof buf));
    }
    /* |X| rounded (sheets.h: half away from zero on its first 15
     * significant digits, which under 1e12 are exact to 5e-4) stays under
     * 10^k when |X| is D = 10^-digits below it, and never falls under a
     * power of ten |X| has reached; from D up it is not 0 (no "-0.00") */
    double a = fabs(x), d = 1 / pow10[digits];
    size_t k = 1;
    while (k < 12 && a >= pow10[k])
        k++;
    if (!isfinite(a) || a < d || a > pow10[k] - d)
        return strlen(cell_display(c, buf, sizeof buf));
    return (x < 0) + k + 1 + (size_t)digits + extra;
}

static void sheet_free(struct sheet *sh)
{
    if (sh->cells)
        for (size_t i = 0; i < sh->n_rows * sh->n_cols; i++)
            free(sh->cells[i].text);
    free(sh->cells);
    if (sh->gen) {
        free((void *)sh->gen->ctx);
        free(sh->gen->buf);
        free(sh->gen);
    }
    free(sh->csv_file);
    free(sh->csv_note);
    free(sh->name);
    memset(sh, 0, sizeof *sh);
}

void sheets_free(struct workbook *wb)
{
    for (size_t i = 0; i < wb->n_sheets; i++)
        sheet_free(&wb->sheets[i]);
    free(wb->sheets);
    free(wb->running_head);
    memset(wb, 0, sizeof *wb);
}

struct sheet *workbook_add_sheet(struct workbook *wb, const char *name)
{
    struct sheet *grown =
        array_grow(wb->sheets, wb->n_sheets, &wb->alloc_sheets, sizeof *grown, 16);
    if (!grown)
        return NULL;
    wb->sheets = grown;
    char *n = dup_text(name);
    if (!n)
        return NULL;
    struct sheet *sh = &wb->sheets[wb->n_sheets++];
    memset(sh, 0, sizeof *sh);
    sh->name = n;
    return sh;
}

const struct sheet *workbook_sheet(const struct workbook *wb, const char *name)
{
    for (size_t i = 0; i < wb->n_sheets; i++)
        if (!strcmp(wb->sheets[i].name, name))
            return &wb->sheets[i];
    return NULL;
}

char *sheets_sheet_name(char *buf, size_t size, const char *s)
{
    size_t n = 0, chars = 0;
    if (!size)
        return buf;
    while (*s == '\'')
        s++;
    for (const char *p = s; *p && chars < 31; chars++) {
        /* one UTF-8 code point */
        size_t len = 1;
        while (p[len] && ((unsigned char)p[len] & 0xC0) == 0x80)
            len++;
        if (n + len + 1 > size)
            break;
        if (len == 1 && strchr("[]:*?/\\", *p))
            buf[n++] = '-';
        else if (len == 1 && (unsigned char)*p < 0x20)
            buf[n++] = ' ';
        else {
            memcpy(buf + n, p, len);
            n += len;
        }
        p += len;
    }
    while (n && buf[n - 1] == '\'')
        n--;
    buf[n] = '\0';
    if (!n)
        snprintf(buf, size, "Sheet");
    return buf;
}

/* ---- the builder ------------------------------------------------------ */

/* A list of borrowed rows. */
struct rowset {
    const struct metric_row **r;
    size_t n, alloc;
};

static bool rowset_add(struct rowset *s, const struct metric_row *r)
{
    if (s->n == s->alloc) {
        size_t alloc = s->alloc ? 2 * s->alloc : 64;
        const struct metric_row **p = realloc(s->r, alloc * sizeof *p);
        if (!p)
            return false;
        s->r = p;
        s->alloc = alloc;
    }
    s->r[s->n++] = r;
    return true;
}

struct ctx {
    const struct metric_table *t;
    const struct workforce *w;
    const struct wq_options *o;
    const struct standard *std;
    bool wdes;
    const char *g[3];       /* group names, metric-1 column order */
    const char *focus, *comparator;
    struct rowset trust;    /* the whole-trust rows */
    struct workbook *wb;
    size_t sheet;           /* index of the sheet being built */
    size_t row;             /* the row being written */
    bool oom;               /* sticky: an allocation failed */
};

static struct sheet *cur(struct ctx *c)
{
    return &c->wb->sheets[c->sheet];
}

static void put_text(struct ctx *c, size_t col, const char *s)
{
    if (!c->oom && !sheet_set_text(cur(c), c->row, col, s))
        c->oom = true;
}

static void put_head(struct ctx *c, size_t col, const char *s)
{
    if (!c->oom && !sheet_set_heading(cur(c), c->row, col, s))
        c->oom = true;
}

static void put_num(struct ctx *c, size_t col, enum cell_kind kind, double v)
{
    if (!c->oom && !sheet_set_num(cur(c), c->row, col, kind, v))
        c->oom = true;
}

/* Formatted text (any length) as KIND at (c->row, COL). */
__attribute__((format(printf, 4, 0)))
static void put_vfmt(struct ctx *c, size_t col, enum cell_kind kind, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (c->oom || n < 0) {
        c->oom = c->oom || n < 0;
        return;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        c->oom = true;
        return;
    }
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    if (!(kind == CELL_HEADING ? sheet_set_heading : sheet_set_text)(cur(c), c->row, col, s))
        c->oom = true;
    free(s);
}

__attribute__((format(printf, 3, 4))) static void put_textf(struct ctx *c, size_t col,
                                                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_vfmt(c, col, CELL_TEXT, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void put_headf(struct ctx *c, size_t col,
                                                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_vfmt(c, col, CELL_HEADING, fmt, ap);
    va_end(ap);
}

static void begin_sheet(struct ctx *c, const char *name)
{
    if (c->oom)
        return;
    if (!workbook_add_sheet(c->wb, name)) {
        c->oom = true;
        return;
    }
    c->sheet = c->wb->n_sheets - 1;
    c->row = 0;
}

/* A unique sheet name for "By COLUMN" (Excel compares names ignoring case). */
static bool name_taken(const struct workbook *wb, const char *name)
{
    for (size_t i = 0; i < wb->n_sheets; i++) {
        const char *a = wb->sheets[i].name, *b = name;
        for (; *a && *b; a++, b++) {
            int x = (unsigned char)*a, y = (unsigned char)*b;
            if (x < 0x80 && y < 0x80 ? tolower(x) != tolower(y) : x != y)
                break;
        }
        if (!*a && !*b)
            return true;
    }
    return false;
}

/* A sheet longer than a worksheet holds goes to STEM.csv beside the
 * workbook (sheets.h: csv_file), with a note on the worksheet. */
static void beyond_worksheet(struct ctx *c, const char *stem)
{
    struct sheet *sh = cur(c);
    if (c->oom || sh->n_rows <= SHEET_ROWS_MAX)
        return;
    char *slug = sheets_slug(stem);
    if (!slug) {
        c->oom = true;
        return;
    }
    size_t n = strlen(slug) + 8, m = strlen(slug) + 256;
    sh->csv_file = malloc(n);
    sh->csv_note = malloc(m);
    if (!sh->csv_file || !sh->csv_note) {
        c->oom = true;
    } else {
        snprintf(sh->csv_file, n, "%s.csv", slug);
        snprintf(sh->csv_note, m,
                 "This table has %zu rows, more than a worksheet holds (%d): it is in the file "
                 "%s, in the same folder as this workbook.",
                 sh->n_rows, SHEET_ROWS_MAX, sh->csv_file);
    }
    free(slug);
}

/* ---- finding rows ----------------------------------------------------- */

static bool is(const struct metric_row *r, const char *metric, const char *measure)
{
    return text_same(r->metric, metric) && (!measure || text_same(r->measure, measure));
}

/* The first row of RS with METRIC, MEASURE (NULL: any), GROUP (NULL: any),
 * REFERENCE (exactly: NULL for a group row), WORKFORCE and BAND (NULL: any). */
static const struct metric_row *find(const struct rowset *rs, const char *metric,
                                     const char *measure, const char *group,
                                     const char *reference, const char *workforce,
                                     const char *band)
{
    for (size_t i = 0; i < rs->n; i++) {
        const struct metric_row *r = rs->r[i];
        if (is(r, metric, measure) && (!group || text_same(r->group, group)) &&
            text_same(r->reference, reference) && (!workforce || text_same(r->workforce, workforce)) &&
            (!band || text_same(r->band, band)))
            return r;
    }
    return NULL;
}

static bool has_metric(const struct rowset *rs, const char *metric)
{
    for (size_t i = 0; i < rs->n; i++)
        if (text_same(rs->r[i]->metric, metric))
            return true;
    return false;
}

static bool is_board(const struct metric_row *r)
{
    return text_same(r->workforce, "Board");
}

/* The declaration row of the staff (BOARD false) or of the board. */
static const struct metric_row *find_declaration(const struct rowset *rs, bool board)
{
    for (size_t i = 0; i < rs->n; i++) {
        const struct metric_row *r = rs->r[i];
        if (text_same(r->metric, "declaration") && !r->reference && is_board(r) == board)
            return r;
    }
    return NULL;
}

/* ---- what a row's value is, and words for it ------------------------- */

/* True when a difference row R is a difference of scores (9a). */
static bool score_difference(const struct ctx *c, const struct metric_row *r)
{
    if (text_same(r->measure, "engagement"))
        return true;
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *s = c->trust.r[i];
        if (!s->reference && text_same(s->metric, r->metric) && text_same(s->measure, r->measure))
            return text_same(s->statistic, STAT_SCORE);
    }
    return false;
}

/* How R's value, low and high are shown on a metric sheet (PP: x100). */
static enum cell_kind value_kind(const struct ctx *c, const struct metric_row *r)
{
    const char *s = r->statistic;
    if (!s)
        return r->reference ? CELL_RATIO : CELL_PERCENT;
    if (!strcmp(s, STAT_PROPORTION))
        return CELL_PERCENT;
    if (!strcmp(s, STAT_RATIO))
        return CELL_RATIO;
    if (!strcmp(s, STAT_SCORE))
        return CELL_NUMBER;
    if (!strcmp(s, STAT_DIFFERENCE))
        return score_difference(c, r) ? CELL_NUMBER : CELL_PP;
    return CELL_NUMBER;
}

struct measure_words {
    const char *id;
    const char *text;   /* a heading in plain words */
    const char *brief;  /* a short label for breakdown columns */
    const char *who;    /* relative likelihood sentences: "applicants" */
    const char *verb;   /* "being appointed from shortlisting" */
};

static const struct measure_words measure_words[] = {
    {"workforce", "Headcount by pay band or cluster", "Workforce", NULL, NULL},
    {"appointed_from_shortlisting", "Appointed from shortlisting", "Appointed from shortlisting",
     "applicants", "being appointed from shortlisting"},
    {"shortlisted_from_applications", "Shortlisted from applications",
     "Shortlisted from applications", "applicants", "being shortlisted from applications"},
    {"formal_disciplinary", "Entering the formal disciplinary process", "Formal disciplinary",
     "staff", "entering the formal disciplinary process"},
    {"formal_capability", "Entering the formal capability process on the grounds of performance",
     "Formal capability", "staff", "entering the formal capability process"},
    {"non_mandatory_training", "Accessing non-mandatory training and CPD",
     "Non-mandatory training", "staff", "accessing non-mandatory training and CPD"},
    {"harassment_public",
     "Staff experiencing harassment, bullying or abuse from patients, relatives or the public "
     "in the last 12 months",
     "Harassment from the public", NULL, NULL},
    {"harassment_staff",
     "Staff experiencing harassment, bullying or abuse from staff in the last 12 months",
     "Harassment from staff", NULL, NULL},
    {"harassment_managers",
     "Staff experiencing harassment, bullying or abuse from managers in the last 12 months",
     "Harassment from managers", NULL, NULL},
    {"harassment_colleagues",
     "Staff experiencing harassment, bullying or abuse from other colleagues in the last 12 "
     "months",
     "Harassment from colleagues", NULL, NULL},
    {"harassment_reported",
     "Staff saying that the last time they experienced harassment, bullying or abuse at work, "
     "they or a colleague reported it",
     "Harassment reported", NULL, NULL},
    {"equal_opportunities",
     "Staff believing that the trust provides equal opportunities for career progression or "
     "promotion",
     "Equal opportunities", NULL, NULL},
    {"discrimination_colleagues",
     "Staff who personally experienced discrimination at work from a manager, team leader or "
     "other colleagues in the last 12 months",
     "Discrimination", NULL, NULL},
    {"presenteeism",
     "Staff who felt pressure from their manager to come to work, despite not feeling well "
     "enough to perform their duties",
     "Presenteeism", NULL, NULL},
    {"valued", "Staff satisfied with the extent to which their organisation values their work",
     "Valued", NULL, NULL},
    {"adjustments",
     "Disabled staff saying that their employer has made adequate adjustment(s) to enable them "
     "to carry out their work",
     "Adjustments", NULL, NULL},
    {"engagement", "Staff engagement score (0-10)", "Engagement score", NULL, NULL},
    {"staff_voices",
     "Has the trust taken action to facilitate the voices of Disabled staff in the "
     "organisation to be heard?",
     "Staff voices", NULL, NULL},
    {"board_total", "Total board", "Total board", NULL, NULL},
    {"board_voting", "Voting members", "Voting members", NULL, NULL},
    {"board_executive", "Executive members", "Executive members", NULL, NULL},
    {"leaving", "Leaving the organisation", "Leaving", "staff", "leaving"},
    {"declaration", "Declaration", "Declaration", NULL, NULL},
};

static const struct measure_words *words(const char *measure)
{
    static const struct measure_words none = {NULL, NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < sizeof measure_words / sizeof *measure_words; i++)
        if (text_same(measure, measure_words[i].id))
            return &measure_words[i];
    return &none;
}

static const char *measure_text(const char *measure)
{
    const char *s = words(measure)->text;
    return s ? s : measure ? measure : "";
}

static const char *measure_brief(const char *measure)
{
    const char *s = words(measure)->brief;
    return s ? s : measure ? measure : "";
}

/* The note of an infinite X, the value (or an interval limit) of R at COL. */
static void put_inf_note(struct ctx *c, size_t col, const struct metric_row *r, double x)
{
    char note[320];
    const char *who = words(r->measure)->who, *verb = words(r->measure)->verb;
    if (x != r->value)
        snprintf(note, sizeof note, "no %s limit: a group has no events, so the interval is "
                                    "open-ended",
                 x > 0 ? "upper" : "lower");
    else if (r->reference && who)
        snprintf(note, sizeof note, "infinite: none of the %s %s (the comparison group) were "
                                    "counted as %s",
                 r->reference, who, verb);
    else if (r->reference)
        snprintf(note, sizeof note, "infinite: the comparison group (%s) has no events",
                 r->reference);
    else
        snprintf(note, sizeof note, "infinite");
    if (!c->oom && !sheet_set_note(cur(c), c->row, col, note))
        c->oom = true;
}

/* Put X, a value/low/high of R, at COL as R's kind (percentage points x100);
 * an infinite X gets a note saying why. */
static void put_stat(struct ctx *c, size_t col, const struct metric_row *r, double x)
{
    enum cell_kind k = value_kind(c, r);
    put_num(c, col, k, k == CELL_PP ? x * 100.0 : x);
    if (isinf(x))
        put_inf_note(c, col, r, x);
}

/* A comparison row's label: "Relative likelihood of White applicants being
 * appointed from shortlisting compared with BME applicants". */
static void put_comparison_label(struct ctx *c, size_t col, const struct metric_row *r)
{
    const struct measure_words *mw = words(r->measure);
    const char *g = r->group ? r->group : "", *ref = r->reference ? r->reference : "";
    if (text_same(r->statistic, STAT_DIFFERENCE)) {
        if (score_difference(c, r))
            put_textf(c, col, "Difference in score: %s minus %s", g, ref);
        else
            put_textf(c, col, "Difference: %s minus %s (percentage points)", g, ref);
    } else if (mw->who) {
        put_textf(c, col, "Relative likelihood of %s %s %s compared with %s %s", g, mw->who,
                  mw->verb, ref, mw->who);
    } else {
        put_textf(c, col, "%s vs %s (%s)", g, ref, r->statistic ? r->statistic : "comparison");
    }
}

/* A withheld row's note: "withheld (fewer than 10): " and why. */
static void withheld_note(struct ctx *c, size_t col, const struct metric_row *r)
{
    static const char prefix[] = "suppressed: ";
    char what[64];
    const char *why = r->note;
    if (!strncmp(why, prefix, sizeof prefix - 1))
        why += sizeof prefix - 1;
    put_textf(c, col, "%s: %s", metric_withheld_text(what, sizeof what, r), why);
}

/* The note of a row: why a value or its interval is missing, then the
 * engine's note. */
static void put_note(struct ctx *c, size_t col, const struct metric_row *r)
{
    enum cell_kind k = value_kind(c, r);
    const char *why = NULL;
    bool withheld = metric_row_withheld(r);
    if (withheld) {
        withheld_note(c, col, r);
        return;
    }
    if (isnan(r->value))
        why = withheld ? NULL : "not calculable";
    else if (r->status == STATS_NO_INTERVAL && k != CELL_NUMBER)
        why = !r->reference && r->count > r->base ? "more events than the base: no interval"
                                                  : "no interval";
    if (why && r->note)
        put_textf(c, col, "%s; %s", why, r->note);
    else
        put_text(c, col, why ? why : r->note);
}

/* ---- common sheet parts ------------------------------------------------ */

#define TOOLKIT_HEADING "Toolkit additions (not part of the NHS England template)"

/* The reporting year's line: always one row, with or without --year, so
 * that every figure below it is in the same cell every year. */
static void year_line(struct ctx *c)
{
    const char *t = c->o->trust ? c->o->trust : "", *sep = c->o->trust ? ". " : "";
    if (c->o->year)
        put_textf(c, 0, "%s%sReporting year: 1 April %d to 31 March %d", t, sep,
                  c->o->year - 1, c->o->year);
    else
        put_textf(c, 0, "%s%sReporting year: not given (--year)", t, sep);
    c->row++;
}

/* A sheet's first rows: its title (printed on every page, kept in view
 * with the label column), the standard and the reporting year, a blank. */
static void title(struct ctx *c, const char *sheet_name, const char *number, const char *text)
{
    begin_sheet(c, sheet_name);
    if (number)
        put_headf(c, 0, "%s metric %s: %s", c->std->name, number, text);
    else
        put_head(c, 0, text);
    if (!c->oom) {
        cur(c)->freeze_rows = cur(c)->repeat_rows = 1;
        cur(c)->freeze_cols = 1;
    }
    c->row++;
    put_text(c, 0, c->std->title);
    c->row++;
    year_line(c);
    c->row++;
}

/* The first sheet: what the workbook is, and that it is not for
 * publication (it holds every count, small ones included). */
static void sheet_about(struct ctx *c)
{
    begin_sheet(c, "About");
    put_head(c, 0, "NOT FOR PUBLICATION");
    c->row++;
    put_text(c, 0, "Full counts for the NHS England data collection, small numbers included: "
                   "do not publish this workbook or copy its figures into a public paper. "
                   "Publish the report's page, charts and tables, which are made for it.");
    c->row += 2;
    put_headf(c, 0, "%s (%s) submission workbook", c->std->title, c->std->name);
    c->row++;
    year_line(c);
    c->row++;
    put_text(c, 0, "Every sheet prints landscape on A4, one page wide. Figures are numbers "
                   "with their formats (percentages as %, relative likelihoods to 2 decimal "
                   "places); an empty figure has a note beside it or a comment on it saying "
                   "why. The same figure is in the same cell every year.");
    if (!c->oom) {
        cur(c)->repeat_rows = 1;
        cur(c)->xlsx_only = true;
    }
    c->row++;
}

static void not_supplied(struct ctx *c, const char *what)
{
    put_textf(c, 0, "Not supplied: %s", what);
    c->row++;
}

/* "95% interval: low" */
static void put_interval_head(struct ctx *c, size_t col, const char *prefix, const char *end)
{
    put_headf(c, col, "%s%g%% interval: %s", prefix, c->o->conf * 100.0, end);
}

/* The toolkit columns of a line: low, high, [flag,] evidence, note. FLAG:
 * the table has relative likelihoods (flagged against the range). */
static void toolkit_header(struct ctx *c, size_t col, bool flag)
{
    put_interval_head(c, col, "", "low");
    put_interval_head(c, col + 1, "", "high");
    if (flag)
        put_head(c, col + 2,
                 "Flag (non-adverse range " STATS_RANGE_LOW_TEXT "-" STATS_RANGE_HIGH_TEXT ")");
    put_head(c, col + 2 + flag, "Evidence");
    put_head(c, col + 3 + flag, "Note");
}

static void toolkit_cells(struct ctx *c, size_t col, const struct metric_row *r, bool flag)
{
    put_stat(c, col, r, r->low);
    put_stat(c, col + 1, r, r->high);
    if (flag)
        put_text(c, col + 2, metric_flag_text(r));
    put_text(c, col + 2 + flag, metric_evidence(r));
    put_note(c, col + 3 + flag, r);
}

/* Every comparison row of METRIC (and MEASURE, NULL: any): label in column
 * 0, value in column 1, toolkit columns from TK. */
static void comparisons(struct ctx *c, const char *metric, const char *measure, size_t tk)
{
    bool header = false, flag = false;
    for (size_t i = 0; i < c->trust.n; i++)
        if (is(c->trust.r[i], metric, measure) && c->trust.r[i]->reference &&
            !text_same(c->trust.r[i]->statistic, STAT_DIFFERENCE))
            flag = true;
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *r = c->trust.r[i];
        if (!is(r, metric, measure) || !r->reference)
            continue;
        if (!header) {
            put_head(c, 0, text_same(r->statistic, STAT_DIFFERENCE) ? "Comparison"
                                                              : "Relative likelihood");
            put_head(c, 1, "Value");
            toolkit_header(c, tk, flag);
            c->row++;
            header = true;
        }
        put_comparison_label(c, 0, r);
        put_stat(c, 1, r, r->value);
        toolkit_cells(c, tk, r, flag);
        c->row++;
    }
    if (header)
        c->row++;
}

/* ---- Metric 1 ------------------------------------------------------------ */

static void m1_line(struct ctx *c, const char *label, const char *workforce, const char *band,
                    size_t tk)
{
    const struct metric_row *any = NULL, *noted = NULL;
    bool withheld = false;
    put_text(c, 0, label);
    for (int g = 0; g < 3; g++) {
        const struct metric_row *r = find(&c->trust, "1", "workforce", c->g[g], NULL, workforce, band);
        if (!r)
            continue;
        any = r;
        if (!noted && r->note)
            noted = r;
        withheld = withheld || isnan(r->base);
        put_num(c, 1 + (size_t)g, CELL_COUNT, r->count);
        put_num(c, 5 + (size_t)g, CELL_PERCENT, r->value);
        put_num(c, tk + 2 * (size_t)g, CELL_PERCENT, r->low);
        put_num(c, tk + 2 * (size_t)g + 1, CELL_PERCENT, r->high);
    }
    /* the row total, unless a group's figures were withheld */
    if (any && !withheld)
        put_num(c, 4, CELL_COUNT, any->base);
    if (noted && metric_row_withheld(noted))
        withheld_note(c, tk + 6, noted);
    else if (noted)
        put_text(c, tk + 6, noted->note);
    c->row++;
}

static void m1_header(struct ctx *c, const char *first, size_t tk)
{
    put_head(c, 0, first);
    for (int g = 0; g < 3; g++) {
        put_head(c, 1 + (size_t)g, c->g[g]);
        put_headf(c, 5 + (size_t)g, "%s %%", c->g[g]);
        char prefix[96];
        snprintf(prefix, sizeof prefix, "%s %%: ", c->g[g]);
        put_interval_head(c, tk + 2 * (size_t)g, prefix, "low");
        put_interval_head(c, tk + 2 * (size_t)g + 1, prefix, "high");
    }
    put_head(c, 4, "Total");
    put_head(c, tk + 6, "Note");
    c->row++;
}

static void sheet_metric1(struct ctx *c)
{
    const size_t tk = 9;
    title(c, "Metric 1", "1",
          c->wdes ? "percentage of staff in AfC pay bands or medical and dental subgroups and "
                    "very senior managers (including executive board members) compared with the "
                    "percentage of staff in the overall workforce, for clinical and non-clinical "
                    "staff"
                  : "percentage of staff in each of the AfC bands 1-9 and VSM (including "
                    "executive board members) compared with the percentage of staff in the "
                    "overall workforce, for clinical and non-clinical staff");
    if (!has_metric(&c->trust, "1")) {
        not_supplied(c, "give --staff FILE (the staff in post)");
        return;
    }
    put_textf(c, 0, "Headcount at the end of the year by %s, and each group's percentage of "
                    "its row.",
              c->wdes ? "cluster" : "pay band");
    c->row += 2;
    static const char *const halves[2] = {"Clinical", "Non-clinical"};
    for (int h = 0; h < 2; h++) {
        put_headf(c, 0, "%s staff", halves[h]);
        put_head(c, tk, TOOLKIT_HEADING);
        c->row++;
        m1_header(c, c->wdes ? "Cluster" : "Pay band", tk);
        for (size_t i = 0; i < c->trust.n; i++) {
            const struct metric_row *r = c->trust.r[i];
            if (is(r, "1", NULL) && !r->reference && text_same(r->workforce, halves[h]) &&
                text_same(r->group, c->g[0]) && r->band && !text_same(r->band, "All"))
                m1_line(c, r->band, halves[h], r->band, tk);
        }
        m1_line(c, "Total", halves[h], "All", tk);
        c->row++;
    }
    put_head(c, 0, "Overall workforce");
    put_head(c, tk, TOOLKIT_HEADING);
    c->row++;
    m1_header(c, "Workforce", tk);
    m1_line(c, "All staff", "All", "All", tk);
    c->row++;

    /* --detail: the focus group by category */
    bool header = false;
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *r = c->trust.r[i];
        if (!is(r, "1", NULL) || r->reference || !text_same(r->workforce, "All") ||
            !text_same(r->band, "All") || text_same(r->group, c->g[0]) || text_same(r->group, c->g[1]) ||
            text_same(r->group, c->g[2]))
            continue;
        if (!header) {
            put_headf(c, 0, "%s staff by ethnic category", c->focus);
            put_head(c, tk, TOOLKIT_HEADING);
            c->row++;
            put_head(c, 0, "Category");
            put_head(c, 1, "Headcount");
            put_head(c, 2, "Workforce");
            put_head(c, 3, "% of the workforce");
            put_interval_head(c, tk, "", "low");
            put_interval_head(c, tk + 1, "", "high");
            c->row++;
            header = true;
        }
        put_text(c, 0, r->group);
        put_num(c, 1, CELL_COUNT, r->count);
        put_num(c, 2, CELL_COUNT, r->base);
        put_num(c, 3, CELL_PERCENT, r->value);
        put_num(c, tk, CELL_PERCENT, r->low);
        put_num(c, tk + 1, CELL_PERCENT, r->high);
        c->row++;
    }
}

/* ---- Metric 2 ------------------------------------------------------------ */

static void sheet_recruitment(struct ctx *c)
{
    const size_t tk = 7;
    title(c, "Metric 2", "2",
          c->wdes ? "relative likelihood of Non-disabled applicants being appointed from "
                    "shortlisting compared with Disabled applicants"
                  : "relative likelihood of White applicants being appointed from shortlisting "
                    "compared with BME applicants");
    if (!has_metric(&c->trust, "2")) {
        not_supplied(c, "give --recruitment FILE (applicants, or applications / shortlisted / "
                        "appointed by group)");
        return;
    }
    put_head(c, tk, TOOLKIT_HEADING);
    c->row++;
    put_head(c, 0, "Group");
    put_head(c, 1, "Applications");
    put_head(c, 2, "Shortlisted");
    put_head(c, 3, "Appointed from shortlisting");
    put_head(c, 4, "Shortlisted from applications %");
    put_head(c, 5, "Appointed from shortlisting %");
    put_interval_head(c, tk, "Appointed %: ", "low");
    put_interval_head(c, tk + 1, "Appointed %: ", "high");
    put_interval_head(c, tk + 2, "Shortlisted %: ", "low");
    put_interval_head(c, tk + 3, "Shortlisted %: ", "high");
    put_head(c, tk + 4, "Note");
    c->row++;
    /* groups in the order of the appointed rows, then any only shortlisted */
    for (int pass = 0; pass < 2; pass++) {
        const char *measure = pass ? "shortlisted_from_applications" : "appointed_from_shortlisting";
        for (size_t i = 0; i < c->trust.n; i++) {
            const struct metric_row *r = c->trust.r[i];
            if (!is(r, "2", measure) || r->reference)
                continue;
            const struct metric_row *ap = pass ? NULL : r;
            if (pass && find(&c->trust, "2", "appointed_from_shortlisting", r->group, NULL, NULL, NULL))
                continue;
            const struct metric_row *sl =
                pass ? r : find(&c->trust, "2", "shortlisted_from_applications", r->group, NULL, NULL, NULL);
            put_text(c, 0, r->group);
            if (sl) {
                put_num(c, 1, CELL_COUNT, sl->base);
                put_num(c, 2, CELL_COUNT, sl->count);
                put_num(c, 4, CELL_PERCENT, sl->value);
                put_num(c, tk + 2, CELL_PERCENT, sl->low);
                put_num(c, tk + 3, CELL_PERCENT, sl->high);
            }
            if (ap) {
                put_num(c, 2, CELL_COUNT, ap->base);
                put_num(c, 3, CELL_COUNT, ap->count);
                put_num(c, 5, CELL_PERCENT, ap->value);
                put_num(c, tk, CELL_PERCENT, ap->low);
                put_num(c, tk + 1, CELL_PERCENT, ap->high);
                put_note(c, tk + 4, ap);
            }
            c->row++;
        }
    }
    c->row++;
    comparisons(c, "2", NULL, tk);
}

/* ---- rates: metrics 3, 4 and leavers ------------------------------------ */

static void rate_table(struct ctx *c, const char *metric, const char *base_label,
                       const char *count_label, const char *rate_label)
{
    const size_t tk = 5;
    put_head(c, tk, TOOLKIT_HEADING);
    c->row++;
    put_head(c, 0, "Group");
    put_head(c, 1, base_label);
    put_head(c, 2, count_label);
    put_head(c, 3, rate_label);
    toolkit_header(c, tk, true);
    c->row++;
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *r = c->trust.r[i];
        if (!is(r, metric, NULL) || r->reference)
            continue;
        put_text(c, 0, r->group);
        put_num(c, 1, CELL_COUNT, r->base);
        put_num(c, 2, CELL_COUNT, r->count);
        put_stat(c, 3, r, r->value);
        toolkit_cells(c, tk, r, true);
        c->row++;
    }
    c->row++;
    comparisons(c, metric, NULL, tk);
}

static void sheet_metric3(struct ctx *c)
{
    if (c->wdes)
        title(c, "Metric 3", "3",
              "relative likelihood of Disabled staff compared with Non-disabled staff entering "
              "the formal capability process, as measured by entry into the formal capability "
              "procedure (on the grounds of performance)");
    else
        title(c, "Metric 3", "3",
              "relative likelihood of BME staff entering the formal disciplinary process "
              "compared with White staff");
    if (!has_metric(&c->trust, "3")) {
        not_supplied(c, c->wdes ? "give --cases FILE (formal capability cases)"
                                : "give --cases FILE (formal disciplinary cases)");
        return;
    }
    int window = c->o->window ? c->o->window : c->wdes ? 2 : 1;
    if (window == 2)
        put_text(c, 0, "People entering the process: the two-year rolling average (people in "
                       "the two years / 2).");
    else
        put_text(c, 0, "People entering the process in the reporting year.");
    c->row += 2;
    rate_table(c, "3", "Headcount",
               c->wdes ? "People entering the formal capability process"
                       : "People entering the formal disciplinary process",
               "Rate");
}

static void sheet_metric4_wres(struct ctx *c)
{
    title(c, "Metric 4", "4",
          "relative likelihood of White staff accessing non-mandatory training and CPD compared "
          "with BME staff");
    if (!has_metric(&c->trust, "4")) {
        not_supplied(c, "give --training FILE (training and CPD records)");
        return;
    }
    rate_table(c, "4", "Headcount", "People accessing non-mandatory training or CPD", "Rate");
}

static void sheet_leavers(struct ctx *c)
{
    title(c, "Leavers", NULL,
          c->wdes ? "Leavers: relative likelihood of Disabled staff leaving compared with "
                    "Non-disabled staff (a local metric, not part of the WDES)"
                  : "Leavers: relative likelihood of BME staff leaving compared with White staff "
                    "(a local metric, not part of the WRES)");
    if (!has_metric(&c->trust, "leavers")) {
        not_supplied(c, "give --leavers FILE (and --staff FILE for the headcount)");
        return;
    }
    put_textf(c, 0, "Leavers in the year over the headcount (%s).",
              c->w->acc[IN_START].present
                  ? "the average of the headcounts at the start and at the end of the year"
                  : "the headcount at the end of the year");
    c->row += 2;
    rate_table(c, "leavers", "Headcount (denominator)", "Leavers", "Leaving rate");
}

/* ---- survey metrics ------------------------------------------------------ */

/* One block per measure of the metrics in IDS (NULL-terminated), in table
 * order: groups x (respondents, number, %) and the difference. */
static bool survey_blocks(struct ctx *c, const char *const *ids)
{
    const size_t tk = 5;
    bool any = false;
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *first = c->trust.r[i];
        bool mine = false;
        for (const char *const *id = ids; *id; id++)
            mine = mine || text_same(first->metric, *id);
        if (!mine)
            continue;
        /* only at the first row of each (metric, measure) */
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = is(c->trust.r[j], first->metric, first->measure);
        if (seen)
            continue;
        any = true;
        put_headf(c, 0, "%s%s%s", ids[1] ? first->metric : "", ids[1] ? ": " : "",
                  measure_text(first->measure));
        put_head(c, tk, TOOLKIT_HEADING);
        c->row++;
        put_head(c, 0, "Group");
        put_head(c, 1, "Respondents");
        put_head(c, 2, "Number");
        put_head(c, 3, "% of respondents");
        toolkit_header(c, tk, false);
        c->row++;
        for (size_t j = i; j < c->trust.n; j++) {
            const struct metric_row *r = c->trust.r[j];
            if (!is(r, first->metric, first->measure))
                continue;
            if (r->reference) {
                put_comparison_label(c, 0, r);
                put_stat(c, 3, r, r->value);
            } else {
                /* a breakdown of percentages gives no number: the metrics
                 * CSV's count is percent x respondents (31.96); the sheet
                 * shows it to the nearest person, as Methods says */
                put_text(c, 0, r->group);
                put_num(c, 1, CELL_COUNT, r->base);
                put_num(c, 2, CELL_COUNT, round(r->count));
                put_stat(c, 3, r, r->value);
            }
            toolkit_cells(c, tk, r, false);
            c->row++;
        }
        c->row++;
    }
    return any;
}

static void sheet_survey(struct ctx *c, const char *sheet_name, const char *number,
                         const char *text, const char *const *ids)
{
    title(c, sheet_name, number, text);
    put_text(c, 0, "From the NHS Staff Survey: respondents in each group and the percentage "
                   "answering as described.");
    c->row += 2;
    if (!survey_blocks(c, ids))
        not_supplied(c, "give --survey FILE (the staff-survey breakdown)");
}

/* ---- WDES metric 9 ------------------------------------------------------- */

static void sheet_engagement(struct ctx *c)
{
    const size_t tk = 5;
    title(c, "Metric 9", "9",
          "the staff engagement score for Disabled staff, compared with Non-disabled staff and "
          "the overall engagement score for the organisation (9a); whether the trust has taken "
          "action to facilitate the voices of Disabled staff to be heard (9b)");
    put_head(c, 0, "9a: staff engagement score (0-10)");
    if (!has_metric(&c->trust, "9a")) {
        c->row++;
        not_supplied(c, "give --survey FILE (the staff-survey breakdown)");
    } else {
        put_head(c, tk, TOOLKIT_HEADING);
        c->row++;
        put_head(c, 0, "Group");
        put_head(c, 1, "Respondents");
        put_head(c, 2, "Engagement score");
        put_head(c, tk, "Note");
        c->row++;
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < c->trust.n; i++) {
                const struct metric_row *r = c->trust.r[i];
                if (!is(r, "9a", NULL) || (r->reference != NULL) != (pass == 1))
                    continue;
                if (r->reference)
                    put_comparison_label(c, 0, r);
                else
                    put_text(c, 0, text_same(r->group, "All") ? "Overall (all staff)" : r->group);
                put_num(c, 1, CELL_COUNT, r->base);
                put_stat(c, 2, r, r->value);
                put_note(c, tk, r);
                c->row++;
            }
    }
    c->row++;
    put_head(c, 0, "9b: has the trust taken action to facilitate the voices of Disabled staff "
                   "in the organisation to be heard?");
    c->row++;
    bool any = false;
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *r = c->trust.r[i];
        if (!is(r, "9b", NULL))
            continue;
        any = true;
        put_text(c, 0, "Answer");
        put_text(c, 1, isnan(r->value) ? "Not given" : r->value != 0 ? "Yes" : "No");
        c->row++;
        if (r->note) {
            put_text(c, 0, "Notes");
            put_text(c, 1, r->note);
            c->row++;
        }
    }
    if (!any)
        not_supplied(c, "the trust's yes/no answer and its narrative were not given");
}

/* ---- board: WRES 9, WDES 10 ---------------------------------------------- */

static const char *const board_measures[] = {"board_total", "board_voting", "board_executive"};

static bool board_known(const char *measure)
{
    for (size_t k = 0; k < 3; k++)
        if (text_same(measure, board_measures[k]))
            return true;
    return false;
}

/* The first comparison row of METRIC, MEASURE for GROUP (any reference). */
static const struct metric_row *find_cmp(const struct rowset *rs, const char *metric,
                                         const char *measure, const char *group)
{
    for (size_t i = 0; i < rs->n; i++) {
        const struct metric_row *r = rs->r[i];
        if (is(r, metric, measure) && r->reference && text_same(r->group, group))
            return r;
    }
    return NULL;
}

/* Members of the board in MEASURE by group, and each group's share. */
static void board_line(struct ctx *c, const char *m, const char *measure)
{
    const struct metric_row *first = find(&c->trust, m, measure, NULL, NULL, NULL, NULL);
    if (!first)
        return;
    put_text(c, 0, measure_text(measure));
    put_num(c, 1, CELL_COUNT, first->base);
    for (int g = 0; g < 3; g++) {
        const struct metric_row *x = find(&c->trust, m, measure, c->g[g], NULL, NULL, NULL);
        if (!x)
            continue;
        put_num(c, 2 + (size_t)g, CELL_COUNT, x->count);
        put_num(c, 5 + (size_t)g, CELL_PERCENT, x->value);
    }
    c->row++;
}

/* The board's share minus the workforce's, by group, in percentage points. */
static void board_difference(struct ctx *c, const char *m, const char *measure, size_t tk)
{
    const struct metric_row *noted = NULL;
    bool any = false;
    for (int g = 0; g < 3; g++) {
        const struct metric_row *x = find_cmp(&c->trust, m, measure, c->g[g]);
        if (!x)
            continue;
        any = true;
        put_stat(c, 1 + (size_t)g, x, x->value);
        if (!noted && (isnan(x->value) || x->note))
            noted = x;
    }
    if (!any)
        return;
    put_text(c, 0, measure_text(measure));
    if (noted)
        put_note(c, tk, noted);
    c->row++;
}

static void sheet_board(struct ctx *c)
{
    const char *m = c->wdes ? "10" : "9";
    const size_t tk = 9;
    title(c, c->wdes ? "Metric 10" : "Metric 9", m,
          c->wdes ? "percentage difference between the organisation's board voting membership "
                    "and its organisation's overall workforce, disaggregated by voting "
                    "membership and executive membership of the board"
                  : "percentage difference between the organisation's board voting membership "
                    "and its overall workforce, disaggregated by voting membership and executive "
                    "membership of the board");
    if (!has_metric(&c->trust, m)) {
        not_supplied(c, "give --board FILE (board members: voting, executive and their group)");
        return;
    }
    put_text(c, 0, "The board is counted in full (a census, not a sample), so its shares have "
                   "no interval.");
    c->row++;
    put_head(c, 0, "Board");
    put_head(c, 1, "Members");
    for (int g = 0; g < 3; g++) {
        put_head(c, 2 + (size_t)g, c->g[g]);
        put_headf(c, 5 + (size_t)g, "%s %%", c->g[g]);
    }
    c->row++;
    /* the three memberships, then any other measure of the metric */
    for (size_t k = 0; k < 3; k++)
        board_line(c, m, board_measures[k]);
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *r = c->trust.r[i];
        if (is(r, m, NULL) && !r->reference && !board_known(r->measure) &&
            find(&c->trust, m, r->measure, NULL, NULL, NULL, NULL) == r)
            board_line(c, m, r->measure);
    }
    /* the workforce's shares, from metric 1 */
    const struct metric_row *wf = find(&c->trust, "1", "workforce", NULL, NULL, "All", "All");
    put_text(c, 0, "Overall workforce");
    if (wf) {
        put_num(c, 1, CELL_COUNT, wf->base);
        for (int g = 0; g < 3; g++) {
            const struct metric_row *x =
                find(&c->trust, "1", "workforce", c->g[g], NULL, "All", "All");
            if (x) {
                put_num(c, 2 + (size_t)g, CELL_COUNT, x->count);
                put_num(c, 5 + (size_t)g, CELL_PERCENT, x->value);
            }
        }
    } else {
        put_text(c, 1, "not supplied: give --staff FILE");
    }
    c->row += 2;

    put_head(c, 0, "Difference between the board and the overall workforce (percentage points)");
    put_head(c, tk, TOOLKIT_HEADING);
    c->row++;
    put_head(c, 0, "Board");
    for (int g = 0; g < 3; g++)
        put_head(c, 1 + (size_t)g, c->g[g]);
    put_head(c, tk, "Note");
    c->row++;
    for (size_t k = 0; k < 3; k++)
        board_difference(c, m, board_measures[k], tk);
    for (size_t i = 0; i < c->trust.n; i++) {
        const struct metric_row *r = c->trust.r[i];
        if (is(r, m, NULL) && r->reference && !board_known(r->measure)) {
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = is(c->trust.r[j], m, r->measure) && c->trust.r[j]->reference;
            if (!seen)
                board_difference(c, m, r->measure, tk);
        }
    }
    c->row++;
    const struct metric_row *d = find_declaration(&c->trust, true);
    if (d) {
        put_head(c, 0, "Declaration");
        put_head(c, 1, "Known");
        put_head(c, 2, "Members");
        put_head(c, 3, "% known");
        put_interval_head(c, tk, "", "low");
        put_interval_head(c, tk + 1, "", "high");
        c->row++;
        put_textf(c, 0, "Board members with a recorded %s", c->std->declared_what);
        put_num(c, 1, CELL_COUNT, d->count);
        put_num(c, 2, CELL_COUNT, d->base);
        put_num(c, 3, CELL_PERCENT, d->value);
        put_num(c, tk, CELL_PERCENT, d->low);
        put_num(c, tk + 1, CELL_PERCENT, d->high);
        c->row++;
    }
}

/* ---- breakdowns ------------------------------------------------------------ */

/* A comparison computed for the levels of a breakdown. */
struct key {
    const struct metric_row *r; /* its first row: metric, measure, group, reference */
};

static bool same_key(const struct metric_row *a, const struct metric_row *b)
{
    return text_same(a->metric, b->metric) && text_same(a->measure, b->measure) && text_same(a->group, b->group) &&
           text_same(a->reference, b->reference) && text_same(a->workforce, b->workforce);
}

/* A "By COLUMN" sheet's name: at most 31 characters, and " (2)", " (3)" ...
 * when another sheet has it. */
static void by_sheet_name(const struct ctx *c, const char *column, char *name, size_t size)
{
    char base[128];
    snprintf(base, sizeof base, "By %s", column);
    sheets_sheet_name(name, size, base);
    for (int k = 2; name_taken(c->wb, name) && k < 1000; k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", k);
        char stem[128];
        sheets_sheet_name(stem, sizeof stem, base);
        /* keep room for the suffix within 31 characters */
        size_t n = 0, chars = 0;
        while (stem[n] && chars < 31 - strlen(suffix)) {
            n++;
            while (stem[n] && ((unsigned char)stem[n] & 0xC0) == 0x80)
                n++;
            chars++;
        }
        snprintf(name, size, "%.*s%s", (int)n, stem, suffix);
    }
}

/* A breakdown's rows by level (lv[i]: the rows of levels.names[i]), and
 * its comparisons (keys: one row of each, the first met). */
struct by_table {
    struct strmap levels;
    struct rowset *lv;
    size_t alloc_lv;
    struct rowset keys;
};

static void by_table_free(struct by_table *b)
{
    for (size_t l = 0; l < b->alloc_lv; l++)
        free(b->lv[l].r);
    free(b->lv);
    free(b->keys.r);
    strmap_free(&b->levels);
}

/* Row R into level L's rows of B (L: a level seen before, or the next
 * one). False: out of memory. */
static bool by_add(struct by_table *b, size_t l, const struct metric_row *r)
{
    struct rowset *p = array_grow_zero(b->lv, l, &b->alloc_lv, sizeof *p, 64);
    if (!p)
        return false;
    b->lv = p;
    return rowset_add(&b->lv[l], r);
}

/* B from the rows of breakdown COLUMN. */
static void by_collect(struct ctx *c, const char *column, struct by_table *b)
{
    for (size_t i = 0; i < c->t->n_rows && !c->oom; i++) {
        const struct metric_row *r = &c->t->rows[i];
        if (!text_same(r->breakdown, column))
            continue;
        long l = strmap_intern(&b->levels, r->level ? r->level : "");
        if (l < 0 || !by_add(b, (size_t)l, r)) {
            c->oom = true;
            break;
        }
        if (r->reference &&
            (text_same(r->statistic, STAT_RATIO) || text_same(r->statistic, STAT_DIFFERENCE))) {
            bool seen = false;
            for (size_t k = 0; k < b->keys.n && !seen; k++)
                seen = same_key(b->keys.r[k], r);
            if (!seen && !rowset_add(&b->keys, r))
                c->oom = true;
        }
    }
}

enum { BY_KC = 8 }; /* a "By" sheet's first comparison column */

/* A "By" sheet's title lines and its two rows of heads. */
static void by_heads(struct ctx *c, const char *column, const struct rowset *keys)
{
    put_headf(c, 0, "Breakdown by %s", column);
    c->row++;
    put_textf(c, 0, "A toolkit breakdown (not part of the NHS England template): one line per "
                    "level of %s: headcount at the end of the year, the share of %s staff, the "
                    "declaration rate, and every comparison computed for the level.",
              column, c->focus);
    c->row++;
    year_line(c);
    c->row++;
    for (size_t k = 0; k < keys->n; k++) {
        const struct metric_row *r = keys->r[k];
        if (text_same(r->statistic, STAT_DIFFERENCE))
            put_headf(c, BY_KC + 4 * k, "%s: %s minus %s (%s)", measure_brief(r->measure),
                      r->group, r->reference,
                      score_difference(c, r) ? "difference" : "percentage points");
        else
            put_headf(c, BY_KC + 4 * k, "%s: %s vs %s (relative likelihood)",
                      measure_brief(r->measure), r->group, r->reference);
    }
    c->row++;
    put_head(c, 0, column);
    for (int g = 0; g < 3; g++)
        put_head(c, 1 + (size_t)g, c->g[g]);
    put_head(c, 4, "Total");
    put_headf(c, 5, "%s %%", c->focus);
    put_head(c, 6, "Declared %");
    for (size_t k = 0; k < keys->n; k++) {
        put_head(c, BY_KC + 4 * k, "Value");
        put_interval_head(c, BY_KC + 4 * k + 1, "", "low");
        put_interval_head(c, BY_KC + 4 * k + 2, "", "high");
        put_head(c, BY_KC + 4 * k + 3,
                 text_same(keys->r[k]->statistic, STAT_DIFFERENCE) ? "Evidence" : "Flag");
    }
    c->row++;
}

/* A "By" sheet's line for LEVEL (its rows RS): headcounts, the focus
 * group's share, the declaration rate, then each comparison of KEYS. */
static void by_line(struct ctx *c, const char *level, const struct rowset *rs,
                    const struct rowset *keys)
{
    put_text(c, 0, level);
    const struct metric_row *any = NULL;
    for (int g = 0; g < 3; g++) {
        const struct metric_row *r = find(rs, "1", "workforce", c->g[g], NULL, "All", "All");
        if (!r)
            continue;
        any = r;
        put_num(c, 1 + (size_t)g, CELL_COUNT, r->count);
        if (text_same(c->g[g], c->focus))
            put_num(c, 5, CELL_PERCENT, r->value);
    }
    if (any)
        put_num(c, 4, CELL_COUNT, any->base);
    const struct metric_row *d = find_declaration(rs, false);
    if (d)
        put_num(c, 6, CELL_PERCENT, d->value);
    for (size_t k = 0; k < keys->n; k++) {
        const struct metric_row *key = keys->r[k], *r = NULL;
        for (size_t i = 0; i < rs->n && !r; i++)
            if (same_key(rs->r[i], key))
                r = rs->r[i];
        if (!r)
            continue;
        put_stat(c, BY_KC + 4 * k, r, r->value);
        put_stat(c, BY_KC + 4 * k + 1, r, r->low);
        put_stat(c, BY_KC + 4 * k + 2, r, r->high);
        put_text(c, BY_KC + 4 * k + 3,
                 text_same(r->statistic, STAT_DIFFERENCE) ? metric_evidence(r)
                                                          : metric_flag_text(r));
    }
    c->row++;
}

static void sheet_by(struct ctx *c, const char *column)
{
    struct by_table b = {0};
    char name[128], base[128];
    by_sheet_name(c, column, name, sizeof name);
    by_collect(c, column, &b);
    begin_sheet(c, name);
    by_heads(c, column, &b.keys);
    if (!c->oom) {
        cur(c)->freeze_rows = cur(c)->repeat_rows = c->row;
        cur(c)->freeze_cols = 1;
    }
    for (size_t l = 0; l < b.levels.n_names && !c->oom; l++)
        by_line(c, b.levels.names[l], &b.lv[l], &b.keys);
    snprintf(base, sizeof base, "breakdown %s", column);
    beyond_worksheet(c, base);
    by_table_free(&b);
}

/* ---- All figures ------------------------------------------------------------ */

static const char *const csv_header[] = {
    "standard", "metric", "measure", "breakdown", "level", "group", "reference",
    "count", "base", "value", "low", "high", "flag", "workforce", "band", "method",
    "evidence", "statistic", "note", "year", "q"};

/* How value/low/high show on "All figures": as stored (no x100). */
static enum cell_kind all_kind(const struct ctx *c, const struct metric_row *r)
{
    if (text_same(r->statistic, "yes-no"))
        return CELL_COUNT;
    enum cell_kind k = value_kind(c, r);
    return k == CELL_PP ? CELL_PERCENT : k;
}

/* What "All figures" reads when a row is asked for: the metric table
 * (borrowed: the workbook is freed before it) and each row's cell kind. */
struct all_gen {
    const struct metric_table *t;
    unsigned char kind[]; /* enum cell_kind of value/low/high, one a row */
};

static void all_row(const void *ctx, size_t row, struct cell *out)
{
    const struct all_gen *g = ctx;
    if (row == 0) {
        for (size_t k = 0; k < sizeof csv_header / sizeof *csv_header; k++)
            out[k] = (struct cell){CELL_HEADING, 0.0, (char *)csv_header[k]};
        return;
    }
    const struct metric_row *r = &g->t->rows[row - 1];
    const char *text[] = {r->standard, r->metric, r->measure, r->breakdown, r->level, r->group,
                          r->reference, NULL, NULL, NULL, NULL, NULL, metric_flag_text(r),
                          r->workforce, r->band, r->method, metric_evidence(r), r->statistic,
                          r->note};
    for (size_t k = 0; k < sizeof text / sizeof *text; k++)
        if (text[k] && *text[k])
            out[k] = (struct cell){CELL_TEXT, 0.0, (char *)text[k]};
    const double num[] = {r->count, r->base, r->value, r->low, r->high};
    for (size_t k = 0; k < 5; k++) {
        enum cell_kind kind = k < 2 ? CELL_COUNT : (enum cell_kind)g->kind[row - 1];
        if (!isnan(num[k]))
            out[7 + k] = (struct cell){kind, num[k] == 0 ? 0.0 : num[k],
                                       isinf(num[k]) ? (char *)"infinite (as in the metrics CSV: "
                                                               "no events in a group)"
                                                     : NULL};
    }
    if (r->year)
        out[19] = (struct cell){CELL_COUNT, r->year, NULL};
    if (r->has_q)
        out[20] = (struct cell){CELL_NUMBER, r->q, NULL};
}

/* "All figures": the metrics CSV as a table, made row by row when drawn. */
static void sheet_all(struct ctx *c)
{
    begin_sheet(c, "All figures");
    if (c->oom)
        return;
    struct sheet *sh = cur(c);
    struct sheet_gen *gen = calloc(1, sizeof *gen);
    struct all_gen *ag = malloc(sizeof *ag + c->t->n_rows + 1);
    size_t cols = sizeof csv_header / sizeof *csv_header;
    struct cell *buf = calloc(cols, sizeof *buf);
    if (!gen || !ag || !buf) {
        free(gen);
        free(ag);
        free(buf);
        c->oom = true;
        return;
    }
    ag->t = c->t;
    for (size_t i = 0; i < c->t->n_rows; i++)
        ag->kind[i] = (unsigned char)all_kind(c, &c->t->rows[i]);
    *gen = (struct sheet_gen){all_row, ag, buf, (size_t)-1};
    sh->gen = gen;
    sh->n_rows = c->t->n_rows + 1;
    sh->n_cols = cols;
    sh->freeze_rows = sh->repeat_rows = 1;
    sh->filter = true;
    beyond_worksheet(c, "all figures");
}

/* ---- Data quality ------------------------------------------------------------ */

static void quality_line(struct ctx *c, const char *label, unsigned long n, const char *detail)
{
    put_text(c, 0, label);
    put_num(c, 1, CELL_COUNT, (double)n);
    put_text(c, 2, detail);
    c->row++;
}

static void quality_account(struct ctx *c, const struct input_account *a)
{
    unsigned long excluded = 0;
    char label[512];
    if (a->role && *a->role)
        put_headf(c, 0, "%c%s", toupper((unsigned char)a->role[0]), a->role + 1);
    else
        put_head(c, 0, "Input");
    put_text(c, 2, a->shown);
    c->row++;
    put_head(c, 0, "Item");
    put_head(c, 1, "Rows");
    put_head(c, 2, "Detail");
    c->row++;
    if (a->title_lines)
        quality_line(c, "Title lines above the header", a->title_lines, "skipped");
    quality_line(c, "Rows read", a->rows_read, "data records, the header excluded");
    quality_line(c, "Rows used", a->rows_used, "people (or records) counted");
    for (int e = 0; e < EX_N; e++) {
        if (!a->excluded[e])
            continue;
        excluded += a->excluded[e];
        snprintf(label, sizeof label, "Excluded: %s", excl_reason_label(a, (enum excl_reason)e));
        quality_line(c, label, a->excluded[e], NULL);
    }
    put_text(c, 0, "Rows read = used + excluded");
    if (a->rows_read == a->rows_used + excluded)
        put_textf(c, 2, "yes: %lu = %lu + %lu", a->rows_read, a->rows_used, excluded);
    else
        put_textf(c, 2, "MISMATCH: %lu read, %lu used + %lu excluded", a->rows_read, a->rows_used,
                  excluded);
    c->row++;
    for (int k = 0; k < VK_N; k++) {
        const struct unknown_codes *u = &a->unknown[k];
        if (!u->total)
            continue;
        snprintf(label, sizeof label, "Unrecognised values in '%s', counted as %s",
                 u->column ? u->column : "?",
                 u->counted_as ? u->counted_as
                 : k == VK_BAND ? "Other"
                 : k == VK_STAFF_GROUP ? "clinical"
                                       : "Unknown");
        quality_line(c, label, u->total, "add them with --vocab FILE");
        for (size_t i = 0; i < u->values.n_names; i++) {
            if (unknown_value_hidden(u, i))
                continue;
            put_text(c, 0, "  value");
            put_num(c, 1, CELL_COUNT, (double)u->counts[i]);
            put_text(c, 2, u->values.names[i]);
            c->row++;
        }
        unsigned long hidden_rows;
        size_t hidden = unknown_n_hidden(u, &hidden_rows);
        if (hidden) {
            snprintf(label, sizeof label, "  %zu %s", hidden, unknown_hidden_words(hidden));
            quality_line(c, label, hidden_rows, "rows with these values");
        }
        if (u->others)
            quality_line(c, "  other values (not listed)", u->others, NULL);
    }
    if (a->conflicts) {
        snprintf(label, sizeof label, "People whose records disagree on %s",
                 c->std->declared_what);
        quality_line(c, label, a->conflicts, "the counted assignment's value is used");
    }
    if (a->cp1252_fields)
        quality_line(c, "Fields read as Windows-1252", a->cp1252_fields, "converted to UTF-8");
    if (a->over_base)
        quality_line(c, "Groups with more leavers than staff", a->over_base,
                     "the rate is over 100% and has no interval");
    for (size_t s = 0; s < a->n_skipped; s++) {
        put_textf(c, 0, "Skipped: line %lu", a->skipped[s].line);
        put_text(c, 2, a->skipped[s].why);
        c->row++;
    }
    c->row++;
}

/* The declaration rates: first on the sheet, always the same rows. */
static void declaration_rates(struct ctx *c)
{
    const size_t tk = 5;
    put_head(c, 0, "Declaration rates");
    put_head(c, tk, TOOLKIT_HEADING);
    c->row++;
    put_head(c, 0, "Who");
    put_head(c, 1, "Known");
    put_head(c, 2, "Total");
    put_head(c, 3, "% known");
    put_interval_head(c, tk, "", "low");
    put_interval_head(c, tk + 1, "", "high");
    c->row++;
    for (int board = 0; board < 2; board++) {
        const struct metric_row *d = find_declaration(&c->trust, board);
        put_textf(c, 0, "%s with a recorded %s", board ? "Board members" : "Staff in post",
                  c->std->declared_what);
        if (d) {
            put_num(c, 1, CELL_COUNT, d->count);
            put_num(c, 2, CELL_COUNT, d->base);
            put_num(c, 3, CELL_PERCENT, d->value);
            put_num(c, tk, CELL_PERCENT, d->low);
            put_num(c, tk + 1, CELL_PERCENT, d->high);
        } else {
            put_text(c, 1, board ? "not supplied (--board FILE)" : "not supplied (--staff FILE)");
        }
        c->row++;
    }
    if (c->w->n_bd > 1)
        put_text(c, 0, "Declaration rates for each level of a breakdown are on the \"By\" sheets.");
    c->row += 2;
}

/* The declaration rates, then each input's account (its length is the
 * year's data: exclusion reasons, unrecognised values). */
static void sheet_quality(struct ctx *c)
{
    title(c, "Data quality", NULL,
          "Data quality: every row read is used or excluded for a stated reason");
    declaration_rates(c);
    bool any = false;
    for (size_t i = 0; i < IN_N; i++)
        if (c->w->acc[i].present) {
            quality_account(c, &c->w->acc[i]);
            any = true;
        }
    if (!any) {
        put_text(c, 0, "No input files were read.");
        c->row += 2;
    }
    for (size_t b = 1; b < c->w->n_bd; b++)
        if (c->w->acc[IN_LEAVERS].present && !c->w->bd[b].leavers_have_column) {
            put_textf(c, 0, "The leavers file has no column '%s': leavers are counted for the "
                            "whole trust only.",
                      c->w->bd[b].column);
            c->row += 2;
        }
}

/* ---- Methods --------------------------------------------------------------- */

static void method(struct ctx *c, const char *topic, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void method(struct ctx *c, const char *topic, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_text(c, 0, topic);
    put_vfmt(c, 1, CELL_TEXT, fmt, ap);
    va_end(ap);
    c->row++;
}

static const char *rate_method_words(enum rate_method m)
{
    return m == RATE_CLOPPER_PEARSON ? "the Clopper-Pearson exact interval"
                                     : "the Wilson score interval";
}

static const char *ratio_method_words(enum ratio_method m)
{
    switch (m) {
    case RATIO_KATZ:
        return "the Katz log interval (as Excel and epitools compute it; undefined at a zero cell)";
    case RATIO_KATZ_HALDANE:
        return "the Katz log interval with 0.5 added to every cell when one of them is zero "
               "(for the interval only: the ratio itself is not corrected)";
    case RATIO_MIETTINEN_NURMINEN:
        return "the Miettinen-Nurminen score interval (the Koopman score interval with the "
               "variance multiplied by N/(N-1))";
    default:
        return "the Koopman score interval (it stays finite and honest at zero cells and small "
               "numbers)";
    }
}

/* The Methods sheet's lines on the workbook and what each metric counts. */
static void methods_metrics(struct ctx *c)
{
    const char *F = c->focus, *C = c->comparator;
    double pc = c->o->conf * 100.0;
    int window = c->o->window ? c->o->window : c->wdes ? 2 : 1;
    method(c, "This workbook",
           "The %s (%s) figures for the annual data collection, laid out like NHS England's "
           "template, one sheet per metric. Columns under the heading \"%s\" give the toolkit's "
           "%g%% intervals, flags, evidence and notes; they are not part of the template. "
           "\"All figures\" holds every figure of the metrics CSV at full precision.",
           c->std->title, c->std->name, TOOLKIT_HEADING, pc);
    if (c->o->year)
        method(c, "Reporting year", "1 April %d to 31 March %d.", c->o->year - 1, c->o->year);
    method(c, "Groups",
           "%s is compared with %s. Unknown (not stated) is counted and shown, but belongs to "
           "neither side of a comparison.",
           F, C);
    method(c, "Metric 1",
           "Headcount at the end of the year by %s and group, separately for clinical and "
           "non-clinical staff, with each group's percentage of its row and of the whole "
           "workforce. Bank assignments are left out; a person with several assignments counts "
           "once.",
           c->wdes ? "cluster (1: bands 1-4, 2: bands 5-7, 3: bands 8a-8b, 4: bands 8c-9 and VSM, "
                     "5: medical consultants, 6: non-consultant career grades, 7: medical "
                     "trainee grades)"
                   : "AfC pay band, with medical and dental grades in rows of their own");
    method(c, "Metric 2",
           "Appointed / shortlisted for each group over the year (not appointed / applications). "
           "The relative likelihood is %s vs %s.",
           C, F);
    if (c->wdes)
        method(c, "Metric 3",
               "People entering the formal capability process on the grounds of performance "
               "(not ill health) / headcount; relative likelihood %s vs %s. Window: %s.",
               F, C, window == 2 ? "a rolling two-year average (people in the two years / 2)"
                                 : "the reporting year");
    else
        method(c, "Metric 3",
               "People entering a formal disciplinary investigation / headcount; relative "
               "likelihood %s vs %s. Window: %s.",
               F, C, window == 2 ? "a rolling two-year average (people in the two years / 2)"
                                 : "the reporting year");
    if (!c->wdes) {
        method(c, "Metric 4",
               "People accessing non-mandatory training or CPD in the year / headcount; a person "
               "counts once. Relative likelihood %s vs %s.",
               C, F);
        method(c, "Metrics 5 to 8",
               "NHS Staff Survey: the percentage of respondents in each group experiencing "
               "harassment, bullying or abuse from patients, relatives or the public (5) or from "
               "staff (6), believing the trust provides equal opportunities for career "
               "progression (7), and experiencing discrimination from a manager or colleagues "
               "(8). For 5, 6 and 8 a higher percentage is worse; for 7 higher is better. The "
               "difference is %s minus %s in percentage points.",
               F, C);
        method(c, "Metric 9",
               "The %s percentage of the board (all members, voting members, executive members) "
               "minus the %s percentage of the overall workforce, in percentage points.",
               F, F);
    } else {
        method(c, "Metrics 4 to 8",
               "NHS Staff Survey: the percentage of respondents in each group experiencing "
               "harassment, bullying or abuse from patients or the public, managers or "
               "colleagues (4a), saying it was reported (4b), believing the trust provides equal "
               "opportunities (5), feeling pressure to come to work when unwell (6), satisfied "
               "that their work is valued (7), and (Disabled staff only) saying adequate "
               "adjustments were made (8). The difference is %s minus %s in percentage points.",
               F, C);
        method(c, "Metric 9",
               "9a: the staff engagement score (0-10) of Disabled and Non-disabled staff and of "
               "the whole organisation; 9b: whether the trust has acted to help the voices of "
               "Disabled staff be heard (yes or no, with its narrative).");
        method(c, "Metric 10",
               "The %s percentage of the board (all members, voting members, executive members) "
               "minus the %s percentage of the overall workforce, in percentage points.",
               F, F);
    }
    method(c, "Leavers",
           "A local metric: leavers in the year / headcount for each group; relative likelihood "
           "%s vs %s. The denominator is %s.",
           F, C,
           c->w->acc[IN_START].present
               ? "the average of the headcounts at the start and at the end of the year (the NHS "
                 "turnover convention)"
               : "the headcount at the end of the year (give --staff-start FILE for the average "
                 "of the start and end headcounts)");
    method(c, "Declaration", "The share of staff (and of the board) with a known %s.",
           c->std->declared_what);
}

/* The Methods sheet: what each figure means (methods_metrics), then how
 * the statistics were computed and shown. */
static void sheet_methods(struct ctx *c)
{
    double pc = c->o->conf * 100.0;
    title(c, "Methods", NULL, "Methods: what each figure means and how it was computed");
    put_head(c, 0, "Topic");
    put_head(c, 1, "Description");
    c->row++;
    methods_metrics(c);
    method(c, "Relative likelihood",
           "The rate of the group named first divided by the rate of the group named second; "
           "1.00 is parity. Example: (1445/5484) / (95/554) = 1.54.");
    method(c, "Non-adverse range",
           "NHS England treats a relative likelihood between " STATS_RANGE_LOW_TEXT
           " and " STATS_RANGE_HIGH_TEXT " as non-adverse (the "
           "four-fifths rule, used for the disciplinary metric). Every relative likelihood is "
           "flagged against it as a guide: below-range (under " STATS_RANGE_LOW_TEXT
           "), non-adverse (" STATS_RANGE_TEXT "), "
           "adverse (over " STATS_RANGE_HIGH_TEXT
           "), or not-calculable; \"+small-numbers\" is added when a group has "
           "fewer than %d events or fewer than %d people.",
           SMALL_EVENTS, SMALL_BASE);
    method(c, "Intervals for rates", "%g%% intervals by %s (%s).", pc,
           rate_method_words(c->o->rate_method), metric_rate_method_name(c->o->rate_method));
    method(c, "Intervals for relative likelihoods", "%g%% intervals by %s (%s).", pc,
           ratio_method_words(c->o->ratio_method), metric_ratio_method_name(c->o->ratio_method));
    method(c, "Intervals for differences",
           "%g%% intervals for a difference of two percentages by Newcombe's hybrid score "
           "method (method 10) from Wilson limits.",
           pc);
    method(c, "Evidence",
           "beyond-range: the whole interval lies outside " STATS_RANGE_LOW_TEXT
           "-" STATS_RANGE_HIGH_TEXT "; differs-from-parity: it "
           "excludes 1 but reaches into the range; could-be-chance: it includes 1 (for a "
           "difference: differs when it excludes 0). The intervals are the toolkit's addition; "
           "the point estimates are the official formulas.");
    method(c, "Rounding",
           "Cells hold full-precision values; they are displayed to two decimals, rounded half "
           "away from zero as Excel does (1.625 shows as 1.63).");
    method(c, "Percentage points",
           "A difference of two percentages is held as percentage points (the difference of the "
           "proportions x 100) and shown with \"pp\"; \"All figures\" keeps it as a difference "
           "of proportions, as in the metrics CSV.");
    method(c, "Empty cells",
           "An empty figure is not applicable or not calculable (the Note column says which). "
           "An infinite relative likelihood (no events in the comparison group) or interval "
           "limit is an empty cell with a comment saying why; the metrics CSV has \"inf\" "
           "there.");
    method(c, "Survey numbers",
           "A staff-survey breakdown gives each group's respondents and percentage. Where it "
           "gives no number answering, the number is the percentage x the respondents, shown "
           "to the nearest person (halves away from zero); the percentage and its interval "
           "use the published percentage, and the metrics CSV keeps the unrounded product.");
    if (c->o->suppress)
        method(c, "Publication mode",
               "Counts below %u, and the rates and comparisons built on them, are withheld "
               "(staff-survey groups with fewer than %u respondents); so are further counts, "
               "until no withheld count can be worked out, or narrowed to a range under %u, "
               "from the published figures (totals, levels, bases, rates). The Note column "
               "says \"withheld (fewer than %u)\" and why (in All figures: \"suppressed\").",
               c->o->suppress, c->o->suppress < 11 ? 11 : c->o->suppress, c->o->suppress,
               c->o->suppress);
}

/* ---- the workbook -------------------------------------------------------------- */

int sheets_build(struct workbook *wb, const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o, struct wq_error *err)
{
    struct ctx c = {.t = t, .w = w, .o = o, .std = w->std, .wb = wb};
    const struct standard *std = w->std;
    c.wdes = std->characteristic == CHAR_DISABILITY;
    for (int g = 0; g < 3; g++)
        c.g[g] = std->group_names[g];
    c.focus = std->group_names[std->focus];
    c.comparator = std->group_names[std->comparator];

    /* the whole-trust rows, and the --by columns in order of appearance */
    struct rowset columns = {0}; /* first row of each breakdown */
    for (size_t i = 0; i < t->n_rows && !c.oom; i++) {
        const struct metric_row *r = &t->rows[i];
        if (text_same(r->breakdown, "Trust")) {
            c.oom = !rowset_add(&c.trust, r);
            continue;
        }
        bool seen = false;
        for (size_t k = 0; k < columns.n && !seen; k++)
            seen = text_same(columns.r[k]->breakdown, r->breakdown);
        if (!seen)
            c.oom = !rowset_add(&columns, r);
    }

    char head[128];
    if (o->year)
        snprintf(head, sizeof head, "NOT FOR PUBLICATION: %s %d/%02d", std->name, o->year - 1,
                 o->year % 100);
    else
        snprintf(head, sizeof head, "NOT FOR PUBLICATION: %s", std->name);
    if (!c.oom && !(wb->running_head = dup_text(head)))
        c.oom = true;
    sheet_about(&c);
    sheet_metric1(&c);
    sheet_recruitment(&c);
    sheet_metric3(&c);
    if (c.wdes) {
        static const char *const m4[] = {"4a", "4b", NULL}, *const m5[] = {"5", NULL},
                                 *const m6[] = {"6", NULL}, *const m7[] = {"7", NULL},
                                 *const m8[] = {"8", NULL};
        sheet_survey(&c, "Metric 4", "4",
                     "percentage of staff experiencing harassment, bullying or abuse from "
                     "patients or service users, their relatives or the public, from managers, "
                     "and from other colleagues (4a), and the percentage saying that the last "
                     "time it happened, they or a colleague reported it (4b)",
                     m4);
        sheet_survey(&c, "Metric 5", "5",
                     "percentage of staff believing that the trust provides equal opportunities "
                     "for career progression or promotion",
                     m5);
        sheet_survey(&c, "Metric 6", "6",
                     "percentage of staff who have felt pressure from their manager to come to "
                     "work, despite not feeling well enough to perform their duties",
                     m6);
        sheet_survey(&c, "Metric 7", "7",
                     "percentage of staff satisfied with the extent to which their organisation "
                     "values their work",
                     m7);
        sheet_survey(&c, "Metric 8", "8",
                     "percentage of Disabled staff saying that their employer has made adequate "
                     "adjustment(s) to enable them to carry out their work",
                     m8);
        sheet_engagement(&c);
    } else {
        static const char *const m5[] = {"5", NULL}, *const m6[] = {"6", NULL},
                                 *const m7[] = {"7", NULL}, *const m8[] = {"8", NULL};
        sheet_metric4_wres(&c);
        sheet_survey(&c, "Metric 5", "5",
                     "percentage of staff experiencing harassment, bullying or abuse from "
                     "patients, relatives or the public in the last 12 months",
                     m5);
        sheet_survey(&c, "Metric 6", "6",
                     "percentage of staff experiencing harassment, bullying or abuse from staff "
                     "in the last 12 months",
                     m6);
        sheet_survey(&c, "Metric 7", "7",
                     "percentage of staff believing that the trust provides equal opportunities "
                     "for career progression or promotion",
                     m7);
        sheet_survey(&c, "Metric 8", "8",
                     "percentage of staff who personally experienced discrimination at work from "
                     "a manager, team leader or other colleagues in the last 12 months",
                     m8);
    }
    sheet_board(&c);
    sheet_leavers(&c);
    for (size_t k = 0; k < columns.n && !c.oom; k++)
        sheet_by(&c, columns.r[k]->breakdown);
    sheet_all(&c);
    sheet_quality(&c);
    sheet_methods(&c);

    free(c.trust.r);
    free(columns.r);
    if (c.oom)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory while building the workbook");
    return WQ_OK;
}
