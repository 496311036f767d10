/* cross.c: crossed breakdowns and the strata of --adjust (cross.h). */
#include "cross.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "text.h"
#include "workforce.h"

size_t cross_split(const char *spec, char *buf, size_t size, const char *out[CROSS_MAX_PARTS])
{
    size_t len = strlen(spec), n = 0;
    if (len >= size)
        return 0;
    memcpy(buf, spec, len + 1);
    for (char *p = buf;;) {
        char *star = strchr(p, CROSS_SEP);
        if (star)
            *star = '\0';
        if (n == CROSS_MAX_PARTS || !*text_trim(p))
            return 0;
        out[n++] = p;
        if (!star)
            return n;
        p = star + 1;
    }
}

/* Append a breakdown named NAME (copied) to W; its index, or -1 when out of
 * memory. */
static long add_breakdown(struct workforce *w, size_t *alloc, const char *name)
{
    struct breakdown *bd = array_grow(w->bd, w->n_bd_all, alloc, sizeof *bd, 8);
    if (!bd)
        return -1;
    w->bd = bd;
    bd = &w->bd[w->n_bd_all];
    memset(bd, 0, sizeof *bd);
    if (!(bd->column = text_dup(name)))
        return -1;
    bd->leavers_have_column = true;
    bd->characteristic = workforce_characteristic(name);
    return (long)w->n_bd_all++;
}

/* The single-column breakdown NAME, added (internal) if there is none. */
static long column_breakdown(struct workforce *w, size_t *alloc, const char *name)
{
    char want[256], got[256];
    text_fold(name, want, sizeof want);
    for (size_t b = 1; b < w->n_bd_all; b++)
        if (!w->bd[b].n_parts && text_fold(w->bd[b].column, got, sizeof got) && !strcmp(want, got))
            return (long)b;
    return add_breakdown(w, alloc, name);
}

/* Make B a crossed breakdown of the N columns in NAMES, after FIRST (a
 * breakdown index, or 0 for none). */
static int cross_of(struct workforce *w, size_t *alloc, size_t b, size_t first,
                    const char *const *names, size_t n)
{
    if (first)
        w->bd[b].parts[w->bd[b].n_parts++] = first;
    for (size_t i = 0; i < n; i++) {
        long p = column_breakdown(w, alloc, names[i]);
        if (p < 0)
            return WQ_ENOMEM;
        w->bd[b].parts[w->bd[b].n_parts++] = (size_t)p;
    }
    return WQ_OK;
}

static int split_or_fail(const char *spec, char *buf, size_t size, const char **parts,
                         size_t *n, const char *option, struct wq_error *err)
{
    if ((*n = cross_split(spec, buf, size, parts)))
        return WQ_OK;
    return wq_fail(err, WQ_EUSAGE, NULL,
                   "%s '%.60s': a column name is empty, or more than %d columns are crossed",
                   option, spec, CROSS_MAX_PARTS);
}

/* The strata breakdown of visible breakdown B: B's levels crossed with the
 * --adjust columns (for the trust, the --adjust columns alone). Internal:
 * its name ("Org L3, adjusted") is never shown. */
static int add_strata(struct workforce *w, size_t *alloc, size_t b, const char *const *adj,
                      size_t n_adj)
{
    long s;
    if (b == 0 && n_adj == 1) {
        s = column_breakdown(w, alloc, adj[0]);
    } else {
        struct strbuf name = {0};
        s = strbuf_printf(&name, "%s, adjusted", w->bd[b].column) ? add_breakdown(w, alloc, name.data)
                                                                  : -1;
        strbuf_free(&name);
        if (s < 0 || cross_of(w, alloc, (size_t)s, b, adj, n_adj) != WQ_OK)
            return WQ_ENOMEM;
    }
    if (s < 0)
        return WQ_ENOMEM;
    w->strata[b] = (size_t)s;
    return WQ_OK;
}

int cross_setup(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    size_t alloc = 0;
    char buf[CROSS_MAX_PARTS * 256], abuf[CROSS_MAX_PARTS * 256];
    const char *parts[CROSS_MAX_PARTS], *adj[CROSS_MAX_PARTS];
    size_t n, n_adj = 0;
    int st;
    w->n_bd = 1 + o->n_by;
    if (add_breakdown(w, &alloc, "Trust") < 0)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < o->n_by; i++)
        if (add_breakdown(w, &alloc, o->by[i]) < 0)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    for (size_t b = 1; b < w->n_bd; b++) {
        if ((st = split_or_fail(o->by[b - 1], buf, sizeof buf, parts, &n, "--by", err)))
            return st;
        if (n > 1) {
            w->bd[b].characteristic = 0;
            if (cross_of(w, &alloc, b, 0, parts, n) != WQ_OK)
                return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        }
    }
    size_t off = 0;
    for (size_t i = 0; i < o->n_adjust; i++) {
        if ((st = split_or_fail(o->adjust[i], abuf + off, sizeof abuf - off, parts, &n,
                                "--adjust", err)))
            return st;
        off += strlen(o->adjust[i]) + 1;
        for (size_t k = 0; k < n; k++) {
            if (n_adj == CROSS_MAX_PARTS)
                return wq_fail(err, WQ_EUSAGE, NULL, "--adjust: at most %d columns in all",
                               CROSS_MAX_PARTS);
            adj[n_adj++] = parts[k];
        }
    }
    if (!n_adj)
        return WQ_OK;
    if (!(w->strata = calloc(w->n_bd, sizeof *w->strata)))
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    for (size_t b = 0; b < w->n_bd; b++)
        if (add_strata(w, &alloc, b, adj, n_adj) != WQ_OK)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    return WQ_OK;
}

void cross_columns(struct workforce *w, int *by_col, bool leavers)
{
    for (size_t b = 1; b < w->n_bd_all; b++) {
        struct breakdown *bd = &w->bd[b];
        if (!bd->n_parts)
            continue;
        bool all = true;
        for (size_t i = 0; i < bd->n_parts; i++)
            all = all && by_col[bd->parts[i]] >= 0;
        by_col[b] = all ? by_col[bd->parts[0]] : -1;
        if (leavers && !all)
            bd->leavers_have_column = false;
    }
}

int cross_levels(struct workforce *w, const int *by_col, uint32_t *levels)
{
    struct strbuf name = {0};
    int st = WQ_OK;
    for (size_t b = 1; b < w->n_bd_all && st == WQ_OK; b++) {
        struct breakdown *bd = &w->bd[b];
        if (!bd->n_parts || by_col[b] < 0)
            continue;
        name.len = 0;
        for (size_t i = 0; i < bd->n_parts && st == WQ_OK; i++) {
            const struct breakdown *p = &w->bd[bd->parts[i]];
            if (!strbuf_printf(&name, "%s%s", i ? CROSS_LEVEL_SEP : "",
                               p->levels.names[levels[bd->parts[i] - 1]]))
                st = WQ_ENOMEM;
        }
        long li = st == WQ_OK ? workforce_level(w, b, name.data) : -1;
        uint32_t *first = li < 0 ? NULL : array_grow(bd->first, (size_t)li, &bd->alloc_first,
                                                      sizeof *first, 16);
        if (!first) {
            st = WQ_ENOMEM;
            break;
        }
        bd->first = first;
        bd->first[li] = levels[bd->parts[0] - 1];
        levels[b - 1] = (uint32_t)li;
    }
    strbuf_free(&name);
    return st;
}
