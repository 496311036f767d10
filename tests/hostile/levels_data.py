#!/usr/bin/python3
"""levels_data.py: the cases of adversary_levels.sh, a trust broken down
into many directorates (written into a folder; nothing is kept).

    levels_data.py spread FIXTURES_DIR OUT_DIR LEVELS [SEED]
        the fixtures' trust (FIXTURES_DIR: fixtures/2019) with its people
        spread over LEVELS directorates, "Directorate 000" and on, at
        random (random.Random(SEED), default 7): each person (Employee
        Number, or Unique Nhs Identifier in the WDES extract) goes to one
        directorate in both staff-in-post extracts and the leavers (their
        cases and training follow them, by Employee Number), and each
        vacancy of the recruitment file (Vacancy Reference) to one, so
        its applicants stay together. Writes the four files under their
        own names in OUT_DIR; the other inputs are read from FIXTURES_DIR.

    levels_data.py keep STAFF LEAVERS OUT_DIR TRUSTS
        the rows of a gen_staff extract (tools/bench/gen_staff.c: 8 made-up
        trusts of 25 directorates, "RA1 ..", "RB2 ..", ..) whose Org L3
        belongs to the first TRUSTS of them (8: all 200 directorates), as
        OUT_DIR/staff.csv and OUT_DIR/leavers.csv.

Prints one line: the number of directorates and of staff rows written.
"""
import csv
import os
import random
import sys

SPREAD = ("staff-in-post-2019-03-31.csv", "staff-in-post-wdes-2019.csv",
          "leavers-2018-19.csv", "recruitment-2018-19.csv")


def rewrite(src, dst, change):
    """Copy the CSV SRC to DST, each row through CHANGE (a dict in place;
    False drops the row). The number of rows written."""
    with open(src, newline="", encoding="utf-8-sig") as fi, \
            open(dst, "w", newline="", encoding="utf-8") as fo:
        r = csv.DictReader(fi)
        w = csv.DictWriter(fo, r.fieldnames, lineterminator="\n")
        w.writeheader()
        k = 0
        for row in r:
            if change(row) is not False:
                w.writerow(row)
                k += 1
        return k


def spread(src, out, levels, seed):
    rng = random.Random(seed)
    where, used = {}, set()

    def move(row):
        who = ("vacancy", row["Vacancy Reference"]) if "Vacancy Reference" in row else \
            ("person", row.get("Employee Number") or row.get("Unique Nhs Identifier"))
        if who not in where:
            where[who] = "Directorate %03d" % rng.randrange(levels)
        row["Org L3"] = where[who]
        used.add(where[who])
    staff = 0
    for name in SPREAD:
        k = rewrite(os.path.join(src, name), os.path.join(out, name), move)
        staff += k if name.startswith("staff-in-post-2019") else 0
    return len(used), staff


def keep(staff, leavers, out, trusts):
    codes = {"R%s" % chr(ord("A") + i) for i in range(trusts)}
    used = set()

    def mine(row):
        if row["Org L3"][:2] not in codes:
            return False
        used.add(row["Org L3"])
        return True
    n = rewrite(staff, os.path.join(out, "staff.csv"), mine)
    rewrite(leavers, os.path.join(out, "leavers.csv"), mine)
    return len(used), n


def main(argv):
    if len(argv) in (5, 6) and argv[1] == "spread":
        levels, staff = spread(argv[2], argv[3], int(argv[4]), int(argv[5]) if argv[5:] else 7)
    elif len(argv) == 6 and argv[1] == "keep":
        levels, staff = keep(argv[2], argv[3], argv[4], int(argv[5]))
    else:
        sys.stderr.write(__doc__)
        return 2
    print("%d directorates, %d staff rows" % (levels, staff))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
