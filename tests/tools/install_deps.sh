#!/bin/sh
# tests/tools/install_deps.sh: the decisions of tools/install-deps.sh, without
# installing or removing anything. The script runs with a PATH of stand-ins:
# dpkg-query reports the packages named in FAKE_MISSING as not installed,
# id answers FAKE_UID, sudo (present only when a case wants it) answers
# "sudo -n true" with FAKE_SUDO_RC and otherwise runs its command, and
# apt-get only writes its arguments to a log. Ends with "N passed, N failed".
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/wq-deps.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

mkdir "$T/bin" "$T/sudo"
cat >"$T/bin/dpkg-query" <<'S'
#!/bin/sh
for p; do :; done
case " $FAKE_MISSING " in *" $p "*) echo "dpkg-query: no packages found matching $p" >&2; exit 1 ;; esac
printf 'install ok installed'
S
cat >"$T/bin/id" <<'S'
#!/bin/sh
if [ "$1" = -un ]; then echo tester; else echo "$FAKE_UID"; fi
S
cat >"$T/bin/apt-get" <<'S'
#!/bin/sh
echo "apt-get $*" >>"$LOG"
S
cat >"$T/sudo/sudo" <<'S'
#!/bin/sh
echo "sudo $*" >>"$LOG"
[ "$1" = -n ] && exit "$FAKE_SUDO_RC"
exec "$@"
S
cat >"$T/bin/npm" <<'S'
#!/bin/sh
echo "npm $*" >>"$LOG"
S
chmod +x "$T/bin/"* "$T/sudo/sudo"
ln -s "$(command -v grep)" "$T/bin/grep"
ln -s "$T/bin/"* "$T/sudo/"

# deps NAME UID MISSING SUDO(yes|no) SUDO_RC: run the script (stdin not a
# terminal), keeping its exit status in $rc, stderr in $T/NAME.err, the
# stand-ins' calls in $T/NAME.log
deps() {
    name=$1
    dir="$T/bin"
    [ "$4" = yes ] && dir="$T/sudo"
    : >"$T/$name.log"
    LOG="$T/$name.log" FAKE_UID=$2 FAKE_MISSING=$3 FAKE_SUDO_RC=$5 PATH="$dir" \
        /bin/sh tools/install-deps.sh test </dev/null >"$T/$name.out" 2>"$T/$name.err"
    rc=$?
}

# everything present: nothing to do, as any user, with no sudo at all
deps present 1000 "" no 1
if [ "$rc" -eq 0 ] && [ ! -s "$T/present.log" ] && [ ! -s "$T/present.err" ]; then ok; else
    bad "all present: exit $rc, calls: $(cat "$T/present.log"), said: $(cat "$T/present.err")"; fi

# missing, not root, no sudo: one message with the exact apt-get line, exit 1
deps nosudo 1000 "libcsv-dev chromium" no 1
if [ "$rc" -eq 1 ]; then ok; else bad "no sudo: exit $rc, expected 1"; fi
if [ ! -s "$T/nosudo.log" ]; then ok; else bad "no sudo: ran $(cat "$T/nosudo.log")"; fi
if grep -qx "    apt-get install -y --no-install-recommends libcsv-dev chromium" "$T/nosudo.err"; then ok; else
    bad "no sudo: no apt-get line for the missing packages in: $(cat "$T/nosudo.err")"; fi
if [ "$(grep -c 'apt-get install' "$T/nosudo.err")" -eq 1 ] && [ ! -s "$T/nosudo.out" ]; then ok; else
    bad "no sudo: the apt-get line is not said once, on stderr"; fi

# missing, not root, sudo present but not allowed, no terminal: the same message
deps denied 1000 "chromium" yes 1
if [ "$rc" -eq 1 ] && grep -qx "    apt-get install -y --no-install-recommends chromium" "$T/denied.err" \
    && ! grep -q '^apt-get' "$T/denied.log"; then ok; else
    bad "sudo refused: exit $rc, calls: $(cat "$T/denied.log")"; fi

# missing, not root, sudo allowed: installs the missing packages through sudo
deps sudo 1000 "libcsv-dev" yes 0
if [ "$rc" -eq 0 ] && grep -q "^sudo apt-get install .*--no-install-recommends libcsv-dev$" "$T/sudo.log" \
    && grep -q "^apt-get install" "$T/sudo.log"; then ok; else
    bad "sudo: exit $rc, calls: $(cat "$T/sudo.log")"; fi

# missing, root: apt-get itself, no sudo needed
deps root 0 "valgrind chromium" no 1
if [ "$rc" -eq 0 ] && grep -q "^apt-get update" "$T/root.log" \
    && grep -q "^apt-get install .*--no-install-recommends chromium$" "$T/root.log"; then ok; else
    bad "root: exit $rc, calls: $(cat "$T/root.log")"; fi
# (valgrind is in the ci set only: the test set does not ask for it)
if ! grep -q valgrind "$T/root.log"; then ok; else bad "root: installed a package of another set"; fi

# Node.js present without npm (Debian's nodejs): npm is installed as well
rm "$T/bin/npm"
deps nonpm 0 "" no 1
if [ "$rc" -eq 0 ] && grep -q "^apt-get install .*--no-install-recommends npm$" "$T/nonpm.log"; then ok; else
    bad "no npm: exit $rc, calls: $(cat "$T/nonpm.log")"; fi

echo "install-deps: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
