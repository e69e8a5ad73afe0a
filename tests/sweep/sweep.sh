#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# sweep.sh: checks of `lmcost sweep` against values computed independently in Python: csv and
# JSON lines, ranges, --where, errors (nothing printed before the first row), flat memory.
BUILD=${1:-build}
LM="$BUILD/lmcost"
LIB=tests/sweep/sweep.lm
T=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-sweep.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
FAILED=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; FAILED=1; }
# same NAME FILE_EXPECTED FILE_ACTUAL
same() {
    if cmp -s "$2" "$3"; then ok "$1"; else fail "$1" "output differs"; diff -u "$2" "$3" | head -n 20 | sed 's/^/  /'; fi
}

# 1. exact values: poly = 3a^2 b - 7a + c (c = 5 in model m), ratio = a/b, half = (a+b)/2 + floor(a/3),
#    big = a^5 b^5 - a^4 (past 2^127 for the large points)
"$LM" -f $LIB sweep poly ratio half big -g 'a=-3..9 step 3' -g 'b=-4,2,8' >"$T/got.csv" 2>"$T/err"
python3 - >"$T/want.csv" <<'PY'
from fractions import Fraction as F
def num(q):
    q = F(q)
    if q.denominator == 1:
        return str(q.numerator)
    s = "-" if q < 0 else ""
    q = abs(q)
    i, r = divmod(q.numerator, q.denominator)
    d = ""
    while r:
        r *= 10
        d += str(r // q.denominator)
        r %= q.denominator
    return s + str(i) + "." + d
print("a,b,poly,ratio,half,big")
for a in range(-3, 10, 3):
    for b in (-4, 2, 8):
        print(",".join([str(a), str(b), num(3*a*a*b - 7*a + 5), num(F(a, b)),
                        num(F(a + b, 2) + (a // 3)), num(a**5 * b**5 - a**4)]))
PY
same "csv exact values" "$T/want.csv" "$T/got.csv"
[ -s "$T/err" ] && fail "csv: nothing on stderr" "$(cat "$T/err")" || ok "csv: nothing on stderr"

# 2. huge values through the GMP fallback
"$LM" -f $LIB sweep big -g 'a=2^40,3^30' -g 'b=10^6,-7' >"$T/got.csv"
python3 -c '
print("a,b,big")
for a in (2**40, 3**30):
    for b in (10**6, -7):
        print("%d,%d,%d" % (a, b, a**5 * b**5 - a**4))' >"$T/want.csv"
same "csv past 128 bits" "$T/want.csv" "$T/got.csv"

# 3. geometric ranges, lists with spaces and underscores, the first grid slowest
"$LM" -f $LIB sweep flops -g 'a=1..100 x3' -g 'b = 1_000, 2e3' >"$T/got.csv"
python3 -c '
print("a,b,flops")
for a in (1, 3, 9, 27, 81):
    for b in (1000, 2000):
        print("%d,%d,%d" % (a, b, 6 * a * b))' >"$T/want.csv"
same "geometric range and list" "$T/want.csv" "$T/got.csv"

# 4. --where, with a unit and with a bare number (the definition's unit, GB for mem)
"$LM" -f $LIB sweep mem -g 'w=1e9..4e9 step 5e8' --where 'mem > 3 GB' >"$T/got.csv"
printf 'w,mem\n2000000000,4\n2500000000,5\n3000000000,6\n3500000000,7\n4000000000,8\n' >"$T/want.csv"
same "--where mem > 3 GB" "$T/want.csv" "$T/got.csv"
"$LM" -f $LIB sweep mem -g 'w=1e9..4e9 step 5e8' --where 'mem <= 5' >"$T/got.csv"
printf 'w,mem\n1000000000,2\n1500000000,3\n2000000000,4\n2500000000,5\n' >"$T/want.csv"
same "--where mem <= 5 (in GB)" "$T/want.csv" "$T/got.csv"
"$LM" -f $LIB sweep poly -g 'a=1..3' -g 'b=1..3' --where 'poly < 0' >"$T/got.csv"
printf 'a,b,poly\n' >"$T/want.csv"
same "--where keeping no row: the header alone" "$T/want.csv" "$T/got.csv"

# 5. JSON lines: each number as {"value": N, "exact": "N"}
"$LM" -f $LIB sweep poly ratio -g 'a=1,2' -g 'b=4' -F json >"$T/got.json"
python3 - "$T/got.json" <<'PY' >"$T/json.check"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def cell(v, exact):
    return {"value": v, "exact": exact}
want = [{"a": cell(1, "1"), "b": cell(4, "4"), "poly": cell(10, "10"), "ratio": cell(0.25, "1/4")},
        {"a": cell(2, "2"), "b": cell(4, "4"), "poly": cell(39, "39"), "ratio": cell(0.5, "1/2")}]
print("yes" if rows == want and list(rows[0]) == ["a", "b", "poly", "ratio"] else "no %r" % rows)
PY
[ "$(cat "$T/json.check")" = yes ] && ok "json lines" || fail "json lines" "$(cat "$T/json.check")"

# 6. the built-in library agrees with eval at a grid point
"$LM" sweep params memory.total -s batch_size=8 -g 'd_model=512..2048 step 512' -g 'num_layers=12,24' \
    >"$T/got.csv"
want=$("$LM" eval params memory.total -s batch_size=8 -s d_model=1536 -s num_layers=24 -F plain | tr '\n' ',')
got=$(grep '^1536,24,' "$T/got.csv" | cut -d, -f3-)
[ "$got," = "$want" ] && ok "sweep agrees with eval" || fail "sweep agrees with eval" "got $got, want $want"
[ "$(wc -l <"$T/got.csv")" -eq 9 ] && ok "row count" || fail "row count" "$(wc -l <"$T/got.csv")"

# 7. errors: status 1, a message, and nothing on stdout before the first row
check_err() { # NAME PATTERN ARGS...
    name=$1 pat=$2
    shift 2
    "$LM" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ $rc -ne 1 ]; then fail "$name" "exit status $rc"
    elif [ -s "$T/out" ]; then fail "$name" "stdout not empty: $(head -n 2 "$T/out")"
    elif ! grep -q "$pat" "$T/err"; then fail "$name" "stderr: $(cat "$T/err")"
    else ok "$name"; fi
}
check_err "error: division by zero at the first point" "'ratio' at a = 1, b = 0: division by zero" \
    -f $LIB sweep ratio -g 'a=1..3' -g 'b=0,1'
check_err "error: unknown symbol" "unknown symbol 'x'" -f $LIB sweep poly -g 'x=1..3'
check_err "error: not an integer" "grid 'a=1.5..3': values must be integers" -f $LIB sweep poly -g 'a=1.5..3' -g b=1
check_err "error: empty range" "the range is empty" -f $LIB sweep poly -g 'a=3..1' -g b=1
check_err "error: too many points on an axis" "at most 10000000 on one axis" -f $LIB sweep poly -g 'a=1..1e8' -g b=1
check_err "error: too many points in all" "more than 1000000000000 points" \
    -f $LIB sweep poly -g 'a=1..1e7' -g 'b=1..1e7'
check_err "error: a symbol left unset" "'poly' still depends on 'b'" -f $LIB sweep poly -g 'a=1..3'
check_err "error: --where dimensions" "dimension mismatch" -f $LIB sweep mem -g 'w=1..3' --where 'mem > 3 FLOP'
check_err "error: --where syntax" "expected NAME <= QUANTITY" -f $LIB sweep mem -g 'w=1..3' --where 'mem = 3'
check_err "error: format" "sweep writes csv or json" -f $LIB sweep poly -g 'a=1' -g 'b=1' -F text
check_err "error: swept twice" "'a' is swept twice" -f $LIB sweep poly -g 'a=1' -g 'a=2' -g b=1
check_err "error: no grid" "usage: lmcost sweep" -f $LIB sweep poly

# an error after some rows: those rows are written, then the error with the grid point
"$LM" -f $LIB sweep ratio -g 'a=1,2' -g 'b=1,0' >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && [ "$(cat "$T/out")" = "$(printf 'a,b,ratio\n1,1,1')" ] &&
   grep -q "'ratio' at a = 1, b = 0" "$T/err"; then
    ok "error mid-sweep: rows before it are written"
else
    fail "error mid-sweep" "status $rc, stdout $(cat "$T/out"), stderr $(cat "$T/err")"
fi

# 8. streaming: 200,000 points with flat memory and no progress bar (stderr is not a terminal)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$T/rss" "$LM" sweep params flops.step memory.total -s batch_size=8 \
        -g 'd_model=64..6400 step 64' -g 'num_layers=1..100' -g 'context_length=1024..20480 step 1024' \
        >"$T/big.csv" 2>"$T/err"
    rss=$(tail -n 1 "$T/rss")
    [ "$(wc -l <"$T/big.csv")" -eq 200001 ] && ok "streaming: 200,000 rows" || fail "streaming" "$(wc -l <"$T/big.csv") lines"
    [ "$rss" -lt 51200 ] && ok "streaming: peak memory ${rss} KB < 50 MB" || fail "streaming memory" "${rss} KB"
    [ -s "$T/err" ] && fail "no progress bar off a terminal" "$(head -c 200 "$T/err")" || ok "no progress bar off a terminal"
else
    echo "skip streaming: /usr/bin/time is missing"
fi
exit $FAILED
