#!/bin/sh
# tests/cli/trend_levels.sh: directorates over years (issue 15). Three years
# of metrics by a --by column, generated here: trend draws each level's
# relative likelihood as small multiples (at most 24 panels, the rest listed
# in trend-levels.csv), tests each level's last change and controls the
# false discovery rate across levels; tests/cli/trend_levels_ref.py checks
# every number against scipy. Environment: WQ_BIN (default bin).
set -u
BIN=${WQ_BIN:-bin}
W="$BIN/wres"
SUITE=trend-levels
. "$(dirname "$0")/../lib.sh"

# 30 teams of 10 BME and 40 White staff. Leavers (BME of 10, White of 40):
# 2017: 5 and 8 in every team (relative likelihood 0.5 / 0.2 = 2.5);
# 2018: 2 and 8 (1); 2019: 1 + t mod 6 and 4 + t mod 7 for team t, but
# team 30: 9 and 2 (0.9 / 0.05 = 18).
staff_teams 30 50 10 70000000 "Team %02d" >"$T/staff.csv"
leavers() {
    awk -F, -v y="$1" 'NR == 1 { print "Employee Number,Ethnic Origin,Team,Termination Date"; next }
        { n[$5]++; t = substr($5, 6) + 0
          if (y == 2017) { b = 5; w = 8 } else if (y == 2018) { b = 2; w = 8 }
          else if (t == 30) { b = 9; w = 2 } else { b = 1 + t % 6; w = 4 + t % 7 }
          if (n[$5] <= b || (n[$5] > 10 && n[$5] <= 10 + w))
              printf "%s,%s,%s,01/06/%d\n", $1, $2, $5, y - 1 }' "$T/staff.csv"
}
for y in 2017 2018 2019; do
    leavers $y >"$T/leavers$y.csv"
    if "$W" metrics --staff "$T/staff.csv" --leavers "$T/leavers$y.csv" --by Team --year $y \
        --format csv >"$T/m$y.csv" 2>"$T/m$y.err"; then ok; else bad "metrics $y failed"; cat "$T/m$y.err"; fi
done
# the first file as published after issue 12: a leading "#" line
{ echo "# not for publication: for NHS England only"; cat "$T/m2017.csv"; } >"$T/m2017c.csv"

run tr 0 "$W" trend "$T/m2017c.csv" "$T/m2018.csv" "$T/m2019.csv" --out "$T/tr"
L="$T/tr/trend-levels.csv"
if [ -s "$L" ]; then ok; else bad "no trend-levels.csv"; fi
# every number against scipy, from the metrics CSVs
if /usr/bin/python3 "$(dirname "$0")/trend_levels_ref.py" "$L" "$T/m2017c.csv" "$T/m2018.csv" \
    "$T/m2019.csv" >"$T/ref.out" 2>&1; then ok; else bad "trend-levels.csv against scipy:"; sed 's/^/    /' "$T/ref.out"; fi
# 30 levels of one breakdown and metric (leavers: the only relative likelihood)
n=$(($(wc -l <"$L") - 1))
if [ "$n" -eq 30 ]; then ok; else bad "trend-levels.csv has $n rows, want 30"; fi
has_text "$L" "breakdown,level,metric,measure,group,reference,2017,2018,2019,change_from,change_to,change,z,p,q,chart"
# team 30 by hand: 2.5, 1, 18; its change (ln 18 = 2.89) is the largest, so
# its q is the smallest and it comes first
awk -F, 'NR == 2 { exit !($2 == "Team 30" && $7 == 2.5 && $8 == 1 && $9 > 17.999999 &&
    $9 < 18.000001 && $10 == 2018 && $11 == 2019 && $15 < 0.05) }' "$L" && ok ||
    bad "team 30 is not first with 2.5, 1, 18 and q < 0.05: $(sed -n 2p "$L")"
# 24 panels drawn, 6 listed only
drawn=$(grep -c ',levels-team-leavers-leaving.png$' "$L")
if [ "$drawn" -eq 24 ]; then ok; else bad "$drawn levels drawn, want 24"; fi
if [ "$(grep -c ',$' "$L")" -eq 6 ]; then ok; else bad "want 6 levels not drawn"; fi
P="$T/tr/levels-team-leavers-leaving.png"
set -- $(od -An -tu1 -j16 -N8 "$P" 2>/dev/null) 0 0 0 0 0 0 0 0
w=$((($1 << 24) + ($2 << 16) + ($3 << 8) + $4)); h=$((($5 << 24) + ($6 << 16) + ($7 << 8) + $8))
if [ "$w" -ge 1000 ] && [ "$w" -le 32767 ] && [ "$h" -ge 1000 ] && [ "$h" -le 32767 ]; then ok; else
    bad "$P: $w x $h pixels"; fi
# svg and pdf too
"$W" trend "$T/m2018.csv" "$T/m2019.csv" --out "$T/svg" --chart-format svg >/dev/null 2>&1
if grep -q "<svg" "$T/svg/levels-team-leavers-leaving.svg" 2>/dev/null; then ok; else bad "no SVG small multiples"; fi

# two breakdowns whose names make the same file name ("Team", "Team!"):
# the second chart gets "-2", neither is overwritten
for y in 2018 2019; do
    awk -F, -v OFS=, '$4 == "Team" { print; $4 = "Team!" } 1' "$T/m$y.csv" >"$T/twice$y.csv"
done
"$W" trend "$T/twice2018.csv" "$T/twice2019.csv" --out "$T/twice" >/dev/null 2>&1
if [ -s "$T/twice/levels-team-leavers-leaving.png" ] && [ -s "$T/twice/levels-team-leavers-leaving-2.png" ] &&
    [ "$(grep -c ',levels-team-leavers-leaving-2.png$' "$T/twice/trend-levels.csv")" -eq 24 ]; then ok; else
    bad "two breakdowns that slug alike: $(ls "$T/twice" 2>&1 | tr '\n' ' ')"; fi

# a published history table has no levels: no trend-levels.csv
"$W" trend tests/reference/wres-history-2016-2019.csv --out "$T/hist" >/dev/null 2>&1
if [ -d "$T/hist" ] && [ ! -e "$T/hist/trend-levels.csv" ]; then ok; else bad "history: trend-levels.csv written"; fi

# a level's year twice: exit 65 naming the file and line, nothing written
{ head -1 "$T/m2019.csv"; grep ',Team,Team 0[12],' "$T/m2019.csv"; } >"$T/levels-only.csv"
run dup 65 "$W" trend "$T/levels-only.csv" "$T/levels-only.csv" --out "$T/dup"
has_text "$T/dup.err" "levels-only.csv:"
has_text "$T/dup.err" "a second figure for the same year, level and metric"
if [ -e "$T/dup" ]; then bad "a failed trend wrote $T/dup"; else ok; fi
finish
