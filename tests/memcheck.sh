#!/bin/sh
# memcheck.sh: run every golden case's command under valgrind.
#
# Usage: tests/memcheck.sh [-b BUILD] [-g GOLDEN_DIR] [-j JOBS] [NAME...]
#
# Each case's cmd runs as in the golden tests (from the repository root, LC_ALL=C,
# stdin from its `in` file or /dev/null), but with
#   LMCOST="valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect
#           --error-exitcode=99 -q ... BUILD/lmcost"
# A case fails if valgrind reports any error or definite/indirect leak, or if the exit
# status differs from the case's `status` (default 0).  Output text is not compared: the
# golden tests do that.  Prints "ok memcheck/NAME" or "FAIL memcheck/NAME: ..." plus the
# valgrind report, and exits 1 if any case failed.  Cases run in parallel (JOBS defaults
# to the number of CPUs).  Never point it at the ASan build: valgrind and ASan don't mix.

ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$ROOT" || exit 2

BUILD=build
GOLDEN=tests/golden
JOBS=$(nproc 2>/dev/null || echo 2)
ONE=""
RESULT=""
while [ $# -gt 0 ]; do
    case $1 in
    -b) BUILD=$2; shift ;;
    -g) GOLDEN=$2; shift ;;
    -j) JOBS=$2; shift ;;
    --one) ONE=$2; shift ;;   # internal: run one case directory, print its result
    --result) RESULT=$2; shift ;;  # internal: write that result to this file
    -h|--help) sed -n '2,16p' "$ROOT/tests/memcheck.sh" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "memcheck.sh: unknown option '$1'" >&2; exit 2 ;;
    *) break ;;
    esac
    shift
done
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LC_ALL=C
export LC_ALL

if [ -n "$ONE" ]; then
    case=$ONE
    name=$(basename "$case")
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-vg.XXXXXX") || exit 2
    stdin=/dev/null
    [ -f "$case/in" ] && stdin=$case/in
    want_rc=0
    [ -f "$case/status" ] && want_rc=$(tr -d ' \t\r\n' <"$case/status")
    LMCOST="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect"
    LMCOST="$LMCOST --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
    LMCOST="$LMCOST --log-file=$tmp/vg.%p $BUILD/lmcost"
    export LMCOST
    timeout_cmd=""
    command -v timeout >/dev/null 2>&1 && timeout_cmd="timeout ${LMCOST_TEST_TIMEOUT:-300}"
    $timeout_cmd sh "$case/cmd" <"$stdin" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    cat "$tmp"/vg.* >"$tmp/report" 2>/dev/null
    {
        if [ "$rc" = 99 ] || [ -s "$tmp/report" ]; then
            echo "FAIL memcheck/$name: valgrind reported errors ($(head -n 1 "$case/cmd"))"
            sed 's/^/    | /' "$tmp/report"
        elif [ "$rc" != "$want_rc" ]; then
            echo "FAIL memcheck/$name: exit status $rc, expected $want_rc ($(head -n 1 "$case/cmd"))"
            tail -n 20 "$tmp/err" | sed 's/^/    | /'
        else
            echo "ok memcheck/$name"
        fi
    } >"$tmp/result"
    grep -q '^FAIL' "$tmp/result" && status=1 || status=0
    if [ -n "$RESULT" ]; then cp "$tmp/result" "$RESULT"; else cat "$tmp/result"; fi
    rm -rf "$tmp"
    exit $status
fi

if ! command -v valgrind >/dev/null 2>&1; then
    echo "FAIL memcheck: valgrind is not installed (make deps)"
    exit 1
fi

# the case list: named ones, or every GOLDEN/NAME/ with a cmd file
res=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-vgr.XXXXXX") || exit 2
trap 'rm -rf "$res"' EXIT
if [ $# -gt 0 ]; then
    for n in "$@"; do echo "$GOLDEN/$n"; done >"$res/list"
else
    for c in "$GOLDEN"/*/; do
        [ -f "$c/cmd" ] && echo "${c%/}"
    done >"$res/list"
fi
if [ ! -s "$res/list" ]; then
    echo "skip memcheck: no golden cases"
    exit 0
fi
if [ ! -x "$BUILD/lmcost" ]; then
    echo "FAIL memcheck: $BUILD/lmcost was not built"
    exit 1
fi

# the cases run in parallel, each writing its result to its own file; then they are
# printed in order
i=0
while IFS= read -r c; do
    i=$((i + 1))
    printf '%s\0%s\0' "$res/$i" "$c"
done <"$res/list" |
    xargs -0 -n 2 -P "$JOBS" sh -c 'exec sh "$0" -b "$1" --result "$2" --one "$3"' \
        "$ROOT/tests/memcheck.sh" "$BUILD"
status=0
n=$(wc -l <"$res/list")
i=0
while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    if [ -f "$res/$i" ]; then
        cat "$res/$i"
        grep -q '^FAIL' "$res/$i" && status=1
    else
        echo "FAIL memcheck/$(sed -n "${i}p" "$res/list"): no result"
        status=1
    fi
done
exit $status
