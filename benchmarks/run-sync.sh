#!/usr/bin/env bash
# Runs the SYNC TABLE benchmark (dev.sheaf.benchmarks.SyncBenchmark) against a PostgreSQL on
# 127.0.0.1:$SHEAF_TEST_PG_PORT (tests/services/postgres.sh start): a first sync of ROWS rows, an
# incremental sync of 1% changed rows, a sync with no change; peers: a plain JDBC read and psql
# \copy of the same rows. Prints one JSON line per figure.
#
#   SHEAF_TEST_PG_PORT=55432 benchmarks/run-sync.sh [ROWS] [DIR]
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
rows="${1:-1000000}"
dir="$(realpath -m "${2:-$bench/target/sync-bench}")"
port="${SHEAF_TEST_PG_PORT:-55432}"
psql="$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1)"
psql="${psql:-psql}"

harness_build run-sync.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-sync.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$java" ${SHEAF_BENCH_JAVA_OPTS:--Xmx2g} @"$args" dev.sheaf.benchmarks.SyncBenchmark \
  --dir "$dir/work" --port "$port" --rows "$rows" --psql "$psql"
echo "run-sync.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -rf "$dir"
