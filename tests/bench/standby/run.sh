#!/usr/bin/env bash
# Failover benchmark (issue 19 item 1; not part of ctest). Runs the ctest case
# test_standby_failover killedActiveUnderHttpLoadLosesNoRequest with KILLS kills instead of 3:
# kvdemo 1.1.0 active and 1.0.0 as the warm standby behind the bridge in http mode on loopback,
# 4 keep-alive clients sending GETs none of which is ever sent twice; the active instance is
# SIGKILLed KILLS times, each time waiting for the supervisor's restart and the failback.
# Prints the FIGURES line: kills, requests answered, failed requests (the test fails unless 0)
# and the gap from the kill to the first request (on a new connection) answered by the
# standby: p50, p99, max.
# Usage: tests/bench/standby/run.sh
#   env: KILLS=20 BUILD_DIR=<dir> (default: build, as configured by the brief)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
KILLS="${KILLS:-20}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

cmake --build "$BUILD_DIR" --target test_standby_failover >/dev/null
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! CUTOVER_FAILOVER_KILLS="$KILLS" \
    "$BUILD_DIR/tests/integration/daemon/test_standby_failover" \
    killedActiveUnderHttpLoadLosesNoRequest >"$log" 2>&1; then
    grep -E 'FAIL|Loc:|FIGURES' "$log" || tail -40 "$log"
    echo "failover benchmark FAILED" >&2
    exit 1
fi
grep -o 'FIGURES.*' "$log" | tr ' ' '\n'
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
