"""Copied text (雷同检测): paragraphs of a draft shared with another unit's document in the library.

A paragraph is reported when it shares with one document of another unit a span of ≥ 40
characters, or ≥ 60 % of its character 5-grams. Text is compared after dropping whitespace and
punctuation (a copy re-flowed or re-punctuated is still a copy). Standard phrases most reports
share (深入学习贯彻习近平法治思想) are learned from the library: 5-grams used by at least
`boilerplate_units(n)` distinct units are not counted.

The index (`CopyIndex`) is derived data keyed by the library revision, like the search index: per
document its winnowed 5-gram fingerprints (window 36, so every shared span of ≥ 40 characters
contains a shared fingerprint) and the boilerplate 5-grams. It is persisted in the data dir
because `fazhi check` is a new process each time and rebuilding means reading every document from
Chroma (seconds at 10k documents); a check then looks up each paragraph's 5-grams there and
verifies the few candidate documents exactly against their text (fetched and cached per process)."""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..types import Finding

log = logging.getLogger(__name__)

NGRAM = 5
WINDOW = 36  # winnowing guarantee: a shared span of WINDOW + NGRAM - 1 = 40 characters is found
MIN_SPAN = 40
MIN_SHARE = 0.6
MIN_GRAMS = 15  # paragraphs with fewer non-boilerplate 5-grams are too short to judge by share
CANDIDATES = 3
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_MULT = np.uint64(1_000_003)


def boilerplate_units(n_units: int) -> int:
    return max(3, math.ceil(0.05 * n_units))


@dataclass(frozen=True)
class IndexedDoc:
    doc_id: str
    title: str
    unit: str
    year: int | None


def normalized(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the kept characters and their offsets in `text`."""
    offsets = np.fromiter((i for i, ch in enumerate(text) if _KEEP.match(ch)), dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)[offsets] if len(offsets) else offsets
    return codes.astype(np.uint64), offsets


def gram_hashes(codes: np.ndarray) -> np.ndarray:
    """A 64-bit polynomial hash of every 5 consecutive characters (wrapping arithmetic)."""
    if len(codes) < NGRAM:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = np.zeros(len(codes) - NGRAM + 1, dtype=np.uint64)
        for k in range(NGRAM):
            h = h * _MULT + codes[k : len(codes) - NGRAM + 1 + k]
    return h


def winnow(h: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """Fingerprints: the minimum hash of every window of `window` consecutive 5-grams."""
    if len(h) <= window:
        return np.unique(h)
    return np.unique(np.lib.stride_tricks.sliding_window_view(h, window).min(axis=1))


class CopyIndex:
    def __init__(self, docs: list[IndexedDoc], fp_hash: np.ndarray, fp_doc: np.ndarray, boiler: np.ndarray):
        self.docs = docs
        self.fp_hash, self.fp_doc, self.boiler = fp_hash, fp_doc, boiler

    @classmethod
    def build(cls, items: Iterable[tuple[IndexedDoc, str]]) -> CopyIndex:
        docs: list[IndexedDoc] = []
        hashes, owners = [], []
        per_unit: dict[str, list[np.ndarray]] = {}
        for doc, text in items:
            h = gram_hashes(normalized(text)[0])
            fp = winnow(h)
            hashes.append(fp)
            owners.append(np.full(len(fp), len(docs), dtype=np.uint32))
            per_unit.setdefault(doc.unit or doc.doc_id, []).append(np.unique(h))
            docs.append(doc)
        fp_hash = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
        fp_doc = np.concatenate(owners) if owners else np.zeros(0, np.uint32)
        order = np.argsort(fp_hash, kind="stable")
        unit_grams = [np.unique(np.concatenate(v)) for v in per_unit.values()]
        boiler = np.zeros(0, np.uint64)
        if unit_grams:
            values, counts = np.unique(np.concatenate(unit_grams), return_counts=True)
            boiler = values[counts >= boilerplate_units(len(unit_grams))]
        return cls(docs, fp_hash[order], fp_doc[order], boiler)

    # --- persistence ---------------------------------------------------------------------------
    def save(self, directory: Path, manifest: dict) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(directory / "copy.npz", fp_hash=self.fp_hash, fp_doc=self.fp_doc, boiler=self.boiler)
        docs = [[d.doc_id, d.title, d.unit, d.year] for d in self.docs]
        (directory / "docs.json").write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, manifest: dict) -> CopyIndex | None:
        try:
            if json.loads((directory / "manifest.json").read_text(encoding="utf-8")) != manifest:
                return None
            arrays = np.load(directory / "copy.npz")
            docs = [IndexedDoc(*row) for row in json.loads((directory / "docs.json").read_text("utf-8"))]
            return cls(docs, arrays["fp_hash"], arrays["fp_doc"], arrays["boiler"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # --- lookup --------------------------------------------------------------------------------
    def candidates(self, h: np.ndarray, skip: Callable[[IndexedDoc], bool]) -> list[int]:
        """Documents sharing fingerprints with these 5-grams, most shared first."""
        h = h[~np.isin(h, self.boiler)]
        if not len(h) or not len(self.fp_hash):
            return []
        left = np.searchsorted(self.fp_hash, h, "left")
        right = np.searchsorted(self.fp_hash, h, "right")
        hits: Counter[int] = Counter()
        for a, b in zip(left[left < right], right[left < right], strict=True):
            hits.update(int(d) for d in set(self.fp_doc[a:b].tolist()))
        ranked = [d for d, _ in hits.most_common() if not skip(self.docs[d])]
        return ranked[:CANDIDATES]


class TextCache:
    """Document texts normalized for comparison, fetched on demand and kept per process (LRU)."""

    def __init__(self, fetch: Callable[[str], str | None], size: int = 512) -> None:
        self.fetch, self.size = fetch, size
        self._items: OrderedDict[str, tuple[str, np.ndarray, np.ndarray, np.ndarray]] = OrderedDict()

    def get(self, doc_id: str) -> tuple[str, np.ndarray, np.ndarray, np.ndarray] | None:
        if doc_id in self._items:
            self._items.move_to_end(doc_id)
            return self._items[doc_id]
        text = self.fetch(doc_id)
        if text is None:
            return None
        codes, offsets = normalized(text)
        item = (text, codes, offsets, np.unique(gram_hashes(codes)))
        self._items[doc_id] = item
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return item


def check_copies(
    texts: Sequence[tuple[str, str]], index: CopyIndex, cache: TextCache, skip: Callable[[IndexedDoc], bool]
) -> list[Finding]:
    """One finding per paragraph copied from another unit's document: the best-matching document."""
    findings = []
    for key, text in texts:
        start = 0
        for paragraph in text.split("\n"):
            finding = _paragraph_copy(key, paragraph, start, index, cache, skip)
            if finding:
                findings.append(finding)
            start += len(paragraph) + 1
    return findings


def _paragraph_copy(
    key: str, paragraph: str, at: int, index: CopyIndex, cache: TextCache, skip: Callable[[IndexedDoc], bool]
) -> Finding | None:
    codes, offsets = normalized(paragraph)
    h = gram_hashes(codes)
    if len(h) < 4:
        return None
    best = None
    for d in index.candidates(h, skip):
        item = cache.get(index.docs[d].doc_id)
        if item is None:
            continue
        shared = np.isin(h, item[3]) & ~np.isin(h, index.boiler)
        counted = int((~np.isin(h, index.boiler)).sum())
        run_start, run_len = _longest_run(shared)
        span = run_len + NGRAM - 1 if run_len else 0
        share = shared.sum() / counted if counted else 0.0
        if span >= MIN_SPAN or (counted >= MIN_GRAMS and share >= MIN_SHARE):
            score = (span, share)
            if best is None or score > best[0]:
                best = (score, d, run_start, run_len, share, item)
    if best is None:
        return None
    (span, _), d, run_start, run_len, share, item = best
    a, b = int(offsets[run_start]), int(offsets[run_start + run_len + NGRAM - 2]) + 1
    doc = index.docs[d]
    source = {"doc_id": doc.doc_id, "title": doc.title, "unit": doc.unit, "year": doc.year}
    source["text"] = _source_passage(codes[run_start : run_start + run_len + NGRAM - 1], item)
    year = f"{doc.year}年" if doc.year else ""
    message = (
        f"此段与{doc.unit or '其他单位'}{year}《{doc.title}》雷同：连续相同{span}字，"
        f"共有{round(share * 100)}%的内容相同"
    )
    hint = "用本单位的实际做法和数据重写此段，不要照搬其他单位的报告"
    return Finding(key, at + a, at + b, "warning", message, hint, kind="copy", source=source)


def _longest_run(mask: np.ndarray) -> tuple[int, int]:
    best_start, best_len, start = 0, 0, None
    for i, value in enumerate(mask.tolist() + [False]):
        if value and start is None:
            start = i
        elif not value and start is not None:
            if i - start > best_len:
                best_start, best_len = start, i - start
            start = None
    return best_start, best_len


def _source_passage(run: np.ndarray, item: tuple[str, np.ndarray, np.ndarray, np.ndarray]) -> str:
    """The source's own text for the shared run (its punctuation kept), or '' if not contiguous."""
    text, codes, offsets, _ = item
    needle = "".join(map(chr, run.tolist()))
    hay = "".join(map(chr, codes.tolist()))
    pos = hay.find(needle)
    if pos < 0 or not needle:
        return ""
    return text[int(offsets[pos]) : int(offsets[pos + len(needle) - 1]) + 1]
