#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# pkgconfig.sh: a user's view of the C library. `make install PREFIX=...` into a temporary
# prefix (tests/install/install.sh checks DESTDIR); then every examples/c/NAME.c is built
# with nothing but `cc NAME.c $(pkg-config --cflags --libs lmcost)` (PKG_CONFIG_PATH pointing
# into the prefix), run against the installed liblmcost.so, and its output compared with
# examples/c/NAME.out byte for byte; then built once more fully static
# (`pkg-config --static`: the archive with GMP from Requires.private) and compared again.
# Usage: tests/install/pkgconfig.sh BUILD
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
CC=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-pkgconfig.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL
status=0
fail() { echo "FAIL $1"; status=1; }

if ! command -v pkg-config >/dev/null 2>&1; then
    echo "FAIL pkg-config: not installed (make deps)"
    exit 1
fi
prefix=$tmp/prefix
if ! make -s -C "$ROOT" install BUILD="$BUILD" DESTDIR= PREFIX="$prefix" \
        >"$tmp/make.log" 2>&1; then
    echo "FAIL pkg-config: make install PREFIX=$prefix failed"
    sed 's/^/    | /' "$tmp/make.log"
    exit 1
fi
PKG_CONFIG_PATH=$prefix/lib/pkgconfig
export PKG_CONFIG_PATH
pc() { pkg-config "$@" lmcost; }
if [ "$(pkg-config --variable=prefix lmcost)" = "$prefix" ]; then
    echo "ok pkg-config: lmcost.pc is written for PREFIX"
else
    fail "pkg-config: prefix is '$(pkg-config --variable=prefix lmcost)', not $prefix"
fi
if [ "$(pkg-config --modversion lmcost)" = "$("$ROOT/$BUILD/lmcost" --version | cut -d' ' -f2)" ]; then
    echo "ok pkg-config: --modversion is the version of lmcost"
else
    fail "pkg-config: --modversion $(pkg-config --modversion lmcost) is not lmcost's version"
fi
want="-I$prefix/include -L$prefix/lib -llmcost"
got=$(pc --cflags --libs | sed 's/ *$//')
[ "$got" = "$want" ] && echo "ok pkg-config: --cflags --libs: -I, -L and -llmcost" ||
    fail "pkg-config: --cflags --libs gives '$got', not '$want'"
case " $(pc --static --libs) " in
*" -lgmp "*) echo "ok pkg-config: --static --libs names GMP" ;;
*) fail "pkg-config: --static --libs lacks -lgmp: $(pc --static --libs)" ;;
esac

n=0
for src in "$ROOT"/examples/c/*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    want=${src%.c}.out
    n=$((n + 1))
    # shellcheck disable=SC2046
    if ! $CC -std=c11 -Wall -Wextra -Werror -o "$tmp/$name" "$src" $(pc --cflags --libs) \
            >"$tmp/cc.log" 2>&1; then
        fail "example $name: does not build with pkg-config's flags"
        sed 's/^/    | /' "$tmp/cc.log"
        continue
    fi
    if readelf -d "$tmp/$name" | grep -q 'NEEDED.*\[liblmcost\.so\.[0-9]*\]'; then
        echo "ok example $name: linked against liblmcost.so by its soname"
    else
        fail "example $name: does not need liblmcost.so.N"
    fi
    LD_LIBRARY_PATH=$prefix/lib "$tmp/$name" >"$tmp/$name.out" 2>"$tmp/$name.err"
    rc=$?
    if [ $rc -eq 0 ] && cmp -s "$want" "$tmp/$name.out"; then
        echo "ok example $name: output as in examples/c/$name.out"
    else
        fail "example $name: exit status $rc, output differs from examples/c/$name.out"
        diff -u "$want" "$tmp/$name.out" | head -20 | sed 's/^/    | /'
        sed 's/^/    | /' "$tmp/$name.err" | head -10
    fi
    # shellcheck disable=SC2046
    if ! $CC -std=c11 -static -o "$tmp/$name-static" "$src" $(pc --static --cflags --libs) \
            >"$tmp/cc.log" 2>&1; then
        fail "example $name: does not link statically with pkg-config --static"
        sed 's/^/    | /' "$tmp/cc.log"
        continue
    fi
    if "$tmp/$name-static" 2>&1 | cmp -s "$want" -; then
        echo "ok example $name: the static build prints the same"
    else
        fail "example $name: the static build's output differs"
    fi
done
[ $n -gt 0 ] || fail "example: no examples/c/*.c"
exit $status
