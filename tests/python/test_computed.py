"""Computed columns over Flight SQL: backfill as a job in sys.jobs, compute on insert and ingest."""

import time

import pyarrow as pa
import pytest

from sql_calls import rows, run


def wait_for_job(conn, table, column, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = rows(
            conn,
            "SELECT state, rows_done, rows_total, errors FROM sys.jobs"
            f" WHERE table_name = '{table}' AND column_name = '{column}'",
        )
        if jobs and jobs[0]["state"] != "RUNNING":
            return jobs[0]
        time.sleep(0.2)
    raise AssertionError(f"job for {table}.{column} did not finish")


def test_backfill_insert_and_ingest(adbc):
    run(adbc, "CREATE TABLE computed_captions (id BIGINT, caption VARCHAR, n INTEGER)")
    for i in range(3):
        run(adbc, f"INSERT INTO computed_captions VALUES ({i}, 'caption {i}', {i})")
    run(adbc, "ALTER TABLE computed_captions ADD COLUMN shout AS (upper(caption)) STORED")
    run(adbc, "ALTER TABLE computed_captions ADD COLUMN inverse AS (10 / n) STORED")
    assert wait_for_job(adbc, "computed_captions", "shout") == {
        "state": "DONE",
        "rows_done": 3,
        "rows_total": 3,
        "errors": 0,
    }
    assert wait_for_job(adbc, "computed_captions", "inverse")["errors"] == 1

    run(adbc, "INSERT INTO computed_captions (id, caption, n) VALUES (3, 'new', 5)")
    data = pa.table({"id": pa.array([4, 5], pa.int64()), "caption": ["bulk", None], "n": [2, 0]})
    assert adbc.cursor().adbc_ingest("computed_captions", data, mode="append") == 2

    got = rows(adbc, "SELECT id, shout, inverse, inverse$error FROM computed_captions ORDER BY id")
    assert [(r["id"], r["shout"], r["inverse"]) for r in got] == [
        (0, "CAPTION 0", None),
        (1, "CAPTION 1", 10),
        (2, "CAPTION 2", 5),
        (3, "NEW", 2),
        (4, "BULK", 5),
        (5, None, None),
    ]
    assert got[0]["inverse$error"].startswith("TYPE_MISMATCH")
    assert got[5]["inverse$error"].startswith("TYPE_MISMATCH")
    assert got[1]["inverse$error"] is None


def test_writing_a_computed_column_is_refused(adbc):
    run(adbc, "CREATE TABLE refused (id BIGINT, caption VARCHAR)")
    run(adbc, "ALTER TABLE refused ADD COLUMN shout AS (upper(caption))")
    with pytest.raises(Exception, match="it is computed"):
        run(adbc, "INSERT INTO refused (id, shout) VALUES (1, 'x')")
    with pytest.raises(Exception, match="computed column 'shout' uses it"):
        run(adbc, "ALTER TABLE refused DROP COLUMN caption")


def test_cli_follows_a_backfill_and_lists_jobs(adbc, sheaf_server):
    import subprocess

    from conftest import ROOT

    run(adbc, "CREATE TABLE computed_cli (id BIGINT, caption VARCHAR)")
    for i in range(4):
        run(adbc, f"INSERT INTO computed_cli VALUES ({i}, 'caption {i}')")

    def sheaf(*args):
        return subprocess.run(
            [str(ROOT / "sheaf"), *args, "--port", str(sheaf_server.port)],
            capture_output=True, text=True, timeout=120,
        )

    done = sheaf("sql", "-c", "ALTER TABLE computed_cli ADD COLUMN loud AS (upper(caption)) STORED")
    assert done.returncode == 0, done.stderr
    # the statement returned at once; the CLI followed the job it started to its end on stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("backfill main.computed_cli.loud [")
    assert "100%" in last and "4/4 rows" in last and "0 errors" in last and last.endswith("DONE"), last
    assert rows(adbc, "SELECT count(*) AS n FROM computed_cli WHERE loud = upper(caption)") == [{"n": 4}]

    quiet = sheaf("sql", "--no-wait", "-c", "ALTER TABLE computed_cli ADD COLUMN low AS (lower(caption)) STORED")
    assert quiet.returncode == 0, quiet.stderr
    assert "backfill" not in quiet.stderr
    wait_for_job(adbc, "computed_cli", "low")

    listed = sheaf("jobs")
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if "main.computed_cli." in line]
    assert len(lines) == 2 and all(line.endswith("DONE") for line in lines), listed.stdout
    # --wait follows whatever runs now (other suites' jobs may), and returns when it has ended
    waited = sheaf("jobs", "--wait")
    assert waited.returncode in (0, 1) and not waited.stderr, waited.stderr
    assert waited.stdout.startswith(("no job is running", "backfill ", "index ")), waited.stdout
    bad = sheaf("jobs", "--bogus", "1")
    assert bad.returncode == 2 and "no option --bogus" in bad.stderr
