#!/bin/sh
# run.sh: the lmcost test runner (`make check`, `make check-fast`, `make check-asan`).
#
# Usage: tests/run.sh [--fast | --asan-only] [-b BUILD] [-a ASAN_BUILD] [-t TESTS]
#
#   a. unit tests      every executable in BUILD/tests/ (and each tests/unit/NAME.c must
#                      have built BUILD/tests/NAME); counts come from its final
#                      "SUITE: N passed, N failed" line
#   b. golden tests    every TESTS/golden/NAME/ case (cmd, out, err, status, in)
#   c. check scripts   every executable TESTS/*/*.sh outside TESTS/golden/, run as
#                      `script BUILD`; counts its "ok NAME" / "FAIL NAME..." lines
#   d. memcheck        tests/memcheck.sh: every golden case under valgrind (BUILD only)
#   e. sanitizers      a. and b. again against ASAN_BUILD (ASan + UBSan build)
#
# --fast runs a-c; --asan-only runs e; the default runs a-e.  Failures are printed with
# their details; the last line is always "N passed, N failed" (totals), and the exit
# status is 1 if anything failed.  Everything runs from the repository root, with
# LC_ALL=C and stdin from /dev/null.  See tests/README.md.

ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$ROOT" || exit 2

BUILD=build
ASAN_BUILD=build-asan
TESTS=tests
MODE=all
while [ $# -gt 0 ]; do
    case $1 in
    --fast) MODE=fast ;;
    --asan-only) MODE=asan ;;
    -b) BUILD=$2; shift ;;
    -a) ASAN_BUILD=$2; shift ;;
    -t) TESTS=$2; shift ;;
    -h|--help) sed -n '2,19p' "$ROOT/tests/run.sh" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

case $BUILD in /*) ABS_BUILD=$BUILD ;; *) ABS_BUILD=$ROOT/$BUILD ;; esac
case $ASAN_BUILD in /*) ABS_ASAN=$ASAN_BUILD ;; *) ABS_ASAN=$ROOT/$ASAN_BUILD ;; esac
LC_ALL=C
export LC_ALL
TIMEOUT=${LMCOST_TEST_TIMEOUT:-300}
TO=""
command -v timeout >/dev/null 2>&1 && TO="timeout $TIMEOUT"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-tests.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

PASS=0
FAIL=0
pass() { PASS=$((PASS + ${1:-1})); }
fail() { FAIL=$((FAIL + ${1:-1})); }

# section TITLE: start a section; section_end prints its counts.
section() { S_TITLE=$1; S_PASS=$PASS; S_FAIL=$FAIL; }
section_end() {
    echo "== $S_TITLE: $((PASS - S_PASS)) ok, $((FAIL - S_FAIL)) FAIL"
}

# show_tail FILE: print the last lines of a log, indented.
show_tail() {
    [ -s "$1" ] || return 0
    tail -n "${2:-40}" "$1" | sed 's/^/    | /'
}

# a. run_units DIR LABEL: every unit test binary in DIR/tests/.
run_units() {
    dir=$1 label=$2
    # a unit source whose binary is missing did not build
    for src in "$TESTS"/unit/*.c; do
        [ -f "$src" ] || continue
        name=$(basename "$src" .c)
        if [ ! -x "$dir/tests/$name" ]; then
            echo "FAIL $label/$name: $dir/tests/$name was not built"
            fail
        fi
    done
    for bin in "$dir"/tests/*; do
        [ -f "$bin" ] && [ -x "$bin" ] || continue
        name=$(basename "$bin")
        $TO "$bin" </dev/null >"$TMP/u.out" 2>"$TMP/u.err"
        rc=$?
        summary=$(sed -n 's/^.*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' \
                  "$TMP/u.out" | tail -n 1)
        if [ -n "$summary" ]; then
            p=${summary% *} f=${summary#* }
            pass "$p"
            fail "$f"
            if [ "$f" -ne 0 ]; then
                grep '^FAIL' "$TMP/u.out" | sed "s|^FAIL |FAIL $label/$name: |"
            fi
            if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
                # e.g. a leak found at exit by LeakSanitizer, after the summary
                echo "FAIL $label/$name: exited with status $rc after its summary"
                show_tail "$TMP/u.err"
                fail
            elif [ "$f" -ne 0 ]; then
                show_tail "$TMP/u.err" 20
            fi
        else
            if [ "$rc" -ne 0 ]; then
                if [ "$rc" -gt 128 ]; then why="killed by signal $((rc - 128))"
                elif [ "$rc" -eq 124 ] && [ -n "$TO" ]; then why="timed out after ${TIMEOUT}s"
                else why="exited with status $rc"; fi
                echo "FAIL $label/$name: $why without a summary line"
            else
                echo "FAIL $label/$name: no 'N passed, N failed' summary line"
            fi
            grep '^FAIL' "$TMP/u.out" | sed 's/^/    | /'
            show_tail "$TMP/u.err"
            fail
        fi
    done
}

# b. run_golden LMCOST LABEL: every golden case, with $LMCOST set to the given value.
run_golden() {
    lm=$1 label=$2
    for case in "$TESTS"/golden/*/; do
        case=${case%/}
        [ -f "$case/cmd" ] || continue
        name=$(basename "$case")
        stdin=/dev/null
        [ -f "$case/in" ] && stdin=$case/in
        LMCOST=$lm $TO sh "$case/cmd" <"$stdin" >"$TMP/g.out" 2>"$TMP/g.err"
        rc=$?
        want_rc=0
        [ -f "$case/status" ] && want_rc=$(tr -d ' \t\r\n' <"$case/status")
        [ -f "$case/err" ] && want_err=$case/err || want_err=/dev/null
        [ -f "$case/out" ] && want_out=$case/out || want_out=/dev/null
        ok=1
        cmp -s "$want_out" "$TMP/g.out" || ok=0
        cmp -s "$want_err" "$TMP/g.err" || ok=0
        [ "$rc" = "$want_rc" ] || ok=0
        if [ $ok -eq 1 ]; then
            pass
            continue
        fi
        fail
        echo "FAIL $label/$name: $(head -n 1 "$case/cmd")"
        if [ "$rc" != "$want_rc" ]; then
            echo "  exit status $rc, expected $want_rc"
        fi
        if ! cmp -s "$want_out" "$TMP/g.out"; then
            diff -u --label "$case/out (expected)" --label "stdout (actual)" \
                "$want_out" "$TMP/g.out" | sed 's/^/  /'
        fi
        if ! cmp -s "$want_err" "$TMP/g.err"; then
            diff -u --label "$case/err (expected)" --label "stderr (actual)" \
                "$want_err" "$TMP/g.err" | sed 's/^/  /'
        fi
    done
}

# run_script LABEL CMD...: a check script printing ok/FAIL lines.
run_script() {
    label=$1
    shift
    # memcheck runs many cases, each under its own time limit (tests/memcheck.sh): a limit
    # on the whole would only measure how busy the machine is.
    to=$TO
    case $label in memcheck*) to="" ;; esac
    $to "$@" </dev/null >"$TMP/s.out" 2>"$TMP/s.err"
    rc=$?
    n_ok=$(grep -c '^ok\([ :]\|$\)' "$TMP/s.out")
    n_fail=$(grep -c '^FAIL\([ :]\|$\)' "$TMP/s.out")
    pass "$n_ok"
    fail "$n_fail"
    if [ "$n_fail" -gt 0 ]; then
        # a FAIL line and the indented detail lines that follow it
        awk '/^FAIL([ :]|$)/ { p = 1; print; next } /^(ok|skip)([ :]|$)/ { p = 0 } p' \
            "$TMP/s.out" | sed "\\|^FAIL ${label}[:/ ]|!s|^FAIL|FAIL ${label}:|"
    fi
    if [ "$rc" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
        echo "FAIL $label: exited with status $rc and no FAIL line"
        show_tail "$TMP/s.out" 20
        fail
    fi
    if [ "$rc" -ne 0 ] || [ "$n_fail" -gt 0 ]; then
        show_tail "$TMP/s.err" 20
    fi
    if [ "$rc" -eq 0 ] && [ "$n_ok" -eq 0 ] && [ "$n_fail" -eq 0 ] &&
       ! grep -q '^skip' "$TMP/s.out"; then
        pass # a script that checks one thing silently
    fi
}

# c. every executable TESTS/*/*.sh except the golden runner's helpers, given a build
# directory (default $BUILD) and a label prefix. With a prefix (the sanitizer run), scripts
# whose header says "asan: no" are left out: they link their own programs, measure memory
# or compare builds.
run_scripts() {
    dir=${1:-$BUILD}
    prefix=${2:-}
    for s in "$TESTS"/*/*.sh; do
        [ -f "$s" ] && [ -x "$s" ] || continue
        case $s in "$TESTS"/golden/*) continue ;; esac
        if [ -n "$prefix" ] && head -5 "$s" | grep -q 'asan: no'; then
            continue
        fi
        run_script "$prefix${s#"$TESTS"/}" "$s" "$dir"
    done
}

asan_env() {
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    export ASAN_OPTIONS UBSAN_OPTIONS
}

if [ "$MODE" != asan ]; then
    section "unit tests ($BUILD)"; run_units "$BUILD" unit; section_end
    if [ ! -x "$BUILD/lmcost" ] && [ -n "$(ls -d "$TESTS"/golden/*/ 2>/dev/null)" ]; then
        echo "FAIL golden: $BUILD/lmcost was not built"
        fail
    else
        section "golden tests ($BUILD/lmcost)"; run_golden "$ABS_BUILD/lmcost" golden
        section_end
    fi
    section "check scripts"; run_scripts; section_end
fi
if [ "$MODE" = all ]; then
    section "memcheck (valgrind, $BUILD/lmcost)"
    run_script memcheck sh "$ROOT/tests/memcheck.sh" -b "$BUILD" -g "$TESTS/golden"
    [ -d "$TESTS/errors" ] &&
        run_script memcheck-errors sh "$ROOT/tests/memcheck.sh" -b "$BUILD" -g "$TESTS/errors"
    section_end
fi
if [ "$MODE" != fast ]; then
    (
        asan_env
        section "unit tests, ASan+UBSan ($ASAN_BUILD)"
        run_units "$ASAN_BUILD" asan-unit
        section_end
        if [ ! -x "$ASAN_BUILD/lmcost" ] && [ -n "$(ls -d "$TESTS"/golden/*/ 2>/dev/null)" ]; then
            echo "FAIL asan-golden: $ASAN_BUILD/lmcost was not built"
            fail
        else
            section "golden tests, ASan+UBSan ($ASAN_BUILD/lmcost)"
            run_golden "$ABS_ASAN/lmcost" asan-golden
            section_end
            section "check scripts, ASan+UBSan ($ASAN_BUILD/lmcost)"
            run_scripts "$ASAN_BUILD" asan-
            section_end
        fi
        echo "$PASS $FAIL" >"$TMP/asan.counts"
    )
    if [ -f "$TMP/asan.counts" ]; then
        read -r PASS FAIL <"$TMP/asan.counts"
    else
        echo "FAIL asan: the sanitizer run did not finish"
        fail
    fi
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
