#!/bin/sh
# run.sh: the browser tests (make check-browser). Each *.test.cjs here is run
# with node; it prints "ok ..."/"FAIL ..." lines and exits non-zero on a failure.
# WQ_BIN names the folder with wres and wdes (default bin).
set -u
here=$(dirname "$0")
WQ_BIN=${WQ_BIN:-bin}
export WQ_BIN
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wq-browser-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# The smoke test: the browser starts and axe-core runs in it, on a real report.
"$WQ_BIN/wres" report --config fixtures/trust-2019.ini --out "$tmp/wres" >/dev/null 2>&1 \
  || { echo "FAIL: wres report for the browser smoke test"; exit 1; }
if node "$here/smoke.cjs" "$tmp/wres/report.html"; then echo "ok: browser smoke"; else echo "FAIL: browser smoke"; fail=1; fi
for t in "$here"/*.test.cjs; do
  [ -e "$t" ] || continue
  echo "== $t"
  node "$t" || fail=1
done
exit $fail
