/* direction.h: is a comparison worse or better for the focus group?
 *
 * The catalogue (struct standard, wres/standard.c and wdes/standard.c) says
 * which side of parity is unfavourable to the focus group for each metric,
 * in the standard's own orientation. Here that is read for one row, in the
 * row's orientation (a --detail row "Asian vs White" of metric 2 is the
 * other way round from the official "White vs BME"), and combined with the
 * row's 95% interval into a verdict. */
#ifndef WQ_DIRECTION_H
#define WQ_DIRECTION_H

#include "metrics.h"
#include "standard.h"

enum verdict {
    VERDICT_NONE,      /* no direction, withheld or not calculable */
    VERDICT_WORSE,     /* the interval lies wholly on the unfavourable side
                          (or a full count, the board, is on it) */
    VERDICT_BETTER,    /* wholly on the favourable side */
    VERDICT_UNCLEAR,   /* the interval includes parity: could be chance */
    VERDICT_UNTESTED,  /* a direction but no interval (engagement scores) */
    VERDICT_EVEN       /* a full count exactly at parity */
};

/* Which side of parity is worse for the focus group for comparison row R,
 * in R's orientation; NO_DIRECTION for a group row or a metric without one. */
enum disadvantage direction_of(const struct standard *std, const struct metric_row *r);

/* The verdict for comparison row R from its direction and interval. A
 * ratio whose interval includes 1, or a difference whose interval includes
 * 0, is never VERDICT_WORSE or VERDICT_BETTER. */
enum verdict verdict_of(const struct standard *std, const struct metric_row *r);

/* Is the value of R on the unfavourable side of parity (whatever its
 * interval)? False when there is no direction or no value. */
bool leans_worse(const struct standard *std, const struct metric_row *r);

/* The verdict in words, into BUF: "worse for BME staff", "better for
 * Disabled staff", "no clear difference", "no interval", "no difference",
 * or "" for VERDICT_NONE. Returns BUF. */
const char *verdict_words(char *buf, size_t size, enum verdict v, const struct standard *std);

#endif
