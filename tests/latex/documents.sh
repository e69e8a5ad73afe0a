#!/bin/sh
# asan: no (see tests/run.sh: it runs pdflatex on the normal build's documents)
# time limit: each case (a minute per pdflatex run; none on the whole, see tests/run.sh)
# documents.sh: every kind of document lmcost writes with -F latex --standalone compiles
# with pdflatex in one pass, with no Overfull \hbox over 1 pt and no Overfull \vbox:
# report, show (one definition and --all), eval, table, compare, list, solve and plot, for
# every preset and every convention. A formula sheet shows every definition asked for
# (pdftotext), and the first page of each kind renders (pdftoppm) to a page that is not
# blank. The PDFs and PNGs stay in BUILD/latex/documents/ to be looked at.
# Usage: tests/latex/documents.sh [BUILD_DIR]
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
L=$ROOT/$BUILD/lmcost
OUT=$ROOT/$BUILD/latex/documents
JOBS=${LMCOST_JOBS:-2}
for tool in pdflatex pdftoppm pdftotext jq python3; do
    command -v $tool >/dev/null 2>&1 || { echo "FAIL latex documents: $tool not found (make deps)"; exit 1; }
done
rm -rf "$OUT" && mkdir -p "$OUT" || exit 2
fail=0

# doc NAME ARGS...: write NAME.tex (a failure of lmcost is reported at once).
doc() {
    name=$1
    shift
    if "$L" "$@" -F latex --standalone > "$OUT/$name.tex" 2> "$OUT/$name.err"; then
        echo "$name" >> "$OUT/list"
    else
        echo "FAIL latex $name: lmcost $* failed: $(head -3 "$OUT/$name.err")"
        fail=1
    fi
}

presets=$("$L" list -F json | jq -r '.models[]')
conventions=$("$L" list -F json | jq -r '.conventions[]')
sized=""
for m in $presets; do
    doc "show-$m" show --all -m "$m" -k batch_size
    # a model that leaves its sizes to others (gpt2) has formulas but no figures
    "$L" eval params -m "$m" > /dev/null 2>&1 || continue
    sized="${sized:+$sized,}$m"
    doc "report-$m" report -m "$m" -s dtype=mixed
    doc "table-$m" table flops -m "$m" -s batch_size=1
    doc "compare-$m" compare flops.step -m "$m" -s batch_size=1
    doc "plot-$m" plot 'flops.forward.matmul.*' --share -g 'context_length=1024..65536 x2' \
        -m "$m" -s batch_size=1
done
for c in $conventions; do
    doc "sheet-$c" show --all -S -c "$c"
    doc "sheet-values-$c" show --all -S -c "$c" -m llama2-70b
    doc "show1-$c" show flops.step -S -c "$c"
    doc "table-conv-$c" table flops -c "$c" -s batch_size=1
    if "$L" report -c "$c" > /dev/null 2>&1; then
        doc "report-conv-$c" report -c "$c" -s dtype=bf16
    fi
done
doc report-seed report -m gpt2-xl -c seed -s dtype=bf16
doc eval-seed eval params flops.step memory.total -c seed -s batch_size=1
doc eval-all eval --all -m gpt2-xl -s batch_size=8 -s steps=1000 -s peak_flops=1e15 -s mfu=0.4 \
    -s memory_bandwidth=2e12 -s device_memory=80e9 -s output_length=16
doc compare-params compare params -m llama2-7b
doc table-family table flops -m "$sized" -s batch_size=1
doc list list
doc solve solve memory.total --le '80 GB' --for batch_size -c seed -s dtype=bf16
doc calc calc "(a+b)^2/(2*c) + floor(x/3) + min(p, q) + 80 GB / (1 GiB)"
doc plot-family plot 'flops.forward.matmul.*' --share -m gpt2-small,gpt2-medium,gpt2-large,gpt2-xl \
    -s batch_size=1
doc plot-bars plot 'flops.forward.matmul.*' -m "$sized" -s batch_size=1
doc plot-memory plot memory.total -g batch_size=1..32 --le '80 GB' --le '80 GiB' -c seed -s dtype=bf16
doc plot-lines plot time.train -g 'd_model=512..8192 x2' -s batch_size=1024 -s steps=400000 \
    -s peak_flops=19.5e12 -s mfu=0.5 -m gpt2-small,gpt2-xl,llama2-7b
doc plot-params plot 'params.*' -g 'vocab_size=1000,32000,50257,256000' -m gpt2-small,llama2-7b
[ -f "$OUT/list" ] || { echo "FAIL latex documents: no document written"; exit 1; }

# One pdflatex pass each, in parallel.
xargs -P "$JOBS" -I{} sh -c 'cd "$1" && timeout 60 pdflatex -interaction=nonstopmode -halt-on-error "$2.tex" > "$2.out" 2>&1; echo $? > "$2.rc"' sh "$OUT" {} < "$OUT/list"

# The log of one document: errors, overfull boxes.
check_log() {
    log=$OUT/$1.log
    if [ "$(cat "$OUT/$1.rc")" != 0 ] || grep -q '^!' "$log"; then
        echo "FAIL latex $1: pdflatex failed ($OUT/$1.tex)"
        grep -A3 '^!' "$log" | head -8 | sed 's/^/    | /'
        return 1
    fi
    bad=$(sed -n 's/^Overfull \\hbox (\([0-9.]*\)pt too wide).*/\1/p' "$log" |
          awk '$1 > 1 { print; exit }')
    if [ -n "$bad" ] || grep -q '^Overfull \\vbox' "$log"; then
        echo "FAIL latex $1: overfull boxes ($OUT/$1.tex)"
        grep '^Overfull' "$log" | head -5 | sed 's/^/    | /'
        return 1
    fi
    return 0
}

# A formula sheet shows each definition asked for: "NAME [unit] =" in its text.
check_names() {
    case $1 in
    sheet-values-*) args="show --all -S -c ${1#sheet-values-} -m llama2-70b" ;;
    sheet-*) args="show --all -S -c ${1#sheet-}" ;;
    show1-*) args="show flops.step -S -c ${1#show1-}" ;;
    show-*) args="show --all -m ${1#show-} -k batch_size" ;;
    *) return 0 ;;
    esac
    # shellcheck disable=SC2086
    names=$("$L" $args -F json | jq -r '.formulas[].name')
    pdftotext "$OUT/$1.pdf" "$OUT/$1.txt" || { echo "FAIL latex $1: pdftotext failed"; return 1; }
    # shellcheck disable=SC2086
    missing=$(python3 tests/latex/pdfcheck.py names "$OUT/$1.txt" $names)
    if [ -n "$missing" ]; then
        echo "FAIL latex $1: not in the PDF: $missing"
        return 1
    fi
    return 0
}

kinds=""
while read -r name; do
    check_log "$name" && check_names "$name" && echo "ok latex $name" || fail=1
    kind=${name%%-*}
    case " $kinds " in *" $kind "*) [ "$kind" = plot ] || continue ;; esac
    kinds="$kinds $kind"
    # the first page of the first document of each kind (of every plot), as a reader sees it
    page=page-$kind
    [ "$kind" = plot ] && page=page-$name
    pdftoppm -png -r 50 -f 1 -l 1 "$OUT/$name.pdf" "$OUT/$page" 2>/dev/null
    png=$(ls "$OUT/$page"-*.png 2>/dev/null | head -1)
    ink=$([ -n "$png" ] && python3 tests/latex/pdfcheck.py ink "$png")
    if [ -n "$ink" ] && awk -v i="$ink" 'BEGIN { exit !(i > 0.0002) }'; then
        echo "ok latex $page: not blank ($ink of it inked)"
    else
        echo "FAIL latex $page: the first page of $name is blank or was not rendered"
        fail=1
    fi
done < "$OUT/list"
exit $fail
