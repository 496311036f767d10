#!/usr/bin/python3
"""tests/cli/compare_ref.py: compare.csv (wres compare) against an
independent computation with scipy, to 1e-6.

    compare_ref.py COMPARE.csv METRICS.csv[=NAME]...

Each METRICS.csv is one trust's metrics CSV; its trust is NAME, else its
"# trust: NAME" line, else the name of its folder (of the report folder for
a report's not-for-publication/metrics.csv). From the whole-trust rows
alone (docs/compare.md):
  - each relative likelihood: SE of ln RR = sqrt(1/a - 1/n1 + 1/c - 1/n2)
    from the two group rows' counts, pooled = (sum a / sum n1) / (sum c /
    sum n2), z = (ln RR - ln pooled) / SE, limits pooled * exp(+-q SE) with
    q = norm.ppf(0.975), norm.ppf(0.999);
  - each share (metric 1's BME share, the declaration rate, the survey's
    BME percentages): p0 = sum count / sum base, exact binomial limits with
    Spiegelhalter's interpolation (scipy.stats.binom), z = (p - p0) /
    sqrt(p0 (1 - p0) / n).
Every (metric, trust) pair must be in compare.csv and nothing else; every
number within 1e-6 (relative, or absolute below 1); every position equal.
Exits 1 listing the differences."""
import csv
import math
import os
import sys

from scipy.stats import binom, norm

from metrics_ref import close, num, read_metrics

SURVEY = {"5", "6", "7", "8"}  # WRES's survey metrics (percentages)


def folder(path):
    d = os.path.dirname(os.path.abspath(path))
    if os.path.basename(d) == "not-for-publication":
        d = os.path.dirname(d)
    return os.path.basename(d)


def whole(r):
    return (r["breakdown"] == "Trust" and r["method"] != "mantel-haenszel"
            and r["workforce"] in ("", "All") and r["band"] in ("", "All"))


def group_row(rows, metric, measure, group):
    for r in rows:
        if (whole(r) and r["metric"] == metric and r["measure"] == measure and r["group"] == group
                and r["reference"] == "" and r["statistic"] == "proportion"):
            return r
    return None


def counts(r):
    c = num(r["count"])
    b = num(r["base"])
    return (num(r["value"]) * b if math.isnan(c) else c), b


def share_wanted(r):
    return (r["reference"] == "" and r["statistic"] == "proportion"
            and ((r["metric"] == "1" and r["group"] == "BME")
                 or (r["metric"] in SURVEY and r["group"] == "BME")
                 or (r["metric"] == "declaration" and r["group"] == "Known")))


def interp_limit(p0, n, p):
    """Spiegelhalter's interpolated exact binomial limit."""
    r = 0
    while binom.cdf(r, n, p0) < p:
        r += 1
    f = float(binom.cdf(r, n, p0))
    fb = float(binom.cdf(r - 1, n, p0)) if r > 0 else 0.0
    return min(1.0, max(0.0, float((r - (f - p) / (f - fb)) / n)))


def position(up95, up998):
    if up998:
        return "above 99.8%" if up998 > 0 else "below 99.8%"
    if up95:
        return "above 95%" if up95 > 0 else "below 95%"
    return "inside"


def expected(trusts):
    """{(metric, measure, group, reference, trust): {column: value}}"""
    items = {}
    for name, rows in trusts:
        for r in rows:
            if r["breakdown"] != "Trust" or r["method"] == "mantel-haenszel":
                continue
            key = (r["metric"], r["measure"], r["group"], r["reference"])
            if r["reference"] and r["statistic"] == "relative-likelihood":
                g = group_row(rows, r["metric"], r["measure"], r["group"])
                f = group_row(rows, r["metric"], r["measure"], r["reference"])
                a, n1 = counts(g) if g else (math.nan, math.nan)
                c, n2 = counts(f) if f else (math.nan, math.nan)
                items.setdefault((True, key), []).append(
                    dict(trust=name, value=num(r["value"]), low=num(r["low"]), high=num(r["high"]),
                         count=a, base=n1, reference_count=c, reference_base=n2))
            elif whole(r) and share_wanted(r):
                a, n = counts(r)
                items.setdefault((False, key), []).append(
                    dict(trust=name, value=num(r["value"]), low=num(r["low"]), high=num(r["high"]),
                         count=a, base=n, reference_count=math.nan, reference_base=math.nan))
    out = {}
    q95, q998 = norm.ppf(0.975), norm.ppf(0.999)
    for (ratio, key), figs in items.items():
        if ratio:
            ok = [f for f in figs if f["count"] >= 0 and f["base"] > 0 and f["reference_count"] >= 0
                  and f["reference_base"] > 0]
            sa = sum(f["count"] for f in ok)
            sn1 = sum(f["base"] for f in ok)
            sc = sum(f["reference_count"] for f in ok)
            sn2 = sum(f["reference_base"] for f in ok)
            pooled = (sa / sn1) / (sc / sn2) if sa > 0 and sc > 0 else math.nan
            for f in figs:
                f.update(se=math.nan, z=math.nan, lower_95=math.nan, upper_95=math.nan,
                         lower_99_8=math.nan, upper_99_8=math.nan, position="not placed",
                         pooled=pooled)
                a, n1, c, n2 = f["count"], f["base"], f["reference_count"], f["reference_base"]
                if not (a > 0 and c > 0 and n1 > 0 and n2 > 0):
                    continue
                f["se"] = se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
                v = f["value"]
                if not (pooled > 0 and v > 0 and math.isfinite(v)):
                    continue
                f["z"] = z = (math.log(v) - math.log(pooled)) / se
                f["lower_95"], f["upper_95"] = pooled * math.exp(-q95 * se), pooled * math.exp(q95 * se)
                f["lower_99_8"], f["upper_99_8"] = (pooled * math.exp(-q998 * se),
                                                    pooled * math.exp(q998 * se))
                f["position"] = position(int(z > q95) - int(z < -q95),
                                         int(z > q998) - int(z < -q998))
        else:
            ok = [f for f in figs if f["base"] >= 1 and f["count"] >= 0]
            p0 = sum(f["count"] for f in ok) / sum(f["base"] for f in ok)
            for f in figs:
                f.update(se=math.nan, z=math.nan, lower_95=math.nan, upper_95=math.nan,
                         lower_99_8=math.nan, upper_99_8=math.nan, position="not placed",
                         pooled=p0)
                a, n = f["count"], f["base"]
                if not (0 < p0 < 1 and n >= 1 and 0 <= a <= n):
                    continue
                nn = int(math.floor(n + 0.5))
                f["z"] = (a / n - p0) / math.sqrt(p0 * (1 - p0) / n)
                lim = {p: interp_limit(p0, nn, p) for p in (0.025, 0.975, 0.001, 0.999)}
                f["lower_95"], f["upper_95"] = lim[0.025], lim[0.975]
                f["lower_99_8"], f["upper_99_8"] = lim[0.001], lim[0.999]
                rate = a / n
                f["position"] = position(int(rate > lim[0.975]) - int(rate < lim[0.025]),
                                         int(rate > lim[0.999]) - int(rate < lim[0.001]))
        for f in figs:
            out[key + (f["trust"],)] = f
    return out


def main():
    cmp_path, args = sys.argv[1], sys.argv[2:]
    trusts = []
    for a in args:
        path, _, given = a.partition("=")
        trust, rows = read_metrics(path)
        trusts.append((given or trust or folder(path), rows))
    want = expected(trusts)
    problems = []
    got = {}
    with open(cmp_path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["metric"], r["measure"], r["group"], r["reference"], r["trust"].lstrip("'"))
            if key in got:
                problems.append(f"twice in compare.csv: {key}")
            got[key] = r
    for key in sorted(set(want) | set(got)):
        if key not in got:
            problems.append(f"missing from compare.csv: {key}")
            continue
        if key not in want:
            problems.append(f"not expected in compare.csv: {key}")
            continue
        w, g = want[key], got[key]
        for col in ("value", "low", "high", "count", "base", "reference_count", "reference_base",
                    "se", "pooled", "z", "lower_95", "upper_95", "lower_99_8", "upper_99_8"):
            if not close(num(g[col]), w[col], 1e-6):
                problems.append(f"{key} {col}: compare.csv {g[col]!r}, scipy {w[col]!r}")
        if g["position"] != w["position"]:
            problems.append(f"{key} position: compare.csv {g['position']!r}, scipy {w['position']!r}")
    placed = sum(1 for w in want.values() if w["position"] != "not placed")
    if placed < 20:
        problems.append(f"only {placed} figures placed: the test compares too little")
    for p in problems[:40]:
        print(p)
    print(f"compare_ref: {len(want)} figures, {placed} placed, {len(problems)} differences")
    sys.exit(1 if problems else 0)


main()
