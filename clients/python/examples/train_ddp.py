"""Train a tiny CNN for one epoch on a Sheaf table of images, with DDP over 2 CPU processes (gloo).

    python train_ddp.py --uri grpc://127.0.0.1:31337 --table example_images --make-table

Each rank streams its own share of the table (the same number of batches on every rank); images
are decoded from bytes in the DataLoader workers. With ``--make-table`` the script first creates a
small table of random PNG images with labels (the brightest channel).
"""

from __future__ import annotations

import argparse
import io
import os
import socket

import numpy as np
import pyarrow as pa
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
import torch.nn.functional as F

import sheaf
from sheaf.client import ConnectionOptions
from sheaf.torch import SheafIterableDataset


def make_table(uri: str, table: str, rows: int) -> None:
    from PIL import Image

    rng = np.random.default_rng(0)
    images, labels = [], []
    for _ in range(rows):
        label = int(rng.integers(3))
        pixels = rng.integers(0, 100, (16, 16, 3), dtype=np.uint8)
        pixels[..., label] += 120
        data = io.BytesIO()
        Image.fromarray(pixels).save(data, format="PNG")
        images.append(data.getvalue())
        labels.append(label)
    with sheaf.connect(uri) as client:
        client.insert(table, {"id": pa.array(range(rows), pa.int64()),
                              "img": pa.array(images, pa.binary()),
                              "label": pa.array(labels, pa.int32())}, mode="replace"
                      if table in client.tables().column("table_name").to_pylist() else "create")


class TinyCNN(nn.Module):
    def __init__(self, classes: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.head = nn.Linear(16, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.conv2(x))
        return self.head(x.mean(dim=(2, 3)))


def train(rank: int, world_size: int, port: int, args: argparse.Namespace) -> None:
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank,
                            world_size=world_size)
    torch.manual_seed(0)
    model = nn.parallel.DistributedDataParallel(TinyCNN())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    # rank and world size come from torch.distributed; rank 0 plans and shares the plan
    dataset = SheafIterableDataset(
        ConnectionOptions(args.uri), f"SELECT img, label FROM {args.table}",
        batch_size=args.batch_size, shuffle=True, seed=0, image_columns=["img"])
    loader = dataset.loader(num_workers=args.workers)
    dataset.set_epoch(0)
    steps, seen, total_loss = 0, 0, 0.0
    for batch in loader:
        images = batch["img"].float() / 255.0
        loss = F.cross_entropy(model(images), batch["label"].long())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        steps += 1
        seen += len(batch["label"])
        total_loss += loss.item()
    counts = torch.tensor([seen])
    dist.all_reduce(counts)
    print(f"rank {rank}: {steps} steps, {seen} images, mean loss {total_loss / max(steps, 1):.3f},"
          f" all ranks {int(counts)} images, table version {dataset.version}", flush=True)
    dist.destroy_process_group()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default="grpc://127.0.0.1:31337")
    parser.add_argument("--table", default="example_images")
    parser.add_argument("--make-table", action="store_true")
    parser.add_argument("--rows", type=int, default=256)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--world-size", type=int, default=2)
    args = parser.parse_args()
    if args.make_table:
        make_table(args.uri, args.table, args.rows)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    mp.spawn(train, args=(args.world_size, port, args), nprocs=args.world_size, join=True)


if __name__ == "__main__":
    main()
