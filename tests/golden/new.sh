#!/bin/sh
# new.sh: record a golden case from what the current binary does.
#
# Usage: tests/golden/new.sh [-f] [-b BUILD] NAME 'COMMAND'
#   e.g. tests/golden/new.sh calc-add '$LMCOST calc "2 + 2"'
#
# Writes tests/golden/NAME/cmd (COMMAND), out (its stdout), err (its stderr, only if
# non-empty) and status (its exit code, only if non-zero), running COMMAND exactly as
# tests/run.sh does: with sh, from the repository root, LC_ALL=C, stdin from
# tests/golden/NAME/in if that exists (else /dev/null), and $LMCOST = BUILD/lmcost.
# COMMAND must call the program as $LMCOST, unquoted (memcheck puts valgrind in it).
# -f overwrites an existing case (keeping its `in`).  Review what it prints before you
# commit it: the recorded output becomes the specification.

ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
BUILD=build
force=0
while [ $# -gt 0 ]; do
    case $1 in
    -f) force=1 ;;
    -b) BUILD=$2; shift ;;
    -*) echo "new.sh: unknown option '$1'" >&2; exit 2 ;;
    *) break ;;
    esac
    shift
done
if [ $# -ne 2 ]; then
    echo "usage: tests/golden/new.sh [-f] [-b BUILD] NAME 'COMMAND'" >&2
    exit 2
fi
name=$1 cmd=$2
case $name in
*/*|.*|'') echo "new.sh: bad case name '$name'" >&2; exit 2 ;;
esac
case $cmd in
*'$LMCOST'*|*'${LMCOST}'*) ;;
*) echo "new.sh: the command must run the program as \$LMCOST, e.g. '\$LMCOST calc 1+1'" >&2
   exit 2 ;;
esac
case $cmd in
*'"$LMCOST'*|*'"${LMCOST'*)
   echo "new.sh: write \$LMCOST unquoted (memcheck sets it to 'valgrind ... lmcost')" >&2
   exit 2 ;;
esac
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
if [ ! -x "$BUILD/lmcost" ]; then
    echo "new.sh: $BUILD/lmcost is not built (make)" >&2
    exit 1
fi
dir=tests/golden/$name
if [ -e "$dir/cmd" ] && [ $force -eq 0 ]; then
    echo "new.sh: $dir exists (use -f to re-record it)" >&2
    exit 1
fi
mkdir -p "$dir" || exit 1
rm -f "$dir/out" "$dir/err" "$dir/status"
printf '%s\n' "$cmd" >"$dir/cmd"
stdin=/dev/null
[ -f "$dir/in" ] && stdin=$dir/in
LC_ALL=C LMCOST=$BUILD/lmcost sh "$dir/cmd" <"$stdin" >"$dir/out" 2>"$dir/err"
rc=$?
[ -s "$dir/err" ] || rm -f "$dir/err"
[ "$rc" -eq 0 ] || echo "$rc" >"$dir/status"

echo "recorded $dir (exit status $rc). Review it:"
echo "--- stdout"
cat "$dir/out"
if [ -f "$dir/err" ]; then
    echo "--- stderr"
    cat "$dir/err"
fi
