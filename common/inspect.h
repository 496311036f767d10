/* inspect.h: `wres columns FILE`: one look at an input's header (report
 * framing, which header each field matched, the missing ones and a
 * ready-to-paste --column for each), never a value of the file. */
#ifndef WQ_INSPECT_H
#define WQ_INSPECT_H

#include <stdio.h>

#include "diag.h"
#include "options.h"

/* The inputs `columns --as` names, NULL-terminated: staff, staff-start,
 * leavers, recruitment, cases, training, survey, board. */
extern const char *const inspect_kinds[];
/* The list inputs `columns --as` also takes, NULL-terminated:
 * mandatory-courses, vocab. They have no columns to find: the file is read
 * whole, as a run reads it, and the findings are how it was read and how
 * many entries it holds. */
extern const char *const inspect_lists[];

/* Look at PATH as input AS (one of inspect_kinds or inspect_lists), or as the kind whose
 * required columns it has most of when AS is NULL, through O's --column
 * mapping; print the findings on OUT. Returns WQ_OK when every required
 * field is found, WQ_EDATA when some are missing (the findings printed),
 * WQ_EUSAGE for an unknown AS, or another error (ERR filled). Only header
 * names and counts are printed. */
int inspect_columns(FILE *out, const char *path, const char *as, const struct wq_options *o,
                    struct wq_error *err);

#endif
