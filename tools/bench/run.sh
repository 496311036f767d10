#!/bin/sh
# tools/bench/run.sh: the benchmark (make bench) and its peers (make bench-peers).
#
#   sh tools/bench/run.sh bench    wc -l, the libcsv floor, wres (and wdes at the
#                                  largest size) on each size
#   sh tools/bench/run.sh peers    wres, pandas and DuckDB on each size, checking
#                                  that the peers print the toolkit's figures
#
# Environment: BENCH_DIR (default build/bench: tools, data, results), BIN (bin),
# BENCH_SIZES (default "100000 500000 1500000" staff rows), BENCH_RUNS (5 timed
# runs of each command; the median wall time is reported, and the largest peak
# RSS), BENCH_PEER_RUNS (3). Data files are generated once, by gen_staff, and
# kept (build/bench/staff-N.csv, leavers-N.csv). Every timed command runs on
# one core (taskset -c 0 when available), after a warm-up read of its files,
# through runstat (wall time and wait4's ru_maxrss: no /usr/bin/time needed).
# The tables are printed and written to BENCH_DIR/results-MODE.txt.
set -eu
MODE=${1:-bench}
D=${BENCH_DIR:-build/bench}
BIN=${BIN:-bin}
SIZES=${BENCH_SIZES:-"100000 500000 1500000"}
RUNS=${BENCH_RUNS:-5}
PEER_RUNS=${BENCH_PEER_RUNS:-3}
YEAR=2019
PY=/usr/bin/python3
OUT=$D/results-$MODE.txt

PIN=""
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    PIN="taskset -c 0"
fi

: >"$OUT"
say() { printf '%s\n' "$*" | tee -a "$OUT"; }
die() { echo "bench: $*" >&2; exit 1; }

for t in gen_staff csvfloor runstat csv2xlsx xlsxfloor; do
    [ -x "$D/$t" ] || die "$D/$t is missing (make bench builds it)"
done

# gen N: the staff and leavers files of N rows, generated once.
gen() {
    if [ -s "$D/staff-$1.csv" ] && [ -s "$D/leavers-$1.csv" ]; then return 0; fi
    echo "bench: generating $1 staff rows (once; kept in $D)" >&2
    "$D/gen_staff" "$1" "$D/staff-$1.tmp" "$D/leavers-$1.tmp" || die "gen_staff failed"
    mv "$D/leavers-$1.tmp" "$D/leavers-$1.csv"
    mv "$D/staff-$1.tmp" "$D/staff-$1.csv"
}

# measure NAME RUNS CMD...: run CMD RUNS times on one core, stdout to
# /dev/null; sets MED (median wall seconds), CPU (median user + system
# seconds) and RSS (largest peak, KB).
measure() {
    name=$1 runs=$2
    shift 2
    f=$D/stat.$name
    : >"$f"
    i=0
    while [ "$i" -lt "$runs" ]; do
        # shellcheck disable=SC2086
        "$D/runstat" "$f" $PIN "$@" >/dev/null || die "$name failed: $*"
        i=$((i + 1))
    done
    MED=$(median "$f" 1)
    CPU=$(median "$f" 4)
    RSS=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$f")
}

# median FILE COLUMN
median() {
    sort -n -k"$2,$2" "$1" | awk -v c="$2" '{ a[NR] = $c }
        END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-") printf "%.2f", a / b; else printf "-" }'; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / 1e6 / b; else printf "-" }'; }
kb2mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

bytes() { wc -c <"$1" | tr -d ' '; }

wres() { "$BIN/wres" metrics --staff "$1" --leavers "$2" --year "$YEAR" --by "Org L3" --format csv; }

say "# $MODE: $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, timed on ${PIN:-all cores (no taskset)}"
say "# median of $([ "$MODE" = peers ] && echo "$PEER_RUNS" || echo "$RUNS") runs; peak RSS is the largest of the runs"
say "# MB = staff + leavers files (decimal MB); the floor parses both with libcsv"

if [ "$MODE" = bench ]; then
    say "# cpu = user + system seconds (less disturbed than wall time when other work shares the core)"
    say ""
    say "$(printf '%9s %6s %7s %7s %7s %6s %7s %7s %6s %6s %6s %7s' \
        rows MB 'wc -l' floor wres 'ratio' 'flr cpu' 'wr cpu' 'ratio' 'flr' 'wres' 'wres')"
    say "$(printf '%9s %6s %7s %7s %7s %6s %7s %7s %6s %6s %6s %7s' \
        '' '' s s s wall s s cpu MB/s MB/s 'RSS MB')"
    : >"$D/growth.tmp"
    last=""
    for n in $SIZES; do
        gen "$n"
        s=$D/staff-$n.csv l=$D/leavers-$n.csv
        total=$(( $(bytes "$s") + $(bytes "$l") ))
        cat "$s" "$l" >/dev/null # warm the page cache
        measure wc "$RUNS" wc -l "$s" "$l"; wc_s=$MED
        measure floor "$RUNS" "$D/csvfloor" "$s" "$l"; fl_s=$MED fl_cpu=$CPU
        measure wres "$RUNS" "$BIN/wres" metrics --staff "$s" --leavers "$l" --year "$YEAR" \
            --by "Org L3" --format csv; wr_s=$MED wr_cpu=$CPU wr_rss=$RSS
        say "$(printf '%9s %6s %7s %7s %7s %6s %7s %7s %6s %6s %6s %7s' "$n" "$(mb "$total")" \
            "$wc_s" "$fl_s" "$wr_s" "$(div "$wr_s" "$fl_s")x" "$fl_cpu" "$wr_cpu" \
            "$(div "$wr_cpu" "$fl_cpu")x" "$(rate "$total" "$fl_s")" "$(rate "$total" "$wr_s")" \
            "$(kb2mb "$wr_rss")")"
        echo "$n $wr_s $wr_rss $fl_s $wr_cpu" >>"$D/growth.tmp"
        last=$n last_ratio=$(div "$wr_cpu" "$fl_cpu") last_rss=$(kb2mb "$wr_rss")
    done
    say "(MB/s from the wall time; RSS in MiB, the largest of the runs)"
    if [ -n "$last" ]; then
        s=$D/staff-$last.csv l=$D/leavers-$last.csv
        measure wdes "$RUNS" "$BIN/wdes" metrics --staff "$s" --leavers "$l" --year "$YEAR" \
            --by "Org L3" --format csv
        say "wdes at $last rows: wall $MED s, cpu $CPU s, peak RSS $(kb2mb "$RSS") MiB"
    fi
    say ""
    say "growth (each size against the one before):"
    awk 'NR > 1 { printf "  %d -> %d rows (x%.1f): wres wall x%.2f, cpu x%.2f (floor wall x%.2f); wres peak RSS x%.2f (+%.1f MiB)\n",
                   p, $1, $1 / p, $2 / t, $5 / c, $4 / f, $3 / r, ($3 - r) / 1024 }
         { p = $1; t = $2; r = $3; f = $4; c = $5 }' "$D/growth.tmp" | tee -a "$OUT"
    rm -f "$D/growth.tmp"
    say ""
    say "the same extracts as Excel workbooks (.xlsx with shared strings and date cells, made once"
    say "by csv2xlsx): wres reads them through libzip and expat; the floor is libzip + expat with"
    say "empty handlers (xlsxfloor). A worksheet holds at most 1,048,576 rows, so a size over that"
    say "is benchmarked at 1,000,000 rows (its CSV timed again at that size for the last column)"
    say "$(printf '%9s %7s %7s %7s %6s %7s %7s %6s %7s %7s' rows 'xlsx' floor wres ratio 'flr cpu' \
        'wr cpu' ratio 'wres' 'xlsx/')"
    say "$(printf '%9s %7s %7s %7s %6s %7s %7s %6s %7s %7s' '' MB s s wall s s cpu 'RSS MB' 'csv')"
    for n0 in $SIZES; do
        n=$n0
        [ "$n" -gt 1048575 ] && n=1000000
        gen "$n"
        for k in staff leavers; do
            if [ ! -s "$D/$k-$n.xlsx" ]; then
                echo "bench: converting $k-$n.csv to .xlsx (once; kept in $D)" >&2
                "$D/csv2xlsx" "$D/$k-$n.csv" "$D/$k-$n.xlsx.tmp" || die "csv2xlsx failed"
                mv "$D/$k-$n.xlsx.tmp" "$D/$k-$n.xlsx"
            fi
        done
        s=$D/staff-$n.xlsx l=$D/leavers-$n.xlsx
        total=$(( $(bytes "$s") + $(bytes "$l") ))
        cat "$s" "$l" "$D/staff-$n.csv" "$D/leavers-$n.csv" >/dev/null
        measure csv "$RUNS" "$BIN/wres" metrics --staff "$D/staff-$n.csv" \
            --leavers "$D/leavers-$n.csv" --year "$YEAR" --by "Org L3" --format csv
        csv_cpu=$CPU
        measure xfloor "$RUNS" "$D/xlsxfloor" "$s" "$l"; xf_s=$MED xf_cpu=$CPU
        measure xwres "$RUNS" "$BIN/wres" metrics --staff "$s" --leavers "$l" --year "$YEAR" \
            --by "Org L3" --format csv; xw_s=$MED xw_cpu=$CPU xw_rss=$RSS
        say "$(printf '%9s %7s %7s %7s %6s %7s %7s %6s %7s %7s' "$n" "$(mb "$total")" "$xf_s" \
            "$xw_s" "$(div "$xw_s" "$xf_s")x" "$xf_cpu" "$xw_cpu" "$(div "$xw_cpu" "$xf_cpu")x" \
            "$(kb2mb "$xw_rss")" "$(div "$xw_cpu" "$csv_cpu")x")"
    done
    say "(xlsx/csv: wres's CPU time on the workbooks over its CPU time on the same CSV files)"
    say ""
    say "targets: wres within 1.2x of the floor on one core; peak RSS under 64 MB at 1.5M rows"
    if [ -n "$last" ]; then
        verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "-" && a + 0 <= b + 0) ? "met" : "NOT MET" }'; }
        say "at $last rows: cpu $last_ratio x the floor ($(verdict "$last_ratio" 1.2)), peak RSS $last_rss MiB ($(verdict "$last_rss" 61.0))"
    fi
    exit 0
fi

[ "$MODE" = peers ] || die "unknown mode '$MODE' (bench or peers)"

have_pandas=0 have_duckdb=0
if "$PY" -c 'import pandas' 2>/dev/null; then have_pandas=1; else
    say "pandas: skipped ($PY cannot import pandas: apt-get install -y python3-pandas)"
fi
if command -v node >/dev/null 2>&1 && [ -d "$D/node_modules/@duckdb/node-api" ]; then have_duckdb=1; else
    say "DuckDB: skipped (needs node and npm install @duckdb/node-api into $D)"
fi
rows=""
fails=0
for n in $SIZES; do
    gen "$n"
    s=$D/staff-$n.csv l=$D/leavers-$n.csv
    total=$(( $(bytes "$s") + $(bytes "$l") ))
    cat "$s" "$l" >/dev/null
    wres "$s" "$l" >"$D/wres-$n.csv" || die "wres failed on $s"
    measure wres "$PEER_RUNS" "$BIN/wres" metrics --staff "$s" --leavers "$l" --year "$YEAR" \
        --by "Org L3" --format csv; wr_s=$MED wr_cpu=$CPU wr_rss=$RSS
    pd_s=- pd_cpu=- pd_rss=- dk_s=- dk_cpu=- dk_rss=-
    if [ $have_pandas = 1 ]; then
        if "$PY" tools/bench/peer_pandas.py "$s" "$l" "$YEAR" >"$D/pandas-$n.csv" &&
            "$PY" tools/bench/compare_peers.py "$D/wres-$n.csv" "$D/pandas-$n.csv" \
                "pandas at $n rows" | tee -a "$OUT"; then
            measure pandas "$PEER_RUNS" "$PY" tools/bench/peer_pandas.py "$s" "$l" "$YEAR"
            pd_s=$MED pd_cpu=$CPU pd_rss=$(kb2mb "$RSS")
        else
            fails=$((fails + 1))
        fi
    fi
    if [ $have_duckdb = 1 ]; then
        if node tools/bench/peer_duckdb.cjs "$D" "$s" "$l" "$YEAR" >"$D/duckdb-$n.csv" &&
            "$PY" tools/bench/compare_peers.py "$D/wres-$n.csv" "$D/duckdb-$n.csv" \
                "DuckDB at $n rows" | tee -a "$OUT"; then
            measure duckdb "$PEER_RUNS" node tools/bench/peer_duckdb.cjs "$D" "$s" "$l" "$YEAR"
            dk_s=$MED dk_cpu=$CPU dk_rss=$(kb2mb "$RSS")
        else
            fails=$((fails + 1))
        fi
    fi
    rows="$rows$(printf '%9s %6s %7s %7s %7s %7s %7s %7s %6s %6s %7s %7s %7s' "$n" "$(mb "$total")" \
        "$wr_s" "$pd_s" "$dk_s" "$wr_cpu" "$pd_cpu" "$dk_cpu" "$(div "$pd_cpu" "$wr_cpu")x" \
        "$(div "$dk_cpu" "$wr_cpu")x" "$(kb2mb "$wr_rss")" "$pd_rss" "$dk_rss")
"
done
say ""
say "$(printf '%9s %6s %7s %7s %7s %7s %7s %7s %6s %6s %7s %7s %7s' \
    rows MB wres pandas duckdb wres pandas duckdb pd/ dk/ wres pandas duckdb)"
say "$(printf '%9s %6s %7s %7s %7s %7s %7s %7s %6s %6s %7s %7s %7s' \
    '' '' 'wall s' 'wall s' 'wall s' 'cpu s' 'cpu s' 'cpu s' wres wres 'RSS MB' 'RSS MB' 'RSS MB')"
printf '%s' "$rows" | tee -a "$OUT"
say "(pd/ and dk/ wres: CPU time against the toolkit's; RSS in MiB, the largest of the runs;"
say " pandas $("$PY" -c 'import pandas; print(pandas.__version__)' 2>/dev/null || echo -) from Debian, DuckDB $(node -e "console.log(require('$(cd "$D" && pwd)/node_modules/@duckdb/node-api/package.json').version)" 2>/dev/null || echo -) through @duckdb/node-api, one thread)"
[ "$fails" -eq 0 ] || die "$fails peer run(s) failed or differ from the toolkit"
