#!/usr/bin/python3
"""fdr.py: the reference vectors for the many-comparisons adjustment,
computed with statsmodels and scipy, independently of the toolkit:

    /usr/bin/python3 tests/reference/fdr.py [--out DIR]

Writes (into DIR, default tests/reference/statistics; Debian:
python3-statsmodels python3-scipy, exit 69 when missing; not part of make
check, which reads the shipped files):
  ratio-p.csv  the two-sided p-value of a relative likelihood of 1 for each
               2x2 table (a of n1 vs b of n2) by the test each interval
               method inverts: koopman_score: statsmodels
               test_proportions_2indep(compare="ratio", method="score",
               correction=False); miettinen_nurminen_score: the same with
               correction=True; katz_log: statsmodels Table2x2
               riskratio_pvalue() with shift_zeros=False (the Wald test of
               log RR); katz_log_haldane:
               the same on the table with 0.5 added to every cell when one is
               zero. Empty where the test does not exist (a zero cell for
               Katz without correction).
  bh.csv       Benjamini-Hochberg q-values: statsmodels
               multipletests(p, method="fdr_bh") within each family.
"""
import csv
import os
import sys

try:
    import numpy as np
    from scipy.stats import chi2_contingency  # noqa: F401 (checked below)
    from statsmodels.stats.contingency_tables import Table2x2
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import test_proportions_2indep
except ImportError as e:
    print(f"fdr.py: needs statsmodels and scipy ({e}): apt-get install "
          "python3-statsmodels python3-scipy", file=sys.stderr)
    sys.exit(69)

TABLES = [
    (3, 20, 5, 80), (1, 1, 7, 46), (0, 8, 12, 120), (9, 12, 0, 30), (36, 144, 63, 468),
    (1, 3, 8, 39), (2, 139, 9, 1200), (44, 256, 300, 3690),
    (5, 5, 3, 40), (7, 61, 7, 61), (0, 40, 3, 9), (12, 97, 81, 1730),
]


def ratio_p(a, n1, b, n2):
    out = {}
    for name, corr in (("koopman_score", False), ("miettinen_nurminen_score", True)):
        with np.errstate(all="ignore"):  # a = n1 divides by 0 in the odds ratio it also gives
            r = test_proportions_2indep(np.float64(a), np.float64(n1), np.float64(b),
                                        np.float64(n2), compare="ratio", method="score",
                                        correction=corr)
        out[name] = r.pvalue
    for name, haldane in (("katz_log", False), ("katz_log_haldane", True)):
        cells = np.array([[a, n1 - a], [b, n2 - b]], dtype=float)
        if haldane and (cells == 0).any():
            cells = cells + 0.5
        if cells[0][0] == 0 or cells[1][0] == 0:
            out[name] = None
        else:
            out[name] = Table2x2(cells, shift_zeros=False).riskratio_pvalue()
    return out


def families():
    rng = np.random.default_rng(20261205)
    yield "small", [0.01, 0.04, 0.03, 0.005, 0.2, 0.7]
    yield "ties", [0.02, 0.02, 0.02, 0.5, 0.5, 1.0, 0.001]
    yield "one", [0.03]
    yield "none-below", [0.3, 0.9, 0.6, 1.0]
    # sixty directorates: a few real differences among noise
    p = list(rng.uniform(size=56)) + [1e-6, 2e-4, 0.003, 0.011]
    yield "sixty", [float(x) for x in rng.permutation(p)]


def main():
    out = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--out" else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "statistics")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "ratio-p.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "n1", "b", "n2", "method", "p"])
        for t in TABLES:
            for method, p in ratio_p(*t).items():
                w.writerow(list(t) + [method, "" if p is None else repr(float(p))])
    with open(os.path.join(out, "bh.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["family", "p", "q"])
        for name, p in families():
            q = multipletests(p, method="fdr_bh")[1]
            for pi, qi in zip(p, q):
                w.writerow([name, repr(float(pi)), repr(float(qi))])


if __name__ == "__main__":
    main()
