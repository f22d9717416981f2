"""Growth with the library: a synthetic library of N documents (fake embedder: the costs measured
here do not depend on meaning), then as a clerk would, through `fazhi`:

- ingest of 10 real reports (the seeds and five dev-split excerpts) into it, against the same
  into an empty library;
- `fazhi check` of a real report right after that ingest, against the same check again on the
  unchanged library;
- search latency p50/p95 (hybrid, in-process, the index already loaded).

Synthetic documents are the sample reports' sentences recombined (bench/perf_copy.py), each with
its record (text, unit, year, random MinHash signature: the reports are all different) and four
chunks with random vectors, written straight into Chroma. Before the timed rounds one ingest, check
and removal warm the derived data, as a library that has been in use has it; each round removes
its 10 documents afterwards (not timed).

    .venv/bin/python bench/perf_scale.py --scales 1000,10000"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from benchlib import ROOT, SAMPLES, emit, percentiles
from perf_copy import synthetic_documents
from perf_startup import fazhi, real_reports, shared_dir
from synthetic import sample_sentences

from assistant.library.dedup import NUM_PERM
from assistant.types import Chunk
from vectorstore.chroma_store import ChromaStore, open_client

EMBEDDING = "fake:64"
PREFIX = "fazhi"  # Settings.collection_prefix's default
BATCH = 1000
ADDED = 10


def write_synthetic(data_dir: Path, scale: int, seed: int) -> float:
    """`scale` synthetic documents with records and chunks, straight into Chroma; seconds taken."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    store = ChromaStore(open_client(data_dir), PREFIX, EMBEDDING, 64)
    docs = synthetic_documents(scale, sample_sentences(SAMPLES), seed)
    for start in range(0, len(docs), BATCH):
        page = docs[start : start + BATCH]
        chunks, metas = [], []
        for doc, text in page:
            paragraphs = text.split("\n")
            for n in range(4):
                body = "\n".join(paragraphs[n * 5 : n * 5 + 5])
                chunks.append(
                    Chunk(
                        f"{doc.doc_id}c{n}",
                        doc.doc_id,
                        body,
                        doc.title,
                        doc.unit,
                        doc.year,
                        "achievements",
                        (),
                        n,
                    )
                )
            signature = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64).astype("<u4")
            metas.append(_record(doc.title, doc.unit, doc.year, signature))
        vectors = rng.standard_normal((len(chunks), 64)).astype(np.float32)
        store.add_chunks(chunks, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
        store.documents.upsert(
            ids=[d.doc_id for d, _ in page],
            documents=[t for _, t in page],
            metadatas=metas,
            embeddings=[[1.0]] * len(page),
        )
    store.bump_revision()
    return time.perf_counter() - started


def _record(title: str, unit: str, year: int | None, signature: np.ndarray) -> dict[str, Any]:
    import base64

    return {
        "title": title, "unit": unit, "year": year or 0, "doc_number": "", "source": f"{title}.txt",
        "chunks": 4, "sections": json.dumps({"achievements": 4}), "names": "[]", "level": "",
        "warnings": "", "minhash": base64.b64encode(signature.tobytes()).decode("ascii"), "figures": "",
        "added_at": "2025-01-01 00:00:00",
    }  # fmt: skip


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    return time.perf_counter() - started, done.stdout


def rounds(data_dir: Path, reports: Path, draft: Path, repeats: int) -> dict[str, Any]:
    command, env = fazhi(data_dir, EMBEDDING)
    ingest = [*command, "ingest", str(reports), "--json"]
    check = [*command, "check", str(draft), "--unit", "某县司法局", "--year", "2024", "--json"]
    times: dict[str, list[float]] = {"ingest_10": [], "check_after_ingest": [], "check_unchanged": []}
    for round_number in range(repeats + 1):  # round 0 warms the derived data, not counted
        seconds, out = timed(ingest, env)
        after, _ = timed(check, env)
        same, _ = timed(check, env)
        if round_number:
            times["ingest_10"].append(seconds)
            times["check_after_ingest"].append(after)
            times["check_unchanged"].append(same)
        added_now = json.loads(out)["added"]
        if len(added_now) != len(list(reports.iterdir())):
            raise SystemExit(f"ingest added {len(added_now)} of the reports in round {round_number}")
        for added in added_now:
            subprocess.run([*command, "remove", added["id"]], env=env, capture_output=True, check=True)
        timed(check, env)
    return {name: round(statistics.median(values), 3) for name, values in times.items()}


def search_latency(data_dir: Path, queries: int) -> dict[str, Any]:
    from assistant import Library, PrecedentSearch, Settings
    from vectorstore.embeddings import make_embedder

    library = Library(Settings(data_dir=data_dir, embedding=EMBEDDING), make_embedder(EMBEDDING))
    search = PrecedentSearch(library)
    sentences = sample_sentences(SAMPLES)
    started = time.perf_counter()
    search.search(sentences[0], 5)  # loads or builds the index
    index_s = time.perf_counter() - started
    samples = []
    for sentence in sentences[1 : queries + 1]:
        started = time.perf_counter()
        search.search(sentence[:30], 5)
        samples.append((time.perf_counter() - started) * 1000)
    return {"index_ready_s": round(index_s, 2), **percentiles(samples)}


def one_scale(scale: int, work: Path, repeats: int, queries: int, seed: int) -> dict[str, Any]:
    data_dir = work / f"library-{scale}"
    build_s = write_synthetic(data_dir, scale, seed) if scale else 0.0
    reports = work / "ten"
    draft = work / "draft.md"
    if not reports.exists():
        files = real_reports(work / "real")[:ADDED]
        reports.mkdir()
        for path in files:
            (reports / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        draft.write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")
    row = {"documents": scale, "build_s": round(build_s, 1), **rounds(data_dir, reports, draft, repeats)}
    row["search"] = search_latency(data_dir, queries)
    print(f"[perf_scale] {json.dumps(row, ensure_ascii=False)}", file=sys.stderr, flush=True)
    return row


def scale_figures(scales: list[int], repeats: int = 3, queries: int = 50, seed: int = 7) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fazhi-scale-") as scratch:
        rows = {str(n): one_scale(n, Path(scratch), repeats, queries, seed) for n in [0, *scales]}
    empty = rows["0"]["ingest_10"]
    for n in scales:
        row = rows[str(n)]
        row["ingest_ratio_to_empty"] = round(row["ingest_10"] / empty, 2)
        row["check_after_ingest_ratio"] = round(row["check_after_ingest"] / row["check_unchanged"], 2)
    top = rows[str(max(scales))] if scales else {}
    targets = {}
    if top:
        targets["ingest_10_ratio<=1.2"] = {
            "value": top["ingest_ratio_to_empty"],
            "ok": top["ingest_ratio_to_empty"] <= 1.2,
        }
        value = top["check_after_ingest_ratio"]
        targets["check_after_ingest_ratio<=1.5"] = {"value": value, "ok": value <= 1.5}
    return {
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "scales": rows,
        "targets": targets,
        "shared": str(shared_dir()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    emit("perf_scale", scale_figures(scales, args.repeats, args.queries), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
