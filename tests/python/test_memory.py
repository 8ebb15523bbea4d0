"""A statement that would gather more rows on the heap than the server has (a CREATE TABLE AS of a
cross join, on a server given a 256 MB heap) fails with OUT_OF_MEMORY, commits nothing, and the
server goes on serving (HeapGuard)."""

import pyarrow as pa
import pytest
from conftest import SheafProcess
from sql_calls import connect, rows, run


def test_a_statement_that_would_fill_the_heap_fails_and_the_server_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEAF_JAVA_OPTS", "-Xmx256m")
    server = SheafProcess(tmp_path / "data")
    try:
        conn = connect(server.uri)
        cur = conn.cursor()
        cur.adbc_ingest("mem_src", pa.table({"id": pa.array(range(3000), pa.int64())}), mode="create")
        with pytest.raises(Exception, match="OUT_OF_MEMORY: Cannot hold the rows of CREATE TABLE"):
            run(
                conn,
                "CREATE TABLE mem_big AS SELECT a.id, b.id AS id2, 'some text' AS note"
                " FROM mem_src a, mem_src b",
            )
        assert server.process.poll() is None
        assert rows(conn, "SELECT count(*) AS n FROM mem_src") == [{"n": 3000}]
        with pytest.raises(Exception, match="TABLE_NOT_FOUND"):
            rows(conn, "SELECT count(*) FROM mem_big")
        # the heap is free again: a statement of ordinary size runs
        run(conn, "CREATE TABLE mem_small AS SELECT id FROM mem_src WHERE id < 10")
        assert rows(conn, "SELECT count(*) AS n FROM mem_small") == [{"n": 10}]
        conn.close()
    finally:
        server.stop()
