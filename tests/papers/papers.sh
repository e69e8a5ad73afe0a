#!/bin/sh
# papers.sh: run papers.py (the published conventions against their papers' formulas).
exec python3 "$(dirname "$0")/papers.py" "${1:-build}"
