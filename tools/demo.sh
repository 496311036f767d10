#!/bin/sh
# demo.sh: run both calculators on the synthetic trust in fixtures/ and print
# their tables. Usage: tools/demo.sh [BIN_DIR]
set -eu
BIN=${1:-bin}
F=fixtures/2019
LEAVERS="--leavers $F/leavers-2018-19.csv --year 2019 --exclude-reason Merged"

banner() { printf '\n==== %s\n\n' "$*"; }

banner "wres check: the data-quality account"
"$BIN/wres" check --staff "$F/staff-in-post-2019-03-31.csv" $LEAVERS

banner "wres metrics, with directorates (Org L3)"
"$BIN/wres" metrics --staff "$F/staff-in-post-2019-03-31.csv" $LEAVERS --by "Org L3" --detail

banner "wdes metrics, with directorates (Org L3)"
"$BIN/wdes" metrics --staff "$F/staff-in-post-wdes-2019.csv" $LEAVERS --by "Org L3"

mkdir -p out/demo
"$BIN/wres" metrics --staff "$F/staff-in-post-2019-03-31.csv" $LEAVERS --by "Org L3" --detail \
    --format csv >out/demo/wres-metrics.csv
"$BIN/wdes" metrics --staff "$F/staff-in-post-wdes-2019.csv" $LEAVERS --by "Org L3" \
    --format csv >out/demo/wdes-metrics.csv
banner "The metrics CSVs (full precision) are in out/demo/wres-metrics.csv and out/demo/wdes-metrics.csv"
