#!/bin/bash
# tests/completion/run.sh: the bash completion (completion/wq.bash), as bash
# calls it: COMP_WORDS and COMP_CWORD set, the function called with the
# command, the word and the word before; COMPREPLY checked. Needs bash only
# (not the bash-completion package). Environment: WQ_BIN (default bin).
# Ends with "completion: N passed, N failed"; exits 1 if anything failed.
set -u
BIN=${WQ_BIN:-bin}
SUITE=completion
. "$(dirname "$0")/../lib.sh"

# shellcheck source=../../completion/wq.bash
. completion/wq.bash
PATH=$(cd "$BIN" && pwd):$PATH

if complete -p wres wdes >/dev/null 2>&1; then ok; else bad "wres and wdes are not registered"; fi

# expect WANT WORD...: complete the last WORD of the line WORD...; the
# replies, sorted and joined by spaces, are WANT
expect() {
    local want=$1 got
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _wq_complete "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' ' -)
    if [ "$got" = "$want" ]; then ok; else bad "'$*': got '$got', expected '$want'"; fi
}

# commands
expect "check columns compare metrics report serve trend" wres ""
# --column FIELD=, the fields from the program; --as INPUT; columns' own options
expect "staff-group= stage=" wres metrics --column st
expect "termination-date=" wdes report --column = term
expect "staff staff-start" wres columns --as staf
expect "--as" wres columns --a
expect "report" wdes re
expect "--help --version -h" wres -
# options of the command, from its own --help
expect "--format" wres metrics --fo
expect "--sheet --skip-bad-rows --staff --staff-start --suppress --survey" wres metrics --s
expect "--chart-format --help --out --version" wres trend --
expect "--help --name --out --version" wdes compare --
expect "--trust" wdes report --tr
expect "--delimiter --detail" wres metrics --de
expect "--delimiter" wdes metrics --de
expect "--training" wres check --tr
expect "" wdes check --tr
expect "--highlight --history" wres report --hi
expect "--history" wres report --his
# serve: its own options
expect "--max-unzipped --max-upload" wdes serve --max
expect "" wres serve --port ""
expect "" wres metrics --hi
# fixed choices, also after --option=
expect "csv json table" wres metrics --format ""
expect "json" wres metrics --format j
expect "csv" wres metrics --format = c
expect "katz katz-haldane koopman miettinen-nurminen" wdes report --ci ""
expect "katz katz-haldane" wdes report --ci katz
expect "clopper-pearson wilson" wres metrics --rate-ci ""
expect "pdf png svg" wres trend --chart-format ""
expect "1 2" wres metrics --window ""
expect "" wres metrics --year ""
expect "comma pipe semicolon tab" wres check --delimiter ""
expect "semicolon" wdes metrics --delimiter = s
expect "" wres metrics --sheet ""

# files and folders
mkdir -p "$T/d/sub folder"
printf 'x\n' >"$T/d/staff.csv"
printf 'x\n' >"$T/d/stuff.ini"
expect "$T/d/staff.csv $T/d/stuff.ini" wres metrics --staff "$T/d/st"
expect "$T/d/stuff.ini" wres metrics --config "$T/d/stu"
expect "$T/d/staff.csv $T/d/stuff.ini" wres trend "$T/d/st"
expect "$T/d/sub folder" wres report --out "$T/d/s"

# --by: the header of the --staff file on the line (BOM, CRLF and quotes)
printf '\357\273\277Employee Number,"Org L3",Pay Band,"Site, main",Ethnic Origin\r\n1,a,b,c,d\r\n' \
    >"$T/d/staff.csv"
expect 'Org\ L3' wres metrics --staff "$T/d/staff.csv" --by O
expect 'Site\,\ main' wres metrics --staff "$T/d/staff.csv" --by Si
expect 'Site, main' wres metrics --staff "$T/d/staff.csv" --by '"Si'
expect 'Employee\ Number Ethnic\ Origin' wres report --staff = "$T/d/staff.csv" --by E
expect 'Employee\ Number Ethnic\ Origin' wres report --staff="$T/d/staff.csv" --by E
expect 'Org\ L3' wres metrics --by O --staff "$T/d/staff.csv" --by O
expect "" wres metrics --by O
expect "" wres metrics --staff - --by O
expect "" wres metrics --staff "$T/d/none.csv" --by O

finish
