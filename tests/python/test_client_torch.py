"""sheaf.torch: partitioned, shuffled, pinned and resumable PyTorch datasets over a real server."""

import io
import json
import os
import signal
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest

torch = pytest.importorskip("torch")

import sheaf  # noqa: E402
from sheaf import errors  # noqa: E402
from sheaf.client import ConnectionOptions  # noqa: E402
from sheaf.torch import SheafIterableDataset  # noqa: E402

ROWS = 600
QUERY = "SELECT id, emb, label FROM ct_rows WHERE id >= 0"


@pytest.fixture(scope="module")
def rows_table(sheaf_server):
    with sheaf.connect(sheaf_server.uri) as c:
        for chunk in range(3):  # three commits, three data files
            ids = range(chunk * ROWS // 3, (chunk + 1) * ROWS // 3)
            c.insert("ct_rows", pa.table({
                "id": pa.array(ids, pa.int64()),
                "emb": pa.array([[float(i), -float(i), 0.5] for i in ids],
                                pa.list_(pa.float32(), 3)),
                "label": [f"l{i % 10}" for i in ids],
            }), mode="create_append")
    return "ct_rows"


def dataset(server, query=QUERY, **kwargs):
    kwargs.setdefault("batch_size", 32)
    kwargs.setdefault("partitions", 8)
    return SheafIterableDataset(ConnectionOptions(server.uri), query, **kwargs)


def ids_of(batches):
    return [[int(i) for i in b["id"]] for b in batches]


def flat(batches):
    return [i for b in batches for i in b]


def test_two_ranks_two_workers_read_every_row_once(sheaf_server, rows_table):
    per_rank = []
    for rank in range(2):
        ds = dataset(sheaf_server, shuffle=True, seed=7, rank=rank, world_size=2)
        per_rank.append(ids_of(ds.loader(num_workers=2)))
    assert len(per_rank[0]) == len(per_rank[1]) == len(ds)  # equal batch counts: DDP never hangs
    everything = flat(per_rank[0]) + flat(per_rank[1])
    assert sorted(everything) == list(range(ROWS))
    assert all(0 < len(b) <= 32 for r in per_rank for b in r)

    full = [ids_of(dataset(sheaf_server, batch_size=32, drop_last=True, rank=r, world_size=2)
                   .loader(num_workers=2)) for r in range(2)]
    assert len(full[0]) == len(full[1]) == (ROWS // 2) // 32
    kept = flat(full[0]) + flat(full[1])
    assert all(len(b) == 32 for r in full for b in r) and len(set(kept)) == len(kept)


def test_shuffle_is_deterministic_and_differs_between_epochs(sheaf_server, rows_table):
    def run(epoch):
        ds = dataset(sheaf_server, shuffle=True, seed=11)
        ds.set_epoch(epoch)
        return flat(ids_of(ds.loader(num_workers=2)))

    first, again, other = run(0), run(0), run(1)
    assert first == again
    assert first != other and sorted(first) == sorted(other) == list(range(ROWS))
    assert first != sorted(first)
    plain = flat(ids_of(dataset(sheaf_server, shuffle=True, seed=12)))
    assert plain != first  # another seed, another order


def test_version_stays_pinned_while_rows_are_inserted(sheaf_server):
    with sheaf.connect(sheaf_server.uri) as c:
        c.insert("ct_pinned", {"id": pa.array(range(100), pa.int64())}, mode="create")
        ds = dataset(sheaf_server, "SELECT id FROM ct_pinned", batch_size=16, shuffle=True)
        version = ds.version
        c.insert("ct_pinned", {"id": pa.array(range(100, 150), pa.int64())})
    for epoch in range(2):
        ds.set_epoch(epoch)
        assert sorted(flat(ids_of(ds.loader(num_workers=2)))) == list(range(100))
    assert ds.version == version
    with sheaf.connect(sheaf_server.uri) as c:
        assert c.versions("ct_pinned").num_rows == 2
    old = dataset(sheaf_server, "SELECT id FROM ct_pinned", batch_size=16, version=version)
    assert sorted(flat(ids_of(old))) == list(range(100))
    assert sorted(flat(ids_of(dataset(sheaf_server, "SELECT id FROM ct_pinned")))) == \
        list(range(150))


EPOCHS_SCRIPT = textwrap.dedent("""
    import json, sys
    import torch
    import sheaf
    from sheaf.client import ConnectionOptions
    from sheaf.torch import SheafIterableDataset

    if __name__ == "__main__":
        uri, query, context, persistent, parent = sys.argv[1:6]
        if parent == "connected":  # a notebook: it has queried before making the loader
            client = sheaf.connect(uri)
            assert client.sql("SELECT 1 AS x").num_rows == 1
            ds = client.torch_dataset(query, batch_size=50, shuffle=True, seed=5, partitions=8)
        else:
            ds = SheafIterableDataset(ConnectionOptions(uri), query, batch_size=50, shuffle=True,
                                      seed=5, partitions=8)
        # a plain DataLoader, as users write it (ds.loader() only picks the context for them)
        loader = torch.utils.data.DataLoader(
            ds, batch_size=None, num_workers=2, multiprocessing_context=context,
            persistent_workers=persistent == "persistent")
        epochs = []
        for epoch in range(2):
            ds.set_epoch(epoch)
            epochs.append([int(i) for batch in loader for i in batch["id"]])
        print(json.dumps(epochs))
""")


@pytest.mark.parametrize(("context", "persistent", "parent"), [
    ("fork", "persistent", "fresh"),
    ("fork", "persistent", "connected"),
    ("fork", "not-persistent", "connected"),
    ("spawn", "persistent", "connected"),
    ("forkserver", "persistent", "connected"),
])
def test_start_methods_and_persistent_workers(sheaf_server, rows_table, tmp_path, context,
                                              persistent, parent):
    script = tmp_path / "epochs.py"
    script.write_text(EPOCHS_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri, QUERY, context,
                           persistent, parent], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    epochs = json.loads(done.stdout)
    assert sorted(epochs[0]) == sorted(epochs[1]) == list(range(ROWS))
    assert epochs[0] != epochs[1]  # the workers (persistent ones too) see set_epoch


DEFAULT_CONTEXT_SCRIPT = textwrap.dedent("""
    import json, sys
    import sheaf
    from sheaf.client import grpc_used

    def method(loader):
        return loader.multiprocessing_context.get_start_method()

    if __name__ == "__main__":
        uri, query = sys.argv[1:3]
        client = sheaf.connect(uri)  # no user name: connects at its first call
        ds = client.torch_dataset(query, batch_size=50, shuffle=True, partitions=8)
        loader = ds.loader(num_workers=2, persistent_workers=True)
        out = {"connected": grpc_used(), "persistent": method(loader),
               "ids": sorted(int(i) for batch in loader for i in batch["id"]),
               "not_persistent": method(ds.loader(num_workers=2))}
        client.sql("SELECT 1 AS x")
        after = ds.loader(num_workers=2)
        out["after_connecting"] = method(after)
        out["ids_after_connecting"] = sorted(int(i) for batch in after for i in batch["id"])
        asked = ds.loader(num_workers=1, multiprocessing_context="forkserver")
        out["asked"] = method(asked)
        print(json.dumps(out))
""")


def test_loader_forks_its_workers_before_and_after_the_process_connected(
        sheaf_server, rows_table, tmp_path):
    script = tmp_path / "default_context.py"
    script.write_text(DEFAULT_CONTEXT_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri, QUERY],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["connected"] is False  # planning ran in a child process
    assert out["persistent"] == out["not_persistent"] == out["after_connecting"] == "fork"
    assert out["ids"] == out["ids_after_connecting"] == list(range(ROWS))
    assert out["asked"] == "forkserver"


def test_workers_forked_after_connecting_read_through_a_reader_process(sheaf_server, rows_table):
    # this (pytest) process has used gRPC: forked workers must not, and still read every row
    ds = dataset(sheaf_server, batch_size=50, shuffle=True)
    with sheaf.connect(sheaf_server.uri) as c:
        c.sql("SELECT 1 AS x")
    loader = ds.loader(num_workers=2, multiprocessing_context="fork")
    assert sorted(flat(ids_of(loader))) == list(range(ROWS))


FORK_SCRIPT = textwrap.dedent("""
    import gc, os, sys
    import sheaf
    import sheaf.client
    from sheaf.client import ConnectionOptions
    from sheaf.torch import SheafIterableDataset

    if __name__ == "__main__":
        uri, query = sys.argv[1:3]
        client = sheaf.connect(uri)
        stream = client.sql_batches("SELECT id FROM ct_rows")  # a DoGet open across the fork
        next(stream)
        flight_client = client._flight
        ds = SheafIterableDataset(ConnectionOptions(uri), query, batch_size=50, partitions=8)
        pid = os.fork()
        if pid == 0:
            # the child drops the parent's client and stream; none of their gRPC objects may be
            # used, closed or destroyed here, and the child still reads through a reader process
            assert client._flight is None and sheaf.client.forked_after_grpc()
            assert any(o is flight_client for o in sheaf.client._inherited)
            del flight_client
            stream.close()
            client.close()
            del client, stream
            gc.collect()
            try:
                sheaf.connect(uri).sql("SELECT 1 AS x")
                raise SystemExit("connected from a forked child")
            except sheaf.SheafError as error:
                assert "forked after its parent used a Sheaf client" in str(error)
            rows = sorted(int(i) for batch in ds for i in batch["id"])
            sys.exit(0 if rows == list(range(600)) else 3)  # a normal exit: finalizers run
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0, status
        assert sum(b.num_rows for b in stream) > 0  # the parent's stream is intact
        print("ok")
""")


def test_a_forked_child_never_touches_the_parents_grpc_objects(sheaf_server, rows_table,
                                                               tmp_path):
    script = tmp_path / "fork.py"
    script.write_text(FORK_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri, QUERY],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


KILLED_WORKER_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    import sheaf

    if __name__ == "__main__":
        uri, query = sys.argv[1:3]
        client = sheaf.connect(uri)
        client.sql("SELECT 1 AS x")  # forked workers then read through reader processes
        ds = client.torch_dataset(query, batch_size=10, partitions=8)
        it = iter(ds.loader(num_workers=2, multiprocessing_context="fork"))
        next(it)
        os.kill(it._workers[0].pid, signal.SIGKILL)
        for _ in it:
            pass
        print("the epoch ended without an error")
""")


def test_a_killed_worker_fails_the_loader_instead_of_hanging(sheaf_server, rows_table, tmp_path):
    script = tmp_path / "killed.py"
    script.write_text(KILLED_WORKER_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri, QUERY],
                          capture_output=True, text=True, timeout=120)
    # torch raises "DataLoader worker (pid N) is killed by signal" (from its SIGCHLD handler, at
    # any point of the loop) or "... exited unexpectedly"; when the worker died while the loader
    # was receiving a batch's shared memory from it, first a ConnectionResetError, or an EOFError
    # from the worker's closed pipe (then the interpreter may lose stderr while printing it)
    assert done.returncode == 1 and not done.stdout, done.stdout + done.stderr
    assert any(sign in done.stderr for sign in
               ("DataLoader worker (pid", "ConnectionResetError", "EOFError")), done.stderr
    assert "SheafError" not in done.stderr, done.stderr  # the workers read until one was killed


ORPHAN_SCRIPT = textwrap.dedent("""
    import os, signal, sys, time
    import sheaf
    from sheaf import _reader_process
    from sheaf._plan import Segment

    def running(pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    if __name__ == "__main__":
        uri = sys.argv[1]
        client = sheaf.connect(uri)
        planned = client.partitions("SELECT id, pad FROM ct_wide", 1)
        options = sheaf.ConnectionOptions(uri)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker: its reader process is mid-stream when the worker is killed
            stream = _reader_process.read_in_reader_process(options, planned.tickets,
                                                            [Segment(0, 0, 2048)])
            next(stream)
            os.write(write, str(_reader_process._reader.process.pid).encode())
            time.sleep(60)
            os._exit(1)
        reader = int(os.read(read, 32))
        assert running(reader)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        deadline = time.monotonic() + 10
        while running(reader) and time.monotonic() < deadline:
            time.sleep(0.1)
        print("gone" if not running(reader) else "still running")
""")


def test_a_reader_process_ends_with_its_killed_worker(sheaf_server, wide_table, tmp_path):
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "gone", done.stdout + done.stderr


@pytest.fixture(scope="module")
def wide_table(sheaf_server):
    # 8 commits of 1 MiB: more than the reader process's pipe holds
    with sheaf.connect(sheaf_server.uri) as c:
        for chunk in range(8):
            ids = range(chunk * 256, (chunk + 1) * 256)
            c.insert("ct_wide", {"id": pa.array(ids, pa.int64()),
                                 "pad": pa.array([bytes(4096)] * 256, pa.binary())},
                     mode="create_append")
    return "ct_wide"


def test_a_killed_reader_process_fails_the_read_instead_of_hanging(sheaf_server, wide_table):
    from sheaf import _reader_process
    from sheaf._plan import Segment

    with sheaf.connect(sheaf_server.uri) as c:
        planned = c.partitions("SELECT id, pad FROM ct_wide", 1)
    options = ConnectionOptions(sheaf_server.uri)
    segments = [Segment(0, 0, 2048)]
    whole = _reader_process.read_in_reader_process(options, planned.tickets, segments)
    assert sum(b.num_rows for b in whole) == 2048
    stream = _reader_process.read_in_reader_process(options, planned.tickets, segments)
    next(stream)
    reader = _reader_process._reader
    assert reader is not None
    os.kill(reader.process.pid, signal.SIGKILL)
    with pytest.raises(sheaf.SheafError, match="reader process .* killed by signal 9"):
        for _ in stream:
            pass
    # the next read starts a fresh reader
    again = _reader_process.read_in_reader_process(options, planned.tickets, segments)
    assert sum(b.num_rows for b in again) == 2048


def test_tensors_keep_shapes_and_strings_stay_lists(sheaf_server, rows_table):
    batch = next(iter(dataset(sheaf_server, batch_size=8)))
    assert batch["id"].dtype == torch.int64 and batch["id"].shape == (8,)
    assert batch["emb"].dtype == torch.float32 and batch["emb"].shape == (8, 3)
    assert torch.equal(batch["emb"][:, 0], batch["id"].float())
    assert batch["label"] == [f"l{int(i) % 10}" for i in batch["id"]]

    custom = dataset(sheaf_server, batch_size=8, to_tensor=lambda t: t.num_rows)
    assert sum(custom) == ROWS


def test_images_decode_from_arrow_buffers_like_pillow():
    import numpy as np
    from PIL import Image

    from sheaf._tensors import decode_image_pillow, to_tensors

    rng = np.random.default_rng(1)

    def encoded(fmt, mode="RGB"):
        data = io.BytesIO()
        pixels = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
        Image.fromarray(pixels).convert(mode).save(data, format=fmt)
        return data.getvalue()

    jpegs = [encoded("JPEG") for _ in range(5)]
    # a slice: the values start at an offset into Arrow's buffers
    table = pa.table({"img": pa.array(jpegs, pa.binary()), "n": list(range(5))}).slice(1, 3)
    out = to_tensors(table, ["img"])
    assert out["img"].shape == (3, 3, 12, 16) and out["img"].dtype == torch.uint8
    assert torch.equal(out["img"], torch.stack([decode_image_pillow(j) for j in jpegs[1:4]]))
    # grey PNG to RGB; BMP (Pillow's fallback) and large_binary; a null keeps a list
    grey = to_tensors(pa.table({"img": pa.array([encoded("PNG", "L")], pa.large_binary())}),
                      ["img"])["img"]
    assert grey.shape == (1, 3, 12, 16) and torch.equal(grey[0, 0], grey[0, 2])
    bmp = encoded("BMP")
    from_bmp = to_tensors(pa.table({"img": pa.array([bmp], pa.binary())}), ["img"])["img"]
    assert torch.equal(from_bmp[0], decode_image_pillow(bmp))
    mixed = to_tensors(pa.table({"img": pa.array([jpegs[0], None], pa.binary())}), ["img"])["img"]
    assert isinstance(mixed, list) and mixed[1] is None and mixed[0].shape == (3, 12, 16)


def test_tensor_conversion_of_arrow_layouts():
    from sheaf._tensors import to_tensors

    tensor_type = pa.fixed_shape_tensor(pa.float32(), [2, 2])
    storage = pa.array([[1, 2, 3, 4], [5, 6, 7, 8]], pa.list_(pa.float32(), 4))
    table = pa.table({
        "t": pa.ExtensionArray.from_storage(tensor_type, storage),
        "v": pa.array([[1, 2], [3, 4]], pa.list_(pa.int16(), 2)),
        "flag": [True, False],
        "maybe": pa.array([1, None], pa.int32()),
    }).slice(1)
    out = to_tensors(table)
    assert out["t"].shape == (1, 2, 2) and out["t"].tolist() == [[[5, 6], [7, 8]]]
    assert out["v"].tolist() == [[3, 4]] and out["flag"].tolist() == [False]
    assert out["maybe"] == [None]


def test_the_first_batch_waits_for_its_own_rows_not_a_whole_shuffle_block():
    import numpy as np

    from sheaf._reader import shuffled_batches

    schema = pa.schema([("id", pa.int64())])
    pulled = []

    def source():
        for start in range(0, 400, 10):
            pulled.append(start)
            yield pa.record_batch([pa.array(range(start, start + 10), pa.int64())], schema=schema)

    batches = shuffled_batches(source(), schema, [20] * 20, block_rows=100,
                               rng=np.random.default_rng(0))
    first = next(batches)
    assert sorted(first.column("id").to_pylist()) == list(range(20))
    assert len(pulled) == 2  # 20 rows read, not the 100 of a block (media fetched for later rows)
    second = next(batches)  # later batches mix a whole block: rows from up to 120 in
    assert len(pulled) == 12 and max(second.column("id").to_pylist()) >= 20
    rest = [i for b in batches for i in b.column("id").to_pylist()]
    assert sorted(first.column("id").to_pylist() + second.column("id").to_pylist() + rest) == \
        list(range(400))


PLANNER_SCRIPT = textwrap.dedent("""
    import importlib.util, json, sys
    import sheaf
    from sheaf import _planner
    from sheaf.client import grpc_used

    if __name__ == "__main__":
        uri, query = sys.argv[1:3]
        client = sheaf.connect(uri)
        out = {"forks": _planner._can_fork()}
        ds = client.torch_dataset(query, batch_size=50, partitions=8)
        out["rows"] = ds.total_rows
        try:
            client.torch_dataset("SELECT id FROM ct_no_such_table", batch_size=50)
        except sheaf.SheafError as error:
            out["error"] = [type(error).__name__, error.code, str(error)]
        out["connected"] = grpc_used()
        out["pandas"] = "pandas" in sys.modules
        out["pandas_installed"] = importlib.util.find_spec("pandas") is not None
        print(json.dumps(out))
""")


def test_a_fresh_process_plans_in_a_forked_child_and_stays_unconnected(
        sheaf_server, rows_table, tmp_path):
    script = tmp_path / "planner.py"
    script.write_text(PLANNER_SCRIPT)
    done = subprocess.run([sys.executable, str(script), sheaf_server.uri, QUERY],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["forks"] is sys.platform.startswith("linux")
    assert out["rows"] == ROWS
    _, code, message = out["error"]  # the child's error, as the server gave it
    assert code not in ("INTERNAL_ERROR", None) and "ct_no_such_table" in message.lower(), out
    assert out["connected"] is False
    assert out["pandas"] is out["pandas_installed"]  # imported while the child planned


def test_images_decode_in_the_workers(sheaf_server):
    from PIL import Image

    def image(i):
        data = io.BytesIO()
        Image.new("RGB", (8, 6), (i, 2 * i, 3)).save(data, format="PNG")
        return data.getvalue()

    with sheaf.connect(sheaf_server.uri) as c:
        c.insert("ct_images", {"id": list(range(20)), "img": pa.array([image(i) for i in range(20)],
                                                                      pa.binary())}, mode="create")
    ds = dataset(sheaf_server, "SELECT id, img FROM ct_images", batch_size=5,
                 image_columns=["img"])
    batches = list(ds.loader(num_workers=2))
    assert len(batches) == 4
    for batch in batches:
        assert batch["img"].shape == (5, 3, 6, 8) and batch["img"].dtype == torch.uint8
        assert batch["img"][:, 0, 0, 0].tolist() == batch["id"].tolist()


def test_resume_in_process_without_workers(sheaf_server, rows_table):
    ds = dataset(sheaf_server, shuffle=True, seed=3, batch_size=40)
    ds.set_epoch(2)
    whole = ids_of(ds)
    ds.set_epoch(2)
    it = iter(ds)
    head = [[int(i) for i in next(it)["id"]] for _ in range(4)]
    state = json.loads(json.dumps(ds.state_dict()))
    it.close()
    assert state["batches"] == 4 and state["epoch"] == 2
    resumed = dataset(sheaf_server, shuffle=True, seed=3, batch_size=40)
    resumed.load_state_dict(state)
    resumed.set_epoch(2)
    assert head + ids_of(resumed) == whole
    resumed.set_epoch(3)
    assert sorted(flat(ids_of(resumed))) == list(range(ROWS))


def test_sorted_and_aggregated_queries_train_from_a_kept_result(sheaf_server, rows_table):
    ds = dataset(sheaf_server, "SELECT id FROM ct_rows WHERE id % 2 = 0 ORDER BY id DESC")
    assert ds.version is None
    assert flat(ids_of(ds)) == list(range(ROWS - 2, -1, -2))
    ds = dataset(sheaf_server, "SELECT label, max(id) AS id FROM ct_rows GROUP BY label",
                 batch_size=1, partitions=2)
    assert sorted(flat(ids_of(ds))) == list(range(ROWS - 10, ROWS))


RESUME_SCRIPT = textwrap.dedent("""
    import json, os, signal, sys
    import sheaf
    from sheaf.client import ConnectionOptions
    from sheaf.torch import SheafIterableDataset

    def main():
        uri, query, mode, path, parent = sys.argv[1:6]
        if parent == "connected":  # forked workers then read through reader processes
            client = sheaf.connect(uri)
            client.sql("SELECT 1 AS x")
            ds = client.torch_dataset(query, batch_size=24, shuffle=True, seed=9, partitions=8)
        else:
            ds = SheafIterableDataset(ConnectionOptions(uri), query, batch_size=24, shuffle=True,
                                      seed=9, partitions=8)
        ds.set_epoch(1)
        if mode == "resume":
            with open(path) as f:
                ds.load_state_dict(json.load(f)["state"])
            ds.set_epoch(1)
        seen = []
        # a notebook's DataLoader: fork (the default) after the process used a client
        context = {"multiprocessing_context": "fork"} if parent == "connected" else {}
        for step, batch in enumerate(ds.loader(num_workers=2, **context)):
            seen.append([int(i) for i in batch["id"]])
            if mode == "first" and step == 4:
                with open(path, "w") as f:
                    json.dump({"state": ds.state_dict(batches_seen=step + 1), "seen": seen}, f)
                os.kill(os.getpid(), signal.SIGKILL)
        with open(path, "w") as f:
            json.dump({"seen": seen}, f)

    if __name__ == "__main__":
        main()
""")


@pytest.mark.parametrize("parent", ["fresh", "connected"])
def test_resume_mid_epoch_after_the_process_is_killed(sheaf_server, rows_table, tmp_path, parent):
    script = tmp_path / "train.py"
    script.write_text(RESUME_SCRIPT)

    def run(mode, path):
        # output to a file, not a pipe: the killed run's orphaned workers would hold a pipe open
        # a session of its own: the killed run's forkserver and workers outlive it (their parent
        # is the forkserver), so the test ends them with the session's process group
        with open(tmp_path / f"{mode}.log", "w") as log:
            process = subprocess.Popen([sys.executable, str(script), sheaf_server.uri, QUERY, mode,
                                        str(path), parent], stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                process.wait(timeout=240)
            finally:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        done = subprocess.CompletedProcess(process.args, process.returncode)
        done.stderr = (tmp_path / f"{mode}.log").read_text()
        return done

    whole = run("full", tmp_path / "full.json")
    assert whole.returncode == 0, whole.stderr
    killed = run("first", tmp_path / "state.json")
    assert killed.returncode == -9, killed.stderr
    first = json.loads((tmp_path / "state.json").read_text())
    resumed = run("resume", tmp_path / "state.json")
    assert resumed.returncode == 0, resumed.stderr
    rest = json.loads((tmp_path / "state.json").read_text())["seen"]
    expected = json.loads((tmp_path / "full.json").read_text())["seen"]
    assert len(first["seen"]) == 5
    assert first["seen"] + rest == expected
    assert sorted(flat(first["seen"] + rest)) == list(range(ROWS))
