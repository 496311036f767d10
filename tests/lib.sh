# tests/lib.sh: what the shell test suites share. Set SUITE, then source it
# (. "$(dirname "$0")/../lib.sh"): it makes $T, a temporary folder removed at
# exit, the counters with ok and bad, and finish, which prints the suite's
# closing line "SUITE: N passed, N failed" and fails if anything did, and
# run NAME EXPECTED_RC CMD...: CMD's stdout and stderr kept in $T/NAME.{out,err}.
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
