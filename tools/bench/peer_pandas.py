#!/usr/bin/python3
"""peer_pandas.py: the benchmark's computation done with pandas, as a peer.

    /usr/bin/python3 tools/bench/peer_pandas.py STAFF.csv LEAVERS.csv YEAR

The same figures as `wres metrics --staff STAFF --leavers LEAVERS --year YEAR
--by "Org L3"`: headcount by Org L3 x WRES group (each person once, by the
row that is the primary assignment, else the highest Contracted Wte, else the
first in the file; bank assignments left out before that choice), leavers in
the reporting year (1 April YEAR-1 to 31 March YEAR) by Org L3 x group,
counted once per person the same way, and the relative likelihood of BME vs
White staff leaving. Prints CSV:

    breakdown,level,head_white,head_bme,head_unknown,
    leavers_white,leavers_bme,leavers_unknown,ratio

with the whole trust as breakdown Trust, level All. The ratio is empty when
not calculable (a group without staff, or no leavers in either group) and
inf when no White staff left. The ethnic-group mapping is ethnic_group()
below: ESR codes by the rules of docs/inputs.md section 4 (it covers the
spellings tools/bench/gen_staff.c writes, and the descriptions' first words).
Debian's python3-pandas, run as /usr/bin/python3.
"""
import re
import sys

import pandas as pd

WRES_GROUPS = ("White", "BME", "Unknown")

UNKNOWN_PHRASES = (
    "not stated", "not known", "not given", "not set", "not collected", "not declared",
    "not disclosed", "not recorded", "not specified", "not provided", "unspecified",
    "unknown", "prefer not", "declined", "do not wish", "undisclosed", "withheld",
)
FIRST_WORDS = {
    "white": "White", "irish": "White", "english": "White", "scottish": "White",
    "welsh": "White", "polish": "White", "mixed": "BME", "asian": "BME", "indian": "BME",
    "pakistani": "BME", "bangladeshi": "BME", "black": "BME", "african": "BME",
    "caribbean": "BME", "chinese": "BME", "other": "BME", "any": "BME", "arab": "BME",
    "filipino": "BME",
}


def esr_code_group(code):
    """WRES group of an ESR ethnic-origin code (lower case), or None."""
    if len(code) == 1:
        if code in "abc":
            return "White"
        if code in "defghjklmnprs":
            return "BME"
        if code in "xz":
            return "Unknown"
        return None
    if len(code) != 2:
        return None
    a, b = code
    if code == "99":
        return "Unknown"
    if a == "c" and (b in "23" or "a" <= b <= "y"):
        return "White"
    if not "a" <= b <= "z":
        return None
    if (a == "g" and b <= "f") or (a == "l" and b <= "k") or (a == "p" and b <= "e") \
            or a == "r" or (a == "s" and b <= "e"):
        return "BME"
    return None


def ethnic_group(value):
    """White / BME / Unknown for an ethnic-origin value (docs/inputs.md section 4)."""
    t = " ".join(re.sub(r"[^a-z0-9]+", " ", value.lower()).split())
    if not t or t in ("n a", "na", "null", "blank") or t.startswith(UNKNOWN_PHRASES):
        return "Unknown"
    first = t.split(" ", 1)[0]
    g = esr_code_group(first) if len(first) <= 2 else None
    if g is None:
        g = FIRST_WORDS.get(first, "Unknown")
    return g


def is_yes(value):
    return value.strip().lower() in ("yes", "y", "true", "1", "primary")


def is_bank(value):
    return re.match(r"bank(?![a-z0-9])", value.strip().lower()) is not None


COLUMNS = ["Employee Number", "Primary Assignment", "Org L3", "Ethnic Origin",
           "Assignment Category", "Contracted Wte"]


def people(path, extra=()):
    """One row per person (the winning assignment), bank rows left out."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=COLUMNS + list(extra),
                     engine="c")
    # distinct values are few: map them once, not per row
    bank = df["Assignment Category"].map({v: is_bank(v) for v in
                                          df["Assignment Category"].unique()})
    df = df[~bank.astype(bool)]
    return df


def choose(df):
    prim = df["Primary Assignment"].map({v: is_yes(v) for v in
                                         df["Primary Assignment"].unique()}).astype(int)
    fte = pd.to_numeric(df["Contracted Wte"].str.strip().replace("", "0")).astype("float32")
    key = df["Employee Number"].str.strip()
    w = pd.DataFrame({"key": key, "prim": prim, "fte": fte, "level": df["Org L3"].str.strip(),
                      "eth": df["Ethnic Origin"]})
    # stable sort: among equal (primary, FTE) the first row in the file wins
    w = w.sort_values(["prim", "fte"], ascending=[False, False], kind="mergesort")
    w = w.drop_duplicates("key", keep="first")
    w["group"] = w["eth"].map({v: ethnic_group(v) for v in w["eth"].unique()})
    return w


def counts(w):
    t = w.groupby(["level", "group"]).size().unstack(fill_value=0)
    return t.reindex(columns=list(WRES_GROUPS), fill_value=0)


def ratio(a, n1, b, n2):
    """Relative likelihood of A/N1 vs B/N2 as the toolkit states it."""
    if n1 <= 0 or n2 <= 0 or (a == 0 and b == 0):
        return ""
    if b == 0:
        return "inf"
    a, n1, b, n2 = int(a), int(n1), int(b), int(n2)
    return repr(a * n2 / (n1 * b))


def main():
    staff_path, leavers_path, year = sys.argv[1], sys.argv[2], int(sys.argv[3])
    staff = choose(people(staff_path))
    lv = people(leavers_path, ["Termination Date"])
    day = pd.to_datetime(lv["Termination Date"].str.strip(), format="%d/%m/%Y", errors="coerce")
    lv = lv[(day >= pd.Timestamp(year - 1, 4, 1)) & (day <= pd.Timestamp(year, 3, 31))]
    leavers = choose(lv)

    head, left = counts(staff), counts(leavers)
    levels = sorted(set(head.index) | set(left.index))
    head = head.reindex(levels, fill_value=0)
    left = left.reindex(levels, fill_value=0)
    out = ["breakdown,level,head_white,head_bme,head_unknown,"
           "leavers_white,leavers_bme,leavers_unknown,ratio"]

    def line(bd, level, h, lv_):
        cells = [bd, '"%s"' % level.replace('"', '""')]
        cells += ["%d" % h[g] for g in WRES_GROUPS] + ["%d" % lv_[g] for g in WRES_GROUPS]
        cells.append(ratio(lv_["BME"], h["BME"], lv_["White"], h["White"]))
        out.append(",".join(cells))

    line("Trust", "All", head.sum(), left.sum())
    for level in levels:
        line("Org L3", level, head.loc[level], left.loc[level])
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
