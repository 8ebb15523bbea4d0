#!/usr/bin/env bash
# Runs the media query benchmark (dev.sheaf.benchmarks.MediaQueryBenchmark): SELECT fetch(img) and
# SELECT width(img) over a table of OBJECTS s3:// IMAGE references (224x224 JPEGs on a loopback S3
# server, S3Proxy), each run on a fresh engine with an empty media cache, against a plain AWS SDK v2
# async loop GETting the same objects. Prints one JSON line per run; record the figures in
# benchmarks/RESULTS.md. SHEAF_BENCH_JAVA_OPTS=-Dsheaf.media-prefetch-rows=0 turns the scan's
# prefetch off (row-at-a-time reads, as before it).
#
#   benchmarks/run-media-query.sh [OBJECTS] [RUNS] [DIR]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
objects="${1:-2000}"
runs="${2:-3}"
dir="$(realpath -m "${3:-$bench/target/media-query-bench}")"

harness_build run-media-query.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-media-query.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.MediaQueryBenchmark \
  --dir "$dir/work" --objects "$objects" --runs "$runs"
echo "run-media-query.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
