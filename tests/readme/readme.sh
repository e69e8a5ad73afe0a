#!/bin/sh
# readme.sh: the README's command examples are real output (see readme.py).
exec python3 "$(dirname "$0")/readme.py" "${1:-build}"
