"""``SheafIterableDataset``: a PyTorch IterableDataset that streams a query from Sheaf.

See ``_plan`` for how rows are split between ranks and workers. The dataset holds the query's
plan (the tickets of its partitions, pinned to one table version, and their row counts) and the
connection options; every process opens its own connection when it starts reading, or, when it
was forked after its parent used gRPC, reads through a reader process (``_reader_process``).
"""

from __future__ import annotations

import base64
import multiprocessing
from collections.abc import Callable, Iterator
from typing import Any

from ._deps import preload_for_workers, require

torch = require("torch")
np = require("numpy")

import pyarrow as pa

from . import _plan
from ._planner import plan_keeping_fork_safe
from ._reader import prefetched, read_segments, shuffled_batches
from ._sql import pin_dataset, pin_version
from ._tensors import _torchvision_decoder, image_columns_of, to_tensors
from .client import ConnectionOptions
from .errors import InvalidArgument

STATE_FORMAT = "sheaf.torch_dataset/1"
DEFAULT_MAX_BYTES_IN_FLIGHT = 256 << 20


def _partition_count(world_size: int) -> int:
    # several partitions per rank, so shuffling the partition order mixes the data, but not too
    # many: each partition read plans the query again on the server. The count must not depend
    # on the number of workers (the plan is made before the workers exist).
    return min(4096, 16 * world_size)


def _distributed() -> tuple[int, int] | None:
    dist = torch.distributed
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return None


def _worker_context(asked: Any, images: bool):
    """fork by default: it starts workers fastest (torch already imported), and a worker forked
    after this process used gRPC reads through a reader process of its own. A forkserver asked
    by name gets torch (and the image decoder) preloaded, imported once, not in every worker."""
    if asked is None:
        if "fork" in multiprocessing.get_all_start_methods():
            return multiprocessing.get_context("fork")
        return None
    if asked == "forkserver":
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(  # pandas: see preload_for_workers (skipped if absent)
            ["sheaf.torch", "pandas"] + (["sheaf._decoder_preload"] if images else []))
        return context
    return asked


class SheafIterableDataset(torch.utils.data.IterableDataset):
    """Batches of a Sheaf query for one DDP rank; give it to a DataLoader with ``batch_size=None``.

    Every rank yields the same number of batches; over all ranks and workers each row comes once
    per epoch (with ``drop_last``, each rank drops the rows of its share past
    ``batches * batch_size``). ``set_epoch(n)`` reshuffles from ``(seed, n)``. The table version
    is pinned when the dataset is made (the first epoch's version) for the whole run.
    """

    def __init__(
        self,
        options: ConnectionOptions,
        query: str,
        *,
        batch_size: int,
        shuffle: bool = False,
        seed: int = 0,
        drop_last: bool = False,
        version: int | None = None,
        dataset: str | None = None,
        to_tensor: Callable[[pa.Table], Any] | None = None,
        image_columns: list[str] | None = None,
        rank: int | None = None,
        world_size: int | None = None,
        partitions: int | None = None,
        shuffle_buffer: int | None = None,
        max_bytes_in_flight: int = DEFAULT_MAX_BYTES_IN_FLIGHT,
    ):
        super().__init__()
        if batch_size < 1:
            raise InvalidArgument(f"INVALID_ARGUMENT: Cannot make batches of {batch_size} rows"
                                  " (give batch_size >= 1)")
        dist = _distributed()
        if rank is None and world_size is None and dist is not None:
            rank, world_size = dist
        rank, world_size = rank or 0, world_size or 1
        if not 0 <= rank < world_size:
            raise InvalidArgument(f"INVALID_ARGUMENT: Cannot read as rank {rank} of {world_size}")
        self.options = options
        self.query = query
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.seed = seed
        self.drop_last = drop_last
        self.to_tensor = to_tensor
        self.image_columns = image_columns
        self.rank = rank
        self.world_size = world_size
        self.shuffle_buffer = shuffle_buffer or 4 * batch_size
        self.max_bytes_in_flight = max_bytes_in_flight
        self.num_workers: int | None = None  # set by loader(); checked on resume
        if dataset is not None:
            query = pin_dataset(query, dataset)
        self._plan = self._make_plan(
            pin_version(query, version) if version is not None else query,
            partitions or _partition_count(world_size),
            dist is not None and dist[1] > 1,
        )
        # [epoch, batches to skip] shared with worker processes (persistent ones included)
        self._shared = multiprocessing.RawArray("q", 2)
        self._resume_pending = False
        self._seen = 0  # batches yielded in this process (num_workers=0)

    # ---- planning

    def _make_plan(self, query: str, partitions: int, broadcast: bool) -> dict[str, Any]:
        plan = None
        if not broadcast or torch.distributed.get_rank() == 0:
            plan = plan_keeping_fork_safe(self.options, query, partitions)
        if broadcast:
            box = [plan]
            torch.distributed.broadcast_object_list(box, src=0)
            plan = box[0]
        assert plan is not None
        return plan

    @property
    def version(self) -> int | None:
        """The table version every epoch reads; None for a query whose result the server keeps
        (joins, aggregates, ORDER BY: computed once when the dataset is made)."""
        version = self._plan["version"]
        return int(version) if version is not None else None

    @property
    def schema(self) -> pa.Schema:
        return pa.ipc.read_schema(pa.py_buffer(self._plan["schema"]))

    @property
    def total_rows(self) -> int:
        return sum(self._plan["rows"])

    def __len__(self) -> int:
        """Batches per epoch on this rank (the same on every rank)."""
        return _plan.batches_per_rank(self.total_rows, self.world_size, self.batch_size,
                                      self.drop_last)

    # ---- epochs and resuming

    @property
    def epoch(self) -> int:
        return int(self._shared[0])

    def set_epoch(self, epoch: int) -> None:
        """Reshuffles for ``epoch``; after ``load_state_dict``, the saved epoch resumes."""
        if not (self._resume_pending and epoch == self.epoch):
            self._shared[1] = 0
        self._resume_pending = False
        self._shared[0] = epoch
        self._seen = 0

    def state_dict(self, *, batches_seen: int | None = None) -> dict[str, Any]:
        """Where this rank is: enough to resume on exactly the remaining rows, in any process.

        ``batches_seen``: batches the DataLoader has yielded since this epoch's iteration began
        (needed with workers; without workers the dataset counts them itself)."""
        seen = self._seen if batches_seen is None else batches_seen
        return {
            "format": STATE_FORMAT,
            "query": self.query,
            "epoch": self.epoch,
            "batches": int(self._shared[1]) + seen,
            "seed": self.seed,
            "shuffle": self.shuffle,
            "batch_size": self.batch_size,
            "drop_last": self.drop_last,
            "world_size": self.world_size,
            "num_workers": self.num_workers,
            "shuffle_buffer": self.shuffle_buffer,
            "plan": {**self._plan,
                     "tickets": [base64.b64encode(t).decode() for t in self._plan["tickets"]],
                     "schema": base64.b64encode(self._plan["schema"]).decode()},
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continues from ``state``: the same version, order and the batches not yet seen."""
        if state.get("format") != STATE_FORMAT:
            raise InvalidArgument(f"INVALID_ARGUMENT: Cannot load the state: expected format"
                                  f" {STATE_FORMAT}, found {state.get('format')!r}")
        for key in ("query", "batch_size", "drop_last", "world_size", "shuffle", "seed"):
            if state[key] != getattr(self, key):
                raise InvalidArgument(
                    f"INVALID_ARGUMENT: Cannot resume: the state has {key}={state[key]!r}, this"
                    f" dataset {getattr(self, key)!r} (make the dataset as before)")
        plan = state["plan"]
        self._plan = {**plan,
                      "tickets": [base64.b64decode(t) for t in plan["tickets"]],
                      "schema": base64.b64decode(plan["schema"])}
        self.shuffle_buffer = state["shuffle_buffer"]
        self._saved_workers = state.get("num_workers")
        self._shared[0] = state["epoch"]
        self._shared[1] = state["batches"]
        self._resume_pending = True
        self._seen = 0

    def loader(self, **kwargs: Any) -> torch.utils.data.DataLoader:
        """A DataLoader for this dataset (``batch_size=None``); records its worker count.

        Workers fork by default, whether or not this process has talked to a Sheaf server (a
        worker forked after it has reads through a reader process: gRPC is not fork-safe);
        ``multiprocessing_context='forkserver'`` (preloaded with torch) and ``'spawn'`` work too."""
        self.num_workers = kwargs.get("num_workers", 0)
        kwargs.setdefault("batch_size", None)
        images = self.to_tensor is None and bool(
            self.image_columns if self.image_columns is not None
            else image_columns_of(self.schema))
        if self.num_workers and images:
            _torchvision_decoder()  # imported here once, not in every forked worker
        if self.num_workers:
            preload_for_workers()
        if self.num_workers:
            kwargs["multiprocessing_context"] = _worker_context(
                kwargs.get("multiprocessing_context"), images)
        return torch.utils.data.DataLoader(self, **kwargs)

    # ---- reading

    def __iter__(self) -> Iterator[Any]:
        info = torch.utils.data.get_worker_info()
        worker, workers = (info.id, info.num_workers) if info is not None else (0, 1)
        saved = getattr(self, "_saved_workers", None)
        if saved is not None and int(self._shared[1]) > 0 and max(saved, 1) != workers:
            raise InvalidArgument(
                f"INVALID_ARGUMENT: Cannot resume mid-epoch with {workers} workers: the state was"
                f" saved with {saved} (use the same num_workers)")
        epoch, skip_before = int(self._shared[0]), int(self._shared[1])
        # The DataLoader takes batches from workers 0, 1, ... in turn from its start, so after
        # skipping s batches, loader worker w makes the batches planned for worker (w + s) % K.
        planned = (worker + skip_before) % workers
        plan = _plan.worker_plan(
            self._plan["rows"], rank=self.rank, world_size=self.world_size, worker=planned,
            num_workers=workers, batch_size=self.batch_size, drop_last=self.drop_last,
            shuffle=self.shuffle, seed=self.seed, epoch=epoch)
        rng = (np.random.default_rng([self.seed, epoch, self.rank, planned])
               if self.shuffle else None)
        if info is None:
            self._seen = 0
        source = prefetched(read_segments(self.options, self._plan["tickets"], plan.segments),
                            self.max_bytes_in_flight)
        batches = shuffled_batches(source, self.schema, plan.batch_sizes,
                                   block_rows=self.shuffle_buffer, rng=rng)
        try:
            for index, table in zip(plan.batch_indices, batches):
                if index < skip_before:
                    continue
                out = self.to_tensor(table) if self.to_tensor else to_tensors(
                    table, self.image_columns)
                if info is None:
                    self._seen += 1
                yield out
        finally:
            batches.close()
            source.close()
