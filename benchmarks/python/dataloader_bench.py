"""DataLoader throughput: Sheaf's torch dataset against torchvision ImageFolder and Hugging Face
``datasets`` over Parquet, on the same JPEGs, decoding to uint8 [3, 224, 224] tensors in the
loader's worker processes.

    python benchmarks/python/dataloader_bench.py --images 2000 --workers 2

Starts its own ``./sheaf serve`` on a free port unless ``--uri`` is given. Prints one markdown row
per loader: samples/s, MB/s (JPEG bytes), time to first batch. Sheaf stores the JPEG bytes in a
VARBINARY column (IMAGE references cannot be fetched by the server yet: ``fetch(img)`` is coming).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
CLASSES = 10


def make_images(directory: Path, count: int) -> tuple[list[bytes], list[int]]:
    from PIL import Image

    rng = np.random.default_rng(0)
    ramp = np.linspace(0, 200, 224, dtype=np.float32)
    images, labels = [], []
    for i in range(count):
        label = i % CLASSES
        pixels = ramp[None, :, None] * rng.random(3) + rng.normal(0, 12, (224, 224, 3))
        data = io.BytesIO()
        Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(data, "JPEG", quality=90)
        images.append(data.getvalue())
        labels.append(label)
        folder = directory / "imagefolder" / f"class{label}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i}.jpg").write_bytes(data.getvalue())
    return images, labels


def decode(data: bytes):
    import torch
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return torch.from_numpy(np.array(image.convert("RGB"))).permute(2, 0, 1)


def measure(name: str, loader, total_bytes: int) -> dict:
    start = time.perf_counter()
    first = None
    samples = 0
    for batch in loader:
        if first is None:
            first = time.perf_counter() - start
        samples += len(batch[1] if isinstance(batch, (list, tuple)) else batch["label"])
    elapsed = time.perf_counter() - start
    return {"name": name, "samples": samples, "seconds": elapsed, "first": first,
            "samples_s": samples / elapsed, "mb_s": total_bytes / elapsed / 1e6}


def imagefolder_loader(directory: Path, batch_size: int, workers: int):
    import torch
    import torchvision
    from torchvision.transforms import PILToTensor

    dataset = torchvision.datasets.ImageFolder(str(directory / "imagefolder"),
                                               transform=PILToTensor())
    return torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True,
                                       num_workers=workers)


def hf_loader(directory: Path, images, labels, batch_size: int, workers: int):
    import datasets
    import torch

    path = directory / "images.parquet"
    pq.write_table(pa.table({"image": pa.array(images, pa.binary()), "label": labels}), path)
    dataset = datasets.Dataset.from_parquet(str(path), cache_dir=str(directory / "hf-cache"))

    def transform(batch):
        return {"image": [decode(b) for b in batch["image"]], "label": batch["label"]}

    dataset.set_transform(transform)

    def collate(rows):
        return {"image": torch.stack([r["image"] for r in rows]),
                "label": torch.tensor([r["label"] for r in rows])}

    return torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True,
                                       num_workers=workers, collate_fn=collate)


def start_server(directory: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(directory / "sheaf.log", "w")
    process = subprocess.Popen([str(ROOT / "sheaf"), "serve", "--port", str(port), "--data-dir",
                                str(directory / "sheaf-data")], stdout=log,
                               stderr=subprocess.STDOUT)
    for _ in range(600):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"grpc://127.0.0.1:{port}"
        time.sleep(0.2)
    raise TimeoutError("sheaf serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--uri")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="client-bench-"))
    images, labels = make_images(directory, args.images)
    total_bytes = sum(len(b) for b in images)
    server = None
    uri = args.uri
    try:
        # the peers first, so their (forked) workers start from a process without gRPC
        results = [measure("torchvision ImageFolder (local JPEG files)",
                           imagefolder_loader(directory, args.batch_size, args.workers),
                           total_bytes),
                   measure("Hugging Face datasets (Parquet, Image bytes)",
                           hf_loader(directory, images, labels, args.batch_size, args.workers),
                           total_bytes)]
        if uri is None:
            server, uri = start_server(directory)
        from sheaf.client import ConnectionOptions
        from sheaf.torch import SheafIterableDataset

        options = ConnectionOptions(uri)
        with options.connect() as client:
            for start in range(0, len(images), 1000):
                client.insert("bench_images", {
                    "id": pa.array(range(start, min(start + 1000, len(images))), pa.int64()),
                    "img": pa.array(images[start:start + 1000], pa.binary()),
                    "label": pa.array(labels[start:start + 1000], pa.int32())},
                    mode="create_append")
        dataset = SheafIterableDataset(options, "SELECT img, label FROM bench_images",
                                       batch_size=args.batch_size, shuffle=True,
                                       image_columns=["img"])
        loader = dataset.loader(num_workers=args.workers, persistent_workers=True)
        results.append(measure("Sheaf torch_dataset, epoch 0 (starts the workers)", loader,
                               total_bytes))
        dataset.set_epoch(1)
        results.append(measure("Sheaf torch_dataset, epoch 1 (persistent workers)", loader,
                               total_bytes))
        print(f"{args.images} images of 224x224 JPEG, {total_bytes / 1e6:.1f} MB, batch"
              f" {args.batch_size}, {args.workers} workers, {os.cpu_count()} CPUs")
        print("| Loader | samples/s | MB/s | first batch (s) | epoch (s) |")
        print("|---|---|---|---|---|")
        for r in results:
            print(f"| {r['name']} | {r['samples_s']:,.0f} | {r['mb_s']:.1f} | {r['first']:.2f} |"
                  f" {r['seconds']:.1f} |")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
