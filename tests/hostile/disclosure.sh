#!/bin/sh
# tests/hostile/disclosure.sh: disclosure control (run by run.sh, or alone).
# (a) no employee number or other identifier of the fixtures in any output
# or message of any command; (b) --suppress N withholds small counts and the
# rates built on them in every output, charts included; (c) directorate
# names that are a formula or markup stay inert text. See disclosure.py.
# Run from the top of the repository: sh tests/hostile/disclosure.sh
# Environment: WQ_BIN (default bin); WQ_DISCLOSURE_STRICT=1 makes the known
# issues (counts worked out by subtraction) failures.
# Needs Debian's python3-openpyxl, so /usr/bin/python3.
# Ends with "disclosure: N passed, N failed, N known"; exits 1 on a failure.
set -u
export LC_ALL=C
WQ_BIN=${WQ_BIN:-bin}
export WQ_BIN
cd "$(dirname "$0")/../.." || exit 1   # paths are from the top of the repository
exec /usr/bin/python3 tests/hostile/disclosure.py
