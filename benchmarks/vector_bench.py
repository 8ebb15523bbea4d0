"""Vector similarity search: Sheaf's HNSW index against Sheaf's exact scan and FAISS HNSW.

Starts ``./sheaf serve`` on a fresh data directory, ingests N clustered random vectors (seeded) over
ADBC, builds ``CREATE INDEX ... USING HNSW (emb) WITH (metric = 'cosine', m = 16, ef_construction =
100)``, and runs Q single queries (one client, one at a time, the query vector a bound parameter)
at several ef_search settings; recall@10 is against numpy's exact cosine top 10. FAISS
``IndexHNSWFlat`` (same m, efConstruction, inner product on unit vectors, one thread) runs the same
queries in-process. Prints one JSON object; ``--results`` appends a section to RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "clients" / "python"))


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / "sheaf"), "serve", "--port", str(port), "--data-dir", str(data_dir)],
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"grpc://127.0.0.1:{port}"
        time.sleep(0.2)
    raise TimeoutError("sheaf serve did not start")


def clustered(n: int, dim: int, queries: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(10, n // 1000), dim)).astype(np.float32)
    data = centres[rng.integers(0, len(centres), n)]
    data += 0.5 * rng.normal(size=(n, dim)).astype(np.float32)
    q = centres[rng.integers(0, len(centres), queries)]
    q = q + 0.6 * rng.normal(size=(queries, dim)).astype(np.float32)
    return data, q.astype(np.float32)


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def exact_top(data: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    scores = unit(queries) @ unit(data).T
    return np.argsort(-scores, axis=1)[:, :k]


def summary(latencies: list[float], found: list[list[int]], truth: np.ndarray, k: int) -> dict:
    lat = np.array(latencies) * 1000
    recall = np.mean([len(set(f) & set(t[:k].tolist())) / k for f, t in zip(found, truth)])
    return {
        "recall_at_10": round(float(recall), 4),
        "p50_ms": round(float(np.percentile(lat, 50)), 3),
        "p99_ms": round(float(np.percentile(lat, 99)), 3),
        "qps": round(len(lat) / (lat.sum() / 1000), 1),
    }


def sheaf_queries(conn, sql: str, queries: np.ndarray) -> tuple[list[float], list[list[int]]]:
    latencies, found = [], []
    cur = conn.cursor()
    for q in queries:
        bound = pa.record_batch([pa.array([q.tolist()], pa.list_(pa.float32()))], names=["q"])
        start = time.perf_counter()
        cur.execute(sql, bound)
        ids = cur.fetch_arrow_table().column(0).to_pylist()
        latencies.append(time.perf_counter() - start)
        found.append(ids)
    return latencies, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--exact-queries", type=int, default=10)
    parser.add_argument("--ef", default="10,20,40,100,200")
    parser.add_argument("--quantization", default="none", choices=["none", "int8", "int4", "bbq"])
    parser.add_argument("--results", type=Path)
    parser.add_argument("--command", default="")
    args = parser.parse_args()
    import adbc_driver_flightsql.dbapi as flightsql
    import faiss

    k = 10
    efs = [int(e) for e in args.ef.split(",")]
    data, queries = clustered(args.rows, args.dim, args.queries, seed=384)
    truth = exact_top(data, queries, k)
    result: dict = {
        "rows": args.rows,
        "dim": args.dim,
        "queries": args.queries,
        "quantization": args.quantization,
    }

    args.data_dir.mkdir(parents=True, exist_ok=True)
    process, uri = start_server(args.data_dir / "data", args.data_dir / "server.log")
    try:
        conn = flightsql.connect(uri)
        table = pa.table(
            {
                "id": pa.array(range(args.rows), pa.int64()),
                "emb": pa.FixedSizeListArray.from_arrays(
                    pa.array(data.reshape(-1), pa.float32()), args.dim
                ),
            }
        )
        start = time.perf_counter()
        batches = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(5000))
        conn.cursor().adbc_ingest("vec_bench", batches, mode="create")
        result["ingest_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        cur = conn.cursor()
        cur.execute(
            "CREATE INDEX vec_bench_emb ON vec_bench USING HNSW (emb)"
            " WITH (metric = 'cosine', m = 16, ef_construction = 100,"
            f" quantization = '{args.quantization}')"
        )
        conn.commit()
        wait_for_index_build(conn, "vec_bench_emb")
        result["sheaf_build_s"] = round(time.perf_counter() - start, 2)
        exact_sql = "SELECT id FROM vec_bench ORDER BY cosine_distance(emb, ?) + 0 LIMIT 10"
        sheaf_queries(conn, exact_sql, queries[:1])  # warm-up
        lat, found = sheaf_queries(conn, exact_sql, queries[: args.exact_queries])
        result["sheaf_exact"] = summary(lat, found, truth[: args.exact_queries], k)
        result["sheaf_index"] = {}
        for ef in efs:
            sql = (
                f"SELECT /*+ ef_search({ef}) */ id FROM vec_bench"
                " ORDER BY cosine_distance(emb, ?) LIMIT 10"
            )
            sheaf_queries(conn, sql, queries[:5])  # warm-up
            lat, found = sheaf_queries(conn, sql, queries)
            result["sheaf_index"][ef] = summary(lat, found, truth, k)
        conn.close()
    finally:
        process.terminate()
        process.wait(timeout=60)

    faiss.omp_set_num_threads(1)
    index = faiss.IndexHNSWFlat(args.dim, 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 100
    start = time.perf_counter()
    index.add(unit(data))
    result["faiss_build_s"] = round(time.perf_counter() - start, 2)
    result["faiss"] = {}
    for ef in efs:
        index.hnsw.efSearch = max(ef, k)
        latencies, found = [], []
        for q in unit(queries):
            start = time.perf_counter()
            _, ids = index.search(q.reshape(1, -1), k)
            latencies.append(time.perf_counter() - start)
            found.append(ids[0].tolist())
        result["faiss"][ef] = summary(latencies, found, truth, k)
    print(json.dumps(result, indent=1))
    if args.results:
        write_results(args.results, result, args.command)


def write_results(path: Path, result: dict, command: str) -> None:
    lines = [
        "",
        f"### Vector search, {result['rows']:,} x {result['dim']}, quantization"
        f" {result['quantization']} ({time.strftime('%Y-%m-%d %H:%M')})",
        "",
        f"Command: `{command}`. Load average {open('/proc/loadavg').read().split()[0]}.",
        f"Ingest {result['ingest_s']} s; index build Sheaf {result['sheaf_build_s']} s,"
        f" FAISS {result['faiss_build_s']} s (one thread).",
        "",
        "| Engine | ef_search | recall@10 | p50 ms | p99 ms | QPS |",
        "|---|---|---|---|---|---|",
    ]
    e = result["sheaf_exact"]
    lines.append(
        f"| Sheaf exact scan | - | {e['recall_at_10']} | {e['p50_ms']} | {e['p99_ms']} | {e['qps']} |"
    )
    for name, key in (("Sheaf HNSW (ADBC)", "sheaf_index"), ("FAISS HNSW (in-process)", "faiss")):
        for ef, s in result[key].items():
            lines.append(
                f"| {name} | {ef} | {s['recall_at_10']} | {s['p50_ms']} | {s['p99_ms']} | {s['qps']} |"
            )
    text = path.read_text()
    marker = "<!-- run.sh adds each run below this line, newest first -->"
    path.write_text(text.replace(marker, marker + "\n" + "\n".join(lines), 1))


if __name__ == "__main__":
    main()
