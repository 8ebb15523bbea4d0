#!/usr/bin/env bash
# Runs Sheaf's benchmarks and their peers on the same Parquet files, then records the figures and
# ratios in benchmarks/RESULTS.md.
#
#   benchmarks/run.sh [ROWS] [DATA_DIR]
#
# ROWS defaults to 10000000. DATA_DIR (default benchmarks/target/data-ROWS) keeps the table between
# runs: a table with ROWS rows is reused (then the insert figure is not measured again; give a fresh
# DATA_DIR to measure it). SHEAF_BENCH_JAVA_OPTS adds JVM options (e.g. -Xmx8g, a JFR recording);
# SHEAF_BENCH_RUNS sets the timed runs per benchmark (default 3, after one warm-up run).
set -euo pipefail
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
rows="${1:-10000000}"
data_dir="$(realpath -m "${2:-$bench/target/data-$rows}")"
runs="${SHEAF_BENCH_RUNS:-3}"

harness_build run.sh

out="$bench/target/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out" "$data_dir"
args="$out/jvm-args"
harness_jvm_args "$args"

harness_command="java ${SHEAF_BENCH_JAVA_OPTS:-} @jvm-args dev.sheaf.benchmarks.BenchmarkRunner --data-dir $data_dir --rows $rows --runs $runs"
echo "run.sh: $harness_command" >&2
# shellcheck disable=SC2086
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.BenchmarkRunner \
  --data-dir "$data_dir" --rows "$rows" --runs "$runs" >"$out/sheaf.jsonl" 2>"$out/sheaf.log" \
  || { tail -40 "$out/sheaf.log" >&2; exit 1; }
grep -v '"benchmark":"table"' "$out/sheaf.jsonl" >&2 || true

echo "run.sh: running the peers (pyarrow.dataset, DuckDB)..." >&2
python3 "$bench/peers.py" "$out/sheaf.jsonl" --runs "$runs" >"$out/peers.jsonl"
cat "$out/peers.jsonl" >&2

python3 "$bench/report.py" "$out/sheaf.jsonl" "$out/peers.jsonl" \
  --command "benchmarks/run.sh $rows $data_dir" \
  --harness-command "$harness_command" \
  --java "$java" \
  --results "$bench/RESULTS.md"
echo "run.sh: figures in $out, summary in benchmarks/RESULTS.md" >&2
