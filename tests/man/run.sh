#!/bin/sh
# tests/man/run.sh: the man pages cannot drift from the programs.
#  - groff renders each page with no warning (groff -ww), as man -l would;
#  - its OPTIONS are exactly the options the program's --help lists, and
#    wres's plus wdes's are exactly the getopt tables in common/cli.c and serve.c;
#  - each command's "Options:" list in COMMANDS is exactly that command's
#    --help;
#  - EXIT STATUS lists exactly the codes of enum wq_status (common/diag.h);
#  - METRICS CSV names exactly the columns the metrics CSV has.
# Environment: WQ_BIN (default bin), MAN_DIR (default build/default/man).
# Ends with "man: N passed, N failed"; exits 1 if anything failed.
set -u
BIN=${WQ_BIN:-bin}
MAN_DIR=${MAN_DIR:-build/default/man}
SUITE=man
. "$(dirname "$0")/../lib.sh"

# same NAME FILE1 FILE2: the two sorted lists are equal
same() {
    if cmp -s "$2" "$3"; then ok; else
        bad "$1"; diff "$2" "$3" | sed -n 's/^</    only in the first: /p; s/^>/    only in the second: /p'
    fi
}
# help_options PROG [COMMAND]: the options its --help lists, sorted
help_options() {
    "$@" --help | sed -n 's/^  \(-h\), \(--[a-z0-9-]*\).*/\1\n\2/p; s/^  \(--[a-z0-9-]*\).*/\1/p' |
        sort -u
}
# man_section PAGE NAME: the roff source of section NAME
man_section() {
    awk -v s="$2" '/^\.SH / { on = ($0 == ".SH " s || $0 == ".SH \"" s "\"") ; next } on' "$1"
}
# roff_options: the \-\-name and \-h tokens on stdin, as --name and -h, sorted
roff_options() {
    grep -o '\\-\\-[a-z0-9-]*\(\\-[a-z0-9]*\)*\|\\-h\b' | sed 's/\\-/-/g' | sort -u
}

sed -n 's/^ *{"\([a-z0-9-]*\)", *\(no\|required\|optional\)_argument.*/--\1/p' common/cli.c \
    common/serve.c |
    sort -u >"$T/getopt"
[ -s "$T/getopt" ] || bad "no options found in common/cli.c's getopt table"
: >"$T/union"
for prog in wres wdes; do
    page=$MAN_DIR/$prog.1
    if [ ! -f "$page" ]; then bad "$page is missing"; continue; fi
    # renders without a warning, and man reads it
    if groff -ww -z -man "$page" 2>"$T/groff.err" && [ ! -s "$T/groff.err" ]; then ok; else
        bad "$page: groff warns:"; sed 's/^/    /' "$T/groff.err" | head -5; fi
    # as man -l shows it (man-db formats with groff -man -Tutf8)
    if groff -man -Tutf8 -P-cbou "$page" 2>/dev/null | grep -q "^NAME"; then ok; else
        bad "groff -man -Tutf8 $page: no NAME"; fi
    for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "INPUT FILES" "METRICS CSV" \
        "REPORT FOLDER" "CONFIGURATION FILE" "EXIT STATUS" EXAMPLES; do
        if grep -qx "\.SH \"*$s\"*" "$page"; then ok; else bad "$page has no section $s"; fi
    done

    # OPTIONS: the entries (the line after each .TP) against --help
    help_options "$BIN/$prog" >"$T/$prog.help"
    cat "$T/$prog.help" >>"$T/union"
    man_section "$page" OPTIONS | awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' |
        roff_options | grep -vx -- - >"$T/$prog.man"
    same "$prog.1 OPTIONS (first) vs $prog --help (second)" "$T/$prog.man" "$T/$prog.help"

    # COMMANDS: each command's "Options:" list against its own --help
    for cmd in metrics report trend compare check columns serve; do
        help_options "$BIN/$prog" "$cmd" | grep -vx -- -h >"$T/$prog.$cmd.help"
        man_section "$page" COMMANDS | awk -v c="$cmd" '
            /^\.TP/ { tp = 1; next }
            tp { on = ($0 == ".B " c); tp = 0; next }
            /^\.PP/ { on = 0 }
            on && /^Options:/ { opts = 1; next }
            on && opts' | roff_options >"$T/$prog.$cmd.man"
        same "$prog.1 COMMANDS $cmd (first) vs $prog $cmd --help (second)" \
            "$T/$prog.$cmd.man" "$T/$prog.$cmd.help"
    done

    # EXIT STATUS: the codes of enum wq_status
    sed -n '/^enum wq_status/,/^};/s/.*= *\([0-9]*\).*/\1/p' common/diag.h | sort -n >"$T/codes"
    man_section "$page" "EXIT STATUS" | sed -n 's/^\.B \([0-9]*\)$/\1/p' | sort -n >"$T/$prog.codes"
    same "$prog.1 EXIT STATUS (first) vs enum wq_status (second)" "$T/$prog.codes" "$T/codes"

    # METRICS CSV: the header the program writes
    "$BIN/$prog" metrics --staff tests/cli/data/staff-small.csv --format csv 2>/dev/null |
        head -1 | tr , '\n' >"$T/$prog.columns"
    man_section "$page" "METRICS CSV" | awk '/^\.if n \.ad l/ { on = 1; next } /^\.ad/ { on = 0 } on' |
        tr -d ' \n' | tr , '\n' >"$T/$prog.man-columns"
    echo >>"$T/$prog.man-columns"
    same "$prog.1 METRICS CSV columns (first) vs the metrics CSV header (second)" \
        "$T/$prog.man-columns" "$T/$prog.columns"
done

# wres's and wdes's options together are the getopt table (-h is short)
sort -u "$T/union" | grep -vx -- -h >"$T/union.sorted"
same "--help of wres and wdes (first) vs the getopt table (second)" "$T/union.sorted" "$T/getopt"

finish
