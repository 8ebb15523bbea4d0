#!/usr/bin/env python3
"""The peers of Sheaf's benchmarks, run on exactly the Parquet files the Java harness reported.

Reads the harness's JSON lines (a file, or stdin with "-") and prints JSON lines of its own:

* ``pyarrow_scan``: pyarrow.dataset reading the files' benchmark columns into an Arrow table
  (default threads; ``pyarrow_scan_one_thread`` gives the single-threaded figure for context),
  warm-up run first, best of ``--runs``.
* ``duckdb_filter_aggregate``: DuckDB running the harness's filter + aggregate SQL over
  ``read_parquet([...])`` of the same files, warm-up first, best of ``--runs``; its result is
  compared with Sheaf's (``matches_sheaf``).

Usage: peers.py HARNESS_JSONL [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import Any, Callable
from urllib.parse import urlparse

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds


def local_path(location: str) -> str:
    """An Iceberg file location (a path or a file: URI) as a local path."""
    if location.startswith("file:"):
        return urlparse(location).path
    return location


def best_of(runs: int, body: Callable[[], Any]) -> tuple[list[float], Any]:
    body()  # warm-up, not kept
    seconds = []
    result = None
    for _ in range(runs):
        begin = time.perf_counter()
        result = body()
        seconds.append(time.perf_counter() - begin)
    return seconds, result


def pyarrow_scan(files: list[str], columns: list[str], runs: int, use_threads: bool) -> dict:
    dataset = ds.dataset(files, format="parquet")

    def scan() -> int:
        table: pa.Table = dataset.to_table(columns=columns, use_threads=use_threads)
        return table.num_rows

    seconds, rows = best_of(runs, scan)
    best = min(seconds)
    return {
        "benchmark": "pyarrow_scan" if use_threads else "pyarrow_scan_one_thread",
        "pyarrow": pa.__version__,
        "use_threads": use_threads,
        "cpu_count": pa.cpu_count(),
        "rows": rows,
        "runs_seconds": seconds,
        "best_seconds": best,
        "rows_per_second": rows / best,
    }


def duckdb_filter_aggregate(files: list[str], sql_template: str, runs: int) -> dict:
    con = duckdb.connect()
    quoted = ", ".join("'" + file.replace("'", "''") + "'" for file in files)
    con.execute(f"CREATE VIEW bench_examples AS SELECT * FROM read_parquet([{quoted}])")
    sql = sql_template.replace("{table}", "bench_examples")
    seconds, result = best_of(runs, lambda: con.execute(sql).fetchall())
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    return {
        "benchmark": "duckdb_filter_aggregate",
        "duckdb": duckdb.__version__,
        "threads": threads,
        "sql": sql,
        "matched_rows": sum(row[1] for row in result),
        "result": [list(row) for row in result],
        "runs_seconds": seconds,
        "best_seconds": min(seconds),
    }


def same_result(sheaf: list[list[Any]], duck: list[list[Any]]) -> bool:
    """Labels, counts and sums exactly; averages to 1e-9 relative."""
    if len(sheaf) != len(duck):
        return False
    for ours, theirs in zip(sheaf, duck):
        if ours[0] != theirs[0] or int(ours[1]) != int(theirs[1]) or int(ours[2]) != int(theirs[2]):
            return False
        if not math.isclose(float(ours[3]), float(theirs[3]), rel_tol=1e-9):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("harness", help="the Java harness's JSON lines ('-' for stdin)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    source = sys.stdin if args.harness == "-" else open(args.harness, encoding="utf-8")
    with source:
        figures = {}
        for line in source:
            if line.startswith("{"):
                figure = json.loads(line)
                figures[figure["benchmark"]] = figure
    table = figures["table"]
    files = [local_path(location) for location in table["files"]]
    columns = table["columns"]

    for use_threads in (True, False):
        print(json.dumps(pyarrow_scan(files, columns, args.runs, use_threads)), flush=True)
    if "filter_aggregate" in figures:
        sheaf = figures["filter_aggregate"]
        duck = duckdb_filter_aggregate(files, sheaf["sql_template"], args.runs)
        duck["matches_sheaf"] = same_result(sheaf["result"], duck["result"])
        print(json.dumps(duck), flush=True)


if __name__ == "__main__":
    main()
