"""Vector similarity search: Sheaf's HNSW index against Sheaf's exact scan, FAISS and LanceDB.

Starts ``./sheaf serve`` on a fresh data directory, ingests N clustered random vectors (seeded) over
ADBC with a ``bucket`` column (``id % 100``), builds ``CREATE INDEX ... USING HNSW (emb) WITH (metric
= 'cosine', m = 16, ef_construction = 100)``, and runs Q single queries (one client, one at a time,
the query vector a bound parameter) at several ef_search settings; recall@10 is against numpy's
exact cosine top 10. Filtered queries (``WHERE bucket < 10``: 10% of rows, ``WHERE bucket = 7``: 1%)
are checked against the exact top 10 of the matching rows. Then 10k more rows are appended and the
first search after them is timed (the index catches up on the new data file).

Peers, same queries, in-process: FAISS ``IndexHNSWFlat`` (same m, efConstruction, inner product on
unit vectors, one thread) and, when ``lancedb`` is installed, LanceDB ``IVF_HNSW_SQ`` (cosine, same m
and ef_construction; filtered queries with ``prefilter=True``). Prints one JSON object;
``--results`` appends a section to RESULTS.md.
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


FILTERS = {"10%": ("bucket < 10", lambda b: b < 10), "1%": ("bucket = 7", lambda b: b == 7)}


def filtered_truth(data: np.ndarray, queries: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    ids = np.flatnonzero(mask)
    return ids[exact_top(data[ids], queries, k)]


def arrow_table(ids: np.ndarray, data: np.ndarray) -> pa.Table:
    return pa.table(
        {
            "id": pa.array(ids, pa.int64()),
            "bucket": pa.array(ids % 100, pa.int32()),
            "emb": pa.FixedSizeListArray.from_arrays(
                pa.array(data.reshape(-1), pa.float32()), data.shape[1]
            ),
        }
    )


def run_sheaf(args, data, extra, queries, truth, truths, efs, k) -> dict:
    import adbc_driver_flightsql.dbapi as flightsql

    result: dict = {}
    process, uri = start_server(args.data_dir / "data", args.data_dir / "server.log")
    try:
        conn = flightsql.connect(uri)
        table = arrow_table(np.arange(args.rows), data)
        start = time.perf_counter()
        batches = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(5000))
        conn.cursor().adbc_ingest("vec_bench", batches, mode="create")
        result["ingest_s"] = round(time.perf_counter() - start, 2)
        del table, batches
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
        if args.exact_queries:
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
        result["sheaf_filtered"] = {}
        for name, (where, _) in FILTERS.items():
            sql = (
                f"SELECT /*+ ef_search({args.filter_ef}) */ id FROM vec_bench WHERE {where}"
                " ORDER BY cosine_distance(emb, ?) LIMIT 10"
            )
            sheaf_queries(conn, sql, queries[:5])  # warm-up
            lat, found = sheaf_queries(conn, sql, queries)
            result["sheaf_filtered"][name] = summary(lat, found, truths[name], k)
            result["sheaf_filtered"][name]["rows_min"] = min(len(f) for f in found)
        more = arrow_table(np.arange(args.rows, args.rows + len(extra)), extra)
        start = time.perf_counter()
        batches = pa.RecordBatchReader.from_batches(more.schema, more.to_batches(5000))
        conn.cursor().adbc_ingest("vec_bench", batches, mode="append")
        result["sheaf_insert_10k_s"] = round(time.perf_counter() - start, 2)
        sql = (
            f"SELECT /*+ ef_search({args.filter_ef}) */ id FROM vec_bench"
            " ORDER BY cosine_distance(emb, ?) LIMIT 10"
        )
        start = time.perf_counter()
        sheaf_queries(conn, sql, extra[:1])
        result["sheaf_first_search_after_insert_s"] = round(time.perf_counter() - start, 2)
        lat, found = sheaf_queries(conn, sql, extra[1:21])
        result["sheaf_new_rows_found"] = sum(
            args.rows + 1 + i in ids for i, ids in enumerate(found)
        )
        conn.close()
    finally:
        process.terminate()
        process.wait(timeout=60)
    return result


def run_faiss(data, queries, truth, efs, k) -> dict:
    import faiss

    faiss.omp_set_num_threads(1)
    index = faiss.IndexHNSWFlat(data.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 100
    start = time.perf_counter()
    index.add(unit(data))
    result: dict = {"faiss_build_s": round(time.perf_counter() - start, 2), "faiss": {}}
    for ef in efs:
        index.hnsw.efSearch = max(ef, k)
        latencies, found = [], []
        for q in unit(queries):
            start = time.perf_counter()
            _, ids = index.search(q.reshape(1, -1), k)
            latencies.append(time.perf_counter() - start)
            found.append(ids[0].tolist())
        result["faiss"][ef] = summary(latencies, found, truth, k)
    return result


def run_lancedb(args, data, extra, queries, truth, truths, efs, k) -> dict:
    try:
        import lancedb
    except ImportError:
        return {}
    db = lancedb.connect(str(args.data_dir / "lancedb"))
    table = arrow_table(np.arange(args.rows), data).rename_columns(["id", "bucket", "vector"])
    start = time.perf_counter()
    tbl = db.create_table("vec_bench", table, mode="overwrite")
    del table
    tbl.create_index(metric="cosine", index_type="IVF_HNSW_SQ", m=16, ef_construction=100)
    result: dict = {"lancedb_build_s": round(time.perf_counter() - start, 2), "lancedb": {}}

    def search(q, ef, where=None):
        query = tbl.search(q).metric("cosine").ef(ef).limit(k).select(["id"])
        if where:
            query = query.where(where, prefilter=True)
        return query.to_arrow().column("id").to_pylist()

    def timed(qs, ef, where=None):
        latencies, found = [], []
        for q in qs:
            start = time.perf_counter()
            found.append(search(q, ef, where))
            latencies.append(time.perf_counter() - start)
        return latencies, found

    for ef in efs:
        timed(queries[:5], ef)
        lat, found = timed(queries, ef)
        result["lancedb"][ef] = summary(lat, found, truth, k)
    result["lancedb_filtered"] = {}
    for name, (where, _) in FILTERS.items():
        timed(queries[:5], args.filter_ef, where)
        lat, found = timed(queries, args.filter_ef, where)
        result["lancedb_filtered"][name] = summary(lat, found, truths[name], k)
        result["lancedb_filtered"][name]["rows_min"] = min(len(f) for f in found)
    more = arrow_table(np.arange(args.rows, args.rows + len(extra)), extra)
    start = time.perf_counter()
    tbl.add(more.rename_columns(["id", "bucket", "vector"]))
    result["lancedb_insert_10k_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    tbl.optimize()
    result["lancedb_optimize_after_insert_s"] = round(time.perf_counter() - start, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--exact-queries", type=int, default=10)
    parser.add_argument("--ef", default="10,20,40,100,200")
    parser.add_argument("--filter-ef", type=int, default=100)
    parser.add_argument("--quantization", default="none", choices=["none", "int8", "int4", "bbq"])
    parser.add_argument("--skip", default="", help="comma list of peers to skip: faiss,lancedb")
    parser.add_argument("--results", type=Path)
    parser.add_argument("--command", default="")
    args = parser.parse_args()

    k = 10
    efs = [int(e) for e in args.ef.split(",")]
    data, queries = clustered(args.rows + 10_000, args.dim, args.queries, seed=384)
    data, extra = data[: args.rows], data[args.rows :]
    truth = exact_top(data, queries, k)
    buckets = np.arange(args.rows) % 100
    truths = {
        name: filtered_truth(data, queries, test(buckets), k)
        for name, (_, test) in FILTERS.items()
    }
    result: dict = {
        "rows": args.rows,
        "dim": args.dim,
        "queries": args.queries,
        "quantization": args.quantization,
        "filter_ef": args.filter_ef,
    }
    args.data_dir.mkdir(parents=True, exist_ok=True)
    result.update(run_sheaf(args, data, extra, queries, truth, truths, efs, k))
    skip = set(args.skip.split(","))
    if "faiss" not in skip:
        result.update(run_faiss(data, queries, truth, efs, k))
    if "lancedb" not in skip:
        result.update(run_lancedb(args, data, extra, queries, truth, truths, efs, k))
    print(json.dumps(result, indent=1))
    if args.results:
        write_results(args.results, result, args.command)


def write_results(path: Path, result: dict, command: str) -> None:
    per_million = 1_000_000 / result["rows"]
    builds = ", ".join(
        f"{name} {result[key]} s ({result[key] * per_million:.0f} s per million)"
        for name, key in (
            ("Sheaf", "sheaf_build_s"),
            ("FAISS (one thread)", "faiss_build_s"),
            ("LanceDB IVF_HNSW_SQ", "lancedb_build_s"),
        )
        if key in result
    )
    lines = [
        "",
        f"### Vector search, {result['rows']:,} x {result['dim']}, quantization"
        f" {result['quantization']} ({time.strftime('%Y-%m-%d %H:%M')})",
        "",
        f"Command: `{command}`. Load average {open('/proc/loadavg').read().split()[0]}.",
        f"Ingest {result['ingest_s']} s; index build {builds}.",
        f"Appending 10k rows: Sheaf {result['sheaf_insert_10k_s']} s, then the first search"
        f" {result['sheaf_first_search_after_insert_s']} s (indexes the new file);"
        f" {result['sheaf_new_rows_found']} of 20 new rows found as their own nearest neighbour."
        + (
            f" LanceDB add {result['lancedb_insert_10k_s']} s, optimize (index the new rows)"
            f" {result['lancedb_optimize_after_insert_s']} s."
            if "lancedb_insert_10k_s" in result
            else ""
        ),
        "",
        "| Engine | ef_search | filter | recall@10 | p50 ms | p99 ms | QPS |",
        "|---|---|---|---|---|---|---|",
    ]

    def row(name, ef, where, s):
        extra = f" (>= {s['rows_min']} rows)" if "rows_min" in s else ""
        lines.append(
            f"| {name} | {ef} | {where}{extra} | {s['recall_at_10']} | {s['p50_ms']}"
            f" | {s['p99_ms']} | {s['qps']} |"
        )

    if "sheaf_exact" in result:
        row("Sheaf exact scan", "-", "-", result["sheaf_exact"])
    for name, key in (
        ("Sheaf HNSW (ADBC)", "sheaf_index"),
        ("FAISS HNSW (in-process)", "faiss"),
        ("LanceDB IVF_HNSW_SQ (in-process)", "lancedb"),
    ):
        for ef, s in result.get(key, {}).items():
            row(name, ef, "-", s)
    for name, key in (
        ("Sheaf HNSW (ADBC)", "sheaf_filtered"),
        ("LanceDB prefilter (in-process)", "lancedb_filtered"),
    ):
        for where, s in result.get(key, {}).items():
            row(name, result["filter_ef"], where, s)
    text = path.read_text()
    marker = "<!-- run.sh adds each run below this line, newest first -->"
    path.write_text(text.replace(marker, marker + "\n" + "\n".join(lines), 1))


if __name__ == "__main__":
    main()
