#!/usr/bin/python3
"""check_positions.py: the same figure is in the same cell of two workbooks.

Usage: /usr/bin/python3 tests/cli/check_positions.py A.xlsx B.xlsx [MIN]

Reads two submission workbooks (say, one built with --year and one without,
or two years of the same trust) with openpyxl and names every number cell of
every sheet by what a reader would call it: the sheet, the table (the last
two bold texts in column A above it: "Clinical staff", "Pay band"), the
row's label (the text in column A of its row), the column's heading (the
nearest text above it in the same column) and, when all that occurs more
than once, its occurrence. "All figures" (one line per metric row) is left out, and of
"Data quality" (one line per exclusion reason and unrecognised value of the
year's inputs) only the declaration rates are compared. Every figure named in both workbooks must be at the same address
in both, and at least MIN (default 50) figures must be named in both, so
that a layout which names nothing cannot pass.

A workbook's rows may not move between years or with and without --year:
analysts link cells of one year's workbook to another's.

Prints a summary, then "N passed, N failed"; exits 1 if anything failed,
64 on a usage error.
"""
import sys

try:
    import openpyxl
except ImportError:  # pragma: no cover
    sys.stderr.write("check_positions.py: needs python3-openpyxl\n")
    sys.exit(64)


# "All figures" has one line per metric row, "Data quality" one per exclusion
# reason and unrecognised value of the year's inputs: their length is the
# data's (the declaration rates, first on "Data quality", are checked).
SKIP = ("All figures",)
DECLARATION_ONLY = "Data quality"


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def named_figures(path):
    """{(sheet, row label, column heading, occurrence): address} of PATH."""
    wb = openpyxl.load_workbook(path)
    names = {}
    for ws in wb.worksheets:
        if ws.title in SKIP:
            continue
        heading = {}  # column -> the last text seen in it, going down
        seen = {}
        bold = []  # the bold texts of column A in rows without a number
        for row in ws.iter_rows():
            label = row[0].value if row and isinstance(row[0].value, str) else ""
            if label and row[0].font.b and not any(is_number(c.value) for c in row):
                bold.append(label)
            section = tuple(bold[-2:])
            for c in row:
                if isinstance(c.value, str):
                    heading[c.column] = c.value
                elif is_number(c.value):
                    if ws.title == DECLARATION_ONLY and "recorded" not in label:
                        continue
                    key = (ws.title, section, label, heading.get(c.column, ""))
                    seen[key] = seen.get(key, 0) + 1
                    names[key + (seen[key],)] = c.coordinate
    return names


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write("usage: check_positions.py A.xlsx B.xlsx [MIN]\n")
        return 64
    least = int(argv[3]) if len(argv) == 4 else 50
    a, b = named_figures(argv[1]), named_figures(argv[2])
    common = sorted(set(a) & set(b))
    moved = ["%s / %s / %r / %r (#%d): %s in %s, %s in %s"
             % (k[0], " / ".join(k[1]), k[2], k[3], k[4], a[k], argv[1], b[k], argv[2])
             for k in common if a[k] != b[k]]
    passed = failed = 0
    for ok, what, details in (
            (len(common) >= least, "%d figures named in both workbooks (at least %d)"
             % (len(common), least), []),
            (not moved, "every figure named in both is in the same cell", moved)):
        if ok:
            passed += 1
            print("ok:   " + what)
        else:
            failed += 1
            print("FAIL: " + what)
            for d in details[:10]:
                print("      " + d)
            if len(details) > 10:
                print("      ... and %d more" % (len(details) - 10))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
