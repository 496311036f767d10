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

banner "wres check: the data-quality account (not-for-publication/data-quality.txt)"
cat "$OUT/wres-2019/not-for-publication/data-quality.txt"

banner "The reports: open $OUT/wres-2019/report.html and $OUT/wdes-2019/report.html in a browser.
To publish (board papers, the trust's website), small numbers withheld (fewer than 10):
  report.html, charts/, tables/, summary.txt (the WRES report also has the 2016-2019
  trends: trend.csv, charts/trend-*.png).
For NHS England only, full counts, NOT for publication, in each not-for-publication/:
  submission.xlsx, metrics.csv, data-quality.txt."
