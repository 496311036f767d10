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

/* The direction of disadvantage: which side of parity (1 for a relative
 * likelihood, 0 for a difference) is unfavourable to the focus group (BME
 * staff, Disabled staff), for the figure as the catalogue computes it. */
enum disadvantage {
    WORSE_IF_HIGHER,  /* above parity is worse for the focus group */
    WORSE_IF_LOWER,   /* below parity is worse for the focus group */
    NO_DIRECTION      /* neither side is a disadvantage (declaration rates) */
};

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
    enum disadvantage worse;   /* of the ratio in the official direction */
};

/* A staff-survey metric. */
struct survey_metric {
    const char *metric;        /* "5", "4a" */
    const char *measure;       /* "harassment_public" */
    bool focus_only;           /* WDES 8: Disabled staff only */
    bool is_score;             /* WDES 9a: a score 0-10, not a percentage */
    enum disadvantage worse;   /* of focus minus comparator: harassment
                                  WORSE_IF_HIGHER, equal opportunities
                                  WORSE_IF_LOWER */
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
    enum disadvantage leavers_worse; /* leavers: focus vs comparator */
    enum disadvantage board_worse;   /* board share minus workforce share */
};

extern const struct standard standard_wres;
extern const struct standard standard_wdes;

#endif
