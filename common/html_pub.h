/* html_pub.h: the parts of the board report (html.c) about publishing it
 * and acting on it. Each writes HTML to F; text from data is escaped. */
#ifndef WQ_HTML_PUB_H
#define WQ_HTML_PUB_H

#include <stddef.h>
#include <stdio.h>

#include "html.h"
#include "metrics.h"
#include "options.h"
#include "standard.h"

/* With --suppress 0: the banner at the very top of the page saying it is
 * not for publication. Nothing otherwise. */
void html_pub_banner(FILE *f, const struct wq_options *o);

/* A withheld cell: "withheld (fewer than N)", a link to the paragraph
 * with id "withheld" (the methods) that says why. */
void html_withheld(FILE *f, const struct metric_row *r);

/* ESR against the survey (the METRIC_ESR_SURVEY rows among the N ROWS):
 * a table of the two shares and the gap, and a sentence with the people
 * ESR may be missing. Nothing when the rows are not there. */
void html_esr_survey(FILE *f, const struct metric_row *rows, size_t n,
                     const struct standard *std);

/* The config's actions for the N METRICS ("2", "9a" ...) as a short
 * "Actions" list in a metric's block; nothing when there are none. */
void html_actions(FILE *f, const struct wq_options *o, const char *const *metrics, size_t n);

/* The closing "Action plan" section: the whole standard's actions, then
 * each metric's. Nothing when the config has no actions. */
void html_action_plan(FILE *f, const struct wq_options *o);

#endif
