"""tests/cli/metrics_ref.py: what the independent checks of tests/cli that
read metrics CSVs share (compare_ref.py, trend_levels_ref.py): a metrics
CSV read past the "#" lines above its header, an empty cell as NaN, and
two numbers compared within a relative tolerance."""
import csv
import math

TRUST_PREFIX = "# trust: "  # docs/design.md: the line --trust writes above the header


def read_metrics(path):
    """(trust, rows) of the metrics CSV at PATH: the name on its "# trust:"
    line (None without one), and its rows as dicts."""
    trust = None
    with open(path, newline="", encoding="utf-8") as f:
        lines = f.readlines()
    k = 0
    while k < len(lines) and lines[k].startswith("#"):
        if lines[k].startswith(TRUST_PREFIX):
            trust = lines[k][len(TRUST_PREFIX):].rstrip("\r\n")
        k += 1
    return trust, list(csv.DictReader(lines[k:]))


def num(s):
    """A cell as a number: empty is NaN, "inf" infinity; other text raises."""
    return math.nan if s == "" else float(s)


def close(a, b, tol):
    """A within TOL of B, relative to the larger (absolute below 1); NaN
    only matches NaN, an infinity only itself."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))
