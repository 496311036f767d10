#!/bin/sh
# tests/hostile/adversary.sh: publication mode against an adversary with a
# solver (adversary.py, scipy's linprog; run by run.sh, or alone).
# For wres and wdes, N = 3, 5 and 10, on the fixtures (fixtures/trust-2019.ini)
# for the whole trust only, with its --by (Org L3), and for wres with
# --detail too: `report --suppress N`, and `report` without --suppress (its
# default, N = 10), then adversary.py on the published folder, with
# the same run without --suppress as the truth (to know which withheld
# counts were small); it must recover nothing. And once per standard, the
# same attack on primary suppression alone must succeed (so it can fail).
# Run from the top of the repository: sh tests/hostile/adversary.sh
# Environment: WQ_BIN (default bin). Needs python3-scipy: /usr/bin/python3.
# Ends with "adversary: N passed, N failed"; exits 1 on a failure.
set -u
export LC_ALL=C
WQ_BIN=${WQ_BIN:-bin}
cd "$(dirname "$0")/../.." || exit 1
A=tests/hostile/adversary.py
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-adversary.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# the fixtures' configuration without its --by: absolute paths, no "by ="
sed -e '/^by *=/d' -e "s|= *\\([0-9a-z][^ ]*/\\)|= $(pwd)/fixtures/\\1|" \
    fixtures/trust-2019.ini >"$T/trust-noby.ini"

for calc in wres wdes; do
    for variant in noby by detail; do
        case "$calc.$variant" in
            wdes.detail) continue ;;
            *.noby) set -- --config "$T/trust-noby.ini" ;;
            *.by) set -- --config fixtures/trust-2019.ini ;;
            *.detail) set -- --config fixtures/trust-2019.ini --detail ;;
        esac
        truth="$T/$calc-$variant-truth.csv"
        if ! "$WQ_BIN/$calc" metrics "$@" --format csv >"$truth" 2>"$T/err"; then
            ko "$calc metrics $* (the truth)"; cat "$T/err"; continue
        fi
        # "default": no --suppress, which publishes with N = 10
        for n in 3 5 10 default; do
            out="$T/$calc-$variant-$n"
            if [ "$n" = default ]; then sup=; n=10; else sup="--suppress $n"; fi
            # shellcheck disable=SC2086 # $sup is empty or two words
            if ! "$WQ_BIN/$calc" report "$@" $sup --out "$out" >/dev/null 2>"$T/err"; then
                ko "$calc report $* ${sup:-(no --suppress)}"; cat "$T/err"; continue
            fi
            if /usr/bin/python3 "$A" --n "$n" --truth "$truth" "$out" >"$T/log" 2>&1; then
                ok
            else
                ko "$calc $variant ${sup:-(no --suppress)}: the adversary recovered withheld counts"
            fi
            sed -n '1,40p' "$T/log"
        done
    done
    # the attack itself: primary suppression alone is broken
    /usr/bin/python3 "$A" --n 5 --truth "$T/$calc-by-truth.csv" \
        --primary-only "$T/$calc-primary" "$T/$calc-by-5" >/dev/null 2>&1
    if /usr/bin/python3 "$A" --quiet --n 5 --truth "$T/$calc-by-truth.csv" \
            "$T/$calc-primary" >"$T/log" 2>&1; then
        ko "$calc: the adversary finds nothing in primary suppression alone (it could not fail)"
        sed 's/^/    /' "$T/log" | sed -n '1,3p'
    else
        ok
    fi
done
echo "adversary: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
