#!/bin/sh
# python.sh: the million-row sweep of run.sh through the Python package (python_sweep.py,
# rows returned to Python, exact) against the CLI writing it as CSV; whole processes, as
# run.sh times them. Prints both and the ratio (target: Python at most 3x the CLI).
set -e
cd "$(dirname "$0")/.."
LM=${LMCOST:-build/lmcost}
PY=${PYTHON:-python3}
REPS=${BENCH_REPS:-5}
TMPROOT=${BENCH_TMP:-/dev/shm}
[ -d "$TMPROOT" ] && [ -w "$TMPROOT" ] || TMPROOT=${TMPDIR:-/tmp}
T=$(mktemp -d "$TMPROOT/lmcost-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
M="$PY bench/measure.py"
export LMCOST_LIBRARY=${LMCOST_LIBRARY:-$PWD/build/liblmcost.so}
NAMES="params flops.forward flops.backward flops.optimizer flops.step memory.activations memory.params memory.total"
set -- $($M "$REPS" "$T/cli.csv" -- "$LM" sweep $NAMES -s batch_size=8 \
    -g 'd_model=64..6400 step 64' -g 'num_layers=1..100' -g 'context_length=128..12800 step 128')
cli=$1 cli_rss=$2 cli_cpu=$3
set -- $($M "$REPS" "$T/py.out" -- "$PY" bench/python_sweep.py)
py=$1 py_rss=$2 py_cpu=$3
"$PY" bench/python_sweep.py --csv "$T/py.csv" >/dev/null
same=identical
cmp -s "$T/cli.csv" "$T/py.csv" || same=DIFFERENT
echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "python sweep (1,000,000 rows, 8 definitions, into exact Python rows):"
echo "  cli csv  ${cli} s wall, ${cli_cpu} s cpu, peak ${cli_rss} KB"
echo "  python   ${py} s wall, ${py_cpu} s cpu, peak ${py_rss} KB ($(cat "$T/py.out" | cut -c1-60)...)"
echo "  rows     ${same} to the CLI's CSV (cmp)"
awk -v a="$py" -v b="$cli" -v c="$py_cpu" -v d="$cli_cpu" \
    'BEGIN { printf "  ratio    %.2fx the CLI in wall time (target at most 3x), %.2fx in cpu time\n", a / b, c / d }'
[ "$same" = identical ]
