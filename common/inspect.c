/* inspect.c: `wres columns FILE` (inspect.h). */
#include "inspect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "config.h"
#include "date.h"
#include "extract.h"
#include "inputs.h"
#include "people.h"
#include "text.h"
#include "vocab.h"
#include "workforce.h"
#include "xlsx_reader.h"

const char *const inspect_kinds[] = {"staff", "staff-start", "leavers", "recruitment", "cases",
                                     "training", "survey", "board", NULL};
const char *const inspect_lists[] = {"mandatory-courses", "vocab", NULL};

/* What a column's values look like: the share of its non-empty sampled
 * values that each test recognises. */
enum look { L_ETHNICITY, L_DISABILITY, L_BAND, L_STAFF_GROUP, L_DATE, L_YES_NO, L_ID,
            L_NUMBER, L_N };
#define SAMPLE_ROWS 200
#define LOOK_SHARE 0.8

/* The look a field's values have, or L_N when none tells it. */
static enum look look_of_field(const char *field)
{
    static const struct { const char *field; enum look look; } t[] = {
        {"ethnicity", L_ETHNICITY}, {"disability", L_DISABILITY}, {"band", L_BAND},
        {"staff-group", L_STAFF_GROUP}, {"termination-date", L_DATE}, {"case-date", L_DATE},
        {"course-date", L_DATE}, {"application-date", L_DATE}, {"primary", L_YES_NO},
        {"mandatory", L_YES_NO}, {"shortlisted", L_YES_NO}, {"appointed", L_YES_NO},
        {"voting", L_YES_NO}, {"executive", L_YES_NO}, {"person", L_ID}, {"fte", L_NUMBER},
        {"respondents", L_NUMBER}, {"applications", L_NUMBER},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (!strcmp(t[i].field, field))
            return t[i].look;
    return L_N;
}

struct ictx {
    const struct wq_options *o;
    char **header;            /* copies of the header's names */
    size_t n_header;
    unsigned long header_line, title_lines, sampled, footers;
    unsigned long (*hits)[L_N + 1]; /* per column: per look, and [L_N] non-empty */
};

/* Is the record a header: two or more non-empty fields, one of them a
 * column some input knows (an alias or a --column header)? */
static bool is_header(const struct ictx *c, const struct csv_row *row)
{
    struct col_spec specs[INPUT_SPECS_MAX];
    int idx[INPUT_SPECS_MAX];
    size_t n_found = 0, filled = 0;
    for (size_t i = 0; i < row->n_fields; i++)
        filled += row->fields[i][strspn(row->fields[i], " \t")] != '\0';
    if (filled < 2)
        return false;
    for (int k = 0; k < 6 && !n_found; k++) {
        size_t n = k == 0   ? workforce_specs(c->o, true, true, specs)
                   : k == 1 ? recruitment_specs(c->o, false, false, specs)
                   : k == 2 ? cases_specs(c->o, specs)
                   : k == 3 ? training_specs(c->o, specs)
                   : k == 4 ? survey_specs(c->o, specs)
                            : board_specs(c->o, specs);
        struct wq_error e;
        columns_map(row, specs, n, c->o->columns, c->o->n_columns, idx, &n_found, &e);
    }
    return n_found > 0;
}

static void sample(struct ictx *c, const struct csv_row *row)
{
    for (size_t i = 0; i < row->n_fields && i < c->n_header; i++) {
        const char *s = row->fields[i];
        char t[64];
        if (!text_fold(s, t, sizeof t))
            continue;
        enum eth_detail d;
        enum dis_group g;
        enum afc_row r;
        bool clinical;
        long day;
        uint64_t key;
        unsigned long *h = c->hits[i];
        h[L_N]++;
        h[L_ETHNICITY] += vocab_ethnicity(c->o->vocab, s, &d);
        h[L_DISABILITY] += vocab_disability(c->o->vocab, s, &g);
        h[L_BAND] += vocab_band(c->o->vocab, s, NULL, &r);
        h[L_STAFF_GROUP] += vocab_clinical(c->o->vocab, s, &clinical);
        h[L_DATE] += date_parse(s, &day);
        h[L_YES_NO] += extract_yes_no(s) >= 0;
        h[L_ID] += strlen(t) >= 4 && people_key(t, &key);
        h[L_NUMBER] += extract_decimal(s);
    }
}

static int on_record(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct ictx *c = ud;
    if (!c->header) {
        if (!is_header(c, row)) {
            if (row->record >= EXTRACT_HEADER_SEARCH)
                return wq_fail(err, WQ_EDATA, &(struct src_pos){row->file, 0, NULL, 0},
                               "no header row found in the first %d records: no record names "
                               "a column any input has",
                               EXTRACT_HEADER_SEARCH);
            c->title_lines++;
            return WQ_OK;
        }
        c->header = calloc(row->n_fields, sizeof *c->header);
        c->hits = calloc(row->n_fields, sizeof *c->hits);
        if (!c->header || !c->hits)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        c->n_header = row->n_fields;
        c->header_line = row->line;
        for (size_t i = 0; i < row->n_fields; i++)
            if (!(c->header[i] = text_dup(row->fields[i])))
                return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        return WQ_OK;
    }
    if (extract_footer_row(row, -1)) {
        c->footers++;
        return WQ_OK;
    }
    sample(c, row);
    return ++c->sampled >= SAMPLE_ROWS ? WQ_EIO : WQ_OK; /* enough: stop reading */
}

/* The specs of input KIND (an inspect_kinds index) for HEADER. */
static size_t kind_specs(const struct wq_options *o, int kind, const struct csv_row *header,
                         struct col_spec *specs)
{
    switch (kind) {
    case 0: return workforce_specs(o, true, false, specs);
    case 1: return workforce_specs(o, false, false, specs);
    case 2: return workforce_specs(o, false, true, specs);
    case 3: {
        /* the reader's own test of the shape (recruitment.c) */
        bool aggregated = columns_find(header, "Applications") >= 0 ||
                          columns_find(header, "Applicants") >= 0 ||
                          columns_find(header, "Applied") >= 0;
        bool staged = columns_find(header, "Stage") >= 0 ||
                      columns_find(header, "Stage Reached") >= 0 ||
                      columns_find(header, "Application Status") >= 0;
        return recruitment_specs(o, aggregated, staged, specs);
    }
    case 4: return cases_specs(o, specs);
    case 5: return training_specs(o, specs);
    case 6: return survey_specs(o, specs);
    default: return board_specs(o, specs);
    }
}

/* The best column for missing spec S among those not in IDX: its values
 * look like S's (LOOK_SHARE of the sample) and its name is near; -1 when
 * neither. *BY_VALUES tells whether the values agreed. */
static int suggest(const struct ictx *c, const struct csv_row *header, const struct col_spec *s,
                   const int *idx, size_t n, bool *by_values)
{
    enum look look = look_of_field(s->field);
    int best = -1;
    size_t best_score = 0;
    for (size_t i = 0; i < c->n_header; i++) {
        bool taken = false;
        for (size_t k = 0; k < n; k++)
            taken = taken || idx[k] == (int)i;
        if (taken)
            continue;
        const unsigned long *h = c->hits[i];
        bool looks = look != L_N && h[L_N] && h[look] >= LOOK_SHARE * (double)h[L_N];
        size_t score = columns_nearness(s, header->fields[i]) + (looks ? 5000 : 0);
        if (score > best_score) {
            best_score = score;
            best = (int)i;
            *by_values = looks;
        }
    }
    return best;
}

/* Map the header for KIND and print the fields (when PRINT); returns the
 * number of required fields missing (or SIZE_MAX on a duplicate column, in
 * ERR), the number of fields found in *HAVE (may be NULL). */
static size_t report_kind(FILE *out, const struct ictx *c, const struct csv_row *header, int kind,
                          bool print, char *paste, size_t paste_size, size_t *have,
                          struct wq_error *err)
{
    struct col_spec specs[INPUT_SPECS_MAX];
    int idx[INPUT_SPECS_MAX];
    size_t n = kind_specs(c->o, kind, header, specs), found = 0, missing = 0;
    struct wq_error e;
    if (columns_map(header, specs, n, c->o->columns, c->o->n_columns, idx, &found, &e) &&
        strstr(e.msg, "twice")) {
        *err = e;
        return SIZE_MAX;
    }
    size_t used = 0;
    if (have)
        *have = 0;
    for (size_t s = 0; s < n; s++) {
        missing += idx[s] < 0 && specs[s].required;
        if (have)
            *have += idx[s] >= 0;
        if (!print)
            continue;
        if (idx[s] >= 0) {
            fprintf(out, "  %-18s %s\n", specs[s].field, header->fields[idx[s]]);
            continue;
        }
        bool by_values = false;
        int g = suggest(c, header, &specs[s], idx, n, &by_values);
        fprintf(out, "  %-18s %s", specs[s].field,
                specs[s].required ? "MISSING (required)" : "not found (optional)");
        if (g >= 0) {
            fprintf(out, "; try --column \"%s=%s\" (by its name%s)", specs[s].field,
                    header->fields[g], by_values ? " and values" : "");
            int k = snprintf(paste + used, paste_size - used, "%s = %s\n", specs[s].field,
                             header->fields[g]);
            if (k > 0 && (size_t)k < paste_size - used)
                used += (size_t)k;
        }
        fputc('\n', out);
    }
    return missing;
}

/* The inspect_kinds index of AS, or when AS is NULL the kind with the most
 * fields found, then the fewest required ones missing (the first on a tie);
 * -1 for an unknown AS. */
static int choose_kind(const struct ictx *c, const struct csv_row *header, const char *as,
                       struct wq_error *err)
{
    int best = -1;
    size_t best_missing = SIZE_MAX, best_have = 0;
    for (int k = 0; inspect_kinds[k]; k++) {
        if (as && strcmp(as, inspect_kinds[k]))
            continue;
        if (as)
            return k;
        if (k == 5 && c->o->std->characteristic != CHAR_ETHNICITY)
            continue; /* training is a WRES input */
        if (k == 1 || k == 2)
            continue; /* the staff extracts' columns: told apart below */
        size_t have, m = report_kind(NULL, c, header, k, false, NULL, 0, &have, err);
        if (m == SIZE_MAX)
            return -2;
        if (best < 0 || have > best_have || (have == best_have && m < best_missing)) {
            best_missing = m;
            best_have = have;
            best = k;
        }
    }
    if (best == 0) {
        /* the staff extracts and the leavers have the same columns: a
         * termination date tells the leavers (the staff at the start of
         * the year is only told by --as) */
        struct col_spec specs[INPUT_SPECS_MAX];
        int idx[INPUT_SPECS_MAX];
        size_t n = kind_specs(c->o, 2, header, specs);
        struct wq_error e;
        columns_map(header, specs, n, c->o->columns, c->o->n_columns, idx, NULL, &e);
        for (size_t s = 0; s < n; s++)
            if (!strcmp(specs[s].field, "termination-date") && idx[s] >= 0)
                best = 2;
    }
    return best;
}

/* How field SPEC's column was found: through a --column mapping, or by
 * its name or an alias. */
static const char *how_found(const struct ictx *c, const struct col_spec *spec)
{
    for (size_t k = 0; k < c->o->n_columns; k++)
        if (columns_same_field(c->o->columns[k].field, spec->field))
            return "column";
    return "alias";
}

/* {"input": AS, "encoding": .., "delimiter": .., "sheet": .., "sheets": [..]
 * (no closing brace): how PATH was read (SRC). */
static int json_source(FILE *out, const char *as, const char *path,
                       const struct csv_source *src, struct wq_error *err)
{
    static const char *const enc[] = {"UTF-8", "UTF-8", "UTF-16LE", "UTF-16BE", "workbook"};
    static const char delims[] = ",\t;|";
    static const char *const delim_names[] = {"comma", "tab", "semicolon", "pipe"};
    struct strbuf sheets = {0};
    bool book = src->encoding == CSV_WORKBOOK;
    if (book) {
        int st = xlsx_sheet_names(path, path, &sheets, err);
        if (st)
            return st;
    }
    const char *delim = NULL;
    for (size_t i = 0; i < 4 && !book; i++)
        if (src->delim_used == delims[i])
            delim = delim_names[i];
    fputs("{\"input\": ", out);
    text_put_json(out, as);
    fputs(", \"encoding\": ", out);
    text_put_json(out, src->cp1252_fields ? "Windows-1252" : enc[src->encoding]);
    fputs(", \"delimiter\": ", out);
    text_put_json(out, book ? NULL : delim ? delim : "comma");
    fputs(", \"sheet\": ", out);
    text_put_json(out, book ? src->sheet_read : NULL);
    fputs(", \"sheets\": [", out);
    for (size_t at = 0; at < sheets.len; at += strlen(sheets.data + at) + 1) {
        fputs(at ? ", " : "", out);
        text_put_json(out, sheets.data + at);
    }
    strbuf_free(&sheets);
    fputs("]", out);
    return WQ_OK;
}

/* The findings of print_findings as one JSON object (the page's
 * /api/columns): the fields with their column, or a guess for a missing
 * one; MISSING receives the number of required fields missing. */
static int print_json(FILE *out, const struct ictx *c, const struct csv_row *header, int kind,
                      const struct csv_source *src, size_t *missing, struct wq_error *err)
{
    struct col_spec specs[INPUT_SPECS_MAX];
    int idx[INPUT_SPECS_MAX];
    size_t n = kind_specs(c->o, kind, header, specs);
    struct wq_error e;
    if (columns_map(header, specs, n, c->o->columns, c->o->n_columns, idx, NULL, &e) &&
        strstr(e.msg, "twice")) {
        *err = e;
        return err->code;
    }
    int st = json_source(out, inspect_kinds[kind], header->file, src, err);
    if (st)
        return st;
    fprintf(out, ", \"title_lines\": %lu, \"header_line\": %lu, \"headers\": [",
            c->title_lines, c->header_line);
    for (size_t i = 0; i < c->n_header; i++) {
        fputs(i ? ", " : "", out);
        text_put_json(out, c->header[i]);
    }
    fputs("],\n \"fields\": [", out);
    *missing = 0;
    for (size_t s = 0; s < n; s++) {
        bool by_values = false;
        int g = idx[s] >= 0 ? idx[s] : suggest(c, header, &specs[s], idx, n, &by_values);
        fprintf(out, "%s\n  {\"field\": \"%s\", \"required\": %s, \"header\": ", s ? "," : "",
                specs[s].field, specs[s].required ? "true" : "false");
        text_put_json(out, g >= 0 ? header->fields[g] : NULL);
        fputs(", \"how\": ", out);
        text_put_json(out, idx[s] >= 0 ? how_found(c, &specs[s]) : g >= 0 ? "guess" : NULL);
        fputs("}", out);
        *missing += idx[s] < 0 && specs[s].required;
    }
    fputs("],\n \"missing_required\": [", out);
    for (size_t s = 0, k = 0; s < n; s++)
        if (idx[s] < 0 && specs[s].required)
            fprintf(out, "%s\"%s\"", k++ ? ", " : "", specs[s].field);
    fprintf(out, "], \"rows_sampled\": %lu}\n", c->sampled);
    return WQ_OK;
}

static int print_findings(FILE *out, struct ictx *c, const char *path, const char *as,
                          const struct csv_source *src, struct wq_error *err)
{
    struct csv_row header = {path, c->header_line, 1, c->n_header, c->header, NULL, false};
    int kind = choose_kind(c, &header, as, err);
    if (kind == -2)
        return err->code;
    if (kind < 0)
        return wq_fail(err, WQ_EUSAGE, NULL, "--as '%s': expected staff, staff-start, leavers, "
                                             "recruitment, cases, training, survey, board, "
                                             "mandatory-courses or vocab", as);
    if (c->o->format == FORMAT_JSON) {
        size_t missing = 0;
        int st = print_json(out, c, &header, kind, src, &missing, err);
        return st ? st : missing ? WQ_EDATA : WQ_OK;
    }
    char read_as[512];
    csv_source_describe(src, read_as, sizeof read_as);
    fprintf(out, "file: %s\n", wq_input_name(path));
    fprintf(out, "read as: %s\n", read_as);
    fprintf(out, "title lines above the header: %lu\n", c->title_lines);
    fprintf(out, "header: line %lu, %zu columns\n", c->header_line, c->n_header);
    fprintf(out, "rows sampled: %lu (and %lu total or footer rows)\n", c->sampled, c->footers);
    fprintf(out, "input: %s%s\n", inspect_kinds[kind],
            as ? "" : " (guessed from the headers; --as INPUT to choose)");
    fputs("fields:\n", out);
    char paste[2048] = "";
    size_t missing = report_kind(out, c, &header, kind, true, paste, sizeof paste, NULL, err);
    if (missing == SIZE_MAX)
        return err->code;
    fprintf(out, "missing required fields: %zu\n", missing);
    if (*paste)
        fprintf(out, "for the config file:\n[columns]\n%s", paste);
    return missing ? WQ_EDATA : WQ_OK;
}

/* A list input (AS, one of inspect_lists) read whole by its own reader, as
 * a run reads it: how it was read and how many entries it holds. */
static int inspect_list(FILE *out, const char *path, const char *as,
                        const struct wq_options *o, struct wq_error *err)
{
    struct csv_source src = options_source(o, as);
    struct strmap titles = {0};
    struct vocab *v = NULL;
    bool vocab = !strcmp(as, "vocab");
    int st = vocab ? vocab_load_as(&v, path, &src, err)
                   : training_mandatory_read(path, &titles, &src, err);
    size_t n = vocab ? vocab_n_entries(v) : titles.n_names;
    vocab_destroy(v);
    strmap_free(&titles);
    if (st)
        return st;
    if (o->format == FORMAT_JSON) {
        st = json_source(out, as, path, &src, err);
        if (!st)
            fprintf(out, ", \"entries\": %zu}\n", n);
        return st;
    }
    char read_as[512];
    csv_source_describe(&src, read_as, sizeof read_as);
    fprintf(out, "file: %s\nread as: %s\ninput: %s\n%s: %zu\n", wq_input_name(path), read_as,
            as, vocab ? "spellings" : "course titles", n);
    return WQ_OK;
}

int inspect_columns(FILE *out, const char *path, const char *as, const struct wq_options *o,
                    struct wq_error *err)
{
    for (size_t k = 0; as && inspect_lists[k]; k++)
        if (!strcmp(as, inspect_lists[k]))
            return inspect_list(out, path, as, o, err);
    struct ictx c = {.o = o};
    /* the sheet and delimiter as given for the input named by --as, or for
     * every input */
    struct csv_source src = options_source(o, as ? as : "");
    int st = csv_read_file(path, path, on_record, &c, &src, err);
    if (st == WQ_EIO && c.sampled >= SAMPLE_ROWS)
        st = WQ_OK; /* stopped when the sample was full */
    if (!st && !c.header)
        st = wq_fail(err, WQ_EDATA, &(struct src_pos){path, 0, NULL, 0},
                     "no header row found in the first %d records: no record names a column "
                     "any input has (%lu title lines)",
                     EXTRACT_HEADER_SEARCH, c.title_lines);
    if (!st)
        st = print_findings(out, &c, path, as, &src, err);
    for (size_t i = 0; c.header && i < c.n_header; i++)
        free(c.header[i]);
    free(c.header);
    free(c.hits);
    return st;
}
