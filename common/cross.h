/* cross.h: crossed breakdowns ("--by A*B") and the strata of --adjust.
 *
 * A crossed breakdown's levels are the combinations of its columns' levels,
 * written "BME / Disabled / Female": each column's level as --by alone gives
 * it (a characteristic column normalised, Sex normalised to Female / Male),
 * joined with " / " in the order given. Its columns are breakdowns too:
 * shown when they were asked for with --by, else internal (tallied, never
 * shown: index n_bd and above). --adjust COLUMN... adds, for the trust and
 * each --by breakdown, an internal breakdown by the combination of that
 * breakdown and the --adjust columns: the strata of the adjusted relative
 * likelihoods (adjust_metrics.c). */
#ifndef WQ_CROSS_H
#define WQ_CROSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"

/* At most this many columns in one crossed breakdown or one --adjust. */
#define CROSS_MAX_PARTS 8
/* What joins a crossed breakdown's columns on the command line, and its levels. */
#define CROSS_SEP '*'
#define CROSS_LEVEL_SEP " / "

/* Split SPEC ("Ethnicity*Disability*Sex") into its trimmed column names,
 * copied into BUF (SIZE bytes), pointers in OUT. Returns how many (1 for a
 * single column), or 0 when a name is empty, there are more than
 * CROSS_MAX_PARTS, or BUF is too small. */
size_t cross_split(const char *spec, char *buf, size_t size, const char *out[CROSS_MAX_PARTS]);

struct workforce;
/* Build W's breakdowns for O: the trust, each --by (crossed ones with their
 * columns), and the strata of --adjust. WQ_OK, WQ_EUSAGE (message in ERR:
 * an empty column name in a "*", too many columns) or WQ_ENOMEM. */
struct wq_error;
int cross_setup(struct workforce *w, const struct wq_options *o, struct wq_error *err);

/* After a header: BY_COL of each crossed breakdown is its first column's
 * when all of its columns were found, else -1 (then, reading LEAVERS, its
 * leavers are not split by it). */
void cross_columns(struct workforce *w, int *by_col, bool leavers);

/* For one row whose single-column breakdowns' levels are in LEVELS (level
 * of breakdown b at LEVELS[b - 1]), set each crossed breakdown's level
 * where BY_COL says its columns were found. WQ_OK or WQ_ENOMEM. */
int cross_levels(struct workforce *w, const int *by_col, uint32_t *levels);

#endif
