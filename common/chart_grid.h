/* chart_grid.h: small multiples. Charts built by chart.h's builders (a
 * trend per directorate, say) laid out as the panels of one chart, COLS to
 * a row, under a title and over a footnote, both wrapped to the width. */
#ifndef WQ_CHART_GRID_H
#define WQ_CHART_GRID_H

#include <stddef.h>

#include "chart.h"

/* Fill *G (zeroed here) with PANELS[0..N) in rows of COLS, each row as high
 * as its highest panel, every panel as wide as the widest. The panels'
 * areas, lines, marks and texts are moved into G (the panels are left with
 * their titles and axes only: chart_free them still). TITLE is G's title
 * (13 pt bold, dark blue) and FOOTNOTE is drawn under the panels (9 pt);
 * either may be NULL. WQ_OK, or WQ_ENOMEM (G empty). */
int chart_grid(struct chart *g, struct chart *panels, size_t n, size_t cols, const char *title,
               const char *footnote);

#endif
