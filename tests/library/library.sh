#!/bin/sh
# library.sh: the built-in library (src/lib/*.lm) keeps its lines under 100 columns (a long
# formula or text is continued on the next line), and `lmcost check` finds nothing in it.
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
fail=0
for f in src/lib/*.lm; do
    # Columns as a terminal shows them: characters, a tab up to the next multiple of 8.
    wide=$(python3 - "$f" <<'PY'
import sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    cols = len(line.rstrip("\n").expandtabs(8))
    if cols >= 100:
        print(f"    {sys.argv[1]}:{n}: {cols} columns")
PY
)
    if [ -z "$wide" ]; then
        echo "ok lines of $f under 100 columns"
    else
        echo "FAIL lines of $f: some are 100 columns or wider"
        printf '%s\n' "$wide"
        fail=1
    fi
done
if out=$(LC_ALL=C "$BUILD/lmcost" check src/lib/lmcost.lm 2>&1); then
    echo "ok check src/lib/lmcost.lm"
else
    echo "FAIL check src/lib/lmcost.lm: lmcost check reports errors"
    printf '%s\n' "$out" | sed 's/^/    /'
    fail=1
fi
exit $fail
