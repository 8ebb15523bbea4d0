"""Full-text search: Sheaf's FULLTEXT (BM25) index against Sheaf's exact scan and SQLite FTS5.

Starts ``./sheaf serve`` on a fresh data directory, ingests N short synthetic texts (seeded: 5 to 20
words drawn from a Zipf-like vocabulary of 20,000 words) over ADBC, builds ``CREATE INDEX ... USING
FULLTEXT (body)`` (standard analyzer), and runs Q single queries of one or two mid-frequency words
(one client, one at a time, the query a bound parameter): ``ORDER BY text_match(body, ?) DESC LIMIT
10``, unfiltered and with ``WHERE tag = ?`` (10% of the rows). The exact baseline is Sheaf's scan
``WHERE body LIKE '%w%' ORDER BY <occurrences of w> DESC LIMIT 10`` (no BM25 without an index). The
peer is SQLite FTS5 in-process (``MATCH ? ORDER BY rank LIMIT 10``, its BM25), built from the same
texts; overlap@10 between Sheaf's and FTS5's answers checks that both rank alike. Prints one JSON
object; ``--results`` adds a section to RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vector_bench import start_server

VOCABULARY = 20_000


def wait_for_index_build(conn, index):
    """CREATE INDEX returns once its build job started: wait for the job to end."""
    cur = conn.cursor()
    while True:
        cur.execute(
            "SELECT state FROM sys.jobs WHERE kind = 'index' AND column_name = ?", parameters=[index]
        )
        states = [row[0] for row in cur.fetchall()]
        if not states or all(state != "RUNNING" for state in states):
            return
        time.sleep(0.2)


def words() -> list[str]:
    rng = np.random.default_rng(7)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    out, seen = [], set()
    while len(out) < VOCABULARY:
        w = "".join(rng.choice(letters, size=rng.integers(3, 9)))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def texts(n: int, vocabulary: list[str], seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, VOCABULARY + 1)
    weights /= weights.sum()
    lengths = rng.integers(5, 21, n)
    drawn = rng.choice(VOCABULARY, size=int(lengths.sum()), p=weights)
    out, at = [], 0
    for length in lengths:
        out.append(" ".join(vocabulary[i] for i in drawn[at : at + length]))
        at += length
    return out


def queries(q: int, vocabulary: list[str], seed: int) -> list[str]:
    """One or two words of rank 50..2000: each matches roughly 0.01% to 0.5% of the rows."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(q):
        picked = rng.integers(50, 2000, size=rng.integers(1, 3))
        out.append(" ".join(vocabulary[i] for i in picked))
    return out


def summary(latencies: list[float]) -> dict:
    lat = np.array(latencies) * 1000
    return {
        "p50_ms": round(float(np.percentile(lat, 50)), 3),
        "p99_ms": round(float(np.percentile(lat, 99)), 3),
        "qps": round(len(lat) / (lat.sum() / 1000), 1),
    }


def timed(run, items) -> tuple[list[float], list[list[int]]]:
    latencies, found = [], []
    for item in items:
        start = time.perf_counter()
        found.append(run(item))
        latencies.append(time.perf_counter() - start)
    return latencies, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--exact-queries", type=int, default=5)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--command", default="")
    args = parser.parse_args()
    import adbc_driver_flightsql.dbapi as flightsql

    vocabulary = words()
    corpus = texts(args.rows, vocabulary, seed=15)
    qs = queries(args.queries, vocabulary, seed=16)
    result: dict = {"rows": args.rows, "queries": args.queries}

    args.data_dir.mkdir(parents=True, exist_ok=True)
    process, uri = start_server(args.data_dir / "data", args.data_dir / "server.log")
    try:
        conn = flightsql.connect(uri)
        table = pa.table(
            {
                "id": pa.array(range(args.rows), pa.int64()),
                "tag": pa.array(np.arange(args.rows) % 10, pa.int32()),
                "body": pa.array(corpus, pa.string()),
            }
        )
        start = time.perf_counter()
        batches = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(50_000))
        conn.cursor().adbc_ingest("fts_bench", batches, mode="create")
        result["ingest_s"] = round(time.perf_counter() - start, 2)
        cur = conn.cursor()
        start = time.perf_counter()
        cur.execute("CREATE INDEX fts_bench_body ON fts_bench USING FULLTEXT (body)")
        conn.commit()
        wait_for_index_build(conn, "fts_bench_body")
        result["sheaf_build_s"] = round(time.perf_counter() - start, 2)

        def sheaf(sql, extra=()):
            def run(q):
                values = [pa.array([v]) for v in extra] + [pa.array([q])]
                names = [f"p{i}" for i in range(len(values))]
                cur.execute(sql, pa.record_batch(values, names=names))
                return cur.fetch_arrow_table().column(0).to_pylist()

            return run

        ranked = sheaf("SELECT id FROM fts_bench ORDER BY text_match(body, ?) DESC LIMIT 10")
        timed(ranked, qs[:5])  # warm-up
        lat, sheaf_found = timed(ranked, qs)
        result["sheaf_index"] = summary(lat)
        filtered = sheaf(
            "SELECT id FROM fts_bench WHERE tag = ? ORDER BY text_match(body, ?) DESC LIMIT 10",
            extra=(3,),
        )
        timed(filtered, qs[:5])
        lat, found = timed(filtered, qs)
        result["sheaf_index_filtered_10pct"] = summary(lat)
        result["filtered_k_rows"] = round(float(np.mean([len(f) == 10 for f in found])), 3)

        def exact(q):
            w = q.split()[0]  # letters only: safe in a literal
            cur.execute(
                f"SELECT id FROM fts_bench WHERE body LIKE '%{w}%' ORDER BY"
                f" (CHAR_LENGTH(body) - CHAR_LENGTH(REPLACE(body, '{w}', ''))) DESC LIMIT 10"
            )
            return cur.fetch_arrow_table().column(0).to_pylist()

        timed(exact, qs[:1])
        lat, _ = timed(exact, qs[: args.exact_queries])
        result["sheaf_exact_scan"] = summary(lat)
        conn.close()
    finally:
        process.terminate()
        process.wait(timeout=60)

    lite = sqlite3.connect(str(args.data_dir / "fts5.db"))
    lite.execute("PRAGMA journal_mode = OFF")
    lite.execute("PRAGMA synchronous = OFF")
    start = time.perf_counter()
    lite.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    lite.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", enumerate(corpus))
    lite.commit()
    result["fts5_build_s"] = round(time.perf_counter() - start, 2)

    def fts5(q):
        rows = lite.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10", (q.replace(" ", " OR "),)
        )
        return [r for (r,) in rows]

    timed(fts5, qs[:5])
    lat, fts5_found = timed(fts5, qs)
    result["fts5"] = summary(lat)
    result["overlap_at_10_vs_fts5"] = round(
        float(
            np.mean(
                [
                    len(set(a) & set(b)) / max(1, min(10, len(b)))
                    for a, b in zip(sheaf_found, fts5_found)
                ]
            )
        ),
        3,
    )
    print(json.dumps(result, indent=1))
    if args.results:
        write_results(args.results, result, args.command)


def write_results(path: Path, result: dict, command: str) -> None:
    load = Path("/proc/loadavg").read_text().split()[0]
    lines = [
        "",
        f"### Full-text search, {result['rows']:,} short texts ({time.strftime('%Y-%m-%d %H:%M')})",
        "",
        f"Command: `{command}`. Load average {load} (machine shared with other agents' builds).",
        (
            f"Ingest {result['ingest_s']} s; index build Sheaf {result['sheaf_build_s']} s,"
            f" SQLite FTS5 {result['fts5_build_s']} s. Top-10 overlap with FTS5"
            f" {result['overlap_at_10_vs_fts5']}; filtered queries returning 10 rows"
            f" {result['filtered_k_rows']}."
        ),
        "",
        "| Engine | Query | p50 ms | p99 ms | QPS |",
        "|---|---|---|---|---|",
    ]
    for name, key, query in (
        ("Sheaf FULLTEXT (ADBC)", "sheaf_index", "text_match top 10"),
        (
            "Sheaf FULLTEXT (ADBC)",
            "sheaf_index_filtered_10pct",
            "text_match top 10, WHERE tag = ? (10%)",
        ),
        ("Sheaf exact scan (ADBC)", "sheaf_exact_scan", "LIKE + occurrence count top 10"),
        ("SQLite FTS5 (in-process)", "fts5", "MATCH ORDER BY rank top 10"),
    ):
        s = result[key]
        lines.append(f"| {name} | {query} | {s['p50_ms']} | {s['p99_ms']} | {s['qps']} |")
    text = path.read_text()
    marker = "<!-- run.sh adds each run below this line, newest first -->"
    path.write_text(text.replace(marker, marker + "\n" + "\n".join(lines), 1))


if __name__ == "__main__":
    main()
