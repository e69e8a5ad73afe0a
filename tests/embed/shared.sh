#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# shared.sh: liblmcost.so is a proper shared library. Its soname is liblmcost.so.N and the
# build directory links liblmcost.so -> soname -> liblmcost.so.VERSION; it exports the
# functions include/lmcost.h declares and nothing else (the version script src/lmcost.map),
# each under the version node LMCOST_N; it records its need of GMP; and
# tests/embed/host.c, a program with a yacc/lex parser of its own, runs against it.
# Usage: tests/embed/shared.sh BUILD
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
CC=${CC:-cc}
SO=$BUILD/liblmcost.so
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-shared.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL $1"; status=1; }
if [ ! -e "$SO" ]; then
    echo "FAIL shared: $SO was not built"
    exit 1
fi

version=$("$BUILD/lmcost" --version | cut -d' ' -f2)
readelf -d "$SO" >"$tmp/dyn"
soname=$(sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p' "$tmp/dyn")
case $soname in
liblmcost.so.[0-9]*)
    if [ "$(readlink "$BUILD/liblmcost.so")" = "$soname" ] &&
       [ "$(readlink "$BUILD/$soname")" = "liblmcost.so.$version" ]; then
        echo "ok shared: soname $soname; liblmcost.so -> $soname -> liblmcost.so.$version"
    else
        fail "shared: the links are not liblmcost.so -> $soname -> liblmcost.so.$version"
    fi ;;
*) fail "shared: the soname is '$soname', not liblmcost.so.N" ;;
esac
grep -q '(NEEDED).*\[libgmp\.so' "$tmp/dyn" && echo "ok shared: needs libgmp.so" ||
    fail "shared: does not record its need of libgmp.so"

# Exported names: every defined dynamic symbol but the version node itself.
nm -D --defined-only "$SO" | awk '$2 != "A" { print $3 }' | sort -u >"$tmp/exported"
sed 's/@.*//' "$tmp/exported" | sort -u >"$tmp/names"
sed -n 's/^LMCOST_API [^(]*[ *]\(lmcost_[a-z_0-9]*\)(.*/\1/p' include/lmcost.h | sort -u \
    >"$tmp/declared"
if [ ! -s "$tmp/names" ]; then
    fail "shared: nm -D found no exported symbols"
elif cmp -s "$tmp/names" "$tmp/declared"; then
    echo "ok shared: exports exactly the $(wc -l <"$tmp/declared") functions of lmcost.h"
else
    fail "shared: the exported names differ from lmcost.h's functions"
    diff "$tmp/declared" "$tmp/names" |
        sed -n 's/^</  declared, not exported:/p; s/^>/  exported, not declared:/p'
fi
node=LMCOST_${soname#liblmcost.so.}
if [ -s "$tmp/exported" ] && ! grep -qv "@@$node\$" "$tmp/exported"; then
    echo "ok shared: every export has the version $node"
else
    fail "shared: exports without the version $node:"
    grep -v "@@$node\$" "$tmp/exported" | sed 's/^/  /'
fi

# A host program with its own parser, linked against the shared library.
if ! $CC -std=c11 -Wall -Wextra -Werror -Iinclude -o "$tmp/host" tests/embed/host.c \
        -L"$BUILD" -llmcost >"$tmp/cc.log" 2>&1; then
    fail "shared: tests/embed/host.c does not link with -llmcost"
    sed 's/^/  | /' "$tmp/cc.log"
    exit 1
fi
LD_LIBRARY_PATH=$BUILD "$tmp/host" >"$tmp/host.out" 2>"$tmp/host.err"
rc=$?
sed 's/^\(ok\|FAIL\) /\1 shared: /' "$tmp/host.out"
if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$tmp/host.out"; then
    fail "shared: the host exited with status $rc"
    sed 's/^/  | /' "$tmp/host.err"
fi
[ $rc -eq 0 ] || status=1
exit $status
