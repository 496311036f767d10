# tests/lib.sh: what the shell test suites share. Set SUITE, then source it
# (. "$(dirname "$0")/../lib.sh"): it makes $T, a temporary folder removed at
# exit, the counters with ok and bad, and finish, which prints the suite's
# closing line "SUITE: N passed, N failed" and fails if anything did;
# run NAME EXPECTED_RC CMD...: CMD's stdout and stderr kept in $T/NAME.{out,err};
# has_text FILE TEXT / lacks_text FILE TEXT: FILE has (has not) the fixed
# string TEXT; report_split NAME DIR, a report folder's published and
# not-for-publication parts; and staff_teams, a generated staff extract of
# many teams.
export LC_ALL=C
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-$SUITE.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
    echo "$SUITE: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
run() {
    name=$1 want=$2
    shift 2
    "$@" >"$T/$name.out" 2>"$T/$name.err"
    rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else
        bad "$name: exit $rc, expected $want"; sed 's/^/    /' "$T/$name.err" | head -5
    fi
}
has_text() {
    if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks '$2'"; fi
}
lacks_text() {
    if grep -qF -- "$2" "$1"; then bad "$1 has '$2'"; else ok; fi
}
# report_split NAME DIR: the report folder DIR publishes report.html,
# summary.txt, tables/all-figures.csv and charts/ at its top and keeps the
# full counts (metrics.csv, under a first line that says so, submission.xlsx,
# data-quality.txt) in not-for-publication/ only.
report_split() {
    for f in report.html summary.txt tables/all-figures.csv charts not-for-publication/metrics.csv \
             not-for-publication/submission.xlsx not-for-publication/data-quality.txt; do
        if [ -e "$2/$f" ]; then ok; else bad "$1: no $f"; fi
    done
    for f in metrics.csv submission.xlsx data-quality.txt; do
        if [ -e "$2/$f" ]; then bad "$1: $f published at the top of the folder"; else ok; fi
    done
    if head -1 "$2/not-for-publication/metrics.csv" 2>/dev/null |
        grep -q '^# NOT FOR PUBLICATION: full counts for NHS England'
    then ok; else bad "$1: metrics.csv's first line is not the 'not for publication' comment"; fi
}
# staff_teams TEAMS SIZE BME ID FORMAT: a staff extract on stdout (Employee
# Number, Ethnic Origin, Pay Band, Staff Group, Team) of TEAMS teams of SIZE
# people each, Band 5 Allied Health Professionals, the first BME of each team
# Asian (BME) and the rest White; employee numbers from ID + 1 up; team t
# named printf FORMAT t (e.g. "Team %04d").
staff_teams() {
    awk -v teams="$1" -v size="$2" -v bme="$3" -v id="$4" -v fmt="$5" 'BEGIN {
        print "Employee Number,Ethnic Origin,Pay Band,Staff Group,Team"
        for (t = 1; t <= teams; t++)
            for (k = 0; k < size; k++)
                printf "%d,%s,Band 5,Allied Health Professionals," fmt "\n", ++id,
                    k < bme ? "H Asian - Indian" : "A White - British", t }'
}
