#!/usr/bin/env bash
# Release pipeline benchmark (not part of ctest). Builds a ~200 MB release archive (.tar.gz of
# incompressible blobs, log-like text and base64 text, so that both gzip and the disk work),
# serves it with nginx on loopback and, in the same run, takes it from URL to an installed tree:
#   cutover    bench_pipeline: core/feeds Downloader (declared size) streaming into a
#              core/packages StreamingInstall on a worker thread, one pass: SHA-256 (libcrypto)
#              and safe extraction into .partial as the bytes arrive, verification at the last
#              byte, fsync of every file and directory, rename; the archive is not kept;
#   baseline   curl -s URL | tee >(sha256sum > sum) | tar -xz -C dir   (nothing reaches the disk
#              for sure, the archive is not kept, a bad hash is only noticed afterwards);
#   base+fsync the baseline, then every extracted file and directory fsynced (`sync FILE...`),
#              as Cutover does;
#   base+keep  base+fsync that also keeps the archive (tee into downloads/) and fsyncs it: the
#              same durable result as Cutover's.
# Wall clock and CPU (user+sys of every process involved) are measured by timed.py.
# The four take turns, ROUNDS times; medians are reported, then the ratio baseline/cutover
# (target >= 1.1), (baseline+keep)/cutover (target >= 1.2) and the CPU ratio (target: cutover's
# CPU at most the baseline's). Finally Cutover's install is split into its steps
# (write + fsync of the archive, hash, extraction, fsync of the tree), each timed alone.
# Between two measurements the file system is synced, so that one's dirty pages are not
# written back during the next.
# Usage: tests/bench/pipeline/run.sh
#   env: ROUNDS=3 PORT=18280 BUILD_DIR=<dir> WORK_PARENT=/var/tmp (must be a disk, not tmpfs)
#        BLOBS=124 LOGS=800 B64=400 (1 MiB random blobs, 100 KiB log files, 160 KiB base64 files)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18280}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench-pipeline}"
WORK_PARENT="${WORK_PARENT:-/var/tmp}"
BLOBS="${BLOBS:-124}"
LOGS="${LOGS:-800}"
B64="${B64:-400}"
URL="http://127.0.0.1:$PORT/bench-1.0.0.tar.gz"

need=()
command -v nginx >/dev/null || need+=(nginx-light)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
    echo "installing: ${need[*]}"
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get install -y "${need[@]}" >/dev/null
fi

DRIVER="$BUILD_DIR/bench_pipeline"
if [[ ! -x $DRIVER || -n "$(find "$ROOT/core/common" "$ROOT/core/feeds" "$ROOT/core/packages" \
    "$HERE/bench_pipeline.cpp" "$HERE/CMakeLists.txt" -newer "$DRIVER" 2>/dev/null)" ]]; then
    echo "building bench_pipeline (Release) in $BUILD_DIR"
    cmake -S "$HERE" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$BUILD_DIR" -j2 bench_pipeline >/dev/null
fi

WORK="$(mktemp -d "$WORK_PARENT/cutover-bench-pipeline.XXXXXX")"
if [[ "$(stat -f -c %T "$WORK")" == tmpfs ]]; then
    echo "WORK_PARENT=$WORK_PARENT is a tmpfs: the disk would not be measured" >&2
    rm -rf "$WORK"
    exit 2
fi
NGINX_PID=""
cleanup() {
    [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- the release ------------------------------------------------------------------------------
echo "generating the release: $BLOBS x 1 MiB random, $LOGS x 100 KiB log text, $B64 x 160 KiB base64"
SRC="$WORK/src/bench-1.0.0"
mkdir -p "$SRC/bin" "$SRC/data" "$SRC/logs" "$SRC/text" "$WORK/www"
printf '{"command": "bin/run", "readiness": {"kind": "none"}}\n' >"$SRC/cutover-release.json"
printf '#!/bin/sh\nexec sleep infinity\n' >"$SRC/bin/run"
chmod 755 "$SRC/bin/run"
for i in $(seq -w 1 "$BLOBS"); do head -c 1048576 /dev/urandom >"$SRC/data/blob-$i.bin"; done
for i in $(seq -w 1 "$B64"); do head -c 122880 /dev/urandom | base64 >"$SRC/text/b64-$i.txt"; done
awk -v n="$LOGS" -v dir="$SRC/logs" 'BEGIN {
    srand(42)
    split("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omicron sigma " \
          "users orders items carts sessions tokens metrics health config", words, " ")
    split("INFO INFO INFO INFO DEBUG WARN ERROR", levels, " ")
    split("200 200 200 200 201 204 304 404 500", codes, " ")
    for (f = 1; f <= n; f++) {
        file = sprintf("%s/worker-%04d.log", dir, f); bytes = 0
        while (bytes < 102400) {
            line = sprintf("2026-11-%02d %02d:%02d:%02d.%06d %-5s worker-%d id=%08x GET /kv/%s/%s/%d status=%s bytes=%d ms=%.3f\n",
                1 + int(rand() * 28), int(rand() * 24), int(rand() * 60), int(rand() * 60),
                int(rand() * 1000000), levels[1 + int(rand() * 7)], int(rand() * 16),
                int(rand() * 4294967295), words[1 + int(rand() * 22)], words[1 + int(rand() * 22)],
                int(rand() * 100000), codes[1 + int(rand() * 9)], int(rand() * 65536), rand() * 250)
            printf "%s", line > file; bytes += length(line)
        }
        close(file)
    }
}'
ARCHIVE="$WORK/www/bench-1.0.0.tar.gz"
tar -czf "$ARCHIVE" -C "$WORK/src" bench-1.0.0
UNPACKED="$(du -sb "$SRC" | cut -f1)"
ENTRIES="$(find "$SRC" | wc -l)"
rm -rf "$WORK/src"
SIZE="$(stat -c %s "$ARCHIVE")"
SHA="$(sha256sum "$ARCHIVE" | cut -d' ' -f1)"
awk -v s="$SIZE" -v u="$UNPACKED" -v e="$ENTRIES" 'BEGIN {
    printf "archive: %.1f MB (%d bytes), unpacked %.1f MB, %d entries\n", s / 1e6, s, u / 1e6, e }'

# --- the data server --------------------------------------------------------------------------
chmod 755 "$WORK" "$WORK/www"
chmod 644 "$ARCHIVE"
# shellcheck source=nginx.sh
source "$HERE/nginx.sh"
start_nginx "$WORK" "$WORK/www" "$PORT" "$URL"
# The served file is in the page cache for every contender alike.
cat "$ARCHIVE" >/dev/null

# --- the contenders ---------------------------------------------------------------------------
settle() { rm -rf "$@"; sync -f "$WORK"; }
check_sum() {
    [[ "$(cut -d' ' -f1 "$1")" == "$SHA" ]] || { echo "$2: sha256 mismatch" >&2; exit 1; }
}
check_tree() { # dir label
    local n
    n="$(find "$1" | wc -l)"
    [[ $n -eq $ENTRIES ]] || { echo "$2: $n entries extracted, expected $ENTRIES" >&2; exit 1; }
}

# Each contender runs under timed.py: wall clock and user+sys CPU of all its processes.
declare -A T C
DL="" INST="" GAP=""
record() { # name result-file
    local wall user sys
    read -r wall user sys <"$2"
    T[$1]+=" $wall"
    C[$1]+=" $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')"
}
run_cutover() {
    local dir="$WORK/cutover" out
    settle "$dir"
    "$HERE/timed.py" "$WORK/time" "$DRIVER" install "$URL" "$SIZE" "$SHA" "$dir" >"$WORK/out"
    record cutover "$WORK/time"
    out="$(cat "$WORK/out")"
    DL+=" $(awk -F= '$1 == "download_s" {print $2}' <<<"$out")"
    INST+=" $(awk -F= '$1 == "install_s" {print $2}' <<<"$out")"
    GAP+=" $(awk -F= '$1 == "loop_max_gap_ms" {print $2}' <<<"$out")"
    check_tree "$dir/releases/bench/1.0.0" cutover
}
# $1 URL, $2 extraction directory, $3 sha256 output, $4 variant, $5 kept archive
BASELINE='set -o pipefail
if [[ $4 == keep ]]; then
    curl -s "$1" | tee "$5" | tee >(sha256sum >"$3") | tar -xz -C "$2"
else
    curl -s "$1" | tee >(sha256sum >"$3") | tar -xz -C "$2"
fi
if [[ $4 != plain ]]; then
    find "$2" -print0 | xargs -0 sync
    if [[ $4 == keep ]]; then sync "$5" "$(dirname "$5")"; fi
fi'
run_baseline() { # variant: plain | fsync | keep
    local dir="$WORK/base"
    settle "$dir"
    mkdir -p "$dir/tree" "$dir/downloads"
    "$HERE/timed.py" "$WORK/time" bash -c "$BASELINE" baseline "$URL" "$dir/tree" "$dir/sum" "$1" \
        "$dir/downloads/bench-1.0.0.tar.gz"
    record "$1" "$WORK/time"
    check_sum "$dir/sum" "baseline ($1)"
    check_tree "$dir/tree/bench-1.0.0" "baseline ($1)"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "median of $ROUNDS rounds; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
CONTENDERS=(cutover plain fsync keep)
for round in $(seq "$ROUNDS"); do
    # Rotate the order so that no contender always runs first (or last) in a round.
    for k in 0 1 2 3; do
        name="${CONTENDERS[$(((k + round - 1) % 4))]}"
        echo "round $round: $name ..."
        if [[ $name == cutover ]]; then run_cutover; else run_baseline "$name"; fi
    done
done
settle "$WORK/cutover" "$WORK/base"

for name in "${CONTENDERS[@]}"; do
    echo "  raw $name: wall${T[$name]}  cpu${C[$name]}"
done
echo "  raw cutover steps: download$DL  after the last byte$INST  longest event-loop gap (ms)$GAP"
declare -A M MC
for name in "${CONTENDERS[@]}"; do
    M[$name]="$(median <<<"${T[$name]}")"
    MC[$name]="$(median <<<"${C[$name]}")"
done
printf '\n%-46s %8s %8s\n' "contender (medians)" "wall s" "CPU s"
printf '%-46s %8s %8s\n' "cutover (download $(median <<<"$DL") + $(median <<<"$INST") after)" \
    "${M[cutover]}" "${MC[cutover]}"
printf '%-46s %8s %8s\n' "baseline: curl | tee >(sha256sum) | tar -xz" "${M[plain]}" "${MC[plain]}"
printf '%-46s %8s %8s\n' "baseline + fsync of the tree" "${M[fsync]}" "${MC[fsync]}"
printf '%-46s %8s %8s\n' "baseline + archive kept + fsync of both" "${M[keep]}" "${MC[keep]}"
echo
echo "baseline/cutover          : wall $(ratio "${M[plain]}" "${M[cutover]}")   (target >= 1.10)" \
    "  CPU $(ratio "${MC[plain]}" "${MC[cutover]}")   (target >= 1.00)"
echo "(baseline+fsync)/cutover  : wall $(ratio "${M[fsync]}" "${M[cutover]}")" \
    "  CPU $(ratio "${MC[fsync]}" "${MC[cutover]}")"
echo "(baseline+keep)/cutover   : wall $(ratio "${M[keep]}" "${M[cutover]}")   (target >= 1.20)" \
    "  CPU $(ratio "${MC[keep]}" "${MC[cutover]}")"

echo "cutover's event loop: longest gap between 5 ms timer ticks during the install," \
    "median $(median <<<"$GAP") ms (raw:$GAP)"

# --- where Cutover's time goes ----------------------------------------------------------------
echo
echo "cutover's steps, each alone (median of $ROUNDS):"
declare -A P
for round in $(seq "$ROUNDS"); do
    settle "$WORK/parts"
    out="$("$DRIVER" parts "$ARCHIVE" "$WORK/parts")"
    while IFS='=' read -r key value; do
        [[ $key == *_s ]] && P[$key]+=" $value"
    done <<<"$out"
done
settle "$WORK/parts"
for key in write_archive_s fsync_archive_s hash_s extract_s fsync_tree_s; do
    printf '  %-18s %8s   (raw:%s)\n' "${key%_s}" "$(median <<<"${P[$key]}")" "${P[$key]}"
done
