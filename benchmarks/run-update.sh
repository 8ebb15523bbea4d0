#!/usr/bin/env bash
# Runs the one-row UPDATE/DELETE benchmark (dev.sheaf.benchmarks.UpdateBenchmark): copy-on-write
# against merge-on-read on the benchmark table, and a scan with the deletes against the same scan
# after compaction. Prints one JSON line per figure.
#
#   benchmarks/run-update.sh [ROWS] [RUNS] [DIR]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
rows="${1:-10000000}"
runs="${2:-15}"
dir="$(realpath -m "${3:-$bench/target/update-bench}")"

harness_build run-update.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-update.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.UpdateBenchmark \
  --dir "$dir/work" --rows "$rows" --runs "$runs"
echo "run-update.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -rf "$dir"
