#!/bin/sh
# tests/cli/compare.sh: comparing trusts (issue 15), and the trust's name.
# Ten trusts of different sizes are generated here (tools/bench/gen_staff
# for the staff in post and leavers, an aggregated recruitment table by
# awk), one of them with many more BME leavers and one with no BME staff
# appointed; `metrics` (or `report`) runs on each, then `compare`.
# tests/cli/compare_ref.py recomputes every pooled value, standard error, z,
# limit and position from the metrics CSVs with scipy and checks
# compare.csv to 1e-6. Then the bad inputs, the --out rules and the
# escaping of a trust's name. Environment: WQ_BIN (default bin).
set -u
BIN=${WQ_BIN:-bin}
W="$BIN/wres"
SUITE=compare
. "$(dirname "$0")/../lib.sh"
HERE=$(dirname "$0")

has() {
    if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks '$2'"; fi
}
lacks() {
    if grep -qF -- "$2" "$1"; then bad "$1 has '$2'"; else ok; fi
}

${CC:-cc} -O1 -o "$T/gen_staff" tools/bench/gen_staff.c || { bad "cannot build gen_staff"; finish; exit 1; }

# recruitment I: an aggregated table; trust 4 appoints no BME applicant
recruitment() {
    awk -v i="$1" 'BEGIN { print "Group,Applications,Shortlisted,Appointed"
        wa = 300 * i; ws = int(wa * 0.6); wp = int(ws * (0.20 + 0.01 * (i % 5)))
        ba = 100 * i; bs = int(ba * 0.5); bp = i == 4 ? 0 : int(bs * (0.15 + 0.01 * (i % 3)))
        printf "White,%d,%d,%d\nBME,%d,%d,%d\nUnknown,10,5,1\n", wa, ws, wp, ba, bs, bp }'
}

# trusts 1-10, sizes from 600 to 9,000 staff; trust 9 gets 160 more BME
# leavers (an outlier above the limits)
i=0
for n in 600 900 1300 1800 2500 3300 4500 6000 7500 9000; do
    i=$((i + 1))
    "$T/gen_staff" "$n" "$T/s$i.csv" "$T/l$i.csv" $((3000 + i)) || bad "gen_staff $n"
    if [ "$i" -eq 9 ]; then
        awk 'BEGIN { for (k = 1; k <= 160; k++) {
            printf "%d,%d,Yes,RX1 Outlier,RX100 Ward,H Asian - Indian,No,Band 5,", 90000000 + k, 90000000 + k
            printf "Nursing and Midwifery Registered,N2B,Permanent,1,01/09/2018,"
            print "Voluntary Resignation - Relocation" } }' >"$T/extra.csv"
        cat "$T/extra.csv" >>"$T/l9.csv"
    fi
    recruitment "$i" >"$T/r$i.csv"
    mkdir -p "$T/trust$i"
done
# trust 1: by report (its not-for-publication/metrics.csv, named by --trust)
run report1 0 "$W" report --staff "$T/s1.csv" --leavers "$T/l1.csv" --recruitment "$T/r1.csv" \
    --year 2019 --suppress 0 --trust "St Elsewhere's <NHS> & Co, Leeds" --out "$T/trust1/rep"
# trusts 2-8 and 10 by metrics with --trust; trust 9 named by --name, trust 10 by its folder
for i in 2 3 4 5 6 7 8 9 10; do
    name="--trust=Trust $i"
    [ "$i" -ge 9 ] && name="--year=2019"
    run "metrics$i" 0 "$W" metrics --staff "$T/s$i.csv" --leavers "$T/l$i.csv" \
        --recruitment "$T/r$i.csv" --year 2019 "$name" --format csv
    cp "$T/metrics$i.out" "$T/trust$i/metrics.csv"
done
M1="$T/trust1/rep/not-for-publication/metrics.csv"
FILES="$M1"
for i in 2 3 4 5 6 7 8 9 10; do FILES="$FILES $T/trust$i/metrics.csv"; done
# the name given by --trust: above the header, on the page, in the workbook
has "$T/metrics2.out" "# trust: Trust 2"
if [ "$(head -c 8 "$T/metrics9.out")" = standard ]; then ok; else bad "no --trust: the header is not first"; fi
if [ "$(sed -n 2p "$M1")" = "# trust: St Elsewhere's <NHS> & Co, Leeds" ]; then ok; else
    bad "report's metrics.csv: line 2 is '$(sed -n 2p "$M1")'"; fi
has "$T/trust1/rep/report.html" "<title>St Elsewhere&#39;s &lt;NHS&gt; &amp; Co, Leeds: WRES"
lacks "$T/trust1/rep/report.html" "<NHS>"
/usr/bin/python3 - "$T/trust1/rep/not-for-publication/submission.xlsx" <<'EOF' && ok || bad "the workbook's year line lacks the trust's name"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
want = "St Elsewhere's <NHS> & Co, Leeds. Reporting year: 1 April 2018 to 31 March 2019"
for ws in (wb["About"], wb.worksheets[1]):
    if not any(c.value == want for row in ws.iter_rows() for c in row):
        sys.exit(1)
EOF

# compare: every number against scipy
# shellcheck disable=SC2086
run compare 0 "$W" compare $FILES --name "$T/trust9/metrics.csv=Outlier Trust" --out "$T/cmp"
C="$T/cmp/compare.csv"
has "$T/compare.out" "10 trusts compared"
if /usr/bin/python3 "$HERE/compare_ref.py" "$C" "$M1" "$T"/trust[2-8]/metrics.csv \
    "$T/trust9/metrics.csv=Outlier Trust" "$T/trust10/metrics.csv" >"$T/ref.out" 2>&1; then ok; else
    bad "compare.csv against scipy:"; sed 's/^/    /' "$T/ref.out" | head -20; fi
# by hand: the outlier trust is above the 99.8% limit for leavers; trust 4's
# metric 2 (no BME appointed: infinite) is not placed; the folder names trust 10
awk -F, '$3 == "leavers" && $8 == "Outlier Trust" { f = 1; exit !($NF == "above 99.8%") }
    END { if (!f) exit 1 }' "$C" && ok || bad "Outlier Trust is not above 99.8% for leavers"
awk -F, '$3 == "2" && $8 == "Trust 4" { f = 1; exit !($9 == "inf" && $NF == "not placed") }
    END { if (!f) exit 1 }' "$C" && ok || bad "Trust 4's metric 2 is not inf and not placed"
has "$C" ",trust10,"
has "$C" '"St Elsewhere'"'"'s <NHS> & Co, Leeds"'
for f in caterpillar-03-2-appointed-from-shortlisting-white-bme funnel-03-2-appointed-from-shortlisting-white-bme \
    caterpillar-04-leavers-leaving-bme-white funnel-04-leavers-leaving-bme-white funnel-01-1-workforce-bme; do
    for e in png svg; do
        if [ -s "$T/cmp/charts/$f.$e" ]; then ok; else bad "no charts/$f.$e: $(ls "$T/cmp/charts" | head -3)"; fi
    done
done
H="$T/cmp/compare.html"
has "$H" "St Elsewhere&#39;s &lt;NHS&gt; &amp; Co, Leeds"
lacks "$H" "<NHS>"
lacks "$H" "http://www.w3.org/1999/xlink\" xlink:href=\"http"
if grep -q '<script\|src="http\|href="http' "$H"; then bad "compare.html loads something"; else ok; fi
if [ -f "$T/cmp/.wres-wdes" ] && head -1 "$T/cmp/.wres-wdes" | grep -qx "wres-wdes compare folder"; then ok; else
    bad "no compare marker"; fi
# again into the same folder: replaced; into a report folder or one of the user's: refused
run again 0 "$W" compare "$M1" "$T/trust2/metrics.csv" --out "$T/cmp"
if [ "$(grep -c . "$T/cmp/compare.csv")" -lt 20 ]; then ok; else bad "the second run did not replace the folder"; fi
run into-report 73 "$W" compare "$T/trust2/metrics.csv" "$T/trust3/metrics.csv" --out "$T/trust1/rep"
has "$T/into-report.err" "is a report folder, not a compare folder"
mkdir "$T/mine" && echo keep >"$T/mine/notes.txt"
run into-mine 73 "$W" compare "$T/trust2/metrics.csv" "$T/trust3/metrics.csv" --out "$T/mine"
if [ "$(ls "$T/mine")" = notes.txt ]; then ok; else bad "the user's folder was changed"; fi

# bad inputs: nothing is written
run missing 66 "$W" compare "$T/trust2/metrics.csv" "$T/nothing.csv" --out "$T/bad1"
run not-metrics 65 "$W" compare "$T/trust2/metrics.csv" "$T/s2.csv" --out "$T/bad2"
has "$T/not-metrics.err" "not a metrics CSV"
run metrics2020 0 "$W" metrics --staff "$T/s3.csv" --leavers "$T/l3.csv" --year 2020 --trust Later --format csv
cp "$T/metrics2020.out" "$T/m2020.csv"
run mixed-years 65 "$W" compare "$T/trust2/metrics.csv" "$T/m2020.csv" --out "$T/bad3"
has "$T/mixed-years.err" "m2020.csv: reporting year 2020, but"
run wdes 0 "$BIN/wdes" metrics --staff "$T/s3.csv" --year 2019 --trust Disab --format csv
cp "$T/wdes.out" "$T/wdes.csv"
run mixed-standards 65 "$W" compare "$T/trust2/metrics.csv" "$T/wdes.csv" --out "$T/bad4"
has "$T/mixed-standards.err" "wdes.csv:3"
run one-trust 64 "$W" compare "$T/trust2/metrics.csv" --out "$T/bad5"
has "$T/one-trust.err" "two or more"
run same-name 65 "$W" compare "$T/trust2/metrics.csv" "$T/trust2/metrics.csv" --out "$T/bad6"
has "$T/same-name.err" "a second file for the trust 'Trust 2'"
run name-unknown 64 "$W" compare "$T/trust2/metrics.csv" "$T/trust3/metrics.csv" --name "x.csv=X" --out "$T/bad7"
run no-out 64 "$W" compare "$T/trust2/metrics.csv" "$T/trust3/metrics.csv"
for d in bad1 bad2 bad3 bad4 bad5 bad6 bad7; do
    if [ -e "$T/$d" ]; then bad "$d was created"; else ok; fi
done
if ls "$T" | grep -q 'tmp-'; then bad "a temporary folder was left: $(ls "$T" | grep tmp-)"; else ok; fi
# a name with a control character: 64 on the command line, 65 in a config
run trust-tab 64 "$W" metrics --staff "$T/s2.csv" --trust "$(printf 'a\tb')"
has "$T/trust-tab.err" "--trust: expected a name"
run trust-quote 64 "$W" metrics --staff "$T/s2.csv" --trust 'The "Best" Trust'
printf 'trust = a\001b\nstaff = s2.csv\n' >"$T/ctl.ini"
run trust-ini 65 "$W" metrics --config "$T/ctl.ini"
has "$T/trust-ini.err" "ctl.ini:1: key 'trust'"
# a formula-like name is written as text in compare.csv
run formula 0 "$W" metrics --staff "$T/s2.csv" --leavers "$T/l2.csv" --year 2019 --trust "=HYPERLINK(1)" --format csv
cp "$T/formula.out" "$T/formula.csv"
run compare-formula 0 "$W" compare "$T/trust3/metrics.csv" "$T/formula.csv" --out "$T/cmpf"
has "$T/cmpf/compare.csv" ",\"'=HYPERLINK(1)\","
finish
