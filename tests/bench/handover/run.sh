#!/usr/bin/env bash
# cutoverd hand-over benchmark (issue 18; not part of ctest). Runs the ctest case
# test_daemon_handover httpHandoversUnderLoad with HANDOVERS hand-overs instead of 10: kvdemo
# behind its bridge in http mode on loopback, a keep-alive client, a client opening one
# connection per request (~200/s) and a control-API client opening one connection per request
# (~100/s), none of which retries; a new cutoverd is started on the data directory
# HANDOVERS times in a row, each taking over from the previous one.
# Prints the FIGURES line: requests answered, refused connections and failed requests (the
# test fails unless both are 0), the time a fresh connection took from connect to the end of
# its answer (p50, p99, max over the whole run, so including every hand-over's gap), the
# take-over time (successor started -> it serves the API with its pid; p50, max) and the
# hand-over time (-> the old process has drained and exited; p50, max).
# Usage: tests/bench/handover/run.sh
#   env: HANDOVERS=100 BUILD_DIR=<dir> (default: build, as configured by the brief)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
HANDOVERS="${HANDOVERS:-100}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

cmake --build "$BUILD_DIR" --target test_daemon_handover >/dev/null
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! CUTOVER_HANDOVERS="$HANDOVERS" \
    "$BUILD_DIR/tests/integration/handover/test_daemon_handover" httpHandoversUnderLoad \
    >"$log" 2>&1; then
    grep -E 'FAIL|Loc:|FIGURES' "$log" || tail -40 "$log"
    echo "hand-over benchmark FAILED" >&2
    exit 1
fi
grep -o 'FIGURES.*' "$log" | tr ' ' '\n'
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
