/* html_points.c: every point of a chart findable on the page (funnel plots):
 * an SVG <title> per point, on a transparent circle over its mark, so that a
 * pointer or a screen reader finds its name, and a numbered key table whose
 * numbers are those drawn beside the points (chart_funnel). */
#include "html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* Mark M's rate (percent, one decimal) and base, from its place on C's axes
 * (the chart's model holds positions, not counts). */
static void rate_base(const struct chart *c, const struct chart_mark *m, char *rate, char *base,
                      size_t size)
{
    stats_format(base, size, chart_axis_value(&c->x, m->x), 0);
    stats_format(rate, size, 100 * chart_axis_value(&c->y, m->y), 1);
}

static const char *where(const struct chart_mark *m)
{
    switch (m->colour) {
    case COL_DARK_RED: return "outside the 99.8% limits";
    case COL_WARM_YELLOW: return "outside the 95% limits";
    case COL_DARK_BLUE: return "highlighted";
    default: return "within the limits";
    }
}

char *html_points_svg(const char *svg, const struct chart *c)
{
    const char *close = NULL;
    for (const char *q = strstr(svg, "</svg>"); q; q = strstr(q + 1, "</svg>"))
        close = q;
    if (!close)
        return NULL;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        return NULL;
    fwrite(svg, 1, (size_t)(close - svg), f);
    fputs("<g fill=\"#000000\" fill-opacity=\"0\">\n", f);
    for (size_t k = 0; k < c->n_marks; k++) {
        const struct chart_mark *m = &c->marks[k];
        if (!m->label || !*m->label)
            continue;
        char rate[32], base[32];
        rate_base(c, m, rate, base, sizeof rate);
        fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"><title>%zu. ", m->x, m->y,
                m->r + 2, k + 1);
        html_escape(f, m->label);
        fprintf(f, ": %s%% of %s (%s)</title></circle>\n", rate, base, where(m));
    }
    fputs("</g>\n", f);
    fputs(close, f);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        free(out);
        return NULL;
    }
    return out;
}

void html_points_key(FILE *f, const struct chart *c, size_t fig_no, const char *what)
{
    fprintf(f, HTML_SCROLL "<table class=\"key\">\n<caption>Key to figure %zu: each ", fig_no);
    html_escape(f, what);
    fputs(" by the number beside its point (where there is room), its rate and base"
          "</caption>\n<thead><tr><th scope=\"col\" class=\"n\">No.</th><th scope=\"col\">",
          f);
    html_escape(f, what);
    fputs("</th><th scope=\"col\">Rate and base</th><th scope=\"col\">Where</th></tr></thead>\n"
          "<tbody>\n",
          f);
    for (size_t k = 0; k < c->n_marks; k++) {
        const struct chart_mark *m = &c->marks[k];
        if (!m->label || !*m->label)
            continue;
        fprintf(f, "<tr><td class=\"n\">%zu</td><th scope=\"row\">", k + 1);
        html_escape(f, m->label);
        char rate[32], base[32];
        rate_base(c, m, rate, base, sizeof rate);
        fprintf(f, "</th><td>%s%% of %s</td><td>%s</td></tr>\n", rate, base, where(m));
    }
    fputs("</tbody>\n</table></div>\n", f);
}
