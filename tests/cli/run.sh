#!/bin/sh
# tests/cli/run.sh: command-line tests: the error contract of docs/design.md section 4, the
# options, and the published reference figures (test_reference.py).
# Expected values are written here by hand (small files under data/, counts
# worked out in the comments) or read from tests/reference.
# Environment: WQ_BIN (default bin).
# Ends with the line "N passed, N failed"; exits 1 if anything failed.
set -u
BIN=${WQ_BIN:-bin}
REF=tests/reference
D=tests/cli/data
F=fixtures/2019
SUITE=cli
. "$(dirname "$0")/../lib.sh"

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
has usage-nostaff err "needs inputs: --staff FILE"
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
run version-cmd 0 "$V" trend --version
has version-cmd out "wdes "
# -h is --help; each command's help lists its own options only
run help-h 0 "$W" -h
has help-h out "Commands:"
has help-h out "--chart-format FMT"
run help-metrics 0 "$W" metrics -h
has help-metrics out "Usage: wres metrics [INPUTS] [OPTIONS]"
has help-metrics out "--format FMT"
has help-metrics out "--detail"
hasnt help-metrics out "--chart-format"
hasnt help-metrics out "--out DIR"
run help-report 0 "$W" report --help
has help-report out "--history FILE"
has help-report out "--out DIR"
hasnt help-report out "--format FMT"
run help-trend 0 "$V" trend -h
has help-trend out "Usage: wdes trend FILE... --out DIR"
has help-trend out "--chart-format FMT"
hasnt help-trend out "--staff"
run help-check 0 "$V" check --help
has help-check out "--staff FILE"
has help-check out "71 out of memory"
hasnt help-check out "--detail"
hasnt help-check out "--training"
hasnt help-check out "--mandatory-courses"
# -h stops at once, like --help, whatever follows
run help-h-first 0 "$W" metrics -h --frobnicate

# --- '-' is standard input; only one input may be '-' ----------------------
# the same figures as from the file (6 White, 4 BME of 11; 3 and 2 leavers)
run stdin-staff 0 "$W" metrics --staff - --leavers "$D/leavers-small.csv" --year 2019 \
    --format csv <"$D/staff-small.csv"
has stdin-staff out "WRES,leavers,leaving,Trust,All,BME,White,,,1,"
run stdin-leavers 0 "$W" metrics --staff "$D/staff-small.csv" --leavers - --year 2019 \
    --format csv <"$D/leavers-small.csv"
has stdin-leavers out "WRES,leavers,leaving,Trust,All,BME,White,,,1,"
run stdin-two 64 "$W" metrics --staff - --leavers - </dev/null
has stdin-two err "2 inputs are '-': standard input can be read only once"
empty stdin-two out
run stdin-trend-two 64 "$W" trend - - --out "$T/never" </dev/null
has stdin-trend-two err "standard input can be read only once"
if [ -e "$T/never" ]; then bad "stdin-trend-two: wrote $T/never"; else ok; fi
printf 'Employee Number,Ethnic Origin,Pay Band,Staff Group\n1,A,Band 5,Nursing\n2,"B,Band 5,Nursing\n' \
    >"$T/unbalanced-stdin.csv"
run stdin-name 65 "$W" metrics --staff - <"$T/unbalanced-stdin.csv"
has stdin-name err "wres: <stdin>:3: unbalanced quotes"
empty stdin-name out
run stdin-check 0 "$V" check --staff - <"$D/staff-small.csv"
has stdin-check out "staff in post: <stdin>"
# a config from standard input: its paths are relative to the current folder
Wabs=$(cd "$(dirname "$W")" && pwd)/wres
(cd "$D" && "$Wabs" metrics --config - --format csv <config-small.ini \
    >"$T/stdin-config.out" 2>"$T/stdin-config.err")
rc=$?
if [ "$rc" -eq 0 ]; then ok; else bad "stdin-config: exit $rc"; fi
has stdin-config out "WRES,leavers,leaving,Trust,All,BME,White,"
run stdin-config-two 64 "$W" metrics --config - --staff - <"$D/config-small.ini"

# --- input missing (66) ------------------------------------------------------
run missing 66 "$W" metrics --staff "$D/no-such-file.csv"
has missing err "cannot open $D/no-such-file.csv"
empty missing out

# --- bad data (65): each names file:line and the column where there is one --
run no-column 65 "$W" metrics --staff "$D/no-ethnicity.csv"
has no-column err "$D/no-ethnicity.csv:1: missing required column 'Ethnic Origin' (also accepted: Ethnicity, Ethnic Group) [nearest header: --column ethnicity=\"Ethnicty\"]; the header has: Employee Number, Primary Assignment, Org L3, Ethnicty,"
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
# identifiers in the ethnicity column are counted, never listed: 25 names
# each on one row (one of many: 25 >= 20 distinct values), a mostly-digit
# value on two rows (E1234567-2: 8 digits, 2 other characters), beside
# 'Martian' on two rows and 'QQ Unheard Of' on one, which stay listed
# (27 values: 'QQ Unheard Of' is one of many on one row too, so it is counted)
{ echo "Employee Number,Ethnic Origin,Pay Band,Staff Group"
  i=0
  for n in Ada Ben Cai Dov Eli Fay Gus Hal Ivy Jon Kit Lev Mae Ned Oto Pia Quy Rex Sam Tua \
           Uma Vic Wes Xan Yul; do
      i=$((i + 1)); echo "$i,$n Person,Band 5,Allied Health Professionals"
  done
  echo "91,E1234567-2,Band 5,Allied Health Professionals"
  echo "92,E1234567-2,Band 5,Allied Health Professionals"
  echo "93,Martian,Band 5,Allied Health Professionals"
  echo "94,Martian,Band 5,Allied Health Professionals"
  echo "95,QQ Unheard Of,Band 5,Allied Health Professionals"
} >"$T/names.csv"
run names 0 "$W" check --staff "$T/names.csv"
has names out "unrecognised values in 'Ethnic Origin', counted as Unknown: 30 rows: 'Martian' (2), 27 values that look like identifiers (not shown)"
hasnt names out "Person"
hasnt names out "E1234567"
# five of them: no longer many, only the mostly-digit one is counted
head -6 "$T/names.csv" >"$T/names5.csv"; tail -5 "$T/names.csv" >>"$T/names5.csv"
run names5 0 "$W" metrics --staff "$T/names5.csv"
has names5 err "10 rows with values not recognised, counted as Unknown: 'Ada Person' (1), 'Ben Person' (1), 'Cai Person' (1), 'Dov Person' (1), 'Eli Person' (1), 'Martian' (2), 'QQ Unheard Of' (1), 1 value that looks like an identifier (not shown) (add them"
hasnt names5 err "E1234567"
# --by a column whose values are mostly single people: refused (64) when it
# has 20 or more levels and more than half are one person each. Teams:
# SINGLE teams of one person, then 25 - SINGLE teams of three.
teams() {
    echo "Employee Number,Ethnic Origin,Pay Band,Staff Group,Team,Payroll Ref"
    awk -v single="$1" 'BEGIN { id = 70000000
        for (t = 1; t <= 25; t++)
            for (k = 0; k < (t <= single ? 1 : 3); k++)
                printf "%d,A White - British,Band 5,Allied Health Professionals,Team %02d,P%d\n",
                    ++id, t, id }'
}
teams 13 >"$T/teams13.csv"
teams 12 >"$T/teams12.csv"
run by-singles 64 "$W" metrics --staff "$T/teams13.csv" --by Team
has by-singles err "--by 'Team': 13 of its 25 values are one person each: it is an identifier column"
hasnt by-singles err "Team 01"
empty by-singles out
# 12 of 25 single-person teams: a small-directorate breakdown, accepted
run by-small-teams 0 "$W" metrics --staff "$T/teams12.csv" --by Team --format csv
has by-small-teams out "WRES,1,workforce,Team,Team 01,White,,1,1,"
has by-small-teams out "WRES,1,workforce,Team,Team 25,White,,3,3,"
# a payroll reference (not an identifier by name): every value one person
run by-payroll 64 "$W" report --staff "$T/teams12.csv" --by Team --by "Payroll Ref" --out "$T/payroll"
has by-payroll err "--by 'Payroll Ref': 51 of its 51 values are one person each"
hasnt by-payroll err "P7000"
if [ -e "$T/payroll" ]; then bad "by-payroll: the report folder was written"; else ok; fi
# a crossing of columns can be as fine as an identifier: refused the same way
run by-cross-fine 64 "$W" metrics --staff "$T/teams12.csv" --by "Team*Payroll Ref"
has by-cross-fine err "--by 'Team*Payroll Ref': 51 of its 51 values are one person each: the combination is too fine"
hasnt by-cross-fine err "P7000"
# under 20 levels, all single: too few to call an identifier column
head -20 "$T/teams13.csv" >"$T/teams19.csv"
run by-few 0 "$W" metrics --staff "$T/teams19.csv" --by "Payroll Ref"

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
# each input says what its out-of-period rows are
run period-words 0 "$W" check --config fixtures/trust-2019.ini
has period-words out "excluded: course date outside the reporting year"
has period-words out "excluded: case date outside the reporting year"
has period-words out "excluded: termination date outside the reporting year"
run period-words-wdes 0 "$V" check --config fixtures/trust-2019.ini
has period-words-wdes out "excluded: case date outside the two-year window"
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
# the trust's name (--trust, or trust = in a config) is a top-level "trust"
# after "standard", escaped as JSON: an apostrophe, a backslash, <&>, an en
# dash, w circumflex and a 4-byte character (U+1F3E5); without it, the JSON
# has no "trust" and is otherwise the same, byte for byte
NAME=$(printf "St Elsewhere's \\\\ <NHS> & Co \342\200\223 Ysbyty G\305\265yr \360\237\217\245")
run json-trust 0 "$W" metrics --staff "$D/staff-small.csv" --trust "$NAME" --format json
has json-trust out "{\"standard\":\"WRES\",\"trust\":\"St Elsewhere's \\\\ <NHS> & Co "
if python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["trust"] == "St Elsewhere\x27s \\ <NHS> & Co \u2013 Ysbyty G\u0175yr \U0001F3E5", d["trust"]
assert list(d)[:3] == ["standard", "trust", "confidence"], list(d)' "$T/json-trust.out"
then ok; else bad "json-trust: the trust's name is not read back by a JSON parser"; fi
if python3 -m json.tool "$T/json-trust.out" >/dev/null; then ok; else bad "json-trust: json.tool refuses it"; fi
hasnt json out '"trust"'
if sed 's/,"trust":"[^"]*"//' "$T/json-trust.out" | cmp -s - "$T/json.out"; then ok; else
    bad "json-trust: without its trust field it differs from the JSON without --trust"; fi
printf 'trust = Northshire \\ Hospitals\nstaff = %s/%s/staff-small.csv\n' "$PWD" "$D" >"$T/trust.ini"
run json-trust-ini 0 "$W" metrics --config "$T/trust.ini" --format json
has json-trust-ini out '{"standard":"WRES","trust":"Northshire \\ Hospitals","confidence":'
# a name that is not UTF-8 (Windows-1252's e acute) cannot go into the JSON:
# refused, as a name with a double quote or a control character is
run trust-latin1 64 "$W" metrics --staff "$D/staff-small.csv" --trust "$(printf 'Caf\351')" --format json
has trust-latin1 err "--trust: expected a name of 1 to 200 characters in UTF-8"
empty trust-latin1 out
printf 'trust = Caf\351\nstaff = %s/%s/staff-small.csv\n' "$PWD" "$D" >"$T/latin1.ini"
run trust-latin1-ini 65 "$W" metrics --config "$T/latin1.ini" --format json
has trust-latin1-ini err "latin1.ini:1: key 'trust': expected a name"
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
# 3765 people: the total of tests/reference/wdes-2019-metric1.csv
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

# --- recruitment: a Stage column ------------------------------------------------
# White: A1 appointed, A2 interviewed, A3 applied, A4 offered -> 4 applied,
# 3 shortlisted, 2 appointed; BME: A5 shortlisted, A6 appointed, A7 rejected
# -> 3, 2, 1. WRES 2 = (2/3) / (1/2) = 1.333...
run rec-stage 0 "$W" metrics --recruitment "$D/recruitment-stage.csv" --format csv
has rec-stage out "WRES,2,shortlisted_from_applications,Trust,All,White,,3,4,0.75,"
has rec-stage out "WRES,2,appointed_from_shortlisting,Trust,All,BME,,1,2,0.5,"
has rec-stage out "WRES,2,appointed_from_shortlisting,Trust,All,White,BME,,,1.333333333333333"
# by disability: Disabled A5, A6 -> 2 shortlisted, 1 appointed; Non-disabled
# A1-A4, A7 -> 3 shortlisted, 2 appointed; (2/3) / (1/2) again
run rec-stage-wdes 0 "$V" metrics --recruitment "$D/recruitment-stage.csv" --format csv
has rec-stage-wdes out "WDES,2,appointed_from_shortlisting,Trust,All,Non-disabled,Disabled,,,1.333333333333333"
run rec-bad 65 "$W" metrics --recruitment "$D/recruitment-bad.csv"
has rec-bad err "$D/recruitment-bad.csv:2: column 'Shortlisted': expected Yes or No, not 'Maybe'"

# --- cases: once per person, window, types, grounds, not in the staff -------
# WRES (2018/19): C1 White (C2 is the same person again), C3 BME, C6 not in
# the staff -> Unknown (the staff's one Unknown person is the base); C4 grievance and C7-C9 capability are other types; C5
# is 2017. White 1/6, BME 1/4: ratio 1.5.
run cases 0 "$W" metrics --staff "$D/staff-small.csv" --cases "$D/cases-small.csv" --year 2019 --format csv
has cases out "WRES,3,formal_disciplinary,Trust,All,White,,1,6,"
has cases out "WRES,3,formal_disciplinary,Trust,All,BME,White,,,1.5,"
has cases out "WRES,3,formal_disciplinary,Trust,All,Unknown,,1,1,1,"
has cases err "wres: warning: $D/cases-small.csv: 1 people with a case are not in the staff in post: counted as Unknown"
run cases-check 0 "$W" check --staff "$D/staff-small.csv" --cases "$D/cases-small.csv" --year 2019
has cases-check out "rows read = used + excluded: 9 = 3 + 6"
count cases-check "excluded: another record of a person already counted" 1
count cases-check "excluded: a case of another type" 4
# WDES (two years from 1 April 2017): C7 Non-disabled and C9 Disabled on
# performance grounds; C8 is ill health. Disabled (1/2)/2 = 0.25, Non-disabled
# (1/2)/7; ratio 3.5
run cases-wdes 0 "$V" metrics --staff "$D/staff-small.csv" --cases "$D/cases-small.csv" --year 2019 --format csv
has cases-wdes out "WDES,3,formal_capability,Trust,All,Disabled,,0.5,2,0.25,"
has cases-wdes out "WDES,3,formal_capability,Trust,All,Disabled,Non-disabled,,,3.5,"
run cases-wdes-check 0 "$V" check --staff "$D/staff-small.csv" --cases "$D/cases-small.csv" --year 2019
count cases-wdes-check "excluded: capability on grounds of ill health" 1
# --window 1 leaves only C7 (2018/19): Disabled 0
run cases-window 0 "$V" metrics --staff "$D/staff-small.csv" --cases "$D/cases-small.csv" --year 2019 --window 1 --format csv
has cases-window out "WDES,3,formal_capability,Trust,All,Disabled,Non-disabled,,,0,0,"
run cases-noyear 64 "$W" metrics --staff "$D/staff-small.csv" --cases "$D/cases-small.csv"
has cases-noyear err "--cases needs --year"
run cases-nostaff 64 "$W" metrics --cases "$D/cases-small.csv" --year 2019

# --- training: a Mandatory column ---------------------------------------------
# 10000001 twice (counted once), 10000002 mandatory, 10000007 BME, 10000008 in
# 2017, 99999999 not in the staff. White 1/6, BME 1/4: White vs BME = 2/3
run training 0 "$W" metrics --staff "$D/staff-small.csv" --training "$D/training-small.csv" --year 2019 --format csv
has training out "WRES,4,non_mandatory_training,Trust,All,White,BME,,,0.6666666666666666"
run training-check 0 "$W" check --staff "$D/staff-small.csv" --training "$D/training-small.csv" --year 2019
has training-check out "rows read = used + excluded: 6 = 2 + 4"
count training-check "excluded: person not in the staff in post" 1
run training-wdes 64 "$V" metrics --staff "$D/staff-small.csv" --training "$D/training-small.csv"
run training-nomand 65 "$W" metrics --staff "$D/staff-small.csv" --training "$D/cases-small.csv"

# --- survey: percentages, suppression of small groups, bad values -----------
run survey 0 "$W" metrics --survey "$D/survey-small.csv" --format csv
has survey out "WRES,5,harassment_public,Trust,All,BME,,4,8,0.5,"
# 60% of 30 minus 70% of 300
has survey out "WRES,7,equal_opportunities,Trust,All,BME,White,,,-0.0999999999999999"
run survey-pub 0 "$W" metrics --survey "$D/survey-small.csv" --suppress 5 --format csv
# 8 BME respondents: under the survey's 11, withheld with the difference
has survey-pub out "WRES,5,harassment_public,Trust,All,BME,,,,,,,,,,wilson,,proportion,suppressed: fewer than the publication threshold"
has survey-pub out "WRES,5,harassment_public,Trust,All,BME,White,,,,,,,,,newcombe,,difference,suppressed: built on a withheld count"
has survey-pub out "WRES,7,equal_opportunities,Trust,All,BME,,18,30,0.59999999999999998,"
run survey-zero 65 "$W" metrics --survey "$D/survey-zero.csv"
has survey-zero err "$D/survey-zero.csv:2: column 'respondents': respondents must be at least 1, not 0"
run survey-over 65 "$W" metrics --survey "$D/survey-over.csv"
has survey-over err "$D/survey-over.csv:2: column 'percent': 150 over 100"

# --- board --------------------------------------------------------------------
# 4 members: White 2, BME 1, Unknown 1; the staff are 4 BME of 11:
# BME 1/4 - 4/11 = -0.1136...
run board 0 "$W" metrics --staff "$D/staff-small.csv" --board "$D/board-small.csv" --format csv
has board out "WRES,9,board_total,Trust,All,BME,,1,4,0.25,"
has board out "WRES,9,board_voting,Trust,All,White,,2,3,"
has board out "WRES,9,board_executive,Trust,All,Unknown,,1,2,0.5,"
has board out "WRES,9,board_total,Trust,All,BME,Workforce,,,-0.11363636363636"
has board out "WRES,declaration,declaration,Trust,All,Known,,3,4,0.75,"
run board-wdes 0 "$V" metrics --board "$D/board-small.csv" --format csv
has board-wdes out "WDES,10,board_total,Trust,All,Disabled,,1,4,0.25,"

# --- suppression everywhere: no count from 1 to 9 survives --------------------
run suppress 0 "$W" metrics --config fixtures/trust-2019.ini --by "Org L3" --suppress 10 --format csv
if awk -F, 'NR > 1 && $7 == "" && (($8 != "" && $8 > 0 && $8 < 10) || ($9 != "" && $9 > 0 && $9 < 10)) { bad = 1 } END { exit bad }' "$T/suppress.out"; then ok; else bad "a count under 10 survives --suppress 10"; fi
has suppress out "suppressed: built on a withheld count"

# --- config -------------------------------------------------------------------
run config 0 "$W" metrics --config "$D/config-small.ini" --format csv
has config out "WRES,leavers,leaving,Trust,All,BME,White,,,1,"
has config out "WRES,9,board_total,Trust,All,BME,,1,4,0.25,"
# the command line overrides the config (--year 2018: no leaver is in 2017/18)
run config-override 0 "$W" metrics --config "$D/config-small.ini" --year 2018 --format csv
has config-override out "WRES,leavers,leaving,Trust,All,White,,0,6,0,"
run config-key 65 "$W" metrics --config "$D/config-unknown-key.ini"
has config-key err "$D/config-unknown-key.ini:3: unknown key 'stafff'"
run config-missing 66 "$W" metrics --config "$D/no-such.ini"

# --- report: a folder written whole, or not at all ------------------------------
R="$T/report"
run report 0 "$W" report --config fixtures/trust-2019.ini --out "$R"
# published at the top; the full counts for NHS England in not-for-publication/
NFP="$R/not-for-publication"
report_split report "$R"
# metrics.csv's first line says it is not for publication; the rest is `metrics`
"$W" metrics --config fixtures/trust-2019.ini --format csv >"$T/direct.csv" 2>/dev/null
if tail -n +2 "$NFP/metrics.csv" | cmp -s - "$T/direct.csv"; then ok; else bad "report metrics.csv differs from metrics --format csv"; fi
if /usr/bin/python3 tests/cli/check_xlsx.py "$NFP/submission.xlsx" "$NFP/metrics.csv" >"$T/xlsx.out" 2>&1; then ok; else
    bad "the workbook does not read back as the metrics CSV"; tail -5 "$T/xlsx.out"; fi
run report-wdes 0 "$V" report --config fixtures/trust-2019.ini --out "$T/report-wdes"
if /usr/bin/python3 tests/cli/check_xlsx.py "$T/report-wdes/not-for-publication/submission.xlsx" "$T/report-wdes/not-for-publication/metrics.csv" >"$T/xlsx2.out" 2>&1; then ok; else
    bad "the WDES workbook does not read back as the metrics CSV"; tail -5 "$T/xlsx2.out"; fi
# the same figure in the same cell with and without --year (the inputs of
# the config but the cases, which need a year): rows must not move
F=fixtures/2019
for y in "" 2019; do
    run "report-year$y" 0 "$W" report --staff "$F/staff-in-post-2019-03-31.csv" \
        --leavers "$F/leavers-2018-19.csv" --recruitment "$F/recruitment-2018-19.csv" \
        --board "$F/board-2019.csv" --training "$F/training-2018-19.csv" \
        --mandatory-courses "$F/mandatory-courses.csv" --survey "$F/survey-wres-2019.csv" \
        --by "Org L3" --exclude-reason "Merged Organisation" ${y:+--year $y} --out "$T/year$y"
done
if /usr/bin/python3 tests/cli/check_positions.py "$T/year/not-for-publication/submission.xlsx" "$T/year2019/not-for-publication/submission.xlsx" >"$T/positions.out" 2>&1; then ok; else
    bad "figures move between the workbooks with and without --year"; tail -5 "$T/positions.out"; fi
# and between two trusts' (or years') data: the small test files, where most
# bands are empty, against the synthetic trust
run report-small 0 "$W" report --staff "$D/staff-small.csv" --leavers "$D/leavers-small.csv" \
    --board "$D/board-small.csv" --survey "$D/survey-small.csv" --training "$D/training-small.csv" \
    --cases "$D/cases-small.csv" --year 2019 --out "$T/small"
if /usr/bin/python3 tests/cli/check_positions.py "$T/small/not-for-publication/submission.xlsx" "$T/year2019/not-for-publication/submission.xlsx" 200 >"$T/positions2.out" 2>&1; then ok; else
    bad "figures move between the workbooks of two data sets"; tail -5 "$T/positions2.out"; fi
# a bad input: exit 65, the previous report exactly as it was, no temporary folder
(cd "$R" && find . -type f | sort | xargs sha256sum) >"$T/before.sum"
run report-bad 65 "$W" report --config fixtures/trust-2019.ini --staff "$D/bad-fte.csv" --out "$R"
(cd "$R" && find . -type f | sort | xargs sha256sum) >"$T/after.sum"
if cmp -s "$T/before.sum" "$T/after.sum"; then ok; else bad "a failed report changed the previous one"; fi
if ls -d "$R".tmp-* "$R".old-* >/dev/null 2>&1; then bad "a temporary folder was left behind"; else ok; fi
# a second good run replaces it whole
run report-again 0 "$W" report --config fixtures/trust-2019.ini --out "$R"
if ls -d "$R".tmp-* "$R".old-* >/dev/null 2>&1; then bad "a temporary folder was left behind"; else ok; fi
run report-noout 64 "$W" report --config fixtures/trust-2019.ini
run report-cant 73 "$W" report --config fixtures/trust-2019.ini --out /proc/no/such/report

# --- trend: every metric of the published history, drawn --------------------
H="$REF/wres-history-2016-2019.csv"
run trend 0 "$W" trend "$H" --out "$T/trend"
# one chart per metric number in the history table (metric 1 is % BME)
want=$(awk -F, 'NR > 1 { print $1 }' "$H" | sort -u | wc -l)
got=$(ls "$T/trend"/*.png 2>/dev/null | wc -l)
if [ "$got" -eq "$want" ]; then ok; else bad "trend drew $got charts for $want metrics"; fi
for f in "$T/trend"/*.png; do
    if head -c 8 "$f" | od -An -c | grep -q 'P   N   G'; then ok; else bad "$f is not a PNG"; fi
done
# every figure of the history (but metric 1's headcounts) is in trend.csv
awk -F, 'NR > 1 && $2 != "headcount" { for (i = 4; i <= NF; i++) if ($i != "") n++ } END { print n }' "$H" >"$T/hist.n"
if [ "$(($(wc -l <"$T/trend/trend.csv") - 1))" -eq "$(cat "$T/hist.n")" ]; then ok; else
    bad "trend.csv has $(($(wc -l <"$T/trend/trend.csv") - 1)) points, the history $(cat "$T/hist.n")"; fi
has trend out "trend charts and trend.csv written to"
# the history has no intervals: the last change cannot be tested, and says so
if grep -q '^3,formal_disciplinary,BME,White,relative-likelihood,2019,2.27.*No interval for 2018 or 2019' "$T/trend/trend.csv"; then ok; else bad "trend.csv does not say the 2019 change cannot be tested"; fi
run trend-svg 0 "$W" trend "$H" --out "$T/trend-svg" --chart-format svg
if grep -q "<svg" "$T/trend-svg/trend-3-formal-disciplinary.svg"; then ok; else bad "no SVG trend chart"; fi
run trend-pdf 0 "$W" trend "$H" --out "$T/trend-pdf" --chart-format pdf
if head -c 5 "$T/trend-pdf/trend-2-appointed-from-shortlisting.pdf" | grep -q '%PDF-'; then ok; else bad "no PDF trend chart"; fi
run trend-nofiles 64 "$W" trend --out "$T/x"
run trend-bad 65 "$W" trend "$D/staff-small.csv" --out "$T/x"
has trend-bad err "not a metrics CSV"
# two years of our own metrics: 2019 and the same files as if 2018
"$W" metrics --config fixtures/trust-2019.ini --format csv >"$T/m2019.csv" 2>/dev/null
"$W" metrics --config fixtures/trust-2019.ini --year 2018 --format csv >"$T/m2018.csv" 2>/dev/null
run trend-own 0 "$W" trend "$T/m2018.csv" "$T/m2019.csv" --out "$T/trend-own"
if grep -q '^3,formal_disciplinary,BME,White,relative-likelihood,2019,.*could be chance' "$T/trend-own/trend.csv"; then ok; else bad "an own-metrics trend gives no change test"; fi

# --- the report's charts and HTML page -----------------------------------------
for f in report.html charts/metric-1-composition.png charts/forest-org-l3-leavers.png \
         charts/funnel-org-l3-leavers.png charts/trend-3-formal-disciplinary.png trend.csv; do
    if [ -s "$R/$f" ]; then ok; else bad "report lacks $f"; fi
done
if grep -q "<svg" "$R/report.html" && ! grep -q "https\?://[a-z]" "$R/report.html"; then ok; else bad "report.html: inline SVG, no network"; fi
# its data-quality section says how each file was read, as check does
if grep -qF "<p>Read as: UTF-8, comma-separated.</p>" "$R/report.html"; then ok; else
    bad "report.html: no 'Read as' line"; fi
if grep -qF "  read as: UTF-8, comma-separated" "$NFP/data-quality.txt"; then ok; else
    bad "data-quality.txt: no 'read as' line"; fi
if command -v chromium >/dev/null 2>&1; then
    if /usr/bin/python3 tests/cli/check_html.py "$R/report.html" "$T/html" >"$T/html.out" 2>&1; then ok; else
        bad "report.html in headless Chromium"; tail -5 "$T/html.out"; fi
    mkdir -p out/test && cp "$T/html/report.png" out/test/report-screenshot.png 2>/dev/null || true
else
    bad "chromium is not installed (make check installs it)"
fi

# metric 1 at trust level has every template row, zeros included (the
# template, written out here): WRES clinical Under Band 1 to VSM and the four
# medical rows, non-clinical Under Band 1 to VSM; WDES clinical clusters 1-7,
# non-clinical clusters 1-4. staff-small.csv has staff in few of them.
afc="Under Band 1,Band 1,Band 2,Band 3,Band 4,Band 5,Band 6,Band 7,Band 8A,Band 8B,Band 8C,Band 8D,Band 9,VSM"
medical="Consultant,Non-consultant career grade,Trainee grade"
clusters4="Cluster 1 (Bands 1-4),Cluster 2 (Bands 5-7),Cluster 3 (Bands 8a-8b),Cluster 4 (Bands 8c-9 and VSM)"
clusters7="$clusters4,Cluster 5 (Medical consultants),Cluster 6 (Non-consultant career grades),Cluster 7 (Medical trainee grades)"
# template NAME STANDARD GROUP WORKFORCE ROWS: each of ROWS (comma-separated)
# has a metric 1 row for GROUP in WORKFORCE at trust level
template() {
    echo "$5" | tr ',' '\n' | while IFS= read -r band; do
        if awk -F, -v s="$2" -v g="$3" -v wf="$4" -v b="$band" '
            $1 == s && $2 == "1" && $4 == "Trust" && $6 == g && $14 == wf && $15 == b { f = 1 }
            END { exit !f }' "$T/$1.out"; then echo ok; else echo "bad $4 $band"; fi
    done >"$T/$1.template"
    if grep -q '^bad' "$T/$1.template"; then bad "$1: no metric 1 row for: $(grep '^bad' "$T/$1.template" | tr '\n' ';')"
    else ok; fi
}
run m1-wres 0 "$W" metrics --staff "$D/staff-small.csv" --format csv
template m1-wres WRES White Clinical "$afc,$medical,All"
template m1-wres WRES Unknown Non-clinical "$afc,All"
has m1-wres out "WRES,1,workforce,Trust,All,BME,,0,0,,,,,Clinical,Trainee grade,"
run m1-wdes 0 "$V" metrics --staff "$D/staff-small.csv" --format csv
template m1-wdes WDES Disabled Clinical "$clusters7,All"
template m1-wdes WDES Non-disabled Non-clinical "$clusters4,All"
has m1-wdes out "WDES,1,workforce,Trust,All,Disabled,,0,0,,,,,Clinical,Cluster 7 (Medical trainee grades),"

# --ci katz-haldane: the 0.5 correction is the interval's only; the ratio is
# still leavers/headcount over leavers/headcount, 0 and inf as they are, and
# flagged as with any other method. Staff and leavers of BME_STAFF
# BME_LEAVERS WHITE_STAFF WHITE_LEAVERS (Black Caribbean, White British).
haldane_files() {
    { echo "Employee Number,Ethnic Origin,Pay Band,Staff Group"
      awk -v b="$1" -v w="$3" 'BEGIN {
          for (i = 1; i <= b; i++) printf "%d,M Black or Black British - Caribbean,Band 5,Allied Health Professionals\n", 100 + i
          for (i = 1; i <= w; i++) printf "%d,A White - British,Band 5,Allied Health Professionals\n", 500 + i }'
    } >"$T/$5-staff.csv"
    { echo "Employee Number,Ethnic Origin"
      awk -v b="$2" -v w="$4" 'BEGIN {
          for (i = 1; i <= b; i++) printf "%d,M Black or Black British - Caribbean\n", 100 + i
          for (i = 1; i <= w; i++) printf "%d,A White - British\n", 500 + i }'
    } >"$T/$5-leavers.csv"
}
# near NAME VALUE LOW HIGH FLAG: the leavers' BME vs White row of NAME's
# metrics CSV has VALUE (exactly), LOW and HIGH (to 1e-9 relative) and FLAG
near() {
    if awk -F, -v v="$2" -v lo="$3" -v hi="$4" -v fl="$5" '
        function same(x, y) { return (x == y) || (y != 0 && (x / y - 1) ^ 2 < 1e-18) }
        $2 == "leavers" && $6 == "BME" && $7 == "White" {
            found = ($10 == v && same($11 + 0, lo + 0) && same($12 + 0, hi + 0) && $13 == fl) }
        END { exit !found }' "$T/$1.out"; then ok; else
        bad "$1: leavers BME vs White is not $2 ($3, $4) $5"; grep "^WRES,leavers,.*,BME,White" "$T/$1.out"
    fi
}
# 0 of 5 BME leave, 5 of 121 White: ratio 0. Corrected cells 0.5/6 and
# 5.5/122: ln RR = ln(1.848485) = 0.614366, SE = sqrt(1/0.5 - 1/6 + 1/5.5 -
# 1/122) = 1.416670, limits exp(0.614366 -+ 1.959964 x 1.416670) = 0.115065,
# 29.6953 (the Katz-Haldane reference vector for 0,5,5,121: 0.11506518314205351,
# 29.69530957822168; the corrected ratio 1.85 is NOT the value)
haldane_files 5 0 121 5 h0
run haldane-zero 0 "$W" metrics --staff "$T/h0-staff.csv" --leavers "$T/h0-leavers.csv" --ci katz-haldane --format csv
near haldane-zero 0 0.11506518314205351 29.69530957822168 below-range+small-numbers
hasnt haldane-zero out "1.848"
# 3 of 10 BME leave, 0 of 20 White: ratio inf. Corrected 3.5/11 and 0.5/21:
# RR 13.3636, SE = sqrt(1/3.5 - 1/11 + 1/0.5 - 1/21) = 1.466357, limits
# 0.756197, 236.164 (reference: 0.7561974260762573, 236.1642220685037)
haldane_files 10 3 20 0 hinf
run haldane-inf 0 "$W" metrics --staff "$T/hinf-staff.csv" --leavers "$T/hinf-leavers.csv" --ci katz-haldane --format csv
near haldane-inf inf 0.7561974260762573 236.1642220685037 adverse+small-numbers
hasnt haldane-inf out "13.36"

# --detail: WRES 2-4 for Asian, Black, Mixed, Chinese and Other against White,
# counted again from the fixtures by tests/cli/detail_counts.py (csv module)
run detail-csv 0 "$W" metrics --config fixtures/trust-2019.ini --detail --format csv
run detail-json 0 "$W" metrics --config fixtures/trust-2019.ini --detail --format json
if python3 tests/cli/detail_counts.py "$T/detail-csv.out" "$T/detail-json.out" >"$T/detail.out" 2>&1
then ok; else bad "detail: WRES 2-4 by category"; grep -E "^(FAIL|detail:|Traceback)" "$T/detail.out" | head -5; fi
# in the table, the report page, its tables and the workbook: e.g. metric 3's
# Black row, 3 of 38 (detail_counts.py), and each comparison with White
# --adjust: WRES 3 and 4 adjusted for pay band (Mantel-Haenszel, Greenland-
# Robins interval, Woolf's homogeneity test), at the trust and for each Org L3
# directorate, computed again from the fixtures by tests/cli/adjust_counts.py;
# the same script must fail on output without the adjusted rows
run adjust-csv 0 "$W" metrics --config fixtures/trust-2019.ini --adjust "Pay Band" --format csv
if /usr/bin/python3 tests/cli/adjust_counts.py "$T/adjust-csv.out" >"$T/adjust.out" 2>&1
then ok; else bad "adjust: WRES 3-4 adjusted for pay band"; grep -E "^(FAIL|adjust:|Traceback)" "$T/adjust.out" | head -5; fi
if /usr/bin/python3 tests/cli/adjust_counts.py "$T/detail-csv.out" >/dev/null 2>&1
then bad "adjust_counts.py passes without adjusted rows"; else ok; fi
has adjust-csv out "WRES,leavers,leaving,Trust,All,BME,White,,,"
has adjust-csv out ",mantel-haenszel,"
has adjust-csv out "adjusted for Pay Band (16 strata used)"
# the report says it in words, once per metric (--suppress 0: published, metric 3 is withheld), and keeps the adjusted rows
# out of its comparison tables (one "BME vs White" heading as without --adjust)
run adjust-report 0 "$W" report --config fixtures/trust-2019.ini --adjust "Pay Band" --suppress 0 --out "$T/adjust"
n=$(grep -c '<p class="reading adjusted">Allowing for Pay Band, ' "$T/adjust/report.html")
if [ "$n" -eq 3 ]; then ok; else bad "adjust: report.html has $n adjusted sentences, expected 3"; fi
# metric 4's figures as adjust_counts.py computes them (1.1422, 0.9079 to 1.4370)
cp "$T/adjust/report.html" "$T/adjust-page.html"
has adjust-page html "White staff were 1.14 times as likely as BME staff to access non-mandatory training and CPD (95% interval 0.91 to 1.44)"
# the config's key: adjust = COLUMN
sed -e 's|^by = Org L3|by = Org L3\nadjust = Pay Band|' -e "s|= 2019/|= $(pwd)/fixtures/2019/|" \
    -e "s|= history/|= $(pwd)/fixtures/history/|" fixtures/trust-2019.ini >"$T/adjust.ini"
run adjust-ini 0 "$W" metrics --config "$T/adjust.ini" --format csv
has adjust-ini out "adjusted for Pay Band (16 strata used)"
run adjust-missing 65 "$W" metrics --config fixtures/trust-2019.ini --adjust Nope
has adjust-missing err "no column 'Nope' to break down by (--by or --adjust)"
run adjust-empty 64 "$W" metrics --config fixtures/trust-2019.ini --adjust "Pay Band*"
has adjust-empty err "--adjust 'Pay Band*': a column name is empty"
run adjust-no-staff 64 "$W" metrics --recruitment "$F/recruitment-2018-19.csv" --adjust "Pay Band"
has adjust-no-staff err "--adjust needs --staff FILE"
# crossed breakdowns: ethnicity x disability x sex, each normalised (Sex from
# a Gender column: F, Female, f -> Female; M, Male -> Male; else Unknown)
awk -F, 'BEGIN { OFS = ","; split("Gender,F,M,F,M,F,M,Female,Male,f,,X", g, ",") }
    { print $0, g[NR] }' "$D/staff-small.csv" >"$T/staff-sex.csv"
run cross 0 "$W" metrics --staff "$T/staff-sex.csv" --by "Ethnic Origin * Disability Flag * Sex" --format csv
B="Ethnic Origin * Disability Flag * Sex"
has cross out "WRES,1,workforce,$B,BME / Disabled / Female,BME,,1,1,1,"
has cross out "WRES,1,workforce,$B,BME / Unknown / Female,BME,,1,1,1,"
has cross out "WRES,1,workforce,$B,White / Non-disabled / Male,White,,3,3,1,"
has cross out "WRES,1,workforce,$B,BME / Non-disabled / (blank),BME,,1,1,1,"
has cross out "WRES,1,workforce,$B,Unknown / Unknown / Unknown,Unknown,,1,1,1,"
hasnt cross out ",Ethnic Origin,"
run cross-empty 64 "$W" metrics --staff "$T/staff-sex.csv" --by "Org L3**Sex"
has cross-empty err "--by 'Org L3**Sex': a column name is empty"
run cross-identifier 64 "$W" metrics --staff "$T/staff-sex.csv" --by "Org L3*Employee Number"
has cross-identifier err "an identifier column cannot be a breakdown"
run adjust-identifier 64 "$W" metrics --staff "$T/staff-sex.csv" --adjust " employee  number"
has adjust-identifier err "--adjust ' employee  number': an identifier column"
run detail-table 0 "$W" metrics --config fixtures/trust-2019.ini --detail
has detail-table out "  Black                  3          38     7.89%"
for v in "to be appointed from shortlisting as White applicants" \
         "to enter the formal disciplinary process as White staff" \
         "to access non-mandatory training and CPD as White staff"; do
    has detail-table out "$v"
done
run detail-report 0 "$W" report --config fixtures/trust-2019.ini --detail --out "$T/detail"
for m in 2 3 4; do
    n=$(sed -n "/<section id=\"metric-$m\">/,/<\/section>/p" "$T/detail/report.html" | grep -c " vs White</th>")
    if [ "$n" -ge 5 ]; then ok; else bad "detail: report.html metric $m has $n comparisons with White"; fi
    for c in Asian Black Mixed Chinese Other; do
        if grep -q "^Relative likelihood of $c .* compared with White" "$T/detail/tables/metric-$m.csv"
        then ok; else bad "detail: tables/metric-$m.csv lacks $c vs White"; fi
    done
done
if /usr/bin/python3 - "$T/detail/not-for-publication/submission.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for m in ("2", "3", "4"):
    cells = [str(c.value) for row in wb["Metric " + m].iter_rows() for c in row if c.value]
    for cat in ("Asian", "Black", "Mixed", "Chinese", "Other"):
        assert cat in cells and any(v.startswith("Relative likelihood of " + cat) for v in cells), (m, cat)
PY
then ok; else bad "detail: the workbook's metric 2-4 sheets lack the categories"; fi
if /usr/bin/python3 tests/cli/check_xlsx.py "$T/detail/not-for-publication/submission.xlsx" "$T/detail/not-for-publication/metrics.csv" >"$T/xlsx-detail.out" 2>&1; then ok; else
    bad "detail: the workbook does not match its metrics.csv"; tail -3 "$T/xlsx-detail.out"; fi

# two --by columns whose names differ only in punctuation: one chart each
# ("Org/L3" splits the staff and leavers by the parity of their line)
for f in staff leavers; do
    awk -F, 'NR == 1 { print $0 ",Org/L3"; next } { print $0 ",Dept " NR % 2 }' \
        "$D/$f-small.csv" >"$T/punct-$f.csv"
done
run by-punct 0 "$W" report --staff "$T/punct-staff.csv" --leavers "$T/punct-leavers.csv" \
    --by "Org L3" --by "Org/L3" --suppress 0 --out "$T/punct"
for f in forest-org-l3-leavers forest-org-l3-leavers-2 funnel-org-l3-leavers \
         funnel-org-l3-leavers-2; do
    if [ -s "$T/punct/charts/$f.png" ]; then ok; else bad "by-punct: no charts/$f.png"; fi
done
if cmp -s "$T/punct/charts/forest-org-l3-leavers.png" "$T/punct/charts/forest-org-l3-leavers-2.png"
then bad "by-punct: the two breakdowns' forest plots are the same file"; else ok; fi

# --- report framing and --column (docs/inputs.md, "Report framing") ----------
# The fixture staff in post as an ESR report saves it: 3 title lines above
# the header, a totals row and a footer below the data, and its headers
# renamed; named with --column (or [columns]) it gives the same figures.
SIP=$F/staff-in-post-2019-03-31.csv
n_sip=$(($(wc -l <"$SIP") - 1))
{
    printf 'Staff In Post - Detail\nRun date: 04/04/2019\nOrganisation: 999 Synthetic Trust\n'
    sed '1s/Ethnic Origin/Ethnic Group Description/; 1s/Pay Band/Payband/; 1s/Org L3/Directorate/;
         1s/Disability Flag/Disability Status/; 1s/Staff Group/Main Group/' "$SIP"
    printf 'Total,,,,,,,,,,,%s\n' "$n_sip"
    printf 'Report run by ESR BI on 04/04/2019 09:12\n'
} >"$T/framed.csv"
run framed-orig 0 "$W" metrics --config fixtures/trust-2019.ini --staff "$SIP" --format csv
run framed 0 "$W" metrics --config fixtures/trust-2019.ini --staff "$T/framed.csv" --format csv \
    --column "ethnicity=Ethnic Group Description" --column band=Payband \
    --column "disability=Disability Status" --column "staff-group=Main Group" \
    --column "Org L3=Directorate"
if cmp -s "$T/framed-orig.out" "$T/framed.out"; then ok; else bad "framed: metrics differ from the original's"; fi
run framed-wdes-orig 0 "$V" metrics --config fixtures/trust-2019.ini --staff "$SIP" --format csv
run framed-wdes 0 "$V" metrics --config fixtures/trust-2019.ini --staff "$T/framed.csv" --format csv \
    --column "ethnicity=Ethnic Group Description" --column band=Payband \
    --column "disability=Disability Status" --column "staff-group=Main Group" \
    --column "Org L3=Directorate"
if cmp -s "$T/framed-wdes-orig.out" "$T/framed-wdes.out"; then ok; else bad "framed-wdes: metrics differ"; fi
# the same through the config's [columns] section
sed "s#= \(2019\|history\)/#= $PWD/fixtures/\1/#" fixtures/trust-2019.ini >"$T/framed.ini"
cat >>"$T/framed.ini" <<'INI'
[columns]
ethnicity = Ethnic Group Description
band = Payband
disability = Disability Status
staff_group = Main Group
Org L3 = Directorate
INI
run framed-ini 0 "$W" metrics --config "$T/framed.ini" --staff "$T/framed.csv" --format csv
if cmp -s "$T/framed-orig.out" "$T/framed-ini.out"; then ok; else bad "framed-ini: metrics differ from the original's"; fi
# the account: the title lines, the totals row and the footer, none of them people
run framed-check 0 "$W" check --config "$T/framed.ini" --staff "$T/framed.csv"
has framed-check out "3 title lines above the header skipped"
count framed-check "excluded: total or report footer row" 2
count framed-check "rows used (people counted)" 3757
hasnt framed-check out "skipped:"
# the report's account says the same: its HTML page and data-quality.txt
run framed-report 0 "$W" report --config "$T/framed.ini" --staff "$T/framed.csv" --out "$T/framed-report"
if grep -qF 'title lines above the header (skipped)</th><td class="n">3<' "$T/framed-report/report.html"
then ok; else bad "framed-report: report.html lacks the title lines"; fi
if grep -qF '3 title lines above the header skipped' "$T/framed-report/not-for-publication/data-quality.txt"
then ok; else bad "framed-report: data-quality.txt lacks the title lines"; fi
# without the mapping: every missing column at once, each with its --column
run framed-nomap 65 "$W" metrics --staff "$T/framed.csv"
has framed-nomap err "$T/framed.csv:4: missing required columns 'Ethnic Origin'"
has framed-nomap err "[nearest header: --column ethnicity=\"Ethnic Group Description\"]"
has framed-nomap err "[nearest header: --column band=\"Payband\"]"
has framed-nomap err "[nearest header: --column staff-group=\"Main Group\"]"
empty framed-nomap out
# a mapped header no input has: a warning
run column-absent 0 "$W" metrics --staff "$SIP" --column "band=Pay Grade X"
has column-absent err "warning: --column band=\"Pay Grade X\": no input has a column of that name"
# an unknown field: usage, listing the fields
run column-unknown 64 "$W" metrics --staff "$SIP" --column "colour=Ethnic Origin"
has column-unknown err "--column: unknown field 'colour' (fields: person, assignment, primary, fte, ethnicity"
run column-noeq 64 "$W" metrics --staff "$SIP" --column ethnicity
printf '[columns]\nhue = Ethnic Origin\n' >"$T/badcol.ini"
printf 'staff = %s/%s\n' "$PWD" "$SIP" >>"$T/badcol.ini"
run column-unknown-ini 64 "$W" metrics --config "$T/badcol.ini"
has column-unknown-ini err "unknown field 'hue'"
# hostile framing: only title lines; a header never found; a lone identifier
printf 'Staff In Post - Detail\nRun date: 04/04/2019\n' >"$T/title-only.csv"
run title-only 65 "$W" metrics --staff "$T/title-only.csv"
has title-only err "$T/title-only.csv: no header row found: the file has 2 title lines and nothing else"
{ printf 'Staff In Post - Detail\nEmp No,Ethnic,Band Name\n'; i=0
  while [ $i -lt 60 ]; do echo "1000$i,A White - British,Band 5"; i=$((i + 1)); done; } >"$T/no-header.csv"
run no-header 65 "$W" metrics --staff "$T/no-header.csv"
has no-header err "$T/no-header.csv:2: missing required columns 'Employee Number'"
hasnt no-header err "10001"
{ head -1 "$SIP"; sed -n 2p "$SIP"; printf '55512345,,,,,,,,,,,\n'; } >"$T/lone-id.csv"
run lone-id 65 "$W" metrics --staff "$T/lone-id.csv"
has lone-id err "$T/lone-id.csv:3: column 'Employee Number': a person identifier and nothing else: not a record"
hasnt lone-id err "55512345"
run lone-id-skip 0 "$W" check --staff "$T/lone-id.csv" --skip-bad-rows
count lone-id-skip "rows used (people counted)" 1

# columns: one look at the framed file; suggestions from names and values
run columns-framed 65 "$W" columns "$T/framed.csv"
has columns-framed out "title lines above the header: 3"
has columns-framed out "header: line 4, 12 columns"
has columns-framed out "input: staff (guessed from the headers"
has columns-framed out "  person             Employee Number"
has columns-framed out "ethnicity          MISSING (required); try --column \"ethnicity=Ethnic Group Description\" (by its name and values)"
has columns-framed out "band               MISSING (required); try --column \"band=Payband\" (by its name and values)"
has columns-framed out "staff-group        MISSING (required); try --column \"staff-group=Main Group\" (by its name and values)"
has columns-framed out "disability         not found (optional); try --column \"disability=Disability Status\""
has columns-framed out "missing required fields: 3"
has columns-framed out "[columns]"
has columns-framed out "band = Payband"
has columns-framed out "(and 0 total or footer rows)"
hasnt columns-framed out "21811459"
hasnt columns-framed out "White - British"
# with the suggested mapping, nothing is missing
run columns-mapped 0 "$W" columns "$T/framed.csv" --column "ethnicity=Ethnic Group Description" \
    --column band=Payband --column "staff-group=Main Group"
has columns-mapped out "  ethnicity          Ethnic Group Description"
has columns-mapped out "missing required fields: 0"
# a column named nothing like its field is found by its values
sed '1s/Ethnic Origin/Field 6/' "$SIP" >"$T/field6.csv"
run columns-values 0 "$V" columns "$T/field6.csv" --as staff
has columns-values out "ethnicity          not found (optional); try --column \"ethnicity=Field 6\" (by its name and values)"
run columns-leavers 0 "$W" columns "$F/leavers-2018-19.csv"
has columns-leavers out "input: leavers"
run columns-as 64 "$W" columns "$SIP" --as payroll
run columns-two 64 "$W" columns "$SIP" "$SIP"
run columns-title-only 65 "$W" columns "$T/title-only.csv"
has columns-title-only err "no header row found in the first 50 records"
empty columns-title-only out

# --by the other standard's characteristic: its normalised groups, not its spellings
run by-disability 0 "$W" metrics --config fixtures/trust-2019.ini --by "Disability Flag" --format csv
levels=$(awk -F, '$4 == "Disability Flag" { print $5 }' "$T/by-disability.out" | sort -u | paste -sd' ' -)
if [ "$levels" = "Disabled Non-disabled Unknown" ]; then ok; else bad "by-disability: levels '$levels'"; fi
# the wdes staff file spells it Ethnicity: found through the aliases
run by-ethnicity 0 "$V" metrics --config fixtures/trust-2019.ini --by "Ethnic Origin" --format csv
levels=$(awk -F, '$4 == "Ethnic Origin" { print $5 }' "$T/by-ethnicity.out" | sort -u | paste -sd' ' -)
if [ "$levels" = "BME Unknown White" ]; then ok; else bad "by-ethnicity: levels '$levels'"; fi
run by-ethnicity-detail 0 "$W" metrics --config fixtures/trust-2019.ini --by "Ethnic Origin" --detail --format csv
levels=$(awk -F, '$4 == "Ethnic Origin" { print $5 }' "$T/by-ethnicity-detail.out" | sort -u | paste -sd' ' -)
if [ "$levels" = "Asian Black Chinese Mixed Other Unknown White" ]; then ok; else bad "by-ethnicity-detail: levels '$levels'"; fi

# --- files as trusts save them: workbooks, Unicode Text, other delimiters ------
# The fixture extracts saved by independent tools (tests/cli/convert_extract.py:
# openpyxl, Python's csv and str.encode) must give the CSV's metrics, byte for byte.
CONV="/usr/bin/python3 tests/cli/convert_extract.py"
run conv-orig 0 "$W" metrics --config fixtures/trust-2019.ini --format csv
for fmt in xlsx utf16le-tab utf16be-tab semicolon pipe; do
    for f in staff-in-post-2019-03-31 leavers-2018-19; do
        $CONV "$fmt" "$F/$f.csv" "$T/$f.$fmt" || bad "convert_extract.py $fmt $f"
    done
    sheet=
    [ "$fmt" = xlsx ] && sheet="--sheet Staff" # the rows are on the second sheet
    # shellcheck disable=SC2086
    run "conv-$fmt" 0 "$W" metrics --config fixtures/trust-2019.ini $sheet --format csv \
        --staff "$T/staff-in-post-2019-03-31.$fmt" --leavers "$T/leavers-2018-19.$fmt"
    if cmp -s "$T/conv-orig.out" "$T/conv-$fmt.out"; then ok; else
        bad "conv-$fmt: the metrics differ from the CSV's"; diff "$T/conv-orig.out" "$T/conv-$fmt.out" | head -5; fi
done
# the sheet named for each input, on the command line and in the INI, where
# [wres] overrides the keys before any section
run conv-xlsx-each 0 "$W" metrics --config fixtures/trust-2019.ini --format csv \
    --staff "$T/staff-in-post-2019-03-31.xlsx" --leavers "$T/leavers-2018-19.xlsx" \
    --sheet staff=Staff --sheet leavers=Staff
if cmp -s "$T/conv-orig.out" "$T/conv-xlsx-each.out"; then ok; else bad "conv-xlsx-each: metrics differ"; fi
# columns: how the workbook and the Unicode Text file were read, and their fields
run columns-xlsx 0 "$W" columns "$T/staff-in-post-2019-03-31.xlsx" --sheet Staff
has columns-xlsx out "read as: Excel workbook, sheet 'Staff'"
has columns-xlsx out "missing required fields: 0"
run columns-utf16 0 "$W" columns "$T/staff-in-post-2019-03-31.utf16le-tab"
has columns-utf16 out "read as: UTF-16LE, tab-separated"
# (staff-sheet = Notes before any section, staff-sheet = Staff in [wres])
sed -e "s|^staff = 2019/staff-in-post-2019-03-31.csv|staff = $T/staff-in-post-2019-03-31.xlsx\nstaff-sheet = Staff|" \
    -e "s|^leavers = .*|leavers = $T/leavers-2018-19.xlsx\nleavers-sheet = Staff\nstaff-sheet = Notes|" \
    -e "s|= 2019/|= $PWD/$F/|; s|= history/|= $PWD/fixtures/history/|" \
    fixtures/trust-2019.ini >"$T/xlsx.ini"
run conv-xlsx-ini 0 "$W" metrics --config "$T/xlsx.ini" --format csv
if cmp -s "$T/conv-orig.out" "$T/conv-xlsx-ini.out"; then ok; else bad "conv-xlsx-ini: metrics differ"; fi
# the account says what was read, in the text and in the JSON
run conv-check 0 "$W" check --config fixtures/trust-2019.ini --sheet Staff \
    --staff "$T/staff-in-post-2019-03-31.utf16le-tab" --leavers "$T/leavers-2018-19.xlsx"
has conv-check out "read as: UTF-16LE, tab-separated"
has conv-check out "read as: Excel workbook, sheet 'Staff'"
has conv-check out "read as: UTF-8, comma-separated"
run conv-check-semi 0 "$W" check --staff "$T/staff-in-post-2019-03-31.semicolon"
has conv-check-semi out "read as: UTF-8, semicolon-separated"
run conv-json 0 "$W" metrics --config fixtures/trust-2019.ini --format json \
    --staff "$T/staff-in-post-2019-03-31.utf16be-tab"
has conv-json out '"file":"'"$T"'/staff-in-post-2019-03-31.utf16be-tab","read_as":"UTF-16BE, tab-separated"'
# --delimiter forces it, for every input: pipe is found anyway; comma on a
# semicolon file leaves one column, whose name is the whole header
run delim-orig 0 "$W" metrics --staff "$F/staff-in-post-2019-03-31.csv" --format csv
run delim-forced 0 "$W" metrics --staff "$T/staff-in-post-2019-03-31.pipe" --format csv \
    --delimiter '|'
if cmp -s "$T/delim-orig.out" "$T/delim-forced.out"; then ok; else bad "delim-forced: metrics differ"; fi
run delim-wrong 65 "$W" metrics --staff "$T/staff-in-post-2019-03-31.semicolon" --delimiter comma
has delim-wrong err "missing required column"
run delim-bad 64 "$W" metrics --staff "$D/staff-small.csv" --delimiter colon
has delim-bad err "--delimiter: expected comma, tab, semicolon or pipe, not 'colon'"
run sheet-bad 64 "$W" metrics --staff "$D/staff-small.csv" --sheet staff=
has sheet-bad err "--sheet: expected NAME or INPUT=NAME"
# workbooks that cannot be read
run sheet-missing 65 "$W" metrics --staff "$T/staff-in-post-2019-03-31.xlsx" --sheet Staf
has sheet-missing err "staff-in-post-2019-03-31.xlsx: no sheet named 'Staf' (the workbook has 'Notes', 'Staff')"
empty sheet-missing out
run sheet-first-empty 65 "$W" metrics --staff "$T/staff-in-post-2019-03-31.xlsx"
has sheet-first-empty err "sheet 'Notes' is empty (the workbook has 'Notes', 'Staff')"
printf '\320\317\021\340\241\261\032\341 an OLE2 header' >"$T/old.xls"
run xls 65 "$W" metrics --staff "$T/old.xls"
has xls err "$T/old.xls: a legacy Excel .xls file, or a password-protected workbook: open it in Excel and save it as .xlsx (without a password) or as CSV"
run xlsx-stdin 65 "$W" metrics --staff - <"$T/staff-in-post-2019-03-31.xlsx"
has xlsx-stdin err "<stdin>: standard input is an Excel workbook, which can only be read from a file: give the file's name instead of -"
# a bad row of a workbook is named by sheet, row and cell
$CONV xlsx "$D/bad-fte.csv" "$T/bad-fte.xlsx"
run bad-fte-xlsx 65 "$W" metrics --staff "$T/bad-fte.xlsx" --sheet Staff
has bad-fte-xlsx err "$T/bad-fte.xlsx[Staff]:5: cell I5, column 'FTE': not an FTE: 'abc'"
# and a CSV's message has no cell
hasnt bad-fte err "cell"

# --- published reference figures ----------------------------------------------
if python3 tests/cli/test_reference.py "$BIN" "$REF" >"$T/ref.out" 2>&1; then ok; else bad "reference figures"; fi
grep -E '^(FAIL|reference:)' "$T/ref.out"
refpass=$(sed -n 's/^reference: \([0-9]*\) passed.*/\1/p' "$T/ref.out")
refpass=${refpass:-0}

pass=$((pass + refpass))
finish
