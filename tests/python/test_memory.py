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


def test_a_join_or_sort_too_big_for_the_heap_fails_and_the_server_goes_on(tmp_path, monkeypatch):
    """The Arrow operators hold a hash join's build side and a full sort's rows on the heap; the
    heap guard stops them with OUT_OF_MEMORY before the heap fills, and the server keeps serving."""
    monkeypatch.setenv("SHEAF_JAVA_OPTS", "-Xmx256m")
    server = SheafProcess(tmp_path / "data")
    try:
        conn = connect(server.uri)
        cur = conn.cursor()
        n = 2_000_000
        note = pa.array([f"a note long enough to weigh on the heap, row {i:09d}" for i in range(n)])
        big = pa.table({"id": pa.array(range(n), pa.int64()), "note": note})
        batches = pa.RecordBatchReader.from_batches(big.schema, big.to_batches(max_chunksize=50_000))
        cur.adbc_ingest("mem_wide", batches, mode="create")
        cur.adbc_ingest("mem_keys", pa.table({"id": pa.array(range(0, n, 1000), pa.int64())}), mode="create")
        join = "SELECT MAX(a.note) AS x, MAX(b.note) AS y FROM mem_wide a JOIN mem_wide b ON a.id = b.id"
        assert "SheafVectorHashJoin" in "".join(str(r) for r in rows(conn, "EXPLAIN " + join))
        with pytest.raises(Exception, match="OUT_OF_MEMORY: Cannot hold the build side of the hash join"):
            rows(conn, join)
        sort = "SELECT id, note FROM mem_wide ORDER BY note DESC"
        assert "SheafVectorSort" in "".join(str(r) for r in rows(conn, "EXPLAIN " + sort))
        with pytest.raises(Exception, match="OUT_OF_MEMORY: Cannot hold the rows of the sort"):
            rows(conn, sort)
        assert server.process.poll() is None
        # a join whose build side fits runs on the same server afterwards
        cur.close()
        small = "SELECT COUNT(*) AS n FROM mem_keys k JOIN mem_wide w ON w.id = k.id"
        assert rows(conn, small) == [{"n": n // 1000}]
        conn.close()
    finally:
        server.stop()
