#!/bin/sh
# tests/hostile/run.sh: the hostile-input corpus (cases.txt, run by
# hostile.py: every kind of input, malformed, empty, binary, huge, in the
# wrong encoding, with values that cannot be) and the disclosure checks
# (disclosure.sh: no identifier in any output or message, --suppress
# everywhere, inert directorate names) and the adversary with a solver
# (adversary.sh: no withheld small count can be worked out from a report;
# adversary_levels.sh: the same at dozens of directorates).
# Run from the top of the repository: sh tests/hostile/run.sh
# Environment: WQ_BIN (default bin), WQ_HOSTILE_TIMEOUT (seconds a command
# may take, default 60; hostile.py only), WQ_ADV_LEVELS, WQ_ADV_ROWS,
# WQ_ADV_TRUSTS and WQ_ADV_SAMPLE (adversary_levels.sh's case sizes).
# Ends with the line "hostile: N passed, N failed"; exits 1 if anything failed.
set -u
export LC_ALL=C
WQ_BIN=${WQ_BIN:-bin}
export WQ_BIN
cd "$(dirname "$0")/../.." || exit 1   # paths are from the top of the repository
H=tests/hostile
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-hostile-run.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

python3 "$H/hostile.py" >"$T/corpus" 2>&1
sh "$H/disclosure.sh" >"$T/disclosure" 2>&1
sh "$H/adversary.sh" >"$T/adversary" 2>&1
sh "$H/adversary_levels.sh" >"$T/levels" 2>&1
cat "$T/corpus" "$T/disclosure" "$T/adversary" "$T/levels"

# "hostile corpus: N passed, N failed", "disclosure: N passed, N failed,
# N known", "adversary: N passed, N failed" and "adversary_levels: N
# passed, N failed"; a script that died without its last line counts as a
# failure
total() {
    sed -n "s/^$2: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p" "$1" | tail -1
}
set -- $(total "$T/corpus" "hostile corpus") $(total "$T/disclosure" disclosure) \
    $(total "$T/adversary" adversary) $(total "$T/levels" adversary_levels)
if [ $# -ne 8 ]; then
    echo "hostile: a test script stopped before its summary (see above)"
    echo "hostile: 0 passed, 1 failed"
    exit 1
fi
echo "hostile: $(($1 + $3 + $5 + $7)) passed, $(($2 + $4 + $6 + $8)) failed"
[ $(($2 + $4 + $6 + $8)) -eq 0 ]
