"""detail_counts.py: WRES 2-4 by ethnic category (--detail), counted from the
fixtures here with the csv module alone, against the toolkit's metrics.

Usage: python3 tests/cli/detail_counts.py METRICS.csv METRICS.json

METRICS.csv and METRICS.json are `wres metrics --config
fixtures/trust-2019.ini --detail` as csv and json. The counting rules are
the README's, written out again by hand (not the toolkit's code):

- staff in post: bank assignments left out; a person counted once, with the
  ethnic origin of their primary assignment, else the one with the highest
  FTE, else the first; the category from the ESR code (the first word:
  A, B, C.. White; D-G.. Mixed; H-L.. Asian; M, N, P.. Black; R.. Chinese;
  S.. Other; anything else, e.g. Z, 99, "Not Stated", blank: Unknown);
- recruitment (metric 2): applicants with an application date in the year
  1 April 2018 - 31 March 2019; category from the description's first word
  (White, Mixed, Asian, Black, Chinese, "Any other ethnic group" Other);
  appointed / shortlisted;
- cases (metric 3): Disciplinary cases whose formal stage date is in the
  year, a person once, their category from the staff in post; people /
  headcount;
- training (metric 4): courses not in mandatory-courses.csv (titles compared
  without case and with runs of spaces as one) completed in the year by
  people in the staff in post, a person once; people / headcount.

Each category's rate row (count, base) and its relative likelihood against
White ((x/n) / (xw/nw)) must be in both outputs. Prints "detail: N passed,
N failed"; exits 1 on a failure.
"""
import csv
import json
import sys
from datetime import date

FIX = "fixtures/2019/"
FIRST, LAST = date(2018, 4, 1), date(2019, 3, 31)
CATEGORIES = ["Asian", "Black", "Mixed", "Chinese", "Other"]


def rows(name):
    with open(FIX + name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def day(s):
    d, m, y = s.strip().split("/")
    return date(int(y), int(m), int(d))


def by_code(origin):
    word = origin.strip().split(" ")[0] if origin.strip() else ""
    if not (1 <= len(word) <= 2 and word.isalnum() and word.isupper() and word[0].isalpha()):
        return "Unknown"
    for letters, cat in (("ABC", "White"), ("DEFG", "Mixed"), ("HIJKL", "Asian"),
                         ("MNP", "Black"), ("R", "Chinese"), ("S", "Other")):
        if word[0] in letters:
            return cat
    return "Unknown"


def by_words(origin):
    o = origin.strip().lower()
    for start, cat in (("white", "White"), ("mixed", "Mixed"), ("asian", "Asian"),
                       ("black", "Black"), ("chinese", "Chinese"),
                       ("any other ethnic group", "Other")):
        if o.startswith(start):
            return cat
    return "Unknown"


def staff_people(name="staff-in-post-2019-03-31.csv"):
    """Each person's chosen row: primary, else highest FTE, else first."""
    chosen = {}  # person -> (rank, row)
    for i, r in enumerate(rows(name)):
        if r["Assignment Category"].strip().lower().startswith("bank"):
            continue
        fte = float(r["Contracted Wte"] or 0)
        rank = (r["Primary Assignment"].strip() == "Yes", fte, -i)
        p = r["Employee Number"].strip()
        if p not in chosen or rank > chosen[p][0]:
            chosen[p] = (rank, r)
    return {p: r for p, (_, r) in chosen.items()}


def staff_categories():
    return {p: by_code(r["Ethnic Origin"]) for p, r in staff_people().items()}


def expected():
    cat = staff_categories()
    head = {c: 0 for c in CATEGORIES + ["White"]}
    for c in cat.values():
        if c in head:
            head[c] += 1
    counts = {}
    short = dict.fromkeys(head, 0)
    appointed = dict.fromkeys(head, 0)
    for r in rows("recruitment-2018-19.csv"):
        if not FIRST <= day(r["Application Date"]) <= LAST:
            continue
        c = by_words(r["Ethnic Origin"])
        if c in head and r["Shortlisted"] == "Yes":
            short[c] += 1
            appointed[c] += r["Appointed"] == "Yes"
    counts["2"] = {c: (appointed[c], short[c]) for c in head}
    people = set()
    cases = dict.fromkeys(head, 0)
    for r in rows("cases-2017-2019.csv"):
        p = r["Employee Number"].strip()
        if r["Case Type"] != "Disciplinary" or not FIRST <= day(r["Formal Stage Date"]) <= LAST \
                or p in people:
            continue
        people.add(p)
        c = cat.get(p, "Unknown")
        if c in cases:
            cases[c] += 1
    counts["3"] = {c: (cases[c], head[c]) for c in head}
    def title(s):
        return " ".join(s.split()).lower()
    mandatory = {title(r["Course Title"]) for r in rows("mandatory-courses.csv")}
    people = set()
    trained = dict.fromkeys(head, 0)
    for r in rows("training-2018-19.csv"):
        p = r["Employee Number"].strip()
        if title(r["Course Title"]) in mandatory or p not in cat or p in people \
                or not FIRST <= day(r["Completion Date"]) <= LAST:
            continue
        people.add(p)
        if cat[p] in trained:
            trained[cat[p]] += 1
    counts["4"] = {c: (trained[c], head[c]) for c in head}
    return counts


def main():
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        got_csv = [r for r in csv.DictReader(f) if r["breakdown"] == "Trust"]
    with open(sys.argv[2], encoding="utf-8") as f:
        got_json = [r for r in json.load(f)["metrics"] if r["breakdown"] == "Trust"]
    passed = failed = 0
    measures = {"2": "appointed_from_shortlisting", "3": "formal_disciplinary",
                "4": "non_mandatory_training"}
    for metric, cells in expected().items():
        xw, nw = cells["White"]
        for c in CATEGORIES:
            x, n = cells[c]
            for label, got in (("csv", got_csv), ("json", got_json)):
                mine = [r for r in got if str(r["metric"]) == metric
                        and r["measure"] == measures[metric] and r["group"] == c]
                rate = [r for r in mine if not r["reference"]]
                ratio = [r for r in mine if r["reference"] == "White"]
                ok = len(rate) == 1 and float(rate[0]["count"]) == x \
                    and float(rate[0]["base"]) == n
                if n and nw and xw:
                    want = (x / n) / (xw / nw)
                    ok = ok and len(ratio) == 1 and abs(float(ratio[0]["value"]) - want) <= 1e-12
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print("FAIL: %s metric %s %s: want %s/%s (White %s/%s), got %s %s"
                          % (label, metric, c, x, n, xw, nw,
                             [(r["count"], r["base"]) for r in rate],
                             [r["value"] for r in ratio]))
    # the counts are not all zero (the test would prove little)
    if sum(expected()["3"][c][0] for c in CATEGORIES) == 0:
        failed += 1
        print("FAIL: no case in any category: the fixtures changed")
    print("detail: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
