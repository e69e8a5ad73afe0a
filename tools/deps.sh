#!/bin/sh
# deps.sh: check the tools that building and testing lmcost needs, and install the
# missing ones with apt-get (Debian/Ubuntu).  `make deps` runs it.
#
# Checked: make, a C compiler, flex, bison, gmp.h (libgmp-dev), jansson.h
# (libjansson-dev, which reads Hugging Face config.json files), pdflatex + amsmath.sty
# (texlive-latex-base), booktabs.sty (texlive-latex-recommended), pgfplots.sty (plots:
# texlive-pictures), pdftoppm and pdftotext (the PDF checks render pages and read their text:
# poppler-utils), jq, valgrind, python3, pkg-config (tests/install/pkgconfig.sh builds the C
# examples with it), clang (for fuzzing), and gcc's ASan/UBSan and
# ThreadSanitizer runtimes (test links with -fsanitize; tests/embed/threads.sh needs the
# second).
#
# Nothing missing: prints nothing, makes no apt call, exits 0.
# Something missing, running as root with apt-get: `apt-get update` once, then
#   `apt-get install -y --no-install-recommends PKG...`, then checks again.
# Otherwise: prints the apt-get command to run and exits 1 (0 with a note if only the
# optional clang is missing).
set -u

CC=${CC:-cc}
missing=""
add() { case " $missing " in *" $1 "*) ;; *) missing="${missing:+$missing }$1" ;; esac; }
have() { command -v "$1" >/dev/null 2>&1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmdeps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

check() {
    missing=""
    if ! have "$CC"; then CC=gcc; fi
    have gcc || have "$CC" || add gcc
    have make || add make
    have flex || add flex
    have bison || add bison
    have jq || add jq
    have valgrind || add valgrind
    have python3 || add python3
    have pkg-config || add pkg-config
    have clang || add clang
    { have pdftoppm && have pdftotext; } || add poppler-utils
    if have pdflatex && have kpsewhich; then
        [ -n "$(kpsewhich amsmath.sty 2>/dev/null)" ] || add texlive-latex-base
        [ -n "$(kpsewhich booktabs.sty 2>/dev/null)" ] || add texlive-latex-recommended
        [ -n "$(kpsewhich pgfplots.sty 2>/dev/null)" ] || add texlive-pictures
    else
        add texlive-latex-base
        add texlive-latex-recommended
        add texlive-pictures
    fi
    if have "$CC"; then
        printf '#include <gmp.h>\nint main(void) { return 0; }\n' > "$tmp/g.c"
        "$CC" -E "$tmp/g.c" >/dev/null 2>&1 || add libgmp-dev
        printf '#include <jansson.h>\nint main(void) { return 0; }\n' > "$tmp/j.c"
        "$CC" -E "$tmp/j.c" >/dev/null 2>&1 || add libjansson-dev
        printf 'int main(void) { return 0; }\n' > "$tmp/s.c"
        if ! "$CC" -fsanitize=address,undefined -o "$tmp/s" "$tmp/s.c" >/dev/null 2>&1 ||
           ! "$CC" -fsanitize=thread -o "$tmp/s" "$tmp/s.c" >/dev/null 2>&1; then
            # the runtimes ship with gcc's libgcc-N-dev (libasan, libubsan, libtsan)
            v=$(gcc -dumpversion 2>/dev/null | cut -d. -f1)
            if [ -n "$v" ]; then add "libgcc-$v-dev"; else add gcc; fi
        fi
    fi
}

check
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" -ne 0 ] || ! have apt-get; then
    if [ "$missing" = clang ]; then
        # clang is only for the fuzz harnesses: building and testing work without it
        echo "deps: note: clang is missing (needed only by 'make fuzz'): $cmd" >&2
        exit 0
    fi
    echo "deps: missing packages: $missing" >&2
    echo "deps: install them as root with:" >&2
    echo "  $cmd" >&2
    exit 1
fi

echo "deps: installing $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null >/dev/null || { echo "deps: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing </dev/null >/dev/null ||
    { echo "deps: failed: $cmd" >&2; exit 1; }

check
if [ -n "$missing" ]; then
    echo "deps: still missing after install: $missing" >&2
    exit 1
fi
exit 0
