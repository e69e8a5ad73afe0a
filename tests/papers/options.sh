#!/bin/sh
# options.sh: run options.py (every convention under every option value and combination).
exec python3 "$(dirname "$0")/options.py" "${1:-build}"
