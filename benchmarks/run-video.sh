#!/usr/bin/env bash
# Runs the video frames benchmark under the machine's benchmark lock: VIDEOS 720p H.264 videos of
# SECONDS seconds (testsrc2, 25 fps, a keyframe every GOP frames, written by Sheaf's test media
# writer), frames at 1 fps extracted as PNG by Sheaf (dev.sheaf.benchmarks.VideoFramesBenchmark:
# seek per frame as a video_frames view computes it, through SQL, and one ordered decode) against
# PyAV doing the same seeks in Python (benchmarks/python/video_bench.py; `pip install av`).
# Prints one JSON line per measurement; record the figures in benchmarks/RESULTS.md.
#
#   benchmarks/run-video.sh [VIDEOS] [SECONDS] [GOP] [DIR]
set -euo pipefail
if [[ -z "${SHEAF_BENCH_LOCKED:-}" ]]; then
  exec env SHEAF_BENCH_LOCKED=1 flock /tmp/sheaf-bench.lock "$0" "$@"
fi
# shellcheck source=benchmarks/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
videos="${1:-8}"
seconds="${2:-60}"
gop="${3:-50}"
dir="$(realpath -m "${4:-$bench/target/video-bench}")"

harness_build run-video.sh
mkdir -p "$dir"
args="$dir/jvm-args"
harness_jvm_args "$args"
echo "run-video.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
"$java" ${SHEAF_BENCH_JAVA_OPTS:-} -Xmx2g @"$args" dev.sheaf.benchmarks.VideoFramesBenchmark \
  --dir "$dir" --videos "$videos" --seconds "$seconds" --gop "$gop" --runs 2
python3 "$bench/python/video_bench.py" --dir "$dir/data/videos" --runs 2
echo "run-video.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
