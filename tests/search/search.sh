#!/bin/sh
# asan: no (see tests/run.sh: it runs the command many times)
# search.sh: checks of `lmcost search`: on tests/search/search.lm every kept layout, its rank,
# its exact figures and the counts against a Python enumeration of the same formulas; on the
# built-in library, every row equal to `lmcost eval` with the same settings; errors.
BUILD=${1:-build}
LM="$BUILD/lmcost"
LIB=tests/search/search.lm
T=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-search.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
FAILED=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; FAILED=1; }
same() {
    if cmp -s "$2" "$3"; then ok "$1"; else fail "$1" "output differs"; diff -u "$2" "$3" | head -n 20 | sed 's/^/  /'; fi
}

# 1. the fixture: every layout that fits, in order, and the counts (Python, with Fractions)
for n in 24 36; do
    "$LM" -f $LIB search --devices $n --top 100000 -F csv >"$T/got.csv" 2>"$T/err"
    python3 - $n >"$T/want.csv" 2>"$T/want.err" <<'PY'
import sys
from fractions import Fraction as F
N = int(sys.argv[1])
B, H, L, P, M = 48, 6, 12, 1200, 1000
def divs(n): return [k for k in range(1, n + 1) if n % k == 0]
rows, fit, nofit, skip_p, skip_t, skip_d, total = [], 0, 0, 0, 0, 0, 0
for d in divs(N):
    for t in divs(N // d):
        p = N // d // t
        for z in range(4):
            for r in ("none", "selective", "full"):
                for sp in ("no", "yes"):
                    micro = divs(B // d) if B % d == 0 else []
                    total += max(1, len(micro))
                    # the requires, in the library's order
                    if H % t: skip_t += max(1, len(micro)); continue
                    if L % p: skip_p += max(1, len(micro)); continue
                    if B % d: skip_d += 1; continue
                    for b in micro:
                        m = F(B, d * b)
                        states = F(P, t * p) * (2 + (F(12, d) if z >= 1 else 12))
                        act = b * F(L, p) * min(p, m) * {"full": 2, "selective": 5, "none": 9}[r] * (F(1, t) if sp == "yes" else 1)
                        mem = states + act
                        if mem > M: nofit += 1; continue
                        fit += 1
                        time = (F(B * P, 1000) / (d * t * p) * (F(4, 3) if r == "full" else 1) * (1 + (p - 1) / m)
                                + F((t - 1) * b, 1) * m / 7 + (F(1, 5) if z >= 3 else 0) * F(d - 1, d))
                        rows.append((time, mem, len(rows), [d, t, p, z, r, sp, b]))
rows.sort(key=lambda x: (x[0], x[1], x[2]))
def q(x): return str(x.numerator) if x.denominator == 1 else "%d/%d" % (x.numerator, x.denominator)
print("data_parallel,tensor_parallel,pipeline_parallel,zero,recompute,sequence_parallel,micro_batch_size,memory.device.total,time.step.estimate")
for time, mem, _, l in rows:
    print(",".join(str(v) for v in l) + "," + q(mem) + "," + q(time))
why = []
if skip_p: why.append((skip_p, "pipeline_parallel must divide num_layers"))
if skip_t: why.append((skip_t, "tensor_parallel must divide num_heads"))
if skip_d: why.append((skip_d, "data_parallel must divide batch_size"))
sys.stderr.write("%d %d %d %s\n" % (total, fit, nofit, sorted(why)))
PY
    same "fixture: every layout on $n devices, ranked, exact" "$T/want.csv" "$T/got.csv"
    # the note counts what was kept, what did not fit and why the rest was skipped
    python3 - "$T/err" "$T/want.err" <<'PY' && ok "fixture: the counts on $n devices" || fail "fixture: the counts on $n devices" "$(cat "$T/err")"
import re, sys
got = open(sys.argv[1]).read()
total, fit, nofit, why = open(sys.argv[2]).read().split(" ", 3)
m = re.match(r"lmcost: note: (\d+) fit, (\d+) do not fit in device_memory((?:; \d+ skipped: [^;]*)*)\n$", got)
assert m and m.group(1) == fit and m.group(2) == nofit, got
skipped = sorted((int(n), w) for n, w in re.findall(r"; (\d+) skipped: ([^;]*)", m.group(3)))
assert str(skipped) == why.strip(), (skipped, why)
assert int(fit) + int(nofit) + sum(n for n, _ in skipped) == int(total)
PY
done

# 2. --top K is the first K rows; -s fixes a degree or an option
"$LM" -f $LIB search --devices 24 --top 5 -F csv >"$T/top.csv" 2>/dev/null
"$LM" -f $LIB search --devices 24 --top 100000 -F csv 2>/dev/null | head -n 6 >"$T/head.csv"
same "fixture: --top 5 is the first five" "$T/head.csv" "$T/top.csv"
"$LM" -f $LIB search --devices 24 --top 100000 -F csv 2>/dev/null |
    awk -F, 'NR == 1 || ($2 == 1 && $4 == 2)' >"$T/want.csv"
"$LM" -f $LIB search --devices 24 --top 100000 -F csv -s tensor_parallel=1 -s zero=2 \
    >"$T/got.csv" 2>/dev/null
same "fixture: -s fixes tensor_parallel and zero" "$T/want.csv" "$T/got.csv"

# 2b. a require on micro_batch_size: no printed layout breaks it, and it is counted
"$LM" -f $LIB search --devices 24 --top 100000 -F csv -s chunks=2 >"$T/got.csv" 2>"$T/err"
python3 - "$T/got.csv" "$T/err" <<'PY' && ok "fixture: a require on micro_batch_size" || fail "fixture: a require on micro_batch_size" "$(cat "$T/err")"
import sys
rows = open(sys.argv[1]).read().split("\n")[1:-1]
assert rows
for r in rows:
    d, t, p, z, rc, sp, b = r.split(",")[:7]
    assert 48 % (int(d) * int(b) * int(p)) == 0, r
assert "skipped: the interleaved schedule needs a multiple of pipeline_parallel micro-batches" in open(sys.argv[2]).read()
PY

# 3. the built-in library: every row equals `lmcost eval` with its settings
check_eval() { # NAME SETTINGS...
    name=$1; shift
    if ! "$LM" search --devices "$DEV" --top "$TOP" -F csv "$@" >"$T/rows.csv" 2>"$T/err"; then
        fail "$name" "search failed: $(cat "$T/err")"; return
    fi
    bad=0; n=0
    tail -n +2 "$T/rows.csv" >"$T/body"
    while IFS=, read -r d t p z r sp b mem time; do
        n=$((n + 1))
        "$LM" eval memory.device.total time.step.estimate "$@" -s data_parallel=$d \
            -s tensor_parallel=$t -s pipeline_parallel=$p -s zero=$z -s recompute=$r \
            -s sequence_parallel=$sp -s micro_batch_size=$b -F plain --exact >"$T/eval" 2>&1
        printf '%s\n%s\n' "$mem" "$time" >"$T/want"
        if ! cmp -s "$T/want" "$T/eval"; then
            bad=1; echo "  row $n: search $mem $time, eval $(tr '\n' ' ' <"$T/eval")"
        fi
    done <"$T/body"
    [ "$n" -ge 1 ] || bad=1
    [ $bad = 0 ] && ok "$name ($n rows)" || fail "$name" "a row differs from eval"
}
DEV=64 TOP=12 check_eval "llama2-7b on 64 H100: rows equal eval" -m llama2-7b \
    -s hardware=h100-sxm -s dtype=mixed -s batch_size=512 -s flash_attention=yes
DEV=12 TOP=8 check_eval "gemma-2b on 12 A100, tied embeddings: rows equal eval" -m gemma-2b \
    -s hardware=a100-sxm-80gb -s dtype=mixed -s batch_size=96
DEV=16 TOP=8 check_eval "mixtral on 16 H100, expert parallel: rows equal eval" -m mixtral-8x7b \
    -s hardware=h100-sxm -s dtype=mixed -s batch_size=256 -s expert_parallel=2 \
    -s flash_attention=yes -s recompute=full

# 4. errors: nothing on stdout, a message, exit 1
err() { # NAME EXPECTED-SUBSTRING ARGS...
    name=$1; want=$2; shift 2
    if "$LM" "$@" >"$T/out" 2>"$T/err"; then fail "$name" "succeeded"; return; fi
    if [ -s "$T/out" ]; then fail "$name" "printed on stdout"; return; fi
    grep -qF -- "$want" "$T/err" && ok "$name" || fail "$name" "$(cat "$T/err")"
}
err "error: no --devices" "usage: lmcost search" search -m llama2-7b -s hardware=h100-sxm
err "error: --devices 0" "--devices takes a whole number" search --devices 0
err "error: a layout's error at -s" "tensor_parallel must divide num_heads" search -m llama2-7b \
    -s hardware=h100-sxm -s batch_size=64 -s tensor_parallel=3 --devices 6
err "error: no device_memory" "'device_memory' has no value" search -m llama2-7b --devices 8 \
    -s batch_size=64
err "error: nothing fits" "no layout of 2 devices fits" search -m llama2-70b \
    -s hardware=h100-sxm -s dtype=mixed -s batch_size=64 --devices 2
err "error: names" "search takes no names" search time.step -m llama2-7b --devices 8
err "error: fixture, nothing fits" "no layout of 8 devices fits in device_memory (1920 layouts: 1008 do not fit; 672 skipped: tensor_parallel must divide num_heads; 240 skipped: pipeline_parallel must divide num_layers)" -f $LIB search --devices 8
exit $FAILED
