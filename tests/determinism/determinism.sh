#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# determinism.sh: the same input gives byte-identical output (stdout, stderr and exit
# status) across two runs, across the normal and the ASan/UBSan builds (BUILD and
# build-asan, when build-asan/lmcost exists), and under LC_ALL set to every installed
# locale (`locale -a`), compared with LC_ALL=C.
# Usage: tests/determinism/determinism.sh [BUILD]   (BUILD defaults to build)

ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
BUILD=${1:-build}
ASAN=build-asan
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-determinism.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
if [ ! -x "$BUILD/lmcost" ]; then
    echo "FAIL determinism: $BUILD/lmcost was not built"
    exit 1
fi

# NAME<TAB>ARGS: each command's arguments are split by the shell (no quoting inside
# beyond what `eval` handles).
cat >"$TMP/cmds" <<'CMDS'
report	report -m gpt2-xl
report-seed-bf16	report -m gpt2-xl -c seed -s dtype=bf16
report-json	report -m gpt2-small -F json
table-csv	table flops -m gpt2-small,gpt2-xl -c seed -s batch_size=1 -F csv
show-latex	show --all -S -F latex
show-unicode	show memory.total -S -F unicode --short
eval-exact	eval time.train -m gpt2-xl -c seed -s batch_size=1024 --exact
calc-big	calc '2^44497 - 1'
calc-rational	calc '(3^400 + 1) / (2^300 * 7)' -F text
calc-error	calc '80 GB + 1 FLOP'
CMDS

# run BIN NAME ARGS OUT: one run, LC_ALL as set by the caller; stdout, stderr and status.
run() {
    bin=$1 args=$2 out=$3
    eval "\"\$bin\" $args" </dev/null >"$out.out" 2>"$out.err"
    echo $? >"$out.rc"
}

# same A B: are two runs' outputs identical?
same() {
    cmp -s "$1.out" "$2.out" && cmp -s "$1.err" "$2.err" && cmp -s "$1.rc" "$2.rc"
}

detail() {
    for x in out err rc; do
        cmp -s "$1.$x" "$2.$x" ||
            diff -u --label "$3" --label "$4" "$1.$x" "$2.$x" | head -n 20 | sed 's/^/  /'
    done
}

# An ASan build older than the sources (say, after `make check-fast`, which does not
# rebuild it) is another program: comparing it would be meaningless.
stale=""
if [ -x "$ASAN/lmcost" ]; then
    stale=$(find src grammar include -type f -newer "$ASAN/lmcost" 2>/dev/null | head -n 1)
fi
locales=$(locale -a 2>/dev/null | sort -u)
[ -n "$locales" ] || locales="C"
failed=0
tab=$(printf '\t')
while IFS="$tab" read -r name args; do
    [ -n "$name" ] || continue
    LC_ALL=C run "$BUILD/lmcost" "$args" "$TMP/$name.ref"
    if [ ! -s "$TMP/$name.ref.out" ] && [ ! -s "$TMP/$name.ref.err" ]; then
        echo "FAIL determinism/$name: no output at all (lmcost $args)"
        failed=1
        continue
    fi
    LC_ALL=C run "$BUILD/lmcost" "$args" "$TMP/$name.again"
    if same "$TMP/$name.ref" "$TMP/$name.again"; then
        echo "ok determinism/$name: two runs"
    else
        echo "FAIL determinism/$name: two runs differ (lmcost $args)"
        detail "$TMP/$name.ref" "$TMP/$name.again" "first run" "second run"
        failed=1
    fi
    if [ -x "$ASAN/lmcost" ] && [ -n "$stale" ]; then
        echo "ok determinism/$name: $BUILD and $ASAN (skipped: $ASAN/lmcost is older than $stale)"
    elif [ -x "$ASAN/lmcost" ]; then
        ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} LC_ALL=C \
            run "$ASAN/lmcost" "$args" "$TMP/$name.asan"
        if same "$TMP/$name.ref" "$TMP/$name.asan"; then
            echo "ok determinism/$name: $BUILD and $ASAN"
        else
            echo "FAIL determinism/$name: $BUILD and $ASAN differ (lmcost $args)"
            detail "$TMP/$name.ref" "$TMP/$name.asan" "$BUILD" "$ASAN"
            failed=1
        fi
    else
        echo "ok determinism/$name: $BUILD and $ASAN (skipped: no $ASAN/lmcost)"
    fi
    bad=""
    for loc in $locales; do
        LC_ALL=$loc run "$BUILD/lmcost" "$args" "$TMP/$name.loc"
        if ! same "$TMP/$name.ref" "$TMP/$name.loc"; then
            bad="$bad $loc"
            detail "$TMP/$name.ref" "$TMP/$name.loc" "LC_ALL=C" "LC_ALL=$loc" >"$TMP/$name.locdiff"
        fi
    done
    if [ -z "$bad" ]; then
        echo "ok determinism/$name: LC_ALL in" $locales
    else
        echo "FAIL determinism/$name: output differs under LC_ALL=$bad (lmcost $args)"
        cat "$TMP/$name.locdiff"
        failed=1
    fi
done <"$TMP/cmds"
exit $failed
