/* html_adjust.h: the report's words for --adjust (html_adjust.c). */
#ifndef WQ_HTML_ADJUST_H
#define WQ_HTML_ADJUST_H

#include <stdbool.h>
#include <stddef.h>

#include "metrics.h"
#include "standard.h"

/* Is R one of --adjust's rows (the adjusted relative likelihood or its
 * homogeneity test), which the page's comparison tables leave out? */
bool html_adjust_row(const struct metric_row *r);

/* The adjusted relative likelihood beside CRUDE (a comparison row) among
 * the N ROWS of its level, in plain words into BUF (not escaped): "Allowing
 * for Pay Band, BME staff were still 1.62 times as likely as White staff to
 * enter the formal disciplinary process (95% interval 1.18 to 2.23).", or
 * that the difference is largely explained (the interval includes 1 where
 * the crude one did not), then what the homogeneity test found; the
 * columns are read from the adjusted row's note. NULL (BUF untouched) when
 * there is no such row. The metrics table prints it too. */
const char *html_adjust_sentence(char *buf, size_t size, const struct metric_row *rows, size_t n,
                                 const struct metric_row *crude, const struct standard *std);

#endif
