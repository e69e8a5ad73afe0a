#!/bin/sh
# plot.sh: a plot's data (-F csv) is exact: at sampled points every value equals what eval
# gives for that model and symbol value, and every share equals the value over its total.
# (tests/latex/documents.sh compiles the plots and looks at their pages.)
# Usage: tests/plot/plot.sh [BUILD_DIR]
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
L=$PWD/$BUILD/lmcost
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-plot.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# check NAME TOTAL ARGS...: the plot's CSV against eval at up to 12 rows spread over it.
# TOTAL is what shares are of ("-" without --share). The -s settings of ARGS go to eval too.
check() {
    name=$1 total=$2
    shift 2
    if ! "$L" plot "$@" -F csv > "$tmp/$name.csv" 2> "$tmp/$name.err"; then
        echo "FAIL plot $name: lmcost plot failed: $(head -2 "$tmp/$name.err")"
        fail=1
        return
    fi
    sets=""
    while [ $# -gt 0 ]; do
        [ "$1" = -s ] || [ "$1" = -c ] && sets="$sets $1 $2" && shift
        shift
    done
    head -1 "$tmp/$name.csv" > "$tmp/$name.head"
    sym=$(cut -d, -f2 "$tmp/$name.head")
    rows=$(($(wc -l < "$tmp/$name.csv") - 1))
    step=$(( (rows + 11) / 12 ))
    n=0 bad=0
    tail -n +2 "$tmp/$name.csv" | awk -F, -v s="$step" 'NR % s == 1 || s == 1' > "$tmp/$name.sample"
    while IFS=, read -r model a b c d e; do
        if [ "$sym" = definition ]; then # bars: model,definition,value,unit[,share]
            x="" def=$a value=$b share=$d
        else
            x="-s $sym=$a" def=$b value=$c share=$e
        fi
        # shellcheck disable=SC2086
        want=$("$L" eval "$def" -m "$model" $sets $x -F plain --exact 2>/dev/null)
        if [ "$want" != "$value" ]; then
            echo "FAIL plot $name: $model $x $def: plot $value, eval $want"
            bad=1
        fi
        if [ "$total" != - ]; then
            # shellcheck disable=SC2086
            t=$("$L" eval "$total" -m "$model" $sets $x -F plain --exact 2>/dev/null)
            q=$("$L" calc "($value) / ($t)" --exact 2>&1)
            if [ "$q" != "$share" ]; then
                echo "FAIL plot $name: $model $x $def: share $share, value / total $q"
                bad=1
            fi
        fi
        n=$((n + 1))
    done < "$tmp/$name.sample"
    if [ $bad = 0 ] && [ $n -gt 0 ]; then
        echo "ok plot $name: $n of $rows points equal eval"
    else
        [ $n -gt 0 ] || echo "FAIL plot $name: no points"
        fail=1
    fi
}

check shares-context flops.forward.matmul 'flops.forward.matmul.*' --share \
    -g 'context_length=1024..65536 x2' -m gpt2-xl -s batch_size=1
check shares-family flops.forward.matmul 'flops.forward.matmul.*' --share \
    -m gpt2-small,gpt2-medium,gpt2-large,gpt2-xl -s batch_size=1
check memory-batch - memory.total -g batch_size=1..32 --le '80 GB' --le '80 GiB' -c seed \
    -s dtype=bf16
check time-width - time.train -g 'd_model=512..8192 x2' -s batch_size=1024 -s steps=400000 \
    -s peak_flops=19.5e12 -s mfu=0.5 -m gpt2-small,gpt2-xl
check params-vocab - 'params.*' -g 'vocab_size=1000,32000,50257' -m llama2-7b
check kv-cache - memory.kv_cache -g 'context_length=4096..32768 step 4096' -m llama2-70b,mistral-7b \
    -s batch_size=1 -s dtype=bf16
exit $fail
