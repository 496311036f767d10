#!/bin/sh
# tests/cli/run.sh: command-line tests: the error contract of design.md, the
# options, and the published reference figures (test_reference.py).
# Expected values are written here by hand (small files under data/, counts
# worked out in the comments) or read from ../shared/reference.
# Environment: WQ_BIN (default bin), WQ_SHARED (default ../shared).
# Ends with the line "N passed, N failed"; exits 1 if anything failed.
set -u
BIN=${WQ_BIN:-bin}
SHARED=${WQ_SHARED:-../shared}
D=tests/cli/data
F=fixtures/2019
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME EXPECTED_RC CMD...: run CMD, keep stdout/stderr in $T/NAME.{out,err}
run() {
    name=$1 want=$2
    shift 2
    "$@" >"$T/$name.out" 2>"$T/$name.err"
    rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else
        bad "$name: exit $rc, expected $want"; sed 's/^/    /' "$T/$name.err" | head -5
    fi
}
# has NAME STREAM TEXT: the output contains TEXT (fixed string)
has() {
    if grep -qF -- "$3" "$T/$1.$2"; then ok; else
        bad "$1: $2 lacks '$3'"; sed 's/^/    /' "$T/$1.$2" | head -5
    fi
}
hasnt() {
    if grep -qF -- "$3" "$T/$1.$2"; then bad "$1: $2 contains '$3'"; else ok; fi
}
# count NAME LABEL VALUE: a line of NAME's stdout reads "LABEL   VALUE"
count() {
    if awk -v l="$2" -v v="$3" '{ t = $0; sub(/^ +/, "", t) }
        index(t, l) == 1 && $NF == v { found = 1 } END { exit !found }' "$T/$1.out"; then ok; else
        bad "$1: no line '$2 ... $3'"; grep -F -- "$2" "$T/$1.out" | sed 's/^/    /' | head -3
    fi
}
empty() {
    if [ -s "$T/$1.$2" ]; then bad "$1: $2 is not empty"; else ok; fi
}
# field NAME AWK_CONDITION EXPECTED: value of the metrics CSV row matching
# the condition (fields: $2 metric $4 breakdown $5 level $6 group $7 ref
# $8 count $9 base $10 value $11 low $12 high $13 flag)
csvrow() {
    awk -F, "$2" "$T/$1.out" | head -1
}

W="$BIN/wres"
V="$BIN/wdes"

# --- usage (64) --------------------------------------------------------------
run usage-none 64 "$W"
run usage-cmd 64 "$W" frobnicate
has usage-cmd err "unknown command 'frobnicate'"
run usage-opt 64 "$W" metrics --staff "$D/staff-small.csv" --frobnicate
has usage-opt err "unknown option '--frobnicate'"
run usage-nostaff 64 "$W" metrics
has usage-nostaff err "needs --staff"
run usage-year 64 "$W" metrics --staff "$D/staff-small.csv" --year 19
run usage-format 64 "$W" metrics --staff "$D/staff-small.csv" --format xml
run usage-ci 64 "$W" metrics --staff "$D/staff-small.csv" --ci bogus
run usage-detail 64 "$V" metrics --staff "$D/staff-small.csv" --detail
run usage-missing-arg 64 "$W" metrics --staff
run help 0 "$W" --help
has help out "Exit status: 0 success, 64 usage, 65 bad input data"
run help-wdes 0 "$V" metrics --help
has help-wdes out "Workforce Disability Equality Standard"
run version 0 "$W" --version
has version out "wres "

# --- input missing (66) ------------------------------------------------------
run missing 66 "$W" metrics --staff "$D/no-such-file.csv"
has missing err "cannot open $D/no-such-file.csv"
empty missing out

# --- bad data (65): each names file:line and the column where there is one --
run no-column 65 "$W" metrics --staff "$D/no-ethnicity.csv"
has no-column err "$D/no-ethnicity.csv:1: missing required column 'Ethnic Origin' (also accepted: Ethnicity, Ethnic Group); the header has: Employee Number, Primary Assignment, Org L3, Ethnicty,"
empty no-column out
# wdes does not need ethnicity, so the same file is fine for it
run no-column-wdes 0 "$V" metrics --staff "$D/no-ethnicity.csv"
run ragged 65 "$W" metrics --staff "$D/ragged.csv"
has ragged err "$D/ragged.csv:4: 10 fields where the header has 9"
empty ragged out
run unbalanced 65 "$W" metrics --staff "$D/unbalanced.csv" --format csv
has unbalanced err "$D/unbalanced.csv:"
has unbalanced err "quote"
empty unbalanced out
run bad-fte 65 "$W" metrics --staff "$D/bad-fte.csv"
has bad-fte err "$D/bad-fte.csv:5: column 'FTE': not an FTE: 'abc'"
empty bad-fte out
run bad-date 65 "$W" metrics --staff "$D/staff-small.csv" --leavers "$D/bad-date.csv" --year 2019
has bad-date err "$D/bad-date.csv:6: column 'Termination Date': not a date: '31/02/2019'"
empty bad-date out
run empty-file 65 "$W" metrics --staff "$D/empty.csv"
has empty-file err "$D/empty.csv: the file is empty"
run by-missing 65 "$W" metrics --staff "$D/staff-small.csv" --by Directorate
has by-missing err "no column 'Directorate' to break down by (--by); the header has: Employee Number,"
# a header-only file is valid and has nobody in it
run header-only 0 "$W" metrics --staff "$D/header-only.csv" --format csv
has header-only out "WRES,declaration,declaration,Trust,All,Known,,0,0,,,,"

# --- --skip-bad-rows lists what it skipped -----------------------------------
run skip 0 "$W" metrics --staff "$D/ragged.csv" --skip-bad-rows --format csv
has skip err "wres: warning: $D/ragged.csv: skipped 1 bad rows:"
has skip err "wres: $D/ragged.csv:4: skipped: 10 fields where the header has 9"
# 11 people less the skipped White one: White 5, BME 4, Unknown 1
has skip out "WRES,1,workforce,Trust,All,White,,5,10,0.5,"
run skip-check 0 "$W" check --staff "$D/ragged.csv" --skip-bad-rows
has skip-check out "excluded: bad row skipped"
has skip-check out "rows read = used + excluded: 11 = 10 + 1"
has skip-check out "skipped: $D/ragged.csv:4: 10 fields where the header has 9"

# --- unknown codes: counted as Unknown and named in a warning ----------------
run unknown 0 "$W" metrics --staff "$D/unknown-codes.csv" --format csv
has unknown err "wres: warning: $D/unknown-codes.csv: column 'Ethnic Origin': 3 rows with values not recognised, counted as Unknown: 'Martian' (2), 'QQ Unheard Of' (1)"
# 3 of the 6 White are unrecognised: White 3, BME 4, Unknown 1 + 3 = 4
has unknown out "WRES,1,workforce,Trust,All,Unknown,,4,11,"
has unknown out "WRES,1,workforce,Trust,All,White,,3,11,"
run unknown-check 0 "$W" check --staff "$D/unknown-codes.csv"
has unknown-check out "unrecognised values in 'Ethnic Origin', counted as Unknown: 3 rows: 'Martian' (2), 'QQ Unheard Of' (1)"
# a trust vocabulary maps them: Martian -> S (Other, BME), QQ -> A (White)
run vocab 0 "$W" metrics --staff "$D/unknown-codes.csv" --vocab "$D/vocab-trust.csv" --format csv
empty vocab err
has vocab out "WRES,1,workforce,Trust,All,BME,,6,11,"
has vocab out "WRES,1,workforce,Trust,All,White,,4,11,"
run vocab-missing 66 "$W" metrics --staff "$D/staff-small.csv" --vocab "$D/none.csv"

# --- leavers: period, reasons, start-of-year average, more leavers than staff -
# in 2018/19: White 3 (one is Employee Transfer), BME 2; one White leaver is
# dated 01/04/2019 (out of period). Start White 10 BME 6, end White 6 BME 4:
# bases 8 and 5. Rates 3/8 and 2/5; ratio 0.4/0.375 = 1.0666...
run start 0 "$W" metrics --staff "$D/staff-small.csv" --staff-start "$D/start-small.csv" \
    --leavers "$D/leavers-small.csv" --year 2019 --format csv
has start out "WRES,leavers,leaving,Trust,All,White,,3,8,0.375,"
has start out "WRES,leavers,leaving,Trust,All,BME,,2,5,0.4000000000000000"
has start out "WRES,leavers,leaving,Trust,All,BME,White,,,1.066666666666666"
# excluding transfers: White 2/8 = 0.25, ratio 0.4/0.25 = 1.6
run reason 0 "$W" metrics --staff "$D/staff-small.csv" --staff-start "$D/start-small.csv" \
    --leavers "$D/leavers-small.csv" --year 2019 --exclude-reason "employee transfer" --format csv
has reason out "WRES,leavers,leaving,Trust,All,BME,White,,,1.6000000000000001,"
run reason-check 0 "$W" check --staff "$D/staff-small.csv" --leavers "$D/leavers-small.csv" \
    --year 2019 --exclude-reason "Employee Transfer"
has reason-check out "excluded: termination date outside the reporting year"
has reason-check out "rows read = used + excluded: 6 = 4 + 2"
# with end-of-year headcounts only: White 3/6 = 0.5, BME 2/4 = 0.5, ratio 1
run endonly 0 "$W" metrics --staff "$D/staff-small.csv" --leavers "$D/leavers-small.csv" --year 2019 --format csv
has endonly out "WRES,leavers,leaving,Trust,All,BME,White,,,1,"
# two BME leavers, one BME in post: the rate is 2 (as the official formula
# gives), no interval, and a warning says so
run over 0 "$W" metrics --staff "$D/staff-over.csv" --leavers "$D/leavers-over.csv" --year 2019 --format csv
has over out "WRES,leavers,leaving,Trust,All,BME,,2,1,2,,,"
has over err "2 leavers but a headcount of 1.0: the rate is over 100% and has no interval"
# the ratio 2 / 0.5 = 4 has no interval either
has over out "WRES,leavers,leaving,Trust,All,BME,White,,,4,,,adverse+small-numbers"

# --- wres --detail: each BME category against White -------------------------
run detail 0 "$W" metrics --staff "$D/staff-small.csv" --leavers "$D/leavers-small.csv" --year 2019 --detail --format csv
# Black: 1 in post (PC), 1 leaver (M); White 3/6 -> ratio 2
has detail out "WRES,leavers,leaving,Trust,All,Black,White,,,2,"
# Chinese: 1 in post, no leaver -> ratio 0 with a finite upper bound
has detail out "WRES,leavers,leaving,Trust,All,Chinese,White,,,0,0,"
has detail out "WRES,1,workforce,Trust,All,Asian,,1,11,"

# --- --by: breakdown rows, quoting of a name with a comma --------------------
run by 0 "$W" metrics --staff "$D/staff-small.csv" --by "Org L3" --format csv
has by out 'WRES,1,workforce,Org L3,"Finance, Corporate",BME,,3,4,0.75,'
has by out "WRES,declaration,declaration,Org L3,Ops,Known,,6,7,"

# --- formats ------------------------------------------------------------------
run json 0 "$W" metrics --staff "$D/staff-small.csv" --format json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["standard"]=="WRES" and len(d["metrics"])>10' "$T/json.out"; then ok; else bad "json output does not parse"; fi
run csv-header 0 "$W" metrics --staff "$D/staff-small.csv" --format csv
if head -1 "$T/csv-header.out" | grep -q '^standard,metric,measure,breakdown,level,group,reference,count,base,value,low,high,flag'; then ok; else bad "csv header"; fi

# --- writing: a full disk fails loudly with 74 --------------------------------
if [ -w /dev/full ]; then
    for fmt in table csv json; do
        "$W" metrics --staff "$F/staff-in-post-2019-03-31.csv" --format "$fmt" >/dev/full 2>"$T/full.err"
        if [ $? -eq 74 ]; then ok; else bad "--format $fmt to /dev/full: expected exit 74"; fi
        has full err "wres: error writing output: No space left on device"
    done
    "$V" check --staff "$F/staff-in-post-wdes-2019.csv" >/dev/full 2>/dev/null
    if [ $? -eq 74 ]; then ok; else bad "wdes check to /dev/full: expected exit 74"; fi
fi

# --- every row accounted for, on the fixtures --------------------------------
run check-fixture 0 "$W" check --staff "$F/staff-in-post-2019-03-31.csv" \
    --leavers "$F/leavers-2018-19.csv" --year 2019 --exclude-reason "Merged Organisation"
hasnt check-fixture out "MISMATCH"
# bank rows, counted from the file itself with Python's csv module
banks=$(python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r["Assignment Category"]=="Bank"))' "$F/staff-in-post-2019-03-31.csv")
rows=$(python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1]))))' "$F/staff-in-post-2019-03-31.csv")
count check-fixture "excluded: bank assignment" "$banks"
count check-fixture "rows read" "$rows"
run check-wdes 0 "$V" check --staff "$F/staff-in-post-wdes-2019.csv"
# 3765 people: the total of ../shared/reference/wdes-2019-metric1.csv
count check-wdes "rows used (people counted)" 3765

# --- personal data stays in: no employee number in any output ---------------
ids="$T/ids"
python3 -c 'import csv,sys
for p in sys.argv[1:]:
    for r in csv.reader(open(p, encoding="utf-8-sig")):
        print(r[0])' "$F/staff-in-post-2019-03-31.csv" "$F/leavers-2018-19.csv" | sed 1d | sort -u >"$ids"
for fmt in table csv json; do
    "$W" metrics --staff "$F/staff-in-post-2019-03-31.csv" --leavers "$F/leavers-2018-19.csv" \
        --year 2019 --by "Org L3" --by "Org L4" --detail --format "$fmt" >"$T/pii.$fmt" 2>&1
done
"$W" check --staff "$F/staff-in-post-2019-03-31.csv" --leavers "$F/leavers-2018-19.csv" --year 2019 >"$T/pii.check" 2>&1
leaks=$(cat "$T"/pii.* | tr -c '0-9' '\n' | grep -xFf "$ids" | head -3)
if [ -z "$leaks" ]; then ok; else bad "an employee number appears in the output"; fi

# --- published reference figures ----------------------------------------------
if python3 tests/cli/test_reference.py "$BIN" "$SHARED" >"$T/ref.out" 2>&1; then ok; else bad "reference figures"; fi
grep -E '^(FAIL|reference:)' "$T/ref.out"
refpass=$(sed -n 's/^reference: \([0-9]*\) passed.*/\1/p' "$T/ref.out")
refpass=${refpass:-0}

echo "cli: $((pass + refpass)) passed, $fail failed"
[ "$fail" -eq 0 ]
