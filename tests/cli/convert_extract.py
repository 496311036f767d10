#!/usr/bin/python3
"""tests/cli/convert_extract.py: save a CSV extract as another program would.

    convert_extract.py FORMAT IN.csv OUT

FORMAT is one of
  xlsx         an Excel workbook written by openpyxl: the rows on a sheet
               named "Staff" (after an empty sheet "Notes", so the reader
               has to be told which), numbers as numbers, dd/mm/yyyy dates
               as real date cells;
  utf16le-tab  Excel's "Unicode Text": UTF-16LE with a byte-order mark,
               tab-separated, CRLF line ends;
  utf16be-tab  the same in UTF-16BE;
  semicolon    UTF-8, semicolon-separated (Excel in a locale whose decimal
               separator is a comma);
  pipe         UTF-8, pipe-separated.
The conversion is Python's own (csv, openpyxl, str.encode), independent of
the C readers under test.
"""
import csv
import datetime
import io
import re
import sys


def cell_value(text):
    """TEXT as a spreadsheet would hold it: a number, a date, or text."""
    if re.fullmatch(r"[0-9]+", text) and str(int(text)) == text:
        return int(text)
    if re.fullmatch(r"[0-9]+\.[0-9]+", text) and repr(float(text)) == text:
        return float(text)
    m = re.fullmatch(r"([0-9]{2})/([0-9]{2})/([0-9]{4})", text)
    if m:
        return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return text


def write_xlsx(rows, out):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    ws = wb.create_sheet("Staff")
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            if text == "":
                continue
            value = cell_value(text) if r > 1 else text
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
    wb.save(out)


def write_delimited(rows, out, delim, encoding, newline):
    with open(out, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delim, lineterminator=newline)
        w.writerows(rows)


def main():
    fmt, src, out = sys.argv[1:4]
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if fmt == "xlsx":
        write_xlsx(rows, out)
    elif fmt in ("utf16le-tab", "utf16be-tab"):
        # quoted where Excel's Unicode Text quotes: a field with a quote
        # or a tab; then the byte-order mark and the text in that order
        buf = io.StringIO()
        csv.writer(buf, delimiter="\t", lineterminator="\r\n").writerows(rows)
        le = fmt == "utf16le-tab"
        with open(out, "wb") as f:
            f.write((b"\xff\xfe" if le else b"\xfe\xff") +
                    buf.getvalue().encode("utf-16-le" if le else "utf-16-be"))
    elif fmt == "semicolon":
        write_delimited(rows, out, ";", "utf-8", "\n")
    elif fmt == "pipe":
        write_delimited(rows, out, "|", "utf-8", "\n")
    else:
        sys.exit("unknown format " + fmt)


if __name__ == "__main__":
    main()
