"""Which columns hold media, from the Sheaf types in Arrow field metadata."""

from __future__ import annotations

import pyarrow as pa

MEDIA_TYPES = ("IMAGE",)


def sheaf_type(field: pa.Field) -> str:
    metadata = field.metadata or {}
    return metadata.get(b"sheaf.type", b"").decode()


def image_columns_of(schema: pa.Schema) -> list[str]:
    """Binary columns whose Sheaf type is IMAGE (``SELECT fetch(img) AS img`` results)."""
    return [
        field.name
        for field in schema
        if (pa.types.is_binary(field.type) or pa.types.is_large_binary(field.type))
        and sheaf_type(field).startswith(MEDIA_TYPES)
    ]
