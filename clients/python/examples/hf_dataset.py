"""Read a Sheaf table as a Hugging Face dataset, in memory and streaming.

    python hf_dataset.py --uri grpc://127.0.0.1:31337 --table example_images
"""

from __future__ import annotations

import argparse

from datasets.distributed import split_dataset_by_node

import sheaf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default="grpc://127.0.0.1:31337")
    parser.add_argument("--table", default="example_images")
    args = parser.parse_args()
    with sheaf.connect(args.uri) as client:
        # the whole result as one Arrow-backed datasets.Dataset (no per-row conversion)
        dataset = client.hf_dataset(f"SELECT id, label FROM {args.table}")
        print(dataset)
        print(dataset.with_format("torch")[:4])
        # streaming: shards are the query's partitions; each node reads its own
        stream = client.hf_dataset(f"SELECT id, label FROM {args.table}", streaming=True)
    mine = split_dataset_by_node(stream, rank=0, world_size=2)
    print("node 0 of 2 reads", sum(1 for _ in mine), "rows of", dataset.num_rows)


if __name__ == "__main__":
    main()
