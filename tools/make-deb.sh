#!/bin/sh
# make-deb.sh: turn the staged tree $DEB_DIR/root (make install DESTDIR=...
# PREFIX=/usr) into $DEB with dpkg-deb: strip the binaries, compress the man
# pages, add the copyright, a changelog and md5sums, compute Depends and
# write DEBIAN/control. Run by "make deb" (mk/install.mk).
# Environment: DEB_DIR DEB DEB_VERSION DEB_ARCH DEB_MAINTAINER.
set -eu
root=$DEB_DIR/root
doc=$root/usr/share/doc/wres-wdes

strip --strip-unneeded --remove-section=.comment --remove-section=.note \
    "$root/usr/bin/wres" "$root/usr/bin/wdes"
gzip -9n "$root"/usr/share/man/man1/wres.1 "$root"/usr/share/man/man1/wdes.1
install -d -m 755 "$doc"
install -m 644 packaging/copyright "$doc/copyright"
# The changelog: this version, dated by the last commit (reproducible).
when=$(git log -1 --format=%ct 2>/dev/null || date +%s)
{
    printf 'wres-wdes (%s) unstable; urgency=medium\n\n' "$DEB_VERSION"
    printf '  * wres and wdes %s, built from the repository.\n\n' "$DEB_VERSION"
    printf ' -- %s  %s\n' "$DEB_MAINTAINER" "$(LC_ALL=C date -R -u -d "@$when")"
} | gzip -9n >"$doc/changelog.gz"
chmod 644 "$doc/changelog.gz"

# Depends: dpkg-shlibdeps when it is there (it wants a debian/control to
# read), else the packages of the linked libraries, without versions.
if command -v dpkg-shlibdeps >/dev/null 2>&1; then
    work=$DEB_DIR/shlibdeps
    rm -rf "$work" && mkdir -p "$work/debian"
    printf 'Source: wres-wdes\n\nPackage: wres-wdes\nArchitecture: any\n' >"$work/debian/control"
    bin=$(cd "$root/usr/bin" && pwd)
    depends=$(cd "$work" && dpkg-shlibdeps -O -e"$bin/wres" -e"$bin/wdes" 2>/dev/null |
        sed -n 's/^shlibs:Depends=//p')
else
    # the libraries the binaries name (NEEDED), found where ldd finds them
    needed=$(objdump -p "$root/usr/bin/wres" "$root/usr/bin/wdes" | awk '$1 == "NEEDED" { print $2 }')
    depends=$(ldd "$root/usr/bin/wres" "$root/usr/bin/wdes" |
        awk -v needed="$needed" 'BEGIN { n = split(needed, a, "\n"); for (i = 1; i <= n; i++) want[a[i]] = 1 }
            want[$1] && $3 ~ /^\// { print $3 }' | sort -u |
        while read -r lib; do
            dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null
        done | sed 's/:.*//' | sort -u | paste -sd, - | sed 's/,/, /g')
fi
[ -n "$depends" ] || { echo "make-deb: could not work out Depends" >&2; exit 1; }

install -d -m 755 "$root/DEBIAN"
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: wres-wdes
Version: $DEB_VERSION
Architecture: $DEB_ARCH
Maintainer: $DEB_MAINTAINER
Installed-Size: $size
Depends: $depends
Section: science
Priority: optional
Description: NHS workforce race and disability equality standard calculators
 wres computes the Workforce Race Equality Standard (BME and White staff)
 and wdes the Workforce Disability Equality Standard (Disabled and
 Non-disabled staff) from a trust's ESR staff-in-post and leavers extracts,
 recruitment, cases, the staff-survey breakdown and the board: every rate
 and relative likelihood with a 95% confidence interval, flagged against
 NHS England's non-adverse range, by directorate or any other column.
 .
 They write the metrics as a table, CSV or JSON, a submission workbook, a
 self-contained HTML report for the board and trend charts.
CONTROL
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zxz --build "$root" "$DEB" >/dev/null
