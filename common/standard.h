/* standard.h: what distinguishes WRES from WDES for the shared engine.
 *
 * Each calculator defines one `struct standard` (wres/standard.c,
 * wdes/standard.c): which personal characteristic defines its groups, the
 * group names in metric-1 column order, and which group is compared with
 * which. The engine never tests "is this WRES" beyond the CHARACTERISTIC. */
#ifndef WQ_STANDARD_H
#define WQ_STANDARD_H

#include <stdbool.h>
#include <stddef.h>

enum characteristic { CHAR_ETHNICITY, CHAR_DISABILITY };

/* Where a ratio metric's events come from. */
enum metric_source { SRC_RECRUITMENT, SRC_CASES, SRC_TRAINING };

/* A relative-likelihood metric: events / base per group, and the ratio of
 * two groups in the standard's official direction. */
struct ratio_metric {
    const char *metric;        /* "2" */
    const char *measure;       /* "appointed_from_shortlisting" */
    enum metric_source source;
    bool focus_first;          /* true: focus vs comparator (BME vs White);
                                  false: comparator vs focus (White vs BME) */
    const char *events;        /* "appointed", for sentences */
    const char *verb;          /* "be appointed from shortlisting" */
};

/* A staff-survey metric. */
struct survey_metric {
    const char *metric;        /* "5", "4a" */
    const char *measure;       /* "harassment_public" */
    bool focus_only;           /* WDES 8: Disabled staff only */
    bool is_score;             /* WDES 9a: a score 0-10, not a percentage */
    bool higher_is_better;
    const char *text;          /* the item in plain words */
};

struct standard {
    const char *name;            /* "WRES" */
    const char *prog;            /* "wres" */
    const char *title;           /* "Workforce Race Equality Standard" */
    enum characteristic characteristic;
    const char *group_names[3];  /* by group index, metric-1 column order */
    int focus;                   /* the group a ratio is about: BME, Disabled */
    int comparator;              /* the group it is compared with: White, Non-disabled */
    int unknown;                 /* the not-stated group */
    const char *declared_what;   /* "ethnicity", "disability status" */
    bool has_detail;             /* --detail splits the focus group */
    const struct ratio_metric *ratios;
    size_t n_ratios;
    const struct survey_metric *survey;
    size_t n_survey;
    const char *board_metric;    /* "9" (WRES) or "10" (WDES) */
    bool has_voices;             /* WDES 9b */
};

extern const struct standard standard_wres;
extern const struct standard standard_wdes;

#endif
