/* html_summary.c: the findings that open the board report, and last year's
 * figures (html_summary.h). The findings are written once, here, as HTML
 * for the report or (PLAIN) as the same sentences in plain text for
 * findings.txt and the page: mark() gives each piece of markup both ways.
 *
 * Only figures the page shows anyway are quoted here: relative likelihoods,
 * differences in percentage points and their intervals, never a count, and
 * nothing withheld in publication mode. */
#include "html_summary.h"

#include <math.h>
#include <string.h>

#include "direction.h"
#include "html.h"
#include "text.h"

/* Markup: HTML in the report, PLAIN in the text version. */
static void mark(const struct html_summary_in *in, const char *html, const char *plain)
{
    fputs(in->plain ? plain : html, in->f);
}

/* Text from the data or the catalogue: escaped in the report; in the text
 * version on one line (a line break or control character is a space). */
static void put_text(const struct html_summary_in *in, const char *s)
{
    if (!in->plain) {
        html_escape(in->f, s);
        return;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, in->f);
}

/* The main comparisons of the whole trust: FOCUS vs COMPARATOR either way
 * round (not the --detail categories), and the focus group's share of the
 * whole board (the voting and executive shares are in the table). */
static bool main_comparison(const struct standard *std, const struct metric_row *r)
{
    const char *fo = std->group_names[std->focus], *co = std->group_names[std->comparator];
    if (!r->reference ||
        (text_is(r->reference, "Workforce") && !text_is(r->measure, "board_total")))
        return false;
    return (text_is(r->group, fo) && (text_is(r->reference, co) ||
                                      text_is(r->reference, "Workforce"))) ||
           (text_is(r->group, co) && text_is(r->reference, fo));
}

/* Where the row's block is on the page, and its short label. */
static void anchor_label(const struct standard *std, const struct metric_row *r, char *anchor,
                         size_t an, char *label, size_t ln)
{
    if (text_is(r->metric, "leavers")) {
        snprintf(anchor, an, "leavers");
        snprintf(label, ln, "Leavers");
        return;
    }
    snprintf(label, ln, "Metric %.20s", r->metric);
    if (text_is(r->metric, std->board_metric))
        snprintf(anchor, an, "board");
    else if (text_is(r->metric, "9a"))
        snprintf(anchor, an, "engagement");
    else if (r->survey)
        snprintf(anchor, an, "survey");
    else
        snprintf(anchor, an, "metric-%.20s", r->metric);
}

/* One finding: the label, linked to its block, and the page's sentence. */
static void finding(const struct html_summary_in *in, const struct metric_row *r)
{
    char anchor[40], label[40], sentence[1536];
    anchor_label(in->std, r, anchor, sizeof anchor, label, sizeof label);
    html_sentence(sentence, sizeof sentence, r, in->std);
    if (!in->plain)
        fprintf(in->f, "<li><a href=\"#%s\">", anchor);
    mark(in, "", "- ");
    put_text(in, label);
    mark(in, "</a>: ", ": ");
    put_text(in, sentence);
    mark(in, "</li>\n", "\n");
}

/* The whole trust's main comparisons with verdict V, as a list; how many. */
static size_t findings_of(const struct html_summary_in *in, enum verdict v)
{
    size_t n = 0;
    for (size_t k = 0; k < 2 * in->n_trust; k++) {
        /* leavers first, as in the page */
        const struct metric_row *r = &in->t->rows[k % in->n_trust];
        if ((k < in->n_trust) != text_is(r->metric, "leavers") || !main_comparison(in->std, r) ||
            verdict_of(in->std, r) != v)
            continue;
        mark(in, n++ ? "" : "<ul class=\"findings\">\n", "");
        finding(in, r);
    }
    if (n)
        mark(in, "</ul>\n", "");
    return n;
}

/* The labels of the comparisons with verdict V (or, when WITHHELD, of
 * those withheld in publication mode), run together. */
static size_t labels_of(const struct html_summary_in *in, enum verdict v, bool withheld)
{
    size_t n = 0;
    char anchor[40], label[40], prev[40] = "";
    for (size_t i = 0; i < in->n_trust; i++) {
        const struct metric_row *r = &in->t->rows[i];
        if (!main_comparison(in->std, r) ||
            (withheld ? !metric_row_withheld(r) : verdict_of(in->std, r) != v))
            continue;
        anchor_label(in->std, r, anchor, sizeof anchor, label, sizeof label);
        if (!strcmp(label, prev))
            continue;
        fputs(n++ ? ", " : "", in->f);
        put_text(in, label);
        snprintf(prev, sizeof prev, "%s", label);
    }
    return n;
}

static const struct trend_point *point_before(const struct trend_series *s, int this_year)
{
    const struct trend_point *best = NULL;
    for (size_t k = 0; s && k < s->n_points; k++)
        if (s->points[k].year < this_year && !isnan(s->points[k].value))
            best = &s->points[k];
    return best;
}

static const struct trend_point *point_in(const struct trend_series *s, int year)
{
    for (size_t k = 0; s && k < s->n_points; k++)
        if (s->points[k].year == year)
            return &s->points[k];
    return NULL;
}

double html_last_year(const struct trend *history, const struct standard *std,
                      const struct metric_row *r, int this_year, int *year)
{
    *year = 0;
    if (!history || !this_year || !r->reference || !r->metric || !r->measure)
        return NAN;
    if (text_is(r->statistic, STAT_RATIO)) {
        const struct trend_point *p =
            point_before(trend_find(history, r->metric, r->measure, r->group, r->reference),
                         this_year);
        if (p)
            *year = p->year;
        return p ? p->value : NAN;
    }
    if (!r->survey || text_is(r->metric, "9a"))
        return NAN;
    const struct trend_series *sf = trend_find(history, r->metric, r->measure, r->group, NULL);
    const struct trend_series *sc = trend_find(history, r->metric, r->measure, r->reference, NULL);
    if (!sf || !sc || sf->kind != TREND_PERCENT || sc->kind != TREND_PERCENT)
        return NAN;
    const struct trend_point *pf = point_before(sf, this_year);
    const struct trend_point *pc = pf ? point_in(sc, pf->year) : NULL;
    if (!pc || isnan(pc->value))
        return NAN;
    (void)std;
    *year = pf->year;
    return pf->value - pc->value;
}

/* The change since last year of one comparison, with the history's test. */
static bool change_item(const struct html_summary_in *in, const struct metric_row *r)
{
    int last;
    double before = html_last_year(in->history, in->std, r, in->o->year, &last);
    if (isnan(before) || isnan(r->value) || metric_row_withheld(r))
        return false;
    bool ratio = text_is(r->statistic, STAT_RATIO);
    const struct trend_series *s =
        trend_find(in->history, r->metric, r->measure, r->group, ratio ? r->reference : NULL);
    struct trend_change ch;
    trend_change(s, NULL, in->o->conf, &ch);
    char anchor[40], label[40], a[64], b[64];
    anchor_label(in->std, r, anchor, sizeof anchor, label, sizeof label);
    if (!in->plain)
        fprintf(in->f, "<li><a href=\"#%s\">", anchor);
    mark(in, "", "- ");
    put_text(in, label);
    mark(in, "</a> (", " (");
    put_text(in, r->group);
    fputs(ratio ? " vs " : " minus ", in->f);
    put_text(in, r->reference);
    if (ratio)
        fprintf(in->f, "): %s in %d, %s in %d", stats_format(a, sizeof a, before, 2), last,
                stats_format(b, sizeof b, r->value, 2), in->o->year);
    else
        fprintf(in->f, ", points): %s in %d, %s in %d", stats_format(a, sizeof a, before * 100, 2),
                last, stats_format(b, sizeof b, r->value * 100, 2), in->o->year);
    double now = ratio ? r->value - 1 : r->value, then = ratio ? before - 1 : before;
    enum disadvantage d = direction_of(in->std, r);
    if (d != NO_DIRECTION && now != then)
        fprintf(in->f, ", %s for %s staff", (now > then) == (d == WORSE_IF_HIGHER) ? "worse"
                                                                                : "better",
                in->std->group_names[in->std->focus]);
    fputs(".", in->f);
    bool said = ch.to == in->o->year;
    mark(in, " ", said && *ch.text ? " " : "");
    if (said)
        put_text(in, ch.text);
    mark(in, "</li>\n", "\n");
    return true;
}

static void since_last_year(const struct html_summary_in *in)
{
    if (!in->history || !in->o->year)
        return;
    mark(in, "<h3>Since last year</h3>\n<ul class=\"findings\">\n", "## Since last year\n");
    size_t n = 0;
    for (size_t i = 0; i < in->n_trust; i++) {
        const struct metric_row *r = &in->t->rows[i];
        if (main_comparison(in->std, r) && verdict_of(in->std, r) != VERDICT_NONE)
            n += change_item(in, r) ? 1 : 0;
    }
    if (!n) {
        mark(in, "<li>", "- ");
        fputs("The history holds no figure for last year to compare with.", in->f);
        mark(in, "</li>\n", "\n");
    }
    mark(in, "</ul>\n", "");
}

/* Does breakdown row R stand out: a comparison worse for the focus group
 * beyond chance at its own 95% interval and, where the row has one, with q
 * (its p-value adjusted for the number of levels compared, fdr.c) below 0.05? */
static bool stands_out(const struct standard *std, const struct metric_row *r)
{
    return r->reference && text_is(r->statistic, STAT_RATIO) &&
           verdict_of(std, r) == VERDICT_WORSE && (!r->has_q || r->q < 0.05);
}

/* One breakdown column (rows FROM..TO): the levels that stand out. */
static void standouts(const struct html_summary_in *in, size_t from, size_t to)
{
    const struct metric_row *rows = in->t->rows;
    size_t levels = 0, tests = 0, hits = 0;
    for (size_t i = from; i < to; i++) {
        if (i == from || !text_is(rows[i].level, rows[i - 1].level))
            levels++;
        if (rows[i].reference && text_is(rows[i].statistic, STAT_RATIO) &&
            verdict_of(in->std, &rows[i]) != VERDICT_NONE)
            tests++;
    }
    mark(in, "<p>", "");
    fputs("By ", in->f);
    put_text(in, rows[from].breakdown);
    fprintf(in->f, " (%zu levels, %zu comparisons with an interval): ", levels, tests);
    const char *level = NULL; /* the level being listed */
    for (size_t i = from; i < to; i++) {
        if (!stands_out(in->std, &rows[i]))
            continue;
        char anchor[40], label[40];
        anchor_label(in->std, &rows[i], anchor, sizeof anchor, label, sizeof label);
        if (level && text_is(level, rows[i].level)) {
            fputs(", ", in->f);
        } else {
            if (hits)
                fputs("); ", in->f);
            else
                fprintf(in->f, "worse for %s staff beyond chance in ",
                        in->std->group_names[in->std->focus]);
            put_text(in, rows[i].level);
            fputs(" (", in->f);
            level = rows[i].level;
        }
        put_text(in, label);
        hits++;
    }
    if (hits)
        fputs(")", in->f);
    if (!hits)
        fputs("no level is worse for ", in->f);
    if (!hits)
        fprintf(in->f, "%s staff beyond chance", in->std->group_names[in->std->focus]);
    fprintf(in->f, ". Even with no real differences, about %.1f of %zu comparisons would fall "
                   "on the worse side by chance alone (2.5%% each), so read single results "
                   "with care.",
            0.025 * (double)tests, tests);
    mark(in, "</p>\n", "\n");
}

static void breakdown_findings(const struct html_summary_in *in)
{
    const struct metric_table *t = in->t;
    if (in->n_trust >= t->n_rows)
        return;
    mark(in, "<h3>Directorates and other breakdowns</h3>\n<p class=\"note\">Every level, with "
             "its charts: <a href=\"#breakdowns\">Appendix A</a>.</p>\n",
         "## Directorates and other breakdowns\n");
    for (size_t i = in->n_trust; i < t->n_rows;) {
        size_t j = i;
        while (j < t->n_rows && text_is(t->rows[j].breakdown, t->rows[i].breakdown))
            j++;
        standouts(in, i, j);
        i = j;
    }
}

/* "Worse (or better) for FOCUS staff, beyond chance" and its findings. */
static void verdict_block(const struct html_summary_in *in, enum verdict v, const char *which)
{
    const char *focus = in->std->group_names[in->std->focus];
    mark(in, "<h3>", "## ");
    fprintf(in->f, "%s for %s staff, beyond chance", which, focus);
    mark(in, "</h3>\n", "\n");
    if (findings_of(in, v))
        return;
    mark(in, "<p>", "");
    fprintf(in->f, "No figure is %s for %s staff beyond chance.", v == VERDICT_WORSE ? "worse"
                                                                                   : "better",
            focus);
    mark(in, "</p>\n", "\n");
}

void html_findings(const struct html_summary_in *in)
{
    FILE *f = in->f;
    mark(in, "<section class=\"summary\" id=\"summary\" aria-labelledby=\"summary-h\">\n"
             "<h2 id=\"summary-h\">Summary of findings</h2>\n", "");
    verdict_block(in, VERDICT_WORSE, "Worse");
    verdict_block(in, VERDICT_BETTER, "Better");
    mark(in, "<p><strong>No clear difference</strong>", "No clear difference");
    fputs(" (the interval includes parity, so it could be chance): ", f);
    if (!labels_of(in, VERDICT_UNCLEAR, false))
        fputs("none", f);
    mark(in, ".</p>\n<p><strong>Withheld</strong>", ".\nWithheld");
    fputs(" (publication mode: small numbers): ", f);
    if (!labels_of(in, VERDICT_NONE, true))
        fputs("none", f);
    mark(in, ".</p>\n", ".\n");
    since_last_year(in);
    breakdown_findings(in);
    mark(in, "<p class=\"note\">", "");
    fputs("Board figures are full counts, so they have no interval.", f);
    mark(in, " How to read the badges and intervals: <a href=\"#how-to-read\">Appendix "
             "B</a>.</p>\n", "\n");
}

size_t html_trust_rows(const struct metric_table *t)
{
    size_t n = 0;
    if (t->n_rows && text_is(t->rows[0].breakdown, "Trust"))
        while (n < t->n_rows && text_is(t->rows[n].breakdown, t->rows[0].breakdown))
            n++;
    return n;
}

int html_findings_text(FILE *f, const struct metric_table *t, const struct standard *std,
                       const struct wq_options *o, const struct trend *history)
{
    struct html_summary_in in = {f, std, o, t, html_trust_rows(t), history, true};
    html_findings(&in);
    return ferror(f) ? WQ_EIO : WQ_OK;
}
