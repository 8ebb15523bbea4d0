"""index-location = warehouse on an S3 warehouse (moto on loopback): a second server on the same
catalog and warehouse, with a data directory of its own, answers index searches from the index the
first one published, without indexing the table again, and DROP TABLE removes the index objects."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from conftest import SheafProcess, free_port
from sql_calls import connect, rows, run

KEY = "sheaf-test"
SECRET = "sheaf-test-secret"
DIM = 8


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
    )
    client.create_bucket(Bucket="indexes")
    yield endpoint, client
    server.stop()


def serve(endpoint, data_dir, catalog):
    return SheafProcess(
        data_dir,
        [
            "--catalog-url", f"jdbc:sqlite:{catalog}",
            "--warehouse", "s3://indexes/warehouse",
            "--s3-endpoint", endpoint,
            "--s3-path-style",
            "--s3-access-key-id", KEY,
            "--s3-secret-access-key", SECRET,
            "--index-location", "warehouse",
        ],
    )


def index_objects(client, index):
    listed = client.list_objects_v2(Bucket="indexes", Prefix="warehouse/")
    return [o["Key"] for o in listed.get("Contents", []) if f"/index/{index}/" in o["Key"]]


def test_a_second_server_searches_the_published_index(s3, tmp_path):
    endpoint, client = s3
    catalog = tmp_path / "catalog.db"
    rng = np.random.default_rng(7)
    emb = rng.normal(size=(300, DIM)).astype(np.float32)
    data = pa.table(
        {
            "id": pa.array(range(300), pa.int64()),
            "emb": pa.FixedSizeListArray.from_arrays(pa.array(emb.reshape(-1), pa.float32()), DIM),
            "body": [("a garden by the river" if i % 7 == 0 else "a river") for i in range(300)],
        }
    )
    q = "ARRAY[" + ", ".join(["0.1"] * DIM) + "]"
    nearest_sql = f"SELECT id FROM wi_points ORDER BY l2_distance(emb, {q}) LIMIT 5"
    words_sql = "SELECT id FROM wi_points ORDER BY text_match(body, 'garden') DESC LIMIT 5"

    first = serve(endpoint, tmp_path / "first", catalog)
    try:
        conn = connect(first.uri)
        conn.cursor().adbc_ingest("wi_points", data, mode="create")
        run(conn, "CREATE INDEX wi_points_emb ON wi_points USING HNSW (emb) WITH (metric = 'l2')")
        run(conn, "CREATE INDEX wi_points_body ON wi_points USING FULLTEXT (body)")
        nearest = rows(conn, nearest_sql)
        words = rows(conn, words_sql)
        assert len(nearest) == 5 and len(words) == 5
        conn.close()
    finally:
        first.stop()
    assert any(key.endswith("/manifest") for key in index_objects(client, "wi_points_emb"))
    assert any(key.endswith("/manifest") for key in index_objects(client, "wi_points_body"))
    published = index_objects(client, "wi_points_emb") + index_objects(client, "wi_points_body")

    second = serve(endpoint, tmp_path / "second", catalog)
    try:
        conn = connect(second.uri)
        assert rows(conn, nearest_sql) == nearest
        assert rows(conn, words_sql) == words
        local = list((tmp_path / "second" / "indexes").rglob("*"))
        assert any(p.name.startswith("segments_") for p in local)
        # downloaded, not built again: nothing new was published
        assert (
            index_objects(client, "wi_points_emb") + index_objects(client, "wi_points_body")
            == published
        )
        run(conn, "DROP TABLE wi_points")
        conn.close()
    finally:
        second.stop()
    assert index_objects(client, "wi_points_emb") == []
    assert index_objects(client, "wi_points_body") == []
