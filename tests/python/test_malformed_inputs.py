"""The fault suite's malformed inputs (tests/faults/malformed_inputs.py): 500 fuzzed SQL statements,
random and tampered tickets, random Flight SQL commands, actions and puts, and truncated or crafted
images, against a real server. Every one is answered with success or a Sheaf error code, the
server keeps answering `SELECT 1` between them, and it holds no Arrow buffer when it shuts down."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))

from malformed_inputs import run  # noqa: E402


def test_500_malformed_inputs_get_sheaf_errors_and_the_server_keeps_serving(tmp_path):
    tally = run(500, seed=11, work_dir=tmp_path)
    assert tally.failures == []
    assert tally.internal_errors == []
    assert tally.inputs == 500
    assert tally.sheaf_errors > 300  # most inputs are malformed: they must be refused, not run
    assert tally.probes > 40
    assert tally.memory_held_at_shutdown == 0
