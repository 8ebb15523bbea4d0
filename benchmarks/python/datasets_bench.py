"""Datasets on a ROWS-row table: COMMIT DATASET, DIFF of a 1% change (best of 3), and MERGE
BRANCH of a 1% change, against the peer a user without DIFF would write: read both versions
whole over Flight (``FOR VERSION AS OF``) and compare them by ``id`` in pyarrow. Prints one JSON
document."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "clients" / "python"))
import sheaf


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("sheaf serve exited")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"port {port} did not open")


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def best_of(runs: int, action) -> tuple[float, object]:
    """The fastest of ``runs`` runs (the first warms the JVM and the caches up)."""
    results = [timed(action) for _ in range(runs)]
    return min(seconds for seconds, _ in results), results[-1][1]


def peer_diff(client, table: str, old: int, new: int) -> int:
    """Rows added, removed or changed between two versions, by reading both whole."""
    before = client.sql(f"SELECT * FROM {table} FOR VERSION AS OF {old}")
    after = client.sql(f"SELECT * FROM {table} FOR VERSION AS OF {new}")
    joined = before.join(after, "id", join_type="full outer", left_suffix="_b", right_suffix="_a")
    changed = pc.or_kleene(pc.is_null(joined["score_b"]), pc.is_null(joined["score_a"]))
    for column in ("score", "label"):
        changed = pc.or_kleene(changed, pc.fill_null(
            pc.not_equal(joined[f"{column}_b"], joined[f"{column}_a"]), True))
    return pc.sum(changed).as_py() or 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sheaf-datasets-bench-"))
    port = free_port()
    env = dict(os.environ, SHEAF_JAVA_OPTS=os.environ.get("SHEAF_JAVA_OPTS", "-Xmx3g"))
    log = open(work / "server.log", "w")  # noqa: SIM115 (the server writes it until the end)
    server = subprocess.Popen(
        [str(ROOT / "sheaf"), "serve", "--port", str(port), "--data-dir", str(work / "data"),
         "--web-enabled", "false"],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    figures: dict[str, object] = {"rows": args.rows}
    try:
        wait_port(port, server)
        with sheaf.connect(f"grpc://127.0.0.1:{port}") as client:
            client.execute("CREATE TABLE bench_items (id BIGINT, score DOUBLE, label VARCHAR)")
            client.execute("CREATE TABLE bench_splits (id BIGINT, split VARCHAR)")
            n = args.rows
            ids = pa.array(range(n), pa.int64())
            client.insert("bench_items", pa.table({
                "id": ids, "score": pa.array([i * 0.5 for i in range(n)]),
                "label": pa.array([("cat", "dog", "bird")[i % 3] for i in range(n)])}))
            client.insert("bench_splits", pa.table({
                "id": ids, "split": pa.array([("train" if i % 10 else "test") for i in range(n)])}))
            client.execute("CREATE DATASET bench (bench_items, bench_splits)")
            figures["commit_s"], _ = timed(lambda: client.sql("COMMIT DATASET bench TAG 'v1'"))
            # 1% of rows change: updated in place (merge-on-read), as a labeling pass would
            client.execute("UPDATE bench_items SET label = 'lion' WHERE id % 100 = 0")
            figures["second_commit_s"], _ = timed(
                lambda: client.sql("COMMIT DATASET bench TAG 'v2'"))
            figures["diff_table_s"], diff = best_of(
                3, lambda: client.sql("DIFF TABLE bench_items FROM 1 TO 2"))
            figures["diff_rows"] = diff.num_rows
            figures["diff_dataset_s"], _ = best_of(
                3, lambda: client.sql("DIFF DATASET bench FROM 'v1' TO 'v2'"))
            figures["peer_diff_s"], peer_rows = best_of(
                3, lambda: peer_diff(client, "bench_items", 1, 2))
            figures["peer_diff_rows"] = peer_rows
            client.execute("CREATE BRANCH trial ON DATASET bench")
            client.execute(
                "UPDATE \"bench_items@branch=trial\" SET score = -1 WHERE id % 100 = 1")
            figures["merge_s"], merged = timed(
                lambda: client.sql("MERGE BRANCH trial INTO main ON DATASET bench"))
            figures["merged"] = merged.to_pylist()
            figures["describe_s"], _ = timed(lambda: client.sql("DESCRIBE DATASET bench"))
        figures["ratio_diff_vs_peer"] = round(figures["peer_diff_s"] / figures["diff_table_s"], 2)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
