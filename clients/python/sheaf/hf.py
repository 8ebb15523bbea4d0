"""Hugging Face ``datasets`` from Sheaf queries.

``hf_dataset`` builds an in-memory ``datasets.Dataset`` straight from the Arrow result (no
per-row conversion): Sheaf ``VECTOR(n)`` columns become ``List(Value('float32'), length=n)``,
binary IMAGE columns (``SELECT fetch(img) AS img``) become ``datasets.Image()`` (a column-level
wrap into Image's ``{bytes, path}`` struct), IMAGE references stay strings. With
``streaming=True`` it returns a ``datasets.IterableDataset`` whose shards are the query's
partitions, so ``split_dataset_by_node`` gives each node whole partitions when the partition count
divides by the world size; it reads in the process that iterates (a DataLoader worker), through a
reader process where that process was forked after its parent used gRPC.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ._deps import require
from ._plan import Segment
from ._reader import read_segments
from ._sql import pin_dataset, pin_version
from ._tensors_meta import image_columns_of
from .client import ConnectionOptions

if TYPE_CHECKING:
    from .client import Client

HFDatasetType = Any  # datasets.Dataset | datasets.IterableDataset (datasets is optional)
DEFAULT_STREAMING_PARTITIONS = 16


def _features(schema: pa.Schema, images: list[str]):
    datasets = require("datasets")
    features = datasets.Features.from_arrow_schema(schema)
    for name in images:
        features[name] = datasets.Image()
    return features


def _as_image_struct(column: pa.ChunkedArray) -> pa.ChunkedArray:
    chunks = []
    for chunk in column.chunks:
        paths = pa.nulls(len(chunk), pa.string())
        chunks.append(pa.StructArray.from_arrays([chunk.cast(pa.binary()), paths],
                                                 names=["bytes", "path"]))
    return pa.chunked_array(chunks, type=pa.struct([("bytes", pa.binary()),
                                                     ("path", pa.string())]))


def _with_images(table: pa.Table, images: list[str] | tuple[str, ...]) -> pa.Table:
    for name in images:
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, _as_image_struct(table.column(name)))
    return table


def _rows(options: dict[str, Any], tickets: list[bytes], images: tuple[str, ...]) -> Iterator[dict]:
    """Rows of some partitions, read in the process that iterates (one shard = one ticket):
    over its own connection, or through a reader process where it must not use gRPC."""
    whole = [Segment(i, 0, sys.maxsize) for i in range(len(tickets))]
    stream = read_segments(ConnectionOptions(**options), tickets, whole)
    try:
        for batch in stream:
            table = _with_images(pa.Table.from_batches([batch]), images)
            yield from table.to_pylist()
    finally:
        stream.close()


def hf_dataset(client: Client, query: str, *, streaming: bool = False,
               version: int | None = None, dataset: str | None = None) -> HFDatasetType:
    datasets = require("datasets")
    if dataset is not None:
        query = pin_dataset(query, dataset)
    if version is not None:
        query = pin_version(query, version)
    if not streaming:
        table = client.sql(query)
        images = image_columns_of(table.schema)
        features = _features(table.schema, images)
        table = _with_images(table, images).replace_schema_metadata(None)
        arrow = datasets.table.InMemoryTable(table.cast(features.arrow_schema))
        return datasets.Dataset(arrow, info=datasets.DatasetInfo(features=features))
    planned = client.partitions(query, DEFAULT_STREAMING_PARTITIONS)
    images = image_columns_of(planned.schema)
    return datasets.IterableDataset.from_generator(
        _rows,
        features=_features(planned.schema, images),
        gen_kwargs={"options": asdict(client.options), "tickets": list(planned.tickets),
                    "images": tuple(images)},
    )
