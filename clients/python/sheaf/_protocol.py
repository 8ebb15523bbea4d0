"""The few Flight SQL protobuf messages the client sends and reads, encoded by hand.

Flight SQL commands travel as ``google.protobuf.Any`` (type URL
``type.googleapis.com/arrow.flight.protocol.sql.<Message>``). Encoding the handful of messages
Sheaf's client needs here keeps ``pyarrow`` the only dependency. Field numbers follow Arrow's
``FlightSql.proto``.
"""

from __future__ import annotations

from dataclasses import dataclass

_TYPE_PREFIX = "type.googleapis.com/arrow.flight.protocol.sql."

_VARINT = 0
_LENGTH = 2


def _varint(value: int) -> bytes:
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _bytes_field(field: int, value: bytes) -> bytes:
    return _key(field, _LENGTH) + _varint(len(value)) + value


def _string_field(field: int, value: str) -> bytes:
    return _bytes_field(field, value.encode("utf-8"))


def _int_field(field: int, value: int) -> bytes:
    return _key(field, _VARINT) + _varint(value)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    shift = 0
    result = 0
    while True:
        if pos >= len(data):
            raise ValueError("Cannot decode the message: a varint runs past the end")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def decode_fields(data: bytes) -> dict[int, list[bytes | int]]:
    """Splits a protobuf message into {field number: [values]} (varints as int, the rest as bytes)."""
    fields: dict[int, list[bytes | int]] = {}
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        field, wire = key >> 3, key & 7
        value: bytes | int
        if wire == _VARINT:
            value, pos = _read_varint(data, pos)
        elif wire == _LENGTH:
            length, pos = _read_varint(data, pos)
            value = data[pos : pos + length]
            if len(value) != length:
                raise ValueError("Cannot decode the message: a field runs past the end")
            pos += length
        elif wire == 1:
            value, pos = data[pos : pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos : pos + 4], pos + 4
        else:
            raise ValueError(f"Cannot decode the message: wire type {wire} is not supported")
        fields.setdefault(field, []).append(value)
    return fields


def pack(message: str, body: bytes) -> bytes:
    """Wraps a message body in ``google.protobuf.Any``."""
    return _string_field(1, _TYPE_PREFIX + message) + _bytes_field(2, body)


def unpack(data: bytes, expected: str) -> bytes:
    """The body of an ``Any`` that must hold ``expected``."""
    fields = decode_fields(data)
    type_url = bytes(fields.get(1, [b""])[0]).decode("utf-8")  # type: ignore[arg-type]
    if type_url != _TYPE_PREFIX + expected:
        raise ValueError(f"Cannot decode the message: expected {expected}, found {type_url!r}")
    return bytes(fields.get(2, [b""])[0])  # type: ignore[arg-type]


def statement_query(query: str) -> bytes:
    return pack("CommandStatementQuery", _string_field(1, query))


def xdbc_type_info(data_type: int | None = None) -> bytes:
    """CommandGetXdbcTypeInfo, for every type or one JDBC type code."""
    body = b"" if data_type is None else _int_field(1, data_type & 0xFFFFFFFFFFFFFFFF)
    return pack("CommandGetXdbcTypeInfo", body)


def statement_update(query: str) -> bytes:
    return pack("CommandStatementUpdate", _string_field(1, query))


# TableDefinitionOptions: (if the table does not exist, if it exists)
_NOT_EXIST_CREATE, _NOT_EXIST_FAIL = 1, 2
_EXISTS_FAIL, _EXISTS_APPEND, _EXISTS_REPLACE = 1, 2, 3
INGEST_MODES = {
    "create": (_NOT_EXIST_CREATE, _EXISTS_FAIL),
    "append": (_NOT_EXIST_FAIL, _EXISTS_APPEND),
    "replace": (_NOT_EXIST_FAIL, _EXISTS_REPLACE),
    "create_append": (_NOT_EXIST_CREATE, _EXISTS_APPEND),
}


def statement_ingest(table: str, mode: str, schema: str | None = None) -> bytes:
    if mode not in INGEST_MODES:
        raise ValueError(f"Cannot ingest with mode {mode!r}: use one of {sorted(INGEST_MODES)}")
    not_exist, exists = INGEST_MODES[mode]
    options = _int_field(1, not_exist) + _int_field(2, exists)
    body = _bytes_field(1, options) + _string_field(2, table)
    if schema is not None:
        body += _string_field(3, schema)
    return pack("CommandStatementIngest", body)


def create_prepared_statement(query: str) -> bytes:
    return pack("ActionCreatePreparedStatementRequest", _string_field(1, query))


@dataclass(frozen=True)
class PreparedStatementResult:
    handle: bytes
    dataset_schema: bytes
    parameter_schema: bytes


def prepared_statement_result(data: bytes) -> PreparedStatementResult:
    fields = decode_fields(unpack(data, "ActionCreatePreparedStatementResult"))

    def first(number: int) -> bytes:
        return bytes(fields.get(number, [b""])[0])  # type: ignore[arg-type]

    return PreparedStatementResult(first(1), first(2), first(3))


def prepared_statement_query(handle: bytes) -> bytes:
    return pack("CommandPreparedStatementQuery", _bytes_field(1, handle))


def prepared_statement_update(handle: bytes) -> bytes:
    return pack("CommandPreparedStatementUpdate", _bytes_field(1, handle))


def close_prepared_statement(handle: bytes) -> bytes:
    return pack("ActionClosePreparedStatementRequest", _bytes_field(1, handle))


def get_tables(
    *, schema_pattern: str | None = None, table_pattern: str | None = None, include_schema: bool
) -> bytes:
    body = b""
    if schema_pattern is not None:
        body += _string_field(2, schema_pattern)
    if table_pattern is not None:
        body += _string_field(3, table_pattern)
    if include_schema:
        body += _int_field(5, 1)
    return pack("CommandGetTables", body)


def update_count(data: bytes) -> int:
    """The record count of a ``DoPutUpdateResult`` (sent bare, not in an ``Any``)."""
    value = decode_fields(data).get(1, [0])[0]
    count = int(value)  # type: ignore[arg-type]
    return count - (1 << 64) if count >= 1 << 63 else count
