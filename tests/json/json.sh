#!/bin/sh
# json.sh: every command's JSON output is read back by jq and its exact figures checked.
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
L=$PWD/$BUILD/lmcost
fail=0
check() { # NAME JQ-FILTER COMMAND...
    name=$1 filter=$2
    shift 2
    if out=$("$L" "$@" -F json 2>/dev/null) && printf '%s' "$out" | jq -e "$filter" > /dev/null 2>&1; then
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
check report '.figures.params.exact == "1637020800" and .figures.max_batch_size_80_gb.exact == "14" and .figures.max_batch_size_80_gib.exact == "15"' \
    report -c seed -s dtype=bf16
# the report's schema (README, "report -F json"): snake_case keys, a unit with every figure,
# a value and its exact string with every number, a and b of a*batch_size + b
check report-keys '[.figures | keys[] | test("^[a-z][a-z0-9_]*$")] | all' report -c seed
check report-units '[.figures[] | has("unit")] | all' report -c seed
check report-numbers '[.figures[] | select(has("value")) | (.value | type) == "number" and (.exact | type) == "string"] | all' \
    report -c seed
check report-a-b '.figures.memory_total_a.exact == "4667508736" and .figures.memory_total_b.exact == "13096166400" and .figures.memory_total_a.unit == "B"' \
    report -c seed -s dtype=bf16
check report-formula '.figures.memory_total_in_batch_size.formula == "4667508736*batch_size + 13096166400" and .figures.memory_total_in_batch_size.latex == "4667508736 B + 13096166400"' \
    report -c seed -s dtype=bf16
check report-matmul '.figures.matmul_qkv.exact == "754974720000" and .figures.matmul_qkv.unit == "FLOP" and (.figures.matmul_qkv.share | tostring) == "0.2152947079925357"' \
    report -c seed
check report-matmul-fraction '.figures.matmul_qkv.exact == "245760000/11" and (.figures.matmul_qkv.value | type) == "number"' \
    report -s head_dim=1/11 -s num_layers=1
# a missing model is null, as in show and eval
check eval-no-model '.model == null' eval size.a -f tests/json/nomodel.lm
check table-no-model '.models == [null] and .convention == "standard"' table size -f tests/json/nomodel.lm
check compare-no-model '.model == null' compare size.a -f tests/json/nomodel.lm
# sweep rows carry each number's exact string (jq reads numbers as doubles)
big=$("$L" eval flops.step -s batch_size=1023 -s d_model=65536 -s num_heads=64 -F plain)
check sweep-exact ".[\"flops.step\"].exact == \"$big\" and .batch_size.exact == \"1023\"" \
    sweep flops.step -g batch_size=1023 -s d_model=65536 -s num_heads=64
check sweep-rational '.["time.train"].exact == "3515053384006/685546875"' \
    sweep time.train -g batch_size=1024 -c seed -s steps=400000 -s "peak_flops=19.5 TFLOP/s" -s mfu=0.5
check sweep-exact-option '.["time.train"].exact == "3515053384006/685546875"' \
    sweep time.train -g batch_size=1024 -c seed -s steps=400000 -s "peak_flops=19.5 TFLOP/s" -s mfu=0.5 --exact
# calc's formula is spelled as its text is: collected, --short honoured
check calc-collected '.formula == "d_model*batch_size^2 + d_model*batch_size + 3"' \
    calc 'd_model*batch_size + batch_size^2*d_model + 3'
check calc-short '.formula == "d*B^2 + d*B + 3"' calc 'd_model*batch_size + batch_size^2*d_model + 3' --short
check solve '.value == 14' solve memory.total --le "80 GB" --for batch_size -c seed -s dtype=bf16
# a require moved the answer: the values it excluded, and why
check solve-excluded '.value == 256 and .excluded_from == 216 and .excluded_to == 255 and
    .excluded_by == ["data_parallel must divide batch_size"] and
    .at_excluded_from_minus_1 == "18452672741376/215" and (has("at_value_minus_1") | not)' \
    solve memory.device.total --le device_memory --for data_parallel -m llama2-7b \
    -s hardware=h100-sxm -s dtype=mixed -s batch_size=1024 -s flash_attention=yes -s zero=3
check solve-not-excluded '.value == 2 and (has("excluded_by") | not) and
    .at_value_minus_1 == "126143758336"' \
    solve memory.device.total --le device_memory --for data_parallel -m llama2-7b \
    -s hardware=h100-sxm -s dtype=mixed -s batch_size=1024 -s flash_attention=yes -s zero=3 \
    -s micro_batch_size=1
check calc '.exact == "9750000000000"' calc "19.5e12 * 0.5"
check list '(.models | index("gpt2-xl")) != null and (.conventions | index("seed")) != null' list
exit $fail
