"""The SQL rewrites the client makes: reading a query at a table version or a dataset commit."""

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


_DATASET_REF = r"\b(FROM|JOIN)\s+({name})\s*\.\s*({name})"


def pin_dataset(query: str, dataset: str) -> str:
    """``query`` reading every table of a dataset at one commit: ``dataset`` is ``"d@v3"`` (a
    commit's tag), ``"d@3"`` (its number) or ``"d@branch"``, and each ``d.table`` after FROM or
    JOIN gets ``FOR DATASET VERSION`` of it."""
    name, sep, version = dataset.partition("@")
    if not sep or not name or not version:
        raise InvalidArgument(
            f"INVALID_ARGUMENT: Cannot read dataset {dataset!r}: write it as 'name@tag' or"
            " 'name@commit_number'"
        )
    if _VERSIONED.search(query) or re.search(r"\bFOR\s+DATASET\s+VERSION\b", query, re.IGNORECASE):
        raise InvalidArgument(
            "INVALID_ARGUMENT: Cannot pin the query to a dataset commit: it names a version"
            " already (drop FOR ... VERSION or the dataset argument)"
        )
    literal = version if version.isdigit() else "'" + version.replace("'", "''") + "'"
    pattern = re.compile(_DATASET_REF.format(name=_NAME), re.IGNORECASE)
    found = 0

    def pinned(match: re.Match[str]) -> str:
        nonlocal found
        if _unquoted(match.group(2)).lower() != name.lower():
            return match.group(0)
        found += 1
        return f"{match.group(0)} FOR DATASET VERSION {literal}"

    result = pattern.sub(pinned, query)
    if not found:
        raise InvalidArgument(
            f"INVALID_ARGUMENT: Cannot pin the query to dataset {name!r}: it reads none of its"
            f" tables (name them as {name}.table)"
        )
    return result


def _unquoted(name: str) -> str:
    if name.startswith('"') and name.endswith('"'):
        return name[1:-1].replace('""', '"')
    return name
