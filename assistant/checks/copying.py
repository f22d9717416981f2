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
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.types import Finding

log = logging.getLogger(__name__)

NGRAM = 5
WINDOW = 36  # winnowing guarantee: a shared span of WINDOW + NGRAM - 1 = 40 characters is found
MIN_SPAN = 40
MIN_SHARE = 0.6
MIN_GRAMS = 15  # paragraphs with fewer non-boilerplate 5-grams are too short to judge by share
CANDIDATES = 3
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
    """Code points of the kept characters (Han, Latin letters, digits) and their offsets in `text`."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    keep = (
        ((points >= 0x3400) & (points <= 0x9FFF))
        | ((points >= 0x30) & (points <= 0x39))
        | ((points | 0x20) >= 0x61) & ((points | 0x20) <= 0x7A)
    )
    offsets = np.flatnonzero(keep)
    return points[offsets].astype(np.uint64), offsets


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


def member(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values ∈ sorted_values, elementwise (np.isin re-sorts the large side on every call)."""
    if not len(sorted_values):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[at] == values


class CopyIndex:
    def __init__(
        self,
        docs: list[IndexedDoc],
        fp_hash: np.ndarray,
        fp_doc: np.ndarray,
        boiler: np.ndarray,
        unit_grams: Any = None,
    ):
        """`unit_grams`: every 5-gram (sorted) and the number of units using it, when built here
        (a (values, counts) pair), or copy_growth's `UnitGrams` when loaded to add and remove
        documents one at a time."""
        self.docs = docs
        self.fp_hash, self.fp_doc, self.boiler = fp_hash, fp_doc, boiler
        self.unit_grams = unit_grams

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
        values, counts = np.zeros(0, np.uint64), np.zeros(0, np.int64)
        if unit_grams:
            values, counts = np.unique(np.concatenate(unit_grams), return_counts=True)
        boiler = values[counts >= boilerplate_units(len(unit_grams))]
        return cls(docs, fp_hash[order], fp_doc[order], boiler, (values, counts.astype(np.uint32)))

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
        h = h[~member(self.boiler, h)]
        if not len(h) or not len(self.fp_hash):
            return []
        left = np.searchsorted(self.fp_hash, h, "left")
        right = np.searchsorted(self.fp_hash, h, "right")
        found = left < right
        left, lengths = left[found], (right - left)[found]
        if not len(left):
            return []
        # every posting of every matched gram, without a Python loop
        starts = np.repeat(left - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        postings = self.fp_doc[starts + np.arange(int(lengths.sum()))]
        counts = np.bincount(postings, minlength=len(self.docs))
        docs = np.flatnonzero(counts)
        order = np.argsort(-counts[docs], kind="stable")
        ranked = []
        for d in docs[order].tolist():
            if not skip(self.docs[d]):
                ranked.append(d)
                if len(ranked) == CANDIDATES:
                    break
        return ranked


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
        in_doc, boiler = member(item[3], h), member(index.boiler, h)
        counted = int((~boiler).sum())
        run_start, run_len, own_grams = _longest_run(in_doc, ~boiler)
        span = own_grams + NGRAM - 1 if own_grams else 0  # boilerplate inside the run not counted
        share = (in_doc & ~boiler).sum() / counted if counted else 0.0
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
        f"此段与{doc.unit or '其他单位'}{year}《{doc.title}》雷同：连续相同{run_len + NGRAM - 1}字，"
        f"共有{round(share * 100)}%的内容相同"
    )
    hint = "用本单位的实际做法和数据重写此段，不要照搬其他单位的报告"
    return Finding(key, at + a, at + b, "warning", message, hint, kind="copy", source=source)


def _longest_run(mask: np.ndarray, counts: np.ndarray) -> tuple[int, int, int]:
    """(start, length, counted) of the run of True in `mask` with the most True in `counts`."""
    best = (0, 0, 0)
    start = None
    flags = mask.tolist() + [False]
    for i, value in enumerate(flags):
        if value and start is None:
            start = i
        elif not value and start is not None:
            counted = int(counts[start:i].sum())
            if counted > best[2]:
                best = (start, i - start, counted)
            start = None
    return best


def _source_passage(run: np.ndarray, item: tuple[str, np.ndarray, np.ndarray, np.ndarray]) -> str:
    """The source's own text for the shared run (its punctuation kept), or '' if not contiguous."""
    text, codes, offsets, _ = item
    needle = "".join(map(chr, run.tolist()))
    hay = "".join(map(chr, codes.tolist()))
    pos = hay.find(needle)
    if pos < 0 or not needle:
        return ""
    return text[int(offsets[pos]) : int(offsets[pos + len(needle) - 1]) + 1]
