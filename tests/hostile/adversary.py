#!/usr/bin/python3
"""adversary.py: try to recover withheld counts from a published report.

Usage:
    /usr/bin/python3 tests/hostile/adversary.py --n N --truth TRUTH.csv REPORT_DIR

REPORT_DIR is a folder written by `wres|wdes report --suppress N` (or
without --suppress: N = 10); the adversary reads only what is published
there: tables/all-figures.csv (the metrics CSV's rows, as published) and
the "rows used" totals of not-for-publication/data-quality.txt, which
report.html publishes too. TRUTH.csv is the metrics CSV of
the same run without --suppress: it is used only to say which withheld
counts were small (1 to N-1) and to drop a relation that does not hold for
this run's options (e.g. leaver bases are an average with --staff-start);
never to solve.

This shares no code with the toolkit: the relations are written from what
the columns mean (design.md's metrics table):
  - metric 1: in each band row the groups add up to the base every group
    row shows; bands add up to their clinical / non-clinical "All" row;
    clinical + non-clinical = the whole workforce; --detail groups add up
    to the focus group (BME) and share the base;
  - every breakdown's levels add up to the trust's row (counts and bases);
  - declaration: Known = focus + comparator, base = the headcount (the
    board's: its members);
  - a leaver, case or training rate's base is the group's metric-1
    headcount at the same level; appointed-from-shortlisting's base is the
    shortlisted count; --detail groups of any metric add up to BME;
  - the data-quality totals: the trust's groups add up to the people counted;
  - every count is between 0 and its base.
With scipy.optimize.linprog (HiGHS, presolve on) it finds, for each
withheld count, its minimum and maximum over every table that fits the
published figures. A withheld count whose true value is 1 to N-1 must not
be pinned nor have a range under N. It also fails if a withheld row still
shows a rate or interval, or a comparison is published on a withheld row.

At scale (a breakdown of dozens or hundreds of levels) each group of
withheld numbers that relations tie together is one sparse LP, built once,
whose objective alone changes; numbers an equation says are equal are one
unknown; two LPs first pull all the small withheld numbers
down and up; then each in turn gets its own (its max, then its min) unless
the tables found so far already put it N apart (each table found fits
the published figures, so a number seen N apart has a range of N or more).
With --sample K only the first K distinct numbers that need LPs of their own
get them, in a seeded order (--seed): every trust-level one first, then
the metrics in turn, one of each; it says how many it attacked of how many.

Prints what it recovered and "adversary: OK" or "adversary: FAIL"; exits 1
on a failure, 2 on bad usage.

    --sample K               at most K numbers with LPs of their own (above; 0,
                             the default: all)
    --seed S                 the order's seed (default 1)
    --primary-only OUT_DIR   instead, write to OUT_DIR a tables/all-figures.csv made from
                             TRUTH with primary suppression alone (rows with a
                             count or base from 1 to N-1 withheld), and a copy
                             of REPORT_DIR's data-quality totals: attacking it
                             must fail, which shows the attack can (the
                             harness, adversary.sh, checks that it does).
"""
import argparse
import csv
import os
import random
import re
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

SURVEY = {"harassment_public", "harassment_staff", "harassment_managers", "harassment_colleagues",
          "harassment_reported", "equal_opportunities", "discrimination_colleagues",
          "presenteeism", "valued", "adjustments", "engagement", "staff_voices"}
GROUPS = {"WRES": ("White", "BME", "Unknown"), "WDES": ("Non-disabled", "Disabled", "Unknown")}
FOCUS = {"WRES": "BME", "WDES": "Disabled"}
COMPARATOR = {"WRES": "White", "WDES": "Non-disabled"}
BOARD = {"WRES": "9", "WDES": "10"}
STAFF_BASED = {"leavers", "3", "4"}   # rates over the group's headcount


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def key(r):
    return (r["breakdown"], r["level"], r["metric"], r["measure"], r["workforce"], r["band"],
            r["group"])


# What a report folder publishes as rows (the metrics CSV's columns), and
# the subfolder of full counts for NHS England. Its data-quality.txt is
# read for the people counted, which report.html publishes too.
PUBLISHED = os.path.join("tables", "all-figures.csv")
NFP = "not-for-publication"


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def withheld(r):
    return r["note"].startswith("suppressed")


class Problem:
    """Variables are ('c', key) and ('b', key); equations sum(coef * var) = rhs."""

    def __init__(self, truth):
        self.truth = truth          # var -> true value
        self.known = {}             # var -> published value
        self.eqs, self.ubs = [], []  # (dict var -> coef, rhs)
        self.dropped = 0

    def holds(self, terms, rhs, le):
        s = 0.0
        for v, a in terms.items():
            t = self.truth.get(v)
            if t is None:
                return False
            s += a * t
        return s <= rhs + 1e-6 if le else abs(s - rhs) <= 1e-6 * (1 + abs(rhs))

    def add(self, terms, rhs=0.0, le=False):
        terms = {v: a for v, a in terms.items() if a}
        if len(terms) + (rhs != 0) < 2:
            return
        if not self.holds(terms, rhs, le):
            self.dropped += 1
            return
        (self.ubs if le else self.eqs).append((terms, rhs))


def data_quality_totals(path):
    """input name -> people counted, from data-quality.txt."""
    totals, name = {}, None
    if not os.path.exists(path):
        return totals
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\S[^:]*): ", line)
            if m:
                name = m.group(1).strip().lower()
                continue
            m = re.match(r"^\s+rows used \(people counted\)\s+(\d+)", line)
            if m and name:
                totals[name] = float(m.group(1))
    return totals


def build(pub, truth_rows, dq):
    std = pub[0]["standard"]
    main, focus, comp = GROUPS[std], FOCUS[std], COMPARATOR[std]
    rows = {key(r): r for r in pub if not r["reference"] and r["statistic"] == "proportion"
            and r["measure"] not in SURVEY}
    truth = {}
    for r in truth_rows:
        k = key(r)
        if k in rows and not r["reference"]:
            truth[("c", k)], truth[("b", k)] = num(r["count"]), num(r["base"])
    P = Problem(truth)
    for k, r in rows.items():
        if not withheld(r):
            P.known[("c", k)], P.known[("b", k)] = num(r["count"]), num(r["base"])
        P.add({("c", k): 1, ("b", k): -1}, 0, le=True)
    cells = defaultdict(list)   # (bd, lv, metric, measure, wf, band) -> keys
    for k in rows:
        cells[k[:6]].append(k)
    for cell, ks in cells.items():
        bd, lv, metric, measure, wf, band = cell
        by_group = {k[6]: k for k in ks}
        mains = [by_group[g] for g in main if g in by_group]
        details = [k for k in ks if k[6] not in main]
        if metric == "1" and mains:
            for k in ks:
                P.add({**{("c", m): 1 for m in mains}, ("b", k): -1})
        if details and focus in by_group:
            f = by_group[focus]
            P.add({**{("c", d): 1 for d in details}, ("c", f): -1})
            if metric != "1":
                P.add({**{("b", d): 1 for d in details}, ("b", f): -1})
            else:
                for d in details:
                    P.add({("b", d): 1, ("b", f): -1})
        for g, k in by_group.items():
            if metric == "1" and wf in ("Clinical", "Non-clinical") and band == "All":
                bands = [x for x in rows if x[:5] == (bd, lv, "1", measure, wf)
                         and x[5] != "All" and x[6] == g]
                P.add({**{("c", x): 1 for x in bands}, ("c", k): -1})
            if metric == "1" and wf == "All" and band == "All":
                parts = [(bd, lv, "1", measure, w, "All", g) for w in ("Clinical", "Non-clinical")]
                if all(p in rows for p in parts):
                    P.add({("c", parts[0]): 1, ("c", parts[1]): 1, ("c", k): -1})
                decl = (bd, lv, "declaration", "declaration", "", "", "Known")
                if decl in rows:
                    P.add({("b", decl): 1, ("b", k): -1})
                    if g == focus and (bd, lv, "1", measure, "All", "All", comp) in rows:
                        P.add({("c", k): 1, ("c", (bd, lv, "1", measure, "All", "All", comp)): 1,
                               ("c", decl): -1})
            head = (bd, lv, "1", "workforce", "All", "All", g)
            if metric in STAFF_BASED and head in rows:
                P.add({("b", k): 1, ("c", head): -1})
            if measure == "appointed_from_shortlisting":
                sl = (bd, lv, metric, "shortlisted_from_applications", wf, band, g)
                if sl in rows:
                    P.add({("b", k): 1, ("c", sl): -1})
            if metric == BOARD[std] and measure == "board_total" and g == focus:
                decl = (bd, lv, "declaration", "declaration", "Board", "", "Known")
                cp = (bd, lv, metric, measure, wf, band, comp)
                if decl in rows and cp in rows:
                    P.add({("c", k): 1, ("c", cp): 1, ("c", decl): -1})
                    P.add({("b", decl): 1, ("b", k): -1})
    # levels add up to the trust
    levels = defaultdict(list)
    for k in rows:
        if k[0] != "Trust":
            levels[(k[0],) + k[2:]].append(k)
    for (bd, metric, measure, wf, band, g), ks in levels.items():
        t = ("Trust", "All", metric, measure, wf, band, g)
        if t in rows:
            for v in ("c", "b"):
                P.add({**{(v, k): 1 for k in ks}, (v, t): -1})
    # data-quality.txt: the trust's groups add up to the people counted
    def trust_sum(metric, measure, v, total):
        ks = [("Trust", "All", metric, measure, "All" if metric == "1" else "", "All"
               if metric == "1" else "", g) for g in main]
        if total is not None and all(k in rows for k in ks):
            P.add({(v, k): 1 for k in ks}, total)
    trust_sum("leavers", "leaving", "c", dq.get("leavers"))
    trust_sum("1", "workforce", "c", dq.get("staff in post"))
    for name, t in dq.items():
        if "cases" in name:
            for measure in ("formal_disciplinary", "formal_capability"):
                trust_sum("3", measure, "c", t)
        if name.startswith("training"):
            trust_sum("4", "non_mandatory_training", "c", t)
        if name.startswith("recruitment"):
            trust_sum("2", "shortlisted_from_applications", "b", t)
        if name.startswith("board"):
            trust_sum(BOARD[std], "board_total", "c", t)
    return P, rows, std


def leaks_in_rows(pub):
    """Rates shown on withheld rows; comparisons shown on withheld rows."""
    out = []
    by_cell = defaultdict(dict)
    for r in pub:
        if not r["reference"]:
            by_cell[key(r)[:6]][r["group"]] = r
    for r in pub:
        if withheld(r):
            if any(r[f] for f in ("count", "base", "value", "low", "high")):
                out.append("withheld row shows a figure: %s" % (key(r),))
            continue
        if not r["reference"] or not r["value"]:
            continue
        cell = by_cell.get(key(r)[:6], {})
        for g in (r["group"], r["reference"]):
            if g in cell and withheld(cell[g]):
                out.append("comparison published on withheld %s: %s" % (g, key(r)))
        if r["reference"] == "Workforce":
            h = by_cell.get(("Trust", "All", "1", "workforce", "All", "All"), {}).get(r["group"])
            if h is not None and withheld(h):
                out.append("board difference published on a withheld headcount: %s" % (key(r),))
    return out


# The shared LPs (Group.spread) bound every unknown by CAP so that they
# have an optimum; a table found within the bound fits all the same.
CAP = 1e7


def merge(P):
    """Numbers an equation says are equal (x - y = 0: a rate's base and the
    group's headcount, the groups' shared base) are one unknown: a function
    from each variable to its representative, the relations over
    representatives (each equation, inequality: (dict var -> coef, rhs))
    and the representatives' published values."""
    rep = {}

    def find(v):
        root = v
        while root in rep:
            root = rep[root]
        while v != root:
            rep[v], v = root, rep[v]
        return root
    for t, r in P.eqs:
        if len(t) == 2 and r == 0:
            (u, a), (w, b) = t.items()
            if a == -b and find(u) != find(w):
                rep[find(u)] = find(w)

    def over(rels):
        out = []
        for t, r in rels:
            terms = defaultdict(float)
            for v, a in t.items():
                terms[find(v)] += a
            terms = {v: a for v, a in terms.items() if a}
            if terms:
                out.append((terms, r))
        return out
    return find, over(P.eqs), over(P.ubs), {find(v): x for v, x in P.known.items()}


def components(eqs, ubs, known, targets):
    """The unknowns (withheld numbers), their relations with the published
    numbers KNOWN moved to the right-hand side, and the connected groups of
    unknowns (no relation joins two groups, so each is solved alone):
    a list of (unknowns, equations, inequalities), each relation as
    ([(index in the group, coef)], rhs)."""
    unknown = sorted({v for t, _ in eqs + ubs for v in t if v not in known}
                     | set(targets), key=repr)
    index = {v: i for i, v in enumerate(unknown)}
    parent = list(range(len(unknown)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def reduce(terms, rhs):
        us = [(index[v], a) for v, a in terms.items() if v not in known]
        rhs = rhs - sum(a * known[v] for v, a in terms.items() if v in known)
        return us, rhs

    eqs = [reduce(t, r) for t, r in eqs]
    ubs = [reduce(t, r) for t, r in ubs]
    for us, _ in eqs + ubs:
        for i, _ in us[1:]:
            a, b = find(us[0][0]), find(i)
            if a != b:
                parent[a] = b
    groups = defaultdict(lambda: ([], [], []))
    for i, v in enumerate(unknown):
        groups[find(i)][0].append(v)
    local = {v: j for vs, _, _ in groups.values() for j, v in enumerate(vs)}
    for which, rels in ((1, eqs), (2, ubs)):
        for us, r in rels:
            if us:
                groups[find(us[0][0])][which].append(
                    ([(local[unknown[i]], a) for i, a in us], r))
    return list(groups.values())


def matrix(rels, width):
    """A sparse matrix and right-hand side of relations; (None, None) for none."""
    if not rels:
        return None, None
    data, ri, ci = [], [], []
    for k, (us, _) in enumerate(rels):
        for j, a in us:
            data.append(a)
            ri.append(k)
            ci.append(j)
    m = coo_matrix((data, (ri, ci)), shape=(len(rels), width)).tocsr()
    return m, np.array([r for _, r in rels], dtype=float)


class Group:
    """One connected group of unknowns as an LP, built once: only the
    objective changes from solve to solve. lo and hi: the least and
    greatest value of each unknown seen in a table that fits (every
    table found is one, so a target whose values seen are N apart has a
    range of at least N and needs no solve of its own)."""

    def __init__(self, unknowns, eqs, ubs):
        self.width = len(unknowns)
        self.A, self.b = matrix(eqs, self.width)
        self.U, self.ub = matrix(ubs, self.width)
        self.lo = np.full(self.width, np.inf)
        self.hi = np.full(self.width, -np.inf)
        self.solves = 0

    def run(self, c, cap=None):
        """Minimise c.x; the status (0 solved, 3 unbounded, else failed) and x."""
        self.solves += 1
        res = linprog(c, A_ub=self.U, b_ub=self.ub, A_eq=self.A, b_eq=self.b,
                      bounds=(0, cap), method="highs", options={"presolve": True})
        if res.status == 0:
            self.lo = np.minimum(self.lo, res.x)
            self.hi = np.maximum(self.hi, res.x)
        return res.status, res.x

    def wide(self, j, n):
        return self.hi[j] - self.lo[j] >= n - 1e-6

    def spread(self, js):
        """Two tables that pull the targets JS all down and all up (within
        CAP): the values seen of most targets are N apart after them."""
        c = np.zeros(self.width)
        c[js] = 1
        self.run(c, CAP)
        self.run(-c, CAP)

    def bounds(self, j, n):
        """Target J's (min, max), or two values seen at least N apart;
        None for a side the solver gave no answer for (counted as narrow)."""
        c = np.zeros(self.width)
        got = {}
        for sign in (-1, 1):   # its max first: often enough
            if self.wide(j, n):
                return (float(self.lo[j]), float(self.hi[j]))
            c[j] = sign
            st, x = self.run(c)
            if st == 3 and sign < 0:
                return (float(self.lo[j]) if np.isfinite(self.lo[j]) else 0.0, float("inf"))
            got[sign] = float(x[j]) if st == 0 else None
        if self.wide(j, n):
            return (float(self.lo[j]), float(self.hi[j]))
        return (got[1], got[-1])


def solve(P, order, n, sample=0):
    """Attack the targets in ORDER, in turn: a target whose values in the
    tables found so far are N apart is safe as it is; each other one, while
    fewer than SAMPLE have been (0: no limit), gets LPs of its own: its
    (min, max) over the tables that fit. Returns {target: (lo, hi)} for the
    targets attacked (for a safe one, two of its values at least N apart),
    how many distinct numbers got LPs of their own (a base
    that is a headcount is one number), and the number of LPs solved."""
    find, eqs, ubs, known = merge(P)
    wanted = {find(v) for v in order} - known.keys()
    where = {}   # representative -> (its group, its index there)
    groups = []
    for unknowns, eqs_, ubs_ in components(eqs, ubs, known, wanted):
        js = [j for j, v in enumerate(unknowns) if v in wanted]
        if js:
            g = Group(unknowns, eqs_, ubs_)
            g.spread(js)
            groups.append(g)
            where.update((unknowns[j], (g, j)) for j in js)
    ranges, own, done = {}, 0, {}
    for v in order:
        r = find(v)
        if r in known:   # merged with a published number: it is that number
            ranges[v] = (known[r], known[r])
        elif r in done:
            ranges[v] = done[r]
        elif where[r][0].wide(where[r][1], n):
            g, j = where[r]
            ranges[v] = (float(g.lo[j]), float(g.hi[j]))
        elif not sample or own < sample:
            own += 1
            ranges[v] = done[r] = where[r][0].bounds(where[r][1], n)
    return ranges, own, sum(g.solves for g in groups)


def attack_order(small, seed):
    """SMALL in the order to attack it (random.Random(SEED)): the
    trust-level ones first, then the metrics in turn, one of each."""
    rng = random.Random(seed)
    first = [v for v in small if v[1][0] == "Trust"]
    by_metric = defaultdict(list)
    for v in small:
        if v[1][0] != "Trust":
            by_metric[v[1][2]].append(v)
    rng.shuffle(first)
    queues = [by_metric[m] for m in sorted(by_metric)]
    for q in queues:
        rng.shuffle(q)
    rest = [v for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)
            for v in (q[i],)]
    return first + rest


def primary_only(truth_rows, n, report, out):
    """A report folder with only the small counts withheld (and what is
    built on them): what a naive publication mode would publish."""
    os.makedirs(out, exist_ok=True)
    rows = [dict(r) for r in truth_rows]
    small = set()
    for r in rows:
        c, b = num(r["count"]), num(r["base"])
        if not r["reference"] and r["measure"] not in SURVEY and (
                (c is not None and 0 < c < n) or (b is not None and 0 < b < n)):
            small.add(key(r)[:6] + (r["group"],))
    for r in rows:
        k = key(r)
        hit = k in small or (r["reference"] and k[:6] + (r["reference"],) in small)
        if hit:
            for f in ("count", "base", "value", "low", "high"):
                r[f] = ""
            r["note"] = "suppressed"
    os.makedirs(os.path.join(out, "tables"))
    os.makedirs(os.path.join(out, NFP))
    with open(os.path.join(out, PUBLISHED), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(truth_rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    dq = os.path.join(report, NFP, "data-quality.txt")
    if os.path.exists(dq):
        with open(dq, encoding="utf-8") as f, \
                open(os.path.join(out, NFP, "data-quality.txt"), "w", encoding="utf-8") as g:
            g.write(f.read())
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--primary-only", metavar="OUT_DIR")
    ap.add_argument("--sample", type=int, default=0, metavar="K")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("report")
    a = ap.parse_args()
    truth_rows = read_rows(a.truth)
    if a.primary_only:
        return primary_only(truth_rows, a.n, a.report, a.primary_only)
    pub = read_rows(os.path.join(a.report, PUBLISHED))
    dq = data_quality_totals(os.path.join(a.report, NFP, "data-quality.txt"))
    if not pub:
        print("adversary: no rows in %s" % a.report)
        return 2
    P, rows, std = build(pub, truth_rows, dq)
    hidden = [("c", k) for k, r in rows.items() if withheld(r)]
    hidden += [("b", k) for k, r in rows.items() if withheld(r)]
    small = [v for v in hidden if P.truth.get(v) is not None and 0 < P.truth[v] < a.n]
    ranges, own, solves = solve(P, attack_order(small, a.seed), a.n, a.sample)
    attacked = [v for v in small if v in ranges]
    recovered, narrow = [], []
    for v in attacked:
        lo, hi = ranges[v]
        if lo is None or hi is None:
            narrow.append((v, lo, hi))
        elif hi - lo < 1e-6:
            recovered.append((v, lo))
        elif hi - lo < a.n - 1e-6:
            narrow.append((v, lo, hi))
    leaks = leaks_in_rows(pub)
    counts = sum(1 for v in small if v[0] == "c")
    print("adversary: %s N=%d: %d withheld rows, %d small withheld numbers (%d counts), "
          "%d relations (%d not holding here, left out)" % (
              std, a.n, len(hidden) // 2, len(small), counts, len(P.eqs) + len(P.ubs), P.dropped))
    print("adversary: attacked %d of the %d small withheld numbers: %d distinct numbers by LPs "
          "of their own%s, the others shown %d apart by the tables found on the way; %d LPs" % (
              len(attacked), len(small), own, "" if not a.sample else
              " (at most %d; seed %d: the trust's first, then each metric in turn)" % (
                  a.sample, a.seed), a.n, solves))
    print("adversary: recovered exactly: %d (%d counts); range under %d: %d" % (
        len(recovered), sum(1 for v, _ in recovered if v[0] == "c"), a.n, len(narrow)))
    if not a.quiet:
        for v, x in recovered:
            print("  recovered %s of %s = %g" % ("count" if v[0] == "c" else "base",
                                                  " / ".join(s for s in v[1] if s), x))
        for v, lo, hi in narrow:
            print("  narrowed %s of %s to [%s, %s]" % ("count" if v[0] == "c" else "base",
                                                      " / ".join(s for s in v[1] if s), lo, hi))
    for x in leaks:
        print("  " + x)
    bad = recovered or narrow or leaks
    print("adversary: %s" % ("FAIL" if bad else "OK"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
