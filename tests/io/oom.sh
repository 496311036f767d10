#!/bin/sh
# tests/io/oom.sh: bounded memory and out of memory (make check-io).
#
#   oom.sh [BIN_DIR]          (default bin)
#
# 1. Inputs that would take unbounded memory are refused in bounded memory,
#    under `ulimit -v` (so that a regression fails here instead of eating the
#    machine): /dev/zero as --staff, --vocab and --config, and a 20 MB file
#    with no line end, exit 65 within seconds naming file:line and the limit
#    (before the limits, the 20 MB line ran out of memory: exit 71).
# 2. Memory that runs out anywhere in a run is exit 71 (or 74), never a
#    signal or a hang: tests/io/fail_malloc.c (built with $CC) makes every
#    allocation after the first K fail; K goes over the whole run, from the
#    end of start-up (the allocations made by a run that stops at once) to
#    the last allocation, for report (over an existing report, which must
#    survive unchanged, with no .tmp- or .old- folder left), trend and
#    metrics (nothing on stdout). WQ_OOM_RUNS (default 150) is the number of
#    values of K per command.
# 3. A real address-space limit: report --by "Org L3" on a generated 200,000
#    row extract (tools/bench/gen_staff.c) under ulimit -v from 60 MB up to
#    what it needs: exit 0 or 71, never a signal, nothing left behind.
# 4. A workbook of 10,000 levels in bounded memory, and the same report
#    published (its audit in bounded memory too).
# 5. The workbook (a child process started before the publication audit)
#    and the audit (another child) failing, each alone and both, over an
#    existing report: the message of the step that comes first when they run
#    in turn (the audit, then the workbook), the previous report unchanged,
#    nothing left behind, no process of the run left. The workbook fails
#    under `ulimit -f` (its sheet's temporary file, 2.7 MB, is the largest
#    file of the run; 2000 blocks is 1 or 2 MB as the shell counts them),
#    the audit under `ulimit -t` (it is the only step that needs seconds of
#    CPU on an 800-row extract by directorate).
set -u
BIN=${1:-bin}
export LC_ALL=C
RUNS=${WQ_OOM_RUNS:-150}
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-oom.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 2' INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
CC=${CC:-cc}
if ! $CC -shared -fPIC -O2 -o "$T/fail_malloc.so" tests/io/fail_malloc.c 2>"$T/cc.err" ||
   ! $CC -O2 -o "$T/gen_staff" tools/bench/gen_staff.c 2>>"$T/cc.err"; then
    echo "check-io: cannot build the test helpers:" >&2
    cat "$T/cc.err" >&2
    exit 1
fi
FIX=fixtures/2019
CFG=fixtures/trust-2019.ini
HIST=fixtures/history/wres-history-2016-2019.csv

# --- 1. bounded memory ----------------------------------------------------------
# bounded NAME WANT-TEXT CMD...: exit 65 in under 10 s within 60 MB of
# address space (the program itself needs about 30), stderr holding WANT-TEXT.
bounded() {
    name=$1 want=$2
    shift 2
    (ulimit -v 60000 && exec timeout -s KILL 10 "$@") >"$T/out" 2>"$T/err"
    rc=$?
    if [ $rc -ne 65 ]; then
        bad "$name: exit $rc, want 65: $(head -c 300 "$T/err")"
    elif ! grep -qF -- "$want" "$T/err"; then
        bad "$name: stderr lacks '$want': $(head -c 300 "$T/err")"
    elif [ -s "$T/out" ]; then
        bad "$name: wrote to stdout"
    else
        ok
    fi
}
head -c 20000000 /dev/zero | tr '\0' 'x' >"$T/long.csv"
bounded staff-dev-zero "/dev/zero:1: NUL byte in field 1" \
    "$BIN/wres" metrics --staff /dev/zero
bounded staff-20mb-no-line-end "$T/long.csv:1: field 1: a record longer than 1 MiB (1048576 bytes)" \
    "$BIN/wdes" check --staff "$T/long.csv"
bounded vocab-dev-zero "/dev/zero:1: NUL byte in field 1" \
    "$BIN/wres" metrics --staff "$FIX/staff-in-post-2019-03-31.csv" --vocab /dev/zero
bounded config-dev-zero "/dev/zero:1: NUL byte" "$BIN/wres" metrics --config /dev/zero
bounded report-dev-zero "/dev/zero:1: NUL byte" "$BIN/wres" report --staff /dev/zero --out "$T/r0"
[ -e "$T/r0" ] && bad "report-dev-zero: left $T/r0"

# --- 2. every allocation failing in turn ----------------------------------------
# calls CMD...: how many allocations CMD makes.
calls() {
    rm -f "$T/count"
    WQ_FAIL_COUNT="$T/count" LD_PRELOAD="$T/fail_malloc.so" "$@" >/dev/null 2>&1
    cat "$T/count" 2>/dev/null || echo 0
}
# tree DIR: a fingerprint of every file under DIR.
tree() {
    (cd "$1" && find . -type f | sort | xargs sha256sum)
}
# oom NAME KIND CMD...: run CMD with allocations failing after K, for RUNS
# values of K from the start-up count to the whole run's. KIND report,
# trend or compare: CMD writes $T/o/prev, which holds a previous folder of that kind
# (a copy of $T/prev-KIND); stdout: CMD prints to stdout.
oom() {
    name=$1 kind=$2
    shift 2
    # the start-up: a report loads the fonts first (chart_fonts_init), a
    # metrics run does not, and reads with few allocations since issue 14
    if [ "$kind" = stdout ]; then
        from=$(calls "$BIN/wres" metrics --staff "$T/no-such-file.csv")
    else
        from=$(calls "$BIN/wres" report --staff "$T/no-such-file.csv" --out "$T/none")
    fi
    [ "$kind" != stdout ] && rm -rf "$T/o/prev" && cp -R "$T/prev-$kind" "$T/o/prev"
    to=$(calls "$@")
    if [ "$from" -le 0 ] || [ "$to" -le "$from" ]; then
        bad "$name: cannot count the allocations ($from, $to)"
        return
    fi
    step=$(((to - from) / RUNS + 1))
    k=$from
    failed=0
    while [ $k -le "$to" ] && [ $failed -eq 0 ]; do
        [ "$kind" != stdout ] && rm -rf "$T/o/prev" && cp -R "$T/prev-$kind" "$T/o/prev"
        WQ_FAIL_AFTER=$k LD_PRELOAD="$T/fail_malloc.so" timeout -s KILL 20 "$@" \
            >"$T/out" 2>"$T/err"
        rc=$?
        what="$name, allocations failing after $k of $to"
        case $rc in
        0) ;; # nothing allocated after K
        71 | 74)
            if [ -s "$T/out" ]; then
                bad "$what: exit $rc but wrote to stdout"; failed=1
            fi
            if [ "$kind" != stdout ] && [ "$(tree "$T/o/prev")" != "$(tree "$T/prev-$kind")" ]; then
                bad "$what: exit $rc and the previous report changed"; failed=1
            fi
            ;;
        *)
            bad "$what: exit $rc (want 71 or 74, 0 at the very end): $(tail -c 300 "$T/err")"
            failed=1
            ;;
        esac
        if [ "$kind" != stdout ] && ls -A "$T/o" | grep -q '\.tmp-\|\.old-'; then
            bad "$what: left $(ls -A "$T/o" | tr '\n' ' ')"; failed=1
        fi
        k=$((k + step))
    done
    [ $failed -eq 0 ] && ok
}
mkdir -p "$T/o"
"$BIN/wres" report --staff "$FIX/staff-in-post-2019-03-31.csv" --out "$T/prev-report" \
    >/dev/null 2>&1 || bad "cannot write the previous report"
"$BIN/wres" trend "$HIST" --out "$T/prev-trend" >/dev/null 2>&1 ||
    bad "cannot write the previous trend folder"
oom report-staff report "$BIN/wres" report --staff "$FIX/staff-in-post-2019-03-31.csv" \
    --by "Org L3" --out "$T/o/prev"
oom report-config report "$BIN/wdes" report --config "$CFG" --out "$T/o/prev"
oom trend trend "$BIN/wres" trend "$HIST" --out "$T/o/prev"
# a trend by directorate (small multiples, trend-levels.csv)
"$BIN/wres" metrics --config "$CFG" --year 2018 --format csv >"$T/m2018.csv" 2>/dev/null
"$BIN/wres" metrics --config "$CFG" --format csv >"$T/m2019.csv" 2>/dev/null
oom trend-levels trend "$BIN/wres" trend "$T/m2018.csv" "$T/m2019.csv" --out "$T/o/prev"
# two trusts compared, over a previous compare folder
"$BIN/wres" metrics --config "$CFG" --trust "Trust B" --exclude-reason Voluntary --format csv \
    >"$T/m2019b.csv" 2>/dev/null
"$BIN/wres" compare "$T/m2019.csv" "$T/m2019b.csv" --name "$T/m2019.csv=Trust A" \
    --out "$T/prev-compare" >/dev/null 2>&1 || bad "cannot write the previous compare folder"
oom compare compare "$BIN/wres" compare "$T/m2019.csv" "$T/m2019b.csv" \
    --name "$T/m2019.csv=Trust A" --out "$T/o/prev"
oom metrics-json stdout "$BIN/wres" metrics --config "$CFG" --format json
# a workbook (libzip, expat) and Unicode Text (iconv) as inputs
oom metrics-xlsx stdout "$BIN/wres" metrics --config "$CFG" --format json \
    --staff tests/hostile/data/staff-xlsx-two-sheets.xlsx --sheet staff=Staff
oom metrics-utf16 stdout "$BIN/wdes" metrics --config "$CFG" --format json \
    --staff tests/hostile/data/staff-utf16.csv

# --- 3. a real limit on the address space -------------------------------------
"$T/gen_staff" 200000 "$T/staff.csv" "$T/leavers.csv" >/dev/null
v=60000
while [ $v -le 400000 ]; do
    rm -rf "$T/o"/*
    # --suppress 0: the reading, the tables and the workbook under a real
    # limit; publication mode's audit (GLPK, in a child process) over 200
    # directorates of 200,000 rows needs more than a minute and 400 MB, and
    # is measured by make bench-suppress instead
    (ulimit -v $v && exec timeout -s KILL 60 "$BIN/wres" report --staff "$T/staff.csv" \
        --leavers "$T/leavers.csv" --by "Org L3" --suppress 0 --out "$T/o/big") >/dev/null 2>"$T/err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 71 ]; then
        bad "ulimit -v $v: exit $rc (want 0 or 71): $(tail -c 300 "$T/err")"
        break
    fi
    if ls -A "$T/o" | grep -q '\.tmp-\|\.old-'; then
        bad "ulimit -v $v: left $(ls -A "$T/o" | tr '\n' ' ')"
        break
    fi
    [ $rc -eq 0 ] && break
    v=$((v + 10000))
done
[ $rc -eq 0 ] && ok
[ $rc -eq 71 ] && bad "ulimit -v 400000 is still not enough"

# --- 4. a workbook of 10,000 levels in bounded memory ---------------------------
# (issue 14: report with 10,000 levels under 300 MB; libxlsxwriter's constant-
# memory mode and "All figures" drawn row by row. It took 1 GB before.)
awk 'NR == 1 { print $0 ",Team"; next } { print $0 ",T" (NR % 10000) }' "$T/staff.csv" \
    >"$T/staff-teams.csv"
rm -rf "$T/o"/*
# (--suppress 0: the published copy of a 1.5M-row table would double it)
(ulimit -v 400000 && exec timeout -s KILL 120 "$BIN/wres" report --staff "$T/staff-teams.csv" \
    --by Team --suppress 0 --out "$T/o/teams") >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$T/o/teams/not-for-publication/submission.xlsx" ]; then ok; else
    bad "10,000 levels under ulimit -v 400000: exit $rc: $(tail -c 300 "$T/err")"
fi
# The same published (the default): the breakdown is withheld whole (over
# SUPPRESS_MAX_LEVELS), and the audit's LPs hold only what is in a relation
# (its cells were whole-table LP columns: the audit took 700 MB, exit 71 here)
(ulimit -v 400000 && exec timeout -s KILL 120 "$BIN/wres" report --staff "$T/staff-teams.csv" \
    --by Team --out "$T/o/teams-pub") >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "too many to check" "$T/o/teams-pub/report.html"; then ok; else
    bad "10,000 levels published under ulimit -v 400000: exit $rc: $(tail -c 300 "$T/err")"
fi

# --- 5. the workbook and the audit failing ------------------------------------
"$T/gen_staff" 800 "$T/s800.csv" "$T/l800.csv" >/dev/null
rm -rf "$T/o"/*
"$BIN/wres" report --config "$CFG" --out "$T/o/prev" >/dev/null 2>&1 ||
    bad "cannot write the previous report"
cp -R "$T/o/prev" "$T/prev-5"
# limited NAME WANT-RC WANT LIMIT... -- ARGS...: wres report ARGS over
# $T/o/prev under `ulimit LIMIT...`; WANT: a shell pattern for stderr (but
# the warnings)
limited() {
    name=$1 want_rc=$2 want=$3
    shift 3
    lim=""
    while [ "$1" != "--" ]; do lim="$lim ulimit $1 $2 &&"; shift 2; done
    shift
    (eval "$lim true" && exec "$BIN/wres" report --staff "$T/s800.csv" --leavers "$T/l800.csv" \
        --by "Org L3" "$@" --out "$T/o/prev") >"$T/out" 2>"$T/err"
    rc=$?
    if [ $rc -ne "$want_rc" ]; then
        bad "$name: exit $rc, want $want_rc: $(tail -c 300 "$T/err")"
    elif ! case $(grep -v ': warning: ' "$T/err") in $want) true ;; *) false ;; esac; then
        bad "$name: stderr is not '$want': $(tail -c 300 "$T/err")"
    elif [ -s "$T/out" ]; then
        bad "$name: wrote to stdout"
    elif [ "$(tree "$T/o/prev")" != "$(tree "$T/prev-5")" ]; then
        bad "$name: the previous report changed"
    elif ls -A "$T/o" | grep -q '\.tmp-\|\.old-'; then
        bad "$name: left $(ls -A "$T/o" | tr '\n' ' ')"
    elif ps -eo args | grep -F -- "$T/o/prev" | grep -qv grep; then
        bad "$name: a process of the run is left"
    else
        ok
    fi
}
# (the temporary folder's name is random)
xfsz="wres: $T/o/prev.tmp-*/not-for-publication/submission.xlsx: the workbook library \
(libxlsxwriter) stopped: a file reached the file-size limit (ulimit -f)"
limited workbook-fsize-nopub 74 "$xfsz" -f 2000 -- --suppress 0
limited workbook-fsize 74 "$xfsz" -f 2000 --
xcpu="wres: publication mode: the LP solver (GLPK) stopped: it reached the CPU-time limit \
(ulimit -t)"
limited audit-cpu 71 "$xcpu" -t 2 --
limited both 71 "$xcpu" -f 2000 -t 2 --

echo "oom: $pass passed, $fail failed"
[ $fail -eq 0 ]
