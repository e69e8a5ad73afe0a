#!/bin/sh
# csv.sh: every command's CSV output is read back by Python's csv module (RFC 4180: a field
# with a comma, a quote or a line break is quoted, quotes doubled): each row has the
# header's number of fields, and the figures read back are the exact ones.
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
L=$PWD/$BUILD/lmcost
fail=0
# check NAME PYTHON-CONDITION COMMAND...: rows is the list of rows after the header
check() {
    name=$1 cond=$2
    shift 2
    if out=$("$L" "$@" -F csv 2>&1) && printf '%s' "$out" | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin, strict=True))
head, rows = rows[0], rows[1:]
assert all(len(r) == len(head) for r in rows), "a row has not the header'"'"'s fields"
col = {k: i for i, k in enumerate(head)}
sys.exit(0 if ('"$cond"') else 1)' >/dev/null 2>&1; then
        echo "ok csv $name"
    else
        echo "FAIL csv $name: python3 csv: $cond, on:"
        printf '%s\n' "$out" | head -5 | sed 's/^/    | /'
        fail=1
    fi
}
check list 'any(r[1] == "gpt2-xl" and r[3] == "GPT-2 XL, 1.5B" for r in rows)' list
check table 'rows[0][col["gpt2-xl"]] == "3506703564800" and rows[1][0] == "flops.forward.matmul.qkv"' \
    table flops.forward.matmul -c seed -s batch_size=1
check table-models 'head[2:] == ["gpt2-small", "gpt2-small share", "gpt2-xl", "gpt2-xl share"]' \
    table params -m gpt2-small,gpt2-xl
check report '{r[0]: r[1] for r in rows}["max_batch_size_80_gb"] == "14" and ["time_train", "3515053384006/685546875", "day"] in rows' \
    report -c seed -s dtype=bf16
check report-formula '["memory_total_in_batch_size", "4667508736*batch_size + 13096166400", "B"] in rows' \
    report -c seed -s dtype=bf16
check compare 'rows[0][0] == "standard" and rows[0][col["value"]] == "1557611200"' compare params
check sweep 'head == ["d_model", "num_layers", "params"] and rows[0] == ["1024", "12", "203668480"]' \
    sweep params -g 'd_model=1024..4096 x2' -g 'num_layers=12,24'
check show 'rows[0][col["formula"]] == "4667508736*batch_size + 13096166400"' \
    show memory.total -c seed -s dtype=bf16 -k batch_size
exit $fail
