#!/usr/bin/env bash
# Vector similarity search benchmark (benchmarks/vector_bench.py): Sheaf's HNSW index through ADBC
# against Sheaf's exact scan and FAISS HNSW in-process, on ROWS clustered vectors of DIM dimensions.
# Needs the launcher's classpath (mvn package -pl server -am) and `pip install faiss-cpu lancedb`
# (LanceDB is skipped when it is not installed).
#
#   benchmarks/run-vector.sh [ROWS] [DIM] [vector_bench.py options, e.g. --queries 100]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rows="${1:-100000}"
dim="${2:-384}"
dir="$bench/target/vector-bench-$rows-$dim"
rm -rf "$dir"
python3 "$bench/vector_bench.py" --data-dir "$dir" --rows "$rows" --dim "$dim" \
  --results "$bench/RESULTS.md" --command "benchmarks/run-vector.sh $rows $dim${3:+ ${*:3}}" "${@:3}"
