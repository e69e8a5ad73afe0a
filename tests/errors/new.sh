# new.sh: record a bad-input case (a helper, not a check: not executable).
# Usage, from the repository root after `make`:
#   sh tests/errors/new.sh [-f] NAME 'CMD'     e.g.
#   sh tests/errors/new.sh calc-unknown-fn '$LMCOST calc "sqrt(2)"'
# Put tests/errors/NAME/input.lm in place first when CMD reads it. Writes cmd, err and
# status; refuses a command that succeeds or prints to stdout. Then READ the recorded
# err: it becomes the specification.
force=0
[ "$1" = -f ] && force=1 && shift
name=$1 cmd=$2
[ -n "$name" ] && [ -n "$cmd" ] || { echo "usage: sh tests/errors/new.sh [-f] NAME 'CMD'" >&2; exit 2; }
dir=tests/errors/$name
if [ -f "$dir/cmd" ] && [ $force = 0 ]; then
    echo "$dir exists (use -f to re-record)" >&2
    exit 2
fi
mkdir -p "$dir"
printf '%s\n' "$cmd" >"$dir/cmd"
LMCOST=$(pwd)/build/lmcost LC_ALL=C sh "$dir/cmd" </dev/null >"$dir/.out" 2>"$dir/err"
rc=$?
if [ -s "$dir/.out" ] || [ $rc = 0 ]; then
    echo "$name: the command printed to stdout or succeeded (status $rc): not recorded" >&2
    cat "$dir/.out" >&2
    rm -f "$dir/.out" "$dir/cmd" "$dir/err"
    exit 1
fi
rm -f "$dir/.out"
echo "$rc" >"$dir/status"
echo "== $name (status $rc)"
cat "$dir/err"
