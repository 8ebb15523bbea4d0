#!/usr/bin/env bash
# Installs the DataLoader benchmark's peers (LanceDB, Pixeltable) in a virtual environment that
# sees this Python's packages (torch, torchvision, datasets, pyarrow), then runs the benchmark:
#   benchmarks/python/dataloader_bench.sh --images 100000 [--directory DIR] [other options]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SHEAF_BENCH_VENV:-${TMPDIR:-/tmp}/sheaf-loader-bench-venv}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv --system-site-packages "$venv"
fi
"$venv/bin/pip" install --quiet lancedb pixeltable
"$venv/bin/python" -c "import lancedb, pixeltable, torch, torchvision, datasets; \
print('peers:', 'lancedb', lancedb.__version__, 'pixeltable', pixeltable.__version__, \
'torch', torch.__version__, 'torchvision', torchvision.__version__, 'datasets', datasets.__version__)"
exec "$venv/bin/python" "$here/dataloader_bench.py" "$@"
