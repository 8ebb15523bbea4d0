#!/usr/bin/env bash
# Benchmarks the Flight SQL server from real clients (see benchmarks/flight_bench.py) and records the
# figures in benchmarks/RESULTS.md.
#
#   benchmarks/flight.sh [ROWS] [DATA_DIR] [flight_bench.py options, e.g. --point-queries 100]
#
# ROWS defaults to 10000000; DATA_DIR (default benchmarks/target/flight-ROWS) keeps the table between
# runs. SHEAF_BENCH_RUNS sets the timed runs of the scan (default 3, after one warm-up run).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rows="${1:-10000000}"
data_dir="$(realpath -m "${2:-$bench/target/flight-$rows}")"
if [[ -z "${JAVA_HOME:-}" ]]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25*; do
    if [[ -x "$candidate/bin/java" ]]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
# the JDBC point-query client (dev.sheaf.benchmarks.JdbcPointQuery) and its classpath
(cd "$bench/.." && mvn -B -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true) >&2
PYTHONPATH="$bench/../clients/python${PYTHONPATH:+:$PYTHONPATH}" python3 "$bench/flight_bench.py" --data-dir "$data_dir" --rows "$rows" --runs "${SHEAF_BENCH_RUNS:-3}" \
  --results "$bench/RESULTS.md" --command "benchmarks/flight.sh $rows $data_dir${3:+ ${*:3}}" "${@:3}"
