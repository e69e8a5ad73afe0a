#!/bin/sh
# parallel.sh: run parallel.py (training at scale against the papers' worked examples).
exec python3 "$(dirname "$0")/parallel.py" "${1:-build}"
