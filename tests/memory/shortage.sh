#!/bin/sh
# asan: no (see tests/run.sh: ASan reserves terabytes of address space, so ulimit -v cannot apply)
# shortage.sh: real memory shortage. Each command runs under `ulimit -v` from the least
# address space that starts a process up to where the command succeeds, in steps of
# 32 KiB; each run must either print the full answer or fail with exactly
# "lmcost: error: out of memory", status 1 and nothing on stdout: no crash, no half answer.
# A sweep streams, so before its error it may have written whole rows of the answer.
# Usage: tests/memory/shortage.sh [BUILD]   (BUILD defaults to build)

ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
BUILD=${1:-build}
LM=$ROOT/$BUILD/lmcost
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-shortage.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
if [ ! -x "$LM" ]; then
    echo "FAIL shortage: $BUILD/lmcost was not built"
    exit 1
fi
if ! (ulimit -v 1000000) 2>/dev/null; then
    echo "skip shortage: this shell cannot set ulimit -v"
    exit 0
fi

# limited KIB ARGS...: run lmcost under a limit of KIB KiB of address space.
limited() {
    kib=$1
    shift
    (ulimit -v "$kib" && exec "$LM" "$@") >"$TMP/out" 2>"$TMP/err"
}

# The least limit at which the binary starts at all (the loader and libraries need some).
base=2048
until limited "$base" --version; do
    base=$((base + 64))
    if [ "$base" -gt 262144 ]; then
        echo "FAIL shortage: lmcost --version does not run under 256 MiB"
        exit 1
    fi
done
printf 'lmcost: error: out of memory\n' >"$TMP/oom"

# whole_rows: the output is whole lines from the start of the full answer.
whole_rows() {
    [ ! -s "$TMP/out" ] && return 0
    [ "$(tail -c 1 "$TMP/out" | od -An -c | tr -d ' ')" = '\n' ] || return 1
    head -c "$(wc -c <"$TMP/out")" "$TMP/want" | cmp -s - "$TMP/out"
}

# check NAME STREAMS ARGS...: scan upward until 8 runs in a row succeed (at most 64 MiB
# above base); STREAMS=1 lets a failed run have written whole rows first.
check() {
    name=$1 streams=$2
    shift 2
    "$LM" "$@" >"$TMP/want" 2>/dev/null || { echo "FAIL $name: fails without a limit"; return; }
    kib=$base ok_run=0 ooms=0 bad=""
    while [ "$ok_run" -lt 8 ] && [ "$kib" -le $((base + 65536)) ]; do
        limited "$kib" "$@"
        rc=$?
        if [ "$rc" -eq 0 ] && cmp -s "$TMP/out" "$TMP/want"; then
            ok_run=$((ok_run + 1))
        elif [ "$rc" -eq 1 ] && cmp -s "$TMP/err" "$TMP/oom" &&
            { [ ! -s "$TMP/out" ] || { [ "$streams" = 1 ] && whole_rows; }; }; then
            ok_run=0 ooms=$((ooms + 1))
        else
            bad="at $kib KiB: status $rc, stderr: $(head -c 200 "$TMP/err")"
            break
        fi
        kib=$((kib + 32))
    done
    if [ -n "$bad" ]; then
        echo "FAIL $name: $bad"
    elif [ "$ok_run" -lt 8 ]; then
        echo "FAIL $name: never succeeded below $kib KiB"
    elif [ "$ooms" -eq 0 ]; then
        echo "FAIL $name: no run was short of memory (the scan proves nothing)"
    else
        echo "ok $name ($ooms runs out of memory, then the full answer from $((kib - 8 * 32)) KiB)"
    fi
}

check "shortage: report" 0 report
check "shortage: show" 0 show memory.total -m llama2-70b -k batch_size -F latex
check "shortage: sweep" 1 sweep -g batch_size=1..3000 memory.total
check "shortage: large numbers" 0 calc '(3^330000 + 1) * (7^185000 + 1) - 5^400000'
