#!/bin/sh
# asan: no (see tests/run.sh: Jupyter's kernel is a process of its own)
# notebook.sh: examples/notebook/seed.ipynb runs headless (jupyter nbconvert --execute)
# against BUILD's liblmcost.so; a cell that fails (its asserts hold the key figures) fails it.
# Usage: tests/python/notebook.sh BUILD
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
if ! command -v jupyter >/dev/null 2>&1 || ! jupyter nbconvert --version >/dev/null 2>&1; then
    echo "FAIL notebook: jupyter nbconvert is missing (make deps: jupyter-nbconvert, python3-ipykernel)"
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lmcost-nb.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
PYTHONPATH=$PWD/python LMCOST_LIBRARY=$PWD/$BUILD/liblmcost.so PYDEVD_DISABLE_FILE_VALIDATION=1 \
    JUPYTER_PLATFORM_DIRS=1 PYTHONDONTWRITEBYTECODE=1 \
    jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=120 \
    --output-dir "$tmp" examples/notebook/seed.ipynb >"$tmp/log" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/seed.ipynb" ]; then
    echo "ok notebook: examples/notebook/seed.ipynb runs, every cell's asserts hold"
else
    echo "FAIL notebook: jupyter nbconvert --execute examples/notebook/seed.ipynb (status $rc)"
    grep -v '^\(0.00s\|\[NbConvertApp\]\)' "$tmp/log" | sed 's/\x1b\[[0-9;]*m//g' | tail -25 |
        sed 's/^/    | /'
    exit 1
fi
