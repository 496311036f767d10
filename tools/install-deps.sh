#!/bin/sh
# install-deps.sh: install the Debian packages the toolkit needs, only those missing.
# Usage: tools/install-deps.sh [build|test|demo|ci]   (default: build)
#   build, demo  compile and run: libraries, pkg-config, fonts for the charts
#   test         also python3-openpyxl (reads the workbook back), python3-scipy
#                (the disclosure adversary's linear programs) and chromium
#                (opens the HTML report headless)
#   ci           also clang with its compiler-rt runtimes (libFuzzer targets)
#                and valgrind (memcheck over the suite)
# Does nothing (and needs no network) when everything is already installed.
set -eu
build_pkgs="gcc make pkg-config libcsv-dev libglpk-dev libgsl-dev libcairo2-dev libcmocka-dev libxlsxwriter-dev fonts-dejavu-core"
test_pkgs="python3 python3-openpyxl python3-scipy chromium"
ci_pkgs="clang libclang-rt-14-dev valgrind"
case "${1:-build}" in
  build) want="$build_pkgs" ;;
  test)  want="$build_pkgs $test_pkgs" ;;
  demo)  want="$build_pkgs" ;;
  ci)    want="$build_pkgs $test_pkgs $ci_pkgs" ;;
  *) echo "install-deps.sh: unknown set '$1'" >&2; exit 64 ;;
esac
missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
