#!/usr/bin/env bash
# Runs the datasets benchmark under the machine's benchmark lock: COMMIT DATASET, DIFF and MERGE
# BRANCH on a ROWS-row table with 1% of rows changed, against reading both versions whole over
# Flight and diffing them in pyarrow (benchmarks/python/datasets_bench.py). Prints one JSON
# document; record the figures in benchmarks/RESULTS.md.
#
#   benchmarks/run-datasets.sh [ROWS]
set -euo pipefail
if [[ -z "${SHEAF_BENCH_LOCKED:-}" ]]; then
  exec env SHEAF_BENCH_LOCKED=1 flock /tmp/sheaf-bench.lock "$0" "$@"
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${SHEAF_BENCH_PYTHON:-$root/.venv/bin/python}"
[[ -x "$python" ]] || python=python3
echo "run-datasets.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$python" "$root/benchmarks/python/datasets_bench.py" --rows "${1:-1000000}"
echo "run-datasets.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
