#!/bin/sh
# tests/serve/run.sh: `wres serve` at the HTTP level (test_serve.py; the
# security properties of docs/serve.md). Environment: WQ_BIN (default bin).
set -u
exec python3 "$(dirname "$0")/test_serve.py" "${WQ_BIN:-bin}"
