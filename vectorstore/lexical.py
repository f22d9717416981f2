"""The BM25 side: jieba tokens → a bm25s index over every chunk (persisted by vectorstore.index)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from assistant.text import jieba_cache

log = logging.getLogger(__name__)

# Terms of art that jieba's general dictionary splits; kept whole so an exact-term query finds them.
DOMAIN_TERMS = (
    "法治政府",
    "依法行政",
    "行政复议",
    "行政诉讼",
    "行政应诉",
    "出庭应诉",
    "合法性审核",
    "合法性审查",
    "规范性文件",
    "重大行政决策",
    "第一责任人",
    "行政执法",
    "执法监督",
    "三项制度",
    "放管服",
    "营商环境",
    "权责清单",
    "备案审查",
    "法律顾问",
    "公职律师",
    "普法",
    "学法",
    "述法",
    "非法集资",
    "信访",
    "矛盾纠纷",
    "政务公开",
    "信息公开",
    "习近平法治思想",
    "谁执法谁普法",
    "宪法日",
    "第一议题",
)
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 是 对 为 以 将 并 把 从 中 上 下 年 进一步 加强 工作 开展 推进".split()
)
_jieba_ready = False
_cache_dir: Path | None = None  # where jieba keeps its dictionary cache, once a library says so


def use_cache_dir(cache_dir: Path) -> None:
    """Where jieba will cache its dictionary when it is first needed (nothing is imported now)."""
    global _cache_dir
    _cache_dir = cache_dir


def _jieba(cache_dir: Path | None = None):  # noqa: ANN202 - jieba has no type stubs
    global _jieba_ready
    import jieba

    cache_dir = cache_dir or _cache_dir
    if not _jieba_ready:
        jieba.setLogLevel(logging.WARNING)
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = str(cache_dir)
        jieba_cache.initialize(jieba.dt, cache_dir)  # the prefix dictionary from a pickle when cached
        for term in DOMAIN_TERMS:
            jieba.add_word(term, freq=200000)
        _jieba_ready = True
    return jieba


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens: long words and their parts, no punctuation, no stopwords."""
    tokens = _jieba().lcut_for_search(text.lower())
    return [t for t in tokens if _WORD.search(t) and t not in _STOPWORDS and t.strip()]


def warm_up(cache_dir: Path) -> None:
    _jieba(cache_dir).initialize()


class LexicalIndex:
    """bm25s over chunk texts, addressed by chunk id."""

    def __init__(self, ids: Sequence[str], bm25: object | None) -> None:
        self.ids = list(ids)
        self._bm25 = bm25
        self.position = {cid: i for i, cid in enumerate(self.ids)}

    @classmethod
    def build(cls, ids: Sequence[str], texts: Iterable[str]) -> LexicalIndex:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
        corpus = [tokenize(t) or ["∅"] for t in texts]
        if not corpus:
            return cls([], None)
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        return cls(ids, bm25)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk (zeros where no query token occurs), in `ids` order."""
        if self._bm25 is None or not query_tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        vocab = self._bm25.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    def save(self, directory: Path) -> None:
        if self._bm25 is not None:
            self._bm25.save(str(directory / "bm25"), show_progress=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, directory: Path, ids: Sequence[str]) -> LexicalIndex:
        bm25 = None
        if (directory / "bm25").exists():
            import bm25s

            bm25 = bm25s.BM25.load(str(directory / "bm25"))
        return cls(ids, bm25)
