#!/usr/bin/env bash
# The demo behind `packaging/dev.sh run`. A data server (python3's http.server on loopback)
# serves a signed kvdemo feed; cutoverd is told only the feed's URL and public key. It finds
# kvdemo 1.0.0, verifies, installs and starts it behind its bridge while a small load runs;
# 15 s later 1.1.0 is published to the feed and cutoverd switches over hot by itself.
set -euo pipefail
build=${1:?usage: run-demo.sh BUILD_DIR}
data=${CUTOVER_DEMO_DATA:-$build/demo-data}
feed=${CUTOVER_DEMO_FEED:-$build/demo-feed}
api_port=${CUTOVER_DEMO_API_PORT:-7480}
feed_port=${CUTOVER_DEMO_FEED_PORT:-7490}
public=${CUTOVER_DEMO_ADDRESS:-127.0.0.1:7070}
kv=$build/examples/kvdemo
ctl=("$build/app/ctl/cutoverctl" --data-dir "$data")

rm -rf "$data" "$feed"
mkdir -p "$data" "$feed"
cleanup() {
    [[ -n ${load:-} ]] && kill "$load" 2>/dev/null
    # Instances outlive cutoverd by design; the demo leaves nothing running behind it.
    "${ctl[@]}" stop kvdemo >/dev/null 2>&1 || true
    [[ -n ${daemon:-} ]] && kill "$daemon" 2>/dev/null
    [[ -n ${server:-} ]] && kill "$server" 2>/dev/null
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
    --setting drain_timeout_ms=5000 --setting bake_ms=3000
"${ctl[@]}" feed add kvdemo "http://127.0.0.1:$feed_port/manifest.json" \
    --key "$(tail -n 1 "$feed/../demo-feed.pub")" --interval 5 >/dev/null
echo "waiting for cutoverd to fetch, verify, install and start kvdemo 1.0.0 from the feed..."
for _ in $(seq 300); do
    "${ctl[@]}" --json status kvdemo 2>/dev/null | grep -q '"active_version": "1.0.0"' && break
    sleep 0.1
done
"${ctl[@]}" status
"${ctl[@]}" feeds

cat <<MSG

kvdemo 1.0.0 is serving on http://$public  (try: curl http://$public/version)
cutoverctl:  ${ctl[*]} status | feeds | runs | run <id> | connections kvdemo | watch
A load runs against it; in 15 s kvdemo 1.1.0 is published to the feed and cutoverd
picks it up within 5 s and switches over (hot). Press Ctrl-C to stop the demo.
MSG

"$kv/kvdemo-load" "$public" --clients 4 --mode keepalive --duration-ms 0 >/dev/null 2>&1 &
load=$!
sleep 15
"${ctl[@]}" publish "$feed" --service kvdemo --version 1.1.0 --archive "$kv/kvdemo-1.1.0.tar.gz" \
    -s "$feed/../demo-feed.key"
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
