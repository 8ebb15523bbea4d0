"""Reads a worker's rows from Sheaf and cuts them into (shuffled) batches.

``read_segments`` reads them over this process's own connection, or through a reader process
where this process must not use gRPC (forked after its parent had). ``prefetched`` runs the Flight reads on a background thread with a bound on the bytes it holds,
so the next batches arrive while the training step runs. ``shuffled_batches`` mixes rows in
blocks of ``block_rows`` (exact row counts, whatever sizes the server sends), so the same seed
gives the same batches on every run; the first batch is shuffled from its own rows only, so that
it does not wait for a whole block (media fetched for rows of later batches).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence

import pyarrow as pa

from ._plan import Segment
from .client import Client, ConnectionOptions, forked_after_grpc

_DONE = object()


def segment_batches(
    client: Client, tickets: Sequence[bytes], segments: Iterable[Segment]
) -> Iterator[pa.RecordBatch]:
    """The rows of each segment, read from its partition's ticket (stopping early at its end)."""
    for segment in segments:
        position = 0
        stream = client.read_ticket(tickets[segment.partition])
        try:
            for batch in stream:
                count = batch.num_rows
                lo, hi = max(segment.start, position), min(segment.stop, position + count)
                if lo < hi:
                    yield batch.slice(lo - position, hi - lo)
                position += count
                if position >= segment.stop:
                    break
        finally:
            stream.close()


def read_segments(
    options: ConnectionOptions, tickets: Sequence[bytes], segments: Sequence[Segment]
) -> Generator[pa.RecordBatch, None, None]:
    """``segment_batches`` over a connection of this process's own, or, in a process forked after
    its parent used gRPC, through a reader process (``sheaf._reader_process``)."""
    if forked_after_grpc():
        from ._reader_process import read_in_reader_process

        yield from read_in_reader_process(options, tickets, segments)
        return
    with options.connect() as client:
        yield from segment_batches(client, tickets, segments)


class _ByteBudget:
    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0
        self.closed = False
        self.condition = threading.Condition()

    def acquire(self, size: int) -> bool:
        with self.condition:
            # one item may always go in, so a batch larger than the limit cannot stall the reader
            while self.used > 0 and self.used + size > self.limit and not self.closed:
                self.condition.wait()
            self.used += size
            return not self.closed

    def release(self, size: int) -> None:
        with self.condition:
            self.used -= size
            self.condition.notify_all()

    def close(self) -> None:
        with self.condition:
            self.closed = True
            self.condition.notify_all()


def prefetched(source: Iterator[pa.RecordBatch], max_bytes: int) -> Iterator[pa.RecordBatch]:
    """Iterates ``source`` on a background thread, holding at most about ``max_bytes`` ahead."""
    items: queue.SimpleQueue = queue.SimpleQueue()
    budget = _ByteBudget(max_bytes)

    def run() -> None:
        try:
            for batch in source:
                size = batch.nbytes
                if not budget.acquire(size):
                    return
                items.put((batch, size))
            items.put((_DONE, 0))
        except BaseException as error:  # noqa: BLE001 - handed to the consumer
            items.put((error, 0))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=run, name="sheaf-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item, size = items.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            budget.release(size)
            yield item
    finally:
        budget.close()


def _take_rows(source: Iterator[pa.RecordBatch], rows: int, carry: list[pa.RecordBatch]):
    """Up to ``rows`` rows from ``carry`` then ``source`` (the rest of a batch stays in carry)."""
    out: list[pa.RecordBatch] = []
    need = rows
    while need > 0:
        if carry:
            batch = carry.pop()
        else:
            batch = next(source, None)
            if batch is None:
                break
        if batch.num_rows > need:
            carry.append(batch.slice(need))
            batch = batch.slice(0, need)
        if batch.num_rows:
            out.append(batch)
            need -= batch.num_rows
    return out


def shuffled_batches(
    source: Iterator[pa.RecordBatch],
    schema: pa.Schema,
    sizes: Sequence[int],
    *,
    block_rows: int,
    rng,
) -> Iterator[pa.Table]:
    """Tables of the given sizes; with ``rng`` (a numpy Generator) rows are shuffled in blocks."""
    pool = pa.Table.from_batches([], schema=schema)
    carry: list[pa.RecordBatch] = []
    first = True
    for size in sizes:
        while pool.num_rows < size:
            # the first batch waits for its own rows only, not a whole block: it comes sooner
            want = size - pool.num_rows if first else max(block_rows, size - pool.num_rows)
            block = _take_rows(source, want, carry)
            if not block:
                break
            pool = pa.concat_tables([pool, pa.Table.from_batches(block, schema=schema)])
            if rng is not None:
                pool = pool.take(pa.array(rng.permutation(pool.num_rows)))
        if pool.num_rows < size:
            raise RuntimeError(
                f"INTERNAL_ERROR: Cannot make a batch of {size} rows: the stream ended with"
                f" {pool.num_rows} (the partition counts and the data disagree)"
            )
        first = False
        yield pool.slice(0, size)
        pool = pool.slice(size)
