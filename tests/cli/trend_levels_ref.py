#!/usr/bin/python3
"""trend_levels_ref.py: checks trend-levels.csv against an independent
computation from the metrics CSVs it was made from (scipy.stats.norm):

    /usr/bin/python3 tests/cli/trend_levels_ref.py trend-levels.csv METRICS.csv...

For every --by level's crude relative likelihood (statistic
relative-likelihood, a reference group, method not mantel-haenszel), the
last two years it has, r1 and r2 with 95% intervals (l1, h1), (l2, h2):
  se_i = (ln h_i - ln l_i) / (2 x 1.959964), z = (ln r2 - ln r1) / sqrt(se1^2 + se2^2),
  p = 2 x (1 - Phi(|z|)); testable only when both ratios and limits are
  finite and above 0.
q: Benjamini-Hochberg within each breakdown, metric, measure, group and
reference, written out here from its definition: sort the m tested p-values,
q_(i) = min over j >= i of m p_(j) / j, capped at 1.
Every row of trend-levels.csv must match (years' ratios, change, z, p, q to
1e-9 relative), and every level must have a row. Exit 0 and "ok", or 1 with
the differences.
"""
import math
import sys

from scipy.stats import norm

from metrics_ref import close, num, read_metrics

TOL = 1e-9


def load(paths):
    levels = {}
    for path in paths:
        for r in read_metrics(path)[1]:
            if (r["breakdown"] == "Trust" or r["statistic"] != "relative-likelihood"
                    or not r["reference"] or r.get("method") == "mantel-haenszel"):
                continue
            key = (r["breakdown"], r["level"], r["metric"], r["measure"], r["group"],
                   r["reference"])
            levels.setdefault(key, {})[int(r["year"])] = (
                num(r["value"]), num(r["low"]), num(r["high"]))
    return levels


def test(years):
    ys = sorted(years)
    if len(ys) < 2:
        return math.nan, math.nan, math.nan
    (r1, l1, h1), (r2, l2, h2) = years[ys[-2]], years[ys[-1]]
    vals = (r1, l1, h1, r2, l2, h2)
    if not all(math.isfinite(v) and v > 0 for v in vals):
        return math.nan, math.nan, math.nan
    z95 = norm.ppf(0.975)
    se1 = (math.log(h1) - math.log(l1)) / (2 * z95)
    se2 = (math.log(h2) - math.log(l2)) / (2 * z95)
    change = math.log(r2) - math.log(r1)
    z = change / math.sqrt(se1 ** 2 + se2 ** 2)
    return change, z, 2 * norm.sf(abs(z))


def bh(ps):
    """q-values of the tested p-values in PS (a dict key -> p)."""
    order = sorted(ps, key=lambda k: ps[k])
    m = len(order)
    q, running = {}, 1.0
    for i in range(m - 1, -1, -1):
        running = min(running, ps[order[i]] * m / (i + 1))
        q[order[i]] = min(running, 1.0)
    return q


def main():
    got = read_metrics(sys.argv[1])[1]
    levels = load(sys.argv[2:])
    want = {k: test(v) for k, v in levels.items()}
    families = {}
    for k, (_, _, p) in want.items():
        if not math.isnan(p):
            families.setdefault((k[0],) + k[2:], {})[k] = p
    q = {}
    for fam in families.values():
        q.update(bh(fam))
    bad, seen = [], set()
    for r in got:
        key = (r["breakdown"], r["level"], r["metric"], r["measure"], r["group"], r["reference"])
        if key not in want:
            bad.append(f"{key}: not a level of the metrics CSVs")
            continue
        seen.add(key)
        change, z, p = want[key]
        expect = {"change": change, "z": z, "p": p, "q": q.get(key, math.nan)}
        for year, (value, _, _) in levels[key].items():
            expect[str(year)] = value
        for col, v in expect.items():
            if not close(num(r.get(col, "")), v, TOL):
                bad.append(f"{key} {col}: {r.get(col)!r}, expected {v!r}")
    for key in want:
        if key not in seen:
            bad.append(f"{key}: no row in {sys.argv[1]}")
    for line in bad[:20]:
        print(line)
    if bad:
        return 1
    print(f"ok: {len(got)} levels, {sum(len(f) for f in families.values())} tested")
    return 0


if __name__ == "__main__":
    sys.exit(main())
