/* config.h: a yearly run's settings in an INI file (--config).
 *
 * Keys are the long options without "--" (staff, leavers, year, by ...,
 * '-' or '_' alike); repeatable options (by, exclude_reason, vocab) may be
 * given on several lines. Keys before any section, or in [common], apply to
 * both calculators; [wres] and [wdes] sections only to theirs; a [columns]
 * section maps fields to headers (FIELD = HEADER, as --column FIELD=HEADER; FIELD may
 * also be a --by column's name, org_l3 = Directorate). Relative
 * paths are taken from the INI file's folder. An unknown key or section is
 * an error naming file:line (a misspelt key must not be silently ignored). */
#ifndef WQ_CONFIG_H
#define WQ_CONFIG_H

#include "csv_reader.h"
#include "diag.h"
#include "ini.h"
#include "options.h"

/* Strings the options point into, owned until config_store_free. */
struct config_store {
    struct ini ini;
    char **paths;
    size_t n_paths;
};

/* Apply PATH to O for standard O->std. Lists in O (by, exclude_reasons,
 * vocab_files) are extended with realloc. Returns WQ_OK or an error. */
int config_apply(const char *path, struct wq_options *o, struct config_store *store,
                 struct wq_error *err);
/* The same as the standard whose section is SECTION ("wres" or "wdes")
 * reads it: what the page of `serve` shows of each standard's settings. */
int config_apply_as(const char *path, const char *section, struct wq_options *o,
                    struct config_store *store, struct wq_error *err);
void config_store_free(struct config_store *store);

/* The inputs --sheet INPUT=NAME may name, NULL-terminated: the options
 * that take a file ("staff", "staff-start", ... "vocab"). */
extern const char *const options_sheet_inputs[];

/* The sheet to read for INPUT (one of options_sheet_inputs): the last
 * --sheet INPUT=NAME, else the last --sheet NAME, else NULL (the first
 * sheet). */
const char *options_sheet(const struct wq_options *o, const char *input);

/* How to read INPUT's file: O's --delimiter and options_sheet. */
struct csv_source options_source(const struct wq_options *o, const char *input);

/* Release the arrays O's options and config filled (vocab files, --by,
 * exclude reasons, --column, surveys, history, sheets); not the strings in
 * them, which belong to argv or the config store. */
void options_free(struct wq_options *o);

/* Push S onto a growable array of strings (false on allocation failure). */
bool options_push(const char ***v, size_t *n, const char *s);

/* Add a --column FIELD=HEADER mapping to O (false on allocation failure);
 * FIELD is one of columns_fields or a --by column's name, and must outlive
 * O (cli.c refuses any other). */
bool options_push_column(struct wq_options *o, const char *field, const char *header);

/* The columns_fields entry for NAME ('-', '_' and spaces alike, any case),
 * or NULL. */
const char *options_column_field(const char *name);

/* Parse option values shared by the command line and the config. Each
 * returns false for a bad value. */
bool options_parse_year(const char *s, int *year);
bool options_parse_ci(const char *s, enum ratio_method *m);
bool options_parse_rate_ci(const char *s, enum rate_method *m);
bool options_parse_uint(const char *s, unsigned long max, unsigned long *v);
bool options_parse_yes_no(const char *s, int *v);

#endif
