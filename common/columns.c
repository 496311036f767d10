/* columns.c: find input columns by header name through alias lists. */
#include "columns.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

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

int columns_map(const struct csv_row *header, const struct col_spec *specs, size_t n_specs,
                int *idx, struct wq_error *err)
{
    for (size_t s = 0; s < n_specs; s++) {
        idx[s] = -1;
        for (const char *const *a = specs[s].aliases; *a && idx[s] < 0; a++)
            idx[s] = columns_find(header, *a);
        if (idx[s] >= 0) {
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
            continue;
        }
        if (!specs[s].required)
            continue;
        char also[512] = "", found[2048];
        size_t used = 0;
        for (const char *const *a = specs[s].aliases + 1; *a; a++) {
            int n = snprintf(also + used, sizeof also - used, "%s%s", used ? ", " : "", *a);
            if (n < 0 || (size_t)n >= sizeof also - used)
                break;
            used += (size_t)n;
        }
        columns_list(header, found, sizeof found);
        return wq_fail(err, WQ_EDATA, &(struct src_pos){header->file, header->line, NULL, 0},
                       "missing required column '%s'%s%s%s; the header has: %s",
                       specs[s].aliases[0], used ? " (also accepted: " : "", also,
                       used ? ")" : "", found);
    }
    return WQ_OK;
}
