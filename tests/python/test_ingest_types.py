"""Every Arrow type a pandas, NumPy, Polars or Hugging Face `datasets` user can send: ingested and read
back unchanged, or refused with a code and nothing created. A data system may refuse a value; it must
never change one."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import adbc_driver_manager
import pyarrow as pa
import pytest

_counter = iter(range(10_000))


def rows(adbc, sql):
    with adbc.cursor() as cur:
        cur.execute(sql)
        return cur.fetch_arrow_table()


def ingest(adbc, name, table, mode="create"):
    with adbc.cursor() as cur:
        return cur.adbc_ingest(name, table, mode=mode)


def tables(adbc):
    return set(rows(adbc, "SHOW TABLES").column(0).to_pylist())


def fresh():
    return f"types_{next(_counter)}"


# (Arrow array, the Sheaf type it becomes, the values read back)
KEPT = {
    "int8": (pa.array([-128, 0, 127, None], pa.int8()), "INTEGER", [-128, 0, 127, None]),
    "int16": (pa.array([-32768, 32767, None], pa.int16()), "INTEGER", [-32768, 32767, None]),
    "int32": (pa.array([-(2**31), 2**31 - 1], pa.int32()), "INTEGER", [-(2**31), 2**31 - 1]),
    "int64": (pa.array([-(2**63), 2**63 - 1], pa.int64()), "BIGINT", [-(2**63), 2**63 - 1]),
    "uint8": (pa.array([0, 200, 255], pa.uint8()), "INTEGER", [0, 200, 255]),
    "uint16": (pa.array([0, 65535], pa.uint16()), "INTEGER", [0, 65535]),
    "uint32": (pa.array([0, 4_000_000_000, 2**32 - 1], pa.uint32()), "BIGINT", [0, 4_000_000_000, 2**32 - 1]),
    "uint64": (pa.array([0, 2**63 + 5, 2**64 - 1], pa.uint64()), "DECIMAL(20, 0)",
               [Decimal(0), Decimal(2**63 + 5), Decimal(2**64 - 1)]),
    "float16": (pa.array([1.5, -2.25, None], pa.float16()), "REAL", [1.5, -2.25, None]),
    "float32": (pa.array([1.5, 3.25], pa.float32()), "REAL", [1.5, 3.25]),
    "float64": (pa.array([0.1, 1e300], pa.float64()), "DOUBLE", [0.1, 1e300]),
    "bool": (pa.array([True, False, None]), "BOOLEAN", [True, False, None]),
    "string": (pa.array(["a", "猫", None]), "VARCHAR", ["a", "猫", None]),
    "large_string": (pa.array(["a", "😀"], pa.large_string()), "VARCHAR", ["a", "😀"]),
    "string_view": (pa.array(["a", "a long string that does not fit inline"], pa.string_view()), "VARCHAR",
                    ["a", "a long string that does not fit inline"]),
    "binary": (pa.array([b"\x00\xff", b""], pa.binary()), "VARBINARY", [b"\x00\xff", b""]),
    "large_binary": (pa.array([b"\x01"], pa.large_binary()), "VARBINARY", [b"\x01"]),
    "fixed_binary": (pa.array([b"ab", b"cd"], pa.binary(2)), "VARBINARY", [b"ab", b"cd"]),
    "date32": (pa.array([dt.date(2024, 2, 29)], pa.date32()), "DATE", [dt.date(2024, 2, 29)]),
    "date64": (pa.array([dt.date(1969, 12, 31)], pa.date64()), "DATE", [dt.date(1969, 12, 31)]),
    "timestamp_s": (pa.array([dt.datetime(2024, 6, 1, 12)], pa.timestamp("s")), "TIMESTAMP",
                    [dt.datetime(2024, 6, 1, 12)]),
    "timestamp_ms": (pa.array([dt.datetime(2024, 6, 1, 12, 0, 0, 5000)], pa.timestamp("ms")), "TIMESTAMP",
                     [dt.datetime(2024, 6, 1, 12, 0, 0, 5000)]),
    "timestamp_us": (pa.array([dt.datetime(2024, 6, 1, 12, 0, 0, 123456)], pa.timestamp("us")), "TIMESTAMP",
                     [dt.datetime(2024, 6, 1, 12, 0, 0, 123456)]),
    "timestamp_ns_whole_us": (pa.array([1_717_243_200_123_456_000], pa.timestamp("ns")), "TIMESTAMP",
                              [dt.datetime(2024, 6, 1, 12, 0, 0, 123456)]),
    "timestamp_tz": (pa.array([dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc)], pa.timestamp("us", "UTC")),
                     "TIMESTAMP_TZ", [dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc)]),
    "decimal128": (pa.array([Decimal("12345678901234.56")], pa.decimal128(16, 2)), "DECIMAL(16, 2)",
                   [Decimal("12345678901234.56")]),
    "decimal256": (pa.array([Decimal("1.5")], pa.decimal256(20, 1)), "DECIMAL(20, 1)", [Decimal("1.5")]),
    "vector": (pa.array([[1.0, 2.0]], pa.list_(pa.float32(), 2)), "VECTOR(2)", [[1.0, 2.0]]),
}

# nested values become JSON text that parses back to the same value
NESTED = {
    "list_int": (pa.array([[1, 2, None], []], pa.list_(pa.int64())), [[1, 2, None], []]),
    "list_str": (pa.array([["a", "猫"]], pa.list_(pa.string())), [["a", "猫"]]),
    "large_list": (pa.array([[1.5]], pa.large_list(pa.float64())), [[1.5]]),
    "struct": (pa.array([{"x": 1, "y": "b"}], pa.struct([("x", pa.int32()), ("y", pa.string())])),
               [{"x": 1, "y": "b"}]),
    "list_of_struct": (pa.array([[{"x": 1}]], pa.list_(pa.struct([("x", pa.int64())]))), [[{"x": 1}]]),
}

REFUSED = {
    "time32": (pa.array([dt.time(12, 0)], pa.time32("s")), "UNSUPPORTED_TYPE"),
    "time64": (pa.array([dt.time(12, 0, 0, 5)], pa.time64("us")), "UNSUPPORTED_TYPE"),
    "duration": (pa.array([dt.timedelta(seconds=3)], pa.duration("us")), "UNSUPPORTED_TYPE"),
    "null": (pa.array([None, None], pa.null()), "UNSUPPORTED_TYPE"),
    "decimal256_wide": (pa.array([Decimal(1)], pa.decimal256(50, 0)), "UNSUPPORTED_TYPE"),
    "timestamp_ns_fraction": (pa.array([1_717_243_200_123_456_789], pa.timestamp("ns")), "TYPE_MISMATCH"),
}


def by_id(adbc, name):
    """The table's v column in id order; sorted here, since the row engine's sort (ORDER BY) still
    carries timestamps as milliseconds (docs/ARCHITECTURE.md, Values)."""
    back = rows(adbc, f"SELECT id, v FROM {name}")
    order = sorted(range(back.num_rows), key=lambda i: back.column("id")[i].as_py())
    return back, [back.column("v")[i].as_py() for i in order]


def sheaf_type(table, column):
    return table.schema.field(column).metadata[b"sheaf.type"].decode()


@pytest.mark.parametrize("kind", sorted(KEPT))
def test_kept_exactly(adbc, kind):
    array, expected_type, expected = KEPT[kind]
    name = fresh()
    ingest(adbc, name, pa.table({"id": pa.array(range(len(array)), pa.int32()), "v": array}))
    back, values = by_id(adbc, name)
    assert sheaf_type(back, "v") == expected_type
    assert values == expected


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_nested_values_become_json(adbc, kind):
    array, expected = NESTED[kind]
    name = fresh()
    ingest(adbc, name, pa.table({"id": pa.array(range(len(array)), pa.int32()), "v": array}))
    back, values = by_id(adbc, name)
    assert sheaf_type(back, "v") == "JSON"
    assert [json.loads(v) for v in values] == expected


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_refused_with_a_code_and_nothing_created(adbc, kind):
    array, code = REFUSED[kind]
    name = fresh()
    with pytest.raises(adbc_driver_manager.Error, match=code):
        ingest(adbc, name, pa.table({"id": pa.array(range(len(array)), pa.int32()), "v": array}))
    assert name not in tables(adbc)


def test_dictionary_columns_keep_their_labels(adbc):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": [1, 2, 3], "label": pd.Categorical(["cat", "dog", "cat"])})
    name = fresh()
    ingest(adbc, name, pa.Table.from_pandas(frame, preserve_index=False))
    back = rows(adbc, f"SELECT id, label FROM {name} ORDER BY id")
    assert sheaf_type(back, "label") == "VARCHAR"
    assert back.column("label").to_pylist() == ["cat", "dog", "cat"]
    ingest(adbc, name, pa.table({"id": [4], "label": pa.array(["bird"]).dictionary_encode()}), mode="append")
    assert rows(adbc, f"SELECT label FROM {name} WHERE id = 4").column(0).to_pylist() == ["bird"]


def test_appends_refuse_what_the_column_cannot_hold(adbc):
    name = fresh()
    ingest(adbc, name, pa.table({"id": pa.array([1], pa.int32()), "n": pa.array([1], pa.int32()),
                                 "price": pa.array([Decimal("1.00")], pa.decimal128(10, 2)),
                                 "t": ["x"]}))

    def refused(table, code):
        with pytest.raises(adbc_driver_manager.Error, match=code):
            ingest(adbc, name, table, mode="append")

    refused(pa.table({"id": pa.array([2], pa.int32()), "n": pa.array([2**40], pa.int64())}), "TYPE_MISMATCH")
    refused(pa.table({"id": pa.array([2], pa.int32()), "n": pa.array([1.5])}), "TYPE_MISMATCH")
    refused(pa.table({"id": pa.array([2], pa.int32()), "t": pa.array([b"\x00"])}), "TYPE_MISMATCH")
    refused(pa.table({"id": pa.array([2], pa.int32()), "unknown": pa.array([1])}), "COLUMN_NOT_FOUND")
    refused(pa.table({"id": pa.array([2], pa.int32()),
                      "price": pa.array([Decimal("123456789012.00")], pa.decimal128(14, 2))}), "TYPE_MISMATCH")
    # none of them changed the table
    assert rows(adbc, f"SELECT count(*) FROM {name}").column(0).to_pylist() == [1]
    # values that fit go in
    ingest(adbc, name, pa.table({"id": pa.array([3], pa.uint8()), "n": pa.array([4_000], pa.int64()),
                                 "price": pa.array([Decimal("99999999.99")], pa.decimal128(14, 2))}),
           mode="append")
    assert rows(adbc, f"SELECT n, price FROM {name} WHERE id = 3").to_pylist() == [
        {"n": 4000, "price": Decimal("99999999.99")}]


def test_json_columns_take_only_json(adbc):
    name = fresh()
    with adbc.cursor() as cur:
        cur.execute(f"CREATE TABLE {name} (id INTEGER, doc JSON)")
        cur.execute(f"""INSERT INTO {name} VALUES (1, '{{"a": [1, 2]}}'), (2, '3'), (3, 'null')""")
        for bad in ["{not json", "{''a'': 1}", "[1, 2", "1 2", "", "NaN"]:
            with pytest.raises(adbc_driver_manager.Error, match="TYPE_MISMATCH"):
                cur.execute(f"INSERT INTO {name} VALUES (9, '{bad}')")
    with pytest.raises(adbc_driver_manager.Error, match="TYPE_MISMATCH"):
        ingest(adbc, name, pa.table({"id": pa.array([4], pa.int32()), "doc": ["{not json"]}), mode="append")
    assert rows(adbc, f"SELECT count(*) FROM {name}").column(0).to_pylist() == [3]


def test_polars_and_datasets_frames(adbc):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"id": [1, 2], "label": pl.Series(["a", "b"], dtype=pl.Categorical),
                          "tags": [["x"], ["y", "z"]], "score": pl.Series([1.5, 2.5], dtype=pl.Float32)})
    name = fresh()
    ingest(adbc, name, frame.to_arrow())
    back = rows(adbc, f"SELECT label, tags, score FROM {name} ORDER BY id")
    assert back.column("label").to_pylist() == ["a", "b"]
    assert [json.loads(t) for t in back.column("tags").to_pylist()] == [["x"], ["y", "z"]]
    assert back.column("score").to_pylist() == [1.5, 2.5]
