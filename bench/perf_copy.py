"""perf.py's copy-check phase (雷同检测): build the copy index over `scale` synthetic documents and
time the check of whole drafts against it.

Synthetic documents are the sample reports' sentences recombined, each document with its own
character substitutions (about one character in eight), so that documents of different units share
standard phrases but not whole passages, as real reports do. A timed draft has 25 paragraphs: 3
copied from random library documents, the rest recombined sample sentences. Document texts are
served from memory through the same per-process cache the product uses (the product fetches a
candidate's text from Chroma on a cache miss; that fetch is not timed here)."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from benchlib import percentiles
from synthetic import KINDS, PLACES, sample_sentences

from assistant.checks.copying import CopyIndex, IndexedDoc, TextCache, check_copies

PARAGRAPHS = 20
DRAFT_PARAGRAPHS = 25
COPIED = 3
_HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def _paragraph(rng: np.random.Generator, sentences: list[str]) -> str:
    return "".join(sentences[i] for i in rng.integers(len(sentences), size=int(rng.integers(2, 5))))


def _mutate(rng: np.random.Generator, text: str) -> str:
    chars = list(text)
    for i in np.flatnonzero(rng.random(len(chars)) < 0.125):
        chars[i] = _HAN[int(rng.integers(len(_HAN)))]
    return "".join(chars)


def synthetic_documents(scale: int, sentences: list[str], seed: int) -> list[tuple[IndexedDoc, str]]:
    rng = np.random.default_rng(seed)
    units = [f"{p}{n}{k}" for p in PLACES for n in range(20) for k in KINDS]
    docs = []
    for i in range(scale):
        unit = units[int(rng.integers(len(units)))]
        year = int(rng.integers(2018, 2025))
        text = "\n".join(_mutate(rng, _paragraph(rng, sentences)) for _ in range(PARAGRAPHS))
        docs.append(
            (IndexedDoc(f"c{scale}d{i:06d}", f"{unit}{year}年法治政府建设情况报告", unit, year), text)
        )
    return docs


def _draft(rng: np.random.Generator, docs: list[tuple[IndexedDoc, str]], sentences: list[str]) -> str:
    paragraphs = [_paragraph(rng, sentences) for _ in range(DRAFT_PARAGRAPHS - COPIED)]
    for _ in range(COPIED):
        _, text = docs[int(rng.integers(len(docs)))]
        paragraphs.insert(int(rng.integers(len(paragraphs))), text.split("\n")[int(rng.integers(PARAGRAPHS))])
    return "\n".join(paragraphs)


def copy_check(args: argparse.Namespace) -> dict[str, Any]:
    sentences = sample_sentences(args.folder)
    docs = synthetic_documents(args.scale, sentences, args.seed)
    started = time.perf_counter()
    index = CopyIndex.build(docs)
    build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        index.save(Path(tmp), {"revision": 1})
        started = time.perf_counter()
        index = CopyIndex.load(Path(tmp), {"revision": 1}) or index
        load_s = time.perf_counter() - started
    texts = {doc.doc_id: text for doc, text in docs}
    cache = TextCache(texts.get)
    rng = np.random.default_rng(args.seed + 1)
    latencies, caught = [], 0
    drafts = max(10, min(args.queries, 50))
    for _ in range(drafts):
        draft = _draft(rng, docs, sentences)
        started = time.perf_counter()
        findings = check_copies([("achievements", draft)], index, cache, lambda doc: False)
        latencies.append((time.perf_counter() - started) * 1000)
        caught += len(findings)
    return {
        "documents": args.scale,
        "fingerprints": int(len(index.fp_hash)),
        "boilerplate_grams": int(len(index.boiler)),
        "index_build_s": round(build_s, 2),
        "index_load_s": round(load_s, 3),
        "drafts": drafts,
        "paragraphs_per_draft": DRAFT_PARAGRAPHS,
        "copied_paragraphs_found": f"{caught}/{drafts * COPIED}",
        "check_ms": percentiles(latencies),
    }
