#!/usr/bin/env python3
"""Sheaf's Flight SQL server measured from real clients, against peers on the same Parquet files.

* ``flight_select_all``: ``SELECT *`` of the example table streamed to a pyarrow.flight client
  (GetFlightInfo, DoGet, ``read_all``), MB/s and rows/s; peers: pyarrow.dataset ``to_table`` of the
  table's Parquet files, and DuckDB's Python client materializing ``SELECT *`` of the same files as
  an Arrow table.
* ``point_query``: ``SELECT * FROM bench_examples WHERE id = ?`` as an ADBC prepared statement
  (warm: after 20 unmeasured queries), p50 and p99 latency.
* ``concurrent_mixed``: 16 clients (threads, one ADBC connection each) running a mix of point
  queries, an aggregate, inserts into their own table and metadata calls; operations/s and p99.

Starts ``./sheaf serve`` on DATA_DIR (creating ``bench_examples`` with ROWS rows by bulk ingest when
it is missing), prints JSON lines, and with ``--results`` prepends a section to RESULTS.md.

Usage: flight_bench.py --data-dir DIR [--rows 10000000] [--runs 3] [--results benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.flight as flight

ROOT = Path(__file__).resolve().parents[1]
from sheaf._protocol import statement_query  # noqa: E402  (the client package, clients/python)

warnings.filterwarnings("ignore", message="Cannot disable autocommit")
TABLE = "bench_examples"
LABELS = ["bird", "boat", "car", "cat", "dog", "horse", "plane", "truck"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / "sheaf"), "serve", "--port", str(port), "--data-dir", str(data_dir)],
        stdout=open(log, "w"), stderr=subprocess.STDOUT, cwd=ROOT,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"grpc://127.0.0.1:{port}"
        time.sleep(0.2)
    raise TimeoutError("sheaf serve did not start")


def connect(uri):
    import adbc_driver_flightsql.dbapi as flightsql

    return flightsql.connect(uri)


def example_rows(start: int, count: int) -> pa.Table:
    """The benchmark table's rows (the shape of the Java harness's ExampleTable)."""
    index = np.arange(start, start + count, dtype=np.uint64)
    z = index + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    h = z ^ (z >> np.uint64(31))
    return pa.table({
        "id": pa.array(index.astype(np.int64)),
        "bucket": pa.array((h % np.uint64(1000)).astype(np.int32)),
        "quantity": pa.array(((h >> np.uint64(12)) & np.uint64(0xFFFF)).astype(np.int32)),
        "score": pa.array(((h >> np.uint64(11)) & np.uint64((1 << 20) - 1)).astype(np.float64) / (1 << 20)),
        "weight": pa.array(((h >> np.uint64(31)) & np.uint64(0xFFFF)).astype(np.float64) / 100.0),
        "label": pa.array(np.array(LABELS, dtype=object)[((h >> np.uint64(48)) & np.uint64(7)).astype(np.int64)]),
        "name": pa.array([f"img-{i % 1_000_000}" for i in range(start, start + count)]),
        "created_at": pa.array(
            (1_704_067_200_000_000 + index.astype(np.int64) * 1_000_000), pa.timestamp("us")),
    })


def ensure_table(uri: str, rows: int) -> None:
    with connect(uri) as conn, conn.cursor() as cur:
        try:
            cur.execute(f"SELECT count(*) AS n FROM {TABLE}")
            have = cur.fetch_arrow_table().column("n")[0].as_py()
        except Exception:
            have = None
        if have == rows:
            return
        if have is not None:
            raise SystemExit(f"{TABLE} has {have} rows, not {rows}: give a fresh --data-dir")
        for start in range(0, rows, 1_000_000):
            chunk = example_rows(start, min(1_000_000, rows - start))
            # batches of 64k rows: clients cap a gRPC message at 16 MB
            cur.adbc_ingest(TABLE, pa.Table.from_batches(chunk.to_batches(max_chunksize=65_536)), mode="create_append")


def table_files(data_dir: Path) -> list[str]:
    pattern = str(data_dir / "warehouse" / "**" / TABLE / "data" / "**" / "*.parquet")
    return sorted(glob.glob(pattern, recursive=True))


def best_of(runs: int, body):
    body()
    seconds, result = [], None
    for _ in range(runs):
        begin = time.perf_counter()
        result = body()
        seconds.append(time.perf_counter() - begin)
    return min(seconds), seconds, result


def select_all(uri: str, files: list[str], runs: int) -> list[dict]:
    client = flight.connect(uri)

    def sheaf() -> pa.Table:
        info = client.get_flight_info(flight.FlightDescriptor.for_command(statement_query(f"SELECT * FROM {TABLE}")))
        return pa.concat_tables(client.do_get(e.ticket).read_all() for e in info.endpoints)

    dataset = ds.dataset(files, format="parquet")
    con = duckdb.connect()
    quoted = ", ".join("'" + f + "'" for f in files)
    results = []
    for name, body in (
        ("flight_select_all", sheaf),
        ("pyarrow_dataset_to_table", lambda: dataset.to_table()),
        ("duckdb_select_all_arrow", lambda: con.execute(f"SELECT * FROM read_parquet([{quoted}])").to_arrow_table()),
    ):
        best, seconds, table = best_of(runs, body)
        results.append({
            "benchmark": name, "rows": table.num_rows, "bytes": table.nbytes, "runs_seconds": seconds,
            "best_seconds": best, "rows_per_second": table.num_rows / best,
            "mb_per_second": table.nbytes / best / 1e6,
        })
    return results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def point_query(uri: str, rows: int, queries: int) -> dict:
    latencies = []
    with connect(uri) as conn, conn.cursor() as cur:
        sql = f"SELECT * FROM {TABLE} WHERE id = ?"
        for i in range(20 + queries):
            key = (i * 7_919) % rows
            begin = time.perf_counter()
            cur.execute(sql, parameters=(key,))
            table = cur.fetch_arrow_table()
            elapsed = time.perf_counter() - begin
            assert table.num_rows == 1 and table.column("id")[0].as_py() == key
            if i >= 20:
                latencies.append(elapsed)
    return {
        "benchmark": "point_query", "client": "ADBC (adbc_driver_flightsql, prepared)", "queries": queries,
        "p50_ms": percentile(latencies, 50) * 1e3, "p99_ms": percentile(latencies, 99) * 1e3,
        "mean_ms": statistics.mean(latencies) * 1e3,
    }


SMALL_TABLE, SMALL_ROWS = "bench_points_small", 100_000


def ensure_small_table(uri: str) -> None:
    """A 100,000-row table in one small file: point queries on it cost everything but the decode."""
    with connect(uri) as conn, conn.cursor() as cur:
        try:
            cur.execute(f"SELECT count(*) AS n FROM {SMALL_TABLE}")
            if cur.fetch_arrow_table().column("n")[0].as_py() == SMALL_ROWS:
                return
            cur.execute(f"DROP TABLE {SMALL_TABLE}")
        except Exception:
            pass
        cur.adbc_ingest(SMALL_TABLE, example_rows(0, SMALL_ROWS), mode="create")


def jdbc_point_query(uri: str, rows: int, queries: int, table: str | None = None) -> dict:
    """The same point query through the Flight SQL JDBC driver (benchmarks' JdbcPointQuery)."""
    bench = Path(__file__).resolve().parent
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    classpath = f"{bench}/target/sheaf-benchmarks-0.1.0-SNAPSHOT.jar:{bench}/target/lib/*"
    port = uri.rsplit(":", 1)[1]
    out = subprocess.run(
        [java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", classpath,
         "dev.sheaf.benchmarks.JdbcPointQuery", port, str(rows), str(queries), *([table] if table else [])],
        check=True, capture_output=True, text=True, timeout=600)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["client"] = "Flight SQL JDBC driver 18.3, prepared"
    if table:
        result["benchmark"] = "jdbc_point_query_small"
        result["table_rows"] = rows
    return result


def concurrent_mixed(uri: str, rows: int, clients: int, operations: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        try:
            with connect(uri) as conn, conn.cursor() as cur:
                scratch = f"bench_mixed_{number}_{os.getpid()}"
                cur.execute(f"CREATE TABLE IF NOT EXISTS {scratch} (id BIGINT, v DOUBLE)")
                barrier.wait()
                mine = []
                for i in range(operations):
                    begin = time.perf_counter()
                    kind = i % 4
                    if kind == 0:
                        cur.execute(f"SELECT * FROM {TABLE} WHERE id = ?", parameters=((number * 104_729 + i) % rows,))
                        cur.fetch_arrow_table()
                    elif kind == 1:
                        cur.execute(f"SELECT label, count(*) AS n FROM {TABLE} WHERE id < 10000 GROUP BY label")
                        cur.fetch_arrow_table()
                    elif kind == 2:
                        cur.execute(f"INSERT INTO {scratch} VALUES ({i}, {i * 0.5})")
                    else:
                        conn.adbc_get_objects(depth="tables").read_all()
                    mine.append(time.perf_counter() - begin)
                with lock:
                    latencies.extend(mine)
        except Exception as e:  # recorded, reported, and fails the run
            with lock:
                errors.append(repr(e))
            try:
                barrier.abort()
            except threading.BrokenBarrierError:
                pass

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    begin = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - begin
    if errors:
        raise SystemExit(f"concurrent clients failed: {errors[:3]}")
    return {
        "benchmark": "concurrent_mixed", "clients": clients, "operations": len(latencies),
        "seconds": elapsed, "operations_per_second": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50) * 1e3, "p99_ms": percentile(latencies, 99) * 1e3,
    }


def report(results: list[dict], rows: int, command: str) -> str:
    by = {r["benchmark"]: r for r in results}
    sheaf, pa_peer, duck = by["flight_select_all"], by["pyarrow_dataset_to_table"], by["duckdb_select_all_arrow"]
    point, mixed, jdbc = by.get("point_query"), by.get("concurrent_mixed"), by.get("jdbc_point_query")
    small = by.get("jdbc_point_query_small")
    verdict = lambda ok: "meets target" if ok else "**misses target**"  # noqa: E731
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    r1 = sheaf["rows_per_second"] / pa_peer["rows_per_second"]
    r2 = sheaf["rows_per_second"] / duck["rows_per_second"]
    lines = [
        f"## {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC: Flight SQL server, {rows:,} rows",
        "",
        f"- Machine: {os.cpu_count()} CPUs, load average at report time {load}; pyarrow {pa.__version__},"
        f" duckdb {duckdb.__version__}",
        f"- Command: `{command}`",
        "",
        "| Benchmark | Sheaf | Peer | Ratio | Target |",
        "|---|---|---|---|---|",
        f"| `SELECT *` to a pyarrow.flight client | {sheaf['rows_per_second']:,.0f} rows/s,"
        f" {sheaf['mb_per_second']:,.0f} MB/s ({sheaf['best_seconds']:.3f} s) | pyarrow.dataset"
        f" {pa_peer['rows_per_second']:,.0f} rows/s, {pa_peer['mb_per_second']:,.0f} MB/s |"
        f" {r1:.2f}x | >= 0.5x: {verdict(r1 >= 0.5)} |",
        f"| `SELECT *` to a pyarrow.flight client | (same) | DuckDB `.to_arrow_table()`"
        f" {duck['rows_per_second']:,.0f} rows/s, {duck['mb_per_second']:,.0f} MB/s |"
        f" {r2:.2f}x | >= 1x: {verdict(r2 >= 1)} |",
    ]
    if point is None:  # --select-all-only
        return "\n".join([*lines, ""])
    lines += [
        f"| Point query `WHERE id = ?`, warm ({point['client']}) | p50 {point['p50_ms']:.1f} ms,"
        f" p99 {point['p99_ms']:.1f} ms ({point['queries']} queries) | | | p50 < 5 ms:"
        f" {verdict(point['p50_ms'] < 5)} |",
        f"| Point query `WHERE id = ?`, warm ({jdbc['client']}) | p50 {jdbc['p50_ms']:.1f} ms,"
        f" p99 {jdbc['p99_ms']:.1f} ms ({jdbc['queries']} queries) | | | p50 < 5 ms:"
        f" {verdict(jdbc['p50_ms'] < 5)} |",
        *([f"| Point query on a {small['table_rows']:,}-row table in one file, warm ({small['client']})"
           f" | p50 {small['p50_ms']:.1f} ms, p99 {small['p99_ms']:.1f} ms ({small['queries']} queries)"
           " | | | (what is not the scan of a large file) |"] if small else []),
        f"| {mixed['clients']} concurrent clients, mixed workload | {mixed['operations_per_second']:,.1f} ops/s,"
        f" p50 {mixed['p50_ms']:.1f} ms, p99 {mixed['p99_ms']:.1f} ms ({mixed['operations']} ops) | | | |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--point-queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--operations", type=int, default=40)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--command", default=" ".join(sys.argv))
    parser.add_argument("--select-all-only", action="store_true",
                        help="measure only SELECT * against its peers (no point queries, no mixed load)")
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    process, uri = start_server(args.data_dir, args.data_dir.parent / f"{args.data_dir.name}-sheaf.log")
    try:
        ensure_table(uri, args.rows)
        files = table_files(args.data_dir)
        results = select_all(uri, files, args.runs)
        if results[1]["rows"] != args.rows:
            raise SystemExit(f"the table's Parquet files hold {results[1]['rows']} rows, not {args.rows}")
        if args.select_all_only:
            return finish(results, args)
        results.append(point_query(uri, args.rows, args.point_queries))
        results.append(jdbc_point_query(uri, args.rows, args.point_queries))
        ensure_small_table(uri)
        results.append(jdbc_point_query(uri, SMALL_ROWS, args.point_queries, SMALL_TABLE))
        results.append(concurrent_mixed(uri, args.rows, args.clients, args.operations))
    finally:
        process.terminate()
        process.wait(timeout=60)
    finish(results, args)


def finish(results: list[dict], args) -> None:
    for result in results:
        print(json.dumps(result))
    if args.results:
        text = args.results.read_text()
        marker = "<!-- run.sh adds each run below this line, newest first -->\n"
        section = report(results, args.rows, args.command)
        args.results.write_text(text.replace(marker, marker + "\n" + section + "\n", 1))


if __name__ == "__main__":
    main()
