#!/usr/bin/env bash
# Builds the libFuzzer targets (in build-fuzz/, with clang 16) and runs each for SECONDS
# (default 30) on a working copy of its seed corpus. Exits 1 when any target found a crash, a
# leak, a timeout or a broken property; the inputs that did are kept under the work directory.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]        (docs/fuzzing.md)
#   CUTOVER_FUZZ_BUILD  build directory (default <root>/build-fuzz)
#   CUTOVER_FUZZ_WORK   corpora grown by the run, crash inputs, logs (default <build>/fuzz-work)
#   CUTOVER_FUZZ_CXX    the compiler (default clang++-16)
#   CUTOVER_FUZZ_JOBS   fuzzing processes per target (default 1)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-30}
[[ $# -gt 0 ]] && shift
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(fuzz_feed_manifest fuzz_minisign fuzz_release_manifest fuzz_archive fuzz_api_json
             fuzz_http_head)
fi
build=${CUTOVER_FUZZ_BUILD:-$root/build-fuzz}
work=${CUTOVER_FUZZ_WORK:-$build/fuzz-work}
cxx=${CUTOVER_FUZZ_CXX:-clang++-16}
jobs=${CUTOVER_FUZZ_JOBS:-1}

if ! command -v "$cxx" > /dev/null; then
    echo "fuzz: $cxx not found; install clang-16 libclang-rt-16-dev (packaging/install-deps.sh --with-fuzz)" >&2
    exit 2
fi
if [[ ! -f $build/build.ninja ]]; then
    launcher=()
    command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" -DCUTOVER_FUZZ=ON \
        -DCUTOVER_BUILD_GUI=OFF -DCUTOVER_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$build" --target "${targets[@]}"

failed=()
start=$(date +%s)
for t in "${targets[@]}"; do
    seeds=$root/tests/fuzz/corpus/$t
    corpus=$work/corpus/$t
    artifacts=$work/artifacts/$t/
    mkdir -p "$corpus" "$artifacts"
    # The first directory receives what the run finds; the seeds in the tree stay as they are.
    # -timeout: one input taking 10 s is a bug (a hang), as is more than 2 GiB of memory.
    parallel=()
    # -jobs runs the fuzzing in child processes (each logging to fuzz-<n>.log in the working
    # directory), so only for more than one.
    ((jobs > 1)) && parallel=(-fork="$jobs")
    if (cd "$work" && "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 "${parallel[@]}" -print_final_stats=1 -artifact_prefix="$artifacts" \
        "$corpus" "$seeds") > "$work/$t.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | awk '{s+=$2} END {print s+0}')
        cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -1)
        printf 'fuzz: %-22s ok   %10s runs  %s  corpus %s files\n' "$t" "$runs" "$cov" \
            "$(find "$corpus" -type f | wc -l)"
    else
        failed+=("$t")
        printf 'fuzz: %-22s FAILED, see %s and %s\n' "$t" "$work/$t.log" "$artifacts" >&2
        grep -m3 -E 'ERROR: |fuzz check failed|SUMMARY' "$work/$t.log" >&2 || true
    fi
done
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $(($(date +%s) - start)) s in all"
((${#failed[@]} == 0)) || { echo "fuzz: failed: ${failed[*]}" >&2; exit 1; }
