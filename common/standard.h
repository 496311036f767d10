/* standard.h: what distinguishes WRES from WDES for the shared engine.
 *
 * Each calculator defines one `struct standard` (wres/standard.c,
 * wdes/standard.c): which personal characteristic defines its groups, the
 * group names in metric-1 column order, and which group is compared with
 * which. The engine never tests "is this WRES" beyond the CHARACTERISTIC. */
#ifndef WQ_STANDARD_H
#define WQ_STANDARD_H

#include <stdbool.h>

enum characteristic { CHAR_ETHNICITY, CHAR_DISABILITY };

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
};

extern const struct standard standard_wres;
extern const struct standard standard_wdes;

#endif
