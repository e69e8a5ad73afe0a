#!/bin/sh
# python.sh: the Python package (python/lmcost) against BUILD's liblmcost.so, through
# Debian's python3: tests/python/run.py runs the unittest suite, one ok/FAIL line per test.
# On an ASan build (build-asan) the interpreter is not instrumented: libasan is preloaded
# and leak detection is off (Python's own allocations at exit are not leaks of ours), so
# ASan and UBSan check the library's every access and operation, not the interpreter's.
# Usage: tests/python/python.sh BUILD
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
PY=${LMCOST_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
LMCOST_LIBRARY=$PWD/$BUILD/liblmcost.so
LMCOST_CLI=$PWD/$BUILD/lmcost
export LMCOST_LIBRARY LMCOST_CLI
if ldd "$LMCOST_LIBRARY" 2>/dev/null | grep -q libasan; then
    LD_PRELOAD=$(${CC:-cc} -print-file-name=libasan.so)
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
    export LD_PRELOAD ASAN_OPTIONS
fi
exec "$PY" tests/python/run.py
