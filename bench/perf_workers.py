"""The phases of bench/perf.py, each run in its own interpreter: ingest, build, rebuild, serve.
Each takes the parsed arguments and returns a JSON-able dict."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from benchlib import (
    BENCH,
    ROOT,
    CachedVectorEmbedder,
    CountingEmbedder,
    peak_rss_mb,
    percentiles,
    report_files,
)
from synthetic import DIM, sample_sentences, unit_vectors, write_library

from assistant.library.facade import Library
from assistant.library.prepare import PreparedDocument
from assistant.search import PrecedentSearch, SearchFilters
from assistant.settings import Settings
from vectorstore import index as index_module
from vectorstore import lexical as lexical_module
from vectorstore.chroma_store import ChromaStore, open_client
from vectorstore.embeddings import make_embedder

FILTERS = SearchFilters(sections=("plans",), year_from=2022)
WHERE = {"$and": [{"section": "plans"}, {"year": {"$gte": 2022}}]}
WARM_UP = 10
READY = "bench-ready.json"


# --- ingestion ------------------------------------------------------------------------------------
def _prepare_all(files: list[Path], embedder: Any, scratch: Path) -> list[PreparedDocument]:
    library = Library(Settings(data_dir=scratch), embedder)
    return [library.prepare(path) for path in files]


def _embed_alone(embedder: Any, prepared: list[PreparedDocument]) -> float:
    """The embedder alone on the same chunks, batched per document as Library.commit does."""
    started = time.perf_counter()
    for doc in prepared:
        embedder.embed([c.text for c in doc.chunks], "document")
    return time.perf_counter() - started


def _ingest_once(files: list[Path], counting: CountingEmbedder, data_dir: Path) -> dict[str, Any]:
    opened = time.perf_counter()
    library = Library(Settings(data_dir=data_dir), counting)
    counting.reset()
    started = time.perf_counter()
    result = library.add_paths(files)
    seconds = time.perf_counter() - started
    if result.failed or not result.added:
        raise SystemExit(f"ingestion failed: {result.failed}")
    return {
        "open_s": started - opened,
        "e2e_s": seconds,
        "embed_s": counting.seconds,
        "calls": counting.calls,
    }


def _reingest(files: list[Path], counting: CountingEmbedder, data_dir: Path) -> dict[str, Any]:
    """Add the same files again, through a freshly opened Library, counting embed() calls."""
    library = Library(Settings(data_dir=data_dir), counting)
    counting.reset()
    started = time.perf_counter()
    result = library.add_paths(files)
    return {
        "embed_calls": counting.calls,
        "texts_embedded": counting.texts,
        "added": len(result.added),
        "skipped": len(result.skipped),
        "seconds": round(time.perf_counter() - started, 3),
    }


def _query_embedding(embedder: Any, texts: list[str]) -> dict[str, Any]:
    embedder.embed(texts[:3], "query")
    samples = []
    for text in texts:
        started = time.perf_counter()
        embedder.embed([text], "query")
        samples.append((time.perf_counter() - started) * 1000.0)
    return percentiles(samples)


def ingest(args: argparse.Namespace) -> dict[str, Any]:
    files = report_files(args.folder, args.pattern)
    counting = CountingEmbedder(make_embedder(args.embedding))
    counting.inner.embed(["预热：法治政府建设年度报告"], "document")
    with tempfile.TemporaryDirectory(prefix="fazhi-ingest-") as tmp:
        prepared = _prepare_all(files, counting, Path(tmp) / "scratch")
        alone, runs = [], []
        for repeat in range(args.repeats):
            alone.append(_embed_alone(counting.inner, prepared))
            runs.append(_ingest_once(files, counting, Path(tmp) / f"run{repeat}"))
        reingest = _reingest(files, counting, Path(tmp) / "run0")
    chars = sum(len(doc.text) for doc in prepared)
    chunk_chars = sum(len(c.text) for doc in prepared for c in doc.chunks)
    best = min(runs, key=lambda r: r["e2e_s"])
    return {
        "embedder": counting.name,
        "files": len(files),
        "documents": len(prepared),
        "chunks": sum(len(doc.chunks) for doc in prepared),
        "chars": chars,
        "chunk_chars": chunk_chars,
        "repeats": args.repeats,
        "e2e_s": [round(r["e2e_s"], 3) for r in runs],
        "embed_alone_s": [round(s, 3) for s in alone],
        "embed_within_e2e_s": [round(r["embed_s"], 3) for r in runs],
        "library_open_s": round(best["open_s"], 3),
        "e2e_chars_per_s": round(chars / best["e2e_s"], 1),
        "embed_alone_chars_per_s": round(chars / min(alone), 1),
        "overhead_ratio": round(best["e2e_s"] / min(alone), 3),
        "overhead_ratio_median": round(
            statistics.median(r["e2e_s"] for r in runs) / statistics.median(alone), 3
        ),
        "overhead_ratio_vs_embed_within": round(best["e2e_s"] / best["embed_s"], 3),
        "reingest": reingest,
        "query_embedding": _query_embedding(counting.inner, query_texts(args.folder, min(args.queries, 100))),
    }


# --- synthetic libraries --------------------------------------------------------------------------
def query_texts(folder: Path, n: int, seed: int = 11) -> list[str]:
    """The eval queries, then 6–20 character fragments of the samples' sentences, `n` in all."""
    texts: list[str] = []
    for path in (ROOT.parent / "shared" / "eval" / "queries.jsonl", BENCH / "queries_hard.jsonl"):
        if path.exists():
            texts += [
                json.loads(line)["q"]
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
    rng = np.random.default_rng(seed)
    sentences = sample_sentences(folder)
    while len(texts) < n:
        sentence = sentences[int(rng.integers(len(sentences)))]
        start = int(rng.integers(max(1, len(sentence) - 6)))
        fragment = sentence[start : start + int(rng.integers(6, 21))]
        if fragment not in texts:
            texts.append(fragment)
    return texts[:n]


def build(args: argparse.Namespace) -> dict[str, Any]:
    """Write `scale` synthetic chunks into a Chroma store under --dir (reused when already there)."""
    marker = args.dir / READY
    wanted = {"scale": args.scale, "seed": args.seed, "dim": DIM}
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")).get("spec") == wanted:
        return {**json.loads(marker.read_text(encoding="utf-8"))["build"], "reused": True}
    shutil.rmtree(args.dir, ignore_errors=True)
    embedder = CachedVectorEmbedder({}, DIM)
    store = ChromaStore(open_client(args.dir), Settings().collection_prefix, embedder.name, DIM)
    started = time.perf_counter()
    write_library(store, args.scale, sample_sentences(args.folder), seed=args.seed)
    seconds = time.perf_counter() - started
    stats = {
        "chroma_insert_s": round(seconds, 2),
        "chunks_per_s": round(args.scale / seconds, 1),
        "count": store.chunk_count(),
        "peak_rss_mb": peak_rss_mb(),
        "reused": False,
    }
    marker.write_text(json.dumps({"spec": wanted, "build": stats}), encoding="utf-8")
    return stats


def _timing_wrapper(owner: Any, name: str, sink: dict[str, float]) -> None:
    """Replace classmethod owner.name by one that adds its seconds to sink[name]."""
    original = getattr(owner, name)

    def timed(*a: Any, **kw: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*a, **kw)
        finally:
            sink[name] = sink.get(name, 0.0) + time.perf_counter() - started

    setattr(owner, name, timed)


def _open(directory: Path, vectors: dict[str, np.ndarray] | None = None) -> Library:
    return Library(Settings(data_dir=directory), CachedVectorEmbedder(vectors or {}, DIM))


def rebuild(args: argparse.Namespace) -> dict[str, Any]:
    """The derived index from Chroma (ChunkIndex.from_store, incl. the BM25 build) and its save."""
    shutil.rmtree(args.dir / "index", ignore_errors=True)
    library = _open(args.dir)
    sink: dict[str, float] = {}
    _timing_wrapper(index_module.ChunkIndex, "from_store", sink)
    _timing_wrapper(lexical_module.LexicalIndex, "build", sink)
    started = time.perf_counter()
    index = library.index()
    total = time.perf_counter() - started
    return {
        "chunks": len(index),
        "from_store_s": round(sink["from_store"], 2),
        "bm25_build_s": round(sink.get("build", 0.0), 2),
        "from_store_without_bm25_s": round(sink["from_store"] - sink.get("build", 0.0), 2),
        "save_s": round(total - sink["from_store"], 2),
        "peak_rss_mb": peak_rss_mb(),
    }


# --- serving --------------------------------------------------------------------------------------
def _raw_bm25(bm25: Any, text: str, k: int) -> np.ndarray:
    """What a bare bm25s query costs: jieba tokens, get_scores over the corpus, top k."""
    vocab = bm25.vocab_dict
    known = [t for t in lexical_module.tokenize(text) if t in vocab]
    scores = np.asarray(bm25.get_scores(known), dtype=np.float32) if known else np.zeros(1, np.float32)
    n = min(k, len(scores))
    return np.argpartition(-scores, n - 1)[:n]


def _measures(library: Library, k: int) -> dict[str, Callable[[str, np.ndarray], Any]]:
    search = PrecedentSearch(library)
    collection = library.store.chunks
    bm25 = library.index().lexical._bm25  # noqa: SLF001 - the same tokenized corpus, queried bare
    return {
        "hybrid": lambda text, vec: search.search(text, k),
        "hybrid_filtered": lambda text, vec: search.search(text, k, FILTERS),
        "dense": lambda text, vec: search.search(text, k, mode="dense"),
        "dense_filtered": lambda text, vec: search.search(text, k, FILTERS, mode="dense"),
        "lexical": lambda text, vec: search.search(text, k, mode="lexical"),
        "chroma_raw": lambda text, vec: collection.query(query_embeddings=[vec.tolist()], n_results=k),
        "chroma_where": lambda text, vec: collection.query(
            query_embeddings=[vec.tolist()], n_results=k, where=WHERE
        ),
        "bm25_raw": lambda text, vec: _raw_bm25(bm25, text, k),
        "library_index_check": lambda text, vec: library.index(),
    }


def _time_all(
    measures: dict[str, Callable[[str, np.ndarray], Any]], queries: list[tuple[str, np.ndarray]], seed: int
) -> dict[str, list[float]]:
    """Every measure on every query; per query the measures run in a shuffled order, so none is
    always the one that follows Chroma's slow filtered query or runs on a cold cache."""
    for text, vec in queries[:WARM_UP]:
        for fn in measures.values():
            fn(text, vec)
    rng = np.random.default_rng(seed)
    names = list(measures)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for text, vec in queries:
        for i in rng.permutation(len(names)):
            started = time.perf_counter()
            measures[names[i]](text, vec)
            samples[names[i]].append((time.perf_counter() - started) * 1000.0)
    samples["raw_sum"] = [a + b for a, b in zip(samples["chroma_raw"], samples["bm25_raw"], strict=True)]
    samples["raw_where_sum"] = [
        a + b for a, b in zip(samples["chroma_where"], samples["bm25_raw"], strict=True)
    ]
    return samples


def serve(args: argparse.Namespace) -> dict[str, Any]:
    """Latencies on the library under --dir, query embedding excluded (vectors looked up)."""
    texts = query_texts(args.folder, args.queries)
    vectors = unit_vectors(np.random.default_rng(args.seed + 1), len(texts))
    table = dict(zip(texts, vectors, strict=True))
    library = _open(args.dir, table)
    started = time.perf_counter()
    index = library.index()
    load_s = time.perf_counter() - started
    samples = _time_all(_measures(library, args.k), list(table.items()), args.seed)
    latency = {name: percentiles(values) for name, values in samples.items()}
    p95 = {name: row["p95_ms"] for name, row in latency.items()}
    return {
        "chunks": len(index),
        "index_load_s": round(load_s, 2),
        "filtered_rows": int(index.mask(FILTERS.sections, FILTERS.year_from).sum()),
        "latency": latency,
        "ratios": {
            "hybrid_p95_vs_raw_sum_p95": round(p95["hybrid"] / p95["raw_sum"], 3),
            "hybrid_filtered_p95_vs_raw_where_sum_p95": round(
                p95["hybrid_filtered"] / p95["raw_where_sum"], 3
            ),
            "hybrid_filtered_p95_vs_raw_sum_p95": round(p95["hybrid_filtered"] / p95["raw_sum"], 3),
        },
        "peak_rss_mb": peak_rss_mb(),
    }


WORKERS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "ingest": ingest,
    "build": build,
    "rebuild": rebuild,
    "serve": serve,
}
