#!/bin/sh
# layers.sh: the folders of src/ depend one way (README, "Modules"):
#   base <- {poly, lang} <- print <- sem <- rows <- api <- cli
# A folder may use its own files and the folders before it, never one after it; poly and
# lang never use each other; include/lmcost.h belongs to api (src/api*.c and cli may
# include it), and so does src/api_impl.h, the private header of src/api*.c.
# Two checks: the `#include "..."` lines of src/, grammar/ (lang) and include/; and the
# symbols each object of BUILD uses (nm), which also orders the files of src/sem:
#   {env, hftab} <- {instance, elab, hf} <- query
# Usage: tests/layers/layers.sh BUILD
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$ROOT" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-layers.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
ORDER="base poly lang print sem rows api cli"

# The rank of a folder (poly and lang share one); "" when it is not a stage.
rank() {
    case $1 in
    base) echo 0 ;; poly|lang) echo 1 ;; print) echo 2 ;; sem) echo 3 ;; rows) echo 4 ;;
    api) echo 5 ;; cli) echo 6 ;; *) echo "" ;;
    esac
}
# may FROM TO: may a file of folder FROM use folder TO?
may() {
    [ "$1" = "$2" ] && return 0
    rf=$(rank "$1") rt=$(rank "$2")
    [ -n "$rf" ] && [ -n "$rt" ] && [ "$rt" -lt "$rf" ]
}
# The folder (stage) of a source file.
folder() {
    case $1 in
    src/api*.c|src/api*.h|include/*) echo api ;;
    grammar/*) echo lang ;;
    src/*/*) f=${1#src/}; echo "${f%%/*}" ;;
    *) echo "" ;;
    esac
}

# ---- 1. #include "..." lines --------------------------------------------------------------
status=0
n=0
: >"$tmp/bad"
for file in src/*.c src/*.h src/*/*.c src/*/*.h grammar/*.l grammar/*.y include/*.h; do
    [ -f "$file" ] || continue
    from=$(folder "$file")
    [ -n "$from" ] || continue
    sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$file" >"$tmp/inc"
    while read -r inc; do
        n=$((n + 1))
        case $inc in
        */*) to=${inc%%/*}
             if [ ! -f "src/$inc" ]; then
                 echo "$file: \"$inc\": no such file src/$inc" >>"$tmp/bad"
                 continue
             fi ;;
        parser.h|lexer.h) to=lang ;; # generated from grammar/ into the build directory
        lmcost.h|api_impl.h) to=api ;;
        *) # a file of the same folder, named without it
           if [ "$from" != api ] && [ -f "src/$from/$inc" ]; then to=$from
           else echo "$file: \"$inc\": name its folder (\"base/$inc\")" >>"$tmp/bad"; continue
           fi ;;
        esac
        if [ "$file" = include/lmcost.h ]; then
            echo "$file: the public header includes \"$inc\"" >>"$tmp/bad"
        elif [ -z "$(rank "$to")" ]; then
            echo "$file: \"$inc\": $to is not a stage ($ORDER)" >>"$tmp/bad"
        elif ! may "$from" "$to"; then
            echo "$file: includes \"$inc\": $from may not use $to" >>"$tmp/bad"
        fi
    done <"$tmp/inc"
done
if [ "$n" -eq 0 ]; then
    echo "FAIL layers: no #include lines found"
    status=1
elif [ -s "$tmp/bad" ]; then
    echo "FAIL layers: $(wc -l <"$tmp/bad") #include lines go against the layers"
    sed 's/^/  /' "$tmp/bad"
    status=1
else
    echo "ok layers: $n #include lines follow base <- {poly, lang} <- print <- sem <- rows" \
         "<- api <- cli"
fi

# ---- 2. symbols: which object uses which ---------------------------------------------------
# The stage of an object, and for src/sem its level: env and hftab 0, the elaborator
# (instance, elab, with and resolve, which call each other as formulas nest, and hf) 1,
# query 2.
# Symbols from outside (libc, GMP) are defined by no object and drop out of the join.
# Only the objects of today's layout: a build directory may still hold objects of files
# that have since moved or gone.
objs=$(ls "$BUILD"/obj/api*.o "$BUILD"/obj/parser.o "$BUILD"/obj/lexer.o \
    "$BUILD"/obj/embedded.o "$BUILD"/obj/*/*.o 2>/dev/null)
if [ -z "$objs" ]; then
    echo "FAIL layers: no objects in $BUILD/obj (build first)"
    exit 1
fi
# shellcheck disable=SC2086
nm -A --defined-only $objs 2>/dev/null | awk 'NF >= 3 && $2 ~ /^[A-Z]$/ {
    f = $1; sub(/:[0-9a-f]*$/, "", f); print $3, f }' | sort -u >"$tmp/defs"
# shellcheck disable=SC2086
nm -A -u $objs 2>/dev/null | awk '{ f = $1; sub(/:$/, "", f); print $NF, f }' | sort -u \
    >"$tmp/uses"
: >"$tmp/bad"
join "$tmp/uses" "$tmp/defs" | sed "s| $BUILD/obj/| |g" >"$tmp/edges" # symbol user definer
awk -v bad="$tmp/bad" '
function stage(f) {
    if (f ~ /^api[^\/]*\.o$/) return "api"
    if (f == "parser.o" || f == "lexer.o") return "lang"
    if (f == "embedded.o") return "lib" # the embedded .lm texts: data that sem reads
    return f ~ /\// ? substr(f, 1, index(f, "/") - 1) : ""
}
function rank(s) {
    if (s == "base") return 0
    if (s == "poly" || s == "lang") return 1
    if (s == "print") return 2
    if (s == "sem") return 3
    if (s == "rows") return 4
    if (s == "api") return 5
    if (s == "cli") return 6
    return -1
}
function level(f) {
    if (f == "sem/env.o" || f == "sem/names.o" || f == "sem/hftab.o") return 0
    if (f == "sem/instance.o" || f == "sem/elab.o" || f == "sem/with.o" || f == "sem/hf.o" ||
        f == "sem/resolve.o")
        return 1
    if (f == "sem/query.o") return 2
    return -1
}
$2 != $3 {
    m++
    su = stage($2); sd = stage($3)
    if (sd == "lib" || su == sd && su != "sem")
        next
    where = $2 " uses " $1 " of " $3 ": "
    if (su != sd && (rank(su) < 0 || rank(sd) < 0 || rank(sd) >= rank(su)))
        print where su " may not use " sd > bad
    else if (su != "sem" || sd != "sem")
        next
    else if (level($2) < 0 || level($3) < 0)
        print where "place the file in the order of src/sem in tests/layers/layers.sh" > bad
    else if (level($3) > level($2))
        print where "in src/sem, {env, hftab} <- {instance, elab, with, hf} <- query" > bad
}
END { print m + 0 }' "$tmp/edges" >"$tmp/m"
m=$(cat "$tmp/m")
if [ "$m" -eq 0 ]; then
    echo "FAIL layers: nm found no symbol that one object uses from another"
    status=1
elif [ -s "$tmp/bad" ]; then
    echo "FAIL layers: $(wc -l <"$tmp/bad") uses of symbols go against the layers"
    sed 's/^/  /' "$tmp/bad"
    status=1
else
    echo "ok layers: $m uses of symbols across the objects of $BUILD follow the layers" \
         "(in src/sem: {env, hftab} <- {instance, elab, with, hf} <- query)"
fi
exit $status
