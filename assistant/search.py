"""Hybrid precedent search: dense (Chroma, or exact scores over the filtered rows of the index's
vector mirror) ∥ lexical (jieba BM25), fused by reciprocal rank, near-duplicates collapsed."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.errors import AssistantError
from assistant.library.facade import Library
from assistant.limits import MAX_PASSAGE_CHARS, MAX_QUERY_CHARS
from assistant.parsing.units import normalise_level
from assistant.types import LEVELS, SEARCH_MODES, SECTION_KEYS, Hit
from vectorstore.index import ChunkIndex
from vectorstore.lexical import tokenize

log = logging.getLogger(__name__)

RRF_K = 60
DUPLICATE_JACCARD = 0.8
RECHECK_SECONDS = 1.0
SUBSET_FRACTION = 0.25  # below this share of rows, score just the filtered rows of the vector mirror
_NOT_TEXT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class SearchFilters:
    sections: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    unit: str = ""  # substring of the unit or the title
    levels: tuple[str, ...] = ()  # 省/市/县/乡镇/部门 (or the English keys province, city, …)

    def validate(self) -> None:
        unknown = [s for s in self.sections if s not in SECTION_KEYS]
        if unknown:
            raise AssistantError(f"未知的部分“{'、'.join(unknown)}”。可选：{'、'.join(SECTION_KEYS)}。")
        bad_levels = [v for v in self.levels if not normalise_level(v)]
        if bad_levels:
            raise AssistantError(
                f"未知的层级“{'、'.join(bad_levels)}”。可选：{'、'.join(LEVELS)}"
                "（或 province、city、district-county、township、department）。"
            )
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise AssistantError(f"起始年度 {self.year_from} 晚于截止年度 {self.year_to}，请调换后重试。")


class PrecedentSearch:
    def __init__(self, library: Library, recheck_seconds: float = RECHECK_SECONDS) -> None:
        """`recheck_seconds`: how long a search may reuse the index without asking the library
        whether Chroma changed under it (0 = ask on every search)."""
        self.library = library
        self.recheck_seconds = recheck_seconds
        self._index: ChunkIndex | None = None
        self._index_revision = -1
        self._index_checked = 0.0

    def current_index(self) -> ChunkIndex:
        """The library's search index. `Library.index()` re-checks Chroma (a chunk count, ~4 ms at
        100k chunks), so it is asked at once when this process changed the library (the revision
        moved) and otherwise at most once per `recheck_seconds` (changes made by another process)."""
        revision = self.library.store.revision
        now = time.monotonic()
        stale = revision != self._index_revision or now - self._index_checked >= self.recheck_seconds
        if self._index is None or stale:
            self._index, self._index_revision, self._index_checked = self.library.index(), revision, now
        return self._index

    def search(
        self, query: str, k: int = 5, filters: SearchFilters = SearchFilters(), mode: str = "hybrid"
    ) -> list[Hit]:
        query = query.strip()
        if not query:
            raise AssistantError("查询内容为空：请输入要查找的措辞或主题，例如“行政复议”。")
        if len(query) > MAX_QUERY_CHARS:
            raise AssistantError(
                f"查询内容过长（{len(query)} 字）：请精简到 {MAX_QUERY_CHARS} 字以内，"
                "写出要找的措辞或主题；要找与整段文字相似的范例，请用“查找相似段落”（fazhi similar）。"
            )
        return self._run(query, tokenize(query), k, filters, mode, exclude="")

    def similar(
        self, passage: str, k: int = 5, filters: SearchFilters = SearchFilters(), mode: str = "hybrid"
    ) -> list[Hit]:
        """Passages phrased like `passage` (the passage itself is not returned)."""
        passage = passage.strip()
        if not passage:
            raise AssistantError("段落为空：请粘贴一段文字，查找与之相似的范例。")
        if len(passage) > MAX_PASSAGE_CHARS:
            raise AssistantError(
                f"粘贴的段落过长（{len(passage)} 字）：请只粘贴要对照的一两段，控制在 {MAX_PASSAGE_CHARS} 字以内。"
            )
        tokens = list(dict.fromkeys(tokenize(passage)))[:64]
        return self._run(passage, tokens, k, filters, mode, exclude=passage)

    def _run(
        self, text: str, tokens: list[str], k: int, filters: SearchFilters, mode: str, exclude: str
    ) -> list[Hit]:
        if mode not in SEARCH_MODES:
            raise AssistantError(
                f"未知的检索方式“{mode}”。可选：hybrid（混合）、dense（语义）、lexical（关键词）。"
            )
        filters.validate()
        if k < 1:
            raise AssistantError(f"返回条数 k={k} 无效：请填写 1 或更大的整数。")
        index = self.current_index()
        if len(index) == 0:
            return []
        levels = tuple(normalise_level(v) for v in filters.levels)
        mask = index.mask(filters.sections, filters.year_from, filters.year_to, filters.unit, levels)
        rows = None if mask is None else np.flatnonzero(mask)
        if rows is not None and len(rows) == 0:
            return []
        pool = max(50, k * 10)
        ranked: list[list[tuple[int, float]]] = []
        if mode in ("hybrid", "dense"):
            ranked.append(self._dense(index, text, rows, pool))
        if mode in ("hybrid", "lexical"):
            ranked.append(_top(index.lexical.scores(tokens), rows, pool, floor=0.0))
        scored = _fuse(ranked) if mode == "hybrid" else ranked[0]
        return self._hits(index, scored, tokens, k, exclude)

    def _dense(
        self, index: ChunkIndex, text: str, rows: np.ndarray | None, n: int
    ) -> list[tuple[int, float]]:
        vector = self.library.embedder.embed([text], "query")[0]
        if rows is None:
            return self._chroma_top(index, vector, n)
        if len(rows) < SUBSET_FRACTION * len(index):
            subset = np.take(index.vectors, rows, axis=0)
            return _top(_dot(subset, vector), None, n, floor=-np.inf, ids=rows)
        return _top(_dot(index.vectors, vector), rows, n, floor=-np.inf)

    def _chroma_top(self, index: ChunkIndex, vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        """Unfiltered dense search in Chroma's HNSW index. The collection is queried directly, not
        through ChromaStore.query, whose chunk count would repeat the index's staleness check."""
        try:
            found = self.library.store.chunks.query(
                query_embeddings=[vector.tolist()], n_results=min(n, len(index)), include=["distances"]
            )
        except Exception as exc:  # noqa: BLE001 - e.g. rows removed under the query by another process
            # The index holds a mirror of every vector it serves: exact scores answer the same question.
            log.info("chroma query failed (%s); scoring the index's vectors instead", exc)
            return _top(_dot(index.vectors, vector), None, n, floor=-np.inf)
        position = index.position
        pairs = zip(found["ids"][0], found["distances"][0], strict=True)
        return [(position[cid], 1.0 - float(d)) for cid, d in pairs if cid in position]

    def _hits(
        self, index: ChunkIndex, scored: list[tuple[int, float]], tokens: list[str], k: int, exclude: str
    ) -> list[Hit]:
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


def _dot(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector in numpy's own loop, not BLAS: OpenBLAS's threads spin after each call and,
    on a 2-core machine, slow the rest of the search (filtered hybrid at 100k chunks: p50 7.8 → 2.4 ms)."""
    return np.einsum("ij,j->i", matrix, vector)


def _top(
    scores: np.ndarray, rows: np.ndarray | None, n: int, floor: float, ids: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """The `n` best (row, score) above `floor`, best first. `scores` covers every row of the index,
    of which only `rows` count (None: all); or, with `ids`, `scores[i]` is the score of row ids[i]."""
    if rows is not None:
        scores, ids = scores[rows], rows
    n = min(n, len(scores))
    if n == 0:
        return []
    best = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    best = best[np.argsort(-scores[best], kind="stable")]
    found = ids[best] if ids is not None else best
    return [(int(r), float(s)) for r, s in zip(found, scores[best], strict=True) if s > floor]


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


# Words in nearly every passage of these reports: highlighted only when the query has nothing else.
GENERIC_WORDS = frozenset(
    "法治 政府 法治政府 建设 推进 行政 工作 主要 情况 年度 举措 成效 加强 进一步 全面 依法 有关 开展 落实".split()
)


def highlight_spans(text: str, tokens: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Merged [start, end) spans of every occurrence of a query word (2+ characters) in text."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    words = {t for t in tokens if len(t) >= 2}
    words = (words - GENERIC_WORDS) or words
    for token in words:
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
        "level": c.level,
        "heading_path": list(c.heading_path),
        "highlights": [list(span) for span in hit.highlights],
    }
