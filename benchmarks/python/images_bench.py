"""Decode + resize to 224x224 + tensor over JPEGs: Sheaf's to_tensor against Pillow.

  images_bench.py generate --dir DIR --count N       # N photo-like JPEGs (~500x375) from the samples
  images_bench.py pil --dir DIR [--processes P]       # Pillow: open, RGB, resize 224 bilinear, asarray
  images_bench.py sheaf --dir DIR --uri URI           # SELECT to_tensor(img, 224, 224) over Flight

Prints one JSON line per measurement. Sheaf's figure is images/s streamed into pyarrow as a
FixedShapeTensorArray and viewed as one numpy array per batch (no copy), the same end state as
Pillow's np.asarray per image.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

SAMPLES = Path("/work/shared/media/images")
SIZE = 224


def generate(directory: Path, count: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    sources = []
    for path in sorted(SAMPLES.glob("*")):
        if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
            with Image.open(path) as image:
                sources.append(image.convert("RGB"))
    rng = random.Random(42)
    started = time.perf_counter()
    for i in range(count):
        source = sources[i % len(sources)]
        width, height = source.size
        portrait = i % 4 == 3
        target = (375, 500) if portrait else (500, 375)
        # a random 60-100% crop of the sample, resized to a typical web photo, re-encoded
        scale = rng.uniform(0.6, 1.0)
        cw, ch = int(width * scale), int(height * scale)
        x, y = rng.randint(0, width - cw), rng.randint(0, height - ch)
        photo = source.crop((x, y, x + cw, y + ch)).resize(target, Image.BILINEAR)
        photo.save(directory / f"{i:05d}.jpg", quality=rng.randint(80, 95))
    print(
        json.dumps(
            {
                "step": "generate",
                "images": count,
                "seconds": round(time.perf_counter() - started, 2),
            }
        ),
        flush=True,
    )


def pil_tensor(path: str) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB").resize((SIZE, SIZE), Image.BILINEAR))


def pil(directory: Path, processes: int) -> None:
    files = [str(p) for p in sorted(directory.glob("*.jpg"))]
    for f in files[:200]:
        pil_tensor(f)  # warm the page cache and the decoder
    started = time.perf_counter()
    checksum = 0
    if processes <= 1:
        for f in files:
            checksum += int(pil_tensor(f)[0, 0, 0])
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for array in pool.imap(pil_tensor, files, chunksize=32):
                checksum += int(array[0, 0, 0])
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "peer": f"pillow-{processes}p",
                "pillow": Image.__version__,
                "images": len(files),
                "seconds": round(seconds, 3),
                "images_per_s": round(len(files) / seconds, 1),
                "checksum": checksum,
            }
        ),
        flush=True,
    )


def sheaf_run(directory: Path, uri: str) -> None:
    import sheaf

    client = sheaf.connect(uri)
    prefix = directory.resolve().as_uri() + "/"
    client.execute("DROP TABLE IF EXISTS imgbench")
    client.execute("CREATE TABLE imgbench (img IMAGE)")
    started = time.perf_counter()
    client.execute(
        f"INSERT INTO imgbench SELECT uri FROM TABLE(list_objects('{prefix}', pattern => '*.jpg'))"
    )
    count = client.sql("SELECT count(*) AS n FROM imgbench").column("n")[0].as_py()
    print(
        json.dumps(
            {
                "step": "sheaf-insert",
                "images": count,
                "seconds": round(time.perf_counter() - started, 2),
            }
        ),
        flush=True,
    )

    def timed(name: str, sql: str, tensors: bool) -> None:
        started = time.perf_counter()
        rows = 0
        checksum = 0
        for batch in client.sql_batches(sql):
            column = batch.column(0)
            rows += len(column)
            if tensors:
                array = column.to_numpy_ndarray()  # a view of Arrow's buffer
                checksum += int(array[:, 0, 0, 0].astype(np.int64).sum())
        seconds = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "sheaf": name,
                    "images": rows,
                    "seconds": round(seconds, 3),
                    "images_per_s": round(rows / seconds, 1),
                    "checksum": checksum if tensors else None,
                }
            ),
            flush=True,
        )

    # warm-up: JIT, the pool, the page cache
    for _ in client.sql_batches(
        "SELECT to_tensor(img, 224, 224) FROM imgbench LIMIT 500"
    ):
        pass
    timed("to_tensor", "SELECT to_tensor(img, 224, 224) AS t FROM imgbench", True)
    # where the time goes, on the first 2,000 rows (a short run): reading the files, computing
    # without sending tensors, and everything
    first = "FROM imgbench LIMIT 2000"
    timed("read_only_2000", f"SELECT length(fetch(img)) {first}", False)
    timed(
        "compute_no_transfer_2000",
        f"SELECT length(to_tensor(img, 224, 224)) {first}",
        False,
    )
    timed("to_tensor_2000", f"SELECT to_tensor(img, 224, 224) AS t {first}", True)
    client.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["generate", "pil", "sheaf"])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--uri")
    args = parser.parse_args()
    if args.mode == "generate":
        generate(args.dir, args.count)
    elif args.mode == "pil":
        pil(args.dir, args.processes)
    else:
        sheaf_run(args.dir, args.uri)
    return 0


if __name__ == "__main__":
    sys.exit(main())
