#!/bin/sh
# search.sh: the search workload (bench/README.md): every layout of a 1T-parameter model on
# 4,096 H100s, `lmcost search` against bench/search_python.py (plain Python Fractions on
# parallel.lm's layout formulas), the same CSV; prints the times and the ratio.
set -e
cd "$(dirname "$0")/.."
LM=${LMCOST:-build/lmcost}
REPS=${BENCH_REPS:-5}
TMPROOT=${BENCH_TMP:-/dev/shm}
[ -d "$TMPROOT" ] && [ -w "$TMPROOT" ] || TMPROOT=${TMPDIR:-/tmp}
T=$(mktemp -d "$TMPROOT/lmcost-bench-search.XXXXXX")
trap 'rm -rf "$T"' EXIT
M="python3 bench/measure.py"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

# search_constants LM OUT SETTINGS...: the model's layout-free figures for search_python.py
search_constants() {
    lm=$1 out=$2; shift 2
    : >"$out"
    for s in batch_size num_layers num_heads num_kv_heads context_length d_model d_ff head_dim \
        bytes_param bytes_grad bytes_opt bytes_act peak_flops efficiency device_memory \
        link_bandwidth network_bandwidth devices_per_node memory_reserved; do
        echo "$s $("$lm" calc "$s" -F plain --exact "$@" | cut -d ' ' -f 1)" >>"$out"
    done
    set -- "$@" -s data_parallel=1 -s tensor_parallel=1 -s pipeline_parallel=1
    P="params.embedding.token params.embedding.position params.lm_head params.norm_final
       params.layer.norms params.layer.ffn.expert params.layer.attention.qkv
       params.layer.attention.output"
    printf '%s\n' $P >"$out.n"
    "$lm" eval $P -F plain --exact "$@" >"$out.v"
    paste -d ' ' "$out.n" "$out.v" >>"$out"
    for r in none selective full; do
        printf 'flops.step.%s\nflops.backward.%s\n' $r $r >"$out.n"
        "$lm" eval flops.step flops.backward -F plain --exact "$@" -s recompute=$r >"$out.v"
        paste -d ' ' "$out.n" "$out.v" >>"$out"
        A="norms attention.output ffn.w_out attention.scores attention.softmax attention.weighted ffn.w_in ffn.activation"
        for a in $A; do echo "act.$r.$a"; done >"$out.n"
        "$lm" eval $(for a in $A; do echo memory.activations.layer.$a; done) -F plain --exact \
            "$@" -s recompute=$r -s batch_size=1 -s micro_batch_size=1 >"$out.v"
        paste -d ' ' "$out.n" "$out.v" >>"$out"
    done
    echo "act.full.layer $("$lm" eval memory.activations.layer -F plain --exact "$@" -s recompute=full -s batch_size=1 -s micro_batch_size=1)" >>"$out"
    printf 'act.norm_final\nact.logits\nact.loss\n' >"$out.n"
    "$lm" eval memory.activations.norm_final memory.activations.logits memory.activations.loss \
        -F plain --exact "$@" -s batch_size=1 -s micro_batch_size=1 >"$out.v"
    paste -d ' ' "$out.n" "$out.v" >>"$out"
    rm -f "$out.n" "$out.v"
}

# LLaMA 2 70B's architecture scaled to 991,500,723,200 parameters, batch of 4,096 sequences
MODEL="-m llama2-70b -s num_layers=128 -s d_model=25600 -s num_heads=160 -s num_kv_heads=16 \
-s d_ff=81920 -s hardware=h100-sxm -s dtype=mixed -s batch_size=4096 -s flash_attention=yes"
DEVICES=4096 TOP=20
search_constants "$LM" "$T/constants" $MODEL
set -- $($M "$REPS" "$T/lm.csv" -- "$LM" search $MODEL --devices $DEVICES --top $TOP -F csv)
lm=$1 lm_rss=$2 lm_cpu=$3
set -- $($M 3 "$T/py.csv" -- python3 bench/search_python.py "$T/constants" $DEVICES $TOP)
py=$1 py_cpu=$3
same=identical
cmp -s "$T/lm.csv" "$T/py.csv" || same=DIFFERENT
echo
echo "search (every layout of a $("$LM" eval params -F plain $MODEL)-parameter model on $DEVICES devices, top $TOP):"
echo "  lmcost  ${lm} s wall, ${lm_cpu} s cpu, peak ${lm_rss} KB"
echo "  python  ${py} s wall, ${py_cpu} s cpu"
echo "  outputs ${same} (cmp)"
echo "  ratio   $(ratio "$py" "$lm")x faster in wall time (target 20x), $(ratio "$py_cpu" "$lm_cpu")x in cpu time"
[ "$same" = identical ]
