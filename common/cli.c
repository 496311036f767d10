/* cli.c: the command line shared by wres and wdes. */
#define _GNU_SOURCE 1 /* getopt_long */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cli_help.h"
#include "compare.h"
#include "config.h"
#include "inspect.h"
#include "diag.h"
#include "inputs.h"
#include "report.h"
#include "serve.h"
#include "trend.h"
#include "metrics.h"
#include "options.h"
#include "outdir.h"
#include "output.h"
#include "vocab.h"
#include "workforce.h"
#include "xlsx_reader.h"

#ifndef WQ_VERSION
#error "WQ_VERSION is passed by the Makefile (from VERSION, or git describe)"
#endif

enum {
    OPT_STAFF = 256, OPT_STAFF_START, OPT_LEAVERS, OPT_YEAR, OPT_EXCLUDE_REASON, OPT_BY, OPT_ADJUST,
    OPT_DETAIL, OPT_FORMAT, OPT_CI, OPT_RATE_CI, OPT_VOCAB, OPT_SKIP_BAD_ROWS, OPT_HELP,
    OPT_VERSION, OPT_RECRUITMENT, OPT_CASES, OPT_TRAINING, OPT_MANDATORY, OPT_SURVEY,
    OPT_BOARD, OPT_THREADS, OPT_WINDOW, OPT_SUPPRESS, OPT_CONFIG, OPT_OUT, OPT_HISTORY, OPT_CHART_FORMAT,
    OPT_COLUMN, OPT_AS,
    OPT_SHEET, OPT_DELIMITER, OPT_HIGHLIGHT, OPT_MAX_UNZIPPED, OPT_TRUST, OPT_NAME
};

static const struct option long_options[] = {
    {"staff", required_argument, NULL, OPT_STAFF},
    {"staff-start", required_argument, NULL, OPT_STAFF_START},
    {"leavers", required_argument, NULL, OPT_LEAVERS},
    {"year", required_argument, NULL, OPT_YEAR},
    {"exclude-reason", required_argument, NULL, OPT_EXCLUDE_REASON},
    {"by", required_argument, NULL, OPT_BY},
    {"adjust", required_argument, NULL, OPT_ADJUST},
    {"detail", no_argument, NULL, OPT_DETAIL},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"ci", required_argument, NULL, OPT_CI},
    {"rate-ci", required_argument, NULL, OPT_RATE_CI},
    {"vocab", required_argument, NULL, OPT_VOCAB},
    {"skip-bad-rows", no_argument, NULL, OPT_SKIP_BAD_ROWS},
    {"recruitment", required_argument, NULL, OPT_RECRUITMENT},
    {"cases", required_argument, NULL, OPT_CASES},
    {"training", required_argument, NULL, OPT_TRAINING},
    {"mandatory-courses", required_argument, NULL, OPT_MANDATORY},
    {"survey", required_argument, NULL, OPT_SURVEY},
    {"board", required_argument, NULL, OPT_BOARD},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"suppress", required_argument, NULL, OPT_SUPPRESS},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"out", required_argument, NULL, OPT_OUT},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"chart-format", required_argument, NULL, OPT_CHART_FORMAT},
    {"column", required_argument, NULL, OPT_COLUMN},
    {"as", required_argument, NULL, OPT_AS},
    {"sheet", required_argument, NULL, OPT_SHEET},
    {"delimiter", required_argument, NULL, OPT_DELIMITER},
    {"highlight", required_argument, NULL, OPT_HIGHLIGHT},
    {"max-unzipped", required_argument, NULL, OPT_MAX_UNZIPPED},
    {"trust", required_argument, NULL, OPT_TRUST},
    {"name", required_argument, NULL, OPT_NAME},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int usage_error(const struct standard *std, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int usage_error(const struct standard *std, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", std->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", std->prog);
    return WQ_EUSAGE;
}

/* Write BUF (the whole output) to stdout and close it, loudly on failure. */
static int flush_stdout(const struct standard *std, const char *buf, size_t len)
{
    if ((len && fwrite(buf, 1, len, stdout) != len) || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: error writing output: %s\n", std->prog, strerror(errno));
        fclose(stdout);
        return WQ_EIO;
    }
    if (fclose(stdout) != 0) {
        fprintf(stderr, "%s: error writing output: %s\n", std->prog, strerror(errno));
        return WQ_EIO;
    }
    return WQ_OK;
}

/* Print an error message on stderr. A message may quote a field of the
 * input ('%.40s'), so it is written escaped. */
static void print_error(const char *prog, const char *msg)
{
    fprintf(stderr, "%s: ", prog);
    text_put_escaped(stderr, msg, SIZE_MAX);
    fputc('\n', stderr);
}

/* The value of --config in ARGV, or NULL: read before the other options,
 * which then override it. getopt_long itself finds it, so that whatever it
 * accepts as --config (an abbreviation such as --conf, --config=FILE) is
 * the file read. */
static const char *find_config(int argc, char **argv)
{
    const char *config = NULL;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, ":", long_options, NULL)) != -1)
        if (c == OPT_CONFIG)
            config = optarg;
    return config;
}

/* Standard input ("-") can be read once: at most one input may name it.
 * Counts the inputs of O, CONFIG and the trend FILES; WQ_EUSAGE (message
 * printed) when two or more are "-". */
static int check_stdin_inputs(const struct wq_options *o, const char *config,
                              const char **files, size_t n_files)
{
    const char *one[] = {config, o->staff, o->staff_start, o->leavers, o->recruitment,
                         o->cases, o->training, o->mandatory_courses, o->board};
    const struct { const char **v; size_t n; } many[] = {
        {o->surveys, o->n_surveys}, {o->vocab_files, o->n_vocab_files},
        {o->history, o->n_history}, {files, n_files}};
    size_t n = 0;
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        n += one[i] && !strcmp(one[i], "-");
    for (size_t i = 0; i < sizeof many / sizeof *many; i++)
        for (size_t j = 0; j < many[i].n; j++)
            n += !strcmp(many[i].v[j], "-");
    if (n > 1)
        return usage_error(o->std, "%zu inputs are '-': standard input can be read only once",
                           n);
    return WQ_OK;
}

/* Every --column FIELD (and [columns] key) is a field or a --by column:
 * WQ_OK, or WQ_EUSAGE (message printed) listing the fields. */
static int check_column_fields(const struct wq_options *o)
{
    for (size_t i = 0; i < o->n_columns; i++) {
        bool ok = columns_field_known(o->columns[i].field);
        for (size_t b = 0; b < o->n_by + o->n_adjust && !ok; b++) {
            char buf[CROSS_MAX_PARTS * 256];
            const char *parts[CROSS_MAX_PARTS];
            size_t n = cross_split(b < o->n_by ? o->by[b] : o->adjust[b - o->n_by], buf,
                                   sizeof buf, parts);
            for (size_t p = 0; p < n && !ok; p++)
                ok = columns_same_field(o->columns[i].field, parts[p]);
        }
        if (ok)
            continue;
        char fields[512];
        columns_fields_list(fields, sizeof fields);
        return usage_error(o->std, "--column: unknown field '%s' (fields: %s; or a --by "
                                   "column's name)",
                           o->columns[i].field, fields);
    }
    return WQ_OK;
}

/* Push ARG onto a list option the config may also have set: its first use
 * on the command line replaces the config's list (*CLI marks that use).
 * False when out of memory. */
static bool push_replacing(const char ***v, size_t *n, bool *cli, const char *arg)
{
    if (!*cli)
        *n = 0;
    *cli = true;
    return options_push(v, n, arg);
}

/* Parse the command line over O (already holding the config's settings).
 * Returns WQ_OK, WQ_EUSAGE (message printed) or WQ_ENOMEM; *DONE is set
 * when --help or --version has been answered. */
static int parse_options(int argc, char **argv, struct wq_options *o, bool *done,
                         const char ***files, size_t *n_files)
{
    const struct standard *std = o->std;
    bool cli_by = false, cli_reasons = false, cli_vocab = false, cli_survey = false;
    bool cli_sheet = false, cli_adjust = false;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, ":h", long_options, NULL)) != -1) {
        const char *arg = optarg;
        unsigned long n;
        switch (c) {
        case OPT_STAFF: o->staff = arg; break;
        case OPT_STAFF_START: o->staff_start = arg; break;
        case OPT_LEAVERS: o->leavers = arg; break;
        case OPT_RECRUITMENT: o->recruitment = arg; break;
        case OPT_CASES: o->cases = arg; break;
        case OPT_TRAINING: o->training = arg; break;
        case OPT_MANDATORY: o->mandatory_courses = arg; break;
        case OPT_SURVEY:
            if (!push_replacing(&o->surveys, &o->n_surveys, &cli_survey, arg))
                return WQ_ENOMEM;
            break;
        case OPT_BOARD: o->board = arg; break;
        case OPT_CONFIG: break; /* read first */
        case OPT_OUT: o->out = arg; break;
        case OPT_HISTORY:
            if (!options_push(&o->history, &o->n_history, arg))
                return WQ_ENOMEM;
            break;
        case OPT_CHART_FORMAT:
            if (strcmp(arg, "png") && strcmp(arg, "svg") && strcmp(arg, "pdf"))
                return usage_error(std, "--chart-format: expected png, svg or pdf, not '%s'", arg);
            o->chart_format = arg;
            break;
        case OPT_SHEET:
            if (!*arg || arg[strlen(arg) - 1] == '=')
                return usage_error(std, "--sheet: expected NAME or INPUT=NAME, not '%s'", arg);
            if (!push_replacing(&o->sheets, &o->n_sheets, &cli_sheet, arg))
                return WQ_ENOMEM;
            break;
        case OPT_DELIMITER:
            if (!(o->delimiter = csv_delim_parse(arg)))
                return usage_error(std, "--delimiter: expected comma, tab, semicolon or pipe, "
                                        "not '%s'", arg);
            break;
        case OPT_YEAR:
            if (!options_parse_year(arg, &o->year))
                return usage_error(std, "--year: expected a year such as 2019, not '%s'", arg);
            break;
        case OPT_THREADS:
            if (!options_parse_uint(arg, 2, &n) || n < 1)
                return usage_error(std, "--threads: expected 1 or 2, not '%s'", arg);
            o->threads = (int)n;
            break;
        case OPT_WINDOW:
            if (!options_parse_uint(arg, 2, &n) || n < 1)
                return usage_error(std, "--window: expected 1 or 2, not '%s'", arg);
            o->window = (int)n;
            break;
        case OPT_SUPPRESS:
            if (!options_parse_uint(arg, 1000, &n))
                return usage_error(std, "--suppress: expected a whole number, not '%s'", arg);
            o->suppress = (unsigned)n;
            break;
        case OPT_HIGHLIGHT:
            o->highlight = arg;
            break;
        case OPT_TRUST:
            if (!options_trust_ok(arg))
                return usage_error(std, "--trust: expected " OPTIONS_TRUST_RULE,
                                   OPTIONS_TRUST_MAX);
            o->trust = arg;
            break;
        case OPT_NAME:
            if (!strchr(arg, '=') || *arg == '=' || !options_trust_ok(strchr(arg, '=') + 1))
                return usage_error(std, "--name: expected FILE=NAME, NAME without control "
                                        "characters or double quotes, not '%.60s'", arg);
            if (!options_push(&o->names, &o->n_names, arg))
                return WQ_ENOMEM;
            break;
        case OPT_EXCLUDE_REASON:
            if (!push_replacing(&o->exclude_reasons, &o->n_exclude_reasons, &cli_reasons, arg))
                return WQ_ENOMEM;
            break;
        case OPT_BY:
            if (!push_replacing(&o->by, &o->n_by, &cli_by, arg))
                return WQ_ENOMEM;
            break;
        case OPT_ADJUST:
            if (!push_replacing(&o->adjust, &o->n_adjust, &cli_adjust, arg))
                return WQ_ENOMEM;
            break;
        case OPT_COLUMN: {
            /* FIELD=HEADER: FIELD is cut off in place (argv is ours) */
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1])
                return usage_error(std, "--column '%s': expected FIELD=HEADER", arg);
            *eq = '\0';
            const char *field = options_column_field(optarg);
            if (!options_push_column(o, field ? field : optarg, eq + 1))
                return WQ_ENOMEM;
            break;
        }
        case OPT_VOCAB:
            if (!push_replacing(&o->vocab_files, &o->n_vocab_files, &cli_vocab, arg))
                return WQ_ENOMEM;
            break;
        case OPT_DETAIL:
            if (!std->has_detail)
                return usage_error(std, "%s", "--detail is a WRES option");
            o->detail = true;
            break;
        case OPT_FORMAT:
            if (!strcmp(arg, "table"))
                o->format = FORMAT_TABLE;
            else if (!strcmp(arg, "csv"))
                o->format = FORMAT_CSV;
            else if (!strcmp(arg, "json"))
                o->format = FORMAT_JSON;
            else
                return usage_error(std, "--format: expected table, csv or json, not '%s'", arg);
            break;
        case OPT_CI:
            if (!options_parse_ci(arg, &o->ratio_method))
                return usage_error(std,
                                   "--ci: expected koopman, katz, katz-haldane or "
                                   "miettinen-nurminen, not '%s'",
                                   arg);
            break;
        case OPT_RATE_CI:
            if (!options_parse_rate_ci(arg, &o->rate_method))
                return usage_error(std, "--rate-ci: expected wilson or clopper-pearson, not '%s'",
                                   arg);
            break;
        case OPT_SKIP_BAD_ROWS: o->skip_bad_rows = true; break;
        case OPT_MAX_UNZIPPED:
            if (!options_parse_uint(arg, 1u << 20, &n) || n < 1)
                return usage_error(std, "--max-unzipped: expected megabytes, not '%s'", arg);
            xlsx_max_part = (unsigned long long)n << 20; /* once, before any reading */
            break;
        case OPT_AS: o->as = arg; break;
        case 'h':
        case OPT_HELP:
            cli_command_usage(stdout, std, argv[1]);
            *done = true;
            return WQ_OK;
        case OPT_VERSION:
            printf("%s %s\n", std->prog, WQ_VERSION);
            *done = true;
            return WQ_OK;
        case ':':
            return usage_error(std, "option '%s' needs a value", argv[optind]);
        default:
            return usage_error(std, "unknown option '%s'", argv[optind]);
        }
    }
    for (int i = optind + 1; i < argc; i++) {
        if (!files)
            return usage_error(std, "unexpected argument '%s'", argv[i]);
        if (!options_push(files, n_files, argv[i]))
            return WQ_ENOMEM;
    }
    return WQ_OK;
}

/* Is NAME an identifier column (a person, assignment, applicant, vacancy
 * or case)? Its values would be published as levels of a --by breakdown. */
static bool identifier_column(const char *name)
{
    static const char *const ids[] = {
        "Employee Number", "Unique Nhs Identifier", "Person Number", "Staff Number",
        "Assignment Number", "Asg Number", "Applicant ID", "Applicant Number",
        "Vacancy Reference", "Vacancy Number", "Case Reference", "Case Number", "NHS Number",
        "National Insurance Number", "NI Number", NULL};
    char a[128], b[128];
    text_fold(name, a, sizeof a);
    for (const char *const *p = ids; *p; p++) {
        text_fold(*p, b, sizeof b);
        if (!strcmp(a, b))
            return true;
    }
    return false;
}

/* No --by or --adjust column (or column of an "A*B") is an identifier
 * column: WQ_OK, or WQ_EUSAGE (message printed). */
static int check_breakdown_columns(const struct wq_options *o)
{
    const char *const *lists[2] = {o->by, o->adjust};
    const size_t counts[2] = {o->n_by, o->n_adjust};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < counts[k]; i++) {
            char buf[CROSS_MAX_PARTS * 256];
            const char *parts[CROSS_MAX_PARTS];
            size_t n = cross_split(lists[k][i], buf, sizeof buf, parts);
            for (size_t p = 0; p < n; p++)
                if (identifier_column(parts[p]))
                    return usage_error(o->std, "%s '%s': an identifier column cannot be a "
                                       "breakdown (each person's number would be published)",
                                       k ? "--adjust" : "--by", lists[k][i]);
        }
    return WQ_OK;
}

/* Read every input named in O. */
static int load_inputs(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    int st = workforce_load(w, o, err);
    if (!st && o->recruitment)
        st = recruitment_load(w, o, err);
    if (!st && o->cases)
        st = cases_load(w, o, err);
    if (!st && o->training)
        st = training_load(w, o, err);
    if (!st && o->n_surveys)
        st = survey_load(w, o, err);
    if (!st && o->board)
        st = board_load(w, o, err);
    return st;
}

/* Every file the run reads, for outdir_open() to keep out of --out: at
 * most N_MAX, into LIST; returns how many. */
static size_t input_files(const struct wq_options *o, const char *config, const char **files,
                          size_t n_files, const char **list, size_t n_max)
{
    const char *one[] = {config, o->staff, o->staff_start, o->leavers, o->recruitment, o->cases,
                         o->training, o->mandatory_courses, o->board};
    const char *const *many[] = {o->surveys, o->vocab_files, o->history, files};
    const size_t n_many[] = {o->n_surveys, o->n_vocab_files, o->n_history, n_files};
    size_t n = 0;
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        if (one[i] && n < n_max)
            list[n++] = one[i];
    for (size_t i = 0; i < sizeof many / sizeof *many; i++)
        for (size_t k = 0; k < n_many[i] && n < n_max; k++)
            list[n++] = many[i][k];
    return n;
}

/* Check --out and make its temporary folder: the run fails here, before
 * any work, if the folder is one it must not replace. */
static int open_out(struct outdir *d, const struct wq_options *o, enum outdir_kind kind,
                    const char *config, const char **files, size_t n_files, struct wq_error *err)
{
    size_t n_max = 9 + o->n_surveys + o->n_vocab_files + o->n_history + n_files;
    const char **list = malloc(n_max * sizeof *list);
    if (!list)
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    size_t n = input_files(o, config, files, n_files, list, n_max);
    int st = outdir_open(d, o->std->prog, o->out, kind, list, n, err);
    free(list);
    return st;
}

/* `compare FILE... --out DIR`: WQ_OK, or a status with ERR filled (a usage
 * error is printed here). */
static int compare_command(const struct wq_options *o, const char *config, const char **files,
                           size_t n_files, struct wq_error *err)
{
    const struct standard *std = o->std;
    if (n_files < 2)
        return usage_error(std, "%s", "compare needs two or more FILEs: each trust's metrics "
                                      "CSV (one trust alone has nothing to compare with)");
    if (!o->out)
        return usage_error(std, "%s", "compare needs --out DIR");
    for (size_t i = 0; i < o->n_names; i++) {
        size_t k = 0;
        while (k < n_files && (strncmp(o->names[i], files[k], strlen(files[k])) ||
                               o->names[i][strlen(files[k])] != '='))
            k++;
        if (k == n_files)
            return usage_error(std, "--name '%.60s': no FILE of that name is compared",
                               o->names[i]);
    }
    struct outdir od = {0};
    struct compare cmp = {.std = std};
    int st = open_out(&od, o, OUTDIR_COMPARE, config, files, n_files, err);
    for (size_t i = 0; i < n_files && !st; i++)
        st = compare_load(&cmp, files[i], o->names, o->n_names, err);
    if (!st) {
        compare_compute(&cmp);
        st = compare_write(od.tmp, &cmp, err);
    }
    if (!st) {
        printf("%s: %zu trusts compared: compare.html, compare.csv and charts/ written to %s\n",
               std->prog, cmp.n_trusts, od.out);
        if ((st = flush_stdout(std, NULL, 0)) == WQ_OK)
            st = outdir_commit(&od, err);
        else
            st = -st; /* printed already */
    }
    compare_free(&cmp);
    outdir_close(&od);
    return st;
}

/* `columns FILE [--as INPUT]` (inspect.h): the findings on stdout, even
 * when fields are missing (WQ_EDATA); any other error on stderr. Prints
 * its own messages. */
static int columns_command(struct wq_options *o, const char **files, size_t n_files,
                           struct vocab **vocab, struct wq_error *err)
{
    if (n_files != 1)
        return usage_error(o->std, "%s", "columns needs one FILE");
    int st = WQ_OK;
    for (size_t i = 0; i < o->n_vocab_files && !st; i++)
        st = vocab_load(vocab, o->vocab_files[i], err);
    o->vocab = *vocab;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = st ? NULL : open_memstream(&buf, &len);
    if (!st && !m)
        st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    if (m) {
        st = inspect_columns(m, files[0], o->as, o, err);
        if (fclose(m) != 0 && (!st || st == WQ_EDATA))
            st = wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    }
    if (st == WQ_EUSAGE) {
        free(buf);
        return usage_error(o->std, "%s", err->msg);
    }
    if (st && !(st == WQ_EDATA && len)) { /* no findings: the file itself is bad */
        free(buf);
        print_error(o->std->prog, err->msg);
        return st;
    }
    int wst = flush_stdout(o->std, buf, len);
    free(buf);
    return wst ? wst : st;
}

/* What one run of cli_main holds, freed by cli_free. */
struct cli {
    const struct standard *std;
    struct wq_options o;
    struct config_store store;
    struct vocab *vocab;
    struct workforce w;
    struct metric_table t, pub; /* pub: what `report` publishes */
    struct wq_error err;
    struct trend history;
    const char **files;
    size_t n_files;
    const char *config;
    struct outdir od;
    struct report_run run; /* report's workbook, started before the audit */
};

/* A step failed with ST, S->err saying why: say so, return ST. */
static int failed(const struct cli *s, int st)
{
    print_error(s->std->prog, s->err.msg);
    return st;
}

static int out_of_memory(struct cli *s)
{
    wq_fail(&s->err, WQ_ENOMEM, NULL, "out of memory");
    return failed(s, WQ_ENOMEM);
}

static void cli_free(struct cli *s)
{
    report_cancel(&s->run);
    outdir_close(&s->od);
    metric_table_free(&s->t);
    metric_table_free(&s->pub);
    workforce_free(&s->w);
    vocab_destroy(s->vocab);
    options_free(&s->o);
    free(s->files);
    trend_free(&s->history);
    config_store_free(&s->store);
}

/* The options, from --config then the command line, checked. *DONE: --help
 * or the like was answered. A failure has been said. */
static int setup(struct cli *s, int argc, char **argv, bool files, bool is_report, bool *done)
{
    const struct standard *std = s->std;
    int st;
    s->config = find_config(argc, argv);
    if (s->config && (st = config_apply(s->config, &s->o, &s->store, &s->err)) != WQ_OK)
        return failed(s, st);
    if ((st = parse_options(argc, argv, &s->o, done, files ? &s->files : NULL, &s->n_files)) !=
        WQ_OK)
        return st == WQ_ENOMEM ? out_of_memory(s) : st;
    if (*done)
        return flush_stdout(std, NULL, 0);
    if (s->o.suppress == SUPPRESS_UNSET)
        s->o.suppress = is_report ? SUPPRESS_PUBLISHED : 0;
    if (s->o.out && !*s->o.out)
        return usage_error(std, "%s", "--out: the folder name is empty");
    if ((st = check_breakdown_columns(&s->o)) != WQ_OK ||
        (st = check_stdin_inputs(&s->o, s->config, s->files, s->n_files)) != WQ_OK ||
        (st = check_column_fields(&s->o)) != WQ_OK)
        return st;
    return WQ_OK;
}

/* `trend FILE... --out DIR`. */
static int trend_command(struct cli *s)
{
    const struct standard *std = s->std;
    int st;
    if (!s->n_files)
        return usage_error(std, "%s", "trend needs FILE...: metrics.csv files of several years, "
                                      "or a history table");
    if (!s->o.out)
        return usage_error(std, "%s", "trend needs --out DIR");
    if ((st = open_out(&s->od, &s->o, OUTDIR_TREND, s->config, s->files, s->n_files,
                       &s->err)) != WQ_OK)
        return failed(s, st);
    for (size_t i = 0; i < s->n_files; i++)
        if ((st = trend_load(&s->history, s->files[i], std, &s->err)) != WQ_OK)
            return failed(s, st);
    if ((st = report_trend(s->od.tmp, &s->history, std,
                           s->o.chart_format ? s->o.chart_format : "png", s->o.conf, &s->err)) !=
        WQ_OK)
        return failed(s, st);
    printf("%s: trend charts and trend.csv written to %s\n", std->prog, s->od.out);
    if ((st = flush_stdout(std, NULL, 0)) == WQ_OK && (st = outdir_commit(&s->od, &s->err)))
        return failed(s, st);
    return st;
}

/* The inputs that metrics, report and check need, and how they go together. */
static int check_inputs(const struct cli *s, const char *cmd, bool is_report)
{
    const struct standard *std = s->std;
    const struct wq_options *o = &s->o;
    if (!o->staff && !o->recruitment && !o->n_surveys && !o->board)
        return usage_error(std, "%s needs inputs: --staff FILE (and --leavers, --recruitment, "
                                "--cases, --survey, --board ...) or --config FILE", cmd);
    if (!o->staff && (o->leavers || o->cases || o->training || o->staff_start))
        return usage_error(std, "%s", "--leavers, --staff-start, --cases and --training need "
                                      "--staff FILE (the headcounts and the people they join to)");
    if (!o->staff && (o->n_by || o->n_adjust))
        return usage_error(std, "%s",
                           o->n_by ? "--by needs --staff FILE" : "--adjust needs --staff FILE");
    if (o->training && std->characteristic != CHAR_ETHNICITY)
        return usage_error(std, "%s", "--training is a WRES input (metric 4)");
    if (is_report && !o->out)
        return usage_error(std, "%s", "report needs --out DIR");
    return WQ_OK;
}

/* The vocabularies, the inputs read, and the figures (S->t). */
static int compute(struct cli *s)
{
    int st;
    for (size_t i = 0; i < s->o.n_vocab_files; i++) {
        struct csv_source src = options_source(&s->o, "vocab");
        if ((st = vocab_load_as(&s->vocab, s->o.vocab_files[i], &src, &s->err)) != WQ_OK)
            return failed(s, st);
    }
    s->o.vocab = s->vocab;
    if ((st = load_inputs(&s->w, &s->o, &s->err)) != WQ_OK)
        return failed(s, st);
    for (size_t i = 0; i < s->o.n_columns; i++)
        if (!s->o.columns[i].found)
            fprintf(stderr, "%s: warning: --column %s=\"%s\": no input has a column of that "
                            "name\n",
                    s->std->prog, s->o.columns[i].field, s->o.columns[i].header);
    if ((st = workforce_metrics(&s->w, &s->o, &s->t, &s->err)) != WQ_OK)
        return failed(s, st);
    return WQ_OK;
}

/* This year's published figures, with their intervals, joining the
 * history (--history with --year). */
static int history_join(struct cli *s)
{
    char *csv = NULL;
    size_t csv_len = 0;
    FILE *m = open_memstream(&csv, &csv_len);
    if (!m || output_csv(m, &s->pub) != WQ_OK || fclose(m) != 0) {
        free(csv);
        return out_of_memory(s);
    }
    int st = trend_load_text(&s->history, "this run's metrics", csv, csv_len, s->std, &s->err);
    free(csv);
    return st ? failed(s, st) : WQ_OK;
}

/* `report`, the figures computed: `report` keeps the full counts for NHS
 * England and withholds small numbers from a copy, the one it publishes.
 * Each table's q adjusts the p-values it shows (fdr.c). */
static int report_command(struct cli *s)
{
    const struct standard *std = s->std;
    struct wq_options *o = &s->o;
    int st;
    if (metric_table_copy(&s->pub, &s->t) != WQ_OK || metrics_fdr(&s->t) != WQ_OK)
        return out_of_memory(s);
    /* the workbook of the full counts, which the audit does not change, is
     * written by a child process while the audit runs (report.h) */
    report_start(&s->run, s->od.tmp, &s->t, &s->w, o);
    if ((st = metrics_suppress(&s->pub, o->suppress, (unsigned)o->threads, std, &s->err)) !=
        WQ_OK)
        return failed(s, st);
    if (metrics_fdr(&s->pub) != WQ_OK)
        return out_of_memory(s);
    if (o->highlight && !metrics_has_level(&s->t, o->highlight))
        fprintf(stderr, "%s: warning: --highlight: no --by column has the value given\n",
                std->prog);
    if (o->n_history && o->year && (st = history_join(s)) != WQ_OK)
        return st;
    if ((st = report_write(&s->run, s->od.tmp, &s->t, &s->pub, &s->w, o,
                           o->n_history ? &s->history : NULL, &s->err)))
        return failed(s, st);
    /* every message out before the folder is put in place: a failed write
     * of one leaves the previous report as it was */
    if (output_warnings(stderr, std->prog, &s->w, &s->t) != WQ_OK)
        return WQ_EIO;
    fprintf(stdout, "%s: report written to %s: report.html (open it in a browser), "
                    "charts/, tables/, summary.txt, findings.txt%s; for NHS England only: "
                    "%s/submission.xlsx, metrics.csv, data-quality.txt\n",
            std->prog, s->od.out, o->suppress ? "" : " (small numbers NOT withheld)",
            REPORT_RESTRICTED);
    if ((st = flush_stdout(std, NULL, 0)) == WQ_OK && (st = outdir_commit(&s->od, &s->err)))
        return failed(s, st);
    return st;
}

/* `metrics` (or `check`), the figures computed: printed in the format asked
 * for, all at once (nothing half-written). */
static int print_command(struct cli *s, bool is_check)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *mem = open_memstream(&out, &out_len);
    if (!mem)
        return out_of_memory(s);
    int st;
    if (is_check)
        st = output_check(mem, &s->w, &s->o);
    else if (s->o.format == FORMAT_CSV) {
        output_trust_line(mem, s->o.trust);
        st = output_csv(mem, &s->t);
    }
    else if (s->o.format == FORMAT_JSON)
        st = output_json(mem, &s->t, &s->w, &s->o);
    else
        st = output_table(mem, &s->t, &s->w, &s->o);
    if (fclose(mem) != 0 || st) {
        free(out);
        return out_of_memory(s);
    }
    if (!is_check && output_warnings(stderr, s->std->prog, &s->w, &s->t) != WQ_OK)
        st = WQ_EIO;
    else
        st = flush_stdout(s->std, out, out_len);
    free(out);
    return st;
}

/* The commands but serve, in command_of's order. */
enum command { CMD_METRICS, CMD_REPORT, CMD_TREND, CMD_COMPARE, CMD_CHECK, CMD_COLUMNS };

/* Which command CMD names (-1: none of them). */
static int command_of(const char *cmd)
{
    static const char *const cmds[] = {"metrics", "report", "trend", "compare", "check",
                                       "columns"};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
        if (!strcmp(cmd, cmds[i]))
            return (int)i;
    return -1;
}

/* A command that reads the inputs (metrics, report, check), the options set. */
static int inputs_command(struct cli *s, const char *cmd, int c)
{
    int st;
    for (size_t i = 0; i < s->o.n_history; i++)
        if ((st = trend_load(&s->history, s->o.history[i], s->std, &s->err)) != WQ_OK)
            return failed(s, st);
    if ((st = check_inputs(s, cmd, c == CMD_REPORT)) != WQ_OK)
        return st;
    if (c == CMD_REPORT && (st = open_out(&s->od, &s->o, OUTDIR_REPORT, s->config, NULL, 0,
                                          &s->err)) != WQ_OK)
        return failed(s, st);
    if ((st = compute(s)) != WQ_OK)
        return st;
    if (c == CMD_REPORT)
        return report_command(s);
    if ((st = metrics_suppress(&s->t, s->o.suppress, (unsigned)s->o.threads, s->std,
                               &s->err)) != WQ_OK)
        return failed(s, st);
    if (metrics_fdr(&s->t) != WQ_OK)
        return out_of_memory(s);
    return print_command(s, c == CMD_CHECK);
}

/* Command C (named CMD), the options set. */
static int run_command(struct cli *s, const char *cmd, int c)
{
    int st;
    switch (c) {
    case CMD_TREND:
        return trend_command(s);
    case CMD_COLUMNS:
        return columns_command(&s->o, s->files, s->n_files, &s->vocab, &s->err);
    case CMD_COMPARE:
        st = compare_command(&s->o, s->config, s->files, s->n_files, &s->err);
        if (st < 0) /* said already */
            return -st;
        return st && st != WQ_EUSAGE ? failed(s, st) : st;
    default:
        return inputs_command(s, cmd, c);
    }
}

int cli_main(int argc, char **argv, const struct standard *std)
{
    gsl_set_error_handler_off();
    /* a file-size limit (ulimit -f) then fails a write with EFBIG, exit 74,
     * instead of killing the run with its temporary folder left behind */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        cli_usage(stderr, std);
        return WQ_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        cli_usage(stdout, std);
        return flush_stdout(std, NULL, 0);
    }
    if (!strcmp(cmd, "--version")) {
        printf("%s %s\n", std->prog, WQ_VERSION);
        return flush_stdout(std, NULL, 0);
    }
    if (!strcmp(cmd, "serve"))
        return serve_main(argc, argv, std);
    int c = command_of(cmd);
    if (c < 0)
        return usage_error(std, "unknown command '%s' (commands: metrics, report, trend, "
                                "compare, check, columns, serve)",
                           cmd);

    struct cli s = {.std = std,
                    .o = {.std = std, .conf = 0.95, .voices = -1, .suppress = SUPPRESS_UNSET}};
    bool done = false;
    int st;
    /* fonts first, while memory is plentiful (chart.h says why) */
    if ((c == CMD_REPORT || c == CMD_TREND || c == CMD_COMPARE) &&
        (st = chart_fonts_init(&s.err)) != WQ_OK)
        st = failed(&s, st);
    else if ((st = setup(&s, argc, argv, c == CMD_TREND || c == CMD_COLUMNS || c == CMD_COMPARE,
                         c == CMD_REPORT, &done)) == WQ_OK &&
             !done)
        st = run_command(&s, cmd, c);
    cli_free(&s);
    return st;
}
