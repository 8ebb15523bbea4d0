"""A server whose warehouse is an S3 bucket (moto's S3 server on loopback): the same vectorized,
partitioned scans as on local disk, and every bulk ingest mode one new version, none of them empty."""

from __future__ import annotations

import warnings

import pyarrow as pa
import pytest
from conftest import SheafProcess, free_port

KEY = "sheaf-test"
SECRET = "sheaf-test-secret"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    port = free_port()
    s3 = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    s3.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
    ).create_bucket(Bucket="training")
    server = SheafProcess(
        tmp_path_factory.mktemp("sheaf-s3") / "data",
        [
            "--warehouse", "s3://training/warehouse",
            "--s3-endpoint", endpoint,
            "--s3-path-style",
            "--s3-access-key-id", KEY,
            "--s3-secret-access-key", SECRET,
            "--warehouse-cache-bytes", "64m",
        ],
    )
    yield server
    server.stop()
    s3.stop()


@pytest.fixture()
def conn(s3_server):
    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        connection = flightsql.connect(s3_server.uri)
    yield connection
    connection.close()


def rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetch_arrow_table()


def test_ingest_modes_are_one_version_each_and_scans_are_vectorized_and_partitioned(conn):
    cur = conn.cursor()
    n = 20_000

    def batch(first):
        ids = range(first, first + n)
        return pa.table({"id": pa.array(ids, pa.int64()), "even": [i % 2 == 0 for i in ids]})

    assert cur.adbc_ingest("s3_t", batch(0), mode="create") == n
    assert cur.adbc_ingest("s3_t", batch(n), mode="append") == n
    assert cur.adbc_ingest("s3_t", batch(2 * n), mode="create_append") == n
    assert cur.adbc_ingest("s3_t", batch(3 * n), mode="replace") == n

    versions = rows(conn, 'SELECT version FROM "s3_t$history" ORDER BY version')
    assert versions.column("version").to_pylist() == [1, 2, 3, 4]
    counts = [
        rows(conn, f"SELECT count(*) AS n FROM s3_t FOR VERSION AS OF {v}").column("n")[0].as_py()
        for v in (1, 2, 3, 4)
    ]
    assert counts == [n, 2 * n, 3 * n, n]  # REPLACE never shows an empty table

    plan = rows(conn, "EXPLAIN PLAN FOR SELECT id FROM s3_t WHERE even").column(0)[0].as_py()
    assert "SheafVectorScan" in plan

    reader = conn.cursor()
    reader.adbc_statement.set_options(
        **{"adbc.flight.sql.rpc.call_header.sheaf-partitions": "3"}
    )
    parts, _ = reader.adbc_execute_partitions("SELECT id FROM s3_t WHERE even")
    assert len(parts) == 3
    ids = []
    for part in parts:
        reader.adbc_read_partition(part)
        ids += reader.fetch_arrow_table().column("id").to_pylist()
    assert sorted(ids) == list(range(3 * n, 4 * n, 2))
