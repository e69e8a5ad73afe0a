#!/bin/sh
# shares.sh: run shares.py (the notebook's tables, row by row and share by share).
exec python3 "$(dirname "$0")/shares.py" "${1:-build}"
