#!/usr/bin/env python3
"""Point queries alone, from real clients: the ``point_query`` parts of flight_bench.py without its scans.

Starts ``./sheaf serve`` on DATA_DIR (building ``bench_examples`` with ROWS rows when missing, as
flight_bench.py does) and prints one JSON line each for: ``SELECT * FROM bench_examples WHERE id = ?``
as an ADBC prepared statement and through the Flight SQL JDBC driver (benchmarks' JdbcPointQuery),
and ``SELECT 1`` through ADBC (the per-query floor). ``SHEAF_JAVA_OPTS=-Dsheaf.point-lookup=false``
turns the point lookup off, to compare with Arrow's reader.

Usage: point_bench.py --data-dir DIR [--rows 10000000] [--queries 100]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import flight_bench as fb


def select_one(uri: str, queries: int) -> dict:
    latencies = []
    with fb.connect(uri) as conn, conn.cursor() as cur:
        for i in range(20 + queries):
            begin = time.perf_counter()
            cur.execute("SELECT 1 AS x")
            cur.fetch_arrow_table()
            if i >= 20:
                latencies.append(time.perf_counter() - begin)
    return {
        "benchmark": "select_1", "client": "ADBC (adbc_driver_flightsql)", "queries": queries,
        "p50_ms": fb.percentile(latencies, 50) * 1e3, "p99_ms": fb.percentile(latencies, 99) * 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    process, uri = fb.start_server(args.data_dir, args.data_dir.parent / f"{args.data_dir.name}-sheaf.log")
    try:
        fb.ensure_table(uri, args.rows)
        for result in (
            fb.point_query(uri, args.rows, args.queries),
            fb.jdbc_point_query(uri, args.rows, args.queries),
            select_one(uri, args.queries),
        ):
            print(json.dumps(result), flush=True)
    finally:
        process.terminate()
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
