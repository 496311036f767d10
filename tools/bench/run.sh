#!/bin/sh
# tools/bench/run.sh: the benchmark (make bench) and its peers (make bench-peers).
#
#   sh tools/bench/run.sh bench    wc -l, the byte-loop floor (bytefloor), the
#                                  libcsv floor (csvfloor) and wres side by side
#                                  on each size, pinned to one core; wdes and
#                                  the peak RSS with 5 --by columns at the
#                                  largest size; the .xlsx path beside the CSV;
#                                  report (--suppress 0, also with the
#                                  workbook's deflate level replaced by
#                                  zipshim.c, then with its audit,
#                                  BENCH_REPORT_TIMEOUT 600 s a run) against
#                                  metrics at the largest size
#   sh tools/bench/run.sh peers    wres, pandas and DuckDB (1 and 2 threads) on
#                                  each size, not pinned, checking that the
#                                  peers print the toolkit's figures
#
# Environment: BENCH_DIR (default build/bench: tools, data, results), BIN (bin),
# BENCH_SIZES (default "100000 500000 1500000" staff rows), BENCH_RUNS (5
# rounds), BENCH_PEER_RUNS (BENCH_RUNS). The commands compared are interleaved (one run
# of each per round, A B C A B C ...); the tables give medians, the min-max
# spread, and ratios as the median of each round's ratio. Data files are
# generated once, by gen_staff, and kept (build/bench/staff-N.csv,
# leavers-N.csv), and read once before timing (page cache). runstat gives the
# wall time, user + system CPU time and wait4's ru_maxrss (no /usr/bin/time).
# The tables are printed and written to BENCH_DIR/results-MODE.txt.
set -eu
MODE=${1:-bench}
D=${BENCH_DIR:-build/bench}
BIN=${BIN:-bin}
SIZES=${BENCH_SIZES:-"100000 500000 1500000"}
RUNS=${BENCH_RUNS:-5}
PEER_RUNS=${BENCH_PEER_RUNS:-$RUNS}
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

for t in gen_staff bytefloor csvfloor runstat csv2xlsx xlsxfloor zipshim.so; do
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

NL='
'
OIFS=$IFS
set -f
# cmd WORD...: a command as one word a line, for rounds.
cmd() { printf '%s\n' "$@"; }

# rounds RUNS NAME CMD [NAME CMD]...: run the commands round-robin, RUNS
# rounds (A B C A B C ...: a change in the machine's load falls on all of
# them alike), each through runstat with stdout to /dev/null and stderr to
# $D/stderr.NAME. CMD holds one
# word a line (cmd above); $D/stat.NAME gets a line a run.
rounds() {
    runs=$1
    shift
    nm=""
    for a in "$@"; do
        if [ -z "$nm" ]; then nm=$a; : >"$D/stat.$nm"; else nm=""; fi
    done
    i=0
    while [ "$i" -lt "$runs" ]; do
        nm=""
        for a in "$@"; do
            if [ -z "$nm" ]; then nm=$a; continue; fi
            IFS=$NL
            # shellcheck disable=SC2086
            "$D/runstat" "$D/stat.$nm" $a >/dev/null 2>"$D/stderr.$nm" ||
                die "$nm failed (see $D/stderr.$nm): $a"
            IFS=$OIFS
            nm=""
        done
        i=$((i + 1))
    done
}

# stats NAME: MED and CPU (median wall and user + system seconds), CSPREAD
# and WSPREAD (the CPU and wall time's min-max), RSS (the largest peak, KB) of NAME's runs.
stats() {
    f=$D/stat.$1
    MED=$(median "$f" 1)
    CPU=$(median "$f" 4)
    CSPREAD=$(awk 'NR == 1 || $4 < lo { lo = $4 } NR == 1 || $4 > hi { hi = $4 }
        END { printf "%.2f-%.2f", lo, hi }' "$f")
    WSPREAD=$(awk 'NR == 1 || $1 < lo { lo = $1 } NR == 1 || $1 > hi { hi = $1 }
        END { printf "%.2f-%.2f", lo, hi }' "$f")
    RSS=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$f")
}

# paired A B COLUMN: the ratio A/B of each round (column 1 wall, 4 cpu), as
# "median (min-max)": the runs of one round were taken side by side.
paired() {
    paste -d' ' "$D/stat.$1" "$D/stat.$2" | awk -v c="$3" '$(c + 4) > 0 { print $c / $(c + 4) }' |
        sort -n | awk '{ a[NR] = $1 } END {
            if (NR == 0) { print "-"; exit }
            m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
            printf "%.2fx (%.2f-%.2f)", m, a[1], a[NR] }'
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

# The job: wres (or wdes) on the staff and leavers files of one size.
job() { cmd "$BIN/$1" metrics --staff "$2" --leavers "$3" --year "$YEAR" --by "Org L3" --format csv ${4:-}; }
# --threads 1 for the floor comparison (one core), when wres has the option.
T1=""
if "$BIN/wres" metrics --help 2>&1 | grep -q -- '--threads'; then T1="--threads 1"; fi

# report_rows N: report against metrics at N rows, both as a user runs them
# (default threads, not pinned: report writes its workbook in a second
# process), --out rewritten each run. First --suppress 0 (everything report
# writes but the publication audit), interleaved with metrics; then report
# as it runs by default (the audit included), each run stopped after
# BENCH_REPORT_TIMEOUT seconds (600): "over 600 s" and no more rounds.
report_rows() {
    s=$D/staff-$1.csv l=$D/leavers-$1.csv
    R=$D/report-out
    TO=${BENCH_REPORT_TIMEOUT:-600}
    rep() { cmd "$BIN/wres" report --staff "$s" --leavers "$l" --year "$YEAR" --by "Org L3" --out "$R" "$@"; }
    met=$(cmd "$BIN/wres" metrics --staff "$s" --leavers "$l" --year "$YEAR" --by "Org L3" --format csv)
    say ""
    say "report at $1 rows against metrics (--by \"Org L3\", leavers; default threads, not pinned;"
    say "cpu includes report's child processes). Target: report --suppress 0 at most 1.30x metrics' wall time"
    rh='%-26s %-18s %-18s %-18s %-18s'
    say "$(printf "$rh" '' 'wall s' 'cpu s' 'wall / metrics' 'cpu / metrics')"
    # the same with the workbook's deflate level replaced (zipshim.c): zlib's
    # fastest, then none; what is left is the floor of the libxlsxwriter path
    zs="$(cd "$D" && pwd)/zipshim.so"
    rounds "$RUNS" rmetrics "$met" report0 "$(rep --suppress 0)" \
        report0z1 "$(cmd env ZIPSHIM_LEVEL=1 LD_PRELOAD="$zs"; rep --suppress 0)" \
        report0z0 "$(cmd env ZIPSHIM_LEVEL=0 LD_PRELOAD="$zs"; rep --suppress 0)"
    stored=$(mb "$(bytes "$R/not-for-publication/submission.xlsx")") # the last run's
    stats rmetrics
    say "$(printf "$rh" metrics "$MED ($WSPREAD)" "$CPU ($CSPREAD)" '' '')"
    stats report0
    r0=$(paired report0 rmetrics 1)
    say "$(printf "$rh" 'report --suppress 0' "$MED ($WSPREAD)" "$CPU ($CSPREAD)" "$r0" "$(paired report0 rmetrics 4)")"
    stats report0z1
    say "$(printf "$rh" '  workbook deflate level 1' "$MED ($WSPREAD)" "$CPU ($CSPREAD)" "$(paired report0z1 rmetrics 1)" "$(paired report0z1 rmetrics 4)")"
    stats report0z0
    say "$(printf "$rh" '  workbook stored' "$MED ($WSPREAD)" "$CPU ($CSPREAD)" "$(paired report0z0 rmetrics 1)" "$(paired report0z0 rmetrics 4)")"
    : >"$D/stat.pmetrics"
    : >"$D/stat.report"
    i=0 over=0
    while [ "$i" -lt "$RUNS" ] && [ $over -eq 0 ]; do
        IFS=$NL
        # shellcheck disable=SC2086
        "$D/runstat" "$D/stat.pmetrics" $met >/dev/null 2>"$D/stderr.pmetrics" || die "metrics failed: $met"
        set +e
        # shellcheck disable=SC2086
        "$D/runstat" "$D/stat.report.run" timeout -k 10 "$TO" $(rep) >/dev/null 2>"$D/stderr.report"
        rc=$?
        set -e
        IFS=$OIFS
        if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
            over=1
        elif [ $rc -ne 0 ]; then
            die "report failed (see $D/stderr.report)"
        else
            tail -n 1 "$D/stat.report.run" >>"$D/stat.report"
        fi
        rm -f "$D/stat.report.run"
        i=$((i + 1))
    done
    if [ $over -eq 1 ]; then
        say "$(printf "$rh" 'report (publication)' "over $TO s" '' '' '')"
    else
        stats report
        say "$(printf "$rh" 'report (publication)' "$MED ($WSPREAD)" "$CPU ($CSPREAD)" \
            "$(paired report pmetrics 1)" "$(paired report pmetrics 4)")"
    fi
    say "report --suppress 0 at $1 rows: ${r0%% *} metrics' wall time ($(awk -v a="${r0%%x*}" 'BEGIN { print (a != "-" && a + 0 <= 1.30) ? "met" : "NOT MET" }'));"
    say "  with the workbook stored uncompressed ($stored MB; measured only, through"
    say "  tools/bench/zipshim.c): $(paired report0z0 rmetrics 1 | cut -d' ' -f1), the least libxlsxwriter's workbook allows"
}

say "# $MODE: $(date -u '+%Y-%m-%d %H:%M UTC') $(uname -m), nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)"
[ "$MODE" = peers ] && RUNS=$PEER_RUNS
say "# medians of $RUNS interleaved rounds (A B C A B C ...); spreads are min-max; peak RSS is the largest"
say "# cpu = user + system seconds (less disturbed than wall time when other work shares the machine)"
say "# MB = staff + leavers files (decimal MB)"

if [ "$MODE" = bench ]; then
    say "# floors: wc -l; bytefloor (read() 1 MiB, one branch a byte, RFC 4180 quotes);"
    say "# libcsv (csv_parse, CSV_STRICT, 64 KB chunks, empty callbacks). All pinned: ${PIN:-not pinned (no taskset)}"
    say ""
    hdr='%9s %6s %6s %6s %6s %6s %-18s %-18s %-18s %7s'
    say "$(printf "$hdr" rows MB 'wc -l' byte libcsv wres 'wres/byte' 'wres/byte' 'wres/libcsv' 'wres')"
    say "$(printf "$hdr" '' '' 'cpu s' 'cpu s' 'cpu s' 'cpu s' 'cpu' 'wall' 'cpu' 'RSS MB')"
    last=""
    for n in $SIZES; do
        gen "$n"
        s=$D/staff-$n.csv l=$D/leavers-$n.csv
        total=$(( $(bytes "$s") + $(bytes "$l") ))
        cat "$s" "$l" >/dev/null # warm the page cache
        rounds "$RUNS" wc "$(cmd $PIN wc -l "$s" "$l")" byte "$(cmd $PIN "$D/bytefloor" "$s" "$l")" \
            libcsv "$(cmd $PIN "$D/csvfloor" "$s" "$l")" wres "$(cmd $PIN; job wres "$s" "$l" "$T1")"
        stats wc; wc_cpu=$CPU
        stats byte; by_cpu=$CPU
        stats libcsv; lc_cpu=$CPU
        stats wres; wr_cpu=$CPU wr_rss=$RSS
        r_byte=$(paired wres byte 4)
        say "$(printf "$hdr" "$n" "$(mb "$total")" "$wc_cpu" "$by_cpu" "$lc_cpu" "$wr_cpu" \
            "$r_byte" "$(paired wres byte 1)" "$(paired wres libcsv 4)" "$(kb2mb "$wr_rss")")"
        last=$n last_ratio=${r_byte%%x*}
    done
    say "(ratios: the median of the rounds' ratios, each round's runs side by side; RSS in MiB)"
    if [ -n "$last" ]; then
        s=$D/staff-$last.csv l=$D/leavers-$last.csv
        rounds "$RUNS" wdes "$(cmd $PIN; job wdes "$s" "$l" "$T1")" byte "$(cmd $PIN "$D/bytefloor" "$s" "$l")"
        stats wdes
        say "wdes at $last rows: cpu $CPU s ($CSPREAD), $(paired wdes byte 4) the byte floor's cpu, peak RSS $(kb2mb "$RSS") MiB"
        rounds "$RUNS" by5 "$(cmd "$BIN/wres" metrics --staff "$s" --leavers "$l" --year "$YEAR" \
            --by "Org L3" --by "Pay Band" --by "Staff Group" --by "Occupation Code" \
            --by "Assignment Category" \
            --format csv)"
        stats by5; by5_rss=$(kb2mb "$RSS")
        say "peak RSS with 5 --by columns (Org L3, Pay Band, Staff Group,
Occupation Code, Assignment Category) at $last rows: $by5_rss MiB"
    fi
    say ""
    say "the same extracts as Excel workbooks (.xlsx with shared strings and date cells, made once"
    say "by csv2xlsx): wres reads them through libzip and expat; the floor is libzip + expat with"
    say "empty handlers (xlsxfloor). A worksheet holds at most 1,048,576 rows, so a size over that"
    say "is benchmarked at 1,000,000 rows (its CSV timed again at that size, side by side)"
    xh='%9s %7s %7s %7s %-18s %7s %7s %7s %-18s'
    say "$(printf "$xh" rows 'xlsx' xfloor wres 'wres/xfloor' wres 'xlsx' csv 'xlsx/csv')"
    say "$(printf "$xh" '' MB 'cpu s' 'cpu s' cpu 'RSS MB' 'wall s' 'wall s' cpu)"
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
        rounds "$RUNS" xfloor "$(cmd $PIN "$D/xlsxfloor" "$s" "$l")" \
            xwres "$(cmd $PIN; job wres "$s" "$l" "$T1")" \
            csv "$(cmd $PIN; job wres "$D/staff-$n.csv" "$D/leavers-$n.csv" "$T1")"
        stats xfloor; xf_cpu=$CPU
        stats csv; csv_s=$MED
        stats xwres
        say "$(printf "$xh" "$n" "$(mb "$total")" "$xf_cpu" "$CPU" "$(paired xwres xfloor 4)" \
            "$(kb2mb "$RSS")" "$MED" "$csv_s" "$(paired xwres csv 4)")"
    done
    [ -n "$last" ] && report_rows "$last"
    say ""
    say "targets at the largest size: wres cpu at most 2.0x the byte floor; peak RSS with 5 --by"
    say "columns at most 64 MB (61.0 MiB)"
    if [ -n "$last" ]; then
        verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "-" && a + 0 <= b + 0) ? "met" : "NOT MET" }'; }
        say "at $last rows: cpu ${last_ratio}x the byte floor ($(verdict "$last_ratio" 2.0)), peak RSS with 5 --by $by5_rss MiB ($(verdict "$by5_rss" 61.0))"
    fi
    exit 0
fi

[ "$MODE" = peers ] || die "unknown mode '$MODE' (bench or peers)"

# Peers: wres as a user runs it (its default threads, not pinned) against
# pandas and DuckDB on 1 and 2 threads, all free to use both cores.
have_pandas=0 have_duckdb=0
if "$PY" -c 'import pandas' 2>/dev/null; then have_pandas=1; else
    say "pandas: skipped ($PY cannot import pandas: apt-get install -y python3-pandas)"
fi
if command -v node >/dev/null 2>&1 && [ -d "$D/node_modules/@duckdb/node-api" ]; then have_duckdb=1; else
    say "DuckDB: skipped (needs node and npm install @duckdb/node-api into $D)"
fi
# check NAME LABEL CMD...: the peer's figures against the toolkit's.
check() {
    nm=$1 label=$2
    shift 2
    "$@" >"$D/$nm-$n.csv" && "$PY" tools/bench/compare_peers.py "$D/wres-$n.csv" "$D/$nm-$n.csv" \
        "$label at $n rows" | tee -a "$OUT"
}
ph='%9s %6s %7s %7s %7s %7s %-18s %-18s %-18s %7s %7s %7s %7s'
rows=""
fails=0
for n in $SIZES; do
    gen "$n"
    s=$D/staff-$n.csv l=$D/leavers-$n.csv
    total=$(( $(bytes "$s") + $(bytes "$l") ))
    cat "$s" "$l" >/dev/null
    "$BIN/wres" metrics --staff "$s" --leavers "$l" --year "$YEAR" --by "Org L3" --format csv \
        >"$D/wres-$n.csv" || die "wres failed on $s"
    set -- wres "$(job wres "$s" "$l")"
    if [ $have_pandas = 1 ]; then
        if check pandas pandas "$PY" tools/bench/peer_pandas.py "$s" "$l" "$YEAR"; then
            set -- "$@" pandas "$(cmd "$PY" tools/bench/peer_pandas.py "$s" "$l" "$YEAR")"
        else fails=$((fails + 1)); fi
    fi
    if [ $have_duckdb = 1 ]; then
        for t in 1 2; do
            if check duckdb$t "DuckDB ($t thread(s))" node tools/bench/peer_duckdb.cjs "$D" "$s" "$l" "$YEAR" $t; then
                set -- "$@" duckdb$t "$(cmd node tools/bench/peer_duckdb.cjs "$D" "$s" "$l" "$YEAR" $t)"
            else fails=$((fails + 1)); fi
        done
    fi
    rounds "$RUNS" "$@"
    val() { if [ -s "$D/stat.$1" ] && [ "$(wc -l <"$D/stat.$1")" -eq "$RUNS" ]; then stats "$1"; eval "$2"; else echo -; fi; }
    for p in pandas duckdb1 duckdb2; do
        case " $* " in *" $p "*) ;; *) : >"$D/stat.$p" ;; esac
    done
    stats wres; wr_s=$MED wr_rss=$(kb2mb "$RSS")
    last=$n last_dk2=$(paired duckdb2 wres 1)
    rows="$rows$(printf "$ph" "$n" "$(mb "$total")" "$wr_s" "$(val pandas 'echo $MED')" \
        "$(val duckdb1 'echo $MED')" "$(val duckdb2 'echo $MED')" \
        "$(paired pandas wres 1)" "$(paired duckdb1 wres 1)" "$(paired duckdb2 wres 1)" \
        "$wr_rss" "$(val pandas 'kb2mb $RSS')" "$(val duckdb1 'kb2mb $RSS')" "$(val duckdb2 'kb2mb $RSS')")
"
done
say ""
say "$(printf "$ph" rows MB wres pandas duckdb duckdb 'pandas/wres' 'duckdb 1t/wres' 'duckdb 2t/wres' wres pandas duckdb duckdb)"
say "$(printf "$ph" '' '' 'wall s' 'wall s' '1t wall' '2t wall' wall wall wall 'RSS MB' 'RSS MB' '1t RSS' '2t RSS')"
printf '%s' "$rows" | tee -a "$OUT"
say "(wall-time ratios, the median of the rounds' ratios (min-max); wres with its default threads${T1:+ (the --threads option)};"
say " pandas $("$PY" -c 'import pandas; print(pandas.__version__)' 2>/dev/null || echo -) from Debian, DuckDB $(node -e "console.log(require('$(cd "$D" && pwd)/node_modules/@duckdb/node-api/package.json').version)" 2>/dev/null || echo -) through @duckdb/node-api)"
if [ -n "${last:-}" ] && [ "$last_dk2" != "-" ]; then
    say "target at $last rows: wres at least 6x faster than DuckDB on 2 threads in wall time:" \
        "$last_dk2 ($(awk -v a="${last_dk2%%x*}" 'BEGIN { print (a + 0 >= 6) ? "met" : "NOT MET" }'))"
fi
[ "$fails" -eq 0 ] || die "$fails peer run(s) failed or differ from the toolkit"
