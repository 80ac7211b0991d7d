#!/usr/bin/env bash
# The demo behind `packaging/dev.sh run`. A data server (python3's http.server on loopback)
# serves a signed kvdemo feed; cutoverd is told only the feed's URL and public key. It finds
# kvdemo 1.0.0, verifies, installs and starts it behind its bridge while a small load runs;
# 15 s later 1.1.0 is published to the feed and cutoverd switches over hot by itself.
#
# What shows it (CUTOVER_DEMO_UI):
#   auto     (default) the console when it is built and a display is available ($DISPLAY or
#            $WAYLAND_DISPLAY), else the terminal
#   console  the console (`cutover`) on the Switchover tab; closing it ends the demo
#   watch    the terminal: `cutoverctl watch` prints each step; Ctrl-C ends the demo
#   none     nothing: the demo runs until it gets SIGINT/SIGTERM (docs/screenshots/make.sh)
# Other knobs: CUTOVER_DEMO_DATA, CUTOVER_DEMO_FEED, CUTOVER_DEMO_API_PORT,
# CUTOVER_DEMO_FEED_PORT, CUTOVER_DEMO_ADDRESS, CUTOVER_DEMO_DELAY (seconds before 1.1.0),
# CUTOVER_DEMO_PROTOCOL (the bridge's mode: tcp, the default, or http, where every request is
# routed on its own and the chart counts requests per release).
set -euo pipefail
build=$(cd "${1:?usage: run-demo.sh BUILD_DIR}" && pwd)
data=${CUTOVER_DEMO_DATA:-$build/demo-data}
feed=${CUTOVER_DEMO_FEED:-$build/demo-feed}
api_port=${CUTOVER_DEMO_API_PORT:-7480}
feed_port=${CUTOVER_DEMO_FEED_PORT:-7490}
public=${CUTOVER_DEMO_ADDRESS:-127.0.0.1:7070}
delay=${CUTOVER_DEMO_DELAY:-15}
ui=${CUTOVER_DEMO_UI:-auto}
protocol=${CUTOVER_DEMO_PROTOCOL:-tcp}
kv=$build/examples/kvdemo
console=$build/app/console/cutover
ctl=("$build/app/ctl/cutoverctl" --data-dir "$data")

if [[ $ui == auto ]]; then
    ui=watch
    if [[ -x $console && -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
        ui=console
    fi
fi
case "$ui" in
console | watch | none) ;;
*)
    echo "run-demo.sh: CUTOVER_DEMO_UI must be auto, console, watch or none, not '$ui'" >&2
    exit 2
    ;;
esac
if [[ $ui == console && ! -x $console ]]; then
    echo "run-demo.sh: $console is not built (configure with -DCUTOVER_BUILD_GUI=ON)" >&2
    exit 2
fi

rm -rf "$data" "$feed"
mkdir -p "$data" "$feed"
cleanup() {
    # Whatever already ended, the rest must still be stopped: no errexit in here.
    set +e
    for pid in ${publisher:-} ${load:-} ${load2:-}; do
        kill "$pid" 2>/dev/null
    done
    # Instances outlive cutoverd by design; the demo leaves nothing running behind it.
    "${ctl[@]}" stop kvdemo >/dev/null 2>&1
    for pid in ${daemon:-} ${server:-}; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The publisher's side: a key pair and the first release in the feed.
"${ctl[@]}" keygen -p "$feed/../demo-feed.pub" -s "$feed/../demo-feed.key" --force >/dev/null
"${ctl[@]}" publish "$feed" --service kvdemo --version 1.0.0 --archive "$kv/kvdemo-1.0.0.tar.gz" \
    -s "$feed/../demo-feed.key"
python3 -m http.server "$feed_port" --bind 127.0.0.1 --directory "$feed" >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$feed_port/manifest.json" && break
    sleep 0.1
done

# Its own session: Ctrl-C reaches the whole foreground process group, and cutoverd must
# still be there when the cleanup asks it to stop kvdemo.
setsid "$build/app/daemon/cutoverd" --data-dir "$data" --api-port "$api_port" &
daemon=$!
for _ in $(seq 100); do
    "${ctl[@]}" status >/dev/null 2>&1 && break
    sleep 0.1
done

# The operator's side: a service, its feed, nothing else. Keep-alive clients stay on the old
# instance until they close or the drain times out: 5 s here (the default is 30 s).
"${ctl[@]}" register kvdemo --address "$public" --strategy hot --policy auto \
    --setting drain_timeout_ms=5000 --setting bake_ms=3000 --setting protocol="$protocol"
"${ctl[@]}" feed add kvdemo "http://127.0.0.1:$feed_port/manifest.json" \
    --key "$(tail -n 1 "$feed/../demo-feed.pub")" --interval 5 >/dev/null
echo "waiting for cutoverd to fetch, verify, install and start kvdemo 1.0.0 from the feed..."
for _ in $(seq 300); do
    "${ctl[@]}" --json status kvdemo 2>/dev/null | grep -q '"active_version": "1.0.0"' && break
    sleep 0.1
done
"${ctl[@]}" status
"${ctl[@]}" feeds

# The load runs throughout, so that the switchover has connections to move and the
# console's chart has requests to count: keep-alive clients stay on the old instance until
# the drain ends, clients that connect per request move to the new one at the switch.
"$kv/kvdemo-load" "$public" --clients 4 --mode keepalive --duration-ms 0 >/dev/null 2>&1 &
load=$!
"$kv/kvdemo-load" "$public" --clients 2 --mode connect --duration-ms 0 >/dev/null 2>&1 &
load2=$!
publish_later() {
    sleep "$delay"
    "${ctl[@]}" publish "$feed" --service kvdemo --version 1.1.0 \
        --archive "$kv/kvdemo-1.1.0.tar.gz" -s "$feed/../demo-feed.key" >/dev/null
    echo "kvdemo 1.1.0 published to the feed"
}

cat <<MSG

kvdemo 1.0.0 is serving on http://$public  (try: curl http://$public/version)
cutoverctl:  ${ctl[*]} status | feeds | runs | run <id> | connections kvdemo | watch
A load runs against it; in $delay s kvdemo 1.1.0 is published to the feed and cutoverd
picks it up within 5 s and switches over (hot).
MSG

case "$ui" in
console)
    echo "The console follows the switchover. Close it to stop the demo."
    publish_later &
    publisher=$!
    # --no-start-daemon: if cutoverd dies, the console must not start one that outlives the demo.
    "$console" --data-dir "$data" --no-start-daemon --tab switchover
    ;;
watch)
    echo "Press Ctrl-C to stop the demo."
    publish_later
    "${ctl[@]}" watch --service kvdemo --timeout 60 &
    watcher=$!
    for _ in $(seq 600); do
        status=$("${ctl[@]}" --json status kvdemo 2>/dev/null || true)
        grep -q '"active_version": "1.1.0"' <<<"$status" && grep -q '"current_run": 0' <<<"$status" && break
        sleep 0.1
    done
    kill "$watcher" 2>/dev/null || true
    "${ctl[@]}" runs
    echo "curl http://$public/version now answers 1.1.0. Ctrl-C to stop."
    wait "$daemon"
    ;;
none)
    publish_later &
    publisher=$!
    wait "$daemon"
    ;;
esac
