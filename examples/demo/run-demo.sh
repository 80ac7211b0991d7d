#!/usr/bin/env bash
# The demo behind `packaging/dev.sh run`: a throw-away data directory, cutoverd on loopback,
# kvdemo 1.0.0 registered behind its bridge and serving, then an upgrade to 1.1.0 while a
# small load runs, so a switchover happens within a minute with nobody touching anything.
set -euo pipefail
build=${1:?usage: run-demo.sh BUILD_DIR}
data=${CUTOVER_DEMO_DATA:-$build/demo-data}
api_port=${CUTOVER_DEMO_API_PORT:-7480}
public=${CUTOVER_DEMO_ADDRESS:-127.0.0.1:7070}
kv=$build/examples/kvdemo
ctl=("$build/app/ctl/cutoverctl" --data-dir "$data")

rm -rf "$data"
mkdir -p "$data"
"$build/app/daemon/cutoverd" --data-dir "$data" --api-port "$api_port" &
daemon=$!
cleanup() {
    [[ -n ${load:-} ]] && kill "$load" 2>/dev/null
    # Instances outlive cutoverd by design; the demo leaves nothing running behind it.
    "${ctl[@]}" stop kvdemo >/dev/null 2>&1 || true
    kill "$daemon" 2>/dev/null
    wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq 100); do
    "${ctl[@]}" status >/dev/null 2>&1 && break
    sleep 0.1
done
# Keep-alive clients stay on the old instance until they close or the drain times out: 5 s
# here so the demo's switchover ends quickly (the default is 30 s).
"${ctl[@]}" register kvdemo --address "$public" --strategy hot \
    --setting drain_timeout_ms=5000 --setting bake_ms=3000
"${ctl[@]}" install kvdemo 1.0.0 "$kv/kvdemo-1.0.0.tar.gz"
"${ctl[@]}" start kvdemo
"${ctl[@]}" status

cat <<MSG

kvdemo 1.0.0 is serving on http://$public  (try: curl http://$public/version)
cutoverctl:  ${ctl[*]} status | runs | run <id>
A load runs against it; in 15 s kvdemo 1.1.0 is installed and switched over (hot).
Press Ctrl-C to stop the demo.
MSG

"$kv/kvdemo-load" "$public" --clients 4 --mode keepalive --duration-ms 0 >/dev/null 2>&1 &
load=$!
sleep 15
"${ctl[@]}" install kvdemo 1.1.0 "$kv/kvdemo-1.1.0.tar.gz"
"${ctl[@]}" upgrade kvdemo 1.1.0 --strategy hot
"${ctl[@]}" runs
echo "curl http://$public/version now answers 1.1.0. Ctrl-C to stop."
wait $daemon
