#!/usr/bin/env bash
# The lossless handoff's hold (docs/state-handoff.md), against the pause of a restart
# switchover of the same state (not part of ctest). For each size in KEYS: cutoverd on a
# private data directory, kvdemo started on a generated state of that many keys, writers
# (kvdemo-load --writes, no retries) changing keys all along, then SWITCHES hot switchovers
# alternating 1.0.0 <-> 1.1.0, then the service's strategy set to restart and SWITCHES restart
# switchovers. Per size and strategy it prints p50, p99 and max of:
#   hot:     details.handoff.hold_ms of each run (bridge paused -> resumed: new connections wait)
#   restart: stop-old started -> activate finished (bridge paused -> resumed)
# and the writers' acknowledged writes that the final read-back does not find (must be 0).
# Usage: tests/bench/switchover/hold.sh
#   env: KEYS="10000 1000000" SWITCHES=20 PORT=18290 BUILD_DIR=<dir> SKIP_BUILD=0 KEEP_WORK=0
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
KEYS="${KEYS:-10000 1000000}"
SWITCHES="${SWITCHES:-20}"
PORT="${PORT:-18290}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
SERVICE=kvdemo

command -v jq >/dev/null || apt-get install -y jq >/dev/null
# shellcheck source=build.sh
source "$HERE/build.sh"

WORK="$(mktemp -d /tmp/cutover-bench-hold.XXXXXX)"
DAEMON_PID=""
WRITER_PID=""
DATA=""
ctl() { "$CUTOVERCTL" --data-dir "$DATA" "$@"; }

stop_all() {
    [[ -n $WRITER_PID ]] && kill "$WRITER_PID" 2>/dev/null && wait "$WRITER_PID" 2>/dev/null
    WRITER_PID=""
    if [[ -n $DAEMON_PID ]] && kill -0 "$DAEMON_PID" 2>/dev/null; then
        timeout 120 "$CUTOVERCTL" --data-dir "$DATA" stop "$SERVICE" >/dev/null 2>&1 || true
        kill "$DAEMON_PID" 2>/dev/null
        wait "$DAEMON_PID" 2>/dev/null || true
    fi
    DAEMON_PID=""
}
cleanup() {
    set +e
    stop_all
    if [[ $KEEP_WORK == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() {
    echo "error: $*" >&2
    [[ -n $DATA && -f $DATA/../cutoverd.log ]] && tail -20 "$DATA/../cutoverd.log" >&2
    exit 1
}

# p50 p99 max of the numbers on stdin (nearest rank)
stats() {
    sort -n | awk '{v[NR] = $1} END {
        if (NR == 0) { print "n/a n/a n/a"; exit }
        p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1];
        printf "%d %d %d\n", p50, p99, v[NR] }'
}

# A kvdemo snapshot of $1 keys, as the legacy shared state directory holds it.
make_state() { # keys file
    python3 - "$1" "$2" <<'PY'
import base64, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('{"format":"kvdemo-state","format_version":1,"count":%d,"entries":[' % n)
    for i in range(n):
        v = base64.b64encode(("value-%d-" % i).ljust(32, "x").encode()).decode()
        f.write('%s\n["seed-%d","%s"]' % ("," if i else "", i, v))
    f.write("\n]}\n")
PY
}

switch_series() { # strategy count -> prints one figure (ms) per run to stdout
    local strategy=$1 count=$2 current target run
    current="$(ctl --json status "$SERVICE" | jq -r .active_version)"
    for _ in $(seq "$count"); do
        target=1.1.0
        [[ $current == 1.1.0 ]] && target=1.0.0
        ctl upgrade "$SERVICE" "$target" --strategy "$strategy" --force >>"$WORK/upgrades.log" 2>&1 ||
            die "$strategy switchover to $target failed (see $WORK/upgrades.log)"
        current=$target
        run="$(ctl --json runs --service "$SERVICE" --limit 1 | jq '.[0].id')"
        if [[ $strategy == hot ]]; then
            ctl --json run "$run" | jq '.details.handoff.hold_ms'
        else
            # The bridge is paused from stop-old until activate: the sum of those steps.
            ctl --json run "$run" | jq '[.steps[] | select(.name == "stop-old" or
                .name == "start-new" or .name == "wait-ready" or .name == "activate")
                | .duration_ms] | add'
        fi
    done
}

echo "hold of the lossless handoff vs the pause of restart; $SWITCHES switchovers per row;" \
    "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s | %-8s | %8s %8s %8s | %s\n' keys strategy p50_ms p99_ms max_ms "acknowledged writes lost"
for keys in $KEYS; do
    DATA="$WORK/data-$keys"
    mkdir -p "$DATA/state/$SERVICE"
    make_state "$keys" "$DATA/state/$SERVICE/kvdemo-state.json"
    "$CUTOVERD" --data-dir "$DATA" --api-port 0 >"$WORK/cutoverd-$keys.log" 2>&1 &
    DAEMON_PID=$!
    for _ in $(seq 100); do
        [[ -f $DATA/cutoverd.json ]] && ctl status >/dev/null 2>&1 && break
        sleep 0.1
    done
    ctl register "$SERVICE" --address "127.0.0.1:$PORT" --strategy hot \
        --setting drain_timeout_ms=1000 --setting bake_ms=200 --setting checkpoint_timeout_ms=60000 \
        --setting handoff_timeout_ms=60000 --setting readiness_timeout_ms=120000 >/dev/null ||
        die "register (port $PORT busy?)"
    ctl install "$SERVICE" 1.0.0 "$RELEASES/kvdemo-1.0.0.tar.gz" >/dev/null
    ctl start "$SERVICE" >/dev/null
    ctl install "$SERVICE" 1.1.0 "$RELEASES/kvdemo-1.1.0.tar.gz" >/dev/null
    for _ in $(seq 600); do
        [[ "$(ctl --json status "$SERVICE" | jq -r .state)" == running ]] && break
        sleep 0.2
    done
    "$RELEASES/kvdemo-load" "127.0.0.1:$PORT" --clients 2 --duration-ms 0 --writes w \
        --write-log "$WORK/writes-$keys.log" --no-retry --interval-ms 1 --timeout-ms 60000 \
        >"$WORK/writer-$keys.json" 2>&1 &
    WRITER_PID=$!
    read -r hp50 hp99 hmax < <(switch_series hot "$SWITCHES" | stats)
    read -r rp50 rp99 rmax < <(switch_series restart "$SWITCHES" | stats)
    kill "$WRITER_PID"; wait "$WRITER_PID" 2>/dev/null || true; WRITER_PID=""
    # Every acknowledged key, read back through the bridge (the service is on 1.0.0 or 1.1.0).
    lost=0
    while read -r op key; do
        case $op in
        P) code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/kv/$key")
           [[ $code == 200 ]] || lost=$((lost + 1)) ;;
        esac
    done < <(awk '$1 == "P" {k[$2] = 1} $1 == "D" || $1 == "U" {delete k[$2]} END {for (x in k) print "P", x}' \
        "$WORK/writes-$keys.log" | head -2000)
    printf '%-9s | %-8s | %8s %8s %8s | %s\n' "$keys" hot "$hp50" "$hp99" "$hmax" "$lost (of up to 2000 checked)"
    printf '%-9s | %-8s | %8s %8s %8s |\n' "$keys" restart "$rp50" "$rp99" "$rmax"
    stop_all
done
