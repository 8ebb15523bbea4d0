#!/usr/bin/env python3
"""Turns one benchmark run (the Java harness's and the peers' JSON lines) into a section of
benchmarks/RESULTS.md: machine, command, figures, ratios and targets. Newest run first; earlier
runs are kept below it. Prints the section to stdout as well.

Usage: report.py SHEAF_JSONL PEERS_JSONL --command CMD --harness-command CMD --java JAVA
                 --results RESULTS.md [--note TEXT]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

import duckdb
import pyarrow

MARKER = "<!-- run.sh adds each run below this line, newest first -->"

HEADER = f"""# Sheaf benchmark results

Written by `benchmarks/run.sh ROWS [DATA_DIR]` (the Java harness `dev.sheaf.benchmarks.BenchmarkRunner`,
then `benchmarks/peers.py` on the same Parquet files, then `benchmarks/report.py`). Each figure is a
ratio against a peer measured in the same run on the same machine; timings are best of N after a
warm-up run. The table: 8 columns (BIGINT, 2 INTEGER, 2 DOUBLE, 2 short VARCHAR, TIMESTAMP), rows
generated deterministically from their index, loaded by bulk ingest in Arrow batches of 10k rows, one
commit (one Parquet file) per 1M rows.

| Benchmark | Sheaf | Peer | Target |
|---|---|---|---|
| Full scan into Arrow, in-process | rows/s of `SELECT *` drained through the ArrowReader | pyarrow.dataset `to_table` of the same files and columns | Sheaf >= 0.7x pyarrow |
| Selective filter + aggregate (~1% of rows, GROUP BY label, COUNT/SUM/AVG) | seconds | DuckDB `read_parquet([...])`, same SQL | Sheaf within 3x DuckDB's time |
| Insert 1M rows in batches of 10k (bulk ingest, the path of `adbc_ingest`: one commit for the 1M rows) | rows/s | Pixeltable's published rate, about 19k rows/s (quoted, not measured) | >= 500k rows/s |

Numbers from a busy machine (other builds running) are marked so; compare ratios, not absolutes.

{MARKER}
"""

PIXELTABLE_ROWS_PER_SECOND = 19_000


def read_figures(path: str) -> dict[str, dict]:
    figures = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("{"):
                figure = json.loads(line)
                figures[figure["benchmark"]] = figure
    return figures


def command_output(*command: str) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    return (result.stdout + result.stderr).strip()


def machine(java: str) -> str:
    cpu = "unknown CPU"
    for line in command_output("lscpu").splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    memory = "?"
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    jdk = command_output(java, "-version").splitlines()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()}"
        f" {platform.release()}; JDK: {jdk[0] if jdk else 'unknown'}; Python"
        f" {platform.python_version()}, pyarrow {pyarrow.__version__}, duckdb {duckdb.__version__};"
        f" load average at report time {load}"
    )


def verdict(ok: bool) -> str:
    return "meets target" if ok else "**misses target**"


def section(sheaf: dict, peers: dict, args: argparse.Namespace) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    table = sheaf["table"]
    lines = [f"## {now}: {table['rows']:,} rows", ""]
    if args.note:
        lines += [f"**{args.note}**", ""]
    lines += [
        f"- Machine: {machine(args.java)}",
        f"- Command: `{args.command}`",
        f"- Harness: `{args.harness_command}`",
        f"- Table: {table['rows']:,} rows in {table['file_count']} Parquet files"
        + (" (reused from an earlier run)" if table["reused"] else ""),
        "",
        "| Benchmark | Sheaf | Peer | Ratio | Target |",
        "|---|---|---|---|---|",
    ]
    scan, arrow = sheaf.get("scan"), peers.get("pyarrow_scan")
    if scan and arrow:
        ratio = scan["rows_per_second"] / arrow["rows_per_second"]
        one = peers.get("pyarrow_scan_one_thread")
        one_text = f"; 1 thread: {one['rows_per_second']:,.0f} rows/s" if one else ""
        lines.append(
            f"| Full scan into Arrow | {scan['rows_per_second']:,.0f} rows/s"
            f" ({scan['best_seconds']:.3f} s) | pyarrow.dataset {arrow['rows_per_second']:,.0f}"
            f" rows/s ({arrow['best_seconds']:.3f} s, {arrow['cpu_count']} threads{one_text})"
            f" | {ratio:.3f}x | >= 0.7x: {verdict(ratio >= 0.7)} |"
        )
    aggregate, duck = sheaf.get("filter_aggregate"), peers.get("duckdb_filter_aggregate")
    if aggregate and duck:
        ratio = aggregate["best_seconds"] / duck["best_seconds"]
        same = "results match" if duck.get("matches_sheaf") else "**results differ**"
        lines.append(
            f"| Filter + aggregate ({aggregate['matched_rows']:,} rows match) |"
            f" {aggregate['best_seconds']:.3f} s | DuckDB {duck['best_seconds']:.3f} s"
            f" ({duck['threads']} threads; {same}) | {ratio:.2f}x DuckDB's time |"
            f" <= 3x: {verdict(ratio <= 3)} |"
        )
    insert = sheaf.get("insert")
    if insert:
        rate = insert["rows_per_second"]
        first = insert.get("first_commit_seconds")
        commits = insert.get("commits", 1)
        how = (f"median of {commits - 1} commits after the first; the first, cold JVM:"
               f" {insert['rows'] / first:,.0f} rows/s" if first and commits > 1 else "one commit")
        lines.append(
            f"| Insert {insert['rows']:,} rows, batches of {insert['batch_rows']:,} (bulk ingest) |"
            f" {rate:,.0f} rows/s ({insert['seconds']:.2f} s; {how}) | Pixeltable ~"
            f"{PIXELTABLE_ROWS_PER_SECOND:,} rows/s (published, not measured) |"
            f" {rate / PIXELTABLE_ROWS_PER_SECOND:.1f}x | >= 500k rows/s:"
            f" {verdict(rate >= 500_000)} |"
        )
    else:
        lines.append(
            "| Insert | not measured: the table was reused (give a fresh DATA_DIR) | | | |"
        )
    if aggregate:
        lines += ["", f"Filter + aggregate SQL: `{aggregate['sql']}`"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sheaf")
    parser.add_argument("peers")
    parser.add_argument("--command", required=True)
    parser.add_argument("--harness-command", required=True)
    parser.add_argument("--java", default="java")
    parser.add_argument("--results", required=True)
    parser.add_argument("--note", default=os.environ.get("SHEAF_BENCH_NOTE", ""))
    args = parser.parse_args()

    text = section(read_figures(args.sheaf), read_figures(args.peers), args)
    print(text)
    results = Path(args.results)
    existing = results.read_text(encoding="utf-8") if results.exists() else HEADER
    if MARKER not in existing:
        existing = existing.rstrip("\n") + "\n\n" + MARKER + "\n"
    head, tail = existing.split(MARKER, 1)
    results.write_text(head + MARKER + "\n\n" + text + tail.lstrip("\n"), encoding="utf-8")


if __name__ == "__main__":
    main()
