"""Partitioned results: N endpoints over one pinned snapshot, disjoint, complete and repeatable."""

import pyarrow as pa


def partitioned(conn, sql, partitions):
    cur = conn.cursor()
    cur.adbc_statement.set_options(
        **{"adbc.flight.sql.rpc.call_header.sheaf-partitions": str(partitions)}
    )
    parts, schema = cur.adbc_execute_partitions(sql)
    return cur, parts, schema


def read(cur, part):
    cur.adbc_read_partition(part)
    return cur.fetch_arrow_table()


def test_partitions_cover_every_row_once_and_stay_pinned(adbc):
    cur = adbc.cursor()
    n = 10_000
    for chunk in range(4):  # four commits, four data files
        ids = range(chunk * n // 4, (chunk + 1) * n // 4)
        data = pa.table({"id": pa.array(ids, pa.int64()), "even": [i % 2 == 0 for i in ids]})
        cur.adbc_ingest("parts_t", data, mode="create_append")

    reader, parts, schema = partitioned(adbc, "SELECT id FROM parts_t WHERE even", 3)
    assert len(parts) == 3
    assert schema.metadata[b"sheaf.partitions"] == b"3"
    version = schema.metadata[b"sheaf.snapshot.version"]

    # commits after planning do not reach the pinned partitions
    cur.adbc_ingest("parts_t", pa.table({"id": pa.array([10**9], pa.int64()), "even": [True]}),
                    mode="append")

    tables = [read(reader, p) for p in parts]
    ids = [i for t in tables for i in t.column("id").to_pylist()]
    assert sorted(ids) == list(range(0, n, 2))
    sizes = [t.num_rows for t in tables]
    assert max(sizes) - min(sizes) <= 2  # equal row windows, about half of each pass the filter
    assert read(reader, parts[1]).column("id").to_pylist() == tables[1].column("id").to_pylist()
    assert version.isdigit()


def test_sorted_and_aggregated_queries_come_whole(adbc):
    cur = adbc.cursor()
    cur.adbc_ingest("parts_sorted", pa.table({"id": list(range(100))}), mode="create")
    reader, parts, _ = partitioned(adbc, "SELECT id FROM parts_sorted ORDER BY id DESC", 4)
    assert len(parts) == 1
    assert read(reader, parts[0]).column("id").to_pylist() == list(range(99, -1, -1))
    reader, parts, _ = partitioned(adbc, "SELECT count(*) AS n FROM parts_sorted", 4)
    assert len(parts) == 1
    assert read(reader, parts[0]).column("n").to_pylist() == [100]


def test_bad_partition_counts_are_refused(adbc):
    import adbc_driver_manager
    import pytest

    for bad in ("0", "lots", "100000"):
        with pytest.raises(adbc_driver_manager.Error) as failure:
            partitioned(adbc, "SELECT 1", bad)
        assert "partition" in str(failure.value).lower()
