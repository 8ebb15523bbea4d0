"""Python values bound to a prepared statement's parameters, in the types the server asked for.

A value is converted only when nothing is lost: an integral float may bind to an integer parameter,
never 1.9 (no silent truncation); a float binds to a DECIMAL parameter when it is exact at the
parameter's scale; ISO text binds to DATE and TIMESTAMP parameters; an aware datetime binds to a
TIMESTAMP parameter as UTC and a naive one to a TIMESTAMP WITH TIME ZONE parameter as UTC (the
server's session time zone). Anything else raises :class:`sheaf.errors.TypeMismatch` naming the
parameter, before anything is sent.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import pyarrow as pa

from .errors import TypeMismatch


def parameter_array(position: int, value: Any, field: pa.Field) -> pa.Array:
    """A one-element array of ``value`` in ``field``'s type; ``position`` is 1-based."""
    try:
        return pa.array([_convert(value, field.type)], type=field.type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, TypeError, OverflowError,
            decimal.InvalidOperation) as error:
        raise TypeMismatch(
            f"TYPE_MISMATCH: Cannot bind {value!r} ({type(value).__name__}) to parameter {position}"
            f" of type {field.type}: {error}",
        ) from None


def _convert(value: Any, target: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_integer(target):
        if isinstance(value, bool):
            raise TypeError("a bool is not an integer (bind 0 or 1)")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError("it is not a whole number (round it, or cast the parameter)")
            return int(value)
        if isinstance(value, decimal.Decimal):
            if value != value.to_integral_value():
                raise ValueError("it is not a whole number (round it, or cast the parameter)")
            return int(value)
        return value
    if pa.types.is_decimal(target):
        if isinstance(value, bool):
            raise TypeError("a bool is not a number")
        if isinstance(value, float):
            value = decimal.Decimal(repr(value))
        elif isinstance(value, (int, str)):
            value = decimal.Decimal(value)
        if isinstance(value, decimal.Decimal):
            exponent = decimal.Decimal(1).scaleb(-target.scale)
            scaled = value.quantize(exponent)
            if scaled != value:
                raise ValueError(f"it has more than {target.scale} digits after the point")
            return scaled
        return value
    if pa.types.is_floating(target):
        if isinstance(value, bool):
            raise TypeError("a bool is not a number")
        if isinstance(value, (int, decimal.Decimal)):
            return float(value)
        return value
    if pa.types.is_date(target):
        if isinstance(value, str):
            return dt.date.fromisoformat(value.strip())
        if isinstance(value, dt.datetime):
            raise TypeError("a datetime is not a date (pass .date())")
        return value
    if pa.types.is_timestamp(target):
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value.strip())
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        if isinstance(value, dt.datetime):
            if target.tz is None and value.tzinfo is not None:
                return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
            if target.tz is not None and value.tzinfo is None:
                return value.replace(tzinfo=dt.timezone.utc)
        return value
    if pa.types.is_string(target) or pa.types.is_large_string(target):
        if not isinstance(value, str):
            raise TypeError("the parameter is text (pass a str, or cast the parameter)")
        return value
    if pa.types.is_binary(target) or pa.types.is_large_binary(target):
        if isinstance(value, (bytearray, memoryview)):
            return bytes(value)
        return value
    if pa.types.is_boolean(target):
        if not isinstance(value, bool):
            raise TypeError("the parameter is a BOOLEAN (pass True or False)")
        return value
    return value
