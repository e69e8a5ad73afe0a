#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# install.sh: `make install` into a temporary DESTDIR puts every file in place (the binary,
# the header, the archive, the shared library with its soname and development links, the
# pkg-config file, the manual pages), and `make uninstall` removes them.
# Usage: tests/install/install.sh BUILD
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-install.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# a fresh make: not the jobserver or variables of a `make check` that may be running us
unset MAKEFLAGS MFLAGS MAKELEVEL
version=$("$ROOT/$BUILD/lmcost" --version | cut -d' ' -f2)
soname=$(readelf -d "$ROOT/$BUILD/liblmcost.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
files="usr/bin/lmcost usr/include/lmcost.h usr/lib/liblmcost.a usr/lib/liblmcost.so.$version
usr/lib/$soname usr/lib/liblmcost.so usr/lib/pkgconfig/lmcost.pc
usr/share/man/man1/lmcost.1 usr/share/man/man3/lmcost.3"
status=0

if make -s -C "$ROOT" install BUILD="$BUILD" DESTDIR="$tmp" PREFIX=/usr >"$tmp/make.log" 2>&1; then
    echo "ok install: make install"
else
    echo "FAIL install: make install DESTDIR=$tmp PREFIX=/usr failed"
    sed 's/^/    | /' "$tmp/make.log"
    status=1
fi
for f in $files; do
    if [ -f "$tmp/$f" ]; then echo "ok install: /$f"
    else echo "FAIL install: /$f not installed"; status=1; fi
done
if [ -x "$tmp/usr/bin/lmcost" ]; then echo "ok install: lmcost is executable"
else echo "FAIL install: /usr/bin/lmcost is not executable"; status=1; fi
# the links: the soname's to the real file, the development link to the soname's
if [ -n "$soname" ] && [ "$(readlink "$tmp/usr/lib/$soname")" = "liblmcost.so.$version" ] &&
   [ "$(readlink "$tmp/usr/lib/liblmcost.so")" = "$soname" ]; then
    echo "ok install: liblmcost.so -> $soname -> liblmcost.so.$version"
else
    echo "FAIL install: the links of liblmcost.so are not liblmcost.so -> ${soname:-SONAME} ->" \
         "liblmcost.so.$version"
    status=1
fi
if grep -qx 'prefix=/usr' "$tmp/usr/lib/pkgconfig/lmcost.pc" &&
   grep -qx 'libdir=${prefix}/lib' "$tmp/usr/lib/pkgconfig/lmcost.pc"; then
    echo "ok install: lmcost.pc names PREFIX, not DESTDIR"
else
    echo "FAIL install: lmcost.pc does not say prefix=/usr, libdir=\${prefix}/lib"
    status=1
fi

if make -s -C "$ROOT" uninstall BUILD="$BUILD" DESTDIR="$tmp" PREFIX=/usr >"$tmp/make.log" 2>&1; then
    left=""
    for f in $files; do [ -e "$tmp/$f" ] || [ -L "$tmp/$f" ] && left="$left /$f"; done
    if [ -z "$left" ]; then echo "ok install: make uninstall"
    else echo "FAIL install: make uninstall left$left"; status=1; fi
else
    echo "FAIL install: make uninstall failed"
    sed 's/^/    | /' "$tmp/make.log"
    status=1
fi
exit $status
