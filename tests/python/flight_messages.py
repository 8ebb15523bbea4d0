"""Flight SQL commands encoded by hand (protobuf wire format), for tests that use pyarrow.flight
directly: an `Any` holding a Flight SQL message, as GetFlightInfo's descriptor command."""

from __future__ import annotations

SQL_TYPE = "type.googleapis.com/arrow.flight.protocol.sql."


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def length_delimited(field: int, payload: bytes) -> bytes:
    return varint(field << 3 | 2) + varint(len(payload)) + payload


def any_message(name: str, payload: bytes) -> bytes:
    """google.protobuf.Any { type_url = 1; value = 2 }."""
    return length_delimited(1, (SQL_TYPE + name).encode()) + length_delimited(2, payload)


def statement_query(sql: str) -> bytes:
    """CommandStatementQuery { string query = 1; }"""
    return any_message("CommandStatementQuery", length_delimited(1, sql.encode()))


def xdbc_type_info(data_type: int | None = None) -> bytes:
    """CommandGetXdbcTypeInfo { optional int32 data_type = 1; }"""
    payload = b"" if data_type is None else varint(1 << 3 | 0) + varint(data_type & 0xFFFFFFFFFFFFFFFF)
    return any_message("CommandGetXdbcTypeInfo", payload)
