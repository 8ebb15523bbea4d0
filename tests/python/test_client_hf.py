"""sheaf.hf: Hugging Face datasets from Sheaf queries, in memory and streaming."""

import io
import json
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest

datasets = pytest.importorskip("datasets")

import sheaf  # noqa: E402
from sheaf.hf import _features, _with_images  # noqa: E402


@pytest.fixture(scope="module")
def hf_table(sheaf_server):
    with sheaf.connect(sheaf_server.uri) as c:
        c.execute("CREATE TABLE ch_rows (id BIGINT, emb VECTOR(3), img IMAGE, label VARCHAR)")
        c.insert("ch_rows", {
            "id": pa.array(range(300), pa.int64()),
            "emb": pa.array([[i, 0.0, 1.0] for i in range(300)], pa.list_(pa.float32(), 3)),
            "img": [f"file:///data/{i}.jpg" for i in range(300)],
            "label": [f"l{i % 3}" for i in range(300)],
        })
        c.insert("ch_rows", {"id": pa.array(range(300, 400), pa.int64())})
    return "ch_rows"


def test_in_memory_dataset_keeps_types_and_rows(sheaf_server, hf_table):
    with sheaf.connect(sheaf_server.uri) as c:
        ds = c.hf_dataset("SELECT id, emb, img, label FROM ch_rows")
        old = c.hf_dataset("SELECT id FROM ch_rows", version=1)
    assert isinstance(ds, datasets.Dataset) and ds.num_rows == 400
    assert ds.features["emb"] == datasets.List(datasets.Value("float32"), length=3)
    assert ds.features["img"] == datasets.Value("string")
    row = ds.sort("id")[5]
    assert row == {"id": 5, "emb": [5.0, 0.0, 1.0], "img": "file:///data/5.jpg", "label": "l2"}
    assert old.num_rows == 300
    assert ds.data.table.column("emb").type == pa.list_(pa.float32(), 3)  # Arrow, not rows


def test_streaming_dataset_splits_by_node(sheaf_server, hf_table):
    from datasets.distributed import split_dataset_by_node

    with sheaf.connect(sheaf_server.uri) as c:
        stream = c.hf_dataset("SELECT id, label FROM ch_rows", streaming=True)
    assert isinstance(stream, datasets.IterableDataset) and stream.n_shards == 16
    parts = [[r["id"] for r in split_dataset_by_node(stream, rank=r, world_size=2)]
             for r in range(2)]
    assert not set(parts[0]) & set(parts[1])
    assert sorted(parts[0] + parts[1]) == list(range(400))


def test_binary_image_columns_become_image_features():
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (4, 3), (9, 8, 7)).save(data, format="PNG")
    field = pa.field("img", pa.binary(), metadata={"sheaf.type": "IMAGE"})
    table = pa.table({"img": pa.array([data.getvalue()], pa.binary())},
                     schema=pa.schema([field]))
    features = _features(table.schema, ["img"])
    ds = datasets.Dataset(datasets.table.InMemoryTable(_with_images(table, ["img"])),
                          info=datasets.DatasetInfo(features=features))
    image = ds[0]["img"]
    assert image.size == (4, 3) and image.getpixel((0, 0)) == (9, 8, 7)


LOADER_SCRIPT = textwrap.dedent("""
    import json, sys
    import torch
    import sheaf

    if __name__ == "__main__":
        uri, context = sys.argv[1:3]
        client = sheaf.connect(uri)
        client.sql("SELECT 1 AS x")  # a notebook: it has queried before making the loader
        stream = client.hf_dataset("SELECT id FROM ch_rows", streaming=True)
        loader = torch.utils.data.DataLoader(stream, batch_size=20, num_workers=2,
                                             multiprocessing_context=context,
                                             persistent_workers=True)
        epochs = []
        for epoch in range(2):
            stream.set_epoch(epoch)
            epochs.append([int(i) for batch in loader for i in batch["id"]])
        print(json.dumps(epochs))
""")


@pytest.mark.parametrize("context", ["fork", "spawn", "forkserver"])
def test_streaming_dataset_in_workers_after_the_parent_used_a_client(sheaf_server, hf_table,
                                                                     tmp_path, context):
    pytest.importorskip("torch")
    script = tmp_path / "loader.py"
    script.write_text(LOADER_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri, context],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    epochs = json.loads(done.stdout)
    assert sorted(epochs[0]) == sorted(epochs[1]) == list(range(400))  # each row once


RESUME_SCRIPT = textwrap.dedent("""
    import json, os, sys
    import sheaf

    if __name__ == "__main__":
        uri = sys.argv[1]
        client = sheaf.connect(uri)
        stream = client.hf_dataset("SELECT id FROM ch_rows", streaming=True)
        whole = [r["id"] for r in stream]
        pid = os.fork()
        if pid == 0:  # forked after this process used gRPC: reads through a reader process
            head, it = [], iter(stream)
            for _ in range(150):
                head.append(next(it)["id"])
            state = json.loads(json.dumps(stream.state_dict()))
            it.close()
            stream.load_state_dict(state)
            rest = [r["id"] for r in stream]
            os._exit(0 if head + rest == whole and sorted(whole) == list(range(400)) else 3)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status))
""")


def test_streaming_dataset_resumes_from_its_state_in_a_forked_process(sheaf_server, hf_table,
                                                                     tmp_path):
    script = tmp_path / "resume.py"
    script.write_text(RESUME_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stdout + done.stderr
