/* cli_help.c: the calculators' --help, overall and per command, from one
 * table of options (the man pages are checked against what this prints). */
#include "cli_help.h"

#include <string.h>

/* The commands, as bits, so that an option can belong to several. */
enum { C_METRICS = 1, C_REPORT = 2, C_TREND = 4, C_CHECK = 8, C_COLUMNS = 16, C_SERVE = 32,
       C_COMPARE = 64 };
enum { C_READS = C_METRICS | C_REPORT | C_CHECK }; /* the commands that read INPUTS */

/* Which calculators an option is for. */
enum only { BOTH, WRES_ONLY, WDES_ONLY };

struct command_help {
    const char *name;
    unsigned bit;
    const char *synopsis;  /* after "PROG NAME " */
    const char *what;      /* one line */
};

static const struct command_help commands[] = {
    {"metrics", C_METRICS, "[INPUTS] [OPTIONS]",
     "compute every metric whose inputs are given (stdout)"},
    {"report", C_REPORT, "[INPUTS] --out DIR [OPTIONS]",
     "the board report to publish; full counts in not-for-publication/"},
    {"trend", C_TREND, "FILE... --out DIR [OPTIONS]",
     "each metric (and --by level) over the years: charts, trend(-levels).csv"},
    {"compare", C_COMPARE, "FILE... --out DIR [OPTIONS]",
     "trusts side by side: caterpillar and funnel plots, compare.csv"},
    {"check", C_CHECK, "[INPUTS] [OPTIONS]",
     "the data-quality account: rows read, used, excluded, unknown codes"},
    {"columns", C_COLUMNS, "FILE [--as INPUT] [OPTIONS]",
     "one look at a file: its header, the columns found and missing"},
    {"serve", C_SERVE, "[--port N] [--host H] [OPTIONS]",
     "the page: a local web app that makes both reports (prints its address)"},
};

struct option_help {
    const char *option;    /* "--staff FILE" */
    unsigned commands;     /* C_* bits */
    enum only only;
    bool input;            /* listed under "Inputs" in the overall help */
    const char *text;      /* lines after the first start with '\n' */
};

static const struct option_help options[] = {
    {"--staff FILE", C_READS, BOTH, true, "ESR staff-in-post extract at the end of the year"},
    {"--staff-start FILE", C_READS, BOTH, true,
     "staff in post at the start of the year: leaver rates then\n"
     "use the average of the two headcounts"},
    {"--leavers FILE", C_READS, BOTH, true, "ESR leavers extract"},
    {"--recruitment FILE", C_READS, BOTH, true,
     "applicants (shortlisted / appointed, or a stage), or an\n"
     "aggregated table: group, applications, shortlisted, appointed"},
    {"--cases FILE", C_READS, WRES_ONLY, true,
     "formal disciplinary cases (joined to --staff by person key)"},
    {"--cases FILE", C_READS, WDES_ONLY, true,
     "capability cases (joined to --staff by person key)"},
    {"--training FILE", C_READS, WRES_ONLY, true,
     "training records (non-mandatory courses count)"},
    {"--mandatory-courses FILE", C_READS, WRES_ONLY, true,
     "the mandatory course titles, one per row"},
    {"--survey FILE", C_READS, BOTH, true,
     "staff-survey breakdown (measure, group, respondents,\n"
     "percent | positive | score) or respondent rows (repeatable)"},
    {"--board FILE", C_READS, BOTH, true,
     "board members: voting, executive, ethnic origin, disability"},
    {"--year YYYY", C_READS, BOTH, true, "reporting year ending 31 March YYYY"},
    {"--exclude-reason TEXT", C_READS, BOTH, true,
     "leave out leavers whose reason starts with TEXT (repeatable)"},
    {"--window 1|2", C_READS, WRES_ONLY, true, "years of cases counted (default 1)"},
    {"--window 1|2", C_READS, WDES_ONLY, true, "years of cases counted (default 2)"},
    {"--column FIELD=HEADER", C_READS | C_COLUMNS, BOTH, true,
     "HEADER is FIELD's column (repeatable); FIELD is person,\n"
     "ethnicity, disability, band, staff-group ... or a --by\n"
     "column (docs/inputs.md lists them)"},
    {"--vocab FILE", C_READS | C_COLUMNS, BOTH, true,
     "extra spellings: CSV kind,value,meaning (repeatable)"},
    {"--sheet [INPUT=]NAME", C_READS | C_COLUMNS, BOTH, true,
     "the worksheet of a workbook (.xlsx) input, of every input\n"
     "or of INPUT (staff, leavers ...; repeatable); default: the\n"
     "first"},
    {"--delimiter D", C_READS | C_COLUMNS, BOTH, true,
     "comma, tab, semicolon or pipe, for every CSV or text input;\n"
     "default: found from each file's first line"},
    {"--config FILE", C_READS | C_COLUMNS, BOTH, true,
     "all of these in an INI file, for a yearly run"},
    {"--as INPUT", C_COLUMNS, BOTH, false,
     "columns: read FILE as staff, staff-start, leavers,\n"
     "recruitment, cases, training, survey or board; or read the\n"
     "list FILE whole as mandatory-courses or vocab"},
    {"--by COLUMN", C_READS, BOTH, false,
     "repeat every metric for each value of COLUMN (repeatable);\n"
     "\"A*B\" for each combination of A's and B's values"},
    {"--adjust COLUMN", C_METRICS | C_REPORT, BOTH, false,
     "add each relative likelihood adjusted for COLUMN's values\n"
     "(Mantel-Haenszel; repeatable: the columns combine)"},
    {"--detail", C_METRICS | C_REPORT, WRES_ONLY, false,
     "compare each of Asian, Black, Mixed, Chinese and Other\nwith White"},
    {"--format FMT", C_METRICS | C_COLUMNS, BOTH, false,
     "table (default), csv (the metrics CSV) or json;\n"
     "columns: table or json"},
    {"--trust NAME", C_METRICS | C_REPORT, BOTH, false,
     "the trust's name: on the page and the workbook, in the\n"
     "metrics CSV (a '# trust: NAME' line) for compare, and\n"
     "in the JSON (\"trust\")"},
    {"--name FILE=NAME", C_COMPARE, BOTH, false,
     "compare: FILE's trust is NAME (else the file's '# trust:'\n"
     "line, else its folder's name; repeatable)"},
    {"--out DIR", C_REPORT | C_TREND | C_COMPARE, BOTH, false,
     "the report, trend or compare folder to write"},
    {"--history FILE", C_REPORT, BOTH, false,
     "earlier years for the report's trends: metrics.csv files\n"
     "or a history table (repeatable)"},
    {"--highlight LEVEL", C_REPORT, BOTH, false,
     "mark LEVEL (a value of a --by column, e.g. your own\n"
     "directorate) in every breakdown chart and table"},
    {"--chart-format FMT", C_TREND, BOTH, false, "trend charts as png (default), svg or pdf"},
    {"--suppress N", C_METRICS | C_REPORT, BOTH, false,
     "publication mode: withhold counts below N and the rates\n"
     "built on them; survey groups under 11 respondents; and\n"
     "more, until none can be worked out from what is shown;\n"
     "report: 10 unless given (0: off, with a banner), in what\n"
     "it publishes; metrics: off unless given"},
    {"--ci METHOD", C_METRICS | C_REPORT, BOTH, false,
     "relative-likelihood interval: koopman (default), katz,\n"
     "katz-haldane (0.5 added to every cell when one is 0,\n"
     "for the interval only), miettinen-nurminen (Koopman\n"
     "with variance x N/(N-1))"},
    {"--rate-ci METHOD", C_METRICS | C_REPORT, BOTH, false,
     "rate interval: wilson (default) or clopper-pearson"},
    {"--threads 1|2", C_READS, BOTH, false,
     "2: read each CSV file on a second core while the first\n"
     "counts (the default on two cores or more, for files of\n"
     "4 MB or more), and audit what report publishes on both\n"
     "(the default on two cores); 1: one core. The results\n"
     "are the same"},
    {"--skip-bad-rows", C_READS, BOTH, false,
     "skip malformed rows and list them, instead of stopping"},
    {"--port N", C_SERVE, BOTH, false, "serve: the port (default 8719; 0: any free one)"},
    {"--host H", C_SERVE, BOTH, false,
     "serve: the address listened on (default 127.0.0.1; any\n"
     "other is reachable from the network: a warning says so)"},
    {"--max-upload MB", C_SERVE, BOTH, false,
     "serve: the largest request accepted (default 200)"},
    {"--max-unzipped MB", C_READS | C_COLUMNS | C_SERVE, BOTH, false,
     "the largest a part of an .xlsx workbook may expand to\n"
     "(default 4096; serve: 1024)"},
    {"-h, --help", C_READS | C_TREND | C_COLUMNS | C_SERVE | C_COMPARE, BOTH, false, "this help"},
    {"--version", C_READS | C_TREND | C_COLUMNS | C_COMPARE, BOTH, false, "the version"},
};

static const char exit_status[] =
    "Exit status: 0 success, 64 usage, 65 bad input data, 66 input missing or\n"
    "unreadable, 71 out of memory, 73 output cannot be created, 74 I/O error.\n";

static const char stdin_note[] = "A FILE may be - for standard input (one input at most).\n";

static bool for_standard(const struct option_help *h, const struct standard *std)
{
    bool wres = std->characteristic == CHAR_ETHNICITY;
    return h->only == BOTH || (h->only == WRES_ONLY) == wres;
}

/* "  --staff FILE           ESR staff-in-post ...", continuation lines aligned. */
static void print_option(FILE *f, const struct option_help *h)
{
    enum { WIDTH = 22 };
    const char *text = h->text;
    if (strlen(h->option) > WIDTH)
        fprintf(f, "  %s  ", h->option);
    else
        fprintf(f, "  %-*s ", WIDTH, h->option);
    for (const char *nl; (nl = strchr(text, '\n')) != NULL; text = nl + 1)
        fprintf(f, "%.*s\n%*s", (int)(nl - text), text, WIDTH + 3, "");
    fprintf(f, "%s\n", text);
}

/* Every option of STD for the commands in MASK, in the table's order;
 * INPUT selects the inputs (1), the others (0) or all (-1). */
static void print_options(FILE *f, const struct standard *std, unsigned mask, int input)
{
    for (size_t i = 0; i < sizeof options / sizeof *options; i++)
        if ((options[i].commands & mask) && for_standard(&options[i], std) &&
            (input < 0 || options[i].input == (input == 1)))
            print_option(f, &options[i]);
}

void cli_usage(FILE *f, const struct standard *std)
{
    const char *p = std->prog;
    fprintf(f, "Usage: %s COMMAND [OPTIONS]\n%s: %s metrics for NHS trusts, with 95%% "
               "confidence intervals.\n\nCommands:\n", p, p, std->title);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].what);
    fprintf(f, "'%s COMMAND --help' lists that command's options.\n\nInputs:\n", p);
    print_options(f, std, ~0u, 1);
    fputs("\nOutput:\n", f);
    print_options(f, std, ~0u, 0);
    fprintf(f, "\n%s%s", stdin_note, exit_status);
    fprintf(f, "Example: %s report --config fixtures/trust-2019.ini --out report-2019\n", p);
}

bool cli_command_usage(FILE *f, const struct standard *std, const char *command)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        const struct command_help *c = &commands[i];
        if (strcmp(c->name, command))
            continue;
        fprintf(f, "Usage: %s %s %s\n%s: %s.\n%s: %s.\n\nOptions:\n", std->prog, c->name,
                c->synopsis, std->prog, std->title, c->name, c->what);
        print_options(f, std, c->bit, -1);
        fprintf(f, "\n%s%s", stdin_note, exit_status);
        return true;
    }
    return false;
}
