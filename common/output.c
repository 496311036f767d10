/* output.c: metrics CSV, JSON, terminal tables, data-quality account. */
#include "output.h"
#include "html_adjust.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "vocab.h"
#include "text.h"

static int status_of(FILE *f)
{
    return ferror(f) ? WQ_EIO : WQ_OK;
}

/* ---- CSV ------------------------------------------------------------- */

static void csv_text(FILE *f, const char *s)
{
    if (s)
        text_put_csv(f, s, true);
}

static void csv_num(FILE *f, double x)
{
    if (isnan(x))
        return;
    if (isinf(x))
        fputs(x > 0 ? "inf" : "-inf", f);
    else {
        char buf[TEXT_WHOLE_SIZE];
        const char *w = text_whole(buf, x == 0 ? 0.0 : x);
        if (w)
            fputs(w, f);
        else
            fprintf(f, "%.17g", x == 0 ? 0.0 : x);
    }
}

void output_trust_line(FILE *f, const char *trust)
{
    if (trust)
        fprintf(f, "%s%s\n", OUTPUT_TRUST_PREFIX, trust);
}

/* TEXT[0..N) as CSV fields, each followed by a comma. */
static void csv_texts(FILE *f, const char *const *text, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        csv_text(f, text[k]);
        fputc(',', f);
    }
}

int output_csv(FILE *f, const struct metric_table *t)
{
    fputs("standard,metric,measure,breakdown,level,group,reference,count,base,value,low,high,"
          "flag,workforce,band,method,evidence,statistic,note,year,q\n",
          f);
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        const char *keys[] = {r->standard, r->metric, r->measure, r->breakdown,
                              r->level, r->group, r->reference};
        csv_texts(f, keys, sizeof keys / sizeof *keys);
        const double num[] = {r->count, r->base, r->value, r->low, r->high};
        for (size_t k = 0; k < sizeof num / sizeof *num; k++) {
            csv_num(f, num[k]);
            fputc(',', f);
        }
        const char *about[] = {metric_flag_text(r), r->workforce, r->band, r->method,
                               metric_evidence(r), r->statistic, r->note};
        csv_texts(f, about, sizeof about / sizeof *about);
        if (r->year)
            fprintf(f, "%d", r->year);
        fputc(',', f);
        if (r->has_q)
            csv_num(f, r->q);
        fputc('\n', f);
    }
    return status_of(f);
}

/* ---- JSON ------------------------------------------------------------ */

static void json_str(FILE *f, const char *s)
{
    text_put_json(f, s);
}

static void json_num(FILE *f, double x)
{
    if (isnan(x))
        fputs("null", f);
    else if (isinf(x))
        fputs(x > 0 ? "\"inf\"" : "\"-inf\"", f);
    else
        fprintf(f, "%.17g", x == 0 ? 0.0 : x);
}

static void json_account(FILE *f, const struct input_account *a)
{
    fputs("{\"role\":", f);
    json_str(f, a->role);
    fputs(",\"file\":", f);
    json_str(f, a->file);
    if (a->title_lines)
        fprintf(f, ",\"title_lines\":%lu", a->title_lines);
    fputs(",\"read_as\":", f);
    json_str(f, a->read_as.len ? a->read_as.data : NULL);
    fprintf(f, ",\"rows_read\":%lu,\"rows_used\":%lu,\"excluded\":{", a->rows_read, a->rows_used);
    bool first = true;
    for (int e = 0; e < EX_N; e++) {
        if (!a->excluded[e])
            continue;
        fputs(first ? "" : ",", f);
        json_str(f, excl_reason_name((enum excl_reason)e));
        fprintf(f, ":%lu", a->excluded[e]);
        first = false;
    }
    fputs("},\"unrecognised\":[", f);
    first = true;
    for (int k = 0; k < VK_N; k++) {
        const struct unknown_codes *u = &a->unknown[k];
        for (size_t i = 0; i < u->values.n_names; i++) {
            if (unknown_value_hidden(u, i))
                continue;
            fputs(first ? "{\"column\":" : ",{\"column\":", f);
            json_str(f, u->column);
            fputs(",\"value\":", f);
            json_str(f, u->values.names[i]);
            fprintf(f, ",\"rows\":%lu}", u->counts[i]);
            first = false;
        }
    }
    fputs("],\"identifier_like\":[", f);
    first = true;
    for (int k = 0; k < VK_N; k++) {
        unsigned long rows;
        size_t n = unknown_n_hidden(&a->unknown[k], &rows);
        if (!n)
            continue;
        fputs(first ? "{\"column\":" : ",{\"column\":", f);
        json_str(f, a->unknown[k].column);
        fprintf(f, ",\"values\":%zu,\"rows\":%lu}", n, rows);
        first = false;
    }
    fprintf(f, "],\"skipped_lines\":[");
    for (size_t i = 0; i < a->n_skipped; i++)
        fprintf(f, "%s%lu", i ? "," : "", a->skipped[i].line);
    fprintf(f, "],\"conflicting_people\":%lu}", a->conflicts);
}

int output_json(FILE *f, const struct metric_table *t, const struct workforce *w,
                const struct wq_options *o)
{
    fputs("{\"standard\":", f);
    json_str(f, o->std->name);
    if (o->trust) { /* --trust: without it, the JSON is as it always was */
        fputs(",\"trust\":", f);
        json_str(f, o->trust);
    }
    fprintf(f, ",\"confidence\":%.17g,\"inputs\":[", o->conf);
    bool first = true;
    for (size_t i = 0; i < IN_N; i++) {
        if (!w->acc[i].present)
            continue;
        fputs(first ? "" : ",", f);
        json_account(f, &w->acc[i]);
        first = false;
    }
    fputs("],\"metrics\":[", f);
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        fputs(i ? ",\n{" : "\n{", f);
        const char *names[] = {"standard", "metric", "measure", "breakdown", "level", "group",
                               "reference"};
        const char *text[] = {r->standard, r->metric, r->measure, r->breakdown,
                              r->level, r->group, r->reference};
        for (size_t k = 0; k < 7; k++) {
            fprintf(f, "%s\"%s\":", k ? "," : "", names[k]);
            json_str(f, text[k]);
        }
        const char *nn[] = {"count", "base", "value", "low", "high"};
        const double num[] = {r->count, r->base, r->value, r->low, r->high};
        for (size_t k = 0; k < 5; k++) {
            fprintf(f, ",\"%s\":", nn[k]);
            json_num(f, num[k]);
        }
        const char *flag = metric_flag_text(r), *ev = metric_evidence(r);
        fputs(",\"flag\":", f);
        json_str(f, *flag ? flag : NULL);
        fputs(",\"workforce\":", f);
        json_str(f, r->workforce);
        fputs(",\"band\":", f);
        json_str(f, r->band);
        fputs(",\"method\":", f);
        json_str(f, r->method);
        fputs(",\"evidence\":", f);
        json_str(f, *ev ? ev : NULL);
        fputs(",\"statistic\":", f);
        json_str(f, r->statistic);
        fputs(",\"note\":", f);
        json_str(f, r->note);
        if (r->year)
            fprintf(f, ",\"year\":%d", r->year);
        else
            fputs(",\"year\":null", f);
        fputs(",\"q\":", f);
        json_num(f, r->has_q ? r->q : NAN);
        fputc('}', f);
    }
    fputs("\n]}\n", f);
    return status_of(f);
}

/* ---- tables ---------------------------------------------------------- */

/* Display width of UTF-8 text (code points). */
static int width(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Print S left-aligned in W columns. */
static void pad(FILE *f, const char *s, int w)
{
    fputs(s, f);
    for (int n = width(s); n < w; n++)
        fputc(' ', f);
}

static const char *fmt_num(char *buf, size_t size, double x, int digits)
{
    return stats_format(buf, size, x, digits);
}

static const char *fmt_pct(char *buf, size_t size, double x)
{
    if (isnan(x))
        return "n/a";
    stats_format(buf, size, x * 100.0, 2);
    size_t n = strlen(buf);
    if (n + 1 < size) {
        buf[n] = '%';
        buf[n + 1] = '\0';
    }
    return buf;
}

static const char *fmt_count(char *buf, size_t size, double x)
{
    if (isnan(x))
        return "";
    if (x == floor(x))
        snprintf(buf, size, "%.0f", x);
    else
        stats_format(buf, size, x, 1);
    return buf;
}

/* A withheld row's cell in the tables; the key above them says what it
 * means ("withheld (fewer than N)"), as one cell is too narrow for it. */
#define WITHHELD_CELL "withheld*"

/* "36 4.21%" for a group's cell, or WITHHELD_CELL. */
static const char *fmt_cell(char *buf, size_t size, const struct metric_row *r)
{
    char a[28], b[28];
    if (metric_row_withheld(r))
        return WITHHELD_CELL;
    snprintf(buf, size, "%s %s", fmt_count(a, sizeof a, r->count),
             fmt_pct(b, sizeof b, r->value));
    return buf;
}

/* R's base, or WITHHELD_CELL. */
static const char *fmt_base(char *buf, size_t size, const struct metric_row *r)
{
    return metric_row_withheld(r) ? WITHHELD_CELL : fmt_count(buf, size, r->base);
}

/* A contiguous run of rows for one breakdown level. */
struct span {
    const struct metric_row *rows;
    size_t n;
};

static const struct metric_row *find(struct span s, const char *metric, const char *workforce,
                                     const char *band, const char *group, const char *reference)
{
    for (size_t i = 0; i < s.n; i++) {
        const struct metric_row *r = &s.rows[i];
        if (!strcmp(r->metric, metric) && text_same(r->workforce, workforce) &&
            text_same(r->band, band) && text_same(r->group, group) &&
            text_same(r->reference, reference))
            return r;
    }
    return NULL;
}

/* "adverse, unlikely to be chance (small numbers)" */
static const char *reading(char *buf, size_t size, const struct metric_row *r)
{
    static const char *const flag[] = {"not calculable", "below the range", "non-adverse",
                                       "adverse"};
    const char *ev = metric_evidence(r);
    const char *chance = !strcmp(ev, "could-be-chance") ? ", could be chance"
                         : *ev                          ? ", unlikely to be chance"
                         : r->status == STATS_NO_INTERVAL ? ", no interval"
                                                          : "";
    snprintf(buf, size, "%s%s%s", flag[r->flag], chance, r->small ? " (small numbers)" : "");
    return buf;
}

static const char *fmt_ci(char *buf, size_t size, const struct metric_row *r, bool pct)
{
    char lo[32], hi[32];
    if (isnan(r->low) || isnan(r->high)) {
        snprintf(buf, size, "no interval");
        return buf;
    }
    if (pct)
        snprintf(buf, size, "%s to %s", fmt_pct(lo, sizeof lo, r->low),
                 fmt_pct(hi, sizeof hi, r->high));
    else
        snprintf(buf, size, "%s to %s", fmt_num(lo, sizeof lo, r->low, 2),
                 fmt_num(hi, sizeof hi, r->high, 2));
    return buf;
}

static void table_metric1(FILE *f, struct span s, const struct standard *std)
{
    char a[64], b[64];
    const char *halves[2] = {"Clinical", "Non-clinical"};
    fprintf(f, "Metric 1: headcount by %s (%% of the row; empty rows not shown)\n",
            std->characteristic == CHAR_DISABILITY ? "cluster" : "pay band");
    fprintf(f, "  %-44s", "");
    for (int g = 0; g < 3; g++)
        fprintf(f, "%18s", std->group_names[g]);
    fprintf(f, "%11s\n", "Total");
    for (int h = 0; h < 2; h++) {
        fprintf(f, "  %s\n", halves[h]);
        for (size_t i = 0; i < s.n; i++) {
            const struct metric_row *r = &s.rows[i];
            if (strcmp(r->metric, "1") || !text_same(r->workforce, halves[h]) ||
                strcmp(r->group, std->group_names[0]) || r->base == 0)
                continue;
            fputs("    ", f);
            pad(f, !strcmp(r->band, "All") ? "All" : r->band, 42);
            for (int g = 0; g < 3; g++) {
                const struct metric_row *c = find(s, "1", halves[h], r->band, std->group_names[g], NULL);
                fprintf(f, "%18s", fmt_cell(b, sizeof b, c));
            }
            fprintf(f, "%11s\n", fmt_base(a, sizeof a, r));
        }
    }
    const struct metric_row *all = find(s, "1", "All", "All", std->group_names[0], NULL);
    if (all) {
        fprintf(f, "  %-44s", "Whole workforce");
        for (int g = 0; g < 3; g++) {
            const struct metric_row *c = find(s, "1", "All", "All", std->group_names[g], NULL);
            fprintf(f, "%18s", fmt_cell(b, sizeof b, c));
        }
        fprintf(f, "%11s\n", fmt_base(a, sizeof a, all));
    }
    bool detail = false;
    for (int d = DET_ASIAN; d <= DET_OTHER; d++) {
        const struct metric_row *c =
            find(s, "1", "All", "All", vocab_eth_detail_name((enum eth_detail)d), NULL);
        if (!c)
            continue;
        if (!detail)
            fprintf(f, "  BME by category:");
        detail = true;
        fprintf(f, "  %s %s", c->group, fmt_cell(b, sizeof b, c));
    }
    if (detail)
        fputc('\n', f);
    fputc('\n', f);
}

static void table_rate_line(FILE *f, const struct metric_row *r, const char *label)
{
    char a[64], b[64], c[64], ci[96];
    if (metric_row_withheld(r)) {
        fprintf(f, "  %-14s%10s\n", label, WITHHELD_CELL);
        return;
    }
    fprintf(f, "  %-14s%10s %11s%10s   %s\n", label, fmt_count(a, sizeof a, r->count),
            fmt_count(b, sizeof b, r->base), fmt_pct(c, sizeof c, r->value),
            fmt_ci(ci, sizeof ci, r, true));
}

static void table_ratio_sentence(FILE *f, const struct metric_row *r, const char *verb,
                                 const char *who)
{
    char v[32], ci[96], rd[128];
    if (metric_row_withheld(r)) {
        fprintf(f, "  %s vs %s: %s\n", r->group, r->reference, WITHHELD_CELL);
        return;
    }
    fprintf(f, "  %s vs %s: %s (95%% CI %s): %s.\n", r->group, r->reference,
            fmt_num(v, sizeof v, r->value, 2), fmt_ci(ci, sizeof ci, r, false),
            reading(rd, sizeof rd, r));
    if (r->status == STATS_OK && isfinite(r->value) && r->value > 0)
        fprintf(f, "  (%s %s were %s times as likely to %s as %s %s.)\n", r->group, who, v,
                verb, r->reference, who);
}

/* --adjust: R's adjusted relative likelihood in words (html_adjust.c). */
static void table_adjusted(FILE *f, struct span s, const struct metric_row *r,
                           const struct standard *std)
{
    char buf[2048];
    if (r && html_adjust_sentence(buf, sizeof buf, s.rows, s.n, r, std))
        fprintf(f, "  %s\n", buf);
}

static void table_leavers(FILE *f, struct span s, const struct workforce *w,
                          const struct wq_options *o)
{
    const struct standard *std = w->std;
    if (!find(s, "leavers", NULL, NULL, std->group_names[0], NULL))
        return;
    fprintf(f, "Leavers");
    if (o->year)
        fprintf(f, " (1 April %d to 31 March %d", o->year - 1, o->year);
    else
        fprintf(f, " (all dates in the file");
    fprintf(f, "; denominator: %s)\n", w->acc[IN_START].present
                                           ? "average of start and end headcount"
                                           : "headcount at the end of the year");
    fprintf(f, "  %-14s%10s %11s%10s   %s\n", "group", "leavers", "headcount", "rate", "95% CI");
    for (int g = 0; g < 3; g++)
        table_rate_line(f, find(s, "leavers", NULL, NULL, std->group_names[g], NULL),
                        std->group_names[g]);
    for (int d = DET_ASIAN; d <= DET_OTHER; d++) {
        const char *name = vocab_eth_detail_name((enum eth_detail)d);
        const struct metric_row *r = find(s, "leavers", NULL, NULL, name, NULL);
        if (r)
            table_rate_line(f, r, name);
    }
    const struct metric_row *crude = find(s, "leavers", NULL, NULL, std->group_names[std->focus],
                                          std->group_names[std->comparator]);
    table_ratio_sentence(f, crude, "leave", "staff");
    table_adjusted(f, s, crude, std);
    for (int d = DET_ASIAN; d <= DET_OTHER; d++) {
        const char *name = vocab_eth_detail_name((enum eth_detail)d);
        const struct metric_row *r = find(s, "leavers", NULL, NULL, name, "White");
        if (r)
            table_ratio_sentence(f, r, "leave", "staff");
    }
    fputc('\n', f);
}

static void table_declaration(FILE *f, struct span s, const struct standard *std)
{
    const struct metric_row *r = find(s, "declaration", NULL, NULL, "Known", NULL);
    char a[32], b[32], c[32], ci[96];
    if (!r)
        return;
    if (metric_row_withheld(r)) {
        fprintf(f, "Declaration: %s known for %s of staff.\n\n", std->declared_what,
                WITHHELD_CELL);
        return;
    }
    fprintf(f, "Declaration: %s known for %s of staff (%s of %s; 95%% CI %s).\n\n",
            std->declared_what, fmt_pct(a, sizeof a, r->value), fmt_count(b, sizeof b, r->count),
            fmt_count(c, sizeof c, r->base), fmt_ci(ci, sizeof ci, r, true));
}

static const char *fmt_pp(char *buf, size_t size, double x)
{
    if (isnan(x))
        return "n/a";
    stats_format(buf, size, x * 100.0, 2);
    size_t n = strlen(buf);
    if (n + 4 < size)
        memcpy(buf + n, " pp", 4);
    return buf;
}

/* ESR against the survey's row of MEASURE for GROUP, or NULL. */
static const struct metric_row *esr_row(struct span s, const char *measure, const char *group)
{
    for (size_t i = 0; i < s.n; i++)
        if (!strcmp(s.rows[i].metric, METRIC_ESR_SURVEY) &&
            text_same(s.rows[i].measure, measure) && !strcmp(s.rows[i].group, group))
            return &s.rows[i];
    return NULL;
}

/* ESR against the survey (the esr-survey rows): one line. */
static void table_esr_survey(FILE *f, struct span s, const struct standard *std)
{
    const char *focus = std->group_names[std->focus];
    const struct metric_row *sv = esr_row(s, "survey-share", focus);
    const struct metric_row *esr = esr_row(s, "esr-share", focus);
    const struct metric_row *gap = esr_row(s, "gap", focus);
    if (!sv || !gap || !esr)
        return;
    if (metric_row_withheld(sv) || metric_row_withheld(gap) || metric_row_withheld(esr)) {
        fprintf(f, "ESR against the staff survey: %s.\n\n", WITHHELD_CELL);
        return;
    }
    char a[32], b[32], c[96], d[32], e[32], g[32];
    fprintf(f, "ESR against the staff survey: %s staff are %s of survey respondents (95%% CI %s), "
               "%s of the staff in post in ESR; gap %s (95%% CI %s to %s)",
            focus, fmt_pct(a, sizeof a, sv->value), fmt_ci(c, sizeof c, sv, true),
            fmt_pct(b, sizeof b, esr->value), fmt_pp(d, sizeof d, gap->value),
            fmt_pp(e, sizeof e, gap->low), fmt_pp(g, sizeof g, gap->high));
    if (!isnan(gap->count))
        fprintf(f, ": ESR may be missing about %.0f %s staff.\n\n", gap->count, focus);
    else
        fputs(".\n\n", f);
}

/* Metrics 2-4 (and WDES 3): group rates and the ratio sentence. */
static void table_ratio_metrics(FILE *f, struct span s, const struct standard *std)
{
    for (size_t i = 0; i < std->n_ratios; i++) {
        const struct ratio_metric *m = &std->ratios[i];
        int num = m->focus_first ? std->focus : std->comparator;
        int den = m->focus_first ? std->comparator : std->focus;
        const struct metric_row *r =
            find(s, m->metric, NULL, NULL, std->group_names[num], std->group_names[den]);
        if (!r)
            continue;
        const char *who = m->source == SRC_RECRUITMENT ? "applicants" : "staff";
        fprintf(f, "Metric %s: relative likelihood of %s %s compared with %s %s to %s%s%s\n",
                m->metric, r->group, who, r->reference, who, m->verb, r->note ? "; " : "",
                r->note ? r->note : "");
        fprintf(f, "  %-14s%10s %11s%10s   %s\n", "group",
                m->source == SRC_RECRUITMENT ? "appointed" : "people",
                m->source == SRC_RECRUITMENT ? "shortlisted" : "headcount", "rate", "95% CI");
        /* the three groups, then --detail's categories (DET_ASIAN ...) */
        for (int g = 0; g < 3 + DET_OTHER - DET_ASIAN + 1; g++) {
            const char *name = g < 3 ? std->group_names[g]
                                     : vocab_eth_detail_name((enum eth_detail)(DET_ASIAN + g - 3));
            for (size_t k = 0; k < s.n; k++)
                if (!strcmp(s.rows[k].metric, m->metric) && !strcmp(s.rows[k].measure, m->measure) &&
                    !s.rows[k].reference && !strcmp(s.rows[k].group, name))
                    table_rate_line(f, &s.rows[k], name);
        }
        table_ratio_sentence(f, r, m->verb, who);
        table_adjusted(f, s, r, std);
        for (int d = DET_ASIAN; d <= DET_OTHER; d++)
            for (size_t k = 0; k < s.n; k++)
                if (!strcmp(s.rows[k].metric, m->metric) && !strcmp(s.rows[k].measure, m->measure) &&
                    text_same(s.rows[k].reference, "White") &&
                    !strcmp(s.rows[k].group, vocab_eth_detail_name((enum eth_detail)d)))
                    table_ratio_sentence(f, &s.rows[k], m->verb, who);
        fputc('\n', f);
    }
}

static void table_survey(FILE *f, struct span s, const struct standard *std)
{
    char a[64], b[64], c[64], ci[160];
    bool header = false;
    const char *fo = std->group_names[std->focus], *co = std->group_names[std->comparator];
    for (size_t i = 0; i < std->n_survey; i++) {
        const struct survey_metric *m = &std->survey[i];
        const struct metric_row *rf = NULL, *rc = NULL, *d = NULL, *all = NULL;
        for (size_t k = 0; k < s.n; k++) {
            const struct metric_row *r = &s.rows[k];
            if (strcmp(r->metric, m->metric) || strcmp(r->measure, m->measure))
                continue;
            if (r->reference)
                d = r;
            else if (!strcmp(r->group, fo))
                rf = r;
            else if (!strcmp(r->group, co))
                rc = r;
            else if (!strcmp(r->group, "All"))
                all = r;
        }
        if (!rf && !rc)
            continue;
        if (!header) {
            fprintf(f, "Staff survey (%% of respondents; difference with Newcombe's 95%% interval)\n");
            fprintf(f, "  %-5s %-28s%20s%20s   %s minus %s\n", "", "measure", fo, co, fo, co);
            header = true;
        }
        char cf[160] = "", cc[160] = "";
        if ((rf && metric_row_withheld(rf)) || (rc && metric_row_withheld(rc))) {
            fprintf(f, "  %-5s %-28s%20s%20s\n", m->metric, m->measure,
                    rf ? WITHHELD_CELL : "", rc ? WITHHELD_CELL : "");
            continue;
        }
        if (m->is_score) {
            if (rf)
                snprintf(cf, sizeof cf, "%s (n=%s)", fmt_num(a, sizeof a, rf->value, 1),
                         fmt_count(b, sizeof b, rf->base));
            if (rc)
                snprintf(cc, sizeof cc, "%s (n=%s)", fmt_num(a, sizeof a, rc->value, 1),
                         fmt_count(b, sizeof b, rc->base));
        } else {
            if (rf)
                snprintf(cf, sizeof cf, "%s (n=%s)", fmt_pct(a, sizeof a, rf->value),
                         fmt_count(b, sizeof b, rf->base));
            if (rc)
                snprintf(cc, sizeof cc, "%s (n=%s)", fmt_pct(a, sizeof a, rc->value),
                         fmt_count(b, sizeof b, rc->base));
        }
        fprintf(f, "  %-5s %-28s%20s%20s   ", m->metric, m->measure, cf, cc);
        if (d && m->is_score)
            fprintf(f, "%s", fmt_num(a, sizeof a, d->value, 1));
        else if (d)
            fprintf(f, "%s (%s)%s", fmt_pp(a, sizeof a, d->value),
                    isnan(d->low) ? "no interval"
                                  : (snprintf(ci, sizeof ci, "%s to %s", fmt_pp(b, sizeof b, d->low),
                                              fmt_pp(c, sizeof c, d->high)),
                                     ci),
                    !strcmp(metric_evidence(d), "differs") ? ", unlikely to be chance"
                    : *metric_evidence(d)                  ? ", could be chance"
                                                           : "");
        if (all)
            fprintf(f, "  overall %s", fmt_num(a, sizeof a, all->value, 1));
        if ((rf && rf->note) || (rc && rc->note))
            fprintf(f, "  [%s]", rf && rf->note ? rf->note : rc->note);
        fputc('\n', f);
    }
    if (header)
        fputc('\n', f);
    const struct metric_row *v = find(s, "9b", NULL, NULL, "All", NULL);
    if (v)
        fprintf(f, "Metric 9b: has the trust taken action to facilitate the voices of Disabled "
                   "staff being heard? %s%s%s\n\n",
                v->value > 0 ? "Yes" : "No", v->note ? ". " : "", v->note ? v->note : "");
}

static void table_board(FILE *f, struct span s, const struct standard *std)
{
    static const char *const measures[3] = {"board_total", "board_voting", "board_executive"};
    static const char *const labels[3] = {"Total board", "Voting members", "Executive members"};
    char a[64], b[64];
    if (!find(s, std->board_metric, NULL, NULL, std->group_names[0], NULL))
        return;
    fprintf(f, "Metric %s: the board against the workforce (%% of members; difference from "
               "the workforce in percentage points)\n  %-20s%10s",
            std->board_metric, "", "members");
    for (int g = 0; g < 3; g++)
        fprintf(f, "%16s", std->group_names[g]);
    fprintf(f, "   difference: ");
    for (int g = 0; g < 3; g++)
        fprintf(f, "%s%s", g ? " / " : "", std->group_names[g]);
    fputc('\n', f);
    for (int k = 0; k < 3; k++) {
        const struct metric_row *rows[3] = {NULL, NULL, NULL}, *diff[3] = {NULL, NULL, NULL};
        for (size_t i = 0; i < s.n; i++) {
            const struct metric_row *r = &s.rows[i];
            if (strcmp(r->metric, std->board_metric) || strcmp(r->measure, measures[k]))
                continue;
            for (int g = 0; g < 3; g++)
                if (!strcmp(r->group, std->group_names[g])) {
                    if (r->reference)
                        diff[g] = r;
                    else
                        rows[g] = r;
                }
        }
        if (!rows[0])
            continue;
        fprintf(f, "  %-20s%10s", labels[k], fmt_base(a, sizeof a, rows[0]));
        for (int g = 0; g < 3; g++)
            fprintf(f, "%16s", fmt_cell(b, sizeof b, rows[g]));
        fprintf(f, "   ");
        for (int g = 0; g < 3; g++)
            fprintf(f, "%s%s", g ? " / " : "",
                    !diff[g]                        ? "n/a"
                    : metric_row_withheld(diff[g]) ? WITHHELD_CELL
                                                    : fmt_pp(a, sizeof a, diff[g]->value));
        fputc('\n', f);
    }
    fputc('\n', f);
}

/* Inputs not given, and the metrics they would have given. */
static void table_not_supplied(FILE *f, const struct workforce *w)
{
    const struct standard *std = w->std;
    struct {
        enum input_kind in;
        const char *what;
    } needs[] = {
        {IN_LEAVERS, "leavers (--leavers)"},
        {IN_RECRUITMENT, "metric 2 (--recruitment)"},
        {IN_CASES, "metric 3 (--cases)"},
        {IN_TRAINING, "metric 4 (--training)"},
        {IN_SURVEY, std->characteristic == CHAR_ETHNICITY ? "metrics 5-8 (--survey)"
                                                          : "metrics 4-9a (--survey)"},
        {IN_BOARD, std->characteristic == CHAR_ETHNICITY ? "metric 9 (--board)"
                                                         : "metric 10 (--board)"},
    };
    bool any = false;
    for (size_t i = 0; i < sizeof needs / sizeof *needs; i++) {
        if (needs[i].in == IN_TRAINING && std->characteristic != CHAR_ETHNICITY)
            continue;
        if (w->acc[needs[i].in].present)
            continue;
        fprintf(f, "%s%s", any ? ", " : "Not supplied: ", needs[i].what);
        any = true;
    }
    if (any)
        fputs(".\n\n", f);
}

/* One line per level of a breakdown: headcount, then leavers. */
static void table_breakdown(FILE *f, const struct metric_table *t, size_t from, size_t to,
                            const struct breakdown *bd, const struct standard *std)
{
    char a[64], b[64], c[64], d[64], e[96], rd[128];
    int lw = 12;
    for (size_t l = 0; l < bd->levels.n_names; l++)
        if (width(bd->levels.names[l]) > lw)
            lw = width(bd->levels.names[l]);
    const char *focus = std->group_names[std->focus];
    const char *comp = std->group_names[std->comparator];
    fprintf(f, "Breakdown by %s: headcount\n  ", bd->column);
    pad(f, bd->column, lw);
    for (int g = 0; g < 3; g++)
        fprintf(f, "%14s", std->group_names[g]);
    fprintf(f, "%11s%11s\n", "Total", "Known");
    for (size_t i = from; i < to;) {
        size_t j = i;
        while (j < to && t->rows[j].level == t->rows[i].level)
            j++;
        struct span s = {t->rows + i, j - i};
        const struct metric_row *all = find(s, "1", "All", "All", std->group_names[0], NULL);
        const struct metric_row *known = find(s, "declaration", NULL, NULL, "Known", NULL);
        if (all) {
            fputs("  ", f);
            pad(f, t->rows[i].level, lw);
            for (int g = 0; g < 3; g++) {
                const struct metric_row *r = find(s, "1", "All", "All", std->group_names[g], NULL);
                fprintf(f, "%14s", fmt_cell(b, sizeof b, r));
            }
            fprintf(f, "%11s%11s\n", fmt_base(a, sizeof a, all),
                    !known                        ? ""
                    : metric_row_withheld(known) ? WITHHELD_CELL
                                                  : fmt_pct(b, sizeof b, known->value));
        }
        i = j;
    }
    fputc('\n', f);
    if (!bd->leavers_have_column)
        return;
    bool header = false;
    for (size_t i = from; i < to;) {
        size_t j = i;
        while (j < to && t->rows[j].level == t->rows[i].level)
            j++;
        struct span s = {t->rows + i, j - i};
        const struct metric_row *rr = find(s, "leavers", NULL, NULL, focus, comp);
        const struct metric_row *rf = find(s, "leavers", NULL, NULL, focus, NULL);
        const struct metric_row *rc = find(s, "leavers", NULL, NULL, comp, NULL);
        if (rr && rf && rc) {
            if (!header) {
                fprintf(f, "Breakdown by %s: leavers\n  ", bd->column);
                pad(f, bd->column, lw);
                char h1[64], h2[64], h3[64];
                snprintf(h1, sizeof h1, "%s leavers", focus);
                snprintf(h2, sizeof h2, "%s leavers", comp);
                snprintf(h3, sizeof h3, "%s vs %s", focus, comp);
                fprintf(f, "%22s%22s%18s  %-16s %s\n", h1, h2, h3, "95% CI", "reading");
                header = true;
            }
            char lf[160], lc[160];
            if (metric_row_withheld(rr) || metric_row_withheld(rf) || metric_row_withheld(rc)) {
                fputs("  ", f);
                pad(f, t->rows[i].level, lw);
                fprintf(f, "%22s\n", WITHHELD_CELL);
                i = j;
                continue;
            }
            snprintf(lf, sizeof lf, "%s/%s %s", fmt_count(a, sizeof a, rf->count),
                     fmt_count(b, sizeof b, rf->base), fmt_pct(c, sizeof c, rf->value));
            snprintf(lc, sizeof lc, "%s/%s %s", fmt_count(a, sizeof a, rc->count),
                     fmt_count(b, sizeof b, rc->base), fmt_pct(d, sizeof d, rc->value));
            fputs("  ", f);
            pad(f, t->rows[i].level, lw);
            fprintf(f, "%22s%22s%18s  %-16s %s\n", lf, lc, fmt_num(a, sizeof a, rr->value, 2),
                    fmt_ci(e, sizeof e, rr, false), reading(rd, sizeof rd, rr));
        }
        i = j;
    }
    if (header)
        fputc('\n', f);
}

int output_table(FILE *f, const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o)
{
    const struct standard *std = w->std;
    fprintf(f, "%s: %s\n", std->name, std->title);
    for (size_t i = 0; i < IN_N; i++)
        if (w->acc[i].present)
            fprintf(f, "  %s: %s (%lu used of %lu rows)\n", w->acc[i].role, w->acc[i].shown,
                    w->acc[i].rows_used, w->acc[i].rows_read);
    fprintf(f,
            "  95%% intervals: %s for rates, %s for relative likelihoods; "
            "non-adverse range " STATS_RANGE_TEXT ".\n",
            metric_rate_method_name(o->rate_method), metric_ratio_method_name(o->ratio_method));
    fprintf(f, "  Figures are rounded half away from zero; the CSV output has full precision.\n");
    if (o->suppress)
        fprintf(f, "  %s = withheld (fewer than %u): a count under %u, or a figure from which "
                   "one could be worked out, is not shown (publication mode).\n",
                WITHHELD_CELL, o->suppress, o->suppress);
    fputc('\n', f);
    size_t i = 0;
    for (size_t b = 0; b < w->n_bd; b++) {
        size_t from = i;
        while (i < t->n_rows && t->rows[i].breakdown == w->bd[b].column)
            i++;
        if (b == 0) {
            struct span s = {t->rows + from, i - from};
            fprintf(f, "Whole trust\n\n");
            table_metric1(f, s, std);
            table_leavers(f, s, w, o);
            table_declaration(f, s, std);
            table_esr_survey(f, s, std);
            table_ratio_metrics(f, s, std);
            table_survey(f, s, std);
            table_board(f, s, std);
            table_not_supplied(f, w);
        } else {
            table_breakdown(f, t, from, i, &w->bd[b], std);
        }
    }
    return status_of(f);
}

/* ---- data quality ----------------------------------------------------- */

static const char *unknown_counted_as(const struct unknown_codes *u, int k)
{
    if (u->counted_as)
        return u->counted_as;
    return k == VK_BAND ? "Other" : k == VK_STAFF_GROUP ? "clinical" : "Unknown";
}

/* Up to MAX of U's values with their counts; those that look like
 * identifiers only counted (unknown_value_hidden). */
static void unknown_list(FILE *f, const struct unknown_codes *u, size_t max)
{
    size_t shown = 0, more = 0, hidden = unknown_n_hidden(u, NULL);
    for (size_t i = 0; i < u->values.n_names; i++) {
        if (unknown_value_hidden(u, i))
            continue;
        if (shown == max) {
            more++;
            continue;
        }
        fprintf(f, "%s'", shown++ ? ", " : "");
        text_put_escaped(f, u->values.names[i], 60);
        fprintf(f, "' (%lu)", u->counts[i]);
    }
    if (more)
        fprintf(f, ", and %zu more values", more);
    if (hidden)
        fprintf(f, "%s%zu %s", shown ? ", " : "", hidden, unknown_hidden_words(hidden));
    if (u->others)
        fprintf(f, "%sand %lu more rows", shown || hidden ? ", " : "", u->others);
}

int output_check(FILE *f, const struct workforce *w, const struct wq_options *o)
{
    fprintf(f, "%s data quality\n", o->std->name);
    if (w->has_period)
        fprintf(f, "Reporting year: 1 April %d to 31 March %d\n", o->year - 1, o->year);
    for (size_t i = 0; i < IN_N; i++) {
        const struct input_account *a = &w->acc[i];
        if (!a->present)
            continue;
        unsigned long excluded = 0;
        for (int e = 0; e < EX_N; e++)
            excluded += a->excluded[e];
        fprintf(f, "\n%s: %s\n", a->role, a->file);
        if (a->title_lines)
            fprintf(f, "  %lu title line%s above the header skipped\n", a->title_lines,
                    a->title_lines == 1 ? "" : "s");
        if (a->read_as.len)
            fprintf(f, "  read as: %s\n", a->read_as.data);
        fprintf(f, "  %-52s%10lu\n", "rows read", a->rows_read);
        fprintf(f, "  %-52s%10lu\n", "rows used (people counted)", a->rows_used);
        for (int e = 0; e < EX_N; e++)
            if (a->excluded[e]) {
                char label[128];
                snprintf(label, sizeof label, "excluded: %s",
                         excl_reason_label(a, (enum excl_reason)e));
                fprintf(f, "  %-52s%10lu\n", label, a->excluded[e]);
            }
        fprintf(f, "  rows read = used + excluded: %lu = %lu + %lu%s\n", a->rows_read,
                a->rows_used, excluded,
                a->rows_read == a->rows_used + excluded ? "" : "  (MISMATCH)");
        for (int k = 0; k < VK_N; k++) {
            const struct unknown_codes *u = &a->unknown[k];
            if (!u->total)
                continue;
            fprintf(f, "  unrecognised values in '%s', counted as %s: %lu rows: ", u->column,
                    unknown_counted_as(u, k), u->total);
            unknown_list(f, u, 50);
            fputc('\n', f);
        }
        if (a->conflicts)
            fprintf(f, "  people whose assignments disagree on %s: %lu (the counted "
                       "assignment's value is used)\n",
                    o->std->declared_what, a->conflicts);
        if (a->cp1252_fields)
            fprintf(f, "  fields read as Windows-1252 and converted to UTF-8: %lu\n",
                    a->cp1252_fields);
        for (size_t s = 0; s < a->n_skipped; s++) {
            fprintf(f, "  skipped: %s:%lu: ", a->file, a->skipped[s].line);
            text_put_escaped(f, a->skipped[s].why, SIZE_MAX);
            fputc('\n', f);
        }
    }
    if (w->cases_not_in_staff)
        fprintf(f, "\nPeople with a case who are not in the staff in post (counted as Unknown): "
                   "%lu\n",
                w->cases_not_in_staff);
    if (w->cases_no_grounds)
        fprintf(f, "\nCapability cases without grounds (counted as performance): %lu\n",
                w->cases_no_grounds);
    for (size_t b = 1; b < w->n_bd; b++)
        if (w->acc[IN_LEAVERS].present && !w->bd[b].leavers_have_column)
            fprintf(f, "\nThe leavers file has no column '%s': leavers are counted for the "
                       "whole trust only.\n",
                    w->bd[b].column);
    return status_of(f);
}

int output_warnings(FILE *f, const char *prog, const struct workforce *w,
                    const struct metric_table *t)
{
    for (size_t i = 0; i < IN_N; i++) {
        const struct input_account *a = &w->acc[i];
        if (!a->present)
            continue;
        for (int k = 0; k < VK_N; k++) {
            const struct unknown_codes *u = &a->unknown[k];
            if (!u->total)
                continue;
            fprintf(f, "%s: warning: %s: column '%s': %lu rows with values not recognised, "
                       "counted as %s: ",
                    prog, a->file, u->column, u->total, unknown_counted_as(u, k));
            unknown_list(f, u, 10);
            fputs(" (add them with --vocab FILE)\n", f);
        }
        if (a->conflicts)
            fprintf(f, "%s: warning: %s: %lu people have assignments that disagree on %s; "
                       "the counted assignment's value is used\n",
                    prog, a->file, a->conflicts, w->std->declared_what);
        if (a->cp1252_fields)
            fprintf(f, "%s: warning: %s: %lu fields were not UTF-8 and were read as "
                       "Windows-1252\n",
                    prog, a->file, a->cp1252_fields);
        if (a->n_skipped) {
            fprintf(f, "%s: warning: %s: skipped %zu bad rows:\n", prog, a->file, a->n_skipped);
            for (size_t s = 0; s < a->n_skipped; s++) {
                fprintf(f, "%s: %s:%lu: skipped: ", prog, a->file, a->skipped[s].line);
                text_put_escaped(f, a->skipped[s].why, SIZE_MAX);
                fputc('\n', f);
            }
        }
    }
    if (w->cases_not_in_staff)
        fprintf(f, "%s: warning: %s: %lu people with a case are not in the staff in post: "
                   "counted as Unknown\n",
                prog, w->acc[IN_CASES].file, w->cases_not_in_staff);
    if (w->cases_no_grounds)
        fprintf(f, "%s: warning: %s: %lu capability cases give no grounds: counted as "
                   "performance\n",
                prog, w->acc[IN_CASES].file, w->cases_no_grounds);
    for (size_t b = 1; b < w->n_bd; b++)
        if (w->acc[IN_LEAVERS].present && !w->bd[b].leavers_have_column)
            fprintf(f, "%s: warning: %s: no column '%s': leavers are counted for the whole "
                       "trust only\n",
                    prog, w->acc[IN_LEAVERS].file, w->bd[b].column);
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct metric_row *r = &t->rows[i];
        if (!r->reference && r->status == STATS_NO_INTERVAL && r->count > r->base) {
            fprintf(f, "%s: warning: %s ", prog, r->breakdown);
            text_put_escaped(f, r->level, 120);
            fprintf(f, ": %s: %.0f leavers but a headcount of %.1f: the rate is over 100%% and "
                       "has no interval (--staff-start gives an average denominator)\n",
                    r->group, r->count, r->base);
        }
    }
    return status_of(f);
}
