#!/usr/bin/env python3
"""Published figures from ../shared/reference, reproduced from the fixtures.

Every expected value here is read from the reference files that a real trust
published (or from the reference intervals of R/statsmodels); none is copied
from the toolkit's own output. Each figure is checked twice: in the metrics
CSV (unrounded, must round half away from zero to the published figure) and
in the terminal table (the displayed text itself).

Usage: test_reference.py BIN_DIR SHARED_DIR   (run from the repository top)
Prints one line per check and "N passed, N failed" at the end.
"""
import csv
import io
import os
import subprocess
import sys
from decimal import Decimal, ROUND_HALF_UP

BIN, SHARED = sys.argv[1], sys.argv[2]
REF = os.path.join(SHARED, "reference")
FIX = "fixtures/2019"
STAFF = f"{FIX}/staff-in-post-2019-03-31.csv"
STAFF_WDES = f"{FIX}/staff-in-post-wdes-2019.csv"
LEAVERS = f"{FIX}/leavers-2018-19.csv"
LEAVER_OPTS = ["--leavers", LEAVERS, "--year", "2019", "--exclude-reason", "Merged Organisation"]

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}")


def run(prog, *args):
    p = subprocess.run([f"{BIN}/{prog}", *args], capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr)
    check(p.returncode == 0, f"{prog} {' '.join(args)} exits 0 (got {p.returncode})")
    return p.stdout


def display(x, digits=2):
    """Round half away from zero on the decimal value, as Excel displays it."""
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def select(rows, **want):
    got = [r for r in rows if all(r[k] == v for k, v in want.items())]
    check(len(got) == 1, f"exactly one metrics row for {want} (found {len(got)})")
    return got[0] if got else None


def table_line(table, start, section=""):
    """The first line starting with START after the line starting with SECTION."""
    if section:
        table = table[table.find(section):] if section in table else ""
    for line in table.splitlines():
        if line.strip().startswith(start):
            return line
    return ""


# --- WRES: staff and leavers by directorate -------------------------------
out = run("wres", "metrics", "--staff", STAFF, *LEAVER_OPTS, "--by", "Org L3", "--format", "csv")
metrics = list(csv.DictReader(io.StringIO(out)))
table = run("wres", "metrics", "--staff", STAFF, *LEAVER_OPTS, "--by", "Org L3")

staff_ref = read_csv(os.path.join(REF, "staff-by-directorate-ethnicity.csv"))
for ref in staff_ref:
    d = ref["directorate"]
    where = dict(breakdown="Trust", level="All") if d == "Total" else dict(breakdown="Org L3", level=d)
    for group, col in (("White", "White"), ("BME", "BME"), ("Unknown", "Not stated")):
        r = select(metrics, metric="1", workforce="All", band="All", group=group, **where)
        if r:
            check(r["count"] == ref[col], f"staff {d} {group}: {r['count']} == {ref[col]}")
            check(r["base"] == ref["Total"], f"staff {d} total: {r['base']} == {ref['Total']}")
    if d != "Total":
        line = table_line(table, d, "Breakdown by Org L3: headcount")
        cells = line[len(d) + 2:].split()
        # "White n p% BME n p% Unknown n p% Total Known%"
        check(cells[0] == ref["White"] and cells[2] == ref["BME"] and cells[4] == ref["Not stated"]
              and cells[6] == ref["Total"], f"table headcount line for {d}: {line!r}")

leavers_ref = read_csv(os.path.join(REF, "leavers-by-directorate-ethnicity.csv"))
for ref in leavers_ref:
    d = ref["directorate"]
    where = dict(breakdown="Trust", level="All") if d == "Total" else dict(breakdown="Org L3", level=d)
    for group, col in (("White", "White"), ("BME", "BME"), ("Unknown", "Not stated")):
        r = select(metrics, metric="leavers", group=group, reference="", **where)
        if r:
            check(r["count"] == ref[col], f"leavers {d} {group}: {r['count']} == {ref[col]}")
    r = select(metrics, metric="leavers", group="BME", reference="White", **where)
    pub = ref["published_bme_vs_white_leaving_likelihood"]
    if r:
        check(display(float(r["value"])) == pub,
              f"leaver ratio {d}: {r['value']} displays as {display(float(r['value']))}, published {pub}")
    if d == "Total":
        check(f"BME vs White: {pub} " in table, f"table shows the trust leaver ratio {pub}")
    else:
        line = table_line(table, d, "Breakdown by Org L3: leavers")
        fields = line[len(d) + 2:].split()
        check(len(fields) > 4 and fields[4] == pub, f"table leaver ratio for {d} is {pub}: {line!r}")

# Trust leaver ratio: the published 1.83 with the Koopman interval and (with
# --ci katz) the Katz interval of riskratios.csv (36/144 vs 478/3492).
rr_ref = read_csv(os.path.join(REF, "statistics", "riskratios.csv"))


def ref_interval(method):
    for r in rr_ref:
        if (r["a"], r["n1"], r["b"], r["n2"], r["method"]) == ("36", "144", "478", "3492", method):
            return float(r["lower"]), float(r["upper"])
    raise SystemExit(f"riskratios.csv has no 36/144 vs 478/3492 {method} row")


for method, opt in (("koopman_score", []), ("katz_log", ["--ci", "katz"])):
    out = run("wres", "metrics", "--staff", STAFF, *LEAVER_OPTS, "--format", "csv", *opt)
    rows = list(csv.DictReader(io.StringIO(out)))
    r = select(rows, metric="leavers", group="BME", reference="White", breakdown="Trust")
    lo, hi = ref_interval(method)
    if r:
        check(abs(float(r["low"]) - lo) <= 1e-6 * lo and abs(float(r["high"]) - hi) <= 1e-6 * hi,
              f"trust leaver interval ({method}): {r['low']}, {r['high']} vs {lo}, {hi}")
        check(r["flag"] == "adverse", f"trust leaver ratio flagged adverse: {r['flag']}")

# --- WDES metric 1 ----------------------------------------------------------
out = run("wdes", "metrics", "--staff", STAFF_WDES, "--format", "csv")
wdes = list(csv.DictReader(io.StringIO(out)))
table = run("wdes", "metrics", "--staff", STAFF_WDES)
total = 0
for ref in read_csv(os.path.join(REF, "wdes-2019-metric1.csv")):
    band = f"Cluster {ref['cluster']}"
    rows = [r for r in wdes if r["metric"] == "1" and r["breakdown"] == "Trust"
            and r["workforce"] == ref["workforce"] and r["band"].split(" (")[0] == band]
    got = {r["group"]: r for r in rows}
    check(set(got) == {"Disabled", "Non-disabled", "Unknown"},
          f"WDES metric 1 {ref['workforce']} {band}: three group rows (got {sorted(got)})")
    for group, col in (("Disabled", "disabled"), ("Non-disabled", "non_disabled"), ("Unknown", "unknown")):
        if group in got:
            check(got[group]["count"] == ref[col],
                  f"WDES {ref['workforce']} {band} {group}: {got[group]['count']} == {ref[col]}")
            check(got[group]["base"] == ref["total"],
                  f"WDES {ref['workforce']} {band} total: {got[group]['base']} == {ref['total']}")
    total += int(ref["total"])
    if int(ref["total"]) > 0:
        line = [l for l in table.splitlines() if l.strip().startswith(band)]
        # the clinical rows come first in the table, as in the reference file
        idx = 0 if ref["workforce"] == "Clinical" else -1
        cells = line[idx].split(")", 1)[1].split() if line else []
        check(cells[:1] == [ref["disabled"]] and cells[2:3] == [ref["non_disabled"]]
              and cells[4:5] == [ref["unknown"]] and cells[6:7] == [ref["total"]],
              f"WDES table line {ref['workforce']} {band}: {line[idx] if line else ''!r}")
r = select(wdes, metric="1", breakdown="Trust", workforce="All", band="All", group="Disabled")
if r:
    check(r["base"] == str(total), f"WDES workforce total {r['base']} == {total}")

print(f"reference: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
