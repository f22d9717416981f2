"""Shared bits of the benchmarks: paths, the embedder wrappers, percentiles, result files."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import json
import resource
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
SAMPLES = ROOT / "samples"


class CountingEmbedder:
    """Wraps an embedder: counts embed() calls and texts, and the seconds spent embedding."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name: str = inner.name
        self.dim: int = inner.dim
        self.calls = 0
        self.texts = 0
        self.seconds = 0.0

    def embed(self, texts: list[str], kind: Any) -> np.ndarray:
        started = time.perf_counter()
        try:
            return self.inner.embed(texts, kind)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1
            self.texts += len(texts)

    def count_tokens(self, text: str) -> int:
        return int(self.inner.count_tokens(text))

    def reset(self) -> None:
        self.calls, self.texts, self.seconds = 0, 0, 0.0


class CachedVectorEmbedder:
    """Answers query embeddings from a precomputed table, so search timings exclude the model."""

    def __init__(self, vectors: dict[str, np.ndarray], dim: int, name: str = "bench-cached") -> None:
        self.vectors = vectors
        self.dim = dim
        self.name = f"{name}:{dim}"

    def embed(self, texts: list[str], kind: Any) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self.vectors[t] for t in texts])

    def count_tokens(self, text: str) -> int:
        return len(text) + 2


def report_files(folder: Path, pattern: str = "*.txt") -> list[Path]:
    """The reports a library is built from: `folder`'s files matching `pattern`, as `make library`
    ingests `samples/*.txt` (the folder's README and facts/ are not reports)."""
    files = sorted(p for p in folder.glob(pattern) if p.is_file())
    if not files:
        raise SystemExit(f"no files matching {pattern} in {folder}")
    return files


def percentiles(samples_ms: Iterable[float]) -> dict[str, float]:
    values = np.asarray(list(samples_ms), dtype=np.float64)
    if values.size == 0:
        return {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "mean_ms": 0.0}
    return {
        "n": int(values.size),
        "p50_ms": round(float(np.percentile(values, 50)), 3),
        "p95_ms": round(float(np.percentile(values, 95)), 3),
        "mean_ms": round(float(values.mean()), 3),
    }


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports ru_maxrss in KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024, 1)


def timed_ms(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000.0, result


def emit(name: str, data: dict[str, Any], out: Path | None = None) -> Path:
    """Print the result as JSON and write it to bench/results/<name>.json (or `out`)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print(text)
    path = out or RESULTS / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def relative_name(path: Path) -> str:
    """A short stable label for a file: relative to the repo, or to the repo's parent."""
    resolved = path.resolve()
    for base in (ROOT, ROOT.parent):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(resolved)
