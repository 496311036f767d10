#!/usr/bin/env python3
"""make.py: writes the disclosure fixture (tests/hostile/disclosure.sh).

    cd tests/hostile/data/disclosure && python3 make.py

A synthetic trust of 158 staff in five directorates (Org L3):

    directorate                   White  BME  Unknown   Disabled
    Corporate Services               20    3        2          3
    Estates and Facilities           15    2        3          2
    Clinical Operations              40   20        5          8
    =HYPERLINK("http://x","y")       12   12        0          3
    <script>alert(1)</script>        12   12        0          3

Corporate Services has 3 BME staff (and 3 Disabled): with --suppress 5 that
3 must not be published anywhere. The last two names must stay inert text
(a formula in a spreadsheet, markup in the page). Leavers, applicants, cases,
training and the board are small enough that suppression has work to do.
Every Estates person and every Corporate BME person has one non-mandatory
course, so that disclosure.py can swap one Corporate BME person with one
Estates Unknown person without changing any trust total. The output is
deterministic (a fixed seed)."""
import csv
import random

rnd = random.Random(5)
used = set()


def eno():
    while True:
        n = rnd.randrange(30000000, 99999999)
        if n not in used:
            used.add(n)
            return str(n)


WHITE = "A White - British"
BME = ["H Asian or Asian British - Indian", "PC Black Nigerian",
       "D Mixed - White & Black Caribbean", "R Chinese", "LK Asian Pakistani"]
UNK = "Z Not Stated"
HYPER = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script>"
DIRS = [("Corporate Services", 20, 3, 2), ("Estates and Facilities", 15, 2, 3),
        ("Clinical Operations", 40, 20, 5), (HYPER, 12, 12, 0), (SCRIPT, 12, 12, 0)]
GROUPS = {"Corporate Services": "Administrative and Clerical",
          "Estates and Facilities": "Estates and Ancillary",
          "Clinical Operations": "Nursing and Midwifery Registered"}
ADMIN = ["Band 2", "Band 3", "Band 4", "Band 5"]
CLIN = ["Band 5", "Band 6", "Band 7", "Band 8A"]


def writer(name, header):
    f = open(name, "w", newline="")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    return f, w


staff = []
for d, nw, nb, nu in DIRS:
    clinical = d == "Clinical Operations"
    people = [WHITE] * nw + [BME[i % len(BME)] for i in range(nb)] + [UNK] * nu
    for i, eth in enumerate(people):
        e = eno()
        band = (CLIN if clinical else ADMIN)[i % 4]
        dis = "Yes" if i % 9 == 4 else ("No" if i % 7 else "Not Declared")
        staff.append([e, e, "Yes", d, eth, dis, band, GROUPS.get(d, "Administrative and Clerical"),
                      "Permanent", "1"])
HEAD = ["Employee Number", "Assignment Number", "Primary Assignment", "Org L3", "Ethnic Origin",
        "Disability Flag", "Pay Band", "Staff Group", "Assignment Category", "Contracted Wte"]
f, w = writer("staff.csv", HEAD)
w.writerows(staff)
f.close()


def of(d, pred):
    return [r for r in staff if r[3] == d and pred(r[4])]


def is_bme(e):
    return e in BME


# leavers: other people (numbers not in the staff in post)
f, w = writer("leavers.csv", HEAD + ["Termination Date", "Leaving Reason"])
k = 0
for d, nb, nw in [("Corporate Services", 1, 4), ("Estates and Facilities", 1, 3),
                  ("Clinical Operations", 3, 5), (HYPER, 2, 2), (SCRIPT, 2, 2)]:
    for r in of(d, is_bme)[:nb] + of(d, lambda e: e == WHITE)[:nw]:
        e = eno()
        k += 1
        w.writerow([e, e, "Yes", d, r[4], r[5], r[6], r[7], "Permanent", "1",
                    "15/%02d/2018" % (5 + k % 7), "Voluntary Resignation - Relocation"])
f.close()

f, w = writer("recruitment.csv", ["Applicant ID", "Vacancy Reference", "Org L3", "Application Date",
                                  "Ethnic Origin", "Disability", "Shortlisted", "Appointed"])
k = 100
for d, nw, nb in [("Corporate Services", 15, 3), ("Clinical Operations", 30, 15), (HYPER, 8, 8),
                  (SCRIPT, 8, 8)]:
    for i in range(nw + nb):
        sl = "Yes" if i % 2 == 0 or i >= nw else "No"
        k += 1
        w.writerow(["APP-2018-%06d" % k, "VAC-%04d" % (300 + k % 17), d, "02/%02d/2018" % (4 + i % 8),
                    "White - British" if i < nw else "Asian or Asian British - Indian",
                    "Yes" if i % 6 == 0 else "No", sl, "Yes" if sl == "Yes" and i % 3 == 0 else "No"])
f.close()

f, w = writer("cases.csv", ["Case Reference", "Employee Number", "Case Type", "Formal Stage Date",
                            "Grounds", "Outcome"])
cases = []
corp_bme = of("Corporate Services", is_bme)
cases.append([corp_bme[0][0], "Disciplinary", "10/06/2018", ""])
clin = [r for r in staff if r[3] == "Clinical Operations"]
cases += [[r[0], "Disciplinary", "12/09/2018", ""] for r in clin[:6]]
cases += [[r[0], "Disciplinary", "12/10/2018", ""] for r in of("Clinical Operations", is_bme)[:4]]
cases += [[r[0], "Capability", "01/11/2018", "Performance"] for r in clin[10:14]]
cases.append([corp_bme[1][0], "Capability", "01/12/2017", "Performance"])
cases.append([eno(), "Disciplinary", "05/01/2019", ""])  # not in the staff in post
for i, c in enumerate(cases):
    w.writerow(["ER-2018-%03d" % (i + 1), c[0], c[1], c[2], c[3], "Written warning"])
f.close()

f, w = writer("training.csv", ["Employee Number", "Course Title", "Mandatory", "Completion Date"])
for i, r in enumerate(staff):
    if i % 3 == 0 or r[3] == "Estates and Facilities" or (r[3] == "Corporate Services" and is_bme(r[4])):
        w.writerow([r[0], "Leadership Essentials", "No", "01/%02d/2018" % (5 + i % 6)])
    w.writerow([r[0], "Fire Safety", "Yes", "01/06/2018"])
f.close()

f, w = writer("board.csv", ["Role", "Voting", "Executive", "Ethnic Origin", "Disability"])
for i in range(10):
    w.writerow(["Member %d" % (i + 1), "Yes" if i < 8 else "No", "Yes" if i % 2 else "No",
                BME[0] if i in (3, 7) else WHITE, "Yes" if i == 5 else "No"])
f.close()

f, w = writer("survey-wres.csv", ["measure", "group", "respondents", "percent"])
for m, b in [("harassment_public", 9), ("harassment_staff", 30), ("equal_opportunities", 30),
             ("discrimination_colleagues", 30)]:
    w.writerow([m, "BME", b, "33.3"])
    w.writerow([m, "White", 60, "25.0"])
f.close()

f, w = writer("survey-wdes.csv", ["measure", "group", "respondents", "positive"])
for m in ["harassment_public", "harassment_managers", "harassment_colleagues", "harassment_reported",
          "equal_opportunities", "presenteeism", "valued", "adjustments"]:
    w.writerow([m, "Disabled", 8 if m == "adjustments" else 14, 3])
    w.writerow([m, "Non-disabled", 70, 20])
f.close()
