#!/usr/bin/env bash
# Runs the media migration benchmark (dev.sheaf.benchmarks.IngestBenchmark): OBJECTS objects of
# 100 KB copied between two buckets of a loopback S3 server (S3Proxy) by Sheaf's MediaMigration
# against rclone copy (Debian package, installed here when missing) with the same transfers and
# server-side copy disabled. Prints one JSON line per run; record the figures in
# benchmarks/RESULTS.md.
#
#   benchmarks/run-ingest.sh [OBJECTS] [RUNS] [DIR]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
objects="${1:-10000}"
runs="${2:-2}"
dir="$(realpath -m "${3:-$bench/target/ingest-bench}")"

if ! command -v rclone >/dev/null; then
  apt-get install -y rclone >/dev/null
fi

harness_build run-ingest.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-ingest.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.IngestBenchmark \
  --dir "$dir/work" --objects "$objects" --runs "$runs" --rclone "$(command -v rclone)" \
  --concurrency "${SHEAF_BENCH_CONCURRENCY:-32}"
echo "run-ingest.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
