"""Exceptions that mirror Sheaf's stable error codes.

Every error the client raises is a :class:`SheafError` with ``.code`` (the server's code name, such
as ``"TABLE_NOT_FOUND"``; client-side failures use ``UNAUTHENTICATED``, ``UNAVAILABLE`` and
``INTERNAL_ERROR``). Each server code has its own class (``TableNotFound``, ``DuplicateKey``, ...),
grouped under a few bases (``NotFound``, ``AlreadyExists``, ``ConstraintViolation``,
``Retryable``) so callers can catch a family.
"""

from __future__ import annotations

import re

import pyarrow as pa


class SheafError(Exception):
    """Base class of every Sheaf error. ``code`` is the stable code name."""

    code = "INTERNAL_ERROR"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotFound(SheafError):
    """A schema, table, column, version, reference or media object does not exist."""


class AlreadyExists(SheafError):
    """What the statement would create exists already."""


class ConstraintViolation(SheafError):
    """The rows break a NOT NULL or primary key constraint."""


class InvalidRequest(SheafError):
    """The statement or its arguments are wrong; fix them before retrying."""


class Retryable(SheafError):
    """A conflict or an outage that a retry can fix."""


class Unauthenticated(SheafError):
    """The server refused the credentials, or needs some."""

    code = "UNAUTHENTICATED"


class ConnectionFailed(Retryable):
    """The server could not be reached."""

    code = "UNAVAILABLE"


def _class_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("_"))


# code -> base class; the order of the server's ErrorCode enum.
_CODES: dict[str, type[SheafError]] = {
    "SYNTAX_ERROR": InvalidRequest,
    "SCHEMA_NOT_FOUND": NotFound,
    "SCHEMA_ALREADY_EXISTS": AlreadyExists,
    "SCHEMA_NOT_EMPTY": InvalidRequest,
    "TABLE_NOT_FOUND": NotFound,
    "TABLE_ALREADY_EXISTS": AlreadyExists,
    "COLUMN_NOT_FOUND": NotFound,
    "COLUMN_ALREADY_EXISTS": AlreadyExists,
    "TYPE_MISMATCH": InvalidRequest,
    "UNSUPPORTED_TYPE": InvalidRequest,
    "INVALID_QUERY": InvalidRequest,
    "NOT_NULL_VIOLATION": ConstraintViolation,
    "DUPLICATE_KEY": ConstraintViolation,
    "VERSION_NOT_FOUND": NotFound,
    "REFERENCE_NOT_FOUND": NotFound,
    "REFERENCE_ALREADY_EXISTS": AlreadyExists,
    "READ_ONLY_VERSION": InvalidRequest,
    "NOT_SUPPORTED": InvalidRequest,
    "INVALID_ARGUMENT": InvalidRequest,
    "INVALID_CONFIGURATION": InvalidRequest,
    "COMMIT_CONFLICT": Retryable,
    "STORAGE_ERROR": Retryable,
    "CATALOG_ERROR": Retryable,
    "OUT_OF_MEMORY": SheafError,
    "CANCELLED": SheafError,
    "INTERNAL_ERROR": SheafError,
    "MEDIA_NOT_FOUND": NotFound,
    "MEDIA_CHANGED": InvalidRequest,
    "MEDIA_ACCESS_DENIED": InvalidRequest,
    "MEDIA_UNAVAILABLE": Retryable,
    "MEDIA_FORMAT_ERROR": InvalidRequest,
    "RESULT_EXPIRED": NotFound,
    "RESULT_TOO_LARGE": SheafError,
    "INDEX_NOT_FOUND": NotFound,
    "INDEX_ALREADY_EXISTS": AlreadyExists,
    "MODEL_NOT_FOUND": NotFound,
    "JOB_NOT_FOUND": NotFound,
    "MODEL_ALREADY_EXISTS": AlreadyExists,
    "MODEL_LOAD_ERROR": InvalidRequest,
    "MODEL_SHAPE_MISMATCH": InvalidRequest,
    "MODEL_RUN_ERROR": Retryable,
    "DIVISION_BY_ZERO": InvalidRequest,
    "NUMERIC_OVERFLOW": InvalidRequest,
    "INVALID_CAST": InvalidRequest,
    "VIEW_INVALID": InvalidRequest,
    "SOURCE_NOT_FOUND": NotFound,
    "SOURCE_ALREADY_EXISTS": AlreadyExists,
    "SOURCE_UNAVAILABLE": Retryable,
    "SOURCE_FORMAT_ERROR": InvalidRequest,
    "CHECKSUM_MISMATCH": Retryable,
    "DATASET_NOT_FOUND": NotFound,
    "DATASET_ALREADY_EXISTS": AlreadyExists,
    "DATASET_INVALID": InvalidRequest,
    "MERGE_CONFLICT": ConstraintViolation,
}

ERROR_CLASSES: dict[str, type[SheafError]] = {}
for _code, _base in _CODES.items():
    _name = "SqlSyntaxError" if _code == "SYNTAX_ERROR" else _class_name(_code)
    _cls = type(_name, (_base,), {"code": _code, "__module__": __name__,
                                  "__doc__": f"The server's {_code} error."})
    ERROR_CLASSES[_code] = _cls
    globals()[_name] = _cls

# Explicit names for type checkers and readers (the classes above, by name).
SqlSyntaxError: type[SheafError] = ERROR_CLASSES["SYNTAX_ERROR"]
TableNotFound: type[SheafError] = ERROR_CLASSES["TABLE_NOT_FOUND"]
TableAlreadyExists: type[SheafError] = ERROR_CLASSES["TABLE_ALREADY_EXISTS"]
ColumnNotFound: type[SheafError] = ERROR_CLASSES["COLUMN_NOT_FOUND"]
SchemaNotFound: type[SheafError] = ERROR_CLASSES["SCHEMA_NOT_FOUND"]
VersionNotFound: type[SheafError] = ERROR_CLASSES["VERSION_NOT_FOUND"]
DuplicateKey: type[SheafError] = ERROR_CLASSES["DUPLICATE_KEY"]
NotNullViolation: type[SheafError] = ERROR_CLASSES["NOT_NULL_VIOLATION"]
TypeMismatch: type[SheafError] = ERROR_CLASSES["TYPE_MISMATCH"]
InvalidArgument: type[SheafError] = ERROR_CLASSES["INVALID_ARGUMENT"]
CommitConflict: type[SheafError] = ERROR_CLASSES["COMMIT_CONFLICT"]
InternalError: type[SheafError] = ERROR_CLASSES["INTERNAL_ERROR"]
DivisionByZero: type[SheafError] = ERROR_CLASSES["DIVISION_BY_ZERO"]
NumericOverflow: type[SheafError] = ERROR_CLASSES["NUMERIC_OVERFLOW"]
InvalidCast: type[SheafError] = ERROR_CLASSES["INVALID_CAST"]
ViewInvalid: type[SheafError] = ERROR_CLASSES["VIEW_INVALID"]

# The server puts its code at the start of the status message: "TABLE_NOT_FOUND: Cannot ...".
_SERVER_MESSAGE = re.compile(r"(?:with message: )?\b([A-Z][A-Z_]+[A-Z]): (.*)", re.DOTALL)


def from_arrow(error: BaseException) -> SheafError:
    """The Sheaf exception for an error raised by pyarrow's Flight client."""
    import pyarrow.flight as flight

    text = str(error).split(". gRPC client debug context:")[0]
    match = _SERVER_MESSAGE.search(text)
    if match and match.group(1) in ERROR_CLASSES:
        cls = ERROR_CLASSES[match.group(1)]
        return cls(f"{match.group(1)}: {match.group(2).strip()}")
    if isinstance(error, (flight.FlightUnauthenticatedError, flight.FlightUnauthorizedError)):
        return Unauthenticated(f"UNAUTHENTICATED: Cannot call the server: {text}")
    if isinstance(error, flight.FlightUnavailableError):
        return ConnectionFailed(f"UNAVAILABLE: Cannot reach the server: {text}")
    return SheafError(f"INTERNAL_ERROR: {text}", code="INTERNAL_ERROR")


def is_arrow_error(error: BaseException) -> bool:
    return isinstance(error, pa.ArrowException)
