"""Vector similarity search over ADBC: an HNSW index answers ORDER BY distance LIMIT k like the exact scan."""

import numpy as np
import pyarrow as pa
import pytest

DIM = 16


def rows(conn, sql, parameters=None):
    cur = conn.cursor()
    cur.execute(sql, parameters)
    return cur.fetch_arrow_table().to_pylist()


def run(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    conn.commit()


def literal(vector):
    return "ARRAY[" + ", ".join(repr(float(x)) for x in vector) + "]"


@pytest.fixture()
def vectors(adbc):
    rng = np.random.default_rng(15)
    centres = rng.normal(size=(10, DIM)).astype(np.float32)
    n = 2000
    emb = centres[rng.integers(0, 10, n)] + 0.3 * rng.normal(size=(n, DIM)).astype(np.float32)
    data = pa.table(
        {
            "id": pa.array(range(n), pa.int64()),
            "label": pa.array([i % 100 for i in range(n)], pa.int32()),
            "emb": pa.FixedSizeListArray.from_arrays(pa.array(emb.reshape(-1), pa.float32()), DIM),
        }
    )
    adbc.cursor().adbc_ingest("vecidx_points", data, mode="create")
    run(
        adbc,
        "CREATE INDEX vecidx_points_emb ON vecidx_points USING HNSW (emb) WITH (metric = 'cosine')",
    )
    yield rng, centres
    run(adbc, "DROP TABLE vecidx_points")


def test_index_matches_exact_search(adbc, vectors):
    rng, centres = vectors
    assert rows(
        adbc, "SELECT index_name, metric FROM sys.indexes WHERE table_name = 'vecidx_points'"
    ) == [{"index_name": "vecidx_points_emb", "metric": "cosine"}]
    hits = 0
    for _ in range(10):
        q = literal(centres[rng.integers(0, 10)] + 0.5 * rng.normal(size=DIM))
        found = rows(
            adbc, f"SELECT id FROM vecidx_points ORDER BY cosine_distance(emb, {q}) LIMIT 10"
        )
        exact = rows(
            adbc, f"SELECT id FROM vecidx_points ORDER BY cosine_distance(emb, {q}) + 0 LIMIT 10"
        )
        assert len(found) == 10
        hits += len({r["id"] for r in found} & {r["id"] for r in exact})
    assert hits / 100 >= 0.9

    q = literal(centres[0])
    where = f"FROM vecidx_points WHERE label = 7 ORDER BY cosine_distance(emb, {q})"
    filtered = rows(adbc, f"SELECT id, cosine_distance(emb, {q}) AS d {where} LIMIT 5")
    assert filtered == rows(adbc, f"SELECT id, cosine_distance(emb, {q}) AS d {where} + 0 LIMIT 5")
    assert all(r["id"] % 100 == 7 for r in filtered) and len(filtered) == 5
    plan = rows(adbc, f"EXPLAIN SELECT id {where} LIMIT 5")
    assert "SheafIndexTopK(index=vecidx_points_emb" in plan[0]["plan"]


def test_deleted_rows_never_come_back_and_bad_dimensions(adbc, vectors):
    _, centres = vectors
    q = literal(centres[3])
    nearest = f"SELECT id FROM vecidx_points ORDER BY cosine_distance(emb, {q}) LIMIT 3"
    first = rows(adbc, nearest)[0]["id"]
    run(adbc, f"DELETE FROM vecidx_points WHERE id = {first}")
    assert first not in [r["id"] for r in rows(adbc, nearest)]
    with pytest.raises(Exception, match="TYPE_MISMATCH"):
        rows(
            adbc,
            "SELECT id FROM vecidx_points ORDER BY cosine_distance(emb, ARRAY[1.0, 2.0]) LIMIT 3",
        )


def test_query_vector_as_a_parameter(adbc, vectors):
    _, centres = vectors
    q = [float(x) for x in centres[5]]
    expected = rows(
        adbc, f"SELECT id FROM vecidx_points ORDER BY cosine_distance(emb, {literal(q)}) LIMIT 5"
    )
    bound = pa.record_batch([pa.array([q], pa.list_(pa.float32()))], names=["q"])
    cur = adbc.cursor()
    cur.execute("SELECT id FROM vecidx_points ORDER BY cosine_distance(emb, ?) LIMIT 5", bound)
    assert cur.fetch_arrow_table().to_pylist() == expected
