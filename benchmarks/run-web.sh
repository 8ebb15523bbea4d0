#!/usr/bin/env bash
# Runs the web grid benchmark under the machine's benchmark lock: time to first paint of a
# 48-thumbnail grid on a ROWS-row table, cold and warm thumbnail cache, in headless Debian Chromium
# driven by Playwright (benchmarks/python/web_bench.py; pip install playwright, apt-get install
# chromium). Prints one JSON document; record the figures in benchmarks/RESULTS.md.
#
#   benchmarks/run-web.sh [ROWS] [RUNS]
set -euo pipefail
if [[ -z "${SHEAF_BENCH_LOCKED:-}" ]]; then
  exec env SHEAF_BENCH_LOCKED=1 flock /tmp/sheaf-bench.lock "$0" "$@"
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${SHEAF_BENCH_PYTHON:-$root/.venv/bin/python}"
[[ -x "$python" ]] || python=python3
echo "run-web.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$python" "$root/benchmarks/python/web_bench.py" --rows "${1:-1000000}" --runs "${2:-3}"
echo "run-web.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
