#!/bin/sh
# tests/valgrind/run.sh: the unit tests and a representative set of CLI runs
# under valgrind (make check-valgrind).
#
#   run.sh BIN_DIR UNIT_TEST...
#
# Every job runs as
#   valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
#            --suppressions=tests/valgrind.supp -q ...
# and passes when it exits with the status it should (0, or the error code a
# failing command is expected to give: 64, 65, 66, 73) and valgrind reported
# nothing (exit 99 means a memory error or a definite leak). Jobs run
# VALGRIND_JOBS (default 2) at a time; the log of a failed job is printed.
# Environment: VALGRIND (valgrind), VALGRIND_JOBS (2).
set -u
BIN=${1:?usage: run.sh BIN_DIR UNIT_TEST...}
shift
VALGRIND=${VALGRIND:-valgrind}
JOBS=${VALGRIND_JOBS:-2}
export LC_ALL=C

if ! command -v "$VALGRIND" >/dev/null 2>&1; then
    echo "check-valgrind: '$VALGRIND' not found: apt-get install valgrind" >&2
    exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-valgrind.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/jobs" "$T/out" "$T/logs"
VG="$VALGRIND --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
--show-leak-kinds=definite --num-callers=40 --suppressions=$(pwd)/tests/valgrind.supp -q"

n=0
# job NAME EXPECTED_STATUS CMD...: queue CMD (arguments are quoted for sh)
job() {
    name=$1 want=$2
    shift 2
    n=$((n + 1))
    f=$(printf '%s/jobs/%03d-%s.sh' "$T" "$n" "$name")
    {
        printf 'cd %s || exit 1\n' "'$(pwd)'"
        printf 'start=$(date +%%s)\n'
        printf '%s' "$VG"
        for a in "$@"; do
            printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
        done
        printf ' >"%s/logs/%s.out" 2>"%s/logs/%s.log"\n' "$T" "$name" "$T" "$name"
        printf 'rc=$?\n'
        printf 'echo $(($(date +%%s) - start)) >"%s/logs/%s.time"\n' "$T" "$name"
        printf 'if [ $rc -eq %s ]; then : >"%s/logs/%s.ok"; else echo $rc >"%s/logs/%s.fail"; fi\n' \
            "$want" "$T" "$name" "$T" "$name"
    } >"$f"
}

for t in "$@"; do
    job "unit-$(basename "$t")" 0 "$t"
done

W=$BIN/wres
V=$BIN/wdes
CFG=fixtures/trust-2019.ini
D=tests/cli/data
for p in wres wdes; do
    for fmt in csv json table; do
        job "$p-metrics-$fmt" 0 "$BIN/$p" metrics --config "$CFG" --format "$fmt"
    done
    job "$p-check" 0 "$BIN/$p" check --config "$CFG"
    job "$p-report" 0 "$BIN/$p" report --config "$CFG" --out "$T/out/$p-report"
done
job wres-trend 0 "$W" trend tests/reference/wres-history-2016-2019.csv --out "$T/out/wres-trend"
job wres-trend-svg 0 "$W" trend fixtures/history/wres-history-2016-2019.csv --out "$T/out/wres-trend-svg" --chart-format svg
# two years of metrics by Org L3: small multiples and trend-levels.csv
"$W" metrics --config "$CFG" --year 2018 --format csv >"$T/m2018.csv" 2>/dev/null
"$W" metrics --config "$CFG" --format csv >"$T/m2019.csv" 2>/dev/null
job wres-trend-levels 0 "$W" trend "$T/m2018.csv" "$T/m2019.csv" --out "$T/out/wres-trend-levels"
# two trusts of one year compared (caterpillar and funnel plots, compare.html)
"$W" metrics --config "$CFG" --trust "Trust B" --exclude-reason Voluntary --format csv \
    >"$T/m2019b.csv" 2>/dev/null
job wres-compare 0 "$W" compare "$T/m2019.csv" "$T/m2019b.csv" --name "$T/m2019.csv=Trust A" \
    --out "$T/out/wres-compare"
job wres-detail 0 "$W" metrics --staff "$D/staff-small.csv" --leavers "$D/leavers-small.csv" --by "Org L3" --detail --vocab "$D/vocab-trust.csv"
# a workbook (libzip, expat) and UTF-16 (iconv) read inside the CLI
H=tests/hostile/data
job wres-xlsx-utf16 0 "$W" check --staff "$H/staff-xlsx-two-sheets.xlsx" --sheet Staff \
    --leavers "$H/staff-utf16.csv"
# the error paths free what they allocated, too
job xlsx-missing-sheet 65 "$V" metrics --staff "$H/staff-xlsx-two-sheets.xlsx" --sheet Nope
job utf16-malformed 65 "$W" metrics --staff "$H/staff-utf16-malformed.csv"
job xls-refused 65 "$W" metrics --staff "$H/staff-xls-ole2.xls"
job usage-error 64 "$W" metrics --staff "$D/staff-small.csv" --frobnicate
job missing-input 66 "$V" metrics --staff "$D/no-such-file.csv"
job ragged-input 65 "$W" metrics --staff "$D/ragged.csv"
job unbalanced-input 65 "$V" check --staff "$D/unbalanced.csv"
job bad-config 65 "$W" metrics --config "$D/config-unknown-key.ini"
job report-cant-create 73 "$W" report --config "$CFG" --out /proc/no/such/report

echo "check-valgrind: $n jobs, $JOBS at a time"
ls "$T"/jobs/*.sh | xargs -P "$JOBS" -n 1 sh

fail=0
for f in "$T"/jobs/*.sh; do
    name=$(basename "$f" .sh)
    name=${name#*-}
    secs=$(cat "$T/logs/$name.time" 2>/dev/null || echo '?')
    if [ -f "$T/logs/$name.ok" ]; then
        echo "ok   $name (${secs}s)"
    else
        fail=1
        rc=$(cat "$T/logs/$name.fail" 2>/dev/null || echo '?')
        if [ "$rc" = 99 ]; then why="valgrind found errors"; else why="exit $rc"; fi
        echo "FAIL $name ($why, ${secs}s)"
        sed 's/^/    /' "$T/logs/$name.log" | head -60
    fi
done
if [ $fail -ne 0 ]; then
    echo "check-valgrind: FAILED" >&2
    exit 1
fi
echo "check-valgrind: all $n jobs clean"
