#!/usr/bin/env python3
"""Published figures from tests/reference, reproduced from the fixtures.

Every expected value here is read from the reference files that a real trust
published (or from the reference intervals of R/statsmodels); none is copied
from the toolkit's own output. Each figure is checked twice: in the metrics
CSV (unrounded, must round half away from zero to the published figure) and
in the terminal table (the displayed text itself).

Usage: test_reference.py BIN_DIR REFERENCE_DIR   (run from the repository top;
       REFERENCE_DIR is tests/reference)
Prints one line per check and "N passed, N failed" at the end.
"""
import csv
import io
import os
import subprocess
import sys
from decimal import Decimal, ROUND_HALF_UP

BIN, REF = sys.argv[1], sys.argv[2]
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
# --ci katz, --ci miettinen-nurminen) the Katz and Miettinen-Nurminen
# intervals of riskratios.csv (36/144 vs 478/3492).
rr_ref = read_csv(os.path.join(REF, "statistics", "riskratios.csv"))


def ref_interval(method):
    for r in rr_ref:
        if (r["a"], r["n1"], r["b"], r["n2"], r["method"]) == ("36", "144", "478", "3492", method):
            return float(r["lower"]), float(r["upper"])
    raise SystemExit(f"riskratios.csv has no 36/144 vs 478/3492 {method} row")


for method, opt in (("koopman_score", []), ("katz_log", ["--ci", "katz"]),
                    ("miettinen_nurminen_score", ["--ci", "miettinen-nurminen"])):
    out = run("wres", "metrics", "--staff", STAFF, *LEAVER_OPTS, "--format", "csv", *opt)
    rows = list(csv.DictReader(io.StringIO(out)))
    r = select(rows, metric="leavers", group="BME", reference="White", breakdown="Trust")
    lo, hi = ref_interval(method)
    if r:
        check(abs(float(r["low"]) - lo) <= 1e-6 * lo and abs(float(r["high"]) - hi) <= 1e-6 * hi,
              f"trust leaver interval ({method}): {r['low']}, {r['high']} vs {lo}, {hi}")
        check(r["flag"] == "adverse", f"trust leaver ratio flagged adverse: {r['flag']}")
        check(r["method"] == method.replace("_", "-"),
              f"trust leaver ratio method column: {r['method']} for {method}")

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

# --- Issue 3: every metric of the 2019 submission from the yearly config -----
INI = "fixtures/trust-2019.ini"
wres_rows = list(csv.DictReader(io.StringIO(run("wres", "metrics", "--config", INI, "--format", "csv"))))
wdes_rows = list(csv.DictReader(io.StringIO(run("wdes", "metrics", "--config", INI, "--format", "csv"))))
wres_table = run("wres", "metrics", "--config", INI)
wdes_table = run("wdes", "metrics", "--config", INI)


def trust(rows, **want):
    return select(rows, breakdown="Trust", level="All", **want)


def shown(x, published):
    """The value displays as the published figure (same number of decimals)."""
    digits = len(published.split(".")[1]) if "." in published else 0
    return display(float(x), digits) == str(Decimal(published).quantize(Decimal(1).scaleb(-digits)))


history = {(r["metric"], r["group"]): r for r in read_csv(os.path.join(REF, "wres-history-2016-2019.csv"))}

# WRES 2: the recruitment counts and the published 1.54 (White vs BME)
for ref in read_csv(os.path.join(REF, "wres-2019-recruitment.csv")):
    group = {"Undisclosed": "Unknown"}.get(ref["group"], ref["group"])
    if group == "Total":
        continue
    r = trust(wres_rows, metric="2", measure="appointed_from_shortlisting", group=group, reference="")
    if r:
        check((r["count"], r["base"]) == (ref["appointed"], ref["shortlisted"]),
              f"WRES 2 {group}: appointed/shortlisted {r['count']}/{r['base']}")
    r = trust(wres_rows, metric="2", measure="shortlisted_from_applications", group=group, reference="")
    if r:
        check((r["count"], r["base"]) == (ref["shortlisted"], ref["applications"]),
              f"WRES 2 {group}: shortlisted/applications {r['count']}/{r['base']}")
published = history[("2", "ratio")]["2019"]
r = trust(wres_rows, metric="2", group="White", reference="BME")
if r:
    check(shown(r["value"], published), f"WRES 2 = {r['value']} shows as {published}")
check(f"White vs BME: {published} " in wres_table, "table shows WRES 2")
# the aggregated reference table itself is an accepted input
agg = list(csv.DictReader(io.StringIO(run("wres", "metrics", "--recruitment",
                                          os.path.join(REF, "wres-2019-recruitment.csv"), "--format", "csv"))))
r = trust(agg, metric="2", group="White", reference="BME")
if r:
    check(shown(r["value"], published), f"WRES 2 from the aggregated table = {r['value']}")

# WRES 3: the README's facts (6 BME of 144, 64 White of 3492) and the published 2.27
disc = {r["period"]: r for r in read_csv(os.path.join(REF, "wres-disciplinary-2017-2019.csv"))}
for group, people, head in (("BME", "6", "144"), ("White", "64", "3492")):
    r = trust(wres_rows, metric="3", group=group, reference="")
    if r:
        check((r["count"], r["base"]) == (people, head), f"WRES 3 {group}: {r['count']}/{r['base']}")
r = trust(wres_rows, metric="3", group="BME", reference="White")
pub3 = disc["2019"]["published_relative_likelihood"]
if r:
    check(shown(r["value"], pub3), f"WRES 3 = {r['value']} shows as {pub3}")
check(f"BME vs White: {pub3} " in wres_table, "table shows WRES 3")

# WRES 4: 1.14
pub4 = history[("4", "ratio")]["2019"]
r = trust(wres_rows, metric="4", group="White", reference="BME")
if r:
    check(shown(r["value"], pub4), f"WRES 4 = {r['value']} shows as {pub4}")
check(f"White vs BME: {pub4} " in wres_table, "table shows WRES 4")

# WRES 5-8: the 2019 percentages
measures = {"5": "harassment_public", "6": "harassment_staff", "7": "equal_opportunities",
            "8": "discrimination_colleagues"}
for m, measure in measures.items():
    for group in ("BME", "White"):
        pub = history[(m, group)]["2019"]
        r = trust(wres_rows, metric=m, measure=measure, group=group, reference="")
        if r:
            check(shown(float(r["value"]) * 100, pub), f"WRES {m} {group}: {r['value']} vs {pub}%")
            check(f"{pub}% (n={r['base']})" in wres_table, f"table shows WRES {m} {group} {pub}%")
    d = trust(wres_rows, metric=m, group="BME", reference="White")
    if d:
        want = (Decimal(history[(m, "BME")]["2019"]) - Decimal(history[(m, "White")]["2019"])) / 100
        check(abs(float(d["value"]) - float(want)) < 1e-12 and d["statistic"] == "difference"
              and d["method"] == "newcombe", f"WRES {m} difference {d['value']} == {want}")

# WRES 9: an all-White board of 16, all with a recorded ethnicity
for group in ("White", "BME", "Unknown"):
    r = trust(wres_rows, metric="9", measure="board_total", group=group, reference="")
    if r:
        check(shown(float(r["value"]) * 100, history[("9", group)]["2019"]) and r["base"] == "16",
              f"WRES 9 {group}: {r['value']} of {r['base']}")
r = trust(wres_rows, metric="9", measure="board_total", group="BME", reference="Workforce")
if r:  # 0% of the board minus 144/3757 of the workforce
    check(abs(float(r["value"]) - (0 - 144 / 3757)) < 1e-12, f"WRES 9 BME difference {r['value']}")

# WDES 2, 3 and 9b as published
other = {r["metric"]: r for r in read_csv(os.path.join(REF, "wdes-2019-other.csv"))}
r = trust(wdes_rows, metric="2", group="Non-disabled", reference="Disabled")
if r:
    check(shown(r["value"], other["2"]["published"]), f"WDES 2 = {r['value']}")
check(f"Non-disabled vs Disabled: {other['2']['published']} " in wdes_table, "table shows WDES 2")
r = trust(wdes_rows, metric="3", group="Disabled", reference="Non-disabled")
if r:  # 0 of 11 cases were Disabled: the ratio is 0, with a finite upper bound (Koopman)
    check(float(r["value"]) == float(other["3"]["published"]) and float(r["low"]) == 0
          and 1 < float(r["high"]) < float("inf"), f"WDES 3 = {r['value']} ({r['low']}, {r['high']})")
    check("two-year" in r["note"], "WDES 3 says it is a two-year rolling average")
for group, people in (("Disabled", 0), ("Non-disabled", 8), ("Unknown", 3)):  # wdes-2019-other.csv facts
    r = trust(wdes_rows, metric="3", group=group, reference="")
    if r:
        check(float(r["count"]) * 2 == people, f"WDES 3 {group}: {r['count']} x 2 == {people}")
r = trust(wdes_rows, metric="9b")
if r:
    check((r["value"] == "1") == (other["9b"]["published"] == "Yes"), "WDES 9b is Yes")
check("Metric 9b: has the trust taken action to facilitate the voices of Disabled staff being heard? Yes"
      in wdes_table, "table shows 9b")

# WDES survey 4-9a, from the positive counts and from the published wide table itself
wide = list(csv.DictReader(io.StringIO(run("wdes", "metrics", "--survey",
                                           os.path.join(REF, "wdes-2019-survey.csv"), "--format", "csv"))))
items = {"4a": None, "4b": "harassment_managers", "4c": "harassment_colleagues", "4d": "harassment_reported",
         "5": "equal_opportunities", "6": "presenteeism", "7": "valued", "8": "adjustments", "9a": "engagement"}
items["4a"] = "harassment_public"
for ref in read_csv(os.path.join(REF, "wdes-2019-survey.csv")):
    measure = items[ref["metric"]]
    for group, col in (("Disabled", "disabled"), ("Non-disabled", "non_disabled")):
        if not ref[f"{col}_percent"]:
            continue
        for rows, source in ((wdes_rows, "fixture"), (wide, "reference table")):
            r = trust(rows, measure=measure, group=group, reference="")
            if not r:
                continue
            v = float(r["value"]) if measure == "engagement" else float(r["value"]) * 100
            check(shown(v, ref[f"{col}_percent"]) and r["base"] == ref[f"{col}_respondents"],
                  f"WDES {measure} {group} ({source}): {v} of {r['base']} vs {ref[col + '_percent']}")

# WDES 10: the board and the published differences in percentage points
for ref in read_csv(os.path.join(REF, "wdes-2019-metric10.csv")):
    measure = {"Total board": "board_total", "Voting members": "board_voting"}[ref["membership"]]
    for group, col in (("Disabled", "disabled"), ("Non-disabled", "non_disabled"), ("Unknown", "unknown")):
        r = trust(wdes_rows, metric="10", measure=measure, group=group, reference="")
        if r:
            check(r["count"] == ref[col] and r["base"] == ref["members"],
                  f"WDES 10 {measure} {group}: {r['count']} of {r['base']}")
        d = trust(wdes_rows, metric="10", measure=measure, group=group, reference="Workforce")
        if d:
            check(shown(float(d["value"]) * 100, ref[f"published_diff_{col}_pp"]),
                  f"WDES 10 {measure} {group}: {float(d['value']) * 100:.4f} pp vs {ref['published_diff_' + col + '_pp']}")

print(f"reference: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
