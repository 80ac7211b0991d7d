#!/usr/bin/env bash
# How long cutoverd's control API takes to answer while a large release installs from a feed
# (not part of ctest). A release of SIZE_MB of incompressible data in a plain tar is published
# in a signed feed on a local nginx; a cutoverd on a fresh data directory gets a service and
# the feed, and while it downloads, verifies, unpacks and syncs the release,
# GET /api/v1/services is asked every 20 ms (curl, bearer token). Answer times before the
# install (idle) and during it are reported: median, 95th percentile, maximum.
# MODE=path installs the same tar from its path instead (`cutoverctl install`, a job on
# cutoverd's worker), without nginx or a feed.
# Usage: tests/bench/pipeline/api_latency.sh
#   env: MODE=feed|path SIZE_MB=1024 PORT=18281 BUILD_DIR=<dir with app/daemon/cutoverd, app/ctl/cutoverctl>
#        WORK_PARENT=/var/tmp (must be a disk, not tmpfs)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
MODE="${MODE:-feed}"
SIZE_MB="${SIZE_MB:-1024}"
PORT="${PORT:-18281}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
WORK_PARENT="${WORK_PARENT:-/var/tmp}"
CUTOVERD="$BUILD_DIR/app/daemon/cutoverd"
CTL="$BUILD_DIR/app/ctl/cutoverctl"
for tool in "$CUTOVERD" "$CTL"; do
    [[ -x $tool ]] || { echo "$tool is not built (cmake --build $BUILD_DIR)" >&2; exit 2; }
done
[[ $MODE == path ]] || command -v nginx >/dev/null ||
    { echo "nginx is needed (apt-get install nginx-light)" >&2; exit 2; }

WORK="$(mktemp -d "$WORK_PARENT/cutover-bench-latency.XXXXXX")"
NGINX_PID="" DAEMON_PID=""
cleanup() {
    [[ -n $DAEMON_PID ]] && kill "$DAEMON_PID" 2>/dev/null
    [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "generating a release of $SIZE_MB MiB of random data (plain tar)"
SRC="$WORK/src/big-2.0.0"
mkdir -p "$SRC/bin" "$SRC/data" "$WORK/www" "$WORK/keys"
printf '{"command": "bin/run", "readiness": {"kind": "none"}}\n' >"$SRC/cutover-release.json"
printf '#!/bin/sh\nexec sleep infinity\n' >"$SRC/bin/run"
chmod 755 "$SRC/bin/run"
for i in $(seq -w 1 $((SIZE_MB / 64))); do head -c $((64 << 20)) /dev/urandom >"$SRC/data/blob-$i"; done
tar -cf "$WORK/big-2.0.0.tar" -C "$WORK/src" big-2.0.0
rm -rf "$WORK/src"

if [[ $MODE == feed ]]; then
    echo secret >"$WORK/keys/password"
    "$CTL" keygen -p "$WORK/keys/pub" -s "$WORK/keys/sec" --password-file "$WORK/keys/password" >/dev/null
    "$CTL" publish "$WORK/www" --service big --version 2.0.0 --archive "$WORK/big-2.0.0.tar" \
        -s "$WORK/keys/sec" --password-file "$WORK/keys/password" >/dev/null
    rm -f "$WORK/big-2.0.0.tar"
    PUBKEY="$(grep -v '^untrusted' "$WORK/keys/pub" | head -1)"
    chmod -R a+rX "$WORK"

    FEED="http://127.0.0.1:$PORT/manifest.json"
    # shellcheck source=nginx.sh
    source "$HERE/nginx.sh"
    start_nginx "$WORK" "$WORK/www" "$PORT" "$FEED"
fi

DATA="$WORK/data"
mkdir -p "$DATA"
"$CUTOVERD" --data-dir "$DATA" --api-port 0 >"$WORK/cutoverd.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 200); do [[ -s $DATA/cutoverd.json ]] && break; sleep 0.05; done
API_PORT="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api"]["port"])' "$DATA/cutoverd.json")"
TOKEN="$(cat "$DATA/api-token")"
ask() { # prints the answer time of one GET /api/v1/services in ms
    curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -w '%{time_total}\n' \
        "http://127.0.0.1:$API_PORT/api/v1/services" | awk '{ printf "%.1f\n", $1 * 1000 }'
}
stats() { # label file
    sort -g "$2" | awk -v label="$1" '{ v[NR] = $1 } END {
        if (NR == 0) { printf "%-8s no answers\n", label; exit }
        p95 = v[int(NR * 0.95) > 0 ? int(NR * 0.95) : 1]
        printf "%-8s %5d answers   median %7.1f ms   p95 %7.1f ms   max %7.1f ms\n",
            label, NR, v[int((NR + 1) / 2)], p95, v[NR] }'
}

"$CTL" --data-dir "$DATA" register big --address "127.0.0.1:$((PORT + 1))" --policy manual >/dev/null
for _ in $(seq 50); do ask >>"$WORK/idle"; sleep 0.02; done

START="$(date +%s.%N)"
if [[ $MODE == feed ]]; then
    echo "cutoverd installs big 2.0.0 from $FEED; asking the API every 20 ms"
    "$CTL" --data-dir "$DATA" feed add big "$FEED" --key "$PUBKEY" --interval 3600 >/dev/null
else
    echo "cutoverd installs big 2.0.0 from $WORK/big-2.0.0.tar; asking the API every 20 ms"
    "$CTL" --data-dir "$DATA" install big 2.0.0 "$WORK/big-2.0.0.tar" >"$WORK/install.out" &
    INSTALL_PID=$!
fi
while ! "$CTL" --data-dir "$DATA" --json releases big 2>/dev/null | grep -q '"2.0.0"'; do
    ask >>"$WORK/busy"
    sleep 0.02
    if ! kill -0 "$DAEMON_PID" 2>/dev/null; then echo "cutoverd exited" >&2; exit 1; fi
    if (($(date +%s) - ${START%.*} > 900)); then echo "not installed after 15 min" >&2; exit 1; fi
done
END="$(date +%s.%N)"
if [[ $MODE == feed ]]; then
    "$CTL" --data-dir "$DATA" feeds | tail -n +2 | awk '{ $1 = $1; print "feed: " $0 }' | cut -c1-160
else
    wait "$INSTALL_PID" && cat "$WORK/install.out"
fi
awk -v s="$START" -v e="$END" -v mb="$SIZE_MB" -v mode="$MODE" 'BEGIN {
    printf "installed %d MiB in %.2f s (%s: asked to release listed), %d CPUs, load %s\n", mb, e - s, mode,
        '"$(nproc)"', "'"$(cut -d' ' -f1-3 /proc/loadavg)"'" }'
stats idle "$WORK/idle"
stats install "$WORK/busy"
