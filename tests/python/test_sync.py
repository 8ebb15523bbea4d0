"""SYNC TABLE end to end through the Flight SQL server: Parquet and CSV files, PostgreSQL."""

import datetime as dt
import glob
import os
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sheaf
from conftest import SheafProcess
from sheaf import errors

# the profile's user from a flag (a setting), its password from the environment
PROFILE_ENV = {"SHEAF_SOURCE_SYNC_PG_PASSWORD": "sheaf"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # the server reads its credentials profiles from its environment
    saved = {name: os.environ.get(name) for name in PROFILE_ENV}
    os.environ.update(PROFILE_ENV)
    try:
        process = SheafProcess(tmp_path_factory.mktemp("sync") / "data",
                               ["--source.sync-pg.user", "sheaf"])
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    yield process
    process.stop()


@pytest.fixture()
def client(server):
    with sheaf.connect(server.uri) as c:
        yield c


def sync(client, statement):
    return client.sql(statement).to_pylist()[0]


def test_parquet_files_sync_by_cursor_with_drift(server, client):
    drop = server.data_dir / "sync_parquet"
    drop.mkdir(parents=True)
    t0 = dt.datetime(2026, 1, 1)
    pq.write_table(pa.table({
        "id": pa.array([1, 2, 3], pa.int64()),
        "label": ["cat", "dog", "bird"],
        "updated_at": pa.array([t0, t0, t0], pa.timestamp("us")),
    }), drop / "part-1.parquet")
    client.execute(f"CREATE SOURCE sync_pq FROM '{drop.as_uri()}/*.parquet'")
    stmt = "SYNC TABLE sync_pq_labels FROM SOURCE sync_pq KEY (id) CURSOR updated_at"
    first = sync(client, stmt)
    assert (first["inserted"], first["updated"], first["errors"]) == (3, 0, 0)
    assert first["version"] is not None

    # a second file: one row changed, one new, and a new column (added to the table)
    t1 = t0 + dt.timedelta(days=1)
    pq.write_table(pa.table({
        "id": pa.array([2, 4], pa.int64()),
        "label": ["puppy", "fish"],
        "updated_at": pa.array([t1, t1], pa.timestamp("us")),
        "note": ["renamed", None],
    }), drop / "part-2.parquet")
    second = sync(client, stmt)
    assert (second["inserted"], second["updated"], second["deleted"]) == (1, 1, 0)
    rows = client.sql("SELECT id, label, note FROM sync_pq_labels ORDER BY id").to_pylist()
    assert rows == [
        {"id": 1, "label": "cat", "note": None},
        {"id": 2, "label": "puppy", "note": "renamed"},
        {"id": 3, "label": "bird", "note": None},
        {"id": 4, "label": "fish", "note": None},
    ]
    # nothing changed since: no new version
    third = sync(client, stmt)
    assert (third["inserted"], third["updated"], third["version"]) == (0, 0, None)
    history = client.sql('SELECT count(*) AS n FROM "sync_pq_labels$history"').to_pylist()
    assert history == [{"n": 2}]
    # where row 2 came from
    origin = client.sql(
        "SELECT source_uri, version FROM sys.provenance"
        " WHERE table_name = 'sync_pq_labels' AND row_key = '2' ORDER BY version DESC"
    ).to_pylist()[0]
    assert origin["source_uri"].endswith("part-2.parquet")
    assert origin["version"] == second["version"]


def test_a_csv_that_does_not_parse_names_file_and_line(server, client):
    drop = server.data_dir / "sync_csv"
    drop.mkdir(parents=True)
    (drop / "good.csv").write_text("id,label\n1,a\n")
    (drop / "bad.csv").write_text("id,label\n2,b\n3,c,extra\n")
    client.execute(f"CREATE SOURCE sync_bad FROM '{drop.as_uri()}/*.csv'")
    with pytest.raises(errors.InvalidRequest) as failure:
        client.sql("SYNC TABLE sync_bad_rows FROM SOURCE sync_bad KEY (id)")
    assert failure.value.code == "SOURCE_FORMAT_ERROR"
    assert "bad.csv" in failure.value.message and "line 3" in failure.value.message
    tables = client.sql("SHOW TABLES").to_pylist()
    assert "sync_bad_rows" not in [t["table_name"] for t in tables]


def psql(sql):
    port = os.environ["SHEAF_TEST_PG_PORT"]
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql")) or ["psql"]
    subprocess.run([binaries[-1], "-h", "127.0.0.1", "-p", port, "-U", "sheaf", "-d", "sheaf",
                    "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
                   check=True, env={**os.environ, "PGPASSWORD": "sheaf"})


def test_postgres_with_a_credentials_profile(client):
    if "SHEAF_TEST_PG_PORT" not in os.environ:
        pytest.skip("run-tests starts PostgreSQL (tests/services/postgres.sh) and sets its port")
    port = os.environ["SHEAF_TEST_PG_PORT"]
    psql("DROP TABLE IF EXISTS sync_py_labels;"
         " CREATE TABLE sync_py_labels (id BIGINT PRIMARY KEY, label TEXT, updated_at TIMESTAMP);"
         " INSERT INTO sync_py_labels SELECT g, 'l' || g, TIMESTAMP '2026-01-01' + g * interval"
         " '1 second' FROM generate_series(1, 100) g")
    client.execute(f"CREATE SOURCE sync_py_pg FROM 'postgresql://127.0.0.1:{port}/sheaf'"
                   " TABLE sync_py_labels CREDENTIALS 'sync-pg'")
    stmt = ("SYNC TABLE sync_py_labels FROM SOURCE sync_py_pg KEY (id) CURSOR updated_at"
            " DELETE MISSING")
    assert sync(client, stmt)["inserted"] == 100
    psql("UPDATE sync_py_labels SET label = 'changed', updated_at = TIMESTAMP '2027-01-01'"
         " WHERE id <= 3; DELETE FROM sync_py_labels WHERE id = 100")
    again = sync(client, stmt)
    assert (again["inserted"], again["updated"], again["deleted"]) == (0, 3, 1)
    assert client.sql("SELECT count(*) AS n FROM sync_py_labels").to_pylist() == [{"n": 99}]
    # the source shows the profile's name, never its secret
    sources = client.sql("SELECT * FROM sys.sources WHERE name = 'sync_py_pg'").to_pylist()
    assert sources[0]["credentials"] == "sync-pg"
    assert set(sources[0]) == {"name", "uri", "source_table", "credentials", "created_at"}
    runs = client.sql("SELECT state, message FROM sys.provenance_runs"
                      " WHERE table_name = 'sync_py_labels'").to_pylist()
    assert [r["state"] for r in runs] == ["DONE", "DONE"]
    psql("DROP TABLE sync_py_labels")

    client.execute("CREATE SOURCE sync_py_down FROM 'postgresql://127.0.0.1:1/sheaf'"
                   " TABLE t CREDENTIALS 'sync-pg'")
    with pytest.raises(errors.Retryable) as down:
        client.sql("SYNC TABLE sync_py_down FROM SOURCE sync_py_down KEY (id)")
    assert down.value.code == "SOURCE_UNAVAILABLE"
