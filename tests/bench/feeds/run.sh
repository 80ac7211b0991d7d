#!/usr/bin/env bash
# Feed polling benchmark (not part of ctest): FEEDS feeds that all answer 304, one round of
# checks by core/feeds FeedPoller objects sharing one QNetworkAccessManager, as in cutoverd.
# bench_feeds forks its own epoll data server, so the server's CPU is not counted as the
# pollers'. Two layouts, each run RUNS times (medians reported):
#   1 host      every feed on 127.0.0.1:PORT: QNetworkAccessManager's 6 connections per host
#               carry all the checks;
#   HOSTS hosts every feed on its own loopback address (127.0.x.y), as feeds on distinct data
#               servers would be: one connection per feed.
# "Round 1" is the first round of a fresh process (connections opened, the figure the targets
# are about); "later rounds" are checkNow() rounds on the same pollers (DRIVER_ROUNDS - 1 of
# them per run), for comparison.
# Targets: one round <= 2 s wall and <= 0.5 s CPU (user+sys of the polling process).
# Usage: tests/bench/feeds/run.sh   (env: FEEDS=1000 HOSTS=1000 RUNS=3 DRIVER_ROUNDS=3
#        PORT=18380 BUILD_DIR=<dir>)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
FEEDS="${FEEDS:-1000}"
HOSTS="${HOSTS:-1000}"
RUNS="${RUNS:-3}"
DRIVER_ROUNDS="${DRIVER_ROUNDS:-3}"
PORT="${PORT:-18380}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench-feeds}"

DRIVER="$BUILD_DIR/bench_feeds"
if [[ ! -x $DRIVER || -n "$(find "$ROOT/core/common" "$ROOT/core/feeds" "$HERE" -newer "$DRIVER" \
    -not -name run.sh 2>/dev/null)" ]]; then
    echo "building bench_feeds (Release) in $BUILD_DIR"
    cmake -S "$HERE" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$BUILD_DIR" -j2 bench_feeds >/dev/null
fi

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
field() { # key text: the value of key=value (several on a line are allowed)
    tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'
}
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "MISSED" }'; }

echo "$FEEDS feeds answering 304; $RUNS runs of $DRIVER_ROUNDS rounds each; $(nproc) CPUs," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A W1 C1 WN CN CONN REQ SCPU
for layout in 1 "$HOSTS"; do
    for run in $(seq "$RUNS"); do
        out="$("$DRIVER" --feeds "$FEEDS" --hosts "$layout" --rounds "$DRIVER_ROUNDS" --port "$PORT")"
        [[ "$(field failures "$out")" == 0 ]] || { echo "$out"; exit 1; }
        expected=$((FEEDS * DRIVER_ROUNDS))
        [[ "$(field server_304 "$out")" == "$expected" && "$(field poller_304 "$out")" == "$expected" ]] ||
            { echo "$out"; echo "expected $expected 304 answers" >&2; exit 1; }
        while read -r line; do
            round="$(field round "$line")"
            [[ -z $round ]] && continue
            if [[ $round == 1 ]]; then
                W1[$layout]+=" $(field wall_s "$line")"
                C1[$layout]+=" $(field cpu_s "$line")"
            else
                WN[$layout]+=" $(field wall_s "$line")"
                CN[$layout]+=" $(field cpu_s "$line")"
            fi
        done <<<"$out"
        CONN[$layout]+=" $(field server_max_open "$out")"
        SCPU[$layout]+=" $(field server_cpu_s "$out")"
        echo "  hosts=$layout run $run: $(grep -E '^round=' <<<"$out" | tr '\n' ';')" \
            "server: $(field server_connections "$out") connections ($(field server_max_open "$out") at once)," \
            "$(field server_cpu_s "$out") s CPU"
    done
done

printf '\n%-28s | %12s %12s | %12s %12s | %11s\n' "" "round 1" "" "later rounds" "" "connections"
printf '%-28s | %12s %12s | %12s %12s | %11s\n' layout "wall s" "CPU s" "wall s" "CPU s" "at once"
for layout in 1 "$HOSTS"; do
    label="all on 127.0.0.1"
    [[ $layout != 1 ]] && label="$layout loopback hosts"
    printf '%-28s | %12s %12s | %12s %12s | %11s\n' "$label" \
        "$(median <<<"${W1[$layout]}")" "$(median <<<"${C1[$layout]}")" \
        "$(median <<<"${WN[$layout]:-}")" "$(median <<<"${CN[$layout]:-}")" \
        "$(median <<<"${CONN[$layout]}")"
done
echo
for layout in 1 "$HOSTS"; do
    w="$(median <<<"${W1[$layout]}")"
    c="$(median <<<"${C1[$layout]}")"
    echo "hosts=$layout: one round $w s wall (target <= 2 s: $(verdict "$w" 2))," \
        "$c s CPU (target <= 0.5 s: $(verdict "$c" 0.5)); data server CPU $(median <<<"${SCPU[$layout]}") s (not counted)"
done
