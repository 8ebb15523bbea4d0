#!/usr/bin/env bash
# Runs the image tensor benchmark under the machine's benchmark lock: IMAGES photo-like JPEGs
# (~500x375, made from the shared sample images by cropping, resizing and re-encoding), a Sheaf
# table of IMAGE references to them, and `SELECT to_tensor(img, 224, 224)` streamed through
# pyarrow.flight (the sheaf client) into numpy, against Pillow doing the same per image (open,
# convert RGB, resize 224x224 bilinear, np.asarray) in one process and in a pool of 2 processes
# (Sheaf's server uses both cores). Prints one JSON line per measurement
# (benchmarks/python/images_bench.py); record the figures in benchmarks/RESULTS.md.
# SHEAF_BENCH_JAVA_OPTS is passed to the server's JVM (e.g. -Dsheaf.image-threads=1).
#
#   benchmarks/run-images.sh [IMAGES] [DIR]
set -euo pipefail
if [[ -z "${SHEAF_BENCH_LOCKED:-}" ]]; then
  exec env SHEAF_BENCH_LOCKED=1 flock /tmp/sheaf-bench.lock "$0" "$@"
fi
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
images="${1:-10000}"
dir="$(realpath -m "${2:-$bench/target/images-bench}")"

if [[ -z "${SHEAF_BENCH_NO_BUILD:-}" ]]; then
  echo "run-images.sh: building the server..." >&2
  (cd "$root" && mvn -B -q -pl server -am package -DskipTests -Dspotless.check.skip=true) >&2
fi

rm -rf "$dir"
mkdir -p "$dir/data/jpegs"
python3 "$bench/python/images_bench.py" generate --dir "$dir/data/jpegs" --count "$images"
echo "run-images.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$bench/python/images_bench.py" pil --dir "$dir/data/jpegs" --processes 1
python3 "$bench/python/images_bench.py" pil --dir "$dir/data/jpegs" --processes 2

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
SHEAF_JAVA_OPTS="${SHEAF_BENCH_JAVA_OPTS:-}" "$root/sheaf" serve --port "$port" \
  --data-dir "$dir/data" > "$dir/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if python3 -c "import socket, sys; sys.exit(socket.socket().connect_ex(('127.0.0.1', $port)))"; then
    break
  fi
  sleep 0.5
done
PYTHONPATH="$root/clients/python${PYTHONPATH:+:$PYTHONPATH}" \
  python3 "$bench/python/images_bench.py" sheaf --dir "$dir/data/jpegs" --uri "grpc://127.0.0.1:$port"
echo "run-images.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
