/* vocab.c: ESR vocabularies (ethnic origin, disability, pay band, staff group, category) -> report groups. */
#include "vocab.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "text.h"

/* Every lookup normalises its input into a stack buffer of this size: input
 * whose normalised form is longer is truncated for matching (no real ESR
 * value comes close). Trust keys are truncated the same way, so they still
 * match their own spelling. */
#define NORM_MAX 256
/* At most this many words of a value are looked at word by word (bands). */
#define MAX_WORDS 64

/* ------------------------------------------------------------------ */
/* Normalisation                                                        */

enum norm_flags {
    NORM_WORDS = 1, /* ASCII punctuation and Unicode dashes separate words */
    NORM_AMP = 2    /* with NORM_WORDS: "&" becomes the word "and" */
};

enum byte_class { BC_PLAIN, BC_SPACE, BC_DASH };

static int is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Classify the character starting at S and store its length in bytes in
 * *LEN. Recognised UTF-8 sequences: no-break space U+00A0, the spaces
 * U+2000-U+200B, U+202F, U+205F, U+3000 and U+FEFF (a stray byte-order mark)
 * are whitespace; U+2010-U+2015 (hyphens, en and em dash) and U+2212 (minus)
 * are dashes. Any other byte is plain and stands for itself. */
static enum byte_class classify(const unsigned char *s, size_t *len)
{
    unsigned char c = s[0];
    *len = 1;
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return BC_SPACE;
    if (c == 0xC2 && s[1] == 0xA0) {
        *len = 2;
        return BC_SPACE;
    }
    /* The third byte must be the one that completes the character: a
     * continuation byte, never an ASCII letter or space after a stray
     * E2 80 (Windows-1252 text read as UTF-8), which would be swallowed. */
    if (c == 0xE2 && s[1] == 0x80) {
        if ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF) {
            *len = 3;
            return BC_SPACE;
        }
        if (s[2] >= 0x90 && s[2] <= 0x95) {
            *len = 3;
            return BC_DASH;
        }
        return BC_PLAIN;
    }
    if (c == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) {
        *len = 3;
        return BC_SPACE;
    }
    if (c == 0xE2 && s[1] == 0x88 && s[2] == 0x92) {
        *len = 3;
        return BC_DASH;
    }
    if ((c == 0xE3 && s[1] == 0x80 && s[2] == 0x80) || (c == 0xEF && s[1] == 0xBB && s[2] == 0xBF)) {
        *len = 3;
        return BC_SPACE;
    }
    return BC_PLAIN;
}

/* Normalise S (NULL counts as "") into BUF of SIZE bytes: trim, fold ASCII
 * letters to lower case, collapse every run of whitespace to one space.
 * With NORM_WORDS every ASCII character that is not a letter or digit, and
 * every Unicode dash, also separates words, so that "A - White - British",
 * "A-White-British" and "a white british" all normalise to the last; with
 * NORM_AMP "&" becomes "and". Non-ASCII bytes are kept as they are. Output
 * that does not fit is truncated. Returns BUF. */
static char *normalise(char *buf, size_t size, const char *s, unsigned flags)
{
    size_t n = 0;
    size_t pending_space = 0; /* 1 when a space is due before the next byte */
    if (size == 0)
        return buf;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t len;
        enum byte_class cls = classify(p, &len);
        const char *emit = NULL; /* a word replacing the character */
        unsigned char c = *p;
        p += len;
        if (cls == BC_PLAIN && (flags & NORM_WORDS) && c < 0x80 && !is_ascii_alnum(c)) {
            if (c == '&' && (flags & NORM_AMP))
                emit = "and";
            else
                cls = BC_SPACE;
        } else if (cls == BC_DASH && (flags & NORM_WORDS)) {
            cls = BC_SPACE;
        }
        if (cls == BC_SPACE) {
            pending_space = n > 0 ? 1 : 0;
            continue;
        }
        if (emit) {
            size_t elen = strlen(emit);
            if (n + (n > 0 ? 1 : 0) + elen + 1 > size)
                break;
            if (n > 0)
                buf[n++] = ' ';
            memcpy(buf + n, emit, elen);
            n += elen;
            pending_space = 1;
            continue;
        }
        if (cls == BC_DASH) { /* kept as written when not a separator */
            if (n + pending_space + len + 1 > size)
                break;
            if (pending_space)
                buf[n++] = ' ';
            pending_space = 0;
            memcpy(buf + n, p - len, len);
            n += len;
            continue;
        }
        if (n + pending_space + 2 > size)
            break;
        if (pending_space)
            buf[n++] = ' ';
        pending_space = 0;
        buf[n++] = (char)ascii_lower(c);
    }
    buf[n] = '\0';
    return buf;
}

char *vocab_normalise(char *buf, size_t size, const char *s)
{
    return normalise(buf, size, s, 0);
}

/* ------------------------------------------------------------------ */
/* Word helpers over a normalised string (single spaces, no edges).      */

/* True when T begins with the words of PHRASE. */
static int starts_with(const char *t, const char *phrase)
{
    size_t n = strlen(phrase);
    return strncmp(t, phrase, n) == 0 && (t[n] == '\0' || t[n] == ' ');
}

/* True when the words of PHRASE occur in T at word boundaries. */
static int has_phrase(const char *t, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = strstr(t, phrase); p; p = strstr(p + 1, phrase)) {
        if ((p == t || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    }
    return 0;
}

/* True when some phrase of the NULL-terminated list LIST occurs in T
 * (anywhere when ANYWHERE, else at the start). */
static int any_phrase(const char *t, const char *const *list, int anywhere)
{
    for (; *list; list++) {
        if (anywhere ? has_phrase(t, *list) : starts_with(t, *list))
            return 1;
    }
    return 0;
}

/* The words of a normalised string. */
struct words {
    const char *w[MAX_WORDS];
    size_t len[MAX_WORDS];
    size_t n;
};

static void split_words(struct words *ws, const char *t)
{
    ws->n = 0;
    while (*t && ws->n < MAX_WORDS) {
        const char *e = strchr(t, ' ');
        size_t len = e ? (size_t)(e - t) : strlen(t);
        ws->w[ws->n] = t;
        ws->len[ws->n++] = len;
        t += len;
        if (*t == ' ')
            t++;
    }
}

/* True when word I of WS exists and is LIT. */
static int word_is(const struct words *ws, size_t i, const char *lit)
{
    return i < ws->n && ws->len[i] == strlen(lit) && memcmp(ws->w[i], lit, ws->len[i]) == 0;
}

/* First word of T copied into W (size WSIZE, truncated); returns T after it. */
static const char *first_word(const char *t, char *w, size_t wsize)
{
    size_t i = 0;
    while (t[i] && t[i] != ' ') {
        if (i + 1 < wsize)
            w[i] = t[i];
        i++;
    }
    w[i + 1 < wsize ? i : wsize - 1] = '\0';
    return t[i] == ' ' ? t + i + 1 : t + i;
}

/* A table entry: a word or phrase and what it means. */
struct phrase_map {
    const char *phrase;
    int value;
};

/* Value of the first entry of MAP (terminated by a NULL phrase) equal to
 * WORD, or -1. */
static int map_word(const struct phrase_map *map, const char *word)
{
    for (; map->phrase; map++) {
        if (strcmp(map->phrase, word) == 0)
            return map->value;
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* The trust vocabulary: a sorted array of (kind, key) -> meaning.       */

enum vocab_kind { KIND_ETHNICITY, KIND_DISABILITY, KIND_BAND, KIND_STAFF_GROUP, KIND_CATEGORY };

struct vocab_entry {
    int kind;          /* enum vocab_kind */
    char *key;         /* value normalised as its kind's lookups do; owned */
    int meaning;       /* eth_detail, dis_group, afc_row, clinical or bank (0/1) */
    unsigned long seq; /* load order: of two equal keys the later wins */
};

struct vocab {
    struct vocab_entry *items; /* sorted by kind, key; keys unique per kind */
    size_t n_items;
    size_t alloc_items;
    unsigned long next_seq;
};

struct vocab_probe {
    int kind;
    const char *key;
};

static int probe_cmp(const void *k, const void *e)
{
    const struct vocab_probe *a = k;
    const struct vocab_entry *b = e;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return strcmp(a->key, b->key);
}

static int entry_cmp(const void *x, const void *y)
{
    const struct vocab_entry *a = x, *b = y;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int c = strcmp(a->key, b->key);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The trust's meaning of normalised KEY for KIND, or -1. */
static int trust_lookup(const struct vocab *v, int kind, const char *key)
{
    if (!v || v->n_items == 0)
        return -1;
    struct vocab_probe probe = { kind, key };
    const struct vocab_entry *e = bsearch(&probe, v->items, v->n_items, sizeof *v->items, probe_cmp);
    return e ? e->meaning : -1;
}

/* How each kind normalises its values (inputs and trust keys alike): all
 * alike today, kept per kind so that one can differ. */
static unsigned kind_flags(int kind)
{
    (void)kind;
    return (unsigned)NORM_WORDS | (unsigned)NORM_AMP;
}

/* ------------------------------------------------------------------ */
/* Ethnic origin                                                        */

/* Detail category of an ESR ethnic origin code (normalised, 1-2
 * characters), or -1 when TOK is not a known code. Ranges follow
 * docs/inputs.md section 4: CA-CY, GA-GF, LA-LK, PA-PE, RA-RZ, SA-SE inclusive. */
static int eth_code(const char *tok, size_t len)
{
    char a = tok[0];
    if (len == 1) {
        switch (a) {
        case 'a': case 'b': case 'c': return DET_WHITE;
        case 'd': case 'e': case 'f': case 'g': return DET_MIXED;
        case 'h': case 'j': case 'k': case 'l': return DET_ASIAN;
        case 'm': case 'n': case 'p': return DET_BLACK;
        case 'r': return DET_CHINESE;
        case 's': return DET_OTHER;
        case 'x': case 'z': return DET_UNKNOWN;
        default: return -1;
        }
    }
    if (len != 2)
        return -1;
    char b = tok[1];
    if (a == '9' && b == '9')
        return DET_UNKNOWN;
    if (a == 'c' && (b == '2' || b == '3'))
        return DET_WHITE;
    if (b < 'a' || b > 'z')
        return -1;
    switch (a) {
    case 'c': return b <= 'y' ? DET_WHITE : -1;
    case 'g': return b <= 'f' ? DET_MIXED : -1;
    case 'l': return b <= 'k' ? DET_ASIAN : -1;
    case 'p': return b <= 'e' ? DET_BLACK : -1;
    case 'r': return DET_CHINESE;
    case 's': return b <= 'e' ? DET_OTHER : -1;
    default: return -1;
    }
}

/* Values that mean "not stated", matched at the start of the value. */
static const char *const eth_unknown_phrases[] = {
    "not stated", "not known", "not given", "not set", "not collected", "not declared",
    "not disclosed", "not recorded", "not specified", "not provided", "unspecified",
    "unknown", "prefer not", "declined", "do not wish", "i do not wish", "undisclosed",
    "withheld", NULL
};
/* ... and values that mean it only as a whole ("N/A" must not read as code N). */
static const struct phrase_map eth_unknown_exact[] = {
    { "n a", 1 }, { "na", 1 }, { "null", 1 }, { "blank", 1 }, { NULL, 0 }
};

/* The first word of a description -> its category. */
static const struct phrase_map eth_first_words[] = {
    { "white", DET_WHITE }, { "irish", DET_WHITE }, { "english", DET_WHITE },
    { "scottish", DET_WHITE }, { "welsh", DET_WHITE }, { "cornish", DET_WHITE },
    { "northern", DET_WHITE }, { "gypsy", DET_WHITE }, { "roma", DET_WHITE },
    { "romany", DET_WHITE }, { "traveller", DET_WHITE }, { "polish", DET_WHITE },
    { "mixed", DET_MIXED }, { "multiple", DET_MIXED }, { "dual", DET_MIXED },
    { "asian", DET_ASIAN }, { "indian", DET_ASIAN }, { "pakistani", DET_ASIAN },
    { "bangladeshi", DET_ASIAN }, { "kashmiri", DET_ASIAN }, { "punjabi", DET_ASIAN },
    { "tamil", DET_ASIAN }, { "sinhalese", DET_ASIAN }, { "sri", DET_ASIAN },
    { "black", DET_BLACK }, { "african", DET_BLACK }, { "caribbean", DET_BLACK },
    { "nigerian", DET_BLACK }, { "somali", DET_BLACK },
    { "chinese", DET_CHINESE },
    { "arab", DET_OTHER }, { "vietnamese", DET_OTHER }, { "japanese", DET_OTHER },
    { "filipino", DET_OTHER }, { "malaysian", DET_OTHER }, { "other", DET_OTHER },
    { NULL, 0 }
};

/* Words that make "X and Y" a mixed background ("White and Black Caribbean"). */
static const struct phrase_map eth_heritage_words[] = {
    { "white", 1 }, { "black", 1 }, { "asian", 1 }, { "chinese", 1 },
    { "african", 1 }, { "caribbean", 1 }, { NULL, 0 }
};

/* Category of a description without a code (normalised T, not empty), or
 * -1. Decided by the first words:
 *   "[any] other X ..."    X's category when X is a group word ("Any other
 *                          White background" is White), else Other;
 *   "british X ..."        X's category ("British Asian");
 *   "X and Y ..."          Mixed when X and Y are both group words;
 *   "chinese or other ethnic group ..." (2001 census heading) Chinese when
 *                          "chinese" follows, Other when anything else does;
 *   otherwise the first word's category (eth_first_words).
 * An Asian or Other description naming "chinese" is Chinese ("Asian or Asian
 * British - Chinese", "Other ethnic groups - Chinese"). */
static int eth_description(const char *t)
{
    char w0[32], w1[32], w2[32];
    const char *rest = first_word(t, w0, sizeof w0);
    const char *rest1 = first_word(rest, w1, sizeof w1);
    first_word(rest1, w2, sizeof w2);
    int d;

    if (strcmp(w0, "any") == 0 && strcmp(w1, "other") == 0)
        return eth_description(rest);
    if (strcmp(w0, "british") == 0)
        return *rest ? eth_description(rest) : -1;
    if (map_word(eth_heritage_words, w0) > 0 && strcmp(w1, "and") == 0
        && map_word(eth_heritage_words, w2) > 0)
        return DET_MIXED;
    if (starts_with(t, "chinese or other ethnic group")) {
        const char *tail = t + strlen("chinese or other ethnic group");
        if (*tail == '\0')
            return -1;
        return has_phrase(tail + 1, "chinese") ? DET_CHINESE : DET_OTHER;
    }
    if (strcmp(w0, "other") == 0) {
        d = map_word(eth_first_words, w1);
        if (d < 0 || d == DET_OTHER)
            d = DET_OTHER;
    } else {
        d = map_word(eth_first_words, w0);
    }
    if ((d == DET_ASIAN || d == DET_OTHER) && has_phrase(t, "chinese"))
        d = DET_CHINESE;
    return d;
}

bool vocab_ethnicity(const struct vocab *v, const char *s, enum eth_detail *detail)
{
    char t[NORM_MAX];
    normalise(t, sizeof t, s, kind_flags(KIND_ETHNICITY));
    int d = trust_lookup(v, KIND_ETHNICITY, t);
    if (d >= 0) {
        *detail = (enum eth_detail)d;
        return true;
    }
    if (t[0] == '\0' || map_word(eth_unknown_exact, t) > 0 || any_phrase(t, eth_unknown_phrases, 0)) {
        *detail = DET_UNKNOWN;
        return true;
    }
    /* A code is the first word when it has one or two characters and is a
     * known code; a description's first word never is ("White", "Mixed"). */
    size_t len = strcspn(t, " ");
    d = len <= 2 ? eth_code(t, len) : -1;
    if (d < 0)
        d = eth_description(t);
    *detail = d < 0 ? DET_UNKNOWN : (enum eth_detail)d;
    return d >= 0;
}

enum eth_group vocab_eth_group(enum eth_detail d)
{
    switch (d) {
    case DET_WHITE: return ETH_WHITE;
    case DET_ASIAN: case DET_BLACK: case DET_MIXED: case DET_CHINESE: case DET_OTHER:
        return ETH_BME;
    default: return ETH_UNKNOWN;
    }
}

const char *vocab_eth_group_name(enum eth_group g)
{
    switch (g) {
    case ETH_WHITE: return "White";
    case ETH_BME: return "BME";
    default: return "Unknown";
    }
}

static const char *const eth_detail_names[DET_N] = {
    "White", "Asian", "Black", "Mixed", "Chinese", "Other", "Unknown"
};

const char *vocab_eth_detail_name(enum eth_detail d)
{
    return (unsigned)d < DET_N ? eth_detail_names[d] : "Unknown";
}

/* ------------------------------------------------------------------ */
/* Disability                                                           */

static const char *const dis_unknown_phrases[] = {
    "not declared", "prefer not", "unspecified", "not disclosed", "not known", "unknown",
    "not stated", "not given", "not answered", "not set", "not recorded", "not collected",
    "no response", "no answer", "declined", "do not wish", "i do not wish", "undeclared",
    "undisclosed", "withheld", NULL
};

static const struct phrase_map dis_exact[] = {
    { "yes", DIS_DISABLED }, { "y", DIS_DISABLED }, { "disabled", DIS_DISABLED },
    { "no", DIS_NON_DISABLED }, { "n", DIS_NON_DISABLED },
    { "not disabled", DIS_NON_DISABLED }, { "non disabled", DIS_NON_DISABLED },
    { "nondisabled", DIS_NON_DISABLED }, { "no disability", DIS_NON_DISABLED },
    { "n a", DIS_UNKNOWN }, { "na", DIS_UNKNOWN }, { "null", DIS_UNKNOWN },
    { "blank", DIS_UNKNOWN }, { NULL, 0 }
};

/* Order: blank, "not stated" phrases (so "No response" is not a No), whole
 * values (dis_exact), then a first word "yes" or "no" ("Yes - I have a
 * disability", "No, I do not"). */
bool vocab_disability(const struct vocab *v, const char *s, enum dis_group *g)
{
    char t[NORM_MAX];
    normalise(t, sizeof t, s, kind_flags(KIND_DISABILITY));
    int d = trust_lookup(v, KIND_DISABILITY, t);
    if (d < 0 && (t[0] == '\0' || any_phrase(t, dis_unknown_phrases, 0)))
        d = DIS_UNKNOWN;
    if (d < 0)
        d = map_word(dis_exact, t);
    if (d < 0 && starts_with(t, "yes"))
        d = DIS_DISABLED;
    if (d < 0 && starts_with(t, "no"))
        d = DIS_NON_DISABLED;
    *g = d < 0 ? DIS_UNKNOWN : (enum dis_group)d;
    return d >= 0;
}

const char *vocab_dis_group_name(enum dis_group g)
{
    switch (g) {
    case DIS_DISABLED: return "Disabled";
    case DIS_NON_DISABLED: return "Non-disabled";
    default: return "Unknown";
    }
}

/* ------------------------------------------------------------------ */
/* Pay bands and medical grades                                         */

static const char *const row_names[ROW_N] = {
    "Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8A", "Band 8B", "Band 8C", "Band 8D", "Band 9", "VSM",
    "Consultant", "Non-consultant career grade", "Trainee grade", "Other medical", "Other"
};

const char *vocab_row_name(enum afc_row r)
{
    return (unsigned)r < ROW_N ? row_names[r] : "Other";
}

bool vocab_row_is_medical(enum afc_row r)
{
    return r == ROW_CONSULTANT || r == ROW_NON_CONSULTANT || r == ROW_TRAINEE
        || r == ROW_OTHER_MEDICAL;
}

int vocab_cluster(enum afc_row r)
{
    switch (r) {
    case ROW_UNDER_1: case ROW_BAND_1: case ROW_BAND_2: case ROW_BAND_3: case ROW_BAND_4:
        return 1;
    case ROW_BAND_5: case ROW_BAND_6: case ROW_BAND_7: return 2;
    case ROW_BAND_8A: case ROW_BAND_8B: return 3;
    case ROW_BAND_8C: case ROW_BAND_8D: case ROW_BAND_9: case ROW_VSM: return 4;
    case ROW_CONSULTANT: return 5;
    case ROW_NON_CONSULTANT: return 6;
    case ROW_TRAINEE: return 7;
    default: return 0;
    }
}

static const char *const cluster_names[WDES_N_CLUSTERS + 1] = {
    "Other",
    "Cluster 1 (Bands 1-4)",
    "Cluster 2 (Bands 5-7)",
    "Cluster 3 (Bands 8a-8b)",
    "Cluster 4 (Bands 8c-9 and VSM)",
    "Cluster 5 (Medical consultants)",
    "Cluster 6 (Non-consultant career grades)",
    "Cluster 7 (Medical trainee grades)"
};

const char *vocab_cluster_name(int cluster)
{
    return cluster >= 0 && cluster <= WDES_N_CLUSTERS ? cluster_names[cluster] : "Other";
}

/* Row of band number D (1-9) with range letter L ('a'-'d' for band 8, else
 * 0), or -1: band 8 needs its range. */
static int band_row(int d, char l)
{
    if (d == 8)
        return l >= 'a' && l <= 'd' ? ROW_BAND_8A + (l - 'a') : -1;
    if (l)
        return -1;
    if (d >= 1 && d <= 7)
        return ROW_BAND_1 + (d - 1);
    return d == 9 ? ROW_BAND_9 : -1;
}

/* Parse the band number that starts with token TOK (LEN bytes) and may go
 * on into the words of WS from index NEXT: "5", "8a", "8 a", "8 range a".
 * Returns the row or -1, and in *USED the number of words of WS consumed
 * after TOK. */
static int band_number(const char *tok, size_t len, const struct words *ws, size_t next, size_t *used)
{
    *used = 0;
    if (len == 0 || tok[0] < '1' || tok[0] > '9')
        return -1;
    int d = tok[0] - '0';
    if (len == 2)
        return band_row(d, tok[1]);
    if (len != 1)
        return -1;
    if (d != 8)
        return band_row(d, 0);
    size_t i = next;
    if (word_is(ws, i, "range"))
        i++;
    if (i < ws->n && ws->len[i] == 1 && band_row(8, ws->w[i][0]) >= 0) {
        *used = i + 1 - next;
        return band_row(8, ws->w[i][0]);
    }
    return -1;
}

/* An AfC band named in words: "band N" anywhere ("Review Body Band 5",
 * "Apprentice/Band 1", "AfC Band 6", "Band 8 - Range A", "band8a"), with
 * "under"/"below" before "band 1" meaning Under Band 1; else -1. */
static int band_by_word(const struct words *ws)
{
    for (size_t i = 0; i < ws->n; i++) {
        const char *w = ws->w[i];
        size_t len = ws->len[i], used;
        int r;
        if (len < 4 || memcmp(w, "band", 4) != 0)
            continue;
        if (len == 4)
            r = i + 1 < ws->n ? band_number(ws->w[i + 1], ws->len[i + 1], ws, i + 2, &used) : -1;
        else
            r = band_number(w + 4, len - 4, ws, i + 1, &used);
        if (r < 0)
            continue;
        if (r == ROW_BAND_1 && i > 0 && (word_is(ws, i - 1, "under") || word_is(ws, i - 1, "below")))
            return ROW_UNDER_1;
        return r;
    }
    return -1;
}

/* An ESR pay scale code for an AfC band: "xr01".."xr09" (the leading zero is
 * optional) and "xr08a".."xr08d"; a bare "xr08" names no range and is
 * skipped. Other ESR code families (XN..., medical codes) are not decoded:
 * their descriptive part is matched instead. Returns the row or -1. */
static int band_by_code(const struct words *ws)
{
    for (size_t i = 0; i < ws->n; i++) {
        const char *w = ws->w[i];
        size_t len = ws->len[i], used;
        if (len < 3 || w[0] != 'x' || w[1] != 'r')
            continue;
        w += 2;
        len -= 2;
        if (len >= 2 && w[0] == '0') {
            w++;
            len--;
        }
        int r = band_number(w, len, ws, ws->n, &used);
        if (r >= 0)
            return r;
    }
    return -1;
}

static const char *const vsm_phrases[] = {
    "vsm", "very senior manager", "very senior managers", "executive director",
    "chief executive", "esm", NULL
};

/* Words that mark a non-medical post: a value containing one is never read
 * as a medical grade ("Nurse Consultant", "Trainee Clinical Psychologist",
 * "Clinical Nurse Specialist" are AfC posts, not grades). */
static const char *const non_medical_words[] = {
    "nurse", "nursing", "midwife", "midwifery", "psychologist", "psychology",
    "pharmacist", "pharmacy", "therapist", "physiotherapist", "scientist", "scientific",
    "radiographer", "paramedic", "apprentice", "practitioner psychologist", NULL
};

static const char *const trainee_phrases[] = {
    "specialty registrar", "speciality registrar", "specialist registrar", "specialty trainee",
    "speciality trainee", "specialty training", "speciality training", "core training",
    "core trainee", "core medical training", "foundation", "fy1", "fy2", "f1", "f2",
    "ct1", "ct2", "ct3", "st1", "st2", "st3", "st4", "st5", "st6", "st7", "st8",
    "str", "spr", "registrar", "trainee", "senior house officer", "house officer", "sho",
    "pre registration house officer", "prho", NULL
};

static const char *const non_consultant_phrases[] = {
    "specialty doctor", "speciality doctor", "associate specialist", "staff grade",
    "sas doctor", "sas", NULL
};

static const char *const other_medical_phrases[] = {
    "clinical fellow", "research fellow", "teaching fellow", "fellow", "medical officer",
    "trust grade", "trust doctor", "clinical assistant", "hospital practitioner",
    "medical practitioner", "locally employed doctor", "doctor", "dental officer",
    "dental surgeon", "dental practitioner", "dentist", "general practitioner", "gp",
    "other medical", NULL
};

/* "Specialist" (the 2021 senior SAS grade) counts only as the last word or
 * before "grade" / "doctor", so that "Specialist Registrar" and similar are
 * left to their own phrases. */
static int is_specialist_grade(const struct words *ws)
{
    for (size_t i = 0; i < ws->n; i++) {
        if (word_is(ws, i, "specialist")
            && (i + 1 == ws->n || word_is(ws, i + 1, "grade") || word_is(ws, i + 1, "doctor")))
            return 1;
    }
    return 0;
}

/* A medical or dental grade in words, or -1. "Non-consultant ..." (our own
 * row name) first, then consultant, then trainee wording (before
 * "specialist", for "Specialist Registrar"), then the non-consultant career
 * grades, then other medical wording. */
static int band_medical(const char *t, const struct words *ws)
{
    if (any_phrase(t, non_medical_words, 1))
        return -1;
    if (has_phrase(t, "non consultant"))
        return ROW_NON_CONSULTANT;
    if (has_phrase(t, "consultant"))
        return ROW_CONSULTANT;
    if (any_phrase(t, trainee_phrases, 1))
        return ROW_TRAINEE;
    if (any_phrase(t, non_consultant_phrases, 1) || is_specialist_grade(ws))
        return ROW_NON_CONSULTANT;
    if (any_phrase(t, other_medical_phrases, 1))
        return ROW_OTHER_MEDICAL;
    return -1;
}

/* True when OCCUPATION is an ESR medical occupation code (first non-blank
 * character 0, 1, 2, 8 or 9). */
static int is_medical_occupation(const char *occupation)
{
    if (!occupation)
        return 0;
    while (*occupation == ' ' || *occupation == '\t')
        occupation++;
    char c = *occupation;
    return c == '0' || c == '1' || c == '2' || c == '8' || c == '9';
}

/* Order of the rules: trust entries; "band N" wording; an XR pay scale code;
 * a bare band number ("5", "8a", "8 range a"); VSM wording (not after
 * "non", as in "Non-Executive Director"); medical grades (band_medical).
 * An unrecognised value, blank included, with a medical OCCUPATION is Other
 * medical and counts as recognised. */
bool vocab_band(const struct vocab *v, const char *s, const char *occupation, enum afc_row *row)
{
    char t[NORM_MAX];
    struct words ws;
    size_t used;
    normalise(t, sizeof t, s, kind_flags(KIND_BAND));
    int r = trust_lookup(v, KIND_BAND, t);
    if (r < 0 && t[0]) {
        split_words(&ws, t);
        r = band_by_word(&ws);
        if (r < 0)
            r = band_by_code(&ws);
        if (r < 0) {
            r = band_number(ws.w[0], ws.len[0], &ws, 1, &used);
            if (r >= 0 && used + 1 != ws.n)
                r = -1;
        }
        if (r < 0 && any_phrase(t, vsm_phrases, 1) && !starts_with(t, "non executive"))
            r = ROW_VSM;
        if (r < 0)
            r = band_medical(t, &ws);
    }
    if (r < 0 && is_medical_occupation(occupation))
        r = ROW_OTHER_MEDICAL;
    *row = r < 0 ? ROW_OTHER : (enum afc_row)r;
    return r >= 0;
}

/* ------------------------------------------------------------------ */
/* Staff groups and assignment category                                 */

/* ESR staff groups (normalised, "&" read as "and"). A value matches a group
 * when it equals the name, starts with the name followed by more words
 * ("Nursing and Midwifery Registered|Staff Nurse"), or is a cut-off start of
 * the name at least STAFF_GROUP_MIN_PREFIX bytes long (ESR truncates names
 * to 30 characters: "Add Prof Scientific and Technic"). */
#define STAFF_GROUP_MIN_PREFIX 16
static const struct phrase_map staff_groups[] = {
    { "add prof scientific and technical", 1 },
    { "additional professional scientific and technical", 1 },
    { "additional clinical services", 1 },
    { "administrative and clerical", 0 },
    { "admin and clerical", 0 },
    { "allied health professionals", 1 },
    { "allied health professional", 1 },
    { "estates and ancillary", 0 },
    { "healthcare scientists", 1 },
    { "healthcare scientist", 1 },
    { "health care scientists", 1 },
    { "medical and dental", 1 },
    { "nursing and midwifery registered", 1 },
    { "nursing and midwifery", 1 },
    { "students", 1 },
    { "student", 1 },
    { NULL, 0 }
};

bool vocab_clinical(const struct vocab *v, const char *s, bool *clinical)
{
    char t[NORM_MAX];
    normalise(t, sizeof t, s, kind_flags(KIND_STAFF_GROUP));
    int c = trust_lookup(v, KIND_STAFF_GROUP, t);
    if (c < 0) {
        /* Some exports put a number before the name ("010 Medical and Dental"). */
        const char *p = t;
        size_t digits = strspn(p, "0123456789");
        if (digits > 0 && p[digits] == ' ')
            p += digits + 1;
        size_t len = strlen(p);
        for (const struct phrase_map *g = staff_groups; g->phrase && c < 0; g++) {
            if (starts_with(p, g->phrase)
                || (len >= STAFF_GROUP_MIN_PREFIX && strncmp(g->phrase, p, len) == 0))
                c = g->value;
        }
    }
    *clinical = c != 0; /* unrecognised (-1) counts as clinical */
    return c >= 0;
}

bool vocab_is_bank(const struct vocab *v, const char *s)
{
    char t[NORM_MAX];
    normalise(t, sizeof t, s, kind_flags(KIND_CATEGORY));
    int b = trust_lookup(v, KIND_CATEGORY, t);
    if (b >= 0)
        return b == 1;
    return starts_with(t, "bank");
}

/* ------------------------------------------------------------------ */
/* Loading a trust vocabulary file                                      */

static const struct phrase_map kind_names[] = {
    { "ethnicity", KIND_ETHNICITY }, { "ethnic origin", KIND_ETHNICITY },
    { "ethnic group", KIND_ETHNICITY },
    { "disability", KIND_DISABILITY }, { "disability flag", KIND_DISABILITY },
    { "band", KIND_BAND }, { "pay band", KIND_BAND }, { "grade", KIND_BAND },
    { "staff group", KIND_STAFF_GROUP },
    { "category", KIND_CATEGORY }, { "assignment category", KIND_CATEGORY },
    { "contract type", KIND_CATEGORY },
    { NULL, 0 }
};

static const struct phrase_map clinical_meanings[] = {
    { "clinical", 1 }, { "non clinical", 0 }, { "nonclinical", 0 }, { NULL, 0 }
};

static const struct phrase_map category_meanings[] = {
    { "bank", 1 }, { "substantive", 0 }, { "not bank", 0 }, { "non bank", 0 }, { NULL, 0 }
};

/* Meaning of a trust entry of KIND from its "meaning" field S, or -1.
 *   ethnicity    an ESR code (A, CP, Z, 99 ...) or a detail category name
 *                (White, Asian, Black, Mixed, Chinese, Other, Unknown);
 *   disability   any answer the built-in rules recognise (Yes, No, Unknown ...);
 *   band         a row name as vocab_row_name() spells it, or any spelling the
 *                built-in rules recognise ("Band 8a");
 *   staff_group  clinical / non-clinical;
 *   category     bank / substantive.
 * S is normalised as the lookups normalise values ("&" reads as "and"), so
 * that a meaning is accepted exactly when the lookups would read it so:
 * "Band & 6" is not "Band 6". */
static int parse_meaning(int kind, const char *s)
{
    char t[NORM_MAX];
    unsigned flags = kind_flags(kind);
    normalise(t, sizeof t, s, flags);
    if (t[0] == '\0')
        return -1;
    switch (kind) {
    case KIND_ETHNICITY: {
        size_t len = strlen(t);
        int d = len <= 2 ? eth_code(t, len) : -1;
        for (int i = 0; d < 0 && i < DET_N; i++) {
            char name[32];
            if (strcmp(t, normalise(name, sizeof name, eth_detail_names[i], flags)) == 0)
                d = i;
        }
        return d;
    }
    case KIND_DISABILITY: {
        enum dis_group g;
        return vocab_disability(NULL, s, &g) ? (int)g : -1;
    }
    case KIND_BAND: {
        enum afc_row r;
        for (int i = 0; i < ROW_N; i++) {
            char name[64];
            if (strcmp(t, normalise(name, sizeof name, row_names[i], flags)) == 0)
                return i;
        }
        return vocab_band(NULL, s, NULL, &r) ? (int)r : -1;
    }
    case KIND_STAFF_GROUP:
        return map_word(clinical_meanings, t);
    case KIND_CATEGORY:
        return map_word(category_meanings, t);
    default:
        return -1;
    }
}

static const char *const kind_labels[] = {
    "ethnicity", "disability", "band", "staff_group", "category"
};

static const char *const kind_expected[] = {
    "an ESR ethnic origin code (A, CP, Z ...) or White, Asian, Black, Mixed, Chinese, Other, Unknown",
    "Yes, No or Unknown",
    "a row name such as 'Band 8A', 'VSM', 'Consultant', 'Trainee grade'",
    "clinical or non-clinical",
    "bank or substantive"
};

/* The columns a vocabulary file must have. */
enum { COL_KIND, COL_VALUE, COL_MEANING, N_COLS };
static const char *const col_names[N_COLS] = { "kind", "value", "meaning" };

/* State of one vocab_load: where the header put each column. */
struct load_ctx {
    struct vocab *v;
    const char *path;
    bool have_header;
    size_t n_header;            /* number of header fields */
    long col[N_COLS];           /* field index of each column, -1 if absent */
    char col_header[N_COLS][64]; /* each column's header as written */
};

/* Add a trust entry; *V grows as needed. */
static int add_entry(struct load_ctx *ctx, int kind, const char *value, int meaning,
                     struct wq_error *err)
{
    struct vocab *v = ctx->v;
    char key[NORM_MAX];
    normalise(key, sizeof key, value, kind_flags(kind));
    struct vocab_entry *grown =
        array_grow(v->items, v->n_items, &v->alloc_items, sizeof *grown, 16);
    if (!grown)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory reading %s", ctx->path);
    v->items = grown;
    char *k = malloc(strlen(key) + 1);
    if (!k)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory reading %s", ctx->path);
    strcpy(k, key);
    v->items[v->n_items++] = (struct vocab_entry){ kind, k, meaning, v->next_seq++ };
    return WQ_OK;
}

static int on_header(struct load_ctx *ctx, const struct csv_row *row, struct wq_error *err)
{
    ctx->have_header = true;
    ctx->n_header = row->n_fields;
    for (size_t i = 0; i < row->n_fields; i++) {
        char name[64];
        normalise(name, sizeof name, row->fields[i], NORM_WORDS);
        for (int c = 0; c < N_COLS; c++)
            if (ctx->col[c] < 0 && strcmp(name, col_names[c]) == 0) {
                ctx->col[c] = (long)i;
                snprintf(ctx->col_header[c], sizeof ctx->col_header[c], "%.63s", row->fields[i]);
            }
    }
    for (int c = 0; c < N_COLS; c++)
        if (ctx->col[c] < 0)
            return wq_fail(err, WQ_EDATA, &(struct src_pos){ row->file, row->line, NULL , 0},
                           "missing column '%s' (the header must be kind,value,meaning)",
                           col_names[c]);
    return WQ_OK;
}

/* One record of a vocabulary file, from csv_reader (so converted from
 * Windows-1252 like every other input). */
static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct load_ctx *ctx = ud;
    if (row->record == 1)
        return on_header(ctx, row, err);
    struct src_pos pos = { row->file, row->line, NULL, 0 };
    if (row->n_fields != ctx->n_header)
        return wq_fail(err, WQ_EDATA, &pos, "expected %zu fields as in the header, found %zu",
                       ctx->n_header, row->n_fields);
    const char *kind_text = row->fields[ctx->col[COL_KIND]];
    const char *meaning_text = row->fields[ctx->col[COL_MEANING]];
    char kname[64];
    normalise(kname, sizeof kname, kind_text, NORM_WORDS);
    int kind = map_word(kind_names, kname);
    if (kind < 0) {
        pos.column = ctx->col_header[COL_KIND];
        return wq_fail(err, WQ_EDATA, &pos,
                       "unknown kind '%s' (expected ethnicity, disability, band, staff_group or "
                       "category)",
                       kind_text);
    }
    int meaning = parse_meaning(kind, meaning_text);
    if (meaning < 0) {
        pos.column = ctx->col_header[COL_MEANING];
        return wq_fail(err, WQ_EDATA, &pos, "%s meaning '%s' not understood (expected %s)",
                       kind_labels[kind], meaning_text, kind_expected[kind]);
    }
    return add_entry(ctx, kind, row->fields[ctx->col[COL_VALUE]], meaning, err);
}

/* Sort V's entries and drop all but the latest of each (kind, key). */
static void sort_entries(struct vocab *v)
{
    if (v->n_items == 0)
        return;
    qsort(v->items, v->n_items, sizeof *v->items, entry_cmp);
    size_t out = 0;
    for (size_t i = 0; i < v->n_items; i++) {
        struct vocab_entry *e = &v->items[i];
        if (i + 1 < v->n_items && e->kind == e[1].kind && strcmp(e->key, e[1].key) == 0) {
            free(e->key); /* superseded by the next, later entry */
            continue;
        }
        v->items[out++] = *e;
    }
    v->n_items = out;
}

/* Read PATH through csv_reader (positions, BOM, CRLF, Windows-1252, as every
 * input). On error *V is left as it was before the call (a vocabulary
 * allocated by this call is freed and *V reset to NULL). */
int vocab_load(struct vocab **v, const char *path, struct wq_error *err)
{
    return vocab_load_as(v, path, NULL, err);
}

int vocab_load_as(struct vocab **v, const char *path, struct csv_source *src,
                  struct wq_error *err)
{
    struct load_ctx ctx = { .path = path };
    bool allocated = false;
    for (int c = 0; c < N_COLS; c++)
        ctx.col[c] = -1;
    if (!*v) {
        *v = calloc(1, sizeof **v);
        if (!*v)
            return wq_fail(err, WQ_ENOMEM, NULL, "out of memory reading %s", path);
        allocated = true;
    }
    ctx.v = *v;
    size_t old_n = (*v)->n_items;
    int st = csv_read_file(path, path, on_row, &ctx, src, err);
    if (st == WQ_OK && !ctx.have_header)
        st = wq_fail(err, WQ_EDATA, &(struct src_pos){ path, 0, NULL , 0},
                     "empty file: expected a header kind,value,meaning");
    if (st != WQ_OK) {
        while ((*v)->n_items > old_n)
            free((*v)->items[--(*v)->n_items].key);
        if (allocated) {
            vocab_destroy(*v);
            *v = NULL;
        }
        return st;
    }
    sort_entries(*v);
    return WQ_OK;
}

size_t vocab_n_entries(const struct vocab *v)
{
    return v ? v->n_items : 0;
}

void vocab_destroy(struct vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n_items; i++)
        free(v->items[i].key);
    free(v->items);
    free(v);
}
