"""adjust_counts.py: the relative likelihoods adjusted for pay band
(--adjust "Pay Band"), computed again from the fixtures here, against the
toolkit's metrics.

Usage: /usr/bin/python3 tests/cli/adjust_counts.py METRICS.csv

METRICS.csv is `wres metrics --config fixtures/trust-2019.ini --adjust "Pay
Band" --format csv`. The people are counted as detail_counts.py counts them
(its staff, case and training rules, with the csv module alone); each
person's stratum is the Pay Band of their chosen staff row (case and spaces
aside); BME is every category but White and Unknown. For WRES 3 (BME vs White)
and 4 (White vs BME), at the trust and in each Org L3 directorate, the
Mantel-Haenszel ratio sum(a n2 / N) / sum(b n1 / N) over the strata with
people in both groups, its Greenland-Robins 95% interval and Woolf's
homogeneity chi-square and p (scipy) are written out here from the
textbook formulas, and must match the `mantel-haenszel`, `chi-square` and
`p-value` rows (1e-9 relative), with the number of strata in the note.
Prints "adjust: N passed, N failed"; exits 1 on a failure.
"""
import csv
import math
import os
import sys

from scipy.stats import chi2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import detail_counts as dc  # noqa: E402 (the counting rules, in one place)

Z = 1.959963984540054
WHITE, BME = "White", "BME"


def group(category):
    return category if category in (WHITE, "Unknown") else BME


def band(row):
    return " ".join(row["Pay Band"].split()).lower() or "(blank)"


def tallies():
    """{(metric, directorate or None): {band: {group: [events, base]}}}."""
    people = dc.staff_people()
    out = {}

    def cell(metric, person, stratum):
        for level in (None, person["Org L3"].strip() or "(blank)"):
            bands = out.setdefault((metric, level), {})
            yield bands.setdefault(stratum, {WHITE: [0, 0], BME: [0, 0], "Unknown": [0, 0]})

    events = {"3": set(), "4": set()}
    for r in dc.rows("cases-2017-2019.csv"):
        if r["Case Type"] == "Disciplinary" and dc.FIRST <= dc.day(r["Formal Stage Date"]) <= dc.LAST:
            events["3"].add(r["Employee Number"].strip())
    mandatory = {" ".join(r["Course Title"].split()).lower() for r in dc.rows("mandatory-courses.csv")}
    for r in dc.rows("training-2018-19.csv"):
        if " ".join(r["Course Title"].split()).lower() not in mandatory \
                and dc.FIRST <= dc.day(r["Completion Date"]) <= dc.LAST:
            events["4"].add(r["Employee Number"].strip())
    for p, row in people.items():
        g = group(dc.by_code(row["Ethnic Origin"]))
        for metric in ("3", "4"):
            for c in cell(metric, row, band(row)):
                c[g][0] += p in events[metric]
                c[g][1] += 1
    return out


def mantel_haenszel(strata, num, den):
    used = [(s[num][0], s[num][1], s[den][0], s[den][1]) for s in strata.values()
            if s[num][1] > 0 and s[den][1] > 0]
    r = sum(a * n2 / (n1 + n2) for a, n1, b, n2 in used)
    s = sum(b * n1 / (n1 + n2) for a, n1, b, n2 in used)
    v = sum((n1 * n2 * (a + b) - a * b * (n1 + n2)) / (n1 + n2) ** 2 for a, n1, b, n2 in used)
    # events in one group only: 0 or inf, with no interval
    rr = (0.0 if s > 0 else math.inf if r > 0 else None)
    low = high = None
    if r > 0 and s > 0:
        rr = r / s
        se = math.sqrt(v / (r * s))
        low, high = rr * math.exp(-Z * se), rr * math.exp(Z * se)
    logs = [(math.log((a / n1) / (b / n2)), (n1 - a) / (a * n1) + (n2 - b) / (b * n2))
            for a, n1, b, n2 in used if a > 0 and b > 0]
    logs = [(l, v) for l, v in logs if v > 0]
    homog = None
    if len(logs) >= 2:
        mean = sum(l / v for l, v in logs) / sum(1 / v for l, v in logs)
        x2 = sum((l - mean) ** 2 / v for l, v in logs)
        homog = (x2, len(logs) - 1, chi2.sf(x2, len(logs) - 1))
    return len(used), (rr, low, high), homog


def close(got, want):
    if want is None:
        return got == ""
    if math.isinf(want) or want == 0:
        return got == ("inf" if want else "0")
    return got != "" and abs(float(got) - want) <= 1e-9 * abs(want)


def main():
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    orient = {"3": (BME, WHITE), "4": (WHITE, BME)}
    passed = failed = tested = 0
    for (metric, level), strata in sorted(tallies().items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        num, den = orient[metric]
        n, (rr, low, high), homog = mantel_haenszel(strata, num, den)
        mine = [r for r in got if r["metric"] == metric and r["group"] == num
                and r["reference"] == den and r["breakdown"] == ("Org L3" if level else "Trust")
                and r["level"] == (level or "All")]
        mh = [r for r in mine if r["method"] == "mantel-haenszel"]
        x2 = [r for r in mine if r["statistic"] == "chi-square"]
        pv = [r for r in mine if r["statistic"] == "p-value"]
        ok = len(mh) == 1 and len(x2) == 1 and len(pv) == 1
        ok = ok and close(mh[0]["value"], rr) and close(mh[0]["low"], low) \
            and close(mh[0]["high"], high) and ("(%d strat" % n) in mh[0]["note"]
        ok = ok and close(x2[0]["value"], homog and homog[0]) \
            and close(pv[0]["value"], homog and homog[2])
        if ok and homog:
            ok = ("%d degree" % homog[1]) in x2[0]["note"]
        tested += low is not None and homog is not None
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL: metric %s %s: want %s strata, %s, %s; got %s" % (
                metric, level or "Trust", n, (rr, low, high), homog,
                [(r["value"], r["low"], r["high"], r["note"]) for r in mh + x2 + pv]))
    if tested < 3:
        failed += 1
        print("FAIL: fewer than 3 levels with a ratio and a homogeneity test: the fixtures changed")
    print("adjust: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
