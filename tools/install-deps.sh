#!/bin/sh
# install-deps.sh: install the Debian packages the toolkit needs, only those missing.
# Usage: tools/install-deps.sh [build|test|demo|ci]   (default: build)
#   build, demo  compile and run: libraries, pkg-config, fonts for the charts
#   test         also python3-openpyxl (reads the workbook back), python3-scipy
#                (the disclosure adversary's linear programs), chromium (opens
#                the HTML report headless), groff-base (renders the man pages) and
#                nodejs with npm (tests/browser installs puppeteer-core and axe-core)
#   ci           also clang with its compiler-rt runtimes (libFuzzer targets)
#                and valgrind (memcheck over the suite)
# Does nothing (needs no network, no root) when everything is already installed.
# When something is missing it installs it with apt-get as root, or through
# sudo when the user may use it; otherwise it stops (exit 1) with the one
# apt-get line an administrator can run. tests/tools/install_deps.sh tests
# these decisions with stand-ins for dpkg-query, id, sudo and apt-get.
set -eu
build_pkgs="gcc make pkg-config libcsv-dev libglpk-dev libgsl-dev libcairo2-dev libpng-dev libfontconfig-dev libcmocka-dev libxlsxwriter-dev libzip-dev libexpat1-dev libmicrohttpd-dev fonts-dejavu-core"
test_pkgs="python3 python3-openpyxl python3-scipy chromium"
ci_pkgs="clang libclang-rt-14-dev valgrind"
test_pkgs="$test_pkgs groff-base" # tests/man renders the man pages
test_pkgs="$test_pkgs nodejs" # tests/browser: puppeteer-core and axe-core drive chromium
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
# npm comes with Node.js from some sources, as Debian's own package otherwise.
case "$want" in
  *nodejs*) command -v npm >/dev/null 2>&1 || missing="$missing npm" ;;
esac
[ -z "$missing" ] && exit 0
install_line="apt-get install -y --no-install-recommends$missing"

# Root installs; another user needs sudo that works without a password, or a
# terminal to type the password at.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    SUDO="sudo"
  else
    {
      echo "install-deps: these Debian packages are missing:$missing"
      echo "install-deps: installing them needs root, and sudo is not available to $(id -un 2>/dev/null || echo this user)."
      echo "install-deps: ask an administrator to run, then run make again:"
      echo "    $install_line"
    } >&2
    exit 1
  fi
fi
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
