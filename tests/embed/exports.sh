#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# exports.sh: liblmcost is safe to link into any program. Every symbol the archive exports
# starts with `lm` (`lmcost_` for the public API, which include/lmcost.h declares in full),
# and a host program with a yacc/lex parser of its own (tests/embed/host.c: yyparse,
# yylex, yyerror, yylval, yydebug...) links the archive and uses it through lmcost.h.
# Usage: tests/embed/exports.sh BUILD
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
LIB=$BUILD/liblmcost.a
CC=${CC:-cc}
if [ ! -f "$LIB" ]; then
    echo "FAIL exports: $LIB was not built"
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-exports.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

# Defined global symbols (functions and data) of every member: "TYPE NAME".
nm -g --defined-only "$LIB" | awk 'NF == 3 { print $2, $3 }' | sort -u -k2 >"$tmp/syms"
if [ ! -s "$tmp/syms" ]; then
    echo "FAIL exports: nm found no symbols in $LIB"
    exit 1
fi
awk '$2 !~ /^lm/' "$tmp/syms" >"$tmp/bad"
if [ -s "$tmp/bad" ]; then
    echo "FAIL exports: $(wc -l <"$tmp/bad") exported names do not start with lm"
    sed 's/^/  /' "$tmp/bad"
    status=1
else
    echo "ok exports: all $(wc -l <"$tmp/syms") exported names start with lm"
fi

# The public API: the lmcost_ functions of the archive are those lmcost.h declares.
sed -n 's/^LMCOST_API [^(]*[ *]\(lmcost_[a-z_0-9]*\)(.*/\1/p' include/lmcost.h | sort -u \
    >"$tmp/declared"
awk '$2 ~ /^lmcost_/ { print $2 }' "$tmp/syms" >"$tmp/defined"
if [ ! -s "$tmp/declared" ]; then
    echo "FAIL exports: found no LMCOST_API declarations in include/lmcost.h"
    status=1
elif cmp -s "$tmp/declared" "$tmp/defined"; then
    echo "ok exports: the $(wc -l <"$tmp/declared") lmcost_ functions are those lmcost.h declares"
else
    echo "FAIL exports: the lmcost_ functions differ from lmcost.h's declarations"
    diff "$tmp/declared" "$tmp/defined" | sed -n 's/^</  declared, not defined:/p; s/^>/  defined, not declared:/p'
    status=1
fi

# A host with its own parser: links, and both parsers work side by side.
if ! $CC -std=c11 -Wall -Wextra -Werror -Iinclude -o "$tmp/host" tests/embed/host.c "$LIB" \
        -lgmp >"$tmp/cc.log" 2>&1; then
    echo "FAIL host: tests/embed/host.c does not link with $LIB"
    sed 's/^/  | /' "$tmp/cc.log"
    exit 1
fi
"$tmp/host" >"$tmp/host.out" 2>"$tmp/host.err"
rc=$?
cat "$tmp/host.out"
if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$tmp/host.out"; then
    echo "FAIL host: exited with status $rc"
    sed 's/^/  | /' "$tmp/host.err"
fi
[ $rc -eq 0 ] || status=1
exit $status
