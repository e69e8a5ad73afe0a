#!/bin/sh
# asan: no (see tests/run.sh: it links, installs, compares builds or measures memory itself)
# printers.sh: compile the LaTeX printers' output with pdflatex (amsmath).
# Usage: tests/latex/printers.sh [BUILD_DIR]; prints "ok latex-printers" or "FAIL latex-printers".
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-cc}
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror -O1 -g"
fail() {
    echo "FAIL latex-printers: $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && tail -n 40 "$2"
    exit 1
}
command -v pdflatex >/dev/null 2>&1 || fail "pdflatex not found"
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
mkdir -p "$BUILD/tests" || fail "cannot create $BUILD/tests"
mkdir -p "$BUILD/latex"
GEN=$BUILD/latex/printers_gen
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-latex.XXXXXX") || fail "mktemp"
trap 'rm -rf "$TMP"' EXIT INT TERM

# The helper: against the built library when it is there, else the sources directly.
cd "$ROOT" || fail "cd $ROOT"
if [ -f "$BUILD/liblmcost.a" ]; then
    $CC $FLAGS -DHAVE_POLY -Isrc -I"$BUILD" -o "$GEN" tests/latex/printers_gen.c \
        "$BUILD/liblmcost.a" -lgmp -ljansson 2>"$TMP/cc.log" || fail "helper does not compile" "$TMP/cc.log"
else
    $CC $FLAGS -DHAVE_POLY -Isrc -o "$GEN" tests/latex/printers_gen.c src/print/*.c src/poly/*.c \
        src/base/*.c -lgmp 2>"$TMP/cc.log" || fail "helper does not compile" "$TMP/cc.log"
fi
"$GEN" "$TMP/printers.tex" 2>"$TMP/gen.log" || fail "helper failed" "$TMP/gen.log"
cp "$TMP/printers.tex" "$BUILD/latex/printers.tex" 2>/dev/null
(cd "$TMP" && pdflatex -interaction=nonstopmode -halt-on-error printers.tex >pdflatex.out 2>&1) ||
    fail "pdflatex failed (document kept in $BUILD/latex/printers.tex)" "$TMP/printers.log"
# Errors that nonstopmode might survive: missing $, undefined control sequences.
if grep -n '^!' "$TMP/printers.log" >/dev/null; then
    fail "pdflatex reported errors" "$TMP/printers.log"
fi
echo "ok latex-printers"
