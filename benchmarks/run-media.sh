#!/usr/bin/env bash
# Runs the media fetch benchmark (dev.sheaf.benchmarks.MediaFetchBenchmark): cold-cache fetches of
# OBJECTS objects of 100 KB from a loopback S3 server (S3Proxy) through Sheaf's MediaCache against a
# plain AWS SDK v2 async loop, then warm-cache reads against reading the same files from local disk.
# Prints one JSON line per run; record the figures in benchmarks/RESULTS.md.
#
#   benchmarks/run-media.sh [OBJECTS] [RUNS] [DIR]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
objects="${1:-10000}"
runs="${2:-3}"
dir="$(realpath -m "${3:-$bench/target/media-bench}")"

harness_build run-media.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-media.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.MediaFetchBenchmark \
  --dir "$dir/work" --objects "$objects" --runs "$runs"
echo "run-media.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
