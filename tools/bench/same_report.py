#!/usr/bin/python3
"""same_report.py: are two report folders the same report?

    /usr/bin/python3 tools/bench/same_report.py DIR_A DIR_B

Every file of either folder must be in both. A .png is compared by its
decoded pixels (size, mode and every pixel, PIL), an .xlsx by its cells
(openpyxl: the sheet names in order, then every cell's value and number
format, and the sheet's dimensions), every other file byte for byte. Prints
each difference and exits 1 if there is one, else prints a count and exits 0.
For checking that a change to how `report` writes its files changes none of
them (tools/bench/README.md).
"""
import os
import sys

from PIL import Image
import openpyxl


def files(root):
    out = set()
    for d, _, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def same_png(a, b):
    with Image.open(a) as x, Image.open(b) as y:
        if x.size != y.size:
            return "size %s against %s" % (x.size, y.size)
        x, y = x.convert("RGBA"), y.convert("RGBA")
        if x.tobytes() != y.tobytes():
            return "pixels differ"
    return None


def same_xlsx(a, b):
    x = openpyxl.load_workbook(a)
    y = openpyxl.load_workbook(b)
    if x.sheetnames != y.sheetnames:
        return "sheets %s against %s" % (x.sheetnames, y.sheetnames)
    for name in x.sheetnames:
        s, t = x[name], y[name]
        if s.dimensions != t.dimensions:
            return "sheet %r: dimensions %s against %s" % (name, s.dimensions, t.dimensions)
        for r1, r2 in zip(s.iter_rows(), t.iter_rows()):
            for c1, c2 in zip(r1, r2):
                if c1.value != c2.value or c1.number_format != c2.number_format:
                    return "sheet %r cell %s: %r (%s) against %r (%s)" % (
                        name, c1.coordinate, c1.value, c1.number_format, c2.value,
                        c2.number_format)
    return None


def same_bytes(a, b):
    with open(a, "rb") as x, open(b, "rb") as y:
        if x.read() != y.read():
            return "bytes differ"
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: same_report.py DIR_A DIR_B")
    a, b = sys.argv[1], sys.argv[2]
    fa, fb = files(a), files(b)
    bad = 0
    for f in sorted(fa ^ fb):
        print("%s: only in %s" % (f, a if f in fa else b))
        bad += 1
    for f in sorted(fa & fb):
        pa, pb = os.path.join(a, f), os.path.join(b, f)
        check = same_png if f.endswith(".png") else same_xlsx if f.endswith(".xlsx") \
            else same_bytes
        why = check(pa, pb)
        if why:
            print("%s: %s" % (f, why))
            bad += 1
    if bad:
        print("same_report: %d difference(s) between %s and %s" % (bad, a, b))
        sys.exit(1)
    print("same_report: %d files the same in %s and %s" % (len(fa), a, b))


if __name__ == "__main__":
    main()
