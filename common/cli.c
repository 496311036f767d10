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

#include "diag.h"
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
    OPT_VERSION
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
            "  check        the data-quality account: rows read, used, excluded, unknown codes\n"
            "\n"
            "Inputs:\n"
            "  --staff FILE           ESR staff-in-post extract at the end of the year\n"
            "  --staff-start FILE     staff in post at the start of the year: leaver rates then\n"
            "                         use the average of the two headcounts\n"
            "  --leavers FILE         ESR leavers extract\n"
            "  --year YYYY            reporting year ending 31 March YYYY (leavers are\n"
            "                         counted by termination date within it)\n"
            "  --exclude-reason TEXT  leave out leavers whose reason starts with TEXT\n"
            "                         (repeatable; case-insensitive)\n"
            "  --vocab FILE           extra spellings: CSV kind,value,meaning (repeatable)\n"
            "\n"
            "Output:\n"
            "  --by COLUMN            repeat every metric for each value of COLUMN (repeatable)\n"
            "%s"
            "  --format FMT           table (default), csv (the metrics CSV) or json\n"
            "  --ci METHOD            relative-likelihood interval: koopman (default), katz,\n"
            "                         katz-haldane (0.5 added to every cell when one is 0)\n"
            "  --rate-ci METHOD       rate interval: wilson (default) or clopper-pearson\n"
            "  --skip-bad-rows        skip malformed rows and list them, instead of stopping\n"
            "  --help, --version\n"
            "\n"
            "Exit status: 0 success, 64 usage, 65 bad input data, 66 input missing or\n"
            "unreadable, 73 output cannot be created, 74 I/O error.\n"
            "Example: %s metrics --staff staff.csv --leavers leavers.csv --year 2019 --by \"Org L3\"\n",
            p, p, std->title,
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

/* Push S onto a growable array of strings. */
static bool push(const char ***v, size_t *n, const char *s)
{
    const char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return false;
    p[(*n)++] = s;
    *v = p;
    return true;
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

int cli_main(int argc, char **argv, const struct standard *std)
{
    struct wq_options o = {.std = std, .conf = 0.95};
    const char **vocab_files = NULL;
    size_t n_vocab = 0;
    struct vocab *vocab = NULL;
    struct workforce w = {0};
    struct metric_table t = {0};
    struct wq_error err = {0};
    char *out = NULL;
    size_t out_len = 0;
    FILE *mem = NULL;
    int st = WQ_OK;

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
    bool is_check = !strcmp(cmd, "check");
    if (!is_check && strcmp(cmd, "metrics"))
        return usage_error(std, "unknown command '%s' (commands: metrics, check)", cmd);

    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, ":", long_options, NULL)) != -1) {
        const char *arg = optarg;
        switch (c) {
        case OPT_STAFF: o.staff = arg; break;
        case OPT_STAFF_START: o.staff_start = arg; break;
        case OPT_LEAVERS: o.leavers = arg; break;
        case OPT_YEAR: {
            char *end;
            long y = strtol(arg, &end, 10);
            if (*end || y < 2000 || y > 2100) {
                st = usage_error(std, "--year: expected a year such as 2019, not '%s'", arg);
                goto out;
            }
            o.year = (int)y;
            break;
        }
        case OPT_EXCLUDE_REASON:
            if (!push(&o.exclude_reasons, &o.n_exclude_reasons, arg))
                goto nomem;
            break;
        case OPT_BY:
            if (!push(&o.by, &o.n_by, arg))
                goto nomem;
            break;
        case OPT_DETAIL:
            if (!std->has_detail) {
                st = usage_error(std, "%s: --detail is a WRES option", std->prog);
                goto out;
            }
            o.detail = true;
            break;
        case OPT_FORMAT:
            if (!strcmp(arg, "table"))
                o.format = FORMAT_TABLE;
            else if (!strcmp(arg, "csv"))
                o.format = FORMAT_CSV;
            else if (!strcmp(arg, "json"))
                o.format = FORMAT_JSON;
            else {
                st = usage_error(std, "--format: expected table, csv or json, not '%s'", arg);
                goto out;
            }
            break;
        case OPT_CI:
            if (!strcmp(arg, "koopman") || !strcmp(arg, "score"))
                o.ratio_method = RATIO_KOOPMAN;
            else if (!strcmp(arg, "katz"))
                o.ratio_method = RATIO_KATZ;
            else if (!strcmp(arg, "katz-haldane"))
                o.ratio_method = RATIO_KATZ_HALDANE;
            else {
                st = usage_error(std, "--ci: expected koopman, katz or katz-haldane, not '%s'", arg);
                goto out;
            }
            break;
        case OPT_RATE_CI:
            if (!strcmp(arg, "wilson"))
                o.rate_method = RATE_WILSON;
            else if (!strcmp(arg, "clopper-pearson") || !strcmp(arg, "exact"))
                o.rate_method = RATE_CLOPPER_PEARSON;
            else {
                st = usage_error(std, "--rate-ci: expected wilson or clopper-pearson, not '%s'",
                                 arg);
                goto out;
            }
            break;
        case OPT_VOCAB:
            if (!push(&vocab_files, &n_vocab, arg))
                goto nomem;
            break;
        case OPT_SKIP_BAD_ROWS: o.skip_bad_rows = true; break;
        case OPT_HELP:
            usage(stdout, std);
            st = flush_stdout(std, NULL, 0);
            goto out;
        case OPT_VERSION:
            printf("%s %s\n", std->prog, WQ_VERSION);
            st = flush_stdout(std, NULL, 0);
            goto out;
        case ':':
            st = usage_error(std, "option '%s' needs a value", argv[optind]);
            goto out;
        default:
            st = usage_error(std, "unknown option '%s'", argv[optind]);
            goto out;
        }
    }
    if (optind < argc - 1) {
        st = usage_error(std, "unexpected argument '%s'", argv[optind + 1]);
        goto out;
    }
    if (!o.staff) {
        st = usage_error(std, "%s needs --staff FILE (the staff-in-post extract)", cmd);
        goto out;
    }
    for (size_t i = 0; i < n_vocab; i++)
        if ((st = vocab_load(&vocab, vocab_files[i], &err)) != WQ_OK)
            goto fail;
    o.vocab = vocab;

    if ((st = workforce_load(&w, &o, &err)) != WQ_OK)
        goto fail;
    if ((st = workforce_metrics(&w, &o, &t, &err)) != WQ_OK)
        goto fail;

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
    fprintf(stderr, "%s: %s\n", std->prog, err.msg);
out:
    if (mem)
        fclose(mem);
    free(out);
    metric_table_free(&t);
    workforce_free(&w);
    vocab_destroy(vocab);
    free(vocab_files);
    free(o.by);
    free(o.exclude_reasons);
    return st;
}
