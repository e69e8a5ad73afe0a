#!/bin/sh
# formulas.sh: every printed symbolic formula gives the printed number (see formulas.py).
exec python3 "$(dirname "$0")/formulas.py" "${1:-build}"
