#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# threads.sh: the concurrent-sessions test (tests/unit/test_threads.c: threads with
# different models and settings checked against a single-threaded run, and a thread that
# fails its own allocations) under ThreadSanitizer, with the library built by
# `make tsan` into build-tsan/. Any data race ThreadSanitizer reports is a failure.
# Usage: tests/embed/threads.sh [BUILD]   (BUILD is not used: the build is build-tsan/)
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
TSAN=build-tsan
CC=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-threads.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# a fresh make: not the jobserver or variables of a `make check` that may be running us
unset MAKEFLAGS MFLAGS MAKELEVEL

if ! make -s -j2 -C "$ROOT" tsan >"$tmp/make.log" 2>&1; then
    echo "FAIL threads: make tsan failed"
    tail -n 20 "$tmp/make.log" | sed 's/^/  | /'
    exit 1
fi
if ! $CC -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -fsanitize=thread -pthread -Iinclude \
        -Isrc -Itests/unit -o "$tmp/test_threads" tests/unit/test_threads.c \
        "$TSAN/liblmcost.a" -lgmp -ljansson >"$tmp/cc.log" 2>&1; then
    echo "FAIL threads: tests/unit/test_threads.c does not build with -fsanitize=thread"
    sed 's/^/  | /' "$tmp/cc.log"
    exit 1
fi

run() {
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" \
        "$@" "$tmp/test_threads" >"$tmp/out" 2>"$tmp/err"
}
run
rc=$?
# ThreadSanitizer of some gcc releases cannot start under a kernel's high ASLR entropy:
# run it again without address randomisation.
if grep -q 'unexpected memory mapping' "$tmp/err" && command -v setarch >/dev/null 2>&1; then
    run setarch "$(uname -m)" -R
    rc=$?
fi

summary=$(sed -n 's/^threads: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$tmp/out")
if [ $rc -eq 0 ] && [ -n "$summary" ] && [ "${summary#* }" = 0 ] &&
   ! grep -q 'ThreadSanitizer' "$tmp/err"; then
    echo "ok threads: ${summary% *} checks under ThreadSanitizer, no data race"
    sed -n 's/^note: /  /p' "$tmp/out"
    exit 0
fi
if grep -q 'ThreadSanitizer' "$tmp/err"; then
    echo "FAIL threads: ThreadSanitizer reported (exit status $rc)"
    grep -m 1 -A 30 'WARNING: ThreadSanitizer\|ERROR: ThreadSanitizer\|FATAL: ThreadSanitizer' \
        "$tmp/err" | sed 's/^/  | /'
else
    echo "FAIL threads: exit status $rc${summary:+, ${summary#* } checks failed}"
fi
grep '^FAIL\|^  ' "$tmp/out" | head -n 30 | sed 's/^/  | /'
exit 1
