"""Datasets end to end: a commit of several tables read back byte for byte through the torch
loader after every member and the media objects changed, PyIceberg reading the same rows from the
same catalog, and concurrent commits on PostgreSQL taking consistent cuts."""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path

import pytest
from conftest import SheafProcess, free_port

MEDIA = Path("/work/shared/media/images")
KEY, SECRET = "datasets", "datasets-secret"


def _photos() -> list[bytes]:
    return [(MEDIA / name).read_bytes() for name in ("chelsea.png", "astronaut.png", "coffee.png")]


@pytest.fixture(scope="module")
def versioned_bucket():
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    port = free_port()
    s3 = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    s3.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEY,
                          aws_secret_access_key=SECRET, region_name="us-east-1")
    client.create_bucket(Bucket="frames")
    client.put_bucket_versioning(Bucket="frames",
                                 VersioningConfiguration={"Status": "Enabled"})
    yield endpoint, client
    s3.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory, versioned_bucket):
    endpoint, _ = versioned_bucket
    data = tmp_path_factory.mktemp("datasets") / "data"
    process = SheafProcess(data, [
        "--media-s3-endpoint", endpoint,
        "--media-s3-access-key", KEY,
        "--media-s3-secret-key", SECRET,
        "--media-s3-path-style", "true",
    ])
    yield process
    process.stop()


@pytest.fixture()
def client(server):
    import sheaf

    with sheaf.connect(server.uri) as connection:
        yield connection


def _rows(client, sql):
    return client.sql(sql).to_pylist()


def test_a_dataset_commit_reads_back_byte_identical_through_the_torch_loader(
        client, versioned_bucket):
    torch = pytest.importorskip("torch")
    _, s3 = versioned_bucket
    photos = _photos()
    for index, data in enumerate(photos[:2]):
        s3.put_object(Bucket="frames", Key=f"img{index}.jpg", Body=data)
    client.execute("CREATE TABLE ds_frames (id INTEGER PRIMARY KEY, img IMAGE)")
    client.execute("CREATE TABLE ds_captions (id INTEGER PRIMARY KEY, caption VARCHAR)")
    client.execute("INSERT INTO ds_frames VALUES (0, 's3://frames/img0.jpg'),"
               " (1, 's3://frames/img1.jpg')")
    client.execute("INSERT INTO ds_captions VALUES (0, 'a cat'), (1, 'a face')")
    client.execute("CREATE DATASET ds_train (ds_frames, ds_captions)")
    committed = _rows(client, "COMMIT DATASET ds_train TAG 'v1' MESSAGE 'first cut'")
    assert [row["table_name"] for row in committed] == ["ds_frames", "ds_captions"]

    def samples(dataset):
        loader = torch.utils.data.DataLoader(
            client.torch_dataset("SELECT id, fetch(img) AS data FROM ds_train.ds_frames",
                                 batch_size=8, dataset=dataset,
                                 to_tensor=lambda table: table.to_pylist()),
            batch_size=None)
        return {row["id"]: row["data"] for batch in loader for row in batch}

    before = samples("ds_train@v1")
    assert before == {0: photos[0], 1: photos[1]}

    # every member changes, and the objects behind the committed rows are overwritten
    s3.put_object(Bucket="frames", Key="img0.jpg", Body=photos[2])
    client.execute("INSERT INTO ds_frames VALUES (2, 's3://frames/img0.jpg')")
    client.execute("DELETE FROM ds_frames WHERE id = 1")
    client.execute("UPDATE ds_captions SET caption = 'a lion' WHERE id = 0")

    assert samples("ds_train@v1") == before
    assert samples("ds_train@1") == before
    captions = client.hf_dataset("SELECT id, caption FROM ds_train.ds_captions ORDER BY id",
                                 dataset="ds_train@v1")
    assert [row["caption"] for row in captions] == ["a cat", "a face"]
    now = _rows(client, "SELECT id, fetch(img) AS data FROM ds_train.ds_frames ORDER BY id")
    assert [(row["id"], row["data"]) for row in now] == [(0, photos[0]), (2, photos[2])]

    card = client.describe_dataset("ds_train", "v1")
    by_table = {row["table_name"]: row for row in card.rows}
    assert by_table["ds_frames"]["rows"] == 2
    assert by_table["ds_frames"]["media_objects"] == 2
    assert by_table["ds_frames"]["media_bytes"] == len(photos[0]) + len(photos[1])
    assert by_table["ds_captions"]["media_bytes"] == 0
    text = str(card)
    assert "commit 1 (v1)" in text and "first cut" in text and "ds_frames" in text


def test_bad_dataset_arguments_are_clear_errors(client):
    from sheaf import errors

    client.execute("CREATE TABLE ds_solo (id INTEGER)")
    client.execute("INSERT INTO ds_solo VALUES (1)")
    client.execute("CREATE DATASET ds_one (ds_solo)")
    client.sql("COMMIT DATASET ds_one TAG 'a'")
    with pytest.raises(errors.SheafError) as tag_taken:
        client.sql("COMMIT DATASET ds_one TAG 'a'")
    assert tag_taken.value.code == "REFERENCE_ALREADY_EXISTS"
    with pytest.raises(errors.InvalidArgument):
        client.torch_dataset("SELECT id FROM ds_solo", batch_size=2, dataset="ds_one@a")
    with pytest.raises(errors.InvalidArgument):
        client.torch_dataset("SELECT id FROM ds_one.ds_solo", batch_size=2, dataset="ds_one")
    with pytest.raises(errors.NotFound) as missing:
        client.sql("DESCRIBE DATASET ds_nothing")
    assert missing.value.code == "DATASET_NOT_FOUND"


def test_pyiceberg_reads_the_same_rows_and_a_commits_versions(client, server):
    pytest.importorskip("sqlalchemy")
    sql_catalog = pytest.importorskip("pyiceberg.catalog.sql")
    client.execute("CREATE TABLE ds_ice (id INTEGER, name VARCHAR, score DOUBLE, seen TIMESTAMP,"
               " img IMAGE)")
    client.execute("INSERT INTO ds_ice VALUES (1, 'one', 0.5, TIMESTAMP '2026-01-02 03:04:05.123456',"
               " NULL), (2, 'two', NULL, NULL, NULL)")
    client.execute("CREATE DATASET ds_ice_set (ds_ice)")
    client.sql("COMMIT DATASET ds_ice_set TAG 'first'")
    client.execute("UPDATE ds_ice SET name = 'uno' WHERE id = 1")
    client.execute("INSERT INTO ds_ice VALUES (3, 'three', 1.5, NULL, NULL)")

    data = server.data_dir
    catalog = sql_catalog.SqlCatalog(
        "sheaf", uri=f"sqlite:///{data / 'catalog.db'}", warehouse=f"file://{data / 'warehouse'}")
    table = catalog.load_table(("main", "ds_ice"))
    columns = ["id", "name", "score", "seen", "img"]

    def ordered(arrow):
        return sorted(arrow.select(columns).to_pylist(), key=lambda row: row["id"])

    assert ordered(table.scan().to_arrow()) == ordered(
        client.sql("SELECT id, name, score, seen, img FROM ds_ice"))
    # the hidden row id is there for other engines too, one per row
    assert "_rowid" in table.scan().to_arrow().column_names
    kept = table.snapshot_by_name("dataset:ds_ice_set:1")
    assert kept is not None
    at_commit = ordered(table.scan(snapshot_id=kept.snapshot_id).to_arrow())
    assert at_commit == ordered(client.sql(
        "SELECT id, name, score, seen, img FROM ds_ice_set.ds_ice FOR DATASET VERSION 'first'"))
    assert [row["name"] for row in at_commit] == ["one", "two"]
    for name in catalog.list_tables("main"):
        if name[1].startswith("ds_"):
            catalog.load_table(name).scan().to_arrow()


def test_concurrent_commits_on_postgresql_take_consistent_cuts(tmp_path):
    if "SHEAF_TEST_PG_PORT" not in os.environ:
        pytest.skip("run-tests starts PostgreSQL (tests/services/postgres.sh) and sets its port")
    import sheaf

    port = os.environ["SHEAF_TEST_PG_PORT"]
    process = SheafProcess(tmp_path / "data", [
        "--catalog-url", f"jdbc:postgresql://127.0.0.1:{port}/sheaf",
        "--catalog-user", "sheaf", "--catalog-password", "sheaf"])
    prefix = "dspg_" + uuid.uuid4().hex[:8]
    try:
        with sheaf.connect(process.uri) as setup:
            setup.execute(f"CREATE TABLE {prefix}_a (id INTEGER)")
            setup.execute(f"CREATE TABLE {prefix}_b (id INTEGER)")
            setup.execute(f"CREATE DATASET {prefix} ({prefix}_a, {prefix}_b)")
        stop = threading.Event()
        failures: list[BaseException] = []

        def write():
            # a row goes into a, then into b: a cut never holds more of b than of a
            with sheaf.connect(process.uri) as writer:
                for i in range(20):
                    writer.execute(f"INSERT INTO {prefix}_a VALUES ({i})")
                    writer.execute(f"INSERT INTO {prefix}_b VALUES ({i})")
            stop.set()

        def commit():
            try:
                with sheaf.connect(process.uri) as committer:
                    for _ in range(12):
                        if stop.is_set():
                            break
                        committer.sql(f"COMMIT DATASET {prefix}")
                        time.sleep(0.05)
            except BaseException as error:  # noqa: BLE001 - reported below
                failures.append(error)

        threads = [threading.Thread(target=write)] + [
            threading.Thread(target=commit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not failures
        with sheaf.connect(process.uri) as check:
            commits = _rows(check, f'SELECT "commit" FROM "{prefix}$history" ORDER BY 1')
            numbers = [row["commit"] for row in commits]
            assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
            for number in numbers:
                a, b = (
                    _rows(check, f"SELECT count(*) AS n FROM {prefix}.{prefix}_{t}"
                                 f" FOR DATASET VERSION {number}")[0]["n"]
                    if _has_rows(check, prefix, t, number) else 0
                    for t in ("a", "b"))
                assert b <= a <= b + 1, (number, a, b)
            check.execute(f"DROP DATASET {prefix}")
            check.execute(f"DROP TABLE {prefix}_a")
            check.execute(f"DROP TABLE {prefix}_b")
    finally:
        process.stop()


def _has_rows(client, prefix, table, number):
    versions = _rows(client, f'SELECT versions FROM "{prefix}$history" WHERE "commit" = {number}')
    return f'"main.{prefix}_{table}":0' not in versions[0]["versions"]
