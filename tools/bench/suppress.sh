#!/bin/sh
# tools/bench/suppress.sh: time publication mode (--suppress) on a trust
# with many directorates: the fixtures' staff in post (both extracts) and
# leavers, each person moved to one of "Directorate 00".. at random (the
# same person to the same one in every file; Python's random.seed(7)),
# the other inputs as in fixtures/trust-2019.ini. Not a test (timings
# depend on the machine). Run from the top of the repository:
#   sh tools/bench/suppress.sh [DIRECTORATES (60)] [N (5)]
# Environment: BIN (default bin), BENCH_DIR (default build/bench).
set -eu
export LC_ALL=C
levels=${1:-60} n=${2:-5}
BIN=${BIN:-bin}
D=${BENCH_DIR:-build/bench}/suppress-$levels
top=$(pwd)
mkdir -p "$D"
D=$(cd "$D" && pwd)
python3 - "$top/fixtures/2019" "$D" "$levels" <<'PY'
import csv, random, sys
src, out, levels = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(7)
where = {}
for name in ("staff-in-post-2019-03-31.csv", "staff-in-post-wdes-2019.csv",
             "leavers-2018-19.csv"):
    with open(f"{src}/{name}", newline="", encoding="utf-8-sig") as fi, \
         open(f"{out}/{name}", "w", newline="", encoding="utf-8") as fo:
        r = csv.DictReader(fi)
        w = csv.DictWriter(fo, r.fieldnames, lineterminator="\n")
        w.writeheader()
        for row in r:
            who = row.get("Employee Number") or row.get("Unique Nhs Identifier")
            if who not in where:
                where[who] = "Directorate %02d" % random.randrange(levels)
            row["Org L3"] = where[who]
            w.writerow(row)
PY
sed -e "s|= *\\([0-9a-z][^ ]*/\\)|= $top/fixtures/\\1|" \
    -e "s|^\\(leavers\\) = .*/|\\1 = $D/|" \
    -e "s|^\\(staff\\) = .*/|\\1 = $D/|" \
    fixtures/trust-2019.ini >"$D/trust.ini"
for calc in wres wdes; do
    start=$(date +%s.%N)
    "$BIN/$calc" metrics --config "$D/trust.ini" --format csv --suppress "$n" \
        >"$D/$calc-$n.csv" 2>"$D/$calc-$n.err"
    end=$(date +%s.%N)
    printf '%s: %s directorates, --suppress %s: %.1f s, %s rows withheld as complements\n' \
        "$calc" "$levels" "$n" "$(awk "BEGIN { print $end - $start }")" \
        "$(grep -c 'withheld so that' "$D/$calc-$n.csv" || true)"
done
