"""Full-text search over ADBC: a FULLTEXT index ranks rows by BM25, filters apply first, deleted
rows never come back, and rrf() fuses a vector ranking with a text ranking."""

import math
import sqlite3

import pyarrow as pa
import pytest

WORDS = [
    "cat",
    "dog",
    "bird",
    "fish",
    "mouse",
    "garden",
    "river",
    "house",
    "tree",
    "red",
]


def rows(conn, sql, parameters=None):
    cur = conn.cursor()
    cur.execute(sql, parameters)
    return cur.fetch_arrow_table().to_pylist()


def run(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    conn.commit()


def corpus(n=1000):
    """Seeded short texts: word i of row r is WORDS[(r * 7 + i * i * 3 + r // 10) % 10]."""
    texts = []
    for r in range(n):
        length = 3 + r % 9
        texts.append(" ".join(WORDS[(r * 7 + i * i * 3 + r // 10 + i) % 10] for i in range(length)))
    return texts


@pytest.fixture()
def docs(adbc):
    texts = corpus()
    data = pa.table(
        {
            "id": pa.array(range(len(texts)), pa.int64()),
            "tag": pa.array([i % 5 for i in range(len(texts))], pa.int32()),
            "body": pa.array(texts, pa.string()),
        }
    )
    adbc.cursor().adbc_ingest("fts_docs", data, mode="create")
    run(adbc, "CREATE INDEX fts_docs_body ON fts_docs USING FULLTEXT (body)")
    yield texts
    run(adbc, "DROP TABLE fts_docs")


def bm25(texts, term, k1=1.2, b=0.75):
    """Lucene's BM25 of one term over whitespace words (the corpus has no punctuation)."""
    docs = [t.split() for t in texts]
    n = len(docs)
    containing = sum(1 for d in docs if term in d)
    average = sum(len(d) for d in docs) / n
    idf = math.log(1 + (n - containing + 0.5) / (containing + 0.5))
    scores = {}
    for i, d in enumerate(docs):
        f = d.count(term)
        if f:
            scores[i] = idf * f / (f + k1 * (1 - b + b * len(d) / average))
    return scores


def test_bm25_ranking_matches_the_formula_and_explain_shows_the_index(adbc, docs):
    assert rows(
        adbc,
        "SELECT index_name, \"method\", analyzer FROM sys.indexes WHERE table_name = 'fts_docs'",
    ) == [{"index_name": "fts_docs_body", "method": "FULLTEXT", "analyzer": "standard"}]
    expected = bm25(docs, "mouse")
    found = rows(
        adbc,
        "SELECT id, text_match(body, 'mouse') AS score FROM fts_docs ORDER BY score DESC LIMIT 20",
    )
    assert len(found) == 20
    best = sorted(expected.values(), reverse=True)[:20]
    for row, score in zip(found, best):
        assert row["score"] == pytest.approx(score, rel=1e-5)
        assert row["score"] == pytest.approx(expected[row["id"]], rel=1e-5)
    plan = rows(
        adbc,
        "EXPLAIN SELECT id FROM fts_docs ORDER BY text_match(body, 'mouse') DESC LIMIT 5",
    )
    assert "SheafIndexTopK(index=fts_docs_body, analyzer=standard, k=5)" in plan[0]["plan"]


def test_filters_first_parameters_and_deletes(adbc, docs):
    expected = bm25(docs, "river")
    kept = sorted((i for i in expected if i % 5 == 2), key=lambda i: (-expected[i], i))[:10]
    cur = adbc.cursor()
    cur.execute(
        "SELECT id FROM fts_docs WHERE tag = ? ORDER BY text_match(body, ?) DESC LIMIT 10",
        pa.record_batch([pa.array([2], pa.int32()), pa.array(["river"])], names=["t", "q"]),
    )
    found = [r["id"] for r in cur.fetch_arrow_table().to_pylist()]
    assert len(found) == 10 and all(i % 5 == 2 for i in found)
    assert [round(expected[i], 5) for i in found] == [round(expected[i], 5) for i in kept]

    top = "SELECT id FROM fts_docs ORDER BY text_match(body, 'river') DESC LIMIT 3"
    first = rows(adbc, top)[0]["id"]
    run(adbc, f"DELETE FROM fts_docs WHERE id = {first}")
    assert first not in [r["id"] for r in rows(adbc, top)]


def test_text_match_filters_rows_like_sqlite_fts5(adbc, docs):
    """WHERE text_match(body, 'q') keeps the rows FTS5 matches for the same words (unranked)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    db.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", list(enumerate(docs)))
    for words in ["river", "cat river", "garden"]:
        fts = " OR ".join(words.split())
        expected = sorted(
            r for (r,) in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts,))
        )
        found = rows(
            adbc,
            f"SELECT id FROM fts_docs WHERE text_match(body, '{words}') ORDER BY id",
        )
        assert [r["id"] for r in found] == expected
        tagged = rows(
            adbc,
            f"SELECT id FROM fts_docs WHERE tag = 2 AND text_match(body, '{words}') ORDER BY id",
        )
        assert [r["id"] for r in tagged] == [r for r in expected if r % 5 == 2]


def test_errors_have_stable_codes(adbc, docs):
    with pytest.raises(Exception, match="INVALID_ARGUMENT"):
        rows(
            adbc,
            "SELECT id FROM fts_docs ORDER BY text_match(body, '(cat') DESC LIMIT 3",
        )
    with pytest.raises(Exception, match="TYPE_MISMATCH"):
        run(adbc, "CREATE INDEX fts_docs_tag ON fts_docs USING FULLTEXT (tag)")
    with pytest.raises(Exception, match="NOT_SUPPORTED"):
        rows(adbc, "SELECT id FROM fts_docs WHERE text_match(body, 'cat') > 1")


def test_hybrid_rrf_against_sqlite_fts5_and_fusion_by_hand(adbc):
    texts = corpus(200)
    vectors = [[math.cos(math.radians(i)), math.sin(math.radians(i))] for i in range(200)]
    data = pa.table(
        {
            "id": pa.array(range(200), pa.int64()),
            "body": pa.array(texts, pa.string()),
            "emb": pa.FixedSizeListArray.from_arrays(
                pa.array([x for v in vectors for x in v], pa.float32()), 2
            ),
        }
    )
    adbc.cursor().adbc_ingest("fts_items", data, mode="create")
    try:
        run(adbc, "CREATE INDEX fts_items_emb ON fts_items USING HNSW (emb)")
        run(adbc, "CREATE INDEX fts_items_body ON fts_items USING FULLTEXT (body)")
        q = "ARRAY[0.0, 1.0]"
        nearest = [
            r["id"]
            for r in rows(
                adbc,
                f"SELECT id FROM fts_items ORDER BY cosine_distance(emb, {q}) + 0 LIMIT 100",
            )
        ]
        text = [
            r["id"]
            for r in rows(
                adbc,
                "SELECT id FROM fts_items ORDER BY text_match(body, 'bird') DESC LIMIT 100",
            )
        ]
        # SQLite FTS5 (BM25 too) finds the same matching rows
        lite = sqlite3.connect(":memory:")
        lite.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        lite.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", enumerate(texts))
        assert {r for (r,) in lite.execute("SELECT rowid FROM t WHERE t MATCH 'bird'")} == set(text)
        fused = {}
        for ranking in (nearest, text):
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0) + 1 / (60 + rank + 1)
        expected = sorted(fused, key=lambda i: (-fused[i], i))[:10]
        found = rows(
            adbc,
            f"SELECT id, rrf(cosine_distance(emb, {q}), text_match(body, 'bird')) AS s"
            " FROM fts_items ORDER BY s DESC LIMIT 10",
        )
        assert [r["id"] for r in found] == expected
        assert [r["s"] for r in found] == pytest.approx([fused[i] for i in expected])
        sim = rows(
            adbc,
            f"SELECT id, similarity(emb, {q}) AS s FROM fts_items ORDER BY s DESC LIMIT 3",
        )
        assert [r["id"] for r in sim] == [90, 89, 91]
    finally:
        run(adbc, "DROP TABLE fts_items")


def test_benchmark_runs_on_a_small_corpus(tmp_path):
    """benchmarks/fulltext_bench.py stays runnable: 2,000 rows, 5 queries, results to a copy."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    results = tmp_path / "RESULTS.md"
    results.write_text("<!-- run.sh adds each run below this line, newest first -->\n")
    out = subprocess.run(
        [
            sys.executable,
            str(root / "benchmarks" / "fulltext_bench.py"),
            "--data-dir",
            str(tmp_path / "bench"),
            "--rows",
            "2000",
            "--queries",
            "5",
            "--exact-queries",
            "1",
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(out.stdout)
    assert figures["overlap_at_10_vs_fts5"] > 0.9 and figures["filtered_k_rows"] >= 0
    assert "| Sheaf FULLTEXT (ADBC) | text_match top 10 |" in results.read_text()
