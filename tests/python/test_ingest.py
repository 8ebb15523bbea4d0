"""Bulk ingest (ADBC adbc_ingest -> Flight SQL CommandStatementIngest) into Sheaf tables."""

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest


def rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetch_arrow_table()


def every_type(n):
    return pa.table(
        {
            "id": pa.array(range(n), pa.int64()),
            "small": pa.array([i % 7 for i in range(n)], pa.int32()),
            "flag": pa.array([i % 2 == 0 for i in range(n)]),
            "ratio": pa.array([i / 3 for i in range(n)], pa.float64()),
            "weight": pa.array([float(i) for i in range(n)], pa.float32()),
            "price": pa.array([Decimal(i) / 100 for i in range(n)], pa.decimal128(10, 2)),
            "name": pa.array([None if i % 5 == 0 else f"row {i}" for i in range(n)]),
            "day": pa.array([dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(n)]),
            "at": pa.array(
                [dt.datetime(2026, 1, 1, 12, 0, 0, 123456) + dt.timedelta(seconds=i) for i in range(n)],
                pa.timestamp("us"),
            ),
            "blob": pa.array([bytes([i % 256]) * 3 for i in range(n)], pa.binary()),
            "emb": pa.array([[float(i), 1.0] for i in range(n)], pa.list_(pa.float32(), 2)),
        }
    )


def test_create_append_replace_round_trip(adbc):
    data = every_type(1000)
    cur = adbc.cursor()
    assert cur.adbc_ingest("ingest_types", data, mode="create") == 1000
    back = rows(adbc, "SELECT * FROM ingest_types")
    assert back.num_rows == 1000
    by_id = {r["id"]: r for r in back.to_pylist()}
    for expected in data.to_pylist():
        got = by_id[expected["id"]]
        assert got == expected
    assert back.schema.field("emb").metadata[b"sheaf.type"] == b"VECTOR(2)"

    assert cur.adbc_ingest("ingest_types", every_type(10), mode="append") == 10
    assert rows(adbc, "SELECT count(*) AS n FROM ingest_types").column("n").to_pylist() == [1010]
    assert cur.adbc_ingest("ingest_types", every_type(3), mode="replace") == 3
    assert rows(adbc, "SELECT count(*) AS n FROM ingest_types").column("n").to_pylist() == [3]
    # every ingest is one version; the replaced rows are still there in the old one
    history = rows(adbc, 'SELECT version, operation FROM "ingest_types$history" ORDER BY version')
    assert history.column("operation").to_pylist() == ["append", "append", "overwrite"]
    old = rows(adbc, "SELECT count(*) AS n FROM ingest_types FOR VERSION AS OF 2")
    assert old.column("n").to_pylist() == [1010]


def test_ingest_converts_types_to_the_table(adbc):
    cur = adbc.cursor()
    cur.execute("CREATE TABLE ingest_typed (id INTEGER PRIMARY KEY, label VARCHAR, seen TIMESTAMP)")
    data = pa.table(
        {
            "ID": pa.array([1, 2], pa.int64()),
            "label": pa.array(["a", "b"], pa.large_string()),
            "seen": pa.array([dt.datetime(2026, 5, 1, 1, 2, 3)] * 2, pa.timestamp("ns")),
        }
    )
    assert cur.adbc_ingest("ingest_typed", data, mode="append") == 2
    assert rows(adbc, "SELECT id, label, seen FROM ingest_typed").sort_by("id").to_pylist() == [
        {"id": 1, "label": "a", "seen": dt.datetime(2026, 5, 1, 1, 2, 3)},
        {"id": 2, "label": "b", "seen": dt.datetime(2026, 5, 1, 1, 2, 3)},
    ]


def test_bad_ingests_fail_with_codes_and_change_nothing(adbc):
    import adbc_driver_manager

    cur = adbc.cursor()
    cur.execute("CREATE TABLE ingest_strict (id INTEGER PRIMARY KEY, label VARCHAR NOT NULL)")
    cur.adbc_ingest("ingest_strict", pa.table({"id": [1], "label": ["a"]}), mode="append")
    cases = [
        (pa.table({"id": [2, 2], "label": ["x", "y"]}), "DUPLICATE_KEY"),
        (pa.table({"id": [1], "label": ["again"]}), "DUPLICATE_KEY"),
        (pa.table({"id": [3], "label": pa.array([None], pa.string())}), "NOT_NULL_VIOLATION"),
        (pa.table({"id": [4]}), "NOT_NULL_VIOLATION"),
        (pa.table({"id": ["not a number"], "label": ["z"]}), "TYPE_MISMATCH"),
    ]
    for data, code in cases:
        with pytest.raises(adbc_driver_manager.Error) as failure:
            cur.adbc_ingest("ingest_strict", data, mode="append")
        assert code in str(failure.value)
    with pytest.raises(adbc_driver_manager.Error) as failure:
        cur.adbc_ingest("ingest_missing_table", pa.table({"id": [1]}), mode="append")
    assert "TABLE_NOT_FOUND" in str(failure.value)
    with pytest.raises(adbc_driver_manager.Error) as failure:
        cur.adbc_ingest("ingest_strict", pa.table({"id": [9], "label": ["q"]}), mode="create")
    assert "TABLE_ALREADY_EXISTS" in str(failure.value)
    assert rows(adbc, "SELECT id, label FROM ingest_strict").to_pylist() == [{"id": 1, "label": "a"}]
    history = rows(adbc, 'SELECT count(*) AS n FROM "ingest_strict$history"')
    assert history.column("n").to_pylist() == [1]
