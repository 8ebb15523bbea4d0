#!/usr/bin/env bash
# Runs the warehouse benchmark (dev.sheaf.benchmarks.WarehouseScanBenchmark): the benchmark table
# ingested into and scanned from a local warehouse and an S3 warehouse (S3Proxy on loopback), the
# S3 scan cold (fresh warehouse cache) and warm. Prints one JSON line per figure.
#
#   benchmarks/run-warehouse.sh [ROWS] [RUNS] [DIR]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
rows="${1:-1000000}"
runs="${2:-3}"
dir="$(realpath -m "${3:-$bench/target/warehouse-bench}")"

if [[ -z "${JAVA_HOME:-}" ]]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25*; do
    if [[ -x "$candidate/bin/java" ]]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

echo "run-warehouse.sh: building the harness..." >&2
(cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true) >&2

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
cat > "$args" <<ARGS
--add-opens=java.base/java.nio=ALL-UNNAMED
--sun-misc-unsafe-memory-access=allow
--enable-native-access=ALL-UNNAMED
--add-modules=jdk.incubator.vector
-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
-cp
$bench/target/sheaf-benchmarks-0.1.0-SNAPSHOT.jar:$bench/target/lib/*
ARGS
echo "run-warehouse.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.WarehouseScanBenchmark \
  --dir "$dir/work" --rows "$rows" --runs "$runs"
echo "run-warehouse.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
