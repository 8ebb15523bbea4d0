"""SIGKILL rounds: writers run statements against a real server, the server is killed at a random
moment, restarted, and every table must equal a version the clients were told committed (or the
version of the statement in flight at the kill, which may or may not have landed).

Each round runs one writer thread per workload, each on its own table, all at once; the kill hits
them wherever they are. A workload is a deterministic sequence of statements whose table contents
after ``n`` statements is known (``Workload.expected(n)``). After the restart the suite reads each
table and finds ``n``: the count the client saw acknowledged, or one more. Anything else (a lost
or duplicated row, a half-written statement, a table that cannot be read) is a failure.

    python3 tests/faults/crash_rounds.py --rounds 20 [--catalog sqlite|postgres] [--warehouse local|s3]
        [--workloads ingest,insert_select,update,merge,expire,drop,ctas] [--report FILE.json]

The PostgreSQL catalog needs ``tests/services/postgres.sh start`` (SHEAF_TEST_PG_PORT, default
55432); the S3 warehouse runs moto's S3 server on loopback in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
SRC_ROWS = 400


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``sheaf serve`` as a child process that can be killed with SIGKILL."""

    def __init__(self, data_dir: Path, extra: list[str], log: Path):
        self.port = free_port()
        self.log = open(log, "a")
        self.process = subprocess.Popen(
            [str(ROOT / "sheaf"), "serve", "--port", str(self.port), "--data-dir", str(data_dir)]
            + extra,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 300  # a busy CI machine starts a JVM slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sheaf serve exited with {self.process.returncode}, see {log}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise TimeoutError("sheaf serve did not start")

    @property
    def uri(self) -> str:
        return f"grpc://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.log.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def connect(uri: str):
    """An ADBC connection (Sheaf commits per statement: the autocommit warning is noise)."""
    import warnings

    import adbc_driver_flightsql.dbapi as flightsql

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return flightsql.connect(uri)


def close_quietly(closable) -> None:
    """Closes a cursor or connection whose server may have been killed under it."""
    try:
        closable.close()
    except Exception:
        # ADBC would close it again from __del__ and raise there ("Underflow in closing this
        # AdbcStatement"): an unraisable error that fails whichever test is running then
        if hasattr(closable, "_closed"):
            closable._closed = True


def execute(conn, sql: str) -> None:
    cur = conn.cursor()
    try:
        cur.execute(sql)
        if cur.description:
            cur.fetchall()
    finally:
        close_quietly(cur)


def query(conn, sql: str) -> list[tuple]:
    cur = conn.cursor()
    try:
        cur.execute(sql)
        return [tuple(row) for row in cur.fetchall()]
    finally:
        close_quietly(cur)


def table_exists(conn, name: str) -> bool:
    try:
        query(conn, f"SELECT 1 FROM {name} LIMIT 1")
        return True
    except Exception as e:
        if "TABLE_NOT_FOUND" in str(e):
            return False
        raise


def create_source(conn, name: str) -> None:
    """A table of SRC_ROWS ids (0, 1, ...) that INSERT ... SELECT and CREATE TABLE AS read."""
    execute(conn, f"CREATE TABLE {name} (id BIGINT)")
    values = ", ".join(f"({i})" for i in range(SRC_ROWS))
    execute(conn, f"INSERT INTO {name} VALUES {values}")


class Workload:
    """A sequence of statements on one table, with the table's contents after each prefix."""

    name = ""

    def __init__(self, prefix: str):
        self.table = f"{prefix}_{self.name}"

    def setup(self, conn) -> None:
        """Creates what step 0 needs (committed before the first kill)."""

    def step(self, conn, n: int) -> None:
        """Runs statement number ``n`` (0-based)."""
        raise NotImplementedError

    def expected(self, n: int):
        """The table's contents after ``n`` statements committed (a sorted list of rows)."""
        raise NotImplementedError

    def observe(self, conn):
        """The table's contents now, comparable with ``expected``."""
        return sorted(query(conn, f"SELECT id, v FROM {self.table}"))


class Ingest(Workload):
    """Bulk ingest (DoPut) of 500 new rows per statement."""

    name = "ingest"

    def setup(self, conn) -> None:
        execute(conn, f"CREATE TABLE {self.table} (id BIGINT, v BIGINT)")

    def step(self, conn, n: int) -> None:
        ids = pa.array(range(n * 500, n * 500 + 500), pa.int64())
        batch = pa.table({"id": ids, "v": pa.array([n] * 500, pa.int64())})
        cur = conn.cursor()
        try:
            cur.adbc_ingest(self.table, batch, mode="append")
        finally:
            close_quietly(cur)

    def expected(self, n: int):
        return [(i, i // 500) for i in range(n * 500)]


class InsertSelect(Workload):
    """INSERT ... SELECT of SRC_ROWS rows per statement."""

    name = "insert_select"

    def setup(self, conn) -> None:
        create_source(conn, f"{self.table}_src")
        execute(conn, f"CREATE TABLE {self.table} (id BIGINT, v BIGINT)")

    def step(self, conn, n: int) -> None:
        execute(
            conn,
            f"INSERT INTO {self.table} SELECT id + {n * SRC_ROWS}, CAST({n} AS BIGINT)"
            f" FROM {self.table}_src",
        )

    def expected(self, n: int):
        return [(i, i // SRC_ROWS) for i in range(n * SRC_ROWS)]


class Update(Workload):
    """UPDATEs alternating between a quarter of the rows (copy-on-write) and one row
    (merge-on-read)."""

    name = "update"
    ROWS = 1000

    def setup(self, conn) -> None:
        execute(conn, f"CREATE TABLE {self.table} (id BIGINT PRIMARY KEY, v BIGINT)")
        values = ", ".join(f"({i}, 0)" for i in range(self.ROWS))
        execute(conn, f"INSERT INTO {self.table} VALUES {values}")

    def _where(self, n: int) -> tuple[str, callable]:
        if n % 2 == 0:
            r = (n // 2) % 4
            return f"MOD(id, 4) = {r}", lambda i: i % 4 == r
        one = (n * 37) % self.ROWS
        return f"id = {one}", lambda i: i == one

    def step(self, conn, n: int) -> None:
        where, _ = self._where(n)
        execute(conn, f"UPDATE {self.table} SET v = v + {n + 1} WHERE {where}")

    def expected(self, n: int):
        v = [0] * self.ROWS
        for s in range(n):
            _, test = self._where(s)
            for i in range(self.ROWS):
                if test(i):
                    v[i] += s + 1
        return [(i, v[i]) for i in range(self.ROWS)]


class Merge(Workload):
    """MERGE on a keyed table: each statement updates the 50 rows the last one inserted and inserts
    50 new keys."""

    name = "merge"

    def setup(self, conn) -> None:
        execute(conn, f"CREATE TABLE {self.table} (id BIGINT PRIMARY KEY, v BIGINT)")

    def step(self, conn, n: int) -> None:
        values = ", ".join(f"({i}, {n})" for i in range(n * 50 - 50, n * 50 + 50) if i >= 0)
        execute(
            conn,
            f"MERGE INTO {self.table} t USING (VALUES {values}) AS s (id, v) ON t.id = s.id"
            " WHEN MATCHED THEN UPDATE SET v = t.v * 1000 + s.v"
            " WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)",
        )

    def expected(self, n: int):
        v: dict[int, int] = {}
        for s in range(n):
            for i in range(max(0, s * 50 - 50), s * 50 + 50):
                v[i] = v[i] * 1000 + s if i in v else s
        return sorted(v.items())


class Expire(Workload):
    """An INSERT or an UPDATE of every row, in turn, each followed by EXPIRE VERSIONS of everything
    older than now: the data files of expired versions are deleted while the current one must stay
    readable. (EXPIRE changes no row, so a kill between the two statements leaves the step's rows.)"""

    name = "expire"

    def setup(self, conn) -> None:
        execute(conn, f"CREATE TABLE {self.table} (id BIGINT, v BIGINT)")

    def step(self, conn, n: int) -> None:
        if n % 2 == 0:
            values = ", ".join(f"({i}, {n})" for i in range(n * 50, n * 50 + 100))
            execute(conn, f"INSERT INTO {self.table} VALUES {values}")
        else:
            execute(conn, f"UPDATE {self.table} SET v = v + 1000")
        execute(
            conn,
            f"ALTER TABLE {self.table} EXPIRE VERSIONS OLDER THAN TIMESTAMP"
            f" '{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(time.time() + 1))}'",
        )

    def expected(self, n: int):
        v: dict[int, int] = {}
        for s in range(n):
            if s % 2 == 0:
                for i in range(s * 50, s * 50 + 100):
                    v[i] = s
            else:
                v = {i: x + 1000 for i, x in v.items()}
        return sorted(v.items())


class Drop(Workload):
    """CREATE TABLE ... AS SELECT and DROP TABLE of one name, in turn."""

    name = "drop"

    def setup(self, conn) -> None:
        create_source(conn, f"{self.table}_src")

    def step(self, conn, n: int) -> None:
        if n % 2 == 0:
            execute(
                conn,
                f"CREATE TABLE {self.table} AS SELECT id, CAST({n} AS BIGINT) AS v"
                f" FROM {self.table}_src",
            )
        else:
            execute(conn, f"DROP TABLE {self.table}")

    def expected(self, n: int):
        if n % 2 == 0:
            return None
        return [(i, n - 1) for i in range(SRC_ROWS)]

    def observe(self, conn):
        if not table_exists(conn, self.table):
            return None
        return super().observe(conn)


class Ctas(Workload):
    """CREATE TABLE ... AS SELECT of a new table per statement."""

    name = "ctas"

    def setup(self, conn) -> None:
        create_source(conn, f"{self.table}_src")

    def step(self, conn, n: int) -> None:
        execute(
            conn,
            f"CREATE TABLE {self.table}_{n} AS SELECT id, CAST({n} AS BIGINT) AS v"
            f" FROM {self.table}_src",
        )

    def expected(self, n: int):
        return [[(i, s) for i in range(SRC_ROWS)] for s in range(n)]

    def observe(self, conn):
        found = []
        s = 0
        while table_exists(conn, f"{self.table}_{s}"):
            found.append(sorted(query(conn, f"SELECT id, v FROM {self.table}_{s}")))
            s += 1
        return found


WORKLOADS = {w.name: w for w in (Ingest, InsertSelect, Update, Merge, Expire, Drop, Ctas)}


@dataclass
class Writer:
    """One workload's thread: runs statements until told to stop or the server goes away."""

    workload: Workload
    done: int = 0  # statements acknowledged so far (all rounds)
    acknowledged_this_round: int = 0
    error: str | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, uri: str) -> None:
        try:
            conn = connect(uri)
        except Exception as e:  # the server died before the first statement
            self.error = None if self.stop.is_set() else f"connect: {e}"
            return
        try:
            while not self.stop.is_set():
                self.workload.step(conn, self.done)
                self.done += 1
                self.acknowledged_this_round += 1
        except Exception as e:
            if not self.stop.is_set():
                self.error = f"{type(e).__name__}: {e}"
        finally:
            close_quietly(conn)


@dataclass
class Tally:
    rounds: int = 0
    kills: int = 0
    statements_acknowledged: int = 0
    in_flight_landed: int = 0
    rows_checked: int = 0
    lost: int = 0
    failures: list[str] = field(default_factory=list)


def count_rows(contents) -> int:
    if contents is None:
        return 0
    if contents and isinstance(contents[0], list):
        return sum(len(c) for c in contents)
    return len(contents)


def run_rounds(
    rounds: int,
    catalog: str,
    warehouse: str,
    workloads: list[str],
    work_dir: Path,
    seed: int = 0,
    max_delay: float = 3.0,
) -> Tally:
    rng = random.Random(seed)
    prefix = "f" + uuid.uuid4().hex[:8]
    data_dir = work_dir / "data"
    log = work_dir / "server.log"
    extra: list[str] = []
    moto = None
    if catalog == "postgres":
        port = os.environ.get("SHEAF_TEST_PG_PORT", "55432")
        extra += [
            "--catalog-url",
            f"jdbc:postgresql://127.0.0.1:{port}/sheaf",
            "--catalog-user",
            "sheaf",
            "--catalog-password",
            "sheaf",
        ]
    if warehouse == "s3":
        from moto.server import ThreadedMotoServer
        import boto3

        s3_port = free_port()
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
        moto.start()
        endpoint = f"http://127.0.0.1:{s3_port}"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="faults",
            aws_secret_access_key="faults-secret",
            region_name="us-east-1",
        ).create_bucket(Bucket="faults")
        extra += [
            "--warehouse",
            f"s3://faults/{prefix}",
            "--s3-endpoint",
            endpoint,
            "--s3-path-style",
            "--s3-access-key-id",
            "faults",
            "--s3-secret-access-key",
            "faults-secret",
        ]
    writers = [Writer(WORKLOADS[name](prefix)) for name in workloads]
    tally = Tally()
    try:
        server = Server(data_dir, extra, log)
        conn = connect(server.uri)
        for writer in writers:
            writer.workload.setup(conn)
        conn.close()
        for round_number in range(rounds):
            threads = []
            for writer in writers:
                writer.acknowledged_this_round = 0
                writer.stop.clear()
                thread = threading.Thread(target=writer.run, args=(server.uri,), daemon=True)
                thread.start()
                threads.append(thread)
            # every writer gets at least one statement in before the kill, then the kill comes at a
            # random moment
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and any(
                writer.acknowledged_this_round == 0 and writer.error is None for writer in writers
            ):
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, max_delay))
            for writer in writers:
                writer.stop.set()
            server.kill()
            tally.kills += 1
            for thread in threads:
                thread.join(timeout=120)
            server = Server(data_dir, extra, log)
            conn = connect(server.uri)
            for writer in writers:
                check(writer, conn, tally, round_number)
            conn.close()
            tally.rounds += 1
        server.stop()
    finally:
        if moto is not None:
            moto.stop()
    return tally


def check(writer: Writer, conn, tally: Tally, round_number: int) -> None:
    workload = writer.workload
    label = f"round {round_number}, {workload.name}"
    if writer.error:
        tally.failures.append(f"{label}: the writer failed before the kill: {writer.error}")
        writer.error = None
    tally.statements_acknowledged += writer.acknowledged_this_round
    try:
        seen = workload.observe(conn)
    except Exception as e:
        tally.failures.append(f"{label}: cannot read the table after the restart: {e}")
        tally.lost += 1
        return
    tally.rows_checked += count_rows(seen)
    if seen == workload.expected(writer.done):
        return
    if seen == workload.expected(writer.done + 1):
        writer.done += 1  # the statement in flight at the kill committed
        tally.in_flight_landed += 1
        return
    expected = workload.expected(writer.done)
    missing = count_rows(expected) - count_rows(seen)
    if missing > 0:
        tally.lost += missing
    tally.failures.append(
        f"{label}: after {writer.done} acknowledged statements the table holds"
        f" {describe(seen)}, expected {describe(expected)}"
        f" or {describe(workload.expected(writer.done + 1))}"
    )
    # go on from what is there: rounds after a failure still test the next kills
    for n in range(writer.done + 2):
        if workload.expected(n) == seen:
            writer.done = n
            break


def describe(contents) -> str:
    if contents is None:
        return "no table"
    if contents and isinstance(contents[0], list):
        return f"{len(contents)} tables of {[len(c) for c in contents]} rows"
    return f"{len(contents)} rows" + (f" (first {contents[:3]})" if contents else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--catalog", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--warehouse", choices=["local", "s3"], default="local")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--work-dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    import tempfile

    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="sheaf-faults-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    tally = run_rounds(
        args.rounds, args.catalog, args.warehouse, args.workloads.split(","), work_dir, args.seed
    )
    report = {
        "catalog": args.catalog,
        "warehouse": args.warehouse,
        "workloads": args.workloads.split(","),
        "seconds": round(time.monotonic() - start, 1),
        **tally.__dict__,
    }
    print(json.dumps(report, indent=1))
    if args.report:
        args.report.write_text(json.dumps(report, indent=1))
    sys.exit(1 if tally.failures or tally.lost else 0)


if __name__ == "__main__":
    main()
