#!/usr/bin/env bash
# Runs the primary key check benchmark (dev.sheaf.benchmarks.KeyedInsertBenchmark): a keyed table
# filled by bulk ingest, a one-row INSERT of a new key, and the key check by statistics and key
# columns against the check that read every key into a heap set. Prints one JSON line per figure.
#
#   benchmarks/run-keys.sh [ROWS] [RUNS] [DIR]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
rows="${1:-5000000}"
runs="${2:-5}"
dir="$(realpath -m "${3:-$bench/target/keys-bench}")"

harness_build run-keys.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-keys.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.KeyedInsertBenchmark \
  --dir "$dir/work" --rows "$rows" --runs "$runs"
echo "run-keys.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -rf "$dir"
