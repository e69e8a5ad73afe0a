#!/bin/sh
# errors.sh: the bad-input corpus. Each tests/errors/NAME/ holds `cmd` (a shell command
# line using $LMCOST), the exact expected stderr `err`, the exit status `status` (1), and
# the input file it reads when it needs one (input.lm). Every case runs exactly as
# tests/run.sh runs a golden case: `sh cmd` from the repository root, LC_ALL=C, stdin
# from /dev/null, $LMCOST the absolute path of BUILD/lmcost. stdout must be empty: nothing
# is printed to stdout on failure. Prints "ok errors/NAME" or "FAIL errors/NAME" with a
# diff; exits non-zero if any case failed.
# Usage: tests/errors/errors.sh [BUILD]   (BUILD defaults to build)
# To add a case: sh tests/errors/new.sh NAME 'CMD' (see tests/README.md).

ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
BUILD=${1:-build}
case $BUILD in /*) LMCOST=$BUILD/lmcost ;; *) LMCOST=$ROOT/$BUILD/lmcost ;; esac
LC_ALL=C
export LC_ALL LMCOST
TO=""
command -v timeout >/dev/null 2>&1 && TO="timeout ${LMCOST_TEST_TIMEOUT:-300}"
if [ ! -x "$LMCOST" ]; then
    echo "FAIL errors: $LMCOST was not built"
    exit 1
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-errors.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

failed=0
for case in tests/errors/*/; do
    case=${case%/}
    [ -f "$case/cmd" ] || continue
    name=${case#tests/}
    $TO sh "$case/cmd" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    want_rc=1
    [ -f "$case/status" ] && want_rc=$(tr -d ' \t\r\n' <"$case/status")
    [ -f "$case/err" ] && want_err=$case/err || want_err=/dev/null
    if [ "$rc" = "$want_rc" ] && [ ! -s "$TMP/out" ] && cmp -s "$want_err" "$TMP/err"; then
        echo "ok $name"
        continue
    fi
    failed=1
    echo "FAIL $name: $(head -n 1 "$case/cmd")"
    [ "$rc" = "$want_rc" ] || echo "  exit status $rc, expected $want_rc"
    if [ -s "$TMP/out" ]; then
        echo "  stdout is not empty:"
        head -n 20 "$TMP/out" | sed 's/^/  | /'
    fi
    if ! cmp -s "$want_err" "$TMP/err"; then
        diff -u --label "$case/err (expected)" --label "stderr (actual)" \
            "$want_err" "$TMP/err" | sed 's/^/  /'
    fi
done
exit $failed
