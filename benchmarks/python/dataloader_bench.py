"""DataLoader throughput: Sheaf's torch dataset against torchvision ImageFolder, Hugging Face
``datasets`` over Parquet, LanceDB's Permutation and Pixeltable's ``to_pytorch_dataset``, on the
same 224x224 JPEGs with labels, decoding in the loader's worker processes.

    benchmarks/python/dataloader_bench.sh --images 100000          # installs the peers in a venv
    python benchmarks/python/dataloader_bench.py --images 2000    # peers it cannot import fail

Every loader yields batches ``{"img": uint8 [B, 3, 224, 224], "label": int64 [B]}`` from the same
decoder (``--decoder``: torchvision.io.decode_image, Sheaf's default where torchvision is
installed, or Pillow) with the same batch size, worker count and persistent workers, shuffled
(Pixeltable's dataset cannot shuffle, and decodes with Pillow itself: HWC arrays, permuted to CHW
in its collate). Each loader runs in a fresh Python process: ``open`` is the time to make the
dataset there (Sheaf: planning the query; Pixeltable: starting its database), epoch 0 includes
starting the workers, epoch 1 is the steady state. Sheaf reads two tables: the JPEG bytes in a
VARBINARY column, and IMAGE references (``file://`` URIs of the ImageFolder files) read with
``SELECT fetch(img)``. With ``--loaders sheaf-s3,boto3-s3`` the same JPEGs are uploaded to a
loopback S3 server (``--s3-server``: moto's, or the Java tests' S3Proxy, started here) and Sheaf's table holds ``s3://`` IMAGE references read
with ``SELECT fetch(img)``, against the hand-written Dataset users write today (a boto3 GET per
item, then decode) on the same server. ``mosaic-s3`` and ``hf-s3`` read the same JPEGs and labels
packed in the same bucket: MosaicML Streaming over MDS shards (uncompressed, its default 64 MB
shards, downloaded to a fresh local cache each run), and Hugging Face ``datasets`` streaming 16
Parquet files through s3fs (``load_dataset('parquet', data_files='s3://...', streaming=True,
storage_options=...)``, shuffled with a buffer of 4 batches, Sheaf's default); both decode in the
workers' collate. MosaicML Streaming pins ``transformers<5``, whose ``huggingface-hub`` conflicts
with ``datasets`` 5, so each runs in its own virtual environment (``--mosaic-python``,
``--hf-python``). ``--rounds`` runs the loaders again, interleaved, on the same data. The
``--distinct`` JPEGs are repeated to make ``--images`` files (the same decode work and bytes,
faster to generate).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLASSES = 10
LOADERS = ("sheaf-bytes", "imagefolder", "sheaf-refs", "hf", "lance", "pixeltable")
# on the loopback S3 server; run when named in --loaders
S3_LOADERS = ("sheaf-s3", "boto3-s3", "mosaic-s3", "hf-s3")
PARQUET_SHARDS = 16  # hf-s3: Parquet files in the bucket (a streaming dataset splits by file)
MOTO = {"bucket": "bench", "key_id": "bench-key", "secret": "bench-secret"}


# ---- the data, written once for every loader


def make_jpegs(count: int) -> list[bytes]:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    ramp = np.linspace(0, 200, 224, dtype=np.float32)
    out = []
    for _ in range(count):
        pixels = ramp[None, :, None] * rng.random(3) + rng.normal(0, 12, (224, 224, 3))
        data = io.BytesIO()
        Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(data, "JPEG", quality=90)
        out.append(data.getvalue())
    return out


def write_files(directory: Path, images: int, distinct: int) -> dict:
    jpegs = make_jpegs(min(images, distinct))
    paths, labels, sizes = [], [], []
    for i in range(images):
        label = i % CLASSES
        path = directory / "imagefolder" / f"class{label}" / f"{i:07d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = jpegs[i % len(jpegs)]
        path.write_bytes(data)
        paths.append(str(path))
        labels.append(label)
        sizes.append(len(data))
    manifest = {"paths": paths, "labels": labels, "bytes": sum(sizes)}
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return manifest


def image_table(manifest: dict, start: int = 0, stop: int | None = None):
    import pyarrow as pa

    paths = manifest["paths"][start:stop]
    return pa.table({"img": pa.array([Path(p).read_bytes() for p in paths], pa.binary()),
                     "label": pa.array(manifest["labels"][start:stop], pa.int64())})


def write_parquet(directory: Path, manifest: dict) -> None:
    import pyarrow.parquet as pq

    table = image_table(manifest)
    pq.write_table(table, directory / "images.parquet", row_group_size=1000)


def write_lance(directory: Path, manifest: dict) -> None:
    import lancedb

    db = lancedb.connect(str(directory / "lance"))
    db.create_table("images", image_table(manifest), mode="overwrite")


def write_pixeltable(directory: Path, manifest: dict, rows: int) -> None:
    os.environ["PIXELTABLE_HOME"] = str(directory / "pixeltable")
    import pixeltable as pxt

    table = pxt.create_table("images", {"img": {"type": pxt.Image, "media_validation": "on_read"},
                                        "label": pxt.Int}, if_exists="replace")
    table.insert([{"img": p, "label": label}
                  for p, label in zip(manifest["paths"][:rows], manifest["labels"][:rows])])
    table.select(table.img, table.label).to_pytorch_dataset(image_format="np")  # exports once


def write_sheaf(uri: str, manifest: dict, directory: Path) -> None:
    sys.path.insert(0, str(ROOT / "clients" / "python"))
    import pyarrow as pa
    import sheaf

    with sheaf.connect(uri) as client:
        client.execute("CREATE TABLE bench_bytes (img VARBINARY, label BIGINT)")
        client.execute("CREATE TABLE bench_refs (img IMAGE, label BIGINT)")
        step = 10_000
        for start in range(0, len(manifest["paths"]), step):
            client.insert("bench_bytes", image_table(manifest, start, start + step))
        uris = [Path(p).as_uri() for p in manifest["paths"]]
        client.insert("bench_refs", pa.table({"img": uris,
                                              "label": pa.array(manifest["labels"], pa.int64())}))


def s3_key(path: str) -> str:
    """The object key of an ImageFolder file: its class folder and name."""
    return "/".join(Path(path).parts[-2:])


def start_s3(kind: str, directory: Path):
    """A loopback S3 server: (a stop function, {endpoint, bucket, key_id, secret})."""
    if kind == "s3proxy":  # the Java tests' S3TestServer: S3Proxy in its own JVM
        java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"),
                            "bin", "java")
        process = subprocess.Popen([java, "-cp", str(ROOT / "testing" / "target" / "classes"),
                                    "dev.sheaf.testing.S3TestServer", str(directory / "s3proxy")],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first = process.stdout.readline()  # "S3-compatible server on http://127.0.0.1:P, ..."
        if " on " not in first:
            raise RuntimeError(f"S3TestServer did not start: {first!r}")
        endpoint = first.split(" on ")[1].split(",")[0]

        def stop() -> None:
            process.terminate()
            process.wait()

        return stop, {"endpoint": endpoint, "bucket": "sheaf", "key_id": "sheaf-test",
                      "secret": "sheaf-test-secret"}
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server.stop, {"endpoint": f"http://127.0.0.1:{port}", **MOTO}


def s3_client(s3: dict):
    import boto3
    from botocore.config import Config

    # checksums only where required, as Sheaf's client: S3Proxy (and B2) refuse the new defaults
    config = Config(request_checksum_calculation="when_required",
                    response_checksum_validation="when_required")
    return boto3.client("s3", endpoint_url=s3["endpoint"], region_name="us-east-1",
                        aws_access_key_id=s3["key_id"], aws_secret_access_key=s3["secret"],
                        config=config)


def s3_table(round_index: int) -> str:
    return "bench_s3" if round_index == 0 else f"bench_s3_r{round_index}"


def write_s3(s3: dict, uri: str, manifest: dict, round_index: int = 0) -> None:
    """Uploads the files to the bucket; Sheaf's bench_s3 table holds their s3:// references.
    Later rounds upload them again under r<N>/ for a table of their own (bench_s3_r<N>): the
    server stays warm, its media cache holds none of them."""
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, str(ROOT / "clients" / "python"))
    import pyarrow as pa
    import sheaf

    client = s3_client(s3)
    if s3["bucket"] not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
        client.create_bucket(Bucket=s3["bucket"])

    prefix = f"r{round_index}/" if round_index else ""

    def put(path: str) -> None:
        client.put_object(Bucket=s3["bucket"], Key=prefix + s3_key(path),
                          Body=Path(path).read_bytes(), ContentType="image/jpeg")

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(put, manifest["paths"]))
    uris = [f"s3://{s3['bucket']}/{prefix}{s3_key(p)}" for p in manifest["paths"]]
    table = s3_table(round_index)
    with sheaf.connect(uri) as sheaf_client:
        sheaf_client.execute(f"CREATE TABLE {table} (img IMAGE, label BIGINT)")
        sheaf_client.insert(table, pa.table({"img": uris, "label": pa.array(
            manifest["labels"], pa.int64())}))


# botocore's checksums only where required, as Sheaf's client and s3_client: S3Proxy (and B2)
# refuse the new defaults' headers ("NotImplemented")
CHECKSUMS_WHEN_REQUIRED = {"AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
                           "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required"}


def s3_environment(s3: dict) -> dict:
    """The environment MosaicML Streaming's S3 client reads its endpoint and keys from."""
    return {"S3_ENDPOINT_URL": s3["endpoint"], "AWS_ACCESS_KEY_ID": s3["key_id"],
            "AWS_SECRET_ACCESS_KEY": s3["secret"], "AWS_DEFAULT_REGION": "us-east-1",
            **CHECKSUMS_WHEN_REQUIRED}


def upload_tree(s3: dict, local: Path, prefix: str) -> None:
    client = s3_client(s3)
    for path in sorted(local.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), s3["bucket"], f"{prefix}/{path.relative_to(local)}")


def write_mds(s3: dict, directory: Path, manifest: dict) -> None:
    """MDS shards of the same JPEG bytes and labels (uncompressed), uploaded under mds/. Runs in
    --mosaic-python (MosaicML Streaming's dependencies conflict with datasets')."""
    from streaming import MDSWriter

    local = directory / "mds"
    shutil.rmtree(local, ignore_errors=True)
    with MDSWriter(out=str(local), columns={"img": "bytes", "label": "int"}) as out:
        for path, label in zip(manifest["paths"], manifest["labels"]):
            out.write({"img": Path(path).read_bytes(), "label": label})
    upload_tree(s3, local, "mds")
    shutil.rmtree(local)


def write_parquet_s3(s3: dict, directory: Path, manifest: dict) -> None:
    """PARQUET_SHARDS Parquet files of the same JPEG bytes and labels (row groups of 1,000 rows,
    as the local Parquet of the hf loader), uploaded under parquet/."""
    import pyarrow.parquet as pq

    local = directory / "parquet-s3"
    shutil.rmtree(local, ignore_errors=True)
    local.mkdir()
    count = len(manifest["paths"])
    for shard in range(PARQUET_SHARDS):
        start, stop = shard * count // PARQUET_SHARDS, (shard + 1) * count // PARQUET_SHARDS
        pq.write_table(image_table(manifest, start, stop),
                       local / f"images-{shard:03d}.parquet", row_group_size=1000)
    upload_tree(s3, local, "parquet")
    shutil.rmtree(local)


def start_server(directory: Path, s3: dict | None = None, cache_bytes: int = 0):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(directory / "sheaf.log", "w")
    process = subprocess.Popen([str(ROOT / "sheaf"), "serve", "--port", str(port), "--data-dir",
                                str(directory / "sheaf-data"), "--media-roots",
                                str(directory / "imagefolder")]
                               + ([] if s3 is None else
                                  ["--media-s3-endpoint", s3["endpoint"], "--media-s3-access-key",
                                   s3["key_id"], "--media-s3-secret-key", s3["secret"],
                                   "--media-s3-buckets", s3["bucket"]])
                               + (["--media-cache-bytes", str(cache_bytes)] if cache_bytes else []),
                               stdout=log,
                               stderr=subprocess.STDOUT)
    for _ in range(900):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"grpc://127.0.0.1:{port}"
        if process.poll() is not None:
            raise RuntimeError(f"sheaf serve exited: {(directory / 'sheaf.log').read_text()}")
        time.sleep(0.2)
    raise TimeoutError("sheaf serve did not start")


# ---- one loader, in its own process


def decoder(name: str):
    import numpy as np
    import torch

    if name == "pil":
        from PIL import Image

        def decode_pil(data) -> torch.Tensor:
            with Image.open(io.BytesIO(bytes(data))) as image:
                return torch.from_numpy(np.array(image.convert("RGB"))).permute(2, 0, 1)

        return decode_pil
    from torchvision.io import ImageReadMode, decode_image

    def decode_tv(data) -> torch.Tensor:
        return decode_image(torch.frombuffer(bytearray(data), dtype=torch.uint8),
                            mode=ImageReadMode.RGB)

    return decode_tv


class ReadBytes:
    """ImageFolder's loader: the file's bytes (decoded by the transform)."""

    def __call__(self, path: str) -> bytes:
        with open(path, "rb") as f:
            return f.read()


class DecodeRows:
    """HF ``set_transform``: decodes a dict of columns."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, batch: dict) -> dict:
        decode = decoder(self.name)
        return {"img": [decode(b) for b in batch["img"]], "label": batch["label"]}


class DecodeArrow:
    """LanceDB ``with_transform``: a RecordBatch to the batch dict."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, batch) -> dict:
        import torch

        decode = decoder(self.name)
        return {"img": torch.stack([decode(b) for b in batch.column("img").to_pylist()]),
                "label": torch.from_numpy(batch.column("label").to_numpy().copy())}


def collate_rows(rows: list) -> dict:
    import torch

    return {"img": torch.stack([r["img"] for r in rows]),
            "label": torch.tensor([r["label"] for r in rows])}


def collate_pairs(rows: list) -> dict:
    import torch

    return {"img": torch.stack([r[0] for r in rows]), "label": torch.tensor([r[1] for r in rows])}


def collate_hwc(rows: list) -> dict:
    import torch

    return {"img": torch.stack([torch.from_numpy(r["img"]).permute(2, 0, 1) for r in rows]),
            "label": torch.tensor([r["label"] for r in rows])}


def passthrough(batch):
    return batch


class Boto3Images:
    """The Dataset users write today: a boto3 GET per item, then decode (a client per worker)."""

    def __init__(self, s3: dict, manifest: dict, decoder_name: str):
        self.s3 = s3
        self.keys = [s3_key(p) for p in manifest["paths"]]
        self.labels = manifest["labels"]
        self.decoder_name = decoder_name
        self.client = None
        self.decode = None

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index: int):
        if self.client is None:
            self.client = s3_client(self.s3)
            self.decode = decoder(self.decoder_name)
        body = self.client.get_object(Bucket=self.s3["bucket"], Key=self.keys[index])["Body"].read()
        return self.decode(body), self.labels[index]


class Decoded:
    """A DataLoader collate_fn that decodes in the worker: rows of {img: bytes, label} or pairs."""

    def __init__(self, name: str):
        self.name = name
        self.decode = None

    def __call__(self, rows: list) -> dict:
        import torch

        if self.decode is None:
            self.decode = decoder(self.name)
        pairs = [(r["img"], r["label"]) if isinstance(r, dict) else r for r in rows]
        return {"img": torch.stack([self.decode(img) for img, _ in pairs]),
                "label": torch.tensor([int(label) for _, label in pairs])}


def mosaic_dataset(args, directory: Path):
    """MosaicML Streaming over the MDS shards in the bucket, cached in a fresh local directory
    (its design: shards downloaded once, then read from local disk)."""
    from streaming import StreamingDataset
    from streaming.base.util import clean_stale_shared_memory

    s3 = json.loads(args.s3)
    os.environ.update(s3_environment(s3))
    clean_stale_shared_memory()
    local = directory / f"mosaic-cache-{os.getpid()}"
    return StreamingDataset(remote=f"s3://{s3['bucket']}/mds", local=str(local),
                            shuffle=True, shuffle_seed=0, batch_size=args.batch_size)


def hf_s3_dataset(args):
    """Hugging Face datasets streaming the Parquet files from the bucket through s3fs."""
    import datasets

    s3 = json.loads(args.s3)
    os.environ.update(CHECKSUMS_WHEN_REQUIRED)  # read by aiobotocore, under s3fs
    options = {"key": s3["key_id"], "secret": s3["secret"],
               "client_kwargs": {"endpoint_url": s3["endpoint"], "region_name": "us-east-1"}}
    dataset = datasets.load_dataset("parquet", data_files=f"s3://{s3['bucket']}/parquet/*.parquet",
                                    split="train", streaming=True, storage_options=options)
    return dataset.shuffle(seed=0, buffer_size=4 * args.batch_size)  # Sheaf's default buffer


def open_loader(name: str, args, directory: Path):
    """(DataLoader, set_epoch) for one loader; made in the measuring process."""
    from torch.utils.data import DataLoader

    decoder(args.decoder)  # its imports done here, before the workers fork, for every loader
    common = {"num_workers": args.workers,
              "persistent_workers": args.workers > 0 and args.persistent}
    if name == "imagefolder":
        import torchvision

        decode = decoder(args.decoder)
        dataset = torchvision.datasets.ImageFolder(str(directory / "imagefolder"),
                                                   loader=ReadBytes(), transform=decode)
        return DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                          collate_fn=collate_pairs, **common), None
    if name == "hf":
        import datasets

        dataset = datasets.Dataset.from_parquet(str(directory / "images.parquet"),
                                                cache_dir=str(directory / "hf-cache"))
        dataset.set_transform(DecodeRows(args.decoder))
        return DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                          collate_fn=collate_rows, **common), None
    if name == "lance":
        import lancedb
        from lancedb.permutation import Permutation

        table = lancedb.connect(str(directory / "lance")).open_table("images")
        dataset = Permutation.identity(table).with_transform(DecodeArrow(args.decoder))
        # lancedb's background event loop does not survive fork: its workers start from a
        # forkserver (the Permutation pickles how to reopen its table)
        return DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                          collate_fn=passthrough, multiprocessing_context="forkserver",
                          **common), None
    if name == "boto3-s3":
        manifest = json.loads((directory / "manifest.json").read_text())
        dataset = Boto3Images(json.loads(args.s3), manifest, args.decoder)
        return DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                          collate_fn=collate_pairs, **common), None
    if name == "mosaic-s3":
        dataset = mosaic_dataset(args, directory)
        return DataLoader(dataset, batch_size=args.batch_size, collate_fn=Decoded(args.decoder),
                          **common), getattr(dataset, "set_epoch", None)
    if name == "hf-s3":
        dataset = hf_s3_dataset(args)
        return DataLoader(dataset, batch_size=args.batch_size, collate_fn=Decoded(args.decoder),
                          **common), dataset.set_epoch
    if name == "pixeltable":
        os.environ["PIXELTABLE_HOME"] = str(directory / "pixeltable")
        import pixeltable as pxt

        table = pxt.get_table("images")
        dataset = table.select(table.img, table.label).to_pytorch_dataset(image_format="np")
        return DataLoader(dataset, batch_size=args.batch_size, collate_fn=collate_hwc,
                          **common), None
    sys.path.insert(0, str(ROOT / "clients" / "python"))
    import sheaf

    query = {"sheaf-bytes": "SELECT img, label FROM bench_bytes",
             "sheaf-s3": f"SELECT fetch(img) AS img, label FROM {s3_table(args.round)}"}.get(
                 name, "SELECT fetch(img) AS img, label FROM bench_refs")
    client = sheaf.connect(args.uri)
    if args.sheaf_parent == "connected":  # a notebook: it has queried before making the loader
        client.sql("SELECT 1 AS x")
    dataset = client.torch_dataset(query, batch_size=args.batch_size, shuffle=True,
                                   image_columns=["img"],
                                   to_tensor=None if args.decoder == "torchvision" else
                                   SheafPillow(args.decoder))
    if args.sheaf_context != "default":
        common["multiprocessing_context"] = args.sheaf_context
    return dataset.loader(**common), dataset.set_epoch


class SheafPillow:
    """``to_tensor`` for ``--decoder pil``: Sheaf's conversion with Pillow instead."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, table) -> dict:
        import torch

        decode = decoder(self.name)
        return {"img": torch.stack([decode(b) for b in table.column("img").to_pylist()]),
                "label": torch.from_numpy(table.column("label").to_numpy())}


def measure_one(name: str, args) -> dict:
    directory = Path(args.directory)
    manifest = json.loads((directory / "manifest.json").read_text())
    images = len(manifest["paths"])
    total_bytes = manifest["bytes"]
    if name == "pixeltable":
        images = min(images, args.pixeltable_images)
        total_bytes = total_bytes * images // len(manifest["paths"])
    per_image = total_bytes / images
    start = time.perf_counter()
    loader, set_epoch = open_loader(name, args, directory)
    result = {"name": name, "open_s": time.perf_counter() - start, "epochs": []}
    for epoch in range(args.epochs):
        if set_epoch is not None:
            set_epoch(epoch)
        limit = (args.warm_batches if epoch > 0 and args.warm_batches
                 else args.max_batches or None)
        start = time.perf_counter()
        first = None
        samples = 0
        shape = None
        batches = 0
        for batch in loader:
            if first is None:
                first = time.perf_counter() - start
                shape = [list(batch["img"].shape), str(batch["img"].dtype),
                         str(batch["label"].dtype)]
            samples += len(batch["label"])
            batches += 1
            if limit is not None and batches == limit:
                break
        elapsed = time.perf_counter() - start
        result["epochs"].append({"samples": samples, "seconds": elapsed, "first_s": first,
                                 "samples_s": samples / elapsed,
                                 "mb_s": per_image * samples / elapsed / 1e6, "batch": shape})
        if limit is None and samples != images:
            result["error"] = f"epoch {epoch} yielded {samples} samples, expected {images}"
    if name == "mosaic-s3":
        shutil.rmtree(directory / f"mosaic-cache-{os.getpid()}", ignore_errors=True)
    return result


# ---- the run


def run_loader(name: str, args, directory: Path, uri: str | None, round_index: int = 0) -> dict:
    python = {"mosaic-s3": args.mosaic_python, "hf-s3": args.hf_python}.get(name, sys.executable)
    command = [python, __file__, "--measure", name, "--directory", str(directory),
               "--workers", str(args.workers), "--batch-size", str(args.batch_size),
               "--epochs", str(args.epochs), "--decoder", args.decoder,
               "--pixeltable-images", str(args.pixeltable_images),
               "--warm-batches", str(args.warm_batches), "--max-batches", str(args.max_batches),
               "--round", str(round_index),
               "--sheaf-parent", args.sheaf_parent, "--sheaf-context", args.sheaf_context,
               "--persistent" if args.persistent else "--no-persistent"]
    if uri:
        command += ["--uri", uri]
    if args.s3:
        command += ["--s3", args.s3]
    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "clients" / "python"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        (directory / f"{name}-round{round_index}.err").write_text(done.stderr)
        return {"name": name, "error": (done.stderr.strip().splitlines() or ["?"])[-1][:300],
                "load": load}
    result = json.loads(lines[-1])
    result["load"] = load
    return result


def prepare(args, directory: Path, names: list[str], uri: str | None) -> dict:
    timings = {}
    start = time.perf_counter()
    marker = directory / "files.done"
    if marker.exists() and marker.read_text() == f"{args.images} {args.distinct}":
        manifest = json.loads((directory / "manifest.json").read_text())  # --directory reused
        timings["files"] = "reused"
    else:
        manifest = write_files(directory, args.images, args.distinct)
        marker.write_text(f"{args.images} {args.distinct}")
        timings["files"] = time.perf_counter() - start
    steps = {"hf": lambda: write_parquet(directory, manifest),
             "lance": lambda: write_lance(directory, manifest),
             "pixeltable": lambda: write_pixeltable(directory, manifest, args.pixeltable_images),
             "sheaf": lambda: write_sheaf(uri, manifest, directory),
             "s3": lambda: write_s3(json.loads(args.s3), uri, manifest),
             "mds": lambda: subprocess.run(
                 [args.mosaic_python, __file__, "--write-mds", "--directory", str(directory),
                  "--s3", args.s3], check=True),
             "parquet-s3": lambda: write_parquet_s3(json.loads(args.s3), directory, manifest)}
    bucket_steps = {"s3": ("sheaf-s3", "boto3-s3"), "mds": ("mosaic-s3",),
                    "parquet-s3": ("hf-s3",)}  # a new S3 server every run: written again
    for step, write in steps.items():
        if step in bucket_steps:
            if not any(n in bucket_steps[step] for n in names):
                continue
        elif not any(n.startswith(step) and not n.endswith("-s3") for n in names):
            continue
        done = directory / f"{step}.done"
        if done.exists() and timings["files"] == "reused" and step not in bucket_steps:
            timings[step] = "reused"
            continue
        start = time.perf_counter()
        try:
            write()
            timings[step] = time.perf_counter() - start
            done.write_text("")
        except Exception as error:  # noqa: BLE001 - recorded, the other loaders still run
            timings[step] = f"failed: {type(error).__name__}: {str(error)[:300]}"
    return {"manifest": manifest, "setup": timings}


LABELS = {
    "imagefolder": "torchvision ImageFolder (local JPEG files)",
    "hf": "Hugging Face datasets (Parquet, JPEG bytes)",
    "lance": "LanceDB Permutation (Lance table, JPEG bytes)",
    "pixeltable": "Pixeltable to_pytorch_dataset (Image column)",
    "sheaf-bytes": "Sheaf torch_dataset, JPEG bytes (VARBINARY)",
    "sheaf-refs": "Sheaf torch_dataset, IMAGE references (fetch(img))",
    "sheaf-s3": "Sheaf torch_dataset, s3:// IMAGE references (fetch(img))",
    "boto3-s3": "hand-written Dataset, boto3 GET per item (same S3 server)",
    "mosaic-s3": "MosaicML Streaming, MDS shards in the bucket (cached locally)",
    "hf-s3": "Hugging Face datasets streaming Parquet from the bucket (s3fs)",
}


def report(results: list[dict], args, meta: dict) -> str:
    manifest = meta["manifest"]
    megabytes = manifest["bytes"] / 1e6
    lines = [f"{len(manifest['paths']):,} images of 224x224 JPEG ({megabytes:,.0f} MB,"
             f" {args.distinct} distinct), batch {args.batch_size}, {args.workers} workers,"
             f" decoder {args.decoder}, {os.cpu_count()} CPUs; setup (s): "
             + ", ".join(f"{k} {v:.0f}" if isinstance(v, float) else f"{k} {v}"
                         for k, v in meta["setup"].items()),
             "",
             "| Loader (order run) | open (s) | epoch 0: samples/s, MB/s, first batch (s) |"
             " epoch 1: samples/s, MB/s, first batch (s) | load avg at start |",
             "|---|---|---|---|---|"]
    for r in results:
        label = LABELS.get(r["name"], r["name"]) + (
            f" (round {r['round'] + 1})" if args.rounds > 1 else "")
        if "epochs" not in r:
            lines.append(f"| {label} | failed: {r['error']} | | | {' '.join(r['load'])} |")
            continue
        cells = [f"{e['samples_s']:,.0f}, {e['mb_s']:.1f}, {e['first_s']:.2f}"
                 + (f" ({e['samples']:,} samples)" if i and args.warm_batches else "")
                 for i, e in enumerate(r["epochs"])]
        cells += [""] * (2 - len(cells))
        note = f" ({r['error']})" if "error" in r else ""
        if r["name"] == "pixeltable" and args.pixeltable_images < len(manifest["paths"]):
            note += f" (first {args.pixeltable_images:,} images)"
        lines.append(f"| {label}{note} | {r['open_s']:.2f} | {cells[0]} | {cells[1]} |"
                     f" {' '.join(r['load'])} |")
    shapes = {r["name"]: r["epochs"][0]["batch"] for r in results if r.get("epochs")}
    lines += ["", "Batches: " + "; ".join(f"{k} {v}" for k, v in shapes.items())]
    return "\n".join(lines)


def stop_pixeltable_database(directory: Path) -> None:
    """Pixeltable leaves its PostgreSQL running after its process ends: stop the one it made."""
    pid_file = directory / "pixeltable" / "pgdata" / "postmaster.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text().split()[0]), 15)  # smart shutdown
        except (OSError, ValueError):
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--distinct", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--decoder", choices=("torchvision", "pil"), default="torchvision")
    parser.add_argument("--loaders", default=",".join(LOADERS),
                        help="comma-separated, run in this order")
    parser.add_argument("--pixeltable-images", type=int, default=10_000,
                        help="Pixeltable inserts at ~40 rows/s here: it gets the first N images")
    parser.add_argument("--warm-batches", type=int, default=0,
                        help="epochs after the first read only this many batches (0: all)")
    parser.add_argument("--sheaf-parent", choices=("fresh", "connected"), default="fresh",
                        help="connected: the measuring process queries before making Sheaf's"
                             " loader (its forked workers then read through reader processes)")
    parser.add_argument("--sheaf-context", default="default",
                        choices=("default", "fork", "forkserver", "spawn"),
                        help="the Sheaf loader's multiprocessing context (default: ds.loader's)")
    parser.add_argument("--persistent", action=argparse.BooleanOptionalAction, default=True,
                        help="persistent workers (--no-persistent: they start again every epoch)")
    parser.add_argument("--uri", help="a running Sheaf server (default: start one)")
    parser.add_argument("--directory", help="keep the data here (default: a temporary directory)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--s3-server", choices=("moto", "s3proxy"), default="moto",
                        help="the loopback S3 server of the *-s3 loaders (s3proxy: the Java"
                             " tests' S3TestServer, built in testing/target)")
    parser.add_argument("--s3", help=argparse.SUPPRESS)
    parser.add_argument("--write-mds", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--mosaic-python", default=sys.executable,
                        help="the Python with mosaicml-streaming (it pins transformers<5, whose"
                             " huggingface-hub conflicts with datasets 5's): its own venv")
    parser.add_argument("--hf-python", default=sys.executable,
                        help="the Python with datasets and s3fs, for hf-s3")
    parser.add_argument("--max-batches", type=int, default=0,
                        help="every epoch reads at most this many batches (0: all)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the loaders this many times, interleaved (one data setup)")
    parser.add_argument("--media-cache-bytes", type=int, default=0,
                        help="the Sheaf server's media cache (0: its default, 1 GiB)")
    args = parser.parse_args()
    if args.write_mds:
        directory = Path(args.directory)
        write_mds(json.loads(args.s3), directory,
                  json.loads((directory / "manifest.json").read_text()))
        return 0
    if args.measure:
        print(json.dumps(measure_one(args.measure, args)))
        return 0
    names = args.loaders.split(",")
    directory = Path(args.directory or tempfile.mkdtemp(prefix="loader-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    server = None
    stop_s3 = None
    uri = args.uri
    try:
        s3 = None
        if any(n in S3_LOADERS for n in names):
            stop_s3, s3 = start_s3(args.s3_server, directory)
            args.s3 = json.dumps(s3)
        if uri is None and any(n.startswith("sheaf") for n in names):
            server, uri = start_server(directory, s3, args.media_cache_bytes)
        meta = prepare(args, directory, names, uri)
        results = []
        for round_index in range(args.rounds):
            if round_index and "sheaf-s3" in names:  # media not in the server's cache
                start = time.perf_counter()
                write_s3(s3, uri, meta["manifest"], round_index)
                meta["setup"][f"s3 round {round_index + 1}"] = time.perf_counter() - start
            for name in names:
                results.append({**run_loader(name, args, directory, uri, round_index),
                                "round": round_index})
                print(json.dumps(results[-1]), flush=True)  # as they come, in case it is cut
        print(report(results, args, meta))
        print("load average at the end:", open("/proc/loadavg").read().strip())
        (directory / "results.json").write_text(json.dumps({"results": results,
                                                            "setup": meta["setup"]}))
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        if stop_s3 is not None:
            stop_s3()
        stop_pixeltable_database(directory)
        if args.directory is None:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
