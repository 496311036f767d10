#!/bin/sh
# tests/io/run.sh: writing a report onto a full disk (make check-io).
#
#   run.sh [BIN_DIR]          (default bin)
#
# A report (wres and wdes) and a trend folder are written into a filesystem
# with room for less than they need, at sizes that make each stage fail in turn
# (not-for-publication/: metrics.csv, data-quality.txt and the workbook; then
# summary.txt, tables/, charts/, report.html). Each
# failed run must exit 73 (cannot create) or 74 (I/O error), write nothing to
# stdout, say "No space left on device" or name the file on stderr, and leave
# nothing behind: no report folder, no .tmp- or .old- folder. A run with room
# enough must succeed. Then a complete report already in place must survive,
# unchanged, a rewrite that fails for lack of space. Last, a report into a
# folder that cannot be written (a read-only mount, or mode 0555 when not
# root) exits 73, naming it.
#
# The full filesystem is a tmpfs mounted for the test when that works (root
# with CAP_SYS_ADMIN: `mount -t tmpfs -o size=...`, unmounted afterwards);
# otherwise, or with WQ_IO_MODE=shim, tests/io/fill_disk.c is built with $CC
# (default cc) and preloaded: files opened for writing under the folder fail
# with ENOSPC after a byte budget. Environment: WQ_IO_MODE (auto|tmpfs|shim),
# CC.
set -u
BIN=${1:-bin}
export LC_ALL=C
CFG=fixtures/trust-2019.ini
HIST=fixtures/history/wres-history-2016-2019.csv
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-io.XXXXXX")
M=$T/disk
mkdir -p "$M"
mounted=0
cleanup() {
    [ $mounted -eq 1 ] && umount "$M" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

mode=${WQ_IO_MODE:-auto}
if [ "$mode" = auto ] || [ "$mode" = tmpfs ]; then
    if mount -t tmpfs -o size=64k tmpfs "$M" 2>/dev/null; then
        umount "$M"
        mode=tmpfs
    elif [ "$mode" = tmpfs ]; then
        echo "check-io: cannot mount a tmpfs (not root?)" >&2
        exit 1
    else
        mode=shim
    fi
fi
if [ "$mode" = shim ]; then
    if ! ${CC:-cc} -shared -fPIC -o "$T/fill_disk.so" tests/io/fill_disk.c -ldl 2>"$T/cc.err"; then
        echo "check-io: cannot build the shim:" >&2
        cat "$T/cc.err" >&2
        exit 1
    fi
fi
echo "check-io: full disk simulated with: $mode"

# disk SIZE: an empty "disk" with SIZE of room (k or m suffix).
disk() {
    case $mode in
    tmpfs)
        [ $mounted -eq 1 ] && umount "$M"
        mounted=0
        mount -t tmpfs -o "size=$1,mode=0755" tmpfs "$M" || { echo "mount failed" >&2; exit 1; }
        mounted=1
        ;;
    shim)
        rm -rf "$M"
        mkdir -p "$M"
        budget=$(($(echo "$1" | sed 's/k$/*1024/; s/m$/*1048576/')))
        ;;
    esac
}

# on_disk NAME CMD...: run CMD with the disk's limits; status in $rc
on_disk() {
    name=$1
    shift
    if [ "$mode" = shim ]; then
        WQ_FULL_DIR=$M WQ_FULL_BYTES=$budget LD_PRELOAD=$T/fill_disk.so \
            "$@" >"$T/$name.out" 2>"$T/$name.err"
    else
        "$@" >"$T/$name.out" 2>"$T/$name.err"
    fi
    rc=$?
}

# leftovers: what is on the disk besides FILLER, one name per line
leftovers() {
    ls -A "$M" | grep -v '^filler$' | grep -v '^lost+found$'
}

# expect_full NAME: the run failed cleanly
expect_full() {
    if [ "$rc" -ne 73 ] && [ "$rc" -ne 74 ]; then
        bad "$1: exit $rc, expected 73 or 74"
        sed 's/^/    /' "$T/$1.err" | head -5
        return
    fi
    ok
    if [ -s "$T/$1.out" ]; then bad "$1: wrote to stdout on failure"; else ok; fi
    if grep -q 'No space left on device\|cannot create\|error writing\|write error\|writing the workbook' "$T/$1.err"; then
        ok
    else
        bad "$1: stderr does not say what failed"
        sed 's/^/    /' "$T/$1.err" | head -5
    fi
    left=$(leftovers)
    if [ -z "$left" ]; then ok; else bad "$1: left behind: $(echo $left)"; fi
}

# --- a report too big for the disk, at each stage in turn ---------------------
# (the wres report is about 4 MB: not-for-publication/'s metrics.csv and
# workbook first, then summary.txt, tables/, charts/ and report.html)
for size in 4k 16k 64k 128k 192k 256k 512k 1m 2m 3m; do
    disk $size
    on_disk "wres-report-$size" "$BIN/wres" report --config "$CFG" --out "$M/report"
    expect_full "wres-report-$size"
done
for size in 8k 256k 1m; do
    disk $size
    on_disk "wdes-report-$size" "$BIN/wdes" report --config "$CFG" --out "$M/report"
    expect_full "wdes-report-$size"
done
for size in 4k 64k 256k; do
    disk $size
    on_disk "wres-trend-$size" "$BIN/wres" trend "$HIST" --out "$M/trend"
    expect_full "wres-trend-$size"
done

# --- out of inodes: files cannot even be created (tmpfs only) ----------------
if [ "$mode" = tmpfs ]; then
    for inodes in 3 6 12 30; do
        umount "$M" && mounted=0
        mount -t tmpfs -o "size=16m,nr_inodes=$inodes,mode=0755" tmpfs "$M" && mounted=1
        on_disk "wres-report-inodes-$inodes" "$BIN/wres" report --config "$CFG" --out "$M/report"
        expect_full "wres-report-inodes-$inodes"
    done
fi

# --- room enough: it succeeds -------------------------------------------------
disk 16m
on_disk wres-report-fits "$BIN/wres" report --config "$CFG" --out "$M/report"
if [ "$rc" -eq 0 ] && [ -f "$M/report/report.html" ] && [ -f "$M/report/not-for-publication/submission.xlsx" ]; then
    ok
else
    bad "wres-report-fits: exit $rc or report incomplete"
    sed 's/^/    /' "$T/wres-report-fits.err" | head -5
fi
if [ "$(leftovers)" = report ]; then ok; else bad "wres-report-fits: left $(leftovers | tr '\n' ' ')"; fi

# --- a report in place survives a rewrite that fails --------------------------
# The disk holds one report; rewriting it needs room for a second copy beside
# it (the new folder is complete before it replaces the old), which is not there.
cp -R "$M/report" "$T/report-before"
case $mode in
tmpfs)
    # fill what is left, then free 64 KB: room for some files of the new report
    dd if=/dev/zero of="$M/filler" bs=64k 2>/dev/null
    truncate -s -64k "$M/filler" 2>/dev/null || rm -f "$M/filler"
    ;;
shim)
    budget=65536
    ;;
esac
on_disk wres-rewrite "$BIN/wres" report --config "$CFG" --out "$M/report"
if [ "$rc" -eq 73 ] || [ "$rc" -eq 74 ]; then ok; else bad "wres-rewrite: exit $rc, expected 73 or 74"; fi
if diff -r "$T/report-before" "$M/report" >/dev/null 2>&1; then
    ok
else
    bad "wres-rewrite: the previous report was changed or removed"
fi
if [ "$(leftovers)" = report ]; then ok; else bad "wres-rewrite: left $(leftovers | tr '\n' ' ')"; fi

# --- an unwritable folder: cannot create (73), nothing written ---------------
# As root, permissions do not stop a write, so the folder is a read-only
# mount; otherwise a folder without write permission.
ro=""
if [ "$mode" = tmpfs ]; then
    umount "$M" 2>/dev/null; mounted=0
    mount -t tmpfs -o "size=1m,mode=0755,ro" tmpfs "$M" && mounted=1 && ro="$M"
elif [ "$(id -u)" -ne 0 ]; then
    ro="$T/readonly"
    mkdir -p "$ro" && chmod 0555 "$ro"
fi
if [ -n "$ro" ]; then
    for prog in wres wdes; do
        "$BIN/$prog" report --config "$CFG" --out "$ro/report" >"$T/ro.out" 2>"$T/ro.err"
        rc=$?
        if [ "$rc" -eq 73 ]; then ok; else bad "$prog-readonly: exit $rc, expected 73"; fi
        if grep -q "$ro" "$T/ro.err"; then ok; else bad "$prog-readonly: stderr does not name the folder"; fi
        if [ -s "$T/ro.out" ]; then bad "$prog-readonly: wrote to stdout"; else ok; fi
        if [ -z "$(ls -A "$ro")" ]; then ok; else bad "$prog-readonly: left $(ls -A "$ro")"; fi
    done
    "$BIN/wres" trend "$HIST" --out "$ro/trend" >"$T/ro.out" 2>"$T/ro.err"
    rc=$?
    if [ "$rc" -eq 73 ]; then ok; else bad "trend-readonly: exit $rc, expected 73"; fi
    [ "$mode" = tmpfs ] || chmod 0755 "$ro"
else
    echo "check-io: (root without mount: the unwritable-folder test is skipped)"
fi

echo "check-io: $pass passed, $fail failed"
[ $fail -eq 0 ]
