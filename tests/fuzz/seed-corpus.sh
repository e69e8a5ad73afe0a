#!/bin/sh
# seed-corpus.sh: (re)make the seed corpus tests/fuzz/corpus/NAME/ of each harness from
# the built-in library, the examples, the golden tests' command lines and the bad-input
# corpus. Run from the repository root: sh tests/fuzz/seed-corpus.sh
# (a helper, not a check: it is deliberately not executable)
set -e
C=tests/fuzz/corpus
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-corpus.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
rm -rf "$C"
mkdir -p "$C/fuzz_file" "$C/fuzz_expr" "$C/fuzz_setting"

# put NAME: stdin becomes one corpus file, named by its SHA-1 (as libFuzzer names them)
put() {
    cat >"$TMP/x"
    cp "$TMP/x" "$C/$1/$(sha1sum "$TMP/x" | cut -c1-40)"
}

# .lm files: the library, the examples, the bad-input cases
for f in src/lib/*.lm examples/*.lm tests/errors/*/input.lm; do
    [ -f "$f" ] && put fuzz_file <"$f"
done

# expressions: calc arguments of the golden and error cases, and every formula of the
# library and the examples (the right-hand side of a definition or a default)
for f in tests/golden/*/cmd tests/errors/*/cmd; do
    [ -f "$f" ] || continue
    sed -n 's/.*calc "\([^"]*\)".*/\1/p; s/.*calc '"'"'\([^'"'"']*\)'"'"'.*/\1/p' "$f"
done >"$TMP/exprs"
for f in src/lib/*.lm examples/*.lm; do
    sed -n 's/^[ \t]*\(symbol \)\{0,1\}[A-Za-z_][A-Za-z0-9_.]*[^=]*= *\(.*\)$/\2/p' "$f" |
        sed 's/ *"[^"]*" *$//'
done >>"$TMP/exprs"
sort -u "$TMP/exprs" | while IFS= read -r e; do
    [ -n "$e" ] && printf '%s' "$e" | put fuzz_expr
done

# settings and quantities: the -s arguments and --le/--ge bounds of the golden cases
for f in tests/golden/*/cmd tests/errors/*/cmd; do
    [ -f "$f" ] || continue
    tr ' ' '\n' <"$f" | sed -n '/^-s$/{n;p}' | tr -d '"'"'"
done | sort -u >"$TMP/sets"
for f in tests/golden/*/cmd tests/errors/*/cmd; do
    [ -f "$f" ] || continue
    sed -n 's/.*--[lg]e "\([^"]*\)".*/\1/p; s/.*--[lg]e '"'"'\([^'"'"']*\)'"'"'.*/\1/p' "$f"
done | sort -u >"$TMP/bounds"
echo "80 GB" >>"$TMP/bounds"
while IFS= read -r b; do
    printf '%s' "$b" | put fuzz_setting
    while IFS= read -r s; do
        printf '%s\n%s' "$s" "$b" | put fuzz_setting
    done <"$TMP/sets"
done <"$TMP/bounds"
printf 'dtype=bf16\n-k batch_size\n80 GiB' | put fuzz_setting
printf 'num_heads=0\n1 TB' | put fuzz_setting
printf 'peak_flops=19.5 TFLOP/s\nmfu=0.5\nsteps=400000\nbatch_size=1024\n3 day' | put fuzz_setting
for d in file expr setting; do
    echo "fuzz_$d: $(ls "$C/fuzz_$d" | wc -l) files"
done
