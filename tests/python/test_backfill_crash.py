"""A server killed with SIGKILL in the middle of a backfill: restarted, it finishes the job, and the
table equals what a clean run computes (no row lost or duplicated, every cell computed once)."""

import time

from conftest import SheafProcess
from sql_calls import connect, rows, run

ROWS_PER_FILE = 100
FILES = 40


def jobs(conn):
    return rows(
        conn,
        "SELECT column_name, state, rows_done, rows_total FROM sys.jobs"
        " WHERE table_name = 'crash_captions' ORDER BY column_name",
    )


def expected_rows():
    expected = []
    for i in range(FILES * ROWS_PER_FILE):
        caption = f"caption {i} ünïcode"
        n = i % 7
        expected.append(
            {
                "id": i,
                "caption": caption,
                "n": n,
                "shout": caption.upper() + "!",
                "inverse": None if n == 0 else 1000 // n,
                "failed": n == 0,
            }
        )
    return expected


def test_sigkill_during_a_backfill_then_restart_equals_a_clean_run(tmp_path):
    data = tmp_path / "data"
    server = SheafProcess(data)
    try:
        conn = connect(server.uri)
        run(conn, "CREATE TABLE crash_captions (id INTEGER, caption VARCHAR, n INTEGER)")
        for f in range(FILES):
            values = ", ".join(
                f"({i}, 'caption {i} ünïcode', {i % 7})"
                for i in range(f * ROWS_PER_FILE, (f + 1) * ROWS_PER_FILE)
            )
            run(conn, f"INSERT INTO crash_captions VALUES {values}")
        run(conn, "ALTER TABLE crash_captions ADD COLUMN shout AS (upper(caption) || '!') STORED")
        run(conn, "ALTER TABLE crash_captions ADD COLUMN inverse AS (1000 / n) ON ERROR NULL")
        # kill it once the first job has committed a chunk, before the jobs are done
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = jobs(conn)
            if any(job["rows_done"] > 0 for job in state):
                break
            time.sleep(0.05)
        conn.close()
        server.process.kill()
        server.process.wait()
        server.log.close()
    except BaseException:
        server.stop()
        raise
    assert not all(job["state"] == "DONE" for job in state), f"too late to kill: {state}"

    restarted = SheafProcess(data)
    try:
        conn = connect(restarted.uri)
        deadline = time.monotonic() + 600  # a busy CI machine restarts and backfills slowly
        while time.monotonic() < deadline:
            state = jobs(conn)
            if all(job["state"] != "RUNNING" for job in state):
                break
            time.sleep(0.2)
        assert [(job["column_name"], job["state"], job["rows_done"]) for job in state] == [
            ("inverse", "DONE", FILES * ROWS_PER_FILE),
            ("shout", "DONE", FILES * ROWS_PER_FILE),
        ]
        got = rows(
            conn,
            "SELECT id, caption, n, shout, inverse, inverse$error IS NOT NULL AS failed"
            " FROM crash_captions ORDER BY id",
        )
        assert got == expected_rows()
        errors = rows(conn, "SELECT DISTINCT inverse$error AS e FROM crash_captions WHERE n = 0")
        assert len(errors) == 1 and errors[0]["e"].startswith("TYPE_MISMATCH")
        conn.close()
    finally:
        restarted.stop()
