/* trend_levels.h: directorates over years. Each --by level's relative
 * likelihood (trend.by) over the years, drawn as small multiples, with the
 * year-on-year test of each level (trend_change: the change of the log
 * ratio between the last two years) and Benjamini-Hochberg's q across the
 * levels of one breakdown, metric and comparison. */
#ifndef WQ_TREND_LEVELS_H
#define WQ_TREND_LEVELS_H

#include "diag.h"
#include "standard.h"
#include "trend.h"

/* At most this many panels a chart (the smallest q first); the rest are
 * listed in trend-levels.csv and the chart's footnote says how many. At 3
 * panels a row, 24 panels are 8 rows of 300 pt: 4,800 pixels high in a
 * PNG, well within cairo's 32,767. */
#define TREND_LEVELS_MAX_PANELS 24
#define TREND_LEVELS_COLS 3

/* When TR has --by levels: one chart per breakdown and metric,
 * DIR/levels-<breakdown>-<metric>-<measure>.EXT (png, svg or pdf), and
 * DIR/trend-levels.csv: breakdown, level, metric, measure, group,
 * reference, the ratio in each year (one column per year), change_from,
 * change_to, change (ln r2 - ln r1), z, p, q and the chart that draws the
 * level (blank when not drawn). CONF is the intervals' level (0.95).
 * Nothing is written without levels. WQ_OK, or an error with ERR filled. */
int trend_levels_write(const char *dir, const struct trend *tr, const struct standard *std,
                       const char *ext, double conf, struct wq_error *err);

#endif
