#!/bin/sh
# tests/hostile/adversary_levels.sh: publication mode at many directorates
# against the adversary with a solver (adversary.py; run by run.sh, or
# alone). The audit must hold on big breakdowns, where most counts are
# small and withheld numbers are tied together across levels.
# Two cases, each for wres and wdes, generated into a temporary folder by
# levels_data.py:
#   spread  the fixtures' trust (fixtures/trust-2019.ini) with its people
#           (staff in post, leavers, and with them their cases and
#           training) and its vacancies spread at random over LEVELS
#           directorates (seed 7);
#   gen     a gen_staff extract (tools/bench/gen_staff.c, compiled here) of
#           GEN_ROWS staff rows and its leavers, only the directorates of its
#           first GEN_TRUSTS made-up trusts (25 directorates each; 8: all 200).
# Each is published with `report --by "Org L3"` (no --suppress: N = 10);
# the same run's `metrics` without --suppress is the truth. adversary.py
# attacks SAMPLE of the small withheld numbers (seeded; every trust-level
# one and some of every metric) and must recover none nor narrow one
# under 10. And per standard, the attack on primary suppression alone of
# the spread case must recover counts (so it can fail).
# Prints each step's time. Run from the top of the repository:
#   sh tests/hostile/adversary_levels.sh
# Environment: WQ_BIN (default bin), CC (default cc); the case sizes below.
# Needs python3-scipy (/usr/bin/python3).
# Ends with "adversary_levels: N passed, N failed"; exits 1 on a failure.
set -u
export LC_ALL=C

# The case sizes: raise them when the audit is faster (at 100,000 rows and
# 200 directorates today's audit takes minutes).
LEVELS=${WQ_ADV_LEVELS:-40}       # directorates of the spread case
GEN_ROWS=${WQ_ADV_ROWS:-20000}    # staff rows gen_staff writes
GEN_TRUSTS=${WQ_ADV_TRUSTS:-2}    # of its 8 trusts (25 directorates each) kept
SAMPLE=${WQ_ADV_SAMPLE:-150}      # small withheld numbers attacked per report (0: all)

WQ_BIN=${WQ_BIN:-bin}
cd "$(dirname "$0")/../.." || exit 1
H=tests/hostile
A=$H/adversary.py
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-adversary-levels.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# the spread case: its four files in $T/spread, the rest from fixtures/
top=$(pwd)
mkdir "$T/spread" "$T/gen"
if ! /usr/bin/python3 $H/levels_data.py spread fixtures/2019 "$T/spread" "$LEVELS" \
        >"$T/spread.txt" 2>&1; then
    ko "levels_data.py spread"; cat "$T/spread.txt"
fi
sed -e "s|= *\\([0-9a-z][^ ]*/\\)|= $top/fixtures/\\1|" \
    -e "s|^staff = .*/|staff = $T/spread/|" \
    -e "s|^leavers = .*/|leavers = $T/spread/|" \
    -e "s|^recruitment = .*/|recruitment = $T/spread/|" \
    fixtures/trust-2019.ini >"$T/spread/trust.ini"
# the gen case
if ! ${CC:-cc} -O2 -std=c11 -o "$T/gen_staff" tools/bench/gen_staff.c 2>"$T/err" ||
        ! "$T/gen_staff" "$GEN_ROWS" "$T/gen-staff.csv" "$T/gen-leavers.csv" >/dev/null 2>"$T/err" ||
        ! /usr/bin/python3 $H/levels_data.py keep "$T/gen-staff.csv" "$T/gen-leavers.csv" \
            "$T/gen" "$GEN_TRUSTS" >"$T/gen.txt" 2>"$T/err"; then
    ko "gen_staff $GEN_ROWS (the gen case)"; cat "$T/err"
fi
echo "adversary_levels: spread: the fixtures over $(cat "$T/spread.txt");" \
    "gen: gen_staff $GEN_ROWS rows, $GEN_TRUSTS trusts: $(cat "$T/gen.txt" 2>/dev/null)"

# attack CALC CASE: publish, attack, report the times
attack() {
    calc=$1 case=$2
    if [ "$case" = spread ]; then
        set -- --config "$T/spread/trust.ini"
    else
        set -- --staff "$T/gen/staff.csv" --leavers "$T/gen/leavers.csv" --year 2019 \
            --by "Org L3"
    fi
    truth="$T/$calc-$case-truth.csv" out="$T/$calc-$case"
    if ! "$WQ_BIN/$calc" metrics "$@" --format csv >"$truth" 2>"$T/err"; then
        ko "$calc metrics, $case case (the truth)"; cat "$T/err"; return
    fi
    t0=$(now)
    if ! "$WQ_BIN/$calc" report "$@" --out "$out" >/dev/null 2>"$T/err"; then
        ko "$calc report, $case case"; cat "$T/err"; return
    fi
    took=$(since "$t0") t0=$(now)
    if /usr/bin/python3 "$A" --sample "$SAMPLE" --n 10 --truth "$truth" "$out" \
            >"$T/log" 2>&1; then
        ok
    else
        ko "$calc $case: the adversary recovered withheld counts"
    fi
    echo "adversary_levels: $calc $case: report $took, attack $(since "$t0")"
    sed -n '1,40p' "$T/log"
}

for calc in wres wdes; do
    attack "$calc" spread
    attack "$calc" gen
    # the attack itself: primary suppression alone is broken at scale too
    if [ -d "$T/$calc-spread" ]; then
        /usr/bin/python3 "$A" --n 10 --truth "$T/$calc-spread-truth.csv" \
            --primary-only "$T/$calc-primary" "$T/$calc-spread" >/dev/null 2>&1
        t0=$(now)
        /usr/bin/python3 "$A" --quiet --sample "$SAMPLE" --n 10 \
            --truth "$T/$calc-spread-truth.csv" "$T/$calc-primary" >"$T/log" 2>&1
        st=$?
        echo "adversary_levels: $calc spread, primary suppression alone: attack $(since "$t0")"
        sed -n '1,4p' "$T/log"
        if [ "$st" -eq 1 ] && grep -q '^adversary: recovered exactly: [1-9][0-9]* ([1-9]' "$T/log"; then
            ok
        else
            ko "$calc: the adversary recovers no count from primary suppression alone (it could not fail)"
        fi
    fi
done
echo "adversary_levels: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
