#!/usr/bin/python3
"""check_xlsx.py: an independent read-back check of the submission workbook.

Usage: /usr/bin/python3 tests/cli/check_xlsx.py WORKBOOK METRICS_CSV

Reads WORKBOOK (an .xlsx written by `wres/wdes report`) with openpyxl (Debian's
python3-openpyxl) and METRICS_CSV (the metrics CSV of the same run), and checks:

 (a) the "All figures" sheet equals the metrics CSV cell by cell: the header row
     is identical; text is equal (a CSV field made inert with a leading ' equals
     the sheet's text without it); numbers are equal as floats within 1e-12
     relative; an empty field is an empty cell; "inf" / "-inf" in the CSV is an
     EMPTY cell with a comment saying why (Excel has no infinity; neither the
     text "inf" nor a large-number stand-in is used);
 (b) every numeric cell of every metric sheet ("Metric N", "Leavers", "By ...")
     equals some count, base, value, low or high of the metrics CSV rows of the
     same metric (whole-trust rows for the metric sheets, breakdown rows for the
     "By" sheets; the board sheet may also show metric 1's workforce shares and
     the board's declaration rate). A cell whose number format shows "pp"
     holds percentage points: its value / 100 is what must match. A count
     that is not a whole number in the CSV (a staff-survey number answering,
     back-calculated as percent x respondents) may show rounded to the nearest
     whole number, half away from zero. So no number is invented or mis-copied;
 (c) structure: the expected sheets are present (Metric 1..9 for WRES, 1..10 for
     WDES, Leavers, one "By" sheet per breakdown, All figures, Data quality,
     Methods), sheet names are valid, every metric sheet starts with its title,
     a metric absent from the CSV says "Not supplied" and one present does not,
     Methods and Data quality are not empty, and no cell anywhere is a formula;
 (d) layout: the first sheet says NOT FOR PUBLICATION in A1; every sheet prints
     landscape on A4, fit to one page wide (any height), with print title rows
     and a header naming the sheet (&A) and "NOT FOR PUBLICATION", and a
     footer with the page number (&P); metric, "By" and "All figures" sheets
     have frozen panes; no cell anywhere holds the text "inf", "-inf" or
     "nan"; numbers in tables have borders; survey respondents and numbers
     are whole; the board's shares (metric 9 WRES / 10 WDES) have no interval
     column.

Prints a summary, then "N passed, N failed"; exits 1 if anything failed,
64 on a usage error.
"""
import bisect
import csv
import math
import re
import sys

try:
    import openpyxl
except ImportError:  # pragma: no cover
    sys.stderr.write("check_xlsx.py: needs python3-openpyxl (apt-get install python3-openpyxl)\n")
    sys.exit(64)

HEADER = ["standard", "metric", "measure", "breakdown", "level", "group", "reference",
          "count", "base", "value", "low", "high", "flag", "workforce", "band", "method",
          "evidence", "statistic", "note", "year"]
NUMERIC = {"count", "base", "value", "low", "high", "year", "q"}
INERT = ("=", "+", "-", "@", "\t", "\r")
REL = 1e-12


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, details=()):
        if ok:
            self.passed += 1
            print("ok:   " + what)
        else:
            self.failed += 1
            print("FAIL: " + what)
            for d in list(details)[:10]:
                print("      " + d)
            if len(details) > 10:
                print("      ... and %d more" % (len(details) - 10))


def close(a, b):
    if a == b:
        return True
    if math.isinf(a) or math.isinf(b) or math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= REL * max(abs(a), abs(b))


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def sheet_name(s):
    """The workbook's sheet-name rule (common/sheets.c sheets_sheet_name)."""
    s = s.lstrip("'")
    s = "".join("-" if ch in "[]:*?/\\" else (" " if ord(ch) < 0x20 else ch) for ch in s)
    s = s[:31].rstrip("'")
    return s or "Sheet"


def cell_matches_csv(field, value, numeric):
    """Compare one CSV field with one cell value of "All figures"."""
    if field == "":
        return value is None or value == ""
    if numeric:
        if field in ("inf", "-inf"):
            return value is None
        try:
            x = float(field)
        except ValueError:
            return False
        return is_number(value) and close(x, float(value))
    if not isinstance(value, str):
        return False
    # control characters are stored escaped as _xHHHH_ (OOXML), which Excel
    # shows as the character and openpyxl leaves as it is
    decoded = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)
    return any(v == field or (v.startswith(INERT) and field == "'" + v)
               for v in (value, decoded))


def check_all_figures(wb, header, rows, t):
    name = "All figures"
    if name not in wb.sheetnames:
        t.check(False, "(a) sheet 'All figures' is present")
        return
    ws = wb[name]
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    head = [v for v in (grid[0] if grid else [])]
    while head and head[-1] is None:
        head.pop()
    t.check(head == header, "(a) All figures: header row equals the metrics CSV header",
            ["sheet: %r" % head, "csv:   %r" % header])
    t.check(len(grid) - 1 == len(rows),
            "(a) All figures: %d data rows, the metrics CSV has %d" % (len(grid) - 1, len(rows)))
    bad = []
    for i, row in enumerate(rows):
        cells = grid[i + 1] if i + 1 < len(grid) else []
        for j, col in enumerate(header):
            field = row[j] if j < len(row) else ""
            value = cells[j] if j < len(cells) else None
            if not cell_matches_csv(field, value, col in NUMERIC):
                bad.append("row %d column %s: sheet %r, csv %r" % (i + 2, col, value, field))
        for j in range(len(header), len(cells)):
            if cells[j] not in (None, ""):
                bad.append("row %d: extra cell %r beyond the CSV's columns" % (i + 2, cells[j]))
    t.check(not bad, "(a) All figures: %d rows x %d columns equal the metrics CSV cell by cell"
            % (len(rows), len(header)), bad)
    bad = []
    for i, row in enumerate(rows):
        for j, col in enumerate(header):
            if col in NUMERIC and j < len(row) and row[j] in ("inf", "-inf"):
                c = ws.cell(row=i + 2, column=j + 1)
                if c.comment is None or not c.comment.text.strip():
                    bad.append("%s: the CSV's %s has no comment" % (c.coordinate, row[j]))
    t.check(not bad, "(a) All figures: every infinite figure is an empty cell with a comment",
            bad)


def numbers_of(rows, header, keep):
    """Sorted CSV numbers (count, base, value, low, high) of the rows KEEP accepts."""
    idx = [header.index(c) for c in ("count", "base", "value", "low", "high")]
    out = []
    for r in rows:
        if not keep(r):
            continue
        for j in idx:
            f = r[j] if j < len(r) else ""
            if f in ("", "inf", "-inf"):
                continue
            try:
                x = float(f)
            except ValueError:
                continue
            out.append(x)
            if j == idx[0] and x != math.floor(x):
                out.append(float(math.floor(abs(x) + 0.5)) * (1 if x >= 0 else -1))
    out.sort()
    return out


def found(x, values):
    k = bisect.bisect_left(values, x)
    for j in (k - 1, k, k + 1):
        if 0 <= j < len(values) and close(x, values[j]):
            return True
    return False


def check_metric_numbers(wb, header, rows, t, sheets):
    col = {c: header.index(c) for c in header}
    metrics = {r[col["metric"]] for r in rows}
    for name, kind, ids in sheets:
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        if kind == "by":
            values = numbers_of(rows, header, lambda r: r[col["breakdown"]] != "Trust")
            what = "breakdown rows"
        else:
            allowed = set(ids)
            if any(r[col["metric"]] in allowed and r[col["measure"]].startswith("board_")
                   for r in rows):
                allowed |= {"1", "declaration"}
            values = numbers_of(rows, header, lambda r: r[col["breakdown"]] == "Trust"
                                and r[col["metric"]] in allowed)
            what = "whole-trust rows of metric " + ", ".join(sorted(allowed & metrics) or ids)
        n = 0
        bad = []
        for row in ws.iter_rows():
            for c in row:
                if not is_number(c.value):
                    continue
                n += 1
                pp = "pp" in (c.number_format or "")
                x = float(c.value) / 100.0 if pp else float(c.value)
                if not found(x, values):
                    bad.append("%s!%s = %r%s is not in the CSV" % (name, c.coordinate, c.value,
                                                                  " (pp)" if pp else ""))
        t.check(not bad, "(b) %s: %d numbers, each equal to a figure of the %s" % (name, n, what),
                bad)


def texts(ws):
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def check_structure(wb, header, rows, t):
    col = {c: header.index(c) for c in header}
    standard = rows[0][col["standard"]] if rows else None
    if standard is None and "Metric 1" in wb.sheetnames:
        a1 = wb["Metric 1"]["A1"].value or ""
        standard = "WDES" if a1.startswith("WDES") else "WRES"
    n = 10 if standard == "WDES" else 9
    expected = ["Metric %d" % k for k in range(1, n + 1)] + ["Leavers", "All figures",
                                                              "Data quality", "Methods"]
    missing = [s for s in expected if s not in wb.sheetnames]
    t.check(not missing, "(c) %s sheets present: %s" % (standard, ", ".join(expected)),
            ["missing: " + s for s in missing])

    breakdowns = []
    for r in rows:
        b = r[col["breakdown"]]
        if b != "Trust" and b not in breakdowns:
            breakdowns.append(b)
    by_sheets = [s for s in wb.sheetnames if s.startswith("By ")]
    bad = []
    for b in breakdowns:
        want = sheet_name("By " + b)
        if want not in wb.sheetnames and not any(s.startswith(want[:25]) for s in by_sheets):
            bad.append("no sheet for breakdown %r (expected %r)" % (b, want))
    if len(by_sheets) != len(breakdowns):
        bad.append("%d 'By' sheets for %d breakdowns" % (len(by_sheets), len(breakdowns)))
    t.check(not bad, "(c) one 'By' sheet per breakdown (%d)" % len(breakdowns), bad)

    bad = [s for s in wb.sheetnames
           if len(s) > 31 or any(ch in s for ch in "[]:*?/\\") or s.startswith("'")
           or s.endswith("'")]
    t.check(not bad, "(c) sheet names are valid (31 characters at most, none of []:*?/\\)",
            ["bad name: %r" % s for s in bad])

    metrics = {r[col["metric"]] for r in rows}
    bad_title, bad_supplied = [], []
    for k in range(1, n + 1):
        name = "Metric %d" % k
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        a1 = ws["A1"].value
        if not (isinstance(a1, str) and a1.startswith("%s metric %d: " % (standard, k))):
            bad_title.append("%s!A1 = %r" % (name, a1))
        ids = {m for m in metrics if re.fullmatch(r"%d[a-z]?" % k, m)}
        said = any(s.startswith("Not supplied") for s in texts(ws))
        if ids and said and not (standard == "WDES" and k == 9):
            bad_supplied.append("%s: the CSV has metric %s but the sheet says Not supplied"
                                % (name, ", ".join(sorted(ids))))
        if not ids and not said:
            bad_supplied.append("%s: metric %d is not in the CSV but the sheet does not say "
                                "Not supplied" % (name, k))
    t.check(not bad_title, "(c) every metric sheet starts with its title in A1", bad_title)
    t.check(not bad_supplied, "(c) 'Not supplied' exactly when a metric is absent", bad_supplied)

    if "Leavers" in wb.sheetnames:
        said = any(s.startswith("Not supplied") for s in texts(wb["Leavers"]))
        t.check(said == ("leavers" not in metrics),
                "(c) Leavers: 'Not supplied' exactly when the CSV has no leaver rows")

    for name in ("Methods", "Data quality"):
        if name in wb.sheetnames:
            k = len(texts(wb[name]))
            t.check(k >= 10, "(c) %s is not empty (%d text cells)" % (name, k))

    formulas = ["%s!%s" % (ws.title, c.coordinate) for ws in wb.worksheets
                for row in ws.iter_rows() for c in row if c.data_type == "f"]
    t.check(not formulas, "(c) no cell in the workbook is a formula", formulas)

    heads = []
    for k in range(1, n + 1):
        name = "Metric %d" % k
        if name in wb.sheetnames:
            ws = wb[name]
            has_numbers = any(is_number(c.value) for row in ws.iter_rows() for c in row)
            if has_numbers and not any("Toolkit additions" in s for s in texts(ws)):
                heads.append(name)
    t.check(not heads, "(c) metric sheets with figures mark the toolkit's additional columns",
            ["%s has no 'Toolkit additions' heading" % s for s in heads])
    return standard


def check_layout(wb, standard, t):
    first = wb.worksheets[0]
    t.check(first["A1"].value == "NOT FOR PUBLICATION",
            "(d) the first sheet (%s) says NOT FOR PUBLICATION in A1" % first.title,
            ["A1 = %r" % first["A1"].value])
    bad = []
    for ws in wb.worksheets:
        ps = ws.page_setup
        fit = ws.sheet_properties.pageSetUpPr
        if ps.orientation != "landscape":
            bad.append("%s: orientation %r" % (ws.title, ps.orientation))
        if str(ps.paperSize) != "9":
            bad.append("%s: paper size %r, not A4 (9)" % (ws.title, ps.paperSize))
        if not (fit is not None and fit.fitToPage and ps.fitToWidth in (None, 1, "1")
                and str(ps.fitToHeight) == "0"):
            bad.append("%s: not fit to one page wide (fitToWidth %r, fitToHeight %r)"
                       % (ws.title, ps.fitToWidth, ps.fitToHeight))
        if not ws.print_title_rows or not ws.print_title_rows.startswith("$1:"):
            bad.append("%s: no print title rows" % ws.title)
        head = (ws.oddHeader.left.text or "") + (ws.oddHeader.center.text or "")
        if "&A" not in head or "NOT FOR PUBLICATION" not in head:
            bad.append("%s: header %r" % (ws.title, head))
        if "&P" not in (ws.oddFooter.right.text or ""):
            bad.append("%s: footer %r has no page number" % (ws.title, ws.oddFooter.right.text))
        frozen = (ws.title.startswith("Metric ") or ws.title.startswith("By ")
                  or ws.title == "All figures")
        if frozen and not ws.freeze_panes:
            bad.append("%s: no frozen panes" % ws.title)
    t.check(not bad, "(d) every sheet: landscape A4, one page wide, title rows, header and "
            "footer; frozen panes on the tables", bad)

    bad, unboxed = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.strip().lower() in ("inf", "-inf", "nan"):
                    bad.append("%s!%s = %r" % (ws.title, c.coordinate, c.value))
                if ws.title != "All figures" and is_number(c.value) and c.border.left.style is None:
                    unboxed.append("%s!%s" % (ws.title, c.coordinate))
    t.check(not bad, "(d) no cell holds the text inf, -inf or nan", bad)
    t.check(not unboxed, "(d) every number on the metric sheets is inside a bordered table",
            unboxed)

    survey = ["Metric %d" % k for k in ((5, 6, 7, 8) if standard == "WRES" else (4, 5, 6, 7, 8))]
    bad = []
    n = 0
    for name in survey:
        if name not in wb.sheetnames:
            continue
        cols = {}
        for row in wb[name].iter_rows():
            heads = {c.column: c.value for c in row if c.value in ("Respondents", "Number")}
            if heads:
                cols = heads
                continue
            for c in row:
                if c.column in cols and is_number(c.value):
                    n += 1
                    if float(c.value) != math.floor(float(c.value)):
                        bad.append("%s!%s = %r (%s)" % (name, c.coordinate, c.value, cols[c.column]))
    t.check(not bad and (n > 0 or not any(s in wb.sheetnames for s in survey)),
            "(d) survey respondents and numbers are whole numbers (%d cells)" % n, bad)

    board = "Metric 9" if standard == "WRES" else "Metric 10"
    if board in wb.sheetnames:
        ws = wb[board]
        bad = []
        for row in ws.iter_rows():
            heads = [c.value for c in row if isinstance(c.value, str)]
            if "Members" in heads and "Board" in heads and any("interval" in h for h in heads):
                bad.append("row %d: %r" % (row[0].row, heads))
        t.check(not bad, "(d) %s: the board's shares have no interval (a census)" % board, bad)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: check_xlsx.py WORKBOOK METRICS_CSV\n")
        return 64
    try:
        wb = openpyxl.load_workbook(argv[1], data_only=False)
    except Exception as e:  # noqa: BLE001 - any failure to read is a test failure
        print("FAIL: cannot read %s: %s" % (argv[1], e))
        print("0 passed, 1 failed")
        return 1
    with open(argv[2], newline="", encoding="utf-8") as f:
        lines = f.readlines()
    # a report's metrics.csv opens with "#" lines (not for publication)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    data = list(csv.reader(lines))
    if not data:
        print("FAIL: %s is empty" % argv[2])
        print("0 passed, 1 failed")
        return 1
    header, rows = data[0], data[1:]
    t = Tally()
    print("%s: %d sheets; %s: %d rows" % (argv[1], len(wb.sheetnames), argv[2], len(rows)))
    t.check(header[:len(HEADER)] == HEADER, "the metrics CSV has the contract's header")
    if header[:len(HEADER)] != HEADER:
        print("%d passed, %d failed" % (t.passed, t.failed))
        return 1

    check_all_figures(wb, header, rows, t)
    standard = check_structure(wb, header, rows, t)
    n = 10 if standard == "WDES" else 9
    sheets = [("Metric %d" % k, "metric", [str(k)] + ["%d%s" % (k, s) for s in "abcd"])
              for k in range(1, n + 1)]
    sheets.append(("Leavers", "metric", ["leavers"]))
    sheets += [(s, "by", None) for s in wb.sheetnames if s.startswith("By ")]
    check_metric_numbers(wb, header, rows, t, sheets)
    check_layout(wb, standard, t)

    print("%d passed, %d failed" % (t.passed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
