#!/bin/sh
# request.sh: run request.py (a request's decode time in closed form against its steps).
exec python3 "$(dirname "$0")/request.py" "${1:-build}"
