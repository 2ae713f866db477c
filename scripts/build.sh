#!/usr/bin/env bash
# Quiet swift build: `scripts/build.sh [swift build arguments]` keeps the compiler's output in
# .build/logs/build.log and prints one line, or on failure the errors and where the log is.
# VERBOSE=1 shows everything as it happens.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -n "${VERBOSE:-}" ]; then exec swift build "$@"; fi
mkdir -p .build/logs
log=.build/logs/build.log
echo "build: swift build $* (full output: $log)" >&2
if swift build "$@" >"$log" 2>&1; then
    compiled=$(grep -c '^\[[0-9]*/[0-9]*\] Compiling' "$log" || true)
    warnings=$(grep -c ': warning: ' "$log" || true)
    echo "build: ok ($compiled compiled, $warnings warnings)" >&2
else
    status=$?
    grep -E ': error: |error:' "$log" | head -30 >&2
    echo "build: FAILED; last lines of $log:" >&2
    tail -15 "$log" >&2
    exit $status
fi
