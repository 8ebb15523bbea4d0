"""Arrow batches to torch tensors, without copies where Arrow's layout allows.

- integer, float and boolean columns without nulls: ``torch.from_numpy`` over Arrow's buffer
  (booleans are bit-packed in Arrow, so they are copied);
- ``FixedSizeList<number>[n]`` (Sheaf ``VECTOR(n)``) without nulls: a ``[rows, n]`` tensor over
  the child buffer; ``arrow.fixed_shape_tensor``: a ``[rows, *shape]`` tensor;
- binary columns named in ``image_columns`` (by default those whose ``sheaf.type`` is a media
  type): decoded to ``uint8`` ``[3, H, W]`` RGB tensors straight from Arrow's buffer (no Python
  bytes), with ``torchvision.io.decode_image`` where torchvision is installed (libjpeg-turbo/libpng,
  about twice Pillow's speed here) and Pillow otherwise or for formats torchvision cannot read;
  stacked into one ``[B, 3, H, W]`` tensor when all have one shape, in shared memory inside a
  DataLoader worker (so handing the batch to the main process copies nothing more);
- everything else (strings, media URIs, timestamps, decimals, columns with nulls): Python lists.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import torch

from ._tensors_meta import image_columns_of  # noqa: E402,F401


def decode_image_pillow(data: bytes | memoryview) -> torch.Tensor:
    """JPEG/PNG/... bytes to a ``uint8`` ``[3, H, W]`` RGB tensor, with Pillow."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        array = np.array(image.convert("RGB"))
    return torch.from_numpy(array).permute(2, 0, 1)


_UNSET = object()
_torchvision_decode: Any = _UNSET


def _torchvision_decoder():
    """``decode(uint8 tensor) -> [3, H, W]`` from torchvision.io, or None without torchvision."""
    global _torchvision_decode
    if _torchvision_decode is _UNSET:
        try:
            from torchvision.io import ImageReadMode
            from torchvision.io import decode_image as decode

            # torchvision 0.29 warns at every call that TorchCodec will take over its decoders
            warnings.filterwarnings("ignore", category=DeprecationWarning,
                                    message="The image decoding and encoding capabilities")

            def run(data: torch.Tensor) -> torch.Tensor:
                return decode(data, mode=ImageReadMode.RGB)

            _torchvision_decode = run
        except Exception:  # noqa: BLE001 - not installed, or a build without image support
            _torchvision_decode = None
    return _torchvision_decode


def decode_image(data: bytes | memoryview | np.ndarray) -> torch.Tensor:
    """Image bytes to a ``uint8`` ``[3, H, W]`` RGB tensor: torchvision.io where it can read the
    format, Pillow otherwise."""
    decode = _torchvision_decoder()
    if decode is not None:
        array = data if isinstance(data, np.ndarray) else np.frombuffer(data, dtype=np.uint8)
        try:
            return decode(_shared(array))
        except RuntimeError:
            pass  # a format torchvision does not read (BMP, TIFF, ...): Pillow below
    return decode_image_pillow(data.tobytes() if isinstance(data, np.ndarray) else data)


def _binary_values(array: pa.Array) -> list[np.ndarray] | None:
    """Each value of a binary array without nulls as a numpy view of Arrow's data buffer."""
    if array.null_count or not (pa.types.is_binary(array.type)
                                or pa.types.is_large_binary(array.type)):
        return None
    _, offsets_buffer, data_buffer = array.buffers()
    width = np.int64 if pa.types.is_large_binary(array.type) else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=width)[array.offset:array.offset + len(array) + 1]
    data = (np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None
            else np.empty(0, np.uint8))
    bounds = offsets.tolist()
    return [data[bounds[i]:bounds[i + 1]] for i in range(len(array))]


def decode_images(array: pa.Array) -> torch.Tensor | list[Any]:
    """A binary column of images as one ``[B, 3, H, W]`` tensor (a list when shapes differ or
    values are null)."""
    values = _binary_values(array)
    if values is None:
        return _stack_or_list([decode_image(v) if v is not None else None
                               for v in array.to_pylist()])
    return _stack_or_list([decode_image(v) for v in values])


def _shared(array: np.ndarray) -> torch.Tensor:
    """A tensor over the same memory. Arrow's buffers are read-only: do not write to it."""
    if array.flags.writeable:
        return torch.from_numpy(array)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The given NumPy array is not writable")
        return torch.from_numpy(array)


def _stack_or_list(tensors: list[Any]) -> torch.Tensor | list[Any]:
    if not tensors or any(t is None or t.shape != tensors[0].shape for t in tensors):
        return tensors
    first = tensors[0]
    shape = (len(tensors), *first.shape)
    if torch.utils.data.get_worker_info() is not None:
        # what the DataLoader's collate does in a worker: the batch is made in shared memory, so
        # it goes to the main process without another copy
        storage = first.untyped_storage()._new_shared(math.prod(shape) * first.element_size())
        out = first.new(storage).view(-1)[: math.prod(shape)].view(shape)
    else:
        out = torch.empty(shape, dtype=first.dtype)
    return torch.stack(tensors, out=out)


def column_to_torch(array: pa.Array, field: pa.Field, decode: bool = False) -> Any:
    if decode:
        return decode_images(array)
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
