#!/bin/sh
# demo.sh: the synthetic trust's whole year, as an inclusion manager runs it:
# one command per standard, from the yearly config, then the readable summary.
# Usage: tools/demo.sh [BIN_DIR]
set -eu
BIN=${1:-bin}
OUT=out/demo
mkdir -p "$OUT"

banner() { printf '\n==== %s\n\n' "$*"; }

for std in wres wdes; do
    banner "$std report --config fixtures/trust-2019.ini --out $OUT/$std-2019"
    "$BIN/$std" report --config fixtures/trust-2019.ini --out "$OUT/$std-2019"
    banner "$OUT/$std-2019/summary.txt"
    cat "$OUT/$std-2019/summary.txt"
done

banner "wres check: the data-quality account"
cat "$OUT/wres-2019/data-quality.txt"

banner "The reports: open $OUT/wres-2019/report.html and $OUT/wdes-2019/report.html in a browser.
Each folder also has submission.xlsx, metrics.csv, charts/, tables/, summary.txt, data-quality.txt;
the WRES report has the 2016-2019 trends (trend.csv, charts/trend-*.png)."
