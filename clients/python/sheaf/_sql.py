"""The one SQL rewrite the client makes: reading a one-table query at a given table version."""

from __future__ import annotations

import re

from .errors import InvalidArgument

_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_FROM = re.compile(rf"\bFROM\s+({_NAME}(?:\s*\.\s*{_NAME})*)", re.IGNORECASE)
_VERSIONED = re.compile(r"\bFOR\s+(?:VERSION|SYSTEM_TIME)\s+AS\s+OF\b", re.IGNORECASE)


def pin_version(query: str, version: int) -> str:
    """``query`` reading its table at ``version``: ``FOR VERSION AS OF n`` after the table name.

    Only queries over one table (one FROM, no joins or subqueries) can be pinned this way, which
    is also what Sheaf partitions."""
    if _VERSIONED.search(query):
        raise InvalidArgument(
            "INVALID_ARGUMENT: Cannot pin the query to a version: it names one already"
            " (drop FOR VERSION AS OF or the version argument)"
        )
    matches = list(_FROM.finditer(query))
    if len(matches) != 1 or re.search(r"\bJOIN\b", query, re.IGNORECASE):
        raise InvalidArgument(
            "INVALID_ARGUMENT: Cannot pin the query to a version: it must read exactly one"
            " table (write FOR VERSION AS OF after each table name instead)"
        )
    end = matches[0].end(1)
    return f"{query[:end]} FOR VERSION AS OF {int(version)}{query[end:]}"
