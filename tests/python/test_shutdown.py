"""Stopping a server (SIGTERM) while a client ingests: the table ends at the previous version or the
new one, never in between, and the restarted server serves it."""

from __future__ import annotations

import threading
import time
import warnings

import pyarrow as pa

from conftest import SheafProcess

ROWS = 2_000_000


def connect(uri):
    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return flightsql.connect(uri)


def count(uri, table):
    with connect(uri) as conn, conn.cursor() as cur:
        cur.execute(f"SELECT count(*) AS n, count(DISTINCT batch) AS b FROM {table}")
        return cur.fetch_arrow_table().to_pylist()[0]


def test_sigterm_during_ingest_leaves_a_whole_version(tmp_path):
    data = tmp_path / "data"
    server = SheafProcess(data)
    before = pa.table({"id": pa.array(range(10), pa.int64()), "batch": pa.array([0] * 10, pa.int32())})
    with connect(server.uri) as conn, conn.cursor() as cur:
        cur.adbc_ingest("shutdown_t", before, mode="create")
    big = pa.table({
        "id": pa.array(range(10, 10 + ROWS), pa.int64()),
        "batch": pa.array([1] * ROWS, pa.int32()),
    }).to_batches(max_chunksize=50_000)
    outcome = {}

    def ingest():
        try:
            with connect(server.uri) as conn, conn.cursor() as cur:
                outcome["rows"] = cur.adbc_ingest("shutdown_t", pa.Table.from_batches(big), mode="append")
        except Exception as e:  # the server may stop before the ingest completes
            outcome["error"] = str(e)

    writer = threading.Thread(target=ingest)
    writer.start()
    time.sleep(0.5)  # let the ingest begin; whether it finishes before the stop does not matter
    server.stop()
    writer.join(timeout=120)
    assert not writer.is_alive()

    restarted = SheafProcess(data)
    try:
        after = count(restarted.uri, "shutdown_t")
        assert after in ({"n": 10, "b": 1}, {"n": 10 + ROWS, "b": 2}), (after, outcome)
        if "rows" in outcome:  # the client was told it committed: it must be there
            assert after["n"] == 10 + ROWS
        log = server.log_path.read_text()
        assert "Arrow memory held at shutdown: 0 bytes" in log, log[-2000:]
    finally:
        restarted.stop()
