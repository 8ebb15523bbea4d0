"""The Python peer of DocumentChunkBenchmark: chunks per second of the same generated PDFs.

Each file is read with pypdf (text per page), and each page is cut as Sheaf's chunker cuts it with
separators 'paragraph,sentence' and max_tokens 256: counted with the same MiniLM tokenizer.json
(Hugging Face tokenizers, the same Rust library Sheaf calls over JNI), paragraphs (blank lines)
split into sentences and then words when over 254 word pieces, the pieces packed greedily up to
254 (256 with [CLS] and [SEP]). One thread; best of RUNS after a warm-up pass. Prints one JSON line.

    python3 document_peer.py --dir DIR --tokenizer tokenizer.json [--runs 3]
"""

import argparse
import bisect
import json
import re
import time
from pathlib import Path

from pypdf import PdfReader
from tokenizers import Tokenizer

BUDGET = 256 - 2
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def pieces(text, starts, lo, hi, level):
    """Ranges of text[lo:hi] of at most BUDGET tokens: paragraphs, sentences, then words."""
    count = bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo)
    if count <= BUDGET:
        return [(lo, hi)]
    if level == 0:
        pattern = re.compile(r"\n\s*\n")
    elif level == 1:
        pattern = SENTENCE
    else:
        first = bisect.bisect_left(starts, lo)
        last = bisect.bisect_left(starts, hi)
        out = []
        for i in range(first, last, BUDGET):
            end = starts[i + BUDGET] if i + BUDGET < last else hi
            out.append((starts[i], end))
        return out
    parts = []
    start = lo
    for match in pattern.finditer(text, lo, hi):
        parts.append((start, match.start()))
        start = match.end()
    parts.append((start, hi))
    out = []
    for a, b in parts:
        if a < b:
            out.extend(pieces(text, starts, a, b, level + 1))
    return out


def chunk_page(tokenizer, text):
    text = text.strip()
    if not text:
        return []
    encoding = tokenizer.encode(text, add_special_tokens=False)
    starts = [start for start, _ in encoding.offsets]
    units = pieces(text, starts, 0, len(text), 0)
    chunks = []
    i = 0
    while i < len(units):
        start = units[i][0]
        first = bisect.bisect_left(starts, start)
        j = i
        while (
            j + 1 < len(units)
            and bisect.bisect_left(starts, units[j + 1][1]) - first <= BUDGET
        ):
            j += 1
        chunks.append(text[start : units[j][1]])
        i = j + 1
    return chunks


def one_pass(files, tokenizer):
    pages = 0
    chunks = 0
    for file in files:
        reader = PdfReader(file)
        for page in reader.pages:
            pages += 1
            chunks += len(chunk_page(tokenizer, page.extract_text()))
    return pages, chunks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    files = sorted(Path(args.dir).glob("*.pdf"))
    pages, chunks = one_pass(files, tokenizer)
    best = float("inf")
    for _ in range(args.runs):
        start = time.perf_counter()
        pages, chunks = one_pass(files, tokenizer)
        best = min(best, time.perf_counter() - start)
    print(
        json.dumps(
            {
                "benchmark": "document_chunks",
                "engine": "pypdf + tokenizers (Python)",
                "documents": len(files),
                "pages": pages,
                "chunks": chunks,
                "seconds": best,
                "chunks_per_second": chunks / best,
                "pages_per_second": pages / best,
            }
        )
    )


if __name__ == "__main__":
    main()
