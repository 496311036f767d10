/* inputs.h: the readers of the extracts beyond staff and leavers:
 * recruitment, cases, training, survey and board (docs/inputs.md, 6-10). Each reads
 * its file in one streaming pass into the workforce's tallies, accounting
 * for every row in w->acc[IN_...]; people are joined to the staff in post
 * by person key where the file has no group column of its own. */
#ifndef WQ_INPUTS_H
#define WQ_INPUTS_H

#include "csv_reader.h"
#include "diag.h"
#include "options.h"
#include "text.h"
#include "workforce.h"

int recruitment_load(struct workforce *w, const struct wq_options *o, struct wq_error *err);
int cases_load(struct workforce *w, const struct wq_options *o, struct wq_error *err);
int training_load(struct workforce *w, const struct wq_options *o, struct wq_error *err);
/* The --mandatory-courses list at PATH (a header, then one title per row
 * in the first column), read as SRC says, into TITLES; an empty list is
 * WQ_EDATA (it would count every course as non-mandatory). */
int training_mandatory_read(const char *path, struct strmap *titles, struct csv_source *src,
                            struct wq_error *err);
int survey_load(struct workforce *w, const struct wq_options *o, struct wq_error *err);
int board_load(struct workforce *w, const struct wq_options *o, struct wq_error *err);

/* The columns of each input for O's standard and settings, into OUT (at
 * most INPUT_SPECS_MAX); each returns how many. Recruitment: an aggregated
 * table or one row per applicant, with a Stage column (STAGED) or
 * Shortlisted / Appointed; survey: the long shape (measure, group ...). */
size_t recruitment_specs(const struct wq_options *o, bool aggregated, bool staged,
                         struct col_spec *out);
size_t cases_specs(const struct wq_options *o, struct col_spec *out);
size_t training_specs(const struct wq_options *o, struct col_spec *out);
size_t survey_specs(const struct wq_options *o, struct col_spec *out);
size_t board_specs(const struct wq_options *o, struct col_spec *out);

/* The group index (0..2 by the standard's group_names) of a group label
 * as aggregated tables write it: "White", "BME", "BAME", "Undisclosed",
 * "Disabled", "Non-disabled", "Not disabled", "Not stated" ...; for WRES
 * also any ethnic origin the vocabulary knows. Returns false when unknown.
 * "All"/"Total"/"Overall" give *G = 3 (the whole group). */
bool inputs_group(const struct workforce *w, const struct vocab *v, const char *s, int *g);

#endif
