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
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
objects="${1:-2000}"
runs="${2:-3}"
dir="$(realpath -m "${3:-$bench/target/media-query-bench}")"

if [[ -z "${JAVA_HOME:-}" ]]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25*; do
    if [[ -x "$candidate/bin/java" ]]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ -z "${SHEAF_BENCH_NO_BUILD:-}" ]]; then
  echo "run-media-query.sh: building the harness..." >&2
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true) >&2
fi

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
cat > "$args" <<ARGS
--add-opens=java.base/java.nio=ALL-UNNAMED
--sun-misc-unsafe-memory-access=allow
--enable-native-access=ALL-UNNAMED
-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
-cp
$bench/target/sheaf-benchmarks-0.1.0-SNAPSHOT.jar:$bench/target/lib/*
ARGS
echo "run-media-query.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.MediaQueryBenchmark \
  --dir "$dir/work" --objects "$objects" --runs "$runs"
echo "run-media-query.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
