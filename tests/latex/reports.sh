#!/bin/sh
# reports.sh: the LaTeX that lmcost writes compiles with pdflatex: reports, formula sheets
# of every convention and a table.
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
L=$PWD/$BUILD/lmcost
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
doc() { # NAME COMMAND...
    name=$1
    shift
    if ! "$L" "$@" -F latex --standalone > "$tmp/$name.tex" 2> "$tmp/$name.err"; then
        echo "FAIL latex $name: lmcost failed: $(head -3 "$tmp/$name.err")"
        fail=1
        return
    fi
    if (cd "$tmp" && pdflatex -interaction=nonstopmode -halt-on-error "$name.tex" > "$name.log" 2>&1); then
        echo "ok latex $name"
    else
        echo "FAIL latex $name: pdflatex failed"
        grep -A3 '^!' "$tmp/$name.log" | head -10 | sed 's/^/    | /'
        fail=1
    fi
}
doc report-standard report -m gpt2-xl
doc report-seed report -m gpt2-xl -c seed -s dtype=bf16
for conv in $("$L" list -F json | jq -r '.conventions[]'); do
    doc "formulas-$conv" show --all -S -c "$conv"
done
doc table-seed table flops -m gpt2-xl -c seed -s batch_size=1
doc eval-seed eval params flops.step memory.total -c seed -s batch_size=1
doc compare-flops compare flops.step -s batch_size=1
doc calc-quotient calc "(a+b)^2/(2*c) + floor(x/3) + min(p, q) + 80 GB / (1 GiB)"
doc compare-params-llama compare params -m llama2-7b
doc table-family table flops.forward.matmul -m gpt2-small,gpt2-medium,gpt2-large,gpt2-xl -s batch_size=1
exit $fail
