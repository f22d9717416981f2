"""Hybrid precedent search: dense (Chroma, or exact scores over the filtered rows of the index's
vector mirror) ∥ lexical (jieba BM25), fused by reciprocal rank, near-duplicates collapsed."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from vectorstore.lexical import tokenize

from .errors import AssistantError
from .library import Library
from .types import SECTION_KEYS, Hit

log = logging.getLogger(__name__)

MODES = ("hybrid", "dense", "lexical")
RRF_K = 60
DUPLICATE_JACCARD = 0.8
_NOT_TEXT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class SearchFilters:
    sections: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    unit: str = ""  # substring of the unit or the title

    def validate(self) -> None:
        unknown = [s for s in self.sections if s not in SECTION_KEYS]
        if unknown:
            raise AssistantError(f"未知的部分“{'、'.join(unknown)}”。可选：{'、'.join(SECTION_KEYS)}。")
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise AssistantError(f"起始年度 {self.year_from} 晚于截止年度 {self.year_to}，请调换后重试。")


class PrecedentSearch:
    def __init__(self, library: Library) -> None:
        self.library = library

    def search(
        self, query: str, k: int = 5, filters: SearchFilters = SearchFilters(), mode: str = "hybrid"
    ) -> list[Hit]:
        query = query.strip()
        if not query:
            raise AssistantError("查询内容为空：请输入要查找的措辞或主题，例如“行政复议”。")
        return self._run(query, tokenize(query), k, filters, mode, exclude="")

    def similar(
        self, passage: str, k: int = 5, filters: SearchFilters = SearchFilters(), mode: str = "hybrid"
    ) -> list[Hit]:
        """Passages phrased like `passage` (the passage itself is not returned)."""
        passage = passage.strip()
        if not passage:
            raise AssistantError("段落为空：请粘贴一段文字，查找与之相似的范例。")
        tokens = list(dict.fromkeys(tokenize(passage)))[:64]
        return self._run(passage, tokens, k, filters, mode, exclude=passage)

    def _run(
        self, text: str, tokens: list[str], k: int, filters: SearchFilters, mode: str, exclude: str
    ) -> list[Hit]:
        if mode not in MODES:
            raise AssistantError(f"未知的检索方式“{mode}”。可选：hybrid（混合）、dense（语义）、lexical（关键词）。")
        filters.validate()
        index = self.library.index()
        if len(index) == 0:
            return []
        mask = index.mask(filters.sections, filters.year_from, filters.year_to, filters.unit)
        pool = max(50, k * 10)
        ranked: list[list[tuple[int, float]]] = []
        if mode in ("hybrid", "dense"):
            ranked.append(self._dense(text, mask, pool))
        if mode in ("hybrid", "lexical"):
            ranked.append(_top(index.lexical.scores(tokens), mask, pool, positive=True))
        scored = _fuse(ranked) if mode == "hybrid" else ranked[0]
        return self._hits(scored, tokens, k, exclude)

    def _dense(self, text: str, mask: np.ndarray | None, pool: int) -> list[tuple[int, float]]:
        index = self.library.index()
        vector = self.library.embedder.embed([text], "query")[0]
        if mask is None:
            found = self.library.store.query(vector, pool)
            return [(index.position[cid], score) for cid, score in found if cid in index.position]
        return _top(index.vectors @ vector, mask, pool, positive=False)

    def _hits(self, scored: list[tuple[int, float]], tokens: list[str], k: int, exclude: str) -> list[Hit]:
        index = self.library.index()
        kept: list[Hit] = []
        seen = [_shingles(exclude)] if exclude else []
        for row, score in scored:
            chunk = index.chunks[row]
            shingles = _shingles(chunk.text)
            if any(_jaccard(shingles, other) >= DUPLICATE_JACCARD for other in seen):
                continue
            seen.append(shingles)
            kept.append(Hit(chunk, round(float(score), 6), highlight_spans(chunk.text, tokens)))
            if len(kept) == k:
                break
        return kept


def _top(scores: np.ndarray, mask: np.ndarray | None, n: int, positive: bool) -> list[tuple[int, float]]:
    scores = scores.astype(np.float32, copy=True)
    if mask is not None:
        scores[~mask] = -np.inf
    n = min(n, len(scores))
    rows = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    rows = rows[np.argsort(-scores[rows], kind="stable")]
    floor = 0.0 if positive else -np.inf
    return [(int(r), float(scores[r])) for r in rows if scores[r] > floor]


def _fuse(rankings: Sequence[list[tuple[int, float]]]) -> list[tuple[int, float]]:
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (row, _) in enumerate(ranking):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def _shingles(text: str) -> set[str]:
    flat = _NOT_TEXT.sub("", text)
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def highlight_spans(text: str, tokens: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Merged [start, end) spans of every occurrence of a query word (2+ characters) in text."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for token in {t for t in tokens if len(t) >= 2}:
        for match in re.finditer(re.escape(token.lower()), lowered):
            spans.append((match.start(), match.end()))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def hit_to_dict(hit: Hit) -> dict:
    """The `fazhi search --json` contract for one hit."""
    c = hit.chunk
    return {
        "text": c.text,
        "score": hit.score,
        "doc_id": c.doc_id,
        "title": c.title,
        "unit": c.unit,
        "year": c.year,
        "section": c.section,
        "heading_path": list(c.heading_path),
        "highlights": [list(span) for span in hit.highlights],
    }
