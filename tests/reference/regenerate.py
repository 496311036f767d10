#!/usr/bin/python3
"""regenerate.py: recompute the reference interval vectors with independent
implementations and compare them with the files shipped in statistics/.

    /usr/bin/python3 tests/reference/regenerate.py [--out DIR]

Needs Python statsmodels and scipy (Debian: apt-get install python3-statsmodels
python3-scipy); says so and exits 69 when either is missing. Not part of
make check. It never rewrites the shipped files: with --out DIR (a folder that
must not exist yet) it writes the regenerated CSVs there for inspection.

Which tool computes what (the same rows, parameters taken from the shipped
files):
  proportions.csv  statsmodels proportion_confint: method "wilson" and
                   "beta" (Clopper-Pearson)
  riskratios.csv   katz_log: scipy.stats.contingency.relative_risk (it keeps
                   epitools' 0 / inf / nan conventions at zero cells);
                   katz_log_haldane_if_zero: statsmodels Table2x2 on the 2x2
                   table with 0.5 added to all four cells when one is zero;
                   koopman_score / miettinen_nurminen_score: statsmodels
                   confint_proportions_2indep(compare="ratio", method="score",
                   correction=False / True)
  newcombe.csv     statsmodels confint_proportions_2indep(compare="diff",
                   method="newcomb")
  funnel.csv       scipy.stats binom.ppf / binom.cdf for the exact binomial
                   limits (Spiegelhalter 2005 appendix interpolation, and
                   without it), scipy.stats norm.ppf for the normal limits and
                   for PHEindicatormethods' limits (equal to the normal ones
                   floored at 0; PHEindicatormethods itself is an R package
                   not packaged in Debian)

Exit status: 0 when every value agrees within 1e-9 (relative), 1 when some
differ (each difference printed), 69 when a tool is missing, 64 for bad usage.
"""
import argparse
import csv
import math
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED = os.path.join(HERE, "statistics")
RTOL, ATOL = 1e-9, 1e-12

try:
    import numpy as np
    from scipy.stats import binom, norm
    from scipy.stats.contingency import relative_risk
    from statsmodels.stats.proportion import (confint_proportions_2indep,
                                              proportion_confint)
    from statsmodels.stats.contingency_tables import Table2x2
except ImportError as e:
    sys.stderr.write("regenerate.py: %s\n"
                     "regenerate.py needs Python statsmodels and scipy: "
                     "apt-get install python3-statsmodels python3-scipy\n" % e)
    sys.exit(69)


def read(name):
    with open(os.path.join(SHIPPED, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def guarded(fn):
    """Call fn(); a tool that raises or warns on an undefined case gives nan."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return tuple(float(v) for v in fn())
        except (ZeroDivisionError, ValueError, FloatingPointError):
            return (math.nan, math.nan)


def proportions(rows):
    method = {"wilson": "wilson", "clopper_pearson": "beta"}
    for r in rows:
        x, n = int(r["x"]), int(r["n"])
        lo, hi = (math.nan, math.nan) if n == 0 else guarded(
            lambda: proportion_confint(x, n, alpha=0.05, method=method[r["method"]]))
        yield [x, n, r["method"], lo, hi]


def ratio(a, n1, b, n2):
    if a == 0:
        return 0.0
    return math.inf if b == 0 else (a / n1) / (b / n2)


def katz(a, n1, b, n2):
    res = relative_risk(a, n1, b, n2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ci = res.confidence_interval(confidence_level=0.95)
    return res.relative_risk, ci.low, ci.high


def haldane(a, n1, b, n2):
    table = np.array([[a, n1 - a], [b, n2 - b]], dtype=float)
    if (table == 0).any():
        table += 0.5
    t = Table2x2(table)
    lo, hi = t.riskratio_confint(alpha=0.05)
    return t.riskratio, lo, hi


def score(correction):
    def f(a, n1, b, n2):
        lo, hi = guarded(lambda: confint_proportions_2indep(
            a, n1, b, n2, compare="ratio", method="score", correction=correction, alpha=0.05))
        return ratio(a, n1, b, n2), lo, hi
    return f


RR_METHODS = {"katz_log": katz, "katz_log_haldane_if_zero": haldane,
              "koopman_score": score(False), "miettinen_nurminen_score": score(True)}


def riskratios(rows):
    for r in rows:
        a, n1, b, n2 = (int(r[k]) for k in ("a", "n1", "b", "n2"))
        yield [a, n1, b, n2, r["method"], *RR_METHODS[r["method"]](a, n1, b, n2)]


def newcombe(rows):
    for r in rows:
        x1, n1, x2, n2 = (int(r[k]) for k in ("x1", "n1", "x2", "n2"))
        lo, hi = confint_proportions_2indep(x1, n1, x2, n2, compare="diff",
                                            method="newcomb", alpha=0.05)
        yield [x1, n1, x2, n2, x1 / n1 - x2 / n2, lo, hi]


def exact_limit(p, n, p0, interpolate):
    """Spiegelhalter (2005) appendix: r_p is the p-quantile of Bin(n, p0)."""
    r = binom.ppf(p, n, p0)
    if not interpolate:
        return r / n
    above, below = binom.cdf(r, n, p0), binom.cdf(r - 1, n, p0)
    return (r - (above - p) / (above - below)) / n


def funnel_row(p0, n, method):
    probs = (0.025, 0.975, 0.001, 0.999)
    if method.startswith("exact_binomial"):
        interp = method == "exact_binomial_spiegelhalter_interpolated"
        return [exact_limit(p, n, p0, interp) for p in probs]
    limits = [p0 + norm.ppf(p) * math.sqrt(p0 * (1 - p0) / n) for p in probs]
    if method == "pheindicatormethods_wilson_inverted":
        limits = [max(0.0, v) for v in limits]
    return limits


def funnel(rows):
    for r in rows:
        p0, n = float(r["p0"]), int(r["n"])
        yield [r["p0"], n, r["method"], *funnel_row(p0, n, r["method"])]


FILES = {"proportions.csv": proportions, "riskratios.csv": riskratios,
         "newcombe.csv": newcombe, "funnel.csv": funnel}


def same(want, got):
    try:
        w, g = float(want), float(got)
    except ValueError:
        return want == str(got)
    if math.isnan(w) or math.isnan(g):
        return math.isnan(w) and math.isnan(g)
    if math.isinf(w) or math.isinf(g):
        return w == g
    return math.isclose(w, g, rel_tol=RTOL, abs_tol=ATOL)


def compare(name, shipped, regenerated):
    head = list(shipped[0].keys())
    bad = 0
    for i, (want, got) in enumerate(zip(shipped, regenerated), start=2):
        for col, value in zip(head, got):
            if not same(want[col], value):
                bad += 1
                print("%s:%d: %s shipped %s, regenerated %r" % (name, i, col, want[col], value))
    return head, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="write the regenerated CSVs to this new folder")
    args = ap.parse_args()
    if args.out and os.path.exists(args.out):
        sys.stderr.write("regenerate.py: %s already exists; give a new folder\n" % args.out)
        return 64
    bad = 0
    for name, fn in FILES.items():
        shipped = read(name)
        regenerated = list(fn(shipped))
        head, n = compare(name, shipped, regenerated)
        print("%s: %d rows, %s" % (name, len(shipped), "agree" if n == 0 else "%d values differ" % n))
        bad += n
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, name), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(head)
                w.writerows([v if isinstance(v, str) else repr(v) for v in row] for row in regenerated)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
