#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# archive.sh: liblmcost.a is safe to link into any program. Every symbol it exports starts
# with `lm` (`lmcost_` for the public API, which include/lmcost.h declares in full); it
# holds no writable static data but the GMP reserve of src/base/alloc.c (state is per
# session or thread-local); and a host program with a yacc/lex parser of its own
# (tests/embed/host.c: yyparse, yylex, yyerror, yylval, yydebug...) links it and uses it
# through lmcost.h. Usage: tests/embed/archive.sh BUILD
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
LIB=$BUILD/liblmcost.a
CC=${CC:-cc}
if [ ! -f "$LIB" ]; then
    echo "FAIL archive: $LIB was not built"
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-exports.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

# Defined global symbols (functions and data) of every member: "TYPE NAME".
nm -g --defined-only "$LIB" | awk 'NF == 3 { print $2, $3 }' | sort -u -k2 >"$tmp/syms"
if [ ! -s "$tmp/syms" ]; then
    echo "FAIL archive: nm found no symbols in $LIB"
    exit 1
fi
awk '$2 !~ /^lm/' "$tmp/syms" >"$tmp/bad"
if [ -s "$tmp/bad" ]; then
    echo "FAIL archive: $(wc -l <"$tmp/bad") exported names do not start with lm"
    sed 's/^/  /' "$tmp/bad"
    status=1
else
    echo "ok archive: all $(wc -l <"$tmp/syms") exported names start with lm"
fi

# The public API: the lmcost_ functions of the archive are those lmcost.h declares.
sed -n 's/^LMCOST_API [^(]*[ *]\(lmcost_[a-z_0-9]*\)(.*/\1/p' include/lmcost.h | sort -u \
    >"$tmp/declared"
awk '$2 ~ /^lmcost_/ { print $2 }' "$tmp/syms" >"$tmp/defined"
if [ ! -s "$tmp/declared" ]; then
    echo "FAIL archive: found no LMCOST_API declarations in include/lmcost.h"
    status=1
elif cmp -s "$tmp/declared" "$tmp/defined"; then
    echo "ok archive: the $(wc -l <"$tmp/declared") lmcost_ functions are those lmcost.h" \
         "declares"
else
    echo "FAIL archive: the lmcost_ functions differ from lmcost.h's declarations"
    diff "$tmp/declared" "$tmp/defined" |
        sed -n 's/^</  declared, not defined:/p; s/^>/  defined, not declared:/p'
    status=1
fi

# Writable static data (.data, .bss and their subsections, not .data.rel.ro; thread-local
# .tdata and .tbss are per thread): only the GMP reserve, one for the process by design.
allowed="alloc.o:reserve alloc.o:reserve_top alloc.o:reserve_live alloc.o:reserve_lock"
objdump -t "$LIB" | awk '
    /^[^ ]+\.o: +file format/ { obj = $1; sub(/:$/, "", obj); next }
    $3 == "O" || $4 == "O" {
        for (i = 2; i < NF; i++) if ($i ~ /^\./) sec = $i
        if (sec ~ /^\.(data|bss)($|\.)/ && sec !~ /^\.data\.rel\.ro($|\.)/)
            print obj ":" $NF, sec
    }' | sort >"$tmp/data"
: >"$tmp/baddata"
while read -r sym sec; do
    case " $allowed " in *" $sym "*) ;; *) echo "$sym ($sec)" >>"$tmp/baddata" ;; esac
done <"$tmp/data"
if [ ! -s "$tmp/data" ]; then
    echo "FAIL archive: objdump found no static data at all (not even the GMP reserve)"
    status=1
elif [ -s "$tmp/baddata" ]; then
    echo "FAIL archive: $(wc -l <"$tmp/baddata") writable static objects besides the GMP" \
         "reserve"
    sed 's/^/  /' "$tmp/baddata"
    status=1
else
    echo "ok archive: no writable static data but the GMP reserve"
fi

# A host with its own parser: links, and both parsers work side by side.
if ! $CC -std=c11 -Wall -Wextra -Werror -Iinclude -o "$tmp/host" tests/embed/host.c "$LIB" \
        -lgmp -ljansson >"$tmp/cc.log" 2>&1; then
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
