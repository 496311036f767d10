/* cli.c: the command line shared by wres and wdes. */
#define _GNU_SOURCE 1 /* getopt_long */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "inputs.h"
#include "report.h"
#include "trend.h"
#include "metrics.h"
#include "options.h"
#include "output.h"
#include "vocab.h"
#include "workforce.h"

#ifndef WQ_VERSION
#define WQ_VERSION "0.1.0"
#endif

enum {
    OPT_STAFF = 256, OPT_STAFF_START, OPT_LEAVERS, OPT_YEAR, OPT_EXCLUDE_REASON, OPT_BY,
    OPT_DETAIL, OPT_FORMAT, OPT_CI, OPT_RATE_CI, OPT_VOCAB, OPT_SKIP_BAD_ROWS, OPT_HELP,
    OPT_VERSION, OPT_RECRUITMENT, OPT_CASES, OPT_TRAINING, OPT_MANDATORY, OPT_SURVEY,
    OPT_BOARD, OPT_WINDOW, OPT_SUPPRESS, OPT_CONFIG, OPT_OUT, OPT_HISTORY, OPT_CHART_FORMAT
};

static const struct option long_options[] = {
    {"staff", required_argument, NULL, OPT_STAFF},
    {"staff-start", required_argument, NULL, OPT_STAFF_START},
    {"leavers", required_argument, NULL, OPT_LEAVERS},
    {"year", required_argument, NULL, OPT_YEAR},
    {"exclude-reason", required_argument, NULL, OPT_EXCLUDE_REASON},
    {"by", required_argument, NULL, OPT_BY},
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
    {"suppress", required_argument, NULL, OPT_SUPPRESS},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"out", required_argument, NULL, OPT_OUT},
    {"history", required_argument, NULL, OPT_HISTORY},
    {"chart-format", required_argument, NULL, OPT_CHART_FORMAT},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *f, const struct standard *std)
{
    const char *p = std->prog;
    fprintf(f,
            "Usage: %s COMMAND [OPTIONS]\n"
            "%s: %s metrics for NHS trusts, with 95%% confidence intervals.\n"
            "\n"
            "Commands:\n"
            "  metrics      compute every metric whose inputs are given (stdout)\n"
            "  report       write the submission folder and board report: --out DIR\n"
            "  trend        FILE... --out DIR: each metric over the years, as charts\n"
            "  check        the data-quality account: rows read, used, excluded, unknown codes\n"
            "\n"
            "Inputs:\n"
            "  --staff FILE           ESR staff-in-post extract at the end of the year\n"
            "  --staff-start FILE     staff in post at the start of the year: leaver rates then\n"
            "                         use the average of the two headcounts\n"
            "  --leavers FILE         ESR leavers extract\n"
            "  --recruitment FILE     applicants (shortlisted / appointed, or a stage), or an\n"
            "                         aggregated table: group, applications, shortlisted, appointed\n"
            "  --cases FILE           %s cases (joined to --staff by person key)\n"
            "%s"
            "  --survey FILE          staff-survey breakdown (measure, group, respondents,\n"
            "                         percent | positive | score) or respondent rows (repeatable)\n"
            "  --board FILE           board members: voting, executive, ethnic origin, disability\n"
            "  --year YYYY            reporting year ending 31 March YYYY\n"
            "  --exclude-reason TEXT  leave out leavers whose reason starts with TEXT (repeatable)\n"
            "  --window 1|2           years of cases counted (default %d)\n"
            "  --vocab FILE           extra spellings: CSV kind,value,meaning (repeatable)\n"
            "  --config FILE          all of these in an INI file, for a yearly run\n"
            "\n"
            "Output:\n"
            "  --by COLUMN            repeat every metric for each value of COLUMN (repeatable)\n"
            "%s"
            "  --format FMT           table (default), csv (the metrics CSV) or json\n"
            "  --out DIR              the report or trend folder\n"
            "  --history FILE         earlier years for the report's trends: metrics.csv files\n"
            "                         or a history table (repeatable)\n"
            "  --chart-format FMT     trend charts as png (default), svg or pdf\n"
            "  --suppress N           publication mode: withhold counts below N and the rates\n"
            "                         built on them; survey groups under 11 respondents; and\n"
            "                         more, until none can be worked out from what is shown\n"
            "  --ci METHOD            relative-likelihood interval: koopman (default), katz,\n"
            "                         katz-haldane (0.5 added to every cell when one is 0),\n"
            "                         miettinen-nurminen (Koopman with variance x N/(N-1))\n"
            "  --rate-ci METHOD       rate interval: wilson (default) or clopper-pearson\n"
            "  --skip-bad-rows        skip malformed rows and list them, instead of stopping\n"
            "  --help, --version\n"
            "\n"
            "Exit status: 0 success, 64 usage, 65 bad input data, 66 input missing or\n"
            "unreadable, 73 output cannot be created, 74 I/O error.\n"
            "Example: %s report --config fixtures/trust-2019.ini --out report-2019\n",
            p, p, std->title,
            std->characteristic == CHAR_ETHNICITY ? "formal disciplinary" : "capability",
            std->characteristic == CHAR_ETHNICITY
                ? "  --training FILE        training records (non-mandatory courses count)\n"
                  "  --mandatory-courses FILE  the mandatory course titles, one per row\n"
                : "",
            std->characteristic == CHAR_ETHNICITY ? 1 : 2,
            std->has_detail ? "  --detail               compare each of Asian, Black, Mixed, "
                              "Chinese and Other\n                         with White\n"
                            : "",
            p);
}

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

/* The value of --config in ARGV, or NULL (read before the other options,
 * which then override it). */
static const char *find_config(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(argv[i], "--config=", 9))
            return argv[i] + 9;
    }
    return NULL;
}

/* Parse the command line over O (already holding the config's settings).
 * Returns WQ_OK, WQ_EUSAGE (message printed) or WQ_ENOMEM; *DONE is set
 * when --help or --version has been answered. */
static int parse_options(int argc, char **argv, struct wq_options *o, bool *done,
                         const char ***files, size_t *n_files)
{
    const struct standard *std = o->std;
    bool cli_by = false, cli_reasons = false, cli_vocab = false, cli_survey = false;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, ":", long_options, NULL)) != -1) {
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
            if (!cli_survey)
                o->n_surveys = 0;
            cli_survey = true;
            if (!options_push(&o->surveys, &o->n_surveys, arg))
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
        case OPT_YEAR:
            if (!options_parse_year(arg, &o->year))
                return usage_error(std, "--year: expected a year such as 2019, not '%s'", arg);
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
        case OPT_EXCLUDE_REASON:
            if (!cli_reasons)
                o->n_exclude_reasons = 0; /* the command line replaces the config's list */
            cli_reasons = true;
            if (!options_push(&o->exclude_reasons, &o->n_exclude_reasons, arg))
                return WQ_ENOMEM;
            break;
        case OPT_BY:
            if (!cli_by)
                o->n_by = 0;
            cli_by = true;
            if (!options_push(&o->by, &o->n_by, arg))
                return WQ_ENOMEM;
            break;
        case OPT_VOCAB:
            if (!cli_vocab)
                o->n_vocab_files = 0;
            cli_vocab = true;
            if (!options_push(&o->vocab_files, &o->n_vocab_files, arg))
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
        case OPT_HELP:
            usage(stdout, std);
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

int cli_main(int argc, char **argv, const struct standard *std)
{
    struct wq_options o = {.std = std, .conf = 0.95, .voices = -1};
    struct config_store store = {0};
    struct vocab *vocab = NULL;
    struct workforce w = {0};
    struct metric_table t = {0};
    struct wq_error err = {0};
    char *out = NULL;
    size_t out_len = 0;
    FILE *mem = NULL;
    int st = WQ_OK;
    bool done = false;
    struct trend history = {0};
    const char **files = NULL;
    size_t n_files = 0;

    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr, std);
        return WQ_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout, std);
        return flush_stdout(std, NULL, 0);
    }
    if (!strcmp(cmd, "--version")) {
        printf("%s %s\n", std->prog, WQ_VERSION);
        return flush_stdout(std, NULL, 0);
    }
    bool is_check = !strcmp(cmd, "check"), is_report = !strcmp(cmd, "report");
    bool is_trend = !strcmp(cmd, "trend");
    if (!is_check && !is_report && !is_trend && strcmp(cmd, "metrics"))
        return usage_error(std, "unknown command '%s' (commands: metrics, report, trend, check)",
                           cmd);

    const char *config = find_config(argc, argv);
    if (config && (st = config_apply(config, &o, &store, &err)) != WQ_OK)
        goto fail;
    if ((st = parse_options(argc, argv, &o, &done, is_trend ? &files : NULL, &n_files)) != WQ_OK) {
        if (st == WQ_ENOMEM)
            goto nomem;
        goto out;
    }
    if (done) {
        st = flush_stdout(std, NULL, 0);
        goto out;
    }
    for (size_t i = 0; i < o.n_by; i++)
        if (identifier_column(o.by[i])) {
            st = usage_error(std, "--by '%s': an identifier column cannot be a breakdown (each "
                                  "person's number would be published)", o.by[i]);
            goto out;
        }
    if (is_trend) {
        if (!n_files) {
            st = usage_error(std, "%s", "trend needs FILE...: metrics.csv files of several years, "
                                        "or a history table");
            goto out;
        }
        if (!o.out) {
            st = usage_error(std, "%s", "trend needs --out DIR");
            goto out;
        }
        for (size_t i = 0; i < n_files; i++)
            if ((st = trend_load(&history, files[i], std, &err)) != WQ_OK)
                goto fail;
        if ((st = report_trend(&history, std, o.out, o.chart_format ? o.chart_format : "png",
                               o.conf, &err)) != WQ_OK)
            goto fail;
        printf("%s: trend charts and trend.csv written to %s\n", std->prog, o.out);
        st = flush_stdout(std, NULL, 0);
        goto out;
    }
    for (size_t i = 0; i < o.n_history; i++)
        if ((st = trend_load(&history, o.history[i], std, &err)) != WQ_OK)
            goto fail;
    if (!o.staff && !o.recruitment && !o.n_surveys && !o.board) {
        st = usage_error(std, "%s needs inputs: --staff FILE (and --leavers, --recruitment, "
                              "--cases, --survey, --board ...) or --config FILE", cmd);
        goto out;
    }
    if (!o.staff && (o.leavers || o.cases || o.training || o.staff_start)) {
        st = usage_error(std, "%s", "--leavers, --staff-start, --cases and --training need "
                                    "--staff FILE (the headcounts and the people they join to)");
        goto out;
    }
    if (!o.staff && o.n_by) {
        st = usage_error(std, "%s", "--by needs --staff FILE");
        goto out;
    }
    if (o.training && std->characteristic != CHAR_ETHNICITY) {
        st = usage_error(std, "%s", "--training is a WRES input (metric 4)");
        goto out;
    }
    if (is_report && !o.out) {
        st = usage_error(std, "%s", "report needs --out DIR");
        goto out;
    }
    for (size_t i = 0; i < o.n_vocab_files; i++)
        if ((st = vocab_load(&vocab, o.vocab_files[i], &err)) != WQ_OK)
            goto fail;
    o.vocab = vocab;

    if ((st = load_inputs(&w, &o, &err)) != WQ_OK)
        goto fail;
    if ((st = workforce_metrics(&w, &o, &t, &err)) != WQ_OK)
        goto fail;
    if ((st = metrics_suppress(&t, o.suppress, std)) != WQ_OK)
        goto nomem;

    if (is_report) {
        if (o.n_history && o.year) {
            /* this year's figures, with their intervals, join the history */
            char *csv = NULL;
            size_t csv_len = 0;
            FILE *m = open_memstream(&csv, &csv_len);
            if (!m || output_csv(m, &t) != WQ_OK || fclose(m) != 0) {
                free(csv);
                goto nomem;
            }
            st = trend_load_text(&history, "this run's metrics", csv, csv_len, std, &err);
            free(csv);
            if (st)
                goto fail;
        }
        if ((st = report_write(&t, &w, &o, o.n_history ? &history : NULL, &err)) != WQ_OK)
            goto fail;
        if (output_warnings(stderr, std->prog, &w, &t) != WQ_OK)
            st = WQ_EIO;
        fprintf(stdout, "%s: report written to %s: report.html (open it in a browser), "
                        "submission.xlsx, metrics.csv, charts/, tables/, summary.txt, "
                        "data-quality.txt\n",
                std->prog, o.out);
        if (!st)
            st = flush_stdout(std, NULL, 0);
        goto out;
    }
    mem = open_memstream(&out, &out_len);
    if (!mem)
        goto nomem;
    if (is_check)
        st = output_check(mem, &w, &o);
    else if (o.format == FORMAT_CSV)
        st = output_csv(mem, &t);
    else if (o.format == FORMAT_JSON)
        st = output_json(mem, &t, &w, &o);
    else
        st = output_table(mem, &t, &w, &o);
    if (fclose(mem) != 0 || st) {
        mem = NULL;
        goto nomem;
    }
    mem = NULL;
    if (!is_check && output_warnings(stderr, std->prog, &w, &t) != WQ_OK) {
        st = WQ_EIO;
        goto out;
    }
    st = flush_stdout(std, out, out_len);
    goto out;

nomem:
    st = WQ_ENOMEM;
    wq_fail(&err, st, NULL, "out of memory");
fail:
    print_error(std->prog, err.msg);
out:
    if (mem)
        fclose(mem);
    free(out);
    metric_table_free(&t);
    workforce_free(&w);
    vocab_destroy(vocab);
    free(o.vocab_files);
    free(o.by);
    free(o.exclude_reasons);
    free(o.surveys);
    free(o.history);
    free(files);
    trend_free(&history);
    config_store_free(&store);
    return st;
}
