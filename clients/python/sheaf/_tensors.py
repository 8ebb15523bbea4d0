"""Arrow batches to torch tensors, without copies where Arrow's layout allows.

- integer, float and boolean columns without nulls: ``torch.from_numpy`` over Arrow's buffer
  (booleans are bit-packed in Arrow, so they are copied);
- ``FixedSizeList<number>[n]`` (Sheaf ``VECTOR(n)``) without nulls: a ``[rows, n]`` tensor over
  the child buffer; ``arrow.fixed_shape_tensor``: a ``[rows, *shape]`` tensor;
- binary columns named in ``image_columns`` (by default those whose ``sheaf.type`` is a media
  type): decoded with Pillow to ``uint8`` ``[C, H, W]`` tensors, stacked when all have one shape;
- everything else (strings, media URIs, timestamps, decimals, columns with nulls): Python lists.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import torch

from ._tensors_meta import image_columns_of  # noqa: E402,F401


def decode_image(data: bytes) -> torch.Tensor:
    """JPEG/PNG/... bytes to a ``uint8`` ``[3, H, W]`` RGB tensor."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        array = np.array(image.convert("RGB"))
    return torch.from_numpy(array).permute(2, 0, 1)


def _shared(array: np.ndarray) -> torch.Tensor:
    """A tensor over the same memory. Arrow's buffers are read-only: do not write to it."""
    if array.flags.writeable:
        return torch.from_numpy(array)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The given NumPy array is not writable")
        return torch.from_numpy(array)


def _stack_or_list(tensors: list[torch.Tensor]) -> torch.Tensor | list[torch.Tensor]:
    if tensors and all(t.shape == tensors[0].shape for t in tensors):
        return torch.stack(tensors)
    return tensors


def column_to_torch(array: pa.Array, field: pa.Field, decode: bool = False) -> Any:
    if decode:
        return _stack_or_list(
            [decode_image(value) if value is not None else None for value in array.to_pylist()]
        )
    kind = array.type
    if isinstance(kind, pa.FixedShapeTensorType):
        if array.null_count == 0:
            return _shared(array.to_numpy_ndarray())
        return array.to_pylist()
    if array.null_count == 0:
        if pa.types.is_integer(kind) or pa.types.is_floating(kind):
            return _shared(array.to_numpy(zero_copy_only=True))
        if pa.types.is_boolean(kind):
            return torch.from_numpy(array.to_numpy(zero_copy_only=False))
        if pa.types.is_fixed_size_list(kind) and (
            pa.types.is_integer(kind.value_type) or pa.types.is_floating(kind.value_type)
        ):
            values = array.flatten()  # respects the array's offset
            if values.null_count == 0:
                flat = values.to_numpy(zero_copy_only=True)
                return _shared(flat).reshape(len(array), kind.list_size)
    return array.to_pylist()


def to_tensors(table: pa.Table, image_columns: Iterable[str] | None = None) -> dict[str, Any]:
    """The default conversion of a batch: {column name: tensor or list}."""
    decode = set(image_columns_of(table.schema) if image_columns is None else image_columns)
    out: dict[str, Any] = {}
    for field, column in zip(table.schema, table.columns):
        array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        out[field.name] = column_to_torch(array, field, field.name in decode)
    return out
