#!/bin/sh
# run.sh: `make bench`: lmcost against SymPy (derive) and plain Python integers (sweep, huge),
# in process wall time and peak RSS; prints each figure and the ratios. See bench/README.md.
set -e
cd "$(dirname "$0")/.."
LM=${LMCOST:-build/lmcost}
REPS=${BENCH_REPS:-5}
# outputs go to tmpfs when there is one, so that disk writes time neither side
TMPROOT=${BENCH_TMP:-/dev/shm}
[ -d "$TMPROOT" ] && [ -w "$TMPROOT" ] || TMPROOT=${TMPDIR:-/tmp}
T=$(mktemp -d "$TMPROOT/lmcost-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
M="python3 bench/measure.py"
if ! python3 -c 'import sympy' 2>/dev/null; then
    echo "run.sh: SymPy is missing: apt-get install python3-sympy" >&2
    exit 1
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg) (other processes skew wall times)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "python $(python3 -c 'import sys; print(sys.version.split()[0])'), sympy $(python3 -c 'import sympy; print(sympy.__version__)')"

# ---- derive -------------------------------------------------------------------------------
set -- $($M "$REPS" "$T/derive.tex" -- "$LM" show --all -S -F latex -c standard)
lm_all=$1 lm_all_rss=$2 lm_all_cpu=$3
set -- $($M "$REPS" "$T/total.tex" -- "$LM" show memory.total -S -F latex)
lm_tot=$1 lm_tot_cpu=$3
lm_derive=$(awk -v a="$lm_all" -v b="$lm_tot" 'BEGIN { printf "%.4f", a + b }')
lm_derive_cpu=$(awk -v a="$lm_all_cpu" -v b="$lm_tot_cpu" 'BEGIN { printf "%.4f", a + b }')
set -- $($M 3 "$T/sympy.tex" -- python3 bench/derive_sympy.py src/lib)
py_derive=$1 py_derive_rss=$2 py_derive_cpu=$3
echo
echo "derive (show --all -S -F latex -c standard, and memory.total collected in batch_size):"
echo "  lmcost  ${lm_derive} s wall (${lm_all} + ${lm_tot}), ${lm_derive_cpu} s cpu, peak ${lm_all_rss} KB, $(wc -l <"$T/derive.tex") lines"
echo "  sympy   ${py_derive} s wall, ${py_derive_cpu} s cpu, peak ${py_derive_rss} KB, $(wc -l <"$T/sympy.tex") lines"
echo "  ratio   $(ratio "$py_derive" "$lm_derive")x faster in wall time (target 50x), $(ratio "$py_derive_cpu" "$lm_derive_cpu")x in cpu time"

# ---- sweep ----------------------------------------------------------------------------------
NAMES="params flops.forward flops.backward flops.optimizer flops.step memory.activations memory.params memory.total"
for n in $NAMES; do
    "$LM" show "$n" -k d_model,num_layers,context_length -s batch_size=8 -F plain
done >"$T/formulas"
CSV_NAMES=$(echo $NAMES | tr ' ' ',')
set -- $($M 3 "$T/sweep_lm.csv" -- "$LM" sweep $NAMES -s batch_size=8 \
    -g 'd_model=64..6400 step 64' -g 'num_layers=1..100' -g 'context_length=128..12800 step 128')
lm_sweep=$1 lm_sweep_rss=$2 lm_sweep_cpu=$3
set -- $($M 1 "$T/sweep_py.csv" -- python3 bench/sweep_python.py "$T/formulas" "$CSV_NAMES")
py_sweep=$1 py_sweep_rss=$2 py_sweep_cpu=$3
same=identical
cmp -s "$T/sweep_lm.csv" "$T/sweep_py.csv" || same="DIFFERENT"
echo
echo "sweep (1,000,000 points d_model x num_layers x context_length, 8 definitions, csv):"
echo "  lmcost  ${lm_sweep} s wall, ${lm_sweep_cpu} s cpu, peak ${lm_sweep_rss} KB, $(wc -l <"$T/sweep_lm.csv") lines, $(wc -c <"$T/sweep_lm.csv") bytes"
echo "  python  ${py_sweep} s wall, ${py_sweep_cpu} s cpu, peak ${py_sweep_rss} KB"
echo "  outputs ${same} (cmp)"
echo "  ratio   $(ratio "$py_sweep" "$lm_sweep")x faster in wall time (target 20x), $(ratio "$py_sweep_cpu" "$lm_sweep_cpu")x in cpu time"
echo "  lmcost peak memory $((lm_sweep_rss / 1024)) MB (target < 50 MB)"

# ---- huge -----------------------------------------------------------------------------------
set -- $($M "$REPS" "$T/huge_lm" -- "$LM" eval $NAMES -F plain -s batch_size=10^6 \
    -s context_length=2^40 -s d_model=2^20 -s num_layers=10^6 -s num_heads=16)
lm_huge=$1
# the formulas above have batch_size = 8; the point needs 10^6
for n in $NAMES; do
    "$LM" show "$n" -k d_model,num_layers,context_length -s batch_size=10^6 -s num_heads=16 -F plain
done >"$T/formulas_huge"
set -- $($M 1 "$T/huge_py" -- python3 bench/sweep_python.py --point "$T/formulas_huge" "$CSV_NAMES")
py_huge=$1
same=identical
cmp -s "$T/huge_lm" "$T/huge_py" || same="DIFFERENT"
echo
echo "huge (T = 2^40, d_model = 2^20, num_layers = 10^6, batch_size = 10^6, num_heads = 16, exact):"
echo "  lmcost  ${lm_huge} s; python ${py_huge} s; digits ${same}"
paste -d ' ' "$T/huge_lm" /dev/null | awk -v names="$NAMES" \
    'BEGIN { split(names, n, " ") } { printf "  %-20s %s (%d digits)\n", n[NR], $1, length($1) }'
[ "$same" = identical ] || exit 1

# ---- search ---------------------------------------------------------------------------------
sh bench/search.sh
