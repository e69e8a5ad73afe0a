#!/bin/sh
# serving.sh: run serving.py (inference against the published examples).
exec python3 "$(dirname "$0")/serving.py" "${1:-build}"
