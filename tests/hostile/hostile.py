#!/usr/bin/env python3
"""hostile.py: run the hostile-input corpus listed in tests/hostile/cases.txt.

Usage (from the top of the repository; run.sh does this):

    WQ_BIN=bin python3 tests/hostile/hostile.py [NAME...]

Each line of cases.txt is one case (see the comment at its top for the
format). For every case the runner checks:

  - the exit code is the expected one, within a time limit (a hang fails);
  - no crash: no signal, no sanitizer report, every stderr line starts with
    "wres: " or "wdes: ", stderr is short (under 4 KB: a big field is never
    echoed whole) and holds no raw control character;
  - stderr contains the expected text (with {F} etc. expanded);
  - a failing run writes nothing to stdout;
  - a failing `metrics` or `check` run is run again as `report ... --out R`
    over an existing report folder R: same exit code, nothing on stdout, R
    exactly as it was (sha256 of every file) and no R.tmp-* or R.old-* left.
    A case whose own command uses {R} gets the same folder check.
  - an exit-0 case with a fifth field: stdout contains it.

Files named by {F} are tests/hostile/data/NAME.* (committed), or, for the big
ones listed in GENERATED below, written at run time into a temporary folder.

Environment: WQ_BIN (default bin), WQ_HOSTILE_TIMEOUT (seconds per command,
default 60), WQ_HOSTILE_MB (the size of the "big" fields, default just under
the reader's 1 MiB record limit, CSV_RECORD_MAX in common/csv_reader.h). Prints "hostile corpus: N passed, N failed" last; exits 1 if any
case failed. Standard library only.
"""
import glob
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.relpath(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(HERE, "data")
CASES = os.path.join(HERE, "cases.txt")
BIN = os.environ.get("WQ_BIN", "bin")
TIMEOUT = float(os.environ.get("WQ_HOSTILE_TIMEOUT", "60"))
# the size of the big cases' fields: just under the reader's limit on a
# record, 1 MiB (CSV_RECORD_MAX), less the rest of the row; WQ_HOSTILE_MB
# overrides it
RECORD_MAX = 1 << 20
BIG = int(float(os.environ.get("WQ_HOSTILE_MB", "0")) * 1024 * 1024) or RECORD_MAX - 4096
CHUNK = 'ab,""cd\n'
STAFF_HEADER = "Employee Number,Ethnic Origin,Pay Band,Staff Group"
STAFF_ROW = "20000001,A White - British,Band 5,Allied Health Professionals"


# --- files generated at run time (too big to commit) ---------------------------

def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def gen_big_field(path):
    # a big field in a column nobody reads: fine
    write(path, STAFF_HEADER + ",Notes\n" + STAFF_ROW + "," + "x" * BIG + "\n"
                "20000002,PC Black Nigerian,Band 5,Allied Health Professionals,short\n")


def gen_big_by_level(path):
    # a big field in the --by column: not a directorate
    write(path, STAFF_HEADER + ",Org L3\n" + STAFF_ROW + "," + "x" * BIG + "\n")


def gen_big_quoted_then_bad(path):
    # a quoted big field holding commas, doubled quotes and BIG / 8
    # newlines, then a bad FTE: the message must give the right line
    # ({BIGLINE}: 2 + BIG / 8 + 1)
    write(path, STAFF_HEADER + ",Notes,FTE\n" + STAFF_ROW + ',"' + CHUNK * (BIG // len(CHUNK)) +
          '",1\n' + "20000002,PC Black Nigerian,Band 5,Allied Health Professionals,x,lots\n")


def gen_big_date(path):
    write(path, "Employee Number,Ethnic Origin,Termination Date\n"
                "40000001,A White - British," + "1" * BIG + "\n")


def gen_big_quotes(path):
    # nothing but quote characters, an odd number: a quoted field that is
    # never closed
    write(path, STAFF_HEADER + "\n" + '"' * (BIG + 1) + "\n")


def gen_over_record_limit(path):
    # one byte over the 1 MiB record limit ("1", the field and a byte after
    # each), then good rows: refused on line 2, naming the field
    write(path, STAFF_HEADER + ",Notes\n" + STAFF_ROW + "," +
          "x" * (RECORD_MAX - len(STAFF_ROW) - 1) + "\n" + STAFF_ROW + ",short\n")


def gen_no_line_end(path):
    # 20 MB after the header with no line end: refused at the limit
    write(path, STAFF_HEADER + "\n" + "z" * (20 << 20))


def gen_vocab_no_line_end(path):
    write(path, "kind,value,meaning\n" + "z" * (20 << 20))


def gen_config_no_line_end(path):
    write(path, "[wres]\nyear = " + "9" * (20 << 20))


def gen_quote_never_closed(path):
    # a quote opened on line 3 and never closed, then 40,000 good rows: the
    # record would swallow the rest of the file
    write(path, STAFF_HEADER + "\n" + STAFF_ROW + "\n" + '20000002,"A White - British,Band 5,x\n' +
          (STAFF_ROW + "\n") * 40000)


def gen_nul_far(path):
    # a NUL byte on line 150,000 of 200,000, in the second field
    rows = [STAFF_ROW] * 199999
    rows[149998] = "20000001,A White\0 - British,Band 5,Allied Health Professionals"
    write(path, STAFF_HEADER + "\n" + "\n".join(rows) + "\n")


def wide_header(n):
    return STAFF_HEADER + "," + ",".join("C%d" % i for i in range(n))


def gen_20000_columns(path):
    write(path, wide_header(20000) + "\n" + STAFF_ROW + "," + ",".join(["v"] * 20000) + "\n")


def gen_20000_columns_ragged(path):
    write(path, wide_header(20000) + "\n" + STAFF_ROW + "," + ",".join(["v"] * 19999) + "\n")


def gen_20000_columns_no_band(path):
    write(path, "Employee Number,Ethnic Origin,Staff Group," +
          ",".join("C%d" % i for i in range(20000)) + "\n")


def gen_100k_line(path):
    write(path, STAFF_HEADER + ",Notes\n" + STAFF_ROW + "," + "y" * 100000 + "\n")


def gen_100k_by_level(path):
    write(path, STAFF_HEADER + ",Org L3\n" + STAFF_ROW + "," + "y" * 100000 + "\n")


def gen_100k_header_name(path):
    # a 100,000-character header name, and no Pay Band: the message lists
    # the header, cut short
    write(path, "Employee Number,Ethnic Origin,Staff Group," + "H" * 100000 + "\n")


def gen_survey_big_measure(path):
    write(path, "measure,group,respondents,percent\n"
                "harassment_public,BME,30,40\n" + "m" * BIG + ",BME,30,40\n")


GENERATED = {
    "staff-big-field": ("staff-big-field.csv", gen_big_field),
    "staff-big-by-level": ("staff-big-by-level.csv", gen_big_by_level),
    "staff-big-quoted-then-bad": ("staff-big-quoted-then-bad.csv", gen_big_quoted_then_bad),
    "staff-big-of-quotes": ("staff-big-of-quotes.csv", gen_big_quotes),
    "staff-over-record-limit": ("staff-over-record-limit.csv", gen_over_record_limit),
    "staff-no-line-end": ("staff-no-line-end.csv", gen_no_line_end),
    "staff-quote-never-closed": ("staff-quote-never-closed.csv", gen_quote_never_closed),
    "staff-nul-far": ("staff-nul-far.csv", gen_nul_far),
    "vocab-no-line-end": ("vocab-no-line-end.csv", gen_vocab_no_line_end),
    "config-no-line-end": ("config-no-line-end.ini", gen_config_no_line_end),
    "leavers-big-date": ("leavers-big-date.csv", gen_big_date),
    "staff-20000-columns": ("staff-20000-columns.csv", gen_20000_columns),
    "staff-20000-columns-ragged": ("staff-20000-columns-ragged.csv", gen_20000_columns_ragged),
    "staff-20000-columns-no-band": ("staff-20000-columns-no-band.csv", gen_20000_columns_no_band),
    "staff-100k-line": ("staff-100k-line.csv", gen_100k_line),
    "staff-100k-by-level": ("staff-100k-by-level.csv", gen_100k_by_level),
    "staff-100k-header-name": ("staff-100k-header-name.csv", gen_100k_header_name),
    "survey-big-measure": ("survey-big-measure.csv", gen_survey_big_measure),
}


# --- the manifest ---------------------------------------------------------------

class Case:
    def __init__(self, lineno, fields):
        self.lineno = lineno
        self.name, self.cmd, rc, self.err = fields[:4]
        self.out = fields[4] if len(fields) > 4 else ""
        self.rc = int(rc)


def read_cases():
    cases, names, problems = [], set(), []
    with open(CASES, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [x.strip() for x in line.split("|")]
            if len(fields) not in (4, 5) or not re.fullmatch(r"-?\d+", fields[2]):
                problems.append("%s:%d: expected name | command | exit code | stderr text "
                                "[| stdout text]" % (CASES, n))
                continue
            if fields[0] in names:
                problems.append("%s:%d: case '%s' given twice" % (CASES, n, fields[0]))
                continue
            names.add(fields[0])
            cases.append(Case(n, fields))
    return cases, problems


def case_file(case, tmp):
    """The file {F} of CASE: generated, or tests/hostile/data/NAME.*"""
    if case.name in GENERATED:
        fname, fn = GENERATED[case.name]
        path = os.path.join(tmp, "gen", fname)
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fn(path)
        return path
    found = sorted(glob.glob(os.path.join(DATA, glob.escape(case.name) + ".*")))
    return found[0] if len(found) == 1 else None


# --- running ----------------------------------------------------------------------

def run(argv):
    env = dict(os.environ, LC_ALL="C")
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def snapshot(folder):
    """sha256 of every file under FOLDER (and the set of folders)."""
    sums = {}
    for root, dirs, files in os.walk(folder):
        rel = os.path.relpath(root, folder)
        sums[rel + "/"] = "dir"
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                sums[os.path.join(rel, name)] = hashlib.sha256(f.read()).hexdigest()
    return sums


def leftovers(folder):
    return glob.glob(glob.escape(folder) + ".tmp-*") + glob.glob(glob.escape(folder) + ".old-*")


SANITIZER = re.compile(rb"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                       rb"runtime error:|Segmentation fault|core dumped")
CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
POSITION = re.compile(r"\S+:\d+: ")
WHOLE_FILE = ("the file is empty", "no settings", "no course titles", "empty file",
              # a workbook that cannot be opened, or has no such sheet
              "not a readable Excel workbook", "a legacy Excel .xls file", "no sheet named",
              "is empty (the workbook has", "standard input is an Excel workbook")


def check_streams(problems, what, rc, out, err, want_rc):
    """The checks every run gets, whatever its case."""
    if rc == "timeout":
        problems.append("%s: no answer within %.0f s (a hang?)" % (what, TIMEOUT))
        return
    if rc != want_rc:
        problems.append("%s: exit %s, expected %d" % (what, rc, want_rc))
    if isinstance(rc, int) and rc < 0:
        problems.append("%s: killed by signal %d (a crash)" % (what, -rc))
    if SANITIZER.search(err):
        problems.append("%s: sanitizer or crash report on stderr" % what)
    if len(err) > 4096:
        problems.append("%s: %d bytes on stderr (a message should be short)" % (what, len(err)))
    if CONTROL.search(err):
        problems.append("%s: a raw control character on stderr" % what)
    for line in err.decode("utf-8", "replace").splitlines():
        if not (line.startswith("wres: ") or line.startswith("wdes: ") or
                line.startswith("Try '")):
            problems.append("%s: stderr line without the program's name: %.100r" % (what, line))
            break
    if want_rc != 0 and out:
        problems.append("%s: a failed run wrote %d bytes to stdout" % (what, len(out)))


def run_case(case, tmp, report_dir):
    problems = []
    f = case_file(case, tmp)
    subst = {
        "{D}": DATA,
        "{T}": tmp,
        "{R}": report_dir,
        "{MISSING}": os.path.join(tmp, "no-such-file.csv"),
        "{DIR}": os.path.join(tmp, "a-directory"),
        "{BIG}": str(BIG),
        "{BIGLINE}": str(3 + BIG // len(CHUNK)),
    }
    if f:
        subst["{F}"] = f

    def expand(s):
        for k, v in subst.items():
            s = s.replace(k, v)
        return s

    try:
        argv = [expand(tok) for tok in shlex.split(case.cmd)]
    except ValueError as e:
        return ["%s:%d: cannot split the command: %s" % (CASES, case.lineno, e)]
    if "{F}" in case.cmd and not f:
        return ["no file for {F}: expected one tests/hostile/data/%s.* (or a generator)"
                % case.name]
    if argv and argv[0] in ("wres", "wdes"):
        argv[0] = os.path.join(BIN, argv[0])
    uses_report = "{R}" in case.cmd
    before = snapshot(report_dir) if uses_report else None

    rc, out, err = run(argv)
    check_streams(problems, "run", rc, out, err, case.rc)
    text = err.decode("utf-8", "replace")
    want = expand(case.err)
    if want == "(empty)":
        if err:
            problems.append("stderr is not empty")
    elif want and want not in text:
        problems.append("stderr lacks %r" % want)
    if case.rc == 65 and rc == 65 and not POSITION.search(text) and \
            not any(w in text for w in WHOLE_FILE):
        problems.append("a bad-data message without file:line")
    if case.out and case.rc == 0 and expand(case.out) not in out.decode("utf-8", "replace"):
        problems.append("stdout lacks %r" % expand(case.out))
    if uses_report:
        if snapshot(report_dir) != before:
            problems.append("the report folder {R} changed")
        if leftovers(report_dir):
            problems.append("left behind: %s" % ", ".join(leftovers(report_dir)))

    # a failing metrics/check run, again as report over an existing folder
    if case.rc != 0 and len(argv) > 1 and argv[1] in ("metrics", "check"):
        rargv = [argv[0], "report"] + argv[2:] + ["--out", report_dir]
        before = snapshot(report_dir)
        rrc, rout, rerr = run(rargv)
        check_streams(problems, "as report --out", rrc, rout, rerr, case.rc)
        if snapshot(report_dir) != before:
            problems.append("as report --out: the existing report folder changed")
        if leftovers(report_dir):
            problems.append("as report --out: left behind: %s" % ", ".join(leftovers(report_dir)))
    if problems:
        problems.append("stderr was: %s" % (text[:300].replace("\n", "\n    ") or "(empty)"))
    return problems


def main():
    cases, problems = read_cases()
    wanted = set(sys.argv[1:])
    if wanted:
        cases = [c for c in cases if c.name in wanted]
    for p in problems:
        print("FAIL: " + p)
    tmp = tempfile.mkdtemp(prefix="wq-hostile.")
    try:
        os.mkdir(os.path.join(tmp, "a-directory"))
        report_dir = os.path.join(tmp, "report")
        base = os.path.join(DATA, "base")
        rc, _, err = run([os.path.join(BIN, "wres"), "report", "--staff",
                          os.path.join(base, "staff.csv"), "--leavers",
                          os.path.join(base, "leavers.csv"), "--year", "2019", "--by", "Org L3",
                          "--out", report_dir])
        if rc != 0:
            print("FAIL: cannot write the report folder the cases try to spoil: exit %s\n    %s"
                  % (rc, err.decode("utf-8", "replace")[:300]))
            print("hostile corpus: 0 passed, 1 failed")
            return 1
        passed = 0
        failed = len(problems)
        for case in cases:
            p = run_case(case, tmp, report_dir)
            if p:
                failed += 1
                print("FAIL: %s (cases.txt:%d)" % (case.name, case.lineno))
                for line in p:
                    print("    " + line)
            else:
                passed += 1
        print("hostile corpus: %d passed, %d failed" % (passed, failed))
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
