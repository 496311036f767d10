/* compare_out.c: the files of a compare folder (compare.h): compare.csv,
 * the charts (PNG and SVG) and compare.html. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart.h"
#include "figures.h"
#include "html.h"
#include "palette.h"
#include "stats.h"
#include "text.h"

/* One item's charts (a caterpillar for a ratio, then its funnel). */
struct item_charts {
    char slug[256];
    struct chart cat, fun;
    bool has_cat;
};

static void put_num(FILE *f, double v)
{
    if (isnan(v))
        fputc(',', f);
    else if (isinf(v))
        fputs(v > 0 ? ",inf" : ",-inf", f);
    else
        fprintf(f, ",%.17g", v == 0 ? 0.0 : v);
}

static int close_checked(FILE *f, const char *path, struct wq_error *err)
{
    bool failed = ferror(f);
    if (fclose(f) != 0 || failed)
        return wq_fail(err, WQ_EIO, NULL, "error writing %s: %s", path, strerror(errno));
    return WQ_OK;
}

static int write_csv(const char *dir, const struct compare *cmp, struct wq_error *err)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st)
        return st;
    fputs("standard,year,metric,measure,group,reference,statistic,trust,value,low,high,count,"
          "base,reference_count,reference_base,se,pooled,z,lower_95,upper_95,lower_99_8,"
          "upper_99_8,position\n", f);
    for (size_t i = 0; i < cmp->n_items; i++) {
        const struct cmp_item *it = &cmp->items[i];
        for (size_t k = 0; k < it->n_figs; k++) {
            const struct cmp_fig *g = &it->figs[k];
            const char *text[] = {cmp->std->name, cmp->year, it->metric, it->measure,
                                  it->group, it->reference,
                                  it->ratio ? "relative-likelihood" : "proportion",
                                  cmp->trusts[g->trust].name};
            for (size_t t = 0; t < sizeof text / sizeof *text; t++) {
                if (t)
                    fputc(',', f);
                text_put_csv(f, text[t], true);
            }
            const double v[] = {g->value, g->low, g->high, g->a, g->n1, g->c, g->n2, g->se,
                                it->pooled, g->z, g->lim95[0], g->lim95[1], g->lim998[0],
                                g->lim998[1]};
            for (size_t t = 0; t < sizeof v / sizeof *v; t++)
                put_num(f, v[t]);
            fprintf(f, ",%s\n", compare_position(g));
        }
    }
    return close_checked(f, path, err);
}

/* "12/144" (or "" when the counts are not known) into BUF. */
static const char *counts(char *buf, size_t size, double a, double n)
{
    char x[32], y[32];
    if (isnan(a) || isnan(n))
        return strcpy(buf, "");
    stats_format(x, sizeof x, a, fabs(a - round(a)) < 1e-9 ? 0 : 1);
    stats_format(y, sizeof y, n, fabs(n - round(n)) < 1e-9 ? 0 : 1);
    snprintf(buf, size, "%s/%s", x, y);
    return buf;
}

static int build_charts(const struct compare *cmp, const struct cmp_item *it, size_t idx,
                        struct item_charts *ic)
{
    char base[160];
    snprintf(base, sizeof base, "%s %s %s %s", it->metric, it->measure, it->group,
             it->reference);
    char tail[180];
    figures_slug(base, tail, sizeof tail);
    snprintf(ic->slug, sizeof ic->slug, "%02zu-%s", idx + 1, tail);
    size_t n = it->n_figs;
    const char *foot = "Each point is a trust's own figure; the limits are around the "
                       "pooled value of all the trusts compared (docs/compare.md).";
    int st = WQ_OK;
    if (it->ratio) {
        struct chart_forest_row *rows = calloc(n ? n : 1, sizeof *rows);
        struct chart_funnel_ratio_unit *u = calloc(n ? n : 1, sizeof *u);
        char (*sizes)[160] = calloc(n ? n : 1, sizeof *sizes);
        if (!rows || !u || !sizes)
            st = WQ_ENOMEM;
        for (size_t k = 0; k < n && !st; k++) {
            const struct cmp_fig *g = &it->figs[k];
            char x[72], y[72];
            snprintf(sizes[k], sizeof sizes[k], "%s vs %s", counts(x, sizeof x, g->a, g->n1),
                     counts(y, sizeof y, g->c, g->n2));
            rows[k] = (struct chart_forest_row){cmp->trusts[g->trust].name, g->value, g->low,
                                                g->high, sizes[k], false, false};
            u[k] = (struct chart_funnel_ratio_unit){cmp->trusts[g->trust].name, g->value,
                                                    g->se};
        }
        if (!st && !(st = chart_forest_ref(&ic->cat, it->title, rows, n, it->pooled,
                                           "All trusts", "all the trusts pooled",
                                           "Each row is a trust's own figure with its 95% "
                                           "interval, as that trust's run computed it.")))
            st = chart_funnel_ratio(&ic->fun, it->title, u, n, it->pooled, foot);
        ic->has_cat = true;
        free(rows);
        free(u);
        free(sizes);
    } else {
        struct chart_funnel_unit *u = calloc(n ? n : 1, sizeof *u);
        if (!u)
            return WQ_ENOMEM;
        for (size_t k = 0; k < n; k++)
            u[k] = (struct chart_funnel_unit){cmp->trusts[it->figs[k].trust].name,
                                              it->figs[k].a, it->figs[k].n1, false};
        st = chart_funnel(&ic->fun, it->title, u, n, it->pooled, foot);
        free(u);
    }
    return st;
}

static int render(const char *dir, const char *kind, const char *slug, const struct chart *c,
                  struct wq_error *err)
{
    static const char *const ext[] = {"png", "svg"};
    char path[8192];
    int st = WQ_OK;
    for (int e = 0; e < 2 && !st; e++) {
        snprintf(path, sizeof path, "%s/charts/%s-%s.%s", dir, kind, slug, ext[e]);
        st = chart_render_file(c, path, err);
    }
    return st;
}

/* ---- compare.html ---------------------------------------------------------- */

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:" PALETTE_TEXT ";margin:0 auto;"
    "max-width:60rem;padding:1rem;line-height:1.5}"
    "h1{color:" PALETTE_DARK_BLUE ";font-size:1.6rem}"
    "h2{color:" PALETTE_DARK_BLUE ";font-size:1.25rem;margin-top:2rem}"
    "figure{margin:1rem 0}figure .chart svg{width:100%;height:auto;max-width:720px}"
    "figcaption{font-size:.9rem}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;font-size:.9rem}caption{text-align:left;font-weight:bold}"
    "th,td{border-bottom:1px solid " PALETTE_GREY_4 ";padding:.25rem .5rem;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".out{font-weight:bold;color:" PALETTE_RED "}";

static void fmt_cell(FILE *f, double v, int d, bool pct)
{
    char b[48];
    fputs("<td class=\"n\">", f);
    if (isnan(v))
        fputs("&ndash;", f);
    else if (isinf(v))
        fputs(v > 0 ? "inf" : "-inf", f);
    else {
        stats_format(b, sizeof b, pct ? v * 100 : v, d);
        fprintf(f, "%s%s", b, pct ? "%" : "");
    }
    fputs("</td>", f);
}

/* The inline SVG of C under a labelled image role; with POINTS (a share's
 * funnel), every point named by an SVG title (html_points.c). */
static int inline_svg(FILE *f, const struct chart *c, bool points, struct wq_error *err)
{
    char *svg = NULL;
    int st = chart_render_svg(c, &svg, NULL, err);
    if (st)
        return st;
    if (points) {
        char *named = html_points_svg(svg, c);
        free(svg);
        if (!(svg = named))
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    const char *root = strstr(svg, "<svg");
    if (root) {
        fputs("<div class=\"chart\" role=\"img\" aria-label=\"", f);
        html_escape(f, c->alt ? c->alt : c->title);
        fputs("\"><svg aria-hidden=\"true\" focusable=\"false\"", f);
        fputs(root + 4, f);
        fputs("</div>\n", f);
    }
    free(svg);
    return WQ_OK;
}

static int fig_cmp_value(const void *pa, const void *pb)
{
    const struct cmp_fig *a = *(const struct cmp_fig *const *)pa;
    const struct cmp_fig *b = *(const struct cmp_fig *const *)pb;
    bool na = isnan(a->value), nb = isnan(b->value);
    if (na != nb)
        return na ? 1 : -1;
    return na || a->value == b->value ? 0 : a->value > b->value ? -1 : 1;
}

static int item_table(FILE *f, const struct compare *cmp, const struct cmp_item *it,
                      struct wq_error *err)
{
    size_t n = it->n_figs;
    const struct cmp_fig **ord = malloc((n ? n : 1) * sizeof *ord);
    if (!ord)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    for (size_t k = 0; k < n; k++)
        ord[k] = &it->figs[k];
    qsort(ord, n, sizeof *ord, fig_cmp_value);
    bool r = it->ratio;
    fputs(HTML_SCROLL "<table>\n<caption>", f);
    html_escape(f, it->title);
    fputs(": each trust, highest first</caption>\n<thead><tr><th scope=\"col\">Trust</th>"
          "<th scope=\"col\">Value</th><th scope=\"col\">95% interval</th>", f);
    fputs(r ? "<th scope=\"col\">Counts (group vs reference)</th><th scope=\"col\">Standard "
              "error (log)</th>"
            : "<th scope=\"col\">Count / base</th>", f);
    fputs("<th scope=\"col\">z</th><th scope=\"col\">Against the limits</th></tr></thead>\n"
          "<tbody>\n", f);
    for (size_t k = 0; k < n; k++) {
        const struct cmp_fig *g = ord[k];
        char x[72], y[72], lo[48], hi[48];
        fputs("<tr><th scope=\"row\">", f);
        html_escape(f, cmp->trusts[g->trust].name);
        fputs("</th>", f);
        fmt_cell(f, g->value, r ? 2 : 1, !r);
        stats_format(lo, sizeof lo, r ? g->low : g->low * 100, r ? 2 : 1);
        stats_format(hi, sizeof hi, r ? g->high : g->high * 100, r ? 2 : 1);
        if (isnan(g->low) || isnan(g->high))
            fputs("<td>&ndash;</td>", f);
        else
            fprintf(f, "<td>%s%s to %s%s</td>", lo, r ? "" : "%", hi, r ? "" : "%");
        fputs("<td>", f);
        html_escape(f, counts(x, sizeof x, g->a, g->n1));
        if (r) {
            fputs(" vs ", f);
            html_escape(f, counts(y, sizeof y, g->c, g->n2));
            fputs("</td>", f);
            fmt_cell(f, g->se, 3, false);
        } else {
            fputs("</td>", f);
        }
        fmt_cell(f, g->z, 2, false);
        const char *pos = compare_position(g);
        fprintf(f, "<td%s>%s</td></tr>\n", g->pos95 == 1 || g->pos95 == -1 ? " class=\"out\"" : "",
                pos);
    }
    fputs("</tbody>\n</table></div>\n", f);
    free(ord);
    return WQ_OK;
}

static void pooled_sentence(FILE *f, const struct cmp_item *it)
{
    char v[48];
    fputs("<p>", f);
    if (isnan(it->pooled)) {
        fputs("The pooled value cannot be worked out (no events in a group), so no limits are "
              "drawn.</p>\n", f);
        return;
    }
    stats_format(v, sizeof v, it->ratio ? it->pooled : it->pooled * 100, it->ratio ? 2 : 1);
    if (it->ratio)
        fprintf(f, "All the trusts together: a relative likelihood of %s (the summed counts). "
                   "A trust above the upper 99.8%% limit is very unlikely to differ from the "
                   "others by chance alone.</p>\n", v);
    else
        fprintf(f, "All the trusts together: %s%% (the summed counts). The limits are exact "
                   "binomial limits for a trust of each size.</p>\n", v);
}

static int item_section(FILE *f, const struct compare *cmp, const struct cmp_item *it,
                        const struct item_charts *ic, size_t *fig_no, struct wq_error *err)
{
    fputs("<section>\n<h2>", f);
    html_escape(f, it->title);
    fputs("</h2>\n", f);
    pooled_sentence(f, it);
    int st = WQ_OK;
    if (ic->has_cat) {
        fputs("<figure>\n", f);
        st = inline_svg(f, &ic->cat, false, err);
        fprintf(f, "<figcaption>Figure %zu. ", ++*fig_no);
        fputs("Caterpillar plot: each trust's relative likelihood with its 95% "
              "interval, lowest at the bottom; the solid line is all the trusts pooled.</figcaption>\n"
              "</figure>\n", f);
    }
    if (!st) {
        fputs("<figure>\n", f);
        st = inline_svg(f, &ic->fun, !it->ratio, err);
        fprintf(f, "<figcaption>Figure %zu. ", ++*fig_no);
        fputs(it->ratio ? "Funnel plot: each trust's relative likelihood against its "
                          "precision; the funnel narrows as trusts are larger.</figcaption>\n"
                        : "Funnel plot: each trust's share against its base "
                          "(staff or respondents); the funnel narrows as trusts are larger."
                          "</figcaption>\n", f);
        fputs("</figure>\n", f);
        if (!it->ratio)
            html_points_key(f, &ic->fun, *fig_no, "Trust");
    }
    if (!st)
        st = item_table(f, cmp, it, err);
    fputs("</section>\n", f);
    return st;
}

static void page_head(FILE *f, const struct compare *cmp)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>", f);
    fprintf(f, "%s: %zu trusts compared", cmp->std->name, cmp->n_trusts);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<h1>", css);
    html_escape(f, cmp->std->title);
    fputs(": trusts compared", f);
    if (*cmp->year)
        fputs(", year ending 31 March ", f), html_escape(f, cmp->year);
    fputs("</h1>\n<p>The trusts: ", f);
    for (size_t i = 0; i < cmp->n_trusts; i++) {
        if (i)
            fputs(i + 1 == cmp->n_trusts ? " and " : ", ", f);
        html_escape(f, cmp->trusts[i].name);
    }
    fputs(". For each relative likelihood, a caterpillar plot orders the trusts by their "
          "figure, and a funnel plot places each against 95% and 99.8% limits around the "
          "figure of all the trusts together: a trust outside the 99.8% limits differs by more "
          "than chance would easily give (Spiegelhalter, 2005). Shares of staff have a funnel "
          "plot each. Every figure is in compare.csv.</p>\n", f);
}

static int write_html(const char *dir, const struct compare *cmp, const struct item_charts *ic,
                      struct wq_error *err)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/compare.html", dir);
    FILE *f;
    int st = wq_open_output(&f, path, path, err);
    if (st)
        return st;
    page_head(f, cmp);
    size_t fig_no = 0;
    for (size_t i = 0; i < cmp->n_items && !st; i++)
        st = item_section(f, cmp, &cmp->items[i], &ic[i], &fig_no, err);
    fputs("<section>\n<h2>How to read it</h2>\n<p>A relative likelihood's funnel uses the log "
          "scale: its standard error comes from each trust's counts, and its limits are the "
          "pooled value times exp(&plusmn;1.96 or 3.09 standard errors). A share's limits are "
          "exact binomial limits around the pooled share. Expect about 1 trust in 20 outside "
          "the 95% limits by chance alone, and 1 in 500 outside the 99.8% limits. Reference: "
          "D. J. Spiegelhalter, Funnel plots for comparing institutional performance, "
          "Statistics in Medicine 24 (2005) 1185-1202.</p>\n</section>\n</main>\n</body>\n"
          "</html>\n", f);
    int cst = close_checked(f, path, err);
    return st ? st : cst;
}

int compare_write(const char *dir, const struct compare *cmp, struct wq_error *err)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/charts", dir);
    if (mkdir(path, 0777) != 0)
        return wq_fail(err, WQ_ECANTCREAT, NULL, "cannot create %s: %s", path, strerror(errno));
    struct item_charts *ic = calloc(cmp->n_items ? cmp->n_items : 1, sizeof *ic);
    if (!ic)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    int st = write_csv(dir, cmp, err);
    for (size_t i = 0; i < cmp->n_items && !st; i++) {
        if ((st = build_charts(cmp, &cmp->items[i], i, &ic[i])) != WQ_OK)
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
        if (!st && ic[i].has_cat)
            st = render(dir, "caterpillar", ic[i].slug, &ic[i].cat, err);
        if (!st)
            st = render(dir, "funnel", ic[i].slug, &ic[i].fun, err);
    }
    if (!st)
        st = write_html(dir, cmp, ic, err);
    for (size_t i = 0; i < cmp->n_items; i++) {
        chart_free(&ic[i].cat);
        chart_free(&ic[i].fun);
    }
    free(ic);
    return st;
}
