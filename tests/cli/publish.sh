#!/bin/sh
# tests/cli/publish.sh: what `report` publishes and what it keeps for NHS
# England (docs/design.md section 3): small numbers withheld by default,
# --suppress N and --suppress 0 (with its banner), the not-for-publication/
# folder and its metrics.csv's first line, ESR against the staff survey
# against independent figures, and the config's actions.
# Expected values are worked out here by hand from the small files under
# tests/cli/data (counts in the comments) or from tests/reference.
# Environment: WQ_BIN (default bin). Ends with "publish: N passed, N failed".
set -u
BIN=${WQ_BIN:-bin}
REF=tests/reference
D=tests/cli/data
SUITE=publish
. "$(dirname "$0")/../lib.sh"
W="$BIN/wres"
V="$BIN/wdes"
NFP=not-for-publication

# staff-small.csv: 11 people, 6 White, 4 BME (rows 7-10: Black, Indian,
# Chinese, Mixed), 1 not stated. 4 of 11 is 36.36%, a count under 10.
SMALL_BME="WRES,1,workforce,Trust,All,BME,,4,11,"

# --- the default: small numbers withheld in what is published -----------------
P="$T/pub"
run default 0 "$W" report --config "$D/config-small.ini" --out "$P"
has_text "$T/default.out" "for NHS England only: $NFP/submission.xlsx, metrics.csv, data-quality.txt"
# the full counts, for NHS England, under a first line that says so
report_split default "$P"
if sed -n 2p "$P/$NFP/metrics.csv" | grep -q '^standard,metric,measure,'; then ok; else
    bad "default: metrics.csv's header is not its second line"; fi
has_text "$P/$NFP/metrics.csv" "$SMALL_BME"
# ... and not in what is published: the table, the page, the summary
lacks_text "$P/tables/all-figures.csv" "$SMALL_BME"
if grep -q '^WRES,1,workforce,Trust,All,BME,,,,.*,suppressed' "$P/tables/all-figures.csv"
then ok; else bad "default: tables/all-figures.csv does not mark the BME row withheld"; fi
lacks_text "$P/report.html" "36.36%"
lacks_text "$P/report.html" "n/a"
has_text "$P/report.html" '<a class="wh" href="#withheld">withheld (fewer than 10)</a>'
has_text "$P/report.html" '<li id="withheld"><strong>Publication mode</strong>: cells that read "withheld (fewer than 10)"'
lacks_text "$P/report.html" 'class="nfp"'
lacks_text "$P/summary.txt" "36.36%"
has_text "$P/tables/metric-1.csv" ",withheld (fewer than 10): fewer than the publication threshold"
has_text "$P/summary.txt" "withheld* = withheld (fewer than 10)"
# the folder's marker lists the subfolder, so that the next run may replace it
has_text "$P/.wres-wdes" "$NFP/metrics.csv"
run default-again 0 "$W" report --config "$D/config-small.ini" --out "$P"
if ls -d "$P".tmp-* "$P".old-* >/dev/null 2>&1; then bad "default-again: a folder left beside"; else ok; fi

# --- --suppress 0: nothing withheld, and a banner at the top says so ----------
run zero 0 "$W" report --config "$D/config-small.ini" --suppress 0 --out "$T/zero"
has_text "$T/zero.out" "(small numbers NOT withheld)"
has_text "$T/zero/report.html" "36.36%"
has_text "$T/zero/report.html" '<div class="nfp" role="note" aria-label="Not for publication"><strong>Not for publication.</strong> Small numbers are not withheld'
# the banner comes first in the body, above the page's own header
if awk '/<body>/ { b = NR } /class="nfp"/ { n = NR } /<header class="banner">/ { h = NR }
        END { exit !(b && n == b + 1 && h > n) }' "$T/zero/report.html"; then ok; else
    bad "zero: the banner is not at the very top of the page"; fi
lacks_text "$T/zero/report.html" "withheld (fewer than"
# suppress = 0 in the config does the same
{ echo "suppress = 0"; cat "$D/config-small.ini"; } >"$T/zero.ini"
cp "$D/staff-small.csv" "$D/leavers-small.csv" "$D/board-small.csv" "$T/"
run zero-ini 0 "$W" report --config "$T/zero.ini" --out "$T/zero-ini"
has_text "$T/zero-ini/report.html" 'class="nfp"'
# --suppress 3: the 1 not stated is withheld, under 3
run three 0 "$W" report --config "$D/config-small.ini" --suppress 3 --out "$T/three"
has_text "$T/three/report.html" "withheld (fewer than 3)"
lacks_text "$T/three/report.html" 'class="nfp"'

# --- metrics: the analyst's full counts, unless --suppress is given -----------
run metrics 0 "$W" metrics --config "$D/config-small.ini" --format csv
if head -1 "$T/metrics.out" | grep -q '^standard,metric,measure,'; then ok; else
    bad "metrics: stdout does not start with the header"; fi
has_text "$T/metrics.out" "$SMALL_BME"
run metrics-sup 0 "$W" metrics --config "$D/config-small.ini" --format csv --suppress 10
lacks_text "$T/metrics-sup.out" "$SMALL_BME"

# --- trend reads a report's metrics.csv, its '#' line skipped -----------------
"$W" metrics --config "$D/config-small.ini" --year 2018 --format csv >"$T/m2018.csv" 2>/dev/null
run trend 0 "$W" trend "$T/m2018.csv" "$P/$NFP/metrics.csv" --out "$T/trend"
if grep -q ',2019,' "$T/trend/trend.csv" && grep -q ',2018,' "$T/trend/trend.csv"; then ok; else
    bad "trend: trend.csv lacks 2018 or 2019"; fi
# a '#' line anywhere but at the top is not a comment
{ sed -n 2,3p "$P/$NFP/metrics.csv"; echo "# a comment"; } >"$T/late.csv"
run trend-late 65 "$W" trend "$T/late.csv" --out "$T/trend-late"

# --- ESR against the staff survey, WDES: the 2019 board paper -------------------
# ESR (tests/reference/wdes-2019-metric1.csv): Disabled and unknown column
# totals of the 3765 staff; the survey: 439 of 1730 respondents (439 + 1291,
# wdes-2019-survey.csv, metric 9a); its Wilson interval as statsmodels gives
# it (statistics/proportions.csv); the people ESR may be missing: the
# survey's share of the headcount less ESR's count, rounded.
esr=$(awk -F, 'NR > 1 { d += $4; u += $6; t += $7 } END { print d, u, t }' "$REF/wdes-2019-metric1.csv")
set -- $esr
esr_d=$1 esr_u=$2 esr_t=$3
sv=$(awk -F, '$1 == "9a" { print $3, $3 + $5 }' "$REF/wdes-2019-survey.csv")
set -- $sv
sv_x=$1 sv_n=$2
wilson=$(awk -F, -v x="$sv_x" -v n="$sv_n" '$1 == x && $2 == n && $3 == "wilson" { print $4, $5 }' \
    "$REF/statistics/proportions.csv")
missing=$(awk -v x="$sv_x" -v n="$sv_n" -v d="$esr_d" -v t="$esr_t" \
    'BEGIN { m = x / n * t - d; printf "%d", m + 0.5 }')
if [ "$esr_d $esr_u $esr_t $sv_x $sv_n" = "139 1225 3765 439 1730" ] && [ -n "$wilson" ]; then ok
else bad "esr: the reference figures are not the paper's ($esr_d $esr_u $esr_t $sv_x $sv_n)"; fi
run esr-wdes 0 "$V" report --config fixtures/trust-2019.ini --suppress 0 --out "$T/esr-wdes"
M="$T/esr-wdes/$NFP/metrics.csv"
# close FIELD_VALUE EXPECTED: equal to 1e-9
close() {
    if awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(a != "" && d < 1e-9 && d > -1e-9) }'
    then ok; else bad "esr: $3: $1, expected $2"; fi
}
row=$(grep '^WDES,esr-survey,survey-share,Trust,All,Disabled,,' "$M")
close "$(echo "$row" | cut -d, -f8)" "$sv_x" "survey count"
close "$(echo "$row" | cut -d, -f9)" "$sv_n" "survey respondents"
set -- $wilson
close "$(echo "$row" | cut -d, -f11)" "$1" "Wilson lower"
close "$(echo "$row" | cut -d, -f12)" "$2" "Wilson upper"
row=$(grep '^WDES,esr-survey,esr-share,Trust,All,Disabled,,' "$M")
close "$(echo "$row" | cut -d, -f8)" "$esr_d" "ESR Disabled"
close "$(echo "$row" | cut -d, -f9)" "$esr_t" "ESR headcount"
row=$(grep '^WDES,esr-survey,esr-share,Trust,All,Unknown,,' "$M")
close "$(echo "$row" | cut -d, -f10)" "$(awk -v u="$esr_u" -v t="$esr_t" 'BEGIN { printf "%.17g", u / t }')" "ESR not declared"
row=$(grep '^WDES,esr-survey,gap,Trust,All,Disabled,ESR,' "$M")
close "$(echo "$row" | cut -d, -f8)" "$missing" "people ESR may be missing"
close "$(echo "$row" | cut -d, -f11)" "$(awk -v l="$1" -v d="$esr_d" -v t="$esr_t" 'BEGIN { printf "%.17g", l - d / t }')" "gap lower"
# the page renders those rows: the paper's 3.7%, 32.5% and 25%
H="$T/esr-wdes/report.html"
has_text "$H" "ESR may be missing about $missing Disabled staff"
has_text "$H" '<td class="n">3.7%</td>'
has_text "$H" '<td class="n">32.5%</td>'
has_text "$H" '<td class="n">25.4%</td>'
lacks_text "$H" "is likely to be an undercount.</p>"
has_text "$T/esr-wdes/summary.txt" "ESR may be missing about $missing Disabled staff."

# --- ESR against the survey, WRES: the BME share ------------------------------
# staff-in-post 2019: 144 BME of 3757 (tests/reference/README.md); the survey
# item most respondents answered (fixtures/2019/survey-wres-2019.csv) has
# 94 BME of 94 + 1641; Wilson's interval worked out here from its formula.
read -r bx bn <<EOF
$(awk -F, 'NR > 1 { r[$1, $2] = $3; m[$1] = 1 } END { for (k in m) if (r[k, "BME"] + r[k, "White"] > n) { n = r[k, "BME"] + r[k, "White"]; x = r[k, "BME"] } print x, n }' fixtures/2019/survey-wres-2019.csv)
EOF
run esr-wres 0 "$W" report --config fixtures/trust-2019.ini --suppress 0 --out "$T/esr-wres"
M="$T/esr-wres/$NFP/metrics.csv"
row=$(grep '^WRES,esr-survey,survey-share,Trust,All,BME,,' "$M")
lo=$(awk -v x="$bx" -v n="$bn" 'BEGIN { z = 1.959963984540054; p = x / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n); h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    printf "%.17g", c - h }')
if [ "$bx $bn" = "94 1735" ]; then ok; else bad "esr-wres: survey item $bx of $bn"; fi
close "$(echo "$row" | cut -d, -f11)" "$lo" "WRES Wilson lower"
row=$(grep '^WRES,esr-survey,gap,Trust,All,BME,ESR,' "$M")
close "$(echo "$row" | cut -d, -f8)" "$(awk -v x="$bx" -v n="$bn" 'BEGIN { printf "%d", x / n * 3757 - 144 + 0.5 }')" "WRES people ESR may be missing"

# --- ... and when the survey's interval includes ESR's share: chance ----------
# 4 BME of 11 in ESR (36.4%); the survey: 36 BME of 100 answering (Wilson
# 27.3% to 45.8%, which includes 36.4%)
printf 'measure,group,respondents,percent\nequal_opportunities,BME,36,50.0\nequal_opportunities,White,64,60.0\n' >"$T/survey-chance.csv"
run chance 0 "$W" report --staff "$D/staff-small.csv" --survey "$T/survey-chance.csv" --suppress 0 --out "$T/chance"
has_text "$T/chance/report.html" "The difference could be chance: the survey's interval includes ESR's share."
lacks_text "$T/chance/report.html" "ESR may be missing about"
if grep -q '^WRES,esr-survey,gap,Trust,All,BME,ESR,,11,' "$T/chance/$NFP/metrics.csv"; then ok; else
    bad "chance: the gap row has a count of people"; fi

# --- actions: beside their metric and in the closing plan, escaped ------------
cat >"$T/actions.ini" <<'EOF'
year = 2019
staff = staff-small.csv
leavers = leavers-small.csv
board = board-small.csv
[wres]
action = Report to the board <b>quarterly</b> & publish
action-1 = Set a target for BME staff at Band 8a and above
action 9 = <script>alert(1)</script>
[wdes]
action-4b = A WDES action only
EOF
run actions 0 "$W" report --config "$T/actions.ini" --suppress 0 --out "$T/actions"
A="$T/actions/report.html"
has_text "$A" "<li>Report to the board &lt;b&gt;quarterly&lt;/b&gt; &amp; publish</li>"
has_text "$A" "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>"
lacks_text "$A" "<script>"
lacks_text "$A" "A WDES action only"
# metric 1's action inside metric 1's section, metric 9's in the board's
sec() { awk -v id="$2" 'index($0, "<section id=\"" id "\">") { s = 1 } s { print } s && /<\/section>/ { exit }' "$1"; }
if sec "$A" metric-1 | grep -qF "<li>Set a target for BME staff at Band 8a and above</li>"; then ok; else
    bad "actions: metric 1's action is not in its section"; fi
if sec "$A" board | grep -qF "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>"; then ok; else
    bad "actions: metric 9's action is not in the board's section"; fi
plan=$(sec "$A" action-plan)
for t in "<h2>Action plan</h2>" "<h3>For the whole standard</h3>" "<h3>Metric 1</h3>" \
         "<h3>Metric 9</h3>" "Set a target for BME staff"; do
    case $plan in *"$t"*) ok ;; *) bad "actions: the action plan lacks '$t'" ;; esac
done
has_text "$A" '<li><a href="#action-plan">Action plan</a></li>'
# no actions: no plan
lacks_text "$P/report.html" 'id="action-plan"'
lacks_text "$P/report.html" 'href="#action-plan"'
# the config's errors name file:line
printf 'year = 2019\nstaff = x.csv\naction = everywhere\n' >"$T/act-top.ini"
run act-top 65 "$W" metrics --config "$T/act-top.ini"
has_text "$T/act-top.err" "act-top.ini:3: key 'action': an action belongs to one standard: put it in [wres] or [wdes]"
printf '[wres]\nstaff = x.csv\naction-x2 = what\n' >"$T/act-bad.ini"
run act-bad 65 "$W" metrics --config "$T/act-bad.ini"
has_text "$T/act-bad.err" "act-bad.ini:3: key 'action_x2': expected action = TEXT, or action-METRIC = TEXT"
printf '[wdes]\nstaff = x.csv\naction-2 =\n' >"$T/act-empty.ini"
run act-empty 65 "$W" metrics --config "$T/act-empty.ini"
has_text "$T/act-empty.err" "act-empty.ini:3: key 'action_2': the action's text is empty"

# --- the inputs' folders stay out of what is published -------------------------
# A folder in an input's path may name a person ("/home/jane.smith/..."): the
# published files name each input by its file name alone.
J="$T/Jane.Smith-home"
mkdir -p "$J"
cp "$D/staff-small.csv" "$J/"
run folder 0 "$W" report --staff "$J/staff-small.csv" --out "$T/folder"
has_text "$T/folder/report.html" "staff-small.csv"
for f in report.html summary.txt findings.txt tables/data-quality.csv; do
    lacks_text "$T/folder/$f" "Jane.Smith"
done
if grep -rqF "Jane.Smith" "$T/folder/charts" "$T/folder/tables"; then bad "folder: a chart or table names the folder"; else ok; fi

finish
