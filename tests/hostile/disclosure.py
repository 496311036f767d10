#!/usr/bin/python3
"""disclosure.py: what the toolkit publishes must not identify anyone.

Usage (from the top of the repository; disclosure.sh does this):

    WQ_BIN=bin /usr/bin/python3 tests/hostile/disclosure.py

Needs Debian's python3-openpyxl (hence /usr/bin/python3). Three parts:

 (a) identifiers: every command of both calculators (metrics as table, csv
     and json, check, report --out, trend) on every fixture
     (fixtures/trust-2019.ini, the files of fixtures/2019 one by one, crossed
     into the wrong options to draw error messages, and a damaged copy with
     --skip-bad-rows) and on tests/hostile/data/disclosure; no identifier
     value (Employee Number, Unique Nhs Identifier, Assignment Number, Asg
     Number, Applicant ID, Case Reference, Vacancy Reference, as read from
     the fixture files with the csv module) may appear as a whole token in
     stdout, stderr or any output file: every text file, each part of
     submission.xlsx and each of its cell values (PNG files are images and
     are not read).
 (b) suppression, on tests/hostile/data/disclosure (Corporate Services has
     3 BME and 3 Disabled staff of 25): with --suppress 5 no group count or
     base from 1 to 4 is in the metrics CSV (stdout, metrics.csv,
     tables/all-figures.csv, the json, the workbook's "All figures"), and no
     row for Corporate Services in the breakdown tables (tables/*.csv, the
     workbook, report.html, summary.txt, the table output) shows a number
     from 1 to 4 or a share k/25 of its 25 staff (k = 1..4); without
     --suppress the same checks must find the 3 (so they test the right
     thing). The charts: swapping the ethnicity of a Corporate BME person and
     an Estates Unknown person (same band, both trained, no case) changes
     only withheld figures, so with --suppress 5 every chart (charts/*.png
     and the SVGs inside report.html) must be byte-identical, while without
     it some chart must change. Counts that can still be worked out by
     subtraction (e.g. declared minus White, or a trust total minus the
     other directorates) are failures; adversary.py (run by adversary.sh)
     is the stronger check, every relation at once with a solver.
 (d) identifiers in a coded column: the staff file with its ethnicity and
     disability columns filled with employee and assignment numbers (all
     rows, and five rows): none of them in any output or message of
     metrics (every format), check and report (with and without
     --suppress), and the count "N values that look like identifiers (not
     shown)" in the warning, check, json, report.html, data-quality.txt,
     tables/ and the workbook.
 (c) inert names: directorates named =HYPERLINK("http://x","y") and
     <script>alert(1)</script> are text everywhere: in every CSV a field
     that starts with = + - @ (and is not a number) is prefixed with ';
     the workbook has no formula cell (openpyxl data_type 'f', or <f> in the
     sheet XML) and the names are string cells; report.html has no script
     element, no event-handler attribute, no javascript: URL, no literal
     <script> from the data, and shows the name escaped.

Prints "disclosure: N passed, N failed, N known" last; exits 1 on a failure.
"""
import csv
import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser

try:
    import openpyxl
except ImportError:  # pragma: no cover
    sys.stderr.write("disclosure.py: needs python3-openpyxl (apt-get install python3-openpyxl)\n")
    sys.exit(64)

BIN = os.environ.get("WQ_BIN", "bin")
STRICT = os.environ.get("WQ_DISCLOSURE_STRICT") == "1"
TIMEOUT = float(os.environ.get("WQ_HOSTILE_TIMEOUT", "120"))
FIX = "fixtures/2019"
CONFIG = "fixtures/trust-2019.ini"
HISTORY = "fixtures/history/wres-history-2016-2019.csv"
DIS = "tests/hostile/data/disclosure"
ID_COLUMNS = {"employee number", "unique nhs identifier", "person number", "staff number",
              "assignment number", "asg number", "applicant id", "case reference",
              "vacancy reference"}
LEVEL = "Corporate Services"
HEADCOUNT = 25   # Corporate Services' staff
TRUE_COUNT = 3   # its BME (wres) and Disabled (wdes) staff
N = 5            # --suppress N
NFP = "not-for-publication"  # a report's full counts for NHS England, never published
HYPER = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script>"
FOCUS = {"wres": "BME", "wdes": "Disabled"}
COMPARATOR = {"wres": "White", "wdes": "Non-disabled"}


class Tally:
    def __init__(self):
        self.passed = self.failed = self.known = 0

    def check(self, ok, what, details=()):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: " + what)
            for d in list(details)[:5]:
                print("    " + d)

    def issue(self, ok, what, details=()):
        """A known issue: a failure only with WQ_DISCLOSURE_STRICT=1."""
        if ok or STRICT:
            self.check(ok, what, details)
            return
        self.known += 1
        print("KNOWN: " + what)
        for d in list(details)[:3]:
            print("    " + d)


T = Tally()


def run(args, want=0):
    """Run a calculator: (exit code, stdout text, stderr text)."""
    argv = [os.path.join(BIN, args[0])] + args[1:]
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT, env=dict(os.environ, LC_ALL="C"))
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        rc, out, err = "timeout", b"", b""
    out_t, err_t = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    if want is not None:
        T.check(rc == want, "%s: exit %s, expected %s" % (" ".join(args), rc, want),
                err_t.splitlines())
    return rc, out_t, err_t


# --- (a) identifiers -------------------------------------------------------------------------

def read_csv(path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    return list(csv.reader(io.StringIO(text, newline="")))


def identifier_values(paths):
    ids = set()
    for path in paths:
        rows = read_csv(path)
        if not rows:
            continue
        cols = [i for i, h in enumerate(rows[0]) if " ".join(h.split()).lower() in ID_COLUMNS]
        for r in rows[1:]:
            for i in cols:
                if i < len(r) and r[i].strip():
                    ids.add(r[i].strip())
    return ids


# A decimal number is one token (so 0.21811459 is not the number 21811459);
# otherwise letters and digits joined by hyphens (ER-2016-001), and also each
# hyphen-separated piece.
TOKEN = re.compile(r"\d+\.\d+|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def tokens(text):
    out = set()
    for t in TOKEN.findall(text):
        out.add(t)
        if "-" in t:
            out.update(t.split("-"))
    return out


def texts_of_folder(folder):
    """(name, text) of every output file but images; the workbook's parts
    and cell values."""
    for path in sorted(glob.glob(os.path.join(folder, "**", "*"), recursive=True)):
        if os.path.isdir(path) or path.endswith(".png"):
            continue
        rel = os.path.relpath(path, folder)
        if path.endswith(".xlsx"):
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    yield rel + ":" + member, z.read(member).decode("utf-8", "replace")
            wb = openpyxl.load_workbook(path)
            cells = []
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is not None:
                            cells.append(str(c.value))
            yield rel + " (cells)", "\n".join(cells)
        else:
            with open(path, "rb") as f:
                yield rel, f.read().decode("utf-8", "replace")


def no_identifiers(ids, label, text):
    found = ids & tokens(text)
    # the values themselves are not printed: they are personal data
    T.check(not found, "an identifier value appears in %s" % label,
            ["%d distinct identifier values, e.g. one of %d characters" %
             (len(found), len(next(iter(found)))) if found else ""])


def part_a(tmp):
    fixture_files = sorted(glob.glob(os.path.join(FIX, "*.csv")))
    ids = identifier_values(fixture_files + sorted(glob.glob(os.path.join(DIS, "*.csv"))))
    T.check(len(ids) > 5000, "identifier values read from the fixtures: %d" % len(ids))
    staff_w = os.path.join(FIX, "staff-in-post-2019-03-31.csv")
    staff_d = os.path.join(FIX, "staff-in-post-wdes-2019.csv")
    f = {os.path.basename(p).split("-")[0]: p for p in fixture_files}
    runs = []   # (args, expected exit code)
    for calc in ("wres", "wdes"):
        extra = ["--detail", "--by", "Org L4"] if calc == "wres" else ["--by", "Organisation"]
        for fmt in ("table", "csv", "json"):
            runs.append(([calc, "metrics", "--config", CONFIG, "--format", fmt] + extra, 0))
            runs.append(([calc, "metrics", "--config", os.path.join(DIS, "trust.ini"),
                          "--format", fmt], 0))
        runs.append(([calc, "check", "--config", CONFIG], 0))
        runs.append(([calc, "check", "--config", os.path.join(DIS, "trust.ini")], 0))
        runs.append(([calc, "report", "--config", CONFIG, "--out", os.path.join(tmp, calc + "-a")]
                     + extra, 0))
        runs.append(([calc, "report", "--config", CONFIG, "--suppress", "10", "--out",
                      os.path.join(tmp, calc + "-a10")], 0))
        runs.append(([calc, "report", "--config", os.path.join(DIS, "trust.ini"), "--out",
                      os.path.join(tmp, calc + "-dis")], 0))
        # each fixture file on its own, and the other standard's staff file
        for staff in (staff_w, staff_d):
            runs.append(([calc, "metrics", "--staff", staff, "--leavers", f["leavers"],
                          "--year", "2019", "--by", "Org L3", "--format", "csv"], 0))
            runs.append(([calc, "check", "--staff", staff, "--leavers", f["leavers"],
                          "--cases", f["cases"], "--year", "2019"], 0))
        runs.append(([calc, "metrics", "--recruitment", f["recruitment"], "--format", "json"], 0))
        runs.append(([calc, "metrics", "--board", f["board"]], 0))
        # the wrong file in each option: the error messages
        wrong = [(["--staff", f["cases"]], 65), (["--staff", f["recruitment"]], 65),
                 (["--staff", f["training"]], 65), (["--recruitment", staff_w], 65),
                 (["--survey", staff_w], 65), (["--board", f["training"]], 65),
                 (["--vocab", staff_w, "--staff", staff_w], 65),
                 (["--staff", staff_w, "--leavers", f["board"]], 65),
                 (["--staff", staff_w, "--cases", f["training"], "--year", "2019"], 65),
                 (["--staff", staff_w, "--by", "Employee Number"], 64),
                 (["--staff", staff_d, "--by", "Unique Nhs Identifier"], 64)]
        if calc == "wres":
            wrong.append((["--staff", staff_w, "--training", f["cases"], "--year", "2019"], 65))
        for args, rc in wrong:
            runs.append(([calc, "metrics"] + args, rc))
    # a damaged copy: a ragged row and a bad FTE, skipped and listed
    rows = read_csv(staff_w)
    rows[10] = rows[10] + ["extra"]
    rows[20][rows[0].index("Contracted Wte")] = "abc"
    damaged = os.path.join(tmp, "staff-damaged.csv")
    with open(damaged, "w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    for calc in ("wres", "wdes"):
        runs.append(([calc, "check", "--staff", damaged, "--skip-bad-rows"], 0))
        runs.append(([calc, "metrics", "--staff", damaged, "--skip-bad-rows", "--by", "Org L3"], 0))
        runs.append(([calc, "metrics", "--staff", damaged], 65))

    # the check itself: directorates named by employee numbers are seen
    rows = read_csv(staff_w)
    org, emp = rows[0].index("Org L3"), rows[0].index("Employee Number")
    for r in rows[1:4]:
        r[org] = r[emp]
    planted = os.path.join(tmp, "staff-planted.csv")
    with open(planted, "w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    _, out, _ = run(["wres", "metrics", "--staff", planted, "--by", "Org L3", "--format", "csv"])
    T.check(len(ids & tokens(out)) == 3, "the identifier check sees planted employee numbers")
    os.remove(planted)

    for args, want in runs:
        rc, out, err = run(args, want)
        label = " ".join(args)
        no_identifiers(ids, "stdout of " + label, out)
        no_identifiers(ids, "stderr of " + label, err)
    # trend: two years of metrics, and the published history, as SVG (text)
    for calc in ("wres", "wdes"):
        inputs = []
        for year in ("2018", "2019"):
            _, out, _ = run([calc, "metrics", "--config", CONFIG, "--year", year, "--format", "csv"])
            inputs.append(os.path.join(tmp, "%s-metrics-%s.csv" % (calc, year)))
            with open(inputs[-1], "w", encoding="utf-8") as fh:
                fh.write(out)
        for fmt in ("png", "svg"):
            out_dir = os.path.join(tmp, "%s-trend-%s" % (calc, fmt))
            rc, out, err = run([calc, "trend"] + inputs + ["--out", out_dir, "--chart-format", fmt])
            no_identifiers(ids, "stdout/stderr of %s trend" % calc, out + err)
    rc, out, err = run(["wres", "trend", HISTORY, "--out", os.path.join(tmp, "history-svg"),
                        "--chart-format", "svg"])
    no_identifiers(ids, "stdout/stderr of wres trend (history)", out + err)
    for calc in ("wres", "wdes"):
        for name in ("%s-metrics-2018.csv" % calc, "%s-metrics-2019.csv" % calc):
            with open(os.path.join(tmp, name), encoding="utf-8") as fh:
                no_identifiers(ids, name, fh.read())
    folders = sorted(d for d in glob.glob(os.path.join(tmp, "*")) if os.path.isdir(d))
    n_files = 0
    for folder in folders:
        for name, text in texts_of_folder(folder):
            n_files += 1
            no_identifiers(ids, os.path.join(os.path.basename(folder), name), text)
    T.check(n_files > 50, "output files read for identifiers: %d" % n_files)


# --- (b) suppression ---------------------------------------------------------------------------

def num(s):
    try:
        return float(str(s).strip())
    except ValueError:
        return None


def small(v):
    return v is not None and 0 < v < N


def csv_dicts(text):
    # a report's metrics.csv opens with "#" lines (not for publication)
    while text.startswith("#"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [dict(zip(rows[0], r)) for r in rows[1:]] if rows else []


SURVEY = {"harassment_public", "harassment_staff", "harassment_managers", "harassment_colleagues",
          "harassment_reported", "equal_opportunities", "discrimination_colleagues",
          "presenteeism", "valued", "adjustments", "engagement"}


def metric_rows_findings(rows, calc):
    """(small group counts anywhere, the level's focus count shown). Survey
    rows follow the staff survey's convention: a group under 11 respondents
    is withheld; the number answering yes in a group of 11 or more is not a
    headcount and may be shown."""
    small_rows, target = [], []
    for r in rows:
        if r.get("reference") not in ("", None):
            continue
        c, b = num(r.get("count", "")), num(r.get("base", ""))
        if r.get("measure") in SURVEY:
            bad = b is not None and 0 < b < max(11, N)
        else:
            bad = small(c) or small(b)
        if bad:
            small_rows.append("%s %s %s %s %s: count %s base %s" % (
                r.get("metric"), r.get("measure"), r.get("level"), r.get("group"),
                r.get("band") or "", r.get("count"), r.get("base")))
        if r.get("level") == LEVEL and r.get("group") == FOCUS[calc] and c == TRUE_COUNT:
            target.append("%s %s %s %s: count %s" % (r.get("metric"), r.get("measure"),
                                                    r.get("workforce") or "", r.get("band") or "",
                                                    r.get("count")))
    return small_rows, target


PCT = re.compile(r"^(\d+(?:\.\d+)?)%$")


def row_findings(cells):
    """Numbers 1..N-1, or shares k/HEADCOUNT, in one table row's cells."""
    found = []
    for cell in cells:
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            if float(cell).is_integer() and small(float(cell)):
                found.append(repr(cell))
            elif 0 < cell < 1 and any(abs(cell - k / HEADCOUNT) < 1e-9 for k in range(1, N)):
                found.append(repr(cell))
            continue
        if not isinstance(cell, str):
            continue
        for tok in re.split(r"[\s/(),]+", cell):
            m = PCT.match(tok)
            if m and any(abs(float(m.group(1)) / 100 - k / HEADCOUNT) < 0.00005
                         for k in range(1, N)):
                found.append(tok)
            elif re.fullmatch(r"\d+", tok) and small(int(tok)):
                found.append(tok)
    return found


class Rows(HTMLParser):
    """Table rows of an HTML page (svg and style left out), and what the
    page is made of."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cur, self.cell, self.skip = [], None, None, 0
        self.tags, self.handlers, self.js_urls, self.text = set(), [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            if k.lower().startswith("on"):
                self.handlers.append(k)
            if v and v.strip().lower().startswith("javascript:"):
                self.js_urls.append(v)
        if tag in ("svg", "style"):
            self.skip += 1
        elif tag == "tr":
            self.cur = []
        elif tag in ("td", "th") and self.cur is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("svg", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cur is not None and self.cell is not None:
            self.cur.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.cur is not None:
            self.rows.append(self.cur)
            self.cur = None

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell += data


def html_rows(path):
    p = Rows()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


def level_rows_of_outputs(folder, stdout_table):
    """name -> list of rows (cell lists) labelled LEVEL, per output."""
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "tables", "*.csv"))):
        if path.endswith("all-figures.csv"):
            continue
        rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
        out["tables/" + os.path.basename(path)] = [r for r in rows if r and r[0].strip() == LEVEL]
    wb = openpyxl.load_workbook(os.path.join(folder, NFP, "submission.xlsx"))
    for ws in wb.worksheets:
        if ws.title == "All figures":
            continue
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        out[NFP + "/submission.xlsx/" + ws.title] = [
            r for r in rows if r and isinstance(r[0], str) and r[0].strip() == LEVEL]
    out["report.html"] = [r for r in html_rows(os.path.join(folder, "report.html")).rows
                          if r and r[0] == LEVEL]
    for name, text in (("summary.txt", open(os.path.join(folder, "summary.txt"),
                                            encoding="utf-8").read()),
                       ("metrics (table)", stdout_table)):
        out[name] = [[LEVEL, line.strip()[len(LEVEL):]] for line in text.splitlines()
                     if line.strip().startswith(LEVEL + " ")]
    return out


def all_figures_rows(folder):
    wb = openpyxl.load_workbook(os.path.join(folder, NFP, "submission.xlsx"))
    ws = wb["All figures"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = [str(h) for h in rows[0]]
    return [{h: ("" if v is None else v) for h, v in zip(head, r)} for r in rows[1:]]


GROUPS = {"wres": ("White", "BME", "Unknown"), "wdes": ("Non-disabled", "Disabled", "Unknown")}


def derivable(rows, calc):
    """Withheld counts that the published figures give away by one
    subtraction: a set of counts that add up to a published total with
    exactly one of them withheld. Written from what the numbers mean, not
    from the toolkit's code: levels add up to the trust; metric 1's groups to
    the band's headcount (each published row's base); its bands to the
    clinical / non-clinical row; clinical and non-clinical to the whole
    workforce; the declared to the focus and comparator groups; the --detail
    groups to BME. And a group's headcount published as the base of its
    leaver, case or training rows while it is withheld in metric 1."""
    focus, comp = FOCUS[calc], COMPARATOR[calc]
    cells = {}
    for r in rows:
        if r["reference"] or r["statistic"] in ("", "yes-no"):
            continue
        key = (r["breakdown"], r["level"], r["metric"], r["measure"], r["workforce"], r["band"],
               r["group"])
        cells[key] = r

    def withheld(r):
        return r["note"].startswith("suppressed")

    lines = {}  # name -> (members, total: a row or None when the members show it)

    def add(name, member, total):
        lines.setdefault(name, ([], total))[0].append(member)

    for (bd, lv, metric, measure, wf, band, group), r in cells.items():
        if bd != "Trust":
            t = cells.get(("Trust", "All", metric, measure, wf, band, group))
            if t:
                add(("levels", bd, metric, measure, wf, band, group), r, t)
        if metric != "1":
            continue
        if group in GROUPS[calc]:
            add(("groups", bd, lv, wf, band), r, None)
        if wf != "All" and band != "All":
            t = cells.get((bd, lv, metric, measure, wf, "All", group))
            if t:
                add(("bands", bd, lv, wf, group), r, t)
        if wf != "All" and band == "All":
            t = cells.get((bd, lv, metric, measure, "All", "All", group))
            if t:
                add(("workforces", bd, lv, group), r, t)
        if wf == "All" and band == "All" and group in (focus, comp):
            t = cells.get((bd, lv, "declaration", "declaration", "", "", "Known"))
            if t:
                add(("declared", bd, lv), r, t)
        if wf == "All" and band == "All" and group not in GROUPS[calc]:
            t = cells.get((bd, lv, metric, measure, "All", "All", focus))
            if t:
                add(("detail", bd, lv), r, t)
    found = []
    for name, (members, total) in lines.items():
        hidden = [m for m in members if withheld(m)]
        shown = total is not None and not withheld(total) or \
            total is None and any(not withheld(m) for m in members)
        if len(hidden) == 1 and shown:
            h = hidden[0]
            found.append("%s: %s %s %s %s/%s %s" % (name[0], h["breakdown"], h["level"],
                         h["metric"], h["workforce"], h["band"], h["group"]))
    for (bd, lv, metric, measure, wf, band, group), r in cells.items():
        h = cells.get((bd, lv, "1", "workforce", "All", "All", group))
        staff_based = metric in ("leavers", "3") or (metric == "4" and calc == "wres")
        if staff_based and h and withheld(h) and r["base"] != "" and \
                float(r["base"]) == int(float(r["base"])):
            found.append("base of %s %s at %s %s: the withheld %s headcount?" % (
                metric, group, bd, lv, group))
    return found


def svgs(path):
    with open(path, encoding="utf-8") as f:
        return re.findall(r"<svg\b.*?</svg>", f.read(), flags=re.S)


def charts_of(folder):
    out = {}
    for p in sorted(glob.glob(os.path.join(folder, "charts", "*"))):
        with open(p, "rb") as f:
            out[os.path.basename(p)] = hashlib.sha256(f.read()).hexdigest()
    for i, s in enumerate(svgs(os.path.join(folder, "report.html"))):
        out["report.html svg %d" % (i + 1)] = hashlib.sha256(s.encode()).hexdigest()
    return out


# The report's three ways: by default (small numbers withheld under 10 in
# what is published), --suppress N, and --suppress 0 (nothing withheld);
# `metrics` withholds only when --suppress is given. (folder tag, report
# options, metrics options, is what the report publishes suppressed?)
VARIANTS = (("default", [], [], True),
            (str(N), ["--suppress", str(N)], ["--suppress", str(N)], True),
            ("0", ["--suppress", "0"], [], False))


def published(name):
    """Is output NAME of a report folder published (top of --out)?"""
    return name.startswith("tables/") or name in ("report.html", "summary.txt")


def part_b(tmp):
    config = os.path.join(DIS, "trust.ini")
    for calc in ("wres", "wdes"):
        for key, flag, mflag, pub_sup in VARIANTS:
            tag = "%s report %s" % (calc, " ".join(flag) or "(no --suppress)")
            folder = os.path.join(tmp, "%s-b-%s" % (calc, key))
            run([calc, "report", "--config", config, "--out", folder] + flag)
            _, csv_out, _ = run([calc, "metrics", "--config", config, "--format", "csv"] + mflag)
            _, json_out, _ = run([calc, "metrics", "--config", config, "--format", "json"] + mflag)
            _, table_out, _ = run([calc, "metrics", "--config", config] + mflag)
            try:
                json_rows = [{k: ("" if v is None else str(v)) for k, v in m.items()}
                             for m in json.loads(json_out)["metrics"]]
            except (ValueError, KeyError):
                json_rows = []
                T.check(False, "%s: the json does not parse" % tag)
            sources = {
                "metrics --format csv": csv_dicts(csv_out),
                "metrics --format json": json_rows,
                NFP + "/metrics.csv": csv_dicts(open(os.path.join(folder, NFP, "metrics.csv"),
                                                     encoding="utf-8").read()),
                "tables/all-figures.csv": csv_dicts(open(os.path.join(
                    folder, "tables", "all-figures.csv"), encoding="utf-8").read()),
                NFP + "/submission.xlsx/All figures": all_figures_rows(folder),
            }
            # which outputs withhold: the published ones as the report's
            # option says, `metrics` with --suppress, never not-for-publication/
            withholds = {name: (pub_sup if published(name) else
                                bool(mflag) if name.startswith("metrics") else False)
                         for name in list(sources) + ["metrics (table)"]}
            for name, rows in sources.items():
                T.check(len(rows) > 100, "%s: %s has the metrics rows" % (tag, name))
                small_rows, target = metric_rows_findings(rows, calc)
                if withholds[name]:
                    T.check(not small_rows, "%s: %s has group counts under %d" % (tag, name, N),
                            small_rows)
                    T.check(not target, "%s: %s shows %s's %s count %d" % (
                        tag, name, LEVEL, FOCUS[calc], TRUE_COUNT), target)
                else:
                    T.check(bool(target), "%s: %s does not show %s's %s count %d (the check "
                            "would not see it)" % (tag, name, LEVEL, FOCUS[calc], TRUE_COUNT))
            for name, rows in level_rows_of_outputs(folder, table_out).items():
                found = [x for r in rows for x in row_findings(r[1:])]
                sup = withholds.get(name, pub_sup if published(name) else False)
                if sup:
                    T.check(not found, "%s: %s shows %s's small counts or shares" % (
                        tag, name, LEVEL), ["found: " + ", ".join(map(str, found))])
                elif name in ("tables/by-org-l3.csv", NFP + "/submission.xlsx/By Org L3",
                              "report.html", "summary.txt", "metrics (table)"):
                    T.check(bool(found), "%s: %s does not show %s's %d %s staff (the check "
                            "would not see it)" % (tag, name, LEVEL, TRUE_COUNT, FOCUS[calc]))
            if withholds["metrics --format csv"]:
                gone = derivable(sources["metrics --format csv"], calc)
                T.check(not gone, "%s: metrics --format csv: withheld counts can be worked out "
                        "by subtraction from published ones (%d)" % (tag, len(gone)), gone[:8])

    # the charts: a swap that changes only withheld figures changes no chart
    rows = read_csv(os.path.join(DIS, "staff.csv"))
    head = rows[0]
    e_col, d_col, b_col = head.index("Ethnic Origin"), head.index("Org L3"), head.index("Pay Band")
    cased = {r[1] for r in read_csv(os.path.join(DIS, "cases.csv"))[1:]}
    trained = {r[0] for r in read_csv(os.path.join(DIS, "training.csv"))[1:] if r[2] == "No"}
    x = next(r for r in rows[1:] if r[d_col] == LEVEL and not r[e_col].startswith(("A ", "Z "))
             and r[0] not in cased)
    y = next(r for r in rows[1:] if r[d_col] == "Estates and Facilities" and
             r[e_col].startswith("Z ") and r[b_col] == x[b_col])
    T.check(x[0] in trained and y[0] in trained and y[0] not in cased,
            "the swap keeps the trust's training and cases totals")
    x[e_col], y[e_col] = y[e_col], x[e_col]
    variant = os.path.join(tmp, "variant")
    os.mkdir(variant)
    for name in os.listdir(DIS):
        if name != "staff.csv":
            shutil.copy(os.path.join(DIS, name), variant)
    with open(os.path.join(variant, "staff.csv"), "w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    for key, flag, _, sup in VARIANTS:
        a, b = os.path.join(tmp, "charts-a-%s" % key), os.path.join(tmp, "charts-b-%s" % key)
        run(["wres", "report", "--config", config, "--out", a] + flag)
        run(["wres", "report", "--config", os.path.join(variant, "trust.ini"), "--out", b] + flag)
        ca, cb = charts_of(a), charts_of(b)
        T.check(len(ca) > 5 and set(ca) == set(cb), "the same charts in both reports (%d)" % len(ca))
        changed = sorted(k for k in ca if ca.get(k) != cb.get(k))
        if sup:
            T.check(not changed, "wres report %s: charts change with withheld figures only "
                    "(they show them)" % (" ".join(flag) or "(no --suppress)"), changed)
        else:
            T.check(bool(changed), "wres report --suppress 0: no chart changes with the swap "
                    "(the chart check would not see a leak)")


# --- (c) inert names ----------------------------------------------------------------------------

# a number as the CSVs write it (-0.1, 1e-05, -inf, -16.23%): a spreadsheet
# reads it as a number, not a formula
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$|^-?inf$")


def active_fields(rows):
    bad = []
    for r in rows:
        for v in r:
            if v and (v[0] in "=+@\t\r" or (v[0] == "-" and not NUMBER.match(v))):
                bad.append(v[:60])
    return bad


def part_c(tmp):
    for calc in ("wres", "wdes"):
        folder = os.path.join(tmp, "%s-b-0" % calc)   # written by part (b)
        _, csv_out, _ = run([calc, "metrics", "--config", os.path.join(DIS, "trust.ini"),
                             "--format", "csv"])
        csv_files = {"metrics --format csv": csv_out}
        for p in [os.path.join(folder, NFP, "metrics.csv")] + sorted(
                glob.glob(os.path.join(folder, "tables", "*.csv"))):
            csv_files[os.path.relpath(p, folder)] = open(p, encoding="utf-8").read()
        for name, text in csv_files.items():
            rows = list(csv.reader(io.StringIO(text, newline="")))
            flat = [v for r in rows for v in r]
            T.check(not active_fields(rows), "%s %s: fields a spreadsheet would run" % (calc, name),
                    active_fields(rows))
            if name in ("metrics --format csv", NFP + "/metrics.csv", "tables/all-figures.csv",
                        "tables/by-org-l3.csv"):
                T.check("'" + HYPER in flat and SCRIPT in flat,
                        "%s %s: the two names are there, the formula made inert with '" % (calc, name))
        # the workbook
        path = os.path.join(folder, NFP, "submission.xlsx")
        with zipfile.ZipFile(path) as z:
            formulas = [m for m in z.namelist() if m.startswith("xl/worksheets/") and
                        re.search(rb"<f[ >]", z.read(m))]
        T.check(not formulas, "%s submission.xlsx: <f> formula elements" % calc, formulas)
        wb = openpyxl.load_workbook(path)
        names = {HYPER: [], SCRIPT: []}
        fcells = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type == "f":
                        fcells.append("%s!%s" % (ws.title, c.coordinate))
                    if c.value in names:
                        names[c.value].append(c.data_type)
        T.check(not fcells, "%s submission.xlsx: formula cells" % calc, fcells)
        for name, types in names.items():
            T.check(bool(types) and set(types) == {"s"},
                    "%s submission.xlsx: %s is a string cell everywhere (%s)" % (calc, name, types))
        # the page
        page = open(os.path.join(folder, "report.html"), encoding="utf-8").read()
        p = html_rows(os.path.join(folder, "report.html"))
        T.check("script" not in p.tags, "%s report.html: a script element" % calc)
        T.check(not p.handlers, "%s report.html: event-handler attributes" % calc, p.handlers)
        T.check(not p.js_urls, "%s report.html: javascript: URLs" % calc, p.js_urls)
        T.check(SCRIPT not in page and "<script" not in page.lower(),
                "%s report.html: a literal <script> in the page source" % calc)
        T.check("&lt;script&gt;alert(1)&lt;/script&gt;" in page,
                "%s report.html: the name is shown, escaped" % calc)
        text = "".join(p.text)
        T.check(SCRIPT in text and HYPER in text,
                "%s report.html: both names read as text on the page" % calc)
        T.check("http://x" not in re.sub(r">[^<]*<", "><", page),
                "%s report.html: the formula's URL only as text, never in markup" % calc)


# --- (d) identifiers in a coded column ---------------------------------------------------------

HIDDEN = "values that look like identifiers (not shown)"


def shifted_staff(tmp, name, n_rows):
    """The fixture staff file with Ethnic Origin and Disability Flag holding
    the row's Assignment Number (or, every other row, its Employee Number)
    on the first N_ROWS rows (all of them if None): a shifted column."""
    rows = read_csv(os.path.join(FIX, "staff-in-post-2019-03-31.csv"))
    h = rows[0]
    eth, dis = h.index("Ethnic Origin"), h.index("Disability Flag")
    asg, emp = h.index("Assignment Number"), h.index("Employee Number")
    planted = set()
    for i, r in enumerate(rows[1:] if n_rows is None else rows[1:n_rows + 1]):
        r[eth] = r[dis] = r[asg] if i % 2 else r[emp]
        planted.add(r[eth].strip())
    path = os.path.join(tmp, name)
    with open(path, "w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path, planted


def part_d(tmp):
    """Employee and assignment numbers in the ethnicity (disability) column
    are unrecognised values: they are counted as values that look like
    identifiers and never listed, in any format, with or without
    --suppress. The whole file shifted (thousands of distinct values, each
    on one row) and five rows only (a few mostly-digit values)."""
    for name, n_rows in (("staff-shifted.csv", None), ("staff-shifted-5.csv", 5)):
        staff, planted = shifted_staff(tmp, name, n_rows)
        T.check(len(planted) >= 5, "%s: identifiers planted: %d" % (name, len(planted)))
        for calc in ("wres", "wdes"):
            label = "%s %s" % (calc, name)
            base = ["--staff", staff, "--leavers", os.path.join(FIX, "leavers-2018-19.csv"),
                    "--year", "2019", "--by", "Org L3"]
            seen = ""
            for fmt in ("table", "csv", "json"):
                _, out, err = run([calc, "metrics", "--format", fmt] + base)
                no_identifiers(planted, "%s metrics --format %s" % (label, fmt), out + err)
                seen += err + (out if fmt == "json" else "")
            _, out, err = run([calc, "check"] + base)
            no_identifiers(planted, "%s check" % label, out + err)
            T.check(HIDDEN in seen and HIDDEN in out, "%s: the warning and check count them" % label,
                    [l for l in (out + err).splitlines() if "unrecognised" in l])
            T.check('"identifier_like":[{"column":' in seen, "%s: the json counts them" % label)
            for extra in ([], ["--suppress", "5"], ["--suppress", "0"]):
                folder = os.path.join(tmp, "%s-%s-%s" % (calc, name, "-".join(extra)))
                _, out, err = run([calc, "report", "--out", folder] + base + extra)
                no_identifiers(planted, "%s report %s: messages" % (label, extra), out + err)
                texts = dict(texts_of_folder(folder))
                for rel, text in texts.items():
                    no_identifiers(planted, "%s report %s: %s" % (label, extra, rel), text)
                for rel in ("report.html", NFP + "/data-quality.txt", "tables/data-quality.csv",
                            NFP + "/submission.xlsx (cells)"):
                    T.check(HIDDEN in texts.get(rel, ""), "%s report %s: %s counts them"
                            % (label, extra, rel))


def main():
    tmp = tempfile.mkdtemp(prefix="wq-disclosure.")
    try:
        os.mkdir(os.path.join(tmp, "a"))
        os.mkdir(os.path.join(tmp, "b"))
        part_a(os.path.join(tmp, "a"))
        part_b(os.path.join(tmp, "b"))
        part_c(os.path.join(tmp, "b"))
        os.mkdir(os.path.join(tmp, "d"))
        part_d(os.path.join(tmp, "d"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("disclosure: %d passed, %d failed, %d known" % (T.passed, T.failed, T.known))
    return 1 if T.failed else 0


if __name__ == "__main__":
    sys.exit(main())
