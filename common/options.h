/* options.h: everything a run is told, from the command line or a config. */
#ifndef WQ_OPTIONS_H
#define WQ_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "columns.h"
#include "standard.h"
#include "stats.h"
#include "vocab.h"

enum out_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

/* --suppress not given: `report` then withholds counts under
 * SUPPRESS_PUBLISHED in what it publishes, `metrics` withholds nothing. */
#define SUPPRESS_UNSET 0xFFFFFFFFu
#define SUPPRESS_PUBLISHED 10u

/* An action from the yearly config (`action = TEXT`, `action-METRIC =
 * TEXT` in [wres] or [wdes]): METRIC is NULL for the whole standard. */
struct wq_action {
    const char *metric;
    const char *text;
};

struct wq_options {
    const struct standard *std;
    const char *staff;          /* staff in post at the end of the period */
    const char *staff_start;    /* staff in post at the start (optional) */
    const char *leavers;
    const char *recruitment;    /* applicants, or an aggregated table */
    const char *cases;          /* disciplinary / capability cases */
    const char *training;       /* non-mandatory training records (wres) */
    const char *mandatory_courses; /* list of mandatory course titles */
    const char **surveys;       /* staff-survey breakdowns or responses */
    size_t n_surveys;
    const char *board;          /* board members */
    int window;                 /* case window in years; 0 = the standard's */
    unsigned suppress;          /* publication mode: withhold counts below it;
                                   SUPPRESS_UNSET until a default is chosen */
    int voices;                 /* WDES 9b: 1 yes, 0 no, -1 not given */
    const char *voices_text;
    int year;                   /* reporting year ending 31 March; 0 = not set */
    const char **exclude_reasons; /* leaving-reason prefixes, case-insensitive */
    size_t n_exclude_reasons;
    const char **by;            /* --by columns; "A*B" crosses columns */
    size_t n_by;
    const char **adjust;        /* --adjust columns: the strata of the
                                   Mantel-Haenszel relative likelihoods */
    size_t n_adjust;
    bool detail;                /* wres --detail */
    bool skip_bad_rows;
    enum rate_method rate_method;
    enum ratio_method ratio_method;
    double conf;                /* 0.95 */
    enum out_format format;
    const struct vocab *vocab;  /* trust spellings, or NULL */
    const char **vocab_files;   /* --vocab, in order */
    size_t n_vocab_files;
    const char *out;            /* report folder */
    const char **history;       /* earlier years: metrics CSVs or history tables */
    size_t n_history;
    const char *chart_format;   /* trend: png (default), svg or pdf */
    struct col_map *columns;    /* --column FIELD=HEADER, in order (found is set) */
    size_t n_columns;
    const char *as;             /* columns --as INPUT */
    const char **sheets;        /* --sheet: "NAME" or "INPUT=NAME", in order */
    size_t n_sheets;
    char delimiter;             /* --delimiter: ',' '\t' ';' '|', or 0: detect */
    struct wq_action *actions;  /* the config's actions, in file order */
    size_t n_actions;
    const char *highlight;      /* report --highlight LEVEL: marked in every chart, or NULL */
    int threads;                /* --threads: 1 or 2; 0: 2 when it pays */
    const char *trust;          /* --trust NAME: the trust's name, or NULL */
    const char **names;         /* compare --name FILE=NAME, in order */
    size_t n_names;
};

/* Longest --trust name, in bytes. */
#define OPTIONS_TRUST_MAX 200

/* Whether NAME can be a trust's name: 1 to OPTIONS_TRUST_MAX bytes of
 * UTF-8, no control character and no double quote: it goes into the
 * "# trust:" line above the metrics CSV's header, which every CSV reader of
 * the toolkit reads as a record (a quote inside an unquoted field is
 * malformed CSV), and into HTML, JSON and a workbook (escaped there). */
bool options_trust_ok(const char *name);

/* That rule in the words of a message, with OPTIONS_TRUST_MAX for its %d:
 * "--trust: expected " OPTIONS_TRUST_RULE. */
#define OPTIONS_TRUST_RULE                                                                     \
    "a name of 1 to %d characters in UTF-8 without control characters (tabs, line ends) or "  \
    "double quotes"

#endif
