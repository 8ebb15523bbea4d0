"""`sheaf ingest media` end to end: a folder copied into a bucket (moto's S3 server on loopback) and
registered as rows with their checksums and provenance; a listing file with a missing object (the
rest copied, the failure queryable); and a server killed with SIGKILL mid-migration, restarted:
the job resumes and every object lands once, with one row each."""

from __future__ import annotations

import hashlib
import struct
import subprocess
import time
import zlib

import pytest
from conftest import ROOT, SheafProcess, free_port
from sql_calls import connect, rows, run

BUCKET = "ingest-e2e"
KEY = "ingest-key"
SECRET = "ingest-secret"


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size, without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes([128] * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def s3():
    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEY,
                          aws_secret_access_key=SECRET, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    client.endpoint = endpoint
    yield client
    server.stop()


def serve(data, s3):
    return SheafProcess(data, ["--media-s3-endpoint", s3.endpoint, "--media-s3-access-key", KEY,
                               "--media-s3-secret-key", SECRET, "--media-s3-buckets", BUCKET])


def sheaf(port, *args, timeout=300):
    return subprocess.run([str(ROOT / "sheaf"), *args, "--port", str(port)],
                          capture_output=True, text=True, timeout=timeout, check=False)


def keys(s3, prefix):
    found = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        found += [entry["Key"] for entry in page.get("Contents", [])]
    return found


@pytest.fixture(scope="module")
def server(s3, tmp_path_factory):
    process = serve(tmp_path_factory.mktemp("ingest-cli") / "data", s3)
    yield process
    process.stop()


def test_a_folder_is_copied_registered_and_traced(server, s3):
    folder = server.data_dir / "incoming"
    folder.mkdir(parents=True)
    for i in range(5):
        (folder / f"p{i}.png").write_bytes(png(3 + i, 2))
    conn = connect(server.uri)
    run(conn, "CREATE TABLE ingest_cli_pics (img IMAGE, source_uri VARCHAR, size_bytes BIGINT,"
              " sha256 VARCHAR)")
    args = ["ingest", "media", folder.as_uri() + "/", f"s3://{BUCKET}/pics/",
            "--table", "ingest_cli_pics", "--column", "img"]
    done = sheaf(server.port, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "DONE 5 objects, 0 failed" in done.stdout
    assert "ingest main.ingest_cli_pics.img [" in done.stderr  # the progress bar
    assert sorted(keys(s3, "pics/")) == [f"pics/p{i}.png" for i in range(5)]

    got = rows(conn, "SELECT width(img) AS w, size_bytes, sha256, source_uri FROM ingest_cli_pics"
                     " ORDER BY w")
    assert [row["w"] for row in got] == [3, 4, 5, 6, 7]
    first = (folder / "p0.png").read_bytes()
    assert got[0]["sha256"] == hashlib.sha256(first).hexdigest()
    assert got[0]["size_bytes"] == len(first)
    assert got[0]["source_uri"].endswith("/incoming/p0.png")
    body = s3.get_object(Bucket=BUCKET, Key="pics/p0.png")["Body"].read()
    assert body == first

    traced = rows(conn, "SELECT p.destination_uri AS d, p.version AS v, p.sha256 AS s"
                        " FROM sys.provenance p WHERE p.table_name = 'ingest_cli_pics'"
                        " ORDER BY d")
    version = rows(conn, 'SELECT snapshot_id AS v FROM "ingest_cli_pics$history"'
                         " ORDER BY version DESC LIMIT 1")[0]["v"]
    assert [row["d"] for row in traced] == [f"s3://{BUCKET}/pics/p{i}.png" for i in range(5)]
    assert {row["v"] for row in traced} == {version}
    assert traced[0]["s"] == hashlib.sha256(first).hexdigest()

    again = sheaf(server.port, *args)  # the same command: nothing copied or registered twice
    assert again.returncode == 0, again.stdout + again.stderr
    assert rows(conn, "SELECT count(*) AS n FROM ingest_cli_pics") == [{"n": 5}]
    conn.close()


def test_a_missing_object_fails_alone_and_is_queryable(server, s3):
    folder = server.data_dir / "listed"
    folder.mkdir(parents=True)
    (folder / "ok.png").write_bytes(png(2, 2))
    listing = server.data_dir / "urls.txt"
    listing.write_text(f"{(folder / 'ok.png').as_uri()}\n{(folder / 'gone.png').as_uri()}\n")
    done = sheaf(server.port, "ingest", "media", listing.as_uri(), f"s3://{BUCKET}/listed/")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "DONE 2 objects, 1 failed" in done.stdout
    job = done.stdout.split()[0]
    conn = connect(server.uri)
    failed = rows(conn, "SELECT source_uri, error_code FROM sys.ingest_objects"
                        f" WHERE run_id = '{job}' AND state = 'FAILED'")
    assert failed == [{"source_uri": (folder / "gone.png").as_uri(), "error_code": "MEDIA_NOT_FOUND"}]
    assert len(keys(s3, "listed/")) == 1
    conn.close()


def test_sigkill_mid_migration_then_restart_lands_every_object_once(s3, tmp_path):
    data = tmp_path / "data"
    folder = data / "many"
    folder.mkdir(parents=True)
    count = 1500
    for i in range(count):
        (folder / f"m{i:05d}.png").write_bytes(png(2, 2) + i.to_bytes(4, "big"))
    server = serve(data, s3)
    try:
        conn = connect(server.uri)
        run(conn, "CREATE TABLE ingest_cli_many (img IMAGE, sha256 VARCHAR)")
        started = sheaf(server.port, "ingest", "media", folder.as_uri() + "/", f"s3://{BUCKET}/many/",
                        "--table", "ingest_cli_many", "--column", "img", "--no-wait")
        assert started.returncode == 0, started.stderr
        job = started.stdout.strip()
        deadline = time.monotonic() + 120
        state = None
        while time.monotonic() < deadline:
            state = rows(conn, f"SELECT state, rows_done FROM sys.jobs WHERE job_id = '{job}'")[0]
            if state["rows_done"] > 0:
                break
            time.sleep(0.05)
        conn.close()
        server.process.kill()
        server.process.wait()
        server.log.close()
    except BaseException:
        server.stop()
        raise
    assert state["state"] == "RUNNING" and state["rows_done"] < count, f"too late to kill: {state}"

    restarted = serve(data, s3)
    try:
        waited = sheaf(restarted.port, "jobs", "--wait", timeout=600)
        assert waited.returncode == 0, waited.stdout + waited.stderr
        conn = connect(restarted.uri)
        assert rows(conn, f"SELECT state, rows_done, errors FROM sys.jobs WHERE job_id = '{job}'") == [
            {"state": "DONE", "rows_done": count, "errors": 0}]
        assert len(keys(s3, "many/")) == count
        assert rows(conn, "SELECT count(*) AS n, count(DISTINCT img) AS d FROM ingest_cli_many") == [
            {"n": count, "d": count}]
        assert rows(conn, "SELECT state, count(*) AS n FROM sys.ingest_objects"
                          f" WHERE run_id = '{job}' GROUP BY state") == [{"state": "REGISTERED", "n": count}]
        conn.close()
    finally:
        restarted.stop()
