#!/bin/bash
# tests/cli/outdir.sh: --out never harms what the toolkit did not write.
#
#   outdir.sh [BIN_DIR]          (default bin; run by make check)
#
# Each case runs a report or trend onto a folder in a state a user could
# leave it in, and checks the exit code, that every file that was there is
# byte-identical afterwards (sha256 of every file), and that nothing was left
# beside it (no NAME.tmp-* or NAME.old-* folder): a folder of the user's own,
# the folder holding an input, a report folder the user has added a file to,
# "/", ".", "", a symbolic link, standard output on a full device, a pipe
# closed early, a file-size limit, SIGINT/SIGHUP/SIGTERM at several moments,
# and three runs at once onto one folder.
set -u
BIN=${1:-bin}
W=$BIN/wres
CFG=fixtures/trust-2019.ini
SUITE=outdir
. "$(dirname "$0")/../lib.sh"

# state DIR: every file under DIR with its hash, and every folder
state() { (cd "$1" && find . -mindepth 1 -printf '%y %p\n' | sort && find . -type f -print0 | sort -z | xargs -0r sha256sum); }
# nothing beside DIR: no temporary or aside folder
clean_beside() {
    if ls -d "$1".tmp-* "$1".old-* >/dev/null 2>&1; then bad "$2: a temporary folder was left beside $1"; else ok; fi
}
# expect NAME CODE: the last run's exit status
expect() {
    if [ "$rc" -eq "$2" ]; then ok; else bad "$1: exit $rc, expected $2"; sed 's/^/  /' "$T/err"; fi
}
report() { "$W" report --config "$CFG" "$@" >"$T/out" 2>"$T/err"; rc=$?; }

# --- a folder of the user's own: refused, untouched ---------------------------
D="$T/Documents"
mkdir -p "$D/sub"
echo "my thesis" >"$D/thesis.docx"
echo "budget" >"$D/sub/budget.xlsx"
state "$D" >"$T/before"
report --out "$D"
expect documents 73
state "$D" >"$T/after"
if cmp -s "$T/before" "$T/after"; then ok; else bad "documents: the user's folder changed"; fi
clean_beside "$D" documents
if grep -q "did not write" "$T/err" && grep -q -- "--out $D/wres-report" "$T/err"; then ok; else
    bad "documents: the message does not say why, or how to choose another folder"; cat "$T/err"; fi
if [ ! -s "$T/out" ]; then ok; else bad "documents: something was written to stdout"; fi

# --- the folder that holds the staff file ------------------------------------
I="$T/inputs"
mkdir -p "$I"
cp fixtures/2019/staff-in-post-2019-03-31.csv "$I/staff.csv"
state "$I" >"$T/before"
"$W" report --staff "$I/staff.csv" --out "$I" >/dev/null 2>"$T/err"; rc=$?
expect input-folder 73
state "$I" >"$T/after"
if cmp -s "$T/before" "$T/after"; then ok; else bad "input-folder: the input folder changed"; fi
clean_beside "$I" input-folder

# --- a report folder of ours is replaced; with a file added, refused -----------
R="$T/report"
report --out "$R"
expect first-report 0
# the marker lists exactly what is there
(cd "$R" && find . -mindepth 1 \( -type d -printf '%P/\n' -o -type f -printf '%P\n' \) | grep -v '^\.wres-wdes$' | sort) >"$T/found"
grep -v '^#' "$R/.wres-wdes" | tail -n +2 | sort >"$T/listed"
if [ "$(head -1 "$R/.wres-wdes")" = "wres-wdes report folder" ] && cmp -s "$T/found" "$T/listed" &&
   [ "$(wc -l <"$T/listed")" -gt 10 ]; then ok; else bad "the marker does not list the report's files"; fi
report --out "$R"
expect replace-ours 0
clean_beside "$R" replace-ours
echo "my notes" >"$R/notes.txt"
state "$R" >"$T/before"
report --out "$R"
expect added-file 73
state "$R" >"$T/after"
if cmp -s "$T/before" "$T/after"; then ok; else bad "added-file: the report folder changed"; fi
if grep -q "1 file in it was not written by wres" "$T/err"; then ok; else bad "added-file: message"; cat "$T/err"; fi
rm "$R/notes.txt"
# a trend run does not take a report folder
"$W" trend fixtures/history/wres-history-2016-2019.csv --out "$R" >/dev/null 2>"$T/err"; rc=$?
expect trend-onto-report 73
if grep -q "is a report folder, not a trend folder" "$T/err"; then ok; else bad "trend-onto-report: message"; fi
# an empty folder (made by the user for the report) is used
mkdir "$T/empty"
report --out "$T/empty"
expect empty-folder 0
if [ -s "$T/empty/not-for-publication/metrics.csv" ]; then ok; else bad "empty-folder: no report in it"; fi
# a symbolic link, a file
ln -s "$D" "$T/link"
report --out "$T/link"
expect symlink 73
echo x >"$T/afile"
report --out "$T/afile"
expect file 73
if [ "$(cat "$T/afile")" = x ]; then ok; else bad "file: overwritten"; fi

# --- "/", ".", "" ------------------------------------------------------------
ls -a / >"$T/root.before"
report --out /
expect root 73
ls -a / >"$T/root.after"
if cmp -s "$T/root.before" "$T/root.after"; then ok; else bad "root: something was left in /"; fi
mkdir "$T/cwd"
(cd "$T/cwd" && "$OLDPWD/$W" report --config "$OLDPWD/$CFG" --out . >/dev/null 2>"$T/err"); rc=$?
expect dot 73
if [ -z "$(ls -A "$T/cwd")" ] && ! ls -d "$T"/cwd.* "$T"/.tmp-* >/dev/null 2>&1; then ok; else bad "dot: something was left"; fi
report --out ""
expect empty-name 64

# --- a failed write of a message leaves the previous report as it was ---------
state "$R" >"$T/before"
"$W" report --config "$CFG" --year 2018 --out "$R" >/dev/full 2>"$T/err"; rc=$?
expect dev-full 74
state "$R" >"$T/after"
if cmp -s "$T/before" "$T/after"; then ok; else bad "dev-full: the previous report was replaced"; fi
clean_beside "$R" dev-full
# a reader that goes away: SIGPIPE, the same
"$W" report --config "$CFG" --year 2018 --out "$R" 2>/dev/null | true
rc=${PIPESTATUS[0]}
expect sigpipe 141
state "$R" >"$T/after"
if cmp -s "$T/before" "$T/after"; then ok; else bad "sigpipe: the previous report was replaced"; fi
clean_beside "$R" sigpipe
# a file-size limit: EFBIG, exit 74, not death by SIGXFSZ
(ulimit -f 200; exec "$W" report --config "$CFG" --year 2018 --out "$R" >/dev/null 2>"$T/err"); rc=$?
expect ulimit-f 74
state "$R" >"$T/after"
if cmp -s "$T/before" "$T/after"; then ok; else bad "ulimit-f: the previous report was replaced"; fi
clean_beside "$R" ulimit-f

# --- signals: the run dies of the signal, or finishes; never a leftover -------
killed=0
for sig in INT HUP TERM; do
    for delay in 0.02 0.1 0.25 0.4; do
        state "$R" >"$T/before"
        "$W" report --config "$CFG" --out "$R" >/dev/null 2>&1 &
        pid=$!
        sleep $delay
        kill -s $sig $pid 2>/dev/null
        wait $pid 2>/dev/null
        rc=$?
        code=$(kill -l $sig >/dev/null 2>&1 && echo $((128 + $(kill -l $sig))))
        if [ "$rc" -eq "$code" ]; then
            killed=$((killed + 1))
            state "$R" >"$T/after"
            if cmp -s "$T/before" "$T/after"; then ok; else bad "SIG$sig at ${delay}s: the report changed"; fi
        elif [ "$rc" -eq 0 ]; then ok
        else bad "SIG$sig at ${delay}s: exit $rc"; fi
        clean_beside "$R" "SIG$sig at ${delay}s"
    done
done

# most runs must really have been interrupted, or the above tested nothing
if [ "$killed" -ge 6 ]; then ok; else bad "signals: only $killed of 12 runs were interrupted"; fi

# --- three runs at once onto one folder ----------------------------------------
C="$T/concurrent"
for i in 1 2 3; do
    "$W" report --config "$CFG" --out "$C" >/dev/null 2>"$T/c$i.err" &
done
crc=0
for job in $(jobs -p); do wait "$job" || crc=$?; done
rc=$crc
expect concurrent 0
clean_beside "$C" concurrent
if [ -s "$C/not-for-publication/metrics.csv" ] && [ -s "$C/.wres-wdes" ]; then ok; else bad "concurrent: no whole report"; fi

# --- --conf is --config, as getopt accepts it -----------------------------------
"$W" metrics --conf "$CFG" --format csv >"$T/conf.csv" 2>/dev/null; rc=$?
expect conf 0
"$W" metrics --config "$CFG" --format csv >"$T/config.csv" 2>/dev/null
if [ -s "$T/conf.csv" ] && cmp -s "$T/conf.csv" "$T/config.csv"; then ok; else bad "--conf differs from --config"; fi

# --- trend.csv: text from an input stays one inert field --------------------------
"$W" metrics --config "$CFG" --format csv >"$T/m19.csv" 2>/dev/null
"$W" metrics --config "$CFG" --year 2018 --format csv >"$T/m18.csv" 2>/dev/null
for y in 18 19; do
    sed 's/,BME,/,"=HYPERLINK(""http:\/\/x"",""a,b"")",/' "$T/m$y.csv" >"$T/h$y.csv"
done
"$W" trend "$T/h18.csv" "$T/h19.csv" --out "$T/trend" >/dev/null 2>"$T/err"; rc=$?
expect trend-formula 0
if /usr/bin/python3 - "$T/trend/trend.csv" <<'EOF'; then ok; else bad "trend.csv: a formula from the input is live or splits a row"; fi
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
width = len(rows[0])
assert all(len(r) == width for r in rows), "ragged rows"
groups = {r[2] for r in rows[1:]} | {r[3] for r in rows[1:]}
assert any(g.startswith("'=HYPERLINK") for g in groups), groups
assert not any(g.startswith("=") for g in groups), groups
EOF

finish
