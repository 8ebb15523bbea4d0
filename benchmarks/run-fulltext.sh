#!/usr/bin/env bash
# Full-text search benchmark (benchmarks/fulltext_bench.py): Sheaf's FULLTEXT (BM25) index through
# ADBC against Sheaf's exact LIKE scan and SQLite FTS5 in-process, on ROWS short synthetic texts.
# Needs the launcher's classpath (mvn package -pl server -am); sqlite3 ships FTS5 with Python.
#
#   flock /tmp/sheaf-bench.lock benchmarks/run-fulltext.sh [ROWS] [fulltext_bench.py options]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rows="${1:-1000000}"
dir="$bench/target/fulltext-bench-$rows"
rm -rf "$dir"
python3 "$bench/fulltext_bench.py" --data-dir "$dir" --rows "$rows" \
  --results "$bench/RESULTS.md" --command "benchmarks/run-fulltext.sh $rows${2:+ ${*:2}}" "${@:2}"
