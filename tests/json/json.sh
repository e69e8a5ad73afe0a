#!/bin/sh
# json.sh: every command's JSON output is read back by jq and its exact figures checked.
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
L=$PWD/$BUILD/lmcost
fail=0
check() { # NAME JQ-FILTER COMMAND...
    name=$1 filter=$2
    shift 2
    if out=$("$L" "$@" -F json 2>&1) && printf '%s' "$out" | jq -e "$filter" > /dev/null 2>&1; then
        echo "ok json $name"
    else
        echo "FAIL json $name: jq -e '$filter' on: $out" | head -5
        fail=1
    fi
}
check eval-exact '.values[0].exact == "1637020800" and .values[1].exact == "10571326906368" and .convention == "seed"' \
    eval params flops.step -c seed -s batch_size=1
check eval-big-exact '.values[0].exact == "10798243995666432" and (.values[0].value | type) == "number"' \
    eval flops.step -c seed -s batch_size=1024
check eval-rational '.values[0].exact == "3515053384006/685546875"' \
    eval time.train -c seed -s batch_size=1024 -s steps=400000 -s "peak_flops=19.5 TFLOP/s" -s mfu=0.5
check show-formula '.formulas[0].formula == "4667508736*batch_size + 13096166400"' \
    show memory.total -c seed -s dtype=bf16 -k batch_size
check table-share '[.rows[] | select(.name == "flops.forward.layers") | .values[0].exact][0] == "3350357803008"' \
    table flops -c seed -s batch_size=1
check table-models '(.models | length) == 4 and (.rows | length) > 5' \
    table flops.forward.matmul -m gpt2-small,gpt2-medium,gpt2-large,gpt2-xl -s batch_size=1
check report '.figures.params.exact == "1637020800" and .figures["max batch_size 80 GB"].exact == "14" and .figures["max batch_size 80 GiB"].exact == "15"' \
    report -c seed -s dtype=bf16
check solve '.value == 14' solve memory.total --le "80 GB" --for batch_size -c seed -s dtype=bf16
check calc '.exact == "9750000000000"' calc "19.5e12 * 0.5"
check list '(.models | index("gpt2-xl")) != null and (.conventions | index("seed")) != null' list
exit $fail
