"""Sheaf's error codes are a stable contract: every code keeps its name, number and category once
released, and the Python client knows exactly the codes the server sends. The server's list is read
from its source (spi ErrorCode.java); a new code is added here at the end, with its next number."""

import re
from pathlib import Path

from sheaf import errors

ROOT = Path(__file__).resolve().parents[2]
ENUM = ROOT / "spi/src/main/java/dev/sheaf/spi/error/ErrorCode.java"

PINNED = {
    "SYNTAX_ERROR": (1, "USER"),
    "SCHEMA_NOT_FOUND": (2, "USER"),
    "SCHEMA_ALREADY_EXISTS": (3, "USER"),
    "SCHEMA_NOT_EMPTY": (4, "USER"),
    "TABLE_NOT_FOUND": (5, "USER"),
    "TABLE_ALREADY_EXISTS": (6, "USER"),
    "COLUMN_NOT_FOUND": (7, "USER"),
    "COLUMN_ALREADY_EXISTS": (8, "USER"),
    "TYPE_MISMATCH": (9, "USER"),
    "UNSUPPORTED_TYPE": (10, "USER"),
    "INVALID_QUERY": (11, "USER"),
    "NOT_NULL_VIOLATION": (12, "USER"),
    "DUPLICATE_KEY": (13, "USER"),
    "VERSION_NOT_FOUND": (14, "USER"),
    "REFERENCE_NOT_FOUND": (15, "USER"),
    "REFERENCE_ALREADY_EXISTS": (16, "USER"),
    "READ_ONLY_VERSION": (17, "USER"),
    "NOT_SUPPORTED": (18, "USER"),
    "INVALID_ARGUMENT": (19, "USER"),
    "INVALID_CONFIGURATION": (20, "USER"),
    "COMMIT_CONFLICT": (21, "CONFLICT"),
    "STORAGE_ERROR": (22, "EXTERNAL"),
    "CATALOG_ERROR": (23, "EXTERNAL"),
    "OUT_OF_MEMORY": (24, "RESOURCES"),
    "CANCELLED": (25, "USER"),
    "INTERNAL_ERROR": (26, "INTERNAL"),
    "MEDIA_NOT_FOUND": (27, "USER"),
    "MEDIA_CHANGED": (28, "USER"),
    "MEDIA_ACCESS_DENIED": (29, "USER"),
    "MEDIA_UNAVAILABLE": (30, "EXTERNAL"),
    "MEDIA_FORMAT_ERROR": (31, "USER"),
    "RESULT_EXPIRED": (32, "USER"),
    "RESULT_TOO_LARGE": (33, "RESOURCES"),
    "INDEX_NOT_FOUND": (34, "USER"),
    "INDEX_ALREADY_EXISTS": (35, "USER"),
    "MODEL_NOT_FOUND": (36, "USER"),
    "MODEL_ALREADY_EXISTS": (37, "USER"),
    "MODEL_LOAD_ERROR": (38, "USER"),
    "MODEL_SHAPE_MISMATCH": (39, "USER"),
    "MODEL_RUN_ERROR": (40, "EXTERNAL"),
    "JOB_NOT_FOUND": (41, "USER"),
    "DIVISION_BY_ZERO": (42, "USER"),
    "NUMERIC_OVERFLOW": (43, "USER"),
    "INVALID_CAST": (44, "USER"),
    "VIEW_INVALID": (45, "USER"),
    "SOURCE_NOT_FOUND": (46, "USER"),
    "SOURCE_ALREADY_EXISTS": (47, "USER"),
    "SOURCE_UNAVAILABLE": (48, "EXTERNAL"),
    "SOURCE_FORMAT_ERROR": (49, "USER"),
    "CHECKSUM_MISMATCH": (50, "EXTERNAL"),
    "DATASET_NOT_FOUND": (51, "USER"),
    "DATASET_ALREADY_EXISTS": (52, "USER"),
    "DATASET_INVALID": (53, "USER"),
    "MERGE_CONFLICT": (54, "CONFLICT"),
}


def server_codes():
    text = ENUM.read_text(encoding="utf-8")
    found = re.findall(r"^\s+([A-Z_]+)\((\d+), ([A-Z]+)\)[,;]", text, re.MULTILINE)
    return {name: (int(number), category) for name, number, category in found}


def test_every_code_keeps_its_name_number_and_category():
    codes = server_codes()
    assert codes == PINNED
    numbers = sorted(number for number, _ in codes.values())
    assert numbers == list(range(1, len(numbers) + 1)), "numbers are 1..n, none reused"


def test_the_python_client_knows_exactly_the_server_codes():
    assert set(errors.ERROR_CLASSES) == set(server_codes())
    for name in server_codes():
        assert errors.ERROR_CLASSES[name].code == name
