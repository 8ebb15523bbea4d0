"""Python peer of benchmarks/run-embed.sh: onnxruntime + tokenizers over the captions Sheaf embeds.

The same ONNX file and tokenizer.json (extracted from the jar Sheaf loads them from), the same
captions (benchmarks' Captions.java, reproduced here), the same batch size, truncation at 256
tokens, mean pooling over the attention mask and L2 normalization: sentence-transformers' recipe
for all-MiniLM-L6-v2 on onnxruntime's default CPU session. Prints one JSON line per run.
"""

import argparse
import json
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

ADJECTIVES = ["small", "sleepy", "red", "old", "bright", "wet", "striped", "tiny", "noisy", "calm"]
NOUNS = ["cat", "dog", "bicycle", "boat", "child", "horse", "car", "bird", "tree", "robot"]
VERBS = ["sits", "sleeps", "waits", "runs", "stands", "rests", "plays", "hides", "looks", "rolls"]
PLACES = [
    "on a sofa",
    "near the harbour",
    "in a sunny kitchen",
    "under a wooden bridge",
    "beside a quiet road",
    "in the snow",
    "on a crowded beach",
    "inside an empty office",
    "at a night market",
    "behind a garden fence",
]


def caption(index: int) -> str:
    h = (index * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    a, n, v, p, b = h % 10, (h >> 8) % 10, (h >> 16) % 10, (h >> 24) % 10, (h >> 32) % 10
    return (
        f"a {ADJECTIVES[a]} {NOUNS[n]} {VERBS[v]} {PLACES[p]} with a {ADJECTIVES[b]}"
        f" {NOUNS[(n + b + 1) % 10]}, photo {index}"
    )


def embed_all(session, tokenizer, texts, batch_size):
    out = np.empty((len(texts), 384), np.float32)
    for start in range(0, len(texts), batch_size):
        encodings = tokenizer.encode_batch(texts[start : start + batch_size])
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), np.int64)
        mask = np.zeros_like(ids)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = e.attention_mask
        states = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (states * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
        out[start : start + len(encodings)] = pooled / np.clip(
            np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--onnx", required=True)
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    session = ort.InferenceSession(args.onnx, providers=["CPUExecutionProvider"])
    texts = [caption(i) for i in range(args.rows)]
    for _ in range(args.runs):
        start = time.perf_counter()
        embed_all(session, tokenizer, texts, args.batch_size)
        seconds = time.perf_counter() - start
        print(
            json.dumps(
                {
                    "benchmark": "embed_python_onnxruntime",
                    "rows": args.rows,
                    "batch_size": args.batch_size,
                    "onnxruntime": ort.__version__,
                    "seconds": seconds,
                    "rows_per_second": args.rows / seconds,
                }
            )
        )


if __name__ == "__main__":
    main()
