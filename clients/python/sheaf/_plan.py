"""Which rows each rank and DataLoader worker reads in an epoch, and in which batches.

Pure arithmetic over the partitions' row counts, so every rank and worker computes the same plan
without talking to the others:

1. The partitions are laid end to end (in an order shuffled from ``(seed, epoch)`` when
   shuffling): a virtual sequence of all N rows.
2. Rank ``r`` of ``W`` takes the rows ``[r*N//W, (r+1)*N//W)``: rank shares differ by at most one
   row.
3. Every rank makes the same number of batches B: ``ceil(ceil(N/W) / batch_size)``, or with
   ``drop_last`` ``floor(floor(N/W) / batch_size)`` full batches (each rank then drops the rows
   of its share past ``B * batch_size``). Batches are full first; the last ones are smaller and,
   while a rank has at least B rows, never empty.
4. A DataLoader with K workers yields batch j from worker ``j % K``, so worker w gets the batches
   ``w, w+K, ...`` and reads one contiguous run of the rank's rows holding them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """Rows ``[start, stop)`` of partition ``partition``."""

    partition: int
    start: int
    stop: int


@dataclass(frozen=True)
class WorkerPlan:
    """What one worker of one rank reads in an epoch, and the sizes of the batches it yields."""

    segments: tuple[Segment, ...]
    batch_sizes: tuple[int, ...]
    # The rank-wide index of each batch (j with j % K == worker), for resuming.
    batch_indices: tuple[int, ...]

    @property
    def rows(self) -> int:
        return sum(self.batch_sizes)


def partition_order(count: int, *, shuffle: bool, seed: int, epoch: int) -> list[int]:
    order = list(range(count))
    if shuffle:
        random.Random(f"sheaf-partitions:{seed}:{epoch}").shuffle(order)
    return order


def rank_rows(total: int, rank: int, world_size: int) -> tuple[int, int]:
    return rank * total // world_size, (rank + 1) * total // world_size


def batches_per_rank(total: int, world_size: int, batch_size: int, drop_last: bool) -> int:
    if drop_last:
        return (total // world_size) // batch_size
    return math.ceil(math.ceil(total / world_size) / batch_size)


def batch_sizes(rows: int, batches: int, batch_size: int, drop_last: bool) -> list[int]:
    """Sizes of ``batches`` batches over ``rows`` rows: full first, at least one row each while
    rows allow (with drop_last: all full)."""
    if drop_last:
        return [batch_size] * batches
    sizes = []
    left = rows
    for i in range(batches):
        size = max(0, min(batch_size, left - (batches - i - 1)))
        sizes.append(size)
        left -= size
    return sizes


def worker_plan(
    partition_rows: list[int] | tuple[int, ...],
    *,
    rank: int,
    world_size: int,
    worker: int,
    num_workers: int,
    batch_size: int,
    drop_last: bool,
    shuffle: bool,
    seed: int,
    epoch: int,
) -> WorkerPlan:
    total = sum(partition_rows)
    order = partition_order(len(partition_rows), shuffle=shuffle, seed=seed, epoch=epoch)
    first, end = rank_rows(total, rank, world_size)
    batches = batches_per_rank(total, world_size, batch_size, drop_last)
    sizes = batch_sizes(end - first, batches, batch_size, drop_last)
    # worker w's rows come after the rows of workers 0..w-1 inside the rank's share
    offset = first + sum(s for j, s in enumerate(sizes) if j % num_workers < worker)
    mine = [j for j in range(batches) if j % num_workers == worker]
    length = sum(sizes[j] for j in mine)
    return WorkerPlan(
        segments=tuple(_segments(partition_rows, order, offset, offset + length)),
        batch_sizes=tuple(sizes[j] for j in mine),
        batch_indices=tuple(mine),
    )


def _segments(rows: list[int] | tuple[int, ...], order: list[int], start: int, stop: int):
    """The pieces of partitions, in ``order``, covering virtual rows ``[start, stop)``."""
    position = 0
    for partition in order:
        count = rows[partition]
        lo, hi = max(start, position), min(stop, position + count)
        if lo < hi:
            yield Segment(partition, lo - position, hi - position)
        position += count
        if position >= stop:
            return
