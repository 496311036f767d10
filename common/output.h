/* output.h: the metrics CSV, JSON, terminal tables and the data-quality
 * account. Writers print to a FILE and return WQ_OK or WQ_EIO (the stream's
 * error flag is checked; callers still check fflush/fclose). */
#ifndef WQ_OUTPUT_H
#define WQ_OUTPUT_H

#include <stdio.h>

#include "metrics.h"
#include "options.h"
#include "workforce.h"

/* The metrics CSV of docs/design.md, section 3: header, then one line per row. Text that a
 * spreadsheet would take for a formula (starting = + - @, tab, CR) is
 * prefixed with '. value/low/high are printed at full precision (%.17g),
 * NaN as an empty field, infinity as "inf". */
int output_csv(FILE *f, const struct metric_table *t);

/* The metrics CSV's trust line, "# trust: NAME\n", above the header, when
 * TRUST (--trust, options_trust_ok) is set; nothing otherwise. Readers skip
 * leading '#' lines; `compare` reads the name from it (compare.c). */
#define OUTPUT_TRUST_PREFIX "# trust: "
void output_trust_line(FILE *f, const char *trust);

/* The same rows as JSON, with the input accounts: {"standard", "inputs",
 * "metrics"}; NaN as null, infinity as the string "inf". */
int output_json(FILE *f, const struct metric_table *t, const struct workforce *w,
                const struct wq_options *o);

/* Readable tables: rounded figures (half away from zero), intervals,
 * flags and plain-English readings. */
int output_table(FILE *f, const struct metric_table *t, const struct workforce *w,
                 const struct wq_options *o);

/* The data-quality account of `check`: rows read, used and excluded by
 * reason for every input, unknown codes with counts, skipped lines. */
int output_check(FILE *f, const struct workforce *w, const struct wq_options *o);

/* Warnings for stderr: unrecognised codes, conversions, conflicts,
 * skipped rows, groups with more leavers than staff. PROG prefixes each. */
int output_warnings(FILE *f, const char *prog, const struct workforce *w,
                    const struct metric_table *t);

#endif
