"""The client's examples run end to end against the test server."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "clients" / "python" / "examples"


def test_ddp_example_trains_one_epoch_over_two_processes(sheaf_server, tmp_path):
    pytest.importorskip("torch")
    log = tmp_path / "ddp.log"
    with open(log, "w") as out:
        done = subprocess.run(
            [sys.executable, str(EXAMPLES / "train_ddp.py"), "--uri", sheaf_server.uri,
             "--table", "cx_images", "--make-table", "--rows", "72", "--batch-size", "16",
             "--workers", "1"], stdout=out, stderr=subprocess.STDOUT, timeout=300)
    text = log.read_text()
    assert done.returncode == 0, text
    ranks = re.findall(
        r"rank (\d): (\d+) steps, (\d+) images, mean loss [\d.na]+, all ranks (\d+) images", text)
    assert sorted(r[0] for r in ranks) == ["0", "1"]
    assert {r[1] for r in ranks} == {"3"}  # 36 images per rank in batches of up to 16
    assert sum(int(r[2]) for r in ranks) == 72 and {r[3] for r in ranks} == {"72"}


def test_hf_example(sheaf_server):
    pytest.importorskip("datasets")
    import sheaf

    with sheaf.connect(sheaf_server.uri) as c:
        c.insert("cx_hf", {"id": list(range(10)), "label": [i % 2 for i in range(10)]},
                 mode="create")
    done = subprocess.run([sys.executable, str(EXAMPLES / "hf_dataset.py"), "--uri",
                           sheaf_server.uri, "--table", "cx_hf"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "num_rows: 10" in done.stdout and "rows of 10" in done.stdout
