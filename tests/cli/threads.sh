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
# waiting; an unbalanced quote at the end) and --skip-bad-rows. Then a file
# read as two ranges (common/csv_pipe.c, csv_split_read), each counted on its
# own thread and merged by person key: the cases the boundary and the merge
# could get wrong (below). Then the publication audit, in two halves on two
# threads. Run it under ASan and ThreadSanitizer too.
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

# --- two ranges (csv_split_read) ------------------------------------------------
# With --threads 2 a file is also read as two ranges, the second starting after
# the first line end at or after the middle of the file, counted on two
# threads and merged. Every line below has fixed-width fields, so that the
# cases are made by editing a line in place (the size, and so the boundary,
# stay the same). R2 is the first line of the second range.
# 6,000 people in the first half (Dir 00-49), 6,000 in the second (Dir 00-59:
# Dir 50-59, "dir 55" and "DIR 05" only there); every 5th of the first half
# has a second assignment in the second half: primary later (i % 20 == 0),
# higher FTE later (5), a tie on FTE (10: the first row wins), both primary
# with a higher FTE later (15); every 8th of those a different ethnic origin
# (a conflict) and a directorate only the second half has; for i % 40 == 20 a
# third assignment, in the second half, with another ethnic origin (a
# conflict inside the second range only); some unknown
# ethnic-origin codes in both halves, some only in the second; bank rows.
gen_split() { # gen_split LEAVERS(0/1)
    awk -v leavers="$1" 'BEGIN {
        OFS = ","
        h = "Employee Number,Assignment Number,Primary Assignment,Org L3,Org L4,Ethnic Origin,Disability Flag,Pay Band,Staff Group,Occupation Code,Assignment Category,Contracted Wte"
        print h (leavers ? ",Termination Date,Leaving Reason" : "")
        split("A White - British|M Black Caribbean|H Asian Indian|Z Not Stated|C3 White Polish|Q Code One|Q Code Two", eth, "|")
        n = 6000
        for (r = 0; r < 2 * n + n / 5; r++) {
            half = r < n ? 1 : 2
            i = r; second = 0
            k = int((r - n) / 6) * 5
            if (half == 2 && r % 6 == 0 && k < n) { i = k; second = 1 }
            else if (half == 2 && r % 6 == 3 && k % 40 == 20) { i = k; second = 2 }
            else if (half == 2) i = r + n
            m = i % 20
            prim = "Yes"; fte = "1.00"
            if (i % 5 == 0 && i < n) {
                if (m == 0) { prim = second ? "Yes" : "No"; fte = "0.50" }
                else if (m == 5) { prim = "No"; fte = second ? "0.80" : "0.40" }
                else if (m == 10) { prim = "No"; fte = "0.60" }
                else { fte = second ? "0.90" : "0.70" }
            }
            d = i % (half == 2 ? 60 : 50)
            org = sprintf("Dir %02d", d)
            if (second == 1 && i % 40 == 0) org = sprintf("Dir %02d", 50 + i % 10)
            if (half == 2 && i % 101 == 0) org = "dir 55"
            if (half == 2 && i % 103 == 0) org = "DIR 05"
            e = eth[1 + (i + (second == 1 && i % 40 == 0) + (second == 2)) % (half == 2 ? 7 : 6)]
            if (second == 2) { prim = "No"; fte = "0.10" }
            if (half == 2 && i % 7 == 0) e = sprintf("Q Late %04d", i % 37)
            cat = (i % 31 == 0) ? "Bank" : "Permanent"
            line = sprintf("%08d,%08d-%d,%-3s,%s,Dept %04d,%-20s,%-3s,Band %d,Nursing,N0A,%-9s,%s", \
                10000000 + i, 10000000 + i, second + 1, prim, org, i % 300, e, \
                i % 13 == 0 ? "Yes" : "No", 2 + i % 7, cat, fte)
            if (leavers) line = line "," sprintf("%02d/%02d/%d", 1 + i % 28, 1 + i % 12, i % 9 == 0 ? 2017 : 2018) ",Voluntary Resignation - Relocation"
            print line
        }
    }'
}
# edit FILE LINE FIELD TEXT: field FIELD of line LINE becomes TEXT padded to
# its width (the line keeps its length)
edit() {
    awk -v L="$2" -v F="$3" -v X="$4" 'BEGIN { FS = OFS = "," }
        NR == L { w = length($F); if (length(X) > w) exit 1; $F = sprintf("%-" w "s", X) } { print }' \
        "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}
# join FILE LINE: line LINE and the next become one record: the Org L4 field
# of LINE opens a quote, the next line's closes it (a quoted line end)
join2() {
    awk -v L="$2" 'BEGIN { FS = OFS = "," }
        NR == L { $5 = "\"" substr($5, 2) } NR == L + 1 { $5 = substr($5, 1, length($5) - 1) "\"" }
        { print }' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}
gen_split 0 >"$T/split.csv"
gen_split 1 >"$T/split-leavers.csv"
size=$(wc -c <"$T/split.csv")
R2=$(( $(head -c $((size / 2)) "$T/split.csv" | wc -l) + 2 ))
lsize=$(wc -c <"$T/split-leavers.csv")
LR2=$(( $(head -c $((lsize / 2)) "$T/split-leavers.csv" | wc -l) + 2 ))
# quoted line ends inside each range (the second range's lines are counted
# from its start, then moved on by the first's)
join2 "$T/split.csv" 100
join2 "$T/split.csv" $((R2 + 100))
join2 "$T/split-leavers.csv" 100
join2 "$T/split-leavers.csv" $((LR2 + 100))
cp "$T/split.csv" "$T/split-base.csv"
if [ "$(wc -c <"$T/split.csv")" -eq "$size" ] && [ "$R2" -gt 5000 ]; then ok; else
    bad "split: the edits changed the size, or the second range starts at line $R2"; fi
split_same() { # split_same NAME FILE [OPTIONS]: metrics (csv, json) and check agree
    sn=$1 f=$2
    shift 2
    same "$sn" "$W" metrics --staff "$f" --leavers "$T/split-leavers.csv" --year 2019 \
        --by "Org L3" --by "Ethnic Origin" --format json "$@"
    same "$sn-csv" "$W" metrics --staff "$f" --year 2019 --by "Org L3" --format csv "$@"
    same "$sn-check" "$W" check --staff "$f" --leavers "$T/split-leavers.csv" --year 2019 "$@"
}
split_same split "$T/split.csv"
rc split 0
nonempty split
# the cases the merge must get right are there: people counted once across
# the halves, conflicts, levels first seen in the second half, unknown codes
grep -q '"conflicting_people":[1-9]' "$T/split.1.out" && ok || bad "split: no conflicting people"
grep -q 'Dir 5[0-9]' "$T/split-csv.1.out" && ok || bad "split: no second-half-only level"
grep -q 'Q Late' "$T/split-check.1.out" "$T/split-check.1.err" && ok || bad "split: no unknown code"
same split-wdes "$V" metrics --staff "$T/split.csv" --leavers "$T/split-leavers.csv" --year 2019 \
    --by "Org L3" --by "Disability Flag" --by "Pay Band" --format csv
rc split-wdes 0

# a quoted line end exactly at the boundary: the second range started inside
# a quoted field, so the first thread reads on from there itself
join2 "$T/split.csv" $((R2 - 1))
sed -n "$((R2 - 1))p" "$T/split.csv" | grep -q '^[^"]*,"ept' && ok || bad "split-quoted: no quote open at the middle"
split_same split-quoted "$T/split.csv"
rc split-quoted 0

# a UTF-8 byte-order mark's bytes starting the second range: part of a
# field there (only the file's first bytes are a mark)
cp "$T/split-base.csv" "$T/split.csv"
edit "$T/split.csv" "$R2" 7 "$(printf '\357\273\277Yes')"
split_same split-bom "$T/split.csv"
rc split-bom 0

# errors: in the second range only (reported with the line of one thread);
# in both (the first range's); a bad row in the second and a malformed line
# in the first; --skip-bad-rows lists both ranges' rows with their lines
cp "$T/split-base.csv" "$T/split.csv"
edit "$T/split.csv" $((R2 + 300)) 12 "abc"
split_same split-bad2 "$T/split.csv"
rc split-bad2 65
grep -q ":$((R2 + 300)): column 'Contracted Wte'" "$T/split-bad2-csv.1.err" && ok || bad "split-bad2: not the line $((R2 + 300))"
split_same split-skip "$T/split.csv" --skip-bad-rows
rc split-skip 0
edit "$T/split.csv" 200 12 "xyz"
split_same split-bad12 "$T/split.csv"
rc split-bad12 65
grep -q ":200: column 'Contracted Wte'" "$T/split-bad12-csv.1.err" && ok || bad "split-bad12: not line 200"
split_same split-skip12 "$T/split.csv" --skip-bad-rows
rc split-skip12 0
edit "$T/split.csv" 200 12 "1.00"
edit "$T/split.csv" 150 6 'A "White"'
split_same split-worse1 "$T/split.csv"
rc split-worse1 65
grep -q "malformed CSV" "$T/split-worse1-csv.1.err" && ok || bad "split-worse1: not the malformed line"

# over UNKNOWN_MAX_DISTINCT distinct unknown codes, some in both halves:
# kept by name in file order, the rest counted as others
cp "$T/split-base.csv" "$T/split.csv"
awk -v r2="$R2" 'BEGIN { FS = OFS = "," }
    (NR > 1 && NR % 11 == 0) { k = NR < r2 ? NR % 150 : NR % 300; $6 = sprintf("%-20s", sprintf("Q Many %03d", k)) }
    { print }' "$T/split-base.csv" >"$T/split.csv"
split_same split-many "$T/split.csv"
rc split-many 0

# the paths that stay whole: UTF-16 (transcoded), standard input, crossed --by
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$T/split-base.csv"; } >"$T/split16.csv"
same split-utf16 "$W" metrics --staff "$T/split16.csv" --year 2019 --by "Org L3" --format csv
rc split-utf16 0
from_stdin() { "$W" "$@" <"$T/split-base.csv"; }
same split-stdin from_stdin metrics --staff - --year 2019 --by "Org L3" --format csv
rc split-stdin 0
same split-cross "$W" metrics --staff "$T/split-base.csv" --year 2019 --by "Org L3*Pay Band" --format csv
rc split-cross 0
cmp -s "$T/split-utf16.1.out" "$T/split-csv.1.out" && ok || bad "split-utf16: not the UTF-8 file's metrics"

# the publication audit (common/suppress_lp.c) works in two halves, on two
# threads with --threads 2: the same rows withheld, with complements among
# them (the halves had something to do), for both standards
for calc in wres wdes; do
    for t in 1 2; do
        rm -rf "$T/pub-$calc-$t"
        "$BIN/$calc" report --config fixtures/trust-2019.ini --threads "$t" \
            --out "$T/pub-$calc-$t" >/dev/null 2>"$T/pub-$calc-$t.err" || bad "$calc report --threads $t"
    done
    if diff -r "$T/pub-$calc-1/tables" "$T/pub-$calc-2/tables" >/dev/null &&
            cmp -s "$T/pub-$calc-1/summary.txt" "$T/pub-$calc-2/summary.txt" &&
            cmp -s "$T/pub-$calc-1/findings.txt" "$T/pub-$calc-2/findings.txt"; then
        ok
    else
        bad "$calc report: --threads 1 and 2 withhold different rows"
    fi
    n=$(grep -c "withheld so that a withheld count cannot" "$T/pub-$calc-2/tables/all-figures.csv")
    [ "$n" -gt 0 ] && ok || bad "$calc report: no complements withheld: the audit's halves were not tried"
done

# --threads takes 1 or 2
"$W" metrics --staff "$T/staff.csv" --threads 3 >/dev/null 2>"$T/t3.err"
if [ $? -eq 64 ] && grep -qF -- "--threads: expected 1 or 2, not '3'" "$T/t3.err"; then ok; else
    bad "--threads 3: not a usage error"; fi
finish
