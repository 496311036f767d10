#!/bin/sh
# tests/install/run.sh: make install / uninstall into a scratch DESTDIR, and
# the Debian package make deb built ($DEB): its file list, its control
# fields, and that what it installs runs. The expected lists are written out
# here by hand. Environment: DEB (the .deb), MAKE (default make).
# Ends with "install: N passed, N failed"; exits 1 if anything failed.
set -u
MAKE=${MAKE:-make}
SUITE=install
. "$(dirname "$0")/../lib.sh"
# same NAME FILE <<EXPECTED: FILE holds exactly the lines given
same() {
    cat >"$T/want"
    if cmp -s "$T/want" "$2"; then ok; else
        bad "$1"; diff "$T/want" "$2" | sed -n 's/^</    missing: /p; s/^>/    unexpected: /p'
    fi
}
# files DIR: every file and link under DIR, relative, sorted
files() { (cd "$1" && find . ! -type d | sed 's|^\./|/|' | sort); }

version=$(cat VERSION)

# --- make install / uninstall, PREFIX=/usr ------------------------------------
if $MAKE --no-print-directory -s install DESTDIR="$T/x" PREFIX=/usr >"$T/install.out" 2>&1; then ok; else
    bad "make install DESTDIR=$T/x PREFIX=/usr"; tail -5 "$T/install.out"; fi
files "$T/x" >"$T/list"
same "make install PREFIX=/usr: the files" "$T/list" <<'EOF'
/usr/bin/wdes
/usr/bin/wres
/usr/share/bash-completion/completions/wdes
/usr/share/bash-completion/completions/wres
/usr/share/man/man1/wdes.1
/usr/share/man/man1/wres.1
EOF
for p in wres wdes; do
    if [ -x "$T/x/usr/bin/$p" ]; then ok; else bad "/usr/bin/$p is not executable"; fi
    if "$T/x/usr/bin/$p" --version | grep -q "^$p "; then ok; else bad "installed $p --version"; fi
    if cmp -s completion/wq.bash "$T/x/usr/share/bash-completion/completions/$p"; then ok; else
        bad "the installed completion for $p is not completion/wq.bash"; fi
    if grep -q "^\.TH $(echo "$p" | tr '[:lower:]' '[:upper:]') 1" "$T/x/usr/share/man/man1/$p.1"; then ok; else
        bad "the installed $p.1 is not $p's man page"; fi
done
# uninstall removes those files and nothing else
mkdir -p "$T/x/usr/share/man/man1" && echo other >"$T/x/usr/share/man/man1/other.1"
echo other >"$T/x/usr/bin/other"
if $MAKE --no-print-directory -s uninstall DESTDIR="$T/x" PREFIX=/usr >"$T/uninstall.out" 2>&1; then ok
else bad "make uninstall"; tail -5 "$T/uninstall.out"; fi
files "$T/x" >"$T/list"
same "make uninstall: what is left" "$T/list" <<'EOF'
/usr/bin/other
/usr/share/man/man1/other.1
EOF
# uninstall when nothing is installed is not an error
if $MAKE --no-print-directory -s uninstall DESTDIR="$T/x" PREFIX=/usr >/dev/null 2>&1; then ok; else
    bad "make uninstall a second time fails"; fi

# --- the default PREFIX is /usr/local ---------------------------------------------
$MAKE --no-print-directory -s install DESTDIR="$T/y" >/dev/null 2>&1 || bad "make install DESTDIR=$T/y"
files "$T/y" >"$T/list"
same "make install: the files under /usr/local" "$T/list" <<'EOF'
/usr/local/bin/wdes
/usr/local/bin/wres
/usr/local/share/bash-completion/completions/wdes
/usr/local/share/bash-completion/completions/wres
/usr/local/share/man/man1/wdes.1
/usr/local/share/man/man1/wres.1
EOF

# --- the Debian package -----------------------------------------------------------
arch=$(dpkg --print-architecture)
if [ "$(basename "$DEB")" = "wres-wdes_${version}_$arch.deb" ]; then ok; else
    bad "the package is named $(basename "$DEB"), not wres-wdes_${version}_$arch.deb"; fi
dpkg-deb -c "$DEB" | awk '{ print $6 }' | sed 's|^\./|/|; s|/$||' | grep -v '^/*$' >"$T/deblist"
same "dpkg-deb -c: the package's contents" "$T/deblist" <<'EOF'
/usr
/usr/bin
/usr/bin/wdes
/usr/bin/wres
/usr/share
/usr/share/bash-completion
/usr/share/bash-completion/completions
/usr/share/bash-completion/completions/wdes
/usr/share/bash-completion/completions/wres
/usr/share/doc
/usr/share/doc/wres-wdes
/usr/share/doc/wres-wdes/changelog.gz
/usr/share/doc/wres-wdes/copyright
/usr/share/man
/usr/share/man/man1
/usr/share/man/man1/wdes.1.gz
/usr/share/man/man1/wres.1.gz
EOF
# owned by root, binaries 755, the rest 644
dpkg-deb -c "$DEB" | awk '$2 != "root/root" { print "owner " $2 " " $6 }
    $1 ~ /^-/ && $6 ~ /usr\/bin\// && $1 != "-rwxr-xr-x" { print "mode " $1 " " $6 }
    $1 ~ /^-/ && $6 !~ /usr\/bin\// && $1 != "-rw-r--r--" { print "mode " $1 " " $6 }' >"$T/modes"
same "dpkg-deb -c: owners and modes" "$T/modes" </dev/null
field() { dpkg-deb -f "$DEB" "$1"; }
if [ "$(field Package)" = wres-wdes ]; then ok; else bad "Package: $(field Package)"; fi
if [ "$(field Version)" = "$version" ]; then ok; else
    bad "Version: $(field Version), VERSION says $version"; fi
if [ "$(field Architecture)" = "$arch" ]; then ok; else bad "Architecture: $(field Architecture)"; fi
# the linked libraries' packages (dpkg -S on the .so files: libc.so.6,
# libcsv.so.3, libgsl.so.27, libcairo.so.2, libxlsxwriter.so.4)
for p in libc6 libcsv3 libgsl27 libcairo2 libxlsxwriter4; do
    if field Depends | tr ',' '\n' | grep -q "^ *$p\( (.*)\)\{0,1\} *$"; then ok; else
        bad "Depends lacks $p: $(field Depends)"; fi
done
# what it installs runs and reads
mkdir -p "$T/deb" && dpkg-deb -x "$DEB" "$T/deb"
for p in wres wdes; do
    if [ "$("$T/deb/usr/bin/$p" --version)" = "$p $version" ]; then ok; else
        bad "the packaged $p --version: $("$T/deb/usr/bin/$p" --version)"; fi
    if zcat "$T/deb/usr/share/man/man1/$p.1.gz" | groff -ww -z -man 2>"$T/groff.err" &&
        [ ! -s "$T/groff.err" ]; then ok; else bad "the packaged $p.1.gz"; fi
done
if zcat "$T/deb/usr/share/doc/wres-wdes/changelog.gz" | head -1 |
    grep -qx "wres-wdes ($version) unstable; urgency=medium"; then ok; else
    bad "changelog.gz does not start with this version"; fi

finish
