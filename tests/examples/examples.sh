#!/bin/sh
# examples.sh: regenerate every example in examples/manifest and compare it byte for byte;
# with --write, rewrite the files instead (after a deliberate change in the output).
BUILD=${1:-build}
[ "$1" = --write ] && BUILD=build
[ "$2" = --write ] || [ "$1" = --write ] && write=1 || write=0
cd "$(dirname "$0")/../.." || exit 2
LMCOST=$PWD/$BUILD/lmcost
fail=0
tab=$(printf '\t')
grep -v '^#' examples/manifest | while IFS="$tab" read -r file args; do
    [ -n "$file" ] || continue
    # shellcheck disable=SC2086
    if [ $write = 1 ]; then
        LC_ALL=C "$LMCOST" $args > "examples/$file" || echo "FAIL example $file: lmcost failed"
        continue
    fi
    if LC_ALL=C "$LMCOST" $args 2>&1 | diff -u "examples/$file" - > /tmp/lmcost-example.$$; then
        echo "ok example $file"
    else
        echo "FAIL example $file: output differs (tests/examples/examples.sh --write to update)"
        sed 's/^/    | /' /tmp/lmcost-example.$$ | head -40
    fi
done | tee /tmp/lmcost-examples.$$
grep -q '^FAIL' /tmp/lmcost-examples.$$ && fail=1
rm -f /tmp/lmcost-example.$$ /tmp/lmcost-examples.$$
exit $fail
