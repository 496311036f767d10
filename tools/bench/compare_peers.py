#!/usr/bin/python3
"""compare_peers.py: check a peer's figures against the toolkit's.

    compare_peers.py METRICS.csv PEER.csv NAME

METRICS.csv is `wres metrics ... --by "Org L3" --format csv`; PEER.csv what
peer_pandas.py / peer_duckdb.cjs print. For the trust and every Org L3 level,
the headcount (the leaver rate's base) and the leavers of White, BME and
Unknown must be equal, and the BME vs White relative likelihood equal to a
relative 1e-9 (both empty when not calculable, both inf when infinite). A
level missing on one side must have nothing in it on the other. Prints one
line; exits 1 on any difference (listing the first few). Standard library only.
"""
import csv
import math
import sys

GROUPS = ("White", "BME", "Unknown")


def toolkit(path):
    res = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["metric"] != "leavers" or r["breakdown"] not in ("Trust", "Org L3"):
                continue
            level = r["level"]
            if level.startswith("'"):
                level = level[1:]
            d = res.setdefault((r["breakdown"], level),
                               {"head": [0, 0, 0], "leavers": [0, 0, 0], "ratio": ""})
            if r["reference"] == "White" and r["group"] == "BME":
                d["ratio"] = r["value"]
            elif not r["reference"] and r["group"] in GROUPS:
                g = GROUPS.index(r["group"])
                d["leavers"][g] = int(float(r["count"] or 0))
                d["head"][g] = int(float(r["base"] or 0))
    return res


def peer(path):
    res = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            res[(r["breakdown"], r["level"])] = {
                "head": [int(r["head_white"]), int(r["head_bme"]), int(r["head_unknown"])],
                "leavers": [int(r["leavers_white"]), int(r["leavers_bme"]),
                            int(r["leavers_unknown"])],
                "ratio": r["ratio"],
            }
    return res


def same_ratio(a, b):
    if a == "" or b == "":
        return a == b
    x, y = float(a), float(b)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300)


def main():
    tk, pr, name = toolkit(sys.argv[1]), peer(sys.argv[2]), sys.argv[3]
    empty = {"head": [0, 0, 0], "leavers": [0, 0, 0], "ratio": ""}
    bad = []
    for key in sorted(set(tk) | set(pr)):
        a, b = tk.get(key, empty), pr.get(key, empty)
        if a["head"] != b["head"] or a["leavers"] != b["leavers"] \
                or not same_ratio(a["ratio"], b["ratio"]):
            bad.append("%s=%s: toolkit %s, %s %s" % (key[0], key[1], a, name, b))
    levels = sum(1 for k in tk if k[0] == "Org L3")
    if bad:
        print("%s: %d of %d levels DIFFER from the toolkit" % (name, len(bad), len(tk)))
        for line in bad[:5]:
            print("  " + line)
        sys.exit(1)
    print("%s: same figures as the toolkit (trust + %d Org L3 levels: headcounts, leavers, "
          "ratios to 1e-9)" % (name, levels))


if __name__ == "__main__":
    main()
