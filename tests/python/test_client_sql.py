"""The sheaf client against a real server: SQL, parameters, updates, ingest, catalog, errors."""

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

import sheaf
from sheaf import errors


@pytest.fixture()
def client(sheaf_server):
    with sheaf.connect(sheaf_server.uri) as c:
        yield c


def test_sql_execute_and_parameters(client):
    assert client.execute("CREATE TABLE cs_people (id INTEGER PRIMARY KEY, name VARCHAR)") == 0
    assert client.execute("INSERT INTO cs_people VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')") == 3
    assert client.execute("INSERT INTO cs_people VALUES (?, ?)", [4, "dee"]) == 1
    assert client.execute("UPDATE cs_people SET name = 'BOB' WHERE id = ?", [2]) == 1
    table = client.sql("SELECT id, name FROM cs_people WHERE id >= ? ORDER BY id", [2])
    assert table.to_pylist() == [{"id": 2, "name": "BOB"}, {"id": 3, "name": "cy"},
                                 {"id": 4, "name": "dee"}]
    batches = list(client.sql_batches("SELECT id FROM cs_people"))
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    assert sorted(i for b in batches for i in b.column(0).to_pylist()) == [1, 2, 3, 4]
    empty = client.sql("SELECT id, name FROM cs_people WHERE id > 100")
    assert empty.num_rows == 0 and empty.schema.names == ["id", "name"]
    assert client.execute("DELETE FROM cs_people WHERE id > ?", [2]) == 2


def test_insert_accepts_tables_batches_dicts_and_pandas(client):
    data = pa.table({"id": pa.array([1, 2], pa.int64()), "label": ["a", "b"]})
    assert client.insert("cs_ingest", data, mode="create") == 2
    assert client.insert("cs_ingest", data.to_batches()[0].slice(0, 1)) == 1
    assert client.insert("cs_ingest", [{"id": 3, "label": "c"}]) == 1
    assert client.insert("cs_ingest", {"id": [4], "label": ["d"]}) == 1
    pandas = pytest.importorskip("pandas")
    assert client.insert("cs_ingest", pandas.DataFrame({"id": [5], "label": ["e"]})) == 1
    ids = client.sql("SELECT id FROM cs_ingest").column("id").to_pylist()
    assert sorted(ids) == [1, 1, 2, 3, 4, 5]
    assert client.insert("cs_ingest", data, mode="replace") == 2
    assert client.sql("SELECT count(*) AS n FROM cs_ingest").column("n").to_pylist() == [2]
    versions = client.versions("cs_ingest")
    assert versions.column("version").to_pylist() == [1, 2, 3, 4, 5, 6]
    assert versions.column("operation").to_pylist()[-1] == "overwrite"
    with pytest.raises(errors.InvalidArgument):
        client.insert("cs_ingest", 42)


def every_type(n):
    return pa.table({
        "id": pa.array(range(n), pa.int64()),
        "small": pa.array([i % 7 for i in range(n)], pa.int32()),
        "flag": pa.array([i % 2 == 0 for i in range(n)]),
        "ratio": pa.array([i / 3 for i in range(n)], pa.float64()),
        "weight": pa.array([float(i) for i in range(n)], pa.float32()),
        "price": pa.array([Decimal(i) / 100 for i in range(n)], pa.decimal128(10, 2)),
        "name": pa.array([None if i % 5 == 0 else f"row {i}" for i in range(n)]),
        "dt": pa.array([dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(n)]),
        "ts": pa.array([dt.datetime(2026, 1, 1, 12) + dt.timedelta(seconds=i) for i in range(n)],
                       pa.timestamp("us")),
        "bin": pa.array([bytes([i % 256]) * 3 for i in range(n)], pa.binary()),
        "emb": pa.array([[float(i), 1.0] for i in range(n)], pa.list_(pa.float32(), 2)),
        "doc": pa.array([f'{{"i": {i}}}' for i in range(n)]),
        "img": pa.array([f"file:///data/{i}.jpg" for i in range(n)]),
    })


def test_ingest_round_trip_of_every_sheaf_type(client):
    client.execute(
        "CREATE TABLE cs_types (id BIGINT, small INTEGER, flag BOOLEAN, ratio DOUBLE, weight REAL,"
        " price DECIMAL(10, 2), name VARCHAR, dt DATE, ts TIMESTAMP, bin VARBINARY,"
        " emb VECTOR(2), doc JSON, img IMAGE)")
    data = every_type(200)
    assert client.insert("cs_types", data) == 200
    back = client.sql("SELECT * FROM cs_types")
    assert sorted(back.to_pylist(), key=lambda r: r["id"]) == data.to_pylist()
    described = client.describe("cs_types")
    types = {f.name: f.metadata[b"sheaf.type"].decode() for f in described}
    assert types["emb"] == "VECTOR(2)" and types["img"] == "IMAGE" and types["doc"] == "JSON"
    assert types["price"].startswith("DECIMAL") and types["ts"] == "TIMESTAMP"
    assert back.schema.field("emb").type == pa.list_(pa.field("element", pa.float32(), False), 2)


def test_catalog_calls(client):
    client.execute("CREATE TABLE cs_catalog (id INTEGER)")
    tables = client.tables()
    assert "cs_catalog" in tables.column("table_name").to_pylist()
    assert client.describe("cs_catalog").names == ["id"]
    assert client.describe("main.cs_catalog").names == ["id"]
    with pytest.raises(errors.TableNotFound):
        client.describe("cs_no_such_table")


def test_server_errors_map_to_classes_with_codes(client):
    client.execute("CREATE TABLE cs_errors (id INTEGER PRIMARY KEY, label VARCHAR NOT NULL)")
    cases = [
        (lambda: client.sql("SELECT * FROM cs_missing"), errors.TableNotFound, errors.NotFound),
        (lambda: client.sql("SELEC 1"), errors.SqlSyntaxError, errors.InvalidRequest),
        (lambda: client.sql("SELECT nope FROM cs_errors"), errors.ColumnNotFound, errors.NotFound),
        (lambda: client.execute("CREATE TABLE cs_errors (id INTEGER)"), errors.TableAlreadyExists,
         errors.AlreadyExists),
        (lambda: client.insert("cs_errors", {"id": [1, 1], "label": ["a", "b"]}),
         errors.DuplicateKey, errors.ConstraintViolation),
        (lambda: client.insert("cs_errors", {"id": [2]}), errors.NotNullViolation,
         errors.ConstraintViolation),
        (lambda: client.insert("cs_errors_missing", {"id": [2]}), errors.TableNotFound,
         errors.NotFound),
        (lambda: client.sql("SELECT * FROM cs_errors FOR VERSION AS OF 99"),
         errors.VersionNotFound, errors.NotFound),
        (lambda: client.execute("INSERT INTO cs_errors VALUES (?, ?)", [1]),
         errors.InvalidArgument, errors.InvalidRequest),
    ]
    for call, cls, family in cases:
        with pytest.raises(cls) as failure:
            call()
        assert isinstance(failure.value, family) and isinstance(failure.value, sheaf.SheafError)
        assert failure.value.code == cls.code
        assert str(failure.value).startswith(cls.code + ": ")


def test_unreachable_server_and_closed_client(sheaf_server):
    from conftest import free_port

    with pytest.raises(errors.ConnectionFailed) as failure:
        with sheaf.connect(f"grpc://127.0.0.1:{free_port()}") as c:
            c.sql("SELECT 1")
    assert failure.value.code == "UNAVAILABLE"
    c = sheaf.connect(sheaf_server.uri)
    c.close()
    with pytest.raises(sheaf.SheafError, match="closed"):
        c.sql("SELECT 1")


def test_login_with_users(tmp_path_factory):
    from conftest import SheafProcess
    from test_auth import password_hash

    server = SheafProcess(tmp_path_factory.mktemp("client-auth") / "data",
                          ["--users", f"ana:{password_hash('secret')}"])
    try:
        with sheaf.connect(server.uri, username="ana", password="secret") as c:
            c.execute("CREATE TABLE cs_auth (id INTEGER)")
            assert c.insert("cs_auth", {"id": [1, 2]}) == 2
            assert c.sql("SELECT count(*) AS n FROM cs_auth").column("n").to_pylist() == [2]
        with pytest.raises(errors.Unauthenticated):
            sheaf.connect(server.uri, username="ana", password="wrong").close()
        with pytest.raises(errors.Unauthenticated):
            with sheaf.connect(server.uri) as c:
                c.sql("SELECT 1")
    finally:
        server.stop()


def test_partitions_report_row_counts_after_filtering(client):
    client.insert("cs_parts", {"id": pa.array(range(1000), pa.int64())}, mode="create")
    client.insert("cs_parts", {"id": pa.array(range(1000, 1500), pa.int64())})
    planned = client.partitions("SELECT id FROM cs_parts WHERE id >= 100 AND id < 1234", 5, count_rows=True)
    assert len(planned.tickets) == 5 and planned.version == 2 and planned.table == "main.cs_parts"
    read = [[i for b in client.read_ticket(t) for i in b.column(0).to_pylist()]
            for t in planned.tickets]
    assert list(planned.rows) == [len(r) for r in read]
    assert sorted(i for r in read for i in r) == list(range(100, 1234))
    assert client.partitions("SELECT id FROM cs_parts", 5).rows is None  # counted only on request
    # a sorted query is computed once and kept: its partitions, read in order, keep the order
    kept = client.partitions("SELECT id FROM cs_parts ORDER BY id", 5, count_rows=True)
    assert len(kept.tickets) == 5 and kept.version is None and sum(kept.rows) == 1500
    in_order = [i for t in kept.tickets for b in client.read_ticket(t) for i in b.column(0).to_pylist()]
    assert in_order == list(range(1500))


def test_wide_rows_are_ingested_in_messages_under_the_byte_bound(sheaf_server):
    from sheaf.client import INGEST_CHUNK_BYTES, INGEST_CHUNK_ROWS, ingest_chunk_rows

    blob = b"x" * (1 << 20)
    wide = pa.table({"id": pa.array(range(40), pa.int64()), "data": pa.array([blob] * 40)})
    rows = ingest_chunk_rows(wide)
    assert 1 <= rows < 40 and rows * wide.nbytes // 40 <= INGEST_CHUNK_BYTES
    assert ingest_chunk_rows(pa.table({"id": pa.array(range(10), pa.int64())})) == \
        INGEST_CHUNK_ROWS
    with sheaf.connect(sheaf_server.uri) as c:
        assert c.insert("cs_wide", wide, mode="create") == 40
        back = c.sql("SELECT id, octet_length(data) AS n FROM cs_wide ORDER BY id")
    assert back.column("id").to_pylist() == list(range(40))
    assert set(back.column("n").to_pylist()) == {1 << 20}


def test_parameters_bind_without_losing_anything(client):
    import datetime as dt
    from decimal import Decimal

    client.execute("CREATE TABLE cs_params (id INTEGER, price DECIMAL(10, 2), ratio DOUBLE, name VARCHAR,"
                   " raw VARBINARY, d DATE, ts TIMESTAMP, seen TIMESTAMP WITH LOCAL TIME ZONE, ok BOOLEAN)")
    aware = dt.datetime(2024, 6, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    insert = "INSERT INTO cs_params VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    assert client.execute(insert, [1, 1.5, 2, "猫", b"\x00\xff", dt.date(2024, 6, 1),
                                   dt.datetime(2024, 6, 1, 12, 0, 0, 123456), aware, True]) == 1
    assert client.execute(insert, [2.0, Decimal("3.25"), Decimal("0.5"), "b", bytearray(b"x"),
                                   "2024-06-02", "2024-06-02T08:00:00", dt.datetime(2024, 6, 1, 12), None]) == 1
    assert client.execute(insert, [3, None, None, None, None, None, aware, "2024-06-01 12:00:00+00:00", False]) == 1
    rows = {r["id"]: r for r in client.sql("SELECT * FROM cs_params").to_pylist()}
    assert rows[1]["price"] == Decimal("1.50") and rows[1]["ratio"] == 2.0 and rows[1]["name"] == "猫"
    assert rows[1]["raw"] == b"\x00\xff" and rows[1]["d"] == dt.date(2024, 6, 1)
    assert rows[1]["ts"] == dt.datetime(2024, 6, 1, 12, 0, 0, 123456)
    assert rows[1]["seen"] == dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc)
    assert rows[2]["price"] == Decimal("3.25") and rows[2]["d"] == dt.date(2024, 6, 2)
    assert rows[2]["ts"] == dt.datetime(2024, 6, 2, 8) and rows[2]["raw"] == b"x"
    assert rows[2]["seen"] == dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc)
    assert rows[3]["ts"] == dt.datetime(2024, 6, 1, 12)  # an aware datetime, in UTC
    assert rows[3]["ok"] is False and rows[3]["price"] is None

    refused = [
        (insert, [1.9, None, None, None, None, None, None, None, None]),   # no truncation
        (insert, [True, None, None, None, None, None, None, None, None]),  # a bool is not an id
        (insert, [4, 1.234, None, None, None, None, None, None, None]),    # more digits than the scale
        (insert, [4, None, None, 42, None, None, None, None, None]),       # a number is not text
        (insert, [4, None, None, None, None, "not a date", None, None, None]),
        (insert, [4, None, None, None, None, None, None, None, "yes"]),
        (insert, ["4", None, None, None, None, None, None, None, None]),
    ]
    for statement, params in refused:
        with pytest.raises(errors.TypeMismatch):
            client.execute(statement, params)
    assert client.sql("SELECT count(*) AS n FROM cs_params").column("n").to_pylist() == [3]
    assert client.sql("SELECT ? + 1 AS v", [2]).column("v").to_pylist() == [3]
    with pytest.raises(errors.TypeMismatch):
        client.sql("SELECT ? + 1 AS v", [1.5])


def test_keyword_column_names_and_postgres_result_names(client):
    client.execute("CREATE TABLE cs_named (x INTEGER, day DATE, value DOUBLE, user VARCHAR, year INTEGER)")
    client.execute("INSERT INTO cs_named VALUES (1, DATE '2024-01-02', 2.5, 'ann', 2024),"
                   " (2, NULL, -0.5, 'bob', 2023)")
    table = client.sql("SELECT count(*), sum(x), x + 1, CAST(value AS INTEGER), CAST(value + 1 AS BIGINT),"
                       " CAST(x > 1 AS VARCHAR), day, user FROM cs_named WHERE year > 2000"
                       " GROUP BY x, value, day, user ORDER BY x")
    assert table.schema.names == ["count", "sum", "?column?", "value", "int8", "varchar", "day", "user"]
    assert table.column(3).to_pylist() == [2, 0]  # half to even, as PostgreSQL and DuckDB
    assert table.column(4).to_pylist() == [4, 0]
    assert table.column(5).to_pylist() == ["false", "true"]
    assert table.column(7).to_pylist() == ["ann", "bob"]


def test_arithmetic_errors_are_sql_errors(client):
    client.execute("CREATE TABLE cs_arith (x INTEGER, s VARCHAR)")
    client.execute("INSERT INTO cs_arith VALUES (0, 'abc'), (2147483647, '12')")
    with pytest.raises(errors.DivisionByZero, match="NULLIF"):
        client.sql("SELECT 1 / x FROM cs_arith")
    with pytest.raises(errors.NumericOverflow):
        client.sql("SELECT x + 1 FROM cs_arith")
    with pytest.raises(errors.InvalidCast, match='"abc"'):
        client.sql("SELECT CAST(s AS INTEGER) FROM cs_arith")
    # the server keeps serving the same connection
    table = client.sql("SELECT CAST(x AS BIGINT) + 1 AS y FROM cs_arith ORDER BY x")
    assert table.column("y").to_pylist() == [1, 2147483648]
