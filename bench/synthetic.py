"""Synthetic libraries for the latency benchmark: chunk texts recombined from the sample reports'
sentences, random unit vectors, random section/year/unit metadata, written straight into Chroma."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from assistant.types import Chunk
from vectorstore.chroma_store import PAGE, ChromaStore

DIM = 384
DOC_CHUNKS = 20  # chunks per synthetic document (they share title, unit and year)
WRITE_BATCH = 10_000
SECTIONS = ("preamble", "achievements", "shortcomings", "leadership", "plans", "closing")
SECTION_WEIGHTS = (0.05, 0.45, 0.15, 0.10, 0.20, 0.05)
YEARS = tuple(range(2018, 2025))
PLACES = ("东城", "西城", "南山", "北塘", "高新", "滨江", "青山", "河口", "石桥", "新港", "临江", "云岭")
KINDS = ("区人民政府", "县人民政府", "区政府办公室", "县司法局", "市场监管局", "镇人民政府", "街道办事处")
_SENTENCE_END = re.compile(r"(?<=[。；！？])")


def sample_sentences(folder: Path) -> list[str]:
    """Distinct sentences (10–200 characters) of the sample reports."""
    seen: dict[str, None] = {}
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in _SENTENCE_END.split(line.strip()):
                if 10 <= len(sentence) <= 200:
                    seen.setdefault(sentence, None)
    return list(seen)


def unit_vectors(rng: np.random.Generator, n: int, dim: int = DIM) -> np.ndarray:
    vectors = rng.standard_normal((n, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def synthetic_chunks(rng: np.random.Generator, sentences: list[str], n: int, prefix: str) -> Iterator[Chunk]:
    units = [p + k for p in PLACES for k in KINDS]
    for doc in range((n + DOC_CHUNKS - 1) // DOC_CHUNKS):
        unit = units[int(rng.integers(len(units)))]
        year = int(rng.choice(YEARS))
        doc_id = f"{prefix}d{doc:06d}"
        title = f"{unit}关于{year}年法治政府建设工作情况的报告"
        for position in range(min(DOC_CHUNKS, n - doc * DOC_CHUNKS)):
            picks = rng.integers(len(sentences), size=int(rng.integers(2, 5)))
            section = str(rng.choice(SECTIONS, p=SECTION_WEIGHTS))
            text = "".join(sentences[i] for i in picks)
            yield Chunk(f"{doc_id}c{position:03d}", doc_id, text, title, unit, year, section, (), position)


def write_library(store: ChromaStore, n: int, sentences: list[str], seed: int = 7) -> None:
    """Add `n` synthetic chunks with random unit vectors, in batches, and a record per synthetic
    document (the search index serves only documents whose record and chunks are all there),
    then bump the revision."""
    rng = np.random.default_rng(seed)
    batch: list[Chunk] = []
    per_doc: dict[str, list[Chunk]] = {}
    for chunk in synthetic_chunks(rng, sentences, n, prefix=f"s{n}"):
        batch.append(chunk)
        per_doc.setdefault(chunk.doc_id, []).append(chunk)
        if len(batch) == WRITE_BATCH:
            store.add_chunks(batch, unit_vectors(rng, len(batch)))
            batch = []
    if batch:
        store.add_chunks(batch, unit_vectors(rng, len(batch)))
    records = [
        (doc_id, {"title": c[0].title, "unit": c[0].unit, "year": c[0].year or 0, "chunks": len(c)})
        for doc_id, c in per_doc.items()
    ]
    for start in range(0, len(records), PAGE):  # the record of each document, a page per upsert
        page = records[start : start + PAGE]
        store.documents.upsert(
            ids=[doc_id for doc_id, _ in page],
            documents=[""] * len(page),
            metadatas=[meta for _, meta in page],
            embeddings=[[1.0]] * len(page),
        )
    store.bump_revision()
