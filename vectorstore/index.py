"""The derived search index, persisted beside Chroma and rebuilt from it when stale.

Chroma stays the source of truth. This index holds, in chunk order: the chunk metadata as
numpy arrays (so a section/year/unit filter is a boolean mask, not a Chroma `where` scan),
a float32 mirror of the vectors (exact dense scores over the filtered rows), and the BM25 side.
It records the library state it was built from (revision, chunk count, collection)."""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.types import Chunk

from .chroma_store import ChromaStore
from .lexical import LexicalIndex

log = logging.getLogger(__name__)


@dataclass
class ChunkIndex:
    chunks: list[Chunk]
    vectors: np.ndarray  # (n, dim) float32, L2-normalised
    lexical: LexicalIndex
    sections: np.ndarray  # (n,) <U12
    years: np.ndarray  # (n,) int32, 0 = unknown
    units: np.ndarray  # (n,) str: unit + title, for the unit substring filter
    levels: np.ndarray | None = None  # (n,) str: the document's level (省/市/县/乡镇/部门)

    def __post_init__(self) -> None:
        self.position = {c.id: i for i, c in enumerate(self.chunks)}
        # Few distinct sections and units: filters test each distinct value once, then gather.
        self._section_values, self._section_codes = _codes(self.sections)
        self._unit_values, self._unit_codes = _codes(self.units)
        if self.levels is None:
            self.levels = np.array([c.level for c in self.chunks], dtype=object)
        self._level_values, self._level_codes = _codes(self.levels)

    def __len__(self) -> int:
        return len(self.chunks)

    @classmethod
    def build(cls, chunks: Sequence[Chunk], vectors: np.ndarray) -> ChunkIndex:
        chunks = list(chunks)
        lexical = LexicalIndex.build([c.id for c in chunks], [c.text for c in chunks])
        return cls.assemble(chunks, vectors, lexical)

    @classmethod
    def assemble(cls, chunks: list[Chunk], vectors: np.ndarray, lexical: LexicalIndex) -> ChunkIndex:
        return cls(
            chunks=chunks,
            vectors=np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(chunks), -1),
            lexical=lexical,
            sections=np.array([c.section for c in chunks], dtype="<U12"),
            years=np.array([c.year or 0 for c in chunks], dtype=np.int32),
            units=np.array([f"{c.unit}\t{c.title}" for c in chunks], dtype=object),
        )

    @classmethod
    def from_store(cls, store: ChromaStore) -> ChunkIndex:
        started = time.perf_counter()
        levels = {d.id: str(d.meta.get("level") or "") for d in store.list_documents()}
        pairs = [
            (replace(c, level=levels.get(c.doc_id, "")), v) for c, v in store.iter_chunks(with_vectors=True)
        ]
        pairs.sort(key=lambda p: p[0].id)
        vectors = (
            np.vstack([v for _, v in pairs if v is not None])
            if pairs
            else np.zeros((0, store.dim), np.float32)
        )
        index = cls.build([c for c, _ in pairs], vectors)
        log.info(
            "search index rebuilt from Chroma: %d chunks in %.2fs", len(pairs), time.perf_counter() - started
        )
        return index

    def mask(
        self,
        sections: Sequence[str] = (),
        year_from: int | None = None,
        year_to: int | None = None,
        unit: str = "",
        levels: Sequence[str] = (),
    ) -> np.ndarray | None:
        """Rows that pass the filters, or None when nothing is filtered."""
        keep = np.ones(len(self), dtype=bool)
        if sections:
            wanted = set(sections)
            keep &= _select(self._section_values, self._section_codes, lambda v: v in wanted)
        if year_from is not None:
            keep &= self.years >= year_from
        if year_to is not None:
            keep &= self.years <= year_to
        if unit:
            keep &= _select(self._unit_values, self._unit_codes, lambda v: unit in v)
        if levels:
            wanted_levels = set(levels)
            keep &= _select(self._level_values, self._level_codes, lambda v: v in wanted_levels)
        filtered = sections or unit or year_from or year_to or levels
        return None if keep.all() and not filtered else keep

    # --- persistence --------------------------------------------------------------------------
    def save(self, directory: Path, manifest: dict) -> None:
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        np.save(tmp / "vectors.npy", self.vectors)
        rows = [_chunk_row(c) for c in self.chunks]
        (tmp / "chunks.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        self.lexical.save(tmp)
        (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        shutil.rmtree(directory, ignore_errors=True)
        tmp.rename(directory)

    @classmethod
    def load(cls, directory: Path, manifest: dict) -> ChunkIndex | None:
        """The saved index if it was built from the library state `manifest` describes, else None."""
        try:
            if json.loads((directory / "manifest.json").read_text(encoding="utf-8")) != manifest:
                return None
            rows = json.loads((directory / "chunks.json").read_text(encoding="utf-8"))
            chunks = [_row_chunk(r) for r in rows]
            vectors = np.load(directory / "vectors.npy")
            lexical = LexicalIndex.load(directory, [c.id for c in chunks])
        except (OSError, ValueError, KeyError) as exc:
            log.info("search index at %s not usable (%s); rebuilding", directory, exc)
            return None
        return cls.assemble(chunks, vectors, lexical)


def _codes(values: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Distinct values (first-seen order) and, per row, the number of its value."""
    numbers: dict[str, int] = {}
    codes = np.fromiter((numbers.setdefault(v, len(numbers)) for v in values), np.int32, count=len(values))
    return list(numbers), codes


def _select(values: list[str], codes: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Rows whose value passes `test`, testing each distinct value once."""
    passes = np.fromiter((test(v) for v in values), dtype=bool, count=len(values))
    return passes[codes] if len(codes) else np.zeros(0, dtype=bool)


def _chunk_row(c: Chunk) -> list:
    row = [c.id, c.doc_id, c.text, c.title, c.unit, c.year or 0, c.section, list(c.heading_path), c.position]
    return [*row, c.level]


def _row_chunk(r: list) -> Chunk:
    level = str(r[9]) if len(r) > 9 else ""
    return Chunk(r[0], r[1], r[2], r[3], r[4], r[5] or None, r[6], tuple(r[7]), r[8], level)
