"""The fault suite's SIGKILL rounds (tests/faults/crash_rounds.py) in the reduced form CI runs: a
few rounds of every workload (bulk ingest, INSERT ... SELECT, UPDATE, MERGE, EXPIRE VERSIONS, DROP
TABLE, CREATE TABLE AS) on each catalog and warehouse. After every kill and restart each table must
equal a version its client was told committed, or the one in flight at the kill. The full run (20
rounds each) is `tests/faults/run.sh`; its figures are in the README's "Guarantees"."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))

from crash_rounds import WORKLOADS, run_rounds  # noqa: E402


def assert_clean(tally, rounds):
    assert tally.failures == []
    assert tally.lost == 0
    assert tally.kills == rounds
    assert tally.statements_acknowledged >= len(WORKLOADS) * rounds
    assert tally.rows_checked > 0


def test_sigkill_rounds_on_sqlite_and_a_local_warehouse(tmp_path):
    tally = run_rounds(3, "sqlite", "local", list(WORKLOADS), tmp_path, seed=1)
    assert_clean(tally, 3)


def test_sigkill_rounds_on_postgresql(tmp_path):
    if "SHEAF_TEST_PG_PORT" not in os.environ:
        pytest.skip("run-tests starts PostgreSQL (tests/services/postgres.sh) and sets its port")
    tally = run_rounds(1, "postgres", "local", list(WORKLOADS), tmp_path, seed=2)
    assert_clean(tally, 1)


def test_sigkill_rounds_on_an_s3_warehouse(tmp_path):
    tally = run_rounds(1, "sqlite", "s3", list(WORKLOADS), tmp_path, seed=3)
    assert_clean(tally, 1)
