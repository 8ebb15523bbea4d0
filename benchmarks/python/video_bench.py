"""PyAV peer of VideoFramesBenchmark: the same seeks in Python.

For each video, the frame shown at t = 0, 1, ... s (1 fps): seek to the keyframe at or before t,
decode forward to the last frame at or before t, convert it to RGB (and, with --png, encode it as
PNG with Pillow, as Sheaf's extract_frame returns PNG). One decoder thread, as Sheaf's. Prints one
JSON line per measurement (best of --runs).

    python3 benchmarks/python/video_bench.py --dir DIR [--runs 2]
"""

import argparse
import glob
import io
import json
import os
import time

import av
from PIL import Image


def frame_at(container, stream, t):
    container.seek(int(t / stream.time_base), stream=stream, backward=True, any_frame=False)
    kept = None
    for frame in container.decode(stream):
        if frame.time > t + 1e-9 and kept is not None:
            break
        kept = frame
        if frame.time > t + 1e-9:
            break
    return kept


def run(files, png):
    count = 0
    times = []
    for path in files:
        with av.open(path) as container:
            stream = container.streams.video[0]
            stream.thread_count = 1
            duration = float(stream.duration * stream.time_base)
            t = 0.0
            k = 0
            while t < duration - 1e-9:
                frame = frame_at(container, stream, t)
                pixels = frame.to_ndarray(format="rgb24")
                if png:
                    out = io.BytesIO()
                    Image.fromarray(pixels).save(out, format="PNG")
                times.append(round(frame.time, 6))
                count += 1
                k += 1
                t = float(k)
    return count, times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(args.dir, "*.mp4")))
    for png in (True, False):
        best = None
        for _ in range(args.runs):
            start = time.perf_counter()
            count, times = run(files, png)
            elapsed = time.perf_counter() - start
            if best is None or elapsed < best[1]:
                best = (count, elapsed, times)
        print(
            json.dumps(
                {
                    "benchmark": "pyav_seek_per_frame" + ("_png" if png else "_rgb"),
                    "pyav": av.__version__,
                    "videos": len(files),
                    "frames": best[0],
                    "seconds": best[1],
                    "frames_per_second": best[0] / best[1],
                    "frame_times_exact": all(abs(t - round(t)) < 1e-9 for t in best[2]),
                }
            )
        )


if __name__ == "__main__":
    main()
