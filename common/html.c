/* html.c: the board report as one self-contained HTML page (html.h).
 *
 * Everything is written straight to the FILE; text from data goes through
 * esc() and nowhere else. The rows are found the way output.c finds them:
 * the whole trust's rows come first, and the rows of one breakdown level
 * are contiguous. */
#include "html.h"
#include "html_adjust.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_pub.h"
#include "direction.h"
#include "html_summary.h"
#include "palette.h"
#include "text.h"
#include "vocab.h"

#define SCROLL HTML_SCROLL

/* ---- small text helpers ------------------------------------------------ */

/* Write S with & < > " ' escaped; control characters become spaces. */
static void esc(FILE *f, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F)
                fputc(' ', f);
            else
                fputc(*p, f);
        }
    }
}

void html_escape(FILE *f, const char *s)
{
    esc(f, s);
}

/* A bounded buffer appended to with printf formats. */
struct sbuf {
    char *buf;
    size_t size, len;
};

static void put(struct sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct sbuf *s, const char *fmt, ...)
{
    if (s->size == 0 || s->len + 1 >= s->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
        s->buf[s->len] = '\0';
        return;
    }
    s->len += (size_t)n;
    if (s->len > s->size - 1)
        s->len = s->size - 1;
}

/* ---- numbers ------------------------------------------------------------ */

/* X rounded half away from zero to D decimals ("n/a", "inf"). */
static const char *num(char *b, size_t n, double x, int d)
{
    return stats_format(b, n, x, d);
}

/* A proportion as a percentage: "25.00%". */
static const char *pct(char *b, size_t n, double x)
{
    char t[64];
    if (isnan(x))
        snprintf(b, n, "n/a");
    else
        snprintf(b, n, "%s%%", stats_format(t, sizeof t, x * 100.0, 2));
    return b;
}

/* A difference of proportions in percentage points, signed: "-15.00". */
static const char *pts(char *b, size_t n, double x)
{
    return stats_format(b, n, x * 100.0, 2);
}

/* A count: "36", or "1.5" for an average. */
static const char *cnt(char *b, size_t n, double x)
{
    if (isnan(x))
        snprintf(b, n, "n/a");
    else if (x == floor(x) && fabs(x) < 1e15)
        snprintf(b, n, "%.0f", x);
    else
        stats_format(b, n, x, 1);
    return b;
}

/* A count in a cell, or the withheld link when R was withheld. */
static void cnt_cell(FILE *f, const struct metric_row *r, double x)
{
    char b[64];
    if (r && metric_row_withheld(r))
        html_withheld(f, r);
    else
        fputs(isnan(x) ? "&#8211;" : cnt(b, sizeof b, x), f);
}

/* An interval bound in a sentence: an exact 0 reads "0". */
static const char *bound(char *b, size_t n, double x)
{
    if (x == 0)
        snprintf(b, n, "0");
    else
        stats_format(b, n, x, 2);
    return b;
}

/* ---- what a row is about ---------------------------------------------- */

struct about {
    const char *verb;                 /* "leave", "be appointed from shortlisting", NULL */
    const char *who;                  /* "staff" or "applicants" */
    bool recruitment;
    const struct survey_metric *sm;   /* a survey metric */
    bool board;
};

static struct about about_row(const struct metric_row *r, const struct standard *std)
{
    struct about a = {NULL, "staff", false, NULL, false};
    if (!r->metric)
        return a;
    if (!strcmp(r->metric, "leavers")) {
        a.verb = "leave";
        return a;
    }
    if (!std)
        return a;
    for (size_t i = 0; i < std->n_ratios; i++) {
        const struct ratio_metric *m = &std->ratios[i];
        if (strcmp(m->metric, r->metric))
            continue;
        a.verb = m->verb;
        a.recruitment = m->source == SRC_RECRUITMENT;
        if (a.recruitment)
            a.who = "applicants";
        return a;
    }
    for (size_t i = 0; i < std->n_survey; i++) {
        const struct survey_metric *m = &std->survey[i];
        if (!strcmp(m->metric, r->metric) && text_is(m->measure, r->measure)) {
            a.sm = m;
            return a;
        }
    }
    a.board = std->board_metric && !strcmp(r->metric, std->board_metric);
    return a;
}

/* "enter the formal ..." -> "entered the formal ...", "be appointed" ->
 * "were appointed", "leave" -> "left", "access" -> "accessed". */
static void past_tense(char *out, size_t size, const char *verb)
{
    size_t w = strcspn(verb, " ");
    const char *rest = verb + w;
    if (w == 2 && !strncmp(verb, "be", 2))
        snprintf(out, size, "were%s", rest);
    else if (w == 5 && !strncmp(verb, "leave", 5))
        snprintf(out, size, "left%s", rest);
    else if (w > 0 && verb[w - 1] == 'e')
        snprintf(out, size, "%.*sd%s", (int)w, verb, rest);
    else
        snprintf(out, size, "%.*sed%s", (int)w, verb, rest);
}

/* A survey item's words in the past tense: "experiencing X" ->
 * "experienced X", "believing" -> "believed", "satisfied" -> "were
 * satisfied" ... */
static void survey_past(char *out, size_t size, const char *text)
{
    static const struct {
        const char *from, *to;
    } map[] = {
        {"experiencing ", "experienced "}, {"believing ", "believed "}, {"saying ", "said "},
        {"feeling ", "felt "},             {"satisfied ", "were satisfied "},
        {"reporting ", "reported "},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
        size_t n = strlen(map[i].from);
        if (!strncmp(text, map[i].from, n)) {
            snprintf(out, size, "%s%s", map[i].to, text + n);
            return;
        }
    }
    snprintf(out, size, "answered yes to: %s", text);
}

/* ---- sentences ---------------------------------------------------------- */

/* Counts of the two groups of a comparison; NaN when not known. */
struct counts {
    double a, n1, b, n2; /* numerator events and base, denominator events and base */
    double pa, pb;       /* the group rows' values */
};

static struct counts counts_of(const struct metric_row *r, const struct metric_row *num_row,
                               const struct metric_row *den_row)
{
    struct counts c = {NAN, NAN, NAN, NAN, NAN, NAN};
    if (num_row) {
        c.a = num_row->count;
        c.n1 = num_row->base;
        c.pa = num_row->value;
    } else if (!isnan(r->count) && !isnan(r->base)) {
        c.a = r->count;
        c.n1 = r->base;
    }
    if (den_row) {
        c.b = den_row->count;
        c.n2 = den_row->base;
        c.pb = den_row->value;
    }
    return c;
}

/* Where a ratio's interval lies against parity and the non-adverse range. */
static void ratio_clause(struct sbuf *s, double lo, double hi)
{
    bool within = lo >= STATS_RANGE_LOW && hi <= STATS_RANGE_HIGH;
    bool parity = lo <= 1.0 && hi >= 1.0;
    if (within && parity)
        put(s, "lies within the non-adverse range and includes 1 (parity), so any difference "
               "is small and could be chance");
    else if (within)
        put(s, "lies within the non-adverse range, so the difference is unlikely to be chance "
               "but small");
    else if (lo > STATS_RANGE_HIGH)
        put(s, "lies above the non-adverse range, so this is unlikely to be chance");
    else if (hi < STATS_RANGE_LOW)
        put(s, "lies below the non-adverse range, so this is unlikely to be chance");
    else if (parity)
        put(s, "includes 1 (parity), so the difference could be chance");
    else
        put(s, "excludes parity but reaches into the non-adverse range, so the difference is "
               "unlikely to be chance, though it may be small");
}

static void empty_group(struct sbuf *s, const struct about *ab, const char *group)
{
    if (ab->recruitment)
        put(s, "no %s applicants were shortlisted", group);
    else
        put(s, "there are no %s staff in post", group);
}

static void ratio_sentence(struct sbuf *s, const struct metric_row *r, const struct about *ab,
                           const struct counts *c)
{
    const char *g = r->group ? r->group : "", *ref = r->reference, *who = ab->who;
    char past[256] = "", v[64], lo[64], hi[64], x1[64], x2[64];
    bool be = ab->verb && !strncmp(ab->verb, "be ", 3);
    bool ok = r->status == STATS_OK && !isnan(r->low) && !isnan(r->high);
    if (ab->verb)
        past_tense(past, sizeof past, ab->verb);

    if (isnan(r->value) || r->status == STATS_UNDEFINED) {
        put(s, "The relative likelihood of %s %s compared with %s %s cannot be calculated: ", g,
            who, ref, who);
        if (c->n1 <= 0)
            empty_group(s, ab, g);
        else if (c->n2 <= 0)
            empty_group(s, ab, ref);
        else if (c->a == 0 && c->b == 0 && ab->verb)
            put(s, "no %s %s %s, and no %s %s either", ref, who, past, g, who);
        else if (c->b == 0 && ab->verb)
            put(s, "no %s %s %s", ref, who, past);
        else if (ab->verb)
            put(s, "one of the groups is empty, or no %s %s %s", ref, who, past);
        else
            put(s, "one of the groups is empty, or neither group has any events");
        put(s, ".");
        return;
    }
    if (r->value == 0) {
        if (ab->verb)
            put(s, "no %s %s %s", g, who, past);
        else
            put(s, "the relative likelihood of %s compared with %s is 0", g, ref);
        if (c->n1 > 0 && c->a == 0)
            put(s, " (0 of %s)", cnt(x1, sizeof x1, c->n1));
        if (c->n2 > 0 && !isnan(c->b))
            put(s, ", against %s of %s %s %s", cnt(x1, sizeof x1, c->b), cnt(x2, sizeof x2, c->n2),
                ref, who);
        if (!ok)
            put(s, "; no interval can be given at a zero count, so chance cannot be judged");
        else if (r->low <= 1.0 && r->high >= 1.0)
            put(s, "; with so few the interval runs from %s to %s, so this could be chance",
                bound(lo, sizeof lo, r->low), bound(hi, sizeof hi, r->high));
        else {
            put(s, "; the interval runs from %s to %s and ", bound(lo, sizeof lo, r->low),
                bound(hi, sizeof hi, r->high));
            ratio_clause(s, r->low, r->high);
        }
    } else if (isinf(r->value)) {
        if (ab->verb) {
            if (c->n1 > 0 && c->a > 0)
                put(s, "%s of %s %s %s %s", cnt(x1, sizeof x1, c->a), cnt(x2, sizeof x2, c->n1), g,
                    who, past);
            else
                put(s, "some %s %s %s", g, who, past);
            put(s, " but no %s %s %s", ref, who, be ? "were" : "did");
            if (c->n2 > 0)
                put(s, " (0 of %s)", cnt(x1, sizeof x1, c->n2));
            put(s, ", so the relative likelihood is infinite");
        } else {
            put(s, "the relative likelihood of %s compared with %s is infinite (the %s group has "
                   "no events)",
                g, ref, ref);
        }
        if (isnan(r->low) || r->status != STATS_OK)
            put(s, "; no interval can be given at a zero count, so chance cannot be judged");
        else {
            put(s, "; the interval runs from %s upwards and ", bound(lo, sizeof lo, r->low));
            ratio_clause(s, r->low, INFINITY);
        }
    } else {
        num(v, sizeof v, r->value, 2);
        if (ab->verb)
            put(s, "%s %s were %s times as likely to %s as %s %s", g, who, v, ab->verb, ref, who);
        else
            put(s, "the relative likelihood of %s compared with %s is %s", g, ref, v);
        if (!ok) {
            put(s, "; no 95%% interval can be given");
            if (c->a > c->n1 || c->b > c->n2)
                put(s, " (a group has more events than people counted)");
            put(s, ", so chance cannot be judged");
        } else {
            put(s, "; the interval %s to %s ", num(lo, sizeof lo, r->low, 2),
                num(hi, sizeof hi, r->high, 2));
            ratio_clause(s, r->low, r->high);
        }
    }
    put(s, ".");
    if (r->small)
        put(s, " Small numbers (fewer than %d events or %d people in a group): the figure can "
               "change a lot from year to year.",
            SMALL_EVENTS, SMALL_BASE);
}

/* The interval of a difference in percentage points, read against 0. */
static void diff_clause(struct sbuf *s, const struct metric_row *r)
{
    char lo[64], hi[64];
    if (r->status != STATS_OK || isnan(r->low) || isnan(r->high)) {
        put(s, "; no interval can be given, so chance cannot be judged");
        return;
    }
    put(s, "; the interval %s to %s points ", pts(lo, sizeof lo, r->low),
        pts(hi, sizeof hi, r->high));
    if (r->low > 0 || r->high < 0)
        put(s, "excludes 0, so this is unlikely to be chance");
    else
        put(s, "includes 0, so the difference could be chance");
}

static void survey_sentence(struct sbuf *s, const struct metric_row *r, const struct about *ab,
                            const struct counts *c)
{
    const struct survey_metric *m = ab->sm;
    const char *g = r->group ? r->group : "", *ref = r->reference;
    char what[512], a[64], b[64], d[64];
    if (m->is_score) {
        num(d, sizeof d, fabs(r->value), 1);
        if (!isnan(c->pa) && !isnan(c->pb))
            put(s, "%s staff scored %s and %s staff %s on the %s", g, num(a, sizeof a, c->pa, 1),
                ref, num(b, sizeof b, c->pb, 1), m->text);
        else
            put(s, "on the %s, %s staff compared with %s staff", m->text, g, ref);
        if (isnan(r->value))
            put(s, ": the difference cannot be calculated");
        else if (!strcmp(d, "0.0"))
            put(s, ": the same score");
        else
            put(s, ": %s points %s for %s staff", d, r->value < 0 ? "lower" : "higher", g);
        put(s, "; the survey breakdown gives no spread, so there is no interval and chance "
               "cannot be judged.");
        return;
    }
    survey_past(what, sizeof what, m->text);
    pts(d, sizeof d, fabs(r->value));
    bool zero = !strcmp(d, "0.00");
    if (!isnan(c->pa) && !isnan(c->pb)) {
        put(s, "%s of %s staff and %s of %s staff %s", pct(a, sizeof a, c->pa), g,
            pct(b, sizeof b, c->pb), ref, what);
        if (isnan(r->value))
            put(s, ": the difference cannot be calculated");
        else if (zero)
            put(s, ": the same share");
        else
            put(s, ": %s percentage points %s among %s staff", d, r->value < 0 ? "fewer" : "more",
                g);
    } else {
        put(s, "the share of %s staff who %s was ", g, what);
        if (isnan(r->value))
            put(s, "not calculable");
        else if (zero)
            put(s, "the same as among %s staff", ref);
        else
            put(s, "%s percentage points %s than among %s staff", d,
                r->value < 0 ? "lower" : "higher", ref);
    }
    diff_clause(s, r);
    put(s, ".");
}

static void board_sentence(struct sbuf *s, const struct metric_row *r, const struct counts *c)
{
    const char *g = r->group ? r->group : "";
    const char *of = text_is(r->measure, "board_voting")      ? "the voting members of the board"
                     : text_is(r->measure, "board_executive") ? "the executive members of the board"
                                                         : "the board";
    char a[64], b[64], d[64], e[64], w[64];
    if (isnan(r->value)) {
        put(s, "The %s share of %s cannot be compared with the workforce: there are no members "
               "or no staff.",
            g, of);
        return;
    }
    pts(d, sizeof d, fabs(r->value));
    bool zero = !strcmp(d, "0.00");
    if (!isnan(c->pa) && c->n1 > 0)
        put(s, "%s people make up %s of %s (%s of %s), against %s of the workforce: ", g,
            pct(a, sizeof a, c->pa), of, cnt(b, sizeof b, c->a), cnt(e, sizeof e, c->n1),
            pct(w, sizeof w, c->pa - r->value));
    else
        put(s, "the %s share of %s is ", g, of);
    if (zero)
        put(s, "the same as their share of the workforce.");
    else
        put(s, "%s percentage points %s their share of the workforce.", d,
            r->value < 0 ? "below" : "above");
    if (c->n1 > 0)
        put(s, " The board is counted in full, so there is no interval; with %s members, one "
               "person is %s percentage points.",
            cnt(a, sizeof a, c->n1), pts(b, sizeof b, 1.0 / c->n1));
}

static void group_sentence(struct sbuf *s, const struct metric_row *r, const struct about *ab)
{
    const char *g = r->group ? r->group : "";
    char a[64], b[64], lo[64], hi[64], past[256];
    if (text_is(r->statistic, STAT_ANSWER)) {
        put(s, "%s", isnan(r->value) ? "Not answered" : r->value > 0 ? "Yes" : "No");
        if (r->note)
            put(s, ": %s", r->note);
        put(s, ".");
        return;
    }
    if (text_is(r->statistic, STAT_SCORE)) {
        put(s, "%s%s: %s (%s respondents).", g, strcmp(g, "All") ? " staff" : " respondents",
            num(a, sizeof a, r->value, 1), cnt(b, sizeof b, r->base));
        return;
    }
    if (isnan(r->value)) {
        put(s, "%s: not calculable (no one counted).", g);
        return;
    }
    if (ab->sm) {
        survey_past(past, sizeof past, ab->sm->text);
        put(s, "%s of %s staff %s (%s respondents", pct(a, sizeof a, r->value), g, past,
            cnt(b, sizeof b, r->base));
    } else if (ab->verb && !r->reference) {
        past_tense(past, sizeof past, ab->verb);
        put(s, "%s of %s %s %s %s (%s", cnt(a, sizeof a, r->count), cnt(b, sizeof b, r->base), g,
            ab->who, past, pct(lo, sizeof lo, r->value));
    } else {
        put(s, "%s: %s (%s of %s", g, pct(lo, sizeof lo, r->value), cnt(a, sizeof a, r->count),
            cnt(b, sizeof b, r->base));
    }
    if (r->status == STATS_OK && !isnan(r->low))
        put(s, "; 95%% interval %s to %s).", pct(lo, sizeof lo, r->low),
            pct(hi, sizeof hi, r->high));
    else
        put(s, "; no interval).");
}

const char *html_sentence_rows(char *buf, size_t size, const struct metric_row *r,
                               const struct metric_row *num_row, const struct metric_row *den_row,
                               const struct standard *std)
{
    struct sbuf s = {buf, size, 0};
    if (!size)
        return buf;
    buf[0] = '\0';
    struct about ab = about_row(r, std);
    struct counts c = counts_of(r, num_row, den_row);
    if (metric_row_withheld(r)) {
        if (ab.board)
            put(&s, "Withheld (fewer than %u): the board figures rest on a count below the "
                    "publication threshold, so they are not shown.", r->withheld_below);
        else if (r->reference)
            put(&s, "Withheld (fewer than %u): the comparison of %s and %s %s rests on a "
                    "count below the publication threshold, so it is not shown.",
                r->withheld_below, r->group ? r->group : "", r->reference, ab.who);
        else
            put(&s, "Withheld (fewer than %u): the %s figures rest on a count below the "
                    "publication threshold, so they are not shown.",
                r->withheld_below, r->group ? r->group : "");
    } else if (!r->reference) {
        group_sentence(&s, r, &ab);
    } else if (text_is(r->statistic, STAT_DIFFERENCE)) {
        if (ab.board)
            board_sentence(&s, r, &c);
        else if (ab.sm)
            survey_sentence(&s, r, &ab, &c);
        else {
            char d[64];
            put(&s, "The difference between %s and %s is %s percentage points", r->group,
                r->reference, pts(d, sizeof d, r->value));
            diff_clause(&s, r);
            put(&s, ".");
        }
    } else {
        ratio_sentence(&s, r, &ab, &c);
    }
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

const char *html_sentence(char *buf, size_t size, const struct metric_row *r,
                          const struct standard *std)
{
    return html_sentence_rows(buf, size, r, NULL, NULL, std);
}

/* ---- inline SVG ------------------------------------------------------------ */

static bool has_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (!strncasecmp(s, needle, n))
            return true;
    return false;
}

/* True when the SVG holds something active or external. One pass: every
 * word looked for starts with '<', 'j' or '@' (has_ci for each, over a
 * chart of 200 levels, was a fifth of the time the page took). */
static bool svg_unsafe(const char *s)
{
    static const char *const tags[] = {"<script", "<foreignobject", "<image", "<iframe",
                                       "<object", "<embed", "<a ", "<a>", "<!entity", "<style"};
    for (const char *p = s; *p; p++) {
        if (*p == '<') {
            for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
                if (!strncasecmp(p, tags[i], strlen(tags[i])))
                    return true;
        } else if ((*p == 'j' || *p == 'J') && !strncasecmp(p, "javascript:", 11)) {
            return true;
        } else if (*p == '@' && !strncasecmp(p, "@import", 7)) {
            return true;
        }
    }
    /* an event handler attribute: whitespace, "on", letters, "=" */
    for (const char *p = s; *p; p++) {
        if ((p[0] == ' ' || p[0] == '\n' || p[0] == '\t' || p[0] == '\r') &&
            (p[1] == 'o' || p[1] == 'O') && (p[2] == 'n' || p[2] == 'N')) {
            const char *q = p + 3;
            while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
                q++;
            while (*q == ' ')
                q++;
            if (q > p + 3 && *q == '=')
                return true;
        }
    }
    return false;
}

/* Append S[0..N) with & < > " escaped (for an attribute value). */
static bool buf_esc(struct strbuf *b, const char *s)
{
    for (; s && *s; s++) {
        const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                      : *s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : NULL;
        if (e ? !strbuf_puts(b, e) : !strbuf_append(b, s, 1))
            return false;
    }
    return true;
}

static bool space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Rewrite the root <svg ...> tag starting at P (ending at END, the '>'):
 * drop namespace declarations (HTML's parser supplies them), add a viewBox
 * if missing, role and aria-label. Returns 0, 1 when the tag is malformed,
 * 2 when out of memory. */
static int svg_root(struct strbuf *b, const char *p, const char *end, const char *label)
{
    bool ok = strbuf_puts(b, "<svg"), has_viewbox = false;
    double wd = NAN, ht = NAN;
    const char *q = p + 4;
    while (ok && q < end) {
        while (q < end && space(*q))
            q++;
        if (q >= end || *q == '/')
            break;
        const char *name = q;
        while (q < end && *q != '=' && !space(*q))
            q++;
        size_t name_len = (size_t)(q - name);
        const char *val = NULL;
        size_t val_len = 0;
        if (name_len == 0)
            return 1; /* "=" without a name */
        if (q < end && *q == '=') {
            if (q + 1 >= end || (q[1] != '"' && q[1] != '\''))
                return 1; /* an unquoted value */
            char quote = q[1];
            val = q + 2;
            const char *close = memchr(val, quote, (size_t)(end - val));
            if (!close)
                return 1;
            val_len = (size_t)(close - val);
            q = close + 1;
        }
        if ((name_len == 5 && !strncmp(name, "xmlns", 5)) ||
            (name_len > 6 && !strncmp(name, "xmlns:", 6)))
            continue;
        if (name_len == 7 && !strncmp(name, "viewBox", 7))
            has_viewbox = true;
        if (val && name_len == 5 && !strncmp(name, "width", 5))
            wd = strtod(val, NULL);
        if (val && name_len == 6 && !strncmp(name, "height", 6))
            ht = strtod(val, NULL);
        ok = strbuf_puts(b, " ") && strbuf_append(b, name, name_len);
        if (ok && val)
            ok = strbuf_puts(b, "=\"") && strbuf_append(b, val, val_len) && strbuf_puts(b, "\"");
    }
    if (ok && !has_viewbox && wd > 0 && ht > 0)
        ok = strbuf_printf(b, " viewBox=\"0 0 %g %g\"", wd, ht);
    ok = ok && strbuf_puts(b, " role=\"img\" focusable=\"false\" aria-label=\"") &&
         buf_esc(b, label) && strbuf_puts(b, "\">");
    return ok ? 0 : 2;
}

/* SVG text made fit to inline: no prolog, no namespace declarations, every
 * id prefixed with PREFIX (cairo names its glyphs "glyph0-1" in every file,
 * so two inline charts would otherwise draw each other's letters). Returns
 * a malloc'd string, or NULL with *NOMEM set when out of memory, or NULL
 * when the SVG is not inlined (unsafe or malformed). */
static char *svg_inline(const char *svg, const char *prefix, const char *label, bool *nomem)
{
    *nomem = false;
    const char *p = strstr(svg, "<svg");
    if (!p || !(space(p[4]) || p[4] == '>') || svg_unsafe(p))
        return NULL;
    const char *end = strchr(p, '>');
    const char *close = NULL;
    for (const char *q = strstr(p, "</svg>"); q; q = strstr(q + 1, "</svg>"))
        close = q;
    if (!end || !close || close < end)
        return NULL;
    struct strbuf b = {0};
    int root = svg_root(&b, p, end, label);
    if (root == 1) {
        strbuf_free(&b);
        return NULL;
    }
    bool ok = root == 0;
    const char *q = end + 1;
    while (ok && q < close) {
        if (!strncmp(q, " id=\"", 5) || !strncmp(q, "\nid=\"", 5)) {
            ok = strbuf_append(&b, q, 5) && strbuf_puts(&b, prefix) && strbuf_puts(&b, "-");
            q += 5;
        } else if (!strncmp(q, "href=\"#", 7)) {
            ok = strbuf_puts(&b, "href=\"#") && strbuf_puts(&b, prefix) && strbuf_puts(&b, "-");
            q += 7;
        } else if (!strncmp(q, "url(#", 5)) {
            ok = strbuf_puts(&b, "url(#") && strbuf_puts(&b, prefix) && strbuf_puts(&b, "-");
            q += 5;
        } else {
            size_t n = strcspn(q, " \nhu");
            if (n == 0)
                n = 1;
            if (q + n > close)
                n = (size_t)(close - q);
            ok = strbuf_append(&b, q, n);
            q += n;
        }
    }
    ok = ok && strbuf_puts(&b, "</svg>");
    if (!ok) {
        strbuf_free(&b);
        *nomem = true;
        return NULL;
    }
    /* nothing may reach the network, not even a namespace left inside */
    if (strstr(b.data, "://") || has_ci(b.data, "href=\"http") || has_ci(b.data, "src=")) {
        strbuf_free(&b);
        return NULL;
    }
    return b.data;
}

/* ---- the page --------------------------------------------------------------- */

struct span {
    const struct metric_row *rows;
    size_t n;
};

struct page {
    FILE *f;
    const struct metric_table *t;
    const struct workforce *w;
    const struct wq_options *o;
    const struct standard *std;
    const struct html_figure *figs;
    size_t n_figs;
    bool *fig_used;
    size_t fig_no;
    struct span trust;
    const struct trend *history; /* earlier years, or NULL */
    int status; /* WQ_ENOMEM once an allocation has failed */
};

static const struct metric_row *find(struct span s, const char *metric, const char *measure,
                                     const char *workforce, const char *band, const char *group,
                                     const char *reference)
{
    for (size_t i = 0; i < s.n; i++) {
        const struct metric_row *r = &s.rows[i];
        if (!text_is(r->metric, metric) || (measure && !text_is(r->measure, measure)))
            continue;
        if (text_same(r->workforce, workforce) && text_same(r->band, band) &&
            text_same(r->group, group) && text_same(r->reference, reference))
            return r;
    }
    return NULL;
}

/* The group rows a comparison row is built on (either may be NULL). */
static void group_rows(struct span s, const struct metric_row *r, const struct metric_row **num_row,
                       const struct metric_row **den_row)
{
    *num_row = find(s, r->metric, r->measure, r->workforce, r->band, r->group, NULL);
    *den_row = find(s, r->metric, r->measure, r->workforce, r->band, r->reference, NULL);
}

static const char *focus_name(const struct page *p)
{
    return p->std->group_names[p->std->focus];
}

static const char *comp_name(const struct page *p)
{
    return p->std->group_names[p->std->comparator];
}

/* ---- badges and cells ---- */

static void badge(FILE *f, const char *cls, const char *symbol, const char *text)
{
    fprintf(f, "<span class=\"badge %s\">", cls);
    if (symbol && *symbol)
        fprintf(f, "<span aria-hidden=\"true\">%s </span>", symbol);
    fprintf(f, "%s</span>", text);
}

/* The flag as a word in a coloured badge, and small numbers. */
static void flag_badges(FILE *f, const struct metric_row *r)
{
    if (metric_row_withheld(r)) {
        fputs("<span class=\"badge b-withheld\">", f);
        html_withheld(f, r);
        fputs("</span>", f);
        return;
    }
    if (!text_is(r->statistic, STAT_RATIO))
        return;
    switch (r->flag) {
    case FLAG_ADVERSE: badge(f, "b-adverse", "\u25B2", "adverse"); break;
    case FLAG_NON_ADVERSE: badge(f, "b-ok", "\u25CF", "non-adverse"); break;
    case FLAG_BELOW_RANGE: badge(f, "b-below", "\u25BC", "below range"); break;
    default: badge(f, "b-nc", "", "not calculable"); break;
    }
    if (r->small) {
        fputc(' ', f);
        badge(f, "b-small", "!", "small numbers");
    }
}

/* The reading of the interval: "unlikely to be chance" / "could be chance". */
static void evidence_badge(FILE *f, const struct metric_row *r)
{
    const char *ev = metric_evidence(r);
    if (metric_row_withheld(r))
        return;
    if (!*ev) {
        if (!isnan(r->value))
            badge(f, "b-none", "", "no interval");
        return;
    }
    if (!strcmp(ev, "could-be-chance"))
        badge(f, "b-chance", "", "could be chance");
    else
        badge(f, "b-real", "", "unlikely to be chance");
}

/* The verdict from the catalogue's direction of disadvantage and the
 * interval: "worse for BME staff" ... (text and symbol, never colour alone);
 * a comparison without a direction gets the evidence badge instead. */
static void direction_badge(FILE *f, const struct standard *std, const struct metric_row *r)
{
    static const struct {
        const char *cls, *symbol;
    } look[] = {
        [VERDICT_WORSE] = {"b-worse", "\u2715"},
        [VERDICT_BETTER] = {"b-better", "\u2713"},
        [VERDICT_UNCLEAR] = {"b-chance", "\u2248"},
        [VERDICT_UNTESTED] = {"b-none", ""},
        [VERDICT_EVEN] = {"b-none", "="},
    };
    enum verdict v = verdict_of(std, r);
    char words[96];
    if (v == VERDICT_NONE) {
        evidence_badge(f, r);
        return;
    }
    verdict_words(words, sizeof words, v, std);
    if (v == VERDICT_UNTESTED)
        snprintf(words, sizeof words, "leans %s for %s staff (no interval)",
                 leans_worse(std, r) ? "worse" : "better", std->group_names[std->focus]);
    badge(f, look[v].cls, look[v].symbol, words);
}

/* A relative likelihood as published. */
static void ratio_value(FILE *f, const struct metric_row *r)
{
    char b[64];
    if (metric_row_withheld(r))
        html_withheld(f, r);
    else if (isnan(r->value))
        fputs("not calculable", f);
    else if (isinf(r->value))
        fputs("infinite", f);
    else
        fputs(num(b, sizeof b, r->value, 2), f);
}

/* An interval: ratios as "1.35 to 2.42", percentages, or points. */
enum unit { U_RATIO, U_PCT, U_PTS };

static void interval(FILE *f, const struct metric_row *r, enum unit u)
{
    char a[64], b[64];
    if (metric_row_withheld(r) || isnan(r->value)) {
        fputs("&#8211;", f);
        return;
    }
    if (isnan(r->low) || isnan(r->high) || r->status != STATS_OK) {
        fputs("no interval", f);
        return;
    }
    switch (u) {
    case U_RATIO:
        fprintf(f, "%s to %s", num(a, sizeof a, r->low, 2),
                isinf(r->high) ? "infinity" : num(b, sizeof b, r->high, 2));
        break;
    case U_PCT:
        fprintf(f, "%s to %s", pct(a, sizeof a, r->low), pct(b, sizeof b, r->high));
        break;
    case U_PTS:
        fprintf(f, "%s to %s", pts(a, sizeof a, r->low), pts(b, sizeof b, r->high));
        break;
    }
}

/* The sentence about R as a paragraph, with an optional escaped prefix. */
static void reading_p(struct page *p, struct span s, const struct metric_row *r, const char *prefix)
{
    char buf[1536];
    const struct metric_row *nr = NULL, *dr = NULL;
    if (r->reference)
        group_rows(s, r, &nr, &dr);
    html_sentence_rows(buf, sizeof buf, r, nr, dr, p->std);
    fputs("<p class=\"reading\">", p->f);
    if (prefix) {
        fputs("<strong>", p->f);
        esc(p->f, prefix);
        fputs(":</strong> ", p->f);
    }
    esc(p->f, buf);
    fputs("</p>\n", p->f);
}

/* ---- figures ---- */

static void figure_out(struct page *p, const struct html_figure *fig)
{
    FILE *f = p->f;
    char prefix[32];
    size_t k = ++p->fig_no;
    snprintf(prefix, sizeof prefix, "wqf%zu", k);
    bool nomem = false;
    char *svg = fig->svg ? svg_inline(fig->svg, prefix, fig->title, &nomem) : NULL;
    if (nomem)
        p->status = WQ_ENOMEM;
    if (!svg) {
        fprintf(f, "<div class=\"figure-missing\" id=\"figure-%zu\"><p><strong>Figure %zu. ", k, k);
        esc(f, fig->title);
        fputs("</strong> ", f);
        fputs(fig->svg ? "The chart was not included: its SVG was not safe to inline."
                       : "No chart could be drawn for this figure.",
              f);
        if (fig->caption) {
            fputc(' ', f);
            esc(f, fig->caption);
        }
        fputs("</p></div>\n", f);
        return;
    }
    char *named = fig->points ? html_points_svg(svg, fig->points) : NULL;
    if (fig->points && !named)
        p->status = WQ_ENOMEM;
    fprintf(f, "<figure id=\"figure-%zu\">\n", k);
    fputs(named ? named : svg, f);
    free(named);
    fprintf(f, "\n<figcaption><strong>Figure %zu. ", k);
    esc(f, fig->title);
    fputs("</strong>", f);
    if (fig->caption) {
        fputc(' ', f);
        esc(f, fig->caption);
    }
    fputs("</figcaption>\n</figure>\n", f);
    if (fig->points)
        html_points_key(f, fig->points, k, fig->points_name ? fig->points_name : "Point");
    free(svg);
}

/* Every figure of SECTION not yet placed. */
static void figures_for(struct page *p, const char *section)
{
    for (size_t i = 0; i < p->n_figs; i++) {
        if (p->fig_used[i] || !text_is(p->figs[i].section, section))
            continue;
        p->fig_used[i] = true;
        figure_out(p, &p->figs[i]);
    }
}

/* Figures of "metric M" and of NAME (e.g. "board"). */
static void figures_metric(struct page *p, const char *metric, const char *name)
{
    char sec[64];
    snprintf(sec, sizeof sec, "metric %s", metric);
    figures_for(p, sec);
    if (name)
        figures_for(p, name);
}

/* ---- tables ---- */

/* Group rates of METRIC/MEASURE in S (every group row, in table order). */
static void rates_table(struct page *p, struct span s, const char *metric, const char *measure,
                        const char *caption, const char *events, const char *base,
                        const char *rate)
{
    FILE *f = p->f;
    char a[64], b[64], c[64];
    bool any = false;
    for (size_t i = 0; i < s.n && !any; i++)
        any = text_is(s.rows[i].metric, metric) && text_is(s.rows[i].measure, measure) &&
              !s.rows[i].reference && !s.rows[i].workforce;
    if (!any)
        return;
    fputs(SCROLL "<table class=\"rates\">\n<caption>", f);
    esc(f, caption);
    fprintf(f, "</caption>\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" "
               "class=\"n\">%s</th><th scope=\"col\" class=\"n\">%s</th><th scope=\"col\" "
               "class=\"n\">%s</th><th scope=\"col\" class=\"n\">95%% interval</th></tr></thead>"
               "\n<tbody>\n",
            events, base, rate);
    for (size_t i = 0; i < s.n; i++) {
        const struct metric_row *r = &s.rows[i];
        if (!text_is(r->metric, metric) || !text_is(r->measure, measure) || r->reference ||
            r->workforce)
            continue;
        fputs("<tr><th scope=\"row\">", f);
        esc(f, r->group);
        if (metric_row_withheld(r)) {
            fputs("</th><td class=\"n\" colspan=\"4\">", f);
            html_withheld(f, r);
            fputs("</td></tr>\n", f);
            continue;
        }
        fprintf(f, "</th><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                   "<td class=\"n\">",
                cnt(a, sizeof a, r->count), cnt(b, sizeof b, r->base), pct(c, sizeof c, r->value));
        interval(f, r, U_PCT);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n", f);
}

/* Last year's figure for comparison row R as a cell: a relative likelihood,
 * or a difference in points; a dash when the history has none. */
static void last_year_cell(struct page *p, const struct metric_row *r)
{
    char b[64];
    int year;
    double v = html_last_year(p->history, p->std, r, p->o->year, &year);
    fputs("<td class=\"n\">", p->f);
    if (isnan(v))
        fputs("&#8211;", p->f);
    else if (text_is(r->statistic, STAT_RATIO))
        fprintf(p->f, "%s<br><span class=\"note\">(%d)</span>", num(b, sizeof b, v, 2), year);
    else
        fprintf(p->f, "%s&nbsp;pts<br><span class=\"note\">(%d)</span>", pts(b, sizeof b, v),
                year);
    fputs("</td>", p->f);
}

/* The key figures: every comparison in ROWS, as published, with interval,
 * flag and reading, then their sentences. */
static void comparison_block(struct page *p, struct span s, const struct metric_row *const *rows,
                             size_t n, const char *caption)
{
    FILE *f = p->f;
    if (!n)
        return;
    fputs("<div class=\"keyfig\">\n" SCROLL "<table class=\"cmp\">\n<caption>", f);
    esc(f, caption);
    fputs("</caption>\n<thead><tr><th scope=\"col\">Comparison</th><th scope=\"col\" class=\"n\">"
          "Relative likelihood (as published)</th><th scope=\"col\" class=\"n\">95% interval</th>",
          f);
    if (p->history && p->o->year)
        fputs("<th scope=\"col\" class=\"n\">Last year</th>", f);
    fputs("<th scope=\"col\">Flag</th><th scope=\"col\">Reading</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < n; i++) {
        const struct metric_row *r = rows[i];
        fputs("<tr><th scope=\"row\">", f);
        esc(f, r->group);
        fputs(" vs ", f);
        esc(f, r->reference);
        fputs("</th><td class=\"n fig\">", f);
        ratio_value(f, r);
        fputs("</td><td class=\"n\">", f);
        interval(f, r, U_RATIO);
        fputs("</td>", f);
        if (p->history && p->o->year)
            last_year_cell(p, r);
        fputs("<td>", f);
        flag_badges(f, r);
        fputs("</td><td>", f);
        direction_badge(f, p->std, r);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n", f);
    for (size_t i = 0; i < n; i++)
        reading_p(p, s, rows[i], NULL);
    fputs("</div>\n", f);
}

/* Comparison rows of METRIC/MEASURE in S (at most MAX), main one first. */
static size_t comparisons(const struct page *p, struct span s, const char *metric,
                          const char *measure, const struct metric_row **out, size_t max)
{
    size_t n = 0;
    const struct metric_row *main_row = NULL;
    for (size_t i = 0; i < s.n; i++) {
        const struct metric_row *r = &s.rows[i];
        if (!text_is(r->metric, metric) || !text_is(r->measure, measure) || !r->reference ||
            html_adjust_row(r))
            continue;
        if (!main_row && (text_is(r->group, focus_name(p)) || text_is(r->group, comp_name(p))))
            main_row = r;
    }
    if (main_row)
        out[n++] = main_row;
    for (size_t i = 0; i < s.n && n < max; i++) {
        const struct metric_row *r = &s.rows[i];
        if (r != main_row && text_is(r->metric, metric) && text_is(r->measure, measure) &&
            r->reference && !html_adjust_row(r))
            out[n++] = r;
    }
    return n;
}

/* --adjust: CRUDE's adjusted relative likelihood in words (html_adjust.c). */
static void adjusted_p(struct page *p, struct span s, const struct metric_row *crude)
{
    char buf[2048];
    if (!html_adjust_sentence(buf, sizeof buf, s.rows, s.n, crude, p->std))
        return;
    fputs("<p class=\"reading adjusted\">", p->f);
    esc(p->f, buf);
    fputs("</p>\n", p->f);
}

static void stub(FILE *f, const char *what)
{
    fputs("<p class=\"stub\"><strong>Not computed:</strong> ", f);
    fputs(what, f);
    fputs("</p>\n", f);
}

/* ---- sections ---- */

/* The stylesheet; $NAME$ is a colour of the palette (palette.h). */
static const char *const css[] = {
    ":root{color-scheme:light}",
    "*{box-sizing:border-box}",
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
    "body{margin:0 auto;max-width:180mm;padding:0 5mm 10mm;font-family:Arial,Helvetica,"
    "sans-serif;font-size:11pt;line-height:1.45;color:$text$;background:$white$}",
    ".banner{background:$blue$;color:$white$;margin:0 -5mm 5mm;padding:5mm 5mm 4mm;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}",
    ".banner h1{color:$white$;font-size:19pt;line-height:1.2;margin:0 0 1.5mm}",
    ".banner p{margin:0;font-size:10.5pt}",
    ".banner .kicker{font-weight:bold;font-size:9pt;letter-spacing:.04em;text-transform:uppercase}",
    "h2{color:$dark-blue$;font-size:15pt;line-height:1.25;margin:8mm 0 2.5mm;padding-bottom:1mm;"
    "border-bottom:2px solid $blue$}",
    "h3{color:$dark-blue$;font-size:12pt;margin:5mm 0 2mm}",
    "p{margin:0 0 2.5mm}",
    "a{color:$blue$}",
    ".summary{border:1px solid $blue$;border-left:8px solid $blue$;background:$pale$;"
    "padding:3mm 4mm 2mm;margin:0 0 5mm}",
    ".summary h2{margin-top:0;border:0;padding:0}",
    "dl.facts{display:grid;grid-template-columns:32mm 1fr;gap:1.2mm 4mm;margin:0 0 3mm}",
    "dl.facts dt{font-weight:bold;color:$dark-blue$}",
    "dl.facts dd{margin:0}",
    "dl.facts ul{margin:0;padding-left:5mm}",
    "ul.key{padding-left:5mm;margin:0 0 2mm}",
    "ul.key li{margin-bottom:1.2mm}",
    "table{width:100%;border-collapse:collapse;margin:2mm 0 3.5mm;font-size:9.5pt;"
    "line-height:1.35;background:$white$}",
    "caption{caption-side:top;text-align:left;font-weight:bold;color:$dark-blue$;padding:0 0 1mm}",
    "th,td{border-bottom:1px solid $grey-4$;padding:1.1mm 1.6mm;text-align:left;vertical-align:top;"
    "overflow-wrap:break-word;hyphens:manual}",
    "thead th{background:$grey-5$;border-bottom:2px solid $grey-1$;font-weight:bold;"
    "overflow-wrap:normal}",
    "th[scope=row]{font-weight:normal}",
    "table.glance th[scope=row]{white-space:nowrap}",
    "table.glance td:nth-child(2){width:32%}",
    "table.glance td:last-child{width:27%}",
    "table.glance td.fig{font-size:10.5pt}",
    "table.glance .badge,table.cmp .badge,table.survey .badge{white-space:normal}",
    "table.bd th[scope=row]{width:24%}",
    "table.bd .badge{white-space:normal}",
    "table.dq,table.narrow{width:auto;min-width:110mm}",
    "table.dq td.n{padding-left:8mm}",
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;overflow-wrap:normal}",
    "thead th.n{white-space:normal}",
    "td.fig{font-size:12pt;font-weight:bold;color:$dark-blue$}",
    "tr.sub th{background:$pale$;font-weight:bold;color:$dark-blue$}",
    "tr.total th,tr.total td{font-weight:bold;border-top:2px solid $grey-1$}",
    ".keyfig{border-left:4px solid $dark-blue$;padding:0 0 .5mm 3mm;margin:3mm 0 4mm}",
    ".keyfig table{margin-top:0}",
    "p.reading{background:$pale$;border-left:4px solid $blue$;padding:1.8mm 3mm;"
    "margin:0 0 2mm}",
    "p.stub{background:$pale-yellow$;border-left:4px solid $yellow$;padding:1.8mm 3mm}",
    ".badge{display:inline-block;padding:0 1.6mm;margin:0 .5mm .6mm 0;border:1px solid "
    "transparent;border-radius:1.2mm;font-size:8.5pt;font-weight:bold;line-height:1.55;"
    "white-space:nowrap}",
    /* the range flags are positions, not verdicts: one neutral look */
    ".b-adverse,.b-ok,.b-below{background:$white$;color:$text$;border-color:$grey-1$}",
    /* the verdicts from the direction of disadvantage (AA on white text) */
    ".b-worse{background:$red$;color:$white$}",
    ".b-better{background:$green$;color:$white$}",
    ".b-nc{background:$grey-5$;color:$text$;border-color:$grey-1$}",
    ".b-small{background:$yellow$;color:$text$}",
    ".b-real{background:$white$;color:$dark-blue$;border-color:$dark-blue$}",
    ".b-chance{background:$white$;color:$secondary$;border:1px dashed $grey-1$}",
    ".b-none,.b-withheld{background:$white$;color:$secondary$;border-color:$grey-3$}",
    "a.wh{white-space:normal;overflow-wrap:normal}",
    ".nfp{background:$light-yellow$;color:$text$;border:3px solid $red$;margin:0 -5mm;"
    "padding:3mm 5mm;font-size:11pt}",
    ".actions{border-left:4px solid $green$;padding:0 0 0 3mm;margin:2mm 0 4mm}",
    ".actions h3{margin:0 0 1mm;font-size:11pt}",
    ".actions ul,#action-plan ul{margin:0 0 2mm;padding-left:5mm}",
    "figure{margin:4mm 0 5mm;padding:0}",
    "figure svg{display:block;width:100%;max-width:170mm;height:auto;margin:0 auto}",
    "figcaption{font-size:9pt;color:$secondary$;margin-top:1.5mm}",
    ".figure-missing{border:1px dashed $grey-1$;padding:2mm 3mm;font-size:9.5pt;color:$secondary$}",
    ".note{font-size:9.5pt;color:$secondary$}",
    "blockquote{margin:0 0 3mm;padding:1.5mm 3mm;border-left:4px solid $grey-1$;background:$pale$}",
    "code{font-family:\"DejaVu Sans Mono\",Consolas,monospace;font-size:9pt;"
    "overflow-wrap:anywhere}",
    "nav.toc{font-size:9.5pt;margin:0 0 4mm}",
    "nav.toc ol{columns:2;margin:1mm 0 0;padding-left:6mm}",
    "ul.findings{padding-left:5mm;margin:0 0 2.5mm}",
    "ul.findings li{margin-bottom:1.2mm}",
    ".summary h3{margin-top:3mm}",
    ".scroll{overflow-x:auto;max-width:100%}",
    ".appendix h2{font-size:13pt}",
    "@media (max-width:600px){",
    "body{padding:0 3mm 6mm;font-size:10.5pt}",
    ".banner{margin:0 -3mm 4mm;padding:4mm 3mm 3mm}",
    ".banner h1{font-size:15pt}",
    "nav.toc ol{columns:1}",
    "dl.facts{grid-template-columns:1fr}",
    "table.dq,table.narrow{min-width:0}",
    "table.glance th[scope=row]{white-space:normal}",
    "}",
    "footer{margin-top:8mm;padding-top:2mm;border-top:1px solid $grey-4$;font-size:8.5pt;"
    "color:$secondary$}",
    "@page{size:A4;margin:15mm}",
    "@media print{",
    "body{max-width:none;padding:0;font-size:9pt;line-height:1.3}",
    ".banner{margin:0 0 3mm;padding:3mm 4mm}",
    "nav.toc{display:none}",
    "h2{margin:4mm 0 1.5mm;font-size:13pt}",
    "h3{margin:3mm 0 1.5mm}",
    "table{font-size:8pt;line-height:1.2;margin:1mm 0 2mm}",
    "th,td{padding:.4mm 1.2mm}",
    ".badge{font-size:7pt;line-height:1.3;margin-bottom:.3mm}",
    "td.fig,table.glance td.fig{font-size:9.5pt}",
    "p.reading{padding:1mm 2mm;margin-bottom:1mm}",
    "figure{margin:2mm 0 3mm}",
    "figcaption{font-size:7.5pt;line-height:1.25;margin-top:.5mm}",
    "figure svg{max-height:75mm;width:auto;max-width:100%}",
    /* many small charts: two to a row */
    "#trends figure,#breakdowns figure{display:inline-block;width:48%;vertical-align:top;"
    "margin:1mm 0}",
    "#trends figure:nth-of-type(odd),#breakdowns figure:nth-of-type(odd){margin-right:3%}",
    "#trends figure svg,#breakdowns figure svg{width:100%;max-height:none}",
    ".scroll{overflow:visible}",
    "section.appendix{break-before:page;page-break-before:always}",
    "h2,h3,caption,figcaption{break-after:avoid;page-break-after:avoid}",
    "table.cmp,table.rates,figure,.keyfig,p.reading,tr,li,dl.facts,.figure-missing,blockquote"
    "{break-inside:avoid;page-break-inside:avoid}",
    "thead{display:table-header-group}",
    "a{color:inherit;text-decoration:none}",
    "}",
};

static void page_head(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    if (p->o->trust) { /* --trust: the trust's name leads the title and the kicker */
        esc(f, p->o->trust);
        fputs(": ", f);
    }
    esc(f, std->name);
    if (p->o->year)
        fprintf(f, " %d/%02d", p->o->year - 1, p->o->year % 100);
    fputs(" board report: ", f);
    esc(f, std->title);
    fputs("</title>\n<style>\n", f);
    for (size_t i = 0; i < sizeof css / sizeof *css; i++) {
        palette_put(f, css[i]); /* $NAME$: a colour of palette.h */
        fputc('\n', f);
    }
    fputs("</style>\n</head>\n<body>\n", f);
    html_pub_banner(f, p->o);
    fputs("<header class=\"banner\">\n<p class=\"kicker\">", f);
    if (p->o->trust) {
        esc(f, p->o->trust);
        fputs(" &middot; ", f);
    }
    fputs("NHS workforce equality &middot; board report</p>\n<h1>", f);
    esc(f, std->title);
    fputs(" (", f);
    esc(f, std->name);
    fputs(")", f);
    if (p->o->year)
        fprintf(f, " %d/%02d", p->o->year - 1, p->o->year % 100);
    fputs("</h1>\n<p>", f);
    esc(f, focus_name(p));
    fputs(" compared with ", f);
    esc(f, comp_name(p));
    fputs(" staff", f);
    if (p->o->year)
        fprintf(f, ", the year 1 April %d to 31 March %d", p->o->year - 1, p->o->year);
    fputs("</p>\n</header>\n", f);
}

/* Inputs not given, and the metrics they would have given. */
static void not_supplied(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    bool wres = std->characteristic == CHAR_ETHNICITY;
    const struct {
        enum input_kind in;
        const char *what;
    } needs[] = {
        {IN_STAFF, "metric 1, declaration and every staff rate (--staff)"},
        {IN_LEAVERS, "leavers (--leavers)"},
        {IN_RECRUITMENT, "metric 2 (--recruitment)"},
        {IN_CASES, "metric 3 (--cases)"},
        {IN_TRAINING, "metric 4 (--training)"},
        {IN_SURVEY, wres ? "metrics 5 to 8 (--survey)" : "metrics 4 to 9a (--survey)"},
        {IN_BOARD, wres ? "metric 9 (--board)" : "metric 10 (--board)"},
    };
    bool any = false;
    for (size_t i = 0; i < sizeof needs / sizeof *needs; i++) {
        if ((needs[i].in == IN_TRAINING && !wres) || p->w->acc[needs[i].in].present)
            continue;
        fputs(any ? "</li><li>" : "<ul><li>", f);
        fputs(needs[i].what, f);
        any = true;
    }
    if (std->has_voices && p->o->voices < 0) {
        fputs(any ? "</li><li>" : "<ul><li>", f);
        fputs("metric 9b (9b = yes|no in the config)", f);
        any = true;
    }
    fputs(any ? "</li></ul>" : "Nothing: every input was supplied.", f);
}

/* One line of the at-a-glance table. */
static void glance_row(struct page *p, const struct metric_row *r, const char *anchor,
                       const char *label, const char *what, bool points)
{
    FILE *f = p->f;
    char b[64];
    fprintf(f, "<tr><th scope=\"row\"><a href=\"#%s\">", anchor);
    esc(f, label);
    fputs("</a></th><td>", f);
    esc(f, what);
    fputs("</td><td class=\"n fig\">", f);
    if (points) {
        if (metric_row_withheld(r))
            html_withheld(f, r);
        else if (isnan(r->value))
            fputs("n/a", f);
        else if (text_is(r->metric, p->std->board_metric) ||
                 (r->survey && !text_is(r->measure, "engagement")))
            fprintf(f, "%s&nbsp;pts", pts(b, sizeof b, r->value));
        else
            fputs(num(b, sizeof b, r->value, 1), f);
        fputs("</td><td class=\"n\">", f);
        if (text_is(r->metric, p->std->board_metric))
            fputs("none (full count)", f);
        else
            interval(f, r, U_PTS);
    } else {
        ratio_value(f, r);
        fputs("</td><td class=\"n\">", f);
        interval(f, r, U_RATIO);
    }
    fputs("</td>", f);
    if (p->history && p->o->year)
        last_year_cell(p, r);
    fputs("<td>", f);
    flag_badges(f, r);
    if (text_is(r->statistic, STAT_RATIO) || metric_row_withheld(r))
        fputc(' ', f);
    direction_badge(f, p->std, r);
    if (text_is(r->metric, p->std->board_metric))
        fputs(" <span class=\"note\">a count, not a sample</span>", f);
    fputs("</td></tr>\n", f);
}

static const char *measure_words(const char *measure)
{
    static const struct {
        const char *id, *words;
    } map[] = {
        {"leaving", "leaving"},
        {"appointed_from_shortlisting", "appointment from shortlisting"},
        {"formal_disciplinary", "entering the formal disciplinary process"},
        {"formal_capability", "entering the formal capability process"},
        {"non_mandatory_training", "accessing non-mandatory training and CPD"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (text_is(measure, map[i].id))
            return map[i].words;
    return measure ? measure : "";
}

/* Appendix B's facts: the standard, the year, the inputs (files and rows)
 * and what was not supplied. */
static void facts(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    const struct workforce *w = p->w;
    char a[64], b[64];
    fputs("<h3 id=\"inputs\">Inputs</h3>\n<dl class=\"facts\">\n<dt>Standard</dt><dd>", f);
    esc(f, std->name);
    fputs(": ", f);
    esc(f, std->title);
    fputs(". It compares ", f);
    esc(f, focus_name(p));
    fputs(" with ", f);
    esc(f, comp_name(p));
    fputs(" staff; ", f);
    esc(f, std->group_names[std->unknown]);
    fputs(" (not stated) is counted and shown but is in neither group of a comparison.</dd>\n"
          "<dt>Reporting year</dt><dd>",
          f);
    if (p->o->year)
        fprintf(f, "1 April %d to 31 March %d (the year ending 31 March %d)", p->o->year - 1,
                p->o->year, p->o->year);
    else
        fputs("not set: every leaver and record in the files counts, whatever its date", f);
    fputs("</dd>\n<dt>Inputs used</dt><dd>", f);
    bool any = false;
    for (size_t i = 0; i < IN_N; i++) {
        const struct input_account *ac = &w->acc[i];
        if (!ac->present)
            continue;
        fputs(any ? "</li><li>" : "<ul><li>", f);
        esc(f, ac->role);
        fputs(": <code>", f);
        esc(f, ac->shown);
        fprintf(f, "</code> (%s of %s rows used)", cnt(a, sizeof a, (double)ac->rows_used),
                cnt(b, sizeof b, (double)ac->rows_read));
        any = true;
    }
    fputs(any ? "</li></ul>" : "none", f);
    fputs("</dd>\n<dt>Not supplied</dt><dd>", f);
    not_supplied(p);
    fputs("</dd>\n", f);
    if (p->o->suppress)
        fprintf(f, "<dt>Publication mode</dt><dd>On: counts from 1 to %u, and the rates and "
                   "comparisons built on them, are withheld; staff-survey groups under %u "
                   "respondents are withheld too, and so are further counts wherever needed so "
                   "that no withheld count can be worked out, or narrowed to a range under "
                   "%u, from the published figures.</dd>\n",
                p->o->suppress - 1, p->o->suppress > 11 ? p->o->suppress : 11, p->o->suppress);
    fputs("</dl>\n", f);
}

/* The figures at a glance: every main comparison of the whole trust, with
 * last year's figure when there is a history. */
static void glance(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    bool last = p->history && p->o->year;
    fputs(SCROLL "<table class=\"glance\">\n"
          "<caption>The figures at a glance (whole trust)</caption>\n"
          "<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">What is compared</th>"
          "<th scope=\"col\" class=\"n\">Figure (as published)</th><th scope=\"col\" "
          "class=\"n\">95% interval</th>",
          f);
    if (last)
        fputs("<th scope=\"col\" class=\"n\">Last year</th>", f);
    fputs("<th scope=\"col\">Flag and reading</th></tr></thead>\n<tbody>\n", f);
    size_t rows = 0;
    for (size_t k = 0; k < 2 * s.n; k++) {
        /* leavers first, as in the page */
        const struct metric_row *r = &s.rows[k % s.n];
        char label[64], what[512], anchor[32];
        if (!r->reference ||
            !(text_is(r->group, focus_name(p)) || text_is(r->group, comp_name(p))) ||
            (k < s.n) != text_is(r->metric, "leavers") || text_is(r->metric, METRIC_ESR_SURVEY) ||
            html_adjust_row(r))
            continue; /* ESR against the survey: a check on the data, in "declaration";
                         adjusted ratios: in their metric's section */
        struct about ab = about_row(r, std);
        if (text_is(r->metric, "leavers")) {
            snprintf(anchor, sizeof anchor, "leavers");
            snprintf(label, sizeof label, "Leavers");
        } else if (ab.board) {
            if (!text_is(r->group, focus_name(p)))
                continue;
            snprintf(anchor, sizeof anchor, "board");
            snprintf(label, sizeof label, "Metric %s", r->metric);
        } else if (ab.sm) {
            snprintf(anchor, sizeof anchor, "%s", ab.sm->is_score ? "engagement" : "survey");
            snprintf(label, sizeof label, "Metric %s", r->metric);
        } else {
            snprintf(anchor, sizeof anchor, "metric-%.20s", r->metric);
            snprintf(label, sizeof label, "Metric %.40s", r->metric);
        }
        if (ab.board)
            snprintf(what, sizeof what, "%s share of the %s minus their share of the workforce",
                     r->group, text_is(r->measure, "board_voting")      ? "voting board members"
                               : text_is(r->measure, "board_executive") ? "executive board members"
                                                                   : "board");
        else if (ab.sm)
            snprintf(what, sizeof what, "%s minus %s: %s", r->group, r->reference, ab.sm->text);
        else
            snprintf(what, sizeof what, "%s vs %s %s: %s", r->group, r->reference, ab.who,
                     measure_words(r->measure));
        glance_row(p, r, anchor, label, what, !text_is(r->statistic, STAT_RATIO));
        rows++;
    }
    if (!rows)
        fprintf(f, "<tr><td colspan=\"%d\">No comparison could be made from the inputs given."
                   "</td></tr>\n",
                last ? 6 : 5);
    fputs("</tbody>\n</table></div>\n", f);
}

/* How to read the badges and figures (Appendix B). */
static void key(struct page *p)
{
    FILE *f = p->f;
    fputs("<h3 id=\"how-to-read\">How to read this report</h3>\n<ul class=\"key\">\n"
          "<li><strong>Relative likelihood</strong>: how many times as likely one group is as "
          "the other to be appointed, to leave, to enter a formal process ... Each metric "
          "names the group that comes first (for example &#8220;",
          f);
    esc(f, focus_name(p));
    fputs(" vs ", f);
    esc(f, comp_name(p));
    fputs("&#8221;). <strong>1.00 is parity</strong>: both groups are equally likely.</li>\n"
          "<li><strong>Non-adverse range " STATS_RANGE_TEXT "</strong>: NHS England's guide (the "
          "four-fifths rule it applies to the disciplinary metric); this report applies it to "
          "every relative likelihood, as a guide, not a verdict. Flags: ",
          f);
    badge(f, "b-ok", "\u25CF", "non-adverse");
    fputs(" " STATS_RANGE_TEXT ", ", f);
    badge(f, "b-adverse", "\u25B2", "adverse");
    fputs(" above " STATS_RANGE_HIGH_TEXT ", ", f);
    badge(f, "b-below", "\u25BC", "below range");
    fputs(" below " STATS_RANGE_LOW_TEXT ", ", f);
    badge(f, "b-nc", "", "not calculable");
    fputs(" when a group has no one or no events.</li>\n"
          "<li><strong>95% interval</strong>: the range of values the data are consistent "
          "with. The intervals are this toolkit's addition; the official figures are the "
          "point estimates.</li>\n<li>",
          f);
    fputs("<strong>Direction</strong>: for each metric the catalogue knows which side of "
          "parity is worse for ",
          f);
    esc(f, focus_name(p));
    fputs(" staff (a higher relative likelihood of a disciplinary case, a lower one of "
          "appointment ... in the direction the metric is written; more harassment, fewer "
          "believing there are equal opportunities). ",
          f);
    char words[96];
    badge(f, "b-worse", "\u2715", verdict_words(words, sizeof words, VERDICT_WORSE, p->std));
    fputs(" and ", f);
    badge(f, "b-better", "\u2713", verdict_words(words, sizeof words, VERDICT_BETTER, p->std));
    fputs(": the whole 95% interval lies on that side of parity, so the difference is "
          "unlikely to be chance. ",
          f);
    badge(f, "b-chance", "\u2248", "no clear difference");
    fputs(": the interval includes parity. The board is counted in full, so its direction "
          "is read from the figure itself.</li>\n<li>",
          f);
    badge(f, "b-real", "", "unlikely to be chance");
    fputs(": the interval excludes parity (1 for a relative likelihood, 0 for a difference "
          "in percentage points). ",
          f);
    badge(f, "b-chance", "", "could be chance");
    fputs(": it includes parity, so the data cannot tell a real difference from random "
          "variation.</li>\n<li>",
          f);
    badge(f, "b-small", "!", "small numbers");
    fprintf(f, ": fewer than %d events or %d people in a group; such figures can change a "
               "lot from year to year.</li>\n",
            SMALL_EVENTS, SMALL_BASE);
    fputs("<li><strong>Percentage points</strong> (staff survey, board): the difference "
          "between two percentages, for example 34% and 49% differ by 15 points.</li>\n"
          "<li>Figures are <strong>rounded half away from zero</strong> to two decimals, as "
          "Excel and the published templates do; the metrics CSV keeps full precision.</li>\n"
          "</ul>\n",
          f);
}

static void toc(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    fputs("<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong><ol>\n"
          "<li><a href=\"#metric-1\">Metric 1: the workforce</a></li>\n"
          "<li><a href=\"#leavers\">Leavers</a></li>\n"
          "<li><a href=\"#declaration\">Declaration</a></li>\n",
          f);
    for (size_t i = 0; i < std->n_ratios; i++) {
        fprintf(f, "<li><a href=\"#metric-%s\">Metric %s: ", std->ratios[i].metric,
                std->ratios[i].metric);
        esc(f, measure_words(std->ratios[i].measure));
        fputs("</a></li>\n", f);
    }
    fputs("<li><a href=\"#survey\">Staff survey</a></li>\n", f);
    if (std->has_voices)
        fputs("<li><a href=\"#engagement\">Metrics 9a and 9b</a></li>\n", f);
    fprintf(f, "<li><a href=\"#board\">Metric %s: the board</a></li>\n", std->board_metric);
    fputs("<li><a href=\"#trends\">Trends</a></li>\n", f);
    if (p->o->n_actions)
        fputs("<li><a href=\"#action-plan\">Action plan</a></li>\n", f);
    fputs("<li><a href=\"#breakdowns\">Appendix A: breakdowns</a></li>\n"
          "<li><a href=\"#appendix-a\">Appendix B: how to read this report, and the inputs"
          "</a></li>\n"
          "<li><a href=\"#data-quality\">Appendix C: data quality</a></li>\n"
          "<li><a href=\"#methods\">Appendix D: methods</a></li>\n</ol></nav>\n",
          f);
}

/* The config's actions for one metric (html_pub.h). */
static void metric_actions(struct page *p, const char *metric)
{
    html_actions(p->f, p->o, &metric, 1);
}

/* ... for the survey's metrics (SCORE: 9a and 9b), each once. */
static void survey_actions(struct page *p, bool score)
{
    const char *ids[33];
    size_t n = 0;
    for (size_t i = 0; i < p->std->n_survey && n < 32; i++) {
        const char *m = p->std->survey[i].metric;
        bool seen = p->std->survey[i].is_score != score;
        for (size_t k = 0; k < n && !seen; k++)
            seen = text_is(ids[k], m);
        if (!seen)
            ids[n++] = m;
    }
    if (score && p->std->has_voices)
        ids[n++] = "9b";
    html_actions(p->f, p->o, ids, n);
}

/* Metric 1's line for band row R (the first group's) of HALF (H: 0
 * clinical, 1 non-clinical, 2 the whole workforce; TOTAL: the half's
 * total): each group's count and share, then the band's total. */
static void metric1_line(struct page *p, const struct metric_row *r, int h, const char *half,
                         bool total)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    char a[64], b[64];
    fprintf(f, "<tr%s><th scope=\"row\">", total ? " class=\"total\"" : "");
    if (h == 2)
        fputs("Whole workforce", f);
    else if (total)
        fprintf(f, "All %s staff", h == 0 ? "clinical" : "non-clinical");
    else
        esc(f, r->band);
    fputs("</th>", f);
    for (int g = 0; g < 3; g++) {
        const struct metric_row *cell =
            find(p->trust, "1", "workforce", half, r->band, std->group_names[g], NULL);
        if (cell && metric_row_withheld(cell)) {
            fputs("<td class=\"n\" colspan=\"2\">", f);
            html_withheld(f, cell);
            fputs("</td>", f);
            continue;
        }
        if (!cell) {
            fputs("<td class=\"n\">&#8211;</td><td class=\"n\">&#8211;</td>", f);
            continue;
        }
        fprintf(f, "<td class=\"n\">%s</td><td class=\"n\">%s</td>",
                cnt(a, sizeof a, cell->count), pct(b, sizeof b, cell->value));
    }
    fputs("<td class=\"n\">", f);
    cnt_cell(f, r, r->base);
    fputs("</td></tr>\n", f);
}

/* Metric 1's table: the rows of each half of the workforce (clinical,
 * non-clinical), then the whole workforce's. */
static void metric1_table(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    bool wdes = std->characteristic == CHAR_DISABILITY;
    fputs(SCROLL "<table class=\"m1\">\n<caption>Headcount by ", f);
    fputs(wdes ? "cluster" : "pay band", f);
    fputs(", clinical and non-clinical staff (number, and % of the row; rows with no staff are "
          "not shown)</caption>\n<thead><tr><th scope=\"col\">",
          f);
    fputs(wdes ? "Cluster" : "Pay band", f);
    fputs("</th>", f);
    for (int g = 0; g < 3; g++) {
        fputs("<th scope=\"col\" class=\"n\">", f);
        esc(f, std->group_names[g]);
        fputs("</th><th scope=\"col\" class=\"n\">% ", f);
        esc(f, std->group_names[g]);
        fputs("</th>", f);
    }
    fputs("<th scope=\"col\" class=\"n\">Total</th></tr></thead>\n", f);
    static const char *const halves[2] = {"Clinical", "Non-clinical"};
    for (int h = 0; h < 3; h++) {
        const char *half = h < 2 ? halves[h] : "All";
        if (h < 2)
            fprintf(f, "<tbody>\n<tr class=\"sub\"><th scope=\"rowgroup\" colspan=\"8\">%s "
                       "staff</th></tr>\n",
                    half);
        else
            fputs("<tbody>\n", f);
        for (size_t i = 0; i < s.n; i++) {
            const struct metric_row *r = &s.rows[i];
            if (!text_is(r->metric, "1") || !text_is(r->workforce, half) ||
                !text_is(r->group, std->group_names[0]))
                continue;
            bool total = text_is(r->band, "All");
            if ((!total && !(r->base > 0)) || (h == 2 && !total))
                continue;
            metric1_line(p, r, h, half, total);
        }
        fputs("</tbody>\n", f);
    }
    fputs("</table></div>\n", f);
}

static void sec_metric1(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    bool wdes = std->characteristic == CHAR_DISABILITY;
    char a[64], b[64], c[64];
    fprintf(f, "<section id=\"metric-1\">\n<h2>Metric 1: the workforce by %s</h2>\n",
            wdes ? "cluster" : "pay band");
    const struct metric_row *all = find(s, "1", "workforce", "All", "All", std->group_names[0], NULL);
    const struct metric_row *fa = find(s, "1", "workforce", "All", "All", focus_name(p), NULL);
    if (!all || !fa) {
        stub(f, "the staff in post was not supplied (--staff FILE).");
        figures_metric(p, "1", NULL);
        fputs("</section>\n", f);
        return;
    }
    const struct metric_row *fc = find(s, "1", "workforce", "Clinical", "All", focus_name(p), NULL);
    const struct metric_row *fn = find(s, "1", "workforce", "Non-clinical", "All", focus_name(p), NULL);
    fputs("<p class=\"reading\">", f);
    esc(f, focus_name(p));
    if (metric_row_withheld(fa)) {
        fputs(" staff's share of the workforce is ", f);
        html_withheld(f, fa);
    } else {
        fprintf(f, " staff are %s of the workforce (%s of %s)", pct(a, sizeof a, fa->value),
                cnt(b, sizeof b, fa->count), cnt(c, sizeof c, fa->base));
    }
    if (fc && fn && !metric_row_withheld(fc) && !metric_row_withheld(fn))
        fprintf(f, ": %s of clinical and %s of non-clinical staff", pct(a, sizeof a, fc->value),
                pct(b, sizeof b, fn->value));
    fputs(".</p>\n", f);
    metric1_table(p);
    /* --detail: the focus group by category */
    bool detail = false;
    for (int d = DET_ASIAN; d <= DET_OTHER; d++) {
        const struct metric_row *r =
            find(s, "1", "workforce", "All", "All", vocab_eth_detail_name((enum eth_detail)d), NULL);
        if (!r)
            continue;
        fputs(detail ? "; " : "<p>By category, of the whole workforce: ", f);
        esc(f, r->group);
        fprintf(f, " %s (%s)", cnt(a, sizeof a, r->count), pct(b, sizeof b, r->value));
        detail = true;
    }
    if (detail)
        fputs(".</p>\n", f);
    metric_actions(p, "1");
    figures_metric(p, "1", NULL);
    fputs("</section>\n", f);
}

static void sec_leavers(struct page *p)
{
    FILE *f = p->f;
    struct span s = p->trust;
    const struct metric_row *cmp[8];
    fputs("<section id=\"leavers\">\n<h2>Leavers</h2>\n", f);
    size_t n = comparisons(p, s, "leavers", "leaving", cmp, 8);
    if (!n) {
        stub(f, p->w->acc[IN_LEAVERS].present ? "there is no leaver rate (no staff in post)."
                                               : "the leavers file was not supplied (--leavers "
                                                 "FILE).");
    } else {
        fputs("<p class=\"note\">Leavers in ", f);
        if (p->o->year)
            fprintf(f, "the year 1 April %d to 31 March %d", p->o->year - 1, p->o->year);
        else
            fputs("the file (no reporting year was set)", f);
        fputs(" over the ", f);
        fputs(p->w->acc[IN_START].present
                  ? "average of the start- and end-of-year headcounts"
                  : "headcount at the end of the year",
              f);
        fputs(". A local metric, not part of the national submission.</p>\n", f);
        rates_table(p, s, "leavers", "leaving", "Leavers by group", "Leavers",
                    p->w->acc[IN_START].present ? "Average headcount" : "Headcount",
                    "Leaver rate");
        char cap[256];
        snprintf(cap, sizeof cap, "Relative likelihood of leaving, %s vs %s staff", cmp[0]->group,
                 cmp[0]->reference);
        comparison_block(p, s, cmp, n, cap);
        adjusted_p(p, s, cmp[0]);
    }
    figures_metric(p, "leavers", "leavers");
    fputs("</section>\n", f);
}

static void sec_declaration(struct page *p)
{
    FILE *f = p->f;
    struct span s = p->trust;
    const struct standard *std = p->std;
    char a[64], b[64], c[64];
    fputs("<section id=\"declaration\">\n<h2>Declaration: how complete the records are</h2>\n", f);
    const struct metric_row *staff = find(s, "declaration", "declaration", NULL, NULL, "Known", NULL);
    const struct metric_row *board = find(s, "declaration", "declaration", "Board", NULL, "Known", NULL);
    if (!staff && !board) {
        stub(f, "the staff in post was not supplied (--staff FILE).");
    } else {
        if (staff && !metric_row_withheld(staff)) {
            char what[64];
            snprintf(what, sizeof what, "%s", std->declared_what);
            if (what[0] >= 'a' && what[0] <= 'z')
                what[0] = (char)(what[0] - 'a' + 'A');
            fputs("<p class=\"reading\">", f);
            esc(f, what);
            fprintf(f, " is recorded (%s or %s) for %s of staff (%s of %s); the rest are ",
                    std->group_names[std->focus], std->group_names[std->comparator],
                    pct(a, sizeof a, staff->value), cnt(b, sizeof b, staff->count),
                    cnt(c, sizeof c, staff->base));
            esc(f, std->group_names[std->unknown]);
            fputs(" and are in neither group of a comparison.</p>\n", f);
        }
        fputs(SCROLL "<table>\n<caption>Records with a known ", f);
        esc(f, std->declared_what);
        fputs("</caption>\n<thead><tr><th scope=\"col\">Who</th><th scope=\"col\" class=\"n\">"
              "Known</th><th scope=\"col\" class=\"n\">Total</th><th scope=\"col\" class=\"n\">"
              "% known</th><th scope=\"col\" class=\"n\">95% interval</th></tr></thead>\n"
              "<tbody>\n",
              f);
        const struct metric_row *rows[2] = {staff, board};
        const char *who[2] = {"Staff in post", "Board members"};
        for (int k = 0; k < 2; k++) {
            const struct metric_row *r = rows[k];
            if (!r)
                continue;
            fprintf(f, "<tr><th scope=\"row\">%s</th>", who[k]);
            if (metric_row_withheld(r)) {
                fputs("<td class=\"n\" colspan=\"4\">", f);
                html_withheld(f, r);
                fputs("</td></tr>\n", f);
                continue;
            }
            fprintf(f, "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                       "<td class=\"n\">",
                    cnt(a, sizeof a, r->count), cnt(b, sizeof b, r->base),
                    pct(c, sizeof c, r->value));
            interval(f, r, U_PCT);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody>\n</table></div>\n", f);
        html_esr_survey(f, s.rows, s.n, std);
    }
    figures_metric(p, "declaration", "declaration");
    fputs("</section>\n", f);
}

static void sec_ratio(struct page *p, const struct ratio_metric *m)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    const char *who = m->source == SRC_RECRUITMENT ? "applicants" : "staff";
    const char *num_g = std->group_names[m->focus_first ? std->focus : std->comparator];
    const char *den_g = std->group_names[m->focus_first ? std->comparator : std->focus];
    fprintf(f, "<section id=\"metric-%s\">\n<h2>Metric %s: ", m->metric, m->metric);
    esc(f, measure_words(m->measure));
    fputs("</h2>\n<p>The relative likelihood of ", f);
    esc(f, num_g);
    fprintf(f, " %s compared with ", who);
    esc(f, den_g);
    fprintf(f, " %s to ", who);
    esc(f, m->verb);
    fputs(".</p>\n", f);
    const struct metric_row *cmp[8]; /* the standard's, and --detail's five */
    size_t n = comparisons(p, s, m->metric, m->measure, cmp, 8);
    if (!n) {
        stub(f, m->source == SRC_RECRUITMENT ? "the recruitment file was not supplied "
                                               "(--recruitment FILE)."
                : m->source == SRC_CASES
                    ? (std->characteristic == CHAR_ETHNICITY
                           ? "the disciplinary cases were not supplied (--cases FILE)."
                           : "the capability cases were not supplied (--cases FILE).")
                    : "the training records were not supplied (--training FILE).");
    } else {
        if (cmp[0]->note && !metric_row_withheld(cmp[0])) {
            fputs("<p class=\"note\">Cases counted: ", f);
            esc(f, cmp[0]->note);
            fputs(".</p>\n", f);
        }
        char cap[256];
        if (m->source == SRC_RECRUITMENT) {
            rates_table(p, s, m->metric, "shortlisted_from_applications",
                        "Shortlisting from applications (for context)", "Shortlisted",
                        "Applications", "Rate");
            rates_table(p, s, m->metric, m->measure, "Appointment from shortlisting",
                        "Appointed", "Shortlisted", "Rate");
        } else if (m->source == SRC_CASES) {
            rates_table(p, s, m->metric, m->measure, "People entering the formal process",
                        "People", "Headcount", "Rate");
        } else {
            rates_table(p, s, m->metric, m->measure, "People accessing non-mandatory training",
                        "People", "Headcount", "Rate");
        }
        snprintf(cap, sizeof cap, "Relative likelihood, %s vs %s %s", cmp[0]->group,
                 cmp[0]->reference, who);
        comparison_block(p, s, cmp, n, cap);
        adjusted_p(p, s, cmp[0]);
    }
    metric_actions(p, m->metric);
    figures_metric(p, m->metric, NULL);
    fputs("</section>\n", f);
}

/* A survey group cell: "34.00%" and the respondents. */
static void survey_cell(FILE *f, const struct metric_row *r, bool score)
{
    char a[64], b[64];
    fputs("<td class=\"n\">", f);
    if (!r)
        fputs("not asked", f);
    else if (metric_row_withheld(r))
        html_withheld(f, r);
    else
        fprintf(f, "%s<br><span class=\"note\">n=%s</span>",
                score ? num(a, sizeof a, r->value, 1) : pct(a, sizeof a, r->value),
                cnt(b, sizeof b, r->base));
    fputs("</td>", f);
}

/* The survey table's line for question M: each group's percentage, the
 * difference with its interval (and last year's), and its reading. */
static void survey_line(struct page *p, const struct survey_metric *m)
{
    FILE *f = p->f;
    struct span s = p->trust;
    char a[64];
    const struct metric_row *rf = find(s, m->metric, m->measure, NULL, NULL, focus_name(p), NULL);
    const struct metric_row *rc =
        m->focus_only ? NULL : find(s, m->metric, m->measure, NULL, NULL, comp_name(p), NULL);
    const struct metric_row *d =
        find(s, m->metric, m->measure, NULL, NULL, focus_name(p), comp_name(p));
    if (!rf && !rc)
        return;
    fprintf(f, "<tr><th scope=\"row\">%s</th><td>", m->metric);
    esc(f, m->text);
    fputs("</td>", f);
    survey_cell(f, rf, false);
    survey_cell(f, rc, false);
    fputs("<td class=\"n\">", f);
    if (!d)
        fputs("&#8211;", f);
    else if (metric_row_withheld(d))
        html_withheld(f, d);
    else
        fputs(pts(a, sizeof a, d->value), f);
    fputs("</td><td class=\"n\">", f);
    if (d)
        interval(f, d, U_PTS);
    else
        fputs("&#8211;", f);
    fputs("</td>", f);
    if (p->history && p->o->year && d)
        last_year_cell(p, d);
    else if (p->history && p->o->year)
        fputs("<td class=\"n\">&#8211;</td>", f);
    fputs("<td>", f);
    if (d)
        direction_badge(f, p->std, d);
    else
        fputs(m->focus_only ? "Disabled staff only" : "", f);
    fputs("</td></tr>\n", f);
}

/* The survey's table of percentages (its heads, then survey_line for each
 * question), then a reading of each. */
static void survey_table(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    fputs("<p>The percentages of respondents as the staff survey publishes them, and the "
          "difference (",
          f);
    esc(f, focus_name(p));
    fputs(" minus ", f);
    esc(f, comp_name(p));
    fputs(") in percentage points with Newcombe's 95% interval. For harassment, "
          "discrimination and pressure a higher percentage is worse; for equal "
          "opportunities, reporting, feeling valued and adjustments higher is better.</p>\n",
          f);
    fputs(SCROLL "<table class=\"survey\">\n<caption>Staff survey results</caption>\n"
          "<thead><tr>"
          "<th scope=\"col\">Metric</th><th scope=\"col\">Question</th><th scope=\"col\" "
          "class=\"n\">",
          f);
    esc(f, focus_name(p));
    fputs("</th><th scope=\"col\" class=\"n\">", f);
    esc(f, comp_name(p));
    fputs("</th><th scope=\"col\" class=\"n\">Difference (points)</th><th scope=\"col\" "
          "class=\"n\">95% interval</th>",
          f);
    if (p->history && p->o->year)
        fputs("<th scope=\"col\" class=\"n\">Last year</th>", f);
    fputs("<th scope=\"col\">Reading</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < std->n_survey; i++)
        if (!std->survey[i].is_score)
            survey_line(p, &std->survey[i]);
    fputs("</tbody>\n</table></div>\n<div class=\"readings\">\n", f);
    for (size_t i = 0; i < std->n_survey; i++) {
        const struct survey_metric *m = &std->survey[i];
        if (m->is_score)
            continue;
        const struct metric_row *d = find(s, m->metric, m->measure, NULL, NULL, focus_name(p),
                                          comp_name(p));
        const struct metric_row *rf = find(s, m->metric, m->measure, NULL, NULL,
                                           focus_name(p), NULL);
        char label[32];
        snprintf(label, sizeof label, "Metric %s", m->metric);
        if (d)
            reading_p(p, s, d, label);
        else if (rf && m->focus_only)
            reading_p(p, s, rf, label);
    }
    fputs("</div>\n", f);
}

static void sec_survey(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    bool wres = std->characteristic == CHAR_ETHNICITY;
    fprintf(f, "<section id=\"survey\">\n<h2>Staff survey: metrics %s</h2>\n",
            wres ? "5 to 8" : "4 to 8");
    bool any = false;
    for (size_t i = 0; i < std->n_survey && !any; i++)
        any = !std->survey[i].is_score &&
              (find(s, std->survey[i].metric, std->survey[i].measure, NULL, NULL, focus_name(p),
                    NULL) ||
               find(s, std->survey[i].metric, std->survey[i].measure, NULL, NULL, comp_name(p),
                    NULL));
    if (!any)
        stub(f, "the staff-survey breakdown was not supplied (--survey FILE).");
    else
        survey_table(p);
    survey_actions(p, false);
    figures_for(p, "survey");
    for (size_t i = 0; i < std->n_survey; i++)
        if (!std->survey[i].is_score)
            figures_metric(p, std->survey[i].metric, NULL);
    fputs("</section>\n", f);
}

/* WDES 9a (engagement scores) and 9b (voices). */
static void sec_engagement(struct page *p)
{
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    const struct survey_metric *m = NULL;
    for (size_t i = 0; i < std->n_survey; i++)
        if (std->survey[i].is_score)
            m = &std->survey[i];
    if (!m && !std->has_voices)
        return;
    fputs("<section id=\"engagement\">\n<h2>Metrics 9a and 9b: engagement and voice</h2>\n", f);
    if (m) {
        fprintf(f, "<h3>Metric %s: ", m->metric);
        esc(f, m->text);
        fputs("</h3>\n", f);
        const struct metric_row *rows[3] = {
            find(s, m->metric, m->measure, NULL, NULL, focus_name(p), NULL),
            find(s, m->metric, m->measure, NULL, NULL, comp_name(p), NULL),
            find(s, m->metric, m->measure, NULL, NULL, "All", NULL)};
        const struct metric_row *d = find(s, m->metric, m->measure, NULL, NULL, focus_name(p),
                                          comp_name(p));
        if (!rows[0] && !rows[1] && !rows[2]) {
            stub(f, "the engagement scores were not supplied (--survey FILE).");
        } else {
            fputs(SCROLL "<table class=\"narrow\">\n<caption>Staff engagement score (0 to 10) as "
                  "published</caption>\n"
                  "<thead><tr><th scope=\"col\">Group</th><th scope=\"col\" class=\"n\">Score"
                  "</th></tr></thead>\n<tbody>\n",
                  f);
            const char *names[3] = {focus_name(p), comp_name(p), "All respondents"};
            for (int k = 0; k < 3; k++) {
                if (!rows[k])
                    continue;
                fputs("<tr><th scope=\"row\">", f);
                esc(f, names[k]);
                fputs("</th>", f);
                survey_cell(f, rows[k], true);
                fputs("</tr>\n", f);
            }
            fputs("</tbody>\n</table></div>\n", f);
            if (d)
                reading_p(p, s, d, NULL);
        }
    }
    if (std->has_voices) {
        fputs("<h3>Metric 9b: the voices of ", f);
        esc(f, focus_name(p));
        fputs(" staff</h3>\n<p>Has the trust taken action to facilitate the voices of ", f);
        esc(f, focus_name(p));
        fputs(" staff in the organisation to be heard? ", f);
        const struct metric_row *v = find(s, "9b", NULL, NULL, NULL, "All", NULL);
        if (!v)
            fputs("<strong>Not answered</strong> (set 9b = yes or no, and 9b-text, in the "
                  "config).</p>\n",
                  f);
        else {
            fprintf(f, "<strong>%s</strong></p>\n", v->value > 0 ? "Yes" : "No");
            if (v->note) {
                fputs("<blockquote>", f);
                esc(f, v->note);
                fputs("</blockquote>\n", f);
            }
        }
    }
    survey_actions(p, true);
    if (m)
        figures_metric(p, m->metric, "engagement");
    figures_metric(p, "9b", NULL);
    fputs("</section>\n", f);
}

/* A row of the board's membership table opened by TR: LABEL, the total
 * and each group's count and share of METRIC MEASURE in WORKFORCE and BAND
 * (NULL for the board's rows); no row when there is none. */
static void board_counts(FILE *f, struct span s, const struct standard *std, const char *tr,
                         const char *label, const char *metric, const char *measure,
                         const char *workforce, const char *band)
{
    char a[64], b[64];
    const struct metric_row *g0 = find(s, metric, measure, workforce, band,
                                       std->group_names[0], NULL);
    if (!g0)
        return;
    fprintf(f, "%s<th scope=\"row\">%s</th><td class=\"n\">", tr, label);
    cnt_cell(f, g0, g0->base);
    fputs("</td>", f);
    for (int g = 0; g < 3; g++) {
        const struct metric_row *r = find(s, metric, measure, workforce, band,
                                          std->group_names[g], NULL);
        if (r && metric_row_withheld(r)) {
            fputs("<td class=\"n\">", f);
            html_withheld(f, r);
            fputs("</td>", f);
        } else if (!r) {
            fputs("<td class=\"n\">&#8211;</td>", f);
        } else {
            fprintf(f, "<td class=\"n\">%s (%s)</td>", cnt(a, sizeof a, r->count),
                    pct(b, sizeof b, r->value));
        }
    }
    fputs("</tr>\n", f);
}

static void sec_board(struct page *p)
{
    static const char *const measures[3] = {"board_total", "board_voting", "board_executive"};
    static const char *const labels[3] = {"Whole board", "Voting members", "Executive members"};
    FILE *f = p->f;
    const struct standard *std = p->std;
    struct span s = p->trust;
    char a[64];
    fprintf(f, "<section id=\"board\">\n<h2>Metric %s: the board compared with the workforce"
               "</h2>\n",
            std->board_metric);
    if (!find(s, std->board_metric, "board_total", NULL, NULL, std->group_names[0], NULL)) {
        stub(f, "the board file was not supplied (--board FILE).");
        figures_metric(p, std->board_metric, "board");
        fputs("</section>\n", f);
        return;
    }
    fputs("<p>Each group's share of the board, and the difference from its share of the "
          "whole workforce in percentage points. The board is counted in full, so there are "
          "no intervals, but a board is small: one member moves its percentages a lot.</p>\n",
          f);
    fputs(SCROLL "<table>\n<caption>Board membership by group (number and %)</caption>\n<thead><tr>"
          "<th scope=\"col\">Members</th><th scope=\"col\" class=\"n\">Total</th>",
          f);
    for (int g = 0; g < 3; g++) {
        fputs("<th scope=\"col\" class=\"n\">", f);
        esc(f, std->group_names[g]);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int k = 0; k < 3; k++)
        board_counts(f, s, std, "<tr>", labels[k], std->board_metric, measures[k], NULL, NULL);
    board_counts(f, s, std, "<tr class=\"total\">", "Whole workforce, for comparison", "1",
                 "workforce", "All", "All");
    fputs("</tbody>\n</table></div>\n", f);
    fputs(SCROLL "<table>\n<caption>Share of the board minus share of the workforce (percentage "
          "points; negative: under-represented on the board)</caption>\n<thead><tr><th "
          "scope=\"col\">Members</th>",
          f);
    for (int g = 0; g < 3; g++) {
        fputs("<th scope=\"col\" class=\"n\">", f);
        esc(f, std->group_names[g]);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int k = 0; k < 3; k++) {
        if (!find(s, std->board_metric, measures[k], NULL, NULL, std->group_names[0], "Workforce"))
            continue;
        fprintf(f, "<tr><th scope=\"row\">%s</th>", labels[k]);
        for (int g = 0; g < 3; g++) {
            const struct metric_row *d = find(s, std->board_metric, measures[k], NULL, NULL,
                                              std->group_names[g], "Workforce");
            if (d && metric_row_withheld(d)) {
                fputs("<td class=\"n\">", f);
                html_withheld(f, d);
                fputs("</td>", f);
            } else if (!d || isnan(d->value))
                fputs("<td class=\"n\">&#8211;</td>", f);
            else
                fprintf(f, "<td class=\"n\">%s</td>", pts(a, sizeof a, d->value));
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n", f);
    for (int k = 0; k < 3; k++) {
        const struct metric_row *d = find(s, std->board_metric, measures[k], NULL, NULL,
                                          focus_name(p), "Workforce");
        if (d)
            reading_p(p, s, d, labels[k]);
    }
    metric_actions(p, std->board_metric);
    figures_metric(p, std->board_metric, "board");
    fputs("</section>\n", f);
}

/* A comparison in words: "Leavers: leaving (BME vs White)"; as a column's
 * label (TWO_LINES) the groups go on a second line in a note. */
static void comparison_text(FILE *f, const struct metric_row *r, bool two_lines)
{
    if (text_is(r->metric, "leavers"))
        fputs("Leavers", f);
    else {
        fputs("Metric ", f);
        esc(f, r->metric);
    }
    fputs(": ", f);
    esc(f, measure_words(r->measure));
    fputs(two_lines ? "<br><span class=\"note\">" : " (", f);
    esc(f, r->group);
    fputs(" vs ", f);
    esc(f, r->reference);
    fputs(two_lines ? "</span>" : ")", f);
}

static void comparison_label(FILE *f, const struct metric_row *r)
{
    comparison_text(f, r, true);
}

static void comparison_words(FILE *f, const struct metric_row *r)
{
    comparison_text(f, r, false);
}

static bool same_comparison(const struct metric_row *a, const struct metric_row *b)
{
    return text_same(a->metric, b->metric) && text_same(a->measure, b->measure) &&
           text_same(a->group, b->group) && text_same(a->reference, b->reference);
}

#define MAX_COLUMNS 64
#define COLUMNS_PER_TABLE 3
/* The readings listed under a breakdown's table, at most. */
#define MAX_READINGS 20

/* One level of a breakdown: its rows, smallest q and headcount. */
struct bd_level {
    struct span s;
    double q, size;
};

/* Smallest q first (levels without one last), then the larger, then the
 * table's order. */
static int bd_level_cmp(const void *pa, const void *pb)
{
    const struct bd_level *a = pa, *b = pb;
    bool na = isnan(a->q), nb = isnan(b->q);
    if (na != nb)
        return na ? 1 : -1;
    if (!na && a->q != b->q)
        return a->q < b->q ? -1 : 1;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return a->s.rows < b->s.rows ? -1 : a->s.rows > b->s.rows;
}

/* The levels of rows FROM..TO in the order of the HR table (malloc'd,
 * *N of them), or NULL (out of memory: p->status set). */
static struct bd_level *bd_levels(struct page *p, size_t from, size_t to, size_t *n)
{
    const struct metric_table *t = p->t;
    size_t alloc = 0;
    struct bd_level *lv = NULL;
    *n = 0;
    for (size_t i = from; i < to;) {
        size_t j = i;
        while (j < to && text_same(t->rows[j].level, t->rows[i].level))
            j++;
        struct bd_level *grown = array_grow(lv, *n, &alloc, sizeof *grown, 64);
        if (!grown) {
            free(lv);
            p->status = WQ_ENOMEM;
            return NULL;
        }
        lv = grown;
        struct span s = {t->rows + i, j - i};
        const struct metric_row *all = find(s, "1", "workforce", "All", "All",
                                            p->std->group_names[0], NULL);
        double q = NAN;
        for (size_t k = 0; k < s.n; k++)
            if (s.rows[k].has_q && !(s.rows[k].q >= q))
                q = s.rows[k].q;
        lv[(*n)++] = (struct bd_level){s, q, all && all->base >= 0 ? all->base : 0};
        i = j;
    }
    if (*n)
        qsort(lv, *n, sizeof *lv, bd_level_cmp);
    return lv;
}

/* Notes about inputs that have no such column. */
static void bd_missing_columns(struct page *p, const char *column)
{
    FILE *f = p->f;
    for (size_t b_i = 1; b_i < p->w->n_bd; b_i++) {
        const struct breakdown *bd = &p->w->bd[b_i];
        if (!text_is(bd->column, column))
            continue;
        if (p->w->acc[IN_LEAVERS].present && !bd->leavers_have_column) {
            fputs("<p class=\"note\">The leavers file has no column &#8220;", f);
            esc(f, column);
            fputs("&#8221;: leavers are counted for the whole trust only.</p>\n", f);
        }
        if (p->w->acc[IN_RECRUITMENT].present && !bd->recruitment_has_column) {
            fputs("<p class=\"note\">The recruitment file has no column &#8220;", f);
            esc(f, column);
            fputs("&#8221;: metric 2 is given for the whole trust only.</p>\n", f);
        }
    }
}

/* One comparison's cell of the HR table. */
static void bd_cell(FILE *f, const struct standard *std, const struct metric_row *r)
{
    fputs("<td>", f);
    if (!r) {
        fputs("&#8211;</td>", f);
        return;
    }
    if (!metric_row_withheld(r) && !isnan(r->value)) {
        fputs("<strong>", f);
        ratio_value(f, r);
        fputs("</strong> <span class=\"note\">(", f);
        interval(f, r, U_RATIO);
        fputs(")</span><br>", f);
    }
    flag_badges(f, r);
    fputc(' ', f);
    direction_badge(f, std, r);
    if (r->has_q) {
        char b[64];
        fprintf(f, "<br><span class=\"note\">q = %s</span>",
                r->q < 0.001 ? "&lt;0.001" : num(b, sizeof b, r->q, 3));
    }
    fputs("</td>", f);
}

/* The comparison of LV like COL, or NULL. */
static const struct metric_row *bd_find(const struct bd_level *lv, const struct metric_row *col)
{
    for (size_t q = 0; q < lv->s.n; q++)
        if (lv->s.rows[q].reference && same_comparison(&lv->s.rows[q], col))
            return &lv->s.rows[q];
    return NULL;
}

/* The HR tables: the first N_SHOWN of the N levels LV, COLS[0..N_COLS). */
static void bd_tables(struct page *p, const char *column, const struct bd_level *lv,
                      size_t n_shown, const struct metric_row *const *cols, size_t n_cols)
{
    FILE *f = p->f;
    char b[64];
    size_t n_tables = n_cols ? (n_cols + COLUMNS_PER_TABLE - 1) / COLUMNS_PER_TABLE : 1;
    for (size_t tb = 0; tb < n_tables; tb++) {
        size_t c0 = tb * COLUMNS_PER_TABLE;
        size_t c1 = c0 + COLUMNS_PER_TABLE < n_cols ? c0 + COLUMNS_PER_TABLE : n_cols;
        fputs(SCROLL "<table class=\"bd\">\n<caption>By ", f);
        esc(f, column);
        if (n_tables > 1)
            fprintf(f, " (table %zu of %zu)", tb + 1, n_tables);
        fputs(": headcount, and each relative likelihood with its 95% interval, flag, reading "
              "and q (the chance reading after allowing for the number of levels compared); "
              "levels with the smallest q first, then the largest</caption>\n<thead><tr><th "
              "scope=\"col\">",
              f);
        esc(f, column);
        fputs("</th><th scope=\"col\" class=\"n\">Headcount</th><th scope=\"col\" class=\"n\">% ",
              f);
        esc(f, focus_name(p));
        fputs("</th>", f);
        for (size_t k = c0; k < c1; k++) {
            fputs("<th scope=\"col\">", f);
            comparison_label(f, cols[k]);
            fputs("</th>", f);
        }
        fputs("</tr></thead>\n<tbody>\n", f);
        for (size_t i = 0; i < n_shown; i++) {
            const struct metric_row *all = find(lv[i].s, "1", "workforce", "All", "All",
                                                p->std->group_names[0], NULL);
            const struct metric_row *fa = find(lv[i].s, "1", "workforce", "All", "All",
                                               focus_name(p), NULL);
            const char *level = lv[i].s.rows[0].level;
            fputs("<tr><th scope=\"row\">", f);
            if (p->o->highlight && text_is(level, p->o->highlight)) {
                fputs("<strong>", f);
                esc(f, level);
                fputs("</strong> <span class=\"note\">(highlighted)</span>", f);
            } else {
                esc(f, level);
            }
            fputs("</th><td class=\"n\">", f);
            cnt_cell(f, all, all ? all->base : NAN);
            fputs("</td><td class=\"n\">", f);
            if (fa && metric_row_withheld(fa))
                html_withheld(f, fa);
            else
                fputs(fa ? pct(b, sizeof b, fa->value) : "&#8211;", f);
            fputs("</td>", f);
            for (size_t k = c0; k < c1; k++)
                bd_cell(f, p->std, bd_find(&lv[i], cols[k]));
            fputs("</tr>\n", f);
        }
        fputs("</tbody>\n</table></div>\n", f);
    }
}

/* Per comparison: how many levels differ after allowing for the number
 * compared, against how many would pass p < 0.05 by chance alone. */
static void bd_counts(struct page *p, const char *column, const struct bd_level *lv, size_t n,
                      const struct metric_row *const *cols, size_t n_cols)
{
    FILE *f = p->f;
    for (size_t k = 0; k < n_cols; k++) {
        size_t m = 0, beyond = 0, raw = 0;
        for (size_t i = 0; i < n; i++) {
            const struct metric_row *r = bd_find(&lv[i], cols[k]);
            if (!r || !r->has_q)
                continue;
            m++;
            beyond += r->q < 0.05;
            raw += r->p < 0.05;
        }
        if (m < 2)
            continue;
        char chance[32];
        fputs("<p class=\"reading\"><strong>", f);
        comparison_words(f, cols[k]);
        fprintf(f, ":</strong> %zu of %zu levels of ", beyond, m);
        esc(f, column);
        fprintf(f, " differ beyond chance after allowing for %zu comparisons. Without that "
                   "allowance %zu would (p &lt; 0.05), and about %s would by chance alone.</p>\n",
                m, raw, num(chance, sizeof chance, 0.05 * (double)m, 0.05 * (double)m < 10 ? 1 : 0));
    }
}

/* The readings of the levels that differ after allowing for the number
 * compared (q < 0.05), in the table's order, at most MAX_READINGS. */
static void bd_readings(struct page *p, const struct bd_level *lv, size_t n, size_t n_cols)
{
    FILE *f = p->f;
    size_t shown = 0, more = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < lv[i].s.n; q++) {
            const struct metric_row *r = &lv[i].s.rows[q];
            if (!r->reference || !text_is(r->statistic, STAT_RATIO) || !r->has_q || !(r->q < 0.05))
                continue;
            if (shown == MAX_READINGS) {
                more++;
                continue;
            }
            if (!shown)
                fputs("<p>Where a level differs beyond chance after allowing for the number of "
                      "levels compared (q &lt; 0.05):</p>\n",
                      f);
            shown++;
            char prefix[512];
            snprintf(prefix, sizeof prefix, "%s, %s%s", r->level ? r->level : "",
                     text_is(r->metric, "leavers") ? "" : "metric ", r->metric);
            reading_p(p, lv[i].s, r, prefix);
        }
    if (more)
        fprintf(f, "<p class=\"note\">And %zu more, at the top of the table.</p>\n", more);
    if (!shown && n_cols)
        fputs("<p class=\"reading\">After allowing for the number of levels compared, no level "
              "differs beyond chance.</p>\n",
              f);
}

/* One breakdown (rows FROM..TO of the table). */
static void breakdown(struct page *p, size_t from, size_t to)
{
    FILE *f = p->f;
    const struct metric_table *t = p->t;
    const char *column = t->rows[from].breakdown;
    /* the comparisons present, in order of first appearance */
    const struct metric_row *cols[MAX_COLUMNS];
    size_t n_cols = 0;
    for (size_t i = from; i < to && n_cols < MAX_COLUMNS; i++) {
        const struct metric_row *r = &t->rows[i];
        if (!r->reference || !text_is(r->statistic, STAT_RATIO))
            continue;
        bool seen = false;
        for (size_t k = 0; k < n_cols && !seen; k++)
            seen = same_comparison(cols[k], r);
        if (!seen)
            cols[n_cols++] = r;
    }
    /* leavers first, as in the page; otherwise in order of appearance */
    for (size_t k = 0, first = 0; k < n_cols; k++)
        if (text_is(cols[k]->metric, "leavers")) {
            const struct metric_row *r = cols[k];
            memmove(cols + first + 1, cols + first, (k - first) * sizeof *cols);
            cols[first++] = r;
        }
    fputs("<h3>By ", f);
    esc(f, column);
    fputs("</h3>\n", f);
    bd_missing_columns(p, column);
    size_t n;
    struct bd_level *lv = bd_levels(p, from, to, &n);
    if (!lv)
        return;
    if (text_is(t->rows[from].note, SUPPRESS_TOO_MANY_LEVELS)) {
        fprintf(f, "<p class=\"reading\">This breakdown has %zu levels: more than %d, too many "
                   "to check that no withheld count could be worked out from the others, so "
                   "none of its figures is published here. The report's "
                   "not-for-publication/ files (not to be published) have them all.</p>\n",
                n, SUPPRESS_MAX_LEVELS);
        free(lv);
        return;
    }
    bd_counts(p, column, lv, n, cols, n_cols);
    size_t n_shown = n < HTML_MAX_LEVELS ? n : HTML_MAX_LEVELS;
    if (n_shown < n)
        fprintf(f, "<p class=\"note\">The table lists the first %zu of the %zu levels, in its "
                   "order (the smallest q first, then the largest); every level is in the "
                   "breakdown's table in the tables/ folder.</p>\n",
                n_shown, n);
    bd_tables(p, column, lv, n_shown, cols, n_cols);
    bd_readings(p, lv, n, n_cols);
    free(lv);
}

static void sec_breakdowns(struct page *p)
{
    FILE *f = p->f;
    const struct metric_table *t = p->t;
    fputs("<section id=\"breakdowns\" class=\"appendix\">\n<h2>Appendix A: breakdowns</h2>\n", f);
    size_t i = p->trust.n;
    bool any = false;
    if (i < t->n_rows)
        fputs("<p>Every relative likelihood again for each level. Small groups give wide "
              "intervals: read the flag together with the reading, and look for differences "
              "that are unlikely to be chance and repeat from year to year.</p>\n",
              f);
    while (i < t->n_rows) {
        size_t j = i;
        while (j < t->n_rows && text_same(t->rows[j].breakdown, t->rows[i].breakdown))
            j++;
        breakdown(p, i, j);
        any = true;
        i = j;
    }
    if (!any)
        fputs("<p class=\"note\">No breakdown was asked for (--by COLUMN repeats every metric "
              "for each value of a column, for example directorates).</p>\n",
              f);
    figures_for(p, "breakdowns");
    fputs("</section>\n", f);
}

static void sec_trends(struct page *p)
{
    bool any = false;
    for (size_t i = 0; i < p->n_figs && !any; i++)
        any = !p->fig_used[i] && text_is(p->figs[i].section, "trends");
    if (!any)
        return;
    fputs("<section id=\"trends\">\n<h2>Trends</h2>\n<p>Each metric over the years, with this "
          "year's change from last year and whether it is larger than chance.</p>\n",
          p->f);
    figures_for(p, "trends");
    fputs("</section>\n", p->f);
}

static void sec_other_figures(struct page *p)
{
    bool any = false;
    for (size_t i = 0; i < p->n_figs && !any; i++)
        any = !p->fig_used[i];
    if (!any)
        return;
    fputs("<section id=\"other-figures\">\n<h2>Other figures</h2>\n", p->f);
    for (size_t i = 0; i < p->n_figs; i++)
        if (!p->fig_used[i]) {
            p->fig_used[i] = true;
            figure_out(p, &p->figs[i]);
        }
    fputs("</section>\n", p->f);
}

static const char *unknown_counted_as(const struct unknown_codes *u, int k)
{
    if (u->counted_as)
        return u->counted_as;
    return k == VK_BAND ? "Other" : k == VK_STAFF_GROUP ? "clinical" : "Unknown";
}

/* The values of column U (vocabulary K) an input's rows had that the
 * vocabularies do not know: the first 50, with their counts. */
static void dq_unknown_codes(FILE *f, const struct unknown_codes *u, int k)
{
    fputs("<p>Values not recognised in column &#8220;", f);
    esc(f, u->column);
    fputs("&#8221;, counted as ", f);
    esc(f, unknown_counted_as(u, k));
    fprintf(f, ": %lu rows.</p>\n<ul class=\"codes\">\n", u->total);
    size_t shown = 0, more = 0, hidden = unknown_n_hidden(u, NULL);
    for (size_t v = 0; v < u->values.n_names; v++) {
        if (unknown_value_hidden(u, v))
            continue;
        if (shown == 50) {
            more++;
            continue;
        }
        shown++;
        fputs("<li><code>", f);
        esc(f, u->values.names[v]);
        fprintf(f, "</code> (%lu)</li>\n", u->counts[v]);
    }
    if (more)
        fprintf(f, "<li>and %zu more values</li>\n", more);
    if (hidden)
        fprintf(f, "<li>%zu %s</li>\n", hidden, unknown_hidden_words(hidden));
    if (u->others)
        fprintf(f, "<li>and %lu more rows</li>\n", u->others);
    fputs("</ul>\n", f);
}

/* One input's account: its rows read, used and excluded by reason, how it
 * was read, its unknown codes, conflicts, conversions and skipped lines. */
static void dq_input(struct page *p, const struct input_account *ac)
{
    FILE *f = p->f;
    char a[64], b[64], c[64];
    unsigned long excluded = 0;
    for (int e = 0; e < EX_N; e++)
        excluded += ac->excluded[e];
    char role[64];
    snprintf(role, sizeof role, "%s", ac->role ? ac->role : "input");
    if (role[0] >= 'a' && role[0] <= 'z')
        role[0] = (char)(role[0] - 'a' + 'A');
    fputs("<h3>", f);
    esc(f, role);
    fputs(": <code>", f);
    esc(f, ac->shown);
    fputs("</code></h3>\n" SCROLL "<table class=\"dq\">\n<caption>Rows of the ", f);
    esc(f, ac->role);
    fputs(" file</caption>\n<thead><tr><th scope=\"col\">Rows</th><th scope=\"col\" "
          "class=\"n\">Number</th></tr></thead>\n<tbody>\n",
          f);
    if (ac->title_lines)
        fprintf(f, "<tr><th scope=\"row\">title lines above the header (skipped)</th>"
                   "<td class=\"n\">%lu</td></tr>\n",
                ac->title_lines);
    fprintf(f, "<tr><th scope=\"row\">read</th><td class=\"n\">%lu</td></tr>\n"
               "<tr><th scope=\"row\">used (people counted)</th><td class=\"n\">%lu</td>"
               "</tr>\n",
            ac->rows_read, ac->rows_used);
    for (int e = 0; e < EX_N; e++)
        if (ac->excluded[e]) {
            fputs("<tr><th scope=\"row\">excluded: ", f);
            esc(f, excl_reason_label(ac, (enum excl_reason)e));
            fprintf(f, "</th><td class=\"n\">%lu</td></tr>\n", ac->excluded[e]);
        }
    snprintf(a, sizeof a, "%lu", ac->rows_read);
    snprintf(b, sizeof b, "%lu", ac->rows_used);
    snprintf(c, sizeof c, "%lu", excluded);
    fprintf(f, "<tr class=\"total\"><th scope=\"row\">read = used + excluded</th><td "
               "class=\"n\">%s = %s + %s%s</td></tr>\n",
            a, b, c, ac->rows_read == ac->rows_used + excluded ? " (checks)" : " (MISMATCH)");
    fputs("</tbody>\n</table></div>\n", f);
    if (ac->read_as.len) {
        fputs("<p>Read as: ", f);
        esc(f, ac->read_as.data);
        fputs(".</p>\n", f);
    }
    for (int k = 0; k < VK_N; k++)
        if (ac->unknown[k].total)
            dq_unknown_codes(f, &ac->unknown[k], k);
    if (ac->conflicts) {
        fprintf(f, "<p>People whose assignments disagree on %s: %lu (the counted "
                   "assignment's value is used).</p>\n",
                p->std->declared_what, ac->conflicts);
    }
    if (ac->cp1252_fields)
        fprintf(f, "<p>Fields read as Windows-1252 and converted to UTF-8: %lu.</p>\n",
                ac->cp1252_fields);
    if (ac->n_skipped) {
        fprintf(f, "<p>Malformed lines skipped (--skip-bad-rows): %zu.</p>\n<ul "
                   "class=\"skipped\">\n",
                ac->n_skipped);
        for (size_t k = 0; k < ac->n_skipped; k++) {
            fputs("<li><code>", f);
            esc(f, ac->shown);
            fprintf(f, ":%lu</code>: ", ac->skipped[k].line);
            esc(f, ac->skipped[k].why);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
}

static void sec_data_quality(struct page *p)
{
    FILE *f = p->f;
    const struct workforce *w = p->w;
    fputs("<section id=\"data-quality\" class=\"appendix\">\n<h2>Appendix C: data quality</h2>\n"
          "<p>Every row of every input "
          "is accounted for: rows read = rows used + rows excluded, by reason. Codes the "
          "vocabularies do not know are counted as Unknown (a band as Other) and listed "
          "here, never dropped.</p>\n",
          f);
    bool any = false;
    for (size_t i = 0; i < IN_N; i++)
        if (w->acc[i].present) {
            any = true;
            dq_input(p, &w->acc[i]);
        }
    if (!any)
        fputs("<p>No input was read.</p>\n", f);
    if (w->cases_not_in_staff)
        fprintf(f, "<p>People with a case who are not in the staff in post (counted as "
                   "Unknown): %lu.</p>\n",
                w->cases_not_in_staff);
    if (w->cases_no_grounds)
        fprintf(f, "<p>Capability cases without grounds (counted as performance): %lu.</p>\n",
                w->cases_no_grounds);
    for (size_t b_i = 1; b_i < w->n_bd; b_i++)
        if (w->acc[IN_LEAVERS].present && !w->bd[b_i].leavers_have_column) {
            fputs("<p>The leavers file has no column &#8220;", f);
            esc(f, w->bd[b_i].column);
            fputs("&#8221;: leavers are counted for the whole trust only.</p>\n", f);
        }
    figures_for(p, "data quality");
    fputs("</section>\n", f);
}

/* A method's name in words (static). */
static const char *method_words(const char *id)
{
    static const struct {
        const char *id, *words;
    } map[] = {
        {"wilson", "Wilson score"},
        {"clopper-pearson", "Clopper-Pearson exact"},
        {"koopman-score", "Koopman score"},
        {"katz-log", "Katz log"},
        {"katz-log-haldane", "Katz log (0.5 added to every cell when one is zero, for the "
                             "interval only)"},
        {"miettinen-nurminen-score", "Miettinen-Nurminen score"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (text_is(id, map[i].id))
            return map[i].words;
    return "stated";
}

static void sec_methods(struct page *p)
{
    FILE *f = p->f;
    const struct wq_options *o = p->o;
    const struct standard *std = p->std;
    bool wres = std->characteristic == CHAR_ETHNICITY;
    int window = p->w->case_window ? p->w->case_window : o->window ? o->window : wres ? 1 : 2;
    fputs("<section id=\"methods\" class=\"appendix\">\n<h2>Appendix D: methods</h2>\n"
          "<ul class=\"key\">\n",
          f);
    fputs("<li><strong>Counting</strong>: a person with several assignments counts once (the "
          "primary assignment, else the one with the highest FTE); bank assignments are left "
          "out. ",
          f);
    esc(f, std->group_names[std->unknown]);
    fputs(" (not stated) is counted and shown, but is in neither group of a ratio.</li>\n", f);
    fputs("<li><strong>Relative likelihood</strong> of A compared with B = (events in A / "
          "people in A) / (events in B / people in B); the point estimates are the official "
          "formulas.</li>\n",
          f);
    fputs("<li><strong>Intervals</strong> (95%): rates by the ", f);
    fputs(method_words(metric_rate_method_name(o->rate_method)), f);
    fputs(" interval (<code>", f);
    esc(f, metric_rate_method_name(o->rate_method));
    fputs("</code>); relative likelihoods by the ", f);
    fputs(method_words(metric_ratio_method_name(o->ratio_method)), f);
    fputs(" interval (<code>", f);
    esc(f, metric_ratio_method_name(o->ratio_method));
    fputs("</code>)", f);
    if (o->ratio_method == RATIO_KOOPMAN || o->ratio_method == RATIO_MIETTINEN_NURMINEN)
        fputs(" (it stays honest at zero counts: a ratio of 0 still has an upper bound, an "
              "infinite one a lower bound)",
              f);
    fputs("; differences of survey percentages by Newcombe's hybrid score interval (method "
          "10). Engagement scores and board shares have no interval (no spread is published; "
          "the board is counted in full).</li>\n",
          f);
    fputs("<li><strong>Flags</strong>: below range (under " STATS_RANGE_LOW_TEXT
          "), non-adverse (" STATS_RANGE_TEXT " "
          "inclusive), adverse (over " STATS_RANGE_HIGH_TEXT
          "), not calculable; small numbers when either group "
          "has fewer than 10 events or 30 people.</li>\n",
          f);
    fputs("<li><strong>Rounding</strong>: figures are shown rounded half away from zero to "
          "two decimals (1.625 shows as 1.63), as Excel does; flags and readings use the "
          "unrounded values.</li>\n",
          f);
    fputs("<li><strong>Leavers</strong>: leavers in the year divided by the ", f);
    fputs(p->w->acc[IN_START].present
              ? "average of the headcounts at the start and at the end of the year"
              : "headcount at the end of the year (with --staff-start, the average of the start "
                "and end headcounts); a group with more leavers than staff has a rate over 100% "
                "and no interval",
          f);
    fputs(".</li>\n", f);
    fputs("<li><strong>Metric 2</strong>: appointed from shortlisted applicants (not from all "
          "applicants).</li>\n",
          f);
    fprintf(f, "<li><strong>Metric 3</strong>: people entering the formal %s process, once "
               "each, over the headcount; %s.</li>\n",
            wres ? "disciplinary" : "capability (performance grounds only)",
            window == 2 ? "the rolling two-year average: cases in the two years to the end of "
                          "the reporting year, divided by 2"
                        : "cases in the reporting year");
    if (wres)
        fputs("<li><strong>Metric 4</strong>: people with at least one non-mandatory training "
              "or CPD record in the year, over the headcount.</li>\n",
              f);
    fputs("<li><strong>Staff survey</strong>: the percentages as published; the difference is "
          "the first group minus the second.</li>\n",
          f);
    if (o->suppress)
        fprintf(f, "<li id=\"withheld\"><strong>Publication mode</strong>: cells that read "
                   "\"withheld (fewer than %u)\" are withheld so that no one can be recognised "
                   "from a small number: counts from 1 to %u, and every "
                   "rate and comparison built on them, are withheld; staff-survey groups "
                   "under %u respondents are withheld; and so are further counts, chosen with a "
                   "linear-programming solver, until no withheld count can be worked out, or "
                   "narrowed to a range under %u, by any combination of the published sums, "
                   "differences, rates and bases (complementary suppression).</li>\n",
                o->suppress, o->suppress - 1, o->suppress > 11 ? o->suppress : 11, o->suppress);
    else
        fputs("<li><strong>Publication mode</strong> was off (--suppress 0): small counts "
              "are shown, so this page is not for publication. Run the report without "
              "--suppress 0 for a copy to publish.</li>\n",
              f);
    fputs("<li><strong>Personal data</strong>: the page holds aggregates only; no name or "
          "employee number.</li>\n</ul>\n",
          f);
    figures_for(p, "methods");
    fputs("</section>\n", f);
}

/* Appendix B: how to read the page, and what it was made from. */
static void sec_appendix_a(struct page *p)
{
    fputs("<section id=\"appendix-a\" class=\"appendix\">\n<h2>Appendix B: how to read this "
          "report, and the inputs</h2>\n",
          p->f);
    key(p);
    facts(p);
    fputs("</section>\n", p->f);
}

int html_report(FILE *f, const struct metric_table *t, const struct workforce *w,
                const struct wq_options *o, const struct html_figure *figs, size_t n_figs)
{
    return html_report_history(f, t, w, o, figs, n_figs, NULL);
}

int html_report_history(FILE *f, const struct metric_table *t, const struct workforce *w,
                        const struct wq_options *o, const struct html_figure *figs,
                        size_t n_figs, const struct trend *history)
{
    struct page p = {0};
    p.history = history;
    p.f = f;
    p.t = t;
    p.w = w;
    p.o = o;
    p.std = w->std ? w->std : o->std;
    p.figs = figs;
    p.n_figs = figs ? n_figs : 0;
    if (!p.std)
        return WQ_EDATA;
    p.fig_used = calloc(p.n_figs ? p.n_figs : 1, sizeof *p.fig_used);
    if (!p.fig_used)
        return WQ_ENOMEM;
    size_t n = html_trust_rows(t);
    p.trust = (struct span){t->rows, n};

    page_head(&p);
    fputs("<main>\n", f);
    struct html_summary_in in = {f, p.std, o, t, n, history, false};
    html_findings(&in);
    glance(&p);
    fputs("</section>\n", f);
    toc(&p);
    sec_metric1(&p);
    sec_leavers(&p);
    sec_declaration(&p);
    for (size_t i = 0; i < p.std->n_ratios; i++)
        sec_ratio(&p, &p.std->ratios[i]);
    sec_survey(&p);
    sec_engagement(&p);
    sec_board(&p);
    sec_trends(&p);
    html_action_plan(f, o);
    sec_breakdowns(&p);
    sec_other_figures(&p);
    sec_appendix_a(&p);
    sec_data_quality(&p);
    sec_methods(&p);
    fputs("</main>\n<footer><p>", f);
    esc(f, p.std->name);
    fputs(" board report, written by the ", f);
    esc(f, p.std->prog);
    fputs(" toolkit from the extracts listed in Appendix B. The official figures are the point "
          "estimates; intervals, flags and readings are the toolkit's guide to them.</p>"
          "</footer>\n</body>\n</html>\n",
          f);
    free(p.fig_used);
    if (ferror(f))
        return WQ_EIO;
    return p.status;
}
