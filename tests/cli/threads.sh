#!/bin/sh
# tests/cli/threads.sh: --threads 2 (each CSV file read on a second thread,
# common/csv_pipe.c) gives byte for byte what --threads 1 gives: the same
# standard output, standard error and exit status, on the fixtures and on a
# generated extract of several batches (PIPE_BATCH_BYTES, 256 KiB) with the
# cases a hand-over between threads could get wrong: a person's second
# assignment tens of thousands of rows after the first (the primary
# assignment second, or decided by FTE), quoted fields with line ends in
# them, CRLF lines, non-ASCII and Windows-1252 bytes; then errors on either
# thread (a bad FTE early, while the reading thread is far ahead and
# waiting; an unbalanced quote at the end) and --skip-bad-rows.
# Usage: sh tests/cli/threads.sh BIN
set -u
BIN=${1:-bin}
SUITE=threads
. "$(dirname "$0")/../lib.sh"
W="$BIN/wres"
V="$BIN/wdes"

# same NAME CMD...: CMD with --threads 1 and with --threads 2 agree
same() {
    name=$1
    shift
    "$@" --threads 1 >"$T/$name.1.out" 2>"$T/$name.1.err"
    rc1=$?
    "$@" --threads 2 >"$T/$name.2.out" 2>"$T/$name.2.err"
    rc2=$?
    if [ "$rc1" -ne "$rc2" ]; then
        bad "$name: exit $rc1 with --threads 1, $rc2 with --threads 2"
    elif ! cmp -s "$T/$name.1.out" "$T/$name.2.out"; then
        bad "$name: standard output differs"
    elif ! cmp -s "$T/$name.1.err" "$T/$name.2.err"; then
        bad "$name: standard error differs"; diff "$T/$name.1.err" "$T/$name.2.err" | head -5
    else
        ok
    fi
    LAST_RC=$rc1
}
# rc NAME WANT: the exit status of the last same was WANT
rc() {
    if [ "$LAST_RC" -eq "$2" ]; then ok; else bad "$1: exit $LAST_RC, expected $2"; fi
}
# out NAME: the last same printed something (a test of nothing passes nothing)
nonempty() {
    if [ -s "$T/$1.1.out" ]; then ok; else bad "$1: no output"; fi
}

# --- the fixtures ------------------------------------------------------------
for fmt in csv json table; do
    same fix-wres-$fmt "$W" metrics --config fixtures/trust-2019.ini --format "$fmt"
    rc fix-wres-$fmt 0
    nonempty fix-wres-$fmt
    same fix-wdes-$fmt "$V" metrics --config fixtures/trust-2019.ini --format "$fmt"
    rc fix-wdes-$fmt 0
done
same fix-check "$W" check --config fixtures/trust-2019.ini
nonempty fix-check

# --- a generated extract -------------------------------------------------------
# 30,000 people; every 7th has a second assignment 20,000 rows later (so in
# another batch): for i % 3 == 0 the later row is the primary one, for
# i % 3 == 1 neither row is primary and the later has the higher FTE, else
# the first row wins; Org L3 names quoted, some with a comma, some with a line
# end inside the quotes; every 5th line ends in CRLF.
awk 'BEGIN {
    OFS = ","
    print "Employee Number,Assignment Number,Primary Assignment,Org L3,Org L4,Ethnic Origin,Disability Flag,Pay Band,Staff Group,Occupation Code,Assignment Category,Contracted Wte"
    split("A White - British|M Black Caribbean|H Asian Indian|Z Not Stated|C3 White Polish", eth, "|")
    split("Band 2|Band 5|Band 8a|Medical Consultant|Band 6", band, "|")
    n = 30000
    for (r = 0; r < n + n / 7; r++) {
        if (r < n) { i = r; second = 0 } else { i = (r - n) * 7; second = 1 }
        if (second && i + 20000 > r) continue
        org = "\"Directorate " (i % 40) (i % 11 == 0 ? ", North" : "") (i % 97 == 0 ? "\nAnnex" : "") "\""
        prim = "Yes"; fte = "1"
        if (i % 7 == 0) {
            m = i % 3
            if (m == 0) { prim = second ? "Yes" : "No"; fte = "0.5" }
            else if (m == 1) { prim = "No"; fte = second ? "0.8" : "0.4" }
            else { prim = second ? "No" : "Yes"; fte = "0.6" }
        }
        dis = (i % 13 == 0) ? "Caf\351" : ((i % 17 == 0) ? "Ch\303\242teau" : "No")
        e = eth[1 + (i + second) % 5]
        line = (10000000 + i) OFS (10000000 + i) (second ? "-2" : "") OFS prim OFS org OFS "Dept " (i % 300) OFS e OFS dis OFS band[1 + i % 5] OFS "Nursing and Midwifery Registered" OFS "N0A" OFS (i % 29 == 0 ? "Bank" : "Permanent") OFS fte
        printf "%s%s\n", line, (r % 5 == 0 ? "\r" : "")
    }
}' >"$T/staff.csv"
size=$(wc -c <"$T/staff.csv")
if [ "$size" -gt 1000000 ]; then ok; else bad "generated extract: $size bytes, not several batches"; fi
for by in "Org L3" "Org L4" "Disability Flag"; do
    same gen-"$by" "$W" metrics --staff "$T/staff.csv" --year 2019 --by "$by" --format csv
    rc gen-"$by" 0
    nonempty gen-"$by"
done
same gen-wdes "$V" metrics --staff "$T/staff.csv" --year 2019 --by "Org L3" --format csv
rc gen-wdes 0
same gen-check "$W" check --staff "$T/staff.csv"
rc gen-check 0

# a bad FTE on line 5: the callback fails while the reading thread is ahead
awk 'NR == 5 { sub(/,[0-9.]+\r?$/, ",abc") } { print }' "$T/staff.csv" >"$T/bad-fte.csv"
same bad-fte "$W" metrics --staff "$T/bad-fte.csv" --year 2019 --format csv
rc bad-fte 65
same bad-fte-skip "$W" metrics --staff "$T/bad-fte.csv" --year 2019 --format csv --skip-bad-rows
rc bad-fte-skip 0
# an unbalanced quote near the end: the reading thread fails after handing
# over every row before it
{ cat "$T/staff.csv"; printf '99999999,99999999,Yes,"Open quote,x,A White - British,No,Band 5,N,N0A,Permanent,1\n'; } >"$T/bad-quote.csv"
same bad-quote "$W" metrics --staff "$T/bad-quote.csv" --year 2019 --format csv
rc bad-quote 65
# and a bad FTE near the end after a quoted line end: the line numbers agree
{ cat "$T/staff.csv"; printf '88888888,88888888,Yes,"Two\nlines",x,A White - British,No,Band 5,N,N0A,Permanent,lots\n'; } >"$T/bad-late.csv"
same bad-late "$W" metrics --staff "$T/bad-late.csv" --year 2019 --format csv
rc bad-late 65

# --threads takes 1 or 2
"$W" metrics --staff "$T/staff.csv" --threads 3 >/dev/null 2>"$T/t3.err"
if [ $? -eq 64 ] && grep -qF -- "--threads: expected 1 or 2, not '3'" "$T/t3.err"; then ok; else
    bad "--threads 3: not a usage error"; fi
finish
