#!/bin/sh
# same_reports.sh: the report folders of two builds, compared file by file
# (same_report.py: bytes; PNGs by pixels; workbooks by cells).
#
#   sh tools/bench/same_reports.sh OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]
#
# Cases: wres and wdes on the fixtures' yearly config (default publication,
# as make demo runs them); wres on the benchmark's 100k and 1.5M-row
# extracts with leavers, --by "Org L3", --suppress 0 (BENCH_DIR, default
# build/bench; BENCH_SIZES overrides "100000 1500000"). Exits 1 at the
# first case that differs.
set -eu
OLD=${1:?usage: same_reports.sh OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]}
NEW=${2:?usage: same_reports.sh OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]}
W=${3:-${TMPDIR:-/tmp}/same-reports.$$}
D=${BENCH_DIR:-build/bench}
SIZES=${BENCH_SIZES:-"100000 1500000"}
PY=/usr/bin/python3
HERE=$(dirname "$0")
mkdir -p "$W"

# both NAME ARGS...: report with each build into W/old-NAME and W/new-NAME
# (--out is added), then compare.
both() {
    nm=$1
    shift
    std=$1
    shift
    rm -rf "$W/old-$nm" "$W/new-$nm"
    "$OLD/$std" report "$@" --out "$W/old-$nm" >/dev/null
    "$NEW/$std" report "$@" --out "$W/new-$nm" >/dev/null
    "$PY" "$HERE/same_report.py" "$W/old-$nm" "$W/new-$nm"
}

for std in wres wdes; do
    both "$std-fixtures" "$std" --config fixtures/trust-2019.ini
done
for n in $SIZES; do
    s=$D/staff-$n.csv l=$D/leavers-$n.csv
    [ -s "$s" ] || { echo "same_reports: $s missing (make bench makes it); skipped" >&2; continue; }
    both "wres-$n" wres --staff "$s" --leavers "$l" --year 2024 --by "Org L3" --suppress 0
    both "wdes-$n" wdes --staff "$s" --leavers "$l" --year 2024 --by "Org L3" --suppress 0
done
rm -rf "$W"
