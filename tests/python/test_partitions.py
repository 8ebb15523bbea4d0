"""Partitioned results: N endpoints over one pinned snapshot, disjoint, complete and repeatable."""

import shutil
from pathlib import Path

import pyarrow as pa

DATA = Path(__file__).resolve().parent / "data"


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


def test_sorted_and_aggregated_queries_come_as_parts_of_a_kept_result(adbc):
    cur = adbc.cursor()
    cur.adbc_ingest("parts_sorted", pa.table({"id": list(range(100)),
                                              "k": [i % 7 for i in range(100)]}), mode="create")
    reader, parts, schema = partitioned(adbc, "SELECT id FROM parts_sorted ORDER BY id DESC", 4)
    assert len(parts) == 4
    assert b"sheaf.result.id" in schema.metadata
    tables = [read(reader, p) for p in parts]
    # partitions in index order keep the result's order
    assert [i for t in tables for i in t.column("id").to_pylist()] == list(range(99, -1, -1))
    assert [t.num_rows for t in tables] == [25, 25, 25, 25]

    sql = "SELECT k, count(*) AS n, sum(id) AS s FROM parts_sorted GROUP BY k"
    whole = rows(adbc, sql)
    reader, parts, _ = partitioned(adbc, sql, 3)
    assert len(parts) == 3
    got = pa.concat_tables([read(reader, p) for p in parts])
    assert sorted(got.to_pylist(), key=lambda r: r["k"]) == sorted(
        whole.to_pylist(), key=lambda r: r["k"])
    # a partition reads the same rows again
    assert read(reader, parts[2]).to_pylist() == read(reader, parts[2]).to_pylist()


def test_fetch_queries_split_at_the_scan(adbc, sheaf_server):
    folder = sheaf_server.data_dir / "partition-images"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("horse.png", "rocket.jpg"):
        shutil.copy(DATA / name, folder / name)
    cur = adbc.cursor()
    cur.execute("CREATE TABLE parts_photos (id INTEGER, img IMAGE, label INTEGER)")
    for chunk in range(3):  # three commits, three data files
        values = ", ".join(
            f"({i}, '{(folder / ('horse.png' if i % 2 else 'rocket.jpg')).as_uri()}', {i % 20})"
            for i in range(chunk * 20, chunk * 20 + 20))
        cur.execute(f"INSERT INTO parts_photos VALUES {values}")
    sql = "SELECT id, fetch(img) AS image, label FROM parts_photos WHERE label < 12"
    whole = rows(adbc, sql)
    reader, parts, schema = partitioned(adbc, sql, 4)
    assert len(parts) == 4
    assert b"sheaf.snapshot.version" in schema.metadata
    tables = [read(reader, p) for p in parts]
    got = pa.concat_tables(tables)
    assert got.column("id").to_pylist() == whole.column("id").to_pylist()
    assert len(set(got.column("id").to_pylist())) == got.num_rows == 36
    images = {(DATA / name).read_bytes() for name in ("horse.png", "rocket.jpg")}
    assert set(got.column("image").to_pylist()) == images


def rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetch_arrow_table()


def test_bad_partition_counts_are_refused(adbc):
    import adbc_driver_manager
    import pytest

    for bad in ("0", "lots", "100000"):
        with pytest.raises(adbc_driver_manager.Error) as failure:
            partitioned(adbc, "SELECT 1", bad)
        assert "partition" in str(failure.value).lower()
