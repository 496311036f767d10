/* html_pub.c: the parts of the board report about publishing and acting
 * on it (html_pub.h): the banner of an unsuppressed page, withheld cells,
 * ESR against the staff survey, and the actions from the yearly config. */
#include "html_pub.h"

#include <math.h>
#include <string.h>

#include "stats.h"
#include "text.h"

void html_pub_banner(FILE *f, const struct wq_options *o)
{
    if (o->suppress)
        return;
    fputs("<div class=\"nfp\" role=\"note\" aria-label=\"Not for publication\"><strong>Not for "
          "publication.</strong> Small numbers are not withheld in this report (it was written "
          "with <code>--suppress 0</code>): it may let a reader work out facts about "
          "individual staff. Share it only inside the trust; publish a report written without "
          "<code>--suppress 0</code>.</div>\n",
          f);
}

void html_withheld(FILE *f, const struct metric_row *r)
{
    char buf[64];
    fputs("<a class=\"wh\" href=\"#withheld\">", f);
    html_escape(f, metric_withheld_text(buf, sizeof buf, r));
    fputs("</a>", f);
}

/* ---- ESR against the survey ---------------------------------------------- */

static const struct metric_row *esr_row(const struct metric_row *rows, size_t n,
                                        const char *measure, const char *group)
{
    for (size_t i = 0; i < n; i++)
        if (text_is(rows[i].metric, METRIC_ESR_SURVEY) && text_is(rows[i].measure, measure) &&
            text_is(rows[i].group, group))
            return &rows[i];
    return NULL;
}

static const char *pct1(char *b, size_t n, double x)
{
    char t[48];
    snprintf(b, n, "%s%%", stats_format(t, sizeof t, x * 100.0, 1));
    return b;
}

/* The sentence under the table: the gap, and the people it implies. */
static void esr_reading(FILE *f, const struct metric_row *sv, const struct metric_row *esr,
                        const struct metric_row *gap, const char *focus)
{
    char a[48], b[48], c[48], d[48];
    fputs("<p class=\"reading\">", f);
    html_escape(f, focus);
    fprintf(f, " staff were %s of the staff survey's respondents who answered the question "
               "(95%% interval %s to %s), against %s of the staff in post in ESR: ",
            pct1(a, sizeof a, sv->value), pct1(b, sizeof b, sv->low),
            pct1(c, sizeof c, sv->high), pct1(d, sizeof d, esr->value));
    fprintf(f, "a gap of %s percentage points. ", stats_format(a, sizeof a, gap->value * 100, 1));
    if (!isnan(gap->count) && gap->count >= 1) {
        fprintf(f, "ESR may be missing about %.0f ", gap->count);
        html_escape(f, focus);
        fputs(" staff (the survey's share of the headcount, less those ESR records), most "
              "likely among those with no declaration; the ESR-based figures undercount the "
              "group.</p>\n",
              f);
    } else if (gap->high < 0) {
        fputs("The survey's whole interval lies below ESR's share: fewer respondents than ESR "
              "records say they are ", f);
        html_escape(f, focus);
        fputs(", which is unlikely to be chance.</p>\n", f);
    } else {
        fputs("The difference could be chance: the survey's interval includes ESR's "
              "share.</p>\n",
              f);
    }
}

void html_esr_survey(FILE *f, const struct metric_row *rows, size_t n,
                     const struct standard *std)
{
    const char *focus = std->group_names[std->focus];
    const struct metric_row *sv = esr_row(rows, n, "survey-share", focus);
    const struct metric_row *esr = esr_row(rows, n, "esr-share", focus);
    const struct metric_row *unk = esr_row(rows, n, "esr-share", std->group_names[std->unknown]);
    const struct metric_row *gap = esr_row(rows, n, "gap", focus);
    if (!sv || !esr || !gap)
        return;
    fputs("<h3 id=\"esr-survey\">ESR against the staff survey</h3>\n", f);
    if (metric_row_withheld(sv) || metric_row_withheld(esr) || metric_row_withheld(gap)) {
        fputs("<p>The comparison of ESR's records with the staff survey is ", f);
        html_withheld(f, gap);
        fputs(".</p>\n", f);
        return;
    }
    char a[64], b[64], c[64];
    fputs(HTML_SCROLL "<table class=\"narrow\">\n<caption>", f);
    html_escape(f, focus);
    fputs(" staff: share in the staff survey and in ESR</caption>\n<thead><tr><th scope=\"col\">"
          "Source</th><th scope=\"col\" class=\"n\">People</th><th scope=\"col\" class=\"n\">"
          "Of</th><th scope=\"col\" class=\"n\">Share</th><th scope=\"col\" class=\"n\">95% "
          "interval</th></tr></thead>\n<tbody>\n",
          f);
    fprintf(f, "<tr><th scope=\"row\">Staff survey respondents</th><td class=\"n\">%.0f</td>"
               "<td class=\"n\">%.0f</td><td class=\"n\">%s</td><td class=\"n\">%s to %s</td>"
               "</tr>\n",
            sv->count, sv->base, pct1(a, sizeof a, sv->value), pct1(b, sizeof b, sv->low),
            pct1(c, sizeof c, sv->high));
    fprintf(f, "<tr><th scope=\"row\">ESR staff in post</th><td class=\"n\">%.0f</td>"
               "<td class=\"n\">%.0f</td><td class=\"n\">%s</td><td class=\"n\">none (full "
               "count)</td></tr>\n",
            esr->count, esr->base, pct1(a, sizeof a, esr->value));
    if (unk && !metric_row_withheld(unk))
        fprintf(f, "<tr><th scope=\"row\">ESR: no declaration</th><td class=\"n\">%.0f</td>"
                   "<td class=\"n\">%.0f</td><td class=\"n\">%s</td><td class=\"n\">none (full "
                   "count)</td></tr>\n",
                unk->count, unk->base, pct1(a, sizeof a, unk->value));
    char d[64];
    if (isnan(gap->count))
        snprintf(d, sizeof d, "&#8211;");
    else
        snprintf(d, sizeof d, "about %.0f", gap->count);
    fprintf(f, "<tr class=\"total\"><th scope=\"row\">Gap: survey minus ESR (people ESR may "
               "be missing)</th><td class=\"n\">%s</td><td class=\"n\"></td><td class=\"n\">"
               "%s points</td><td class=\"n\">%s to %s points</td></tr>\n</tbody>\n</table></div>\n",
            d, stats_format(a, sizeof a, gap->value * 100, 1),
            stats_format(b, sizeof b, gap->low * 100, 1),
            stats_format(c, sizeof c, gap->high * 100, 1));
    esr_reading(f, sv, esr, gap, focus);
}

/* ---- actions ---------------------------------------------------------------- */

static void action_items(FILE *f, const struct wq_options *o, const char *metric)
{
    for (size_t i = 0; i < o->n_actions; i++) {
        const struct wq_action *a = &o->actions[i];
        if (metric ? !text_is(a->metric, metric) : a->metric != NULL)
            continue;
        fputs("<li>", f);
        html_escape(f, a->text);
        fputs("</li>\n", f);
    }
}

static bool has_actions(const struct wq_options *o, const char *metric)
{
    for (size_t i = 0; i < o->n_actions; i++)
        if (metric ? text_is(o->actions[i].metric, metric) : o->actions[i].metric == NULL)
            return true;
    return false;
}

void html_actions(FILE *f, const struct wq_options *o, const char *const *metrics, size_t n)
{
    bool any = false;
    for (size_t k = 0; k < n; k++)
        any = any || has_actions(o, metrics[k]);
    if (!any)
        return;
    fputs("<div class=\"actions\"><h3>Actions</h3>\n<ul>\n", f);
    for (size_t k = 0; k < n; k++)
        action_items(f, o, metrics[k]);
    fputs("</ul></div>\n", f);
}

void html_action_plan(FILE *f, const struct wq_options *o)
{
    if (!o->n_actions)
        return;
    fputs("<section id=\"action-plan\">\n<h2>Action plan</h2>\n", f);
    if (has_actions(o, NULL)) {
        fputs("<h3>For the whole standard</h3>\n<ul>\n", f);
        action_items(f, o, NULL);
        fputs("</ul>\n", f);
    }
    /* each metric once, in the order the config first names it */
    for (size_t i = 0; i < o->n_actions; i++) {
        const char *m = o->actions[i].metric;
        bool first = m != NULL;
        for (size_t j = 0; j < i && first; j++)
            first = !text_is(o->actions[j].metric, m);
        if (!first)
            continue;
        fputs("<h3>Metric ", f);
        html_escape(f, m);
        fputs("</h3>\n<ul>\n", f);
        action_items(f, o, m);
        fputs("</ul>\n", f);
    }
    fputs("</section>\n", f);
}
