#!/usr/bin/env bash
# Runs the warehouse benchmark (dev.sheaf.benchmarks.WarehouseScanBenchmark): the benchmark table
# ingested into and scanned from a local warehouse and an S3 warehouse (S3Proxy on loopback), the
# S3 scan cold (fresh warehouse cache) and warm. Prints one JSON line per figure.
#
#   benchmarks/run-warehouse.sh [ROWS] [RUNS] [DIR]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
rows="${1:-1000000}"
runs="${2:-3}"
dir="$(realpath -m "${3:-$bench/target/warehouse-bench}")"

harness_build run-warehouse.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-warehouse.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.WarehouseScanBenchmark \
  --dir "$dir/work" --rows "$rows" --runs "$runs"
echo "run-warehouse.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
