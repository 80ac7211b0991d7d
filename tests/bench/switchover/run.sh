#!/usr/bin/env bash
# Hot switchover benchmark (not part of ctest). Drives the product as an operator would:
# cutoverd on a private data directory, kvdemo registered behind the bridge with strategy hot,
# releases 1.0.0 and 1.1.0 installed, then SWITCHES upgrades alternating between them with
# `cutoverctl upgrade` while wrk loads the service's public address for the whole series.
# Steady windows of STEADY_SECONDS (same load, no switch) before and after the series are the
# reference.
# Prints, per load mode: requests, failed requests (wrk's connect/read/write/timeout errors and
# non-2xx responses), p50/p99/max latency of each window and p99(switching)/p99(steady); the
# switchovers that did not succeed (cutoverctl exit code != 0); and the requests right after
# each switch that were not answered by the new version.
# Usage: tests/bench/switchover/run.sh
#   env: SWITCHES=200 CONNECTIONS=50 THREADS=1 STEADY_SECONDS=20 MODES="keepalive"
#        (MODES="keepalive close" adds a series with "Connection: close")
#        DRAIN_MS=1000 BAKE_MS=200 PROTOCOL=tcp (or http: the bridge routes each request)
#        PORT=18190 BUILD_DIR=<dir> SKIP_BUILD=0 KEEP_WORK=0
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SWITCHES="${SWITCHES:-200}"
CONNECTIONS="${CONNECTIONS:-50}"
THREADS="${THREADS:-1}"
STEADY_SECONDS="${STEADY_SECONDS:-20}"
MODES="${MODES:-keepalive}"
DRAIN_MS="${DRAIN_MS:-1000}"
BAKE_MS="${BAKE_MS:-200}"
PROTOCOL="${PROTOCOL:-tcp}"
PORT="${PORT:-18190}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
SERVICE=kvdemo
URL="http://127.0.0.1:$PORT/kv/bench"

for mode in $MODES; do
    [[ $mode == keepalive || $mode == close ]] || { echo "MODES: unknown mode '$mode'" >&2; exit 2; }
done

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v jq >/dev/null || need+=(jq)
if ((${#need[@]})); then
    echo "installing: ${need[*]}"
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get install -y "${need[@]}" >/dev/null
fi

# shellcheck source=build.sh
source "$HERE/build.sh"

WORK="$(mktemp -d /tmp/cutover-bench-switchover.XXXXXX)"
DATA="$WORK/data"
DAEMON_PID=""
WRK_PID=""
ctl() { "$CUTOVERCTL" --data-dir "$DATA" "$@"; }

# Instances outlive cutoverd by design (it re-adopts them at its next start), so the service
# is stopped through the daemon first; pids it still reports afterwards are killed directly.
cleanup() {
    set +e
    [[ -n $WRK_PID ]] && kill "$WRK_PID" 2>/dev/null
    local pids=""
    if [[ -n $DAEMON_PID ]] && kill -0 "$DAEMON_PID" 2>/dev/null; then
        pids="$(ctl --json status "$SERVICE" 2>/dev/null | jq -r '.instances[]?.pid' 2>/dev/null)"
        timeout 60 "$CUTOVERCTL" --data-dir "$DATA" stop "$SERVICE" >/dev/null 2>&1
        kill "$DAEMON_PID" 2>/dev/null
        wait "$DAEMON_PID" 2>/dev/null
    fi
    # Only a process still running from this data directory: a stopped pid may have been reused.
    for pid in $pids; do
        grep -qF "$DATA" "/proc/$pid/cmdline" 2>/dev/null && kill -9 "$pid"
    done
    wait 2>/dev/null
    if [[ $KEEP_WORK == 1 ]]; then
        echo "logs and data kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
    echo "error: $*" >&2
    [[ -f $WORK/cutoverd.log ]] && { echo "--- cutoverd log (tail)" >&2; tail -20 "$WORK/cutoverd.log" >&2; }
    exit 1
}

"$CUTOVERD" --data-dir "$DATA" --api-port 0 >"$WORK/cutoverd.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 100); do
    [[ -f $DATA/cutoverd.json ]] && ctl status >/dev/null 2>&1 && break
    kill -0 "$DAEMON_PID" 2>/dev/null || die "cutoverd exited at start"
    sleep 0.1
done
ctl status >/dev/null || die "cutoverd does not answer on the port in $DATA/cutoverd.json"

ctl register "$SERVICE" --address "127.0.0.1:$PORT" --strategy hot \
    --setting "drain_timeout_ms=$DRAIN_MS" --setting "bake_ms=$BAKE_MS" \
    --setting "protocol=$PROTOCOL" >/dev/null ||
    die "cannot register $SERVICE on 127.0.0.1:$PORT (port busy? set PORT=...)"
# 1.0.0 alone first, so that `start` runs it (it starts the newest installed release).
ctl install "$SERVICE" 1.0.0 "$RELEASES/kvdemo-1.0.0.tar.gz" >/dev/null || die "install 1.0.0"
ctl start "$SERVICE" >/dev/null || die "start $SERVICE"
ctl install "$SERVICE" 1.1.0 "$RELEASES/kvdemo-1.1.0.tar.gz" >/dev/null || die "install 1.1.0"
# kvdemo answers 404 for a missing key, which wrk would count as a failure.
curl -fsS -o /dev/null -X PUT --data-binary "benchmark value" "$URL" || die "PUT $URL"
curl -fsS -o /dev/null "$URL" || die "GET $URL"

active_version() { ctl --json status "$SERVICE" | jq -r '.active_version'; }
served_version() { curl -fsS "http://127.0.0.1:$PORT/version" 2>/dev/null | jq -r '.version'; }
CURRENT="$(active_version)"

# wrk's latency figures ("312.00us", "1.20ms", "2.00s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
        printf "%.2f", n }'
}
# Fills the globals REQ RPS P50 P99 MAX CONNECT READ WRITE TIMEOUT NON2XX from a wrk report.
parse_wrk() {
    local out=$1 errors
    REQ="$(awk '/requests in/ {print $1}' "$out")"
    RPS="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")"
    P50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
    P99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
    MAX="$(to_ms "$(awk '$1 == "Latency" {print $4}' "$out")")"
    errors="$(grep 'Socket errors' "$out" || true)"
    CONNECT="$(sed -n 's/.*connect \([0-9]*\).*/\1/p' <<<"$errors")"
    READ="$(sed -n 's/.*read \([0-9]*\).*/\1/p' <<<"$errors")"
    WRITE="$(sed -n 's/.*write \([0-9]*\).*/\1/p' <<<"$errors")"
    TIMEOUT="$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' <<<"$errors")"
    NON2XX="$(awk '/Non-2xx/ {print $NF}' "$out")"
    CONNECT=${CONNECT:-0} READ=${READ:-0} WRITE=${WRITE:-0} TIMEOUT=${TIMEOUT:-0} NON2XX=${NON2XX:-0}
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
row() { # window wrk-report
    parse_wrk "$2"
    printf '%-13s | %9s %7s | %6s %5s %5s %7s %7s | %7s | %8s %8s %8s\n' "$1" "$REQ" "$RPS" \
        "$CONNECT" "$READ" "$WRITE" "$TIMEOUT" "$NON2XX" \
        $((CONNECT + READ + WRITE + TIMEOUT + NON2XX)) "$P50" "$P99" "$MAX"
}

echo "$SWITCHES hot switchovers of $SERVICE (protocol=$PROTOCOL drain_timeout_ms=$DRAIN_MS bake_ms=$BAKE_MS);" \
    "wrk -t$THREADS -c$CONNECTIONS --latency GET $URL; steady window ${STEADY_SECONDS}s;" \
    "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The machine's load from elsewhere moves latency more than a switchover does, so the steady
# window is measured both before and after the series to bracket it.
steady_window() { # before|after
    echo "[$mode] steady window $1 the series: ${STEADY_SECONDS}s, no switchover ..."
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${STEADY_SECONDS}s" --latency "${header[@]}" "$URL" \
        >"$WORK/steady-$1-$mode.txt"
}

declare -A SUMMARY
for mode in $MODES; do
    header=()
    [[ $mode == close ]] && header=(-H "Connection: close")

    steady_window before

    last_run="$(ctl --json runs --service "$SERVICE" --limit 1 | jq '.[0].id // 0')"
    echo "[$mode] switching window: wrk for the whole series of $SWITCHES switchovers ..."
    # wrk stops at SIGINT and still prints its report; the long -d only bounds a runaway.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d24h --latency "${header[@]}" "$URL" \
        >"$WORK/switching-$mode.txt" &
    WRK_PID=$!
    sleep 1
    ok=0 failed=0 stale=0 total_ms=0 min_ms="" max_ms=0
    for i in $(seq "$SWITCHES"); do
        target=1.1.0
        [[ $CURRENT == 1.1.0 ]] && target=1.0.0
        start_ns=$(date +%s%N)
        if ctl upgrade "$SERVICE" "$target" --force >>"$WORK/upgrades-$mode.log" 2>&1; then
            ok=$((ok + 1))
            CURRENT=$target
            # A fresh connection after the run has ended must reach the new release.
            served="$(served_version || true)"
            if [[ $served != "$target" ]]; then
                stale=$((stale + 1))
                echo "  switch $i: run succeeded but /version answered '$served', not $target"
            fi
        else
            failed=$((failed + 1))
            CURRENT="$(active_version || true)"
            echo "  switch $i to $target did not succeed (active now $CURRENT); last lines:"
            tail -3 "$WORK/upgrades-$mode.log" | sed 's/^/    /'
        fi
        ms=$((($(date +%s%N) - start_ns) / 1000000))
        total_ms=$((total_ms + ms))
        if ((ms > max_ms)); then max_ms=$ms; fi
        if [[ -z $min_ms ]] || ((ms < min_ms)); then min_ms=$ms; fi
        if ((i % 20 == 0)); then
            echo "  $i/$SWITCHES switchovers ($ok succeeded, $failed not)"
        fi
    done
    sleep 1
    kill -INT "$WRK_PID"
    wait "$WRK_PID" || true
    WRK_PID=""
    kill -0 "$DAEMON_PID" 2>/dev/null || die "cutoverd is gone"
    steady_window after

    ctl --json runs --service "$SERVICE" --limit 10000 |
        jq --argjson after "$last_run" '[.[] | select(.id > $after)]' >"$WORK/runs-$mode.json"
    ctl --json status "$SERVICE" >"$WORK/status-$mode.json"
    drains="$(jq -r '[.[] | .details.drain // {}] |
        "\(map(.closed_naturally // 0) | add // 0) closed by their clients, " +
        "\(map(.forced // 0) | add // 0) closed at the drain timeout"' "$WORK/runs-$mode.json")"
    refused="$(jq '[.bridge.generations[]?.refused] | add // 0' "$WORK/status-$mode.json")"
    SUMMARY[$mode]="switchovers: $SWITCHES run, $ok succeeded, $failed did not (cutoverctl exit != 0);"
    SUMMARY[$mode]+=" $stale answered by a stale version afterwards;"
    SUMMARY[$mode]+=" $((total_ms / SWITCHES)) ms per switchover (min $min_ms, max $max_ms)"
    SUMMARY[$mode]+=$'\n'"old instances' connections: $drains; refused by the bridge since start: $refused"
done

for mode in $MODES; do
    echo
    echo "== $mode$([[ $mode == close ]] && echo ' (Connection: close)')"
    printf '%-13s | %9s %7s | %6s %5s %5s %7s %7s | %7s | %8s %8s %8s\n' window requests "req/s" \
        connect read write timeout non-2xx failed "p50 ms" "p99 ms" "max ms"
    row "steady before" "$WORK/steady-before-$mode.txt"
    p99_before=$P99
    row "steady after" "$WORK/steady-after-$mode.txt"
    p99_after=$P99
    row switching "$WORK/switching-$mode.txt"
    echo "failed requests during the switches: $((CONNECT + READ + WRITE + TIMEOUT + NON2XX))" \
        "of $REQ; p99 switching/steady: $(ratio "$P99" "$p99_before") against the window" \
        "before, $(ratio "$P99" "$p99_after") against the window after"
    echo "${SUMMARY[$mode]}"
done
