/* columns.c: find input columns by header name through alias lists. */
#include "columns.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

const char *const columns_fields[] = {
    "person", "assignment", "primary", "fte", "ethnicity", "disability", "band",
    "staff-group", "occupation", "category", "termination-date", "leaving-reason",
    "application-date", "shortlisted", "appointed", "stage", "group", "applications",
    "case-type", "case-date", "grounds", "course", "mandatory", "course-date",
    "measure", "respondents", "percent", "positive", "score", "item", "voting", "executive",
    NULL,
};

bool columns_field_known(const char *field)
{
    for (const char *const *f = columns_fields; *f; f++)
        if (columns_same_field(*f, field))
            return true;
    return false;
}

void columns_fields_list(char *buf, size_t size)
{
    size_t used = 0;
    if (size)
        buf[0] = '\0';
    for (const char *const *f = columns_fields; *f; f++) {
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", *f);
        if (n < 0 || (size_t)n >= size - used)
            return;
        used += (size_t)n;
    }
}

bool columns_same_field(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = *a == '_' || *a == '-' ? ' ' : (char)tolower((unsigned char)*a);
        char cb = *b == '_' || *b == '-' ? ' ' : (char)tolower((unsigned char)*b);
        if (ca != cb)
            return false;
        if (!ca)
            return true;
    }
}

int columns_find_by(const struct csv_row *header, const char *name, struct col_map *maps,
                    size_t n_maps)
{
    for (size_t m = n_maps; m-- > 0;) {
        if (!columns_same_field(maps[m].field, name))
            continue;
        int i = columns_find(header, maps[m].header);
        if (i >= 0) {
            maps[m].found = true;
            return i;
        }
    }
    return columns_find(header, name);
}

int columns_find(const struct csv_row *header, const char *name)
{
    char want[256], got[256];
    text_fold(name, want, sizeof want);
    for (size_t i = 0; i < header->n_fields; i++) {
        text_fold(header->fields[i], got, sizeof got);
        if (strcmp(want, got) == 0)
            return (int)i;
    }
    return -1;
}

const char *const columns_sex_aliases[] = {"Sex", "Gender", "Legal Sex", NULL};

int columns_find_any(const struct csv_row *header, const char *const *names)
{
    for (; *names; names++) {
        int i = columns_find(header, *names);
        if (i >= 0)
            return i;
    }
    return -1;
}

const char *columns_sex_name(const char *raw)
{
    static const char *const female[] = {"f", "female", "woman", NULL};
    static const char *const male[] = {"m", "male", "man", NULL};
    char key[32];
    if (!text_fold(raw, key, sizeof key))
        return "(blank)";
    for (size_t i = 0; female[i]; i++)
        if (!strcmp(key, female[i]))
            return "Female";
    for (size_t i = 0; male[i]; i++)
        if (!strcmp(key, male[i]))
            return "Male";
    return "Unknown";
}

void columns_list(const struct csv_row *header, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < header->n_fields && used + 1 < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", header->fields[i]);
        if (n < 0 || (size_t)n >= size - used) {
            if (size > 4)
                memcpy(buf + size - 4, "...", 4);
            return;
        }
        used += (size_t)n;
    }
}

/* Edit distance between A and B (Levenshtein), capped at 63 characters. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63)
        na = 63;
    if (nb > 63)
        nb = 63;
    size_t row[64];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Words of three letters or more shared by folded A and B ('-' and '_' are
 * spaces). */
static size_t shared_words(const char *a, const char *b)
{
    char wa[256], wb[256];
    snprintf(wa, sizeof wa, "%s", a);
    snprintf(wb, sizeof wb, " %s ", b);
    for (char *p = wa; *p; p++)
        if (*p == '-' || *p == '_')
            *p = ' ';
    for (char *p = wb; *p; p++)
        if (*p == '-' || *p == '_')
            *p = ' ';
    size_t n = 0;
    for (char *tok = strtok(wa, " "); tok; tok = strtok(NULL, " ")) {
        char pat[260];
        snprintf(pat, sizeof pat, " %s ", tok);
        if (strlen(tok) >= 3 && strstr(wb, pat))
            n++;
    }
    return n;
}

/* How near header name GOT (folded) is to NAME: 0 when not near, else
 * larger is nearer. */
static size_t nearness(const char *name, const char *got)
{
    char want[256];
    size_t len = text_fold(name, want, sizeof want);
    size_t words = shared_words(want, got);
    size_t d = edit_distance(want, got);
    if (words)
        return 1000 * words + (d < 1000 ? 999 - d : 0);
    if (len >= 4 && 3 * d <= len)
        return 999 - d;
    return 0;
}

size_t columns_nearness(const struct col_spec *spec, const char *header_name)
{
    char got[256];
    if (!text_fold(header_name, got, sizeof got))
        return 0;
    size_t score = nearness(spec->field, got);
    for (const char *const *a = spec->aliases; *a; a++) {
        size_t s = nearness(*a, got);
        if (s > score)
            score = s;
    }
    return score;
}

int columns_nearest(const struct csv_row *header, const struct col_spec *spec, const int *used,
                    size_t n_used)
{
    int best = -1;
    size_t best_score = 0;
    for (size_t i = 0; i < header->n_fields; i++) {
        bool taken = false;
        for (size_t u = 0; u < n_used; u++)
            taken = taken || used[u] == (int)i;
        size_t score = taken ? 0 : columns_nearness(spec, header->fields[i]);
        if (score > best_score) {
            best_score = score;
            best = (int)i;
        }
    }
    return best;
}

/* The index of spec S's column in HEADER: a --column mapping of its field
 * (the last given first), else its aliases in order; -1 when absent. */
static int find_spec(const struct csv_row *header, const struct col_spec *s,
                     struct col_map *maps, size_t n_maps)
{
    for (size_t m = n_maps; s->field && m-- > 0;) {
        if (strcmp(maps[m].field, s->field) != 0)
            continue;
        int i = columns_find(header, maps[m].header);
        if (i >= 0) {
            maps[m].found = true;
            return i;
        }
    }
    int i = -1;
    for (const char *const *a = s->aliases; *a && i < 0; a++)
        i = columns_find(header, *a);
    return i;
}

/* Append to BUF (at *USED) what spec S accepts and the nearest header. */
static void describe_missing(char *buf, size_t size, size_t *used, const struct csv_row *header,
                             const struct col_spec *s, const int *idx, size_t n_specs)
{
    int n = snprintf(buf + *used, size - *used, "%s'%s'", *used ? ", " : "", s->aliases[0]);
    if (n < 0 || (size_t)n >= size - *used)
        return;
    *used += (size_t)n;
    if (s->aliases[1]) {
        const char *lead = " (also accepted: ";
        for (const char *const *a = s->aliases + 1; *a; a++) {
            n = snprintf(buf + *used, size - *used, "%s%s", lead, *a);
            if (n < 0 || (size_t)n >= size - *used)
                return;
            *used += (size_t)n;
            lead = ", ";
        }
        n = snprintf(buf + *used, size - *used, ")");
        if (n < 0 || (size_t)n >= size - *used)
            return;
        *used += (size_t)n;
    }
    int near = s->field ? columns_nearest(header, s, idx, n_specs) : -1;
    if (near >= 0) {
        n = snprintf(buf + *used, size - *used, " [nearest header: --column %s=\"%.80s\"]",
                     s->field, header->fields[near]);
        if (n > 0 && (size_t)n < size - *used)
            *used += (size_t)n;
    }
}

/* The one message for every missing required column of HEADER. */
static int fail_missing(const struct csv_row *header, const struct col_spec *specs,
                        size_t n_specs, const int *idx, size_t n_missing, struct wq_error *err)
{
    const struct src_pos pos = {header->file, header->line, NULL, 0};
    char what[640] = "", found[2048];
    size_t used = 0;
    for (size_t s = 0; s < n_specs; s++) {
        if (idx[s] >= 0 || !specs[s].required)
            continue;
        if (n_missing == 1 && specs[s].hint)
            return wq_fail(err, WQ_EDATA, &pos, "%s", specs[s].hint);
        describe_missing(what, sizeof what, &used, header, &specs[s], idx, n_specs);
    }
    columns_list(header, found, sizeof found);
    return wq_fail(err, WQ_EDATA, &pos, "missing required column%s %s; the header has: %.300s%s",
                   n_missing > 1 ? "s" : "", what, found, strlen(found) > 300 ? "..." : "");
}

int columns_map(const struct csv_row *header, const struct col_spec *specs, size_t n_specs,
                struct col_map *maps, size_t n_maps, int *idx, size_t *n_found,
                struct wq_error *err)
{
    size_t missing = 0, found = 0;
    for (size_t s = 0; s < n_specs; s++) {
        idx[s] = find_spec(header, &specs[s], maps, n_maps);
        if (idx[s] < 0) {
            missing += specs[s].required;
            continue;
        }
        found++;
        /* the same header twice: which one is meant is unknowable */
        char want[256], got[256];
        text_fold(header->fields[idx[s]], want, sizeof want);
        for (size_t i = (size_t)idx[s] + 1; i < header->n_fields; i++) {
            text_fold(header->fields[i], got, sizeof got);
            if (strcmp(want, got) == 0)
                return wq_fail(err, WQ_EDATA,
                               &(struct src_pos){header->file, header->line,
                                                 header->fields[idx[s]], 0},
                               "the header has this column twice (fields %d and %zu); "
                               "remove or rename one",
                               idx[s] + 1, i + 1);
        }
    }
    if (n_found)
        *n_found = found;
    return missing ? fail_missing(header, specs, n_specs, idx, missing, err) : WQ_OK;
}
